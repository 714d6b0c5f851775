use crate::lint::arn::Arn;
use crate::lint::{declare_rule, Context, Diagnostic};
use crate::setup::value::AccountId;

declare_rule! {
    /// An account ID that is not 12 digits.
    InvalidAccountId {
        code: "BR106",
        name: "invalid-account-id",
        severity: Error,
        summary: "An account ID in an ARN or principal is not exactly 12 digits.",
        what_it_does: "Checks the account part of every ARN (when it is not empty, a wildcard, a policy variable or `aws` for AWS managed resources) and every bare account ID in `Principal.AWS`.",
        why_it_matters: "Account IDs are exactly 12 digits, leading zeros included; a number that lost its leading zero, or an alias, matches no account, so the statement grants nothing or IAM rejects the principal.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::12345678901:root"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "a1b2c3"}}}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::012345678901:root"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "a1b2c3"}}}]}"#,
        references: ["AWS Account Management Reference Guide: Viewing AWS account identifiers"],
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let statements = cx.statements();
    let mut report = |node: &crate::lint::Node, account: &str| {
        out.push(Diagnostic::at(
            node,
            format!("`{account}` is not an account ID: account IDs are exactly 12 digits"),
            "use the 12-digit account ID, leading zeros included",
        ));
    };
    for &(text, node) in cx.arn_strings() {
        let Some(arn) = Arn::parse(text) else { continue };
        let account = arn.account;
        if account.is_empty() || account == "aws" || account.contains(['*', '?']) || account.starts_with("${") {
            continue;
        }
        if !AccountId::is_valid(account) {
            report(node, account);
        }
    }
    for s in statements {
        for p in s.principals() {
            if p.kind == Some("AWS") && !p.value.starts_with("arn:") && p.value != "*" && !AccountId::is_valid(p.value)
            {
                report(p.node, p.value);
            }
        }
    }
}
