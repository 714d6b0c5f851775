//! Policies explained, as the AWS console explains them: a summary of each statement in
//! words (service, access levels, resources, conditions), the linter's findings grouped as
//! Access Analyzer groups them, and the line diff of a policy and its alternative. Plain
//! data the page renders; nothing here knows a target.

pub mod conditions;
pub mod diff;
pub mod groups;
pub mod summary;

pub use diff::{alternatives, diff, DiffLine, Hunk, LineChange, PolicyDiff};
pub use groups::{group, FindingGroup, GroupKind};
pub use summary::{
    allowed_access_levels, overview, summarize, AccessLevel, PolicySummary, ServiceOverview, StatementSummary,
    SummaryError,
};
