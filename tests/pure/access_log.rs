//! The Diagnose tab's access-log reducer, natively: runs are numbered, so a
//! late answer of an older run changes nothing, and each failure keeps the
//! text the page shows.

use std::rc::Rc;

use phoneboot_web::error::WebError;
use phoneboot_web::state::access_log::{LogAction, LogState, Stage};
use yew::Reducible;

#[test]
fn a_late_answer_of_an_older_run_changes_nothing() {
    let mut s = Rc::new(LogState::default());
    assert_eq!(s.stage, Stage::Idle);
    s = s.reduce(LogAction::Start(1));
    s = s.reduce(LogAction::Read(1, 512));
    assert_eq!(s.stage, Stage::Reading { bytes: 512 });
    s = s.reduce(LogAction::Start(2));
    assert_eq!(s.stage, Stage::Reading { bytes: 0 });
    s = s.reduce(LogAction::Read(1, 4096));
    s = s.reduce(LogAction::Failed(1, WebError::NoLog));
    assert_eq!(s.stage, Stage::Reading { bytes: 0 });
    s = s.reduce(LogAction::Booting(2));
    assert_eq!(s.stage, Stage::Booting);
}

#[test]
fn a_failure_says_what_to_do_in_the_page_words() {
    let mut s = Rc::new(LogState::default());
    s = s.reduce(LogAction::Start(1));
    s = s.reduce(LogAction::Failed(1, WebError::NoLog));
    let Stage::Failed(e) = &s.stage else {
        panic!("{:?}", s.stage)
    };
    assert_eq!(
        e.to_string(),
        "Paste the server's access log, or drop its file here, then press Compare."
    );
    let incomplete = WebError::BootViewIncomplete(Box::new(WebError::NoBaseUrl));
    assert_eq!(
        incomplete.to_string(),
        "The Boot view's phone and server are not complete: enter the URL of the folder that holds 16xxupgrade.txt."
    );
}

#[test]
fn a_large_paste_and_a_picked_file_replace_each_other() {
    let mut s = Rc::new(LogState::default());
    s = s.reduce(LogAction::Pasted(Some(Rc::new(
        "GET /16xxupgrade.txt".into(),
    ))));
    assert!(s.pasted.is_some());
    s = s.reduce(LogAction::File(None));
    assert!(s.pasted.is_none() && s.file.is_none());
    s = s.reduce(LogAction::Client(3));
    assert_eq!(s.client, 3);
    s = s.reduce(LogAction::Start(1));
    assert_eq!(s.client, 0);
}
