use crate::lint::arn::Arn;
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// A principal value that is not of its type's form.
    MalformedPrincipal {
        code: "BR412",
        name: "malformed-principal",
        severity: Error,
        summary: "A principal is not of the form its type requires.",
        what_it_does: "Checks each principal: an `AWS` ARN names an IAM or STS identity (`root`, `role/…`, `user/…`, `assumed-role/…`, `federated-user/…`) and holds no wildcard (`arn:aws:iam::*:root` is refused: `*` alone is the only wildcard principal; IAM Access Analyzer: UNSUPPORTED_WILDCARD_IN_PRINCIPAL); a `Federated` principal is an `oidc-provider` or `saml-provider` ARN or a web identity provider's domain; a `Service` principal is a service's DNS name such as `pods.eks.amazonaws.com`.",
        why_it_matters: "IAM rejects a trust policy with an invalid principal (`Invalid principal in policy`); an OIDC provider under `AWS`, or a service principal given as an ARN, are common slips.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "arn:aws:iam::111122223333:role/eks"}, "Action": "sts:AssumeRole"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]}"#,
        references: [
            "IAM User Guide: AWS JSON policy elements: Principal",
            "IAM Access Analyzer policy check reference: Error – Unsupported wildcard in principal",
        ],
    }
}

const IDENTITIES: &[&str] = &["root", "role/", "user/", "assumed-role/", "federated-user/"];

fn problem(kind: &str, value: &str) -> Option<&'static str> {
    match kind {
        "AWS" => {
            let arn = Arn::parse(value)?;
            if value.contains(['*', '?']) {
                return Some("IAM accepts no wildcard in a principal ARN: `*` alone means everyone, so name the account (`arn:<partition>:iam::<account>:root`) or the role");
            }
            let ok = (arn.service == "iam" || arn.service == "sts")
                && IDENTITIES
                    .iter()
                    .any(|i| arn.resource == *i || (i.ends_with('/') && arn.resource.starts_with(i)));
            (!ok).then_some("an `AWS` principal is an account, user or role: `arn:<partition>:iam::<account>:root`, `…:role/<name>` or `…:user/<name>`")
        }
        "Federated" => {
            let ok = match Arn::parse(value) {
                Some(arn) => {
                    arn.service == "iam"
                        && (arn.resource.starts_with("oidc-provider/") || arn.resource.starts_with("saml-provider/"))
                }
                None => value.contains('.') && !value.contains("://") && !value.contains(' '),
            };
            (!ok).then_some("a `Federated` principal is an `oidc-provider` or `saml-provider` ARN, or a provider domain such as `accounts.google.com`")
        }
        "Service" => {
            let ok = value != "*"
                && value.contains('.')
                && value
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-');
            (!ok).then_some("a `Service` principal is a service's DNS name such as `pods.eks.amazonaws.com`")
        }
        _ => None,
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements() {
        for key in ["Principal", "NotPrincipal"] {
            for p in s.principals_of(key) {
                let Some(kind) = p.kind else { continue };
                if p.value == "*" && kind == "AWS" {
                    continue;
                }
                if let Some(problem) = problem(kind, p.value) {
                    out.push(Diagnostic::at(
                        p.node,
                        format!("`{}` is not a valid `{kind}` principal", p.value),
                        problem,
                    ));
                }
            }
        }
    }
}
