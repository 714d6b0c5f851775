//! Linting never panics: not on arbitrary bytes, not on arbitrary JSON, not on policy-shaped
//! JSON with arbitrary values.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use bucketrust_core::lint::{lint, lint_with, render, Attachment, Options, PolicyKind};
use bucketrust_core::{Artifact, ArtifactKind};
use proptest::prelude::*;

fn kinds() -> impl Strategy<Value = Option<PolicyKind>> {
    prop_oneof![
        Just(None),
        Just(Some(PolicyKind::Identity)),
        Just(Some(PolicyKind::Trust))
    ]
}

/// Arbitrary JSON values, rendered as text.
fn json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        "\\PC{0,12}".prop_map(serde_json::Value::String),
        prop_oneof![
            Just("*"),
            Just("s3:*"),
            Just("arn:aws:s3:::b/*"),
            Just("arn:aws:iam::111122223333:root"),
            Just("${aws:username}"),
            Just("arn:::::"),
            Just("sts:TagSession"),
        ]
        .prop_map(|s| serde_json::Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        let keys = prop_oneof![
            "\\PC{0,6}",
            prop_oneof![
                Just("Version"),
                Just("Statement"),
                Just("Effect"),
                Just("Action"),
                Just("NotAction"),
                Just("Resource"),
                Just("NotResource"),
                Just("Principal"),
                Just("NotPrincipal"),
                Just("Condition"),
                Just("AWS"),
                Just("Federated"),
                Just("Service"),
                Just("StringEquals"),
                Just("ForAnyValue:StringLikeIfExists"),
                Just("Bool"),
                Just("IpAddress"),
                Just("DateLessThan"),
                Just("aws:SourceIp"),
            ]
            .prop_map(str::to_owned),
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::Array),
            prop::collection::vec((keys, inner), 0..5)
                .prop_map(|members| serde_json::Value::Object(members.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256), kind in kinds()) {
        let text = String::from_utf8_lossy(&bytes);
        for f in lint(&text, kind) {
            let _ = render::render("x.json", &text, &f);
        }
    }

    #[test]
    fn arbitrary_json_never_panics(value in json(), kind in kinds(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            serde_json::to_string(&value).unwrap()
        };
        let options = Options { kind, attachment: Some(Attachment::InlineRole) };
        for f in lint_with(&text, &options) {
            prop_assert!(f.line >= 1 && f.column >= 1);
            let _ = render::render("x.json", &text, &f);
        }
    }

    #[test]
    fn policy_shaped_json_never_panics(statement in json(), kind in kinds()) {
        let text = serde_json::json!({"Version": "2012-10-17", "Statement": [statement]}).to_string();
        for f in lint(&text, kind) {
            let _ = render::render("x.json", &text, &f);
        }
    }
}

#[test]
fn deep_nesting_is_a_finding_not_a_crash() {
    let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(!lint(&text, None).is_empty());
}

/// Text that looks like the artifacts the setup checks read, cut and mixed at random.
fn artifact_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "\\PC{0,16}",
        Just("aws iam create-role --role-name r --assume-role-policy-document \"$t\"\n".to_owned()),
        Just("t='{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/x\"}, \"Action\": \"sts:AssumeRoleWithWebIdentity\", \"Condition\": {\"StringLike\": {\"x:sub\": \"system:serviceaccount:*:a?\"}}}]}'\n".to_owned()),
        Just("kubectl annotate serviceaccount a 'eks.amazonaws.com/role-arn=arn:aws:iam::1:role/r' --namespace\n".to_owned()),
        Just("aws eks create-pod-identity-association --namespace n --role-arn arn:aws:iam::1:role/r --target-role-arn\n".to_owned()),
        Just("helm upgrade x --set 'a.bucket=' --set 'k.eks\\.amazonaws\\.com/role-arn=arn:'\n".to_owned()),
        Just("aws iam put-role-policy --role-name r --policy-name p --policy-document \"$t\"\n".to_owned()),
        Just("aws s3 mb s3://\n".to_owned()),
        Just("metadata:\n  name: x\nspec:\n  bucket: [1, 2]\n  eks.amazonaws.com/role-arn: arn:aws:iam::1:role/\n".to_owned()),
        Just("   ARN: arn:aws:iam::1:role/r/\n   S3 Bucket:\n".to_owned()),
        Just("'\\\\\n\"$(\n".to_owned()),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The setup checks and the lint plan read any text of any artifact kind without panicking.
    #[test]
    fn setup_checks_never_panic(contents in prop::collection::vec((0..8_usize, artifact_text()), 0..6)) {
        let artifacts: Vec<Artifact> = contents
            .into_iter()
            .enumerate()
            .map(|(i, (kind, content))| {
                let kind = ArtifactKind::ALL[kind];
                Artifact { id: ["a", "b", "c", "d", "e", "f"][i], title: "t", kind, language: kind.language(), content, replaces: None, steps: None }
            })
            .collect();
        let report = bucketrust_core::crosscheck::check(&artifacts);
        let _ = report.render_text();
        let _ = bucketrust_core::review(&artifacts);
    }
}
