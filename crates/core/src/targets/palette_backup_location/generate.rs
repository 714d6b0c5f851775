//! Palette backup locations on S3 with STS (Palette documentation, "Add Backup Location using
//! Security Token Service" and "Add Backup Location using Dynamic Credentials"): an IAM role in
//! the bucket's account that Palette assumes with an external ID, and that the cluster's
//! account may assume when the cluster runs in another account.

use super::PaletteBackupLocationSetup;
use crate::artifact::{Artifact, ArtifactKind, Policies, PolicyPair};
use crate::generate::arn;
use crate::generate::aws;
use crate::partition::Partition;
use crate::policy::{PolicyDocument, Statement};
use crate::setup::S3Location;
use crate::shell::{Arg, Command, Script};
use crate::steps::{ConsoleSteps, Input, Layout};

pub fn generate(s: &PaletteBackupLocationSetup, policies: Policies) -> Vec<Artifact> {
    let pair = PolicyPair {
        documented: Artifact::new(
            "permission-policy",
            "Permission policy (managed policy attached to the role)",
            ArtifactKind::PermissionPolicy,
            permission_policy(s).to_pretty_json() + "\n",
        ),
        hardened: Artifact::new(
            "permission-policy-hardened",
            "Hardened alternative: EBS changes limited to the role's account (use it in create-policy instead)",
            ArtifactKind::PermissionPolicy,
            hardened_permission_policy(s).to_pretty_json() + "\n",
        ),
        hardened_title: "Permission policy, hardened: EBS changes limited to the role's account (managed policy attached to the role)",
        documented_title: "Documented alternative: Palette's policy, EBS changes on every volume and snapshot (use it in create-policy instead)",
    };
    let policy = pair.in_scripts(policies);
    let trust = trust_policy(s).to_pretty_json();
    let [used, alternative] = pair.arrange(policies);
    vec![
        Artifact::new(
            "find-inputs",
            "Look up the account IDs, the bucket's region and its encryption key",
            ArtifactKind::AwsCli,
            find_inputs(s).render(),
        ),
        used,
        alternative,
        Artifact::new(
            "trust-policy",
            "Trust policy of the role (Palette with its external ID)",
            ArtifactKind::TrustPolicy,
            trust.clone() + "\n",
        ),
        Artifact::new(
            "aws-cli",
            "Create the policy, the role and the bucket in the bucket's account",
            ArtifactKind::AwsCli,
            create_script(s, policy, trust, policies).render(),
        ),
        Artifact::console_steps("console-steps", "Add the backup location in Palette", console_steps(s)),
        Artifact::new(
            "teardown",
            "Delete the role and the policy",
            ArtifactKind::AwsCli,
            teardown_script(s).render(),
        ),
    ]
}

/// The permissions of Palette's documentation, which are those of Velero's AWS plugin: EBS
/// snapshots on `*` (EC2 snapshot and volume actions support no narrower resource for
/// `Describe*`), object actions on the objects ARN, and `s3:ListBucket` on the bucket ARN.
pub(crate) fn permission_policy(s: &PaletteBackupLocationSetup) -> PolicyDocument {
    let ebs = Statement::allow(
        [
            "ec2:DescribeVolumes",
            "ec2:DescribeSnapshots",
            "ec2:CreateTags",
            "ec2:CreateVolume",
            "ec2:CreateSnapshot",
            "ec2:DeleteSnapshot",
        ],
        ["*"],
    );
    with_ebs_statements(s, vec![ebs])
}

/// The same permissions, but the EBS changes limited to the volumes of the role's account and
/// to snapshots: EC2 acts in the account of the credentials, so volumes elsewhere could not be
/// snapshotted with them anyway. Regions stay open, because the cluster's region (where Velero
/// snapshots its volumes) may differ from the bucket's and is not part of the setup. Only the
/// `Describe*` actions, which take no resource, stay on `*`.
pub(crate) fn hardened_permission_policy(s: &PaletteBackupLocationSetup) -> PolicyDocument {
    let p = s.location.partition;
    let describe = Statement::allow(["ec2:DescribeVolumes", "ec2:DescribeSnapshots"], ["*"]);
    let change = Statement::allow(
        [
            "ec2:CreateTags",
            "ec2:CreateVolume",
            "ec2:CreateSnapshot",
            "ec2:DeleteSnapshot",
        ],
        [arn::ebs_snapshots(p), arn::ebs_volumes(p, &s.bucket_account)],
    );
    with_ebs_statements(s, vec![describe, change])
}

/// The EBS statements followed by the bucket's and, with SSE-KMS, the key's.
fn with_ebs_statements(s: &PaletteBackupLocationSetup, ebs: Vec<Statement>) -> PolicyDocument {
    let p = s.location.partition;
    let bucket = &s.location.bucket;
    let mut statements = ebs;
    statements.extend([
        Statement::allow(
            [
                "s3:GetObject",
                "s3:DeleteObject",
                "s3:PutObject",
                "s3:AbortMultipartUpload",
                "s3:ListMultipartUploadParts",
            ],
            [arn::bucket_objects(p, bucket)],
        ),
        Statement::allow(["s3:ListBucket"], [arn::bucket(p, bucket)]),
    ]);
    if let Some(key) = &s.location.kms_key {
        // An SSE-KMS bucket needs data keys to write and decryption to read; encrypted EBS
        // snapshots also re-encrypt and, through EC2, create grants on the key.
        statements.push(Statement::allow(
            [
                "kms:Decrypt",
                "kms:GenerateDataKey*",
                "kms:Encrypt",
                "kms:DescribeKey",
                "kms:ReEncrypt*",
            ],
            [key.as_str()],
        ));
        // Only grants that an AWS service (EC2, for the snapshot volumes) creates on the
        // role's behalf: a bare kms:CreateGrant would let the role hand the key to anyone.
        statements.push(Statement::allow(["kms:CreateGrant"], [key.as_str()]).with_condition(
            "Bool",
            "kms:GrantIsForAWSResource",
            "true",
        ));
    }
    PolicyDocument::new(statements)
}

/// Palette's account with the tenant's external ID and, when the cluster runs in another
/// account, that account's root or the named role in it, without a condition, as the
/// documentation's cross-account trust has it.
pub(crate) fn trust_policy(s: &PaletteBackupLocationSetup) -> PolicyDocument {
    let p = s.location.partition;
    let mut statements = vec![
        Statement::trust("AWS", arn::account_root(p, &s.platform_account), ["sts:AssumeRole"]).with_condition(
            "StringEquals",
            "sts:ExternalId",
            s.external_id.as_str(),
        ),
    ];
    if let Some(cluster) = &s.cluster_trust {
        let principal = match &cluster.role {
            Some(role) => arn::role(p, &cluster.account, role),
            None => arn::account_root(p, &cluster.account),
        };
        statements.push(Statement::trust("AWS", principal, ["sts:AssumeRole"]));
    }
    PolicyDocument::new(statements)
}

fn iam(loc: &S3Location, subcommand: &str) -> Command {
    aws::aws(&loc.region, "iam", subcommand)
}

fn role_arn(s: &PaletteBackupLocationSetup) -> String {
    arn::role(s.location.partition, &s.bucket_account, &s.role_name)
}

fn policy_arn(s: &PaletteBackupLocationSetup) -> String {
    arn::policy(s.location.partition, &s.bucket_account, &s.policy_name)
}

fn find_inputs(s: &PaletteBackupLocationSetup) -> Script {
    let loc = &s.location;
    let mut script = Script::new()
        .comment("Palette shows its account ID (platformAccountId) and your tenant's external ID\n(externalId) in the wizard once the STS method is chosen; no AWS command prints them.")
        .blank()
        .comment("Prints the account ID of the credentials in use: run it with the bucket account's\n(bucketAccountId) and, when the cluster runs elsewhere, with the cluster account's\n(clusterAccountId).")
        .command(aws::caller_account(&loc.region))
        .blank()
        .comment(if loc.partition == Partition::Aws {
            // Only the commercial partition has a region whose buckets report no constraint.
            "Prints the bucket's region when the bucket exists (`None` means us-east-1)."
        } else {
            "Prints the bucket's region when the bucket exists."
        })
        .command(
            aws::aws(&loc.region, "s3api", "get-bucket-location")
                .opt("--bucket", loc.bucket.as_str())
                .opt("--query", "LocationConstraint")
                .opt("--output", "text"),
        )
        .blank()
        .comment("Prints the key of the bucket's default encryption: a KMS key ARN means SSE-KMS,\nand that ARN is kmsKeyArn; `None` means SSE-S3, which needs no key.")
        .command(
            aws::aws(&loc.region, "s3api", "get-bucket-encryption")
                .opt("--bucket", loc.bucket.as_str())
                .opt(
                    "--query",
                    "ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.KMSMasterKeyID",
                )
                .opt("--output", "text"),
        );
    if let Some(role) = s.cluster_trust.as_ref().and_then(|c| c.role.as_ref()) {
        script = script
            .blank()
            .comment("With the cluster account's credentials: prints the ARN of the role the backup role\ntrusts, which fails when that role does not exist.")
            .command(
                iam(loc, "get-role")
                    .opt("--role-name", role.as_str())
                    .opt("--query", "Role.Arn")
                    .opt("--output", "text"),
            );
    }
    if let Some(key) = &loc.kms_key {
        script = script
            .blank()
            .comment("With the key account's credentials: prints the key policy, which must let the role\nuse the key (see the console steps).")
            .command(
                Command::new("aws")
                    .args(["kms", "get-key-policy"])
                    .opt("--region", key.region())
                    .opt("--key-id", key.as_str())
                    .opt("--policy-name", "default")
                    .opt("--output", "text"),
            );
    }
    script
}

fn create_script(s: &PaletteBackupLocationSetup, policy: String, trust: String, policies: Policies) -> Script {
    let loc = &s.location;
    let mut script = Script::new()
        .comment("Run with credentials of the bucket's account (bucketAccountId): the policy, the role\nand the bucket are created there.")
        .blank()
        .comment(match policies {
            Policies::Documented => "Creates the managed policy with the permissions Palette's documentation lists.",
            Policies::Hardened => "Creates the managed policy with the permissions Palette's documentation lists, the EBS\nchanges limited to the role's account (permission-policy-hardened).",
        })
        .assign("permission_policy", policy)
        .command(
            iam(loc, "create-policy")
                .opt("--policy-name", s.policy_name.as_str())
                .opt("--policy-document", Arg::Var("permission_policy")),
        )
        .blank();
    script = if s.cluster_trust.is_some() {
        script.comment("Creates the role that Palette assumes with the external ID and that the cluster's\naccount assumes to reach the bucket.")
    } else {
        script.comment("Creates the role that Palette assumes with the external ID.")
    };
    if loc.partition != Partition::Aws {
        script = script.comment("A role trusts only accounts of its own partition: Palette must run in this partition\ntoo (a self-hosted Palette or VerteX), since Palette SaaS runs in `aws`.");
    }
    script = script
        .assign("trust_policy", trust)
        .command(
            iam(loc, "create-role")
                .opt("--role-name", s.role_name.as_str())
                .opt("--assume-role-policy-document", Arg::Var("trust_policy")),
        )
        .command(
            iam(loc, "attach-role-policy")
                .opt("--role-name", s.role_name.as_str())
                .opt("--policy-arn", policy_arn(s)),
        )
        .blank()
        .comment("Creates the bucket in its region (skip this when the bucket exists).")
        .command(aws::make_bucket(loc));
    if let Some(encryption) = aws::default_encryption(loc) {
        script = script
            .comment("Makes the key the new bucket's default encryption, with an S3 Bucket Key to cut KMS\nrequests (skip this too when the bucket exists).")
            .command(encryption);
        script = script.blank().comment("The KMS key's own policy must also let the role use the key; IAM permissions alone\nare not enough when the key policy does not delegate to IAM or the key belongs to\nanother account (see the console steps).");
    }
    script
}

fn teardown_script(s: &PaletteBackupLocationSetup) -> Script {
    let loc = &s.location;
    Script::new()
        .comment("Delete the backup location in Palette first (Project Settings > Backup Locations),\nthen run this with credentials of the bucket's account (bucketAccountId).")
        .blank()
        .comment("Detaches the policy, which a role must not have when it is deleted, then deletes the\nrole and the policy. The bucket and its backups are kept, as the bucket may have existed\nbefore: delete it yourself once nothing needs the backups (`aws s3 rb`).")
        .command(
            iam(loc, "detach-role-policy")
                .opt("--role-name", s.role_name.as_str())
                .opt("--policy-arn", policy_arn(s)),
        )
        .command(iam(loc, "delete-role").opt("--role-name", s.role_name.as_str()))
        .command(iam(loc, "delete-policy").opt("--policy-arn", policy_arn(s)))
}

/// The wizard of Palette's documentation, field by field, with the values to type.
fn console_steps(s: &PaletteBackupLocationSetup) -> ConsoleSteps {
    let loc = &s.location;
    let p = loc.partition;
    let certificate = match &s.ca_certificate {
        Some(ca) => {
            let count = ca.subjects().len();
            format!(
                "paste the PEM text at the end of these steps ({count} certificate{}: {})",
                if count == 1 { "" } else { "s" },
                ca.subjects().join("; ")
            )
        }
        None => "leave empty".to_owned(),
    };
    let mut steps = ConsoleSteps::new(Layout::Aligned)
        .step("In Palette, open Project Settings > Backup Locations and click Add New Backup Location.")
        .step("Fill out the wizard:")
        .info("Location Name", s.location_name.as_str())
        .info("Location Provider", "AWS")
        .info("Certificate", certificate)
        .row("S3 Bucket", loc.bucket.as_str(), Input::Bucket)
        .info("Region", loc.region.as_str());
    steps = match &s.s3_url {
        Some(url) => steps.info("S3 URL", url.as_str()).info(
            "Force S3 path style",
            "select the checkbox (Palette requires it with an S3 URL)",
        ),
        None => steps.info("S3 URL", "leave empty"),
    };
    steps = steps
        .step("Choose the STS validation method. Palette then shows its AWS account ID and an\nexternal ID, which must be the values the trust policy trusts:")
        .info("AWS account ID", s.platform_account.as_str())
        .info("External ID", s.external_id.as_str())
        .text("If Palette shows other values, set platformAccountId and externalId to them and\ngenerate again.")
        .step("Run the aws-cli commands with credentials of the bucket's account. They create:")
        .info("Account", s.bucket_account.as_str())
        .info("Policy", s.policy_name.as_str())
        .info("Role", s.role_name.as_str())
        .step("Back in Palette, paste the role's ARN:")
        .row("ARN", role_arn(s), Input::RoleArn)
        .step("Click Validate. Once Palette reports success, click Create.");
    if let Some(cluster) = &s.cluster_trust {
        steps = steps
            .note("The cluster runs in another account than the bucket, so the role also trusts the\ncluster's account. The trust is half of it: the cluster's side must also be allowed\nsts:AssumeRole on the role's ARN (above) by a policy of its own account.")
            .info("Cluster account", cluster.account.as_str());
        steps = match &cluster.role {
            Some(role) => steps.info("Trusted role", arn::role(p, &cluster.account, role)),
            // The vendor's trust of the whole account draws the linter's warning; naming the
            // role is the narrower form the setup offers.
            None => steps
                .info("Trusted principal", arn::account_root(p, &cluster.account))
                .text("   The account root lets every identity of that account that may assume roles in;\n   set trustedRoleName to the role the cluster's backups run as to trust that role alone."),
        };
    }
    if let Some(key) = &loc.kms_key {
        steps = steps
            .note("The bucket is encrypted with a KMS key. The permission policy lets the role use it, but\nthe key's own policy must allow it too, or backups and restores fail. When the key policy\nhas no statement for the key account's root, or the key belongs to another account than\nthe role, add a statement for the role with kms:Decrypt, kms:GenerateDataKey*,\nkms:Encrypt, kms:DescribeKey, kms:ReEncrypt* and kms:CreateGrant. The IAM policy\nsimulator checks the result.")
            .info("Key", key.as_str())
            .info("Key account root", arn::account_root(p, &key.account()))
            .row("Role", role_arn(s), Input::RoleArn);
    }
    if let Some(ca) = &s.ca_certificate {
        steps = steps.note(format!(
            "Certificate (PEM) to paste into the Certificate field:\n{}",
            ca.pem().trim_end()
        ));
    }
    steps
}
