//! Warnings: what a real phone is silent about but a person troubleshooting a
//! provisioning server wants to hear (spec section 5). Every warning names its
//! file and, where there is one, its line, and says how to fix it.

use serde::Serialize;

/// How much a warning matters: SARIF's level (`error`, `warning`, `note`) and
/// the labels of the CLI's text output follow it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing is wrong.
    Info,
    /// Probably a mistake in the files; the boot goes on.
    Warning,
    /// The boot cannot do what the files intend (a failed download, a missing file).
    Error,
}

impl Severity {
    /// The lower-case name, as in JSON ("warning").
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a warning is about; stable names for filtering, tests and JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// SET of a parameter the 1600 does not honour.
    UnknownParameter,
    /// SET with a value the parameter does not accept.
    InvalidValue,
    /// SET GROUP: only the phone or the call server sets it.
    NotSettable,
    /// Curly quotes where straight ones were meant.
    CurlyQuotes,
    /// A statement indented from column 1, so a comment.
    IndentedStatement,
    /// A keyword followed by a tab instead of a space, so a comment.
    TabAfterKeyword,
    /// `#LABEL` without the space, so a comment.
    HashLabel,
    /// `#  LABEL` with two spaces, so a comment.
    TwoSpaceLabel,
    /// GOTO (or IF ... GOTO) to a label the file does not have.
    MissingLabel,
    /// A label no GOTO in its file jumps to.
    UnusedLabel,
    /// The same label twice; only the first counts.
    DuplicateLabel,
    /// An unquoted value followed by more words; only the first is used.
    UnquotedSpaces,
    /// SET with no value: ignored.
    SetNoValue,
    /// A quote that is never closed: the value runs to the end of the line.
    UnterminatedQuote,
    /// A statement the phone cannot make sense of (missing parts).
    Malformed,
    /// IF with an operator other than SEQ.
    UnknownOperator,
    /// IF on a variable a 1600 does not define: skipped.
    UndefinedVariable,
    /// GET of a file already in the chain of GETs.
    GetLoop,
    /// GET of a file no server delivered: the script goes on.
    GetFailed,
    /// A server answered with a redirect, which the phone does not follow (spec 2.6).
    Redirect,
    /// A settings file that set nothing for this phone.
    NothingSet,
    /// No server delivered the upgrade script.
    NoUpgradeScript,
    /// A DHCP option-242 key the 1600 does not use, or a malformed pair.
    Option242,
    /// A safety bound of spec section 4 ended the boot.
    Bound,
    /// A downloaded file failed an integrity check.
    CheckFailed,
    /// A download could not be made.
    Download,
    /// Too many restarts in one boot session.
    RestartLoop,
    /// A file was read as Windows-1252 because it is not UTF-8.
    NotUtf8,
    /// A SET of HTTPSRVR, HTTPDIR or HTTPPORT moved later requests (spec 2.5).
    ServersMoved,
    /// AUTH 1 with no TLS server: the phone gets no script or settings file (spec 2.8).
    AuthWithoutTls,
    /// A language or font file was not loaded, or the language settings do not fit together (spec 3.6).
    Language,
    /// The backup/restore file could not be retrieved (spec 3.8).
    Restore,
    /// A `$VAR` in a GET name: the 1600 requests it literally (spec 4).
    VariableInGet,
    /// A SET APPNAME after the APPNAME check: it does not choose this boot's firmware (spec 4).
    AppnameAfterCheck,
}

/// One warning, tied to a file and line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// The file it is about (or the upgrade script, for the boot as a whole).
    pub file: String,
    /// 1-based line; `None` for warnings about a whole file or the boot.
    pub line: Option<u32>,
    /// What kind of warning it is (its stable name in JSON and SARIF).
    pub code: Code,
    /// How much it matters.
    pub severity: Severity,
    /// What is wrong, in words (secret values masked).
    pub message: String,
    /// One line on how to fix it.
    pub fix: String,
}

impl Warning {
    /// A warning about `file` (and `line`), with its code, severity, message and fix.
    pub fn new(
        file: &str,
        line: Option<u32>,
        code: Code,
        severity: Severity,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Warning {
            file: file.to_owned(),
            line,
            code,
            severity,
            message: message.into(),
            fix: fix.into(),
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.file, l, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Shortens text quoted in a message: a 4 MB line must not make a 4 MB warning.
pub fn clip(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut}... ({} characters)", s.chars().count())
    }
}
