//! What turns StackGres's backups on: an SGCluster whose `spec.configurations.backups` names
//! an SGObjectStorage of its namespace. A storage no cluster names is never written to.

use crate::readback::{BackupsOn, Facts, KubeObject, Problem};

/// The object storages an SGCluster (or its merge patch) backs up to.
fn storages_of(cluster: &KubeObject) -> Vec<&str> {
    cluster
        .array("/spec/configurations/backups")
        .iter()
        .filter_map(|b| b.get("sgObjectStorage").and_then(|s| s.as_str()))
        .collect()
}

/// SGClusters that back up to an SGObjectStorage, each pair counted once.
pub(super) fn backups_on(facts: &Facts) -> BackupsOn {
    let mut on = BackupsOn::default();
    let storages: Vec<&KubeObject> = facts.objects.iter().filter(|o| o.kind == "SGObjectStorage").collect();
    let clusters: Vec<&KubeObject> = facts.objects.iter().filter(|o| o.kind == "SGCluster").collect();
    for cluster in &clusters {
        for storage in storages_of(cluster) {
            let created = storages
                .iter()
                .any(|s| s.name == storage && s.namespace == cluster.namespace);
            if created {
                on.enablers += 1;
            } else {
                on.problems.push(Problem {
                    artifact: cluster.artifact,
                    message: format!(
                        "{} backs up to SGObjectStorage `{storage}`, which no manifest of the setup creates in its namespace",
                        cluster.source
                    ),
                    help: "name the SGObjectStorage the setup creates, in the SGCluster's namespace".to_owned(),
                });
            }
        }
    }
    for storage in &storages {
        let named = clusters
            .iter()
            .any(|c| c.namespace == storage.namespace && storages_of(c).contains(&storage.name.as_str()));
        if !named {
            on.problems.push(Problem {
                artifact: storage.artifact,
                message: format!(
                    "{} is named by no SGCluster's `spec.configurations.backups`, so StackGres never backs up to it",
                    storage.source
                ),
                help: "add `spec.configurations.backups` with the storage's name to the SGCluster (a merge patch of the existing cluster)".to_owned(),
            });
        }
    }
    on
}
