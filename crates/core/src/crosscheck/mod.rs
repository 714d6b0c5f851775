//! Setup checks: the artifacts of one setup checked against each other. The linter reads one
//! policy at a time; these checks read them all, with the scripts and manifests, and report
//! what only shows across artifacts: a trust that admits another service account than the one
//! the role is given to, a bucket the manifests use but the policies do not grant, a role ARN
//! that names no role the scripts create, inline policies that together exceed their quota,
//! any script or manifest too broken to read, and a setup in which nothing turns the backups
//! on.
//!
//! - `crate::readback` reads the artifacts' text back into facts (roles, documents,
//!   bindings, buckets, objects);
//! - one file per check, each with a code, a name for the bad pattern and its docs;
//! - [`check`] runs them all and says how many things each compared, so a setup in which a
//!   check found nothing to compare is visible as such rather than as a silent pass.

mod backups_not_enabled;
mod mismatched_bucket;
mod policies_over_quota;
mod role_arn_not_created;
mod service_account_not_in_trust;
mod trust;
mod unreadable_artifact;

use crate::artifact::Artifact;
use crate::lint::{Docs, Severity};
use crate::readback::Facts;

/// One setup check.
pub struct SetupRule {
    /// Stable code, `BR7` and two digits.
    pub code: &'static str,
    /// Kebab-case name of the bad pattern.
    pub name: &'static str,
    pub severity: Severity,
    /// The docs; `example` and `use_instead` are excerpts of artifacts, not policies.
    pub docs: Docs,
    /// Adds a diagnostic per mismatch and returns how many things it compared.
    pub check: fn(&Facts, &mut Vec<Diagnostic>) -> usize,
}

/// What a check reports; [`check`] adds the rule's code, name and severity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The artifact the mismatch is in (the one to fix).
    pub artifact: &'static str,
    pub message: String,
    pub help: String,
}

/// A mismatch between artifacts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupFinding {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub artifact: &'static str,
    /// One lowercase line; values in backticks.
    pub message: String,
    pub help: String,
}

/// What one check did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckSummary {
    pub code: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
    /// How many bindings, buckets or documents it compared.
    pub compared: usize,
}

/// Every check's summary and every finding, in rule order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub checks: Vec<CheckSummary>,
    pub findings: Vec<SetupFinding>,
}

/// Every setup check, in code order.
pub fn rules() -> &'static [SetupRule] {
    RULES
}

static RULES: &[SetupRule] = &[
    service_account_not_in_trust::RULE,
    mismatched_bucket::RULE,
    role_arn_not_created::RULE,
    policies_over_quota::RULE,
    unreadable_artifact::RULE,
    backups_not_enabled::RULE,
];

/// Checks the artifacts of one setup against each other.
pub fn check(artifacts: &[Artifact]) -> Report {
    check_facts(&crate::targets::read_back(artifacts))
}

/// The setup checks of facts already read, for callers that also need them for the lint
/// plan (see [`crate::review`]).
pub fn check_facts(facts: &Facts) -> Report {
    let mut report = Report::default();
    for rule in RULES {
        let mut out = Vec::new();
        let compared = (rule.check)(facts, &mut out);
        report.checks.push(CheckSummary {
            code: rule.code,
            name: rule.name,
            summary: rule.docs.summary,
            compared,
        });
        report.findings.extend(out.into_iter().map(|d| SetupFinding {
            code: rule.code,
            name: rule.name,
            severity: rule.severity,
            artifact: d.artifact,
            message: d.message,
            help: d.help,
        }));
    }
    report
}

impl Report {
    /// The report as the CLI prints it: a line per finding with its help, then one line that
    /// says what every check compared.
    pub fn render_text(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        for f in &self.findings {
            let _ = writeln!(out, "{}[{}]: in `{}`: {}", f.severity, f.code, f.artifact, f.message);
            let _ = writeln!(out, "  = help: {}", f.help);
        }
        let checks: Vec<String> = self
            .checks
            .iter()
            .map(|c| format!("{} {} compared {}", c.code, c.name, c.compared))
            .collect();
        let _ = writeln!(
            out,
            "setup checks: {} finding(s); backups {}; {}",
            self.findings.len(),
            if self.backups_on() { "on" } else { "NOT on" },
            checks.join(", ")
        );
        out
    }

    /// Whether the setup turns its backups on: the backups-on check found what does, and
    /// nothing it refers to is missing.
    pub fn backups_on(&self) -> bool {
        let code = backups_not_enabled::RULE.code;
        self.checks.iter().any(|c| c.code == code && c.compared > 0) && !self.findings.iter().any(|f| f.code == code)
    }

    /// Whether any finding makes the setup fail.
    pub fn fails(&self) -> bool {
        self.findings.iter().any(|f| f.severity.fails())
    }
}
