use phoneboot_engine::decimal::Fixed;
use phoneboot_engine::diagnose::{diagnose_error, diagnose_status, Diagnosis, CORS_FIXES};
use phoneboot_engine::source::Purpose;
use yew::prelude::*;

use super::emu_note;
use crate::view::{format_bytes, name_of, RequestResult, RequestRow};

#[derive(Properties, PartialEq)]
pub struct RequestLogProps {
    pub rows: Vec<RequestRow>,
}

/// Every GET the phone sent, in order: the `HTTP:n` attempts of its display.
#[function_component]
pub fn RequestLog(p: &RequestLogProps) -> Html {
    markup! {
        <section class="panel" aria-labelledby="requests-h">
            <h2 id="requests-h">{"Requests"}</h2>
            if p.rows.is_empty() {
                <p class="muted">{"No request yet."}</p>
            } else {
                <div class="table-wrap">
                    <table class="log" data-testid="request-log">
                        <thead><tr>
                            <th scope="col">{"#"}</th>
                            <th scope="col">{"URL"}</th>
                            <th scope="col">{"For"}</th>
                            <th scope="col">{"Result"}</th>
                            <th scope="col" class="num">{"Bytes"}</th>
                            <th scope="col" class="num">{"ms"}</th>
                        </tr></thead>
                        <tbody>
                            { for p.rows.iter().map(row) }
                        </tbody>
                    </table>
                </div>
                if p.rows.iter().any(|r| r.purpose == Purpose::Language) {
                    { emu_note("language and font files come after the settings chain, over HTTP only: LANGSYS first, then LANG1FILE..LANG4FILE, then FONTFILE, each name once (spec 3.6).") }
                }
                if p.rows.iter().any(|r| r.purpose == Purpose::Restore) {
                    { emu_note("the restore asks BRURI/<extension>_16xxdata.txt after login; a 404 means nothing is backed up yet, a first login (spec 3.8).") }
                }
            }
        </section>
    }
}

/// What a failed request means and how to fix it, from the engine's
/// diagnosis. A missing digest file is normal, so it gets none.
fn diagnosis(r: &RequestRow) -> Option<Diagnosis> {
    match &r.result {
        RequestResult::Failed(e) => Some(diagnose_error(&r.url, e)),
        RequestResult::Answered { status, .. }
            // A missing digest file is normal, and so is a 404 for the restore (a first login).
            if *status != 200
                && r.purpose != Purpose::Digest
                && !(r.purpose == Purpose::Restore && *status == 404) =>
        {
            Some(diagnose_status(&r.url, &r.file, *status))
        }
        _ => None,
    }
}

fn diagnosis_row(d: &Diagnosis) -> Html {
    markup! {
        <tr class="diagnosis" data-testid="request-diagnosis" data-kind={d.kind.as_str()}>
            <td></td>
            <td colspan="5">
                <details>
                    <summary>{d.title.clone()}</summary>
                    <p>{d.explanation.clone()}</p>
                    if !d.fixes.is_empty() {
                        <ul>{ for d.fixes.iter().map(|f| markup! { <li>{f.clone()}</li> }) }</ul>
                    }
                    if d.show_cors_headers {
                        { for CORS_FIXES.iter().map(|(server, lines)| markup! {
                            <div class="cors-fix">
                                <span class="label">{*server}</span>
                                <pre>{*lines}</pre>
                            </div>
                        }) }
                    }
                </details>
            </td>
        </tr>
    }
}

fn row(r: &RequestRow) -> Html {
    let (class, result) = match &r.result {
        RequestResult::Pending => ("pending", "…".to_owned()),
        RequestResult::Answered { status, .. } if *status == 200 => ("ok", status.to_string()),
        RequestResult::Answered { status, .. } => ("fail", status.to_string()),
        RequestResult::Failed(e) => ("fail", e.to_string()),
    };
    let etag = match &r.result {
        RequestResult::Answered { etag: Some(e), .. } => Some(e.clone()),
        _ => None,
    };
    let why = diagnosis(r).map(|d| diagnosis_row(&d));
    markup! {
        <>
        <tr data-testid="request-row" data-file={r.file.clone()} data-pass={r.pass.to_string()} class={class}>
            if r.purpose == Purpose::Digest {
                <td class="num muted" title="A digest look-up: the emulator's own request, with no HTTP:n on the phone">{"\u{b7}"}</td>
            } else {
                <td class="num">{r.attempt}</td>
            }
            <td class="mono url" data-testid="request-url">{r.url.clone()}</td>
            <td class="muted purpose">{name_of(&r.purpose).replace('-', " ")}</td>
            <td class={classes!("result", class)} data-testid="request-result" title={etag.map(|e| format!("ETag {e}"))}>{result}</td>
            <td class="num">{if r.bytes > 0 { format_bytes(r.bytes) } else { String::new() }}</td>
            <td class="num">{r.elapsed_ms.map(|ms| Fixed(ms, 0).to_string()).unwrap_or_default()}</td>
        </tr>
        { for why }
        </>
    }
}
