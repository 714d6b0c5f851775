use crate::lint::rules::{bool_value, report_misfit_values, OperatorType};
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// A `Null` condition value of the wrong type.
    InvalidNullConditionValue {
        code: "BR303",
        name: "invalid-null-condition-value",
        severity: Error,
        summary: "A value under a `Null` operator does not fit the operator's type.",
        what_it_does: "Checks the values of `Null` conditions: `Null` takes `true` (the key is absent) or `false` (the key is present). Policy variables are accepted.",
        why_it_matters: "IAM compares condition values by the operator's type: `Null` tests whether a key is present; any value other than `true` or `false` never matches.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": {"Null": {"aws:TokenIssueTime": "absent"}}}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": {"Null": {"aws:TokenIssueTime": "true"}}}]}"#,
        references: [
            "IAM User Guide: IAM JSON policy elements: Condition operators",
            "Parliament: MISMATCHED_TYPE_OPERATION_TO_NULL",
        ],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    report_misfit_values(
        cx,
        out,
        OperatorType::Null,
        bool_value,
        "`Null` takes `true` (the key is absent) or `false` (the key is present)",
    );
}
