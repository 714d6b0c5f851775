//! The policy view rules work on: the document's top-level members and its statements, with
//! helpers for actions, resources, principals and conditions. Members are looked up by their
//! exact spelling (IAM element names are case-sensitive); values of the wrong type are
//! skipped here and reported by the type rule, and values longer than IAM allows are skipped
//! here and reported by the length rule, so that no rule matches them.

use super::json::{Member, Node, Value};
use super::PolicyKind;
use crate::setup::value::AccountId;

/// The longest value IAM accepts in an action, resource, principal or condition: 2,048
/// characters, the length of the longest ARN.
pub const MAX_VALUE_CHARS: usize = 2_048;

/// Whether `value` is longer than [`MAX_VALUE_CHARS`]; at most a few kilobytes are counted,
/// however long it is.
pub fn too_long(value: &str) -> bool {
    value.len() > MAX_VALUE_CHARS && (value.len() > 4 * MAX_VALUE_CHARS || value.chars().count() > MAX_VALUE_CHARS)
}

/// A parsed document that may or may not be a well-formed policy.
#[derive(Debug)]
pub struct Document<'a> {
    pub root: &'a Node,
    /// The statements that are objects, in order.
    pub statements: Vec<Statement<'a>>,
}

impl<'a> Document<'a> {
    pub fn new(root: &'a Node) -> Document<'a> {
        let statements = match root.get("Statement").map(|m| &m.value) {
            Some(node) if node.as_object().is_some() => vec![Statement { node }],
            Some(node) => node
                .as_array()
                .unwrap_or_default()
                .iter()
                .filter(|n| n.as_object().is_some())
                .map(|node| Statement { node })
                .collect(),
            None => Vec::new(),
        };
        Document { root, statements }
    }

    /// A `Principal` (or `NotPrincipal`) in any statement means a trust policy.
    pub fn detect_kind(&self) -> PolicyKind {
        if self
            .statements
            .iter()
            .any(|s| s.get("Principal").is_some() || s.get("NotPrincipal").is_some())
        {
            PolicyKind::Trust
        } else {
            PolicyKind::Identity
        }
    }

    pub fn get(&self, key: &str) -> Option<&'a Member> {
        self.root.get(key)
    }
}

/// One statement object.
#[derive(Clone, Copy, Debug)]
pub struct Statement<'a> {
    pub node: &'a Node,
}

/// One principal entry: `"*"`, or a value under `AWS`, `Federated`, `Service` or
/// `CanonicalUser`.
#[derive(Clone, Copy, Debug)]
pub struct Principal<'a> {
    /// `None` for the bare `"Principal": "*"`.
    pub kind: Option<&'a str>,
    pub value: &'a str,
    pub node: &'a Node,
}

impl Principal<'_> {
    /// Anyone: `"*"` or `{"AWS": "*"}`.
    pub fn is_public(&self) -> bool {
        self.value == "*" && matches!(self.kind, None | Some("AWS"))
    }

    /// A federated OIDC identity provider (an `oidc-provider` ARN or a well-known issuer).
    pub fn is_oidc(&self) -> bool {
        self.kind == Some("Federated") && !self.value.contains(":saml-provider/")
    }

    /// The issuer host and path of an `oidc-provider` ARN, as condition keys spell it.
    pub fn oidc_issuer(&self) -> Option<&str> {
        if self.kind != Some("Federated") {
            return None;
        }
        match self.value.split_once(":oidc-provider/") {
            Some((_, issuer)) => Some(issuer),
            None if !self.value.starts_with("arn:") => Some(self.value),
            None => None,
        }
    }

    /// An account principal: `arn:…:iam::<account>:root` or a bare account ID. A wildcard
    /// in the ARN (`arn:aws:iam::*:root`) makes it no principal at all: IAM refuses it.
    pub fn is_account(&self) -> bool {
        self.kind == Some("AWS")
            && (self.value.ends_with(":root") && self.value.starts_with("arn:") && !self.value.contains(['*', '?'])
                || AccountId::is_valid(self.value))
    }

    pub fn is_service(&self, name: &str) -> bool {
        self.kind == Some("Service") && self.value == name
    }
}

/// One condition: operator, key and values.
#[derive(Clone, Copy, Debug)]
pub struct Condition<'a> {
    /// The operator's member (`"StringEquals": {…}`).
    pub operator_member: &'a Member,
    /// The key's member (`"aws:SourceIp": …`).
    pub key_member: &'a Member,
}

impl<'a> Condition<'a> {
    pub fn operator(&self) -> &'a str {
        &self.operator_member.key
    }

    pub fn key(&self) -> &'a str {
        &self.key_member.key
    }

    /// The values: one scalar or the items of an array; strings longer than IAM allows are
    /// left out.
    pub fn values(&self) -> Vec<&'a Node> {
        let fits = |n: &&Node| n.as_str().is_none_or(|s| !too_long(s));
        match self.key_member.value.as_array() {
            Some(items) => items.iter().filter(fits).collect(),
            None => Some(&self.key_member.value).filter(fits).into_iter().collect(),
        }
    }

    /// Whether the key is one of `keys`, compared as IAM compares keys (ignoring case).
    pub fn key_is(&self, keys: &[&str]) -> bool {
        keys.iter().any(|k| k.eq_ignore_ascii_case(self.key()))
    }

    /// Whether the condition holds only for the values it names, so that it really narrows
    /// who or what the statement applies to: a positive string or ARN comparison (an
    /// equality, or a pattern without wildcards) with at least one value, and no value that is
    /// a pattern or a policy variable. It must also fail when the key is absent, so
    /// `…IfExists` does not narrow, nor does `ForAllValues:` (true of an absent key), nor
    /// `Null`, `Bool`, IP ranges, or any negated operator (`StringNotEquals` admits every
    /// value but one).
    pub fn narrows(&self) -> bool {
        let operator = self.operator();
        if operator.starts_with("ForAllValues:") {
            return false;
        }
        let operator = operator.strip_prefix("ForAnyValue:").unwrap_or(operator);
        let pattern = match operator {
            "StringEquals" | "StringEqualsIgnoreCase" => false,
            // `ArnEquals` matches each part of the ARN with wildcards, like `ArnLike`.
            "StringLike" | "ArnLike" | "ArnEquals" => true,
            _ => return false,
        };
        let values = self.values();
        !values.is_empty()
            && values.iter().all(|node| match &node.value {
                Value::String(v) => !(v.is_empty() || v.contains("${") || pattern && v.contains(['*', '?'])),
                Value::Number(_) | Value::Bool(_) => true,
                _ => false,
            })
    }
}

/// Condition keys that name who is calling: the principal, its account or organisation, the
/// resource or account a service acts for, and the external ID a third party is given.
pub const CALLER_KEYS: &[&str] = &[
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:userid",
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "sts:ExternalId",
];

/// The caller keys that still narrow a principal that is a whole account: its account and
/// organisation are the account's own, so conditions on them narrow nothing.
pub const CALLER_KEYS_WITHIN_AN_ACCOUNT: &[&str] = &[
    "aws:PrincipalArn",
    "aws:userid",
    "aws:SourceArn",
    "aws:SourceAccount",
    "sts:ExternalId",
];

impl<'a> Statement<'a> {
    pub fn get(&self, key: &str) -> Option<&'a Member> {
        self.node.get(key)
    }

    pub fn effect(&self) -> Option<&'a str> {
        self.get("Effect").and_then(|m| m.value.as_str())
    }

    pub fn is_allow(&self) -> bool {
        self.effect() == Some("Allow")
    }

    fn strings_of(&self, key: &str) -> Vec<(&'a str, &'a Node)> {
        let mut strings = self.get(key).map(|m| m.value.strings()).unwrap_or_default();
        strings.retain(|(s, _)| !too_long(s));
        strings
    }

    pub fn actions(&self) -> Vec<(&'a str, &'a Node)> {
        self.strings_of("Action")
    }

    pub fn not_actions(&self) -> Vec<(&'a str, &'a Node)> {
        self.strings_of("NotAction")
    }

    pub fn resources(&self) -> Vec<(&'a str, &'a Node)> {
        self.strings_of("Resource")
    }

    pub fn not_resources(&self) -> Vec<(&'a str, &'a Node)> {
        self.strings_of("NotResource")
    }

    /// Whether the statement's `Action` names the action (exactly or through a wildcard),
    /// compared case-insensitively.
    pub fn allows_action(&self, action: &str) -> bool {
        self.actions()
            .iter()
            .any(|(a, _)| super::catalog::glob_match(a, action))
    }

    /// The principals of `Principal` (or of `NotPrincipal` with `negated`).
    pub fn principals_of(&self, key: &str) -> Vec<Principal<'a>> {
        let Some(member) = self.get(key) else {
            return Vec::new();
        };
        if let Some(value) = member.value.as_str() {
            if too_long(value) {
                return Vec::new();
            }
            return vec![Principal {
                kind: None,
                value,
                node: &member.value,
            }];
        }
        member
            .value
            .as_object()
            .unwrap_or_default()
            .iter()
            .flat_map(|m| {
                m.value
                    .strings()
                    .into_iter()
                    .filter(|(value, _)| !too_long(value))
                    .map(move |(value, node)| Principal {
                        kind: Some(m.key.as_str()),
                        value,
                        node,
                    })
            })
            .collect()
    }

    pub fn principals(&self) -> Vec<Principal<'a>> {
        self.principals_of("Principal")
    }

    /// Every operator/key pair of `Condition`, except keys longer than IAM allows.
    pub fn conditions(&self) -> Vec<Condition<'a>> {
        let Some(block) = self.get("Condition").and_then(|m| m.value.as_object()) else {
            return Vec::new();
        };
        block
            .iter()
            .flat_map(|op| {
                op.value
                    .as_object()
                    .unwrap_or_default()
                    .iter()
                    .filter(|key| !too_long(&key.key))
                    .map(move |key| Condition {
                        operator_member: op,
                        key_member: key,
                    })
            })
            .collect()
    }

    /// Whether the statement has any condition at all.
    pub fn has_conditions(&self) -> bool {
        !self.conditions().is_empty()
    }

    /// Whether a condition on one of `keys` really narrows the statement (see
    /// [`Condition::narrows`]); conditions on other keys, or that narrow nothing, do not count.
    pub fn narrowed_by(&self, keys: &[&str]) -> bool {
        self.conditions().iter().any(|c| c.key_is(keys) && c.narrows())
    }
}

/// Every ARN-looking string of a document worth checking: resources, principals and
/// ARN-typed condition values.
pub fn arn_strings<'a>(statements: &[Statement<'a>]) -> Vec<(&'a str, &'a Node)> {
    let mut out = Vec::new();
    for s in statements {
        out.extend(s.resources());
        out.extend(s.not_resources());
        for key in ["Principal", "NotPrincipal"] {
            out.extend(s.principals_of(key).into_iter().map(|p| (p.value, p.node)));
        }
        for c in s.conditions() {
            if c.operator().starts_with("Arn") || c.operator().contains(":Arn") {
                out.extend(c.values().into_iter().filter_map(|n| n.as_str().map(|v| (v, n))));
            }
        }
    }
    out.retain(|(s, _)| s.starts_with("arn:"));
    out
}
