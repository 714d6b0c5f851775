//! The setup checks: every scenario's artifacts agree with each other, each check compares
//! what the scenario has to compare, and each kind of disagreement, made by editing one
//! artifact as a user might, is reported with its code, artifact and message.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

mod support;

use bucketrust_core::crosscheck::{check, Report};
use bucketrust_core::Artifact;
use support::{artifacts, examples, setups_in};

/// Every setup the tests know: the examples and the snapshot fixtures, by name.
fn scenarios() -> Vec<(String, Vec<Artifact>)> {
    examples()
        .into_iter()
        .chain(setups_in("tests/fixtures/setups"))
        .map(|(name, raw)| (name, artifacts(&raw)))
        .collect()
}

fn compared(report: &Report) -> Vec<(&'static str, usize)> {
    report.checks.iter().map(|c| (c.name, c.compared)).collect()
}

/// The artifacts of the example `name`.
fn example(name: &str) -> Vec<Artifact> {
    scenarios()
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no example `{name}`"))
        .1
}

#[test]
fn every_scenario_agrees_with_itself() {
    let mut failures = Vec::new();
    for (name, artifacts) in scenarios() {
        for f in check(&artifacts).findings {
            failures.push(format!("{name}: {} {} [{}] {}", f.code, f.name, f.artifact, f.message));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// How many things each check compares in each example: a check that found nothing to
/// compare where the scenario has something would pass vacuously, so the counts are pinned.
#[test]
fn each_check_compares_what_the_scenario_has() {
    let expect: &[(&str, [usize; 6])] = &[
        // The fifth count is of the scripts and manifests read; the sixth of what turns the
        // backups on (an SGCluster's backups entry, a scheduled SharedBackupConfig, a wizard).
        // Trust ⇄ eksctl and the SGCluster patch; the SGObjectStorage and `s3 mb`; the same
        // two ARNs; the managed policy and the trust.
        ("stackgres-irsa", [2, 2, 2, 2, 10, 1]),
        ("stackgres-irsa-govcloud", [2, 2, 2, 2, 10, 1]),
        // No role; the bucket twice; the user's inline policy.
        ("stackgres-static-keys", [0, 2, 0, 1, 7, 1]),
        // The console's ARN; the console's bucket field and `s3 mb`; policy and trust.
        ("palette-backup-location-single-account", [0, 2, 1, 2, 3, 1]),
        // The console's ARN and the key section's role.
        ("palette-backup-location-multi-account", [0, 2, 2, 2, 3, 1]),
        // The role typed into the wizard; its trust.
        ("palette-cloud-account-sts", [0, 0, 1, 1, 3, 1]),
        // Attachments only: nothing created from a document.
        ("palette-cloud-account-static-keys", [0, 0, 0, 0, 3, 1]),
        // Two associations; the two associations and the wizard's ARN; three trusts and
        // three inline policies.
        ("palette-cloud-account-pod-identity", [2, 0, 3, 6, 5, 1]),
        // Two associations and the Hubble target role; those three and the wizard's ARN;
        // four trusts and four inline policies.
        ("palette-cloud-account-pod-identity-cross-account", [3, 0, 4, 8, 5, 1]),
        // The chart value's service account; the SharedBackupConfig's bucket and `s3 mb`.
        ("upbound-spaces-irsa", [1, 2, 1, 2, 7, 1]),
        // One association per control plane.
        ("upbound-spaces-pod-identity", [2, 2, 2, 2, 7, 1]),
    ];
    for (name, counts) in expect {
        let report = check(&example(name));
        let got: Vec<usize> = report.checks.iter().map(|c| c.compared).collect();
        assert_eq!(got, counts.to_vec(), "{name}: {:?}", compared(&report));
    }
}

/// One edit of one artifact, as a user might make it, and the finding it must cause.
struct Case {
    example: &'static str,
    artifact: &'static str,
    edit: Edit,
    /// The finding, as `CODE [artifact] message`: the artifact that gives the role or names
    /// the bucket, which is not always the one edited.
    finding: &'static str,
}

enum Edit {
    Replace(&'static str, &'static str),
    Append(&'static str),
}

fn edited(mut artifacts: Vec<Artifact>, id: &str, edit: &Edit) -> Vec<Artifact> {
    let artifact = artifacts
        .iter_mut()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("no artifact `{id}`"));
    match edit {
        Edit::Replace(from, to) => {
            assert!(artifact.content.contains(from), "`{from}` is not in {id}");
            artifact.content = artifact.content.replace(from, to);
        }
        Edit::Append(text) => artifact.content.push_str(text),
    }
    artifacts
}

#[test]
fn each_disagreement_is_reported() {
    let cases = [
        Case {
            example: "stackgres-irsa",
            artifact: "aws-cli-role",
            edit: Edit::Replace(":default:my-cluster-patroni", ":backups:my-cluster-patroni"),
            finding: "BR701 [sgcluster-patch] the patch of `SGCluster` `my-cluster` gives role `StackGresBackupRole` to service account `default/my-cluster-patroni`, but the role's trust admits only `system:serviceaccount:backups:my-cluster-patroni`",
        },
        Case {
            example: "stackgres-irsa",
            artifact: "eksctl",
            edit: Edit::Replace("--name my-cluster-patroni", "--name my-cluster"),
            finding: "BR701 [eksctl] `eksctl create iamserviceaccount` gives role `StackGresBackupRole` to service account `default/my-cluster`, but the role's trust admits only `system:serviceaccount:default:my-cluster-patroni`",
        },
        Case {
            example: "upbound-spaces-irsa",
            artifact: "aws-cli",
            edit: Edit::Replace(":mxp-controller\"", ":mxp-controler\""),
            finding: "BR701 [helm] the chart value `controlPlanes.mxpController.serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn` gives role `backup-restore-role` to service account `mxp-controller`, but the role's trust admits only `system:serviceaccount:mxp-0f1e2d3c-system:mxp-controler`, `system:serviceaccount:mxp-4a5b6c7d-system:mxp-controler`",
        },
        Case {
            example: "upbound-spaces-pod-identity",
            artifact: "aws-cli",
            edit: Edit::Replace("\"Service\": \"pods.eks.amazonaws.com\"", "\"Service\": \"ec2.amazonaws.com\""),
            finding: "BR701 [pod-identity-association] `aws eks create-pod-identity-association` gives role `backup-restore-role` to service account `mxp-4a5b6c7d-system/mxp-controller`, but the role's trust has no `pods.eks.amazonaws.com` principal with `sts:AssumeRole`",
        },
        Case {
            example: "palette-cloud-account-pod-identity-cross-account",
            artifact: "aws-cli",
            edit: Edit::Replace("\"aws:PrincipalARN\": \"arn:aws:iam::111122223333:role/SpectroCloudHubbleLocalRole\"", "\"aws:PrincipalARN\": \"arn:aws:iam::111122223333:role/SpectroCloudHubbleRole\""),
            finding: "BR701 [aws-cli] `--target-role-arn` of `aws eks create-pod-identity-association` gives role `SpectroCloudHubbleTargetRole` to the session of service account `hubble-system/spectro-hubble`'s association role, but the role's trust admits only `arn:aws:iam::111122223333:root`",
        },
        Case {
            example: "stackgres-irsa",
            artifact: "sgobjectstorage",
            edit: Edit::Replace("bucket: my-stackgres-bucket", "bucket: my-stackgres-backups"),
            finding: "BR702 [sgobjectstorage] the `SGObjectStorage` `s3-iam-storage` names bucket `my-stackgres-backups`, but the permission policies grant only `my-stackgres-bucket`",
        },
        Case {
            example: "upbound-spaces-pod-identity",
            artifact: "shared-backup",
            edit: Edit::Replace("bucket: my-spaces-backups", "bucket: my-spaces-backup"),
            finding: "BR702 [shared-backup] the `SharedBackupConfig` `s3-backups` names bucket `my-spaces-backup`, but the permission policies grant only `my-spaces-backups`",
        },
        Case {
            example: "stackgres-irsa",
            artifact: "sgcluster-patch",
            edit: Edit::Replace("role/StackGresBackupRole", "role/StackGresRole"),
            finding: "BR703 [sgcluster-patch] the patch of `SGCluster` `my-cluster` names role `arn:aws:iam::111122223333:role/StackGresRole`, which no script creates (created: `StackGresBackupRole`)",
        },
        Case {
            example: "stackgres-irsa",
            artifact: "sgcluster-patch",
            edit: Edit::Replace("arn:aws:iam::111122223333:role", "arn:aws:iam::444455556666:role"),
            finding: "BR703 [sgcluster-patch] the patch of `SGCluster` `my-cluster` names `arn:aws:iam::444455556666:role/StackGresBackupRole`, but the role is created in partition `aws` and account `111122223333` (policy `arn:aws:iam::111122223333:policy/StackGresBackupPolicy` is attached to it)",
        },
        Case {
            example: "palette-cloud-account-sts",
            artifact: "console-steps",
            edit: Edit::Replace("role/SpectroCloudRole", "role/SpectroCloudPaletteRole"),
            finding: "BR703 [console-steps] the console step `6. ARN` names role `arn:aws:iam::111122223333:role/SpectroCloudPaletteRole`, which no script creates (created: `SpectroCloudRole`)",
        },
        Case {
            example: "stackgres-irsa",
            artifact: "sgobjectstorage",
            edit: Edit::Replace("  s3:\n", "  s3: [\n"),
            finding: "BR705 [sgobjectstorage] `sgobjectstorage` cannot be read: it is not YAML: while parsing a flow mapping, did not find expected ',' or '}' at byte 177 line 10 column 12",
        },
        Case {
            example: "stackgres-irsa",
            artifact: "sgcluster-patch",
            edit: Edit::Replace("\"retention\":7}]}}}'", "\"retention\":7}]}}}"),
            finding: "BR705 [sgcluster-patch] `sgcluster-patch` cannot be read: a quote opened on line 8 is never closed, so the shell reads the rest as one word",
        },
        Case {
            example: "stackgres-static-keys",
            artifact: "sgcluster-backups",
            edit: Edit::Replace("\"sgObjectStorage\":\"objectstorage\"", "\"sgObjectStorage\":\"object-storage\""),
            finding: "BR706 [sgcluster-backups] the patch of `SGCluster` `my-cluster` backs up to SGObjectStorage `object-storage`, which no manifest of the setup creates in its namespace",
        },
        Case {
            example: "stackgres-irsa",
            artifact: "sgcluster-patch",
            edit: Edit::Replace(",\"configurations\":{\"backups\":[{\"sgObjectStorage\":\"s3-iam-storage\",\"cronSchedule\":\"0 5 * * *\",\"retention\":7}]}", ""),
            finding: "BR706 [sgobjectstorage] the `SGObjectStorage` `s3-iam-storage` is named by no SGCluster's `spec.configurations.backups`, so StackGres never backs up to it",
        },
        Case {
            example: "upbound-spaces-irsa",
            artifact: "shared-backup",
            edit: Edit::Replace("source: InjectedIdentity", "source: Secret"),
            finding: "BR706 [shared-backup] the `SharedBackupConfig` `s3-backups`: its credentials source is `Secret`, not `InjectedIdentity`, so the role given to `mxp-controller` is not used",
        },
        Case {
            example: "upbound-spaces-irsa",
            artifact: "shared-backup",
            edit: Edit::Replace("region: us-west-2", "region: us-east-1"),
            finding: "BR706 [shared-backup] the `SharedBackupConfig` `s3-backups`: its region `us-east-1` is not the scripts' (`us-west-2`)",
        },
        Case {
            example: "upbound-spaces-pod-identity",
            artifact: "shared-backup",
            edit: Edit::Replace("    name: s3-backups\n  controlPlaneSelector", "    name: backups\n  controlPlaneSelector"),
            finding: "BR706 [shared-backup] the `SharedBackupConfig` `s3-backups`: no SharedBackupSchedule in its namespace runs it for any control plane",
        },
        Case {
            example: "upbound-spaces-pod-identity",
            artifact: "shared-backup",
            edit: Edit::Replace("kind: SharedBackupConfig\nmetadata", "kind: ConfigMap\nmetadata"),
            finding: "BR706 [pod-identity-association] `aws eks create-pod-identity-association` gives a role to `mxp-controller`, but no SharedBackupConfig tells Spaces which bucket to back up to",
        },
        Case {
            example: "palette-cloud-account-pod-identity",
            artifact: "verify",
            edit: Edit::Replace("kubectl rollout restart deployment spectro-hubble", "kubectl rollout status deployment spectro-hubble"),
            finding: "BR706 [aws-cli] `aws eks create-pod-identity-association` gives a role to service account `hubble-system/spectro-hubble`, but no deployment of namespace `hubble-system` is restarted after it, so pods that already run never get the credentials",
        },
        Case {
            example: "stackgres-irsa",
            artifact: "aws-cli-role",
            edit: Edit::Replace("\"Version\": \"2012-10-17\",", "\"Version\": \"2012-10-17\",,"),
            finding: "BR705 [aws-cli-role] `aws-cli-role` cannot be read: the trust policy of role `StackGresBackupRole` is not JSON: unexpected `,` where a key in double quotes was expected",
        },
        Case {
            example: "stackgres-static-keys",
            artifact: "aws-cli",
            edit: Edit::Append(concat!(
                "aws iam put-user-policy --user-name stackgres-backup-user --policy-name extra-1 --policy-document \"$permission_policy\"\n",
                "aws iam put-user-policy --user-name stackgres-backup-user --policy-name extra-2 --policy-document \"$permission_policy\"\n",
                "aws iam put-user-policy --user-name stackgres-backup-user --policy-name extra-3 --policy-document \"$permission_policy\"\n",
                "aws iam put-user-policy --user-name stackgres-backup-user --policy-name extra-4 --policy-document \"$permission_policy\"\n",
                "aws iam put-user-policy --user-name stackgres-backup-user --policy-name extra-5 --policy-document \"$permission_policy\"\n",
                "aws iam put-user-policy --user-name stackgres-backup-user --policy-name extra-6 --policy-document \"$permission_policy\"\n",
                "aws iam put-user-policy --user-name stackgres-backup-user --policy-name extra-7 --policy-document \"$permission_policy\"\n",
                "aws iam put-user-policy --user-name stackgres-backup-user --policy-name extra-8 --policy-document \"$permission_policy\"\n",
            )),
            finding: "BR704 [aws-cli] the inline policies of user `stackgres-backup-user` add up to 2547 characters without whitespace, over the 2048 allowed for a user's inline policies",
        },
    ];
    for case in cases {
        let before = check(&example(case.example));
        assert!(before.findings.is_empty(), "{}: {:?}", case.example, before.findings);
        let after = check(&edited(example(case.example), case.artifact, &case.edit));
        let got: Vec<String> = after
            .findings
            .iter()
            .map(|f| format!("{} [{}] {}", f.code, f.artifact, f.message))
            .collect();
        assert!(
            got.iter().any(|g| g == case.finding),
            "{} {}:\nwant {}\ngot  {got:#?}",
            case.example,
            case.artifact,
            case.finding
        );
        assert!(
            got.iter().all(|g| g.get(..5) == case.finding.get(..5)),
            "{} {}: other checks fired too: {got:#?}",
            case.example,
            case.artifact
        );
    }
}

/// eksctl's step offers to create the same role as the AWS CLI's; whichever comes first, the
/// trust the AWS CLI creates the role with is the one the bindings are checked against.
#[test]
fn the_role_created_with_a_trust_is_checked_whatever_the_order() {
    let mut artifacts = edited(
        example("stackgres-irsa"),
        "eksctl",
        &Edit::Replace("--name my-cluster-patroni", "--name other"),
    );
    let eksctl = artifacts.iter().position(|a| a.id == "eksctl").unwrap();
    let moved = artifacts.remove(eksctl);
    artifacts.insert(0, moved);
    let codes: Vec<(&str, &str)> = check(&artifacts)
        .findings
        .iter()
        .map(|f| (f.code, f.artifact))
        .collect();
    assert_eq!(codes, [("BR701", "eksctl")]);
}

/// A role name with a comma reaches Helm as `\,`; read back, it is the name IAM creates, so the
/// setup checks agree (they once reported the escaped name as a role no script creates).
#[test]
fn an_escaped_chart_value_is_read_back_as_helm_reads_it() {
    let raw = bucketrust_core::RawSetup::from_json(&support::fixture("setups/upbound-spaces-irsa-aws.json"))
        .unwrap()
        .with(bucketrust_core::Field::RoleName, "backup,role");
    let artifacts = bucketrust_core::generate(&bucketrust_core::validate(&raw).unwrap());
    let report = check(&artifacts);
    assert_eq!(report.findings, []);
    assert!(report.backups_on());
}
