//! The page's state: the setup as typed, the policy pasted into the linter, and what
//! derives from them.

use bucketrust_core::bundle::{self, BundleFile};
use bucketrust_core::crosscheck;
use bucketrust_core::lint::{utf16_offset, Finding, PolicyKind, Severity};
use bucketrust_core::review::{review_reusing, LintCache};
use bucketrust_core::setup::error::Voice;
use bucketrust_core::view_keys::KeyProblem;
use bucketrust_core::{generate, review, targets, validate, Artifact, Auth, Field, RawSetup, SetupError};
use leptos::prelude::*;
use std::sync::Arc;

use crate::lint_worker::{Linted, Linter};

/// The state every component reads from context. The setup itself is the single source of
/// truth (`raw`); everything else is a memo over it, so components hold no business logic.
#[derive(Clone, Copy)]
pub struct SetupState {
    /// The setup exactly as typed, one string per field.
    pub raw: RwSignal<RawSetup>,
    /// Problems found when reading the link (unknown keys). They describe the link, not the
    /// setup, so they live beside it and are replaced whenever a link is read again.
    pub link_errors: RwSignal<Vec<SetupError>>,
    /// Problems with the page's own keys in the link (a view, rule, theme or embed option it
    /// does not know), beside `link_errors`.
    pub key_problems: RwSignal<Vec<KeyProblem>>,
    /// The scenario's name (target and authentication), once both are chosen.
    pub scenario: Memo<Option<String>>,
    /// The artifacts of a valid setup, or every reason it is not valid yet.
    pub outcome: Memo<Result<Vec<Artifact>, Vec<SetupError>>>,
    /// The artifacts the page shows: the setup's while it is valid, and the last valid
    /// setup's while it is not (a keystroke that makes a value invalid for a moment must not
    /// blank the outputs and throw the reader back to the top). `None` before any setup was
    /// valid.
    pub shown: Memo<Option<Vec<Artifact>>>,
    /// Whether [`shown`](SetupState::shown) is the last valid setup's rather than the current one's.
    pub stale: Memo<bool>,
    /// The fields the user has left (or that came filled in from the link): their errors are
    /// shown; a field still being typed into for the first time keeps quiet.
    pub touched: RwSignal<Vec<Field>>,
    /// Set when the user asks to see every problem at once.
    pub reveal_all: RwSignal<bool>,
    /// The fields the form shows that the setup cannot do without (no default).
    pub required: Memo<Vec<Field>>,
    /// The fields the form shows: the pickers, then what the chosen target and auth need.
    pub relevant: Memo<Vec<Field>>,
    /// The linter's findings for every policy artifact, by artifact id, in artifact order.
    /// Scripts and manifests have no entry; a clean policy has an empty list.
    pub findings: Memo<Vec<(&'static str, Vec<Finding>)>>,
    /// The setup checks of the artifacts against each other, once the setup is valid.
    pub setup_checks: Memo<Option<crosscheck::Report>>,
}

impl SetupState {
    pub fn new(raw: RawSetup, link_errors: Vec<SetupError>, key_problems: Vec<KeyProblem>) -> SetupState {
        let raw = RwSignal::new(raw);
        let scenario = Memo::new(move |_| {
            raw.with(|r| match (r.target(), r.auth()) {
                (Some(target), Some(auth)) if target.auths().contains(&auth) => Some(bundle::title(target, auth)),
                _ => None,
            })
        });
        let touched = RwSignal::new(raw.with_untracked(|r| {
            r.relevant_fields()
                .into_iter()
                .filter(|f| *f != Field::Target && *f != Field::Auth && r.get(*f).is_some_and(|v| !v.is_empty()))
                .collect()
        }));
        let outcome = Memo::new(move |_| raw.with(|r| validate(r).map(|setup| generate(&setup))));
        let shown = Memo::new(move |previous: Option<&Option<Vec<Artifact>>>| {
            outcome.with(|outcome| match outcome {
                Ok(artifacts) => Some(artifacts.clone()),
                Err(_) => previous.cloned().flatten(),
            })
        });
        let stale = Memo::new(move |_| outcome.with(Result::is_err) && shown.with(Option::is_some));
        let relevant = Memo::new(move |_| raw.with(RawSetup::relevant_fields));
        let required = Memo::new(move |_| raw.with(required_fields));
        // Linting follows the shown artifacts only, not every keystroke: `shown` is a memo, so
        // a change the artifacts do not show (a field the auth ignores, or a value invalid for
        // a moment) lints nothing. The artifacts are read back once, for the lint plan and the
        // setup checks alike.
        let cache = StoredValue::new(LintCache::default());
        let checked = Memo::new(move |_| {
            shown.with(|shown| {
                shown.as_ref().map(|a| {
                    cache
                        .try_update_value(|cache| review_reusing(a, cache))
                        .unwrap_or_else(|| review(a))
                })
            })
        });
        let findings = Memo::new(move |_| checked.with(|c| c.as_ref().map(|r| r.findings.clone()).unwrap_or_default()));
        let setup_checks = Memo::new(move |_| checked.with(|c| c.as_ref().map(|r| r.setup_checks.clone())));
        SetupState {
            raw,
            link_errors: RwSignal::new(link_errors),
            key_problems: RwSignal::new(key_problems),
            scenario,
            outcome,
            shown,
            stale,
            touched,
            reveal_all: RwSignal::new(false),
            required,
            relevant,
            findings,
            setup_checks,
        }
    }

    /// The findings of the artifact `id`, or `None` when it is not a policy.
    pub fn findings_for(&self, id: &str) -> Option<Vec<Finding>> {
        self.findings
            .with(|all| all.iter().find(|(a, _)| *a == id).map(|(_, f)| f.clone()))
    }

    /// The setup's files, as "Download all" zips them and `bucketrust generate --out` writes
    /// them, under a folder named for the scenario (`bucketrust-stackgres-irsa`); `None`
    /// until the setup is valid.
    pub fn bundle(&self) -> Option<(String, Vec<BundleFile>)> {
        let title = self.scenario.get_untracked()?;
        let folder = self.raw.with_untracked(|raw| {
            format!(
                "bucketrust-{}-{}",
                raw.get(Field::Target).unwrap_or_default(),
                raw.get(Field::Auth).unwrap_or_default()
            )
        });
        self.outcome.with_untracked(|outcome| {
            outcome
                .as_ref()
                .ok()
                .map(|artifacts| (folder, bundle::bundle(&title, artifacts)))
        })
    }

    /// Every step of the setup as one script ("Copy as one script"), empty until the setup is
    /// valid.
    pub fn one_script(&self) -> String {
        let Some(title) = self.scenario.get_untracked() else {
            return String::new();
        };
        self.outcome.with_untracked(|outcome| {
            outcome
                .as_ref()
                .map(|artifacts| bundle::one_script(&title, artifacts))
                .unwrap_or_default()
        })
    }

    /// The validation messages that belong next to `field`'s input, in the form's words, each
    /// with the value it suggests instead, once they help: after the user has left the field
    /// or asked to see every problem, or at once when there is a fix to offer (a pasted value
    /// with quotes around it is best answered while the user is still there).
    pub fn errors_for(&self, field: Field) -> Vec<(String, Option<String>)> {
        let shown = self.reveal_all.get() || self.touched.with(|t| t.contains(&field));
        self.outcome.with(|outcome| match outcome {
            Ok(_) => Vec::new(),
            Err(errors) => errors
                .iter()
                .filter(|e| e.field() == Some(field))
                .filter(|e| shown || e.suggestion().is_some())
                .map(|e| (e.message(Voice::Form), e.suggestion().map(|s| s.value.clone())))
                .collect(),
        })
    }

    /// Marks `field` as left by the user, so its errors show from now on.
    pub fn touch(&self, field: Field) {
        if !self.touched.with_untracked(|t| t.contains(&field)) {
            self.touched.update(|t| t.push(field));
        }
    }

    /// Every problem of the setup, counted whether it is shown yet or not.
    pub fn problem_count(&self) -> Option<usize> {
        self.outcome.with(|outcome| outcome.as_ref().err().map(Vec::len))
    }

    /// The first field with a problem, in the form's order, for the banner over stale outputs
    /// and for "Show the problems" to move to.
    pub fn first_invalid_field(&self) -> Option<Field> {
        let relevant = self.relevant.get();
        self.outcome.with(|outcome| {
            let errors = outcome.as_ref().err()?;
            relevant
                .iter()
                .copied()
                .find(|f| errors.iter().any(|e| e.field() == Some(*f)))
                .or_else(|| errors.iter().find_map(SetupError::field))
        })
    }

    /// The messages that have no input to stand next to: problems with the link, errors
    /// without a field, and errors about a field the form does not show. Each comes with the
    /// key of its field, when it has one.
    pub fn summary_errors(&self) -> Vec<(Option<&'static str>, String)> {
        let relevant = self.relevant.get();
        let mut messages: Vec<(Option<&'static str>, String)> = self.link_errors.with(|errors| {
            errors
                .iter()
                // The link is rewritten from the setup at once, so what was not understood is
                // gone from it; the message says so rather than pointing at a key no longer there.
                .map(|e| (e.field().map(Field::key), format!("dropped from the link: {e}")))
                .collect()
        });
        self.key_problems.with(|problems| {
            messages.extend(
                problems
                    .iter()
                    .map(|p| (Some(p.key), format!("dropped from the link: {p}"))),
            );
        });
        // Errors with no input beside them wait, like the others, until they help.
        let reveal = self.reveal_all.get();
        let touched = self.touched.get();
        self.outcome.with(|outcome| {
            if let Err(errors) = outcome {
                messages.extend(
                    errors
                        .iter()
                        .filter(|e| e.field().is_none_or(|f| !relevant.contains(&f)))
                        .filter(|e| reveal || e.field().is_none_or(|f| touched.contains(&f)))
                        .map(|e| (e.field().map(Field::key), e.message(Voice::Form))),
                );
            }
        });
        messages
    }
}

/// The fields of the form that the setup cannot do without: those whose absence validation
/// reports as missing. Asking validation keeps the form's marks true to the readers, which
/// decide what a target and auth need (a field may be required only with another one set).
fn required_fields(raw: &RawSetup) -> Vec<Field> {
    raw.relevant_fields()
        .into_iter()
        .filter(|field| {
            let mut without = raw.clone();
            without.set(*field, "");
            validate(&without).err().is_some_and(|errors| {
                errors
                    .iter()
                    .any(|e| matches!(e, SetupError::Missing(_)) && e.field() == Some(*field))
            })
        })
        .collect()
}

/// The state provided by [`crate::App`].
pub fn use_setup() -> SetupState {
    expect_context::<SetupState>()
}

/// The setup the page starts with when its link carries none: the first target, with IRSA
/// preselected where the target supports it (short-lived role credentials are the safer
/// choice than static keys) and every other field empty, so the required-field messages tell
/// the user what to fill in first.
pub fn starting_setup() -> RawSetup {
    let mut raw = RawSetup::default();
    if let Some(target) = targets::ALL.first() {
        raw.set(Field::Target, target.id());
        let auths = target.auths();
        let auth = if auths.contains(&Auth::Irsa) {
            Some(&Auth::Irsa)
        } else {
            auths.first()
        };
        if let Some(auth) = auth {
            raw.set(Field::Auth, auth.id());
        }
    }
    raw
}

/// One line of the pasted policy, as the line-numbered rendering shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkedLine {
    /// 1-based, as in findings.
    pub number: usize,
    /// The line, cut to [`LINE_CHARS`] characters (a minified policy is one long line).
    pub text: String,
    /// How many characters were cut off the end.
    pub cut: usize,
    /// The worst severity of the findings that start on this line.
    pub worst: Option<Severity>,
}

/// What the line-by-line rendering lists: lines, and gaps where lines are left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Listed {
    Line(MarkedLine),
    /// This many lines are not listed here.
    Gap(usize),
}

/// Up to this many lines the rendering lists every line; past it, only the lines of the
/// findings with [`CONTEXT`] lines around them, so a pasted megabyte does not become tens of
/// thousands of list items.
const LIST_ALL_UP_TO: usize = 400;
const CONTEXT: usize = 2;
/// At most this many lines are listed, whatever the findings.
const LIST_AT_MOST: usize = 1_000;
/// Characters of a line the rendering shows.
pub const LINE_CHARS: usize = 400;

/// Texts longer than this (in bytes) are linted only when the user asks: no IAM policy can be
/// that long (the largest quota, a role's inline policies, is 10,240 characters), so such a
/// paste is most likely not a policy, and linting it would hold the page for nothing.
pub const ASK_BEFORE_LINTING: usize = 64 * 1024;

/// A paste that would leave the edit box longer than this (in bytes) is kept outside it: the
/// page holds the text, lints it and lists its lines, and the box stays empty until the user
/// asks to edit it there. Chromium inserts a pasted text into a textarea in one task that
/// grows with its length (1.1 to 1.3 s for a 1 MiB policy on the machines of `cargo xtask
/// bench`, about 1.2 ms per KiB), and the page can do nothing during that task: past 32 KiB
/// it would pass 50 ms, a long task.
pub const BOX_HOLDS_UP_TO: usize = 32 * 1024;

/// The "lint your own" view's state. The pasted text lives in this signal only: it is never
/// written to the link, to storage or to cookies, because the page keeps user input out of
/// anything that outlives the tab unless the user asks for it.
#[derive(Clone, Copy)]
pub struct LintState {
    /// The policy as pasted.
    pub text: RwSignal<String>,
    /// Set while the text is kept outside the edit box (see [`BOX_HOLDS_UP_TO`]).
    pub outside_box: RwSignal<bool>,
    /// Notified when the box must show a text it does not hold: one pasted over it, kept
    /// outside it, brought into it or cleared. A keystroke's text is in the box already, and
    /// writing it back would copy the whole text into the page on every keystroke.
    box_rewritten: Trigger,
    /// The kind the user picked; `None` detects it from the document.
    pub kind: RwSignal<Option<PolicyKind>>,
    /// Set while the worker lints a newer text than the one the findings are for.
    pub pending: RwSignal<bool>,
    /// The kind the text is checked as: the picked one, or the detected one.
    pub checked_as: Memo<PolicyKind>,
    /// The findings, or `None` while nothing (or only blank space) is pasted, since "not
    /// JSON" would be a pointless first thing to tell someone who has not pasted yet, and
    /// while a text past [`ASK_BEFORE_LINTING`] waits for the user's go-ahead.
    pub findings: Memo<Option<Vec<Finding>>>,
    /// The size in bytes of a pasted text that waits for the user to ask for its lint.
    pub held_back: Memo<Option<usize>>,
    /// Set when the user asks to lint a text past [`ASK_BEFORE_LINTING`].
    pub lint_anyway: RwSignal<bool>,
    /// What the line-by-line rendering lists: the lines of the text the findings are for.
    pub lines: Memo<Vec<Listed>>,
    /// The line of the finding the user last went to; cleared when the text or kind changes,
    /// since the line may no longer be what the finding was about.
    pub current_line: RwSignal<Option<usize>>,
    linter: StoredValue<Linter, LocalStorage>,
}

impl LintState {
    pub fn new() -> LintState {
        let text = RwSignal::new(String::new());
        let kind = RwSignal::new(None);
        let lint_anyway = RwSignal::new(false);
        // The last lint's outcome, for the text it was made for (the text as it is, unless
        // `pending`); `None` while nothing is pasted or the text is held back.
        let linted = RwSignal::new(None::<Linted>);
        let pending = RwSignal::new(false);
        let held_back = Memo::new(move |_| {
            let len = text.with(String::len);
            (len > ASK_BEFORE_LINTING && !lint_anyway.get()).then_some(len)
        });
        // The linter is the outside world here (a worker, see `lint_worker`): the effect hands
        // it each new text, which cancels the lint of an older one, and its answer comes back
        // through `deliver`.
        let linter = Linter::new(move |outcome| {
            linted.set(Some(outcome));
            pending.set(false);
        });
        let stored_linter = StoredValue::new_local(linter.clone());
        Effect::new(move |_| {
            let kind = kind.get();
            let blank = text.with(|t| t.trim().is_empty());
            if blank || held_back.with(Option::is_some) {
                linter.cancel();
                pending.set(false);
                linted.set(None);
                return;
            }
            let text: Arc<str> = text.with(|t| Arc::from(t.as_str()));
            pending.set(true);
            linter.lint(text, kind);
        });
        let checked_as = Memo::new(move |_| {
            linted
                .with(|l| l.as_ref().map(|l| l.kind))
                .unwrap_or(PolicyKind::Identity)
        });
        let findings = Memo::new(move |_| linted.with(|l| l.as_ref().map(|l| l.findings.clone())));
        let lines = Memo::new(move |_| {
            linted.with(|l| match l {
                Some(l) => listed_lines(&l.text, &l.findings),
                None => Vec::new(),
            })
        });
        LintState {
            text,
            outside_box: RwSignal::new(false),
            box_rewritten: Trigger::new(),
            kind,
            pending,
            checked_as,
            findings,
            held_back,
            lint_anyway,
            lines,
            current_line: RwSignal::new(None),
            linter: stored_linter,
        }
    }

    /// The user is about to give a text (the textarea has focus): a long one will find the
    /// worker started.
    pub fn expect_text(&self) {
        self.linter.with_value(Linter::prepare);
    }

    /// A new text from the user: typed or pasted into the box, or kept outside it.
    pub fn set_text(&self, text: String) {
        self.current_line.set(None);
        // The go-ahead was for that big text; a text back under the limit needs none, and the
        // next big one is asked about again.
        if text.len() <= ASK_BEFORE_LINTING {
            self.lint_anyway.set(false);
        }
        self.text.set(text);
    }

    /// A pasted text the box would hold too long, kept outside it (see [`BOX_HOLDS_UP_TO`]).
    pub fn keep_outside_box(&self, text: String) {
        self.set_text(text);
        self.outside_box.set(true);
        self.box_rewritten.notify();
    }

    /// The user asks to edit the text kept outside the box in it, and so to wait while the
    /// browser lays it out.
    pub fn put_in_box(&self) {
        self.outside_box.set(false);
        self.box_rewritten.notify();
    }

    /// Drops the text, wherever it is.
    pub fn clear(&self) {
        self.set_text(String::new());
        self.outside_box.set(false);
        self.box_rewritten.notify();
    }

    /// What the edit box shows: the text, or nothing while it is kept outside. Reactive only
    /// to the changes that do not come from the box itself.
    pub fn box_value(&self) -> String {
        self.box_rewritten.track();
        if self.outside_box.get_untracked() {
            String::new()
        } else {
            self.text.get_untracked()
        }
    }

    /// Sets the picked kind from the picker's value: a kind's id, or anything else to detect.
    pub fn set_kind(&self, id: &str) {
        self.current_line.set(None);
        self.kind.set(PolicyKind::from_id(id));
    }

    /// Marks the line of finding `index` as current and returns the range the textarea should
    /// select, in UTF-16 code units (what `setSelectionRange` counts): from the finding's
    /// start to its end, so the offending value is what gets selected.
    pub fn go_to(&self, index: usize) -> Option<(u32, u32)> {
        let finding = self
            .findings
            .with_untracked(|findings| findings.as_ref().and_then(|f| f.get(index)).cloned())?;
        self.current_line.set(Some(finding.line));
        self.text.with_untracked(|text| {
            let start = utf16_offset(text, finding.line, finding.column);
            let end = utf16_offset(text, finding.end_line, finding.end_column).max(start);
            Some((u32::try_from(start).ok()?, u32::try_from(end).ok()?))
        })
    }
}

/// The lines the rendering lists: every line of a short text; of a long one, the lines where
/// findings start with some context, and gaps for the rest. One pass over the text, which
/// copies only the lines it lists.
fn listed_lines(text: &str, findings: &[Finding]) -> Vec<Listed> {
    let total = text.split('\n').count();
    // The worst severity starting on each line with a finding, in line order.
    let mut worst: std::collections::BTreeMap<usize, Severity> = std::collections::BTreeMap::new();
    for f in findings {
        worst
            .entry(f.line)
            .and_modify(|w| *w = (*w).min(f.severity))
            .or_insert(f.severity);
    }
    let wanted: Vec<usize> = worst.keys().copied().collect();
    let all = total <= LIST_ALL_UP_TO;
    let near_finding = |number: usize| {
        // The first finding line at or after `number - CONTEXT`, if within the window.
        let from = number.saturating_sub(CONTEXT);
        let i = wanted.partition_point(|line| *line < from);
        wanted.get(i).is_some_and(|line| *line <= number + CONTEXT)
    };
    let mut out = Vec::new();
    let mut listed = 0;
    let mut skipped = 0;
    for (i, line) in text.split('\n').enumerate() {
        let number = i + 1;
        if listed >= LIST_AT_MOST || !(all || near_finding(number)) {
            skipped += 1;
            continue;
        }
        if skipped > 0 {
            out.push(Listed::Gap(skipped));
            skipped = 0;
        }
        listed += 1;
        let shown: String = line.chars().take(LINE_CHARS).collect();
        let cut = line.chars().count().saturating_sub(LINE_CHARS);
        out.push(Listed::Line(MarkedLine {
            number,
            text: shown,
            cut,
            worst: worst.get(&number).copied(),
        }));
    }
    if skipped > 0 {
        out.push(Listed::Gap(skipped));
    }
    out
}

impl Default for LintState {
    fn default() -> LintState {
        LintState::new()
    }
}

/// The linter's state provided by [`crate::App`].
pub fn use_lint() -> LintState {
    expect_context::<LintState>()
}
