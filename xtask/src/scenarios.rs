//! The scenarios file: the release CLI's output for every example setup, which the `verify`
//! harness and the Playwright end-to-end tests both read.

use std::fs;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use bucketrust_core::RawSetup;

use crate::ctx::{list_files, Ctx, E2E_BUNDLES, E2E_SCENARIOS, E2E_SETUPS};

/// Runs the release CLI over every `examples/*.json` and writes, for each, the setup and the
/// artifacts the CLI prints: the page must show exactly these. Building the CLI here keeps
/// compilation out of the timed browser tests.
pub(crate) fn write_e2e_scenarios(ctx: &Ctx) -> Result<()> {
    let cli = ctx.build_cli()?;
    let mut examples: Vec<PathBuf> = list_files(&ctx.root.join("examples"))?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    examples.extend(hardened_variants(ctx, &examples)?);
    let mut scenarios = Vec::new();
    for example in &examples {
        let setup: serde_json::Value = serde_json::from_str(&fs::read_to_string(example)?)
            .with_context(|| format!("{} is not JSON", example.display()))?;
        let out = ctx
            .command(&cli.to_string_lossy())
            .arg("generate")
            .arg(example)
            .args(["--format", "json"])
            .output()
            .with_context(|| format!("failed to run the CLI on {}", example.display()))?;
        if !out.status.success() {
            bail!(
                "the CLI rejects {}: {}",
                example.display(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let generated: serde_json::Value = serde_json::from_slice(&out.stdout)?;
        let name = example
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The files `--out` writes, which the page's "Download all" must zip byte for byte, and
        // the one script, which its "Copy as one script" must copy.
        let bundle = ctx.root.join(E2E_BUNDLES).join(&name);
        // A fresh directory: files of an earlier run must not linger beside the new ones.
        if bundle.exists() {
            fs::remove_dir_all(&bundle).with_context(|| format!("removing {}", bundle.display()))?;
        }
        let wrote = ctx
            .command(&cli.to_string_lossy())
            .arg("generate")
            .arg(example)
            .arg("--out")
            .arg(&bundle)
            .output()
            .with_context(|| format!("failed to run the CLI on {}", example.display()))?;
        if !wrote.status.success() {
            bail!(
                "the CLI cannot write the files of {}: {}",
                example.display(),
                String::from_utf8_lossy(&wrote.stderr)
            );
        }
        let script = ctx
            .command(&cli.to_string_lossy())
            .arg("generate")
            .arg(example)
            .args(["--format", "script"])
            .output()
            .with_context(|| format!("failed to run the CLI on {}", example.display()))?;
        if !script.status.success() {
            bail!(
                "the CLI rejects {}: {}",
                example.display(),
                String::from_utf8_lossy(&script.stderr)
            );
        }
        // The partition as the core infers it, so the verify harness keeps no table of its own.
        let raw = RawSetup::from_json(&fs::read_to_string(example)?)
            .map_err(|e| anyhow::anyhow!("{} is not a setup file: {e:?}", example.display()))?;
        let partition = raw
            .partition()
            .with_context(|| format!("{}: no partition follows from the setup", example.display()))?;
        scenarios.push(serde_json::json!({
            "name": name,
            "setup": setup,
            "partition": partition.id(),
            "dnsSuffix": partition.dns_suffix(),
            "artifacts": generated.get("artifacts").cloned().unwrap_or_default(),
            "setupChecks": generated.get("setupChecks").cloned().unwrap_or_default(),
            "bundle": bundle.strip_prefix(&ctx.root).unwrap_or(&bundle).display().to_string(),
            "oneScript": String::from_utf8_lossy(&script.stdout),
        }));
    }
    if scenarios.is_empty() {
        bail!("examples/ holds no setup files");
    }
    let path = ctx.root.join(E2E_SCENARIOS);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(&path, serde_json::to_string_pretty(&scenarios)?)?;
    println!(
        "e2e: {} example setups with the CLI's artifacts in {E2E_SCENARIOS}",
        scenarios.len()
    );
    Ok(())
}

/// For every example whose target offers hardened alternatives, the same setup with
/// `"hardened": "true"`, written to `target/e2e/setups/<example>-hardened.json`: the page and
/// verify then check the scripts that pass the hardened policies to IAM as well.
fn hardened_variants(ctx: &Ctx, examples: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let dir = ctx.root.join(E2E_SETUPS);
    if dir.exists() {
        fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    fs::create_dir_all(&dir)?;
    let mut variants = Vec::new();
    for example in examples {
        let text = fs::read_to_string(example)?;
        let raw = RawSetup::from_json(&text)
            .map_err(|e| anyhow::anyhow!("{} is not a setup file: {e:?}", example.display()))?;
        let offers = match (raw.target(), raw.auth()) {
            (Some(target), Some(auth)) => target.offers_hardened(auth),
            _ => false,
        };
        if !offers {
            continue;
        }
        let mut setup: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&text).with_context(|| format!("{} is not a JSON object", example.display()))?;
        setup.insert("hardened".to_owned(), "true".into());
        let stem = example
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let path = dir.join(format!("{stem}-hardened.json"));
        fs::write(&path, serde_json::to_string_pretty(&setup)? + "\n")?;
        variants.push(path);
    }
    Ok(variants)
}
