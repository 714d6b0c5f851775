//! `cargo xtask codegen-vendor --from DIR`: writes the vendors' interfaces, the shape of every
//! object and chart value that bucketrust's manifests, patches and `helm --set` keys must fit,
//! into `interfaces/`, from a folder of the vendors' own files (CRDs and chart value lists,
//! one sub-folder per backup system, with a `SOURCE.md` naming where each file comes from).
//!
//! What is kept is what decides whether the vendor's software accepts an object: field names,
//! types, enums, required lists, the Kubernetes structural-schema markers (fields kept as
//! given, int-or-string) and size limits. Descriptions, defaults, examples and CEL rules are
//! dropped. The build and the tests read only `interfaces/`; only this command reads the
//! vendors' folder, so the files can be refreshed when a vendor releases.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde_json::{json, Map, Value};
use yaml_rust2::{Yaml, YamlLoader};

/// Where the interfaces are written, relative to the repository root.
pub const OUTPUT: &str = "interfaces";

/// The keys of an OpenAPI v3 schema node that the interfaces keep; the rest is prose
/// (`description`, `example`), defaults the API server fills in, or rules bucketrust's
/// checks do not evaluate (`x-kubernetes-validations`, `pattern`, `format`).
const KEPT: &[&str] = &[
    "type",
    "properties",
    "required",
    "items",
    "enum",
    "additionalProperties",
    "nullable",
    "anyOf",
    "oneOf",
    "allOf",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
    "x-kubernetes-preserve-unknown-fields",
    "x-kubernetes-int-or-string",
    "x-kubernetes-embedded-resource",
];

/// The charts whose value keys a folder lists: (folder, file, how `helm` names the chart).
/// A list file is either a table of the chart's values reference (`key`, `type`, `default`,
/// tab-separated, keys with dots quoted) or the chart's own `values.yaml`.
const CHARTS: &[(&str, &str, &str)] = &[
    (
        "upbound-spaces",
        "spaces-chart-keys.tsv",
        "oci://xpkg.upbound.io/spaces-artifacts/spaces",
    ),
    ("velero", "chart-values.yaml", "vmware-tanzu/velero"),
];

pub fn codegen_vendor(root: &Path, from: &Path) -> Result<()> {
    let out = root.join(OUTPUT);
    let mut written: Vec<(String, String)> = Vec::new();
    let mut folders: Vec<PathBuf> = fs::read_dir(from)
        .with_context(|| format!("reading {}", from.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    if folders.is_empty() {
        bail!("{} has no sub-folder of vendor files", from.display());
    }
    if out.exists() {
        fs::remove_dir_all(&out).with_context(|| format!("removing {}", out.display()))?;
    }
    for folder in &folders {
        let name = folder
            .file_name()
            .and_then(|n| n.to_str())
            .context("folder name")?
            .to_owned();
        let mut files: Vec<PathBuf> = fs::read_dir(folder)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for file in files {
            let file_name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
            if let Some((_, _, chart)) = CHARTS.iter().find(|(f, n, _)| *f == name && *n == file_name) {
                let text = fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
                let mut keys = if file_name.ends_with(".tsv") {
                    chart_keys_from_table(&text)?
                } else {
                    chart_keys_from_values(&text)?
                };
                // A key `values.yaml` leaves empty has no type there; the chart's own
                // values schema, when it ships one, says what it takes.
                let schema_file = folder.join("chart-values.schema.json");
                if schema_file.exists() {
                    let schema: Value = serde_json::from_str(&fs::read_to_string(&schema_file)?)
                        .with_context(|| format!("parsing {}", schema_file.display()))?;
                    type_from_schema(&mut keys, &schema);
                }
                let target = format!("{name}/chart.json");
                write_json(&out.join(&target), &json!({"chart": chart, "keys": keys}))?;
                written.push((target, format!("{name}/{file_name}")));
                continue;
            }
            if !file_name.ends_with(".yaml") || file_name.starts_with("chart-") || file_name == "Chart.yaml" {
                continue;
            }
            let text = fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            let docs = YamlLoader::load_from_str(&text).with_context(|| format!("parsing {}", file.display()))?;
            for doc in docs.iter().map(to_json) {
                if doc.get("kind").and_then(Value::as_str) != Some("CustomResourceDefinition") {
                    continue;
                }
                let (kind, interface) = crd_interface(&doc).with_context(|| format!("reading {}", file.display()))?;
                let target = format!("{name}/{kind}.json");
                write_json(&out.join(&target), &interface)?;
                written.push((target, format!("{name}/{file_name}")));
            }
        }
    }
    let sources = fs::read_to_string(from.join("SOURCE.md")).unwrap_or_default();
    fs::write(out.join("SOURCE.md"), source_md(&written, &sources))?;
    for (target, input) in &written {
        println!("codegen-vendor: {OUTPUT}/{target} from {input}");
    }
    Ok(())
}

fn write_json(path: &Path, value: &Value) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

/// A CRD's kind and its interface: names, scope and each served version's schema.
fn crd_interface(crd: &Value) -> Result<(String, Value)> {
    let spec = crd.get("spec").context("the CRD has no spec")?;
    let names = spec.get("names").context("the CRD has no names")?;
    let kind = names
        .get("kind")
        .and_then(Value::as_str)
        .context("the CRD names no kind")?;
    let mut versions = Map::new();
    for version in spec.get("versions").and_then(Value::as_array).into_iter().flatten() {
        if version.get("served").and_then(Value::as_bool) != Some(true) {
            continue;
        }
        let name = version
            .get("name")
            .and_then(Value::as_str)
            .context("a version has no name")?;
        let schema = version
            .pointer("/schema/openAPIV3Schema")
            .with_context(|| format!("version {name} has no openAPIV3Schema"))?;
        versions.insert(name.to_owned(), prune(schema));
    }
    if versions.is_empty() {
        bail!("the CRD of {kind} serves no version");
    }
    let interface = json!({
        "group": spec.get("group"),
        "kind": kind,
        "plural": names.get("plural"),
        "singular": names.get("singular"),
        "shortNames": names.get("shortNames").cloned().unwrap_or_else(|| json!([])),
        "scope": spec.get("scope"),
        "versions": versions,
    });
    Ok((kind.to_owned(), interface))
}

/// The schema node with only the [`KEPT`] keys, recursively.
fn prune(node: &Value) -> Value {
    let Some(map) = node.as_object() else {
        return node.clone();
    };
    let mut out = Map::new();
    for key in KEPT {
        let Some(value) = map.get(*key) else { continue };
        let kept = match *key {
            "properties" => Value::Object(
                value
                    .as_object()
                    .map(|props| props.iter().map(|(k, v)| (k.clone(), prune(v))).collect())
                    .unwrap_or_default(),
            ),
            "items" | "additionalProperties" if value.is_object() => prune(value),
            "anyOf" | "oneOf" | "allOf" => Value::Array(value.as_array().into_iter().flatten().map(prune).collect()),
            _ => value.clone(),
        };
        out.insert((*key).to_owned(), kept);
    }
    Value::Object(out)
}

/// The keys of a values-reference table: `key<TAB>type<TAB>default`, the first row a header.
/// A key is dotted; a segment that contains a dot is double-quoted (`tls."ca.crt"`).
fn chart_keys_from_table(text: &str) -> Result<Vec<Value>> {
    let mut keys = BTreeMap::new();
    for (number, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let mut cells = line.split('\t');
        let (Some(key), Some(kind)) = (cells.next(), cells.next()) else {
            bail!("line {}: expected `key<TAB>type<TAB>default`", number + 1);
        };
        keys.insert(
            split_key(key).with_context(|| format!("line {}", number + 1))?,
            kind.to_owned(),
        );
    }
    Ok(keys
        .into_iter()
        .map(|(path, kind)| json!({"path": path, "type": kind}))
        .collect())
}

fn split_key(key: &str) -> Result<Vec<String>> {
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in key.chars() {
        match c {
            '"' => quoted = !quoted,
            '.' if !quoted => segments.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    if quoted {
        bail!("the key `{key}` has an unclosed quote");
    }
    segments.push(current);
    if segments.iter().any(String::is_empty) {
        bail!("the key `{key}` has an empty segment");
    }
    Ok(segments)
}

/// The keys of a chart's `values.yaml`: every mapping entry, with the type of its value
/// (a mapping is an `object`, whose own entries are listed too).
fn chart_keys_from_values(text: &str) -> Result<Vec<Value>> {
    let docs = YamlLoader::load_from_str(text).context("parsing values.yaml")?;
    let mut keys = Vec::new();
    if let Some(doc) = docs.first() {
        values_keys(doc, &mut Vec::new(), &mut keys);
    }
    Ok(keys)
}

fn values_keys(node: &Yaml, path: &mut Vec<String>, out: &mut Vec<Value>) {
    let Yaml::Hash(map) = node else { return };
    for (key, value) in map {
        let Some(key) = yaml_key(key) else { continue };
        path.push(key);
        let kind = match value {
            Yaml::Hash(_) => "object",
            Yaml::Array(_) => "list",
            Yaml::Boolean(_) => "bool",
            Yaml::Integer(_) => "int",
            Yaml::Real(_) => "float",
            Yaml::String(_) => "string",
            // `~` and empty values: the chart documents the key without a type.
            _ => "any",
        };
        out.push(json!({"path": path.clone(), "type": kind}));
        values_keys(value, path, out);
        path.pop();
    }
}

/// Gives every key of type `any` the type the values schema states for it, if it states one.
fn type_from_schema(keys: &mut [Value], schema: &Value) {
    for key in keys.iter_mut() {
        if key.get("type").and_then(Value::as_str) != Some("any") {
            continue;
        }
        let Some(path) = key.get("path").and_then(Value::as_array) else {
            continue;
        };
        let mut node = schema;
        let mut found = true;
        for segment in path.iter().filter_map(Value::as_str) {
            match node.pointer(&format!(
                "/properties/{}",
                segment.replace('~', "~0").replace('/', "~1")
            )) {
                Some(child) => node = child,
                None => {
                    found = false;
                    break;
                }
            }
        }
        if !found {
            continue;
        }
        let types: Vec<&str> = match node.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        // The most permissive of the stated types names what `--set` may reach below it.
        let kind = if types.contains(&"object") {
            "object"
        } else if types.contains(&"array") {
            "list"
        } else {
            match types.iter().find(|t| **t != "null") {
                Some(&"string") => "string",
                Some(&"boolean") => "bool",
                Some(&"integer") => "int",
                Some(&"number") => "float",
                _ => continue,
            }
        };
        key["type"] = json!(kind);
    }
}

fn yaml_key(key: &Yaml) -> Option<String> {
    match key {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

/// YAML to JSON; mapping keys become strings.
fn to_json(node: &Yaml) -> Value {
    match node {
        Yaml::Hash(map) => Value::Object(
            map.iter()
                .filter_map(|(k, v)| Some((yaml_key(k)?, to_json(v))))
                .collect(),
        ),
        Yaml::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::Real(r) => r
            .parse::<f64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(r.clone())),
        Yaml::Boolean(b) => Value::Bool(*b),
        _ => Value::Null,
    }
}

/// `interfaces/SOURCE.md`: each generated file with the vendor file it comes from, and the
/// vendors' table of repositories, paths and commits.
fn source_md(written: &[(String, String)], sources: &str) -> String {
    let mut md = String::from(
        "# Vendor interfaces\n\n\
         Written by `cargo xtask codegen-vendor --from DIR` from the vendors' own CRDs and chart\n\
         value lists; never edited by hand. Each file keeps what decides whether the vendor's\n\
         software accepts an object: field names, types, enums, required lists, the structural\n\
         schema markers and size limits. Descriptions, defaults and CEL rules are dropped.\n\
         `cargo xtask verify` checks every manifest, `kubectl patch` and `helm --set` key\n\
         against them.\n\n\
         | file | from |\n|---|---|\n",
    );
    for (target, input) in written {
        let _ = writeln!(md, "| `{target}` | `{input}` |");
    }
    md.push_str("\nWhere the vendor files come from (repository, path, commit, release):\n\n");
    let table: Vec<&str> = sources.lines().filter(|l| l.starts_with('|')).collect();
    for line in &table {
        md.push_str(line);
        md.push('\n');
    }
    let date = std::process::Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let _ = writeln!(md, "\nGenerated on {date}.");
    md
}
