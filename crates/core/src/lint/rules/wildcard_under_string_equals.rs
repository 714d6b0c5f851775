use crate::lint::rules::{condition_values, operator_base, OperatorType};
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// `*` or `?` under an operator that matches literally.
    WildcardUnderStringEquals {
        code: "BR307",
        name: "wildcard-under-string-equals",
        severity: Warning,
        summary: "A value with `*` or `?` is used with `StringEquals` (or another exact string operator).",
        what_it_does: "Reports values holding `*` or `?` under `StringEquals`, `StringNotEquals`, `StringEqualsIgnoreCase` and `StringNotEqualsIgnoreCase`.",
        why_it_matters: "These operators compare literally: `system:serviceaccount:backup:*` under `StringEquals` matches only a service account named `*`, so the role can never be assumed (IAM Access Analyzer: WILDCARD_WITHOUT_LIKE_OPERATOR). Name the service account; `StringLike` with the pattern would match, but a `sub` pattern admits every service account of the namespace.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D:sub": "system:serviceaccount:backup:*"}}}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D:sub": "system:serviceaccount:backup:velero"}}}]}"#,
        references: ["IAM User Guide: String condition operators", "IAM Access Analyzer policy check reference: Wildcard without like operator"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (condition, value, node) in condition_values(cx, OperatorType::String) {
        let base = operator_base(condition.operator()).unwrap_or_default();
        if base.contains("Like") || !value.contains(['*', '?']) || value.contains("${*}") || value.contains("${?}") {
            continue;
        }
        let like = if base.contains("Not") {
            "StringNotLike"
        } else {
            "StringLike"
        };
        out.push(Diagnostic::at(
            node,
            format!(
                "`{value}` holds a wildcard, but `{}` compares literally",
                condition.operator()
            ),
            format!("use `{like}` to match the pattern"),
        ));
    }
}
