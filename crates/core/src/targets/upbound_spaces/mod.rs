//! Upbound Spaces (control plane backups, Upbound documentation "Backup and Restore"):
//! mxp-controller, which backs up and restores the control planes of a self-hosted Space,
//! reaches the bucket with IRSA or with EKS Pod Identity.

mod backups;
mod generate;
mod setup;

pub use setup::{UpboundSpacesAuth, UpboundSpacesSetup};

use super::{literal_default, Generator, Target};
use crate::field::{text_spec, Auth, Field};
use crate::readback::{BackupsOn, Facts, Interface};
use crate::setup::reader::Reader;
use crate::setup::RawSetup;

pub const CONTROL_PLANE_GROUP: Field = Field::new(&text_spec(
    "controlPlaneGroup",
    "Control plane group",
    "The control plane group: the namespace of the Space that holds the ControlPlane objects and the backup configuration.",
));

pub const CONTROL_PLANES: Field = Field::new(&text_spec(
    "controlPlanes",
    "Control planes",
    "The control planes to back up, comma-separated: `kubectl get controlplanes --namespace <group>`.",
));

pub const CONTROL_PLANE_NAMESPACES: Field = Field::new(&text_spec(
    "controlPlaneNamespaces",
    "Control planes' host namespaces",
    "Each control plane's host namespace, comma-separated: `mxp-<status.controlPlaneID>-system`, where its mxp-controller runs.",
));

/// The service account and deployment of the backup and restore component; the Spaces chart
/// names both, so the setup cannot change them.
pub(crate) const BACKUP_SERVICE_ACCOUNT: &str = "mxp-controller";

/// The Upbound guide names the role `backup-restore-role`; it names no policy, so the policy
/// is named after the role. `default` is the group Spaces's own examples use, and the
/// namespace a control plane lands in when none is named. The control planes and their host
/// namespaces have no default: Spaces creates a host namespace per control plane.
const DEFAULTS: &[(Option<Auth>, Field, &str)] = &[
    (None, Field::RoleName, "backup-restore-role"),
    (None, CONTROL_PLANE_GROUP, "default"),
    (None, Field::PolicyName, "backup-restore-policy"),
];

pub struct UpboundSpaces;

impl Target for UpboundSpaces {
    fn id(&self) -> &'static str {
        "upbound-spaces"
    }

    fn label(&self) -> &'static str {
        "Upbound Spaces (control plane backups)"
    }

    fn docs(&self) -> (&'static str, &'static str) {
        (
            "https://docs.upbound.io/deploy/backup-and-restore/",
            "Upbound's backup and restore guide",
        )
    }

    fn auths(&self) -> &'static [Auth] {
        &[Auth::Irsa, Auth::PodIdentity]
    }

    fn auths_not_offered(&self) -> &'static [(Auth, &'static str)] {
        &[
            (
                Auth::StaticKeys,
                "the setup gives mxp-controller its own identity (`InjectedIdentity`); a `Secret` of access keys is not generated",
            ),
            (Auth::Sts, "Spaces runs in your own cluster, so no platform assumes a role"),
        ]
    }

    fn own_fields(&self) -> &'static [Field] {
        &[CONTROL_PLANE_GROUP, CONTROL_PLANES, CONTROL_PLANE_NAMESPACES]
    }

    // mxp-controller's service account is fixed by the Spaces chart, so it is no field.
    // Spaces runs one mxp-controller per control plane, in that control plane's host
    // namespace, so every control plane's namespace is listed; the backup objects go into the
    // group's namespace.
    fn fields(&self, auth: Auth) -> &'static [Field] {
        match auth {
            Auth::Irsa => &[
                Field::Partition,
                Field::Region,
                Field::Bucket,
                Field::ClusterAccountId,
                Field::ClusterName,
                Field::OidcIssuer,
                CONTROL_PLANE_GROUP,
                CONTROL_PLANES,
                CONTROL_PLANE_NAMESPACES,
                Field::RoleName,
                Field::PolicyName,
                Field::KmsKeyArn,
            ],
            _ => &[
                Field::Partition,
                Field::Region,
                Field::Bucket,
                Field::ClusterAccountId,
                Field::ClusterName,
                CONTROL_PLANE_GROUP,
                CONTROL_PLANES,
                CONTROL_PLANE_NAMESPACES,
                Field::RoleName,
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
        // Upbound's Spaces chart names the controller's account `mxp-controller` in every
        // control plane's namespace.
        &Interface {
            chart_service_accounts: &[(
                "controlPlanes.mxpController.serviceAccount.annotations",
                BACKUP_SERVICE_ACCOUNT,
            )],
            operator_service_accounts: &[],
            patched_kinds: &[],
        }
    }

    fn backups_on(&self, facts: &Facts) -> BackupsOn {
        backups::backups_on(facts)
    }

    fn backups_on_docs(&self) -> Option<&'static str> {
        Some("a role given to `mxp-controller` comes with a `SharedBackupConfig` that names a bucket (BR702 checks it is the granted one), whose `config.region` is the region the scripts use and whose credentials are `InjectedIdentity`, and a `SharedBackupSchedule` that runs it for named control planes (Upbound documentation: Backup and restore).")
    }
}

impl Generator for UpboundSpacesSetup {
    fn generate(&self, _policies: super::Policies) -> Vec<crate::artifact::Artifact> {
        generate::generate(self)
    }
}
