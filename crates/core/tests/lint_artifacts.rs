//! Every policy the generators produce, for every example scenario, lints clean: no `error`,
//! `security-warning` or `warning` finding, except the ones the vendor's documented policy
//! warrants, which are listed here with the reason; each of those artifacts comes with a
//! hardened alternative (`<id>-hardened`) that lints clean. The options come from
//! `lint_plan`, the same ones the page uses.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use bucketrust_core::lint::{lint_with, Severity};
use bucketrust_core::{generate, lint_plan, validate};

mod support;

use support::examples;

/// (example, artifact id, rule name, why the vendor's policy warrants it).
const WARRANTED: &[(&str, &str, &str, &str)] = &[
    (
        "palette-backup-location-multi-account",
        "permission-policy",
        "wildcard-resource-with-write",
        "Palette's backup location policy (the Velero AWS plugin's) creates and deletes EBS snapshots and volumes on `*`",
    ),
    (
        "palette-backup-location-single-account",
        "permission-policy",
        "wildcard-resource-with-write",
        "Palette's backup location policy (the Velero AWS plugin's) creates and deletes EBS snapshots and volumes on `*`",
    ),
    (
        "palette-cloud-account-pod-identity",
        "hubble-permission-policy",
        "wildcard-resource-with-kms",
        "Palette's Hubble policy reads KMS key metadata on `*` to validate the account",
    ),
    (
        "palette-cloud-account-pod-identity-cross-account",
        "hubble-permission-policy",
        "wildcard-resource-with-kms",
        "Palette's Hubble policy reads KMS key metadata on `*` to validate the account",
    ),
    (
        "palette-cloud-account-pod-identity",
        "palette-permission-policy",
        "pass-role-on-wildcard",
        "Palette's controller policy passes the roles of the clusters it creates, whose names it does not know in advance",
    ),
    (
        "palette-cloud-account-pod-identity-cross-account",
        "palette-permission-policy",
        "pass-role-on-wildcard",
        "Palette's controller policy passes the roles of the clusters it creates, whose names it does not know in advance",
    ),
    (
        "palette-cloud-account-pod-identity-cross-account",
        "palette-trust-policy",
        "tag-session-outside-pod-identity",
        "the cross-account identity role chains EKS Pod Identity's session tags to Palette's role",
    ),
    (
        "palette-cloud-account-pod-identity",
        "palette-permission-policy",
        "wildcard-resource-with-write",
        "Palette's pod identity policy creates and deletes pod identity associations on `*` (Palette docs, EKS Pod Identity)",
    ),
    (
        "palette-cloud-account-pod-identity",
        "identity-permission-policy",
        "wildcard-resource-with-write",
        "Palette's pod identity policy creates and deletes pod identity associations on `*` (Palette docs, EKS Pod Identity)",
    ),
    (
        "palette-cloud-account-pod-identity-cross-account",
        "palette-permission-policy",
        "wildcard-resource-with-write",
        "Palette's pod identity policy creates and deletes pod identity associations on `*` (Palette docs, EKS Pod Identity)",
    ),
    (
        "palette-cloud-account-pod-identity-cross-account",
        "identity-permission-policy",
        "wildcard-resource-with-write",
        "Palette's pod identity policy creates and deletes pod identity associations on `*` (Palette docs, EKS Pod Identity)",
    ),
];

#[test]
fn generated_policies_lint_clean() {
    let examples = examples();
    assert!(examples.len() >= 10, "{} examples", examples.len());
    let mut linted = 0;
    let mut used = vec![false; WARRANTED.len()];
    let mut unexpected = Vec::new();
    for (name, raw) in &examples {
        let setup = validate(raw).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let artifacts = generate(&setup);
        // The same options the page lints its policy blocks with.
        for (id, options) in lint_plan(&artifacts) {
            let artifact = artifacts.iter().find(|a| a.id == id).unwrap();
            linted += 1;
            for f in lint_with(&artifact.content, &options) {
                if f.severity == Severity::Suggestion {
                    continue;
                }
                let warranted = WARRANTED
                    .iter()
                    .position(|(e, a, rule, _)| e == name && *a == artifact.id && *rule == f.name);
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
    assert!(linted >= 20, "only {linted} policies linted");
    assert!(unexpected.is_empty(), "unexpected findings:\n{}", unexpected.join("\n"));
    for (i, w) in WARRANTED.iter().enumerate() {
        assert!(
            used[i],
            "the warranted finding {w:?} no longer occurs; remove it from the list"
        );
    }
}

/// Every policy with a warranted finding has a hardened alternative beside it, and the
/// alternative does not have that finding.
#[test]
fn warranted_findings_come_with_a_hardened_alternative() {
    let examples = examples();
    for (example, id, rule, _) in WARRANTED {
        let (_, raw) = examples.iter().find(|(name, _)| name == example).unwrap();
        let artifacts = generate(&validate(raw).unwrap());
        let hardened_id = format!("{id}-hardened");
        let hardened = artifacts
            .iter()
            .find(|a| a.id == hardened_id)
            .unwrap_or_else(|| panic!("{example}: `{id}` has a warranted `{rule}` but no `{hardened_id}`"));
        let plan = lint_plan(&artifacts);
        let (_, options) = plan.iter().find(|(a, _)| *a == hardened.id).unwrap();
        let findings = lint_with(&hardened.content, options);
        assert!(
            findings.iter().all(|f| f.severity == Severity::Suggestion),
            "{example} {hardened_id}: {findings:#?}"
        );
    }
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
        lint_plan(&artifacts)
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
