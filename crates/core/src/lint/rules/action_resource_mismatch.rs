use crate::lint::arn::Arn;
use crate::lint::rules::ResourceTypes;
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// An action none of whose resource types the statement names.
    ActionResourceMismatch {
        code: "BR104",
        name: "action-resource-mismatch",
        severity: Error,
        summary: "An action acts on none of the statement's resources (`s3:ListBucket` on `bucket/*`, `s3:GetObject` on a bucket ARN).",
        what_it_does: "For every action without wildcards of a service the catalog holds in full, checks that at least one resource of the statement can be of a resource type the action acts on, by matching the ARN against the catalog's ARN patterns. Statements with `Resource: \"*\"`, `NotResource`, or actions that act on no resource type are skipped.",
        why_it_matters: "IAM accepts the pairing but it grants nothing: `s3:ListBucket` is checked against the bucket ARN, never against object ARNs, so the backup tool fails with `AccessDenied` (Parliament calls this RESOURCE_MISMATCH).",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": "arn:aws:s3:::my-bucket/*"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"},
  {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}
]}"#,
        references: [
            "Service Authorization Reference: Actions, resources, and condition keys for Amazon S3",
            "Parliament: RESOURCE_MISMATCH",
        ],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements() {
        let resources = s.resources();
        if resources.is_empty() || resources.iter().any(|(r, _)| !r.starts_with("arn:")) {
            continue;
        }
        // Each resource type is matched against the resources once per statement.
        let mut types = ResourceTypes::new(resources.iter().map(|(r, _)| *r).collect());
        for (action, node) in s.actions() {
            if action.contains(['*', '?']) {
                continue;
            }
            let Some((service, mut matches)) = cx.catalog_actions(action) else {
                continue;
            };
            let Some(known) = matches.next() else { continue };
            if known.resource_types.is_empty() {
                continue;
            }
            if types.first_for(service, known).is_some() {
                continue;
            }
            let types = known
                .resource_types
                .iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let help = hint(service.prefix, known.resource_types, &resources);
            out.push(Diagnostic::at(
                node,
                format!("`{action}` acts on {types} resources, but no resource of this statement is one"),
                help,
            ));
        }
    }
}

/// For S3, the ARN the action needs; otherwise the resource types.
fn hint(service: &str, types: &[&str], resources: &[(&str, &crate::lint::Node)]) -> String {
    let first = resources.first().and_then(|(r, _)| Arn::parse(r));
    if service.eq_ignore_ascii_case("s3") {
        if let Some(arn) = first.filter(|a| a.service == "s3") {
            let bucket = arn.resource.split('/').next().unwrap_or_default();
            if types.contains(&"bucket") && !types.contains(&"object") {
                return format!(
                    "bucket actions need the bucket ARN `arn:{}:s3:::{bucket}`, without `/…`",
                    arn.partition
                );
            }
            if types.contains(&"object") && !types.contains(&"bucket") {
                return format!(
                    "object actions need object ARNs such as `arn:{}:s3:::{bucket}/*`",
                    arn.partition
                );
            }
        }
    }
    "move the action to a statement whose resources are of a type it acts on".to_owned()
}
