use crate::lint::json::Member;
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// An element IAM does not know.
    UnknownElement {
        code: "BR011",
        name: "unknown-element",
        severity: Error,
        summary: "The document, a statement or a principal has an element IAM does not know.",
        what_it_does: "Reports top-level keys other than `Version`, `Id` and `Statement`; statement keys other than `Sid`, `Effect`, `Principal`, `NotPrincipal`, `Action`, `NotAction`, `Resource`, `NotResource` and `Condition`; and principal types other than `AWS`, `Federated`, `Service` and `CanonicalUser`. Names are case-sensitive.",
        why_it_matters: "IAM rejects unknown elements; a misspelt one (`Actions`, `condition`) is the usual cause.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Actions": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        references: [
            "IAM User Guide: IAM JSON policy element reference",
            "IAM User Guide: Grammar of the IAM JSON policy language",
            "IAM Access Analyzer policy check reference: Error – Invalid policy element",
        ],
    }
}

const TOP: &[&str] = &["Version", "Id", "Statement"];
const STATEMENT: &[&str] = &[
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];
const PRINCIPAL: &[&str] = &["AWS", "Federated", "Service", "CanonicalUser"];

fn report(members: &[Member], known: &[&str], what: &str, out: &mut Vec<Diagnostic>) {
    for m in members {
        if known.contains(&m.key.as_str()) {
            continue;
        }
        let near = known
            .iter()
            .find(|k| k.eq_ignore_ascii_case(&m.key) || k.eq_ignore_ascii_case(m.key.trim_end_matches('s')));
        let help = match near {
            Some(k) => format!("write `{k}`"),
            None => format!("remove it; {what} elements are {}", list(known)),
        };
        out.push(Diagnostic::at_key(
            m,
            format!("`{}` is not {what} element", m.key),
            help,
        ));
    }
}

fn list(known: &[&str]) -> String {
    known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(root) = cx.root else { return };
    if let Some(members) = root.as_object() {
        report(members, TOP, "a policy", out);
    }
    for s in cx.statements() {
        report(s.node.as_object().unwrap_or_default(), STATEMENT, "a statement", out);
        for key in ["Principal", "NotPrincipal"] {
            if let Some(members) = s.get(key).and_then(|m| m.value.as_object()) {
                report(members, PRINCIPAL, "a principal", out);
            }
        }
    }
}
