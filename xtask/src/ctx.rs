//! What every command shares: the repository root, the tool PATH, the paths more than one
//! module reads, running commands and small helpers for files and timings.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{bail, Context, Result};

/// The name of the web crate's binary, which prefixes trunk's output files.
pub(crate) const WEB_BIN: &str = "bucketrust-web";
/// The `verify` harness and its pinned requirements.
pub(crate) const VERIFY_DIR: &str = "xtask/verify";
/// The cargo profile of the CLI (`Cargo.toml`: the release profile at `opt-level = 3`; the
/// page's module keeps the release profile's "z").
pub(crate) const CLI_PROFILE: &str = "cli";
/// Where the e2e tests and `verify` find every example setup with the CLI's artifacts for it.
pub(crate) const E2E_SCENARIOS: &str = "target/e2e/scenarios.json";
/// Where the scenarios stage has the CLI write each example's files (`generate --out`).
pub(crate) const E2E_BUNDLES: &str = "target/e2e/bundles";
/// The setups the scenarios add to the examples (their hardened variants).
pub(crate) const E2E_SETUPS: &str = "target/e2e/setups";

/// Paths and environment shared by every command.
pub(crate) struct Ctx {
    pub(crate) root: PathBuf,
    pub(crate) cargo_bin: PathBuf,
    path: OsString,
}

impl Ctx {
    pub(crate) fn new() -> Result<Self> {
        // The xtask crate lives directly under the repository root.
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("xtask has no parent directory")?
            .to_path_buf();
        let cargo_home = match std::env::var_os("CARGO_HOME") {
            Some(home) => PathBuf::from(home),
            None => PathBuf::from(std::env::var_os("HOME").context("HOME is not set")?).join(".cargo"),
        };
        let cargo_bin = cargo_home.join("bin");
        // Project-local npm tools (wasm-opt, playwright) and cargo-installed
        // tools (trunk, wasm-bindgen) must win over anything on the system.
        let mut dirs = vec![root.join("node_modules").join(".bin"), cargo_bin.clone()];
        if let Some(old) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&old));
        }
        let path = std::env::join_paths(dirs).context("PATH contains an invalid entry")?;
        Ok(Self { root, cargo_bin, path })
    }

    /// A command run in the repository root with the tool PATH.
    pub(crate) fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(&self.root)
            .env("PATH", &self.path)
            .env("TRUNK_SKIP_VERSION_CHECK", "true")
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        cmd
    }

    /// Builds the CLI in its own profile ([`CLI_PROFILE`]) and returns the binary's path.
    pub(crate) fn build_cli(&self) -> Result<PathBuf> {
        self.run(
            self.command("cargo")
                .args(["build", "--profile", CLI_PROFILE, "--bin", "bucketrust"]),
        )?;
        Ok(self.cli_binary())
    }

    /// Where [`Ctx::build_cli`] leaves the CLI: under `CARGO_TARGET_DIR` when it is set, as
    /// cargo does.
    pub(crate) fn cli_binary(&self) -> PathBuf {
        let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| self.root.join("target"), PathBuf::from);
        let target = if target.is_relative() {
            self.root.join(target)
        } else {
            target
        };
        target.join(CLI_PROFILE).join("bucketrust")
    }

    /// Runs a command to completion and fails when it exits non-zero.
    pub(crate) fn run(&self, cmd: &mut Command) -> Result<()> {
        let shown = show(cmd);
        println!("$ {shown}");
        let status = cmd.status().with_context(|| format!("failed to start `{shown}`"))?;
        if !status.success() {
            bail!("`{shown}` failed with {status}");
        }
        Ok(())
    }

    /// Runs a command and returns its trimmed stdout, or None when it cannot
    /// be started or fails; used to probe installed tool versions.
    pub(crate) fn probe(&self, program: &str, args: &[&str]) -> Option<String> {
        let out = self.command(program).args(args).output().ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
    }
}

/// Renders a command for log lines.
fn show(cmd: &Command) -> String {
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every regular file below `dir`, sorted by path.
pub(crate) fn list_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                todo.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

pub(crate) fn secs(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}
