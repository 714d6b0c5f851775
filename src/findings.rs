//! A list of linter findings, shared by the policy blocks of the setup and the lint view.

use crate::link::PageLink;
use crate::nav::{use_nav, View};
use crate::presentation::use_presentation;
use crate::rich_text::rich_text;
use bucketrust_core::explain::GroupKind;
use bucketrust_core::lint::{Finding, Severity};
use leptos::prelude::*;

/// The group's id in classes and data attributes.
fn group_id(kind: GroupKind) -> &'static str {
    match kind {
        GroupKind::Security => "security",
        GroupKind::Errors => "errors",
        GroupKind::Warnings => "warnings",
        GroupKind::Suggestions => "suggestions",
    }
}

/// At most this many findings are listed: past it, a list of thousands (a pasted megabyte of
/// mistakes) would cost the page more than it tells the reader.
const LIST_AT_MOST: usize = 500;

/// The findings as a list, each with its severity, place, message, help and a button to its
/// rule's documentation. With `go_to`, the place and message form a button that calls it
/// with the finding's index (the lint view moves the textarea's cursor there); without it
/// they are plain text, since a generated block has no cursor to move.
#[component]
pub fn FindingList(
    findings: Signal<Vec<Finding>>,
    /// Said when the list is empty.
    clean: &'static str,
    #[prop(optional)] go_to: Option<Callback<usize>>,
) -> impl IntoView {
    view! {
        <p class="lint-summary" aria-live="polite">
            {move || findings.with(|f| if f.is_empty() { clean.to_owned() } else { summary(f) })}
        </p>
        <Show when=move || !findings.with(Vec::is_empty)>
            // Grouped as the console groups Access Analyzer's findings, with counts; each
            // finding keeps its index in the list, which `go_to` takes.
            <p class="group-counts">
                {move || {
                    findings.with(|all| {
                        GroupKind::ALL
                            .iter()
                            .map(|kind| {
                                let n = all.iter().filter(|f| GroupKind::of(f.severity) == *kind).count();
                                view! {
                                    <span class=format!("group-count group-{}", group_id(*kind)) data-group=group_id(*kind) data-count=n>
                                        {format!("{} {n}", kind.label())}
                                    </span>
                                }
                            })
                            .collect_view()
                    })
                }}
            </p>
            {move || {
                findings.with(|all| {
                    GroupKind::ALL
                        .iter()
                        .filter_map(|kind| {
                            let members: Vec<(usize, Finding)> = all
                                .iter()
                                .enumerate()
                                .filter(|(_, f)| GroupKind::of(f.severity) == *kind)
                                .take(LIST_AT_MOST)
                                .map(|(i, f)| (i, f.clone()))
                                .collect();
                            if members.is_empty() {
                                return None;
                            }
                            Some(view! {
                                // Not a heading: the list sits under an h4 in a policy block and an
                                // h2 in the lint view, so no one level would fit both.
                                <div class="finding-group" data-group=group_id(*kind) role="group" aria-label=kind.label()>
                                    <p class="finding-group-heading">{format!("{} ({})", kind.label(), members.len())}</p>
                                    <ul class="findings">
                                        {members
                                            .into_iter()
                                            .map(|(index, finding)| view! { <FindingItem index finding go_to /> })
                                            .collect_view()}
                                    </ul>
                                </div>
                            })
                        })
                        .collect_view()
                })
            }}
            <Show when=move || {
                findings.with(|all| GroupKind::ALL.iter().any(|k| all.iter().filter(|f| GroupKind::of(f.severity) == *k).count() > LIST_AT_MOST))
            }>
                <p class="note findings-cut">
                    {move || format!(
                        "At most {LIST_AT_MOST} findings of each group are listed; {} more are counted above.",
                        findings.with(|all| {
                            GroupKind::ALL
                                .iter()
                                .map(|k| all.iter().filter(|f| GroupKind::of(f.severity) == *k).count().saturating_sub(LIST_AT_MOST))
                                .sum::<usize>()
                        }),
                    )}
                </p>
            </Show>
        </Show>
    }
}

#[component]
fn FindingItem(index: usize, finding: Finding, go_to: Option<Callback<usize>>) -> impl IntoView {
    let severity = finding.severity.id();
    let code = finding.code;
    let place = format!("{}:{}", finding.line, finding.column);
    let head = view! {
        <span class="finding-place">{place.clone()}</span>
        <span class="finding-message">{rich_text(&finding.message)}</span>
    };
    let head = match go_to {
        Some(go_to) => view! {
            <button
                type="button"
                class="finding-go"
                title=format!("Go to line {}, column {}", finding.line, finding.column)
                on:click=move |_| go_to.run(index)
            >
                {head}
            </button>
        }
        .into_any(),
        None => view! { <span class="finding-at">{head}</span> }.into_any(),
    };
    view! {
        <li
            class=format!("finding severity-{severity}")
            data-code=code
            data-severity=severity
            data-line=finding.line
            data-column=finding.column
        >
            <div class="finding-head">
                <span class="severity-badge">{severity}</span>
                {head}
            </div>
            <p class="finding-help">{rich_text(&finding.help)}</p>
            <RuleLink code name=finding.name />
        </li>
    }
}

/// The button that shows a rule's (or setup check's) docs in the rules view. An embedded page
/// has no rules view: there it is a link that opens the rule on the full page, in a new tab.
#[component]
pub fn RuleLink(code: &'static str, name: &'static str) -> impl IntoView {
    let nav = use_nav();
    let presentation = use_presentation();
    let link = expect_context::<PageLink>();
    let label = format!("Rule {code} {name}: what it checks and why");
    move || {
        if presentation.is_embedded() {
            view! {
                <a
                    class="rule-link"
                    href=move || link.full_page_url(View::Rules, Some(code))
                    target="_blank"
                    rel="noopener"
                    aria-label=label.clone()
                >
                    {format!("{code} {name}")}
                </a>
            }
            .into_any()
        } else {
            view! {
                <button type="button" class="rule-link" aria-label=label.clone() on:click=move |_| nav.show_rule(code)>
                    {format!("{code} {name}")}
                </button>
            }
            .into_any()
        }
    }
}

/// "3 findings: 1 error, 2 warnings": the count, then the count of each severity present,
/// worst first.
fn summary(findings: &[Finding]) -> String {
    let parts: Vec<String> = Severity::counts(findings)
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(severity, n)| format!("{n} {}{}", severity.words(), if *n == 1 { "" } else { "s" }))
        .collect();
    let total = findings.len();
    let noun = if total == 1 { "finding" } else { "findings" };
    format!("{total} {noun}: {}", parts.join(", "))
}
