use phoneboot_engine::diagnose::{Diagnosis, CORS_FIXES};
use yew::prelude::*;

/// At the top of the results when the upgrade script itself could not be
/// fetched: what went wrong in plain words, and how to fix it, with the
/// exact header lines for the common web servers when CORS is the cause.
///
/// A plain function, not a component: it has no state of its own, and a
/// component's machinery costs about a kilobyte of the wasm.
pub fn network_banner(d: &Diagnosis) -> Html {
    markup! {
        <section class={classes!("network-banner", d.kind.as_str())} role="alert" aria-labelledby="network-banner-h"
                 data-testid="network-banner" data-kind={d.kind.as_str()}>
            <h2 id="network-banner-h">{"16xxupgrade.txt could not be fetched: "}{d.title.clone()}</h2>
            <p data-testid="network-explanation">{d.explanation.clone()}</p>
            if !d.fixes.is_empty() {
                <ol class="fixes">{ for d.fixes.iter().map(|f| markup! { <li>{f.clone()}</li> }) }</ol>
            }
            if d.show_cors_headers {
                <div class="cors-fixes" data-testid="cors-fixes">
                    { for CORS_FIXES.iter().map(|(server, lines)| markup! {
                        <div class="cors-fix" data-server={*server}>
                            <span class="label">{*server}</span>
                            <pre>{*lines}</pre>
                        </div>
                    }) }
                </div>
            }
        </section>
    }
}
