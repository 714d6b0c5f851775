//! `cargo xtask codegen`: the rules page generated from the linter's own rule docs.

use std::fs;

use anyhow::{bail, Context, Result};

use crate::ctx::Ctx;

/// Where the rules page is written, relative to the repository root.
const RULES_PAGE: &str = "docs/rules.md";

/// Writes docs/rules.md from the rules' own docs, or with `check` fails when it differs.
pub(crate) fn codegen(ctx: &Ctx, check: bool) -> Result<()> {
    let path = ctx.root.join(RULES_PAGE);
    let want = bucketrust_core::docs::rules_markdown();
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
