//! The generated artifacts, one block each, or what stands between the setup and them.

use crate::copy_button::CopyButton;
use crate::findings::FindingList;
use crate::presentation::use_presentation;
use crate::setup_actions::SetupActions;
use crate::setup_checks::SetupChecks;
use crate::state::use_setup;
use leptos::prelude::*;

#[component]
pub fn Outputs() -> impl IntoView {
    let state = use_setup();
    let presentation = use_presentation();
    let all_ids = Memo::new(move |_| {
        state.outcome.with(|outcome| match outcome {
            Ok(artifacts) => artifacts.iter().map(|a| a.id).collect::<Vec<_>>(),
            Err(_) => Vec::new(),
        })
    });
    // Embedded, a host page may ask for some of the artifacts only.
    let ids = Memo::new(move |_| {
        all_ids.with(|ids| {
            ids.iter()
                .copied()
                .filter(|id| presentation.shows(id))
                .collect::<Vec<_>>()
        })
    });
    let missing = Memo::new(move |_| {
        all_ids.with(|ids| {
            if ids.is_empty() {
                Vec::new()
            } else {
                presentation.missing(ids)
            }
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
            <Show when=move || !missing.with(Vec::is_empty)>
                <p class="note" data-missing-artifacts=move || missing.get().join(",")>
                    "This page asks for artifacts this setup does not have: "
                    {move || missing.get().join(", ")}
                    "."
                </p>
            </Show>
            <Show when=move || !presentation.is_embedded()>
                <SetupActions />
            </Show>
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
