//! The page's entry point: replaces the static "Loading…" of `index.html` with the app.

fn main() {
    if let Some(boot) = leptos::prelude::document().get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(bucketrust_web::App);
}
