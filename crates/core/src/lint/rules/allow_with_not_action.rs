use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// `Allow` with `NotAction`.
    AllowWithNotAction {
        code: "BR206",
        name: "allow-with-not-action",
        severity: SecurityWarning,
        summary: "An `Allow` statement uses `NotAction`.",
        what_it_does: "Reports `NotAction` in statements whose `Effect` is `Allow`.",
        why_it_matters: "`Allow` with `NotAction` allows every action of every service except the listed ones, including actions added later; it is almost always far broader than meant.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "s3:DeleteBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetBucketLocation"], "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        references: ["IAM User Guide: IAM JSON policy elements: NotAction"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements().iter().filter(|s| s.is_allow()) {
        if let Some(m) = s.get("NotAction") {
            out.push(Diagnostic::at_key(
                m,
                "`Allow` with `NotAction` allows every action except the listed ones",
                "list the allowed actions in `Action`; keep `NotAction` for `Deny` statements",
            ));
        }
    }
}
