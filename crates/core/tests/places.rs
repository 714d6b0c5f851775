//! The page's list of artifacts numbers the steps as the bundle's README does: step N of the
//! list is line `N. <title>` of the README's steps (or of its tear-down), an alternative is
//! listed under the step it replaces, and policies carry no number.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use bucketrust_core::bundle::{bundle, places, title, Place};
use bucketrust_core::validate;

mod support;

use support::{artifacts, examples};

#[test]
fn every_example_s_places_are_the_readme_s_numbers() {
    for (name, raw) in examples() {
        let setup = validate(&raw).unwrap();
        let artifacts = artifacts(&raw);
        let files = bundle(&title(setup.target(), setup.auth()), &artifacts);
        let readme = &files.iter().find(|f| f.path == "README.md").unwrap().content;
        let (steps, teardown) = readme.split_once("## Tear down").unwrap_or((readme, ""));
        let places = places(&artifacts);
        assert_eq!(places.len(), artifacts.len(), "{name}");
        for (artifact, place) in artifacts.iter().zip(&places) {
            let line_start = |n: usize| format!("\n{n}. {}", artifact.title);
            match place {
                Place::Step(n) => assert!(
                    steps.contains(&line_start(*n)),
                    "{name}: step {n} is not {}",
                    artifact.title
                ),
                Place::Teardown(n) => assert!(
                    teardown.contains(&line_start(*n)),
                    "{name}: tear-down {n} is not {}",
                    artifact.title
                ),
                Place::InsteadOf(n) | Place::TeardownInsteadOf(n) => {
                    let steps = if matches!(place, Place::InsteadOf(_)) {
                        steps
                    } else {
                        teardown
                    };
                    let step = steps.find(&format!("\n{n}. ")).unwrap();
                    let under = &steps[step..];
                    let next = under
                        .get(1..)
                        .and_then(|rest| rest.find(&format!("\n{}. ", n + 1)))
                        .unwrap_or(under.len());
                    assert!(
                        under[..next].contains(&format!("   - {}", artifact.title)),
                        "{name}: {} is not under step {n}",
                        artifact.title
                    );
                }
                Place::Policy => assert!(
                    artifact.kind.id().ends_with("policy"),
                    "{name}: {} has no number",
                    artifact.id
                ),
            }
        }
    }
}
