use crate::lint::{catalog, declare_rule, Context, Diagnostic};

declare_rule! {
    /// A service condition key the service does not have.
    UnknownServiceConditionKey {
        code: "BR309",
        name: "unknown-service-condition-key",
        severity: Warning,
        summary: "A condition key of s3, ec2, kms, iam, sts or eks is not one the service defines.",
        what_it_does: "For the services the catalog holds in full, checks every condition key with the service's prefix (`s3:prefix`, `kms:ViaService`, `sts:ExternalId`, …) against the keys the service defines, case-insensitively.",
        why_it_matters: "A key that never appears in the request context never matches, so the condition silently blocks an `Allow` or disables a `Deny`.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalID2": "a1b2c3"}}}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "a1b2c3"}}}]}"#,
        references: [
            "Service Authorization Reference: condition keys of each service",
            "IAM Access Analyzer policy check reference: Error – Invalid service condition key",
        ],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements() {
        for c in s.conditions() {
            let key = c.key();
            let Some((prefix, _)) = key.split_once(':') else {
                continue;
            };
            if catalog::service(prefix).is_some() && catalog::service_key(key).is_none() {
                out.push(Diagnostic::at_key(
                    c.key_member,
                    format!("`{key}` is not a condition key of `{}`", prefix.to_ascii_lowercase()),
                    format!(
                        "check the key's name in the condition keys of `{}`",
                        prefix.to_ascii_lowercase()
                    ),
                ));
            }
        }
    }
}
