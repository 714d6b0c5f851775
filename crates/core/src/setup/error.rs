//! Errors in a setup. Every message is one lowercase line that names the field, repeats the
//! user's value in backticks and states the rule it breaks.
//!
//! A message is said in one of two [`Voice`]s: `Display` (and [`SetupError::message`] with
//! [`Voice::Keys`]) names the keys and ids of the setup file, as the CLI prints them;
//! [`Voice::Form`] names the labels the page's form shows.

use crate::field::{Auth, Field};
use std::fmt;

/// Whom a message speaks to: the author of a setup file, who knows its keys and ids, or the
/// user of the page's form, who sees labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Voice {
    /// Keys and ids in backticks: "`clusterAccountId` is required for target `stackgres` …".
    Keys,
    /// The form's labels: "Cluster account ID is required for StackGres … with …".
    Form,
}

impl Voice {
    /// How `field` is named in this voice.
    fn field(self, field: Field) -> String {
        match self {
            Voice::Keys => field.key().to_owned(),
            Voice::Form => field.label().to_owned(),
        }
    }
}

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

    /// The message in `voice`. `Voice::Keys` is the same text as `Display`.
    pub fn message(&self, voice: Voice) -> String {
        match (self, voice) {
            (_, Voice::Keys) => self.to_string(),
            (SetupError::Syntax(e), Voice::Form) => e.to_string(),
            (SetupError::UnknownKey(e), Voice::Form) => e.to_string(),
            (SetupError::DuplicateKey(e), Voice::Form) => {
                format!("{} is given twice: keep one value", voice.field(e.field))
            }
            (SetupError::NotAString(e), Voice::Form) => e.said(voice),
            (SetupError::Missing(e), Voice::Form) => e.said(voice),
            (SetupError::Invalid(e), Voice::Form) => e.said(voice),
            (SetupError::Unsupported(e), Voice::Form) => e.said(voice),
        }
    }

    /// The value the error proposes instead of the one typed, when one is known to pass.
    pub fn suggestion(&self) -> Option<&Suggestion> {
        match self {
            SetupError::Invalid(e) => e.suggestion.as_ref(),
            _ => None,
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
#[error("{}", self.said(Voice::Keys))]
pub struct NotAStringError {
    pub field: Field,
    pub value: String,
}

impl NotAStringError {
    fn said(&self, voice: Voice) -> String {
        format!(
            "{} {}: values are JSON strings; write {} so that leading zeros and exact text survive",
            voice.field(self.field),
            Shown(&self.value),
            Quoted(&self.value)
        )
    }
}

/// A field the chosen target and authentication need but the setup leaves empty.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.said(Voice::Keys))]
pub struct MissingFieldError {
    pub field: Field,
    pub why: Requirement,
}

impl MissingFieldError {
    fn said(&self, voice: Voice) -> String {
        let why = match (&self.why, voice) {
            (Requirement::Because(why), _) => why.clone(),
            (Requirement::Scenario { target, auth, .. }, Voice::Keys) => {
                format!("for target `{target}` with auth `{}`", auth.id())
            }
            (Requirement::Scenario { target_label, auth, .. }, Voice::Form) => {
                format!("for {target_label} with {}", auth.label())
            }
        };
        format!("{} is required {why}", voice.field(self.field))
    }
}

/// Why a field is required.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Requirement {
    /// The chosen target and authentication need it.
    Scenario {
        target: &'static str,
        target_label: &'static str,
        auth: Auth,
    },
    /// A reason said the same in both voices, such as "to choose what to generate".
    Because(String),
}

/// A value that breaks a rule, with the value that would pass when one is evident from it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.said(Voice::Keys))]
pub struct InvalidValueError {
    pub field: Field,
    pub value: String,
    pub rule: String,
    /// A value that passes the same check, proposed, never applied: validation still fails.
    pub suggestion: Option<Suggestion>,
}

impl InvalidValueError {
    pub fn new(field: Field, value: &str, rule: impl Into<String>) -> InvalidValueError {
        InvalidValueError {
            field,
            value: value.to_owned(),
            rule: rule.into(),
            suggestion: None,
        }
    }

    fn said(&self, voice: Voice) -> String {
        let suggestion = self
            .suggestion
            .as_ref()
            .map(|s| format!("; did you mean `{}`?", Escaped(&s.value)))
            .unwrap_or_default();
        format!(
            "{} {}: {}{suggestion}",
            voice.field(self.field),
            Shown(&self.value),
            self.rule
        )
    }
}

/// A value to use instead of the one typed: what the typed text evidently meant, such as the
/// bucket of an `s3://` URL. It is only proposed, and it passes the field's own check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub value: String,
    pub reason: SuggestionReason,
}

/// What a [`Suggestion`] changed in the typed text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SuggestionReason {
    /// Spaces or quotes around the value, as a copy from a terminal or `--output json` brings.
    Trimmed,
    /// The bucket of an `s3://bucket/prefix` URL.
    BucketOfUrl,
    /// The bucket of an `arn:<partition>:s3:::bucket` ARN.
    BucketOfArn,
    /// The account of an IAM or STS ARN.
    AccountOfArn,
    /// The role name at the end of a role ARN.
    RoleNameOfArn,
    /// A region in lower case, with `-` between its parts, without an availability zone's letter.
    RegionSpelling,
    /// An issuer without the trailing `/`, or with `https://` instead of `http://`.
    IssuerSpelling,
}

impl SuggestionReason {
    /// One lowercase phrase saying what the suggestion changed, for a tooltip or a hint.
    pub fn explanation(self) -> &'static str {
        match self {
            SuggestionReason::Trimmed => "the value without the spaces or quotes around it",
            SuggestionReason::BucketOfUrl => "the bucket name of the `s3://` URL",
            SuggestionReason::BucketOfArn => "the bucket name of the S3 ARN",
            SuggestionReason::AccountOfArn => "the account ID of the ARN",
            SuggestionReason::RoleNameOfArn => "the role name at the end of the role ARN",
            SuggestionReason::RegionSpelling => "the region as AWS spells it",
            SuggestionReason::IssuerSpelling => "the issuer as `aws eks describe-cluster` prints it",
        }
    }
}

/// An authentication method that the target's vendor does not document.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.said(Voice::Keys))]
pub struct UnsupportedAuthError {
    pub target: &'static str,
    pub target_label: &'static str,
    pub auth: Auth,
    pub supported: Vec<Auth>,
    /// Why the vendor's method is not offered, where the target says.
    pub why: Option<String>,
}

impl UnsupportedAuthError {
    fn said(&self, voice: Voice) -> String {
        let why = self.why.as_ref().map(|w| format!(" ({w})")).unwrap_or_default();
        match voice {
            Voice::Keys => format!(
                "auth `{}`: target `{}` supports only {}{why}",
                self.auth.id(),
                self.target,
                self.supported
                    .iter()
                    .map(|a| format!("`{}`", a.id()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Voice::Form => format!(
                "{}: {} supports only {}{why}",
                self.auth.label(),
                self.target_label,
                self.supported.iter().map(|a| a.label()).collect::<Vec<_>>().join(", ")
            ),
        }
    }
}

/// User input in backticks: control characters are escaped so that a message stays on one
/// line and shows exactly what was typed, and a value longer than [`SHOWN_CHARS`] is cut
/// there, with its length said, so that the rule after it stays in sight.
pub(crate) struct Shown<'a>(pub(crate) &'a str);

/// How many characters of a value a message shows.
/// Sixty characters hold any valid bucket, role or account value and most ARNs, and leave the
/// rule after the value on the same line of a form.
const SHOWN_CHARS: usize = 60;

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

/// A value shown whole, its control characters escaped: a suggestion, which passed its
/// field's check and so is no longer than that field allows.
struct Escaped<'a>(&'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_escaped_chars(f, self.0, usize::MAX)
    }
}

fn write_escaped(f: &mut fmt::Formatter<'_>, value: &str) -> fmt::Result {
    write_escaped_chars(f, value, SHOWN_CHARS)
}

fn write_escaped_chars(f: &mut fmt::Formatter<'_>, value: &str, limit: usize) -> fmt::Result {
    for c in value.chars().take(limit) {
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
        let shown = format!("{}…", "a".repeat(60));
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
