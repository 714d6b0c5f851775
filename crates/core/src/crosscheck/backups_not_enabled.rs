//! BR706: nothing in the setup turns the backups on, or what turns them on points at
//! something the setup does not create. Access to a bucket is half of a backup: the backup
//! system must also be told to write there, on a schedule, with the identity the setup gave it.

use super::facts::{BackupObjectKind, BindingKind, Facts};
use super::{Diagnostic, SetupRule};
use crate::lint::{Docs, Severity};

pub(super) const RULE: SetupRule = SetupRule {
    code: "BR706",
    name: "backups-not-enabled",
    severity: Severity::Error,
    docs: Docs {
        summary: "Nothing in the setup turns the backups on, or the object that turns them on refers to something the setup does not create.",
        what_it_does: "Finds what turns the backups on and checks what it refers to. StackGres: every `SGObjectStorage` is named by the `spec.configurations.backups[].sgObjectStorage` of an `SGCluster` (a manifest or a `kubectl patch`), and every storage an `SGCluster` names is created. Upbound Spaces: a role given to `mxp-controller` comes with a `SharedBackupConfig` that names a bucket (BR702 checks it is the granted one), whose `config.region` is the region the scripts use and whose credentials are `InjectedIdentity`, and a `SharedBackupSchedule` that runs it for named control planes. EKS Pod Identity: every service account given a role by an association has a `kubectl rollout restart` of a deployment in its namespace after the association. A Palette setup is turned on by its wizard, so its console steps count. At least one such thing must exist. While BR705 reports an artifact it cannot read, this check gives no verdict.",
        why_it_matters: "Every other check can pass while no backup is ever taken: an object storage no cluster uses, a bucket configured in a chart value the chart does not read, a schedule missing, or pods that kept running without the credentials EKS gives only to new pods. The setup looks done and the first restore finds nothing.",
        example: "sgobjectstorage: kind: SGObjectStorage, metadata.name: objectstorage\n(no SGCluster names objectstorage in spec.configurations.backups)",
        use_instead: "sgobjectstorage: kind: SGObjectStorage, metadata.name: objectstorage\nsgcluster-patch: kubectl patch sgcluster my-cluster --type merge --patch '{\"spec\":{\"configurations\":{\"backups\":[{\"sgObjectStorage\":\"objectstorage\"}]}}}'",
        references: &[
            "StackGres documentation: SGCluster spec.configurations.backups",
            "Upbound documentation: Backup and restore (SharedBackupConfig, SharedBackupSchedule)",
            "Amazon EKS User Guide: Configure pods to use a Kubernetes service account (restart after association)",
        ],
    },
    check,
};

/// The service account of the Upbound Spaces backup component, whose backups a
/// SharedBackupConfig turns on.
const SPACES_BACKUP_ACCOUNT: &str = "mxp-controller";

fn check(facts: &Facts, out: &mut Vec<Diagnostic>) -> usize {
    // An artifact BR705 cannot read may hold what turns the backups on or what it refers to:
    // no verdict either way until it reads.
    if !facts.unreadable.is_empty() {
        return 0;
    }
    let mut enablers = 0;
    enablers += stackgres(facts, out);
    enablers += upbound_spaces(facts, out);
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

/// SGClusters that back up to an SGObjectStorage, each pair counted once.
fn stackgres(facts: &Facts, out: &mut Vec<Diagnostic>) -> usize {
    let storages: Vec<_> = facts
        .backup_objects
        .iter()
        .filter(|o| matches!(o.what, BackupObjectKind::SgObjectStorage))
        .collect();
    let mut used = 0;
    for object in &facts.backup_objects {
        let BackupObjectKind::SgCluster { backups } = &object.what else {
            continue;
        };
        for storage in backups {
            let created = storages
                .iter()
                .any(|s| &s.name == storage && s.namespace == object.namespace);
            if created {
                used += 1;
            } else {
                out.push(Diagnostic {
                    artifact: object.artifact,
                    message: format!(
                        "{} backs up to SGObjectStorage `{storage}`, which no manifest of the setup creates in its namespace",
                        object.source
                    ),
                    help: "name the SGObjectStorage the setup creates, in the SGCluster's namespace".to_owned(),
                });
            }
        }
    }
    for storage in &storages {
        let named = facts.backup_objects.iter().any(|o| match &o.what {
            BackupObjectKind::SgCluster { backups } => {
                backups.contains(&storage.name) && o.namespace == storage.namespace
            }
            _ => false,
        });
        if !named {
            out.push(Diagnostic {
                artifact: storage.artifact,
                message: format!(
                    "{} is named by no SGCluster's `spec.configurations.backups`, so StackGres never backs up to it",
                    storage.source
                ),
                help: "add `spec.configurations.backups` with the storage's name to the SGCluster (a merge patch of the existing cluster)".to_owned(),
            });
        }
    }
    used
}

/// Upbound Spaces: a role for mxp-controller needs a SharedBackupConfig with a bucket, in the
/// scripts' region, with the pod's own identity, and a schedule that uses it.
fn upbound_spaces(facts: &Facts, out: &mut Vec<Diagnostic>) -> usize {
    let configs: Vec<_> = facts
        .backup_objects
        .iter()
        .filter_map(|o| match &o.what {
            BackupObjectKind::SharedBackupConfig { bucket, region, source } => Some((o, bucket, region, source)),
            _ => None,
        })
        .collect();
    let binding = facts
        .bindings
        .iter()
        .find(|b| b.service_account.as_deref() == Some(SPACES_BACKUP_ACCOUNT) && !matches!(b.kind, BindingKind::Typed));
    if let (Some(binding), true) = (binding, configs.is_empty()) {
        out.push(Diagnostic {
            artifact: binding.artifact,
            message: format!(
                "{} gives a role to `{SPACES_BACKUP_ACCOUNT}`, but no SharedBackupConfig tells Spaces which bucket to back up to",
                binding.source
            ),
            help: "add a SharedBackupConfig with the bucket, its region and `credentials.source: InjectedIdentity`".to_owned(),
        });
    }
    let mut enabled = 0;
    for (object, bucket, region, source) in &configs {
        let mut problems = Vec::new();
        // Whether the bucket is the granted one is BR702's to say; here only that there is one.
        if bucket.is_none() {
            problems.push("it names no bucket".to_owned());
        }
        match region {
            Some(r) if facts.regions.is_empty() || facts.regions.contains(r) => {}
            Some(r) => problems.push(format!(
                "its region `{r}` is not the scripts' ({})",
                facts
                    .regions
                    .iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            None => problems.push("it names no `config.region`".to_owned()),
        }
        if binding.is_some() && source.as_deref() != Some("InjectedIdentity") {
            problems.push(format!(
                "its credentials source is `{}`, not `InjectedIdentity`, so the role given to `{SPACES_BACKUP_ACCOUNT}` is not used",
                source.as_deref().unwrap_or("unset")
            ));
        }
        let scheduled = facts.backup_objects.iter().any(|o| match &o.what {
            BackupObjectKind::SharedBackupSchedule { config, control_planes } => {
                config.as_deref() == Some(object.name.as_str())
                    && o.namespace == object.namespace
                    && *control_planes > 0
            }
            _ => false,
        });
        if !scheduled {
            problems.push("no SharedBackupSchedule in its namespace runs it for any control plane".to_owned());
        }
        if problems.is_empty() {
            enabled += 1;
        } else {
            out.push(Diagnostic {
                artifact: object.artifact,
                message: format!("{}: {}", object.source, problems.join("; ")),
                help:
                    "point the SharedBackupConfig at the bucket in its region, with the pod's identity, and schedule it"
                        .to_owned(),
            });
        }
    }
    enabled
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
