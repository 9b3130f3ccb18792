//! What a JSON pointer names in a document, without building its JSON: the document is
//! serialized only along the pointer (a field or element off the path is skipped, never
//! serialized), so resolving a path costs about as much as the path is long.
//!
//! It answers as `serde_json::to_value(doc)?.pointer(path)` would, which the tests check over
//! every path of the bundled examples and fixtures.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;
use serde::ser::{self, Impossible};
use versori_validate::Pointer;

/// What a pointer resolves to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Found {
    /// An object or an array.
    Container,
    /// A string, number, boolean or null.
    Scalar,
}

/// What `pointer` names in `value`'s JSON, or `None` when it names nothing.
pub(crate) fn resolve<T: Serialize + ?Sized>(value: &T, pointer: &Pointer) -> Option<Found> {
    let tokens: Vec<Cow<'_, str>> = pointer.tokens().collect();
    value.serialize(Probe(&tokens)).ok().flatten()
}

/// serde_json's private name for a number kept as its text (`arbitrary_precision`): a scalar,
/// though it serializes as a one-field struct.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// An array index as `serde_json::Value::pointer` reads one (no sign, no leading zero).
fn index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
        return None;
    }
    token.parse().ok()
}

/// Only ever "this is not JSON"; a pointer that names nothing is `Ok(None)`.
#[derive(Debug)]
pub(crate) struct NotJson;

impl fmt::Display for NotJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not representable as JSON")
    }
}

impl std::error::Error for NotJson {}

impl ser::Error for NotJson {
    fn custom<T: fmt::Display>(_: T) -> Self {
        NotJson
    }
}

type Answer = Result<Option<Found>, NotJson>;

/// Serializes along `tokens` (the pointer's remaining tokens).
#[derive(Clone, Copy)]
struct Probe<'p, 't>(&'p [Cow<'t, str>]);

impl Probe<'_, '_> {
    fn scalar(self) -> Answer {
        Ok(self.0.is_empty().then_some(Found::Scalar))
    }

    /// `{variant: value}`, as serde_json writes an externally tagged variant.
    fn tagged<T: Serialize + ?Sized>(self, variant: &str, value: &T) -> Answer {
        match self.0.split_first() {
            None => Ok(Some(Found::Container)),
            Some((first, rest)) if first == variant => value.serialize(Probe(rest)),
            Some(_) => Ok(None),
        }
    }

    /// The probe for the content of a `{variant: ...}`, or `None` when the path leaves it.
    fn within(self, variant: &str) -> Option<Self> {
        match self.0.split_first() {
            Some((first, rest)) if first == variant => Some(Probe(rest)),
            _ => None,
        }
    }
}

impl<'p, 't> ser::Serializer for Probe<'p, 't> {
    type Ok = Option<Found>;
    type Error = NotJson;
    type SerializeSeq = Items<'p, 't>;
    type SerializeTuple = Items<'p, 't>;
    type SerializeTupleStruct = Items<'p, 't>;
    type SerializeTupleVariant = Items<'p, 't>;
    type SerializeMap = Entries<'p, 't>;
    type SerializeStruct = Entries<'p, 't>;
    type SerializeStructVariant = Entries<'p, 't>;

    fn serialize_bool(self, _: bool) -> Answer {
        self.scalar()
    }
    fn serialize_i8(self, _: i8) -> Answer {
        self.scalar()
    }
    fn serialize_i16(self, _: i16) -> Answer {
        self.scalar()
    }
    fn serialize_i32(self, _: i32) -> Answer {
        self.scalar()
    }
    fn serialize_i64(self, _: i64) -> Answer {
        self.scalar()
    }
    fn serialize_i128(self, _: i128) -> Answer {
        self.scalar()
    }
    fn serialize_u8(self, _: u8) -> Answer {
        self.scalar()
    }
    fn serialize_u16(self, _: u16) -> Answer {
        self.scalar()
    }
    fn serialize_u32(self, _: u32) -> Answer {
        self.scalar()
    }
    fn serialize_u64(self, _: u64) -> Answer {
        self.scalar()
    }
    fn serialize_u128(self, _: u128) -> Answer {
        self.scalar()
    }
    fn serialize_f32(self, _: f32) -> Answer {
        self.scalar()
    }
    fn serialize_f64(self, _: f64) -> Answer {
        self.scalar()
    }
    fn serialize_char(self, _: char) -> Answer {
        self.scalar()
    }
    fn serialize_str(self, _: &str) -> Answer {
        self.scalar()
    }
    fn serialize_bytes(self, bytes: &[u8]) -> Answer {
        // serde_json writes bytes as an array of numbers.
        Ok(match self.0 {
            [] => Some(Found::Container),
            [token] => index(token)
                .filter(|i| *i < bytes.len())
                .map(|_| Found::Scalar),
            _ => None,
        })
    }
    fn serialize_none(self) -> Answer {
        self.scalar()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Answer {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Answer {
        self.scalar()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Answer {
        self.scalar()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Answer {
        self.scalar()
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Answer {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Answer {
        self.tagged(variant, value)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Items<'p, 't>, NotJson> {
        Ok(Items::new(Some(self)))
    }
    fn serialize_tuple(self, len: usize) -> Result<Items<'p, 't>, NotJson> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Items<'p, 't>, NotJson> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Items<'p, 't>, NotJson> {
        let mut items = Items::new(self.within(variant));
        items.outer = self.0.is_empty();
        Ok(items)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Entries<'p, 't>, NotJson> {
        Ok(Entries::new(Some(self)))
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Entries<'p, 't>, NotJson> {
        let mut entries = Entries::new(Some(self));
        entries.number = name == NUMBER_TOKEN;
        Ok(entries)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Entries<'p, 't>, NotJson> {
        let mut entries = Entries::new(self.within(variant));
        entries.outer = self.0.is_empty();
        Ok(entries)
    }
}

/// The elements of an array; only the one the path goes through is serialized.
struct Items<'p, 't> {
    /// The probe at the array (`None`: the path does not go into it).
    at: Option<Probe<'p, 't>>,
    /// The index the path goes to next, if it is one.
    wanted: Option<usize>,
    next: usize,
    found: Option<Found>,
    /// Inside a `{variant: [...]}` the path ends at: the answer is the outer object.
    outer: bool,
}

impl<'p, 't> Items<'p, 't> {
    fn new(at: Option<Probe<'p, 't>>) -> Self {
        let wanted = at.and_then(|p| p.0.first()).and_then(|t| index(t));
        Self {
            at,
            wanted,
            next: 0,
            found: None,
            outer: false,
        }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotJson> {
        if self.wanted == Some(self.next) {
            if let Some(probe) = self.at {
                self.found = value.serialize(Probe(&probe.0[1..]))?;
            }
        }
        self.next += 1;
        Ok(())
    }

    fn finish(self) -> Answer {
        if self.outer {
            return Ok(Some(Found::Container));
        }
        Ok(match self.at {
            Some(probe) if probe.0.is_empty() => Some(Found::Container),
            _ => self.found,
        })
    }
}

impl ser::SerializeSeq for Items<'_, '_> {
    type Ok = Option<Found>;
    type Error = NotJson;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotJson> {
        self.element(value)
    }
    fn end(self) -> Answer {
        self.finish()
    }
}

impl ser::SerializeTuple for Items<'_, '_> {
    type Ok = Option<Found>;
    type Error = NotJson;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotJson> {
        self.element(value)
    }
    fn end(self) -> Answer {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for Items<'_, '_> {
    type Ok = Option<Found>;
    type Error = NotJson;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotJson> {
        self.element(value)
    }
    fn end(self) -> Answer {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for Items<'_, '_> {
    type Ok = Option<Found>;
    type Error = NotJson;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotJson> {
        self.element(value)
    }
    fn end(self) -> Answer {
        self.finish()
    }
}

/// The entries of an object; only the value of the key the path goes through is serialized
/// (the last one, when a key comes twice, as a `Value` keeps the last).
struct Entries<'p, 't> {
    /// The probe at the object (`None`: the path does not go into it).
    at: Option<Probe<'p, 't>>,
    /// Whether the last key read is the one the path goes to next.
    on_path: bool,
    found: Option<Found>,
    /// serde_json's number struct: a scalar.
    number: bool,
    /// Inside a `{variant: {...}}` the path ends at: the answer is the outer object.
    outer: bool,
}

impl<'p, 't> Entries<'p, 't> {
    fn new(at: Option<Probe<'p, 't>>) -> Self {
        Self {
            at,
            on_path: false,
            found: None,
            number: false,
            outer: false,
        }
    }

    fn wanted(&self) -> Option<&str> {
        self.at.and_then(|p| p.0.first()).map(|t| t.as_ref())
    }

    fn entry<T: Serialize + ?Sized>(&mut self, on_path: bool, value: &T) -> Result<(), NotJson> {
        if let (true, Some(probe)) = (on_path, self.at) {
            self.found = value.serialize(Probe(&probe.0[1..]))?;
        }
        Ok(())
    }

    fn finish(self) -> Answer {
        if self.outer {
            return Ok(Some(Found::Container));
        }
        match self.at {
            Some(probe) if self.number => probe.scalar(),
            Some(probe) if probe.0.is_empty() => Ok(Some(Found::Container)),
            _ => Ok(self.found),
        }
    }
}

impl ser::SerializeMap for Entries<'_, '_> {
    type Ok = Option<Found>;
    type Error = NotJson;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), NotJson> {
        self.on_path = match self.wanted() {
            Some(wanted) => key.serialize(KeyIs(wanted))?,
            None => false,
        };
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotJson> {
        self.entry(self.on_path, value)
    }
    fn end(self) -> Answer {
        self.finish()
    }
}

impl ser::SerializeStruct for Entries<'_, '_> {
    type Ok = Option<Found>;
    type Error = NotJson;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), NotJson> {
        let on_path = !self.number && self.wanted() == Some(key);
        self.entry(on_path, value)
    }
    fn end(self) -> Answer {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Entries<'_, '_> {
    type Ok = Option<Found>;
    type Error = NotJson;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), NotJson> {
        let on_path = self.wanted() == Some(key);
        self.entry(on_path, value)
    }
    fn end(self) -> Answer {
        self.finish()
    }
}

/// Whether a map key, written as serde_json writes keys, is the wanted token.
struct KeyIs<'w>(&'w str);

impl ser::Serializer for KeyIs<'_> {
    type Ok = bool;
    type Error = NotJson;
    type SerializeSeq = Impossible<bool, NotJson>;
    type SerializeTuple = Impossible<bool, NotJson>;
    type SerializeTupleStruct = Impossible<bool, NotJson>;
    type SerializeTupleVariant = Impossible<bool, NotJson>;
    type SerializeMap = Impossible<bool, NotJson>;
    type SerializeStruct = Impossible<bool, NotJson>;
    type SerializeStructVariant = Impossible<bool, NotJson>;

    fn serialize_str(self, key: &str) -> Result<bool, NotJson> {
        Ok(key == self.0)
    }
    fn serialize_char(self, key: char) -> Result<bool, NotJson> {
        let mut buf = [0; 4];
        Ok(key.encode_utf8(&mut buf) == self.0)
    }
    fn serialize_bool(self, key: bool) -> Result<bool, NotJson> {
        Ok(key.to_string() == self.0)
    }
    fn serialize_i8(self, key: i8) -> Result<bool, NotJson> {
        Ok(key.to_string() == self.0)
    }
    fn serialize_i16(self, key: i16) -> Result<bool, NotJson> {
        Ok(key.to_string() == self.0)
    }
    fn serialize_i32(self, key: i32) -> Result<bool, NotJson> {
        Ok(key.to_string() == self.0)
    }
    fn serialize_i64(self, key: i64) -> Result<bool, NotJson> {
        Ok(key.to_string() == self.0)
    }
    fn serialize_i128(self, key: i128) -> Result<bool, NotJson> {
        Ok(key.to_string() == self.0)
    }
    fn serialize_u8(self, key: u8) -> Result<bool, NotJson> {
        Ok(key.to_string() == self.0)
    }
    fn serialize_u16(self, key: u16) -> Result<bool, NotJson> {
        Ok(key.to_string() == self.0)
    }
    fn serialize_u32(self, key: u32) -> Result<bool, NotJson> {
        Ok(key.to_string() == self.0)
    }
    fn serialize_u64(self, key: u64) -> Result<bool, NotJson> {
        Ok(key.to_string() == self.0)
    }
    fn serialize_u128(self, key: u128) -> Result<bool, NotJson> {
        Ok(key.to_string() == self.0)
    }
    fn serialize_f32(self, _: f32) -> Result<bool, NotJson> {
        Err(NotJson)
    }
    fn serialize_f64(self, _: f64) -> Result<bool, NotJson> {
        Err(NotJson)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<bool, NotJson> {
        Err(NotJson)
    }
    fn serialize_none(self) -> Result<bool, NotJson> {
        Err(NotJson)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<bool, NotJson> {
        Err(NotJson)
    }
    fn serialize_unit(self) -> Result<bool, NotJson> {
        Err(NotJson)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<bool, NotJson> {
        Err(NotJson)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<bool, NotJson> {
        Ok(variant == self.0)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<bool, NotJson> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<bool, NotJson> {
        Err(NotJson)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotJson> {
        Err(NotJson)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotJson> {
        Err(NotJson)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, NotJson> {
        Err(NotJson)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NotJson> {
        Err(NotJson)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotJson> {
        Err(NotJson)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, NotJson> {
        Err(NotJson)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NotJson> {
        Err(NotJson)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;
    use versori_model::{Document, Hint};

    use super::*;

    /// Every path of `value`, and for each a few that name nothing.
    fn paths(value: &Value, at: &mut Pointer, out: &mut Vec<Pointer>) {
        out.push(at.clone());
        out.push(at.join("no-such-key"));
        out.push(at.join("00"));
        out.push(at.join("+1"));
        out.push(at.join("999"));
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    at.with(key.as_str(), |at| paths(child, at, out));
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    at.with(i, |at| paths(child, at, out));
                }
            }
            _ => {}
        }
    }

    fn answer(value: &Value, path: &Pointer) -> Option<Found> {
        value.pointer(path.as_str()).map(|v| match v {
            Value::Object(_) | Value::Array(_) => Found::Container,
            _ => Found::Scalar,
        })
    }

    #[test]
    fn resolves_every_path_as_the_json_does() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let mut checked = 0;
        for dir in ["examples/v1alpha1", "examples/v1", "examples/v2"] {
            for entry in std::fs::read_dir(format!("{root}/{dir}")).expect("examples") {
                let path = entry.expect("entry").path();
                let text = std::fs::read_to_string(&path).expect("readable");
                let Ok(value) = serde_json::from_str::<Value>(&text) else {
                    continue;
                };
                let Ok(doc) = Document::read_as(value, Hint::default()) else {
                    continue;
                };
                let json = doc.to_value().expect("serializes");
                let mut all = Vec::new();
                paths(&json, &mut Pointer::root(), &mut all);
                for pointer in &all {
                    assert_eq!(
                        resolve(&doc, pointer),
                        answer(&json, pointer),
                        "{} {pointer}",
                        path.display()
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 1_000, "only {checked} paths checked");
    }

    #[test]
    fn numbers_kept_as_text_are_scalars() {
        let value: Value =
            serde_json::from_str(r#"{"a": 18446744073709551621, "b": [1.5, {"c": -0}]}"#)
                .expect("JSON");
        let mut all = Vec::new();
        paths(&value, &mut Pointer::root(), &mut all);
        for pointer in &all {
            assert_eq!(
                resolve(&value, pointer),
                answer(&value, pointer),
                "{pointer}"
            );
        }
    }
}
