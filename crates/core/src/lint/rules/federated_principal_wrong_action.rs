use crate::lint::catalog::glob_match;
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// A federated principal with an action it cannot use.
    FederatedPrincipalWrongAction {
        code: "BR404",
        name: "federated-principal-wrong-action",
        severity: Error,
        summary: "A federated principal is trusted for an action other than `sts:AssumeRoleWithWebIdentity` (OIDC) or `sts:AssumeRoleWithSAML` (SAML).",
        what_it_does: "In `Allow` statements with a `Federated` principal, reports actions other than the provider's assume action, `sts:TagSession` and `sts:SetSourceIdentity`.",
        why_it_matters: "Web identities (IRSA, GitHub Actions) call `AssumeRoleWithWebIdentity`; a trust that allows `sts:AssumeRole` instead never matches and the pod gets `AccessDenied`.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D:sub": "system:serviceaccount:backup:velero"}}}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D:sub": "system:serviceaccount:backup:velero"}}}]}"#,
        references: ["Amazon EKS User Guide: Assign IAM roles to Kubernetes service accounts", "IAM User Guide: Creating a role for web identity or OIDC federation"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements().iter().filter(|s| s.is_allow()) {
        let federated: Vec<_> = s
            .principals()
            .into_iter()
            .filter(|p| p.kind == Some("Federated"))
            .collect();
        let Some(first) = federated.first() else { continue };
        let assume = if first.is_oidc() {
            "sts:AssumeRoleWithWebIdentity"
        } else {
            "sts:AssumeRoleWithSAML"
        };
        for (action, node) in s.actions() {
            let fits = [assume, "sts:TagSession", "sts:SetSourceIdentity"]
                .iter()
                .any(|a| glob_match(action, a));
            if !fits {
                out.push(Diagnostic::at(
                    node,
                    format!("the federated principal `{}` cannot use `{action}`", first.value),
                    format!("allow `{assume}`"),
                ));
            }
        }
    }
}
