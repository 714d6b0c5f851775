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

/// How many characters of a long line are shown before a finding's start and after its end,
/// and at most in all.
const WINDOW_BEFORE: usize = 40;
const WINDOW_AFTER: usize = 40;
const WINDOW_MAX: usize = 160;

/// One finding, rendered against the text it was found in.
pub fn render(file: &str, text: &str, finding: &Finding) -> String {
    let line_text = text.split('\n').nth(finding.line.saturating_sub(1)).unwrap_or_default();
    render_at(file, &Line::new(line_text), finding)
}

/// A line's text with where its characters start, so that a window of it is cut out in time
/// proportional to the window, however long the line: a minified policy with thousands of
/// findings on its one line is measured once, not once per finding.
struct Line<'a> {
    text: &'a str,
    /// The byte offset of every character and of the end; empty when the line is ASCII.
    starts: Vec<usize>,
}

impl<'a> Line<'a> {
    fn new(text: &'a str) -> Line<'a> {
        let text = text.trim_end_matches('\r');
        let starts = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(text.len()))
                .collect()
        };
        Line { text, starts }
    }

    /// How many characters it has.
    fn width(&self) -> usize {
        if self.starts.is_empty() {
            self.text.len()
        } else {
            self.starts.len() - 1
        }
    }

    /// Characters `from..to`.
    fn chars(&self, from: usize, to: usize) -> &'a str {
        let byte = |i: usize| {
            if self.starts.is_empty() {
                i.min(self.text.len())
            } else {
                self.starts.get(i).copied().unwrap_or(self.text.len())
            }
        };
        self.text.get(byte(from)..byte(to.max(from))).unwrap_or_default()
    }
}

/// One finding, rendered with the text of its line.
fn render_at(file: &str, line: &Line<'_>, finding: &Finding) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}[{}]: {} ({})",
        finding.severity, finding.code, finding.message, finding.name
    );
    let _ = writeln!(s, "  --> {file}:{}:{}", finding.line, finding.column);
    let number = finding.line.to_string();
    let pad = " ".repeat(number.len());
    let _ = writeln!(s, " {pad} |");
    let width = line.width();
    let start = finding.column.saturating_sub(1).min(width);
    let end = if finding.end_line == finding.line {
        finding.end_column.saturating_sub(1).clamp(start, width)
    } else {
        width
    };
    // A minified policy is one long line: show a window of it around the finding, so that a
    // 1 MB line is never printed once per finding.
    let (from, to) = if width <= WINDOW_MAX {
        (0, width)
    } else {
        let from = start.saturating_sub(WINDOW_BEFORE);
        (
            from,
            width.min(end.max(start + 1) + WINDOW_AFTER).min(from + WINDOW_MAX),
        )
    };
    let shown = line.chars(from, to);
    let (lead, trail) = (if from > 0 { "…" } else { "" }, if to < width { "…" } else { "" });
    let _ = writeln!(s, " {number} | {lead}{shown}{trail}");
    let carets = (end.min(to) - start.min(to)).max(1);
    let indent: String = lead
        .chars()
        .map(|_| ' ')
        .chain(
            line.chars(from, start)
                .chars()
                .map(|c| if c == '\t' { '\t' } else { ' ' }),
        )
        .collect();
    let _ = writeln!(s, " {pad} | {indent}{}", "^".repeat(carets));
    let _ = writeln!(s, " {pad} = help: {}", finding.help);
    s
}

/// Every finding, each followed by a blank line.
pub fn render_all(file: &str, text: &str, findings: &[Finding]) -> String {
    // The lines are split once, and each line that has findings is measured once.
    let lines: Vec<&str> = text.split('\n').collect();
    let mut measured: std::collections::HashMap<usize, Line<'_>> = std::collections::HashMap::new();
    let mut s = String::new();
    for f in findings {
        let index = f.line.saturating_sub(1);
        let line = measured
            .entry(index)
            .or_insert_with(|| Line::new(lines.get(index).copied().unwrap_or_default()));
        s.push_str(&render_at(file, line, f));
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

    #[test]
    fn windows_of_long_non_ascii_lines_cut_at_characters() {
        let text = format!(
            "{{\"Sid\": \"{}\", \"Version\": \"2012-10-17\", \"Statement\": 1}}",
            "é".repeat(500)
        );
        let findings = lint(&text, Some(PolicyKind::Identity));
        let out = render_all("p.json", &text, &findings);
        assert!(!findings.is_empty() && out.contains('…'), "{out}");
        for f in &findings {
            let one = render("p.json", &text, f);
            assert!(out.contains(&one), "{one}");
        }
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_finding() {
        // A minified policy: one line, the mistake far into it.
        let padding = format!("\"Sid\": \"{}\", ", "x".repeat(100_000));
        let text = format!("{{\"Version\": \"2012-10-17\", \"Statement\": [{{{padding}\"Effect\": \"Allow\", \"Action\": \"s3:ListBucket\", \"Resource\": \"arn:aws:s3:::b/*\"}}]}}");
        let findings = lint(&text, Some(PolicyKind::Identity));
        let finding = findings
            .iter()
            .find(|f| f.name == "action-resource-mismatch")
            .unwrap_or_else(|| panic!("{findings:?}"));
        let out = render("p.json", &text, finding);
        assert!(out.len() < 1_000, "{} bytes:\n{out}", out.len());
        let lines: Vec<&str> = out.lines().collect();
        let shown = lines
            .iter()
            .find(|l| l.starts_with(" 1 | "))
            .unwrap_or_else(|| panic!("{out}"));
        assert!(shown.contains("…") && shown.contains("\"s3:ListBucket\""), "{out}");
        // The carets still stand under the value.
        let carets = lines
            .iter()
            .find(|l| l.contains('^'))
            .unwrap_or_else(|| panic!("{out}"));
        let at = carets.chars().position(|c| c == '^').unwrap_or_default();
        let under: String = shown.chars().skip(at).take(15).collect();
        assert_eq!(under, "\"s3:ListBucket\"", "{out}");
    }
}
