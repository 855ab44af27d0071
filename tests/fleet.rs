//! The fleet's chunked compute in headless Chromium (wasm-bindgen-test): it
//! yields to the browser's event loop, so it runs only there. The matrix's
//! lookups and the reducer run natively (tests/pure/fleet.rs); the view end to
//! end in e2e/fleet.test.mjs.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use phoneboot_engine::boot::UPGRADE_SCRIPT;
use phoneboot_engine::fleet::FileSet;
use phoneboot_engine::{Model, Program, ServerSpec};
use phoneboot_web::runner::fleet::compute;
use phoneboot_web::state::fleet::Matrix;
use wasm_bindgen_test::*;

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
async fn the_chunked_compute_lays_cells_out_row_major_each_compared_with_its_row_first() {
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
