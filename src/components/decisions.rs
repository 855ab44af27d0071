use phoneboot_engine::Decision;
use yew::prelude::*;

use super::emu_note;
use crate::view::{tag_of, DecisionRow};

/// What each pass decided about APPNAME (spec section 3.4).
///
/// A plain function, not a component: it has no state of its own, and a
/// component's machinery costs about a kilobyte of the wasm.
pub fn decision_panel(rows: &[DecisionRow]) -> Html {
    markup! {
        <section class="panel" aria-labelledby="decision-h">
            <h2 id="decision-h">{"APPNAME decision"}</h2>
            if rows.is_empty() {
                <p class="muted">{"No decision: the upgrade script was not interpreted."}</p>
            } else {
                <ul class="decisions">
                    { for rows.iter().map(|r| {
                        let kind = tag_of(&r.decision, "decision");
                        let text = match &r.decision {
                            Decision::Unset => markup! { {"APPNAME unset: nothing to download."} },
                            Decision::Skip { name, slot } => markup! { <>
                                <code>{name.clone()}</code>{format!(" is the loaded {}: no download.", slot.label())}
                            </> },
                            Decision::Download { name, slot, loaded } => markup! { <>
                                {"Download "}<code>{name.clone()}</code>{format!(" as {}", slot.label())}
                                { match loaded {
                                    Some(l) => markup! { <>{", replacing "}<code>{l.clone()}</code>{"."}</> },
                                    None => markup! { {" (none loaded)."} },
                                } }
                            </> },
                        };
                        markup! {
                            <li data-testid="decision" data-decision={kind.clone()}>
                                <span class="muted pass-tag">{format!("Pass {}", r.pass)}</span>
                                <span class={classes!("badge", kind.clone())}>{kind.clone()}</span>
                                <span class="decision-text">{text}</span>
                            </li>
                        }
                    }) }
                </ul>
                { emu_note("APPNAME is checked when interpretation reaches the first GET or the end of 16xxupgrade.txt; names starting hb are boot code (spec 3.4).") }
            }
        </section>
    }
}
