//! BR706: nothing in the setup turns the backups on, or what turns them on points at
//! something the setup does not create. Access to a bucket is half of a backup: the backup
//! system must also be told to write there, on a schedule, with the identity the setup gave it.

use super::{Diagnostic, SetupRule};
use crate::lint::{Docs, Severity};
use crate::readback::{BindingKind, Facts};

pub(super) const RULE: SetupRule = SetupRule {
    code: "BR706",
    name: "backups-not-enabled",
    severity: Severity::Error,
    docs: Docs {
        summary: "Nothing in the setup turns the backups on, or the object that turns them on refers to something the setup does not create.",
        what_it_does: "Finds what turns the backups on and checks what it refers to, as each backup system defines it (\"What turns the backups on\", after the checks). EKS Pod Identity: every service account given a role by an association has a `kubectl rollout restart` of a deployment in its namespace after the association. A setup handed to a vendor's wizard is turned on by the wizard, so its console steps count. At least one such thing must exist. While BR705 reports an artifact it cannot read, this check gives no verdict.",
        why_it_matters: "Every other check can pass while no backup is ever taken: an object storage no cluster uses, a bucket configured in a chart value the chart does not read, a schedule missing, or pods that kept running without the credentials EKS gives only to new pods. The setup looks done and the first restore finds nothing.",
        example: "sgobjectstorage: kind: SGObjectStorage, metadata.name: objectstorage\n(no SGCluster names objectstorage in spec.configurations.backups)",
        use_instead: "sgobjectstorage: kind: SGObjectStorage, metadata.name: objectstorage\nsgcluster-patch: kubectl patch sgcluster my-cluster --type merge --patch '{\"spec\":{\"configurations\":{\"backups\":[{\"sgObjectStorage\":\"objectstorage\"}]}}}'",
        references: &[
            "Amazon EKS User Guide: Configure pods to use a Kubernetes service account (restart after association)",
        ],
    },
    check,
};

fn check(facts: &Facts, out: &mut Vec<Diagnostic>) -> usize {
    // An artifact BR705 cannot read may hold what turns the backups on or what it refers to:
    // no verdict either way until it reads.
    if !facts.unreadable.is_empty() {
        return 0;
    }
    let mut enablers = 0;
    for target in crate::targets::ALL {
        let on = target.backups_on(facts);
        enablers += on.enablers;
        out.extend(on.problems.into_iter().map(|p| Diagnostic {
            artifact: p.artifact,
            message: p.message,
            help: p.help,
        }));
    }
    restarts_after_associations(facts, out);
    enablers += facts.wizards.len();
    // A broken enabler is reported above; this is for a setup that has none at all.
    if enablers == 0 && out.is_empty() {
        let artifact = facts
            .bindings
            .first()
            .map(|b| b.artifact)
            .or_else(|| facts.bucket_uses.first().map(|u| u.artifact))
            .unwrap_or("-");
        out.push(Diagnostic {
            artifact,
            message: "no artifact turns the backups on: no backup schedule, backup configuration or wizard step"
                .to_owned(),
            help: "add the object that tells the backup system to write to the bucket".to_owned(),
        });
    }
    enablers
}

/// Pods get Pod Identity credentials only when they are created, so every association must be
/// followed by a restart of a deployment in its namespace.
fn restarts_after_associations(facts: &Facts, out: &mut Vec<Diagnostic>) {
    for binding in facts.bindings.iter().filter(|b| b.kind == BindingKind::PodIdentity) {
        let Some(namespace) = binding.namespace.as_deref() else {
            continue;
        };
        let restarted = facts
            .restarts
            .iter()
            .any(|r| r.namespace == namespace && r.step > binding.step);
        if !restarted {
            out.push(Diagnostic {
                artifact: binding.artifact,
                message: format!(
                    "{} gives a role to service account `{namespace}/{}`, but no deployment of namespace `{namespace}` is restarted after it, so pods that already run never get the credentials",
                    binding.source,
                    binding.service_account.as_deref().unwrap_or("?")
                ),
                help: "run `kubectl rollout restart deployment <name> --namespace <namespace>` after the association".to_owned(),
            });
        }
    }
}
