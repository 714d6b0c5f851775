//! Artifacts: what the generators write and the user copies, with the kind that decides how
//! the page shows each one and which checks apply.

use crate::lint::PolicyKind;
use crate::steps::ConsoleSteps;
use serde::Serialize;

/// What an artifact is, which decides how the page shows it and which checks apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArtifactKind {
    PermissionPolicy,
    TrustPolicy,
    AwsCli,
    Eksctl,
    Kubectl,
    Helm,
    KubernetesManifest,
    ConsoleSteps,
}

impl ArtifactKind {
    pub const ALL: [ArtifactKind; 8] = [
        ArtifactKind::PermissionPolicy,
        ArtifactKind::TrustPolicy,
        ArtifactKind::AwsCli,
        ArtifactKind::Eksctl,
        ArtifactKind::Kubectl,
        ArtifactKind::Helm,
        ArtifactKind::KubernetesManifest,
        ArtifactKind::ConsoleSteps,
    ];

    /// The kind whose [`id`](ArtifactKind::id) is `id`.
    pub fn from_id(id: &str) -> Option<ArtifactKind> {
        ArtifactKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The language of an artifact of this kind: policies are JSON, commands bash, manifests
    /// YAML and console steps plain text.
    pub fn language(self) -> Language {
        match self {
            ArtifactKind::PermissionPolicy | ArtifactKind::TrustPolicy => Language::Json,
            ArtifactKind::AwsCli | ArtifactKind::Eksctl | ArtifactKind::Kubectl | ArtifactKind::Helm => Language::Bash,
            ArtifactKind::KubernetesManifest => Language::Yaml,
            ArtifactKind::ConsoleSteps => Language::Text,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            ArtifactKind::PermissionPolicy => "permission-policy",
            ArtifactKind::TrustPolicy => "trust-policy",
            ArtifactKind::AwsCli => "aws-cli",
            ArtifactKind::Eksctl => "eksctl",
            ArtifactKind::Kubectl => "kubectl",
            ArtifactKind::Helm => "helm",
            ArtifactKind::KubernetesManifest => "kubernetes-manifest",
            ArtifactKind::ConsoleSteps => "console-steps",
        }
    }

    /// The kind of policy the linter checks an artifact of this kind as, or `None` for
    /// scripts, manifests and steps, which are not policies.
    pub fn policy_kind(self) -> Option<PolicyKind> {
        match self {
            ArtifactKind::PermissionPolicy => Some(PolicyKind::Identity),
            ArtifactKind::TrustPolicy => Some(PolicyKind::Trust),
            ArtifactKind::AwsCli
            | ArtifactKind::Eksctl
            | ArtifactKind::Kubectl
            | ArtifactKind::Helm
            | ArtifactKind::KubernetesManifest
            | ArtifactKind::ConsoleSteps => None,
        }
    }
}

/// The language of an artifact's content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Json,
    Bash,
    Yaml,
    Text,
}

impl Language {
    pub fn id(self) -> &'static str {
        match self {
            Language::Json => "json",
            Language::Bash => "bash",
            Language::Yaml => "yaml",
            Language::Text => "text",
        }
    }
}

// Both serialize as their ids, so the JSON output and the page's attributes always agree.
impl Serialize for ArtifactKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl Serialize for Language {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

/// One generated document or script. `content` is exactly what the user copies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Artifact {
    pub id: &'static str,
    pub title: &'static str,
    pub kind: ArtifactKind,
    pub language: Language,
    pub content: String,
    /// For an alternative (the hardened policy beside the vendor's, or with the `hardened`
    /// switch the vendor's beside the hardened one), the id of the artifact the scripts use,
    /// which it may replace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaces: Option<&'static str>,
    /// For console steps, the structure `content` was rendered from, which the setup checks
    /// read; `None` for other kinds and for steps read back from a file.
    #[serde(skip)]
    pub steps: Option<ConsoleSteps>,
}

impl Artifact {
    /// An artifact whose language follows from its kind.
    pub(crate) fn new(id: &'static str, title: &'static str, kind: ArtifactKind, content: String) -> Artifact {
        Artifact {
            id,
            title,
            kind,
            language: kind.language(),
            content,
            replaces: None,
            steps: None,
        }
    }

    /// Console steps, rendered from `steps`.
    pub(crate) fn console_steps(id: &'static str, title: &'static str, steps: ConsoleSteps) -> Artifact {
        Artifact {
            steps: Some(steps.clone()),
            ..Artifact::new(id, title, ArtifactKind::ConsoleSteps, steps.render())
        }
    }

    /// The same artifact, marked as an alternative to the artifact `vendor`.
    pub(crate) fn replacing(self, vendor: &'static str) -> Artifact {
        Artifact {
            replaces: Some(vendor),
            ..self
        }
    }
}

/// Which of a policy and its hardened alternative the scripts, manifests and console steps
/// use: the setup's `hardened` key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Policies {
    /// The vendor's documented policy; the hardened one is offered as its alternative.
    #[default]
    Documented,
    /// The hardened policy; the vendor's is offered as its alternative.
    Hardened,
}

/// A vendor's policy and its hardened alternative. Each keeps its id whichever the scripts
/// use, so an id always names the same document (the warranted findings and an embed's
/// `show` name ids); the one the scripts use comes first, with its title as a policy, and
/// the other follows as its alternative (`replaces`), so the page can diff them and the
/// user can still switch by hand.
pub(crate) struct PolicyPair {
    /// The vendor's policy, titled as the policy the scripts use.
    pub documented: Artifact,
    /// The hardened policy, titled as the alternative ("Hardened alternative: …").
    pub hardened: Artifact,
    /// The hardened policy's title when the scripts use it.
    pub hardened_title: &'static str,
    /// The vendor's policy's title as the alternative.
    pub documented_title: &'static str,
}

impl PolicyPair {
    /// The document the scripts pass to IAM: the chosen artifact's content without the
    /// final line break the artifact ends with.
    pub(crate) fn in_scripts(&self, policies: Policies) -> String {
        let chosen = match policies {
            Policies::Documented => &self.documented,
            Policies::Hardened => &self.hardened,
        };
        chosen.content.strip_suffix('\n').unwrap_or(&chosen.content).to_owned()
    }

    /// Both artifacts, the one the scripts use first.
    pub(crate) fn arrange(self, policies: Policies) -> [Artifact; 2] {
        match policies {
            Policies::Documented => {
                let vendor = self.documented.id;
                [self.documented, self.hardened.replacing(vendor)]
            }
            Policies::Hardened => {
                let hardened = Artifact {
                    title: self.hardened_title,
                    ..self.hardened
                };
                let documented = Artifact {
                    title: self.documented_title,
                    ..self.documented
                }
                .replacing(hardened.id);
                [hardened, documented]
            }
        }
    }
}
