//! Elements built from fixed attribute names and given values, without
//! `html!`'s handling of `class`.
//!
//! `html!` turns every dynamic `class={..}` into yew's `Classes`: an indexed
//! set in an `Rc`, each class hashed on the way in, the string split on
//! whitespace and joined again on the way out. On the rows the demo boot
//! creates by the hundred in one render that showed in CPU profiles; here the
//! class is the string the caller built, set as it is.

use yew::virtual_dom::{AttrValue, AttributeOrProperty, Attributes, VTag};
use yew::Html;

/// `<tag key=value ...>children</tag>`, `values` in the order of `keys`; a
/// `None` value leaves its attribute out, as an `Option` attribute does in
/// `html!`. One function for every element (not generic over the number of
/// attributes): each copy would cost the bundle.
pub fn element(
    tag: &'static str,
    keys: &'static [&'static str],
    values: Vec<Option<AttrValue>>,
    children: Vec<Html>,
) -> Html {
    debug_assert_eq!(keys.len(), values.len());
    let mut el = VTag::new(tag);
    el.set_attributes(Attributes::Dynamic {
        keys,
        values: values
            .into_iter()
            .map(|v| v.map(AttributeOrProperty::Attribute))
            .collect(),
    });
    el.add_children(children);
    el.into()
}
