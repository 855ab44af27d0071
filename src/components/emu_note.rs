use yew::prelude::*;

/// Marks an outcome decided by a rule tagged [emu] in the spec: not Avaya
/// behaviour, but the emulator's own convention. `rule` is what the
/// emulator decided on its own, in one sentence. A plain function, not a
/// component: it has no state, and a component's machinery costs about a
/// kilobyte of the wasm.
pub fn emu_note(rule: impl Into<AttrValue>) -> Html {
    note(rule.into())
}

fn note(rule: AttrValue) -> Html {
    markup! {
        <p class="emu-note" data-testid="emu-note">
            <span class="emu-badge" title="Not documented by Avaya: this is the emulator's own convention">{"emulator rule"}</span>
            {" "}{rule}
        </p>
    }
}
