use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// `s3:*`, `iam:*` or `*` in an `Allow` statement.
    ServiceWideWildcardAction {
        code: "BR204",
        name: "service-wide-wildcard-action",
        severity: SecurityWarning,
        summary: "An `Allow` statement grants every action of a service (`s3:*`) or of all services (`*`).",
        what_it_does: "Reports `*` and `<service>:*` in the `Action` of `Allow` statements.",
        why_it_matters: "A service-wide wildcard grants today's and tomorrow's actions, including deleting buckets, changing bucket policies and disabling encryption; a backup needs a handful of actions.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"]}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"},
  {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::my-bucket/*"}
]}"#,
        references: ["IAM User Guide: Security best practices in IAM (apply least-privilege permissions)"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements().iter().filter(|s| s.is_allow()) {
        for (action, node) in s.actions() {
            let everything = action == "*" || action.split_once(':').is_some_and(|(_, name)| name == "*");
            if everything {
                let what = if action == "*" {
                    "every action of every service".to_owned()
                } else {
                    format!("every action of `{}`", action.split(':').next().unwrap_or_default())
                };
                out.push(Diagnostic::at(
                    node,
                    format!("`{action}` grants {what}"),
                    "list the actions the workload needs",
                ));
            }
        }
    }
}
