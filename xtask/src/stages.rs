//! The test pipeline of `cargo xtask test`: its stages, in order, and the runner that
//! reports them.

use std::fs;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use bucketrust_core::RawSetup;

use crate::ctx::{list_files, secs, Ctx, WEB_BIN};
use crate::dist::dist;
use crate::toolchain::CHROMEDRIVER;
use crate::verify::stage_verify;

/// One step of `cargo xtask test`.
struct Stage {
    name: &'static str,
    run: fn(&Ctx) -> Result<()>,
}

/// The test pipeline, in order; every stage runs even if an earlier failed. The staleness of
/// docs/rules.md is a native test (`docs_rules_md_is_current`), so it needs no stage.
fn stages() -> Vec<Stage> {
    vec![
        Stage {
            name: "fmt",
            run: stage_fmt,
        },
        Stage {
            name: "clippy",
            run: stage_clippy,
        },
        Stage {
            name: "shellcheck",
            run: stage_shellcheck,
        },
        Stage {
            name: "test-native",
            run: stage_test_native,
        },
        // The release CLI's output for every example, which verify and e2e both read.
        Stage {
            name: "scenarios",
            run: write_e2e_scenarios,
        },
        Stage {
            name: "verify",
            run: stage_verify,
        },
        Stage {
            name: "test-wasm",
            run: stage_test_wasm,
        },
        Stage {
            name: "dist",
            run: dist,
        },
        Stage {
            name: "e2e",
            run: stage_e2e,
        },
    ]
}

pub(crate) fn run_stages(ctx: &Ctx) -> i32 {
    let mut results = Vec::new();
    for stage in stages() {
        println!("\n==> stage {}", stage.name);
        let started = Instant::now();
        let outcome = (stage.run)(ctx);
        let took = started.elapsed();
        if let Err(err) = &outcome {
            println!("stage {} failed: {err:#}", stage.name);
        }
        results.push((stage.name, outcome.is_ok(), took));
    }
    println!("\nsummary:");
    for (name, ok, took) in &results {
        let verdict = if *ok { "ok  " } else { "FAIL" };
        println!("  {verdict} {name:<12} {}", secs(*took));
    }
    let passed = results.iter().filter(|(_, ok, _)| *ok).count();
    let failed = results.len() - passed;
    println!("stages: {passed} passed, {failed} failed");
    i32::from(failed > 0)
}

fn stage_fmt(ctx: &Ctx) -> Result<()> {
    ctx.run(ctx.command("cargo").args(["fmt", "--all", "--check"]))
}

fn stage_clippy(ctx: &Ctx) -> Result<()> {
    let native = ctx.run(
        ctx.command("cargo")
            .args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]),
    );
    // Browser tests are gated on wasm32, so the native run never sees them.
    let wasm = ctx.run(ctx.command("cargo").args([
        "clippy",
        "-p",
        WEB_BIN,
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]));
    native.and(wasm)
}

fn stage_shellcheck(ctx: &Ctx) -> Result<()> {
    ctx.run(ctx.command("shellcheck").arg(".ci/run"))
}

fn stage_test_native(ctx: &Ctx) -> Result<()> {
    ctx.run(ctx.command("cargo").args(["test", "--workspace"]))
}

fn stage_test_wasm(ctx: &Ctx) -> Result<()> {
    ctx.run(
        ctx.command("cargo")
            .args(["test", "-p", WEB_BIN, "--target", "wasm32-unknown-unknown"])
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                ctx.cargo_bin.join("wasm-bindgen-test-runner"),
            )
            .env("CHROMEDRIVER", CHROMEDRIVER)
            // The capabilities file carries the Chromium binary and flags; an
            // absolute path makes it independent of the runner's cwd.
            .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", ctx.root.join("webdriver.json"))
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120"),
    )
}

fn stage_e2e(ctx: &Ctx) -> Result<()> {
    if !ctx.root.join("dist").join("index.html").exists() {
        bail!("dist/index.html is missing; the dist stage must succeed first");
    }
    if !ctx.root.join(E2E_SCENARIOS).exists() {
        bail!("{E2E_SCENARIOS} is missing; the scenarios stage must succeed first");
    }
    // `playwright` resolves to node_modules/.bin through PATH, so nothing is
    // fetched from the registry the way a bare `npx` might.
    ctx.run(ctx.command("playwright").arg("test"))
}

/// Where the e2e tests and `verify` find every example setup with the CLI's artifacts for it.
pub(crate) const E2E_SCENARIOS: &str = "target/e2e/scenarios.json";

/// Runs the release CLI over every `examples/*.json` and writes, for each, the setup and the
/// artifacts the CLI prints: the page must show exactly these. Building the CLI here keeps
/// compilation out of the timed browser tests.
pub(crate) fn write_e2e_scenarios(ctx: &Ctx) -> Result<()> {
    ctx.run(ctx.command("cargo").args(["build", "--release", "--bin", "bucketrust"]))?;
    let cli = ctx.root.join("target").join("release").join("bucketrust");
    let examples: Vec<PathBuf> = list_files(&ctx.root.join("examples"))?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
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
