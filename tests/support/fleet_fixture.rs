//! The fleet fixture both the native tests (tests/pure/fleet.rs) and the
//! Chromium test of the chunked compute (tests/fleet.rs) use: two small files,
//! and the matrix laid out as `runner::fleet::compute` must lay it out, built
//! here without the chunking, so the browser test can check the glue against it.
// Each test crate that includes it uses only part of it.
#![allow(dead_code)]

use std::rc::Rc;

use phoneboot_engine::boot::UPGRADE_SCRIPT;
use phoneboot_engine::fleet::{steady_state, Cell, FileSet};
use phoneboot_engine::{Flash, Model, PhoneConfig, Program, ServerSpec};
use phoneboot_web::state::fleet::Matrix;

/// An upgrade script that sends 1616s to b.bin and the rest to a.bin, and
/// settings that give group 2 a VLAN.
pub fn files() -> FileSet {
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

/// The parameters the fixture's files set, sorted.
pub const PARAMS: [&str; 3] = ["APPNAME", "DOMAIN", "L2QVLAN"];

/// The cells row-major (models in `Model::ALL` order, then `groups`), and for
/// each whether it differs from the first cell of its row.
pub fn expected_layout(files: &FileSet, groups: &[u16]) -> (Vec<Cell>, Vec<bool>) {
    let mut cells: Vec<Cell> = Vec::new();
    let mut differs = Vec::new();
    for model in Model::ALL {
        let first = cells.len();
        for &group in groups {
            let phone = PhoneConfig {
                group,
                ..PhoneConfig::new(model)
            };
            let cell = steady_state(files, &phone, &Flash::factory());
            differs.push(cells.get(first).is_some_and(|f| f.differs_from(&cell)));
            cells.push(cell);
        }
    }
    (cells, differs)
}

/// A matrix of the fixture's files over `groups`.
pub fn matrix(groups: &[u16]) -> Matrix {
    let files = files();
    let (cells, differs) = expected_layout(&files, groups);
    Matrix {
        server: ServerSpec::BaseUrl("demo/".into()),
        files: Rc::new(files),
        missing: Vec::new(),
        groups: groups.to_vec(),
        cells,
        differs,
        params: PARAMS.map(String::from).to_vec(),
        fetch_ms: 0.0,
        compute_ms: 0.0,
    }
}
