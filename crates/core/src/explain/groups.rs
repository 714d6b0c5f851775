//! The linter's findings grouped as IAM Access Analyzer's policy validation groups them in
//! the console: Security, Errors, Warnings, Suggestions, each with its count.
//!
//! The mapping is one to one, because the linter's severities are Access Analyzer's finding
//! types (docs/rules.md, "Severities"):
//!
//! | severity           | group       | Access Analyzer's finding type |
//! |--------------------|-------------|--------------------------------|
//! | `security-warning` | Security    | `SECURITY_WARNING`             |
//! | `error`            | Errors      | `ERROR`                        |
//! | `warning`          | Warnings    | `WARNING`                      |
//! | `suggestion`       | Suggestions | `SUGGESTION`                   |
//!
//! A rule's family (BR0 grammar, BR1 actions and ARNs, BR2 over-broad grants, BR3
//! conditions, BR4 trusts, BR5 quotas, BR6 secrets) does not move it: BR601, a secret key in
//! a policy, is a security warning and so under Security, as BR201 is.

use crate::lint::{Finding, Severity};
use serde::Serialize;

/// A group of the console's findings panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GroupKind {
    Security,
    Errors,
    Warnings,
    Suggestions,
}

impl GroupKind {
    /// Every group, in the console's order.
    pub const ALL: [GroupKind; 4] = [
        GroupKind::Security,
        GroupKind::Errors,
        GroupKind::Warnings,
        GroupKind::Suggestions,
    ];

    /// The group of a severity.
    pub fn of(severity: Severity) -> GroupKind {
        match severity {
            Severity::SecurityWarning => GroupKind::Security,
            Severity::Error => GroupKind::Errors,
            Severity::Warning => GroupKind::Warnings,
            Severity::Suggestion => GroupKind::Suggestions,
        }
    }

    /// The console's heading.
    pub fn label(self) -> &'static str {
        match self {
            GroupKind::Security => "Security",
            GroupKind::Errors => "Errors",
            GroupKind::Warnings => "Warnings",
            GroupKind::Suggestions => "Suggestions",
        }
    }
}

/// One group with its findings, in the order the linter reported them (document order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FindingGroup<'a> {
    pub kind: GroupKind,
    pub label: &'static str,
    pub count: usize,
    #[serde(skip)]
    pub findings: Vec<&'a Finding>,
}

/// The four groups, always all four and in the console's order (an empty group has count
/// 0, so the panel's tabs stay in place), each holding its findings in document order.
pub fn group(findings: &[Finding]) -> Vec<FindingGroup<'_>> {
    GroupKind::ALL
        .into_iter()
        .map(|kind| {
            let mine: Vec<&Finding> = findings.iter().filter(|f| GroupKind::of(f.severity) == kind).collect();
            FindingGroup {
                kind,
                label: kind.label(),
                count: mine.len(),
                findings: mine,
            }
        })
        .collect()
}
