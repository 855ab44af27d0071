//! The default command: boot one phone and print what it did.

use phoneboot_engine::events::{Cause, Event, Outcome};
use phoneboot_engine::{boot, BootConfig, Flash};

use crate::args::{read_digest, PhoneArgs, ServerArgs};
use crate::error::CliError;
use crate::format::Format;
use crate::source::Source;
use crate::{emit, flash_file, format, render};

/// The boot (no subcommand).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct Args {
    #[command(flatten)]
    pub server: ServerArgs,

    #[command(flatten)]
    pub phone: PhoneArgs,

    /// How to print the report: text, json, sarif (SARIF 2.1.0 for code
    /// scanning) or github (workflow annotations)
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = Format::Text, help_heading = "OPTIONS")]
    pub format: Format,

    /// Print the report as one JSON object instead of text (same as --format json)
    #[arg(long, conflicts_with = "format", help_heading = "OPTIONS")]
    pub json: bool,

    /// Show passwords and other secret values (masked by default)
    #[arg(long, help_heading = "OPTIONS")]
    pub show_secrets: bool,

    /// Reference SHA-256 for downloaded files (may be given more than once)
    ///
    /// A file in sha256sum format, a 64-hex-digit digest (applies to any
    /// file), or "HEX  NAME".
    #[arg(long = "digest", value_name = "FILE_OR_HEX", help_heading = "OPTIONS")]
    pub digests: Vec<String>,

    /// Keep the phone's flash in FILE across runs (JSON, the format the web app stores)
    ///
    /// Read before the boot (a missing FILE is a factory-fresh phone) and written after it, so
    /// AUTH, firmware and language files carry over to the next run. --bootname/--appname
    /// replace the slots they name. A FILE that is not flash JSON is an error and is left as it is.
    #[arg(long, value_name = "FILE", help_heading = "THE PHONE")]
    pub flash: Option<std::path::PathBuf>,

    /// The extension the user logs in with (digits); with BRURI set, the phone then restores
    /// BRURI/<N>_16xxdata.txt
    #[arg(long, value_name = "N", value_parser = parse_extension, help_heading = "THE PHONE")]
    pub extension: Option<String>,
}

fn parse_extension(s: &str) -> Result<String, CliError> {
    phoneboot_engine::config::parse_extension(s)?.ok_or(CliError::EmptyExtension)
}

/// Runs one boot session and prints it; `Err` is a usage error.
pub fn run(a: &Args) -> Result<i32, CliError> {
    let phone = a.phone.phone()?;
    let mut digests = String::new();
    for d in &a.digests {
        digests.push_str(&read_digest(d)?);
        digests.push('\n');
    }
    let opened = a.server.open()?;

    let mut config = BootConfig::new(phone, opened.spec);
    config.timeout_ms = opened.timeout_ms;
    config.pasted_digests = digests;
    config.extension = a.extension.clone();
    config.folder = matches!(opened.source, crate::source::Source::Dir(_));

    let mut flash = match &a.flash {
        Some(path) => flash_file::with_names(
            flash_file::load(path)?.unwrap_or_else(Flash::factory),
            a.phone.bootname(),
            a.phone.appname(),
        ),
        None => Flash::with_loaded(a.phone.bootname(), a.phone.appname()),
    };
    let flash_before = flash.clone();
    let mut events: Vec<Event> = Vec::new();
    let report = pollster::block_on(boot(
        &opened.source,
        &config,
        &mut flash,
        Cause::PowerOn,
        &mut |e: &Event| events.push(e.clone()),
    ));
    if let Some(path) = &a.flash {
        flash_file::save(path, &flash)?;
    }
    let shown = if a.show_secrets {
        report
    } else {
        report.masked()
    };

    let path_of = |file: &str| artifact(&opened.source, &shown, file);
    match if a.json { Format::Json } else { a.format } {
        Format::Json => emit(std::io::stdout(), &format!("{}\n", shown.to_json())),
        Format::Text => {
            let ctx = render::Context {
                server: &opened.described,
                flash_before: &flash_before,
            };
            emit(std::io::stdout(), &render::human(&shown, &events, &ctx));
        }
        Format::Sarif => {
            let log = format::sarif(&shown, &path_of);
            let text = serde_json::to_string_pretty(&log).unwrap_or_default();
            emit(std::io::stdout(), &format!("{text}\n"));
        }
        Format::Github => {
            let outcome = match shown.outcome {
                Some(Outcome::Registered) => "registered",
                _ => "NOT registered",
            };
            emit(
                std::io::stdout(),
                &format::github(&shown, outcome, &path_of),
            );
        }
    }
    Ok(match shown.outcome {
        Some(Outcome::Registered) => 0,
        _ => 1,
    })
}

/// Where a warning's file was read from, for SARIF and annotations: the path
/// under the folder (relative to the current directory when it can be), or
/// the URL it came from; the bare name when it was never fetched.
fn artifact(source: &Source, report: &phoneboot_engine::Report, file: &str) -> String {
    let Some(entry) = report
        .files
        .iter()
        .rev()
        .find(|f| f.name.eq_ignore_ascii_case(file))
    else {
        return file.to_owned();
    };
    match source {
        Source::Dir(d) => match d.resolve(&entry.url) {
            Ok(path) => {
                let cwd = std::env::current_dir().ok();
                let rel = cwd
                    .as_deref()
                    .and_then(|c| path.strip_prefix(c).ok())
                    .unwrap_or(&path);
                rel.to_string_lossy().replace('\\', "/")
            }
            Err(_) => file.to_owned(),
        },
        Source::Http(_) => entry.url.clone(),
    }
}
