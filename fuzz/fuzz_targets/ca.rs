//! The CA certificate field's parser (PEM, then the core's own DER reader, `setup/x509.rs`)
//! on any text: it never panics, and what it accepts it can show again.
#![no_main]

use bucketrust_core::setup::value::CaCertificate;
use bucketrust_core::Field;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(ca) = CaCertificate::parse(Field::CaCertificate, &text) {
        let _ = (ca.pem(), ca.subjects());
    }
});
