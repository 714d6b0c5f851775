//! The linter's JSON tree: every value and key with its byte range and RFC 6901 pointer.
//! Parsing is done by `jsonc-parser` in strict JSON mode (no comments, trailing commas or
//! other JSON5 extensions); duplicate keys stay visible because objects keep every member.
//!
//! Everything here is linear in the text: a node's pointer is a link to its parent's, spelled
//! out only for a finding, and positions come from one [`LineIndex`] per text.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use jsonc_parser::ast;
use jsonc_parser::{CollectOptions, ParseOptions};

/// A JSON value with where it is.
#[derive(Clone, Debug)]
pub struct Node {
    pub value: Value,
    /// Byte range in the text.
    pub range: Range<usize>,
    /// RFC 6901 pointer, `""` for the root.
    pub pointer: Pointer,
}

/// How deep a document may nest. A policy nests at most seven levels (the document, its
/// statements, a statement, `Condition`, an operator, a key, its values); anything deeper is
/// not a policy, and is refused before its pointers grow with its depth.
pub const MAX_DEPTH: usize = 32;

/// Keys longer than this (no key of a policy comes close) are shortened in pointers, so that a
/// finding's pointer stays short whatever the document's keys.
const MAX_POINTER_KEY: usize = 200;

/// An RFC 6901 pointer as a link to the parent's: building one costs the same whatever the
/// depth, and its text is written only when a finding needs it.
#[derive(Clone, Debug, Default)]
pub struct Pointer(Option<Arc<Link>>);

#[derive(Debug)]
struct Link {
    parent: Pointer,
    segment: Segment,
}

#[derive(Debug)]
enum Segment {
    Index(usize),
    Key(Box<str>),
}

impl Pointer {
    fn child(&self, segment: Segment) -> Pointer {
        Pointer(Some(Arc::new(Link {
            parent: self.clone(),
            segment,
        })))
    }

    /// The last reference token, unescaped: a key, or an array index in decimal; `None` for
    /// the root.
    pub fn last(&self) -> Option<String> {
        self.0.as_ref().map(|link| match &link.segment {
            Segment::Index(i) => i.to_string(),
            Segment::Key(key) => key.to_string(),
        })
    }

    /// Whether the last reference token is an array index.
    pub fn is_index(&self) -> bool {
        self.0
            .as_ref()
            .is_some_and(|link| matches!(link.segment, Segment::Index(_)))
    }

    /// Whether both point at the same node of the same tree.
    pub fn same(&self, other: &Pointer) -> bool {
        match (&self.0, &other.0) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A policy's pointers are at most seven segments deep: they are collected on the
        // stack, and only a deeper one (up to MAX_DEPTH) spills into a vector.
        let mut near: [Option<&Segment>; 8] = [None; 8];
        let mut far = Vec::new();
        let mut depth = 0;
        let mut at = &self.0;
        while let Some(link) = at {
            match near.get_mut(depth) {
                Some(slot) => *slot = Some(&link.segment),
                None => far.push(&link.segment),
            }
            depth += 1;
            at = &link.parent.0;
        }
        // Root first: the links were collected from the node up, the root's child last.
        let near = near.get(..depth.min(near.len())).unwrap_or_default();
        for segment in far.into_iter().rev().chain(near.iter().rev().flatten().copied()) {
            f.write_str("/")?;
            match segment {
                Segment::Index(i) => write!(f, "{i}")?,
                Segment::Key(key) if key.len() > MAX_POINTER_KEY => {
                    write_escaped(f, key.chars().take(64))?;
                    f.write_str("…")?;
                }
                Segment::Key(key) if !key.contains(['~', '/']) => f.write_str(key)?,
                Segment::Key(key) => write_escaped(f, key.chars())?,
            }
        }
        Ok(())
    }
}

#[derive(Clone, Debug)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number as written.
    Number(String),
    String(String),
    Array(Vec<Node>),
    /// Every member in order, duplicates included.
    Object(Vec<Member>),
}

#[derive(Clone, Debug)]
pub struct Member {
    pub key: String,
    pub key_range: Range<usize>,
    pub value: Node,
}

/// A syntax error: what is wrong, and where.
#[derive(Clone, Debug)]
pub struct SyntaxError {
    pub message: String,
    pub range: Range<usize>,
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.value {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The first member called `key` (exact spelling), when this is an object.
    pub fn get(&self, key: &str) -> Option<&Member> {
        self.as_object()?.iter().find(|m| m.key == key)
    }

    /// The strings of a string-or-array-of-strings value, with their nodes; other items are
    /// skipped (another rule reports them).
    pub fn strings(&self) -> Vec<(&str, &Node)> {
        match &self.value {
            Value::String(s) => vec![(s.as_str(), self)],
            Value::Array(items) => items.iter().filter_map(|n| n.as_str().map(|s| (s, n))).collect(),
            _ => Vec::new(),
        }
    }

    /// What kind of JSON value this is, for messages.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    /// This node and every node below it, depth first.
    pub fn walk(&self) -> Vec<&Node> {
        // Iterative: the depth is bounded, but the walk needs no stack of its own either way.
        let mut out = Vec::new();
        let mut todo = vec![self];
        while let Some(node) = todo.pop() {
            out.push(node);
            match &node.value {
                Value::Array(items) => todo.extend(items.iter().rev()),
                Value::Object(members) => todo.extend(members.iter().rev().map(|m| &m.value)),
                _ => {}
            }
        }
        out
    }
}

/// Parses strict JSON. Empty input is a syntax error.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let options = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let result = jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &options).map_err(|e| {
        let range = e.range();
        SyntaxError {
            message: crate::text::lowercase_first(&e.kind().to_string()),
            range: range.start..range.end,
        }
    })?;
    match result.value {
        Some(value) => {
            let mut too_deep = None;
            let node = convert(value, Pointer::default(), 1, &mut too_deep);
            match too_deep {
                Some(range) => Err(SyntaxError {
                    message: format!("the document nests deeper than {MAX_DEPTH} levels, and a policy nests at most 7"),
                    range,
                }),
                None => Ok(node),
            }
        }
        None => Err(SyntaxError {
            message: "the document is empty".to_owned(),
            range: text.len()..text.len(),
        }),
    }
}

/// The tree of `value` at `depth` (the root is 1). Below [`MAX_DEPTH`] nothing is kept: the
/// range of the first node too deep is noted, and the parse fails with it.
fn convert(value: ast::Value<'_>, pointer: Pointer, depth: usize, too_deep: &mut Option<Range<usize>>) -> Node {
    let (value, range) = match value {
        ast::Value::NullKeyword(n) => (Value::Null, n.range.start..n.range.end),
        ast::Value::BooleanLit(b) => (Value::Bool(b.value), b.range.start..b.range.end),
        ast::Value::NumberLit(n) => (Value::Number(n.value.to_owned()), n.range.start..n.range.end),
        ast::Value::StringLit(s) => (Value::String(s.value.into_owned()), s.range.start..s.range.end),
        ast::Value::Array(a) => {
            let range = a.range.start..a.range.end;
            if depth > MAX_DEPTH {
                too_deep.get_or_insert(range.clone());
                (Value::Array(Vec::new()), range)
            } else {
                let items = a
                    .elements
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| convert(v, pointer.child(Segment::Index(i)), depth + 1, too_deep))
                    .collect();
                (Value::Array(items), range)
            }
        }
        ast::Value::Object(o) => {
            let range = o.range.start..o.range.end;
            if depth > MAX_DEPTH {
                too_deep.get_or_insert(range.clone());
                (Value::Object(Vec::new()), range)
            } else {
                let members = o
                    .properties
                    .into_iter()
                    .map(|p| {
                        let (key, key_range) = match p.name {
                            ast::ObjectPropName::String(s) => (s.value.into_owned(), s.range.start..s.range.end),
                            ast::ObjectPropName::Word(w) => (w.value.to_owned(), w.range.start..w.range.end),
                        };
                        let child = pointer.child(Segment::Key(key.as_str().into()));
                        Member {
                            key,
                            key_range,
                            value: convert(p.value, child, depth + 1, too_deep),
                        }
                    })
                    .collect();
                (Value::Object(members), range)
            }
        }
    };
    Node { value, range, pointer }
}

/// Writes a key's characters escaped for a JSON pointer, as [`escape_pointer`] does.
fn write_escaped(f: &mut fmt::Formatter<'_>, key: impl Iterator<Item = char>) -> fmt::Result {
    use fmt::Write as _;
    for c in key {
        match c {
            '~' => f.write_str("~0")?,
            '/' => f.write_str("~1")?,
            c => f.write_char(c)?,
        }
    }
    Ok(())
}

/// Escapes a key for a JSON pointer (RFC 6901): `~` as `~0`, `/` as `~1`.
pub fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// 1-based line and column (in characters) of a byte offset; offsets inside a character or
/// past the end are clamped. For many offsets into one text, build a [`LineIndex`] once.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).line_column(offset)
}

/// Where lines start in a text, and how many characters precede every [`STRIDE`]th byte:
/// built once in one pass, it answers each position in time independent of the text's size,
/// so that N findings cost N look-ups rather than N scans of a long line.
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of the start of every line; the first is 0.
    line_starts: Vec<usize>,
    /// Characters in `text[..k * STRIDE]`, for every `k`; empty when the text is ASCII.
    chars_before: Vec<usize>,
}

const STRIDE: usize = 256;

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let chars_before = if text.is_ascii() {
            Vec::new()
        } else {
            let mut counts = Vec::with_capacity(text.len() / STRIDE + 1);
            let mut n = 0;
            for chunk in text.as_bytes().chunks(STRIDE) {
                counts.push(n);
                n += chunk.iter().filter(|b| !is_continuation(**b)).count();
            }
            counts.push(n);
            counts
        };
        LineIndex {
            text,
            line_starts,
            chars_before,
        }
    }

    /// Characters in `text[..offset]`; `offset` is a character boundary.
    fn chars_to(&self, offset: usize) -> usize {
        if self.chars_before.is_empty() {
            return offset;
        }
        let block = offset / STRIDE;
        let base = self.chars_before.get(block).copied().unwrap_or_default();
        let rest = self.text.as_bytes().get(block * STRIDE..offset).unwrap_or_default();
        base + rest.iter().filter(|b| !is_continuation(**b)).count()
    }

    /// 1-based line and column (in characters) of a byte offset, as [`line_column`].
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|start| *start <= offset);
        let line_start = self.line_starts.get(line.wrapping_sub(1)).copied().unwrap_or_default();
        (line, self.chars_to(offset) - self.chars_to(line_start) + 1)
    }
}

fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// The offset in UTF-16 code units of 1-based `line` and `column` (in characters, as in a
/// [`Finding`](super::Finding)), which is how browsers' text fields (`selectionStart`) and
/// most editors count. Lines are split at `\n` like [`line_column`] splits them. A column past
/// the end of its line stops at the line's end, and a line past the end of the text stops at
/// the text's end, so a stale position never lands in the middle of another line.
pub fn utf16_offset(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (index, content) in text.split('\n').enumerate() {
        if index + 1 == line {
            return offset
                + content
                    .chars()
                    .take(column.saturating_sub(1))
                    .map(char::len_utf16)
                    .sum::<usize>();
        }
        // The line and its `\n`.
        offset += content.encode_utf16().count() + 1;
    }
    text.encode_utf16().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_count_code_units_and_clamp() {
        let text = "{\n  \"é😀\": 1\n}";
        assert_eq!(utf16_offset(text, 1, 1), 0);
        assert_eq!(utf16_offset(text, 2, 1), 2);
        assert_eq!(utf16_offset(text, 2, 3), 4);
        // `é` is one code unit, `😀` two.
        assert_eq!(utf16_offset(text, 2, 6), 8);
        // Past the end of the line: the line's end.
        assert_eq!(utf16_offset(text, 2, 99), 12);
        assert_eq!(utf16_offset(text, 3, 1), 13);
        // Past the last line: the text's end.
        assert_eq!(utf16_offset(text, 9, 1), 14);
        // Round trip with `line_column` on every character boundary of ASCII text.
        let ascii = "{\n  \"Version\": \"2012-10-17\"\n}\n";
        for (offset, _) in ascii.char_indices() {
            let (line, column) = line_column(ascii, offset);
            assert_eq!(utf16_offset(ascii, line, column), offset);
        }
    }

    #[test]
    fn pointers_escape_and_duplicates_stay() {
        let root = parse(r#"{"a/b": {"x~y": [1, true]}, "a/b": null}"#).unwrap();
        let members = root.as_object().unwrap();
        assert_eq!(members.len(), 2);
        let inner = &members[0].value;
        assert_eq!(inner.pointer.to_string(), "/a~1b");
        let list = &inner.as_object().unwrap()[0].value;
        assert_eq!(list.pointer.to_string(), "/a~1b/x~0y");
        assert_eq!(list.as_array().unwrap()[1].pointer.to_string(), "/a~1b/x~0y/1");
        assert_eq!(list.as_array().unwrap()[1].pointer.last().as_deref(), Some("1"));
    }

    #[test]
    fn strict_json_only() {
        for bad in [
            "",
            "{",
            "{\"a\":1,}",
            "// c\n{}",
            "{'a':1}",
            "{a:1}",
            "[0x1]",
            "{} {}",
            "[+1]",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn nesting_deeper_than_a_policy_can_is_refused() {
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let error = parse(&deep).unwrap_err();
        assert!(error.message.contains("nests deeper"), "{}", error.message);
        let fine = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&fine).is_ok());
    }

    #[test]
    fn long_keys_are_shortened_in_pointers() {
        let key = "k".repeat(10_000);
        let root = parse(&format!("{{\"{key}\": [1]}}")).unwrap();
        let item = &root.as_object().unwrap()[0].value.as_array().unwrap()[0];
        let shown = item.pointer.to_string();
        assert!(shown.len() < 100 && shown.ends_with("…/0"), "{shown}");
    }

    #[test]
    fn the_line_index_agrees_with_a_scan() {
        let text = "{\n  \"é😀\": \"x\",\r\n\n\"b\": [1, 2]\n}".repeat(40);
        let index = LineIndex::new(&text);
        for offset in 0..=text.len() + 2 {
            let mut at = offset.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let before = &text[..at];
            let line = before.matches('\n').count() + 1;
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            let column = before[start..].chars().count() + 1;
            assert_eq!(index.line_column(offset), (line, column), "{offset}");
        }
    }

    #[test]
    fn lines_and_columns_count_characters() {
        let text = "{\n  \"é\": \"x\"\n}";
        let offset = text.find("\"x\"").unwrap();
        assert_eq!(line_column(text, offset), (2, 8));
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 10_000), (3, 2));
    }
}
