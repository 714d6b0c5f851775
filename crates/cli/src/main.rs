//! `bucketrust`: the command-line face of bucketrust. It reads a setup file and prints the
//! same artifacts the page shows, byte for byte.

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
    /// Generates every artifact for a setup file (a JSON object of camelCase keys).
    Generate {
        /// The setup file; `-` reads standard input.
        setup: PathBuf,
        /// How to print the artifacts.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Each artifact under a header line with its title, id and kind.
    Text,
    /// `{"artifacts":[{"id","title","kind","language","content"}]}`.
    Json,
}

/// Exit status for a setup that does not validate, and for unreadable input.
const INVALID: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Commands::Generate { setup, format } => run_generate(&setup, format),
    }
}

fn run_generate(path: &PathBuf, format: Format) -> ExitCode {
    let shown = path.display();
    let text = if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    };
    let text = match text {
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
    let out = match format {
        Format::Json => json_output(&artifacts),
        Format::Text => text_output(&artifacts),
    };
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the output: {e}");
            ExitCode::from(INVALID)
        }
    }
}

/// The operating system's messages start with a capital ("No such file or directory"); the
/// CLI's messages are lowercase throughout.
fn lowercase_first(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn report(file: &str, errors: &[bucketrust_core::SetupError]) -> ExitCode {
    for error in errors {
        eprintln!("error: {file}: {error}");
    }
    ExitCode::from(INVALID)
}

fn json_output(artifacts: &[Artifact]) -> String {
    let mut out = serde_json::to_string_pretty(&serde_json::json!({ "artifacts": artifacts })).unwrap_or_default();
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
