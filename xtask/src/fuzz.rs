//! `cargo xtask fuzz [--seconds N]`: runs each fuzz target of `fuzz/` (cargo-fuzz, on the
//! nightly tool chain) for N seconds (60 by default), each seeded with the project's own
//! inputs: the lint fixtures, the setup files and their links, the examples' artifacts, the
//! CA certificates of the test fixtures. The seeds are written into `target/fuzz-corpus/`
//! at every run (never committed), where libFuzzer also keeps what it finds. Not a stage of
//! `cargo xtask test`: it needs nightly, and its time is the time it is given.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use anyhow::{Context, Result};
use bucketrust_core::{generate, validate, RawSetup};

use crate::ctx::{list_files, Ctx};

/// The targets of `fuzz/Cargo.toml`, in the order they run.
const TARGETS: [&str; 5] = ["lint", "setup_file", "setup_fragment", "check", "ca"];

/// The examples the `check` target edits, in its order: the seed's first byte picks one
/// (byte % 4) and one of its artifacts (byte / 4).
const CHECK_EXAMPLES: [&str; 4] = [
    "stackgres-irsa",
    "stackgres-static-keys",
    "palette-cloud-account-pod-identity",
    "upbound-spaces-irsa",
];

/// How long one input may take before libFuzzer reports it as a hang, in seconds: every
/// input is small, and linting and checking are linear in it.
const HANG_SECONDS: u32 = 10;

pub(crate) fn fuzz(ctx: &Ctx, seconds: u64) -> Result<i32> {
    if ctx.probe("rustup", &["run", "nightly", "rustc", "--version"]).is_none() {
        eprintln!(
            "fuzz: the fuzz targets need the nightly tool chain; install it with `rustup toolchain install nightly`"
        );
        return Ok(1);
    }
    if ctx.probe("cargo", &["fuzz", "--version"]).is_none() {
        eprintln!("fuzz: cargo-fuzz is missing; install it with `cargo install cargo-fuzz`");
        return Ok(1);
    }
    let corpora = ctx.root.join("target").join("fuzz-corpus");
    let mut failed = Vec::new();
    let mut summary = Vec::new();
    for target in TARGETS {
        let dir = corpora.join(target);
        let seeds = seed(&ctx.root, target, &dir)?;
        println!("fuzz: {target}: {seeds} seeds, {seconds} s");
        let out = ctx
            .command("cargo")
            .args(["+nightly", "fuzz", "run", "--fuzz-dir", "fuzz", target])
            .arg(&dir)
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .arg(format!("-timeout={HANG_SECONDS}"))
            .arg("-rss_limit_mb=4096")
            .arg("-print_final_stats=1")
            // Builds land beside the project's others, not in fuzz/target.
            .env("CARGO_TARGET_DIR", ctx.root.join("target").join("fuzz"))
            .stdout(Stdio::inherit())
            .output()
            .with_context(|| format!("failed to start `cargo fuzz run {target}`"))?;
        let log = String::from_utf8_lossy(&out.stderr);
        let runs = executions(&log).map_or_else(|| "?".to_owned(), |n| n.to_string());
        if out.status.success() {
            summary.push(format!("{target}: {runs} executions, no failure"));
        } else {
            // libFuzzer's own report (the input, the panic) is at the end of its output.
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            for line in tail.into_iter().rev() {
                eprintln!("{line}");
            }
            summary.push(format!("{target}: {runs} executions, FAILED ({})", out.status));
            failed.push(target);
        }
    }
    for line in &summary {
        println!("fuzz: {line}");
    }
    println!("fuzz: {} passed, {} failed", TARGETS.len() - failed.len(), failed.len());
    Ok(if failed.is_empty() { 0 } else { 1 })
}

/// How many inputs libFuzzer ran, from its final line `Done N runs in S second(s)` or its
/// stats.
fn executions(log: &str) -> Option<u64> {
    log.lines().rev().find_map(|line| {
        let line = line.trim();
        line.strip_prefix("Done ")
            .and_then(|rest| rest.split_whitespace().next())
            .or_else(|| line.strip_prefix("stat::number_of_executed_units:").map(str::trim))
            .and_then(|n| n.parse().ok())
    })
}

/// Writes the seeds of `target` into `dir` and says how many.
fn seed(root: &Path, target: &str, dir: &Path) -> Result<usize> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let seeds: Vec<Vec<u8>> = match target {
        "lint" => read_all(&files(&root.join("crates/core/tests/lint_fixtures"), "json")?)?,
        "setup_file" => read_all(&setup_files(root)?)?,
        "setup_fragment" => setups(root)?.iter().map(|raw| raw.to_fragment().into_bytes()).collect(),
        "check" => check_seeds(root)?,
        "ca" => read_all(&files(&root.join("crates/core/tests/fixtures"), "pem")?)?,
        _ => Vec::new(),
    };
    for (i, seed) in seeds.iter().enumerate() {
        let path = dir.join(format!("seed-{i:04}"));
        fs::write(&path, seed).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(seeds.len())
}

fn files(dir: &Path, extension: &str) -> Result<Vec<PathBuf>> {
    Ok(list_files(dir)?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect())
}

fn read_all(paths: &[PathBuf]) -> Result<Vec<Vec<u8>>> {
    paths
        .iter()
        .map(|p| fs::read(p).with_context(|| format!("reading {}", p.display())))
        .collect()
}

fn setup_files(root: &Path) -> Result<Vec<PathBuf>> {
    let mut out = files(&root.join("examples"), "json")?;
    out.extend(files(&root.join("crates/core/tests/fixtures/setups"), "json")?);
    Ok(out)
}

/// Every setup file that reads as one.
fn setups(root: &Path) -> Result<Vec<RawSetup>> {
    Ok(read_all(&setup_files(root)?)?
        .iter()
        .filter_map(|bytes| RawSetup::from_json(&String::from_utf8_lossy(bytes)).ok())
        .collect())
}

/// For each example the `check` target edits, each of its artifacts unedited, behind the
/// byte that picks it.
fn check_seeds(root: &Path) -> Result<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    for (e, name) in CHECK_EXAMPLES.iter().enumerate() {
        let path = root.join("examples").join(format!("{name}.json"));
        let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let Ok(raw) = RawSetup::from_json(&text) else { continue };
        let Ok(setup) = validate(&raw) else { continue };
        for (i, artifact) in generate(&setup).iter().enumerate() {
            let Ok(pick) = u8::try_from(i * 4 + e) else { break };
            let mut seed = vec![pick];
            seed.extend_from_slice(artifact.content.as_bytes());
            out.push(seed);
        }
    }
    Ok(out)
}
