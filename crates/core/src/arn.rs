//! ARNs split into their parts: `arn:partition:service:region:account:resource`. The
//! builders, which take the setup's validated values, are `crate::generate::arn`.

/// An ARN split at its first five colons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    /// Splits `arn:partition:service:region:account:resource`; `None` when the text does not
    /// have that shape (a resource part may itself hold colons).
    pub fn parse(text: &'a str) -> Option<Arn<'a>> {
        let mut parts = text.splitn(6, ':');
        if parts.next()? != "arn" {
            return None;
        }
        let arn = Arn {
            partition: parts.next()?,
            service: parts.next()?,
            region: parts.next()?,
            account: parts.next()?,
            resource: parts.next()?,
        };
        Some(arn)
    }
}
