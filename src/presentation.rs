//! How the page presents itself, as its link says: the full page or embedded in another
//! page's frame (`embed`, with the fields it `lock`s and the artifacts it `show`s), and its
//! colours (`theme`). The effects here are the page's only ties to the document around the
//! app and to a parent frame: the `<html>` element's class and theme, the tab's title, and in
//! embed mode the content's height, posted to the parent.
//!
//! The height is the one message the page ever posts: `{type: "bucketrust:height", height}`,
//! in CSS pixels, on every change of the content's size. It carries nothing of the setup, so
//! it goes to any parent (`"*"`): the page cannot know its host's origin without being told,
//! and it listens to no message, so there is nothing to be told with.

use crate::nav::{Nav, View, ViewUi};
use crate::state::SetupState;
use bucketrust_core::view_keys::{Embed, Theme, ViewKeys};
use bucketrust_core::Field;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The type of the height message.
pub const HEIGHT_MESSAGE: &str = "bucketrust:height";

#[derive(Clone, Copy)]
pub struct Presentation {
    /// `Some` in embed mode.
    pub embed: RwSignal<Option<Embed>>,
    pub theme: RwSignal<Theme>,
}

impl Presentation {
    pub fn new(keys: &ViewKeys) -> Presentation {
        Presentation {
            embed: RwSignal::new(keys.embed.clone()),
            theme: RwSignal::new(keys.theme),
        }
    }

    /// Takes the embed options and the theme from a link.
    pub fn follow_link(&self, keys: &ViewKeys) {
        if self.embed.with_untracked(|e| *e != keys.embed) {
            self.embed.set(keys.embed.clone());
        }
        if self.theme.get_untracked() != keys.theme {
            self.theme.set(keys.theme);
        }
    }

    pub fn is_embedded(&self) -> bool {
        self.embed.with(Option::is_some)
    }

    /// Whether the host page set `field`, so that the form shows it read-only.
    pub fn locks(&self, field: Field) -> bool {
        self.embed.with(|e| e.as_ref().is_some_and(|e| e.locks(field)))
    }

    /// Whether the artifact `id` is one to show: all of them on the full page.
    pub fn shows(&self, id: &str) -> bool {
        self.embed.with(|e| e.as_ref().is_none_or(|e| e.shows(id)))
    }

    /// The ids the embed's `show` lists that are not among `ids`, the artifacts the setup has.
    pub fn missing(&self, ids: &[&'static str]) -> Vec<String> {
        self.embed.with(|e| {
            e.as_ref()
                .map(|e| e.show.iter().filter(|s| !ids.contains(&s.as_str())).cloned().collect())
                .unwrap_or_default()
        })
    }
}

/// The presentation provided by [`crate::App`].
pub fn use_presentation() -> Presentation {
    expect_context::<Presentation>()
}

/// Keeps the document around the app in step: the embed class and the theme on `<html>`, the
/// tab's title, and in embed mode the height posted to the parent.
pub fn sync_document(presentation: Presentation, state: SetupState, nav: Nav) {
    Effect::new(move |_| {
        let Some(root) = document().document_element() else {
            return;
        };
        // Both only restyle the page; a refusal leaves its default look.
        let _ = root.class_list().toggle_with_force("embed", presentation.is_embedded());
        let _ = match presentation.theme.get() {
            Theme::Auto => root.remove_attribute("data-theme"),
            theme => root.set_attribute("data-theme", theme.id()),
        };
    });
    Effect::new(move |_| {
        let scenario = state.scenario.get();
        let title = match (nav.view.get(), scenario) {
            (View::Setup, Some(scenario)) => format!("{scenario} · bucketrust"),
            (View::Setup, None) => "bucketrust".to_owned(),
            (View::Rules, _) => match nav.rule.get() {
                Some(code) => format!("{code} · {} · bucketrust", View::Rules.label()),
                None => format!("{} · bucketrust", View::Rules.label()),
            },
            (view, _) => format!("{} · bucketrust", view.label()),
        };
        document().set_title(&title);
    });
    // Unmounted (the browser tests mount the app many times), the app leaves <html> as it was.
    on_cleanup(|| {
        if let Some(root) = document().document_element() {
            let _ = root.class_list().remove_1("embed");
            let _ = root.remove_attribute("data-theme");
        }
    });
    post_height_when_embedded(presentation);
}

/// In embed mode, posts the document's height to the parent frame whenever it changes.
fn post_height_when_embedded(presentation: Presentation) {
    let observer: StoredValue<Option<HeightObserver>, LocalStorage> = StoredValue::new_local(None);
    let stop = move || {
        observer.update_value(|current| {
            if let Some((old, _callback)) = current.take() {
                old.disconnect();
            }
        });
    };
    Effect::new(move |_| {
        let embedded = presentation.is_embedded();
        stop();
        if embedded {
            observer.set_value(observe_height());
        }
    });
    on_cleanup(stop);
}

/// The observer and its callback, which must live as long as it does.
type HeightObserver = (web_sys::ResizeObserver, Closure<dyn FnMut(JsValue)>);

/// A `ResizeObserver` on `<html>` that posts its height, or `None` when the page is not in a
/// frame (or the browser has no `ResizeObserver`).
fn observe_height() -> Option<HeightObserver> {
    let window = window();
    let parent = window.parent().ok().flatten()?;
    // Not framed: the page is its own parent, and nobody is there to tell.
    if parent == window {
        return None;
    }
    let root = document().document_element()?;
    let measured = root.clone();
    let post = Closure::<dyn FnMut(JsValue)>::new(move |_entries: JsValue| {
        let height = measured.get_bounding_client_rect().height().ceil();
        let message = js_sys::Object::new();
        let set = |key: &str, value: JsValue| js_sys::Reflect::set(&message, &JsValue::from_str(key), &value);
        if set("type", JsValue::from_str(HEIGHT_MESSAGE)).is_ok() && set("height", JsValue::from_f64(height)).is_ok() {
            // A parent gone away is not the page's concern.
            let _ = parent.post_message(&message, "*");
        }
    });
    let observer = web_sys::ResizeObserver::new(post.as_ref().unchecked_ref()).ok()?;
    observer.observe(&root);
    Some((observer, post))
}
