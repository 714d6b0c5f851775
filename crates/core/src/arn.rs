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
        // The linter parses every resource several times over: a byte scan for each colon
        // costs a fraction of `splitn`'s searcher on strings this short.
        fn field(rest: &str) -> Option<(&str, &str)> {
            let colon = rest.bytes().position(|b| b == b':')?;
            Some((rest.get(..colon)?, rest.get(colon + 1..)?))
        }
        let rest = text.strip_prefix("arn:")?;
        let (partition, rest) = field(rest)?;
        let (service, rest) = field(rest)?;
        let (region, rest) = field(rest)?;
        let (account, resource) = field(rest)?;
        Some(Arn {
            partition,
            service,
            region,
            account,
            resource,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Arn;

    /// The split as `splitn` spells it, which the byte scan must agree with.
    fn reference(text: &str) -> Option<Arn<'_>> {
        let mut parts = text.splitn(6, ':');
        if parts.next()? != "arn" {
            return None;
        }
        Some(Arn {
            partition: parts.next()?,
            service: parts.next()?,
            region: parts.next()?,
            account: parts.next()?,
            resource: parts.next()?,
        })
    }

    #[test]
    fn arns_split_at_their_first_five_colons() {
        for text in [
            "",
            "arn",
            "arn:",
            "arn:aws",
            "arn:aws:s3:::",
            "arn:aws:s3:::bucket/key:with:colons",
            "arn:aws:iam::111122223333:role/x",
            "arn:aws:kms:us-east-1:111122223333:key/é",
            "ARN:aws:s3:::bucket",
            "arnx:aws:s3:::bucket",
            ":::::",
            "arn:::::",
            "arn:é:s3:::b",
        ] {
            assert_eq!(Arn::parse(text), reference(text), "{text}");
        }
    }
}
