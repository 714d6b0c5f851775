use crate::lint::arn::split_action;
use crate::lint::{declare_rule, Context, Diagnostic, PolicyKind};

declare_rule! {
    /// A trust policy action that is not an STS action.
    NonStsActionInTrustPolicy {
        code: "BR411",
        name: "non-sts-action-in-trust-policy",
        severity: Error,
        summary: "A trust policy names an action of a service other than `sts`.",
        what_it_does: "When the document is a role trust policy, reports actions whose service prefix is not `sts`.",
        why_it_matters: "A trust policy only governs assuming the role (`sts:AssumeRole`, `sts:AssumeRoleWithWebIdentity`, `sts:TagSession`, …); IAM rejects other actions there. Permissions such as `s3:GetObject` belong in the role's identity policy.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": ["sts:AssumeRole", "s3:GetObject"]}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#,
        references: ["IAM User Guide: Roles terms and concepts (trust policy)"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.kind != PolicyKind::Trust {
        return;
    }
    for s in cx.statements() {
        for (action, node) in s.actions() {
            let Some((service, _)) = split_action(action) else {
                continue;
            };
            if !service.eq_ignore_ascii_case("sts") {
                out.push(Diagnostic::at(
                    node,
                    format!("`{action}` is not an STS action, so it has no place in a trust policy"),
                    "keep `sts:` actions here and move the permission to the role's identity policy",
                ));
            }
        }
    }
}
