//! The keys of a setup file: one [`Field`] per key, with the label and help the page shows.
//! This module holds the fields several targets share; a field only one backup system asks
//! for is declared in that target's folder, with the same [`FieldSpec`].

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// What the page and the messages know about a key of the setup file.
#[derive(Debug)]
pub struct FieldSpec {
    /// The camelCase key used in setup files and URL fragments.
    pub key: &'static str,
    /// The label the page shows next to the field.
    pub label: &'static str,
    /// One sentence saying what the field is and where to find its value.
    pub help: &'static str,
    /// How the page lets the user enter the field.
    pub control: Control,
    /// The values a [`Control::Choice`] field is chosen from, as (value, label) pairs, when
    /// they are fixed; the target, auth and partition choices come from their registries.
    pub choices: &'static [(&'static str, &'static str)],
}

/// One key of the setup file and of the page's URL fragment. Two fields are the same when
/// their keys are; keys are unique across every target (a test checks it).
#[derive(Clone, Copy)]
pub struct Field(&'static FieldSpec);

impl Field {
    pub const fn new(spec: &'static FieldSpec) -> Field {
        Field(spec)
    }

    pub fn key(self) -> &'static str {
        self.0.key
    }

    pub fn label(self) -> &'static str {
        self.0.label
    }

    pub fn help(self) -> &'static str {
        self.0.help
    }

    pub fn control(self) -> Control {
        self.0.control
    }

    /// The fixed choices of the field, empty when it has none or they come from a registry.
    pub fn fixed_choices(self) -> &'static [(&'static str, &'static str)] {
        self.0.choices
    }

    /// The label of the empty choice of a [`Control::Choice`] field, or `None` when the
    /// field offers no empty choice once it has a value.
    pub fn empty_choice(self, has_value: bool) -> Option<&'static str> {
        if self == Field::Target || self == Field::Auth {
            // A target and an auth are required, so their empty choice only appears while unset.
            (!has_value).then_some("Choose…")
        } else if self == Field::Partition {
            Some("Infer from region")
        } else {
            Some("Not set")
        }
    }
}

impl PartialEq for Field {
    fn eq(&self, other: &Field) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Field {}

impl Hash for Field {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl PartialOrd for Field {
    fn partial_cmp(&self, other: &Field) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Field {
    fn cmp(&self, other: &Field) -> Ordering {
        self.key().cmp(other.key())
    }
}

impl fmt::Debug for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Field({})", self.key())
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// How the page lets the user enter a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    /// One line of free text.
    Text,
    /// Several lines of free text, such as a PEM certificate.
    MultiLine,
    /// One of a list of values.
    Choice,
}

/// A one-line text field's spec, for the `const` declarations of fields.
pub const fn text_spec(key: &'static str, label: &'static str, help: &'static str) -> FieldSpec {
    FieldSpec {
        key,
        label,
        help,
        control: Control::Text,
        choices: &[],
    }
}

/// A choice field's spec with fixed choices.
pub const fn choice_spec(
    key: &'static str,
    label: &'static str,
    help: &'static str,
    choices: &'static [(&'static str, &'static str)],
) -> FieldSpec {
    FieldSpec {
        key,
        label,
        help,
        control: Control::Choice,
        choices,
    }
}

// The shared fields keep the names of the variants they were, so `Field::Region` reads as
// the key it is.
#[allow(non_upper_case_globals)]
impl Field {
    pub const Target: Field = Field(&choice_spec(
        "target",
        "Backup system",
        "The backup system that writes to the bucket.",
        &[],
    ));
    pub const Auth: Field = Field(&choice_spec(
        "auth",
        "Authentication",
        "How the backup system proves who it is to AWS.",
        &[],
    ));
    pub const Partition: Field = Field(&choice_spec(
        "partition",
        "AWS partition",
        "The AWS partition of the account; left empty, it follows from the region.",
        &[],
    ));
    pub const Region: Field = Field(&text_spec(
        "region",
        "Region",
        "The region of the bucket, for example `us-west-2`.",
    ));
    pub const Bucket: Field = Field(&text_spec(
        "bucket",
        "S3 bucket",
        "The S3 bucket that receives the backups; it is created if it does not exist.",
    ));
    pub const ClusterAccountId: Field = Field(&text_spec(
        "clusterAccountId",
        "Cluster account ID",
        "The 12-digit account of the EKS cluster: `aws sts get-caller-identity --query Account --output text`.",
    ));
    pub const BucketAccountId: Field = Field(&text_spec(
        "bucketAccountId",
        "Bucket account ID",
        "The 12-digit account that owns the bucket; left empty, the cluster account.",
    ));
    pub const PlatformAccountId: Field = Field(&text_spec(
        "platformAccountId",
        "Platform account ID",
        "The 12-digit account of the SaaS platform that assumes the role.",
    ));
    pub const ExternalId: Field = Field(&text_spec(
        "externalId",
        "External ID",
        "The external ID the platform shows for your tenant; it is not a secret.",
    ));
    pub const ClusterName: Field = Field(&text_spec(
        "clusterName",
        "EKS cluster name",
        "The EKS cluster's name, as `aws eks list-clusters --query clusters --output text` prints it.",
    ));
    pub const OidcIssuer: Field = Field(&text_spec(
        "oidcIssuer",
        "OIDC issuer URL",
        "The cluster's OIDC issuer: `aws eks describe-cluster --name <cluster> --query cluster.identity.oidc.issuer --output text`.",
    ));
    pub const Namespace: Field = Field(&text_spec(
        "namespace",
        "Namespace",
        "The Kubernetes namespace of the backup workload.",
    ));
    pub const ServiceAccount: Field = Field(&text_spec(
        "serviceAccount",
        "Service account",
        "The Kubernetes service account the backup pods run as.",
    ));
    pub const RoleName: Field = Field(&text_spec(
        "roleName",
        "IAM role name",
        "The name of the IAM role to create.",
    ));
    pub const PolicyName: Field = Field(&text_spec(
        "policyName",
        "IAM policy name",
        "The name of the IAM policy to create.",
    ));
    pub const UserName: Field = Field(&text_spec(
        "userName",
        "IAM user name",
        "The name of the IAM user to create.",
    ));
    pub const KmsKeyArn: Field = Field(&text_spec(
        "kmsKeyArn",
        "KMS key ARN",
        "The KMS key that encrypts the bucket (SSE-KMS); leave empty for SSE-S3.",
    ));
    pub const CaCertificate: Field = Field(&FieldSpec {
        key: "caCertificate",
        label: "CA certificate (PEM)",
        help: "The CA certificate (or bundle) in PEM format, only when the S3 endpoint uses a custom CA.",
        control: Control::MultiLine,
        choices: &[],
    });
    /// The switch between the vendor's documented policies and their hardened alternatives,
    /// for the targets that offer one.
    pub const Hardened: Field = Field(&choice_spec(
        "hardened",
        "Hardened policies",
        "Whether the scripts use the hardened alternative of each policy that has one (`true`) instead of the vendor's documented policy (`false`, the default).",
        &[("false", "No: the vendor's documented policies"), ("true", "Yes: the hardened alternatives")],
    ));

    /// The fields every target may share, in the order of the form and of the URL fragment;
    /// each target's own fields follow them.
    pub const SHARED: [Field; 19] = [
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
        Field::ServiceAccount,
        Field::RoleName,
        Field::PolicyName,
        Field::UserName,
        Field::KmsKeyArn,
        Field::CaCertificate,
        Field::Hardened,
    ];
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
