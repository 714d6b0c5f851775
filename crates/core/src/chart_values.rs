//! A chart's `--set` options as the values tree Helm builds from them, so the bundle can
//! hold a values file that does what the script's `helm upgrade` does: for a repository
//! that installs charts from values files (GitOps) rather than from a script.
//!
//! The reading follows Helm 3's `strvals` parser: a key is split at `.` into nested maps
//! and `name[N]` indexes a list, `\` makes the next character literal (`eks\.amazonaws\.com`
//! is one key), `,` separates assignments, `{a,b}` is a list, and `--set` types `true`,
//! `false`, `null` and integers that do not start with `0`, where `--set-string` keeps
//! strings and `--set-json` reads JSON. Later options win over earlier ones, as in Helm.

use crate::readback::{ChartInstall, SetKind};
use serde_json::{Map, Value};
use std::fmt;

/// Why a `--set` option could not be read as Helm would read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetError {
    pub text: String,
    pub problem: &'static str,
}

impl fmt::Display for SetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: String = self.text.chars().take(60).collect();
        let more = if shown.len() < self.text.len() { "…" } else { "" };
        write!(f, "`{shown}{more}`: {}", self.problem)
    }
}

/// The values the command's `--set`, `--set-string` and `--set-json` options give.
pub fn values(install: &ChartInstall) -> Result<Value, SetError> {
    let mut root = Value::Object(Map::new());
    for setting in &install.values {
        let error = |problem| SetError {
            text: setting.text.clone(),
            problem,
        };
        let mut rest = setting.text.as_str();
        loop {
            let (path, after_key) = key_path(rest).map_err(error)?;
            let (value, after_value) = match setting.kind {
                SetKind::Json => (json_value(after_key).map_err(error)?, ""),
                SetKind::Typed | SetKind::String => value_text(after_key, setting.kind),
            };
            insert(&mut root, &path, value).map_err(error)?;
            match after_value.strip_prefix(',') {
                Some(next) if !next.is_empty() => rest = next,
                _ => break,
            }
        }
    }
    Ok(root)
}

/// One step of a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// Reads a key path up to its `=`, and returns the text after the `=`.
fn key_path(text: &str) -> Result<(Vec<Step>, &str), &'static str> {
    let mut path = Vec::new();
    let mut key = String::new();
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, escaped)) => key.push(escaped),
                None => return Err("the key ends in a lone `\\`"),
            },
            '.' => {
                if !key.is_empty() {
                    path.push(Step::Key(std::mem::take(&mut key)));
                } else if !matches!(path.last(), Some(Step::Index(_))) {
                    return Err("the key has an empty name between dots");
                }
            }
            '[' => {
                if !key.is_empty() {
                    path.push(Step::Key(std::mem::take(&mut key)));
                }
                let mut digits = String::new();
                loop {
                    match chars.next() {
                        Some((_, ']')) => break,
                        Some((_, d)) if d.is_ascii_digit() => digits.push(d),
                        _ => return Err("a list index is not a number in `[…]`"),
                    }
                }
                let index = digits.parse().map_err(|_| "a list index is not a number in `[…]`")?;
                // Helm refuses indexes past this, to keep a typo from allocating a huge list.
                if index > 65_536 {
                    return Err("a list index is over Helm's limit of 65536");
                }
                path.push(Step::Index(index));
            }
            '=' => {
                if !key.is_empty() {
                    path.push(Step::Key(key));
                }
                if path.is_empty() {
                    return Err("the assignment has no key");
                }
                return Ok((path, text.get(at + 1..).unwrap_or_default()));
            }
            ',' => return Err("a key has no `=` and no value"),
            c => key.push(c),
        }
    }
    Err("a key has no `=` and no value")
}

/// Reads a `--set` or `--set-string` value up to the next unescaped `,`.
fn value_text(text: &str, kind: SetKind) -> (Value, &str) {
    if let Some(list) = text.strip_prefix('{') {
        let mut items = Vec::new();
        let mut rest = list;
        loop {
            let (item, after) = until(rest, &[',', '}']);
            if !(item.is_empty() && after.starts_with('}') && items.is_empty()) {
                items.push(typed(item, kind));
            }
            match after.chars().next() {
                Some(',') => rest = after.get(1..).unwrap_or_default(),
                // `}` ends the list; a missing one ends it at the end of the text, as in Helm.
                _ => return (Value::Array(items), after.get(1..).unwrap_or_default()),
            }
        }
    }
    let (raw, after) = until(text, &[',']);
    (typed(raw, kind), after)
}

/// The text up to the first unescaped character of `ends`, unescaped, and the rest from it.
fn until<'a>(text: &'a str, ends: &[char]) -> (String, &'a str) {
    let mut out = String::new();
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        if c == '\\' {
            out.extend(chars.next().map(|(_, escaped)| escaped));
        } else if ends.contains(&c) {
            return (out, text.get(at..).unwrap_or_default());
        } else {
            out.push(c);
        }
    }
    (out, "")
}

/// Helm's `typedVal`: what `--set` makes of a value's text.
fn typed(raw: String, kind: SetKind) -> Value {
    if kind == SetKind::String {
        return Value::String(raw);
    }
    match raw.as_str() {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        "null" => Value::Null,
        "0" => Value::from(0),
        // `0777` and `007` stay strings: Helm only types integers that do not start with 0.
        text if text.starts_with('0') => Value::String(raw),
        text => text.parse::<i64>().map_or(Value::String(raw), Value::from),
    }
}

fn json_value(text: &str) -> Result<Value, &'static str> {
    serde_json::from_str(text).map_err(|_| "the value of --set-json is not JSON")
}

/// Puts `value` at `path`, making the maps and lists on the way; a later value replaces an
/// earlier one, and a scalar in the way is replaced by the map or list the path needs.
fn insert(root: &mut Value, path: &[Step], value: Value) -> Result<(), &'static str> {
    let Some((step, rest)) = path.split_first() else {
        *root = value;
        return Ok(());
    };
    let slot = match step {
        Step::Key(key) => {
            if !root.is_object() {
                *root = Value::Object(Map::new());
            }
            let Value::Object(map) = root else {
                return Err("a key's parent is not a map");
            };
            map.entry(key.clone()).or_insert(Value::Null)
        }
        Step::Index(index) => {
            if !root.is_array() {
                *root = Value::Array(Vec::new());
            }
            let Value::Array(items) = root else {
                return Err("an index's parent is not a list");
            };
            if items.len() <= *index {
                items.resize(index + 1, Value::Null);
            }
            items.get_mut(*index).ok_or("a list index is out of range")?
        }
    };
    insert(slot, rest, value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readback::ChartSetting;
    use serde_json::json;

    fn read(settings: &[(SetKind, &str)]) -> Result<Value, SetError> {
        values(&ChartInstall {
            release: "r".into(),
            chart: "repo/chart".into(),
            version: None,
            namespace: None,
            reuse_values: false,
            installs: true,
            values: settings
                .iter()
                .map(|(kind, text)| ChartSetting {
                    kind: *kind,
                    text: (*text).to_owned(),
                })
                .collect(),
            artifact: "helm",
        })
    }

    #[test]
    fn escaped_dots_stay_in_one_key_and_plain_dots_nest() {
        let got = read(&[(
            SetKind::String,
            r"serviceAccount.server.annotations.eks\.amazonaws\.com/role-arn=arn:aws:iam::1:role/v",
        )]);
        assert_eq!(
            got,
            Ok(
                json!({"serviceAccount": {"server": {"annotations": {"eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/v"}}}})
            )
        );
    }

    #[test]
    fn set_types_like_helm_and_set_string_does_not() {
        let got = read(&[
            (SetKind::Typed, "a=true,b=false,c=null,d=65534,e=0,f=0777,g=1.5,h=text"),
            (SetKind::String, "s=true,t=65534"),
        ]);
        assert_eq!(
            got,
            Ok(
                json!({"a": true, "b": false, "c": null, "d": 65534, "e": 0, "f": "0777", "g": "1.5", "h": "text", "s": "true", "t": "65534"})
            )
        );
    }

    #[test]
    fn escaped_commas_and_backslashes_are_part_of_the_value() {
        let got = read(&[(SetKind::String, r"role=a\,b\\c,next=x")]);
        assert_eq!(got, Ok(json!({"role": r"a,b\c", "next": "x"})));
    }

    #[test]
    fn json_lists_indexes_and_brace_lists() {
        let got = read(&[
            (SetKind::Json, "configuration.backupStorageLocation=[]"),
            (SetKind::Typed, "list[1].name=b,tags={x,y}"),
        ]);
        assert_eq!(
            got,
            Ok(
                json!({"configuration": {"backupStorageLocation": []}, "list": [null, {"name": "b"}], "tags": ["x", "y"]})
            )
        );
    }

    #[test]
    fn later_options_win_and_multi_line_values_stay_whole() {
        let got = read(&[
            (SetKind::Typed, "a.b=1"),
            (SetKind::String, "a.b=two"),
            (SetKind::String, "init=- name: x\n  image: y"),
        ]);
        assert_eq!(got, Ok(json!({"a": {"b": "two"}, "init": "- name: x\n  image: y"})));
    }

    #[test]
    fn what_helm_refuses_is_an_error_naming_the_option() {
        for (kind, text, problem) in [
            (SetKind::Typed, "novalue", "a key has no `=` and no value"),
            (SetKind::Typed, "a..b=1", "the key has an empty name between dots"),
            (SetKind::Typed, "a[x]=1", "a list index is not a number in `[…]`"),
            (
                SetKind::Typed,
                "a[70000]=1",
                "a list index is over Helm's limit of 65536",
            ),
            (SetKind::Json, "a={", "the value of --set-json is not JSON"),
            (SetKind::Typed, "=1", "the assignment has no key"),
        ] {
            let err = read(&[(kind, text)]).err();
            assert_eq!(err.map(|e| e.problem), Some(problem), "{text}");
        }
    }
}
