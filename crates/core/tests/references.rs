//! Every reference a lint rule or setup check cites has a page in the references table, every
//! page is served over `https://`, and the table cites nothing the rules no longer do: the
//! rules page links each reference, and the table stays in step with the rules.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic)]

use std::collections::BTreeSet;

use bucketrust_core::{crosscheck, lint, references};

/// Every reference of every lint rule and setup check, with the code of the rule citing it,
/// in the order the rules page lists them.
fn cited() -> Vec<(&'static str, &'static str)> {
    let lint_rules = lint::rules::all()
        .iter()
        .flat_map(|r| r.docs().references.iter().map(move |t| (r.code(), *t)));
    let setup_checks = crosscheck::rules()
        .iter()
        .flat_map(|r| r.docs.references.iter().map(move |t| (r.code, *t)));
    lint_rules.chain(setup_checks).collect()
}

#[test]
fn every_reference_of_every_rule_and_setup_check_has_a_page() {
    let missing: Vec<String> = cited()
        .into_iter()
        .filter(|(_, title)| references::url(title).is_none())
        .map(|(code, title)| format!("{code}: `{title}`"))
        .collect();
    assert!(
        missing.is_empty(),
        "references without a page in crates/core/src/references.rs:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_page_is_an_https_address() {
    for r in references::REFERENCES {
        let rest = r
            .url
            .strip_prefix("https://")
            .unwrap_or_else(|| panic!("`{}` is not https: {}", r.title, r.url));
        let host = rest.split(['/', '#']).next().unwrap_or_default();
        assert!(host.contains('.'), "`{}` names no host: {}", r.title, r.url);
        assert!(
            !r.url.contains(char::is_whitespace),
            "`{}` has a space in its address: {}",
            r.title,
            r.url
        );
    }
}

#[test]
fn every_table_entry_is_cited_by_a_rule_or_setup_check() {
    let titles: BTreeSet<&str> = cited().into_iter().map(|(_, title)| title).collect();
    let unused: Vec<&str> = references::REFERENCES
        .iter()
        .map(|r| r.title)
        .filter(|title| !titles.contains(title))
        .collect();
    assert!(
        unused.is_empty(),
        "table entries no rule or setup check cites (remove them, or fix the title):\n{}",
        unused.join("\n")
    );
}

#[test]
fn the_rules_page_links_each_reference_to_its_page() {
    let page = bucketrust_core::docs::rules_markdown();
    for (code, title) in cited() {
        let url = references::url(title).unwrap_or_else(|| panic!("{code}: `{title}` has no page"));
        assert!(
            page.contains(&format!("\n- [{title}]({url})\n")),
            "{code}: the rules page does not link `{title}` to {url}"
        );
    }
}
