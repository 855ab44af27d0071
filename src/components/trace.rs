//! The script trace: each interpreted file as text with line numbers, what
//! the phone did on each line, and the lines it never reached.

use std::collections::BTreeMap;

use phoneboot_engine::catalog::Verdict;
use phoneboot_engine::report::MASK;
use phoneboot_engine::{Code, GetOutcome, JumpInfo, Warning};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlSelectElement};
use yew::prelude::*;

use phoneboot_engine::decimal::digits;

use crate::markup::element;
use crate::state::TraceFocus;
use crate::troubleshoot::{
    instance_of, segments, thousands, LineKind, Lines, Mark, Segment, TraceFile, GAP_STEP,
};
use crate::view::name_of;

#[derive(Properties, PartialEq)]
pub struct TraceProps {
    pub files: Vec<TraceFile>,
    pub warnings: Vec<Warning>,
    pub focus: Option<TraceFocus>,
    pub reveal: bool,
}

/// The element id of a trace line (one file is shown at a time).
pub fn line_id(line: u32) -> String {
    format!("trace-L{line}")
}

fn quoted(v: Option<&str>) -> String {
    match v {
        Some(v) => format!("\"{v}\""),
        None => "undefined".to_owned(),
    }
}

fn label_at(lines: &Lines, target: &str) -> String {
    match lines.labels.get(target) {
        Some(l) => format!("{target} (line {l})"),
        None => target.to_owned(),
    }
}

/// The phones that use a parameter can be a paragraph; the warning has it all.
fn clip(s: &str) -> String {
    const MAX: usize = 90;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// Warnings a mark on the same line already says in its own words.
fn told_by_marks(code: Code, marks: &[Mark]) -> bool {
    let has = |kind: &str| marks.iter().any(|m| m.kind() == kind);
    match code {
        Code::UnknownParameter => has("set-unknown"),
        Code::InvalidValue => has("set-invalid"),
        Code::NotSettable => has("set-not-settable"),
        Code::GetFailed => has("get-failed"),
        Code::UndefinedVariable => has("if-skipped"),
        _ => false,
    }
}

/// One mark in words.
fn note(m: &Mark, lines: &Lines, secret: bool) -> String {
    match m {
        Mark::Jump(JumpInfo::Goto {
            target,
            found: true,
        }) => {
            format!("jumps to {}", label_at(lines, target))
        }
        Mark::Jump(JumpInfo::Goto {
            target,
            found: false,
        }) => {
            format!("jumps to {target}, which this file lacks: the rest of the file is ignored")
        }
        Mark::Jump(JumpInfo::If {
            var, actual: None, ..
        }) => format!("${var} is not defined on a 1600: the IF is skipped"),
        Mark::Jump(JumpInfo::If {
            var,
            actual,
            expected,
            taken: true,
            target,
            found,
        }) => {
            if *found {
                format!(
                    "taken: ${var} is {} = \"{expected}\", jumps to {}",
                    quoted(actual.as_deref()),
                    label_at(lines, target)
                )
            } else {
                format!("taken: ${var} is {} = \"{expected}\", but label {target} is missing: the rest of the file is ignored", quoted(actual.as_deref()))
            }
        }
        Mark::Jump(JumpInfo::If {
            var,
            actual,
            expected,
            taken: false,
            ..
        }) => format!(
            "not taken: ${var} is {}, not \"{expected}\"",
            quoted(actual.as_deref())
        ),
        Mark::Set {
            name,
            value,
            verdict,
        } => {
            let shown = if secret { MASK.to_owned() } else { clip(value) };
            match verdict {
                Verdict::Applied => format!("applied: {name} = \"{shown}\""),
                Verdict::Unknown { used_by: Some(u) } => {
                    format!(
                        "ignored: {name} is not a 1600 parameter (used by {})",
                        clip(u)
                    )
                }
                Verdict::Unknown { used_by: None } => {
                    format!("ignored: {name} is not a parameter of any Avaya phone we know")
                }
                Verdict::Invalid { allowed, .. } => {
                    format!("ignored: \"{shown}\" is not a valid {name}; allowed: {allowed}")
                }
                Verdict::NotSettable => {
                    "ignored: GROUP is set only at the phone or by the call server".to_owned()
                }
            }
        }
        Mark::Get {
            target,
            outcome: GetOutcome::Followed,
        } => format!("GET: the phone leaves this file here for {target} and never comes back"),
        Mark::Get {
            target,
            outcome: GetOutcome::Failed,
        } => format!("GET failed: no server delivered {target}, so the script goes on"),
    }
}

/// Scrolls the line into the middle of the view and gives it focus.
fn reveal_line(line: u32) {
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&line_id(line)))
    else {
        return;
    };
    let opts = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&opts, &"block".into(), &"center".into());
    if let Ok(f) = js_sys::Reflect::get(&el, &"scrollIntoView".into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    {
        let _ = f.call1(&el, &opts);
    }
    if let Ok(h) = el.dyn_into::<HtmlElement>() {
        let opts = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&opts, &"preventScroll".into(), &true.into());
        if let Ok(f) =
            js_sys::Reflect::get(&h, &"focus".into()).and_then(|f| f.dyn_into::<js_sys::Function>())
        {
            let _ = f.call1(&h, &opts);
        }
    }
}

#[function_component]
pub fn TracePanel(p: &TraceProps) -> Html {
    // The user's pick of a file, and the focus request it was made after.
    let choice = use_state(|| None::<(usize, u32)>);
    // Lines the user revealed in collapsed gaps: (file index, from, to).
    let revealed = use_state(Vec::<(usize, u32, u32)>::new);
    let handled = use_mut_ref(|| 0u32);

    let focus_seq = p.focus.as_ref().map_or(0, |f| f.seq);
    let focused = p
        .focus
        .as_ref()
        .and_then(|f| instance_of(&p.files, &f.file).map(|i| (i, f.line)));
    let selected = match (*choice, focused) {
        (Some((i, seq)), _) if seq >= focus_seq && i < p.files.len() => Some(i),
        (_, Some((i, _))) => Some(i),
        _ => p.files.len().checked_sub(1),
    };
    let file = selected.and_then(|i| p.files.get(i)).cloned();

    let text = file.as_ref().map(|f| f.text.clone());
    let name = file.as_ref().map(|f| f.file.clone()).unwrap_or_default();
    let lines = use_memo((text.clone(), name.clone()), |(text, name)| {
        text.as_ref().map(|t| Lines::new(name, t))
    });

    let focus_line = focused
        .filter(|(i, _)| Some(*i) == selected)
        .map(|(_, l)| l);
    {
        let handled = handled.clone();
        use_effect_with((focus_seq, selected), move |_| {
            if focus_seq > *handled.borrow() {
                if let Some(line) = focus_line {
                    *handled.borrow_mut() = focus_seq;
                    reveal_line(line);
                }
            }
        });
    }

    let (Some(file), Some(sel), Some(lines)) = (file, selected, lines.as_ref().as_ref()) else {
        return markup! {
            <section class="panel" aria-labelledby="trace-h" data-testid="trace">
                <h2 id="trace-h">{"Script trace"}</h2>
                <p class="muted">{"No file was interpreted."}</p>
            </section>
        };
    };

    let on_pick = {
        let choice = choice.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Ok(i) = v.parse::<usize>() {
                choice.set(Some((i, focus_seq)));
            }
        })
    };

    let mut warn_at: BTreeMap<u32, Vec<&Warning>> = BTreeMap::new();
    for w in p.warnings.iter().filter(|w| w.file == file.file) {
        if let Some(l) = w.line {
            warn_at.entry(l).or_default().push(w);
        }
    }
    let wanted = file
        .executed
        .iter()
        .chain(file.marks.keys())
        .chain(warn_at.keys())
        .copied()
        .chain(focus_line)
        .collect::<Vec<_>>();
    let mine: Vec<(u32, u32)> = revealed
        .iter()
        .filter(|(i, _, _)| *i == sel)
        .map(|&(_, a, b)| (a, b))
        .collect();
    let segs = segments(lines, wanted, &mine);
    let statements = lines
        .kinds
        .iter()
        .filter(|k| **k != LineKind::Comment)
        .count();
    let unreached = (1..=lines.count())
        .filter(|l| *lines.kind(*l) != LineKind::Comment && !file.executed.contains(l))
        .count();
    let text: &str = &file.text;

    /// A line as shown: a hostile 4 MB line would make the page crawl, and
    /// nobody reads past the first screenful of it.
    fn shown_line(line: &str) -> String {
        const MAX: usize = 2000;
        if line.len() <= MAX {
            return line.to_owned();
        }
        let mut cut = MAX;
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        format!(
            "{}… ({} characters in all)",
            &line[..cut],
            line.chars().count()
        )
    }

    let row = |l: u32| -> Html {
        let kind = lines.kind(l);
        let secret = matches!(kind, LineKind::SecretSet(_)) && !p.reveal;
        let state = match kind {
            LineKind::Comment => "comment",
            _ if file.executed.contains(&l) => "executed",
            _ => "unreached",
        };
        let marks = file.marks.get(&l).map(Vec::as_slice).unwrap_or(&[]);
        let warns = warn_at.get(&l).map(Vec::as_slice).unwrap_or(&[]);
        let src = match kind {
            LineKind::SecretSet(name) if secret => format!("SET {name} {MASK}"),
            _ => shown_line(lines.text(text, l)),
        };
        let worst = warns.iter().map(|w| w.severity).max().map(|s| name_of(&s));
        let is_focus = focus_line == Some(l);
        // The class built as a string: see `element`.
        let mut class = String::with_capacity(40);
        class.push_str("tl ");
        class.push_str(state);
        for m in marks {
            class.push(' ');
            class.push_str(m.kind());
        }
        if let Some(s) = &worst {
            class.push_str(" warn-");
            class.push_str(s);
        }
        if is_focus {
            class.push_str(" focused");
        }
        let mut notes: Vec<Html> = marks
            .iter()
            .map(|m| {
                element(
                    "span",
                    &["class"],
                    vec![Some(format!("note {}", m.kind()).into())],
                    vec![Html::from(note(m, lines, secret))],
                )
            })
            .collect();
        notes.extend(
            warns
                .iter()
                .filter(|w| !told_by_marks(w.code, marks))
                .map(|w| {
                    element(
                        "span",
                        &["class"],
                        vec![Some(
                            format!("note lint sev-{}", name_of(&w.severity)).into(),
                        )],
                        vec![Html::from(w.message.clone())],
                    )
                }),
        );
        // The text is the row's own (an element fewer per row), but where it
        // is struck through (a line-through on the row would strike its line
        // number and notes too), and where it is blank beside notes (blank
        // text makes no grid item: the notes would move into its column).
        let own = state != "unreached" && (notes.is_empty() || !src.trim().is_empty());
        let mut children = vec![if own {
            Html::from(src)
        } else {
            markup! { <code class="src">{src}</code> }
        }];
        // Most annotated lines have one note: it is the row's third column
        // itself; two or more wrap in a .notes flex box.
        if notes.len() > 1 {
            children.push(element(
                "span",
                &["class"],
                vec![Some("notes".into())],
                notes,
            ));
        } else {
            children.extend(notes);
        }
        // Only the focused row has an id and takes focus (`reveal_line`):
        // two attributes fewer on every other row.
        element(
            "div",
            &[
                "id",
                "tabindex",
                "data-testid",
                "data-line",
                "data-mark",
                "data-warning",
                "class",
            ],
            vec![
                is_focus.then(|| line_id(l).into()),
                is_focus.then_some("-1".into()),
                Some("trace-line".into()),
                Some(digits(l).into()),
                marks.first().map(|m| m.kind().into()),
                worst.map(Into::into),
                Some(class.into()),
            ],
            children,
        )
    };
    let gap = |from: u32, to: u32, comments: u32| -> Html {
        let count = to - from + 1;
        let statements = count - comments;
        let what = match (comments, statements) {
            (_, 0) => format!(
                "{} comment line{}",
                thousands(count),
                if count == 1 { "" } else { "s" }
            ),
            (0, s) => format!(
                "{} statement{} never reached",
                thousands(s),
                if s == 1 { "" } else { "s" }
            ),
            (c, s) => format!(
                "{} lines: {} comments, {} statements never reached",
                thousands(count),
                thousands(c),
                thousands(s)
            ),
        };
        let step = GAP_STEP.min(count);
        let revealed = revealed.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            let mut v = (*revealed).clone();
            v.push((sel, from, from + step - 1));
            revealed.set(v);
        });
        markup! {
            <div class="tl-gap" data-testid="trace-gap" data-from={from.to_string()} data-to={to.to_string()}>
                <button type="button" class="link" onclick={onclick}
                        aria-label={format!("Show lines {} to {}", thousands(from), thousands(from + step - 1))}>
                    {format!("… {what} (lines {}–{}) …", thousands(from), thousands(to))}
                    <span class="muted">{ if step < count { format!(" show {}", thousands(step)) } else { " show".to_owned() } }</span>
                </button>
            </div>
        }
    };

    markup! {
        <section class="panel trace" aria-labelledby="trace-h" data-testid="trace"
                 data-file={file.file.clone()} data-pass={file.pass.to_string()}>
            <div class="panel-head">
                <h2 id="trace-h">{"Script trace"}</h2>
                <div class="field inline">
                    <label for="trace-file">{"File"}</label>
                    <select id="trace-file" data-testid="trace-file-select" onchange={on_pick}>
                        { for p.files.iter().enumerate().map(|(i, f)| markup! {
                            <option value={i.to_string()} selected={i == sel}>
                                {format!("pass {} · {} ({} lines)", f.pass, f.file, thousands(f.lines))}
                            </option>
                        }) }
                    </select>
                </div>
            </div>
            <p class="muted trace-summary" data-testid="trace-summary">
                {format!("{} lines, {} statements: {} executed, {} never reached.",
                    thousands(lines.count()), thousands(statements as u32),
                    thousands(file.executed.len() as u32), thousands(unreached as u32))}
                if lines.count() > crate::troubleshoot::SHOW_WHOLE {
                    {" Only executed and annotated lines are shown, with a little context; open a gap to see more."}
                }
            </p>
            <ul class="trace-legend" aria-label="Legend">
                <li class="executed">{"executed"}</li>
                <li class="unreached">{"never reached"}</li>
                <li class="set-applied">{"SET applied"}</li>
                <li class="set-ignored">{"SET ignored"}</li>
                <li class="jump">{"IF / GOTO"}</li>
                <li class="get">{"GET"}</li>
            </ul>
            <div class="trace-lines mono" data-testid="trace-lines">
                { for segs.iter().map(|s| match *s {
                    Segment::Line(l) => row(l),
                    Segment::Gap { from, to, comments } => gap(from, to, comments),
                }) }
            </div>
        </section>
    }
}
