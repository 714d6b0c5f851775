use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// `Effect` is neither `Allow` nor `Deny`.
    InvalidEffect {
        code: "BR006",
        name: "invalid-effect",
        severity: Error,
        summary: "`Effect` is neither `Allow` nor `Deny`.",
        what_it_does: "Reports an `Effect` string other than `Allow` or `Deny`; the comparison is case-sensitive.",
        why_it_matters: "IAM accepts only `Allow` and `Deny`, spelled exactly so, and rejects the policy otherwise.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        references: [
            "IAM User Guide: IAM JSON policy elements: Effect",
            "IAM Access Analyzer policy check reference: Error – Invalid effect",
        ],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements() {
        let Some(member) = s.get("Effect") else { continue };
        let Some(effect) = member.value.as_str() else { continue };
        if effect != "Allow" && effect != "Deny" {
            let help = if effect.eq_ignore_ascii_case("allow") {
                "write `Allow`, with a capital `A`".to_owned()
            } else if effect.eq_ignore_ascii_case("deny") {
                "write `Deny`, with a capital `D`".to_owned()
            } else {
                "use `Allow` or `Deny`".to_owned()
            };
            out.push(Diagnostic::at(
                &member.value,
                format!("`{effect}` is not an effect"),
                help,
            ));
        }
    }
}
