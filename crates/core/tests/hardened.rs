//! The `hardened` switch: for every scenario (examples and fixtures) whose target offers a
//! hardened alternative, the scripts pass the hardened policies to IAM, the vendor's become
//! the alternatives, the setup checks still agree and the policies the scripts use lint
//! clean; elsewhere the key is ignored and reported as such.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use bucketrust_core::bundle::bundle;
use bucketrust_core::lint::Severity;
use bucketrust_core::targets::{self, Policies, Remedy};
use bucketrust_core::{generate, review, validate, Artifact, Field, RawSetup};

mod support;

use support::{examples, messages, setups_in};

fn scenarios() -> Vec<(String, RawSetup)> {
    examples()
        .into_iter()
        .chain(setups_in("tests/fixtures/setups"))
        .collect()
}

fn generated(raw: &RawSetup) -> Vec<Artifact> {
    generate(&validate(raw).unwrap_or_else(|e| panic!("{e:?}")))
}

fn offers(raw: &RawSetup) -> bool {
    raw.target().unwrap().offers_hardened(raw.auth().unwrap())
}

#[test]
fn a_target_offers_the_switch_exactly_where_its_artifacts_have_an_alternative() {
    let mut offered = 0;
    for (name, raw) in scenarios() {
        let has_alternative = generated(&raw).iter().any(|a| a.replaces.is_some());
        assert_eq!(offers(&raw), has_alternative, "{name}");
        offered += usize::from(has_alternative);
    }
    assert!(offered >= 10, "only {offered} scenarios have an alternative");
}

#[test]
fn with_the_switch_the_scripts_pass_the_hardened_policies_to_iam() {
    let mut pairs = 0;
    for (name, raw) in scenarios().into_iter().filter(|(_, raw)| offers(raw)) {
        let documented = generated(&raw);
        let hardened_raw = raw.clone().with(Field::Hardened, "true");
        assert_eq!(
            validate(&hardened_raw).unwrap().policies(),
            Policies::Hardened,
            "{name}"
        );
        let hardened = generated(&hardened_raw);
        let placed = targets::read_back(&hardened).documents;
        let is_placed = |a: &Artifact| placed.iter().any(|d| d.text.trim() == a.content.trim());
        for alternative in documented.iter().filter(|a| a.replaces.is_some()) {
            let vendor_id = alternative.replaces.unwrap();
            let vendor = documented.iter().find(|a| a.id == vendor_id).unwrap();
            let position = |id: &str| hardened.iter().position(|a| a.id == id).unwrap();
            let (now_used, now_alternative) = (&hardened[position(alternative.id)], &hardened[position(vendor_id)]);
            // The same documents under the same ids, the one the scripts use first.
            assert_eq!(now_used.content, alternative.content, "{name} {}", alternative.id);
            assert_eq!(now_alternative.content, vendor.content, "{name} {vendor_id}");
            assert_eq!(now_used.replaces, None, "{name}");
            assert_eq!(now_alternative.replaces, Some(alternative.id), "{name}");
            assert!(
                position(alternative.id) + 1 == position(vendor_id),
                "{name}: {vendor_id} does not follow"
            );
            assert!(
                !now_used.title.starts_with("Hardened alternative"),
                "{name}: {}",
                now_used.title
            );
            assert!(
                now_alternative.title.starts_with("Documented alternative"),
                "{name}: {}",
                now_alternative.title
            );
            // What the scripts hand to IAM is the hardened document, never the vendor's.
            assert!(is_placed(now_used), "{name}: the scripts do not use {}", alternative.id);
            assert!(!is_placed(now_alternative), "{name}: the scripts still use {vendor_id}");
            pairs += 1;
        }
        // Nothing else changes but the scripts that hand the documents over.
        let ids = |all: &[Artifact]| {
            let mut ids: Vec<&str> = all.iter().map(|a| a.id).collect();
            ids.sort_unstable();
            ids
        };
        assert_eq!(ids(&documented), ids(&hardened), "{name}");
    }
    assert!(pairs >= 20, "only {pairs} pairs checked");
}

#[test]
fn the_setup_checks_agree_and_the_used_policies_lint_clean_with_the_switch() {
    let mut checked = 0;
    for (name, raw) in scenarios() {
        let raw = raw.with(Field::Hardened, "true");
        let artifacts = generated(&raw);
        let review = review(&artifacts);
        let failures: Vec<String> = review
            .setup_checks
            .findings
            .iter()
            .map(|f| format!("{} {} [{}] {}", f.code, f.name, f.artifact, f.message))
            .collect();
        assert!(failures.is_empty(), "{name}: {}", failures.join("\n"));
        // A policy the scripts use has no finding a hardened alternative remedies: those
        // are the vendor's, which are now the alternatives.
        let target = raw.target().unwrap();
        for (id, findings) in &review.findings {
            let artifact = artifacts.iter().find(|a| a.id == *id).unwrap();
            if artifact.replaces.is_some() {
                continue;
            }
            for f in findings.iter().filter(|f| f.severity != Severity::Suggestion) {
                let by_field = target.warranted_findings().iter().any(|w| {
                    w.artifact == *id
                        && w.rule == f.name
                        && matches!(w.remedy, Remedy::Field(..))
                        && w.auth.is_none_or(|a| Some(a) == raw.auth())
                });
                assert!(by_field, "{name} {id}: {} {} {}", f.code, f.name, f.message);
            }
            checked += 1;
        }
    }
    assert!(checked >= 60, "only {checked} policies checked");
}

#[test]
fn where_no_alternative_exists_the_switch_is_ignored_and_reported() {
    for (name, raw) in scenarios().into_iter().filter(|(_, raw)| !offers(raw)) {
        let switched = raw.clone().with(Field::Hardened, "true");
        assert!(switched.ignored_fields().contains(&Field::Hardened), "{name}");
        assert_eq!(generated(&switched), generated(&raw), "{name}");
        // Even a value that would be wrong is ignored, as any field the scenario does not use.
        assert!(messages(&raw.with(Field::Hardened, "maybe")).is_empty(), "{name}");
    }
    let (_, velero) = examples().into_iter().find(|(n, _)| n == "velero-irsa").unwrap();
    assert!(!velero
        .clone()
        .with(Field::Hardened, "true")
        .ignored_fields()
        .contains(&Field::Hardened));
}

#[test]
fn the_switch_is_true_or_false_and_travels_in_the_link() {
    let (_, raw) = examples().into_iter().find(|(n, _)| n == "velero-irsa").unwrap();
    assert_eq!(
        messages(&raw.clone().with(Field::Hardened, "yes")),
        ["hardened `yes`: the value is `true` or `false`"]
    );
    assert_eq!(
        validate(&raw.clone().with(Field::Hardened, "false"))
            .unwrap()
            .policies(),
        Policies::Documented
    );
    assert_eq!(validate(&raw).unwrap().policies(), Policies::Documented);
    let fragment = raw.clone().with(Field::Hardened, "true").to_fragment();
    assert!(
        fragment.ends_with("&hardened=true") || fragment.contains("&hardened=true&"),
        "{fragment}"
    );
    let (back, errors) = RawSetup::from_fragment(&fragment);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(validate(&back).unwrap().policies(), Policies::Hardened);
}

#[test]
fn the_bundle_files_the_hardened_policy_as_the_one_the_scripts_use() {
    let (_, raw) = examples().into_iter().find(|(n, _)| n == "velero-irsa").unwrap();
    let artifacts = generated(&raw.with(Field::Hardened, "true"));
    let files = bundle("Velero", &artifacts);
    let readme = &files.iter().find(|f| f.path == "README.md").unwrap().content;
    assert!(
        readme.contains("`policies/permission-policy-hardened.json`: Permission policy, hardened: ")
            && readme.contains("(the scripts pass this document to IAM)"),
        "{readme}"
    );
    assert!(
        readme.contains("`policies/permission-policy.json`: Documented alternative: ")
            && readme.contains("(an alternative to `policies/permission-policy-hardened.json`, which the scripts use)"),
        "{readme}"
    );
    let script = files.iter().find(|f| f.path.ends_with("-aws-cli.sh")).unwrap();
    assert!(script.content.contains("ec2:CreateAction"), "{}", script.content);
}
