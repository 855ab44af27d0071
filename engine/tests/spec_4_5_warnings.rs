//! Spec sections 4 and 5, the new warnings: a `$VAR` in a GET name is a
//! literal name, a SET APPNAME after the APPNAME check, a file that moves the
//! servers.

mod common;
use common::*;
use phoneboot_engine::*;

const UP: &str = "16xxupgrade.txt";
const ST: &str = "46xxsettings.txt";

#[test]
fn spec_4_get_names_are_literal_and_a_variable_in_one_warns() {
    let r = run_scripts(&[
        (UP, "GET $MACADDR.txt\nSET L2QVLAN 4\n"),
        ("$MACADDR.txt", "SET L2QVLAN 8\n"),
    ]);
    assert_eq!(r.requests.last().unwrap(), "mem://srv/$MACADDR.txt");
    assert_eq!(r.setting("L2QVLAN").as_deref(), Some("8"));
    let w = r.warnings(Code::VariableInGet);
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].file.as_str(), w[0].line), (UP, Some(1)));
    assert!(w[0].message.contains("literally"));
}

#[test]
fn spec_4_set_appname_after_the_check_warns_naming_the_checks_line() {
    let r = run_scripts(&[
        (UP, "SET L2QVLAN 1\nGET 46xxsettings.txt\n"),
        (ST, "SET APPNAME late.bin\n"),
    ]);
    let w = r.warnings(Code::AppnameAfterCheck);
    assert_eq!(w.len(), 1, "{:?}", r.report.warnings);
    assert_eq!((w[0].file.as_str(), w[0].line), (ST, Some(1)));
    assert!(
        w[0].message.contains("16xxupgrade.txt:2"),
        "{}",
        w[0].message
    );
    // The decision stands: nothing is downloaded.
    assert_eq!(r.report.appname, None);
    assert!(r.requests.iter().all(|u| !u.ends_with("late.bin")));

    // After a failed first GET the rest of the upgrade script runs after the check too.
    let r = run_scripts(&[(UP, "GET missing.txt\nSET APPNAME late.bin\n")]);
    let w = r.warnings(Code::AppnameAfterCheck);
    assert_eq!((w[0].file.as_str(), w[0].line), (UP, Some(2)));
    assert!(w[0].message.contains("16xxupgrade.txt:1"));

    // A SET APPNAME before the first GET is the normal case: no warning.
    let r = run_scripts(&[
        (UP, "SET APPNAME app.bin\nGET 46xxsettings.txt\n"),
        (ST, "SET L2QVLAN 2\n"),
    ]);
    assert!(r.warnings(Code::AppnameAfterCheck).is_empty());
}

#[test]
fn spec_5_a_file_that_moves_the_servers_says_where_later_requests_go() {
    let r = run_scripts(&[
        (UP, "GET 46xxsettings.txt\n"),
        (ST, "SET HTTPPORT 8080\nSET HTTPSRVR 10.1.1.1\n"),
    ]);
    let w = r.warnings(Code::ServersMoved);
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(w[0].message.contains("mem://srv:8080/"), "{}", w[0].message);
    assert!(
        w[1].message.contains("mem://10.1.1.1:8080/"),
        "{}",
        w[1].message
    );
    assert_eq!(r.report.server_moves.len(), 2);
}
