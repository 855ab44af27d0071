//! The Fleet view's state and its reducer: the server and groups as typed,
//! the [`Matrix`] of the last run, and the comparison of two phones. Pure:
//! fetching and the chunked compute are `crate::runner::fleet`'s, which
//! report back with [`FleetAction`]s.

use std::rc::Rc;

use phoneboot_engine::fleet::{compare, parse_groups, Cell, Difference, FileSet, Source};
use phoneboot_engine::{Model, ServerSpec};
use yew::Reducible;

use crate::error::WebError;

/// Groups shown at a time: the matrix is windowed, never 8000 cells in the DOM.
pub const PAGE_SIZE: usize = 20;
/// Rows of the matrix: one per model.
pub const ROWS: usize = Model::ALL.len();

/// The server as typed: an option-242 string when it has `NAME=value` pairs
/// and no scheme, else a base URL (absolute, or relative to the page).
pub fn server_spec(text: &str) -> Result<ServerSpec, WebError> {
    let t = text.trim();
    if t.is_empty() {
        Err(WebError::NoFleetServer)
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

/// The parameter filter as typed, or `None` for "everything".
pub fn param_of(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_ascii_uppercase())
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

    /// The phone of a cell, to open in the Boot view (and boot, if `boot`).
    pub fn open_phone(&self, row: usize, col: usize, boot: bool) -> OpenPhone {
        OpenPhone {
            model: Model::ALL[row],
            group: self.groups[col],
            server: self.server.clone(),
            boot,
        }
    }

    /// Whether `other` shows exactly what this matrix shows in `columns`,
    /// filtered on `param`: the same server, the same groups there (and the
    /// first group, which the differences are against), and equal cells with
    /// the same highlight, their rows' first cells included. A run that comes
    /// back with the same page then leaves the table as it is, instead of
    /// building its cells again to find nothing to change.
    pub fn shows_same(&self, other: &Matrix, columns: &[usize], param: Option<&str>) -> bool {
        let (n, m) = (self.groups.len(), other.groups.len());
        let group = |x: &Matrix, c: usize| x.groups.get(c).copied();
        self.server == other.server
            && n > 0
            && m > 0
            && group(self, 0) == group(other, 0)
            && columns
                .iter()
                .all(|&c| c < n && c < m && group(self, c) == group(other, c))
            && (0..ROWS).all(|r| {
                self.cell(r, 0) == other.cell(r, 0)
                    && columns.iter().all(|&c| {
                        self.cell(r, c) == other.cell(r, c)
                            && self.differs_at(r, c, param) == other.differs_at(r, c, param)
                    })
            })
    }

    pub fn to_csv(&self) -> String {
        phoneboot_engine::fleet::to_csv(&self.cells)
    }
}

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

/// One edit of a side of the comparison, as the compare panel reports it.
#[derive(Clone, Debug, PartialEq)]
pub enum SideEdit {
    Server(String),
    Model(Model),
    Group(String),
}

impl Side {
    pub fn apply(&mut self, edit: SideEdit) {
        match edit {
            SideEdit::Server(v) => self.server = v,
            SideEdit::Model(m) => self.model = m,
            SideEdit::Group(v) => self.group = v,
        }
    }

    pub fn parsed(&self) -> Result<(ServerSpec, Model, u16), WebError> {
        let group = crate::state::parse_group(&self.group)?;
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
    pub fn of(left: (ServerSpec, Cell), right: (ServerSpec, Cell)) -> Comparison {
        let diffs = compare(&left.1.eval, &right.1.eval);
        Comparison { left, right, diffs }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Idle,
    Fetching,
    Computing { done: usize, total: usize },
    Done,
    Failed(WebError),
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
    pub compare_error: Option<WebError>,
    pub comparison: Option<Rc<Comparison>>,
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
        result: Result<Rc<Matrix>, WebError>,
    },
    /// Put a cell on the next side of the comparison.
    Pick {
        row: usize,
        col: usize,
    },
    /// The user edited one side of the comparison.
    EditSide(Which, SideEdit),
    /// The right side becomes the left's phone, to compare two servers.
    SamePhoneOnRight,
    CompareStarted {
        run: u32,
    },
    Compared {
        run: u32,
        result: Result<Rc<Comparison>, WebError>,
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
            FleetAction::EditSide(w, edit) => s.side_mut(w).apply(edit),
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
