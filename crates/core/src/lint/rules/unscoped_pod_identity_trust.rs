use crate::lint::{declare_rule, Context, Diagnostic};
use crate::policy::POD_IDENTITY_PRINCIPAL;

declare_rule! {
    /// An EKS Pod Identity trust that any association in the account can use.
    UnscopedPodIdentityTrust {
        code: "BR413",
        name: "unscoped-pod-identity-trust",
        severity: Suggestion,
        summary: "A trust of `pods.eks.amazonaws.com` has no condition that narrows it, so any pod identity association in the account can use the role.",
        what_it_does: "Reports `Allow` statements whose principal is the service `pods.eks.amazonaws.com` unless a condition narrows the session: an equality, or a pattern without wildcards, on `aws:RequestTag/kubernetes-namespace`, `aws:RequestTag/kubernetes-service-account`, `aws:RequestTag/eks-cluster-arn`, `aws:RequestTag/eks-cluster-name` or `aws:SourceArn`. Conditions that admit everyone count as none: `StringLike` on `*`, `…IfExists` operators (true when the key is absent), `ForAllValues:` (true when the key is absent), `Null`, `Bool` and IP conditions, and negations such as `StringNotEquals`.",
        why_it_matters: "EKS Pod Identity lets anyone who may create pod identity associations hand the role to any service account of any cluster in the account. EKS tags every session with the cluster, namespace and service account, so the trust can require the ones meant to use the role; eksctl and the Terraform module leave this out by default.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"], "Condition": {"StringEquals": {"aws:RequestTag/kubernetes-namespace": "backups", "aws:RequestTag/kubernetes-service-account": "backup-agent"}}}]}"#,
        references: ["Amazon EKS User Guide: Define which pods can assume a role with EKS Pod Identity session tags"],
    }
}

/// The session tags EKS sets on a pod identity session, and the cluster it comes from.
const POD_IDENTITY_KEYS: &[&str] = &[
    "aws:RequestTag/kubernetes-namespace",
    "aws:RequestTag/kubernetes-service-account",
    "aws:RequestTag/eks-cluster-arn",
    "aws:RequestTag/eks-cluster-name",
    "aws:SourceArn",
];

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements().iter().filter(|s| s.is_allow()) {
        if !s.principals().iter().any(|p| p.is_service(POD_IDENTITY_PRINCIPAL)) {
            continue;
        }
        if !s.narrowed_by(POD_IDENTITY_KEYS) {
            if let Some(m) = s.get("Principal") {
                out.push(Diagnostic::at(
                    &m.value,
                    if s.has_conditions() {
                        "any pod identity association in the account can use this role: no condition narrows its namespace, service account or cluster"
                    } else {
                        "any pod identity association in the account can use this role"
                    },
                    "require the namespace and service account with `aws:RequestTag/kubernetes-namespace` and `aws:RequestTag/kubernetes-service-account` conditions",
                ));
            }
        }
    }
}
