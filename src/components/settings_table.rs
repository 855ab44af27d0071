use std::collections::{BTreeMap, HashMap};

use phoneboot_engine::catalog::is_secret;
use phoneboot_engine::report::{shown_value, SettingEntry};
use phoneboot_engine::{Origin, Warning};
use yew::prelude::*;

use crate::markup::element;
use crate::view::{location_label, name_of, origin_label, warnings_for};

pub struct SettingsTableProps<'a> {
    pub settings: &'a BTreeMap<String, SettingEntry>,
    pub warnings: &'a [Warning],
    pub set_lines: &'a HashMap<(String, u32), String>,
    pub reveal: bool,
    pub on_toggle_reveal: &'a Callback<()>,
}

/// The effective settings of the last pass, with the warnings about the
/// lines that set them.
///
/// A plain function, not a component: it has no state, its callback is new
/// on every render of the Boot page anyway, and a component's machinery
/// costs about a kilobyte of the wasm.
pub fn settings_table(p: &SettingsTableProps<'_>) -> Html {
    let any_secret = p.settings.keys().any(|k| is_secret(k));
    let toggle = p.on_toggle_reveal.reform(|_: Event| ());
    markup! {
        <section class="panel" aria-labelledby="settings-h">
            <div class="panel-head">
                <h2 id="settings-h">{"Effective settings"}</h2>
                if any_secret {
                    <span class="toggle">
                        <input type="checkbox" id="reveal-secrets" data-testid="reveal-secrets" checked={p.reveal} onchange={toggle} />
                        <label for="reveal-secrets">{"Reveal secrets"}</label>
                    </span>
                }
            </div>
            if p.settings.is_empty() {
                <p class="muted">{"No settings: nothing was applied in the last pass."}</p>
            } else {
                <div class="table-wrap">
                    <table class="settings-table" data-testid="settings-table">
                        <thead><tr>
                            <th scope="col">{"Name"}</th>
                            <th scope="col">{"Value"}</th>
                            <th scope="col">{"Set at"}</th>
                            <th scope="col">{"Source"}</th>
                        </tr></thead>
                        <tbody>
                            { for p.settings.iter().map(|(name, entry)| {
                                let secret = is_secret(name);
                                let value = shown_value(name, &entry.value, p.reveal).to_owned();
                                let notes = warnings_for(name, entry, p.warnings, p.set_lines);
                                markup! {
                                    <>
                                    // No classes on the cells: the columns style them
                                    // (styles/app.css), four attributes fewer a row.
                                    { element("tr", &["data-testid", "class"],
                                        vec![Some(format!("setting-{name}").into()), secret.then_some("secret".into())],
                                        vec![markup! { <>
                                            <th scope="row">{name.clone()}</th>
                                            <td data-testid={format!("value-{name}")}>{value}</td>
                                            <td>{origin_label(entry)}</td>
                                            <td>{ match entry.source { Origin::File => "file", Origin::Dhcp => "DHCP" } }</td>
                                        </> }]) }
                                    if !notes.is_empty() {
                                        <tr class="setting-notes" data-testid={format!("setting-notes-{name}")}>
                                            <td colspan="4">
                                                <ul>
                                                    { for notes.iter().map(|w| markup! {
                                                        <li class={name_of(&w.severity)}>
                                                            <span class="mono">{location_label(w)}</span>{": "}{w.message.clone()}
                                                        </li>
                                                    }) }
                                                </ul>
                                            </td>
                                        </tr>
                                    }
                                    </>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </section>
    }
}
