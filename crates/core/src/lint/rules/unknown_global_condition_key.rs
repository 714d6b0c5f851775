use crate::lint::{catalog, declare_rule, Context, Diagnostic};

declare_rule! {
    /// An `aws:` condition key that does not exist.
    UnknownGlobalConditionKey {
        code: "BR308",
        name: "unknown-global-condition-key",
        severity: Error,
        summary: "An `aws:` condition key is not a global condition key.",
        what_it_does: "Checks every condition key starting with `aws:` against the catalog's global condition keys (`aws:SourceIp`, `aws:PrincipalArn`, `aws:RequestTag/<key>`, …), case-insensitively.",
        why_it_matters: "A key that is never in the request context never matches: an `Allow` with it grants nothing, and a `Deny` with `…IfExists` protects nothing. `aws:SourceIP` is fine (keys are case-insensitive) but `aws:SourceIPs` or `aws:PrincipalOrgId2` are not.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": {"IpAddress": {"aws:SourceAddress": "203.0.113.0/24"}}}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}"#,
        references: [
            "IAM User Guide: AWS global condition context keys",
            "IAM Access Analyzer policy check reference: Error – Invalid global condition key",
        ],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements() {
        for c in s.conditions() {
            let key = c.key();
            let global = key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:"));
            if global && catalog::global_key(key).is_none() {
                out.push(Diagnostic::at_key(
                    c.key_member,
                    format!("`{key}` is not a global condition key"),
                    "use a key from the list of AWS global condition context keys, such as `aws:SourceIp` or `aws:PrincipalArn`",
                ));
            }
        }
    }
}
