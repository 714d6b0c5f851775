//! The Palette backup location target: policies equal in meaning to Palette's documentation
//! (seeds 000 and 001), the cross-account trust, the KMS statements, the console steps, one
//! case per validation rule the target adds, and its scripts run in the sandbox. Snapshots of
//! every fixture are taken by `generate.rs`, which snapshots every setup fixture.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use bucketrust_core::policy::semantics::grants;
use bucketrust_core::targets::palette_backup_location;
use bucketrust_core::{ArtifactKind, Field, Language, RawSetup};
use serde_json::Value;

mod support;

use support::{artifacts, content, fixture, json, messages};

fn from_fixture(name: &str) -> RawSetup {
    RawSetup::from_json(&fixture(&format!("setups/palette-backup-location-{name}.json")))
        .unwrap_or_else(|e| panic!("{e:?}"))
}

const PLATFORM: &str = "012345678901";
const EXTERNAL_ID: &str = "f3e7a1b2-0c9d-4e8f-a6b5-c4d3e2f1a0b9";
const CLUSTER: &str = "111122223333";
const BUCKET_ACCOUNT: &str = "444455556666";

/// A valid single-account setup with nothing optional, so that each case changes one field.
fn base() -> RawSetup {
    RawSetup::default()
        .with(Field::Target, "palette-backup-location")
        .with(Field::Auth, "sts")
        .with(Field::Region, "us-west-2")
        .with(Field::Bucket, "my-palette-backups")
        .with(Field::PlatformAccountId, PLATFORM)
        .with(Field::ExternalId, EXTERNAL_ID)
        .with(Field::ClusterAccountId, CLUSTER)
}

fn gov(raw: RawSetup) -> RawSetup {
    raw.with(Field::Partition, "aws-us-gov")
        .with(Field::Region, "us-gov-west-1")
}

fn multi_account(raw: RawSetup) -> RawSetup {
    raw.with(Field::BucketAccountId, BUCKET_ACCOUNT)
}

/// A seed document with its placeholders replaced by the values of [`base`], in `partition`.
fn seed(name: &str, partition: &str) -> Value {
    let text = fixture(&format!("seeds/palette-backup-location-{name}.json"))
        .replace("BUCKET-NAME", "my-palette-backups")
        .replace("[AWS-ACCOUNT-ID-OF-PALETTE-SaaS]", PLATFORM)
        .replace("[AWS-ACCOUNT-ID-OF-PALETTE]", PLATFORM)
        .replace("[YOUR-EXTERNAL-ID]", EXTERNAL_ID)
        .replace("[ACCOUNT-ID-FOR-AWS-ACCOUNT-A]", CLUSTER)
        .replace("arn:aws:", &format!("arn:{partition}:"));
    json(&text)
}

// ---------------------------------------------------------------------------------------
// Golden tests against the seeds.

#[test]
fn permission_policy_means_what_both_seeds_say_in_every_scenario() {
    for (raw, partition) in [
        (base(), "aws"),
        (multi_account(base()), "aws"),
        (gov(base()), "aws-us-gov"),
        (gov(multi_account(base())), "aws-us-gov"),
    ] {
        let all = artifacts(&raw);
        let policy = json(content(&all, "permission-policy"));
        for name in ["000-policy", "001-policy"] {
            assert_eq!(grants(&policy), grants(&seed(name, partition)), "{name} in {partition}");
        }
        // The script creates exactly the policy it shows.
        let shown = content(&all, "permission-policy").trim_end();
        assert!(content(&all, "aws-cli").contains(&format!("permission_policy='{shown}'")));
    }
}

#[test]
fn single_account_trust_is_the_seed_trust_of_palette_alone() {
    for (raw, partition) in [(base(), "aws"), (gov(base()), "aws-us-gov")] {
        let all = artifacts(&raw);
        let trust = json(content(&all, "trust-policy"));
        assert_eq!(grants(&trust), grants(&seed("000-trust", partition)), "{partition}");
    }
}

#[test]
fn multi_account_trust_adds_the_cluster_account_root() {
    for (raw, partition) in [
        (multi_account(base()), "aws"),
        (gov(multi_account(base())), "aws-us-gov"),
    ] {
        let all = artifacts(&raw);
        let trust = json(content(&all, "trust-policy"));
        assert_eq!(
            grants(&trust),
            grants(&seed("001-trust-multi-account", partition)),
            "{partition}"
        );
        // The second statement has no condition: only Palette's needs the external ID.
        assert_eq!(
            trust["Statement"][1]["Principal"]["AWS"],
            format!("arn:{partition}:iam::{CLUSTER}:root")
        );
        assert!(trust["Statement"][1].get("Condition").is_none());
        assert!(content(&all, "aws-cli").contains(&format!("arn:{partition}:iam::{BUCKET_ACCOUNT}:policy/")));
    }
}

#[test]
fn multi_account_trust_names_the_trusted_role_instead_of_the_root() {
    let raw = multi_account(base()).with(palette_backup_location::TRUSTED_ROLE_NAME, "SpectroCloudRole");
    let all = artifacts(&raw);
    let trust = json(content(&all, "trust-policy"));
    // Seed 001: "you can use the `arn:aws:iam::[ACCOUNT-ID-FOR-AWS-ACCOUNT-A]:role/SpectroCloudRole`
    // ARN instead".
    let mut expected = seed("001-trust-multi-account", "aws");
    expected["Statement"][1]["Principal"]["AWS"] = Value::from(format!("arn:aws:iam::{CLUSTER}:role/SpectroCloudRole"));
    assert_eq!(grants(&trust), grants(&expected));
    assert!(!content(&all, "trust-policy").contains(&format!("{CLUSTER}:root")));
    let steps = content(&all, "console-steps");
    assert!(
        steps.contains(&format!(
            "   Cluster account:      {CLUSTER}\n   Trusted role:         arn:aws:iam::{CLUSTER}:role/SpectroCloudRole\n"
        )),
        "{steps}"
    );
    // find-inputs checks that the trusted role exists.
    assert!(content(&all, "find-inputs")
        .contains("aws iam get-role \\\n  --region us-west-2 \\\n  --role-name SpectroCloudRole"));
}

#[test]
fn the_role_lives_in_the_bucket_account() {
    let all = artifacts(&multi_account(base()));
    let steps = content(&all, "console-steps");
    assert!(
        steps.contains(&format!(
            "5. Back in Palette, paste the role's ARN:\n   ARN:                  arn:aws:iam::{BUCKET_ACCOUNT}:role/PaletteBackupLocationRole\n"
        )),
        "{steps}"
    );
    assert!(
        steps.contains(&format!("   Trusted principal:    arn:aws:iam::{CLUSTER}:root\n")),
        "{steps}"
    );
    // Without bucketAccountId, the bucket account is the cluster's.
    let all = artifacts(&base());
    assert!(content(&all, "console-steps").contains(&format!("arn:aws:iam::{CLUSTER}:role/PaletteBackupLocationRole")));
}

// ---------------------------------------------------------------------------------------
// KMS.

#[test]
fn kms_key_adds_the_velero_key_permissions_and_the_key_policy_note() {
    let key = "arn:aws-us-gov:kms:us-gov-west-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let raw = gov(multi_account(base())).with(Field::KmsKeyArn, key);
    let all = artifacts(&raw);
    let policy = json(content(&all, "permission-policy"));
    // The seed's grants plus the key's, and nothing else.
    let mut expected = seed("001-policy", "aws-us-gov");
    let statements = expected["Statement"].as_array_mut().unwrap();
    statements.push(serde_json::json!({
        "Effect": "Allow",
        "Action": ["kms:Decrypt", "kms:GenerateDataKey*", "kms:Encrypt", "kms:DescribeKey", "kms:ReEncrypt*"],
        "Resource": key,
    }));
    statements.push(serde_json::json!({
        "Effect": "Allow",
        "Action": "kms:CreateGrant",
        "Resource": key,
        "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}},
    }));
    assert_eq!(grants(&policy), grants(&expected));

    let steps = content(&all, "console-steps");
    assert!(steps.contains("the key's own policy must allow it too"), "{steps}");
    assert!(
        steps.contains(&format!(
            "   Key:                  {key}\n   Key account root:     arn:aws-us-gov:iam::444455556666:root\n   Role:                 arn:aws-us-gov:iam::444455556666:role/PaletteBackupLocationRole\n"
        )),
        "{steps}"
    );
    assert!(content(&all, "aws-cli").contains("# The KMS key's own policy must also let the role use the key"));
    assert!(content(&all, "find-inputs").contains(&format!(
        "aws kms get-key-policy \\\n  --region us-gov-west-1 \\\n  --key-id {key} \\\n  --policy-name default"
    )));

    // Without a key, no KMS statement and no note.
    let all = artifacts(&gov(base()));
    assert!(!content(&all, "permission-policy").contains("kms:"));
    assert!(!content(&all, "console-steps").contains("KMS"));
    assert!(!content(&all, "find-inputs").contains("aws kms"));
}

#[test]
fn kms_key_of_another_partition_is_refused() {
    let raw = gov(base()).with(
        Field::KmsKeyArn,
        "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    );
    assert_eq!(
        messages(&raw),
        vec![
            // The message shows the first 60 characters of the 75 the ARN has.
            "kmsKeyArn `arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56…` (75 characters): the key's partition `aws` differs from the setup's partition `aws-us-gov`"
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Console steps.

#[test]
fn console_steps_list_the_exact_values_of_the_wizard() {
    let all = artifacts(&from_fixture("single-account-us-gov"));
    let steps = content(&all, "console-steps");
    for line in [
        "1. In Palette, open Project Settings > Backup Locations and click Add New Backup Location.\n",
        "   Location Name:        Gov backups (west)\n",
        "   Location Provider:    AWS\n",
        "   Certificate:          paste the PEM text at the end of these steps (1 certificate: O=Example Corp,CN=Example Backup CA)\n",
        "   S3 Bucket:            gov-palette-backups\n",
        "   Region:               us-gov-west-1\n",
        "   S3 URL:               https://s3-fips.us-gov-west-1.amazonaws.com\n   Force S3 path style:  select the checkbox (Palette requires it with an S3 URL)\n",
        "3. Choose the STS validation method.",
        "   AWS account ID:       012345678901\n   External ID:          tenant-7f3e/backups\n",
        "   Account:              111122223333\n   Policy:               GovBackupPolicy\n   Role:                 GovBackupRole\n",
        "5. Back in Palette, paste the role's ARN:\n   ARN:                  arn:aws-us-gov:iam::111122223333:role/GovBackupRole\n",
    ] {
        assert!(steps.contains(line), "missing {line:?} in\n{steps}");
    }
    let pem = fixture("setups/palette-backup-location-ca.pem");
    assert!(
        steps.ends_with(&format!("to paste into the Certificate field:\n{}\n", pem.trim())),
        "{steps}"
    );
}

#[test]
fn console_steps_defaults_name_the_location_after_the_bucket_and_leave_optional_fields_empty() {
    let all = artifacts(&base());
    let steps = content(&all, "console-steps");
    for line in [
        "   Location Name:        my-palette-backups\n",
        "   Certificate:          leave empty\n",
        "   S3 URL:               leave empty\n",
    ] {
        assert!(steps.contains(line), "missing {line:?} in\n{steps}");
    }
    assert!(!steps.contains("Force S3 path style"));
}

#[test]
fn a_bundle_lists_every_certificate() {
    let bundle = fixture("setups/palette-backup-location-ca-bundle.pem");
    let all = artifacts(&base().with(Field::CaCertificate, bundle));
    assert!(content(&all, "console-steps")
        .contains("(2 certificates: O=Example Corp,CN=Example Backup CA; CN=Example Intermediate CA)"));
}

#[test]
fn artifacts_have_the_kinds_the_house_rules_ask_for() {
    let all = artifacts(&from_fixture("multi-account-aws"));
    let shape: Vec<(&str, ArtifactKind, Language)> = all.iter().map(|a| (a.id, a.kind, a.language)).collect();
    assert_eq!(
        shape,
        vec![
            ("find-inputs", ArtifactKind::AwsCli, Language::Bash),
            ("permission-policy", ArtifactKind::PermissionPolicy, Language::Json),
            (
                "permission-policy-hardened",
                ArtifactKind::PermissionPolicy,
                Language::Json
            ),
            ("trust-policy", ArtifactKind::TrustPolicy, Language::Json),
            ("aws-cli", ArtifactKind::AwsCli, Language::Bash),
            ("console-steps", ArtifactKind::ConsoleSteps, Language::Text),
            ("teardown", ArtifactKind::AwsCli, Language::Bash),
        ]
    );
}

#[test]
fn every_arn_carries_the_partition() {
    for name in ["single-account-us-gov", "multi-account-us-gov"] {
        for a in artifacts(&from_fixture(name)) {
            assert!(
                !a.content.contains("arn:aws:"),
                "{name}: {} hard-codes arn:aws:\n{}",
                a.id,
                a.content
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// Validation: one case per rule the target adds, with the exact message.

#[track_caller]
fn check(field: Field, value: &str, expect: Option<&str>) {
    let got = messages(&base().with(field, value));
    match expect {
        None => assert!(got.is_empty(), "{field}={value:?} should be valid, got {got:?}"),
        Some(expect) => assert_eq!(got, vec![expect.to_owned()], "{field}={value:?}"),
    }
}

#[test]
fn base_setup_is_valid() {
    assert_eq!(messages(&base()), Vec::<String>::new());
}

#[test]
fn required_fields_are_named() {
    let raw = RawSetup::default()
        .with(Field::Target, "palette-backup-location")
        .with(Field::Auth, "sts")
        .with(Field::Region, "us-west-2")
        .with(Field::Bucket, "my-palette-backups");
    assert_eq!(
        messages(&raw),
        vec![
            "platformAccountId is required for target `palette-backup-location` with auth `sts`",
            "externalId is required for target `palette-backup-location` with auth `sts`",
            "clusterAccountId is required for target `palette-backup-location` with auth `sts`",
        ]
    );
}

#[test]
fn only_sts_is_supported() {
    assert_eq!(
        messages(&base().with(Field::Auth, "irsa")),
        vec!["auth `irsa`: target `palette-backup-location` supports only `sts` (Palette itself reaches the bucket, not a pod of your cluster)"]
    );
}

#[test]
fn account_and_external_id_rules_apply() {
    check(
        Field::PlatformAccountId,
        "12345",
        Some("platformAccountId `12345`: an AWS account ID is exactly 12 digits"),
    );
    check(
        Field::BucketAccountId,
        "4444-5555-6666",
        Some("bucketAccountId `4444-5555-6666`: an AWS account ID is exactly 12 digits"),
    );
    check(
        Field::ExternalId,
        "tenant id",
        Some("externalId `tenant id`: an external ID uses only letters, digits and `_+=,.@:/-`"),
    );
}

#[test]
fn trusted_role_name_rules() {
    let multi = multi_account(base());
    assert_eq!(
        messages(
            &multi
                .clone()
                .with(palette_backup_location::TRUSTED_ROLE_NAME, "Spectro Cloud Role")
        ),
        vec!["trustedRoleName `Spectro Cloud Role`: IAM role names use only letters, digits and `_+=,.@-`"]
    );
    assert_eq!(
        messages(&multi.with(palette_backup_location::TRUSTED_ROLE_NAME, "SpectroCloudRole")),
        Vec::<String>::new()
    );
    // In one account there is no second trust statement for the role to go into.
    check(
        palette_backup_location::TRUSTED_ROLE_NAME,
        "SpectroCloudRole",
        Some("trustedRoleName `SpectroCloudRole`: a trusted role is only for a cluster in another account than the bucket; set bucketAccountId to the bucket's account, or leave this empty"),
    );
    // The same when the bucket's account is given and equals the cluster's.
    assert_eq!(
        messages(
            &base()
                .with(Field::BucketAccountId, CLUSTER)
                .with(palette_backup_location::TRUSTED_ROLE_NAME, "R")
        )
        .len(),
        1
    );
}

#[test]
fn location_name_rules() {
    const LOCATION_NAME: Field = palette_backup_location::LOCATION_NAME;
    check(LOCATION_NAME, "Prod backups (us-west-2)", None);
    check(
        LOCATION_NAME,
        " prod",
        Some("locationName ` prod`: a location name is one line of text without leading or trailing spaces"),
    );
    check(
        LOCATION_NAME,
        "prod\nbackups",
        Some("locationName `prod\\nbackups`: a location name is one line of text without leading or trailing spaces"),
    );
    // Invisible characters could make a shared link's console steps show made-up lines, such
    // as `Bucket: attacker-bucket` after a line separator; the message escapes them too.
    check(
        LOCATION_NAME,
        "prod\u{2028}   S3 Bucket: attacker-bucket",
        Some("locationName `prod\\u{2028}   S3 Bucket: attacker-bucket`: a location name is plain visible text; U+2028, a line separator, direction control or zero-width character, could make the wizard steps show text the name does not hold"),
    );
    for hidden in ['\u{2029}', '\u{202E}', '\u{2066}', '\u{200B}', '\u{FEFF}'] {
        let got = messages(&base().with(LOCATION_NAME, format!("prod{hidden}x")));
        assert_eq!(got.len(), 1, "{hidden:?}: {got:?}");
        assert!(!got[0].contains(hidden), "{hidden:?} shown raw: {got:?}");
    }
    // A bad bucket is reported once, on the bucket, although the location name defaults to it.
    assert_eq!(
        messages(&base().with(Field::Bucket, " bad")),
        vec!["bucket ` bad`: S3 bucket names use only lowercase letters, digits, `.` and `-`; did you mean `bad`?"]
    );
}

#[test]
fn s3_url_rules() {
    const S3_URL: Field = palette_backup_location::S3_URL;
    for ok in [
        "https://s3.us-west-2.amazonaws.com",
        "http://minio.backup.internal:9000",
        "https://10.0.0.12:9000/s3",
    ] {
        check(S3_URL, ok, None);
    }
    let scheme = "an S3 URL starts with `https://` or `http://`";
    check(
        S3_URL,
        "s3.us-west-2.amazonaws.com",
        Some(&format!("s3Url `s3.us-west-2.amazonaws.com`: {scheme}")),
    );
    check(
        S3_URL,
        "s3://my-bucket",
        Some(&format!("s3Url `s3://my-bucket`: {scheme}")),
    );
    let query = "an S3 URL has no query (`?…`) or fragment (`#…`)";
    check(
        S3_URL,
        "https://s3.amazonaws.com/?x=1",
        Some(&format!("s3Url `https://s3.amazonaws.com/?x=1`: {query}")),
    );
    check(
        S3_URL,
        "https://s3.amazonaws.com#a",
        Some(&format!("s3Url `https://s3.amazonaws.com#a`: {query}")),
    );
    let shape = "an S3 URL is `<scheme>://<host>[:<port>][/<path>]` with a DNS name or IPv4 address as host, such as `https://s3.us-west-2.amazonaws.com`";
    for bad in [
        "https://",
        "https://user:pw@s3.amazonaws.com",
        "https://s3..amazonaws.com",
        "https://s3.amazonaws.com:0",
        "https://s3.amazonaws.com:99999",
        "https://s3.amazonaws.com/a b",
    ] {
        check(S3_URL, bad, Some(&format!("s3Url `{bad}`: {shape}")));
    }
}

#[test]
fn ca_certificate_rules() {
    const CA_CERTIFICATE: Field = Field::CaCertificate;
    let pem = fixture("setups/palette-backup-location-ca.pem");
    check(CA_CERTIFICATE, &pem, None);
    check(CA_CERTIFICATE, &format!("\n  {pem}\n\n"), None);
    // Explanatory text outside the blocks is allowed, as openssl writes it in bundles.
    check(CA_CERTIFICATE, &format!("subject=CN=Example Backup CA\n{pem}"), None);
    // The same certificate wrapped at 76 characters, as some tools write PEM.
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let wrapped = body
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    check(
        CA_CERTIFICATE,
        &format!("-----BEGIN CERTIFICATE-----\n{wrapped}\n-----END CERTIFICATE-----\n"),
        None,
    );

    check(
        CA_CERTIFICATE,
        "MIIBuzCCAWOgAwIBAgIUfe95wpsLlqxVxd5jhtIKEMeA62gwCgYIKoZIzj0EAwIw",
        Some("caCertificate `MIIBuzCCAWOgAwIBAgIUfe95wpsLlqxV…`: a CA certificate is PEM text: one or more blocks from `-----BEGIN CERTIFICATE-----` to `-----END CERTIFICATE-----`"),
    );
    check(
        CA_CERTIFICATE,
        "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----",
        Some("caCertificate `-----BEGIN PRIVATE KEY-----…`: a CA certificate is made of PEM `CERTIFICATE` blocks, and this block is a `PRIVATE KEY`"),
    );
    let truncated: String = pem.lines().take(4).collect::<Vec<_>>().join("\n");
    check(
        CA_CERTIFICATE,
        &truncated,
        Some("caCertificate `-----BEGIN CERTIFICATE-----…`: the PEM block has no `-----END CERTIFICATE-----` line"),
    );
    check(
        CA_CERTIFICATE,
        "-----BEGIN CERTIFICATE-----\n!!not base64!!\n-----END CERTIFICATE-----",
        Some("caCertificate `-----BEGIN CERTIFICATE-----…`: the PEM block is not valid base64 between its BEGIN and END lines"),
    );
    check(
        CA_CERTIFICATE,
        "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----",
        Some("caCertificate `-----BEGIN CERTIFICATE-----…`: the PEM block does not hold an X.509 certificate"),
    );
    // A bad second block of a bundle is named, and the good first one is not repeated.
    let bad_bundle = format!("{pem}-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n");
    let got = messages(&base().with(CA_CERTIFICATE, bad_bundle));
    assert_eq!(
        got,
        vec!["caCertificate `-----BEGIN CERTIFICATE-----…`: the PEM block does not hold an X.509 certificate"]
    );
}

#[test]
fn every_new_rule_is_reported_at_once() {
    let raw = base()
        .with(palette_backup_location::LOCATION_NAME, " x")
        .with(palette_backup_location::S3_URL, "ftp://x")
        .with(Field::CaCertificate, "nope")
        .with(Field::PlatformAccountId, "1");
    let got = messages(&raw);
    assert_eq!(got.len(), 4, "{got:?}");
}

// ---------------------------------------------------------------------------------------
// Scripts under the sandbox.

#[cfg(unix)]
mod scripts {
    use super::support::Sandbox;
    use super::*;

    #[test]
    fn every_aws_cli_artifact_runs_under_strict_mode_and_calls_only_aws() {
        let sandbox = Sandbox::new("palette-bl-only-aws");
        for name in [
            "single-account-aws",
            "single-account-us-gov",
            "multi-account-aws",
            "multi-account-us-gov",
        ] {
            for a in artifacts(&from_fixture(name))
                .iter()
                .filter(|a| a.kind == ArtifactKind::AwsCli)
            {
                let calls = sandbox.run(&a.content);
                assert!(!calls.is_empty(), "{name}: {} ran no command", a.id);
                for call in calls {
                    assert_eq!(call[0], "aws", "{name}: {}: {call:?}", a.id);
                }
            }
        }
    }

    #[test]
    fn creation_commands_receive_the_exact_documents_in_the_bucket_account() {
        let raw = gov(multi_account(base()))
            // `@`, `=`, `,` and `+` are legal in IAM names and special to some shells' parsers.
            .with(Field::RoleName, "backup+role=@,x")
            .with(palette_backup_location::TRUSTED_ROLE_NAME, "SpectroCloudRole");
        let all = artifacts(&raw);
        let policy = content(&all, "permission-policy").trim_end();
        let trust = content(&all, "trust-policy").trim_end();
        let policy_arn = "arn:aws-us-gov:iam::444455556666:policy/PaletteBackupLocationPolicy";
        let sandbox = Sandbox::new("palette-bl-create");
        let calls = sandbox.run(content(&all, "aws-cli"));
        let r = ["--region", "us-gov-west-1"];
        let expected: Vec<Vec<&str>> = vec![
            [
                &["aws", "iam", "create-policy"][..],
                &r,
                &[
                    "--policy-name",
                    "PaletteBackupLocationPolicy",
                    "--policy-document",
                    policy,
                ],
            ]
            .concat(),
            [
                &["aws", "iam", "create-role"][..],
                &r,
                &["--role-name", "backup+role=@,x", "--assume-role-policy-document", trust],
            ]
            .concat(),
            [
                &["aws", "iam", "attach-role-policy"][..],
                &r,
                &["--role-name", "backup+role=@,x", "--policy-arn", policy_arn],
            ]
            .concat(),
            vec![
                "aws",
                "s3",
                "mb",
                "s3://my-palette-backups",
                "--region",
                "us-gov-west-1",
            ],
        ];
        assert_eq!(calls, expected);
    }

    #[test]
    fn a_kms_key_becomes_the_new_bucket_default_encryption() {
        let key = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        let all = artifacts(&base().with(Field::KmsKeyArn, key));
        let sandbox = Sandbox::new("palette-bl-kms");
        let calls = sandbox.run(content(&all, "aws-cli"));
        assert_eq!(calls[3][..4], ["aws", "s3", "mb", "s3://my-palette-backups"]);
        assert_eq!(
            calls[4][..8],
            [
                "aws",
                "s3api",
                "put-bucket-encryption",
                "--region",
                "us-west-2",
                "--bucket",
                "my-palette-backups",
                "--server-side-encryption-configuration"
            ]
        );
        let configuration = json(&calls[4][8]);
        assert_eq!(
            configuration,
            serde_json::json!({"Rules": [{
                "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key},
                "BucketKeyEnabled": true,
            }]})
        );
        assert_eq!(calls.len(), 5);
    }

    #[test]
    fn teardown_deletes_in_reverse_order_and_keeps_the_bucket() {
        let all = artifacts(&multi_account(base()));
        let sandbox = Sandbox::new("palette-bl-teardown");
        let calls = sandbox.run(content(&all, "teardown"));
        let policy_arn = "arn:aws:iam::444455556666:policy/PaletteBackupLocationPolicy";
        let r = ["--region", "us-west-2"];
        let expected: Vec<Vec<&str>> = vec![
            [
                &["aws", "iam", "detach-role-policy"][..],
                &r,
                &["--role-name", "PaletteBackupLocationRole", "--policy-arn", policy_arn],
            ]
            .concat(),
            [
                &["aws", "iam", "delete-role"][..],
                &r,
                &["--role-name", "PaletteBackupLocationRole"],
            ]
            .concat(),
            [&["aws", "iam", "delete-policy"][..], &r, &["--policy-arn", policy_arn]].concat(),
        ];
        assert_eq!(calls, expected);
    }

    #[test]
    fn find_inputs_prints_the_account_and_the_bucket_facts() {
        let all = artifacts(&base());
        let sandbox = Sandbox::new("palette-bl-inputs");
        let calls = sandbox.run(content(&all, "find-inputs"));
        assert_eq!(
            calls[0],
            vec![
                "aws",
                "sts",
                "get-caller-identity",
                "--region",
                "us-west-2",
                "--query",
                "Account",
                "--output",
                "text"
            ]
        );
        assert_eq!(
            calls[1],
            vec![
                "aws",
                "s3api",
                "get-bucket-location",
                "--region",
                "us-west-2",
                "--bucket",
                "my-palette-backups",
                "--query",
                "LocationConstraint",
                "--output",
                "text"
            ]
        );
        assert_eq!(calls.len(), 3, "{calls:?}");
    }
}

#[test]
fn the_hardened_policy_grants_the_same_minus_ebs_changes_outside_the_account() {
    use bucketrust_core::policy::semantics::grants;
    let all = artifacts(&from_fixture("multi-account-aws"));
    let documented = json(content(&all, "permission-policy"));
    let hardened = json(content(&all, "permission-policy-hardened"));
    let (documented, hardened) = (grants(&documented).unwrap(), grants(&hardened).unwrap());
    // Everything that is not an EBS change is granted exactly as documented.
    let changes = [
        "ec2:CreateTags",
        "ec2:CreateVolume",
        "ec2:CreateSnapshot",
        "ec2:DeleteSnapshot",
    ];
    let keep = |g: &&_| !changes.iter().any(|c| format!("{g:?}").contains(c));
    let kept: Vec<_> = documented.iter().filter(keep).collect();
    assert!(kept.len() >= 5, "{kept:?}");
    assert_eq!(kept, hardened.iter().filter(keep).collect::<Vec<_>>());
    assert!(
        hardened.len() > kept.len(),
        "the hardened policy still allows the EBS changes"
    );
    let text = content(&all, "permission-policy-hardened");
    // Any region: Velero snapshots in the cluster's region, which may not be the bucket's.
    assert!(text.contains("\"arn:aws:ec2:*::snapshot/*\""), "{text}");
    assert!(text.contains("\"arn:aws:ec2:*:444455556666:volume/*\""), "{text}");
}

#[test]
fn the_us_east_1_hint_is_given_only_where_it_holds() {
    // Only the commercial partition has a region whose buckets report no location constraint.
    let hint = "`None` means us-east-1";
    assert!(content(&artifacts(&base()), "find-inputs").contains(hint));
    assert!(!content(&artifacts(&gov(base())), "find-inputs").contains(hint));
}
