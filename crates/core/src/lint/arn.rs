//! ARNs as the linter sees them: split into their six parts, and matched against the
//! catalog's ARN patterns. Both sides may hold wildcards: the policy's `*` and `?`, the
//! pattern's `${Variable}`s.

use super::catalog::{self, Action, Service};
use crate::partition::Partition;

pub use crate::arn::Arn;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pat {
    Lit(char),
    /// One character of a variable; `slash` when the variable may hold `/`.
    VarOne {
        slash: bool,
    },
    /// The rest of a variable: zero or more characters.
    VarMany {
        slash: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Text {
    Lit(char),
    /// The policy's `*`.
    Star,
    /// The policy's `?`.
    One,
}

fn pattern_tokens(pattern: &str) -> Vec<Pat> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("${") {
            let (name, tail) = after.split_once('}').unwrap_or((after, ""));
            let slash = name == "ObjectName"
                || name.ends_with("WithPath")
                || name == "OidcProviderName"
                || name == "EntityPath";
            out.push(Pat::VarOne { slash });
            out.push(Pat::VarMany { slash });
            rest = tail;
        } else {
            let mut chars = rest.chars();
            if let Some(c) = chars.next() {
                out.push(Pat::Lit(c));
            }
            rest = chars.as_str();
        }
    }
    out
}

fn text_tokens(text: &str) -> Vec<Text> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        // A policy variable such as `${aws:username}` may stand for anything.
        if let Some(after) = rest.strip_prefix("${") {
            if let Some((_, tail)) = after.split_once('}') {
                out.push(Text::Star);
                rest = tail;
                continue;
            }
        }
        let mut chars = rest.chars();
        match chars.next() {
            Some('*') => out.push(Text::Star),
            Some('?') => out.push(Text::One),
            Some(c) => out.push(Text::Lit(c)),
            None => {}
        }
        rest = chars.as_str();
    }
    out
}

/// Whether a variable character class accepts a concrete character.
fn var_accepts(slash: bool, c: char) -> bool {
    c != ':' && (slash || c != '/')
}

/// Whether some ARN both the policy's resource (with its wildcards) and the catalog's pattern
/// describe exists.
pub fn pattern_matches(pattern: &str, resource: &str) -> bool {
    let p = pattern_tokens(pattern);
    let t = text_tokens(resource);
    let (n, m) = (p.len(), t.len());
    // dp[i][j]: p[i..] and t[j..] can describe a common string.
    let mut dp = vec![vec![false; m + 1]; n + 1];
    for i in (0..=n).rev() {
        for j in (0..=m).rev() {
            let value = match (p.get(i), t.get(j)) {
                (None, None) => true,
                (Some(Pat::VarMany { .. }), None) => dp_get(&dp, i + 1, j),
                (Some(_), None) => false,
                (pi, Some(Text::Star)) => dp_get(&dp, i, j + 1) || (pi.is_some() && dp_get(&dp, i + 1, j)),
                (None, Some(_)) => false,
                (Some(Pat::Lit(a)), Some(Text::Lit(b))) => a.eq_ignore_ascii_case(b) && dp_get(&dp, i + 1, j + 1),
                (Some(Pat::Lit(_)), Some(Text::One)) => dp_get(&dp, i + 1, j + 1),
                (Some(Pat::VarOne { slash }), Some(tj)) => accepts(*slash, *tj) && dp_get(&dp, i + 1, j + 1),
                (Some(Pat::VarMany { slash }), Some(tj)) => {
                    dp_get(&dp, i + 1, j) || (accepts(*slash, *tj) && dp_get(&dp, i, j + 1))
                }
            };
            if let Some(cell) = dp.get_mut(i).and_then(|row| row.get_mut(j)) {
                *cell = value;
            }
        }
    }
    dp_get(&dp, 0, 0)
}

fn accepts(slash: bool, t: Text) -> bool {
    match t {
        Text::Lit(c) => var_accepts(slash, c),
        Text::Star | Text::One => true,
    }
}

fn dp_get(dp: &[Vec<bool>], i: usize, j: usize) -> bool {
    dp.get(i).and_then(|row| row.get(j)).copied().unwrap_or(false)
}

/// Whether a resource can be one the action acts on.
pub fn action_accepts(service: &'static Service, action: &Action, resource: &str) -> bool {
    action.resource_types.iter().any(|name| {
        service
            .resource_type(name)
            .is_some_and(|r| pattern_matches(r.arn, resource))
    })
}

/// Whether the text names a known partition (or is a wildcard or variable standing for one).
pub fn is_partition(text: &str) -> bool {
    Partition::from_id(text).is_some() || text == "*" || text.starts_with("${")
}

/// Splits `service:Action`; `None` when the text has not exactly that shape.
pub fn split_action(action: &str) -> Option<(&str, &str)> {
    let (service, name) = action.split_once(':')?;
    let service_ok = !service.is_empty()
        && service
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b.is_ascii_uppercase());
    let name_ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'*' || b == b'?' || b == b'-' || b == b'_');
    (service_ok && name_ok).then_some((service, name))
}

/// The catalog actions a policy action (`s3:Get*`) matches, when its service is held in full.
pub fn catalog_actions(action: &str) -> Option<(&'static Service, Vec<&'static Action>)> {
    let (prefix, name) = split_action(action)?;
    let service = catalog::service(prefix)?;
    Some((service, service.matching_actions(name).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUCKET: &str = "arn:${Partition}:s3:::${BucketName}";
    const OBJECT: &str = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";

    #[test]
    fn s3_buckets_and_objects_are_told_apart() {
        assert!(pattern_matches(BUCKET, "arn:aws:s3:::my-bucket"));
        assert!(!pattern_matches(BUCKET, "arn:aws:s3:::my-bucket/*"));
        assert!(pattern_matches(OBJECT, "arn:aws:s3:::my-bucket/*"));
        assert!(pattern_matches(OBJECT, "arn:aws:s3:::my-bucket/a/b.txt"));
        assert!(!pattern_matches(OBJECT, "arn:aws:s3:::my-bucket"));
        assert!(pattern_matches(BUCKET, "arn:aws:s3:::*"));
        assert!(pattern_matches(OBJECT, "arn:aws:s3:::*"));
        assert!(pattern_matches(BUCKET, "arn:aws:s3:::my-bucket*"));
        assert!(pattern_matches(OBJECT, "arn:aws:s3:::my-bucket*"));
        assert!(pattern_matches(OBJECT, "arn:aws:s3:::home/${aws:username}/*"));
        assert!(!pattern_matches(BUCKET, "arn:aws:kms:us-east-1:111122223333:key/x"));
    }

    #[test]
    fn arns_split_into_six_parts() {
        let arn = Arn::parse("arn:aws:iam::111122223333:role/a:b");
        assert_eq!(arn.map(|a| a.resource), Some("role/a:b"));
        assert_eq!(Arn::parse("arn:aws:s3"), None);
        assert_eq!(split_action("s3:GetObject"), Some(("s3", "GetObject")));
        assert_eq!(split_action("s3:Get Object"), None);
        assert_eq!(split_action("s3"), None);
    }
}
