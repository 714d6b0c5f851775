//! Upbound Spaces: the generated policies mean what the Upbound guide's do, the scripts run
//! under `bash -euo pipefail`, and every value reaches `aws`, `helm` and `kubectl` as exactly
//! the argument the generator meant. The snapshots of every fixture in
//! `fixtures/setups/upbound-spaces-*` are taken by `generate.rs`.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

use bucketrust_core::policy::semantics::{grants, Grant};
use bucketrust_core::targets::upbound_spaces;
use bucketrust_core::{validate, ArtifactKind, Field, Language, RawSetup};
use std::collections::BTreeSet;
use std::path::Path;

mod support;

use support::{artifacts, content, fixture, json, messages, Sandbox};

const ISSUER: &str = "oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D";
const NAMESPACE: &str = "mxp-0f1e2d3c-system";
/// The second control plane's host namespace in the aws fixtures.
const NAMESPACE_2: &str = "mxp-4a5b6c7d-system";
const ANNOTATION_KEY: &str = r"controlPlanes.mxpController.serviceAccount.annotations.eks\.amazonaws\.com/role-arn";

fn raw(path: &str) -> RawSetup {
    RawSetup::from_json(&fixture(path)).unwrap_or_else(|e| panic!("{e:?}"))
}

fn irsa() -> RawSetup {
    raw("setups/upbound-spaces-irsa-aws.json")
}

fn pod_identity() -> RawSetup {
    raw("setups/upbound-spaces-pod-identity-aws.json")
}

/// Whether IAM can authorise `action` on `resource` at all: bucket-level actions act on the
/// bucket ARN, object-level ones on object ARNs. Other pairs grant nothing.
fn pair_can_grant(grant: &Grant) -> bool {
    let on_objects = grant.resource.contains('/');
    match grant.action.as_str() {
        "s3:ListBucket" => !on_objects,
        "s3:GetObject" | "s3:PutObject" | "s3:DeleteObject" => on_objects,
        _ => true,
    }
}

fn seed_policy(bucket: &str) -> BTreeSet<Grant> {
    let seed = fixture("seeds/upbound-spaces-s3-policy.json").replace("${YOUR_BACKUP_BUCKET}", bucket);
    grants(&json(&seed)).unwrap()
}

#[test]
fn permission_policy_grants_what_the_seed_grants() {
    for setup in [irsa(), pod_identity()] {
        let all = artifacts(&setup);
        let generated = grants(&json(content(&all, "permission-policy"))).unwrap();
        let effective: BTreeSet<Grant> = seed_policy("my-spaces-backups")
            .into_iter()
            .filter(pair_can_grant)
            .collect();
        assert_eq!(generated, effective);
    }
}

#[test]
fn permission_policy_drops_only_the_seed_pairs_that_grant_nothing() {
    // The seed puts all four actions on both the bucket and its objects. The generator pairs
    // each action with the one resource it can act on; the four pairs it leaves out are
    // exactly the mismatched ones.
    let all = artifacts(&irsa());
    let generated = grants(&json(content(&all, "permission-policy"))).unwrap();
    let seed = seed_policy("my-spaces-backups");
    let dropped: Vec<(String, String)> = seed
        .difference(&generated)
        .map(|g| (g.action.clone(), g.resource.clone()))
        .collect();
    let bucket = "arn:aws:s3:::my-spaces-backups";
    let objects = "arn:aws:s3:::my-spaces-backups/*";
    assert_eq!(
        dropped,
        [
            ("s3:DeleteObject".to_owned(), bucket.to_owned()),
            ("s3:GetObject".to_owned(), bucket.to_owned()),
            ("s3:ListBucket".to_owned(), objects.to_owned()),
            ("s3:PutObject".to_owned(), bucket.to_owned()),
        ]
    );
    assert!(
        generated.is_subset(&seed),
        "the generator grants nothing the seed does not"
    );
}

#[test]
fn kms_key_adds_only_the_key_statement() {
    let all = artifacts(&raw("setups/upbound-spaces-irsa-us-gov-kms.json"));
    let policy = json(content(&all, "permission-policy"));
    let statements = policy["Statement"].as_array().unwrap();
    assert_eq!(statements.len(), 3);
    assert_eq!(
        statements[2],
        json(
            r#"{"Effect": "Allow", "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
            "Resource": ["arn:aws-us-gov:kms:us-gov-west-1:012345678901:key/1234abcd-12ab-34cd-56ef-1234567890ab"]}"#
        )
    );
}

#[test]
fn irsa_trust_is_the_seed_trust() {
    let seed = fixture("seeds/upbound-spaces-irsa-trust.json")
        .replace("${YOUR_AWS_ACCOUNT_ID}", "111122223333")
        .replace("${YOUR_OIDC_PROVIDER}", ISSUER)
        // The seed's one control plane becomes the fixture's two: `sub` lists both.
        .replace(
            "\"system:serviceaccount:${YOUR_NAMESPACE}:mxp-controller\"",
            &format!("[\"system:serviceaccount:{NAMESPACE}:mxp-controller\", \"system:serviceaccount:{NAMESPACE_2}:mxp-controller\"]"),
        );
    let all = artifacts(&irsa());
    let trust = json(content(&all, "trust-policy"));
    assert_eq!(grants(&trust), grants(&json(&seed)));
    assert_eq!(
        trust["Statement"][0]["Principal"]["Federated"],
        format!("arn:aws:iam::111122223333:oidc-provider/{ISSUER}")
    );
}

#[test]
fn pod_identity_trust_is_the_documented_trust() {
    let all = artifacts(&pod_identity());
    let trust = json(content(&all, "trust-policy"));
    assert_eq!(trust, json(&fixture("seeds/upbound-spaces-pod-identity-trust.json")));
}

#[test]
fn irsa_trust_in_govcloud_uses_the_partition_and_the_sts_audience() {
    let all = artifacts(&raw("setups/upbound-spaces-irsa-us-gov-kms.json"));
    let trust = json(content(&all, "trust-policy"));
    let issuer = "oidc.eks.us-gov-west-1.amazonaws.com/id/0A1B2C3D4E5F60718293A4B5C6D7E8F9";
    assert_eq!(
        trust["Statement"][0]["Principal"]["Federated"],
        format!("arn:aws-us-gov:iam::012345678901:oidc-provider/{issuer}")
    );
    let conditions = &trust["Statement"][0]["Condition"]["StringEquals"];
    assert_eq!(conditions[format!("{issuer}:aud")], "sts.amazonaws.com");
    assert_eq!(
        conditions[format!("{issuer}:sub")],
        "system:serviceaccount:mxp-a1b2c3d4-system:mxp-controller"
    );
}

#[test]
fn every_arn_carries_the_partition() {
    for path in [
        "setups/upbound-spaces-irsa-us-gov-kms.json",
        "setups/upbound-spaces-pod-identity-cn.json",
    ] {
        let all = artifacts(&raw(path));
        for a in &all {
            assert!(
                !a.content.contains("arn:aws:"),
                "{path}: {} hard-codes arn:aws:\n{}",
                a.id,
                a.content
            );
        }
    }
    let all = artifacts(&raw("setups/upbound-spaces-pod-identity-cn.json"));
    assert!(content(&all, "pod-identity-association")
        .contains("--role-arn arn:aws-cn:iam::000011112222:role/spaces-backup"));
}

#[test]
fn artifact_ids_kinds_and_order() {
    let ids = |raw: &RawSetup| -> Vec<(&'static str, ArtifactKind)> {
        artifacts(raw).iter().map(|a| (a.id, a.kind)).collect()
    };
    use ArtifactKind::*;
    assert_eq!(
        ids(&irsa()),
        [
            ("find-inputs", AwsCli),
            ("permission-policy", PermissionPolicy),
            ("trust-policy", TrustPolicy),
            ("aws-cli", AwsCli),
            ("helm", Helm),
            ("shared-backup", KubernetesManifest),
            ("verify", Kubectl),
            ("teardown-cluster", Kubectl),
            ("teardown", AwsCli),
        ]
    );
    assert_eq!(
        ids(&pod_identity()),
        [
            ("find-inputs", AwsCli),
            ("permission-policy", PermissionPolicy),
            ("trust-policy", TrustPolicy),
            ("aws-cli", AwsCli),
            ("pod-identity-association", AwsCli),
            ("shared-backup", KubernetesManifest),
            ("verify", Kubectl),
            ("teardown-cluster", Kubectl),
            ("teardown", AwsCli),
        ]
    );
}

#[test]
fn every_bash_artifact_runs_under_strict_mode() {
    let sandbox = Sandbox::new("upbound-strict");
    for path in [
        "setups/upbound-spaces-irsa-aws.json",
        "setups/upbound-spaces-irsa-us-gov-kms.json",
        "setups/upbound-spaces-pod-identity-aws.json",
        "setups/upbound-spaces-pod-identity-cn.json",
    ] {
        for a in artifacts(&raw(path)).iter().filter(|a| a.language == Language::Bash) {
            let calls = sandbox.run(&a.content);
            assert!(!calls.is_empty(), "{path}: {} ran no command", a.id);
            if a.kind == ArtifactKind::AwsCli {
                for call in &calls {
                    assert_eq!(call[0], "aws", "{path}: {}: {call:?}", a.id);
                }
            }
        }
    }
}

#[test]
fn find_inputs_prints_account_issuer_and_cluster() {
    let all = artifacts(&irsa());
    let calls = Sandbox::new("upbound-inputs").run(content(&all, "find-inputs"));
    assert_eq!(
        calls,
        [
            vec![
                "aws",
                "sts",
                "get-caller-identity",
                "--region",
                "us-west-2",
                "--query",
                "Account",
                "--output",
                "text"
            ],
            vec![
                "aws",
                "eks",
                "list-clusters",
                "--region",
                "us-west-2",
                "--output",
                "text"
            ],
            vec![
                "aws",
                "eks",
                "describe-cluster",
                "--region",
                "us-west-2",
                "--name",
                "spaces-cluster",
                "--query",
                "cluster.identity.oidc.issuer",
                "--output",
                "text"
            ],
        ]
    );
    let all = artifacts(&pod_identity());
    let calls = Sandbox::new("upbound-inputs-pi").run(content(&all, "find-inputs"));
    assert_eq!(
        calls[2],
        [
            "aws",
            "eks",
            "describe-addon",
            "--region",
            "us-west-2",
            "--cluster-name",
            "spaces-cluster",
            "--addon-name",
            "eks-pod-identity-agent",
            "--query",
            "addon.status",
            "--output",
            "text"
        ]
    );
}

#[test]
fn irsa_aws_cli_registers_the_issuer_only_when_missing() {
    let all = artifacts(&irsa());
    let script = content(&all, "aws-cli");
    let policy = content(&all, "permission-policy").trim_end();
    let trust = content(&all, "trust-policy").trim_end();
    let provider = format!("arn:aws:iam::111122223333:oidc-provider/{ISSUER}");
    let get = vec![
        "aws",
        "iam",
        "get-open-id-connect-provider",
        "--region",
        "us-west-2",
        "--open-id-connect-provider-arn",
        &provider,
    ];
    let create_provider = vec![
        "aws",
        "iam",
        "create-open-id-connect-provider",
        "--region",
        "us-west-2",
        "--url",
        "https://oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D",
        "--client-id-list",
        "sts.amazonaws.com",
    ];
    let rest = vec![
        vec![
            "aws",
            "iam",
            "create-policy",
            "--region",
            "us-west-2",
            "--policy-name",
            "backup-restore-policy",
            "--policy-document",
            policy,
        ],
        vec![
            "aws",
            "iam",
            "create-role",
            "--region",
            "us-west-2",
            "--role-name",
            "backup-restore-role",
            "--assume-role-policy-document",
            trust,
        ],
        vec![
            "aws",
            "iam",
            "attach-role-policy",
            "--region",
            "us-west-2",
            "--role-name",
            "backup-restore-role",
            "--policy-arn",
            "arn:aws:iam::111122223333:policy/backup-restore-policy",
        ],
        // The fake `aws` succeeds, so the bucket exists and is not created again.
        vec![
            "aws",
            "s3api",
            "head-bucket",
            "--region",
            "us-west-2",
            "--bucket",
            "my-spaces-backups",
        ],
    ];

    // The provider exists: it is looked up and not created again.
    let sandbox = Sandbox::new("upbound-oidc-exists");
    let mut expected = vec![get.clone()];
    expected.extend(rest.clone());
    assert_eq!(sandbox.run(script), expected);

    // The provider is missing: the failed look-up does not stop the script, and it is created.
    let sandbox = Sandbox::new("upbound-oidc-missing");
    let mut expected = vec![get, create_provider];
    expected.extend(rest);
    assert_eq!(sandbox.run_failing(script, "get-open-id-connect-provider"), expected);
}

#[test]
fn irsa_helm_receives_the_annotation_key_and_role_arn_as_one_word() {
    let all = artifacts(&irsa());
    let calls = Sandbox::new("upbound-helm").run(content(&all, "helm"));
    let set = format!("{ANNOTATION_KEY}=arn:aws:iam::111122223333:role/backup-restore-role");
    assert_eq!(calls.len(), 3, "{calls:?}");
    assert_eq!(calls[2], upgrade(&[&set]));
    // The shell text quotes the word, so the backslashes reach Helm.
    assert!(content(&all, "helm").contains(&format!("--set-string '{set}'")));
}

#[test]
fn the_role_arn_stays_a_string_in_helm() {
    // --set would turn a value such as `true`, `null` or `123` into another type; a role ARN
    // never looks like one, but the chart value goes through --set-string all the same.
    let all = artifacts(&irsa());
    let commands: Vec<&str> = content(&all, "helm").lines().filter(|l| !l.starts_with('#')).collect();
    assert!(commands.iter().all(|l| !l.contains("--set ")), "{commands:?}");
    assert!(commands.iter().any(|l| l.contains("--set-string ")), "{commands:?}");
}

#[test]
fn irsa_helm_key_has_no_double_quotes_for_helm_to_keep() {
    // The seed writes `annotations."eks\.amazonaws\.com/role-arn"="$ARN"`: its shell removes the
    // double quotes. Helm's --set syntax has no quoting (helm pkg/strvals: only `\` escapes), so
    // double quotes that reached Helm would become part of the annotation's name.
    let all = artifacts(&irsa());
    let calls = Sandbox::new("upbound-helm-quotes").run(content(&all, "helm"));
    let set = calls[2].last().unwrap();
    assert!(!set.contains('"'), "{set}");
    let key = set.split_once("=arn:").unwrap().0;
    assert_eq!(
        key.rsplit_once(".annotations.").unwrap().1,
        r"eks\.amazonaws\.com/role-arn"
    );
}

#[test]
fn irsa_helm_escapes_commas_of_the_role_name() {
    // `,` is legal in IAM role names and separates assignments in Helm's --set.
    let raw = irsa().with(Field::RoleName, "backup+role=@,x");
    let all = artifacts(&raw);
    let calls = Sandbox::new("upbound-helm-comma").run(content(&all, "helm"));
    assert_eq!(
        calls[2].last().unwrap(),
        &format!(r"{ANNOTATION_KEY}=arn:aws:iam::111122223333:role/backup+role=@\,x")
    );
    // IAM itself gets the name unescaped.
    let calls = Sandbox::new("upbound-helm-comma-iam").run(content(&all, "aws-cli"));
    assert_eq!(calls[2][6], "backup+role=@,x");
}

#[test]
fn pod_identity_sets_no_chart_value() {
    // The Upbound guide's `backup.*` values are no keys of the Spaces chart (its values
    // reference lists none), so Helm would take them without a word and configure nothing.
    let all = artifacts(&pod_identity());
    assert!(all.iter().all(|a| a.kind != ArtifactKind::Helm));
    assert!(all.iter().all(|a| !a.content.contains("backup.storage")));
}

#[test]
fn the_shared_backup_config_names_the_bucket_region_and_the_pods_identity() {
    for setup in [irsa(), pod_identity()] {
        let all = artifacts(&setup);
        let text = content(&all, "shared-backup");
        let docs = yaml_rust2::YamlLoader::load_from_str(text).unwrap();
        assert_eq!(docs.len(), 2);
        let config = &docs[0];
        assert_eq!(config["kind"].as_str(), Some("SharedBackupConfig"));
        assert_eq!(config["metadata"]["namespace"].as_str(), Some("default"));
        let storage = &config["spec"]["objectStorage"];
        assert_eq!(storage["provider"].as_str(), Some("AWS"));
        assert_eq!(storage["bucket"].as_str(), Some("my-spaces-backups"));
        assert_eq!(storage["config"]["region"].as_str(), Some("us-west-2"));
        assert_eq!(
            storage["config"]["endpoint"].as_str(),
            Some("s3.us-west-2.amazonaws.com")
        );
        assert_eq!(storage["credentials"]["source"].as_str(), Some("InjectedIdentity"));
        let schedule = &docs[1];
        assert_eq!(schedule["kind"].as_str(), Some("SharedBackupSchedule"));
        assert_eq!(schedule["spec"]["configRef"]["name"], config["metadata"]["name"]);
        let names: Vec<&str> = schedule["spec"]["controlPlaneSelector"]["names"]
            .as_vec()
            .unwrap()
            .iter()
            .filter_map(|n| n.as_str())
            .collect();
        assert_eq!(names, ["ctp-prod", "ctp-staging"]);
    }
    // The group and the partition's endpoint follow the setup.
    let all = artifacts(&raw("setups/upbound-spaces-irsa-us-gov-kms.json"));
    let text = content(&all, "shared-backup");
    assert!(text.contains("namespace: spaces-prod\n"), "{text}");
    assert!(text.contains("endpoint: s3.us-gov-west-1.amazonaws.com\n"), "{text}");
    let all = artifacts(&raw("setups/upbound-spaces-pod-identity-cn.json"));
    assert!(content(&all, "shared-backup").contains("endpoint: s3.cn-north-1.amazonaws.com.cn\n"));
}

#[test]
fn a_kms_key_becomes_the_buckets_default_encryption() {
    let all = artifacts(&raw("setups/upbound-spaces-irsa-us-gov-kms.json"));
    let calls = Sandbox::new("upbound-kms").run(content(&all, "aws-cli"));
    let put = calls
        .iter()
        .find(|c| c[2] == "put-bucket-encryption")
        .expect("no put-bucket-encryption");
    let config = json(put.last().unwrap());
    let rule = &config["Rules"][0];
    assert_eq!(rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"], "aws:kms");
    assert_eq!(
        rule["ApplyServerSideEncryptionByDefault"]["KMSMasterKeyID"],
        "arn:aws-us-gov:kms:us-gov-west-1:012345678901:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    );
}

/// The upgrade keeps the installed version and values: `helm get metadata` and `jq` read the
/// version first, and the fake `jq` prints `FAKE-VALUE` for it.
fn upgrade(sets: &[&str]) -> Vec<String> {
    let mut argv: Vec<String> = [
        "helm",
        "upgrade",
        "spaces",
        "oci://xpkg.upbound.io/spaces-artifacts/spaces",
        "--namespace",
        "upbound-system",
        "--version",
        "FAKE-VALUE",
        "--reuse-values",
    ]
    .map(String::from)
    .to_vec();
    for set in sets {
        argv.extend(["--set-string".to_owned(), (*set).to_owned()]);
    }
    argv
}

#[test]
fn helm_reads_the_installed_version_before_upgrading() {
    // Only IRSA sets a chart value; Pod Identity has no helm step.
    let all = artifacts(&irsa());
    let calls = Sandbox::new("upbound-helm-version").run(content(&all, "helm"));
    assert_eq!(
        calls[..2],
        [
            vec![
                "helm",
                "get",
                "metadata",
                "spaces",
                "--namespace",
                "upbound-system",
                "--output",
                "json"
            ],
            vec!["jq", "-r", ".version"],
        ]
    );
}

#[test]
fn pod_identity_association_names_mxp_controller_and_the_role() {
    let all = artifacts(&pod_identity());
    let calls = Sandbox::new("upbound-association").run(content(&all, "pod-identity-association"));
    let association = |operation: &str, namespace: &str| -> Vec<String> {
        [
            "aws",
            "eks",
            operation,
            "--region",
            "us-west-2",
            "--cluster-name",
            "spaces-cluster",
            "--namespace",
            namespace,
            "--service-account",
            "mxp-controller",
        ]
        .map(String::from)
        .to_vec()
    };
    let role = ["--role-arn", "arn:aws:iam::111122223333:role/backup-restore-role"].map(String::from);
    // One association per control plane, each in its own host namespace.
    assert_eq!(
        calls,
        [
            [association("create-pod-identity-association", NAMESPACE), role.to_vec()].concat(),
            [
                association("create-pod-identity-association", NAMESPACE_2),
                role.to_vec()
            ]
            .concat(),
            association("list-pod-identity-associations", NAMESPACE),
            association("list-pod-identity-associations", NAMESPACE_2),
        ]
    );
    // The aws-cli artifact creates the policy, the role, the attachment, and installs the
    // Pod Identity Agent only when describe-addon fails; the fake bucket exists.
    let calls = Sandbox::new("upbound-pi-aws-cli").run(content(&all, "aws-cli"));
    let operations: Vec<&str> = calls.iter().map(|c| c[2].as_str()).collect();
    assert_eq!(
        operations,
        [
            "create-policy",
            "create-role",
            "attach-role-policy",
            "head-bucket",
            "describe-addon"
        ]
    );
    let calls = Sandbox::new("upbound-pi-aws-cli-no-agent").run_failing(content(&all, "aws-cli"), "describe-addon");
    let operations: Vec<&str> = calls.iter().map(|c| c[2].as_str()).collect();
    assert_eq!(
        operations,
        [
            "create-policy",
            "create-role",
            "attach-role-policy",
            "head-bucket",
            "describe-addon",
            "create-addon"
        ]
    );
}

#[test]
fn verify_checks_the_annotation_and_restarts_in_the_control_plane_namespace() {
    let kubectl = |words: &[&str]| -> Vec<String> { words.iter().map(|w| (*w).to_owned()).collect() };
    let annotation = |ns: &str| {
        kubectl(&[
            "kubectl",
            "get",
            "serviceaccount",
            "mxp-controller",
            "--namespace",
            ns,
            "--output",
            r"jsonpath={.metadata.annotations.eks\.amazonaws\.com/role-arn}",
        ])
    };
    let rollout = |verb: &str, ns: &str| {
        kubectl(&[
            "kubectl",
            "rollout",
            verb,
            "deployment",
            "mxp-controller",
            "--namespace",
            ns,
        ])
    };
    let backup_objects = [
        kubectl(&[
            "kubectl",
            "get",
            "sharedbackupconfig",
            "s3-backups",
            "--namespace",
            "default",
        ]),
        kubectl(&[
            "kubectl",
            "get",
            "sharedbackupschedule",
            "daily-s3-backups",
            "--namespace",
            "default",
        ]),
    ];
    let all = artifacts(&irsa());
    let calls = Sandbox::new("upbound-verify").run(content(&all, "verify"));
    let mut expected = vec![
        annotation(NAMESPACE),
        annotation(NAMESPACE_2),
        rollout("restart", NAMESPACE),
        rollout("status", NAMESPACE),
        rollout("restart", NAMESPACE_2),
        rollout("status", NAMESPACE_2),
    ];
    expected.extend(backup_objects.clone());
    assert_eq!(calls, expected);

    let all = artifacts(&pod_identity());
    let calls = Sandbox::new("upbound-verify-pi").run(content(&all, "verify"));
    let service_account =
        |ns: &str| kubectl(&["kubectl", "get", "serviceaccount", "mxp-controller", "--namespace", ns]);
    let mut expected = vec![
        service_account(NAMESPACE),
        service_account(NAMESPACE_2),
        rollout("restart", NAMESPACE),
        rollout("status", NAMESPACE),
        rollout("restart", NAMESPACE_2),
        rollout("status", NAMESPACE_2),
    ];
    expected.extend(backup_objects);
    assert_eq!(calls, expected);
}

#[test]
fn teardown_deletes_in_reverse_order() {
    let policy_arn = "arn:aws:iam::111122223333:policy/backup-restore-policy";
    let role_and_policy = vec![
        vec![
            "aws",
            "iam",
            "detach-role-policy",
            "--region",
            "us-west-2",
            "--role-name",
            "backup-restore-role",
            "--policy-arn",
            policy_arn,
        ],
        vec![
            "aws",
            "iam",
            "delete-role",
            "--region",
            "us-west-2",
            "--role-name",
            "backup-restore-role",
        ],
        vec![
            "aws",
            "iam",
            "delete-policy",
            "--region",
            "us-west-2",
            "--policy-arn",
            policy_arn,
        ],
    ];
    let all = artifacts(&irsa());
    let calls = Sandbox::new("upbound-teardown").run(content(&all, "teardown"));
    // The OIDC provider is kept: other workloads of the cluster may trust it.
    assert_eq!(calls, role_and_policy);

    let all = artifacts(&pod_identity());
    let calls = Sandbox::new("upbound-teardown-pi").run(content(&all, "teardown"));
    let list = [
        "aws",
        "eks",
        "list-pod-identity-associations",
        "--region",
        "us-west-2",
        "--cluster-name",
        "spaces-cluster",
        "--namespace",
        NAMESPACE,
        "--service-account",
        "mxp-controller",
        "--query",
        "associations[0].associationId",
        "--output",
        "text",
    ];
    assert_eq!(calls[0], list);
    // The fake `aws` prints `{}`, which the command substitution passes on as the ID.
    let delete = [
        "aws",
        "eks",
        "delete-pod-identity-association",
        "--region",
        "us-west-2",
        "--cluster-name",
        "spaces-cluster",
        "--association-id",
        "{}",
    ];
    assert_eq!(calls[1], delete);
    // The second control plane's association, then the role and the policy.
    assert_eq!(calls[2][8], NAMESPACE_2);
    assert_eq!(calls[3], delete);
    assert_eq!(calls[4..], role_and_policy);

    // A failed look-up stops the teardown before anything is deleted.
    let sandbox = Sandbox::new("upbound-teardown-pi-missing");
    let out = sandbox.bash(content(&all, "teardown"), "list-pod-identity-associations");
    assert!(!out.status.success());
    assert_eq!(sandbox.calls(), [list.map(str::to_owned).to_vec()]);
}

#[test]
fn the_control_planes_and_their_namespaces_are_required() {
    for setup in [irsa(), pod_identity()] {
        let auth = setup.get(Field::Auth).unwrap().to_owned();
        let raw = setup
            .with(upbound_spaces::CONTROL_PLANES, "")
            .with(upbound_spaces::CONTROL_PLANE_NAMESPACES, "");
        assert_eq!(
            messages(&raw),
            [
                format!("controlPlanes is required for target `upbound-spaces` with auth `{auth}`"),
                format!("controlPlaneNamespaces is required for target `upbound-spaces` with auth `{auth}`"),
            ]
        );
    }
    assert_eq!(
        messages(&irsa().with(upbound_spaces::CONTROL_PLANE_NAMESPACES, "mxp_1,mxp-2")),
        ["controlPlaneNamespaces `mxp_1`: a Kubernetes namespace is a DNS-1123 label: at most 63 lowercase letters, digits and `-`, starting and ending with a letter or digit"]
    );
    assert_eq!(
        messages(&irsa().with(upbound_spaces::CONTROL_PLANE_NAMESPACES, "mxp-1, mxp-2")),
        ["controlPlaneNamespaces `mxp-1, mxp-2`: separate the values with `,` alone, without spaces; did you mean `mxp-1,mxp-2`?"]
    );
    assert_eq!(
        messages(&irsa().with(upbound_spaces::CONTROL_PLANE_NAMESPACES, "mxp-1,mxp-1")),
        ["controlPlaneNamespaces `mxp-1,mxp-1`: `mxp-1` is listed twice"]
    );
    assert_eq!(
        messages(&irsa().with(upbound_spaces::CONTROL_PLANE_NAMESPACES, "mxp-1")),
        ["controlPlaneNamespaces `mxp-1`: lists 1 host namespaces for 2 control planes (`controlPlanes`); each control plane has one host namespace"]
    );
    // The old single `namespace` key is no field of Spaces any more: it is reported as ignored.
    let raw = irsa().with(Field::Namespace, "mxp-0f1e2d3c-system");
    assert_eq!(raw.ignored_fields(), [Field::Namespace]);
}

#[test]
fn pod_identity_needs_no_issuer_and_irsa_does() {
    let raw = pod_identity().with(Field::OidcIssuer, "http://not-checked");
    assert!(validate(&raw).is_ok());
    assert_eq!(raw.ignored_fields(), [Field::OidcIssuer]);
    let raw = irsa().with(Field::OidcIssuer, "");
    assert_eq!(
        messages(&raw),
        ["oidcIssuer is required for target `upbound-spaces` with auth `irsa`"]
    );
    let raw = pod_identity()
        .with(Field::ClusterName, "")
        .with(Field::ClusterAccountId, "");
    assert_eq!(
        messages(&raw),
        [
            "clusterAccountId is required for target `upbound-spaces` with auth `pod-identity`",
            "clusterName is required for target `upbound-spaces` with auth `pod-identity`",
        ]
    );
}

#[test]
fn the_service_account_is_not_a_setting() {
    // The Spaces chart names the service account mxp-controller; a serviceAccount key is
    // ignored, never used in the trust or the association.
    let raw = irsa().with(Field::ServiceAccount, "other-sa");
    assert_eq!(raw.ignored_fields(), [Field::ServiceAccount]);
    let all = artifacts(&raw);
    assert!(all.iter().all(|a| !a.content.contains("other-sa")));
}

#[test]
fn only_irsa_and_pod_identity_are_supported() {
    assert_eq!(
        messages(&irsa().with(Field::Auth, "static-keys")),
        ["auth `static-keys`: target `upbound-spaces` supports only `irsa`, `pod-identity` (the setup gives mxp-controller its own identity (`InjectedIdentity`); a `Secret` of access keys is not generated)"]
    );
}

#[test]
fn examples_are_the_aws_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    for (example, setup) in [
        ("upbound-spaces-irsa.json", "setups/upbound-spaces-irsa-aws.json"),
        (
            "upbound-spaces-pod-identity.json",
            "setups/upbound-spaces-pod-identity-aws.json",
        ),
    ] {
        let text = std::fs::read_to_string(root.join(example)).unwrap();
        assert_eq!(text, fixture(setup), "{example}");
    }
}

#[test]
fn the_helm_step_says_how_to_log_in_to_upbounds_registry() {
    // The Spaces chart is in Upbound's OCI registry, which refuses anonymous pulls.
    let all = artifacts(&irsa());
    assert!(content(&all, "helm").contains(
        "# jq -r .token token.json | helm registry login xpkg.upbound.io -u \"$(jq -r .accessId token.json)\" --password-stdin"
    ));
}
