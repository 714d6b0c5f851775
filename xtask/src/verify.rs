//! `cargo xtask verify`: real tools (parliament, moto, kubernetes-validate, shellcheck) over
//! everything the CLI generates for the examples.

use anyhow::Result;

use crate::ctx::{Ctx, E2E_SCENARIOS, VERIFY_DIR};
use crate::scenarios::write_e2e_scenarios;
use crate::toolchain::{apt_install_missing, setup_verify_venv, shellcheck_present};

/// What `verify` writes while it runs: scripts for shellcheck, moto's logs, the work
/// directories the aws-cli scripts run in.
const VERIFY_WORK: &str = "target/verify";

/// `cargo xtask verify` on its own: what the `test` pipeline's earlier steps would have done
/// (shellcheck, the example artifacts), the verify stage, and the hostile-input test, which
/// lives with the core's tests (`test-native` runs it in the pipeline). `--nocapture` shows
/// its counts.
pub(crate) fn verify(ctx: &Ctx) -> Result<()> {
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
pub(crate) fn stage_verify(ctx: &Ctx) -> Result<()> {
    let venv = setup_verify_venv(ctx)?;
    ctx.run(
        ctx.command(&venv.join("bin").join("python").to_string_lossy())
            .arg(ctx.root.join(VERIFY_DIR).join("verify.py"))
            .arg("--scenarios")
            .arg(ctx.root.join(E2E_SCENARIOS))
            .arg("--cli")
            .arg(ctx.build_cli()?)
            .arg("--venv")
            .arg(&venv)
            .arg("--work")
            .arg(ctx.root.join(VERIFY_WORK)),
    )
}
