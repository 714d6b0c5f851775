//! Help texts and error messages mark code with backticks; the page shows it as `<code>`.

use leptos::prelude::*;

/// `text` with every balanced `` `…` `` span rendered as `<code>`. With an odd number of
/// backticks (a user value containing one) the text is shown exactly as written instead.
pub fn rich_text(text: &str) -> AnyView {
    let parts: Vec<String> = text.split('`').map(str::to_owned).collect();
    if parts.len().is_multiple_of(2) {
        return text.to_owned().into_any();
    }
    parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                view! { <code>{part}</code> }.into_any()
            } else {
                part.into_any()
            }
        })
        .collect_view()
        .into_any()
}
