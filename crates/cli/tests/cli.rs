//! The `bucketrust` binary as a user runs it.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bucketrust"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(mut input) = child.stdin.take() {
        input.write_all(stdin.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    }
    child.wait_with_output().unwrap_or_else(|e| panic!("{e}"))
}

const IRSA: &str = r#"{"target":"stackgres","auth":"irsa","region":"us-west-2","bucket":"my-stackgres-bucket",
"clusterAccountId":"111122223333","clusterName":"c1",
"oidcIssuer":"https://oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D"}"#;

#[test]
fn json_output_lists_artifacts_with_their_fields() {
    let out = run(&["generate", "-", "--format", "json"], IRSA);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let artifacts = value["artifacts"].as_array().cloned().unwrap_or_default();
    let ids: Vec<&str> = artifacts.iter().filter_map(|a| a["id"].as_str()).collect();
    assert_eq!(
        ids,
        [
            "find-inputs",
            "permission-policy",
            "trust-policy",
            "aws-cli",
            "aws-cli-role",
            "eksctl",
            "sgobjectstorage",
            "sgcluster",
            "service-account",
            "teardown-cluster",
            "teardown",
        ]
    );
    for a in &artifacts {
        let keys: Vec<&String> = a.as_object().map(|o| o.keys().collect()).unwrap_or_default();
        assert_eq!(keys, ["id", "title", "kind", "language", "content"]);
    }
    assert_eq!(artifacts[2]["kind"], "trust-policy");
    assert_eq!(artifacts[2]["language"], "json");
}

#[test]
fn text_output_heads_each_artifact() {
    let out = run(&["generate", "-"], IRSA);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("==> Look up the account ID and the cluster's OIDC issuer [find-inputs, aws-cli]\n"));
    assert!(text.contains("\n==> Trust policy of the role (IRSA) [trust-policy, trust-policy]\n{\n"));
}

#[test]
fn invalid_setup_exits_2_with_every_field_error() {
    let bad = r#"{"target":"stackgres","auth":"irsa","region":"us-west-2","bucket":"Bad_Bucket",
"clusterAccountId":"1234","clusterName":"c1","oidcIssuer":"oidc.example.org/x"}"#;
    let out = run(&["generate", "-"], bad);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            "error: -: bucket `Bad_Bucket`: S3 bucket names use only lowercase letters, digits, `.` and `-`",
            "error: -: clusterAccountId `1234`: an AWS account ID is exactly 12 digits",
        ]
    );
}

#[test]
fn unknown_keys_and_unreadable_files_exit_2() {
    let out = run(&["generate", "-"], r#"{"target":"stackgres","bukcet":"b"}"#);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .starts_with("error: -: unknown key `bukcet`: the setup keys are target, auth,"));
    let out = run(&["generate", "/nonexistent/setup.json"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: cannot read `/nonexistent/setup.json`:"));
}

#[test]
fn ignored_fields_are_noted() {
    let setup = r#"{"target":"stackgres","auth":"static-keys","region":"us-west-2","bucket":"b-1","externalId":"x"}"#;
    let out = run(&["generate", "-"], setup);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "note: -: `externalId` is not used by this target and auth method, so it was ignored\n"
    );
}

#[test]
fn every_example_setup_generates() {
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut count = 0;
    for entry in std::fs::read_dir(&examples).unwrap_or_else(|e| panic!("{}: {e}", examples.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let shown = path.display().to_string();
        let out = run(&["generate", &shown, "--format", "json"], "");
        assert!(
            out.status.success(),
            "{shown}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{shown} has ignored keys: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        count += 1;
    }
    assert!(count >= 3, "only {count} examples");
}
