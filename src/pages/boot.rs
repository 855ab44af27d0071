//! The Boot tab: one phone (picture, display, settings, Boot) on the left,
//! and on the right what its boot did, derived from the engine's events as
//! the display shows them (outcome, passes, decisions, requests, checks,
//! settings, warnings, trace, flash, exports).

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
    controls, decision_panel, export_panel, flash_panel, network_banner, outcome_panel,
    passes_panel, playback_bar, settings_form, settings_table, warnings_panel, ChecksPanel,
    ControlsProps, ExportProps, OutcomeProps, Phone, PlaybackProps, RequestLog, SettingsFormProps,
    SettingsTableProps, ShareBox, TracePanel,
};
use crate::runner;
use crate::state::{Action, Run, ServerMode, State, View};
use crate::troubleshoot;
use crate::view;

/// The app's state as the shell hands it to the Boot page. Never equal to
/// itself: the shell renders only when the state changed, and then the page
/// renders too. (Comparing two `State`s field by field would walk a run's
/// every event on each render, and a handle's `Deref` reads the current state,
/// not the one it was made with, so it cannot be compared by address.)
#[derive(Clone)]
pub struct AppState(pub UseReducerHandle<State>);

impl PartialEq for AppState {
    fn eq(&self, _: &Self) -> bool {
        false
    }
}

#[derive(Properties, PartialEq)]
pub struct BootPageProps {
    pub state: AppState,
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

/// Which exports were built: the run's id once it is done, and whether
/// secrets were revealed.
type ExportsKey = (Option<u32>, bool);

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

#[function_component]
pub fn BootPage(p: &BootPageProps) -> Html {
    let state = &p.state.0;
    let on_action = {
        let d = state.dispatcher();
        Callback::from(move |a: Action| d.dispatch(a))
    };

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
        Callback::from(move |cause: Cause| {
            let flash = state.form.apply_loaded(&state.flash);
            runner::boot::start(&state, &state.form, flash, cause, &on_action)
        })
    };
    let on_factory_reset = on_action.reform(|_| Action::FactoryReset);
    let on_skip = on_action.reform(|_| Action::SkipAnimation);
    let on_reveal = on_action.reform(|_| Action::ToggleReveal);

    let run = state.run.as_ref();
    let panels_rc = {
        let state = state.clone();
        use_memo(panels_key(run), move |_| {
            state.run.as_ref().map(|r| Panels::of(r, &state.flash))
        })
    };
    let panels = (*panels_rc).as_ref();
    // The result panels come with the first events shown (Run::shows_results).
    let shown = panels.filter(|_| run.is_some_and(Run::shows_results));
    let report = panels.map(|p| &p.report);
    let finished = report.filter(|_| run.is_some_and(Run::done));

    // The exports of the finished report (its JSON and Markdown, in collapsed
    // panels at the foot of the page), built once per run and reveal setting,
    // in the task after the one that shows the outcome: serialising the whole
    // report is work the outcome does not wait for. Kept with the key they
    // were built for, so a changed reveal never shows the other masking.
    let exports_key = (run.filter(|r| r.done()).map(|r| r.id), state.reveal);
    let built = use_state(|| None::<(ExportsKey, (AttrValue, AttrValue))>);
    {
        let built = built.clone();
        let panels = panels_rc.clone();
        use_effect_with(exports_key, move |&(id, reveal)| {
            let timer = id.map(|_| {
                Timeout::new(0, move || {
                    if let Some(p) = panels.as_ref() {
                        let json = AttrValue::from(shown_json(&p.report, reveal));
                        let md = AttrValue::from(shown_markdown(&p.report, reveal));
                        built.set(Some(((id, reveal), (json, md))));
                    }
                })
            });
            move || drop(timer)
        });
    }
    let exports = (*built)
        .as_ref()
        .filter(|(key, _)| *key == exports_key)
        .map(|(_, e)| e);

    let on_export = {
        let json = exports.map(|(json, _)| json.clone());
        let model = state.form.model.name();
        Callback::from(move |_: ()| {
            if let Some(json) = &json {
                let name = format!("phoneboot-report-{model}.json");
                let _ = browser::download_text(&name, "application/json", json);
            }
        })
    };

    let on_export_markdown = {
        let md = exports.map(|(_, md)| md.clone());
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

    markup! {
        <main class="layout" id="view-boot" role="tabpanel" aria-labelledby="tab-boot" hidden={state.view != View::Boot}>
            <aside class="left" aria-label="Phone and settings">
                <div class="phone-card">
                    <Phone model={model} screen={screen.clone()} status={status_text(run)} alert={alert} />
                    <p class="sr-only" aria-live="polite" data-testid="display-text">
                        { screen.iter().filter(|l| !l.is_empty()).cloned().collect::<Vec<_>>().join(" ") }
                    </p>
                    { playback_bar(&PlaybackProps {
                        can_skip: run.is_some_and(|r| !r.done() && !r.skipped),
                        on_skip,
                        progress,
                    }) }
                </div>
                { settings_form(&SettingsFormProps {
                    form: &state.form,
                    presets,
                    scenario: state.scenario,
                    running: state.running(),
                    on_edit: on_action.reform(Action::Edit),
                    on_scenario: on_action.reform(Action::PickScenario),
                }) }
                // After the settings, so that keyboard users reach Boot once the phone is described.
                <div class="boot-bar">
                    { controls(&ControlsProps {
                        running: state.running(),
                        valid: state.form.is_valid(),
                        on_boot,
                        on_factory_reset,
                    }) }
                </div>
                <ShareBox link={share_link} local={state.form.mode == ServerMode::Local} on_copy={on_copy_share} />
            </aside>
            <div class="right">
                { outcome_panel(&OutcomeProps {
                    outcome,
                    running: run.is_some_and(|r| !r.done()),
                    passes: report.map(|r| r.passes).unwrap_or(0),
                    restarts: report.map(|r| r.restarts).unwrap_or(0),
                    base_url,
                    facts: outcome_facts,
                    run: run.map(|r| r.id).unwrap_or(0),
                }) }
                if let Some(d) = upgrade_failure.filter(|_| run.is_some_and(Run::done)) {
                    { network_banner(&d) }
                }
                if let Some(p) = shown {
                    <div class="pair">
                        { passes_panel(&p.passes) }
                        { decision_panel(&p.decisions) }
                    </div>
                    <RequestLog rows={p.requests.clone()} />
                    <ChecksPanel groups={p.checks.clone()}
                                 verdicts={run.map(|r| r.verdicts.clone()).unwrap_or_default()} />
                    { settings_table(&SettingsTableProps {
                        settings: &p.report.settings,
                        warnings: &p.report.warnings,
                        set_lines: &p.set_lines,
                        reveal: state.reveal,
                        on_toggle_reveal: &on_reveal,
                    }) }
                    { warnings_panel(&p.report.warnings, &p.traced, &on_focus_line) }
                    <TracePanel files={p.traces.clone()} warnings={p.report.warnings.clone()}
                                focus={state.trace_focus.clone()} reveal={state.reveal} />
                }
                { flash_panel(&run.filter(|r| !r.done()).map(Run::shown_flash).unwrap_or_else(|| state.flash.clone())) }
                if let Some((json, markdown)) = exports.cloned() {
                    { export_panel(&ExportProps {
                        json,
                        masked: !state.reveal,
                        on_export,
                        markdown: Some(markdown),
                        on_export_markdown,
                        on_copy: on_copy_report,
                    }) }
                }
            </div>
        </main>
    }
}
