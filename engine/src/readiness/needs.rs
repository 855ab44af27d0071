//! Which files each phone needs: the cells of every model and group, and the
//! files they request.

use std::collections::BTreeSet;

use crate::events::Slot;
use crate::fleet::{fetch_all, steady_state, Cell, FileSet};
use crate::source::{FileSource, Purpose};
use crate::walk::LANGUAGE_PARAMS;
use crate::{Flash, Model, PhoneConfig, ServerSpec};

use super::{Kind, Recorder};

// ------------------------------------------------------------------ needs

/// A phone of the fleet: index into [`Model::ALL`] and GROUP.
pub type Phone = (usize, u16);

/// One file some phones request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Need {
    /// The name as the script, the settings or the download names it.
    pub file: String,
    /// What the file is for.
    pub kind: Kind,
    /// The URLs the phone tries, in order (the first that delivers wins);
    /// empty when no server may serve it (firmware with TLS servers only).
    pub urls: Vec<String>,
    /// Which parameter named it, and where (language and font files).
    pub named_by: Option<String>,
    /// The phones (model, GROUP) that request it.
    pub phones: BTreeSet<Phone>,
}

/// Step 1: the upgrade script and every file any GET can reach (on the
/// servers given and any a file could move the phone to), each fetched once
/// through `rec`. Returns the parsed set and the names no server delivered.
pub async fn fetch_scripts<S: FileSource>(
    rec: &Recorder<'_, S>,
    server: &ServerSpec,
    timeout_ms: u32,
) -> (FileSet, Vec<String>) {
    fetch_all(rec, server, timeout_ms).await
}

/// The groups a check covers: 0, every group the files test, and `extra`.
pub fn groups_to_check(files: &FileSet, extra: &[u16]) -> Vec<u16> {
    let mut g: BTreeSet<u16> = BTreeSet::from([0]);
    g.extend(files.tested_groups());
    g.extend(extra.iter().copied());
    g.into_iter().collect()
}

/// Each phone's cell, factory-fresh: what it downloads and what it ends up
/// with. Row-major like the fleet matrix (`Model::ALL` x `groups`).
pub fn cells(files: &FileSet, groups: &[u16]) -> Vec<Cell> {
    let flash = Flash::factory();
    Model::ALL
        .iter()
        .flat_map(|m| {
            groups.iter().map(move |&g| PhoneConfig {
                group: g,
                ..PhoneConfig::new(*m)
            })
        })
        .map(|p| steady_state(files, &p, &flash))
        .collect()
}

/// Step 2: every file the phones of `cells` request, as the walker asked
/// for it, in the order a boot meets them (scripts and settings, firmware,
/// language and font files). Reference digests are added by [`check`], which
/// knows where each firmware file was found.
pub fn needs(cells: &[Cell]) -> Vec<Need> {
    let mut out: Vec<Need> = Vec::new();
    let mut add =
        |file: &str, kind: Kind, urls: &[String], named_by: Option<String>, phone: Phone| {
            let i = match out
                .iter()
                .position(|n| n.urls == urls && n.file.eq_ignore_ascii_case(file))
            {
                Some(i) => i,
                None => {
                    out.push(Need {
                        file: file.to_owned(),
                        kind,
                        urls: urls.to_vec(),
                        named_by,
                        phones: BTreeSet::new(),
                    });
                    out.len() - 1
                }
            };
            out[i].phones.insert(phone);
        };
    for c in cells {
        let Some(row) = Model::ALL.iter().position(|m| *m == c.model) else {
            continue;
        };
        let phone = (row, c.group);
        for r in &c.eval.requests {
            let kind = match r.purpose {
                Purpose::UpgradeScript => Kind::UpgradeScript,
                Purpose::Settings => Kind::Settings,
                Purpose::Application => match Slot::of(&r.file) {
                    Slot::BootCode => Kind::BootCode,
                    Slot::Application => Kind::Application,
                },
                Purpose::Language => {
                    let font = c
                        .eval
                        .settings
                        .get("FONTFILE")
                        .is_some_and(|s| s.value == r.file);
                    if font {
                        Kind::Font
                    } else {
                        Kind::Language
                    }
                }
                // Restore files are the user's, not the server's; digests are added by `check`.
                Purpose::Restore | Purpose::Digest => continue,
            };
            let named_by = LANGUAGE_PARAMS
                .iter()
                .filter(|_| matches!(kind, Kind::Language | Kind::Font))
                .find_map(|p| {
                    let s = c.eval.settings.get(*p)?;
                    (s.value == r.file).then(|| format!("{p} ({}:{})", s.file, s.line))
                });
            add(&r.file, kind, &r.urls, named_by, phone);
        }
        // An APPNAME the walker could not request: no server may serve firmware.
        if let Some(app) = &c.eval.appname {
            if !c.downloads.contains(app) && !c.eval.requests.iter().any(|r| r.file == *app) {
                let kind = match Slot::of(app) {
                    Slot::BootCode => Kind::BootCode,
                    Slot::Application => Kind::Application,
                };
                add(app, kind, &[], None, phone);
            }
        }
    }
    // Scripts first, then firmware, then language and font, each in first-met order.
    let rank = |k: Kind| match k {
        Kind::UpgradeScript | Kind::Settings => 0,
        Kind::BootCode | Kind::Application | Kind::Digest => 1,
        Kind::Language | Kind::Font => 2,
    };
    out.sort_by_key(|n| rank(n.kind));
    out
}
