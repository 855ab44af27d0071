//! The parameters a 1600 honours (`params-16xx.tsv`) and every other Avaya
//! parameter with the phones that use it (`params-all.tsv`), embedded at build
//! time, and the validation of a SET against them (spec section 4).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;

use crate::diag::clip;

/// The kind column of `params-16xx.tsv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Free text (up to the parameter's maximum length).
    String,
    /// A whole number in a range.
    Int,
    /// 0 or 1.
    Bool,
    /// One of a list of values.
    Enum,
    /// Digits only (a length range).
    Digits,
    /// A string of 0/1 digits, each an on/off switch (e.g. OPSTAT).
    BinaryDigits,
    /// Comma-separated IP addresses or DNS names.
    IpList,
    /// A comma-separated list of values (e.g. SUBSCRIBELIST).
    List,
    /// A secret: masked in the UI and reports (see [`is_secret`]).
    Password,
    /// A URL (http:// only on a 1600).
    Url,
}

/// What values a parameter accepts, read from the allowed column.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Rule {
    Any,
    Range(u64, u64),
    OneOf(Vec<String>),
    /// A length range and a character class.
    Chars {
        min: usize,
        max: usize,
        class: CharClass,
    },
    /// One digit, or empty (`0..9 or ""`).
    DigitOrEmpty,
    IpList,
    HttpUrl,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CharClass {
    Digits,
    Dialable,
    Alphanumeric,
}

/// One parameter a 1600 honours.
#[derive(Clone, Debug, Serialize)]
pub struct Param {
    /// The parameter name, upper-case, as a SET writes it.
    pub name: String,
    /// The first software release that honours it.
    pub since: String,
    /// Its kind, from the catalog.
    pub kind: Kind,
    /// The allowed column as written, for messages ("0|1|2").
    pub allowed: String,
    /// The phone's value when nothing sets it, if the catalog gives one.
    pub default: Option<String>,
    /// The most characters the phone accepts, where limited.
    pub max_len: Option<usize>,
    /// What the parameter does (empty in the browser build, which leaves it out).
    pub summary: String,
    #[serde(skip)]
    rule: Rule,
}

/// The outcome of validating a SET.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "kebab-case")]
pub enum Verdict {
    /// The phone takes the value.
    Applied,
    /// Not a 1600 parameter; `used_by` names the phones that do use it, if any.
    Unknown {
        /// The product lines that use it ("96xx, 96x1"), if the catalog knows.
        used_by: Option<String>,
    },
    /// A 1600 parameter, but not this value; the previous value stays.
    Invalid {
        /// Why the value is refused, in words ([`InvalidValue`]).
        reason: String,
        /// What the parameter accepts, in words.
        allowed: String,
    },
    /// GROUP: set only at the phone or by the call server.
    NotSettable,
}

/// The 1600's parameters, parsed once.
pub struct Catalog {
    params: HashMap<String, Param>,
    order: Vec<String>,
}

/// The embedded catalog.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        Catalog::from_tsv(include_str!(concat!(env!("OUT_DIR"), "/params-16xx.tsv")))
    })
}

/// Every Avaya parameter -> the product lines that use it (`params-all.tsv`).
/// Only explanations need it, so the browser build leaves it out of the wasm
/// (it is a fifth of the download) and loads it at startup with
/// [`load_product_lines`]; native builds have it built in.
static PRODUCT_LINES: OnceLock<HashMap<String, String>> = OnceLock::new();

fn parse_product_lines(all: &str) -> HashMap<String, String> {
    all.lines()
        .skip(1)
        .filter_map(|l| {
            let f = fields(l);
            Some((
                f.first()?.trim().to_ascii_uppercase(),
                f.get(1)?.trim().to_owned(),
            ))
        })
        .collect()
}

#[cfg(not(target_arch = "wasm32"))]
fn product_lines() -> Option<&'static HashMap<String, String>> {
    Some(PRODUCT_LINES.get_or_init(|| parse_product_lines(include_str!("../data/params-all.tsv"))))
}

#[cfg(target_arch = "wasm32")]
fn product_lines() -> Option<&'static HashMap<String, String>> {
    PRODUCT_LINES.get()
}

/// Gives the catalog the text of `params-all.tsv` where it is not built in.
/// Returns false when product lines were already there.
pub fn load_product_lines(tsv: &str) -> bool {
    PRODUCT_LINES.set(parse_product_lines(tsv)).is_ok()
}

/// Whether unknown parameters can be explained with the phones that use them.
pub fn product_lines_loaded() -> bool {
    product_lines().is_some()
}

/// Splits a TSV line, undoing spreadsheet quoting (`"a ""b"""` -> `a "b"`).
fn fields(line: &str) -> Vec<String> {
    line.split('\t')
        .map(
            |f| match f.strip_prefix('"').and_then(|f| f.strip_suffix('"')) {
                Some(inner) => inner.replace("\"\"", "\""),
                None => f.to_owned(),
            },
        )
        .collect()
}

fn parse_rule(kind: Kind, allowed: &str) -> Rule {
    let a = allowed.trim();
    if a == "0..9 or \"\"" {
        return Rule::DigitOrEmpty;
    }
    let range = |s: &str| -> Option<(u64, u64)> {
        let (lo, hi) = s.split_once("..")?;
        Some((lo.trim().parse().ok()?, hi.trim().parse().ok()?))
    };
    if let Some((lo, rest)) = a.split_once(' ') {
        if let Some((min, max)) = range(lo) {
            let class = if rest.starts_with("digits") {
                CharClass::Digits
            } else if rest.starts_with("alphanumeric") {
                CharClass::Alphanumeric
            } else {
                CharClass::Dialable
            };
            return Rule::Chars {
                min: min as usize,
                max: max as usize,
                class,
            };
        }
    }
    if let Some((lo, hi)) = range(a) {
        return Rule::Range(lo, hi);
    }
    if !a.is_empty() {
        return Rule::OneOf(a.split('|').map(str::to_owned).collect());
    }
    match kind {
        Kind::IpList => Rule::IpList,
        Kind::Url => Rule::HttpUrl,
        Kind::Digits => Rule::Chars {
            min: 0,
            max: usize::MAX,
            class: CharClass::Dialable,
        },
        _ => Rule::Any,
    }
}

impl Catalog {
    fn from_tsv(sixteen: &str) -> Catalog {
        let mut params = HashMap::new();
        let mut order = Vec::new();
        for line in sixteen.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let f = fields(line);
            let get = |i: usize| f.get(i).map(|s| s.trim().to_owned()).unwrap_or_default();
            let kind = match get(2).as_str() {
                "int" => Kind::Int,
                "bool" => Kind::Bool,
                "enum" => Kind::Enum,
                "digits" => Kind::Digits,
                "binary_digits" => Kind::BinaryDigits,
                "ip_list" => Kind::IpList,
                "list" => Kind::List,
                "password" => Kind::Password,
                "url" => Kind::Url,
                _ => Kind::String,
            };
            let allowed = get(3);
            let name = get(0).to_ascii_uppercase();
            let param = Param {
                name: name.clone(),
                since: get(1),
                kind,
                rule: parse_rule(kind, &allowed),
                allowed,
                default: Some(get(4)).filter(|d| !d.is_empty()),
                max_len: get(5).parse().ok(),
                summary: get(6),
            };
            order.push(name.clone());
            params.insert(name, param);
        }
        Catalog { params, order }
    }

    /// A 1600 parameter by (any-case) name.
    pub fn get(&self, name: &str) -> Option<&Param> {
        self.params
            .get(name)
            .or_else(|| self.params.get(&name.to_ascii_uppercase()))
    }

    /// All 1600 parameters in the order of the table.
    pub fn params(&self) -> impl Iterator<Item = &Param> {
        self.order.iter().filter_map(|n| self.params.get(n))
    }

    /// The product lines that use a parameter, from `params-all.tsv`.
    pub fn used_by(&self, name: &str) -> Option<&str> {
        product_lines()?
            .get(name)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }

    /// Validates `SET name value`. `name` must already be upper-case.
    pub fn check(&self, name: &str, value: &str) -> Verdict {
        if name == "GROUP" {
            return Verdict::NotSettable;
        }
        let Some(p) = self.params.get(name) else {
            return Verdict::Unknown {
                used_by: self.used_by(name).map(str::to_owned),
            };
        };
        match p.validate(value) {
            Ok(()) => Verdict::Applied,
            Err(reason) => Verdict::Invalid {
                reason: reason.to_string(),
                allowed: p.describe_allowed(),
            },
        }
    }
}

/// Whether a parameter's value is a secret to mask in the UI and reports:
/// kind password in the catalog, or a name that says so.
pub fn is_secret(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    catalog()
        .get(&upper)
        .is_some_and(|p| p.kind == Kind::Password)
        || ["PASSWORD", "PSWD", "PASSWD", "SNMPSTRING"]
            .iter()
            .any(|s| upper.contains(s))
}

impl Param {
    /// Allowed values in words, for messages.
    pub fn describe_allowed(&self) -> String {
        let len = self
            .max_len
            .map(|m| format!(", at most {m} characters"))
            .unwrap_or_default();
        match &self.rule {
            Rule::Any => format!("any text{len}"),
            Rule::Range(lo, hi) => format!("a whole number from {lo} to {hi}"),
            Rule::OneOf(v) => format!("one of {}", v.join(", ")),
            Rule::Chars { .. } => format!("{}{len}", self.allowed),
            Rule::DigitOrEmpty => "one digit 0-9, or \"\" for none".to_owned(),
            Rule::IpList => format!("comma-separated IP addresses or DNS names{len}"),
            Rule::HttpUrl => format!("an http:// URL, or \"\"{len}"),
        }
    }

    fn validate(&self, v: &str) -> Result<(), InvalidValue> {
        if let Some(max) = self.max_len {
            let n = v.chars().count();
            if n > max {
                return Err(InvalidValue::TooLong { n, max });
            }
        }
        match &self.rule {
            Rule::Any => Ok(()),
            Rule::Range(lo, hi) => {
                if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(InvalidValue::NotANumber(clip(v)));
                }
                match v.parse::<u64>() {
                    Ok(n) if (*lo..=*hi).contains(&n) => Ok(()),
                    _ => Err(InvalidValue::OutOfRange {
                        value: clip(v),
                        lo: *lo,
                        hi: *hi,
                    }),
                }
            }
            Rule::OneOf(list) => {
                if list.iter().any(|a| a == v) {
                    Ok(())
                } else {
                    Err(InvalidValue::NotAllowed(clip(v)))
                }
            }
            Rule::Chars { min, max, class } => {
                let n = v.chars().count();
                let ok_char = |c: char| match class {
                    CharClass::Digits => c.is_ascii_digit(),
                    CharClass::Dialable => c.is_ascii_digit() || c == '*' || c == '#',
                    CharClass::Alphanumeric => c.is_ascii_alphanumeric(),
                };
                if let Some(bad) = v.chars().find(|c| !ok_char(*c)) {
                    Err(InvalidValue::BadChar(bad))
                } else if n < *min || n > *max {
                    Err(InvalidValue::Length {
                        n,
                        min: *min,
                        max: *max,
                    })
                } else {
                    Ok(())
                }
            }
            Rule::DigitOrEmpty => {
                if v.is_empty() || (v.len() == 1 && v.as_bytes()[0].is_ascii_digit()) {
                    Ok(())
                } else {
                    Err(InvalidValue::NotADigit(clip(v)))
                }
            }
            Rule::IpList => {
                let bad = v.split(',').map(str::trim).find(|a| {
                    a.is_empty()
                        || !a
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || ".-_:[]".contains(c))
                });
                match bad {
                    Some(_) if v.is_empty() => Ok(()),
                    Some(a) => Err(InvalidValue::NotAnAddress(clip(a))),
                    None => Ok(()),
                }
            }
            Rule::HttpUrl => {
                if v.is_empty()
                    || v.get(..7)
                        .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
                {
                    Ok(())
                } else {
                    Err(InvalidValue::NotHttp(v.to_owned()))
                }
            }
        }
    }
}

/// Why a SET's value is refused ([`Catalog::check`]): the reason a
/// [`Verdict::Invalid`] gives, in words (values shortened by `clip`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InvalidValue {
    /// Longer than the parameter's maximum length.
    #[error("{n} characters, more than the {max} allowed")]
    TooLong {
        /// Characters given.
        n: usize,
        /// Characters allowed.
        max: usize,
    },
    /// A number parameter given something else.
    #[error("\"{0}\" is not a whole number")]
    NotANumber(String),
    /// A number outside its range.
    #[error("{value} is outside {lo}..{hi}")]
    OutOfRange {
        /// The value (shortened).
        value: String,
        /// Smallest allowed.
        lo: u64,
        /// Largest allowed.
        hi: u64,
    },
    /// Not one of an enumerated parameter's values.
    #[error("\"{0}\" is not one of the allowed values")]
    NotAllowed(String),
    /// A character outside the parameter's character class.
    #[error("the character '{0}' is not allowed")]
    BadChar(char),
    /// Too few or too many characters.
    #[error("{n} characters, not {min} to {max}")]
    Length {
        /// Characters given.
        n: usize,
        /// Fewest allowed.
        min: usize,
        /// Most allowed.
        max: usize,
    },
    /// Not one digit (or empty).
    #[error("\"{0}\" is not a single digit")]
    NotADigit(String),
    /// An entry of an address list that is no IP address or DNS name.
    #[error("\"{0}\" is not an IP address or DNS name")]
    NotAnAddress(String),
    /// A URL parameter that is not http:// (the 1600 fetches over http only).
    #[error("\"{0}\" is not an http:// URL (the 1600 uses http only)")]
    NotHttp(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(n: &str, v: &str) -> Verdict {
        catalog().check(n, v)
    }

    fn invalid(n: &str, v: &str) -> bool {
        matches!(check(n, v), Verdict::Invalid { .. })
    }

    #[test]
    fn catalog_has_every_row_of_params_16xx() {
        assert_eq!(catalog().params().count(), 68);
        let p = catalog().get("l2qvlan").unwrap();
        assert_eq!(p.kind, Kind::Int);
        assert_eq!(p.default.as_deref(), Some("0"));
    }

    #[test]
    fn spec_4_set_validation_by_kind() {
        assert_eq!(check("L2QVLAN", "20"), Verdict::Applied);
        assert!(invalid("L2QVLAN", "4095"));
        assert!(invalid("L2QVLAN", "-1"));
        assert!(invalid("L2QVLAN", ""));
        assert_eq!(check("DOT1X", "2"), Verdict::Applied);
        assert!(invalid("DOT1X", "3"));
        assert_eq!(check("OPSTAT", "101"), Verdict::Applied);
        assert!(invalid("OPSTAT", "2"));
        assert_eq!(check("PHNOL", "9"), Verdict::Applied);
        assert_eq!(check("PHNOL", ""), Verdict::Applied);
        assert!(invalid("PHNOL", "123"));
        assert_eq!(check("PHNLD", ""), Verdict::Applied);
        assert!(invalid("PHNLD", "12"));
        assert_eq!(check("PROCPSWD", "1234"), Verdict::Applied);
        assert!(invalid("PROCPSWD", "12a4"));
        assert!(invalid("PROCPSWD", "123"));
        assert_eq!(check("SNMPSTRING", "public"), Verdict::Applied);
        assert!(invalid("SNMPSTRING", "pub lic"));
        assert_eq!(
            check("MCIPADD", "10.0.0.5,cm.example.com"),
            Verdict::Applied
        );
        assert!(invalid("MCIPADD", "10.0.0.5,,x"));
        assert_eq!(check("BRURI", "http://10.0.0.9/backup"), Verdict::Applied);
        assert!(invalid("BRURI", "https://10.0.0.9/backup"));
        assert!(invalid("LANGSYS", &"x".repeat(33)));
        assert_eq!(
            check("LANGSYS", "mlf_Sage_v54_german.txt"),
            Verdict::Applied
        );
    }

    #[test]
    fn spec_4_group_is_not_settable() {
        assert_eq!(check("GROUP", "3"), Verdict::NotSettable);
    }

    #[test]
    fn spec_4_unknown_parameters_name_the_phones_that_use_them() {
        match check("SIP_CONTROLLER_LIST", "x") {
            Verdict::Unknown { used_by: Some(u) } => assert!(u.contains("J129"), "{u}"),
            v => panic!("{v:?}"),
        }
        assert_eq!(
            check("NOT_A_PARAM", "1"),
            Verdict::Unknown { used_by: None }
        );
    }

    #[test]
    fn secrets_are_recognised() {
        assert!(is_secret("PROCPSWD"));
        assert!(is_secret("SNMPSTRING"));
        assert!(is_secret("FORCE_SIP_PASSWORD"));
        assert!(!is_secret("L2QVLAN"));
    }
}
