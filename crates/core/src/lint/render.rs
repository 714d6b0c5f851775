//! Renders findings as compiler-style diagnostics with the offending line:
//!
//! ```text
//! error[BR104]: `s3:ListBucket` acts on buckets, but no resource of this statement is one
//!   --> policy.json:6:17
//!    |
//!  6 |       "Action": "s3:ListBucket",
//!    |                 ^^^^^^^^^^^^^^^
//!    = help: add the bucket ARN `arn:aws:s3:::my-bucket` to `Resource`
//! ```

use std::fmt::Write as _;

use super::Finding;

/// One finding, rendered against the text it was found in.
pub fn render(file: &str, text: &str, finding: &Finding) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}[{}]: {} ({})",
        finding.severity, finding.code, finding.message, finding.name
    );
    let _ = writeln!(s, "  --> {file}:{}:{}", finding.line, finding.column);
    let line_text = text
        .split('\n')
        .nth(finding.line.saturating_sub(1))
        .unwrap_or_default()
        .trim_end_matches('\r');
    let number = finding.line.to_string();
    let pad = " ".repeat(number.len());
    let _ = writeln!(s, " {pad} |");
    let _ = writeln!(s, " {number} | {line_text}");
    let width = line_text.chars().count();
    let start = finding.column.saturating_sub(1).min(width);
    let end = if finding.end_line == finding.line {
        finding.end_column.saturating_sub(1).clamp(start, width)
    } else {
        width
    };
    let carets = (end - start).max(1);
    let indent: String = line_text
        .chars()
        .take(start)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let _ = writeln!(s, " {pad} | {indent}{}", "^".repeat(carets));
    let _ = writeln!(s, " {pad} = help: {}", finding.help);
    s
}

/// Every finding, each followed by a blank line.
pub fn render_all(file: &str, text: &str, findings: &[Finding]) -> String {
    let mut s = String::new();
    for f in findings {
        s.push_str(&render(file, text, f));
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{lint, PolicyKind};

    #[test]
    fn shows_the_line_and_underlines_the_value() {
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:ListBucket\", \"Resource\": \"arn:aws:s3:::b/*\"}]\n}\n";
        let findings = lint(text, Some(PolicyKind::Identity));
        let finding = findings.iter().find(|f| f.name == "action-resource-mismatch");
        let out = render("p.json", text, finding.unwrap_or_else(|| panic!("{findings:?}")));
        assert!(out.starts_with("error[BR"), "{out}");
        assert!(out.contains("  --> p.json:3:"), "{out}");
        assert!(out.contains(" 3 |   \"Statement\""), "{out}");
        assert!(out.contains("^^^^^^^^^^^^^^^"), "{out}");
        assert!(out.contains("= help: "), "{out}");
    }
}
