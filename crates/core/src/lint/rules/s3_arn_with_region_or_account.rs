use crate::lint::arn::Arn;
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// An S3 bucket or object ARN with a region or an account.
    S3ArnWithRegionOrAccount {
        code: "BR107",
        name: "s3-arn-with-region-or-account",
        severity: Error,
        summary: "An S3 bucket or object ARN has a region or an account ID.",
        what_it_does: "Reports `arn:<partition>:s3:<region>:<account>:<bucket>…` where the region or account is not empty, unless the resource part is an access point, a batch job, a Storage Lens configuration, an access grant or another S3 resource whose ARN does carry them.",
        why_it_matters: "Bucket and object ARNs have neither region nor account (`arn:aws:s3:::my-bucket/*`); with them the ARN matches nothing and the statement grants nothing.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:us-east-1:111122223333:my-bucket/*"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}]}"#,
        references: ["Amazon S3 User Guide: Policy resources for Amazon S3"],
    }
}

/// Resource parts of S3 ARNs that carry a region and account.
const REGIONAL: &[&str] = &[
    "accesspoint/",
    "job/",
    "storage-lens/",
    "storage-lens-group/",
    "access-grants/",
    "async-request/",
];

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for &(text, node) in cx.arn_strings() {
        let Some(arn) = Arn::parse(text) else { continue };
        if arn.service != "s3" || (arn.region.is_empty() && arn.account.is_empty()) {
            continue;
        }
        if REGIONAL.iter().any(|p| arn.resource.starts_with(p)) || arn.resource == "*" {
            continue;
        }
        out.push(Diagnostic::at(
            node,
            format!("`{text}` is an S3 bucket or object ARN with a region or an account"),
            format!(
                "write `arn:{}:s3:::{}`: bucket and object ARNs have neither",
                arn.partition, arn.resource
            ),
        ));
    }
}
