//! The eight 1600-series models and what differs between them: the `$MODEL4`
//! the scripts test, and the size of the display the boot messages appear on
//! (spec section 1).

use serde::{Deserialize, Serialize};

/// A 1600-series phone model as sold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Model {
    /// The 1603: two lines of 16 characters, no status line.
    #[serde(rename = "1603")]
    M1603,
    /// The 1603-I: the international 1603 (same `$MODEL4`, display and scripts).
    #[serde(rename = "1603-I")]
    M1603I,
    /// The 1603SW: a 1603 with a PC port (same `$MODEL4` and display).
    #[serde(rename = "1603SW")]
    M1603SW,
    /// The 1603SW-I: the international 1603SW.
    #[serde(rename = "1603SW-I")]
    M1603SWI,
    /// The 1608: two lines of 24 characters under a status line.
    #[serde(rename = "1608")]
    M1608,
    /// The 1608-I: the international 1608 (same `$MODEL4`, display and scripts).
    #[serde(rename = "1608-I")]
    M1608I,
    /// The 1616: three lines of 24 characters under a status line.
    #[serde(rename = "1616")]
    M1616,
    /// The 1616-I: the international 1616 (same `$MODEL4`, display and scripts).
    #[serde(rename = "1616-I")]
    M1616I,
}

/// The shape of a model's display.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DisplayGeometry {
    /// Lines available for text (the status line, where there is one, is not counted).
    pub text_lines: usize,
    /// Characters a line.
    pub width: usize,
    /// Whether the top line is a separate status line.
    pub status_line: bool,
}

impl Model {
    /// Every model, in the order menus and the fleet matrix list them.
    pub const ALL: [Model; 8] = [
        Model::M1603,
        Model::M1603I,
        Model::M1603SW,
        Model::M1603SWI,
        Model::M1608,
        Model::M1608I,
        Model::M1616,
        Model::M1616I,
    ];

    /// The name as printed on the phone ("1603SW-I").
    pub fn name(self) -> &'static str {
        match self {
            Model::M1603 => "1603",
            Model::M1603I => "1603-I",
            Model::M1603SW => "1603SW",
            Model::M1603SWI => "1603SW-I",
            Model::M1608 => "1608",
            Model::M1608I => "1608-I",
            Model::M1616 => "1616",
            Model::M1616I => "1616-I",
        }
    }

    /// `$MODEL4`: the four characters scripts branch on.
    pub fn model4(self) -> &'static str {
        match self {
            Model::M1603 | Model::M1603I | Model::M1603SW | Model::M1603SWI => "1603",
            Model::M1608 | Model::M1608I => "1608",
            Model::M1616 | Model::M1616I => "1616",
        }
    }

    /// Parses a model name, ignoring case and an optional "SW"/"-I" spelling variance
    /// such as "1603sw-i" or "1603SWI" (ASCII case: the names are ASCII, and
    /// Unicode's case tables would add about 10 KB gzipped to the wasm).
    pub fn parse(s: &str) -> Option<Model> {
        let norm: String = s
            .trim()
            .chars()
            .filter(|c| *c != '-' && *c != ' ')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        Model::ALL
            .into_iter()
            .find(|m| m.name().replace('-', "") == norm)
    }

    /// The shape of this model's display, for laying out boot messages.
    pub fn display(self) -> DisplayGeometry {
        match self.model4() {
            "1603" => DisplayGeometry {
                text_lines: 2,
                width: 16,
                status_line: false,
            },
            "1608" => DisplayGeometry {
                text_lines: 2,
                width: 24,
                status_line: true,
            },
            _ => DisplayGeometry {
                text_lines: 3,
                width: 24,
                status_line: true,
            },
        }
    }

    /// The default long `$MODEL` string; Avaya does not publish the 1600's, so
    /// this is the emulator's convention (spec section 1, [emu]).
    pub fn default_model_string(self) -> String {
        format!("{}D01A", self.model4())
    }
}

impl std::fmt::Display for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl DisplayGeometry {
    /// Lays a message out on the display: words wrapped to the width, cut to
    /// the number of text lines, as the phone would show it.
    pub fn render(&self, text: &str) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        for para in text.split('\n') {
            let mut cur = String::new();
            for word in para.split(' ').filter(|w| !w.is_empty()) {
                let mut word: Vec<char> = word.chars().collect();
                loop {
                    let cur_len = cur.chars().count();
                    let need = if cur.is_empty() {
                        word.len()
                    } else {
                        cur_len + 1 + word.len()
                    };
                    if need <= self.width {
                        if !cur.is_empty() {
                            cur.push(' ');
                        }
                        cur.extend(word.iter());
                        break;
                    }
                    if !cur.is_empty() {
                        lines.push(std::mem::take(&mut cur));
                        continue;
                    }
                    // A word longer than a line (a URL) is split where the line ends.
                    let rest = word.split_off(self.width);
                    lines.push(word.iter().collect());
                    word = rest;
                    if word.is_empty() {
                        break;
                    }
                }
            }
            lines.push(cur);
        }
        lines.truncate(self.text_lines);
        while lines.len() < self.text_lines {
            lines.push(String::new());
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_1_model4_and_display_per_model() {
        assert_eq!(Model::M1603SWI.model4(), "1603");
        assert_eq!(Model::M1608I.model4(), "1608");
        assert_eq!(Model::M1616.model4(), "1616");
        assert_eq!(Model::M1603.display().width, 16);
        assert_eq!(Model::M1603.display().text_lines, 2);
        assert_eq!(Model::M1608.display().text_lines, 2);
        assert!(Model::M1608.display().status_line);
        assert_eq!(Model::M1616.display().text_lines, 3);
    }

    #[test]
    fn parse_accepts_common_spellings() {
        assert_eq!(Model::parse("1603sw-i"), Some(Model::M1603SWI));
        assert_eq!(Model::parse("1603SWI"), Some(Model::M1603SWI));
        assert_eq!(Model::parse("1616-I"), Some(Model::M1616I));
        assert_eq!(Model::parse("9608"), None);
    }

    #[test]
    fn render_wraps_long_words_and_cuts_to_the_display() {
        let g = Model::M1603.display();
        let s = g.render("HTTP:1 http://10.0.0.9:80/16xxupgrade.txt");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0], "HTTP:1");
        assert_eq!(s[1], "http://10.0.0.9:");
        assert!(s.iter().all(|l| l.chars().count() <= 16));
    }
}
