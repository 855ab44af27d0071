//! The Fleet view: every model against a set of groups from one server, a
//! parameter filter, paging over the groups, CSV export and the comparison.

use std::cell::Cell as Flag;
use std::rc::Rc;

use phoneboot_engine::decimal::Fixed;
use phoneboot_engine::fleet::{compare, parse_groups};
use phoneboot_engine::report::shown_value;
use phoneboot_engine::Model;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::fleet_compare::ComparePanel;
use super::fleet_readiness::ReadinessPanel;
use crate::runner::fleet::{spawn_compare, spawn_matrix};
use crate::state::fleet::{
    param_of, server_spec, FleetAction, FleetState, Matrix, OpenPhone, Status, PAGE_SIZE, ROWS,
};

#[derive(Properties, PartialEq)]
pub struct FleetViewProps {
    /// The Boot view's server, as typed: where the fleet starts.
    pub server: AttrValue,
    /// Where the fleet's server field starts instead, if not `server`
    /// (the shell builds this view when it is first shown, and passes the
    /// server the page opened with).
    #[prop_or_default]
    pub start: Option<AttrValue>,
    pub reveal: bool,
    /// Open a phone in the Boot view.
    pub on_open: Callback<OpenPhone>,
}

fn shown(name: &str, value: &str, reveal: bool) -> String {
    shown_value(name, value, reveal).to_owned()
}

fn input_value(e: &InputEvent) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

#[function_component]
pub fn FleetView(p: &FleetViewProps) -> Html {
    let state = use_reducer({
        let server = p.start.as_ref().unwrap_or(&p.server).to_string();
        move || FleetState::new(&server)
    });
    let latest = use_memo((), |_| Rc::new(Flag::new(0u32)));
    let dispatch = state.dispatcher();
    let cb: Callback<FleetAction> = {
        let d = dispatch.clone();
        Callback::from(move |a| d.dispatch(a))
    };

    // Made once, so the matrix table does not re-render with the view around it.
    let on_pick = {
        let d = dispatch.clone();
        use_callback((), move |(row, col), _| {
            d.dispatch(FleetAction::Pick { row, col })
        })
    };
    let on_run = {
        let state = state.clone();
        let cb = cb.clone();
        let latest = (*latest).clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Ok(spec), Ok(extra)) = (server_spec(&state.server), parse_groups(&state.groups))
            else {
                return;
            };
            spawn_matrix(
                latest.get() + 1,
                spec,
                extra,
                latest.clone(),
                state.matrix.clone(),
                cb.clone(),
            );
        })
    };
    // The comparison's callbacks are made once too: the matrix's progress
    // re-renders this view a few times a second, and the comparison panel
    // then has nothing to redo (the state handle reads the current state).
    let on_compare = {
        let state = state.clone();
        let cb = cb.clone();
        use_callback((), move |_: (), _| {
            if let (Ok(l), Ok(r)) = (state.left.parsed(), state.right.parsed()) {
                spawn_compare(
                    state.compare_run + 1,
                    l,
                    r,
                    state.matrix.clone(),
                    cb.clone(),
                );
            }
        })
    };
    let on_edit = {
        let cb = cb.clone();
        use_callback((), move |(w, e), _| cb.emit(FleetAction::EditSide(w, e)))
    };
    let on_same_phone = {
        let cb = cb.clone();
        use_callback((), move |_: (), _| cb.emit(FleetAction::SamePhoneOnRight))
    };
    let on_export = {
        let matrix = state.matrix.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(m) = &matrix {
                let _ =
                    crate::browser::download_text("phoneboot-fleet.csv", "text/csv", &m.to_csv());
            }
        })
    };
    let text = |make: fn(String) -> FleetAction| {
        let cb = cb.clone();
        Callback::from(move |e: InputEvent| cb.emit(make(input_value(&e))))
    };
    let check = |make: fn(bool) -> FleetAction| {
        let cb = cb.clone();
        Callback::from(move |e: Event| {
            cb.emit(make(
                e.target_unchecked_into::<HtmlInputElement>().checked(),
            ))
        })
    };

    let server_error = server_spec(&state.server).err();
    let groups_error = state.groups_error();
    let running = state.running();
    let param = param_of(&state.param);

    let status = match &state.status {
        Status::Idle => markup! {
            <p class="muted fleet-status" data-testid="fleet-status" data-state="idle">
                {"Press Build matrix: the server's files are fetched and parsed once, then every model is evaluated in every group."}
            </p>
        },
        Status::Fetching => markup! {
            <p class="fleet-status" data-testid="fleet-status" data-state="fetching">{"Fetching the upgrade script and every file it can GET…"}</p>
        },
        Status::Computing { done, total } => markup! {
            <div class="progress fleet-status" data-testid="fleet-status" data-state="computing">
                <label for="fleet-progress">{"Evaluating"}</label>
                <progress id="fleet-progress" max={total.to_string()} value={done.to_string()} />
                <span class="progress-label">{format!("{done} of {total} phones")}</span>
            </div>
        },
        Status::Failed(e) => markup! {
            <p class="field-error fleet-status" role="alert" data-testid="fleet-status" data-state="failed">{e.to_string()}</p>
        },
        Status::Done => match &state.matrix {
            Some(m) => markup! {
                <p class="fleet-status" data-testid="fleet-status" data-state="done" data-cells={m.cells.len().to_string()}
                   data-fetch-ms={Fixed(m.fetch_ms, 1).to_string()} data-compute-ms={Fixed(m.compute_ms, 1).to_string()}>
                    {format!("{} files fetched and parsed once ({}) in {} ms; {} models × {} groups = {} phones evaluated in {} ms.",
                        m.files.names().len(), m.files.names().join(", "), Fixed(m.fetch_ms, 0),
                        ROWS, m.groups.len(), m.cells.len(), Fixed(m.compute_ms, 0))}
                    if !m.missing.is_empty() {
                        <span class="warn-text" data-testid="fleet-missing">{format!(" Not delivered by any server: {}.", m.missing.join(", "))}</span>
                    }
                </p>
            },
            None => markup! {},
        },
    };

    let use_boot_server = (p.server.as_str() != state.server.trim()).then(|| {
        let cb = cb.clone();
        let server = p.server.to_string();
        markup! {
            <button type="button" class="chip" title={server.clone()} data-testid="fleet-use-boot-server"
                    onclick={Callback::from(move |_| cb.emit(FleetAction::SetServer(server.clone())))}>
                {"the Boot view's server"}
            </button>
        }
    });

    let matrix_panel = state.matrix.as_ref().map(|m| {
        let columns = m.visible_columns(param.as_deref(), state.only_differing);
        let pages = columns.len().div_ceil(PAGE_SIZE).max(1);
        let page = state.page.min(pages - 1);
        let shown: Vec<usize> = columns.iter().skip(page * PAGE_SIZE).take(PAGE_SIZE).copied().collect();
        let go = |to: usize| {
            let cb = cb.clone();
            Callback::from(move |_: MouseEvent| cb.emit(FleetAction::SetPage(to)))
        };
        let label = if columns.is_empty() {
            "no groups".to_owned()
        } else {
            format!(
                "groups {}–{} of {}{}",
                page * PAGE_SIZE + 1,
                page * PAGE_SIZE + shown.len(),
                columns.len(),
                if columns.len() < m.groups.len() { format!(" that differ (of {})", m.groups.len()) } else { String::new() }
            )
        };
        let unknown_param = param.as_ref().filter(|p| !m.params.contains(p));
        markup! {
            <section class="panel fleet-matrix" aria-labelledby="fleet-matrix-h">
                <div class="panel-head">
                    <h2 id="fleet-matrix-h">{"Matrix"}</h2>
                    <button type="button" data-testid="fleet-export-csv" onclick={on_export.clone()}>{"Export CSV"}</button>
                </div>
                <div class="fleet-filters">
                    <div class="field">
                        <label for="fleet-param">{"Show one parameter"}</label>
                        <input id="fleet-param" type="text" class="mono" list="fleet-params" data-testid="fleet-param-input"
                               placeholder="all differences (e.g. L2QVLAN)" spellcheck="false" autocomplete="off"
                               value={state.param.clone()} oninput={text(FleetAction::SetParam)} />
                        <ParamList matrix={m.clone()} />
                    </div>
                    <label class="toggle">
                        <input type="checkbox" data-testid="fleet-only-differing" checked={state.only_differing}
                               onchange={check(FleetAction::SetOnlyDiffering)} />
                        {" Only columns that differ"}
                    </label>
                    <label class="toggle" title="Opening a cell also starts its boot">
                        <input type="checkbox" data-testid="fleet-autoboot" checked={state.autoboot}
                               onchange={check(FleetAction::SetAutoboot)} />
                        {" Boot when opening a phone"}
                    </label>
                    <div class="pager">
                        <button type="button" class="small" data-testid="fleet-prev" disabled={page == 0}
                                onclick={go(page.saturating_sub(1))} aria-label="Previous groups">{"‹ Prev"}</button>
                        <span data-testid="fleet-page-label" aria-live="polite">{label}</span>
                        <button type="button" class="small" data-testid="fleet-next" disabled={page + 1 >= pages}
                                onclick={go(page + 1)} aria-label="Next groups">{"Next ›"}</button>
                    </div>
                </div>
                if let Some(u) = unknown_param {
                    <p class="muted" data-testid="fleet-param-unknown">{format!("No phone gets {u} from this server.")}</p>
                }
                <MatrixTable matrix={m.clone()} columns={shown} param={param.clone()} reveal={p.reveal}
                             autoboot={state.autoboot} on_open={p.on_open.clone()}
                             on_pick={on_pick.clone()} />
                <p class="hint">
                    {"A highlighted cell differs from the first cell of its row"}
                    { if param.is_some() { " in this parameter" } else { "; it lists what differs" } }
                    {". Click a cell to open that phone in the Boot view; ⇄ puts it in the comparison below."}
                </p>
            </section>
        }
    });

    markup! {
        <div class="fleet" data-testid="fleet-view">
            <section class="panel fleet-controls" aria-labelledby="fleet-h">
                <div class="panel-head">
                    <h2 id="fleet-h">{"Fleet: which phones get which firmware and settings"}</h2>
                </div>
                <form class="fleet-form" onsubmit={on_run}>
                    <div class={classes!("field", "grow", server_error.is_some().then_some("invalid"))}>
                        <label for="fleet-server">{"Server"}</label>
                        <input id="fleet-server" type="text" class="mono" data-testid="fleet-server-input"
                               spellcheck="false" autocomplete="off" value={state.server.clone()}
                               oninput={text(FleetAction::SetServer)} />
                        <p class="hint">
                            {"A base URL or a DHCP option-242 string."}
                            if let Some(chip) = use_boot_server { {" Use "}{chip} }
                        </p>
                    </div>
                    <div class={classes!("field", groups_error.is_some().then_some("invalid"))}>
                        <label for="fleet-groups">{"More groups"}</label>
                        <input id="fleet-groups" type="text" class="mono" data-testid="fleet-groups-input"
                               spellcheck="false" autocomplete="off" placeholder="e.g. 10-20, 100 or 0-999"
                               value={state.groups.clone()} oninput={text(FleetAction::SetGroups)} />
                        if let Some(e) = &groups_error {
                            <p class="field-error" role="alert" data-testid="fleet-groups-error">{e.clone()}</p>
                        } else {
                            <p class="hint">{"GROUP 0 and every group the files test are always in."}</p>
                        }
                    </div>
                    <button type="submit" class="primary" data-testid="fleet-run"
                            disabled={running || server_error.is_some() || groups_error.is_some()}>
                        { if running { "Building…" } else { "Build matrix" } }
                    </button>
                </form>
                { status }
            </section>
            <ReadinessPanel server={state.server.clone()} groups={state.groups.clone()} />
            { for matrix_panel }
            <ComparePanel left={state.left.clone()} right={state.right.clone()}
                          comparison={state.comparison.clone()} comparing={state.comparing}
                          error={state.compare_error.clone()} reveal={p.reveal}
                          on_edit={on_edit} on_same_phone={on_same_phone} on_compare={on_compare} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ParamListProps {
    matrix: Rc<Matrix>,
}

/// The parameter filter's suggestions: every parameter of the matrix. A
/// component of its own, so that the view's other re-renders (a run's
/// status, typing in a field) do not rebuild its hundreds of options.
#[function_component]
fn ParamList(p: &ParamListProps) -> Html {
    markup! {
        <datalist id="fleet-params">
            { for p.matrix.params.iter().map(|n| markup! { <option value={n.clone()} /> }) }
        </datalist>
    }
}

#[derive(Properties)]
struct MatrixProps {
    matrix: Rc<Matrix>,
    /// The columns of this page.
    columns: Vec<usize>,
    param: Option<String>,
    reveal: bool,
    /// Opening a cell also boots it.
    autoboot: bool,
    on_open: Callback<OpenPhone>,
    /// Put a cell (row, column) on the next side of the comparison.
    on_pick: Callback<(usize, usize)>,
}

/// A new matrix with the same page (a run over unchanged files) is the same
/// table: the view is not rebuilt, 160 cells for nothing to change in the
/// DOM. The table keeps the matrix it was built from until its page changes.
impl PartialEq for MatrixProps {
    fn eq(&self, other: &Self) -> bool {
        self.columns == other.columns
            && self.param == other.param
            && self.reveal == other.reveal
            && self.autoboot == other.autoboot
            && self.on_open == other.on_open
            && self.on_pick == other.on_pick
            && (Rc::ptr_eq(&self.matrix, &other.matrix)
                || self
                    .matrix
                    .shows_same(&other.matrix, &self.columns, self.param.as_deref()))
    }
}

/// Differences shown in a cell before "+n more".
const CELL_DIFFS: usize = 3;

/// One page of the matrix. Its props only change with the matrix, the page
/// or the filter, so a re-render of the view around it does not touch it.
#[function_component]
fn MatrixTable(p: &MatrixProps) -> Html {
    let m = &p.matrix;
    let param = p.param.as_deref();
    let cell = |r: usize, c: usize| -> Html {
        let cell = m.cell(r, c);
        let model = Model::ALL[r];
        let group = m.groups[c];
        let differs = m.differs_at(r, c, param);
        let open = {
            let (m, on_open, boot) = (m.clone(), p.on_open.clone(), p.autoboot);
            Callback::from(move |_: MouseEvent| on_open.emit(m.open_phone(r, c, boot)))
        };
        let pick = p.on_pick.reform(move |_: MouseEvent| (r, c));
        let appname = cell.eval.appname.clone().unwrap_or_default();
        // A cell that does not differ has nothing to list: no comparison to make.
        let diffs = if c == 0 || param.is_some() || !differs {
            Vec::new()
        } else {
            compare(&m.cell(r, 0).eval, &cell.eval)
        };
        let diff_text = |d: &phoneboot_engine::fleet::Difference| match &d.right {
            Some(s) => format!("{}={}", d.name, shown(&d.name, &s.value, p.reveal)),
            None => format!("{} unset", d.name),
        };
        let mut title = format!("Open a {} in GROUP {group} in the Boot view", model.name());
        if !diffs.is_empty() {
            title.push_str(&format!("\nDiffers from GROUP {}: ", m.groups[0]));
            title.push_str(&diffs.iter().map(diff_text).collect::<Vec<_>>().join(", "));
        }
        let body = match param {
            Some(name) => {
                let v = m.value(r, c, name);
                markup! {
                    <span class="cell-value mono" data-testid="fleet-cell-value" data-set={v.is_some().to_string()}>
                        { v.map(|s| shown(name, &s.value, p.reveal)).unwrap_or_else(|| "—".to_owned()) }
                    </span>
                }
            }
            None => {
                let via: Vec<&str> = cell
                    .downloads
                    .iter()
                    .map(String::as_str)
                    .filter(|d| *d != appname)
                    .collect();
                let more = diffs.len().saturating_sub(CELL_DIFFS);
                markup! {
                    <>
                    <span class="cell-app mono" data-testid="fleet-cell-app">
                        { if appname.is_empty() { "no APPNAME".to_owned() } else { appname.clone() } }
                    </span>
                    if !via.is_empty() {
                        <span class="cell-via mono" data-testid="fleet-cell-via">{format!("after {}", via.join(", "))}</span>
                    }
                    if c == 0 {
                        <span class="cell-note">{"first of the row"}</span>
                    }
                    { for diffs.iter().take(CELL_DIFFS).map(|d| markup! {
                        <span class="cell-diff mono" data-testid="fleet-cell-diff">{diff_text(d)}</span>
                    }) }
                    if more > 0 {
                        <span class="cell-note">{format!("+{more} more")}</span>
                    }
                    if !cell.eval.missing.is_empty() {
                        <span class="cell-warn">{format!("missing {}", cell.eval.missing.join(", "))}</span>
                    }
                    if let Some(b) = &cell.eval.bound {
                        <span class="cell-warn">{format!("stopped: {b}")}</span>
                    }
                    </>
                }
            }
        };
        markup! {
            <td class={classes!("fleet-cell", differs.then_some("differs"))} data-testid="fleet-cell"
                data-model={model.name()} data-group={group.to_string()} data-appname={appname}
                data-differs={differs.to_string()}>
                <button type="button" class="cell-open" onclick={open} data-testid="fleet-open"
                        title={title}>
                    { body }
                </button>
                <button type="button" class="cell-pick" onclick={pick} data-testid="fleet-pick"
                        aria-label={format!("Compare {} GROUP {group}", model.name())} title="Compare">{"⇄"}</button>
            </td>
        }
    };
    markup! {
        <div class="table-wrap">
            <table class="fleet-table" data-testid="fleet-table">
                <thead><tr>
                    <th scope="col">{"Model"}</th>
                    { for p.columns.iter().map(|&c| markup! {
                        <th scope="col" data-testid="fleet-col">{format!("GROUP {}", m.groups[c])}</th>
                    }) }
                </tr></thead>
                <tbody>
                    { for (0..ROWS).map(|r| markup! {
                        <tr data-testid="fleet-row" data-model={Model::ALL[r].name()}>
                            <th scope="row" class="mono">{Model::ALL[r].name()}</th>
                            { for p.columns.iter().map(|&c| cell(r, c)) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
