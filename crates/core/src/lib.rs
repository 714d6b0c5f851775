//! bucketrust's pure logic: the setup model and its validation, the partition table, and the
//! generators of policies, commands and manifests. It never touches a browser or a terminal,
//! so the page and the CLI produce byte-for-byte the same artifacts.

pub mod arn;
pub mod crosscheck;
pub mod field;
pub mod generate;
pub mod lint;
pub mod partition;
pub mod policy;
pub mod setup;
mod shell;
pub mod text;
mod yaml;

pub use field::{Auth, Field, Target};
pub use generate::{generate, lint_plan, lint_plan_from, Artifact, ArtifactKind, Language};
pub use partition::Partition;
pub use setup::{validate, RawSetup, Setup, SetupError};
