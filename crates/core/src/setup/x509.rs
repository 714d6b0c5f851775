//! An X.509 certificate (RFC 5280 §4.1) read from its DER bytes just far enough to know that it
//! is one, and to name its subject.
//!
//! The CA certificate field needs no more: the certificate goes to Palette as the user pasted
//! it, and the page only says whose it is. `x509-cert`, which read it before, made the page's
//! module 97 KB larger (31 KB with brotli), much of it a table of the names of 1,500 object
//! identifiers for the 26 that occur in names; this reader walks the structure once. The tests
//! hold it to `x509-cert` on every fixture certificate and on 16,000 damaged ones.
//!
//! What it checks: DER's encoding rules (definite, minimal lengths; one-byte tags), the
//! certificate's shape (a `TBSCertificate`, an algorithm, a signature), the version, the serial
//! number (an integer of at most 21 bytes, as RFC 5280's 20 octets are read by some as the
//! value before encoding), algorithm identifiers, names, validity times (digits of a month,
//! a day from 1 to 31 and a time of day, `Z` for UTC), the public key, the unique identifiers
//! and extensions, and that nothing follows the signature. What it leaves to the consumer:
//! signatures, extensions' contents and the meaning of the dates.
//!
//! Where it parts from `x509-cert`, it sides with Go's `crypto/x509`, which reads the
//! certificate in Palette: a BIT STRING whose unused bits are not zero is refused; an object
//! identifier under arc 2 with a second arc past 39, and an algorithm parameter of a universal
//! type `der` does not know, are read. An attribute type outside [`short_name`]'s table is
//! written dotted with its value in hex, as RFC 4514 §2.4 allows for any type.

use std::fmt::Write as _;

/// The subject of the certificate `der`, in RFC 4514's form (the last RDN first, `,` between
/// RDNs, `+` within one), or `None` when `der` is not exactly one DER-encoded certificate.
pub fn certificate_subject(der: &[u8]) -> Option<String> {
    let mut outer = Der::new(der);
    let mut certificate = outer.contents(SEQUENCE)?;
    outer.finish()?;
    let mut tbs = certificate.contents(SEQUENCE)?;
    algorithm(&mut certificate)?;
    bit_string(&mut certificate)?;
    certificate.finish()?;

    if tbs.peek() == Some(EXPLICIT_0) {
        let mut version = tbs.contents(EXPLICIT_0)?;
        // v1, v2 or v3.
        if !matches!(integer(&mut version)?, [0..=2]) {
            return None;
        }
        version.finish()?;
    }
    let serial = integer(&mut tbs)?;
    if serial.len() > 21 {
        return None;
    }
    algorithm(&mut tbs)?;
    name(&mut tbs)?;
    let mut validity = tbs.contents(SEQUENCE)?;
    time(&mut validity)?;
    time(&mut validity)?;
    validity.finish()?;
    let subject = name(&mut tbs)?;
    let mut key = tbs.contents(SEQUENCE)?;
    algorithm(&mut key)?;
    bit_string(&mut key)?;
    key.finish()?;
    for unique_id in [IMPLICIT_1, IMPLICIT_2] {
        if tbs.peek() == Some(unique_id) {
            let bits = tbs.element()?;
            bit_string_contents(bits.contents)?;
        }
    }
    if tbs.peek() == Some(EXPLICIT_3) {
        let mut wrapper = tbs.contents(EXPLICIT_3)?;
        extensions(&mut wrapper)?;
        wrapper.finish()?;
    }
    tbs.finish()?;
    Some(subject)
}

const BOOLEAN: u8 = 0x01;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OCTET_STRING: u8 = 0x04;
const OBJECT_IDENTIFIER: u8 = 0x06;
const UTF8_STRING: u8 = 0x0c;
const PRINTABLE_STRING: u8 = 0x13;
const TELETEX_STRING: u8 = 0x14;
const IA5_STRING: u8 = 0x16;
const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;
const SEQUENCE: u8 = 0x30;
const SET: u8 = 0x31;
const EXPLICIT_0: u8 = 0xa0;
const IMPLICIT_1: u8 = 0x81;
const IMPLICIT_2: u8 = 0x82;
const EXPLICIT_3: u8 = 0xa3;

/// One element: its tag, its contents, and the whole encoding (tag and length included).
#[derive(Clone, Copy)]
struct Element<'a> {
    tag: u8,
    contents: &'a [u8],
    encoding: &'a [u8],
}

/// The elements one after another in a run of DER bytes.
struct Der<'a> {
    rest: &'a [u8],
}

impl<'a> Der<'a> {
    fn new(bytes: &'a [u8]) -> Der<'a> {
        Der { rest: bytes }
    }

    fn peek(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    /// The next element, or `None` when the bytes end or break DER's rules: a tag number
    /// past 30 (none occurs in a certificate), an indefinite length, or a length written in
    /// more bytes than it needs.
    fn element(&mut self) -> Option<Element<'a>> {
        let (&tag, after_tag) = self.rest.split_first()?;
        if tag & 0x1f == 0x1f {
            return None;
        }
        let (&first, after_first) = after_tag.split_first()?;
        let (length, after_length) = match first {
            0..=0x7f => (usize::from(first), after_first),
            0x81..=0x84 => {
                let count = usize::from(first & 0x7f);
                let bytes = after_first.get(..count)?;
                if bytes.first() == Some(&0) {
                    return None;
                }
                let length = bytes.iter().fold(0usize, |n, b| (n << 8) | usize::from(*b));
                if length < 0x80 {
                    return None;
                }
                (length, after_first.get(count..)?)
            }
            _ => return None,
        };
        let contents = after_length.get(..length)?;
        let used = self.rest.len() - after_length.len() + length;
        let encoding = self.rest.get(..used)?;
        self.rest = after_length.get(length..)?;
        Some(Element {
            tag,
            contents,
            encoding,
        })
    }

    /// The next element's contents, when it has the tag `tag`.
    fn expect(&mut self, tag: u8) -> Option<&'a [u8]> {
        let element = self.element()?;
        (element.tag == tag).then_some(element.contents)
    }

    /// The next element's contents as elements, when it has the constructed tag `tag`.
    fn contents(&mut self, tag: u8) -> Option<Der<'a>> {
        self.expect(tag).map(Der::new)
    }

    /// `Some` when every element has been read.
    fn finish(&self) -> Option<()> {
        self.rest.is_empty().then_some(())
    }
}

/// An INTEGER's contents: at least one byte, and no leading byte that only repeats the sign.
fn integer<'a>(der: &mut Der<'a>) -> Option<&'a [u8]> {
    let bytes = der.expect(INTEGER)?;
    match bytes {
        [] | [0x00, 0x00..=0x7f, ..] | [0xff, 0x80..=0xff, ..] => None,
        _ => Some(bytes),
    }
}

fn bit_string(der: &mut Der<'_>) -> Option<()> {
    bit_string_contents(der.expect(BIT_STRING)?)
}

/// A BIT STRING's contents: the count of unused bits (0 to 7, and 0 when there are no bits),
/// then the bits, the unused ones zero as DER has them.
fn bit_string_contents(bytes: &[u8]) -> Option<()> {
    let (&unused, bits) = bytes.split_first()?;
    let last = bits.last().copied().unwrap_or(0);
    let fits = match bits {
        [] => unused == 0,
        _ => unused <= 7 && last & ((1u8 << unused) - 1) == 0,
    };
    fits.then_some(())
}

/// An AlgorithmIdentifier: an object identifier and, optionally, one element of parameters.
fn algorithm(der: &mut Der<'_>) -> Option<()> {
    let mut algorithm = der.contents(SEQUENCE)?;
    object_identifier(algorithm.expect(OBJECT_IDENTIFIER)?)?;
    if algorithm.peek().is_some() {
        algorithm.element()?;
    }
    algorithm.finish()
}

/// An object identifier in dotted form: two arcs in the first sub-identifier, then one per
/// sub-identifier, each in base 128 without a leading zero digit and within 32 bits.
fn object_identifier(bytes: &[u8]) -> Option<String> {
    if bytes.last().is_none_or(|b| b & 0x80 != 0) {
        return None;
    }
    let mut arcs = Vec::new();
    let mut value: u64 = 0;
    let mut fresh = true;
    for &byte in bytes {
        if fresh && byte == 0x80 {
            return None;
        }
        value = (value << 7) | u64::from(byte & 0x7f);
        if value > u64::from(u32::MAX) + 80 {
            return None;
        }
        fresh = byte & 0x80 == 0;
        if fresh {
            arcs.push(value);
            value = 0;
        }
    }
    let (&first, others) = arcs.split_first()?;
    let (top, second) = match first {
        0..=39 => (0, first),
        40..=79 => (1, first - 40),
        _ => (2, first - 80),
    };
    if second > u64::from(u32::MAX) || others.iter().any(|arc| *arc > u64::from(u32::MAX)) {
        return None;
    }
    let mut dotted = format!("{top}.{second}");
    for arc in others {
        let _ = write!(dotted, ".{arc}");
    }
    Some(dotted)
}

/// A UTCTime (`YYMMDDHHMMSSZ`) or GeneralizedTime (`YYYYMMDDHHMMSSZ`), as RFC 5280 §4.1.2.5
/// has them: to the second, in UTC, with a month, day, hour, minute and second that exist.
fn time(der: &mut Der<'_>) -> Option<()> {
    let element = der.element()?;
    // What follows the year: month, day, hour, minute and second, two digits each.
    let digits = match (element.tag, element.contents) {
        (UTC_TIME, [_, _, rest @ .., b'Z']) | (GENERALIZED_TIME, [_, _, _, _, rest @ .., b'Z']) if rest.len() == 10 => {
            rest
        }
        _ => return None,
    };
    if !element.contents.iter().rev().skip(1).all(u8::is_ascii_digit) {
        return None;
    }
    let two = |at: usize| -> Option<u8> {
        let pair = digits.get(at..at + 2)?;
        Some((pair.first()? - b'0') * 10 + (pair.get(1)? - b'0'))
    };
    let in_range =
        (1..=12).contains(&two(0)?) && (1..=31).contains(&two(2)?) && two(4)? < 24 && two(6)? < 60 && two(8)? < 60;
    in_range.then_some(())
}

/// The extensions: at least one, each an object identifier, an optional `critical` flag and
/// an OCTET STRING (whose contents are the consumer's to read).
fn extensions(der: &mut Der<'_>) -> Option<()> {
    let mut list = der.contents(SEQUENCE)?;
    list.peek()?;
    while list.peek().is_some() {
        let mut extension = list.contents(SEQUENCE)?;
        object_identifier(extension.expect(OBJECT_IDENTIFIER)?)?;
        if extension.peek() == Some(BOOLEAN) && !matches!(extension.expect(BOOLEAN)?, [0x00 | 0xff]) {
            return None;
        }
        extension.expect(OCTET_STRING)?;
        extension.finish()?;
    }
    Some(())
}

/// A Name (a sequence of RDNs, each a non-empty set of attribute types and values) in
/// RFC 4514's form.
fn name(der: &mut Der<'_>) -> Option<String> {
    let mut rdns = der.contents(SEQUENCE)?;
    let mut written = Vec::new();
    while rdns.peek().is_some() {
        let mut set = rdns.contents(SET)?;
        let mut members = Vec::new();
        while set.peek().is_some() {
            let member = set.element()?;
            if member.tag != SEQUENCE {
                return None;
            }
            members.push(member);
        }
        // DER orders a SET OF by the members' encodings; a set is written in that order, and
        // the same member twice is no set at all.
        members.sort_by(|a, b| a.encoding.cmp(b.encoding));
        if members.is_empty()
            || members
                .windows(2)
                .any(|w| matches!(w, [a, b] if a.encoding == b.encoding))
        {
            return None;
        }
        let parts = members
            .iter()
            .map(|member| attribute(member.contents))
            .collect::<Option<Vec<_>>>()?;
        written.push(parts.join("+"));
    }
    written.reverse();
    Some(written.join(","))
}

/// One attribute type and value, `TYPE=value`: the type by its short name when it has one
/// and the value is a string, escaped as RFC 4514 §2.4 asks; otherwise the dotted type and
/// `#` with the value's encoding in hex.
fn attribute(contents: &[u8]) -> Option<String> {
    let mut der = Der::new(contents);
    let oid = object_identifier(der.expect(OBJECT_IDENTIFIER)?)?;
    let value = der.element()?;
    der.finish()?;
    if let (Some(short), Some(text)) = (short_name(&oid), string_value(value)) {
        return Some(format!("{short}={}", escaped(text)));
    }
    let mut hex = format!("{oid}=#");
    for byte in value.encoding {
        let _ = write!(hex, "{byte:02x}");
    }
    Some(hex)
}

/// The value as text, when it is one of the string types names use and its bytes are what
/// the type allows.
fn string_value(value: Element<'_>) -> Option<&str> {
    let text = std::str::from_utf8(value.contents).ok()?;
    let allowed = match value.tag {
        UTF8_STRING => true,
        PRINTABLE_STRING => text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b" '()+,-./:=?".contains(&b)),
        // Teletex is read as ASCII only: its upper half is a character set of its own.
        IA5_STRING | TELETEX_STRING => text.is_ascii(),
        _ => false,
    };
    allowed.then_some(text)
}

/// A value escaped for RFC 4514: `#` at the start and a space at either end, the special
/// characters, and control characters as hex pairs.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let last = text.chars().count().saturating_sub(1);
    for (i, c) in text.chars().enumerate() {
        match c {
            '#' if i == 0 => out.push_str("\\#"),
            ' ' if i == 0 || i == last => out.push_str("\\ "),
            '"' | '+' | ',' | ';' | '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\x00'..='\x1f' | '\x7f' => {
                let _ = write!(out, "\\{:02x}", c as u32);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The short names of the attribute types that occur in certificates' names (RFC 4519's, with
/// RFC 5280's `emailAddress`), as RFC 4514 writes them; any other type is written dotted.
fn short_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.4.3" => "CN",
        "2.5.4.4" => "SN",
        "2.5.4.5" => "SERIALNUMBER",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.9" => "STREET",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.12" => "TITLE",
        "2.5.4.13" => "DESCRIPTION",
        "2.5.4.15" => "BUSINESSCATEGORY",
        "2.5.4.16" => "POSTALADDRESS",
        "2.5.4.17" => "POSTALCODE",
        "2.5.4.18" => "POSTOFFICEBOX",
        "2.5.4.20" => "TELEPHONENUMBER",
        "2.5.4.41" => "NAME",
        "2.5.4.42" => "GN",
        "2.5.4.43" => "INITIALS",
        "2.5.4.44" => "GENERATIONQUALIFIER",
        "2.5.4.45" => "X500UNIQUEIDENTIFIER",
        "2.5.4.46" => "DNQUALIFIER",
        "2.5.4.65" => "PSEUDONYM",
        "0.9.2342.19200300.100.1.1" => "UID",
        "0.9.2342.19200300.100.1.25" => "DC",
        "1.2.840.113549.1.9.1" => "EMAIL",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::certificate_subject;
    use base64ct::{Base64, Encoding};
    use std::path::{Path, PathBuf};
    use x509_cert::der::Decode;

    fn fixtures() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
    }

    /// The DER bytes of the first PEM block of `path`.
    fn der_of(path: &Path) -> Vec<u8> {
        let text = std::fs::read_to_string(path).unwrap();
        let body: String = text
            .lines()
            .skip_while(|l| !l.starts_with("-----BEGIN"))
            .skip(1)
            .take_while(|l| !l.starts_with("-----END"))
            .collect();
        Base64::decode_vec(&body).unwrap()
    }

    /// Every certificate the tests have: the fixtures of this module and the setups' CAs.
    fn certificates() -> Vec<(String, Vec<u8>)> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(fixtures().join("certificates"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "pem"))
            .collect();
        paths.push(fixtures().join("setups/palette-backup-location-ca.pem"));
        paths.sort();
        assert!(paths.len() >= 9, "{paths:?}");
        paths
            .into_iter()
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), der_of(&p)))
            .collect()
    }

    /// The reference: x509-cert's reading of `der` and its RFC 4514 subject.
    fn reference(der: &[u8]) -> Option<String> {
        x509_cert::Certificate::from_der(der)
            .ok()
            .map(|c| c.tbs_certificate().subject().to_string())
    }

    #[test]
    fn subjects_are_written_as_rfc_4514_has_them() {
        let subject = |name: &str| certificate_subject(&der_of(&fixtures().join("certificates").join(name)));
        let cases = [
            (
                "rsa-full-subject.pem",
                "EMAIL=ca@example.com,CN=Example Root CA,OU=Platform,O=Example GmbH,L=Munich,ST=Bavaria,C=DE",
            ),
            ("multi-valued-rdn.pem", "CN=Backups+OU=Storage,O=Example"),
            (
                "escaped-utf8.pem",
                "CN=\\ #lead\\, trail\\ ,L=Zürich,O=a\\+b\\;c\\<d\\>e\\\\f\\\"g",
            ),
            (
                "domain-components.pem",
                "CN=Example Issuing CA,UID=backup,DC=example,DC=com",
            ),
            ("unnamed-types.pem", "CN=x,2.5.4.97=#0c0956415444452d313233"),
            // A BMPString is no string type names are written with: its encoding in hex.
            ("bmp-string.pem", "C=US,O=Example,2.5.4.3=#1e0c041f04400438043c04350440"),
            ("version-1.pem", "CN=Version One"),
            ("empty-subject.pem", ""),
        ];
        for (name, want) in cases {
            assert_eq!(subject(name).as_deref(), Some(want), "{name}");
        }
    }

    #[test]
    fn every_certificate_is_named_as_the_reference_names_it() {
        for (name, der) in certificates() {
            let reference = reference(&der);
            assert!(reference.is_some(), "{name}: the reference refuses it");
            assert_eq!(certificate_subject(&der), reference, "{name}");
        }
    }

    /// Each certificate cut short at every length, and with each byte changed three ways,
    /// read by this reader and by the reference. They agree but for three deliberate
    /// differences, each checked where it shows:
    /// - an attribute type outside [`super::short_name`]'s table is written dotted, where the
    ///   reference has a name for it from its database;
    /// - a BIT STRING whose unused bits are not zero is refused, as DER has it and as Go's
    ///   `encoding/asn1` (Palette's reader) refuses it; the reference reads it;
    /// - an object identifier under arc 2 with a second arc past 39 (X.660 allows them) and an
    ///   algorithm parameter of a universal type the reference does not know are read; the
    ///   reference refuses both.
    #[test]
    fn damaged_certificates_are_read_as_the_reference_reads_them() {
        let dotted = |part: &str| {
            part.split_once("=#")
                .is_some_and(|(oid, _)| oid.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
        };
        let mut compared = 0;
        let mut differences = [0; 3];
        for (name, der) in certificates() {
            let mut variants: Vec<(Option<usize>, Vec<u8>)> =
                (0..der.len()).map(|n| (None, der[..n].to_vec())).collect();
            for at in 0..der.len() {
                for flip in [0x01u8, 0x80, 0xff] {
                    let mut changed = der.clone();
                    changed[at] ^= flip;
                    variants.push((Some(at), changed));
                }
            }
            for (at, bytes) in variants {
                compared += 1;
                let how = at.map_or_else(|| format!("cut to {}", bytes.len()), |at| format!("byte {at} changed"));
                match (certificate_subject(&bytes), reference(&bytes)) {
                    (Some(ours), Some(theirs)) if ours != theirs => {
                        let (ours, theirs) = (rdns(&ours), rdns(&theirs));
                        assert_eq!(ours.len(), theirs.len(), "{name}, {how}: {ours:?} against {theirs:?}");
                        for (a, b) in ours.iter().zip(&theirs) {
                            assert!(a == b || dotted(a), "{name}, {how}: `{a}` against `{b}`");
                        }
                        differences[0] += 1;
                    }
                    (None, Some(_)) => {
                        // The unused-bits count of a BIT STRING, 0 in the certificate.
                        let at = at.unwrap_or_else(|| panic!("{name}, {how}: only the reference reads it"));
                        let header = &der[at.saturating_sub(4)..at];
                        let count_of_bit_string =
                            der[at] == 0 && matches!(header, [.., 0x03, _] | [.., 0x03, 0x81, _] | [0x03, 0x82, _, _]);
                        assert!(count_of_bit_string, "{name}, {how}: only the reference reads it");
                        differences[1] += 1;
                    }
                    (Some(_), None) => {
                        let kind = x509_cert::Certificate::from_der(&bytes).unwrap_err().kind();
                        assert!(
                            matches!(
                                kind,
                                x509_cert::der::ErrorKind::OidMalformed | x509_cert::der::ErrorKind::TagUnknown { .. }
                            ),
                            "{name}, {how}: only this reader reads it ({kind:?})"
                        );
                        differences[2] += 1;
                    }
                    _ => {}
                }
            }
        }
        assert!(compared > 10_000, "{compared}");
        eprintln!("{compared} certificates compared; differences: {differences:?}");
    }

    /// The RDNs of an RFC 4514 name: split at each comma that no backslash escapes.
    fn rdns(name: &str) -> Vec<String> {
        let mut parts = vec![String::new()];
        let mut escaped = false;
        for c in name.chars() {
            match c {
                ',' if !escaped => parts.push(String::new()),
                _ => parts.last_mut().unwrap().push(c),
            }
            escaped = c == '\\' && !escaped;
        }
        parts
    }

    #[test]
    fn what_is_not_one_certificate_is_refused() {
        let der = der_of(&fixtures().join("setups/palette-backup-location-ca.pem"));
        let request = der_of(&fixtures().join("certificates/request-not-certificate.csr"));
        let mut trailing = der.clone();
        trailing.push(0);
        // The outer SEQUENCE's length in a needless extra byte, and as an indefinite length.
        let long_form = [&[0x30, 0x82, 0x00], &der[2..]].concat();
        let indefinite = [&[0x30, 0x80], &der[3..], &[0, 0]].concat();
        for (what, bytes) in [
            ("nothing", Vec::new()),
            ("a certificate request", request),
            ("a byte after the certificate", trailing),
            ("a length in more bytes than it needs", long_form),
            ("an indefinite length", indefinite),
            ("text", b"hello world".to_vec()),
        ] {
            assert_eq!(certificate_subject(&bytes), None, "{what}");
        }
    }
}
