//! Under each generated policy: what it allows in words (the core's summary, one row per
//! statement and service, as the console's policy summary), and for a policy with an
//! alternative, the diff of the two and the switch that makes the scripts use the other.

use crate::rich_text::rich_text;
use crate::state::use_setup;
use bucketrust_core::explain::{self, LineChange, PolicyDiff, PolicySummary, StatementSummary};
use bucketrust_core::{Artifact, Field};
use leptos::prelude::*;

/// The summary table of the policy `content`.
#[component]
pub fn PolicySummaryTable(content: Signal<String>, heading_id: String) -> impl IntoView {
    let summary = Memo::new(move |_| content.with(|text| explain::summarize(text).ok()));
    let levels = Memo::new(move |_| {
        summary.with(|s| {
            s.as_ref()
                .map(|s| {
                    explain::allowed_access_levels(s)
                        .into_iter()
                        .map(|l| l.label())
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default()
        })
    });
    view! {
        <Show when=move || summary.with(Option::is_some)>
            <details class="policy-summary" open=true>
                <summary>
                    <span id=heading_id.clone()>"What this policy allows"</span>
                    <Show when=move || !levels.with(String::is_empty)>
                        <span class="summary-levels">{move || format!(" · access levels: {}", levels.get())}</span>
                    </Show>
                </summary>
                // Scrolls sideways on a narrow screen, so it takes focus to scroll by keyboard.
                <div class="summary-scroll" tabindex="0" role="group" aria-labelledby=heading_id.clone()>
                    <table class="summary-table" aria-labelledby=heading_id.clone()>
                        <thead>
                            <tr>
                                <th scope="col">"Statement"</th>
                                <th scope="col">"Effect"</th>
                                <th scope="col">"Service"</th>
                                <th scope="col">"Access level"</th>
                                <th scope="col">"Actions"</th>
                                <th scope="col">"Resources"</th>
                                <th scope="col">"Conditions"</th>
                            </tr>
                        </thead>
                        <tbody>{move || summary.get().map(|s| rows(&s))}</tbody>
                    </table>
                </div>
            </details>
        </Show>
    }
}

/// One row per statement and service; a statement's principal, resources, conditions and
/// notes repeat on each of its rows, so a row reads on its own.
fn rows(summary: &PolicySummary) -> impl IntoView {
    summary
        .statements
        .iter()
        .enumerate()
        .flat_map(|(index, statement)| {
            let services: Vec<_> = if statement.actions.services.is_empty() {
                vec![None]
            } else {
                statement.actions.services.iter().map(Some).collect()
            };
            services
                .into_iter()
                .map(move |service| row(index, statement, service))
                .collect::<Vec<_>>()
        })
        .collect_view()
}

fn row(
    index: usize,
    statement: &StatementSummary,
    service: Option<&explain::summary::ServiceSummary>,
) -> impl IntoView {
    let name = statement.sid.clone().unwrap_or_else(|| format!("#{}", index + 1));
    let negated = if statement.actions.negated {
        "every action except: "
    } else {
        ""
    };
    let (service_name, levels, actions) = match service {
        Some(s) => {
            let shown = s
                .name
                .map_or_else(|| s.prefix.clone(), |n| format!("{n} ({})", s.prefix));
            let levels = if !s.known {
                "not in the catalog".to_owned()
            } else if s.full_access {
                "full access".to_owned()
            } else {
                s.access_levels.iter().map(|l| l.label()).collect::<Vec<_>>().join(", ")
            };
            let actions = s
                .actions
                .iter()
                .map(|a| match a.expands_to {
                    Some(n) => format!("{} ({n} actions)", a.written),
                    None => a.written.clone(),
                })
                .collect::<Vec<_>>()
                .join(", ");
            (shown, levels, format!("{negated}{actions}"))
        }
        None => (String::from("—"), String::new(), String::new()),
    };
    let resources = statement.resources.as_ref().map_or_else(
        || {
            statement.principals.as_ref().map_or_else(String::new, |p| {
                let words = p
                    .principals
                    .iter()
                    .map(|p| p.words.clone())
                    .collect::<Vec<_>>()
                    .join("; ");
                if p.negated {
                    format!("principals other than: {words}")
                } else {
                    format!("principals: {words}")
                }
            })
        },
        |r| {
            // The ARN as written, then what it means when the words say more than it.
            let words = r
                .resources
                .iter()
                .map(|r| {
                    if r.words.is_empty() || r.words.contains(&r.written) {
                        r.words.clone()
                    } else {
                        format!("`{}` ({})", r.written, r.words)
                    }
                })
                .collect::<Vec<_>>()
                .join("; ");
            if r.negated {
                format!("every resource except: {words}")
            } else {
                words
            }
        },
    );
    let conditions = statement
        .conditions
        .iter()
        .map(|c| c.words.clone())
        .chain(statement.notes.iter().cloned())
        .collect::<Vec<_>>();
    view! {
        <tr class=format!("effect-{}", statement.effect.to_ascii_lowercase())>
            <td>{name}</td>
            <td>{statement.effect.clone()}</td>
            <td>{service_name}</td>
            <td>{levels}</td>
            <td class="summary-actions">{actions}</td>
            <td class="summary-resources">{rich_text(&resources)}</td>
            <td>
                {if conditions.is_empty() {
                    view! { <span class="muted">"none"</span> }.into_any()
                } else {
                    view! { <ul>{conditions.into_iter().map(|c| view! { <li>{rich_text(&c)}</li> }).collect_view()}</ul> }.into_any()
                }}
            </td>
        </tr>
    }
}

/// Under a policy that may replace the one the scripts use: what choosing it changes, and the
/// switch that makes the scripts, the checks and the downloads use it.
#[component]
pub fn AlternativeSwitch(id: &'static str) -> impl IntoView {
    let state = use_setup();
    // The pair (the policy the scripts use, this alternative), while this block is one. The
    // diff follows the two texts rather than every artifact: a keystroke that changes other
    // artifacts only (a trust policy naming the cluster) does not diff the pair again, which
    // took about 0.5 ms of such a keystroke in the heaviest example.
    let texts = Memo::new(move |_| {
        state.shown.with(|shown| {
            let artifacts: &[Artifact] = shown.as_deref().unwrap_or_default();
            explain::alternatives(artifacts)
                .into_iter()
                .find(|(_, alternative)| alternative.id == id)
                .map(|(used, alternative)| (used.title, used.content.clone(), alternative.content.clone()))
        })
    });
    let pair = Memo::new(move |_| {
        texts.with(|texts| {
            texts
                .as_ref()
                .map(|(title, used, alternative)| (*title, explain::diff(used, alternative)))
        })
    });
    let hardened_on = Memo::new(move |_| state.raw.with(|raw| raw.get(Field::Hardened) == Some("true")));
    let switch = move |_| {
        let next = if hardened_on.get_untracked() { "false" } else { "true" };
        state.raw.update(|raw| raw.set(Field::Hardened, next));
    };
    view! {
        <Show when=move || pair.with(Option::is_some)>
            <div class="alternative-switch">
                <p>
                    {move || {
                        if hardened_on.get() {
                            "The scripts use the hardened policy; this is the vendor's documented one."
                        } else {
                            "The scripts use the vendor's documented policy; this hardened one may replace it."
                        }
                    }}
                    " "
                    <button type="button" class="action use-alternative" on:click=switch>
                        {move || {
                            if hardened_on.get() {
                                "Use the documented policy in the scripts"
                            } else {
                                "Use this policy in the scripts"
                            }
                        }}
                    </button>
                </p>
                {move || pair.get().map(|(used_title, diff)| view! { <DiffView used_title diff /> })}
            </div>
        </Show>
    }
}

#[component]
fn DiffView(used_title: &'static str, diff: PolicyDiff) -> impl IntoView {
    let heading = format!(
        "Compared with “{used_title}”: {} lines added, {} removed",
        diff.added, diff.removed
    );
    view! {
        <details class="policy-diff">
            <summary>{heading}</summary>
            <pre class="diff" tabindex="0">
                {diff
                    .hunks
                    .into_iter()
                    .enumerate()
                    .map(|(i, hunk)| {
                        let separator = (i > 0).then(|| view! { <span class="diff-gap">"⋯\n"</span> });
                        view! {
                            {separator}
                            {hunk
                                .lines
                                .into_iter()
                                .map(|line| {
                                    let (class, mark) = match line.change {
                                        LineChange::Added => ("diff-added", "+ "),
                                        LineChange::Removed => ("diff-removed", "- "),
                                        LineChange::Equal => ("diff-equal", "  "),
                                    };
                                    view! { <span class=class>{format!("{mark}{}\n", line.text.trim_end_matches('\n'))}</span> }
                                })
                                .collect_view()}
                        }
                    })
                    .collect_view()}
            </pre>
        </details>
    }
}
