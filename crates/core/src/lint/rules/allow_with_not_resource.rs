use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// `Allow` with `NotResource`.
    AllowWithNotResource {
        code: "BR207",
        name: "allow-with-not-resource",
        severity: SecurityWarning,
        summary: "An `Allow` statement uses `NotResource`.",
        what_it_does: "Reports `NotResource` in statements whose `Effect` is `Allow`.",
        why_it_matters: "`Allow` with `NotResource` allows the actions on every resource except the listed ones, in every service and account the actions reach; it is almost always far broader than meant.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secrets/*"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}]}"#,
        references: [
            "IAM User Guide: IAM JSON policy elements: NotResource",
            "Parliament: NOTRESOURCE_WITH_ALLOW",
        ],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements().iter().filter(|s| s.is_allow()) {
        if let Some(m) = s.get("NotResource") {
            out.push(Diagnostic::at_key(
                m,
                "`Allow` with `NotResource` allows the actions on every resource except the listed ones",
                "list the allowed resources in `Resource`; keep `NotResource` for `Deny` statements",
            ));
        }
    }
}
