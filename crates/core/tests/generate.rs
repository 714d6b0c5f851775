//! Generated artifacts: equal in meaning to the vendor's documents, and pinned by snapshots.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use bucketrust_core::policy::semantics::grants;
use bucketrust_core::{generate, validate, Artifact, Field, RawSetup};
use serde_json::Value;
mod support;

use std::path::Path;

use support::{fixture, json};

fn artifacts(setup_json: &str) -> Vec<Artifact> {
    let raw = RawSetup::from_json(setup_json).unwrap_or_else(|e| panic!("{e:?}"));
    let setup = validate(&raw).unwrap_or_else(|e| panic!("{e:?}"));
    generate(&setup)
}

fn artifact<'a>(all: &'a [Artifact], id: &str) -> &'a Artifact {
    all.iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("no artifact `{id}`"))
}

#[test]
fn stackgres_permission_policy_means_what_the_seed_says() {
    let seed = json(&fixture("seeds/stackgres-s3-policy.json"));
    for setup in [
        "setups/stackgres-static-keys-aws.json",
        "setups/stackgres-irsa-aws.json",
    ] {
        let all = artifacts(&fixture(setup));
        let policy = json(&artifact(&all, "permission-policy").content);
        assert_eq!(grants(&policy), grants(&seed), "{setup}");
    }
}

#[test]
fn stackgres_irsa_trust_is_the_seed_trust_plus_the_audience() {
    let all = artifacts(&fixture("setups/stackgres-irsa-aws.json"));
    let issuer = "oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D";
    // The seed trusts `stackgres-backup-sa`, an account the cluster's pods never run as:
    // StackGres runs them as `<cluster>-patroni`, which it names itself.
    let seed = fixture("seeds/stackgres-irsa-trust.json")
        .replace("ACCOUNT_ID", "111122223333")
        .replace("${OIDC_PROVIDER}", issuer)
        .replace("stackgres-backup-sa", "my-cluster-patroni");
    let mut expected = json(&seed);
    // The seed omits the audience condition; without it any token of the issuer for any
    // audience would be accepted, so the generator adds it as eksctl and AWS's docs do.
    expected["Statement"][0]["Condition"]["StringEquals"][format!("{issuer}:aud")] = Value::from("sts.amazonaws.com");
    let trust = json(&artifact(&all, "trust-policy").content);
    assert_eq!(grants(&trust), grants(&expected));
}

#[test]
fn stackgres_refuses_a_service_account_its_pods_do_not_run_as() {
    let raw = RawSetup::from_json(&fixture("setups/stackgres-irsa-aws.json"))
        .unwrap()
        .with(Field::ServiceAccount, "stackgres-backup-sa");
    let errors: Vec<String> = validate(&raw).unwrap_err().iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        ["serviceAccount `stackgres-backup-sa`: StackGres runs the pods of SGCluster `my-cluster` as service account `my-cluster-patroni`, which it creates and names itself; leave serviceAccount empty"]
    );
    // The account it does run as is accepted, and is what the trust admits anyway.
    let raw = raw.with(Field::ServiceAccount, "my-cluster-patroni");
    assert!(validate(&raw).is_ok());
}

#[test]
fn stackgres_irsa_puts_the_role_on_the_service_account_through_the_sgcluster() {
    let all = artifacts(&fixture("setups/stackgres-irsa-aws.json"));
    let patch = &artifact(&all, "sgcluster-patch").content;
    let words = shell_words::split(
        patch
            .lines()
            .filter(|l| !l.starts_with('#') && !matches!(*l, "(" | ")" | "set -euo pipefail"))
            .collect::<Vec<_>>()
            .join("\n")
            .replace("\\\n", " ")
            .as_str(),
    )
    .unwrap();
    assert_eq!(words[..4], ["kubectl", "patch", "sgcluster", "my-cluster"]);
    let body = json(words.last().unwrap());
    assert_eq!(
        body["spec"]["metadata"]["annotations"]["serviceAccount"]["eks.amazonaws.com/role-arn"],
        "arn:aws:iam::111122223333:role/StackGresBackupRole"
    );
    // Pod annotations do nothing for IRSA, so there are none.
    assert!(body["spec"]["metadata"]["annotations"].get("clusterPods").is_none());
    assert_eq!(
        body["spec"]["configurations"]["backups"][0]["sgObjectStorage"],
        "s3-iam-storage"
    );
    // No imperative annotation: the operator owns the service account.
    assert!(all.iter().all(|a| !a.content.contains("kubectl annotate")));
    assert!(artifact(&all, "eksctl").content.contains("--role-only"));
    // eksctl annotated nothing, so its teardown claims to remove no annotation.
    assert!(!artifact(&all, "teardown-eksctl").content.contains("annotation"));
}

#[test]
fn stackgres_static_keys_schedule_backups_to_the_object_storage() {
    let all = artifacts(&fixture("setups/stackgres-static-keys-aws.json"));
    let patch = &artifact(&all, "sgcluster-backups").content;
    assert!(
        patch.contains(r#"'{"spec":{"configurations":{"backups":[{"sgObjectStorage":"objectstorage","cronSchedule":"0 5 * * *","retention":7}]}}}'"#),
        "{patch}"
    );
}

#[test]
fn stackgres_irsa_trusts_the_service_account_of_the_cluster_pods_by_default() {
    let all = artifacts(&fixture("setups/stackgres-irsa-aws.json"));
    let trust = json(&artifact(&all, "trust-policy").content);
    let issuer = "oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D";
    assert_eq!(
        trust["Statement"][0]["Condition"]["StringEquals"][format!("{issuer}:sub")],
        "system:serviceaccount:default:my-cluster-patroni"
    );
}

#[test]
fn every_arn_carries_the_partition() {
    let all = artifacts(&fixture("setups/stackgres-irsa-us-gov-kms.json"));
    for a in &all {
        assert!(
            !a.content.contains("arn:aws:"),
            "{} hard-codes arn:aws:\n{}",
            a.id,
            a.content
        );
    }
    let policy = json(&artifact(&all, "permission-policy").content);
    let kms = policy["Statement"][2].clone();
    assert_eq!(
        kms["Resource"][0],
        "arn:aws-us-gov:kms:us-gov-west-1:012345678901:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    );
}

#[test]
fn policies_embedded_in_scripts_equal_the_policy_artifacts() {
    for setup in [
        "setups/stackgres-static-keys-aws.json",
        "setups/stackgres-irsa-aws.json",
    ] {
        let all = artifacts(&fixture(setup));
        let script = &artifact(&all, "aws-cli").content;
        let policy = artifact(&all, "permission-policy").content.trim_end();
        assert!(script.contains(&format!("permission_policy='{policy}'")), "{setup}");
    }
}

/// Every artifact of every setup fixture, as the CLI's text output would show it.
#[test]
fn snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/setups");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    assert!(names.len() >= 4);
    for name in names {
        let all = artifacts(&fixture(&format!("setups/{name}")));
        let text: String = all
            .iter()
            .map(|a| {
                format!(
                    "==> {} [{}, {}, {}]\n{}",
                    a.title,
                    a.id,
                    a.kind.id(),
                    a.language.id(),
                    a.content
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        insta::with_settings!({ snapshot_suffix => name.trim_end_matches(".json") }, {
            insta::assert_snapshot!(text);
        });
    }
}

/// The console steps are numbered by hand in the generators: in every scenario they count
/// 1, 2, 3… without a gap or a repeat, whatever steps the setup adds or leaves out.
#[test]
fn console_steps_are_numbered_in_order() {
    let mut checked = 0;
    for (name, raw) in support::examples()
        .into_iter()
        .chain(support::setups_in("tests/fixtures/setups"))
    {
        for a in support::artifacts(&raw)
            .iter()
            .filter(|a| a.kind == bucketrust_core::ArtifactKind::ConsoleSteps)
        {
            let numbers: Vec<usize> = a
                .content
                .lines()
                .filter_map(|line| line.split_once(". ").and_then(|(n, _)| n.parse().ok()))
                .collect();
            let expected: Vec<usize> = (1..=numbers.len()).collect();
            assert!(!numbers.is_empty(), "{name}: no numbered step");
            assert_eq!(numbers, expected, "{name}");
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} console-steps artifacts");
}
