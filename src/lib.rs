//! The bucketrust page: a client-side Leptos app that turns a backup setup into the IAM
//! policies, commands and manifests that let a Kubernetes backup system reach an S3 bucket.
//!
//! Everything runs in the browser. The setup lives in one `RwSignal<RawSetup>` (see
//! [`state`]); validation and generation are memos over it that call `bucketrust-core`, so the
//! page and the CLI print byte-for-byte the same artifacts. The policies are linted by the
//! core's linter too, and a second view lints a policy the user pastes (see [`lint_view`]),
//! which stays in memory only. The only outside world the page talks to is its own URL
//! fragment and, on request, the clipboard.

mod clipboard;
mod findings;
mod form;
mod link;
mod lint_view;
mod nav;
mod outputs;
mod rich_text;
mod rules;
mod setup_checks;
mod state;

use leptos::prelude::*;
use nav::{Nav, View};

pub use state::SetupState;

/// The whole page: a header, the view tabs, and the views: the setup form with the generated
/// outputs, the linter for a pasted policy, and the linter's rules.
#[component]
pub fn App() -> impl IntoView {
    let (raw, link_errors) = link::setup_from_link();
    let state = SetupState::new(raw, link_errors);
    provide_context(state);
    link::mirror_into_link(state);
    provide_context(state::LintState::new());
    provide_context(Nav::new());

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
        <nav::ViewTabs />
        <main>
            <ViewPanel view=View::Setup class="layout">
                <form::SetupForm />
                <outputs::Outputs />
            </ViewPanel>
            <ViewPanel view=View::Lint class="view">
                <lint_view::LintView />
            </ViewPanel>
            <ViewPanel view=View::Rules class="view">
                <rules::RulesView />
            </ViewPanel>
        </main>
    }
}

/// One view's panel, labelled by its tab; every view stays mounted and only the open one is
/// shown, so switching views keeps what the user typed.
#[component]
fn ViewPanel(view: View, class: &'static str, children: Children) -> impl IntoView {
    let nav = nav::use_nav();
    let hidden = move || nav.view.get() != view;
    view! {
        <div id=view.panel_id() class=class role="tabpanel" aria-labelledby=view.tab_id() hidden=hidden>
            {children()}
        </div>
    }
}
