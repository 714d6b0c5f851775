//! The review of one setup's artifacts: every policy linted as what it is (the lint plan) and
//! the setup checks across all of them. The page, the CLI's `generate` and `check`, and the
//! tests all call [`review`], so they judge the same artifacts the same way.

use crate::artifact::Artifact;
use crate::crosscheck::{self, Report};
use crate::lint::{lint_with, Attachment, Finding, Options};
use crate::readback::{Facts, Placement};

/// What the review found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Review {
    /// The linter's findings for every policy artifact, by artifact id, in artifact order.
    /// Scripts and manifests have no entry; a clean policy has an empty list.
    pub findings: Vec<(&'static str, Vec<Finding>)>,
    /// The setup checks of the artifacts against each other.
    pub setup_checks: Report,
}

impl Review {
    /// The findings of the artifact `id`, or `None` when it is not a policy.
    pub fn findings_for(&self, id: &str) -> Option<&[Finding]> {
        self.findings.iter().find(|(a, _)| *a == id).map(|(_, f)| f.as_slice())
    }
}

/// Lints every policy of `artifacts` by the plan and runs the setup checks, reading the
/// artifacts back once for both.
pub fn review(artifacts: &[Artifact]) -> Review {
    review_reusing(artifacts, &mut LintCache::default())
}

/// The findings of the last review, by document and lint options: a review after a field
/// change lints only the policies whose text (or plan) changed, which is what keeps a
/// keystroke on the page cheap when it touches one policy of many. It keeps only what the
/// last review used, so it never grows past one setup's policies.
#[derive(Debug, Default)]
pub struct LintCache {
    entries: Vec<CachedLint>,
    /// How many policies the last review linted (rather than took from the cache).
    pub linted: usize,
}

#[derive(Debug)]
struct CachedLint {
    text: String,
    kind: Option<crate::lint::PolicyKind>,
    attachment: Option<Attachment>,
    findings: Vec<Finding>,
}

/// [`review`], taking the findings of unchanged policies from `cache` and leaving this
/// review's in it.
pub fn review_reusing(artifacts: &[Artifact], cache: &mut LintCache) -> Review {
    let facts = crate::targets::read_back(artifacts);
    let mut kept = Vec::new();
    let mut linted = 0;
    let findings = lint_plan(&facts, artifacts)
        .into_iter()
        .filter_map(|(id, options)| {
            let artifact = artifacts.iter().find(|a| a.id == id)?;
            let same = |c: &CachedLint| {
                c.kind == options.kind && c.attachment == options.attachment && c.text == artifact.content
            };
            let findings = match cache.entries.iter().position(same) {
                Some(at) => cache.entries.swap_remove(at).findings,
                None => {
                    linted += 1;
                    lint_with(&artifact.content, &options)
                }
            };
            kept.push(CachedLint {
                text: artifact.content.clone(),
                kind: options.kind,
                attachment: options.attachment,
                findings: findings.clone(),
            });
            Some((id, findings))
        })
        .collect();
    cache.entries = kept;
    cache.linted = linted;
    Review {
        findings,
        setup_checks: crosscheck::check_facts(&facts),
    }
}

/// How the linter checks each policy artifact of one setup, in artifact order. The kind is
/// never detected: the generator knows what it wrote. The attachment, which sets the size
/// quota, is read from the scripts: a document they pass to `put-user-policy` is a user's
/// inline policy (2,048 characters), to `put-role-policy` a role's (10,240), anything else
/// managed (6,144). A hardened alternative replaces its vendor's policy (its `replaces`) in
/// the same step, so it is checked as that policy is.
pub fn lint_plan(facts: &Facts, artifacts: &[Artifact]) -> Vec<(&'static str, Options)> {
    let attachment_of = |artifact: &Artifact| {
        let text = artifact.content.trim();
        facts
            .documents
            .iter()
            .find(|d| d.text.trim() == text)
            .map_or(Attachment::Managed, |d| match d.placement {
                Placement::InlineUser { .. } => Attachment::InlineUser,
                Placement::InlineRole { .. } => Attachment::InlineRole,
                Placement::Managed { .. } | Placement::Trust { .. } => Attachment::Managed,
            })
    };
    artifacts
        .iter()
        .filter_map(|artifact| {
            let kind = artifact.kind.policy_kind()?;
            let vendor = artifact
                .replaces
                .and_then(|id| artifacts.iter().find(|a| a.id == id))
                .unwrap_or(artifact);
            let options = Options {
                kind: Some(kind),
                attachment: Some(attachment_of(vendor)),
            };
            Some((artifact.id, options))
        })
        .collect()
}
