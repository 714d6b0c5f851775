use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// An action its service does not have.
    UnknownAction {
        code: "BR103",
        name: "unknown-action",
        severity: Error,
        summary: "An action (or action pattern) matches no action of its service.",
        what_it_does: "For the services the catalog holds in full (s3, ec2, kms, iam, sts, eks), reports actions and wildcard patterns that match none of the service's actions. Names compare case-insensitively, as in IAM.",
        why_it_matters: "IAM accepts unknown action names silently, so the statement grants nothing and the workload fails with `AccessDenied`. API operation names are not always action names: `HeadBucket` is authorised by `s3:ListBucket`, `CreateMultipartUpload` by `s3:PutObject`.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:HeadBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        references: [
            "Service Authorization Reference: Actions, resources, and condition keys for Amazon S3",
            "barman issue 786 (HeadBucket is authorised by s3:ListBucket)",
            "IAM Access Analyzer policy check reference: Error – Invalid action",
            "Parliament: UNKNOWN_ACTION",
        ],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements() {
        let mut actions = s.actions();
        actions.extend(s.not_actions());
        for (action, node) in actions {
            let Some((service, mut matches)) = cx.catalog_actions(action) else {
                continue;
            };
            if matches.next().is_some() {
                continue;
            }
            let help = match action {
                a if a.eq_ignore_ascii_case("s3:HeadBucket") => {
                    "`HeadBucket` is authorised by `s3:ListBucket`".to_owned()
                }
                a if a.eq_ignore_ascii_case("s3:CreateMultipartUpload") || a.eq_ignore_ascii_case("s3:UploadPart") => {
                    "multipart uploads are authorised by `s3:PutObject`".to_owned()
                }
                a if a.eq_ignore_ascii_case("s3:HeadObject") => {
                    "`HeadObject` is authorised by `s3:GetObject`".to_owned()
                }
                _ => format!("check the action's name in the list of `{}` actions", service.prefix),
            };
            out.push(Diagnostic::at(
                node,
                format!("`{action}` is not an action of `{}`", service.prefix),
                help,
            ));
        }
    }
}
