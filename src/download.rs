//! "Download all": the setup's files as a zip, built in the page and handed to the browser as
//! a `blob:` URL, so nothing is sent anywhere (a download from a blob is not a connection,
//! which the page's `connect-src 'none'` would refuse).

use bucketrust_core::bundle::BundleFile;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use rawzip::time::UtcDateTime;
use rawzip::{CompressionMethod, ZipArchiveWriter};
use std::io::Write as _;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// How long the archive's `blob:` URL lives after the download starts.
const KEEP_BLOB_FOR: Duration = Duration::from_secs(60);

/// 1980-01-01 00:00 UTC, zip's earliest date, as seconds since 1970.
const ZIP_EPOCH: i64 = 315_532_800;

/// The zip of `files` under the folder `root`: each file at `root/<path>`, deflated, scripts
/// with mode 0755 and the rest 0644, every entry dated 1980-01-01 (zip's earliest date), so
/// the same setup always gives the same bytes.
pub fn zip(root: &str, files: &[BundleFile]) -> Result<Vec<u8>, rawzip::Error> {
    let mut archive = ZipArchiveWriter::new(Vec::new());
    for file in files {
        let mode = if file.executable { 0o755 } else { 0o644 };
        let path = format!("{root}/{}", file.path);
        let (mut entry, config) = archive
            .new_file(path.as_str())
            .compression_method(CompressionMethod::DEFLATE)
            .unix_permissions(mode)
            .last_modified(UtcDateTime::from_unix(ZIP_EPOCH))
            .start()?;
        let mut writer = config.wrap(DeflateEncoder::new(&mut entry, Compression::default()));
        writer.write_all(file.content.as_bytes())?;
        let (encoder, output) = writer.finish()?;
        encoder.finish()?;
        entry.finish(output)?;
    }
    archive.finish()
}

/// Offers `bytes` to the user as the file `name` through a `blob:` URL and a download link;
/// says why when the browser refuses.
pub fn save(name: &str, bytes: &[u8], mime: &str) -> Result<(), &'static str> {
    const REFUSED: &str = "The browser refused the download.";
    let document = web_sys::window().and_then(|w| w.document()).ok_or(REFUSED)?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(|_| REFUSED)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| REFUSED)?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| REFUSED)?
        .dyn_into()
        .map_err(|_| REFUSED)?;
    link.set_href(&url);
    link.set_download(name);
    link.set_hidden(true);
    let body = document.body().ok_or(REFUSED)?;
    body.append_child(&link).map_err(|_| REFUSED)?;
    link.click();
    link.remove();
    // The download has its bytes by the time the URL goes; revoking at once can cancel it in
    // some browsers.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        KEEP_BLOB_FOR,
    );
    Ok(())
}

/// Zips `files` under `folder` and offers the archive as `<folder>.zip`.
pub fn download_zip(folder: &str, files: &[BundleFile]) -> Result<(), &'static str> {
    let bytes = zip(folder, files).map_err(|_| "The archive could not be built.")?;
    save(&format!("{folder}.zip"), &bytes, "application/zip")
}
