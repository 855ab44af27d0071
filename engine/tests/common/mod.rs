//! Helpers shared by the engine's integration tests.
#![allow(dead_code)]

use phoneboot_engine::boot::{boot, BootConfig, Flash, PhoneConfig, ServerSpec};
use phoneboot_engine::source::{
    BodySink, FetchError, FetchHead, FetchRequest, FileSource, MemorySource,
};
use phoneboot_engine::{Cause, CheckKind, CheckStatus, Event, Model, Report};

pub const BASE: &str = "mem://srv/";

/// A boot's report, its events and the flash afterwards.
pub struct Run {
    pub report: Report,
    pub events: Vec<Event>,
    pub flash: Flash,
    pub requests: Vec<String>,
}

impl Run {
    pub fn display(&self) -> Vec<String> {
        self.report.display.clone()
    }
    pub fn setting(&self, name: &str) -> Option<String> {
        self.report.settings.get(name).map(|s| s.value.clone())
    }
    pub fn warnings(&self, code: phoneboot_engine::Code) -> Vec<&phoneboot_engine::Warning> {
        self.report
            .warnings
            .iter()
            .filter(|w| w.code == code)
            .collect()
    }
    pub fn has_warning(&self, code: phoneboot_engine::Code, line: Option<u32>) -> bool {
        self.report
            .warnings
            .iter()
            .any(|w| w.code == code && (line.is_none() || w.line == line))
    }
}

pub fn source(files: &[(&str, &[u8])]) -> MemorySource {
    let mut s = MemorySource::new(BASE);
    for (n, b) in files {
        s.insert(n, b.to_vec());
    }
    s
}

pub fn config(model: Model, group: u16) -> BootConfig {
    let mut phone = PhoneConfig::new(model);
    phone.group = group;
    BootConfig::new(phone, ServerSpec::BaseUrl(BASE.to_owned()))
}

pub fn run_with<S: FileSource>(src: &S, cfg: &BootConfig, flash: Flash, cause: Cause) -> Run {
    let mut flash = flash;
    let mut events = Vec::new();
    let report = pollster::block_on(boot(src, cfg, &mut flash, cause, &mut |e| {
        events.push(e.clone())
    }));
    Run {
        report,
        events,
        flash,
        requests: Vec::new(),
    }
}

/// Boots a 1608 in group 0 with the application `app.bin` already loaded, so
/// that the scripts' SETs are the subject, not downloads.
pub fn run_scripts(files: &[(&str, &str)]) -> Run {
    run_scripts_as(files, Model::M1608, 0)
}

pub fn run_scripts_as(files: &[(&str, &str)], model: Model, group: u16) -> Run {
    let bytes: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    let src = source(&bytes);
    let mut r = run_with(
        &src,
        &config(model, group),
        Flash::with_loaded(None, Some("app.bin")),
        Cause::PowerOn,
    );
    r.requests = src.requests.borrow().clone();
    r
}

/// Serves several bases, each from its own MemorySource; unknown bases are unreachable.
pub struct Multi(pub Vec<MemorySource>, pub Vec<String>);

impl FileSource for Multi {
    async fn get(
        &self,
        req: &FetchRequest,
        sink: &mut dyn BodySink,
    ) -> Result<FetchHead, FetchError> {
        for (s, base) in self.0.iter().zip(&self.1) {
            if req.url.starts_with(base.as_str()) {
                return s.get(req, sink).await;
            }
        }
        Err(FetchError::Unreachable {
            detail: "connection refused".into(),
        })
    }
}

/// A fake firmware image: a text tag (so a mix-up shows in a diff) and `len`
/// bytes of a fixed pattern.
pub fn firmware(tag: &str, len: usize) -> Vec<u8> {
    let mut v = format!("FAKE FIRMWARE {tag}\n").into_bytes();
    v.extend((0..len).map(|i| (i * 31 % 253) as u8));
    v
}

/// The kind and status of every integrity check of a run, in order.
pub fn check_results(r: &Run) -> Vec<(CheckKind, CheckStatus)> {
    r.report.checks.iter().map(|c| (c.kind, c.status)).collect()
}
