use crate::lint::policy::CALLER_KEYS;
use crate::lint::{declare_rule, Context, Diagnostic, PolicyKind};

declare_rule! {
    /// A trust policy that lets anyone assume the role.
    PublicPrincipalWithoutCondition {
        code: "BR403",
        name: "public-principal-without-condition",
        severity: SecurityWarning,
        summary: "A trust policy allows the principal `*` without a condition that narrows who the caller is.",
        what_it_does: "Reports `\"Principal\": \"*\"` and `{\"AWS\": \"*\"}` in `Allow` statements of a trust policy unless a condition narrows the caller: an equality, or a pattern without wildcards, on `aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:userid`, `aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID`, `aws:SourceOrgPaths` or `sts:ExternalId`. Conditions that admit everyone count as none: `StringLike` on `*`, `…IfExists` operators (true when the key is absent), `ForAllValues:` (true when the key is absent), `Null`, `Bool` and IP conditions, and negations such as `StringNotEquals`. IAM Access Analyzer reports such a role as publicly accessible.",
        why_it_matters: "`*` is every AWS identity in every account: anyone can assume the role and use its permissions.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}"#,
        references: [
            "IAM User Guide: AWS JSON policy elements: Principal (anonymous users)",
            "IAM Access Analyzer: findings for public access (a role trust policy that grants access to `*`)",
            "IAM User Guide: Condition operators (…IfExists, ForAllValues on an absent key)",
        ],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.kind != PolicyKind::Trust {
        return;
    }
    for s in cx
        .statements()
        .iter()
        .filter(|s| s.is_allow() && !s.narrowed_by(CALLER_KEYS))
    {
        let message = if s.has_conditions() {
            "the principal `*` lets anyone in any account assume the role: no condition narrows it to a principal, account or organisation"
        } else {
            "the principal `*` lets anyone in any account assume the role"
        };
        for p in s.principals().into_iter().filter(|p| p.is_public()) {
            out.push(Diagnostic::at(
                p.node,
                message,
                "name the accounts or roles that may assume it, or narrow `*` with a condition such as `aws:PrincipalOrgID`",
            ));
        }
    }
}
