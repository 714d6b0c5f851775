//! The link: the setup is mirrored into the URL fragment so that a link reopens the same
//! setup. The fragment is never sent to a server, so the setup never leaves the browser.

use crate::state::{starting_setup, SetupState};
use bucketrust_core::{RawSetup, SetupError};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The setup in the current URL fragment, with any unknown keys as errors. An empty setup
/// (no fragment, or only unknown keys) becomes the [`starting_setup`].
pub fn setup_from_link() -> (RawSetup, Vec<SetupError>) {
    let hash = window().location().hash().unwrap_or_default();
    let (raw, errors) = RawSetup::from_fragment(&hash);
    if raw == RawSetup::default() {
        (starting_setup(), errors)
    } else {
        (raw, errors)
    }
}

/// Keeps the fragment and the setup in step: every change of the setup replaces the
/// fragment, and a fragment the user pastes into the tab (a `hashchange`) replaces the setup.
pub fn mirror_into_link(state: SetupState) {
    Effect::new(move |_| {
        let fragment = state.raw.with(RawSetup::to_fragment);
        write_fragment(&fragment);
    });

    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        let (raw, errors) = setup_from_link();
        state.link_errors.set(errors);
        if state.raw.with_untracked(|current| *current != raw) {
            state.raw.set(raw);
        }
    });
    on_cleanup(move || listener.remove());
}

/// Replaces the fragment with `fragment` (without `#`). `replaceState` keeps typing from
/// filling the history with one entry per keystroke, and it does not fire `hashchange`, so
/// writing the fragment never feeds back into the setup.
fn write_fragment(fragment: &str) {
    let window = window();
    let location = window.location();
    let current = location.hash().unwrap_or_default();
    if current.strip_prefix('#').unwrap_or(&current) == fragment {
        return;
    }
    let url = if fragment.is_empty() {
        // A bare `#` would linger in the address bar; the path alone drops the fragment.
        format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        )
    } else {
        format!("#{fragment}")
    };
    if let Ok(history) = window.history() {
        // A refusal (for example in a sandboxed frame) only costs the shareable link; the page
        // keeps working, so there is nothing more useful to do with the error.
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}
