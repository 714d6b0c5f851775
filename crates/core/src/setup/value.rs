//! Validated values. Each type can only be built by parsing, so a generator that holds one
//! knows the value obeys AWS's and Kubernetes' rules.

use super::error::{InvalidValueError, Shown};
use crate::arn::Arn;
use crate::field::Field;
use crate::partition::Partition;
use std::fmt;

macro_rules! string_value {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

string_value!(
    /// A 12-digit AWS account ID; leading zeros are legal and kept.
    AccountId
);
string_value!(
    /// An S3 bucket name that follows the general-purpose bucket naming rules.
    BucketName
);
string_value!(
    /// A region name of the setup's partition.
    Region
);
string_value!(
    /// A DNS-1123 label, as Kubernetes requires for namespaces.
    K8sLabel
);
string_value!(
    /// A DNS-1123 subdomain, as Kubernetes requires for service accounts and most objects.
    K8sName
);
string_value!(
    /// An IAM role, user or policy name.
    IamName
);
string_value!(
    /// An EKS cluster name.
    ClusterName
);
string_value!(
    /// An S3 storage class the target documents.
    StorageClass
);
string_value!(
    /// The ARN of a KMS key or alias in the setup's partition.
    KmsKeyArn
);

fn invalid(field: Field, value: &str, rule: impl Into<String>) -> InvalidValueError {
    InvalidValueError::new(field, value, rule)
}

/// The longest ARN IAM takes in a policy or as a parameter (`arnType`: 20 to 2,048 characters,
/// IAM API Reference); a KMS key or policy ARN is far shorter.
pub const ARN_MAX: usize = 2048;

/// The longest region name the setup reads. The longest AWS names today have 14 characters
/// (`ap-southeast-7`, `eusc-de-east-1`); 32 leaves room for regions AWS adds while keeping
/// a paste of something else from being read as one.
pub const REGION_MAX: usize = 32;

/// The longest comma-separated list the setup reads. Each entry of a list becomes a line of a
/// trust policy or a command, and the largest role trust policy IAM allows, with its quota
/// raised, is 8,192 characters: a longer list could not fit it.
pub const LIST_MAX: usize = 8192;

fn too_long(field: Field, value: &str, what: &str, max: usize) -> Option<InvalidValueError> {
    (value.len() > max).then(|| invalid(field, value, format!("{what} has at most {max} characters")))
}

impl AccountId {
    /// Whether `value` is an account ID: exactly 12 digits, leading zeros included.
    pub fn is_valid(value: &str) -> bool {
        value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit())
    }

    pub fn parse(field: Field, value: &str) -> Result<AccountId, InvalidValueError> {
        if AccountId::is_valid(value) {
            Ok(AccountId(value.to_owned()))
        } else {
            Err(invalid(field, value, "an AWS account ID is exactly 12 digits"))
        }
    }
}

impl BucketName {
    /// Checks the general-purpose bucket naming rules of Amazon S3.
    pub fn parse(field: Field, value: &str) -> Result<BucketName, InvalidValueError> {
        match BucketName::broken_rule(value) {
            Some(rule) => Err(invalid(field, value, format!("S3 bucket names {rule}"))),
            None => Ok(BucketName(value.to_owned())),
        }
    }

    /// The first general-purpose naming rule of Amazon S3 that `value` breaks, worded to
    /// follow "S3 bucket names", or `None` when it breaks none. The setup and the linter
    /// both judge bucket names by it, so they never disagree.
    pub fn broken_rule(value: &str) -> Option<String> {
        let rule = |text: &str| Some(text.to_owned());
        if !(3..=63).contains(&value.len()) {
            return rule("are 3 to 63 characters long");
        }
        if !value.bytes().all(is_bucket_byte) {
            return rule(BUCKET_CHARACTERS);
        }
        let alnum = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        if !alnum(value.bytes().next()) || !alnum(value.bytes().last()) {
            return rule("start and end with a letter or digit");
        }
        if value.contains("..") {
            return rule("do not contain two adjacent periods");
        }
        if looks_like_ipv4(value) {
            return rule("are not formatted like an IP address");
        }
        for prefix in ["xn--", "sthree-", "amzn-s3-demo-"] {
            if value.starts_with(prefix) {
                return Some(format!("do not start with the reserved prefix `{prefix}`"));
            }
        }
        for suffix in ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] {
            if value.ends_with(suffix) {
                return Some(format!("do not end with the reserved suffix `{suffix}`"));
            }
        }
        None
    }
}

/// The rule on the characters of a bucket name, worded to follow "S3 bucket names".
pub const BUCKET_CHARACTERS: &str = "use only lowercase letters, digits, `.` and `-`";

/// Whether `b` may appear in a bucket name.
pub fn is_bucket_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-'
}

/// Four dot-separated groups of one to three digits. S3's rule speaks of names formatted
/// like an IP address, so the shape counts, not whether each group is below 256:
/// `999.1.1.1` is refused as well as `192.168.5.4`.
fn looks_like_ipv4(value: &str) -> bool {
    let parts: Vec<&str> = value.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
}

impl Region {
    /// Parses a region and checks that it belongs to `partition`, when one is given.
    pub fn parse(value: &str, partition: Option<Partition>) -> Result<(Region, Partition), InvalidValueError> {
        if let Some(e) = too_long(Field::Region, value, "a region name", REGION_MAX) {
            return Err(e);
        }
        let Some(of_region) = Partition::of_region(value) else {
            return Err(invalid(
                Field::Region,
                value,
                "not a region name of any AWS partition; region names look like `us-west-2`, `cn-north-1` or `us-gov-west-1`",
            ));
        };
        match partition {
            Some(p) if p != of_region => Err(invalid(
                Field::Region,
                value,
                format!(
                    "the region belongs to partition `{of_region}`, not `{p}`; regions of `{p}` look like {}",
                    p.region_shape()
                ),
            )),
            _ => Ok((Region(value.to_owned()), of_region)),
        }
    }
}

/// Whether `value` is a DNS-1123 label: lowercase alphanumerics and `-`, starting and ending
/// with an alphanumeric.
fn is_dns_label(value: &str) -> bool {
    let alnum = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    !value.is_empty()
        && value.len() <= 63
        && value.bytes().all(|b| alnum(&b) || b == b'-')
        && value.as_bytes().first().is_some_and(alnum)
        && value.as_bytes().last().is_some_and(alnum)
}

impl K8sLabel {
    pub fn parse(field: Field, value: &str) -> Result<K8sLabel, InvalidValueError> {
        if is_dns_label(value) {
            Ok(K8sLabel(value.to_owned()))
        } else {
            Err(invalid(
                field,
                value,
                "a Kubernetes namespace is a DNS-1123 label: at most 63 lowercase letters, digits and `-`, starting and ending with a letter or digit",
            ))
        }
    }
}

/// A comma-separated list of distinct values, each read by `item`, in the order given. The
/// list is taken as typed: a space beside a comma or an empty entry is an error, not trimmed.
pub fn parse_list<T: AsRef<str>>(
    field: Field,
    value: &str,
    item: impl Fn(&str) -> Result<T, InvalidValueError>,
) -> Result<Vec<T>, InvalidValueError> {
    if let Some(e) = too_long(field, value, "the list", LIST_MAX) {
        return Err(e);
    }
    let mut out: Vec<T> = Vec::new();
    for entry in value.split(',') {
        if entry.is_empty() {
            return Err(invalid(
                field,
                value,
                "the list has an empty entry: separate the values with single commas",
            ));
        }
        if entry.trim() != entry {
            return Err(invalid(
                field,
                value,
                "separate the values with `,` alone, without spaces",
            ));
        }
        let parsed = item(entry)?;
        if out.iter().any(|seen| seen.as_ref() == entry) {
            return Err(invalid(field, value, format!("{} is listed twice", Shown(entry))));
        }
        out.push(parsed);
    }
    Ok(out)
}

impl K8sName {
    pub fn parse(field: Field, value: &str) -> Result<K8sName, InvalidValueError> {
        if value.len() <= 253 && value.split('.').all(is_dns_label) {
            Ok(K8sName(value.to_owned()))
        } else {
            Err(invalid(
                field,
                value,
                "a Kubernetes object name is a DNS-1123 subdomain: at most 253 characters of lowercase letters, digits, `-` and `.`, each dot-separated part starting and ending with a letter or digit",
            ))
        }
    }
}

impl IamName {
    /// Parses a role or user name (at most 64 characters) or a policy name (at most 128).
    pub fn parse(field: Field, value: &str) -> Result<IamName, InvalidValueError> {
        let (what, max) = if field == Field::PolicyName {
            ("IAM policy names", 128)
        } else if field == Field::UserName {
            ("IAM user names", 64)
        } else {
            ("IAM role names", 64)
        };
        let allowed = |c: char| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c);
        if value.is_empty() || value.len() > max {
            Err(invalid(field, value, format!("{what} are 1 to {max} characters long")))
        } else if value.starts_with('-') {
            // IAM accepts it, but the AWS CLI reads `--role-name -x` as an option, so every
            // command that names the role or user would fail.
            Err(invalid(
                field,
                value,
                format!("{what} starting with `-` are read as options by the AWS CLI; start with a letter or digit"),
            ))
        } else if !value.chars().all(allowed) {
            Err(invalid(
                field,
                value,
                format!("{what} use only letters, digits and `_+=,.@-`"),
            ))
        } else {
            Ok(IamName(value.to_owned()))
        }
    }
}

impl ClusterName {
    /// EKS cluster names: 1 to 100 characters, starting with a letter or digit, then letters,
    /// digits, `-` and `_`.
    pub fn parse(field: Field, value: &str) -> Result<ClusterName, InvalidValueError> {
        let ok = (1..=100).contains(&value.len())
            && value.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
            && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if ok {
            Ok(ClusterName(value.to_owned()))
        } else {
            Err(invalid(
                field,
                value,
                "EKS cluster names are 1 to 100 letters, digits, `-` and `_`, starting with a letter or digit",
            ))
        }
    }
}

impl StorageClass {
    pub fn parse(field: Field, value: &str, allowed: &[&str]) -> Result<StorageClass, InvalidValueError> {
        if allowed.contains(&value) {
            Ok(StorageClass(value.to_owned()))
        } else {
            Err(invalid(
                field,
                value,
                format!(
                    "the storage class is one of {}",
                    allowed.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
                ),
            ))
        }
    }
}

impl KmsKeyArn {
    /// Parses `arn:<partition>:kms:<region>:<account>:key/<id>`. Alias ARNs are refused:
    /// IAM authorises KMS operations against the key ARN, so an alias in `Resource` grants nothing.
    pub fn parse(field: Field, value: &str, partition: Partition) -> Result<KmsKeyArn, InvalidValueError> {
        let shape = format!("a KMS key ARN looks like `arn:{partition}:kms:<region>:<account-id>:key/<key-id>`");
        if let Some(e) = too_long(field, value, "an ARN", ARN_MAX) {
            return Err(e);
        }
        let Some(arn) = Arn::parse(value) else {
            return Err(invalid(field, value, shape));
        };
        let (arn_partition, service, region, account, resource) =
            (arn.partition, arn.service, arn.region, arn.account, arn.resource);
        if service != "kms" {
            return Err(invalid(field, value, shape));
        }
        if arn_partition != partition.id() {
            return Err(invalid(
                field,
                value,
                format!(
                    "the key's partition {} differs from the setup's partition `{partition}`",
                    Shown(arn_partition)
                ),
            ));
        }
        if Partition::of_region(region) != Some(partition) {
            return Err(invalid(
                field,
                value,
                format!("{} is not a region of partition `{partition}`", Shown(region)),
            ));
        }
        if !AccountId::is_valid(account) {
            return Err(invalid(field, value, "the key's account ID is not 12 digits"));
        }
        // Key IDs are UUIDs, or `mrk-` and 32 hex digits for multi-Region keys.
        let id_ok = |id: &str| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        match resource.split_once('/') {
            Some(("key", id)) if id_ok(id) => Ok(KmsKeyArn(value.to_owned())),
            Some(("alias", _)) => Err(invalid(
                field,
                value,
                "use the key ARN (`key/<key-id>`), not an alias: IAM authorises KMS operations on the key ARN",
            )),
            _ => Err(invalid(field, value, shape)),
        }
    }

    /// The region of the key, the fourth part of its ARN.
    pub fn region(&self) -> &str {
        Arn::parse(&self.0).map_or("", |a| a.region)
    }
}

/// An external ID: 2 to 1,224 characters of letters, digits and `_+=,.@:/-`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ExternalId(String);

impl ExternalId {
    pub fn parse(field: Field, value: &str) -> Result<ExternalId, InvalidValueError> {
        let allowed = |c: char| c.is_ascii_alphanumeric() || "_+=,.@:/-".contains(c);
        if !(2..=1224).contains(&value.len()) {
            Err(invalid(field, value, "an external ID is 2 to 1,224 characters long"))
        } else if !value.chars().all(allowed) {
            Err(invalid(
                field,
                value,
                "an external ID uses only letters, digits and `_+=,.@:/-`",
            ))
        } else {
            Ok(ExternalId(value.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The longest OIDC issuer URL IAM registers (`CreateOpenIDConnectProvider`, `Url`: 1 to 255
/// characters, IAM API Reference).
pub const OIDC_ISSUER_MAX: usize = 255;

/// An OIDC issuer, kept as the host and path without `https://`: the form IAM uses in
/// provider ARNs and condition keys.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OidcIssuer {
    host_and_path: String,
}

impl OidcIssuer {
    /// Accepts `https://host/path` or `host/path`. An EKS issuer
    /// (`oidc.eks.<region>.<dns suffix>/id/<32 hex>`) must name a region of the partition
    /// of its DNS suffix, and that partition must be the setup's, when the setup's partition
    /// is known (`None`: its region or partition is invalid, and that error says so).
    pub fn parse(field: Field, value: &str, partition: Option<Partition>) -> Result<OidcIssuer, InvalidValueError> {
        let shape = "an OIDC issuer is an https URL such as `https://oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D`";
        // IAM's CreateOpenIDConnectProvider takes a URL of at most 255 characters.
        if value.len() > OIDC_ISSUER_MAX {
            return Err(invalid(
                field,
                value,
                format!("an OIDC issuer URL has at most {OIDC_ISSUER_MAX} characters, as IAM requires"),
            ));
        }
        if value.starts_with("http://") {
            return Err(invalid(
                field,
                value,
                "the OIDC issuer must use https, which IAM requires",
            ));
        }
        let rest = value.strip_prefix("https://").unwrap_or(value);
        let host = rest.split('/').next().unwrap_or_default();
        let host_ok = !host.is_empty()
            && host.contains('.')
            && host
                .split('.')
                .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        let path_ok = rest.chars().all(|c| c.is_ascii_alphanumeric() || "-._~/".contains(c))
            && !rest.ends_with('/')
            && !rest.contains("//");
        if !host_ok || !path_ok {
            return Err(invalid(field, value, shape));
        }
        if let Some(eks) = host.strip_prefix("oidc.eks.") {
            // The partition the issuer's own DNS suffix and region name, longest suffix first
            // (`amazonaws.com.cn` before `amazonaws.com`).
            let mut partitions = Partition::ALL;
            partitions.sort_by_key(|p| std::cmp::Reverse(p.dns_suffix().len()));
            let own = partitions.into_iter().find(|p| {
                eks.strip_suffix(p.dns_suffix())
                    .and_then(|r| r.strip_suffix('.'))
                    .and_then(Partition::of_region)
                    == Some(*p)
            });
            let expected = partition.or(own).unwrap_or(Partition::Aws);
            if own != Some(expected) {
                return Err(invalid(
                    field,
                    value,
                    format!(
                        "an EKS issuer of partition `{expected}` looks like `https://oidc.eks.<region>.{}/id/<32 hex digits>` with a region of that partition",
                        expected.dns_suffix()
                    ),
                ));
            }
            let id = rest.strip_prefix(host).and_then(|p| p.strip_prefix("/id/"));
            let id_ok = id.is_some_and(|id| {
                id.len() == 32
                    && id
                        .chars()
                        .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase() && c.is_ascii_hexdigit())
            });
            if !id_ok {
                return Err(invalid(
                    field,
                    value,
                    "an EKS issuer ends in `/id/` and 32 upper-case hex digits, as `aws eks describe-cluster` prints it",
                ));
            }
        }
        Ok(OidcIssuer {
            host_and_path: rest.to_owned(),
        })
    }

    /// The issuer without its scheme, as IAM writes it in provider ARNs and condition keys.
    pub fn host_and_path(&self) -> &str {
        &self.host_and_path
    }

    /// The issuer URL.
    pub fn url(&self) -> String {
        format!("https://{}", self.host_and_path)
    }
}

/// The ARN of an IAM managed policy in the setup's partition: a customer managed policy
/// (`arn:<p>:iam::<account>:policy/<path><name>`) or an AWS managed one (account `aws`).
/// Palette takes one as the permission boundary of the roles it creates.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PolicyArn(String);

impl PolicyArn {
    pub fn parse(field: Field, value: &str, partition: Partition) -> Result<PolicyArn, InvalidValueError> {
        let shape = format!("an IAM policy ARN looks like `arn:{partition}:iam::<account-id>:policy/<name>`");
        if let Some(e) = too_long(field, value, "an ARN", ARN_MAX) {
            return Err(e);
        }
        let Some(arn) = Arn::parse(value) else {
            return Err(invalid(field, value, shape));
        };
        let (arn_partition, service, region, account, resource) =
            (arn.partition, arn.service, arn.region, arn.account, arn.resource);
        let Some(path_and_name) = resource.strip_prefix("policy/") else {
            return Err(invalid(field, value, shape));
        };
        if service != "iam" || !region.is_empty() {
            return Err(invalid(field, value, shape));
        }
        if arn_partition != partition.id() {
            return Err(invalid(
                field,
                value,
                format!(
                    "the policy's partition {} differs from the setup's partition `{partition}`",
                    Shown(arn_partition)
                ),
            ));
        }
        if account != "aws" && !AccountId::is_valid(account) {
            return Err(invalid(
                field,
                value,
                "the policy's account is 12 digits, or `aws` for an AWS managed policy",
            ));
        }
        // A path is `/`-separated; the name after the last `/` follows IAM's policy name rules.
        let name = path_and_name.rsplit('/').next().unwrap_or_default();
        let allowed = |c: char| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c);
        let path_ok = path_and_name.chars().all(|c| allowed(c) || c == '/') && !path_and_name.contains("//");
        if name.is_empty() || name.len() > 128 || !name.chars().all(allowed) || !path_ok {
            return Err(invalid(
                field,
                value,
                "the policy name is 1 to 128 letters, digits and `_+=,.@-`, after an optional `/`-separated path",
            ));
        }
        Ok(PolicyArn(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PolicyArn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name of a Palette backup location: one line of printable text, without leading or
/// trailing spaces, because the user types it into a single-line field of Palette's wizard.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LocationName(String);

/// The longest backup location name the setup reads. Palette's documentation names no
/// maximum, so this one is ours: 255 characters keep the name one line in the wizard steps
/// the setup writes, and anything longer is a paste gone wrong, not a name.
pub const LOCATION_NAME_MAX: usize = 255;

impl LocationName {
    pub fn parse(field: Field, value: &str) -> Result<LocationName, InvalidValueError> {
        if let Some(e) = too_long(field, value, "a location name", LOCATION_NAME_MAX) {
            return Err(e);
        }
        if let Some(c) = value.chars().find(|c| crate::text::is_deceptive(*c)) {
            return Err(invalid(
                field,
                value,
                format!(
                    "a location name is plain visible text; U+{:04X}, a line separator, direction control or zero-width character, could make the wizard steps show text the name does not hold",
                    u32::from(c)
                ),
            ));
        }
        if value.chars().any(char::is_control) || value.trim() != value {
            Err(invalid(
                field,
                value,
                "a location name is one line of text without leading or trailing spaces",
            ))
        } else {
            Ok(LocationName(value.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A bucket name is always a valid location name, which makes it the default.
impl From<&BucketName> for LocationName {
    fn from(bucket: &BucketName) -> LocationName {
        LocationName(bucket.as_str().to_owned())
    }
}

impl fmt::Display for LocationName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A CA certificate or bundle: one or more PEM `CERTIFICATE` blocks, each an X.509
/// certificate. Text outside the blocks (such as the `subject=` lines `openssl` writes) is
/// allowed, as RFC 7468 allows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CaCertificate {
    pem: String,
    subjects: Vec<String>,
}

/// The largest CA bundle the setup reads: 256 KiB holds Mozilla's whole root store (about
/// 150 certificates, some 220 KB of PEM), more than any private CA's chain.
pub const CA_CERTIFICATE_MAX: usize = 256 * 1024;

/// How much of a PEM value an error message repeats: enough to recognise what was pasted,
/// never a whole certificate or, worse, a pasted private key.
const PEM_PREFIX_CHARS: usize = 32;

/// The first characters of `text`'s first line, with `…` when anything was cut.
fn short_prefix(text: &str) -> String {
    let text = text.trim_start();
    let first_line = text.lines().next().unwrap_or_default();
    let prefix: String = first_line.chars().take(PEM_PREFIX_CHARS).collect();
    if prefix.len() < text.trim_end().len() {
        format!("{prefix}…")
    } else {
        prefix
    }
}

impl CaCertificate {
    pub fn parse(field: Field, value: &str) -> Result<CaCertificate, InvalidValueError> {
        use base64ct::{Base64, Encoding};
        let text = value.trim();
        if text.len() > CA_CERTIFICATE_MAX {
            return Err(invalid(
                field,
                &short_prefix(text),
                format!("a CA certificate bundle has at most {CA_CERTIFICATE_MAX} characters"),
            ));
        }
        let mut rest = text;
        let mut subjects = Vec::new();
        while let Some(start) = rest.find("-----BEGIN ") {
            let block = rest.get(start..).unwrap_or_default();
            let fail = |rule: String| Err(invalid(field, &short_prefix(block), rule));
            let after_begin = block.get("-----BEGIN ".len()..).unwrap_or_default();
            let Some(label) = after_begin.split_once("-----").map(|(label, _)| label) else {
                return fail("a PEM block starts with a line such as `-----BEGIN CERTIFICATE-----`".to_owned());
            };
            if label != "CERTIFICATE" {
                return fail(format!(
                    "a CA certificate is made of PEM `CERTIFICATE` blocks, and this block is a {}",
                    Shown(label)
                ));
            }
            let end_line = "-----END CERTIFICATE-----";
            let Some(end) = block.find(end_line).map(|i| i + end_line.len()) else {
                return fail(format!("the PEM block has no `{end_line}` line"));
            };
            // The base64 body is decoded whatever its line width: tools wrap PEM at 64 or 76
            // characters, and Palette (Go's `encoding/pem`) accepts both.
            let begin_line = "-----BEGIN CERTIFICATE-----";
            let body: String = block
                .get(begin_line.len()..end - end_line.len())
                .unwrap_or_default()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let Ok(der) = Base64::decode_vec(&body) else {
                return fail("the PEM block is not valid base64 between its BEGIN and END lines".to_owned());
            };
            let Some(subject) = super::x509::certificate_subject(&der) else {
                return fail("the PEM block does not hold an X.509 certificate".to_owned());
            };
            subjects.push(subject);
            rest = block.get(end..).unwrap_or_default();
        }
        if subjects.is_empty() {
            return Err(invalid(
                field,
                &short_prefix(text),
                "a CA certificate is PEM text: one or more blocks from `-----BEGIN CERTIFICATE-----` to `-----END CERTIFICATE-----`",
            ));
        }
        Ok(CaCertificate {
            pem: text.to_owned(),
            subjects,
        })
    }

    /// The PEM text as given, without surrounding blank lines.
    pub fn pem(&self) -> &str {
        &self.pem
    }

    /// The subject of each certificate, in RFC 4514 form, in the order of the bundle.
    pub fn subjects(&self) -> &[String] {
        &self.subjects
    }
}

/// The S3 endpoint URL of a backup location: `http` or `https`, a host name or IPv4 address,
/// an optional port and path, and no user name, query or fragment.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct S3Url(String);

impl S3Url {
    pub fn parse(field: Field, value: &str) -> Result<S3Url, InvalidValueError> {
        // 2,048 characters: a host name has at most 253, and no S3 endpoint's path is long.
        if let Some(e) = too_long(field, value, "an S3 URL", ARN_MAX) {
            return Err(e);
        }
        let Some(rest) = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://")) else {
            return Err(invalid(field, value, "an S3 URL starts with `https://` or `http://`"));
        };
        if rest.contains(['?', '#']) {
            return Err(invalid(
                field,
                value,
                "an S3 URL has no query (`?…`) or fragment (`#…`)",
            ));
        }
        let (authority, path) = match rest.find('/') {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        let (host, port) = match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        let host_ok = host
            .split('.')
            .all(|l| !l.is_empty() && l.len() <= 63 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        let port_ok =
            port.is_none_or(|p| p.parse::<u16>().is_ok_and(|n| n > 0) && p.bytes().all(|b| b.is_ascii_digit()));
        let path_ok = path.chars().all(|c| c.is_ascii_alphanumeric() || "-._~/%".contains(c));
        if host_ok && port_ok && path_ok {
            Ok(S3Url(value.to_owned()))
        } else {
            Err(invalid(
                field,
                value,
                "an S3 URL is `<scheme>://<host>[:<port>][/<path>]` with a DNS name or IPv4 address as host, such as `https://s3.us-west-2.amazonaws.com`",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for S3Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The parts of a KMS key ARN that calls to KMS and the key's policy need. Parsing checked
/// that the ARN has all six fields, the fourth a region and the fifth a 12-digit account.
impl KmsKeyArn {
    pub fn account(&self) -> AccountId {
        AccountId(Arn::parse(&self.0).map_or("", |a| a.account).to_owned())
    }
}
