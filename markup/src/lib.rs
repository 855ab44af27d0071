//! `markup!`: yew's `html!` with a smaller bundle.
//!
//! `html!` builds every element inline where it is written: the `VTag`'s
//! fields stored one by one, a `NodeRef` made, the `Rc` allocated. In the
//! release wasm that is about 145 bytes of code per element, and the views
//! hold some 450 elements whose attributes are all fixed strings
//! (e2e/bench-notes.mjs, "Size reductions tried"). `markup!` takes the same
//! input as `html!` and hands it to `html!`, except that each such element
//! (no listener, no `ref`, no `key`, no boolean attribute, no expression
//! among its attributes; not `input` or `textarea`, whose values yew treats
//! apart) becomes one call of
//! `crate::markup::tag(name, attributes, child)` (`tag_list` with several
//! children), which the invoking crate provides, and builds the list of its
//! children itself, as `html!` would (its other elements and its blocks still
//! by `html!`'s rules). The element is the same: same tag, same attributes in
//! the order `html!` sets them (`class` last, an empty `class` left out), same
//! children.
//!
//! Anything this crate does not recognise is left to `html!` as written: the
//! whole invocation when its structure is not what this parser expects, so
//! `html!` reports the error.

use proc_macro2::{Delimiter, Group, Literal, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};

/// `html!`, with fixed-attribute elements built by `crate::markup::tag`.
#[proc_macro]
pub fn markup(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    expand(input.into()).into()
}

fn expand(input: TokenStream) -> TokenStream {
    let toks: Vec<TokenTree> = input.clone().into_iter().collect();
    let mut at = 0;
    match parse_nodes(&toks, &mut at, None) {
        Ok((nodes, _)) => match nodes.as_slice() {
            [Node::Element(e)] if e.fixed.is_some() => emit_element(e),
            _ => {
                let body = emit(&nodes);
                quote!(::yew::html! { #body })
            }
        },
        Err(NotMarkup) => quote!(::yew::html! { #input }),
    }
}

/// The input is not the markup this parser knows: `html!` gets it as written.
#[derive(Debug)]
struct NotMarkup;

enum Node {
    Element(Element),
    /// An `if` / `else` chain or a `for` loop: its heads as written, its
    /// bodies markup.
    Flow(Vec<Piece>),
    /// A `{ block }`, a literal, anything else: as written.
    Token(TokenTree),
}

enum Piece {
    Token(TokenTree),
    Body(Group, Vec<Node>),
}

struct Element {
    /// `<name attributes>` or `<name attributes />`, as written.
    open: Vec<TokenTree>,
    name: String,
    /// Every attribute, when each is `name="string"`.
    fixed: Option<Vec<(String, Literal)>>,
    children: Vec<Node>,
    /// `</name>`, as written; empty when the element closed itself.
    close: Vec<TokenTree>,
}

fn is_punct(t: Option<&TokenTree>, c: char) -> bool {
    matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == c)
}

fn ident(t: Option<&TokenTree>) -> Option<String> {
    match t {
        Some(TokenTree::Ident(i)) => Some(i.to_string()),
        _ => None,
    }
}

fn is_brace(t: Option<&TokenTree>) -> bool {
    matches!(t, Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace)
}

/// Nodes until the end of `toks`, or until the closing tag of `inside`
/// (returned with them).
fn parse_nodes(
    toks: &[TokenTree],
    at: &mut usize,
    inside: Option<&str>,
) -> Result<(Vec<Node>, Vec<TokenTree>), NotMarkup> {
    let mut nodes = Vec::new();
    while let Some(t) = toks.get(*at) {
        if is_punct(Some(t), '<') {
            if is_punct(toks.get(*at + 1), '/') {
                let name = inside.ok_or(NotMarkup)?;
                let start = *at;
                *at += 2;
                let closing = parse_name(toks, at);
                if closing != name || !is_punct(toks.get(*at), '>') {
                    return Err(NotMarkup);
                }
                *at += 1;
                return Ok((nodes, toks[start..*at].to_vec()));
            }
            nodes.push(Node::Element(parse_element(toks, at)?));
            continue;
        }
        match ident(Some(t)).as_deref() {
            Some("if" | "for") => nodes.push(Node::Flow(parse_flow(toks, at)?)),
            _ => {
                nodes.push(Node::Token(t.clone()));
                *at += 1;
            }
        }
    }
    match inside {
        Some(_) => Err(NotMarkup),
        None => Ok((nodes, Vec::new())),
    }
}

/// A tag or attribute name: `div`, `data-testid`, `components::Phone`; empty
/// for a fragment's `<>`.
fn parse_name(toks: &[TokenTree], at: &mut usize) -> String {
    let mut name = String::new();
    while let Some(t) = toks.get(*at) {
        match t {
            TokenTree::Ident(i) if name.is_empty() || name.ends_with(['-', ':']) => {
                name.push_str(&i.to_string())
            }
            TokenTree::Punct(p) if !name.is_empty() && matches!(p.as_char(), '-' | ':') => {
                name.push(p.as_char())
            }
            _ => break,
        }
        *at += 1;
    }
    name
}

fn parse_element(toks: &[TokenTree], at: &mut usize) -> Result<Element, NotMarkup> {
    let start = *at;
    *at += 1;
    let name = parse_name(toks, at);
    // Components (`<Phone .. />`, `<a::B>`) and fragments are html!'s alone.
    let mut fixed =
        (name.starts_with(|c: char| c.is_ascii_lowercase()) && !name.contains(':')).then(Vec::new);
    let self_closing = loop {
        let t = toks.get(*at).ok_or(NotMarkup)?;
        match t {
            TokenTree::Punct(p) if p.as_char() == '>' => {
                *at += 1;
                break false;
            }
            TokenTree::Punct(p) if p.as_char() == '/' && is_punct(toks.get(*at + 1), '>') => {
                *at += 2;
                break true;
            }
            // `{value}` shorthand, `~property`.
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                fixed = None;
                *at += 1;
            }
            TokenTree::Punct(p) if p.as_char() == '~' => {
                fixed = None;
                *at += 1;
            }
            TokenTree::Ident(_) => {
                let key = parse_name(toks, at);
                if !is_punct(toks.get(*at), '=') {
                    return Err(NotMarkup);
                }
                *at += 1;
                let value = match toks.get(*at) {
                    Some(TokenTree::Literal(l)) if l.to_string().starts_with('"') => {
                        Some(l.clone())
                    }
                    Some(TokenTree::Punct(p)) if p.as_char() == '-' => {
                        *at += 1;
                        None
                    }
                    Some(_) => None,
                    None => return Err(NotMarkup),
                };
                *at += 1;
                match (&mut fixed, value) {
                    (Some(list), Some(v)) if fixed_attribute(&key) => list.push((key, v)),
                    _ => fixed = None,
                }
            }
            _ => return Err(NotMarkup),
        }
    };
    let open = toks[start..*at].to_vec();
    let (children, close) = if self_closing {
        (Vec::new(), Vec::new())
    } else {
        parse_nodes(toks, at, Some(&name))?
    };
    let lower = name.to_ascii_lowercase();
    if matches!(lower.as_str(), "input" | "textarea") {
        fixed = None;
    }
    if let Some(list) = &fixed {
        // html! refuses a repeated attribute: leave the element to it.
        if (1..list.len()).any(|i| list[..i].iter().any(|(k, _)| *k == list[i].0)) {
            fixed = None;
        }
    }
    Ok(Element {
        open,
        name,
        fixed,
        children,
        close,
    })
}

/// Attributes html! treats apart (values, keys, references, listeners, and
/// the boolean attributes, which take a `bool` there) stay with html!, which
/// also refuses what it refuses.
fn fixed_attribute(key: &str) -> bool {
    !matches!(key, "value" | "checked" | "defaultvalue" | "key" | "ref")
        && !key.starts_with("on")
        && !BOOLEAN_ATTRIBUTES.contains(&key)
}

/// yew-macro 0.23's list (props/element.rs, `BOOLEAN_SET`).
const BOOLEAN_ATTRIBUTES: &[&str] = &[
    "allowfullscreen",
    "async",
    "autofocus",
    "autoplay",
    "controls",
    "default",
    "defer",
    "disabled",
    "formnovalidate",
    "hidden",
    "inert",
    "ismap",
    "itemscope",
    "loop",
    "multiple",
    "muted",
    "nomodule",
    "novalidate",
    "open",
    "playsinline",
    "readonly",
    "required",
    "reversed",
    "selected",
    "truespeed",
    "webkitdirectory",
];

/// `if cond { .. } else if cond { .. } else { .. }`, `for x in xs { .. }`.
fn parse_flow(toks: &[TokenTree], at: &mut usize) -> Result<Vec<Piece>, NotMarkup> {
    let mut pieces = Vec::new();
    loop {
        let keyword = ident(toks.get(*at));
        while !is_brace(toks.get(*at)) {
            pieces.push(Piece::Token(toks.get(*at).ok_or(NotMarkup)?.clone()));
            *at += 1;
        }
        pieces.push(body(toks, at)?);
        if keyword.as_deref() != Some("if") || ident(toks.get(*at)).as_deref() != Some("else") {
            return Ok(pieces);
        }
        pieces.push(Piece::Token(toks[*at].clone()));
        *at += 1;
        if ident(toks.get(*at)).as_deref() != Some("if") {
            if !is_brace(toks.get(*at)) {
                return Err(NotMarkup);
            }
            pieces.push(body(toks, at)?);
            return Ok(pieces);
        }
    }
}

fn body(toks: &[TokenTree], at: &mut usize) -> Result<Piece, NotMarkup> {
    let Some(TokenTree::Group(g)) = toks.get(*at) else {
        return Err(NotMarkup);
    };
    *at += 1;
    let inner: Vec<TokenTree> = g.stream().into_iter().collect();
    let (nodes, _) = parse_nodes(&inner, &mut 0, None)?;
    Ok(Piece::Body(g.clone(), nodes))
}

fn emit(nodes: &[Node]) -> TokenStream {
    let mut out = TokenStream::new();
    for node in nodes {
        match node {
            Node::Token(t) => out.extend([t.clone()]),
            Node::Flow(pieces) => {
                for p in pieces {
                    match p {
                        Piece::Token(t) => out.extend([t.clone()]),
                        Piece::Body(g, nodes) => {
                            let mut group = Group::new(g.delimiter(), emit(nodes));
                            group.set_span(g.span());
                            out.extend([TokenTree::Group(group)]);
                        }
                    }
                }
            }
            Node::Element(e) => out.extend(emit_element(e)),
        }
    }
    out
}

fn emit_element(e: &Element) -> TokenStream {
    let Some(fixed) = &e.fixed else {
        let mut out: TokenStream = e.open.iter().cloned().collect();
        out.extend(emit(&e.children));
        out.extend(e.close.iter().cloned());
        return out;
    };
    let span = e.open.first().map_or_else(Span::call_site, TokenTree::span);
    // html!'s order: the other attributes as written, then the class.
    let attrs = fixed
        .iter()
        .filter(|(k, _)| k != "class")
        .chain(
            fixed
                .iter()
                .filter(|(k, v)| k == "class" && v.to_string() != "\"\""),
        )
        .map(|(k, v)| quote!((#k, ::yew::virtual_dom::AttributeOrProperty::Static(#v))));
    let name = &e.name;
    let attrs = quote!(&[#(#attrs),*]);
    match e.children.as_slice() {
        [] => quote_spanned!(span=> {
            crate::markup::tag(#name, #attrs, ::std::default::Default::default())
        }),
        // As html! does: one element or block child is the element's child
        // itself; several (or an `if`, a `for`, a literal) go in a list.
        [child] if single_child(child) => {
            let child = single(child);
            quote_spanned!(span=> { crate::markup::tag(#name, #attrs, #child) })
        }
        children => {
            let list = list(children);
            quote_spanned!(span=> { crate::markup::tag_list(#name, #attrs, #list) })
        }
    }
}

/// Whether html! makes `child`, alone, the element's child itself.
fn single_child(child: &Node) -> bool {
    match child {
        Node::Element(c) => !c.name.is_empty(),
        Node::Token(TokenTree::Group(g)) => {
            g.delimiter() == Delimiter::Brace
                && ident(g.stream().into_iter().next().as_ref()).as_deref() != Some("for")
        }
        _ => false,
    }
}

/// One node's `Html`.
fn single(child: &Node) -> TokenStream {
    match child {
        Node::Element(e) if e.fixed.is_some() => emit_element(e),
        _ => {
            let tokens = emit(std::slice::from_ref(child));
            quote!(::yew::html! { #tokens })
        }
    }
}

/// The children as a `Vec<Html>`, built as html! builds an element's: each
/// node pushed, a `{ block }` extended by what it holds (html!'s `NodeSeq`:
/// an `Option` or a `Vec` of nodes as well as one), a `{ for .. }` by its
/// items.
fn list(children: &[Node]) -> TokenStream {
    let v = proc_macro2::Ident::new("__markup_children", Span::mixed_site());
    let mut all_nodes = true;
    let steps: Vec<TokenStream> = children
        .iter()
        .map(|child| match child {
            Node::Token(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                let mut inner = g.stream().into_iter().peekable();
                match inner.peek() {
                    Some(TokenTree::Ident(i)) if i == "for" => {
                        all_nodes = false;
                        let iter: TokenStream = inner.skip(1).collect();
                        quote!(::std::iter::Extend::extend(&mut #v, ::yew::utils::into_node_iter(#iter));)
                    }
                    Some(TokenTree::Literal(_)) if g.stream().into_iter().count() == 1 => {
                        let node = single(child);
                        quote!(#v.push(#node);)
                    }
                    _ => {
                        all_nodes = false;
                        // The block holds one expression, as in html!.
                        let expr = g.stream();
                        quote!(::std::iter::Extend::extend(
                            &mut #v,
                            ::std::convert::Into::<::yew::utils::NodeSeq<_, _>>::into(#expr),
                        );)
                    }
                }
            }
            _ => {
                let node = single(child);
                quote!(#v.push(#node);)
            }
        })
        .collect();
    if all_nodes {
        let nodes = children.iter().map(single);
        return quote!([#(#nodes),*].to_vec());
    }
    quote!({
        let mut #v = ::std::vec::Vec::new();
        #(#steps)*
        #v
    })
}

#[cfg(test)]
mod tests {
    use super::expand;

    fn run(src: &str) -> String {
        expand(src.parse().unwrap()).to_string()
    }

    fn html(src: &str) -> String {
        let body: proc_macro2::TokenStream = src.parse().unwrap();
        quote::quote!(::yew::html! { #body }).to_string()
    }

    /// `out` holds each of `parts`.
    fn holds(out: &str, parts: &[&str]) {
        for part in parts {
            assert!(out.contains(part), "{part:?} not in {out}");
        }
    }

    #[test]
    fn fixed_attributes_become_one_call_with_class_last() {
        let out = run(r#"<p class="hint" data-testid="x">{"Text"}</p>"#);
        // One block child stays the element's one child.
        holds(
            &out,
            &[
                "crate :: markup :: tag (\"p\"",
                ":: yew :: html ! { { \"Text\" } }",
            ],
        );
        let testid = out.find("\"data-testid\"").unwrap();
        let class = out.find("\"class\"").unwrap();
        assert!(testid < class, "class is set last, as html! does: {out}");
    }

    #[test]
    fn several_children_go_in_one_list_and_nested_elements_are_converted_too() {
        let out = run(r#"<ul class="l"><li>{"a"}</li><li>{"b"}</li></ul>"#);
        assert_eq!(out.matches("crate :: markup :: tag").count(), 3, "{out}");
        // The converted elements go in the list as they are.
        holds(
            &out,
            &[
                "crate :: markup :: tag_list (\"ul\"",
                "[{ crate :: markup :: tag (\"li\"",
            ],
        );
    }

    #[test]
    fn blocks_among_children_are_extended_by_what_they_hold_as_html_does() {
        let out = run(r#"<div class="a">{x}<b>{"y"}</b>{ for xs }"z"</div>"#);
        holds(
            &out,
            &[
                ":: yew :: utils :: NodeSeq < _ , _ >> :: into (x)",
                ":: yew :: utils :: into_node_iter (xs)",
                ". push (:: yew :: html ! { \"z\" })",
                ". push ({ crate :: markup :: tag (\"b\"",
            ],
        );
    }

    #[test]
    fn an_empty_class_is_left_out_and_no_children_is_the_default_node() {
        let out = run(r#"<div class=""/>"#);
        assert!(!out.contains("\"class\""), "{out}");
        holds(&out, &[":: std :: default :: Default :: default ()"]);
    }

    #[test]
    fn elements_with_expressions_listeners_refs_keys_or_values_stay_with_html() {
        for src in [
            r#"<p class={c}>{"x"}</p>"#,
            r#"<button onclick={cb}>{"x"}</button>"#,
            r#"<div ref={r}/>"#,
            r#"<li key="k"/>"#,
            r#"<input type="text" value="v"/>"#,
            r#"<textarea rows="2"/>"#,
            r#"<option value="a">{"A"}</option>"#,
            r#"<p {hidden}/>"#,
            r#"<Phone model="1608"/>"#,
            r#"<details open=true/>"#,
            r#"<button disabled="yes">{"x"}</button>"#,
        ] {
            assert_eq!(run(src), html(src), "{src}");
        }
    }

    #[test]
    fn fixed_children_of_a_dynamic_element_and_of_if_and_for_bodies_are_converted() {
        let out = run(r#"<div class={c}>
                 if a < b { <p class="x">{"lt"}</p> } else if let Some(v) = o { <b>{v}</b> } else { <i/> }
                 for x in xs { <span>{x}</span> }
               </div>"#);
        assert!(
            out.starts_with(":: yew :: html ! { < div class = { c } >"),
            "{out}"
        );
        assert_eq!(out.matches("crate :: markup :: tag").count(), 4, "{out}");
        holds(&out, &["if a < b {"]);
    }

    #[test]
    fn a_label_for_attribute_is_an_attribute_not_a_loop() {
        let out = run(r#"<label for="id" class="mono">{"Key"}</label>"#);
        holds(
            &out,
            &["(\"for\" , :: yew :: virtual_dom :: AttributeOrProperty :: Static (\"id\"))"],
        );
    }

    #[test]
    fn blocks_are_not_parsed_as_markup() {
        let src = r#"<div>{ if a < b { html!{<p class="x"/>} } else { Html::default() } }</div>"#;
        let out = run(src);
        assert_eq!(out.matches("crate :: markup :: tag").count(), 1, "{out}");
        holds(&out, &["html ! { < p class = \"x\" /> }"]);
    }

    #[test]
    fn input_it_does_not_understand_goes_to_html_as_written() {
        for src in [
            r#"<div class="a"><p></div>"#,
            r#"<div class="a">"#,
            r#"<@{name} class="a"/>"#,
            r#"<div class="a" class="b"/>"#,
        ] {
            let out = run(src);
            assert!(!out.contains("markup :: tag (\"div\""), "{src}: {out}");
        }
        assert_eq!(
            run(r#"<div class="a"><p></div>"#),
            html(r#"<div class="a"><p></div>"#)
        );
    }
}
