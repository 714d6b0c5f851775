//! From [`RawSetup`] to [`Setup`]: the target and authentication are chosen, then every field
//! they need is parsed once into a validated value by the target's own reader, and every
//! problem is reported at once.

use super::{by_id, Generator, Policies, Target, ALL};
use crate::artifact::Artifact;
use crate::field::{Auth, Field};
use crate::setup::error::{InvalidValueError, SetupError, UnsupportedAuthError};
use crate::setup::reader::{ids, Chosen, Reader};
use crate::setup::RawSetup;
use std::fmt;

/// A validated setup: exactly the values one scenario needs, ready to generate.
pub struct Setup {
    target: &'static dyn Target,
    auth: Auth,
    policies: Policies,
    generator: Box<dyn Generator>,
}

impl Setup {
    pub fn target(&self) -> &'static dyn Target {
        self.target
    }

    pub fn auth(&self) -> Auth {
        self.auth
    }

    /// Whether the scripts use the documented policies or their hardened alternatives.
    pub fn policies(&self) -> Policies {
        self.policies
    }
}

impl fmt::Debug for Setup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Setup")
            .field("target", &self.target.id())
            .field("auth", &self.auth)
            .field("policies", &self.policies)
            .field("setup", &self.generator)
            .finish()
    }
}

/// Every artifact for `setup`, in the order the user runs them.
pub fn generate(setup: &Setup) -> Vec<Artifact> {
    setup.generator.generate(setup.policies)
}

/// Validates `raw` for its target and authentication. Fields that do not matter for them
/// are neither checked nor used.
pub fn validate(raw: &RawSetup) -> Result<Setup, Vec<SetupError>> {
    let mut reader = Reader::new(raw);
    let target = reader.required(Field::Target, "to choose what to generate", |v| {
        by_id(v).ok_or_else(|| {
            InvalidValueError::new(
                Field::Target,
                v,
                format!("the target is one of {}", ids(ALL.iter().map(|t| t.id()))),
            )
        })
    });
    let auth = reader.required(Field::Auth, "to choose what to generate", |v| {
        Auth::from_id(v).ok_or_else(|| {
            InvalidValueError::new(
                Field::Auth,
                v,
                format!("the auth method is one of {}", ids(Auth::ALL.iter().map(|a| a.id()))),
            )
        })
    });
    let (Some(target), Some(auth)) = (target, auth) else {
        return Err(reader.into_errors());
    };
    if !target.auths().contains(&auth) {
        let why = target
            .auths_not_offered()
            .iter()
            .find(|(a, _)| *a == auth)
            .map(|(_, why)| (*why).to_owned());
        return Err(vec![SetupError::Unsupported(UnsupportedAuthError {
            target: target.id(),
            target_label: target.label(),
            auth,
            supported: target.auths().to_vec(),
            why,
        })]);
    }
    reader.choose(
        Chosen {
            target: target.id(),
            target_label: target.label(),
            auth,
        },
        Box::new(move |field, raw| target.default_value(auth, field, raw)),
    );
    if let Some(partition) = raw.partition() {
        if let Some(why) = target.unsupported_partition(auth, partition) {
            reader.check::<()>(Err(InvalidValueError::new(Field::Partition, partition.id(), why)));
        }
    }
    let generator = target.read(&mut reader, auth);
    let policies = if target.offers_hardened(auth) {
        reader
            .optional(Field::Hardened, parse_hardened)
            .flatten()
            .unwrap_or_default()
    } else {
        Policies::Documented
    };
    let errors = reader.into_errors();
    match generator {
        Some(generator) if errors.is_empty() => Ok(Setup {
            target,
            auth,
            policies,
            generator,
        }),
        _ => Err(errors),
    }
}

/// The `hardened` key: `true` or `false`, as the link and the setup file write a switch.
fn parse_hardened(value: &str) -> Result<Policies, InvalidValueError> {
    match value {
        "true" => Ok(Policies::Hardened),
        "false" => Ok(Policies::Documented),
        _ => Err(InvalidValueError::new(
            Field::Hardened,
            value,
            "the value is `true` or `false`",
        )),
    }
}
