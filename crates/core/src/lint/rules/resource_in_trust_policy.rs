use crate::lint::{declare_rule, Context, Diagnostic, PolicyKind};

declare_rule! {
    /// `Resource` in a trust policy.
    ResourceInTrustPolicy {
        code: "BR401",
        name: "resource-in-trust-policy",
        severity: Error,
        summary: "A trust policy statement has `Resource` or `NotResource`.",
        what_it_does: "When the document is a role trust policy, reports `Resource` and `NotResource`.",
        why_it_matters: "A trust policy's resource is the role it is attached to; IAM rejects a trust policy that names resources (`Has prohibited field Resource`). The permissions belong in a separate identity policy.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#,
        references: ["IAM User Guide: Roles terms and concepts (trust policy)"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.kind != PolicyKind::Trust {
        return;
    }
    for s in cx.statements() {
        for key in ["Resource", "NotResource"] {
            if let Some(m) = s.get(key) {
                out.push(Diagnostic::at_key(
                    m,
                    format!("a trust policy cannot have `{key}`"),
                    format!("remove `{key}`; put the role's permissions in an identity policy"),
                ));
            }
        }
    }
}
