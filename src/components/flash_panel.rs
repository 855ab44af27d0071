use phoneboot_engine::{Flash, LoadedFile};
use yew::prelude::*;

use super::emu_note;
use crate::browser::format_time;
use crate::view::format_bytes;

/// What survives a restart (spec section 7): the two firmware slots, the
/// language and font files, and AUTH.
///
/// A plain function, not a component: it has no state of its own, and a
/// component's machinery costs about a kilobyte of the wasm.
pub fn flash_panel(flash: &Flash) -> Html {
    let slot = |title: &str, testid: &str, f: &Option<LoadedFile>| -> Html {
        markup! {
            <div class="flash-slot" data-testid={testid.to_owned()}>
                <h3>{title.to_owned()}</h3>
                { match f {
                    None => markup! { <p class="muted">{"empty"}</p> },
                    Some(f) => markup! {
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
    let settings = flash.settings.len();
    let languages: Vec<&LoadedFile> = flash.languages.iter().chain(flash.font.as_ref()).collect();
    markup! {
        <section class="panel" aria-labelledby="flash-h" data-testid="flash-panel">
            <h2 id="flash-h">{"Flash"}</h2>
            <div class="flash-slots">
                { slot("Boot code", "flash-boot", &flash.boot_code) }
                { slot("Application", "flash-app", &flash.application) }
            </div>
            <div class="flash-languages" data-testid="flash-languages">
                <h3>{"Language and font files"}</h3>
                if languages.is_empty() {
                    <p class="muted">{"none: the phone shows built-in English"}</p>
                } else {
                    <ul>
                        { for languages.iter().map(|f| markup! {
                            <li data-testid="flash-language">
                                <span class="mono">{f.name.clone()}</span>
                                {format!(" ({})", format_bytes(f.size))}
                                if flash.font.as_ref().is_some_and(|x| x.name == f.name) { {" font"} }
                            </li>
                        }) }
                    </ul>
                }
            </div>
            <p data-testid="flash-auth" data-auth={if flash.auth { "1" } else { "0" }}>
                if flash.auth {
                    <strong>{"AUTH 1: "}</strong>{"script and settings files come from TLS (HTTPS) servers only, on every boot until a file sets AUTH 0 or a factory reset (spec 2.8)."}
                } else {
                    {"AUTH 0: script and settings files from TLS servers first, then HTTP."}
                }
            </p>
            { emu_note("language and font files are kept when the answer is 200, complete, not an HTML page and at most 1 MiB each; no restart follows (spec 3.6).") }
            <p class="muted">
                { if settings == 0 { "No settings saved yet.".to_owned() }
                  else { format!("{settings} settings saved from the last registration.") } }
                {" Kept in this browser's storage across reloads."}
            </p>
        </section>
    }
}
