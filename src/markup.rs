//! What `markup!` (the `phoneboot-markup` crate) builds elements with.
//!
//! Every view writes `markup!` where yew's `html!` would go: the same input,
//! and the same elements, but each element whose attributes are all fixed
//! strings is one call of [`tag`] instead of `html!`'s inline construction
//! (about 145 bytes of wasm less per element; e2e/bench-notes.mjs).

use std::rc::Rc;

use yew::virtual_dom::{AttrValue, AttributeOrProperty, Attributes, Listeners, VList, VNode, VTag};
use yew::{Html, NodeRef};

/// `<name attrs>children</name>`, built as `html!` builds it (the same
/// constructor, `VTag::__new_other`, hidden in yew's documentation because
/// `html!` is its caller; the version is pinned by Cargo.lock), but out of
/// line, so each element costs a call rather than the whole construction.
#[inline(never)]
pub fn tag(
    name: &'static str,
    attrs: &'static [(&'static str, AttributeOrProperty)],
    children: Html,
) -> Html {
    VTag::__new_other(
        AttrValue::Static(name),
        NodeRef::default(),
        None,
        Attributes::Static(attrs),
        Listeners::None,
        children,
    )
    .into()
}

/// [`tag`] with several children, in the list html! would make of them.
#[inline(never)]
pub fn tag_list(
    name: &'static str,
    attrs: &'static [(&'static str, AttributeOrProperty)],
    children: Vec<Html>,
) -> Html {
    tag(
        name,
        attrs,
        VNode::VList(Rc::new(VList::with_children(children, None))),
    )
}
