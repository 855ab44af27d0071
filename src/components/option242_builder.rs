//! The option-242 builder and lint (spec section 2.1): one field per key the
//! 1600 uses, writing the string; the lint of the string being typed (or
//! pasted); and the string as a copyable snippet for five DHCP servers.
//! Shown under the Boot tab's option-242 field and in the Diagnose tab.

use phoneboot_engine::option242::{lint, snippets, Builder, FIELDS};
use phoneboot_engine::Severity;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::copy_button::CopyButton;

#[derive(Properties, PartialEq)]
pub struct Option242BuilderProps {
    /// The string to lint, as typed elsewhere (the Boot tab's field); `None`
    /// gives the component a text box of its own (the Diagnose tab).
    #[prop_or_default]
    pub value: Option<AttrValue>,
    /// Where "Use this string" sends the built string; without it, into the
    /// component's own text box.
    #[prop_or_default]
    pub on_use: Option<Callback<String>>,
    /// Open at first.
    #[prop_or_default]
    pub open: bool,
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

#[function_component]
pub fn Option242Builder(p: &Option242BuilderProps) -> Html {
    let own = use_state(String::new);
    let builder = use_state(Builder::new);
    let server = use_state(|| 0usize);
    let built_ref = use_node_ref();
    let snippet_ref = use_node_ref();

    let text: String = match &p.value {
        Some(v) => v.to_string(),
        None => (*own).clone(),
    };
    let findings = use_memo(text.clone(), |t| lint(t));
    let snips = use_memo(text.clone(), |t| snippets(t));
    let built = builder.build();

    let on_own = {
        let own = own.clone();
        Callback::from(move |e: InputEvent| {
            own.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let on_fill = {
        let (builder, text) = (builder.clone(), text.clone());
        Callback::from(move |_: MouseEvent| builder.set(Builder::from_string(&text)))
    };
    let on_use = {
        let (on_use, own, built) = (p.on_use.clone(), own.clone(), built.clone());
        Callback::from(move |_: MouseEvent| match &on_use {
            Some(cb) => cb.emit(built.clone()),
            None => own.set(built.clone()),
        })
    };
    let field = |key: &'static str, hint: &'static str| {
        let value = builder.get(key).to_owned();
        let builder = builder.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let mut b = (*builder).clone();
            b.set(key, &e.target_unchecked_into::<HtmlInputElement>().value());
            builder.set(b);
        });
        let id = format!("o242-{}", key.to_ascii_lowercase());
        markup! {
            <div class="field">
                <label for={id.clone()} class="mono">{key}</label>
                <input id={id} type="text" class="mono" data-testid={format!("o242-field-{key}")}
                       spellcheck="false" autocomplete="off" placeholder={hint} title={hint}
                       {value} {oninput} />
            </div>
        }
    };
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let summary = match (text.trim().is_empty(), findings.len()) {
        (true, _) => "Option-242 builder".to_owned(),
        (false, 0) => "Option-242 builder and lint: no problems".to_owned(),
        (false, n) => format!(
            "Option-242 builder and lint: {n} finding{}{}",
            if n == 1 { "" } else { "s" },
            if errors > 0 {
                format!(" ({errors} error{})", if errors == 1 { "" } else { "s" })
            } else {
                String::new()
            }
        ),
    };
    let all = snips.all();
    let (name, snippet) = all[(*server).min(all.len() - 1)];

    markup! {
        <details class="o242" data-testid="o242" open={p.open}>
            <summary data-testid="o242-summary" data-findings={findings.len().to_string()}>{summary}</summary>
            if p.value.is_none() {
                <div class="field">
                    <label for="o242-paste">{"Option-242 string to check"}</label>
                    <textarea id="o242-paste" rows="2" class="mono" data-testid="o242-paste" spellcheck="false"
                              placeholder="MCIPADD=10.0.0.5,HTTPSRVR=10.0.0.9,HTTPDIR=phones"
                              value={(*own).clone()} oninput={on_own} />
                </div>
            }
            if !text.trim().is_empty() {
                if findings.is_empty() {
                    <p class="muted" data-testid="o242-clean">{"No problems found in this string."}</p>
                } else {
                    <ul class="o242-findings">
                        { for findings.iter().map(|f| markup! {
                            <li data-testid="o242-finding" data-severity={severity_name(f.severity)}>
                                <span class={classes!("badge", severity_name(f.severity))}>{severity_name(f.severity)}</span>
                                {" "}{f.message.clone()}
                                <span class="fix">{"Fix: "}{f.fix.clone()}</span>
                            </li>
                        }) }
                    </ul>
                }
            }
            <div class="o242-grid">
                { for FIELDS.iter().map(|&(k, h)| field(k, h)) }
            </div>
            <div class="o242-built">
                <code class="mono" data-testid="o242-built" ref={built_ref.clone()}>{built.clone()}</code>
                <span class="o242-len muted">{format!("{} bytes", built.len())}</span>
                <CopyButton text={built.clone()} target={built_ref} label="Copy the built option-242 string"
                            testid={Some(AttrValue::from("o242-copy-built"))} />
                <button type="button" class="small" data-testid="o242-use" disabled={built.is_empty()}
                        onclick={on_use}>{"Use this string"}</button>
                <button type="button" class="small" data-testid="o242-fill" disabled={text.trim().is_empty()}
                        onclick={on_fill}>{"Fill the fields from the string"}</button>
            </div>
            if !text.trim().is_empty() {
                <div class="o242-snippets">
                    <div class="segmented" role="tablist" aria-label="DHCP server">
                        { for all.iter().enumerate().map(|(i, (n, _))| {
                            let server = server.clone();
                            markup! {
                                <button type="button" role="tab" class="chip" aria-selected={(i == *server).to_string()}
                                        data-testid={format!("o242-server-{n}")}
                                        onclick={Callback::from(move |_: MouseEvent| server.set(i))}>{*n}</button>
                            }
                        }) }
                    </div>
                    <pre class="mono" data-testid="o242-snippet" data-server={name} ref={snippet_ref.clone()}>{snippet.to_owned()}</pre>
                    <CopyButton text={snippet.to_owned()} target={snippet_ref} label={format!("Copy the {name} snippet")}
                                testid={Some(AttrValue::from("o242-copy-snippet"))} />
                </div>
            }
        </details>
    }
}
