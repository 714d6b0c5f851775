//! Every policy the generators produce, for every scenario (the examples and the snapshot
//! fixtures, in every partition they cover), lints clean: no `error`, `security-warning` or
//! `warning` finding, except the ones the vendor's documented policy warrants, which each
//! target lists with the reason (`Target::warranted_findings`); each comes with a remedy, a
//! hardened alternative (its `replaces` names the vendor's) that lints clean or a field that
//! narrows the policy. The findings come from `review`, as on the page.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use bucketrust_core::lint::{Finding, Severity};
use bucketrust_core::review::lint_plan;
use bucketrust_core::targets::{self, Remedy, Warranted};
use bucketrust_core::{generate, review, validate, Artifact, RawSetup};

mod support;

use support::{examples, setups_in};

/// The findings the target of `raw` says its vendor's policies warrant.
fn warranted(raw: &RawSetup) -> Vec<&'static Warranted> {
    let target = raw.target().unwrap();
    target
        .warranted_findings()
        .iter()
        .filter(|w| w.auth.is_none_or(|a| Some(a) == raw.auth()))
        .collect()
}

/// Every warranted finding of every target, with its target's id.
fn all_warranted() -> Vec<(&'static str, &'static Warranted)> {
    targets::ALL
        .iter()
        .flat_map(|t| t.warranted_findings().iter().map(|w| (t.id(), w)))
        .collect()
}

/// Every scenario the tests know, with its artifacts.
fn scenarios() -> Vec<(String, RawSetup, Vec<Artifact>)> {
    examples()
        .into_iter()
        .chain(setups_in("tests/fixtures/setups"))
        .map(|(name, raw)| {
            let setup = validate(&raw).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            let artifacts = generate(&setup);
            (name, raw, artifacts)
        })
        .collect()
}

/// Every policy artifact's findings, linted as the page lints them.
fn linted(artifacts: &[Artifact]) -> Vec<(&Artifact, Vec<Finding>)> {
    review(artifacts)
        .findings
        .into_iter()
        .map(|(id, findings)| (artifacts.iter().find(|a| a.id == id).unwrap(), findings))
        .collect()
}

#[test]
fn generated_policies_lint_clean() {
    let scenarios = scenarios();
    assert!(scenarios.len() >= 30, "{} scenarios", scenarios.len());
    let mut count = 0;
    let all = all_warranted();
    let mut used = vec![false; all.len()];
    let mut unexpected = Vec::new();
    for (name, raw, artifacts) in &scenarios {
        let target = raw.target().unwrap().id();
        let mine = warranted(raw);
        for (artifact, findings) in linted(artifacts) {
            count += 1;
            for f in findings.iter().filter(|f| f.severity != Severity::Suggestion) {
                let warranted = all.iter().position(|(t, w)| {
                    *t == target
                        && mine.iter().any(|m| std::ptr::eq(*m, *w))
                        && w.artifact == artifact.id
                        && w.rule == f.name
                });
                match warranted {
                    Some(i) => used[i] = true,
                    None => unexpected.push(format!(
                        "{name} {}: {}[{}] {} at {}:{} ({})",
                        artifact.id, f.severity, f.code, f.message, f.line, f.column, f.name
                    )),
                }
            }
        }
    }
    assert!(count >= 60, "only {count} policies linted");
    assert!(unexpected.is_empty(), "unexpected findings:\n{}", unexpected.join("\n"));
    for (i, (t, w)) in all.iter().enumerate() {
        assert!(
            used[i],
            "{t}: the warranted finding {w:?} no longer occurs; remove it from the target's list"
        );
    }
}

/// Every warranted finding comes with its remedy, in every scenario that has it: a hardened
/// alternative beside the artifact that lints clean, or a setup field that, once set, makes
/// the finding go away.
#[test]
fn warranted_findings_come_with_a_remedy() {
    let mut checked = 0;
    for (name, raw) in examples().into_iter().chain(setups_in("tests/fixtures/setups")) {
        let artifacts = generate(&validate(&raw).unwrap());
        let findings = linted(&artifacts);
        let has = |findings: &[(&Artifact, Vec<Finding>)], id: &str, rule: &str| {
            findings
                .iter()
                .any(|(a, f)| a.id == id && f.iter().any(|f| f.name == rule))
        };
        for w in warranted(&raw) {
            let (id, rule) = (w.artifact, w.rule);
            if !has(&findings, id, rule) {
                continue;
            }
            match &w.remedy {
                Remedy::Hardened => {
                    let (hardened, hardened_findings) = findings
                        .iter()
                        .find(|(a, _)| a.replaces == Some(id))
                        .unwrap_or_else(|| {
                            panic!("{name}: `{id}` has a warranted `{rule}` but no hardened alternative")
                        });
                    assert!(
                        hardened_findings.iter().all(|f| f.severity == Severity::Suggestion),
                        "{name} {}: {hardened_findings:#?}",
                        hardened.id
                    );
                }
                Remedy::Field(field, value) => {
                    let narrowed = generate(&validate(&raw.clone().with(*field, *value)).unwrap());
                    assert!(
                        !has(&linted(&narrowed), id, rule),
                        "{name}: `{}` does not remove `{rule}` from `{id}`",
                        field.key()
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} remedies checked");
}

/// The quota each generated policy is checked against follows from the scripts: a user's
/// inline policy, a role's inline policy, a managed policy; a hardened alternative takes
/// its vendor's.
#[test]
fn the_lint_plan_reads_each_policys_attachment_from_the_scripts() {
    use bucketrust_core::lint::Attachment;
    let examples = examples();
    let plan_of = |example: &str| {
        let (_, raw) = examples.iter().find(|(name, _)| name == example).unwrap();
        let artifacts = generate(&validate(raw).unwrap());
        lint_plan(&targets::read_back(&artifacts), &artifacts)
            .into_iter()
            .map(|(id, o)| (id, o.attachment.unwrap()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        plan_of("stackgres-static-keys"),
        [("permission-policy", Attachment::InlineUser)]
    );
    assert_eq!(
        plan_of("stackgres-irsa"),
        [
            ("permission-policy", Attachment::Managed),
            ("trust-policy", Attachment::Managed)
        ]
    );
    let palette = plan_of("palette-cloud-account-pod-identity");
    assert!(
        palette.contains(&("palette-permission-policy", Attachment::InlineRole)),
        "{palette:?}"
    );
    assert!(
        palette.contains(&("palette-permission-policy-hardened", Attachment::InlineRole)),
        "{palette:?}"
    );
    assert!(
        palette.contains(&("hubble-permission-policy", Attachment::InlineRole)),
        "{palette:?}"
    );
}
