//! From [`RawSetup`] to [`Setup`]: every field the target and authentication need is parsed
//! once into a validated value, and every problem is reported at once.

use super::error::{InvalidValueError, MissingFieldError, SetupError, UnsupportedAuthError};
use super::value::{
    AccountId, BucketName, ClusterName, IamName, K8sLabel, K8sName, KmsKeyArn, OidcIssuer, Region, StorageClass,
};
use super::RawSetup;
use crate::field::{Auth, Field, Target, STACKGRES_STORAGE_CLASSES};
use crate::partition::Partition;

/// A validated setup: exactly the values one scenario needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Setup {
    StackGres(StackGresSetup),
}

impl Setup {
    pub fn target(&self) -> Target {
        match self {
            Setup::StackGres(_) => Target::StackGres,
        }
    }

    pub fn auth(&self) -> Auth {
        match self {
            Setup::StackGres(s) => match s.auth {
                StackGresAuth::StaticKeys(_) => Auth::StaticKeys,
                StackGresAuth::Irsa(_) => Auth::Irsa,
            },
        }
    }
}

/// Where the backups go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S3Location {
    pub partition: Partition,
    pub region: Region,
    pub bucket: BucketName,
    pub kms_key: Option<KmsKeyArn>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StackGresSetup {
    pub location: S3Location,
    pub namespace: K8sLabel,
    pub storage_class: Option<StorageClass>,
    pub auth: StackGresAuth,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StackGresAuth {
    StaticKeys(StaticKeysSetup),
    Irsa(IrsaSetup),
}

/// An IAM user with an inline policy and an access key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaticKeysSetup {
    pub user_name: IamName,
    pub policy_name: IamName,
}

/// A role assumed with a web identity token of the cluster's OIDC issuer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IrsaSetup {
    pub cluster_account: AccountId,
    pub cluster_name: ClusterName,
    pub issuer: OidcIssuer,
    pub service_account: K8sName,
    pub role_name: IamName,
    pub policy_name: IamName,
    pub sg_cluster_name: K8sName,
}

/// Validates `raw` for its target and authentication. Fields that do not matter for them
/// are neither checked nor used.
pub fn validate(raw: &RawSetup) -> Result<Setup, Vec<SetupError>> {
    let mut reader = Reader {
        raw,
        errors: Vec::new(),
        target: None,
        auth: None,
    };
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
        return Err(reader.errors);
    };
    if !target.auths().contains(&auth) {
        return Err(vec![SetupError::Unsupported(UnsupportedAuthError {
            target: target.id().to_owned(),
            auth: auth.id().to_owned(),
            supported: ids(target.auths().iter().map(|a| a.id())),
        })]);
    }
    reader.target = Some(target);
    reader.auth = Some(auth);
    let setup = match target {
        Target::StackGres => stackgres(&mut reader, auth).map(Setup::StackGres),
    };
    match setup {
        Some(setup) if reader.errors.is_empty() => Ok(setup),
        _ => Err(reader.errors),
    }
}

fn ids<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    ids.map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ")
}

fn stackgres(r: &mut Reader<'_>, auth: Auth) -> Option<StackGresSetup> {
    let location = r.location();
    let namespace = r.required(Field::Namespace, "", |v| K8sLabel::parse(Field::Namespace, v));
    let storage_class = r.optional(Field::StorageClass, |v| {
        StorageClass::parse(Field::StorageClass, v, &STACKGRES_STORAGE_CLASSES)
    });
    let auth = match auth {
        Auth::Irsa => r.irsa().map(StackGresAuth::Irsa),
        _ => {
            let user_name = r.required(Field::UserName, "", |v| IamName::parse(Field::UserName, v));
            let policy_name = r.required(Field::PolicyName, "", |v| IamName::parse(Field::PolicyName, v));
            Some(StackGresAuth::StaticKeys(StaticKeysSetup {
                user_name: user_name?,
                policy_name: policy_name?,
            }))
        }
    };
    Some(StackGresSetup {
        location: location?,
        namespace: namespace?,
        storage_class: storage_class?,
        auth: auth?,
    })
}

/// Reads fields one by one, collecting errors instead of stopping at the first.
struct Reader<'a> {
    raw: &'a RawSetup,
    errors: Vec<SetupError>,
    target: Option<Target>,
    auth: Option<Auth>,
}

impl Reader<'_> {
    /// The field's value, or the target's documented default when it is empty.
    fn value(&self, field: Field) -> Option<&str> {
        self.raw.get(field).or_else(|| match (self.target, self.auth) {
            (Some(t), Some(a)) => t.default_value(a, field),
            _ => None,
        })
    }

    fn required<T>(
        &mut self,
        field: Field,
        why: &str,
        parse: impl FnOnce(&str) -> Result<T, InvalidValueError>,
    ) -> Option<T> {
        let Some(value) = self.value(field) else {
            let why = match (why, self.target, self.auth) {
                ("", Some(t), Some(a)) => format!("for target `{}` with auth `{}`", t.id(), a.id()),
                (why, _, _) => why.to_owned(),
            };
            self.errors.push(SetupError::Missing(MissingFieldError { field, why }));
            return None;
        };
        self.check(parse(value))
    }

    /// `Some(None)` when the field is empty, `None` when its value is invalid.
    fn optional<T>(
        &mut self,
        field: Field,
        parse: impl FnOnce(&str) -> Result<T, InvalidValueError>,
    ) -> Option<Option<T>> {
        match self.value(field) {
            None => Some(None),
            Some(value) => self.check(parse(value)).map(Some),
        }
    }

    fn check<T>(&mut self, result: Result<T, InvalidValueError>) -> Option<T> {
        result.map_err(|e| self.errors.push(SetupError::Invalid(e))).ok()
    }

    /// The partition, region, bucket and KMS key. The partition may be left empty: it then
    /// follows from the region.
    fn location(&mut self) -> Option<S3Location> {
        let partition = self.optional(Field::Partition, |v| {
            Partition::from_id(v).ok_or_else(|| {
                InvalidValueError::new(
                    Field::Partition,
                    v,
                    format!("the partition is one of {}", ids(Partition::ALL.iter().map(|p| p.id()))),
                )
            })
        });
        let region = match partition {
            Some(partition) => self.required(Field::Region, "", |v| Region::parse(v, partition)),
            None => None,
        };
        let bucket = self.required(Field::Bucket, "", |v| BucketName::parse(Field::Bucket, v));
        let (region, partition) = region?;
        let kms_key = self.optional(Field::KmsKeyArn, |v| KmsKeyArn::parse(Field::KmsKeyArn, v, partition));
        Some(S3Location {
            partition,
            region,
            bucket: bucket?,
            kms_key: kms_key?,
        })
    }

    fn irsa(&mut self) -> Option<IrsaSetup> {
        let partition = self
            .value(Field::Partition)
            .and_then(Partition::from_id)
            .or_else(|| self.value(Field::Region).and_then(Partition::of_region));
        let cluster_account = self.required(Field::ClusterAccountId, "", |v| {
            AccountId::parse(Field::ClusterAccountId, v)
        });
        let cluster_name = self.required(Field::ClusterName, "", |v| ClusterName::parse(Field::ClusterName, v));
        // The issuer's partition can only be checked once the setup's partition is known;
        // when it is not, the region or partition error already says why.
        let issuer = match partition {
            Some(p) => self.required(Field::OidcIssuer, "", |v| OidcIssuer::parse(Field::OidcIssuer, v, p)),
            None => None,
        };
        let service_account = self.required(Field::ServiceAccount, "", |v| K8sName::parse(Field::ServiceAccount, v));
        let role_name = self.required(Field::RoleName, "", |v| IamName::parse(Field::RoleName, v));
        let policy_name = self.required(Field::PolicyName, "", |v| IamName::parse(Field::PolicyName, v));
        let sg_cluster_name = self.required(Field::SgClusterName, "", |v| K8sName::parse(Field::SgClusterName, v));
        Some(IrsaSetup {
            cluster_account: cluster_account?,
            cluster_name: cluster_name?,
            issuer: issuer?,
            service_account: service_account?,
            role_name: role_name?,
            policy_name: policy_name?,
            sg_cluster_name: sg_cluster_name?,
        })
    }
}
