use phoneboot_engine::Cause;
use yew::prelude::*;

use crate::view::format_bytes;

pub struct ControlsProps {
    pub running: bool,
    pub valid: bool,
    pub on_boot: Callback<Cause>,
    pub on_factory_reset: Callback<()>,
}

/// Power on, remote restart and factory reset.
///
/// A plain function, not a component: it has no state of its own, and a
/// component's machinery costs about a kilobyte of the wasm.
pub fn controls(p: &ControlsProps) -> Html {
    let busy = p.running || !p.valid;
    let boot = p.on_boot.reform(|_: MouseEvent| Cause::PowerOn);
    let restart = p.on_boot.reform(|_: MouseEvent| Cause::RemoteRestart);
    let reset = p.on_factory_reset.reform(|_: MouseEvent| ());
    markup! {
        <div class="controls">
            <button type="button" class="primary" data-testid="boot-button" disabled={busy} onclick={boot}
                    title="Power the phone on: boot with what flash holds">
                { if p.running { "Booting…" } else { "Boot" } }
            </button>
            <button type="button" data-testid="restart-button" disabled={busy} onclick={restart}
                    title="A restart from the call server: the same boot, shown as a remote restart">{"Restart"}</button>
            <button type="button" class="danger" data-testid="factory-reset-button" disabled={p.running} onclick={reset}
                    title="Erase flash: no boot code, no application, no settings">{"Factory reset"}</button>
        </div>
    }
}

pub struct PlaybackProps {
    /// A boot runs or the display is still catching up with one.
    pub can_skip: bool,
    pub on_skip: Callback<()>,
    /// The latest download: file, bytes received, bytes expected.
    pub progress: Option<(AttrValue, u64, Option<u64>)>,
}

/// Under the phone: the download progress bar and "Skip animation" (a plain
/// function, like [`controls`]).
pub fn playback_bar(p: &PlaybackProps) -> Html {
    let skip = p.on_skip.reform(|_: MouseEvent| ());
    let progress = p.progress.as_ref().map(|(file, received, total)| {
        let label = match total {
            Some(t) => format!("{} of {}", format_bytes(*received), format_bytes(*t)),
            None => format!("{} received", format_bytes(*received)),
        };
        let (value, max) = match total {
            Some(t) if *t > 0 => (Some((*received).min(*t).to_string()), t.to_string()),
            _ => (None, "1".to_owned()),
        };
        markup! {
            <div class="progress" data-testid="progress">
                <label for="download-progress" class="mono">{file.clone()}</label>
                <progress id="download-progress" max={max} value={value} />
                <span class="progress-label" data-testid="progress-label">{label}</span>
            </div>
        }
    });
    markup! {
        <div class="playback">
            { for progress }
            <button type="button" class="link" data-testid="skip-animation" disabled={!p.can_skip} onclick={skip}>
                {"Skip animation"}
            </button>
        </div>
    }
}
