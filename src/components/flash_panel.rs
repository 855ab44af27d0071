use phoneboot_engine::{Flash, LoadedFile};
use yew::prelude::*;

use crate::browser::format_time;
use crate::view::format_bytes;

#[derive(Properties, PartialEq)]
pub struct FlashProps {
    pub flash: Flash,
}

/// What survives a restart: the two flash slots (spec section 7).
#[function_component]
pub fn FlashPanel(p: &FlashProps) -> Html {
    let slot = |title: &str, testid: &str, f: &Option<LoadedFile>| -> Html {
        html! {
            <div class="flash-slot" data-testid={testid.to_owned()}>
                <h3>{title.to_owned()}</h3>
                { match f {
                    None => html! { <p class="muted">{"empty"}</p> },
                    Some(f) => html! {
                        <dl>
                            <dt>{"Name"}</dt><dd class="mono" data-testid={format!("{testid}-name")}>{f.name.clone()}</dd>
                            if f.sha256.is_empty() {
                                <dt>{"Written"}</dt><dd class="muted">{"typed in the settings panel (size and digest unknown)"}</dd>
                            } else {
                                <dt>{"Size"}</dt><dd>{format!("{} ({} bytes)", format_bytes(f.size), f.size)}</dd>
                                <dt>{"SHA-256"}</dt><dd class="mono digest">{f.sha256.clone()}</dd>
                                <dt>{"Written"}</dt><dd>{format_time(f.written_ms)}</dd>
                            }
                        </dl>
                    },
                } }
            </div>
        }
    };
    let settings = p.flash.settings.len();
    html! {
        <section class="panel" aria-labelledby="flash-h" data-testid="flash-panel">
            <h2 id="flash-h">{"Flash"}</h2>
            <div class="flash-slots">
                { slot("Boot code", "flash-boot", &p.flash.boot_code) }
                { slot("Application", "flash-app", &p.flash.application) }
            </div>
            <p class="muted">
                { if settings == 0 { "No settings saved yet.".to_owned() }
                  else { format!("{settings} settings saved from the last registration.") } }
                {" Kept in this browser's storage across reloads."}
            </p>
        </section>
    }
}
