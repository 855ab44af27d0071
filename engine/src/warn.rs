//! Every warning the boot raises, built by name: the message and the fix of
//! each sit here beside its [`Code`], so a call site cannot swap them and the
//! walker and the boot driver read as what they decide, not what they say.

use crate::config::{Bound, UPGRADE_SCRIPT};
use crate::diag::{clip, Code, Severity, Warning};

/// Where the APPNAME check was made (spec section 3.4): at a GET line of the
/// upgrade script, or at its end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckPoint {
    /// The file the check was made in (the upgrade script).
    pub file: String,
    /// The GET line, or none for the end of the file.
    pub line: Option<u32>,
}

impl std::fmt::Display for CheckPoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}", self.file),
            None => write!(f, "the end of {}", self.file),
        }
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}...")
    }
}

impl Warning {
    fn at(
        file: &str,
        line: Option<u32>,
        code: Code,
        severity: Severity,
        message: String,
        fix: impl Into<String>,
    ) -> Warning {
        Warning::new(file, line, code, severity, message, fix)
    }

    /// The restart loop was stopped after `restarts` restarts; `reason` is the last restart's.
    pub fn restart_loop(restarts: u32, reason: &str) -> Warning {
        Warning::at(
            UPGRADE_SCRIPT,
            None,
            Code::RestartLoop,
            Severity::Error,
            format!("stopped after {restarts} restarts in one boot session: {reason}. A real phone would keep restarting; fix the file or the script and boot again"),
            "make the file pass its checks, or make the script choose a file that is loaded",
        )
    }

    /// No file server was configured (no HTTPSRVR/TLSSRVR, no base URL).
    pub fn no_servers() -> Warning {
        Warning::at(
            "DHCP option 242",
            None,
            Code::NoUpgradeScript,
            Severity::Error,
            "no file server: option 242 names no HTTPSRVR or TLSSRVR".to_owned(),
            "add HTTPSRVR=<address> (or TLSSRVR=) to the option-242 string",
        )
    }

    /// The upgrade script could not be had (`why`); with no application in flash the phone shows `System busy`.
    pub fn no_upgrade_script(why: &str, has_application: bool) -> Warning {
        Warning::at(
            UPGRADE_SCRIPT,
            None,
            Code::NoUpgradeScript,
            Severity::Error,
            if has_application {
                format!("no server delivered 16xxupgrade.txt ({why}): the phone keeps the software it has and registers without a settings file")
            } else {
                format!("no server delivered 16xxupgrade.txt ({why}) and the phone has no application in flash: it cannot start (System busy)")
            },
            "put 16xxupgrade.txt in the server's HTTPDIR, and check the server address and port",
        )
    }

    /// A GET that leads back to a file already in the chain (`chain` lists it).
    pub fn get_loop(file: &str, line: u32, target: &str, chain: &str) -> Warning {
        Warning::at(
            file,
            Some(line),
            Code::GetLoop,
            Severity::Error,
            format!("GET {target} makes a loop: {chain} -> {target}"),
            format!("remove this GET, or the GET that leads back to {file}"),
        )
    }

    /// A GET whose file no server delivered; interpretation goes on with the next line.
    pub fn get_failed(file: &str, line: u32, target: &str, why: &str) -> Warning {
        Warning::at(
            file,
            Some(line),
            Code::GetFailed,
            Severity::Warning,
            format!("GET {target}: no server delivered it ({why}), so the script goes on with the next line"),
            format!("put {target} on the server, or check the name's spelling and case"),
        )
    }

    /// A GET whose file name holds a `$VARIABLE`, which the phone does not expand.
    pub fn variable_in_get(file: &str, line: u32, target: &str) -> Warning {
        Warning::at(
            file,
            Some(line),
            Code::VariableInGet,
            Severity::Warning,
            format!("GET {target}: a 1600 does not substitute variables in GET names, so it requests a file literally named \"{target}\" (96x1 and J100 phones substitute them)"),
            "name the file literally, or branch with IF $MACADDR SEQ ... GOTO to GET a per-phone file",
        )
    }

    /// The files set nothing for this model and GROUP.
    pub fn nothing_set(file: &str, model: &str, group: u16) -> Warning {
        Warning::at(
            file,
            None,
            Code::NothingSet,
            Severity::Warning,
            format!("{file} set nothing for a {model} in group {group}"),
            "check the IF $MODEL4 / IF $GROUP branches: this phone skips every SET",
        )
    }

    /// A safety bound ended the boot; `target` is the GET that hit it, where one did.
    pub fn bound(bound: Bound, file: &str, line: Option<u32>, target: Option<&str>) -> Warning {
        let at = line.map(|l| format!(" at line {l}")).unwrap_or_default();
        let fix = match (bound, target) {
            (Bound::Statements, _) => {
                "a GOTO loop that never ends: check the labels the loop jumps to".to_owned()
            }
            (Bound::Gets, _) => {
                "the settings files GET each other in a loop: break the chain".to_owned()
            }
            (Bound::FileSize, Some(t)) => {
                format!("{t} is larger than 8 MiB: is it really a settings file?")
            }
            (Bound::FileSize, None) => {
                format!("{file} is larger than 8 MiB: is it really a script?")
            }
        };
        Warning::at(
            file,
            line,
            Code::Bound,
            Severity::Error,
            format!("boot stopped: the safety bound of {bound} was hit in {file}{at}"),
            fix,
        )
    }

    /// A redirect the phone does not follow (spec 2.6); the message and fix
    /// come from [`crate::diagnose::redirect_message`].
    pub fn redirect(file: &str, message: String, fix: String) -> Warning {
        Warning::at(file, None, Code::Redirect, Severity::Warning, message, fix)
    }

    /// A script or settings file that is an HTML page (an error or index page).
    pub fn html_script(file: &str) -> Warning {
        Warning::at(
            file,
            Some(1),
            Code::Malformed,
            Severity::Error,
            format!("{file} looks like an HTML page, not a script: every line is a comment to the phone"),
            "the server answered 200 with an error or index page: check the file's path on the server",
        )
    }

    /// A script or settings file with NUL bytes (a binary, or UTF-16 without its mark).
    pub fn nul_bytes(file: &str) -> Warning {
        Warning::at(
            file,
            None,
            Code::Malformed,
            Severity::Warning,
            format!("{file} contains NUL bytes: it is probably not a text file"),
            "check that the server sends the right file",
        )
    }

    /// An application download with no HTTP server to come from (TLS servers only; spec 2.3).
    pub fn no_http_server(name: &str, file: &str, line: Option<u32>) -> Warning {
        Warning::at(
            file,
            line,
            Code::Download,
            Severity::Error,
            format!("{name} was not downloaded: application, language and font files come over HTTP only, and only TLS (HTTPS) servers are configured"),
            "add an HTTPSRVR to option 242",
        )
    }

    /// A download that failed its checks; `not_found` for a 404, `body_ok` when a body arrived.
    pub fn check_failed(name: &str, message: &str, not_found: bool, body_ok: bool) -> Warning {
        let fix = if not_found {
            format!("put {name} on the server next to 16xxupgrade.txt, or correct the SET APPNAME that names it")
        } else if !body_ok {
            "check that the server is up and serves the file to this client".to_owned()
        } else {
            "replace the file on the server (and its .sha256) with a complete, correct copy"
                .to_owned()
        };
        Warning::at(
            name,
            None,
            Code::CheckFailed,
            Severity::Error,
            message.to_owned(),
            fix,
        )
    }

    /// A SET of a parameter the 1600 does not know; `used_by` names the product lines that do.
    pub fn unknown_parameter(file: &str, line: u32, name: &str, used_by: Option<&str>) -> Warning {
        Warning::at(
            file,
            Some(line),
            Code::UnknownParameter,
            Severity::Info,
            match used_by {
                Some(u) => format!(
                    "{name} is not a 1600 parameter and is ignored; it is used by {}",
                    shorten(u, 140)
                ),
                None => format!(
                    "{name} is not a 1600 parameter (nor any Avaya parameter we know) and is ignored"
                ),
            },
            "remove it, or put it in a branch for the phones that use it",
        )
    }

    /// A SET whose value the parameter does not accept; the previous value stays.
    pub fn invalid_value(
        file: &str,
        line: u32,
        name: &str,
        shown: &str,
        reason: &str,
        allowed: &str,
    ) -> Warning {
        Warning::at(
            file,
            Some(line),
            Code::InvalidValue,
            Severity::Warning,
            format!("SET {name} {shown} is ignored ({reason}); the previous value stays"),
            format!("{name} takes {allowed}"),
        )
    }

    /// A SET of GROUP, which only the phone's user or DHCP set.
    pub fn not_settable(file: &str, line: u32) -> Warning {
        Warning::at(
            file,
            Some(line),
            Code::NotSettable,
            Severity::Warning,
            "SET GROUP is ignored: GROUP is set only at the phone or by the call server".to_owned(),
            "set the group with the phone's GROUP procedure or on the call server",
        )
    }

    /// An `IF $VAR` of a variable that is not set.
    pub fn undefined_variable(file: &str, line: u32, var: &str) -> Warning {
        Warning::at(
            file,
            Some(line),
            Code::UndefinedVariable,
            Severity::Info,
            format!("${var} is not defined on a 1600, so this IF is skipped"),
            "harmless when the branch is for other phones",
        )
    }

    /// A SET of APPNAME after the check point where the phone decides about it (spec 3.4).
    pub fn appname_after_check(file: &str, line: u32, value: &str, check: &CheckPoint) -> Warning {
        Warning::at(
            file,
            Some(line),
            Code::AppnameAfterCheck,
            Severity::Warning,
            format!("SET APPNAME {} comes after the APPNAME check at {check}: it does not choose this boot's firmware", clip(value)),
            format!("move the SET APPNAME before {check} in the upgrade script"),
        )
    }

    /// A SET that moved the servers; `to` lists where later requests go.
    pub fn servers_moved(file: &str, line: u32, name: &str, value: &str, to: &str) -> Warning {
        Warning::at(
            file,
            Some(line),
            Code::ServersMoved,
            Severity::Info,
            format!("SET {name} {} moves every later request of this boot pass: files now come from {to}", clip(value)),
            "intended for two-server setups; otherwise check that the files are really there",
        )
    }

    /// HTTPSRVR names a host while the files come from a folder.
    pub fn folder_foreign_host(file: &str, line: u32, value: &str) -> Warning {
        Warning::at(
            file,
            Some(line),
            Code::ServersMoved,
            Severity::Warning,
            format!("SET HTTPSRVR {} would send later requests to another server; the emulator keeps reading the local folder", clip(value)),
            "check those files on that server too, or boot against it by URL or option 242",
        )
    }

    /// AUTH 1 and no TLS server: `set_at` is where AUTH 1 was applied, or
    /// `None` when it comes from flash.
    pub fn auth_without_tls(set_at: Option<(&str, u32)>) -> Warning {
        let (file, line, whence) = match set_at {
            Some((f, l)) => (f, Some(l), format!("{f}:{l} applies AUTH 1")),
            None => (
                "flash",
                None,
                "AUTH 1 is kept in flash from an earlier boot".to_owned(),
            ),
        };
        Warning::at(
            file,
            line,
            Code::AuthWithoutTls,
            Severity::Error,
            format!("{whence}: the phone takes script and settings files from TLS servers only, and there is none, so it gets no script or settings file at all"),
            "add a TLSSRVR to option 242, or SET AUTH 0 (a locked phone needs a factory reset or a TLS server to get it)",
        )
    }

    /// A language or font file that was not loaded (spec section 3.6).
    pub fn language_failed(
        param: &str,
        name: &str,
        set_at: (&str, Option<u32>),
        why: &str,
    ) -> Warning {
        Warning::at(
            set_at.0,
            set_at.1,
            Code::Language,
            Severity::Warning,
            format!(
                "{param} {name} was not loaded ({why}): the phone goes on showing built-in English"
            ),
            format!("put a complete {name} on the HTTP server, or correct {param}"),
        )
    }

    /// A language file that needs a font file no SET names.
    pub fn font_needed(param: &str, name: &str, set_at: (&str, Option<u32>)) -> Warning {
        Warning::at(
            set_at.0,
            set_at.1,
            Code::Language,
            Severity::Warning,
            format!("{param} {name} is a language that needs a font, and no FONTFILE is set: its characters cannot be shown"),
            "SET FONTFILE to the font file for this language (only one font file may be loaded)",
        )
    }

    /// A LANGSYS language that no language file offers.
    pub fn langsys_not_offered(name: &str, set_at: (&str, Option<u32>)) -> Warning {
        Warning::at(
            set_at.0,
            set_at.1,
            Code::Language,
            Severity::Warning,
            format!("LANGSYS {name} is not one of the LANG1FILE..LANG4FILE files: the user cannot choose it again once changed"),
            "set LANGSYS to one of the LANGxFILE names, or add it as a LANGxFILE",
        )
    }

    /// The restore after login failed (spec 3.8).
    pub fn restore_failed(url: &str, set_at: Option<(&str, u32)>, why: &str) -> Warning {
        let (file, line) = set_at.map_or(("BRURI", None), |(f, l)| (f, Some(l)));
        Warning::at(
            file,
            line,
            Code::Restore,
            Severity::Warning,
            format!("Retrieval failed: {url} ({why}); the phone starts without the user's backed-up data"),
            "check BRURI and that the backup server answers GET for <extension>_16xxdata.txt",
        )
    }
}
