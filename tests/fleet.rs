//! The fleet view's logic in headless Chromium (wasm-bindgen-test): the
//! matrix computed in chunks, what counts as a difference, the column filter,
//! and the reducer's pick-two-cells comparison. The view itself is tested end
//! to end by e2e/fleet.test.mjs.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use phoneboot_engine::boot::UPGRADE_SCRIPT;
use phoneboot_engine::fleet::FileSet;
use phoneboot_engine::{Model, Program, ServerSpec};
use phoneboot_web::runner::fleet::compute;
use phoneboot_web::state::fleet::{FleetAction, FleetState, Matrix, Status, Which};
use wasm_bindgen_test::*;
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

fn files() -> FileSet {
    let mut set = FileSet::new();
    set.insert(Program::parse(
        UPGRADE_SCRIPT,
        b"IF $MODEL4 SEQ 1616 GOTO B\nSET APPNAME a.bin\nGOTO S\n# B\nSET APPNAME b.bin\n# S\nGET 46xxsettings.txt\n",
    ));
    set.insert(Program::parse(
        "46xxsettings.txt",
        b"SET DOMAIN example.com\nIF $GROUP SEQ 2 GOTO G\nGOTO E\n# G\nSET L2QVLAN 20\n# E\n",
    ));
    set
}

async fn matrix(groups: &[u16]) -> Matrix {
    let files = files();
    let (cells, differs, params) = compute(&files, groups, &|_, _| {}, &|| false)
        .await
        .expect("not cancelled");
    Matrix {
        server: ServerSpec::BaseUrl("demo/".into()),
        files: Rc::new(files),
        missing: Vec::new(),
        groups: groups.to_vec(),
        cells,
        differs,
        params,
        fetch_ms: 0.0,
        compute_ms: 0.0,
    }
}

#[wasm_bindgen_test]
async fn cells_are_row_major_and_differ_from_their_rows_first_cell() {
    let m = matrix(&[0, 2, 5]).await;
    assert_eq!(m.cells.len(), 8 * 3);
    let row = |model: Model| Model::ALL.iter().position(|x| *x == model).unwrap();
    let r1616 = row(Model::M1616I);
    assert_eq!(m.cell(r1616, 1).model, Model::M1616I);
    assert_eq!(m.cell(r1616, 1).group, 2);
    assert_eq!(m.cell(r1616, 0).eval.appname.as_deref(), Some("b.bin"));
    assert_eq!(
        m.cell(row(Model::M1603), 0).eval.appname.as_deref(),
        Some("a.bin")
    );
    assert_eq!(m.value(r1616, 1, "L2QVLAN").unwrap().value, "20");
    // Group 2 differs (a VLAN), group 5 gets what group 0 gets.
    assert!(!m.differs_at(r1616, 0, None));
    assert!(m.differs_at(r1616, 1, None));
    assert!(!m.differs_at(r1616, 2, None));
    assert_eq!(m.visible_columns(None, false), [0, 1, 2]);
    assert_eq!(m.visible_columns(None, true), [0, 1]);
    assert_eq!(m.visible_columns(Some("DOMAIN"), true), [0]);
    assert_eq!(m.params, ["APPNAME", "DOMAIN", "L2QVLAN"]);
    assert!(m
        .to_csv()
        .starts_with("model,group,downloads,appname,APPNAME,DOMAIN,L2QVLAN\n"));
}

#[wasm_bindgen_test]
async fn picking_two_cells_compares_them_without_fetching() {
    let m = Rc::new(matrix(&[0, 2]).await);
    let mut s = Rc::new(FleetState::new("demo/"));
    s = s.reduce(FleetAction::Started { run: 1 });
    s = s.reduce(FleetAction::Finished {
        run: 1,
        result: Ok(m.clone()),
    });
    assert_eq!(s.status, Status::Done);
    let r1608 = Model::ALL.iter().position(|x| *x == Model::M1608).unwrap();
    s = s.reduce(FleetAction::Pick { row: r1608, col: 0 });
    assert_eq!(s.next_pick, Which::Right);
    assert!(s.comparison.is_none());
    s = s.reduce(FleetAction::Pick { row: r1608, col: 1 });
    let c = s.comparison.clone().expect("compared at once");
    assert_eq!(c.diffs.len(), 1);
    assert_eq!(c.diffs[0].name, "L2QVLAN");
    assert!(c.diffs[0].left.is_none());
    assert_eq!(c.diffs[0].right.as_ref().unwrap().line, 5);
    // A late progress report of an older run changes nothing.
    s = s.reduce(FleetAction::Progress {
        run: 0,
        done: 1,
        total: 2,
    });
    assert_eq!(s.status, Status::Done);
    // Opening a cell is that phone on the matrix's server.
    let open = m.open_phone(r1608, 1, true);
    assert_eq!((open.model, open.group, open.boot), (Model::M1608, 2, true));
    assert_eq!(open.server, m.server);
}
