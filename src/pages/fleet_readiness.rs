//! The Fleet view's **Check server**: one table of every file any phone
//! would request from the server (file, purpose, who needs it, status, size,
//! digest verified), the summary line and Export CSV.

use std::cell::Cell as Flag;
use std::rc::Rc;

use phoneboot_engine::fleet::parse_groups;
use phoneboot_engine::readiness::{Readiness, Status};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::runner::fleet::check_server;
use crate::state::fleet::server_spec;

#[derive(Properties, PartialEq)]
pub struct ReadinessProps {
    /// The Fleet view's server and extra groups, as typed.
    pub server: AttrValue,
    pub groups: AttrValue,
}

#[derive(Clone, PartialEq)]
enum Check {
    Idle,
    Running,
    Done(Rc<Readiness>),
}

#[function_component]
pub fn ReadinessPanel(p: &ReadinessProps) -> Html {
    let check = use_state(|| Check::Idle);
    let latest = use_memo((), |_| Rc::new(Flag::new(0u32)));
    let spec = server_spec(&p.server);
    let extra = parse_groups(&p.groups);
    let runnable = spec.is_ok() && extra.is_ok();

    let on_check = {
        let (check, latest) = (check.clone(), (*latest).clone());
        let (spec, extra) = (spec.clone(), extra.clone());
        Callback::from(move |_: MouseEvent| {
            let (Ok(spec), Ok(extra)) = (spec.clone(), extra.clone()) else {
                return;
            };
            let run = latest.get() + 1;
            latest.set(run);
            check.set(Check::Running);
            let (check, latest) = (check.clone(), latest.clone());
            spawn_local(async move {
                let cancelled = || latest.get() != run;
                if let Some(r) = check_server(spec, extra, &cancelled).await {
                    check.set(Check::Done(Rc::new(r)));
                }
            });
        })
    };
    let on_export = {
        let check = check.clone();
        Callback::from(move |_: MouseEvent| {
            if let Check::Done(r) = &*check {
                let _ = crate::browser::download_text(
                    "phoneboot-server-files.csv",
                    "text/csv",
                    &r.to_csv(),
                );
            }
        })
    };
    let running = *check == Check::Running;

    let body = match &*check {
        Check::Idle => markup! {
            <p class="muted" data-testid="readiness-status" data-state="idle">
                {"Lists every file any model in any group would request from this server (restore files excluded), requests each URL once, and says what is missing."}
            </p>
        },
        Check::Running => markup! {
            <p data-testid="readiness-status" data-state="running">{"Requesting every file the phones need…"}</p>
        },
        Check::Done(r) => markup! {
            <>
                <p data-testid="readiness-status" data-state="done"
                   class={classes!("readiness-summary", (!r.all_present()).then_some("warn-text"))}>
                    <span data-testid="readiness-summary" data-all-present={r.all_present().to_string()}>{r.summary()}</span>
                    {format!(" ({} distinct URLs requested; groups {}.)", r.requests, phoneboot_engine::readiness::ranges(&r.groups))}
                </p>
                <div class="table-wrap">
                    <table class="readiness-table" data-testid="readiness-table">
                        <thead><tr>
                            <th scope="col">{"File"}</th>
                            <th scope="col">{"Purpose"}</th>
                            <th scope="col">{"Who needs it"}</th>
                            <th scope="col">{"Status"}</th>
                            <th scope="col">{"Size"}</th>
                            <th scope="col">{"Digest"}</th>
                        </tr></thead>
                        <tbody>
                            { for r.entries.iter().map(|e| {
                                let ok = e.status == Status::Present;
                                markup! {
                                    <tr data-testid="readiness-row" data-path={e.path.clone()} data-status={e.status.name()}
                                        data-required={e.required.to_string()} class={classes!((!ok && e.required).then_some("missing"))}>
                                        <td><code title={e.url.clone()}>{e.path.clone()}</code></td>
                                        <td>
                                            {e.purpose.label()}
                                            if !e.required { <span class="muted">{" (optional)"}</span> }
                                            if let Some(n) = &e.named_by { <span class="muted small-text">{format!(" {n}")}</span> }
                                        </td>
                                        <td class="who">{ for e.needed_by.iter().map(|w| markup! { <span>{w.clone()}</span> }) }</td>
                                        <td>
                                            <span class={classes!("badge", if ok { "pass" } else { "fail" })}>{e.status.label()}</span>
                                            if !ok { <span class="detail">{format!(" {}", e.detail)}</span> }
                                        </td>
                                        <td class="num">{e.bytes.map(|b| b.to_string()).unwrap_or_default()}</td>
                                        <td>{e.digest.label()}</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
            </>
        },
    };

    markup! {
        <section class="panel readiness" aria-labelledby="readiness-h" data-testid="readiness">
            <div class="panel-head">
                <h2 id="readiness-h">{"Is this server ready for the fleet?"}</h2>
                <button type="button" class="primary" data-testid="readiness-run" disabled={running || !runnable}
                        onclick={on_check}>{ if running { "Checking…" } else { "Check server" } }</button>
                if matches!(*check, Check::Done(_)) {
                    <button type="button" data-testid="readiness-export-csv" onclick={on_export}>{"Export CSV"}</button>
                }
            </div>
            { body }
        </section>
    }
}
