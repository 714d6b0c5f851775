//! Shared by every test file: fixtures, artifacts by id, and a sandbox with fake tools on `PATH`
//! that record their argv, one NUL-separated record per call.

// Test helpers stop at the first surprise, with the reason.
#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    dead_code
)]

use bucketrust_core::{generate, validate, Artifact, RawSetup};
use serde_json::Value;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The text of `tests/fixtures/<path>`.
pub fn fixture(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// Every setup file (`*.json`) of `dir`, relative to the crate, with its file stem, in name
/// order.
pub fn setups_in(dir: &str) -> Vec<(String, RawSetup)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let raw = RawSetup::from_json(&std::fs::read_to_string(p).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e:?}", p.display()));
            (name, raw)
        })
        .collect()
}

/// The setups of `examples/`, one per scenario, with their names.
pub fn examples() -> Vec<(String, RawSetup)> {
    setups_in("../../examples")
}

/// Every artifact of a setup that must be valid.
pub fn artifacts(raw: &RawSetup) -> Vec<Artifact> {
    generate(&validate(raw).unwrap_or_else(|e| panic!("{e:?}")))
}

/// Every validation message of `raw`, in order; empty when it is valid.
pub fn messages(raw: &RawSetup) -> Vec<String> {
    match validate(raw) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

/// The content of the artifact `id`.
pub fn content<'a>(all: &'a [Artifact], id: &str) -> &'a str {
    &all.iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("no artifact `{id}`"))
        .content
}

pub fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The tools generated scripts may call; each is faked in the sandbox.
/// `rm` is faked too, so that what a script deletes is recorded and nothing is deleted.
pub const TOOLS: [&str; 6] = ["aws", "eksctl", "kubectl", "jq", "helm", "rm"];

/// A scratch directory with fake tools, removed when dropped.
pub struct Sandbox {
    pub dir: PathBuf,
}

impl Sandbox {
    pub fn new(name: &str) -> Sandbox {
        let dir = std::env::temp_dir().join(format!("bucketrust-scripts-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("bin")).unwrap();
        for tool in TOOLS {
            // Each call first drains its standard input, so that in a pipeline the reader
            // records its call after the writer's, then appends its argv, NUL-separated, and a
            // record separator, in one write, so that the records of a pipeline's tools never
            // interleave. `jq` prints a placeholder so that command substitutions have output,
            // and the others print JSON so that redirected output is well-formed.
            let body = format!(
                "#!/bin/sh\ncat > /dev/null\n{{ printf '%s\\0' {tool} \"$@\"; printf '\\036'; }} > \"$CALLS.$$\"\ncat \"$CALLS.$$\" >> \"$CALLS\"\n/bin/rm -f \"$CALLS.$$\"\n[ -n \"${{FAIL_ALL:-}}\" ] && exit 254\nfor a in \"$@\"; do [ \"$a\" = \"${{FAIL_ON:-}}\" ] && exit 254; done\n{}\n",
                if tool == "jq" { "echo FAKE-VALUE" } else { "echo '{}'" }
            );
            let path = dir.join("bin").join(tool);
            std::fs::write(&path, body).unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        // `mktemp -d` makes the same private directory on every run, so that two runs of a
        // block call the tools with the same paths.
        let mktemp = "#!/bin/sh\n/bin/rm -rf \"$SANDBOX_TMP/key-dir\" && mkdir -p \"$SANDBOX_TMP/key-dir\" && chmod 700 \"$SANDBOX_TMP/key-dir\" && echo \"$SANDBOX_TMP/key-dir\"\n";
        let path = dir.join("bin").join("mktemp");
        std::fs::write(&path, mktemp).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        Sandbox { dir }
    }

    /// Runs `script` and returns the argv of every call, in order.
    pub fn run(&self, script: &str) -> Vec<Vec<String>> {
        self.run_failing(script, "")
    }

    /// Like [`Sandbox::run`], but every fake call with the argument `fail_on` fails (as a
    /// lookup of something that does not exist would), after recording its argv.
    pub fn run_failing(&self, script: &str, fail_on: &str) -> Vec<Vec<String>> {
        self.forget_files();
        let out = self.bash(script, fail_on);
        assert!(
            out.status.success(),
            "script failed: {}\n{script}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.calls()
    }

    /// Runs `script` in the sandbox as it is, files of earlier runs included, and returns how
    /// it ended; for scripts that must refuse to run.
    pub fn bash(&self, script: &str, fail_on: &str) -> std::process::Output {
        let calls = self.dir.join("calls");
        let _ = std::fs::remove_file(&calls);
        let path = format!(
            "{}:{}",
            self.dir.join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        Command::new("bash")
            .args(["-euo", "pipefail", "-c", script])
            .current_dir(&self.dir)
            .env("PATH", path)
            .env("CALLS", &calls)
            .env("SANDBOX_TMP", self.dir.join("tmp"))
            .env("FAIL_ON", fail_on)
            .output()
            .unwrap()
    }

    /// Removes the files earlier runs wrote, so that a run starts as on a clean machine.
    pub fn forget_files(&self) {
        for entry in std::fs::read_dir(&self.dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::remove_file(path).unwrap();
            }
        }
    }

    /// The argv of every call of the last run, in order.
    pub fn calls(&self) -> Vec<Vec<String>> {
        let calls = self.dir.join("calls");
        let raw = std::fs::read(&calls).unwrap_or_default();
        raw.split(|b| *b == 0x1e)
            .filter(|r| !r.is_empty())
            .map(|record| {
                // Every argument ends with a NUL, so an empty argument stays visible as one.
                record
                    .strip_suffix(&[0])
                    .unwrap_or(record)
                    .split(|b| *b == 0)
                    .map(|a| String::from_utf8_lossy(a).into_owned())
                    .collect()
            })
            .collect()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
