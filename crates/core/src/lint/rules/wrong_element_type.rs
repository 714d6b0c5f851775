use crate::lint::json::{Node, Value};
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// An element has the wrong JSON type.
    WrongElementType {
        code: "BR012",
        name: "wrong-element-type",
        severity: Error,
        summary: "An element has the wrong JSON type.",
        what_it_does: "Checks the JSON type of every element: the document and each statement are objects; `Version`, `Id`, `Sid` and `Effect` are strings; `Statement` is an object or an array of objects; `Action`, `NotAction`, `Resource` and `NotResource` are a string or an array of strings; `Principal` is `\"*\"` or an object of strings or arrays of strings; `Condition` is an object of operator objects whose values are strings, booleans, numbers or arrays of them.",
        why_it_matters: "IAM rejects a document whose elements have the wrong type; the usual causes are a statement written as an array of arrays, a principal given as a bare ARN string, or a condition value given as an object.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "arn:aws:iam::111122223333:root", "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "a1b2c3"}}}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "a1b2c3"}}}]}"#,
        references: ["IAM User Guide: Grammar of the IAM JSON policy language"],
    }
}

fn wrong(node: &Node, element: &str, want: &str, out: &mut Vec<Diagnostic>) {
    out.push(Diagnostic::at(
        node,
        format!("`{element}` is {}, not {want}", node.type_name()),
        format!("write `{element}` as {want}"),
    ));
}

fn string_or_strings(node: &Node, element: &str, out: &mut Vec<Diagnostic>) {
    match &node.value {
        Value::String(_) => {}
        Value::Array(items) => {
            for item in items.iter().filter(|i| i.as_str().is_none()) {
                wrong(item, element, "a string", out);
            }
        }
        _ => wrong(node, element, "a string or an array of strings", out),
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(root) = cx.root else { return };
    if root.as_object().is_none() {
        out.push(Diagnostic::at(
            root,
            format!("the document is {}, not a policy object", root.type_name()),
            "write the policy as an object with `Version` and `Statement`",
        ));
        return;
    }
    for key in ["Version", "Id"] {
        if let Some(m) = root.get(key).filter(|m| m.value.as_str().is_none()) {
            wrong(&m.value, key, "a string", out);
        }
    }
    if let Some(m) = root.get("Statement") {
        match &m.value.value {
            Value::Object(_) => {}
            Value::Array(items) => {
                for item in items.iter().filter(|i| i.as_object().is_none()) {
                    wrong(item, "Statement", "an object", out);
                }
            }
            _ => wrong(&m.value, "Statement", "an array of statement objects", out),
        }
    }
    for s in cx.statements() {
        for key in ["Sid", "Effect"] {
            if let Some(m) = s.get(key).filter(|m| m.value.as_str().is_none()) {
                wrong(&m.value, key, "a string", out);
            }
        }
        for key in ["Action", "NotAction", "Resource", "NotResource"] {
            if let Some(m) = s.get(key) {
                string_or_strings(&m.value, key, out);
            }
        }
        for key in ["Principal", "NotPrincipal"] {
            let Some(m) = s.get(key) else { continue };
            match &m.value.value {
                Value::String(p) if p == "*" => {}
                Value::String(p) => out.push(Diagnostic::at(
                    &m.value,
                    format!("`{key}` is the string `{p}`; only `*` may stand alone"),
                    format!("name the principal's type, e.g. `\"{key}\": {{\"AWS\": \"{p}\"}}`"),
                )),
                Value::Object(members) => {
                    for p in members {
                        string_or_strings(&p.value, &p.key, out);
                    }
                }
                _ => wrong(&m.value, key, "an object of principal types", out),
            }
        }
        if let Some(m) = s.get("Condition") {
            let Some(operators) = m.value.as_object() else {
                wrong(&m.value, "Condition", "an object of condition operators", out);
                continue;
            };
            for op in operators {
                let Some(keys) = op.value.as_object() else {
                    wrong(&op.value, &op.key, "an object of condition keys", out);
                    continue;
                };
                for k in keys {
                    let scalar = |n: &Node| matches!(n.value, Value::String(_) | Value::Bool(_) | Value::Number(_));
                    match &k.value.value {
                        Value::Array(items) => {
                            for item in items.iter().filter(|i| !scalar(i)) {
                                wrong(item, &k.key, "a string, a boolean or a number", out);
                            }
                        }
                        _ if scalar(&k.value) => {}
                        _ => wrong(
                            &k.value,
                            &k.key,
                            "a string, a boolean, a number or an array of them",
                            out,
                        ),
                    }
                }
            }
        }
    }
}
