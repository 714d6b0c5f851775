//! Reads a [`RawSetup`] field by field into validated values, collecting every problem
//! instead of stopping at the first. Each target's module decides which fields it reads.

use super::error::{InvalidValueError, MissingFieldError, SetupError};
use super::value::{AccountId, BucketName, ClusterName, KmsKeyArn, OidcIssuer, Region};
use super::RawSetup;
use super::S3Location;
use crate::field::{Auth, Field};
use crate::partition::Partition;
use std::borrow::Cow;

/// Names each id in backticks, separated by commas, for messages that list the choices.
pub(crate) fn ids<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    ids.map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ")
}

/// The documented default of a field, given the rest of the setup.
type Defaults<'a> = Box<dyn Fn(Field, &RawSetup) -> Option<String> + 'a>;

/// Reads fields one by one, collecting errors instead of stopping at the first.
pub struct Reader<'a> {
    raw: &'a RawSetup,
    errors: Vec<SetupError>,
    /// The chosen target's id and auth, for the messages of missing fields, and its defaults.
    scenario: Option<(&'static str, Auth, Defaults<'a>)>,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(raw: &'a RawSetup) -> Reader<'a> {
        Reader {
            raw,
            errors: Vec::new(),
            scenario: None,
        }
    }

    /// Records the target and authentication, whose defaults then apply.
    pub(crate) fn choose(&mut self, target: &'static str, auth: Auth, defaults: Defaults<'a>) {
        self.scenario = Some((target, auth, defaults));
    }

    /// The setup as typed, for readers whose defaults derive from a parsed value.
    pub(crate) fn raw(&self) -> &'a RawSetup {
        self.raw
    }

    /// Every problem found so far.
    pub(crate) fn into_errors(self) -> Vec<SetupError> {
        self.errors
    }

    /// The field's value, or the target's documented default when it is empty.
    pub(crate) fn value(&self, field: Field) -> Option<Cow<'a, str>> {
        match self.raw.get(field) {
            Some(value) => Some(Cow::Borrowed(value)),
            None => match &self.scenario {
                Some((_, _, defaults)) => defaults(field, self.raw).map(Cow::Owned),
                None => None,
            },
        }
    }

    pub(crate) fn required<T>(
        &mut self,
        field: Field,
        why: &str,
        parse: impl FnOnce(&str) -> Result<T, InvalidValueError>,
    ) -> Option<T> {
        let Some(value) = self.value(field) else {
            let why = match (why, &self.scenario) {
                ("", Some((target, auth, _))) => format!("for target `{target}` with auth `{}`", auth.id()),
                (why, _) => why.to_owned(),
            };
            self.errors.push(SetupError::Missing(MissingFieldError { field, why }));
            return None;
        };
        self.check(parse(&value))
    }

    /// `Some(None)` when the field is empty, `None` when its value is invalid.
    pub(crate) fn optional<T>(
        &mut self,
        field: Field,
        parse: impl FnOnce(&str) -> Result<T, InvalidValueError>,
    ) -> Option<Option<T>> {
        match self.value(field) {
            None => Some(None),
            Some(value) => self.check(parse(&value)).map(Some),
        }
    }

    pub(crate) fn check<T>(&mut self, result: Result<T, InvalidValueError>) -> Option<T> {
        result.map_err(|e| self.errors.push(SetupError::Invalid(e))).ok()
    }

    /// The partition, region, bucket and KMS key. The partition may be left empty: it then
    /// follows from the region.
    pub(crate) fn location(&mut self) -> Option<S3Location> {
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
        let kms_key = self.optional(Field::KmsKeyArn, |v| {
            let key = KmsKeyArn::parse(Field::KmsKeyArn, v, partition)?;
            // SSE-KMS only uses a key of the bucket's own region.
            if key.region() == region.as_str() {
                Ok(key)
            } else {
                Err(InvalidValueError::new(
                    Field::KmsKeyArn,
                    v,
                    format!(
                        "the key is in region `{}` but the bucket is in `{region}`: S3 encrypts only with a key of the bucket's region",
                        key.region()
                    ),
                ))
            }
        });
        Some(S3Location {
            partition,
            region,
            bucket: bucket?,
            kms_key: kms_key?,
        })
    }

    /// The EKS cluster and its OIDC issuer, which IRSA trusts.
    pub(crate) fn oidc_cluster(&mut self) -> Option<OidcCluster> {
        let partition = self.raw.partition();
        let account = self.required(Field::ClusterAccountId, "", |v| {
            AccountId::parse(Field::ClusterAccountId, v)
        });
        let name = self.required(Field::ClusterName, "", |v| ClusterName::parse(Field::ClusterName, v));
        // The issuer's partition can only be checked once the setup's partition is known;
        // when it is not, the region or partition error already says why.
        let issuer = match partition {
            Some(p) => self.required(Field::OidcIssuer, "", |v| OidcIssuer::parse(Field::OidcIssuer, v, p)),
            None => None,
        };
        Some(OidcCluster {
            account: account?,
            name: name?,
            issuer: issuer?,
        })
    }
}

/// An EKS cluster whose OIDC issuer IAM trusts for IRSA.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OidcCluster {
    /// The account of the cluster, where its OIDC provider and the role live.
    pub account: AccountId,
    pub name: ClusterName,
    pub issuer: OidcIssuer,
}
