//! The linter's rules: each has docs and a unique code and name; each has a valid and an
//! invalid fixture in `lint_fixtures/<code>-<name>/` (checked for code, severity and line);
//! each doc example triggers its rule and its "use instead" does not; docs/rules.md is current.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use bucketrust_core::docs::rules_markdown;
use bucketrust_core::lint::{lint, rules, Finding, PolicyKind};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lint_fixtures")
}

fn is_kebab(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[test]
fn every_rule_has_docs_and_a_unique_code_and_name() {
    let all = rules::all();
    assert!(all.len() >= 40, "only {} rules", all.len());
    let mut codes = BTreeSet::new();
    let mut names = BTreeSet::new();
    for rule in all {
        let code = rule.code();
        assert!(
            code.len() == 5 && code.starts_with("BR") && code[2..].bytes().all(|b| b.is_ascii_digit()),
            "bad code {code}"
        );
        assert!(codes.insert(code), "duplicate code {code}");
        assert!(is_kebab(rule.name()), "{code}: `{}` is not kebab-case", rule.name());
        assert!(names.insert(rule.name()), "duplicate name {}", rule.name());
        let docs = rule.docs();
        for (what, text) in [
            ("summary", docs.summary),
            ("what it does", docs.what_it_does),
            ("why it matters", docs.why_it_matters),
            ("example", docs.example),
            ("use instead", docs.use_instead),
        ] {
            assert!(!text.trim().is_empty(), "{code}: no {what}");
        }
        assert!(!docs.summary.contains('\n'), "{code}: the summary is not one line");
        assert!(!docs.references.is_empty(), "{code}: no references");
    }
    let sorted: Vec<_> = all.iter().map(|r| r.code()).collect();
    let mut again = sorted.clone();
    again.sort_unstable();
    assert_eq!(sorted, again, "the registry is not in code order");
}

fn of<'a>(findings: &'a [Finding], code: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.code == code).collect()
}

#[test]
fn doc_examples_trigger_their_rule_and_use_instead_does_not() {
    for rule in rules::all() {
        let docs = rule.docs();
        let code = rule.code();
        // The size examples abbreviate the long text they talk about.
        let kind = match rule.name() {
            "missing-principal" => Some(PolicyKind::Trust),
            "principal-in-identity-policy" => Some(PolicyKind::Identity),
            _ => None,
        };
        if !matches!(rule.name(), "policy-too-large" | "value-too-long") {
            let found = lint(docs.example, kind);
            assert!(
                !of(&found, code).is_empty(),
                "{code}: its example does not trigger it: {found:#?}"
            );
        }
        let found = lint(docs.use_instead, kind);
        let failing: Vec<_> = found.iter().filter(|f| f.code == code || f.severity.fails()).collect();
        assert!(
            failing.is_empty(),
            "{code}: its `use instead` is not clean: {failing:#?}"
        );
    }
}

/// What a fixture directory's `expect` says: the kind to lint as, the line of the rule's
/// first finding in `invalid.json`, and the same for each further `invalid-<what>.json`
/// (`invalid-<what>.json=<line>`). Every `valid*.json` must not trigger the rule.
struct Expect {
    kind: Option<PolicyKind>,
    line: usize,
    more: Vec<(String, usize)>,
}

fn expect(dir: &Path) -> Expect {
    let text = std::fs::read_to_string(dir.join("expect")).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut kind = None;
    let mut line = 0;
    let mut more = Vec::new();
    for word in text.split_whitespace() {
        match word.split_once('=') {
            Some(("kind", "trust")) => kind = Some(PolicyKind::Trust),
            Some(("kind", "identity")) => kind = Some(PolicyKind::Identity),
            Some(("kind", "auto")) => kind = None,
            Some(("line", n)) => line = n.parse().unwrap(),
            Some((file, n)) if file.starts_with("invalid-") && file.ends_with(".json") => {
                more.push((file.to_owned(), n.parse().unwrap()));
            }
            _ => panic!("{}: cannot read `{word}`", dir.display()),
        }
    }
    assert!(line > 0, "{}: no line", dir.display());
    Expect { kind, line, more }
}

/// The `.json` files of a fixture directory whose names start with `prefix`.
fn files(dir: &Path, prefix: &str) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix) && n.ends_with(".json"))
        .collect()
}

#[test]
fn every_rule_has_a_valid_and_an_invalid_fixture() {
    let mut dirs: BTreeSet<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut checked = 0;
    for rule in rules::all() {
        let code = rule.code();
        let name = format!("{code}-{}", rule.name());
        assert!(dirs.remove(&name), "no fixture directory {name}");
        let dir = fixtures().join(&name);
        let want = expect(&dir);
        let mut invalid = vec![("invalid.json".to_owned(), want.line)];
        invalid.extend(want.more.iter().cloned());
        let listed: BTreeSet<String> = invalid.iter().map(|(f, _)| f.clone()).collect();
        assert_eq!(
            listed,
            files(&dir, "invalid"),
            "{name}: `expect` must give a line for each invalid file"
        );
        for (file, line) in invalid {
            let text = std::fs::read_to_string(dir.join(&file)).unwrap();
            let found = lint(&text, want.kind);
            let hits = of(&found, code);
            let first = hits
                .first()
                .unwrap_or_else(|| panic!("{name}/{file} does not trigger it: {found:#?}"));
            assert_eq!(first.severity, rule.severity(), "{name}/{file}");
            assert_eq!(first.name, rule.name(), "{name}/{file}");
            assert_eq!(first.line, line, "{name}/{file}: {first:#?}");
            checked += 1;
        }
        let valid = files(&dir, "valid");
        assert!(valid.contains("valid.json"), "{name}: no valid.json");
        for file in valid {
            let text = std::fs::read_to_string(dir.join(&file)).unwrap();
            let found = lint(&text, want.kind);
            assert!(of(&found, code).is_empty(), "{name}/{file} triggers it: {found:#?}");
        }
    }
    assert!(dirs.is_empty(), "fixture directories without a rule: {dirs:?}");
    assert!(checked > rules::all().len(), "only {checked} invalid fixtures");
}

#[test]
fn messages_and_help_are_one_lowercase_line() {
    for rule in rules::all() {
        let dir = fixtures().join(format!("{}-{}", rule.code(), rule.name()));
        let invalid = std::fs::read_to_string(dir.join("invalid.json")).unwrap();
        let kind = expect(&dir).kind;
        for f in lint(&invalid, kind) {
            for (what, text) in [("message", &f.message), ("help", &f.help)] {
                assert!(!text.contains('\n'), "{}: {what} has several lines: {text}", f.code);
                let first = text.chars().next().unwrap();
                assert!(!first.is_uppercase(), "{}: {what} is not lowercase: {text}", f.code);
            }
        }
    }
}

#[test]
fn findings_have_positions_and_pointers() {
    let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"s3:ListBucket\", \"Resource\": \"arn:aws:s3:::b/*\"}\n  ]\n}\n";
    let found = lint(text, None);
    let f = found.iter().find(|f| f.name == "action-resource-mismatch").unwrap();
    assert_eq!((f.line, f.column), (4, 35));
    assert_eq!(f.pointer, "/Statement/0/Action");
}

#[test]
fn the_kind_is_detected_from_the_principal() {
    let trust = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}]}"#;
    assert!(lint(trust, None).iter().any(|f| f.name == "resource-in-trust-policy"));
    assert!(lint(trust, Some(PolicyKind::Identity))
        .iter()
        .any(|f| f.name == "principal-in-identity-policy"));
}

#[test]
fn docs_rules_md_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == rules_markdown(),
        "docs/rules.md is stale; run `cargo xtask codegen`"
    );
}

/// The setup and the linter judge bucket names alike: a name the setup refuses is reported
/// in an ARN, and a name it accepts is not.
#[test]
fn the_linter_and_the_setup_agree_on_bucket_names() {
    use bucketrust_core::setup::value::BucketName;
    use bucketrust_core::Field;
    let names = [
        "my-bucket",
        "a.b.c",
        "192.168.5.4",
        "999.1.1.1",
        "1.2.3",
        "1.2.3.4.5",
        "ab",
        "My_Bucket",
        "-bucket",
        "bucket..name",
        "xn--bucket",
        "bucket-s3alias",
        "bucket--x-s3",
        "sthree-bucket",
        "123",
    ];
    for name in names {
        let policy = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::{name}"}}]}}"#
        );
        let linted = lint(&policy, None).iter().any(|f| f.name == "invalid-bucket-name");
        let refused = BucketName::parse(Field::Bucket, name).is_err();
        assert_eq!(linted, refused, "`{name}`: linter {linted}, setup {refused}");
    }
}
