use crate::lint::arn::Arn;
use crate::lint::{declare_rule, Context, Diagnostic};
use crate::partition::Partition;

declare_rule! {
    /// ARNs of different partitions in one document.
    MixedPartitions {
        code: "BR109",
        name: "mixed-partitions",
        severity: Error,
        summary: "ARNs in one document name different partitions.",
        what_it_does: "Collects the partition of every ARN in resources, principals and ARN conditions, and reports each ARN whose partition differs from the first one.",
        why_it_matters: "A policy lives in one partition: an `arn:aws:` ARN in a GovCloud or China policy matches nothing. Tools that hard-code `arn:aws` cause exactly this.",
        example: r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws-us-gov:s3:::my-bucket"},
  {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}
]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws-us-gov:s3:::my-bucket"},
  {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws-us-gov:s3:::my-bucket/*"}
]}"#,
        references: ["AWS General Reference: Amazon Resource Names (partitions)"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let mut first: Option<&str> = None;
    for &(text, node) in cx.arn_strings() {
        let Some(arn) = Arn::parse(text) else { continue };
        // Only a named partition can clash with another; wildcards and variables cannot.
        if Partition::from_id(arn.partition).is_none() {
            continue;
        }
        match first {
            None => first = Some(arn.partition),
            Some(p) if p != arn.partition => out.push(Diagnostic::at(
                node,
                format!(
                    "`{text}` is in partition `{}`, but the document's first ARN is in `{p}`",
                    arn.partition
                ),
                format!("use `arn:{p}:` throughout, or the partition the policy is created in"),
            )),
            Some(_) => {}
        }
    }
}
