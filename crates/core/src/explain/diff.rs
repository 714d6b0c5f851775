//! The line diff of a policy and its alternative (the documented policy and its hardened
//! one), as hunks of typed lines the page renders beside each other or interleaved. The
//! diff itself is `similar`'s (Myers' algorithm); this module only gives it plain types.

use crate::artifact::Artifact;
use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// Lines of unchanged text kept around each change, as `diff -u` keeps them.
pub const CONTEXT_LINES: usize = 3;

/// What happened to a line between the old text and the new.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineChange {
    /// In both texts.
    Equal,
    /// Only in the new text.
    Added,
    /// Only in the old text.
    Removed,
}

/// One line of a hunk, with its 1-based number in the text(s) it is in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    pub change: LineChange,
    /// The line's number in the old text; `None` for an added line.
    pub old_line: Option<usize>,
    /// The line's number in the new text; `None` for a removed line.
    pub new_line: Option<usize>,
    /// The line without its line break.
    pub text: String,
}

/// A run of changed lines with up to [`CONTEXT_LINES`] equal lines on each side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hunk {
    pub lines: Vec<DiffLine>,
}

/// The diff of two texts: the hunks, and how many lines each side has alone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PolicyDiff {
    pub added: usize,
    pub removed: usize,
    /// Empty when the texts have the same lines.
    pub hunks: Vec<Hunk>,
}

/// The line diff from `old` to `new`, in hunks with [`CONTEXT_LINES`] lines of context.
pub fn diff(old: &str, new: &str) -> PolicyDiff {
    let text_diff = TextDiff::from_lines(old, new);
    let mut added = 0;
    let mut removed = 0;
    let hunks = text_diff
        .grouped_ops(CONTEXT_LINES)
        .iter()
        .map(|group| {
            let lines = group
                .iter()
                .flat_map(|op| text_diff.iter_changes(op))
                .map(|change| {
                    let kind = match change.tag() {
                        ChangeTag::Equal => LineChange::Equal,
                        ChangeTag::Insert => {
                            added += 1;
                            LineChange::Added
                        }
                        ChangeTag::Delete => {
                            removed += 1;
                            LineChange::Removed
                        }
                    };
                    let text = change.value();
                    DiffLine {
                        change: kind,
                        old_line: change.old_index().map(|i| i + 1),
                        new_line: change.new_index().map(|i| i + 1),
                        text: text.strip_suffix('\n').unwrap_or(text).to_owned(),
                    }
                })
                .collect();
            Hunk { lines }
        })
        .collect();
    PolicyDiff { added, removed, hunks }
}

/// Every alternative of `artifacts` with the artifact it may replace (the one the scripts
/// use), in artifact order: `diff(&used.content, &alternative.content)` is what choosing the
/// alternative changes.
pub fn alternatives(artifacts: &[Artifact]) -> Vec<(&Artifact, &Artifact)> {
    artifacts
        .iter()
        .filter_map(|alternative| {
            let used = artifacts.iter().find(|a| Some(a.id) == alternative.replaces)?;
            Some((used, alternative))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn equal_texts_have_no_hunk() {
        let d = diff("a\nb\n", "a\nb\n");
        assert_eq!((d.added, d.removed, d.hunks.len()), (0, 0, 0));
    }

    #[test]
    fn a_changed_line_is_removed_then_added_with_its_numbers() {
        let d = diff("a\nb\nc\n", "a\nB\nc\n");
        assert_eq!((d.added, d.removed), (1, 1));
        let lines = &d.hunks[0].lines;
        assert_eq!(lines.len(), 4);
        assert_eq!(
            lines[1],
            DiffLine {
                change: LineChange::Removed,
                old_line: Some(2),
                new_line: None,
                text: "b".into()
            }
        );
        assert_eq!(
            lines[2],
            DiffLine {
                change: LineChange::Added,
                old_line: None,
                new_line: Some(2),
                text: "B".into()
            }
        );
    }

    #[test]
    fn distant_changes_are_separate_hunks_with_three_lines_of_context() {
        let old: String = (1..=20).map(|i| format!("{i}\n")).collect();
        let new: String = (1..=20)
            .map(|i| match i {
                2 => "two\n".to_owned(),
                19 => "nineteen\n".to_owned(),
                _ => format!("{i}\n"),
            })
            .collect();
        let d = diff(&old, &new);
        assert_eq!(d.hunks.len(), 2);
        // Line 1 before the first change, three after it.
        assert_eq!(d.hunks[0].lines.len(), 1 + 2 + 3);
        assert_eq!(d.hunks[1].lines.first().and_then(|l| l.old_line), Some(16));
    }
}
