use crate::lint::rules::wildcard_resource_actions;
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// S3 actions on `Resource: "*"`.
    WildcardResourceWithS3 {
        code: "BR201",
        name: "wildcard-resource-with-s3",
        severity: SecurityWarning,
        summary: "S3 actions that can be scoped to a bucket are allowed on `Resource: \"*\"`.",
        what_it_does: "Reports, in `Allow` statements whose `Resource` includes `*`, every S3 action (or pattern) that acts on a resource type such as `bucket` or `object`.",
        why_it_matters: "`*` covers every bucket of the account and every bucket other accounts share with it, not just the backup bucket; a leaked credential then reads or deletes all of them.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::my-bucket/*"}]}"#,
        references: ["IAM User Guide: Security best practices in IAM (apply least-privilege permissions)", "Amazon S3 User Guide: Policy resources for Amazon S3"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (action, node, _) in wildcard_resource_actions(cx, |service, _| service == "s3") {
        out.push(Diagnostic::at(
            node,
            format!("`{action}` is allowed on every resource (`*`), every bucket included"),
            "scope S3 actions to the bucket (`arn:aws:s3:::my-bucket`) and its objects (`arn:aws:s3:::my-bucket/*`)",
        ));
    }
}
