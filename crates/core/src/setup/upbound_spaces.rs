//! The Upbound Spaces setups: mxp-controller, which backs up and restores the control planes
//! of a self-hosted Space, reaches the bucket with IRSA or with EKS Pod Identity.

use super::reader::{OidcCluster, Reader};
use super::validate::S3Location;
use super::value::{AccountId, ClusterName, IamName, K8sLabel};
use crate::field::{Auth, Field};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpboundSpacesSetup {
    pub location: S3Location,
    /// The control plane's host namespace, where Spaces runs its mxp-controller.
    pub namespace: K8sLabel,
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

pub(super) fn read(r: &mut Reader<'_>, auth: Auth) -> Option<UpboundSpacesSetup> {
    let location = r.location();
    let auth = match auth {
        Auth::Irsa => r.oidc_cluster().map(UpboundSpacesAuth::Irsa),
        // `validate` never passes the methods Upbound does not document for backups.
        Auth::StaticKeys | Auth::Sts => None,
        Auth::PodIdentity => {
            let account = r.required(Field::ClusterAccountId, "", |v| {
                AccountId::parse(Field::ClusterAccountId, v)
            });
            let cluster_name = r.required(Field::ClusterName, "", |v| ClusterName::parse(Field::ClusterName, v));
            Some(UpboundSpacesAuth::PodIdentity {
                account: account?,
                cluster_name: cluster_name?,
            })
        }
    };
    let namespace = r.required(Field::Namespace, "", |v| K8sLabel::parse(Field::Namespace, v));
    let role_name = r.required(Field::RoleName, "", |v| IamName::parse(Field::RoleName, v));
    let policy_name = r.required(Field::PolicyName, "", |v| IamName::parse(Field::PolicyName, v));
    Some(UpboundSpacesSetup {
        location: location?,
        namespace: namespace?,
        role_name: role_name?,
        policy_name: policy_name?,
        auth: auth?,
    })
}
