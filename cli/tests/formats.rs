//! `--format text|json|sarif|github` for the boot: SARIF 2.1.0 for code
//! scanning and GitHub workflow annotations, one entry per warning with its
//! file and line, so a provisioning repository can lint its files in CI.

#[path = "support/cli.rs"]
mod support;

use std::path::Path;
use std::process::Output;

use support::{json_of, run_in, WORKSPACE};

/// Runs in the workspace, as CI would run it in the provisioning repository.
fn run(args: &[&str]) -> Output {
    run_in(Path::new(WORKSPACE), args)
}

/// Two runs with warnings of every severity: the broken demo (errors) and the demo.
const CASES: [&[&str]; 2] = [
    &["--dir", "demo/broken", "--model", "1603"],
    &["--dir", "demo", "--model", "1608", "--group", "3"],
];

#[test]
fn sarif_is_2_1_0_with_one_result_per_warning_at_its_file_and_line() {
    for case in CASES {
        let report = json_of(&run(&[case, &["--json"]].concat()));
        let warnings = report["warnings"].as_array().unwrap();
        assert!(!warnings.is_empty(), "{case:?}");
        let o = run(&[case, &["--format", "sarif"]].concat());
        let expected_code = if report["outcome"]["outcome"] == "registered" {
            0
        } else {
            1
        };
        assert_eq!(
            o.status.code(),
            Some(expected_code),
            "the exit status stays"
        );
        let log = json_of(&o);
        assert_eq!(log["version"], "2.1.0");
        assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
        let runs = log["runs"].as_array().unwrap();
        assert_eq!(runs.len(), 1);
        let driver = &runs[0]["tool"]["driver"];
        assert_eq!(driver["name"], "phoneboot");
        let rules: Vec<&str> = driver["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        let mut unique = rules.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), rules.len(), "rule ids are unique");
        let results = runs[0]["results"].as_array().unwrap();
        assert_eq!(results.len(), warnings.len(), "{case:?}");
        for (r, w) in results.iter().zip(warnings) {
            assert_eq!(r["ruleId"], w["code"]);
            let i = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[i], w["code"].as_str().unwrap());
            let level = match w["severity"].as_str().unwrap() {
                "error" => "error",
                "warning" => "warning",
                _ => "note",
            };
            assert_eq!(r["level"], level);
            assert!(r["message"]["text"]
                .as_str()
                .unwrap()
                .starts_with(w["message"].as_str().unwrap()));
            let loc = &r["locations"][0]["physicalLocation"];
            let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
            assert!(uri.ends_with(w["file"].as_str().unwrap()), "{uri} {w}");
            assert_eq!(loc["region"]["startLine"], w["line"], "{w}");
            if w["line"].is_u64() {
                // The uri is the file in the folder, relative to the current directory.
                assert!(std::path::Path::new(WORKSPACE).join(uri).is_file(), "{uri}");
            }
        }
        let levels: Vec<&str> = results
            .iter()
            .map(|r| r["level"].as_str().unwrap())
            .collect();
        if case[1] == "demo/broken" {
            assert!(levels.contains(&"error"), "{levels:?}");
        }
    }
}

#[test]
fn github_annotations_are_one_escaped_line_per_warning() {
    for case in CASES {
        let report = json_of(&run(&[case, &["--json"]].concat()));
        let warnings = report["warnings"].as_array().unwrap();
        let o = run(&[case, &["--format", "github"]].concat());
        let s = String::from_utf8_lossy(&o.stdout).into_owned();
        let commands: Vec<&str> = s.lines().filter(|l| l.starts_with("::")).collect();
        assert_eq!(commands.len(), warnings.len(), "{s}");
        for (c, w) in commands.iter().zip(warnings) {
            let level = match w["severity"].as_str().unwrap() {
                "error" => "error",
                "warning" => "warning",
                _ => "notice",
            };
            assert!(c.starts_with(&format!("::{level} file=")), "{c}");
            let (props, msg) = c[2..].split_once("::").expect("::command props::message");
            assert!(props.contains(&format!(",title=phoneboot {}", w["code"].as_str().unwrap())));
            if let Some(line) = w["line"].as_u64() {
                assert!(props.contains(&format!(",line={line},")), "{c}");
            }
            assert!(msg.contains("%0AFix: "), "the fix follows, escaped: {c}");
            assert!(!msg.contains('\n') && !msg.contains('\r'));
        }
        assert!(s.lines().last().unwrap().starts_with("phoneboot: "));
    }
}

#[test]
fn json_stays_an_alias_and_conflicts_with_format() {
    let a = run(&["--dir", "demo", "--model", "1616", "--json"]);
    let b = run(&["--dir", "demo", "--model", "1616", "--format", "json"]);
    assert_eq!(json_of(&a)["settings"], json_of(&b)["settings"]);
    let o = run(&[
        "--dir", "demo", "--model", "1616", "--json", "--format", "sarif",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["--dir", "demo", "--model", "1616", "--format", "xml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("sarif"));
}
