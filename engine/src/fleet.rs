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
    }
}
