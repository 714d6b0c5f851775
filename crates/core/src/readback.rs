//! What a setup's artifacts say, read back from their text: the roles the scripts create and
//! with which trust, the policies they create or put inline and on whom, the service
//! accounts that scripts, charts and manifests bind to roles, and every place that names the
//! bucket. The checks compare these facts with each other. They are read from the very text
//! the user copies, never from the setup, so a generator that writes one value in one
//! artifact and another value elsewhere is caught.
//!
//! Scripts are split into words by `shell-words`, the same library that quoted them; variables
//! that a script assigns a literal to (the policy documents) are expanded where a command
//! uses them. Manifests are read by `yaml-rust2`, policies by the linter's JSON parser.

use crate::arn::Arn;
use crate::artifact::{Artifact, ArtifactKind};
use crate::steps::{ConsoleSteps, Input};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// The annotation the checks look for, as the generators write it.
pub use crate::generate::ROLE_ARN_ANNOTATION;

/// What the readers must know of one backup system to read its artifacts back: the service
/// accounts its chart and operator name themselves, and the resources `kubectl patch` may
/// name. Each target's folder declares its own.
#[derive(Debug)]
pub struct Interface {
    /// Chart values that annotate a service account whose name the chart fixes: (the value's
    /// path before `.eks\.amazonaws\.com/role-arn`, the service account).
    pub chart_service_accounts: &'static [(&'static str, &'static str)],
    /// Custom resources whose pods run as a service account the operator names after them.
    pub operator_service_accounts: &'static [OperatorServiceAccount],
    /// The custom resources `kubectl patch` may name: (a resource name kubectl accepts, the
    /// kind).
    pub patched_kinds: &'static [(&'static str, &'static str)],
}

impl Interface {
    /// A target whose artifacts need no knowledge beyond Kubernetes' and AWS's own.
    pub const NONE: Interface = Interface {
        chart_service_accounts: &[],
        operator_service_accounts: &[],
        patched_kinds: &[],
    };
}

/// A custom resource whose pods run as `<name><suffix>`, an account the operator creates and
/// annotates with the annotations at `annotations` in the resource.
#[derive(Debug)]
pub struct OperatorServiceAccount {
    pub kind: &'static str,
    pub annotations: &'static [&'static str],
    pub suffix: &'static str,
}

/// What turns one target's backups on in a setup's facts: how many objects do, and what is
/// wrong with the others.
#[derive(Debug, Default)]
pub struct BackupsOn {
    pub enablers: usize,
    pub problems: Vec<Problem>,
}

/// Something wrong found in an artifact, for a setup check to report.
#[derive(Debug)]
pub struct Problem {
    pub artifact: &'static str,
    pub message: String,
    pub help: String,
}

/// Everything the checks compare, with the artifact each fact comes from.
#[derive(Debug, Default)]
pub struct Facts {
    /// Roles created by `aws iam create-role` or `eksctl create iamserviceaccount`.
    pub roles: Vec<CreatedRole>,
    /// Policy documents as the scripts hand them to IAM.
    pub documents: Vec<PolicyUse>,
    /// Customer managed policies attached to roles: (role name, policy ARN).
    pub attached: Vec<(String, String)>,
    /// Service accounts, pods or people that are given a role's ARN.
    pub bindings: Vec<Binding>,
    /// Every place outside the policies that names a bucket.
    pub bucket_uses: Vec<BucketUse>,
    /// Buckets the permission policies grant access to, with the policy artifact.
    pub granted_buckets: Vec<(String, &'static str)>,
    /// The buckets of `granted_buckets`, for telling a new one from one seen before.
    granted_seen: HashSet<String>,
    /// The Kubernetes objects the manifests create and the merge patches change.
    pub objects: Vec<KubeObject>,
    /// `kubectl rollout restart deployment` commands.
    pub restarts: Vec<Restart>,
    /// The regions the AWS CLI commands run in.
    pub regions: Vec<String>,
    /// Console steps that hand the setup to a vendor's wizard, which turns the backups on.
    pub wizards: Vec<&'static str>,
    /// How many commands and manifest documents were read before the current one, so that
    /// facts can be put in the order the user runs them.
    pub steps: usize,
    /// How many scripts and manifests were read.
    pub scripts_and_manifests: usize,
    /// Scripts and manifests that could not be read, or only in part.
    pub unreadable: Vec<Unreadable>,
    /// The `helm upgrade` / `helm install` commands, with their values in order.
    pub charts: Vec<ChartInstall>,
    /// What the readers know of the backup systems.
    interfaces: Vec<&'static Interface>,
}

/// A `helm upgrade --install` (or `helm install`, `helm upgrade`) as a script runs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartInstall {
    pub release: String,
    /// The chart as the command names it: `repo/name`, an `oci://` reference or a path.
    pub chart: String,
    pub version: Option<String>,
    pub namespace: Option<String>,
    /// `--reuse-values`: the values given add to those of the running release.
    pub reuse_values: bool,
    /// `helm upgrade --install` or `helm install`, which install the release when it is not there.
    pub installs: bool,
    /// The `--set`, `--set-string` and `--set-json` options, in the order Helm applies them.
    pub values: Vec<ChartSetting>,
    pub artifact: &'static str,
}

/// One `--set`-family option: its kind and its text after the option name, as Helm reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartSetting {
    pub kind: SetKind,
    pub text: String,
}

/// How Helm reads a `--set`-family value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetKind {
    /// `--set`: `true`, `false`, `null` and integers are typed, the rest are strings.
    Typed,
    /// `--set-string`: always a string.
    String,
    /// `--set-json`: a JSON value.
    Json,
}

/// A Kubernetes object as a manifest creates it, or the fields a merge patch sets on it.
#[derive(Debug)]
pub struct KubeObject {
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    /// The manifest's document, or the patch.
    pub body: Value,
    /// Whether `body` is a merge patch of an existing object rather than the whole object.
    pub patch: bool,
    /// For messages: "the `SGCluster` `my-cluster`", "the patch of `SGCluster` `my-cluster`".
    pub source: String,
    pub artifact: &'static str,
    /// Where it stands in the order the user runs the artifacts (see [`Facts::steps`]).
    pub step: usize,
}

impl KubeObject {
    /// The string at the JSON pointer `pointer`.
    pub fn text(&self, pointer: &str) -> Option<&str> {
        self.body.pointer(pointer).and_then(Value::as_str)
    }

    /// The array at `pointer`, empty when there is none.
    pub fn array(&self, pointer: &str) -> &[Value] {
        self.body
            .pointer(pointer)
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }
}

/// `kubectl rollout restart deployment NAME --namespace NS`.
#[derive(Debug)]
pub struct Restart {
    pub deployment: String,
    pub namespace: String,
    pub step: usize,
}

/// An artifact the checks could not read, so what it says is not compared.
#[derive(Debug)]
pub struct Unreadable {
    pub artifact: &'static str,
    /// Ends a sentence about the artifact.
    pub problem: String,
}

/// A role a script creates.
#[derive(Debug)]
pub struct CreatedRole {
    pub name: String,
    /// The trust policy's text, when the script passes it (eksctl writes its own).
    pub trust: Option<String>,
    pub artifact: &'static str,
}

/// Where a policy document goes, which decides its size quota.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// `aws iam create-policy`: a customer managed policy.
    Managed { name: String },
    /// `aws iam put-user-policy`: inline on a user.
    InlineUser { user: String, name: String },
    /// `aws iam put-role-policy`: inline on a role.
    InlineRole { role: String, name: String },
    /// `aws iam create-role --assume-role-policy-document`: a role's trust.
    Trust { role: String },
}

/// A policy document a script hands to IAM.
#[derive(Debug)]
pub struct PolicyUse {
    pub placement: Placement,
    pub text: String,
    pub artifact: &'static str,
}

/// How a role reaches whoever uses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BindingKind {
    /// The IRSA annotation on a service account (kubectl, a chart value or a manifest), or an
    /// `eksctl create iamserviceaccount`.
    WebIdentity,
    /// `aws eks create-pod-identity-association --role-arn`.
    PodIdentity,
    /// `--target-role-arn` of a pod identity association: assumed with the session of the
    /// association's own role, whose binding is `Facts::bindings[association]`.
    PodIdentityTarget { association: usize },
    /// A role ARN the user is told to type somewhere (a console wizard).
    Typed,
}

/// A role given to a service account, a pod or a wizard.
#[derive(Debug)]
pub struct Binding {
    pub kind: BindingKind,
    /// The Kubernetes namespace, when the artifact says it.
    pub namespace: Option<String>,
    /// The service account, when the artifact says it.
    pub service_account: Option<String>,
    /// The role's ARN, or only its name where the artifact names no ARN (eksctl).
    pub role: RoleRef,
    /// Where it comes from, for messages: "`kubectl annotate`", "the `SGCluster` `my-cluster`".
    pub source: String,
    pub artifact: &'static str,
    /// Where it stands in the order the user runs the artifacts (see [`Facts::steps`]).
    pub step: usize,
}

/// A role as a binding names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoleRef {
    Arn(String),
    Name(String),
}

impl RoleRef {
    /// The role's name: the last part of the ARN's path.
    pub fn name(&self) -> &str {
        match self {
            RoleRef::Name(name) => name,
            RoleRef::Arn(arn) => role_name_of(arn).unwrap_or(arn),
        }
    }

    pub fn arn(&self) -> Option<&str> {
        match self {
            RoleRef::Arn(arn) => Some(arn),
            RoleRef::Name(_) => None,
        }
    }

    /// How messages show it.
    pub fn shown(&self) -> &str {
        match self {
            RoleRef::Arn(arn) => arn,
            RoleRef::Name(name) => name,
        }
    }
}

/// A place that names a bucket.
#[derive(Debug)]
pub struct BucketUse {
    pub bucket: String,
    /// For messages: "`aws s3 mb`", "the `SGObjectStorage` `s3-iam-storage`".
    pub source: String,
    pub artifact: &'static str,
}

/// The name of the role an IAM role ARN names (`arn:…:iam::…:role/path/name` → `name`).
pub fn role_name_of(arn: &str) -> Option<&str> {
    let parsed = Arn::parse(arn)?;
    let path = parsed.resource.strip_prefix("role/")?;
    (parsed.service == "iam").then(|| path.rsplit('/').next().unwrap_or(path))
}

impl Facts {
    /// Reads every artifact, knowing the backup systems' `interfaces`.
    pub fn read(artifacts: &[Artifact], interfaces: &[&'static Interface]) -> Facts {
        let mut facts = Facts {
            interfaces: interfaces.to_vec(),
            ..Facts::default()
        };
        for artifact in artifacts {
            match artifact.kind {
                ArtifactKind::PermissionPolicy => facts.read_permission_policy(artifact),
                ArtifactKind::TrustPolicy => {}
                ArtifactKind::AwsCli | ArtifactKind::Eksctl | ArtifactKind::Kubectl | ArtifactKind::Helm => {
                    facts.scripts_and_manifests += 1;
                    facts.read_script(artifact);
                }
                ArtifactKind::KubernetesManifest => {
                    facts.scripts_and_manifests += 1;
                    facts.read_manifest(artifact);
                }
                ArtifactKind::ConsoleSteps => facts.read_console_steps(artifact),
            }
        }
        facts
    }

    /// The role created with `name`: the one created with a trust policy when eksctl offers
    /// to create the same role as an alternative.
    pub fn role(&self, name: &str) -> Option<&CreatedRole> {
        let mut named = self.roles.iter().filter(|r| r.name == name);
        let first = named.next()?;
        Some(if first.trust.is_some() {
            first
        } else {
            named.find(|r| r.trust.is_some()).unwrap_or(first)
        })
    }

    fn read_permission_policy(&mut self, artifact: &Artifact) {
        let Ok(root) = crate::lint::json::parse(&artifact.content) else {
            return;
        };
        let document = crate::lint::Document::new(&root);
        for statement in document.statements.iter().filter(|s| s.is_allow()) {
            for (resource, _) in statement.resources() {
                if let Some(bucket) = s3_bucket_of(resource) {
                    if self.granted_seen.insert(bucket.to_owned()) {
                        self.granted_buckets.push((bucket.to_owned(), artifact.id));
                    }
                }
            }
        }
    }

    /// Console steps: their bucket and role ARN rows are what the console is given; other
    /// rows (a trusted role of another account, say) are information, not bindings.
    fn read_console_steps(&mut self, artifact: &Artifact) {
        self.wizards.push(artifact.id);
        self.steps += 1;
        // The structure is read when it is what the text says; text edited since (or read
        // from a file) is parsed.
        let parsed;
        let steps = match &artifact.steps {
            Some(steps) if steps.render() == artifact.content => steps,
            _ => {
                parsed = ConsoleSteps::parse(&artifact.content);
                &parsed
            }
        };
        for (label, value, input) in steps.inputs() {
            let source = format!("the console step `{label}`");
            match input {
                Input::Bucket => self.bucket_uses.push(BucketUse {
                    bucket: value.to_owned(),
                    source,
                    artifact: artifact.id,
                }),
                Input::RoleArn => self.bindings.push(Binding {
                    step: self.steps,
                    kind: BindingKind::Typed,
                    namespace: None,
                    service_account: None,
                    role: RoleRef::Arn(value.to_owned()),
                    source,
                    artifact: artifact.id,
                }),
                Input::Other => {}
            }
        }
    }

    fn read_manifest(&mut self, artifact: &Artifact) {
        if let Some(problem) = yaml_refusal(&artifact.content) {
            self.unreadable.push(Unreadable {
                artifact: artifact.id,
                problem,
            });
            return;
        }
        let documents = match yaml_rust2::YamlLoader::load_from_str(&artifact.content) {
            Ok(documents) => documents,
            Err(e) => {
                self.unreadable.push(Unreadable {
                    artifact: artifact.id,
                    problem: format!("it is not YAML: {}", crate::text::lowercase_first(&e.to_string())),
                });
                return;
            }
        };
        for doc in &documents {
            let object = yaml_to_json(doc);
            let kind = object
                .get("kind")
                .and_then(Value::as_str)
                .unwrap_or("manifest")
                .to_owned();
            let name = object
                .pointer("/metadata/name")
                .and_then(Value::as_str)
                .map(str::to_owned);
            let namespace = object
                .pointer("/metadata/namespace")
                .and_then(Value::as_str)
                .map(str::to_owned);
            let source = match &name {
                Some(name) => format!("the `{kind}` `{name}`"),
                None => format!("the `{kind}`"),
            };
            self.read_object(KubeObject {
                kind,
                name: name.unwrap_or_default(),
                namespace,
                body: object,
                patch: false,
                source,
                artifact: artifact.id,
                step: self.steps,
            });
            self.steps += 1;
        }
    }

    /// What a manifest document or a merge patch says: the buckets it names and the roles it
    /// binds; the object itself is kept for the checks of the targets that own its kind.
    fn read_object(&mut self, object: KubeObject) {
        let operator_account = self
            .interfaces
            .iter()
            .flat_map(|i| i.operator_service_accounts)
            .find(|o| o.kind == object.kind);
        let name = Some(object.name.as_str()).filter(|n| !n.is_empty());
        let mut found = Vec::new();
        walk_json(&object.body, &mut Vec::new(), &mut found);
        for (path, key, value) in found {
            // A bucket is named by a `bucket` field, or by an `s3://bucket/prefix` URL (a
            // Barman Cloud `destinationPath`, say).
            let from_url = value
                .strip_prefix("s3://")
                .map(|rest| rest.split('/').next().unwrap_or_default().to_owned())
                .filter(|b| !b.is_empty());
            if key == "bucket" || from_url.is_some() {
                self.bucket_uses.push(BucketUse {
                    bucket: from_url.unwrap_or(value),
                    source: object.source.clone(),
                    artifact: object.artifact,
                });
            } else if key == ROLE_ARN_ANNOTATION {
                // A ServiceAccount's own annotation names it; an operator's object names the
                // account it creates; a workload's pod annotation leaves the account open.
                let service_account = if object.kind == "ServiceAccount" {
                    name.map(str::to_owned)
                } else {
                    operator_account
                        .filter(|o| path == o.annotations)
                        .and_then(|o| name.map(|n| format!("{n}{}", o.suffix)))
                };
                self.bindings.push(Binding {
                    step: self.steps,
                    kind: BindingKind::WebIdentity,
                    namespace: object.namespace.clone(),
                    service_account,
                    role: RoleRef::Arn(value),
                    source: object.source.clone(),
                    artifact: object.artifact,
                });
            }
        }
        self.objects.push(object);
    }

    fn read_script(&mut self, artifact: &Artifact) {
        let mut vars: HashMap<String, String> = HashMap::new();
        let commands = simple_commands(&artifact.content).unwrap_or_else(|(commands, line)| {
            self.unreadable.push(Unreadable {
                artifact: artifact.id,
                problem: format!(
                    "a quote opened on line {line} is never closed, so the shell reads the rest as one word"
                ),
            });
            commands
        });
        for words in commands {
            let Some(first) = words.first() else {
                continue;
            };
            if words.len() == 1 {
                if let Some((name, value)) = first.split_once('=') {
                    if is_var_name(name) {
                        vars.insert(name.to_owned(), value.to_owned());
                        continue;
                    }
                }
            }
            let words: Vec<String> = words.iter().map(|w| expand(w, &vars)).collect();
            let command = ParsedCommand::new(&words);
            self.steps += 1;
            match words.first().map(String::as_str) {
                Some("aws") => self.read_aws(&command, artifact.id),
                Some("kubectl") => self.read_kubectl(&command, artifact.id),
                Some("eksctl") => self.read_eksctl(&command, artifact.id),
                Some("helm") => self.read_helm(&command, artifact.id),
                _ => {}
            }
        }
    }

    fn read_aws(&mut self, c: &ParsedCommand<'_>, artifact: &'static str) {
        let option = |name: &str| c.option(name).map(str::to_owned);
        if let Some(region) = option("--region") {
            if !self.regions.contains(&region) {
                self.regions.push(region);
            }
        }
        match (c.positional(1), c.positional(2)) {
            (Some("iam"), Some("create-role")) => {
                if let Some(name) = option("--role-name") {
                    let trust = option("--assume-role-policy-document");
                    if let Some(Err(e)) = trust.as_deref().map(crate::lint::json::parse) {
                        self.unreadable.push(Unreadable {
                            artifact,
                            problem: format!("the trust policy of role `{name}` is not JSON: {}", e.message),
                        });
                    }
                    if let Some(text) = &trust {
                        self.documents.push(PolicyUse {
                            placement: Placement::Trust { role: name.clone() },
                            text: text.clone(),
                            artifact,
                        });
                    }
                    self.roles.push(CreatedRole { name, trust, artifact });
                }
            }
            (Some("iam"), Some(operation @ ("create-policy" | "put-role-policy" | "put-user-policy"))) => {
                let name = option("--policy-name");
                let placement = match operation {
                    "put-role-policy" => option("--role-name")
                        .zip(name)
                        .map(|(role, name)| Placement::InlineRole { role, name }),
                    "put-user-policy" => option("--user-name")
                        .zip(name)
                        .map(|(user, name)| Placement::InlineUser { user, name }),
                    _ => name.map(|name| Placement::Managed { name }),
                };
                if let (Some(placement), Some(text)) = (placement, option("--policy-document")) {
                    self.documents.push(PolicyUse {
                        placement,
                        text,
                        artifact,
                    });
                }
            }
            (Some("iam"), Some("attach-role-policy")) => {
                if let (Some(role), Some(policy)) = (option("--role-name"), option("--policy-arn")) {
                    self.attached.push((role, policy));
                }
            }
            (Some("s3"), Some("mb")) => {
                if let Some(bucket) = c.positional(3).and_then(|url| url.strip_prefix("s3://")) {
                    self.bucket_uses.push(BucketUse {
                        bucket: bucket.trim_end_matches('/').to_owned(),
                        source: "`aws s3 mb`".to_owned(),
                        artifact,
                    });
                }
            }
            (Some("eks"), Some("create-pod-identity-association")) => {
                let namespace = option("--namespace");
                let service_account = option("--service-account");
                if let Some(role) = option("--role-arn") {
                    let source_index = self.bindings.len();
                    self.bindings.push(Binding {
                        step: self.steps,
                        kind: BindingKind::PodIdentity,
                        namespace: namespace.clone(),
                        service_account: service_account.clone(),
                        role: RoleRef::Arn(role),
                        source: "`aws eks create-pod-identity-association`".to_owned(),
                        artifact,
                    });
                    if let Some(target) = option("--target-role-arn") {
                        self.bindings.push(Binding {
                            step: self.steps,
                            kind: BindingKind::PodIdentityTarget {
                                association: source_index,
                            },
                            namespace,
                            service_account,
                            role: RoleRef::Arn(target),
                            source: "`--target-role-arn` of `aws eks create-pod-identity-association`".to_owned(),
                            artifact,
                        });
                    }
                }
            }
            _ => {}
        }
    }

    fn read_kubectl(&mut self, c: &ParsedCommand<'_>, artifact: &'static str) {
        match (c.positional(1), c.positional(2), c.positional(3)) {
            (Some("rollout"), Some("restart"), Some(target)) => {
                let deployment = match target {
                    "deployment" | "deployments" | "deploy" => c.positional(4),
                    other => other.strip_prefix("deployment/"),
                };
                if let Some(deployment) = deployment {
                    self.restarts.push(Restart {
                        deployment: deployment.to_owned(),
                        namespace: c.option("--namespace").unwrap_or("default").to_owned(),
                        step: self.steps,
                    });
                }
                return;
            }
            (Some("patch"), Some(resource), Some(name)) => {
                self.read_patch(c, resource, name, artifact);
                return;
            }
            _ => {}
        }
        if c.positional(1) != Some("annotate") || !matches!(c.positional(2), Some("serviceaccount" | "sa")) {
            return;
        }
        let Some(service_account) = c.positional(3) else {
            return;
        };
        let prefix = format!("{ROLE_ARN_ANNOTATION}=");
        for value in c.positionals().iter().skip(4) {
            if let Some(arn) = value.strip_prefix(&prefix) {
                self.bindings.push(Binding {
                    step: self.steps,
                    kind: BindingKind::WebIdentity,
                    namespace: Some(c.option("--namespace").unwrap_or("default").to_owned()),
                    service_account: Some(service_account.to_owned()),
                    role: RoleRef::Arn(arn.to_owned()),
                    source: "`kubectl annotate`".to_owned(),
                    artifact,
                });
            }
        }
    }

    /// A `kubectl patch … --type merge --patch JSON` of a custom resource: the patch is read as
    /// the fields it sets on the object.
    fn read_patch(&mut self, c: &ParsedCommand<'_>, resource: &str, name: &str, artifact: &'static str) {
        let resource = resource.to_ascii_lowercase();
        let Some(kind) = self
            .interfaces
            .iter()
            .flat_map(|i| i.patched_kinds)
            .find(|(r, _)| *r == resource)
            .map(|(_, kind)| *kind)
        else {
            return;
        };
        let Some(patch) = c.option("--patch") else {
            return;
        };
        let object: Value = match serde_json::from_str(patch) {
            Ok(object) => object,
            Err(e) => {
                self.unreadable.push(Unreadable {
                    artifact,
                    problem: format!("the patch of `{kind}` `{name}` is not JSON: {e}"),
                });
                return;
            }
        };
        let namespace = Some(c.option("--namespace").unwrap_or("default").to_owned());
        self.read_object(KubeObject {
            kind: kind.to_owned(),
            name: name.to_owned(),
            namespace,
            source: format!("the patch of `{kind}` `{name}`"),
            body: object,
            patch: true,
            artifact,
            step: self.steps,
        });
    }

    fn read_eksctl(&mut self, c: &ParsedCommand<'_>, artifact: &'static str) {
        if c.positional(1) != Some("create") || c.positional(2) != Some("iamserviceaccount") {
            return;
        }
        let Some(role) = c.option("--role-name") else {
            return;
        };
        // With `--role-only` eksctl annotates no service account, but the role's trust is
        // made for the one named here, so the name is compared with the trust all the same.
        self.bindings.push(Binding {
            step: self.steps,
            kind: BindingKind::WebIdentity,
            namespace: Some(c.option("--namespace").unwrap_or("default").to_owned()),
            service_account: c.option("--name").map(str::to_owned),
            role: RoleRef::Name(role.to_owned()),
            source: "`eksctl create iamserviceaccount`".to_owned(),
            artifact,
        });
        // eksctl creates the role itself, with a trust of its own making for that account.
        self.roles.push(CreatedRole {
            name: role.to_owned(),
            trust: None,
            artifact,
        });
    }

    fn read_helm(&mut self, c: &ParsedCommand<'_>, artifact: &'static str) {
        if !matches!(c.positional(1), Some("upgrade" | "install")) {
            return;
        }
        if let (Some(release), Some(chart)) = (c.positional(2), c.positional(3)) {
            let values = c
                .all_options()
                .filter_map(|(name, text)| {
                    let kind = match name {
                        "--set" => SetKind::Typed,
                        "--set-string" => SetKind::String,
                        "--set-json" => SetKind::Json,
                        _ => return None,
                    };
                    Some(ChartSetting {
                        kind,
                        text: text.to_owned(),
                    })
                })
                .collect();
            self.charts.push(ChartInstall {
                release: release.to_owned(),
                chart: chart.to_owned(),
                version: c.option("--version").map(str::to_owned),
                namespace: c.option("--namespace").map(str::to_owned),
                reuse_values: c.has_flag("--reuse-values"),
                installs: c.positional(1) == Some("install") || c.has_flag("--install"),
                values,
                artifact,
            });
        }
        let annotation_suffix = format!(".{}", ROLE_ARN_ANNOTATION.replace('.', "\\."));
        for value in c.options("--set").into_iter().chain(c.options("--set-string")) {
            let Some((key, value)) = value.split_once('=') else {
                continue;
            };
            // The writer escapes `\` and `,` in values (Helm's --set splits at commas).
            let value = &helm_unescape(value);
            if let Some(path) = key.strip_suffix(&annotation_suffix) {
                let service_account = self
                    .interfaces
                    .iter()
                    .flat_map(|i| i.chart_service_accounts)
                    .find(|(p, _)| *p == path)
                    .map(|(_, sa)| (*sa).to_owned());
                self.bindings.push(Binding {
                    step: self.steps,
                    kind: BindingKind::WebIdentity,
                    namespace: None,
                    service_account,
                    role: RoleRef::Arn(value.to_owned()),
                    source: format!("the chart value `{key}`"),
                    artifact,
                });
            } else if key == "bucket" || key.ends_with(".bucket") {
                self.bucket_uses.push(BucketUse {
                    bucket: value.to_owned(),
                    source: format!("the chart value `{key}`"),
                    artifact,
                });
            }
        }
    }
}

/// The bucket an S3 bucket or object ARN names (`arn:…:s3:::bucket` or `…:::bucket/key`).
pub fn s3_bucket_of(resource: &str) -> Option<&str> {
    let arn = Arn::parse(resource)?;
    if arn.service != "s3" || !arn.region.is_empty() || !arn.account.is_empty() {
        return None;
    }
    let bucket = arn.resource.split('/').next().unwrap_or_default();
    (!bucket.is_empty()).then_some(bucket)
}

fn is_var_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A word with `$name` replaced by the value the script assigned, when the word is exactly
/// one variable (how the generators pass documents); any other word stays as written.
fn expand(word: &str, vars: &HashMap<String, String>) -> String {
    word.strip_prefix('$')
        .and_then(|name| vars.get(name))
        .cloned()
        .unwrap_or_else(|| word.to_owned())
}

/// Simple commands, each as its words.
type Commands = Vec<Vec<String>>;

/// The script's simple commands, each as its words: continuation lines joined, quotes
/// removed, comments dropped, and split at `;`, `|`, `||`, `&&` and the keywords that open
/// a compound command (`if`, `then`, `!`, …).
///
/// `Err` carries the commands before a quote that never closes, with the line it opens on.
fn simple_commands(script: &str) -> Result<Commands, (Commands, usize)> {
    let mut out = Vec::new();
    let mut opened_on = 0;
    let mut pending = String::new();
    // The quotes are followed as the lines come, so that the text is split once they close,
    // not once per line: a quote that never closes would make that quadratic.
    let mut quotes = Quotes::default();
    for (number, line) in script.lines().enumerate() {
        if pending.is_empty() {
            opened_on = number + 1;
            quotes = Quotes::default();
        }
        if let Some(continued) = line.strip_suffix('\\') {
            pending.push_str(continued);
            pending.push(' ');
            quotes.feed(continued);
            quotes.feed(" ");
            continue;
        }
        pending.push_str(line);
        quotes.feed(line);
        // An unclosed quote means the word goes on over the next line (a multi-line policy).
        let split = if quotes.open() {
            None
        } else {
            shell_words::split(&pending).ok()
        };
        match split {
            Some(words) => {
                split_compound(words, &mut out);
                pending.clear();
            }
            None => {
                pending.push('\n');
                quotes.feed("\n");
            }
        }
    }
    if pending.trim().is_empty() {
        Ok(out)
    } else {
        Err((out, opened_on))
    }
}

/// Where `shell_words::split` would be after the text fed so far, as far as quotes go: its
/// states, followed one character at a time, so that whether a quote is still open is known
/// without splitting the text again.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum Quotes {
    #[default]
    Delimiter,
    Backslash,
    Unquoted,
    UnquotedBackslash,
    SingleQuoted,
    DoubleQuoted,
    DoubleQuotedBackslash,
    Comment,
}

impl Quotes {
    fn feed(&mut self, text: &str) {
        use Quotes::*;
        for c in text.chars() {
            *self = match (*self, c) {
                (Delimiter, '\'') | (Unquoted, '\'') => SingleQuoted,
                (Delimiter, '"') | (Unquoted, '"') => DoubleQuoted,
                (Delimiter, '\\') => Backslash,
                (Delimiter, '\t' | ' ' | '\n') => Delimiter,
                (Delimiter, '#') => Comment,
                (Delimiter, _) => Unquoted,
                (Backslash, '\n') => Delimiter,
                (Backslash, _) => Unquoted,
                (Unquoted, '\\') => UnquotedBackslash,
                (Unquoted, '\t' | ' ' | '\n') => Delimiter,
                (Unquoted, _) => Unquoted,
                (UnquotedBackslash, _) => Unquoted,
                (SingleQuoted, '\'') => Unquoted,
                (SingleQuoted, _) => SingleQuoted,
                (DoubleQuoted, '"') => Unquoted,
                (DoubleQuoted, '\\') => DoubleQuotedBackslash,
                (DoubleQuoted, _) => DoubleQuoted,
                (DoubleQuotedBackslash, _) => DoubleQuoted,
                (Comment, '\n') => Delimiter,
                (Comment, _) => Comment,
            };
        }
    }

    /// Whether splitting now would fail for a quote that is not closed.
    fn open(self) -> bool {
        matches!(
            self,
            Quotes::SingleQuoted | Quotes::DoubleQuoted | Quotes::DoubleQuotedBackslash
        )
    }
}

/// How deep a manifest may nest; Kubernetes objects go a dozen levels or so.
const MAX_YAML_DEPTH: usize = 64;

/// Why a manifest is not read, if it must not be: a YAML alias, which the loader would expand
/// in full (nested aliases grow a few hundred bytes into gigabytes), or nesting deeper than any
/// manifest goes (reading it would recurse as deep). The events are read without building
/// anything; a syntax error is left for the loader to report.
fn yaml_refusal(text: &str) -> Option<String> {
    use yaml_rust2::parser::{Event, Parser};
    let mut parser = Parser::new_from_str(text);
    let mut depth = 0usize;
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) | Err(_) => return None,
            Ok((Event::Alias(_), mark)) => {
                return Some(format!(
                    "it uses a YAML alias on line {}, and the checks read no aliases (generated manifests have none)",
                    mark.line()
                ))
            }
            Ok((Event::SequenceStart(..) | Event::MappingStart(..), mark)) => {
                depth += 1;
                if depth > MAX_YAML_DEPTH {
                    return Some(format!(
                        "it nests deeper than {MAX_YAML_DEPTH} levels on line {}",
                        mark.line()
                    ));
                }
            }
            Ok((Event::SequenceEnd | Event::MappingEnd, _)) => depth = depth.saturating_sub(1),
            Ok(_) => {}
        }
    }
}

fn split_compound(words: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut current: Vec<String> = Vec::new();
    let mut flush = |current: &mut Vec<String>| {
        if !current.is_empty() {
            out.push(std::mem::take(current));
        }
    };
    for word in words {
        if matches!(word.as_str(), ";" | "|" | "||" | "&&" | "&") {
            flush(&mut current);
            continue;
        }
        if current.is_empty()
            && matches!(
                word.as_str(),
                "if" | "then" | "else" | "elif" | "do" | "while" | "!" | "fi" | "done"
            )
        {
            continue;
        }
        match word.strip_suffix(';') {
            Some(stripped) => {
                if !stripped.is_empty() {
                    current.push(stripped.to_owned());
                }
                flush(&mut current);
            }
            None => current.push(word.trim_start_matches('(').to_owned()),
        }
    }
    flush(&mut current);
}

/// A command's words split into positionals and `--options` with their values. Every
/// `--name value` pair the generators write takes a value, except the flags listed here.
struct ParsedCommand<'a> {
    positionals: Vec<&'a str>,
    options: Vec<(&'a str, &'a str)>,
    flags: Vec<&'a str>,
}

const FLAGS: &[&str] = &[
    "--approve",
    "--overwrite",
    "--reuse-values",
    "--override-existing-serviceaccounts",
    "--ignore-not-found",
    "--no-cli-pager",
    "--role-only",
    "--create-namespace",
    "--install",
];

impl<'a> ParsedCommand<'a> {
    fn new(words: &'a [String]) -> ParsedCommand<'a> {
        let mut positionals = Vec::new();
        let mut options = Vec::new();
        let mut flags = Vec::new();
        let mut iter = words.iter();
        while let Some(word) = iter.next() {
            if let Some((name, value)) = word.split_once('=').filter(|(n, _)| n.starts_with("--")) {
                options.push((name, value));
            } else if FLAGS.contains(&word.as_str()) {
                // A flag takes no value.
                flags.push(word.as_str());
            } else if word.starts_with("--") {
                if let Some(value) = iter.next() {
                    options.push((word.as_str(), value.as_str()));
                }
            } else {
                positionals.push(word.as_str());
            }
        }
        ParsedCommand {
            positionals,
            options,
            flags,
        }
    }

    fn has_flag(&self, name: &str) -> bool {
        self.flags.contains(&name)
    }

    /// Every `--option value` pair, in the command's order.
    fn all_options(&self) -> impl Iterator<Item = (&'a str, &'a str)> + '_ {
        self.options.iter().copied()
    }

    fn positional(&self, i: usize) -> Option<&'a str> {
        self.positionals.get(i).copied()
    }

    fn positionals(&self) -> &[&'a str] {
        &self.positionals
    }

    fn option(&self, name: &str) -> Option<&'a str> {
        self.options.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }

    fn options(&self, name: &str) -> Vec<&'a str> {
        self.options
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| *v)
            .collect()
    }
}

/// A `--set` value as Helm reads it: `\x` is `x`.
fn helm_unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// YAML as JSON, for reading manifests and patches alike; mapping keys that are not
/// strings are dropped (no manifest field has one).
fn yaml_to_json(node: &yaml_rust2::Yaml) -> Value {
    use yaml_rust2::Yaml;
    match node {
        Yaml::Hash(map) => Value::Object(
            map.iter()
                .filter_map(|(k, v)| Some((k.as_str()?.to_owned(), yaml_to_json(v))))
                .collect(),
        ),
        Yaml::Array(items) => Value::Array(items.iter().map(yaml_to_json).collect()),
        Yaml::String(text) | Yaml::Real(text) => Value::String(text.clone()),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::Boolean(b) => Value::Bool(*b),
        _ => Value::Null,
    }
}

/// Every string-valued mapping entry, anywhere in the document, as (the path of the mapping
/// that holds it, key, value).
fn walk_json<'a>(node: &'a Value, path: &mut Vec<&'a str>, out: &mut Vec<(Vec<String>, String, String)>) {
    match node {
        Value::Object(map) => {
            for (key, value) in map {
                if let Some(text) = value.as_str() {
                    out.push((
                        path.iter().map(|p| (*p).to_owned()).collect(),
                        key.clone(),
                        text.to_owned(),
                    ));
                }
                path.push(key);
                walk_json(value, path, out);
                path.pop();
            }
        }
        Value::Array(items) => items.iter().for_each(|item| walk_json(item, path, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quote tracker agrees with `shell_words` on whether a quote is left open.
    #[test]
    fn quotes_open_where_the_splitter_fails() {
        let texts = [
            "a 'b",
            "a 'b' \"c",
            "a \"b\\\"",
            "a \"b\\\\\" c",
            "# it's a comment",
            "a # it's a comment",
            "a\\'b",
            "'a\nb' c",
            "\"a\\\nb\"",
            "x=\"$(y)\" 'z",
            "\\",
            "a#'b",
            "'",
            "\"",
        ];
        for text in texts {
            let mut quotes = Quotes::default();
            quotes.feed(text);
            assert_eq!(quotes.open(), shell_words::split(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn aliases_and_deep_nesting_are_refused_before_loading() {
        assert!(yaml_refusal("a: &x [1]\nb: *x\n").is_some_and(|p| p.contains("alias")));
        let deep = format!("{}{}", "- ".repeat(MAX_YAML_DEPTH + 1), "x\n");
        assert!(yaml_refusal(&deep).is_some_and(|p| p.contains("deeper")));
        assert!(yaml_refusal("a: [1, {b: c}]\n---\nd: e\n").is_none());
    }
}
