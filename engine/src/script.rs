//! The script language of upgrade scripts and settings files (spec section 4),
//! parsed once into a [`Program`] whose jumps are already resolved, so that the
//! same file can be executed against many phones without reading it again.

use std::collections::HashMap;

use crate::diag::{clip, Code, Severity, Warning};
use crate::text::{self, Encoding};

/// One statement and the line it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stmt {
    /// 1-based line number in the file.
    pub line: u32,
    /// What it does.
    pub op: Op,
}

/// What a statement does. Jump destinations are statement indexes into
/// [`Program::stmts`], resolved at parse time; `None` means the file has no
/// such label, so the jump ends the file (spec section 4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// `# NAME`; upper-cased.
    Label(String),
    /// `GOTO NAME`
    Goto {
        /// The label, upper-cased.
        target: String,
        /// The statement index of the label, or `None` when there is none.
        dest: Option<usize>,
    },
    /// `IF $VAR SEQ value GOTO NAME`. `var` is upper-cased without the `$`.
    /// `seq` is false for any other operator, which makes the statement a no-op.
    If {
        /// The variable tested, upper-cased, without `$`.
        var: String,
        /// Whether the operator is SEQ (the only one a 1600 knows).
        seq: bool,
        /// The value compared with.
        value: String,
        /// The label, upper-cased.
        target: String,
        /// The statement index of the label, or `None` when there is none.
        dest: Option<usize>,
    },
    /// `SET NAME value`; NAME upper-cased; `None` when no value was given.
    Set {
        /// The parameter, upper-cased.
        name: String,
        /// The value, or `None` when none was given.
        value: Option<String>,
    },
    /// `GET filename`
    Get {
        /// The file name as written.
        file: String,
    },
    /// A statement keyword with parts missing: does nothing (a warning says why).
    Malformed,
}

/// A parsed file.
#[derive(Clone, Debug)]
pub struct Program {
    /// The file name as requested (for messages).
    pub file: String,
    /// The decoded text, kept for showing the file with its trace.
    pub text: String,
    /// The encoding the bytes were decoded from.
    pub encoding: Encoding,
    /// Number of lines in the file.
    pub line_count: u32,
    /// The statements in order (comments and blank lines are not statements).
    pub stmts: Vec<Stmt>,
    /// Upper-cased label name -> index of its `Label` statement (the first one).
    pub labels: HashMap<String, usize>,
    /// What is worth telling about the file itself, whoever runs it.
    pub diagnostics: Vec<Warning>,
}

const KEYWORDS: [&str; 4] = ["SET", "IF", "GOTO", "GET"];
const CURLY: [char; 6] = [
    '\u{201C}', '\u{201D}', '\u{2018}', '\u{2019}', '\u{201E}', '\u{00AB}',
];

fn is_ws(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn tokens(s: &str) -> impl Iterator<Item = &str> {
    s.split(is_ws).filter(|t| !t.is_empty())
}

/// If `line` begins with `kw` (any case) followed by `sep`, returns what follows.
fn strip_keyword<'a>(line: &'a str, kw: &str, sep: char) -> Option<&'a str> {
    let n = kw.len();
    let head = line.get(..n)?;
    if head.eq_ignore_ascii_case(kw) && line[n..].starts_with(sep) {
        Some(&line[n + sep.len_utf8()..])
    } else {
        None
    }
}

struct Parser<'a> {
    file: &'a str,
    stmts: Vec<Stmt>,
    labels: HashMap<String, usize>,
    diags: Vec<Warning>,
    /// Comment lines that look like a label someone meant: name -> (line, how it was written).
    near_labels: HashMap<String, (u32, String)>,
}

impl Parser<'_> {
    fn warn(&mut self, line: u32, code: Code, sev: Severity, msg: String, fix: impl Into<String>) {
        self.diags
            .push(Warning::new(self.file, Some(line), code, sev, msg, fix));
    }

    fn line(&mut self, n: u32, raw: &str) {
        // Most lines of a real settings file: `##` comments, which nothing
        // below acts on or warns about (see `comment`). Skipped at once.
        if raw.as_bytes().starts_with(b"##") {
            return;
        }
        let line = raw.trim_end_matches(is_ws);
        if let Some(rest) = strip_keyword(line, "SET", ' ') {
            self.set(n, rest);
        } else if let Some(rest) = strip_keyword(line, "IF", ' ') {
            self.if_(n, rest);
        } else if let Some(rest) = strip_keyword(line, "GOTO", ' ') {
            match tokens(rest).next() {
                Some(t) => self.push(
                    n,
                    Op::Goto {
                        target: t.to_ascii_uppercase(),
                        dest: None,
                    },
                ),
                None => self.malformed(n, "GOTO without a label name", "write GOTO LABEL"),
            }
        } else if let Some(rest) = strip_keyword(line, "GET", ' ') {
            match tokens(rest).next() {
                Some(t) => self.push(
                    n,
                    Op::Get {
                        file: t.trim_matches('"').to_owned(),
                    },
                ),
                None => self.malformed(n, "GET without a file name", "write GET filename"),
            }
        } else if let Some(rest) = line.strip_prefix("# ") {
            self.label(n, rest);
        } else {
            self.comment(n, line);
        }
    }

    fn push(&mut self, line: u32, op: Op) {
        self.stmts.push(Stmt { line, op });
    }

    fn malformed(&mut self, n: u32, msg: &str, fix: &str) {
        self.warn(
            n,
            Code::Malformed,
            Severity::Warning,
            format!("{msg}: the statement does nothing"),
            fix,
        );
        self.push(n, Op::Malformed);
    }

    fn label(&mut self, n: u32, rest: &str) {
        if rest.starts_with(is_ws) {
            // `#  NAME`: a comment by the documented rule.
            self.comment(n, &format!("# {rest}"));
            return;
        }
        let name = tokens(rest).next().unwrap_or_default().to_ascii_uppercase();
        if name.is_empty() {
            return;
        }
        let idx = self.stmts.len();
        if let Some(&first) = self.labels.get(&name) {
            let first_line = self.stmts[first].line;
            self.warn(
                n,
                Code::DuplicateLabel,
                Severity::Warning,
                format!("label {name} is already defined on line {first_line}; jumps go to the first one"),
                "rename or remove one of the two labels",
            );
        } else {
            self.labels.insert(name.clone(), idx);
        }
        self.push(n, Op::Label(name));
    }

    fn set(&mut self, n: u32, rest: &str) {
        let rest = rest.trim_start_matches(is_ws);
        let name_end = rest.find(is_ws).unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_uppercase();
        if name.is_empty() {
            return self.malformed(n, "SET without a parameter name", "write SET NAME value");
        }
        let after = rest[name_end..].trim_start_matches(is_ws);
        if after.contains(CURLY) {
            self.warn(
                n,
                Code::CurlyQuotes,
                Severity::Warning,
                format!("SET {name}: the value contains curly quotes, which the phone takes as ordinary characters"),
                "replace \u{201C} \u{201D} with straight double quotes \"",
            );
        }
        let value = if after.is_empty() {
            self.warn(
                n,
                Code::SetNoValue,
                Severity::Warning,
                format!("SET {name} has no value and is ignored"),
                format!("give a value, or SET {name} \"\" for an empty one"),
            );
            None
        } else if let Some(q) = after.strip_prefix('"') {
            match q.find('"') {
                Some(end) => {
                    let extra = q[end + 1..].trim_matches(is_ws);
                    if !extra.is_empty() {
                        self.warn(
                            n,
                            Code::UnquotedSpaces,
                            Severity::Warning,
                            format!(
                                "SET {name}: text after the closing quote is ignored: {}",
                                clip(extra)
                            ),
                            "put the whole value inside the quotes",
                        );
                    }
                    Some(q[..end].to_owned())
                }
                None => {
                    self.warn(
                        n,
                        Code::UnterminatedQuote,
                        Severity::Warning,
                        format!("SET {name}: the quote is never closed; the value runs to the end of the line"),
                        "close the quote at the end of the value",
                    );
                    Some(q.to_owned())
                }
            }
        } else {
            let mut t = tokens(after);
            let first = t.next().unwrap_or_default().to_owned();
            if t.next().is_some() {
                self.warn(
                    n,
                    Code::UnquotedSpaces,
                    Severity::Warning,
                    if crate::catalog::is_secret(&name) {
                        format!("SET {name}: the value has spaces but no quotes, so only its first word is used")
                    } else {
                        format!("SET {name}: the value has spaces but no quotes, so only \"{}\" is used", clip(&first))
                    },
                    if crate::catalog::is_secret(&name) {
                        format!("write SET {name} \"...\" with the whole value in quotes")
                    } else {
                        format!("write SET {name} \"{}\"", clip(after))
                    },
                );
            }
            Some(first)
        };
        self.push(n, Op::Set { name, value });
    }

    fn if_(&mut self, n: u32, rest: &str) {
        let t: Vec<&str> = tokens(rest).collect();
        let shape_ok = t.len() >= 5
            && t[0].len() > 1
            && t[0].starts_with('$')
            && t[3].eq_ignore_ascii_case("GOTO");
        if !shape_ok {
            return self.malformed(
                n,
                "IF is not of the form IF $VAR SEQ value GOTO LABEL",
                "write IF $VAR SEQ value GOTO LABEL",
            );
        }
        let seq = t[1].eq_ignore_ascii_case("SEQ");
        if !seq {
            let op = t[1];
            self.warn(
                n,
                Code::UnknownOperator,
                Severity::Warning,
                format!("IF uses the operator {op}; SEQ is the only one the phone knows, so the statement does nothing"),
                "use SEQ (string equality, any case)",
            );
        }
        self.push(
            n,
            Op::If {
                var: t[0][1..].to_ascii_uppercase(),
                seq,
                value: t[2].trim_matches('"').to_owned(),
                target: t[4].to_ascii_uppercase(),
                dest: None,
            },
        );
    }

    fn comment(&mut self, n: u32, line: &str) {
        let trimmed = line.trim_start_matches(is_ws);
        let indented = trimmed.len() != line.len();
        if indented {
            if let Some(kw) = KEYWORDS.iter().find(|kw| {
                strip_keyword(trimmed, kw, ' ').is_some()
                    || strip_keyword(trimmed, kw, '\t').is_some()
            }) {
                self.warn(
                    n,
                    Code::IndentedStatement,
                    Severity::Warning,
                    format!("this {kw} is indented, so the phone reads the line as a comment"),
                    "start the statement in column 1",
                );
                return;
            }
        }
        if !indented {
            if let Some(kw) = KEYWORDS
                .iter()
                .find(|kw| strip_keyword(line, kw, '\t').is_some())
            {
                self.warn(
                    n,
                    Code::TabAfterKeyword,
                    Severity::Warning,
                    format!("a tab follows {kw}, so the phone reads the line as a comment"),
                    format!("put a single space after {kw}"),
                );
                return;
            }
        }
        // Comments that look like a label someone meant.
        let Some(after_hash) = trimmed.strip_prefix('#') else {
            return;
        };
        if after_hash.starts_with('#') {
            return;
        }
        let mut words = tokens(after_hash);
        let (Some(word), None) = (words.next(), words.next()) else {
            return;
        };
        if !word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return;
        }
        let (code, how) = if indented {
            (Code::IndentedStatement, "an indented label")
        } else if after_hash.starts_with(is_ws) {
            (Code::TwoSpaceLabel, "more than one space after #")
        } else {
            (Code::HashLabel, "no space after #")
        };
        let name = word.to_ascii_uppercase();
        self.near_labels
            .entry(name.clone())
            .or_insert((n, how.to_owned()));
        self.warn(
            n,
            code,
            Severity::Info,
            format!("'{}' is a comment, not a label ({how})", clip(trimmed)),
            format!("write '# {name}' in column 1 if it is meant as a label"),
        );
    }

    /// Resolves jumps and reports labels that are missing or never used.
    fn finish(&mut self) {
        let mut used = vec![false; self.stmts.len()];
        let mut missing = Vec::new();
        for i in 0..self.stmts.len() {
            let line = self.stmts[i].line;
            if let Op::Goto { target, dest } | Op::If { target, dest, .. } = &mut self.stmts[i].op {
                *dest = self.labels.get(target.as_str()).copied();
                match *dest {
                    Some(d) => used[d] = true,
                    None => missing.push((line, target.clone())),
                }
            }
        }
        for (line, target) in missing {
            let hint = match self.near_labels.get(&target) {
                Some((l, how)) => format!(" (line {l} has it as a comment: {how})"),
                None => String::new(),
            };
            self.warn(
                line,
                Code::MissingLabel,
                Severity::Error,
                format!("jump to label {target}, which this file does not have{hint}: when taken, the rest of the file is ignored"),
                format!("add a line '# {target}' in column 1 where the jump should land"),
            );
        }
        for (i, s) in self.stmts.iter().enumerate() {
            if let Op::Label(name) = &s.op {
                if !used[i] && self.labels.get(name) == Some(&i) {
                    self.diags.push(Warning::new(
                        self.file,
                        Some(s.line),
                        Code::UnusedLabel,
                        Severity::Info,
                        format!("label {name} is never jumped to"),
                        "remove it, or check the GOTO that was meant to reach it",
                    ));
                }
            }
        }
        self.diags.sort_by_key(|w| w.line);
    }
}

impl Program {
    /// Parses a file. Never fails: whatever the bytes, the result is a program
    /// (possibly with no statements) and the warnings that explain it.
    pub fn parse(file: &str, bytes: &[u8]) -> Program {
        let (text, encoding) = text::decode(bytes);
        let mut p = Parser {
            file,
            stmts: Vec::new(),
            labels: HashMap::new(),
            diags: Vec::new(),
            near_labels: HashMap::new(),
        };
        let mut count = 0u32;
        for (i, line) in text::lines(&text).enumerate() {
            count = i as u32 + 1;
            p.line(count, line);
        }
        p.finish();
        if encoding == Encoding::Windows1252 {
            p.diags.insert(
                0,
                Warning::new(
                    file,
                    None,
                    Code::NotUtf8,
                    Severity::Info,
                    "the file is not UTF-8; it was read as Windows-1252",
                    "save the file as UTF-8 (or plain ASCII)",
                ),
            );
        }
        Program {
            file: file.to_owned(),
            text,
            encoding,
            line_count: count,
            stmts: p.stmts,
            labels: p.labels,
            diagnostics: p.diags,
        }
    }

    /// The text of a 1-based line, for showing a file with its trace.
    pub fn line_text(&self, line: u32) -> Option<&str> {
        text::lines(&self.text).nth(line.checked_sub(1)? as usize)
    }

    /// Index of the first statement on or after `line`.
    pub fn stmt_at_line(&self, line: u32) -> usize {
        self.stmts.partition_point(|s| s.line < line)
    }

    /// Names of all files this program may GET, in order of appearance.
    pub fn gets(&self) -> impl Iterator<Item = (&Stmt, &str)> {
        self.stmts.iter().filter_map(|s| match &s.op {
            Op::Get { file } => Some((s, file.as_str())),
            _ => None,
        })
    }
}
