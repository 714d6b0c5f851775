use crate::lint::arn::{is_partition, Arn};
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// An ARN that does not have the six parts of an ARN, or an unknown partition.
    MalformedArn {
        code: "BR105",
        name: "malformed-arn",
        severity: Error,
        summary: "A resource or principal ARN is malformed or names an unknown partition.",
        what_it_does: "Checks every string starting with `arn:` in `Resource`, `NotResource`, principals and ARN conditions: it must have six colon-separated parts (`arn:partition:service:region:account:resource`), a known partition, a service and a resource. A `Resource` that is neither `*` nor an ARN is reported too.",
        why_it_matters: "IAM rejects malformed resource ARNs, and a principal ARN with a typo makes the trust fail. A hard-coded or misspelt partition is the most common bug in generated policies.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:my-bucket"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}"#,
        references: [
            "IAM User Guide: IAM identifiers (ARNs)",
            "AWS General Reference: Amazon Resource Names",
            "Parliament: INVALID_ARN",
        ],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let statements = cx.statements();
    for s in statements {
        let mut resources = s.resources();
        resources.extend(s.not_resources());
        for (r, node) in resources {
            if r != "*" && !r.starts_with("arn:") && !r.starts_with("${") {
                out.push(Diagnostic::at(
                    node,
                    format!("`{r}` is neither `*` nor an ARN"),
                    "write the resource's full ARN, e.g. `arn:aws:s3:::my-bucket`",
                ));
            }
        }
    }
    for &(text, node) in cx.arn_strings() {
        let problem = match Arn::parse(text) {
            None => Some("it does not have the six parts `arn:partition:service:region:account:resource`".to_owned()),
            Some(arn) if !is_partition(arn.partition) => Some(format!("`{}` is not a partition", arn.partition)),
            Some(arn) if arn.service.is_empty() => Some("the service is empty".to_owned()),
            Some(arn) if arn.resource.is_empty() => Some("the resource part is empty".to_owned()),
            Some(_) => None,
        };
        if let Some(problem) = problem {
            out.push(Diagnostic::at(
                node,
                format!("`{text}` is not a valid ARN: {problem}"),
                "write `arn:<partition>:<service>:<region>:<account>:<resource>`, with partition `aws`, `aws-cn`, `aws-us-gov` or another AWS partition",
            ));
        }
    }
}
