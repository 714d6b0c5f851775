//! The setup checks' panel: what each check compared across the artifacts, and every
//! mismatch it found, linked to its rule's docs.

use crate::findings::RuleLink;
use crate::rich_text::rich_text;
use crate::state::use_setup;
use bucketrust_core::crosscheck::{CheckSummary, SetupFinding};
use leptos::prelude::*;

#[component]
pub fn SetupChecks() -> impl IntoView {
    let state = use_setup();
    let report = state.setup_checks;
    view! {
        <Show when=move || report.with(Option::is_some)>
            <section class="setup-checks" aria-labelledby="setup-checks-heading">
                <h3 id="setup-checks-heading">"Setup checks"</h3>
                <p class="lint-summary" aria-live="polite">
                    {move || {
                        report
                            .with(|r| r.as_ref().map(|r| r.findings.len()))
                            .map(|n| match n {
                                0 => "The artifacts agree with each other.".to_owned(),
                                1 => "1 mismatch between the artifacts.".to_owned(),
                                n => format!("{n} mismatches between the artifacts."),
                            })
                    }}
                </p>
                <p
                    class="backups-verdict"
                    data-backups-on=move || report.with(|r| r.as_ref().is_some_and(|r| r.backups_on())).to_string()
                >
                    {move || {
                        if report.with(|r| r.as_ref().is_some_and(|r| r.backups_on())) {
                            "Backups are on: the setup creates what makes the backup system write to the bucket (BR706)."
                        } else {
                            "Backups are not on: nothing in the setup makes the backup system write to the bucket yet (BR706)."
                        }
                    }}
                </p>
                // Each list borrows the report and copies only its own entries.
                <ul class="findings">
                    {move || report.with(|r| r.as_ref().map(|r| r.findings.clone())).map(|findings| {
                        findings.into_iter().map(|finding| view! { <Mismatch finding /> }).collect_view()
                    })}
                </ul>
                <ul class="setup-check-list">
                    {move || report.with(|r| r.as_ref().map(|r| r.checks.clone())).map(|checks| {
                        checks.into_iter().map(|check| view! { <CheckLine check /> }).collect_view()
                    })}
                </ul>
            </section>
        </Show>
    }
}

/// One check: its code (a link to its docs), what it checks and how much it compared.
#[component]
fn CheckLine(check: CheckSummary) -> impl IntoView {
    let code = check.code;
    let compared = match check.compared {
        0 => "nothing to compare in this setup".to_owned(),
        1 => "1 compared".to_owned(),
        n => format!("{n} compared"),
    };
    view! {
        <li data-code=code data-compared=check.compared title=check.summary>
            <RuleLink code name=check.name />
            " "
            <span class="setup-check-count">{compared}</span>
        </li>
    }
}

#[component]
fn Mismatch(finding: SetupFinding) -> impl IntoView {
    let severity = finding.severity.id();
    let code = finding.code;
    view! {
        <li class=format!("finding severity-{severity}") data-code=code data-artifact=finding.artifact>
            <div class="finding-head">
                <span class="severity-badge">{severity}</span>
                <span class="finding-at">
                    <span class="finding-place">{finding.artifact}</span>
                    <span class="finding-message">{rich_text(&finding.message)}</span>
                </span>
            </div>
            <p class="finding-help">{rich_text(&finding.help)}</p>
            <RuleLink code name=finding.name />
        </li>
    }
}
