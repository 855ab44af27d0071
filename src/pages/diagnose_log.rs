//! "Access log": the provisioning server's log, pasted or dropped, beside the
//! emulated boot of the configured phone and server. Reading the log and
//! booting are `crate::runner::access_log`'s; its state is
//! `crate::state::access_log`'s; the engine keeps only the phones' requests.

use std::rc::Rc;

use phoneboot_engine::access_log::{compare, Comparison};
use phoneboot_engine::{BootConfig, Flash};
use wasm_bindgen::JsCast;
use web_sys::{FileList, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::drag_hover;
use crate::error::WebError;
use crate::local::LocalFiles;
use crate::runner;
use crate::state::access_log::{LogAction, LogState, Stage};
use crate::view::format_bytes;

/// A paste larger than this is kept out of the text area: a text area with
/// a million lines would stall the page's layout by itself.
const LARGE_PASTE: usize = 256 * 1024;

#[derive(Properties, PartialEq)]
pub struct LogCompareProps {
    /// The Boot view's phone and server, or why they are not usable.
    pub config: Result<BootConfig, WebError>,
    /// What the phone's flash holds, as the Boot view says.
    pub flash: Flash,
    /// Local folder mode's files, when that is the server.
    #[prop_or_default]
    pub local: Option<LocalFiles>,
    /// The emulated phone and server, in words.
    pub described: AttrValue,
}

/// The text of a paste event, if it carries any.
fn pasted_text(e: &Event) -> Option<String> {
    let data = js_sys::Reflect::get(e, &"clipboardData".into()).ok()?;
    let get: js_sys::Function = js_sys::Reflect::get(&data, &"getData".into())
        .ok()?
        .dyn_into()
        .ok()?;
    get.call1(&data, &"text/plain".into()).ok()?.as_string()
}

fn stage_name(s: &Stage) -> &'static str {
    match s {
        Stage::Idle => "idle",
        Stage::Reading { .. } => "reading",
        Stage::Booting => "booting",
        Stage::Done => "done",
        Stage::Failed(_) => "failed",
    }
}

fn severity_class(s: &str) -> &'static str {
    match s {
        "error" => "badge error",
        "warning" => "badge warning",
        _ => "badge info",
    }
}

fn comparison_view(c: &Comparison) -> Html {
    markup! {
        <>
            <h3>{"Findings"}</h3>
            <ul class="log-findings" data-testid="log-findings">
                { for c.findings.iter().map(|f| markup! {
                    <li class="log-finding" data-testid="log-finding" data-severity={f.severity.as_str()}>
                        <span class={severity_class(f.severity.as_str())}>{f.severity.as_str()}</span>{" "}
                        <span class="log-finding-message">{f.message.clone()}</span>
                        <p class="log-fix"><strong>{"Fix: "}</strong>{f.fix.clone()}</p>
                    </li>
                }) }
            </ul>
            <h3>{"Requests, in order"}</h3>
            <div class="table-wrap">
                <table class="log-rows" data-testid="log-rows">
                    <thead><tr><th>{"Emulated boot requests"}</th><th>{"The phone requested"}</th><th class="num">{"Status"}</th><th>{"Note"}</th></tr></thead>
                    <tbody>
                        { for c.rows.iter().map(|r| markup! {
                            <tr class={classes!("log-row", r.expected.is_none().then_some("only-logged"), r.logged.is_none().then_some("only-expected"))} data-testid="log-row">
                                <td class="mono">{r.expected.clone().unwrap_or_else(|| "\u{2014}".to_owned())}</td>
                                <td class="mono">{r.logged.clone().unwrap_or_else(|| "\u{2014}".to_owned())}</td>
                                <td class="num">{r.status.map(|s| s.to_string()).unwrap_or_default()}</td>
                                <td>{r.note.clone()}</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if c.more_rows > 0 {
                <p class="muted">{format!("and {} more rows not shown", c.more_rows)}</p>
            }
        </>
    }
}

/// The text area, the Compare button and the comparison.
#[function_component]
pub fn LogCompare(p: &LogCompareProps) -> Html {
    let state = use_reducer(LogState::default);
    let area = use_node_ref();
    let dragging = use_state(|| false);

    let on_compare = {
        let state = state.clone();
        let area = area.clone();
        let config = p.config.clone();
        let flash = p.flash.clone();
        let local = p.local.clone();
        Callback::from(move |_: MouseEvent| {
            let d = state.dispatcher();
            let id = state.run + 1;
            let config = match &config {
                Ok(c) => c.clone(),
                Err(e) => {
                    d.dispatch(LogAction::Start(id));
                    d.dispatch(LogAction::Failed(
                        id,
                        WebError::BootViewIncomplete(Box::new(e.clone())),
                    ));
                    return;
                }
            };
            let text = match &state.pasted {
                Some(p) => p.clone(),
                None => Rc::new(
                    area.cast::<HtmlTextAreaElement>()
                        .map(|a| a.value())
                        .unwrap_or_default(),
                ),
            };
            let file = state.file.clone();
            if file.is_none() && text.trim().is_empty() {
                d.dispatch(LogAction::Start(id));
                d.dispatch(LogAction::Failed(id, WebError::NoLog));
                return;
            }
            d.dispatch(LogAction::Start(id));
            let flash = flash.clone();
            let local = local.clone();
            let dispatch = Callback::from(move |a| d.dispatch(a));
            runner::access_log::spawn_compare(id, file, text, config, flash, local, dispatch);
        })
    };
    let on_file_input = {
        let d = state.dispatcher();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            d.dispatch(LogAction::File(input.files().and_then(|l| l.get(0))));
        })
    };
    let on_type = {
        let d = state.dispatcher();
        let held = state.file.is_some() || state.pasted.is_some();
        Callback::from(move |_: InputEvent| {
            if held {
                d.dispatch(LogAction::File(None));
            }
        })
    };
    let on_paste = {
        let d = state.dispatcher();
        Callback::from(move |e: Event| {
            if let Some(text) = pasted_text(&e).filter(|t| t.len() > LARGE_PASTE) {
                e.prevent_default();
                d.dispatch(LogAction::Pasted(Some(Rc::new(text))));
            }
        })
    };
    let (on_dragover, on_dragleave) = drag_hover(&dragging);
    let on_drop = {
        let dragging = dragging.clone();
        let d = state.dispatcher();
        let area = area.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            let dt = js_sys::Reflect::get(&e, &"dataTransfer".into()).unwrap_or_default();
            let files = js_sys::Reflect::get(&dt, &"files".into())
                .ok()
                .and_then(|f| f.dyn_into::<FileList>().ok());
            if let Some(f) = files.and_then(|l| l.get(0)) {
                if let Some(a) = area.cast::<HtmlTextAreaElement>() {
                    a.set_value("");
                }
                d.dispatch(LogAction::File(Some(f)));
            }
        })
    };
    let on_client = {
        let d = state.dispatcher();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            d.dispatch(LogAction::Client(v.parse().unwrap_or(0)));
        })
    };

    let busy = matches!(state.stage, Stage::Reading { .. } | Stage::Booting);
    let comparison = match (&state.parsed, &state.report) {
        (Some(log), Some(report)) => log
            .clients
            .get(state.client)
            .map(|c| compare(log, c, report)),
        _ => None,
    };
    markup! {
        <section class="panel log-compare" aria-labelledby="log-title">
            <h2 id="log-title">{"The server's access log beside the emulated boot"}</h2>
            <div class={classes!("field", "log-drop", dragging.then_some("dragging"))} data-testid="log-drop"
                 ondragover={on_dragover} ondragleave={on_dragleave} ondrop={on_drop}>
                <label for="log-input">{"Access log"}</label>
                <textarea id="log-input" data-testid="log-input" ref={area} rows="8" spellcheck="false"
                          class="mono" oninput={on_type} onpaste={on_paste} aria-describedby="log-hint"
                          placeholder="10.1.1.20 - - [01/Dec/2026:08:00:00 +0000] \"GET /phones/16xxupgrade.txt HTTP/1.1\" 200 2817 \"-\" \"...\"" />
                <p class="hint" id="log-hint">
                    {"Paste the provisioning server's access log (nginx or Apache combined or common format, or IIS W3C with its #Fields: line), or drop the log file here. Nothing is uploaded."}
                </p>
                <div class="field inline">
                    <label for="log-file">{"Or a file"}</label>
                    <input type="file" id="log-file" data-testid="log-file" onchange={on_file_input} />
                </div>
                if let Some(t) = &state.pasted {
                    <p class="muted" data-testid="log-pasted">{format!("Pasted {} ({} lines), kept out of the text area; it is read when you press Compare.", format_bytes(t.len() as u64), t.bytes().filter(|b| *b == b'\n').count() + 1)}</p>
                }
                if let Some(f) = &state.file {
                    <p class="muted" data-testid="log-file-name">{format!("{} ({}) will be read when you press Compare.", f.name(), format_bytes(f.size() as u64))}</p>
                }
            </div>
            <p class="muted" data-testid="log-emulated">{format!("Emulated: {}", p.described)}</p>
            <button type="button" class="primary" data-testid="log-compare" onclick={on_compare} disabled={busy}>{"Compare"}</button>
            <div aria-live="polite" data-testid="log-status" class="log-status" data-state={stage_name(&state.stage)}>
                { match &state.stage {
                    Stage::Idle => markup! {},
                    Stage::Reading { bytes } => markup! { <p class="muted">{format!("Reading the log: {} so far\u{2026}", format_bytes(*bytes))}</p> },
                    Stage::Booting => markup! { <p class="muted">{"Running the emulated boot\u{2026}"}</p> },
                    Stage::Failed(why) => markup! { <p class="field-error" data-testid="log-error">{why.to_string()}</p> },
                    Stage::Done => markup! {},
                } }
            </div>
            if let Some(log) = state.parsed.as_ref().filter(|_| state.stage == Stage::Done) {
                <p class="muted" data-testid="log-summary">
                    {format!("{}: {} lines, {} requests, {} phone{} (clients that asked for an upgrade script or 46xxsettings).",
                        log.format.label(), log.lines, log.requests, log.clients.len() as u64 + log.more_clients,
                        if log.clients.len() as u64 + log.more_clients == 1 { "" } else { "s" })}
                    if let Some(s) = &log.first_skipped {
                        {format!(" {} line{} skipped; the first: {s}.", log.skipped, if log.skipped == 1 { "" } else { "s" })}
                    }
                </p>
                if log.clients.is_empty() {
                    <p class="field-error" data-testid="log-no-phone">{"No client in this log asked for an *upgrade.txt or a 46xxsettings file: no phone booted from this server while it was logging (or the log is of another server)."}</p>
                } else {
                    <div class="field inline">
                        <label for="log-client">{"Phone"}</label>
                        <select id="log-client" data-testid="log-client" onchange={on_client}>
                            { for log.clients.iter().enumerate().map(|(i, c)| markup! {
                                <option value={i.to_string()} selected={i == state.client}>
                                    {format!("{} ({} requests)", c.client, c.requests.len() as u64 + c.dropped)}
                                </option>
                            }) }
                        </select>
                        if log.more_clients > 0 {
                            <span class="muted">{format!("and {} more not listed", log.more_clients)}</span>
                        }
                    </div>
                }
                if let Some(c) = &comparison {
                    { comparison_view(c) }
                }
            }
        </section>
    }
}
