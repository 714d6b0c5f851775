//! Guidance while typing: every problem reported at once, messages in the form's words or the
//! file's keys, bounded echoes, fix-it suggestions that pass, complete help commands, the
//! regions of each partition, and the fields read from `aws eks describe-cluster`.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

mod support;

use bucketrust_core::describe_cluster::{self, DescribeClusterError};
use bucketrust_core::field::Control;
use bucketrust_core::setup::error::{SuggestionReason, Voice};
use bucketrust_core::setup::help::{help_command, help_command_template};
use bucketrust_core::{targets, validate, Field, Partition, RawSetup, SetupError};
use std::collections::BTreeSet;
use support::{examples, messages};

fn errors_of(raw: &RawSetup) -> Vec<SetupError> {
    validate(raw).err().unwrap_or_default()
}

/// Only the target and auth of `raw`.
fn bare(raw: &RawSetup) -> RawSetup {
    RawSetup::default()
        .with(Field::Target, raw.get(Field::Target).unwrap())
        .with(Field::Auth, raw.get(Field::Auth).unwrap())
}

/// The fields beside the target and auth that, cleared alone in a valid example, are
/// reported missing.
fn needed(example: &RawSetup) -> BTreeSet<Field> {
    let mut needed = BTreeSet::new();
    for (field, _) in example.iter().filter(|(f, _)| *f != Field::Target && *f != Field::Auth) {
        let mut cleared = example.clone();
        cleared.set(field, "");
        let errors = errors_of(&cleared);
        if errors
            .iter()
            .any(|e| matches!(e, SetupError::Missing(m) if m.field == field))
        {
            assert!(
                errors.iter().all(|e| matches!(e, SetupError::Missing(_))),
                "clearing {field} alone: {errors:?}"
            );
            needed.insert(field);
        }
    }
    needed
}

#[test]
fn a_bare_setup_reports_every_field_it_needs_at_once() {
    for (name, example) in examples() {
        let needed = needed(&example);
        let errors = errors_of(&bare(&example));
        let missing: BTreeSet<Field> = errors
            .iter()
            .map(|e| match e {
                SetupError::Missing(m) => m.field,
                other => panic!("{name}: the bare setup reports {other}"),
            })
            .collect();
        assert!(
            missing.is_superset(&needed),
            "{name}: {missing:?} lacks some of {needed:?}"
        );
        // A field beyond those is one whose default derives from another field (Palette's
        // bucket account defaults to the cluster's): with the rest filled in, it is not asked.
        for extra in missing.difference(&needed) {
            let mut rest = example.clone();
            rest.set(*extra, "");
            assert!(validate(&rest).is_ok(), "{name}: {extra} reported without a reason");
        }
        assert_eq!(errors.len(), missing.len(), "{name}: {errors:?}");
    }
}

#[test]
fn invalid_values_count_beside_the_missing_ones() {
    for (name, example) in examples() {
        let needed = needed(&example);
        // An invalid region used to hide the OIDC issuer's and the KMS key's problems.
        let raw = bare(&example)
            .with(Field::Region, "Oregon")
            .with(Field::Bucket, "My_Bucket");
        let relevant = raw.relevant_fields();
        let typed = [Field::Region, Field::Bucket]
            .into_iter()
            .filter(|f| relevant.contains(f))
            .count();
        let errors = errors_of(&raw);
        let invalid = errors.iter().filter(|e| matches!(e, SetupError::Invalid(_))).count();
        let missing = errors.iter().filter(|e| matches!(e, SetupError::Missing(_))).count();
        assert_eq!(invalid, typed, "{name}: {errors:?}");
        let bare_missing = errors_of(&bare(&example)).len();
        assert_eq!(missing, bare_missing - typed, "{name}: {errors:?}");
        assert_eq!(errors.len(), missing + invalid, "{name}: {errors:?}");
        assert!(missing + typed >= needed.len(), "{name}: {errors:?}");
    }
}

/// The StackGres IRSA starting setup of the page: target and auth, nothing else.
fn stackgres_irsa() -> RawSetup {
    RawSetup::default()
        .with(Field::Target, "stackgres")
        .with(Field::Auth, "irsa")
}

#[test]
fn the_oidc_issuer_is_checked_even_when_the_region_is_not_valid() {
    assert_eq!(
        messages(&stackgres_irsa()),
        [
            "region is required for target `stackgres` with auth `irsa`",
            "bucket is required for target `stackgres` with auth `irsa`",
            "clusterAccountId is required for target `stackgres` with auth `irsa`",
            "clusterName is required for target `stackgres` with auth `irsa`",
            "oidcIssuer is required for target `stackgres` with auth `irsa`",
        ]
    );
    // With the region invalid, the issuer still gets its own checks: https, its shape, an
    // EKS issuer's region and id; only the match with the setup's partition waits.
    let raw = stackgres_irsa()
        .with(Field::Region, "nowhere")
        .with(Field::OidcIssuer, "http://oidc.eks.us-west-2.amazonaws.com/id/ABC");
    let errors = errors_of(&raw);
    let fields: Vec<Field> = errors.iter().filter_map(SetupError::field).collect();
    assert!(
        fields.contains(&Field::Region) && fields.contains(&Field::OidcIssuer),
        "{errors:?}"
    );
    let raw = stackgres_irsa()
        .with(Field::Region, "nowhere")
        .with(Field::OidcIssuer, "https://oidc.eks.us-west-2.amazonaws.com/id/abc");
    assert!(
        messages(&raw)
            .iter()
            .any(|m| m.starts_with("oidcIssuer ") && m.contains("32 upper-case hex digits")),
        "{:?}",
        messages(&raw)
    );
    // A well-formed issuer is not blamed for the region's problem.
    let raw = stackgres_irsa().with(Field::Region, "nowhere").with(
        Field::OidcIssuer,
        "https://oidc.eks.us-gov-west-1.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D",
    );
    assert!(
        !messages(&raw).iter().any(|m| m.starts_with("oidcIssuer ")),
        "{:?}",
        messages(&raw)
    );
}

#[test]
fn the_form_voice_names_labels_and_the_keys_voice_names_keys() {
    let errors = errors_of(&stackgres_irsa());
    let account = errors
        .iter()
        .find(|e| e.field() == Some(Field::ClusterAccountId))
        .unwrap();
    assert_eq!(
        account.message(Voice::Keys),
        "clusterAccountId is required for target `stackgres` with auth `irsa`"
    );
    assert_eq!(account.message(Voice::Keys), account.to_string());
    assert_eq!(
        account.message(Voice::Form),
        "Cluster account ID is required for StackGres (Postgres backups) with IAM roles for service accounts (IRSA)"
    );
    let raw = stackgres_irsa().with(Field::Bucket, "s3://my-bucket");
    let bucket = errors_of(&raw)
        .into_iter()
        .find(|e| e.field() == Some(Field::Bucket))
        .unwrap();
    assert_eq!(
        bucket.message(Voice::Form),
        "S3 bucket `s3://my-bucket`: S3 bucket names use only lowercase letters, digits, `.` and `-`; did you mean `my-bucket`?"
    );
    let raw = RawSetup::default()
        .with(Field::Target, "stackgres")
        .with(Field::Auth, "sts");
    let unsupported = &errors_of(&raw)[0];
    assert_eq!(
        unsupported.message(Voice::Keys),
        "auth `sts`: target `stackgres` supports only `static-keys`, `irsa`"
    );
    assert_eq!(
        unsupported.message(Voice::Form),
        "STS AssumeRole with an external ID: StackGres (Postgres backups) supports only Static access keys (IAM user), IAM roles for service accounts (IRSA)"
    );
    // No message of the form voice names a key of a field it is about.
    for (name, example) in examples() {
        for error in errors_of(&bare(&example)) {
            let field = error.field().unwrap();
            let form = error.message(Voice::Form);
            assert!(form.starts_with(field.label()), "{name}: {form}");
            assert!(
                !form.contains(&format!("`{}`", example.get(Field::Target).unwrap())),
                "{name}: {form}"
            );
        }
    }
}

/// Values of 100 KB in shapes that get past the first checks of one field or another.
fn huge_values() -> Vec<String> {
    let n = 100_000;
    vec![
        "a".repeat(n),
        format!("{}a", "a/".repeat(n / 2)),
        format!("{}a", "a.".repeat(n / 2)),
        format!("{}a", "a-".repeat(n / 2)),
        (0..n / 8).map(|i| format!("a{i}")).collect::<Vec<_>>().join(","),
        format!("https://{}", "a".repeat(n)),
        format!("arn:aws:kms:us-west-2:111122223333:key/{}", "a".repeat(n)),
        format!("arn:{}:kms:us-west-2:111122223333:key/a", "a".repeat(n)),
        format!("arn:aws:iam::111122223333:policy/{}a", "a/".repeat(n / 2)),
        format!(" {} ", "1".repeat(n)),
    ]
}

#[test]
fn every_free_text_field_has_a_maximum_and_a_bounded_one_line_message() {
    for (name, example) in examples() {
        let target = targets::by_id(example.get(Field::Target).unwrap()).unwrap();
        let auth = bucketrust_core::Auth::from_id(example.get(Field::Auth).unwrap()).unwrap();
        for &field in target.fields(auth) {
            if field.control() == Control::Choice {
                continue;
            }
            for value in huge_values() {
                let errors = errors_of(&example.clone().with(field, value.as_str()));
                assert!(
                    errors.iter().any(|e| e.field() == Some(field)),
                    "{name}: {field} takes {} characters starting {:?}",
                    value.len(),
                    value.get(..40)
                );
                for error in &errors {
                    for voice in [Voice::Keys, Voice::Form] {
                        let message = error.message(voice);
                        assert!(!message.contains('\n'), "{name}: {field}: {message}");
                        assert!(
                            message.chars().count() <= 400,
                            "{name}: {field}: {} characters: {message}",
                            message.chars().count()
                        );
                    }
                }
            }
        }
    }
}

/// A valid IRSA setup of StackGres; each case changes one field of it.
fn stackgres_base() -> RawSetup {
    stackgres_irsa()
        .with(Field::Region, "us-west-2")
        .with(Field::Bucket, "my-bucket")
        .with(Field::ClusterAccountId, "111122223333")
        .with(Field::ClusterName, "my-eks-cluster")
        .with(
            Field::OidcIssuer,
            "https://oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D",
        )
}

#[test]
fn pasted_values_get_a_suggestion_that_passes() {
    let issuer = "https://oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D";
    let cases: Vec<(Field, String, &str, SuggestionReason)> = vec![
        (
            Field::ClusterAccountId,
            " 111122223333 ".into(),
            "111122223333",
            SuggestionReason::Trimmed,
        ),
        (
            Field::ClusterAccountId,
            "\"111122223333\"".into(),
            "111122223333",
            SuggestionReason::Trimmed,
        ),
        (
            Field::ClusterAccountId,
            "\"111122223333\"\n".into(),
            "111122223333",
            SuggestionReason::Trimmed,
        ),
        (
            Field::Bucket,
            "s3://my-bucket".into(),
            "my-bucket",
            SuggestionReason::BucketOfUrl,
        ),
        (
            Field::Bucket,
            "s3://my-bucket/backups/pg".into(),
            "my-bucket",
            SuggestionReason::BucketOfUrl,
        ),
        (
            Field::Bucket,
            "arn:aws:s3:::my-bucket".into(),
            "my-bucket",
            SuggestionReason::BucketOfArn,
        ),
        (
            Field::Bucket,
            "arn:aws:s3:::my-bucket/*".into(),
            "my-bucket",
            SuggestionReason::BucketOfArn,
        ),
        (
            Field::Bucket,
            " my-bucket".into(),
            "my-bucket",
            SuggestionReason::Trimmed,
        ),
        (
            Field::ClusterAccountId,
            "arn:aws:iam::111122223333:role/x".into(),
            "111122223333",
            SuggestionReason::AccountOfArn,
        ),
        (
            Field::ClusterAccountId,
            "arn:aws:iam::111122223333:root".into(),
            "111122223333",
            SuggestionReason::AccountOfArn,
        ),
        (
            Field::ClusterAccountId,
            "arn:aws:sts::111122223333:assumed-role/Admin/me".into(),
            "111122223333",
            SuggestionReason::AccountOfArn,
        ),
        (
            Field::RoleName,
            "arn:aws:iam::111122223333:role/team/StackGresBackupRole".into(),
            "StackGresBackupRole",
            SuggestionReason::RoleNameOfArn,
        ),
        (
            Field::Region,
            "US-WEST-2".into(),
            "us-west-2",
            SuggestionReason::RegionSpelling,
        ),
        (
            Field::Region,
            "us-west2".into(),
            "us-west-2",
            SuggestionReason::RegionSpelling,
        ),
        (
            Field::Region,
            "us west 2".into(),
            "us-west-2",
            SuggestionReason::RegionSpelling,
        ),
        (
            Field::Region,
            "us-west-2a".into(),
            "us-west-2",
            SuggestionReason::RegionSpelling,
        ),
        (
            Field::Region,
            " us-west-2 ".into(),
            "us-west-2",
            SuggestionReason::Trimmed,
        ),
        (
            Field::OidcIssuer,
            format!("{issuer}/"),
            issuer,
            SuggestionReason::IssuerSpelling,
        ),
        (
            Field::OidcIssuer,
            issuer.replace("https://", "http://"),
            issuer,
            SuggestionReason::IssuerSpelling,
        ),
        (
            Field::OidcIssuer,
            format!("\"{issuer}\""),
            issuer,
            SuggestionReason::Trimmed,
        ),
    ];
    for (field, typed, expected, reason) in cases {
        let raw = stackgres_base().with(field, typed.as_str());
        let errors = errors_of(&raw);
        assert_eq!(errors.len(), 1, "{field}={typed:?}: {errors:?}");
        let error = &errors[0];
        let suggestion = error
            .suggestion()
            .unwrap_or_else(|| panic!("{field}={typed:?}: no suggestion: {error}"));
        assert_eq!(
            (suggestion.value.as_str(), suggestion.reason),
            (expected, reason),
            "{field}={typed:?}"
        );
        assert!(
            error.to_string().ends_with(&format!("; did you mean `{expected}`?")),
            "{error}"
        );
        // The suggestion is only proposed: it passes when the user takes it.
        let taken = stackgres_base().with(field, expected);
        assert!(validate(&taken).is_ok(), "{field}={expected:?}: {:?}", messages(&taken));
    }
    // A list typed with spaces after its commas.
    let example = examples()
        .into_iter()
        .find(|(name, _)| name == "upbound-spaces-irsa")
        .unwrap()
        .1;
    let field = targets::field_by_key("controlPlanes").unwrap();
    let errors = errors_of(&example.clone().with(field, "ctp-prod, ctp-staging"));
    let suggestion = errors[0].suggestion().unwrap();
    assert_eq!(suggestion.value, "ctp-prod,ctp-staging");
    assert!(validate(&example.with(field, suggestion.value.as_str())).is_ok());
    // Nothing evident, nothing proposed.
    for (field, typed) in [
        (Field::Bucket, "ab"),
        (Field::ClusterAccountId, "12345"),
        (Field::RoleName, "arn:aws:iam::111122223333:root"),
        (Field::Region, "mars-north-1"),
    ] {
        let errors = errors_of(&stackgres_base().with(field, typed));
        assert_eq!(errors.len(), 1, "{field}={typed:?}");
        assert_eq!(errors[0].suggestion(), None, "{field}={typed:?}");
    }
}

/// Every backticked command of a field's help that runs the AWS CLI.
fn aws_commands(field: Field) -> Vec<&'static str> {
    field
        .help()
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|code| code.starts_with("aws "))
        .collect()
}

#[test]
fn help_commands_are_complete_and_parse_as_shell() {
    let mut seen = 0;
    for field in targets::all_fields() {
        for command in aws_commands(field) {
            seen += 1;
            let words = shell_words::split(command).unwrap_or_else(|e| panic!("{field}: {command}: {e}"));
            let has = |w: &str| words.iter().any(|x| x == w);
            // A command that reads one value prints it bare, so that it pastes as typed.
            if has("--query") {
                let output = words
                    .iter()
                    .position(|w| w == "--output")
                    .map(|i| words[i + 1].as_str());
                assert_eq!(output, Some("text"), "{field}: {command}");
            }
            if has("describe-cluster") {
                assert!(has("--name"), "{field}: {command}");
            }
        }
    }
    assert!(seen >= 3, "only {seen} help commands");
}

#[test]
fn the_oidc_help_command_is_filled_with_the_cluster_name() {
    assert_eq!(
        help_command_template(Field::OidcIssuer),
        Some("aws eks describe-cluster --name <cluster> --query cluster.identity.oidc.issuer --output text")
    );
    let raw = stackgres_irsa().with(Field::ClusterName, "prod-eks_1");
    assert_eq!(
        help_command(Field::OidcIssuer, &raw).as_deref(),
        Some("aws eks describe-cluster --name prod-eks_1 --query cluster.identity.oidc.issuer --output text")
    );
    // An invalid name is not put into a command; the placeholder stays.
    let raw = stackgres_irsa().with(Field::ClusterName, "x; rm -rf ~");
    assert_eq!(
        help_command(Field::OidcIssuer, &raw).as_deref(),
        help_command_template(Field::OidcIssuer)
    );
    assert_eq!(help_command(Field::Bucket, &raw), None);
}

#[test]
fn every_listed_region_is_valid_and_new_ones_of_the_right_shape_are_too() {
    for partition in Partition::ALL {
        for region in partition.regions() {
            let raw = stackgres_base()
                .with(Field::Region, *region)
                .with(Field::Partition, partition.id())
                .with(Field::OidcIssuer, "");
            let region_errors: Vec<_> = errors_of(&raw)
                .into_iter()
                .filter(|e| e.field() == Some(Field::Region))
                .collect();
            assert!(region_errors.is_empty(), "{region}: {region_errors:?}");
        }
    }
    assert!(Partition::Aws.is_listed("us-west-2"));
    assert!(!Partition::Aws.is_listed("us-west-9"));
    // A typo of the right shape is accepted (AWS may open such a region); the page can ask
    // for the listed region it is next to.
    assert_eq!(Partition::nearest_listed("us-wset-2"), Some("us-west-2"));
    assert!(validate(&stackgres_base().with(Field::Region, "us-west-9").with(
        Field::OidcIssuer,
        "https://oidc.eks.us-west-9.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D"
    ))
    .is_ok());
}

/// The shape `aws eks describe-cluster --name prod --output json` prints (EKS API
/// Reference, DescribeCluster), abridged of nothing the reader ignores on purpose.
const DESCRIBE_CLUSTER: &str = r#"{
    "cluster": {
        "name": "prod",
        "arn": "arn:aws:eks:eu-west-1:444455556666:cluster/prod",
        "createdAt": "2024-03-01T10:12:45.123000+00:00",
        "version": "1.31",
        "endpoint": "https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com",
        "roleArn": "arn:aws:iam::444455556666:role/eks-cluster-role",
        "resourcesVpcConfig": {
            "subnetIds": ["subnet-0a1b2c3d", "subnet-4e5f6a7b"],
            "securityGroupIds": [],
            "clusterSecurityGroupId": "sg-0123456789abcdef0",
            "vpcId": "vpc-0123456789abcdef0",
            "endpointPublicAccess": true,
            "endpointPrivateAccess": false,
            "publicAccessCidrs": ["0.0.0.0/0"]
        },
        "kubernetesNetworkConfig": {"serviceIpv4Cidr": "10.100.0.0/16", "ipFamily": "ipv4"},
        "logging": {"clusterLogging": [{"types": ["api"], "enabled": false}]},
        "identity": {
            "oidc": {"issuer": "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"}
        },
        "status": "ACTIVE",
        "certificateAuthority": {"data": "LS0tLS1CRUdJTi..."},
        "platformVersion": "eks.12",
        "tags": {"team": "data"},
        "accessConfig": {"authenticationMode": "API_AND_CONFIG_MAP"}
    }
}"#;

#[test]
fn describe_cluster_output_fills_the_cluster_fields() {
    let cluster = describe_cluster::read(DESCRIBE_CLUSTER).unwrap();
    assert_eq!(cluster.name, "prod");
    assert_eq!(cluster.region, "eu-west-1");
    assert_eq!(cluster.account_id, "444455556666");
    assert_eq!(
        cluster.oidc_issuer.as_deref(),
        Some("https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF")
    );
    let mut raw = stackgres_irsa().with(Field::Bucket, "my-bucket");
    for (field, value) in cluster.fields() {
        raw.set(field, value);
    }
    assert!(validate(&raw).is_ok(), "{:?}", messages(&raw));
}

#[test]
fn text_that_is_not_describe_cluster_output_says_why() {
    let message = |text: &str| describe_cluster::read(text).unwrap_err().to_string();
    assert_eq!(
        message(r#"{"cluster": {"name": "prod"}}"#),
        "not the output of `aws eks describe-cluster`: no `cluster.arn`"
    );
    assert_eq!(
        message(r#"{"clusters": ["prod"]}"#),
        "not the output of `aws eks describe-cluster`: no `cluster`"
    );
    assert!(message("https://oidc.eks.eu-west-1.amazonaws.com/id/X")
        .starts_with("not the output of `aws eks describe-cluster --output json`: "));
    assert!(message("[1]").ends_with("the top level is not an object with a `cluster` object"));
    let other = DESCRIBE_CLUSTER.replace(
        "arn:aws:eks:eu-west-1:444455556666:cluster/prod",
        "arn:aws:iam::444455556666:role/prod",
    );
    assert!(message(&other).contains("`cluster.arn` is not an EKS cluster's ARN"));
    let huge = format!(
        "{{\"cluster\": {{\"name\": \"{}\"}}}}",
        "a".repeat(describe_cluster::MAX_INPUT)
    );
    assert!(matches!(
        describe_cluster::read(&huge),
        Err(DescribeClusterError::TooLarge(_))
    ));
    assert!(message(&huge).len() < 200);
    // A cluster without an OIDC issuer still gives its name, region and account.
    let without: serde_json::Value = {
        let mut v: serde_json::Value = serde_json::from_str(DESCRIBE_CLUSTER).unwrap();
        v["cluster"].as_object_mut().unwrap().remove("identity");
        v
    };
    let cluster = describe_cluster::read(&without.to_string()).unwrap();
    assert_eq!(cluster.oidc_issuer, None);
    assert_eq!(cluster.fields().len(), 3);
}
