use std::collections::HashSet;

use crate::lint::{catalog, declare_rule, Context, Diagnostic};

declare_rule! {
    /// A condition key of another issuer than the trusted provider.
    OidcConditionIssuerMismatch {
        code: "BR407",
        name: "oidc-condition-issuer-mismatch",
        severity: Error,
        summary: "An OIDC trust's condition key names an issuer other than the federated principal's provider.",
        what_it_does: "For `Allow` statements with `oidc-provider` principals, reports condition keys of the form `<issuer>:<claim>` whose issuer is not the provider's issuer host and path, including keys built from the provider's ARN.",
        why_it_matters: "The claim keys exist only for the provider that signed the token: a key of another cluster's issuer, or one spelt with `arn:…:oidc-provider/`, is never in the request, so `StringEquals` never matches and the role cannot be assumed.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"oidc.eks.us-east-1.amazonaws.com/id/0A1B2C3D4E5F60718293A4B5C6D7E8F9:sub": "system:serviceaccount:backup:velero"}}}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D:sub": "system:serviceaccount:backup:velero"}}}]}"#,
        references: ["Amazon EKS User Guide: Configure the trust policy for IAM roles for service accounts", "velero issue 8036"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements().iter().filter(|s| s.is_allow()) {
        let principals = s.principals();
        let issuers: Vec<&str> = principals
            .iter()
            .filter(|p| p.value.contains(":oidc-provider/"))
            .filter_map(|p| p.oidc_issuer())
            .collect();
        let Some(first) = issuers.first() else { continue };
        // A set, so that N principals and N keys cost N + N, not N x N.
        let known: HashSet<String> = issuers.iter().map(|i| i.to_ascii_lowercase()).collect();
        for c in s.conditions() {
            let key = c.key();
            let Some((issuer, claim)) = key.rsplit_once(':') else {
                continue;
            };
            let looks_like_issuer = issuer.contains('.') || issuer.contains('/');
            if !looks_like_issuer || catalog::is_known_service(issuer) {
                continue;
            }
            if known.contains(&issuer.to_ascii_lowercase()) {
                continue;
            }
            out.push(Diagnostic::at_key(
                c.key_member,
                format!("`{key}` is a claim of `{issuer}`, but the trusted provider's issuer is `{first}`"),
                format!("write the key as `{first}:{claim}`: the issuer's host and path, without `https://` or the provider ARN"),
            ));
        }
    }
}
