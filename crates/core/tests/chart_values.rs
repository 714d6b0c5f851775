//! The bundle's `values/*.yaml`: for every chart a setup's scripts install, a values file that
//! gives the release what the script's `--set` options give it, with Helm's types (a
//! `false` that became the string "false" would turn a chart feature on), and nothing for a
//! setup without a chart.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use bucketrust_core::bundle::{bundle, title};
use bucketrust_core::{validate, ArtifactKind, RawSetup};
use serde_json::{json, Value};

mod support;

use support::{artifacts, examples};

fn values_files(raw: &RawSetup) -> Vec<(String, Value)> {
    let setup = validate(raw).unwrap();
    bundle(&title(setup.target(), setup.auth()), &artifacts(raw))
        .into_iter()
        .filter(|f| f.path.starts_with("values/"))
        .map(|f| {
            let body: String = f
                .content
                .lines()
                .filter(|l| !l.starts_with('#'))
                .collect::<Vec<_>>()
                .join("\n");
            let yaml = yaml_rust2::YamlLoader::load_from_str(&body).unwrap();
            (f.path, yaml_to_json(&yaml[0]))
        })
        .collect()
}

fn yaml_to_json(node: &yaml_rust2::Yaml) -> Value {
    use yaml_rust2::Yaml;
    match node {
        Yaml::Hash(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.as_str().unwrap().to_owned(), yaml_to_json(v)))
                .collect(),
        ),
        Yaml::Array(items) => Value::Array(items.iter().map(yaml_to_json).collect()),
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::Null => Value::Null,
        other => panic!("unexpected YAML {other:?}"),
    }
}

fn example(name: &str) -> RawSetup {
    examples().into_iter().find(|(n, _)| n == name).unwrap().1
}

#[test]
fn velero_s_values_file_types_every_value_as_helm_reads_the_script() {
    let files = values_files(&example("velero-irsa"));
    assert_eq!(files.len(), 1, "{files:?}");
    let (path, values) = &files[0];
    assert_eq!(path, "values/velero.yaml");
    assert_eq!(
        values["serviceAccount"]["server"],
        json!({"create": true, "name": "velero-server", "annotations": {"eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/velero"}})
    );
    assert_eq!(values["credentials"]["useSecret"], json!(false));
    assert_eq!(values["podSecurityContext"]["fsGroup"], json!(65534));
    assert_eq!(
        values["configuration"],
        json!({"backupStorageLocation": [], "volumeSnapshotLocation": []})
    );
    assert_eq!(values["deployNodeAgent"], json!(false));
    let init = values["initContainers"].as_str().unwrap();
    assert!(
        init.starts_with("- name: velero-plugin-for-aws\n  image: velero/velero-plugin-for-aws:v"),
        "{init}"
    );
}

#[test]
fn upbound_s_values_file_holds_the_annotation_it_adds_to_the_running_release() {
    let raw = example("upbound-spaces-irsa");
    let setup = validate(&raw).unwrap();
    let files = bundle(&title(setup.target(), setup.auth()), &artifacts(&raw));
    let file = files.iter().find(|f| f.path == "values/spaces.yaml").unwrap();
    assert!(
        file.content.contains("--reuse-values --values values/spaces.yaml"),
        "{}",
        file.content
    );
    let values = &values_files(&raw)[0].1;
    assert_eq!(
        values,
        &json!({"controlPlanes": {"mxpController": {"serviceAccount": {"annotations": {"eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/backup-restore-role"}}}}})
    );
}

#[test]
fn a_values_file_exists_exactly_for_the_setups_with_a_chart_and_the_readme_names_it() {
    for (name, raw) in examples() {
        let charts = artifacts(&raw)
            .iter()
            .filter(|a| a.kind == ArtifactKind::Helm && !a.id.starts_with("teardown"))
            .count();
        let files = values_files(&raw);
        assert_eq!(files.len(), charts, "{name}");
        let setup = validate(&raw).unwrap();
        let all = bundle(&title(setup.target(), setup.auth()), &artifacts(&raw));
        let readme = &all.iter().find(|f| f.path == "README.md").unwrap().content;
        for (path, _) in &files {
            assert!(readme.contains(&format!("`{path}`")), "{name}: README lacks {path}");
        }
    }
}
