//! Repairs of what people paste into a field: the text AWS prints around a value (quotes of
//! `--output json`, spaces, an `s3://` URL, an ARN) taken off, and a region spelled as AWS
//! spells it. Each is only a candidate: [`super::reader`] proposes the first one that passes
//! the field's own check, and changes nothing.

use super::error::{Suggestion, SuggestionReason};
use crate::arn::Arn;
use crate::field::Field;

/// The repaired spellings of `value` for `field`, most likely first. Which repairs apply
/// follows from the field: its key names what it holds (`…AccountId`, `…RoleName`), so a
/// target's own fields get them too.
pub(crate) fn candidates(field: Field, value: &str) -> Vec<Suggestion> {
    let trimmed = trim(value);
    let mut out = Vec::new();
    let mut push = |value: String, reason: SuggestionReason| {
        if !value.is_empty() && !out.iter().any(|s: &Suggestion| s.value == value) {
            out.push(Suggestion { value, reason });
        }
    };
    if trimmed != value {
        push(trimmed.to_owned(), SuggestionReason::Trimmed);
    }
    // A list typed with spaces after its commas, as people write lists.
    if trimmed.contains(',') {
        let entries: Vec<&str> = trimmed.split(',').map(str::trim).collect();
        push(entries.join(","), SuggestionReason::Trimmed);
    }
    let key = field.key().to_ascii_lowercase();
    if field == Field::Bucket {
        if let Some(rest) = trimmed.strip_prefix("s3://") {
            push(before_slash(rest).to_owned(), SuggestionReason::BucketOfUrl);
        }
        if let Some(arn) = Arn::parse(trimmed).filter(|a| a.service == "s3" && a.account.is_empty()) {
            push(before_slash(arn.resource).to_owned(), SuggestionReason::BucketOfArn);
        }
    }
    if key.ends_with("accountid") {
        if let Some(arn) = Arn::parse(trimmed).filter(|a| a.service == "iam" || a.service == "sts") {
            push(arn.account.to_owned(), SuggestionReason::AccountOfArn);
        }
    }
    if key.ends_with("rolename") {
        if let Some(arn) = Arn::parse(trimmed).filter(|a| a.service == "iam") {
            if let Some(path_and_name) = arn.resource.strip_prefix("role/") {
                let name = path_and_name.rsplit('/').next().unwrap_or_default();
                push(name.to_owned(), SuggestionReason::RoleNameOfArn);
            }
        }
    }
    if field == Field::Region {
        let respelled = region_spelling(trimmed);
        // A respelling that AWS does not list, next to one it does, is most likely that one.
        if let Some(listed) = crate::partition::Partition::nearest_listed(&respelled) {
            push(listed.to_owned(), SuggestionReason::RegionSpelling);
        }
        push(respelled, SuggestionReason::RegionSpelling);
    }
    if field == Field::OidcIssuer {
        let https = match trimmed.strip_prefix("http://") {
            Some(rest) => format!("https://{rest}"),
            None => trimmed.to_owned(),
        };
        push(https.trim_end_matches('/').to_owned(), SuggestionReason::IssuerSpelling);
    }
    out
}

/// `value` without surrounding whitespace and one pair of quotes or backticks around it, as a
/// terminal, `--output json` or a chat message leaves them.
fn trim(value: &str) -> &str {
    let value = value.trim();
    for quote in ['"', '\'', '`'] {
        if let Some(inner) = value.strip_prefix(quote).and_then(|v| v.strip_suffix(quote)) {
            return inner.trim();
        }
    }
    value
}

fn before_slash(text: &str) -> &str {
    text.split('/').next().unwrap_or_default()
}

/// A region as AWS spells it: lower case, `-` for spaces and underscores, a `-` before the
/// trailing number when it was left out (`us-west2`), and without the letter of an
/// availability zone (`us-west-2a`).
fn region_spelling(value: &str) -> String {
    let mut region: String = value
        .chars()
        .map(|c| {
            if c == ' ' || c == '_' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if region.ends_with(|c: char| c.is_ascii_lowercase())
        && region
            .trim_end_matches(|c: char| c.is_ascii_lowercase())
            .ends_with(|c: char| c.is_ascii_digit())
        && region.len() > 1
    {
        region.pop();
    }
    let digits = region.len() - region.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 && !region.get(..region.len() - digits).unwrap_or_default().ends_with('-') {
        region.insert(region.len() - digits, '-');
    }
    region
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_respelled() {
        for (typed, respelled) in [
            ("US-WEST-2", "us-west-2"),
            ("us-west2", "us-west-2"),
            ("us west 2", "us-west-2"),
            ("us-west-2a", "us-west-2"),
            ("us_gov_west_1", "us-gov-west-1"),
        ] {
            assert_eq!(region_spelling(typed), respelled, "{typed}");
        }
    }
}
