use super::trust::Trust;
use super::{Diagnostic, SetupRule};
use crate::arn::Arn;
use crate::lint::{Docs, Severity};
use crate::readback::{Facts, RoleRef};

pub(super) const RULE: SetupRule = SetupRule {
    code: "BR703",
    name: "role-arn-not-created",
    severity: Severity::Error,
    docs: Docs {
        summary: "A role ARN given to a workload or typed into a wizard names no role the scripts create, or names it in another account or partition.",
        what_it_does: "Takes every role ARN that an annotation, a chart value, a manifest, a pod identity association or a console step hands on, and checks that a script creates a role of that name (`aws iam create-role`, `eksctl create iamserviceaccount`). Where the scripts tell the role's account and partition (the customer managed policies attached to it, the OIDC provider its trust names), the ARN must have the same.",
        why_it_matters: "An ARN with a typo, an old role name or another account's ID points the workload at a role that does not exist or does not trust it: STS answers `AccessDenied` and the backups stop, while every document looks right on its own.",
        example: "aws-cli-role:    aws iam create-role --role-name StackGresBackupRole …\nsgcluster-patch: kubectl patch sgcluster my-cluster --type merge --patch '{…\"eks.amazonaws.com/role-arn\":\"arn:aws:iam::111122223333:role/StackGresRole\"…}'",
        use_instead: "aws-cli-role:    aws iam create-role --role-name StackGresBackupRole …\nsgcluster-patch: kubectl patch sgcluster my-cluster --type merge --patch '{…\"eks.amazonaws.com/role-arn\":\"arn:aws:iam::111122223333:role/StackGresBackupRole\"…}'",
        references: &["IAM User Guide: IAM identifiers (role ARNs)"],
    },
    check,
};

fn check(facts: &Facts, out: &mut Vec<Diagnostic>) -> usize {
    let mut compared = 0;
    for binding in &facts.bindings {
        compared += 1;
        let name = binding.role.name();
        if facts.role(name).is_none() {
            // eksctl may offer to create a role the AWS CLI creates too: each name once.
            let mut names: Vec<String> = Vec::new();
            for r in &facts.roles {
                let shown = format!("`{}`", r.name);
                if !names.contains(&shown) {
                    names.push(shown);
                }
            }
            let created = names.join(", ");
            let created = if created.is_empty() { "none".to_owned() } else { created };
            out.push(Diagnostic {
                artifact: binding.artifact,
                message: format!(
                    "{} names role `{}`, which no script creates (created: {created})",
                    binding.source,
                    binding.role.shown()
                ),
                help: "use the ARN of the role the scripts create".to_owned(),
            });
            continue;
        }
        let RoleRef::Arn(arn) = &binding.role else {
            continue;
        };
        let Some(given) = Arn::parse(arn) else {
            continue;
        };
        for (partition, account, why) in known_places(facts, name) {
            if given.partition != partition || given.account != account {
                out.push(Diagnostic {
                    artifact: binding.artifact,
                    message: format!(
                        "{} names `{arn}`, but the role is created in partition `{partition}` and account `{account}` ({why})",
                        binding.source
                    ),
                    help: "use the partition and account the role is created in".to_owned(),
                });
                break;
            }
        }
    }
    compared
}

/// Where the scripts show the role to live: (partition, account, how that is known), from
/// the customer managed policies attached to it and the OIDC provider its trust names (IAM
/// attaches only policies, and trusts only providers, of the role's own account).
fn known_places(facts: &Facts, role: &str) -> Vec<(String, String, String)> {
    let mut places = Vec::new();
    for (_, policy) in facts.attached.iter().filter(|(r, _)| r == role) {
        if let Some(arn) = Arn::parse(policy).filter(|a| a.account.len() == 12) {
            places.push((
                arn.partition.to_owned(),
                arn.account.to_owned(),
                format!("policy `{policy}` is attached to it"),
            ));
        }
    }
    let trust = facts.role(role).and_then(|r| r.trust.as_deref()).and_then(Trust::parse);
    for provider in trust.map(|t| t.oidc_providers()).unwrap_or_default() {
        if let Some(arn) = Arn::parse(&provider) {
            places.push((
                arn.partition.to_owned(),
                arn.account.to_owned(),
                format!("its trust names OIDC provider `{provider}`"),
            ));
        }
    }
    places
}
