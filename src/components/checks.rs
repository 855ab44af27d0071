use phoneboot_engine::decimal::Fixed;
use phoneboot_engine::CheckStatus;
use yew::prelude::*;

use super::copy_button::CopyButton;
use crate::state::VerdictTime;
use crate::view::{name_of, CheckGroup, DigestRow};

#[derive(Properties, PartialEq)]
pub struct ChecksProps {
    pub groups: Vec<CheckGroup>,
    /// How soon after its last byte each download had its verdict.
    #[prop_or_default]
    pub verdicts: Vec<VerdictTime>,
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
    markup! {
        <section class="panel" aria-labelledby="checks-h">
            <h2 id="checks-h">{"Integrity checks"}</h2>
            if p.groups.is_empty() {
                <p class="muted">{"Nothing was downloaded, so nothing was checked."}</p>
            }
            { for p.groups.iter().map(|g| {
                let verdict = p.verdicts.iter().find(|v| v.pass == g.pass && v.file == g.file);
                markup! {
                <div class="check-group" data-testid="check-group" data-file={g.file.clone()}>
                    <h3><code>{g.file.clone()}</code>{" "}<span class="muted">{format!("pass {}", g.pass)}</span></h3>
                    <table class="checks">
                        <tbody>
                            { for g.checks.iter().map(|c| {
                                let status = name_of(&c.status);
                                markup! {
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
                        { digest(d) }
                    }
                    if let Some(v) = verdict {
                        <p class="muted verdict" data-testid="verdict-ms" data-ms={Fixed(v.ms, 3).to_string()}
                           title="From the last byte of the body to the checks' verdict: the digest was computed while the file streamed in">
                            {format!("verdict in {} ms after the last byte", Fixed(v.ms, 1))}
                        </p>
                    }
                </div>
            }}) }
        </section>
    }
}

/// The computed digest in full, with a Copy button (where the browser will
/// not write the clipboard, the digest is selected for Ctrl+C instead). A
/// plain function, not a component: the Copy button's target is a `NodeRef`
/// made with each render (yew points the new one at the same element), and a
/// component's machinery costs about a kilobyte of the wasm.
fn digest(d: &DigestRow) -> Html {
    let code = NodeRef::default();
    let reference = match (&d.reference, &d.reference_source) {
        (Some(r), Some(src)) if *r == d.sha256 => {
            markup! { <>{"matches "}<code>{src.to_string()}</code></> }
        }
        (Some(r), src) => markup! { <>
            {"reference "}<code class="digest">{r.clone()}</code>
            {src.as_ref().map(|s| format!(" from {s}")).unwrap_or_default()}
        </> },
        (None, _) => markup! { {"no reference digest published"} },
    };
    markup! {
        <div class="digest-row">
            <span class="label">{"SHA-256"}</span>
            <code class="digest" data-testid="digest" ref={code.clone()}>{d.sha256.clone()}</code>
            <CopyButton text={d.sha256.clone()} target={code} testid={Some(AttrValue::from("copy-digest"))}
                        label={format!("Copy the SHA-256 of {}", d.file)} />
            <span class="muted reference">{reference}</span>
        </div>
    }
}
