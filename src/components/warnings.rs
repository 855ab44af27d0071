use phoneboot_engine::Warning;
use yew::prelude::*;

use crate::view::{location_label, name_of};

#[derive(Properties, PartialEq)]
pub struct WarningsProps {
    pub warnings: Vec<Warning>,
    /// Files the trace shows: a warning about one of their lines links there.
    #[prop_or_default]
    pub traced: Vec<String>,
    /// Show a file's line in the trace.
    #[prop_or_default]
    pub on_focus: Callback<(String, u32)>,
}

/// Everything worth telling about the files (spec section 5): the real
/// phone is silent about all of it.
#[function_component]
pub fn WarningsPanel(p: &WarningsProps) -> Html {
    let mut sorted: Vec<&Warning> = p.warnings.iter().collect();
    // Errors first; the engine's order within a severity is kept.
    sorted.sort_by_key(|w| std::cmp::Reverse(w.severity));
    html! {
        <section class="panel" aria-labelledby="warnings-h">
            <h2 id="warnings-h">{"Warnings"}{" "}<span class="count">{p.warnings.len()}</span></h2>
            if sorted.is_empty() {
                <p class="muted">{"No warnings."}</p>
            } else {
                <ul class="warnings" data-testid="warnings">
                    { for sorted.iter().map(|w| {
                        let sev = name_of(&w.severity);
                        let target = w.line.filter(|_| p.traced.iter().any(|f| f.eq_ignore_ascii_case(&w.file)));
                        let place = match target {
                            Some(line) => {
                                let file = w.file.clone();
                                let onclick = p.on_focus.reform(move |_: MouseEvent| (file.clone(), line));
                                html! {
                                    <button type="button" class="link mono where" data-testid="lint-link"
                                            data-line={line.to_string()} onclick={onclick}
                                            aria-label={format!("{}: show it in the script trace", location_label(w))}>
                                        {location_label(w)}
                                    </button>
                                }
                            }
                            None => html! { <span class="mono where">{location_label(w)}</span> },
                        };
                        html! {
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
