//! `phoneboot fleet`: the app's fleet matrix from the command line. Every
//! model against GROUP 0, every group the files test (`IF $GROUP SEQ n`) and
//! the groups of `--groups`; the files are fetched and parsed once.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use phoneboot_engine::events::Origin;
use phoneboot_engine::fleet::{fetch_all, parse_groups, steady_state, Cell};
use phoneboot_engine::{Flash, Model, PhoneConfig};
use serde_json::{json, Map, Value};

use crate::args::ServerArgs;
use crate::emit;
use crate::error::CliError;

#[derive(clap::Args, Debug, Clone, Default)]
pub struct Args {
    #[command(flatten)]
    pub server: ServerArgs,

    /// More groups for the columns, e.g. "0-999" or "3,10-20" (GROUP 0 and every group the files test are always there)
    #[arg(long, value_name = "LIST", value_parser = parse_group_list, help_heading = "OPTIONS")]
    pub groups: Option<GroupList>,

    /// Print the matrix as JSON: {"cells": [{"model", "group", "appname", "settings": {NAME: {"value", ...}}, ...}]}
    #[arg(long, conflicts_with = "csv", help_heading = "OPTIONS")]
    pub json: bool,

    /// Print the matrix as CSV, one row per cell (what the app's Export CSV gives)
    #[arg(long, help_heading = "OPTIONS")]
    pub csv: bool,

    /// Show passwords and other secret values (masked by default)
    #[arg(long, help_heading = "OPTIONS")]
    pub show_secrets: bool,
}

/// Groups and ranges as `--groups` gives them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupList(pub Vec<u16>);

fn parse_group_list(s: &str) -> Result<GroupList, phoneboot_engine::fleet::GroupListError> {
    parse_groups(s).map(GroupList)
}

/// The cells of the matrix, rows (models) first; [`CliError::FleetNoUpgradeScript`]
/// (exit 1) when the server does not deliver the upgrade script.
pub fn cells(a: &Args) -> Result<Vec<Cell>, CliError> {
    let opened = a.server.open()?;
    let (files, _missing) =
        pollster::block_on(fetch_all(&opened.source, &opened.spec, opened.timeout_ms));
    if files.get(phoneboot_engine::boot::UPGRADE_SCRIPT).is_none() {
        return Err(CliError::FleetNoUpgradeScript {
            described: opened.described,
            file: phoneboot_engine::boot::UPGRADE_SCRIPT,
        });
    }
    let mut groups: BTreeSet<u16> = BTreeSet::from([0]);
    groups.extend(files.tested_groups());
    groups.extend(a.groups.iter().flat_map(|g| g.0.iter().copied()));
    let flash = Flash::factory();
    let mut out = Vec::with_capacity(Model::ALL.len() * groups.len());
    for model in Model::ALL {
        for &group in &groups {
            let phone = PhoneConfig {
                group,
                ..PhoneConfig::new(model)
            };
            out.push(steady_state(&files, &phone, &flash));
        }
    }
    Ok(out)
}

fn shown(name: &str, value: &str, reveal: bool) -> String {
    phoneboot_engine::report::shown_value(name, value, reveal).to_owned()
}

/// `{"cells": [...]}` with each cell's settings as a boot report has them.
pub fn to_json(cells: &[Cell], reveal: bool) -> Value {
    let cells: Vec<Value> = cells
        .iter()
        .map(|c| {
            let mut settings = Map::new();
            for (name, s) in &c.eval.settings {
                settings.insert(
                    name.clone(),
                    // The shape of a boot report's settings (value, source, file, line).
                    match s.origin {
                        Origin::File => json!({
                            "value": shown(name, &s.value, reveal),
                            "source": s.origin,
                            "file": s.file,
                            "line": s.line,
                        }),
                        Origin::Dhcp => json!({
                            "value": shown(name, &s.value, reveal),
                            "source": s.origin,
                            "file": null,
                            "line": null,
                        }),
                    },
                );
            }
            json!({
                "model": c.model.name(),
                "group": c.group,
                "appname": c.eval.appname,
                "downloads": c.downloads,
                "settings": settings,
                "missing": c.eval.missing,
                "bound": c.eval.bound,
            })
        })
        .collect();
    json!({ "cells": cells })
}

fn text(cells: &[Cell]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<9} {:>5}  {:<28} downloads",
        "model", "group", "appname"
    );
    for c in cells {
        let _ = writeln!(
            out,
            "{:<9} {:>5}  {:<28} {}",
            c.model.name(),
            c.group,
            c.eval.appname.as_deref().unwrap_or("(none)"),
            if c.downloads.is_empty() {
                "-".to_owned()
            } else {
                c.downloads.join(", ")
            }
        );
    }
    out
}

pub fn run(a: &Args) -> Result<i32, CliError> {
    let cells = cells(a)?;
    let out = if a.json {
        let v = to_json(&cells, a.show_secrets);
        format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default())
    } else if a.csv {
        phoneboot_engine::fleet::to_csv(&cells)
    } else {
        text(&cells)
    };
    emit(std::io::stdout(), &out);
    Ok(0)
}
