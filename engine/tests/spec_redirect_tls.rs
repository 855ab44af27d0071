//! Spec 2.6 (no redirects) and 2.7 (TLS trust) as a boot reports them, and
//! the one diagnosis both front ends show (`diagnose::boot_failure`).

mod common;

use common::*;
use phoneboot_engine::diagnose::{boot_failure, DiagnosisKind};
use phoneboot_engine::source::{Canned, FetchError};
use phoneboot_engine::*;

#[test]
fn spec_2_6_a_redirected_upgrade_script_is_a_failed_attempt_with_its_target_and_fix() {
    let src = source(&[]).canned(
        "16xxupgrade.txt",
        Canned::Redirect {
            status: 302,
            location: "http://10.0.0.9:8080/new/16xxupgrade.txt".into(),
        },
    );
    let r = run_with(
        &src,
        &config(Model::M1608, 0),
        Flash::factory(),
        Cause::PowerOn,
    );
    assert_eq!(r.report.files[0].status, Some(302));
    assert!(
        r.display().iter().any(|d| d == "HTTP:1 302"),
        "{:?}",
        r.display()
    );
    let w = r.warnings(Code::Redirect);
    assert_eq!(w.len(), 1, "{:#?}", r.report.warnings);
    assert_eq!(w[0].file, "16xxupgrade.txt");
    assert!(
        w[0].message
            .contains("http://10.0.0.9:8080/new/16xxupgrade.txt"),
        "{w:?}"
    );
    assert!(
        w[0].fix
            .contains("HTTPSRVR=10.0.0.9,HTTPPORT=8080,HTTPDIR=new"),
        "{w:?}"
    );
    // Nothing was obtained: the boot goes on as without the script.
    assert!(r.has_warning(Code::NoUpgradeScript, None));
    let d = boot_failure(&r.events).expect("a diagnosis");
    assert_eq!(d.kind, DiagnosisKind::Redirect);
    assert!(d.title.contains("302"), "{d:?}");
    assert!(d.fixes[0].contains("HTTPDIR=new"), "{d:?}");
}

#[test]
fn spec_2_6_a_redirect_the_client_followed_is_reported_too() {
    let src = source(&[]).canned(
        "16xxupgrade.txt",
        Canned::Fail(FetchError::Redirected {
            status: None,
            target: Some("http://h2/p/16xxupgrade.txt".into()),
            detail: String::new(),
        }),
    );
    let r = run_with(
        &src,
        &config(Model::M1616, 0),
        Flash::factory(),
        Cause::PowerOn,
    );
    let w = r.warnings(Code::Redirect);
    assert_eq!(w.len(), 1);
    assert!(w[0].fix.contains("HTTPSRVR=h2,HTTPDIR=p"), "{w:?}");
    assert!(r.report.files[0]
        .outcome
        .to_string()
        .starts_with("redirected to http://h2/p/16xxupgrade.txt"));
    assert_eq!(
        boot_failure(&r.events).unwrap().kind,
        DiagnosisKind::Redirect
    );
}

#[test]
fn spec_2_7_a_failed_tls_attempt_says_unreachable_over_https_or_untrusted() {
    let src = source(&[]).canned(
        "16xxupgrade.txt",
        Canned::Fail(FetchError::Tls {
            detail: "the TLS certificate of h:443 is self-signed".into(),
        }),
    );
    let r = run_with(
        &src,
        &config(Model::M1608, 0),
        Flash::factory(),
        Cause::PowerOn,
    );
    let why = r.report.files[0].outcome.to_string();
    assert!(
        why.starts_with("unreachable over https, or its certificate is not trusted"),
        "{why}"
    );
    let d = boot_failure(&r.events).unwrap();
    assert_eq!(d.kind, DiagnosisKind::Tls);
    assert!(d.fixes.iter().any(|f| f.contains("--ca-file")), "{d:?}");
}

#[test]
fn a_delivered_upgrade_script_needs_no_diagnosis() {
    let src = source(&[("16xxupgrade.txt", b"SET APPNAME x.bin\n")]);
    let r = run_with(
        &src,
        &config(Model::M1608, 0),
        Flash::factory(),
        Cause::PowerOn,
    );
    assert_eq!(boot_failure(&r.events), None);
}
