//! The fleet view's data: every model against a set of groups, from files
//! fetched and parsed once per run (engine `fleet::fetch_all`), each cell only
//! executing the parsed programs (`fleet::steady_state`). The cells are
//! computed in chunks of a few milliseconds with a yield to the event loop in
//! between, so the page repaints and stays responsive on large matrices.

use std::cell::Cell as Flag;
use std::collections::BTreeSet;
use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use phoneboot_engine::fleet::{
    compare, fetch_all, parse_groups, steady_state, Cell, Difference, FileSet, Source,
};
use phoneboot_engine::servers::{Option242, Servers};
use phoneboot_engine::{Flash, Model, PhoneConfig, ServerSpec};
use wasm_bindgen_futures::spawn_local;
use yew::{Callback, Reducible};

use crate::browser::now_ms;
use crate::http::HttpSource;

/// Groups shown at a time: the matrix is windowed, never 8000 cells in the DOM.
pub const PAGE_SIZE: usize = 20;
/// Work between two yields to the event loop.
const CHUNK_MS: f64 = 8.0;
/// Per-request timeout of the fleet's fetches.
pub const TIMEOUT_MS: u32 = 10_000;
pub const ROWS: usize = Model::ALL.len();

/// The server as typed: an option-242 string when it has `NAME=value` pairs
/// and no scheme, else a base URL (absolute, or relative to the page).
pub fn server_spec(text: &str) -> Result<ServerSpec, String> {
    let t = text.trim();
    if t.is_empty() {
        Err(
            "enter the URL of the folder that holds 16xxupgrade.txt, or an option-242 string"
                .to_owned(),
        )
    } else if t.contains('=') && !t.contains("://") {
        Ok(ServerSpec::Option242(t.to_owned()))
    } else {
        Ok(ServerSpec::BaseUrl(t.to_owned()))
    }
}

pub fn server_text(spec: &ServerSpec) -> &str {
    match spec {
        ServerSpec::BaseUrl(s) | ServerSpec::Option242(s) => s,
    }
}

pub fn servers_of(spec: &ServerSpec) -> Servers {
    match spec {
        ServerSpec::BaseUrl(u) => Servers::base_url(u),
        ServerSpec::Option242(s) => Option242::parse(s).servers(),
    }
}

/// The parameter filter as typed, or `None` for "everything".
pub fn param_of(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_ascii_uppercase())
}

fn phone(model: Model, group: u16) -> PhoneConfig {
    PhoneConfig {
        group,
        ..PhoneConfig::new(model)
    }
}

/// Whether two phones end up differently: other downloads, another APPNAME,
/// or any parameter only in one or with another value.
pub fn cells_differ(a: &Cell, b: &Cell) -> bool {
    a.downloads != b.downloads
        || a.eval.appname != b.eval.appname
        || !compare(&a.eval, &b.eval).is_empty()
}

/// One run of the matrix.
pub struct Matrix {
    pub server: ServerSpec,
    pub files: Rc<FileSet>,
    /// Files no server delivered.
    pub missing: Vec<String>,
    pub groups: Vec<u16>,
    /// Row-major: row `r` is `Model::ALL[r]`, column `c` is `groups[c]`.
    pub cells: Vec<Cell>,
    /// Whether each cell differs from the first cell of its row.
    pub differs: Vec<bool>,
    /// Every parameter any cell sets, sorted.
    pub params: Vec<String>,
    pub fetch_ms: f64,
    pub compute_ms: f64,
}

/// Matrices are compared by identity: each run makes a new one.
impl PartialEq for Matrix {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Matrix {
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        &self.cells[row * self.groups.len() + col]
    }

    pub fn value(&self, row: usize, col: usize, param: &str) -> Option<&Source> {
        self.cell(row, col).eval.settings.get(param)
    }

    /// Whether a cell differs from the first of its row: as a whole, or in
    /// the one parameter the view is filtered on.
    pub fn differs_at(&self, row: usize, col: usize, param: Option<&str>) -> bool {
        match param {
            None => self.differs[row * self.groups.len() + col],
            Some(p) => {
                self.value(row, col, p).map(|s| &s.value) != self.value(row, 0, p).map(|s| &s.value)
            }
        }
    }

    /// The columns to show: all, or the first and those where any row differs.
    pub fn visible_columns(&self, param: Option<&str>, only_differing: bool) -> Vec<usize> {
        (0..self.groups.len())
            .filter(|&c| {
                !only_differing || c == 0 || (0..ROWS).any(|r| self.differs_at(r, c, param))
            })
            .collect()
    }

    pub fn to_csv(&self) -> String {
        phoneboot_engine::fleet::to_csv(&self.cells)
    }
}

/// Evaluates every model in every group, yielding to the browser every few
/// milliseconds. `None` when `cancelled` says a newer run took over.
pub async fn compute(
    files: &FileSet,
    groups: &[u16],
    progress: &dyn Fn(usize, usize),
    cancelled: &dyn Fn() -> bool,
) -> Option<(Vec<Cell>, Vec<bool>, Vec<String>)> {
    let total = ROWS * groups.len();
    let flash = Flash::factory();
    let mut cells: Vec<Cell> = Vec::with_capacity(total);
    let mut differs = Vec::with_capacity(total);
    let mut chunk = now_ms();
    for model in Model::ALL {
        let first = cells.len();
        for &g in groups {
            let cell = steady_state(files, &phone(model, g), &flash);
            differs.push(cells.get(first).is_some_and(|f| cells_differ(f, &cell)));
            cells.push(cell);
            if cells.len().is_multiple_of(16) && now_ms() - chunk > CHUNK_MS {
                progress(cells.len(), total);
                TimeoutFuture::new(0).await;
                if cancelled() {
                    return None;
                }
                chunk = now_ms();
            }
        }
    }
    let params: BTreeSet<&String> = cells.iter().flat_map(|c| c.eval.settings.keys()).collect();
    let params = params.into_iter().cloned().collect();
    Some((cells, differs, params))
}

/// Fetches and parses the server's files once, then computes the matrix for
/// GROUP 0, every group the files test, and `extra`.
pub async fn build_matrix(
    spec: ServerSpec,
    extra: &[u16],
    progress: &dyn Fn(usize, usize),
    cancelled: &dyn Fn() -> bool,
) -> Option<Result<Matrix, String>> {
    let t0 = now_ms();
    let (files, missing) = fetch_all(&HttpSource::new(), &spec, TIMEOUT_MS).await;
    if cancelled() {
        return None;
    }
    if files.get(phoneboot_engine::boot::UPGRADE_SCRIPT).is_none() {
        return Some(Err(format!(
            "No server delivered {} from {}: see the Boot view's request log for why (boot any phone against this server).",
            phoneboot_engine::boot::UPGRADE_SCRIPT,
            server_text(&spec)
        )));
    }
    let t1 = now_ms();
    let mut groups: BTreeSet<u16> = BTreeSet::from([0]);
    groups.extend(files.tested_groups());
    groups.extend(extra.iter().copied());
    let groups: Vec<u16> = groups.into_iter().collect();
    progress(0, ROWS * groups.len());
    // Let the progress bar paint before the first chunk.
    TimeoutFuture::new(0).await;
    let (cells, differs, params) = compute(&files, &groups, progress, cancelled).await?;
    Some(Ok(Matrix {
        server: spec,
        files: Rc::new(files),
        missing,
        groups,
        cells,
        differs,
        params,
        fetch_ms: t1 - t0,
        compute_ms: now_ms() - t1,
    }))
}

// ---------------------------------------------------------------- readiness

/// The Fleet view's **Check server**: every file any phone would request,
/// each URL fetched once (engine `readiness`), the cells computed in chunks
/// like the matrix. `None` when `cancelled` says a newer check took over.
pub async fn check_server(
    spec: ServerSpec,
    extra: Vec<u16>,
    cancelled: &dyn Fn() -> bool,
) -> Option<phoneboot_engine::readiness::Readiness> {
    use phoneboot_engine::readiness::{check, fetch_scripts, groups_to_check, needs, Recorder};
    let source = HttpSource::new();
    let rec = Recorder::new(&source);
    let (files, _) = fetch_scripts(&rec, &spec, TIMEOUT_MS).await;
    let groups = groups_to_check(&files, &extra);
    let (cells, _, _) = compute(&files, &groups, &|_, _| {}, cancelled).await?;
    let r = check(&rec, needs(&cells), groups, server_text(&spec), TIMEOUT_MS).await;
    (!cancelled()).then_some(r)
}

// ---------------------------------------------------------------- compare

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    Left,
    Right,
}

/// One side of a comparison, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Side {
    pub server: String,
    pub model: Model,
    pub group: String,
}

impl Side {
    pub fn parsed(&self) -> Result<(ServerSpec, Model, u16), String> {
        let group = crate::state::parse_group(&self.group).map_err(|e| e.to_string())?;
        Ok((server_spec(&self.server)?, self.model, group))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub left: (ServerSpec, Cell),
    pub right: (ServerSpec, Cell),
    pub diffs: Vec<Difference>,
}

impl Comparison {
    fn of(left: (ServerSpec, Cell), right: (ServerSpec, Cell)) -> Comparison {
        let diffs = compare(&left.1.eval, &right.1.eval);
        Comparison { left, right, diffs }
    }
}

/// Compares two phones, each on its server: the matrix's parsed files when
/// the server is the matrix's, else fetched (once for both sides).
pub async fn compare_sides(
    left: (ServerSpec, Model, u16),
    right: (ServerSpec, Model, u16),
    matrix: Option<Rc<Matrix>>,
) -> Result<Comparison, String> {
    let mut fetched: Vec<(ServerSpec, Rc<FileSet>)> = Vec::new();
    if let Some(m) = &matrix {
        fetched.push((m.server.clone(), m.files.clone()));
    }
    let mut out = Vec::new();
    for (spec, model, group) in [left, right] {
        let files = match fetched.iter().find(|(s, _)| *s == spec) {
            Some((_, f)) => f.clone(),
            None => {
                let (files, _) = fetch_all(&HttpSource::new(), &spec, TIMEOUT_MS).await;
                let files = Rc::new(files);
                fetched.push((spec.clone(), files.clone()));
                files
            }
        };
        if files.get(phoneboot_engine::boot::UPGRADE_SCRIPT).is_none() {
            return Err(format!(
                "No server delivered {} from {}.",
                phoneboot_engine::boot::UPGRADE_SCRIPT,
                server_text(&spec)
            ));
        }
        out.push((
            spec,
            steady_state(&files, &phone(model, group), &Flash::factory()),
        ));
    }
    let right = out.pop().expect("two sides");
    let left = out.pop().expect("two sides");
    Ok(Comparison::of(left, right))
}

// ---------------------------------------------------------------- state

#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Idle,
    Fetching,
    Computing { done: usize, total: usize },
    Done,
    Failed(String),
}

/// A phone the user wants to see in the Boot view.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenPhone {
    pub model: Model,
    pub group: u16,
    pub server: ServerSpec,
    /// Start the boot too.
    pub boot: bool,
}

#[derive(Clone, PartialEq)]
pub struct FleetState {
    pub server: String,
    /// Extra groups and ranges, as typed (`0-999`).
    pub groups: String,
    /// The parameter filter, as typed.
    pub param: String,
    pub only_differing: bool,
    pub page: usize,
    /// Start the boot when a cell is opened.
    pub autoboot: bool,
    pub run: u32,
    pub status: Status,
    pub matrix: Option<Rc<Matrix>>,
    pub left: Side,
    pub right: Side,
    /// Which side the next picked cell fills.
    pub next_pick: Which,
    pub compare_run: u32,
    pub comparing: bool,
    pub compare_error: Option<String>,
    pub comparison: Option<Rc<Comparison>>,
    /// A request for the app to open a phone in the Boot view, numbered so
    /// the same cell can be opened twice.
    pub open: Option<(u32, OpenPhone)>,
}

impl FleetState {
    pub fn new(server: &str) -> FleetState {
        let side = |model| Side {
            server: server.to_owned(),
            model,
            group: "0".to_owned(),
        };
        FleetState {
            server: server.to_owned(),
            groups: String::new(),
            param: String::new(),
            only_differing: false,
            page: 0,
            autoboot: false,
            run: 0,
            status: Status::Idle,
            matrix: None,
            left: side(Model::M1608),
            right: side(Model::M1608),
            next_pick: Which::Left,
            compare_run: 0,
            comparing: false,
            compare_error: None,
            comparison: None,
            open: None,
        }
    }

    pub fn running(&self) -> bool {
        matches!(self.status, Status::Fetching | Status::Computing { .. })
    }

    pub fn groups_error(&self) -> Option<String> {
        parse_groups(&self.groups).err().map(|e| e.to_string())
    }

    pub fn side(&self, w: Which) -> &Side {
        match w {
            Which::Left => &self.left,
            Which::Right => &self.right,
        }
    }

    fn side_mut(&mut self, w: Which) -> &mut Side {
        match w {
            Which::Left => &mut self.left,
            Which::Right => &mut self.right,
        }
    }
}

pub enum FleetAction {
    SetServer(String),
    SetGroups(String),
    SetParam(String),
    SetOnlyDiffering(bool),
    SetAutoboot(bool),
    SetPage(usize),
    /// A matrix run starts (fetching).
    Started {
        run: u32,
    },
    Progress {
        run: u32,
        done: usize,
        total: usize,
    },
    Finished {
        run: u32,
        result: Result<Rc<Matrix>, String>,
    },
    /// Open the phone of a cell in the Boot view.
    Open {
        row: usize,
        col: usize,
    },
    /// Put a cell on the next side of the comparison.
    Pick {
        row: usize,
        col: usize,
    },
    SetSideServer(Which, String),
    SetSideModel(Which, Model),
    SetSideGroup(Which, String),
    /// The right side becomes the left's phone, to compare two servers.
    SamePhoneOnRight,
    CompareStarted {
        run: u32,
    },
    Compared {
        run: u32,
        result: Result<Rc<Comparison>, String>,
    },
}

impl Reducible for FleetState {
    type Action = FleetAction;

    fn reduce(self: Rc<Self>, action: FleetAction) -> Rc<Self> {
        let mut rc = self;
        let s = Rc::make_mut(&mut rc);
        match action {
            FleetAction::SetServer(v) => s.server = v,
            FleetAction::SetGroups(v) => s.groups = v,
            FleetAction::SetParam(v) => {
                s.param = v;
                s.page = 0;
            }
            FleetAction::SetOnlyDiffering(v) => {
                s.only_differing = v;
                s.page = 0;
            }
            FleetAction::SetAutoboot(v) => s.autoboot = v,
            FleetAction::SetPage(p) => s.page = p,
            FleetAction::Started { run } => {
                s.run = run;
                s.status = Status::Fetching;
            }
            FleetAction::Progress { run, done, total } if run == s.run => {
                s.status = Status::Computing { done, total };
            }
            FleetAction::Finished { run, result } if run == s.run => match result {
                Ok(m) => {
                    s.matrix = Some(m);
                    s.status = Status::Done;
                    s.page = 0;
                }
                Err(e) => s.status = Status::Failed(e),
            },
            FleetAction::Progress { .. } | FleetAction::Finished { .. } => {}
            FleetAction::Open { row, col } => {
                if let Some(m) = &s.matrix {
                    let n = s.open.as_ref().map_or(1, |(n, _)| n + 1);
                    s.open = Some((
                        n,
                        OpenPhone {
                            model: Model::ALL[row],
                            group: m.groups[col],
                            server: m.server.clone(),
                            boot: s.autoboot,
                        },
                    ));
                }
            }
            FleetAction::Pick { row, col } => {
                let Some(m) = s.matrix.clone() else {
                    return rc;
                };
                let which = s.next_pick;
                *s.side_mut(which) = Side {
                    server: server_text(&m.server).to_owned(),
                    model: Model::ALL[row],
                    group: m.groups[col].to_string(),
                };
                s.next_pick = match which {
                    Which::Left => Which::Right,
                    Which::Right => Which::Left,
                };
                // Both sides from this matrix: compare at once, nothing to fetch.
                if which == Which::Right {
                    let cell_of = |side: &Side| {
                        let r = Model::ALL.iter().position(|x| *x == side.model)?;
                        let g = side.group.parse::<u16>().ok()?;
                        let c = m.groups.iter().position(|x| *x == g)?;
                        Some((m.server.clone(), m.cell(r, c).clone()))
                    };
                    if let (Some(l), Some(r), true) = (
                        cell_of(&s.left),
                        cell_of(&s.right),
                        server_spec(&s.left.server).ok() == Some(m.server.clone()),
                    ) {
                        s.compare_run += 1;
                        s.comparing = false;
                        s.compare_error = None;
                        s.comparison = Some(Rc::new(Comparison::of(l, r)));
                    }
                }
            }
            FleetAction::SetSideServer(w, v) => s.side_mut(w).server = v,
            FleetAction::SetSideModel(w, m) => s.side_mut(w).model = m,
            FleetAction::SetSideGroup(w, v) => s.side_mut(w).group = v,
            FleetAction::SamePhoneOnRight => {
                s.right.model = s.left.model;
                s.right.group = s.left.group.clone();
            }
            FleetAction::CompareStarted { run } => {
                s.compare_run = run;
                s.comparing = true;
                s.compare_error = None;
            }
            FleetAction::Compared { run, result } if run == s.compare_run => {
                s.comparing = false;
                match result {
                    Ok(c) => s.comparison = Some(c),
                    Err(e) => s.compare_error = Some(e),
                }
            }
            FleetAction::Compared { .. } => {}
        }
        rc
    }
}

/// Starts matrix run `run`; `latest` holds the newest run, so an older one
/// stops at its next yield.
pub fn spawn_matrix(
    run: u32,
    spec: ServerSpec,
    extra: Vec<u16>,
    latest: Rc<Flag<u32>>,
    dispatch: Callback<FleetAction>,
) {
    latest.set(run);
    dispatch.emit(FleetAction::Started { run });
    spawn_local(async move {
        let progress = {
            let d = dispatch.clone();
            move |done, total| d.emit(FleetAction::Progress { run, done, total })
        };
        let cancelled = move || latest.get() != run;
        if let Some(result) = build_matrix(spec, &extra, &progress, &cancelled).await {
            dispatch.emit(FleetAction::Finished {
                run,
                result: result.map(Rc::new),
            });
        }
    });
}

pub fn spawn_compare(
    run: u32,
    left: (ServerSpec, Model, u16),
    right: (ServerSpec, Model, u16),
    matrix: Option<Rc<Matrix>>,
    dispatch: Callback<FleetAction>,
) {
    dispatch.emit(FleetAction::CompareStarted { run });
    spawn_local(async move {
        let result = compare_sides(left, right, matrix).await.map(Rc::new);
        dispatch.emit(FleetAction::Compared { run, result });
    });
}
