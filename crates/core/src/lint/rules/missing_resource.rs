use crate::lint::{declare_rule, Context, Diagnostic, PolicyKind};

declare_rule! {
    /// An identity policy statement has neither `Resource` nor `NotResource`.
    MissingResource {
        code: "BR009",
        name: "missing-resource",
        severity: Error,
        summary: "An identity policy statement has neither `Resource` nor `NotResource`.",
        what_it_does: "Reports a statement of an identity (permission) policy that names no resources.",
        why_it_matters: "Identity policies must say which resources a statement covers; IAM rejects a statement without `Resource`.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        references: [
            "IAM User Guide: IAM JSON policy elements: Resource",
            "IAM Access Analyzer policy check reference: Error – Missing resource",
        ],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.kind != PolicyKind::Identity {
        return;
    }
    for s in cx.statements() {
        if s.get("Resource").is_none() && s.get("NotResource").is_none() {
            out.push(Diagnostic::at_start(
                s.node,
                "the statement has neither `Resource` nor `NotResource`",
                "add the ARNs the statement covers in `Resource`",
            ));
        }
    }
}
