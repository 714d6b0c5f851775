//! The IRSA steps of a target whose operator owns the service account (StackGres,
//! CloudNativePG): the look-ups, the role created with the AWS CLI, and the same role created
//! by eksctl without touching the account.

use super::aws::{self, aws, caller_account};
use crate::partition::Partition;
use crate::setup::value::{IamName, Region};
use crate::setup::OidcCluster;
use crate::shell::{Arg, Command, Script};

/// Prints the account of the credentials in use, the cluster's OIDC issuer and the OIDC
/// providers IAM knows.
pub(crate) fn lookups(region: &Region, cluster: &OidcCluster) -> Script {
    Script::new()
        .comment("Prints the account ID of the credentials in use: run it with the cluster account's.")
        .command(caller_account(region))
        .blank()
        .comment("Prints the cluster's OIDC issuer URL.")
        .command(
            aws(region, "eks", "describe-cluster")
                .opt("--name", cluster.name.as_str())
                .opt("--query", "cluster.identity.oidc.issuer")
                .opt("--output", "text"),
        )
        .blank()
        .comment("Lists the OIDC providers IAM knows; the role step below registers the issuer if needed.")
        .command(aws(region, "iam", "list-open-id-connect-providers"))
}

/// Registers the issuer unless IAM knows it, creates the role with `trust` (under the
/// comment `creates`) and attaches the managed policy `policy_arn`.
pub(crate) fn create_role(
    p: Partition,
    region: &Region,
    cluster: &OidcCluster,
    role: &IamName,
    trust: &str,
    policy_arn: &str,
    creates: &'static str,
) -> Script {
    let script = Script::new().comment(
        "Registers the cluster's OIDC issuer with IAM, unless it is registered already: IAM\ntrusts the issuer's tokens only through this provider. The audience is STS's.",
    );
    aws::register_oidc_provider(script, p, region, cluster)
        .blank()
        .comment(creates)
        .assign("trust_policy", trust.to_owned())
        .command(
            aws(region, "iam", "create-role")
                .opt("--role-name", role.as_str())
                .opt("--assume-role-policy-document", Arg::Var("trust_policy")),
        )
        .command(
            aws(region, "iam", "attach-role-policy")
                .opt("--role-name", role.as_str())
                .opt("--policy-arn", policy_arn),
        )
}

/// The eksctl alternative of [`create_role`]: the issuer, then the role for `namespace/
/// service_account` with `--role-only`, which leaves the account to its operator (the
/// comment `why` says which).
pub(crate) fn eksctl_role_only(
    region: &Region,
    cluster: &OidcCluster,
    namespace: &str,
    service_account: &str,
    role: &IamName,
    policy_arn: &str,
    why: &'static str,
) -> Script {
    Script::new()
        .comment("Instead of the AWS CLI role step: registers the cluster's OIDC issuer with IAM (once per\ncluster, harmless when done) ...")
        .command(
            Command::new("eksctl")
                .args(["utils", "associate-iam-oidc-provider"])
                .opt("--cluster", cluster.name.as_str())
                .opt("--region", region.as_str())
                .flag("--approve"),
        )
        .blank()
        .comment(why)
        .command(
            Command::new("eksctl")
                .args(["create", "iamserviceaccount"])
                .opt("--name", service_account)
                .opt("--namespace", namespace)
                .opt("--cluster", cluster.name.as_str())
                .opt("--region", region.as_str())
                .opt("--role-name", role.as_str())
                .opt("--attach-policy-arn", policy_arn)
                .flag("--role-only")
                .flag("--approve"),
        )
}
