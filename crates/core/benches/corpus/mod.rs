//! What `cargo xtask bench` measures, built once and written to files so that Parliament and
//! the page benchmark read exactly the documents criterion times:
//!
//! - the corpus: every policy artifact of every example and setup fixture (the scenarios the
//!   tests enumerate: the examples and `tests/fixtures/setups/`, which cover every partition
//!   each target and auth supports), every lint fixture under `tests/lint_fixtures/`, and a
//!   few thousand generated policies of about 500 bytes;
//! - the examples (setup and artifacts), for the generation and setup-check benchmarks and
//!   for the page benchmark's links;
//! - one large identity policy of each size of [`LARGE_SIZES`], to show that linting is linear.
//!
//! Everything is deterministic: the generated policies come from a fixed seed.

use std::fs;
use std::path::{Path, PathBuf};

use bucketrust_core::lint::{self, Attachment, Options, PolicyKind};
use bucketrust_core::review::lint_plan;
use bucketrust_core::{generate, targets, validate, Artifact, RawSetup};
use serde_json::{json, Value};

/// How many small policies the corpus holds besides the real ones.
pub const SMALL_POLICIES: usize = 3_000;
/// The size a small policy grows to before it stops taking statements; they average about
/// 500 bytes.
const SMALL_BYTES: usize = 400;

/// The large policies' target sizes, with their labels: 10 KiB to 10 MiB, a factor of ten
/// apart.
pub const LARGE_SIZES: [(&str, usize); 4] = [
    ("10KiB", 10 << 10),
    ("100KiB", 100 << 10),
    ("1MiB", 1 << 20),
    ("10MiB", 10 << 20),
];
/// The large policies the page benchmark pastes (the others are only linted natively).
const PASTED: [&str; 2] = ["100KiB", "1MiB"];

/// One document of the corpus, with the options it is linted with.
pub struct Doc {
    /// `examples` (generated artifacts), `fixtures` (lint fixtures) or `small` (generated).
    pub group: &'static str,
    pub name: String,
    pub options: Options,
    pub text: String,
}

/// One example setup: its file stem, the setup as written and its validated raw form.
pub struct Example {
    pub name: String,
    pub setup: Value,
    pub raw: RawSetup,
    pub artifacts: Vec<Artifact>,
}

/// One large policy.
pub struct Large {
    pub label: &'static str,
    pub text: String,
}

/// Everything the benchmarks read.
pub struct Inputs {
    pub corpus: Vec<Doc>,
    pub examples: Vec<Example>,
    pub large: Vec<Large>,
}

/// The groups of the corpus, in the order they are reported; `all` is their union.
pub const GROUPS: [&str; 3] = ["examples", "fixtures", "small"];

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `*.json` file of `dir`, in name order.
fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The setups of `dir` with their artifacts.
fn setups_in(dir: &Path) -> Vec<Example> {
    json_files(dir)
        .iter()
        .map(|path| {
            let text = fs::read_to_string(path).unwrap();
            let raw = RawSetup::from_json(&text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
            let artifacts = generate(&validate(&raw).unwrap_or_else(|e| panic!("{}: {e:?}", path.display())));
            Example {
                name: stem(path),
                setup: serde_json::from_str(&text).unwrap(),
                raw,
                artifacts,
            }
        })
        .collect()
}

/// Every policy artifact of `scenario`, with the options the review lints it with (its
/// kind, and the size quota of the step that hands it to IAM).
fn policies_of(scenario: &Example) -> Vec<Doc> {
    let facts = targets::read_back(&scenario.artifacts);
    lint_plan(&facts, &scenario.artifacts)
        .into_iter()
        .map(|(id, options)| Doc {
            group: "examples",
            name: format!("{}/{id}", scenario.name),
            options,
            text: scenario.artifacts.iter().find(|a| a.id == id).unwrap().content.clone(),
        })
        .collect()
}

/// Every `.json` file of every lint fixture, linted as its `expect` file says (`kind=trust`,
/// `kind=identity`, or detected for `kind=auto`).
fn lint_fixtures() -> Vec<Doc> {
    let root = crate_dir().join("tests/lint_fixtures");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.iter()
        .flat_map(|dir| {
            let expect = fs::read_to_string(dir.join("expect")).unwrap();
            let kind = expect
                .split_whitespace()
                .find_map(|word| word.strip_prefix("kind="))
                .and_then(PolicyKind::from_id);
            json_files(dir).into_iter().map(move |path| Doc {
                group: "fixtures",
                name: format!("{}/{}", stem(dir), stem(&path)),
                options: Options { kind, attachment: None },
                text: fs::read_to_string(&path).unwrap(),
            })
        })
        .collect()
}

/// SplitMix64: a small deterministic generator, so that the corpus is the same on every run.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap()
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn account(&mut self) -> String {
        format!("{:012}", self.next() % 1_000_000_000_000)
    }
}

/// Actions a backup system's policy names, some wide on purpose (`s3:*`, `*`), so that the
/// small policies trigger the rules a user's policy would.
const ACTIONS: [&str; 16] = [
    "s3:GetObject",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:ListBucket",
    "s3:GetBucketLocation",
    "s3:AbortMultipartUpload",
    "s3:ListMultipartUploadParts",
    "s3:*",
    "kms:Decrypt",
    "kms:GenerateDataKey",
    "kms:Encrypt",
    "ec2:DescribeSnapshots",
    "ec2:CreateSnapshot",
    "iam:PassRole",
    "sts:AssumeRole",
    "*",
];
const REGIONS: [&str; 5] = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-south-1"];
const CONDITION_KEYS: [&str; 4] = ["aws:SecureTransport", "s3:prefix", "aws:SourceVpce", "kms:ViaService"];

fn small_identity(random: &mut Random, i: usize) -> Value {
    let mut statements = Vec::new();
    let mut doc = json!({"Version": "2012-10-17", "Statement": []});
    while serde_json::to_string_pretty(&doc).unwrap().len() < SMALL_BYTES {
        let bucket = format!("backup-{i}-{}", random.below(100));
        let n_actions = 1 + random.below(4);
        let actions: Vec<&str> = (0..n_actions).map(|_| random.pick(&ACTIONS)).collect();
        let resource = match random.below(5) {
            0 => json!("*"),
            1 => json!([format!("arn:aws:s3:::{bucket}"), format!("arn:aws:s3:::{bucket}/*")]),
            2 => json!(format!(
                "arn:aws:kms:{}:{}:key/{:08x}-1111-2222-3333-444455556666",
                random.pick(&REGIONS),
                random.account(),
                random.next() as u32
            )),
            3 => json!(format!("arn:aws:iam::{}:role/backup-{i}", random.account())),
            _ => json!(format!("arn:aws:s3:::{bucket}/pg/*")),
        };
        let mut statement = json!({
            "Sid": format!("Backup{}", statements.len()),
            "Effect": if random.below(6) == 0 { "Deny" } else { "Allow" },
            "Action": actions,
            "Resource": resource,
        });
        if random.below(3) == 0 {
            let key = random.pick(&CONDITION_KEYS);
            statement["Condition"] = match key {
                "aws:SecureTransport" => json!({"Bool": {key: "true"}}),
                _ => json!({"StringEquals": {key: format!("value-{}", random.below(10))}}),
            };
        }
        statements.push(statement);
        doc["Statement"] = Value::Array(statements.clone());
    }
    doc
}

fn small_trust(random: &mut Random, i: usize) -> Value {
    let account = random.account();
    let region = random.pick(&REGIONS);
    let issuer = format!("oidc.eks.{region}.amazonaws.com/id/{:032X}", u128::from(random.next()));
    let statement = match random.below(3) {
        0 => json!({
            "Effect": "Allow",
            "Principal": {"Federated": format!("arn:aws:iam::{account}:oidc-provider/{issuer}")},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {
                format!("{issuer}:aud"): "sts.amazonaws.com",
                format!("{issuer}:sub"): format!("system:serviceaccount:backup-{i}:velero"),
            }},
        }),
        1 => json!({
            "Effect": "Allow",
            "Principal": {"Service": "pods.eks.amazonaws.com"},
            "Action": ["sts:AssumeRole", "sts:TagSession"],
            "Condition": {"StringEquals": {"aws:SourceAccount": account}},
        }),
        _ => json!({
            "Effect": "Allow",
            "Principal": {"AWS": format!("arn:aws:iam::{account}:root")},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": format!("external-{i}")}},
        }),
    };
    json!({"Version": "2012-10-17", "Statement": [statement]})
}

/// The generated small policies: four identity policies for each trust policy.
fn small_policies() -> Vec<Doc> {
    let mut random = Random(0x00B0_C4E7_2026);
    (0..SMALL_POLICIES)
        .map(|i| {
            let (kind, doc) = if i % 5 == 4 {
                (PolicyKind::Trust, small_trust(&mut random, i))
            } else {
                (PolicyKind::Identity, small_identity(&mut random, i))
            };
            Doc {
                group: "small",
                name: format!("small-{i:04}"),
                options: Options {
                    kind: Some(kind),
                    attachment: Some(Attachment::Managed),
                },
                text: serde_json::to_string_pretty(&doc).unwrap(),
            }
        })
        .collect()
}

/// One statement in this many of a large policy grants everything in S3 on every resource,
/// so that the findings grow with the policy as a user's pasted policy's would.
const LARGE_WILDCARD_EVERY: usize = 250;

/// The large policy's statements: each grants a few actions on one bucket of its own.
fn large_statement(i: usize) -> Value {
    if i % LARGE_WILDCARD_EVERY == LARGE_WILDCARD_EVERY - 1 {
        return json!({"Sid": format!("Everything{i}"), "Effect": "Allow", "Action": "s3:*", "Resource": "*"});
    }
    const SETS: [&[&str]; 3] = [
        &["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        &["s3:ListBucket", "s3:GetBucketLocation"],
        &[
            "s3:AbortMultipartUpload",
            "s3:ListMultipartUploadParts",
            "s3:GetObjectVersion",
        ],
    ];
    let bucket = format!("backup-bucket-{i:07}");
    json!({
        "Sid": format!("Bucket{i}"),
        "Effect": "Allow",
        "Action": SETS[i % SETS.len()],
        "Resource": [format!("arn:aws:s3:::{bucket}"), format!("arn:aws:s3:::{bucket}/*")],
    })
}

fn large_policy(statements: usize) -> String {
    let doc = json!({
        "Version": "2012-10-17",
        "Statement": (0..statements).map(large_statement).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&doc).unwrap()
}

/// An identity policy of about `bytes` bytes: as many statements as fit, from the size of a
/// first guess.
fn large_of(bytes: usize) -> String {
    let guess = 16;
    let per_statement = large_policy(guess).len() / guess;
    large_policy((bytes / per_statement).max(1))
}

impl Inputs {
    pub fn build() -> Inputs {
        let examples = setups_in(&crate_dir().join("../../examples"));
        let fixtures = setups_in(&crate_dir().join("tests/fixtures/setups"));
        let mut corpus: Vec<Doc> = examples.iter().chain(&fixtures).flat_map(policies_of).collect();
        corpus.extend(lint_fixtures());
        corpus.extend(small_policies());
        let large = LARGE_SIZES
            .iter()
            .map(|&(label, bytes)| Large {
                label,
                text: large_of(bytes),
            })
            .collect();
        Inputs {
            corpus,
            examples,
            large,
        }
    }

    /// The documents of `group`, or all of them for `all`.
    pub fn group(&self, group: &str) -> Vec<&Doc> {
        self.corpus
            .iter()
            .filter(|d| group == "all" || d.group == group)
            .collect()
    }

    /// Writes the inputs for Parliament and the page benchmark, and a manifest of what was
    /// measured, to `dir`.
    pub fn write(&self, dir: &Path) {
        fs::create_dir_all(dir).unwrap();
        let kind_id = |d: &Doc| d.options.kind.map(PolicyKind::id);
        let corpus: Vec<Value> = self
            .corpus
            .iter()
            .map(|d| json!({"group": d.group, "name": d.name, "kind": kind_id(d), "text": d.text}))
            .collect();
        write_json(&dir.join("corpus.json"), &Value::Array(corpus));
        let examples: Vec<Value> = self
            .examples
            .iter()
            .map(|e| {
                json!({
                    "name": e.name,
                    "setup": e.setup,
                    "artifacts": e.artifacts.iter().map(|a| json!({"id": a.id, "kind": a.kind.id(), "policy": a.kind.policy_kind().is_some(), "content": a.content})).collect::<Vec<_>>(),
                })
            })
            .collect();
        write_json(&dir.join("examples.json"), &Value::Array(examples));
        let mut large = Vec::new();
        for policy in &self.large {
            let file = PASTED
                .contains(&policy.label)
                .then(|| format!("large-{}.json", policy.label));
            if let Some(file) = &file {
                fs::write(dir.join(file), &policy.text).unwrap();
            }
            // What the page must show for the pasted text: it detects the kind, as here.
            let findings = lint::lint(&policy.text, None).len();
            large.push(json!({"label": policy.label, "bytes": policy.text.len(), "findings": findings, "file": file}));
        }
        let groups: Vec<Value> = GROUPS
            .iter()
            .chain(&["all"])
            .map(|g| {
                let docs = self.group(g);
                json!({"group": g, "count": docs.len(), "bytes": docs.iter().map(|d| d.text.len()).sum::<usize>()})
            })
            .collect();
        let manifest = json!({
            "groups": groups,
            "large": large,
            "examples": self.examples.iter().map(|e| json!({"name": e.name, "artifacts": e.artifacts.len()})).collect::<Vec<_>>(),
        });
        write_json(&dir.join("inputs.json"), &manifest);
    }
}

fn write_json(path: &Path, value: &Value) {
    fs::write(path, serde_json::to_string(value).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}
