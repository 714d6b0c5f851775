//! The copy button of a block of text, with what it says after a click.

use crate::clipboard;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// How long the copy button says "Copied".
const COPIED_FOR: Duration = Duration::from_millis(2000);

#[derive(Clone, Copy, PartialEq, Eq)]
enum CopyState {
    Idle,
    Copied,
    Failed(&'static str),
}

/// A button that copies `content` (read when clicked) and says "Copied" for a moment, or why
/// the browser refused.
#[component]
pub fn CopyButton(
    content: Signal<String>,
    /// What the button says before and after a copy.
    #[prop(default = "Copy")]
    label: &'static str,
) -> impl IntoView {
    let status = RwSignal::new(CopyState::Idle);
    // Counts clicks so that the reset timer of an earlier click does not cut a later
    // "Copied" short.
    let clicks = StoredValue::new(0_u64);
    let copy = move |_| {
        let text = content.get_untracked();
        clicks.update_value(|n| *n += 1);
        let click = clicks.get_value();
        spawn_local(async move {
            let result = clipboard::write_text(&text).await;
            // The block may have been removed while the promise was pending; `try_set` then
            // does nothing instead of touching a disposed signal.
            status.try_set(match result {
                Ok(()) => CopyState::Copied,
                Err(reason) => CopyState::Failed(reason),
            });
            set_timeout(
                move || {
                    if clicks.try_get_value() == Some(click) {
                        status.try_set(CopyState::Idle);
                    }
                },
                COPIED_FOR,
            );
        });
    };
    let failure = move || match status.get() {
        CopyState::Failed(reason) => Some(reason),
        _ => None,
    };
    view! {
        <button type="button" class="copy" class:copied=move || status.get() == CopyState::Copied on:click=copy>
            {move || if status.get() == CopyState::Copied { "Copied" } else { label }}
        </button>
        <span class="copy-status" aria-live="polite">
            {move || failure().map(|reason| view! { <span class="error">{reason}</span> })}
        </span>
    }
}
