use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EmuNoteProps {
    /// What the emulator decided on its own, in one sentence.
    pub rule: AttrValue,
}

/// Marks an outcome decided by a rule tagged [emu] in the spec: not Avaya
/// behaviour, but the emulator's own convention.
#[function_component]
pub fn EmuNote(p: &EmuNoteProps) -> Html {
    html! {
        <p class="emu-note" data-testid="emu-note">
            <span class="emu-badge" title="Not documented by Avaya: this is the emulator's own convention">{"emulator rule"}</span>
            {" "}{p.rule.clone()}
        </p>
    }
}
