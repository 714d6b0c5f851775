use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// An OIDC trust with no condition.
    OidcTrustWithoutCondition {
        code: "BR405",
        name: "oidc-trust-without-condition",
        severity: SecurityWarning,
        summary: "An OIDC provider is trusted without any condition.",
        what_it_does: "Reports `Allow` statements with an OIDC `Federated` principal and no `Condition`.",
        why_it_matters: "Every identity the issuer signs can assume the role: with IRSA, every service account of every namespace of the cluster; with GitHub Actions, every repository on GitHub (IAM Access Analyzer: MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL).",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D"}, "Action": "sts:AssumeRoleWithWebIdentity"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D:aud": "sts.amazonaws.com", "oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D:sub": "system:serviceaccount:backup:velero"}}}]}"#,
        references: ["Amazon EKS User Guide: Configure the trust policy for IAM roles for service accounts", "IAM Access Analyzer policy check reference"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements().iter().filter(|s| s.is_allow() && !s.has_conditions()) {
        for p in s.principals().into_iter().filter(|p| p.is_oidc()) {
            let issuer = p.oidc_issuer().unwrap_or(p.value);
            out.push(Diagnostic::at(
                p.node,
                format!("every identity of `{issuer}` can assume the role: the statement has no condition"),
                format!("add `StringEquals` on `{issuer}:sub` (the service account or subject) and `{issuer}:aud`"),
            ));
        }
    }
}
