//! What the user can take away from the setup as a whole: every file as a zip, every step as
//! one script, and the link.

use crate::copy_button::CopyButton;
use crate::download;
use crate::link::PageLink;
use crate::state::use_setup;
use leptos::prelude::*;

#[component]
pub fn SetupActions() -> impl IntoView {
    let state = use_setup();
    let link = expect_context::<PageLink>();
    let valid = Memo::new(move |_| state.outcome.with(Result::is_ok));
    let download_failure = RwSignal::new(None::<&'static str>);
    let download_all = move |_| {
        let result = state
            .bundle()
            .ok_or("The setup is not complete yet.")
            .and_then(|(folder, files)| download::download_zip(&folder, &files));
        download_failure.set(result.err());
    };
    view! {
        <div class="setup-actions" role="group" aria-label="The whole setup">
            <Show when=move || valid.get()>
                <button
                    type="button"
                    class="action download-all"
                    title="The policies, numbered scripts, manifests and a README of the steps, as a zip"
                    on:click=download_all
                >
                    "Download all"
                </button>
                <CopyButton content=Signal::derive(move || state.one_script()) label="Copy as one script" />
            </Show>
            <CopyButton content=Signal::derive(move || link.url()) label="Copy link" />
            <span class="copy-status" aria-live="polite">
                {move || download_failure.get().map(|reason| view! { <span class="error">{reason}</span> })}
            </span>
        </div>
    }
}
