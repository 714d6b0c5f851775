use crate::lint::policy::Statement;
use crate::lint::rules::wildcard_resource_actions;
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// IAM actions that escalate privileges, on every user, group, role or policy.
    PrivilegeEscalationOnWildcard {
        code: "BR208",
        name: "privilege-escalation-on-wildcard",
        severity: SecurityWarning,
        summary: "IAM actions that let the holder give itself or others more permissions are allowed on every user, group, role or policy.",
        what_it_does: "Reports, in `Allow` statements, the IAM actions (or patterns such as `iam:Put*`) that change another identity's permissions or credentials (`iam:PutUserPolicy`, `AttachUserPolicy`, `CreateAccessKey`, `CreateLoginProfile`, `UpdateLoginProfile`, `AddUserToGroup`, `PutGroupPolicy`, `AttachGroupPolicy`, `PutRolePolicy`, `AttachRolePolicy`, `UpdateAssumeRolePolicy`, `CreatePolicyVersion`, `SetDefaultPolicyVersion`) when the statement allows them on `*` or on a pattern of every resource of their type in one account or all (`arn:aws:iam::111122223333:user/*`, `arn:aws:iam::*:role/*`, `…:policy/*`), unless a condition on `iam:PermissionsBoundary` or `iam:PolicyARN` pins what may be attached. This is Parliament's PRIVILEGE_ESCALATION, for the methods that need one action; IAM Access Analyzer has no basic check for it.",
        why_it_matters: "Whoever may put a policy on any user, attach one to any role, or create an access key for any user, can make themselves an administrator: these are the classic IAM privilege escalations. A backup tool needs none of them.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:PutUserPolicy", "iam:CreateAccessKey"], "Resource": "arn:aws:iam::111122223333:user/*"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::111122223333:user/backup-agent"}]}"#,
        references: [
            "Parliament: PRIVILEGE_ESCALATION (the Rhino Security Labs and Bishop Fox escalation methods)",
            "IAM User Guide: Permissions boundaries for IAM entities (delegating permission management)",
        ],
    }
}

/// The IAM actions that escalate privileges on their own, as Parliament lists them.
const ESCALATIONS: &[&str] = &[
    "CreateAccessKey",
    "CreateLoginProfile",
    "UpdateLoginProfile",
    "PutUserPolicy",
    "AttachUserPolicy",
    "AddUserToGroup",
    "PutGroupPolicy",
    "AttachGroupPolicy",
    "PutRolePolicy",
    "AttachRolePolicy",
    "UpdateAssumeRolePolicy",
    "CreatePolicyVersion",
    "SetDefaultPolicyVersion",
];

/// Whether the IAM action (its name without `iam:`) escalates privileges on its own.
pub(crate) fn is_escalation(name: &str) -> bool {
    ESCALATIONS.iter().any(|e| e.eq_ignore_ascii_case(name))
}

/// The condition keys with which an administrator delegates permission management safely.
const GUARDRAILS: &[&str] = &["iam:PermissionsBoundary", "iam:PolicyARN"];

fn guarded(statement: &Statement<'_>) -> bool {
    statement.narrowed_by(GUARDRAILS)
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for hit in wildcard_resource_actions(cx, true, |service, action| {
        service == "iam" && is_escalation(action.name)
    }) {
        if guarded(&hit.statement) {
            continue;
        }
        let granted = if hit.action.contains(['*', '?']) {
            format!(" (through `iam:{}`)", hit.catalog_name)
        } else {
            String::new()
        };
        out.push(Diagnostic::at(
            hit.node,
            format!(
                "`{}`{granted} is allowed on {}, so the holder can grant itself any permission",
                hit.action,
                hit.on()
            ),
            "name the users, groups, roles or policies it needs, or pin what may be attached with `iam:PermissionsBoundary` or `iam:PolicyARN`",
        ));
    }
}
