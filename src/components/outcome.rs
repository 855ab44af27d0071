use phoneboot_engine::Outcome;
use yew::prelude::*;

use super::EmuNote;
use crate::view::tag_of;

#[derive(Properties, PartialEq)]
pub struct OutcomeProps {
    /// `None` while the boot runs, or before the first one.
    pub outcome: Option<Outcome>,
    pub running: bool,
    pub passes: u32,
    pub restarts: u32,
    /// The server was given as a plain base URL rather than option 242.
    pub base_url: bool,
    /// No server delivered 16xxupgrade.txt.
    pub no_upgrade_script: bool,
    /// Which boot session this is about (0: none yet), so a reader can tell
    /// a new result from the previous one.
    pub run: u32,
    /// The last download of the session was refused (failed a check, or
    /// could not be made), rather than written.
    #[prop_or_default]
    pub last_download_refused: bool,
}

/// How the boot session ended, in words, with the emulator rule behind it
/// when one decided it.
#[function_component]
pub fn OutcomePanel(p: &OutcomeProps) -> Html {
    let Some(outcome) = &p.outcome else {
        let text = if p.running {
            "Booting…"
        } else {
            "Not booted yet. Choose a model and press Boot."
        };
        return html! {
            <section class="outcome idle" data-testid="outcome" data-run={p.run.to_string()} data-outcome={if p.running { "running" } else { "idle" }} aria-live="polite">
                <h2 class="outcome-title">{text}</h2>
            </section>
        };
    };
    let (class, title, detail, rule): (&str, String, String, Option<&str>) = match outcome {
        Outcome::Registered => (
            "good",
            "Registered".to_owned(),
            if p.no_upgrade_script {
                "No upgrade script: the phone kept its software and went on to register without a settings file.".to_owned()
            } else {
                "The phone went on to register with its call server: Login / Enter Extension.".to_owned()
            },
            p.no_upgrade_script
                .then_some("without 16xxupgrade.txt a phone with an application registers with what it has (spec 3.2)."),
        ),
        Outcome::NoApplication => (
            "bad",
            "No application: System busy".to_owned(),
            "No server delivered 16xxupgrade.txt and flash holds no application, so the phone cannot start.".to_owned(),
            Some("with no upgrade script and no application in flash, the boot stops at System busy (spec 3.2)."),
        ),
        Outcome::RestartLoop { restarts, reason } => (
            "bad",
            format!("Restart loop stopped after {restarts} restarts"),
            if p.last_download_refused {
                format!("The upgrade script asks for a file the phone cannot use, so each time it keeps the software it has, restarts and asks for the same file again. After {restarts} restarts the emulator stopped; a real phone would go on restarting. Nothing was written to flash. Why: {reason}. Fix the file on the server (or its published digest), or make 16xxupgrade.txt choose a file that passes.")
            } else {
                format!("Each pass wrote a different file to flash and restarted, so the phone never reached the settings. After {restarts} restarts the emulator stopped; a real phone would go on restarting. Last: {reason}. Make 16xxupgrade.txt choose, on the next pass, the file just loaded (IF $APPNAME SEQ ... / IF $BOOTNAME SEQ ...).")
            },
            Some("a real phone would keep restarting; the emulator stops after 3 restarts in one boot session (spec 3.4)."),
        ),
        Outcome::Bound { bound, file, line } => (
            "bad",
            "Boot stopped by a safety bound".to_owned(),
            match line {
                Some(l) => format!("{bound} reached in {file} at line {l}."),
                None => format!("{bound} reached in {file}."),
            },
            Some("the emulator bounds statements, GETs and file sizes so a broken script cannot hang it (spec 4)."),
        ),
        Outcome::NoServers => (
            "bad",
            "No file server".to_owned(),
            "Option 242 names no HTTPSRVR or TLSSRVR, so the phone has nowhere to fetch files from.".to_owned(),
            None,
        ),
    };
    let summary = format!(
        "{} boot pass{}, {} restart{}",
        p.passes,
        if p.passes == 1 { "" } else { "es" },
        p.restarts,
        if p.restarts == 1 { "" } else { "s" }
    );
    html! {
        <section class={classes!("outcome", class)} data-testid="outcome" data-run={p.run.to_string()} data-outcome={tag_of(outcome, "outcome")} aria-live="polite">
            <h2 class="outcome-title" data-testid="outcome-title">{title}</h2>
            <p><span data-testid="outcome-detail">{detail}</span>{" "}<span class="muted">{summary}</span></p>
            if let Some(rule) = rule {
                <EmuNote rule={rule} />
            }
            if p.base_url {
                <EmuNote rule="the server was given as a base URL; a real phone learns its servers from DHCP option 242 (spec 2.1)." />
            }
        </section>
    }
}
