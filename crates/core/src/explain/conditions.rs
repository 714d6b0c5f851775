//! A statement's conditions in words. Every IAM condition operator has a faithful generic
//! wording (with `…IfExists`, `ForAllValues:` and `ForAnyValue:`); the keys bucketrust's
//! policies rely on (the external ID, TLS, an OIDC token's `sub` and `aud`, EKS Pod
//! Identity's session tags, passed roles, resource tags) are said as what they mean.

use serde::Serialize;

/// One condition: an operator, a key and its values, and what it means.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConditionSummary {
    /// As written, with its set prefix and `IfExists` suffix.
    pub operator: String,
    pub key: String,
    pub values: Vec<String>,
    /// What the condition means for the statement, in one phrase.
    pub words: String,
}

/// Whether the statement allows or denies, which decides how its conditions read: an
/// allow applies *only when* they hold, a deny *denies when* they hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

/// What a condition's statement is about, for the keys whose meaning depends on it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Context {
    /// The statement trusts EKS Pod Identity (`pods.eks.amazonaws.com`), whose session tags
    /// name the pod's cluster, namespace and service account.
    pub pod_identity: bool,
}

/// The set operator a condition starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SetOperator {
    None,
    ForAllValues,
    ForAnyValue,
}

/// An operator split into its parts: `ForAllValues:StringLikeIfExists` is
/// (ForAllValues, `StringLike`, true).
fn split_operator(operator: &str) -> (SetOperator, &str, bool) {
    let (set, rest) = if let Some(rest) = strip_prefix_ignore_case(operator, "ForAllValues:") {
        (SetOperator::ForAllValues, rest)
    } else if let Some(rest) = strip_prefix_ignore_case(operator, "ForAnyValue:") {
        (SetOperator::ForAnyValue, rest)
    } else {
        (SetOperator::None, operator)
    };
    let cut = rest.len().saturating_sub("IfExists".len());
    match (rest.get(..cut), rest.get(cut..)) {
        (Some(base), Some(suffix)) if suffix.eq_ignore_ascii_case("IfExists") && !base.is_empty() => (set, base, true),
        _ => (set, rest, false),
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

/// How an operator compares, in the two forms a sentence needs: after "must" (an allow's
/// requirement) and in the present (a deny's trigger), for one value and for several (IAM
/// ORs a condition's values).
struct Verb {
    must_one: &'static str,
    must_many: &'static str,
    is_one: &'static str,
    is_many: &'static str,
}

const fn verb(must_one: &'static str, must_many: &'static str, is_one: &'static str, is_many: &'static str) -> Verb {
    Verb {
        must_one,
        must_many,
        is_one,
        is_many,
    }
}

/// The verbs of every operator IAM knows (IAM User Guide, "IAM JSON policy elements:
/// Condition operators"), but `Null`, which tests presence and has its own wording.
fn operator_verb(base: &str) -> Option<Verb> {
    let v = match base.to_ascii_lowercase().as_str() {
        "stringequals" => verb("equal", "equal one of", "equals", "equals one of"),
        "stringnotequals" => verb("not equal", "equal none of", "does not equal", "equals none of"),
        "stringequalsignorecase" => verb(
            "equal, ignoring case,",
            "equal, ignoring case, one of",
            "equals, ignoring case,",
            "equals, ignoring case, one of",
        ),
        "stringnotequalsignorecase" => verb(
            "not equal, ignoring case,",
            "equal, ignoring case, none of",
            "does not equal, ignoring case,",
            "equals, ignoring case, none of",
        ),
        "stringlike" => verb("match", "match one of", "matches", "matches one of"),
        "stringnotlike" => verb("not match", "match none of", "does not match", "matches none of"),
        "numericequals" => verb("be", "be one of", "is", "is one of"),
        "numericnotequals" => verb("not be", "be none of", "is not", "is none of"),
        "numericlessthan" => verb(
            "be less than",
            "be less than one of",
            "is less than",
            "is less than one of",
        ),
        "numericlessthanequals" => verb("be at most", "be at most one of", "is at most", "is at most one of"),
        "numericgreaterthan" => verb(
            "be greater than",
            "be greater than one of",
            "is greater than",
            "is greater than one of",
        ),
        "numericgreaterthanequals" => verb("be at least", "be at least one of", "is at least", "is at least one of"),
        "dateequals" => verb(
            "be the date",
            "be one of the dates",
            "is the date",
            "is one of the dates",
        ),
        "datenotequals" => verb(
            "not be the date",
            "be none of the dates",
            "is not the date",
            "is none of the dates",
        ),
        "datelessthan" => verb("be before", "be before one of", "is before", "is before one of"),
        "datelessthanequals" => verb(
            "be at or before",
            "be at or before one of",
            "is at or before",
            "is at or before one of",
        ),
        "dategreaterthan" => verb("be after", "be after one of", "is after", "is after one of"),
        "dategreaterthanequals" => verb(
            "be at or after",
            "be at or after one of",
            "is at or after",
            "is at or after one of",
        ),
        "bool" => verb("be", "be one of", "is", "is one of"),
        "binaryequals" => verb(
            "equal the base64 value",
            "equal one of the base64 values",
            "equals the base64 value",
            "equals one of the base64 values",
        ),
        "ipaddress" => verb("be in", "be in one of", "is in", "is in one of"),
        "notipaddress" => verb("not be in", "be in none of", "is not in", "is in none of"),
        "arnequals" => verb("be the ARN", "be one of the ARNs", "is the ARN", "is one of the ARNs"),
        "arnlike" => verb(
            "match the ARN",
            "match one of the ARNs",
            "matches the ARN",
            "matches one of the ARNs",
        ),
        "arnnotequals" => verb(
            "not be the ARN",
            "be none of the ARNs",
            "is not the ARN",
            "is none of the ARNs",
        ),
        "arnnotlike" => verb(
            "not match the ARN",
            "match none of the ARNs",
            "does not match the ARN",
            "matches none of the ARNs",
        ),
        _ => return None,
    };
    Some(v)
}

/// `a`, `b` and `c`, each in backticks.
pub(crate) fn quoted_list(values: &[String]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    match quoted.split_last() {
        None => "no value".to_owned(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// The condition in words.
pub fn describe(operator: &str, key: &str, values: &[String], effect: Effect, context: Context) -> ConditionSummary {
    let words =
        special(operator, key, values, effect, context).unwrap_or_else(|| generic(operator, key, values, effect));
    ConditionSummary {
        operator: operator.to_owned(),
        key: key.to_owned(),
        values: values.to_vec(),
        words,
    }
}

/// The faithful wording any operator has: "`key` must equal `value`" for an allow,
/// "denies when `key` equals `value`" for a deny.
fn generic(operator: &str, key: &str, values: &[String], effect: Effect) -> String {
    let (set, base, if_exists) = split_operator(operator);
    let list = quoted_list(values);
    if base.eq_ignore_ascii_case("Null") {
        // `Null` tests whether the request has the key: `true` means it is absent.
        let absent = values.iter().all(|v| v.eq_ignore_ascii_case("true"));
        let present = values.iter().all(|v| v.eq_ignore_ascii_case("false"));
        return match (effect, absent, present) {
            (Effect::Allow, true, _) => format!("only when the request has no `{key}`"),
            (Effect::Allow, _, true) => format!("only when the request has `{key}`"),
            (Effect::Deny, true, _) => format!("denies when the request has no `{key}`"),
            (Effect::Deny, _, true) => format!("denies when the request has `{key}`"),
            _ => format!("`{key}` is tested for absence with {list}, which `Null` does not take"),
        };
    }
    let Some(verb) = operator_verb(base) else {
        return format!("`{key}` is compared with {list} by `{operator}`, an operator IAM does not know");
    };
    let many = values.len() > 1 || set != SetOperator::None;
    let (must, is) = if many {
        (verb.must_many, verb.is_many)
    } else {
        (verb.must_one, verb.is_one)
    };
    let subject = match set {
        SetOperator::None => format!("`{key}`"),
        SetOperator::ForAllValues => format!("every value of `{key}`"),
        SetOperator::ForAnyValue => format!("at least one value of `{key}`"),
    };
    // A `ForAllValues` condition also holds when the request has no value for the key.
    let empty_note = match set {
        SetOperator::ForAllValues => " (also true when the request has none)",
        SetOperator::None | SetOperator::ForAnyValue => "",
    };
    match (effect, if_exists) {
        (Effect::Allow, false) => format!("{subject} must {must} {list}{empty_note}"),
        (Effect::Allow, true) => format!("if the request has `{key}`, {subject} must {must} {list}{empty_note}"),
        (Effect::Deny, false) => format!("denies when {subject} {is} {list}{empty_note}"),
        (Effect::Deny, true) => format!("denies when the request has `{key}` and {subject} {is} {list}"),
    }
}

/// An OIDC provider's key, `<issuer host and path>:<claim>`: the issuer is what precedes
/// the last colon and has a dot or slash, which no service prefix has.
fn oidc_claim(key: &str) -> Option<(&str, &str)> {
    let (issuer, claim) = key.rsplit_once(':')?;
    (issuer.contains('.') || issuer.contains('/')).then_some((issuer, claim))
}

/// `system:serviceaccount:<namespace>:<name>` as `namespace/name`.
fn service_account(subject: &str) -> Option<String> {
    let rest = subject.strip_prefix("system:serviceaccount:")?;
    let (namespace, name) = rest.split_once(':')?;
    Some(format!("{namespace}/{name}"))
}

/// The wording of a key bucketrust's policies rely on, under the operator it is used with;
/// `None` to fall back on the generic wording.
fn special(operator: &str, key: &str, values: &[String], effect: Effect, context: Context) -> Option<String> {
    let (set, base, if_exists) = split_operator(operator);
    if if_exists || values.is_empty() {
        return None;
    }
    let base = base.to_ascii_lowercase();
    let equals = base == "stringequals" && set == SetOperator::None;
    let like = base == "stringlike" && set == SetOperator::None;
    let arn_equals = (base == "arnequals" || base == "stringequals") && set == SetOperator::None;
    let list = quoted_list(values);
    let one_of = if values.len() > 1 { "one of " } else { "" };
    let key_lower = key.to_ascii_lowercase();
    let allow = effect == Effect::Allow;

    if key_lower == "sts:externalid" && allow && (equals || like) {
        let verb = if equals { "is" } else { "matches" };
        return Some(format!("only when the external ID {verb} {one_of}{list}"));
    }
    if key_lower == "aws:securetransport" && base == "bool" && set == SetOperator::None {
        let tls = values.iter().all(|v| v.eq_ignore_ascii_case("true"));
        let plain = values.iter().all(|v| v.eq_ignore_ascii_case("false"));
        return match (effect, tls, plain) {
            (Effect::Deny, _, true) => Some("denies requests that do not use TLS".to_owned()),
            (Effect::Deny, true, _) => Some("denies requests that use TLS".to_owned()),
            (Effect::Allow, true, _) => Some("only for requests that use TLS".to_owned()),
            (Effect::Allow, _, true) => Some("only for requests that do not use TLS".to_owned()),
            _ => None,
        };
    }
    if let Some((issuer, claim)) = oidc_claim(key) {
        if allow && claim == "sub" && (equals || like) {
            let accounts: Option<Vec<String>> = values.iter().map(|v| service_account(v)).collect();
            let accounts = accounts?;
            let noun = match (like, accounts.len() > 1) {
                (false, false) => "the service account",
                (false, true) => "the service accounts",
                (true, _) => "the service accounts matching",
            };
            return Some(format!(
                "only {noun} {} of the cluster with the OIDC issuer `https://{issuer}`",
                quoted_list(&accounts)
            ));
        }
        if allow && claim == "aud" && equals {
            return Some(format!(
                "only tokens for the audience {list} from the OIDC issuer `https://{issuer}`"
            ));
        }
        return None;
    }
    if allow && context.pod_identity && equals {
        let what = match key_lower.as_str() {
            "aws:requesttag/kubernetes-namespace" => Some("only pods in the namespace"),
            "aws:requesttag/kubernetes-service-account" => Some("only pods that run as the service account"),
            "aws:requesttag/eks-cluster-arn" => Some("only pods of the cluster"),
            "aws:requesttag/eks-cluster-name" => Some("only pods of the cluster named"),
            _ => None,
        };
        if let Some(what) = what {
            return Some(format!("{what} {one_of}{list} (EKS Pod Identity's session tag)"));
        }
    }
    if key_lower == "aws:tagkeys" && allow && set == SetOperator::ForAllValues && base == "stringequals" {
        return Some(format!("only the tag keys {list} may be set (or none)"));
    }
    if key_lower == "iam:passedtoservice" && allow && equals {
        return Some(format!("only when the role is passed to {list}"));
    }
    if key_lower == "aws:principalarn" && allow && arn_equals {
        return Some(format!("only when the caller is {one_of}{list}"));
    }
    if key_lower == "aws:principalaccount" && allow && equals {
        return Some(format!("only when the caller is in the account {one_of}{list}"));
    }
    if key_lower == "aws:sourceaccount" && allow && equals {
        return Some(format!("only on behalf of the account {one_of}{list}"));
    }
    if key_lower == "aws:sourcearn" && allow && (arn_equals || like || base == "arnlike") {
        return Some(format!("only on behalf of {one_of}{list}"));
    }
    if key_lower == "kms:grantisforawsresource"
        && allow
        && base == "bool"
        && values.iter().all(|v| v.eq_ignore_ascii_case("true"))
    {
        return Some(
            "only grants for an AWS service that uses the key on the caller's behalf (such as EBS)".to_owned(),
        );
    }
    if key_lower == "ec2:createaction" && allow && equals {
        return Some(format!("only tags set by {list} as it creates the resource"));
    }
    if let Some(tag) = key.strip_prefix("aws:ResourceTag/") {
        if base == "null" && set == SetOperator::None {
            let tagged = values.iter().all(|v| v.eq_ignore_ascii_case("false"));
            let untagged = values.iter().all(|v| v.eq_ignore_ascii_case("true"));
            return match (effect, tagged, untagged) {
                (Effect::Allow, true, _) => Some(format!("only resources tagged `{tag}`")),
                (Effect::Allow, _, true) => Some(format!("only resources not tagged `{tag}`")),
                (Effect::Deny, true, _) => Some(format!("denies on resources tagged `{tag}`")),
                (Effect::Deny, _, true) => Some(format!("denies on resources not tagged `{tag}`")),
                _ => None,
            };
        }
        if allow && equals {
            return Some(format!("only resources whose tag `{tag}` is {one_of}{list}"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(operator: &str, key: &str, values: &[&str], effect: Effect) -> String {
        let values: Vec<String> = values.iter().map(|v| (*v).to_owned()).collect();
        describe(operator, key, &values, effect, Context::default()).words
    }

    #[test]
    fn the_external_id_and_tls_are_said_as_what_they_mean() {
        assert_eq!(
            words("StringEquals", "sts:ExternalId", &["tenant-7f3e"], Effect::Allow),
            "only when the external ID is `tenant-7f3e`"
        );
        assert_eq!(
            words("Bool", "aws:SecureTransport", &["false"], Effect::Deny),
            "denies requests that do not use TLS"
        );
    }

    #[test]
    fn an_oidc_subject_names_the_service_account_and_the_issuer() {
        assert_eq!(
            words(
                "StringEquals",
                "oidc.eks.us-west-2.amazonaws.com/id/ABC:sub",
                &["system:serviceaccount:velero:velero-server"],
                Effect::Allow
            ),
            "only the service account `velero/velero-server` of the cluster with the OIDC issuer `https://oidc.eks.us-west-2.amazonaws.com/id/ABC`"
        );
        // A subject that is not a service account falls back on the faithful wording.
        assert_eq!(
            words("StringEquals", "oidc.example.com:sub", &["user-1"], Effect::Allow),
            "`oidc.example.com:sub` must equal `user-1`"
        );
    }

    #[test]
    fn pod_identity_session_tags_are_said_only_for_a_pod_identity_trust() {
        let values = vec!["velero".to_owned()];
        let pods = Context { pod_identity: true };
        let key = "aws:RequestTag/kubernetes-namespace";
        assert_eq!(
            describe("StringEquals", key, &values, Effect::Allow, pods).words,
            "only pods in the namespace `velero` (EKS Pod Identity's session tag)"
        );
        assert_eq!(
            describe("StringEquals", key, &values, Effect::Allow, Context::default()).words,
            "`aws:RequestTag/kubernetes-namespace` must equal `velero`"
        );
    }

    #[test]
    fn every_operator_has_a_generic_wording_in_both_effects() {
        for base in [
            "StringEquals",
            "StringNotEquals",
            "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase",
            "StringLike",
            "StringNotLike",
            "NumericEquals",
            "NumericNotEquals",
            "NumericLessThan",
            "NumericLessThanEquals",
            "NumericGreaterThan",
            "NumericGreaterThanEquals",
            "DateEquals",
            "DateNotEquals",
            "DateLessThan",
            "DateLessThanEquals",
            "DateGreaterThan",
            "DateGreaterThanEquals",
            "Bool",
            "BinaryEquals",
            "IpAddress",
            "NotIpAddress",
            "ArnEquals",
            "ArnLike",
            "ArnNotEquals",
            "ArnNotLike",
        ] {
            for operator in [base.to_owned(), format!("{base}IfExists")] {
                for effect in [Effect::Allow, Effect::Deny] {
                    let w = words(&operator, "my:Key", &["v"], effect);
                    assert!(w.contains("`my:Key`") && w.contains("`v`"), "{operator}: {w}");
                    assert!(!w.contains("does not know"), "{operator}: {w}");
                    assert_eq!(
                        w.contains("if the request has") || w.contains("request has `my:Key` and"),
                        operator.ends_with("IfExists"),
                        "{operator}: {w}"
                    );
                }
            }
        }
        assert_eq!(
            words("StringNotLike", "s3:prefix", &["a/*", "b/*"], Effect::Allow),
            "`s3:prefix` must match none of `a/*` or `b/*`"
        );
        assert_eq!(
            words("NumericLessThanEquals", "s3:max-keys", &["10"], Effect::Deny),
            "denies when `s3:max-keys` is at most `10`"
        );
        assert_eq!(
            words("IpAddressIfExists", "aws:SourceIp", &["203.0.113.0/24"], Effect::Allow),
            "if the request has `aws:SourceIp`, `aws:SourceIp` must be in `203.0.113.0/24`"
        );
    }

    #[test]
    fn set_operators_say_which_values_must_match() {
        assert_eq!(
            words("ForAllValues:StringEquals", "aws:TagKeys", &["a", "b"], Effect::Allow),
            "only the tag keys `a` or `b` may be set (or none)"
        );
        assert_eq!(
            words("ForAllValues:StringLike", "aws:TagKeys", &["a*"], Effect::Allow),
            "every value of `aws:TagKeys` must match one of `a*` (also true when the request has none)"
        );
        assert_eq!(
            words(
                "ForAnyValue:StringEquals",
                "aws:PrincipalServiceNamesList",
                &["ec2.amazonaws.com"],
                Effect::Deny
            ),
            "denies when at least one value of `aws:PrincipalServiceNamesList` equals one of `ec2.amazonaws.com`"
        );
    }

    #[test]
    fn null_tests_presence_and_unknown_operators_are_named() {
        assert_eq!(
            words("Null", "aws:TokenIssueTime", &["true"], Effect::Deny),
            "denies when the request has no `aws:TokenIssueTime`"
        );
        assert_eq!(
            words("Null", "s3:x-amz-server-side-encryption", &["false"], Effect::Allow),
            "only when the request has `s3:x-amz-server-side-encryption`"
        );
        assert_eq!(
            words("Null", "aws:ResourceTag/velero.io/backup", &["false"], Effect::Allow),
            "only resources tagged `velero.io/backup`"
        );
        assert_eq!(
            words("StringSortOf", "k", &["v"], Effect::Allow),
            "`k` is compared with `v` by `StringSortOf`, an operator IAM does not know"
        );
    }
}
