//! Policies explained: every policy of every example summarised (pinned by snapshots, each
//! known policy's access levels asserted), the linter's findings grouped as the console
//! groups them, and the diff of a documented policy and its hardened alternative.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use bucketrust_core::explain::summary::{ServiceSummary, StatementSummary};
use bucketrust_core::explain::{self, AccessLevel, GroupKind, LineChange, PolicySummary};
use bucketrust_core::lint::{self, PolicyKind, Severity};
use bucketrust_core::Artifact;
use std::fmt::Write as _;

mod support;

use support::{artifacts, examples};

/// The summary as the page would lay it out, one line per row, for the snapshots.
fn render(summary: &PolicySummary) -> String {
    let mut out = String::new();
    for row in explain::overview(summary) {
        let levels: Vec<&str> = row.access_levels.iter().map(|l| l.label()).collect();
        let access = match (row.full_access, row.known) {
            (true, _) => "Full access".to_owned(),
            (false, true) => format!("Limited: {}", levels.join(", ")),
            (false, false) => "not in the catalog".to_owned(),
        };
        let conditions = if row.conditions.is_empty() {
            "None".to_owned()
        } else {
            row.conditions.join("; ")
        };
        writeln!(
            out,
            "overview {} {}: {access} | {} | {conditions}",
            row.effect,
            row.prefix,
            row.resources.join("; ")
        )
        .unwrap();
    }
    for (i, s) in summary.statements.iter().enumerate() {
        render_statement(&mut out, i + 1, s);
    }
    out
}

fn render_statement(out: &mut String, number: usize, s: &StatementSummary) {
    let sid = s.sid.as_deref().map(|sid| format!(" ({sid})")).unwrap_or_default();
    writeln!(out, "statement {number}{sid}: {}", s.effect).unwrap();
    if let Some(p) = &s.principals {
        let not = if p.negated { "not " } else { "" };
        for principal in &p.principals {
            writeln!(
                out,
                "  {not}principal {} {}: {}",
                principal.kind, principal.value, principal.words
            )
            .unwrap();
        }
    }
    let not = if s.actions.negated { "not " } else { "" };
    for service in &s.actions.services {
        render_service(out, not, service);
    }
    if let Some(r) = &s.resources {
        let not = if r.negated { "not " } else { "" };
        for resource in &r.resources {
            writeln!(out, "  {not}resource {}: {}", resource.written, resource.words).unwrap();
        }
    }
    for c in &s.conditions {
        writeln!(out, "  condition {} {} {:?}: {}", c.operator, c.key, c.values, c.words).unwrap();
    }
    for note in &s.notes {
        writeln!(out, "  note: {note}").unwrap();
    }
}

fn render_service(out: &mut String, not: &str, service: &ServiceSummary) {
    let name = service.name.map(|n| format!(" ({n})")).unwrap_or_default();
    let levels: Vec<&str> = service.access_levels.iter().map(|l| l.label()).collect();
    writeln!(out, "  {not}service {}{name}: [{}]", service.prefix, levels.join(", ")).unwrap();
    for a in &service.actions {
        let expands = a.expands_to.map(|n| format!(" (matches {n})")).unwrap_or_default();
        let level = a.access.map(|l| format!(" [{}]", l.label())).unwrap_or_default();
        writeln!(out, "    {}{level}{expands}", a.written).unwrap();
    }
}

fn policies(artifacts: &[Artifact]) -> impl Iterator<Item = &Artifact> {
    artifacts.iter().filter(|a| a.kind.policy_kind().is_some())
}

#[test]
fn every_policy_of_every_example_has_a_summary() {
    let mut count = 0;
    for (name, raw) in examples() {
        let mut text = String::new();
        for artifact in policies(&artifacts(&raw)) {
            let summary =
                explain::summarize(&artifact.content).unwrap_or_else(|e| panic!("{name} {}: {e}", artifact.id));
            assert!(!summary.statements.is_empty(), "{name} {}", artifact.id);
            // A service the catalog holds (every one the bucket's policies use) has its
            // access levels; one it does not hold (Palette's `ecr`, `cloudformation`, …) has
            // none rather than a guess.
            for s in &summary.statements {
                for service in &s.actions.services {
                    assert_eq!(
                        service.known,
                        !service.access_levels.is_empty(),
                        "{name} {}: {service:?}",
                        artifact.id
                    );
                }
            }
            writeln!(text, "==> {}\n{}", artifact.id, render(&summary)).unwrap();
            count += 1;
        }
        insta::assert_snapshot!(name, text);
    }
    assert!(count >= 40, "only {count} policies summarised");
}

fn summary_of(example: &str, id: &str) -> PolicySummary {
    let (_, raw) = examples().into_iter().find(|(n, _)| n == example).unwrap();
    let all = artifacts(&raw);
    let artifact = all.iter().find(|a| a.id == id).unwrap();
    explain::summarize(&artifact.content).unwrap()
}

fn levels_of(summary: &PolicySummary, prefix: &str) -> Vec<AccessLevel> {
    let mut levels: Vec<AccessLevel> = summary
        .statements
        .iter()
        .flat_map(|s| s.actions.services.iter())
        .filter(|s| s.prefix == prefix)
        .flat_map(|s| s.access_levels.iter().copied())
        .collect();
    levels.sort();
    levels.dedup();
    levels
}

#[test]
fn the_summary_of_velero_s_policy_lists_its_access_levels() {
    let summary = summary_of("velero-irsa", "permission-policy");
    // s3:ListBucket lists, s3:GetObject reads, s3:PutObject writes, s3:PutObjectTagging tags.
    assert_eq!(
        levels_of(&summary, "s3"),
        [
            AccessLevel::List,
            AccessLevel::Read,
            AccessLevel::Write,
            AccessLevel::Tagging
        ]
    );
    // ec2:Describe* list, ec2:CreateTags tags, the rest write.
    assert_eq!(
        levels_of(&summary, "ec2"),
        [AccessLevel::List, AccessLevel::Write, AccessLevel::Tagging]
    );
    let s3 = &summary.statements[1];
    let bucket = s3.resources.as_ref().unwrap().resources[0].s3.as_ref().unwrap();
    assert_eq!(
        (bucket.bucket.as_str(), bucket.objects.as_deref()),
        ("my-velero-bucket", Some("*"))
    );
    assert_eq!(
        s3.resources.as_ref().unwrap().resources[0].words,
        "every object in the bucket `my-velero-bucket`"
    );
}

#[test]
fn the_summary_is_plain_json_for_the_page() {
    let summary = explain::summarize(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:PassRole","iam:PutRolePolicy"],"Resource":"*"}]}"#,
    )
    .unwrap();
    let json = serde_json::to_value(&summary).unwrap();
    let levels: Vec<&str> = json["statements"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["actions"]["services"].as_array().unwrap())
        .flat_map(|s| s["access_levels"].as_array().unwrap())
        .map(|l| l.as_str().unwrap())
        .collect();
    // The service authorization reference classes iam:PassRole as Write and
    // iam:PutRolePolicy as Permissions management, and the JSON says them as the console does.
    assert_eq!(levels, ["Write", "Permissions management"]);
    let groups = serde_json::to_value(explain::group(&[])).unwrap();
    assert_eq!(
        groups[0],
        serde_json::json!({"kind": "security", "label": "Security", "count": 0})
    );
}

#[test]
fn trusts_are_said_in_words() {
    let irsa = summary_of("velero-irsa", "trust-policy");
    let words: Vec<&str> = irsa.statements[0].conditions.iter().map(|c| c.words.as_str()).collect();
    assert!(
        words.iter().any(|w| w.starts_with(
            "only the service account `velero/velero-server` of the cluster with the OIDC issuer `https://oidc.eks."
        )),
        "{words:?}"
    );
    let sts = summary_of("palette-cloud-account-sts", "trust-policy");
    let words: Vec<&str> = sts.statements[0].conditions.iter().map(|c| c.words.as_str()).collect();
    assert!(
        words.iter().any(|w| w.starts_with("only when the external ID is `")),
        "{words:?}"
    );
    let pods = summary_of("velero-pod-identity", "trust-policy");
    assert!(
        pods.statements[0].notes.iter().any(|n| n.contains("sts:TagSession")),
        "{:?}",
        pods.statements[0]
    );
    assert_eq!(
        pods.statements[0].principals.as_ref().unwrap().principals[0].kind,
        "Service"
    );
}

#[test]
fn wildcards_expand_and_exceptions_are_said_as_exceptions() {
    let summary = explain::summarize(
        r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::b/logs/*"},
            {"Effect":"Allow","NotAction":"s3:*","NotResource":"arn:aws:s3:::b"},
            {"Effect":"Deny","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],
             "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#,
    )
    .unwrap();
    let get = &summary.statements[0].actions.services[0];
    let expands = get.actions[0].expands_to.unwrap();
    assert!(expands > 20, "s3:Get* matches {expands}");
    assert_eq!(get.access_levels, [AccessLevel::Read]);
    assert!(!get.full_access);
    assert_eq!(
        summary.statements[0].resources.as_ref().unwrap().resources[0].words,
        "the objects under `logs/` in the bucket `b`"
    );
    let not = &summary.statements[1];
    assert!(not.actions.negated && not.resources.as_ref().unwrap().negated);
    // Excluding every S3 action leaves no S3 level; the note says every other service is in.
    assert!(not.actions.services[0].access_levels.is_empty());
    assert!(
        not.notes[0].starts_with("allows every action of every service except"),
        "{:?}",
        not.notes
    );
    assert!(not.notes[1].contains("every resource except"), "{:?}", not.notes);
    assert_eq!(
        summary.statements[2].conditions[0].words,
        "denies requests that do not use TLS"
    );
}

#[test]
fn principals_are_said_in_words_and_not_principal_as_an_exception() {
    let summary = explain::summarize(
        r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"},
            {"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:role/Backup","444455556666"]},"Action":"s3:*","Resource":"*"},
            {"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:saml-provider/Corp"},"Action":"sts:AssumeRoleWithSAML"}]}"#,
    )
    .unwrap();
    let words = |i: usize| -> Vec<String> {
        summary.statements[i]
            .principals
            .as_ref()
            .unwrap()
            .principals
            .iter()
            .map(|p| p.words.clone())
            .collect()
    };
    assert_eq!(words(0), ["anyone, in any account"]);
    assert_eq!(
        words(1),
        [
            "the role `Backup` of the account `111122223333`",
            "the account `444455556666` (any principal its policies allow)"
        ]
    );
    assert!(summary.statements[1].principals.as_ref().unwrap().negated);
    assert!(summary.statements[1]
        .notes
        .iter()
        .any(|n| n == "applies to every principal except the ones listed"));
    assert_eq!(words(2), ["the SAML provider `Corp` of the account `111122223333`"]);
    // `s3:*` covers every S3 access level.
    assert_eq!(
        summary.statements[1].actions.services[0].access_levels,
        AccessLevel::ALL
    );
}

#[test]
fn a_text_that_is_no_policy_object_is_refused_with_a_reason() {
    assert!(explain::summarize("{")
        .unwrap_err()
        .to_string()
        .starts_with("the policy is not valid JSON"));
    assert_eq!(
        explain::summarize("[]").unwrap_err().to_string(),
        "the policy is not a JSON object"
    );
    assert_eq!(
        explain::summarize(r#"{"Statement":[{}, 3]}"#).unwrap_err().to_string(),
        "statement 2 is not a JSON object"
    );
}

#[test]
fn findings_are_grouped_in_the_console_s_order_with_their_counts() {
    // No version (a warning), `s3:*` on `*` (security warnings), a bad Sid (an error).
    let identity = lint::lint(
        r#"{"Statement":[{"Sid":"not valid!","Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
        Some(PolicyKind::Identity),
    );
    // A Pod Identity trust without a condition (a suggestion).
    let trust = lint::lint(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}"#,
        Some(PolicyKind::Trust),
    );
    let findings: Vec<_> = identity.into_iter().chain(trust).collect();
    let groups = explain::group(&findings);
    let kinds: Vec<GroupKind> = groups.iter().map(|g| g.kind).collect();
    assert_eq!(kinds, GroupKind::ALL);
    let labels: Vec<&str> = groups.iter().map(|g| g.label).collect();
    assert_eq!(labels, ["Security", "Errors", "Warnings", "Suggestions"]);
    for g in &groups {
        assert!(g.count > 0, "{g:?}");
        assert_eq!(g.count, g.findings.len());
    }
    let severities = Severity::counts(&findings);
    let count_of = |s: Severity| severities.iter().find(|(x, _)| *x == s).unwrap().1;
    assert_eq!(groups[0].count, count_of(Severity::SecurityWarning));
    assert_eq!(groups[1].count, count_of(Severity::Error));
    // Every finding is in exactly one group, in the linter's order within it.
    assert_eq!(groups.iter().map(|g| g.count).sum::<usize>(), findings.len());
    let security: Vec<_> = findings
        .iter()
        .filter(|f| f.severity == Severity::SecurityWarning)
        .collect();
    assert_eq!(groups[0].findings, security);
    // A clean policy keeps the four groups, empty.
    assert!(explain::group(&[]).iter().all(|g| g.count == 0));
}

#[test]
fn the_diff_of_velero_s_policy_and_its_hardened_alternative_shows_the_ebs_changes() {
    let (_, raw) = examples().into_iter().find(|(n, _)| n == "velero-irsa").unwrap();
    let all = artifacts(&raw);
    let pairs = explain::alternatives(&all);
    assert_eq!(pairs.len(), 1);
    let (documented, hardened) = pairs[0];
    assert_eq!(
        (documented.id, hardened.id),
        ("permission-policy", "permission-policy-hardened")
    );
    let d = explain::diff(&documented.content, &hardened.content);
    assert!(d.added > 0 && d.removed > 0, "{d:?}");
    let lines: Vec<_> = d.hunks.iter().flat_map(|h| &h.lines).collect();
    let old: Vec<&str> = documented.content.lines().collect();
    let new: Vec<&str> = hardened.content.lines().collect();
    // Every line is the line of its text at its number.
    for l in &lines {
        if let Some(n) = l.old_line {
            assert_eq!(old[n - 1], l.text);
        }
        if let Some(n) = l.new_line {
            assert_eq!(new[n - 1], l.text);
        }
        assert_eq!(l.change == LineChange::Added, l.old_line.is_none());
        assert_eq!(l.change == LineChange::Removed, l.new_line.is_none());
    }
    let added: Vec<&str> = lines
        .iter()
        .filter(|l| l.change == LineChange::Added)
        .map(|l| l.text.trim())
        .collect();
    assert!(added.contains(&"\"ec2:CreateAction\": ["), "{added:?}");
    assert!(
        added.contains(&"\"aws:ResourceTag/velero.io/backup\": \"false\""),
        "{added:?}"
    );
    // The bucket's statements are the same in both: no line names the bucket as changed.
    assert!(
        lines
            .iter()
            .filter(|l| l.change != LineChange::Equal)
            .all(|l| !l.text.contains("my-velero-bucket")),
        "{lines:#?}"
    );
    assert_eq!(d.added - d.removed, new.len() - old.len());
}
