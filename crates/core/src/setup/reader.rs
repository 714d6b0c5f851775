//! Reads a [`RawSetup`] field by field into validated values, collecting every problem
//! instead of stopping at the first. Each target's module decides which fields it reads.

use super::error::{InvalidValueError, MissingFieldError, Requirement, SetupError};
use super::suggest;
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

/// The chosen target (its id and label) and authentication.
#[derive(Clone, Copy)]
pub(crate) struct Chosen {
    pub(crate) target: &'static str,
    pub(crate) target_label: &'static str,
    pub(crate) auth: Auth,
}

/// Reads fields one by one, collecting errors instead of stopping at the first.
pub struct Reader<'a> {
    raw: &'a RawSetup,
    errors: Vec<SetupError>,
    /// The chosen target's id, label and auth, for the messages of missing fields, and its
    /// defaults.
    scenario: Option<(Chosen, Defaults<'a>)>,
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
    pub(crate) fn choose(&mut self, chosen: Chosen, defaults: Defaults<'a>) {
        self.scenario = Some((chosen, defaults));
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
                Some((_, defaults)) => defaults(field, self.raw).map(Cow::Owned),
                None => None,
            },
        }
    }

    pub(crate) fn required<T>(
        &mut self,
        field: Field,
        why: &str,
        parse: impl Fn(&str) -> Result<T, InvalidValueError>,
    ) -> Option<T> {
        let Some(value) = self.value(field) else {
            let why = match (why, &self.scenario) {
                ("", Some((chosen, _))) => Requirement::Scenario {
                    target: chosen.target,
                    target_label: chosen.target_label,
                    auth: chosen.auth,
                },
                (why, _) => Requirement::Because(why.to_owned()),
            };
            self.errors.push(SetupError::Missing(MissingFieldError { field, why }));
            return None;
        };
        self.check(suggesting(field, &value, parse))
    }

    /// `Some(None)` when the field is empty, `None` when its value is invalid.
    pub(crate) fn optional<T>(
        &mut self,
        field: Field,
        parse: impl Fn(&str) -> Result<T, InvalidValueError>,
    ) -> Option<Option<T>> {
        match self.value(field) {
            None => Some(None),
            Some(value) => self.check(suggesting(field, &value, parse)).map(Some),
        }
    }

    pub(crate) fn check<T>(&mut self, result: Result<T, InvalidValueError>) -> Option<T> {
        result.map_err(|e| self.errors.push(SetupError::Invalid(e))).ok()
    }

    /// The partition, region, bucket and KMS key. The partition may be left empty: it then
    /// follows from the region. Each is checked whatever the others hold, so that every
    /// problem is reported at once: a region is checked for its shape when the partition is
    /// invalid, and a KMS key against its own ARN's partition when the region is.
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
        let region = self.required(Field::Region, "", |v| Region::parse(v, partition.flatten()));
        let bucket = self.required(Field::Bucket, "", |v| BucketName::parse(Field::Bucket, v));
        let kms_key = self.optional(Field::KmsKeyArn, |v| {
            let Some((region, partition)) = &region else {
                return KmsKeyArn::parse(Field::KmsKeyArn, v, own_partition(v));
            };
            let key = KmsKeyArn::parse(Field::KmsKeyArn, v, *partition)?;
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
        // An invalid partition has been reported; the region's own partition is not taken instead.
        partition?;
        let (region, partition) = region?;
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
        // when it is not (the region or partition error says why), the issuer still gets
        // every check of its own: https, its shape, and an EKS issuer's region and id.
        let issuer = self.required(Field::OidcIssuer, "", |v| {
            OidcIssuer::parse(Field::OidcIssuer, v, partition)
        });
        Some(OidcCluster {
            account: account?,
            name: name?,
            issuer: issuer?,
        })
    }
}

/// The partition an ARN names, for checking it when the setup's partition is unknown (the
/// setup's own error then says why); the commercial partition when the ARN names none we
/// know, which the ARN's check then reports.
pub(crate) fn own_partition(arn: &str) -> Partition {
    crate::arn::Arn::parse(arn)
        .and_then(|a| Partition::from_id(a.partition))
        .unwrap_or(Partition::Aws)
}

/// `parse(value)`, with a [`Suggestion`](super::error::Suggestion) attached to its error when a
/// repaired spelling of the value passes the same `parse`.
pub(crate) fn suggesting<T>(
    field: Field,
    value: &str,
    parse: impl Fn(&str) -> Result<T, InvalidValueError>,
) -> Result<T, InvalidValueError> {
    parse(value).map_err(|mut e| {
        if e.field == field {
            e.suggestion = suggest::candidates(field, value)
                .into_iter()
                .find(|candidate| parse(&candidate.value).is_ok());
        }
        e
    })
}

/// An EKS cluster whose OIDC issuer IAM trusts for IRSA.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OidcCluster {
    /// The account of the cluster, where its OIDC provider and the role live.
    pub account: AccountId,
    pub name: ClusterName,
    pub issuer: OidcIssuer,
}
