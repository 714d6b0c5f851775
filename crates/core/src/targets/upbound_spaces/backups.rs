//! What turns Upbound Spaces's backups on: a role given to `mxp-controller` comes with a
//! SharedBackupConfig that names a bucket, in the scripts' region, with the pod's own
//! identity, and a SharedBackupSchedule that runs it for named control planes.

use super::BACKUP_SERVICE_ACCOUNT;
use crate::readback::{BackupsOn, BindingKind, Facts, KubeObject, Problem};

pub(super) fn backups_on(facts: &Facts) -> BackupsOn {
    let mut on = BackupsOn::default();
    let configs: Vec<&KubeObject> = facts
        .objects
        .iter()
        .filter(|o| o.kind == "SharedBackupConfig")
        .collect();
    let binding = facts.bindings.iter().find(|b| {
        b.service_account.as_deref() == Some(BACKUP_SERVICE_ACCOUNT) && !matches!(b.kind, BindingKind::Typed)
    });
    if let (Some(binding), true) = (binding, configs.is_empty()) {
        on.problems.push(Problem {
            artifact: binding.artifact,
            message: format!(
                "{} gives a role to `{BACKUP_SERVICE_ACCOUNT}`, but no SharedBackupConfig tells Spaces which bucket to back up to",
                binding.source
            ),
            help: "add a SharedBackupConfig with the bucket, its region and `credentials.source: InjectedIdentity`".to_owned(),
        });
    }
    for config in &configs {
        let mut problems = Vec::new();
        // Whether the bucket is the granted one is BR702's to say; here only that there is one.
        if config.text("/spec/objectStorage/bucket").is_none() {
            problems.push("it names no bucket".to_owned());
        }
        match config.text("/spec/objectStorage/config/region") {
            Some(r) if facts.regions.is_empty() || facts.regions.iter().any(|s| s == r) => {}
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
        let source = config.text("/spec/objectStorage/credentials/source");
        if binding.is_some() && source != Some("InjectedIdentity") {
            problems.push(format!(
                "its credentials source is `{}`, not `InjectedIdentity`, so the role given to `{BACKUP_SERVICE_ACCOUNT}` is not used",
                source.unwrap_or("unset")
            ));
        }
        let scheduled = facts
            .objects
            .iter()
            .filter(|o| o.kind == "SharedBackupSchedule")
            .any(|o| {
                o.text("/spec/configRef/name") == Some(config.name.as_str())
                    && o.namespace == config.namespace
                    && !o.array("/spec/controlPlaneSelector/names").is_empty()
            });
        if !scheduled {
            problems.push("no SharedBackupSchedule in its namespace runs it for any control plane".to_owned());
        }
        if problems.is_empty() {
            on.enablers += 1;
        } else {
            on.problems.push(Problem {
                artifact: config.artifact,
                message: format!("{}: {}", config.source, problems.join("; ")),
                help:
                    "point the SharedBackupConfig at the bucket in its region, with the pod's identity, and schedule it"
                        .to_owned(),
            });
        }
    }
    on
}
