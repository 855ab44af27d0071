//! The settings panel: the phone, what its flash holds, and its file server.

use phoneboot_engine::Model;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::{LocalFilesPicker, Option242Builder};
use crate::scenario::Scenario;
use crate::state::{Form, FormEdit, ServerMode};

pub struct SettingsFormProps<'a> {
    pub form: &'a Form,
    /// Demo folders offered as one-click server URLs: (label, URL).
    pub presets: Vec<(AttrValue, AttrValue)>,
    /// The demo scenario picked last.
    pub scenario: Option<Scenario>,
    /// A boot is running: the scenario cannot change under it.
    pub running: bool,
    /// The user edited a field.
    pub on_edit: Callback<FormEdit>,
    /// The user picked a demo scenario.
    pub on_scenario: Callback<Scenario>,
}

fn on_text(cb: &Callback<FormEdit>, make: fn(String) -> FormEdit) -> Callback<InputEvent> {
    let cb = cb.clone();
    Callback::from(move |e: InputEvent| {
        cb.emit(make(e.target_unchecked_into::<HtmlInputElement>().value()))
    })
}

/// One text field of the form; what is not given is absent
/// (`..FieldProps::default()`).
#[derive(Default)]
struct FieldProps {
    id: &'static str,
    label: &'static str,
    value: String,
    oninput: Callback<InputEvent>,
    error: Option<String>,
    hint: Option<&'static str>,
    mono: bool,
    inputmode: Option<&'static str>,
    placeholder: Option<&'static str>,
}

/// A labelled text input with its hint and validation message. A plain
/// function, not a component: it has no state, its `oninput` is new on every
/// render of the form anyway, and a component's machinery costs about a
/// kilobyte of the wasm.
fn field(p: FieldProps) -> Html {
    let hint_id = format!("{}-hint", p.id);
    let err_id = format!("{}-error", p.id);
    let described = match (&p.hint, &p.error) {
        (Some(_), Some(_)) => Some(format!("{hint_id} {err_id}")),
        (Some(_), None) => Some(hint_id.clone()),
        (None, Some(_)) => Some(err_id.clone()),
        (None, None) => None,
    };
    markup! {
        <div class={classes!("field", p.error.is_some().then_some("invalid"))}>
            <label for={p.id}>{p.label}</label>
            <input id={p.id} type="text" value={p.value}
                   class={classes!(p.mono.then_some("mono"))}
                   data-testid={format!("{}-input", p.id)}
                   spellcheck="false" autocomplete="off"
                   inputmode={p.inputmode}
                   placeholder={p.placeholder}
                   aria-invalid={p.error.is_some().then_some("true")}
                   aria-describedby={described}
                   oninput={p.oninput} />
            if let Some(h) = p.hint {
                <p class="hint" id={hint_id}>{h}</p>
            }
            if let Some(e) = p.error {
                <p class="field-error" id={err_id} role="alert" data-testid={format!("{}-error", p.id)}>{e}</p>
            }
        </div>
    }
}

/// The settings panel. A plain function, not a component: it has no state
/// (the form is the app's), its callbacks are new on every render of the
/// Boot page anyway, and a component's machinery costs about a kilobyte of
/// the wasm.
pub fn settings_form(p: &SettingsFormProps<'_>) -> Html {
    let f = p.form;
    let cb = &p.on_edit;

    let on_digests = {
        let cb = cb.clone();
        Callback::from(move |e: InputEvent| {
            cb.emit(FormEdit::Digests(
                e.target_unchecked_into::<HtmlTextAreaElement>().value(),
            ))
        })
    };
    let on_scenario = {
        let cb = p.on_scenario.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(sc) = Scenario::parse(&v) {
                cb.emit(sc);
            }
        })
    };

    markup! {
        <form class="settings" data-testid="settings-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <fieldset class="scenario">
                <legend>{"Demo scenario"}</legend>
                <div class="field">
                    <label for="scenario">{"Scenario"}</label>
                    <select id="scenario" data-testid="scenario-select" onchange={on_scenario} disabled={p.running}
                            aria-describedby="scenario-line">
                        <option value="" selected={p.scenario.is_none()} disabled=true>{"Choose a demo scenario…"}</option>
                        { for Scenario::ALL.iter().map(|sc| markup! {
                            <option value={sc.id()} selected={p.scenario == Some(*sc)}>{sc.title()}</option>
                        }) }
                    </select>
                    <p class="hint" id="scenario-line" data-testid="scenario-line">
                        { match p.scenario {
                            Some(sc) => sc.explain(f.model),
                            None => "Sets the server folder and what flash holds, for a documentation demo.".to_owned(),
                        } }
                    </p>
                </div>
            </fieldset>

            { phone_fieldset(f, cb) }

            { flash_fieldset(f, cb) }

            { server_fieldset(f, cb, &p.presets) }

            <details class="digests" open={!f.digests.is_empty()}>
                <summary>{"Reference digests"}</summary>
                <div class="field">
                    <label for="digests">{"SHA-256 digests (sha256sum format)"}</label>
                    <textarea id="digests" data-testid="digests-input" rows="3" class="mono" spellcheck="false"
                              placeholder="e3b0c442…  ha1616demo_r2_0.bin"
                              value={f.digests.clone()} oninput={on_digests} />
                    <p class="hint">{"Checked before the server's .sha256 and SHA256SUMS files. A digest without a name applies to any file."}</p>
                </div>
            </details>
        </form>
    }
}

/// The phone: model, GROUP, MAC address and extension.
fn phone_fieldset(f: &Form, cb: &Callback<FormEdit>) -> Html {
    let on_model = {
        let cb = cb.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(m) = Model::parse(&v) {
                cb.emit(FormEdit::Model(m));
            }
        })
    };
    markup! {
        <fieldset>
            <legend>{"Phone"}</legend>
            <div class="row">
                <div class="field">
                    <label for="model">{"Model"}</label>
                    <select id="model" data-testid="model-select" onchange={on_model}>
                        { for Model::ALL.iter().map(|m| markup! {
                            <option value={m.name()} selected={*m == f.model}>{m.name()}</option>
                        }) }
                    </select>
                </div>
                { field(FieldProps {
                    id: "group",
                    label: "GROUP",
                    value: f.group.clone(),
                    inputmode: Some("numeric"),
                    oninput: on_text(cb, FormEdit::Group),
                    error: f.group_error(),
                    ..FieldProps::default()
                }) }
            </div>
            { field(FieldProps {
                id: "mac",
                label: "MAC address",
                value: f.mac.clone(),
                mono: true,
                oninput: on_text(cb, FormEdit::Mac),
                ..FieldProps::default()
            }) }
            { field(FieldProps {
                id: "extension",
                label: "Extension (login)",
                value: f.extension.clone(),
                inputmode: Some("numeric"),
                placeholder: Some("none"),
                hint: Some("With BRURI set, the phone restores <extension>_16xxdata.txt after login."),
                oninput: on_text(cb, FormEdit::Extension),
                error: f.extension_error(),
                ..FieldProps::default()
            }) }
        </fieldset>
    }
}

/// What the phone's flash holds.
fn flash_fieldset(f: &Form, cb: &Callback<FormEdit>) -> Html {
    markup! {
        <fieldset>
            <legend>{"Flash holds"}</legend>
            { field(FieldProps {
                id: "bootname",
                label: "BOOTNAME (boot code)",
                value: f.bootname.clone(),
                mono: true,
                placeholder: Some("none"),
                oninput: on_text(cb, FormEdit::Bootname),
                ..FieldProps::default()
            }) }
            { field(FieldProps {
                id: "appname",
                label: "APPNAME (application)",
                value: f.appname.clone(),
                mono: true,
                placeholder: Some("none"),
                hint: Some("What the phone has loaded. Edit to pretend another file is loaded."),
                oninput: on_text(cb, FormEdit::Appname),
                ..FieldProps::default()
            }) }
            { field(FieldProps {
                id: "flash-size",
                label: "Flash size (MiB)",
                value: f.flash_mib.clone(),
                inputmode: Some("numeric"),
                hint: Some("A larger application file fails the size check and is not written."),
                oninput: on_text(cb, FormEdit::FlashSize),
                error: f.flash_size_error(),
                ..FieldProps::default()
            }) }
        </fieldset>
    }
}

/// How the phone finds its file server, and the request timeout.
fn server_fieldset(f: &Form, cb: &Callback<FormEdit>, presets: &[(AttrValue, AttrValue)]) -> Html {
    let on_mode = |mode: ServerMode| {
        let cb = cb.clone();
        Callback::from(move |_: Event| cb.emit(FormEdit::Mode(mode)))
    };
    let server_error = f.server_error();
    let presets: Html = presets
        .iter()
        .map(|(label, url)| {
            let cb = cb.clone();
            let u = url.to_string();
            let current = f.mode == ServerMode::BaseUrl && f.base_url.trim() == u;
            markup! {
                <button type="button" class={classes!("chip", current.then_some("current"))}
                        aria-pressed={if current { "true" } else { "false" }}
                        title={url.clone()}
                        onclick={Callback::from(move |_| {
                            cb.emit(FormEdit::Mode(ServerMode::BaseUrl));
                            cb.emit(FormEdit::BaseUrl(u.clone()));
                        })}>{label.clone()}</button>
            }
        })
        .collect();
    markup! {
        <fieldset>
            <legend>{"File server"}</legend>
            <div class="segmented" role="radiogroup" aria-label="How the phone finds its file server" data-testid="mode-toggle">
                <input type="radio" id="mode-url" name="mode" data-testid="mode-url"
                       checked={f.mode == ServerMode::BaseUrl} onchange={on_mode(ServerMode::BaseUrl)} />
                <label for="mode-url">{"Base URL"}</label>
                <input type="radio" id="mode-option242" name="mode" data-testid="mode-option242"
                       checked={f.mode == ServerMode::Option242} onchange={on_mode(ServerMode::Option242)} />
                <label for="mode-option242">{"DHCP option 242"}</label>
                <input type="radio" id="mode-local" name="mode" data-testid="mode-local"
                       checked={f.mode == ServerMode::Local} onchange={on_mode(ServerMode::Local)} />
                <label for="mode-local">{"Local folder"}</label>
            </div>
            if f.mode == ServerMode::BaseUrl {
                { field(FieldProps {
                    id: "server-url",
                    label: "Base URL",
                    value: f.base_url.clone(),
                    mono: true,
                    hint: Some("Every file is fetched from here (an emulator shortcut for option 242)."),
                    oninput: on_text(cb, FormEdit::BaseUrl),
                    error: server_error,
                    ..FieldProps::default()
                }) }
                <div class="presets">{"Built-in: "}{presets}</div>
            } else if f.mode == ServerMode::Local {
                <LocalFilesPicker files={f.local.clone()}
                                  on_files={cb.reform(FormEdit::LocalFiles)} />
                if let Some(e) = &server_error {
                    <p class="field-error" data-testid="local-error">{e.clone()}</p>
                }
            } else {
                { field(FieldProps {
                    id: "option242",
                    label: "Option-242 string",
                    value: f.option242.clone(),
                    mono: true,
                    hint: Some("e.g. HTTPSRVR=10.0.0.9,HTTPPORT=80,HTTPDIR=phones,MCIPADD=10.0.0.5"),
                    oninput: on_text(cb, FormEdit::Option242),
                    error: server_error,
                    ..FieldProps::default()
                }) }
                <Option242Builder value={Some(AttrValue::from(f.option242.clone()))}
                                  on_use={Some(cb.reform(FormEdit::Option242))} />
            }
            { field(FieldProps {
                id: "timeout",
                label: "Request timeout (seconds)",
                value: f.timeout_s.clone(),
                inputmode: Some("numeric"),
                oninput: on_text(cb, FormEdit::Timeout),
                error: f.timeout_error(),
                ..FieldProps::default()
            }) }
        </fieldset>
    }
}
