//! The invariants of ARCHITECTURE.md, checked on the core's own source:
//! - the modules' imports form no cycle, at any level (siblings under one parent);
//! - a target is one folder: no code outside `src/targets/<target>/` names a target's id;
//! - the core has no web dependency;
//! - one module writes shell (`shell.rs`, through `shell-words`) and one writes YAML (`yaml.rs`).

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used)]

use bucketrust_core::targets;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every source file with its module path (`targets/stackgres/mod.rs` → `targets::stackgres`).
fn modules() -> Vec<(Vec<String>, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&src(), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let rel = file.strip_prefix(src()).unwrap().with_extension("");
            let mut path: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            if matches!(path.last().map(String::as_str), Some("mod" | "lib")) {
                path.pop();
            }
            (path, std::fs::read_to_string(&file).unwrap())
        })
        .collect()
}

/// The code of a file without its tests and comments: what the build links.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module paths a file's code refers to: `crate::a::b`, `crate::{a, b::c}` and
/// `super::…`, resolved against the file's own module.
fn references(module: &[String], code: &str) -> Vec<Vec<String>> {
    let ident = |s: &str| {
        s.split("::")
            .map(|p| {
                p.chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                    .collect::<String>()
            })
            .take_while(|p| !p.is_empty())
            .collect::<Vec<_>>()
    };
    let mut out = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = group.split('}').next().unwrap_or_default();
            out.extend(group.split(',').map(|p| ident(p.trim())).filter(|p| !p.is_empty()));
        } else {
            out.push(ident(rest));
        }
    }
    for (i, _) in code.match_indices("super::") {
        // Count each chain once, from its first `super::`.
        if code[..i].ends_with("super::") {
            continue;
        }
        let mut rest = &code[i..];
        let mut up = 0;
        while let Some(r) = rest.strip_prefix("super::") {
            up += 1;
            rest = r;
        }
        let mut path: Vec<String> = module[..module.len().saturating_sub(up)].to_vec();
        if let Some(group) = rest.strip_prefix('{') {
            let group = group.split('}').next().unwrap_or_default();
            for p in group.split(',').map(|p| ident(p.trim())).filter(|p| !p.is_empty()) {
                out.push(path.iter().cloned().chain(p).collect());
            }
        } else {
            path.extend(ident(rest));
            out.push(path);
        }
    }
    out
}

#[test]
fn module_imports_form_no_cycle() {
    // For every reference between two modules neither of which contains the other, an edge
    // between the two children of their common parent that hold them.
    let mut graphs: BTreeMap<Vec<String>, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    // A `tests.rs` is a `#[cfg(test)] mod tests;`: test code may use anything.
    for (module, text) in modules()
        .into_iter()
        .filter(|(m, _)| m.last().map(String::as_str) != Some("tests"))
    {
        for target in references(&module, &code(&text)) {
            let common = module.iter().zip(&target).take_while(|(a, b)| a == b).count();
            let (Some(from), Some(to)) = (module.get(common), target.get(common)) else {
                continue; // one contains the other
            };
            graphs
                .entry(module[..common].to_vec())
                .or_default()
                .entry(from.clone())
                .or_default()
                .insert(to.clone());
        }
    }
    assert!(
        graphs.contains_key(&Vec::new()),
        "no top-level edges read: the reader is broken"
    );
    for (scope, graph) in &graphs {
        // Depth-first search for a back edge.
        fn visit<'a>(
            node: &'a str,
            graph: &'a BTreeMap<String, BTreeSet<String>>,
            stack: &mut Vec<&'a str>,
            done: &mut BTreeSet<&'a str>,
        ) -> Option<Vec<String>> {
            if let Some(i) = stack.iter().position(|n| *n == node) {
                let mut cycle: Vec<String> = stack[i..].iter().map(|s| (*s).to_owned()).collect();
                cycle.push(node.to_owned());
                return Some(cycle);
            }
            if !done.insert(node) {
                return None;
            }
            stack.push(node);
            for next in graph.get(node).into_iter().flatten() {
                if let Some(cycle) = visit(next, graph, stack, done) {
                    return Some(cycle);
                }
            }
            stack.pop();
            None
        }
        let mut done = BTreeSet::new();
        for node in graph.keys() {
            if let Some(cycle) = visit(node, graph, &mut Vec::new(), &mut done) {
                panic!(
                    "modules under `crate::{}` import in a circle: {}",
                    scope.join("::"),
                    cycle.join(" → ")
                );
            }
        }
    }
}

#[test]
fn the_reader_sees_a_circle() {
    // The check above must be able to fail: two sibling modules that use each other.
    let a = references(&["x".into(), "a".into()], "use super::b::Thing;");
    let b = references(&["x".into(), "b".into()], "use crate::x::a::Other;");
    assert_eq!(a, vec![vec!["x".to_owned(), "b".to_owned()]]);
    assert_eq!(b, vec![vec!["x".to_owned(), "a".to_owned()]]);
}

#[test]
fn no_code_outside_a_target_folder_names_a_target() {
    let mut found = Vec::new();
    for (module, text) in modules() {
        if module.first().map(String::as_str) == Some("targets") && module.len() > 1 {
            continue;
        }
        let code = code(&text);
        for target in targets::ALL {
            if code.contains(&format!("\"{}\"", target.id())) {
                found.push(format!("crate::{} names `{}`", module.join("::"), target.id()));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_core_has_no_web_dependency() {
    let manifest = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    for web in ["leptos", "web-sys", "js-sys", "wasm-bindgen"] {
        assert!(
            !manifest.lines().any(|l| l.trim_start().starts_with(web)),
            "crates/core depends on `{web}`"
        );
    }
}

#[test]
fn one_module_writes_shell_and_one_yaml() {
    for (module, text) in modules() {
        let name = module.join("::");
        let code = code(&text);
        if name != "shell" {
            assert!(
                !code.contains("shell_words::quote"),
                "crate::{name} quotes shell words itself"
            );
        }
        if name != "yaml" {
            assert!(
                !code.contains("YamlEmitter") && !code.contains("serde_yaml"),
                "crate::{name} writes YAML itself"
            );
        }
    }
}
