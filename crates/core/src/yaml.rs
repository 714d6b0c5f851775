//! A small YAML emitter for Kubernetes manifests. It writes block style from JSON values and
//! double-quotes every string that YAML 1.1 or 1.2 could read as anything but that string.

use serde_json::Value;
use std::fmt::Write as _;

/// One YAML document.
pub fn document(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_map(&mut out, map, 0),
        Value::Array(items) if !items.is_empty() => write_seq(&mut out, items, 0),
        scalar => {
            out.push_str(&scalar_text(scalar));
            out.push('\n');
        }
    }
    out
}

/// One YAML document under a comment; each line of `comment` becomes a `# ` line.
pub fn commented_document(comment: &str, value: &Value) -> String {
    let mut out: String = comment
        .lines()
        .map(|line| {
            if line.is_empty() {
                "#\n".to_owned()
            } else {
                format!("# {line}\n")
            }
        })
        .collect();
    out.push_str(&document(value));
    out
}

/// Several YAML documents in one stream, each after a `---` line.
pub fn documents(values: &[Value]) -> String {
    values.iter().map(|v| format!("---\n{}", document(v))).collect()
}

fn indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn write_map(out: &mut String, map: &serde_json::Map<String, Value>, level: usize) {
    for (i, (key, value)) in map.iter().enumerate() {
        // The first key of a map inside a sequence item shares the `- ` line.
        if i > 0 || level == 0 || !out.ends_with("- ") {
            indent(out, level);
        }
        out.push_str(&string_text(key));
        out.push(':');
        write_nested(out, value, level);
    }
}

fn write_seq(out: &mut String, items: &[Value], level: usize) {
    for item in items {
        indent(out, level);
        out.push_str("- ");
        match item {
            Value::Object(map) if !map.is_empty() => write_map(out, map, level + 2),
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_seq(out, inner, level + 2);
            }
            scalar => {
                out.push_str(&scalar_text(scalar));
                out.push('\n');
            }
        }
    }
}

fn write_nested(out: &mut String, value: &Value, level: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            write_map(out, map, level + 2);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_seq(out, items, level + 2);
        }
        scalar => {
            let _ = writeln!(out, " {}", scalar_text(scalar));
        }
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string_text(s),
        Value::Array(_) => "[]".to_owned(),
        Value::Object(_) => "{}".to_owned(),
    }
}

/// A string as a plain scalar when that is unambiguous, otherwise as a JSON string, which is
/// also a valid YAML double-quoted scalar.
fn string_text(s: &str) -> String {
    if is_plain_safe(s) {
        s.to_owned()
    } else {
        Value::String(s.to_owned()).to_string()
    }
}

fn is_plain_safe(s: &str) -> bool {
    const RESERVED: [&str; 22] = [
        "null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES", "no",
        "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
    ];
    let Some(first) = s.chars().next() else {
        return false;
    };
    let charset_ok = s.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:@=".contains(c));
    let starts_ok = first.is_ascii_alphabetic() || first == '/' || first == '_';
    charset_ok
        && starts_ok
        && !s.contains(": ")
        && !s.ends_with(':')
        && !RESERVED.contains(&s)
        && !matches!(s, "y" | "Y" | "n" | "N")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_maps_and_sequences() {
        let v = json!({
            "metadata": {"name": "x", "annotations": {"eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/R"}},
            "backups": [{"sgObjectStorage": "s", "cronSchedule": "0 5 * * *", "retention": 7}],
            "flag": true,
        });
        assert_eq!(
            document(&v),
            "metadata:\n  name: x\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/R\nbackups:\n  - sgObjectStorage: s\n    cronSchedule: \"0 5 * * *\"\n    retention: 7\nflag: true\n"
        );
    }

    #[test]
    fn ambiguous_strings_are_quoted() {
        for s in [
            "yes", "no", "on", "true", "null", "~", "7", "0x1F", "1e3", "-x", "a: b", "", "#c", "x\ny", "*a", "é",
        ] {
            let text = string_text(s);
            assert!(text.starts_with('"'), "{s} -> {text}");
            let back: String = serde_json::from_str(&text).unwrap_or_default();
            assert_eq!(back, s);
        }
        for s in [
            "default",
            "my-stackgres-bucket",
            "STANDARD_IA",
            "us-west-2",
            "stackgres.io/v1beta1",
        ] {
            assert_eq!(string_text(s), s);
        }
    }
}
