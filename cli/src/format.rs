//! Machine-readable outputs of a boot for CI: SARIF 2.1.0 (code scanning) and
//! GitHub workflow annotations, one entry per warning with its file and line.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use phoneboot_engine::{Report, Severity, Warning};
use serde_json::{json, Value};

/// How the boot's report is printed.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// Sections for a person (the default)
    #[default]
    Text,
    /// The report the app's Export JSON gives
    Json,
    /// SARIF 2.1.0, one result per warning (GitHub code scanning and others)
    Sarif,
    /// GitHub Actions workflow commands (::warning file=F,line=N::...)
    Github,
}

/// The warning's code as it appears in JSON ("unknown-parameter").
pub fn code_id(w: &Warning) -> String {
    serde_json::to_value(w.code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "warning".to_owned())
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// "unknown-parameter" -> "UnknownParameter".
fn pascal(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// The report as a SARIF 2.1.0 log. `path_of` maps a warning's file name to
/// the path (or URL) it was read from, as the artifact's URI.
pub fn sarif(report: &Report, path_of: &dyn Fn(&str) -> String) -> Value {
    let mut rules: BTreeMap<String, usize> = BTreeMap::new();
    let mut rule_list: Vec<Value> = Vec::new();
    let mut results = Vec::new();
    for w in &report.warnings {
        let id = code_id(w);
        let index = *rules.entry(id.clone()).or_insert_with(|| {
            rule_list.push(json!({
                "id": id,
                "name": pascal(&id),
                "shortDescription": { "text": id.replace('-', " ") },
                "defaultConfiguration": { "level": level(w.severity) },
            }));
            rule_list.len() - 1
        });
        let mut location = json!({
            "physicalLocation": {
                "artifactLocation": { "uri": path_of(&w.file) },
            }
        });
        if let Some(line) = w.line.filter(|l| *l > 0) {
            location["physicalLocation"]["region"] = json!({ "startLine": line });
        }
        let text = if w.fix.is_empty() {
            w.message.clone()
        } else {
            format!("{}\nFix: {}", w.message, w.fix)
        };
        results.push(json!({
            "ruleId": id,
            "ruleIndex": index,
            "level": level(w.severity),
            "message": { "text": text },
            "locations": [location],
        }));
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "phoneboot",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rule_list,
                }
            },
            "results": results,
        }]
    })
}

/// Escapes the message of a workflow command.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property (file=, title=) of a workflow command.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command per warning, then the outcome as a plain line.
pub fn github(report: &Report, outcome: &str, path_of: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    for w in &report.warnings {
        let command = match w.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = vec![format!("file={}", escape_property(&path_of(&w.file)))];
        if let Some(line) = w.line.filter(|l| *l > 0) {
            props.push(format!("line={line}"));
        }
        props.push(format!(
            "title={}",
            escape_property(&format!("phoneboot {}", code_id(w)))
        ));
        let text = if w.fix.is_empty() {
            w.message.clone()
        } else {
            format!("{}\nFix: {}", w.message, w.fix)
        };
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            props.join(","),
            escape_data(&text)
        );
    }
    let _ = writeln!(
        out,
        "phoneboot: {} {}: {outcome} ({} warnings)",
        report.model,
        report.group,
        report.warnings.len()
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_are_escaped() {
        assert_eq!(escape_data("a%b\r\nc"), "a%25b%0D%0Ac");
        assert_eq!(escape_property("d/f:1,2"), "d/f%3A1%2C2");
        assert_eq!(pascal("unknown-parameter"), "UnknownParameter");
    }
}
