use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExportProps {
    /// The report as JSON, masked unless the user revealed secrets.
    pub json: AttrValue,
    pub masked: bool,
    pub on_export: Callback<()>,
}

/// The report as the CLI's `--json` prints it, to download or read.
#[function_component]
pub fn ExportPanel(p: &ExportProps) -> Html {
    let export = p.on_export.reform(|_: MouseEvent| ());
    html! {
        <section class="panel" aria-labelledby="export-h">
            <div class="panel-head">
                <h2 id="export-h">{"Report"}</h2>
                <button type="button" data-testid="export-json" onclick={export}>{"Export JSON"}</button>
            </div>
            <p class="muted">
                {"The same report the command-line tool prints with --json. "}
                { if p.masked { "Secret values are masked." } else { "Secret values are revealed." } }
            </p>
            <details>
                <summary>{"Show the JSON"}</summary>
                <pre class="json" data-testid="report-json">{p.json.clone()}</pre>
            </details>
        </section>
    }
}
