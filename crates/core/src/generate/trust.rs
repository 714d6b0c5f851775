//! Trust policies and statements that several generators write, so that each is built once.

use super::arn;
use crate::partition::Partition;
use crate::policy::{PolicyDocument, Statement, POD_IDENTITY_PRINCIPAL};
use crate::setup::value::KmsKeyArn;
use crate::setup::OidcCluster;

/// The Sid AWS gives the Pod Identity trust statement in its documentation and console.
const POD_IDENTITY_SID: &str = "AllowEksAuthToAssumeRoleForPodIdentity";

/// The IRSA trust: only `service_account` of `namespace`, with a token of this cluster's issuer
/// for the STS audience, may assume the role.
pub(crate) fn irsa(p: Partition, cluster: &OidcCluster, namespace: &str, service_account: &str) -> PolicyDocument {
    irsa_in_namespaces(p, cluster, &[namespace], service_account)
}

/// The IRSA trust of a service account that runs in several namespaces (one workload per
/// namespace): `sub` lists each `system:serviceaccount:<namespace>:<service_account>`, and
/// with a single namespace is that one string.
pub(crate) fn irsa_in_namespaces<N: AsRef<str>>(
    p: Partition,
    cluster: &OidcCluster,
    namespaces: &[N],
    service_account: &str,
) -> PolicyDocument {
    let issuer = cluster.issuer.host_and_path();
    let statement = Statement::trust(
        "Federated",
        arn::oidc_provider(p, &cluster.account, &cluster.issuer),
        ["sts:AssumeRoleWithWebIdentity"],
    )
    .with_condition("StringEquals", format!("{issuer}:aud"), "sts.amazonaws.com");
    let subjects: Vec<String> = namespaces
        .iter()
        .map(|ns| format!("system:serviceaccount:{}:{service_account}", ns.as_ref()))
        .collect();
    let sub = format!("{issuer}:sub");
    let statement = match subjects.as_slice() {
        [one] => statement.with_condition("StringEquals", sub, one.clone()),
        many => statement.with_condition_values("StringEquals", sub, many.to_vec()),
    };
    PolicyDocument::new(vec![statement])
}

/// EKS Pod Identity may assume the role and tag the session with the pod's cluster,
/// namespace and service account, which needs `sts:TagSession` as well.
pub(crate) fn pod_identity_statement() -> Statement {
    Statement::trust("Service", POD_IDENTITY_PRINCIPAL, ["sts:AssumeRole", "sts:TagSession"]).with_sid(POD_IDENTITY_SID)
}

pub(crate) fn pod_identity() -> PolicyDocument {
    PolicyDocument::new(vec![pod_identity_statement()])
}

/// With SSE-KMS, writing an object generates a data key and reading it decrypts one.
pub(crate) fn kms_data_keys(key: &KmsKeyArn) -> Statement {
    Statement::allow(["kms:GenerateDataKey", "kms:Decrypt"], [key.as_str()])
}
