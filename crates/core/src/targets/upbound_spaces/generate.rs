//! Upbound Spaces backups to S3 (Upbound documentation, "Workload-identity for Backup and
//! Restore"): mxp-controller, which Spaces runs in each control plane's host namespace, reaches
//! the bucket with IAM roles for service accounts or with EKS Pod Identity.

use super::{UpboundSpacesAuth, UpboundSpacesSetup};
use crate::artifact::{Artifact, ArtifactKind};
use crate::generate::arn;
use crate::generate::{aws, kubectl, trust};
use crate::policy::{PolicyDocument, Statement};
use crate::setup::value::{AccountId, ClusterName};
use crate::setup::{OidcCluster, S3Location};
use crate::shell::{Arg, Command, Script};
use crate::yaml;
use serde_json::json;

/// The deployment of the backup and restore component, named as its service account.
const MXP_CONTROLLER: &str = super::BACKUP_SERVICE_ACCOUNT;

/// The Helm release, chart and namespace of Spaces, as Upbound's installation guide has them
/// (the backup guide's `spaces-helm-chart` stands for this chart reference).
const HELM_RELEASE: &str = "spaces";
const HELM_CHART: &str = "oci://xpkg.upbound.io/spaces-artifacts/spaces";
const HELM_NAMESPACE: &str = "upbound-system";

/// The Spaces chart value that becomes the role annotation of mxp-controller's service
/// account, in Helm's `--set` syntax: `\.` keeps the dots of `eks.amazonaws.com` inside one key.
const ROLE_ARN_VALUE_KEY: &str = r"controlPlanes.mxpController.serviceAccount.annotations.eks\.amazonaws\.com/role-arn";

/// The objects that turn backups on, in the control plane group's namespace (Upbound
/// documentation, "Backup and restore"): the configuration names the bucket, the schedule
/// runs backups of the listed control planes with it. Chart values play no part.
const BACKUP_CONFIG: &str = "s3-backups";
const BACKUP_SCHEDULE: &str = "daily-s3-backups";
const SPACES_API: &str = "spaces.upbound.io/v1alpha1";

pub fn generate(s: &UpboundSpacesSetup) -> Vec<Artifact> {
    match &s.auth {
        UpboundSpacesAuth::Irsa(cluster) => irsa(s, cluster),
        UpboundSpacesAuth::PodIdentity { account, cluster_name } => pod_identity(s, account, cluster_name),
    }
}

/// The bucket permissions of the Upbound guide: list the bucket, and read, write and delete
/// its objects. The guide lists all four actions on both the bucket and its objects; only
/// `s3:ListBucket` on the bucket and the object actions on the objects grant anything, so
/// each goes on its own resource here, which grants exactly the same.
pub(crate) fn permission_policy(loc: &S3Location) -> PolicyDocument {
    let p = loc.partition;
    let mut statements = vec![
        Statement::allow(["s3:ListBucket"], [arn::bucket(p, &loc.bucket)]),
        Statement::allow(
            ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            [arn::bucket_objects(p, &loc.bucket)],
        ),
    ];
    if let Some(key) = &loc.kms_key {
        statements.push(trust::kms_data_keys(key));
    }
    PolicyDocument::new(statements)
}

/// The IRSA trust of the Upbound guide ("the namespace for each provisioned control plane"):
/// only the mxp-controller of each listed control plane's host namespace, with a token of this
/// cluster's issuer for the STS audience, may assume the role.
pub(crate) fn irsa_trust_policy(s: &UpboundSpacesSetup, cluster: &OidcCluster) -> PolicyDocument {
    trust::irsa_in_namespaces(s.location.partition, cluster, &s.host_namespaces, MXP_CONTROLLER)
}

/// The EKS Pod Identity trust, which the Upbound guide leaves to AWS's documentation.
pub(crate) fn pod_identity_trust_policy() -> PolicyDocument {
    trust::pod_identity()
}

fn aws(loc: &S3Location, service: &str, operation: &str) -> Command {
    aws::aws(&loc.region, service, operation)
}

/// Escapes a value for Helm's `--set` syntax, where `,` separates assignments and `\` escapes
/// the next character. Role names may contain `,`.
fn helm_set_value(value: &str) -> String {
    value.replace('\\', r"\\").replace(',', r"\,")
}

/// Reads the chart version Spaces runs, so that the upgrade changes values, never the version.
fn installed_spaces_version(script: Script) -> Script {
    script
        .comment("Reads the version of Spaces that runs now: the upgrade below keeps it and every value\nSpaces was installed with (--reuse-values), and only adds the ones given here.")
        .assign(
            "spaces_version",
            Arg::Pipeline(vec![
                Command::new("helm")
                    .args(["get", "metadata", HELM_RELEASE])
                    .opt("--namespace", HELM_NAMESPACE)
                    .opt("--output", "json"),
                Command::new("jq").args(["-r", ".version"]),
            ]),
        )
}

fn helm_upgrade() -> Command {
    Command::new("helm")
        .args(["upgrade", HELM_RELEASE, HELM_CHART])
        .opt("--namespace", HELM_NAMESPACE)
        .opt("--version", Arg::Var("spaces_version"))
        .flag("--reuse-values")
}

/// The lines of `find-inputs` both scenarios share: the account and the cluster's name.
fn find_account_and_cluster(loc: &S3Location) -> Script {
    Script::new()
        .comment("Prints the account ID of the credentials in use: run it with the cluster account's.")
        .command(aws::caller_account(&loc.region))
        .blank()
        .comment("Lists the EKS clusters of the region; the Space runs on one of them.")
        .command(aws(loc, "eks", "list-clusters").opt("--output", "text"))
}

/// The comment that says where the control planes and their host namespaces come from. It is
/// a comment because `find-inputs` runs only AWS CLI commands.
const NAMESPACE_HINT: &str = "With kubectl pointed at the Space's cluster, this lists the group's control planes with\ntheir IDs; a control plane's host namespace, where Spaces runs its mxp-controller, is\nmxp-<ID>-system:\nkubectl get controlplanes --namespace <group> --output custom-columns=NAME:.metadata.name,ID:.status.controlPlaneID";

/// Creates the managed policy and the role with `trust`, and attaches the policy.
fn create_policy_and_role(
    script: Script,
    s: &UpboundSpacesSetup,
    account: &AccountId,
    policy: &str,
    trust: &str,
) -> Script {
    let loc = &s.location;
    let policy_arn = arn::policy(loc.partition, account, &s.policy_name);
    let script = script
        .comment("Creates the managed policy with the bucket permissions. The Upbound guide lists all\nfour actions on both the bucket and its objects; only s3:ListBucket on the bucket and the\nobject actions on the objects grant anything, so each is paired with its own resource.")
        .assign("permission_policy", policy.to_owned())
        .command(
            aws(loc, "iam", "create-policy")
                .opt("--policy-name", s.policy_name.as_str())
                .opt("--policy-document", Arg::Var("permission_policy")),
        )
        .blank()
        .comment("Creates the role that mxp-controller assumes, and attaches the policy to it.")
        .assign("trust_policy", trust.to_owned())
        .command(
            aws(loc, "iam", "create-role")
                .opt("--role-name", s.role_name.as_str())
                .opt("--assume-role-policy-document", Arg::Var("trust_policy")),
        )
        .command(
            aws(loc, "iam", "attach-role-policy")
                .opt("--role-name", s.role_name.as_str())
                .opt("--policy-arn", policy_arn.as_str()),
        )
        .blank()
        .comment("Creates the bucket in its region unless it exists.");
    let script = aws::ensure_bucket(script, loc);
    match aws::default_encryption(loc) {
        Some(encryption) => script
            .comment("Makes the KMS key the bucket's default encryption, so that every backup object is\nencrypted with the key the policy grants (an S3 Bucket Key cuts the KMS requests).")
            .command(encryption),
        None => script,
    }
}

/// Detaches and deletes the policy and the role, after `script`'s own first steps.
fn delete_role_and_policy(script: Script, s: &UpboundSpacesSetup, account: &AccountId) -> Script {
    let loc = &s.location;
    let policy_arn = arn::policy(loc.partition, account, &s.policy_name);
    script
        .comment("Detaches the policy, which IAM requires before the role or the policy can be deleted,\nthen deletes the role and the policy.")
        .command(
            aws(loc, "iam", "detach-role-policy")
                .opt("--role-name", s.role_name.as_str())
                .opt("--policy-arn", policy_arn.as_str()),
        )
        .command(aws(loc, "iam", "delete-role").opt("--role-name", s.role_name.as_str()))
        .command(aws(loc, "iam", "delete-policy").opt("--policy-arn", policy_arn.as_str()))
}

/// Restarts every listed control plane's mxp-controller: EKS gives a pod the role's
/// credentials only when the pod is created. The Upbound guide's restart has no --namespace,
/// so it would look in the default namespace instead of the control plane's.
fn restart_mxp_controllers(mut script: Script, s: &UpboundSpacesSetup) -> Script {
    for namespace in &s.host_namespaces {
        script = kubectl::restart_deployment(script, MXP_CONTROLLER, namespace.as_str());
    }
    script
}

/// The SharedBackupConfig (bucket, region, and the pod's own AWS identity) and the
/// SharedBackupSchedule that backs the listed control planes up with it every day.
fn backup_objects(s: &UpboundSpacesSetup) -> Artifact {
    let loc = &s.location;
    let config = json!({
        "apiVersion": SPACES_API,
        "kind": "SharedBackupConfig",
        "metadata": {"name": BACKUP_CONFIG, "namespace": s.group.as_str()},
        "spec": {
            "objectStorage": {
                "provider": "AWS",
                "bucket": loc.bucket.as_str(),
                // The config is Thanos objstore's S3 configuration, which wants the endpoint as
                // well as the region; both are the bucket region's, in the setup's partition.
                "config": {
                    "endpoint": format!("s3.{}.{}", loc.region, loc.partition.dns_suffix()),
                    "region": loc.region.as_str(),
                },
                // mxp-controller's own AWS identity (IRSA or Pod Identity), no secret.
                "credentials": {"source": "InjectedIdentity"},
            },
        },
    });
    let names: Vec<&str> = s.control_planes.iter().map(|c| c.as_str()).collect();
    let schedule = json!({
        "apiVersion": SPACES_API,
        "kind": "SharedBackupSchedule",
        "metadata": {"name": BACKUP_SCHEDULE, "namespace": s.group.as_str()},
        "spec": {
            "schedule": "@daily",
            "configRef": {"kind": "SharedBackupConfig", "name": BACKUP_CONFIG},
            "controlPlaneSelector": {"names": names},
        },
    });
    Artifact::new(
        "shared-backup",
        "SharedBackupConfig and SharedBackupSchedule that turn backups on (apply in the group's namespace)",
        ArtifactKind::KubernetesManifest,
        yaml::documents(&[config, schedule]),
    )
}

/// Checks the backup objects and deletes them, for the teardowns.
fn delete_backup_objects(s: &UpboundSpacesSetup) -> Artifact {
    let delete = |kind: &str, name: &str| {
        Command::new("kubectl")
            .args(["delete", kind, name])
            .opt("--namespace", s.group.as_str())
            .flag("--ignore-not-found")
    };
    let script = Script::new()
        .comment("Stops the backups: deletes the schedule, then the configuration. Backups already in the\nbucket stay there.")
        .command(delete("sharedbackupschedule", BACKUP_SCHEDULE))
        .command(delete("sharedbackupconfig", BACKUP_CONFIG));
    Artifact::new(
        "teardown-cluster",
        "Tear down: delete the backup schedule and configuration",
        ArtifactKind::Kubectl,
        script.render(),
    )
}

/// Prints what the backup objects say and restarts mxp-controller, for the verify steps.
fn check_backup_objects(script: Script, s: &UpboundSpacesSetup) -> Script {
    script
        .comment("Prints the backup configuration (its bucket and AWS as provider) and the schedule.")
        .command(
            Command::new("kubectl")
                .args(["get", "sharedbackupconfig", BACKUP_CONFIG])
                .opt("--namespace", s.group.as_str()),
        )
        .command(
            Command::new("kubectl")
                .args(["get", "sharedbackupschedule", BACKUP_SCHEDULE])
                .opt("--namespace", s.group.as_str()),
        )
}

fn policy_artifacts(policy: &str, trust: &str, trust_title: &'static str) -> [Artifact; 2] {
    [
        Artifact::new(
            "permission-policy",
            "Permission policy (managed policy attached to the role)",
            ArtifactKind::PermissionPolicy,
            format!("{policy}\n"),
        ),
        Artifact::new(
            "trust-policy",
            trust_title,
            ArtifactKind::TrustPolicy,
            format!("{trust}\n"),
        ),
    ]
}

fn irsa(s: &UpboundSpacesSetup, cluster: &OidcCluster) -> Vec<Artifact> {
    let loc = &s.location;
    let policy = permission_policy(loc).to_pretty_json();
    let trust = irsa_trust_policy(s, cluster).to_pretty_json();
    let role_arn = arn::role(loc.partition, &cluster.account, &s.role_name);

    let inputs = find_account_and_cluster(loc)
        .blank()
        .comment("Prints the cluster's OIDC issuer URL.")
        .command(
            aws(loc, "eks", "describe-cluster")
                .opt("--name", cluster.name.as_str())
                .opt("--query", "cluster.identity.oidc.issuer")
                .opt("--output", "text"),
        )
        .blank()
        .comment(NAMESPACE_HINT);

    let script = Script::new()
        .comment("Registers the cluster's OIDC issuer with IAM unless it is registered already: IAM\naccepts web identity tokens only from registered issuers. The Upbound guide does this\nwith `eksctl utils associate-iam-oidc-provider --approve`; this is the same with the AWS CLI.");
    let script = aws::register_oidc_provider(script, loc.partition, &loc.region, cluster)
        .blank()
        .comment("The trust lets in the mxp-controller of each listed control plane's host namespace: Spaces\nruns one per control plane. A control plane added later needs its namespace added to the\nsub condition (controlPlaneNamespaces), and the role updated with update-assume-role-policy.")
        .blank();
    let script = create_policy_and_role(script, s, &cluster.account, &policy, &trust);

    let mut helm = Script::new()
        .comment("Puts the role's ARN on mxp-controller's service account, through the Spaces chart. The\nUpbound guide writes the key as annotations.\"eks\\.amazonaws\\.com/role-arn\" and its shell\nremoves the double quotes; Helm's --set has no quoting, so quotes that reached it would become\npart of the annotation's name. Here the key reaches Helm as annotations.eks\\.amazonaws\\.com/role-arn.")
        .comment("The chart is in Upbound's OCI registry, which needs a login first, with the token.json of\nyour Spaces license (Upbound's installation guide):\njq -r .token token.json | helm registry login xpkg.upbound.io -u \"$(jq -r .accessId token.json)\" --password-stdin")
        .blank();
    helm = installed_spaces_version(helm);
    if s.role_name.as_str().contains(',') {
        helm = helm.comment(
            "The `,` of the role name is written `\\,` because Helm's --set-string splits assignments at commas.",
        );
    }
    // --set-string: the value is a string whatever it looks like, never a number or a boolean.
    let helm = helm.command(helm_upgrade().opt(
        "--set-string",
        format!("{ROLE_ARN_VALUE_KEY}={}", helm_set_value(&role_arn)),
    ));

    let mut verify = Script::new()
        .comment("Prints the role annotation of each control plane's mxp-controller service account; each\nmust be the role's ARN.");
    for namespace in &s.host_namespaces {
        verify = verify.command(
            Command::new("kubectl")
                .args(["get", "serviceaccount", MXP_CONTROLLER])
                .opt("--namespace", namespace.as_str())
                .opt(
                    "--output",
                    r"jsonpath={.metadata.annotations.eks\.amazonaws\.com/role-arn}",
                ),
        );
    }
    let verify = verify.blank().comment(
        "Restarts each mxp-controller: EKS gives the role's credentials only to pods started after\nthe annotation.",
    );
    let verify = restart_mxp_controllers(verify, s).blank();
    let verify = check_backup_objects(verify, s);

    let teardown = Script::new()
        .comment("Run it after teardown-cluster and after removing the role annotation from the Spaces values,\nso that mxp-controller no longer uses the role. The cluster's OIDC provider stays: other\nworkloads of the cluster may trust it, and it may have been registered before this setup.\nThe bucket and its backups stay too.")
        .blank();
    let teardown = delete_role_and_policy(teardown, s, &cluster.account);

    let [permission, trust_artifact] = policy_artifacts(&policy, &trust, "Trust policy of the role (IRSA)");
    vec![
        Artifact::new(
            "find-inputs",
            "Look up the account ID, the cluster and its OIDC issuer",
            ArtifactKind::AwsCli,
            inputs.render(),
        ),
        permission,
        trust_artifact,
        Artifact::new(
            "aws-cli",
            "Register the OIDC issuer, create the policy, the role and the bucket",
            ArtifactKind::AwsCli,
            script.render(),
        ),
        Artifact::new(
            "helm",
            "Pass the role to mxp-controller through the Spaces chart",
            ArtifactKind::Helm,
            helm.render(),
        ),
        backup_objects(s),
        Artifact::new(
            "verify",
            "Check the service accounts, restart mxp-controller and check the backup objects",
            ArtifactKind::Kubectl,
            verify.render(),
        ),
        delete_backup_objects(s),
        Artifact::new(
            "teardown",
            "Delete the role and the policy",
            ArtifactKind::AwsCli,
            teardown.render(),
        ),
    ]
}

fn pod_identity(s: &UpboundSpacesSetup, account: &AccountId, cluster_name: &ClusterName) -> Vec<Artifact> {
    let loc = &s.location;
    let policy = permission_policy(loc).to_pretty_json();
    let trust = pod_identity_trust_policy().to_pretty_json();
    let role_arn = arn::role(loc.partition, account, &s.role_name);
    let association = |operation: &str, namespace: &str| {
        aws(loc, "eks", operation)
            .opt("--cluster-name", cluster_name.as_str())
            .opt("--namespace", namespace)
            .opt("--service-account", MXP_CONTROLLER)
    };

    let inputs = find_account_and_cluster(loc)
        .blank()
        .comment("Prints ACTIVE when the cluster runs the EKS Pod Identity Agent add-on, without which\npod identity associations give pods no credentials; aws-cli installs it when missing.")
        .command(
            aws(loc, "eks", "describe-addon")
                .opt("--cluster-name", cluster_name.as_str())
                .opt("--addon-name", aws::POD_IDENTITY_AGENT)
                .opt("--query", "addon.status")
                .opt("--output", "text"),
        )
        .blank()
        .comment(NAMESPACE_HINT);

    let script = create_policy_and_role(Script::new(), s, account, &policy, &trust).blank();
    let script = aws::install_pod_identity_agent(script, |svc, op| aws(loc, svc, op), cluster_name.as_str());

    let mut associate = Script::new()
        .comment("Run this once Spaces has provisioned the control planes: each association names a control\nplane's host namespace, which Spaces creates with it. EKS then gives the mxp-controller\npods of each namespace the role's credentials. The Upbound guide's helm values\n(backup.*) are no keys of the Spaces chart and are left out: the SharedBackupConfig\nnames the bucket.");
    for namespace in &s.host_namespaces {
        associate = associate.command(
            association("create-pod-identity-association", namespace.as_str()).opt("--role-arn", role_arn.as_str()),
        );
    }
    associate = associate
        .blank()
        .comment("Prints each association, which must name the role.");
    for namespace in &s.host_namespaces {
        associate = associate.command(association("list-pod-identity-associations", namespace.as_str()));
    }

    let mut verify = Script::new().comment("Checks that each control plane's mxp-controller service account exists.");
    for namespace in &s.host_namespaces {
        verify = verify.command(
            Command::new("kubectl")
                .args(["get", "serviceaccount", MXP_CONTROLLER])
                .opt("--namespace", namespace.as_str()),
        );
    }
    let verify = verify.blank().comment(
        "Restarts each mxp-controller: EKS adds the role's credentials only to pods created after\nthe association.",
    );
    let verify = restart_mxp_controllers(verify, s).blank();
    let verify = check_backup_objects(verify, s);

    let mut teardown = Script::new()
        .comment("Run it after teardown-cluster. Deletes the associations first, so that no pod receives the\nrole's credentials any more.");
    for namespace in &s.host_namespaces {
        // The look-up is an assignment of its own: inside an argument, a failed look-up would
        // not stop the script under `set -e`, and the delete would run with an empty ID.
        teardown = teardown
            .assign(
                "association_id",
                Arg::output(
                    association("list-pod-identity-associations", namespace.as_str())
                        .opt("--query", "associations[0].associationId")
                        .opt("--output", "text"),
                ),
            )
            .command(
                aws(loc, "eks", "delete-pod-identity-association")
                    .opt("--cluster-name", cluster_name.as_str())
                    .opt("--association-id", Arg::Var("association_id")),
            );
    }
    let teardown = delete_role_and_policy(teardown.blank(), s, account);

    let [permission, trust_artifact] = policy_artifacts(&policy, &trust, "Trust policy of the role (EKS Pod Identity)");
    vec![
        Artifact::new(
            "find-inputs",
            "Look up the account ID, the cluster and its Pod Identity Agent",
            ArtifactKind::AwsCli,
            inputs.render(),
        ),
        permission,
        trust_artifact,
        Artifact::new(
            "aws-cli",
            "Create the policy, the role and the bucket; install the Pod Identity Agent",
            ArtifactKind::AwsCli,
            script.render(),
        ),
        Artifact::new(
            "pod-identity-association",
            "Associate the role with each control plane's mxp-controller",
            ArtifactKind::AwsCli,
            associate.render(),
        ),
        backup_objects(s),
        Artifact::new(
            "verify",
            "Check the service accounts, restart mxp-controller and check the backup objects",
            ArtifactKind::Kubectl,
            verify.render(),
        ),
        delete_backup_objects(s),
        Artifact::new(
            "teardown",
            "Delete the associations, the role and the policy",
            ArtifactKind::AwsCli,
            teardown.render(),
        ),
    ]
}
