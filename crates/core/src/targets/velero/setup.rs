//! The Velero setups: the static keys of an IAM user, IRSA, or EKS Pod Identity, each with
//! the bucket, the namespace of the release and whether node-agent is deployed.

use super::{VELERO_NODE_AGENT, VELERO_PREFIX};
use crate::field::{Auth, Field};
use crate::setup::error::InvalidValueError;
use crate::setup::reader::{OidcCluster, Reader};
use crate::setup::value::{AccountId, ClusterName, IamName, K8sLabel};
use crate::setup::S3Location;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VeleroSetup {
    pub location: S3Location,
    /// The namespace of the Helm release, where Velero runs and reads its locations and
    /// schedules.
    pub namespace: K8sLabel,
    /// Where in the bucket Velero writes (`objectStorage.prefix`); `None` for the top level.
    pub prefix: Option<Prefix>,
    /// Whether the chart deploys node-agent (`deployNodeAgent`).
    pub node_agent: bool,
    pub auth: VeleroAuth,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VeleroAuth {
    /// An IAM user with an inline policy and an access key, in the chart's credentials secret.
    StaticKeys { user_name: IamName, policy_name: IamName },
    /// A role assumed with a web identity token of the cluster's OIDC issuer.
    Irsa {
        cluster: OidcCluster,
        role_name: IamName,
        policy_name: IamName,
    },
    /// A role that EKS assumes for the pods of a pod identity association; the role is in the
    /// cluster's account.
    PodIdentity {
        account: AccountId,
        cluster_name: ClusterName,
        role_name: IamName,
        policy_name: IamName,
    },
}

/// A prefix within the bucket: `/`-separated parts of letters, digits, `-`, `_` and `.`.
/// Velero appends `/` itself and puts its folders (`backups/`, `kopia/`, …) below it
/// (velero `pkg/persistence/object_store_layout.go`, `NewObjectStoreLayout`); a leading `/`
/// would make object keys start with `/`, so parts are never empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prefix(String);

/// Long enough for any folder naming scheme, short enough that Velero's object keys below it
/// stay far from S3's 1,024-byte limit.
const PREFIX_MAX: usize = 256;

impl Prefix {
    pub fn parse(field: Field, value: &str) -> Result<Prefix, InvalidValueError> {
        let rule = format!(
            "a prefix is 1 to {PREFIX_MAX} characters of letters, digits, `-`, `_` and `.`, in parts separated by single `/`, without a `/` at either end and without `.` or `..` parts"
        );
        let part_ok = |part: &str| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && part.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        };
        if value.len() <= PREFIX_MAX && value.split('/').all(part_ok) {
            Ok(Prefix(value.to_owned()))
        } else {
            Err(InvalidValueError::new(field, value, rule))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn node_agent(field: Field, value: &str) -> Result<bool, InvalidValueError> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(InvalidValueError::new(
            field,
            value,
            "node-agent is deployed with `true` and left out with `false`",
        )),
    }
}

pub(super) fn read(r: &mut Reader<'_>, auth: Auth) -> Option<VeleroSetup> {
    let location = r.location();
    let namespace = r.required(Field::Namespace, "", |v| K8sLabel::parse(Field::Namespace, v));
    let prefix = r.optional(VELERO_PREFIX, |v| Prefix::parse(VELERO_PREFIX, v));
    let node_agent = r.required(VELERO_NODE_AGENT, "", |v| node_agent(VELERO_NODE_AGENT, v));
    let auth = match auth {
        Auth::StaticKeys => {
            let user_name = r.required(Field::UserName, "", |v| IamName::parse(Field::UserName, v));
            let policy_name = r.required(Field::PolicyName, "", |v| IamName::parse(Field::PolicyName, v));
            Some(VeleroAuth::StaticKeys {
                user_name: user_name?,
                policy_name: policy_name?,
            })
        }
        Auth::Irsa => {
            let cluster = r.oidc_cluster();
            let role_name = r.required(Field::RoleName, "", |v| IamName::parse(Field::RoleName, v));
            let policy_name = r.required(Field::PolicyName, "", |v| IamName::parse(Field::PolicyName, v));
            Some(VeleroAuth::Irsa {
                cluster: cluster?,
                role_name: role_name?,
                policy_name: policy_name?,
            })
        }
        Auth::PodIdentity => {
            let account = r.required(Field::ClusterAccountId, "", |v| {
                AccountId::parse(Field::ClusterAccountId, v)
            });
            let cluster_name = r.required(Field::ClusterName, "", |v| ClusterName::parse(Field::ClusterName, v));
            let role_name = r.required(Field::RoleName, "", |v| IamName::parse(Field::RoleName, v));
            let policy_name = r.required(Field::PolicyName, "", |v| IamName::parse(Field::PolicyName, v));
            Some(VeleroAuth::PodIdentity {
                account: account?,
                cluster_name: cluster_name?,
                role_name: role_name?,
                policy_name: policy_name?,
            })
        }
        // `validate` only calls this with the methods `Velero::auths` lists.
        Auth::Sts => None,
    };
    Some(VeleroSetup {
        location: location?,
        namespace: namespace?,
        prefix: prefix?,
        node_agent: node_agent?,
        auth: auth?,
    })
}
