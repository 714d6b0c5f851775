use crate::lint::rules::OidcClaims;
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// An OIDC trust with no condition.
    OidcTrustWithoutCondition {
        code: "BR405",
        name: "oidc-trust-without-condition",
        severity: SecurityWarning,
        summary: "An OIDC provider is trusted without a condition that narrows its tokens' `sub` or `aud`.",
        what_it_does: "Reports OIDC `Federated` principals of `Allow` statements unless a condition narrows the issuer's `<issuer>:sub` or `<issuer>:aud` claim: an equality, or a pattern without wildcards. Conditions that admit everyone count as none: `StringLike` on `*`, `…IfExists` operators (true when the key is absent), `ForAllValues:` (true when the key is absent), `Null`, `Bool` and IP conditions, and negations such as `StringNotEquals`. A statement whose `aud` is narrowed but not its `sub` is reported by `oidc-trust-without-sub`.",
        why_it_matters: "Every identity the issuer signs can assume the role: with IRSA, every service account of every namespace of the cluster; with GitHub Actions, every repository on GitHub (IAM Access Analyzer: MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL).",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D"}, "Action": "sts:AssumeRoleWithWebIdentity"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D:aud": "sts.amazonaws.com", "oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D:sub": "system:serviceaccount:backup:velero"}}}]}"#,
        references: ["Amazon EKS User Guide: Configure the trust policy for IAM roles for service accounts", "IAM Access Analyzer policy check reference"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements().iter().filter(|s| s.is_allow()) {
        let claims = OidcClaims::of(s);
        for p in s.principals().into_iter().filter(|p| p.is_oidc()) {
            if claims.narrowed(&p) != (false, false) {
                continue;
            }
            let issuer = p.oidc_issuer().unwrap_or(p.value);
            let why = if s.has_conditions() {
                "no condition narrows its `sub` or `aud`"
            } else {
                "the statement has no condition"
            };
            out.push(Diagnostic::at(
                p.node,
                format!("every identity of `{issuer}` can assume the role: {why}"),
                format!("add `StringEquals` on `{issuer}:sub` (the service account or subject) and `{issuer}:aud`"),
            ));
        }
    }
}
