//! A setup's artifacts as files, laid out as a user would commit them: `policies/*.json`,
//! `scripts/NN-*.sh` numbered in the order to run them, `manifests/*.yaml`, `values/*.yaml`
//! for each chart a script installs (the values its `--set` options give, for a repository
//! that installs charts from values files), and a `README.md` that lists every step in
//! order, console steps included, then the tear-down.
//! The CLI's `generate --out DIR` writes these files and the page's "Download all" zips the
//! same ones, so both give the same bytes. [`one_script`] joins the steps into one script.
//!
//! What a step is for follows from the generators' conventions: a tear-down's id is
//! `teardown` or starts with `teardown-`, and a step whose title starts with "Or" is an
//! alternative to the step before it (eksctl creating the role the AWS CLI would).

use crate::artifact::{Artifact, ArtifactKind, Language};
use crate::chart_values;
use crate::field::Auth;
use crate::readback::{ChartInstall, Facts};
use crate::shell::{Command, Script};
use crate::targets::Target;
use std::fmt::Write as _;

/// One file of the bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleFile {
    /// A relative path with `/` separators.
    pub path: String,
    pub content: String,
    /// Scripts are executable.
    pub executable: bool,
}

/// The scenario's name, which heads the README and the one script and names the page's tab:
/// `StackGres (Postgres backups), IAM roles for service accounts (IRSA)`.
pub fn title(target: &dyn Target, auth: Auth) -> String {
    format!("{}, {}", target.label(), auth.label())
}

/// Whether `artifact` undoes the setup rather than making it.
pub fn is_teardown(artifact: &Artifact) -> bool {
    artifact.id == "teardown" || artifact.id.starts_with("teardown-")
}

/// Whether `artifact` is a step to take instead of the one before it.
pub fn is_alternative(artifact: &Artifact) -> bool {
    artifact.title.starts_with("Or ") || artifact.title.starts_with("Or,")
}

/// Where an artifact stands in the order of the setup, as the README of [`bundle`] numbers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The setup's step `n`, from 1.
    Step(usize),
    /// Instead of step `n`.
    InsteadOf(usize),
    /// The tear-down's step `n`, from 1.
    Teardown(usize),
    /// Instead of the tear-down's step `n`.
    TeardownInsteadOf(usize),
    /// A policy document, which a step passes to IAM (or, with `replaces`, could instead).
    Policy,
}

/// Each artifact's [`Place`], in artifact order: the page's list of the artifacts numbers
/// them as the README does.
pub fn places(artifacts: &[Artifact]) -> Vec<Place> {
    let (mut setup, mut teardown) = (0, 0);
    artifacts
        .iter()
        .map(|artifact| match artifact.kind {
            ArtifactKind::PermissionPolicy | ArtifactKind::TrustPolicy => Place::Policy,
            _ if is_teardown(artifact) && is_alternative(artifact) && teardown > 0 => {
                Place::TeardownInsteadOf(teardown)
            }
            _ if is_teardown(artifact) => {
                teardown += 1;
                Place::Teardown(teardown)
            }
            _ if is_alternative(artifact) && setup > 0 => Place::InsteadOf(setup),
            _ => {
                setup += 1;
                Place::Step(setup)
            }
        })
        .collect()
}

/// The numbered steps of the README, the setup's and the tear-down's.
#[derive(Default)]
struct Steps {
    text: String,
    number: usize,
}

impl Steps {
    /// A step; an alternative goes under the step before it, when there is one.
    fn push(&mut self, alternative: bool, how: &str) {
        if alternative && self.number > 0 {
            let _ = writeln!(self.text, "   - {how}");
        } else {
            self.number += 1;
            let _ = writeln!(self.text, "{}. {how}", self.number);
        }
    }
}

/// The files for `artifacts`; `title` heads the README (the scenario's [`title`]).
pub fn bundle(title: &str, artifacts: &[Artifact]) -> Vec<BundleFile> {
    let mut files = Vec::new();
    let mut policies = String::new();
    let mut setup = Steps::default();
    let mut teardown = Steps::default();
    let mut script_number = 0;
    let mut script_paths = Vec::new();
    for artifact in artifacts {
        let steps = if is_teardown(artifact) {
            &mut teardown
        } else {
            &mut setup
        };
        let alternative = is_alternative(artifact);
        let (path, how) = match artifact.kind {
            ArtifactKind::PermissionPolicy | ArtifactKind::TrustPolicy => {
                let path = format!("policies/{}.json", artifact.id);
                let how = match artifact.replaces {
                    Some(used) => format!(
                        "`{path}`: {} (an alternative to `policies/{used}.json`, which the scripts use)",
                        artifact.title
                    ),
                    None => format!("`{path}`: {} (the scripts pass this document to IAM)", artifact.title),
                };
                files.push(file(&path, &artifact.content, false));
                // Policies are what the scripts use, not steps of their own.
                let _ = writeln!(policies, "- {how}");
                continue;
            }
            ArtifactKind::KubernetesManifest => {
                let path = format!("manifests/{}.yaml", artifact.id);
                let how = format!("{}: `kubectl apply -f {path}`", artifact.title);
                (path, how)
            }
            ArtifactKind::ConsoleSteps => {
                steps.push(alternative, &format!("{}, in the vendor's console:\n", artifact.title));
                for line in artifact.content.lines() {
                    if line.is_empty() {
                        steps.text.push('\n');
                    } else {
                        let _ = writeln!(steps.text, "   {line}");
                    }
                }
                steps.text.push('\n');
                continue;
            }
            ArtifactKind::AwsCli | ArtifactKind::Eksctl | ArtifactKind::Kubectl | ArtifactKind::Helm => {
                script_number += 1;
                let path = format!("scripts/{script_number:02}-{}.sh", artifact.id);
                let how = format!("{}: `bash {path}`", artifact.title);
                script_paths.push((artifact.id, path.clone()));
                (path, how)
            }
        };
        let (content, executable) = match artifact.language {
            Language::Bash => (format!("#!/usr/bin/env bash\n{}", artifact.content), true),
            _ => (artifact.content.clone(), false),
        };
        files.push(file(&path, &content, executable));
        steps.push(alternative, &how);
    }
    let mut text = format!(
        "# {title}\n\nGenerated by bucketrust. Run the steps in this order; each script is one block that\nstops at its first failed command. A step under another is the alternative to it.\n\n## Steps\n\n{}",
        setup.text
    );
    if !teardown.text.is_empty() {
        let _ = write!(
            text,
            "\n## Tear down\n\nWhen the setup is no longer wanted, in this order:\n\n{}",
            teardown.text
        );
    }
    if !policies.is_empty() {
        let _ = write!(text, "\n## Policies\n\n{policies}");
    }
    let values = values_files(artifacts, &script_paths);
    if !values.is_empty() {
        let _ = write!(
            text,
            "\n## Chart values\n\nThe scripts pass these values with `--set`; the files hold the same values for a\nrepository that installs charts from values files.\n\n"
        );
        for (values_file, script) in &values {
            let _ = writeln!(text, "- `{}`: the values of `{script}`", values_file.path);
        }
    }
    files.push(file("README.md", &text, false));
    files.extend(values.into_iter().map(|(values_file, _)| values_file));
    files
}

/// A values file for each chart the setup's scripts install (not the tear-down's), with the
/// script it comes from. A release whose options Helm would refuse gets no file: the setup
/// checks report that script already.
fn values_files(artifacts: &[Artifact], script_paths: &[(&str, String)]) -> Vec<(BundleFile, String)> {
    let setup: Vec<Artifact> = artifacts
        .iter()
        .filter(|a| a.kind == ArtifactKind::Helm && !is_teardown(a))
        .cloned()
        .collect();
    let facts = Facts::read(&setup, &[]);
    let mut files: Vec<(BundleFile, String)> = Vec::new();
    for install in &facts.charts {
        let Ok(values) = chart_values::values(install) else {
            continue;
        };
        let script = script_paths
            .iter()
            .find(|(id, _)| *id == install.artifact)
            .map(|(_, path)| path.clone())
            .unwrap_or_default();
        let mut path = format!("values/{}.yaml", install.release);
        if files.iter().any(|(f, _)| f.path == path) {
            path = format!("values/{}-{}.yaml", install.release, files.len() + 1);
        }
        let comment = values_comment(install, &script, &path);
        files.push((
            file(&path, &crate::yaml::commented_document(&comment, &values), false),
            script,
        ));
    }
    files
}

/// The values file's heading: where the values come from and the command that uses the file.
fn values_comment(install: &ChartInstall, script: &str, path: &str) -> String {
    let subcommand: &[&str] = if install.installs {
        &["upgrade", "--install"]
    } else {
        &["upgrade"]
    };
    let mut command = Command::new("helm")
        .args(subcommand.iter().copied())
        .args([install.release.as_str(), install.chart.as_str()]);
    if let Some(namespace) = &install.namespace {
        command = command.opt("--namespace", namespace.as_str());
    }
    // A version the script reads from the running release is not a literal to repeat here.
    let version = install.version.as_deref().filter(|v| !v.contains('$'));
    if let Some(version) = version {
        command = command.opt("--version", version);
    }
    if install.reuse_values {
        command = command.flag("--reuse-values");
    }
    command = command.opt("--values", path);
    let mut text = format!(
        "Generated by bucketrust: the values {script} gives the Helm release `{}`\nwith --set.",
        install.release
    );
    if install.reuse_values {
        text.push_str(
            " The script upgrades with --reuse-values, so these values are added to\nthe ones the release runs with",
        );
        text.push_str(if version.is_none() && install.version.is_some() {
            ", and the chart's version stays the one it runs."
        } else {
            "."
        });
    }
    let _ = write!(
        text,
        "\nTo use this file instead of those options:\n{}",
        command.one_line()
    );
    text
}

/// Every step of the setup in order, as one bash script: each script's block, each manifest
/// through `kubectl apply -f -`, and each console step printed, with a pause until the user
/// presses Enter. The tear-down and the alternatives are left out, so the script makes the
/// setup once. The whole is one block under `set -euo pipefail`: it stops at the first failed
/// step, and pasted into a terminal it leaves the shell as it was. Steps are numbered as in
/// the README of [`bundle`].
pub fn one_script(title: &str, artifacts: &[Artifact]) -> String {
    let mut script = Script::new()
        .comment_text(format!("{title}: every step of the setup, in order, as one script."))
        .comment("Generated by bucketrust. It stops at the first step that fails; the tear-down")
        .comment("and the alternatives to a step are not in it.");
    let mut step = 0;
    for artifact in artifacts.iter().filter(|a| !is_teardown(a) && !is_alternative(a)) {
        let heading = |step: usize| format!("{step}. {}", artifact.title);
        script = match artifact.kind {
            ArtifactKind::PermissionPolicy | ArtifactKind::TrustPolicy => continue,
            ArtifactKind::KubernetesManifest => {
                step += 1;
                script
                    .blank()
                    .comment_text(heading(step))
                    .here_document(Command::new("kubectl").args(["apply", "-f", "-"]), &artifact.content)
            }
            ArtifactKind::ConsoleSteps => {
                step += 1;
                script
                    .blank()
                    .comment_text(format!("{}, in the vendor's console.", heading(step)))
                    .here_document(Command::new("cat"), &artifact.content)
                    .pause("Do these steps in the console, then press Enter to go on: ")
            }
            ArtifactKind::AwsCli | ArtifactKind::Eksctl | ArtifactKind::Kubectl | ArtifactKind::Helm => {
                step += 1;
                script.blank().comment_text(heading(step)).block(&artifact.content)
            }
        };
    }
    format!("#!/usr/bin/env bash\n{}", script.render())
}

fn file(path: &str, content: &str, executable: bool) -> BundleFile {
    BundleFile {
        path: path.to_owned(),
        content: content.to_owned(),
        executable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn artifact(id: &'static str, title: &'static str, kind: ArtifactKind, content: &str) -> Artifact {
        Artifact::new(id, title, kind, content.to_owned())
    }

    fn sample() -> Vec<Artifact> {
        vec![
            artifact(
                "find-inputs",
                "Look",
                ArtifactKind::AwsCli,
                "(\nset -euo pipefail\necho look\n)\n",
            ),
            artifact("permission-policy", "P", ArtifactKind::PermissionPolicy, "{}\n"),
            artifact(
                "aws-cli",
                "Create",
                ArtifactKind::AwsCli,
                "(\nset -euo pipefail\necho create\n)\n",
            ),
            artifact(
                "eksctl",
                "Or let eksctl",
                ArtifactKind::Eksctl,
                "(\nset -euo pipefail\necho eksctl\n)\n",
            ),
            artifact("storage", "Storage", ArtifactKind::KubernetesManifest, "kind: X\n"),
            artifact("console-steps", "Click", ArtifactKind::ConsoleSteps, "1. Click.\n"),
            artifact(
                "patch",
                "Patch",
                ArtifactKind::Kubectl,
                "(\nset -euo pipefail\necho patch\n)\n",
            ),
            artifact(
                "teardown",
                "Delete",
                ArtifactKind::AwsCli,
                "(\nset -euo pipefail\necho delete\n)\n",
            ),
            artifact("teardown-eksctl", "Or, eksctl deletes", ArtifactKind::Eksctl, "(\n)\n"),
        ]
    }

    #[test]
    fn scripts_are_numbered_in_order_and_policies_and_manifests_go_in_their_folders() {
        let files = bundle("Scenario", &sample());
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "scripts/01-find-inputs.sh",
                "policies/permission-policy.json",
                "scripts/02-aws-cli.sh",
                "scripts/03-eksctl.sh",
                "manifests/storage.yaml",
                "scripts/04-patch.sh",
                "scripts/05-teardown.sh",
                "scripts/06-teardown-eksctl.sh",
                "README.md"
            ]
        );
        assert!(files[0].executable && files[0].content.starts_with("#!/usr/bin/env bash\n("));
        assert!(!files[1].executable && !files[4].executable);
        let readme = &files[8].content;
        let steps = readme.split("## ").find(|s| s.starts_with("Steps")).unwrap_or_default();
        assert_eq!(
            steps,
            "Steps\n\n\
             1. Look: `bash scripts/01-find-inputs.sh`\n\
             2. Create: `bash scripts/02-aws-cli.sh`\n   \
             - Or let eksctl: `bash scripts/03-eksctl.sh`\n\
             3. Storage: `kubectl apply -f manifests/storage.yaml`\n\
             4. Click, in the vendor's console:\n\n   \
             1. Click.\n\n\
             5. Patch: `bash scripts/04-patch.sh`\n\n"
        );
        assert!(readme.contains(
            "## Tear down\n\nWhen the setup is no longer wanted, in this order:\n\n\
             1. Delete: `bash scripts/05-teardown.sh`\n   \
             - Or, eksctl deletes: `bash scripts/06-teardown-eksctl.sh`\n"
        ));
        assert!(readme.contains("- `policies/permission-policy.json`: P (the scripts pass this document to IAM)"));
    }

    #[test]
    fn one_script_runs_the_setup_steps_in_the_readme_s_order_and_nothing_else() {
        let script = one_script("Scenario", &sample());
        assert!(script.starts_with("#!/usr/bin/env bash\n(\nset -euo pipefail\n# Scenario: every step"));
        assert!(script.ends_with("\n)\n"));
        let headings: Vec<&str> = script
            .lines()
            .filter(|l| l.starts_with("# ") && l.chars().nth(2).is_some_and(|c| c.is_ascii_digit()))
            .collect();
        assert_eq!(
            headings,
            [
                "# 1. Look",
                "# 2. Create",
                "# 3. Storage",
                "# 4. Click, in the vendor's console.",
                "# 5. Patch"
            ]
        );
        assert!(script.contains("# 2. Create\n(\nset -euo pipefail\necho create\n)\n"));
        assert!(script.contains("kubectl apply -f - <<'EOF'\nkind: X\nEOF\n"));
        assert!(script.contains("cat <<'EOF'\n1. Click.\nEOF\nread -r -p "));
        for absent in ["eksctl", "delete"] {
            assert!(!script.contains(&format!("echo {absent}")), "{script}");
        }
    }
}
