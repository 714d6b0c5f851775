//! The trunk `post_build` hook (`cargo xtask finish-site`) and the page's security
//! invariants it and `dist` enforce.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::ctx::WEB_BIN;

/// The policy the page must carry; `finish-site` and `dist` check for it.
const CSP_CONNECT_NONE: &str = "connect-src 'none'";
/// What lets the page start its lint worker, from its own origin only.
const CSP_WORKER_SELF: &str = "worker-src 'self'";
/// The lint worker's script, next to `boot.js`.
pub(crate) const LINT_WORKER: &str = "lint-worker.js";

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
    let module = wasm_module_js(&bytes);
    let wasm_js = format!("{stem}_bg.wasm.js");
    fs::write(staging.join(&wasm_js), module).with_context(|| format!("writing {wasm_js}"))?;
    fs::remove_file(&wasm_path).with_context(|| format!("removing {}", wasm_path.display()))?;
    let boot = boot_js(&js, &wasm_js);
    fs::write(staging.join("boot.js"), boot).context("writing boot.js")?;
    fs::write(staging.join(LINT_WORKER), lint_worker_js(&js, &wasm_js)).context("writing the lint worker")?;
    check_html(&staging.join("index.html"))?;
    println!("finish-site: wrote boot.js, {LINT_WORKER} and {wasm_js}; removed {stem}_bg.wasm");
    Ok(())
}

/// The wasm module's bytes as an ES module, embedded because the CSP forbids fetch(). Each
/// byte is the character of that code point (U+0000 to U+00FF) in one string literal, with
/// only `\`, `"`, line breaks and NUL escaped: served as UTF-8 that is about 1.4 bytes per
/// byte, but it compresses within about 7% of the raw module with brotli, where base64
/// (4 characters for 3 bytes, which breaks the bytes' patterns) came to 29% more.
fn wasm_module_js(bytes: &[u8]) -> String {
    let mut literal = String::with_capacity(bytes.len() * 3 / 2);
    for &byte in bytes {
        match byte {
            b'\\' => literal.push_str("\\\\"),
            b'"' => literal.push_str("\\\""),
            b'\n' => literal.push_str("\\n"),
            b'\r' => literal.push_str("\\r"),
            0 => literal.push_str("\\x00"),
            other => literal.push(char::from(other)),
        }
    }
    format!(
        "// The wasm module's bytes, embedded because the CSP forbids fetch(): byte n is the\n\
         // character U+00nn of this string.\n\
         const text = \"{literal}\";\n\
         const bytes = new Uint8Array(text.length);\n\
         for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);\n\
         export default bytes;\n"
    )
}

/// The lint worker's script: a module worker that runs the page's own wasm module (the same
/// two files the page imports, so it downloads nothing new) and answers each `[id, text,
/// kind]` the page posts with `[id, outcome]` (see the page's `lint_worker`). In the worker
/// the module's start finds no window and mounts nothing.
fn lint_worker_js(js: &str, wasm_js: &str) -> String {
    format!(
        "// Lints the policies the bucketrust page posts, off its thread (written by `cargo xtask finish-site`).\n\
         import init, {{ lint_outcome }} from './{js}';\n\
         import wasm from './{wasm_js}';\n\
         const ready = init({{ module_or_path: wasm }});\n\
         self.onmessage = async ({{ data: [id, text, kind] }}) => {{\n\
         \x20 await ready;\n\
         \x20 self.postMessage([id, lint_outcome(text, kind)]);\n\
         }};\n"
    )
}

/// The external loader. It imports the page's modules by paths relative to itself, so the
/// site loads from any directory; imported dynamically, a failure to load them is caught and
/// said in the page instead of leaving "Loading…" for ever. Before the (large) modules load
/// it marks an embedded page (`#embed…`), so the static site header never shows in a frame.
fn boot_js(js: &str, wasm_js: &str) -> String {
    format!(
        "// Starts the bucketrust page (written by `cargo xtask finish-site`).\n\
         if (/(?:^#|&)embed(?:[=&]|$)/.test(location.hash)) document.documentElement.classList.add('embed');\n\
         document.documentElement.dataset.lintWorker = new URL('./{LINT_WORKER}', import.meta.url).href;\n\
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
    if !html.contains(CSP_WORKER_SELF) {
        bail!(
            "{} lacks {CSP_WORKER_SELF} in its Content-Security-Policy, which the lint worker needs",
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

#[cfg(test)]
mod tests {
    use super::wasm_module_js;
    use std::process::Command;

    /// Every byte value, in a module node loads as the browser would: the bytes come back.
    #[test]
    fn the_embedded_module_gives_back_every_byte() {
        let bytes: Vec<u8> = (0..=255u8).chain([0, b'"', b'\\', b'\n', b'\r', 0xff, 0x80]).collect();
        let dir = std::env::temp_dir().join(format!("bucketrust-site-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let module = dir.join("wasm.mjs");
        std::fs::write(&module, wasm_module_js(&bytes)).unwrap();
        let script = format!(
            "import({:?}).then((m) => process.stdout.write(Buffer.from(m.default).toString('hex')))",
            format!("file://{}", module.display())
        );
        let out = Command::new("node").args(["-e", &script]).output().unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(String::from_utf8_lossy(&out.stdout), hex);
    }
}
