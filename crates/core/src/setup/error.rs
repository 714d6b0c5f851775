//! Errors in a setup. Every message is one lowercase line that names the field, repeats the
//! user's value in backticks and states the rule it breaks.

use crate::field::Field;
use std::fmt;

/// Something wrong with a setup: its syntax, a key, or a value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SetupError {
    #[error(transparent)]
    Syntax(SyntaxError),
    #[error(transparent)]
    UnknownKey(UnknownKeyError),
    #[error(transparent)]
    DuplicateKey(DuplicateKeyError),
    #[error(transparent)]
    NotAString(NotAStringError),
    #[error(transparent)]
    Missing(MissingFieldError),
    #[error(transparent)]
    Invalid(InvalidValueError),
    #[error(transparent)]
    Unsupported(UnsupportedAuthError),
}

impl SetupError {
    /// The field the error belongs to, so the page can show it next to that field.
    pub fn field(&self) -> Option<Field> {
        match self {
            SetupError::Syntax(_) | SetupError::UnknownKey(_) => None,
            SetupError::NotAString(e) => Some(e.field),
            SetupError::DuplicateKey(e) => Some(e.field),
            SetupError::Missing(e) => Some(e.field),
            SetupError::Invalid(e) => Some(e.field),
            SetupError::Unsupported(_) => Some(Field::Auth),
        }
    }
}

/// The setup file is not a JSON object.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the setup is not a JSON object: {reason}")]
pub struct SyntaxError {
    pub reason: String,
}

/// A key that no field has.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown key {}: the setup keys are {known}", Shown(.key))]
pub struct UnknownKeyError {
    pub key: String,
    /// The keys the setup may have, comma-separated.
    pub known: String,
}

impl UnknownKeyError {
    pub fn new(key: String, known: &[Field]) -> UnknownKeyError {
        let known = known.iter().map(|f| f.key()).collect::<Vec<_>>().join(", ");
        UnknownKeyError { key, known }
    }
}

/// A key given twice in a setup file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field} is given twice: keep one value")]
pub struct DuplicateKeyError {
    pub field: Field,
}

/// A value that is a number, boolean, array or object instead of a string.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field} {}: values are JSON strings; write {} so that leading zeros and exact text survive", Shown(.value), Quoted(.value))]
pub struct NotAStringError {
    pub field: Field,
    pub value: String,
}

/// A field the chosen target and authentication need but the setup leaves empty.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field} is required {why}")]
pub struct MissingFieldError {
    pub field: Field,
    pub why: String,
}

/// A value that breaks a rule.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field} {}: {rule}", Shown(.value))]
pub struct InvalidValueError {
    pub field: Field,
    pub value: String,
    pub rule: String,
}

impl InvalidValueError {
    pub fn new(field: Field, value: &str, rule: impl Into<String>) -> InvalidValueError {
        InvalidValueError {
            field,
            value: value.to_owned(),
            rule: rule.into(),
        }
    }
}

/// An authentication method that the target's vendor does not document.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("auth `{auth}`: target `{target}` supports only {supported}{}", .why.as_ref().map(|w| format!(" ({w})")).unwrap_or_default())]
pub struct UnsupportedAuthError {
    pub target: String,
    pub auth: String,
    pub supported: String,
    /// Why the vendor's method is not offered, where the target says.
    pub why: Option<String>,
}

/// User input in backticks: control characters are escaped so that a message stays on one
/// line and shows exactly what was typed, and a value longer than [`SHOWN_CHARS`] is cut
/// there, with its length said, so that the rule after it stays in sight.
pub(crate) struct Shown<'a>(pub(crate) &'a str);

/// How many characters of a value a message shows.
const SHOWN_CHARS: usize = 256;

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("`")?;
        write_escaped(f, self.0)?;
        let length = self.0.chars().count();
        if length > SHOWN_CHARS {
            write!(f, "…` ({length} characters)")
        } else {
            f.write_str("`")
        }
    }
}

/// The value as the JSON string to write instead, in backticks, cut as [`Shown`] cuts.
struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("`\"")?;
        write_escaped(f, self.0)?;
        if self.0.chars().count() > SHOWN_CHARS {
            f.write_str("…")?;
        }
        f.write_str("\"`")
    }
}

fn write_escaped(f: &mut fmt::Formatter<'_>, value: &str) -> fmt::Result {
    for c in value.chars().take(SHOWN_CHARS) {
        // Invisible characters are shown as escapes too, so a message cannot be made to read
        // as something else.
        if c.is_control() || crate::text::is_deceptive(c) {
            write!(f, "{}", c.escape_default())?;
        } else {
            write!(f, "{c}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_with_their_length() {
        let value = "a".repeat(100_000);
        let e = InvalidValueError::new(Field::Bucket, &value, "a bucket name has at most 63 characters");
        let shown = format!("{}…", "a".repeat(256));
        assert_eq!(
            e.to_string(),
            format!("bucket `{shown}` (100000 characters): a bucket name has at most 63 characters")
        );
    }

    #[test]
    fn control_characters_stay_visible_on_one_line() {
        let e = InvalidValueError::new(Field::Bucket, "a\nb\u{7}", "bucket names use only lowercase letters");
        assert_eq!(
            e.to_string(),
            "bucket `a\\nb\\u{7}`: bucket names use only lowercase letters"
        );
    }
}
