//! A setup file read, validated, generated and reviewed: whatever the file says, nothing
//! panics, and a setup that validates generates artifacts the review can read.
#![no_main]

use bucketrust_core::{generate, review, validate, RawSetup};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(raw) = RawSetup::from_json(&text) {
        if let Ok(setup) = validate(&raw) {
            let _ = review(&generate(&setup));
        }
    }
});
