//! The CloudNativePG target: its fields' validation, what each auth generates, and the setup
//! checks of its artifacts, as generated and as a user might edit them.

use super::{CNPG_CLUSTER_NAME, OBJECT_STORE_NAME, PATH_PREFIX, RETENTION_POLICY};
use crate::artifact::{Artifact, ArtifactKind};
use crate::crosscheck::{check, Report};
use crate::{generate, validate, Field, RawSetup};
use serde_json::{json, Value};

const STATIC_KEYS: &str = include_str!("../../../../../examples/cloudnative-pg-static-keys.json");
const IRSA: &str = include_str!("../../../../../examples/cloudnative-pg-irsa.json");
const IRSA_US_GOV: &str = include_str!("../../../tests/fixtures/setups/cloudnative-pg-irsa-us-gov-kms.json");
const IRSA_CN: &str = include_str!("../../../tests/fixtures/setups/cloudnative-pg-irsa-cn.json");
const STATIC_KEYS_CN: &str = include_str!("../../../tests/fixtures/setups/cloudnative-pg-static-keys-cn.json");
const STATIC_KEYS_US_GOV: &str = include_str!("../../../tests/fixtures/setups/cloudnative-pg-static-keys-us-gov.json");

fn raw(text: &str) -> RawSetup {
    RawSetup::from_json(text).unwrap()
}

fn artifacts(raw: &RawSetup) -> Vec<Artifact> {
    generate(&validate(raw).unwrap_or_else(|e| panic!("{e:?}")))
}

fn errors(raw: &RawSetup) -> Vec<String> {
    validate(raw)
        .err()
        .unwrap_or_default()
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn content<'a>(all: &'a [Artifact], id: &str) -> &'a str {
    &all.iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("no artifact `{id}`"))
        .content
}

/// The script's commands as the shell splits them: comments dropped, continuation lines
/// joined, and `a || b` as two commands.
fn commands(script: &str) -> Vec<Vec<String>> {
    let text = script
        .lines()
        // Comments, and the subshell and strict mode every block is wrapped in.
        .filter(|l| !l.trim_start().starts_with('#') && !matches!(*l, "(" | ")" | "set -euo pipefail"))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("\\\n", " ")
        .replace("||\n", "\n");
    // A quote left open (a policy document over several lines) goes on over the next line.
    let mut out = Vec::new();
    let mut pending = String::new();
    for line in text.lines() {
        pending.push_str(line);
        match shell_words::split(&pending) {
            Ok(words) if words.is_empty() => pending.clear(),
            Ok(words) => {
                out.push(words);
                pending.clear();
            }
            Err(_) => pending.push('\n'),
        }
    }
    assert!(pending.is_empty(), "unclosed quote: {pending}");
    out
}

/// The first command with the word `word`.
fn find<'a>(script: &'a [Vec<String>], word: &str) -> &'a [String] {
    script
        .iter()
        .find(|c| c.iter().any(|w| w == word))
        .unwrap_or_else(|| panic!("no command with `{word}`: {script:?}"))
}

/// The value of `--name` in a command.
fn option<'a>(command: &'a [String], name: &str) -> &'a str {
    let i = command
        .iter()
        .position(|w| w == name)
        .unwrap_or_else(|| panic!("no {name}: {command:?}"));
    &command[i + 1]
}

fn findings(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .map(|f| format!("{} [{}] {}", f.code, f.artifact, f.message))
        .collect()
}

fn edited(mut all: Vec<Artifact>, id: &str, from: &str, to: &str) -> Vec<Artifact> {
    let artifact = all.iter_mut().find(|a| a.id == id).unwrap();
    assert!(artifact.content.contains(from), "`{from}` is not in {id}");
    artifact.content = artifact.content.replace(from, to);
    all
}

fn without(all: Vec<Artifact>, id: &str) -> Vec<Artifact> {
    let before = all.len();
    let all: Vec<Artifact> = all.into_iter().filter(|a| a.id != id).collect();
    assert_eq!(all.len() + 1, before, "no artifact `{id}`");
    all
}

// ---------------------------------------------------------------------------------------
// Validation

#[test]
fn the_targets_own_fields_refuse_bad_values_naming_field_value_and_rule() {
    let cases: &[(Field, &str, &str)] = &[
        (
            CNPG_CLUSTER_NAME,
            "Cluster_1",
            "cnpgClusterName `Cluster_1`: CloudNativePG admits a Cluster name of at most 50 lowercase letters, digits and `-`, starting with a letter and ending with a letter or digit",
        ),
        (
            CNPG_CLUSTER_NAME,
            "1-cluster",
            "cnpgClusterName `1-cluster`: CloudNativePG admits a Cluster name of at most 50 lowercase letters, digits and `-`, starting with a letter and ending with a letter or digit",
        ),
        (
            CNPG_CLUSTER_NAME,
            "my.cluster",
            "cnpgClusterName `my.cluster`: CloudNativePG admits a Cluster name of at most 50 lowercase letters, digits and `-`, starting with a letter and ending with a letter or digit",
        ),
        (
            OBJECT_STORE_NAME,
            "Store",
            "cnpgObjectStoreName `Store`: a Kubernetes object name is a DNS-1123 subdomain: at most 253 characters of lowercase letters, digits, `-` and `.`, each dot-separated part starting and ending with a letter or digit",
        ),
        (
            PATH_PREFIX,
            "/cnpg",
            "cnpgPathPrefix `/cnpg`: the prefix is `/`-separated parts of letters, digits, `-`, `_` and `.`, with no empty, `.` or `..` part and no `/` at either end",
        ),
        (
            PATH_PREFIX,
            "a//b",
            "cnpgPathPrefix `a//b`: the prefix is `/`-separated parts of letters, digits, `-`, `_` and `.`, with no empty, `.` or `..` part and no `/` at either end",
        ),
        (
            PATH_PREFIX,
            "a/../b",
            "cnpgPathPrefix `a/../b`: the prefix is `/`-separated parts of letters, digits, `-`, `_` and `.`, with no empty, `.` or `..` part and no `/` at either end",
        ),
        (
            PATH_PREFIX,
            "backups/*",
            "cnpgPathPrefix `backups/*`: the prefix is `/`-separated parts of letters, digits, `-`, `_` and `.`, with no empty, `.` or `..` part and no `/` at either end",
        ),
        (
            RETENTION_POLICY,
            "30",
            "cnpgRetentionPolicy `30`: the retention is a number from 1 followed by `d` (days), `w` (weeks) or `m` (months), such as `30d`",
        ),
        (
            RETENTION_POLICY,
            "0d",
            "cnpgRetentionPolicy `0d`: the retention is a number from 1 followed by `d` (days), `w` (weeks) or `m` (months), such as `30d`",
        ),
        (
            RETENTION_POLICY,
            "1y",
            "cnpgRetentionPolicy `1y`: the retention is a number from 1 followed by `d` (days), `w` (weeks) or `m` (months), such as `30d`",
        ),
        (
            RETENTION_POLICY,
            "d",
            "cnpgRetentionPolicy `d`: the retention is a number from 1 followed by `d` (days), `w` (weeks) or `m` (months), such as `30d`",
        ),
    ];
    for example in [STATIC_KEYS, IRSA] {
        for (field, value, message) in cases {
            let setup = raw(example).with(*field, *value);
            assert_eq!(errors(&setup), [*message], "{field}={value:?}");
        }
    }
    let long = "c".repeat(51);
    let setup = raw(IRSA).with(CNPG_CLUSTER_NAME, long.as_str());
    assert_eq!(errors(&setup).len(), 1);
    assert!(errors(&setup)[0].starts_with(&format!("cnpgClusterName `{long}`: ")));
    let longest = "c".repeat(50);
    assert!(validate(&raw(IRSA).with(CNPG_CLUSTER_NAME, longest.as_str())).is_ok());
}

#[test]
fn a_service_account_other_than_the_clusters_is_refused_with_either_auth() {
    for example in [STATIC_KEYS, IRSA] {
        let setup = raw(example)
            .with(CNPG_CLUSTER_NAME, "orders")
            .with(Field::ServiceAccount, "backup-sa");
        assert_eq!(
            errors(&setup),
            ["serviceAccount `backup-sa`: CloudNativePG runs the pods of Cluster `orders` as service account `orders`, which it creates and names after the Cluster, and the Barman Cloud plugin's role binding names that account alone; leave serviceAccount empty"]
        );
        // The account it does run as is accepted, and is what the trust admits anyway.
        assert!(validate(&setup.with(Field::ServiceAccount, "orders")).is_ok());
    }
}

#[test]
fn an_irsa_role_name_with_equals_is_refused_for_kubectl_wait() {
    let setup = raw(IRSA).with(Field::RoleName, "cnpg=orders");
    assert_eq!(
        errors(&setup),
        ["roleName `cnpg=orders`: the setup waits for the role's ARN on the Cluster's service account with `kubectl wait`, which cannot compare a value with `=`; choose a name without `=`"]
    );
}

#[test]
fn pod_identity_and_sts_are_refused_with_the_vendors_reason() {
    let setup = raw(IRSA).with(Field::Auth, "pod-identity");
    assert_eq!(
        errors(&setup),
        ["auth `pod-identity`: target `cloudnative-pg` supports only `static-keys`, `irsa` (the Barman Cloud plugin documents two ways to reach S3, IRSA and access keys (plugin-barman-cloud documentation, \"Object stores\"); EKS Pod Identity is not among them, and whether it works is an open question of the plugin's (issues #772 and #876))"]
    );
    let setup = raw(IRSA).with(Field::Auth, "sts");
    let messages = errors(&setup);
    assert_eq!(messages.len(), 1);
    assert!(messages[0]
        .ends_with("(CloudNativePG runs in your own cluster, so no platform assumes a role with an external ID)"));
}

#[test]
fn names_default_to_the_clusters() {
    let irsa = artifacts(&raw(IRSA).with(CNPG_CLUSTER_NAME, "orders"));
    let role = commands(content(&irsa, "aws-cli-role"));
    assert_eq!(option(find(&role, "create-role"), "--role-name"), "cnpg-orders");
    let policy = commands(content(&irsa, "aws-cli"));
    assert_eq!(
        option(find(&policy, "create-policy"), "--policy-name"),
        "cnpg-orders-s3"
    );
    assert!(content(&irsa, "objectstore").contains("  name: orders-s3\n"));
    let keys = artifacts(&raw(STATIC_KEYS).with(CNPG_CLUSTER_NAME, "orders"));
    let user = commands(content(&keys, "aws-cli"));
    assert_eq!(option(find(&user, "create-user"), "--user-name"), "cnpg-orders");
    assert!(content(&keys, "credentials-secret").contains("kubectl create secret generic orders-aws-creds"));
    // An invalid Cluster name has its own error, not one in every name derived from it.
    assert_eq!(errors(&raw(IRSA).with(CNPG_CLUSTER_NAME, "Orders")).len(), 1);
}

// ---------------------------------------------------------------------------------------
// What each auth generates

#[test]
fn static_keys_object_store_reads_the_key_and_region_from_the_secret() {
    let all = artifacts(&raw(STATIC_KEYS));
    assert_eq!(
        content(&all, "objectstore"),
        "apiVersion: barmancloud.cnpg.io/v1
kind: ObjectStore
metadata:
  name: cluster-example-s3
  namespace: default
spec:
  configuration:
    destinationPath: s3://my-cnpg-bucket/cnpg
    s3Credentials:
      accessKeyId:
        name: cluster-example-aws-creds
        key: ACCESS_KEY_ID
      secretAccessKey:
        name: cluster-example-aws-creds
        key: ACCESS_SECRET_KEY
      region:
        name: cluster-example-aws-creds
        key: ACCESS_REGION
  retentionPolicy: \"30d\"
"
    );
    let secret = commands(content(&all, "credentials-secret"));
    let create = secret
        .iter()
        .find(|c| c.len() > 2 && c[..3] == ["kubectl", "create", "secret"])
        .unwrap();
    assert_eq!(
        create,
        &[
            "kubectl",
            "create",
            "secret",
            "generic",
            "cluster-example-aws-creds",
            "--namespace",
            "default",
            "--from-file",
            "$key_dir/ACCESS_KEY_ID",
            "--from-file",
            "$key_dir/ACCESS_SECRET_KEY",
            "--from-literal",
            "ACCESS_REGION=us-west-2",
        ]
    );
    // The key is made in this block, in a private directory the block removes.
    assert!(!content(&all, "aws-cli").contains("create-access-key"));
    assert!(content(&all, "credentials-secret").contains("trap 'rm -rf -- \"$key_dir\"' EXIT"));
}

#[test]
fn irsa_object_store_inherits_the_role_with_the_buckets_region() {
    let all = artifacts(&raw(IRSA));
    assert_eq!(
        content(&all, "objectstore"),
        "apiVersion: barmancloud.cnpg.io/v1
kind: ObjectStore
metadata:
  name: cluster-example-s3
  namespace: default
spec:
  configuration:
    destinationPath: s3://my-cnpg-bucket/cnpg
    s3Credentials:
      inheritFromIAMRole: true
  retentionPolicy: \"30d\"
  instanceSidecarConfiguration:
    env:
      - name: AWS_REGION
        value: us-west-2
      - name: AWS_DEFAULT_REGION
        value: us-west-2
"
    );
}

#[test]
fn the_permission_policy_lists_the_bucket_and_reaches_only_the_prefix() {
    let all = artifacts(&raw(IRSA).with(PATH_PREFIX, "pg/prod"));
    let policy: Value = serde_json::from_str(content(&all, "permission-policy")).unwrap();
    assert_eq!(
        policy,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": ["arn:aws:s3:::my-cnpg-bucket"]},
                {
                    "Effect": "Allow",
                    "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
                    "Resource": ["arn:aws:s3:::my-cnpg-bucket/pg/prod/*"],
                },
            ],
        })
    );
    assert!(content(&all, "objectstore").contains("destinationPath: s3://my-cnpg-bucket/pg/prod\n"));
    // The script creates the very document the artifact shows.
    assert!(content(&all, "aws-cli").contains(content(&all, "permission-policy").trim_end()));
}

#[test]
fn a_kms_key_adds_its_data_key_actions_and_becomes_the_buckets_default() {
    let all = artifacts(&raw(IRSA_US_GOV));
    let policy: Value = serde_json::from_str(content(&all, "permission-policy")).unwrap();
    let key = "arn:aws-us-gov:kms:us-gov-west-1:012345678901:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    assert_eq!(
        policy["Statement"][2],
        json!({"Effect": "Allow", "Action": ["kms:GenerateDataKey", "kms:Decrypt"], "Resource": [key]})
    );
    let script = commands(content(&all, "aws-cli"));
    let encryption = find(&script, "put-bucket-encryption");
    let rules: Value = serde_json::from_str(option(encryption, "--server-side-encryption-configuration")).unwrap();
    assert_eq!(
        rules["Rules"][0]["ApplyServerSideEncryptionByDefault"]["KMSMasterKeyID"],
        key
    );
    // Without a key there is neither.
    let plain = artifacts(&raw(IRSA));
    assert!(!content(&plain, "permission-policy").contains("kms:"));
    assert!(!content(&plain, "aws-cli").contains("put-bucket-encryption"));
}

#[test]
fn the_irsa_trust_admits_only_the_account_named_after_the_cluster() {
    let all = artifacts(&raw(IRSA_US_GOV));
    let trust: Value = serde_json::from_str(content(&all, "trust-policy")).unwrap();
    let issuer = "oidc.eks.us-gov-west-1.amazonaws.com/id/0A1B2C3D4E5F60718293A4B5C6D7E8F9";
    let statement = &trust["Statement"][0];
    assert_eq!(
        statement["Principal"]["Federated"],
        format!("arn:aws-us-gov:iam::012345678901:oidc-provider/{issuer}")
    );
    assert_eq!(
        statement["Condition"]["StringEquals"][format!("{issuer}:sub")],
        "system:serviceaccount:databases:orders"
    );
    assert_eq!(
        statement["Condition"]["StringEquals"][format!("{issuer}:aud")],
        "sts.amazonaws.com"
    );
    // eksctl, when it creates the role instead, trusts the same account.
    let eksctl = commands(content(&all, "eksctl"));
    let create = eksctl.iter().find(|c| c[1] == "create").unwrap();
    assert_eq!(option(create, "--name"), "orders");
    assert_eq!(option(create, "--namespace"), "databases");
    assert!(create.iter().any(|w| w == "--role-only"));
}

#[test]
fn the_role_reaches_the_service_account_through_a_merge_patch_of_the_template() {
    let all = artifacts(&raw(IRSA));
    let script = commands(content(&all, "cluster-role"));
    let patch = &script[0];
    assert_eq!(
        &patch[..4],
        ["kubectl", "patch", "clusters.postgresql.cnpg.io", "cluster-example"]
    );
    assert_eq!(option(patch, "--namespace"), "default");
    assert_eq!(option(patch, "--type"), "merge");
    let body: Value = serde_json::from_str(option(patch, "--patch")).unwrap();
    let role = "arn:aws:iam::111122223333:role/cnpg-cluster-example";
    assert_eq!(
        body,
        json!({"spec": {"serviceAccountTemplate": {"metadata": {"annotations": {"eks.amazonaws.com/role-arn": role}}}}})
    );
    // The plugin recreates the pods, so the role must be on the account before it is added.
    let wait = &script[1];
    assert_eq!(&wait[..3], ["kubectl", "wait", "serviceaccount/cluster-example"]);
    assert_eq!(
        option(wait, "--for"),
        format!("jsonpath={{.metadata.annotations.eks\\.amazonaws\\.com/role-arn}}={role}")
    );
}

#[test]
fn the_plugin_entry_is_appended_or_starts_a_list_never_replacing_one() {
    for (example, store) in [(STATIC_KEYS, "cluster-example-s3"), (IRSA_CN, "payments-archive")] {
        let all = artifacts(&raw(example));
        let text = content(&all, "cluster-plugin");
        // The fallback runs only when the append fails.
        assert!(text.contains("' ||\n  kubectl patch"), "{text}");
        let script = commands(text);
        assert_eq!(script.len(), 2);
        let entry = json!({"name": "barman-cloud.cloudnative-pg.io", "isWALArchiver": true, "parameters": {"barmanObjectName": store}});
        let bodies: Vec<Value> = script
            .iter()
            .map(|c| {
                assert_eq!(&c[..3], ["kubectl", "patch", "clusters.postgresql.cnpg.io"]);
                assert_eq!(option(c, "--type"), "json");
                serde_json::from_str(option(c, "--patch")).unwrap()
            })
            .collect();
        assert_eq!(
            bodies[0],
            json!([{"op": "add", "path": "/spec/plugins/-", "value": entry}])
        );
        assert_eq!(
            bodies[1],
            json!([
                {"op": "test", "path": "/spec/plugins", "value": null},
                {"op": "add", "path": "/spec/plugins", "value": [entry]},
            ])
        );
    }
}

#[test]
fn the_scheduled_backup_goes_through_the_plugin_daily() {
    let all = artifacts(&raw(IRSA_CN));
    assert_eq!(
        content(&all, "scheduledbackup"),
        "apiVersion: postgresql.cnpg.io/v1
kind: ScheduledBackup
metadata:
  name: payments-daily
  namespace: pg
spec:
  schedule: \"0 0 0 * * *\"
  immediate: true
  backupOwnerReference: self
  cluster:
    name: payments
  method: plugin
  pluginConfiguration:
    name: barman-cloud.cloudnative-pg.io
"
    );
}

#[test]
fn the_plugin_is_installed_only_where_it_does_not_run() {
    let all = artifacts(&raw(STATIC_KEYS));
    let text = content(&all, "prerequisites");
    assert!(
        text.contains("if ! kubectl get deployment barman-cloud --namespace cnpg-system > /dev/null 2>&1; then\n  kubectl apply \\\n    --filename https://github.com/cloudnative-pg/plugin-barman-cloud/releases/download/v0.14.0/manifest.yaml\nfi\n"),
        "{text}"
    );
}

#[test]
fn verify_waits_for_archiving_and_takes_a_test_backup() {
    let all = artifacts(&raw(IRSA));
    let script = commands(content(&all, "verify"));
    let wait = script.iter().find(|c| c[1] == "wait").unwrap();
    assert_eq!(wait[2], "clusters.postgresql.cnpg.io/cluster-example");
    assert_eq!(option(wait, "--for"), "condition=ContinuousArchiving");
    let backup = script.iter().find(|c| c[1] == "cnpg").unwrap();
    assert_eq!(&backup[..4], ["kubectl", "cnpg", "backup", "cluster-example"]);
    assert_eq!(option(backup, "--method"), "plugin");
    assert_eq!(option(backup, "--plugin-name"), "barman-cloud.cloudnative-pg.io");
    let ls = script.last().unwrap();
    assert_eq!(
        &ls[..4],
        ["aws", "s3", "ls", "s3://my-cnpg-bucket/cnpg/cluster-example/"]
    );
}

#[test]
fn the_teardown_removes_the_entry_before_the_store_and_keeps_the_backups() {
    for (example, irsa) in [(STATIC_KEYS, false), (IRSA, true)] {
        let all = artifacts(&raw(example));
        let script = commands(content(&all, "teardown-cluster"));
        let at = |pred: &dyn Fn(&Vec<String>) -> bool| script.iter().position(pred).unwrap();
        let schedule = at(&|c| c[1] == "delete" && c[2] == "scheduledbackups.postgresql.cnpg.io");
        let replace = at(&|c| c[1] == "replace");
        let store = at(&|c| c[1] == "delete" && c[2] == "objectstores.barmancloud.cnpg.io");
        assert!(schedule < replace && replace < store, "{script:?}");
        let jq = script.iter().find(|c| c[0] == "jq").unwrap();
        assert_eq!(
            jq[1],
            "del(.spec.plugins[]? | select(.name == \"barman-cloud.cloudnative-pg.io\"))"
        );
        let annotate = script.iter().position(|c| c[1] == "annotate");
        let secret = script.iter().position(|c| c[1] == "delete" && c[2] == "secret");
        if irsa {
            let annotate = annotate.unwrap();
            assert_eq!(script[annotate][4], "eks.amazonaws.com/role-arn-");
            let patch = &script[annotate - 1];
            let body: Value = serde_json::from_str(option(patch, "--patch")).unwrap();
            assert!(
                body["spec"]["serviceAccountTemplate"]["metadata"]["annotations"]["eks.amazonaws.com/role-arn"]
                    .is_null()
            );
            assert!(secret.is_none());
        } else {
            assert!(annotate.is_none());
            assert_eq!(script[secret.unwrap()][3], "cluster-example-aws-creds");
        }
        // Nothing in any teardown deletes the bucket or its objects.
        for a in all.iter().filter(|a| a.id.starts_with("teardown")) {
            for c in commands(&a.content) {
                assert!(!(c[0] == "aws" && c[1] == "s3"), "{}: {c:?}", a.id);
                assert!(!c
                    .iter()
                    .any(|w| w == "delete-bucket" || w == "delete-object" || w == "delete-objects"));
            }
        }
    }
}

#[test]
fn every_arn_and_issuer_is_in_the_setups_partition() {
    for (example, partition, suffix) in [
        (IRSA_CN, "aws-cn", "amazonaws.com.cn"),
        (IRSA_US_GOV, "aws-us-gov", "amazonaws.com"),
        (STATIC_KEYS_CN, "aws-cn", "amazonaws.com.cn"),
        (STATIC_KEYS_US_GOV, "aws-us-gov", "amazonaws.com"),
    ] {
        let all = artifacts(&raw(example));
        let mut arns = 0;
        for a in &all {
            for (i, _) in a.content.match_indices("arn:") {
                arns += 1;
                assert!(
                    a.content[i..].starts_with(&format!("arn:{partition}:")),
                    "{}: {}",
                    a.id,
                    &a.content[i..]
                );
            }
            for (i, _) in a.content.match_indices("oidc.eks.") {
                let host = a.content[i..].split('/').next().unwrap();
                assert!(host.ends_with(suffix), "{}: {host}", a.id);
            }
        }
        assert!(arns > 0);
    }
}

// ---------------------------------------------------------------------------------------
// Setup checks

fn every_scenario() -> Vec<(&'static str, Vec<Artifact>)> {
    [
        ("static-keys", STATIC_KEYS),
        ("irsa", IRSA),
        ("irsa-us-gov-kms", IRSA_US_GOV),
        ("irsa-cn", IRSA_CN),
        ("static-keys-cn", STATIC_KEYS_CN),
        ("static-keys-us-gov", STATIC_KEYS_US_GOV),
    ]
    .into_iter()
    .map(|(name, text)| (name, artifacts(&raw(text))))
    .collect()
}

#[test]
fn every_scenario_passes_the_setup_checks_with_the_backups_on() {
    for (name, all) in every_scenario() {
        let report = check(&all);
        assert_eq!(findings(&report), Vec::<String>::new(), "{name}");
        assert!(report.backups_on(), "{name}");
        let facts = crate::targets::read_back(&all);
        let on = super::backups::backups_on(&facts);
        assert_eq!((on.enablers, on.problems.len()), (1, 0), "{name}");
    }
}

#[test]
fn the_role_is_bound_to_the_account_named_after_the_cluster() {
    let all = artifacts(&raw(IRSA_US_GOV));
    let facts = crate::targets::read_back(&all);
    let binding = facts.bindings.iter().find(|b| b.artifact == "cluster-role").unwrap();
    assert_eq!(binding.service_account.as_deref(), Some("orders"));
    assert_eq!(binding.namespace.as_deref(), Some("databases"));
    // Pinned: trust ⇄ the patch and eksctl; the ObjectStore's `destinationPath` and `s3 mb`;
    // the role ARN twice; the two documents.
    let compared: Vec<usize> = check(&all).checks.iter().map(|c| c.compared).collect();
    assert_eq!(compared, [2, 2, 2, 2, 13, 1]);
}

#[test]
fn a_cluster_manifest_turns_the_backups_on_as_the_patch_does() {
    let all = without(artifacts(&raw(IRSA)), "cluster-plugin");
    let cluster = json!({
        "apiVersion": "postgresql.cnpg.io/v1",
        "kind": "Cluster",
        "metadata": {"name": "cluster-example", "namespace": "default"},
        "spec": {
            "instances": 3,
            "storage": {"size": "1Gi"},
            "plugins": [{"name": "barman-cloud.cloudnative-pg.io", "isWALArchiver": true, "parameters": {"barmanObjectName": "cluster-example-s3"}}],
        },
    });
    let mut all = all;
    all.push(Artifact::new(
        "cluster",
        "Cluster",
        ArtifactKind::KubernetesManifest,
        crate::yaml::document(&cluster),
    ));
    let report = check(&all);
    assert_eq!(findings(&report), Vec::<String>::new());
    assert!(report.backups_on());
}

/// One edit and the finding it must cause, as `CODE [artifact] message`.
fn assert_finding(all: Vec<Artifact>, expected: &str) {
    let got = findings(&check(&all));
    assert!(
        got.iter().any(|f| f == expected),
        "expected\n{expected}\ngot\n{}",
        got.join("\n")
    );
}

#[test]
fn an_object_store_of_another_bucket_is_reported() {
    let all = edited(
        artifacts(&raw(IRSA)),
        "objectstore",
        "s3://my-cnpg-bucket/cnpg",
        "s3://other-bucket/cnpg",
    );
    assert_finding(
        all,
        "BR706 [objectstore] the `ObjectStore` `cluster-example-s3`: its destinationPath names bucket `other-bucket`, which the permission policies do not grant",
    );
}

#[test]
fn an_object_store_without_credentials_is_reported() {
    let all = edited(
        artifacts(&raw(IRSA)),
        "objectstore",
        "    s3Credentials:\n      inheritFromIAMRole: true\n",
        "",
    );
    assert_finding(
        all,
        "BR706 [objectstore] the `ObjectStore` `cluster-example-s3`: it has no `s3Credentials`, so the plugin refuses to archive (\"no credentials defined\")",
    );
}

#[test]
fn a_missing_plugin_entry_is_reported_on_the_store_and_the_schedule() {
    let all = without(artifacts(&raw(STATIC_KEYS)), "cluster-plugin");
    let got = findings(&check(&all));
    assert_eq!(
        got,
        [
            "BR706 [objectstore] the `ObjectStore` `cluster-example-s3`: no Cluster of its namespace names it in a `barman-cloud.cloudnative-pg.io` plugin entry, so nothing is written to it",
            "BR706 [scheduledbackup] the `ScheduledBackup` `cluster-example-daily`: Cluster `cluster-example` has no `barman-cloud.cloudnative-pg.io` plugin entry in the setup, so the plugin has no ObjectStore to back it up to",
        ]
    );
}

#[test]
fn a_missing_or_wrong_schedule_is_reported() {
    let expected = "BR706 [cluster-plugin] the patch of `Cluster` `cluster-example`: no ScheduledBackup of Cluster `cluster-example` in its namespace takes base backups through the plugin (`method: plugin`, `pluginConfiguration.name: barman-cloud.cloudnative-pg.io`)";
    assert_finding(without(artifacts(&raw(STATIC_KEYS)), "scheduledbackup"), expected);
    let wrong_method = edited(
        artifacts(&raw(STATIC_KEYS)),
        "scheduledbackup",
        "method: plugin",
        "method: barmanObjectStore",
    );
    assert_finding(
        wrong_method,
        "BR706 [scheduledbackup] the `ScheduledBackup` `cluster-example-daily`: its method is `barmanObjectStore`, not `plugin`, so CloudNativePG does not take the backups through the plugin",
    );
    let five_fields = edited(
        artifacts(&raw(STATIC_KEYS)),
        "scheduledbackup",
        "\"0 0 0 * * *\"",
        "\"0 0 * * *\"",
    );
    assert_finding(
        five_fields,
        "BR706 [scheduledbackup] the `ScheduledBackup` `cluster-example-daily`: its schedule `0 0 * * *` does not have six fields: CloudNativePG's start with seconds",
    );
}

#[test]
fn a_plugin_entry_that_does_not_archive_wal_or_names_another_store_is_reported() {
    let all = edited(
        artifacts(&raw(STATIC_KEYS)),
        "cluster-plugin",
        "\"isWALArchiver\":true",
        "\"isWALArchiver\":false",
    );
    assert_finding(
        all,
        "BR706 [cluster-plugin] the patch of `Cluster` `cluster-example`: its plugin entry lacks `isWALArchiver: true`, so no WAL reaches the bucket and no backup can be restored past its end",
    );
    let all = edited(
        artifacts(&raw(STATIC_KEYS)),
        "cluster-plugin",
        "\"barmanObjectName\":\"cluster-example-s3\"",
        "\"barmanObjectName\":\"other-store\"",
    );
    assert_finding(
        all,
        "BR706 [cluster-plugin] the patch of `Cluster` `cluster-example`: its plugin entry names ObjectStore `other-store`, which no manifest of the setup creates in its namespace",
    );
}

#[test]
fn an_object_store_in_another_namespace_is_reported() {
    let all = edited(
        artifacts(&raw(STATIC_KEYS)),
        "objectstore",
        "namespace: default",
        "namespace: backups",
    );
    assert_finding(
        all,
        "BR706 [cluster-plugin] the patch of `Cluster` `cluster-example`: its plugin entry names ObjectStore `cluster-example-s3`, which no manifest of the setup creates in its namespace",
    );
}

#[test]
fn an_inherited_role_that_no_one_gives_the_account_is_reported() {
    let all = without(artifacts(&raw(IRSA)), "cluster-role");
    // eksctl creates the role only (`--role-only`): it gives the account nothing.
    let all = without(all, "eksctl");
    assert_finding(
        all,
        "BR706 [cluster-plugin] the patch of `Cluster` `cluster-example`: its ObjectStore `cluster-example-s3` inherits the IAM role, but nothing gives service account `cluster-example` a role (`spec.serviceAccountTemplate.metadata.annotations` of the Cluster)",
    );
}

#[test]
fn the_annotation_of_another_namespace_fails_the_trust() {
    let all = edited(
        artifacts(&raw(IRSA)),
        "cluster-role",
        "  --namespace default \\\n  --type merge",
        "  --namespace backups \\\n  --type merge",
    );
    let got = findings(&check(&all));
    assert!(
        got.iter()
            .any(|f| f.starts_with("BR701 [cluster-role] the patch of `Cluster` `cluster-example` gives role `cnpg-cluster-example` to service account `backups/cluster-example`")),
        "{got:?}"
    );
}

#[test]
fn an_object_store_that_writes_to_another_bucket_is_reported() {
    let mut all = artifacts(&raw(IRSA));
    let store = all.iter_mut().find(|a| a.id == "objectstore").unwrap();
    assert!(store.content.contains("s3://my-cnpg-bucket/"));
    store.content = store
        .content
        .replace("s3://my-cnpg-bucket/", "s3://someone-elses-bucket/");
    let codes: Vec<(&str, &str)> = check(&all).findings.iter().map(|f| (f.code, f.artifact)).collect();
    assert!(codes.contains(&("BR702", "objectstore")), "{codes:?}");
}
