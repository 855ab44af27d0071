//! A Copy button for text shown on the page (a snippet, a string). Where the
//! browser will not write the clipboard, the shown text is selected for
//! Ctrl+C instead, as the digest's Copy button does.

use gloo_timers::callback::Timeout;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::browser::{copy_text, Copied};

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    pub text: AttrValue,
    /// The element showing `text`, selected when the clipboard refuses.
    pub target: NodeRef,
    /// What is copied, for screen readers ("Copy the dnsmasq snippet").
    pub label: AttrValue,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

#[function_component]
pub fn CopyButton(p: &CopyButtonProps) -> Html {
    let copied = use_state(|| None::<Copied>);
    let onclick = {
        let (text, copied, target) = (p.text.clone(), copied.clone(), p.target.clone());
        Callback::from(move |_: MouseEvent| {
            let (text, copied, target) = (text.clone(), copied.clone(), target.clone());
            spawn_local(async move {
                let how = copy_text(&text, target.cast::<web_sys::Element>()).await;
                copied.set(Some(how));
                if how == Copied::Copied {
                    let copied = copied.clone();
                    Timeout::new(1_500, move || copied.set(None)).forget();
                }
            });
        })
    };
    markup! {
        <>
            <button type="button" class="small" data-testid={p.testid.clone()} aria-label={p.label.clone()}
                    {onclick}>{ if *copied == Some(Copied::Copied) { "Copied" } else { "Copy" } }</button>
            if let Some(Copied::Selected | Copied::Failed) = *copied {
                <span class="copy-hint" role="status" data-testid="copy-hint">
                    {"The browser would not copy: the text is selected, press Ctrl+C (\u{2318}C on a Mac)."}
                </span>
            }
        </>
    }
}
