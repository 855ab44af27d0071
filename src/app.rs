//! The page: wires state, side effects (storage, timers, boots) and components.

use std::collections::HashMap;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use phoneboot_engine::diagnose::Diagnosis;
use phoneboot_engine::outcome::OutcomeFacts;
use phoneboot_engine::report::ReportBuilder;
use phoneboot_engine::{Cause, Outcome, Report, ServerSpec};
use yew::prelude::*;

use crate::browser;
use crate::components::{
    ChecksPanel, Controls, DecisionPanel, ExportPanel, FlashPanel, NetworkBanner, NoticeBar,
    Option242Builder, OutcomePanel, PassesPanel, Phone, PlaybackBar, RequestLog, SettingsForm,
    SettingsTable, ShareBox, TracePanel, WarningsPanel,
};
use crate::fleet::OpenPhone;
use crate::local::LocalSource;
use crate::pages::{diagnose_described, show_setup, DiagnoseView, FleetView};
use crate::runner::{spawn_boot, spawn_boot_from};
use crate::state::{Action, Defaults, Form, Run, ServerMode, State, View};
use crate::storage;
use crate::troubleshoot;
use crate::view;

fn defaults() -> Defaults {
    let base_url = browser::page_href()
        .and_then(|h| browser::demo_url(&h))
        .unwrap_or_else(|| "demo/".to_owned());
    let option242 = browser::option242_for(&base_url)
        .unwrap_or_else(|| "HTTPSRVR=127.0.0.1,HTTPPORT=8080,HTTPDIR=demo".to_owned());
    Defaults {
        base_url,
        option242,
    }
}

fn initial_state() -> State {
    let (flash, notice) = storage::load_flash();
    State::new(flash, notice, &defaults())
}

/// The report as far as the display has got: the finished one once the
/// playback is over, else one built from the events shown so far.
fn report_of(run: &Run, flash: &phoneboot_engine::Flash) -> Rc<Report> {
    if let (true, Some(r)) = (run.done(), &run.report) {
        return r.clone();
    }
    let mut b = ReportBuilder::new(&run.config);
    for e in run.visible_events() {
        b.push(e);
    }
    Rc::new(b.finish(flash))
}

/// What the Boot view's panels show of a run, derived from the events the
/// display has shown. Built once per step of the run (see [`panels_key`]),
/// not on every render: typing in the form or a display tick that shows
/// nothing new reuses it.
struct Panels {
    report: Rc<Report>,
    passes: Vec<view::PassRow>,
    decisions: Vec<view::DecisionRow>,
    requests: Vec<view::RequestRow>,
    checks: Vec<view::CheckGroup>,
    set_lines: HashMap<(String, u32), String>,
    traces: Vec<troubleshoot::TraceFile>,
    traced: Vec<String>,
    upgrade_failure: Option<Diagnosis>,
    outcome_facts: OutcomeFacts,
}

impl Panels {
    fn of(run: &Run, flash: &phoneboot_engine::Flash) -> Panels {
        let events = run.visible_events();
        let traces = troubleshoot::trace_files(events);
        let report = report_of(run, flash);
        Panels {
            outcome_facts: OutcomeFacts::of(&report, events),
            report,
            passes: view::passes(events),
            decisions: view::decisions(events),
            requests: view::request_rows(events),
            checks: view::check_groups(events),
            set_lines: view::set_lines(events),
            traced: traces.iter().map(|t| t.file.clone()).collect(),
            traces,
            upgrade_failure: troubleshoot::upgrade_failure(events),
        }
    }
}

/// Everything [`Panels::of`] reads changes with one of these: the run, the
/// events shown and received (flash follows the events received), the
/// engine's report arriving and the playback ending.
fn panels_key(run: Option<&Run>) -> Option<(u32, usize, usize, bool, bool)> {
    run.map(|r| {
        (
            r.id,
            r.visible_events().len(),
            r.events.len(),
            r.report.is_some(),
            r.done(),
        )
    })
}

fn shown_markdown(report: &Report, reveal: bool) -> String {
    if reveal {
        report.to_markdown()
    } else {
        report.masked().to_markdown()
    }
}

fn shown_json(report: &Report, reveal: bool) -> String {
    if reveal {
        report.to_json()
    } else {
        report.masked().to_json()
    }
}

/// The right-hand side of the display's status line.
fn status_text(run: Option<&Run>) -> &'static str {
    match run {
        None => "",
        Some(r) if r.running() || r.animating() => "booting",
        Some(r) => match r.report.as_ref().and_then(|r| r.outcome.as_ref()) {
            Some(Outcome::Registered) => "ready",
            _ => "stopped",
        },
    }
}

/// Starts a boot of the phone `form` describes, unless one is running.
fn start_boot(state: &State, form: &Form, cause: Cause, on_action: &Callback<Action>) {
    start_boot_with(
        state,
        form,
        form.apply_loaded(&state.flash),
        cause,
        on_action,
    );
}

/// Starts a boot of the phone `form` describes, with `flash` as its flash.
fn start_boot_with(
    state: &State,
    form: &Form,
    flash: phoneboot_engine::Flash,
    cause: Cause,
    on_action: &Callback<Action>,
) {
    if state.running() {
        return;
    }
    let Ok(config) = form.boot_config() else {
        return;
    };
    let id = state.next_run;
    on_action.emit(Action::Started {
        id,
        cause,
        config: config.clone(),
        flash: flash.clone(),
    });
    if form.mode == ServerMode::Local {
        let source = LocalSource::new(form.local.clone());
        spawn_boot_from(
            crate::runner::PageSource::Local(source),
            id,
            config,
            flash,
            cause,
            on_action.clone(),
        );
    } else {
        spawn_boot(id, config, flash, cause, on_action.clone());
    }
}

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);
    let on_action = {
        let d = state.dispatcher();
        Callback::from(move |a: Action| d.dispatch(a))
    };

    // The phone's flash outlives the page, like a real phone's outlives a power cut.
    use_effect_with(state.flash.clone(), |flash| {
        // Without storage the emulator still works, it only forgets on reload.
        let _ = storage::save_flash(flash);
    });

    // A share link restores its configuration, when the page opens and when
    // the fragment changes in an open page.
    {
        let d = state.dispatcher();
        use_effect_with((), move |_| {
            let fragment = browser::page_fragment();
            if !fragment.is_empty() {
                d.dispatch(Action::OpenLink(fragment));
            }
            let listener = browser::HashListener::new(move |f| d.dispatch(Action::OpenLink(f)));
            move || drop(listener)
        });
    }

    // Plays the display messages back at a readable pace.
    {
        let d = state.dispatcher();
        let run = state.run.as_ref();
        let key = run.map(|r| (r.id, r.shown, r.frames.len(), r.next_delay()));
        use_effect_with(key, move |key| {
            let timer = match *key {
                Some((id, _, _, Some(ms))) => {
                    Some(Timeout::new(ms, move || d.dispatch(Action::Tick { id })))
                }
                _ => None,
            };
            move || drop(timer)
        });
    }

    let on_boot = {
        let state = state.clone();
        let on_action = on_action.clone();
        Callback::from(move |cause: Cause| start_boot(&state, &state.form, cause, &on_action))
    };
    // A fleet cell: that phone in the Boot view, booting if the user asked.
    let on_open = {
        let state = state.clone();
        let on_action = on_action.clone();
        Callback::from(move |o: OpenPhone| {
            on_action.emit(Action::OpenPhone {
                model: o.model,
                group: o.group,
                server: o.server.clone(),
            });
            if o.boot {
                let mut form = state.form.clone();
                form.show_phone(o.model, o.group, &o.server);
                start_boot(&state, &form, Cause::PowerOn, &on_action);
            }
        })
    };
    // A Diagnose "show me" link: set the phone up and boot it in the Boot view.
    let on_show = {
        let state = state.clone();
        let on_action = on_action.clone();
        Callback::from(move |id: AttrValue| {
            let f = &state.form;
            let group = crate::state::parse_group(&f.group).unwrap_or(0);
            let base = &state.defaults.base_url;
            let Some(setup) = show_setup(&id, f.model, group, f.mac.trim(), base) else {
                return;
            };
            if let Some(sc) = setup.scenario {
                on_action.emit(Action::PickScenario(sc));
            }
            let (model, server) = (f.model, setup.server.clone());
            on_action.emit(Action::OpenPhone {
                model,
                group,
                server,
            });
            let mut form = f.clone();
            form.show_phone(model, group, &setup.server);
            form.sync_loaded(&setup.flash);
            start_boot_with(&state, &form, setup.flash, Cause::PowerOn, &on_action);
        })
    };
    let tab = |v: View| on_action.reform(move |_: MouseEvent| Action::SetView(v));
    let on_factory_reset = on_action.reform(|_| Action::FactoryReset);
    let on_skip = on_action.reform(|_| Action::SkipAnimation);
    let on_reveal = on_action.reform(|_| Action::ToggleReveal);
    let on_dismiss = on_action.reform(|_| Action::DismissNotice);

    let run = state.run.as_ref();
    let panels = {
        let state = state.clone();
        use_memo(panels_key(run), move |_| {
            state.run.as_ref().map(|r| Panels::of(r, &state.flash))
        })
    };
    let panels = (*panels).as_ref();
    let report = panels.map(|p| &p.report);
    let finished = report.filter(|_| run.is_some_and(Run::done));

    // The exports of the finished report, built once per run and reveal
    // setting, not on every render.
    let exports = {
        let report = finished.cloned();
        use_memo(
            (run.filter(|r| r.done()).map(|r| r.id), state.reveal),
            move |&(_, reveal)| {
                report.map(|r| {
                    (
                        AttrValue::from(shown_json(&r, reveal)),
                        AttrValue::from(shown_markdown(&r, reveal)),
                    )
                })
            },
        )
    };

    let on_export = {
        let json = (*exports).as_ref().map(|(json, _)| json.clone());
        let model = state.form.model.name();
        Callback::from(move |_: ()| {
            if let Some(json) = &json {
                let name = format!("phoneboot-report-{model}.json");
                let _ = browser::download_text(&name, "application/json", json);
            }
        })
    };

    let on_export_markdown = {
        let md = (*exports).as_ref().map(|(_, md)| md.clone());
        let model = state.form.model.name();
        Callback::from(move |_: ()| {
            if let Some(md) = &md {
                let name = format!("phoneboot-report-{model}.md");
                let _ = browser::download_text(&name, "text/markdown", md);
            }
        })
    };
    let on_focus_line =
        on_action.reform(|(file, line): (String, u32)| Action::FocusLine { file, line });
    // The share link and the reports: navigator.clipboard, falling back to nothing
    // visible (both also show their text in a field the user can select).
    let on_copy = Callback::from(|text: String| {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = browser::copy_text(&text, None).await;
        })
    });
    let (on_copy_share, on_copy_report) = (on_copy.clone(), on_copy);
    let share_link = browser::link_with_fragment(&state.form.shared().to_fragment());
    let upgrade_failure = panels.and_then(|p| p.upgrade_failure.clone());

    // The picture follows the model select; the display keeps the boot's
    // messages only while the picture is of the phone that booted.
    let model = state.form.model;
    let screen = run
        .filter(|r| r.config.phone.model == model)
        .and_then(Run::live_screen)
        .unwrap_or_default();
    let progress = run
        .and_then(|r| r.progress())
        .map(|(f, got, total)| (AttrValue::from(f.to_owned()), got, total));
    let outcome = finished.and_then(|r| r.outcome.clone());
    let alert = outcome
        .as_ref()
        .is_some_and(|o| !matches!(o, Outcome::Registered));
    let base_url = run.is_some_and(|r| matches!(r.config.server, ServerSpec::BaseUrl(_)));
    let outcome_facts = panels.map(|p| p.outcome_facts).unwrap_or_default();
    let demo = &state.defaults.base_url;
    let presets = vec![
        (AttrValue::from("demo"), AttrValue::from(demo.clone())),
        (
            AttrValue::from("demo/broken"),
            AttrValue::from(format!("{demo}broken/")),
        ),
    ];

    let fleet_server = AttrValue::from(match state.form.mode {
        ServerMode::BaseUrl => state.form.base_url.clone(),
        ServerMode::Option242 => state.form.option242.clone(),
        // The fleet view fetches over HTTP; it starts from the last URL typed.
        ServerMode::Local => state.form.base_url.clone(),
    });

    html! {
        <div class="app">
            <header class="topbar">
                <div class="brand">
                    <h1>{"phoneboot"}</h1>
                    <p class="tagline">{"How an Avaya one-X 1600-series IP desk phone boots from its provisioning server"}</p>
                    <nav class="tabs" role="tablist" aria-label="View">
                        <button type="button" role="tab" id="tab-boot" aria-controls="view-boot" data-testid="tab-boot" aria-selected={(state.view == View::Boot).to_string()}
                                onclick={tab(View::Boot)}>{"Boot"}</button>
                        <button type="button" role="tab" id="tab-fleet" aria-controls="view-fleet" data-testid="tab-fleet" aria-selected={(state.view == View::Fleet).to_string()}
                                onclick={tab(View::Fleet)}>{"Fleet"}</button>
                        <button type="button" role="tab" id="tab-diagnose" aria-controls="view-diagnose" data-testid="tab-diagnose" aria-selected={(state.view == View::Diagnose).to_string()}
                                onclick={tab(View::Diagnose)}>{"Diagnose"}</button>
                    </nav>
                </div>
            </header>
            if let Some(n) = &state.notice {
                <NoticeBar notice={n.clone()} on_dismiss={on_dismiss} />
            }
            <main class="layout" id="view-boot" role="tabpanel" aria-labelledby="tab-boot" hidden={state.view != View::Boot}>
                <aside class="left" aria-label="Phone and settings">
                    <div class="phone-card">
                        <Phone model={model} screen={screen.clone()} status={status_text(run)} alert={alert} />
                        <p class="sr-only" aria-live="polite" data-testid="display-text">
                            { screen.iter().filter(|l| !l.is_empty()).cloned().collect::<Vec<_>>().join(" ") }
                        </p>
                        <PlaybackBar can_skip={run.is_some_and(|r| !r.done() && !r.skipped)} on_skip={on_skip} progress={progress} />
                    </div>
                    <SettingsForm form={state.form.clone()} presets={presets} scenario={state.scenario}
                                  running={state.running()} on_action={on_action.clone()} />
                    // After the settings, so that keyboard users reach Boot once the phone is described.
                    <div class="boot-bar">
                        <Controls running={state.running()} valid={state.form.is_valid()}
                                  on_boot={on_boot} on_factory_reset={on_factory_reset} />
                    </div>
                    <ShareBox link={share_link} local={state.form.mode == ServerMode::Local} on_copy={on_copy_share} />
                </aside>
                <div class="right">
                    <OutcomePanel outcome={outcome} running={run.is_some_and(|r| !r.done())}
                                  passes={report.map(|r| r.passes).unwrap_or(0)}
                                  restarts={report.map(|r| r.restarts).unwrap_or(0)}
                                  base_url={base_url} facts={outcome_facts}
                                  run={run.map(|r| r.id).unwrap_or(0)} />
                    if let Some(d) = upgrade_failure.filter(|_| run.is_some_and(Run::done)) {
                        <NetworkBanner diagnosis={d} />
                    }
                    if let Some(p) = panels {
                        <div class="pair">
                            <PassesPanel rows={p.passes.clone()} />
                            <DecisionPanel rows={p.decisions.clone()} />
                        </div>
                        <RequestLog rows={p.requests.clone()} />
                        <ChecksPanel groups={p.checks.clone()}
                                     verdicts={run.map(|r| r.verdicts.clone()).unwrap_or_default()} />
                        <SettingsTable settings={p.report.settings.clone()} warnings={p.report.warnings.clone()}
                                       set_lines={p.set_lines.clone()} reveal={state.reveal}
                                       on_toggle_reveal={on_reveal} />
                        <WarningsPanel warnings={p.report.warnings.clone()} traced={p.traced.clone()} on_focus={on_focus_line} />
                        <TracePanel files={p.traces.clone()} warnings={p.report.warnings.clone()}
                                    focus={state.trace_focus.clone()} reveal={state.reveal} />
                    }
                    <FlashPanel flash={run.filter(|r| !r.done()).map(Run::shown_flash).unwrap_or_else(|| state.flash.clone())} />
                    if let Some((json, markdown)) = (*exports).clone() {
                        <ExportPanel json={json} masked={!state.reveal} on_export={on_export}
                                     markdown={Some(markdown)}
                                     on_export_markdown={on_export_markdown} on_copy={on_copy_report} />
                    }
                </div>
            </main>
            // Kept mounted while hidden, so the matrix survives a look at one phone.
            <main class="fleet-layout" id="view-fleet" role="tabpanel" aria-labelledby="tab-fleet" hidden={state.view != View::Fleet}>
                <FleetView server={fleet_server} reveal={state.reveal} on_open={on_open} />
            </main>
            <main class="diagnose-layout" id="view-diagnose" role="tabpanel" aria-labelledby="tab-diagnose" hidden={state.view != View::Diagnose}>
                <DiagnoseView config={state.form.boot_config()} flash={state.form.apply_loaded(&state.flash)}
                              local={(state.form.mode == ServerMode::Local).then(|| state.form.local.clone())}
                              described={diagnose_described(&state.form)} on_show={on_show}>
                    <h2>{"DHCP option 242"}</h2>
                    <Option242Builder open=true />
                </DiagnoseView>
            </main>
            <footer class="footer">
                <p>{"The demo server's .bin files are generated stand-ins, not Avaya software. Rules marked "}
                   <span class="emu-badge">{"emulator rule"}</span>
                   {" are this emulator's conventions where Avaya documents nothing."}</p>
            </footer>
        </div>
    }
}
