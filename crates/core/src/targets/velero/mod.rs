//! Velero with velero-plugin-for-aws (Velero's Helm chart `vmware-tanzu/velero` 12.1.0, app
//! 1.18; the plugin's README, "Set permissions for Velero"): the Velero server (and its
//! node-agent, when deployed) reaches the bucket, and the EBS snapshot API, with the static keys
//! of an IAM user, with IAM roles for service accounts, or with EKS Pod Identity.

mod backups;
mod generate;
mod setup;

#[cfg(test)]
mod tests;

pub use setup::{Prefix, VeleroAuth, VeleroSetup};

use super::{literal_default, Generator, Remedy, Target, Warranted};
use crate::field::{choice_spec, text_spec, Auth, Field};
use crate::readback::{BackupsOn, Facts, Interface};
use crate::setup::reader::Reader;
use crate::setup::RawSetup;

pub const VELERO_PREFIX: Field = Field::new(&text_spec(
    "veleroPrefix",
    "Prefix in the bucket",
    "The folder of the bucket Velero writes under, such as the cluster's name, so that clusters can share a bucket; left empty, the bucket's top level, which must then hold nothing but Velero's folders.",
));

pub const VELERO_NODE_AGENT: Field = Field::new(&choice_spec(
    "veleroNodeAgent",
    "Velero node-agent",
    "`true` deploys Velero's node-agent DaemonSet, for file-system backups of volumes that EBS snapshots do not cover (EFS, for one); left empty, `false`, as the chart has it.",
    &[
        ("true", "Deploy node-agent (file-system backups)"),
        ("false", "No node-agent (EBS snapshots only)"),
    ],
));

/// The service account the chart runs Velero's server, its node-agent and its repository
/// maintenance jobs as: `<release>-server` for the release `velero`
/// (vmware-tanzu/helm-charts `charts/velero/templates/_helpers.tpl`,
/// `velero.serverServiceAccount`). The setup sets it explicitly, so the trust and the chart
/// cannot drift apart.
pub(crate) const SERVICE_ACCOUNT: &str = "velero-server";

/// The names of the plugin's README: the IAM user `velero` with its inline policy `velero`
/// ("Option 1: Set permissions with an IAM user"), the role `velero` with its policy
/// `velero-policy` ("Option 2"; the README's kube2iam role is the one IRSA and Pod Identity
/// use here). `velero` is the namespace of the chart's README and of `velero install`.
const DEFAULTS: &[(Option<Auth>, Field, &str)] = &[
    (None, Field::Namespace, "velero"),
    (None, VELERO_NODE_AGENT, "false"),
    (Some(Auth::StaticKeys), Field::UserName, "velero"),
    (Some(Auth::StaticKeys), Field::PolicyName, "velero"),
    (Some(Auth::Irsa), Field::RoleName, "velero"),
    (Some(Auth::Irsa), Field::PolicyName, "velero-policy"),
    (Some(Auth::PodIdentity), Field::RoleName, "velero"),
    (Some(Auth::PodIdentity), Field::PolicyName, "velero-policy"),
];

pub struct Velero;

impl Target for Velero {
    fn id(&self) -> &'static str {
        "velero"
    }

    fn label(&self) -> &'static str {
        "Velero (cluster backups, AWS plugin)"
    }

    fn docs(&self) -> (&'static str, &'static str) {
        (
            "https://github.com/vmware-tanzu/velero-plugin-for-aws",
            "the Velero plugin for AWS",
        )
    }

    fn auths(&self) -> &'static [Auth] {
        &[Auth::StaticKeys, Auth::Irsa, Auth::PodIdentity]
    }

    fn auths_not_offered(&self) -> &'static [(Auth, &'static str)] {
        &[(
            Auth::Sts,
            "Velero runs in your own cluster, so no platform assumes a role",
        )]
    }

    fn own_fields(&self) -> &'static [Field] {
        &[VELERO_PREFIX, VELERO_NODE_AGENT]
    }

    // The service account is fixed by the chart's release (`velero-server`), so it is no
    // field; the namespace is the release's.
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
                VELERO_PREFIX,
                VELERO_NODE_AGENT,
                Field::RoleName,
                Field::PolicyName,
                Field::KmsKeyArn,
            ],
            Auth::PodIdentity => &[
                Field::Partition,
                Field::Region,
                Field::Bucket,
                Field::ClusterAccountId,
                Field::ClusterName,
                Field::Namespace,
                VELERO_PREFIX,
                VELERO_NODE_AGENT,
                Field::RoleName,
                Field::PolicyName,
                Field::KmsKeyArn,
            ],
            _ => &[
                Field::Partition,
                Field::Region,
                Field::Bucket,
                Field::Namespace,
                VELERO_PREFIX,
                VELERO_NODE_AGENT,
                Field::UserName,
                Field::PolicyName,
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
        // The chart annotates the server's service account with
        // `serviceAccount.server.annotations` (`templates/serviceaccount-server.yaml`).
        &Interface {
            chart_service_accounts: &[("serviceAccount.server.annotations", SERVICE_ACCOUNT)],
            operator_service_accounts: &[],
            patched_kinds: &[],
        }
    }

    fn backups_on(&self, facts: &Facts) -> BackupsOn {
        backups::backups_on(facts)
    }

    fn backups_on_docs(&self) -> Option<&'static str> {
        Some("every Velero `BackupStorageLocation` of provider `aws` names a bucket (BR702 checks it is the granted one) and `config.region`, the region the scripts use, with only config keys the AWS plugin accepts, and a `Schedule` of its namespace writes to it (`template.storageLocation`, or the default location when it names none); every location a `Schedule` names, and every `VolumeSnapshotLocation` it lists, exists in its namespace (an EBS snapshot location with `config.region`); a role given to `velero-server` comes with such a location, in the namespace the role is given in (Velero documentation: BackupStorageLocation, VolumeSnapshotLocation and Schedule API types; velero-plugin-for-aws `backupstoragelocation.md`).")
    }

    fn warranted_findings(&self) -> &'static [Warranted] {
        &[Warranted {
            auth: None,
            artifact: "permission-policy",
            rule: "wildcard-resource-with-write",
            why: "the plugin's README policy creates EBS volumes and snapshots, tags them and deletes snapshots on `*`",
            remedy: Remedy::Hardened,
        }]
    }
}

impl Generator for VeleroSetup {
    fn generate(&self, policies: super::Policies) -> Vec<crate::artifact::Artifact> {
        generate::generate(self, policies)
    }
}
