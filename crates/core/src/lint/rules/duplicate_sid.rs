use std::collections::HashSet;

use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// Two statements share a `Sid`.
    DuplicateSid {
        code: "BR013",
        name: "duplicate-sid",
        severity: Error,
        summary: "Two statements have the same `Sid`.",
        what_it_does: "Reports a `Sid` that an earlier statement of the document already uses.",
        why_it_matters: "Statement IDs must be unique within a policy; IAM rejects duplicates.",
        example: r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Bucket", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"},
  {"Sid": "Bucket", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}
]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Bucket", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"},
  {"Sid": "Objects", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}
]}"#,
        references: [
            "IAM User Guide: IAM JSON policy elements: Sid",
            "IAM Access Analyzer policy check reference: Error – Unique Sids required",
            "Parliament: DUPLICATE_SID",
        ],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // A set, so that N statements cost N look-ups.
    let mut seen: HashSet<&str> = HashSet::new();
    for s in cx.statements() {
        let Some(member) = s.get("Sid") else { continue };
        let Some(sid) = member.value.as_str() else { continue };
        if !seen.insert(sid) {
            out.push(Diagnostic::at(
                &member.value,
                format!("the `Sid` `{sid}` is used by an earlier statement"),
                "give every statement its own `Sid`",
            ));
        }
    }
}
