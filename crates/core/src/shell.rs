//! The one module that writes shell text. Every value that came from the user is quoted by
//! `shell-words`, so a value reaches the command as exactly one literal argument.

use std::fmt::Write as _;

/// A bash script: comments, variable assignments and commands, in order.
#[derive(Clone, Debug, Default)]
pub struct Script {
    lines: Vec<Line>,
}

#[derive(Clone, Debug)]
enum Line {
    Comment(String),
    Blank,
    Assign {
        name: &'static str,
        value: Arg,
    },
    Command(Command),
    Unless {
        check: Command,
        then: Command,
    },
    ForEachWord {
        var: &'static str,
        list: &'static str,
        body: Command,
    },
    /// `first || fallback`: the fallback runs only when the first command fails.
    Either(Command, Command),
    /// A command whose output file only its owner may read, and which must not exist yet.
    Private(Command),
    /// A new private directory in the variable, removed when the block ends.
    PrivateDir(&'static str),
    /// A command run only if a later command fails, before the block stops.
    OnFailure(Command),
    /// A command reading `text` from a quoted here-document, in which nothing is expanded.
    HereDocument {
        command: Command,
        text: String,
    },
    /// A block rendered by another [`Script`], run as one step.
    Block(String),
    /// A prompt that waits for Enter on the terminal.
    Pause(&'static str),
}

/// One argument of a command.
#[derive(Clone, Debug)]
pub enum Arg {
    /// A literal value, quoted when it needs to be.
    Literal(String),
    /// A shell variable set earlier in the script, expanded as one word: `"$name"`.
    Var(&'static str),
    /// The standard output of a pipeline, as one word: `"$(first | second)"`, or of one
    /// command (see [`Arg::output`]). Under `set -o pipefail` a failure anywhere in it fails
    /// the assignment.
    Pipeline(Vec<Command>),
    /// A file in the directory a variable names, as one word: `"$dir"/file`.
    InDir { dir: &'static str, file: &'static str },
}

impl Arg {
    fn render(&self, out: &mut String) {
        match self {
            Arg::Literal(s) => out.push_str(&shell_words::quote(s)),
            Arg::InDir { dir, file } => {
                let _ = write!(out, "\"${dir}\"/{}", shell_words::quote(file));
            }
            Arg::Var(name) => {
                let _ = write!(out, "\"${name}\"");
            }
            Arg::Pipeline(commands) => {
                out.push_str("\"$(");
                out.push_str(
                    &commands
                        .iter()
                        .map(Command::render_one_line)
                        .collect::<Vec<_>>()
                        .join(" | "),
                );
                out.push_str(")\"");
            }
        }
    }
}

impl Arg {
    /// The standard output of `command`, as one word: `"$(command)"`.
    pub fn output(command: Command) -> Arg {
        Arg::Pipeline(vec![command])
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Literal(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Literal(s)
    }
}

/// A command with its arguments. Options and their values stay on one line; long commands
/// break before each option with a backslash continuation.
#[derive(Clone, Debug)]
pub struct Command {
    words: Vec<Vec<Arg>>,
    stdout: Option<Arg>,
}

/// Commands longer than this break their options onto continuation lines.
const MAX_LINE: usize = 80;

impl Command {
    pub fn new(program: &str) -> Command {
        Command {
            words: vec![vec![Arg::from(program)]],
            stdout: None,
        }
    }

    /// Appends words that stay on the command's first line, such as subcommands.
    pub fn args<A: Into<Arg>>(mut self, args: impl IntoIterator<Item = A>) -> Command {
        if let Some(first) = self.words.first_mut() {
            first.extend(args.into_iter().map(Into::into));
        }
        self
    }

    /// Appends an option and its value, kept together on one line.
    pub fn opt(mut self, name: &str, value: impl Into<Arg>) -> Command {
        self.words.push(vec![Arg::from(name), value.into()]);
        self
    }

    /// Appends an option without a value, such as `--approve`.
    pub fn flag(mut self, name: &str) -> Command {
        self.words.push(vec![Arg::from(name)]);
        self
    }

    /// Sends the command's standard output to `file`.
    pub fn stdout_to(mut self, file: impl Into<Arg>) -> Command {
        self.stdout = Some(file.into());
        self
    }

    fn render_group(group: &[Arg]) -> String {
        let mut out = String::new();
        for (i, arg) in group.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            arg.render(&mut out);
        }
        out
    }

    /// The command on one line, for quoting it in a comment or a README.
    pub fn one_line(&self) -> String {
        self.render_one_line()
    }

    fn render_one_line(&self) -> String {
        let mut out = self
            .words
            .iter()
            .map(|g| Command::render_group(g))
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(file) = &self.stdout {
            out.push_str(" > ");
            file.render(&mut out);
        }
        out
    }

    fn render(&self) -> String {
        let one_line = self.render_one_line();
        if one_line.len() <= MAX_LINE && !one_line.contains('\n') {
            return one_line;
        }
        let mut out = self
            .words
            .iter()
            .map(|g| Command::render_group(g))
            .collect::<Vec<_>>()
            .join(" \\\n  ");
        if let Some(file) = &self.stdout {
            out.push_str(" \\\n  > ");
            file.render(&mut out);
        }
        out
    }
}

impl Script {
    pub fn new() -> Script {
        Script::default()
    }

    /// A comment line. Comments are the generator's own words, never user input.
    pub fn comment(mut self, text: &'static str) -> Script {
        self.lines.push(Line::Comment(text.to_owned()));
        self
    }

    pub fn blank(mut self) -> Script {
        self.lines.push(Line::Blank);
        self
    }

    /// `name=<value>`; later commands refer to it as [`Arg::Var`].
    pub fn assign(mut self, name: &'static str, value: impl Into<Arg>) -> Script {
        self.lines.push(Line::Assign {
            name,
            value: value.into(),
        });
        self
    }

    pub fn command(mut self, command: Command) -> Script {
        self.lines.push(Line::Command(command));
        self
    }

    /// Runs `then` only when `check` fails, with `check`'s output discarded: a step that
    /// creates something that may already exist stays re-runnable under `set -e`.
    pub fn unless(mut self, check: Command, then: Command) -> Script {
        self.lines.push(Line::Unless { check, then });
        self
    }

    /// Runs `body` once per word of the variable `list`, with `var` set to the word. Only
    /// for lists of identifiers the generator knows to contain no spaces or glob characters,
    /// such as access key IDs printed by the AWS CLI with `--output text`.
    pub fn for_each_word(mut self, var: &'static str, list: &'static str, body: Command) -> Script {
        self.lines.push(Line::ForEachWord { var, list, body });
        self
    }

    /// `first || fallback`, for a check whose failure means "create it": the script goes
    /// on under `set -e` when either command succeeds.
    pub fn command_or(mut self, first: Command, fallback: Command) -> Script {
        self.lines.push(Line::Either(first, fallback));
        self
    }

    /// Runs `command`, whose output goes to a file (see [`Command::stdout_to`]), so that the
    /// file is created readable by its owner alone (`umask 077`) and an existing file is never
    /// written into (`set -o noclobber`: it might be readable by others, and a mode is only set
    /// when a file is created). Both settings hold in a subshell, so neither outlasts the
    /// command in a shell the script is pasted into.
    pub fn private(mut self, command: Command) -> Script {
        self.lines.push(Line::Private(command));
        self
    }

    /// A new directory that only its owner may enter (`mktemp -d`), in the variable `var`,
    /// removed with everything in it when the block ends, whether it succeeds or stops: the
    /// place for a file that holds a secret key.
    pub fn private_dir(mut self, var: &'static str) -> Script {
        self.lines.push(Line::PrivateDir(var));
        self
    }

    /// Runs `command` if a later command of the block fails, before the block stops: to undo
    /// a step whose result would otherwise be left behind unused (an access key no secret
    /// holds, say). Only the last such command counts.
    pub fn on_failure(mut self, command: Command) -> Script {
        self.lines.push(Line::OnFailure(command));
        self
    }

    /// A comment of the generator's own words composed at run time (a step's number and the
    /// title of an artifact, say), never of user input.
    pub fn comment_text(mut self, text: String) -> Script {
        self.lines.push(Line::Comment(text));
        self
    }

    /// `command <<'EOF'` with `text` as its standard input, verbatim: the delimiter is quoted,
    /// so the shell expands nothing in the text, and it is a word no line of the text is.
    pub fn here_document(mut self, command: Command, text: &str) -> Script {
        self.lines.push(Line::HereDocument {
            command,
            text: text.to_owned(),
        });
        self
    }

    /// A block that another script rendered (itself a subshell under `set -euo pipefail`),
    /// as one step of this one: if it fails, this script stops.
    pub fn block(mut self, rendered: &str) -> Script {
        self.lines.push(Line::Block(rendered.to_owned()));
        self
    }

    /// Prints `prompt` and waits for Enter, read from the terminal rather than standard input,
    /// which may be the script itself (`bash < file`). Without a terminal the read fails, and
    /// the script stops there instead of running past a step the user has not done.
    pub fn pause(mut self, prompt: &'static str) -> Script {
        self.lines.push(Line::Pause(prompt));
        self
    }

    /// The script text, ending with a newline: one block in a subshell under
    /// `set -euo pipefail`, so that pasted into a terminal as a whole it stops at the first
    /// failed command without closing the user's shell, and leaves no setting behind.
    pub fn render(&self) -> String {
        let mut out = String::from("(\nset -euo pipefail\n");
        self.render_lines(&mut out);
        out.push_str(")\n");
        out
    }

    /// The lines of the block without the subshell around them, for the tests of each line.
    #[cfg(test)]
    fn body(&self) -> String {
        let mut out = String::new();
        self.render_lines(&mut out);
        out
    }

    fn render_lines(&self, out: &mut String) {
        for line in &self.lines {
            match line {
                Line::Comment(text) => {
                    for l in text.lines() {
                        let _ = writeln!(out, "# {l}");
                    }
                }
                Line::Blank => out.push('\n'),
                Line::Assign { name, value } => {
                    // A `$` in a literal (an IAM policy variable such as `${aws:username}`) is
                    // the text's own, and the single quotes keep it so; shellcheck would take
                    // it for an expansion the quotes stop (SC2016).
                    if matches!(value, Arg::Literal(text) if text.contains('$')) {
                        out.push_str("# The $ below is the text's own, kept by the single quotes.\n");
                        out.push_str("# shellcheck disable=SC2016\n");
                    }
                    let _ = write!(out, "{name}=");
                    value.render(out);
                    out.push('\n');
                }
                Line::Command(command) => {
                    out.push_str(&command.render());
                    out.push('\n');
                }
                Line::Unless { check, then } => {
                    let _ = writeln!(out, "if ! {} > /dev/null 2>&1; then", check.render_one_line());
                    push_indented(out, then);
                    out.push_str("fi\n");
                }
                Line::ForEachWord { var, list, body } => {
                    let _ = writeln!(out, "for {var} in ${list}; do");
                    push_indented(out, body);
                    out.push_str("done\n");
                }
                Line::Private(command) => {
                    out.push_str("(umask 077 && set -o noclobber && ");
                    out.push_str(&command.render());
                    out.push_str(")\n");
                }
                Line::Either(first, fallback) => {
                    out.push_str(&first.render());
                    out.push_str(" ||\n  ");
                    out.push_str(&fallback.render());
                    out.push('\n');
                }
                Line::PrivateDir(var) => {
                    let _ = writeln!(out, "{var}=\"$(mktemp -d)\"");
                    let cleanup = format!("rm -rf -- \"${var}\"");
                    let _ = writeln!(out, "trap {} EXIT", shell_words::quote(&cleanup));
                }
                Line::OnFailure(command) => {
                    let _ = writeln!(out, "trap {} ERR", shell_words::quote(&command.render_one_line()));
                }
                Line::HereDocument { command, text } => {
                    let delimiter = delimiter_for(text);
                    let _ = writeln!(out, "{} <<'{delimiter}'", command.render_one_line());
                    out.push_str(text);
                    if !text.is_empty() && !text.ends_with('\n') {
                        out.push('\n');
                    }
                    let _ = writeln!(out, "{delimiter}");
                }
                Line::Block(rendered) => {
                    out.push_str(rendered);
                    if !rendered.ends_with('\n') {
                        out.push('\n');
                    }
                }
                Line::Pause(prompt) => {
                    let _ = writeln!(out, "read -r -p {} _ < /dev/tty", shell_words::quote(prompt));
                }
            }
        }
    }
}

/// A here-document's delimiter: `EOF`, or `EOF_1`, `EOF_2`, … when a line of `text` is `EOF`,
/// since that line would end the document early.
fn delimiter_for(text: &str) -> String {
    let mut delimiter = String::from("EOF");
    let mut n = 0;
    while text.lines().any(|l| l == delimiter) {
        n += 1;
        delimiter = format!("EOF_{n}");
    }
    delimiter
}

/// `command` as the body of an `if` or a `for`, two spaces in. Every value in it is a quoted
/// word on one line (validation refuses line breaks), so indenting adds no character to one.
fn push_indented(out: &mut String, command: &Command) {
    for line in command.render().lines() {
        let _ = writeln!(out, "  {line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_literal_with_a_dollar_is_assigned_as_written_and_says_why_to_shellcheck() {
        let script = Script::new().assign(
            "policy",
            r#"{"Resource": "arn:aws:iam::${aws:PrincipalAccount}:user/x"}"#,
        );
        let body = script.body();
        assert!(body.contains("# shellcheck disable=SC2016\npolicy='"), "{body}");
        let (ok, out) = run(
            &script.command(Command::new("printf").args(["%s"]).args([Arg::Var("policy")])),
            "dollar",
        );
        assert!(ok);
        assert_eq!(out, r#"{"Resource": "arn:aws:iam::${aws:PrincipalAccount}:user/x"}"#);
    }

    #[test]
    fn hostile_values_become_single_literal_words() {
        let hostile = "x'; rm -rf / #$(id)`id`\n\"";
        let text = Script::new()
            .command(Command::new("aws").args(["s3"]).opt("--name", hostile))
            .body();
        let words = shell_words::split(text.trim_end()).unwrap_or_default();
        assert_eq!(words, vec!["aws", "s3", "--name", hostile]);
    }

    #[test]
    #[cfg(unix)]
    fn a_here_document_is_passed_verbatim_and_never_ends_early() {
        let text = "kind: X\nname: $(id) `id` \\\nEOF\nEOF_1\n";
        let script = Script::new()
            .here_document(Command::new("cat"), text)
            .pause("Press Enter")
            .body();
        assert_eq!(
            script,
            format!("cat <<'EOF_2'\n{text}EOF_2\nread -r -p 'Press Enter' _ < /dev/tty\n")
        );
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(Script::new().here_document(Command::new("cat"), text).render())
            .output();
        assert_eq!(out.map(|o| o.stdout).unwrap_or_default(), text.as_bytes());
    }

    #[test]
    fn long_commands_break_before_options() {
        let cmd = Command::new("aws")
            .args(["iam", "create-role"])
            .opt("--role-name", "A-rather-long-role-name-for-testing")
            .opt("--assume-role-policy-document", Arg::Var("trust_policy"));
        let text = Script::new().command(cmd).body();
        assert_eq!(
            text,
            "aws iam create-role \\\n  --role-name A-rather-long-role-name-for-testing \\\n  --assume-role-policy-document \"$trust_policy\"\n"
        );
    }

    #[test]
    fn unless_runs_the_step_only_when_the_check_fails() {
        let text = Script::new()
            .unless(
                Command::new("aws").args(["iam", "get-x"]).opt("--name", "a b"),
                Command::new("aws").args(["iam", "create-x"]).opt("--name", "a b"),
            )
            .body();
        assert_eq!(
            text,
            "if ! aws iam get-x --name 'a b' > /dev/null 2>&1; then\n  aws iam create-x --name 'a b'\nfi\n"
        );
    }

    #[test]
    fn either_runs_the_fallback_after_a_line_break() {
        let text = Script::new()
            .command_or(
                Command::new("kubectl").args(["describe", "configmap", "c"]),
                Command::new("kubectl")
                    .args(["create", "configmap", "c"])
                    .opt("--namespace", "kube system"),
            )
            .body();
        assert_eq!(
            text,
            "kubectl describe configmap c ||\n  kubectl create configmap c --namespace 'kube system'\n"
        );
        let words = shell_words::split(&text.replace("||\n", "")).unwrap_or_default();
        assert_eq!(words.last().map(String::as_str), Some("kube system"));
    }

    #[test]
    fn private_output_is_owner_only_and_never_overwrites() {
        let text = Script::new()
            .private(Command::new("jq").args(["-j", ".a", "c.json"]).stdout_to("a b"))
            .body();
        assert_eq!(text, "(umask 077 && set -o noclobber && jq -j .a c.json > 'a b')\n");
    }

    #[test]
    fn a_pipeline_expands_as_one_word() {
        let pipeline = Arg::Pipeline(vec![
            Command::new("helm").args(["get", "metadata", "a b"]),
            Command::new("jq").args(["-r", ".version"]),
        ]);
        let text = Script::new().assign("v", pipeline).body();
        assert_eq!(text, "v=\"$(helm get metadata 'a b' | jq -r .version)\"\n");
    }

    #[test]
    fn for_each_word_splits_the_list() {
        let text = Script::new()
            .for_each_word("id", "ids", Command::new("aws").opt("--id", Arg::Var("id")))
            .body();
        assert_eq!(text, "for id in $ids; do\n  aws --id \"$id\"\ndone\n");
    }

    #[test]
    fn output_expands_as_one_word() {
        let out = Arg::output(Command::new("jq").args(["-r", ".A.B", "c.json"]));
        let text = Script::new().assign("v", out).body();
        assert_eq!(text, "v=\"$(jq -r .A.B c.json)\"\n");
    }

    /// Runs `script` in bash from a scratch directory; the status and what it printed.
    fn run(script: &Script, name: &str) -> (bool, String) {
        let dir = std::env::temp_dir().join(format!("bucketrust-shell-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(script.render())
            .current_dir(&dir)
            .output()
            .unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
    }

    #[test]
    fn a_block_is_a_subshell_that_stops_at_the_first_failure() {
        let script = Script::new()
            .command(Command::new("echo").args(["one"]))
            .command(Command::new("false"))
            .command(Command::new("echo").args(["two"]));
        assert!(script.render().starts_with("(\nset -euo pipefail\n"));
        assert!(script.render().ends_with("\n)\n"));
        let (ok, printed) = run(&script, "stops");
        assert!(!ok);
        assert_eq!(printed, "one\n");
    }

    #[test]
    fn the_private_directory_goes_and_the_undo_runs_on_failure() {
        let script = Script::new()
            .private_dir("key_dir")
            .command(Command::new("touch").args([Arg::InDir {
                dir: "key_dir",
                file: "secret",
            }]))
            .assign("kept", Arg::Var("key_dir"))
            .on_failure(Command::new("echo").args([Arg::from("undo"), Arg::Var("kept")]))
            .command(Command::new("false"));
        let (ok, printed) = run(&script, "private");
        assert!(!ok);
        let dir = printed.strip_prefix("undo ").unwrap().trim();
        assert!(dir.starts_with('/'), "{printed}");
        assert!(!std::path::Path::new(dir).exists(), "{dir} outlived the block");
        // On success the directory goes too, and the undo does not run.
        let ok_script = Script::new()
            .private_dir("key_dir")
            .on_failure(Command::new("echo").args(["undo"]))
            .command(Command::new("echo").args([Arg::Var("key_dir")]));
        let (ok, printed) = run(&ok_script, "private-ok");
        assert!(ok);
        assert!(!printed.contains("undo"));
        assert!(!std::path::Path::new(printed.trim()).exists());
    }
}
