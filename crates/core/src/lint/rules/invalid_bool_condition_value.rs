use crate::lint::rules::{bool_value, report_misfit_values, OperatorType};
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// A `Bool` condition value of the wrong type.
    InvalidBoolConditionValue {
        code: "BR302",
        name: "invalid-bool-condition-value",
        severity: Error,
        summary: "A value under a `Bool` operator does not fit the operator's type.",
        what_it_does: "Checks the values of `Bool` conditions (with `IfExists` and set prefixes too): `Bool` takes `true` or `false`. Policy variables are accepted.",
        why_it_matters: "IAM compares condition values by the operator's type: a `Bool` condition compares with `true` or `false`; any other value never matches, so an `Allow` grants nothing and a `Deny` protects nothing.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": {"Bool": {"aws:SecureTransport": "yes"}}}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}"#,
        references: ["IAM User Guide: IAM JSON policy elements: Condition operators"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    report_misfit_values(
        cx,
        out,
        OperatorType::Bool,
        bool_value,
        "`Bool` takes `true` or `false`",
    );
}
