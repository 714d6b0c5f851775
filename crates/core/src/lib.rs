//! bucketrust's pure logic: the setup model and its validation, the partition table, the
//! backup systems and their generators, the policy linter and the setup checks. It never
//! touches a browser or a terminal, so the page and the CLI produce byte-for-byte the same
//! artifacts.

pub mod arn;
pub mod artifact;
pub mod bundle;
pub mod chart_values;
pub mod crosscheck;
pub mod describe_cluster;
pub mod docs;
pub mod examples;
pub mod explain;
pub mod field;
pub mod generate;
pub mod lint;
pub mod partition;
pub mod policy;
pub mod readback;
pub mod references;
pub mod review;
pub mod setup;
mod shell;
pub mod steps;
pub mod targets;
pub mod text;
pub mod view_keys;
mod yaml;

pub use artifact::{Artifact, ArtifactKind, Language};
pub use field::{Auth, Field};
pub use partition::Partition;
pub use review::{review, Review};
pub use setup::{RawSetup, SetupError};
pub use targets::{generate, validate, Setup, Target};
