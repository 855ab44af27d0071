//! Spec section 4 (the script language) and section 5 (warnings), each rule
//! exercised through a full boot so that what is asserted is what a user sees.

mod common;
use common::*;
use phoneboot_engine::{Bound, Code, Event, JumpInfo, Outcome, Program};

const UP: &str = "16xxupgrade.txt";
const ST: &str = "46xxsettings.txt";

/// An upgrade script that only GETs the settings file.
fn with_settings(settings: &str) -> Run {
    run_scripts(&[(UP, "GET 46xxsettings.txt\n"), (ST, settings)])
}

#[test]
fn spec_4_statements_begin_in_column_1_indented_is_a_comment() {
    let r = with_settings("  SET L2QVLAN 20\n\tSET DSCPAUD 40\nSET DSCPSIG 30\n");
    assert_eq!(r.setting("L2QVLAN"), None);
    assert_eq!(r.setting("DSCPAUD"), None);
    assert_eq!(r.setting("DSCPSIG").as_deref(), Some("30"));
    assert!(r.has_warning(Code::IndentedStatement, Some(1)));
    assert!(r.has_warning(Code::IndentedStatement, Some(2)));
}

#[test]
fn spec_4_tab_after_keyword_is_a_comment() {
    let r = with_settings("SET\tL2QVLAN 20\nSET DSCPAUD\t40\n");
    assert_eq!(r.setting("L2QVLAN"), None);
    assert!(r.has_warning(Code::TabAfterKeyword, Some(1)));
    // Between tokens, tabs separate like spaces.
    assert_eq!(r.setting("DSCPAUD").as_deref(), Some("40"));
}

#[test]
fn spec_4_keywords_are_matched_in_any_case() {
    let r = with_settings(
        "if $MODEL4 SEQ 1608 goto X\nset L2QVLAN 1\n# x\nSeT l2qvlan 20\nGet nothing.txt\n",
    );
    assert_eq!(r.setting("L2QVLAN").as_deref(), Some("20"));
    assert!(r.requests.iter().any(|u| u.ends_with("nothing.txt")));
}

#[test]
fn spec_4_hash_label_without_space_is_a_comment_and_the_goto_says_so() {
    let r = with_settings("GOTO END\nSET L2QVLAN 20\n#END\nSET DSCPAUD 40\n");
    // The GOTO finds no label, so the rest of the file is ignored.
    assert_eq!(r.setting("L2QVLAN"), None);
    assert_eq!(r.setting("DSCPAUD"), None);
    let w = r.warnings(Code::MissingLabel);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].line, Some(1));
    assert!(w[0].message.contains("line 3"), "{}", w[0].message);
    assert!(r.has_warning(Code::HashLabel, Some(3)));
}

#[test]
fn spec_4_two_spaces_after_hash_is_a_comment() {
    let r = with_settings("GOTO L\n#  L\nSET L2QVLAN 20\n");
    assert_eq!(r.setting("L2QVLAN"), None);
    assert!(r.has_warning(Code::TwoSpaceLabel, Some(2)));
    assert!(r.has_warning(Code::MissingLabel, Some(1)));
}

#[test]
fn spec_4_labels_compare_without_case_and_first_duplicate_counts() {
    let r = with_settings("GOTO target\nSET L2QVLAN 1\n# TARGET\nSET DSCPAUD 40\nGOTO END\n# Target\nSET DSCPAUD 41\n# END\n");
    assert_eq!(r.setting("L2QVLAN"), None);
    assert_eq!(r.setting("DSCPAUD").as_deref(), Some("40"));
    assert!(r.has_warning(Code::DuplicateLabel, Some(6)));
}

#[test]
fn spec_4_goto_missing_label_ignores_the_rest_of_the_file() {
    let r = with_settings("SET DSCPAUD 40\nGOTO NOWHERE\nSET L2QVLAN 20\n");
    assert_eq!(r.setting("DSCPAUD").as_deref(), Some("40"));
    assert_eq!(r.setting("L2QVLAN"), None);
    assert!(r.events.iter().any(|e| matches!(
        e,
        Event::Jump {
            jump: JumpInfo::Goto { found: false, .. },
            line: 2,
            ..
        }
    )));
}

#[test]
fn spec_4_backward_jumps_are_legal() {
    let r = with_settings("GOTO SECOND\n# FIRST\nSET L2QVLAN 20\nGOTO END\n# SECOND\nSET DSCPAUD 40\nGOTO FIRST\n# END\n");
    assert_eq!(r.setting("L2QVLAN").as_deref(), Some("20"));
    assert_eq!(r.setting("DSCPAUD").as_deref(), Some("40"));
    assert_eq!(r.report.outcome, Some(Outcome::Registered));
}

#[test]
fn spec_4_backward_goto_loop_hits_the_statement_bound_and_names_the_line() {
    let r = with_settings("SET L2QVLAN 20\n# LOOP\nSET DSCPAUD 40\nGOTO LOOP\n");
    match &r.report.outcome {
        Some(Outcome::Bound { bound, file, line }) => {
            assert_eq!(*bound, Bound::Statements);
            assert!(bound.to_string().contains("1000000"), "{bound}");
            assert_eq!(file, ST);
            assert!(matches!(line, Some(2..=4)), "{line:?}");
        }
        o => panic!("{o:?}"),
    }
    assert!(r.has_warning(Code::Bound, None));
    // A loop reports each statement once, not a million times.
    let sets = r
        .events
        .iter()
        .filter(|e| matches!(e, Event::Setting { .. }))
        .count();
    assert_eq!(sets, 2);
    // Nothing is registered, so flash keeps no half-applied settings.
    assert!(r.flash.settings.is_empty());
}

#[test]
fn spec_4_if_seq_compares_without_case() {
    let r = run_scripts(&[(
        UP,
        "IF $MODEL SEQ 1608d01a GOTO YES\nGOTO END\n# YES\nSET APPNAME app.bin\n# END\n",
    )]);
    assert_eq!(r.report.appname.as_deref(), Some("app.bin"));
}

#[test]
fn spec_4_if_on_an_undefined_variable_is_skipped() {
    let r = with_settings(
        "IF $SIG SEQ 2 GOTO SKIP\nIF $SIG_IN_USE SEQ H323 GOTO SKIP\nSET L2QVLAN 20\n# SKIP\n",
    );
    assert_eq!(r.setting("L2QVLAN").as_deref(), Some("20"));
    assert!(r.has_warning(Code::UndefinedVariable, Some(1)));
}

#[test]
fn spec_4_seq_is_the_only_operator() {
    let r = with_settings("IF $MODEL4 EQ 1608 GOTO SKIP\nSET L2QVLAN 20\n# SKIP\n");
    assert_eq!(r.setting("L2QVLAN").as_deref(), Some("20"));
    assert!(r.has_warning(Code::UnknownOperator, Some(1)));
}

#[test]
fn spec_4_if_variables_of_the_phone() {
    let script = "IF $MODEL4 SEQ 1616 GOTO A\nGOTO END\n# A\nIF $GROUP SEQ 7 GOTO B\nGOTO END\n# B\nIF $MACADDR SEQ 00:1B:4F:00:16:08 GOTO C\nGOTO END\n# C\nIF $PHONECC SEQ 700415540 GOTO END\nSET L2QVLAN 77\n# END\n";
    let r = run_scripts_as(
        &[(UP, "GET 46xxsettings.txt\n"), (ST, script)],
        phoneboot_engine::Model::M1616I,
        7,
    );
    assert_eq!(r.setting("L2QVLAN").as_deref(), Some("77"));
}

#[test]
fn spec_4_if_appname_tests_the_loaded_application_not_the_set_one() {
    // app.bin is loaded (see run_scripts); the SET does not change $APPNAME.
    let r = run_scripts(&[(
        UP,
        "SET APPNAME other.bin\nIF $APPNAME SEQ other.bin GOTO WRONG\nIF $APPNAME SEQ app.bin GOTO RIGHT\n# WRONG\nSET APPNAME wrong.bin\n# RIGHT\nSET APPNAME app.bin\n",
    )]);
    assert_eq!(r.report.appname.as_deref(), Some("app.bin"));
}

#[test]
fn spec_4_set_quoting_empty_first_token_and_unterminated() {
    let r = with_settings(
        "set domain \"voice example com\"\nSET LANGSYS \"\"\nSET LOGSRVR 10.0.0.1 10.0.0.2\nSET LANG1FILE \"open ended.txt\nSET LANG2FILE\n",
    );
    assert_eq!(r.setting("DOMAIN").as_deref(), Some("voice example com"));
    assert_eq!(r.setting("LANGSYS").as_deref(), Some(""));
    assert_eq!(r.setting("LOGSRVR").as_deref(), Some("10.0.0.1"));
    assert!(r.has_warning(Code::UnquotedSpaces, Some(3)));
    assert_eq!(r.setting("LANG1FILE").as_deref(), Some("open ended.txt"));
    assert!(r.has_warning(Code::UnterminatedQuote, Some(4)));
    assert_eq!(r.setting("LANG2FILE"), None);
    assert!(r.has_warning(Code::SetNoValue, Some(5)));
}

#[test]
fn spec_4_curly_quotes_are_ordinary_characters() {
    let r = with_settings("SET DOMAIN \u{201C}voice\u{201D}\nSET LANGSYS \u{201C}a b\u{201D}\n");
    assert_eq!(
        r.setting("DOMAIN").as_deref(),
        Some("\u{201C}voice\u{201D}")
    );
    assert_eq!(r.setting("LANGSYS").as_deref(), Some("\u{201C}a"));
    assert!(r.has_warning(Code::CurlyQuotes, Some(1)));
}

#[test]
fn spec_4_set_changes_only_valid_1600_parameters() {
    let r = with_settings("SET L2QVLAN 20\nSET L2QVLAN 99999\nSET SIP_CONTROLLER_LIST 10.0.0.1\nSET GROUP 5\nSET l2qaud 5\n");
    // Invalid value: the previous one stays.
    let s = &r.report.settings["L2QVLAN"];
    assert_eq!((s.value.as_str(), s.line), ("20", Some(1)));
    assert!(r.has_warning(Code::InvalidValue, Some(2)));
    let w = r.warnings(Code::InvalidValue)[0];
    assert!(w.fix.contains("0 to 4094"), "{}", w.fix);
    assert_eq!(r.setting("SIP_CONTROLLER_LIST"), None);
    let unknown = r.warnings(Code::UnknownParameter);
    assert!(unknown[0].message.contains("J1"), "{}", unknown[0].message);
    assert_eq!(r.setting("GROUP"), None);
    assert!(r.has_warning(Code::NotSettable, Some(4)));
    // Names are upper-cased.
    assert_eq!(r.setting("L2QAUD").as_deref(), Some("5"));
}

#[test]
fn spec_4_a_later_valid_set_wins_and_values_are_not_substituted() {
    let r = with_settings("SET DOMAIN a.example\nSET DOMAIN $MODEL4.example\n");
    assert_eq!(r.setting("DOMAIN").as_deref(), Some("$MODEL4.example"));
    assert_eq!(r.report.settings["DOMAIN"].line, Some(2));
}

#[test]
fn spec_4_a_successful_get_never_returns() {
    let r = run_scripts(&[
        (UP, "GET 46xxsettings.txt\nSET L2QVLAN 99\n"),
        (ST, "SET DSCPAUD 40\n"),
    ]);
    assert_eq!(r.setting("DSCPAUD").as_deref(), Some("40"));
    assert_eq!(r.setting("L2QVLAN"), None);
}

#[test]
fn spec_4_a_failed_get_continues_with_the_next_line() {
    let r = run_scripts(&[
        (UP, "GET missing.txt\nGET 46xxsettings.txt\n"),
        (ST, "SET DSCPAUD 40\n"),
    ]);
    assert_eq!(r.setting("DSCPAUD").as_deref(), Some("40"));
    assert!(r.has_warning(Code::GetFailed, Some(1)));
    assert_eq!(r.report.outcome, Some(Outcome::Registered));
}

#[test]
fn spec_4_get_cycle_is_reported_and_ends_at_the_get_bound() {
    let r = run_scripts(&[
        (UP, "GET a.txt\n"),
        ("a.txt", "SET DSCPAUD 40\nGET b.txt\n"),
        ("b.txt", "GET a.txt\n"),
    ]);
    assert!(r.has_warning(Code::GetLoop, None));
    match &r.report.outcome {
        Some(Outcome::Bound { bound, .. }) => assert_eq!(*bound, Bound::Gets, "{bound}"),
        o => panic!("{o:?}"),
    }
}

#[test]
fn spec_4_files_over_8_mib_end_the_boot_naming_the_get() {
    let big = "## padding\n".repeat(800_000);
    let r = run_scripts(&[(UP, "GET 46xxsettings.txt\n"), (ST, &big)]);
    match &r.report.outcome {
        Some(Outcome::Bound { bound, file, line }) => {
            assert_eq!(*bound, Bound::FileSize);
            assert!(bound.to_string().contains("8 MiB"));
            assert_eq!((file.as_str(), *line), (UP, Some(1)));
        }
        o => panic!("{o:?}"),
    }
}

#[test]
fn spec_4_crlf_bom_and_latin1_together() {
    let mut bytes =
        b"\xEF\xBB\xBFSET DOMAIN caf\xE9.example\r\nSET DSCPAUD 40\rSET L2QVLAN 20   \r\n".to_vec();
    bytes.extend_from_slice(b"SET LANGSYS \x93x\x94\r\n");
    let src = source(&[(UP, b"GET 46xxsettings.txt\n"), (ST, &bytes)]);
    let r = run_with(
        &src,
        &config(phoneboot_engine::Model::M1608, 0),
        phoneboot_engine::Flash::with_loaded(None, Some("app.bin")),
        phoneboot_engine::Cause::PowerOn,
    );
    // Not UTF-8 (0xE9 alone), so Windows-1252: the BOM bytes are dropped, é and curly quotes decoded.
    assert_eq!(r.setting("DOMAIN").as_deref(), Some("caf\u{e9}.example"));
    assert_eq!(r.setting("DSCPAUD").as_deref(), Some("40"));
    assert_eq!(r.setting("L2QVLAN").as_deref(), Some("20"));
    assert_eq!(r.report.settings["L2QVLAN"].line, Some(3));
    assert_eq!(r.setting("LANGSYS").as_deref(), Some("\u{201C}x\u{201D}"));
    assert!(r.has_warning(Code::NotUtf8, None));
    assert!(r.has_warning(Code::CurlyQuotes, Some(4)));
}

#[test]
fn spec_5_labels_never_jumped_to_and_settings_that_set_nothing() {
    let r = with_settings(
        "# ORPHAN\nIF $MODEL4 SEQ 9608 GOTO X\nGOTO END\n# X\nSET L2QVLAN 20\n# END\n",
    );
    assert!(r.has_warning(Code::UnusedLabel, Some(1)));
    assert!(r.has_warning(Code::NothingSet, None));
    let w = r.warnings(Code::NothingSet)[0];
    assert!(w.message.contains("1608") && w.file == ST, "{w:?}");
}

#[test]
fn spec_5_every_warning_kind_from_one_fixture() {
    let fixture = include_str!("fixtures/every-warning.txt");
    let r = with_settings(fixture);
    for code in [
        Code::UnknownParameter,
        Code::InvalidValue,
        Code::CurlyQuotes,
        Code::IndentedStatement,
        Code::TabAfterKeyword,
        Code::HashLabel,
        Code::TwoSpaceLabel,
        Code::MissingLabel,
        Code::UnusedLabel,
        Code::DuplicateLabel,
        Code::UnquotedSpaces,
        Code::SetNoValue,
        Code::GetLoop,
        Code::NotSettable,
    ] {
        assert!(
            r.has_warning(code, None),
            "no {code:?} warning in {:#?}",
            r.report.warnings
        );
    }
    // Every warning names the file, and all but whole-file ones a line.
    assert!(r
        .report
        .warnings
        .iter()
        .all(|w| !w.file.is_empty() && !w.fix.is_empty()));
}

#[test]
fn parse_once_execute_many() {
    let p = Program::parse(
        ST,
        b"IF $GROUP SEQ 1 GOTO G1\nSET L2QVLAN 10\nGOTO END\n# G1\nSET L2QVLAN 11\n# END\n",
    );
    struct V(&'static str);
    impl phoneboot_engine::interp::Vars for V {
        fn var(&self, n: &str) -> Option<&str> {
            (n == "GROUP").then_some(self.0)
        }
    }
    struct Sets(Vec<String>);
    impl phoneboot_engine::interp::Observer for Sets {
        fn set(&mut self, _l: u32, _n: &str, v: &str) {
            self.0.push(v.to_owned());
        }
    }
    for (g, want) in [("0", "10"), ("1", "11")] {
        let mut obs = Sets(Vec::new());
        let mut budget = 100;
        phoneboot_engine::interp::run(&p, 0, &V(g), &mut budget, &mut obs);
        assert_eq!(obs.0, [want]);
    }
}

#[test]
fn hostile_files_a_4_mb_line_nul_bytes_and_binary_garbage() {
    let long = format!(
        "SET DOMAIN {}\nSET DSCPAUD 40\n",
        "a".repeat(4 * 1024 * 1024)
    );
    let r = with_settings(&long);
    // Too long for DOMAIN (255): ignored with a reason; the next line still applies.
    assert!(r.has_warning(Code::InvalidValue, Some(1)));
    assert_eq!(r.setting("DSCPAUD").as_deref(), Some("40"));
    let msg = &r.warnings(Code::InvalidValue)[0].message;
    assert!(
        msg.len() < 300,
        "a warning must not carry the 4 MB value: {} bytes",
        msg.len()
    );

    let r = with_settings("SET DSCPAUD 40\0\nSET L2QVLAN 20\n");
    assert!(r.report.warnings.iter().any(|w| w.message.contains("NUL")));
    assert_eq!(r.setting("L2QVLAN").as_deref(), Some("20"));

    let garbage: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let src = source(&[(UP, b"GET 46xxsettings.txt\n"), (ST, &garbage)]);
    let r = run_with(
        &src,
        &config(phoneboot_engine::Model::M1616, 0),
        phoneboot_engine::Flash::with_loaded(None, Some("a")),
        phoneboot_engine::Cause::PowerOn,
    );
    assert!(r.report.outcome.is_some());
    assert!(r.has_warning(Code::NotUtf8, None));
}

/// The trace (issue 5): each interpreted file arrives with its decoded text,
/// so a UI can show it line by line beside what was executed.
#[test]
fn trace_file_start_carries_the_decoded_text_and_events_name_its_lines() {
    let settings = "## trace\r\nIF $GROUP SEQ 0 GOTO ZERO\r\nSET L2QVLAN 99\r\n# ZERO\r\nSET SIP_CONTROLLER_LIST 10.0.0.1\r\nSET L2QVLAN 5000\r\nGET missing.txt\r\nSET DOMAIN caf\u{e9}\r\n";
    let r = with_settings(settings);
    let texts: Vec<(&str, &str, u32)> = r
        .events
        .iter()
        .filter_map(|e| match e {
            Event::FileStart {
                file, text, lines, ..
            } => Some((file.as_str(), &**text, *lines)),
            _ => None,
        })
        .collect();
    assert_eq!(
        texts,
        vec![(UP, "GET 46xxsettings.txt\n", 1), (ST, settings, 8)]
    );
    // The text is serialized with the event, as a plain string.
    let json = serde_json::to_value(
        r.events
            .iter()
            .find(|e| matches!(e, Event::FileStart { file, .. } if file == ST))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(json["text"], settings);
    // Executed lines of the settings file, over both runs (before and after the failed GET).
    let executed: Vec<u32> = r
        .events
        .iter()
        .filter_map(|e| match e {
            Event::FileEnd { file, executed } if file == ST => Some(executed.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    assert_eq!(executed, vec![2, 4, 5, 6, 7, 8]);
    assert!(r.events.iter().any(|e| matches!(e,
        Event::Jump { file, line: 2, jump: JumpInfo::If { taken: true, actual: Some(a), .. } } if file == ST && a == "0")));
    assert!(r.events.iter().any(|e| matches!(e,
        Event::Get { file, line: 7, outcome: phoneboot_engine::GetOutcome::Failed, .. } if file == ST)));
}
