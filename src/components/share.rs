use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// The page's URL with the configuration in its fragment.
    pub link: AttrValue,
    /// The configuration uses local files, which a link cannot carry.
    pub local: bool,
    pub on_copy: Callback<String>,
}

/// "Copy share link": the whole configuration (model, group, MAC, server,
/// loaded names) in the URL fragment. Never flash contents, never a secret.
#[function_component]
pub fn ShareBox(p: &ShareProps) -> Html {
    let copied = use_state(|| false);
    let onclick = {
        let (link, copied, cb) = (p.link.to_string(), copied.clone(), p.on_copy.clone());
        Callback::from(move |_: MouseEvent| {
            cb.emit(link.clone());
            copied.set(true);
        })
    };
    {
        let copied = copied.clone();
        // Only when it says "Copied": setting it anyway renders the box again
        // (on the page's first render too).
        use_effect_with(p.link.clone(), move |_| {
            if *copied {
                copied.set(false);
            }
        });
    }
    markup! {
        <section class="panel share" aria-labelledby="share-h">
            <div class="panel-head">
                <h2 id="share-h">{"Share"}</h2>
                <button type="button" data-testid="copy-share-link" onclick={onclick}>{"Copy share link"}</button>
            </div>
            <div class="field">
                <label for="share-link">{"Share link"}</label>
                <input type="text" id="share-link" class="mono" readonly=true value={p.link.clone()}
                       data-testid="share-link" aria-describedby="share-hint" />
                <p class="hint" id="share-hint">
                    {"Opens phoneboot with this phone and server. Flash contents and secrets are never in the link."}
                    if p.local { {" Local files are not in the link either: whoever opens it picks the folder."} }
                </p>
                <p class="hint" role="status" data-testid="share-status">{ if *copied { "Copied to the clipboard." } else { "" } }</p>
            </div>
        </section>
    }
}
