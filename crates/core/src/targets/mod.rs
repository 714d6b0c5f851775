//! The backup systems: one folder per target, each implementing [`Target`], and the registry
//! that lists them, as `lint/rules/mod.rs` lists the rules. Nothing outside a target's folder
//! names a target: the form, the CLI, validation and the setup checks all ask the registry.
//!
//! A folder holds the target's own fields (`fields`), its validated setup and how it is read
//! (`setup.rs`), its generator (`generate.rs`), and what the setup checks must know about it
//! (the service accounts its charts and operators name, the objects that turn its backups on).

pub mod cloudnative_pg;
pub mod palette_backup_location;
pub mod palette_cloud_account;
pub mod stackgres;
pub mod upbound_spaces;
mod validate;
pub mod velero;

pub use validate::{generate, validate, Setup};

pub use crate::artifact::Policies;

use crate::artifact::Artifact;
use crate::field::{Auth, Field};
use crate::partition::Partition;
use crate::readback::{BackupsOn, Facts, Interface};
use crate::setup::error::SetupError;
use crate::setup::reader::Reader;
use crate::setup::RawSetup;
use std::fmt::Debug;

/// A backup system the page and the CLI generate a setup for.
pub trait Target: Sync {
    /// The value of the `target` key.
    fn id(&self) -> &'static str;

    /// What the form's target picker shows.
    fn label(&self) -> &'static str;
    /// The vendor's page for setting up its backups, and what it is called in a sentence; the
    /// page links it beside the target's picker.
    fn docs(&self) -> (&'static str, &'static str);

    /// The authentication methods the vendor documents, in the order the form offers them.
    fn auths(&self) -> &'static [Auth];

    /// Authentication methods the vendor does not document, each with the reason the form
    /// gives for not offering it.
    fn auths_not_offered(&self) -> &'static [(Auth, &'static str)] {
        &[]
    }

    /// Why the target cannot run in `partition` with `auth`, when it cannot.
    fn unsupported_partition(&self, _auth: Auth, _partition: Partition) -> Option<&'static str> {
        None
    }

    /// The fields declared in the target's folder, which no other target shares.
    fn own_fields(&self) -> &'static [Field];

    /// The fields that matter for `auth`, in form order. Fields outside this list are kept
    /// but neither validated nor used.
    fn fields(&self, auth: Auth) -> &'static [Field];

    /// The value a field takes when the setup leaves it empty, where the vendor's
    /// documentation (or the system itself) gives one. Some defaults derive from other
    /// fields, so the rest of the setup is passed in.
    fn default_value(&self, auth: Auth, field: Field, raw: &RawSetup) -> Option<String>;

    /// Reads the setup's fields into the target's validated setup; the reader collects
    /// every problem. `None` when a field is missing or invalid.
    fn read(&self, reader: &mut Reader<'_>, auth: Auth) -> Option<Box<dyn Generator>>;

    /// What the setup checks must know to read the target's artifacts back.
    fn interface(&self) -> &'static Interface {
        &Interface::NONE
    }

    /// The objects in `facts` that turn this target's backups on, and what is wrong with
    /// them. Called for every target on every setup's facts, so a target only counts the
    /// objects of its own kinds.
    fn backups_on(&self, _facts: &Facts) -> BackupsOn {
        BackupsOn::default()
    }

    /// The findings of the linter that the vendor's documented policies warrant; every other
    /// finding of warning or worse on a generated policy is a bug (a test checks it).
    fn warranted_findings(&self) -> &'static [Warranted] {
        &[]
    }

    /// What [`Target::backups_on`] looks for, in a sentence for the rules page; `None` for a
    /// target turned on by its wizard's console steps.
    fn backups_on_docs(&self) -> Option<&'static str> {
        None
    }

    /// Whether the artifacts for `auth` offer a hardened alternative of a policy, which the
    /// `hardened` key makes the scripts use. A hardened alternative exists to remedy a
    /// finding the vendor's policy warrants, so the warranted findings say it (a test checks
    /// that the artifacts have an alternative exactly when this is true).
    fn offers_hardened(&self, auth: Auth) -> bool {
        self.warranted_findings()
            .iter()
            .any(|w| matches!(w.remedy, Remedy::Hardened) && w.auth.is_none_or(|a| a == auth))
    }
}

/// A finding of the linter that the vendor's own policy warrants, with the reason and what
/// the setup offers instead.
#[derive(Debug)]
pub struct Warranted {
    /// The auth method whose artifacts have it, or every method.
    pub auth: Option<Auth>,
    /// The artifact id.
    pub artifact: &'static str,
    /// The lint rule's name.
    pub rule: &'static str,
    /// Why the vendor's policy has it.
    pub why: &'static str,
    pub remedy: Remedy,
}

/// How the user gets rid of a warranted finding.
#[derive(Clone, Copy, Debug)]
pub enum Remedy {
    /// A hardened alternative beside the artifact (its `replaces` names the artifact), which
    /// the `hardened` key puts in the artifact's place in the scripts.
    Hardened,
    /// A setup field the vendor's form leaves out, here with a value that narrows it.
    Field(Field, &'static str),
}

/// A validated setup of one target, which writes its artifacts.
pub trait Generator: Debug + Send + Sync {
    /// Every artifact, in the order the user runs them, with `policies` in the scripts.
    /// A target without a hardened alternative has one set of artifacts for both.
    fn generate(&self, policies: Policies) -> Vec<Artifact>;
}

/// The value of the first row of `defaults` for `auth` (or for every auth) and `field`.
pub(crate) fn literal_default(defaults: &[(Option<Auth>, Field, &str)], auth: Auth, field: Field) -> Option<String> {
    defaults
        .iter()
        .find(|(a, f, _)| a.is_none_or(|a| a == auth) && *f == field)
        .map(|(_, _, value)| (*value).to_owned())
}

/// Every target, in the order the page offers them.
pub static ALL: &[&dyn Target] = &[
    &stackgres::StackGres,
    &palette_backup_location::PaletteBackupLocation,
    &palette_cloud_account::PaletteCloudAccount,
    &upbound_spaces::UpboundSpaces,
    &velero::Velero,
    &cloudnative_pg::CloudNativePg,
];

/// Reads `artifacts` back with what every target's interface says.
pub fn read_back(artifacts: &[Artifact]) -> Facts {
    let interfaces: Vec<&'static Interface> = ALL.iter().map(|t| t.interface()).collect();
    Facts::read(artifacts, &interfaces)
}

/// The target whose id is `id`.
pub fn by_id(id: &str) -> Option<&'static dyn Target> {
    ALL.iter().copied().find(|t| t.id() == id)
}

/// Every field: the shared ones, then each target's own, in the order of the form and of the
/// URL fragment.
pub fn all_fields() -> Vec<Field> {
    let mut fields = Field::SHARED.to_vec();
    for target in ALL {
        for field in target.own_fields() {
            if !fields.contains(field) {
                fields.push(*field);
            }
        }
    }
    fields
}

/// The field whose key is `key`, compared exactly (keys are case-sensitive).
pub fn field_by_key(key: &str) -> Option<Field> {
    all_fields().into_iter().find(|f| f.key() == key)
}

/// The values a [`Control::Choice`](crate::field::Control::Choice) field is chosen from, as
/// (value, label) pairs; `None` for free-text fields. The auth methods are those the chosen
/// target's vendor documents, and all of them while the target is unknown, so a choice is
/// never lost.
pub fn choices(field: Field, target: Option<&'static dyn Target>) -> Option<Vec<(&'static str, &'static str)>> {
    if field == Field::Target {
        Some(ALL.iter().map(|t| (t.id(), t.label())).collect())
    } else if field == Field::Auth {
        let auths: &[Auth] = match target {
            Some(target) => target.auths(),
            None => &Auth::ALL,
        };
        Some(auths.iter().map(|a| (a.id(), a.label())).collect())
    } else if field == Field::Partition {
        Some(Partition::ALL.iter().map(|p| (p.id(), p.label())).collect())
    } else if field.control() == crate::field::Control::Choice {
        Some(field.fixed_choices().to_vec())
    } else {
        None
    }
}

/// What the registry knows of a raw setup: its keys, its target and the fields that matter.
impl RawSetup {
    /// Reads a setup file: a JSON object whose keys are field keys and whose values are
    /// strings. Every unknown key and every non-string value is reported, not just the first.
    pub fn from_json(text: &str) -> Result<RawSetup, Vec<SetupError>> {
        RawSetup::from_json_with(text, &all_fields())
    }

    /// Reads a URL fragment such as `target=stackgres&auth=irsa&bucket=b` (with or without
    /// the leading `#`). Unknown keys are returned as errors beside the setup of the known
    /// ones, so a link with a typo still opens the page with everything else in place.
    pub fn from_fragment(fragment: &str) -> (RawSetup, Vec<SetupError>) {
        RawSetup::from_fragment_with(fragment, &all_fields())
    }

    /// The setup file for this setup: a pretty-printed JSON object in form order.
    pub fn to_json(&self) -> String {
        self.to_json_in(&all_fields())
    }

    /// The URL fragment for this setup, without the leading `#`, in form order.
    pub fn to_fragment(&self) -> String {
        self.to_fragment_in(&all_fields())
    }

    /// The target, when the setup names a known one.
    pub fn target(&self) -> Option<&'static dyn Target> {
        self.get(Field::Target).and_then(by_id)
    }

    /// The fields that matter for the chosen target and authentication, including the
    /// pickers themselves; just the pickers while either is unknown.
    pub fn relevant_fields(&self) -> Vec<Field> {
        let mut fields = vec![Field::Target, Field::Auth];
        if let (Some(target), Some(auth)) = (self.target(), self.auth()) {
            if target.auths().contains(&auth) {
                fields.extend_from_slice(target.fields(auth));
                // Only a target with a hardened alternative reads the switch; elsewhere it
                // is kept and reported as ignored, like any field the scenario has no use for.
                if target.offers_hardened(auth) {
                    fields.push(Field::Hardened);
                }
            }
        }
        fields
    }

    /// Fields that have a value but do not matter for the chosen target and authentication.
    /// They are kept (switching back restores them) and reported, never used.
    pub fn ignored_fields(&self) -> Vec<Field> {
        let relevant = self.relevant_fields();
        self.iter().map(|(f, _)| f).filter(|f| !relevant.contains(f)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_across_targets() {
        let mut keys: Vec<&str> = Field::SHARED.iter().map(|f| f.key()).collect();
        for target in ALL {
            for field in target.own_fields() {
                assert!(
                    !keys.contains(&field.key()),
                    "{} declares `{}`, which another target or the shared fields declare too",
                    target.id(),
                    field.key()
                );
                keys.push(field.key());
            }
        }
    }

    #[test]
    fn every_field_a_target_uses_is_shared_or_its_own() {
        for target in ALL {
            for auth in target.auths() {
                for field in target.fields(*auth) {
                    assert!(
                        Field::SHARED.contains(field) || target.own_fields().contains(field),
                        "{} uses `{field}`, which it neither declares nor shares",
                        target.id()
                    );
                }
            }
        }
    }

    #[test]
    fn target_ids_are_unique() {
        for (i, a) in ALL.iter().enumerate() {
            assert!(ALL[i + 1..].iter().all(|b| b.id() != a.id()), "{}", a.id());
        }
    }
}
