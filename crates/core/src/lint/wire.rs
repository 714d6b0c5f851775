//! A lint's outcome as one line of JSON and back. The page lints a pasted policy in a Web
//! Worker, and what crosses between the worker and the page is text: the worker encodes the
//! kind the document was checked as and its findings, and the page decodes them into the
//! findings the linter made, the code and name of each being its rule's again.

use serde::{Deserialize, Serialize};

use super::{rules, Finding, PolicyKind, Severity};

#[derive(Serialize, Deserialize)]
struct Outcome {
    kind: String,
    findings: Vec<WireFinding>,
}

#[derive(Serialize, Deserialize)]
struct WireFinding {
    code: String,
    severity: String,
    message: String,
    help: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    pointer: String,
}

/// The kind a document was checked as and its findings, as JSON.
pub fn encode(kind: PolicyKind, findings: &[Finding]) -> String {
    let outcome = Outcome {
        kind: kind.id().to_owned(),
        findings: findings
            .iter()
            .map(|f| WireFinding {
                code: f.code.to_owned(),
                severity: f.severity.id().to_owned(),
                message: f.message.clone(),
                help: f.help.clone(),
                line: f.line,
                column: f.column,
                end_line: f.end_line,
                end_column: f.end_column,
                pointer: f.pointer.clone(),
            })
            .collect(),
    };
    // A struct of strings and numbers always serializes.
    serde_json::to_string(&outcome).unwrap_or_default()
}

/// What [`encode`] wrote, or `None` when `text` is not that (a kind, a rule or a severity this
/// linter does not have).
pub fn decode(text: &str) -> Option<(PolicyKind, Vec<Finding>)> {
    let outcome: Outcome = serde_json::from_str(text).ok()?;
    let kind = PolicyKind::from_id(&outcome.kind)?;
    let findings = outcome
        .findings
        .into_iter()
        .map(|f| {
            let rule = rules::find(&f.code)?;
            let severity = Severity::ALL.into_iter().find(|s| s.id() == f.severity)?;
            Some(Finding {
                code: rule.code(),
                name: rule.name(),
                severity,
                message: f.message,
                help: f.help,
                line: f.line,
                column: f.column,
                end_line: f.end_line,
                end_column: f.end_column,
                pointer: f.pointer,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some((kind, findings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{lint_detecting, Options};

    #[test]
    fn every_fixture_s_findings_come_back_as_the_linter_made_them() {
        let mut compared = 0;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lint_fixtures");
        for rule in std::fs::read_dir(root).unwrap() {
            for file in std::fs::read_dir(rule.unwrap().path()).unwrap() {
                let path = file.unwrap().path();
                if path.extension().is_none_or(|e| e != "json") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let (kind, findings) = lint_detecting(&text, &Options::default());
                let decoded = decode(&encode(kind, &findings)).unwrap();
                assert_eq!(decoded, (kind, findings), "{}", path.display());
                compared += 1;
            }
        }
        assert!(compared > 100, "only {compared} fixtures");
    }

    #[test]
    fn an_unknown_rule_or_kind_is_refused() {
        let (kind, findings) = lint_detecting("{", &Options::default());
        assert!(!findings.is_empty());
        let good = encode(kind, &findings);
        let code = findings[0].code;
        assert_eq!(decode(&good.replace(code, "BR999")), None);
        assert_eq!(decode(&good.replacen(kind.id(), "other", 1)), None);
        assert_eq!(decode("not json"), None);
    }
}
