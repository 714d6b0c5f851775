//! The page's state: the setup as typed, and what derives from it.

use bucketrust_core::{generate, validate, Artifact, Auth, Field, RawSetup, SetupError, Target};
use leptos::prelude::*;

/// The state every component reads from context. The setup itself is the single source of
/// truth (`raw`); everything else is a memo over it, so components hold no business logic.
#[derive(Clone, Copy)]
pub struct SetupState {
    /// The setup exactly as typed, one string per field.
    pub raw: RwSignal<RawSetup>,
    /// Problems found when reading the link (unknown keys). They describe the link, not the
    /// setup, so they live beside it and are replaced whenever a link is read again.
    pub link_errors: RwSignal<Vec<SetupError>>,
    /// The artifacts of a valid setup, or every reason it is not valid yet.
    pub outcome: Memo<Result<Vec<Artifact>, Vec<SetupError>>>,
    /// The fields the form shows: the pickers, then what the chosen target and auth need.
    pub relevant: Memo<Vec<Field>>,
}

impl SetupState {
    pub fn new(raw: RawSetup, link_errors: Vec<SetupError>) -> SetupState {
        let raw = RwSignal::new(raw);
        let outcome = Memo::new(move |_| raw.with(|r| validate(r).map(|setup| generate(&setup))));
        let relevant = Memo::new(move |_| raw.with(RawSetup::relevant_fields));
        SetupState {
            raw,
            link_errors: RwSignal::new(link_errors),
            outcome,
            relevant,
        }
    }

    /// The validation messages that belong next to `field`'s input.
    pub fn errors_for(&self, field: Field) -> Vec<String> {
        self.outcome.with(|outcome| match outcome {
            Ok(_) => Vec::new(),
            Err(errors) => errors
                .iter()
                .filter(|e| e.field() == Some(field))
                .map(ToString::to_string)
                .collect(),
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
        self.outcome.with(|outcome| {
            if let Err(errors) = outcome {
                messages.extend(
                    errors
                        .iter()
                        .filter(|e| e.field().is_none_or(|f| !relevant.contains(&f)))
                        .map(|e| (e.field().map(Field::key), e.to_string())),
                );
            }
        });
        messages
    }
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
    if let Some(target) = Target::ALL.first() {
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
