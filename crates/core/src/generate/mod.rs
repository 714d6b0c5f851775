//! Generators: from a validated [`Setup`] to the artifacts a user copies.

mod palette_backup_location;
mod palette_cloud_account;
mod stackgres;
mod upbound_spaces;

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
    fn new(id: &'static str, title: &'static str, kind: ArtifactKind, language: Language, content: String) -> Artifact {
        Artifact {
            id,
            title,
            kind,
            language,
            content,
        }
    }
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
