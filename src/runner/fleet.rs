//! The Fleet view's work: every model against a set of groups, from files
//! fetched and parsed once per run (engine `fleet::fetch_all`), each cell only
//! executing the parsed programs (`fleet::steady_state`). The cells are
//! computed in chunks of a few milliseconds with a yield to the event loop in
//! between, so the page repaints and stays responsive on large matrices.
//! Results come back as `FleetAction`s (`crate::state::fleet`).

use std::cell::Cell as Flag;
use std::collections::BTreeSet;
use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use phoneboot_engine::fleet::{fetch_all, steady_state, Cell, FileSet};
use phoneboot_engine::{Flash, Model, PhoneConfig, ServerSpec};
use wasm_bindgen_futures::spawn_local;
use yew::Callback;

use crate::browser::now_ms;
use crate::error::WebError;
use crate::http::HttpSource;
use crate::state::fleet::{server_text, Comparison, FleetAction, Matrix, ROWS};

/// Work between two yields to the event loop.
const CHUNK_MS: f64 = 8.0;
/// Least time between two progress reports. Each report re-renders the view
/// and makes the next frame lay out and paint the page (5 to 8 ms a frame on
/// a loaded 2-core machine, the old matrix still shown): reported at every
/// yield, that was a third of the compute's time. A frame with nothing new
/// to paint costs next to nothing, so the yields stay every few milliseconds
/// (input and animation frames are not held up) and the bar moves 10 times
/// a second.
const PROGRESS_MS: f64 = 100.0;
/// Per-request timeout of the fleet's fetches.
pub const TIMEOUT_MS: u32 = 10_000;

fn phone(model: Model, group: u16) -> PhoneConfig {
    PhoneConfig {
        group,
        ..PhoneConfig::new(model)
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
    let now = crate::browser::perf_now;
    let mut chunk = now();
    let mut reported = chunk;
    for model in Model::ALL {
        let first = cells.len();
        for &g in groups {
            let cell = steady_state(files, &phone(model, g), &flash);
            differs.push(cells.get(first).is_some_and(|f| f.differs_from(&cell)));
            cells.push(cell);
            if cells.len().is_multiple_of(16) && now() - chunk > CHUNK_MS {
                if chunk - reported >= PROGRESS_MS {
                    progress(cells.len(), total);
                    reported = chunk;
                }
                crate::browser::yield_to_browser().await;
                if cancelled() {
                    return None;
                }
                chunk = now();
            }
        }
    }
    // A cell that does not differ from the first of its row sets the same
    // parameters: only the first cells and those that differ can add a name.
    let params: BTreeSet<&String> = cells
        .iter()
        .zip(&differs)
        .enumerate()
        .filter(|&(i, (_, &d))| d || i % groups.len() == 0)
        .flat_map(|(_, (c, _))| c.eval.settings.keys())
        .collect();
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
) -> Option<Result<Matrix, WebError>> {
    let t0 = now_ms();
    let (files, missing) = fetch_all(&HttpSource::revalidating(), &spec, TIMEOUT_MS).await;
    if cancelled() {
        return None;
    }
    if files.get(phoneboot_engine::boot::UPGRADE_SCRIPT).is_none() {
        return Some(Err(WebError::NoMatrixScript {
            server: server_text(&spec).to_owned(),
        }));
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

/// Compares two phones, each on its server: the matrix's parsed files when
/// the server is the matrix's, else fetched (once for both sides).
pub async fn compare_sides(
    left: (ServerSpec, Model, u16),
    right: (ServerSpec, Model, u16),
    matrix: Option<Rc<Matrix>>,
) -> Result<Comparison, WebError> {
    let mut fetched: Vec<(ServerSpec, Rc<FileSet>)> = Vec::new();
    if let Some(m) = &matrix {
        fetched.push((m.server.clone(), m.files.clone()));
    }
    let mut out = Vec::new();
    for (spec, model, group) in [left, right] {
        let files = match fetched.iter().find(|(s, _)| *s == spec) {
            Some((_, f)) => f.clone(),
            None => {
                let (files, _) = fetch_all(&HttpSource::revalidating(), &spec, TIMEOUT_MS).await;
                let files = Rc::new(files);
                fetched.push((spec.clone(), files.clone()));
                files
            }
        };
        if files.get(phoneboot_engine::boot::UPGRADE_SCRIPT).is_none() {
            return Err(WebError::NoCompareScript {
                server: server_text(&spec).to_owned(),
            });
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

// ---------------------------------------------------------------- spawning

/// Starts matrix run `run`; `latest` holds the newest run, so an older one
/// stops at its next yield. `previous` is the matrix shown until then: it is
/// let go of only after the new one is on the page, so that freeing its
/// thousands of cells (a few milliseconds) does not delay the result. (When
/// the new matrix shows the same page, the table keeps the matrix it was
/// built from instead: see `MatrixProps` in pages/fleet.rs.)
pub fn spawn_matrix(
    run: u32,
    spec: ServerSpec,
    extra: Vec<u16>,
    latest: Rc<Flag<u32>>,
    previous: Option<Rc<Matrix>>,
    dispatch: Callback<FleetAction>,
) {
    latest.set(run);
    // The run is queued before the render of "Fetching" (both are
    // microtasks, run in order): its first request is sent first, and the
    // page renders while that request is on the network.
    let started = dispatch.clone();
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
            // The render of the new matrix runs before this resumes.
            crate::browser::yield_to_browser().await;
        }
        drop(previous);
    });
    started.emit(FleetAction::Started { run });
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
