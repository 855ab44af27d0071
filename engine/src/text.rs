//! Turning a file's bytes into lines. Never fails: a provisioning file that is
//! not UTF-8 is read as Windows-1252, as an administrator's editor on Windows
//! would have written it (spec section 4, [emu]).

use serde::Serialize;

/// How a file's bytes were read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// Valid UTF-8 without a byte-order mark (plain ASCII included).
    Utf8,
    /// UTF-8 with a byte-order mark (the mark is dropped).
    Utf8Bom,
    /// Not valid UTF-8: every byte read as a Windows-1252 character.
    Windows1252,
}

/// The characters Windows-1252 puts at 0x80..=0x9F; the five bytes it leaves
/// undefined are kept as the C1 control of the same number, as browsers do.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// Decodes a file: UTF-8 when the bytes are valid UTF-8 (a BOM is dropped),
/// otherwise Windows-1252.
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    let (body, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    match std::str::from_utf8(body) {
        Ok(s) => (
            s.to_owned(),
            if bom {
                Encoding::Utf8Bom
            } else {
                Encoding::Utf8
            },
        ),
        Err(_) => (windows_1252(body), Encoding::Windows1252),
    }
}

/// Every byte as its Windows-1252 character. Runs of ASCII (most of any
/// provisioning file) are copied whole rather than a character at a time.
fn windows_1252(mut body: &[u8]) -> String {
    let mut s = String::with_capacity(body.len() + body.len() / 4);
    while !body.is_empty() {
        let n = ascii_prefix(body);
        let (ascii, rest) = body.split_at(n);
        // ASCII is valid UTF-8: this cannot fail.
        s.push_str(std::str::from_utf8(ascii).unwrap_or_default());
        let Some((&b, rest)) = rest.split_first() else {
            break;
        };
        s.push(match b {
            0x80..=0x9F => CP1252_HIGH[(b - 0x80) as usize],
            _ => b as char,
        });
        body = rest;
    }
    s
}

/// Length of the ASCII run `b` starts with, eight bytes at a time.
fn ascii_prefix(b: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut n = 0;
    for c in b.chunks_exact(8) {
        let mut w = [0; 8];
        w.copy_from_slice(c);
        if u64::from_ne_bytes(w) & HIGH != 0 {
            break;
        }
        n += 8;
    }
    n + b[n..]
        .iter()
        .position(|&x| !x.is_ascii())
        .unwrap_or(b.len() - n)
}

/// Splits text into lines ended by LF, CRLF or a lone CR. A final line
/// terminator does not start another, empty line.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        // A byte search: both are ASCII, so `i` is a character boundary.
        match memchr::memchr2(b'\n', b'\r', rest.as_bytes()) {
            Some(i) => {
                let line = &rest[..i];
                let skip = if rest.as_bytes()[i..].starts_with(b"\r\n") {
                    2
                } else {
                    1
                };
                rest = &rest[i + skip..];
                Some(line)
            }
            None => Some(std::mem::take(&mut rest)),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_4_utf8_with_bom_is_utf8() {
        let (s, e) = decode(b"\xEF\xBB\xBFSET A 1");
        assert_eq!(s, "SET A 1");
        assert_eq!(e, Encoding::Utf8Bom);
    }

    #[test]
    fn spec_4_invalid_utf8_is_windows_1252() {
        let (s, e) = decode(b"## caf\xE9 \x93quoted\x94 \x81");
        assert_eq!(e, Encoding::Windows1252);
        assert_eq!(s, "## caf\u{e9} \u{201c}quoted\u{201d} \u{81}");
    }

    #[test]
    fn spec_4_windows_1252_keeps_long_ascii_runs_and_every_high_byte() {
        // Runs longer and shorter than the eight bytes read at a time, high
        // bytes next to each other, at the start and at the end.
        let mut bytes = b"\x80SET A 123456789 0123456789\r\n## \xe9\xe8x".to_vec();
        bytes.extend((0x80..=0xFFu8).flat_map(|b| [b, b'a' + (b % 20)]));
        bytes.push(0xFF);
        let (s, e) = decode(&bytes);
        assert_eq!(e, Encoding::Windows1252);
        let slow: String = bytes
            .iter()
            .map(|&b| match b {
                0x80..=0x9F => CP1252_HIGH[(b - 0x80) as usize],
                _ => b as char,
            })
            .collect();
        assert_eq!(s, slow);
    }

    #[test]
    fn spec_4_lf_crlf_and_cr_all_end_lines() {
        let v: Vec<&str> = lines("a\nb\r\nc\rd\r\n\re").collect();
        assert_eq!(v, ["a", "b", "c", "d", "", "e"]);
        assert_eq!(lines("x\n").count(), 1);
        assert_eq!(lines("").count(), 0);
    }
}
