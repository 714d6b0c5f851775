//! From [`RawSetup`] to [`Setup`]: every field the target and authentication need is parsed
//! once into a validated value, and every problem is reported at once.

use super::error::{InvalidValueError, SetupError, UnsupportedAuthError};
use super::palette_backup_location::{self, PaletteBackupLocationSetup};
use super::palette_cloud_account::{self, PaletteCloudAccountSetup};
use super::reader::{ids, Reader};
use super::stackgres::{self, StackGresSetup};
use super::upbound_spaces::{self, UpboundSpacesSetup};
use super::value::{BucketName, KmsKeyArn, Region};
use super::RawSetup;
use crate::field::{Auth, Field, Target};
use crate::partition::Partition;

/// A validated setup: exactly the values one scenario needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Setup {
    StackGres(StackGresSetup),
    UpboundSpaces(UpboundSpacesSetup),
    PaletteCloudAccount(PaletteCloudAccountSetup),
    PaletteBackupLocation(PaletteBackupLocationSetup),
}

/// Where the backups go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S3Location {
    pub partition: Partition,
    pub region: Region,
    pub bucket: BucketName,
    pub kms_key: Option<KmsKeyArn>,
}

/// Validates `raw` for its target and authentication. Fields that do not matter for them
/// are neither checked nor used.
pub fn validate(raw: &RawSetup) -> Result<Setup, Vec<SetupError>> {
    let mut reader = Reader::new(raw);
    let target = reader.required(Field::Target, "to choose what to generate", |v| {
        Target::from_id(v).ok_or_else(|| {
            InvalidValueError::new(
                Field::Target,
                v,
                format!("the target is one of {}", ids(Target::ALL.iter().map(|t| t.id()))),
            )
        })
    });
    let auth = reader.required(Field::Auth, "to choose what to generate", |v| {
        Auth::from_id(v).ok_or_else(|| {
            InvalidValueError::new(
                Field::Auth,
                v,
                format!("the auth method is one of {}", ids(Auth::ALL.iter().map(|a| a.id()))),
            )
        })
    });
    let (Some(target), Some(auth)) = (target, auth) else {
        return Err(reader.into_errors());
    };
    if !target.auths().contains(&auth) {
        return Err(vec![SetupError::Unsupported(UnsupportedAuthError {
            target: target.id().to_owned(),
            auth: auth.id().to_owned(),
            supported: ids(target.auths().iter().map(|a| a.id())),
        })]);
    }
    reader.choose(target, auth);
    let setup = match target {
        Target::StackGres => stackgres::read(&mut reader, auth).map(Setup::StackGres),
        Target::UpboundSpaces => upbound_spaces::read(&mut reader, auth).map(Setup::UpboundSpaces),
        Target::PaletteCloudAccount => palette_cloud_account::read(&mut reader, auth).map(Setup::PaletteCloudAccount),
        Target::PaletteBackupLocation => {
            palette_backup_location::read(&mut reader, raw).map(Setup::PaletteBackupLocation)
        }
    };
    let errors = reader.into_errors();
    match setup {
        Some(setup) if errors.is_empty() => Ok(setup),
        _ => Err(errors),
    }
}
