use crate::lint::arn::{is_broad, Arn};
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// `iam:PassRole` on every role.
    PassRoleOnWildcard {
        code: "BR205",
        name: "pass-role-on-wildcard",
        severity: SecurityWarning,
        summary: "`iam:PassRole` is allowed on every role.",
        what_it_does: "Reports `Allow` statements that grant `iam:PassRole` (directly or through a wildcard such as `iam:*`) on `*` or on a pattern of every role (`arn:…:iam::<account>:role/*`, `arn:…:iam::*:role/*`, `arn:…:iam::*:*`), unless an `iam:PassedToService` condition that narrows (an equality, or a pattern without wildcards) limits the services the roles may be passed to (IAM Access Analyzer's remedy for the same finding).",
        why_it_matters: "Passing a role to a service lets that service act with the role's permissions: `iam:PassRole` on `*` lets the holder hand any role, administrators' included, to an EC2 instance or a Lambda function it controls.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/my-workload-role", "Condition": {"StringEquals": {"iam:PassedToService": "pods.eks.amazonaws.com"}}}]}"#,
        references: [
            "IAM User Guide: Granting a user permissions to pass a role to an AWS service",
            "IAM Access Analyzer policy check reference: PASS_ROLE_WITH_STAR_IN_RESOURCE",
        ],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements().iter().filter(|s| s.is_allow()) {
        if !s.allows_action("iam:PassRole") {
            continue;
        }
        if s.narrowed_by(&["iam:PassedToService"]) {
            continue;
        }
        for (resource, node) in s.resources() {
            let every_role = resource == "*"
                || is_broad(resource, true)
                    && Arn::parse(resource).is_some_and(|a| {
                        a.service.eq_ignore_ascii_case("iam")
                            && (!a.resource.contains('/') || a.resource.starts_with("role/"))
                    });
            if every_role {
                out.push(Diagnostic::at(
                    node,
                    format!("`iam:PassRole` is allowed on `{resource}`, every role"),
                    "name the roles that may be passed, or limit the services they go to with `iam:PassedToService`",
                ));
            }
        }
    }
}
