//! The option-242 snippets (spec section 2.1) checked by the DHCP servers' own
//! config checkers where Debian packages them (`dnsmasq --test`, `dhcpd -t`,
//! `kea-dhcp4 -t`; installed by scripts/setup.sh), and against the vendor's
//! documented form for Windows Server (PowerShell) and MikroTik RouterOS.
//!
//! A checker that is not installed fails the test in CI (`CI=true`) and is
//! skipped with a note elsewhere. The checkers only read the file: no daemon
//! starts and no packet is sent.

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use phoneboot_engine::option242::snippets;

/// Strings the snippets must carry exactly: the spec's example, one with a
/// quote and a backslash to escape, one with a single quote, one with text
/// that is not ASCII, one at the length limit.
fn samples() -> Vec<String> {
    vec![
        "MCIPADD=10.0.0.5,10.0.0.6,HTTPSRVR=10.0.0.9,HTTPDIR=phones/1600,L2Q=1,L2QVLAN=20"
            .to_owned(),
        "HTTPSRVR=\"10.0.0.9\",HTTPDIR=ph\\ones".to_owned(),
        "HTTPSRVR=10.0.0.9,DOMAIN=o'brien.example".to_owned(),
        "HTTPSRVR=10.0.0.9,DOMAIN=b\u{fc}ro.example,HTTPDIR=$x?".to_owned(),
        format!("HTTPSRVR=10.0.0.9,DOMAIN={}", "a".repeat(230)),
    ]
}

/// The checker's path, searching PATH and the sbin folders; `None` (with a
/// note) when it is missing outside CI. In CI a missing checker is a failure.
fn checker(name: &str, package: &str) -> Option<PathBuf> {
    let path = std::env::var("PATH").unwrap_or_default();
    let found = path
        .split(':')
        .chain(["/usr/sbin", "/sbin", "/usr/local/sbin"])
        .map(|d| PathBuf::from(d).join(name))
        .find(|p| p.is_file());
    if found.is_none() {
        let msg = format!(
            "{name} is not installed (Debian package {package}; scripts/setup.sh installs it)"
        );
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{msg}: CI must run this check");
        }
        eprintln!("note: skipping the {name} syntax check: {msg}");
    }
    found
}

static N: AtomicUsize = AtomicUsize::new(0);

fn temp_file(ext: &str, text: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!(
        "phoneboot-o242-{}-{}.{ext}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&p, text).expect("temp file written");
    p
}

/// Runs `bin args... FILE` on `text`; returns success and the output.
fn run_check(bin: &PathBuf, args: &[&str], ext: &str, text: &str) -> (bool, String) {
    let file = temp_file(ext, text);
    let path = file.display().to_string();
    let mut all: Vec<String> = args.iter().map(|a| a.replace("{}", &path)).collect();
    if !args.iter().any(|a| a.contains("{}")) {
        all.push(path);
    }
    let out = Command::new(bin).args(&all).output().expect("checker runs");
    let _ = std::fs::remove_file(&file);
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// Each sample's snippet passes the checker; a snippet with its option
/// definition removed (or its quote unbalanced) does not, so the checker is
/// really reading what we give it.
fn check_all(
    bin: &PathBuf,
    args: &[&str],
    ext: &str,
    pick: fn(&phoneboot_engine::option242::Snippets) -> &str,
    break_it: fn(&str) -> String,
) {
    for s in samples() {
        let snippet = snippets(&s);
        let text = pick(&snippet);
        let (ok, out) = run_check(bin, args, ext, text);
        assert!(
            ok,
            "{} rejects the snippet for {s:?}:\n{text}\n{out}",
            bin.display()
        );
        let broken = break_it(text);
        assert_ne!(broken, text);
        let (ok, _) = run_check(bin, args, ext, &broken);
        assert!(!ok, "{} accepts a broken snippet:\n{broken}", bin.display());
    }
}

#[test]
fn spec_2_1_dnsmasq_accepts_its_snippet() {
    let Some(bin) = checker("dnsmasq", "dnsmasq-base") else {
        return;
    };
    check_all(
        &bin,
        &["--test", "--conf-file={}"],
        "conf",
        |s| &s.dnsmasq,
        |t| t.replace("dhcp-option=", "dhcp-optoin="),
    );
    // --conf-file=FILE is one argument.
    let (ok, out) = run_check(
        &bin,
        &["--test", "--conf-file={}"],
        "conf",
        "dhcp-option=242,\"a,b\n",
    );
    assert!(!ok, "an unterminated quote must fail: {out}");
}

#[test]
fn spec_2_1_isc_dhcpd_accepts_its_snippet() {
    let Some(bin) = checker("dhcpd", "isc-dhcp-server") else {
        return;
    };
    check_all(
        &bin,
        &["-t", "-q", "-cf"],
        "conf",
        |s| &s.isc_dhcpd,
        // Without the definition, the option name is unknown.
        |t| {
            t.lines()
                .filter(|l| !l.contains(" code 242 "))
                .collect::<Vec<_>>()
                .join("\n")
        },
    );
}

#[test]
fn spec_2_1_kea_accepts_its_snippet() {
    let Some(bin) = checker("kea-dhcp4", "kea-dhcp4-server") else {
        return;
    };
    check_all(
        &bin,
        &["-t"],
        "json",
        |s| &s.kea,
        // An option definition of a type Kea does not know.
        |t| t.replace("\"type\": \"string\"", "\"type\": \"strnig\""),
    );
}

#[test]
fn spec_2_1_kea_escapes_commas_inside_the_string() {
    // Kea reads option data as comma-separated fields: each comma of the
    // string is written `\,` (in JSON, `\\,`).
    let k = snippets("MCIPADD=10.0.0.5,HTTPSRVR=10.0.0.9").kea;
    assert!(
        k.contains(r#""data": "MCIPADD=10.0.0.5\\,HTTPSRVR=10.0.0.9""#),
        "{k}"
    );
}

/// Reads a PowerShell single-quoted string starting at `s[0] == '\''`:
/// everything literal, a doubled quote stands for one. Returns the value and the rest.
fn ps_single_quoted(s: &str) -> Option<(String, &str)> {
    let quote = |c: char| matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}');
    let mut it = s.char_indices();
    let (_, first) = it.next()?;
    if !quote(first) {
        return None;
    }
    let mut out = String::new();
    let mut chars = s[first.len_utf8()..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if quote(c) {
            match chars.peek() {
                Some((_, n)) if quote(*n) => {
                    out.push(c);
                    chars.next();
                }
                _ => return Some((out, &s[first.len_utf8() + i + c.len_utf8()..])),
            }
        } else {
            out.push(c);
        }
    }
    None
}

#[test]
fn spec_2_1_windows_snippet_has_the_documented_cmdlet_form() {
    // Microsoft's DhcpServer module:
    //   Add-DhcpServerv4OptionDefinition -Name <String> -OptionId <UInt32> -Type <String> [-Description <String>]
    //   Set-DhcpServerv4OptionValue [-ScopeId <IPAddress>] -OptionId <UInt32> -Value <String[]>
    // -Type String; a single-quoted string is one value, commas and all.
    for s in samples() {
        let w = snippets(&s).windows;
        let cmds: Vec<&str> = w.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(cmds.len(), 2, "{w}");
        let def = cmds[0]
            .strip_prefix("Add-DhcpServerv4OptionDefinition -Name ")
            .expect("the definition first");
        let (name, rest) = ps_single_quoted(def).expect("a quoted name");
        assert!(!name.is_empty());
        let rest = rest
            .strip_prefix(" -OptionId 242 -Type String -Description ")
            .unwrap_or_else(|| panic!("documented parameters: {rest}"));
        let (_, rest) = ps_single_quoted(rest).expect("a quoted description");
        assert_eq!(rest, "");
        let value = cmds[1]
            .strip_prefix("Set-DhcpServerv4OptionValue -OptionId 242 -Value ")
            .expect("the value second");
        let (v, rest) = ps_single_quoted(value).expect("a single-quoted value");
        assert_eq!((v.as_str(), rest), (s.as_str(), ""), "{w}");
    }
}

/// The bytes a RouterOS option value gives: `'text'` (inside a double-quoted
/// argument) or `0x` hex, as MikroTik documents for /ip dhcp-server option.
fn routeros_value(v: &str) -> Option<Vec<u8>> {
    if let Some(hex) = v.strip_prefix("0x") {
        if hex.len() % 2 != 0 {
            return None;
        }
        return (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
            .collect();
    }
    let inner = v.strip_prefix("\"'")?.strip_suffix("'\"")?;
    // Inside a double-quoted argument, these would need escapes or start a variable.
    if inner.contains(['"', '\\', '$', '?', '\'']) {
        return None;
    }
    Some(inner.as_bytes().to_vec())
}

#[test]
fn spec_2_1_mikrotik_snippet_has_the_documented_form() {
    for s in samples() {
        let m = snippets(&s).mikrotik;
        let cmds: Vec<&str> = m.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(cmds.len(), 2, "{m}");
        let value = cmds[0]
            .strip_prefix("/ip dhcp-server option add code=242 name=avaya-242 value=")
            .expect("option add with code, name, value");
        assert_eq!(routeros_value(value).as_deref(), Some(s.as_bytes()), "{m}");
        assert!(
            cmds[1].starts_with("/ip dhcp-server network set [find address=")
                && cmds[1].ends_with("] dhcp-option=avaya-242"),
            "{m}"
        );
    }
    assert!(snippets("HTTPSRVR=h")
        .mikrotik
        .contains("value=\"'HTTPSRVR=h'\""));
}
