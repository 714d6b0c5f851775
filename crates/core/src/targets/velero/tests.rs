//! The Velero target: its fields' validation, each auth's artifacts, and the setup checks of
//! its examples, clean as generated and reporting what an edit breaks.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use super::{VELERO_NODE_AGENT, VELERO_PREFIX};
use crate::artifact::{Artifact, ArtifactKind};
use crate::crosscheck::check;
use crate::field::Field;
use crate::lint::Severity;
use crate::targets::Target as _;
use crate::{generate, review, validate, RawSetup};
use serde_json::Value;

const STATIC_KEYS: &str = include_str!("../../../../../examples/velero-static-keys.json");
const IRSA: &str = include_str!("../../../../../examples/velero-irsa.json");
const POD_IDENTITY: &str = include_str!("../../../../../examples/velero-pod-identity.json");
const EXAMPLES: [(&str, &str); 3] = [
    ("velero-static-keys", STATIC_KEYS),
    ("velero-irsa", IRSA),
    ("velero-pod-identity", POD_IDENTITY),
];

fn raw(json: &str) -> RawSetup {
    RawSetup::from_json(json).unwrap()
}

fn artifacts(raw: &RawSetup) -> Vec<Artifact> {
    generate(&validate(raw).unwrap_or_else(|e| panic!("{e:?}")))
}

fn content<'a>(all: &'a [Artifact], id: &str) -> &'a str {
    &all.iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("no artifact `{id}`"))
        .content
}

fn messages(raw: &RawSetup) -> Vec<String> {
    match validate(raw) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

/// The words of every command of a script, continuation lines joined and comments dropped.
fn commands(script: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut pending = String::new();
    for line in script.lines() {
        // Comments, and the subshell and strict mode every block is wrapped in.
        if pending.is_empty() && (line.starts_with('#') || matches!(line, "(" | ")" | "set -euo pipefail")) {
            continue;
        }
        if let Some(continued) = line.strip_suffix('\\') {
            pending.push_str(continued);
            continue;
        }
        pending.push_str(line);
        match shell_words::split(&pending) {
            Ok(words) => {
                if !words.is_empty() {
                    out.push(words);
                }
                pending.clear();
            }
            Err(_) => pending.push('\n'),
        }
    }
    assert!(pending.is_empty(), "unterminated: {pending}");
    out
}

/// The command of `script` whose first words are `prefix`.
fn command(script: &str, prefix: &[&str]) -> Vec<String> {
    commands(script)
        .into_iter()
        .find(|c| c.len() >= prefix.len() && c.iter().zip(prefix).all(|(a, b)| a == b))
        .unwrap_or_else(|| panic!("no `{}` in\n{script}", prefix.join(" ")))
}

/// The values of every `name` option of a command.
fn options<'a>(command: &'a [String], name: &str) -> Vec<&'a str> {
    command
        .windows(2)
        .filter(|w| w[0] == name)
        .map(|w| w[1].as_str())
        .collect()
}

/// The manifest's documents as JSON.
fn documents(yaml: &str) -> Vec<Value> {
    yaml_rust2::YamlLoader::load_from_str(yaml)
        .unwrap()
        .iter()
        .map(|d| serde_json::to_value(yaml_json(d)).unwrap())
        .collect()
}

fn yaml_json(node: &yaml_rust2::Yaml) -> Value {
    use yaml_rust2::Yaml;
    match node {
        Yaml::Hash(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.as_str().unwrap().to_owned(), yaml_json(v)))
                .collect(),
        ),
        Yaml::Array(items) => Value::Array(items.iter().map(yaml_json).collect()),
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::Boolean(b) => Value::Bool(*b),
        other => panic!("unexpected YAML {other:?}"),
    }
}

fn document<'a>(docs: &'a [Value], kind: &str) -> &'a Value {
    docs.iter()
        .find(|d| d["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind}"))
}

// ---------------------------------------------------------------------------------------
// Validation

#[test]
fn the_prefix_is_parts_of_safe_characters() {
    let base = raw(IRSA);
    for good in ["cluster-a", "prod/cluster_a", "a.b/c-d/e", "x"] {
        assert_eq!(
            messages(&base.clone().with(VELERO_PREFIX, good)),
            Vec::<String>::new(),
            "{good}"
        );
    }
    let rule = "a prefix is 1 to 256 characters of letters, digits, `-`, `_` and `.`, in parts separated by single `/`, without a `/` at either end and without `.` or `..` parts";
    for bad in [
        "/velero",
        "velero/",
        "a//b",
        "a/../b",
        ".",
        "a b",
        "velero$(id)",
        "naïve",
        &"a".repeat(257),
    ] {
        // Messages show the first 60 characters of a long value.
        let shown: String = bad.chars().take(60).collect();
        let got = messages(&base.clone().with(VELERO_PREFIX, bad));
        let value = if bad.chars().count() > 60 {
            format!("`{shown}…` ({} characters)", bad.chars().count())
        } else {
            format!("`{bad}`")
        };
        assert_eq!(got, [format!("veleroPrefix {value}: {rule}")], "{bad}");
    }
}

#[test]
fn node_agent_is_true_or_false() {
    let base = raw(STATIC_KEYS);
    assert!(messages(&base.clone().with(VELERO_NODE_AGENT, "true")).is_empty());
    assert!(messages(&base.clone().with(VELERO_NODE_AGENT, "false")).is_empty());
    assert_eq!(
        messages(&base.clone().with(VELERO_NODE_AGENT, "yes")),
        ["veleroNodeAgent `yes`: node-agent is deployed with `true` and left out with `false`"]
    );
}

#[test]
fn each_auth_names_what_it_needs() {
    let pod_identity = raw(POD_IDENTITY)
        .with(Field::ClusterName, "")
        .with(Field::ClusterAccountId, "12");
    assert_eq!(
        messages(&pod_identity),
        [
            "clusterAccountId `12`: an AWS account ID is exactly 12 digits",
            "clusterName is required for target `velero` with auth `pod-identity`",
        ]
    );
    let irsa = raw(IRSA).with(Field::OidcIssuer, "");
    assert_eq!(
        messages(&irsa),
        ["oidcIssuer is required for target `velero` with auth `irsa`"]
    );
    let sts = raw(STATIC_KEYS).with(Field::Auth, "sts");
    assert_eq!(
        messages(&sts),
        ["auth `sts`: target `velero` supports only `static-keys`, `irsa`, `pod-identity` (Velero runs in your own cluster, so no platform assumes a role)"]
    );
    let namespace = raw(IRSA).with(Field::Namespace, "Velero");
    assert!(messages(&namespace)[0].starts_with("namespace `Velero`: a Kubernetes namespace is a DNS-1123 label"));
}

// ---------------------------------------------------------------------------------------
// Artifacts

#[test]
fn the_artifacts_come_in_the_order_they_are_run() {
    let ids = |json: &str| -> Vec<&'static str> { artifacts(&raw(json)).iter().map(|a| a.id).collect() };
    assert_eq!(
        ids(STATIC_KEYS),
        [
            "find-inputs",
            "permission-policy",
            "permission-policy-hardened",
            "aws-cli",
            "credentials-secret",
            "helm",
            "backup-location",
            "verify",
            "teardown-cluster",
            "teardown"
        ]
    );
    assert_eq!(
        ids(IRSA),
        [
            "find-inputs",
            "permission-policy",
            "permission-policy-hardened",
            "trust-policy",
            "aws-cli",
            "helm",
            "backup-location",
            "verify",
            "teardown-cluster",
            "teardown"
        ]
    );
    assert_eq!(
        ids(POD_IDENTITY),
        [
            "find-inputs",
            "permission-policy",
            "permission-policy-hardened",
            "trust-policy",
            "aws-cli",
            "pod-identity-association",
            "helm",
            "backup-location",
            "verify",
            "teardown-cluster",
            "teardown"
        ]
    );
}

/// The plugin README's policy, with the setup's bucket and partition.
#[test]
fn the_permission_policy_is_the_plugins() {
    let all = artifacts(
        &raw(IRSA)
            .with(Field::Partition, "aws-us-gov")
            .with(Field::Region, "us-gov-west-1")
            .with(
                Field::OidcIssuer,
                "https://oidc.eks.us-gov-west-1.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D",
            ),
    );
    let policy: Value = serde_json::from_str(content(&all, "permission-policy")).unwrap();
    let expected = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": ["ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:CreateTags", "ec2:CreateVolume", "ec2:CreateSnapshot", "ec2:DeleteSnapshot"], "Resource": ["*"]},
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:DeleteObject", "s3:PutObject", "s3:PutObjectTagging", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"], "Resource": ["arn:aws-us-gov:s3:::my-velero-bucket/*"]},
            {"Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": ["arn:aws-us-gov:s3:::my-velero-bucket"]},
        ]
    });
    assert_eq!(policy, expected);
    let script = content(&all, "aws-cli");
    let text = content(&all, "permission-policy").trim_end();
    assert!(script.contains(&format!("permission_policy='{text}'")));
}

#[test]
fn the_kms_key_is_granted_sent_with_uploads_and_the_buckets_default() {
    let key = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let all = artifacts(&raw(POD_IDENTITY).with(Field::KmsKeyArn, key));
    for id in ["permission-policy", "permission-policy-hardened"] {
        let policy: Value = serde_json::from_str(content(&all, id)).unwrap();
        let last = policy["Statement"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(
            last,
            serde_json::json!({"Effect": "Allow", "Action": ["kms:GenerateDataKey", "kms:Decrypt"], "Resource": [key]}),
            "{id}"
        );
    }
    let location = documents(content(&all, "backup-location"));
    assert_eq!(
        document(&location, "BackupStorageLocation")["spec"]["config"]["kmsKeyId"],
        key
    );
    let encryption = command(content(&all, "aws-cli"), &["aws", "s3api", "put-bucket-encryption"]);
    assert!(encryption.iter().any(|w| w.contains(key)), "{encryption:?}");
}

/// The hardened policy limits the EBS changes to the region's volumes of the cluster's
/// account and to Velero's own snapshots, and lints clean where the plugin's warrants
/// `wildcard-resource-with-write`.
#[test]
fn the_hardened_policy_lints_clean_and_keeps_to_the_region() {
    for (name, json) in EXAMPLES {
        let all = artifacts(&raw(json));
        let reviewed = review(&all);
        let vendor = reviewed.findings_for("permission-policy").unwrap();
        assert!(
            vendor.iter().all(|f| f.name == "wildcard-resource-with-write"),
            "{name}: {vendor:#?}"
        );
        assert_eq!(vendor.len(), 4, "{name}: {vendor:#?}");
        let hardened = reviewed.findings_for("permission-policy-hardened").unwrap();
        assert!(
            hardened.iter().all(|f| f.severity == Severity::Suggestion),
            "{name}: {hardened:#?}"
        );
        let artifact = all.iter().find(|a| a.id == "permission-policy-hardened").unwrap();
        assert_eq!(artifact.replaces, Some("permission-policy"));
        let policy: Value = serde_json::from_str(&artifact.content).unwrap();
        // An IAM user's account is the caller's, named by the policy variable.
        let account = if name == "velero-static-keys" {
            "${aws:PrincipalAccount}"
        } else {
            "111122223333"
        };
        let volumes = format!("arn:aws:ec2:us-west-2:{account}:volume/*");
        let snapshots = "arn:aws:ec2:us-west-2::snapshot/*";
        let statements = policy["Statement"].as_array().unwrap();
        assert_eq!(statements[0]["Resource"], serde_json::json!(["*"]));
        assert_eq!(
            statements[0]["Action"],
            serde_json::json!(["ec2:DescribeVolumes", "ec2:DescribeSnapshots"])
        );
        assert_eq!(statements[1]["Resource"], serde_json::json!([volumes, snapshots]));
        assert_eq!(
            statements[2]["Condition"]["StringEquals"]["ec2:CreateAction"],
            serde_json::json!(["CreateVolume", "CreateSnapshot"])
        );
        assert_eq!(statements[3]["Action"], serde_json::json!(["ec2:DeleteSnapshot"]));
        assert_eq!(statements[3]["Resource"], serde_json::json!([snapshots]));
        assert_eq!(
            statements[3]["Condition"]["Null"]["aws:ResourceTag/velero.io/backup"],
            "false"
        );
    }
}

#[test]
fn the_irsa_trust_admits_velero_server_of_the_release_namespace() {
    let all = artifacts(&raw(IRSA).with(Field::Namespace, "backups"));
    let trust: Value = serde_json::from_str(content(&all, "trust-policy")).unwrap();
    let issuer = "oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D";
    assert_eq!(
        trust["Statement"][0]["Condition"]["StringEquals"],
        serde_json::json!({
            format!("{issuer}:aud"): "sts.amazonaws.com",
            format!("{issuer}:sub"): "system:serviceaccount:backups:velero-server",
        })
    );
}

#[test]
fn the_pod_identity_trust_admits_only_the_association_of_velero_server() {
    let all = artifacts(&raw(POD_IDENTITY));
    let trust: Value = serde_json::from_str(content(&all, "trust-policy")).unwrap();
    assert_eq!(trust["Statement"][0]["Principal"]["Service"], "pods.eks.amazonaws.com");
    assert_eq!(
        trust["Statement"][0]["Action"],
        serde_json::json!(["sts:AssumeRole", "sts:TagSession"])
    );
    assert_eq!(
        trust["Statement"][0]["Condition"]["StringEquals"],
        serde_json::json!({
            "aws:RequestTag/kubernetes-namespace": "velero",
            "aws:RequestTag/kubernetes-service-account": "velero-server",
        })
    );
    let association = command(
        content(&all, "pod-identity-association"),
        &["aws", "eks", "create-pod-identity-association"],
    );
    assert_eq!(options(&association, "--namespace"), ["velero"]);
    assert_eq!(options(&association, "--service-account"), ["velero-server"]);
    assert_eq!(
        options(&association, "--role-arn"),
        ["arn:aws:iam::111122223333:role/velero"]
    );
    assert!(content(&all, "pod-identity-association").contains("Velero 1.14 or later with the plugin v1.10.0"));
}

/// The chart install: the pinned chart and plugin, the release's service account, and each
/// auth's identity; strings through `--set-string`, booleans through `--set`.
#[test]
fn the_chart_gets_the_plugin_the_service_account_and_the_identity() {
    let helm_of = |json: &str| {
        let all = artifacts(&raw(json));
        command(content(&all, "helm"), &["helm", "upgrade", "--install"])
    };
    for (name, json) in EXAMPLES {
        let helm = helm_of(json);
        assert_eq!(
            helm[..5],
            ["helm", "upgrade", "--install", "velero", "vmware-tanzu/velero"],
            "{name}"
        );
        assert_eq!(options(&helm, "--namespace"), ["velero"]);
        assert_eq!(options(&helm, "--version"), ["12.1.0"]);
        assert_eq!(helm.last().map(String::as_str), Some("--create-namespace"));
        let strings = options(&helm, "--set-string");
        let init = strings.iter().find_map(|s| s.strip_prefix("initContainers=")).unwrap();
        let containers = documents(init);
        assert_eq!(
            containers[0],
            serde_json::json!([{
                "name": "velero-plugin-for-aws",
                "image": "velero/velero-plugin-for-aws:v1.14.2",
                "imagePullPolicy": "IfNotPresent",
                "volumeMounts": [{"mountPath": "/target", "name": "plugins"}],
            }])
        );
        assert!(strings.contains(&"serviceAccount.server.name=velero-server"));
        assert_eq!(
            options(&helm, "--set-json"),
            [
                "configuration.backupStorageLocation=[]",
                "configuration.volumeSnapshotLocation=[]"
            ]
        );
        // Booleans and numbers only through --set.
        for set in options(&helm, "--set") {
            let value = set.split_once('=').unwrap().1;
            assert!(["true", "false", "65534"].contains(&value), "{name}: {set}");
        }
        assert!(options(&helm, "--set").contains(&"deployNodeAgent=false"));
    }
    let static_keys = helm_of(STATIC_KEYS);
    assert!(options(&static_keys, "--set").contains(&"credentials.useSecret=true"));
    assert!(options(&static_keys, "--set-string").contains(&"credentials.existingSecret=cloud-credentials"));
    let irsa = helm_of(IRSA);
    assert!(options(&irsa, "--set").contains(&"credentials.useSecret=false"));
    assert!(options(&irsa, "--set-string").contains(
        &r"serviceAccount.server.annotations.eks\.amazonaws\.com/role-arn=arn:aws:iam::111122223333:role/velero"
    ));
    let pod_identity = helm_of(POD_IDENTITY);
    assert!(options(&pod_identity, "--set").contains(&"credentials.useSecret=false"));
    assert!(!pod_identity.iter().any(|w| w.contains("role-arn")));
    let node_agent = helm_of(&raw(IRSA).with(VELERO_NODE_AGENT, "true").to_json());
    assert!(options(&node_agent, "--set").contains(&"deployNodeAgent=true"));
}

#[test]
fn a_role_name_with_a_comma_is_escaped_for_helm() {
    let all = artifacts(&raw(IRSA).with(Field::RoleName, "velero,x"));
    let helm = command(content(&all, "helm"), &["helm", "upgrade", "--install"]);
    assert!(options(&helm, "--set-string").contains(
        &r"serviceAccount.server.annotations.eks\.amazonaws\.com/role-arn=arn:aws:iam::111122223333:role/velero\,x"
    ));
}

#[test]
fn the_static_key_reaches_the_secret_as_a_credentials_file() {
    let all = artifacts(&raw(STATIC_KEYS));
    // The key is created in the block that stores it, in a private directory the block
    // removes; the user's script creates no key.
    assert!(!content(&all, "aws-cli").contains("create-access-key"));
    let secret = content(&all, "credentials-secret");
    assert!(secret.contains("key_dir=\"$(mktemp -d)\"\ntrap 'rm -rf -- \"$key_dir\"' EXIT\n"));
    assert!(secret.contains("(umask 077 && set -o noclobber && aws iam create-access-key"));
    assert!(secret.contains(r#"(umask 077 && set -o noclobber && jq -r '"[default]\naws_access_key_id=\(.AccessKey.AccessKeyId)\naws_secret_access_key=\(.AccessKey.SecretAccessKey)"' "$key_dir"/credentials.json"#));
    let create = command(secret, &["kubectl", "create", "secret", "generic", "cloud-credentials"]);
    assert_eq!(options(&create, "--from-file"), ["$key_dir/cloud"]);
    assert_eq!(options(&create, "--namespace"), ["velero"]);
}

#[test]
fn the_locations_and_the_schedule_turn_the_backups_on() {
    let all = artifacts(&raw(IRSA).with(VELERO_PREFIX, "clusters/a"));
    let docs = documents(content(&all, "backup-location"));
    assert_eq!(docs.len(), 3);
    assert_eq!(
        document(&docs, "BackupStorageLocation")["spec"],
        serde_json::json!({
            "provider": "aws",
            "default": true,
            "accessMode": "ReadWrite",
            "objectStorage": {"bucket": "my-velero-bucket", "prefix": "clusters/a"},
            "config": {"region": "us-west-2"},
        })
    );
    assert_eq!(
        document(&docs, "VolumeSnapshotLocation")["spec"],
        serde_json::json!({"provider": "aws", "config": {"region": "us-west-2"}})
    );
    let schedule = document(&docs, "Schedule");
    assert_eq!(
        schedule["metadata"],
        serde_json::json!({"name": "velero-daily", "namespace": "velero"})
    );
    assert_eq!(
        schedule["spec"],
        serde_json::json!({
            "schedule": "0 3 * * *",
            "template": {
                "includedNamespaces": ["*"],
                "storageLocation": "default",
                "volumeSnapshotLocations": ["default"],
                "ttl": "720h0m0s",
            },
        })
    );
}

/// Outside the `aws` partition the location names the region's S3 endpoint, which Velero's
/// own S3 client (file-system backups) would otherwise build as `s3-<region>.amazonaws.com`.
#[test]
fn other_partitions_name_the_s3_endpoint() {
    let cases = [
        ("cn-north-1", "aws-cn", Some("https://s3.cn-north-1.amazonaws.com.cn")),
        (
            "us-gov-west-1",
            "aws-us-gov",
            Some("https://s3.us-gov-west-1.amazonaws.com"),
        ),
        ("us-iso-east-1", "aws-iso", Some("https://s3.us-iso-east-1.c2s.ic.gov")),
        ("us-west-2", "aws", None),
    ];
    for (region, partition, url) in cases {
        let all = artifacts(
            &raw(STATIC_KEYS)
                .with(Field::Region, region)
                .with(Field::Partition, partition),
        );
        let docs = documents(content(&all, "backup-location"));
        let config = &document(&docs, "BackupStorageLocation")["spec"]["config"];
        assert_eq!(config["region"], region);
        assert_eq!(config.get("s3Url").and_then(Value::as_str), url, "{partition}");
        let policy = content(&all, "permission-policy");
        assert!(
            policy.contains(&format!("arn:{partition}:s3:::my-velero-bucket/*")),
            "{partition}"
        );
    }
}

/// A bucket called `123` or `true` stays a string: the manifest quotes it and no chart value
/// carries it.
#[test]
fn a_bucket_name_that_looks_like_a_number_or_a_boolean_stays_a_string() {
    for bucket in ["123", "true", "null"] {
        let all = artifacts(&raw(STATIC_KEYS).with(Field::Bucket, bucket));
        let docs = documents(content(&all, "backup-location"));
        assert_eq!(
            document(&docs, "BackupStorageLocation")["spec"]["objectStorage"]["bucket"],
            Value::String(bucket.to_owned())
        );
        assert!(check(&all).findings.is_empty());
    }
}

#[test]
fn verify_restarts_what_needs_the_role_and_waits_for_the_location() {
    let verify_of = |raw: &RawSetup| artifacts(raw).into_iter().find(|a| a.id == "verify").unwrap();
    let pod_identity = verify_of(&raw(POD_IDENTITY).with(VELERO_NODE_AGENT, "true"));
    let restarts: Vec<Vec<String>> = commands(&pod_identity.content)
        .into_iter()
        .filter(|c| c[..3] == ["kubectl", "rollout", "restart"])
        .collect();
    assert_eq!(
        restarts,
        [
            [
                "kubectl",
                "rollout",
                "restart",
                "deployment",
                "velero",
                "--namespace",
                "velero"
            ],
            [
                "kubectl",
                "rollout",
                "restart",
                "daemonset",
                "node-agent",
                "--namespace",
                "velero"
            ],
        ]
    );
    let wait = command(&pod_identity.content, &["kubectl", "wait"]);
    assert_eq!(
        wait,
        [
            "kubectl",
            "wait",
            "backupstoragelocation",
            "default",
            "--namespace",
            "velero",
            "--for",
            "jsonpath={.status.phase}=Available",
            "--timeout",
            "5m"
        ]
    );
    assert!(pod_identity
        .content
        .contains("velero backup create velero-test --from-schedule velero-daily --wait"));
    let static_keys = verify_of(&raw(STATIC_KEYS));
    assert!(!static_keys.content.contains("rollout restart"));
    assert_eq!(static_keys.kind, ArtifactKind::Kubectl);
}

/// The teardowns uninstall Velero and delete what IAM holds; nothing deletes the bucket.
#[test]
fn the_teardowns_never_delete_the_bucket() {
    for (name, json) in EXAMPLES {
        let all = artifacts(&raw(json));
        for a in all.iter().filter(|a| a.id.starts_with("teardown")) {
            for c in commands(&a.content) {
                assert!(
                    !(c.contains(&"s3".to_owned()) && (c.contains(&"rb".to_owned()) || c.contains(&"rm".to_owned()))),
                    "{name} {}: {c:?}",
                    a.id
                );
                assert!(!c.iter().any(|w| w == "delete-bucket"), "{name} {}: {c:?}", a.id);
            }
        }
        let cluster = content(&all, "teardown-cluster");
        assert_eq!(
            command(cluster, &["helm", "uninstall"]),
            ["helm", "uninstall", "velero", "--namespace", "velero"]
        );
    }
    let static_keys = artifacts(&raw(STATIC_KEYS));
    let teardown = content(&static_keys, "teardown");
    for op in ["delete-access-key", "delete-user-policy", "delete-user"] {
        assert!(teardown.contains(op), "{op}");
    }
    let pod_identity = artifacts(&raw(POD_IDENTITY));
    let teardown = content(&pod_identity, "teardown");
    for op in [
        "delete-pod-identity-association",
        "detach-role-policy",
        "delete-role",
        "delete-policy",
    ] {
        assert!(teardown.contains(op), "{op}");
    }
}

// ---------------------------------------------------------------------------------------
// Setup checks

#[test]
fn every_example_agrees_with_itself_and_turns_the_backups_on() {
    for (name, json) in EXAMPLES {
        let all = artifacts(&raw(json));
        let report = check(&all);
        assert!(report.findings.is_empty(), "{name}: {:#?}", report.findings);
        assert!(report.backups_on(), "{name}");
        let on = super::Velero.backups_on(&crate::targets::read_back(&all));
        assert_eq!(on.enablers, 1, "{name}");
        let compared: Vec<usize> = report.checks.iter().map(|c| c.compared).collect();
        let expected: [usize; 6] = match name {
            // No role; the location's bucket and `s3 mb`; the user's inline policy.
            "velero-static-keys" => [0, 2, 0, 1, 8, 1],
            // The chart value's service account; the bucket twice; the same ARN; two documents.
            "velero-irsa" => [1, 2, 1, 2, 7, 1],
            // The association; the bucket twice; its ARN; the policy and the trust.
            _ => [1, 2, 1, 2, 8, 1],
        };
        assert_eq!(compared, expected, "{name}");
    }
}

fn edited(mut all: Vec<Artifact>, id: &str, from: &str, to: &str) -> Vec<Artifact> {
    let artifact = all.iter_mut().find(|a| a.id == id).unwrap();
    assert!(artifact.content.contains(from), "`{from}` is not in {id}");
    artifact.content = artifact.content.replace(from, to);
    all
}

/// One edit of one artifact, as a user might make it, and the finding it must cause.
#[test]
fn each_broken_edit_is_reported() {
    let cases: [(&str, &str, &str, &str, &str); 10] = [
        (
            STATIC_KEYS,
            "backup-location",
            "    bucket: my-velero-bucket\n",
            "",
            "BR706 [backup-location] the `BackupStorageLocation` `default`: it names no bucket",
        ),
        (
            IRSA,
            "backup-location",
            "bucket: my-velero-bucket",
            "bucket: my-velero-backups",
            "BR702 [backup-location] the `BackupStorageLocation` `default` names bucket `my-velero-backups`, but the permission policies grant only `my-velero-bucket`",
        ),
        (
            IRSA,
            "backup-location",
            "    storageLocation: default\n",
            "    storageLocation: s3\n",
            "BR706 [backup-location] the `Schedule` `velero-daily`: it backs up to BackupStorageLocation `s3`, which no manifest of the setup creates in its namespace",
        ),
        (
            STATIC_KEYS,
            "backup-location",
            "kind: Schedule",
            "kind: ConfigMap",
            "BR706 [backup-location] the `BackupStorageLocation` `default`: no Schedule of its namespace backs up to it",
        ),
        (
            POD_IDENTITY,
            "backup-location",
            "  config:\n    region: us-west-2\n---\napiVersion: velero.io/v1\nkind: VolumeSnapshotLocation",
            "  config:\n    region: us-east-1\n---\napiVersion: velero.io/v1\nkind: VolumeSnapshotLocation",
            "BR706 [backup-location] the `BackupStorageLocation` `default`: its region `us-east-1` is not the scripts' (`us-west-2`)",
        ),
        (
            IRSA,
            "backup-location",
            "    region: us-west-2\n---\napiVersion: velero.io/v1\nkind: VolumeSnapshotLocation",
            "    region: us-west-2\n    endpoint: s3.us-west-2.amazonaws.com\n---\napiVersion: velero.io/v1\nkind: VolumeSnapshotLocation",
            "BR706 [backup-location] the `BackupStorageLocation` `default`: its config has keys the AWS plugin refuses (`endpoint`), which makes the location Unavailable",
        ),
        (
            IRSA,
            "backup-location",
            "kind: VolumeSnapshotLocation\nmetadata:\n  name: default",
            "kind: VolumeSnapshotLocation\nmetadata:\n  name: ebs",
            "BR706 [backup-location] the `Schedule` `velero-daily`: it takes snapshots with VolumeSnapshotLocation `default`, which no manifest of the setup creates in its namespace, so Velero refuses its backups",
        ),
        (
            POD_IDENTITY,
            "backup-location",
            "kind: BackupStorageLocation",
            "kind: ConfigMap",
            "BR706 [pod-identity-association] `aws eks create-pod-identity-association` gives a role to `velero-server` in namespace `velero`, but no BackupStorageLocation in namespace `velero` tells Velero which bucket to back up to",
        ),
        (
            POD_IDENTITY,
            "verify",
            "kubectl rollout restart deployment velero",
            "kubectl rollout status deployment velero",
            "BR706 [pod-identity-association] `aws eks create-pod-identity-association` gives a role to service account `velero/velero-server`, but no deployment of namespace `velero` is restarted after it, so pods that already run never get the credentials",
        ),
        (
            IRSA,
            "aws-cli",
            ":velero:velero-server\"",
            ":velero:velero\"",
            "BR701 [helm] the chart value `serviceAccount.server.annotations.eks\\.amazonaws\\.com/role-arn` gives role `velero` to service account `velero-server`, but the role's trust admits only `system:serviceaccount:velero:velero`",
        ),
    ];
    for (json, id, from, to, finding) in cases {
        let all = artifacts(&raw(json));
        assert!(check(&all).findings.is_empty());
        let report = check(&edited(all, id, from, to));
        let got: Vec<String> = report
            .findings
            .iter()
            .map(|f| format!("{} [{}] {}", f.code, f.artifact, f.message))
            .collect();
        assert!(got.iter().any(|g| g == finding), "want {finding}\ngot  {got:#?}");
        if finding.starts_with("BR706") {
            assert!(!report.backups_on(), "{finding}");
        }
    }
}

/// A snapshot location the plugin cannot start is reported too.
#[test]
fn a_snapshot_location_without_its_region_is_reported() {
    let all = artifacts(&raw(IRSA));
    let location = content(&all, "backup-location").to_owned();
    let start = location.find("kind: VolumeSnapshotLocation").unwrap();
    let from = &location[start..];
    let broken = from.replacen("  config:\n    region: us-west-2\n", "", 1);
    let report = check(&edited(all, "backup-location", from, &broken));
    let got: Vec<String> = report
        .findings
        .iter()
        .map(|f| format!("{} {}", f.code, f.message))
        .collect();
    assert_eq!(
        got,
        ["BR706 the `VolumeSnapshotLocation` `default`: it names no `config.region`, which the plugin's snapshotter requires"]
    );
}

/// The chart value the setup checks read the service account from is the one the target
/// declares, so the IRSA binding names `velero-server`.
#[test]
fn the_interface_names_the_chart_value_of_the_server_account() {
    let interface = super::Velero.interface();
    assert_eq!(
        interface.chart_service_accounts,
        [("serviceAccount.server.annotations", "velero-server")]
    );
    let facts = crate::targets::read_back(&artifacts(&raw(IRSA)));
    let binding = facts.bindings.first().unwrap();
    assert_eq!(binding.service_account.as_deref(), Some("velero-server"));
    assert_eq!(binding.role.arn(), Some("arn:aws:iam::111122223333:role/velero"));
}
