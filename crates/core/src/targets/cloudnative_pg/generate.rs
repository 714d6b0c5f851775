//! CloudNativePG backups to S3 through the Barman Cloud plugin: the IAM side (an IAM user with
//! an access key, or a role for the Cluster's service account), the plugin's `ObjectStore`,
//! the Cluster's plugin entry, a `ScheduledBackup`, the checks that the archive works, and the
//! teardown.

use super::{CnpgAuth, CnpgSetup, IrsaSetup, StaticKeysSetup, PLUGIN_NAME};
use crate::artifact::{Artifact, ArtifactKind};
use crate::generate::arn;
use crate::generate::aws::{self, aws, caller_account};
use crate::generate::irsa as irsa_steps;
use crate::generate::{trust, ROLE_ARN_ANNOTATION};
use crate::policy::{PolicyDocument, Statement};
use crate::shell::{Arg, Command, Script};
use crate::yaml;
use serde_json::{json, Value};

/// The plugin release this setup was checked against, and where its manifest is published
/// (plugin-barman-cloud `web/src/components/Installation/index.tsx`).
const PLUGIN_VERSION: &str = "v0.14.0";

/// The namespace of the CloudNativePG operator, where the plugin must run; the plugin's
/// manifest names it (plugin-barman-cloud `manifest.yaml`).
const OPERATOR_NAMESPACE: &str = "cnpg-system";

/// Kubernetes names of the vendor's kinds, spelled with their API group: other operators
/// have a `cluster` or a `backup` too (Velero has `backups.velero.io`), and kubectl would
/// pick one of them.
const CLUSTERS: &str = "clusters.postgresql.cnpg.io";
const SCHEDULED_BACKUPS: &str = "scheduledbackups.postgresql.cnpg.io";
const BACKUPS: &str = "backups.postgresql.cnpg.io";
const OBJECT_STORES: &str = "objectstores.barmancloud.cnpg.io";

/// The secret's keys, as the plugin's documentation names them ("Object stores", access
/// keys); the documentation names no key for the region, so `ACCESS_REGION` is ours.
const ACCESS_KEY_ID: &str = "ACCESS_KEY_ID";
const ACCESS_SECRET_KEY: &str = "ACCESS_SECRET_KEY";
const ACCESS_REGION: &str = "ACCESS_REGION";

/// A base backup every day at midnight: CloudNativePG's schedules have six fields, seconds
/// first (CloudNativePG documentation, "Backup", cron schedule `0 0 0 * * *`).
pub(crate) const SCHEDULE: &str = "0 0 0 * * *";

pub fn generate(s: &CnpgSetup) -> Vec<Artifact> {
    match &s.auth {
        CnpgAuth::StaticKeys(keys) => static_keys(s, keys),
        CnpgAuth::Irsa(irsa) => irsa_artifacts(s, irsa),
    }
}

fn cluster(s: &CnpgSetup) -> &str {
    s.cluster.as_str()
}

/// The secret with the access key, named after the Cluster so that two Clusters of one
/// namespace keep theirs apart (and a teardown deletes only its own).
fn secret_name(s: &CnpgSetup) -> String {
    format!("{}-aws-creds", cluster(s))
}

fn scheduled_backup_name(s: &CnpgSetup) -> String {
    format!("{}-daily", cluster(s))
}

/// `s3://<bucket>/<prefix>`: barman-cloud takes the URL's path as the key prefix and writes
/// the Cluster's backups below `<prefix>/<cluster>/` (barman `barman/cloud.py`; the server
/// name is the Cluster's, plugin-barman-cloud `internal/cnpgi/operator/config/config.go`).
pub(crate) fn destination_path(s: &CnpgSetup) -> String {
    format!("s3://{}/{}", s.location.bucket, s.prefix.as_str())
}

/// The bucket permissions barman-cloud uses. No vendor source lists them (plugin-barman-cloud
/// PR #744, "Document required S3 bucket policy", is unmerged; the plugin and CloudNativePG
/// documentation only say the key must be able to upload), so they are read from the S3 calls
/// of barman-cloud (barman `barman/cloud_providers/aws_s3.py`): `HeadBucket` before every
/// command and the listings need `s3:ListBucket` on the bucket, without a prefix condition
/// (HeadBucket carries no prefix, barman issue #929); reading backups and WAL for restores
/// `s3:GetObject`; uploads, multipart ones included, `s3:PutObject` and, when one is abandoned,
/// `s3:AbortMultipartUpload`; the retention policy's deletions `s3:DeleteObject`. Every key is
/// below the prefix, so the object actions are limited to it. barman never calls
/// `GetBucketLocation`, and the bucket exists before the plugin runs, so `s3:CreateBucket` is
/// left out.
pub(crate) fn permission_policy(s: &CnpgSetup) -> PolicyDocument {
    let loc = &s.location;
    let p = loc.partition;
    let objects = format!("{}/{}/*", arn::bucket(p, &loc.bucket), s.prefix.as_str());
    let mut statements = vec![
        Statement::allow(["s3:ListBucket"], [arn::bucket(p, &loc.bucket)]),
        Statement::allow(
            [
                "s3:GetObject",
                "s3:PutObject",
                "s3:DeleteObject",
                "s3:AbortMultipartUpload",
            ],
            [objects],
        ),
    ];
    if let Some(key) = &loc.kms_key {
        statements.push(trust::kms_data_keys(key));
    }
    PolicyDocument::new(statements)
}

/// The IRSA trust: only the service account CloudNativePG names after the Cluster, in the
/// Cluster's namespace, with a token of this cluster's issuer for the STS audience.
pub(crate) fn irsa_trust_policy(s: &CnpgSetup, irsa: &IrsaSetup) -> PolicyDocument {
    trust::irsa(s.location.partition, &irsa.cluster, s.namespace.as_str(), cluster(s))
}

/// The bucket unless it exists, and its default encryption with the setup's KMS key: the
/// ObjectStore leaves `encryption` empty, so barman-cloud writes with the bucket's default.
fn ensure_bucket(script: Script, s: &CnpgSetup) -> Script {
    let loc = &s.location;
    let script = aws::ensure_bucket(
        script.comment("Creates the bucket in its region unless it exists."),
        loc,
    );
    match aws::default_encryption(loc) {
        Some(encryption) => script
            .comment("Makes the KMS key the bucket's default encryption, so that every backup object is\nencrypted with the key the policy grants (an S3 Bucket Key cuts the KMS requests).")
            .command(encryption),
        None => script,
    }
}

fn kubectl(verb: &str) -> Command {
    Command::new("kubectl").args([verb])
}

/// `kubectl patch clusters.postgresql.cnpg.io NAME --type TYPE --patch PATCH`.
fn patch_cluster(s: &CnpgSetup, patch_type: &str, patch: &Value) -> Command {
    kubectl("patch")
        .args([CLUSTERS, cluster(s)])
        .opt("--namespace", s.namespace.as_str())
        .opt("--type", patch_type)
        .opt("--patch", patch.to_string())
}

/// The plugin entry that makes the plugin the Cluster's WAL archiver, writing to the
/// ObjectStore (plugin-barman-cloud documentation, "Usage"; `barmanObjectName` in
/// "Parameters").
fn plugin_entry(s: &CnpgSetup) -> Value {
    json!({
        "name": PLUGIN_NAME,
        "isWALArchiver": true,
        "parameters": {"barmanObjectName": s.object_store.as_str()},
    })
}

/// The look-ups of what the plugin needs before it is installed.
fn prerequisites(s: &CnpgSetup) -> Artifact {
    let script = Script::new()
        .comment("Prints the CloudNativePG operator's image, whose tag is its version: the Barman Cloud\nplugin 0.14.0 needs 1.26 or later (plugin-barman-cloud documentation, \"Requirements\";\nlater plugin releases need later versions).")
        .command(
            kubectl("get")
                .args(["deployment", "cnpg-controller-manager"])
                .opt("--namespace", OPERATOR_NAMESPACE)
                .opt("--output", "jsonpath={.spec.template.spec.containers[*].image}{\"\\n\"}"),
        )
        .blank()
        .comment("Prints two settings of the Cluster that must both be empty: a Cluster run as an account\nof its own (spec.serviceAccountName) is one the plugin's role binding does not name, and\nCloudNativePG refuses a WAL archiver plugin beside spec.backup.barmanObjectStore (its\nwebhook; move that configuration to the ObjectStore first).")
        .command(
            kubectl("get")
                .args([CLUSTERS, cluster(s)])
                .opt("--namespace", s.namespace.as_str())
                .opt(
                    "--output",
                    "jsonpath=serviceAccountName: {.spec.serviceAccountName}{\"\\n\"}backup.barmanObjectStore: {.spec.backup.barmanObjectStore}{\"\\n\"}",
                ),
        )
        .blank()
        .comment("Installs the Barman Cloud plugin into the operator's namespace unless it runs there already\n(applying the manifest again would replace an installed release with this one), and waits\nuntil it runs. It needs cert-manager, for the certificates of its connection to the operator\n(plugin-barman-cloud documentation, \"Installation\").")
        .unless(
            kubectl("get")
                .args(["deployment", "barman-cloud"])
                .opt("--namespace", OPERATOR_NAMESPACE),
            kubectl("apply").opt(
                "--filename",
                format!("https://github.com/cloudnative-pg/plugin-barman-cloud/releases/download/{PLUGIN_VERSION}/manifest.yaml"),
            ),
        )
        .command(
            kubectl("rollout")
                .args(["status", "deployment", "barman-cloud"])
                .opt("--namespace", OPERATOR_NAMESPACE),
        );
    Artifact::new(
        "prerequisites",
        "Check CloudNativePG and the Cluster, and install the Barman Cloud plugin",
        ArtifactKind::Kubectl,
        script.render(),
    )
}

/// The plugin's ObjectStore, in the Cluster's namespace (the plugin reads it, and the
/// secrets it names, from there only).
fn object_store(s: &CnpgSetup, credentials: Value, sidecar_env: Option<Value>) -> Artifact {
    let mut spec = serde_json::Map::new();
    spec.insert(
        "configuration".into(),
        json!({"destinationPath": destination_path(s), "s3Credentials": credentials}),
    );
    spec.insert("retentionPolicy".into(), s.retention.as_str().into());
    if let Some(env) = sidecar_env {
        spec.insert("instanceSidecarConfiguration".into(), json!({"env": env}));
    }
    let store = json!({
        "apiVersion": "barmancloud.cnpg.io/v1",
        "kind": "ObjectStore",
        "metadata": {"name": s.object_store.as_str(), "namespace": s.namespace.as_str()},
        "spec": Value::Object(spec),
    });
    Artifact::new(
        "objectstore",
        "ObjectStore: where the plugin writes, and with which credentials",
        ArtifactKind::KubernetesManifest,
        yaml::document(&store),
    )
}

/// The plugin entry, added to the Cluster's list of plugins without touching the others.
fn cluster_plugin(s: &CnpgSetup, irsa: bool) -> Artifact {
    let entry = plugin_entry(s);
    let append = json!([{"op": "add", "path": "/spec/plugins/-", "value": entry}]);
    let create = json!([
        {"op": "test", "path": "/spec/plugins", "value": null},
        {"op": "add", "path": "/spec/plugins", "value": [entry]},
    ]);
    let comment = if irsa {
        "Makes the Barman Cloud plugin the Cluster's WAL archiver, writing to the ObjectStore. Apply\nobjectstore first. spec.plugins is a list, and a merge patch replaces a list whole (RFC 7386),\nwhich would drop the Cluster's other plugins, so this is a JSON patch (RFC 6902) that adds one\nentry. The first command appends it; on a Cluster without a plugins list it fails (\"doc is\nmissing path\") and the second creates the list, after a test that the Cluster still has none\n(Kubernetes' JSON patch library, evanphx/json-patch, takes a missing member as null), so an\nexisting list is never replaced. CloudNativePG's webhook refuses both when the Cluster has the\nplugin or another WAL archiver already, or spec.backup.barmanObjectStore, and the script stops.\nThe operator then recreates the Cluster's pods one by one with the plugin's sidecar, which\nruns as the service account that has the role since cluster-role. If the Cluster listed the\nplugin before, restart it instead (kubectl cnpg restart), so that its pods get the role."
    } else {
        "Makes the Barman Cloud plugin the Cluster's WAL archiver, writing to the ObjectStore. Apply\nobjectstore first. spec.plugins is a list, and a merge patch replaces a list whole (RFC 7386),\nwhich would drop the Cluster's other plugins, so this is a JSON patch (RFC 6902) that adds one\nentry. The first command appends it; on a Cluster without a plugins list it fails (\"doc is\nmissing path\") and the second creates the list, after a test that the Cluster still has none\n(Kubernetes' JSON patch library, evanphx/json-patch, takes a missing member as null), so an\nexisting list is never replaced. CloudNativePG's webhook refuses both when the Cluster has the\nplugin or another WAL archiver already, or spec.backup.barmanObjectStore, and the script stops.\nThe operator then recreates the Cluster's pods one by one with the plugin's sidecar."
    };
    let script = Script::new()
        .comment(comment)
        .command_or(patch_cluster(s, "json", &append), patch_cluster(s, "json", &create));
    Artifact::new(
        "cluster-plugin",
        "Add the plugin to the Cluster as its WAL archiver",
        ArtifactKind::Kubectl,
        script.render(),
    )
}

/// The daily base backup through the plugin. `immediate` takes the first one at once, which
/// the verify step waits for; `backupOwnerReference: self` lets the Backup objects go with the
/// ScheduledBackup (CloudNativePG CRD, ScheduledBackup).
fn scheduled_backup(s: &CnpgSetup) -> Artifact {
    let backup = json!({
        "apiVersion": "postgresql.cnpg.io/v1",
        "kind": "ScheduledBackup",
        "metadata": {"name": scheduled_backup_name(s), "namespace": s.namespace.as_str()},
        "spec": {
            "schedule": SCHEDULE,
            "immediate": true,
            "backupOwnerReference": "self",
            "cluster": {"name": cluster(s)},
            "method": "plugin",
            "pluginConfiguration": {"name": PLUGIN_NAME},
        },
    });
    Artifact::new(
        "scheduledbackup",
        "ScheduledBackup: a base backup every day at midnight",
        ArtifactKind::KubernetesManifest,
        yaml::document(&backup),
    )
}

/// The checks that the archive works: the plugin's sidecar in the pods, the Cluster's
/// `ContinuousArchiving` condition, a test backup, and the objects in the bucket.
fn verify(s: &CnpgSetup) -> Artifact {
    let ns = s.namespace.as_str();
    let name = cluster(s);
    let loc = &s.location;
    let script = Script::new()
        .comment("Prints each pod of the Cluster with its init containers: plugin-barman-cloud is the\nplugin's sidecar (plugin-barman-cloud internal/cnpgi/operator/lifecycle.go).")
        .command(
            kubectl("get")
                .args(["pods"])
                .opt("--namespace", ns)
                .opt("--selector", format!("cnpg.io/cluster={name}"))
                .opt(
                    "--output",
                    "jsonpath={range .items[*]}{.metadata.name}{\": \"}{.spec.initContainers[*].name}{\"\\n\"}{end}",
                ),
        )
        .blank()
        .comment("Waits until WAL archiving works: CloudNativePG sets ContinuousArchiving once a WAL file\nreached the bucket, within archive_timeout, five minutes by default (CloudNativePG\ndocumentation, \"Troubleshooting\" and \"WAL archiving\"). If it times out, the sidecar's log says\nwhy: kubectl logs <pod> --container plugin-barman-cloud. \"Expected empty archive\" there means\nthe path holds an archive of an earlier Cluster of this name (CloudNativePG documentation,\n\"Recovery\"): choose another cnpgPathPrefix.")
        .command(
            kubectl("wait")
                .args([format!("{CLUSTERS}/{name}")])
                .opt("--namespace", ns)
                .opt("--for", "condition=ContinuousArchiving")
                .opt("--timeout", "10m"),
        )
        .blank()
        .comment("Takes a test backup through the plugin, with CloudNativePG's kubectl plugin (plugin-barman-cloud\ndocumentation, \"Usage\"), then lists the Cluster's backups: this one and the ScheduledBackup's\nfirst (immediate) one must reach the phase completed.")
        .command(
            kubectl("cnpg")
                .args(["backup", name])
                .opt("--namespace", ns)
                .opt("--method", "plugin")
                .opt("--plugin-name", PLUGIN_NAME),
        )
        .command(kubectl("get").args([BACKUPS]).opt("--namespace", ns))
        .blank()
        .comment("Prints when the ObjectStore last received a backup of the Cluster (its status).")
        .command(
            kubectl("get")
                .args([OBJECT_STORES, s.object_store.as_str()])
                .opt("--namespace", ns)
                .opt(
                    "--output",
                    format!("jsonpath={{.status.serverRecoveryWindow.{name}.lastSuccessfulBackupTime}}{{\"\\n\"}}"),
                ),
        )
        .blank()
        .comment("Lists the first objects under the Cluster's path in the bucket (base/ and wals/).")
        .command(
            Command::new("aws")
                .args(["s3", "ls"])
                .args([format!("{}/{name}/", destination_path(s))])
                .flag("--recursive")
                .opt("--region", loc.region.as_str()),
        );
    Artifact::new(
        "verify",
        "Check that WAL archiving and backups work",
        ArtifactKind::Kubectl,
        script.render(),
    )
}

/// The Kubernetes side of the teardown: the schedule, the plugin entry (before the
/// ObjectStore, which archiving needs while the entry exists), the role's annotation and the
/// objects. The backups in the bucket are kept.
fn teardown_cluster(s: &CnpgSetup, irsa: bool) -> Artifact {
    let ns = s.namespace.as_str();
    let name = cluster(s);
    let saved = format!("{name}-cluster.json");
    let edited = format!("{name}-cluster-without-plugin.json");
    let script = Script::new()
        .comment("Stops the base backups: deletes the ScheduledBackup, and with it the Backup objects it made\n(backupOwnerReference: self). CloudNativePG deletes no data in the bucket with a Backup\nobject: the backups stay, for restores, until you delete them yourself. To turn the backups\non again later, use another cnpgPathPrefix: the plugin archives only into a path without an\nearlier archive of the Cluster.")
        .command(
            kubectl("delete")
                .args([SCHEDULED_BACKUPS.to_owned(), scheduled_backup_name(s)])
                .opt("--namespace", ns)
                .flag("--ignore-not-found"),
        )
        .blank()
        .comment("Stops the WAL archiving: removes the plugin's entry from the Cluster's spec.plugins, and\nonly that entry. A JSON patch removes a list item by its index alone, so the Cluster is read,\nedited with jq and written back; kubectl replace refuses when the Cluster changed in between\n(its resourceVersion), and then this step can simply be run again. The operator recreates\nthe pods without the sidecar.")
        .command(
            kubectl("get")
                .args([CLUSTERS, name])
                .opt("--namespace", ns)
                .opt("--output", "json")
                .stdout_to(saved.as_str()),
        )
        .command(
            Command::new("jq")
                .args([
                    format!("del(.spec.plugins[]? | select(.name == \"{PLUGIN_NAME}\"))"),
                    saved.clone(),
                ])
                .stdout_to(edited.as_str()),
        )
        .command(kubectl("replace").opt("--filename", edited.as_str()))
        .command(Command::new("rm").args(["-f".to_owned(), saved, edited]));
    let script = if irsa {
        script
            .blank()
            .comment("Removes the role from the service account template (null deletes a key in a merge patch),\nthen from the service account itself: CloudNativePG merges the template's annotations into\nthe account but never removes one (cloudnative-pg api/v1/cluster_funcs.go, MergeMetadata).")
            .command(patch_cluster(
                s,
                "merge",
                &json!({"spec": {"serviceAccountTemplate": {"metadata": {"annotations": {ROLE_ARN_ANNOTATION: null}}}}}),
            ))
            .command(
                kubectl("annotate")
                    .args(["serviceaccount", name])
                    .opt("--namespace", ns)
                    .args([format!("{ROLE_ARN_ANNOTATION}-")]),
            )
    } else {
        script
    };
    let script = script
        .blank()
        .comment(if irsa {
            "Deletes the ObjectStore."
        } else {
            "Deletes the ObjectStore and the secret with the access key."
        })
        .command(
            kubectl("delete")
                .args([OBJECT_STORES, s.object_store.as_str()])
                .opt("--namespace", ns)
                .flag("--ignore-not-found"),
        );
    let script = if irsa {
        script
    } else {
        script.command(
            kubectl("delete")
                .args(["secret".to_owned(), secret_name(s)])
                .opt("--namespace", ns)
                .flag("--ignore-not-found"),
        )
    };
    Artifact::new(
        "teardown-cluster",
        "Tear down: stop the backups and WAL archiving, delete the ObjectStore",
        ArtifactKind::Kubectl,
        script.render(),
    )
}

fn static_keys(s: &CnpgSetup, keys: &StaticKeysSetup) -> Vec<Artifact> {
    let loc = &s.location;
    let policy = permission_policy(s).to_pretty_json();
    let inputs = Script::new()
        .comment("Prints the account ID of the credentials in use: the account the user is created in.")
        .command(caller_account(&loc.region));
    let script = Script::new()
        .comment("Creates the IAM user whose access key the plugin's sidecar signs its requests with.")
        .command(aws(&loc.region, "iam", "create-user").opt("--user-name", keys.user_name.as_str()))
        .blank()
        .comment("Grants the user access to the backups' path in this bucket alone, as an inline policy.")
        .assign("permission_policy", policy.clone())
        .command(
            aws(&loc.region, "iam", "put-user-policy")
                .opt("--user-name", keys.user_name.as_str())
                .opt("--policy-name", keys.policy_name.as_str())
                .opt("--policy-document", Arg::Var("permission_policy")),
        )
        .blank();
    let script = ensure_bucket(script, s);
    let secret = aws::create_access_key_halves(&loc.region, &keys.user_name, ACCESS_KEY_ID, ACCESS_SECRET_KEY)
        .blank()
        .comment("Stores them in the secret the ObjectStore refers to, in the Cluster's namespace (the plugin\nreads it from there), with the keys of the plugin's documentation, and the bucket's region:\nbarman-cloud gives boto3 no region of its own, and without one boto3 cannot reach S3 outside\nthe commercial partition.")
        .command(
            kubectl("create")
                .args(["secret", "generic"])
                .args([secret_name(s)])
                .opt("--namespace", s.namespace.as_str())
                .opt("--from-file", aws::key_file(ACCESS_KEY_ID))
                .opt("--from-file", aws::key_file(ACCESS_SECRET_KEY))
                .opt("--from-literal", format!("{ACCESS_REGION}={}", loc.region)),
        );
    let secret_ref = |key: &str| json!({"name": secret_name(s), "key": key});
    // Without `inheritFromIAMRole`, the plugin passes both halves of the key and the region to
    // barman-cloud as AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_DEFAULT_REGION
    // (cloudnative-pg/barman-cloud `pkg/credentials/env.go`).
    let credentials = json!({
        "accessKeyId": secret_ref(ACCESS_KEY_ID),
        "secretAccessKey": secret_ref(ACCESS_SECRET_KEY),
        "region": secret_ref(ACCESS_REGION),
    });
    let teardown = Script::new()
        .comment("Deletes the IAM user, in reverse order of its creation. The bucket and its backups are\nkept: delete them yourself once nothing needs them.")
        .comment("IAM deletes a user only once its access keys and inline policies are gone.");
    let teardown = aws::delete_access_keys(teardown, &loc.region, &keys.user_name)
        .command(
            aws(&loc.region, "iam", "delete-user-policy")
                .opt("--user-name", keys.user_name.as_str())
                .opt("--policy-name", keys.policy_name.as_str()),
        )
        .command(aws(&loc.region, "iam", "delete-user").opt("--user-name", keys.user_name.as_str()));
    vec![
        Artifact::new(
            "find-inputs",
            "Look up the account the user is created in",
            ArtifactKind::AwsCli,
            inputs.render(),
        ),
        Artifact::new(
            "permission-policy",
            "Permission policy (inline policy of the IAM user)",
            ArtifactKind::PermissionPolicy,
            policy + "\n",
        ),
        prerequisites(s),
        Artifact::new(
            "aws-cli",
            "Create the IAM user, its policy and the bucket",
            ArtifactKind::AwsCli,
            script.render(),
        ),
        Artifact::new(
            "credentials-secret",
            "Create an access key and store it in a Kubernetes secret",
            ArtifactKind::Kubectl,
            secret.render(),
        ),
        object_store(s, credentials, None),
        cluster_plugin(s, false),
        scheduled_backup(s),
        verify(s),
        teardown_cluster(s, false),
        Artifact::new(
            "teardown",
            "Tear down: delete the access keys, the policy and the user",
            ArtifactKind::AwsCli,
            teardown.render(),
        ),
    ]
}

fn irsa_artifacts(s: &CnpgSetup, irsa: &IrsaSetup) -> Vec<Artifact> {
    let loc = &s.location;
    let p = loc.partition;
    let ns = s.namespace.as_str();
    let name = cluster(s);
    let policy = permission_policy(s).to_pretty_json();
    let trust = irsa_trust_policy(s, irsa).to_pretty_json();
    let account = &irsa.cluster.account;
    let policy_arn = arn::policy(p, account, &irsa.policy_name);
    let role_arn = arn::role(p, account, &irsa.role_name);

    let inputs = irsa_steps::lookups(&loc.region, &irsa.cluster);

    let script = Script::new()
        .comment("Creates the managed policy with the bucket permissions.")
        .assign("permission_policy", policy.clone())
        .command(
            aws(&loc.region, "iam", "create-policy")
                .opt("--policy-name", irsa.policy_name.as_str())
                .opt("--policy-document", Arg::Var("permission_policy")),
        )
        .blank();
    let script = ensure_bucket(script, s);

    let role = irsa_steps::create_role(
        p,
        &loc.region,
        &irsa.cluster,
        &irsa.role_name,
        &trust,
        &policy_arn,
        "Creates the role that the Cluster's service account assumes with its web identity token.",
    );

    let eksctl = irsa_steps::eksctl_role_only(
        &loc.region,
        &irsa.cluster,
        ns,
        name,
        &irsa.role_name,
        &policy_arn,
        "... then creates the role with the same trust and attaches the policy created by the AWS\nCLI step. --role-only leaves the service account alone: CloudNativePG owns it and puts the\nrole on it from the Cluster (cluster-role).",
    );

    let annotation =
        json!({"spec": {"serviceAccountTemplate": {"metadata": {"annotations": {ROLE_ARN_ANNOTATION: role_arn}}}}});
    let cluster_role = Script::new()
        .comment("Gives the Cluster's service account the role. CloudNativePG names the account after the\nCluster and merges spec.serviceAccountTemplate.metadata.annotations into it on every\nreconciliation (cloudnative-pg internal/controller/cluster_create.go), so the annotation\nstays. A merge patch is right here: objects merge key by key (RFC 7386), so the template's\nother annotations and labels stay too.")
        .command(patch_cluster(s, "merge", &annotation))
        .blank()
        .comment("Waits until the operator has put the role on the service account: EKS gives a pod the role's\ntoken only when the pod is created, and cluster-plugin recreates the pods next.")
        .command(
            kubectl("wait")
                .args([format!("serviceaccount/{name}")])
                .opt("--namespace", ns)
                .opt(
                    "--for",
                    format!("jsonpath={{.metadata.annotations.eks\\.amazonaws\\.com/role-arn}}={role_arn}"),
                )
                .opt("--timeout", "2m"),
        );

    // With `inheritFromIAMRole` the plugin gives barman-cloud no credentials and no region:
    // boto3 finds the web identity token that EKS mounts (cloudnative-pg/barman-cloud
    // `pkg/credentials/env.go`). Without `s3Credentials` at all, the plugin refuses to archive
    // ("no credentials defined"; plugin-barman-cloud issue #474), though its documentation's
    // IRSA section shows none. The region is the bucket's, set on the sidecar: EKS's webhook
    // would set the cluster's, and leaves both variables alone when one is set
    // (aws/amazon-eks-pod-identity-webhook `pkg/handler/handler.go`).
    let region_env = json!([
        {"name": "AWS_REGION", "value": loc.region.as_str()},
        {"name": "AWS_DEFAULT_REGION", "value": loc.region.as_str()},
    ]);

    let teardown = Script::new()
        .comment("Deletes the role and the policy, in reverse order of their creation. The OIDC provider\nstays (other roles of the cluster may trust it), and so do the bucket and its backups.")
        .command(
            aws(&loc.region, "iam", "detach-role-policy")
                .opt("--role-name", irsa.role_name.as_str())
                .opt("--policy-arn", policy_arn.as_str()),
        )
        .command(aws(&loc.region, "iam", "delete-role").opt("--role-name", irsa.role_name.as_str()))
        .command(aws(&loc.region, "iam", "delete-policy").opt("--policy-arn", policy_arn.as_str()));
    let teardown_eksctl = Script::new()
        .comment("When eksctl created the role: deletes its CloudFormation stack, which holds the role (the\nservice account is CloudNativePG's and stays). Run it instead of the detach-role-policy and\ndelete-role steps of the teardown, then run its delete-policy step.")
        .command(
            Command::new("eksctl")
                .args(["delete", "iamserviceaccount"])
                .opt("--name", name)
                .opt("--namespace", ns)
                .opt("--cluster", irsa.cluster.name.as_str())
                .opt("--region", loc.region.as_str()),
        );

    vec![
        Artifact::new(
            "find-inputs",
            "Look up the account ID and the cluster's OIDC issuer",
            ArtifactKind::AwsCli,
            inputs.render(),
        ),
        Artifact::new(
            "permission-policy",
            "Permission policy (managed policy attached to the role)",
            ArtifactKind::PermissionPolicy,
            policy + "\n",
        ),
        Artifact::new(
            "trust-policy",
            "Trust policy of the role (IRSA)",
            ArtifactKind::TrustPolicy,
            trust + "\n",
        ),
        prerequisites(s),
        Artifact::new(
            "aws-cli",
            "Create the policy and the bucket",
            ArtifactKind::AwsCli,
            script.render(),
        ),
        Artifact::new(
            "aws-cli-role",
            "Register the OIDC provider and create the role",
            ArtifactKind::AwsCli,
            role.render(),
        ),
        Artifact::new(
            "eksctl",
            "Or let eksctl create the role",
            ArtifactKind::Eksctl,
            eksctl.render(),
        ),
        object_store(s, json!({"inheritFromIAMRole": true}), Some(region_env)),
        Artifact::new(
            "cluster-role",
            "Give the Cluster's service account the role",
            ArtifactKind::Kubectl,
            cluster_role.render(),
        ),
        cluster_plugin(s, true),
        scheduled_backup(s),
        verify(s),
        teardown_cluster(s, true),
        Artifact::new(
            "teardown",
            "Tear down: delete the role and the policy",
            ArtifactKind::AwsCli,
            teardown.render(),
        ),
        Artifact::new(
            "teardown-eksctl",
            "Or, when eksctl created the role, let eksctl delete it",
            ArtifactKind::Eksctl,
            teardown_eksctl.render(),
        ),
    ]
}
