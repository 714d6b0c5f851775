use crate::lint::rules::wildcard_resource_actions;
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// KMS actions on `Resource: "*"`.
    WildcardResourceWithKms {
        code: "BR202",
        name: "wildcard-resource-with-kms",
        severity: SecurityWarning,
        summary: "KMS actions that can be scoped to a key are allowed on `Resource: \"*\"`.",
        what_it_does: "Reports, in `Allow` statements whose `Resource` includes `*`, every KMS action (or pattern) that acts on a `key` or `alias` resource.",
        why_it_matters: "In an identity policy, `*` means every KMS key whose key policy trusts the account: decrypt rights on all of them, not just the bucket's key.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "*"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}]}"#,
        references: ["AWS KMS Developer Guide: Best practices for IAM policies"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (action, node, _) in wildcard_resource_actions(cx, |service, _| service == "kms") {
        out.push(Diagnostic::at(
            node,
            format!("`{action}` is allowed on every KMS key (`*`)"),
            "scope KMS actions to the key's ARN, `arn:<partition>:kms:<region>:<account>:key/<id>`",
        ));
    }
}
