use std::collections::HashSet;

use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// An object has the same key twice.
    DuplicateKey {
        code: "BR016",
        name: "duplicate-key",
        severity: Error,
        summary: "An object holds the same key twice.",
        what_it_does: "Reports every key that repeats an earlier key of the same object, anywhere in the document.",
        why_it_matters: "JSON parsers keep one of the two values and silently drop the other, so what IAM enforces may not be what the reader sees; IAM Access Analyzer reports duplicate keys as an error.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::my-bucket/*"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::my-bucket/*"}]}"#,
        references: ["RFC 8259, section 4: names within an object should be unique", "IAM Access Analyzer policy check reference"],
    }
}

/// Objects with at most this many keys are checked without a set.
const SMALL_OBJECT: usize = 16;

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for node in cx.nodes() {
        let Some(members) = node.as_object() else { continue };
        // A policy's objects hold a handful of keys, compared with each other in place; a
        // large object gets a set, so that N keys cost N look-ups.
        let mut seen = HashSet::new();
        for (i, m) in members.iter().enumerate() {
            let repeated = if members.len() <= SMALL_OBJECT {
                members
                    .get(..i)
                    .unwrap_or_default()
                    .iter()
                    .any(|earlier| earlier.key == m.key)
            } else {
                !seen.insert(m.key.as_str())
            };
            if repeated {
                out.push(Diagnostic::at_key(
                    m,
                    format!("`{}` appears twice in the same object", m.key),
                    "merge the values into one key; only one of them would count",
                ));
            }
        }
    }
}
