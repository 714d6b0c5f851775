use crate::lint::{declare_rule, Context, Diagnostic, PolicyKind};

declare_rule! {
    /// `NotPrincipal` in a trust policy.
    NotPrincipalInTrustPolicy {
        code: "BR402",
        name: "not-principal-in-trust-policy",
        severity: Error,
        summary: "A trust policy statement has `NotPrincipal`.",
        what_it_does: "When the document is a role trust policy, reports `NotPrincipal`.",
        why_it_matters: "IAM does not support `NotPrincipal` in trust policies; with `Allow` it would trust everyone but the listed principals.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/backup"}, "Action": "sts:AssumeRole"}]}"#,
        references: [
            "IAM User Guide: AWS JSON policy elements: NotPrincipal",
            "Parliament: NOTPRINCIPAL_WITH_ALLOW",
        ],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.kind != PolicyKind::Trust {
        return;
    }
    for s in cx.statements() {
        if let Some(m) = s.get("NotPrincipal") {
            out.push(Diagnostic::at_key(
                m,
                "a trust policy cannot use `NotPrincipal`",
                "name the principals that may assume the role in `Principal`",
            ));
        }
    }
}
