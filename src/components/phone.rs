//! The front of the phone as an inline SVG: handset, display sized to the
//! model's text lines (spec section 1), line-appearance buttons and keypad.

use std::fmt::Write as _;

use phoneboot_engine::Model;
use yew::prelude::*;

/// What differs between the three families' fronts.
struct Look {
    lines: usize,
    chars: usize,
    status_line: bool,
    font: f64,
    /// Line-appearance buttons beside the display, as (columns, rows) per side.
    left: (usize, usize),
    right: (usize, usize),
    softkeys: bool,
}

fn look(model: Model) -> Look {
    let g = model.display();
    let base = Look {
        lines: g.text_lines,
        chars: g.width,
        status_line: g.status_line,
        font: 13.0,
        left: (0, 0),
        right: (2, 4),
        softkeys: true,
    };
    match model.model4() {
        "1603" => Look {
            font: 16.0,
            right: (1, 3),
            softkeys: false,
            ..base
        },
        "1608" => base,
        _ => Look {
            left: (2, 4),
            ..base
        },
    }
}

#[derive(Properties, PartialEq)]
pub struct PhoneProps {
    pub model: Model,
    /// The display's text lines, already laid out by the engine.
    pub screen: Vec<String>,
    /// Right-hand side of the status line (1608/1616 only).
    pub status: AttrValue,
    /// Lights the message lamp (the boot stopped with a problem).
    #[prop_or_default]
    pub alert: bool,
}

const BODY_X: f64 = 6.0;
const BODY_W: f64 = 468.0;
const MAIN_X0: f64 = 120.0;
const MAIN_X1: f64 = 462.0;
const BTN_W: f64 = 20.0;
const BTN_H: f64 = 10.0;
const BTN_COL: f64 = 30.0;

fn buttons(
    out: &mut String,
    x0: f64,
    y0: f64,
    (cols, rows): (usize, usize),
    pitch: f64,
    led_left: bool,
) {
    for c in 0..cols {
        for r in 0..rows {
            let x = x0 + c as f64 * BTN_COL;
            let y = y0 + r as f64 * pitch;
            let (bx, lx) = if led_left {
                (x + 9.0, x + 3.5)
            } else {
                (x, x + BTN_W + 6.0)
            };
            let cy = y + BTN_H / 2.0;
            let _ = write!(
                out,
                r##"<g class="line-button"><rect x="{bx}" y="{y}" width="{BTN_W}" height="{BTN_H}" rx="3" class="key"/><circle cx="{lx}" cy="{cy}" r="2.4" class="led"/></g>"##
            );
        }
    }
}

const KEYS: [(&str, &str); 12] = [
    ("1", ""),
    ("2", "ABC"),
    ("3", "DEF"),
    ("4", "GHI"),
    ("5", "JKL"),
    ("6", "MNO"),
    ("7", "PQRS"),
    ("8", "TUV"),
    ("9", "WXYZ"),
    ("*", ""),
    ("0", "+"),
    ("#", ""),
];

fn keypad(out: &mut String, x0: f64, y0: f64) {
    for (i, (digit, letters)) in KEYS.iter().enumerate() {
        let x = x0 + (i % 3) as f64 * 34.0;
        let y = y0 + (i / 3) as f64 * 27.0;
        let (tx, ty1, ty2) = (x + 14.5, y + 11.5, y + 18.0);
        let _ = write!(
            out,
            r##"<g class="dial-key"><rect x="{x}" y="{y}" width="29" height="21" rx="6" class="key"/><text x="{tx}" y="{ty1}" class="key-digit">{digit}</text><text x="{tx}" y="{ty2}" class="key-letters">{letters}</text></g>"##
        );
    }
}

fn labelled_keys(out: &mut String, x: f64, y0: f64, labels: &[&'static str]) {
    for (i, label) in labels.iter().enumerate() {
        let y = y0 + i as f64 * 22.0;
        let (tx, ty) = (x + 27.0, y + 10.5);
        let _ = write!(
            out,
            r##"<g><rect x="{x}" y="{y}" width="54" height="15" rx="7.5" class="key"/><text x="{tx}" y="{ty}" class="key-label">{label}</text></g>"##
        );
    }
}

/// Where the model's display and its text sit on the front.
struct Layout {
    look: Look,
    lcd_x: f64,
    lcd_y: f64,
    lcd_w: f64,
    lcd_h: f64,
    pad: f64,
    line_h: f64,
    status_h: f64,
}

impl Layout {
    fn of(model: Model) -> Layout {
        let look = look(model);
        let cw = look.font * 0.6;
        let line_h = (look.font * 1.4).round();
        let pad = 9.0;
        let status_h = if look.status_line { 15.0 } else { 0.0 };
        let lcd_w = (look.chars as f64 * cw + 2.0 * pad).round();
        let lcd_h = (pad + status_h + look.lines as f64 * line_h + 4.0).round();
        let (lw, rw) = (side_w(look.left), side_w(look.right));
        let group_w = lw + if lw > 0.0 { GAP } else { 0.0 } + lcd_w + GAP + rw;
        let gx = ((MAIN_X0 + MAIN_X1) / 2.0 - group_w / 2.0).round();
        Layout {
            lcd_x: gx + if lw > 0.0 { lw + GAP } else { 0.0 },
            lcd_y: 30.0,
            lcd_w,
            lcd_h,
            pad,
            line_h,
            status_h,
            look,
        }
    }

    /// The left edge of the line-appearance buttons left of the display.
    fn buttons_x(&self) -> f64 {
        let lw = side_w(self.look.left);
        self.lcd_x - if lw > 0.0 { lw + GAP } else { 0.0 }
    }
}

const GAP: f64 = 8.0;

fn side_w((cols, _): (usize, usize)) -> f64 {
    cols as f64 * BTN_COL
}

/// The model's front without what changes during a boot (the display's text,
/// its status line and the message lamp): one SVG fragment, the same for every
/// render of a model, that the page inserts in one go rather than node by node.
pub fn front_svg(model: Model) -> String {
    let g = Layout::of(model);
    let l = &g.look;
    let (lcd_x, lcd_y, lcd_w, lcd_h) = (g.lcd_x, g.lcd_y, g.lcd_w, g.lcd_h);
    let rows = l.left.1.max(l.right.1).max(1) as f64;
    let pitch = ((lcd_h - BTN_H) / (rows - 1.0).max(1.0)).clamp(13.0, 22.0);
    let btn_y = lcd_y + (lcd_h - (pitch * (rows - 1.0) + BTN_H)) / 2.0;

    let mut out = String::with_capacity(8192);
    out.push_str(concat!(
        r##"<defs><linearGradient id="body-shade" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#3b4046"/><stop offset="1" stop-color="#25292d"/></linearGradient>"##,
        r##"<linearGradient id="lcd-shade" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#cfdcbc"/><stop offset="1" stop-color="#b3c49c"/></linearGradient>"##,
        r##"<linearGradient id="handset-shade" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#1b1e21"/><stop offset="0.5" stop-color="#2c3035"/><stop offset="1" stop-color="#1b1e21"/></linearGradient></defs>"##,
    ));
    let _ = write!(
        out,
        r##"<rect x="{BODY_X}" y="6" width="{BODY_W}" height="288" rx="30" class="body"/><rect x="14" y="14" width="452" height="272" rx="24" class="bezel"/>"##
    );
    out.push_str(concat!(
        r##"<g class="handset"><rect x="22" y="20" width="84" height="260" rx="38" fill="url(#handset-shade)" class="handset-shell"/>"##,
        r##"<rect x="46" y="38" width="36" height="26" rx="10" class="grille"/><rect x="46" y="236" width="36" height="26" rx="10" class="grille"/>"##,
        r##"<path d="M50 45 h28 M50 51 h28 M50 57 h28 M50 243 h28 M50 249 h28 M50 255 h28" class="grille-lines"/></g>"##,
    ));
    buttons(&mut out, g.buttons_x(), btn_y, l.left, pitch, false);
    let _ = write!(
        out,
        r##"<rect x="{}" y="{}" width="{}" height="{}" rx="6" class="lcd-bezel"/><rect x="{lcd_x}" y="{lcd_y}" width="{lcd_w}" height="{lcd_h}" rx="3" fill="url(#lcd-shade)" class="lcd" data-testid="display"/>"##,
        lcd_x - 5.0,
        lcd_y - 5.0,
        lcd_w + 10.0,
        lcd_h + 10.0,
    );
    if l.status_line {
        let y = lcd_y + g.pad + g.status_h - 3.0;
        let _ = write!(
            out,
            r##"<line x1="{}" x2="{}" y1="{y}" y2="{y}" class="lcd-rule"/>"##,
            lcd_x + 4.0,
            lcd_x + lcd_w - 4.0,
        );
    }
    buttons(&mut out, lcd_x + lcd_w + GAP, btn_y, l.right, pitch, true);
    let softkeys_y = lcd_y + lcd_h + 9.0;
    if l.softkeys {
        let w = (lcd_w - 3.0 * 8.0) / 4.0;
        for i in 0..4 {
            let x = lcd_x + f64::from(i) * (w + 8.0);
            let _ = write!(
                out,
                r##"<rect x="{x}" y="{softkeys_y}" width="{w}" height="7" rx="3.5" class="key softkey"/>"##
            );
        }
    }

    let lower_y = (softkeys_y + if l.softkeys { 24.0 } else { 10.0 }).max(128.0);
    let (nav_cx, nav_cy) = (268.0, lower_y + 40.0);
    labelled_keys(
        &mut out,
        134.0,
        lower_y + 4.0,
        &["Message", "Contacts", "Call Log", "Redial", "Hold"],
    );
    let _ = write!(
        out,
        r##"<g class="nav"><circle cx="{nav_cx}" cy="{nav_cy}" r="28" class="key nav-ring"/><circle cx="{nav_cx}" cy="{nav_cy}" r="11" class="key nav-ok"/><text x="{nav_cx}" y="{}" class="key-label">OK</text><path d="M{x} {y1} l-4 5 h8 z M{x} {y2} l-4 -5 h8 z M{x1} {y} l5 -4 v8 z M{x2} {y} l-5 -4 v8 z" class="nav-arrows"/></g>"##,
        nav_cy + 3.0,
        x = nav_cx,
        y = nav_cy,
        y1 = nav_cy - 24.0,
        y2 = nav_cy + 24.0,
        x1 = nav_cx - 24.0,
        x2 = nav_cx + 24.0,
    );
    labelled_keys(&mut out, 216.0, nav_cy + 40.0, &["Speaker"]);
    labelled_keys(&mut out, 274.0, nav_cy + 40.0, &["Mute"]);
    let _ = write!(
        out,
        r##"<g><rect x="216" y="{}" width="112" height="13" rx="6.5" class="key"/><text x="236" y="{}" class="key-label">&#x2212;</text><text x="272" y="{}" class="key-label dim">volume</text><text x="308" y="{}" class="key-label">+</text></g>"##,
        nav_cy + 62.0,
        nav_cy + 72.0,
        nav_cy + 71.5,
        nav_cy + 72.0,
    );
    keypad(&mut out, 356.0, lower_y + 2.0);
    let _ = write!(
        out,
        r##"<text x="134" y="282" class="model-label">{}</text>"##,
        model.name()
    );
    out
}

#[function_component]
pub fn Phone(props: &PhoneProps) -> Html {
    let model = props.model;
    // Built once per model: a boot's display frames re-render the text only.
    let front = use_memo(model, |m| Html::from_html_unchecked(front_svg(*m).into()));
    let g = Layout::of(model);
    let l = &g.look;
    let text_x = g.lcd_x + g.pad;
    let first_base = g.lcd_y + g.pad + g.status_h + l.font * 0.95;
    let lines: Html = (0..l.lines)
        .map(|i| {
            let line = props.screen.get(i).cloned().unwrap_or_default();
            html! {
                <text x={text_x.to_string()} y={(first_base + i as f64 * g.line_h).to_string()}
                      class="lcd-line" font-size={l.font.to_string()}
                      data-testid="display-line">{line}</text>
            }
        })
        .collect();
    let status = l.status_line.then(|| {
        let y = g.lcd_y + g.pad + 8.0;
        html! {
            <g class="lcd-status" data-testid="display-status">
                <text x={text_x.to_string()} y={y.to_string()} class="lcd-status-text">{model.name()}</text>
                <text x={(g.lcd_x + g.lcd_w - g.pad).to_string()} y={y.to_string()} class="lcd-status-text end">{props.status.clone()}</text>
            </g>
        }
    });
    let model_name = model.name();
    let aria = format!(
        "Avaya {model_name} IP phone. Display: {}",
        props
            .screen
            .iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" / ")
    );

    html! {
        <svg class="phone" viewBox="0 0 480 300" role="img" aria-label={aria}
             data-testid="phone" data-model={model_name}>
            { (*front).clone() }
            <circle cx="452" cy="26" r="4" class={classes!("lamp", props.alert.then_some("lit"))} />
            { for status }
            { lines }
        </svg>
    }
}
