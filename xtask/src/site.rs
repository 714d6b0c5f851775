//! The trunk `post_build` hook (`cargo xtask finish-site`) and the page's security
//! invariants it and `dist` enforce.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::ctx::WEB_BIN;

/// The policy the page must carry; `finish-site` and `dist` check for it.
const CSP_CONNECT_NONE: &str = "connect-src 'none'";

/// The trunk post_build hook: embeds the wasm in an ES module and writes the
/// external loader, so the page needs neither inline script nor fetch().
pub(crate) fn finish_site() -> Result<()> {
    let staging = PathBuf::from(
        std::env::var_os("TRUNK_STAGING_DIR")
            .context("TRUNK_STAGING_DIR is not set; finish-site runs as a trunk hook")?,
    );
    let mut stems = Vec::new();
    for entry in fs::read_dir(&staging).with_context(|| format!("reading {}", staging.display()))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix("_bg.wasm") {
            if stem.starts_with(WEB_BIN) {
                stems.push(stem.to_owned());
            }
        }
    }
    let stem = match stems.as_slice() {
        [one] => one.clone(),
        other => bail!(
            "expected one {WEB_BIN}*_bg.wasm in {}, found {other:?}",
            staging.display()
        ),
    };
    let js = format!("{stem}.js");
    if !staging.join(&js).exists() {
        bail!("{js} is missing next to {stem}_bg.wasm");
    }
    let wasm_path = staging.join(format!("{stem}_bg.wasm"));
    let bytes = fs::read(&wasm_path).with_context(|| format!("reading {}", wasm_path.display()))?;
    let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &bytes);
    let module = format!(
        "// The wasm module's bytes, embedded because the CSP forbids fetch().\n\
         const text = atob(\"{b64}\");\n\
         const bytes = new Uint8Array(text.length);\n\
         for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);\n\
         export default bytes;\n"
    );
    let wasm_js = format!("{stem}_bg.wasm.js");
    fs::write(staging.join(&wasm_js), module).with_context(|| format!("writing {wasm_js}"))?;
    fs::remove_file(&wasm_path).with_context(|| format!("removing {}", wasm_path.display()))?;
    let boot = boot_js(&js, &wasm_js);
    fs::write(staging.join("boot.js"), boot).context("writing boot.js")?;
    check_html(&staging.join("index.html"))?;
    println!("finish-site: wrote boot.js and {wasm_js}; removed {stem}_bg.wasm");
    Ok(())
}

/// The external loader. It imports the page's modules by paths relative to itself, so the
/// site loads from any directory; imported dynamically, a failure to load them is caught and
/// said in the page instead of leaving "Loading…" for ever. Before the (large) modules load
/// it marks an embedded page (`#embed…`), so the static site header never shows in a frame.
fn boot_js(js: &str, wasm_js: &str) -> String {
    format!(
        "// Starts the bucketrust page (written by `cargo xtask finish-site`).\n\
         if (/(?:^#|&)embed(?:[=&]|$)/.test(location.hash)) document.documentElement.classList.add('embed');\n\
         try {{\n\
         \x20 const [{{ default: init }}, {{ default: wasm }}] = await Promise.all([import('./{js}'), import('./{wasm_js}')]);\n\
         \x20 await init({{ module_or_path: wasm }});\n\
         }} catch (error) {{\n\
         \x20 const status = document.getElementById('boot-status');\n\
         \x20 if (status) {{\n\
         \x20   status.textContent = `bucketrust could not start: ${{error}}. Reload the page; if this stays, the site is missing files next to index.html, or this browser lacks WebAssembly or JavaScript modules.`;\n\
         \x20   status.setAttribute('role', 'alert');\n\
         \x20   status.classList.add('boot-failed');\n\
         \x20 }}\n\
         \x20 console.error(error);\n\
         }}\n"
    )
}

/// Enforces the page's security invariants on the generated HTML: the CSP is
/// present, every script is external, and nothing is preloaded with fetch.
pub(crate) fn check_html(path: &Path) -> Result<()> {
    let html = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let lower = html.to_ascii_lowercase();
    if !lower.contains("http-equiv=\"content-security-policy\"") || !html.contains(CSP_CONNECT_NONE) {
        bail!(
            "{} lacks the Content-Security-Policy meta with {CSP_CONNECT_NONE}",
            path.display()
        );
    }
    for tag in tags(&lower, "<script") {
        if !tag.contains(" src=") {
            bail!("{} contains an inline script: {tag}", path.display());
        }
    }
    for tag in tags(&lower, "<link") {
        if tag.contains("preload") && tag.contains("fetch") {
            bail!("{} contains a fetch preload: {tag}", path.display());
        }
    }
    // The site must load from any directory: no URL from the site's root.
    for attribute in ["src=\"/", "href=\"/"] {
        if let Some(at) = lower.find(attribute) {
            let rest = html.get(at..).unwrap_or_default();
            let shown = rest.split('>').next().unwrap_or(rest);
            bail!("{} uses a URL from the site's root: {shown}", path.display());
        }
    }
    Ok(())
}

/// The opening tags starting with `start` (up to the next `>`).
fn tags<'a>(html: &'a str, start: &str) -> Vec<&'a str> {
    html.match_indices(start)
        .filter_map(|(i, _)| {
            let rest = html.get(i..)?;
            rest.find('>').and_then(|end| rest.get(..=end))
        })
        .collect()
}
