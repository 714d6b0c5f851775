use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// A statement has both an element and its `Not` form.
    ElementWithItsNegation {
        code: "BR008",
        name: "element-with-its-negation",
        severity: Error,
        summary: "A statement has both `Action` and `NotAction` (or `Resource` and `NotResource`, `Principal` and `NotPrincipal`).",
        what_it_does: "Reports a statement that holds an element together with its negated form.",
        why_it_matters: "The two forms exclude each other; IAM rejects a statement with both.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "NotAction": "s3:DeleteObject", "Resource": "arn:aws:s3:::my-bucket/*"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}]}"#,
        references: ["IAM User Guide: IAM JSON policy elements: NotAction", "IAM User Guide: IAM JSON policy elements: NotResource"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements() {
        for (plain, negated) in [
            ("Action", "NotAction"),
            ("Resource", "NotResource"),
            ("Principal", "NotPrincipal"),
        ] {
            if let (Some(_), Some(member)) = (s.get(plain), s.get(negated)) {
                out.push(Diagnostic::at_key(
                    member,
                    format!("the statement has both `{plain}` and `{negated}`"),
                    format!("keep either `{plain}` or `{negated}`; split the statement if you need both"),
                ));
            }
        }
    }
}
