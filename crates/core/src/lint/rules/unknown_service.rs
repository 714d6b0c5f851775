use crate::lint::arn::split_action;
use crate::lint::{catalog, declare_rule, Context, Diagnostic};

declare_rule! {
    /// An action of a service IAM does not know.
    UnknownService {
        code: "BR102",
        name: "unknown-service",
        severity: Error,
        summary: "An action names a service prefix IAM does not know.",
        what_it_does: "Looks up the service prefix of every action in the catalog's list of all IAM service prefixes.",
        why_it_matters: "A statement about an unknown service grants nothing; a typo (`s3s:GetObject`) or the service's marketing name (`eks-auth`, `amazons3`) is the usual cause.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "amazons3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}]}"#,
        references: [
            "Service Authorization Reference: Actions, resources, and condition keys for AWS services",
            "IAM Access Analyzer policy check reference: Error – Invalid service",
            "Parliament: UNKNOWN_PREFIX",
        ],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements() {
        let mut actions = s.actions();
        actions.extend(s.not_actions());
        for (action, node) in actions {
            let Some((prefix, _)) = split_action(action) else {
                continue;
            };
            if prefix.contains(['*', '?']) || catalog::is_known_service(prefix) {
                continue;
            }
            out.push(Diagnostic::at(
                node,
                format!("`{prefix}` in `{action}` is not an IAM service prefix"),
                "use the service prefix from the Service Authorization Reference, e.g. `s3`, `ec2`, `kms`",
            ));
        }
    }
}
