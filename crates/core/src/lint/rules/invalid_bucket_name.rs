use crate::lint::arn::Arn;
use crate::lint::{declare_rule, Context, Diagnostic};
use crate::setup::value::{is_bucket_byte, BucketName, BUCKET_CHARACTERS};

declare_rule! {
    /// A bucket name in an S3 ARN that breaks the naming rules.
    InvalidBucketName {
        code: "BR108",
        name: "invalid-bucket-name",
        severity: Error,
        summary: "The bucket name in an S3 ARN breaks the S3 bucket naming rules.",
        what_it_does: "Checks the bucket part of `arn:<partition>:s3:::<bucket>…`: 3 to 63 characters of lowercase letters, digits, `.` and `-`; starting and ending with a letter or digit; no `..`; not formatted like an IPv4 address (four groups of one to three digits, such as `192.168.5.4` or `999.1.1.1`); none of the reserved prefixes (`xn--`, `sthree-`, `amzn-s3-demo-`) or suffixes (`-s3alias`, `--ol-s3`, `.mrap`, `--x-s3`, `--table-s3`). Names with wildcards or policy variables are only checked for their characters.",
        why_it_matters: "No bucket can have such a name, so the ARN matches nothing; uppercase letters and underscores are the usual cause.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::My_Bucket"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        references: ["Amazon S3 User Guide: General purpose bucket naming rules"],
    }
}

/// What is wrong with the bucket name of an S3 ARN: the rule it breaks, by the setup's own
/// check; a name with wildcards or policy variables only for its characters.
fn problem(bucket: &str) -> Option<String> {
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
    if !plain.bytes().all(is_bucket_byte) {
        return Some(format!("S3 bucket names {BUCKET_CHARACTERS}"));
    }
    if wild {
        return None;
    }
    BucketName::broken_rule(bucket).map(|rule| format!("S3 bucket names {rule}"))
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for &(text, node) in cx.arn_strings() {
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
