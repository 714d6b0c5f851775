use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// The document has no `Version`.
    MissingVersion {
        code: "BR002",
        name: "missing-version",
        severity: Warning,
        summary: "The document has no `Version` element.",
        what_it_does: "Reports a policy object without a top-level `Version`.",
        why_it_matters: "Without `Version`, IAM evaluates the policy with the legacy `2008-10-17` language, in which policy variables such as `${aws:username}` are plain text and newer features are unavailable.",
        example: r#"{"Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        references: [
            "IAM User Guide: IAM JSON policy elements: Version",
            "Parliament: NO_VERSION",
        ],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(root) = cx.root.filter(|r| r.as_object().is_some()) {
        if root.get("Version").is_none() {
            out.push(Diagnostic::at_start(
                root,
                "the policy has no `Version`",
                "add `\"Version\": \"2012-10-17\"` at the top of the document",
            ));
        }
    }
}
