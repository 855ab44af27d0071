//! "The phone shows": a display text typed by the user, and every 1600
//! message it matches (the engine's table), with phase, meaning, causes,
//! fixes, source tag and a button that runs the boot that shows it.

use phoneboot_engine::display_messages::{closest, matches, DisplayMessage, Tag};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The longest text the field takes: more than any display holds.
const MAX_TYPED: usize = 256;

#[derive(Properties, PartialEq)]
pub struct PhoneShowsProps {
    /// Set up and run the boot of a demo set-up (an id of `display_messages::SCENARIOS`).
    pub on_show: Callback<AttrValue>,
}

fn tag_class(t: Tag) -> &'static str {
    match t {
        Tag::Doc => "tag-doc",
        Tag::Real => "tag-real",
        Tag::Emu => "tag-emu",
    }
}

fn tag_title(t: Tag) -> &'static str {
    match t {
        Tag::Doc => "Stated in Avaya documentation",
        Tag::Real => "Seen on real phones or in real provisioning files",
        Tag::Emu => "Avaya publishes no meaning: this is the emulator's own",
    }
}

fn message_card(m: &'static DisplayMessage, on_show: &Callback<AttrValue>) -> Html {
    let show = m.scenario.map(|id| {
        let on_show = on_show.clone();
        let title = m.scenario_title().unwrap_or("Show this boot");
        (
            Callback::from(move |_: MouseEvent| on_show.emit(AttrValue::from(id))),
            title,
            id,
        )
    });
    markup! {
        <li class="says-match" data-testid="says-match">
            <div class="says-head">
                <span class="says-message mono" data-testid="says-message">{m.message()}</span>
                <span class={classes!("says-tag", tag_class(m.source))} title={tag_title(m.source)}
                      data-testid="says-tag">{m.source.label()}</span>
                <span class="says-phase" data-testid="says-phase">{m.phase}</span>
            </div>
            <p class="says-meaning" data-testid="says-meaning">{m.meaning}</p>
            <div class="says-lists">
                <div>
                    <h4>{"Likely causes"}</h4>
                    <ul data-testid="says-causes">{ for m.causes.iter().map(|c| markup! { <li>{*c}</li> }) }</ul>
                </div>
                <div>
                    <h4>{"Fixes"}</h4>
                    <ul data-testid="says-fixes">{ for m.fixes.iter().map(|c| markup! { <li>{*c}</li> }) }</ul>
                </div>
            </div>
            if let Some((cb, title, id)) = show {
                <button type="button" class="link says-show" data-testid="says-show" data-scenario={id}
                        onclick={cb}>{format!("{title} \u{2192}")}</button>
            } else if !m.emulated {
                <p class="hint">{"The emulator does not produce this message: it comes from the network or the call server, after the files."}</p>
            }
        </li>
    }
}

/// The field and its live matches.
#[function_component]
pub fn PhoneShows(p: &PhoneShowsProps) -> Html {
    let typed = use_state(String::new);
    let on_input = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            let v: String = e
                .target_unchecked_into::<HtmlInputElement>()
                .value()
                .chars()
                .take(MAX_TYPED)
                .collect();
            typed.set(v);
        })
    };
    let found = use_memo((*typed).clone(), |t| matches(t));
    let near = use_memo((*typed).clone(), |t| closest(t, 3));
    let empty = typed.trim().is_empty();
    markup! {
        <section class="panel says" aria-labelledby="says-title">
            <h2 id="says-title">{"What the phone shows"}</h2>
            <div class="field">
                <label for="says-input">{"The phone shows"}</label>
                <input id="says-input" type="text" data-testid="says-input" maxlength={MAX_TYPED.to_string()}
                       value={(*typed).clone()} oninput={on_input} autocomplete="off" spellcheck="false"
                       placeholder="e.g. HTTP:3 404, DHCP: 12 secs, System busy" aria-describedby="says-hint" />
                <p class="hint" id="says-hint">
                    {"Type the display text as the customer reads it: case, spacing, dots and the numbers in it do not matter."}
                </p>
            </div>
            <div aria-live="polite" data-testid="says-results">
                if empty {
                    <p class="muted">{"Every message of the 1600's boot is known here, and the documented ones the emulator does not produce."}</p>
                } else if found.is_empty() {
                    <p class="says-none" data-testid="says-none">{format!("No 1600 display message matches \u{201c}{}\u{201d}. The closest:", typed.trim())}</p>
                    <ul class="says-list">{ for near.iter().map(|m| message_card(m, &p.on_show)) }</ul>
                } else {
                    <p class="muted" data-testid="says-count">{format!("{} matching message{}", found.len(), if found.len() == 1 { "" } else { "s" })}</p>
                    <ul class="says-list">{ for found.iter().map(|m| message_card(m, &p.on_show)) }</ul>
                }
            </div>
        </section>
    }
}
