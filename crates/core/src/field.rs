//! The keys of a setup file: one [`Field`] per key, with the label and help the page shows.

use crate::partition::Partition;
use crate::setup::RawSetup;
use std::fmt;

/// One key of the setup file and of the page's URL fragment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Target,
    Auth,
    Partition,
    Region,
    Bucket,
    ClusterAccountId,
    BucketAccountId,
    PlatformAccountId,
    ExternalId,
    ClusterName,
    OidcIssuer,
    Namespace,
    ControlPlaneGroup,
    ControlPlanes,
    ControlPlaneNamespaces,
    ServiceAccount,
    RoleName,
    PolicyName,
    UserName,
    StorageClass,
    KmsKeyArn,
    SgClusterName,
    Eks,
    PermissionBoundaryArn,
    HubbleRoleName,
    IdentityRoleName,
    HubbleTargetRoleName,
    LocationName,
    TrustedRoleName,
    CaCertificate,
    S3Url,
}

impl Field {
    /// Every field, in the order of the form and of the URL fragment.
    pub const ALL: [Field; 31] = [
        Field::Target,
        Field::Auth,
        Field::Partition,
        Field::Region,
        Field::Bucket,
        Field::ClusterAccountId,
        Field::BucketAccountId,
        Field::PlatformAccountId,
        Field::ExternalId,
        Field::ClusterName,
        Field::OidcIssuer,
        Field::Namespace,
        Field::ControlPlaneGroup,
        Field::ControlPlanes,
        Field::ControlPlaneNamespaces,
        Field::ServiceAccount,
        Field::RoleName,
        Field::PolicyName,
        Field::UserName,
        Field::StorageClass,
        Field::KmsKeyArn,
        Field::SgClusterName,
        Field::Eks,
        Field::PermissionBoundaryArn,
        Field::HubbleRoleName,
        Field::IdentityRoleName,
        Field::HubbleTargetRoleName,
        Field::LocationName,
        Field::TrustedRoleName,
        Field::CaCertificate,
        Field::S3Url,
    ];

    /// The camelCase key used in setup files and URL fragments.
    pub fn key(self) -> &'static str {
        match self {
            Field::Target => "target",
            Field::Auth => "auth",
            Field::Partition => "partition",
            Field::Region => "region",
            Field::Bucket => "bucket",
            Field::ClusterAccountId => "clusterAccountId",
            Field::BucketAccountId => "bucketAccountId",
            Field::PlatformAccountId => "platformAccountId",
            Field::ExternalId => "externalId",
            Field::ClusterName => "clusterName",
            Field::OidcIssuer => "oidcIssuer",
            Field::Namespace => "namespace",
            Field::ControlPlaneGroup => "controlPlaneGroup",
            Field::ControlPlanes => "controlPlanes",
            Field::ControlPlaneNamespaces => "controlPlaneNamespaces",
            Field::ServiceAccount => "serviceAccount",
            Field::RoleName => "roleName",
            Field::PolicyName => "policyName",
            Field::UserName => "userName",
            Field::StorageClass => "storageClass",
            Field::KmsKeyArn => "kmsKeyArn",
            Field::SgClusterName => "sgClusterName",
            Field::Eks => "eks",
            Field::PermissionBoundaryArn => "permissionBoundaryArn",
            Field::HubbleRoleName => "hubbleRoleName",
            Field::IdentityRoleName => "identityRoleName",
            Field::HubbleTargetRoleName => "hubbleTargetRoleName",
            Field::LocationName => "locationName",
            Field::TrustedRoleName => "trustedRoleName",
            Field::CaCertificate => "caCertificate",
            Field::S3Url => "s3Url",
        }
    }

    /// The field whose key is `key`, compared exactly (keys are case-sensitive).
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The label the page shows next to the field.
    pub fn label(self) -> &'static str {
        match self {
            Field::Target => "Backup system",
            Field::Auth => "Authentication",
            Field::Partition => "AWS partition",
            Field::Region => "Region",
            Field::Bucket => "S3 bucket",
            Field::ClusterAccountId => "Cluster account ID",
            Field::BucketAccountId => "Bucket account ID",
            Field::PlatformAccountId => "Platform account ID",
            Field::ExternalId => "External ID",
            Field::ClusterName => "EKS cluster name",
            Field::OidcIssuer => "OIDC issuer URL",
            Field::Namespace => "Namespace",
            Field::ControlPlaneGroup => "Control plane group",
            Field::ControlPlanes => "Control planes",
            Field::ControlPlaneNamespaces => "Control planes' host namespaces",
            Field::ServiceAccount => "Service account",
            Field::RoleName => "IAM role name",
            Field::PolicyName => "IAM policy name",
            Field::UserName => "IAM user name",
            Field::StorageClass => "S3 storage class",
            Field::KmsKeyArn => "KMS key ARN",
            Field::SgClusterName => "SGCluster name",
            Field::Eks => "EKS workload clusters",
            Field::PermissionBoundaryArn => "Permission boundary ARN",
            Field::HubbleRoleName => "Hubble service role name",
            Field::IdentityRoleName => "Identity service role name",
            Field::HubbleTargetRoleName => "Hubble target role name",
            Field::LocationName => "Backup location name",
            Field::TrustedRoleName => "Trusted role in the cluster account",
            Field::CaCertificate => "CA certificate (PEM)",
            Field::S3Url => "S3 URL",
        }
    }

    /// One sentence saying what the field is and where to find its value.
    pub fn help(self) -> &'static str {
        match self {
            Field::Target => "The backup system that writes to the bucket.",
            Field::Auth => "How the backup system proves who it is to AWS.",
            Field::Partition => "The AWS partition of the account; left empty, it follows from the region.",
            Field::Region => "The region of the bucket, for example `us-west-2`.",
            Field::Bucket => "The S3 bucket that receives the backups; it is created if it does not exist.",
            Field::ClusterAccountId => {
                "The 12-digit account of the EKS cluster: `aws sts get-caller-identity --query Account`."
            }
            Field::BucketAccountId => "The 12-digit account that owns the bucket; left empty, the cluster account.",
            Field::PlatformAccountId => "The 12-digit account of the SaaS platform that assumes the role.",
            Field::ExternalId => "The external ID the platform shows for your tenant; it is not a secret.",
            Field::ClusterName => "The EKS cluster's name, as `aws eks list-clusters` prints it.",
            Field::OidcIssuer => {
                "The cluster's OIDC issuer: `aws eks describe-cluster --query cluster.identity.oidc.issuer`."
            }
            Field::Namespace => "The Kubernetes namespace of the backup workload.",
            Field::ControlPlaneGroup => {
                "The control plane group: the namespace of the Space that holds the ControlPlane objects and the backup configuration."
            }
            Field::ControlPlanes => {
                "The control planes to back up, comma-separated: `kubectl get controlplanes --namespace <group>`."
            }
            Field::ControlPlaneNamespaces => {
                "Each control plane's host namespace, comma-separated: `mxp-<status.controlPlaneID>-system`, where its mxp-controller runs."
            }
            Field::ServiceAccount => "The Kubernetes service account the backup pods run as.",
            Field::RoleName => "The name of the IAM role to create.",
            Field::PolicyName => "The name of the IAM policy to create.",
            Field::UserName => "The name of the IAM user to create.",
            Field::StorageClass => "The S3 storage class of the backup objects; empty means `STANDARD`.",
            Field::KmsKeyArn => "The KMS key that encrypts the bucket (SSE-KMS); leave empty for SSE-S3.",
            Field::SgClusterName => "The name of the SGCluster whose backups go to the bucket.",
            Field::Eks => "Whether Palette deploys EKS clusters too, which needs `PaletteControllersEKSPolicy`.",
            Field::PermissionBoundaryArn => {
                "An IAM policy ARN Palette sets as the permission boundary of the roles it creates; optional."
            }
            Field::HubbleRoleName => {
                "The IAM role of Palette's Hubble service (`hubble-system/spectro-hubble`), in the cluster account."
            }
            Field::IdentityRoleName => {
                "The IAM role of Palette's identity service (`palette-identity/palette-identity`), in the cluster account."
            }
            Field::HubbleTargetRoleName => {
                "The IAM role the Hubble service reaches in the other account, when the roles' account differs."
            }
            Field::LocationName => "The name the backup location gets in Palette; left empty, the bucket name.",
            Field::TrustedRoleName => {
                "A role of the cluster account that may assume the backup role; left empty, the whole cluster account."
            }
            Field::CaCertificate => {
                "The CA certificate (or bundle) in PEM format, only when the S3 endpoint uses a custom CA."
            }
            Field::S3Url => {
                "The S3 endpoint URL, only when not the region's default; the wizard then needs Force S3 path style."
            }
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The backup system the setup is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    StackGres,
    UpboundSpaces,
    PaletteCloudAccount,
    PaletteBackupLocation,
}

impl Target {
    /// Every target, in the order the page offers them.
    pub const ALL: [Target; 4] = [
        Target::StackGres,
        Target::PaletteBackupLocation,
        Target::PaletteCloudAccount,
        Target::UpboundSpaces,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Target::StackGres => "stackgres",
            Target::UpboundSpaces => "upbound-spaces",
            Target::PaletteCloudAccount => "palette-cloud-account",
            Target::PaletteBackupLocation => "palette-backup-location",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Target::StackGres => "StackGres (Postgres backups)",
            Target::UpboundSpaces => "Upbound Spaces (control plane backups)",
            Target::PaletteCloudAccount => "Spectro Cloud Palette (AWS cloud account)",
            Target::PaletteBackupLocation => "Spectro Cloud Palette backup location",
        }
    }

    pub fn from_id(id: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.id() == id)
    }

    /// The authentication methods the vendor documents for this target.
    pub fn auths(self) -> &'static [Auth] {
        match self {
            Target::StackGres => &[Auth::StaticKeys, Auth::Irsa],
            Target::UpboundSpaces => &[Auth::Irsa, Auth::PodIdentity],
            Target::PaletteCloudAccount => &[Auth::StaticKeys, Auth::Sts, Auth::PodIdentity],
            Target::PaletteBackupLocation => &[Auth::Sts],
        }
    }

    /// The fields that matter for this target and authentication, in form order.
    /// Fields outside this list are kept but not validated or used.
    pub fn fields(self, auth: Auth) -> &'static [Field] {
        match (self, auth) {
            (Target::StackGres, Auth::Irsa) => &[
                Field::Partition,
                Field::Region,
                Field::Bucket,
                Field::ClusterAccountId,
                Field::ClusterName,
                Field::OidcIssuer,
                Field::Namespace,
                Field::RoleName,
                Field::PolicyName,
                Field::SgClusterName,
                Field::StorageClass,
                Field::KmsKeyArn,
            ],
            (Target::StackGres, _) => &[
                Field::Partition,
                Field::Region,
                Field::Bucket,
                Field::Namespace,
                Field::SgClusterName,
                Field::UserName,
                Field::PolicyName,
                Field::StorageClass,
                Field::KmsKeyArn,
            ],
            // mxp-controller's service account is fixed by the Spaces chart, so it is no field.
            // Spaces runs one mxp-controller per control plane, in that control plane's host
            // namespace, so every control plane's namespace is listed; the backup objects go
            // into the group's namespace.
            (Target::UpboundSpaces, Auth::Irsa) => &[
                Field::Partition,
                Field::Region,
                Field::Bucket,
                Field::ClusterAccountId,
                Field::ClusterName,
                Field::OidcIssuer,
                Field::ControlPlaneGroup,
                Field::ControlPlanes,
                Field::ControlPlaneNamespaces,
                Field::RoleName,
                Field::PolicyName,
                Field::KmsKeyArn,
            ],
            (Target::UpboundSpaces, _) => &[
                Field::Partition,
                Field::Region,
                Field::Bucket,
                Field::ClusterAccountId,
                Field::ClusterName,
                Field::ControlPlaneGroup,
                Field::ControlPlanes,
                Field::ControlPlaneNamespaces,
                Field::RoleName,
                Field::PolicyName,
                Field::KmsKeyArn,
            ],
            (Target::PaletteCloudAccount, Auth::Sts) => &[
                Field::Partition,
                Field::Region,
                Field::ClusterAccountId,
                Field::PlatformAccountId,
                Field::ExternalId,
                Field::RoleName,
                Field::Eks,
            ],
            // Pod Identity workload clusters are EKS clusters only, so the EKS policy is
            // always attached and `eks` is not asked.
            (Target::PaletteCloudAccount, Auth::PodIdentity) => &[
                Field::Partition,
                Field::Region,
                Field::ClusterAccountId,
                Field::BucketAccountId,
                Field::ClusterName,
                Field::RoleName,
                Field::HubbleRoleName,
                Field::IdentityRoleName,
                Field::HubbleTargetRoleName,
                Field::PermissionBoundaryArn,
            ],
            // The certificate authority is a field of the AWS US Secret wizard only.
            (Target::PaletteCloudAccount, _) => &[
                Field::Partition,
                Field::Region,
                Field::ClusterAccountId,
                Field::UserName,
                Field::Eks,
                Field::CaCertificate,
            ],
            (Target::PaletteBackupLocation, _) => &[
                Field::Partition,
                Field::Region,
                Field::Bucket,
                Field::PlatformAccountId,
                Field::ExternalId,
                Field::ClusterAccountId,
                Field::BucketAccountId,
                Field::TrustedRoleName,
                Field::RoleName,
                Field::PolicyName,
                Field::KmsKeyArn,
                Field::LocationName,
                Field::CaCertificate,
                Field::S3Url,
            ],
        }
    }

    /// The value a field takes when the setup leaves it empty, where the vendor's
    /// documentation (or the system itself) gives one. Some defaults derive from other
    /// fields, so the rest of the setup is passed in.
    pub fn default_value(self, auth: Auth, field: Field, raw: &RawSetup) -> Option<String> {
        let literal = |s: &str| Some(s.to_owned());
        match (self, auth, field) {
            (Target::StackGres, _, Field::Namespace) => literal("default"),
            (Target::StackGres, Auth::Irsa, Field::RoleName) => literal("StackGresBackupRole"),
            (Target::StackGres, Auth::Irsa, Field::PolicyName) => literal("StackGresBackupPolicy"),
            (Target::StackGres, _, Field::SgClusterName) => literal("my-cluster"),
            (Target::StackGres, Auth::StaticKeys, Field::UserName) => literal("stackgres-backup-user"),
            (Target::StackGres, Auth::StaticKeys, Field::PolicyName) => literal("stackgres-backup-user-policy"),
            // The Upbound guide names the role `backup-restore-role`; it names no policy, so the
            // policy is named after the role. The control planes and their host namespaces have
            // no default: Spaces creates a host namespace per control plane.
            (Target::UpboundSpaces, _, Field::RoleName) => literal("backup-restore-role"),
            // The group Spaces's own examples use, and the namespace a control plane lands in
            // when none is named.
            (Target::UpboundSpaces, _, Field::ControlPlaneGroup) => literal("default"),
            (Target::UpboundSpaces, _, Field::PolicyName) => literal("backup-restore-policy"),
            (Target::PaletteCloudAccount, _, Field::Eks) => literal("false"),
            // The seed names no IAM user; this name follows its `SpectroCloudRole`.
            (Target::PaletteCloudAccount, Auth::StaticKeys, Field::UserName) => literal("SpectroCloudUser"),
            (Target::PaletteCloudAccount, Auth::Sts, Field::RoleName) => literal("SpectroCloudRole"),
            // The roles go to the cluster's account unless another account is named.
            (Target::PaletteCloudAccount, Auth::PodIdentity, Field::BucketAccountId) => {
                raw.get(Field::ClusterAccountId).map(str::to_owned)
            }
            // The seed's example role names differ between its same-account and its
            // cross-account tables.
            (Target::PaletteCloudAccount, Auth::PodIdentity, Field::RoleName) => {
                literal(if palette_cross_account(raw) {
                    "SpectroCloudPaletteTargetRole"
                } else {
                    "SpectroCloudPaletteRole"
                })
            }
            (Target::PaletteCloudAccount, Auth::PodIdentity, Field::HubbleRoleName) => {
                literal(if palette_cross_account(raw) {
                    "SpectroCloudHubbleLocalRole"
                } else {
                    "SpectroCloudHubbleRole"
                })
            }
            (Target::PaletteCloudAccount, Auth::PodIdentity, Field::IdentityRoleName) => {
                literal(if palette_cross_account(raw) {
                    "SpectroCloudIdentityLocalRole"
                } else {
                    "SpectroCloudIdentityRole"
                })
            }
            (Target::PaletteCloudAccount, Auth::PodIdentity, Field::HubbleTargetRoleName) => {
                literal("SpectroCloudHubbleTargetRole")
            }
            // Palette's documentation leaves the role and policy names to the user ("your
            // choice"); these say what the role is for.
            (Target::PaletteBackupLocation, _, Field::RoleName) => literal("PaletteBackupLocationRole"),
            (Target::PaletteBackupLocation, _, Field::PolicyName) => literal("PaletteBackupLocationPolicy"),
            // The documentation leaves the location name to the user too; the bucket's name
            // says where the backups go.
            (Target::PaletteBackupLocation, _, Field::LocationName) => raw.get(Field::Bucket).map(str::to_owned),
            _ => None,
        }
    }
}

/// Whether a Palette Pod Identity setup puts its Palette and Hubble target roles in another
/// account than the management cluster's: `bucketAccountId` is set and differs.
fn palette_cross_account(raw: &RawSetup) -> bool {
    match (raw.get(Field::ClusterAccountId), raw.get(Field::BucketAccountId)) {
        (Some(cluster), Some(target)) => cluster != target,
        _ => false,
    }
}

/// How the workload authenticates to AWS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Auth {
    StaticKeys,
    Sts,
    Irsa,
    PodIdentity,
}

impl Auth {
    pub const ALL: [Auth; 4] = [Auth::StaticKeys, Auth::Sts, Auth::Irsa, Auth::PodIdentity];

    pub fn id(self) -> &'static str {
        match self {
            Auth::StaticKeys => "static-keys",
            Auth::Sts => "sts",
            Auth::Irsa => "irsa",
            Auth::PodIdentity => "pod-identity",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Auth::StaticKeys => "Static access keys (IAM user)",
            Auth::Sts => "STS AssumeRole with an external ID",
            Auth::Irsa => "IAM roles for service accounts (IRSA)",
            Auth::PodIdentity => "EKS Pod Identity",
        }
    }

    pub fn from_id(id: &str) -> Option<Auth> {
        Auth::ALL.into_iter().find(|a| a.id() == id)
    }
}

/// The S3 storage classes StackGres documents for backups.
pub const STACKGRES_STORAGE_CLASSES: [&str; 3] = ["STANDARD", "STANDARD_IA", "REDUCED_REDUNDANCY"];

/// How the page lets the user enter a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    /// One line of free text.
    Text,
    /// Several lines of free text, such as a PEM certificate.
    MultiLine,
    /// One of a fixed list of values, given by [`Field::choices`].
    Choice,
}

impl Field {
    /// How the page lets the user enter this field.
    pub fn control(self) -> Control {
        match self {
            Field::Target | Field::Auth | Field::Partition | Field::StorageClass | Field::Eks => Control::Choice,
            Field::CaCertificate => Control::MultiLine,
            _ => Control::Text,
        }
    }

    /// The values a [`Control::Choice`] field is chosen from, as (value, label) pairs;
    /// `None` for free-text fields. The auth methods are those the chosen target's vendor
    /// documents, and all of them while the target is unknown, so a choice is never lost.
    pub fn choices(self, target: Option<Target>) -> Option<Vec<(&'static str, &'static str)>> {
        match self {
            Field::Target => Some(Target::ALL.iter().map(|t| (t.id(), t.label())).collect()),
            Field::Auth => {
                let auths: &[Auth] = match target {
                    Some(target) => target.auths(),
                    None => &Auth::ALL,
                };
                Some(auths.iter().map(|a| (a.id(), a.label())).collect())
            }
            Field::Partition => Some(Partition::ALL.iter().map(|p| (p.id(), p.label())).collect()),
            Field::StorageClass => Some(STACKGRES_STORAGE_CLASSES.iter().map(|c| (*c, *c)).collect()),
            Field::Eks => Some(vec![
                ("false", "No: IaaS clusters only"),
                ("true", "Yes: EKS clusters too"),
            ]),
            _ => None,
        }
    }

    /// The label of the empty choice of a [`Control::Choice`] field, or `None` when the
    /// field offers no empty choice once it has a value.
    pub fn empty_choice(self, has_value: bool) -> Option<&'static str> {
        match self {
            // A target and an auth are required, so their empty choice only appears while unset.
            Field::Target | Field::Auth => (!has_value).then_some("Choose…"),
            Field::Partition => Some("Infer from region"),
            _ => Some("Not set"),
        }
    }
}
