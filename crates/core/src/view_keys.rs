//! The page's own keys in its link, beside the setup's: the view that is open, the rule it
//! shows, and the embed mode's options (`embed`, `lock`, `show`, `theme`).
//!
//! The setup's keys are read by [`RawSetup::from_fragment`](crate::RawSetup::from_fragment),
//! which reports every key it does not know; [`split`] therefore takes the page's keys out of
//! a fragment first and hands the rest on untouched, byte for byte, so that the setup's
//! strict reading (a repeated key, broken percent-encoding) still sees exactly what the link
//! says. [`ViewKeys::fragment`] writes them back after the setup's keys, so a setup link and
//! the same setup with a view differ only at the end.

use crate::field::Field;
use crate::setup::decode_link_text;
use crate::setup::error::Shown;
use crate::{crosscheck, lint, targets};
use std::fmt;

/// The keys [`split`] takes out of a fragment, in the order [`ViewKeys::fragment`] writes
/// them (`embed` first, the rest after the setup's keys).
pub const KEYS: [&str; 6] = ["embed", "lock", "show", "theme", "view", "rule"];

/// One of the page's views.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// The setup form and its artifacts.
    #[default]
    Setup,
    /// The linter for a pasted policy.
    Lint,
    /// The linter's rules and the setup checks.
    Rules,
}

impl View {
    pub const ALL: [View; 3] = [View::Setup, View::Lint, View::Rules];

    /// The value of `view` in the link.
    pub fn id(self) -> &'static str {
        match self {
            View::Setup => "setup",
            View::Lint => "lint",
            View::Rules => "rules",
        }
    }

    pub fn from_id(id: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.id() == id)
    }
}

/// The colours the page uses: the reader's preference (`auto`) or a fixed one, which a host
/// page sets to match its own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::Auto, Theme::Light, Theme::Dark];

    pub fn id(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_id(id: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.id() == id)
    }
}

/// The embed mode: the page inside another page's frame, showing only what that page needs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Embed {
    /// Fields the host page sets: shown, but read-only.
    pub lock: Vec<Field>,
    /// The ids of the artifacts to show, in the link's order; empty shows them all.
    pub show: Vec<String>,
}

impl Embed {
    /// Whether the artifact `id` is one to show.
    pub fn shows(&self, id: &str) -> bool {
        self.show.is_empty() || self.show.iter().any(|s| s == id)
    }

    pub fn locks(&self, field: Field) -> bool {
        self.lock.contains(&field)
    }
}

/// What the page's keys of a link say; the default is the full page's setup view.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ViewKeys {
    pub view: View,
    /// The rule or setup check whose docs are open (a code such as `BR201`); written only
    /// with the rules view.
    pub rule: Option<&'static str>,
    /// `Some` in embed mode.
    pub embed: Option<Embed>,
    pub theme: Theme,
}

/// A page key the link gives wrongly; the key is dropped from the link or kept with its
/// first value, as the message says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyProblem {
    pub key: &'static str,
    pub message: String,
}

impl fmt::Display for KeyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A link split into the page's keys and the setup's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Split {
    pub keys: ViewKeys,
    /// The rest of the fragment, without `#`, exactly as written, for
    /// [`RawSetup::from_fragment`](crate::RawSetup::from_fragment).
    pub setup: String,
    pub problems: Vec<KeyProblem>,
}

/// Takes the page's keys out of `fragment` (with or without the leading `#`).
pub fn split(fragment: &str) -> Split {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let mut rest = Vec::new();
    let mut found: Vec<(&'static str, String)> = Vec::new();
    let mut problems = Vec::new();
    for pair in fragment.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let Some(key) = decode_link_text(key)
            .ok()
            .and_then(|k| KEYS.into_iter().find(|known| *known == k))
        else {
            rest.push(pair);
            continue;
        };
        if found.iter().any(|(k, _)| *k == key) {
            problems.push(problem(key, format!("{key} is given twice: the first value is kept")));
            continue;
        }
        match decode_link_text(value) {
            Ok(value) => found.push((key, value)),
            Err(()) => problems.push(problem(
                key,
                format!(
                    "{key} {}: the link's percent-encoding of this value does not decode to UTF-8 text",
                    Shown(value)
                ),
            )),
        }
    }
    let value = |key: &str| found.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_str());
    let mut keys = ViewKeys::default();
    if let Some(id) = value("view") {
        match View::from_id(id) {
            Some(view) => keys.view = view,
            None => problems.push(problem(
                "view",
                format!("view {}: the views are {}", Shown(id), ids(&View::ALL.map(View::id))),
            )),
        }
    }
    if let Some(code) = value("rule") {
        match rule_code(code) {
            Some(code) if keys.view == View::Rules => keys.rule = Some(code),
            Some(_) => problems.push(problem(
                "rule",
                format!("rule {}: a rule is shown only with `view=rules`", Shown(code)),
            )),
            None => problems.push(problem(
                "rule",
                format!("rule {}: no linter rule or setup check has this code", Shown(code)),
            )),
        }
    }
    if let Some(id) = value("theme") {
        match Theme::from_id(id) {
            Some(theme) => keys.theme = theme,
            None => problems.push(problem(
                "theme",
                format!(
                    "theme {}: the themes are {}",
                    Shown(id),
                    ids(&Theme::ALL.map(Theme::id))
                ),
            )),
        }
    }
    let embed = match value("embed") {
        None => false,
        Some("" | "1" | "true") => true,
        Some("0" | "false") => false,
        Some(other) => {
            problems.push(problem(
                "embed",
                format!(
                    "embed {}: write `embed` alone to embed the page, or leave it out",
                    Shown(other)
                ),
            ));
            true
        }
    };
    let lock = value("lock").map(|v| lock_fields(v, &mut problems)).unwrap_or_default();
    let show: Vec<String> = value("show").map(list).unwrap_or_default();
    if embed {
        keys.embed = Some(Embed { lock, show });
    } else {
        for key in ["lock", "show"] {
            if value(key).is_some() {
                problems.push(problem(
                    key,
                    format!("{key} applies to an embedded page only: add `embed` to the link"),
                ));
            }
        }
    }
    Split {
        keys,
        setup: rest.join("&"),
        problems,
    }
}

impl ViewKeys {
    /// The whole fragment, without `#`: `embed` first, then `setup` (the setup's own
    /// fragment, as [`RawSetup::to_fragment`](crate::RawSetup::to_fragment) writes it), then
    /// the other keys that differ from the default.
    pub fn fragment(&self, setup: &str) -> String {
        let mut parts: Vec<String> = Vec::new();
        if self.embed.is_some() {
            parts.push("embed".to_owned());
        }
        if !setup.is_empty() {
            parts.push(setup.to_owned());
        }
        let mut tail = form_urlencoded::Serializer::new(String::new());
        if let Some(embed) = &self.embed {
            if !embed.lock.is_empty() {
                tail.append_pair(
                    "lock",
                    &embed.lock.iter().map(|f| f.key()).collect::<Vec<_>>().join(","),
                );
            }
            if !embed.show.is_empty() {
                tail.append_pair("show", &embed.show.join(","));
            }
        }
        if self.theme != Theme::Auto {
            tail.append_pair("theme", self.theme.id());
        }
        if self.view != View::Setup {
            tail.append_pair("view", self.view.id());
        }
        if let (View::Rules, Some(rule)) = (self.view, self.rule) {
            tail.append_pair("rule", rule);
        }
        let tail = tail.finish();
        if !tail.is_empty() {
            parts.push(tail);
        }
        parts.join("&")
    }
}

/// The code of a linter rule or setup check, as the registries spell it.
pub fn rule_code(code: &str) -> Option<&'static str> {
    lint::rules::all()
        .iter()
        .map(|r| r.code())
        .chain(crosscheck::rules().iter().map(|r| r.code))
        .find(|c| *c == code)
}

fn lock_fields(value: &str, problems: &mut Vec<KeyProblem>) -> Vec<Field> {
    let mut fields = Vec::new();
    for key in list(value) {
        match targets::field_by_key(&key) {
            Some(field) if !fields.contains(&field) => fields.push(field),
            Some(_) => {}
            None => problems.push(problem("lock", format!("lock {}: not a setup key", Shown(&key)))),
        }
    }
    fields
}

/// A comma-separated list, its items trimmed, empty ones dropped.
fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn ids(ids: &[&str]) -> String {
    ids.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ")
}

fn problem(key: &'static str, message: String) -> KeyProblem {
    KeyProblem { key, message }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RawSetup;

    #[test]
    fn the_setup_keys_pass_through_untouched() {
        let link = "#embed&target=stackgres&bucket=a%2Bb&colour=red&bucket=x&lock=target,auth&show=trust-policy";
        let split = split(link);
        assert_eq!(split.setup, "target=stackgres&bucket=a%2Bb&colour=red&bucket=x");
        assert!(split.problems.is_empty(), "{:?}", split.problems);
        let embed = split.keys.embed.clone().unwrap_or_default();
        assert_eq!(embed.lock, [Field::Target, Field::Auth]);
        assert_eq!(embed.show, ["trust-policy"]);
        assert!(embed.shows("trust-policy") && !embed.shows("aws-cli"));
        // The core's strict reading still sees the unknown and the repeated key.
        let (raw, errors) = RawSetup::from_fragment(&split.setup);
        assert_eq!(raw.get(Field::Bucket), Some("a+b"));
        assert_eq!(errors.len(), 2, "{errors:?}");
    }

    #[test]
    fn a_view_and_a_rule_round_trip_after_the_setup() {
        let split = split("target=stackgres&auth=irsa&view=rules&rule=BR201");
        assert_eq!(split.keys.view, View::Rules);
        assert_eq!(split.keys.rule, Some("BR201"));
        assert_eq!(
            split.keys.fragment(&split.setup),
            "target=stackgres&auth=irsa&view=rules&rule=BR201"
        );
        // The setup view is the default and is not written; a rule goes with the rules view only.
        let setup = ViewKeys {
            rule: Some("BR201"),
            ..ViewKeys::default()
        };
        assert_eq!(setup.fragment("target=stackgres"), "target=stackgres");
        assert_eq!(ViewKeys::default().fragment(""), "");
    }

    #[test]
    fn embed_keys_round_trip() {
        let link = "embed&target=stackgres&auth=irsa&lock=target%2Cauth&show=trust-policy%2Caws-cli&theme=dark";
        let split = split(link);
        assert!(split.problems.is_empty(), "{:?}", split.problems);
        assert_eq!(split.keys.theme, Theme::Dark);
        assert_eq!(split.keys.fragment(&split.setup), link);
        assert_eq!(super::split(&split.keys.fragment(&split.setup)), split);
    }

    #[test]
    fn wrong_page_keys_are_reported_and_dropped() {
        let split = split("view=settings&rule=BR999&theme=pink&lock=bukcet&show=x&view=lint&embed=yes");
        let messages: Vec<String> = split.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "view is given twice: the first value is kept",
                "view `settings`: the views are `setup`, `lint`, `rules`",
                "rule `BR999`: no linter rule or setup check has this code",
                "theme `pink`: the themes are `auto`, `light`, `dark`",
                "embed `yes`: write `embed` alone to embed the page, or leave it out",
                "lock `bukcet`: not a setup key",
            ]
        );
        assert_eq!(split.keys.view, View::Setup);
        assert_eq!(split.keys.fragment(&split.setup), "embed&show=x");
        let plain = super::split("lock=target&rule=BR201");
        let messages: Vec<String> = plain.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "rule `BR201`: a rule is shown only with `view=rules`",
                "lock applies to an embedded page only: add `embed` to the link"
            ]
        );
        assert_eq!(plain.keys, ViewKeys::default());
    }

    #[test]
    fn every_rule_code_is_known() {
        assert_eq!(rule_code("BR201"), Some("BR201"));
        assert_eq!(rule_code("BR706"), Some("BR706"));
        assert_eq!(rule_code("br201"), None);
    }
}
