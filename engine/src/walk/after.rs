//! The end of a boot pass, once the settings chain has ended: the language
//! and font files (spec 3.6), registration with the settings into flash
//! (3.7), and the restore of the user's backup (3.8).

use std::collections::VecDeque;

use super::{Answer, LanguageRequest, Need, State, Walker, FONT_LANGUAGES, LANGUAGE_PARAMS};
use crate::apply::{Effective, Trace};
use crate::diag::Warning;
use crate::display_messages::text;
use crate::events::{Event, Outcome, RestoreOutcome};
use crate::servers::Server;

impl Walker<'_> {
    /// The language and font files once the settings chain has ended (spec 3.6).
    pub(super) fn languages(&mut self, t: &mut dyn Trace) -> Option<Need> {
        if self.pass.languages.is_none() {
            let queue = self.language_requests(t);
            self.pass.languages = Some(queue);
        }
        let next = self.pass.languages.as_mut().and_then(VecDeque::pop_front);
        let Some(req) = next else {
            self.state = State::Register;
            return None;
        };
        if req.servers.is_empty() {
            if t.on() {
                t.warn(Warning::no_http_server(
                    &req.file,
                    &req.set_at.0,
                    req.set_at.1,
                ));
            }
            self.state = State::Languages;
            return None;
        }
        self.state = State::AwaitLanguage(req.clone());
        Some(Need::Language(req))
    }

    /// The files to request, and the warnings about the language settings.
    fn language_requests(&self, t: &mut dyn Trace) -> VecDeque<LanguageRequest> {
        let s = &self.pass.settings;
        let value = |p: &str| s.get(p).map(|e| e.value.trim()).filter(|v| !v.is_empty());
        let set_at = |p: &str| -> (String, Option<u32>) {
            match s.get(p) {
                Some(Effective {
                    file: Some(f),
                    line,
                    ..
                }) => (f.clone(), *line),
                _ => ("DHCP option 242".to_owned(), None),
            }
        };
        if t.on() {
            let font = value("FONTFILE").is_some();
            for p in &LANGUAGE_PARAMS[..5] {
                if let Some(v) = value(p) {
                    let lower = v.to_ascii_lowercase();
                    if !font && FONT_LANGUAGES.iter().any(|l| lower.contains(l)) {
                        let (f, l) = set_at(p);
                        t.warn(Warning::font_needed(p, v, (&f, l)));
                    }
                }
            }
            if let Some(sys) = value("LANGSYS") {
                if !LANGUAGE_PARAMS[1..5].iter().any(|p| value(p) == Some(sys)) {
                    let (f, l) = set_at("LANGSYS");
                    t.warn(Warning::langsys_not_offered(sys, (&f, l)));
                }
            }
        }
        let servers: Vec<Server> = self.servers().for_applications().cloned().collect();
        let mut queue: VecDeque<LanguageRequest> = VecDeque::new();
        for p in LANGUAGE_PARAMS {
            let Some(v) = value(p) else { continue };
            if queue.iter().any(|r| r.file == v) || self.flash.holds_language(v) {
                continue;
            }
            queue.push_back(LanguageRequest {
                param: p.to_owned(),
                file: v.to_owned(),
                set_at: set_at(p),
                servers: servers.clone(),
                limit: self.config.language_limit,
            });
        }
        queue
    }

    pub(super) fn language_answered(
        &mut self,
        answer: Option<Answer>,
        req: LanguageRequest,
        t: &mut dyn Trace,
    ) {
        match answer {
            Some(Answer::Language(Ok(file))) => {
                self.flash.keep_language(&req.param, file.clone());
                if t.on() {
                    t.emit(Event::LanguageWrite {
                        param: req.param,
                        file,
                    });
                }
            }
            other => {
                let why = match other {
                    Some(Answer::Language(Err(why))) => why.to_string(),
                    _ => "no answer".to_owned(),
                };
                if t.on() {
                    let (f, l) = (&req.set_at.0, req.set_at.1);
                    t.warn(Warning::language_failed(
                        &req.param,
                        &req.file,
                        (f, l),
                        &why,
                    ));
                }
            }
        }
        self.state = State::Languages;
    }

    /// `Login` / `Enter Extension`, the settings into flash, then the restore.
    pub(super) fn register(&mut self, t: &mut dyn Trace) -> Option<Need> {
        self.display(t, text::LOGIN);
        self.display(t, text::ENTER_EXTENSION);
        self.flash.settings = self
            .pass
            .settings
            .iter()
            .map(|(k, v)| (k.clone(), v.value.clone()))
            .collect();
        self.flash.model = Some(self.config.phone.model);
        self.flash.group = Some(self.config.phone.group);
        self.flash.mac = Some(self.config.phone.mac.clone());
        let ext = self
            .config
            .extension
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit()));
        let bruri = self
            .pass
            .settings
            .get("BRURI")
            .filter(|e| !e.value.trim().is_empty());
        let (Some(ext), Some(bruri)) = (ext, bruri) else {
            return self.finish(Outcome::Registered);
        };
        // The catalog accepts only http:// values for BRURI (16xx: http only).
        let value = bruri.value.trim();
        let url = format!("{}/{ext}_16xxdata.txt", value.trim_end_matches('/'));
        self.state = State::AwaitRestore { url: url.clone() };
        Some(Need::Restore { url })
    }

    pub(super) fn restore_answered(
        &mut self,
        answer: Option<Answer>,
        url: String,
        t: &mut dyn Trace,
    ) {
        let outcome = match answer {
            Some(Answer::Restore(o)) => o,
            _ => RestoreOutcome::Failed {
                cause: "no answer".to_owned(),
            },
        };
        match &outcome {
            RestoreOutcome::Restored { .. } => self.display(t, text::RETRIEVAL_OK),
            RestoreOutcome::NothingToRestore => {}
            RestoreOutcome::Failed { cause } => {
                self.display(t, text::RETRIEVAL_FAILED);
                if t.on() {
                    let bruri = self.pass.settings.get("BRURI");
                    let at = bruri.and_then(|e| e.file.as_deref().zip(e.line));
                    t.warn(Warning::restore_failed(&url, at, cause));
                }
            }
        }
        if t.on() {
            t.emit(Event::Restore { url, outcome });
        }
        self.finish(Outcome::Registered);
    }
}
