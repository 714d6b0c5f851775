use crate::lint::{declare_rule, Context, Diagnostic, PolicyKind};
use crate::policy::POD_IDENTITY_PRINCIPAL;

declare_rule! {
    /// `sts:TagSession` for a principal other than EKS Pod Identity.
    TagSessionOutsidePodIdentity {
        code: "BR409",
        name: "tag-session-outside-pod-identity",
        severity: Warning,
        summary: "A trust policy grants `sts:TagSession` to a principal other than `pods.eks.amazonaws.com`.",
        what_it_does: "Reports `sts:TagSession` (or a wildcard covering it) in `Allow` statements of a trust policy whose principals do not include the service `pods.eks.amazonaws.com`, unless a condition narrows the statement to the tags that may be set (`aws:TagKeys`, `aws:RequestTag/…`) or to one principal (`aws:PrincipalArn`), as EKS Pod Identity's cross-account target roles do.",
        why_it_matters: "Session tags feed `aws:PrincipalTag` conditions: a principal allowed to tag its own session can choose the tags that attribute-based access control trusts. Only grant it where the caller must pass tags, such as EKS Pod Identity or its cross-account target roles, and narrow it with a condition.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/backup"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/backup"}, "Action": "sts:AssumeRole"}]}"#,
        references: ["IAM User Guide: Passing session tags in AWS STS", "Amazon EKS User Guide: EKS Pod Identity session tags"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.kind != PolicyKind::Trust {
        return;
    }
    for s in cx.statements().iter().filter(|s| s.is_allow()) {
        let principals = s.principals();
        if principals.is_empty() || principals.iter().any(|p| p.is_service(POD_IDENTITY_PRINCIPAL)) {
            continue;
        }
        if s.conditions().iter().any(|c| narrows_tagging(c.key())) {
            continue;
        }
        for (action, node) in s.actions() {
            if action != "*" && crate::lint::catalog::glob_match(action, "sts:TagSession") {
                out.push(Diagnostic::at(
                    node,
                    format!("`{action}` lets `{}` set its own session tags", principals.first().map_or("", |p| p.value)),
                    "remove `sts:TagSession` unless the caller must pass session tags; then narrow it with a condition on `aws:TagKeys` or `aws:PrincipalArn`",
                ));
            }
        }
    }
}

/// Whether a condition on `key` limits the session tags a caller may set, or who may set them.
fn narrows_tagging(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key == "aws:tagkeys" || key.starts_with("aws:requesttag/") || key == "aws:principalarn"
}
