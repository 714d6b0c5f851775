use crate::lint::json::{Node, Value};
use crate::lint::policy::{too_long, MAX_VALUE_CHARS};
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// A value longer than IAM accepts.
    ValueTooLong {
        code: "BR502",
        name: "value-too-long",
        severity: Error,
        summary: "An action, resource, principal or condition is longer than the 2,048 characters IAM accepts.",
        what_it_does: "Reports every string in `Action`, `NotAction`, `Resource`, `NotResource`, `Principal`, `NotPrincipal` and `Condition` (keys and values) longer than 2,048 characters, the length of the longest ARN. Other rules do not look at such a value any further.",
        why_it_matters: "No ARN, action or condition value that IAM accepts is that long, so the policy is rejected; such a value is usually text pasted into the wrong place, and matching it against patterns would only slow the linter down.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/aaaaaaaa… (2,100 characters)"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}]}"#,
        references: ["IAM API Reference: ARNs are at most 2,048 characters (for example `PolicyArn`, `RoleArn`)"],
    }
}

/// The elements whose strings IAM matches; keys of `Condition` too.
const ELEMENTS: &[&str] = &[
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Principal",
    "NotPrincipal",
    "Condition",
];

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements() {
        for element in ELEMENTS {
            let Some(member) = s.get(element) else { continue };
            for node in member.value.walk() {
                if let Value::String(text) = &node.value {
                    report(text, node, out);
                }
                for m in node.as_object().unwrap_or_default() {
                    if too_long(&m.key) {
                        out.push(Diagnostic::at_key(m, message(&m.key), HELP));
                    }
                }
            }
        }
    }
}

const HELP: &str = "no ARN, action or condition value that IAM accepts is longer than 2,048 characters: check that the value is what you meant to paste";

fn report(text: &str, node: &Node, out: &mut Vec<Diagnostic>) {
    if too_long(text) {
        out.push(Diagnostic::at(node, message(text), HELP));
    }
}

/// The message names the start of the value, not all of it.
fn message(text: &str) -> String {
    let start: String = text.chars().take(40).collect();
    format!(
        "`{start}…` has {} characters, over the {MAX_VALUE_CHARS} IAM accepts",
        text.chars().count()
    )
}
