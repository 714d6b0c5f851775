//! The StackGres setups: static keys of an IAM user, or IRSA.

use super::{PATRONI_SUFFIX, SG_CLUSTER_NAME, STORAGE_CLASS, STORAGE_CLASSES};
use crate::field::{Auth, Field};
use crate::setup::error::InvalidValueError;
use crate::setup::reader::{OidcCluster, Reader};
use crate::setup::value::{IamName, K8sLabel, K8sName, StorageClass};
use crate::setup::S3Location;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StackGresSetup {
    pub location: S3Location,
    pub namespace: K8sLabel,
    pub storage_class: Option<StorageClass>,
    pub auth: StackGresAuth,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StackGresAuth {
    StaticKeys(StaticKeysSetup),
    Irsa(IrsaSetup),
}

/// An IAM user with an inline policy and an access key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaticKeysSetup {
    /// The SGCluster whose backups go to the object storage.
    pub sg_cluster_name: K8sName,
    pub user_name: IamName,
    pub policy_name: IamName,
}

/// A role assumed with a web identity token of the cluster's OIDC issuer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IrsaSetup {
    pub cluster: OidcCluster,
    /// The service account StackGres runs the cluster's pods as, `<sg_cluster_name>-patroni`.
    pub service_account: K8sName,
    pub role_name: IamName,
    pub policy_name: IamName,
    pub sg_cluster_name: K8sName,
}

pub(super) fn read(r: &mut Reader<'_>, auth: Auth) -> Option<StackGresSetup> {
    let location = r.location();
    let namespace = r.required(Field::Namespace, "", |v| K8sLabel::parse(Field::Namespace, v));
    let storage_class = r.optional(STORAGE_CLASS, |v| {
        StorageClass::parse(STORAGE_CLASS, v, &STORAGE_CLASSES)
    });
    let auth = match auth {
        Auth::Irsa => irsa(r).map(StackGresAuth::Irsa),
        Auth::StaticKeys => static_keys(r).map(StackGresAuth::StaticKeys),
        // `validate` only calls this with the methods `StackGres::auths` lists.
        Auth::Sts | Auth::PodIdentity => None,
    };
    Some(StackGresSetup {
        location: location?,
        namespace: namespace?,
        storage_class: storage_class?,
        auth: auth?,
    })
}

fn irsa(r: &mut Reader<'_>) -> Option<IrsaSetup> {
    let cluster = r.oidc_cluster();
    let sg_cluster_name = r.required(SG_CLUSTER_NAME, "", |v| K8sName::parse(SG_CLUSTER_NAME, v));
    // StackGres names the service account itself and gives it the annotations of
    // `spec.metadata.annotations.serviceAccount`, so a trust of any other account would admit
    // an account the pods never run as.
    let service_account = sg_cluster_name.as_ref().and_then(|name| {
        let patroni = format!("{name}{PATRONI_SUFFIX}");
        match r.value(Field::ServiceAccount).map(|v| v.into_owned()) {
            Some(given) if given != patroni => r.check(Err(InvalidValueError::new(
                Field::ServiceAccount,
                &given,
                format!(
                    "StackGres runs the pods of SGCluster `{name}` as service account `{patroni}`, which it creates and names itself; leave serviceAccount empty"
                ),
            ))),
            _ => r.check(K8sName::parse(SG_CLUSTER_NAME, &patroni)),
        }
    });
    let role_name = r.required(Field::RoleName, "", |v| IamName::parse(Field::RoleName, v));
    let policy_name = r.required(Field::PolicyName, "", |v| IamName::parse(Field::PolicyName, v));
    Some(IrsaSetup {
        cluster: cluster?,
        service_account: service_account?,
        role_name: role_name?,
        policy_name: policy_name?,
        sg_cluster_name: sg_cluster_name?,
    })
}

fn static_keys(r: &mut Reader<'_>) -> Option<StaticKeysSetup> {
    let sg_cluster_name = r.required(SG_CLUSTER_NAME, "", |v| K8sName::parse(SG_CLUSTER_NAME, v));
    let user_name = r.required(Field::UserName, "", |v| IamName::parse(Field::UserName, v));
    let policy_name = r.required(Field::PolicyName, "", |v| IamName::parse(Field::PolicyName, v));
    Some(StaticKeysSetup {
        sg_cluster_name: sg_cluster_name?,
        user_name: user_name?,
        policy_name: policy_name?,
    })
}
