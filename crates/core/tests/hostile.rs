//! Hostile input: free-text values with quotes, `$(…)`, backticks, `;`, newlines, control
//! characters or non-ASCII text are either rejected by validation, with a message naming the
//! field, or reach the tools literally. The scripts run against fake `aws`, `kubectl`, `helm`,
//! `eksctl` and `jq` that record their argv (see `support/`), and the recorded argv are
//! compared with a run of the same setup without the hostile text.
//!
//! Nothing here names a target or a field: every target, every auth it offers and every
//! free-text field it uses is covered, starting from the examples in `examples/`, so a new
//! target is tested as soon as it has an example.

// Test helpers stop at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

use bucketrust_core::field::Control;
use bucketrust_core::{generate, targets, validate, Artifact, Language, RawSetup};

mod support;

use support::{examples, Sandbox};

/// Text that a shell, a JSON or YAML writer or a terminal would misread if it were pasted
/// into a script unquoted. The `PWNED` payloads create a file if a shell ever runs them. The
/// last ones are legal in IAM names (`+=,.@_-`) and YAML-special (`: #`), so some values pass
/// validation and must then arrive unchanged.
const HOSTILE: [&str; 14] = [
    "it's",
    "say \"hi\"",
    "$(touch PWNED)",
    "`touch PWNED`",
    ";touch PWNED;",
    "a b\t*",
    "line\nbreak",
    "bell\u{7}escape\u{1b}[31m",
    "nul-free\r\u{7f}",
    "café",
    "名前",
    "\\n${HOME}",
    "+=,.@_-",
    ": #x",
];

/// The argv of every call every bash artifact makes, per artifact id.
fn calls(sandbox: &Sandbox, artifacts: &[Artifact]) -> Vec<(String, Vec<Vec<String>>)> {
    artifacts
        .iter()
        .filter(|a| a.language == Language::Bash)
        .map(|a| (a.id.to_string(), sandbox.run(&a.content)))
        .collect()
}

/// `text` as it appears inside a JSON string: documents passed as arguments carry the value
/// JSON-escaped, which is still the value, literally.
fn json_inner(text: &str) -> String {
    let quoted = serde_json::to_string(text).unwrap();
    quoted[1..quoted.len() - 1].to_owned()
}

#[test]
fn hostile_values_are_rejected_or_reach_the_tools_literally() {
    let examples: Vec<RawSetup> = examples().into_iter().map(|(_, raw)| raw).collect();
    let sandbox = Sandbox::new("hostile");
    let (mut rejected, mut literal) = (0, 0);
    for target in targets::ALL {
        for &auth in target.auths() {
            let base = examples
                .iter()
                .find(|raw| raw.target().map(|t| t.id()) == Some(target.id()) && raw.auth() == Some(auth))
                .unwrap_or_else(|| panic!("examples/ has no setup for {} with {}", target.id(), auth.id()))
                .clone();
            validate(&base)
                .unwrap_or_else(|e| panic!("the example for {} with {} is invalid: {e:?}", target.id(), auth.id()));
            let fields = target.fields(auth).iter().filter(|f| f.control() != Control::Choice);
            for &field in fields {
                // The value the field has in the example, or its default: the hostile text is
                // tried alone and appended to it, so that validators must look at every character.
                let current = base
                    .get(field)
                    .map(str::to_owned)
                    .or_else(|| target.default_value(auth, field, &base));
                for hostile in HOSTILE {
                    let mut values = vec![hostile.to_owned()];
                    if let Some(current) = &current {
                        values.push(format!("{current}{hostile}"));
                    }
                    for value in values {
                        let raw = base.clone().with(field, value.as_str());
                        let case = format!("{} {} {}={value:?}", target.id(), auth.id(), field.key());
                        match validate(&raw) {
                            Err(errors) => {
                                let mine: Vec<_> = errors.iter().filter(|e| e.field() == Some(field)).collect();
                                assert!(!mine.is_empty(), "{case}: rejected, but not for {field}: {errors:?}");
                                for e in mine {
                                    let message = e.to_string();
                                    assert!(
                                        message.starts_with(field.key()),
                                        "{case}: `{message}` does not name the field"
                                    );
                                    assert!(!message.contains('\n'), "{case}: `{message}` spans lines");
                                    assert!(
                                        !message.chars().any(char::is_control),
                                        "{case}: `{message:?}` prints control characters"
                                    );
                                }
                                rejected += 1;
                            }
                            Ok(setup) => {
                                // The same setup with a plain token where the hostile text was
                                // says where the value is meant to go.
                                let twin_value = value.replacen(hostile, TOKEN, 1);
                                let twin =
                                    validate(&base.clone().with(field, twin_value.as_str())).unwrap_or_else(|e| {
                                        panic!("{case}: accepted, but its twin {twin_value:?} is not: {e:?}")
                                    });
                                let twin_calls = calls(&sandbox, &generate(&twin));
                                let hostile_calls = calls(&sandbox, &generate(&setup));
                                assert!(!sandbox.dir.join("PWNED").exists(), "{case}: a script ran the payload");
                                assert_reaches_literally(&case, hostile, &twin_calls, &hostile_calls);
                                literal += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    println!(
        "hostile: {rejected} values rejected with a message naming the field, {literal} reached the tools literally"
    );
    assert!(rejected + literal > 0);
}

/// A token no generator writes by itself, standing in for the hostile text.
const TOKEN: &str = "zqzq";

/// Every call of the hostile run is the call of the twin run with the token replaced by the
/// hostile text (plain, or JSON-escaped inside a document), argument by argument: no call was
/// added, removed, split or had its text changed by the shell.
fn assert_reaches_literally(
    case: &str,
    hostile: &str,
    twin: &[(String, Vec<Vec<String>>)],
    got: &[(String, Vec<Vec<String>>)],
) {
    assert_eq!(
        twin.iter().map(|(id, _)| id).collect::<Vec<_>>(),
        got.iter().map(|(id, _)| id).collect::<Vec<_>>(),
        "{case}: the scripts differ"
    );
    for ((id, twin_calls), (_, got_calls)) in twin.iter().zip(got) {
        assert_eq!(twin_calls.len(), got_calls.len(), "{case} [{id}]: {got_calls:?}");
        for (t, g) in twin_calls.iter().zip(got_calls) {
            assert_eq!(t.len(), g.len(), "{case} [{id}]: argv split or joined: {g:?}");
            for i in 0..t.len() {
                let (t_arg, g_arg) = (as_tool_reads(t, i), as_tool_reads(g, i));
                let plain = t_arg.replace(TOKEN, hostile);
                let json = t_arg.replace(TOKEN, &json_inner(hostile));
                assert!(
                    g_arg == plain || g_arg == json,
                    "{case} [{id}]: expected {plain:?}, the tool read {g_arg:?} from {:?}",
                    g[i]
                );
            }
        }
    }
}

/// Argument `i` of a call as the tool itself reads it. Helm splits `--set` values at commas
/// and dots and takes a backslash as "the next character is literal", so an escaped comma is
/// the literal comma the user typed.
fn as_tool_reads(call: &[String], i: usize) -> String {
    let arg = &call[i];
    let helm_set = call[0] == "helm" && i > 0 && matches!(call[i - 1].as_str(), "--set" | "--set-string");
    if !helm_set {
        return arg.clone();
    }
    let mut out = String::new();
    let mut chars = arg.chars();
    while let Some(c) = chars.next() {
        out.push(if c == '\\' { chars.next().unwrap_or(c) } else { c });
    }
    out
}
