//! Generated scripts run top to bottom under `bash -euo pipefail`, and every value reaches
//! the tools as exactly the argument the generator meant. Fake `aws`, `eksctl`, `kubectl`
//! and `jq` on `PATH` record their argv, one NUL-separated record per call.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

use bucketrust_core::{generate, validate, Artifact, ArtifactKind, Field, Language, RawSetup};

mod support;

use support::Sandbox;

fn artifacts(raw: &RawSetup) -> Vec<Artifact> {
    generate(&validate(raw).unwrap_or_else(|e| panic!("{e:?}")))
}

fn content<'a>(all: &'a [Artifact], id: &str) -> &'a str {
    &all.iter().find(|a| a.id == id).unwrap().content
}

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
    let calls = sandbox.run(content(&all, "aws-cli"));
    let policy = content(&all, "permission-policy").trim_end();
    let trust = content(&all, "trust-policy").trim_end();
    assert_eq!(
        calls,
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
                "iam",
                "create-role",
                "--region",
                "us-gov-west-1",
                "--role-name",
                "backup+role=@,x",
                "--assume-role-policy-document",
                trust
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
    let calls = sandbox.run(content(&all, "service-account"));
    assert_eq!(
        calls[1],
        vec![
            "kubectl",
            "annotate",
            "serviceaccount",
            "my-cluster-patroni",
            "eks.amazonaws.com/role-arn=arn:aws-us-gov:iam::012345678901:role/backup+role=@,x",
            "--namespace",
            "default",
            "--overwrite",
        ]
    );
}

#[test]
fn static_keys_secret_takes_the_key_from_credentials_json() {
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
    assert!(
        sandbox.dir.join("credentials.json").exists(),
        "create-access-key output is saved"
    );
    let calls = sandbox.run(content(&all, "credentials-secret"));
    assert_eq!(
        calls.last().unwrap(),
        &vec![
            "kubectl",
            "create",
            "secret",
            "generic",
            "s3-backup-secret",
            "--namespace",
            "default",
            "--from-literal",
            "accessKeyId=FAKE-VALUE",
            "--from-literal",
            "secretAccessKey=FAKE-VALUE",
        ]
    );
}
