use phoneboot_engine::Warning;
use yew::prelude::*;

use crate::view::{location_label, name_of};

/// Everything worth telling about the files (spec section 5): the real
/// phone is silent about all of it. A warning about a line of a file the
/// trace shows (`traced`) links there through `on_focus`.
///
/// A plain function, not a component: it has no state, its callback is new
/// on every render of the Boot page anyway, and a component's machinery
/// costs about a kilobyte of the wasm.
pub fn warnings_panel(
    warnings: &[Warning],
    traced: &[String],
    on_focus: &Callback<(String, u32)>,
) -> Html {
    let mut sorted: Vec<&Warning> = warnings.iter().collect();
    // Errors first; the engine's order within a severity is kept.
    sorted.sort_by_key(|w| std::cmp::Reverse(w.severity));
    markup! {
        <section class="panel" aria-labelledby="warnings-h">
            <h2 id="warnings-h">{"Warnings"}{" "}<span class="count">{warnings.len()}</span></h2>
            if sorted.is_empty() {
                <p class="muted">{"No warnings."}</p>
            } else {
                <ul class="warnings" data-testid="warnings">
                    { for sorted.iter().map(|w| {
                        let sev = name_of(&w.severity);
                        let target = w.line.filter(|_| traced.iter().any(|f| f.eq_ignore_ascii_case(&w.file)));
                        let place = match target {
                            Some(line) => {
                                let file = w.file.clone();
                                let onclick = on_focus.reform(move |_: MouseEvent| (file.clone(), line));
                                markup! {
                                    <button type="button" class="link mono where" data-testid="lint-link"
                                            data-line={line.to_string()} onclick={onclick}
                                            aria-label={format!("{}: show it in the script trace", location_label(w))}>
                                        {location_label(w)}
                                    </button>
                                }
                            }
                            None => markup! { <span class="mono where">{location_label(w)}</span> },
                        };
                        markup! {
                            <li class={classes!("warning-item", format!("sev-{sev}"))} data-testid="warning-row"
                                data-severity={sev.clone()} data-code={name_of(&w.code)} data-file={w.file.clone()}
                                data-line={w.line.map(|l| l.to_string())}>
                                <div class="warning-head">
                                    <span class={classes!("badge", sev.clone())}>{sev.clone()}</span>
                                    {place}
                                </div>
                                <p class="message" data-testid="warning-message">{w.message.clone()}</p>
                                <p class="fix"><span class="label">{"Fix: "}</span>{w.fix.clone()}</p>
                            </li>
                        }
                    }) }
                </ul>
            }
        </section>
    }
}
