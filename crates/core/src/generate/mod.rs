//! The builders several targets share: AWS CLI commands, kubectl commands, trust policies
//! and console steps. Each target's own generator lives in its folder under `targets/`.

pub(crate) mod arn;
pub(crate) mod aws;
pub(crate) mod irsa;
pub(crate) mod kubectl;
pub(crate) mod trust;

pub use kubectl::ROLE_ARN_ANNOTATION;
