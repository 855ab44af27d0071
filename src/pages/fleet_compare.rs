//! Two phones side by side: the same server in two groups or models, or the
//! same phone against two servers. Parameters only in one and parameters with
//! different values, each with the file and line that set it.

use std::rc::Rc;

use phoneboot_engine::fleet::{Cell, Source};
use phoneboot_engine::report::shown_value;
use phoneboot_engine::{Model, ServerSpec};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::error::WebError;
use crate::state::fleet::{server_text, Comparison, Side, SideEdit, Which};

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub left: Side,
    pub right: Side,
    pub comparison: Option<Rc<Comparison>>,
    pub comparing: bool,
    pub error: Option<WebError>,
    pub reveal: bool,
    /// The user edited a side.
    pub on_edit: Callback<(Which, SideEdit)>,
    /// The right side becomes the left's phone.
    pub on_same_phone: Callback<()>,
    pub on_compare: Callback<()>,
}

fn side_editor(which: Which, side: &Side, d: &Callback<(Which, SideEdit)>) -> Html {
    let key = match which {
        Which::Left => "left",
        Which::Right => "right",
    };
    let on_server = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            d.emit((
                which,
                SideEdit::Server(e.target_unchecked_into::<HtmlInputElement>().value()),
            ))
        })
    };
    let on_group = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            d.emit((
                which,
                SideEdit::Group(e.target_unchecked_into::<HtmlInputElement>().value()),
            ))
        })
    };
    let on_model = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            if let Some(m) = Model::parse(&e.target_unchecked_into::<HtmlSelectElement>().value()) {
                d.emit((which, SideEdit::Model(m)));
            }
        })
    };
    let group_error = crate::state::parse_group(&side.group).err();
    markup! {
        <fieldset class="compare-side" data-testid={format!("compare-{key}")}>
            <legend>{ if which == Which::Left { "Left" } else { "Right" } }</legend>
            <div class="row">
                <div class="field">
                    <label for={format!("compare-{key}-model")}>{"Model"}</label>
                    <select id={format!("compare-{key}-model")} data-testid={format!("compare-{key}-model")} onchange={on_model}>
                        { for Model::ALL.iter().map(|m| markup! {
                            <option value={m.name()} selected={*m == side.model}>{m.name()}</option>
                        }) }
                    </select>
                </div>
                <div class={classes!("field", group_error.is_some().then_some("invalid"))}>
                    <label for={format!("compare-{key}-group")}>{"GROUP"}</label>
                    <input id={format!("compare-{key}-group")} type="text" inputmode="numeric"
                           data-testid={format!("compare-{key}-group")} value={side.group.clone()} oninput={on_group} />
                </div>
            </div>
            <div class="field">
                <label for={format!("compare-{key}-server")}>{"Server"}</label>
                <input id={format!("compare-{key}-server")} type="text" class="mono" spellcheck="false" autocomplete="off"
                       data-testid={format!("compare-{key}-server")} value={side.server.clone()} oninput={on_server} />
            </div>
        </fieldset>
    }
}

fn value_cell(name: &str, s: Option<&Source>, reveal: bool, testid: &str) -> Html {
    match s {
        Some(s) => markup! {
            <td data-testid={testid.to_owned()}>
                <span class="mono value">{ shown_value(name, &s.value, reveal).to_owned() }</span>
                <span class="where mono" data-testid="compare-where">{s.place()}</span>
            </td>
        },
        None => {
            markup! { <td data-testid={testid.to_owned()}><span class="muted">{"not set"}</span></td> }
        }
    }
}

fn phone_label(server: &ServerSpec, cell: &Cell) -> String {
    format!(
        "{} · GROUP {} · {}",
        cell.model.name(),
        cell.group,
        server_text(server)
    )
}

fn downloads(cell: &Cell) -> String {
    if cell.downloads.is_empty() {
        "nothing".to_owned()
    } else {
        cell.downloads.join(" → ")
    }
}

#[function_component]
pub fn ComparePanel(p: &CompareProps) -> Html {
    let run = p.on_compare.reform(|_: MouseEvent| ());
    let same = p.on_same_phone.reform(|_: MouseEvent| ());
    let valid = p.left.parsed().is_ok() && p.right.parsed().is_ok();
    let result = p.comparison.as_ref().map(|c| {
        let (ls, l) = &c.left;
        let (rs, r) = &c.right;
        let summary = match c.diffs.len() {
            0 => "nothing differs".to_owned(),
            1 => "1 parameter differs".to_owned(),
            n => format!("{n} parameters differ"),
        };
        markup! {
            <div class="compare-result" data-testid="compare-result">
                <p data-testid="compare-summary">
                    <strong>{phone_label(ls, l)}</strong>{" vs "}<strong>{phone_label(rs, r)}</strong>{": "}{summary}
                </p>
                <p class="muted" data-testid="compare-downloads">
                    {format!("Downloads on the way: {} | {}", downloads(l), downloads(r))}
                </p>
                if !c.diffs.is_empty() {
                    <div class="table-wrap">
                        <table class="compare-table" data-testid="compare-table">
                            <thead><tr>
                                <th scope="col">{"Parameter"}</th>
                                <th scope="col">{"Left"}</th>
                                <th scope="col">{"Right"}</th>
                                <th scope="col">{"Difference"}</th>
                            </tr></thead>
                            <tbody>
                                { for c.diffs.iter().map(|d| {
                                    let kind = match (&d.left, &d.right) {
                                        (Some(_), None) => "only-left",
                                        (None, Some(_)) => "only-right",
                                        _ => "different",
                                    };
                                    markup! {
                                        <tr data-testid="compare-row" data-name={d.name.clone()} data-kind={kind}>
                                            <th scope="row" class="mono">{d.name.clone()}</th>
                                            { value_cell(&d.name, d.left.as_ref(), p.reveal, "compare-left-value") }
                                            { value_cell(&d.name, d.right.as_ref(), p.reveal, "compare-right-value") }
                                            <td><span class={classes!("badge", if kind == "different" { "warning" } else { "info" })}>
                                                { match kind { "only-left" => "only left", "only-right" => "only right", _ => "different" } }
                                            </span></td>
                                        </tr>
                                    }
                                }) }
                            </tbody>
                        </table>
                    </div>
                }
            </div>
        }
    });
    markup! {
        <section class="panel fleet-compare" aria-labelledby="compare-h" data-testid="fleet-compare">
            <div class="panel-head">
                <h2 id="compare-h">{"Compare two phones"}</h2>
            </div>
            <p class="muted">{"Pick two cells with ⇄, or set each side here: two groups, two models, or the same phone against two servers."}</p>
            <div class="compare-sides">
                { side_editor(Which::Left, &p.left, &p.on_edit) }
                { side_editor(Which::Right, &p.right, &p.on_edit) }
            </div>
            <div class="controls">
                <button type="button" class="primary" data-testid="compare-run" disabled={!valid || p.comparing} onclick={run}>
                    { if p.comparing { "Comparing…" } else { "Compare" } }
                </button>
                <button type="button" data-testid="compare-same-phone" onclick={same}
                        title="Right: the left side's model and group, so only the servers differ">{"Same phone on the right"}</button>
            </div>
            if let Some(e) = &p.error {
                <p class="field-error" role="alert" data-testid="compare-error">{e.to_string()}</p>
            }
            { for result }
        </section>
    }
}
