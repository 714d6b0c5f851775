//! The link: the setup, the open view and the embed options are mirrored into the URL
//! fragment, so that a link reopens the same page. The fragment is never sent to a server, so
//! the setup never leaves the browser.
//!
//! The page's own keys (`view`, `rule`, `embed`, `lock`, `show`, `theme`) are split off by
//! [`view_keys::split`] before the rest goes to [`RawSetup::from_fragment`], which reports
//! keys it does not know, and they are written back after the setup's keys.

use crate::nav::Nav;
use crate::presentation::Presentation;
use crate::state::{starting_setup, SetupState};
use bucketrust_core::view_keys::{self, KeyProblem, View, ViewKeys};
use bucketrust_core::{RawSetup, SetupError};
use leptos::prelude::*;
use leptos::prelude::{
    request_animation_frame_with_handle, set_timeout_with_handle, AnimationFrameRequestHandle, TimeoutHandle,
};
use std::cell::Cell;
use std::time::Duration;
use wasm_bindgen::JsValue;

/// How many writes of the link the page may make at once, and how many a second after that.
/// WebKit lets a page change its history entry at most 100 times in 30 seconds and throws past
/// that, so in Safari a fast typist's later keystrokes were missing from the link (the page
/// can do nothing useful with the error). The writes are rationed as a bucket of
/// `LINK_WRITE_BURST` that refills at `LINK_WRITES_PER_SECOND`: at most 10 + 2.9 × 30 = 97 in
/// any 30 seconds (a new view or an example is written at once all the same, and counted).
/// Typing in bursts of up to ten keys still writes each key after the frame
/// that shows it, so that a reload keeps it; a longer run of fast typing is written about
/// three times a second, the keys typed meanwhile sharing the next write. "Copy link" reads
/// the setup, not the address bar, so it is never behind.
const LINK_WRITE_BURST: f64 = 10.0;
const LINK_WRITES_PER_SECOND: f64 = 2.9;

/// The writes of the link the page may still make now (see [`LINK_WRITE_BURST`]).
#[derive(Clone, Copy)]
struct WriteBudget {
    writes: f64,
    /// When `writes` was last brought up to date, in milliseconds of the wall clock.
    at: f64,
}

impl WriteBudget {
    fn full(now: f64) -> WriteBudget {
        WriteBudget {
            writes: LINK_WRITE_BURST,
            at: now,
        }
    }

    /// The budget at `now`: refilled for the time since the last look, never past the burst.
    /// A wall clock set back refills nothing.
    fn at(self, now: f64) -> WriteBudget {
        let seconds = ((now - self.at) / 1000.0).max(0.0);
        WriteBudget {
            writes: (self.writes + seconds * LINK_WRITES_PER_SECOND).min(LINK_WRITE_BURST),
            at: now,
        }
    }

    /// How long until a write is allowed, in milliseconds: 0 when one is allowed now.
    fn wait(self) -> f64 {
        if self.writes >= 1.0 {
            0.0
        } else {
            (1.0 - self.writes) * 1000.0 / LINK_WRITES_PER_SECOND
        }
    }

    /// The budget after one write.
    fn spent(self) -> WriteBudget {
        WriteBudget {
            writes: self.writes - 1.0,
            ..self
        }
    }
}

thread_local! {
    /// Set by [`push_next_setup`]: the next setup written to the link is a new history entry.
    static PUSH_NEXT: Cell<bool> = const { Cell::new(false) };
}

/// Makes the next change of the setup a history entry of its own, so that Back returns to the
/// setup before it: for a change the user did not type (an example filling the form), which
/// would otherwise replace what they had.
pub fn push_next_setup() {
    PUSH_NEXT.with(|p| p.set(true));
}

/// Everything the current URL fragment says.
pub struct Link {
    pub raw: RawSetup,
    /// Problems with the setup's keys (unknown keys, a repeated key, broken encoding).
    pub setup_errors: Vec<SetupError>,
    pub keys: ViewKeys,
    /// Problems with the page's own keys.
    pub key_problems: Vec<KeyProblem>,
}

/// The current URL fragment, read. An empty setup (no fragment, or only unknown keys)
/// becomes the [`starting_setup`].
pub fn read_link() -> Link {
    let hash = window().location().hash().unwrap_or_default();
    let split = view_keys::split(&hash);
    let (raw, setup_errors) = RawSetup::from_fragment(&split.setup);
    let raw = if raw == RawSetup::default() {
        starting_setup()
    } else {
        raw
    };
    Link {
        raw,
        setup_errors,
        keys: split.keys,
        key_problems: split.problems,
    }
}

/// What the page's link is, and where its "open in bucketrust" and rule links lead.
#[derive(Clone, Copy)]
pub struct PageLink {
    /// The whole fragment, without `#`: the setup's keys, then the page's.
    pub fragment: Memo<String>,
    /// The setup's keys alone.
    setup: Memo<String>,
}

impl PageLink {
    /// The page's address with the current fragment: what "Copy link" copies.
    pub fn url(&self) -> String {
        with_fragment(&self.fragment.get())
    }

    /// The full page (not embedded) with this setup and `view`: where an embedded page's
    /// "open in bucketrust" and rule links lead.
    pub fn full_page_url(&self, view: View, rule: Option<&'static str>) -> String {
        let keys = ViewKeys {
            view,
            rule,
            ..ViewKeys::default()
        };
        with_fragment(&keys.fragment(&self.setup.get()))
    }
}

/// The page's address without its fragment, followed by `#fragment` when there is one.
fn with_fragment(fragment: &str) -> String {
    let href = window().location().href().unwrap_or_default();
    let base = href.split_once('#').map_or(href.as_str(), |(base, _)| base);
    if fragment.is_empty() {
        base.to_owned()
    } else {
        format!("{base}#{fragment}")
    }
}

/// Keeps the fragment and the page in step. Every change of the setup replaces the current
/// history entry's fragment; a change of view or rule adds an entry, so that Back returns to
/// the view before. A fragment the user pastes into the tab, and Back and Forward
/// (`hashchange`, `popstate`), set the setup, the view and the embed options from the link.
pub fn mirror_into_link(state: SetupState, nav: Nav, presentation: Presentation) -> PageLink {
    let setup = Memo::new(move |_| state.raw.with(RawSetup::to_fragment));
    let keys = Memo::new(move |_| ViewKeys {
        view: nav.view.get(),
        rule: nav.rule.get(),
        embed: presentation.embed.get(),
        theme: presentation.theme.get(),
    });
    let fragment = Memo::new(move |_| keys.with(|keys| setup.with(|setup| keys.fragment(setup))));
    // The write still waiting for the keystroke's frame, or for the budget to allow it.
    let pending: StoredValue<Option<PendingWrite>> = StoredValue::new(None);
    let cancel_pending = move || {
        if let Some(write) = pending.try_update_value(Option::take).flatten() {
            write.cancel();
        }
    };
    let budget = StoredValue::new(WriteBudget::full(js_sys::Date::now()));
    // A waiting write may come after the page was unmounted (the wasm tests mount and
    // unmount it): then there is nothing left to write.
    let write_now = move || {
        if let (Some(fragment), Some(keys)) = (fragment.try_get_untracked(), keys.try_get_untracked()) {
            if write_fragment(&fragment, &keys) {
                budget.try_update_value(|b| *b = b.at(js_sys::Date::now()).spent());
            }
        }
    };
    Effect::new(move |written: Option<()>| {
        let shown_keys = keys.get();
        fragment.track();
        // The link the page opened with, a new view and an example's setup are written at
        // once. A keystroke's setup is written after the frame that shows it, and keys typed
        // before that frame share one write; once the budget is spent, when it allows the
        // next write, and the keys typed meanwhile share that one.
        if written.is_none() || is_new_entry(&shown_keys) {
            cancel_pending();
            write_now();
        } else if pending.with_value(Option::is_none) {
            let write = move || {
                pending.try_set_value(None);
                write_now();
            };
            let wait = budget.get_value().at(js_sys::Date::now()).wait();
            if wait > 0.0 {
                // Whole milliseconds: the wait is seconds at most, so the cast cannot truncate.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let wait = Duration::from_millis(wait.ceil() as u64);
                match set_timeout_with_handle(write, wait) {
                    Ok(timer) => pending.set_value(Some(PendingWrite::Timer(timer))),
                    Err(_) => write_now(),
                }
            } else {
                let after_frame = move || match set_timeout_with_handle(write, Duration::ZERO) {
                    Ok(timer) => {
                        pending.try_set_value(Some(PendingWrite::Timer(timer)));
                    }
                    Err(_) => write(),
                };
                match request_animation_frame_with_handle(after_frame) {
                    Ok(frame) => pending.set_value(Some(PendingWrite::Frame(frame))),
                    Err(_) => write_now(),
                }
            }
        }
    });
    // A tab closed, or a page left, while a write waits keeps the last keystroke in its
    // history entry.
    let pagehide = window_event_listener(leptos::ev::pagehide, move |_| {
        if pending.with_value(Option::is_some) {
            cancel_pending();
            write_now();
        }
    });

    let follow = move || {
        // The link the user brought wins over a write still waiting.
        cancel_pending();
        let link = read_link();
        state.link_errors.set(link.setup_errors);
        state.key_problems.set(link.key_problems);
        if state.raw.with_untracked(|current| *current != link.raw) {
            state.raw.set(link.raw);
        }
        presentation.follow_link(&link.keys);
        nav.follow_link(link.keys.view, link.keys.rule);
    };
    let hashchange = window_event_listener(leptos::ev::hashchange, move |_| follow());
    let popstate = window_event_listener(leptos::ev::popstate, move |_| follow());
    on_cleanup(move || {
        cancel_pending();
        hashchange.remove();
        popstate.remove();
        pagehide.remove();
    });
    PageLink { fragment, setup }
}

/// A link write waiting for the next frame, then for the task after it; or for the budget to
/// allow it.
enum PendingWrite {
    Frame(AnimationFrameRequestHandle),
    Timer(TimeoutHandle),
}

impl PendingWrite {
    fn cancel(self) {
        match self {
            Self::Frame(frame) => frame.cancel(),
            Self::Timer(timer) => timer.clear(),
        }
    }
}

/// Whether writing a fragment with `keys` now would add a history entry (see
/// [`write_fragment`]).
fn is_new_entry(keys: &ViewKeys) -> bool {
    let current = window().location().hash().unwrap_or_default();
    PUSH_NEXT.with(Cell::get) || opens_another_view(&current, keys)
}

/// Whether `keys` name another view, or another rule, than the fragment `current` does.
fn opens_another_view(current: &str, keys: &ViewKeys) -> bool {
    let shown = view_keys::split(current).keys;
    shown.view != keys.view || (keys.view == View::Rules && shown.rule != keys.rule)
}

/// Writes `fragment` (without `#`) into the location. A fragment that names another view or
/// rule than the current one is a new history entry (`pushState`); anything else replaces the
/// current entry (`replaceState`), which keeps typing from filling the history with one entry
/// per keystroke. Neither fires `hashchange`, so writing never feeds back into the page.
/// Returns whether the history was asked to change (the fragment was not there already).
fn write_fragment(fragment: &str, keys: &ViewKeys) -> bool {
    let window = window();
    let location = window.location();
    let current = location.hash().unwrap_or_default();
    if current.strip_prefix('#').unwrap_or(&current) == fragment {
        return false;
    }
    let new_entry = PUSH_NEXT.with(Cell::take) || opens_another_view(&current, keys);
    let url = if fragment.is_empty() {
        // A bare `#` would linger in the address bar; the path alone drops the fragment.
        format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        )
    } else {
        format!("#{fragment}")
    };
    if let Ok(history) = window.history() {
        // A refusal (for example in a sandboxed frame) only costs the shareable link; the page
        // keeps working, so there is nothing more useful to do with the error.
        let _ = if new_entry {
            history.push_state_with_url(&JsValue::NULL, "", Some(&url))
        } else {
            history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
        };
    }
    true
}
