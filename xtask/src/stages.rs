//! The test pipeline of `cargo xtask test`: its stages, in order, and the runner that
//! reports them.

use std::time::Instant;

use anyhow::{bail, Result};

use crate::ctx::{secs, Ctx, E2E_SCENARIOS, WEB_BIN};
use crate::dist::dist;
use crate::scenarios::write_e2e_scenarios;
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

/// Reads `--only`'s comma-separated stage names, refusing one the pipeline lacks.
pub(crate) fn parse_only(list: &str) -> Result<Vec<&'static str>> {
    let known = stages();
    list.split(',')
        .map(|name| {
            known
                .iter()
                .find(|stage| stage.name == name.trim())
                .map(|stage| stage.name)
                .ok_or_else(|| {
                    let names: Vec<_> = known.iter().map(|stage| stage.name).collect();
                    anyhow::anyhow!("unknown stage `{name}`; the stages are {}", names.join(", "))
                })
        })
        .collect()
}

/// Runs the pipeline, or only the named stages (for iterating; CI runs them all).
pub(crate) fn run_stages(ctx: &Ctx, only: Option<&[&str]>) -> i32 {
    let mut results = Vec::new();
    let chosen = stages()
        .into_iter()
        .filter(|stage| only.is_none_or(|names| names.contains(&stage.name)));
    for stage in chosen {
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
