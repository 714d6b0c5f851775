use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// A `Sid` with characters other than letters and digits.
    InvalidSid {
        code: "BR014",
        name: "invalid-sid",
        severity: Error,
        summary: "A `Sid` holds characters other than ASCII letters and digits.",
        what_it_does: "Reports a `Sid` that is empty or holds spaces, dashes, underscores or other characters.",
        why_it_matters: "IAM accepts only letters and digits in the `Sid` of an identity or trust policy and rejects the document otherwise.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Sid": "read-objects", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Sid": "ReadObjects", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}]}"#,
        references: [
            "IAM User Guide: IAM JSON policy elements: Sid",
            "IAM Access Analyzer policy check reference: Error – Unsupported Sid",
            "Parliament: INVALID_SID",
        ],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements() {
        let Some(member) = s.get("Sid") else { continue };
        let Some(sid) = member.value.as_str() else { continue };
        if sid.is_empty() || !sid.chars().all(|c| c.is_ascii_alphanumeric()) {
            let fixed: String = sid.chars().filter(char::is_ascii_alphanumeric).collect();
            let help = if fixed.is_empty() {
                "use only ASCII letters and digits, or drop the `Sid`".to_owned()
            } else {
                format!("use only ASCII letters and digits, e.g. `{fixed}`")
            };
            out.push(Diagnostic::at(
                &member.value,
                format!("the `Sid` `{sid}` holds characters other than letters and digits"),
                help,
            ));
        }
    }
}
