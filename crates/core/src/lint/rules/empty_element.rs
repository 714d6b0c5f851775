use crate::lint::json::{Node, Value};
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// An empty array or object where IAM needs content.
    EmptyElement {
        code: "BR015",
        name: "empty-element",
        severity: Error,
        summary: "`Statement`, `Action`, `Resource`, `Principal`, `Condition` or one of their parts is empty.",
        what_it_does: "Reports an empty array or object in `Statement`, `Action`, `NotAction`, `Resource`, `NotResource`, `Principal`, `NotPrincipal` or `Condition`, at any depth.",
        why_it_matters: "An empty list names nothing: IAM rejects empty actions, resources and principals, and an empty condition block usually means a condition was lost while editing.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [], "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        references: ["IAM User Guide: Grammar of the IAM JSON policy language"],
    }
}

fn empty(node: &Node) -> bool {
    match &node.value {
        Value::Array(items) => items.is_empty(),
        Value::Object(members) => members.is_empty(),
        _ => false,
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(root) = cx.root else { return };
    let mut report = |node: &Node, element: &str| {
        let what = if node.as_array().is_some() { "array" } else { "object" };
        out.push(Diagnostic::at(
            node,
            format!("`{element}` is an empty {what}"),
            format!("fill in `{element}` or remove it"),
        ));
    };
    if let Some(m) = root.get("Statement") {
        if empty(&m.value) {
            report(&m.value, "Statement");
        }
    }
    for s in cx.statements() {
        for key in [
            "Action",
            "NotAction",
            "Resource",
            "NotResource",
            "Principal",
            "NotPrincipal",
            "Condition",
        ] {
            let Some(m) = s.get(key) else { continue };
            for node in m.value.walk() {
                if empty(node) {
                    let element = match node.pointer.last() {
                        Some(last) if !node.pointer.same(&m.value.pointer) && !node.pointer.is_index() => last,
                        _ => key.to_owned(),
                    };
                    report(node, &element);
                }
            }
        }
    }
}
