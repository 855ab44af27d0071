//! `phoneboot`: boots an emulated Avaya 1600-series phone against a
//! provisioning folder or an HTTP server and reports what it did.
//! See `phoneboot --help`. Exit status: 0 registered, 1 any other outcome,
//! 2 usage error.

mod adapters;
mod args;
mod cmd_boot;
mod cmd_files;
mod cmd_fleet;
mod cmd_log;
mod cmd_option242;
mod cmd_says;
mod error;
mod flash_file;
mod format;
mod render;

use std::ffi::OsString;
use std::io::Write;

use adapters::{dir, http, peer_cert, source};
use args::{Cmd, Parsed};

/// Writes to stdout or stderr, ignoring a closed pipe (never panics).
pub(crate) fn emit(mut w: impl Write, text: &str) {
    let _ = w.write_all(text.as_bytes());
    let _ = w.flush();
}

fn main() {
    let code = run(std::env::args_os().skip(1).collect());
    std::process::exit(code);
}

fn run(raw: Vec<OsString>) -> i32 {
    let cli = match args::parse(raw) {
        Parsed::Run(cli) => cli,
        Parsed::Info(text) => {
            emit(std::io::stdout(), &text);
            return 0;
        }
        Parsed::Usage(text) => {
            emit(std::io::stderr(), &text);
            return 2;
        }
    };
    // One arm per subcommand; the boot is the default.
    let result = match &cli.command {
        None => cmd_boot::run(&cli.boot),
        Some(Cmd::Fleet(a)) => cmd_fleet::run(a),
        Some(Cmd::Says(a)) => cmd_says::run(a),
        Some(Cmd::Log(a)) => cmd_log::run(a),
        Some(Cmd::Files(a)) => cmd_files::run(a),
        Some(Cmd::Option242(a)) => cmd_option242::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            emit(std::io::stderr(), &e.message());
            e.exit_code()
        }
    }
}
