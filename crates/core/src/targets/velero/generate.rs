//! Velero with velero-plugin-for-aws: the IAM identity (an IAM user's access key, an IRSA role
//! or an EKS Pod Identity role) with the plugin's documented policy, the Helm release of
//! Velero's chart with the plugin as an init container, and the BackupStorageLocation,
//! VolumeSnapshotLocation and Schedule that make Velero back up to the bucket every day.

use super::{VeleroAuth, VeleroSetup, SERVICE_ACCOUNT};
use crate::artifact::{Artifact, ArtifactKind, Policies, PolicyPair};
use crate::generate::arn;
use crate::generate::aws::{self, CREDENTIALS_FILE};
use crate::generate::{kubectl, trust, ROLE_ARN_ANNOTATION};
use crate::partition::Partition;
use crate::policy::{PolicyDocument, Statement};
use crate::setup::value::{AccountId, ClusterName, IamName};
use crate::setup::{OidcCluster, S3Location};
use crate::shell::{Arg, Command, Script};
use crate::yaml;
use serde_json::{json, Map, Value};

/// The chart repository and chart of Velero's Helm chart README
/// (vmware-tanzu/helm-charts `charts/velero/README.md`), and the chart version whose values
/// and templates the setup follows (chart 12.1.0, Velero 1.18.1).
const HELM_REPO: &str = "vmware-tanzu";
const HELM_REPO_URL: &str = "https://vmware-tanzu.github.io/helm-charts";
const HELM_CHART: &str = "vmware-tanzu/velero";
const CHART_VERSION: &str = "12.1.0";
/// The release name of the chart's README; the chart derives the service account
/// (`velero-server`) from it.
const RELEASE: &str = "velero";

/// The plugin release made for Velero 1.18 (velero-plugin-for-aws README, "Compatibility":
/// v1.14.x with Velero v1.18.x), pinned so that an upgrade is a choice.
const PLUGIN_IMAGE: &str = "velero/velero-plugin-for-aws:v1.14.2";

/// The chart's server Deployment and node-agent DaemonSet (`templates/deployment.yaml`,
/// `templates/node-agent-daemonset.yaml`); both run as [`SERVICE_ACCOUNT`].
const DEPLOYMENT: &str = "velero";
const NODE_AGENT: &str = "node-agent";

/// The secret of the static keys, named as `velero install` names it, and its key: the chart
/// mounts the secret at `/credentials` and points `AWS_SHARED_CREDENTIALS_FILE` at
/// `/credentials/cloud` (`templates/deployment.yaml`), so the key must be `cloud`.
const CREDENTIALS_SECRET: &str = "cloud-credentials";
const CREDENTIALS_KEY: &str = "cloud";

/// The objects that turn backups on. `default` is the name the chart and `velero install`
/// give the first location; the schedule runs at 03:00 every day and keeps each backup 30
/// days, Velero's default TTL (`velero server --default-backup-ttl`, 720h).
const VELERO_API: &str = "velero.io/v1";
const PROVIDER: &str = "aws";
const LOCATION: &str = "default";
const SCHEDULE: &str = "velero-daily";
const CRON: &str = "0 3 * * *";
const TTL: &str = "720h0m0s";

/// The group the server's pod runs with for IRSA and Pod Identity: the chart's values
/// (`podSecurityContext`) say to set `fsGroup` for IAM roles for service accounts, so that
/// the non-root server can read the projected token; 65534 is the plugin README's value.
const FS_GROUP: &str = "65534";

pub fn generate(s: &VeleroSetup, policies: Policies) -> Vec<Artifact> {
    match &s.auth {
        VeleroAuth::StaticKeys { user_name, policy_name } => static_keys(s, policies, user_name, policy_name),
        VeleroAuth::Irsa {
            cluster,
            role_name,
            policy_name,
        } => irsa(s, policies, cluster, role_name, policy_name),
        VeleroAuth::PodIdentity {
            account,
            cluster_name,
            role_name,
            policy_name,
        } => pod_identity(s, policies, account, cluster_name, role_name, policy_name),
    }
}

/// The EBS actions of the plugin's README policy ("Set permissions for Velero"): the volume
/// snapshotter describes volumes and snapshots, creates snapshots of volumes and volumes of
/// snapshots, both tagged as they are created, and deletes snapshots
/// (velero-plugin-for-aws `volume_snapshotter.go`).
const EBS_ACTIONS: [&str; 6] = [
    "ec2:DescribeVolumes",
    "ec2:DescribeSnapshots",
    "ec2:CreateTags",
    "ec2:CreateVolume",
    "ec2:CreateSnapshot",
    "ec2:DeleteSnapshot",
];

/// The plugin's README policy: the EBS actions on `*`, the object actions on the bucket's
/// objects (`s3:PutObjectTagging` is only used with the location's `config.tagging`, but the
/// README lists it), and `s3:ListBucket` on the bucket; with `kmsKeyArn`, the key's data keys.
pub(crate) fn permission_policy(s: &VeleroSetup) -> PolicyDocument {
    with_bucket_statements(&s.location, vec![Statement::allow(EBS_ACTIONS, ["*"])])
}

/// The same permissions with the EBS changes limited to what the plugin does: volumes and
/// snapshots of the setup's region (the snapshot location's region) and the cluster's
/// account (EC2 acts in the account of the credentials, so an IAM user's policy, whose
/// account the setup does not know, leaves the account open: it reaches no other), tags only
/// as the plugin's CreateVolume and CreateSnapshot set them, and deletes only of snapshots
/// Velero took, which Velero tags with `velero.io/backup` (velero `pkg/backup/item_backupper.go`).
/// Only the `Describe*` actions, which take no resource, stay on `*`.
pub(crate) fn hardened_permission_policy(s: &VeleroSetup) -> PolicyDocument {
    let loc = &s.location;
    let p = loc.partition;
    let account = match &s.auth {
        // The setup does not ask an IAM user's account; EC2 creates volumes and snapshots
        // in the caller's own account, which the policy variable names.
        VeleroAuth::StaticKeys { .. } => "${aws:PrincipalAccount}",
        VeleroAuth::Irsa { cluster, .. } => cluster.account.as_str(),
        VeleroAuth::PodIdentity { account, .. } => account.as_str(),
    };
    let volumes = format!("arn:{p}:ec2:{}:{account}:volume/*", loc.region);
    let snapshots = format!("arn:{p}:ec2:{}::snapshot/*", loc.region);
    let ebs = vec![
        Statement::allow(["ec2:DescribeVolumes", "ec2:DescribeSnapshots"], ["*"]),
        Statement::allow(
            ["ec2:CreateVolume", "ec2:CreateSnapshot"],
            [volumes.clone(), snapshots.clone()],
        ),
        Statement::allow(["ec2:CreateTags"], [volumes, snapshots.clone()]).with_condition_values(
            "StringEquals",
            "ec2:CreateAction",
            ["CreateVolume", "CreateSnapshot"],
        ),
        Statement::allow(["ec2:DeleteSnapshot"], [snapshots]).with_condition(
            "Null",
            "aws:ResourceTag/velero.io/backup",
            "false",
        ),
    ];
    with_bucket_statements(loc, ebs)
}

/// The EBS statements followed by the README's bucket statements and, with SSE-KMS, the key's:
/// the plugin sends the key with every upload (`kmsKeyId`), so S3 generates data keys with it
/// and decrypts them on download.
fn with_bucket_statements(loc: &S3Location, ebs: Vec<Statement>) -> PolicyDocument {
    let p = loc.partition;
    let mut statements = ebs;
    statements.extend([
        Statement::allow(
            [
                "s3:GetObject",
                "s3:DeleteObject",
                "s3:PutObject",
                "s3:PutObjectTagging",
                "s3:AbortMultipartUpload",
                "s3:ListMultipartUploadParts",
            ],
            [arn::bucket_objects(p, &loc.bucket)],
        ),
        Statement::allow(["s3:ListBucket"], [arn::bucket(p, &loc.bucket)]),
    ]);
    if let Some(key) = &loc.kms_key {
        statements.push(trust::kms_data_keys(key));
    }
    PolicyDocument::new(statements)
}

/// The IRSA trust: only `velero-server` of the release's namespace, with a token of this
/// cluster's issuer for the STS audience. Server, node-agent, the pods node-agent starts and
/// the repository maintenance jobs all run as that account.
pub(crate) fn irsa_trust_policy(s: &VeleroSetup, cluster: &OidcCluster) -> PolicyDocument {
    trust::irsa(s.location.partition, cluster, s.namespace.as_str(), SERVICE_ACCOUNT)
}

/// The EKS Pod Identity trust, limited by the session tags EKS sets to the association's
/// namespace and service account (Amazon EKS User Guide, "Define which pods can assume a
/// role with EKS Pod Identity session tags"), so that no other association can use it.
pub(crate) fn pod_identity_trust_policy(s: &VeleroSetup) -> PolicyDocument {
    PolicyDocument::new(vec![trust::pod_identity_statement()
        .with_condition(
            "StringEquals",
            "aws:RequestTag/kubernetes-namespace",
            s.namespace.as_str(),
        )
        .with_condition(
            "StringEquals",
            "aws:RequestTag/kubernetes-service-account",
            SERVICE_ACCOUNT,
        )])
}

fn aws(loc: &S3Location, service: &str, operation: &str) -> Command {
    aws::aws(&loc.region, service, operation)
}

/// The S3 endpoint of the bucket's region, for partitions other than `aws`: Velero's own
/// S3 client for file-system backups and the data mover builds `s3-<region>.amazonaws.com`
/// when the location has no `s3Url` (velero `pkg/repository/provider/unified_repo.go`,
/// `getStorageVariables`), which is not an endpoint of China, GovCloud or the ISO
/// partitions; the plugin takes `s3Url` as the endpoint of its own client.
fn s3_url(loc: &S3Location) -> Option<String> {
    (loc.partition != Partition::Aws).then(|| format!("https://s3.{}.{}", loc.region, loc.partition.dns_suffix()))
}

/// The BackupStorageLocation, the VolumeSnapshotLocation of the plugin's EBS snapshots and
/// the daily Schedule that backs every namespace up to them. The region is always written:
/// without it the plugin asks S3 for the bucket's region through `us-east-1`, which fails
/// outside the `aws` partition (velero-plugin-for-aws `object_store.go`, `Init`), and the
/// snapshotter refuses to start (`volume_snapshotter.go`, `Init`).
fn backup_objects(s: &VeleroSetup) -> Artifact {
    let loc = &s.location;
    let namespace = s.namespace.as_str();
    let mut object_storage = Map::new();
    object_storage.insert("bucket".into(), loc.bucket.as_str().into());
    if let Some(prefix) = &s.prefix {
        object_storage.insert("prefix".into(), prefix.as_str().into());
    }
    // Only keys the plugin accepts: any other makes the location `Unavailable` ("config has
    // invalid keys", `ValidateObjectStoreConfigKeys` in `object_store.go`).
    let mut config = Map::new();
    config.insert("region".into(), loc.region.as_str().into());
    if let Some(url) = s3_url(loc) {
        config.insert("s3Url".into(), url.into());
    }
    if let Some(key) = &loc.kms_key {
        // SSE-KMS with the key on every upload of the plugin (velero-plugin-for-aws
        // `backupstoragelocation.md`, `kmsKeyId`); the bucket's default encryption covers
        // what node-agent uploads, which does not pass the key.
        config.insert("kmsKeyId".into(), key.as_str().into());
    }
    let location = json!({
        "apiVersion": VELERO_API,
        "kind": "BackupStorageLocation",
        "metadata": {"name": LOCATION, "namespace": namespace},
        "spec": {
            "provider": PROVIDER,
            "default": true,
            "accessMode": "ReadWrite",
            "objectStorage": Value::Object(object_storage),
            "config": Value::Object(config),
        },
    });
    let snapshots = json!({
        "apiVersion": VELERO_API,
        "kind": "VolumeSnapshotLocation",
        "metadata": {"name": LOCATION, "namespace": namespace},
        "spec": {"provider": PROVIDER, "config": {"region": loc.region.as_str()}},
    });
    let schedule = json!({
        "apiVersion": VELERO_API,
        "kind": "Schedule",
        "metadata": {"name": SCHEDULE, "namespace": namespace},
        "spec": {
            "schedule": CRON,
            "template": {
                "includedNamespaces": ["*"],
                "storageLocation": LOCATION,
                "volumeSnapshotLocations": [LOCATION],
                "ttl": TTL,
            },
        },
    });
    Artifact::new(
        "backup-location",
        "BackupStorageLocation, VolumeSnapshotLocation and daily Schedule that turn backups on (kubectl apply after the chart)",
        ArtifactKind::KubernetesManifest,
        yaml::documents(&[location, snapshots, schedule]),
    )
}

/// The plugin's init container, which copies the plugin into the server's `plugins` volume,
/// as the chart's values show it (`initContainers`, commented example), as YAML text: the
/// chart renders `initContainers` given as text (`templates/deployment.yaml`: `tpl` when it
/// is a string), so the whole container is one `--set-string` value. (Its list form,
/// `initContainers[0].name=…`, is not in `interfaces/velero/chart.json`, which types the
/// key from `values.yaml`, where it is left empty.)
fn plugin_init_containers() -> String {
    let containers = json!([{
        "name": "velero-plugin-for-aws",
        "image": PLUGIN_IMAGE,
        "imagePullPolicy": "IfNotPresent",
        "volumeMounts": [{"mountPath": "/target", "name": "plugins"}],
    }]);
    yaml::document(&containers).trim_end().to_owned()
}

/// Escapes a value for Helm's `--set` syntax, where `,` separates assignments and `\` escapes
/// the next character. Role names may contain `,`.
fn helm_set_value(value: &str) -> String {
    value.replace('\\', r"\\").replace(',', r"\,")
}

/// How the chart value of the identity reaches Velero.
#[derive(Clone, Copy)]
enum ChartIdentity<'a> {
    /// `credentials.existingSecret`: the secret of the access key.
    Secret,
    /// `serviceAccount.server.annotations`: the IRSA role.
    RoleAnnotation(&'a str),
    /// No secret and no annotation: the pod identity association gives the role.
    PodIdentity,
}

/// The chart repository, then `helm upgrade --install` of the pinned chart with the plugin,
/// the service account the trust admits and the identity. Strings go through
/// `--set-string`, so that no value is read as a number or a boolean; booleans through
/// `--set`.
fn helm(s: &VeleroSetup, identity: ChartIdentity<'_>) -> Artifact {
    let namespace = s.namespace.as_str();
    let mut install = Command::new("helm")
        .args(["upgrade", "--install", RELEASE, HELM_CHART])
        .opt("--namespace", namespace)
        .opt("--version", CHART_VERSION)
        .opt("--set-string", format!("initContainers={}", plugin_init_containers()))
        .opt("--set-json", "configuration.backupStorageLocation=[]")
        .opt("--set-json", "configuration.volumeSnapshotLocation=[]")
        .opt("--set", "serviceAccount.server.create=true")
        .opt("--set-string", format!("serviceAccount.server.name={SERVICE_ACCOUNT}"));
    install = match identity {
        ChartIdentity::Secret => install.opt("--set", "credentials.useSecret=true").opt(
            "--set-string",
            format!("credentials.existingSecret={CREDENTIALS_SECRET}"),
        ),
        ChartIdentity::RoleAnnotation(role_arn) => install
            .opt("--set", "credentials.useSecret=false")
            .opt(
                "--set-string",
                format!(
                    "serviceAccount.server.annotations.{}={}",
                    ROLE_ARN_ANNOTATION.replace('.', r"\."),
                    helm_set_value(role_arn)
                ),
            )
            .opt("--set", format!("podSecurityContext.fsGroup={FS_GROUP}")),
        ChartIdentity::PodIdentity => install
            .opt("--set", "credentials.useSecret=false")
            .opt("--set", format!("podSecurityContext.fsGroup={FS_GROUP}")),
    };
    let install = install
        .opt("--set", format!("deployNodeAgent={}", s.node_agent))
        .flag("--create-namespace");
    let mut script = Script::new()
        .comment("Adds the repository of Velero's chart (a no-op when it is there) and reads its index.")
        .command(Command::new("helm").args(["repo", "add", HELM_REPO, HELM_REPO_URL]))
        .command(Command::new("helm").args(["repo", "update", HELM_REPO]))
        .blank()
        .comment("Installs Velero 1.18 (chart 12.1.0), or upgrades the release to it, with the AWS plugin\nv1.14.2 as an init container that copies the plugin into the server's plugins volume.\nThe chart renders initContainers given as YAML text, which keeps the container in one\nvalue. The chart creates no BackupStorageLocation or VolumeSnapshotLocation (empty lists):\nthe backup-location manifest does, after this. The server runs as service account\nvelero-server, which node-agent, the pods it starts and the maintenance jobs use too.");
    script = match identity {
        ChartIdentity::Secret => script.comment("The access key comes from the secret cloud-credentials (credentials-secret), whose file\nthe chart mounts and names in AWS_SHARED_CREDENTIALS_FILE."),
        ChartIdentity::RoleAnnotation(_) => script.comment("credentials.useSecret=false: a credentials file would come first in the AWS SDK's chain\nand the plugin would ignore the web identity. The role annotation is the key\nannotations.eks\\.amazonaws\\.com/role-arn (\\. keeps the dots in one key); fsGroup lets the\nnon-root server read the projected token, as the chart's values advise for IRSA."),
        ChartIdentity::PodIdentity => script.comment("credentials.useSecret=false: a credentials file would come first in the AWS SDK's chain.\nNo annotation: the pod identity association gives the role, which needs Velero 1.14 or\nlater and the plugin v1.10.0 or later (their AWS SDKs read Pod Identity credentials);\nthis pins Velero 1.18.1 and the plugin v1.14.2. fsGroup lets the non-root server read the\nprojected token."),
    };
    if s.node_agent {
        script = script.comment("deployNodeAgent=true: node-agent runs on every node for file-system backups of the\nvolumes a pod opts in (annotation backup.velero.io/backup-volumes).");
    }
    if let ChartIdentity::RoleAnnotation(role_arn) = identity {
        if role_arn.contains(',') {
            script = script.comment(
                "The `,` of the role name is written `\\,` because Helm's --set-string splits assignments at commas.",
            );
        }
    }
    Artifact::new(
        "helm",
        "Install Velero and the AWS plugin with the chart",
        ArtifactKind::Helm,
        script.command(install).render(),
    )
}

/// Waits for the server, checks that Velero reached the bucket, and says how to take a
/// backup. `restart` restarts the server and node-agent first: EKS gives a pod the role's
/// credentials only when the pod is created, and a release upgraded to the role keeps its
/// running pods.
fn verify(s: &VeleroSetup, restart: bool) -> Artifact {
    let namespace = s.namespace.as_str();
    let rollout = |action: &str, kind: &str, name: &str| {
        Command::new("kubectl")
            .args(["rollout", action, kind, name])
            .opt("--namespace", namespace)
    };
    let script = Script::new().comment("Run it once the backup-location manifest is applied (`kubectl apply -f`).");
    let mut script = if restart {
        let script = script.comment("Restarts the server, so that its pods start with the role's credentials: EKS gives them\nonly to pods created after the role was bound (pods that ran before never get them).");
        kubectl::restart_deployment(script, DEPLOYMENT, namespace)
    } else {
        script
            .comment("Waits until the server runs.")
            .command(rollout("status", "deployment", DEPLOYMENT))
    };
    if s.node_agent {
        if restart {
            script = script
                .comment("The same for node-agent, which uploads the file-system backups.")
                .command(rollout("restart", "daemonset", NODE_AGENT));
        }
        script = script.command(rollout("status", "daemonset", NODE_AGENT));
    }
    let script = script
        .blank()
        .comment("Waits until Velero has reached the bucket: the location's phase turns Available. When\nit does not, `kubectl get backupstoragelocation default -o yaml` shows why in\nstatus.message (a bucket whose top level holds other folders needs veleroPrefix).")
        .command(
            Command::new("kubectl")
                .args(["wait", "backupstoragelocation", LOCATION])
                .opt("--namespace", namespace)
                .opt("--for", "jsonpath={.status.phase}=Available")
                .opt("--timeout", "5m"),
        )
        .command(
            Command::new("kubectl")
                .args(["get", "backupstoragelocation", LOCATION])
                .opt("--namespace", namespace),
        )
        .command(
            Command::new("kubectl")
                .args(["get", "schedules.velero.io", SCHEDULE])
                .opt("--namespace", namespace),
        )
        .blank()
        .comment("With the velero CLI (its --namespace is the release's): `velero backup-location get`\nprints the location as Available, and a backup from the schedule, right now, shows that\nbackups work; it ends with \"Backup completed with status: Completed\":\n  velero backup create velero-test --from-schedule velero-daily --wait\n  velero backup describe velero-test --details\nDelete the test backup with `velero backup delete velero-test`.");
    Artifact::new(
        "verify",
        "Check that Velero runs and reaches the bucket, and take a test backup",
        ArtifactKind::Kubectl,
        script.render(),
    )
}

/// Stops the backups and removes Velero from the cluster. The bucket and the backups in it
/// stay; so do the CRDs (Helm never deletes a chart's `crds/`) and the namespace.
fn teardown_cluster(s: &VeleroSetup, secret: bool) -> Artifact {
    let namespace = s.namespace.as_str();
    let delete = |kind: &str, name: &str| {
        Command::new("kubectl")
            .args(["delete", kind, name])
            .opt("--namespace", namespace)
            .flag("--ignore-not-found")
    };
    let mut script = Script::new()
        .comment("Stops the backups, uninstalls Velero, then deletes the locations. The backups already in\nthe bucket stay there (`velero backup delete` before this would delete them and their\nEBS snapshots). The CRDs stay, as Helm leaves them, and so does the namespace with the\nBackup objects, which only describe what is in the bucket.")
        .command(delete("schedules.velero.io", SCHEDULE))
        .command(
            Command::new("helm")
                .args(["uninstall", RELEASE])
                .opt("--namespace", namespace),
        )
        .command(delete("backupstoragelocation", LOCATION))
        .command(delete("volumesnapshotlocation", LOCATION));
    if secret {
        script = script.command(delete("secret", CREDENTIALS_SECRET));
    }
    Artifact::new(
        "teardown-cluster",
        "Tear down: stop the backups and uninstall Velero",
        ArtifactKind::Kubectl,
        script.render(),
    )
}

/// Creates the bucket in its region unless it exists, with the setup's KMS key as its default
/// encryption, so that node-agent's uploads (which name no key) are encrypted with the key
/// the policy grants too.
fn ensure_bucket(script: Script, loc: &S3Location) -> Script {
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

/// The policy artifacts: the plugin's policy and its hardened alternative. `attached` and
/// `hardened_attached` are the titles of each as the policy the scripts use.
fn policy_pair(s: &VeleroSetup, attached: &'static str, hardened_attached: &'static str) -> PolicyPair {
    PolicyPair {
        documented: Artifact::new(
            "permission-policy",
            attached,
            ArtifactKind::PermissionPolicy,
            permission_policy(s).to_pretty_json() + "\n",
        ),
        hardened: Artifact::new(
            "permission-policy-hardened",
            "Hardened alternative: EBS changes limited to the region's volumes and Velero's snapshots (use it in the aws-cli step instead)",
            ArtifactKind::PermissionPolicy,
            hardened_permission_policy(s).to_pretty_json() + "\n",
        ),
        hardened_title: hardened_attached,
        documented_title: "Documented alternative: the plugin's README policy, EBS changes on every volume and snapshot (use it in the aws-cli step instead)",
    }
}

/// The managed policy's titles, documented and hardened, as the policy the scripts use.
const MANAGED: &str = "Permission policy (managed policy attached to the role)";
const MANAGED_HARDENED: &str = "Permission policy, hardened: EBS changes limited to the region's volumes and Velero's snapshots (managed policy attached to the role)";

/// What the script says of the managed policy it creates.
fn create_policy_comment(script: Script, policies: Policies) -> Script {
    script.comment(policy_comment(
        policies,
        "Creates the managed policy with the plugin's permissions.",
        "Creates the managed policy with the plugin's permissions, the EBS changes limited to the\nregion's volumes and Velero's snapshots (permission-policy-hardened).",
    ))
}

/// What the script says of the policy it creates.
fn policy_comment(policies: Policies, documented: &'static str, hardened: &'static str) -> &'static str {
    match policies {
        Policies::Documented => documented,
        Policies::Hardened => hardened,
    }
}

fn static_keys(s: &VeleroSetup, policies: Policies, user_name: &IamName, policy_name: &IamName) -> Vec<Artifact> {
    let loc = &s.location;
    let namespace = s.namespace.as_str();
    let pair = policy_pair(
        s,
        "Permission policy (inline policy of the IAM user)",
        "Permission policy, hardened: EBS changes limited to the region's volumes and Velero's snapshots (inline policy of the IAM user)",
    );
    let policy = pair.in_scripts(policies);
    let inputs = Script::new()
        .comment("Prints the account ID of the credentials in use: the account the user is created in.")
        .command(aws::caller_account(&loc.region));
    let script = Script::new()
        .comment(
            "Creates the IAM user whose access key Velero signs its requests with (the plugin's README,\nOption 1).",
        )
        .command(aws(loc, "iam", "create-user").opt("--user-name", user_name.as_str()))
        .blank()
        .comment(policy_comment(
            policies,
            "Puts the plugin's policy on the user, inline.",
            "Puts the plugin's policy on the user, inline, with the EBS changes limited to the region's\nvolumes and Velero's snapshots (permission-policy-hardened).",
        ))
        .assign("permission_policy", policy)
        .command(
            aws(loc, "iam", "put-user-policy")
                .opt("--user-name", user_name.as_str())
                .opt("--policy-name", policy_name.as_str())
                .opt("--policy-document", Arg::Var("permission_policy")),
        )
        .blank();
    let script = ensure_bucket(script, loc);

    // The AWS shared-credentials file of the plugin's README ("credentials-velero"), which the
    // chart's secret holds under the key `cloud`.
    let credentials_file = Command::new("jq")
        .args([
            Arg::from("-r"),
            r#""[default]\naws_access_key_id=\(.AccessKey.AccessKeyId)\naws_secret_access_key=\(.AccessKey.SecretAccessKey)""#.into(),
            aws::key_file(CREDENTIALS_FILE),
        ])
        .stdout_to(aws::key_file(CREDENTIALS_KEY));
    let secret = Script::new()
        .comment("Creates an access key of the user in a new directory only you can read, which is removed\nwith the key files when this block ends; should a later command fail, the key is deleted\nfrom IAM again, so no key stays active that no secret holds.");
    let secret = aws::create_access_key(secret, &loc.region, user_name)
        .blank()
        .comment("Writes the access key as the AWS credentials file the plugin reads (profile default), into\na file named after the secret's key, so that the secret key never appears on a command\nline.")
        .private(credentials_file)
        .blank()
        .comment("Creates the release's namespace unless it exists, and the secret the chart mounts for\nVelero (credentials.existingSecret).")
        .unless(
            Command::new("kubectl").args(["get", "namespace", namespace]),
            Command::new("kubectl").args(["create", "namespace", namespace]),
        )
        .command(
            Command::new("kubectl")
                .args(["create", "secret", "generic", CREDENTIALS_SECRET])
                .opt("--namespace", namespace)
                .opt("--from-file", aws::key_file(CREDENTIALS_KEY)),
        );

    let teardown = Script::new()
        .comment("Run it after teardown-cluster. Deletes the IAM user, in reverse order of its creation;\nIAM deletes a user only once its access keys and inline policies are gone. The bucket and\nits backups are kept: delete them yourself once nothing needs them (`aws s3 rb --force`).");
    let teardown = aws::delete_access_keys(teardown, &loc.region, user_name)
        .command(
            aws(loc, "iam", "delete-user-policy")
                .opt("--user-name", user_name.as_str())
                .opt("--policy-name", policy_name.as_str()),
        )
        .command(aws(loc, "iam", "delete-user").opt("--user-name", user_name.as_str()));

    let [permission, hardened] = pair.arrange(policies);
    vec![
        Artifact::new(
            "find-inputs",
            "Look up the account the user is created in",
            ArtifactKind::AwsCli,
            inputs.render(),
        ),
        permission,
        hardened,
        Artifact::new(
            "aws-cli",
            "Create the IAM user, its policy and the bucket",
            ArtifactKind::AwsCli,
            script.render(),
        ),
        Artifact::new(
            "credentials-secret",
            "Create an access key and store it in the secret the chart gives Velero",
            ArtifactKind::Kubectl,
            secret.render(),
        ),
        helm(s, ChartIdentity::Secret),
        backup_objects(s),
        verify(s, false),
        teardown_cluster(s, true),
        Artifact::new(
            "teardown",
            "Tear down: delete the access keys, the policy and the user",
            ArtifactKind::AwsCli,
            teardown.render(),
        ),
    ]
}

/// Creates the managed policy and the role with `trust`, attaches the policy, and creates
/// the bucket; `script` ends with the comment on the policy ([`create_policy_comment`]).
fn create_policy_and_role(
    script: Script,
    s: &VeleroSetup,
    account: &AccountId,
    role_name: &IamName,
    policy_name: &IamName,
    policy: &str,
    trust: &str,
) -> Script {
    let loc = &s.location;
    let policy_arn = arn::policy(loc.partition, account, policy_name);
    let script = script
        .assign("permission_policy", policy.to_owned())
        .command(
            aws(loc, "iam", "create-policy")
                .opt("--policy-name", policy_name.as_str())
                .opt("--policy-document", Arg::Var("permission_policy")),
        )
        .blank()
        .comment("Creates the role that velero-server assumes, and attaches the policy to it.")
        .assign("trust_policy", trust.to_owned())
        .command(
            aws(loc, "iam", "create-role")
                .opt("--role-name", role_name.as_str())
                .opt("--assume-role-policy-document", Arg::Var("trust_policy")),
        )
        .command(
            aws(loc, "iam", "attach-role-policy")
                .opt("--role-name", role_name.as_str())
                .opt("--policy-arn", policy_arn.as_str()),
        )
        .blank();
    ensure_bucket(script, loc)
}

/// Detaches and deletes the policy and the role, after `script`'s own first steps.
fn delete_role_and_policy(
    script: Script,
    s: &VeleroSetup,
    account: &AccountId,
    role_name: &IamName,
    policy_name: &IamName,
) -> Script {
    let loc = &s.location;
    let policy_arn = arn::policy(loc.partition, account, policy_name);
    script
        .comment("Detaches the policy, which IAM requires before the role or the policy can be deleted,\nthen deletes the role and the policy. The bucket and its backups stay.")
        .command(
            aws(loc, "iam", "detach-role-policy")
                .opt("--role-name", role_name.as_str())
                .opt("--policy-arn", policy_arn.as_str()),
        )
        .command(aws(loc, "iam", "delete-role").opt("--role-name", role_name.as_str()))
        .command(aws(loc, "iam", "delete-policy").opt("--policy-arn", policy_arn.as_str()))
}

fn irsa(
    s: &VeleroSetup,
    policies: Policies,
    cluster: &OidcCluster,
    role_name: &IamName,
    policy_name: &IamName,
) -> Vec<Artifact> {
    let loc = &s.location;
    let pair = policy_pair(s, MANAGED, MANAGED_HARDENED);
    let policy = pair.in_scripts(policies);
    let trust = irsa_trust_policy(s, cluster).to_pretty_json();
    let role_arn = arn::role(loc.partition, &cluster.account, role_name);

    let inputs = Script::new()
        .comment("Prints the account ID of the credentials in use: run it with the cluster account's.")
        .command(aws::caller_account(&loc.region))
        .blank()
        .comment("Prints the cluster's OIDC issuer URL.")
        .command(
            aws(loc, "eks", "describe-cluster")
                .opt("--name", cluster.name.as_str())
                .opt("--query", "cluster.identity.oidc.issuer")
                .opt("--output", "text"),
        );

    let script = Script::new().comment("Registers the cluster's OIDC issuer with IAM unless it is registered already: IAM\naccepts web identity tokens only from registered issuers (what `eksctl utils\nassociate-iam-oidc-provider --approve` does).");
    let script = aws::register_oidc_provider(script, loc.partition, &loc.region, cluster).blank();
    let script = create_policy_and_role(
        create_policy_comment(script, policies),
        s,
        &cluster.account,
        role_name,
        policy_name,
        &policy,
        &trust,
    );

    let teardown = Script::new().comment("Run it after teardown-cluster. The cluster's OIDC provider stays: other workloads of the\ncluster may trust it, and it may have been registered before this setup.");
    let teardown = delete_role_and_policy(teardown, s, &cluster.account, role_name, policy_name);

    let [permission, hardened] = pair.arrange(policies);
    vec![
        Artifact::new(
            "find-inputs",
            "Look up the account ID and the cluster's OIDC issuer",
            ArtifactKind::AwsCli,
            inputs.render(),
        ),
        permission,
        hardened,
        Artifact::new(
            "trust-policy",
            "Trust policy of the role (IRSA)",
            ArtifactKind::TrustPolicy,
            format!("{trust}\n"),
        ),
        Artifact::new(
            "aws-cli",
            "Register the OIDC issuer, create the policy, the role and the bucket",
            ArtifactKind::AwsCli,
            script.render(),
        ),
        helm(s, ChartIdentity::RoleAnnotation(&role_arn)),
        backup_objects(s),
        verify(s, true),
        teardown_cluster(s, false),
        Artifact::new(
            "teardown",
            "Tear down: delete the role and the policy",
            ArtifactKind::AwsCli,
            teardown.render(),
        ),
    ]
}

fn pod_identity(
    s: &VeleroSetup,
    policies: Policies,
    account: &AccountId,
    cluster_name: &ClusterName,
    role_name: &IamName,
    policy_name: &IamName,
) -> Vec<Artifact> {
    let loc = &s.location;
    let namespace = s.namespace.as_str();
    let pair = policy_pair(s, MANAGED, MANAGED_HARDENED);
    let policy = pair.in_scripts(policies);
    let trust = pod_identity_trust_policy(s).to_pretty_json();
    let role_arn = arn::role(loc.partition, account, role_name);
    let association = |operation: &str| {
        aws(loc, "eks", operation)
            .opt("--cluster-name", cluster_name.as_str())
            .opt("--namespace", namespace)
            .opt("--service-account", SERVICE_ACCOUNT)
    };

    let inputs = Script::new()
        .comment("Prints the account ID of the credentials in use: run it with the cluster account's.")
        .command(aws::caller_account(&loc.region))
        .blank()
        .comment("Prints ACTIVE when the cluster runs the EKS Pod Identity Agent add-on, without which\npod identity associations give pods no credentials; aws-cli installs it when missing.")
        .command(
            aws(loc, "eks", "describe-addon")
                .opt("--cluster-name", cluster_name.as_str())
                .opt("--addon-name", aws::POD_IDENTITY_AGENT)
                .opt("--query", "addon.status")
                .opt("--output", "text"),
        );

    let script = create_policy_and_role(
        create_policy_comment(Script::new(), policies),
        s,
        account,
        role_name,
        policy_name,
        &policy,
        &trust,
    )
    .blank();
    let script = aws::install_pod_identity_agent(script, |svc, op| aws(loc, svc, op), cluster_name.as_str());

    let associate = Script::new()
        .comment("Gives the role to velero-server, the service account of Velero's server, node-agent and\nthe pods they start. Pod Identity needs Velero 1.14 or later with the plugin v1.10.0 or\nlater; the chart step pins Velero 1.18.1 and the plugin v1.14.2. The service account need\nnot exist yet: the chart creates it.")
        .command(association("create-pod-identity-association").opt("--role-arn", role_arn.as_str()))
        .blank()
        .comment("Prints the association, which must name the role.")
        .command(association("list-pod-identity-associations"));

    // The look-up is an assignment of its own: inside an argument, a failed look-up would not
    // stop the script under `set -e`, and the delete would run with an empty ID.
    let teardown = Script::new()
        .comment("Run it after teardown-cluster. Deletes the association first, so that no pod receives the\nrole's credentials any more.")
        .assign(
            "association_id",
            Arg::output(
                association("list-pod-identity-associations")
                    .opt("--query", "associations[0].associationId")
                    .opt("--output", "text"),
            ),
        )
        .command(
            aws(loc, "eks", "delete-pod-identity-association")
                .opt("--cluster-name", cluster_name.as_str())
                .opt("--association-id", Arg::Var("association_id")),
        )
        .blank();
    let teardown = delete_role_and_policy(teardown, s, account, role_name, policy_name);

    let [permission, hardened] = pair.arrange(policies);
    vec![
        Artifact::new(
            "find-inputs",
            "Look up the account ID and the cluster's Pod Identity Agent",
            ArtifactKind::AwsCli,
            inputs.render(),
        ),
        permission,
        hardened,
        Artifact::new(
            "trust-policy",
            "Trust policy of the role (EKS Pod Identity)",
            ArtifactKind::TrustPolicy,
            format!("{trust}\n"),
        ),
        Artifact::new(
            "aws-cli",
            "Create the policy, the role and the bucket; install the Pod Identity Agent",
            ArtifactKind::AwsCli,
            script.render(),
        ),
        Artifact::new(
            "pod-identity-association",
            "Associate the role with velero-server",
            ArtifactKind::AwsCli,
            associate.render(),
        ),
        helm(s, ChartIdentity::PodIdentity),
        backup_objects(s),
        verify(s, true),
        teardown_cluster(s, false),
        Artifact::new(
            "teardown",
            "Tear down: delete the association, the role and the policy",
            ArtifactKind::AwsCli,
            teardown.render(),
        ),
    ]
}
