//! A link's fragment read, validated and generated: whatever the link says, nothing panics,
//! and a setup read from a link writes the same link back.
#![no_main]

use bucketrust_core::{generate, validate, RawSetup};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let fragment = String::from_utf8_lossy(data);
    let (raw, _errors) = RawSetup::from_fragment(&fragment);
    let again = RawSetup::from_fragment(&raw.to_fragment()).0;
    assert_eq!(again.to_fragment(), raw.to_fragment());
    if let Ok(setup) = validate(&raw) {
        let _ = generate(&setup);
    }
});
