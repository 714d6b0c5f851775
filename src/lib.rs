//! The bucketrust page: a client-side Leptos app that turns a backup setup into the IAM
//! policies, commands and manifests that let a Kubernetes backup system reach an S3 bucket.
//!
//! Everything runs in the browser. The setup lives in one `RwSignal<RawSetup>` (see
//! [`state`]); validation and generation are memos over it that call `bucketrust-core`, so the
//! page and the CLI print byte-for-byte the same artifacts. The only outside world the page
//! talks to is its own URL fragment and, on request, the clipboard.

mod clipboard;
mod form;
mod link;
mod outputs;
mod rich_text;
mod state;

use leptos::prelude::*;

pub use state::SetupState;

/// The whole page: a header, the setup form and the generated outputs.
#[component]
pub fn App() -> impl IntoView {
    let (raw, link_errors) = link::setup_from_link();
    let state = SetupState::new(raw, link_errors);
    provide_context(state);
    link::mirror_into_link(state);

    view! {
        <header class="site-header">
            <div class="site-header-inner">
                <h1>"bucketrust"</h1>
                <p class="tagline">
                    "IAM policies, commands and Kubernetes manifests that let a backup system reach an S3 bucket."
                </p>
                <p class="privacy">
                    "Everything is computed in this page. What you type stays in your browser and in this page's link, after the "
                    <code>"#"</code>
                    ", which browsers never send to a server: share the link to share the setup."
                </p>
            </div>
        </header>
        <main class="layout">
            <form::SetupForm />
            <outputs::Outputs />
        </main>
    }
}
