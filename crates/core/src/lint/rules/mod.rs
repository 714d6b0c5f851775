//! The rules, one file each, and the registry. Helpers several rules share live here.

use std::collections::HashMap;
use std::ops::Range;

use super::arn::{catalog_pattern, is_broad};
use super::json::{Node, Value};
use super::policy::{Condition, Principal, Statement};
use super::{catalog, Context, Diagnostic, Rule};

mod access_key_id_in_policy;
mod account_principal_without_condition;
mod action_resource_mismatch;
mod allow_with_not_action;
mod allow_with_not_resource;
mod bucket_policy_or_acl_write;
mod duplicate_key;
mod duplicate_sid;
mod element_with_its_negation;
mod empty_element;
mod federated_principal_wrong_action;
mod invalid_account_id;
mod invalid_bool_condition_value;
mod invalid_bucket_name;
mod invalid_date_condition_value;
mod invalid_effect;
mod invalid_ip_condition_value;
mod invalid_json;
mod invalid_null_condition_value;
mod invalid_numeric_condition_value;
mod invalid_sid;
mod malformed_action;
mod malformed_arn;
mod malformed_principal;
mod missing_action;
mod missing_effect;
mod missing_principal;
mod missing_resource;
mod missing_statement;
mod missing_version;
mod mixed_partitions;
mod non_sts_action_in_trust_policy;
mod not_principal_in_trust_policy;
mod oidc_condition_issuer_mismatch;
mod oidc_trust_without_condition;
mod oidc_trust_without_sub;
mod pass_role_on_wildcard;
mod pod_identity_without_tag_session;
mod policy_too_large;
mod policy_variable_without_version;
mod principal_in_identity_policy;
pub(crate) mod privilege_escalation_on_wildcard;
mod public_principal_without_condition;
mod resource_in_trust_policy;
mod s3_arn_with_region_or_account;
mod secret_access_key_in_policy;
mod service_wide_wildcard_action;
mod tag_session_outside_pod_identity;
mod unknown_action;
mod unknown_condition_operator;
mod unknown_element;
mod unknown_global_condition_key;
mod unknown_service;
mod unknown_service_condition_key;
mod unknown_version;
mod unscoped_pod_identity_trust;
mod value_too_long;
mod wildcard_resource_with_kms;
mod wildcard_resource_with_s3;
mod wildcard_resource_with_write;
mod wildcard_under_string_equals;
mod wrong_element_type;

/// Every rule, in code order.
static RULES: &[&dyn Rule] = &[
    // Structure.
    &invalid_json::InvalidJson,
    &missing_version::MissingVersion,
    &unknown_version::UnknownVersion,
    &missing_statement::MissingStatement,
    &missing_effect::MissingEffect,
    &invalid_effect::InvalidEffect,
    &missing_action::MissingAction,
    &element_with_its_negation::ElementWithItsNegation,
    &missing_resource::MissingResource,
    &missing_principal::MissingPrincipal,
    &unknown_element::UnknownElement,
    &wrong_element_type::WrongElementType,
    &duplicate_sid::DuplicateSid,
    &invalid_sid::InvalidSid,
    &empty_element::EmptyElement,
    &duplicate_key::DuplicateKey,
    &principal_in_identity_policy::PrincipalInIdentityPolicy,
    &policy_variable_without_version::PolicyVariableWithoutVersion,
    // Actions and resources.
    &malformed_action::MalformedAction,
    &unknown_service::UnknownService,
    &unknown_action::UnknownAction,
    &action_resource_mismatch::ActionResourceMismatch,
    &malformed_arn::MalformedArn,
    &invalid_account_id::InvalidAccountId,
    &s3_arn_with_region_or_account::S3ArnWithRegionOrAccount,
    &invalid_bucket_name::InvalidBucketName,
    &mixed_partitions::MixedPartitions,
    // Breadth.
    &wildcard_resource_with_s3::WildcardResourceWithS3,
    &wildcard_resource_with_kms::WildcardResourceWithKms,
    &wildcard_resource_with_write::WildcardResourceWithWrite,
    &service_wide_wildcard_action::ServiceWideWildcardAction,
    &pass_role_on_wildcard::PassRoleOnWildcard,
    &allow_with_not_action::AllowWithNotAction,
    &allow_with_not_resource::AllowWithNotResource,
    &privilege_escalation_on_wildcard::PrivilegeEscalationOnWildcard,
    &bucket_policy_or_acl_write::BucketPolicyOrAclWrite,
    // Conditions.
    &unknown_condition_operator::UnknownConditionOperator,
    &invalid_bool_condition_value::InvalidBoolConditionValue,
    &invalid_null_condition_value::InvalidNullConditionValue,
    &invalid_date_condition_value::InvalidDateConditionValue,
    &invalid_numeric_condition_value::InvalidNumericConditionValue,
    &invalid_ip_condition_value::InvalidIpConditionValue,
    &wildcard_under_string_equals::WildcardUnderStringEquals,
    &unknown_global_condition_key::UnknownGlobalConditionKey,
    &unknown_service_condition_key::UnknownServiceConditionKey,
    // Trust policies.
    &resource_in_trust_policy::ResourceInTrustPolicy,
    &not_principal_in_trust_policy::NotPrincipalInTrustPolicy,
    &public_principal_without_condition::PublicPrincipalWithoutCondition,
    &federated_principal_wrong_action::FederatedPrincipalWrongAction,
    &oidc_trust_without_condition::OidcTrustWithoutCondition,
    &oidc_trust_without_sub::OidcTrustWithoutSub,
    &oidc_condition_issuer_mismatch::OidcConditionIssuerMismatch,
    &pod_identity_without_tag_session::PodIdentityWithoutTagSession,
    &tag_session_outside_pod_identity::TagSessionOutsidePodIdentity,
    &account_principal_without_condition::AccountPrincipalWithoutCondition,
    &non_sts_action_in_trust_policy::NonStsActionInTrustPolicy,
    &malformed_principal::MalformedPrincipal,
    &unscoped_pod_identity_trust::UnscopedPodIdentityTrust,
    // Limits.
    &policy_too_large::PolicyTooLarge,
    &value_too_long::ValueTooLong,
    // Secrets.
    &access_key_id_in_policy::AccessKeyIdInPolicy,
    &secret_access_key_in_policy::SecretAccessKeyInPolicy,
];

/// Every rule, in code order.
pub fn all() -> &'static [&'static dyn Rule] {
    RULES
}

/// The rule with this code or name.
pub fn find(code_or_name: &str) -> Option<&'static dyn Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.code() == code_or_name || r.name() == code_or_name)
}

/// Which of a statement's resources may be of each catalog resource type, worked out once
/// per type for the whole statement: an action then costs a look-up per type it acts on,
/// never a match against every resource (N actions on N resources are N + N, not N x N).
pub(crate) struct ResourceTypes<'a> {
    resources: Vec<&'a str>,
    /// (service, resource type) -> the first resource that may be of that type. The names
    /// are the catalog's own, so they are told apart by address: a statement meets a handful
    /// of types (at most the held services' few dozen), for which a list searched by
    /// address is quicker than hashing two strings per action.
    seen: Vec<(&'static str, &'static str, Option<&'a str>)>,
}

impl<'a> ResourceTypes<'a> {
    pub(crate) fn new(resources: Vec<&'a str>) -> ResourceTypes<'a> {
        ResourceTypes {
            resources,
            seen: Vec::new(),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.resources.is_empty()
    }

    /// The first resource that may be of one of the types `action` acts on.
    pub(crate) fn first_for(
        &mut self,
        service: &'static catalog::Service,
        action: &catalog::Action,
    ) -> Option<&'a str> {
        action
            .resource_types
            .iter()
            .find_map(|name| self.first_of_type(service, name))
    }

    fn first_of_type(&mut self, service: &'static catalog::Service, name: &'static str) -> Option<&'a str> {
        let known = self
            .seen
            .iter()
            .find(|(prefix, kind, _)| std::ptr::eq(*prefix, service.prefix) && std::ptr::eq(*kind, name));
        if let Some((_, _, first)) = known {
            return *first;
        }
        let first = catalog_pattern(service, name)
            .and_then(|pattern| self.resources.iter().copied().find(|r| pattern.matches(r)));
        self.seen.push((service.prefix, name, first));
        first
    }
}

/// In `Allow` statements, the actions (as written) that match a catalog action of which
/// `wanted(service, action)` holds, that can be scoped to a resource type, and that the
/// statement allows on a resource standing for every resource of that type (`*`,
/// `arn:aws:s3:::*`, `arn:aws:iam::*:user/*`; with `in_one_account`, also one account's
/// every resource of it; see [`is_broad`]), with that resource.
pub(crate) fn wildcard_resource_actions<'a>(
    cx: &Context<'a>,
    in_one_account: bool,
    wanted: impl Fn(&str, &catalog::Action) -> bool,
) -> Vec<WildcardUse<'a>> {
    let mut out = Vec::new();
    for s in cx.statements().iter().filter(|s| s.is_allow()) {
        let broad = s
            .resources()
            .into_iter()
            .map(|(r, _)| r)
            .filter(|r| is_broad(r, in_one_account))
            .collect();
        let mut types = ResourceTypes::new(broad);
        if types.is_empty() {
            continue;
        }
        for (action, node) in s.actions() {
            let Some((service, matches)) = cx.catalog_actions(action) else {
                continue;
            };
            let hit = matches
                .filter(|a| !a.resource_types.is_empty() && wanted(service.prefix, a))
                .find_map(|a| types.first_for(service, a).map(|r| (a.name, r)));
            if let Some((catalog_name, resource)) = hit {
                out.push(WildcardUse {
                    action,
                    node,
                    statement: *s,
                    resource,
                    catalog_name,
                });
            }
        }
    }
    out
}

/// An action allowed on a resource that stands for every resource of its type.
pub(crate) struct WildcardUse<'a> {
    /// As written (`s3:Put*`).
    pub action: &'a str,
    pub node: &'a Node,
    pub statement: Statement<'a>,
    /// The resource as written (`*`, `arn:aws:s3:::*/*`).
    pub resource: &'a str,
    /// The catalog action it grants there (`PutObject`).
    pub catalog_name: &'static str,
}

impl WildcardUse<'_> {
    /// How messages name the resource: "every resource (`*`)" or "`arn:aws:s3:::*`".
    pub fn on(&self) -> String {
        if self.resource == "*" {
            "every resource (`*`)".to_owned()
        } else {
            format!("`{}`", self.resource)
        }
    }
}

/// What a statement's conditions say about the claims of each OIDC issuer: whether its `sub`
/// and its `aud` are narrowed (see [`Condition::narrows`]), by issuer in lowercase, read in
/// one pass over the conditions.
#[derive(Default)]
pub(crate) struct OidcClaims {
    by_issuer: HashMap<String, (bool, bool)>,
    /// Whether some key ending in `:sub` is narrowed, for principals whose issuer is unknown.
    any_sub: bool,
}

impl OidcClaims {
    pub(crate) fn of(statement: &Statement<'_>) -> OidcClaims {
        let mut claims = OidcClaims::default();
        for c in statement.conditions() {
            let Some((issuer, claim)) = c.key().rsplit_once(':') else {
                continue;
            };
            let (sub, aud) = (claim.eq_ignore_ascii_case("sub"), claim.eq_ignore_ascii_case("aud"));
            if !(sub || aud) || !c.narrows() {
                continue;
            }
            let entry = claims.by_issuer.entry(issuer.to_ascii_lowercase()).or_default();
            entry.0 |= sub;
            entry.1 |= aud;
            claims.any_sub |= sub;
        }
        claims
    }

    /// Whether `sub` and whether `aud` of the principal's issuer are narrowed.
    pub(crate) fn narrowed(&self, principal: &Principal<'_>) -> (bool, bool) {
        match principal.oidc_issuer() {
            Some(issuer) => self
                .by_issuer
                .get(&issuer.to_ascii_lowercase())
                .copied()
                .unwrap_or_default(),
            None => (self.any_sub, false),
        }
    }
}

/// The type of values a condition operator compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperatorType {
    String,
    Numeric,
    Date,
    Bool,
    Binary,
    Ip,
    Arn,
    Null,
}

const OPERATORS: &[(&str, OperatorType)] = &[
    ("StringEquals", OperatorType::String),
    ("StringNotEquals", OperatorType::String),
    ("StringEqualsIgnoreCase", OperatorType::String),
    ("StringNotEqualsIgnoreCase", OperatorType::String),
    ("StringLike", OperatorType::String),
    ("StringNotLike", OperatorType::String),
    ("NumericEquals", OperatorType::Numeric),
    ("NumericNotEquals", OperatorType::Numeric),
    ("NumericLessThan", OperatorType::Numeric),
    ("NumericLessThanEquals", OperatorType::Numeric),
    ("NumericGreaterThan", OperatorType::Numeric),
    ("NumericGreaterThanEquals", OperatorType::Numeric),
    ("DateEquals", OperatorType::Date),
    ("DateNotEquals", OperatorType::Date),
    ("DateLessThan", OperatorType::Date),
    ("DateLessThanEquals", OperatorType::Date),
    ("DateGreaterThan", OperatorType::Date),
    ("DateGreaterThanEquals", OperatorType::Date),
    ("Bool", OperatorType::Bool),
    ("BinaryEquals", OperatorType::Binary),
    ("IpAddress", OperatorType::Ip),
    ("NotIpAddress", OperatorType::Ip),
    ("ArnEquals", OperatorType::Arn),
    ("ArnLike", OperatorType::Arn),
    ("ArnNotEquals", OperatorType::Arn),
    ("ArnNotLike", OperatorType::Arn),
    ("Null", OperatorType::Null),
];

/// The base operator of `ForAnyValue:StringLikeIfExists` (`StringLike`), if it is one.
pub(crate) fn operator_base(operator: &str) -> Option<&str> {
    let unset = operator
        .strip_prefix("ForAllValues:")
        .or_else(|| operator.strip_prefix("ForAnyValue:"))
        .unwrap_or(operator);
    let base = match unset.strip_suffix("IfExists") {
        Some(base) if base != "Null" => base,
        Some(_) => return None,
        None => unset,
    };
    OPERATORS.iter().any(|(name, _)| *name == base).then_some(base)
}

/// The value type an operator compares, if it is an operator.
pub(crate) fn operator_type(operator: &str) -> Option<OperatorType> {
    let base = operator_base(operator)?;
    OPERATORS.iter().find(|(name, _)| *name == base).map(|(_, t)| *t)
}

/// The values of conditions whose operator compares `kind`, as text.
pub(crate) fn condition_values<'a>(cx: &Context<'a>, kind: OperatorType) -> Vec<(Condition<'a>, String, &'a Node)> {
    let mut out = Vec::new();
    for s in cx.statements() {
        for c in s.conditions() {
            if operator_type(c.operator()) != Some(kind) {
                continue;
            }
            for node in c.values() {
                let text = match &node.value {
                    Value::String(s) => s.clone(),
                    Value::Bool(b) => b.to_string(),
                    Value::Number(n) => n.clone(),
                    _ => continue,
                };
                out.push((c, text, node));
            }
        }
    }
    out
}

/// Reports every value of a condition whose operator compares `kind` that `fits` rejects,
/// with `help` saying what the operator takes: the check of every `invalid-*-condition-value`
/// rule.
pub(crate) fn report_misfit_values(
    cx: &Context<'_>,
    out: &mut Vec<Diagnostic>,
    kind: OperatorType,
    fits: fn(&str) -> bool,
    help: &str,
) {
    for (condition, value, node) in condition_values(cx, kind) {
        if !fits(&value) {
            out.push(Diagnostic::at(
                node,
                format!(
                    "`{value}` does not fit `{}` on `{}`",
                    condition.operator(),
                    condition.key()
                ),
                help,
            ));
        }
    }
}

fn is_variable(value: &str) -> bool {
    value.starts_with("${") && value.ends_with('}')
}

pub(crate) fn bool_value(value: &str) -> bool {
    value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false") || is_variable(value)
}

pub(crate) fn numeric_value(value: &str) -> bool {
    if is_variable(value) {
        return true;
    }
    let digits = value.strip_prefix('-').unwrap_or(value);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// ISO 8601 dates and times as IAM reads them, or epoch seconds.
pub(crate) fn date_value(value: &str) -> bool {
    if is_variable(value) || (!value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())) {
        return true;
    }
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let number = |s: &str| s.parse::<u32>().unwrap_or(u32::MAX);
    let (date, time) = match value.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (value, None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    let date_ok = match parts.as_slice() {
        [y, m, d] => {
            digits(y, 4)
                && digits(m, 2)
                && digits(d, 2)
                && (1..=12).contains(&number(m))
                && (1..=31).contains(&number(d))
        }
        _ => false,
    };
    if !date_ok {
        return false;
    }
    let Some(time) = time else { return true };
    let (clock, zone_ok) = if let Some(clock) = time.strip_suffix('Z') {
        (clock, true)
    } else if let Some(i) = time.rfind(['+', '-']) {
        let zone = time.get(i + 1..).unwrap_or_default();
        let ok = matches!(zone.split_once(':'), Some((h, m)) if digits(h, 2) && digits(m, 2)) || digits(zone, 4);
        (time.get(..i).unwrap_or_default(), ok)
    } else {
        (time, true)
    };
    let clock = clock.split_once('.').map_or(clock, |(c, frac)| {
        if !frac.is_empty() && frac.bytes().all(|b| b.is_ascii_digit()) {
            c
        } else {
            "invalid"
        }
    });
    let fields: Vec<&str> = clock.split(':').collect();
    let clock_ok = match fields.as_slice() {
        [h, m] => digits(h, 2) && digits(m, 2) && number(h) < 24 && number(m) < 60,
        [h, m, s] => digits(h, 2) && digits(m, 2) && digits(s, 2) && number(h) < 24 && number(m) < 60 && number(s) < 61,
        _ => false,
    };
    zone_ok && clock_ok
}

/// An IPv4 or IPv6 address or CIDR range.
pub(crate) fn ip_value(value: &str) -> bool {
    if is_variable(value) {
        return true;
    }
    let (address, prefix) = match value.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (value, None),
    };
    let max = if address.parse::<std::net::Ipv4Addr>().is_ok() {
        32
    } else if address.parse::<std::net::Ipv6Addr>().is_ok() {
        128
    } else {
        return false;
    };
    match prefix {
        None => true,
        Some(p) => !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u32>().is_ok_and(|n| n <= max),
    }
}

/// What the secret rules look for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scan {
    AccessKeyId,
    SecretKey,
}

/// The prefixes of access key IDs, in the order their matches are reported.
const ACCESS_KEY_PREFIXES: [&[u8]; 4] = [b"AKIA", b"ASIA", b"ABIA", b"ACCA"];

/// How long an access key ID is.
const ACCESS_KEY_LEN: usize = 20;

fn access_key_ids(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    if bytes.len() < ACCESS_KEY_LEN {
        return Vec::new();
    }
    let key_char = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit();
    // One pass over the text: each `A` is tried against the four prefixes.
    let mut found: Vec<(usize, Range<usize>)> = Vec::new();
    for (start, _) in bytes.iter().enumerate().filter(|(_, b)| **b == b'A') {
        let Some(kind) = ACCESS_KEY_PREFIXES
            .iter()
            .position(|p| bytes.get(start..start + p.len()) == Some(*p))
        else {
            continue;
        };
        let end = start + ACCESS_KEY_LEN;
        let body_ok = bytes
            .get(start + 4..end)
            .is_some_and(|b| b.iter().all(|c| key_char(*c)));
        let before_ok = start == 0 || bytes.get(start - 1).is_some_and(|b| !key_char(*b));
        let after_ok = bytes.get(end).is_none_or(|b| !key_char(*b));
        if body_ok && before_ok && after_ok {
            found.push((kind, start..end));
        }
    }
    // Reported prefix by prefix, each in the text's order (the sort is stable).
    found.sort_by_key(|(kind, _)| *kind);
    found.into_iter().map(|(_, range)| range).collect()
}

/// How long a secret access key is.
const SECRET_KEY_LEN: usize = 40;

fn secret_keys(text: &str) -> Vec<Range<usize>> {
    if text.len() < SECRET_KEY_LEN {
        return Vec::new();
    }
    // Every character of a key is ASCII: bytes are read, and a byte of a non-ASCII
    // character ends a run as the character would.
    let secret_char = |c: u8| c.is_ascii_alphanumeric() || c == b'/' || c == b'+';
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.bytes().enumerate().chain(std::iter::once((text.len(), b' '))) {
        match (secret_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let run = text.get(s..i).unwrap_or_default();
                let mixed = run.bytes().any(|b| b.is_ascii_uppercase())
                    && run.bytes().any(|b| b.is_ascii_lowercase())
                    && run.bytes().any(|b| b.is_ascii_digit());
                if run.len() == SECRET_KEY_LEN && mixed {
                    out.push(s..i);
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Where the document holds what `scan` looks for: (the text, its range, its pointer).
/// Parsed documents are searched string by string (keys included); others as raw text.
pub(crate) fn secret_scan_strings(cx: &Context<'_>, scan: Scan) -> Vec<(String, Range<usize>, String)> {
    let find = |text: &str| match scan {
        Scan::AccessKeyId => access_key_ids(text),
        Scan::SecretKey if text.starts_with("arn:") => Vec::new(),
        Scan::SecretKey => secret_keys(text),
    };
    if cx.root.is_none() {
        return find(cx.text)
            .into_iter()
            .map(|r| (cx.text.get(r.clone()).unwrap_or_default().to_owned(), r, String::new()))
            .collect();
    };
    let mut out = Vec::new();
    for node in cx.nodes() {
        if let Some(text) = node.as_str() {
            for r in find(text) {
                out.push((
                    text.get(r).unwrap_or_default().to_owned(),
                    node.range.clone(),
                    node.pointer.to_string(),
                ));
            }
        }
        for m in node.as_object().unwrap_or_default() {
            for r in find(&m.key) {
                out.push((
                    m.key.get(r).unwrap_or_default().to_owned(),
                    m.key_range.clone(),
                    m.value.pointer.to_string(),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_with_prefixes_and_suffixes() {
        assert_eq!(
            operator_type("ForAnyValue:StringLikeIfExists"),
            Some(OperatorType::String)
        );
        assert_eq!(operator_type("NullIfExists"), None);
        assert_eq!(operator_type("stringEquals"), None);
        assert_eq!(operator_type("StringEqual"), None);
    }

    #[test]
    fn value_shapes() {
        assert!(date_value("2026-01-31") && date_value("2026-01-31T12:00:00Z") && date_value("1700000000"));
        assert!(date_value("2026-01-31T12:00:00.123+01:00") && date_value("${aws:CurrentTime}"));
        assert!(!date_value("31/01/2026") && !date_value("2026-13-01") && !date_value("2026-01-31T25:00Z"));
        assert!(ip_value("203.0.113.0/24") && ip_value("2001:db8::/32") && ip_value("10.0.0.1"));
        assert!(!ip_value("203.0.113.0/33") && !ip_value("10.0.0") && !ip_value("10.0.0.1/"));
        assert!(numeric_value("3600") && numeric_value("-1.5") && !numeric_value("1h") && !numeric_value("1."));
        assert!(bool_value("true") && bool_value("False") && !bool_value("yes"));
    }

    #[test]
    fn secrets_are_found_by_shape() {
        assert_eq!(access_key_ids("x AKIAIOSFODNN7EXAMPLE y"), vec![2..22]);
        assert!(access_key_ids("AKIAIOSFODNN7EXAMPLEX").is_empty());
        assert_eq!(secret_keys("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY").len(), 1);
        assert!(secret_keys("system:serviceaccount:default:my-cluster-patroni").is_empty());
        assert!(secret_keys("oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D").is_empty());
    }
}
