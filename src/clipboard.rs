//! Copying to the clipboard through the asynchronous Clipboard API.

use wasm_bindgen_futures::JsFuture;

/// Writes `text` to the clipboard, or says why it could not, in words for the user.
pub async fn write_text(text: &str) -> Result<(), &'static str> {
    let window = web_sys::window().ok_or("No browser window to copy from.")?;
    let clipboard = window.navigator().clipboard();
    // `navigator.clipboard` is undefined outside secure contexts (plain http on a LAN
    // address); calling into it would throw, so check first.
    if clipboard.is_undefined() {
        return Err("The clipboard is not available on this page; select the text and copy it.");
    }
    JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| "The browser refused the copy; select the text and copy it.")
}
