//! "Lint a policy": a textarea for a policy of the user's own, the kind picker, the findings
//! and a line-numbered rendering of the text with the findings' lines marked.

use crate::findings::FindingList;
use crate::state::{use_lint, LintState, Listed, BOX_HOLDS_UP_TO};
use bucketrust_core::lint::PolicyKind;
use bucketrust_core::text::{capitalised, spliced_utf16};
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// A paste's `DataTransfer`, read through [`PastedData::text_left_in_js`].
    type PastedData;
    /// `getData`, its answer left a string of the browser's: web-sys's binding copies it into
    /// the module in the same call.
    #[wasm_bindgen(method, catch, js_name = getData)]
    fn text_left_in_js(this: &PastedData, format: &str) -> Result<js_sys::JsString, JsValue>;
}

/// The value of the picker's "detect" option: not a kind's id.
const DETECT: &str = "";

#[component]
pub fn LintView() -> impl IntoView {
    let lint = use_lint();
    let textarea: NodeRef<leptos::html::Textarea> = NodeRef::new();
    let listing: NodeRef<leptos::html::Ol> = NodeRef::new();
    let put_in_box: NodeRef<leptos::html::Button> = NodeRef::new();
    let go_to = Callback::new(move |index: usize| {
        let Some((start, end)) = lint.go_to(index) else {
            return;
        };
        // A text kept outside the box has no place in it to select; its marked line shows.
        let in_box = !lint.outside_box.get_untracked();
        if let Some(textarea) = textarea.get_untracked().filter(|_| in_box) {
            // Focus first: Chromium scrolls a focused textarea to a selection set afterwards.
            let _ = textarea.focus();
            // The range comes from the text the textarea holds, so the browser cannot refuse
            // it; if it ever did, the marked line still shows where the finding is.
            let _ = textarea.set_selection_range(start, end);
        }
        // Bring the current line into view in the rendering without scrolling the window: the
        // textarea, which now has focus, must stay where the user is looking.
        if let Some(listing) = listing.get_untracked() {
            request_animation_frame(move || scroll_current_line_into(&listing));
        }
    });
    // A long paste is taken before the browser inserts it (see `BOX_HOLDS_UP_TO`).
    let on_paste = move |ev: web_sys::ClipboardEvent| {
        let Some(pasted) = ev
            .clipboard_data()
            .and_then(|data| data.unchecked_ref::<PastedData>().text_left_in_js("text/plain").ok())
        else {
            return;
        };
        let Some(textarea) = textarea.get_untracked() else {
            return;
        };
        let value = textarea.value();
        // No selection to read (never for a textarea): the paste goes at the end.
        let start = textarea.selection_start().ok().flatten().unwrap_or(u32::MAX) as usize;
        let stop = textarea
            .selection_end()
            .ok()
            .flatten()
            .map_or(start, |stop| stop as usize);
        // UTF-8 takes at least a byte per UTF-16 unit, so a paste of more units than the box
        // holds bytes is too long for it whatever it replaces. Its copy into the module (about
        // 10 ms a megabyte) then waits for the next task, so that neither task nears 50 ms
        // beside the browser's own reading of the clipboard.
        if pasted.length() as usize > BOX_HOLDS_UP_TO {
            ev.prevent_default();
            // Hidden at once, so that no key meant for the box lands in it before the text
            // does and is then lost under it.
            textarea.set_hidden(true);
            set_timeout(
                move || {
                    let text = spliced_utf16(&value, start, stop, &String::from(pasted));
                    keep_outside_box(lint, text, put_in_box);
                },
                Duration::ZERO,
            );
            return;
        }
        let text = spliced_utf16(&value, start, stop, &String::from(pasted));
        if text.len() <= BOX_HOLDS_UP_TO {
            return;
        }
        ev.prevent_default();
        keep_outside_box(lint, text, put_in_box);
    };
    // Back into the box, or to an empty one: the box is shown again on the next render, and
    // the user's next keys go to it.
    let focus_box = move || focus_on_next_frame(textarea);
    let findings = Signal::derive(move || lint.findings.get().unwrap_or_default());
    // A text to lint is there: its findings, or its first lint under way.
    let pasted = move || lint.findings.with(Option::is_some) || lint.pending.get();
    view! {
        <div class="lint-layout">
            <section class="lint-input" aria-labelledby="lint-heading">
                <h2 id="lint-heading">"Lint a policy"</h2>
                <p class="help">
                    "Paste an IAM identity (permission) policy or a role trust policy. It is checked in this page and stays in it: it is not put in the link, in storage or in cookies, and it is gone when you close the tab."
                </p>
                <div class="field">
                    <label for="lint-kind">"Policy kind"</label>
                    <p class="help" id="lint-kind-help">
                        {move || format!("Checked as: {}.", lint.checked_as.get().label())}
                    </p>
                    <select
                        id="lint-kind"
                        aria-describedby="lint-kind-help"
                        on:change=move |ev| lint.set_kind(&event_target_value(&ev))
                    >
                        <option value=DETECT selected=true>
                            "Detect (a Principal means trust)"
                        </option>
                        {PolicyKind::ALL
                            .into_iter()
                            .map(|kind| view! { <option value=kind.id()>{capitalised(kind.label())}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="lint-text">"Policy document (JSON)"</label>
                    <textarea
                        id="lint-text"
                        node_ref=textarea
                        rows="16"
                        wrap="off"
                        // Off, so that the browser does not restore the text into a reopened tab.
                        autocomplete="off"
                        autocapitalize="off"
                        spellcheck="false"
                        placeholder="{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [ … ]\n}"
                        prop:value=move || lint.box_value()
                        prop:hidden=move || lint.outside_box.get()
                        on:focus=move |_| lint.expect_text()
                        on:input=move |ev| lint.set_text(event_target_value(&ev))
                        on:paste=on_paste
                    ></textarea>
                    <Show when=move || lint.outside_box.get()>
                        <div class="outside-box" role="status">
                            <p>
                                {move || {
                                    lint.text
                                        .with(|text| {
                                            let lines = text.bytes().filter(|b| *b == b'\n').count() + 1;
                                            format!(
                                                "The pasted text ({} KB, {lines} lines) is kept here, outside the edit box: the browser takes about a second to put a megabyte into a text box, and the page cannot answer meanwhile. Its findings and the lines they are on show below.",
                                                text.len() / 1024,
                                            )
                                        })
                                }}
                            </p>
                            <button
                                type="button"
                                class="action put-in-box"
                                node_ref=put_in_box
                                on:click=move |_| {
                                    lint.put_in_box();
                                    focus_box();
                                }
                            >
                                "Edit it in the box"
                            </button>
                            " "
                            <button
                                type="button"
                                class="action clear-text"
                                on:click=move |_| {
                                    lint.clear();
                                    focus_box();
                                }
                            >
                                "Clear"
                            </button>
                        </div>
                    </Show>
                </div>
                <Show when=move || lint.held_back.with(Option::is_some)>
                    <p class="held-back" role="status">
                        {move || {
                            lint.held_back
                                .get()
                                .map(|bytes| {
                                    format!(
                                        "This text is {} KB: no IAM policy can be that long (the largest quota, a role's inline policies, is 10,240 characters), so it is not linted yet. ",
                                        bytes / 1024,
                                    )
                                })
                        }}
                        <button type="button" class="action lint-anyway" on:click=move |_| lint.lint_anyway.set(true)>
                            "Lint it anyway"
                        </button>
                    </p>
                </Show>
                <Show when=move || lint.findings.with(Option::is_some)>
                    <h3 class="lint-lines-heading">"Line by line"</h3>
                    // The rendering repeats the textarea for the eye, with the lines of findings
                    // marked; screen readers get the same places from the findings list.
                    <ol class="lint-lines" node_ref=listing aria-hidden="true">
                        // The lines are rebuilt when the text or its findings change; moving to
                        // a finding only moves the `current` class.
                        {move || {
                            lint.lines
                                .get()
                                .into_iter()
                                .map(|listed| match listed {
                                    Listed::Gap(count) => {
                                        let noun = if count == 1 { "line" } else { "lines" };
                                        view! {
                                            <li class="lint-gap">{format!("… {count} {noun} without findings …")}</li>
                                        }
                                        .into_any()
                                    }
                                    Listed::Line(line) => {
                                        let mut class = String::from("lint-line");
                                        if let Some(worst) = line.worst {
                                            class.push_str(" marked severity-");
                                            class.push_str(worst.id());
                                        }
                                        let number = line.number;
                                        let cut = (line.cut > 0).then(|| format!(" … {} more characters", line.cut));
                                        view! {
                                            <li
                                                class=class
                                                class:current=move || lint.current_line.get() == Some(number)
                                                data-line=line.number
                                            >
                                                <span class="lint-line-number">{line.number}</span>
                                                <code class="lint-line-text">{line.text}</code>
                                                {cut.map(|cut| view! { <span class="lint-line-cut">{cut}</span> })}
                                            </li>
                                        }
                                        .into_any()
                                    }
                                })
                                .collect_view()
                        }}
                    </ol>
                </Show>
            </section>
            <section class="lint-results" aria-labelledby="lint-results-heading">
                <h2 id="lint-results-heading">"Findings"</h2>
                <Show
                    when=pasted
                    fallback=|| view! { <p class="lint-summary">"Paste a policy to see what the linter finds."</p> }
                >
                    // A long text's lint takes a while in the worker; the page stays usable
                    // and says so (after a moment, by CSS, so a quick lint does not flash it).
                    <Show when=move || lint.pending.get()>
                        <p class="lint-pending" role="status">"Linting…"</p>
                    </Show>
                    <Show when=move || lint.findings.with(Option::is_some)>
                        <div class="lint-findings" class:stale=move || lint.pending.get()>
                            <FindingList findings clean="No findings: the linter has nothing to report." go_to />
                        </div>
                    </Show>
                </Show>
            </section>
        </div>
    }
}

/// Holds `text`, pasted, outside the edit box, and moves the focus from the box, hidden now,
/// to what stands in its place rather than to the start of the page.
fn keep_outside_box(lint: LintState, text: String, put_in_box: NodeRef<leptos::html::Button>) {
    lint.keep_outside_box(text);
    focus_on_next_frame(put_in_box);
}

/// Focuses the element of `node` once the next render has shown it.
fn focus_on_next_frame<E>(node: NodeRef<E>)
where
    E: leptos::html::ElementType,
    E::Output: JsCast + Clone + 'static,
{
    request_animation_frame(move || {
        if let Some(element) = node.get_untracked() {
            let _ = element.unchecked_ref::<web_sys::HtmlElement>().focus();
        }
    });
}

/// Scrolls the rendering so that its current line sits a third of the way down.
fn scroll_current_line_into(listing: &web_sys::HtmlOListElement) {
    let Ok(Some(line)) = listing.query_selector(".lint-line.current") else {
        return;
    };
    let Ok(line) = line.dyn_into::<web_sys::HtmlElement>() else {
        return;
    };
    // The listing is positioned, so it is the line's offset parent.
    let top = line.offset_top() - listing.client_height() / 3;
    listing.set_scroll_top(top.max(0));
}
