//! The stable names serde gives enum variants ("not-verified", "registered"),
//! read without building a JSON value: the browser build would otherwise
//! carry serde_json's whole `Value` machinery (about 5 KB gzipped) just for
//! these names.

use serde::ser::{self, Impossible, Serialize, SerializeStruct, Serializer};

/// The name of a unit variant, or the tag field `tag` of an internally
/// tagged enum; empty for anything else.
pub fn variant_name<T: Serialize + ?Sized>(v: &T, tag: &str) -> String {
    v.serialize(NameOnly { tag }).unwrap_or_default()
}

#[derive(Debug, thiserror::Error)]
#[error("not a variant name")]
struct NotAName;

impl ser::Error for NotAName {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        NotAName
    }
}

struct NameOnly<'t> {
    tag: &'t str,
}

/// Finds the tag field of an internally tagged enum's struct.
struct TagField<'t> {
    tag: &'t str,
    found: Option<String>,
}

impl SerializeStruct for TagField<'_> {
    type Ok = String;
    type Error = NotAName;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), NotAName> {
        if self.found.is_none() && key == self.tag {
            self.found = value.serialize(NameOnly { tag: "" }).ok();
        }
        Ok(())
    }

    fn end(self) -> Result<String, NotAName> {
        self.found.ok_or(NotAName)
    }
}

macro_rules! not_a_name {
    ($($f:ident: $t:ty),* $(,)?) => {
        $(fn $f(self, _: $t) -> Result<String, NotAName> { Err(NotAName) })*
    };
}

impl<'t> Serializer for NameOnly<'t> {
    type Ok = String;
    type Error = NotAName;
    type SerializeSeq = Impossible<String, NotAName>;
    type SerializeTuple = Impossible<String, NotAName>;
    type SerializeTupleStruct = Impossible<String, NotAName>;
    type SerializeTupleVariant = Impossible<String, NotAName>;
    type SerializeMap = Impossible<String, NotAName>;
    type SerializeStruct = TagField<'t>;
    type SerializeStructVariant = Impossible<String, NotAName>;

    not_a_name!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64,
        serialize_f32: f32, serialize_f64: f64, serialize_char: char, serialize_bytes: &[u8],
        serialize_unit_struct: &'static str,
    );

    fn serialize_str(self, v: &str) -> Result<String, NotAName> {
        Ok(v.to_owned())
    }
    fn serialize_none(self) -> Result<String, NotAName> {
        Err(NotAName)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<String, NotAName> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, NotAName> {
        Err(NotAName)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, NotAName> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<String, NotAName> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, NotAName> {
        Err(NotAName)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotAName> {
        Err(NotAName)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotAName> {
        Err(NotAName)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, NotAName> {
        Err(NotAName)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NotAName> {
        Err(NotAName)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotAName> {
        Err(NotAName)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<TagField<'t>, NotAName> {
        Ok(TagField {
            tag: self.tag,
            found: None,
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NotAName> {
        Err(NotAName)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::{CheckStatus, Decision, Outcome, Slot};
    use crate::{Code, Severity};

    #[test]
    fn names_match_what_serde_json_writes() {
        assert_eq!(variant_name(&CheckStatus::NotVerified, ""), "not-verified");
        assert_eq!(variant_name(&Severity::Warning, ""), "warning");
        assert_eq!(
            variant_name(&Code::UnknownParameter, ""),
            "unknown-parameter"
        );
        assert_eq!(variant_name(&Outcome::Registered, "outcome"), "registered");
        let r = Outcome::RestartLoop {
            restarts: 3,
            reason: "x".into(),
        };
        assert_eq!(variant_name(&r, "outcome"), "restart-loop");
        let d = Decision::Skip {
            name: "a".into(),
            slot: Slot::Application,
        };
        assert_eq!(variant_name(&d, "decision"), "skip");
        for v in [
            CheckStatus::Pass,
            CheckStatus::Fail,
            CheckStatus::Skipped,
            CheckStatus::NotVerified,
        ] {
            assert_eq!(
                format!("\"{}\"", variant_name(&v, "")),
                serde_json::to_string(&v).unwrap()
            );
        }
        // Not a unit variant, nor tagged: no name.
        assert_eq!(variant_name(&3u32, ""), "");
    }
}
