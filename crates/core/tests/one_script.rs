//! The one script ("Copy as one script", `generate --format script`) of every example: the
//! setup's steps in the README's order, no tear-down and no alternative, valid bash that runs
//! through with fake tools and, pasted into a shell, stops at its first failure and leaves the
//! shell as it was.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

use bucketrust_core::bundle::{is_alternative, is_teardown, one_script, title};
use bucketrust_core::{validate, ArtifactKind, Language};

mod support;

use support::{artifacts, examples, Sandbox};

fn script_of(raw: &bucketrust_core::RawSetup) -> String {
    let setup = validate(raw).unwrap();
    one_script(&title(setup.target(), setup.auth()), &artifacts(raw))
}

#[test]
fn every_example_s_one_script_holds_its_setup_steps_in_order_and_nothing_else() {
    for (name, raw) in examples() {
        let script = script_of(&raw);
        assert!(
            script.starts_with("#!/usr/bin/env bash\n(\nset -euo pipefail\n"),
            "{name}"
        );
        assert!(script.ends_with("\n)\n"), "{name}");
        let mut from = 0;
        for a in artifacts(&raw) {
            let text = match a.kind {
                ArtifactKind::PermissionPolicy | ArtifactKind::TrustPolicy => continue,
                _ => a.content.as_str(),
            };
            let found = script.get(from..).and_then(|rest| rest.find(text));
            if is_teardown(&a) || is_alternative(&a) {
                assert!(!script.contains(text), "{name}: {} is in the one script", a.id);
            } else {
                let at = found.unwrap_or_else(|| panic!("{name}: {} is missing or out of order", a.id));
                from += at + text.len();
            }
        }
        let parsed = std::process::Command::new("bash")
            .args(["-n", "-c", &script])
            .output()
            .unwrap();
        assert!(
            parsed.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&parsed.stderr)
        );
    }
}

#[test]
fn a_one_script_without_console_steps_runs_through_and_applies_its_manifests() {
    let sandbox = Sandbox::new("one-script");
    let mut ran = 0;
    for (name, raw) in examples() {
        let all = artifacts(&raw);
        if all.iter().any(|a| a.kind == ArtifactKind::ConsoleSteps) {
            continue;
        }
        let calls = sandbox.run(&script_of(&raw));
        let manifests = all
            .iter()
            .filter(|a| a.kind == ArtifactKind::KubernetesManifest)
            .count();
        let applied = calls
            .iter()
            .filter(|c| c[..] == ["kubectl", "apply", "-f", "-"])
            .count();
        assert_eq!(applied, manifests, "{name}: {calls:?}");
        // Every script of the setup ran: as many calls as running them one by one makes.
        let one_by_one: usize = all
            .iter()
            .filter(|a| a.language == Language::Bash && !is_teardown(a) && !is_alternative(a))
            .map(|a| sandbox.run(&a.content).len())
            .sum();
        assert_eq!(calls.len(), one_by_one + manifests, "{name}");
        ran += 1;
    }
    assert!(ran >= 4, "only {ran} examples without console steps");
}

#[test]
fn a_pasted_one_script_stops_at_its_first_failure_and_keeps_the_shell() {
    let sandbox = Sandbox::new("one-script-paste");
    for (name, raw) in examples() {
        sandbox.forget_files();
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!("{}echo shell-goes-on\n", script_of(&raw)))
            .current_dir(&sandbox.dir)
            .env("PATH", format!("{}:/usr/bin:/bin", sandbox.dir.join("bin").display()))
            .env("CALLS", sandbox.dir.join("calls"))
            .env("SANDBOX_TMP", sandbox.dir.join("tmp"))
            .env("FAIL_ALL", "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.ends_with("shell-goes-on\n"), "{name}: {stdout}");
        let calls: Vec<Vec<String>> = sandbox.calls().into_iter().filter(|c| c[0] != "rm").collect();
        assert!(calls.len() <= 2, "{name}: went on after a failure: {calls:?}");
    }
}
