//! The worked examples of `examples/`, built in: the page's "Start from an example" picker
//! fills the form with one, so a first visit shows real output in one click. A test checks
//! that the list is the folder's.

use crate::setup::RawSetup;

/// One file of `examples/`.
#[derive(Debug)]
pub struct Example {
    /// The file's name without `.json`.
    pub name: &'static str,
    pub json: &'static str,
}

pub static ALL: &[Example] = &[
    Example {
        name: "cloudnative-pg-irsa",
        json: include_str!("../../../examples/cloudnative-pg-irsa.json"),
    },
    Example {
        name: "cloudnative-pg-static-keys",
        json: include_str!("../../../examples/cloudnative-pg-static-keys.json"),
    },
    Example {
        name: "palette-backup-location-multi-account",
        json: include_str!("../../../examples/palette-backup-location-multi-account.json"),
    },
    Example {
        name: "palette-backup-location-single-account",
        json: include_str!("../../../examples/palette-backup-location-single-account.json"),
    },
    Example {
        name: "palette-cloud-account-pod-identity",
        json: include_str!("../../../examples/palette-cloud-account-pod-identity.json"),
    },
    Example {
        name: "palette-cloud-account-pod-identity-cross-account",
        json: include_str!("../../../examples/palette-cloud-account-pod-identity-cross-account.json"),
    },
    Example {
        name: "palette-cloud-account-static-keys",
        json: include_str!("../../../examples/palette-cloud-account-static-keys.json"),
    },
    Example {
        name: "palette-cloud-account-sts",
        json: include_str!("../../../examples/palette-cloud-account-sts.json"),
    },
    Example {
        name: "stackgres-irsa",
        json: include_str!("../../../examples/stackgres-irsa.json"),
    },
    Example {
        name: "stackgres-irsa-govcloud",
        json: include_str!("../../../examples/stackgres-irsa-govcloud.json"),
    },
    Example {
        name: "stackgres-static-keys",
        json: include_str!("../../../examples/stackgres-static-keys.json"),
    },
    Example {
        name: "upbound-spaces-irsa",
        json: include_str!("../../../examples/upbound-spaces-irsa.json"),
    },
    Example {
        name: "upbound-spaces-pod-identity",
        json: include_str!("../../../examples/upbound-spaces-pod-identity.json"),
    },
    Example {
        name: "velero-irsa",
        json: include_str!("../../../examples/velero-irsa.json"),
    },
    Example {
        name: "velero-pod-identity",
        json: include_str!("../../../examples/velero-pod-identity.json"),
    },
    Example {
        name: "velero-static-keys",
        json: include_str!("../../../examples/velero-static-keys.json"),
    },
];

impl Example {
    /// The example's setup.
    pub fn setup(&self) -> RawSetup {
        RawSetup::from_json(self.json).unwrap_or_default()
    }

    /// What the picker calls the example: the backup system and the authentication, then
    /// what sets it apart from the others with the same two (`StackGres (Postgres backups)
    /// with IAM roles for service accounts (IRSA), govcloud`).
    pub fn label(&self) -> String {
        let raw = self.setup();
        let (Some(target), Some(auth)) = (raw.target(), raw.auth()) else {
            return self.name.to_owned();
        };
        let rest = self
            .name
            .strip_prefix(target.id())
            .unwrap_or(self.name)
            .trim_start_matches('-');
        let rest = rest.strip_prefix(auth.id()).unwrap_or(rest).trim_start_matches('-');
        let base = format!("{} with {}", target.label(), auth.label());
        if rest.is_empty() {
            base
        } else {
            format!("{base}, {}", rest.replace('-', " "))
        }
    }
}

/// The example whose file is `name`.json.
pub fn by_name(name: &str) -> Option<&'static Example> {
    ALL.iter().find(|e| e.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::Field;
    use crate::targets;

    #[test]
    fn the_built_in_examples_are_the_folder_s_and_each_is_a_valid_setup() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().to_str()?.strip_suffix(".json").map(str::to_owned))
            .collect();
        names.sort();
        let built_in: Vec<&str> = ALL.iter().map(|e| e.name).collect();
        assert_eq!(built_in, names);
        for example in ALL {
            assert!(crate::validate(&example.setup()).is_ok(), "{}", example.name);
            assert!(targets::by_id(example.setup().get(Field::Target).unwrap_or_default()).is_some());
        }
    }

    #[test]
    fn labels_tell_the_examples_apart() {
        let mut labels: Vec<String> = ALL.iter().map(Example::label).collect();
        assert_eq!(
            by_name("stackgres-irsa-govcloud").map(Example::label).as_deref(),
            Some("StackGres (Postgres backups) with IAM roles for service accounts (IRSA), govcloud")
        );
        labels.sort();
        labels.dedup();
        assert_eq!(labels.len(), ALL.len(), "{labels:?}");
    }
}
