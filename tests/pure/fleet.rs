//! The Fleet view's pure logic, natively: the matrix's lookups, filter and
//! export, opening a cell, and the reducer's pick-two-cells comparison. The
//! chunked compute runs in Chromium (tests/fleet.rs); the view end to end in
//! e2e/fleet.test.mjs.

use std::rc::Rc;

use crate::fleet_fixture::matrix;
use phoneboot_engine::{Model, ServerSpec};
use phoneboot_web::error::WebError;
use phoneboot_web::state::fleet::{FleetAction, FleetState, Matrix, Side, SideEdit, Status, Which};
use yew::Reducible;

fn row(model: Model) -> usize {
    Model::ALL.iter().position(|x| *x == model).unwrap()
}

#[test]
fn the_matrix_is_row_major_and_filters_columns_that_differ() {
    let m = matrix(&[0, 2, 5]);
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
    assert!(m.differs_at(r1616, 1, Some("L2QVLAN")));
    assert!(!m.differs_at(r1616, 1, Some("DOMAIN")));
    assert_eq!(m.visible_columns(None, false), [0, 1, 2]);
    assert_eq!(m.visible_columns(None, true), [0, 1]);
    assert_eq!(m.visible_columns(Some("DOMAIN"), true), [0]);
    assert!(m
        .to_csv()
        .starts_with("model,group,downloads,appname,APPNAME,DOMAIN,L2QVLAN\n"));
}

#[test]
fn a_run_with_the_same_page_shows_the_same_table() {
    let (a, b) = (matrix(&[0, 2, 5]), matrix(&[0, 2, 5]));
    assert!(a.shows_same(&b, &[0, 1, 2], None));
    assert!(a.shows_same(&b, &[1], Some("L2QVLAN")));
    // Another group in a shown column, or another server: not the same table.
    let c = matrix(&[0, 2, 6]);
    assert!(!a.shows_same(&c, &[0, 1, 2], None));
    assert!(a.shows_same(&c, &[0, 1], None));
    assert!(!a.shows_same(&c, &[3], None));
    let d = Matrix {
        server: ServerSpec::BaseUrl("other/".into()),
        ..matrix(&[0, 2, 5])
    };
    assert!(!a.shows_same(&d, &[0], None));
    // Another group where group 2 was (3, alike group 0).
    let e = matrix(&[0, 3, 5]);
    assert!(!a.shows_same(&e, &[1], None));
}

#[test]
fn opening_a_cell_is_that_phone_on_the_matrix_server() {
    let m = matrix(&[0, 2]);
    let open = m.open_phone(row(Model::M1608), 1, true);
    assert_eq!((open.model, open.group, open.boot), (Model::M1608, 2, true));
    assert_eq!(open.server, m.server);
    assert!(!m.open_phone(row(Model::M1608), 0, false).boot);
}

#[test]
fn picking_two_cells_compares_them_without_fetching() {
    let m = Rc::new(matrix(&[0, 2]));
    let mut s = Rc::new(FleetState::new("demo/"));
    s = s.reduce(FleetAction::Started { run: 1 });
    assert!(s.running());
    s = s.reduce(FleetAction::Finished {
        run: 1,
        result: Ok(m.clone()),
    });
    assert_eq!(s.status, Status::Done);
    let r1608 = row(Model::M1608);
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
}

#[test]
fn a_failed_run_keeps_the_engine_wording_and_an_older_one_is_ignored() {
    let mut s = Rc::new(FleetState::new("demo/"));
    s = s.reduce(FleetAction::Started { run: 2 });
    let late = FleetAction::Finished {
        run: 1,
        result: Err(WebError::NoFleetServer),
    };
    s = s.reduce(late);
    assert!(s.running());
    let e = WebError::NoMatrixScript {
        server: "http://127.0.0.1:9/".into(),
    };
    s = s.reduce(FleetAction::Finished {
        run: 2,
        result: Err(e.clone()),
    });
    assert_eq!(s.status, Status::Failed(e.clone()));
    assert_eq!(
        e.to_string(),
        "No server delivered 16xxupgrade.txt from http://127.0.0.1:9/: see the Boot view's request log for why (boot any phone against this server)."
    );
}

#[test]
fn a_side_is_edited_and_parsed_with_the_engine_group_rule() {
    let mut s = Rc::new(FleetState::new("demo/"));
    s = s.reduce(FleetAction::EditSide(
        Which::Right,
        SideEdit::Model(Model::M1616),
    ));
    s = s.reduce(FleetAction::EditSide(
        Which::Right,
        SideEdit::Group("7".into()),
    ));
    s = s.reduce(FleetAction::EditSide(
        Which::Right,
        SideEdit::Server("HTTPSRVR=10.0.0.9".into()),
    ));
    assert_eq!(
        s.right.parsed(),
        Ok((
            ServerSpec::Option242("HTTPSRVR=10.0.0.9".into()),
            Model::M1616,
            7
        ))
    );
    s = s.reduce(FleetAction::SamePhoneOnRight);
    assert_eq!((s.right.model, s.right.group.as_str()), (Model::M1608, "0"));
    let bad = Side {
        group: "1000".into(),
        ..s.left.clone()
    };
    assert!(matches!(bad.parsed(), Err(WebError::Group(_))));
    let empty = Side {
        server: " ".into(),
        ..s.left.clone()
    };
    assert_eq!(empty.parsed(), Err(WebError::NoFleetServer));
}
