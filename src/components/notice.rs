use yew::prelude::*;

use crate::state::{Notice, NoticeKind};

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub notice: Notice,
    pub on_dismiss: Callback<()>,
}

#[function_component]
pub fn NoticeBar(p: &NoticeProps) -> Html {
    let kind = match p.notice.kind {
        NoticeKind::Info => "info",
        NoticeKind::Warning => "warning",
    };
    let dismiss = p.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class={classes!("notice", kind)} role="status" data-testid="notice">
            <span>{p.notice.text.clone()}</span>
            <button type="button" class="link" onclick={dismiss} aria-label="Dismiss this notice">{"Dismiss"}</button>
        </div>
    }
}
