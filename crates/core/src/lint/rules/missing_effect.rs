use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// A statement has no `Effect`.
    MissingEffect {
        code: "BR005",
        name: "missing-effect",
        severity: Error,
        summary: "A statement has no `Effect` element.",
        what_it_does: "Reports a statement without `Effect`.",
        why_it_matters: "Every statement must say whether it allows or denies; IAM rejects a statement without `Effect`.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        references: [
            "IAM User Guide: IAM JSON policy elements: Effect",
            "IAM Access Analyzer policy check reference: Error – Missing effect",
        ],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements() {
        if s.get("Effect").is_none() {
            out.push(Diagnostic::at_start(
                s.node,
                "the statement has no `Effect`",
                "add `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`",
            ));
        }
    }
}
