//! What a trust policy admits, as the setup checks ask it: which service accounts an IRSA
//! trust lets in, whether EKS Pod Identity may assume the role and for which namespace and
//! service account, and whether a role's session may assume it.

use crate::lint::catalog::{glob_match, like_match};
use crate::lint::json::{self, Node};
use crate::lint::{Document, Statement};
use crate::policy::POD_IDENTITY_PRINCIPAL;

/// A trust policy, parsed.
pub struct Trust {
    root: Node,
}

impl Trust {
    pub fn parse(text: &str) -> Option<Trust> {
        json::parse(text).ok().map(|root| Trust { root })
    }

    /// The `oidc-provider` ARNs of the trust's `Federated` principals.
    pub fn oidc_providers(&self) -> Vec<String> {
        Document::new(&self.root)
            .statements
            .iter()
            .flat_map(Statement::principals)
            .filter(|p| p.is_oidc() && p.value.starts_with("arn:"))
            .map(|p| p.value.to_owned())
            .collect()
    }

    fn allows(&self, action: &str) -> Vec<Statement<'_>> {
        Document::new(&self.root)
            .statements
            .into_iter()
            .filter(|s| s.is_allow() && s.allows_action(action))
            .collect()
    }

    /// Whether a web-identity token of `namespace`/`service_account` (either may be unknown)
    /// is admitted. `Err` says what the trust admits instead, as the end of a sentence about it.
    pub fn admits_web_identity(&self, namespace: Option<&str>, service_account: Option<&str>) -> Result<(), String> {
        let statements: Vec<_> = self
            .allows("sts:AssumeRoleWithWebIdentity")
            .into_iter()
            .filter(|s| s.principals().iter().any(|p| p.is_oidc()))
            .collect();
        if statements.is_empty() {
            return Err("has no OIDC provider principal with `sts:AssumeRoleWithWebIdentity`".to_owned());
        }
        let mut subjects = Vec::new();
        for s in &statements {
            let subs: Vec<(bool, String)> = s
                .conditions()
                .iter()
                .filter(|c| c.key().to_ascii_lowercase().ends_with(":sub"))
                .flat_map(|c| {
                    let like = c.operator().ends_with("StringLike");
                    c.values()
                        .into_iter()
                        .filter_map(move |v| v.as_str().map(|v| (like, v.to_owned())))
                })
                .collect();
            // A statement without `sub` admits every account of the issuer; the linter's
            // oidc-trust-without-sub reports that on the trust itself.
            if subs.is_empty() {
                return Ok(());
            }
            for (like, subject) in subs {
                if subject_admits(&subject, like, namespace, service_account) {
                    return Ok(());
                }
                subjects.push(format!("`{subject}`"));
            }
        }
        Err(format!("admits only {}", subjects.join(", ")))
    }

    /// Whether EKS Pod Identity may assume the role for `namespace`/`service_account`: the
    /// service principal with `sts:AssumeRole` and `sts:TagSession`, and any session-tag
    /// conditions on the namespace and service account satisfied.
    pub fn admits_pod_identity(&self, namespace: Option<&str>, service_account: Option<&str>) -> Result<(), String> {
        let statements: Vec<_> = self
            .allows("sts:AssumeRole")
            .into_iter()
            .filter(|s| s.principals().iter().any(|p| p.is_service(POD_IDENTITY_PRINCIPAL)))
            .collect();
        if statements.is_empty() {
            return Err(format!(
                "has no `{POD_IDENTITY_PRINCIPAL}` principal with `sts:AssumeRole`"
            ));
        }
        let mut refused = Vec::new();
        for s in &statements {
            let tag = |tag: &str, value: Option<&str>| -> Result<(), String> {
                let key = format!("aws:requesttag/{tag}");
                for c in s.conditions().iter().filter(|c| c.key().to_ascii_lowercase() == key) {
                    let like = c.operator().ends_with("StringLike");
                    let values: Vec<&str> = c.values().into_iter().filter_map(Node::as_str).collect();
                    if let Some(value) = value {
                        if !values.iter().any(|v| string_matches(v, like, value)) {
                            return Err(format!("`{}` {}", c.key(), quoted(&values)));
                        }
                    }
                }
                Ok(())
            };
            match tag("kubernetes-namespace", namespace).and(tag("kubernetes-service-account", service_account)) {
                Ok(()) => return Ok(()),
                Err(e) => refused.push(e),
            }
        }
        Err(format!("admits only {}", refused.join(", ")))
    }

    /// Whether a session of the role `source` may assume the role: an `AWS` principal that
    /// is `source` itself, or `source`'s account narrowed to it by `aws:PrincipalArn`.
    pub fn admits_role_session(&self, source: &str) -> Result<(), String> {
        // No ARN IAM accepts is longer, and matching one would cost its length per pattern.
        if crate::lint::policy::too_long(source) {
            return Err("admits no role with an ARN that long".to_owned());
        }
        let source_account = crate::arn::Arn::parse(source).map(|a| a.account);
        let mut principals = Vec::new();
        for s in self.allows("sts:AssumeRole") {
            for p in s.principals().into_iter().filter(|p| p.kind == Some("AWS")) {
                let root_of_source = p.is_account()
                    && crate::arn::Arn::parse(p.value).map_or(Some(p.value), |a| Some(a.account)) == source_account;
                if p.value == source {
                    return Ok(());
                }
                if root_of_source {
                    let narrowed: Vec<&str> = s
                        .conditions()
                        .iter()
                        .filter(|c| c.key().eq_ignore_ascii_case("aws:PrincipalArn"))
                        .flat_map(|c| c.values().into_iter().filter_map(Node::as_str))
                        .collect();
                    if narrowed.is_empty() || narrowed.iter().any(|v| glob_match(v, source)) {
                        return Ok(());
                    }
                }
                principals.push(format!("`{}`", p.value));
            }
        }
        if principals.is_empty() {
            Err("has no `AWS` principal with `sts:AssumeRole`".to_owned())
        } else {
            Err(format!("admits only {}", principals.join(", ")))
        }
    }
}

fn quoted(values: &[&str]) -> String {
    values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
}

fn string_matches(pattern: &str, like: bool, value: &str) -> bool {
    if like {
        like_match(pattern, value)
    } else {
        pattern == value
    }
}

/// Whether the `sub` condition value admits the service account.
fn subject_admits(subject: &str, like: bool, namespace: Option<&str>, service_account: Option<&str>) -> bool {
    // Kubernetes names are at most 253 characters: a longer one is no service account.
    if namespace.into_iter().chain(service_account).any(|n| n.len() > 253) {
        return false;
    }
    let mut parts = subject.splitn(4, ':');
    let (Some("system"), Some("serviceaccount"), Some(ns), Some(sa)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    namespace.is_none_or(|n| string_matches(ns, like, n)) && service_account.is_none_or(|a| string_matches(sa, like, a))
}
