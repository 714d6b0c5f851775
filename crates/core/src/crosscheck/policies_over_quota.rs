use super::{Diagnostic, SetupRule};
use crate::lint::{policy_size, Attachment, Docs, PolicyKind, Severity};
use crate::readback::{Facts, Placement};

pub(super) const RULE: SetupRule = SetupRule {
    code: "BR704",
    name: "policies-over-quota",
    severity: Severity::Error,
    docs: Docs {
        summary: "The documents the scripts hand to IAM exceed a size quota: one managed policy or trust policy, or the inline policies of one user or role together.",
        what_it_does: "Reads every document the scripts pass to `create-policy`, `put-user-policy`, `put-role-policy` and `create-role`, counts its characters without whitespace, and adds up the inline policies of each user and each role: 6,144 for a managed policy, 2,048 for a trust policy, 2,048 for all of a user's inline policies and 10,240 for all of a role's. The linter checks one document at a time; only the scripts tell which documents land on the same principal.",
        why_it_matters: "IAM refuses the document that crosses the quota with `LimitExceeded`, so the script stops halfway, with the role or user created and some of its policies missing.",
        example: "aws-cli: aws iam put-user-policy --user-name backup --policy-name a --policy-document \"$policy_a\"  # 1,500 characters\n         aws iam put-user-policy --user-name backup --policy-name b --policy-document \"$policy_b\"  # 900 characters",
        use_instead: "aws-cli: aws iam create-policy --policy-name backup --policy-document \"$policy_ab\"  # 2,400 characters, managed\n         aws iam attach-user-policy --user-name backup --policy-arn …",
        references: &["IAM User Guide: IAM and AWS STS quotas (IAM and STS character limits)"],
    },
    check,
};

/// Whom a document's quota counts against.
#[derive(PartialEq, Eq)]
enum Principal<'a> {
    User(&'a str),
    Role(&'a str),
}

fn check(facts: &Facts, out: &mut Vec<Diagnostic>) -> usize {
    let mut inline: Vec<(Principal<'_>, usize, &'static str)> = Vec::new();
    for document in &facts.documents {
        let size = policy_size(&document.text);
        let (principal, attachment, kind, what) = match &document.placement {
            Placement::Managed { name } => (
                None,
                Attachment::Managed,
                PolicyKind::Identity,
                format!("managed policy `{name}`"),
            ),
            Placement::Trust { role } => (
                None,
                Attachment::Managed,
                PolicyKind::Trust,
                format!("the trust policy of role `{role}`"),
            ),
            Placement::InlineUser { user, .. } => (
                Some(Principal::User(user)),
                Attachment::InlineUser,
                PolicyKind::Identity,
                String::new(),
            ),
            Placement::InlineRole { role, .. } => (
                Some(Principal::Role(role)),
                Attachment::InlineRole,
                PolicyKind::Identity,
                String::new(),
            ),
        };
        let (quota, quota_what) = attachment.quota(kind);
        match principal {
            None if size > quota => out.push(over(document.artifact, &format!("{what} has"), size, quota, quota_what)),
            None => {}
            Some(principal) => match inline.iter_mut().find(|(p, ..)| *p == principal) {
                Some((_, total, _)) => *total += size,
                None => inline.push((principal, size, document.artifact)),
            },
        }
    }
    for (principal, total, artifact) in &inline {
        let (attachment, what) = match principal {
            Principal::User(user) => (Attachment::InlineUser, format!("the inline policies of user `{user}`")),
            Principal::Role(role) => (Attachment::InlineRole, format!("the inline policies of role `{role}`")),
        };
        let (quota, quota_what) = attachment.quota(PolicyKind::Identity);
        if *total > quota {
            out.push(over(artifact, &format!("{what} add up to"), *total, quota, quota_what));
        }
    }
    facts.documents.len()
}

fn over(artifact: &'static str, subject: &str, size: usize, quota: usize, quota_what: &str) -> Diagnostic {
    Diagnostic {
        artifact,
        message: format!("{subject} {size} characters without whitespace, over the {quota} allowed for {quota_what}"),
        help: "move statements into a customer managed policy and attach it, or merge statements".to_owned(),
    }
}
