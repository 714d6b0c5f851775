//! StackGres backups to S3 (StackGres documentation, "Backups on AWS S3"): static keys of an
//! IAM user, or IAM roles for service accounts.

use super::aws::{self, aws, caller_account, make_bucket, CREDENTIALS_FILE};
use super::trust;
use super::{Artifact, ArtifactKind};
use crate::arn;
use crate::policy::{PolicyDocument, Statement};
use crate::setup::{IrsaSetup, S3Location, StackGresAuth, StackGresSetup, StaticKeysSetup};
use crate::shell::{Arg, Command, Script};
use crate::yaml;
use serde_json::{json, Value};

/// The secret that holds the static keys, named as in the StackGres documentation.
const SECRET_NAME: &str = "s3-backup-secret";

/// The object storage of the IRSA setup, named as in the StackGres documentation.
const IRSA_OBJECT_STORAGE: &str = "s3-iam-storage";

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
        .blank()
        .comment("Creates the access key into credentials.json, readable by its owner alone: it holds\nthe secret key until the Kubernetes secret exists. An existing credentials.json stops the\nscript instead of being overwritten: move it away first.")
        .private(aws::create_access_key(&loc.region, &keys.user_name))
        .blank()
        .comment("Creates the bucket in its region (skip this when the bucket exists).")
        .command(make_bucket(loc));
    let jq = |path: &str, file: &str| Command::new("jq").args(["-j", path, CREDENTIALS_FILE]).stdout_to(file);
    let secret = Script::new()
        .comment("Copies each half of the access key into a new file of its own, readable by you alone and\nnamed after the secret's key, so that the secret key never appears on a command line.")
        .private(jq(".AccessKey.AccessKeyId", "accessKeyId"))
        .private(jq(".AccessKey.SecretAccessKey", "secretAccessKey"))
        .blank()
        .comment("Stores it in the secret that the SGObjectStorage refers to, in the cluster's namespace.")
        .command(
            Command::new("kubectl")
                .args(["create", "secret", "generic", SECRET_NAME])
                .opt("--namespace", s.namespace.as_str())
                .opt("--from-file", "accessKeyId")
                .opt("--from-file", "secretAccessKey"),
        )
        .blank()
        .comment("The secret holds the key now: remove every copy of it from this machine. (Should kubectl\nfail, the script stops here: remove the three files yourself once you are done.)")
        .command(Command::new("rm").args(["-f", "accessKeyId", "secretAccessKey", CREDENTIALS_FILE]));
    let teardown_cluster = Script::new()
        .comment("Deletes the object storage and the secret with the access key.")
        .command(
            Command::new("kubectl")
                .args(["delete", "sgobjectstorage", "objectstorage"])
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
            "Create the IAM user, its policy, an access key and the bucket",
            ArtifactKind::AwsCli,
            script.render(),
        ),
        Artifact::new(
            "credentials-secret",
            "Store the access key in a Kubernetes secret",
            ArtifactKind::Kubectl,
            secret.render(),
        ),
        Artifact::new(
            "sgobjectstorage",
            "SGObjectStorage that uses the access key",
            ArtifactKind::KubernetesManifest,
            yaml::document(&object_storage("objectstorage", s, credentials)),
        ),
        Artifact::new(
            "teardown-cluster",
            "Tear down: delete the object storage and the secret",
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

    let inputs = Script::new()
        .comment("Prints the account ID of the credentials in use: run it with the cluster account's.")
        .command(caller_account(&loc.region))
        .blank()
        .comment("Prints the cluster's OIDC issuer URL.")
        .command(
            aws(&loc.region, "eks", "describe-cluster")
                .opt("--name", irsa.cluster.name.as_str())
                .opt("--query", "cluster.identity.oidc.issuer")
                .opt("--output", "text"),
        )
        .blank()
        .comment("Lists the OIDC providers IAM knows; the role step below registers the issuer if needed.")
        .command(aws(&loc.region, "iam", "list-open-id-connect-providers"));

    let script = Script::new()
        .comment("Creates the managed policy with the bucket permissions.")
        .assign("permission_policy", policy.clone())
        .command(
            aws(&loc.region, "iam", "create-policy")
                .opt("--policy-name", irsa.policy_name.as_str())
                .opt("--policy-document", Arg::Var("permission_policy")),
        )
        .blank()
        .comment("Creates the bucket in its region (skip this when the bucket exists).")
        .command(make_bucket(loc));

    let role = Script::new()
        .comment("Registers the cluster's OIDC issuer with IAM, unless it is registered already: IAM\ntrusts the issuer's tokens only through this provider. The audience is STS's.");
    let role = aws::register_oidc_provider(role, p, &loc.region, &irsa.cluster)
        .blank()
        .comment("Creates the role that the service account assumes with its web identity token.")
        .assign("trust_policy", trust.clone())
        .command(
            aws(&loc.region, "iam", "create-role")
                .opt("--role-name", irsa.role_name.as_str())
                .opt("--assume-role-policy-document", Arg::Var("trust_policy")),
        )
        .command(
            aws(&loc.region, "iam", "attach-role-policy")
                .opt("--role-name", irsa.role_name.as_str())
                .opt("--policy-arn", policy_arn.as_str()),
        );

    let eksctl = Script::new()
        .comment("Instead of the AWS CLI role step: registers the cluster's OIDC issuer with IAM (once per\ncluster, harmless when done) ...")
        .command(
            Command::new("eksctl")
                .args(["utils", "associate-iam-oidc-provider"])
                .opt("--cluster", irsa.cluster.name.as_str())
                .opt("--region", loc.region.as_str())
                .flag("--approve"),
        )
        .blank()
        .comment("... then creates the role with the same trust, attaches the policy created by the AWS CLI\nstep and annotates the service account, which StackGres may have created already.")
        .command(
            Command::new("eksctl")
                .args(["create", "iamserviceaccount"])
                .opt("--name", irsa.service_account.as_str())
                .opt("--namespace", s.namespace.as_str())
                .opt("--cluster", irsa.cluster.name.as_str())
                .opt("--region", loc.region.as_str())
                .opt("--role-name", irsa.role_name.as_str())
                .opt("--attach-policy-arn", policy_arn.as_str())
                .flag("--override-existing-serviceaccounts")
                .flag("--approve"),
        );

    let service_account = Script::new()
        .comment("Points the service account the cluster's pods run as at the role. StackGres creates it\nwith the SGCluster, so apply the SGCluster first. EKS injects credentials only into pods\nstarted after the annotation: restart the cluster's pods (StackGres: an SGDbOps restart).")
        .command(
            Command::new("kubectl")
                .args(["annotate", "serviceaccount", irsa.service_account.as_str()])
                .opt("--namespace", s.namespace.as_str())
                .args([format!("eks.amazonaws.com/role-arn={role_arn}")])
                .flag("--overwrite"),
        );

    let cluster = json!({
        "apiVersion": "stackgres.io/v1",
        "kind": "SGCluster",
        "metadata": {"name": irsa.sg_cluster_name.as_str(), "namespace": s.namespace.as_str()},
        "spec": {
            "metadata": {"annotations": {"clusterPods": {"eks.amazonaws.com/role-arn": role_arn}}},
            "configurations": {
                "backups": [{"sgObjectStorage": IRSA_OBJECT_STORAGE, "cronSchedule": "0 5 * * *", "retention": 7}],
            },
        },
    });

    let teardown_cluster = Script::new()
        .comment("Removes the role from the service account and deletes the object storage.")
        .command(
            Command::new("kubectl")
                .args(["annotate", "serviceaccount", irsa.service_account.as_str()])
                .opt("--namespace", s.namespace.as_str())
                .args(["eks.amazonaws.com/role-arn-"]),
        )
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
        .comment("When eksctl created the role: deletes its CloudFormation stack, which holds the role, and\nthe role's annotation. Run it instead of the detach-role-policy and delete-role steps of the\nteardown, then run its delete-policy step.")
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
            "Or let eksctl create the role and annotate the service account",
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
            "sgcluster",
            "SGCluster fields that annotate the pods and schedule backups",
            ArtifactKind::KubernetesManifest,
            yaml::document(&cluster),
        ),
        Artifact::new(
            "service-account",
            "Annotate the cluster's service account with the role",
            ArtifactKind::Kubectl,
            service_account.render(),
        ),
        Artifact::new(
            "teardown-cluster",
            "Tear down: remove the annotation and the object storage",
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
