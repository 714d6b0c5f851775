use crate::lint::{declare_rule, policy_size, Context, Diagnostic};

declare_rule! {
    /// A document over the size quota of its attachment.
    PolicyTooLarge {
        code: "BR501",
        name: "policy-too-large",
        severity: Error,
        summary: "The document is longer than IAM's quota for where it is attached.",
        what_it_does: "Counts the document's characters, whitespace not counted, and compares them with the quota: 2,048 for a trust policy, 6,144 for a managed policy, and for inline policies 2,048 per user, 5,120 per group and 10,240 per role (the inline quotas are for all of an identity's inline policies together). The CLI's `--attachment` says which applies to an identity policy; managed is the default.",
        why_it_matters: "IAM rejects a policy over its quota with `LimitExceeded`; the trust policy's 2,048 characters are reached quickly with several OIDC subjects (a quota increase raises it to 4,096). Give each team a role of its own: a `StringLike` pattern on `sub` would fit too, but it admits service accounts no one listed.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D:sub": ["system:serviceaccount:team-a:backup", "… 40 more service accounts …"]}}}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D:sub": "system:serviceaccount:team-a:backup"}}}]}"#,
        references: ["IAM User Guide: IAM and AWS STS quotas (character limits)"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let (quota, what) = cx.attachment.quota(cx.kind);
    // A document has no more characters than bytes: one within the quota in bytes needs no
    // count (nearly every document).
    if cx.text.len() <= quota {
        return;
    }
    let size = policy_size(cx.text);
    if size > quota {
        out.push(Diagnostic {
            range: 0..0,
            pointer: String::new(),
            message: format!(
                "the document has {size} characters without whitespace, over the {quota} allowed for {what}"
            ),
            help:
                "split it into several policies, merge statements, or use wildcards in action names you fully control"
                    .to_owned(),
        });
    }
}
