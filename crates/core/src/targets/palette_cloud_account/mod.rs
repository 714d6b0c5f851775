//! Spectro Cloud Palette cloud accounts (Palette documentation, "Add an AWS Account to
//! Palette"): registering an AWS account with static keys of an IAM user, an STS role with an
//! external ID, or EKS Pod Identity.

mod generate;
mod setup;

pub use setup::{
    PaletteAuth, PaletteCloudAccountSetup, PalettePodIdentity, PaletteStaticKeys, PaletteSts, PodIdentityAccounts,
    CORE_POLICIES, EKS_POLICY, PALETTE_PARTITIONS,
};

use super::{literal_default, Generator, Remedy, Target, Warranted};
use crate::field::{choice_spec, text_spec, Auth, Field};
use crate::partition::Partition;
use crate::setup::reader::Reader;
use crate::setup::RawSetup;

pub const EKS: Field = Field::new(&choice_spec(
    "eks",
    "EKS workload clusters",
    "Whether Palette deploys EKS clusters too, which needs `PaletteControllersEKSPolicy`.",
    &[("false", "No: IaaS clusters only"), ("true", "Yes: EKS clusters too")],
));

pub const PERMISSION_BOUNDARY_ARN: Field = Field::new(&text_spec(
    "permissionBoundaryArn",
    "Permission boundary ARN",
    "An IAM policy ARN Palette sets as the permission boundary of the roles it creates; optional.",
));

pub const HUBBLE_ROLE_NAME: Field = Field::new(&text_spec(
    "hubbleRoleName",
    "Hubble service role name",
    "The IAM role of Palette's Hubble service (`hubble-system/spectro-hubble`), in the cluster account.",
));

pub const IDENTITY_ROLE_NAME: Field = Field::new(&text_spec(
    "identityRoleName",
    "Identity service role name",
    "The IAM role of Palette's identity service (`palette-identity/palette-identity`), in the cluster account.",
));

pub const HUBBLE_TARGET_ROLE_NAME: Field = Field::new(&text_spec(
    "hubbleTargetRoleName",
    "Hubble target role name",
    "The IAM role the Hubble service reaches in the other account, when the roles' account differs.",
));

/// The seed names no IAM user; this name follows its `SpectroCloudRole`.
const DEFAULTS: &[(Option<Auth>, Field, &str)] = &[
    (None, EKS, "false"),
    (Some(Auth::StaticKeys), Field::UserName, "SpectroCloudUser"),
    (Some(Auth::Sts), Field::RoleName, "SpectroCloudRole"),
    (
        Some(Auth::PodIdentity),
        HUBBLE_TARGET_ROLE_NAME,
        "SpectroCloudHubbleTargetRole",
    ),
];

/// The seed's example role names, which differ between its same-account and its
/// cross-account tables: (field, same account, cross account).
const POD_IDENTITY_ROLES: &[(Field, &str, &str)] = &[
    (
        Field::RoleName,
        "SpectroCloudPaletteRole",
        "SpectroCloudPaletteTargetRole",
    ),
    (
        HUBBLE_ROLE_NAME,
        "SpectroCloudHubbleRole",
        "SpectroCloudHubbleLocalRole",
    ),
    (
        IDENTITY_ROLE_NAME,
        "SpectroCloudIdentityRole",
        "SpectroCloudIdentityLocalRole",
    ),
];

/// Whether a Palette Pod Identity setup puts its Palette and Hubble target roles in another
/// account than the management cluster's: `bucketAccountId` is set and differs.
fn cross_account(raw: &RawSetup) -> bool {
    match (raw.get(Field::ClusterAccountId), raw.get(Field::BucketAccountId)) {
        (Some(cluster), Some(target)) => cluster != target,
        _ => false,
    }
}

pub struct PaletteCloudAccount;

impl Target for PaletteCloudAccount {
    fn id(&self) -> &'static str {
        "palette-cloud-account"
    }

    fn label(&self) -> &'static str {
        "Spectro Cloud Palette (AWS cloud account)"
    }

    fn docs(&self) -> (&'static str, &'static str) {
        ("https://docs.spectrocloud.com/", "Palette's documentation")
    }

    fn auths(&self) -> &'static [Auth] {
        &[Auth::StaticKeys, Auth::Sts, Auth::PodIdentity]
    }

    fn auths_not_offered(&self) -> &'static [(Auth, &'static str)] {
        &[(
            Auth::Irsa,
            "Palette's cloud-account wizard offers access keys, STS and EKS Pod Identity, not IRSA",
        )]
    }

    fn unsupported_partition(&self, auth: Auth, partition: Partition) -> Option<&'static str> {
        if !PALETTE_PARTITIONS.iter().any(|(p, _)| *p == partition) {
            Some("Palette registers AWS accounts only in partitions `aws`, `aws-us-gov`, `aws-iso-b`")
        } else if auth == Auth::Sts && partition == Partition::AwsIsoB {
            // Palette's AWS Secret Cloud section documents static keys, SCAP credentials and
            // EKS Pod Identity, but no STS.
            Some("Palette offers STS only in partitions `aws` and `aws-us-gov`; use `static-keys` or `pod-identity`")
        } else {
            None
        }
    }

    fn own_fields(&self) -> &'static [Field] {
        &[
            EKS,
            PERMISSION_BOUNDARY_ARN,
            HUBBLE_ROLE_NAME,
            IDENTITY_ROLE_NAME,
            HUBBLE_TARGET_ROLE_NAME,
        ]
    }

    fn fields(&self, auth: Auth) -> &'static [Field] {
        match auth {
            Auth::Sts => &[
                Field::Partition,
                Field::Region,
                Field::ClusterAccountId,
                Field::PlatformAccountId,
                Field::ExternalId,
                Field::RoleName,
                EKS,
            ],
            // Pod Identity workload clusters are EKS clusters only, so the EKS policy is
            // always attached and `eks` is not asked.
            Auth::PodIdentity => &[
                Field::Partition,
                Field::Region,
                Field::ClusterAccountId,
                Field::BucketAccountId,
                Field::ClusterName,
                Field::RoleName,
                HUBBLE_ROLE_NAME,
                IDENTITY_ROLE_NAME,
                HUBBLE_TARGET_ROLE_NAME,
                PERMISSION_BOUNDARY_ARN,
            ],
            // The certificate authority is a field of the AWS US Secret wizard only.
            _ => &[
                Field::Partition,
                Field::Region,
                Field::ClusterAccountId,
                Field::UserName,
                EKS,
                Field::CaCertificate,
            ],
        }
    }

    fn default_value(&self, auth: Auth, field: Field, raw: &RawSetup) -> Option<String> {
        if auth == Auth::PodIdentity {
            // The roles go to the cluster's account unless another account is named.
            if field == Field::BucketAccountId {
                return raw.get(Field::ClusterAccountId).map(str::to_owned);
            }
            if let Some((_, same, cross)) = POD_IDENTITY_ROLES.iter().find(|(f, _, _)| *f == field) {
                return Some((if cross_account(raw) { cross } else { same }).to_string());
            }
        }
        literal_default(DEFAULTS, auth, field)
    }

    fn warranted_findings(&self) -> &'static [Warranted] {
        const POD_IDENTITY: Option<Auth> = Some(Auth::PodIdentity);
        &[
            Warranted {
                auth: POD_IDENTITY,
                artifact: "hubble-permission-policy",
                rule: "wildcard-resource-with-kms",
                why: "Palette's Hubble policy reads KMS key metadata on `*` to validate the account",
                remedy: Remedy::Hardened,
            },
            Warranted {
                auth: POD_IDENTITY,
                artifact: "palette-permission-policy",
                rule: "pass-role-on-wildcard",
                why: "Palette's controller policy passes the roles of the clusters it creates, whose names it does not know in advance",
                remedy: Remedy::Hardened,
            },
            Warranted {
                auth: POD_IDENTITY,
                artifact: "palette-permission-policy",
                rule: "wildcard-resource-with-write",
                why: "Palette's pod identity policy creates and deletes pod identity associations on `*` (Palette docs, EKS Pod Identity)",
                remedy: Remedy::Hardened,
            },
            Warranted {
                auth: POD_IDENTITY,
                artifact: "identity-permission-policy",
                rule: "wildcard-resource-with-write",
                why: "Palette's pod identity policy creates and deletes pod identity associations on `*` (Palette docs, EKS Pod Identity)",
                remedy: Remedy::Hardened,
            },
            Warranted {
                auth: POD_IDENTITY,
                artifact: "palette-trust-policy",
                rule: "tag-session-outside-pod-identity",
                why: "the cross-account identity role chains EKS Pod Identity's session tags to Palette's role",
                remedy: Remedy::Hardened,
            },
        ]
    }

    fn read(&self, reader: &mut Reader<'_>, auth: Auth) -> Option<Box<dyn Generator>> {
        setup::read(reader, auth).map(|s| Box::new(s) as Box<dyn Generator>)
    }
}

impl Generator for PaletteCloudAccountSetup {
    fn generate(&self, policies: super::Policies) -> Vec<crate::artifact::Artifact> {
        generate::generate(self, policies)
    }
}
