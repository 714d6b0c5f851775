use crate::lint::{declare_rule, Context, Diagnostic, PolicyKind};

declare_rule! {
    /// A trust policy statement has no `Principal`.
    MissingPrincipal {
        code: "BR010",
        name: "missing-principal",
        severity: Error,
        summary: "A trust policy statement has no `Principal`.",
        what_it_does: "Reports a statement of a role trust policy without `Principal`.",
        why_it_matters: "A trust policy says who may assume the role; IAM rejects a statement that names nobody.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#,
        references: [
            "IAM User Guide: IAM JSON policy elements: Principal",
            "IAM Access Analyzer policy check reference: Error – Missing principal",
        ],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.kind != PolicyKind::Trust {
        return;
    }
    for s in cx.statements() {
        if s.get("Principal").is_none() && s.get("NotPrincipal").is_none() {
            out.push(Diagnostic::at_start(
                s.node,
                "the trust policy statement has no `Principal`",
                "name who may assume the role in `Principal` (`AWS`, `Federated` or `Service`)",
            ));
        }
    }
}
