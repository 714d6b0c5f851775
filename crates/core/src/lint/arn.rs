//! ARNs as the linter sees them: split into their six parts, and matched against the
//! catalog's ARN patterns. Both sides may hold wildcards: the policy's `*` and `?`, the
//! pattern's `${Variable}`s.

use super::catalog::{self, Action, Service};
use crate::partition::Partition;
use std::sync::OnceLock;

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
    ArnPattern::new(pattern).matches(resource)
}

/// A catalog ARN pattern made ready to match many resources: each match takes time linear in
/// the resource, with no table per pair (the pattern's positions are the bits of one word).
pub struct ArnPattern {
    tokens: Vec<Pat>,
    /// For each ASCII character (lowercase), the positions holding that literal.
    literal: [u128; 128],
    /// Positions holding any literal, a variable's one character with or without `/`, and
    /// the rest of a variable with or without `/`.
    any_literal: u128,
    /// Indexed by whether the variable may hold `/`.
    one: [u128; 2],
    many: [u128; 2],
    /// The pattern's service (its third part, `s3` in `arn:${Partition}:s3:::${BucketName}`)
    /// in lowercase, when it is spelt without a variable.
    service: Option<String>,
}

/// Where the first three parts of an ARN end (the positions of its first three colons), when
/// they hold no wildcard or variable: then the parts line up with a pattern's, whose
/// variables never hold a colon.
fn literal_head(text: &str) -> Option<[usize; 3]> {
    let mut colons = [0; 3];
    let mut found = 0;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'*' | b'?' | b'$' => return None,
            b':' => {
                *colons.get_mut(found)? = i;
                found += 1;
                if found == colons.len() {
                    return Some(colons);
                }
            }
            _ => {}
        }
    }
    None
}

/// The third part of a policy's ARN whose first three are literal.
fn literal_service(text: &str) -> Option<&str> {
    let [_, second, third] = literal_head(text)?;
    text.get(second + 1..third)
}

/// The third part of a catalog pattern, in lowercase, when it holds no variable (the
/// pattern's colons are its literal ones: a variable never holds one).
fn pattern_service(tokens: &[Pat]) -> Option<String> {
    let mut parts = tokens.split(|t| *t == Pat::Lit(':'));
    let service = parts.nth(2)?;
    parts.next()?;
    service
        .iter()
        .map(|t| match t {
            Pat::Lit(c) => Some(c.to_ascii_lowercase()),
            Pat::VarOne { .. } | Pat::VarMany { .. } => None,
        })
        .collect()
}

/// The slot of a variable that may (1) or may not (0) hold `/`.
fn slot(classes: &mut [u128; 2], slash: bool) -> &mut u128 {
    let [without, with] = classes;
    if slash {
        with
    } else {
        without
    }
}

/// Patterns longer than this (none in the catalog comes close) are matched by the table.
const MAX_BIT_TOKENS: usize = 120;

impl ArnPattern {
    pub fn new(pattern: &str) -> ArnPattern {
        let tokens = pattern_tokens(pattern);
        let mut compiled = ArnPattern {
            literal: [0; 128],
            any_literal: 0,
            one: [0; 2],
            many: [0; 2],
            tokens: Vec::new(),
            service: pattern_service(&tokens),
        };
        if tokens.len() <= MAX_BIT_TOKENS {
            for (i, token) in tokens.iter().enumerate() {
                let bit = 1u128 << i;
                match token {
                    Pat::Lit(c) => {
                        compiled.any_literal |= bit;
                        if let Some(slot) = compiled.literal.get_mut(c.to_ascii_lowercase() as usize) {
                            *slot |= bit;
                        }
                    }
                    Pat::VarOne { slash } => *slot(&mut compiled.one, *slash) |= bit,
                    Pat::VarMany { slash } => *slot(&mut compiled.many, *slash) |= bit,
                }
            }
        }
        compiled.tokens = tokens;
        compiled
    }

    /// Whether some ARN both this pattern and the policy's resource describe exists.
    pub fn matches(&self, resource: &str) -> bool {
        // Most resources a statement names are of another service than most of its actions'
        // types: told apart by their third part, without running the match.
        if let (Some(service), Some(theirs)) = (&self.service, literal_service(resource)) {
            if !theirs.eq_ignore_ascii_case(service) {
                return false;
            }
        }
        if self.tokens.len() > MAX_BIT_TOKENS {
            return table_matches(&self.tokens, &text_tokens(resource));
        }
        let n = self.tokens.len();
        let all = (1u128 << (n + 1)) - 1;
        let many = self.many[0] | self.many[1];
        // A variable's rest may be empty: being before it is also being after it.
        let close = |mut s: u128| loop {
            let next = (s | ((s & many) << 1)) & all;
            if next == s {
                return s;
            }
            s = next;
        };
        let mut state = close(1);
        let mut rest = resource;
        while state != 0 {
            let Some((token, tail)) = next_text_token(rest) else {
                break;
            };
            rest = tail;
            state = match token {
                Text::Star => {
                    // `*` stands for whatever the pattern's next tokens spell: every position
                    // from the first one reached on.
                    let lowest = state & state.wrapping_neg();
                    close(all & !(lowest - 1))
                }
                Text::One => {
                    let advance = self.any_literal | self.one[0] | self.one[1];
                    close(((state & advance) << 1) | (state & many))
                }
                Text::Lit(c) => {
                    let literal = if c.is_ascii() {
                        self.literal.get(c.to_ascii_lowercase() as usize).copied().unwrap_or(0)
                    } else {
                        self.tokens
                            .iter()
                            .enumerate()
                            .filter(|(_, t)| matches!(t, Pat::Lit(a) if *a == c))
                            .fold(0, |m, (i, _)| m | 1u128 << i)
                    };
                    let (one, many) = match c {
                        ':' => (0, 0),
                        '/' => (self.one[1], self.many[1]),
                        _ => (self.one[0] | self.one[1], self.many[0] | self.many[1]),
                    };
                    close(((state & (literal | one)) << 1) | (state & many))
                }
            };
        }
        rest.is_empty() && state & (1u128 << n) != 0
    }
}

/// The next token of a policy's resource, and what follows it.
fn next_text_token(rest: &str) -> Option<(Text, &str)> {
    // A policy variable such as `${aws:username}` may stand for anything.
    if let Some(after) = rest.strip_prefix("${") {
        if let Some((_, tail)) = after.split_once('}') {
            return Some((Text::Star, tail));
        }
    }
    let mut chars = rest.chars();
    let token = match chars.next()? {
        '*' => Text::Star,
        '?' => Text::One,
        c => Text::Lit(c),
    };
    Some((token, chars.as_str()))
}

/// The same question answered with a table of every pair of positions, for patterns too long
/// for [`ArnPattern`]'s word.
fn table_matches(p: &[Pat], t: &[Text]) -> bool {
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

/// Whether a resource stands for every resource of some type: `*`, an ARN whose resource
/// part is only wildcards (`arn:aws:s3:::*`, `arn:aws:s3:::*/*`, `arn:aws:iam::*:*`), or a
/// resource type's name and then only wildcards in every account (`arn:aws:iam::*:user/*`,
/// `arn:aws:kms:*:*:key/*`). With `in_one_account`, a type's every resource in one account
/// counts too (`arn:aws:iam::111122223333:role/*`): what matters for roles and users, where
/// one account's all is everything. A bucket ARN has no type name: `my-bucket/*` is one
/// bucket's objects.
pub fn is_broad(resource: &str, in_one_account: bool) -> bool {
    let wild = |s: &str| s.contains('*') && s.chars().all(|c| c == '*' || c == '/');
    if resource == "*" {
        return true;
    }
    let Some(arn) = Arn::parse(resource) else {
        return false;
    };
    if wild(arn.resource) {
        return true;
    }
    if arn.service.eq_ignore_ascii_case("s3") && arn.region.is_empty() && arn.account.is_empty() {
        return false;
    }
    let every_account = arn.account.contains('*') && arn.account.chars().all(|c| c == '*');
    match arn.resource.split_once(['/', ':']) {
        Some((kind, rest)) => {
            (every_account || in_one_account)
                && !kind.is_empty()
                && kind.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && wild(rest)
        }
        None => false,
    }
}

/// Whether a resource can be one the action acts on.
pub fn action_accepts(service: &'static Service, action: &Action, resource: &str) -> bool {
    action
        .resource_types
        .iter()
        .any(|name| catalog_pattern(service, name).is_some_and(|p| p.matches(resource)))
}

/// The ARN pattern of a resource type of a service held in full, compiled.
pub fn catalog_pattern(service: &'static Service, resource_type: &str) -> Option<&'static ArnPattern> {
    // The catalog's patterns (some 160) are compiled once, on first use, rather than once
    // for each statement that names a resource.
    static COMPILED: OnceLock<Vec<Vec<ArnPattern>>> = OnceLock::new();
    let compiled = COMPILED.get_or_init(|| {
        catalog::services()
            .iter()
            .map(|s| s.resource_types.iter().map(|r| ArnPattern::new(r.arn)).collect())
            .collect()
    });
    let at = catalog::services().iter().position(|s| std::ptr::eq(s, service))?;
    let index = service.resource_type_index(resource_type)?;
    compiled.get(at)?.get(index)
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

/// The catalog actions a policy action (`s3:Get*`) matches, in the catalog's order, when its
/// service is held in full.
pub fn catalog_actions(action: &str) -> Option<(&'static Service, catalog::Matches)> {
    let (prefix, name) = split_action(action)?;
    let service = catalog::service(prefix)?;
    Some((service, service.matches(name)))
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
    fn the_word_matcher_agrees_with_the_table() {
        let patterns = [
            BUCKET,
            OBJECT,
            "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}",
            "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}",
            "arn:${Partition}:ec2:${Region}:${Account}:volume/${VolumeId}",
            "arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}",
            "arn:${Partition}:ec2:${Region}::snapshot/${SnapshotId}",
        ];
        let resources = [
            "*",
            "arn:aws:s3:::b",
            "arn:aws:s3:::b/*",
            "arn:aws:s3:::*",
            "arn:aws:s3:::*/*",
            "arn:aws:s3:::?",
            "arn:*:s3:::b",
            "arn:aws:iam::*:user/*",
            "arn:aws:iam::111122223333:user/a/b",
            "arn:aws:iam::111122223333:role/*",
            "arn:aws:iam::*:*",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-1",
            "arn:aws:ec2:*:*:volume/*",
            "arn:aws:ec2:*::snapshot/*",
            "arn:aws:ec2:us-east-1::snapshot/x:y",
            "arn:aws:kms:*:111122223333:key/*",
            "arn:aws:kms:us-east-1:111122223333:alias/x",
            "arn:aws:*:*:*:*",
            "arn:*",
            "arn:aws:s3:::${aws:username}/*",
            "ARN:AWS:S3:::B",
            "arn:aws:s3:::é",
            "",
            "arn:aws:iam::111122223333:user/a?",
            "arn:aws:ec2:*:*:*a:",
            // Resources told apart from a pattern by their service alone, or not.
            "arn:aws:S3:::b",
            "arn:aws:s?:::b",
            "arn:aws:s*:::b",
            "arn:aws:s3",
            "arn:aws:${aws:x}:::b",
            "arn:${aws:x}:s3:::b",
            "arn:aws:kms:us-east-1:111122223333:key/x",
            "arn:aws:eks:us-east-1:111122223333:cluster/c",
            "arn:aws:sts::111122223333:assumed-role/r/s",
        ];
        let catalog = catalog::services()
            .iter()
            .flat_map(|s| s.resource_types.iter().map(|t| t.arn));
        for p in patterns.into_iter().chain(catalog) {
            let compiled = ArnPattern::new(p);
            for r in resources {
                assert_eq!(
                    compiled.matches(r),
                    table_matches(&pattern_tokens(p), &text_tokens(r)),
                    "{p} ~ {r}"
                );
            }
        }
    }

    #[test]
    fn broad_resources_name_every_resource_of_a_type() {
        for broad in [
            "*",
            "arn:aws:s3:::*",
            "arn:aws:s3:::*/*",
            "arn:aws:iam::*:user/*",
            "arn:aws:iam::*:*",
            "arn:aws:kms:*:*:key/*",
            "arn:aws:ec2:*:*:snapshot/*",
        ] {
            assert!(is_broad(broad, false) && is_broad(broad, true), "{broad}");
        }
        for in_one_account in ["arn:aws:iam::111122223333:role/*", "arn:aws:kms:*:111122223333:key/*"] {
            assert!(
                is_broad(in_one_account, true) && !is_broad(in_one_account, false),
                "{in_one_account}"
            );
        }
        for narrow in [
            "arn:aws:s3:::my-bucket/*",
            "arn:aws:s3:::my-bucket",
            "arn:aws:s3:::*-backups/*",
            "arn:aws:iam::111122223333:role/backup-*",
            "arn:aws:iam::111122223333:user/team/*",
            "arn:aws:kms:us-east-1:111122223333:key/1234",
        ] {
            assert!(!is_broad(narrow, true), "{narrow}");
        }
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
