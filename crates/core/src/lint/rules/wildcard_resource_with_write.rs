use crate::lint::rules::privilege_escalation_on_wildcard::is_escalation;
use crate::lint::rules::wildcard_resource_actions;
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// Write or permissions-management actions on `Resource: "*"`.
    WildcardResourceWithWrite {
        code: "BR203",
        name: "wildcard-resource-with-write",
        severity: SecurityWarning,
        summary: "Write, tagging or permissions-management actions that can be scoped are allowed on `Resource: \"*\"` or on a pattern of every resource of their type.",
        what_it_does: "Reports, in `Allow` statements without a `Condition`, every action of ec2, iam, sts or eks (S3, KMS, `iam:PassRole` and the IAM actions that escalate privileges have rules of their own) whose access level is Write, Tagging or Permissions management, that acts on at least one resource type, and that the statement allows on `*` or on a pattern that stands for every resource of that type in every account (`arn:aws:ec2:*:*:volume/*`, `arn:aws:iam::*:role/*`). Actions that only support `*` are not reported. Parliament reports the same as RESOURCE_STAR.",
        why_it_matters: "Changing actions on `*` reach every resource of the account: deleting any snapshot, tagging any instance, changing any role. Resource ARNs or conditions on tags narrow them.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:DeleteSnapshot", "Resource": "*"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:DeleteSnapshot", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/velero.io/backup": "true"}}}]}"#,
        references: ["IAM User Guide: Security best practices in IAM (apply least-privilege permissions)", "Service Authorization Reference: access levels", "Parliament: RESOURCE_STAR"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let hits = wildcard_resource_actions(cx, false, |service, action| {
        // `iam:PassRole` and the escalating IAM actions have rules of their own.
        service != "s3"
            && service != "kms"
            && action.access.is_write()
            && action.name != "PassRole"
            && !(service == "iam" && is_escalation(action.name))
    });
    for hit in hits {
        if hit.statement.has_conditions() {
            continue;
        }
        out.push(Diagnostic::at(
            hit.node,
            format!("`{}` changes resources and is allowed on {}", hit.action, hit.on()),
            "scope it to the resources' ARNs, or narrow it with a condition such as `aws:ResourceTag/…`",
        ));
    }
}
