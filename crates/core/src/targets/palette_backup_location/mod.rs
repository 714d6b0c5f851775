//! Spectro Cloud Palette backup locations on S3 with STS (Palette documentation, "Add Backup
//! Location using Security Token Service" and "Add Backup Location using Dynamic
//! Credentials"): an IAM role in the bucket's account that Palette assumes with an external
//! ID, and that the cluster's account may assume when the cluster runs in another account.

mod generate;
mod setup;

pub use setup::{ClusterTrust, PaletteBackupLocationSetup};

use super::{literal_default, Generator, Remedy, Target, Warranted};
use crate::field::{text_spec, Auth, Field};
use crate::setup::reader::Reader;
use crate::setup::RawSetup;

pub const LOCATION_NAME: Field = Field::new(&text_spec(
    "locationName",
    "Backup location name",
    "The name the backup location gets in Palette; left empty, the bucket name.",
));

pub const TRUSTED_ROLE_NAME: Field = Field::new(&text_spec(
    "trustedRoleName",
    "Trusted role in the cluster account",
    "A role of the cluster account that may assume the backup role; left empty, the whole cluster account.",
));

pub const S3_URL: Field = Field::new(&text_spec(
    "s3Url",
    "S3 URL",
    "The S3 endpoint URL, only when not the region's default; the wizard then needs Force S3 path style.",
));

/// Palette's documentation leaves the role and policy names to the user ("your choice");
/// these say what the role is for.
const DEFAULTS: &[(Option<Auth>, Field, &str)] = &[
    (None, Field::RoleName, "PaletteBackupLocationRole"),
    (None, Field::PolicyName, "PaletteBackupLocationPolicy"),
];

pub struct PaletteBackupLocation;

impl Target for PaletteBackupLocation {
    fn id(&self) -> &'static str {
        "palette-backup-location"
    }

    fn label(&self) -> &'static str {
        "Spectro Cloud Palette backup location"
    }

    fn docs(&self) -> (&'static str, &'static str) {
        ("https://docs.spectrocloud.com/", "Palette's documentation")
    }

    fn auths(&self) -> &'static [Auth] {
        &[Auth::Sts]
    }

    fn auths_not_offered(&self) -> &'static [(Auth, &'static str)] {
        &[
            (
                Auth::StaticKeys,
                "bucketrust follows the STS method of Palette's guide, not its access-key method",
            ),
            (
                Auth::Irsa,
                "Palette itself reaches the bucket, not a pod of your cluster",
            ),
            (
                Auth::PodIdentity,
                "Palette itself reaches the bucket, not a pod of your cluster",
            ),
        ]
    }

    fn own_fields(&self) -> &'static [Field] {
        &[LOCATION_NAME, TRUSTED_ROLE_NAME, S3_URL]
    }

    fn fields(&self, _auth: Auth) -> &'static [Field] {
        &[
            Field::Partition,
            Field::Region,
            Field::Bucket,
            Field::PlatformAccountId,
            Field::ExternalId,
            Field::ClusterAccountId,
            Field::BucketAccountId,
            TRUSTED_ROLE_NAME,
            Field::RoleName,
            Field::PolicyName,
            Field::KmsKeyArn,
            LOCATION_NAME,
            Field::CaCertificate,
            S3_URL,
        ]
    }

    fn default_value(&self, auth: Auth, field: Field, raw: &RawSetup) -> Option<String> {
        // The documentation leaves the location name to the user too; the bucket's name says
        // where the backups go.
        if field == LOCATION_NAME {
            return raw.get(Field::Bucket).map(str::to_owned);
        }
        literal_default(DEFAULTS, auth, field)
    }

    fn warranted_findings(&self) -> &'static [Warranted] {
        &[
            Warranted {
                auth: None,
                artifact: "permission-policy",
                rule: "wildcard-resource-with-write",
                why: "Palette's backup location policy (the Velero AWS plugin's) creates and deletes EBS snapshots and volumes on `*`",
                remedy: Remedy::Hardened,
            },
            Warranted {
                auth: None,
                artifact: "trust-policy",
                rule: "account-principal-without-condition",
                why: "Palette's multi-account trust (the cluster account's root) when the setup names no trusted role",
                remedy: Remedy::Field(TRUSTED_ROLE_NAME, "SpectroCloudRole"),
            },
        ]
    }

    fn read(&self, reader: &mut Reader<'_>, _auth: Auth) -> Option<Box<dyn Generator>> {
        setup::read(reader).map(|s| Box::new(s) as Box<dyn Generator>)
    }
}

impl Generator for PaletteBackupLocationSetup {
    fn generate(&self, policies: super::Policies) -> Vec<crate::artifact::Artifact> {
        generate::generate(self, policies)
    }
}
