//! A list of linter findings, shared by the policy blocks of the setup and the lint view.

use crate::link::PageLink;
use crate::nav::{use_nav, View};
use crate::presentation::use_presentation;
use crate::rich_text::rich_text;
use bucketrust_core::lint::{Finding, Severity};
use leptos::prelude::*;

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
            <ul class="findings">
                {move || {
                    findings.with(|all| {
                        all.iter()
                            .take(LIST_AT_MOST)
                            .cloned()
                            .enumerate()
                            .map(|(index, finding)| view! { <FindingItem index finding go_to /> })
                            .collect_view()
                    })
                }}
            </ul>
            <Show when=move || findings.with(|f| f.len() > LIST_AT_MOST)>
                <p class="note findings-cut">
                    {move || format!(
                        "The first {LIST_AT_MOST} findings are listed; {} more are counted above.",
                        findings.with(Vec::len).saturating_sub(LIST_AT_MOST),
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
