//! `phoneboot says "TEXT"`: what a 1600 display message means, its causes and
//! fixes, from the engine's table. Exit status: 0 a match, 1 no match, 2 usage.

use std::fmt::Write as _;

use phoneboot_engine::display_messages::{closest, matches, matches_json, DisplayMessage};

use crate::emit;
use crate::error::CliError;

#[derive(clap::Args, Debug, Clone, Default)]
pub struct Args {
    /// The text the phone shows, e.g. "HTTP:3 404" or "DHCP: 12 secs" (case, spacing, dots and numbers do not matter)
    #[arg(value_name = "TEXT")]
    pub text: String,

    /// Print {"matches": [{"message", "phase", "meaning", "causes", "fixes", "source"}]}
    #[arg(long)]
    pub json: bool,
}

fn describe(out: &mut String, m: &DisplayMessage) {
    let _ = writeln!(
        out,
        "{}  {}  phase: {}",
        m.message(),
        m.source.label(),
        m.phase
    );
    let _ = writeln!(out, "  Meaning: {}", m.meaning);
    let _ = writeln!(out, "  Likely causes:");
    for c in m.causes {
        let _ = writeln!(out, "    - {c}");
    }
    let _ = writeln!(out, "  Fixes:");
    for f in m.fixes {
        let _ = writeln!(out, "    - {f}");
    }
    if !m.emulated {
        let _ = writeln!(
            out,
            "  (phoneboot's emulated boot does not produce this message)"
        );
    }
}

pub fn run(a: &Args) -> Result<i32, CliError> {
    if a.text.trim().is_empty() {
        return Err(CliError::EmptySaysText);
    }
    let found = matches(&a.text);
    let near: Vec<String> = closest(&a.text, 3).iter().map(|m| m.message()).collect();
    let none = format!(
        "No 1600 display message matches \"{}\". The closest: {}\n",
        a.text.trim().chars().take(120).collect::<String>(),
        near.join(", ")
    );
    if a.json {
        emit(std::io::stdout(), &format!("{}\n", matches_json(&a.text)));
        if found.is_empty() {
            emit(std::io::stderr(), &none);
        }
    } else if found.is_empty() {
        emit(std::io::stdout(), &none);
    } else {
        let mut out = String::new();
        for (i, m) in found.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            describe(&mut out, m);
        }
        emit(std::io::stdout(), &out);
    }
    Ok(if found.is_empty() { 1 } else { 0 })
}
