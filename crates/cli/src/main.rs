//! `bucketrust`: the command-line face of bucketrust. It reads a setup file and prints the
//! same artifacts the page shows, byte for byte, and it lints IAM policy documents.

use bucketrust_core::bundle::{bundle, one_script, title, BundleFile};
use bucketrust_core::crosscheck;
use bucketrust_core::lint::{self, Attachment, Finding, PolicyKind, Severity};
use bucketrust_core::text::lowercase_first;
use bucketrust_core::{generate, review, validate, Artifact, ArtifactKind, RawSetup};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "bucketrust",
    version,
    about = "Generates the IAM policies, commands and manifests that let a Kubernetes backup system reach an S3 bucket."
)]
struct Cli {
    #[command(subcommand)]
    command: Commands,
}

#[derive(Subcommand)]
enum Commands {
    /// Generates every artifact for a setup file (a JSON object of camelCase keys), and checks
    /// the artifacts against each other (the setup checks, on stderr).
    ///
    /// Exit status: 0 when the setup checks pass, 1 when one fails, 2 for an invalid or
    /// unreadable setup.
    Generate {
        /// The setup file; `-` reads standard input.
        setup: PathBuf,
        /// How to print the artifacts.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Writes the artifacts as files into this directory instead of printing them:
        /// `policies/`, `scripts/NN-*.sh` in the order to run them, `manifests/` and a
        /// `README.md` with every step, the same files as the page's "Download all".
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// With `--out`, writes into a directory that is not empty, replacing files of the
        /// same names.
        #[arg(long, requires = "out")]
        force: bool,
    },
    /// Checks a generated setup again, edits included: lints every policy artifact and runs
    /// the setup checks across all of them.
    ///
    /// The file is the output of `generate --format json` (`-` reads standard input).
    /// Exit status: 0 when no `error` or `security-warning` is found, 1 when one is, 2 for
    /// usage errors and unreadable or malformed files.
    Check {
        /// The artifacts file; `-` reads standard input.
        artifacts: PathBuf,
        /// How to print the findings.
        #[arg(long, value_enum, default_value_t = LintFormat::Text)]
        format: LintFormat,
    },
    /// Lints IAM identity (permission) policies and role trust policies; see docs/rules.md.
    ///
    /// Exit status: 0 when no `error` or `security-warning` is found, 1 when one is, 2 for
    /// usage errors and unreadable files.
    Lint {
        /// The policy files; `-` reads standard input.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The policy kind; detected from each document when absent (a `Principal` means trust).
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// How an identity policy is attached, which sets its size quota.
        #[arg(long, value_enum, default_value_t = AttachmentArg::Managed)]
        attachment: AttachmentArg,
        /// How to print the findings.
        #[arg(long, value_enum, default_value_t = LintFormat::Text)]
        format: LintFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    /// A permission policy attached to a user, group or role.
    Identity,
    /// A role's trust policy.
    Trust,
}

#[derive(Clone, Copy, ValueEnum)]
enum AttachmentArg {
    /// A customer managed policy (6,144 characters).
    Managed,
    /// A user's inline policy (2,048 characters).
    InlineUser,
    /// A group's inline policy (5,120 characters).
    InlineGroup,
    /// A role's inline policy (10,240 characters).
    InlineRole,
}

#[derive(Clone, Copy, ValueEnum)]
enum LintFormat {
    /// Compiler-style diagnostics with the offending line.
    Text,
    /// `{"findings":[{"file","code","severity","message","help","line","column","pointer"}]}`.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Each artifact under a header line with its title, id and kind.
    Text,
    /// `{"artifacts":[{"id","title","kind","language","content"}],"setupChecks":{"backupsOn":…,"checks":[…],"findings":[…]}}`.
    Json,
    /// Every step of the setup in order as one bash script, the page's "Copy as one script":
    /// no tear-down, no alternative step, manifests applied from here-documents, a pause at
    /// each console step.
    Script,
}

/// Exit status for a setup that does not validate, and for unreadable input.
const INVALID: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Commands::Generate {
            setup,
            format,
            out,
            force,
        } => run_generate(&setup, format, out.as_deref().map(|dir| (dir, force))),
        Commands::Check { artifacts, format } => run_check(&artifacts, format),
        Commands::Lint {
            files,
            kind,
            attachment,
            format,
        } => run_lint(&files, kind, attachment, format),
    }
}

/// Exit status when a lint finds an `error` or a `security-warning`.
const FINDINGS: u8 = 1;

/// Writes the whole output to stdout; a failure is reported and becomes exit status 2.
fn print(out: &str) -> Result<(), ExitCode> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| {
            eprintln!("error: cannot write the output: {e}");
            ExitCode::from(INVALID)
        })
}

/// Exit status 1 when an `error` or `security-warning` was found, 0 otherwise.
fn verdict(fails: bool) -> ExitCode {
    if fails {
        ExitCode::from(FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

fn read_input(path: &PathBuf) -> std::io::Result<String> {
    if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    }
}

fn run_lint(files: &[PathBuf], kind: Option<KindArg>, attachment: AttachmentArg, format: LintFormat) -> ExitCode {
    let options = lint::Options {
        kind: kind.map(|k| match k {
            KindArg::Identity => PolicyKind::Identity,
            KindArg::Trust => PolicyKind::Trust,
        }),
        attachment: Some(match attachment {
            AttachmentArg::Managed => Attachment::Managed,
            AttachmentArg::InlineUser => Attachment::InlineUser,
            AttachmentArg::InlineGroup => Attachment::InlineGroup,
            AttachmentArg::InlineRole => Attachment::InlineRole,
        }),
    };
    let mut unreadable = false;
    let mut results: Vec<(String, String, Vec<Finding>)> = Vec::new();
    for path in files {
        let shown = path.display().to_string();
        match read_input(path) {
            Ok(text) => {
                let findings = lint::lint_with(&text, &options);
                results.push((shown, text, findings));
            }
            Err(e) => {
                eprintln!("error: cannot read `{shown}`: {}", lowercase_first(&e.to_string()));
                unreadable = true;
            }
        }
    }
    let out = match format {
        LintFormat::Json => lint_json(&results),
        LintFormat::Text => lint_text(&results),
    };
    if let Err(code) = print(&out) {
        return code;
    }
    if unreadable {
        return ExitCode::from(INVALID);
    }
    verdict(
        results
            .iter()
            .any(|(_, _, findings)| findings.iter().any(|f| f.severity.fails())),
    )
}

/// A finding as the JSON outputs list it, with `place` (`"file"` or `"artifact"`) first.
fn finding_json(place: (&str, &str), f: &Finding) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    map.insert(place.0.to_owned(), place.1.into());
    for (key, value) in [
        ("code", serde_json::Value::from(f.code)),
        ("severity", f.severity.id().into()),
        ("message", f.message.as_str().into()),
        ("help", f.help.as_str().into()),
        ("line", f.line.into()),
        ("column", f.column.into()),
        ("pointer", f.pointer.as_str().into()),
    ] {
        map.insert(key.to_owned(), value);
    }
    serde_json::Value::Object(map)
}

fn lint_json(results: &[(String, String, Vec<Finding>)]) -> String {
    let findings: Vec<serde_json::Value> = results
        .iter()
        .flat_map(|(file, _, findings)| findings.iter().map(move |f| finding_json(("file", file), f)))
        .collect();
    let mut out = serde_json::to_string_pretty(&serde_json::json!({ "findings": findings })).unwrap_or_default();
    out.push('\n');
    out
}

fn lint_text(results: &[(String, String, Vec<Finding>)]) -> String {
    let mut out = String::new();
    for (file, text, findings) in results {
        out.push_str(&lint::render::render_all(file, text, findings));
    }
    let counts: Vec<String> = Severity::counts(results.iter().flat_map(|(_, _, findings)| findings))
        .iter()
        .map(|(severity, n)| format!("{n} {}(s)", severity.words()))
        .collect();
    out.push_str(&format!("{} file(s) linted: {}\n", results.len(), counts.join(", ")));
    out
}

fn run_generate(path: &PathBuf, format: Format, out_dir: Option<(&Path, bool)>) -> ExitCode {
    let shown = path.display();
    let text = match read_input(path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot read `{shown}`: {}", lowercase_first(&e.to_string()));
            return ExitCode::from(INVALID);
        }
    };
    let raw = match RawSetup::from_json(&text) {
        Ok(raw) => raw,
        Err(errors) => return report(&shown.to_string(), &errors),
    };
    let setup = match validate(&raw) {
        Ok(setup) => setup,
        Err(errors) => return report(&shown.to_string(), &errors),
    };
    for field in raw.ignored_fields() {
        eprintln!("note: {shown}: `{field}` is not used by this target and auth method, so it was ignored");
    }
    let artifacts = generate(&setup);
    let checks = review(&artifacts).setup_checks;
    if let Some((dir, force)) = out_dir {
        let title = title(setup.target(), setup.auth());
        if let Err(e) = write_bundle(dir, force, &bundle(&title, &artifacts)) {
            eprintln!("error: {e}");
            return ExitCode::from(INVALID);
        }
        eprint!("{}", checks.render_text());
        return verdict(checks.fails());
    }
    let out = match format {
        Format::Json => json_output(&artifacts, &checks),
        Format::Text => text_output(&artifacts),
        Format::Script => one_script(&title(setup.target(), setup.auth()), &artifacts),
    };
    if let Err(code) = print(&out) {
        return code;
    }
    // The setup checks' verdict goes to stderr, so that stdout stays the artifacts alone.
    eprint!("{}", checks.render_text());
    verdict(checks.fails())
}

/// Writes the bundle's files under `dir`, which must be empty or new unless `force`.
fn write_bundle(dir: &Path, force: bool, files: &[BundleFile]) -> Result<(), String> {
    let shown = dir.display();
    let not_empty = std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(false);
    if not_empty && !force {
        return Err(format!(
            "`{shown}` is not empty: choose a new directory, or add `--force` to replace files of the same names"
        ));
    }
    for file in files {
        let path = dir.join(&file.path);
        let fail =
            |e: std::io::Error| format!("cannot write `{}`: {}", path.display(), lowercase_first(&e.to_string()));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(fail)?;
        }
        std::fs::write(&path, &file.content).map_err(fail)?;
        #[cfg(unix)]
        if file.executable {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).map_err(fail)?;
        }
    }
    eprintln!("wrote {} files to `{shown}`", files.len());
    Ok(())
}

fn report(file: &str, errors: &[bucketrust_core::SetupError]) -> ExitCode {
    for error in errors {
        eprintln!("error: {file}: {error}");
    }
    ExitCode::from(INVALID)
}

fn json_output(artifacts: &[Artifact], checks: &crosscheck::Report) -> String {
    let document = serde_json::json!({
        "artifacts": artifacts,
        "setupChecks": setup_checks_json(checks),
    });
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
    out.push('\n');
    out
}

/// `{"backupsOn":…,"checks":[{"code","name","compared"}],"findings":[{"code","name","severity","artifact","message","help"}]}`.
fn setup_checks_json(checks: &crosscheck::Report) -> serde_json::Value {
    let summaries: Vec<serde_json::Value> = checks
        .checks
        .iter()
        .map(|c| serde_json::json!({ "code": c.code, "name": c.name, "compared": c.compared }))
        .collect();
    let findings: Vec<serde_json::Value> = checks
        .findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "code": f.code,
                "name": f.name,
                "severity": f.severity.id(),
                "artifact": f.artifact,
                "message": f.message,
                "help": f.help,
            })
        })
        .collect();
    serde_json::json!({ "backupsOn": checks.backups_on(), "checks": summaries, "findings": findings })
}

fn text_output(artifacts: &[Artifact]) -> String {
    let mut out = String::new();
    for (i, a) in artifacts.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("==> {} [{}, {}]\n", a.title, a.id, a.kind.id()));
        out.push_str(&a.content);
    }
    out
}

/// Reads the artifacts of `generate --format json`: every entry needs a string `id`, a known
/// `kind` and a string `content`; `title` and `language` are not needed to check them.
fn read_artifacts(text: &str) -> Result<Vec<Artifact>, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not JSON: {}", lowercase_first(&e.to_string())))?;
    let entries = value
        .get("artifacts")
        .and_then(serde_json::Value::as_array)
        .ok_or("no `artifacts` array: the file must be the output of `bucketrust generate --format json`")?;
    let mut artifacts = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let field = |key: &str| entry.get(key).and_then(serde_json::Value::as_str);
        let (Some(id), Some(kind), Some(content)) = (field("id"), field("kind"), field("content")) else {
            return Err(format!(
                "artifact {}: `id`, `kind` and `content` must be strings",
                i + 1
            ));
        };
        let kind = ArtifactKind::from_id(kind)
            .ok_or_else(|| format!("artifact `{id}`: kind `{kind}` is not one of the artifact kinds"))?;
        artifacts.push(Artifact {
            // Artifact ids and titles are static in the generators. The few read here live
            // until the process exits a moment later, so leaking them is the simple way to
            // give the checks the same type the generators produce.
            id: Box::leak(id.to_owned().into_boxed_str()),
            title: Box::leak(field("title").unwrap_or(id).to_owned().into_boxed_str()),
            kind,
            language: kind.language(),
            content: content.to_owned(),
            replaces: field("replaces").map(|r| &*Box::leak(r.to_owned().into_boxed_str())),
            steps: None,
        });
    }
    Ok(artifacts)
}

fn run_check(path: &PathBuf, format: LintFormat) -> ExitCode {
    let shown = path.display().to_string();
    let artifacts = match read_input(path).map_err(|e| lowercase_first(&e.to_string())) {
        Ok(text) => match read_artifacts(&text) {
            Ok(artifacts) => artifacts,
            Err(e) => {
                eprintln!("error: `{shown}`: {e}");
                return ExitCode::from(INVALID);
            }
        },
        Err(e) => {
            eprintln!("error: cannot read `{shown}`: {e}");
            return ExitCode::from(INVALID);
        }
    };
    let review = review(&artifacts);
    let linted: Vec<(&Artifact, &[Finding])> = review
        .findings
        .iter()
        .filter_map(|(id, findings)| Some((artifacts.iter().find(|a| a.id == *id)?, findings.as_slice())))
        .collect();
    let checks = review.setup_checks;
    let out = match format {
        LintFormat::Json => {
            let findings: Vec<serde_json::Value> = linted
                .iter()
                .flat_map(|(a, findings)| findings.iter().map(|f| finding_json(("artifact", a.id), f)))
                .collect();
            let document = serde_json::json!({ "findings": findings, "setupChecks": setup_checks_json(&checks) });
            let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
            out.push('\n');
            out
        }
        LintFormat::Text => {
            let mut out = String::new();
            for (artifact, findings) in &linted {
                out.push_str(&lint::render::render_all(
                    &format!("{shown}#{}", artifact.id),
                    &artifact.content,
                    findings,
                ));
            }
            let counts: Vec<String> = Severity::counts(linted.iter().flat_map(|(_, findings)| findings.iter()))
                .iter()
                .map(|(severity, n)| format!("{n} {}(s)", severity.words()))
                .collect();
            out.push_str(&format!(
                "{} policy artifact(s) linted: {}\n",
                linted.len(),
                counts.join(", ")
            ));
            out.push_str(&checks.render_text());
            out
        }
    };
    if let Err(code) = print(&out) {
        return code;
    }
    let fails = linted
        .iter()
        .any(|(_, findings)| findings.iter().any(|f| f.severity.fails()));
    verdict(fails || checks.fails())
}
