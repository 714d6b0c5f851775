use crate::lint::rules::{numeric_value, report_misfit_values, OperatorType};
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// A `Numeric` condition value of the wrong type.
    InvalidNumericConditionValue {
        code: "BR305",
        name: "invalid-numeric-condition-value",
        severity: Error,
        summary: "A value under a `Numeric` operator does not fit the operator's type.",
        what_it_does: "Checks the values of `Numeric` conditions (with `IfExists` and set prefixes too): numeric operators take an integer or decimal number. Policy variables are accepted.",
        why_it_matters: "IAM compares condition values by the operator's type: a value that is not a number never matches, so an `Allow` grants nothing and a `Deny` protects nothing.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "1h"}}}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}}]}"#,
        references: ["IAM User Guide: IAM JSON policy elements: Condition operators"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    report_misfit_values(
        cx,
        out,
        OperatorType::Numeric,
        numeric_value,
        "numeric operators take an integer or decimal number",
    );
}
