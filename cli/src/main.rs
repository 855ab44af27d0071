//! `phoneboot`: boots an emulated Avaya 1600-series phone against a
//! provisioning folder or an HTTP server and reports what it did.
//! See `phoneboot --help`. Exit status: 0 registered, 1 any other outcome,
//! 2 usage error.

mod args;
mod dir;
mod http;
mod render;
mod source;

use std::ffi::OsString;
use std::io::Write;

use phoneboot_engine::events::{Cause, Event, Outcome};
use phoneboot_engine::{boot, BootConfig, Flash, PhoneConfig, ServerSpec};

use args::{Args, Command, ServerArg};
use dir::DirSource;
use http::HttpSource;
use source::Source;

/// Writes to stdout or stderr, ignoring a closed pipe (never panics).
fn emit(mut w: impl Write, text: &str) {
    let _ = w.write_all(text.as_bytes());
    let _ = w.flush();
}

fn usage_error(msg: &str) -> i32 {
    emit(
        std::io::stderr(),
        &format!("phoneboot: error: {msg}\nRun `phoneboot --help` for usage and examples.\n"),
    );
    2
}

fn main() {
    let code = run(std::env::args_os().skip(1).collect());
    std::process::exit(code);
}

fn run(raw: Vec<OsString>) -> i32 {
    let args = match args::parse(raw) {
        Ok(Command::Help) => {
            emit(std::io::stdout(), args::USAGE);
            return 0;
        }
        Ok(Command::Version) => {
            emit(
                std::io::stdout(),
                &format!("phoneboot {}\n", env!("CARGO_PKG_VERSION")),
            );
            return 0;
        }
        Ok(Command::Run(a)) => a,
        Err(e) => return usage_error(&e.0),
    };
    match boot_once(&args) {
        Ok(code) => code,
        Err(msg) => usage_error(&msg),
    }
}

fn dir_source(dir: &std::path::Path) -> Result<DirSource, String> {
    DirSource::new(dir).map_err(|e| {
        format!(
            "--dir {}: cannot use this folder ({e}); check the path",
            dir.display()
        )
    })
}

/// Runs one boot session and prints it; `Err` is a usage error.
fn boot_once(a: &Args) -> Result<i32, String> {
    let (source, spec, described) = match &a.server {
        ServerArg::Dir(d) => {
            let s = dir_source(d)?;
            let base = s.base_url().to_owned();
            let described = format!("folder {} ({base})", s.root().display());
            (Source::Dir(s), ServerSpec::BaseUrl(base), described)
        }
        ServerArg::DirOption242(d, o) => {
            let s = dir_source(d)?;
            let described = format!(
                "option 242 \"{o}\", served from the folder {} (HTTPDIR is a sub-folder)",
                s.root().display()
            );
            (Source::Dir(s), ServerSpec::Option242(o.clone()), described)
        }
        ServerArg::Url(u) => (
            Source::Http(HttpSource::new()),
            ServerSpec::BaseUrl(u.clone()),
            format!("HTTP {u}"),
        ),
        ServerArg::Option242(o) => (
            Source::Http(HttpSource::new()),
            ServerSpec::Option242(o.clone()),
            format!("option 242 \"{o}\" (over HTTP)"),
        ),
    };

    let mut phone = PhoneConfig::new(a.model);
    phone.group = a.group;
    if let Some(m) = &a.mac {
        phone.mac = m.trim().to_owned();
    }
    let mut config = BootConfig::new(phone, spec);
    config.timeout_ms = a.timeout_ms;
    config.pasted_digests = a.digests.clone();

    let mut flash = Flash::with_loaded(a.bootname.as_deref(), a.appname.as_deref());
    let flash_before = flash.clone();
    let mut events: Vec<Event> = Vec::new();
    let report = pollster::block_on(boot(
        &source,
        &config,
        &mut flash,
        Cause::PowerOn,
        &mut |e: &Event| events.push(e.clone()),
    ));
    let shown = if a.show_secrets {
        report
    } else {
        report.masked()
    };

    if a.json {
        emit(std::io::stdout(), &format!("{}\n", shown.to_json()));
    } else {
        let ctx = render::Context {
            server: &described,
            flash_before: &flash_before,
        };
        emit(std::io::stdout(), &render::human(&shown, &events, &ctx));
    }
    Ok(match shown.outcome {
        Some(Outcome::Registered) => 0,
        _ => 1,
    })
}
