//! What a policy document means, independent of how it is written: the set of grants it
//! makes. Two documents with equal grants are interchangeable, whatever their statement
//! order, grouping, Sids, or string-versus-array spelling.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One effect on one action and one resource (or principal), under one set of conditions.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Grant {
    pub effect: String,
    /// `Principal` entries as `Type:value`; empty in identity policies.
    pub principals: BTreeSet<String>,
    /// The action, prefixed with `!` for `NotAction`.
    pub action: String,
    /// The resource, prefixed with `!` for `NotResource`; empty in trust policies.
    pub resource: String,
    /// Conditions as `operator|key|sorted values` lines.
    pub conditions: BTreeSet<String>,
}

/// The grants of a policy document, or `None` when it is not shaped like one.
pub fn grants(document: &Value) -> Option<BTreeSet<Grant>> {
    let statements = match document.get("Statement")? {
        Value::Array(items) => items.clone(),
        single @ Value::Object(_) => vec![single.clone()],
        _ => return None,
    };
    let mut out = BTreeSet::new();
    for statement in &statements {
        let effect = statement.get("Effect")?.as_str()?.to_owned();
        let principals = principals(statement.get("Principal"));
        let actions = prefixed(statement, "Action", "NotAction")?;
        let resources = prefixed(statement, "Resource", "NotResource").unwrap_or_else(|| vec![String::new()]);
        let conditions = conditions(statement.get("Condition"));
        for action in &actions {
            for resource in &resources {
                out.insert(Grant {
                    effect: effect.clone(),
                    principals: principals.clone(),
                    action: action.clone(),
                    resource: resource.clone(),
                    conditions: conditions.clone(),
                });
            }
        }
    }
    Some(out)
}

fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        _ => Vec::new(),
    }
}

fn prefixed(statement: &Value, key: &str, not_key: &str) -> Option<Vec<String>> {
    if let Some(v) = statement.get(key) {
        Some(strings(v))
    } else {
        statement
            .get(not_key)
            .map(|v| strings(v).into_iter().map(|s| format!("!{s}")).collect())
    }
}

fn principals(value: Option<&Value>) -> BTreeSet<String> {
    match value {
        Some(Value::String(s)) => BTreeSet::from([s.clone()]),
        Some(Value::Object(map)) => map
            .iter()
            .flat_map(|(kind, v)| strings(v).into_iter().map(move |p| format!("{kind}:{p}")))
            .collect(),
        _ => BTreeSet::new(),
    }
}

fn conditions(value: Option<&Value>) -> BTreeSet<String> {
    let Some(Value::Object(operators)) = value else {
        return BTreeSet::new();
    };
    let mut out = BTreeSet::new();
    for (operator, keys) in operators {
        if let Value::Object(keys) = keys {
            let keys: BTreeMap<_, _> = keys.iter().collect();
            for (key, values) in keys {
                let mut values = strings(values);
                values.sort();
                out.insert(format!("{operator}|{key}|{}", values.join(",")));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn spelling_does_not_change_meaning() {
        let a = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::b/*"}
        ]});
        let b = json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "Put", "Effect": "Allow", "Action": "s3:PutObject", "Resource": ["arn:aws:s3:::b/*"]},
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}
        ]});
        assert_eq!(grants(&a), grants(&b));
    }

    #[test]
    fn resources_and_conditions_matter() {
        let a = json!({"Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b"}]});
        let b = json!({"Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b/*"}]});
        assert_ne!(grants(&a), grants(&b));
        let c = json!({"Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b",
            "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1"}}}]});
        assert_ne!(grants(&a), grants(&c));
    }
}
