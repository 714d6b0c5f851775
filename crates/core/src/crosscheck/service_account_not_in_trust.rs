use super::trust::Trust;
use super::{Diagnostic, SetupRule};
use crate::lint::{Docs, Severity};
use crate::readback::{Binding, BindingKind, Facts};

pub(super) const RULE: SetupRule = SetupRule {
    code: "BR701",
    name: "service-account-not-in-trust",
    severity: Severity::Error,
    docs: Docs {
        summary: "A role is given to a service account, or to EKS Pod Identity, that the role's trust policy does not admit.",
        what_it_does: "For every place that gives a role to a workload (the `eks.amazonaws.com/role-arn` annotation through `kubectl annotate`, a chart value, a manifest or a `kubectl patch` of an operator's object that names the service account, such as an SGCluster's `spec.metadata.annotations.serviceAccount` for `<cluster>-patroni`; `eksctl create iamserviceaccount`; `aws eks create-pod-identity-association`, and its `--target-role-arn`), reads the trust policy the scripts create the role with and checks that it admits that workload: an IRSA trust's `sub` must match `system:serviceaccount:<namespace>:<service-account>`; a Pod Identity role must trust `pods.eks.amazonaws.com`, and any `aws:RequestTag/kubernetes-namespace` or `aws:RequestTag/kubernetes-service-account` condition must match the association; a target role must trust the association's role.",
        why_it_matters: "STS refuses the web identity token or the pod identity session, and the backup fails with `AccessDenied` on `AssumeRoleWithWebIdentity` at the first upload, long after the setup looked done. A namespace changed in the manifest but not in the trust is the usual cause.",
        example: "trust-policy:    \"…:sub\": \"system:serviceaccount:default:my-cluster-patroni\"\nsgcluster-patch: kubectl patch sgcluster my-cluster --namespace backups --type merge --patch '{\"spec\":{\"metadata\":{\"annotations\":{\"serviceAccount\":{\"eks.amazonaws.com/role-arn\":\"…\"}}}}}'",
        use_instead: "trust-policy:    \"…:sub\": \"system:serviceaccount:backups:my-cluster-patroni\"\nsgcluster-patch: kubectl patch sgcluster my-cluster --namespace backups --type merge --patch '{\"spec\":{\"metadata\":{\"annotations\":{\"serviceAccount\":{\"eks.amazonaws.com/role-arn\":\"…\"}}}}}'",
        references: &[
            "Amazon EKS User Guide: Assign IAM roles to Kubernetes service accounts (configure the trust policy)",
            "Amazon EKS User Guide: Learn how EKS Pod Identity grants pods access to AWS services",
            "Amazon EKS User Guide: Access AWS resources in another account with EKS Pod Identity target roles",
        ],
    },
    check,
};

fn check(facts: &Facts, out: &mut Vec<Diagnostic>) -> usize {
    let mut compared = 0;
    for binding in &facts.bindings {
        let Some(trust) = facts
            .role(binding.role.name())
            .and_then(|r| r.trust.as_deref())
            .and_then(Trust::parse)
        else {
            continue;
        };
        let namespace = binding.namespace.as_deref();
        let service_account = binding.service_account.as_deref();
        let verdict = match binding.kind {
            BindingKind::WebIdentity => trust.admits_web_identity(namespace, service_account),
            BindingKind::PodIdentity => trust.admits_pod_identity(namespace, service_account),
            BindingKind::PodIdentityTarget { association } => {
                match facts.bindings.get(association).and_then(|b| b.role.arn()) {
                    Some(source) => trust.admits_role_session(source),
                    None => continue,
                }
            }
            BindingKind::Typed => continue,
        };
        compared += 1;
        if let Err(admitted) = verdict {
            out.push(Diagnostic {
                artifact: binding.artifact,
                message: format!(
                    "{} gives role `{}` to {}, but the role's trust {admitted}",
                    binding.source,
                    binding.role.name(),
                    who(binding),
                ),
                help: "make the trust policy and the workload name the same namespace and service account".to_owned(),
            });
        }
    }
    compared
}

/// The workload a binding names, for messages.
fn who(binding: &Binding) -> String {
    let account = match (&binding.namespace, &binding.service_account) {
        (Some(ns), Some(sa)) => format!("service account `{ns}/{sa}`"),
        (None, Some(sa)) => format!("service account `{sa}`"),
        (Some(ns), None) => format!("the pods of namespace `{ns}`"),
        (None, None) => "its workload".to_owned(),
    };
    match binding.kind {
        BindingKind::PodIdentityTarget { .. } => format!("the session of {account}'s association role"),
        BindingKind::WebIdentity | BindingKind::PodIdentity | BindingKind::Typed => account,
    }
}
