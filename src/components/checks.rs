use gloo_timers::callback::Timeout;
use phoneboot_engine::CheckStatus;
use yew::prelude::*;

use crate::view::{name_of, CheckGroup, DigestRow};

#[derive(Properties, PartialEq)]
pub struct ChecksProps {
    pub groups: Vec<CheckGroup>,
    pub on_copy: Callback<String>,
}

fn status_text(s: CheckStatus) -> &'static str {
    match s {
        CheckStatus::Pass => "pass",
        CheckStatus::Fail => "fail",
        CheckStatus::NotVerified => "not verified",
        CheckStatus::Skipped => "skipped",
    }
}

/// The integrity checks of each downloaded file (spec section 6).
#[function_component]
pub fn ChecksPanel(p: &ChecksProps) -> Html {
    html! {
        <section class="panel" aria-labelledby="checks-h">
            <h2 id="checks-h">{"Integrity checks"}</h2>
            if p.groups.is_empty() {
                <p class="muted">{"Nothing was downloaded, so nothing was checked."}</p>
            }
            { for p.groups.iter().map(|g| html! {
                <div class="check-group" data-testid="check-group" data-file={g.file.clone()}>
                    <h3><code>{g.file.clone()}</code>{" "}<span class="muted">{format!("pass {}", g.pass)}</span></h3>
                    <table class="checks">
                        <tbody>
                            { for g.checks.iter().map(|c| {
                                let status = name_of(&c.status);
                                html! {
                                    <tr data-testid="check-row" data-kind={name_of(&c.kind)} data-status={status.clone()}>
                                        <th scope="row">{c.kind.title()}</th>
                                        <td><span class={classes!("badge", status)}>{status_text(c.status)}</span></td>
                                        <td class="detail">{c.detail.clone()}</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                    if let Some(d) = &g.digest {
                        <Digest digest={d.clone()} on_copy={p.on_copy.clone()} />
                    }
                </div>
            }) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct DigestProps {
    digest: DigestRow,
    on_copy: Callback<String>,
}

#[function_component]
fn Digest(p: &DigestProps) -> Html {
    let d = &p.digest;
    let copied = use_state(|| false);
    let copy = {
        let (cb, sha, copied) = (p.on_copy.clone(), d.sha256.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            cb.emit(sha.clone());
            copied.set(true);
            let copied = copied.clone();
            Timeout::new(1_500, move || copied.set(false)).forget();
        })
    };
    let reference = match (&d.reference, &d.reference_source) {
        (Some(r), Some(src)) if *r == d.sha256 => {
            html! { <>{"matches "}<code>{src.clone()}</code></> }
        }
        (Some(r), src) => html! { <>
            {"reference "}<code class="digest">{r.clone()}</code>
            {src.as_ref().map(|s| format!(" from {s}")).unwrap_or_default()}
        </> },
        (None, _) => html! { {"no reference digest published"} },
    };
    html! {
        <div class="digest-row">
            <span class="label">{"SHA-256"}</span>
            <code class="digest" data-testid="digest">{d.sha256.clone()}</code>
            <button type="button" class="small" data-testid="copy-digest" onclick={copy}
                    aria-label={format!("Copy the SHA-256 of {}", d.file)}>{ if *copied { "Copied" } else { "Copy" } }</button>
            <span class="muted reference">{reference}</span>
        </div>
    }
}
