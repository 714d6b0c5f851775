use crate::lint::rules::wildcard_resource_actions;
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// S3 actions on `Resource: "*"`.
    WildcardResourceWithS3 {
        code: "BR201",
        name: "wildcard-resource-with-s3",
        severity: SecurityWarning,
        summary: "S3 actions that can be scoped to a bucket are allowed on `Resource: \"*\"` or on every bucket (`arn:aws:s3:::*`, `arn:aws:s3:::*/*`).",
        what_it_does: "Reports, in `Allow` statements, every S3 action (or pattern) that acts on a resource type such as `bucket` or `object` and that the statement allows on `*` or on a pattern of every bucket or every object: `arn:<partition>:s3:::*` or `arn:<partition>:s3:::*/*`. Parliament reports the same as RESOURCE_STAR.",
        why_it_matters: "`*` covers every bucket of the account and every bucket other accounts share with it, not just the backup bucket; a leaked credential then reads or deletes all of them.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::my-bucket/*"}]}"#,
        references: ["IAM User Guide: Security best practices in IAM (apply least-privilege permissions)", "Amazon S3 User Guide: Policy resources for Amazon S3", "Parliament: RESOURCE_STAR"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for hit in wildcard_resource_actions(cx, false, |service, _| service == "s3") {
        out.push(Diagnostic::at(
            hit.node,
            format!("`{}` is allowed on {}, every bucket included", hit.action, hit.on()),
            "scope S3 actions to the bucket (`arn:aws:s3:::my-bucket`) and its objects (`arn:aws:s3:::my-bucket/*`)",
        ));
    }
}
