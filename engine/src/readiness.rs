//! Is this server ready for the fleet? Every file any phone would request
//! (every model, GROUP 0, every group the files test and any the user adds),
//! each distinct URL requested once, in one table with who needs each file.
//!
//! Three steps, so the browser can compute the matrix in chunks in between:
//! 1. [`fetch_scripts`]: the upgrade script and every file a GET can reach,
//!    fetched once through a [`Recorder`] that remembers every answer;
//! 2. [`needs`]: from the fleet's cells ([`crate::fleet::steady_state`]), the
//!    requests the walker makes for each phone, every pass (upgrade script,
//!    settings chain, boot code and application, language and font files,
//!    with the URLs it tries after any server move); restore files excluded.
//!    The rules of what a phone requests live in the walker only;
//! 3. [`check`]: requests each URL not already answered, once, runs the
//!    integrity checks on firmware with its reference digest (`<file>.sha256`,
//!    else `SHA256SUMS`, as the boot looks them up), and builds the table.
//!
//! [`readiness`] runs all three.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::checks::{self, Downloaded, DEFAULT_FLASH_LIMIT};
use crate::config::{DEFAULT_LANGUAGE_LIMIT as LANGUAGE_LIMIT, MAX_FILE_BYTES};
use crate::events::{CheckKind, CheckStatus, DigestSource};
use crate::source::{FileSource, Purpose};
use crate::{Model, ServerSpec};

/// Largest reference-digest file read (as the boot).
const DIGEST_LIMIT: u64 = 64 * 1024;
/// Bodies up to this size are kept by the [`Recorder`] (digest files).
const KEEP_BODY: usize = 64 * 1024;
const FIRST_BYTES: usize = 64;

/// What a file is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The upgrade script the phone asks for first.
    UpgradeScript,
    /// A settings file (`46xxsettings.txt` and what it GETs).
    Settings,
    /// A boot code file (`hb...`).
    BootCode,
    /// An application file (`ha...`).
    Application,
    /// A reference digest (`<file>.sha256`, `SHA256SUMS`).
    Digest,
    /// A language file (`LANGxFILE`).
    Language,
    /// A font file (`FONTFILE`), needed by some languages.
    Font,
}

impl Kind {
    /// The kind in words, for the text table ("reference digest").
    pub fn label(self) -> &'static str {
        match self {
            Kind::UpgradeScript => "upgrade script",
            Kind::Settings => "settings",
            Kind::BootCode => "boot code",
            Kind::Application => "application",
            Kind::Digest => "reference digest",
            Kind::Language => "language",
            Kind::Font => "font",
        }
    }

    /// The stable name used in JSON and CSV.
    pub fn name(self) -> &'static str {
        match self {
            Kind::UpgradeScript => "upgrade-script",
            Kind::Settings => "settings",
            Kind::BootCode => "boot-code",
            Kind::Application => "application",
            Kind::Digest => "digest",
            Kind::Language => "language",
            Kind::Font => "font",
        }
    }
}

mod needs;
mod recorder;
pub use needs::{cells, fetch_scripts, groups_to_check, needs, Need, Phone};
pub use recorder::{Answer, Recorder};

// ------------------------------------------------------------------ check

/// What became of one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Delivered and passed its checks.
    Present,
    /// No server has it (404 or 410).
    Missing,
    /// An answer the phone cannot use: another status, no answer, a failed check.
    Failed,
    /// Firmware whose SHA-256 does not match its reference digest.
    DigestMismatch,
}

impl Status {
    /// The status in words, for the text table ("digest mismatch").
    pub fn label(self) -> &'static str {
        match self {
            Status::Present => "present",
            Status::Missing => "missing",
            Status::Failed => "failed",
            Status::DigestMismatch => "digest mismatch",
        }
    }
    /// The stable kebab-case name, as in JSON ("digest-mismatch").
    pub fn name(self) -> &'static str {
        match self {
            Status::Present => "present",
            Status::Missing => "missing",
            Status::Failed => "failed",
            Status::DigestMismatch => "digest-mismatch",
        }
    }
}

/// Whether a firmware file's digest was checked against a reference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum DigestCheck {
    /// Not firmware, or firmware that did not arrive.
    NotApplicable,
    /// The digest matched the reference.
    Verified {
        /// Where the reference came from.
        against: DigestSource,
    },
    /// The digest did not match the reference: a phone would refuse the file.
    Mismatch {
        /// Where the reference came from.
        against: DigestSource,
    },
    /// Firmware with no reference digest on the server: not verified.
    NoReference,
}

impl DigestCheck {
    /// The state in words for the table ("verified (SHA256SUMS)"); empty when not applicable.
    pub fn label(&self) -> String {
        match self {
            DigestCheck::NotApplicable => String::new(),
            DigestCheck::Verified { against } => format!("verified ({against})"),
            DigestCheck::Mismatch { against } => format!("MISMATCH ({against})"),
            DigestCheck::NoReference => "not verified: no reference".to_owned(),
        }
    }
}

/// One row of the table: one URL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The file path as requested (the name after the server's base).
    pub path: String,
    /// Where the phone gets it; for a file no server delivered, the first URL tried.
    pub url: String,
    /// What the file is for.
    pub purpose: Kind,
    /// A phone needs it (reference digests are optional: without one the
    /// digest is "not verified").
    pub required: bool,
    /// What became of it.
    pub status: Status,
    /// Why, in a few words: "HTTP 404", "verified", the failed check.
    pub detail: String,
    /// Body bytes received, when it was fetched.
    pub bytes: Option<u64>,
    /// Its SHA-256, when it was fetched whole (firmware).
    pub sha256: Option<String>,
    /// Whether its digest was checked (firmware only).
    pub digest: DigestCheck,
    /// Who requests it: models x groups, compressed ("1608, 1608-I: groups 0-2, 5").
    pub needed_by: Vec<String>,
    /// The parameter and line that named it (language and font files).
    pub named_by: Option<String>,
}

/// The whole check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Readiness {
    /// The file server, as described to the user.
    pub server: String,
    /// The GROUP values checked (0 and every group the files test).
    pub groups: Vec<u16>,
    /// One row a URL, in the order the phones would request them.
    pub entries: Vec<Entry>,
    /// Distinct URLs requested.
    pub requests: usize,
}

/// Consecutive numbers as ranges: `0-2, 5`.
pub fn ranges(nums: &[u16]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < nums.len() {
        let mut j = i;
        while j + 1 < nums.len() && nums[j + 1] == nums[j] + 1 {
            j += 1;
        }
        out.push(if i == j {
            nums[i].to_string()
        } else {
            format!("{}-{}", nums[i], nums[j])
        });
        i = j + 1;
    }
    out.join(", ")
}

/// Who needs a file, compressed: models with the same groups share a line;
/// all eight models are "all models".
pub fn who(phones: &BTreeSet<Phone>) -> Vec<String> {
    let mut by_model: BTreeMap<usize, Vec<u16>> = BTreeMap::new();
    for (m, g) in phones {
        by_model.entry(*m).or_default().push(*g);
    }
    let mut clusters: Vec<(Vec<usize>, Vec<u16>)> = Vec::new();
    for (m, gs) in by_model {
        match clusters.iter_mut().find(|(_, g)| *g == gs) {
            Some((ms, _)) => ms.push(m),
            None => clusters.push((vec![m], gs)),
        }
    }
    clusters
        .into_iter()
        .map(|(ms, gs)| {
            let models = if ms.len() == Model::ALL.len() {
                "all models".to_owned()
            } else {
                ms.iter()
                    .filter_map(|m| Model::ALL.get(*m).map(|m| m.name()))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let groups = if gs.len() == 1 {
                format!("group {}", gs[0])
            } else {
                format!("groups {}", ranges(&gs))
            };
            format!("{models}: {groups}")
        })
        .collect()
}

/// The first URL that delivers `file`: its index and answer; else the
/// first answer and, per URL, why it did not deliver.
async fn find<S: FileSource>(
    rec: &Recorder<'_, S>,
    urls: &[String],
    file: &str,
    purpose: Purpose,
    limit: u64,
    timeout_ms: u32,
) -> Result<(usize, Answer), (Option<Answer>, Vec<String>)> {
    let mut why = Vec::new();
    let mut first = None;
    for (i, url) in urls.iter().enumerate() {
        let a = rec.fetch(url, file, purpose, limit, timeout_ms).await;
        if a.delivered() {
            return Ok((i, a));
        }
        why.push(if urls.len() > 1 {
            format!("{url}: {}", a.why())
        } else {
            a.why()
        });
        first.get_or_insert(a);
    }
    Err((first, why))
}

/// `name` in the folder of `url` (a reference digest beside its firmware).
fn sibling(url: &str, name: &str) -> String {
    match url.rfind('/') {
        Some(i) => format!("{}{name}", &url[..=i]),
        None => name.to_owned(),
    }
}

/// Step 3: requests each URL not already answered (once), checks it, and
/// builds the table. `groups` are those the cells cover.
#[allow(clippy::too_many_lines)] // older than the lint: split when it next grows
pub async fn check<S: FileSource>(
    rec: &Recorder<'_, S>,
    needs: Vec<Need>,
    groups: Vec<u16>,
    server: &str,
    timeout_ms: u32,
) -> Readiness {
    let mut entries: Vec<Entry> = Vec::new();
    // Digest files by URL, with the phones of the firmware that asked for them.
    let mut digests: Vec<(String, String, BTreeSet<Phone>, Option<Answer>)> = Vec::new();
    let mut note_digest =
        |url: String, file: &str, phones: &BTreeSet<Phone>, a: Option<Answer>| match digests
            .iter_mut()
            .find(|d| d.0 == url)
        {
            Some(d) => d.2.extend(phones.iter().copied()),
            None => digests.push((url, file.to_owned(), phones.clone(), a)),
        };
    for need in needs {
        let firmware = matches!(need.kind, Kind::BootCode | Kind::Application);
        let (purpose, limit) = match need.kind {
            Kind::UpgradeScript => (Purpose::UpgradeScript, MAX_FILE_BYTES as u64),
            Kind::Settings => (Purpose::Settings, MAX_FILE_BYTES as u64),
            Kind::Language | Kind::Font => (Purpose::Language, LANGUAGE_LIMIT),
            _ => (Purpose::Application, DEFAULT_FLASH_LIMIT),
        };
        let mut entry = Entry {
            path: need.file.clone(),
            url: need.urls.first().cloned().unwrap_or_default(),
            purpose: need.kind,
            required: true,
            status: Status::Failed,
            detail: String::new(),
            bytes: None,
            sha256: None,
            digest: DigestCheck::NotApplicable,
            needed_by: who(&need.phones),
            named_by: need.named_by.clone(),
        };
        if need.urls.is_empty() {
            entry.detail =
                "only TLS (HTTPS) servers are configured, and this file comes over HTTP only"
                    .to_owned();
            entries.push(entry);
            continue;
        }
        let (url, a) = match find(rec, &need.urls, &need.file, purpose, limit, timeout_ms).await {
            Ok((i, a)) => (need.urls[i].clone(), a),
            Err((first, why)) => {
                let missing = first
                    .as_ref()
                    .and_then(Answer::status)
                    .is_some_and(|s| s == 404 || s == 410);
                entry.status = if missing {
                    Status::Missing
                } else {
                    Status::Failed
                };
                entry.detail = why.join("; ");
                entries.push(entry);
                continue;
            }
        };
        entry.url = url.clone();
        entry.bytes = Some(a.received);
        entry.status = Status::Present;
        entry.detail = format!("HTTP 200, {} bytes", a.received);
        if !firmware {
            let too_big =
                matches!(need.kind, Kind::Language | Kind::Font) && a.received > LANGUAGE_LIMIT;
            let short = a
                .result
                .as_ref()
                .ok()
                .and_then(|h| h.content_length)
                .is_some_and(|n| n != a.received);
            if too_big || short {
                entry.status = Status::Failed;
                entry.detail = if too_big {
                    format!(
                        "{} bytes: larger than the phone's language area ({LANGUAGE_LIMIT} bytes)",
                        a.received
                    )
                } else {
                    "the body is shorter than its Content-Length".to_owned()
                };
            }
            entries.push(entry);
            continue;
        }
        // Firmware: the reference digest from the server that serves it, as the boot looks it up.
        let mut reference = None;
        for (dfile, bare_ok) in [
            (format!("{}.sha256", need.file), true),
            ("SHA256SUMS".to_owned(), false),
        ] {
            let url = sibling(&url, &dfile);
            let d = rec
                .fetch(&url, &dfile, Purpose::Digest, DIGEST_LIMIT, timeout_ms)
                .await;
            note_digest(url, &dfile, &need.phones, Some(d.clone()));
            if let (true, Some(body)) = (d.delivered(), &d.body) {
                let (text, _) = crate::text::decode(body);
                if let Some(digest) = checks::find_digest(&text, &need.file, bare_ok) {
                    reference = Some((digest, DigestSource::File(dfile)));
                    break;
                }
            }
            if d.result.is_err() {
                break;
            }
        }
        entry.sha256 = Some(a.sha256.clone());
        let results = checks::run_checks(&Downloaded {
            file: &need.file,
            result: &a.result,
            received: a.received,
            first: &a.first,
            over_limit: a.stopped,
            sha256: Some(&a.sha256),
            reference: reference.as_ref().map(|(d, s)| (d.as_str(), s)),
            flash_limit: DEFAULT_FLASH_LIMIT,
        });
        entry.digest = match &reference {
            None => DigestCheck::NoReference,
            Some((want, src)) if want.eq_ignore_ascii_case(&a.sha256) => DigestCheck::Verified {
                against: src.clone(),
            },
            Some((_, src)) => DigestCheck::Mismatch {
                against: src.clone(),
            },
        };
        if let Some(c) = results.iter().find(|c| c.status == CheckStatus::Fail) {
            entry.status = if c.kind == CheckKind::Sha256 {
                Status::DigestMismatch
            } else {
                Status::Failed
            };
            entry.detail = format!("{}: {}", c.kind.title(), c.detail);
        }
        entries.push(entry);
    }
    // The digest files, after the firmware, in the order first asked for.
    let at = entries
        .iter()
        .rposition(|e| matches!(e.purpose, Kind::BootCode | Kind::Application))
        .map_or(entries.len(), |i| i + 1);
    let digest_rows: Vec<Entry> = digests
        .into_iter()
        .map(|(url, file, phones, a)| {
            let delivered = a.as_ref().is_some_and(Answer::delivered);
            let status = match a.as_ref().and_then(Answer::status) {
                _ if delivered => Status::Present,
                Some(404 | 410) => Status::Missing,
                _ => Status::Failed,
            };
            Entry {
                path: file,
                url,
                purpose: Kind::Digest,
                required: false,
                status,
                detail: a
                    .as_ref()
                    .map(|a| {
                        if delivered {
                            format!("HTTP 200, {} bytes", a.received)
                        } else {
                            a.why()
                        }
                    })
                    .unwrap_or_default(),
                bytes: a.as_ref().filter(|_| delivered).map(|a| a.received),
                sha256: None,
                digest: DigestCheck::NotApplicable,
                needed_by: who(&phones),
                named_by: None,
            }
        })
        .collect();
    entries.splice(at..at, digest_rows);
    Readiness {
        server: server.to_owned(),
        groups,
        entries,
        requests: rec.requested(),
    }
}

/// All three steps against `source`: the check of a server for every model,
/// GROUP 0, the groups its files test and `extra`.
pub async fn readiness<S: FileSource>(
    source: &S,
    spec: &ServerSpec,
    server: &str,
    extra: &[u16],
    timeout_ms: u32,
) -> Readiness {
    let rec = Recorder::new(source);
    let (files, _) = fetch_scripts(&rec, spec, timeout_ms).await;
    let groups = groups_to_check(&files, extra);
    let cells = cells(&files, &groups);
    check(&rec, needs(&cells), groups, server, timeout_ms).await
}

impl Readiness {
    /// Every file a phone needs arrived and passed its checks (reference
    /// digests are optional).
    pub fn all_present(&self) -> bool {
        self.entries
            .iter()
            .all(|e| !e.required || e.status == Status::Present)
    }

    /// "31 of 33 files present; 2 missing: a, b".
    pub fn summary(&self) -> String {
        let present = self
            .entries
            .iter()
            .filter(|e| e.status == Status::Present)
            .count();
        let mut s = format!(
            "{present} of {} file{} present",
            self.entries.len(),
            if self.entries.len() == 1 { "" } else { "s" }
        );
        let names = |pick: &dyn Fn(&Entry) -> bool, with_why: bool| -> Vec<String> {
            self.entries
                .iter()
                .filter(|e| pick(e))
                .map(|e| match with_why {
                    true => format!("{} ({})", e.path, e.status.label()),
                    false => e.path.clone(),
                })
                .collect()
        };
        let list = |v: Vec<String>| -> String {
            if v.len() > 6 {
                format!("{}, and {} more", v[..5].join(", "), v.len() - 5)
            } else {
                v.join(", ")
            }
        };
        let missing = names(
            &|e: &Entry| e.required && e.status == Status::Missing,
            false,
        );
        if !missing.is_empty() {
            s.push_str(&format!("; {} missing: {}", missing.len(), list(missing)));
        }
        let failed = names(
            &|e: &Entry| e.required && matches!(e.status, Status::Failed | Status::DigestMismatch),
            true,
        );
        if !failed.is_empty() {
            s.push_str(&format!("; {} unusable: {}", failed.len(), list(failed)));
        }
        let optional = names(
            &|e: &Entry| !e.required && e.status != Status::Present,
            false,
        );
        if !optional.is_empty() {
            s.push_str(&format!(
                "; {} optional reference digest{} not found: {}",
                optional.len(),
                if optional.len() == 1 { "" } else { "s" },
                list(optional)
            ));
        }
        s
    }

    /// The table as CSV.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "file,url,purpose,required,status,detail,bytes,sha256,digest,needed_by,named_by\n",
        );
        for e in &self.entries {
            let row: [&str; 11] = [
                e.path.as_str(),
                &e.url,
                e.purpose.name(),
                if e.required { "yes" } else { "no" },
                e.status.name(),
                &e.detail,
                &e.bytes.map(|b| b.to_string()).unwrap_or_default(),
                e.sha256.as_deref().unwrap_or(""),
                &e.digest.label(),
                &e.needed_by.join("; "),
                e.named_by.as_deref().unwrap_or(""),
            ];
            let cells: Vec<String> = row.iter().map(|c| crate::fleet::csv(c)).collect();
            out.push_str(&cells.join(","));
            out.push('\n');
        }
        out
    }

    /// The `phoneboot files --json` document:
    /// `{"files": [{"path", "url", "purpose", "status", "bytes", "needed_by"}]}`.
    pub fn to_json(&self) -> serde_json::Value {
        let files: Vec<serde_json::Value> = self
            .entries
            .iter()
            .map(|e| {
                serde_json::json!({
                    "path": e.path,
                    "url": e.url,
                    "purpose": e.purpose.name(),
                    "status": e.status.name(),
                    "bytes": e.bytes,
                    "needed_by": e.needed_by,
                })
            })
            .collect();
        serde_json::json!({ "files": files })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_compress_consecutive_groups() {
        assert_eq!(ranges(&[0, 1, 2, 5]), "0-2, 5");
        assert_eq!(ranges(&[3]), "3");
        assert_eq!(ranges(&[]), "");
    }

    #[test]
    fn who_merges_models_with_the_same_groups() {
        let phones: BTreeSet<Phone> = [
            (4, 0),
            (4, 1),
            (4, 2),
            (4, 5),
            (5, 0),
            (5, 1),
            (5, 2),
            (5, 5),
            (6, 3),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            who(&phones),
            ["1608, 1608-I: groups 0-2, 5", "1616: group 3"]
        );
        let all: BTreeSet<Phone> = (0..8).map(|m| (m, 0)).collect();
        assert_eq!(who(&all), ["all models: group 0"]);
    }
}
