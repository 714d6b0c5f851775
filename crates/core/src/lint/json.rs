//! The linter's JSON tree: every value and key with its byte range and RFC 6901 pointer.
//! The parser is strict JSON (no comments, trailing commas or other JSON5 extensions) and
//! builds the tree in one pass; duplicate keys stay visible because objects keep every
//! member.
//!
//! Everything here is linear in the text: a node's pointer is a link to its parent's, spelled
//! out only for a finding, and positions come from one [`LineIndex`] per text.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

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

/// Parses strict JSON (RFC 8259: no comments, trailing commas, single quotes or other
/// extensions). Empty input is a syntax error, and so is nesting deeper than [`MAX_DEPTH`].
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut parser = Parser { text, at: 0 };
    parser.skip_whitespace();
    if parser.at >= text.len() {
        return Err(SyntaxError {
            message: "the document is empty".to_owned(),
            range: text.len()..text.len(),
        });
    }
    let root = parser.value(Pointer::default(), 1)?;
    parser.skip_whitespace();
    match parser.peek() {
        None => Ok(root),
        Some(_) => Err(parser.unexpected("after the end of the document")),
    }
}

/// Text from the document for a message: control characters escaped, and cut after
/// [`SHOWN_CHARS`] characters.
fn shown(text: &str) -> String {
    let mut out: String = text.chars().take(SHOWN_CHARS).flat_map(char::escape_debug).collect();
    if text.chars().nth(SHOWN_CHARS).is_some() {
        out.push('…');
    }
    out
}

const SHOWN_CHARS: usize = 40;

/// The error for a comma that ends an object or array, pointing at the comma.
fn trailing_comma(at: usize, close: char) -> SyntaxError {
    SyntaxError {
        message: format!("a comma before `{close}`: JSON allows no trailing comma"),
        range: at..at + 1,
    }
}

/// A recursive descent over the text's bytes that builds the tree as it goes: each value is
/// read once, and a string without escapes is copied in one piece. Every structural byte
/// is ASCII, so the positions it stops at are character boundaries.
struct Parser<'t> {
    text: &'t str,
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// The character at the current position, for messages.
    fn here(&self) -> Option<char> {
        self.text.get(self.at..).and_then(|rest| rest.chars().next())
    }

    fn error(&self, message: String, range: Range<usize>) -> SyntaxError {
        SyntaxError { message, range }
    }

    /// What is found where something else was `expected`: the character, or the end.
    fn unexpected(&self, expected: &str) -> SyntaxError {
        match self.here() {
            None => self.error(
                format!("the document ends early: {expected}"),
                self.text.len()..self.text.len(),
            ),
            Some(c) => {
                let message = match c {
                    c if c.is_whitespace() => format!(
                        "unexpected U+{:04X}, a space JSON does not allow (it allows spaces, tabs and line breaks), {expected}",
                        u32::from(c)
                    ),
                    '/' => format!("comments are not allowed in JSON; found `/` {expected}"),
                    '\'' => format!("strings take double quotes in JSON; found `'` {expected}"),
                    c => format!("unexpected `{}` {expected}", c.escape_debug()),
                };
                self.error(message, self.at..self.at + c.len_utf8())
            }
        }
    }

    fn value(&mut self, pointer: Pointer, depth: usize) -> Result<Node, SyntaxError> {
        let start = self.at;
        let value = match self.peek() {
            Some(b'{' | b'[') if depth > MAX_DEPTH => {
                return Err(self.error(
                    format!("the document nests deeper than {MAX_DEPTH} levels, and a policy nests at most 7"),
                    start..start + 1,
                ));
            }
            Some(b'{') => Value::Object(self.object(&pointer, depth)?),
            Some(b'[') => Value::Array(self.array(&pointer, depth)?),
            Some(b'"') => Value::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
            Some(b't') => self.keyword("true", Value::Bool(true))?,
            Some(b'f') => self.keyword("false", Value::Bool(false))?,
            Some(b'n') => self.keyword("null", Value::Null)?,
            _ => return Err(self.unexpected("where a value was expected")),
        };
        Ok(Node {
            value,
            range: start..self.at,
            pointer,
        })
    }

    fn keyword(&mut self, word: &str, value: Value) -> Result<Value, SyntaxError> {
        if self.text.get(self.at..).is_some_and(|rest| rest.starts_with(word)) {
            self.at += word.len();
            return Ok(value);
        }
        let end = self
            .text
            .get(self.at..)
            .and_then(|rest| rest.find(|c: char| !c.is_alphanumeric()))
            .map_or(self.text.len(), |len| self.at + len);
        let found = self.text.get(self.at..end).unwrap_or_default();
        Err(self.error(
            format!(
                "`{}` is not a JSON value (only `true`, `false` and `null` are written bare)",
                shown(found)
            ),
            self.at..end,
        ))
    }

    fn object(&mut self, pointer: &Pointer, depth: usize) -> Result<Vec<Member>, SyntaxError> {
        self.at += 1; // `{`
        let mut members = Vec::new();
        let mut comma = None;
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(members);
        }
        loop {
            if self.peek() != Some(b'"') {
                if let (Some(comma), Some(b'}')) = (comma, self.peek()) {
                    return Err(trailing_comma(comma, '}'));
                }
                return Err(self.unexpected("where a key in double quotes was expected"));
            }
            let key_start = self.at;
            let key = self.string()?;
            let key_range = key_start..self.at;
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.unexpected("after a key, where `:` was expected"));
            }
            self.at += 1;
            self.skip_whitespace();
            let child = pointer.child(Segment::Key(key.as_str().into()));
            let value = self.value(child, depth + 1)?;
            members.push(Member { key, key_range, value });
            if self.separator(b'}', &mut comma, "after a member, where `,` or `}` was expected")? {
                return Ok(members);
            }
        }
    }

    fn array(&mut self, pointer: &Pointer, depth: usize) -> Result<Vec<Node>, SyntaxError> {
        self.at += 1; // `[`
        let mut items = Vec::new();
        let mut comma = None;
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(items);
        }
        loop {
            if let (Some(comma), Some(b']')) = (comma, self.peek()) {
                return Err(trailing_comma(comma, ']'));
            }
            let child = pointer.child(Segment::Index(items.len()));
            items.push(self.value(child, depth + 1)?);
            if self.separator(b']', &mut comma, "after an item, where `,` or `]` was expected")? {
                return Ok(items);
            }
        }
    }

    /// What follows a member or an item: a `,`, whose place `comma` keeps for the message
    /// about a trailing one, or the `close` that ends the container. Says whether it was
    /// `close`.
    fn separator(&mut self, close: u8, comma: &mut Option<usize>, expected: &str) -> Result<bool, SyntaxError> {
        self.skip_whitespace();
        match self.peek() {
            Some(b',') => {
                *comma = Some(self.at);
                self.at += 1;
                self.skip_whitespace();
                Ok(false)
            }
            Some(byte) if byte == close => {
                self.at += 1;
                Ok(true)
            }
            _ => Err(self.unexpected(expected)),
        }
    }

    /// A string, from its opening quote to past its closing one.
    fn string(&mut self) -> Result<String, SyntaxError> {
        let open = self.at;
        self.at += 1;
        let bytes = self.text.as_bytes();
        let mut out: Option<String> = None;
        let mut run = self.at;
        loop {
            let Some(&byte) = bytes.get(self.at) else {
                return Err(self.error("the string is never closed with `\"`".to_owned(), open..self.text.len()));
            };
            match byte {
                b'"' => {
                    let tail = self.text.get(run..self.at).unwrap_or_default();
                    self.at += 1;
                    return Ok(match out {
                        Some(mut built) => {
                            built.push_str(tail);
                            built
                        }
                        None => tail.to_owned(),
                    });
                }
                b'\\' => {
                    let built = out.get_or_insert_with(String::new);
                    built.push_str(self.text.get(run..self.at).unwrap_or_default());
                    let escape = self.at;
                    let c = match bytes.get(self.at + 1) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            let (c, len) = self.unicode_escape(escape)?;
                            built.push(c);
                            self.at = escape + len;
                            run = self.at;
                            continue;
                        }
                        _ => {
                            let end = self
                                .text
                                .get(escape + 1..)
                                .and_then(|rest| rest.chars().next())
                                .map_or(escape + 1, |c| escape + 1 + c.len_utf8());
                            let written = self.text.get(escape..end).unwrap_or("\\");
                            return Err(self.error(
                                format!(
                                    "`{}` is not a JSON escape (JSON knows `\\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` and `\\u` with four hex digits)",
                                    written.escape_debug()
                                ),
                                escape..end,
                            ));
                        }
                    };
                    built.push(c);
                    self.at = escape + 2;
                    run = self.at;
                }
                0x00..=0x1f => {
                    return Err(self.error(
                        format!(
                            "a string holds the control character U+{byte:04X}, which JSON allows only escaped (such as `\\n` or `\\u{byte:04x}`)"
                        ),
                        self.at..self.at + 1,
                    ));
                }
                _ => self.at += 1,
            }
        }
    }

    /// The character of a `\u` escape at `at` and how many bytes it takes: a surrogate pair
    /// takes two escapes.
    fn unicode_escape(&self, at: usize) -> Result<(char, usize), SyntaxError> {
        let hex = |from: usize| -> Option<u32> {
            let digits = self.text.get(from..from + 4)?;
            digits
                .bytes()
                .all(|b| b.is_ascii_hexdigit())
                .then(|| u32::from_str_radix(digits, 16).ok())
                .flatten()
        };
        let bad = |len: usize, why: &str| {
            let end = (at + len).min(self.text.len());
            let mut end = end;
            while !self.text.is_char_boundary(end) {
                end -= 1;
            }
            let written = self.text.get(at..end).unwrap_or("\\u");
            self.error(format!("`{}` {why}", written.escape_debug()), at..end)
        };
        let Some(first) = hex(at + 2) else {
            return Err(bad(6, "is not a `\\u` escape: it takes four hex digits"));
        };
        if (0xD800..0xDC00).contains(&first) {
            let low = self
                .text
                .get(at + 6..)
                .filter(|rest| rest.starts_with("\\u"))
                .and_then(|_| hex(at + 8))
                .filter(|low| (0xDC00..0xE000).contains(low));
            return match low.and_then(|low| char::from_u32(0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00))) {
                Some(c) => Ok((c, 12)),
                None => Err(bad(6, "is half of a surrogate pair whose other half does not follow")),
            };
        }
        match char::from_u32(first) {
            Some(c) => Ok((c, 6)),
            None => Err(bad(
                6,
                "is half of a surrogate pair whose other half does not come first",
            )),
        }
    }

    /// A number as RFC 8259 spells it: `-`, then `0` or digits not starting with `0`, then
    /// optionally `.` and digits, then optionally `e` or `E`, a sign and digits.
    fn number(&mut self) -> Result<String, SyntaxError> {
        let start = self.at;
        let bytes = self.text.as_bytes();
        let digits = |at: &mut usize| {
            let from = *at;
            while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
                *at += 1;
            }
            *at - from
        };
        let mut at = start;
        if bytes.get(at) == Some(&b'-') {
            at += 1;
        }
        let leading_zero = bytes.get(at) == Some(&b'0');
        let whole = digits(&mut at);
        let mut fine = whole > 0 && !(leading_zero && whole > 1);
        if fine && bytes.get(at) == Some(&b'.') {
            at += 1;
            fine = digits(&mut at) > 0;
        }
        if fine && matches!(bytes.get(at), Some(b'e' | b'E')) {
            at += 1;
            if matches!(bytes.get(at), Some(b'+' | b'-')) {
                at += 1;
            }
            fine = digits(&mut at) > 0;
        }
        // A number runs on to the next structural character or space, for the message.
        let end = if fine {
            at
        } else {
            self.text
                .get(start..)
                .and_then(|rest| rest.find([',', ']', '}', ' ', '\t', '\n', '\r']))
                .map_or(self.text.len(), |len| start + len)
        };
        let written = self.text.get(start..end).unwrap_or_default();
        if !fine {
            return Err(self.error(
                format!(
                    "`{}` is not a JSON number (digits with an optional `-`, fraction and exponent, and no leading zero)",
                    shown(written)
                ),
                start..end,
            ));
        }
        self.at = end;
        Ok(written.to_owned())
    }
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

    /// The strict JSON parse of `jsonc-parser`, as the tree this module builds: what the
    /// parser must agree with on every input.
    mod reference {
        use super::super::{Member, Node, Pointer, Segment, Value, MAX_DEPTH};
        use jsonc_parser::{ast, CollectOptions, ParseOptions};

        pub fn parse(text: &str) -> Option<Node> {
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
            let value = jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &options)
                .ok()?
                .value?;
            let root = convert(value, Pointer::default(), 1)?;
            // The one place `jsonc-parser` is looser than RFC 8259 (and than IAM, Python's
            // `json` and serde): it lets a string hold a raw control character.
            let raw_control = |range: &std::ops::Range<usize>| text.as_bytes()[range.clone()].iter().any(|b| *b < 0x20);
            let strict = root.walk().iter().all(|n| match &n.value {
                Value::String(_) => !raw_control(&n.range),
                Value::Object(members) => members.iter().all(|m| !raw_control(&m.key_range)),
                _ => true,
            });
            // It also takes any Unicode space between tokens, where JSON takes four.
            let mut in_strings: Vec<std::ops::Range<usize>> = root
                .walk()
                .iter()
                .flat_map(|n| match &n.value {
                    Value::String(_) => vec![n.range.clone()],
                    Value::Object(members) => members.iter().map(|m| m.key_range.clone()).collect(),
                    _ => Vec::new(),
                })
                .collect();
            in_strings.sort_by_key(|r| r.start);
            let odd_space = text.char_indices().any(|(i, c)| {
                c.is_whitespace()
                    && !matches!(c, ' ' | '\t' | '\n' | '\r')
                    && !in_strings.iter().any(|r| r.contains(&i))
            });
            (strict && !odd_space).then_some(root)
        }

        fn convert(value: ast::Value<'_>, pointer: Pointer, depth: usize) -> Option<Node> {
            let (value, range) = match value {
                ast::Value::NullKeyword(n) => (Value::Null, n.range.start..n.range.end),
                ast::Value::BooleanLit(b) => (Value::Bool(b.value), b.range.start..b.range.end),
                ast::Value::NumberLit(n) => (Value::Number(n.value.to_owned()), n.range.start..n.range.end),
                ast::Value::StringLit(s) => (Value::String(s.value.into_owned()), s.range.start..s.range.end),
                ast::Value::Array(_) | ast::Value::Object(_) if depth > MAX_DEPTH => return None,
                ast::Value::Array(a) => {
                    let items = a
                        .elements
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| convert(v, pointer.child(Segment::Index(i)), depth + 1))
                        .collect::<Option<_>>()?;
                    (Value::Array(items), a.range.start..a.range.end)
                }
                ast::Value::Object(o) => {
                    let members = o
                        .properties
                        .into_iter()
                        .map(|p| {
                            let (key, key_range) = match p.name {
                                ast::ObjectPropName::String(s) => (s.value.into_owned(), s.range.start..s.range.end),
                                ast::ObjectPropName::Word(w) => (w.value.to_owned(), w.range.start..w.range.end),
                            };
                            let child = pointer.child(Segment::Key(key.as_str().into()));
                            Some(Member {
                                value: convert(p.value, child, depth + 1)?,
                                key,
                                key_range,
                            })
                        })
                        .collect::<Option<_>>()?;
                    (Value::Object(members), o.range.start..o.range.end)
                }
            };
            Some(Node { value, range, pointer })
        }
    }

    /// The tree as text: every node's pointer, range and value, and every key's range.
    fn dump(node: &Node) -> String {
        node.walk()
            .iter()
            .map(|n| {
                let value = match &n.value {
                    Value::Null => "null".to_owned(),
                    Value::Bool(b) => b.to_string(),
                    Value::Number(s) => format!("number {s}"),
                    Value::String(s) => format!("string {s:?}"),
                    Value::Array(items) => format!("array of {}", items.len()),
                    Value::Object(members) => {
                        let keys: Vec<String> = members
                            .iter()
                            .map(|m| format!("{:?}@{:?}", m.key, m.key_range))
                            .collect();
                        format!("object {}", keys.join(" "))
                    }
                };
                format!("{} {:?} {value}\n", n.pointer, n.range)
            })
            .collect()
    }

    /// Parses `text` both ways and says how they differ, if they do.
    fn disagreement(text: &str) -> Option<String> {
        let ours = parse(text);
        let theirs = reference::parse(text);
        match (&ours, &theirs) {
            (Ok(a), Some(b)) if dump(a) == dump(b) => None,
            (Err(e), None) => {
                // An error names a range of the text, and says something.
                (e.range.start > e.range.end || e.range.end > text.len() || e.message.is_empty())
                    .then(|| format!("bad error {e:?}"))
            }
            (Ok(a), Some(b)) => Some(format!("trees differ:\n{}\nvs\n{}", dump(a), dump(b))),
            (Ok(_), None) => Some("accepted what the reference refuses".to_owned()),
            (Err(e), Some(_)) => Some(format!("refused what the reference accepts: {e:?}")),
        }
    }

    /// Every JSON file the linter's tests lint.
    fn fixture_texts() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lint_fixtures");
        let mut texts = Vec::new();
        for dir in std::fs::read_dir(root).unwrap() {
            for file in std::fs::read_dir(dir.unwrap().path()).unwrap() {
                let path = file.unwrap().path();
                if path.extension().is_some_and(|e| e == "json") {
                    texts.push(std::fs::read_to_string(path).unwrap());
                }
            }
        }
        texts.sort();
        texts
    }

    #[test]
    fn the_parser_agrees_with_the_reference_on_hand_picked_documents() {
        let cases = [
            "",
            " ",
            "null",
            "true",
            "false",
            "nul",
            "truex",
            "True",
            "0",
            "-0",
            "-",
            "01",
            "-01",
            "1.",
            ".5",
            "1.5",
            "1e5",
            "1E+5",
            "1e-5",
            "1e",
            "1e+",
            "0.0e0",
            "-1.25E-10",
            "+1",
            "1.5.2",
            "0x1",
            "NaN",
            "Infinity",
            "\"\"",
            "\"a\"",
            "\"a",
            "\"\\\"\"",
            "\"\\u00e9\"",
            "\"\\u00E9\\n\\t\\/\\b\\f\\r\\\\\"",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\\u12g4\"",
            "\"\\ud83d\\ude00\"",
            "\"\\ud83d\"",
            "\"\\ude00\"",
            "\"\\ud83dx\"",
            "\"\\ud83d\\u0041\"",
            "\"tab\there\"",
            "\"nl\nhere\"",
            "\"\u{7f}\"",
            "\"é😀\"",
            "'a'",
            "[]",
            "[ ]",
            "[1,]",
            "[,1]",
            "[1 2]",
            "[1,,2]",
            "[",
            "]",
            "{}",
            "{ }",
            "{\"a\":1}",
            "{\"a\" : 1 , \"b\":[true]}",
            "{\"a\":1,}",
            "{a:1}",
            "{\"a\" 1}",
            "{\"a\":}",
            "{\"a\":1 \"b\":2}",
            "{,}",
            "{\"a\":1}}",
            "{} {}",
            "[] x",
            "// c\n{}",
            "/* c */ {}",
            "{\"a\":1} // c",
            "\u{feff}{}",
            "\t\n\r {} \r\n",
            "\u{a0}{}",
            "{\"a\":{\"b\":{\"c\":[[[\"d\"]]]}}}",
            "{\"a\":1,\"a\":2}",
            "{\"\":\"\"}",
            "{\"k~/\":[0]}",
            "[\"\\u0000\"]",
            "\"\\\u{e9}\"",
            "\"\\",
        ];
        for case in cases {
            assert_eq!(disagreement(case), None, "{case:?}");
        }
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        for n in [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, 10_000] {
            assert_eq!(disagreement(&deep(n)), None, "{n}");
        }
    }

    #[test]
    fn the_parser_agrees_with_the_reference_on_broken_fixtures() {
        // Every fixture, and each with one character deleted, doubled or replaced by one a
        // document goes wrong with, at positions spread over it.
        let breakers = [
            '"', '\\', ',', ':', '{', '}', '[', ']', '0', '-', '.', 'e', ' ', '\n', '/', '\'', '\u{1}', 'é',
        ];
        for text in fixture_texts() {
            assert_eq!(disagreement(&text), None, "{text}");
            let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            for (n, at) in boundaries.iter().enumerate().step_by(boundaries.len() / 40 + 1) {
                let next = boundaries.get(n + 1).copied().unwrap_or(text.len());
                let (head, tail) = (&text[..*at], &text[next..]);
                let this = &text[*at..next];
                let mut variants = vec![format!("{head}{tail}"), format!("{head}{this}{this}{tail}")];
                variants.extend(breakers.iter().map(|b| format!("{head}{b}{tail}")));
                for variant in variants {
                    assert_eq!(disagreement(&variant), None, "{variant}");
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_parser_agrees_with_the_reference_on_any_text(
            text in r#"[\[\]{}",:0-9a-z\\ \-+.eE\n\t\u{1}é😀'/]{0,40}"#,
        ) {
            proptest::prop_assert_eq!(disagreement(&text), None, "{:?}", text);
        }
    }

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

    /// A syntax error says what is wrong in words and points at the offending text; a raw
    /// control character in a string is one (IAM refuses it, and so must the linter).
    #[test]
    fn syntax_errors_say_what_and_where() {
        let cases: [(&str, &str, std::ops::Range<usize>); 8] = [
            (
                "{\"Sid\": \"a\tb\"}",
                "a string holds the control character U+0009, which JSON allows only escaped (such as `\\n` or `\\u0009`)",
                10..11,
            ),
            (
                "{\"a\": 1,}",
                "a comma before `}`: JSON allows no trailing comma",
                7..8,
            ),
            ("[1,]", "a comma before `]`: JSON allows no trailing comma", 2..3),
            (
                "{'a': 1}",
                "strings take double quotes in JSON; found `'` where a key in double quotes was expected",
                1..2,
            ),
            (
                "// x\n{}",
                "comments are not allowed in JSON; found `/` where a value was expected",
                0..1,
            ),
            (
                "{\"a\": 01}",
                "`01` is not a JSON number (digits with an optional `-`, fraction and exponent, and no leading zero)",
                6..8,
            ),
            ("{\"a\": \"\\x\"}", "`\\\\x` is not a JSON escape (JSON knows `\\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` and `\\u` with four hex digits)", 7..9),
            ("{\"a\": [", "the document ends early: where a value was expected", 7..7),
        ];
        for (text, message, range) in cases {
            let error = parse(text).unwrap_err();
            assert_eq!((error.message.as_str(), error.range), (message, range), "{text:?}");
        }
    }
}
