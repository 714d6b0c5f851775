use std::collections::HashSet;

use super::{Diagnostic, SetupRule};
use crate::lint::catalog::like_match;
use crate::lint::{Docs, Severity};
use crate::readback::Facts;

pub(super) const RULE: SetupRule = SetupRule {
    code: "BR702",
    name: "mismatched-bucket",
    severity: Severity::Error,
    docs: Docs {
        summary: "A manifest, chart value, command or console step names a bucket the permission policies do not grant, or the policies grant a bucket nothing uses.",
        what_it_does: "Collects the buckets of the S3 ARNs in the permission policies (`arn:<partition>:s3:::<bucket>` and `…/<key>`), and every other place that names a bucket: manifests (`bucket:` keys, such as an `SGObjectStorage`'s `spec.s3.bucket`), chart values ending in `.bucket`, `aws s3 mb`, and the console steps' bucket fields. Each bucket used must be granted, and each bucket granted must be used.",
        why_it_matters: "A backup tool pointed at one bucket with permissions on another gets `AccessDenied` on its first upload; a policy left on a bucket nothing uses is access no one meant to keep.",
        example: "permission-policy: \"Resource\": [\"arn:aws:s3:::my-stackgres-bucket/*\"]\nsgobjectstorage:   bucket: my-stackgres-backups",
        use_instead: "permission-policy: \"Resource\": [\"arn:aws:s3:::my-stackgres-backups/*\"]\nsgobjectstorage:   bucket: my-stackgres-backups",
        references: &["Amazon S3 User Guide: Policy examples (bucket and object ARNs)"],
    },
    check,
};

/// The longest bucket name S3 accepts: a longer name or pattern is not matched further.
const MAX_BUCKET: usize = 63;

/// How many pattern-to-name comparisons the check makes at most. A setup has a handful of
/// buckets; past this, names that no pattern was compared with count as granted and used, and
/// one finding says the comparison stopped, so that the work stays linear in the artifacts.
const MAX_COMPARISONS: usize = 100_000;

fn check(facts: &Facts, out: &mut Vec<Diagnostic>) -> usize {
    if facts.granted_buckets.is_empty() {
        // Setups whose permissions live elsewhere (Palette's own policies) grant no bucket here.
        return 0;
    }
    // Names are looked up in a set; only patterns are matched, each name against each
    // pattern once, within the budget.
    let literal: HashSet<&str> = facts
        .granted_buckets
        .iter()
        .map(|(g, _)| g.as_str())
        .filter(|g| !g.contains(['*', '?']))
        .collect();
    let patterns: Vec<&str> = facts
        .granted_buckets
        .iter()
        .map(|(g, _)| g.as_str())
        .filter(|g| g.contains(['*', '?']) && g.chars().filter(|c| *c != '*').count() <= MAX_BUCKET)
        .collect();
    let names: HashSet<&str> = facts.bucket_uses.iter().map(|u| u.bucket.as_str()).collect();
    let mut budget = MAX_COMPARISONS;
    let mut cut_short = false;
    let mut granted_names: HashSet<&str> = HashSet::new();
    let mut used_patterns: HashSet<&str> = HashSet::new();
    for name in &names {
        if literal.contains(name) {
            granted_names.insert(name);
        }
        if name.len() > MAX_BUCKET {
            continue;
        }
        for pattern in &patterns {
            if budget == 0 {
                cut_short = true;
                granted_names.insert(name);
                break;
            }
            budget -= 1;
            if like_match(pattern, name) {
                granted_names.insert(name);
                used_patterns.insert(pattern);
            }
        }
    }
    let granted = |bucket: &str| granted_names.contains(bucket);
    let granted_list = facts
        .granted_buckets
        .iter()
        .map(|(g, _)| format!("`{g}`"))
        .collect::<Vec<_>>()
        .join(", ");
    for u in facts.bucket_uses.iter().filter(|u| !granted(&u.bucket)) {
        out.push(Diagnostic {
            artifact: u.artifact,
            message: format!(
                "{} names bucket `{}`, but the permission policies grant only {granted_list}",
                u.source, u.bucket
            ),
            help: "use the same bucket in the policies and wherever the backup tool is pointed at it".to_owned(),
        });
    }
    if cut_short {
        if let Some((_, artifact)) = facts.granted_buckets.first() {
            out.push(Diagnostic {
                artifact,
                message: format!(
                    "the policies grant {} bucket patterns and the artifacts name {} buckets, more than the checks compare",
                    patterns.len(),
                    names.len()
                ),
                help: "grant the bucket the backup tool writes to by its name".to_owned(),
            });
        }
    }
    if !facts.bucket_uses.is_empty() {
        for (bucket, artifact) in &facts.granted_buckets {
            let used = names.contains(bucket.as_str()) || used_patterns.contains(bucket.as_str()) || cut_short;
            if !used {
                out.push(Diagnostic {
                    artifact,
                    message: format!("the policy grants bucket `{bucket}`, which no manifest, command or step uses"),
                    help: "grant the bucket the backup tool writes to, and nothing else".to_owned(),
                });
            }
        }
    }
    facts.bucket_uses.len()
}
