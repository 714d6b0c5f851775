use crate::lint::{declare_rule, Context, Diagnostic, PolicyKind};

declare_rule! {
    /// A trust policy that lets anyone assume the role.
    PublicPrincipalWithoutCondition {
        code: "BR403",
        name: "public-principal-without-condition",
        severity: SecurityWarning,
        summary: "A trust policy allows the principal `*` without a narrowing condition.",
        what_it_does: "Reports `\"Principal\": \"*\"` and `{\"AWS\": \"*\"}` in `Allow` statements of a trust policy that have no `Condition`.",
        why_it_matters: "`*` is every AWS identity in every account: anyone can assume the role and use its permissions.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}"#,
        references: ["IAM User Guide: AWS JSON policy elements: Principal (anonymous users)", "IAM Access Analyzer: findings for public access"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.kind != PolicyKind::Trust {
        return;
    }
    for s in cx.statements().iter().filter(|s| s.is_allow() && !s.has_conditions()) {
        for p in s.principals().into_iter().filter(|p| p.is_public()) {
            out.push(Diagnostic::at(
                p.node,
                "the principal `*` lets anyone in any account assume the role",
                "name the accounts or roles that may assume it, or narrow `*` with a condition such as `aws:PrincipalOrgID`",
            ));
        }
    }
}
