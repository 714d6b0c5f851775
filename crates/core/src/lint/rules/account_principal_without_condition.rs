use crate::lint::policy::CALLER_KEYS_WITHIN_AN_ACCOUNT;
use crate::lint::{declare_rule, Context, Diagnostic, PolicyKind};

declare_rule! {
    /// A whole account trusted without a condition.
    AccountPrincipalWithoutCondition {
        code: "BR410",
        name: "account-principal-without-condition",
        severity: Warning,
        summary: "A trust policy trusts a whole account (`…:root` or an account ID) without a condition that narrows who in it may assume the role.",
        what_it_does: "Reports account principals (`arn:<partition>:iam::<account>:root` or a bare account ID) in `Allow` statements of a trust policy unless a condition narrows the caller within the account: an equality, or a pattern without wildcards, on `aws:PrincipalArn`, `aws:userid`, `aws:SourceArn`, `aws:SourceAccount` or `sts:ExternalId` (the account's own ID or organisation narrow nothing). Conditions that admit everyone count as none: `StringLike` on `*`, `…IfExists` operators (true when the key is absent), `ForAllValues:` (true when the key is absent), `Null`, `Bool` and IP conditions, and negations such as `StringNotEquals`. IAM Access Analyzer reports the account's access as cross-account access when the account is not yours.",
        why_it_matters: "Trusting the account delegates the decision to it: every user and role there whose own policy allows `sts:AssumeRole` can assume this role. For a third party this is the confused-deputy problem that `sts:ExternalId` solves; within your organisation, name the role that needs access.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/backup"}, "Action": "sts:AssumeRole"}]}"#,
        references: ["IAM User Guide: The confused deputy problem", "IAM User Guide: Access to AWS accounts owned by third parties (external ID)"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.kind != PolicyKind::Trust {
        return;
    }
    for s in cx
        .statements()
        .iter()
        .filter(|s| s.is_allow() && !s.narrowed_by(CALLER_KEYS_WITHIN_AN_ACCOUNT))
    {
        for p in s.principals().into_iter().filter(|p| p.is_account()) {
            out.push(Diagnostic::at(
                p.node,
                format!("`{}` trusts every identity of the account that is allowed to assume roles", p.value),
                "name the role that needs access (`arn:…:iam::<account>:role/<name>`), or require `sts:ExternalId` for a third party",
            ));
        }
    }
}
