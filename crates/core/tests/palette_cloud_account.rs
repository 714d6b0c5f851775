//! Spectro Cloud Palette cloud accounts: the policies mean what the seed says, the scripts
//! run and create the roles in the seed's order, and every new validation rule says why.
//! Snapshots of every fixture in `fixtures/setups/` are taken by `generate.rs`.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

use bucketrust_core::policy::semantics::grants;
use bucketrust_core::targets::palette_cloud_account;
use bucketrust_core::{Artifact, ArtifactKind, Field, Language, RawSetup};

mod support;

use support::{content, fixture, json, messages, Sandbox};

fn fixture_raw(setup: &str) -> RawSetup {
    RawSetup::from_json(&fixture(&format!("setups/palette-cloud-account-{setup}.json"))).unwrap()
}

fn artifacts(setup: &str) -> Vec<Artifact> {
    support::artifacts(&fixture_raw(setup))
}

const SETUPS: [&str; 8] = [
    "static-keys-aws",
    "static-keys-iso-b",
    "sts-aws",
    "sts-us-gov",
    "pod-identity-aws",
    "pod-identity-iso-b",
    "pod-identity-cross-account-aws",
    "pod-identity-cross-account-us-gov",
];

fn ids(all: &[Artifact]) -> Vec<&str> {
    all.iter().map(|a| a.id).collect()
}

#[test]
fn artifact_ids_per_scenario() {
    assert_eq!(
        ids(&artifacts("static-keys-aws")),
        ["find-inputs", "aws-cli", "console-steps", "teardown"]
    );
    assert_eq!(
        ids(&artifacts("sts-aws")),
        ["find-inputs", "trust-policy", "aws-cli", "console-steps", "teardown"]
    );
    assert_eq!(
        ids(&artifacts("pod-identity-aws")),
        [
            "find-inputs",
            "trust-policy",
            "palette-permission-policy",
            "palette-permission-policy-hardened",
            "hubble-permission-policy",
            "hubble-permission-policy-hardened",
            "identity-permission-policy",
            "identity-permission-policy-hardened",
            "aws-cli",
            "palette-global-config",
            "console-steps",
            "verify",
            "teardown"
        ]
    );
    assert_eq!(
        ids(&artifacts("pod-identity-cross-account-aws")),
        [
            "find-inputs",
            "trust-policy",
            "identity-permission-policy",
            "identity-permission-policy-hardened",
            "palette-trust-policy",
            "palette-trust-policy-hardened",
            "palette-permission-policy",
            "palette-permission-policy-hardened",
            "hubble-target-trust-policy",
            "hubble-permission-policy",
            "hubble-permission-policy-hardened",
            "hubble-local-permission-policy",
            "aws-cli",
            "palette-global-config",
            "console-steps",
            "verify",
            "teardown"
        ]
    );
}

// ---- Golden tests against the seed ----

#[test]
fn pod_identity_trust_is_the_seeds() {
    let seed = json(&fixture("seeds/palette-cloud-account-pod-identity-trust.json"));
    for setup in SETUPS.iter().filter(|s| s.starts_with("pod-identity")) {
        let all = artifacts(setup);
        let trust = json(content(&all, "trust-policy"));
        assert_eq!(grants(&trust), grants(&seed), "{setup}");
        // The Sid is not part of the meaning, but the task keeps the seed's.
        assert_eq!(trust["Statement"][0]["Sid"], "AllowEksAuthToAssumeRoleForPodIdentity");
    }
}

#[test]
fn palette_role_permissions_are_the_seeds() {
    let seed = json(&fixture("seeds/palette-cloud-account-palette-permissions.json"));
    for setup in SETUPS.iter().filter(|s| s.starts_with("pod-identity")) {
        let all = artifacts(setup);
        let policy = json(content(&all, "palette-permission-policy"));
        assert_eq!(grants(&policy), grants(&seed), "{setup}");
    }
}

#[test]
fn identity_local_permissions_are_the_seeds_with_both_accounts() {
    for (setup, partition, cluster, target) in [
        ("pod-identity-cross-account-aws", "aws", "111122223333", "777788889999"),
        (
            "pod-identity-cross-account-us-gov",
            "aws-us-gov",
            "012345678901",
            "777788889999",
        ),
    ] {
        let seed = fixture("seeds/palette-cloud-account-identity-local-permissions.json")
            .replace("arn:aws:", &format!("arn:{partition}:"))
            .replace("<target-aws-account-id>", target)
            .replace(
                "<role-name-for-palette-iam-local-role>",
                "SpectroCloudPaletteTargetRole",
            )
            .replace("<aws-management-cluster-account-id>", cluster)
            .replace(
                "<role-name-for-identity-service-iam-local-role>",
                "SpectroCloudIdentityLocalRole",
            );
        let all = artifacts(setup);
        let policy = json(content(&all, "identity-permission-policy"));
        assert_eq!(grants(&policy), grants(&json(&seed)), "{setup}");
    }
}

#[test]
fn sts_trust_is_what_the_console_writes_for_the_seeds_table() {
    for (setup, partition, external_id) in [
        ("sts-aws", "aws", "tenant:42/x=y@z"),
        ("sts-us-gov", "aws-us-gov", "7a1b2c3d4e5f"),
    ] {
        let seed = fixture("seeds/palette-cloud-account-sts-trust.json")
            .replace("arn:aws:", &format!("arn:{partition}:"))
            .replace("<account-id>", "444455556666")
            .replace("<external-id>", external_id);
        let all = artifacts(setup);
        let trust = json(content(&all, "trust-policy"));
        assert_eq!(grants(&trust), grants(&json(&seed)), "{setup}");
    }
}

/// The vendor's Hubble target trust names a role `spectro-hubble-identity` that no step
/// creates. The generated trust lets only the Hubble local role in, through a condition
/// that IAM accepts before that role exists, with the pod's external ID.
#[test]
fn hubble_target_trust_names_the_hubble_local_role_not_a_missing_one() {
    let all = artifacts("pod-identity-cross-account-us-gov");
    let trust = content(&all, "hubble-target-trust-policy");
    assert!(!trust.contains("spectro-hubble-identity"));
    let trust = json(trust);
    let local = "arn:aws-us-gov:iam::012345678901:role/SpectroCloudHubbleLocalRole";
    for statement in trust["Statement"].as_array().unwrap() {
        assert_eq!(statement["Principal"]["AWS"], "arn:aws-us-gov:iam::012345678901:root");
        assert_eq!(statement["Condition"]["ArnEquals"]["aws:PrincipalARN"], local);
    }
    assert_eq!(
        trust["Statement"][0]["Condition"]["StringEquals"]["sts:ExternalId"],
        "us-gov-west-1/012345678901/palette-eks-management-cluster/hubble-system/spectro-hubble"
    );
    let actions: Vec<&str> = trust["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["Action"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()))
        .collect();
    assert_eq!(actions, ["sts:AssumeRole", "sts:TagSession"]);
}

#[test]
fn palette_target_trust_lets_the_identity_local_role_and_pod_identity_in() {
    let all = artifacts("pod-identity-cross-account-aws");
    let trust = json(content(&all, "palette-trust-policy"));
    let statements = trust["Statement"].as_array().unwrap();
    let identity_local = "arn:aws:iam::111122223333:role/SpectroCloudIdentityLocalRole";
    assert_eq!(statements.len(), 4);
    for statement in &statements[..3] {
        assert_eq!(statement["Principal"]["AWS"], identity_local);
    }
    assert_eq!(
        statements[0]["Condition"]["StringEquals"]["sts:ExternalId"],
        "us-east-1/111122223333/palette-eks-management-cluster/palette-identity/palette-identity"
    );
    assert_eq!(
        statements[1]["Condition"]["StringLike"]["sts:ExternalId"],
        "us-east-1/111122223333/palette-eks-management-cluster/*/palette-manager"
    );
    assert_eq!(statements[3]["Principal"]["Service"], "pods.eks.amazonaws.com");
}

#[test]
fn hubble_and_identity_permissions() {
    for setup in ["pod-identity-aws", "pod-identity-cross-account-aws"] {
        let all = artifacts(setup);
        let hubble = json(content(&all, "hubble-permission-policy"));
        // The Hubble service only reads: every action is a Describe, List, Get or BatchGet/BatchCheck.
        for grant in grants(&hubble).unwrap() {
            let verb = grant.action.split(':').nth(1).unwrap();
            assert!(
                ["Describe", "List", "Get", "BatchGet", "BatchCheck"]
                    .iter()
                    .any(|p| verb.starts_with(p)),
                "{setup}: {}",
                grant.action
            );
            assert_eq!(grant.resource, "*");
        }
    }
    let all = artifacts("pod-identity-iso-b");
    let identity = json(content(&all, "identity-permission-policy"));
    let palette_role = "arn:aws-iso-b:iam::012345678901:role/SpectroCloudPaletteRole";
    let on_role: Vec<String> = grants(&identity)
        .unwrap()
        .into_iter()
        .filter(|g| g.resource == palette_role)
        .map(|g| g.action)
        .collect();
    assert_eq!(on_role, ["iam:GetRole", "iam:PassRole"]);
    let local = json(content(
        &artifacts("pod-identity-cross-account-aws"),
        "hubble-local-permission-policy",
    ));
    let resources: Vec<String> = grants(&local).unwrap().into_iter().map(|g| g.resource).collect();
    assert!(resources
        .iter()
        .all(|r| r == "arn:aws:iam::777788889999:role/SpectroCloudHubbleTargetRole"));
}

#[test]
fn every_arn_carries_the_partition() {
    for setup in SETUPS.iter().filter(|s| !s.ends_with("-aws")) {
        for a in artifacts(setup) {
            assert!(!a.content.contains("arn:aws:"), "{setup} {} hard-codes arn:aws:", a.id);
        }
    }
}

#[test]
fn console_steps_use_palettes_partition_names_and_exact_values() {
    let steps = |setup: &str| content(&artifacts(setup), "console-steps").to_owned();
    assert!(steps("static-keys-aws").contains("   Partition: AWS\n"));
    assert!(steps("sts-us-gov").contains("   Partition: AWS US Gov\n"));
    let secret = steps("static-keys-iso-b");
    assert!(secret.contains("   Partition: AWS US Secret\n"));
    assert!(secret.contains("Certificate Authority"));
    let sts = steps("sts-aws");
    assert!(sts.contains("   Account ID: 444455556666\n   External ID: tenant:42/x=y@z\n"));
    assert!(sts.contains("6. ARN: arn:aws:iam::111122223333:role/SpectroCloudRole\n"));
    let pod = steps("pod-identity-aws");
    assert!(pod.contains("5. ARN: arn:aws:iam::111122223333:role/SpectroCloudPaletteRole\n"));
    assert!(pod.contains("Permission Boundary ARN: arn:aws:iam::111122223333:policy/PaletteBoundary\n"));
    let cross = steps("pod-identity-cross-account-us-gov");
    assert!(cross.contains("5. ARN: arn:aws-us-gov:iam::777788889999:role/SpectroCloudPaletteTargetRole\n"));
    assert!(cross.contains("Permission Boundary ARN: arn:aws-us-gov:iam::aws:policy/PowerUserAccess\n"));
}

// ---- Scripts under the sandbox ----

#[test]
fn every_bash_artifact_runs_under_strict_mode_and_aws_cli_calls_only_aws() {
    let sandbox = Sandbox::new("palette-strict");
    for setup in SETUPS {
        for a in artifacts(setup).iter().filter(|a| a.language == Language::Bash) {
            let calls = sandbox.run(&a.content);
            assert!(!calls.is_empty(), "{setup} {} ran no command", a.id);
            if a.kind == ArtifactKind::AwsCli {
                for call in &calls {
                    assert_eq!(call[0], "aws", "{setup} {}: {call:?}", a.id);
                }
            }
        }
    }
}

/// The value after `option` in a recorded call.
fn opt<'a>(call: &'a [String], option: &str) -> Option<&'a str> {
    call.iter()
        .position(|w| w == option)
        .and_then(|i| call.get(i + 1))
        .map(String::as_str)
}

/// `operation role profile` for each IAM call that names a role.
fn role_calls(calls: &[Vec<String>]) -> Vec<String> {
    calls
        .iter()
        .filter(|c| c[1] == "iam")
        .map(|c| {
            format!(
                "{} {} {}",
                c[2],
                opt(c, "--role-name").unwrap_or("-"),
                opt(c, "--profile").unwrap_or("-")
            )
        })
        .collect()
}

#[test]
fn cross_account_roles_are_created_in_the_seeds_order() {
    let all = artifacts("pod-identity-cross-account-aws");
    let calls = Sandbox::new("palette-cross").run(content(&all, "aws-cli"));
    let m = "management-account";
    let t = "target-account";
    let attach = |profile: &str| format!("attach-role-policy SpectroCloudPaletteTargetRole {profile}");
    assert_eq!(
        role_calls(&calls),
        vec![
            format!("create-role SpectroCloudIdentityLocalRole {m}"),
            // The identity local role's policy names the role itself, so it comes second.
            format!("put-role-policy SpectroCloudIdentityLocalRole {m}"),
            format!("create-role SpectroCloudPaletteTargetRole {t}"),
            attach(t),
            attach(t),
            attach(t),
            attach(t),
            attach(t),
            format!("put-role-policy SpectroCloudPaletteTargetRole {t}"),
            format!("create-role SpectroCloudHubbleTargetRole {t}"),
            format!("put-role-policy SpectroCloudHubbleTargetRole {t}"),
            format!("create-role SpectroCloudHubbleLocalRole {m}"),
            format!("put-role-policy SpectroCloudHubbleLocalRole {m}"),
        ]
    );
    // Each role receives the exact documents the artifacts show.
    let create = |role: &str| {
        calls
            .iter()
            .find(|c| c[2] == "create-role" && opt(c, "--role-name") == Some(role))
            .unwrap()
    };
    assert_eq!(
        opt(create("SpectroCloudPaletteTargetRole"), "--assume-role-policy-document"),
        Some(content(&all, "palette-trust-policy").trim_end())
    );
    assert_eq!(
        opt(create("SpectroCloudHubbleTargetRole"), "--assume-role-policy-document"),
        Some(content(&all, "hubble-target-trust-policy").trim_end())
    );
    assert_eq!(
        opt(create("SpectroCloudIdentityLocalRole"), "--assume-role-policy-document"),
        Some(content(&all, "trust-policy").trim_end())
    );
    let attached: Vec<&str> = calls
        .iter()
        .filter(|c| c[2] == "attach-role-policy")
        .map(|c| opt(c, "--policy-arn").unwrap())
        .collect();
    assert_eq!(
        attached,
        [
            "arn:aws:iam::777788889999:policy/PaletteControllerPolicy",
            "arn:aws:iam::777788889999:policy/PaletteControlPlanePolicy",
            "arn:aws:iam::777788889999:policy/PaletteNodesPolicy",
            "arn:aws:iam::777788889999:policy/PaletteDeploymentPolicy",
            "arn:aws:iam::777788889999:policy/PaletteControllersEKSPolicy",
        ]
    );
    let associations: Vec<&Vec<String>> = calls
        .iter()
        .filter(|c| c[2] == "create-pod-identity-association")
        .collect();
    assert_eq!(
        *associations[0],
        [
            "aws",
            "eks",
            "create-pod-identity-association",
            "--region",
            "us-east-1",
            "--profile",
            m,
            "--cluster-name",
            "palette-eks-management-cluster",
            "--namespace",
            "hubble-system",
            "--service-account",
            "spectro-hubble",
            "--role-arn",
            "arn:aws:iam::111122223333:role/SpectroCloudHubbleLocalRole",
            "--target-role-arn",
            "arn:aws:iam::777788889999:role/SpectroCloudHubbleTargetRole",
        ]
    );
    assert_eq!(
        opt(associations[1], "--role-arn"),
        Some("arn:aws:iam::111122223333:role/SpectroCloudIdentityLocalRole")
    );
    assert_eq!(opt(associations[1], "--target-role-arn"), None);
}

#[test]
fn cross_account_teardown_reverses_the_creation() {
    let all = artifacts("pod-identity-cross-account-aws");
    let calls = Sandbox::new("palette-cross-teardown").run(content(&all, "teardown"));
    let eks: Vec<String> = calls.iter().filter(|c| c[1] == "eks").map(|c| c[2].clone()).collect();
    assert_eq!(
        eks,
        [
            "list-pod-identity-associations",
            "delete-pod-identity-association",
            "list-pod-identity-associations",
            "delete-pod-identity-association"
        ]
    );
    let m = "management-account";
    let t = "target-account";
    let detach = format!("detach-role-policy SpectroCloudPaletteTargetRole {t}");
    assert_eq!(
        role_calls(&calls),
        vec![
            format!("delete-role-policy SpectroCloudHubbleLocalRole {m}"),
            format!("delete-role SpectroCloudHubbleLocalRole {m}"),
            format!("delete-role-policy SpectroCloudHubbleTargetRole {t}"),
            format!("delete-role SpectroCloudHubbleTargetRole {t}"),
            format!("delete-role-policy SpectroCloudPaletteTargetRole {t}"),
            detach.clone(),
            detach.clone(),
            detach.clone(),
            detach.clone(),
            detach,
            format!("delete-role SpectroCloudPaletteTargetRole {t}"),
            format!("delete-role-policy SpectroCloudIdentityLocalRole {m}"),
            format!("delete-role SpectroCloudIdentityLocalRole {m}"),
        ]
    );
}

#[test]
fn same_account_script_creates_three_roles_and_two_associations() {
    let all = artifacts("pod-identity-iso-b");
    let calls = Sandbox::new("palette-same").run(content(&all, "aws-cli"));
    let created: Vec<&str> = calls
        .iter()
        .filter(|c| c[2] == "create-role")
        .map(|c| opt(c, "--role-name").unwrap())
        .collect();
    assert_eq!(
        created,
        [
            "SpectroCloudPaletteRole",
            "SpectroCloudHubbleRole",
            "SpectroCloudIdentityRole"
        ]
    );
    assert!(calls.iter().all(|c| opt(c, "--region") == Some("us-isob-east-1")));
    assert!(calls.iter().all(|c| opt(c, "--profile").is_none()));
    let associations: Vec<(&str, &str, &str)> = calls
        .iter()
        .filter(|c| c[2] == "create-pod-identity-association")
        .map(|c| {
            (
                opt(c, "--namespace").unwrap(),
                opt(c, "--service-account").unwrap(),
                opt(c, "--role-arn").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        associations,
        [
            (
                "hubble-system",
                "spectro-hubble",
                "arn:aws-iso-b:iam::012345678901:role/SpectroCloudHubbleRole"
            ),
            (
                "palette-identity",
                "palette-identity",
                "arn:aws-iso-b:iam::012345678901:role/SpectroCloudIdentityRole"
            ),
        ]
    );
}

#[test]
fn static_keys_user_gets_the_policies_and_an_access_key_and_teardown_reverses() {
    let all = artifacts("static-keys-iso-b");
    let sandbox = Sandbox::new("palette-static");
    let calls = sandbox.run(content(&all, "aws-cli"));
    let user = "palette+user=@,x";
    assert_eq!(
        calls[0],
        [
            "aws",
            "iam",
            "create-user",
            "--region",
            "us-isob-east-1",
            "--user-name",
            user
        ]
    );
    let attached: Vec<&str> = calls[1..5].iter().map(|c| opt(c, "--policy-arn").unwrap()).collect();
    assert_eq!(
        attached,
        [
            "arn:aws-iso-b:iam::012345678901:policy/PaletteControllerPolicy",
            "arn:aws-iso-b:iam::012345678901:policy/PaletteControlPlanePolicy",
            "arn:aws-iso-b:iam::012345678901:policy/PaletteNodesPolicy",
            "arn:aws-iso-b:iam::012345678901:policy/PaletteDeploymentPolicy",
        ]
    );
    assert_eq!(calls[5][1..3], ["iam", "create-access-key"]);
    assert_eq!(opt(&calls[5], "--user-name"), Some(user));
    // The key is printed for the wizard, never written to a file.
    assert_eq!(
        opt(&calls[5], "--query"),
        Some("AccessKey.[AccessKeyId,SecretAccessKey]")
    );
    assert_eq!(opt(&calls[5], "--output"), Some("text"));
    assert_eq!(calls.len(), 6, "no EKS policy unless eks is true");
    assert!(!sandbox.dir.join("credentials.json").exists());

    let calls = sandbox.run(content(&all, "teardown"));
    let operations: Vec<&str> = calls.iter().map(|c| c[2].as_str()).collect();
    assert_eq!(
        operations,
        [
            "list-access-keys",
            "delete-access-key",
            "detach-user-policy",
            "detach-user-policy",
            "detach-user-policy",
            "detach-user-policy",
            "delete-user"
        ]
    );
    assert_eq!(opt(&calls[1], "--access-key-id"), Some("{}"));

    let eks = artifacts("static-keys-aws");
    let calls = sandbox.run(content(&eks, "aws-cli"));
    assert_eq!(
        opt(&calls[5], "--policy-arn"),
        Some("arn:aws:iam::111122223333:policy/PaletteControllersEKSPolicy")
    );
}

#[test]
fn sts_role_trusts_the_platform_and_gets_the_policies() {
    let all = artifacts("sts-us-gov");
    let calls = Sandbox::new("palette-sts").run(content(&all, "aws-cli"));
    assert_eq!(
        calls[0],
        [
            "aws",
            "iam",
            "create-role",
            "--region",
            "us-gov-west-1",
            "--role-name",
            "SpectroCloudRole",
            "--assume-role-policy-document",
            content(&all, "trust-policy").trim_end()
        ]
    );
    assert_eq!(calls.len(), 6);
    assert_eq!(
        opt(&calls[5], "--policy-arn"),
        Some("arn:aws-us-gov:iam::012345678901:policy/PaletteControllersEKSPolicy")
    );
}

#[test]
fn find_inputs_ask_for_the_account_with_the_region_and_list_the_clusters() {
    let sandbox = Sandbox::new("palette-inputs");
    let calls = sandbox.run(content(&artifacts("pod-identity-aws"), "find-inputs"));
    assert_eq!(
        calls[0],
        [
            "aws",
            "sts",
            "get-caller-identity",
            "--region",
            "us-east-1",
            "--query",
            "Account",
            "--output",
            "text"
        ]
    );
    assert_eq!(
        calls[1],
        [
            "aws",
            "eks",
            "list-clusters",
            "--region",
            "us-east-1",
            "--query",
            "clusters",
            "--output",
            "text"
        ]
    );
    let calls = sandbox.run(content(&artifacts("sts-aws"), "find-inputs"));
    assert_eq!(calls[0][2], "get-caller-identity");
    assert_eq!(opt(&calls[0], "--region"), Some("us-west-2"));
}

#[test]
fn configmap_is_checked_then_created_and_pods_are_verified() {
    let all = artifacts("pod-identity-aws");
    let config = content(&all, "palette-global-config");
    // The sandbox's kubectl succeeds, so only the check runs; the fallback is read from the text.
    let sandbox = Sandbox::new("palette-kubectl");
    let calls = sandbox.run(config);
    assert_eq!(
        calls,
        [[
            "kubectl",
            "describe",
            "configmap",
            "palette-global-config",
            "--namespace",
            "kube-system"
        ]]
    );
    let (_, fallback) = config.split_once("||\n").unwrap();
    // The block's subshell closes after the fallback.
    let fallback = fallback.trim_end().strip_suffix(')').unwrap();
    assert_eq!(
        shell_words::split(&fallback.replace("\\\n", " ")).unwrap(),
        [
            "kubectl",
            "create",
            "configmap",
            "palette-global-config",
            "--from-literal",
            "managementClusterName=palette-eks-management-cluster",
            "--namespace",
            "kube-system"
        ]
    );
    let calls = sandbox.run(content(&all, "verify"));
    // Both services restart first: pods that ran before the associations have no credentials.
    let rollouts: Vec<Vec<&str>> = calls[..4]
        .iter()
        .map(|c| c.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        rollouts,
        [
            [
                "kubectl",
                "rollout",
                "restart",
                "deployment",
                "spectro-hubble",
                "--namespace",
                "hubble-system"
            ],
            [
                "kubectl",
                "rollout",
                "status",
                "deployment",
                "spectro-hubble",
                "--namespace",
                "hubble-system"
            ],
            [
                "kubectl",
                "rollout",
                "restart",
                "deployment",
                "palette-identity",
                "--namespace",
                "palette-identity"
            ],
            [
                "kubectl",
                "rollout",
                "status",
                "deployment",
                "palette-identity",
                "--namespace",
                "palette-identity"
            ],
        ]
    );
    let calls = &calls[4..];
    assert_eq!(calls.len(), 2);
    assert_eq!(opt(&calls[0], "--selector"), Some("app=spectro-hubble"));
    assert_eq!(opt(&calls[1], "--selector"), Some("app=palette-identity"));
    assert_eq!(
        opt(&calls[0], "--output"),
        Some("jsonpath={range .items[0].spec.containers[0].env[*]}{.name}{\"\\n\"}{end}")
    );
}

// ---- Validation rules ----

#[test]
fn palette_partitions_only() {
    let raw = fixture_raw("static-keys-aws")
        .with(Field::Partition, "aws-cn")
        .with(Field::Region, "cn-north-1");
    assert_eq!(
        messages(&raw),
        ["partition `aws-cn`: Palette registers AWS accounts only in partitions `aws`, `aws-us-gov`, `aws-iso-b`"]
    );
    // Inferred from the region, the partition is named all the same.
    let raw = raw_without_partition("static-keys-aws", "eu-isoe-west-1");
    assert_eq!(
        messages(&raw),
        ["partition `aws-iso-e`: Palette registers AWS accounts only in partitions `aws`, `aws-us-gov`, `aws-iso-b`"]
    );
}

fn raw_without_partition(setup: &str, region: &str) -> RawSetup {
    fixture_raw(setup)
        .with(Field::Partition, "")
        .with(Field::Region, region)
}

#[test]
fn no_sts_in_aws_us_secret() {
    let raw = fixture_raw("sts-aws")
        .with(Field::Partition, "aws-iso-b")
        .with(Field::Region, "us-isob-east-1");
    assert_eq!(
        messages(&raw),
        ["partition `aws-iso-b`: Palette offers STS only in partitions `aws` and `aws-us-gov`; use `static-keys` or `pod-identity`"]
    );
}

#[test]
fn eks_is_true_or_false() {
    let raw = fixture_raw("static-keys-aws").with(palette_cloud_account::EKS, "yes");
    assert_eq!(messages(&raw), ["eks `yes`: the value is `true` or `false`"]);
}

#[test]
fn permission_boundary_is_a_policy_arn_of_the_partition() {
    let check = |value: &str, expect: Option<&str>| {
        let raw = fixture_raw("pod-identity-aws").with(palette_cloud_account::PERMISSION_BOUNDARY_ARN, value);
        let expect: Vec<String> = expect.into_iter().map(str::to_owned).collect();
        assert_eq!(messages(&raw), expect, "{value}");
    };
    check(
        "arn:aws:iam::111122223333:role/Boundary",
        Some("permissionBoundaryArn `arn:aws:iam::111122223333:role/Boundary`: an IAM policy ARN looks like `arn:aws:iam::<account-id>:policy/<name>`"),
    );
    check(
        "arn:aws-us-gov:iam::111122223333:policy/Boundary",
        Some("permissionBoundaryArn `arn:aws-us-gov:iam::111122223333:policy/Boundary`: the policy's partition `aws-us-gov` differs from the setup's partition `aws`"),
    );
    check(
        "arn:aws:iam::1234:policy/Boundary",
        Some("permissionBoundaryArn `arn:aws:iam::1234:policy/Boundary`: the policy's account is 12 digits, or `aws` for an AWS managed policy"),
    );
    check(
        "arn:aws:iam::111122223333:policy/team/Bad Name",
        Some("permissionBoundaryArn `arn:aws:iam::111122223333:policy/team/Bad Name`: the policy name is 1 to 128 letters, digits and `_+=,.@-`, after an optional `/`-separated path"),
    );
    check("arn:aws:iam::aws:policy/PowerUserAccess", None);
    check("arn:aws:iam::111122223333:policy/team/Boundary", None);
}

#[test]
fn new_role_names_follow_iam_rules() {
    let raw = fixture_raw("pod-identity-cross-account-aws")
        .with(palette_cloud_account::HUBBLE_ROLE_NAME, "hubble role")
        .with(palette_cloud_account::IDENTITY_ROLE_NAME, "i".repeat(65))
        .with(palette_cloud_account::HUBBLE_TARGET_ROLE_NAME, "target/role");
    assert_eq!(
        messages(&raw),
        [
            "hubbleRoleName `hubble role`: IAM role names use only letters, digits and `_+=,.@-`".to_owned(),
            format!(
                // A message shows the first 60 characters of a longer value, with its length.
                "identityRoleName `{}…` (65 characters): IAM role names are 1 to 64 characters long",
                "i".repeat(60)
            ),
            "hubbleTargetRoleName `target/role`: IAM role names use only letters, digits and `_+=,.@-`".to_owned(),
        ]
    );
}

#[test]
fn role_name_defaults_follow_the_seeds_tables() {
    let same = artifacts("pod-identity-aws");
    assert!(content(&same, "aws-cli").contains("--role-name SpectroCloudHubbleRole"));
    // Naming the cluster's own account as bucketAccountId keeps the same-account roles.
    let explicit = fixture_raw("pod-identity-aws").with(Field::BucketAccountId, "111122223333");
    assert_eq!(ids(&support::artifacts(&explicit)), ids(&same));
    let cross = artifacts("pod-identity-cross-account-aws");
    let script = content(&cross, "aws-cli");
    for role in [
        "SpectroCloudIdentityLocalRole",
        "SpectroCloudPaletteTargetRole",
        "SpectroCloudHubbleTargetRole",
        "SpectroCloudHubbleLocalRole",
    ] {
        assert!(script.contains(&format!("--role-name {role}")), "{role}");
    }
}

#[test]
fn required_fields_per_method() {
    let raw = RawSetup::default()
        .with(Field::Target, "palette-cloud-account")
        .with(Field::Auth, "sts")
        .with(Field::Region, "us-west-2");
    assert_eq!(
        messages(&raw),
        [
            "clusterAccountId is required for target `palette-cloud-account` with auth `sts`",
            "platformAccountId is required for target `palette-cloud-account` with auth `sts`",
            "externalId is required for target `palette-cloud-account` with auth `sts`",
        ]
    );
    let raw = raw.with(Field::Auth, "irsa");
    assert_eq!(
        messages(&raw),
        ["auth `irsa`: target `palette-cloud-account` supports only `static-keys`, `sts`, `pod-identity` (Palette's cloud-account wizard offers access keys, STS and EKS Pod Identity, not IRSA)"]
    );
    let raw = fixture_raw("sts-aws").with(Field::ExternalId, "a");
    assert_eq!(
        messages(&raw),
        ["externalId `a`: an external ID is 2 to 1,224 characters long"]
    );
}

/// A hardened alternative narrows where the vendor's actions apply and drops none of them,
/// and what it narrows to is in the account of the role it is for.
#[test]
fn hardened_alternatives_keep_every_action_in_the_roles_account() {
    let actions = |text: &str| -> std::collections::BTreeSet<String> {
        grants(&json(text)).unwrap().into_iter().map(|g| g.action).collect()
    };
    let resources = |text: &str| -> std::collections::BTreeSet<String> {
        grants(&json(text)).unwrap().into_iter().map(|g| g.resource).collect()
    };
    for (setup, account) in [
        ("pod-identity-aws", "111122223333"),
        ("pod-identity-cross-account-aws", "777788889999"),
    ] {
        let all = artifacts(setup);
        for id in [
            "palette-permission-policy",
            "hubble-permission-policy",
            "identity-permission-policy",
        ] {
            let vendor = content(&all, id);
            let hardened = content(&all, &format!("{id}-hardened"));
            assert_eq!(actions(hardened), actions(vendor), "{setup} {id}");
            // The identity role lives in the management cluster's account, the others in
            // the account Palette works in.
            let account = if id == "identity-permission-policy" {
                "111122223333"
            } else {
                account
            };
            let narrowed = resources(hardened)
                .difference(&resources(vendor))
                .cloned()
                .collect::<Vec<_>>();
            assert!(!narrowed.is_empty(), "{setup} {id}: nothing narrowed");
            for resource in narrowed.iter().filter(|r| r.as_str() != "*") {
                let in_account = resource.split(':').nth(4) == Some(account);
                assert!(in_account, "{setup} {id}: {resource}");
            }
        }
    }
    let all = artifacts("pod-identity-cross-account-aws");
    let vendor = content(&all, "palette-trust-policy");
    let hardened = content(&all, "palette-trust-policy-hardened");
    assert_eq!(actions(hardened), actions(vendor));
    assert!(hardened.contains("\"ForAllValues:StringEquals\""), "{hardened}");
}

#[test]
fn secret_cloud_certificate_authority_is_shown_in_the_wizard_steps() {
    let pem = fixture("setups/palette-backup-location-ca.pem");
    let raw = fixture_raw("static-keys-iso-b").with(Field::CaCertificate, pem.trim_end());
    let all = support::artifacts(&raw);
    let steps = content(&all, "console-steps");
    assert!(
        steps.contains("   Certificate Authority: paste the PEM text at the end of these steps\n"),
        "{steps}"
    );
    assert!(steps.contains(pem.trim_end()), "{steps}");
    // Only the AWS US Secret wizard has the field: elsewhere the value would be lost.
    let raw = fixture_raw("static-keys-aws").with(Field::CaCertificate, pem.trim_end());
    let errors = messages(&raw);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].ends_with("only Palette's AWS US Secret (`aws-iso-b`) wizard takes a certificate authority; partition `aws` has no such field"),
        "{errors:?}"
    );
}

#[test]
fn pod_identity_installs_the_agent_when_the_cluster_lacks_it() {
    let all = artifacts("pod-identity-aws");
    let sandbox = Sandbox::new("palette-agent");
    let installed = sandbox.run(content(&all, "aws-cli"));
    assert!(installed.iter().all(|c| c[2] != "create-addon"));
    let missing = sandbox.run_failing(content(&all, "aws-cli"), "describe-addon");
    let operations: Vec<&str> = missing.iter().map(|c| c[2].as_str()).collect();
    let agent = operations
        .iter()
        .position(|o| *o == "create-addon")
        .expect("no create-addon");
    let association = operations
        .iter()
        .position(|o| *o == "create-pod-identity-association")
        .unwrap();
    assert!(agent < association, "{operations:?}");
}

#[test]
fn two_roles_of_one_account_may_not_share_a_name() {
    let raw = fixture_raw("pod-identity-aws")
        .with(palette_cloud_account::HUBBLE_ROLE_NAME, "SpectroCloudShared")
        .with(palette_cloud_account::IDENTITY_ROLE_NAME, "SpectroCloudShared");
    assert_eq!(
        messages(&raw),
        ["identityRoleName `SpectroCloudShared`: hubbleRoleName names the same role; each role of the setup needs a name of its own in its account"]
    );
    // Across accounts, the Palette target role and a local role live in different accounts.
    let raw = fixture_raw("pod-identity-cross-account-aws")
        .with(Field::RoleName, "SpectroCloudShared")
        .with(palette_cloud_account::IDENTITY_ROLE_NAME, "SpectroCloudShared");
    assert_eq!(messages(&raw), Vec::<String>::new());
}
