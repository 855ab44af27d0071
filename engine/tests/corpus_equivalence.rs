//! One walker, two drivers: every corpus file, for every model, in groups 0,
//! 1 and 3, with and without option-242 values, booted through `boot()`
//! (live fetches from memory) and evaluated through the fleet matrix (files
//! fetched once) must give the same effective settings, APPNAME, files read
//! and downloads.
//!
//! The corpus is `engine/tests/corpus` and, where it exists, `../shared/corpus`
//! beside the repository (CI has it there); `PHONEBOOT_SHARED_CORPUS` names
//! another folder.

mod common;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use phoneboot_engine::checks::sha256_hex;
use phoneboot_engine::fleet::{fetch_all, steady_state};
use phoneboot_engine::source::{BodySink, FetchError, FetchHead, FetchRequest, Purpose};
use phoneboot_engine::*;

/// Serves files by full URL; anything else is a 404.
#[derive(Default)]
struct ByUrl(HashMap<String, Vec<u8>>);

impl FileSource for ByUrl {
    async fn get(
        &self,
        req: &FetchRequest,
        sink: &mut dyn BodySink,
    ) -> Result<FetchHead, FetchError> {
        let (status, body) = match self.0.get(&req.url) {
            Some(b) => (200, b.as_slice()),
            None => (404, &b"not found"[..]),
        };
        let head = FetchHead {
            status,
            content_length: Some(body.len() as u64),
            ..FetchHead::default()
        };
        if sink.head(&head).is_continue() {
            let _ = sink.chunk(body);
        }
        Ok(head)
    }
}

fn corpus_files() -> Vec<(String, Vec<u8>)> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![manifest.join("tests/corpus")];
    let shared = std::env::var_os("PHONEBOOT_SHARED_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../shared/corpus"));
    if shared.is_dir() {
        dirs.push(shared);
    } else {
        eprintln!(
            "note: {} is not there (CI has ../shared beside the repository; PHONEBOOT_SHARED_CORPUS names another folder): only engine/tests/corpus is booted",
            shared.display()
        );
    }
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for dir in dirs {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        entries.sort();
        for p in entries {
            let bytes = std::fs::read(&p).unwrap();
            // The repository keeps copies of the shared files: boot each content once.
            if seen.insert(sha256_hex(&bytes)) {
                out.push((p.file_name().unwrap().to_string_lossy().into_owned(), bytes));
            }
        }
    }
    assert!(
        out.len() >= 5,
        "the corpus is missing: {out:?}",
        out = out.len()
    );
    out
}

/// What both drivers must agree on.
#[derive(Debug, PartialEq)]
struct Seen {
    appname: Option<String>,
    settings: BTreeMap<String, (String, Origin, Option<String>, Option<u32>)>,
    chain: Vec<String>,
    downloads: Vec<String>,
}

#[test]
#[allow(clippy::too_many_lines)] // older than the lint: split when it next grows
fn corpus_boot_and_fleet_matrix_agree_for_every_model_group_and_dhcp() {
    let dhcp = "HTTPSRVR=srv,HTTPDIR=p,L2QVLAN=20,MCIPADD=10.0.0.5";
    let mut cases = 0;
    for (name, bytes) in corpus_files() {
        let (up, settings): (Vec<u8>, Option<Vec<u8>>) = if name.contains("upgrade") {
            (bytes.clone(), None)
        } else {
            (b"GET 46xxsettings.txt\n".to_vec(), Some(bytes.clone()))
        };
        for spec in [
            ServerSpec::BaseUrl("http://base:80/".into()),
            ServerSpec::Option242(dhcp.into()),
        ] {
            let root = match &spec {
                ServerSpec::BaseUrl(u) => u.clone(),
                ServerSpec::Option242(_) => "http://srv:80/p/".to_owned(),
            };
            let mut src = ByUrl::default();
            src.0.insert(format!("{root}16xxupgrade.txt"), up.clone());
            if let Some(s) = &settings {
                src.0.insert(format!("{root}46xxsettings.txt"), s.clone());
            }
            let (set, _) = pollster::block_on(fetch_all(&src, &spec, 10_000));
            for model in Model::ALL {
                for group in [0, 1, 3] {
                    let phone = PhoneConfig {
                        group,
                        ..PhoneConfig::new(model)
                    };
                    let cell = steady_state(&set, &phone, &Flash::factory());
                    // The fleet assumes binaries arrive; serve the boot each one it asks for.
                    let mut live = ByUrl(src.0.clone());
                    for r in &cell.eval.requests {
                        if matches!(r.purpose, Purpose::Application | Purpose::Language) {
                            for u in &r.urls {
                                live.0.insert(u.clone(), format!("FAKE {u}").into_bytes());
                            }
                        }
                    }
                    let cfg = BootConfig::new(phone.clone(), spec.clone());
                    let run = common::run_with(&live, &cfg, Flash::factory(), Cause::PowerOn);
                    let last_pass = run
                        .events
                        .iter()
                        .rposition(|e| matches!(e, Event::BootStart { .. }))
                        .unwrap_or(0);
                    let booted = Seen {
                        appname: run.report.appname.clone(),
                        settings: run
                            .report
                            .settings
                            .iter()
                            .map(|(k, s)| {
                                (
                                    k.clone(),
                                    (s.value.clone(), s.source, s.file.clone(), s.line),
                                )
                            })
                            .collect(),
                        chain: run.events[last_pass..]
                            .iter()
                            .filter_map(|e| match e {
                                Event::FileStart { file, .. } => Some(file.clone()),
                                _ => None,
                            })
                            .collect(),
                        downloads: run
                            .events
                            .iter()
                            .filter_map(|e| match e {
                                Event::FlashWrite { file, .. } => Some(file.name.clone()),
                                _ => None,
                            })
                            .collect(),
                    };
                    let fleet = Seen {
                        appname: cell.eval.appname.clone(),
                        settings: cell
                            .eval
                            .settings
                            .iter()
                            .map(|(k, s)| {
                                let dhcp = s.origin == Origin::Dhcp;
                                (
                                    k.clone(),
                                    (
                                        s.value.clone(),
                                        s.origin,
                                        (!dhcp).then(|| s.file.clone()),
                                        (!dhcp).then_some(s.line),
                                    ),
                                )
                            })
                            .collect(),
                        chain: cell.eval.chain.clone(),
                        downloads: cell.downloads.clone(),
                    };
                    assert_eq!(
                        booted, fleet,
                        "{name}, {model} group {group}, {spec:?}: boot (left) and fleet (right) differ"
                    );
                    if matches!(spec, ServerSpec::Option242(_)) {
                        assert!(
                            fleet.settings.contains_key("MCIPADD"),
                            "{name}: DHCP values in the fleet cell"
                        );
                    }
                    cases += 1;
                }
            }
        }
    }
    assert!(cases >= 5 * 8 * 3 * 2, "{cases}");
}
