//! The linter's rules and the setup checks, rendered from their own docs: the same source as
//! docs/rules.md, so the page and the rules page never disagree.

use crate::nav::{rule_anchor, use_nav};
use crate::rich_text::rich_text;
use bucketrust_core::lint::{rules, Docs, Severity};
use bucketrust_core::{crosscheck, references};
use leptos::prelude::*;

/// One documented rule: a linter rule, whose examples are policies, or a setup check, whose
/// examples are excerpts of artifacts.
#[derive(Clone, Copy)]
struct Entry {
    code: &'static str,
    name: &'static str,
    severity: Severity,
    docs: Docs,
    /// The language of the examples.
    language: &'static str,
}

/// Every linter rule, then every setup check, in code order.
fn entries() -> Vec<Entry> {
    let lint = rules::all().iter().map(|r| Entry {
        code: r.code(),
        name: r.name(),
        severity: r.severity(),
        docs: r.docs(),
        language: "json",
    });
    let setup = crosscheck::rules().iter().map(|r| Entry {
        code: r.code,
        name: r.name,
        severity: r.severity,
        docs: r.docs,
        language: "text",
    });
    lint.chain(setup).collect()
}

#[component]
pub fn RulesView() -> impl IntoView {
    let nav = use_nav();
    let back_label = move || {
        nav.origin.get().map(|origin| match origin.view {
            crate::nav::View::Lint => "Back to your policy's findings",
            _ => "Back to the setup",
        })
    };
    view! {
        <section class="rules" aria-labelledby="rules-heading">
            <h2 id="rules-heading">"Linter rules"</h2>
            <p class="help">
                "Every finding has a stable code. Severities: " <span class="severity-badge severity-error">"error"</span>
                " IAM rejects the document, or it does not do what it says; "
                <span class="severity-badge severity-security-warning">"security-warning"</span>
                " it grants more than it should; " <span class="severity-badge severity-warning">"warning"</span>
                " probably a mistake; " <span class="severity-badge severity-suggestion">"suggestion"</span>
                " an improvement."
            </p>
            {move || {
                back_label()
                    .map(|label| {
                        view! {
                            <button type="button" class="back" on:click=move |_| nav.go_back()>
                                {label}
                            </button>
                        }
                    })
            }}
            <nav aria-label="Rules">
                <ul class="rule-index">
                    {entries()
                        .into_iter()
                        .map(|rule| {
                            let code = rule.code;
                            view! {
                                <li>
                                    <button type="button" class="rule-index-link" on:click=move |_| nav.show_rule(code)>
                                        <code>{code}</code>
                                        " "
                                        {rule.name}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            {entries().into_iter().map(|rule| view! { <RuleDocs rule /> }).collect_view()}
        </section>
    }
}

/// One rule: what it does, why it matters, an example, what to use instead, references.
#[component]
fn RuleDocs(rule: Entry) -> impl IntoView {
    let nav = use_nav();
    let code = rule.code;
    let docs = rule.docs;
    let severity = rule.severity.id();
    let language = format!("language-{}", rule.language);
    let anchor = rule_anchor(code);
    let heading_id = format!("{anchor}-heading");
    let labelled_by = heading_id.clone();
    let targeted = move || nav.rule.get() == Some(code);
    view! {
        <section
            class=format!("rule severity-{severity}")
            class:targeted=targeted
            id=anchor
            data-rule-code=code
            aria-labelledby=labelled_by
        >
            // Focused by script when a finding's link leads here, hence the tabindex.
            <h3 id=heading_id tabindex="-1">
                <code>{code}</code>
                " "
                {rule.name}
            </h3>
            <p class="rule-summary">
                <span class="severity-badge">{severity}</span>
                " "
                {rich_text(docs.summary)}
            </p>
            <h4>"What it does"</h4>
            <p>{rich_text(docs.what_it_does)}</p>
            <h4>"Why it matters"</h4>
            <p>{rich_text(docs.why_it_matters)}</p>
            <h4>"Example"</h4>
            <pre tabindex="0">
                <code class=language.clone()>{docs.example.trim()}</code>
            </pre>
            <h4>"Use instead"</h4>
            <pre tabindex="0">
                <code class=language>{docs.use_instead.trim()}</code>
            </pre>
            <h4>"References"</h4>
            <ul class="rule-references">
                {docs.references.iter().copied().map(reference).collect_view()}
            </ul>
        </section>
    }
}

/// A reference as a link to the page it cites (a new tab, so the rule stays where it was);
/// `crates/core/tests/references.rs` gives every reference a page.
fn reference(title: &'static str) -> impl IntoView {
    match references::url(title) {
        Some(url) => view! {
            <li>
                <a href=url target="_blank" rel="noopener">{rich_text(title)}</a>
            </li>
        }
        .into_any(),
        None => view! { <li>{rich_text(title)}</li> }.into_any(),
    }
}
