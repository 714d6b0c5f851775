use crate::lint::catalog::glob_match;
use crate::lint::{declare_rule, Context, Diagnostic};

declare_rule! {
    /// Actions that change who may access a bucket or its objects.
    BucketPolicyOrAclWrite {
        code: "BR209",
        name: "bucket-policy-or-acl-write",
        severity: SecurityWarning,
        summary: "An `Allow` statement grants writing a bucket policy, an ACL or the public access block, on any bucket.",
        what_it_does: "Reports the S3 actions (or patterns such as `s3:PutBucket*`) that change who may access a bucket or its objects: `s3:PutBucketPolicy`, `s3:DeleteBucketPolicy`, `s3:PutBucketAcl`, `s3:PutObjectAcl`, `s3:PutObjectVersionAcl`, `s3:PutBucketOwnershipControls`, `s3:PutBucketPublicAccessBlock` and `s3:PutAccountPublicAccessBlock`, in `Allow` statements, whatever the resource: on the backup bucket itself they are as dangerous. Parliament reports these as PERMISSIONS_MANAGEMENT_ACTIONS, and RESOURCE_POLICY_PRIVILEGE_ESCALATION when deletes are denied.",
        why_it_matters: "Whoever may write the bucket policy or an ACL may open the bucket to every account or to anonymous users, or grant themselves what their own policy denies (deleting the backups, say); lifting the public access block removes the guard against both. A backup tool reads and writes objects and never needs these.",
        example: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:PutObject", "s3:PutBucketPolicy"], "Resource": ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"]}]}"#,
        use_instead: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::my-bucket/*"}]}"#,
        references: [
            "Parliament: PERMISSIONS_MANAGEMENT_ACTIONS, RESOURCE_POLICY_PRIVILEGE_ESCALATION",
            "Amazon S3 User Guide: Blocking public access to your Amazon S3 storage",
        ],
    }
}

/// The S3 actions that change who may access a bucket or its objects.
const ACCESS_WRITES: &[&str] = &[
    "s3:PutBucketPolicy",
    "s3:DeleteBucketPolicy",
    "s3:PutBucketAcl",
    "s3:PutObjectAcl",
    "s3:PutObjectVersionAcl",
    "s3:PutBucketOwnershipControls",
    "s3:PutBucketPublicAccessBlock",
    "s3:PutAccountPublicAccessBlock",
];

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for s in cx.statements().iter().filter(|s| s.is_allow()) {
        for (action, node) in s.actions() {
            // `*` and `s3:*` grant these too; the service-wide wildcard rule reports them.
            if action == "*" || action.split_once(':').is_some_and(|(_, name)| name == "*") {
                continue;
            }
            let Some(granted) = ACCESS_WRITES.iter().find(|w| glob_match(action, w)) else {
                continue;
            };
            let through = if action.eq_ignore_ascii_case(granted) {
                String::new()
            } else {
                format!(" (through `{granted}`)")
            };
            out.push(Diagnostic::at(
                node,
                format!("`{action}`{through} lets the holder change who may access the bucket"),
                "remove it: a backup tool reads and writes objects, and the bucket's owner sets its policy and ACLs",
            ));
        }
    }
}
