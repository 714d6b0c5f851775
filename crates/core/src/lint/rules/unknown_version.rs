use crate::lint::{declare_rule, Context, Diagnostic};
use crate::policy::{LEGACY_VERSION, VERSION};

declare_rule! {
    /// `Version` is not a policy language version.
    UnknownVersion {
        code: "BR003",
        name: "unknown-version",
        severity: Error,
        summary: "`Version` is neither `2012-10-17` nor `2008-10-17`.",
        what_it_does: "Reports a `Version` string other than the two policy language versions IAM knows.",
        why_it_matters: "`Version` is the policy language version, not the date the policy was written; IAM rejects any other value.",
        example: r#"{"Version": "2024-01-01", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        references: [
            "IAM User Guide: IAM JSON policy elements: Version",
            "IAM Access Analyzer policy check reference: Error – Invalid version",
            "Parliament: INVALID_VERSION",
        ],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(member) = cx.document.as_ref().and_then(|d| d.get("Version")) else {
        return;
    };
    if let Some(version) = member.value.as_str() {
        if version != VERSION && version != LEGACY_VERSION {
            out.push(Diagnostic::at(
                &member.value,
                format!("`{version}` is not a policy language version"),
                "use `\"Version\": \"2012-10-17\"`, the current policy language",
            ));
        }
    }
}
