//! Spec section 6 (integrity checks of a download): status, length, not an
//! error page, SHA-256 against a reference, fits in flash; through full boots
//! over in-memory servers. Split from spec_boot.rs (no test file over 700 lines).

mod common;
use common::*;
use phoneboot_engine::boot::{BootConfig, Flash};
use phoneboot_engine::checks::sha256_hex;
use phoneboot_engine::source::{Canned, FetchError, MemorySource};
use phoneboot_engine::*;

const UP: &str = "16xxupgrade.txt";
const ST: &str = "46xxsettings.txt";

fn cfg() -> BootConfig {
    config(Model::M1608, 0)
}

fn boot_app_with(canned: Canned, extra: &[(&str, &[u8])]) -> Run {
    let mut src = source(&[
        (UP, b"SET APPNAME ha.bin\nGET 46xxsettings.txt\n"),
        (ST, b"SET L2QVLAN 20\n"),
    ])
    .canned("ha.bin", canned);
    for (n, b) in extra {
        src.insert(n, b.to_vec());
    }
    run_with(
        &src,
        &cfg(),
        Flash::with_loaded(Some("hb.bin"), Some("old.bin")),
        Cause::PowerOn,
    )
}

fn assert_flash_unchanged(r: &Run) {
    assert_eq!(
        r.flash.application.as_ref().map(|f| f.name.as_str()),
        Some("old.bin")
    );
}

#[test]
fn spec_6_1_a_404_fails_the_status_check() {
    let r = boot_app_with(
        Canned::Body {
            status: 404,
            bytes: b"nope".to_vec(),
            content_length: Some(4),
        },
        &[],
    );
    assert_eq!(check_results(&r)[0], (CheckKind::Status, CheckStatus::Fail));
    assert!(r.warnings(Code::CheckFailed)[0]
        .fix
        .contains("put ha.bin on the server"));
    assert!(r.display().contains(&"File not found".to_owned()));
    assert_flash_unchanged(&r);
    assert!(matches!(
        r.report.outcome,
        Some(Outcome::RestartLoop { .. })
    ));
}

#[test]
fn spec_6_2_a_short_body_fails_the_length_check() {
    let r = boot_app_with(
        Canned::Body {
            status: 200,
            bytes: vec![7u8; 1000],
            content_length: Some(5000),
        },
        &[],
    );
    assert_eq!(check_results(&r)[1], (CheckKind::Length, CheckStatus::Fail));
    assert!(r.report.checks[1].detail.contains("1000"));
    assert_flash_unchanged(&r);
}

#[test]
fn spec_6_2_an_interrupted_body_fails_the_length_check() {
    let r = boot_app_with(
        Canned::Fail(FetchError::Interrupted {
            received: 42,
            detail: "connection reset".into(),
        }),
        &[],
    );
    assert_eq!(check_results(&r)[1], (CheckKind::Length, CheckStatus::Fail));
    assert_flash_unchanged(&r);
}

#[test]
fn spec_6_3_an_html_page_is_not_firmware() {
    let page = b"<!DOCTYPE html><html><body>Error</body></html>".to_vec();
    let len = page.len() as u64;
    let r = boot_app_with(
        Canned::Body {
            status: 200,
            bytes: page,
            content_length: Some(len),
        },
        &[],
    );
    assert_eq!(
        check_results(&r)[2],
        (CheckKind::NotHtml, CheckStatus::Fail)
    );
    assert_flash_unchanged(&r);
}

#[test]
fn spec_6_4_digest_from_sidecar_must_match() {
    let body = firmware("x", 1000);
    let good = format!("{}  ha.bin\n", sha256_hex(&body));
    let r = boot_app_with(
        Canned::Body {
            status: 200,
            bytes: body.clone(),
            content_length: None,
        },
        &[("ha.bin.sha256", good.as_bytes())],
    );
    assert_eq!(check_results(&r)[3], (CheckKind::Sha256, CheckStatus::Pass));
    assert!(r.report.checks[3].detail.contains("ha.bin.sha256"));
    assert_eq!(r.flash.application.as_ref().unwrap().name, "ha.bin");

    let bad = format!("{}  ha.bin\n", "a".repeat(64));
    let r = boot_app_with(
        Canned::Body {
            status: 200,
            bytes: body,
            content_length: None,
        },
        &[("ha.bin.sha256", bad.as_bytes())],
    );
    assert_eq!(check_results(&r)[3], (CheckKind::Sha256, CheckStatus::Fail));
    assert_flash_unchanged(&r);
}

#[test]
fn spec_6_4_no_reference_is_not_verified_but_loads() {
    let body = firmware("x", 1000);
    let r = boot_app_with(
        Canned::Body {
            status: 200,
            bytes: body.clone(),
            content_length: Some(body.len() as u64),
        },
        &[],
    );
    assert_eq!(
        check_results(&r)[3],
        (CheckKind::Sha256, CheckStatus::NotVerified)
    );
    assert!(r.report.checks[3]
        .detail
        .contains("not verified: no reference"));
    assert_eq!(r.report.outcome, Some(Outcome::Registered));
}

#[test]
fn spec_6_4_a_pasted_digest_is_used_first() {
    let body = firmware("x", 1000);
    let src = source(&[(UP, b"SET APPNAME ha.bin\n"), ("ha.bin", &body)]);
    let mut c = cfg();
    c.pasted_digests = format!("{}\n", "b".repeat(64));
    let r = run_with(
        &src,
        &c,
        Flash::with_loaded(None, Some("old.bin")),
        Cause::PowerOn,
    );
    assert_eq!(check_results(&r)[3], (CheckKind::Sha256, CheckStatus::Fail));
    assert!(r.report.checks[3].detail.contains("pasted"));
    assert!(!src.requests.borrow().iter().any(|u| u.ends_with(".sha256")));
}

#[test]
fn spec_6_5_larger_than_flash_is_refused() {
    let body = firmware("x", 5000);
    let src = source(&[(UP, b"SET APPNAME ha.bin\n"), ("ha.bin", &body)]);
    let mut c = cfg();
    c.flash_limit = 4096;
    let r = run_with(
        &src,
        &c,
        Flash::with_loaded(None, Some("old.bin")),
        Cause::PowerOn,
    );
    assert_eq!(check_results(&r)[4], (CheckKind::Size, CheckStatus::Fail));
    assert_flash_unchanged(&r);
}

/// Spec 6.4 (issue 4): the reference digest is looked up before the download,
/// so nothing is awaited between the last byte and the verdict.
#[test]
fn spec_6_4_the_reference_is_fetched_before_the_download() {
    let body = firmware("x", 1000);
    let sidecar = format!("{}  ha.bin\n", sha256_hex(&body));
    let src = source(&[
        (UP, b"SET APPNAME ha.bin\nGET 46xxsettings.txt\n"),
        (ST, b"SET L2QVLAN 20\n"),
        ("ha.bin", &body),
        ("ha.bin.sha256", sidecar.as_bytes()),
    ]);
    let r = run_with(
        &src,
        &cfg(),
        Flash::with_loaded(Some("hb.bin"), Some("old.bin")),
        Cause::PowerOn,
    );
    let urls: Vec<String> = src.requests.borrow().clone();
    let at = |name: &str| urls.iter().position(|u| u.ends_with(name)).unwrap();
    assert!(at("/ha.bin.sha256") < at("/ha.bin"), "{urls:?}");
    // Between the download's answer and its checks, only the digest is reported.
    let after: Vec<&Event> = r
        .events
        .iter()
        .skip_while(|e| !matches!(e, Event::Response { file, .. } if file == "ha.bin"))
        .take_while(|e| !matches!(e, Event::Check { .. }))
        .collect();
    assert!(
        after.iter().all(|e| !matches!(e, Event::Request { .. })),
        "no request between the last byte and the verdict"
    );
    assert_eq!(check_results(&r)[3], (CheckKind::Sha256, CheckStatus::Pass));
    assert_eq!(r.flash.application.unwrap().name, "ha.bin");
}

/// A server that does not answer the `.sha256` look-up is not asked for
/// SHA256SUMS too: one wasted timeout, not two.
#[test]
fn spec_6_4_a_silent_server_is_asked_for_one_digest_file_only() {
    struct Dead(MemorySource);
    impl phoneboot_engine::FileSource for Dead {
        async fn get(
            &self,
            req: &phoneboot_engine::source::FetchRequest,
            sink: &mut dyn phoneboot_engine::source::BodySink,
        ) -> Result<phoneboot_engine::source::FetchHead, FetchError> {
            if req.url.ends_with(".bin")
                || req.url.ends_with(".sha256")
                || req.url.ends_with("SUMS")
            {
                self.0.requests.borrow_mut().push(req.url.clone());
                return Err(FetchError::Timeout { after_ms: 1000 });
            }
            self.0.get(req, sink).await
        }
    }
    let src = Dead(source(&[
        (UP, b"SET APPNAME ha.bin\nGET 46xxsettings.txt\n"),
        (ST, b"SET L2QVLAN 20\n"),
    ]));
    let r = run_with(
        &src,
        &cfg(),
        Flash::with_loaded(Some("hb.bin"), Some("old.bin")),
        Cause::PowerOn,
    );
    let urls = src.0.requests.borrow();
    assert!(!urls.iter().any(|u| u.ends_with("SHA256SUMS")), "{urls:?}");
    assert_eq!(check_results(&r)[0], (CheckKind::Status, CheckStatus::Fail));
    assert_flash_unchanged(&r);
}
