use crate::lint::rules::{date_value, report_misfit_values, OperatorType};
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// A `Date` condition value of the wrong type.
    InvalidDateConditionValue {
        code: "BR304",
        name: "invalid-date-condition-value",
        severity: Error,
        summary: "A value under a `Date` operator does not fit the operator's type.",
        what_it_does: "Checks the values of `Date` conditions (with `IfExists` and set prefixes too): date operators take an ISO 8601 date or time (`2026-01-31`, `2026-01-31T12:00:00Z`) or a number of seconds since the epoch. Policy variables are accepted.",
        why_it_matters: "IAM compares condition values by the operator's type: a date that IAM cannot parse never matches, so an `Allow` grants nothing and a `Deny` protects nothing.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": {"DateLessThan": {"aws:CurrentTime": "31/01/2026"}}}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": {"DateLessThan": {"aws:CurrentTime": "2026-01-31T00:00:00Z"}}}]}"#,
        references: ["IAM User Guide: IAM JSON policy elements: Condition operators"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    report_misfit_values(cx, out, OperatorType::Date, date_value, "date operators take an ISO 8601 date or time (`2026-01-31`, `2026-01-31T12:00:00Z`) or a number of seconds since the epoch");
}
