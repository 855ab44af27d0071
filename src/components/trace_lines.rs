//! The script trace's rows as markup, written in one string that the browser
//! parses at once: a trace is hundreds of rows of a few elements each, and
//! creating them one call at a time from wasm (each element, attribute and
//! text a call, each string copied across) was the larger part of the page's
//! render at the end of a boot. The rows have no listeners of their own (the
//! panel listens for the gaps' buttons); every text and attribute is escaped.

use std::collections::BTreeMap;
use std::fmt::Write;

use phoneboot_engine::report::MASK;
use phoneboot_engine::Warning;

use super::trace::{line_id, note, told_by_marks};
use crate::troubleshoot::{thousands, LineKind, Lines, TraceFile, GAP_STEP};
use crate::view::name_of;

/// Appends `s` escaped for HTML text and double-quoted attribute values. NUL
/// is written as U+FFFD, as the HTML parser would otherwise drop it.
pub fn escape_into(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, c) in s.char_indices() {
        let rep = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            '\0' => "\u{fffd}",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + c.len_utf8();
    }
    out.push_str(&s[last..]);
}

/// A line as shown: a hostile 4 MB line would make the page crawl, and
/// nobody reads past the first screenful of it.
fn shown_line(line: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 2000;
    if line.len() <= MAX {
        return line.into();
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
    .into()
}

/// What the rows of one file are written from.
pub struct TraceRows<'a> {
    pub file: &'a TraceFile,
    pub lines: &'a Lines,
    pub text: &'a str,
    /// The warnings about each line of the file.
    pub warn_at: &'a BTreeMap<u32, Vec<&'a Warning>>,
    pub reveal: bool,
    pub focus_line: Option<u32>,
}

impl TraceRows<'_> {
    /// Appends line `l`'s row: its number, its text, and what the phone did there.
    pub fn line(&self, out: &mut String, l: u32) {
        let kind = self.lines.kind(l);
        let secret = matches!(kind, LineKind::SecretSet(_)) && !self.reveal;
        let state = match kind {
            LineKind::Comment => "comment",
            _ if self.file.executed.contains(&l) => "executed",
            _ => "unreached",
        };
        let marks = self.file.marks.get(&l).map(Vec::as_slice).unwrap_or(&[]);
        let warns = self.warn_at.get(&l).map(Vec::as_slice).unwrap_or(&[]);
        let worst = warns.iter().map(|w| w.severity).max().map(|s| name_of(&s));
        let _ = write!(
            out,
            r#"<div id="{}" tabindex="-1" data-testid="trace-line" data-line="{l}" data-state="{state}""#,
            line_id(l)
        );
        if let Some(m) = marks.first() {
            let _ = write!(out, r#" data-mark="{}""#, m.kind());
        }
        if let Some(w) = &worst {
            out.push_str(r#" data-warning=""#);
            escape_into(out, w);
            out.push('"');
        }
        let _ = write!(out, r#" class="tl {state}"#);
        for m in marks {
            let _ = write!(out, " {}", m.kind());
        }
        if let Some(w) = &worst {
            out.push_str(" warn-");
            escape_into(out, w);
        }
        if self.focus_line == Some(l) {
            out.push_str(" focused");
        }
        let _ = write!(
            out,
            r#""><span class="ln" aria-hidden="true">{l}</span><code class="src">"#
        );
        match kind {
            LineKind::SecretSet(name) if secret => {
                out.push_str("SET ");
                escape_into(out, name);
                out.push(' ');
                escape_into(out, MASK);
            }
            _ => escape_into(out, &shown_line(self.lines.text(self.text, l))),
        }
        out.push_str("</code>");
        if !marks.is_empty() || !warns.is_empty() {
            out.push_str(r#"<span class="notes">"#);
            for m in marks {
                let _ = write!(
                    out,
                    r#"<span class="note {}" data-testid="trace-note">"#,
                    m.kind()
                );
                escape_into(out, &note(m, self.lines, secret));
                out.push_str("</span>");
            }
            for w in warns.iter().filter(|w| !told_by_marks(w.code, marks)) {
                out.push_str(r#"<span class="note lint sev-"#);
                escape_into(out, &name_of(&w.severity));
                out.push_str(r#"">"#);
                escape_into(out, &w.message);
                out.push_str("</span>");
            }
            out.push_str("</span>");
        }
        out.push_str("</div>");
    }
}

/// Appends the row of collapsed lines `from..=to` (`comments` of them
/// comments), whose button opens the first [`GAP_STEP`] of them.
pub fn gap_html(out: &mut String, from: u32, to: u32, comments: u32) {
    let count = to - from + 1;
    let statements = count - comments;
    let plural = |n: u32| if n == 1 { "" } else { "s" };
    let what = match (comments, statements) {
        (_, 0) => format!("{} comment line{}", thousands(count), plural(count)),
        (0, s) => format!("{} statement{} never reached", thousands(s), plural(s)),
        (c, s) => format!(
            "{} lines: {} comments, {} statements never reached",
            thousands(count),
            thousands(c),
            thousands(s)
        ),
    };
    let step = GAP_STEP.min(count);
    let more = if step < count {
        format!(" show {}", thousands(step))
    } else {
        " show".to_owned()
    };
    let _ = write!(
        out,
        r#"<div class="tl-gap" data-testid="trace-gap" data-from="{from}" data-to="{to}"><button type="button" class="link" aria-label="Show lines {} to {}">… {what} (lines {}–{}) …<span class="muted">{more}</span></button></div>"#,
        thousands(from),
        thousands(from + step - 1),
        thousands(from),
        thousands(to),
    );
}
