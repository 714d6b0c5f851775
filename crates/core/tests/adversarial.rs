//! Inputs built to make the linter and the setup checks slow: each shape is generated at
//! 1 MB (`BUCKETRUST_ADVERSARIAL_BYTES` sets another size) and linted or checked, and must
//! finish well within a bound that only a super-linear algorithm misses (these shapes took
//! from seconds to hours, or all the memory, before the work was made linear). The time of
//! each is printed; `cargo test --release --test adversarial -- --nocapture` measures them.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use bucketrust_core::lint::{lint, render, PolicyKind};
use bucketrust_core::{review, Artifact, ArtifactKind};

mod support;

/// Far more than any of these takes in a debug build on a loaded machine (a second or less),
/// and far less than a quadratic algorithm needs at 1 MB (minutes to hours).
const BOUND: Duration = Duration::from_secs(30);

fn size() -> usize {
    std::env::var("BUCKETRUST_ADVERSARIAL_BYTES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1 << 20)
}

/// `head`, then items `item(0)`, `item(1)`… joined by `sep` until the text reaches `size`
/// bytes, then `tail`.
fn fill(head: &str, item: impl Fn(usize) -> String, sep: &str, tail: &str, size: usize) -> String {
    let mut s = String::from(head);
    let mut i = 0;
    while s.len() + tail.len() < size {
        if i > 0 {
            s.push_str(sep);
        }
        s.push_str(&item(i));
        i += 1;
    }
    s.push_str(tail);
    s
}

/// Half the bytes for one list, half for the other.
fn halves(size: usize) -> usize {
    size / 2
}

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let elapsed = start.elapsed();
    println!("{what}: {} bytes in {:.3} s", size(), elapsed.as_secs_f64());
    assert!(elapsed < BOUND, "{what}: {elapsed:?} at {} bytes", size());
    out
}

/// Lints `text` and renders every finding as the CLI does.
fn lint_shape(what: &str, text: &str, kind: Option<PolicyKind>) -> usize {
    timed(what, || {
        let findings = lint(text, kind);
        let rendered = render::render_all("p.json", text, &findings);
        assert!(rendered.len() <= findings.len() * 2_000 + 1, "{what}: long output");
        findings.len()
    })
}

#[test]
fn one_statement_with_many_actions_and_many_resources() {
    let half = halves(size());
    let actions = fill(
        "",
        |i| {
            [
                "\"s3:ListBucket\"",
                "\"ec2:DeleteSnapshot\"",
                "\"kms:Decrypt\"",
                "\"iam:GetRole\"",
            ][i % 4]
                .to_owned()
        },
        ",",
        "",
        half,
    );
    let resources = fill(
        "",
        |i| format!("\"arn:aws:ec2:us-east-1:111122223333:volume/vol-{i}\""),
        ",",
        "",
        half,
    );
    let text = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":[{actions}],"Resource":[{resources}]}}]}}"#
    );
    let n = lint_shape("actions x resources", &text, None);
    assert!(n > 0);
}

#[test]
fn many_statements_with_distinct_sids() {
    let text = fill(
        r#"{"Version":"2012-10-17","Statement":["#,
        |i| format!(r#"{{"Sid":"s{i}","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b"}}"#),
        ",",
        "]}",
        size(),
    );
    lint_shape("distinct sids", &text, None);
}

#[test]
fn many_findings_on_many_lines() {
    let text = fill(
        "{\n\"Version\": \"2012-10-17\",\n\"Statement\": [\n",
        |i| format!(r#"{{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b/{i}"}}"#),
        ",\n",
        "\n]\n}\n",
        size(),
    );
    let n = lint_shape("findings on many lines", &text, None);
    assert!(n > 1_000, "{n}");
}

#[test]
fn one_line_with_many_unknown_actions() {
    let text = fill(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*","Action":["#,
        |i| format!("\"s3:Nothing{i}\""),
        ",",
        "]}]}",
        size(),
    );
    let n = lint_shape("unknown actions on one line", &text, None);
    assert!(n > 1_000, "{n}");
}

#[test]
fn one_operator_with_many_keys() {
    let text = fill(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"#,
        |i| format!("\"aws:Key{i}\":\"v\",\"aws:Key{i}\":\"v\""),
        ",",
        "}}}]}",
        size(),
    );
    lint_shape("one operator, many keys", &text, None);
}

#[test]
fn many_oidc_principals_and_many_keys() {
    let half = halves(size());
    let principals = fill(
        "",
        |i| format!("\"arn:aws:iam::111122223333:oidc-provider/oidc.example.com/id/{i}\""),
        ",",
        "",
        half,
    );
    let keys = fill("", |i| format!("\"oidc.other.com/id/{i}:sub\":\"x\""), ",", "", half);
    let text = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Federated":[{principals}]}},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{{"StringEquals":{{{keys}}}}}}}]}}"#
    );
    lint_shape("oidc principals x keys", &text, Some(PolicyKind::Trust));
}

#[test]
fn values_longer_than_iam_allows() {
    let quarter = size() / 4;
    let pattern = "*a".repeat(quarter / 2);
    let text = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":["s3:{pattern}","s3:GetObject"],"Resource":["arn:aws:s3:::{pattern}","arn:aws:ec2:*:*:{pattern}"]}}]}}"#
    );
    let findings = timed("long values", || lint(&text, None));
    assert!(
        findings.iter().any(|f| f.name == "value-too-long"),
        "{:?}",
        findings.iter().map(|f| f.name).collect::<Vec<_>>()
    );
}

#[test]
fn deeply_nested_json() {
    let depth = size() / 2;
    let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let findings = timed("deep nesting", || lint(&text, None));
    assert!(findings.iter().any(|f| f.name == "invalid-json"), "{findings:?}");
}

/// The artifacts of the IRSA example of StackGres, with `edit` applied to the one of `kind`
/// (the first of that kind).
fn edited(kind: ArtifactKind, edit: impl FnOnce(&mut Artifact)) -> Vec<Artifact> {
    let (_, raw) = support::examples()
        .into_iter()
        .find(|(name, _)| name == "stackgres-irsa")
        .unwrap();
    let mut artifacts = support::artifacts(&raw);
    let artifact = artifacts.iter_mut().find(|a| a.kind == kind).unwrap();
    edit(artifact);
    artifacts
}

fn check_shape(what: &str, artifacts: &[Artifact]) -> bucketrust_core::Review {
    timed(what, || review(artifacts))
}

#[test]
fn a_script_with_a_quote_that_never_closes() {
    let artifacts = edited(ArtifactKind::AwsCli, |a| {
        a.content = fill("policy='{\n", |i| format!("  \"Sid{i}\": \"x\","), "\n", "\n", size());
    });
    let review = check_shape("unclosed quote", &artifacts);
    assert!(
        review
            .setup_checks
            .findings
            .iter()
            .any(|f| f.name == "unreadable-artifact"),
        "{:?}",
        review.setup_checks.findings
    );
}

#[test]
fn a_bucket_pattern_and_a_bucket_name_as_long_as_the_input() {
    let half = halves(size());
    // Matched by backtracking, the pattern's run of `a` is tried at every place in the name.
    let pattern = format!("*{}", "a".repeat(half / 4));
    let name = "a".repeat(half / 2);
    let artifacts = edited(ArtifactKind::PermissionPolicy, |a| {
        a.content = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::{pattern}b/*"}}]}}"#
        );
    });
    let artifacts: Vec<Artifact> = artifacts
        .into_iter()
        .map(|mut a| {
            if a.kind == ArtifactKind::KubernetesManifest {
                a.content = a.content.replace("my-stackgres-bucket", &name);
            }
            a
        })
        .collect();
    check_shape("bucket glob", &artifacts);
}

#[test]
fn many_bucket_patterns_and_many_bucket_uses() {
    let half = halves(size());
    let resources = fill("", |i| format!("\"arn:aws:s3:::b{i}*x/*\""), ",", "", half);
    let artifacts = edited(ArtifactKind::PermissionPolicy, |a| {
        a.content = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":[{resources}]}}]}}"#
        );
    });
    let uses = fill("", |i| format!("---\nbucket: c{i}"), "\n", "\n", half);
    let artifacts: Vec<Artifact> = artifacts
        .into_iter()
        .map(|mut a| {
            if a.kind == ArtifactKind::KubernetesManifest {
                a.content = uses.clone();
            }
            a
        })
        .collect();
    check_shape("bucket patterns x bucket uses", &artifacts);
}

#[test]
fn a_manifest_of_nested_aliases() {
    // Each level names the one before nine times: expanded, the last is 9^9 strings.
    let mut yaml = String::from("a0: &a0 [\"lol\"]\n");
    for level in 1..10 {
        let before = format!("*a{}", level - 1);
        yaml.push_str(&format!("a{level}: &a{level} [{}]\n", [before.as_str(); 9].join(",")));
    }
    let artifacts = edited(ArtifactKind::KubernetesManifest, |a| a.content = yaml.clone());
    let review = check_shape("yaml aliases", &artifacts);
    assert!(
        review
            .setup_checks
            .findings
            .iter()
            .any(|f| f.name == "unreadable-artifact"),
        "{:?}",
        review.setup_checks.findings
    );
}

#[test]
fn a_deeply_nested_manifest_and_script_policy() {
    let depth = size() / 4;
    let yaml = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let json = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let artifacts = edited(ArtifactKind::KubernetesManifest, |a| a.content = yaml);
    let artifacts: Vec<Artifact> = artifacts
        .into_iter()
        .map(|mut a| {
            if a.kind == ArtifactKind::AwsCli {
                a.content = format!("permission_policy='{json}'\naws iam create-policy --policy-name p --policy-document \"$permission_policy\"\n");
            }
            a
        })
        .collect();
    check_shape("deep nesting in a manifest and a script", &artifacts);
}
