//! ARNs, always built with the setup's partition.

use crate::partition::Partition;
use crate::setup::value::{AccountId, BucketName, IamName, OidcIssuer};

/// `arn:<p>:s3:::<bucket>`: the resource of bucket-level actions such as `s3:ListBucket`.
pub fn bucket(p: Partition, bucket: &BucketName) -> String {
    format!("arn:{p}:s3:::{bucket}")
}

/// `arn:<p>:s3:::<bucket>/*`: the resource of object-level actions such as `s3:GetObject`.
pub fn bucket_objects(p: Partition, bucket: &BucketName) -> String {
    format!("arn:{p}:s3:::{bucket}/*")
}

pub fn role(p: Partition, account: &AccountId, name: &IamName) -> String {
    format!("arn:{p}:iam::{account}:role/{name}")
}

pub fn policy(p: Partition, account: &AccountId, name: &IamName) -> String {
    format!("arn:{p}:iam::{account}:policy/{name}")
}

pub fn oidc_provider(p: Partition, account: &AccountId, issuer: &OidcIssuer) -> String {
    format!("arn:{p}:iam::{account}:oidc-provider/{}", issuer.host_and_path())
}

/// `arn:<p>:iam::<account>:root`: the account itself as a trust principal, which delegates
/// the decision to the account's own IAM policies.
pub fn account_root(p: Partition, account: &AccountId) -> String {
    format!("arn:{p}:iam::{account}:root")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::field::Field;

    #[test]
    fn account_root_carries_the_partition() {
        let account = AccountId::parse(Field::PlatformAccountId, "012345678901").unwrap();
        assert_eq!(account_root(Partition::Aws, &account), "arn:aws:iam::012345678901:root");
        assert_eq!(
            account_root(Partition::AwsUsGov, &account),
            "arn:aws-us-gov:iam::012345678901:root"
        );
    }
}
