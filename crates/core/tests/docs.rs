//! The README documents the setup file: every key has a row in its table.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic)]

use bucketrust_core::{targets, Auth, Partition};

#[test]
fn readme_documents_every_setup_key_and_value() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    let readme = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for field in targets::all_fields() {
        assert!(
            readme.contains(&format!("\n| `{}` |", field.key())),
            "README has no row for `{field}`"
        );
    }
    let ids = targets::ALL
        .iter()
        .map(|t| t.id())
        .chain(Auth::ALL.iter().map(|a| a.id()))
        .chain(Partition::ALL.iter().map(|p| p.id()));
    for id in ids {
        assert!(readme.contains(&format!("`{id}`")), "README does not mention `{id}`");
    }
}
