//! The generated artifacts, one block each, or what stands between the setup and them.

use crate::copy_button::CopyButton;
use crate::findings::FindingList;
use crate::policy_explained::{AlternativeSwitch, PolicySummaryTable};
use crate::presentation::use_presentation;
use crate::setup_actions::SetupActions;
use crate::setup_checks::SetupChecks;
use crate::state::use_setup;
use bucketrust_core::bundle::{self, Place};
use bucketrust_core::Field;
use leptos::prelude::*;

#[component]
pub fn Outputs() -> impl IntoView {
    let state = use_setup();
    let presentation = use_presentation();
    let all_ids = Memo::new(move |_| {
        state.shown.with(|shown| {
            shown
                .as_ref()
                .map(|a| a.iter().map(|a| a.id).collect::<Vec<_>>())
                .unwrap_or_default()
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
    let stale = state.stale;
    view! {
        <section class="outputs" id="outputs" aria-labelledby="outputs-heading">
            <h2 id="outputs-heading" tabindex="-1">
                "Generated setup"
            </h2>
            <OutputsStatus />
            <Show when=move || !missing.with(Vec::is_empty)>
                <p class="note" data-missing-artifacts=move || missing.get().join(",")>
                    "This page asks for artifacts this setup does not have: "
                    {move || missing.get().join(", ")}
                    "."
                </p>
            </Show>
            <Show when=move || !presentation.is_embedded()>
                <SetupActions />
                <ArtifactIndex ids />
            </Show>
            // Outputs of the last valid setup stay in place, dimmed and out of reach (inert:
            // no copying a command the form no longer says), so nothing jumps while typing.
            <div class="artifact-list" class:stale=move || stale.get() inert=move || stale.get()>
                <SetupChecks />
                <For each=move || ids.get() key=|id| *id children=|id| view! { <ArtifactBlock id /> } />
            </div>
        </section>
    }
}

/// What stands between the setup and its outputs: before any valid setup, how many problems
/// are left; while the setup has an error, a banner over the last valid outputs naming the
/// field to fix. Both offer to show every problem. The line is a live region, so a screen
/// reader hears the count change and the outputs go out of date or back.
#[component]
fn OutputsStatus() -> impl IntoView {
    let state = use_setup();
    let count = Memo::new(move |_| state.problem_count());
    let first = Memo::new(move |_| state.first_invalid_field());
    let artifacts = Memo::new(move |_| state.shown.with(|s| s.as_ref().map_or(0, Vec::len)));
    let reveal = move |_| {
        state.reveal_all.set(true);
        if let Some(field) = first.get_untracked() {
            request_animation_frame(move || crate::nav::focus_by_id(field.key()));
        }
    };
    let problems = move || {
        count.get().map(|n| {
            if n == 1 {
                "1 problem".to_owned()
            } else {
                format!("{n} problems")
            }
        })
    };
    view! {
        <div class="outputs-status" role="status" aria-live="polite">
            {move || match (count.get(), state.stale.get()) {
                (None, _) => view! {
                    <p class="outputs-current">{move || format!("{} artifacts, up to date with the form.", artifacts.get())}</p>
                }
                .into_any(),
                (Some(_), false) => view! {
                    <p class="outputs-pending">
                        "The policies, commands and manifests appear here once the setup is complete: "
                        {problems}
                        " to fix in the form. "
                        <button type="button" class="action reveal-problems" on:click=reveal>
                            "Show the problems"
                        </button>
                    </p>
                }
                .into_any(),
                (Some(_), true) => view! {
                    <p class="stale-banner">
                        <strong>"Out of date: "</strong>
                        "these are the outputs of the last complete setup. Fix "
                        <em>{move || first.get().map(Field::label).unwrap_or("the setup")}</em>
                        {move || match count.get() {
                            Some(n) if n > 1 => format!(" ({n} problems in all)"),
                            _ => String::new(),
                        }}
                        " to update them. "
                        <button type="button" class="action reveal-problems" on:click=reveal>
                            "Show the problems"
                        </button>
                    </p>
                }
                .into_any(),
            }}
        </div>
    }
}

/// The artifacts in order with their step numbers, as the bundle's README numbers them; each
/// entry moves to its block (a button, since the link's fragment holds the setup).
#[component]
fn ArtifactIndex(ids: Memo<Vec<&'static str>>) -> impl IntoView {
    let state = use_setup();
    let entries = Memo::new(move |_| {
        state.shown.with(|shown| {
            let Some(artifacts) = shown else {
                return Vec::new();
            };
            let places = bundle::places(artifacts);
            artifacts
                .iter()
                .zip(places)
                .filter(|(a, _)| ids.with(|ids| ids.contains(&a.id)))
                .map(|(a, place)| (a.id, a.title, place_label(place)))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Show when=move || !entries.with(Vec::is_empty)>
            <nav class="artifact-index" aria-label="Artifacts">
                <h3>"In this setup"</h3>
                <ol>
                    <For
                        each=move || entries.get()
                        key=|entry| entry.clone()
                        children=|(id, title, place)| {
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="index-entry"
                                        data-index-for=id
                                        on:click=move |_| crate::nav::focus_by_id(&format!("artifact-{id}"))
                                    >
                                        <span class="index-place">{place}</span>
                                        <span class="index-title">{title}</span>
                                    </button>
                                </li>
                            }
                        }
                    />
                </ol>
            </nav>
        </Show>
    }
}

/// How the list and a block's header name an artifact's place.
fn place_label(place: Place) -> String {
    match place {
        Place::Step(n) => format!("Step {n}"),
        Place::InsteadOf(n) => format!("Or step {n}"),
        Place::Teardown(n) => format!("Tear-down {n}"),
        Place::TeardownInsteadOf(n) => format!("Or tear-down {n}"),
        Place::Policy => "Policy".to_owned(),
    }
}

/// One artifact, and under a policy its linter findings. It is keyed by id, so typing updates
/// the text in place instead of rebuilding the block (scroll positions and the copy state
/// survive).
#[component]
fn ArtifactBlock(id: &'static str) -> impl IntoView {
    let state = use_setup();
    let artifact = Memo::new(move |_| {
        state
            .shown
            .with(|shown| shown.as_ref().and_then(|all| all.iter().find(|a| a.id == id).cloned()))
    });
    let place = Memo::new(move |_| {
        state.shown.with(|shown| {
            let all = shown.as_deref().unwrap_or_default();
            let places = bundle::places(all);
            all.iter()
                .zip(places)
                .find(|(a, _)| a.id == id)
                .map(|(_, p)| place_label(p))
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
                <span class="artifact-place">{move || place.get()}</span>
                <h3 id=heading_id tabindex="-1">{field(|a| a.title.to_owned())}</h3>
                <span class="artifact-language">{field(|a| a.language.id().to_owned())}</span>
                <CopyButton content />
            </header>
            // The block scrolls sideways, so it takes focus to be scrollable by keyboard.
            <pre tabindex="0">
                <code class=field(|a| format!("language-{}", a.language.id()))>{move || content.get()}</code>
            </pre>
            <Show when=move || findings.with(Option::is_some)>
                <PolicySummaryTable content heading_id=format!("artifact-{id}-summary") />
                <AlternativeSwitch id />
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
