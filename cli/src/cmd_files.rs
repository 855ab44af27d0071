//! `phoneboot files`: is this server ready for the fleet? Every file any
//! phone would request (every model; GROUP 0, every group the files test and
//! those of `--groups`), each distinct URL requested once, with who needs it.
//! Exit status 0 when every needed file is present, 1 otherwise.

use std::fmt::Write as _;

use phoneboot_engine::readiness::{readiness, Readiness};

use crate::args::ServerArgs;
use crate::cmd_fleet::GroupList;
use crate::emit;
use crate::error::CliError;

#[derive(clap::Args, Debug, Clone, Default)]
pub struct Args {
    #[command(flatten)]
    pub server: ServerArgs,

    /// More groups to check, e.g. "0-999" or "3,10-20" (GROUP 0 and every group the files test are always checked)
    #[arg(long, value_name = "LIST", value_parser = group_list, help_heading = "OPTIONS")]
    pub groups: Option<GroupList>,

    /// Print {"files": [{"path", "url", "purpose", "status", "bytes", "needed_by": [...]}]}
    #[arg(long, conflicts_with = "csv", help_heading = "OPTIONS")]
    pub json: bool,

    /// Print the table as CSV (what the app's Export CSV gives)
    #[arg(long, help_heading = "OPTIONS")]
    pub csv: bool,
}

fn group_list(s: &str) -> Result<GroupList, phoneboot_engine::fleet::GroupListError> {
    phoneboot_engine::fleet::parse_groups(s).map(GroupList)
}

pub fn run(a: &Args) -> Result<i32, CliError> {
    let opened = a.server.open()?;
    let extra: Vec<u16> = a.groups.iter().flat_map(|g| g.0.iter().copied()).collect();
    let r = pollster::block_on(readiness(
        &opened.source,
        &opened.spec,
        &opened.described,
        &extra,
        opened.timeout_ms,
    ));
    let text = if a.json {
        format!("{}\n", r.to_json())
    } else if a.csv {
        r.to_csv()
    } else {
        human(&r)
    };
    emit(std::io::stdout(), &text);
    Ok(if r.all_present() { 0 } else { 1 })
}

/// The table for a terminal: one line per file, then the summary.
fn human(r: &Readiness) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Server: {}", r.server);
    let _ = writeln!(
        out,
        "Checked: every model in groups {} ({} distinct URLs requested)\n",
        phoneboot_engine::readiness::ranges(&r.groups),
        r.requests
    );
    let width = r
        .entries
        .iter()
        .map(|e| e.path.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let dwidth = r
        .entries
        .iter()
        .map(|e| e.digest.label().chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let _ = writeln!(
        out,
        "{:<15} {:<width$} {:<16} {:>9}  {:<dwidth$}  NEEDED BY",
        "STATUS", "FILE", "PURPOSE", "BYTES", "DIGEST"
    );
    for e in &r.entries {
        let status = if e.required {
            e.status.label().to_owned()
        } else {
            format!("{} (opt.)", e.status.label())
        };
        let bytes = e
            .bytes
            .map(|b| b.to_string())
            .unwrap_or_else(|| "-".to_owned());
        let _ = writeln!(
            out,
            "{status:<15} {:<width$} {:<16} {bytes:>9}  {:<dwidth$}  {}",
            e.path,
            e.purpose.label(),
            e.digest.label(),
            e.needed_by.join("; ")
        );
        if e.status != phoneboot_engine::readiness::Status::Present {
            let _ = writeln!(out, "{:15} {} ({})", "", e.url, e.detail);
        }
    }
    let _ = writeln!(out, "\n{}", r.summary());
    out
}
