//! Lints a pasted policy off the page's thread, so that no text, however long, holds the page.
//! A text longer than a policy can be goes to a Web Worker that runs this same wasm module
//! and calls only [`outcome`]; a shorter one is linted here, at once. The worker's script,
//! `lint-worker.js`, is written by the site build next to `boot.js`; the page posts it the
//! module, compiled, and it loads the page's glue script, so the worker downloads nothing
//! the page has not; `boot.js` names it in the root element's `data-lint-worker`. One lint is in flight at a time. A newer text
//! replaces an older one: the lint of a text up to a megabyte (a few hundred milliseconds)
//! is let finish and its outcome dropped, and the newest text waiting goes next; a longer
//! one's worker is terminated (a lint is one call into wasm, which nothing can interrupt) and
//! another started a moment later, once the typing pauses. Where there is no worker script
//! (the wasm-bindgen tests) or it fails to start, the page lints every text on its own thread.

use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::sync::Arc;
use std::time::Duration;

use bucketrust_core::lint::{self, wire, Finding, PolicyKind};
use leptos::prelude::{set_timeout_with_handle, TimeoutHandle};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The root element's attribute that holds the worker script's URL.
const WORKER_ATTRIBUTE: &str = "data-lint-worker";

/// The worker's half: lints `text` as the kind whose id is `kind` (anything else detects it)
/// and encodes what it found.
pub fn outcome(text: &str, kind: &str) -> String {
    let (kind, findings) = check(text, PolicyKind::from_id(kind));
    wire::encode(kind, &findings)
}

/// How many times the worker lints the warm-up policies while it waits for its first text.
const WARM_UP_ROUNDS: u32 = 6;

/// Statements in each warm-up policy: about 40 KB of JSON.
const WARM_UP_STATEMENTS: usize = 160;

/// The warm-up's identity statements, one of each shape a backup setup's policies have:
/// object and bucket actions, a condition, a denial, a wildcard.
const WARM_UP_IDENTITY: &str = r#"[
  {"Sid": "Objects", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], "Resource": "arn:aws:s3:::warm-up-bucket/*"},
  {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetBucketLocation"], "Resource": "arn:aws:s3:::warm-up-bucket", "Condition": {"StringLike": {"s3:prefix": ["backups/*", "wal/*"]}}},
  {"Effect": "Deny", "Action": "s3:*", "Resource": ["arn:aws:s3:::warm-up-bucket", "arn:aws:s3:::warm-up-bucket/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
  {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}
]"#;

/// The warm-up's trust statements: the three ways a backup system's role is assumed, and a
/// public one.
const WARM_UP_TRUST: &str = r#"[
  {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": "system:serviceaccount:backups:velero", "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud": "sts.amazonaws.com"}}},
  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "warm-up"}}},
  {"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]},
  {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}
]"#;

/// The worker's warm-up, one round per task until the first text comes: lints a policy of
/// the kind a long paste holds (identity in even rounds, trust in odd ones) and says whether
/// to go on. V8 runs wasm in its baseline tier until a function has been hot for a while,
/// and a call already running never moves to the optimised code: the first megabyte a fresh
/// worker linted took about twice as long as the next. Rounds of a few milliseconds each let
/// a text that comes meanwhile wait one round at most.
pub fn warm_up(round: u32) -> bool {
    if round >= WARM_UP_ROUNDS {
        return false;
    }
    check(&warm_up_policy(round % 2 == 1), None);
    round + 1 < WARM_UP_ROUNDS
}

/// A policy of [`WARM_UP_STATEMENTS`] statements, the shapes above in turn.
fn warm_up_policy(trust: bool) -> String {
    let shapes: Vec<serde_json::Value> =
        serde_json::from_str(if trust { WARM_UP_TRUST } else { WARM_UP_IDENTITY }).unwrap_or_default();
    let statements: Vec<&serde_json::Value> = shapes.iter().cycle().take(WARM_UP_STATEMENTS).collect();
    let policy = serde_json::json!({"Version": "2012-10-17", "Statement": statements});
    serde_json::to_string_pretty(&policy).unwrap_or_default()
}

/// The kind `text` is checked as (`kind`, or the detected one) and its findings: what the
/// worker and the page's own lint both compute.
fn check(text: &str, kind: Option<PolicyKind>) -> (PolicyKind, Vec<Finding>) {
    lint::lint_detecting(text, &lint::Options { kind, attachment: None })
}

/// One text's lint: the text it was for, the kind it was checked as, what was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Linted {
    pub text: Arc<str>,
    pub kind: PolicyKind,
    pub findings: Vec<Finding>,
}

fn lint_here(text: Arc<str>, kind: Option<PolicyKind>) -> Linted {
    let (kind, findings) = check(&text, kind);
    Linted { text, kind, findings }
}

/// Lints `text` on the page's thread and hands the outcome over.
fn deliver_here(inner: &Rc<RefCell<Inner>>, text: Arc<str>, kind: Option<PolicyKind>) {
    let deliver = inner.borrow().deliver.clone();
    deliver(lint_here(text, kind));
}

/// Texts up to this size (in bytes) are linted on the page's own thread, at once: any real
/// policy is (IAM's largest quota is 10,240 characters, whitespace not counted), and its lint
/// takes a few milliseconds, less than a worker takes to start.
const LINT_HERE_UP_TO: usize = 16 * 1024;

/// After the lint of a text longer than this (in bytes) the worker is stopped, which gives its
/// memory back. A newer text waits for the lint of a text up to this size rather than
/// terminating it: that lint ends in a few hundred milliseconds, and a new worker would cost
/// the module's compilation, on the cores the page needs while the user types.
const KEEP_WORKER_UP_TO: usize = 1024 * 1024;

/// How long a text waits, after a newer one cancelled a lint, before its own lint starts:
/// starting a worker costs the whole module's compilation, which a burst of keystrokes in a
/// long text would otherwise pay once per keystroke, beside the page, on the same cores.
const RESTART_AFTER: Duration = Duration::from_millis(150);

/// The page's side of the worker. Cheap to clone; every clone drives the same worker.
#[derive(Clone)]
pub struct Linter {
    inner: Rc<RefCell<Inner>>,
}

struct Inner {
    /// The worker script; `None` once the page lints on its own thread.
    url: Option<String>,
    worker: Option<Running>,
    request: Request,
    next_id: u32,
    deliver: Rc<dyn Fn(Linted)>,
}

/// Where the latest text's lint is.
enum Request {
    /// Nothing is under way.
    Idle,
    /// A lint was cancelled a moment ago; this text's starts when the timer fires, unless a
    /// newer text comes first.
    Waiting(TimeoutHandle),
    /// The worker is linting this text (request `id`).
    Running {
        id: u32,
        text: Arc<str>,
        kind: Option<PolicyKind>,
    },
    /// The worker is still linting request `id`, for a text no longer wanted: its outcome is
    /// dropped, and `next`, the latest text if it needs the worker, is posted then.
    Superseded {
        id: u32,
        next: Option<(Arc<str>, Option<PolicyKind>)>,
    },
}

/// What became of the lint under way when a newer text came.
#[derive(PartialEq, Eq)]
enum Stopped {
    /// There was none.
    Nothing,
    /// It goes on, and its outcome will be dropped.
    LetFinish,
    /// It was waiting, or its worker was terminated.
    Cancelled,
}

/// A started worker and the handlers it calls, which must live as long as it does.
struct Running {
    worker: web_sys::Worker,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

impl Linter {
    /// A linter that hands every outcome to `deliver`, at once when it lints on the page's
    /// thread, later when a worker does.
    pub fn new(deliver: impl Fn(Linted) + 'static) -> Linter {
        let url = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|root| root.get_attribute(WORKER_ATTRIBUTE))
            .filter(|url| !url.is_empty());
        Linter {
            inner: Rc::new(RefCell::new(Inner {
                url,
                worker: None,
                request: Request::Idle,
                next_id: 0,
                deliver: Rc::new(deliver),
            })),
        }
    }

    /// Lints `text`, instead of the text whose lint is under way if there is one.
    pub fn lint(&self, text: Arc<str>, kind: Option<PolicyKind>) {
        let stopped = self.stop();
        if text.len() <= LINT_HERE_UP_TO || self.inner.borrow().url.is_none() {
            deliver_here(&self.inner, text, kind);
            return;
        }
        let mut inner = self.inner.borrow_mut();
        if let Request::Superseded { next, .. } = &mut inner.request {
            *next = Some((text, kind));
            return;
        }
        drop(inner);
        if stopped == Stopped::Nothing {
            post(&self.inner, text, kind);
            return;
        }
        let linter = Rc::downgrade(&self.inner);
        let later = text.clone();
        let timer = set_timeout_with_handle(
            move || {
                if let Some(inner) = linter.upgrade() {
                    inner.borrow_mut().request = Request::Idle;
                    post(&inner, later, kind);
                }
            },
            RESTART_AFTER,
        );
        match timer {
            Ok(handle) => self.inner.borrow_mut().request = Request::Waiting(handle),
            // No timer (there is always one in a page): start at once.
            Err(_) => post(&self.inner, text, kind),
        }
    }

    /// Starts the worker, if the page has one and none is running, so that a long text's lint
    /// finds it ready. Once a paste has landed, the browser lays out the pasted text before it
    /// runs anything else (about a second for a megabyte), and a worker started then only
    /// begins loading after that; a worker already running lints the text meanwhile.
    pub fn prepare(&self) {
        let mut state = self.inner.borrow_mut();
        if state.worker.is_none() {
            if let Some(url) = state.url.clone() {
                state.worker = start(&url, Rc::downgrade(&self.inner));
            }
        }
    }

    /// Stops the lint under way, if any: its outcome is never delivered.
    pub fn cancel(&self) {
        self.stop();
    }

    fn stop(&self) -> Stopped {
        let mut inner = self.inner.borrow_mut();
        match std::mem::replace(&mut inner.request, Request::Idle) {
            Request::Idle => Stopped::Nothing,
            Request::Waiting(handle) => {
                handle.clear();
                Stopped::Cancelled
            }
            Request::Running { id, text, .. } if text.len() <= KEEP_WORKER_UP_TO => {
                inner.request = Request::Superseded { id, next: None };
                Stopped::LetFinish
            }
            Request::Superseded { id, .. } => {
                inner.request = Request::Superseded { id, next: None };
                Stopped::LetFinish
            }
            Request::Running { .. } => {
                // Dropping the worker terminates it; the next lint starts another.
                inner.worker = None;
                Stopped::Cancelled
            }
        }
    }
}

/// Hands `text` to the worker, started if need be; lints it here if the browser refuses.
fn post(inner: &Rc<RefCell<Inner>>, text: Arc<str>, kind: Option<PolicyKind>) {
    let sent = {
        let mut state = inner.borrow_mut();
        let url = state.url.clone();
        if state.worker.is_none() {
            state.worker = url.and_then(|url| start(&url, Rc::downgrade(inner)));
        }
        state.next_id = state.next_id.wrapping_add(1);
        let id = state.next_id;
        let message = js_sys::Array::of3(
            &JsValue::from(id),
            &JsValue::from_str(&text),
            &JsValue::from_str(kind.map_or("", PolicyKind::id)),
        );
        let sent = state
            .worker
            .as_ref()
            .is_some_and(|running| running.worker.post_message(&message).is_ok());
        if sent {
            state.request = Request::Running {
                id,
                text: text.clone(),
                kind,
            };
        } else {
            state.url = None;
            state.worker = None;
        }
        sent
    };
    if !sent {
        deliver_here(inner, text, kind);
    }
}

/// Starts the worker at `url`, whose answers go to `linter`; `None` when the browser refuses.
fn start(url: &str, linter: Weak<RefCell<Inner>>) -> Option<Running> {
    let worker = web_sys::Worker::new(url).ok()?;
    // The worker's first message: this module, compiled (see `finish-site`'s worker script).
    // A `WebAssembly.Module` is shared with the worker, not copied, so the worker does not
    // load and evaluate the module's 1.7 MB script again.
    worker.post_message(&wasm_bindgen::module()).ok()?;
    let answered = linter.clone();
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        if let Some(inner) = answered.upgrade() {
            answer(&inner, &event.data());
        }
    });
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        // The script did not load or the module did not start: lint on the page's thread from
        // now on, beginning with the text the worker had.
        event.prevent_default();
        if let Some(inner) = linter.upgrade() {
            give_up(&inner);
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(Running {
        worker,
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// The worker's `[id, outcome]` for the request under way.
fn answer(inner: &Rc<RefCell<Inner>>, data: &JsValue) {
    let array: &js_sys::Array = data.unchecked_ref();
    let answered = array.get(0).as_f64();
    let encoded = array.get(1).as_string();
    let (linted, deliver) = {
        let mut state = inner.borrow_mut();
        let id = match &state.request {
            Request::Running { id, .. } | Request::Superseded { id, .. } => *id,
            Request::Idle | Request::Waiting(_) => return,
        };
        if answered != Some(f64::from(id)) {
            return;
        }
        let (text, kind) = match std::mem::replace(&mut state.request, Request::Idle) {
            Request::Running { text, kind, .. } => (text, kind),
            Request::Superseded { next, .. } => {
                // The worker is free again: the latest text goes to it.
                drop(state);
                if let Some((text, kind)) = next {
                    post(inner, text, kind);
                }
                return;
            }
            Request::Idle | Request::Waiting(_) => return,
        };
        if text.len() > KEEP_WORKER_UP_TO {
            // A wasm module's memory never shrinks: the worker keeps what the long text's
            // lint took (several times the text) for as long as it lives, so it goes now, and
            // the next long text starts another.
            state.worker = None;
        }
        let linted = match encoded.as_deref().and_then(wire::decode) {
            Some((kind, findings)) => Linted { text, kind, findings },
            // Not what the worker writes: the page's own lint of the same text is the answer.
            None => lint_here(text, kind),
        };
        (linted, state.deliver.clone())
    };
    deliver(linted);
}

fn give_up(inner: &Rc<RefCell<Inner>>) {
    let request = {
        let mut state = inner.borrow_mut();
        state.url = None;
        state.worker = None;
        std::mem::replace(&mut state.request, Request::Idle)
    };
    match request {
        Request::Running { text, kind, .. }
        | Request::Superseded {
            next: Some((text, kind)),
            ..
        } => deliver_here(inner, text, kind),
        Request::Superseded { next: None, .. } | Request::Idle | Request::Waiting(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The warm-up only helps if the lint gets past the parser into the rules and the
    /// catalog: both policies are read as the kind they are meant as, and the linter finds
    /// what their shapes invite (a wildcard, a public principal, a repeated Sid, the size),
    /// nothing about their own making (no unknown action, no malformed ARN).
    #[test]
    fn the_warm_up_policies_reach_the_rules() {
        let expected = [
            (
                false,
                PolicyKind::Identity,
                &[
                    "duplicate-sid",
                    "policy-too-large",
                    "service-wide-wildcard-action",
                    "wildcard-resource-with-s3",
                ][..],
            ),
            (
                true,
                PolicyKind::Trust,
                &[
                    "policy-too-large",
                    "public-principal-without-condition",
                    "unscoped-pod-identity-trust",
                ][..],
            ),
        ];
        for (trust, kind, names) in expected {
            let policy = warm_up_policy(trust);
            assert!((30_000..50_000).contains(&policy.len()), "{} bytes", policy.len());
            let (checked, findings) = check(&policy, None);
            assert_eq!(checked, kind);
            let mut found: Vec<_> = findings.iter().map(|f| f.name).collect();
            found.sort_unstable();
            found.dedup();
            assert_eq!(found, names, "{kind:?}");
        }
    }

    #[test]
    fn the_warm_up_stops_after_its_rounds() {
        let rounds: Vec<_> = (0..WARM_UP_ROUNDS + 1).map(warm_up).collect();
        let mut expected = vec![true; WARM_UP_ROUNDS as usize - 1];
        expected.extend([false, false]);
        assert_eq!(rounds, expected);
    }
}
