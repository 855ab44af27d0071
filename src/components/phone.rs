//! The front of the phone as an inline SVG: handset, display sized to the
//! model's text lines (spec section 1), line-appearance buttons and keypad.

use std::fmt::Write as _;

use phoneboot_engine::decimal::Short;
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

/// A coordinate as the SVG gets it: to a hundredth of a unit (a hundredth of
/// a pixel or less), written with integer arithmetic, so the bundle needs no
/// float formatting for the picture.
fn coord(x: f64) -> Short {
    Short(x, 2)
}

fn n(x: f64) -> AttrValue {
    AttrValue::from(coord(x).to_string())
}

/// A rounded rectangle as a path, so that every key of a kind is one `<path>`.
fn rounded(d: &mut String, x: f64, y: f64, w: f64, h: f64, r: f64) {
    let (hw, hh, r) = (coord(w - 2.0 * r), coord(h - 2.0 * r), coord(r));
    let (x, y) = (coord(x + r.0), coord(y));
    let _ = write!(
        d,
        "M{x} {y}h{hw}a{r} {r} 0 0 1 {r} {r}v{hh}a{r} {r} 0 0 1 -{r} {r}h-{hw}a{r} {r} 0 0 1 -{r} -{r}v-{hh}a{r} {r} 0 0 1 {r} -{r}z"
    );
}

/// A circle as a path (see [`rounded`]).
fn circle(d: &mut String, cx: f64, cy: f64, r: f64) {
    let (x, cy, d2, r) = (coord(cx - r), coord(cy), coord(2.0 * r), coord(r));
    let _ = write!(d, "M{x} {cy}a{r} {r} 0 1 0 {d2} 0a{r} {r} 0 1 0 -{d2} 0z");
}

/// The line-appearance buttons of one side: their keys go to `keys`, their
/// LEDs to `leds`.
fn buttons(
    keys: &mut String,
    leds: &mut String,
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
            rounded(keys, bx, y, BTN_W, BTN_H, 3.0);
            circle(leds, lx, y + BTN_H / 2.0, 2.4);
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

/// The dial pad: its keys go to `keys`; the labels are returned.
fn keypad(keys: &mut String, x0: f64, y0: f64) -> Html {
    KEYS.iter()
        .enumerate()
        .map(|(i, (digit, letters))| {
            let x = x0 + (i % 3) as f64 * 34.0;
            let y = y0 + (i / 3) as f64 * 27.0;
            rounded(keys, x, y, 29.0, 21.0, 6.0);
            markup! {
                <>
                    <text x={n(x + 14.5)} y={n(y + 11.5)} class="key-digit">{*digit}</text>
                    if !letters.is_empty() {
                        <text x={n(x + 14.5)} y={n(y + 18.0)} class="key-letters">{*letters}</text>
                    }
                </>
            }
        })
        .collect()
}

/// A column of labelled keys: the keys go to `keys`; the labels are returned.
fn labelled_keys(keys: &mut String, x: f64, y0: f64, labels: &[&'static str]) -> Html {
    labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let y = y0 + i as f64 * 22.0;
            rounded(keys, x, y, 54.0, 15.0, 7.5);
            markup! {
                <text x={n(x + 27.0)} y={n(y + 10.5)} class="key-label">{*label}</text>
            }
        })
        .collect()
}

/// Where the display and its text sit for a model: the fixed front and the
/// display's text are drawn from the same numbers.
struct Frame {
    look: Look,
    lcd_x: f64,
    lcd_y: f64,
    lcd_w: f64,
    lcd_h: f64,
    pad: f64,
    status_h: f64,
    lh: f64,
    /// Left of the leftmost line-appearance button.
    gx: f64,
}

fn frame(model: Model) -> Frame {
    let look = look(model);
    let cw = look.font * 0.6;
    let lh = (look.font * 1.4).round();
    let pad = 9.0;
    let status_h = if look.status_line { 15.0 } else { 0.0 };
    let lcd_w = (look.chars as f64 * cw + 2.0 * pad).round();
    let lcd_h = (pad + status_h + look.lines as f64 * lh + 4.0).round();
    let side_w = |(cols, _): (usize, usize)| cols as f64 * BTN_COL;
    let (lw, rw) = (side_w(look.left), side_w(look.right));
    let gap = 8.0;
    let group_w = lw + if lw > 0.0 { gap } else { 0.0 } + lcd_w + gap + rw;
    let gx = ((MAIN_X0 + MAIN_X1) / 2.0 - group_w / 2.0).round();
    let lcd_x = gx + if lw > 0.0 { lw + gap } else { 0.0 };
    Frame {
        look,
        lcd_x,
        lcd_y: 30.0,
        lcd_w,
        lcd_h,
        pad,
        status_h,
        lh,
        gx,
    }
}

#[derive(Properties, PartialEq)]
struct FrontProps {
    model: Model,
}

/// Everything of the phone that depends on the model alone: the body, the
/// handset, the display's glass and every key. Its props are the model, so
/// yew draws it once per model and skips it when the boot re-renders the
/// display (several times a boot), instead of rebuilding every key's path.
#[function_component]
fn Front(props: &FrontProps) -> Html {
    let Frame {
        look: l,
        lcd_x,
        lcd_y,
        lcd_w,
        lcd_h,
        gx,
        ..
    } = frame(props.model);
    let gap = 8.0;
    let rows = l.left.1.max(l.right.1).max(1) as f64;
    let pitch = ((lcd_h - BTN_H) / (rows - 1.0).max(1.0)).clamp(13.0, 22.0);
    let btn_y = lcd_y + (lcd_h - (pitch * (rows - 1.0) + BTN_H)) / 2.0;
    let softkeys_y = lcd_y + lcd_h + 9.0;
    // Every key of a kind is one path (the page has fewer nodes to build and
    // lay out); the labels are texts over them.
    let (mut keys, mut leds, mut softkeys) = (String::new(), String::new(), String::new());
    buttons(&mut keys, &mut leds, gx, btn_y, l.left, pitch, false);
    buttons(
        &mut keys,
        &mut leds,
        lcd_x + lcd_w + gap,
        btn_y,
        l.right,
        pitch,
        true,
    );
    if l.softkeys {
        let w = (lcd_w - 3.0 * 8.0) / 4.0;
        for i in 0..4 {
            rounded(
                &mut softkeys,
                lcd_x + f64::from(i) * (w + 8.0),
                softkeys_y,
                w,
                7.0,
                3.5,
            );
        }
    }

    let lower_y = (softkeys_y + if l.softkeys { 24.0 } else { 10.0 }).max(128.0);
    let nav_cx = 268.0;
    let nav_cy = lower_y + 40.0;
    let labels = labelled_keys(
        &mut keys,
        134.0,
        lower_y + 4.0,
        &["Message", "Contacts", "Call Log", "Redial", "Hold"],
    );
    let speaker = labelled_keys(&mut keys, 216.0, nav_cy + 40.0, &["Speaker"]);
    let mute = labelled_keys(&mut keys, 274.0, nav_cy + 40.0, &["Mute"]);
    rounded(&mut keys, 216.0, nav_cy + 62.0, 112.0, 13.0, 6.5);
    let dial = keypad(&mut keys, 356.0, lower_y + 2.0);

    markup! {
        <>
            <defs>
                <linearGradient id="body-shade" x1="0" y1="0" x2="0" y2="1">
                    <stop offset="0" stop-color="#3b4046" />
                    <stop offset="1" stop-color="#25292d" />
                </linearGradient>
                <linearGradient id="lcd-shade" x1="0" y1="0" x2="0" y2="1">
                    <stop offset="0" stop-color="#cfdcbc" />
                    <stop offset="1" stop-color="#b3c49c" />
                </linearGradient>
                <linearGradient id="handset-shade" x1="0" y1="0" x2="1" y2="0">
                    <stop offset="0" stop-color="#1b1e21" />
                    <stop offset="0.5" stop-color="#2c3035" />
                    <stop offset="1" stop-color="#1b1e21" />
                </linearGradient>
            </defs>
            <rect x={n(BODY_X)} y="6" width={n(BODY_W)} height="288" rx="30" class="body" />
            <rect x="14" y="14" width="452" height="272" rx="24" class="bezel" />

            <g class="handset">
                <rect x="22" y="20" width="84" height="260" rx="38" fill="url(#handset-shade)" class="handset-shell" />
                <path d="M56 38h16a10 10 0 0 1 10 10v6a10 10 0 0 1 -10 10h-16a10 10 0 0 1 -10 -10v-6a10 10 0 0 1 10 -10zM56 236h16a10 10 0 0 1 10 10v6a10 10 0 0 1 -10 10h-16a10 10 0 0 1 -10 -10v-6a10 10 0 0 1 10 -10z" class="grille" />
                <path d="M50 45 h28 M50 51 h28 M50 57 h28 M50 243 h28 M50 249 h28 M50 255 h28" class="grille-lines" />
            </g>

            <rect x={n(lcd_x - 5.0)} y={n(lcd_y - 5.0)}
                  width={n(lcd_w + 10.0)} height={n(lcd_h + 10.0)} rx="6" class="lcd-bezel" />
            <rect x={n(lcd_x)} y={n(lcd_y)} width={n(lcd_w)} height={n(lcd_h)}
                  rx="3" fill="url(#lcd-shade)" class="lcd" data-testid="display" />
            <path d={keys} class="key" />
            <path d={leds} class="led" />
            if l.softkeys {
                <path d={softkeys} class="key softkey" />
            }

            { labels }

            <g class="nav">
                <circle cx={n(nav_cx)} cy={n(nav_cy)} r="28" class="key nav-ring" />
                <circle cx={n(nav_cx)} cy={n(nav_cy)} r="11" class="key nav-ok" />
                <text x={n(nav_cx)} y={n(nav_cy + 3.0)} class="key-label">{"OK"}</text>
                <path d={format!("M{x} {y1} l-4 5 h8 z M{x} {y2} l-4 -5 h8 z M{x1} {y} l5 -4 v8 z M{x2} {y} l-5 -4 v8 z",
                    x = coord(nav_cx), y = coord(nav_cy), y1 = coord(nav_cy - 24.0), y2 = coord(nav_cy + 24.0), x1 = coord(nav_cx - 24.0), x2 = coord(nav_cx + 24.0))}
                      class="nav-arrows" />
            </g>
            { speaker }
            { mute }
            <text x="236" y={n(nav_cy + 72.0)} class="key-label">{"\u{2212}"}</text>
            <text x="272" y={n(nav_cy + 71.5)} class="key-label dim">{"volume"}</text>
            <text x="308" y={n(nav_cy + 72.0)} class="key-label">{"+"}</text>

            { dial }
            <text x="134" y="282" class="model-label">{props.model.name()}</text>
        </>
    }
}

#[function_component]
pub fn Phone(props: &PhoneProps) -> Html {
    let Frame {
        look: l,
        lcd_x,
        lcd_y,
        lcd_w,
        pad,
        status_h,
        lh,
        ..
    } = frame(props.model);
    let text_x = lcd_x + pad;
    let first_base = lcd_y + pad + status_h + l.font * 0.95;
    let lines: Html = (0..l.lines)
        .map(|i| {
            let line = props.screen.get(i).cloned().unwrap_or_default();
            markup! {
                <text x={n(text_x)} y={n(first_base + i as f64 * lh)}
                      class="lcd-line" font-size={n(l.font)}
                      data-testid="display-line">{line}</text>
            }
        })
        .collect();
    let status = l.status_line.then(|| {
        let y = lcd_y + pad + 8.0;
        markup! {
            <g class="lcd-status" data-testid="display-status">
                <text x={n(text_x)} y={n(y)} class="lcd-status-text">{props.model.name()}</text>
                <text x={n(lcd_x + lcd_w - pad)} y={n(y)} class="lcd-status-text end">{props.status.clone()}</text>
                <line x1={n(lcd_x + 4.0)} x2={n(lcd_x + lcd_w - 4.0)}
                      y1={n(lcd_y + pad + status_h - 3.0)} y2={n(lcd_y + pad + status_h - 3.0)} class="lcd-rule" />
            </g>
        }
    });
    let model_name = props.model.name();
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

    // The front first, then what the boot changes, drawn over it: the
    // display's text on the glass, and the lamp.
    markup! {
        <svg class="phone" viewBox="0 0 480 300" role="img" aria-label={aria}
             data-testid="phone" data-model={model_name}>
            <Front model={props.model} />
            <circle cx="452" cy="26" r="4" class={classes!("lamp", props.alert.then_some("lit"))} />
            { for status }
            { lines }
        </svg>
    }
}
