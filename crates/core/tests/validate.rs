//! One case per validation rule: the input, and the exact message the user reads.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

mod support;

use bucketrust_core::targets::stackgres;
use bucketrust_core::{validate, Field, RawSetup};
use support::messages;

/// A valid IRSA setup, so that each case changes one field and sees one error.
fn base() -> RawSetup {
    RawSetup::default()
        .with(Field::Target, "stackgres")
        .with(Field::Auth, "irsa")
        .with(Field::Region, "us-west-2")
        .with(Field::Bucket, "my-stackgres-bucket")
        .with(Field::ClusterAccountId, "111122223333")
        .with(Field::ClusterName, "my-eks-cluster")
        .with(
            Field::OidcIssuer,
            "https://oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D",
        )
}

/// Sets `field` to `value` on the base setup and checks the one message it produces
/// (`None`: the value is valid).
#[track_caller]
fn check(field: Field, value: &str, expect: Option<&str>) {
    let raw = base().with(field, value);
    let messages = messages(&raw);
    match expect {
        None => assert!(
            messages.is_empty(),
            "{field}={value:?} should be valid, got {messages:?}"
        ),
        Some(expect) => assert_eq!(messages, vec![expect.to_owned()], "{field}={value:?}"),
    }
}

#[test]
fn base_setup_is_valid() {
    assert!(validate(&base()).is_ok());
}

#[test]
fn bucket_naming_rules() {
    const BUCKET: Field = Field::Bucket;
    check(
        BUCKET,
        "ab",
        Some("bucket `ab`: S3 bucket names are 3 to 63 characters long"),
    );
    check(
        BUCKET,
        &"a".repeat(64),
        Some(&format!(
            "bucket `{}…` (64 characters): S3 bucket names are 3 to 63 characters long",
            "a".repeat(60)
        )),
    );
    check(
        BUCKET,
        "My_Bucket",
        Some("bucket `My_Bucket`: S3 bucket names use only lowercase letters, digits, `.` and `-`"),
    );
    check(
        BUCKET,
        "-bucket",
        Some("bucket `-bucket`: S3 bucket names start and end with a letter or digit"),
    );
    check(
        BUCKET,
        "bucket.",
        Some("bucket `bucket.`: S3 bucket names start and end with a letter or digit"),
    );
    check(
        BUCKET,
        "my..bucket",
        Some("bucket `my..bucket`: S3 bucket names do not contain two adjacent periods"),
    );
    check(
        BUCKET,
        "192.168.5.4",
        Some("bucket `192.168.5.4`: S3 bucket names are not formatted like an IP address"),
    );
    check(
        BUCKET,
        "xn--bucket",
        Some("bucket `xn--bucket`: S3 bucket names do not start with the reserved prefix `xn--`"),
    );
    check(
        BUCKET,
        "sthree-b",
        Some("bucket `sthree-b`: S3 bucket names do not start with the reserved prefix `sthree-`"),
    );
    check(
        BUCKET,
        "amzn-s3-demo-b",
        Some("bucket `amzn-s3-demo-b`: S3 bucket names do not start with the reserved prefix `amzn-s3-demo-`"),
    );
    check(
        BUCKET,
        "b-s3alias",
        Some("bucket `b-s3alias`: S3 bucket names do not end with the reserved suffix `-s3alias`"),
    );
    check(
        BUCKET,
        "b--ol-s3",
        Some("bucket `b--ol-s3`: S3 bucket names do not end with the reserved suffix `--ol-s3`"),
    );
    check(
        BUCKET,
        "b.mrap",
        Some("bucket `b.mrap`: S3 bucket names do not end with the reserved suffix `.mrap`"),
    );
    check(
        BUCKET,
        "b--x-s3",
        Some("bucket `b--x-s3`: S3 bucket names do not end with the reserved suffix `--x-s3`"),
    );
    check(
        BUCKET,
        "b--table-s3",
        Some("bucket `b--table-s3`: S3 bucket names do not end with the reserved suffix `--table-s3`"),
    );
    check(BUCKET, "my.bucket-01", None);
}

#[test]
fn account_ids_are_twelve_digits() {
    check(
        Field::ClusterAccountId,
        "12345678901",
        Some("clusterAccountId `12345678901`: an AWS account ID is exactly 12 digits"),
    );
    check(
        Field::ClusterAccountId,
        "12345678901a",
        Some("clusterAccountId `12345678901a`: an AWS account ID is exactly 12 digits"),
    );
    check(Field::ClusterAccountId, "012345678901", None);
}

#[test]
fn region_belongs_to_the_partition() {
    check(Field::Region, "mars-north-1", Some("region `mars-north-1`: not a region name of any AWS partition; region names look like `us-west-2`, `cn-north-1` or `us-gov-west-1`"));
    let raw = base().with(Field::Partition, "aws-us-gov");
    assert_eq!(
        messages(&raw),
        [
            "region `us-west-2`: the region belongs to partition `aws`, not `aws-us-gov`; regions of `aws-us-gov` look like `us-gov-<word>-<n>`",
            // The issuer is checked against the partition the user chose, so it is wrong too.
            "oidcIssuer `https://oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B…` (76 characters): an EKS issuer of partition `aws-us-gov` looks like `https://oidc.eks.<region>.amazonaws.com/id/<32 hex digits>` with a region of that partition",
        ]
    );
    check(Field::Partition, "aws-gov", Some("partition `aws-gov`: the partition is one of `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, `aws-iso-b`, `aws-iso-e`, `aws-iso-f`, `aws-eusc`"));
}

#[test]
fn oidc_issuer_shape() {
    const OIDC_ISSUER: Field = Field::OidcIssuer;
    check(OIDC_ISSUER, "http://oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D", Some("oidcIssuer `http://oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5…` (75 characters): the OIDC issuer must use https, which IAM requires; did you mean `https://oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D`?"));
    check(OIDC_ISSUER, "https://oidc.eks.us-west-2.amazonaws.com/id/5c7a8c4d1e2f3a4b5c6d7e8f9a0b1c2d", Some("oidcIssuer `https://oidc.eks.us-west-2.amazonaws.com/id/5c7a8c4d1e2f3a4b…` (76 characters): an EKS issuer ends in `/id/` and 32 upper-case hex digits, as `aws eks describe-cluster` prints it"));
    check(OIDC_ISSUER, "https://oidc.eks.cn-north-1.amazonaws.com.cn/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D", Some("oidcIssuer `https://oidc.eks.cn-north-1.amazonaws.com.cn/id/5C7A8C4D1E2F…` (80 characters): an EKS issuer of partition `aws` looks like `https://oidc.eks.<region>.amazonaws.com/id/<32 hex digits>` with a region of that partition"));
    check(OIDC_ISSUER, "https://issuer with space", Some("oidcIssuer `https://issuer with space`: an OIDC issuer is an https URL such as `https://oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D`"));
    // Without the scheme, as IAM writes it, and a self-hosted issuer are both accepted.
    check(
        OIDC_ISSUER,
        "oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D",
        None,
    );
    check(OIDC_ISSUER, "https://issuer.example.org/k8s/prod", None);
}

#[test]
fn kubernetes_names_are_dns_1123() {
    check(Field::Namespace, "Default", Some("namespace `Default`: a Kubernetes namespace is a DNS-1123 label: at most 63 lowercase letters, digits and `-`, starting and ending with a letter or digit"));
    check(Field::Namespace, "a.b", Some("namespace `a.b`: a Kubernetes namespace is a DNS-1123 label: at most 63 lowercase letters, digits and `-`, starting and ending with a letter or digit"));
    check(stackgres::SG_CLUSTER_NAME, "sg_1", Some("sgClusterName `sg_1`: a Kubernetes object name is a DNS-1123 subdomain: at most 253 characters of lowercase letters, digits, `-` and `.`, each dot-separated part starting and ending with a letter or digit"));
    check(stackgres::SG_CLUSTER_NAME, "backup.sg", None);
}

#[test]
fn iam_names() {
    // The AWS CLI would read `--role-name -x` as an option.
    check(Field::RoleName, "-backup", Some("roleName `-backup`: IAM role names starting with `-` are read as options by the AWS CLI; start with a letter or digit"));
    check(
        Field::RoleName,
        &"r".repeat(65),
        Some(&format!(
            "roleName `{}…` (65 characters): IAM role names are 1 to 64 characters long",
            "r".repeat(60)
        )),
    );
    check(
        Field::RoleName,
        "role name",
        Some("roleName `role name`: IAM role names use only letters, digits and `_+=,.@-`"),
    );
    check(Field::PolicyName, &"p".repeat(128), None);
    check(
        Field::PolicyName,
        &"p".repeat(129),
        Some(&format!(
            "policyName `{}…` (129 characters): IAM policy names are 1 to 128 characters long",
            "p".repeat(60)
        )),
    );
    check(Field::ClusterName, "-cluster", Some("clusterName `-cluster`: EKS cluster names are 1 to 100 letters, digits, `-` and `_`, starting with a letter or digit"));
}

#[test]
fn storage_class_and_kms_key() {
    check(
        stackgres::STORAGE_CLASS,
        "GLACIER",
        Some("storageClass `GLACIER`: the storage class is one of `STANDARD`, `STANDARD_IA`, `REDUCED_REDUNDANCY`"),
    );
    check(Field::KmsKeyArn, "arn:aws-cn:kms:cn-north-1:111122223333:key/abc", Some("kmsKeyArn `arn:aws-cn:kms:cn-north-1:111122223333:key/abc`: the key's partition `aws-cn` differs from the setup's partition `aws`"));
    check(Field::KmsKeyArn, "arn:aws:kms:us-west-2:111122223333:alias/backups", Some("kmsKeyArn `arn:aws:kms:us-west-2:111122223333:alias/backups`: use the key ARN (`key/<key-id>`), not an alias: IAM authorises KMS operations on the key ARN"));
    check(
        Field::KmsKeyArn,
        "not-an-arn",
        Some("kmsKeyArn `not-an-arn`: a KMS key ARN looks like `arn:aws:kms:<region>:<account-id>:key/<key-id>`"),
    );
    check(
        Field::KmsKeyArn,
        "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        Some("kmsKeyArn `arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56…` (75 characters): the key is in region `us-east-1` but the bucket is in `us-west-2`: S3 encrypts only with a key of the bucket's region"),
    );
    check(
        Field::KmsKeyArn,
        "arn:aws:kms:us-west-2:111122223333:key/abc/def",
        Some("kmsKeyArn `arn:aws:kms:us-west-2:111122223333:key/abc/def`: a KMS key ARN looks like `arn:aws:kms:<region>:<account-id>:key/<key-id>`"),
    );
    check(
        Field::KmsKeyArn,
        "arn:aws:kms:us-west-2:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab",
        None,
    );
}

#[test]
fn the_kms_key_example_names_the_setup_partition() {
    let raw = base()
        .with(Field::Partition, "aws-us-gov")
        .with(Field::Region, "us-gov-west-1")
        .with(
            Field::OidcIssuer,
            "https://oidc.eks.us-gov-west-1.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D",
        )
        .with(Field::KmsKeyArn, "key/abc");
    assert_eq!(
        messages(&raw),
        vec!["kmsKeyArn `key/abc`: a KMS key ARN looks like `arn:aws-us-gov:kms:<region>:<account-id>:key/<key-id>`"]
    );
}

#[test]
fn required_fields_and_unsupported_auth() {
    let raw = base().with(Field::ClusterAccountId, "").with(Field::Bucket, "");
    assert_eq!(
        messages(&raw),
        [
            "bucket is required for target `stackgres` with auth `irsa`",
            "clusterAccountId is required for target `stackgres` with auth `irsa`"
        ]
    );
    let raw = base().with(Field::Auth, "sts");
    assert_eq!(
        messages(&raw),
        ["auth `sts`: target `stackgres` supports only `static-keys`, `irsa`"]
    );
    // An unknown target is refused with every registered one named, in the page's order.
    let raw = base().with(Field::Target, "not-a-target");
    let ids: Vec<String> = bucketrust_core::targets::ALL
        .iter()
        .map(|t| format!("`{}`", t.id()))
        .collect();
    assert_eq!(
        messages(&raw),
        [format!(
            "target `not-a-target`: the target is one of {}",
            ids.join(", ")
        )]
    );
}

#[test]
fn external_id_rules() {
    use bucketrust_core::setup::value::ExternalId;
    let message = |v: &str| ExternalId::parse(Field::ExternalId, v).err().map(|e| e.to_string());
    assert_eq!(
        message("a"),
        Some("externalId `a`: an external ID is 2 to 1,224 characters long".to_owned())
    );
    assert_eq!(
        message("tenant id"),
        Some("externalId `tenant id`: an external ID uses only letters, digits and `_+=,.@:/-`".to_owned())
    );
    assert_eq!(message("tenant:42/x=y@z"), None);
}

#[test]
fn fields_that_do_not_matter_are_ignored_not_checked() {
    let raw = base()
        .with(Field::Auth, "static-keys")
        .with(Field::ClusterAccountId, "bad");
    assert!(validate(&raw).is_ok());
    assert_eq!(
        raw.ignored_fields(),
        vec![Field::ClusterAccountId, Field::ClusterName, Field::OidcIssuer]
    );
}

#[test]
fn one_bad_field_does_not_hide_another() {
    let raw = base()
        .with(Field::Bucket, "Bad")
        .with(Field::OidcIssuer, "http://issuer.example.org");
    let fields: Vec<_> = validate(&raw)
        .err()
        .unwrap_or_default()
        .iter()
        .filter_map(|e| e.field())
        .collect();
    assert_eq!(fields, [Field::Bucket, Field::OidcIssuer]);
}

#[test]
fn a_link_with_a_repeated_key_keeps_the_first_value_and_says_so() {
    let (raw, errors) = RawSetup::from_fragment("#target=stackgres&bucket=first-bucket&bucket=second-bucket");
    assert_eq!(raw.get(Field::Bucket), Some("first-bucket"));
    let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors, ["bucket is given twice: keep one value"]);
}

#[test]
fn a_link_whose_encoding_breaks_is_reported_not_rewritten() {
    // `%FF` is no UTF-8: it once became U+FFFD without a word.
    let (raw, errors) = RawSetup::from_fragment("#target=stackgres&bucket=my%FFbucket&namespace=a+b%2Cc");
    assert_eq!(raw.get(Field::Bucket), Some("my%FFbucket"));
    assert_eq!(raw.get(Field::Namespace), Some("a b,c"));
    let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        ["bucket `my%FFbucket`: the link's percent-encoding of this value does not decode to UTF-8 text"]
    );
    // What the page writes back reads the same again.
    let (again, errors) = RawSetup::from_fragment(&raw.with(Field::Bucket, "ok-bucket").to_fragment());
    assert!(errors.is_empty());
    assert_eq!(again.get(Field::Namespace), Some("a b,c"));
}
