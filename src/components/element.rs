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

/// `<tag key=value ...>children</tag>`; a `None` value leaves its attribute
/// out, as an `Option` attribute does in `html!`.
pub fn element<const N: usize>(
    tag: &'static str,
    keys: &'static [&'static str; N],
    values: [Option<AttrValue>; N],
    children: Vec<Html>,
) -> Html {
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
