use crate::lint::{declare_rule, Context, Diagnostic, PolicyKind};

declare_rule! {
    /// An identity policy with `Principal`.
    PrincipalInIdentityPolicy {
        code: "BR017",
        name: "principal-in-identity-policy",
        severity: Error,
        summary: "An identity policy statement has `Principal` or `NotPrincipal`.",
        what_it_does: "When the document is linted as an identity (permission) policy, reports `Principal` and `NotPrincipal`.",
        why_it_matters: "An identity policy applies to whoever it is attached to; IAM rejects a principal in it. The document is probably a trust or resource policy.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        references: [
            "IAM User Guide: Identity-based policies and resource-based policies",
            "IAM Access Analyzer policy check reference: Error – Unsupported principal",
        ],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.kind != PolicyKind::Identity {
        return;
    }
    for s in cx.statements() {
        for key in ["Principal", "NotPrincipal"] {
            if let Some(m) = s.get(key) {
                out.push(Diagnostic::at_key(
                    m,
                    format!("an identity policy cannot name a principal in `{key}`"),
                    "remove it, or lint the document as a trust policy with `--kind trust`",
                ));
            }
        }
    }
}
