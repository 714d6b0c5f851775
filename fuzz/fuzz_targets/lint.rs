//! The linter on any text, as every kind, rendered as the CLI renders it: it never panics,
//! and its text output stays proportional to its findings (a window of each line, never the
//! whole of a long one).
#![no_main]

use bucketrust_core::lint::{lint, render, PolicyKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for kind in [None, Some(PolicyKind::Identity), Some(PolicyKind::Trust)] {
        let findings = lint(&text, kind);
        let shown = render::render_all("policy.json", &text, &findings);
        let longest_message = findings
            .iter()
            .map(|f| f.message.len() + f.help.len())
            .max()
            .unwrap_or(0);
        assert!(shown.len() <= findings.len() * (longest_message + 2_000) + 1);
    }
});
