//! Hostile answers to the new downloads (spec 3.6 language files, 3.8
//! restore): each is a clear warning naming the file and line that asked for
//! it, and nothing half-written reaches flash.

mod common;
use common::*;
use phoneboot_engine::source::{Canned, FetchError, MemorySource};
use phoneboot_engine::*;

const UP: &str = "16xxupgrade.txt";
const ST: &str = "46xxsettings.txt";
const LANG: &str = "mlf_16xx_russian.txt";

fn boot_lang(answer: Canned) -> Run {
    let src = source(&[
        (UP, b"GET 46xxsettings.txt\n"),
        (
            ST,
            format!("SET L2QVLAN 2\nSET LANG1FILE {LANG}\n").as_bytes(),
        ),
    ])
    .canned(LANG, answer);
    run_with(
        &src,
        &config(Model::M1608, 0),
        Flash::with_loaded(None, Some("app.bin")),
        Cause::PowerOn,
    )
}

fn assert_refused(r: &Run, why: &str) {
    let w = r.warnings(Code::Language);
    assert_eq!(w.len(), 1, "{:?}", r.report.warnings);
    assert_eq!((w[0].file.as_str(), w[0].line), (ST, Some(2)));
    assert!(
        w[0].message.contains(&format!("LANG1FILE {LANG}")),
        "{}",
        w[0].message
    );
    assert!(w[0].message.contains(why), "{}", w[0].message);
    assert!(
        r.flash.languages.is_empty(),
        "nothing half-written: {:?}",
        r.flash.languages
    );
    assert!(r.flash.font.is_none());
    assert!(r.report.languages.iter().all(|l| !l.loaded));
    // The boot goes on: the phone registers showing built-in English.
    assert_eq!(r.report.outcome, Some(Outcome::Registered));
    assert_eq!(
        r.flash.settings.get("L2QVLAN").map(String::as_str),
        Some("2")
    );
}

#[test]
fn spec_3_6_a_language_file_that_is_an_html_page_is_not_kept() {
    let page = b"<!DOCTYPE html><html><body>404 Not Found</body></html>".to_vec();
    let r = boot_lang(Canned::Body {
        status: 200,
        content_length: Some(page.len() as u64),
        bytes: page,
    });
    assert_refused(&r, "HTML page");
}

#[test]
fn spec_3_6_a_language_file_larger_than_the_language_area_is_not_kept() {
    let big = vec![b'x'; 1024 * 1024 + 1];
    let r = boot_lang(Canned::Body {
        status: 200,
        content_length: None,
        bytes: big,
    });
    assert_refused(&r, "larger than the language area of 1024 KiB");
}

#[test]
fn spec_3_6_a_truncated_language_file_is_not_kept() {
    let r = boot_lang(Canned::Body {
        status: 200,
        content_length: Some(5000),
        bytes: b"half a file".to_vec(),
    });
    assert_refused(&r, "truncated: received 11 bytes, Content-Length said 5000");
    let r = boot_lang(Canned::Fail(FetchError::Interrupted {
        received: 2048,
        detail: "connection reset".into(),
    }));
    assert_refused(&r, "connection ended after 2048 bytes");
}

#[test]
fn spec_3_8_a_bruri_answering_500_is_retrieval_failed_naming_the_bruri_line() {
    let h = MemorySource::new("http://b:80/").canned(
        "bk/100_16xxdata.txt",
        Canned::Body {
            status: 500,
            bytes: b"<html>Internal Server Error</html>".to_vec(),
            content_length: Some(34),
        },
    );
    let s = source(&[
        (UP, b"GET 46xxsettings.txt\n"),
        (ST, b"SET L2QVLAN 2\n\nSET BRURI http://b:80/bk\n"),
    ]);
    let src = Multi(vec![s, h], vec![BASE.into(), "http://b:80/".into()]);
    let mut cfg = config(Model::M1608, 0);
    cfg.extension = Some("100".into());
    let before = Flash::with_loaded(None, Some("app.bin"));
    let r = run_with(&src, &cfg, before.clone(), Cause::PowerOn);
    let w = r.warnings(Code::Restore);
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].file.as_str(), w[0].line), (ST, Some(3)));
    assert!(
        w[0].message
            .contains("Retrieval failed: http://b:80/bk/100_16xxdata.txt (HTTP 500)"),
        "{}",
        w[0].message
    );
    assert_eq!(r.display().last().unwrap(), "Retrieval failed");
    assert_eq!(r.flash.application, before.application);
    assert!(r.flash.languages.is_empty());
    assert_eq!(r.report.outcome, Some(Outcome::Registered));
}
