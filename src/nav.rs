//! The page's views (the setup, the linter, the rules) and the tabs that switch between them.
//!
//! Which view is shown, and which rule, is part of the link (`view=rules&rule=BR201`, after
//! the setup's keys; see [`crate::link`]): a view switch adds a history entry, so Back and
//! Forward move between views, while typing only replaces the current entry. Every view stays
//! mounted and is only hidden, so switching keeps what the user typed, the textarea's cursor
//! and each view's scroll state.

pub use bucketrust_core::view_keys::View;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What the page shows of a view: its tab's label and the element ids of its tab and panel.
pub trait ViewUi {
    /// The suffix of the tab's and the panel's element ids.
    fn id_suffix(self) -> &'static str;
    fn label(self) -> &'static str;
    /// The element id of the view's tab.
    fn tab_id(self) -> String;
    /// The element id of the view's panel.
    fn panel_id(self) -> String;
}

impl ViewUi for View {
    fn id_suffix(self) -> &'static str {
        self.id()
    }

    fn label(self) -> &'static str {
        match self {
            View::Setup => "Generate a setup",
            View::Lint => "Lint a policy",
            View::Rules => "Linter rules",
        }
    }

    fn tab_id(self) -> String {
        format!("tab-{}", self.id_suffix())
    }

    fn panel_id(self) -> String {
        format!("view-{}", self.id_suffix())
    }
}

/// The element id of a rule's section in the rules view.
pub fn rule_anchor(code: &str) -> String {
    format!("rule-{code}")
}

/// Where the user was before a rule link took them to the rules view.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Origin {
    pub view: View,
    /// The window's vertical scroll position, restored on the way back.
    pub scroll_y: f64,
}

/// The navigation state every view reads from context.
#[derive(Clone, Copy)]
pub struct Nav {
    /// The view shown.
    pub view: RwSignal<View>,
    /// The rule a finding's link asked for; the rules view marks it.
    pub rule: RwSignal<Option<&'static str>>,
    /// Where a rule link came from, so that the rules view can offer the way back.
    pub origin: RwSignal<Option<Origin>>,
}

impl Nav {
    pub fn new() -> Nav {
        Nav {
            view: RwSignal::new(View::Setup),
            rule: RwSignal::new(None),
            origin: RwSignal::new(None),
        }
    }

    /// Shows `view`, as its tab does. A way back from a rule link no longer applies.
    pub fn show(&self, view: View) {
        self.origin.set(None);
        self.view.set(view);
    }

    /// Shows the documentation of the rule `code` in the rules view, remembering where the
    /// user came from. The link gets the view and the rule after the setup's keys, and the
    /// rule's section is scrolled to and its heading focused by script.
    pub fn show_rule(&self, code: &'static str) {
        let from = self.view.get_untracked();
        if from != View::Rules {
            mark_return_focus();
            self.origin.set(Some(Origin {
                view: from,
                scroll_y: window().scroll_y().unwrap_or_default(),
            }));
        }
        self.rule.set(Some(code));
        self.view.set(View::Rules);
        focus_rule(code);
    }

    /// Takes the view and the rule from a link (opened, or reached with Back or Forward).
    pub fn follow_link(&self, view: View, rule: Option<&'static str>) {
        let rule_changed = rule.is_some() && self.rule.get_untracked() != rule;
        if self.view.get_untracked() != view {
            self.view.set(view);
        }
        if let Some(code) = rule {
            if rule_changed {
                self.rule.set(Some(code));
            }
            focus_rule(code);
        }
    }

    /// Returns to the view a rule link came from, at the scroll position it had.
    pub fn go_back(&self) {
        let Some(origin) = self.origin.get_untracked() else {
            return;
        };
        self.origin.set(None);
        self.view.set(origin.view);
        request_animation_frame(move || {
            window().scroll_to_with_x_and_y(0.0, origin.scroll_y);
            return_focus();
        });
    }
}

impl Default for Nav {
    fn default() -> Nav {
        Nav::new()
    }
}

/// The navigation state provided by [`crate::App`].
pub fn use_nav() -> Nav {
    expect_context::<Nav>()
}

/// Focuses the heading of the rule `code`, which scrolls it into view. The panel is unhidden
/// when the renderer next runs; a frame later it can take focus.
fn focus_rule(code: &'static str) {
    request_animation_frame(move || focus_by_id(&format!("{}-heading", rule_anchor(code))));
}

/// The attribute that marks the element focused when a rule link was followed, so that the
/// way back returns focus there (a keyboard user goes on where they were).
const RETURN_FOCUS: &str = "data-return-focus";

fn mark_return_focus() {
    let document = document();
    if let Ok(Some(old)) = document.query_selector(&format!("[{RETURN_FOCUS}]")) {
        let _ = old.remove_attribute(RETURN_FOCUS);
    }
    if let Some(active) = document.active_element() {
        let _ = active.set_attribute(RETURN_FOCUS, "");
    }
}

fn return_focus() {
    let Ok(Some(element)) = document().query_selector(&format!("[{RETURN_FOCUS}]")) else {
        return;
    };
    let _ = element.remove_attribute(RETURN_FOCUS);
    if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
        // Focusing would scroll the element into view; the scroll position was restored.
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = element.focus_with_options(&options);
    }
}

/// Focuses the element with id `id`, which scrolls it into view. Elements that are not
/// focusable by default carry `tabindex="-1"`.
pub fn focus_by_id(id: &str) {
    if let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        // Focus may be refused (a hidden element); the view is shown either way.
        let _ = element.focus();
    }
}

/// The tabs, following the WAI-ARIA tabs pattern: one tab stop, arrow keys, Home and End move
/// between tabs and select them.
#[component]
pub fn ViewTabs() -> impl IntoView {
    let nav = use_nav();
    let select_and_focus = move |view: View| {
        nav.show(view);
        focus_by_id(&view.tab_id());
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let current = nav.view.get_untracked();
        let index = View::ALL.iter().position(|v| *v == current).unwrap_or(0);
        let last = View::ALL.len() - 1;
        let next = match ev.key().as_str() {
            "ArrowRight" => Some(if index == last { 0 } else { index + 1 }),
            "ArrowLeft" => Some(if index == 0 { last } else { index - 1 }),
            "Home" => Some(0),
            "End" => Some(last),
            _ => None,
        };
        if let Some(view) = next.and_then(|i| View::ALL.get(i).copied()) {
            ev.prevent_default();
            select_and_focus(view);
        }
    };
    view! {
        <nav class="view-tabs" aria-label="Views">
            <div class="view-tabs-inner" role="tablist" on:keydown=on_keydown>
                {View::ALL
                    .into_iter()
                    .map(|view| {
                        let selected = move || nav.view.get() == view;
                        view! {
                            <button
                                type="button"
                                role="tab"
                                class="view-tab"
                                id=view.tab_id()
                                aria-controls=view.panel_id()
                                aria-selected=move || if selected() { "true" } else { "false" }
                                tabindex=move || if selected() { "0" } else { "-1" }
                                on:click=move |_| nav.show(view)
                            >
                                {view.label()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </nav>
    }
}
