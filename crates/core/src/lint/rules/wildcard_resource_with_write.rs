use crate::lint::rules::wildcard_resource_actions;
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// Write or permissions-management actions on `Resource: "*"`.
    WildcardResourceWithWrite {
        code: "BR203",
        name: "wildcard-resource-with-write",
        severity: SecurityWarning,
        summary: "Write, tagging or permissions-management actions that can be scoped are allowed on `Resource: \"*\"`.",
        what_it_does: "Reports, in `Allow` statements whose `Resource` includes `*`, every action of ec2, iam, sts or eks (S3, KMS and `iam:PassRole` have rules of their own) whose access level is Write, Tagging or Permissions management and that acts on at least one resource type. Actions that only support `*` are not reported.",
        why_it_matters: "Changing actions on `*` reach every resource of the account: deleting any snapshot, tagging any instance, changing any role. Resource ARNs or conditions on tags narrow them.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:DeleteSnapshot", "Resource": "*"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:DeleteSnapshot", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/velero.io/backup": "true"}}}]}"#,
        references: ["IAM User Guide: Security best practices in IAM (apply least-privilege permissions)", "Service Authorization Reference: access levels"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let hits = wildcard_resource_actions(cx, |service, action| {
        // `iam:PassRole` has a rule of its own.
        service != "s3" && service != "kms" && action.access.is_write() && action.name != "PassRole"
    });
    for (action, node, statement) in hits {
        if statement.has_conditions() {
            continue;
        }
        out.push(Diagnostic::at(
            node,
            format!("`{action}` changes resources and is allowed on every resource (`*`)"),
            "scope it to the resources' ARNs, or narrow it with a condition such as `aws:ResourceTag/…`",
        ));
    }
}
