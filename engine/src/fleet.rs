//! Many phones against files fetched and parsed once: the fleet matrix and
//! the execute-only benchmark. No I/O and no events: each evaluation only
//! executes the parsed programs and keeps the settings that take effect.

use std::collections::{BTreeMap, HashMap};

use crate::boot::{PhoneConfig, PhoneVars, MAX_GETS, MAX_STATEMENTS, UPGRADE_SCRIPT};
use crate::catalog::{catalog, Verdict};
use crate::interp::{self, Observer, Stop};
use crate::script::Program;
use crate::Flash;

/// Parsed files by name (as GET names them; matched without regard to case).
#[derive(Default)]
pub struct FileSet {
    files: HashMap<String, Program>,
}

impl FileSet {
    pub fn new() -> Self {
        FileSet::default()
    }

    pub fn insert(&mut self, program: Program) {
        self.files
            .insert(program.file.to_ascii_lowercase(), program);
    }

    pub fn get(&self, name: &str) -> Option<&Program> {
        self.files.get(&name.to_ascii_lowercase())
    }

    /// The files in the set, by the name they were requested under, sorted.
    pub fn names(&self) -> Vec<&str> {
        let mut n: Vec<&str> = self.files.values().map(|p| p.file.as_str()).collect();
        n.sort_unstable();
        n
    }

    /// Every `$GROUP` value the files test with `IF $GROUP SEQ n`, sorted.
    pub fn tested_groups(&self) -> Vec<u16> {
        let mut g: Vec<u16> = self
            .files
            .values()
            .flat_map(|p| p.stmts.iter())
            .filter_map(|s| match &s.op {
                crate::script::Op::If { var, value, .. } if var == "GROUP" => value.parse().ok(),
                _ => None,
            })
            .filter(|g| *g <= 999)
            .collect();
        g.sort_unstable();
        g.dedup();
        g
    }
}

/// Where an effective value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub value: String,
    pub file: String,
    pub line: u32,
}

/// What one phone gets from a [`FileSet`].
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Evaluation {
    /// APPNAME at the first GET or the end of the upgrade script.
    pub appname: Option<String>,
    pub settings: BTreeMap<String, Source>,
    /// Files interpreted, in order.
    pub chain: Vec<String>,
    /// GETs of files that are not in the set.
    pub missing: Vec<String>,
    /// A safety bound ended the evaluation.
    pub bound: Option<String>,
}

struct Collect<'a> {
    file: &'a str,
    settings: &'a mut BTreeMap<String, Source>,
}

impl Observer for Collect<'_> {
    fn set(&mut self, line: u32, name: &str, value: &str) {
        if catalog().check(name, value) == Verdict::Applied {
            self.settings.insert(
                name.to_owned(),
                Source {
                    value: value.to_owned(),
                    file: self.file.to_owned(),
                    line,
                },
            );
        }
    }
}

/// Evaluates the scripts for one phone with `flash` loaded, as a boot pass
/// would after any download (the APPNAME decision does not change the path).
pub fn evaluate(files: &FileSet, phone: &PhoneConfig, flash: &Flash) -> Evaluation {
    let mut ev = Evaluation::default();
    let Some(mut program) = files.get(UPGRADE_SCRIPT) else {
        ev.missing.push(UPGRADE_SCRIPT.to_owned());
        return ev;
    };
    let vars = PhoneVars::new(phone, flash);
    let mut budget = MAX_STATEMENTS;
    let mut gets = 0;
    let mut start = 0;
    let mut decided = false;
    ev.chain.push(program.file.clone());
    loop {
        let stop = interp::run(
            program,
            start,
            &vars,
            &mut budget,
            &mut Collect {
                file: &program.file,
                settings: &mut ev.settings,
            },
        );
        if !decided {
            decided = true;
            ev.appname = ev
                .settings
                .get("APPNAME")
                .map(|s| s.value.clone())
                .filter(|v| !v.is_empty());
        }
        match stop {
            Stop::End => return ev,
            Stop::Budget { line } => {
                ev.bound = Some(format!(
                    "{MAX_STATEMENTS} statements ({}:{line})",
                    program.file
                ));
                return ev;
            }
            Stop::Get { line, file, resume } => {
                gets += 1;
                if gets > MAX_GETS {
                    ev.bound = Some(format!("{MAX_GETS} GETs ({}:{line})", program.file));
                    return ev;
                }
                match files.get(&file) {
                    Some(p) => {
                        program = p;
                        start = 0;
                        ev.chain.push(p.file.clone());
                    }
                    None => {
                        ev.missing.push(file);
                        start = resume;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Model;

    #[test]
    fn parse_once_evaluate_for_many_phones() {
        let mut set = FileSet::new();
        set.insert(Program::parse(UPGRADE_SCRIPT, b"IF $MODEL4 SEQ 1616 GOTO B\nSET APPNAME a.bin\nGOTO S\n# B\nSET APPNAME b.bin\n# S\nGET 46xxsettings.txt\n"));
        set.insert(Program::parse("46XXsettings.txt", b"IF $GROUP SEQ 3 GOTO G\nSET L2QVLAN 10\nGET gone.txt\nGOTO E\n# G\nSET L2QVLAN 30\n# E\n"));
        let mut phone = PhoneConfig::new(Model::M1608);
        let e = evaluate(&set, &phone, &Flash::factory());
        assert_eq!(e.appname.as_deref(), Some("a.bin"));
        assert_eq!(e.settings["L2QVLAN"].value, "10");
        assert_eq!(e.missing, ["gone.txt"]);
        phone.model = Model::M1616I;
        phone.group = 3;
        let e = evaluate(&set, &phone, &Flash::factory());
        assert_eq!(e.appname.as_deref(), Some("b.bin"));
        assert_eq!(
            (
                e.settings["L2QVLAN"].value.as_str(),
                e.settings["L2QVLAN"].line
            ),
            ("30", 6)
        );
        assert_eq!(set.tested_groups(), [3]);
        assert_eq!(set.names(), ["16xxupgrade.txt", "46XXsettings.txt"]);
    }
}

/// Fetches the upgrade script and every file any script could GET (following
/// GET statements whatever the branch), each once, and parses each once.
/// Returns the set and the names no server delivered.
pub async fn fetch_all<S: crate::FileSource>(
    source: &S,
    servers: &crate::servers::Servers,
    timeout_ms: u32,
) -> (FileSet, Vec<String>) {
    let mut set = FileSet::new();
    let mut missing = Vec::new();
    let mut queue = vec![UPGRADE_SCRIPT.to_owned()];
    let mut seen = std::collections::HashSet::new();
    while let Some(name) = queue.pop() {
        if !seen.insert(name.to_ascii_lowercase()) || seen.len() > 64 {
            continue;
        }
        let mut got = None;
        for server in servers.for_scripts() {
            let req = crate::source::FetchRequest {
                url: server.url(&name),
                file: name.clone(),
                purpose: crate::source::Purpose::Settings,
                timeout_ms,
            };
            let mut sink = crate::source::Collect::new(crate::boot::MAX_FILE_BYTES);
            if let Ok(h) = source.get(&req, &mut sink).await {
                if h.status == 200 && !sink.over {
                    got = Some(sink.buf);
                    break;
                }
            }
        }
        match got {
            Some(bytes) => {
                let p = Program::parse(&name, &bytes);
                queue.extend(p.gets().map(|(_, f)| f.to_owned()));
                set.insert(p);
            }
            None => missing.push(name),
        }
    }
    (set, missing)
}

/// One cell of the fleet matrix: what a phone ends up with once it has
/// loaded whatever the scripts make it download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub model: crate::Model,
    pub group: u16,
    /// Files the phone downloads on the way, in order (boot code, application).
    pub downloads: Vec<String>,
    /// The evaluation once nothing more is downloaded.
    pub eval: Evaluation,
}

/// Evaluates one phone to its steady state: like a boot session, it "loads"
/// each APPNAME the scripts ask for (at most 3 restarts) and evaluates again.
pub fn steady_state(files: &FileSet, phone: &PhoneConfig, flash: &Flash) -> Cell {
    let mut flash = flash.clone();
    let mut downloads = Vec::new();
    let mut eval = evaluate(files, phone, &flash);
    for _ in 0..crate::boot::MAX_RESTARTS {
        let Some(name) = eval.appname.clone() else {
            break;
        };
        let slot = crate::events::Slot::of(&name);
        if flash.slot(slot).map(|f| f.name.as_str()) == Some(name.as_str()) {
            break;
        }
        let loaded = crate::events::LoadedFile {
            name: name.clone(),
            size: 0,
            sha256: String::new(),
            written_ms: 0.0,
        };
        match slot {
            crate::events::Slot::BootCode => flash.boot_code = Some(loaded),
            crate::events::Slot::Application => flash.application = Some(loaded),
        }
        downloads.push(name);
        eval = evaluate(files, phone, &flash);
    }
    Cell {
        model: phone.model,
        group: phone.group,
        downloads,
        eval,
    }
}

/// The difference between two evaluations: parameters only in one, or with
/// different values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub name: String,
    pub left: Option<Source>,
    pub right: Option<Source>,
}

pub fn compare(left: &Evaluation, right: &Evaluation) -> Vec<Difference> {
    let names: std::collections::BTreeSet<&String> =
        left.settings.keys().chain(right.settings.keys()).collect();
    names
        .into_iter()
        .filter_map(|n| {
            let (l, r) = (left.settings.get(n), right.settings.get(n));
            let same = match (l, r) {
                (Some(a), Some(b)) => a.value == b.value,
                _ => false,
            };
            (!same).then(|| Difference {
                name: n.clone(),
                left: l.cloned(),
                right: r.cloned(),
            })
        })
        .collect()
}

/// Parses a list of groups and ranges such as `0, 3, 10-20` (0..=999).
pub fn parse_groups(s: &str) -> Result<Vec<u16>, String> {
    let mut out = Vec::new();
    for part in s.split([',', ' ']).map(str::trim).filter(|p| !p.is_empty()) {
        let (lo, hi) = match part.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (part, part),
        };
        let parse = |v: &str| -> Result<u16, String> {
            v.parse::<u16>()
                .ok()
                .filter(|g| *g <= 999)
                .ok_or_else(|| format!("\"{part}\": groups are whole numbers 0-999"))
        };
        let (lo, hi) = (parse(lo)?, parse(hi)?);
        if lo > hi {
            return Err(format!("\"{part}\": the range runs backwards"));
        }
        out.extend(lo..=hi);
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

pub(crate) fn csv(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(['=', '+', '-', '@']) {
        // Quoted, and a leading formula character neutralised for spreadsheets.
        let s = if s.starts_with(['=', '+', '-', '@']) {
            format!("'{s}")
        } else {
            s.to_owned()
        };
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The matrix as CSV: one row per cell, one column per parameter any cell sets.
/// Secret values are masked.
pub fn to_csv(cells: &[Cell]) -> String {
    let names: std::collections::BTreeSet<&String> =
        cells.iter().flat_map(|c| c.eval.settings.keys()).collect();
    let mut out = String::from("model,group,downloads,appname");
    for n in &names {
        out.push(',');
        out.push_str(&csv(n));
    }
    out.push('\n');
    for c in cells {
        out.push_str(&format!(
            "{},{},{},{}",
            c.model.name(),
            c.group,
            csv(&c.downloads.join(" ")),
            csv(c.eval.appname.as_deref().unwrap_or(""))
        ));
        for n in &names {
            out.push(',');
            if let Some(s) = c.eval.settings.get(*n) {
                let v = if crate::catalog::is_secret(n) {
                    crate::report::MASK
                } else {
                    s.value.as_str()
                };
                out.push_str(&csv(v));
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod matrix_tests {
    use super::*;
    use crate::Model;

    #[test]
    fn groups_parse_with_ranges_and_errors() {
        assert_eq!(parse_groups("0, 3,10-12 3").unwrap(), [0, 3, 10, 11, 12]);
        assert_eq!(parse_groups("0-999").unwrap().len(), 1000);
        assert!(parse_groups("5-1").is_err());
        assert!(parse_groups("1000").unwrap_err().contains("0-999"));
    }

    #[test]
    fn steady_state_follows_boot_code_then_application_and_compare_finds_differences() {
        let mut set = FileSet::new();
        set.insert(Program::parse(UPGRADE_SCRIPT, b"IF $BOOTNAME SEQ hb.bin GOTO APP\nSET APPNAME hb.bin\nGOTO S\n# APP\nSET APPNAME ha.bin\n# S\nGET 46xxsettings.txt\n"));
        set.insert(Program::parse("46xxsettings.txt", b"SET PROCPSWD 1234\nIF $GROUP SEQ 2 GOTO G\nSET L2QVLAN 10\nGOTO E\n# G\nSET L2QVLAN 20\nSET DOMAIN \"a,b\"\n# E\n"));
        let c0 = steady_state(&set, &PhoneConfig::new(Model::M1608), &Flash::factory());
        assert_eq!(c0.downloads, ["hb.bin", "ha.bin"]);
        assert_eq!(c0.eval.appname.as_deref(), Some("ha.bin"));
        let c2 = steady_state(
            &set,
            &PhoneConfig {
                group: 2,
                ..PhoneConfig::new(Model::M1608)
            },
            &Flash::factory(),
        );
        let d = compare(&c0.eval, &c2.eval);
        let names: Vec<&str> = d.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["DOMAIN", "L2QVLAN"]);
        assert_eq!(d[1].left.as_ref().unwrap().value, "10");
        assert_eq!(d[1].right.as_ref().unwrap().line, 6);
        let csv = to_csv(&[c0, c2]);
        assert!(
            csv.starts_with("model,group,downloads,appname,APPNAME,DOMAIN,L2QVLAN,PROCPSWD\n"),
            "{csv}"
        );
        assert!(
            csv.contains("1608,2,hb.bin ha.bin,ha.bin,ha.bin,\"a,b\",20,********"),
            "{csv}"
        );
    }
}
