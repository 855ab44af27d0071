//! The option-242 builder and lint (spec section 2.1): one test per lint rule,
//! the builder's string, and no panic on any input.

use phoneboot_engine::option242::{lint, snippets, Builder, Finding, FIELDS, MAX_BYTES};
use phoneboot_engine::servers::Option242;
use phoneboot_engine::Severity;

const GOOD: &str =
    "MCIPADD=10.0.0.5,10.0.0.6,HTTPSRVR=10.0.0.9,HTTPDIR=phones/1600,L2Q=1,L2QVLAN=20";

/// The findings whose message contains `needle`.
fn with<'a>(f: &'a [Finding], needle: &str) -> Vec<&'a Finding> {
    f.iter().filter(|x| x.message.contains(needle)).collect()
}

#[test]
fn spec_2_1_a_clean_string_has_no_findings() {
    assert_eq!(lint(GOOD), [], "{GOOD}");
}

#[test]
fn spec_2_1_spaces_after_commas_are_an_error_with_the_string_without_them() {
    let f = lint("MCIPADD=10.0.0.5, HTTPSRVR=10.0.0.9 ,HTTPDIR= phones");
    let s = with(&f, "spaces around commas");
    assert_eq!(s.len(), 1, "{f:?}");
    assert_eq!(s[0].severity, Severity::Error);
    assert!(s[0].message.contains("3 places"), "{}", s[0].message);
    assert!(
        s[0].fix
            .ends_with("MCIPADD=10.0.0.5,HTTPSRVR=10.0.0.9,HTTPDIR=phones"),
        "{}",
        s[0].fix
    );
    assert!(with(&lint(GOOD), "spaces").is_empty());
}

#[test]
fn spec_2_1_quotes_are_part_of_the_value() {
    let f = lint("HTTPSRVR=\"10.0.0.9\",HTTPDIR=phones");
    let q = with(&f, "quotes");
    assert_eq!(q.len(), 1, "{f:?}");
    assert_eq!(q[0].severity, Severity::Error);
    assert!(
        q[0].message.contains("HTTPSRVR as \"10.0.0.9\""),
        "{}",
        q[0].message
    );
    let curly = lint("HTTPSRVR=10.0.0.9,DOMAIN=\u{201C}example.com\u{201D}");
    assert!(with(&curly, "curly quotes").len() == 1, "{curly:?}");
}

#[test]
fn spec_2_1_a_misspelt_key_names_the_nearest_key() {
    // "HTTP DIR" is seen in real captures.
    let f = lint("HTTPSRVR=10.0.0.9,HTTP DIR=phones");
    let k = with(&f, "\"HTTP DIR\"");
    assert_eq!(k.len(), 1, "{f:?}");
    assert_eq!(k[0].severity, Severity::Error);
    assert!(
        k[0].message.contains("HTTPDIR is not set"),
        "{}",
        k[0].message
    );
    assert_eq!(k[0].fix, "write HTTPDIR=phones");
    let f = lint("HTTPSERVER=10.0.0.9");
    assert_eq!(with(&f, "\"HTTPSERVER\"")[0].fix, "write HTTPSRVR=10.0.0.9");
}

#[test]
fn spec_2_1_an_unknown_key_is_a_warning() {
    let f = lint("HTTPSRVR=10.0.0.9,SIP_CONTROLLER_LIST=10.0.0.5");
    let k = with(&f, "SIP_CONTROLLER_LIST is not an option-242 key");
    assert_eq!(k.len(), 1, "{f:?}");
    assert_eq!(k[0].severity, Severity::Warning);
    // Said once, not again by the parser's own note.
    assert_eq!(with(&f, "SIP_CONTROLLER_LIST").len(), 1, "{f:?}");
}

#[test]
fn spec_2_1_empty_values_and_empty_items() {
    let f = lint("HTTPSRVR=10.0.0.9,HTTPDIR=");
    let e = with(&f, "HTTPDIR has an empty value");
    assert_eq!(e.len(), 1, "{f:?}");
    assert_eq!(e[0].severity, Severity::Warning);
    let f = lint("HTTPSRVR=10.0.0.9,,HTTPDIR=phones");
    assert_eq!(with(&f, "two commas in a row").len(), 1, "{f:?}");
}

#[test]
fn spec_2_1_duplicate_keys_say_which_value_is_used() {
    let f = lint("HTTPSRVR=10.0.0.9,HTTPDIR=a,HTTPSRVR=10.0.0.10");
    let d = with(&f, "HTTPSRVR is given 2 times");
    assert_eq!(d.len(), 1, "{f:?}");
    assert!(
        d[0].message.contains("the last, 10.0.0.10"),
        "{}",
        d[0].message
    );
    assert_eq!(
        d[0].fix,
        "give HTTPSRVR once, with a comma-separated list: HTTPSRVR=10.0.0.9,10.0.0.10"
    );
    let f = lint("HTTPSRVR=h,HTTPDIR=a,HTTPDIR=b");
    assert_eq!(
        with(&f, "HTTPDIR is given 2 times")[0].fix,
        "keep one HTTPDIR="
    );
}

#[test]
fn spec_2_1_longer_than_one_dhcp_option_is_an_error() {
    let base = "HTTPSRVR=10.0.0.9,DOMAIN=";
    let at_limit = format!("{base}{}", "a".repeat(MAX_BYTES - base.len()));
    assert_eq!(at_limit.len(), 255);
    assert!(with(&lint(&at_limit), "bytes").is_empty());
    let over = format!("{at_limit}b");
    let f = lint(&over);
    let l = with(&f, "the string is 256 bytes");
    assert_eq!(l.len(), 1, "{f:?}");
    assert_eq!(l[0].severity, Severity::Error);
}

#[test]
fn spec_2_2_httpdir_slashes_say_what_the_phone_requests() {
    let f = lint("HTTPSRVR=10.0.0.9,HTTPDIR=/phones/1600/");
    let s = with(&f, "HTTPDIR=/phones/1600/ starts and ends with '/'");
    assert_eq!(s.len(), 1, "{f:?}");
    assert!(
        s[0].message
            .contains("requests http://10.0.0.9:80/phones/1600/16xxupgrade.txt"),
        "{}",
        s[0].message
    );
    assert_eq!(s[0].fix, "write HTTPDIR=phones/1600");
    let f = lint("HTTPSRVR=10.0.0.9,HTTPDIR=phones/");
    assert_eq!(with(&f, "ends with '/'").len(), 1, "{f:?}");
    let f = lint("TLSSRVR=10.0.0.7,HTTPSRVR=10.0.0.9,HTTPDIR=/p");
    assert!(
        with(&f, "starts with '/'")[0]
            .message
            .contains("https://10.0.0.7:443/p/16xxupgrade.txt"),
        "{f:?}"
    );
}

#[test]
fn spec_2_3_tls_server_without_http_server_gets_no_firmware() {
    let f = lint("TLSSRVR=10.0.0.7,HTTPDIR=phones");
    let t = with(&f, "TLSSRVR without HTTPSRVR");
    assert_eq!(t.len(), 1, "{f:?}");
    assert_eq!(t[0].severity, Severity::Error);
    assert_eq!(t[0].fix, "add HTTPSRVR=10.0.0.7");
    assert!(with(&lint("TLSSRVR=a,HTTPSRVR=b"), "TLSSRVR").is_empty());
    assert_eq!(
        with(&lint("MCIPADD=10.0.0.5"), "no HTTPSRVR or TLSSRVR").len(),
        1
    );
}

#[test]
fn spec_2_1_the_parsers_own_warnings_are_findings() {
    let f = lint("HTTPSRVR=10.0.0.9,HTTPPORT=eighty,stray=,=x");
    assert_eq!(
        with(&f, "HTTPPORT=eighty is not a port number").len(),
        1,
        "{f:?}"
    );
    assert_eq!(with(&f, "has no name before '='").len(), 1, "{f:?}");
    // Errors come first.
    assert!(
        f.windows(2).all(|w| w[0].severity >= w[1].severity),
        "{f:?}"
    );
}

#[test]
fn spec_2_1_the_builder_writes_a_clean_string_the_parser_reads_back() {
    let mut b = Builder::new();
    b.set("HTTPSRVR", " 10.0.0.9, 10.0.0.10 ");
    b.set("httpdir", "/phones/1600/");
    b.set("MCIPADD", "10.0.0.5");
    b.set("L2QVLAN", "20");
    b.set("NOT_A_KEY", "x");
    let s = b.build();
    assert_eq!(
        s,
        "MCIPADD=10.0.0.5,HTTPSRVR=10.0.0.9,10.0.0.10,HTTPDIR=phones/1600,L2QVLAN=20"
    );
    assert_eq!(lint(&s), []);
    let parsed = Option242::parse(&s);
    assert_eq!(parsed.get("HTTPSRVR"), Some("10.0.0.9,10.0.0.10"));
    let back = Builder::from_string(&s);
    assert_eq!(
        (back.get("HTTPDIR"), back.get("NOT_A_KEY")),
        ("phones/1600", "")
    );
    assert_eq!(Builder::from_string(&s).build(), s);
    assert_eq!(FIELDS.len(), 12);
    assert_eq!(Builder::new().build(), "");
}

#[test]
fn no_input_makes_the_lint_or_the_snippets_panic() {
    let pieces = [
        "HTTPSRVR", "=", ",", " ", "\"", "'", "\u{201C}", "/", "\\", "é", "\u{0}", "\n", "TLSSRVR",
        "HTTP DIR", "10.0.0.9", "$", "?", "🙂", ",,", "==",
    ];
    let mut x: u32 = 12345;
    for _ in 0..3000 {
        let mut s = String::new();
        for _ in 0..(x % 24) {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            s.push_str(pieces[(x >> 16) as usize % pieces.len()]);
        }
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let _ = lint(&s);
        let _ = snippets(&s);
        let _ = Builder::from_string(&s).build();
    }
    assert_eq!(lint("")[0].severity, Severity::Error);
    assert!(!lint(&"A=".repeat(5000)).is_empty());
}
