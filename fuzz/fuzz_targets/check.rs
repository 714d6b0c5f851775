//! `check` on edited artifacts: the artifacts of an example setup, one of them replaced by
//! the input, linted and checked against each other. The first byte picks the example and the
//! artifact; the rest is the artifact's new text.
#![no_main]

use std::sync::OnceLock;

use bucketrust_core::{generate, review, validate, Artifact, RawSetup};
use libfuzzer_sys::fuzz_target;

const EXAMPLES: [&str; 4] = [
    include_str!("../../examples/stackgres-irsa.json"),
    include_str!("../../examples/stackgres-static-keys.json"),
    include_str!("../../examples/palette-cloud-account-pod-identity.json"),
    include_str!("../../examples/upbound-spaces-irsa.json"),
];

fn artifacts() -> &'static [Vec<Artifact>] {
    static ARTIFACTS: OnceLock<Vec<Vec<Artifact>>> = OnceLock::new();
    ARTIFACTS.get_or_init(|| {
        EXAMPLES
            .iter()
            .filter_map(|text| RawSetup::from_json(text).ok())
            .filter_map(|raw| validate(&raw).ok())
            .map(|setup| generate(&setup))
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let all = artifacts();
    let Some(example) = all.get(usize::from(pick % 4)).filter(|a| !a.is_empty()) else {
        return;
    };
    let mut edited = example.clone();
    let index = usize::from(pick / 4) % edited.len();
    if let Some(artifact) = edited.get_mut(index) {
        artifact.content = String::from_utf8_lossy(rest).into_owned();
        artifact.steps = None;
    }
    let _ = review(&edited);
});
