//! The page reviews the artifacts again at every change of the setup; with the lint cache it
//! lints only the policies whose text changed, and finds exactly what a fresh review finds.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use bucketrust_core::review::{review, review_reusing, LintCache};
use bucketrust_core::{Field, RawSetup};

mod support;

use support::{artifacts, examples};

#[test]
fn a_cached_review_finds_what_a_fresh_one_finds_and_lints_only_what_changed() {
    let (mut all_policies, mut relinted) = (0, 0);
    for (name, raw) in examples() {
        let mut cache = LintCache::default();
        let first = artifacts(&raw);
        let policies = first.iter().filter(|a| a.kind.policy_kind().is_some()).count();
        assert_eq!(review_reusing(&first, &mut cache), review(&first), "{name}");
        assert_eq!(cache.linted, policies, "{name}: the first review lints every policy");

        // The same artifacts again: nothing to lint.
        assert_eq!(review_reusing(&first, &mut cache), review(&first), "{name}");
        assert_eq!(cache.linted, 0, "{name}");

        // A new bucket changes the policies that name it, and only those are linted again.
        let mut changed: RawSetup = raw.clone();
        changed.set(Field::Bucket, "another-bucket-2026");
        let second = artifacts(&changed);
        let differing = second
            .iter()
            .filter(|a| a.kind.policy_kind().is_some())
            .filter(|a| {
                first
                    .iter()
                    .find(|b| b.id == a.id)
                    .is_none_or(|b| b.content != a.content)
            })
            .count();
        assert_eq!(review_reusing(&second, &mut cache), review(&second), "{name}");
        assert_eq!(cache.linted, differing, "{name}");
        all_policies += policies;
        relinted += differing;
    }
    // Trust policies do not name the bucket: across the examples, a new bucket leaves some
    // policies as they were, which the cache does not lint again.
    assert!(relinted < all_policies, "{relinted} of {all_policies}");
}
