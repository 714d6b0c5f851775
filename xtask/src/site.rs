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

/// The trunk post_build hook: embeds the wasm in a classic script and writes the
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
    fs::write(staging.join(LINT_WORKER), lint_worker_js(&js)).context("writing the lint worker")?;
    check_html(&staging.join("index.html"))?;
    println!("finish-site: wrote boot.js, {LINT_WORKER} and {wasm_js}; removed {stem}_bg.wasm");
    Ok(())
}

/// The global the embedded module's script sets: `[length, text]`.
const WASM_GLOBAL: &str = "bucketrustWasm";

/// The decoder of [`wasm_module_js`]'s text, in `boot.js` (the lint worker gets the module
/// from the page): each UTF-16 code unit is two bytes, low byte first, and a surrogate pair
/// stands for one unit that could not be written as itself.
const WASM_DECODER_JS: &str = "\
function wasmBytes([length, text]) {
  const bytes = new Uint8Array(length + 1);
  let at = 0;
  for (let i = 0; i < text.length; i += 1) {
    let unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit < 0xdc00) {
      i += 1;
      unit = ((unit - 0xd800) << 10) | (text.charCodeAt(i) - 0xdc00);
    }
    bytes[at] = unit & 0xff;
    bytes[at + 1] = unit >> 8;
    at += 2;
  }
  return bytes.subarray(0, length);
}
";

/// The wasm module's bytes as a classic script in UTF-16 (little-endian, with a byte order
/// mark, which decides the encoding whatever the server's headers say), embedded because the
/// CSP forbids fetch(). Two bytes make one code unit of a string literal, so the file is the
/// module's own bytes nearly unchanged and brotli compresses it within about 3% of the raw
/// module. Units a literal cannot hold as they are (a surrogate, `"`, `\`, a line break) are
/// written as a surrogate pair carrying the unit, about 1% of them. Earlier forms cost more:
/// one Latin-1 character per byte in a UTF-8 module 7%, base64 29%.
fn wasm_module_js(bytes: &[u8]) -> Vec<u8> {
    let mut units: Vec<u16> = Vec::with_capacity(bytes.len() / 2 + 1024);
    let head = format!(
        "// The bucketrust page's wasm module, {} bytes (written by `cargo xtask finish-site`); see wasmBytes in boot.js.\n\
         self.{WASM_GLOBAL} = [{}, \"",
        bytes.len(),
        bytes.len()
    );
    units.push(0xfeff);
    units.extend(head.encode_utf16());
    for pair in bytes.chunks(2) {
        let low = pair.first().copied().unwrap_or_default();
        let high = pair.get(1).copied().unwrap_or_default();
        let unit = u16::from(low) | u16::from(high) << 8;
        let as_is = !matches!(unit, 0xd800..=0xdfff | 0x22 | 0x5c | 0x0a | 0x0d | 0x2028 | 0x2029);
        if as_is {
            units.push(unit);
        } else {
            units.push(0xd800 + (unit >> 10));
            units.push(0xdc00 + (unit & 0x3ff));
        }
    }
    units.extend("\"];\n".encode_utf16());
    units.iter().flat_map(|u| u.to_le_bytes()).collect()
}

/// The lint worker's script: a classic worker that runs the page's own wasm module and
/// answers each `[id, text, kind]` the page posts with `[id, outcome]` (see the page's
/// `lint_worker`). The page's first message is the module itself, compiled: a
/// `WebAssembly.Module` crosses to a worker without a copy of its code, so the worker does
/// not load and evaluate the module's 1.7 MB script again; it loads only the page's glue
/// script (from the cache).
/// In the worker the module's start finds no window and mounts nothing. Until the first text
/// comes it warms the module up, one round per task (`lint_warm_up`, see the page's
/// `lint_worker::warm_up`), so a text that comes meanwhile waits one round at most. A failure
/// to start is rethrown as an uncaught error, which the page sees as the worker's `error`
/// event.
fn lint_worker_js(js: &str) -> String {
    format!(
        "// Lints the policies the bucketrust page posts, off its thread (written by `cargo xtask finish-site`).\n\
         let startWith;\n\
         const ready = new Promise((resolve) => (startWith = resolve)).then(async (module) => {{\n\
         \x20 const glue = await import('./{js}');\n\
         \x20 await glue.default({{ module_or_path: module }});\n\
         \x20 const warm = (round) => {{\n\
         \x20   if (!asked && glue.lint_warm_up(round)) setTimeout(() => warm(round + 1));\n\
         \x20 }};\n\
         \x20 setTimeout(() => warm(0));\n\
         \x20 return glue;\n\
         }});\n\
         ready.catch((error) => setTimeout(() => {{ throw error; }}));\n\
         let asked = false;\n\
         self.onmessage = async ({{ data }}) => {{\n\
         \x20 if (data instanceof WebAssembly.Module) return startWith(data);\n\
         \x20 const [id, text, kind] = data;\n\
         \x20 asked = true;\n\
         \x20 const glue = await ready;\n\
         \x20 self.postMessage([id, glue.lint_outcome(text, kind)]);\n\
         }};\n"
    )
}

/// The external loader. It loads the page's modules by paths relative to itself, so the
/// site loads from any directory; loaded dynamically, a failure to load them is caught and
/// said in the page instead of leaving "Loading…" for ever. Before the (large) modules load
/// it marks an embedded page (`#embed…`), so the static site header never shows in a frame.
/// The wasm's script is a classic script (see [`wasm_module_js`]), added as a `<script>`
/// element, which `script-src 'self'` allows.
fn boot_js(js: &str, wasm_js: &str) -> String {
    format!(
        "// Starts the bucketrust page (written by `cargo xtask finish-site`).\n\
         if (/(?:^#|&)embed(?:[=&]|$)/.test(location.hash)) document.documentElement.classList.add('embed');\n\
         document.documentElement.dataset.lintWorker = new URL('./{LINT_WORKER}', import.meta.url).href;\n\
         {WASM_DECODER_JS}\
         const classicScript = (path) => new Promise((resolve, reject) => {{\n\
         \x20 const script = document.createElement('script');\n\
         \x20 script.src = new URL(path, import.meta.url).href;\n\
         \x20 script.onload = resolve;\n\
         \x20 script.onerror = () => reject(new Error(`${{path}} did not load`));\n\
         \x20 document.head.append(script);\n\
         }});\n\
         try {{\n\
         \x20 const [{{ default: init }}] = await Promise.all([import('./{js}'), classicScript('./{wasm_js}')]);\n\
         \x20 const embedded = self.{WASM_GLOBAL};\n\
         \x20 delete self.{WASM_GLOBAL};\n\
         \x20 await init({{ module_or_path: wasmBytes(embedded) }});\n\
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
    use super::{wasm_module_js, WASM_DECODER_JS, WASM_GLOBAL};
    use std::process::Command;

    /// Every byte value and every kind of unit that must be written as a pair, in an odd
    /// length, read as a browser reads the script (UTF-16 by its byte order mark) and decoded
    /// by the page's own decoder: the bytes come back.
    #[test]
    fn the_embedded_module_gives_back_every_byte() {
        let mut bytes: Vec<u8> = (0..=255u8).chain([0, b'"', b'\\', b'\n', b'\r', 0xff, 0x80]).collect();
        for unit in [
            0xd800u16, 0xdbff, 0xdc00, 0xdfff, 0x0022, 0x005c, 0x000a, 0x000d, 0x2028, 0x2029, 0xfeff, 0,
        ] {
            bytes.extend(unit.to_le_bytes());
        }
        bytes.extend((0..=255u8).rev());
        bytes.extend([0xdc, 0xd8]);
        assert_eq!(bytes.len() % 2, 1);
        let dir = std::env::temp_dir().join(format!("bucketrust-site-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("wasm.js");
        std::fs::write(&file, wasm_module_js(&bytes)).unwrap();
        let script = format!(
            "const vm = require('vm'); const fs = require('fs');\n\
             const source = new TextDecoder('utf-16le').decode(fs.readFileSync({file:?}));\n\
             const context = {{}}; context.self = context; vm.runInNewContext(source, context);\n\
             {WASM_DECODER_JS}\
             process.stdout.write(Buffer.from(wasmBytes(context.{WASM_GLOBAL})).toString('hex'));"
        );
        let out = Command::new("node").args(["-e", &script]).output().unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(String::from_utf8_lossy(&out.stdout), hex);
    }
}
