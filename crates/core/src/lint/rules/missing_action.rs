use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// A statement has neither `Action` nor `NotAction`.
    MissingAction {
        code: "BR007",
        name: "missing-action",
        severity: Error,
        summary: "A statement has neither `Action` nor `NotAction`.",
        what_it_does: "Reports a statement that names no actions.",
        why_it_matters: "A statement applies to the actions it names; IAM rejects one that names none.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        references: [
            "IAM User Guide: IAM JSON policy elements: Action",
            "IAM Access Analyzer policy check reference: Error – Missing action",
        ],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements() {
        if s.get("Action").is_none() && s.get("NotAction").is_none() {
            out.push(Diagnostic::at_start(
                s.node,
                "the statement has neither `Action` nor `NotAction`",
                "list the actions the statement is about in `Action`",
            ));
        }
    }
}
