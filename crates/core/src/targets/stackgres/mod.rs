//! StackGres (Postgres backups to S3, StackGres documentation "Backups on AWS S3"): static
//! keys of an IAM user, or IAM roles for service accounts.

mod backups;
mod generate;
mod setup;

pub use setup::{IrsaSetup, StackGresAuth, StackGresSetup, StaticKeysSetup};

use super::{literal_default, Generator, Target};
use crate::field::{choice_spec, text_spec, Auth, Field};
use crate::readback::{BackupsOn, Facts, Interface, OperatorServiceAccount};
use crate::setup::reader::Reader;
use crate::setup::RawSetup;

/// The S3 storage classes StackGres documents for backups.
pub const STORAGE_CLASSES: [&str; 3] = ["STANDARD", "STANDARD_IA", "REDUCED_REDUNDANCY"];

pub const SG_CLUSTER_NAME: Field = Field::new(&text_spec(
    "sgClusterName",
    "SGCluster name",
    "The name of the SGCluster whose backups go to the bucket.",
));

pub const STORAGE_CLASS: Field = Field::new(&choice_spec(
    "storageClass",
    "S3 storage class",
    "The S3 storage class of the backup objects; empty means `STANDARD`.",
    &[
        ("STANDARD", "STANDARD"),
        ("STANDARD_IA", "STANDARD_IA"),
        ("REDUCED_REDUNDANCY", "REDUCED_REDUNDANCY"),
    ],
));

/// The suffix StackGres adds to an SGCluster's name to name the service account the
/// cluster's pods run as (`PatroniUtil.roleName` in StackGres 1.18).
pub(crate) const PATRONI_SUFFIX: &str = "-patroni";

/// The defaults of the StackGres documentation's examples: (the auth they apply to, or all,
/// the field, the value).
const DEFAULTS: &[(Option<Auth>, Field, &str)] = &[
    (None, Field::Namespace, "default"),
    (None, SG_CLUSTER_NAME, "my-cluster"),
    (Some(Auth::Irsa), Field::RoleName, "StackGresBackupRole"),
    (Some(Auth::Irsa), Field::PolicyName, "StackGresBackupPolicy"),
    (Some(Auth::StaticKeys), Field::UserName, "stackgres-backup-user"),
    (
        Some(Auth::StaticKeys),
        Field::PolicyName,
        "stackgres-backup-user-policy",
    ),
];

pub struct StackGres;

impl Target for StackGres {
    fn id(&self) -> &'static str {
        "stackgres"
    }

    fn label(&self) -> &'static str {
        "StackGres (Postgres backups)"
    }

    fn docs(&self) -> (&'static str, &'static str) {
        (
            "https://stackgres.io/doc/latest/reference/crd/sgbackup",
            "StackGres's backup reference",
        )
    }

    fn auths(&self) -> &'static [Auth] {
        &[Auth::StaticKeys, Auth::Irsa]
    }

    fn own_fields(&self) -> &'static [Field] {
        &[SG_CLUSTER_NAME, STORAGE_CLASS]
    }

    fn fields(&self, auth: Auth) -> &'static [Field] {
        match auth {
            Auth::Irsa => &[
                Field::Partition,
                Field::Region,
                Field::Bucket,
                Field::ClusterAccountId,
                Field::ClusterName,
                Field::OidcIssuer,
                Field::Namespace,
                Field::RoleName,
                Field::PolicyName,
                SG_CLUSTER_NAME,
                STORAGE_CLASS,
                Field::KmsKeyArn,
            ],
            _ => &[
                Field::Partition,
                Field::Region,
                Field::Bucket,
                Field::Namespace,
                SG_CLUSTER_NAME,
                Field::UserName,
                Field::PolicyName,
                STORAGE_CLASS,
                Field::KmsKeyArn,
            ],
        }
    }

    fn default_value(&self, auth: Auth, field: Field, _raw: &RawSetup) -> Option<String> {
        literal_default(DEFAULTS, auth, field)
    }

    fn read(&self, reader: &mut Reader<'_>, auth: Auth) -> Option<Box<dyn Generator>> {
        setup::read(reader, auth).map(|s| Box::new(s) as Box<dyn Generator>)
    }

    fn interface(&self) -> &'static Interface {
        // StackGres runs an SGCluster's pods as `<cluster>-patroni` and copies
        // `spec.metadata.annotations.serviceAccount` onto that account.
        &Interface {
            chart_service_accounts: &[],
            operator_service_accounts: &[OperatorServiceAccount {
                kind: "SGCluster",
                annotations: &["spec", "metadata", "annotations", "serviceAccount"],
                suffix: PATRONI_SUFFIX,
            }],
            patched_kinds: &[("sgcluster", "SGCluster"), ("sgclusters", "SGCluster")],
        }
    }

    fn backups_on(&self, facts: &Facts) -> BackupsOn {
        backups::backups_on(facts)
    }

    fn backups_on_docs(&self) -> Option<&'static str> {
        Some("every `SGObjectStorage` is named by the `spec.configurations.backups[].sgObjectStorage` of an `SGCluster` (a manifest or a `kubectl patch`), and every storage an `SGCluster` names is created (StackGres documentation: SGCluster spec.configurations.backups).")
    }
}

impl Generator for StackGresSetup {
    fn generate(&self, _policies: super::Policies) -> Vec<crate::artifact::Artifact> {
        generate::generate(self)
    }
}
