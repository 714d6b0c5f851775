//! The Palette backup location setup: an IAM role in the bucket's account that Palette
//! assumes through STS with an external ID (Palette documentation, "Add Backup Location
//! using Security Token Service" / "Dynamic Credentials").

use super::{LOCATION_NAME, S3_URL, TRUSTED_ROLE_NAME};
use crate::field::Field;
use crate::setup::error::InvalidValueError;
use crate::setup::reader::Reader;
use crate::setup::value::{AccountId, CaCertificate, ExternalId, IamName, LocationName, S3Url};
use crate::setup::S3Location;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaletteBackupLocationSetup {
    pub location: S3Location,
    /// The account Palette runs in; its root is trusted with the external ID.
    pub platform_account: AccountId,
    pub external_id: ExternalId,
    /// The account that owns the bucket and the role.
    pub bucket_account: AccountId,
    /// Set when the cluster runs in another account than the bucket's: that account (or one
    /// of its roles) may then assume the role too.
    pub cluster_trust: Option<ClusterTrust>,
    pub role_name: IamName,
    pub policy_name: IamName,
    pub location_name: LocationName,
    pub ca_certificate: Option<CaCertificate>,
    pub s3_url: Option<S3Url>,
}

/// Who in the cluster's account may assume the backup role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterTrust {
    pub account: AccountId,
    /// A role of the cluster account, such as `SpectroCloudRole`; `None` trusts the account's
    /// root, which lets the account's own IAM policies decide.
    pub role: Option<IamName>,
}

pub(super) fn read(r: &mut Reader<'_>) -> Option<PaletteBackupLocationSetup> {
    let raw = r.raw();
    let location = r.location();
    let platform_account = r.required(Field::PlatformAccountId, "", |v| {
        AccountId::parse(Field::PlatformAccountId, v)
    });
    let external_id = r.required(Field::ExternalId, "", |v| ExternalId::parse(Field::ExternalId, v));
    let cluster_account = r.required(Field::ClusterAccountId, "", |v| {
        AccountId::parse(Field::ClusterAccountId, v)
    });
    // Left empty, the bucket's account is the cluster's. It is not a derived default of the
    // reader, so that a bad cluster account ID is reported once, on its own field.
    let bucket_account = r.optional(Field::BucketAccountId, |v| AccountId::parse(Field::BucketAccountId, v));
    let trusted_role = r.optional(TRUSTED_ROLE_NAME, |v| IamName::parse(TRUSTED_ROLE_NAME, v));
    let role_name = r.required(Field::RoleName, "", |v| IamName::parse(Field::RoleName, v));
    let policy_name = r.required(Field::PolicyName, "", |v| IamName::parse(Field::PolicyName, v));
    // The default location name is the bucket's, taken from the parsed bucket so that a bad
    // bucket name is reported once, on the bucket.
    let location_name = match raw.get(LOCATION_NAME) {
        Some(value) => r.check(LocationName::parse(LOCATION_NAME, value)).map(Some),
        None => Some(None),
    };
    let ca_certificate = r.optional(Field::CaCertificate, |v| CaCertificate::parse(Field::CaCertificate, v));
    let s3_url = r.optional(S3_URL, |v| S3Url::parse(S3_URL, v));

    let cluster_account = cluster_account?;
    let bucket_account = bucket_account?.unwrap_or_else(|| cluster_account.clone());
    let trusted_role = trusted_role?;
    let cluster_trust = if cluster_account != bucket_account {
        Some(ClusterTrust {
            account: cluster_account,
            role: trusted_role,
        })
    } else if let Some(role) = trusted_role {
        // Palette's documentation adds the cluster's trust only when the cluster runs in
        // another account; silently dropping the role would hide a misunderstanding.
        r.check::<()>(Err(InvalidValueError::new(
            TRUSTED_ROLE_NAME,
            role.as_str(),
            "a trusted role is only for a cluster in another account than the bucket; set bucketAccountId to the bucket's account, or leave this empty",
        )));
        return None;
    } else {
        None
    };
    let location = location?;
    let location_name = location_name?.unwrap_or_else(|| LocationName::from(&location.bucket));
    Some(PaletteBackupLocationSetup {
        location,
        platform_account: platform_account?,
        external_id: external_id?,
        bucket_account,
        cluster_trust,
        role_name: role_name?,
        policy_name: policy_name?,
        location_name,
        ca_certificate: ca_certificate?,
        s3_url: s3_url?,
    })
}
