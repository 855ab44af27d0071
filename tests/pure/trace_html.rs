//! The script trace's rows as markup (src/components/trace_lines.rs): what a
//! hostile file's text becomes, and the attributes the e2e tests read.

use std::collections::BTreeMap;

use phoneboot_engine::catalog::Verdict;
use phoneboot_engine::text::Encoding;
use phoneboot_engine::{Cause, Event};
use phoneboot_web::components::trace_lines::{escape_into, gap_html, TraceRows};
use phoneboot_web::troubleshoot::{trace_files, Lines};

fn escaped(s: &str) -> String {
    let mut out = String::new();
    escape_into(&mut out, s);
    out
}

#[test]
fn markup_characters_are_escaped_and_nul_is_kept_visible() {
    assert_eq!(
        escaped(r#"<img src=x onerror="a">&'b'"#),
        "&lt;img src=x onerror=&quot;a&quot;&gt;&amp;&#39;b&#39;"
    );
    assert_eq!(escaped("a\0b"), "a\u{fffd}b");
    assert_eq!(escaped("plain é ü"), "plain é ü");
    assert_eq!(escaped(""), "");
}

fn rows_of(text: &str, events_after: Vec<Event>, reveal: bool) -> String {
    let mut events = vec![
        Event::BootStart {
            pass: 1,
            cause: Cause::PowerOn,
        },
        Event::FileStart {
            file: "46xxsettings.txt".into(),
            encoding: Encoding::Utf8,
            lines: text.lines().count() as u32,
            statements: 0,
            text: text.into(),
        },
    ];
    events.extend(events_after);
    let files = trace_files(&events);
    let file = &files[0];
    let lines = Lines::new(&file.file, &file.text);
    let warn_at = BTreeMap::new();
    let rows = TraceRows {
        file,
        lines: &lines,
        text: &file.text,
        warn_at: &warn_at,
        reveal,
        focus_line: Some(2),
    };
    let mut out = String::new();
    for l in 1..=lines.count() {
        rows.line(&mut out, l);
    }
    out
}

#[test]
fn a_row_carries_the_attributes_and_text_of_its_line_and_masks_secrets() {
    let text = "## <script>alert(1)</script>\nSET DOMAIN \"a&b\"\nSET PROCPSWD 53017\n";
    let after = vec![
        Event::Setting {
            file: "46xxsettings.txt".into(),
            line: 2,
            name: "DOMAIN".into(),
            value: "\"a&b\"".into(),
            verdict: Verdict::Applied,
        },
        Event::FileEnd {
            file: "46xxsettings.txt".into(),
            executed: vec![2, 3],
        },
    ];
    let html = rows_of(text, after.clone(), false);
    // The comment: its text escaped, never markup.
    assert!(html.contains(r#"<div id="trace-L1" tabindex="-1" data-testid="trace-line" data-line="1" data-state="comment" class="tl comment"><span class="ln" aria-hidden="true">1</span><code class="src">## &lt;script&gt;alert(1)&lt;/script&gt;</code></div>"#), "{html}");
    assert!(!html.contains("<script>"));
    // The applied SET: its mark, its note, and the focus.
    assert!(html.contains(r#"data-line="2" data-state="executed" data-mark="set-applied" class="tl executed set-applied focused">"#), "{html}");
    assert!(html.contains(r#"<span class="note set-applied" data-testid="trace-note">applied: DOMAIN = &quot;&quot;a&amp;b&quot;&quot;</span>"#), "{html}");
    // The secret is masked unless revealed.
    assert!(!html.contains("53017"));
    assert!(html.contains("SET PROCPSWD ********</code>"), "{html}");
    assert!(rows_of(text, after, true).contains("SET PROCPSWD 53017</code>"));
}

#[test]
fn a_gap_says_what_it_hides_and_which_lines_its_button_opens() {
    let mut out = String::new();
    gap_html(&mut out, 10, 1009, 0);
    assert_eq!(
        out,
        r#"<div class="tl-gap" data-testid="trace-gap" data-from="10" data-to="1009"><button type="button" class="link" aria-label="Show lines 10 to 309">… 1,000 statements never reached (lines 10–1,009) …<span class="muted"> show 300</span></button></div>"#
    );
    let mut out = String::new();
    gap_html(&mut out, 3, 3, 1);
    assert!(
        out.contains("… 1 comment line (lines 3–3) …<span class=\"muted\"> show</span>"),
        "{out}"
    );
}
