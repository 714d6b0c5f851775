//! The setup: what the user typed ([`RawSetup`]), read from a setup file or a URL fragment,
//! and what it means once validated ([`Setup`]).

pub mod error;
pub mod help;
pub mod reader;
mod suggest;
pub mod value;
mod x509;

pub use error::SetupError;
pub use reader::OidcCluster;

use crate::field::{Auth, Field};
use crate::partition::Partition;
use error::{DuplicateKeyError, InvalidValueError, NotAStringError, SyntaxError, UnknownKeyError};
use std::collections::BTreeMap;
use value::{BucketName, KmsKeyArn, Region};

/// Where the backups go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S3Location {
    pub partition: Partition,
    pub region: Region,
    pub bucket: BucketName,
    pub kms_key: Option<KmsKeyArn>,
}

/// The setup exactly as the user typed it: one string per field. Empty strings count as
/// absent, so a cleared input on the page and a missing key in a file mean the same.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawSetup {
    values: BTreeMap<Field, String>,
}

/// The field of `key` when it is a known key given for the first time; otherwise the error
/// is recorded. A second value is reported, never taken over: JSON parsers disagree on which
/// of two equal keys wins, so neither a setup file nor a link guesses.
fn first_of_key(key: String, known: &[Field], seen: &mut Vec<Field>, errors: &mut Vec<SetupError>) -> Option<Field> {
    let Some(field) = known.iter().copied().find(|f| f.key() == key) else {
        errors.push(SetupError::UnknownKey(UnknownKeyError::new(key, known)));
        return None;
    };
    if seen.contains(&field) {
        errors.push(SetupError::DuplicateKey(DuplicateKeyError { field }));
        return None;
    }
    seen.push(field);
    Some(field)
}

/// A key or value of `application/x-www-form-urlencoded` text (`+` a space, `%XX` a byte),
/// or `Err` when the bytes are not UTF-8.
pub(crate) fn decode_link_text(text: &str) -> Result<String, ()> {
    let spaced = text.replace('+', " ");
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(&spaced).collect();
    String::from_utf8(bytes).map_err(|_| ())
}

impl RawSetup {
    /// The partition the setup names, or else the one its region belongs to; `None` when
    /// neither says (validation then reports why).
    pub fn partition(&self) -> Option<Partition> {
        self.get(Field::Partition)
            .and_then(Partition::from_id)
            .or_else(|| self.get(Field::Region).and_then(Partition::of_region))
    }

    /// The value of `field`, or `None` when it is absent or empty.
    pub fn get(&self, field: Field) -> Option<&str> {
        self.values.get(&field).map(String::as_str).filter(|v| !v.is_empty())
    }

    /// Sets `field` to `value` exactly; an empty value clears the field.
    pub fn set(&mut self, field: Field, value: impl Into<String>) {
        let value = value.into();
        if value.is_empty() {
            self.values.remove(&field);
        } else {
            self.values.insert(field, value);
        }
    }

    /// Builder form of [`RawSetup::set`].
    pub fn with(mut self, field: Field, value: impl Into<String>) -> RawSetup {
        self.set(field, value);
        self
    }

    /// The non-empty fields, by key.
    pub fn iter(&self) -> impl Iterator<Item = (Field, &str)> {
        self.values
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(f, v)| (*f, v.as_str()))
    }

    /// Reads a setup file of the `known` keys: a JSON object whose keys are field keys and
    /// whose values are strings. Every unknown key and every non-string value is reported.
    pub fn from_json_with(text: &str, known: &[Field]) -> Result<RawSetup, Vec<SetupError>> {
        let entries: Entries = serde_json::from_str(text).map_err(|e| {
            let reason = match e.classify() {
                // A well-formed document of the wrong shape, such as an array.
                serde_json::error::Category::Data => {
                    "the top level must be an object of keys and string values".to_owned()
                }
                _ => e.to_string(),
            };
            vec![SetupError::Syntax(SyntaxError { reason })]
        })?;
        let mut setup = RawSetup::default();
        let mut errors = Vec::new();
        let mut seen = Vec::new();
        for (key, value) in entries.0 {
            let Some(field) = first_of_key(key, known, &mut seen, &mut errors) else {
                continue;
            };
            match value {
                serde_json::Value::String(s) => setup.set(field, s),
                other => errors.push(SetupError::NotAString(NotAStringError {
                    field,
                    value: other.to_string(),
                })),
            }
        }
        if errors.is_empty() {
            Ok(setup)
        } else {
            Err(errors)
        }
    }

    /// The non-empty fields in the order of `order`, then any others by key.
    fn iter_in<'s>(&'s self, order: &'s [Field]) -> impl Iterator<Item = (Field, &'s str)> + 's {
        let listed = order.iter().filter_map(|f| self.get(*f).map(|v| (*f, v)));
        let others = self.iter().filter(|(f, _)| !order.contains(f));
        listed.chain(others)
    }

    /// The setup file for this setup: a pretty-printed JSON object, its keys in `order`.
    pub fn to_json_in(&self, order: &[Field]) -> String {
        let map: serde_json::Map<String, serde_json::Value> = self
            .iter_in(order)
            .map(|(f, v)| (f.key().to_owned(), serde_json::Value::String(v.to_owned())))
            .collect();
        let mut text = serde_json::to_string_pretty(&serde_json::Value::Object(map)).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads a URL fragment of the `known` keys, such as `target=stackgres&bucket=b` (with or
    /// without the leading `#`). Unknown keys are returned as errors beside the setup of the
    /// known ones, so a link with a typo still opens the page with everything else in place.
    pub fn from_fragment_with(fragment: &str, known: &[Field]) -> (RawSetup, Vec<SetupError>) {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        let mut setup = RawSetup::default();
        let mut errors = Vec::new();
        let mut seen = Vec::new();
        for pair in fragment.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let Ok(key) = decode_link_text(key) else {
                errors.push(SetupError::UnknownKey(UnknownKeyError::new(key.to_owned(), known)));
                continue;
            };
            let Some(field) = first_of_key(key, known, &mut seen, &mut errors) else {
                continue;
            };
            match decode_link_text(value) {
                Ok(text) => setup.set(field, text),
                Err(()) => {
                    // The value is kept as written in the link, so nothing is replaced by
                    // U+FFFD and the user sees exactly what the link says.
                    errors.push(SetupError::Invalid(InvalidValueError::new(
                        field,
                        value,
                        "the link's percent-encoding of this value does not decode to UTF-8 text",
                    )));
                    setup.set(field, value.to_owned());
                }
            }
        }
        (setup, errors)
    }

    /// The URL fragment for this setup, without the leading `#`, its keys in `order`.
    pub fn to_fragment_in(&self, order: &[Field]) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (field, value) in self.iter_in(order) {
            out.append_pair(field.key(), value);
        }
        out.finish()
    }

    /// The authentication method, when the setup names a known one.
    pub fn auth(&self) -> Option<Auth> {
        self.get(Field::Auth).and_then(Auth::from_id)
    }
}

/// The members of a JSON object in document order, duplicates included (a map would keep
/// only one of them).
struct Entries(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for Entries {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Entries, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Entries;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of keys and string values")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragment_round_trips_special_characters() {
        let raw = RawSetup::default()
            .with(Field::Target, "stackgres")
            .with(Field::Bucket, "a b&c=d#e%f/é");
        let fragment = raw.to_fragment();
        assert!(!fragment.contains('#'));
        let (back, errors) = RawSetup::from_fragment(&format!("#{fragment}"));
        assert!(errors.is_empty());
        assert_eq!(back, raw);
    }

    #[test]
    fn fragment_keeps_known_keys_beside_unknown_ones() {
        let (raw, errors) = RawSetup::from_fragment("bucket=b1&colour=red");
        assert_eq!(raw.get(Field::Bucket), Some("b1"));
        assert_eq!(errors.len(), 1);
        assert!(errors.iter().all(|e| e.to_string().starts_with("unknown key `colour`")));
    }

    #[test]
    fn json_reports_every_bad_key_and_value() {
        let errors = RawSetup::from_json(r#"{"bucket": "b", "colour": "red", "clusterAccountId": 12345678901}"#)
            .err()
            .unwrap_or_default();
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages.iter().any(|m| m.starts_with("unknown key `colour`")));
        assert!(messages
            .iter()
            .any(|m| m.starts_with("clusterAccountId `12345678901`: values are JSON strings")));
    }

    #[test]
    fn json_rejects_a_key_given_twice() {
        let errors = RawSetup::from_json(r#"{"bucket": "a", "bucket": "b"}"#)
            .err()
            .unwrap_or_default();
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages, vec!["bucket is given twice: keep one value".to_owned()]);
    }

    #[test]
    fn json_that_is_not_an_object_says_so() {
        let errors = RawSetup::from_json("[1, 2]").err().unwrap_or_default();
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            vec![
                "the setup is not a JSON object: the top level must be an object of keys and string values".to_owned()
            ]
        );
    }

    #[test]
    fn json_round_trips() {
        let raw = RawSetup::default()
            .with(Field::Target, "stackgres")
            .with(Field::Region, "us-west-2");
        assert_eq!(RawSetup::from_json(&raw.to_json()), Ok(raw));
    }

    #[test]
    fn syntax_errors_say_where() {
        let errors = RawSetup::from_json("{\"bucket\": }").err().unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert!(
            errors.iter().all(|e| e.to_string().contains("line 1 column 12")),
            "{errors:?}"
        );
    }
}
