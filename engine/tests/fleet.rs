//! The fleet matrix over the built-in demo server: files fetched once, then
//! every model and group evaluated from the parsed programs.

mod common;
use common::*;
use phoneboot_engine::boot::PhoneConfig;
use phoneboot_engine::fleet::{compare, fetch_all, steady_state, Cell, FileSet};
use phoneboot_engine::ServerSpec;
use phoneboot_engine::{Flash, Model};

fn demo() -> phoneboot_engine::MemorySource {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../demo");
    let mut src = phoneboot_engine::MemorySource::new(BASE);
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            src.insert(
                p.file_name().unwrap().to_str().unwrap(),
                std::fs::read(&p).unwrap(),
            );
        }
    }
    src
}

/// Every file the demo server's phones would request: the files, and the names missing.
fn fetch_demo(src: &phoneboot_engine::MemorySource) -> (FileSet, Vec<String>) {
    pollster::block_on(fetch_all(
        src,
        &ServerSpec::BaseUrl(BASE.to_owned()),
        10_000,
    ))
}

/// The steady state of a factory-fresh phone of every model in each of `groups`.
fn every_cell(set: &FileSet, groups: &[u16]) -> Vec<Cell> {
    Model::ALL
        .iter()
        .flat_map(|m| groups.iter().map(move |g| (*m, *g)))
        .map(|(m, g)| {
            steady_state(
                set,
                &PhoneConfig {
                    group: g,
                    ..PhoneConfig::new(m)
                },
                &Flash::factory(),
            )
        })
        .collect()
}

#[test]
fn demo_matrix_fetches_each_file_once_and_tells_models_and_groups_apart() {
    let src = demo();
    let (set, missing) = fetch_demo(&src);
    assert!(missing.is_empty(), "{missing:?}");
    let requests = src.requests.borrow().clone();
    assert_eq!(requests.len(), 3, "{requests:?}"); // 16xxupgrade, 46xxsettings, group3
    let mut groups = vec![0];
    groups.extend(set.tested_groups());
    assert_eq!(groups, [0, 1, 2, 3]);
    let cells = every_cell(&set, &groups);
    let cell = |m: Model, g: u16| cells.iter().find(|c| c.model == m && c.group == g).unwrap();
    assert_eq!(
        cell(Model::M1608, 0).eval.appname.as_deref(),
        Some("ha1608demo_r2_0.bin")
    );
    assert_eq!(
        cell(Model::M1603SWI, 0).eval.appname.as_deref(),
        Some("ha1603demo_r2_0.bin")
    );
    assert_eq!(
        cell(Model::M1616I, 2).downloads,
        ["hb16xxdemo_r1_5.bin", "ha1616demo_r2_0.bin"]
    );
    assert_eq!(cell(Model::M1616, 3).eval.settings["L2QVLAN"].value, "130");
    assert_eq!(
        cell(Model::M1616, 3).eval.chain,
        ["16xxupgrade.txt", "46xxsettings.txt", "group3.txt"]
    );
    let d = compare(&cell(Model::M1608, 0).eval, &cell(Model::M1608, 1).eval);
    let vlan = d.iter().find(|d| d.name == "L2QVLAN").unwrap();
    assert_eq!(vlan.right.as_ref().unwrap().value, "110");
    assert!(vlan.left.is_none() || vlan.left.as_ref().unwrap().value != "110");
}

#[test]
fn differs_from_says_what_compare_and_the_downloads_say_for_every_pair_of_demo_phones() {
    let src = demo();
    let (set, _) = fetch_demo(&src);
    let cells = every_cell(&set, &[0, 1, 2, 3, 7]);
    let (mut same, mut different) = (0, 0);
    for a in &cells {
        for b in &cells {
            let by_hand = a.downloads != b.downloads
                || a.eval.appname != b.eval.appname
                || !compare(&a.eval, &b.eval).is_empty();
            assert_eq!(
                a.differs_from(b),
                by_hand,
                "{} {} / {} {}",
                a.model.name(),
                a.group,
                b.model.name(),
                b.group
            );
            if by_hand {
                different += 1;
            } else {
                same += 1;
            }
        }
    }
    // Both answers are exercised: every cell against itself, group 7 against group 0.
    assert!(same > cells.len() && different > 0, "{same} {different}");
}
