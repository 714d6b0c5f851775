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
            "sgcluster-patch",
            "sgdbops-restart",
            "teardown-cluster",
            "teardown",
            "teardown-eksctl",
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
fn json_output_carries_the_setup_checks() {
    let out = run(&["generate", "-", "--format", "json"], IRSA);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let checks = &value["setupChecks"];
    let compared: Vec<(&str, u64)> = checks["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["code"].as_str().unwrap(), c["compared"].as_u64().unwrap()))
        .collect();
    // The trust against eksctl and the SGCluster patch; the bucket of the SGObjectStorage
    // and of `aws s3 mb`; two role ARNs; the policy and the trust; the ten scripts and
    // manifests read; the SGCluster that backs up to the SGObjectStorage.
    assert_eq!(
        compared,
        [
            ("BR701", 2),
            ("BR702", 2),
            ("BR703", 2),
            ("BR704", 2),
            ("BR705", 10),
            ("BR706", 1)
        ]
    );
    assert_eq!(checks["findings"], serde_json::json!([]));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "setup checks: 0 finding(s); backups on; BR701 service-account-not-in-trust compared 2, BR702 mismatched-bucket compared 2, BR703 role-arn-not-created compared 2, BR704 policies-over-quota compared 2, BR705 unreadable-artifact compared 10, BR706 backups-not-enabled compared 1\n"
    );
}

#[test]
fn script_output_is_every_setup_step_as_one_script() {
    let out = run(&["generate", "-", "--format", "script"], IRSA);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let script = String::from_utf8_lossy(&out.stdout);
    assert!(
        script.starts_with("#!/usr/bin/env bash\n(\nset -euo pipefail\n# StackGres (Postgres backups), IAM roles for service accounts (IRSA): "),
        "{script}"
    );
    assert!(script.contains("kubectl apply -f - <<'EOF'\n"), "{script}");
    // The tear-down and eksctl's alternative role are not steps to run.
    for absent in ["delete-role", "eksctl create"] {
        assert!(!script.contains(absent), "{absent}: {script}");
    }
    // The verdict stays on stderr.
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("setup checks: 0 finding(s); backups on"));
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
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.lines().next(),
        Some("note: -: `externalId` is not used by this target and auth method, so it was ignored")
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
        // Stderr holds the setup checks' verdict alone: no ignored keys, no findings.
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with("setup checks: 0 finding(s); backups on; BR701"),
            "{shown}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{shown}: {stderr}");
        count += 1;
    }
    assert!(count >= 3, "only {count} examples");
}

const MISMATCH: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket/*"}
  ]
}
"#;

const CLEAN: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#;

#[test]
fn lint_json_lists_findings_with_their_fields_and_exits_1() {
    let out = run(&["lint", "-", "--format", "json"], MISMATCH);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = value["findings"].as_array().cloned().unwrap_or_default();
    let f = findings
        .iter()
        .find(|f| f["code"] == "BR104")
        .unwrap_or_else(|| panic!("{value}"));
    let keys: Vec<&String> = f.as_object().map(|o| o.keys().collect()).unwrap_or_default();
    assert_eq!(
        keys,
        ["file", "code", "severity", "message", "help", "line", "column", "pointer"]
    );
    assert_eq!(f["file"], "-");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["line"], 4);
    assert_eq!(f["column"], 35);
    assert_eq!(f["pointer"], "/Statement/0/Action");
}

#[test]
fn lint_text_shows_the_offending_line() {
    let out = run(&["lint", "-"], MISMATCH);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("error[BR104]: `s3:ListBucket` acts on"), "{text}");
    assert!(text.contains("  --> -:4:35"), "{text}");
    assert!(text.contains(" 4 |     {\"Effect\""), "{text}");
    assert!(
        text.contains("= help: bucket actions need the bucket ARN `arn:aws:s3:::my-bucket`"),
        "{text}"
    );
    assert!(text.contains("1 file(s) linted: 1 error(s)"), "{text}");
}

#[test]
fn lint_exits_0_on_a_clean_policy_and_on_warnings_only() {
    let out = run(&["lint", "-"], CLEAN);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    // A missing `Version` is a warning: shown, but not a failure.
    let warning_only =
        r#"{"Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#;
    let out = run(&["lint", "-", "--format", "json"], warning_only);
    assert_eq!(out.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["findings"][0]["severity"], "warning");
}

#[test]
fn lint_kind_can_be_given() {
    let trust_without_principal =
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]}"#;
    let out = run(
        &["lint", "-", "--kind", "trust", "--format", "json"],
        trust_without_principal,
    );
    assert_eq!(out.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert_eq!(codes, ["BR010"]);
}

#[test]
fn lint_reports_usage_and_io_errors_with_status_2() {
    assert_eq!(run(&["lint"], "").status.code(), Some(2));
    assert_eq!(run(&["lint", "-", "--kind", "resource"], "").status.code(), Some(2));
    let out = run(&["lint", "/nonexistent/policy.json"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("error: cannot read `/nonexistent/policy.json`: no such file")
    );
}

#[test]
fn lint_reads_several_files() {
    let dir = std::env::temp_dir().join(format!("bucketrust-lint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (a, b) = (dir.join("a.json"), dir.join("b.json"));
    std::fs::write(&a, CLEAN).unwrap();
    std::fs::write(&b, "{\"Version\": \"2012-10-17\",}").unwrap();
    let out = run(
        &["lint", a.to_str().unwrap(), b.to_str().unwrap(), "--format", "json"],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = value["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{value}");
    assert_eq!(findings[0]["code"], "BR001");
    assert_eq!(findings[0]["file"], b.to_str().unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The JSON output of `generate` for the IRSA setup.
fn generated_irsa() -> String {
    let out = run(&["generate", "-", "--format", "json"], IRSA);
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn check_passes_a_generated_setup_and_reports_an_edited_one() {
    let generated = generated_irsa();
    let out = run(&["check", "-"], &generated);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("2 policy artifact(s) linted: 0 error(s)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("setup checks: 0 finding(s); backups on; BR701"),
        "{stdout}"
    );

    // The user moves the service account to another namespace in the commands only.
    let edited = generated.replace("--namespace default", "--namespace backups");
    let out = run(&["check", "-", "--format", "json"], &edited);
    assert_eq!(out.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings: Vec<(&str, &str)> = value["setupChecks"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["code"].as_str().unwrap(), f["artifact"].as_str().unwrap()))
        .collect();
    // The role's trust no longer admits the account; the cluster now backs up to a storage of
    // another namespace, and the storage is used by no cluster of its own.
    assert_eq!(
        findings,
        [
            ("BR701", "eksctl"),
            ("BR701", "sgcluster-patch"),
            ("BR706", "sgcluster-patch"),
            ("BR706", "sgobjectstorage")
        ]
    );
    assert_eq!(value["findings"], serde_json::json!([]));

    // A policy edited into a mistake is linted with its artifact's name.
    let mut value: serde_json::Value = serde_json::from_str(&generated).unwrap();
    for artifact in value["artifacts"].as_array_mut().unwrap() {
        if artifact["id"] == "permission-policy" {
            let content = artifact["content"]
                .as_str()
                .unwrap()
                .replace("\"s3:ListBucket\"", "\"s3:ListBuckets\"");
            artifact["content"] = content.into();
        }
    }
    let out = run(&["check", "-", "--format", "json"], &value.to_string());
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1));
    let findings: Vec<(&str, &str)> = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["artifact"].as_str().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    assert_eq!(findings, [("permission-policy", "BR103")], "{value}");
}

#[test]
fn check_reports_malformed_files_with_status_2() {
    let out = run(&["check", "-"], "{\"x\": 1}");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: `-`: no `artifacts` array: the file must be the output of `bucketrust generate --format json`\n"
    );
    let out = run(
        &["check", "-"],
        r#"{"artifacts": [{"id": "a", "kind": "script", "content": ""}]}"#,
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: `-`: artifact `a`: kind `script` is not one of the artifact kinds\n"
    );
    let out = run(&["check", "/nonexistent/artifacts.json"], "");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn out_writes_the_artifacts_as_files_in_run_order_and_never_over_a_full_directory() {
    let dir = std::env::temp_dir().join(format!("bucketrust-cli-out-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let path = dir.display().to_string();
    let out = run(&["generate", "-", "--out", &path], IRSA);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty(), "the files go to the directory, not to stdout");
    let json = run(&["generate", "-", "--format", "json"], IRSA);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let content = |id: &str| {
        value["artifacts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .and_then(|a| a["content"].as_str())
            .unwrap()
            .to_owned()
    };
    let read = |rel: &str| std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert_eq!(read("policies/trust-policy.json"), content("trust-policy"));
    assert_eq!(read("manifests/sgobjectstorage.yaml"), content("sgobjectstorage"));
    assert_eq!(
        read("scripts/02-aws-cli.sh"),
        format!("#!/usr/bin/env bash\n{}", content("aws-cli"))
    );
    let readme = read("README.md");
    let first = readme.find("scripts/01-find-inputs.sh").unwrap();
    let later = readme.find("scripts/02-aws-cli.sh").unwrap();
    assert!(first < later, "{readme}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(dir.join("scripts/02-aws-cli.sh"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o111, 0o111, "scripts are executable");
    }
    // A second run refuses the full directory and leaves it as it was, unless forced.
    std::fs::write(dir.join("README.md"), "mine").unwrap();
    let again = run(&["generate", "-", "--out", &path], IRSA);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));
    assert_eq!(read("README.md"), "mine");
    let forced = run(&["generate", "-", "--out", &path, "--force"], IRSA);
    assert!(forced.status.success());
    assert_eq!(read("README.md"), readme);
    let _ = std::fs::remove_dir_all(&dir);
}
