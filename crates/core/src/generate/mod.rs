//! Generators: from a validated [`Setup`] to the artifacts a user copies.

mod aws;
mod kubectl;
pub use kubectl::ROLE_ARN_ANNOTATION;
mod palette_backup_location;
mod palette_cloud_account;
mod stackgres;
mod trust;
mod upbound_spaces;

use crate::crosscheck::facts::Placement;
use crate::lint::{Attachment, Options, PolicyKind};
use crate::setup::Setup;
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
}

impl Artifact {
    /// An artifact whose language follows from its kind.
    fn new(id: &'static str, title: &'static str, kind: ArtifactKind, content: String) -> Artifact {
        Artifact {
            id,
            title,
            kind,
            language: kind.language(),
            content,
        }
    }
}

/// How the linter checks each policy artifact of one setup, in artifact order. The kind is
/// never detected: the generator knows what it wrote. The attachment, which sets the size
/// quota, is read from the scripts: a document they pass to `put-user-policy` is a user's
/// inline policy (2,048 characters), to `put-role-policy` a role's (10,240), anything else
/// managed (6,144). A hardened alternative (`<id>-hardened`) replaces its vendor's policy
/// in the same step, so it is checked as that policy is.
pub fn lint_plan(artifacts: &[Artifact]) -> Vec<(&'static str, Options)> {
    lint_plan_from(&crate::crosscheck::Facts::read(artifacts), artifacts)
}

/// The lint plan from the facts of `artifacts`, read once with the setup checks.
pub fn lint_plan_from(facts: &crate::crosscheck::Facts, artifacts: &[Artifact]) -> Vec<(&'static str, Options)> {
    let attachment_of = |artifact: &Artifact| {
        let text = artifact.content.trim();
        facts
            .documents
            .iter()
            .find(|d| d.text.trim() == text)
            .map_or(Attachment::Managed, |d| match d.placement {
                Placement::InlineUser { .. } => Attachment::InlineUser,
                Placement::InlineRole { .. } => Attachment::InlineRole,
                Placement::Managed { .. } | Placement::Trust { .. } => Attachment::Managed,
            })
    };
    artifacts
        .iter()
        .filter_map(|artifact| {
            let kind = artifact.kind.policy_kind()?;
            let vendor = artifact
                .id
                .strip_suffix("-hardened")
                .and_then(|id| artifacts.iter().find(|a| a.id == id))
                .unwrap_or(artifact);
            let options = Options {
                kind: Some(kind),
                attachment: Some(attachment_of(vendor)),
            };
            Some((artifact.id, options))
        })
        .collect()
}

/// Every artifact for `setup`, in the order the user runs them.
pub fn generate(setup: &Setup) -> Vec<Artifact> {
    match setup {
        Setup::StackGres(s) => stackgres::generate(s),
        Setup::UpboundSpaces(s) => upbound_spaces::generate(s),
        Setup::PaletteCloudAccount(s) => palette_cloud_account::generate(s),
        Setup::PaletteBackupLocation(s) => palette_backup_location::generate(s),
    }
}
