//! The CloudNativePG setups: static keys of an IAM user, or IRSA; the Cluster, its
//! ObjectStore and where in the bucket the backups go are the same for both.

use super::{CNPG_CLUSTER_NAME, OBJECT_STORE_NAME, PATH_PREFIX, RETENTION_POLICY};
use crate::field::{Auth, Field};
use crate::setup::error::InvalidValueError;
use crate::setup::reader::{OidcCluster, Reader};
use crate::setup::value::{IamName, K8sLabel, K8sName};
use crate::setup::S3Location;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CnpgSetup {
    pub location: S3Location,
    /// The namespace of the Cluster, where its ObjectStore, credentials and ScheduledBackup
    /// must be too: the plugin looks them up in the Cluster's namespace only
    /// (plugin-barman-cloud `internal/cnpgi/operator/config/config.go`).
    pub namespace: K8sLabel,
    pub cluster: CnpgClusterName,
    pub object_store: K8sName,
    pub prefix: PathPrefix,
    pub retention: RetentionPolicy,
    pub auth: CnpgAuth,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CnpgAuth {
    StaticKeys(StaticKeysSetup),
    Irsa(IrsaSetup),
}

/// An IAM user with an inline policy and an access key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaticKeysSetup {
    pub user_name: IamName,
    pub policy_name: IamName,
}

/// A role assumed with a web identity token of the cluster's OIDC issuer, by the service
/// account CloudNativePG names after the Cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IrsaSetup {
    pub cluster: OidcCluster,
    pub role_name: IamName,
    pub policy_name: IamName,
}

/// A CloudNativePG Cluster name: CloudNativePG's webhook admits a DNS-1035 label (it names
/// Services after the Cluster) of at most 50 characters (cloudnative-pg
/// `internal/webhook/v1/cluster_webhook.go`, `validateName`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CnpgClusterName(String);

impl CnpgClusterName {
    pub fn parse(field: Field, value: &str) -> Result<CnpgClusterName, InvalidValueError> {
        let bytes = value.as_bytes();
        let ok = (1..=50).contains(&value.len())
            && bytes.first().is_some_and(u8::is_ascii_lowercase)
            && bytes
                .last()
                .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            && bytes
                .iter()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-');
        if ok {
            Ok(CnpgClusterName(value.to_owned()))
        } else {
            Err(InvalidValueError::new(
                field,
                value,
                "CloudNativePG admits a Cluster name of at most 50 lowercase letters, digits and `-`, starting with a letter and ending with a letter or digit",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The key prefix under which barman-cloud writes `<prefix>/<cluster>/base/…` and
/// `…/wals/…` (barman `barman/cloud.py`). It goes into the ObjectStore's `destinationPath` and
/// into the policy's object ARN, so it is `/`-separated parts of letters, digits, `-`, `_`
/// and `.`: no IAM wildcard (`*`, `?`), no empty part (`//` is a different key in S3), and no
/// `.` or `..` part (the S3 console and many tools read those as directories).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathPrefix(String);

impl PathPrefix {
    pub fn parse(field: Field, value: &str) -> Result<PathPrefix, InvalidValueError> {
        let part_ok = |part: &str| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        };
        if value.len() > 256 {
            Err(InvalidValueError::new(
                field,
                value,
                "the prefix has at most 256 characters",
            ))
        } else if value.split('/').all(part_ok) {
            Ok(PathPrefix(value.to_owned()))
        } else {
            Err(InvalidValueError::new(
                field,
                value,
                "the prefix is `/`-separated parts of letters, digits, `-`, `_` and `.`, with no empty, `.` or `..` part and no `/` at either end",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The ObjectStore's `retentionPolicy`: the CRD's pattern `^[1-9][0-9]*[dwm]$`
/// (plugin-barman-cloud `config/crd/bases/barmancloud.cnpg.io_objectstores.yaml`), which
/// `interfaces/` does not keep, so it is checked here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetentionPolicy(String);

impl RetentionPolicy {
    pub fn parse(field: Field, value: &str) -> Result<RetentionPolicy, InvalidValueError> {
        let ok = value.strip_suffix(['d', 'w', 'm']).is_some_and(|number| {
            (1..=9).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit()) && !number.starts_with('0')
        });
        if ok {
            Ok(RetentionPolicy(value.to_owned()))
        } else {
            Err(InvalidValueError::new(
                field,
                value,
                "the retention is a number from 1 followed by `d` (days), `w` (weeks) or `m` (months), such as `30d`",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub(super) fn read(r: &mut Reader<'_>, auth: Auth) -> Option<CnpgSetup> {
    let location = r.location();
    let namespace = r.required(Field::Namespace, "", |v| K8sLabel::parse(Field::Namespace, v));
    let cluster = r.required(CNPG_CLUSTER_NAME, "", |v| CnpgClusterName::parse(CNPG_CLUSTER_NAME, v));
    let object_store = r.required(OBJECT_STORE_NAME, "", |v| K8sName::parse(OBJECT_STORE_NAME, v));
    let prefix = r.required(PATH_PREFIX, "", |v| PathPrefix::parse(PATH_PREFIX, v));
    let retention = r.required(RETENTION_POLICY, "", |v| RetentionPolicy::parse(RETENTION_POLICY, v));
    if let Some(name) = &cluster {
        refuse_other_service_account(r, name);
    }
    let auth = match auth {
        Auth::Irsa => irsa(r).map(CnpgAuth::Irsa),
        Auth::StaticKeys => static_keys(r).map(CnpgAuth::StaticKeys),
        // `validate` only calls this with the methods `CloudNativePg::auths` lists.
        Auth::Sts | Auth::PodIdentity => None,
    };
    Some(CnpgSetup {
        location: location?,
        namespace: namespace?,
        cluster: cluster?,
        object_store: object_store?,
        prefix: prefix?,
        retention: retention?,
        auth: auth?,
    })
}

/// CloudNativePG creates the Cluster's service account and names it after the Cluster, and
/// the plugin's role binding, which lets the sidecar read the ObjectStore and its secret,
/// names that account and no other (plugin-barman-cloud
/// `internal/cnpgi/operator/specs/role.go`). A Cluster run as another account
/// (`spec.serviceAccountName`) cannot use the plugin, so any other value is refused, with
/// either auth.
fn refuse_other_service_account(r: &mut Reader<'_>, cluster: &CnpgClusterName) {
    let name = cluster.as_str();
    if let Some(given) = r.value(Field::ServiceAccount).map(|v| v.into_owned()) {
        if given != name {
            r.check::<()>(Err(InvalidValueError::new(
                Field::ServiceAccount,
                &given,
                format!(
                    "CloudNativePG runs the pods of Cluster `{name}` as service account `{name}`, which it creates and names after the Cluster, and the Barman Cloud plugin's role binding names that account alone; leave serviceAccount empty"
                ),
            )));
        }
    }
}

fn irsa(r: &mut Reader<'_>) -> Option<IrsaSetup> {
    let cluster = r.oidc_cluster();
    let role_name = r.required(Field::RoleName, "", |v| {
        let name = IamName::parse(Field::RoleName, v)?;
        // `kubectl wait --for jsonpath=…=<value>` waits for the role's ARN on the service
        // account (cluster-role), and kubectl refuses a value with `=` in it ("jsonpath wait
        // format must be …", kubectl 1.32).
        if v.contains('=') {
            return Err(InvalidValueError::new(
                Field::RoleName,
                v,
                "the setup waits for the role's ARN on the Cluster's service account with `kubectl wait`, which cannot compare a value with `=`; choose a name without `=`",
            ));
        }
        Ok(name)
    });
    let policy_name = r.required(Field::PolicyName, "", |v| IamName::parse(Field::PolicyName, v));
    Some(IrsaSetup {
        cluster: cluster?,
        role_name: role_name?,
        policy_name: policy_name?,
    })
}

fn static_keys(r: &mut Reader<'_>) -> Option<StaticKeysSetup> {
    let user_name = r.required(Field::UserName, "", |v| IamName::parse(Field::UserName, v));
    let policy_name = r.required(Field::PolicyName, "", |v| IamName::parse(Field::PolicyName, v));
    Some(StaticKeysSetup {
        user_name: user_name?,
        policy_name: policy_name?,
    })
}
