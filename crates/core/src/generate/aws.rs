//! AWS CLI commands that several generators write, so that each is spelled once.

use super::arn;
use crate::partition::Partition;
use crate::setup::value::IamName;
use crate::setup::value::Region;
use crate::setup::{OidcCluster, S3Location};
use crate::shell::{Arg, Command, Script};

/// `aws <service> <operation> --region <region>`. IAM is global, but `--region` makes the CLI
/// use the IAM endpoint of the setup's partition (China, GovCloud and the ISO partitions have
/// their own), and STS the regional endpoint.
pub(crate) fn aws(region: &Region, service: &str, operation: &str) -> Command {
    Command::new("aws")
        .args([service, operation])
        .opt("--region", region.as_str())
}

/// Prints the account ID of the credentials in use.
pub(crate) fn caller_account(region: &Region) -> Command {
    aws(region, "sts", "get-caller-identity")
        .opt("--query", "Account")
        .opt("--output", "text")
}

/// Creates the bucket in its region.
pub(crate) fn make_bucket(loc: &S3Location) -> Command {
    Command::new("aws")
        .args(["s3", "mb"])
        .args([format!("s3://{}", loc.bucket)])
        .opt("--region", loc.region.as_str())
}

/// Creates the bucket in its region unless a bucket of that name exists and the credentials
/// in use can reach it; a bucket of another account still stops the script at `mb`.
pub(crate) fn ensure_bucket(script: Script, loc: &S3Location) -> Script {
    script.unless(
        aws(&loc.region, "s3api", "head-bucket").opt("--bucket", loc.bucket.as_str()),
        make_bucket(loc),
    )
}

/// Registers the cluster's OIDC issuer with IAM unless it is registered already, with STS as
/// the audience: IAM accepts web identity tokens only from registered issuers.
pub(crate) fn register_oidc_provider(script: Script, p: Partition, region: &Region, cluster: &OidcCluster) -> Script {
    let provider_arn = arn::oidc_provider(p, &cluster.account, &cluster.issuer);
    script.unless(
        aws(region, "iam", "get-open-id-connect-provider").opt("--open-id-connect-provider-arn", provider_arn),
        aws(region, "iam", "create-open-id-connect-provider")
            .opt("--url", cluster.issuer.url())
            .opt("--client-id-list", "sts.amazonaws.com"),
    )
}

/// The private directory a block keeps an access key in (see [`Script::private_dir`]).
pub(crate) const KEY_DIR: &str = "key_dir";

/// The file in [`KEY_DIR`] the access key goes to, as the StackGres documentation names it.
pub(crate) const CREDENTIALS_FILE: &str = "credentials.json";

/// The variable that holds the new access key's ID, for [`undo_access_key`].
const ACCESS_KEY_ID: &str = "access_key_id";

/// Creates an access key of `user` into [`CREDENTIALS_FILE`] in a new private directory that
/// is removed when the block ends, and deletes the key again from IAM should a later command
/// of the block fail, so that no key is left active that nothing holds.
pub(crate) fn create_access_key(script: Script, region: &Region, user: &IamName) -> Script {
    script
        .private_dir(KEY_DIR)
        .private(
            Command::new("aws")
                .opt("--output", "json")
                .args(["iam", "create-access-key"])
                .opt("--region", region.as_str())
                .opt("--user-name", user.as_str())
                .stdout_to(key_file(CREDENTIALS_FILE)),
        )
        .assign(
            ACCESS_KEY_ID,
            Arg::output(Command::new("jq").args([
                Arg::from("-r"),
                ".AccessKey.AccessKeyId".into(),
                key_file(CREDENTIALS_FILE),
            ])),
        )
        .on_failure(
            aws(region, "iam", "delete-access-key")
                .opt("--user-name", user.as_str())
                .opt("--access-key-id", Arg::Var(ACCESS_KEY_ID)),
        )
}

/// [`create_access_key`], then each half of the key copied into a file of its own in the key
/// directory, named after the secret's key (`id_file`, `secret_file`), so that the secret key
/// never appears on a command line: what a `kubectl create secret --from-file` reads.
pub(crate) fn create_access_key_halves(
    region: &Region,
    user: &IamName,
    id_file: &'static str,
    secret_file: &'static str,
) -> Script {
    let jq = |path: &str, file: &'static str| {
        Command::new("jq")
            .args([Arg::from("-j"), path.into(), key_file(CREDENTIALS_FILE)])
            .stdout_to(key_file(file))
    };
    let script = Script::new().comment(
        "Creates an access key of the user in a new directory only you can read, which is removed\nwith the key files when this block ends; should a later command fail, the key is deleted\nfrom IAM again, so no key stays active that no secret holds.",
    );
    create_access_key(script, region, user)
        .blank()
        .comment("Copies each half of the access key into a file of its own, named after the secret's key,\nso that the secret key never appears on a command line.")
        .private(jq(".AccessKey.AccessKeyId", id_file))
        .private(jq(".AccessKey.SecretAccessKey", secret_file))
}

/// A file in the block's private key directory.
pub(crate) fn key_file(name: &'static str) -> Arg {
    Arg::InDir {
        dir: KEY_DIR,
        file: name,
    }
}

/// Deletes every access key of `user`, which IAM requires before it deletes the user.
pub(crate) fn delete_access_keys(script: Script, region: &Region, user: &IamName) -> Script {
    script
        .assign(
            "access_key_ids",
            Arg::output(
                aws(region, "iam", "list-access-keys")
                    .opt("--user-name", user.as_str())
                    .opt("--query", "AccessKeyMetadata[].AccessKeyId")
                    .opt("--output", "text"),
            ),
        )
        .for_each_word(
            "access_key_id",
            "access_key_ids",
            aws(region, "iam", "delete-access-key")
                .opt("--user-name", user.as_str())
                .opt("--access-key-id", Arg::Var("access_key_id")),
        )
}

/// The EKS add-on that gives the pods of pod identity associations their credentials.
pub(crate) const POD_IDENTITY_AGENT: &str = "eks-pod-identity-agent";

/// Installs the EKS Pod Identity Agent add-on on the cluster unless it is installed: without
/// it, pod identity associations give pods no credentials. `aws` builds the script's AWS CLI
/// commands (its region, and its profile where it has one).
pub(crate) fn install_pod_identity_agent(script: Script, aws: impl Fn(&str, &str) -> Command, cluster: &str) -> Script {
    script
        .comment("Installs the EKS Pod Identity Agent add-on unless the cluster runs it: without it, pod\nidentity associations give pods no credentials. It becomes ACTIVE within a few minutes;\nfind-inputs prints its status.")
        .unless(
            aws("eks", "describe-addon")
                .opt("--cluster-name", cluster)
                .opt("--addon-name", POD_IDENTITY_AGENT),
            aws("eks", "create-addon")
                .opt("--cluster-name", cluster)
                .opt("--addon-name", POD_IDENTITY_AGENT),
        )
}

/// Makes the setup's KMS key the bucket's default encryption, with an S3 Bucket Key to cut
/// KMS requests, or `None` without a key: a bucket left on SSE-S3 would hold objects the
/// key never protects, though the policy grants the key.
pub(crate) fn default_encryption(loc: &S3Location) -> Option<Command> {
    let key = loc.kms_key.as_ref()?;
    let encryption = serde_json::json!({
        "Rules": [{
            "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key.as_str()},
            "BucketKeyEnabled": true,
        }]
    });
    Some(
        aws(&loc.region, "s3api", "put-bucket-encryption")
            .opt("--bucket", loc.bucket.as_str())
            .opt("--server-side-encryption-configuration", encryption.to_string()),
    )
}
