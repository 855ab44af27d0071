//! Elements built out of line: what `markup!` (the `phoneboot-markup` crate)
//! builds fixed elements with, and [`element`] for rows built by hand.
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
    build(name, Attributes::Static(attrs), children)
}

fn build(name: &'static str, attributes: Attributes, children: Html) -> Html {
    VTag::__new_other(
        AttrValue::Static(name),
        NodeRef::default(),
        None,
        attributes,
        Listeners::None,
        children,
    )
    .into()
}

fn list(children: Vec<Html>) -> Html {
    VNode::VList(Rc::new(VList::with_children(children, None)))
}

/// [`tag`] with several children, in the list html! would make of them.
#[inline(never)]
pub fn tag_list(
    name: &'static str,
    attrs: &'static [(&'static str, AttributeOrProperty)],
    children: Vec<Html>,
) -> Html {
    tag(name, attrs, list(children))
}

/// `<tag key=value ...>children</tag>`, `values` in the order of `keys`; a
/// `None` value leaves its attribute out, as an `Option` attribute does in
/// `html!`. One function for every element (not generic over the number of
/// attributes): each copy would cost the bundle.
///
/// For the rows the demo boot creates by the hundred in one render, without
/// `html!`'s handling of a dynamic `class={..}`: yew's `Classes`, an indexed
/// set in an `Rc`, each class hashed on the way in, the string split on
/// whitespace and joined again on the way out, which showed in CPU profiles.
/// Here the class is the string the caller built, set as it is.
pub fn element(
    tag: &'static str,
    keys: &'static [&'static str],
    values: Vec<Option<AttrValue>>,
    children: Vec<Html>,
) -> Html {
    debug_assert_eq!(keys.len(), values.len());
    let values = values
        .into_iter()
        .map(|v| v.map(AttributeOrProperty::Attribute))
        .collect();
    build(tag, Attributes::Dynamic { keys, values }, list(children))
}
