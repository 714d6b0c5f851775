//! The page's entry point: replaces the static "Loading…" of `index.html` with the app. The
//! same module runs in the lint worker (see `lint_worker`), where there is no window: there it
//! mounts nothing and only answers [`lint_outcome`].

use wasm_bindgen::prelude::wasm_bindgen;

fn main() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(boot) = document.get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(bucketrust_web::App);
}

/// The lint worker's one call: the findings of `text` checked as the kind whose id is `kind`
/// (empty to detect it), encoded for the page.
#[wasm_bindgen]
pub fn lint_outcome(text: &str, kind: &str) -> String {
    bucketrust_web::lint_worker::outcome(text, kind)
}

/// The lint worker's warm-up while it waits for its first text: one round, and whether to
/// call again (see `lint_worker::warm_up`).
#[wasm_bindgen]
pub fn lint_warm_up(round: u32) -> bool {
    bucketrust_web::lint_worker::warm_up(round)
}
