//! `cargo xtask dist`: the release build into `dist/` and its size table.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::ctx::{list_files, Ctx, WEB_BIN};
use crate::site::check_html;

/// Builds the release site into dist/, checks it and prints its sizes.
pub(crate) fn dist(ctx: &Ctx) -> Result<()> {
    ctx.run(ctx.command("trunk").args(["build", "--release"]))?;
    let dist = ctx.root.join("dist");
    check_html(&dist.join("index.html"))?;
    if dist.join(format!("{WEB_BIN}.wasm")).exists() || has_wasm(&dist)? {
        bail!("dist/ still contains a .wasm file; finish-site did not run");
    }
    print!("{}", size_table(&dist)?);
    Ok(())
}

fn has_wasm(dir: &Path) -> Result<bool> {
    Ok(list_files(dir)?
        .iter()
        .any(|p| p.extension().is_some_and(|e| e == "wasm")))
}

fn gzip_len(data: &[u8]) -> Result<usize> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(9));
    enc.write_all(data)?;
    Ok(enc.finish()?.len())
}

fn brotli_len(data: &[u8]) -> Result<usize> {
    let mut out = Vec::new();
    {
        let mut enc = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        enc.write_all(data)?;
        enc.flush()?;
    }
    Ok(out.len())
}

fn size_table(dist: &Path) -> Result<String> {
    let mut rows = BTreeMap::new();
    for path in list_files(dist)? {
        let data = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let name = path.strip_prefix(dist).unwrap_or(&path).display().to_string();
        rows.insert(name, (data.len(), gzip_len(&data)?, brotli_len(&data)?));
    }
    let width = rows.keys().map(String::len).max().unwrap_or(0).max(5);
    let mut s = String::new();
    writeln!(
        s,
        "{:<width$}  {:>11}  {:>11}  {:>11}",
        "file", "raw", "gzip -9", "brotli -q11"
    )?;
    let (mut raw, mut gz, mut br) = (0, 0, 0);
    for (name, (r, g, b)) in &rows {
        writeln!(s, "{name:<width$}  {r:>11}  {g:>11}  {b:>11}")?;
        raw += r;
        gz += g;
        br += b;
    }
    writeln!(s, "{:<width$}  {raw:>11}  {gz:>11}  {br:>11}", "total")?;
    writeln!(s, "{:<width$}  {:>11}  {:>11}  {:>11}", "", kib(raw), kib(gz), kib(br))?;
    Ok(s)
}

fn kib(bytes: usize) -> String {
    // Precision loss is irrelevant for a human-readable size.
    #[allow(clippy::cast_precision_loss)]
    let k = bytes as f64 / 1024.0;
    format!("{k:.1} KiB")
}
