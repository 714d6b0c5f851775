//! The linter's JSON tree: every value and key with its byte range and RFC 6901 pointer.
//! Parsing is done by `jsonc-parser` in strict JSON mode (no comments, trailing commas or
//! other JSON5 extensions); duplicate keys stay visible because objects keep every member.

use std::ops::Range;

use jsonc_parser::ast;
use jsonc_parser::{CollectOptions, ParseOptions};

/// A JSON value with where it is.
#[derive(Clone, Debug)]
pub struct Node {
    pub value: Value,
    /// Byte range in the text.
    pub range: Range<usize>,
    /// RFC 6901 pointer, `""` for the root.
    pub pointer: String,
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
        Some(value) => Ok(convert(value, String::new())),
        None => Err(SyntaxError {
            message: "the document is empty".to_owned(),
            range: text.len()..text.len(),
        }),
    }
}

fn convert(value: ast::Value<'_>, pointer: String) -> Node {
    match value {
        ast::Value::NullKeyword(n) => Node {
            value: Value::Null,
            range: n.range.start..n.range.end,
            pointer,
        },
        ast::Value::BooleanLit(b) => Node {
            value: Value::Bool(b.value),
            range: b.range.start..b.range.end,
            pointer,
        },
        ast::Value::NumberLit(n) => Node {
            value: Value::Number(n.value.to_owned()),
            range: n.range.start..n.range.end,
            pointer,
        },
        ast::Value::StringLit(s) => Node {
            value: Value::String(s.value.into_owned()),
            range: s.range.start..s.range.end,
            pointer,
        },
        ast::Value::Array(a) => {
            let range = a.range.start..a.range.end;
            let items = a
                .elements
                .into_iter()
                .enumerate()
                .map(|(i, v)| convert(v, format!("{pointer}/{i}")))
                .collect();
            Node {
                value: Value::Array(items),
                range,
                pointer,
            }
        }
        ast::Value::Object(o) => {
            let range = o.range.start..o.range.end;
            let members = o
                .properties
                .into_iter()
                .map(|p| {
                    let (key, key_range) = match p.name {
                        ast::ObjectPropName::String(s) => (s.value.into_owned(), s.range.start..s.range.end),
                        ast::ObjectPropName::Word(w) => (w.value.to_owned(), w.range.start..w.range.end),
                    };
                    let child = format!("{pointer}/{}", escape_pointer(&key));
                    Member {
                        key,
                        key_range,
                        value: convert(p.value, child),
                    }
                })
                .collect();
            Node {
                value: Value::Object(members),
                range,
                pointer,
            }
        }
    }
}

/// Escapes a key for a JSON pointer (RFC 6901): `~` as `~0`, `/` as `~1`.
pub fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// 1-based line and column (in characters) of a byte offset; offsets inside a character or
/// past the end are clamped.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).unwrap_or_default().chars().count() + 1;
    (line, column)
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
        assert_eq!(inner.pointer, "/a~1b");
        let list = &inner.as_object().unwrap()[0].value;
        assert_eq!(list.pointer, "/a~1b/x~0y");
        assert_eq!(list.as_array().unwrap()[1].pointer, "/a~1b/x~0y/1");
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
    fn lines_and_columns_count_characters() {
        let text = "{\n  \"é\": \"x\"\n}";
        let offset = text.find("\"x\"").unwrap();
        assert_eq!(line_column(text, offset), (2, 8));
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 10_000), (3, 2));
    }
}
