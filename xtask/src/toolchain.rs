//! Tool set-up: installs whatever the commands need and is missing (the wasm target, trunk,
//! wasm-bindgen-cli, Debian packages, the npm tools, the verify venv).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::ctx::{secs, Ctx, VERIFY_DIR};

/// The trunk release that still builds with the project's rustc.
const TRUNK_VERSION: &str = "0.21.14";
/// The binaryen release pinned in package.json; trunk checks it via Trunk.toml.
const WASM_OPT_VERSION: &str = "132";
/// Debian's chromedriver, used by wasm-bindgen-test-runner.
pub(crate) const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The Debian Chromium binary itself (not the /usr/bin wrapper script).
pub(crate) const CHROMIUM: &str = "/usr/lib/chromium/chromium";

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum SetupLevel {
    Serve,
    Dist,
    Test,
}

/// Installs whatever is missing; each step prints exactly one progress line
/// (plus the output of an installer when it actually has to run).
pub(crate) fn setup(ctx: &Ctx, level: SetupLevel) -> Result<()> {
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

pub(crate) fn shellcheck_present(ctx: &Ctx) -> bool {
    ctx.probe("shellcheck", &["--version"]).is_some()
}

/// Installs the packages of `wanted` (package, whether it is present) that are missing.
pub(crate) fn apt_install_missing(ctx: &Ctx, wanted: &[(&str, bool)]) -> Result<()> {
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

/// The venv with the pinned Python tools of `verify`.
const VERIFY_VENV: &str = "target/verify-venv";

/// Creates target/verify-venv from xtask/verify/requirements.txt when it is missing, broken
/// or older than the requirements (a stamp file holds the requirements it was built from).
pub(crate) fn setup_verify_venv(ctx: &Ctx) -> Result<PathBuf> {
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
