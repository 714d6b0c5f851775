//! The setup form: pickers and inputs generated from the core's field list, with each
//! validation message next to its field.

use crate::copy_button::CopyButton;
use crate::presentation::use_presentation;
use crate::rich_text::rich_text;
use crate::state::use_setup;
use bucketrust_core::describe_cluster;
use bucketrust_core::field::Control;
use bucketrust_core::partition::{self, Partition};
use bucketrust_core::setup::help;
use bucketrust_core::{examples, targets, Field, RawSetup};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn SetupForm() -> impl IntoView {
    let state = use_setup();
    let presentation = use_presentation();
    view! {
        // The form is never submitted: outputs follow every keystroke, and the CSP forbids
        // form actions anyway, so Enter in an input must not try to navigate.
        <form class="setup-form" aria-labelledby="setup-heading" novalidate on:submit=|ev| ev.prevent_default()>
            <h2 id="setup-heading">"Setup"</h2>
            <Show when=move || !presentation.is_embedded()>
                <ExamplePicker />
                <p class="jump-to-outputs">
                    <button
                        type="button"
                        class="action"
                        on:click=|_| crate::nav::focus_by_id("outputs-heading")
                    >
                        "Jump to the outputs"
                    </button>
                </p>
            </Show>
            <ErrorSummary />
            <Show when=move || state.relevant.with(|r| r.contains(&Field::ClusterName))>
                <DescribeClusterPaste />
            </Show>
            <For each=move || state.relevant.get() key=|field| *field children=|field| view! { <FieldRow field /> } />
            <IgnoredNote />
        </form>
    }
}

/// "Paste the output of `aws eks describe-cluster`": fills the cluster's name, region,
/// account and OIDC issuer from the JSON the AWS CLI prints, so none is copied by hand. The
/// pasted text is read and dropped: it goes neither into the setup nor into the link.
#[component]
fn DescribeClusterPaste() -> impl IntoView {
    let state = use_setup();
    let text = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let fill = move |_| {
        let result = text.with_untracked(|t| describe_cluster::read(t));
        match result {
            Ok(cluster) => {
                let fields = cluster.fields();
                let names = fields.iter().map(|(f, _)| f.label()).collect::<Vec<_>>().join(", ");
                state.raw.update(|raw| {
                    for (field, value) in &fields {
                        raw.set(*field, value.clone());
                    }
                });
                for (field, _) in &fields {
                    state.touch(*field);
                }
                text.set(String::new());
                outcome.set(Some(Ok(format!("Filled in: {names}."))));
            }
            Err(error) => outcome.set(Some(Err(error.to_string()))),
        }
    };
    view! {
        <details class="describe-cluster">
            <summary>"Paste the output of " <code>"aws eks describe-cluster"</code></summary>
            <p class="help" id="describe-cluster-help">
                "Run "
                <code>"aws eks describe-cluster --name <cluster> --output json"</code>
                " and paste what it prints: the cluster's name, region, account and OIDC issuer fill the form."
            </p>
            <textarea
                id="describe-cluster-json"
                rows="4"
                aria-label="Output of aws eks describe-cluster"
                aria-describedby="describe-cluster-help"
                autocomplete="off"
                spellcheck="false"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
            <p>
                <button type="button" class="action fill-from-cluster" on:click=fill>
                    "Fill the form"
                </button>
            </p>
            <p class="describe-cluster-result" role="status">
                {move || {
                    outcome
                        .get()
                        .map(|r| match r {
                            Ok(done) => view! { <span class="ok">{done}</span> }.into_any(),
                            Err(why) => view! { <span class="error">{rich_text(&why)}</span> }.into_any(),
                        })
                }}
            </p>
        </details>
    }
}

/// "Start from an example": fills the form with one of the worked examples. The change is a
/// history entry of its own, so Back returns to what the form held.
#[component]
fn ExamplePicker() -> impl IntoView {
    let state = use_setup();
    let pick = move |ev: leptos::ev::Event| {
        let name = event_target_value(&ev);
        let Some(example) = examples::by_name(&name) else {
            return;
        };
        crate::link::push_next_setup();
        let raw = example.setup();
        state.touched.set(Vec::new());
        state.raw.set(raw);
        // The picker names an action, not a state: it goes back to its prompt.
        if let Some(select) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
        {
            select.set_value("");
        }
    };
    view! {
        <div class="example-picker">
            <label for="example-picker">"Start from an example"</label>
            <select id="example-picker" aria-describedby="example-picker-help" on:change=pick>
                <option value="">"Choose an example…"</option>
                {examples::ALL
                    .iter()
                    .map(|e| view! { <option value=e.name>{e.label()}</option> })
                    .collect_view()}
            </select>
            <p class="help" id="example-picker-help">
                "Fills the form with a worked example (its values are samples to replace); Back returns to what you had."
            </p>
        </div>
    }
}

/// Messages with no input to stand next to, at the top of the form.
#[component]
fn ErrorSummary() -> impl IntoView {
    let state = use_setup();
    let messages = Memo::new(move |_| state.summary_errors());
    view! {
        <Show when=move || !messages.with(Vec::is_empty)>
            <div class="error-summary">
                <h3>"Check the setup"</h3>
                {move || {
                    messages
                        .get()
                        .into_iter()
                        .map(|(key, message)| {
                            view! { <p class="error" data-error-for=key>{rich_text(&message)}</p> }
                        })
                        .collect_view()
                }}
            </div>
        </Show>
    }
}

/// Values the user typed for another target or auth: kept (switching back restores them) but
/// not used, which the user should know before copying anything.
#[component]
fn IgnoredNote() -> impl IntoView {
    let state = use_setup();
    let ignored = Memo::new(move |_| {
        state.raw.with(|raw| {
            raw.ignored_fields()
                .into_iter()
                .map(Field::label)
                .collect::<Vec<_>>()
                .join(", ")
        })
    });
    view! {
        <Show when=move || !ignored.with(String::is_empty)>
            <p class="note">"Kept but not used with this authentication: " {move || ignored.get()} "."</p>
        </Show>
    }
}

/// One field: its label, help, control and messages. A field the host page of an embedded
/// page locks is shown read-only.
#[component]
fn FieldRow(field: Field) -> impl IntoView {
    let state = use_setup();
    let presentation = use_presentation();
    let locked = Signal::derive(move || presentation.locks(field));
    let key = field.key();
    let help_id = format!("{key}-help");
    let errors_id = format!("{key}-errors");
    let errors = Memo::new(move |_| state.errors_for(field));
    let invalid = Signal::derive(move || !errors.with(Vec::is_empty));
    let required = Signal::derive(move || state.required.with(|r| r.contains(&field)));
    let described_by = {
        let (help_id, errors_id) = (help_id.clone(), errors_id.clone());
        Signal::derive(move || {
            if invalid.get() {
                format!("{help_id} {errors_id}")
            } else {
                help_id.clone()
            }
        })
    };
    let control = match field.control() {
        Control::Choice => view! { <FieldSelect field described_by invalid required locked /> }.into_any(),
        Control::Text => view! { <FieldInput field described_by invalid required locked /> }.into_any(),
        Control::MultiLine => view! { <FieldTextArea field described_by invalid required locked /> }.into_any(),
    };
    view! {
        // Leaving the field (focus moving out of it) is when its errors start to show.
        <div
            class="field"
            class:invalid=move || invalid.get()
            class:locked=move || locked.get()
            on:focusout=move |_| state.touch(field)
        >
            <label for=key>
                {field.label()}
                <Show when=move || required.get()>
                    // Screen readers hear "required" from aria-required; the star is for the eye.
                    <span class="required-mark" title="required" aria-hidden="true">
                        " *"
                    </span>
                </Show>
                <Show when=move || locked.get()>
                    <span class="locked-note">" (set by this page)"</span>
                </Show>
            </label>
            <p class="help" id=help_id>{rich_text(field.help())}</p>
            {control}
            {(field == Field::Target).then(|| view! { <VendorDocs /> })}
            <HelpCommand field />
            <div class="field-errors" id=errors_id>
                {move || {
                    errors
                        .get()
                        .into_iter()
                        .map(|(message, suggestion)| {
                            view! {
                                <p class="error" data-error-for=key>
                                    {rich_text(&message)}
                                    {suggestion
                                        .map(|value| {
                                            let shown = value.clone();
                                            let attribute = value.clone();
                                            // One click takes the suggestion; nothing changes
                                            // until then.
                                            view! {
                                                " "
                                                <button
                                                    type="button"
                                                    class="action use-suggestion"
                                                    data-suggestion=attribute
                                                    on:click=move |_| {
                                                        state.raw.update(|raw| raw.set(field, value.clone()))
                                                    }
                                                >
                                                    "Use "
                                                    <code>{shown}</code>
                                                </button>
                                            }
                                        })}
                                </p>
                            }
                        })
                        .collect_view()
                }}
            </div>
        </div>
    }
}

/// The chosen backup system's own page for its backups: plain navigation in a new tab, not a
/// request, so the CSP stays as it is and nothing of the setup goes with it.
#[component]
fn VendorDocs() -> impl IntoView {
    let state = use_setup();
    let docs = Memo::new(move |_| state.raw.with(|raw| raw.target().map(|t| t.docs())));
    move || {
        docs.get().map(|(url, name)| {
            view! {
                <p class="vendor-docs">
                    "Vendor's guide: "
                    <a href=url target="_blank" rel="noopener noreferrer">
                        {name}
                    </a>
                </p>
            }
        })
    }
}

/// The command that prints the field's value, with the setup's cluster name filled in when it
/// has one, ready to copy and run.
#[component]
fn HelpCommand(field: Field) -> impl IntoView {
    let state = use_setup();
    let command = Memo::new(move |_| state.raw.with(|raw| help::help_command(field, raw)));
    move || {
        command.get().map(|text| {
            let content = Signal::derive(move || command.get().unwrap_or_default());
            view! {
                <p class="help-command">
                    <code>{text}</code>
                    " "
                    <CopyButton content label="Copy command" />
                </p>
            }
        })
    }
}

/// The current value of `field`, empty when absent.
fn value_of(field: Field) -> Memo<String> {
    let state = use_setup();
    Memo::new(move |_| state.raw.with(|raw| raw.get(field).unwrap_or_default().to_owned()))
}

#[component]
fn FieldInput(
    field: Field,
    described_by: Signal<String>,
    invalid: Signal<bool>,
    required: Signal<bool>,
    locked: Signal<bool>,
) -> impl IntoView {
    let state = use_setup();
    let value = value_of(field);
    let placeholder = placeholder_of(field);
    let list = (field == Field::Region).then_some("region-options");
    view! {
        <input
            type="text"
            list=list
            id=field.key()
            name=field.key()
            autocomplete="off"
            autocapitalize="off"
            spellcheck="false"
            placeholder=move || placeholder.get()
            aria-describedby=move || described_by.get()
            aria-invalid=move || invalid.get().then_some("true")
            aria-required=move || required.get().then_some("true")
            readonly=move || locked.get()
            prop:value=move || value.get()
            on:input=move |ev| state.raw.update(|raw| raw.set(field, event_target_value(&ev)))
        />
        {list.map(|_| view! { <RegionOptions /> })}
    }
}

/// The regions the browser offers as the region is typed: the chosen partition's, or every
/// partition's while none is chosen. A region missing here is still accepted (AWS opens new
/// ones); the list only saves typing and typos.
#[component]
fn RegionOptions() -> impl IntoView {
    let state = use_setup();
    let regions = Memo::new(move |_| {
        state.raw.with(|raw| {
            let chosen = raw.get(Field::Partition).and_then(Partition::from_id);
            match chosen {
                Some(partition) => partition.regions().to_vec(),
                None => partition::all_regions().collect::<Vec<_>>(),
            }
        })
    });
    view! {
        <datalist id="region-options">
            {move || regions.get().into_iter().map(|r| view! { <option value=r></option> }).collect_view()}
        </datalist>
    }
}

/// The documented default is what an empty field means, so it is the natural placeholder.
fn placeholder_of(field: Field) -> Memo<Option<String>> {
    let state = use_setup();
    Memo::new(move |_| {
        state.raw.with(|raw| match (raw.target(), raw.auth()) {
            (Some(target), Some(auth)) => target.default_value(auth, field, raw).map(|d| format!("default: {d}")),
            _ => None,
        })
    })
}

#[component]
fn FieldTextArea(
    field: Field,
    described_by: Signal<String>,
    invalid: Signal<bool>,
    required: Signal<bool>,
    locked: Signal<bool>,
) -> impl IntoView {
    let state = use_setup();
    let value = value_of(field);
    let placeholder = placeholder_of(field);
    view! {
        <textarea
            id=field.key()
            name=field.key()
            rows="6"
            autocomplete="off"
            autocapitalize="off"
            spellcheck="false"
            placeholder=move || placeholder.get()
            aria-describedby=move || described_by.get()
            aria-invalid=move || invalid.get().then_some("true")
            aria-required=move || required.get().then_some("true")
            readonly=move || locked.get()
            prop:value=move || value.get()
            on:input=move |ev| state.raw.update(|raw| raw.set(field, event_target_value(&ev)))
        ></textarea>
    }
}

#[component]
fn FieldSelect(
    field: Field,
    described_by: Signal<String>,
    invalid: Signal<bool>,
    required: Signal<bool>,
    locked: Signal<bool>,
) -> impl IntoView {
    let state = use_setup();
    let value = value_of(field);
    let options = Memo::new(move |_| state.raw.with(|raw| options_for(raw, field)));
    view! {
        <select
            id=field.key()
            name=field.key()
            aria-describedby=move || described_by.get()
            aria-invalid=move || invalid.get().then_some("true")
            aria-required=move || required.get().then_some("true")
            // A select has no read-only state; a disabled one still shows its value.
            disabled=move || locked.get()
            on:change=move |ev| {
                state.touch(field);
                state.raw.update(|raw| raw.set(field, event_target_value(&ev)));
            }
        >
            {move || {
                options
                    .get()
                    .into_iter()
                    .map(|(id, label)| {
                        let selected = {
                            let id = id.clone();
                            move || value.with(|v| *v == id)
                        };
                        view! { <option value=id prop:selected=selected>{label}</option> }
                    })
                    .collect_view()
            }}
        </select>
    }
}

/// The options of a picker as (value, label) pairs: an empty choice, the known values, and
/// the current value when it is not a known one (from a hand-edited link), so the picker
/// shows what the setup holds and the message next to it explains what is wrong.
fn options_for(raw: &RawSetup, field: Field) -> Vec<(String, String)> {
    let known = targets::choices(field, raw.target()).unwrap_or_default();
    let current = raw.get(field).unwrap_or_default();
    let mut options = Vec::new();
    if let Some(label) = field.empty_choice(!current.is_empty()) {
        options.push((String::new(), label.to_owned()));
    }
    options.extend(known.iter().map(|(id, label)| ((*id).to_owned(), (*label).to_owned())));
    if !current.is_empty() && !known.iter().any(|(id, _)| *id == current) {
        options.push((current.to_owned(), format!("{current} (not recognised)")));
    }
    options
}
