//! Console steps: what a user does in a vendor's web console, built as scripts are built by
//! `shell.rs`. Steps are numbered by their order, so inserting one never leaves a gap, and
//! each value the user types into the console is a typed row, so the setup checks read back
//! what the wizard is given (a bucket, a role ARN) from the same structure that wrote it.

use std::fmt::Write as _;

/// What a row's value is, for the setup checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// A bucket name the wizard is given.
    Bucket,
    /// A role ARN the wizard is given, which the scripts must create.
    RoleArn,
    /// Anything else: a name, a region, a choice, information.
    Other,
}

/// One line of a step or a note: free text, or `Label: value`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    Text(String),
    Row { label: String, value: String, input: Input },
}

/// A numbered step: its first line, then the lines indented under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub head: Line,
    pub body: Vec<Line>,
}

/// A part of the steps: a numbered step, or an unnumbered paragraph (a note before or after
/// the steps, which the wizard is not given).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Step(Step),
    Note(Vec<Line>),
}

/// How rows are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// `Label: value`.
    Plain,
    /// `Label:` padded to a column, so the values of a long form line up.
    Aligned,
}

/// The column aligned values start at, counted from the label.
const ALIGNED_WIDTH: usize = 22;

/// The console steps of one artifact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleSteps {
    pub layout: Layout,
    pub blocks: Vec<Block>,
}

impl ConsoleSteps {
    pub fn new(layout: Layout) -> ConsoleSteps {
        ConsoleSteps {
            layout,
            blocks: Vec::new(),
        }
    }

    /// Adds a numbered step whose first line is `text`.
    pub fn step(mut self, text: impl Into<String>) -> ConsoleSteps {
        self.blocks.push(Block::Step(Step {
            head: Line::Text(text.into()),
            body: Vec::new(),
        }));
        self
    }

    /// Adds a numbered step that is itself a row, such as `ARN: arn:…`.
    pub fn step_row(mut self, label: &str, value: impl Into<String>, input: Input) -> ConsoleSteps {
        self.blocks.push(Block::Step(Step {
            head: row(label, value, input),
            body: Vec::new(),
        }));
        self
    }

    /// Adds an unnumbered paragraph, separated from what comes before by a blank line when
    /// steps precede it.
    pub fn note(mut self, text: impl Into<String>) -> ConsoleSteps {
        self.blocks.push(Block::Note(vec![Line::Text(text.into())]));
        self
    }

    /// Adds a line of text under the last step or note.
    pub fn text(mut self, text: impl Into<String>) -> ConsoleSteps {
        self.last_lines().push(Line::Text(text.into()));
        self
    }

    /// Adds a row under the last step or note.
    pub fn row(mut self, label: &str, value: impl Into<String>, input: Input) -> ConsoleSteps {
        self.last_lines().push(row(label, value, input));
        self
    }

    /// Adds `Label: value` for information, under the last step or note.
    pub fn info(self, label: &str, value: impl Into<String>) -> ConsoleSteps {
        self.row(label, value, Input::Other)
    }

    fn last_lines(&mut self) -> &mut Vec<Line> {
        if self.blocks.is_empty() {
            self.blocks.push(Block::Note(Vec::new()));
        }
        match self.blocks.last_mut() {
            Some(Block::Step(step)) => &mut step.body,
            Some(Block::Note(lines)) => lines,
            None => unreachable!("a block was just added"),
        }
    }

    /// The rows that give the console a bucket or a role ARN, each with how messages name
    /// it: `N. Label` for a step that is itself the row, `Label` for a row under a step or
    /// in a note.
    pub fn inputs(&self) -> Vec<(String, &str, Input)> {
        let mut out = Vec::new();
        let mut number = 0;
        for block in &self.blocks {
            let (head, body) = match block {
                Block::Step(step) => {
                    number += 1;
                    (Some(&step.head), step.body.as_slice())
                }
                Block::Note(lines) => (None, lines.as_slice()),
            };
            let rows = head
                .map(|h| (true, h))
                .into_iter()
                .chain(body.iter().map(|l| (false, l)));
            for (is_head, line) in rows {
                if let Line::Row { label, value, input } = line {
                    if *input != Input::Other {
                        let name = if is_head {
                            format!("{number}. {label}")
                        } else {
                            label.clone()
                        };
                        out.push((name, value.as_str(), *input));
                    }
                }
            }
        }
        out
    }

    /// The text the user reads: a blank line sets each note apart from its neighbours.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut number = 0;
        let mut previous: Option<&Block> = None;
        for block in &self.blocks {
            let is_note = |b: &Block| matches!(b, Block::Note(_));
            if previous.is_some_and(|p| is_note(p) || is_note(block)) {
                out.push('\n');
            }
            previous = Some(block);
            match block {
                Block::Step(step) => {
                    number += 1;
                    let prefix = format!("{number}. ");
                    self.write_line(&mut out, &prefix, "   ", &step.head);
                    for line in &step.body {
                        self.write_line(&mut out, "   ", "   ", line);
                    }
                }
                Block::Note(lines) => {
                    for line in lines {
                        self.write_line(&mut out, "", "", line);
                    }
                }
            }
        }
        out
    }

    /// One line: its first text line after `first`, the rest after `rest`; a row in a note is
    /// indented as under a step.
    fn write_line(&self, out: &mut String, first: &str, rest: &str, line: &Line) {
        let text = match line {
            Line::Text(text) => text.clone(),
            Line::Row { label, value, .. } => match self.layout {
                Layout::Plain => format!("{label}: {value}"),
                Layout::Aligned => format!("{:<ALIGNED_WIDTH$}{value}", format!("{label}:")),
            },
        };
        let (first, rest) = match (line, first) {
            (Line::Row { .. }, "") => ("   ", "   "),
            _ => (first, rest),
        };
        for (i, part) in text.split('\n').enumerate() {
            let indent = if i == 0 { first } else { rest };
            if part.is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "{indent}{part}");
            }
        }
    }
}

impl ConsoleSteps {
    /// Reads steps back from text a user may have edited, where only the words are left: a
    /// line `N. …` starts a step and the indented lines after it belong to it, anything after
    /// a blank line is a note, and `Label: value` is a row. What a row is must then be told
    /// from its words: a role ARN is one by its shape, a bucket by a label that ends in
    /// `Bucket`. Generated artifacts carry their structure and are never parsed.
    pub fn parse(text: &str) -> ConsoleSteps {
        let mut steps = ConsoleSteps::new(Layout::Plain);
        let mut in_steps = true;
        for line in text.lines() {
            if line.trim().is_empty() {
                in_steps = false;
                continue;
            }
            let numbered = line
                .split_once(". ")
                .filter(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            let in_note = numbered.is_none() && !in_steps;
            let parsed = parse_line(numbered.map_or(line.trim(), |(_, rest)| rest.trim()), in_note);
            match numbered {
                Some(_) => {
                    in_steps = true;
                    steps.blocks.push(Block::Step(Step {
                        head: parsed,
                        body: Vec::new(),
                    }));
                }
                None if in_steps => steps.last_lines().push(parsed),
                None => steps.blocks.push(Block::Note(vec![parsed])),
            }
        }
        steps
    }
}

/// A line of edited text: a row when it reads `Label: value`. A note's rows are information.
fn parse_line(line: &str, in_note: bool) -> Line {
    let Some((label, value)) = line.split_once(": ") else {
        return Line::Text(line.to_owned());
    };
    let value = value.trim();
    let input = if in_note {
        Input::Other
    } else if crate::arn::Arn::parse(value).is_some_and(|a| a.service == "iam" && a.resource.starts_with("role/")) {
        Input::RoleArn
    } else if label.split_whitespace().last() == Some("Bucket") {
        Input::Bucket
    } else {
        Input::Other
    };
    row(label.trim(), value, input)
}

fn row(label: &str, value: impl Into<String>, input: Input) -> Line {
    Line::Row {
        label: label.to_owned(),
        value: value.into(),
        input,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_numbered_by_order_and_notes_are_not() {
        let steps = ConsoleSteps::new(Layout::Plain)
            .note("Before you start: run aws-cli.")
            .step("Open the wizard.")
            .row("Bucket", "my-bucket", Input::Bucket)
            .step_row("ARN", "arn:aws:iam::111122223333:role/r", Input::RoleArn)
            .step("Click Create.")
            .note("The key's policy must allow the role too.")
            .info("Key", "arn:aws:kms:…");
        assert_eq!(
            steps.render(),
            "Before you start: run aws-cli.\n\n1. Open the wizard.\n   Bucket: my-bucket\n2. ARN: arn:aws:iam::111122223333:role/r\n3. Click Create.\n\nThe key's policy must allow the role too.\n   Key: arn:aws:kms:…\n"
        );
        assert_eq!(
            steps.inputs(),
            vec![
                ("Bucket".to_owned(), "my-bucket", Input::Bucket),
                ("2. ARN".to_owned(), "arn:aws:iam::111122223333:role/r", Input::RoleArn)
            ]
        );
    }

    #[test]
    fn edited_text_reads_back_its_inputs() {
        let text = "1. Fill out the wizard:\n   S3 Bucket:            my-bucket\n   Region: us-west-2\n2. ARN: arn:aws:iam::111122223333:role/r\n\nThe role trusts this:\n   Trusted role: arn:aws:iam::444455556666:role/other\n";
        assert_eq!(
            ConsoleSteps::parse(text).inputs(),
            vec![
                ("S3 Bucket".to_owned(), "my-bucket", Input::Bucket),
                ("2. ARN".to_owned(), "arn:aws:iam::111122223333:role/r", Input::RoleArn)
            ]
        );
    }

    #[test]
    fn aligned_rows_line_up_and_long_text_keeps_its_indent() {
        let steps = ConsoleSteps::new(Layout::Aligned)
            .step("Fill out the wizard:")
            .row("Location Name", "b", Input::Other)
            .row("S3 Bucket", "b", Input::Bucket)
            .step("Choose STS. Palette then shows\nan external ID.");
        assert_eq!(
            steps.render(),
            "1. Fill out the wizard:\n   Location Name:        b\n   S3 Bucket:            b\n2. Choose STS. Palette then shows\n   an external ID.\n"
        );
    }
}
