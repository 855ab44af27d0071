//! Many phones against files fetched and parsed once: the fleet matrix and
//! the execute-only benchmark. Each cell drives the same [`Walker`] as a
//! boot, quietly (no events), answering its needs from the [`FileSet`]: the
//! servers, DHCP values, GET chain, APPNAME decision, restarts and language
//! files follow the boot's rules because they are the boot's code.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use crate::apply::Quiet;
use crate::catalog::{catalog, Verdict};
use crate::config::{
    BootConfig, Bound, Group, PhoneConfig, ServerSpec, MAX_FILE_BYTES, UPGRADE_SCRIPT,
};
use crate::events::{Cause, LoadedFile, Origin, Outcome};
use crate::script::{Op, Program};
use crate::servers::{Moves, Net, Server};
use crate::source::Purpose;
use crate::walk::{Answer, Need, ScriptFailure, Walker};
use crate::Flash;

/// Parsed files, by the URL they were fetched from, or by name (as GET names
/// them; matched without regard to case) for sets built by hand. A set knows
/// the server it stands for, so every cell gets that server's DHCP values.
pub struct FileSet {
    server: ServerSpec,
    by_url: HashMap<String, Rc<Program>>,
    by_name: HashMap<String, Rc<Program>>,
}

impl Default for FileSet {
    fn default() -> Self {
        FileSet::for_server(ServerSpec::BaseUrl("mem://fileset/".to_owned()))
    }
}

impl FileSet {
    /// A set whose files match by name, from a base-URL server.
    pub fn new() -> Self {
        FileSet::default()
    }

    /// An empty set standing for `server` (its option-242 values apply).
    pub fn for_server(server: ServerSpec) -> Self {
        FileSet {
            server,
            by_url: HashMap::new(),
            by_name: HashMap::new(),
        }
    }

    /// The server the files were fetched from (URLs of requests are built from it).
    pub fn server(&self) -> &ServerSpec {
        &self.server
    }

    /// Adds a file found by its name on any server.
    pub fn insert(&mut self, program: Program) {
        self.by_name
            .insert(program.file.to_ascii_lowercase(), Rc::new(program));
    }

    /// Adds a file found at `url` only.
    pub fn insert_at(&mut self, url: &str, program: Program) {
        self.by_url.insert(url.to_owned(), Rc::new(program));
    }

    /// A file by name, wherever it was fetched from.
    pub fn get(&self, name: &str) -> Option<&Program> {
        self.by_name
            .get(&name.to_ascii_lowercase())
            .or_else(|| {
                self.by_url
                    .values()
                    .find(|p| p.file.eq_ignore_ascii_case(name))
            })
            .map(|p| &**p)
    }

    /// The file the first of `servers` that has it would deliver.
    pub fn lookup(&self, servers: &[Server], name: &str) -> Option<Rc<Program>> {
        servers
            .iter()
            .find_map(|s| self.by_url.get(&s.url(name)))
            .or_else(|| self.by_name.get(&name.to_ascii_lowercase()))
            .cloned()
    }

    fn programs(&self) -> impl Iterator<Item = &Rc<Program>> {
        self.by_name.values().chain(self.by_url.values())
    }

    /// The files in the set, by the name they were requested under, sorted.
    pub fn names(&self) -> Vec<&str> {
        let mut n: Vec<&str> = self.programs().map(|p| p.file.as_str()).collect();
        n.sort_unstable();
        n.dedup();
        n
    }

    /// Every `$GROUP` value the files test with `IF $GROUP SEQ n`, sorted.
    pub fn tested_groups(&self) -> Vec<u16> {
        let mut g: Vec<u16> = self
            .programs()
            .flat_map(|p| p.stmts.iter())
            .filter_map(|s| match &s.op {
                Op::If { var, value, .. } if var == "GROUP" => {
                    Group::parse(value).ok().map(Group::get)
                }
                _ => None,
            })
            .collect();
        g.sort_unstable();
        g.dedup();
        g
    }
}

/// Where an effective value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The value.
    pub value: String,
    /// Whether a file or DHCP set it.
    pub origin: Origin,
    /// The file that set it; "DHCP option 242" for a DHCP value.
    pub file: String,
    /// Its line; 0 for a DHCP value.
    pub line: u32,
}

impl Source {
    /// "file:line", or "DHCP option 242".
    pub fn place(&self) -> String {
        match self.origin {
            Origin::Dhcp => self.file.clone(),
            Origin::File => format!("{}:{}", self.file, self.line),
        }
    }
}

/// A safety bound that ended an evaluation, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoundHit {
    /// Which bound.
    pub bound: Bound,
    /// The file being interpreted when it was hit.
    pub file: String,
    /// The line there, when one statement hit it.
    pub line: Option<u32>,
}

/// In JSON, the sentence of [`std::fmt::Display`] ("16 GETs in one boot (a.txt:2)").
impl serde::Serialize for BoundHit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl std::fmt::Display for BoundHit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{} ({}:{l})", self.bound, self.file),
            None => write!(f, "{} ({})", self.bound, self.file),
        }
    }
}

/// One request the phone makes, as the walker asked for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The boot pass (1 = first).
    pub pass: u32,
    /// Why the phone asks for it.
    pub purpose: Purpose,
    /// The file name.
    pub file: String,
    /// The URLs tried, in order (the first that delivers wins).
    pub urls: Vec<String>,
    /// The GET statement, or for a language file the SET, that asked for it.
    pub by: Option<(String, Option<u32>)>,
}

/// What one phone gets from a [`FileSet`].
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Evaluation {
    /// APPNAME at the first GET or the end of the upgrade script.
    pub appname: Option<String>,
    /// Effective settings, DHCP values included.
    pub settings: BTreeMap<String, Source>,
    /// Files interpreted, in order.
    pub chain: Vec<String>,
    /// GETs of files that are not in the set.
    pub missing: Vec<String>,
    /// A safety bound ended the evaluation.
    pub bound: Option<BoundHit>,
    /// Every request of the session, every pass, in order: scripts,
    /// settings, application files and language files.
    pub requests: Vec<Request>,
}

/// Drives a walker over `files`. `downloads` says whether application
/// files are loaded (a session to its steady state) or passed over (one pass).
fn drive(
    files: &FileSet,
    phone: &PhoneConfig,
    flash: &Flash,
    downloads: bool,
) -> (Evaluation, Vec<String>) {
    let config = BootConfig::new(phone.clone(), files.server.clone());
    let mut flash = flash.clone();
    let mut walker = Walker::new(&config, &mut flash, Cause::PowerOn);
    let mut loaded = Vec::new();
    let mut requests = Vec::new();
    let mut answer = None;
    let outcome = loop {
        let need = walker.next(answer.take(), &mut Quiet);
        let pass = walker.restarts() + 1;
        let urls = |servers: &[Server], file: &str| servers.iter().map(|s| s.url(file)).collect();
        answer = Some(match need {
            Need::Done(o) => break o,
            Need::Script {
                file,
                purpose,
                servers,
                by,
            } => {
                let found = files.lookup(&servers, &file);
                requests.push(Request {
                    pass,
                    purpose,
                    urls: urls(&servers, &file),
                    file,
                    by: by.map(|(f, l)| (f, Some(l))),
                });
                Answer::Script(found.ok_or(ScriptFailure::Missing {
                    why: "not on the server".to_owned(),
                }))
            }
            Need::Application { name, servers, .. } => {
                requests.push(Request {
                    pass,
                    purpose: Purpose::Application,
                    urls: urls(&servers, &name),
                    file: name.clone(),
                    by: None,
                });
                if downloads {
                    loaded.push(name.clone());
                    Answer::Application(Ok(assumed(&name)))
                } else {
                    Answer::Continue
                }
            }
            // Binaries are not fetched for the matrix: assumed delivered.
            Need::Language(req) => {
                requests.push(Request {
                    pass,
                    purpose: Purpose::Language,
                    urls: urls(&req.servers, &req.file),
                    file: req.file.clone(),
                    by: Some(req.set_at.clone()),
                });
                Answer::Language(Ok(assumed(&req.file)))
            }
            Need::Restore { url } => {
                requests.push(Request {
                    pass,
                    purpose: Purpose::Restore,
                    file: url.rsplit('/').next().unwrap_or(&url).to_owned(),
                    urls: vec![url],
                    by: None,
                });
                Answer::Restore(crate::events::RestoreOutcome::NothingToRestore)
            }
        });
    };
    let ev = Evaluation {
        appname: walker.appname().map(str::to_owned),
        settings: walker
            .settings()
            .iter()
            .map(|(k, e)| {
                (
                    k.clone(),
                    Source {
                        value: e.value.clone(),
                        origin: e.origin,
                        file: e
                            .file
                            .clone()
                            .unwrap_or_else(|| "DHCP option 242".to_owned()),
                        line: e.line.unwrap_or(0),
                    },
                )
            })
            .collect(),
        chain: walker.chain().to_vec(),
        missing: walker.missing().to_vec(),
        bound: match outcome {
            Outcome::Bound { bound, file, line } => Some(BoundHit { bound, file, line }),
            _ => None,
        },
        requests,
    };
    (ev, loaded)
}

/// A download the fleet assumes succeeded: known by name only.
fn assumed(name: &str) -> LoadedFile {
    LoadedFile::named(name)
}

/// Evaluates the scripts for one phone with `flash` loaded, as one boot pass
/// would after any download (the APPNAME decision does not change the path).
pub fn evaluate(files: &FileSet, phone: &PhoneConfig, flash: &Flash) -> Evaluation {
    drive(files, phone, flash, false).0
}

/// Values of HTTPSRVR, HTTPDIR and HTTPPORT any file sets, in any branch:
/// the servers a phone might be moved to (spec 2.5).
fn move_values(files: &FileSet) -> [Vec<String>; 3] {
    let mut out: [Vec<String>; 3] = Default::default();
    for p in files.programs() {
        for s in &p.stmts {
            if let Op::Set {
                name,
                value: Some(v),
            } = &s.op
            {
                if let Some(i) = Moves::NAMES.iter().position(|n| n == name) {
                    if catalog().check(name, v) == Verdict::Applied && !out[i].contains(v) {
                        out[i].push(v.clone());
                    }
                }
            }
        }
    }
    out
}

/// Fetches the upgrade script and every file any script could GET (following
/// GET statements whatever the branch, from the servers as given and from
/// every server a SET HTTPSRVR/HTTPDIR/HTTPPORT could move them to), each
/// URL once, and parses each file once. Returns the set and the names no
/// server delivered.
pub async fn fetch_all<S: crate::FileSource>(
    source: &S,
    server: &ServerSpec,
    timeout_ms: u32,
) -> (FileSet, Vec<String>) {
    /// At most this many requests, whatever the files say.
    const MAX_REQUESTS: usize = 256;
    let net = Net::of(server);
    let mut set = FileSet::for_server(server.clone());
    let mut names = vec![UPGRADE_SCRIPT.to_owned()];
    let mut tried: HashSet<String> = HashSet::new();
    let mut found: HashSet<String> = HashSet::new();
    loop {
        let [srvr, dir, port] = move_values(&set);
        let opts = |v: &[String]| -> Vec<Option<String>> {
            std::iter::once(None)
                .chain(v.iter().cloned().map(Some))
                .collect()
        };
        let mut lists: Vec<Vec<Server>> = Vec::new();
        for a in opts(&srvr) {
            for b in opts(&dir) {
                for c in opts(&port) {
                    let m = Moves {
                        httpsrvr: a.as_deref(),
                        httpdir: b.as_deref(),
                        httpport: c.as_deref(),
                    };
                    let list: Vec<Server> = net.servers(&m).for_scripts().cloned().collect();
                    if !lists.contains(&list) && lists.len() < 32 {
                        lists.push(list);
                    }
                }
            }
        }
        let mut progressed = false;
        let mut i = 0;
        while i < names.len() {
            let name = names[i].clone();
            i += 1;
            for list in &lists {
                for server in list {
                    let url = server.url(&name);
                    if tried.len() >= MAX_REQUESTS || !tried.insert(url.clone()) {
                        if set.by_url.contains_key(&url) {
                            break;
                        }
                        continue;
                    }
                    progressed = true;
                    let req = crate::source::FetchRequest {
                        url: url.clone(),
                        file: name.clone(),
                        purpose: Purpose::Settings,
                        timeout_ms,
                    };
                    let mut sink = crate::source::Collect::new(MAX_FILE_BYTES);
                    let ok = matches!(source.get(&req, &mut sink).await, Ok(h) if h.status == 200)
                        && !sink.over;
                    if ok {
                        let p = Program::parse(&name, &sink.buf);
                        for (_, f) in p.gets() {
                            if !names.iter().any(|n| n.eq_ignore_ascii_case(f)) {
                                names.push(f.to_owned());
                            }
                        }
                        set.insert_at(&url, p);
                        found.insert(name.to_ascii_lowercase());
                        break;
                    }
                }
            }
        }
        if !progressed {
            break;
        }
    }
    let missing = names
        .into_iter()
        .filter(|n| !found.contains(&n.to_ascii_lowercase()))
        .collect();
    (set, missing)
}

/// One cell of the fleet matrix: what a phone ends up with once it has
/// loaded whatever the scripts make it download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// The model of the phone.
    pub model: crate::Model,
    /// Its GROUP.
    pub group: u16,
    /// Files the phone downloads on the way, in order (boot code, application).
    pub downloads: Vec<String>,
    /// The evaluation once nothing more is downloaded.
    pub eval: Evaluation,
}

/// Evaluates one phone to its steady state: the boot session's walker, with
/// each APPNAME the scripts ask for "loaded" (at most 3 restarts).
pub fn steady_state(files: &FileSet, phone: &PhoneConfig, flash: &Flash) -> Cell {
    let (eval, downloads) = drive(files, phone, flash, true);
    Cell {
        model: phone.model,
        group: phone.group,
        downloads,
        eval,
    }
}

impl Cell {
    /// Whether this phone ends up differently from `other`: other downloads,
    /// another APPNAME, or any parameter only in one or with another value.
    pub fn differs_from(&self, other: &Cell) -> bool {
        self.downloads != other.downloads
            || self.eval.appname != other.eval.appname
            || !compare(&self.eval, &other.eval).is_empty()
    }
}

/// The difference between two evaluations: parameters only in one, or with
/// different values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// The parameter.
    pub name: String,
    /// Where the left phone got its value, if it has one.
    pub left: Option<Source>,
    /// Where the right phone got its value, if it has one.
    pub right: Option<Source>,
}

/// The parameters in which two evaluations differ, by name: the fleet's side-by-side comparison of two phones.
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

/// A list of groups that [`parse_groups`] cannot read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GroupListError {
    /// `part` is not a GROUP.
    #[error("\"{part}\": {error}")]
    BadGroup {
        /// The group or range as typed.
        part: String,
        /// Why its group is not one.
        error: crate::config::GroupError,
    },
    /// `part` is a range whose end is below its start.
    #[error("\"{part}\": the range runs backwards")]
    Backwards {
        /// The range as typed.
        part: String,
    },
}

/// Parses a list of groups and ranges such as `0, 3, 10-20` (0..=999).
///
/// # Errors
/// The first part that is not a group or a range ([`GroupListError`]).
pub fn parse_groups(s: &str) -> Result<Vec<u16>, GroupListError> {
    let mut out = Vec::new();
    for part in s.split([',', ' ']).map(str::trim).filter(|p| !p.is_empty()) {
        let (lo, hi) = match part.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (part, part),
        };
        let parse = |v: &str| {
            Group::parse(v)
                .map(Group::get)
                .map_err(|error| GroupListError::BadGroup {
                    part: part.to_owned(),
                    error,
                })
        };
        let (lo, hi) = (parse(lo)?, parse(hi)?);
        if lo > hi {
            return Err(GroupListError::Backwards {
                part: part.to_owned(),
            });
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
                out.push_str(&csv(crate::report::shown_value(n, &s.value, false)));
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
        assert!(parse_groups("1000")
            .unwrap_err()
            .to_string()
            .contains("0 to 999"));
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
