use crate::lint::rules::OidcClaims;
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// An OIDC trust whose conditions do not name the subject.
    OidcTrustWithoutSub {
        code: "BR406",
        name: "oidc-trust-without-sub",
        severity: SecurityWarning,
        summary: "An OIDC trust narrows the token's audience, but not its subject (`sub`).",
        what_it_does: "Reports OIDC `Federated` principals of `Allow` statements whose issuer's `<issuer>:aud` is narrowed but whose `<issuer>:sub` is not: no equality, or pattern without wildcards, on the subject of that issuer. `StringLike` on `*`, `system:serviceaccount:*` or GitHub's `repo:*`, `StringLikeIfExists`, `ForAllValues:` and `StringNotEquals` on `sub` narrow nothing (a trust with no narrowing `aud` either is reported by `oidc-trust-without-condition`).",
        why_it_matters: "`aud` only says the token was meant for STS: every service account of the cluster has such tokens. Only `sub` (`system:serviceaccount:<namespace>:<name>`) says which workload may assume the role.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D:aud": "sts.amazonaws.com"}}}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D:aud": "sts.amazonaws.com", "oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D:sub": "system:serviceaccount:backup:velero"}}}]}"#,
        references: ["Amazon EKS User Guide: Configure the trust policy for IAM roles for service accounts", "velero issue 8036"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements().iter().filter(|s| s.is_allow()) {
        let claims = OidcClaims::of(s);
        for p in s.principals().into_iter().filter(|p| p.is_oidc()) {
            if claims.narrowed(&p) != (false, true) {
                continue;
            }
            let issuer = p.oidc_issuer().unwrap_or(p.value);
            out.push(Diagnostic::at(
                p.node,
                format!("no condition names the subject of `{issuer}`, so any of its workloads can assume the role"),
                format!(
                    "add `StringEquals` on `{issuer}:sub`, e.g. `system:serviceaccount:<namespace>:<service-account>`"
                ),
            ));
        }
    }
}
