//! What turns CloudNativePG's backups on through the Barman Cloud plugin: an `ObjectStore`
//! that points at a granted bucket with credentials, named by the plugin entry of a Cluster
//! of its namespace that makes the plugin the WAL archiver, and a `ScheduledBackup` of that
//! Cluster through the plugin. WAL archiving alone restores nothing without a base backup,
//! and a base backup alone loses everything after it, so both are needed.
//!
//! The plugin entry is read from a Cluster manifest (`spec.plugins`) or from the `add`
//! operations of a `kubectl patch --type json`, which the setup checks keep as the patch's
//! operations: a JSON body that is an array is a JSON patch (a merge patch is an object).

use super::{PLUGIN_NAME, SERVICE_ACCOUNT_ANNOTATIONS};
use crate::readback::{BackupsOn, BindingKind, Facts, KubeObject, Problem};
use serde_json::Value;

/// A plugin entry of ours that a Cluster (manifest or patch) adds.
struct PluginEntry<'a> {
    cluster: &'a KubeObject,
    store: Option<&'a str>,
    wal_archiver: bool,
    enabled: bool,
}

fn api_group_is(object: &KubeObject, group: &str) -> bool {
    object
        .text("/apiVersion")
        .is_some_and(|v| v.split_once('/').is_some_and(|(g, _)| g == group))
}

/// CloudNativePG's Cluster objects: manifests of its API group, and patches of the resource
/// names the target's interface maps to `Cluster`.
fn is_cluster(object: &KubeObject) -> bool {
    object.kind == "Cluster" && (object.patch || api_group_is(object, "postgresql.cnpg.io"))
}

/// The entries an object's body gives `spec.plugins`: the list of a manifest or merge patch,
/// or what the `add` operations of a JSON patch add to it.
fn plugin_values(body: &Value) -> Vec<&Value> {
    match body {
        Value::Array(operations) => operations
            .iter()
            .filter(|op| op.get("op").and_then(Value::as_str) == Some("add"))
            .filter_map(|op| {
                let path = op.get("path").and_then(Value::as_str)?;
                let value = op.get("value")?;
                if path == "/spec/plugins" {
                    value.as_array().map(|items| items.iter().collect::<Vec<_>>())
                } else if path.strip_prefix("/spec/plugins/").is_some_and(|i| !i.contains('/')) {
                    Some(vec![value])
                } else if path == "/spec" {
                    value
                        .pointer("/plugins")
                        .and_then(Value::as_array)
                        .map(|items| items.iter().collect())
                } else {
                    None
                }
            })
            .flatten()
            .collect(),
        object => object
            .pointer("/spec/plugins")
            .and_then(Value::as_array)
            .map(|items| items.iter().collect())
            .unwrap_or_default(),
    }
}

fn entries(facts: &Facts) -> Vec<PluginEntry<'_>> {
    facts
        .objects
        .iter()
        .filter(|o| is_cluster(o))
        .flat_map(|cluster| {
            plugin_values(&cluster.body)
                .into_iter()
                .filter(|e| e.get("name").and_then(Value::as_str) == Some(PLUGIN_NAME))
                .map(move |e| PluginEntry {
                    cluster,
                    store: e.pointer("/parameters/barmanObjectName").and_then(Value::as_str),
                    wal_archiver: e.get("isWALArchiver").and_then(Value::as_bool) == Some(true),
                    enabled: e.get("enabled").and_then(Value::as_bool) != Some(false),
                })
        })
        .collect()
}

/// The bucket of an `s3://bucket/…` destination.
fn bucket_of(destination: &str) -> Option<&str> {
    let rest = destination.strip_prefix("s3://")?;
    let bucket = rest.split('/').next().unwrap_or_default();
    (!bucket.is_empty()).then_some(bucket)
}

/// What is wrong with an ObjectStore in itself: where it points and with what.
fn store_problems(facts: &Facts, store: &KubeObject) -> Vec<String> {
    let mut problems = Vec::new();
    match store.text("/spec/configuration/destinationPath") {
        None => problems.push("it has no `spec.configuration.destinationPath`".to_owned()),
        Some(path) => match bucket_of(path) {
            None => problems.push(format!(
                "its destinationPath `{path}` is no `s3://<bucket>/<path>`, the only form barman-cloud reads for S3"
            )),
            Some(bucket) => {
                let granted = facts.granted_buckets.iter().any(|(b, _)| b == bucket);
                if !facts.granted_buckets.is_empty() && !granted {
                    problems.push(format!(
                        "its destinationPath names bucket `{bucket}`, which the permission policies do not grant"
                    ));
                }
            }
        },
    }
    let credentials = store.body.pointer("/spec/configuration/s3Credentials");
    let inherits = credentials
        .and_then(|c| c.get("inheritFromIAMRole"))
        .and_then(Value::as_bool)
        == Some(true);
    let has_keys = ["accessKeyId", "secretAccessKey"]
        .iter()
        .all(|k| credentials.and_then(|c| c.pointer(&format!("/{k}/name"))).is_some());
    if credentials.is_none() {
        problems.push(
            "it has no `s3Credentials`, so the plugin refuses to archive (\"no credentials defined\")".to_owned(),
        );
    } else if !inherits && !has_keys {
        problems.push(
            "its `s3Credentials` name neither `inheritFromIAMRole: true` nor both `accessKeyId` and `secretAccessKey`"
                .to_owned(),
        );
    }
    problems
}

fn inherits_role(store: &KubeObject) -> bool {
    store
        .body
        .pointer("/spec/configuration/s3Credentials/inheritFromIAMRole")
        .and_then(Value::as_bool)
        == Some(true)
}

/// A ScheduledBackup of `cluster` in `namespace` that takes its backups through the plugin.
fn schedules_of<'a>(facts: &'a Facts, namespace: Option<&str>, cluster: &str) -> Vec<&'a KubeObject> {
    facts
        .objects
        .iter()
        .filter(|o| o.kind == "ScheduledBackup" && api_group_is(o, "postgresql.cnpg.io"))
        .filter(|o| o.namespace.as_deref() == namespace && o.text("/spec/cluster/name") == Some(cluster))
        .collect()
}

/// What is wrong with a ScheduledBackup that is meant to go through the plugin.
fn schedule_problems(schedule: &KubeObject) -> Vec<String> {
    let mut problems = Vec::new();
    match schedule.text("/spec/method") {
        Some("plugin") => {}
        Some(other) => problems.push(format!(
            "its method is `{other}`, not `plugin`, so CloudNativePG does not take the backups through the plugin"
        )),
        None => problems.push(
            "it has no method, which defaults to `barmanObjectStore`, not `plugin`, so CloudNativePG does not take the backups through the plugin"
                .to_owned(),
        ),
    }
    if schedule.text("/spec/pluginConfiguration/name") != Some(PLUGIN_NAME) {
        problems.push(format!("its `pluginConfiguration.name` is not `{PLUGIN_NAME}`"));
    }
    match schedule.text("/spec/schedule") {
        Some(cron) if cron.split_whitespace().count() == 6 || cron.starts_with('@') => {}
        Some(cron) => problems.push(format!(
            "its schedule `{cron}` does not have six fields: CloudNativePG's start with seconds"
        )),
        None => problems.push("it has no schedule".to_owned()),
    }
    problems
}

fn names_our_plugin(schedule: &KubeObject) -> bool {
    schedule.text("/spec/method") == Some("plugin")
        || schedule.text("/spec/pluginConfiguration/name") == Some(PLUGIN_NAME)
}

pub(super) fn backups_on(facts: &Facts) -> BackupsOn {
    let mut on = BackupsOn::default();
    let stores: Vec<&KubeObject> = facts
        .objects
        .iter()
        .filter(|o| o.kind == "ObjectStore" && !o.patch && api_group_is(o, "barmancloud.cnpg.io"))
        .collect();
    let entries = entries(facts);
    // The setup may add one entry two ways (an append, or a new list); each Cluster and
    // store counts once.
    let mut counted: Vec<(Option<&str>, &str, &str)> = Vec::new();
    for entry in &entries {
        let cluster = entry.cluster;
        let namespace = cluster.namespace.as_deref();
        let mut problems = Vec::new();
        let store = match entry.store {
            None => {
                problems.push(
                    "its plugin entry has no `parameters.barmanObjectName`, so the plugin archives nowhere".to_owned(),
                );
                None
            }
            Some(name) => {
                let store = stores
                    .iter()
                    .find(|s| s.name == name && s.namespace.as_deref() == namespace);
                if store.is_none() {
                    problems.push(format!(
                        "its plugin entry names ObjectStore `{name}`, which no manifest of the setup creates in its namespace"
                    ));
                }
                store
            }
        };
        if !entry.wal_archiver {
            problems.push("its plugin entry lacks `isWALArchiver: true`, so no WAL reaches the bucket and no backup can be restored past its end".to_owned());
        }
        if !entry.enabled {
            problems.push("its plugin entry has `enabled: false`".to_owned());
        }
        if let Some(store) = store {
            if inherits_role(store) {
                let bound = facts.bindings.iter().any(|b| {
                    b.kind == BindingKind::WebIdentity
                        && b.service_account.as_deref() == Some(cluster.name.as_str())
                        && b.namespace.as_deref() == namespace
                });
                if !bound {
                    problems.push(format!(
                        "its ObjectStore `{}` inherits the IAM role, but nothing gives service account `{}` a role (`{}` of the Cluster)",
                        store.name,
                        cluster.name,
                        SERVICE_ACCOUNT_ANNOTATIONS.join(".")
                    ));
                }
            }
        }
        let schedules = schedules_of(facts, namespace, &cluster.name);
        if !schedules.iter().any(|s| schedule_problems(s).is_empty()) {
            problems.push(format!(
                "no ScheduledBackup of Cluster `{}` in its namespace takes base backups through the plugin (`method: plugin`, `pluginConfiguration.name: {PLUGIN_NAME}`)",
                cluster.name
            ));
        }
        if problems.is_empty() {
            let key = (namespace, cluster.name.as_str(), entry.store.unwrap_or_default());
            if !counted.contains(&key) {
                counted.push(key);
                on.enablers += 1;
            }
        } else {
            on.problems.push(Problem {
                artifact: cluster.artifact,
                message: format!("{}: {}", cluster.source, problems.join("; ")),
                help: "add the plugin entry with `isWALArchiver: true` and the ObjectStore's name as `barmanObjectName`, and schedule the Cluster's backups with `method: plugin`".to_owned(),
            });
        }
    }
    for store in &stores {
        let mut problems = store_problems(facts, store);
        let named = entries
            .iter()
            .any(|e| e.store == Some(store.name.as_str()) && e.cluster.namespace == store.namespace);
        if !named {
            problems.push(
                "no Cluster of its namespace names it in a `barman-cloud.cloudnative-pg.io` plugin entry, so nothing is written to it".to_owned(),
            );
        }
        if !problems.is_empty() {
            on.problems.push(Problem {
                artifact: store.artifact,
                message: format!("{}: {}", store.source, problems.join("; ")),
                help: "point the ObjectStore at the granted bucket (`s3://<bucket>/<path>`) with credentials, and name it in the Cluster's plugin entry".to_owned(),
            });
        }
    }
    for schedule in facts
        .objects
        .iter()
        .filter(|o| o.kind == "ScheduledBackup" && api_group_is(o, "postgresql.cnpg.io") && names_our_plugin(o))
    {
        let mut problems = schedule_problems(schedule);
        let cluster = schedule.text("/spec/cluster/name").unwrap_or_default();
        let archived = entries
            .iter()
            .any(|e| e.cluster.name == cluster && e.cluster.namespace == schedule.namespace);
        if !archived {
            problems.push(format!(
                "Cluster `{cluster}` has no `{PLUGIN_NAME}` plugin entry in the setup, so the plugin has no ObjectStore to back it up to"
            ));
        }
        if !problems.is_empty() {
            on.problems.push(Problem {
                artifact: schedule.artifact,
                message: format!("{}: {}", schedule.source, problems.join("; ")),
                help: format!(
                    "schedule the backups of the Cluster that has the plugin entry, with `method: plugin`, `pluginConfiguration.name: {PLUGIN_NAME}` and a six-field schedule"
                ),
            });
        }
    }
    on
}
