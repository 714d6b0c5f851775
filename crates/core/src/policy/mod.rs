//! IAM policy documents, built as typed values and serialised with serde.

use serde::Serialize;
use serde_json::{Map, Value};

/// The only policy language version that supports policy variables.
pub const VERSION: &str = "2012-10-17";
/// The legacy policy language version, which IAM still accepts but which has no policy
/// variables.
pub const LEGACY_VERSION: &str = "2008-10-17";
/// The service principal of EKS Pod Identity.
pub const POD_IDENTITY_PRINCIPAL: &str = "pods.eks.amazonaws.com";
/// The session tags EKS Pod Identity sets on the sessions it creates.
pub const POD_IDENTITY_SESSION_TAGS: [&str; 6] = [
    "eks-cluster-arn",
    "eks-cluster-name",
    "kubernetes-namespace",
    "kubernetes-service-account",
    "kubernetes-pod-name",
    "kubernetes-pod-uid",
];

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyDocument {
    pub version: &'static str,
    pub statement: Vec<Statement>,
}

impl PolicyDocument {
    pub fn new(statement: Vec<Statement>) -> PolicyDocument {
        PolicyDocument {
            version: VERSION,
            statement,
        }
    }

    /// The document as pretty-printed JSON, the way it is shown and passed to the AWS CLI.
    pub fn to_pretty_json(&self) -> String {
        // Serialising plain strings and maps cannot fail, so the empty fallback is never used.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Statement {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    pub effect: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<Map<String, Value>>,
    pub action: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<Map<String, Value>>,
}

impl Statement {
    /// An `Allow` statement of an identity policy.
    pub fn allow<A: Into<String>, R: Into<String>>(
        actions: impl IntoIterator<Item = A>,
        resources: impl IntoIterator<Item = R>,
    ) -> Statement {
        Statement {
            sid: None,
            effect: "Allow",
            principal: None,
            action: actions.into_iter().map(Into::into).collect(),
            resource: Some(resources.into_iter().map(Into::into).collect()),
            condition: None,
        }
    }

    /// An `Allow` statement of a trust policy: `principal_type` is `AWS`, `Federated` or
    /// `Service`.
    pub fn trust<A: Into<String>>(
        principal_type: &str,
        principal: impl Into<String>,
        actions: impl IntoIterator<Item = A>,
    ) -> Statement {
        let mut map = Map::new();
        map.insert(principal_type.to_owned(), Value::String(principal.into()));
        Statement {
            sid: None,
            effect: "Allow",
            principal: Some(map),
            action: actions.into_iter().map(Into::into).collect(),
            resource: None,
            condition: None,
        }
    }

    /// Names the statement.
    pub fn with_sid(mut self, sid: &str) -> Statement {
        self.sid = Some(sid.to_owned());
        self
    }

    /// Adds a condition `operator: {key: value}`, merging with earlier keys of the operator.
    pub fn with_condition(mut self, operator: &str, key: impl Into<String>, value: impl Into<String>) -> Statement {
        let conditions = self.condition.get_or_insert_with(Map::new);
        let entry = conditions
            .entry(operator.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(keys) = entry {
            keys.insert(key.into(), Value::String(value.into()));
        }
        self
    }

    /// Adds a condition `operator: {key: [values…]}`, merging with earlier keys of the operator.
    pub fn with_condition_values<V: Into<String>>(
        mut self,
        operator: &str,
        key: impl Into<String>,
        values: impl IntoIterator<Item = V>,
    ) -> Statement {
        let conditions = self.condition.get_or_insert_with(Map::new);
        let entry = conditions
            .entry(operator.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(keys) = entry {
            let values = values.into_iter().map(|v| Value::String(v.into())).collect();
            keys.insert(key.into(), Value::Array(values));
        }
        self
    }
}

pub mod semantics;
