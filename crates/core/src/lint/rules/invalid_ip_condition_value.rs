use crate::lint::rules::{ip_value, report_misfit_values, OperatorType};
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// A `IpAddress` condition value of the wrong type.
    InvalidIpConditionValue {
        code: "BR306",
        name: "invalid-ip-condition-value",
        severity: Error,
        summary: "A value under a `IpAddress` operator does not fit the operator's type.",
        what_it_does: "Checks the values of `IpAddress` conditions (with `IfExists` and set prefixes too): `IpAddress` and `NotIpAddress` take an IPv4 or IPv6 address or CIDR range such as `203.0.113.0/24`. Policy variables are accepted.",
        why_it_matters: "IAM compares condition values by the operator's type: an address IAM cannot parse never matches; a `NotIpAddress` deny with a typo denies everyone, an `IpAddress` allow grants nothing.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/33"}}}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}"#,
        references: ["IAM User Guide: IAM JSON policy elements: Condition operators"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    report_misfit_values(
        cx,
        out,
        OperatorType::Ip,
        ip_value,
        "`IpAddress` and `NotIpAddress` take an IPv4 or IPv6 address or CIDR range such as `203.0.113.0/24`",
    );
}
