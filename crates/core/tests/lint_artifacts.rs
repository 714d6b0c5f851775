//! Every policy the generators produce, for every scenario (the examples and the snapshot
//! fixtures, in every partition they cover), lints clean: no `error`, `security-warning` or
//! `warning` finding, except the ones the vendor's documented policy warrants, which are
//! listed here with the reason; each of those artifacts comes with a hardened alternative
//! (its `replaces` names the vendor's) that lints clean. The findings come from `review`,
//! as on the page.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use bucketrust_core::lint::{Finding, Severity};
use bucketrust_core::review::lint_plan;
use bucketrust_core::targets::{self, palette_backup_location};
use bucketrust_core::{generate, review, validate, Artifact, Field};

mod support;

use support::{examples, setups_in};

/// How the user gets rid of a warranted finding.
#[derive(Clone, Copy, Debug)]
enum Remedy {
    /// The hardened alternative `<id>-hardened` beside the artifact.
    Hardened,
    /// A setup field the vendor's form leaves out, here with a value that narrows it.
    Field(Field, &'static str),
}

/// (scenarios whose name starts with this, artifact id, rule name, why the vendor's policy
/// warrants it, the remedy offered).
const WARRANTED: &[(&str, &str, &str, &str, Remedy)] = &[
    (
        "palette-backup-location",
        "permission-policy",
        "wildcard-resource-with-write",
        "Palette's backup location policy (the Velero AWS plugin's) creates and deletes EBS snapshots and volumes on `*`",
        Remedy::Hardened,
    ),
    (
        "palette-cloud-account-pod-identity",
        "hubble-permission-policy",
        "wildcard-resource-with-kms",
        "Palette's Hubble policy reads KMS key metadata on `*` to validate the account",
        Remedy::Hardened,
    ),
    (
        "palette-cloud-account-pod-identity",
        "palette-permission-policy",
        "pass-role-on-wildcard",
        "Palette's controller policy passes the roles of the clusters it creates, whose names it does not know in advance",
        Remedy::Hardened,
    ),
    (
        "palette-cloud-account-pod-identity",
        "palette-permission-policy",
        "wildcard-resource-with-write",
        "Palette's pod identity policy creates and deletes pod identity associations on `*` (Palette docs, EKS Pod Identity)",
        Remedy::Hardened,
    ),
    (
        "palette-cloud-account-pod-identity",
        "identity-permission-policy",
        "wildcard-resource-with-write",
        "Palette's pod identity policy creates and deletes pod identity associations on `*` (Palette docs, EKS Pod Identity)",
        Remedy::Hardened,
    ),
    (
        "palette-cloud-account-pod-identity-cross-account",
        "palette-trust-policy",
        "tag-session-outside-pod-identity",
        "the cross-account identity role chains EKS Pod Identity's session tags to Palette's role",
        Remedy::Hardened,
    ),
    (
        "palette-backup-location-multi-account",
        "trust-policy",
        "account-principal-without-condition",
        "Palette's multi-account trust (the cluster account's root) when the setup names no trusted role",
        Remedy::Field(palette_backup_location::TRUSTED_ROLE_NAME, "SpectroCloudRole"),
    ),
];

/// Every scenario the tests know, with its artifacts.
fn scenarios() -> Vec<(String, Vec<Artifact>)> {
    examples()
        .into_iter()
        .chain(setups_in("tests/fixtures/setups"))
        .map(|(name, raw)| {
            let setup = validate(&raw).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            (name, generate(&setup))
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
    let mut used = vec![false; WARRANTED.len()];
    let mut unexpected = Vec::new();
    for (name, artifacts) in &scenarios {
        for (artifact, findings) in linted(artifacts) {
            count += 1;
            for f in findings.iter().filter(|f| f.severity != Severity::Suggestion) {
                let warranted = WARRANTED
                    .iter()
                    .position(|(s, a, rule, ..)| name.starts_with(s) && *a == artifact.id && *rule == f.name);
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
    for (i, w) in WARRANTED.iter().enumerate() {
        assert!(
            used[i],
            "the warranted finding {w:?} no longer occurs; remove it from the list"
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
        for (_, id, rule, _, remedy) in WARRANTED.iter().filter(|(s, ..)| name.starts_with(s)) {
            if !has(&findings, id, rule) {
                continue;
            }
            match remedy {
                Remedy::Hardened => {
                    let hardened_id = format!("{id}-hardened");
                    let (_, hardened) = findings
                        .iter()
                        .find(|(a, _)| a.id == hardened_id)
                        .unwrap_or_else(|| panic!("{name}: `{id}` has a warranted `{rule}` but no `{hardened_id}`"));
                    assert!(
                        hardened.iter().all(|f| f.severity == Severity::Suggestion),
                        "{name} {hardened_id}: {hardened:#?}"
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
