//! Placeholder entry point; the page components replace it.
use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| view! { <main><h1>"bucketrust"</h1></main> });
}
