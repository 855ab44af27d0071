use yew::prelude::*;

use crate::state::{Notice, NoticeKind};

/// The notice under the header, with its Dismiss button.
///
/// A plain function, not a component: it has no state of its own, and a
/// component's machinery costs about a kilobyte of the wasm.
pub fn notice_bar(notice: &Notice, on_dismiss: &Callback<()>) -> Html {
    let kind = match notice.kind {
        NoticeKind::Info => "info",
        NoticeKind::Warning => "warning",
    };
    let dismiss = on_dismiss.reform(|_: MouseEvent| ());
    markup! {
        <div class={classes!("notice", kind)} role="status" data-testid="notice">
            <span>{notice.text.clone()}</span>
            <button type="button" class="link" onclick={dismiss} aria-label="Dismiss this notice">{"Dismiss"}</button>
        </div>
    }
}
