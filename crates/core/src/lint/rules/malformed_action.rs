use crate::lint::arn::split_action;
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// An action that is not `service:Action`.
    MalformedAction {
        code: "BR101",
        name: "malformed-action",
        severity: Error,
        summary: "An action is not of the form `service:Action` (or `*`).",
        what_it_does: "Reports entries of `Action` and `NotAction` that are not `*` and not a service prefix, a colon and an action name made of letters, digits and the wildcards `*` and `?`.",
        why_it_matters: "IAM rejects malformed actions; spaces, a missing prefix or an ARN in `Action` are common slips.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}]}"#,
        references: ["IAM User Guide: IAM JSON policy elements: Action"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements() {
        let mut actions = s.actions();
        actions.extend(s.not_actions());
        for (action, node) in actions {
            if action != "*" && split_action(action).is_none() {
                out.push(Diagnostic::at(
                    node,
                    format!("`{action}` is not an action of the form `service:Action`"),
                    "write the service prefix, a colon and the action name, e.g. `s3:GetObject`",
                ));
            }
        }
    }
}
