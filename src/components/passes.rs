use yew::prelude::*;

use super::emu_note;
use crate::view::{cause_label, PassRow};

/// The boot passes of the session and why each restart happened.
///
/// A plain function, not a component: it has no state of its own, and a
/// component's machinery costs about a kilobyte of the wasm.
pub fn passes_panel(rows: &[PassRow]) -> Html {
    markup! {
        <section class="panel" aria-labelledby="passes-h">
            <h2 id="passes-h">{"Boot passes and restarts"}</h2>
            <ol class="passes">
                { for rows.iter().map(|r| markup! {
                    <li data-testid="pass-row">
                        <span class="pass-no">{format!("Pass {}", r.pass)}</span>
                        <span class="muted">{cause_label(r.cause)}</span>
                        if let Some(reason) = &r.restart {
                            <span class="restart" data-testid="restart-row">
                                <span aria-hidden="true">{"\u{21bb} "}</span>{"restart: "}{reason.clone()}
                            </span>
                        }
                    </li>
                }) }
            </ol>
            if rows.len() > 1 {
                { emu_note("each pass starts again from the DHCP values: servers a file moved (SET HTTPSRVR, HTTPDIR, HTTPPORT) count for the rest of that pass only (spec 2.5).") }
            }
        </section>
    }
}
