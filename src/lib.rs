//! The bucketrust page: a client-side Leptos app that turns a backup setup into the IAM
//! policies, commands and manifests that let a Kubernetes backup system reach an S3 bucket.
//!
//! Everything runs in the browser. The setup lives in one `RwSignal<RawSetup>` (see
//! [`state`]); validation and generation are memos over it that call `bucketrust-core`, so the
//! page and the CLI print byte-for-byte the same artifacts. The policies are linted by the
//! core's linter too, and a second view lints a policy the user pastes (see [`lint_view`]),
//! which stays in memory only. The only outside world the page talks to is its own URL
//! fragment (the setup, then the view and the embed options), the tab's title, on request the
//! clipboard and a `blob:` download, and, embedded in another page's frame, that frame's
//! parent, to which it posts its height (see [`presentation`]).

mod clipboard;
mod copy_button;
mod download;
mod findings;
mod form;
mod link;
mod lint_view;
pub mod lint_worker;
mod nav;
mod outputs;
mod policy_explained;
mod presentation;
mod rich_text;
mod rules;
mod setup_actions;
mod setup_checks;
mod state;

use leptos::prelude::*;
use nav::{Nav, View, ViewUi};
use presentation::Presentation;

pub use presentation::HEIGHT_MESSAGE;
pub use state::SetupState;

/// The whole page, as its link says: the full page (a header, the view tabs and the views:
/// the setup form with the generated outputs, the linter for a pasted policy, and the
/// linter's rules), or, embedded in another page's frame, the form and the outputs alone.
#[component]
pub fn App() -> impl IntoView {
    let link = link::read_link();
    let state = SetupState::new(link.raw, link.setup_errors, link.key_problems);
    let nav = Nav::new();
    nav.follow_link(link.keys.view, link.keys.rule);
    let presentation = Presentation::new(&link.keys);
    provide_context(state);
    provide_context(nav);
    provide_context(presentation);
    provide_context(link::mirror_into_link(state, nav, presentation));
    presentation::sync_document(presentation, state, nav);
    provide_context(state::LintState::new());

    move || {
        if presentation.is_embedded() {
            view! { <EmbeddedPage /> }.into_any()
        } else {
            view! { <FullPage /> }.into_any()
        }
    }
}

#[component]
fn FullPage() -> impl IntoView {
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
                <CommandLine />
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

/// The same setup from a terminal: the CLI (built from the same core, so its files are the
/// page's byte for byte) reads the setup as a JSON file, which this copies. It is text in the
/// page, not a link: the page cannot know where its README is hosted.
#[component]
fn CommandLine() -> impl IntoView {
    let state = state::use_setup();
    let setup_file = Signal::derive(move || state.raw.with(bucketrust_core::RawSetup::to_json));
    view! {
        <details class="command-line">
            <summary>"Use it from the command line"</summary>
            <p>
                "The "
                <code>"bucketrust"</code>
                " CLI (see the README's “The CLI” section: "
                <code>"cargo build --profile cli --bin bucketrust"</code>
                ") prints the same artifacts, lints policies and writes the files of Download all. Save this setup as "
                <code>"setup.json"</code>
                ", then run "
                <code>"bucketrust generate setup.json --out my-setup"</code>
                "."
            </p>
            <copy_button::CopyButton content=setup_file label="Copy setup.json" />
        </details>
    }
}

/// The page in another page's frame: no header and no tabs, the fields the scenario needs
/// (those the host set read-only), the artifacts it asks for, and a link to the full page.
#[component]
fn EmbeddedPage() -> impl IntoView {
    let link = expect_context::<link::PageLink>();
    view! {
        <div class="embed-bar">
            <p class="embed-note">"Computed in this frame by bucketrust: what you type stays in your browser."</p>
            <a
                class="open-full"
                href=move || link.full_page_url(View::Setup, None)
                target="_blank"
                rel="noopener"
            >
                "Open in bucketrust"
            </a>
        </div>
        <main class="layout embed-layout">
            <form::SetupForm />
            <outputs::Outputs />
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
