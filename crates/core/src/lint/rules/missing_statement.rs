use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// The document has no `Statement`.
    MissingStatement {
        code: "BR004",
        name: "missing-statement",
        severity: Error,
        summary: "The document has no `Statement` element.",
        what_it_does: "Reports a policy object without a top-level `Statement`.",
        why_it_matters: "A policy without statements grants and denies nothing, and IAM rejects it.",
        example: r#"{"Version": "2012-10-17", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        references: [
            "IAM User Guide: IAM JSON policy elements: Statement",
            "IAM Access Analyzer policy check reference: Error – Missing statement",
        ],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(root) = cx.root.filter(|r| r.as_object().is_some()) {
        if root.get("Statement").is_none() {
            out.push(Diagnostic::at_start(
                root,
                "the policy has no `Statement`",
                "put the policy's statements in a `Statement` array",
            ));
        }
    }
}
