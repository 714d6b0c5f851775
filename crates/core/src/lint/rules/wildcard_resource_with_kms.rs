use crate::lint::rules::wildcard_resource_actions;
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// KMS actions on `Resource: "*"`.
    WildcardResourceWithKms {
        code: "BR202",
        name: "wildcard-resource-with-kms",
        severity: SecurityWarning,
        summary: "KMS actions that can be scoped to a key are allowed on `Resource: \"*\"` or on every key (`key/*`).",
        what_it_does: "Reports, in `Allow` statements, every KMS action (or pattern) that acts on a `key` or `alias` resource and that the statement allows on `*` or on a pattern of every key or alias of every account (`arn:<partition>:kms:*:*:key/*`). Parliament reports the same as RESOURCE_STAR.",
        why_it_matters: "In an identity policy, `*` means every KMS key whose key policy trusts the account: decrypt rights on all of them, not just the bucket's key.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "*"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}]}"#,
        references: ["AWS KMS Developer Guide: Best practices for IAM policies", "Parliament: RESOURCE_STAR"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for hit in wildcard_resource_actions(cx, false, |service, _| service == "kms") {
        out.push(Diagnostic::at(
            hit.node,
            format!("`{}` is allowed on every KMS key (`{}`)", hit.action, hit.resource),
            "scope KMS actions to the key's ARN, `arn:<partition>:kms:<region>:<account>:key/<id>`",
        ));
    }
}
