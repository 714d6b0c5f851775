//! A policy's statements summarised as the AWS console's policy summary does: for each
//! statement its effect, its principals (in a trust policy), the services its actions belong
//! to with the access levels they cover (from the linter's IAM catalog, wildcards expanded),
//! its resources (the bucket and prefix of an S3 ARN) and its conditions in words.
//! `NotAction`, `NotResource` and `NotPrincipal` are said as the exceptions they are.

use super::conditions::{self, ConditionSummary, Context, Effect};
use crate::arn::Arn;
use crate::lint::catalog::{self, Access};
use serde::Serialize;
use serde_json::{Map, Value};

/// A policy's summary: one entry per statement, in document order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PolicySummary {
    pub statements: Vec<StatementSummary>,
}

/// One statement, as a table the page renders.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatementSummary {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// `Allow` or `Deny` as written; empty when the statement has no `Effect`.
    pub effect: String,
    /// Who the statement is about, in a trust policy; `None` when it names nobody.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principals: Option<PrincipalsSummary>,
    pub actions: ActionsSummary,
    /// What the statement applies to; `None` when it names nothing (a trust policy).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resources: Option<ResourcesSummary>,
    pub conditions: Vec<ConditionSummary>,
    /// Sentences on what the statement's shape means: exceptions (`NotAction`, …) and the
    /// trusts whose meaning is not in their words (EKS Pod Identity's session tags, IRSA).
    pub notes: Vec<String>,
}

/// An action's access level, as the service authorization reference classifies it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum AccessLevel {
    List,
    Read,
    Write,
    #[serde(rename = "Permissions management")]
    PermissionsManagement,
    Tagging,
}

impl AccessLevel {
    /// Every level, in the console's order.
    pub const ALL: [AccessLevel; 5] = [
        AccessLevel::List,
        AccessLevel::Read,
        AccessLevel::Write,
        AccessLevel::PermissionsManagement,
        AccessLevel::Tagging,
    ];

    fn of(access: Access) -> AccessLevel {
        match access {
            Access::List => AccessLevel::List,
            Access::Read => AccessLevel::Read,
            Access::Write => AccessLevel::Write,
            Access::PermissionsManagement => AccessLevel::PermissionsManagement,
            Access::Tagging => AccessLevel::Tagging,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions management",
            AccessLevel::Tagging => "Tagging",
        }
    }
}

/// The statement's `Action` or `NotAction`, by service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActionsSummary {
    /// `NotAction`: the statement is about every action but these.
    pub negated: bool,
    /// The services, in the order their first action appears.
    pub services: Vec<ServiceSummary>,
}

/// The actions of one service prefix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceSummary {
    /// As written (`s3`), or `*` for the action `*`.
    pub prefix: String,
    /// The service's name, for the services the catalog holds in full.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'static str>,
    /// Whether the catalog holds the service's actions, so that the access levels are known.
    pub known: bool,
    /// The levels the statement covers in this service, in the console's order: those of
    /// the listed actions, or under `NotAction` those of the service's other actions.
    pub access_levels: Vec<AccessLevel>,
    /// The statement covers every action of the service (`s3:*`, `*`, or patterns that
    /// together match them all): the console's "Full access".
    pub full_access: bool,
    pub actions: Vec<ActionSummary>,
}

/// One action as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActionSummary {
    pub written: String,
    /// For a pattern with `*` or `?`, how many of the service's actions it matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expands_to: Option<usize>,
    /// For one action the catalog knows, its level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access: Option<AccessLevel>,
}

/// The statement's `Resource` or `NotResource`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResourcesSummary {
    /// `NotResource`: the statement applies to every resource but these.
    pub negated: bool,
    pub resources: Vec<ResourceSummary>,
}

/// One resource as written, and what it names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResourceSummary {
    pub written: String,
    pub words: String,
    /// The bucket and object key pattern of an S3 ARN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s3: Option<S3Resource>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct S3Resource {
    pub bucket: String,
    /// The object key (pattern) after the bucket, `None` for the bucket itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objects: Option<String>,
}

/// The statement's `Principal` or `NotPrincipal`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PrincipalsSummary {
    /// `NotPrincipal`: every principal but these.
    pub negated: bool,
    pub principals: Vec<PrincipalSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PrincipalSummary {
    /// `AWS`, `Service`, `Federated`, `CanonicalUser`, or `*` for `"Principal": "*"`.
    pub kind: String,
    pub value: String,
    pub words: String,
}

/// Why a text has no summary. The linter says what else is wrong with a policy; the
/// summary only needs a JSON object whose statements are objects.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SummaryError {
    #[error(transparent)]
    NotJson(NotJsonError),
    #[error(transparent)]
    NotAnObject(NotAnObjectError),
    #[error(transparent)]
    BadStatement(BadStatementError),
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the policy is not valid JSON: {reason}")]
pub struct NotJsonError {
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the policy is not a JSON object")]
pub struct NotAnObjectError;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("statement {number} is not a JSON object")]
pub struct BadStatementError {
    /// 1-based.
    pub number: usize,
}

/// The summary of an identity or trust policy's text.
pub fn summarize(text: &str) -> Result<PolicySummary, SummaryError> {
    let document: Value =
        serde_json::from_str(text).map_err(|e| SummaryError::NotJson(NotJsonError { reason: e.to_string() }))?;
    let Value::Object(document) = document else {
        return Err(SummaryError::NotAnObject(NotAnObjectError));
    };
    let statements: Vec<&Value> = match document.get("Statement") {
        None => Vec::new(),
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one) => vec![one],
    };
    let statements = statements
        .into_iter()
        .enumerate()
        .map(|(i, s)| match s {
            Value::Object(s) => Ok(statement(s)),
            _ => Err(SummaryError::BadStatement(BadStatementError { number: i + 1 })),
        })
        .collect::<Result<_, _>>()?;
    Ok(PolicySummary { statements })
}

/// A value as a list of strings: a string is one, a list each of its items; anything else
/// is its JSON text, so nothing the user wrote is hidden.
fn strings(value: &Value) -> Vec<String> {
    let one = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match value {
        Value::Array(items) => items.iter().map(one).collect(),
        other => vec![one(other)],
    }
}

/// The element `name` or its negation `Not<name>`, with whether it is the negation.
fn element_or_negation<'a>(s: &'a Map<String, Value>, name: &str) -> Option<(&'a Value, bool)> {
    s.get(name)
        .map(|v| (v, false))
        .or_else(|| s.get(&format!("Not{name}")).map(|v| (v, true)))
}

const POD_IDENTITY: &str = "pods.eks.amazonaws.com";

fn statement(s: &Map<String, Value>) -> StatementSummary {
    let effect_text = s.get("Effect").and_then(Value::as_str).unwrap_or_default().to_owned();
    let effect = if effect_text == "Deny" {
        Effect::Deny
    } else {
        Effect::Allow
    };
    let principals = element_or_negation(s, "Principal").map(|(v, negated)| PrincipalsSummary {
        negated,
        principals: principals(v),
    });
    let (actions, actions_negated) = element_or_negation(s, "Action")
        .map(|(v, negated)| (strings(v), negated))
        .unwrap_or_default();
    let resources = element_or_negation(s, "Resource").map(|(v, negated)| ResourcesSummary {
        negated,
        resources: strings(v).iter().map(|r| resource(r)).collect(),
    });
    let pod_identity = principals.as_ref().is_some_and(|p| {
        !p.negated
            && p.principals
                .iter()
                .any(|p| p.kind == "Service" && p.value.eq_ignore_ascii_case(POD_IDENTITY))
    });
    let context = Context { pod_identity };
    let conditions = match s.get("Condition") {
        Some(Value::Object(operators)) => operators
            .iter()
            .flat_map(|(operator, keys)| match keys {
                Value::Object(keys) => keys
                    .iter()
                    .map(|(key, values)| conditions::describe(operator, key, &strings(values), effect, context))
                    .collect(),
                other => vec![conditions::describe(operator, "", &strings(other), effect, context)],
            })
            .collect(),
        _ => Vec::new(),
    };

    let has_action = |name: &str| !actions_negated && actions.iter().any(|a| a.eq_ignore_ascii_case(name));
    let mut notes = Vec::new();
    if actions_negated {
        notes.push(match effect {
            Effect::Allow => "allows every action of every service except the ones listed, including services the statement does not name".to_owned(),
            Effect::Deny => "denies every action of every service except the ones listed".to_owned(),
        });
    }
    if resources.as_ref().is_some_and(|r| r.negated) {
        notes.push("applies to every resource except the ones listed".to_owned());
    }
    if principals.as_ref().is_some_and(|p| p.negated) {
        notes.push("applies to every principal except the ones listed".to_owned());
    }
    if effect == Effect::Allow && has_action("sts:TagSession") {
        notes.push(if pod_identity {
            "EKS Pod Identity tags the role's session with the pod's cluster, namespace, service account and pod (`sts:TagSession`), which conditions and policies read as `aws:PrincipalTag/…`".to_owned()
        } else {
            "the caller may tag the role's session (`sts:TagSession`); the tags it passes become `aws:PrincipalTag/…` in the session".to_owned()
        });
    }
    if effect == Effect::Allow && has_action("sts:AssumeRoleWithWebIdentity") {
        notes.push(
            "pods with a token of the OIDC provider assume the role with it (IAM roles for service accounts)"
                .to_owned(),
        );
    }

    StatementSummary {
        sid: s.get("Sid").and_then(Value::as_str).map(str::to_owned),
        effect: effect_text,
        principals,
        actions: ActionsSummary {
            negated: actions_negated,
            services: services(&actions, actions_negated),
        },
        resources,
        conditions,
        notes,
    }
}

/// The readable names of the services the catalog holds in full; the catalog itself has
/// none.
fn service_name(prefix: &str) -> Option<&'static str> {
    let name = match prefix.to_ascii_lowercase().as_str() {
        "s3" => "Amazon S3",
        "ec2" => "Amazon EC2",
        "kms" => "AWS Key Management Service",
        "iam" => "AWS Identity and Access Management",
        "sts" => "AWS Security Token Service",
        "eks" => "Amazon Elastic Kubernetes Service",
        _ => return None,
    };
    Some(name)
}

fn levels(accesses: impl Iterator<Item = Access>) -> Vec<AccessLevel> {
    let mut levels: Vec<AccessLevel> = accesses.map(AccessLevel::of).collect();
    levels.sort();
    levels.dedup();
    levels
}

/// The actions by service, in the order each service first appears.
fn services(actions: &[String], negated: bool) -> Vec<ServiceSummary> {
    let mut out: Vec<(String, Vec<&str>)> = Vec::new();
    for action in actions {
        let prefix = match action.split_once(':') {
            Some((prefix, _)) => prefix,
            None => action.as_str(),
        };
        match out.iter_mut().find(|(p, _)| p.eq_ignore_ascii_case(prefix)) {
            Some((_, list)) => list.push(action),
            None => out.push((prefix.to_owned(), vec![action])),
        }
    }
    out.into_iter()
        .map(|(prefix, written)| {
            if prefix == "*" {
                return ServiceSummary {
                    prefix,
                    name: Some("Every service"),
                    known: true,
                    access_levels: if negated { Vec::new() } else { AccessLevel::ALL.to_vec() },
                    full_access: !negated,
                    actions: written
                        .iter()
                        .map(|w| ActionSummary {
                            written: (*w).to_owned(),
                            expands_to: None,
                            access: None,
                        })
                        .collect(),
                };
            }
            let service = catalog::service(&prefix);
            let names: Vec<&str> = written
                .iter()
                .map(|w| w.split_once(':').map_or("", |(_, name)| name))
                .collect();
            let actions = written
                .iter()
                .zip(&names)
                .map(|(w, name)| {
                    let wildcard = name.contains(['*', '?']);
                    let matched: Vec<&catalog::Action> =
                        service.map(|s| s.matching_actions(name).collect()).unwrap_or_default();
                    ActionSummary {
                        written: (*w).to_owned(),
                        expands_to: (wildcard && service.is_some()).then_some(matched.len()),
                        access: match (wildcard, matched.as_slice()) {
                            (false, [one]) => Some(AccessLevel::of(one.access)),
                            _ => None,
                        },
                    }
                })
                .collect();
            let full_access = service.is_some_and(|s| {
                !negated
                    && s.actions
                        .iter()
                        .all(|a| names.iter().any(|n| catalog::glob_match(n, a.name)))
            });
            let access_levels = match service {
                None => Vec::new(),
                Some(s) if negated => levels(
                    s.actions
                        .iter()
                        .filter(|a| !names.iter().any(|n| catalog::glob_match(n, a.name)))
                        .map(|a| a.access),
                ),
                Some(s) => levels(names.iter().flat_map(|n| s.matching_actions(n)).map(|a| a.access)),
            };
            ServiceSummary {
                name: service_name(&prefix),
                known: service.is_some(),
                prefix,
                access_levels,
                full_access,
                actions,
            }
        })
        .collect()
}

/// A resource in words: the bucket and prefix of an S3 ARN, the key of a KMS ARN, the
/// type and name of another ARN, where it lives.
fn resource(written: &str) -> ResourceSummary {
    let plain = |words: String| ResourceSummary {
        written: written.to_owned(),
        words,
        s3: None,
    };
    if written == "*" {
        return plain("every resource".to_owned());
    }
    let Some(arn) = Arn::parse(written) else {
        return plain(format!("`{written}`, which is not an ARN"));
    };
    if arn.service == "s3" && arn.region.is_empty() && arn.account.is_empty() {
        let (bucket, objects) = match arn.resource.split_once('/') {
            Some((bucket, key)) => (bucket, Some(key)),
            None => (arn.resource, None),
        };
        let in_bucket = if bucket == "*" {
            "every bucket".to_owned()
        } else {
            format!("the bucket `{bucket}`")
        };
        let words = match objects {
            None => in_bucket,
            Some("*") => format!("every object in {in_bucket}"),
            Some(key) => match key.strip_suffix('*') {
                Some(prefix) if !prefix.contains(['*', '?']) => {
                    format!("the objects under `{prefix}` in {in_bucket}")
                }
                _ if key.contains(['*', '?']) => format!("the objects matching `{key}` in {in_bucket}"),
                _ => format!("the object `{key}` in {in_bucket}"),
            },
        };
        return ResourceSummary {
            written: written.to_owned(),
            words,
            s3: Some(S3Resource {
                bucket: bucket.to_owned(),
                objects: objects.map(str::to_owned),
            }),
        };
    }
    let what = match arn.resource.split_once(['/', ':']) {
        // `*`, or `*/*` for a type whose ARN has two parts (an EKS association's cluster and id).
        Some((kind, name)) if name.chars().all(|c| c == '*' || c == '/') => {
            format!("every {} `{kind}`", arn.service)
        }
        Some((kind, name)) => format!("the {} `{kind}` `{name}`", arn.service),
        None if arn.resource == "*" => format!("every {} resource", arn.service),
        None => format!("the {} resource `{}`", arn.service, arn.resource),
    };
    let region = match arn.region {
        "" => String::new(),
        "*" => " in any region".to_owned(),
        r => format!(" in `{r}`"),
    };
    let account = match arn.account {
        "" => String::new(),
        "*" => " of any account".to_owned(),
        a => format!(" of the account `{a}`"),
    };
    plain(format!("{what}{region}{account}"))
}

/// A trust's principals in words.
fn principals(value: &Value) -> Vec<PrincipalSummary> {
    let entry = |kind: &str, value: &str, words: String| PrincipalSummary {
        kind: kind.to_owned(),
        value: value.to_owned(),
        words,
    };
    let Value::Object(kinds) = value else {
        return strings(value)
            .iter()
            .map(|v| {
                let words = if v == "*" {
                    "anyone, in any account".to_owned()
                } else {
                    format!("`{v}`")
                };
                entry("*", v, words)
            })
            .collect();
    };
    kinds
        .iter()
        .flat_map(|(kind, values)| {
            strings(values)
                .into_iter()
                .map(|v| {
                    let words = principal_words(kind, &v);
                    entry(kind, &v, words)
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn principal_words(kind: &str, value: &str) -> String {
    match kind {
        "AWS" => {
            if value == "*" {
                return "any AWS principal, in any account".to_owned();
            }
            if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
                return format!("the account `{value}` (any principal its policies allow)");
            }
            match Arn::parse(value) {
                Some(arn) if arn.resource == "root" => {
                    format!("the account `{}` (any principal its policies allow)", arn.account)
                }
                Some(arn) => match arn.resource.split_once('/') {
                    Some(("role", name)) => format!("the role `{name}` of the account `{}`", arn.account),
                    Some(("user", name)) => format!("the IAM user `{name}` of the account `{}`", arn.account),
                    Some(("assumed-role", name)) => {
                        format!("the session `{name}` of a role of the account `{}`", arn.account)
                    }
                    _ => format!("`{value}`"),
                },
                None => format!("`{value}`"),
            }
        }
        "Service" if value.eq_ignore_ascii_case(POD_IDENTITY) => {
            format!("EKS Pod Identity (`{value}`), for the pods an association gives the role")
        }
        "Service" => format!("the AWS service `{value}`"),
        "Federated" => match Arn::parse(value).map(|a| (a.account, a.resource.split_once('/'))) {
            Some((account, Some(("oidc-provider", issuer)))) => {
                format!("the OIDC provider `https://{issuer}` registered in the account `{account}`")
            }
            Some((account, Some(("saml-provider", name)))) => {
                format!("the SAML provider `{name}` of the account `{account}`")
            }
            _ => format!("the identity provider `{value}`"),
        },
        "CanonicalUser" => format!("the S3 canonical user `{value}`"),
        other => format!("`{value}` ({other}, a principal type IAM does not know)"),
    }
}

/// The access levels of a whole policy, allowed anywhere in it, for a one-line headline.
pub fn allowed_access_levels(summary: &PolicySummary) -> Vec<AccessLevel> {
    let mut all: Vec<AccessLevel> = summary
        .statements
        .iter()
        .filter(|s| s.effect == "Allow")
        .flat_map(|s| {
            s.actions
                .services
                .iter()
                .flat_map(|svc| svc.access_levels.iter().copied())
        })
        .collect();
    all.sort();
    all.dedup();
    all
}

/// One row of the console's policy summary: a service under one effect, with everything
/// the policy's statements of that effect grant or deny in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceOverview {
    pub effect: String,
    pub prefix: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'static str>,
    pub known: bool,
    /// Some statement names the service's actions by `NotAction`.
    pub negated: bool,
    /// Some statement covers every action of the service.
    pub full_access: bool,
    pub access_levels: Vec<AccessLevel>,
    /// The resources in words, each once, in document order.
    pub resources: Vec<String>,
    /// The conditions in words, each once, in document order; empty for none.
    pub conditions: Vec<String>,
}

/// The policy by service, as the console's policy summary lays it out: one row per effect
/// and service, in the order each first appears.
pub fn overview(summary: &PolicySummary) -> Vec<ServiceOverview> {
    let mut rows: Vec<ServiceOverview> = Vec::new();
    let push_new = |list: &mut Vec<String>, item: &str| {
        if !list.iter().any(|x| x == item) {
            list.push(item.to_owned());
        }
    };
    for statement in &summary.statements {
        for service in &statement.actions.services {
            let index = match rows
                .iter()
                .position(|r| r.effect == statement.effect && r.prefix.eq_ignore_ascii_case(&service.prefix))
            {
                Some(i) => i,
                None => {
                    rows.push(ServiceOverview {
                        effect: statement.effect.clone(),
                        prefix: service.prefix.clone(),
                        name: service.name,
                        known: service.known,
                        negated: false,
                        full_access: false,
                        access_levels: Vec::new(),
                        resources: Vec::new(),
                        conditions: Vec::new(),
                    });
                    rows.len() - 1
                }
            };
            let Some(row) = rows.get_mut(index) else {
                continue;
            };
            row.negated |= statement.actions.negated;
            row.full_access |= service.full_access;
            row.access_levels.extend(service.access_levels.iter().copied());
            row.access_levels.sort();
            row.access_levels.dedup();
            for resource in statement.resources.iter().flat_map(|r| &r.resources) {
                let words = match statement.resources.as_ref().is_some_and(|r| r.negated) {
                    true => format!("every resource but {}", resource.words),
                    false => resource.words.clone(),
                };
                push_new(&mut row.resources, &words);
            }
            for condition in &statement.conditions {
                push_new(&mut row.conditions, &condition.words);
            }
        }
    }
    rows
}
