//! `phoneboot option242 "STRING"`: the lint of a DHCP option-242 string
//! (spec 2.1) and the string as a snippet for five DHCP servers, each with the
//! option definition it needs. Exit status 1 when a finding is an error.

use std::fmt::Write as _;

use phoneboot_engine::option242::check;
use phoneboot_engine::Severity;

use crate::emit;
use crate::error::CliError;

#[derive(clap::Args, Debug, Clone, Default)]
pub struct Args {
    /// The option-242 string, e.g. "MCIPADD=10.0.0.5,HTTPSRVR=10.0.0.9,HTTPDIR=phones"
    #[arg(value_name = "STRING", allow_hyphen_values = true)]
    pub string: String,

    /// Print {"findings": [{"severity", "message", "fix"}], "snippets": {"dnsmasq", "isc-dhcpd", "kea", "windows", "mikrotik"}}
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: &Args) -> Result<i32, CliError> {
    let c = check(&a.string);
    let text = if a.json {
        format!("{}\n", serde_json::to_string(&c)?)
    } else {
        let mut out = String::new();
        if c.findings.is_empty() {
            out.push_str("No problems found.\n");
        }
        for f in &c.findings {
            let sev = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            let _ = writeln!(out, "{sev}: {}\n    fix: {}", f.message, f.fix);
        }
        for (name, snippet) in c.snippets.all() {
            let _ = write!(out, "\n== {name}\n{snippet}");
        }
        out
    };
    emit(std::io::stdout(), &text);
    Ok(i32::from(
        c.findings.iter().any(|f| f.severity == Severity::Error),
    ))
}
