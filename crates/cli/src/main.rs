//! `bucketrust`: the command-line face of bucketrust. It reads a setup file and prints the
//! same artifacts the page shows, byte for byte, and it lints IAM policy documents.

use bucketrust_core::crosscheck;
use bucketrust_core::lint::{self, Attachment, Finding, PolicyKind, Severity};
use bucketrust_core::text::lowercase_first;
use bucketrust_core::{generate, validate, Artifact, RawSetup};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write as _;
use std::path::PathBuf;
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
    /// `{"artifacts":[{"id","title","kind","language","content"}],"setupChecks":{"checks":[…],"findings":[…]}}`.
    Json,
}

/// Exit status for a setup that does not validate, and for unreadable input.
const INVALID: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Commands::Generate { setup, format } => run_generate(&setup, format),
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
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush()) {
        eprintln!("error: cannot write the output: {e}");
        return ExitCode::from(INVALID);
    }
    if unreadable {
        return ExitCode::from(INVALID);
    }
    let fails = results
        .iter()
        .any(|(_, _, findings)| findings.iter().any(|f| f.severity.fails()));
    if fails {
        ExitCode::from(FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

fn lint_json(results: &[(String, String, Vec<Finding>)]) -> String {
    let findings: Vec<serde_json::Value> = results
        .iter()
        .flat_map(|(file, _, findings)| {
            findings.iter().map(move |f| {
                serde_json::json!({
                    "file": file,
                    "code": f.code,
                    "severity": f.severity.id(),
                    "message": f.message,
                    "help": f.help,
                    "line": f.line,
                    "column": f.column,
                    "pointer": f.pointer,
                })
            })
        })
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

fn run_generate(path: &PathBuf, format: Format) -> ExitCode {
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
    let checks = crosscheck::check(&artifacts);
    let out = match format {
        Format::Json => json_output(&artifacts, &checks),
        Format::Text => text_output(&artifacts),
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush()) {
        eprintln!("error: cannot write the output: {e}");
        return ExitCode::from(INVALID);
    }
    // The setup checks' verdict goes to stderr, so that stdout stays the artifacts alone.
    eprint!("{}", checks.render_text());
    if checks.fails() {
        ExitCode::from(FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

fn report(file: &str, errors: &[bucketrust_core::SetupError]) -> ExitCode {
    for error in errors {
        eprintln!("error: {file}: {error}");
    }
    ExitCode::from(INVALID)
}

fn json_output(artifacts: &[Artifact], checks: &crosscheck::Report) -> String {
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
    let document = serde_json::json!({
        "artifacts": artifacts,
        "setupChecks": { "checks": summaries, "findings": findings },
    });
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
    out.push('\n');
    out
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
