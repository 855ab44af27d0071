use yew::prelude::*;

pub struct ExportProps {
    /// The report as JSON, masked unless the user revealed secrets.
    pub json: AttrValue,
    pub masked: bool,
    pub on_export: Callback<()>,
    /// The report as Markdown for a ticket, masked like the JSON.
    pub markdown: Option<AttrValue>,
    pub on_export_markdown: Callback<()>,
    pub on_copy: Callback<String>,
}

/// The report as the CLI's `--json` prints it, and as Markdown for a
/// support ticket, to download, copy or read.
///
/// A plain function, not a component: it has no state of its own, and a
/// component's machinery costs about a kilobyte of the wasm.
pub fn export_panel(p: &ExportProps) -> Html {
    let export = p.on_export.reform(|_: MouseEvent| ());
    let export_md = p.on_export_markdown.reform(|_: MouseEvent| ());
    let copy_md = {
        let (md, cb) = (p.markdown.clone(), p.on_copy.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(md) = &md {
                cb.emit(md.to_string());
            }
        })
    };
    markup! {
        <section class="panel" aria-labelledby="export-h">
            <div class="panel-head">
                <h2 id="export-h">{"Report"}</h2>
                <div class="buttons">
                    if p.markdown.is_some() {
                        <button type="button" data-testid="copy-markdown" onclick={copy_md}>{"Copy Markdown"}</button>
                        <button type="button" data-testid="export-markdown" onclick={export_md}>{"Download Markdown"}</button>
                    }
                    <button type="button" data-testid="export-json" onclick={export}>{"Export JSON"}</button>
                </div>
            </div>
            <p class="muted">
                {"The Markdown report is for a support ticket; the JSON is what the command-line tool prints with --json. "}
                { if p.masked { "Secret values are masked." } else { "Secret values are revealed." } }
            </p>
            if let Some(md) = &p.markdown {
                <details>
                    <summary>{"Show the Markdown"}</summary>
                    <pre class="json" data-testid="report-markdown">{md.clone()}</pre>
                </details>
            }
            <details>
                <summary>{"Show the JSON"}</summary>
                <pre class="json" data-testid="report-json">{p.json.clone()}</pre>
            </details>
        </section>
    }
}
