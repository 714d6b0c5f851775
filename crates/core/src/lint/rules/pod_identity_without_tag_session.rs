use crate::lint::{declare_rule, Context, Diagnostic};
use crate::policy::POD_IDENTITY_PRINCIPAL;

declare_rule! {
    /// An EKS Pod Identity trust without `sts:TagSession`.
    PodIdentityWithoutTagSession {
        code: "BR408",
        name: "pod-identity-without-tag-session",
        severity: Error,
        summary: "A trust of `pods.eks.amazonaws.com` allows `sts:AssumeRole` but not `sts:TagSession`.",
        what_it_does: "Reports `Allow` statements whose principal is the service `pods.eks.amazonaws.com` and whose actions include `sts:AssumeRole` but not `sts:TagSession`.",
        why_it_matters: "EKS Pod Identity always tags the session (cluster, namespace, service account); without `sts:TagSession` the assume call fails and the pod gets no credentials.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Sid": "AllowEksAuthToAssumeRoleForPodIdentity", "Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]}"#,
        references: ["Amazon EKS User Guide: Learn how EKS Pod Identity grants pods access to AWS services"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements().iter().filter(|s| s.is_allow()) {
        if !s.principals().iter().any(|p| p.is_service(POD_IDENTITY_PRINCIPAL)) {
            continue;
        }
        if s.allows_action("sts:AssumeRole") && !s.allows_action("sts:TagSession") {
            if let Some(m) = s.get("Action") {
                out.push(Diagnostic::at(
                    &m.value,
                    "the EKS Pod Identity trust needs `sts:TagSession` as well as `sts:AssumeRole`",
                    "allow both `sts:AssumeRole` and `sts:TagSession`",
                ));
            }
        }
    }
}
