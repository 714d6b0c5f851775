//! The ARN builders, always with the setup's partition, from the setup's validated values.
//! (Splitting an ARN into its parts is `crate::arn`, which the setup's own values use.)

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

/// `arn:<p>:ec2:*::snapshot/*`: the EBS snapshots of the partition, in every region (the
/// cluster's region may differ from the bucket's, and snapshot ARNs carry no account).
pub fn ebs_snapshots(p: Partition) -> String {
    format!("arn:{p}:ec2:*::snapshot/*")
}

/// `arn:<p>:ec2:*:<account>:volume/*`: the EBS volumes of an account, in every region.
pub fn ebs_volumes(p: Partition, account: &AccountId) -> String {
    format!("arn:{p}:ec2:*:{account}:volume/*")
}

/// `arn:<p>:iam::<account>:role/*`: every role of an account.
pub fn roles(p: Partition, account: &AccountId) -> String {
    format!("arn:{p}:iam::{account}:role/*")
}

/// `arn:<p>:eks:*:<account>:cluster/*`: the EKS clusters of an account, in every region.
pub fn eks_clusters(p: Partition, account: &AccountId) -> String {
    format!("arn:{p}:eks:*:{account}:cluster/*")
}

/// `arn:<p>:eks:*:<account>:podidentityassociation/*/*`: the pod identity associations of
/// every cluster of an account.
pub fn eks_pod_identity_associations(p: Partition, account: &AccountId) -> String {
    format!("arn:{p}:eks:*:{account}:podidentityassociation/*/*")
}

/// `arn:<p>:kms:*:<account>:key/*`: the KMS keys of an account, in every region.
pub fn kms_keys(p: Partition, account: &AccountId) -> String {
    format!("arn:{p}:kms:*:{account}:key/*")
}

/// `arn:<p>:iam::<account>:root`: the account itself as a trust principal.
pub fn account_root(p: Partition, account: &AccountId) -> String {
    format!("arn:{p}:iam::{account}:root")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::Field;

    #[test]
    fn account_root_carries_the_partition() {
        let account = AccountId::parse(Field::ClusterAccountId, "012345678901");
        assert_eq!(
            account.map(|a| account_root(Partition::AwsIsoB, &a)),
            Ok("arn:aws-iso-b:iam::012345678901:root".to_owned())
        );
    }
}
