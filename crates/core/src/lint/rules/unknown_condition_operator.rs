use crate::lint::rules::operator_type;
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// A condition operator IAM does not know.
    UnknownConditionOperator {
        code: "BR301",
        name: "unknown-condition-operator",
        severity: Error,
        summary: "A condition operator is not one IAM knows.",
        what_it_does: "Checks every operator of `Condition` against IAM's operators (`StringEquals`, `StringLike`, `ArnEquals`, `NumericLessThan`, `DateGreaterThan`, `Bool`, `IpAddress`, `Null`, …), with the optional `IfExists` suffix and `ForAllValues:` / `ForAnyValue:` prefixes. Names are case-sensitive.",
        why_it_matters: "IAM rejects a policy with an unknown operator; `StringEqual`, `stringEquals` and `ArnEqual` are typical slips.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole", "Condition": {"StringEqual": {"sts:ExternalId": "a1b2c3"}}}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "a1b2c3"}}}]}"#,
        references: [
            "IAM User Guide: IAM JSON policy elements: Condition operators",
            "IAM Access Analyzer policy check reference: Error – Invalid condition operator",
        ],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements() {
        let Some(block) = s.get("Condition").and_then(|m| m.value.as_object()) else {
            continue;
        };
        for op in block {
            if operator_type(&op.key).is_none() {
                out.push(Diagnostic::at_key(
                    op,
                    format!("`{}` is not a condition operator", op.key),
                    "use an IAM condition operator such as `StringEquals`, `StringLike`, `ArnLike`, `Bool` or `IpAddress` (names are case-sensitive)",
                ));
            }
        }
    }
}
