use crate::lint::rules::{secret_scan_strings, Scan};
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// Something that looks like an AWS access key ID.
    AccessKeyIdInPolicy {
        code: "BR601",
        name: "access-key-id-in-policy",
        severity: SecurityWarning,
        summary: "The document holds something that looks like an AWS access key ID.",
        what_it_does: "Looks in every string, key and, for documents that are not JSON, the raw text for `AKIA`, `ASIA`, `ABIA` or `ACCA` followed by 16 upper-case letters or digits.",
        why_it_matters: "Policies are shared, committed and pasted into tickets; an access key ID next to its secret is a leaked credential. Policies never need keys.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Sid": "AKIAIOSFODNN7EXAMPLE", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Sid": "ListBucket", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        references: ["IAM User Guide: Manage access keys for IAM users (protect your access keys)"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (found, range, pointer) in secret_scan_strings(cx, Scan::AccessKeyId) {
        out.push(Diagnostic {
            range,
            pointer,
            message: format!("`{found}` looks like an AWS access key ID"),
            help: "remove it, and deactivate the key if it is real: policies never need credentials".to_owned(),
        });
    }
}
