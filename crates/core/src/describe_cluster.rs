//! The values of a setup read from what `aws eks describe-cluster --name X --output json`
//! prints: the cluster's name, its region and account (from `cluster.arn`) and its OIDC
//! issuer (`cluster.identity.oidc.issuer`), so that the page can fill four fields from one
//! paste. The values are returned as text for the setup's fields, and validation judges them
//! like anything typed.

use crate::arn::Arn;
use crate::field::Field;
use serde::Deserialize;

/// The most text read: describe-cluster prints a few kilobytes (more with many tags or
/// certificate data), and anything much larger is not its output.
pub const MAX_INPUT: usize = 256 * 1024;

/// What the output says, as text for the setup's fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DescribedCluster {
    pub name: String,
    pub region: String,
    /// The account of the cluster, the fifth part of its ARN.
    pub account_id: String,
    /// `None` when the cluster has no OIDC issuer (it was created without one).
    pub oidc_issuer: Option<String>,
}

impl DescribedCluster {
    /// The setup's fields and their values: the cluster name, region, cluster account and,
    /// when there is one, the OIDC issuer.
    pub fn fields(&self) -> Vec<(Field, String)> {
        let mut fields = vec![
            (Field::ClusterName, self.name.clone()),
            (Field::Region, self.region.clone()),
            (Field::ClusterAccountId, self.account_id.clone()),
        ];
        if let Some(issuer) = &self.oidc_issuer {
            fields.push((Field::OidcIssuer, issuer.clone()));
        }
        fields
    }
}

/// Why a text is not the output of `aws eks describe-cluster`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DescribeClusterError {
    #[error(transparent)]
    TooLarge(TooLargeError),
    #[error(transparent)]
    NotJson(NotJsonError),
    #[error(transparent)]
    MissingKey(MissingKeyError),
    #[error(transparent)]
    NotAClusterArn(NotAClusterArnError),
}

/// The text is longer than [`MAX_INPUT`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not the output of `aws eks describe-cluster`: {length} bytes, and it prints a few thousand (at most {max} are read)")]
pub struct TooLargeError {
    pub length: usize,
    pub max: usize,
}

/// The text is not a JSON object of the expected shape.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not the output of `aws eks describe-cluster --output json`: {reason}")]
pub struct NotJsonError {
    pub reason: String,
}

/// A key the output always has is missing or is not a string.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not the output of `aws eks describe-cluster`: no `{key}`")]
pub struct MissingKeyError {
    pub key: &'static str,
}

/// `cluster.arn` is not the ARN of an EKS cluster.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not the output of `aws eks describe-cluster`: `cluster.arn` is not an EKS cluster's ARN (`arn:<partition>:eks:<region>:<account-id>:cluster/<name>`)")]
pub struct NotAClusterArnError;

#[derive(Deserialize)]
struct Output {
    cluster: Option<Cluster>,
}

#[derive(Deserialize)]
struct Cluster {
    name: Option<serde_json::Value>,
    arn: Option<serde_json::Value>,
    identity: Option<Identity>,
}

#[derive(Deserialize)]
struct Identity {
    oidc: Option<Oidc>,
}

#[derive(Deserialize)]
struct Oidc {
    issuer: Option<serde_json::Value>,
}

fn string(value: Option<serde_json::Value>, key: &'static str) -> Result<String, DescribeClusterError> {
    match value {
        Some(serde_json::Value::String(s)) if !s.is_empty() => Ok(s),
        _ => Err(DescribeClusterError::MissingKey(MissingKeyError { key })),
    }
}

/// Reads the output of `aws eks describe-cluster --name X --output json`.
pub fn read(text: &str) -> Result<DescribedCluster, DescribeClusterError> {
    if text.len() > MAX_INPUT {
        return Err(DescribeClusterError::TooLarge(TooLargeError {
            length: text.len(),
            max: MAX_INPUT,
        }));
    }
    let output: Output = serde_json::from_str(text).map_err(|e| {
        let reason = match e.classify() {
            serde_json::error::Category::Data => "the top level is not an object with a `cluster` object".to_owned(),
            _ => e.to_string(),
        };
        DescribeClusterError::NotJson(NotJsonError { reason })
    })?;
    let cluster = output
        .cluster
        .ok_or(DescribeClusterError::MissingKey(MissingKeyError { key: "cluster" }))?;
    let arn_text = string(cluster.arn, "cluster.arn")?;
    let name = string(cluster.name, "cluster.name")?;
    let arn = Arn::parse(&arn_text).ok_or(DescribeClusterError::NotAClusterArn(NotAClusterArnError))?;
    let arn_name = arn.resource.strip_prefix("cluster/");
    if arn.service != "eks" || arn.region.is_empty() || arn.account.is_empty() || arn_name != Some(name.as_str()) {
        return Err(DescribeClusterError::NotAClusterArn(NotAClusterArnError));
    }
    let oidc_issuer = match cluster.identity.and_then(|i| i.oidc) {
        Some(oidc) => Some(string(oidc.issuer, "cluster.identity.oidc.issuer")?),
        None => None,
    };
    Ok(DescribedCluster {
        region: arn.region.to_owned(),
        account_id: arn.account.to_owned(),
        name,
        oidc_issuer,
    })
}
