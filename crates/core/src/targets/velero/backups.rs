//! What turns Velero's backups on: a BackupStorageLocation of the AWS plugin that names the
//! bucket and its region, and a Schedule of its namespace that writes to it. Velero reads only
//! the objects of its own namespace, takes a backup only when a schedule (or a user) asks for
//! one, and refuses a backup whose locations do not exist (Velero documentation, API types
//! BackupStorageLocation, VolumeSnapshotLocation and Schedule).

use super::SERVICE_ACCOUNT;
use crate::readback::{BackupsOn, Binding, BindingKind, Facts, KubeObject, Problem};
use serde_json::Value;

/// The `config` keys the plugin's object store accepts, with the three Velero adds itself;
/// any other makes the location `Unavailable` (velero-plugin-for-aws v1.14.2 `object_store.go`,
/// `Init`; velero `pkg/plugin/framework/validation.go`).
const LOCATION_CONFIG_KEYS: [&str; 18] = [
    "region",
    "s3Url",
    "publicUrl",
    "kmsKeyId",
    "customerKeyEncryptionFile",
    "customerKeyEncryptionSecret",
    "s3ForcePathStyle",
    "signatureVersion",
    "credentialsFile",
    "profile",
    "serverSideEncryption",
    "insecureSkipTLSVerify",
    "enableSharedConfig",
    "tagging",
    "checksumAlgorithm",
    "bucket",
    "prefix",
    "caCert",
];

/// The `config` keys the plugin's volume snapshotter accepts (`volume_snapshotter.go`, `Init`).
const SNAPSHOT_CONFIG_KEYS: [&str; 5] = [
    "region",
    "profile",
    "credentialsFile",
    "enableSharedConfig",
    "ebsKmsKeyId",
];

/// The provider names of the AWS plugin: Velero reads a name without `/` as `velero.io/<name>`.
fn is_aws_provider(provider: Option<&str>) -> bool {
    matches!(provider, Some("aws" | "velero.io/aws"))
}

/// The objects of `kind` in Velero's API group that manifests create.
fn velero_objects<'a>(facts: &'a Facts, kind: &str) -> Vec<&'a KubeObject> {
    facts
        .objects
        .iter()
        .filter(|o| o.kind == kind && !o.patch && o.text("/apiVersion").is_some_and(|v| v.starts_with("velero.io/")))
        .collect()
}

/// The keys of the object's `spec.config` that are not in `allowed`.
fn unknown_config_keys(object: &KubeObject, allowed: &[&str]) -> Vec<String> {
    object
        .body
        .pointer("/spec/config")
        .and_then(Value::as_object)
        .map(|config| {
            config
                .keys()
                .filter(|k| !allowed.contains(&k.as_str()))
                .map(|k| format!("`{k}`"))
                .collect()
        })
        .unwrap_or_default()
}

fn names<'a>(objects: impl Iterator<Item = &'a Value>) -> Vec<&'a str> {
    objects.filter_map(Value::as_str).collect()
}

fn shown(list: &[String]) -> String {
    list.join(", ")
}

/// The problems of one BackupStorageLocation, or none when Velero backs up to the bucket
/// through it.
fn location_problems(facts: &Facts, location: &KubeObject, schedules: &[&KubeObject]) -> Vec<String> {
    let mut problems = Vec::new();
    let provider = location.text("/spec/provider");
    if !is_aws_provider(provider) {
        problems.push(format!(
            "its provider is `{}`, not `aws`, so the AWS plugin does not serve it",
            provider.unwrap_or("unset")
        ));
    }
    // Whether the bucket is the granted one is BR702's to say; here only that there is one.
    if location.text("/spec/objectStorage/bucket").is_none_or(str::is_empty) {
        problems.push("it names no bucket".to_owned());
    }
    match location.text("/spec/config/region") {
        Some(r) if facts.regions.is_empty() || facts.regions.iter().any(|s| s == r) => {}
        Some(r) => problems.push(format!(
            "its region `{r}` is not the scripts' ({})",
            shown(&facts.regions.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>())
        )),
        None => problems.push(
            "it names no `config.region`, so the plugin looks the bucket's region up through `us-east-1`".to_owned(),
        ),
    }
    let unknown = unknown_config_keys(location, &LOCATION_CONFIG_KEYS);
    if !unknown.is_empty() {
        problems.push(format!(
            "its config has keys the AWS plugin refuses ({}), which makes the location Unavailable",
            shown(&unknown)
        ));
    }
    let is_default = location.body.pointer("/spec/default").and_then(Value::as_bool) == Some(true);
    let scheduled = schedules.iter().any(|schedule| {
        schedule.namespace == location.namespace
            && match schedule
                .text("/spec/template/storageLocation")
                .filter(|n| !n.is_empty())
            {
                Some(name) => name == location.name,
                None => is_default,
            }
    });
    if !scheduled {
        problems.push("no Schedule of its namespace backs up to it".to_owned());
    }
    problems
}

/// The problems of one Schedule: the locations it names must exist in its namespace.
fn schedule_problems(schedule: &KubeObject, locations: &[&KubeObject], snapshots: &[&KubeObject]) -> Vec<String> {
    let mut problems = Vec::new();
    let here = |o: &&&KubeObject| o.namespace == schedule.namespace;
    match schedule
        .text("/spec/template/storageLocation")
        .filter(|n| !n.is_empty())
    {
        Some(name) => {
            if !locations.iter().filter(here).any(|l| l.name == name) {
                problems.push(format!(
                    "it backs up to BackupStorageLocation `{name}`, which no manifest of the setup creates in its namespace"
                ));
            }
        }
        None => {
            let default = locations
                .iter()
                .filter(here)
                .any(|l| l.body.pointer("/spec/default").and_then(Value::as_bool) == Some(true));
            if !default {
                problems.push(
                    "it names no `template.storageLocation` and no BackupStorageLocation of its namespace is the default"
                        .to_owned(),
                );
            }
        }
    }
    for name in names(schedule.array("/spec/template/volumeSnapshotLocations").iter()) {
        if !snapshots.iter().filter(here).any(|v| v.name == name) {
            problems.push(format!(
                "it takes snapshots with VolumeSnapshotLocation `{name}`, which no manifest of the setup creates in its namespace, so Velero refuses its backups"
            ));
        }
    }
    problems
}

/// The problems of one VolumeSnapshotLocation of the AWS plugin.
fn snapshot_location_problems(snapshot: &KubeObject) -> Vec<String> {
    let mut problems = Vec::new();
    if !is_aws_provider(snapshot.text("/spec/provider")) {
        return problems;
    }
    if snapshot.text("/spec/config/region").is_none_or(str::is_empty) {
        problems.push("it names no `config.region`, which the plugin's snapshotter requires".to_owned());
    }
    let unknown = unknown_config_keys(snapshot, &SNAPSHOT_CONFIG_KEYS);
    if !unknown.is_empty() {
        problems.push(format!(
            "its config has keys the AWS plugin refuses ({})",
            shown(&unknown)
        ));
    }
    problems
}

/// A role given to Velero's service account must come with a location in the namespace it is
/// given in (any namespace, where the artifact does not say).
fn binding_problem(binding: &Binding, locations: &[&KubeObject]) -> Option<Problem> {
    let namespace = binding.namespace.as_deref();
    let located = locations
        .iter()
        .any(|l| namespace.is_none_or(|ns| l.namespace.as_deref() == Some(ns)));
    if located {
        return None;
    }
    let place = namespace.map(|ns| format!(" in namespace `{ns}`")).unwrap_or_default();
    Some(Problem {
        artifact: binding.artifact,
        message: format!(
            "{} gives a role to `{SERVICE_ACCOUNT}`{place}, but no BackupStorageLocation{place} tells Velero which bucket to back up to",
            binding.source
        ),
        help: "add a BackupStorageLocation with the bucket and its region in Velero's namespace, and a Schedule that uses it"
            .to_owned(),
    })
}

pub(super) fn backups_on(facts: &Facts) -> BackupsOn {
    let mut on = BackupsOn::default();
    let locations = velero_objects(facts, "BackupStorageLocation");
    let snapshots = velero_objects(facts, "VolumeSnapshotLocation");
    let schedules = velero_objects(facts, "Schedule");
    let bindings = facts
        .bindings
        .iter()
        .filter(|b| b.service_account.as_deref() == Some(SERVICE_ACCOUNT) && !matches!(b.kind, BindingKind::Typed));
    for binding in bindings {
        on.problems.extend(binding_problem(binding, &locations));
    }
    for location in &locations {
        let problems = location_problems(facts, location, &schedules);
        if problems.is_empty() {
            on.enablers += 1;
        } else {
            on.problems.push(Problem {
                artifact: location.artifact,
                message: format!("{}: {}", location.source, problems.join("; ")),
                help: "point the BackupStorageLocation at the bucket in its region, with provider `aws`, and schedule backups to it".to_owned(),
            });
        }
    }
    for schedule in &schedules {
        let problems = schedule_problems(schedule, &locations, &snapshots);
        if !problems.is_empty() {
            on.problems.push(Problem {
                artifact: schedule.artifact,
                message: format!("{}: {}", schedule.source, problems.join("; ")),
                help: "name the locations the setup creates, in the Schedule's namespace".to_owned(),
            });
        }
    }
    for snapshot in &snapshots {
        let problems = snapshot_location_problems(snapshot);
        if !problems.is_empty() {
            on.problems.push(Problem {
                artifact: snapshot.artifact,
                message: format!("{}: {}", snapshot.source, problems.join("; ")),
                help: "give the VolumeSnapshotLocation the region of the cluster's volumes, and only keys the plugin accepts".to_owned(),
            });
        }
    }
    on
}
