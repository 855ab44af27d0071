//! `--flash FILE` (the phone's flash kept across runs, in the web app's JSON)
//! and `--extension N` (the restore after login, spec 3.8).

use std::path::{Path, PathBuf};

use serde_json::Value;

#[path = "support/cli.rs"]
mod support;
use support::{json_of as json, run, text};

/// A provisioning folder and a place for the flash file, removed on drop.
struct Folder(PathBuf);

impl Folder {
    fn new(tag: &str, files: &[(&str, &[u8])]) -> Folder {
        let p = std::env::temp_dir().join(format!("phoneboot-flash-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(p.join("srv")).unwrap();
        for (name, bytes) in files {
            let f = p.join("srv").join(name);
            std::fs::create_dir_all(f.parent().unwrap()).unwrap();
            std::fs::write(f, bytes).unwrap();
        }
        Folder(p)
    }
    fn srv(&self) -> String {
        self.0.join("srv").display().to_string()
    }
    fn flash(&self) -> PathBuf {
        self.0.join("phone.json")
    }
    /// A 1608 booting from the folder with `--flash` in it, and `extra` flags.
    fn boot(&self, extra: &[&str]) -> std::process::Output {
        let (srv, flash) = (self.srv(), self.flash());
        let flash = flash.to_str().expect("a UTF-8 temp path");
        run(&[&["--dir", &srv, "--model", "1608", "--flash", flash], extra].concat())
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn read_flash(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).expect("flash file written")).unwrap()
}

#[test]
fn flash_file_carries_auth_firmware_and_language_files_to_the_next_run() {
    let f = Folder::new(
        "carry",
        &[
            (
                "16xxupgrade.txt",
                b"SET APPNAME app.bin\nGET 46xxsettings.txt\n",
            ),
            ("app.bin", &[7u8; 3000]),
            ("46xxsettings.txt", b"SET LANG1FILE mlf_x.txt\nSET AUTH 1\n"),
            ("mlf_x.txt", b"language strings\n"),
        ],
    );
    let flash = f.flash();
    assert!(!flash.exists());
    let first = f.boot(&["--json"]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let kept = read_flash(&flash);
    assert_eq!(kept["version"], 2);
    assert_eq!(kept["application"]["name"], "app.bin");
    assert_eq!(kept["application"]["size"], 3000);
    assert_eq!(kept["languages"][0]["name"], "mlf_x.txt");
    assert_eq!(kept["auth"], true);

    // The next run starts from that flash: app.bin is loaded (no download),
    // and AUTH 1 locks the phone out of the folder's (non-TLS) scripts.
    let second = f.boot(&["--json"]);
    assert_eq!(second.status.code(), Some(0));
    let r = json(&second);
    let files = r["files"].as_array().unwrap();
    assert!(
        files.is_empty(),
        "no script over a non-TLS server under AUTH 1: {files:#?}"
    );
    let auth: Vec<&Value> = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "auth-without-tls")
        .collect();
    assert_eq!(auth.len(), 1, "{:#?}", r["warnings"]);
    assert_eq!(auth[0]["file"], "flash");
    assert_eq!(r["flash"]["application"]["name"], "app.bin");
    assert_eq!(r["flash"]["languages"][0]["name"], "mlf_x.txt");
    assert_eq!(read_flash(&flash)["auth"], true);

    // The text report says so too.
    let out = text(&f.boot(&[]).stdout);
    assert!(out.contains("AUTH 1"), "{out}");
    assert!(out.contains("languages mlf_x.txt"), "{out}");
}

#[test]
fn a_corrupt_flash_file_is_an_error_naming_it_and_is_left_as_it_is() {
    let f = Folder::new("corrupt", &[("16xxupgrade.txt", b"SET L2QVLAN 3\n")]);
    let flash = f.flash();
    for bad in [
        "{not json",
        r#"{"version": 9}"#,
        r#"{"version": 1, "boot_code": 42}"#,
    ] {
        std::fs::write(&flash, bad).unwrap();
        let o = f.boot(&[]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        let err = text(&o.stderr);
        assert!(err.contains(flash.to_str().unwrap()), "{err}");
        assert!(err.contains("left as it is"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&flash).unwrap(),
            bad,
            "never replaced"
        );
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn a_version_1_flash_file_from_an_older_build_still_reads() {
    let f = Folder::new("v1", &[("16xxupgrade.txt", b"SET APPNAME app.bin\n")]);
    let flash = f.flash();
    std::fs::write(
        &flash,
        r#"{"version":1,"boot_code":null,"application":{"name":"app.bin","size":9,"sha256":"ab","written_ms":1.0},"settings":{},"model":null,"group":null,"mac":null}"#,
    )
    .unwrap();
    let o = f.boot(&["--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(json(&o)["decision"]["decision"], "skip");
    assert_eq!(read_flash(&flash)["version"], 2);
}

#[test]
fn extension_restores_the_users_backup_from_bruri() {
    let f = Folder::new(
        "restore",
        &[
            ("16xxupgrade.txt", b"GET 46xxsettings.txt\n"),
            ("46xxsettings.txt", b"SET BRURI http://backup.example/bk\n"),
            ("bk/1234_16xxdata.txt", b"A=1\nB=2\nC=3\n"),
        ],
    );
    let srv = f.srv();
    let args = [
        "--dir",
        srv.as_str(),
        "--model",
        "1608",
        "--appname",
        "a.bin",
        "--extension",
        "1234",
    ];
    let r = json(&run(&[&args[..], &["--json"]].concat()));
    assert_eq!(
        r["restore"]["url"],
        "http://backup.example/bk/1234_16xxdata.txt"
    );
    assert_eq!(r["restore"]["outcome"]["result"], "restored");
    assert_eq!(r["restore"]["outcome"]["lines"], 3);
    let out = text(&run(&args).stdout);
    assert!(out.contains("Retrieval OK: 12 bytes, 3 lines"), "{out}");

    let bad = run(&["--dir", &srv, "--model", "1608", "--extension", "12a"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("digits only"));
}
