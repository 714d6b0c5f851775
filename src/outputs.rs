//! The generated artifacts, one block each, or what stands between the setup and them.

use crate::clipboard;
use crate::findings::FindingList;
use crate::setup_checks::SetupChecks;
use crate::state::use_setup;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// How long the copy button says "Copied".
const COPIED_FOR: Duration = Duration::from_millis(2000);

#[component]
pub fn Outputs() -> impl IntoView {
    let state = use_setup();
    let ids = Memo::new(move |_| {
        state.outcome.with(|outcome| match outcome {
            Ok(artifacts) => artifacts.iter().map(|a| a.id).collect(),
            Err(_) => Vec::new(),
        })
    });
    let problems = Memo::new(move |_| state.outcome.with(|outcome| outcome.as_ref().err().map(Vec::len)));
    view! {
        <section class="outputs" aria-labelledby="outputs-heading">
            <h2 id="outputs-heading">"Generated setup"</h2>
            {move || {
                problems
                    .get()
                    .map(|count| {
                        let noun = if count == 1 { "problem" } else { "problems" };
                        view! {
                            <p class="outputs-pending">
                                {format!(
                                    "The policies, commands and manifests appear here once the setup is complete: {count} {noun} to fix in the form.",
                                )}
                            </p>
                        }
                    })
            }}
            <SetupChecks />
            <For each=move || ids.get() key=|id| *id children=|id| view! { <ArtifactBlock id /> } />
        </section>
    }
}

/// One artifact, and under a policy its linter findings. It is keyed by id, so typing updates
/// the text in place instead of rebuilding the block (scroll positions and the copy state
/// survive).
#[component]
fn ArtifactBlock(id: &'static str) -> impl IntoView {
    let state = use_setup();
    let artifact = Memo::new(move |_| {
        state.outcome.with(|outcome| {
            outcome
                .as_ref()
                .ok()
                .and_then(|all| all.iter().find(|a| a.id == id).cloned())
        })
    });
    let field = move |read: fn(&bucketrust_core::Artifact) -> String| {
        move || artifact.with(|a| a.as_ref().map(read).unwrap_or_default())
    };
    let content = Signal::derive(field(|a| a.content.clone()));
    let findings = Memo::new(move |_| state.findings_for(id));
    let heading_id = format!("artifact-{id}");
    let labelled_by = heading_id.clone();
    let lint_heading_id = format!("artifact-{id}-lint");
    view! {
        <section
            class="artifact"
            data-artifact-id=id
            data-artifact-kind=field(|a| a.kind.id().to_owned())
            aria-labelledby=labelled_by
        >
            <header class="artifact-header">
                <h3 id=heading_id>{field(|a| a.title.to_owned())}</h3>
                <span class="artifact-language">{field(|a| a.language.id().to_owned())}</span>
                <CopyButton content />
            </header>
            // The block scrolls sideways, so it takes focus to be scrollable by keyboard.
            <pre tabindex="0">
                <code class=field(|a| format!("language-{}", a.language.id()))>{move || content.get()}</code>
            </pre>
            <Show when=move || findings.with(Option::is_some)>
                <div class="artifact-lint" role="group" aria-labelledby=lint_heading_id.clone()>
                    <h4 id=lint_heading_id.clone()>"Linter"</h4>
                    <FindingList
                        findings=Signal::derive(move || findings.get().unwrap_or_default())
                        clean="No findings: the linter has nothing to report on this policy."
                    />
                </div>
            </Show>
        </section>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CopyState {
    Idle,
    Copied,
    Failed(&'static str),
}

#[component]
fn CopyButton(content: Signal<String>) -> impl IntoView {
    let status = RwSignal::new(CopyState::Idle);
    // Counts clicks so that the reset timer of an earlier click does not cut a later
    // "Copied" short.
    let clicks = StoredValue::new(0_u64);
    let copy = move |_| {
        let text = content.get_untracked();
        clicks.update_value(|n| *n += 1);
        let click = clicks.get_value();
        spawn_local(async move {
            let result = clipboard::write_text(&text).await;
            // The block may have been removed while the promise was pending; `try_set` then
            // does nothing instead of touching a disposed signal.
            status.try_set(match result {
                Ok(()) => CopyState::Copied,
                Err(reason) => CopyState::Failed(reason),
            });
            set_timeout(
                move || {
                    if clicks.try_get_value() == Some(click) {
                        status.try_set(CopyState::Idle);
                    }
                },
                COPIED_FOR,
            );
        });
    };
    let failure = move || match status.get() {
        CopyState::Failed(reason) => Some(reason),
        _ => None,
    };
    view! {
        <button type="button" class="copy" class:copied=move || status.get() == CopyState::Copied on:click=copy>
            {move || if status.get() == CopyState::Copied { "Copied" } else { "Copy" }}
        </button>
        <span class="copy-status" aria-live="polite">
            {move || failure().map(|reason| view! { <span class="error">{reason}</span> })}
        </span>
    }
}
