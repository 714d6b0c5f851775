use crate::lint::rules::{secret_scan_strings, Scan};
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// Something that looks like an AWS secret access key.
    SecretAccessKeyInPolicy {
        code: "BR602",
        name: "secret-access-key-in-policy",
        severity: SecurityWarning,
        summary: "The document holds something that looks like an AWS secret access key.",
        what_it_does: "Looks in every string that is not an ARN (and, for documents that are not JSON, in the raw text) for a run of exactly 40 characters of letters, digits, `/` and `+` that mixes upper-case, lower-case and digits, the shape of a secret access key.",
        why_it_matters: "A secret access key in a policy document is a leaked credential wherever the document goes. Policies never need keys.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket", "Condition": {"StringEquals": {"aws:UserAgent": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}}}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        references: ["IAM User Guide: Manage access keys for IAM users (protect your access keys)"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (found, range, pointer) in secret_scan_strings(cx, Scan::SecretKey) {
        let shown: String = found.chars().take(4).collect();
        out.push(Diagnostic {
            range,
            pointer,
            message: format!("`{shown}…` (40 characters) looks like an AWS secret access key"),
            help: "remove it, and rotate the key if it is real: policies never need credentials".to_owned(),
        });
    }
}
