//! Share links: the whole configuration of a boot (never the flash, never a
//! secret) in a URL fragment, so a colleague opening the link sees the same
//! phone against the same server.

use crate::boot::{PhoneConfig, ServerSpec};
use crate::Model;

/// What a share link carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shared {
    /// The phone (model, GROUP, MAC).
    pub phone: PhoneConfig,
    /// The file server.
    pub server: ServerSpec,
    /// Loaded boot code and application names (what the phone is said to have).
    pub bootname: String,
    /// The loaded application name (empty for none).
    pub appname: String,
}

const UNRESERVED: &[u8] = b"-_.~!*'()/:,;@$";

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || UNRESERVED.contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match b[i] {
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Longest value accepted from a link; anything longer is cut (links are typed
/// and pasted by people, and the fields are short).
const MAX_FIELD: usize = 2048;

impl Shared {
    /// The fragment (without `#`) that restores this configuration.
    pub fn to_fragment(&self) -> String {
        let mut parts = vec![
            format!("model={}", encode(self.phone.model.name())),
            format!("group={}", self.phone.group),
            format!("mac={}", encode(&self.phone.mac)),
        ];
        match &self.server {
            ServerSpec::BaseUrl(u) => parts.push(format!("url={}", encode(u))),
            ServerSpec::Option242(o) => parts.push(format!("o242={}", encode(o))),
        }
        if let Some(m) = &self.phone.model_string {
            parts.push(format!("modelstr={}", encode(m)));
        }
        if !self.phone.phonecc.is_empty() {
            parts.push(format!("phonecc={}", encode(&self.phone.phonecc)));
        }
        if !self.bootname.is_empty() {
            parts.push(format!("boot={}", encode(&self.bootname)));
        }
        if !self.appname.is_empty() {
            parts.push(format!("app={}", encode(&self.appname)));
        }
        parts.join("&")
    }

    /// Reads a fragment (with or without `#`). Unknown keys are ignored and bad
    /// values keep the default, so an old or mangled link still opens. Returns
    /// `None` when the fragment carries no configuration at all.
    pub fn from_fragment(fragment: &str, default: &Shared) -> Option<Shared> {
        let f = fragment.strip_prefix('#').unwrap_or(fragment);
        let mut s = default.clone();
        let mut any = false;
        for pair in f.split('&') {
            let Some((k, v)) = pair.split_once('=') else {
                continue;
            };
            let mut v = decode(v);
            if v.len() > MAX_FIELD {
                let mut cut = MAX_FIELD;
                while !v.is_char_boundary(cut) {
                    cut -= 1;
                }
                v.truncate(cut);
            }
            match k {
                "model" => match Model::parse(&v) {
                    Some(m) => s.phone.model = m,
                    None => continue,
                },
                "group" => match crate::config::Group::parse(&v) {
                    Ok(g) => s.phone.group = g.get(),
                    Err(_) => continue,
                },
                "mac" => s.phone.mac = v,
                "url" => s.server = ServerSpec::BaseUrl(v),
                "o242" => s.server = ServerSpec::Option242(v),
                "modelstr" => s.phone.model_string = Some(v).filter(|m| !m.is_empty()),
                "phonecc" => s.phone.phonecc = v,
                "boot" => s.bootname = v,
                "app" => s.appname = v,
                _ => continue,
            }
            any = true;
        }
        any.then_some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default() -> Shared {
        Shared {
            phone: PhoneConfig::new(Model::M1608),
            server: ServerSpec::BaseUrl("http://127.0.0.1:8080/demo/".into()),
            bootname: String::new(),
            appname: String::new(),
        }
    }

    #[test]
    fn round_trip() {
        let mut s = default();
        s.phone.model = Model::M1603SWI;
        s.phone.group = 42;
        s.phone.mac = "00:11:22:33:44:55".into();
        s.phone.phonecc = "700415540".into();
        s.server = ServerSpec::Option242("HTTPSRVR=10.0.0.9,10.0.0.10,HTTPDIR=a b&c=d#x".into());
        s.bootname = "hb1603ua1_2200.bin".into();
        s.appname = "ha 1603 \u{e9}.bin".into();
        let f = s.to_fragment();
        assert!(!f.contains(' ') && !f.contains('#'), "{f}");
        assert_eq!(Shared::from_fragment(&format!("#{f}"), &default()), Some(s));
    }

    #[test]
    fn mangled_links_keep_defaults_and_never_panic() {
        let d = default();
        assert_eq!(Shared::from_fragment("", &d), None);
        assert_eq!(Shared::from_fragment("#nothing", &d), None);
        let s = Shared::from_fragment("model=9608&group=5000&mac=%zz%4&url=%", &d).unwrap();
        assert_eq!(s.phone.model, Model::M1608);
        assert_eq!(s.phone.group, 0);
        assert_eq!(s.phone.mac, "%zz%4");
        assert_eq!(s.server, ServerSpec::BaseUrl("%".into()));
        let long = format!("mac={}", "\u{e9}".repeat(3000));
        assert!(Shared::from_fragment(&long, &d).unwrap().phone.mac.len() <= MAX_FIELD);
    }
}
