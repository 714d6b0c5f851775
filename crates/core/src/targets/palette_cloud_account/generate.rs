//! Spectro Cloud Palette: registering an AWS account as a cloud account (Palette
//! documentation, "Add an AWS Account to Palette"), with static keys of an IAM user, an STS
//! role that Palette's platform account assumes with an external ID, or EKS Pod Identity for
//! a self-hosted Palette on an EKS management cluster.
//!
//! The Palette policies themselves (`PaletteControllerPolicy` and the rest) are customer
//! managed policies whose content Palette publishes on its "Required IAM Policies" page. The
//! user creates them from that page; bucketrust attaches them by ARN and never restates them.

use super::{
    PaletteAuth, PaletteCloudAccountSetup, PalettePodIdentity, PaletteStaticKeys, PaletteSts, PodIdentityAccounts,
};
use crate::artifact::{Artifact, ArtifactKind, Policies, PolicyPair};
use crate::generate::arn;
use crate::generate::{aws, kubectl, trust};
use crate::partition::Partition;
use crate::policy::{PolicyDocument, Statement, POD_IDENTITY_PRINCIPAL, POD_IDENTITY_SESSION_TAGS};
use crate::setup::value::{AccountId, IamName};
use crate::shell::{Arg, Command, Script};
use crate::steps::{ConsoleSteps, Input, Layout};

/// The Kubernetes service accounts of Palette's services, as the seed names them.
const HUBBLE_NAMESPACE: &str = "hubble-system";
const HUBBLE_SERVICE_ACCOUNT: &str = "spectro-hubble";
const IDENTITY_NAMESPACE: &str = "palette-identity";
const IDENTITY_SERVICE_ACCOUNT: &str = "palette-identity";
/// The deployments of the two services, which share their service accounts' names.
const HUBBLE_DEPLOYMENT: &str = "spectro-hubble";
const IDENTITY_DEPLOYMENT: &str = "palette-identity";

/// The ConfigMap that tells Palette the management cluster's name.
const GLOBAL_CONFIG: &str = "palette-global-config";
const GLOBAL_CONFIG_NAMESPACE: &str = "kube-system";

/// Names of the inline policies bucketrust puts on the roles; the seed names none.
const PALETTE_INLINE_POLICY: &str = "PalettePodIdentityPolicy";
const HUBBLE_INLINE_POLICY: &str = "PaletteHubblePolicy";
const IDENTITY_INLINE_POLICY: &str = "PaletteIdentityPolicy";
const HUBBLE_LOCAL_INLINE_POLICY: &str = "PaletteHubbleTargetRolePolicy";

/// The shell variables of the cross-account scripts that name the AWS CLI profiles.
const MANAGEMENT_PROFILE: &str = "management_profile";
const TARGET_PROFILE: &str = "target_profile";

pub fn generate(s: &PaletteCloudAccountSetup, policies: Policies) -> Vec<Artifact> {
    match &s.auth {
        PaletteAuth::StaticKeys(keys) => static_keys(s, keys),
        PaletteAuth::Sts(sts) => sts_artifacts(s, sts),
        PaletteAuth::PodIdentity(pi) => match &pi.accounts {
            PodIdentityAccounts::Same => same_account(s, policies, pi),
            PodIdentityAccounts::Cross {
                target_account,
                hubble_target_role,
            } => cross_account(s, policies, pi, target_account, hubble_target_role),
        },
    }
}

// The policy documents.

/// The trust of every role that a pod identity association names: EKS Pod Identity may
/// assume it and tag the session (seed: "the same as outlined in the Amazon EKS documentation").
pub(crate) fn pod_identity_trust_policy() -> PolicyDocument {
    trust::pod_identity()
}

/// The STS trust the IAM console writes for the seed's wizard table: another AWS account
/// (Palette's platform account), with a required external ID.
pub(crate) fn sts_trust_policy(p: Partition, sts: &PaletteSts) -> PolicyDocument {
    PolicyDocument::new(vec![Statement::trust(
        "AWS",
        arn::account_root(p, &sts.platform_account),
        ["sts:AssumeRole"],
    )
    .with_condition("StringEquals", "sts:ExternalId", sts.external_id.as_str())])
}

/// The seed's permissions policy that the Palette role needs beside the Palette policies:
/// managing pod identity associations and passing roles to them.
pub(crate) fn palette_permission_policy() -> PolicyDocument {
    PolicyDocument::new(vec![
        Statement::allow(
            [
                "eks:ListPodIdentityAssociations",
                "eks:CreatePodIdentityAssociation",
                "eks:DeletePodIdentityAssociation",
            ],
            ["*"],
        ),
        Statement::allow(["iam:PassRole"], ["*"]),
    ])
}

/// The Palette role's permissions narrowed: associations only on the clusters of the role's
/// account (EKS keeps a cluster's associations in the cluster's account, and a role acts in
/// its own), and roles of that account passed only to EKS Pod Identity. Palette chooses the
/// roles it passes per workload cluster, so they cannot be named in advance.
pub(crate) fn palette_permission_policy_hardened(p: Partition, account: &AccountId) -> PolicyDocument {
    let mut statements = pod_identity_management_in(p, account);
    statements.push(
        Statement::allow(["iam:PassRole"], [arn::roles(p, account)]).with_condition(
            "StringEquals",
            "iam:PassedToService",
            POD_IDENTITY_PRINCIPAL,
        ),
    );
    PolicyDocument::new(statements)
}

/// The association actions of the seed limited to the clusters and associations of
/// `account`, in every region (the workload clusters' regions are not part of the setup).
fn pod_identity_management_in(p: Partition, account: &AccountId) -> Vec<Statement> {
    vec![
        Statement::allow(
            ["eks:ListPodIdentityAssociations", "eks:CreatePodIdentityAssociation"],
            [arn::eks_clusters(p, account)],
        )
        .with_sid("EKSPodIdentityManagement"),
        Statement::allow(
            ["eks:DeletePodIdentityAssociation"],
            [arn::eks_pod_identity_associations(p, account)],
        )
        .with_sid("EKSPodIdentityDeletion"),
    ]
}

/// The Hubble service's read-only permissions: it validates roles and policies and lists
/// the regions, networks, clusters, keys and registries that the wizard offers.
///
/// Source: the Hubble service tab of Palette's "Add an AWS Account to Palette" page, in the
/// page's published source; the seed's copy of the page shows only the first tab of each
/// group, so this policy (like the same-account identity policy below) is not in the seed
/// and is checked by the tests for its shape, not against a seed fixture.
pub(crate) fn hubble_permission_policy() -> PolicyDocument {
    hubble_policy_with(vec![Statement::allow(
        [
            "kms:ListKeys",
            "kms:ListAliases",
            "kms:DescribeKey",
            "kms:GetKeyPolicy",
            "kms:GetKeyRotationStatus",
        ],
        ["*"],
    )
    .with_sid("AllowKMSRead")])
}

/// The Hubble policy with the key reads limited to the keys of the role's account; listing
/// keys and aliases takes no resource, so it stays on `*`.
pub(crate) fn hubble_permission_policy_hardened(p: Partition, account: &AccountId) -> PolicyDocument {
    hubble_policy_with(vec![
        Statement::allow(["kms:ListKeys", "kms:ListAliases"], ["*"]).with_sid("AllowKMSList"),
        Statement::allow(
            ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus"],
            [arn::kms_keys(p, account)],
        )
        .with_sid("AllowKMSRead"),
    ])
}

/// The Hubble policy's statements, with `kms` in the place of the KMS reads.
fn hubble_policy_with(kms: Vec<Statement>) -> PolicyDocument {
    let mut statements = vec![
        Statement::allow(
            [
                "iam:GetRole",
                "iam:ListAttachedRolePolicies",
                "iam:ListRolePolicies",
                "iam:GetRolePolicy",
                "iam:GetPolicy",
                "iam:GetPolicyVersion",
            ],
            ["*"],
        )
        .with_sid("AllowIAMValidation"),
        Statement::allow(
            [
                "ec2:DescribeRegions",
                "ec2:DescribeAvailabilityZones",
                "ec2:DescribeVpcs",
                "ec2:DescribeSubnets",
                "ec2:DescribeRouteTables",
                "ec2:DescribeKeyPairs",
            ],
            ["*"],
        )
        .with_sid("AllowEC2Describe"),
        Statement::allow(
            [
                "eks:DescribeCluster",
                "eks:ListClusters",
                "eks:DescribeNodegroup",
                "eks:ListNodegroups",
                "eks:DescribeAddon",
                "eks:ListAddons",
            ],
            ["*"],
        )
        .with_sid("AllowEKSDescribe"),
    ];
    statements.extend(kms);
    statements.push(
        Statement::allow(
            [
                "ecr:GetAuthorizationToken",
                "ecr:BatchCheckLayerAvailability",
                "ecr:GetDownloadUrlForLayer",
                "ecr:BatchGetImage",
                "ecr:DescribeRepositories",
                "ecr:DescribeImages",
                "ecr:DescribeImageScanFindings",
                "ecr:ListRepositories",
                "ecr:ListImages",
                "ecr:GetRepositoryPolicy",
                "ecr:GetLifecyclePolicy",
                "ecr:GetLifecyclePolicyPreview",
                "ecr:DescribeImageReplicationStatus",
                "ecr:DescribeRegistry",
                "ecr:GetRegistryPolicy",
                "ecr:GetRegistryScanningConfiguration",
            ],
            ["*"],
        )
        .with_sid("AllowECRRead"),
    );
    PolicyDocument::new(statements)
}

fn pod_identity_management() -> Statement {
    Statement::allow(
        [
            "eks:ListPodIdentityAssociations",
            "eks:CreatePodIdentityAssociation",
            "eks:DeletePodIdentityAssociation",
        ],
        ["*"],
    )
    .with_sid("EKSPodIdentityManagement")
}

/// The identity service's permissions in one account: manage pod identity associations,
/// find instances, and read and pass the Palette role. Source: the identity service tab of
/// the same page (see [`hubble_permission_policy`]); the cross-account variant is the seed's.
pub(crate) fn identity_permission_policy(p: Partition, pi: &PalettePodIdentity) -> PolicyDocument {
    identity_policy_with(p, pi, vec![pod_identity_management()])
}

/// The identity service's permissions with the associations limited to the management
/// cluster's account.
pub(crate) fn identity_permission_policy_hardened(p: Partition, pi: &PalettePodIdentity) -> PolicyDocument {
    identity_policy_with(p, pi, pod_identity_management_in(p, &pi.cluster_account))
}

fn identity_policy_with(p: Partition, pi: &PalettePodIdentity, management: Vec<Statement>) -> PolicyDocument {
    let palette_role = arn::role(p, &pi.cluster_account, &pi.palette_role);
    let mut statements = management;
    statements.extend([
        Statement::allow(["ec2:DescribeInstances"], ["*"]).with_sid("EC2"),
        Statement::allow(["iam:GetRole"], [palette_role.as_str()]).with_sid("IAM"),
        Statement::allow(["iam:PassRole"], [palette_role.as_str()]).with_sid("IAMPassRoleforPodIdentity"),
    ]);
    PolicyDocument::new(statements)
}

/// The identity local role's permissions across accounts (seed): besides managing
/// associations, it reads, passes and assumes the Palette target role and itself. It names
/// its own ARN, so it can only be attached once the role exists.
pub(crate) fn identity_local_permission_policy(
    p: Partition,
    pi: &PalettePodIdentity,
    target_account: &AccountId,
) -> PolicyDocument {
    identity_local_policy_with(p, pi, target_account, vec![pod_identity_management()])
}

/// The identity local role's permissions with the associations limited to the management
/// cluster's account, where the role and its associations are.
pub(crate) fn identity_local_permission_policy_hardened(
    p: Partition,
    pi: &PalettePodIdentity,
    target_account: &AccountId,
) -> PolicyDocument {
    identity_local_policy_with(
        p,
        pi,
        target_account,
        pod_identity_management_in(p, &pi.cluster_account),
    )
}

fn identity_local_policy_with(
    p: Partition,
    pi: &PalettePodIdentity,
    target_account: &AccountId,
    management: Vec<Statement>,
) -> PolicyDocument {
    let mut statements = management;
    statements.extend([
        Statement::allow(["ec2:DescribeInstances"], ["*"]).with_sid("EC2"),
        Statement::allow(
            ["iam:GetRole", "iam:PassRole", "sts:AssumeRole", "sts:TagSession"],
            [
                arn::role(p, target_account, &pi.palette_role),
                arn::role(p, &pi.cluster_account, &pi.identity_role),
            ],
        )
        .with_sid("IAM"),
    ]);
    PolicyDocument::new(statements)
}

/// The external ID EKS Pod Identity and Palette present when a pod of the management
/// cluster assumes a role in another account: `<region>/<account>/<cluster>/<ns>/<sa>`.
fn pod_external_id(s: &PaletteCloudAccountSetup, pi: &PalettePodIdentity, namespace: &str, sa: &str) -> String {
    format!(
        "{}/{}/{}/{namespace}/{sa}",
        s.region, pi.cluster_account, pi.cluster_name
    )
}

/// The Palette target role's trust: the identity local role may assume it for the identity
/// service and for the `palette-manager` service account of any namespace, and may tag the
/// session; EKS Pod Identity may assume it for workload clusters in the target account.
pub(crate) fn palette_target_trust_policy(s: &PaletteCloudAccountSetup, pi: &PalettePodIdentity) -> PolicyDocument {
    let identity_local = arn::role(s.partition, &pi.cluster_account, &pi.identity_role);
    palette_target_trust_with(s, pi, Statement::trust("AWS", identity_local, ["sts:TagSession"]))
}

/// The Palette target role's trust with the identity local role's session tags limited to
/// the ones EKS Pod Identity sets: it passes those on, and may then set no others.
pub(crate) fn palette_target_trust_policy_hardened(
    s: &PaletteCloudAccountSetup,
    pi: &PalettePodIdentity,
) -> PolicyDocument {
    let identity_local = arn::role(s.partition, &pi.cluster_account, &pi.identity_role);
    let tag_session = Statement::trust("AWS", identity_local, ["sts:TagSession"]).with_condition_values(
        "ForAllValues:StringEquals",
        "aws:TagKeys",
        POD_IDENTITY_SESSION_TAGS,
    );
    palette_target_trust_with(s, pi, tag_session)
}

fn palette_target_trust_with(
    s: &PaletteCloudAccountSetup,
    pi: &PalettePodIdentity,
    tag_session: Statement,
) -> PolicyDocument {
    let identity_local = arn::role(s.partition, &pi.cluster_account, &pi.identity_role);
    PolicyDocument::new(vec![
        Statement::trust("AWS", identity_local.as_str(), ["sts:AssumeRole"]).with_condition(
            "StringEquals",
            "sts:ExternalId",
            pod_external_id(s, pi, IDENTITY_NAMESPACE, IDENTITY_SERVICE_ACCOUNT),
        ),
        Statement::trust("AWS", identity_local.as_str(), ["sts:AssumeRole"]).with_condition(
            "StringLike",
            "sts:ExternalId",
            pod_external_id(s, pi, "*", "palette-manager"),
        ),
        tag_session,
        trust::pod_identity_statement(),
    ])
}

/// The Hubble target role's trust. EKS assumes a target role with the session of the
/// association's role (the Hubble local role) and the pod's external ID. The vendor's
/// version names a role `spectro-hubble-identity` that no step creates, and IAM refuses a
/// trust whose principal role does not exist; since the seed creates this role before the
/// Hubble local role, the local role is named in an `ArnEquals aws:PrincipalARN` condition on
/// the management account's root, which IAM accepts before the role exists (AWS, "Access AWS
/// resources in another account with EKS Pod Identity target roles").
pub(crate) fn hubble_target_trust_policy(s: &PaletteCloudAccountSetup, pi: &PalettePodIdentity) -> PolicyDocument {
    let root = arn::account_root(s.partition, &pi.cluster_account);
    let hubble_local = arn::role(s.partition, &pi.cluster_account, &pi.hubble_role);
    PolicyDocument::new(vec![
        Statement::trust("AWS", root.as_str(), ["sts:AssumeRole"])
            .with_condition(
                "StringEquals",
                "sts:ExternalId",
                pod_external_id(s, pi, HUBBLE_NAMESPACE, HUBBLE_SERVICE_ACCOUNT),
            )
            .with_condition("ArnEquals", "aws:PrincipalARN", hubble_local.as_str()),
        Statement::trust("AWS", root.as_str(), ["sts:TagSession"]).with_condition(
            "ArnEquals",
            "aws:PrincipalARN",
            hubble_local.as_str(),
        ),
    ])
}

/// The Hubble local role's permissions: read, pass and assume the Hubble target role. The
/// vendor gives this as a bare statement; IAM needs it inside a policy document.
pub(crate) fn hubble_local_permission_policy(
    p: Partition,
    target_account: &AccountId,
    hubble_target_role: &IamName,
) -> PolicyDocument {
    PolicyDocument::new(vec![Statement::allow(
        ["iam:GetRole", "iam:PassRole", "sts:AssumeRole", "sts:TagSession"],
        [arn::role(p, target_account, hubble_target_role)],
    )
    .with_sid("IAM")])
}

// The commands shared by the authentication methods.

/// Where a command runs: with the default credentials, or with a named profile variable.
#[derive(Clone, Copy)]
enum Creds {
    Default,
    Profile(&'static str),
}

/// `aws <service> <operation> --region <r>`, with the profile when there is one. IAM is
/// global, but `--region` makes the CLI use the IAM endpoint of the setup's partition.
fn aws(s: &PaletteCloudAccountSetup, creds: Creds, service: &str, operation: &str) -> Command {
    let command = aws::aws(&s.region, service, operation);
    match creds {
        Creds::Default => command,
        Creds::Profile(var) => command.opt("--profile", Arg::Var(var)),
    }
}

fn caller_account(s: &PaletteCloudAccountSetup, creds: Creds) -> Command {
    aws(s, creds, "sts", "get-caller-identity")
        .opt("--query", "Account")
        .opt("--output", "text")
}

fn list_palette_policies(s: &PaletteCloudAccountSetup, creds: Creds) -> Command {
    aws(s, creds, "iam", "list-policies")
        .opt("--scope", "Local")
        .opt("--query", "Policies[?starts_with(PolicyName, 'Palette')].Arn")
        .opt("--output", "text")
}

fn policy_arns(s: &PaletteCloudAccountSetup, account: &AccountId) -> Vec<String> {
    s.policies
        .iter()
        .map(|name| arn::policy(s.partition, account, name))
        .collect()
}

/// Creates a role with `trust`, set earlier in the script as the variable `trust_var`.
fn create_role(s: &PaletteCloudAccountSetup, creds: Creds, role: &IamName, trust_var: &'static str) -> Command {
    aws(s, creds, "iam", "create-role")
        .opt("--role-name", role.as_str())
        .opt("--assume-role-policy-document", Arg::Var(trust_var))
}

fn put_role_policy(
    s: &PaletteCloudAccountSetup,
    creds: Creds,
    role: &IamName,
    name: &str,
    policy_var: &'static str,
) -> Command {
    aws(s, creds, "iam", "put-role-policy")
        .opt("--role-name", role.as_str())
        .opt("--policy-name", name)
        .opt("--policy-document", Arg::Var(policy_var))
}

fn attach_role_policies(
    script: Script,
    s: &PaletteCloudAccountSetup,
    creds: Creds,
    role: &IamName,
    account: &AccountId,
) -> Script {
    policy_arns(s, account).into_iter().fold(script, |script, policy_arn| {
        script.command(
            aws(s, creds, "iam", "attach-role-policy")
                .opt("--role-name", role.as_str())
                .opt("--policy-arn", policy_arn),
        )
    })
}

fn detach_role_policies(
    script: Script,
    s: &PaletteCloudAccountSetup,
    creds: Creds,
    role: &IamName,
    account: &AccountId,
) -> Script {
    policy_arns(s, account)
        .into_iter()
        .rev()
        .fold(script, |script, policy_arn| {
            script.command(
                aws(s, creds, "iam", "detach-role-policy")
                    .opt("--role-name", role.as_str())
                    .opt("--policy-arn", policy_arn),
            )
        })
}

fn delete_role_policy(s: &PaletteCloudAccountSetup, creds: Creds, role: &IamName, name: &str) -> Command {
    aws(s, creds, "iam", "delete-role-policy")
        .opt("--role-name", role.as_str())
        .opt("--policy-name", name)
}

fn delete_role(s: &PaletteCloudAccountSetup, creds: Creds, role: &IamName) -> Command {
    aws(s, creds, "iam", "delete-role").opt("--role-name", role.as_str())
}

fn policy_artifact(id: &'static str, title: &'static str, kind: ArtifactKind, policy: &str) -> Artifact {
    Artifact::new(id, title, kind, format!("{policy}\n"))
}

/// A vendor's permission policy (`id`, `title`) and its hardened alternative (`<id>-hardened`,
/// `hardened_title` as an alternative), with their titles once swapped by the `hardened` key.
fn permission_pair(
    id: &'static str,
    title: &'static str,
    documented: &PolicyDocument,
    hardened: &PolicyDocument,
    titles: PairTitles,
) -> PolicyPair {
    PolicyPair {
        documented: policy_artifact(id, title, ArtifactKind::PermissionPolicy, &documented.to_pretty_json()),
        hardened: policy_artifact(
            titles.hardened_id,
            titles.as_alternative,
            ArtifactKind::PermissionPolicy,
            &hardened.to_pretty_json(),
        ),
        hardened_title: titles.as_used,
        documented_title: titles.documented_as_alternative,
    }
}

/// The id and titles of a hardened policy: as the alternative of the vendor's, as the policy
/// the scripts use, and the vendor's own title once it is the alternative.
#[derive(Clone, Copy)]
struct PairTitles {
    hardened_id: &'static str,
    as_alternative: &'static str,
    as_used: &'static str,
    documented_as_alternative: &'static str,
}

const PALETTE_HARDENED_TITLE: &str = "Hardened alternative: associations and passed roles limited to the role's account, roles passed to EKS Pod Identity only (use it in put-role-policy instead)";
const HUBBLE_HARDENED_TITLE: &str =
    "Hardened alternative: KMS key reads limited to the role's account (use it in put-role-policy instead)";
const IDENTITY_HARDENED_TITLE: &str =
    "Hardened alternative: associations limited to the management cluster's account (use it in put-role-policy instead)";

const PALETTE_PAIR: PairTitles = PairTitles {
    hardened_id: "palette-permission-policy-hardened",
    as_alternative: PALETTE_HARDENED_TITLE,
    as_used: "Permission policy of the Palette role, hardened: associations and passed roles limited to the role's account, roles passed to EKS Pod Identity only",
    documented_as_alternative: "Documented alternative: Palette's policy, associations and passed roles on every resource (use it in put-role-policy instead)",
};
const HUBBLE_PAIR: PairTitles = PairTitles {
    hardened_id: "hubble-permission-policy-hardened",
    as_alternative: HUBBLE_HARDENED_TITLE,
    as_used: "Permission policy of the Hubble service's role, hardened: KMS key reads limited to the role's account",
    documented_as_alternative: "Documented alternative: Palette's Hubble policy, KMS key reads on every key (use it in put-role-policy instead)",
};
const IDENTITY_PAIR: PairTitles = PairTitles {
    hardened_id: "identity-permission-policy-hardened",
    as_alternative: IDENTITY_HARDENED_TITLE,
    as_used: "Permission policy of the identity service's role, hardened: associations limited to the management cluster's account",
    documented_as_alternative: "Documented alternative: Palette's identity policy, associations on every resource (use it in put-role-policy instead)",
};

fn console_artifact(steps: ConsoleSteps) -> Artifact {
    Artifact::console_steps(
        "console-steps",
        "Register the account in Palette's cloud-account wizard",
        steps,
    )
}

const POLICIES_COMMENT: &str = "The Palette policies are customer managed policies that you create first, each from the\nJSON of the same name on Palette's \"Required IAM Policies\" page (Palette documentation,\nClusters > Public Cloud > AWS); find-inputs lists the ones that exist.";

/// The wizard's opening steps, common to every method.
fn console_opening(partition_label: &str) -> ConsoleSteps {
    ConsoleSteps::new(Layout::Plain)
        .step("Log in to Palette as tenant admin.")
        .step("From the left Main Menu, click Tenant Settings.")
        .step("Select Cloud Accounts, and click Add AWS Account.")
        .step("In the cloud account creation wizard, enter:")
        .info("Account Name", "a name of your choice, unique in the tenant")
        .info("Description", "optional")
        .info("Partition", partition_label)
}

// Static keys of an IAM user.

fn static_keys(s: &PaletteCloudAccountSetup, keys: &PaletteStaticKeys) -> Vec<Artifact> {
    let d = Creds::Default;
    let user = keys.user_name.as_str();
    let inputs = Script::new()
        .comment("Prints the account ID of the credentials in use: run it with the registered account's.")
        .command(caller_account(s, d))
        .blank()
        .comment("Lists the Palette policies that exist in the account; the setup attaches them by name.")
        .command(list_palette_policies(s, d));

    let mut script = Script::new()
        .comment(POLICIES_COMMENT)
        .blank()
        .comment("Creates the IAM user whose access key Palette signs its requests with.")
        .command(aws(s, d, "iam", "create-user").opt("--user-name", user))
        .blank()
        .comment("Attaches the Palette policies to the user.");
    for policy_arn in policy_arns(s, &keys.account) {
        script = script.command(
            aws(s, d, "iam", "attach-user-policy")
                .opt("--user-name", user)
                .opt("--policy-arn", policy_arn),
        );
    }
    let script = script
        .blank()
        .comment("Creates the access key and prints its ID and its secret key, for you to type into\nPalette's wizard: no file holds it. Clear the terminal once Palette has validated the account.")
        .command(
            aws(s, d, "iam", "create-access-key")
                .opt("--user-name", user)
                .opt("--query", "AccessKey.[AccessKeyId,SecretAccessKey]")
                .opt("--output", "text"),
        );

    let teardown = Script::new()
        .comment("Deletes the user's access keys, then detaches the policies and deletes the user: IAM\ndeletes a user only once nothing is attached to it. The Palette policies themselves are kept.");
    let mut teardown = aws::delete_access_keys(teardown, &s.region, &keys.user_name);
    for policy_arn in policy_arns(s, &keys.account).into_iter().rev() {
        teardown = teardown.command(
            aws(s, d, "iam", "detach-user-policy")
                .opt("--user-name", user)
                .opt("--policy-arn", policy_arn),
        );
    }
    let teardown = teardown.command(aws(s, d, "iam", "delete-user").opt("--user-name", user));

    let mut steps = console_opening(s.partition_label())
        .text("Credentials:")
        .text("  AWS Access key: the first value aws-cli printed")
        .text("  AWS Secret access key: the second value aws-cli printed");
    if s.partition == Partition::AwsIsoB {
        steps = match &keys.ca_certificate {
            Some(ca) => {
                let count = ca.subjects().len();
                steps.text(format!(
                    "Certificate Authority: paste the PEM text at the end of these steps\n  ({count} certificate{}: {})",
                    if count == 1 { "" } else { "s" },
                    ca.subjects().join("; ")
                ))
            }
            None => steps.text(
                "Certificate Authority: the PEM root, intermediate or chain of trust certificate\n  of your AWS Secret Cloud endpoints, from your security team (set caCertificate\n  to have it written here)",
            ),
        };
    }
    steps = steps.step("Click Validate.").step(format!(
        "Add IAM Policies may stay off: user {user} already has {}.",
        s.policies.iter().map(IamName::as_str).collect::<Vec<_>>().join(", ")
    ));
    if s.partition == Partition::AwsIsoB {
        steps = steps.step(
            "If a Private Cloud Gateway connects Palette VerteX to the account, toggle Connect\nPrivate Cloud Gateway on and select it.",
        );
    }
    steps = steps.step("Click Confirm, then clear the terminal that shows the secret key.");
    if let Some(ca) = &keys.ca_certificate {
        steps = steps.note(format!(
            "Certificate (PEM) to paste into the Certificate Authority field:\n{}",
            ca.pem().trim_end()
        ));
    }

    vec![
        Artifact::new(
            "find-inputs",
            "Look up the account ID and the Palette policies",
            ArtifactKind::AwsCli,
            inputs.render(),
        ),
        Artifact::new(
            "aws-cli",
            "Create the IAM user, attach the Palette policies and create an access key",
            ArtifactKind::AwsCli,
            script.render(),
        ),
        console_artifact(steps),
        Artifact::new(
            "teardown",
            "Delete the access key and the user",
            ArtifactKind::AwsCli,
            teardown.render(),
        ),
    ]
}

// A role Palette assumes with STS and the external ID.

fn sts_artifacts(s: &PaletteCloudAccountSetup, sts: &PaletteSts) -> Vec<Artifact> {
    let d = Creds::Default;
    let trust = sts_trust_policy(s.partition, sts).to_pretty_json();
    let role_arn = arn::role(s.partition, &sts.account, &sts.role_name);
    let inputs = Script::new()
        .comment("Prints the account ID of the credentials in use: run it with the registered account's.")
        .command(caller_account(s, d))
        .blank()
        .comment("Lists the Palette policies that exist in the account; the setup attaches them by name.")
        .command(list_palette_policies(s, d));

    let script = Script::new()
        .comment(POLICIES_COMMENT)
        .blank()
        .comment("Creates the role that Palette's platform account assumes with your tenant's external ID.")
        .assign("trust_policy", trust.clone())
        .command(create_role(s, d, &sts.role_name, "trust_policy"))
        .blank()
        .comment("Attaches the Palette policies to the role.");
    let script = attach_role_policies(script, s, d, &sts.role_name, &sts.account);

    let teardown =
        Script::new().comment("Detaches the Palette policies and deletes the role; the policies themselves are kept.");
    let teardown =
        detach_role_policies(teardown, s, d, &sts.role_name, &sts.account).command(delete_role(s, d, &sts.role_name));

    let steps = console_opening(s.partition_label())
        .text("Select STS authentication.")
        .step("The wizard shows the values the role trusts; check them, because the role trusts only these:")
        .info("Account ID", sts.platform_account.as_str())
        .info("External ID", sts.external_id.as_str())
        .text("If the wizard shows others, set platformAccountId and externalId to them and recreate the role.")
        .step_row("ARN", role_arn.as_str(), Input::RoleArn)
        .step("Click Validate, then Confirm.");

    vec![
        Artifact::new(
            "find-inputs",
            "Look up the account ID and the Palette policies",
            ArtifactKind::AwsCli,
            inputs.render(),
        ),
        policy_artifact(
            "trust-policy",
            "Trust policy of the role (Palette's account, with the external ID)",
            ArtifactKind::TrustPolicy,
            &trust,
        ),
        Artifact::new(
            "aws-cli",
            "Create the role and attach the Palette policies",
            ArtifactKind::AwsCli,
            script.render(),
        ),
        console_artifact(steps),
        Artifact::new(
            "teardown",
            "Detach the policies and delete the role",
            ArtifactKind::AwsCli,
            teardown.render(),
        ),
    ]
}

// EKS Pod Identity, in the management cluster's account or across two accounts.

fn pod_identity_inputs(s: &PaletteCloudAccountSetup, pi: &PalettePodIdentity, cross: bool) -> Script {
    let (management, target) = if cross {
        (Creds::Profile(MANAGEMENT_PROFILE), Creds::Profile(TARGET_PROFILE))
    } else {
        (Creds::Default, Creds::Default)
    };
    let mut script = Script::new();
    if cross {
        script = profiles(script)
            .comment("Prints the account ID of each profile: the management cluster's, then the target's.")
            .command(caller_account(s, management))
            .command(caller_account(s, target));
    } else {
        script = script
            .comment("Prints the account ID of the credentials in use: run it with the management cluster's.")
            .command(caller_account(s, management));
    }
    script
        .blank()
        .comment("Lists the EKS clusters of the region; the management cluster that runs Palette is one.")
        .command(
            aws(s, management, "eks", "list-clusters")
                .opt("--query", "clusters")
                .opt("--output", "text"),
        )
        .blank()
        .comment("Prints ACTIVE when the EKS Pod Identity Agent add-on runs on the management cluster.")
        .command(
            aws(s, management, "eks", "describe-addon")
                .opt("--cluster-name", pi.cluster_name.as_str())
                .opt("--addon-name", "eks-pod-identity-agent")
                .opt("--query", "addon.status")
                .opt("--output", "text"),
        )
        .blank()
        .comment("Lists the Palette policies that exist in the account of the Palette role.")
        .command(list_palette_policies(s, target))
}

fn profiles(script: Script) -> Script {
    script
        .comment("The AWS CLI profiles with IAM administrator access to the management cluster's account\nand to the target account: set them to profile names of your AWS CLI configuration.")
        .assign(MANAGEMENT_PROFILE, "management-account")
        .assign(TARGET_PROFILE, "target-account")
        .blank()
}

fn associate(
    s: &PaletteCloudAccountSetup,
    creds: Creds,
    pi: &PalettePodIdentity,
    namespace: &str,
    service_account: &str,
    role_arn: String,
) -> Command {
    aws(s, creds, "eks", "create-pod-identity-association")
        .opt("--cluster-name", pi.cluster_name.as_str())
        .opt("--namespace", namespace)
        .opt("--service-account", service_account)
        .opt("--role-arn", role_arn)
}

/// The start of every Pod Identity teardown: both associations go before any role.
fn disassociate_both(script: Script, s: &PaletteCloudAccountSetup, creds: Creds, pi: &PalettePodIdentity) -> Script {
    let script = script.comment("Deletes the pod identity associations, then the roles in reverse order of creation. The\nPalette policies and the palette-global-config ConfigMap are kept.");
    let script = disassociate(
        script,
        s,
        creds,
        pi,
        IDENTITY_NAMESPACE,
        IDENTITY_SERVICE_ACCOUNT,
        "identity_association_id",
    );
    disassociate(
        script,
        s,
        creds,
        pi,
        HUBBLE_NAMESPACE,
        HUBBLE_SERVICE_ACCOUNT,
        "hubble_association_id",
    )
}

/// Looks up an association's ID into `var`, then deletes the association.
fn disassociate(
    script: Script,
    s: &PaletteCloudAccountSetup,
    creds: Creds,
    pi: &PalettePodIdentity,
    namespace: &str,
    service_account: &str,
    var: &'static str,
) -> Script {
    script
        .assign(
            var,
            Arg::output(
                aws(s, creds, "eks", "list-pod-identity-associations")
                    .opt("--cluster-name", pi.cluster_name.as_str())
                    .opt("--namespace", namespace)
                    .opt("--service-account", service_account)
                    .opt("--query", "associations[0].associationId")
                    .opt("--output", "text"),
            ),
        )
        .command(
            aws(s, creds, "eks", "delete-pod-identity-association")
                .opt("--cluster-name", pi.cluster_name.as_str())
                .opt("--association-id", Arg::Var(var)),
        )
}

fn global_config(pi: &PalettePodIdentity) -> Artifact {
    let script = Script::new()
        .comment("Run with the management cluster's kubeconfig (Palette's Local UI: Cluster > Environment >\nAdmin Kubeconfig File). Prints the ConfigMap when it exists and creates it otherwise;\nwhen it exists, its managementClusterName must be the management cluster's name.")
        .command_or(
            Command::new("kubectl")
                .args(["describe", "configmap", GLOBAL_CONFIG])
                .opt("--namespace", GLOBAL_CONFIG_NAMESPACE),
            Command::new("kubectl")
                .args(["create", "configmap", GLOBAL_CONFIG])
                .opt("--from-literal", format!("managementClusterName={}", pi.cluster_name))
                .opt("--namespace", GLOBAL_CONFIG_NAMESPACE),
        );
    Artifact::new(
        "palette-global-config",
        "Check for the palette-global-config ConfigMap and create it",
        ArtifactKind::Kubectl,
        script.render(),
    )
}

fn verify() -> Artifact {
    let env_names = |namespace: &str, app: &str| {
        Command::new("kubectl")
            .args(["get", "pods"])
            .opt("--namespace", namespace)
            .opt("--selector", format!("app={app}"))
            .opt(
                "--output",
                "jsonpath={range .items[0].spec.containers[0].env[*]}{.name}{\"\\n\"}{end}",
            )
    };
    let script = Script::new()
        .comment("Run with the management cluster's kubeconfig once the account is registered and the EKS\nPod Identity Agent is ACTIVE. EKS gives a pod the role's credentials only when the pod is\ncreated, so the Hubble and identity services, which ran before the associations existed,\nare restarted first.");
    let script = kubectl::restart_deployment(script, HUBBLE_DEPLOYMENT, HUBBLE_NAMESPACE);
    let script = kubectl::restart_deployment(script, IDENTITY_DEPLOYMENT, IDENTITY_NAMESPACE)
        .blank()
        .comment("Each command prints the environment variable names of a restarted Palette pod, one a line;\nboth lists must include AWS_CONTAINER_CREDENTIALS_FULL_URI and\nAWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, which EKS Pod Identity injects.")
        .command(env_names(HUBBLE_NAMESPACE, HUBBLE_SERVICE_ACCOUNT))
        .command(env_names(IDENTITY_NAMESPACE, IDENTITY_SERVICE_ACCOUNT));
    Artifact::new(
        "verify",
        "Restart Palette's services and check that EKS Pod Identity injected credentials",
        ArtifactKind::Kubectl,
        script.render(),
    )
}

fn pod_identity_console(s: &PaletteCloudAccountSetup, pi: &PalettePodIdentity, palette_role_arn: &str) -> ConsoleSteps {
    let opening = ConsoleSteps::new(Layout::Plain).note(
        "Before you start: run aws-cli and palette-global-config, and check with find-inputs that the\nEKS Pod Identity Agent is ACTIVE on the management cluster.",
    );
    let mut steps = console_opening(s.partition_label());
    steps.blocks.splice(0..0, opening.blocks);
    let steps = steps
        .text("Select EKS Pod Identity authentication.")
        .step_row("ARN", palette_role_arn, Input::RoleArn)
        .step("Click Validate.")
        .step("Leave Add IAM Policies blank: the Palette policies are attached to the role already.");
    let steps = match &pi.permission_boundary {
        Some(boundary) => steps
            .step("Toggle Add Permission Boundary on.")
            .info("Permission Boundary ARN", boundary.as_str()),
        None => steps.step("Leave Add Permission Boundary off (the setup names no permissionBoundaryArn)."),
    };
    steps.step("Click Confirm, then run verify.")
}

fn same_account(s: &PaletteCloudAccountSetup, policies: Policies, pi: &PalettePodIdentity) -> Vec<Artifact> {
    let d = Creds::Default;
    let p = s.partition;
    let account = &pi.cluster_account;
    let trust = pod_identity_trust_policy().to_pretty_json();
    let palette_pair = permission_pair(
        "palette-permission-policy",
        "Permission policy of the Palette role, beside the Palette policies",
        &palette_permission_policy(),
        &palette_permission_policy_hardened(p, account),
        PALETTE_PAIR,
    );
    let hubble_pair = permission_pair(
        "hubble-permission-policy",
        "Permission policy of the Hubble service's role",
        &hubble_permission_policy(),
        &hubble_permission_policy_hardened(p, account),
        HUBBLE_PAIR,
    );
    let identity_pair = permission_pair(
        "identity-permission-policy",
        "Permission policy of the identity service's role",
        &identity_permission_policy(p, pi),
        &identity_permission_policy_hardened(p, pi),
        IDENTITY_PAIR,
    );
    let palette_policy = palette_pair.in_scripts(policies);
    let hubble_policy = hubble_pair.in_scripts(policies);
    let identity_policy = identity_pair.in_scripts(policies);
    let palette_role_arn = arn::role(p, account, &pi.palette_role);

    let script = Script::new()
        .comment(POLICIES_COMMENT)
        .blank()
        .comment("The three roles trust EKS Pod Identity. They are created in the seed's order: the identity\nservice's policy names the Palette role.")
        .assign("pod_identity_trust", trust.clone())
        .blank()
        .comment("1. The Palette role: the Palette policies, and managing pod identity associations.")
        .command(create_role(s, d, &pi.palette_role, "pod_identity_trust"));
    let script = attach_role_policies(script, s, d, &pi.palette_role, account)
        .assign("palette_policy", palette_policy.clone())
        .command(put_role_policy(
            s,
            d,
            &pi.palette_role,
            PALETTE_INLINE_POLICY,
            "palette_policy",
        ))
        .blank()
        .comment("2. The Hubble service's role: read-only validation and discovery.")
        .command(create_role(s, d, &pi.hubble_role, "pod_identity_trust"))
        .assign("hubble_policy", hubble_policy.clone())
        .command(put_role_policy(
            s,
            d,
            &pi.hubble_role,
            HUBBLE_INLINE_POLICY,
            "hubble_policy",
        ))
        .blank()
        .comment("3. The identity service's role: pod identity associations, and the Palette role.")
        .command(create_role(s, d, &pi.identity_role, "pod_identity_trust"))
        .assign("identity_policy", identity_policy.clone())
        .command(put_role_policy(
            s,
            d,
            &pi.identity_role,
            IDENTITY_INLINE_POLICY,
            "identity_policy",
        ))
        .blank()
        .blank();
    let script = aws::install_pod_identity_agent(script, |svc, op| aws(s, d, svc, op), pi.cluster_name.as_str())
        .blank()
        .comment("Associates the Hubble and identity services' service accounts with their roles; the\nPalette role needs no association.")
        .command(associate(
            s,
            d,
            pi,
            HUBBLE_NAMESPACE,
            HUBBLE_SERVICE_ACCOUNT,
            arn::role(p, account, &pi.hubble_role),
        ))
        .command(associate(
            s,
            d,
            pi,
            IDENTITY_NAMESPACE,
            IDENTITY_SERVICE_ACCOUNT,
            arn::role(p, account, &pi.identity_role),
        ));

    let teardown = disassociate_both(Script::new(), s, d, pi)
        .command(delete_role_policy(s, d, &pi.identity_role, IDENTITY_INLINE_POLICY))
        .command(delete_role(s, d, &pi.identity_role))
        .command(delete_role_policy(s, d, &pi.hubble_role, HUBBLE_INLINE_POLICY))
        .command(delete_role(s, d, &pi.hubble_role))
        .command(delete_role_policy(s, d, &pi.palette_role, PALETTE_INLINE_POLICY));
    let teardown =
        detach_role_policies(teardown, s, d, &pi.palette_role, account).command(delete_role(s, d, &pi.palette_role));

    let [palette_used, palette_alternative] = palette_pair.arrange(policies);
    let [hubble_used, hubble_alternative] = hubble_pair.arrange(policies);
    let [identity_used, identity_alternative] = identity_pair.arrange(policies);
    vec![
        Artifact::new(
            "find-inputs",
            "Look up the account, the cluster, the Pod Identity Agent and the Palette policies",
            ArtifactKind::AwsCli,
            pod_identity_inputs(s, pi, false).render(),
        ),
        policy_artifact(
            "trust-policy",
            "Trust policy of the three roles (EKS Pod Identity)",
            ArtifactKind::TrustPolicy,
            &trust,
        ),
        palette_used,
        palette_alternative,
        hubble_used,
        hubble_alternative,
        identity_used,
        identity_alternative,
        Artifact::new(
            "aws-cli",
            "Create the three roles and the pod identity associations",
            ArtifactKind::AwsCli,
            script.render(),
        ),
        global_config(pi),
        console_artifact(pod_identity_console(s, pi, &palette_role_arn)),
        verify(),
        Artifact::new(
            "teardown",
            "Delete the associations and the roles",
            ArtifactKind::AwsCli,
            teardown.render(),
        ),
    ]
}

fn cross_account(
    s: &PaletteCloudAccountSetup,
    policies: Policies,
    pi: &PalettePodIdentity,
    target_account: &AccountId,
    hubble_target_role: &IamName,
) -> Vec<Artifact> {
    let m = Creds::Profile(MANAGEMENT_PROFILE);
    let t = Creds::Profile(TARGET_PROFILE);
    let p = s.partition;
    let trust = pod_identity_trust_policy().to_pretty_json();
    let identity_pair = permission_pair(
        "identity-permission-policy",
        "Permission policy of the identity local role (names the role itself)",
        &identity_local_permission_policy(p, pi, target_account),
        &identity_local_permission_policy_hardened(p, pi, target_account),
        PairTitles {
            as_used: "Permission policy of the identity local role (names the role itself), hardened: associations limited to the management cluster's account",
            ..IDENTITY_PAIR
        },
    );
    let palette_trust_pair = PolicyPair {
        documented: policy_artifact(
            "palette-trust-policy",
            "Trust policy of the Palette target role",
            ArtifactKind::TrustPolicy,
            &palette_target_trust_policy(s, pi).to_pretty_json(),
        ),
        hardened: policy_artifact(
            "palette-trust-policy-hardened",
            "Hardened alternative: only EKS Pod Identity's session tags passed on (use it in create-role instead)",
            ArtifactKind::TrustPolicy,
            &palette_target_trust_policy_hardened(s, pi).to_pretty_json(),
        ),
        hardened_title:
            "Trust policy of the Palette target role, hardened: only EKS Pod Identity's session tags passed on",
        documented_title:
            "Documented alternative: Palette's trust, any session tags passed on (use it in create-role instead)",
    };
    let palette_pair = permission_pair(
        "palette-permission-policy",
        "Permission policy of the Palette target role, beside the Palette policies",
        &palette_permission_policy(),
        &palette_permission_policy_hardened(p, target_account),
        PairTitles {
            as_used: "Permission policy of the Palette target role, hardened: associations and passed roles limited to the role's account, roles passed to EKS Pod Identity only",
            ..PALETTE_PAIR
        },
    );
    let hubble_pair = permission_pair(
        "hubble-permission-policy",
        "Permission policy of the Hubble target role",
        &hubble_permission_policy(),
        &hubble_permission_policy_hardened(p, target_account),
        PairTitles {
            as_used:
                "Permission policy of the Hubble target role, hardened: KMS key reads limited to the role's account",
            ..HUBBLE_PAIR
        },
    );
    let identity_policy = identity_pair.in_scripts(policies);
    let palette_trust = palette_trust_pair.in_scripts(policies);
    let palette_policy = palette_pair.in_scripts(policies);
    let hubble_trust = hubble_target_trust_policy(s, pi).to_pretty_json();
    let hubble_policy = hubble_pair.in_scripts(policies);
    let hubble_local_policy = hubble_local_permission_policy(p, target_account, hubble_target_role).to_pretty_json();
    let palette_role_arn = arn::role(p, target_account, &pi.palette_role);

    let script = profiles(Script::new())
        .comment(POLICIES_COMMENT)
        .blank()
        .comment("The roles are created in the seed's order, because some name others.")
        .assign("pod_identity_trust", trust.clone())
        .blank()
        .comment("1. The identity local role, in the management cluster's account, in two stages: its policy\nnames the role's own ARN, which IAM only accepts once the role exists.")
        .command(create_role(s, m, &pi.identity_role, "pod_identity_trust"))
        .assign("identity_policy", identity_policy.clone())
        .command(put_role_policy(s, m, &pi.identity_role, IDENTITY_INLINE_POLICY, "identity_policy"))
        .blank()
        .comment("2. The Palette target role, in the target account: its trust names the identity local role.")
        .assign("palette_trust", palette_trust.clone())
        .command(create_role(s, t, &pi.palette_role, "palette_trust"));
    let script = attach_role_policies(script, s, t, &pi.palette_role, target_account)
        .assign("palette_policy", palette_policy.clone())
        .command(put_role_policy(s, t, &pi.palette_role, PALETTE_INLINE_POLICY, "palette_policy"))
        .blank()
        .comment("3. The Hubble target role, in the target account: EKS assumes it for the Hubble service\nwith the Hubble local role's session.")
        .assign("hubble_trust", hubble_trust.clone())
        .command(create_role(s, t, hubble_target_role, "hubble_trust"))
        .assign("hubble_policy", hubble_policy.clone())
        .command(put_role_policy(s, t, hubble_target_role, HUBBLE_INLINE_POLICY, "hubble_policy"))
        .blank()
        .comment("4. The Hubble local role, in the management cluster's account: it may assume the target role.")
        .command(create_role(s, m, &pi.hubble_role, "pod_identity_trust"))
        .assign("hubble_local_policy", hubble_local_policy.clone())
        .command(put_role_policy(
            s,
            m,
            &pi.hubble_role,
            HUBBLE_LOCAL_INLINE_POLICY,
            "hubble_local_policy",
        ))
        .blank();
    let script = aws::install_pod_identity_agent(script, |svc, op| aws(s, m, svc, op), pi.cluster_name.as_str())
        .blank()
        .comment("Associates the services' service accounts with their local roles; EKS chains the Hubble\nservice's credentials on to the Hubble target role.")
        .command(
            associate(
                s,
                m,
                pi,
                HUBBLE_NAMESPACE,
                HUBBLE_SERVICE_ACCOUNT,
                arn::role(p, &pi.cluster_account, &pi.hubble_role),
            )
            .opt("--target-role-arn", arn::role(p, target_account, hubble_target_role)),
        )
        .command(associate(
            s,
            m,
            pi,
            IDENTITY_NAMESPACE,
            IDENTITY_SERVICE_ACCOUNT,
            arn::role(p, &pi.cluster_account, &pi.identity_role),
        ));

    let teardown = disassociate_both(profiles(Script::new()), s, m, pi)
        .command(delete_role_policy(s, m, &pi.hubble_role, HUBBLE_LOCAL_INLINE_POLICY))
        .command(delete_role(s, m, &pi.hubble_role))
        .command(delete_role_policy(s, t, hubble_target_role, HUBBLE_INLINE_POLICY))
        .command(delete_role(s, t, hubble_target_role))
        .command(delete_role_policy(s, t, &pi.palette_role, PALETTE_INLINE_POLICY));
    let teardown = detach_role_policies(teardown, s, t, &pi.palette_role, target_account)
        .command(delete_role(s, t, &pi.palette_role))
        .command(delete_role_policy(s, m, &pi.identity_role, IDENTITY_INLINE_POLICY))
        .command(delete_role(s, m, &pi.identity_role));

    let [identity_used, identity_alternative] = identity_pair.arrange(policies);
    let [palette_trust_used, palette_trust_alternative] = palette_trust_pair.arrange(policies);
    let [palette_used, palette_alternative] = palette_pair.arrange(policies);
    let [hubble_used, hubble_alternative] = hubble_pair.arrange(policies);
    vec![
        Artifact::new(
            "find-inputs",
            "Look up both accounts, the cluster, the Pod Identity Agent and the Palette policies",
            ArtifactKind::AwsCli,
            pod_identity_inputs(s, pi, true).render(),
        ),
        policy_artifact(
            "trust-policy",
            "Trust policy of the identity and Hubble local roles (EKS Pod Identity)",
            ArtifactKind::TrustPolicy,
            &trust,
        ),
        identity_used,
        identity_alternative,
        palette_trust_used,
        palette_trust_alternative,
        palette_used,
        palette_alternative,
        policy_artifact(
            "hubble-target-trust-policy",
            "Trust policy of the Hubble target role",
            ArtifactKind::TrustPolicy,
            &hubble_trust,
        ),
        hubble_used,
        hubble_alternative,
        policy_artifact(
            "hubble-local-permission-policy",
            "Permission policy of the Hubble local role",
            ArtifactKind::PermissionPolicy,
            &hubble_local_policy,
        ),
        Artifact::new(
            "aws-cli",
            "Create the four roles in order and the pod identity associations",
            ArtifactKind::AwsCli,
            script.render(),
        ),
        global_config(pi),
        console_artifact(pod_identity_console(s, pi, &palette_role_arn)),
        verify(),
        Artifact::new(
            "teardown",
            "Delete the associations and the four roles",
            ArtifactKind::AwsCli,
            teardown.render(),
        ),
    ]
}
