//! The Spectro Cloud Palette setups: registering an AWS account as a Palette cloud account
//! with static keys of an IAM user, an STS role with an external ID, or EKS Pod Identity.

use super::{EKS, HUBBLE_ROLE_NAME, HUBBLE_TARGET_ROLE_NAME, IDENTITY_ROLE_NAME, PERMISSION_BOUNDARY_ARN};
use crate::field::{Auth, Field};
use crate::partition::Partition;
use crate::setup::error::InvalidValueError;
use crate::setup::reader::{ids, own_partition, Reader};
use crate::setup::value::{AccountId, CaCertificate, ClusterName, ExternalId, IamName, PolicyArn, Region};

/// The partitions Palette registers AWS accounts in, with the name its wizard gives each.
pub const PALETTE_PARTITIONS: [(Partition, &str); 3] = [
    (Partition::Aws, "AWS"),
    (Partition::AwsUsGov, "AWS US Gov"),
    (Partition::AwsIsoB, "AWS US Secret"),
];

/// The core policies Palette needs on every cloud account, by the names Palette's "Required
/// IAM Policies" page gives them.
pub const CORE_POLICIES: [&str; 4] = [
    "PaletteControllerPolicy",
    "PaletteControlPlanePolicy",
    "PaletteNodesPolicy",
    "PaletteDeploymentPolicy",
];

/// The extra policy Palette needs to deploy EKS clusters.
pub const EKS_POLICY: &str = "PaletteControllersEKSPolicy";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaletteCloudAccountSetup {
    pub partition: Partition,
    /// The region the CLI calls go to; for Pod Identity, the management cluster's region.
    pub region: Region,
    /// The customer managed Palette policies to attach: the four core ones, and the EKS one
    /// when Palette deploys EKS clusters.
    pub policies: Vec<IamName>,
    pub auth: PaletteAuth,
}

impl PaletteCloudAccountSetup {
    /// The name Palette's wizard gives the setup's partition.
    pub fn partition_label(&self) -> &'static str {
        PALETTE_PARTITIONS
            .iter()
            .find(|(p, _)| *p == self.partition)
            .map_or("AWS", |(_, label)| label)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaletteAuth {
    StaticKeys(PaletteStaticKeys),
    Sts(PaletteSts),
    PodIdentity(PalettePodIdentity),
}

/// An IAM user with the Palette policies and an access key, in the registered account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaletteStaticKeys {
    /// The account registered with Palette, where the user and the policies are.
    pub account: AccountId,
    pub user_name: IamName,
    /// The CA of the AWS Secret Cloud endpoints, which that partition's wizard asks for; no
    /// other partition's wizard has the field.
    pub ca_certificate: Option<CaCertificate>,
}

/// A role that Palette's platform account assumes with the tenant's external ID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaletteSts {
    /// The account registered with Palette, where the role and the policies are.
    pub account: AccountId,
    pub platform_account: AccountId,
    pub external_id: ExternalId,
    pub role_name: IamName,
}

/// Self-hosted Palette on an EKS management cluster, whose services get AWS credentials
/// from EKS Pod Identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PalettePodIdentity {
    /// The account of the EKS management cluster that runs Palette.
    pub cluster_account: AccountId,
    pub cluster_name: ClusterName,
    /// The Palette role (its ARN goes into the wizard), in the target account.
    pub palette_role: IamName,
    /// The role of the Hubble service's pod identity association, in the cluster account.
    pub hubble_role: IamName,
    /// The role of the identity service's pod identity association, in the cluster account.
    pub identity_role: IamName,
    pub permission_boundary: Option<PolicyArn>,
    pub accounts: PodIdentityAccounts,
}

/// Whether workload clusters use the management cluster's account or another one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PodIdentityAccounts {
    /// Three roles, all in the management cluster's account.
    Same,
    /// Four roles: the Palette and Hubble target roles in `target_account`, the Hubble and
    /// identity local roles in the management cluster's account.
    Cross {
        target_account: AccountId,
        hubble_target_role: IamName,
    },
}

pub(super) fn read(r: &mut Reader<'_>, auth: Auth) -> Option<PaletteCloudAccountSetup> {
    let partition_and_region = partition_and_region(r);
    let eks = match auth {
        Auth::PodIdentity => Some(true),
        Auth::StaticKeys | Auth::Sts | Auth::Irsa => r.required(EKS, "", |v| parse_switch(EKS, v)),
    };
    let auth = match auth {
        Auth::Sts => sts(r).map(PaletteAuth::Sts),
        Auth::PodIdentity => {
            let partition = partition_and_region.as_ref().map(|(p, _)| *p);
            pod_identity(r, partition).map(PaletteAuth::PodIdentity)
        }
        // `validate` never passes IRSA, which Palette does not document for cloud accounts.
        Auth::Irsa => None,
        Auth::StaticKeys => {
            let account = r.required(Field::ClusterAccountId, "", |v| {
                AccountId::parse(Field::ClusterAccountId, v)
            });
            let user_name = r.required(Field::UserName, "", |v| IamName::parse(Field::UserName, v));
            let partition = partition_and_region.as_ref().map(|(p, _)| *p);
            let ca_certificate = r.optional(Field::CaCertificate, |v| {
                let ca = CaCertificate::parse(Field::CaCertificate, v)?;
                match partition {
                    Some(p) if p != Partition::AwsIsoB => Err(InvalidValueError::new(
                        Field::CaCertificate,
                        v,
                        format!(
                            "only Palette's AWS US Secret (`aws-iso-b`) wizard takes a certificate authority; partition `{}` has no such field",
                            p.id()
                        ),
                    )),
                    _ => Ok(ca),
                }
            });
            Some(PaletteAuth::StaticKeys(PaletteStaticKeys {
                account: account?,
                user_name: user_name?,
                ca_certificate: ca_certificate?,
            }))
        }
    };
    let eks = eks?;
    let names = CORE_POLICIES.iter().chain(eks.then_some(&EKS_POLICY));
    let policies = names
        .map(|name| r.check(IamName::parse(Field::PolicyName, name)))
        .collect::<Option<Vec<_>>>()?;
    let (partition, region) = partition_and_region?;
    Some(PaletteCloudAccountSetup {
        partition,
        region,
        policies,
        auth: auth?,
    })
}

/// The partition (or the region's, when it is left empty) and the region.
fn partition_and_region(r: &mut Reader<'_>) -> Option<(Partition, Region)> {
    let partition = r.optional(Field::Partition, |v| {
        Partition::from_id(v).ok_or_else(|| {
            InvalidValueError::new(
                Field::Partition,
                v,
                format!("the partition is one of {}", ids(Partition::ALL.iter().map(|p| p.id()))),
            )
        })
    });
    // The region is checked for its own shape even when the partition is invalid, so that
    // both problems are reported at once.
    let region = r.required(Field::Region, "", |v| Region::parse(v, partition.flatten()));
    partition?;
    let (region, partition) = region?;
    // The partitions Palette does not offer are refused by `PaletteCloudAccount::unsupported_partition`.
    Some((partition, region))
}

/// A yes-or-no choice, written `true` or `false`.
fn parse_switch(field: Field, value: &str) -> Result<bool, InvalidValueError> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(InvalidValueError::new(field, value, "the value is `true` or `false`")),
    }
}

fn sts(r: &mut Reader<'_>) -> Option<PaletteSts> {
    let account = r.required(Field::ClusterAccountId, "", |v| {
        AccountId::parse(Field::ClusterAccountId, v)
    });
    let platform_account = r.required(Field::PlatformAccountId, "", |v| {
        AccountId::parse(Field::PlatformAccountId, v)
    });
    let external_id = r.required(Field::ExternalId, "", |v| ExternalId::parse(Field::ExternalId, v));
    let role_name = r.required(Field::RoleName, "", |v| IamName::parse(Field::RoleName, v));
    Some(PaletteSts {
        account: account?,
        platform_account: platform_account?,
        external_id: external_id?,
        role_name: role_name?,
    })
}

fn pod_identity(r: &mut Reader<'_>, partition: Option<Partition>) -> Option<PalettePodIdentity> {
    let cluster_account = r.required(Field::ClusterAccountId, "", |v| {
        AccountId::parse(Field::ClusterAccountId, v)
    });
    let target_account = r.required(Field::BucketAccountId, "", |v| {
        AccountId::parse(Field::BucketAccountId, v)
    });
    let cluster_name = r.required(Field::ClusterName, "", |v| ClusterName::parse(Field::ClusterName, v));
    let palette_role = r.required(Field::RoleName, "", |v| IamName::parse(Field::RoleName, v));
    let hubble_role = r.required(HUBBLE_ROLE_NAME, "", |v| IamName::parse(HUBBLE_ROLE_NAME, v));
    let identity_role = r.required(IDENTITY_ROLE_NAME, "", |v| IamName::parse(IDENTITY_ROLE_NAME, v));
    // Read whether or not the accounts differ, so that a bad value is reported either way.
    let hubble_target_role = r.required(HUBBLE_TARGET_ROLE_NAME, "", |v| {
        IamName::parse(HUBBLE_TARGET_ROLE_NAME, v)
    });
    // The boundary's partition can only be checked once the setup's partition is known;
    // when it is not (the partition or region error says why), it is checked against its
    // own ARN's partition, so that its other problems are reported.
    let permission_boundary = r.optional(PERMISSION_BOUNDARY_ARN, |v| {
        PolicyArn::parse(
            PERMISSION_BOUNDARY_ARN,
            v,
            partition.unwrap_or_else(|| own_partition(v)),
        )
    });
    let cluster_account = cluster_account?;
    let target_account = target_account?;
    // Roles of one account need names of their own: with two fields naming one role, the
    // script would create it once and give it both services' policies.
    let same_account = target_account == cluster_account;
    // (field, name, whether the role is in the cluster's account)
    let mut roles = vec![
        (Field::RoleName, palette_role.as_ref(), same_account),
        (HUBBLE_ROLE_NAME, hubble_role.as_ref(), true),
        (IDENTITY_ROLE_NAME, identity_role.as_ref(), true),
    ];
    if !same_account {
        roles.push((HUBBLE_TARGET_ROLE_NAME, hubble_target_role.as_ref(), false));
    }
    let mut clash = None;
    for (i, (field, name, in_cluster)) in roles.iter().enumerate() {
        let earlier = roles.iter().take(i).find(|(_, other, other_in_cluster)| {
            other_in_cluster == in_cluster && name.is_some() && other.map(IamName::as_str) == name.map(IamName::as_str)
        });
        if let (Some((first, _, _)), Some(name)) = (earlier, name) {
            clash = Some(InvalidValueError::new(
                *field,
                name.as_str(),
                format!("{first} names the same role; each role of the setup needs a name of its own in its account"),
            ));
            break;
        }
    }
    if let Some(error) = clash {
        r.check::<()>(Err(error))?;
    }
    let accounts = if same_account {
        PodIdentityAccounts::Same
    } else {
        PodIdentityAccounts::Cross {
            target_account,
            hubble_target_role: hubble_target_role?,
        }
    };
    Some(PalettePodIdentity {
        cluster_account,
        cluster_name: cluster_name?,
        palette_role: palette_role?,
        hubble_role: hubble_role?,
        identity_role: identity_role?,
        permission_boundary: permission_boundary?,
        accounts,
    })
}
