//! kubectl commands that several generators write, so that each is spelled once.

use crate::shell::{Command, Script};

/// The annotation through which IRSA binds a service account to a role: EKS reads the role
/// from the service account, never from the pod.
pub const ROLE_ARN_ANNOTATION: &str = "eks.amazonaws.com/role-arn";

/// Restarts a deployment and waits until it runs again: EKS gives a pod credentials (the IRSA
/// token or the Pod Identity variables) only when the pod is created, so pods that ran before
/// the role was bound to their service account have none.
pub(crate) fn restart_deployment(script: Script, deployment: &str, namespace: &str) -> Script {
    script
        .command(
            Command::new("kubectl")
                .args(["rollout", "restart", "deployment", deployment])
                .opt("--namespace", namespace),
        )
        .command(
            Command::new("kubectl")
                .args(["rollout", "status", "deployment", deployment])
                .opt("--namespace", namespace),
        )
}
