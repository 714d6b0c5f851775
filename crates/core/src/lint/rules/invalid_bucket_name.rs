use crate::lint::arn::Arn;
use crate::lint::policy::arn_strings;
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// A bucket name in an S3 ARN that breaks the naming rules.
    InvalidBucketName {
        code: "BR108",
        name: "invalid-bucket-name",
        severity: Error,
        summary: "The bucket name in an S3 ARN breaks the S3 bucket naming rules.",
        what_it_does: "Checks the bucket part of `arn:<partition>:s3:::<bucket>…`: 3 to 63 characters of lowercase letters, digits, `.` and `-`; starting and ending with a letter or digit; no `..`; not an IPv4 address; none of the reserved prefixes (`xn--`, `sthree-`, `amzn-s3-demo-`) or suffixes (`-s3alias`, `--ol-s3`, `.mrap`, `--x-s3`, `--table-s3`). Names with wildcards or policy variables are only checked for their characters.",
        why_it_matters: "No bucket can have such a name, so the ARN matches nothing; uppercase letters and underscores are the usual cause.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::My_Bucket"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        references: ["Amazon S3 User Guide: General purpose bucket naming rules"],
    }
}

fn problem(bucket: &str) -> Option<&'static str> {
    let wild = bucket.contains(['*', '?']) || bucket.contains("${");
    let plain: String = if wild {
        let mut s = String::new();
        let mut rest = bucket;
        while let Some(start) = rest.find("${") {
            s.push_str(rest.get(..start).unwrap_or_default());
            rest = rest
                .get(start..)
                .and_then(|r| r.find('}').and_then(|e| r.get(e + 1..)))
                .unwrap_or_default();
        }
        s.push_str(rest);
        s.replace(['*', '?'], "")
    } else {
        bucket.to_owned()
    };
    if !plain
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
    {
        return Some("bucket names use only lowercase letters, digits, `.` and `-`");
    }
    if wild {
        return None;
    }
    let len = bucket.len();
    if !(3..=63).contains(&len) {
        return Some("bucket names are 3 to 63 characters long");
    }
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !edge(bucket.chars().next()) || !edge(bucket.chars().last()) {
        return Some("bucket names start and end with a letter or digit");
    }
    if bucket.contains("..") {
        return Some("bucket names have no two adjacent periods");
    }
    if bucket.parse::<std::net::Ipv4Addr>().is_ok() {
        return Some("bucket names are not formatted like IP addresses");
    }
    if ["xn--", "sthree-", "amzn-s3-demo-"]
        .iter()
        .any(|p| bucket.starts_with(p))
    {
        return Some("the bucket name starts with a prefix S3 reserves");
    }
    if ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"]
        .iter()
        .any(|p| bucket.ends_with(p))
    {
        return Some("the bucket name ends with a suffix S3 reserves");
    }
    None
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (text, node) in arn_strings(cx.statements()) {
        let Some(arn) = Arn::parse(text) else { continue };
        if arn.service != "s3" || !arn.region.is_empty() || !arn.account.is_empty() || arn.resource == "*" {
            continue;
        }
        let bucket = arn.resource.split('/').next().unwrap_or_default();
        if let Some(problem) = problem(bucket) {
            out.push(Diagnostic::at(
                node,
                format!("`{bucket}` in `{text}` is not a valid bucket name: {problem}"),
                "use the bucket's exact name; S3 bucket names are lowercase",
            ));
        }
    }
}
