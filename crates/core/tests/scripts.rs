//! Generated scripts run top to bottom under `bash -euo pipefail`, and every value reaches
//! the tools as exactly the argument the generator meant. Fake `aws`, `eksctl`, `kubectl`
//! and `jq` on `PATH` record their argv, one NUL-separated record per call.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

use bucketrust_core::{ArtifactKind, Field, Language, RawSetup};

mod support;

use support::{artifacts, content, Sandbox};

fn irsa() -> RawSetup {
    RawSetup::default()
        .with(Field::Target, "stackgres")
        .with(Field::Auth, "irsa")
        .with(Field::Partition, "aws-us-gov")
        .with(Field::Region, "us-gov-west-1")
        .with(Field::Bucket, "my-stackgres-bucket")
        .with(Field::ClusterAccountId, "012345678901")
        .with(Field::ClusterName, "my-eks-cluster")
        .with(
            Field::OidcIssuer,
            "https://oidc.eks.us-gov-west-1.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D",
        )
        // `@`, `=`, `,` and `+` are legal in IAM names and special to some shells' parsers.
        .with(Field::RoleName, "backup+role=@,x")
}

fn static_keys() -> RawSetup {
    RawSetup::default()
        .with(Field::Target, "stackgres")
        .with(Field::Auth, "static-keys")
        .with(Field::Region, "us-west-2")
        .with(Field::Bucket, "my-stackgres-bucket")
}

#[test]
fn every_bash_artifact_runs_under_strict_mode() {
    let sandbox = Sandbox::new("strict");
    for raw in [irsa(), static_keys()] {
        for a in artifacts(&raw).iter().filter(|a| a.language == Language::Bash) {
            let calls = sandbox.run(&a.content);
            assert!(!calls.is_empty(), "{} ran no command", a.id);
        }
    }
}

/// Every shell block of every example is safe to paste into an interactive shell as a whole:
/// it runs in a subshell under `set -euo pipefail`, so that the first failed command stops the
/// block and the user's shell, which has none of these settings, goes on.
#[test]
fn every_block_pasted_into_a_shell_stops_at_its_first_failure_and_keeps_the_shell() {
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let sandbox = Sandbox::new("paste");
    let mut blocks = 0;
    for entry in std::fs::read_dir(&examples).unwrap() {
        let path = entry.unwrap().path();
        let raw = RawSetup::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for a in artifacts(&raw).iter().filter(|a| a.language == Language::Bash) {
            let case = format!("{} [{}]", path.display(), a.id);
            assert!(a.content.starts_with("(\nset -euo pipefail\n"), "{case}");
            assert!(a.content.ends_with("\n)\n"), "{case}");
            // As pasted: a shell without `-e`, where every tool fails (`rm` aside, which the
            // clean-up uses), then one more line.
            sandbox.forget_files();
            let out = std::process::Command::new("bash")
                .arg("-c")
                .arg(format!("{}echo shell-goes-on\n", a.content))
                .current_dir(&sandbox.dir)
                .env("PATH", format!("{}:/usr/bin:/bin", sandbox.dir.join("bin").display()))
                .env("CALLS", sandbox.dir.join("calls"))
                .env("SANDBOX_TMP", sandbox.dir.join("tmp"))
                .env("FAIL_ALL", "1")
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(stdout.ends_with("shell-goes-on\n"), "{case}: {stdout}");
            // The first command fails; at most the step that handles that failure (the
            // creation after a failed check, a fallback) runs, and fails too: the block stops.
            let calls: Vec<Vec<String>> = sandbox.calls().into_iter().filter(|c| c[0] != "rm").collect();
            assert!(calls.len() <= 2, "{case}: went on after a failure: {calls:?}");
            blocks += 1;
        }
    }
    assert!(blocks >= 50, "only {blocks} blocks");
}

#[test]
fn aws_cli_artifacts_call_only_the_aws_cli() {
    let sandbox = Sandbox::new("only-aws");
    for raw in [irsa(), static_keys()] {
        for a in artifacts(&raw).iter().filter(|a| a.kind == ArtifactKind::AwsCli) {
            for call in sandbox.run(&a.content) {
                assert_eq!(call[0], "aws", "{}: {call:?}", a.id);
            }
        }
    }
}

#[test]
fn irsa_commands_receive_the_exact_documents() {
    let all = artifacts(&irsa());
    let sandbox = Sandbox::new("irsa");
    let policy = content(&all, "permission-policy").trim_end();
    let trust = content(&all, "trust-policy").trim_end();
    assert_eq!(
        sandbox.run(content(&all, "aws-cli")),
        vec![
            vec![
                "aws",
                "iam",
                "create-policy",
                "--region",
                "us-gov-west-1",
                "--policy-name",
                "StackGresBackupPolicy",
                "--policy-document",
                policy
            ],
            vec![
                "aws",
                "s3",
                "mb",
                "s3://my-stackgres-bucket",
                "--region",
                "us-gov-west-1"
            ],
        ]
    );
    let provider_arn = "arn:aws-us-gov:iam::012345678901:oidc-provider/oidc.eks.us-gov-west-1.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D";
    let lookup = vec![
        "aws",
        "iam",
        "get-open-id-connect-provider",
        "--region",
        "us-gov-west-1",
        "--open-id-connect-provider-arn",
        provider_arn,
    ];
    let role_calls = vec![
        vec![
            "aws",
            "iam",
            "create-role",
            "--region",
            "us-gov-west-1",
            "--role-name",
            "backup+role=@,x",
            "--assume-role-policy-document",
            trust,
        ],
        vec![
            "aws",
            "iam",
            "attach-role-policy",
            "--region",
            "us-gov-west-1",
            "--role-name",
            "backup+role=@,x",
            "--policy-arn",
            "arn:aws-us-gov:iam::012345678901:policy/StackGresBackupPolicy",
        ],
    ];
    // A registered provider is left alone ...
    let mut expected = vec![lookup.clone()];
    expected.extend(role_calls.clone());
    assert_eq!(sandbox.run(content(&all, "aws-cli-role")), expected);
    // ... and a missing one is registered with the issuer's URL and STS as its audience.
    let mut expected = vec![
        lookup,
        vec![
            "aws",
            "iam",
            "create-open-id-connect-provider",
            "--region",
            "us-gov-west-1",
            "--url",
            "https://oidc.eks.us-gov-west-1.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D",
            "--client-id-list",
            "sts.amazonaws.com",
        ],
    ];
    expected.extend(role_calls);
    assert_eq!(
        sandbox.run_failing(content(&all, "aws-cli-role"), "get-open-id-connect-provider"),
        expected
    );
    // The role reaches the pods' service account through the SGCluster, as one word the shell
    // hands to kubectl whole, with the role name's `,` and `=` intact.
    let calls = sandbox.run(content(&all, "sgcluster-patch"));
    let patch = r#"{"spec":{"metadata":{"annotations":{"serviceAccount":{"eks.amazonaws.com/role-arn":"arn:aws-us-gov:iam::012345678901:role/backup+role=@,x"}}},"configurations":{"backups":[{"sgObjectStorage":"s3-iam-storage","cronSchedule":"0 5 * * *","retention":7}]}}}"#;
    assert_eq!(
        calls,
        vec![vec![
            "kubectl",
            "patch",
            "sgcluster",
            "my-cluster",
            "--namespace",
            "default",
            "--type",
            "merge",
            "--patch",
            patch,
        ]]
    );
}

#[test]
fn static_keys_never_put_the_secret_key_on_a_command_line_or_leave_it_readable() {
    use std::os::unix::fs::PermissionsExt as _;
    let all = artifacts(&static_keys());
    let sandbox = Sandbox::new("static");
    // The user, its policy and the bucket come first; no key yet.
    let calls = sandbox.run(content(&all, "aws-cli"));
    assert!(calls.iter().all(|c| c[2] != "create-access-key"), "{calls:?}");
    let calls = sandbox.run(content(&all, "credentials-secret"));
    let key_dir = sandbox.dir.join("tmp/key-dir");
    let in_dir = |name: &str| key_dir.join(name).display().to_string();
    let words = |w: &[&str]| w.iter().map(|s| (*s).to_owned()).collect::<Vec<String>>();
    let mut kubectl = words(&[
        "kubectl",
        "create",
        "secret",
        "generic",
        "s3-backup-secret",
        "--namespace",
        "default",
        "--from-file",
    ]);
    kubectl.extend([
        in_dir("accessKeyId"),
        "--from-file".to_owned(),
        in_dir("secretAccessKey"),
    ]);
    assert_eq!(
        calls,
        vec![
            words(&[
                "aws",
                "iam",
                "create-access-key",
                "--output",
                "json",
                "--region",
                "us-west-2",
                "--user-name",
                "stackgres-backup-user"
            ]),
            [
                words(&["jq", "-r", ".AccessKey.AccessKeyId"]),
                vec![in_dir("credentials.json")]
            ]
            .concat(),
            [
                words(&["jq", "-j", ".AccessKey.AccessKeyId"]),
                vec![in_dir("credentials.json")]
            ]
            .concat(),
            [
                words(&["jq", "-j", ".AccessKey.SecretAccessKey"]),
                vec![in_dir("credentials.json")]
            ]
            .concat(),
            kubectl,
            // The block's exit removes the directory with the key (the fake `rm` only records).
            [words(&["rm", "-rf", "--"]), vec![key_dir.display().to_string()]].concat(),
        ]
    );
    let mode = |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&key_dir), 0o700, "only the owner may enter the key's directory");
    for file in ["credentials.json", "accessKeyId", "secretAccessKey"] {
        assert_eq!(mode(&key_dir.join(file)), 0o600, "{file}");
    }
    assert!(
        !sandbox.dir.join("credentials.json").exists(),
        "nothing lands in the working directory"
    );
}

#[test]
fn a_failed_secret_deletes_the_new_key_from_iam_and_removes_the_files() {
    let all = artifacts(&static_keys());
    let sandbox = Sandbox::new("static-failing");
    sandbox.forget_files();
    // Every call with the argument `secret` fails: the `kubectl create secret`.
    let out = sandbox.bash(content(&all, "credentials-secret"), "secret");
    assert!(!out.status.success(), "the block went on after kubectl failed");
    let calls = sandbox.calls();
    let key_dir = sandbox.dir.join("tmp/key-dir").display().to_string();
    let last_two: Vec<Vec<String>> = calls.iter().rev().take(2).rev().cloned().collect();
    let undo: Vec<String> = [
        "aws",
        "iam",
        "delete-access-key",
        "--region",
        "us-west-2",
        "--user-name",
        "stackgres-backup-user",
        "--access-key-id",
        "FAKE-VALUE",
    ]
    .map(str::to_owned)
    .to_vec();
    assert_eq!(
        last_two,
        vec![undo, vec!["rm".to_owned(), "-rf".into(), "--".into(), key_dir]],
        "{calls:?}"
    );
}

#[test]
fn static_keys_teardown_deletes_access_keys_and_policy_before_the_user() {
    let all = artifacts(&static_keys());
    let sandbox = Sandbox::new("static-teardown");
    let calls = sandbox.run(content(&all, "teardown"));
    let verbs: Vec<&str> = calls.iter().map(|c| c[2].as_str()).collect();
    // The fake `aws` prints `{}` for list-access-keys, so the loop deletes one key named so.
    assert_eq!(
        verbs,
        vec![
            "list-access-keys",
            "delete-access-key",
            "delete-user-policy",
            "delete-user"
        ]
    );
}

#[test]
fn every_access_key_lives_in_a_private_directory_the_block_removes() {
    use std::os::unix::fs::PermissionsExt as _;
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut blocks = 0;
    for entry in std::fs::read_dir(&examples).unwrap() {
        let path = entry.unwrap().path();
        let raw = RawSetup::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let sandbox = Sandbox::new("owner-only");
        for a in artifacts(&raw)
            .iter()
            .filter(|a| a.content.contains("create-access-key"))
        {
            let calls = sandbox.run(&a.content);
            blocks += 1;
            let case = format!("{} [{}]", path.display(), a.id);
            assert!(
                !sandbox.dir.join("credentials.json").exists(),
                "{case}: a key file in the working directory"
            );
            let creates = calls
                .iter()
                .find(|c| c.get(2).map(String::as_str) == Some("create-access-key"))
                .unwrap();
            if creates.iter().any(|w| w == "json") {
                // Saved for a secret: in the private directory, removed when the block ends.
                let key_dir = sandbox.dir.join("tmp/key-dir");
                let mode = std::fs::metadata(key_dir.join("credentials.json"))
                    .unwrap()
                    .permissions()
                    .mode()
                    & 0o777;
                assert_eq!(mode, 0o600, "{case}: the key is readable by others");
                assert_eq!(
                    calls.last().unwrap(),
                    &vec![
                        "rm".to_owned(),
                        "-rf".into(),
                        "--".into(),
                        key_dir.display().to_string()
                    ],
                    "{case}"
                );
            } else {
                // Printed for a console: no file at all.
                assert!(creates.iter().any(|w| w == "--query"), "{case}: {creates:?}");
            }
        }
    }
    assert!(blocks >= 2, "the static-key examples create their keys");
}

#[test]
fn the_eksctl_teardown_deletes_the_service_account_stack() {
    let all = artifacts(&irsa());
    let calls = Sandbox::new("eksctl-teardown").run(content(&all, "teardown-eksctl"));
    assert_eq!(
        calls,
        vec![vec![
            "eksctl",
            "delete",
            "iamserviceaccount",
            "--name",
            "my-cluster-patroni",
            "--namespace",
            "default",
            "--cluster",
            "my-eks-cluster",
            "--region",
            "us-gov-west-1",
        ]]
    );
}
