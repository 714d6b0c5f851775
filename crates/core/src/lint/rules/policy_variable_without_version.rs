use crate::lint::{declare_rule, Context, Diagnostic};
use crate::policy::{LEGACY_VERSION, VERSION};

declare_rule! {
    /// A policy variable in a document of the legacy language.
    PolicyVariableWithoutVersion {
        code: "BR018",
        name: "policy-variable-without-version",
        severity: Warning,
        summary: "A policy variable such as `${aws:username}` is used without `\"Version\": \"2012-10-17\"`.",
        what_it_does: "Reports `${…}` in a resource or condition value when `Version` is missing or `2008-10-17`.",
        why_it_matters: "Policy variables exist only in the `2012-10-17` language; otherwise `${aws:username}` is matched as literal text and the statement covers nothing.",
        example: r#"{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/home/${aws:username}/*"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/home/${aws:username}/*"}]}"#,
        references: ["IAM User Guide: IAM policy elements: Variables and tags"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(doc) = cx.document.as_ref() else { return };
    let version = doc.get("Version").and_then(|m| m.value.as_str());
    if version == Some(VERSION) || version.is_some_and(|v| v != LEGACY_VERSION) {
        return;
    }
    for s in cx.statements() {
        let mut values = s.resources();
        values.extend(s.not_resources());
        for c in s.conditions() {
            values.extend(c.values().into_iter().filter_map(|n| n.as_str().map(|v| (v, n))));
        }
        for (value, node) in values {
            if value.contains("${") {
                out.push(Diagnostic::at(
                    node,
                    format!("`{value}` uses a policy variable, which the legacy policy language reads as text"),
                    "set `\"Version\": \"2012-10-17\"`",
                ));
            }
        }
    }
}
