//! StackGres backups to S3 (StackGres documentation, "Backups on AWS S3"): static keys of an
//! IAM user, or IAM roles for service accounts.

use super::{IrsaSetup, StackGresAuth, StackGresSetup, StaticKeysSetup};
use crate::artifact::{Artifact, ArtifactKind};
use crate::generate::arn;
use crate::generate::aws::{self, aws, caller_account, make_bucket};
use crate::generate::irsa as irsa_steps;
use crate::generate::{trust, ROLE_ARN_ANNOTATION};
use crate::policy::{PolicyDocument, Statement};
use crate::setup::S3Location;
use crate::shell::{Arg, Command, Script};
use crate::yaml;
use serde_json::{json, Value};

/// The secret that holds the static keys, named as in the StackGres documentation.
const SECRET_NAME: &str = "s3-backup-secret";

/// The object storages, named as in the StackGres documentation.
const STATIC_KEYS_OBJECT_STORAGE: &str = "objectstorage";
const IRSA_OBJECT_STORAGE: &str = "s3-iam-storage";

/// The backup schedule of the StackGres documentation: daily at 05:00, seven kept.
const CRON_SCHEDULE: &str = "0 5 * * *";
const RETENTION: u32 = 7;

/// The restart that gives a running cluster's pods the role (see [`restart_cluster`]).
const RESTART_DBOPS: &str = "restart-for-backup-role";

/// `kubectl patch sgcluster NAME --type merge --patch PATCH`: StackGres's SGCluster is the
/// user's own object, so the setup changes the fields it needs and leaves the rest as it is.
/// A merge patch replaces a list whole: `spec.configurations.backups` becomes the one entry.
fn patch_cluster(s: &StackGresSetup, cluster: &str, patch: &Value) -> Command {
    Command::new("kubectl")
        .args(["patch", "sgcluster", cluster])
        .opt("--namespace", s.namespace.as_str())
        .opt("--type", "merge")
        .opt("--patch", patch.to_string())
}

/// The `spec.configurations.backups` entry that schedules the cluster's backups to `storage`.
fn backups(storage: &str) -> Value {
    json!([{"sgObjectStorage": storage, "cronSchedule": CRON_SCHEDULE, "retention": RETENTION}])
}

/// The bucket, and its default encryption with the setup's KMS key.
fn create_bucket(script: Script, loc: &S3Location) -> Script {
    let script = script
        .comment("Creates the bucket in its region (skip this when the bucket exists).")
        .command(make_bucket(loc));
    match aws::default_encryption(loc) {
        Some(encryption) => script
            .comment("Makes the KMS key the bucket's default encryption, so that every backup object is\nencrypted with the key the policy grants (an S3 Bucket Key cuts the KMS requests).")
            .command(encryption),
        None => script,
    }
}

pub fn generate(s: &StackGresSetup) -> Vec<Artifact> {
    match &s.auth {
        StackGresAuth::StaticKeys(keys) => static_keys(s, keys),
        StackGresAuth::Irsa(irsa) => irsa_artifacts(s, irsa),
    }
}

/// The bucket permissions StackGres needs: list and locate the bucket, and read, write and
/// delete its objects. Bucket-level actions go on the bucket ARN and object-level actions on
/// the objects ARN; pairing them the other way round grants nothing.
pub(crate) fn permission_policy(loc: &S3Location) -> PolicyDocument {
    let p = loc.partition;
    let mut statements = vec![
        Statement::allow(["s3:ListBucket", "s3:GetBucketLocation"], [arn::bucket(p, &loc.bucket)]),
        Statement::allow(
            ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
            [arn::bucket_objects(p, &loc.bucket)],
        ),
    ];
    if let Some(key) = &loc.kms_key {
        statements.push(trust::kms_data_keys(key));
    }
    PolicyDocument::new(statements)
}

fn static_keys(s: &StackGresSetup, keys: &StaticKeysSetup) -> Vec<Artifact> {
    let loc = &s.location;
    let policy = permission_policy(loc).to_pretty_json();
    let inputs = Script::new()
        .comment("Prints the account ID of the credentials in use: the account the user is created in.")
        .command(caller_account(&loc.region));
    let script = Script::new()
        .comment("Creates the IAM user whose access key StackGres signs its backup requests with.")
        .command(aws(&loc.region, "iam", "create-user").opt("--user-name", keys.user_name.as_str()))
        .blank()
        .comment("Grants the user access to this bucket alone, as an inline policy.")
        .assign("permission_policy", policy.clone())
        .command(
            aws(&loc.region, "iam", "put-user-policy")
                .opt("--user-name", keys.user_name.as_str())
                .opt("--policy-name", keys.policy_name.as_str())
                .opt("--policy-document", Arg::Var("permission_policy")),
        )
        .blank();
    let script = create_bucket(script, loc);
    let secret = aws::create_access_key_halves(&loc.region, &keys.user_name, "accessKeyId", "secretAccessKey")
        .blank()
        .comment("Stores it in the secret that the SGObjectStorage refers to, in the cluster's namespace.")
        .command(
            Command::new("kubectl")
                .args(["create", "secret", "generic", SECRET_NAME])
                .opt("--namespace", s.namespace.as_str())
                .opt("--from-file", aws::key_file("accessKeyId"))
                .opt("--from-file", aws::key_file("secretAccessKey")),
        );
    let cluster = keys.sg_cluster_name.as_str();
    let schedule = Script::new()
        .comment("Turns the backups on: schedules the SGCluster's backups to the object storage, daily at\n05:00 with seven kept, as the StackGres documentation does. Apply sgobjectstorage first.\nThe merge patch changes only these fields of your SGCluster; it replaces any backups\nlist the cluster had.")
        .command(patch_cluster(s, cluster, &json!({"spec": {"configurations": {"backups": backups(STATIC_KEYS_OBJECT_STORAGE)}}})));
    let teardown_cluster = Script::new()
        .comment("Stops the backups (the SGCluster's backups list goes), then deletes the object storage\nand the secret with the access key.")
        .command(patch_cluster(s, cluster, &json!({"spec": {"configurations": {"backups": null}}})))
        .command(
            Command::new("kubectl")
                .args(["delete", "sgobjectstorage", STATIC_KEYS_OBJECT_STORAGE])
                .opt("--namespace", s.namespace.as_str())
                .flag("--ignore-not-found"),
        )
        .command(
            Command::new("kubectl")
                .args(["delete", "secret", SECRET_NAME])
                .opt("--namespace", s.namespace.as_str())
                .flag("--ignore-not-found"),
        );
    let teardown = Script::new()
        .comment("Deletes the IAM user, in reverse order of its creation. The bucket and its backups are\nkept: delete them yourself once nothing needs them (`aws s3 rb --force`).")
        .comment("IAM deletes a user only once its access keys and inline policies are gone.");
    let teardown = aws::delete_access_keys(teardown, &loc.region, &keys.user_name)
        .command(
            aws(&loc.region, "iam", "delete-user-policy")
                .opt("--user-name", keys.user_name.as_str())
                .opt("--policy-name", keys.policy_name.as_str()),
        )
        .command(aws(&loc.region, "iam", "delete-user").opt("--user-name", keys.user_name.as_str()));
    let credentials = json!({
        "secretKeySelectors": {
            "accessKeyId": {"name": SECRET_NAME, "key": "accessKeyId"},
            "secretAccessKey": {"name": SECRET_NAME, "key": "secretAccessKey"},
        }
    });
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
        Artifact::new(
            "sgobjectstorage",
            "SGObjectStorage that uses the access key",
            ArtifactKind::KubernetesManifest,
            yaml::document(&object_storage(STATIC_KEYS_OBJECT_STORAGE, s, credentials)),
        ),
        Artifact::new(
            "sgcluster-backups",
            "Schedule the SGCluster's backups to the object storage",
            ArtifactKind::Kubectl,
            schedule.render(),
        ),
        Artifact::new(
            "teardown-cluster",
            "Tear down: stop the backups, delete the object storage and the secret",
            ArtifactKind::Kubectl,
            teardown_cluster.render(),
        ),
        Artifact::new(
            "teardown",
            "Tear down: delete the access keys, the policy and the user",
            ArtifactKind::AwsCli,
            teardown.render(),
        ),
    ]
}

/// The `SGObjectStorage` manifest. The region is always written: it spares StackGres a
/// `GetBucketLocation` call and is required outside the commercial partition.
fn object_storage(name: &str, s: &StackGresSetup, credentials: Value) -> Value {
    let mut s3 = serde_json::Map::new();
    s3.insert("bucket".into(), s.location.bucket.as_str().into());
    s3.insert("region".into(), s.location.region.as_str().into());
    if let Some(class) = &s.storage_class {
        s3.insert("storageClass".into(), class.as_str().into());
    }
    s3.insert("awsCredentials".into(), credentials);
    json!({
        "apiVersion": "stackgres.io/v1beta1",
        "kind": "SGObjectStorage",
        "metadata": {"name": name, "namespace": s.namespace.as_str()},
        "spec": {"type": "s3", "s3": Value::Object(s3)},
    })
}

/// The IRSA trust: only the named service account of this cluster's issuer, with the STS
/// audience, may assume the role.
pub(crate) fn irsa_trust_policy(s: &StackGresSetup, irsa: &IrsaSetup) -> PolicyDocument {
    trust::irsa(
        s.location.partition,
        &irsa.cluster,
        s.namespace.as_str(),
        irsa.service_account.as_str(),
    )
}

fn irsa_artifacts(s: &StackGresSetup, irsa: &IrsaSetup) -> Vec<Artifact> {
    let loc = &s.location;
    let p = loc.partition;
    let policy = permission_policy(loc).to_pretty_json();
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
    let script = create_bucket(script, loc);

    let role = irsa_steps::create_role(
        p,
        &loc.region,
        &irsa.cluster,
        &irsa.role_name,
        &trust,
        &policy_arn,
        "Creates the role that the service account assumes with its web identity token.",
    );

    let eksctl = irsa_steps::eksctl_role_only(
        &loc.region,
        &irsa.cluster,
        s.namespace.as_str(),
        irsa.service_account.as_str(),
        &irsa.role_name,
        &policy_arn,
        "... then creates the role with the same trust and attaches the policy created by the AWS\nCLI step. --role-only leaves the service account alone: StackGres owns it and puts the role\non it from the SGCluster (sgcluster-patch).",
    );

    let cluster = irsa.sg_cluster_name.as_str();
    let patch = json!({
        "spec": {
            "metadata": {"annotations": {"serviceAccount": {ROLE_ARN_ANNOTATION: role_arn}}},
            "configurations": {"backups": backups(IRSA_OBJECT_STORAGE)},
        },
    });
    let cluster_patch = Script::new()
        .comment("Puts the role on the service account the cluster's pods run as, and turns the backups on.\nStackGres copies spec.metadata.annotations.serviceAccount onto the account it creates for\nthe cluster, so the annotation survives the operator's reconciliation; backups go to the\nobject storage daily at 05:00 with seven kept. Apply sgobjectstorage first. The merge\npatch changes only these fields of your SGCluster; it replaces any backups list it had.")
        .command(patch_cluster(s, cluster, &patch));

    let teardown_cluster = Script::new()
        .comment("Stops the backups and removes the role from the cluster's service account (null deletes\na field in a merge patch), then deletes the object storage.")
        .command(patch_cluster(
            s,
            cluster,
            &json!({
                "spec": {
                    "metadata": {"annotations": {"serviceAccount": {ROLE_ARN_ANNOTATION: null}}},
                    "configurations": {"backups": null},
                },
            }),
        ))
        .command(
            Command::new("kubectl")
                .args(["delete", "sgobjectstorage", IRSA_OBJECT_STORAGE])
                .opt("--namespace", s.namespace.as_str())
                .flag("--ignore-not-found"),
        );
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
        .comment("When eksctl created the role: deletes its CloudFormation stack, which holds the role (the\nservice account is StackGres's and stays). Run it instead of the detach-role-policy and\ndelete-role steps of the teardown, then run its delete-policy step.")
        .command(
            Command::new("eksctl")
                .args(["delete", "iamserviceaccount"])
                .opt("--name", irsa.service_account.as_str())
                .opt("--namespace", s.namespace.as_str())
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
        Artifact::new(
            "sgobjectstorage",
            "SGObjectStorage that uses the role",
            ArtifactKind::KubernetesManifest,
            yaml::document(&object_storage(IRSA_OBJECT_STORAGE, s, json!({"useIAMRole": true}))),
        ),
        Artifact::new(
            "sgcluster-patch",
            "Give the cluster's service account the role and schedule its backups",
            ArtifactKind::Kubectl,
            cluster_patch.render(),
        ),
        restart_cluster(s, cluster),
        Artifact::new(
            "teardown-cluster",
            "Tear down: stop the backups, remove the role and the object storage",
            ArtifactKind::Kubectl,
            teardown_cluster.render(),
        ),
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

/// The SGDbOps that restarts a cluster that ran before the patch: EKS mounts the role's web
/// identity token only into pods created after their service account has the annotation,
/// and WAL archiving and backups run in the cluster's own pods. `ReducedImpact` adds a
/// replica first, so that the cluster stays available. A cluster created after the patch
/// needs no restart.
fn restart_cluster(s: &StackGresSetup, cluster: &str) -> Artifact {
    let dbops = json!({
        "apiVersion": "stackgres.io/v1",
        "kind": "SGDbOps",
        "metadata": {"name": RESTART_DBOPS, "namespace": s.namespace.as_str()},
        "spec": {
            "sgCluster": cluster,
            "op": "restart",
            "restart": {"method": "ReducedImpact"},
        },
    });
    Artifact::new(
        "sgdbops-restart",
        "Restart a running cluster so that its pods get the role",
        ArtifactKind::KubernetesManifest,
        yaml::document(&dbops),
    )
}
