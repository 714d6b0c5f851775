//! The policy linter: checks an IAM identity (permission) policy or a role trust policy and
//! reports findings with a stable code, a severity, a one-line message, a help line and the
//! place (line, column, JSON pointer). Linting never panics: a document that is not JSON, or
//! not a policy, is reported through findings like any other mistake.
//!
//! - `json.rs`: the spanned JSON tree and its strict one-pass parser;
//! - `policy.rs`: the policy view rules work on (statements, principals, conditions);
//! - `arn.rs`: ARN splitting and matching against the catalog's ARN patterns;
//! - `catalog/`: the generated IAM catalog;
//! - `rules/`: one file per rule, and the registry;
//! - `render.rs`: the compiler-style text rendering of findings.

pub mod arn;
pub mod catalog;
pub mod json;
pub mod policy;
pub mod render;
pub mod rules;
pub mod wire;

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

pub use json::{line_column, utf16_offset, LineIndex, Member, Node, Pointer};
pub use policy::{Document, Statement};

/// Which kind of policy a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyKind {
    /// A permission policy attached to a user, group or role.
    Identity,
    /// A role's trust (assume-role) policy.
    Trust,
}

impl PolicyKind {
    pub const ALL: [PolicyKind; 2] = [PolicyKind::Identity, PolicyKind::Trust];

    pub fn id(self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity",
            PolicyKind::Trust => "trust",
        }
    }

    /// The kind whose [`id`](PolicyKind::id) is `id`.
    pub fn from_id(id: &str) -> Option<PolicyKind> {
        PolicyKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// What the kind is called in a sentence.
    pub fn label(self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity (permission) policy",
            PolicyKind::Trust => "role trust policy",
        }
    }
}

/// How an identity policy is attached, which decides its size quota.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Attachment {
    /// A customer managed policy: 6,144 characters.
    #[default]
    Managed,
    /// Inline policies of a user: 2,048 characters in total.
    InlineUser,
    /// Inline policies of a group: 5,120 characters in total.
    InlineGroup,
    /// Inline policies of a role: 10,240 characters in total.
    InlineRole,
}

impl Attachment {
    /// IAM's size quota for a document of `kind` attached this way (a trust policy's is the
    /// same whatever the attachment), in characters without whitespace, and what it is
    /// called in a sentence. The inline quotas are for all of an identity's inline policies
    /// together.
    pub fn quota(self, kind: PolicyKind) -> (usize, &'static str) {
        match (kind, self) {
            (PolicyKind::Trust, _) => (2_048, "a role trust policy"),
            (PolicyKind::Identity, Attachment::Managed) => (6_144, "a managed policy"),
            (PolicyKind::Identity, Attachment::InlineUser) => (2_048, "a user's inline policies"),
            (PolicyKind::Identity, Attachment::InlineGroup) => (5_120, "a group's inline policies"),
            (PolicyKind::Identity, Attachment::InlineRole) => (10_240, "a role's inline policies"),
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Attachment::Managed => "managed",
            Attachment::InlineUser => "inline-user",
            Attachment::InlineGroup => "inline-group",
            Attachment::InlineRole => "inline-role",
        }
    }
}

/// A document's size as IAM counts it against its quota: its characters, whitespace not
/// counted.
pub fn policy_size(text: &str) -> usize {
    if text.is_ascii() {
        // The ASCII characters `char::is_whitespace` holds for: tab, line feed, vertical tab,
        // form feed, carriage return and space.
        return text.bytes().filter(|b| !matches!(b, b'\t'..=b'\r' | b' ')).count();
    }
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The document is rejected by IAM or does not do what it says.
    Error,
    /// The document works but grants more than it should.
    SecurityWarning,
    /// Probably a mistake.
    Warning,
    /// An improvement.
    Suggestion,
}

impl Severity {
    /// Every severity, worst first.
    pub const ALL: [Severity; 4] = [
        Severity::Error,
        Severity::SecurityWarning,
        Severity::Warning,
        Severity::Suggestion,
    ];

    /// The severity in words, for counts such as "2 security warnings".
    pub fn words(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::SecurityWarning => "security warning",
            Severity::Warning => "warning",
            Severity::Suggestion => "suggestion",
        }
    }

    /// How many of `findings` have each severity, worst first.
    pub fn counts<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> [(Severity, usize); 4] {
        let mut counts = Severity::ALL.map(|s| (s, 0));
        for finding in findings {
            if let Some((_, n)) = counts.iter_mut().find(|(s, _)| *s == finding.severity) {
                *n += 1;
            }
        }
        counts
    }

    pub fn id(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::SecurityWarning => "security-warning",
            Severity::Warning => "warning",
            Severity::Suggestion => "suggestion",
        }
    }

    /// Whether a finding of this severity makes the CLI exit with status 1.
    pub fn fails(self) -> bool {
        matches!(self, Severity::Error | Severity::SecurityWarning)
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// What the linter reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Stable code, `BR001`…
    pub code: &'static str,
    /// Kebab-case name of the bad pattern.
    pub name: &'static str,
    pub severity: Severity,
    /// One lowercase line; the user's input in backticks.
    pub message: String,
    /// What to do about it.
    pub help: String,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column of the start, in characters.
    pub column: usize,
    /// 1-based line and column just past the end.
    pub end_line: usize,
    pub end_column: usize,
    /// RFC 6901 pointer of the offending value (`""` for the whole document).
    pub pointer: String,
}

/// Options beyond the text.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// The policy kind; detected from the document when absent (a `Principal` means trust).
    pub kind: Option<PolicyKind>,
    /// How an identity policy is attached (its size quota); managed when absent.
    pub attachment: Option<Attachment>,
}

/// Lints a policy document, detecting its kind unless given.
pub fn lint(text: &str, kind: Option<PolicyKind>) -> Vec<Finding> {
    lint_with(text, &Options { kind, attachment: None })
}

/// Lints a policy document with options. Findings are sorted by position, then code.
pub fn lint_with(text: &str, options: &Options) -> Vec<Finding> {
    lint_detecting(text, options).1
}

/// Like [`lint_with`], and says which kind the document was checked as: the given one, or
/// the detected one (a `Principal` in any statement means a trust policy; anything else,
/// including text that is not JSON, an identity policy). The document is parsed once for
/// both.
pub fn lint_detecting(text: &str, options: &Options) -> (PolicyKind, Vec<Finding>) {
    let parsed = json::parse(text);
    let document = parsed.as_ref().ok().map(Document::new);
    let kind = options
        .kind
        .unwrap_or_else(|| document.as_ref().map_or(PolicyKind::Identity, Document::detect_kind));
    let cx = Context {
        text,
        kind,
        attachment: options.attachment.unwrap_or_default(),
        syntax_error: parsed.as_ref().err(),
        root: parsed.as_ref().ok(),
        document,
        action_matches: RefCell::default(),
        nodes: OnceCell::new(),
        arn_strings: OnceCell::new(),
    };
    let mut findings = Vec::new();
    // One index for every finding's position: each is then found without scanning the text.
    let lines = LineIndex::new(text);
    for rule in rules::all() {
        let mut out = Vec::new();
        rule.check(&cx, &mut out);
        for d in out {
            let (line, column) = lines.line_column(d.range.start);
            let (end_line, end_column) = lines.line_column(d.range.end.max(d.range.start));
            findings.push(Finding {
                code: rule.code(),
                name: rule.name(),
                severity: rule.severity(),
                message: d.message,
                help: d.help,
                line,
                column,
                end_line,
                end_column,
                pointer: d.pointer,
            });
        }
    }
    findings.sort_by(|a, b| (a.line, a.column, a.code).cmp(&(b.line, b.column, b.code)));
    findings.dedup();
    (kind, findings)
}

/// What a rule's check reports: the rule adds its code, name and severity.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub range: Range<usize>,
    pub pointer: String,
    pub message: String,
    pub help: String,
}

impl Diagnostic {
    /// A finding about a value.
    pub fn at(node: &Node, message: impl Into<String>, help: impl Into<String>) -> Diagnostic {
        Diagnostic {
            range: node.range.clone(),
            pointer: node.pointer.to_string(),
            message: message.into(),
            help: help.into(),
        }
    }

    /// A finding about something `node` lacks: placed on its first character, so that the
    /// place shown is where the missing element would go.
    pub fn at_start(node: &Node, message: impl Into<String>, help: impl Into<String>) -> Diagnostic {
        Diagnostic {
            range: node.range.start..node.range.start + 1,
            pointer: node.pointer.to_string(),
            message: message.into(),
            help: help.into(),
        }
    }

    /// A finding about a key (placed on the key; the pointer names its value).
    pub fn at_key(member: &Member, message: impl Into<String>, help: impl Into<String>) -> Diagnostic {
        Diagnostic {
            range: member.key_range.clone(),
            pointer: member.value.pointer.to_string(),
            message: message.into(),
            help: help.into(),
        }
    }
}

/// What every rule sees.
pub struct Context<'a> {
    pub text: &'a str,
    pub kind: PolicyKind,
    pub attachment: Attachment,
    pub syntax_error: Option<&'a json::SyntaxError>,
    pub root: Option<&'a Node>,
    /// The policy view, when the text is JSON.
    pub document: Option<Document<'a>>,
    /// The catalog actions of each action (`s3:GetObject`, `s3:Get*`) seen so far: several
    /// rules ask about each, and a pattern scans its service's actions. At most
    /// [`MAX_KEPT_ACTIONS`] are kept, so the memory stays bounded.
    action_matches: RefCell<KeptMatches<'a>>,
    /// Every node of the document, walked once for the rules that look at every node.
    nodes: OnceCell<Vec<&'a Node>>,
    /// The document's ARN-looking strings, gathered once for the rules that check ARNs.
    arn_strings: OnceCell<Vec<(&'a str, &'a Node)>>,
}

/// How many distinct actions a lint keeps the matches of: far more than any policy holds.
const MAX_KEPT_ACTIONS: usize = 4_096;

/// How many distinct actions are kept in a list searched in order before a hash map takes
/// the rest: a policy names a handful, for which comparing them is quicker than hashing.
const LISTED_ACTIONS: usize = 16;

type ActionMatches = Option<(&'static catalog::Service, catalog::Matches)>;

/// The matches kept by [`Context::catalog_actions`].
#[derive(Default)]
struct KeptMatches<'a> {
    listed: Vec<(&'a str, ActionMatches)>,
    /// The actions past the first [`LISTED_ACTIONS`], hashed with the standard library's
    /// keyed hash, so that no document can make look-ups collide.
    hashed: HashMap<&'a str, ActionMatches>,
}

impl<'a> KeptMatches<'a> {
    fn get(&self, action: &str) -> Option<&ActionMatches> {
        match self.listed.iter().find(|(kept, _)| *kept == action) {
            Some((_, matches)) => Some(matches),
            None if self.hashed.is_empty() => None,
            None => self.hashed.get(action),
        }
    }

    fn keep(&mut self, action: &'a str, matches: &ActionMatches) {
        if self.listed.len() < LISTED_ACTIONS {
            self.listed.push((action, matches.clone()));
        } else if self.hashed.len() < MAX_KEPT_ACTIONS - LISTED_ACTIONS {
            self.hashed.insert(action, matches.clone());
        }
    }
}

impl<'a> Context<'a> {
    /// The statements that are objects (others are reported by the type rule).
    pub fn statements(&self) -> &[Statement<'a>] {
        self.document.as_ref().map_or(&[], |d| d.statements.as_slice())
    }

    /// Every node of the document, depth first (none when the text is not JSON).
    pub fn nodes(&self) -> &[&'a Node] {
        self.nodes.get_or_init(|| self.root.map(Node::walk).unwrap_or_default())
    }

    /// Every ARN-looking string of the statements worth checking (see
    /// [`policy::arn_strings`]).
    pub fn arn_strings(&self) -> &[(&'a str, &'a Node)] {
        self.arn_strings.get_or_init(|| policy::arn_strings(self.statements()))
    }

    /// The catalog actions a policy action (`s3:Get*`) matches, in the catalog's order, when
    /// its service is held in full (see [`arn::catalog_actions`]).
    pub fn catalog_actions(&self, action: &'a str) -> Option<(&'static catalog::Service, catalog::Matches)> {
        if let Some(kept) = self.action_matches.borrow().get(action) {
            return kept.clone();
        }
        let found = arn::catalog_actions(action);
        self.action_matches.borrow_mut().keep(action, &found);
        found
    }
}

/// A rule's documentation, rendered into docs/rules.md.
#[derive(Clone, Copy, Debug)]
pub struct Docs {
    /// One line.
    pub summary: &'static str,
    pub what_it_does: &'static str,
    pub why_it_matters: &'static str,
    /// A policy that triggers the rule.
    pub example: &'static str,
    /// The same policy, fixed.
    pub use_instead: &'static str,
    pub references: &'static [&'static str],
}

/// One lint rule.
pub trait Rule: Sync {
    /// Stable code, `BR` and three digits.
    fn code(&self) -> &'static str;
    /// Kebab-case name of the bad pattern.
    fn name(&self) -> &'static str;
    fn severity(&self) -> Severity;
    fn docs(&self) -> Docs;
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>);
}

/// Declares a rule's struct and metadata; the rule's file defines `fn check`.
macro_rules! declare_rule {
    (
        $(#[$meta:meta])*
        $name:ident {
            code: $code:literal,
            name: $kebab:literal,
            severity: $sev:ident,
            summary: $summary:literal,
            what_it_does: $what:literal,
            why_it_matters: $why:literal,
            example: $example:literal,
            use_instead: $use:literal,
            references: [$($r:literal),* $(,)?] $(,)?
        }
    ) => {
        $(#[$meta])*
        pub struct $name;

        impl $crate::lint::Rule for $name {
            fn code(&self) -> &'static str {
                $code
            }
            fn name(&self) -> &'static str {
                $kebab
            }
            fn severity(&self) -> $crate::lint::Severity {
                $crate::lint::Severity::$sev
            }
            fn docs(&self) -> $crate::lint::Docs {
                $crate::lint::Docs {
                    summary: $summary,
                    what_it_does: $what,
                    why_it_matters: $why,
                    example: $example,
                    use_instead: $use,
                    references: &[$($r),*],
                }
            }
            fn check(&self, cx: &$crate::lint::Context<'_>, out: &mut Vec<$crate::lint::Diagnostic>) {
                check(cx, out)
            }
        }
    };
}
pub(crate) use declare_rule;
