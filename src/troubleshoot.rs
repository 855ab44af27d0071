//! What the troubleshooting panels show, derived from the engine's events:
//! the trace of each interpreted file, which of its lines to render, and why
//! the upgrade script could not be fetched. Pure functions, like [`crate::view`].

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use phoneboot_engine::catalog::Verdict;
use phoneboot_engine::diagnose::Diagnosis;
use phoneboot_engine::script::{Op, Program};
use phoneboot_engine::{Event, GetOutcome, JumpInfo};

/// What happened on one line of a trace.
#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    Jump(JumpInfo),
    Set {
        name: String,
        value: String,
        verdict: Verdict,
    },
    Get {
        target: String,
        outcome: GetOutcome,
    },
}

impl Mark {
    /// A stable name for tests and styles.
    pub fn kind(&self) -> &'static str {
        match self {
            Mark::Jump(JumpInfo::Goto { found: true, .. }) => "goto",
            Mark::Jump(JumpInfo::Goto { found: false, .. }) => "goto-missing",
            Mark::Jump(JumpInfo::If { actual: None, .. }) => "if-skipped",
            Mark::Jump(JumpInfo::If { taken: true, .. }) => "if-taken",
            Mark::Jump(JumpInfo::If { taken: false, .. }) => "if-not-taken",
            Mark::Set {
                verdict: Verdict::Applied,
                ..
            } => "set-applied",
            Mark::Set {
                verdict: Verdict::Unknown { .. },
                ..
            } => "set-unknown",
            Mark::Set {
                verdict: Verdict::Invalid { .. },
                ..
            } => "set-invalid",
            Mark::Set {
                verdict: Verdict::NotSettable,
                ..
            } => "set-not-settable",
            Mark::Get {
                outcome: GetOutcome::Followed,
                ..
            } => "get-left",
            Mark::Get {
                outcome: GetOutcome::Failed,
                ..
            } => "get-failed",
        }
    }
}

/// One interpreted file in one boot pass, with what its execution did.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceFile {
    pub pass: u32,
    pub file: String,
    pub text: Arc<str>,
    pub lines: u32,
    /// Lines of the statements executed.
    pub executed: BTreeSet<u32>,
    pub marks: BTreeMap<u32, Vec<Mark>>,
}

/// Every file interpreted, in order, across all passes.
pub fn trace_files(events: &[Event]) -> Vec<TraceFile> {
    let mut pass = 0;
    let mut out: Vec<TraceFile> = Vec::new();
    fn current<'a>(out: &'a mut [TraceFile], file: &str) -> Option<&'a mut TraceFile> {
        out.iter_mut().rev().find(|t| t.file == file)
    }
    for e in events {
        match e {
            Event::BootStart { pass: p, .. } => pass = *p,
            Event::FileStart {
                file, text, lines, ..
            } => out.push(TraceFile {
                pass,
                file: file.clone(),
                text: text.clone(),
                lines: *lines,
                executed: BTreeSet::new(),
                marks: BTreeMap::new(),
            }),
            Event::FileEnd { file, executed } => {
                if let Some(t) = current(&mut out, file) {
                    t.executed.extend(executed);
                }
            }
            Event::Jump { file, line, jump } => {
                if let Some(t) = current(&mut out, file) {
                    t.marks
                        .entry(*line)
                        .or_default()
                        .push(Mark::Jump(jump.clone()));
                }
            }
            Event::Setting {
                file,
                line,
                name,
                value,
                verdict,
            } => {
                if let Some(t) = current(&mut out, file) {
                    t.marks.entry(*line).or_default().push(Mark::Set {
                        name: name.clone(),
                        value: value.clone(),
                        verdict: verdict.clone(),
                    });
                }
            }
            Event::Get {
                file,
                line,
                target,
                outcome,
            } => {
                if let Some(t) = current(&mut out, file) {
                    t.marks.entry(*line).or_default().push(Mark::Get {
                        target: target.clone(),
                        outcome: *outcome,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// The trace file a warning about `file` points into: its latest run.
pub fn instance_of(files: &[TraceFile], file: &str) -> Option<usize> {
    files.iter().rposition(|t| t.file == file).or_else(|| {
        files
            .iter()
            .rposition(|t| t.file.eq_ignore_ascii_case(file))
    })
}

/// How a line of a file reads to the phone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineKind {
    Comment,
    Statement,
    /// A SET of a secret parameter: its value is masked unless revealed.
    SecretSet(String),
}

/// A file split into lines, with what the parser made of each. Built once per
/// file (the 972 KB template has 14,734 lines).
#[derive(Clone, Debug, PartialEq)]
pub struct Lines {
    /// Byte ranges of each line in the text.
    pub spans: Vec<(usize, usize)>,
    pub kinds: Vec<LineKind>,
    /// Upper-cased label -> its line.
    pub labels: BTreeMap<String, u32>,
}

impl Lines {
    pub fn new(file: &str, text: &str) -> Lines {
        let base = text.as_ptr() as usize;
        let spans: Vec<(usize, usize)> = phoneboot_engine::text::lines(text)
            .map(|l| {
                let start = l.as_ptr() as usize - base;
                (start, start + l.len())
            })
            .collect();
        let mut kinds = vec![LineKind::Comment; spans.len()];
        let program = Program::parse(file, text.as_bytes());
        let mut labels = BTreeMap::new();
        for s in &program.stmts {
            let Some(k) = kinds.get_mut(s.line as usize - 1) else {
                continue;
            };
            *k = match &s.op {
                Op::Set { name, .. } if phoneboot_engine::catalog::is_secret(name) => {
                    LineKind::SecretSet(name.clone())
                }
                Op::Label(name) => {
                    labels.entry(name.clone()).or_insert(s.line);
                    LineKind::Statement
                }
                _ => LineKind::Statement,
            };
        }
        Lines {
            spans,
            kinds,
            labels,
        }
    }

    pub fn count(&self) -> u32 {
        self.spans.len() as u32
    }

    /// The text of 1-based `line`.
    pub fn text<'t>(&self, text: &'t str, line: u32) -> &'t str {
        self.spans
            .get(line as usize - 1)
            .and_then(|&(a, b)| text.get(a..b))
            .unwrap_or("")
    }

    pub fn kind(&self, line: u32) -> &LineKind {
        self.kinds
            .get(line as usize - 1)
            .unwrap_or(&LineKind::Comment)
    }
}

/// Files up to this many lines are shown whole.
pub const SHOW_WHOLE: u32 = 400;
/// Lines shown around each executed or annotated line of a larger file.
pub const CONTEXT: u32 = 2;
/// Lines a click on a collapsed gap reveals.
pub const GAP_STEP: u32 = 300;

/// What the trace renders, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Line(u32),
    /// Lines `from..=to` are collapsed: `comments` of them are comments.
    Gap {
        from: u32,
        to: u32,
        comments: u32,
    },
}

/// Which lines of a file to render: all of a small file; of a large one, the
/// first lines, every executed or annotated line (`wanted`) with a little
/// context, and what the user revealed. The rest is collapsed into gaps.
pub fn segments(
    lines: &Lines,
    wanted: impl IntoIterator<Item = u32>,
    revealed: &[(u32, u32)],
) -> Vec<Segment> {
    let n = lines.count();
    let mut show = vec![n <= SHOW_WHOLE; n as usize + 1];
    if n > SHOW_WHOLE {
        for l in 1..=CONTEXT.min(n) {
            show[l as usize] = true;
        }
        for w in wanted {
            let from = w.saturating_sub(CONTEXT).max(1);
            let to = (w + CONTEXT).min(n);
            for l in from..=to {
                show[l as usize] = true;
            }
        }
        for &(a, b) in revealed {
            for l in a.max(1)..=b.min(n) {
                show[l as usize] = true;
            }
        }
    }
    let mut out = Vec::new();
    let mut l = 1;
    while l <= n {
        if show[l as usize] {
            out.push(Segment::Line(l));
            l += 1;
            continue;
        }
        let from = l;
        while l <= n && !show[l as usize] {
            l += 1;
        }
        let to = l - 1;
        let comments = (from..=to)
            .filter(|&x| *lines.kind(x) == LineKind::Comment)
            .count() as u32;
        out.push(Segment::Gap { from, to, comments });
    }
    out
}

/// `14734` -> `14,734`.
pub fn thousands(n: u32) -> String {
    let s = phoneboot_engine::decimal::digits(n);
    let head = match s.len() % 3 {
        0 => 3.min(s.len()),
        r => r,
    };
    let mut out = s[..head].to_owned();
    for chunk in s.as_bytes()[head..].chunks(3) {
        out.push(',');
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
    }
    out
}

/// Why the upgrade script of the latest pass could not be had, when no
/// server delivered it: the banner at the top of the results. The engine
/// chooses the request and diagnoses it, so the CLI prints the same words.
pub fn upgrade_failure(events: &[Event]) -> Option<Diagnosis> {
    phoneboot_engine::diagnose::boot_failure(events)
}
