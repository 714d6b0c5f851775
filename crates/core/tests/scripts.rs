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
    let all = artifacts(&static_keys());
    let sandbox = Sandbox::new("static");
    let calls = sandbox.run(content(&all, "aws-cli"));
    assert_eq!(
        calls[2],
        vec![
            "aws",
            "iam",
            "create-access-key",
            "--output",
            "json",
            "--region",
            "us-west-2",
            "--user-name",
            "stackgres-backup-user"
        ]
    );
    let mode = |name: &str| {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::metadata(sandbox.dir.join(name)).unwrap().permissions().mode() & 0o777
    };
    assert_eq!(mode("credentials.json"), 0o600, "only the owner may read the saved key");
    let calls = sandbox.run(content(&all, "credentials-secret"));
    assert_eq!(
        calls,
        vec![
            vec!["jq", "-j", ".AccessKey.AccessKeyId", "credentials.json"],
            vec!["jq", "-j", ".AccessKey.SecretAccessKey", "credentials.json"],
            vec![
                "kubectl",
                "create",
                "secret",
                "generic",
                "s3-backup-secret",
                "--namespace",
                "default",
                "--from-file",
                "accessKeyId",
                "--from-file",
                "secretAccessKey",
            ],
            vec!["rm", "-f", "accessKeyId", "secretAccessKey", "credentials.json"],
        ]
    );
    assert_eq!(mode("secretAccessKey"), 0o600);
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
fn every_saved_access_key_is_readable_by_its_owner_alone() {
    use std::os::unix::fs::PermissionsExt as _;
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut saved = 0;
    for entry in std::fs::read_dir(&examples).unwrap() {
        let path = entry.unwrap().path();
        let raw = RawSetup::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let sandbox = Sandbox::new("owner-only");
        for a in artifacts(&raw).iter().filter(|a| a.kind == ArtifactKind::AwsCli) {
            sandbox.run(&a.content);
            let file = sandbox.dir.join("credentials.json");
            if file.exists() {
                let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
                assert_eq!(
                    mode,
                    0o600,
                    "{}: {} leaves the key readable by others",
                    path.display(),
                    a.id
                );
                saved += 1;
                std::fs::remove_file(&file).unwrap();
            }
        }
    }
    assert!(saved >= 2, "the static-key examples save their keys");
}

#[test]
fn an_existing_key_file_stops_the_script_instead_of_receiving_the_secret() {
    use std::os::unix::fs::PermissionsExt as _;
    let all = artifacts(&static_keys());
    let sandbox = Sandbox::new("existing-key-file");
    sandbox.forget_files();
    // A file from elsewhere, readable by everyone: writing the new key into it would keep
    // that mode, since a mode is only set when a file is created.
    let file = sandbox.dir.join("credentials.json");
    std::fs::write(&file, "old").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = sandbox.bash(content(&all, "aws-cli"), "");
    assert!(
        !out.status.success(),
        "the script went on over an existing credentials.json"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot overwrite existing file"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "old");
    // Nothing after the refusal ran: no bucket was made.
    assert!(!sandbox.calls().iter().any(|c| c[1] == "s3"), "{:?}", sandbox.calls());
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
