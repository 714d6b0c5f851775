//! The Upbound Spaces setups: mxp-controller, which backs up and restores the control planes
//! of a self-hosted Space, reaches the bucket with IRSA or with EKS Pod Identity.

use super::{CONTROL_PLANES, CONTROL_PLANE_GROUP, CONTROL_PLANE_NAMESPACES};
use crate::field::{Auth, Field};
use crate::setup::error::InvalidValueError;
use crate::setup::reader::{OidcCluster, Reader};
use crate::setup::value::{parse_list, AccountId, ClusterName, IamName, K8sLabel, K8sName};
use crate::setup::S3Location;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpboundSpacesSetup {
    pub location: S3Location,
    /// The control plane group: the namespace of the ControlPlane objects, where the
    /// SharedBackupConfig and SharedBackupSchedule go.
    pub group: K8sLabel,
    /// The control planes the schedule backs up.
    pub control_planes: Vec<K8sName>,
    /// Each control plane's host namespace, where Spaces runs its mxp-controller, in the
    /// order of `control_planes`.
    pub host_namespaces: Vec<K8sLabel>,
    pub role_name: IamName,
    pub policy_name: IamName,
    pub auth: UpboundSpacesAuth,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UpboundSpacesAuth {
    /// A role assumed with a web identity token of the cluster's OIDC issuer.
    Irsa(OidcCluster),
    /// A role that EKS assumes for the pods of a pod identity association. The role must be in
    /// the cluster's account, so one account serves both.
    PodIdentity {
        account: AccountId,
        cluster_name: ClusterName,
    },
}

/// The cluster of a Pod Identity setup. A function of its own, so that a missing value ends
/// this reading only, and the fields after it are still checked.
fn pod_identity(r: &mut Reader<'_>) -> Option<UpboundSpacesAuth> {
    let account = r.required(Field::ClusterAccountId, "", |v| {
        AccountId::parse(Field::ClusterAccountId, v)
    });
    let cluster_name = r.required(Field::ClusterName, "", |v| ClusterName::parse(Field::ClusterName, v));
    Some(UpboundSpacesAuth::PodIdentity {
        account: account?,
        cluster_name: cluster_name?,
    })
}

pub(super) fn read(r: &mut Reader<'_>, auth: Auth) -> Option<UpboundSpacesSetup> {
    let location = r.location();
    let auth = match auth {
        Auth::Irsa => r.oidc_cluster().map(UpboundSpacesAuth::Irsa),
        // `validate` never passes the methods Upbound does not document for backups.
        Auth::StaticKeys | Auth::Sts => None,
        Auth::PodIdentity => pod_identity(r),
    };
    let group = r.required(CONTROL_PLANE_GROUP, "", |v| K8sLabel::parse(CONTROL_PLANE_GROUP, v));
    let control_planes = r.required(CONTROL_PLANES, "", |v| {
        parse_list(CONTROL_PLANES, v, |item| K8sName::parse(CONTROL_PLANES, item))
    });
    let host_namespaces = r.required(CONTROL_PLANE_NAMESPACES, "", |v| {
        parse_list(CONTROL_PLANE_NAMESPACES, v, |item| {
            K8sLabel::parse(CONTROL_PLANE_NAMESPACES, item)
        })
    });
    let role_name = r.required(Field::RoleName, "", |v| IamName::parse(Field::RoleName, v));
    let policy_name = r.required(Field::PolicyName, "", |v| IamName::parse(Field::PolicyName, v));
    // Every control plane has a host namespace of its own, so the two lists pair up.
    if let (Some(planes), Some(namespaces)) = (&control_planes, &host_namespaces) {
        if planes.len() != namespaces.len() {
            let value = r.value(CONTROL_PLANE_NAMESPACES).unwrap_or_default().into_owned();
            r.check::<()>(Err(InvalidValueError::new(
                CONTROL_PLANE_NAMESPACES,
                &value,
                format!(
                    "lists {} host namespaces for {} control planes (`controlPlanes`); each control plane has one host namespace",
                    namespaces.len(),
                    planes.len()
                ),
            )))?;
        }
    }
    Some(UpboundSpacesSetup {
        location: location?,
        group: group?,
        control_planes: control_planes?,
        host_namespaces: host_namespaces?,
        role_name: role_name?,
        policy_name: policy_name?,
        auth: auth?,
    })
}
