//! `phoneboot log FILE`: the provisioning server's access log beside the
//! emulated boot of one phone. The log is read in pieces, in bounded memory.
//! Exit status: 0 nothing to fix, 1 findings to act on (errors or warnings),
//! 2 usage error or a file that is not an access log.

use std::fmt::Write as _;
use std::io::Read;
use std::path::PathBuf;

use phoneboot_engine::access_log::{compare, Comparison, LogReader, ParsedLog};
use phoneboot_engine::{boot, BootConfig, Cause, Flash};

use crate::args::{PhoneArgs, ServerArgs};
use crate::emit;
use crate::error::CliError;

#[derive(clap::Args, Debug, Clone, Default)]
pub struct Args {
    /// The access log: nginx/Apache combined or common log format, or IIS W3C extended (with its #Fields: line)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    #[command(flatten)]
    pub server: ServerArgs,

    #[command(flatten)]
    pub phone: PhoneArgs,

    /// The phone's address in the log (default: the first client that asked for an upgrade script or 46xxsettings)
    #[arg(long, value_name = "IP", help_heading = "OPTIONS")]
    pub client: Option<String>,

    /// Print {"client", "rows": [{"expected", "logged", "status", "note"}], "findings": [{"severity", "message", "fix"}]}
    #[arg(long, help_heading = "OPTIONS")]
    pub json: bool,
}

fn read_log(a: &Args) -> Result<ParsedLog, CliError> {
    let file = || a.file.clone();
    let mut f = std::fs::File::open(&a.file).map_err(|source| CliError::LogUnopenable {
        file: file(),
        source,
    })?;
    let mut reader = LogReader::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match f.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => reader.push(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(source) => {
                return Err(CliError::LogUnreadable {
                    file: file(),
                    source,
                })
            }
        }
    }
    reader.finish().map_err(|source| CliError::LogFormat {
        file: file(),
        source,
    })
}

fn human(c: &Comparison, log: &ParsedLog, described: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} lines ({}), {} requests; phone {} against the emulated boot of {described}",
        log.lines,
        log.format.label(),
        log.requests,
        c.client
    );
    if let Some(s) = &log.first_skipped {
        let _ = writeln!(out, "{} lines skipped; the first: {s}", log.skipped);
    }
    let others: Vec<&str> = log
        .clients
        .iter()
        .map(|c| c.client.as_str())
        .filter(|ip| *ip != c.client)
        .take(10)
        .collect();
    if !others.is_empty() {
        let _ = writeln!(
            out,
            "Other phones in the log (--client): {}",
            others.join(", ")
        );
    }
    let _ = writeln!(out, "\nREQUESTS (emulated | logged | status | note)");
    let dash = || "-".to_owned();
    for r in &c.rows {
        let _ = writeln!(
            out,
            "  {} | {} | {} | {}",
            r.expected.clone().unwrap_or_else(dash),
            r.logged.clone().unwrap_or_else(dash),
            r.status.map(|s| s.to_string()).unwrap_or_else(dash),
            r.note
        );
    }
    if c.more_rows > 0 {
        let _ = writeln!(out, "  ... and {} more rows", c.more_rows);
    }
    let _ = writeln!(out, "\nFINDINGS");
    for f in &c.findings {
        let _ = writeln!(out, "  {}: {}\n      fix: {}", f.severity, f.message, f.fix);
    }
    out
}

pub fn run(a: &Args) -> Result<i32, CliError> {
    let phone = a.phone.phone()?;
    let opened = a.server.open()?;
    let log = read_log(a)?;
    if log.clients.is_empty() {
        emit(
            std::io::stdout(),
            &format!(
                "{}: no client asked for an *upgrade.txt or a 46xxsettings file: no phone booted from this server while it logged ({} requests read)\n",
                a.file.display(),
                log.requests
            ),
        );
        return Ok(1);
    }
    let client = match &a.client {
        None => &log.clients[0],
        Some(ip) => log.client(ip.trim()).ok_or_else(|| {
            let ips: Vec<&str> = log
                .clients
                .iter()
                .take(20)
                .map(|c| c.client.as_str())
                .collect();
            CliError::NoSuchClient {
                client: ip.clone(),
                known: ips.join(", "),
            }
        })?,
    };
    let mut config = BootConfig::new(phone, opened.spec);
    config.timeout_ms = opened.timeout_ms;
    let mut flash = Flash::with_loaded(a.phone.bootname(), a.phone.appname());
    let report = pollster::block_on(boot(
        &opened.source,
        &config,
        &mut flash,
        Cause::PowerOn,
        &mut |_| {},
    ));
    let c = compare(&log, client, &report);
    if a.json {
        emit(std::io::stdout(), &format!("{}\n", c.to_json()));
    } else {
        emit(std::io::stdout(), &human(&c, &log, &opened.described));
    }
    let act = c
        .findings
        .iter()
        .any(|f| f.severity != phoneboot_engine::Severity::Info);
    Ok(i32::from(act))
}
