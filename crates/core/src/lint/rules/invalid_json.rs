use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// The document is not valid JSON.
    InvalidJson {
        code: "BR001",
        name: "invalid-json",
        severity: Error,
        summary: "The document is not valid JSON.",
        what_it_does: "Parses the document as strict JSON (RFC 8259) and reports the first syntax error: comments, trailing commas, single quotes, unquoted keys and truncated documents are all errors.",
        why_it_matters: "IAM rejects a policy that is not JSON with `MalformedPolicyDocument`; editors and the AWS console accept some of these extensions, so the error often shows up only at deploy time.",
        example: r#"{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*",}]
}"#,
        use_instead: r#"{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}]
}"#,
        references: [
            "RFC 8259, The JavaScript Object Notation (JSON) Data Interchange Format",
            "IAM User Guide: IAM JSON policy element reference",
            "IAM Access Analyzer policy check reference: Error – Json syntax error",
            "Parliament: MALFORMED_JSON",
        ],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(e) = cx.syntax_error {
        out.push(Diagnostic {
            range: e.range.clone(),
            pointer: String::new(),
            message: format!("the document is not valid JSON: {}", e.message),
            help: "fix the JSON syntax; IAM policies allow no comments, trailing commas or single quotes".to_owned(),
        });
    }
}
