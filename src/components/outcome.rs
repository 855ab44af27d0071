use phoneboot_engine::outcome::{counts, OutcomeFacts, BASE_URL_NOTE};
use phoneboot_engine::Outcome;
use yew::prelude::*;

use super::emu_note;
use crate::view::tag_of;

pub struct OutcomeProps {
    /// `None` while the boot runs, or before the first one.
    pub outcome: Option<Outcome>,
    pub running: bool,
    pub passes: u32,
    pub restarts: u32,
    /// The server was given as a plain base URL rather than option 242.
    pub base_url: bool,
    /// What the outcome's wording depends on besides the outcome.
    pub facts: OutcomeFacts,
    /// Which boot session this is about (0: none yet), so a reader can tell
    /// a new result from the previous one.
    pub run: u32,
}

/// How the boot session ended, in the engine's words, with the emulator
/// rule behind it when one decided it.
///
/// A plain function, not a component: it has no state of its own, and a
/// component's machinery costs about a kilobyte of the wasm.
pub fn outcome_panel(p: &OutcomeProps) -> Html {
    let Some(outcome) = &p.outcome else {
        let text = if p.running {
            "Booting…"
        } else {
            "Not booted yet. Choose a model and press Boot."
        };
        return markup! {
            <section class="outcome idle" data-testid="outcome" data-run={p.run.to_string()} data-outcome={if p.running { "running" } else { "idle" }} aria-live="polite">
                <h2 class="outcome-title">{text}</h2>
            </section>
        };
    };
    let t = outcome.text(p.facts);
    let class = if t.registered { "good" } else { "bad" };
    markup! {
        <section class={classes!("outcome", class)} data-testid="outcome" data-run={p.run.to_string()} data-outcome={tag_of(outcome, "outcome")} aria-live="polite">
            <h2 class="outcome-title" data-testid="outcome-title">{t.title}</h2>
            <p><span data-testid="outcome-detail">{t.detail}</span>{" "}<span class="muted">{counts(p.passes, p.restarts)}</span></p>
            if let Some(rule) = t.rule {
                { emu_note(rule) }
            }
            if p.base_url {
                { emu_note(BASE_URL_NOTE) }
            }
        </section>
    }
}
