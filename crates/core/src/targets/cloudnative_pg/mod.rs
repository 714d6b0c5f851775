//! CloudNativePG with the Barman Cloud plugin (WAL archiving and base backups of a Postgres
//! `Cluster` to S3; plugin-barman-cloud documentation, "Object stores" and "Usage"): static
//! keys of an IAM user, or IAM roles for service accounts.

mod backups;
mod generate;
mod setup;
#[cfg(test)]
mod tests;

pub use setup::{CnpgAuth, CnpgSetup, IrsaSetup, StaticKeysSetup};

use super::{literal_default, Generator, Target};
use crate::field::{text_spec, Auth, Field};
use crate::readback::{BackupsOn, Facts, Interface, OperatorServiceAccount};
use crate::setup::reader::Reader;
use crate::setup::RawSetup;

pub const CNPG_CLUSTER_NAME: Field = Field::new(&text_spec(
    "cnpgClusterName",
    "CloudNativePG Cluster name",
    "The name of the CloudNativePG `Cluster` whose WAL and base backups go to the bucket: `kubectl get clusters.postgresql.cnpg.io --namespace <namespace>`.",
));

pub const OBJECT_STORE_NAME: Field = Field::new(&text_spec(
    "cnpgObjectStoreName",
    "Barman Cloud ObjectStore name",
    "The name of the plugin's `ObjectStore` the setup creates in the Cluster's namespace; left empty, `<cnpgClusterName>-s3`.",
));

pub const PATH_PREFIX: Field = Field::new(&text_spec(
    "cnpgPathPrefix",
    "Path in the bucket",
    "The key prefix the backups go under: the ObjectStore's `destinationPath` is `s3://<bucket>/<prefix>`, and the Cluster writes below `<prefix>/<cnpgClusterName>/`.",
));

pub const RETENTION_POLICY: Field = Field::new(&text_spec(
    "cnpgRetentionPolicy",
    "Retention",
    "How long base backups and their WAL are kept, as the ObjectStore's `retentionPolicy`: a number and `d`, `w` or `m`, such as `30d`.",
));

/// The plugin's name, which the Cluster's plugin entry and the ScheduledBackup name it by
/// (plugin-barman-cloud `internal/cnpgi/metadata/constants.go`).
pub(crate) const PLUGIN_NAME: &str = "barman-cloud.cloudnative-pg.io";

/// The annotations of the service account CloudNativePG creates for a Cluster: it names the
/// account after the Cluster and merges `spec.serviceAccountTemplate.metadata.annotations`
/// into it on every reconciliation (cloudnative-pg `internal/controller/cluster_create.go`,
/// `createServiceAccount` and `createOrPatchServiceAccount`).
pub(crate) const SERVICE_ACCOUNT_ANNOTATIONS: &[&str] = &["spec", "serviceAccountTemplate", "metadata", "annotations"];

/// The defaults: `default` is the namespace of the CloudNativePG documentation's examples and
/// `cluster-example` their Cluster; `30d` the retention of the plugin's documentation
/// ("Retention policies"). The vendor names no key prefix (its AWS example has a placeholder
/// path), so `cnpg` is ours.
const DEFAULTS: &[(Option<Auth>, Field, &str)] = &[
    (None, Field::Namespace, "default"),
    (None, CNPG_CLUSTER_NAME, "cluster-example"),
    (None, PATH_PREFIX, "cnpg"),
    (None, RETENTION_POLICY, "30d"),
];

/// The Cluster name the derived defaults use: the setup's, when it is a valid one, else the
/// default's (the invalid name has its own error, which a derived name would repeat).
fn cluster_name_for_defaults(raw: &RawSetup) -> String {
    raw.get(CNPG_CLUSTER_NAME)
        .filter(|name| setup::CnpgClusterName::parse(CNPG_CLUSTER_NAME, name).is_ok())
        .unwrap_or("cluster-example")
        .to_owned()
}

pub struct CloudNativePg;

impl Target for CloudNativePg {
    fn id(&self) -> &'static str {
        "cloudnative-pg"
    }

    fn label(&self) -> &'static str {
        "CloudNativePG with the Barman Cloud plugin (Postgres backups)"
    }

    fn docs(&self) -> (&'static str, &'static str) {
        (
            "https://cloudnative-pg.io/plugin-barman-cloud/docs/intro",
            "the Barman Cloud plugin's documentation",
        )
    }

    fn auths(&self) -> &'static [Auth] {
        &[Auth::StaticKeys, Auth::Irsa]
    }

    fn auths_not_offered(&self) -> &'static [(Auth, &'static str)] {
        &[
            (
                Auth::PodIdentity,
                "the Barman Cloud plugin documents two ways to reach S3, IRSA and access keys (plugin-barman-cloud documentation, \"Object stores\"); EKS Pod Identity is not among them, and whether it works is an open question of the plugin's (issues #772 and #876)",
            ),
            (
                Auth::Sts,
                "CloudNativePG runs in your own cluster, so no platform assumes a role with an external ID",
            ),
        ]
    }

    fn own_fields(&self) -> &'static [Field] {
        &[CNPG_CLUSTER_NAME, OBJECT_STORE_NAME, PATH_PREFIX, RETENTION_POLICY]
    }

    // The service account is no field: CloudNativePG names it after the Cluster (a
    // `serviceAccount` value is refused, see `setup.rs`).
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
                CNPG_CLUSTER_NAME,
                OBJECT_STORE_NAME,
                PATH_PREFIX,
                RETENTION_POLICY,
                Field::RoleName,
                Field::PolicyName,
                Field::KmsKeyArn,
            ],
            _ => &[
                Field::Partition,
                Field::Region,
                Field::Bucket,
                Field::Namespace,
                CNPG_CLUSTER_NAME,
                OBJECT_STORE_NAME,
                PATH_PREFIX,
                RETENTION_POLICY,
                Field::UserName,
                Field::PolicyName,
                Field::KmsKeyArn,
            ],
        }
    }

    // The vendor names neither the IAM objects nor the ObjectStore of an AWS setup, so they
    // are named after the Cluster, which keeps two Clusters' setups apart.
    fn default_value(&self, auth: Auth, field: Field, raw: &RawSetup) -> Option<String> {
        let cluster = || cluster_name_for_defaults(raw);
        if field == OBJECT_STORE_NAME {
            Some(format!("{}-s3", cluster()))
        } else if (field == Field::RoleName && auth == Auth::Irsa)
            || (field == Field::UserName && auth == Auth::StaticKeys)
        {
            Some(format!("cnpg-{}", cluster()))
        } else if field == Field::PolicyName {
            Some(format!("cnpg-{}-s3", cluster()))
        } else {
            literal_default(DEFAULTS, auth, field)
        }
    }

    fn read(&self, reader: &mut Reader<'_>, auth: Auth) -> Option<Box<dyn Generator>> {
        setup::read(reader, auth).map(|s| Box::new(s) as Box<dyn Generator>)
    }

    fn interface(&self) -> &'static Interface {
        // CloudNativePG runs a Cluster's pods, and the plugin's sidecar in them, as the account
        // named after the Cluster, which carries the template's annotations.
        &Interface {
            chart_service_accounts: &[],
            operator_service_accounts: &[OperatorServiceAccount {
                kind: "Cluster",
                annotations: SERVICE_ACCOUNT_ANNOTATIONS,
                suffix: "",
            }],
            patched_kinds: &[
                ("cluster", "Cluster"),
                ("clusters", "Cluster"),
                ("cluster.postgresql.cnpg.io", "Cluster"),
                ("clusters.postgresql.cnpg.io", "Cluster"),
            ],
        }
    }

    fn backups_on(&self, facts: &Facts) -> BackupsOn {
        backups::backups_on(facts)
    }

    fn backups_on_docs(&self) -> Option<&'static str> {
        Some("every Barman Cloud `ObjectStore` has an `s3://` `destinationPath` in a bucket the permission policies grant and `s3Credentials` (an access key's secret selectors, or `inheritFromIAMRole: true` with a role given to the service account named after the Cluster), and is named by `parameters.barmanObjectName` of a `barman-cloud.cloudnative-pg.io` entry of a Cluster's `spec.plugins` in its namespace, with `isWALArchiver: true` (a Cluster manifest, or the `add` operations of a `kubectl patch --type json`); and a `ScheduledBackup` of that Cluster has `method: plugin`, that `pluginConfiguration.name` and a six-field schedule (plugin-barman-cloud documentation: Usage; CloudNativePG documentation: Backup).")
    }
}

impl Generator for CnpgSetup {
    fn generate(&self, _policies: super::Policies) -> Vec<crate::artifact::Artifact> {
        generate::generate(self)
    }
}
