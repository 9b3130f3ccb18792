//! Reading JSON text into a [`serde_json::Value`] without hiding anything: every duplicate key is
//! recorded, every number keeps its exact text.
//!
//! `serde_json::from_slice::<Value>` reads `{"name": "a", "name": "b"}` as `{"name": "b"}` and says
//! nothing. Readers disagree on which of the two values counts (most keep the last, some the
//! first, some refuse), so a document with a duplicate key can mean one thing to the tool that
//! checked it and another to the one that uses it: that is how a secret or an id is smuggled past
//! a reviewer. [`from_slice`] reads the same way serde_json does (the **last** value of a
//! duplicated key is the one kept, as in serde_json, JavaScript's `JSON.parse`, Go and Python, so
//! the value handed on is the one most readers would see) and also returns the
//! [`Pointer`] of every duplicate, so callers can refuse or report it.
//!
//! ```
//! use versori_model::json;
//!
//! let parsed = json::from_slice(br#"{"id": "a", "data": {"key": "x", "key": "y"}}"#).unwrap();
//! assert_eq!(parsed.value["data"]["key"], "y");
//! let at: Vec<_> = parsed.duplicates.iter().map(|p| p.as_str()).collect();
//! assert_eq!(at, ["/data/key"]);
//! assert!(parsed.into_unique().is_err());
//! ```
//!
//! Also:
//!
//! - A UTF-8 byte order mark before the text is skipped (RFC 8259 section 8.1 allows a parser
//!   to ignore it); anywhere else it is an error, as serde_json makes it.
//! - Numbers keep their exact value (serde_json's `arbitrary_precision`, which this crate
//!   enables): `18446744073709551621`, `123456789.12345679`, `-0` and `1.10` are written back as
//!   they were read. Only an exponent's spelling is normalised: `1e400` is written `1e+400`,
//!   `1E5` `1e+5`.
//! - Nesting deeper than serde_json's limit (128 arrays or objects) is an error, not a stack
//!   overflow.
//! - The key `$serde_json::private::Number` (and `$serde_json::private::RawValue`) is refused:
//!   serde_json uses it internally to carry exact numbers, and a `Value` holding it as a real key
//!   would turn into a number the next time it is read.
//!
//! Errors are [`DecodeError`]s of kind [`Syntax`](crate::DecodeErrorKind::Syntax) (or `Other`,
//! for a reserved key) with the line and column where reading stopped.
//!
//! When a duplicated key's earlier value held duplicates of its own, those are not listed: that
//! value is gone from the result, and the duplicate that replaced it is reported. So every
//! pointer in [`Parsed::duplicates`] resolves in [`Parsed::value`].

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::Pointer;
use crate::de::DecodeError;

/// serde_json's private key for an exact number (`arbitrary_precision`), as its number
/// deserializer hands it to a visitor. Stable since serde_json 1.0.0 (2017).
const NUMBER_TOKEN: &str = "$serde_json::private::Number";
/// serde_json's private key for a raw value (feature `raw_value`).
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// The UTF-8 byte order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A JSON document as read by [`from_slice`] or [`from_str`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Parsed {
    /// The document. A duplicated key holds its last value.
    pub value: Value,
    /// Where a key appeared again in the same object: the pointer of the later key (the same as
    /// the first one's), once per duplicated key, in the order of the later keys in the text.
    pub duplicates: Vec<Pointer>,
}

impl Parsed {
    /// The value, or an error naming every duplicated key.
    pub fn into_unique(self) -> Result<Value, DuplicateKeys> {
        if self.duplicates.is_empty() {
            Ok(self.value)
        } else {
            Err(DuplicateKeys::new(self.duplicates))
        }
    }
}

/// A document in which some key appears more than once in one object.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct DuplicateKeys {
    /// The duplicated keys' pointers (at least one), as in [`Parsed::duplicates`].
    pub pointers: Vec<Pointer>,
}

impl DuplicateKeys {
    /// The error for these pointers (as [`Parsed::duplicates`] lists them).
    pub fn new(pointers: Vec<Pointer>) -> Self {
        Self { pointers }
    }
}

impl fmt::Display for DuplicateKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: Vec<&str> = self
            .pointers
            .iter()
            .map(|p| if p.is_root() { "(root)" } else { p.as_str() })
            .collect();
        write!(
            f,
            "duplicate key{} {}: JSON readers disagree on which value counts",
            if shown.len() == 1 { "" } else { "s" },
            shown.join(", ")
        )
    }
}

/// Reads JSON bytes (a leading UTF-8 byte order mark is skipped), recording duplicate keys.
pub fn from_slice(bytes: &[u8]) -> Result<Parsed, DecodeError> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let parsed = read(&mut deserializer, bytes)?;
    deserializer
        .end()
        .map_err(|err| crate::de::text_error(Vec::new(), &err))?;
    Ok(parsed)
}

/// Reads JSON text (a leading byte order mark is skipped), recording duplicate keys.
pub fn from_str(text: &str) -> Result<Parsed, DecodeError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let parsed = read(&mut deserializer, text.as_bytes())?;
    deserializer
        .end()
        .map_err(|err| crate::de::text_error(Vec::new(), &err))?;
    Ok(parsed)
}

fn read<'de, R: serde_json::de::Read<'de>>(
    deserializer: &mut serde_json::Deserializer<R>,
    input: &'de [u8],
) -> Result<Parsed, DecodeError> {
    let mut state = State {
        input: Span::of(input),
        duplicates: Vec::new(),
    };
    let value = ValueSeed { state: &mut state }
        .deserialize(&mut *deserializer)
        .map_err(|err| crate::de::text_error(Vec::new(), &err))?;
    let duplicates = state
        .duplicates
        .into_iter()
        .map(|reversed| Pointer::from_tokens(reversed.iter().rev()))
        .collect();
    Ok(Parsed { value, duplicates })
}

/// Where the input text lies in memory: a key borrowed from it is a real key; serde_json's
/// number token is a `'static` string that is not.
#[derive(Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
}

impl Span {
    fn of(bytes: &[u8]) -> Self {
        let start = bytes.as_ptr() as usize;
        Self {
            start,
            end: start + bytes.len(),
        }
    }

    fn holds(self, text: &str) -> bool {
        let at = text.as_ptr() as usize;
        self.start <= at && at < self.end
    }
}

struct State {
    input: Span,
    /// Each duplicate's path so far, innermost token first: a container adds its own token
    /// (the key or index of the child that held it) as the walk comes back up. Nothing is
    /// recorded or allocated for documents without duplicates.
    duplicates: Vec<Vec<String>>,
}

impl State {
    /// Adds `token` to the paths of the duplicates found since `since` (inside one child).
    fn prefix(&mut self, since: usize, token: impl FnOnce() -> String) {
        if self.duplicates.len() > since {
            let token = token();
            for path in &mut self.duplicates[since..] {
                path.push(token.clone());
            }
        }
    }
}

/// Reads one value, with the walk's state.
struct ValueSeed<'s> {
    state: &'s mut State,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        // Reached only without `arbitrary_precision`; serde_json reads a non-finite float as null.
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    #[inline(never)] // a small deserialize_any: measurably faster (benches/parse.rs, group `parse`)
    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let state = self.state;
        let mut items = Vec::new();
        loop {
            let before = state.duplicates.len();
            match access.next_element_seed(ValueSeed { state: &mut *state })? {
                Some(item) => {
                    let index = items.len();
                    state.prefix(before, || index.to_string());
                    items.push(item);
                }
                None => return Ok(Value::Array(items)),
            }
        }
    }

    #[inline(never)]
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let state = self.state;
        let input = state.input;
        let mut key = match access.next_key_seed(KeySeed { input })? {
            None => return Ok(Value::Object(Map::new())),
            Some(Key::Number) => {
                // serde_json's exact number, handed over as a one-entry map.
                let text: String = access.next_value()?;
                return text
                    .parse::<Number>()
                    .map(Value::Number)
                    .map_err(de::Error::custom);
            }
            Some(Key::Plain(key)) => key,
        };
        let mut map = Map::new();
        // Duplicates found inside this object start here.
        let start = state.duplicates.len();
        loop {
            let before = state.duplicates.len();
            let value = access.next_value_seed(ValueSeed { state: &mut *state })?;
            match map.entry(key) {
                serde_json::map::Entry::Vacant(slot) => {
                    if state.duplicates.len() > before {
                        let token = slot.key().clone();
                        state.prefix(before, || token);
                    }
                    slot.insert(value);
                }
                serde_json::map::Entry::Occupied(mut slot) => {
                    let token = slot.key().clone();
                    state.prefix(before, || token.clone());
                    // The earlier value is gone, and with it any duplicate recorded inside it
                    // (or an earlier duplicate of this same key): one record per key.
                    let (mut at, mut end) = (start, before);
                    while at < end {
                        if state.duplicates[at].last() == Some(&token) {
                            state.duplicates.remove(at);
                            end -= 1;
                        } else {
                            at += 1;
                        }
                    }
                    // Before the duplicates inside its own value: in the order of the text.
                    state.duplicates.insert(end, vec![token]);
                    slot.insert(value);
                }
            }
            key = match access.next_key_seed(KeySeed { input })? {
                Some(Key::Plain(key)) => key,
                Some(Key::Number) => {
                    return Err(de::Error::custom("a number where an object key belongs"));
                }
                None => return Ok(Value::Object(map)),
            };
        }
    }
}

/// An object key, or serde_json's token that the "object" is an exact number.
enum Key {
    Plain(String),
    Number,
}

struct KeySeed {
    input: Span,
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl KeySeed {
    fn plain<E: de::Error>(key: &str) -> Result<(), E> {
        if key == NUMBER_TOKEN || key == RAW_VALUE_TOKEN {
            Err(E::custom(format_args!(
                "the key {key} is reserved by the JSON library and cannot be read faithfully"
            )))
        } else {
            Ok(())
        }
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key, E> {
        // A key without escapes is borrowed from the text; serde_json's number token is not.
        if key == NUMBER_TOKEN && !self.input.holds(key) {
            return Ok(Key::Number);
        }
        Self::plain(key)?;
        Ok(Key::Plain(key.to_owned()))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        // A key with escapes, decoded into a scratch buffer: always a real key.
        Self::plain(key)?;
        Ok(Key::Plain(key.to_owned()))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Key, E> {
        Self::plain(&key)?;
        Ok(Key::Plain(key))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::DecodeErrorKind;

    fn dups(text: &str) -> Vec<String> {
        from_str(text)
            .unwrap()
            .duplicates
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn reads_what_serde_json_reads() {
        for text in [
            r#"{"a": [1, -2, 3.5, true, null, "x\u00e9\n"], "b": {"c": {}}, "d": []}"#,
            "[]",
            "\"\"",
            "0",
            r#"{"": {"": [{"": 1}]}}"#,
            r#"{"a~b/c": 1, "\ud83d\ude00": 2}"#,
        ] {
            let ours = from_str(text).unwrap();
            let theirs: Value = serde_json::from_str(text).unwrap();
            assert_eq!(ours.value, theirs, "{text}");
            assert!(ours.duplicates.is_empty());
            assert_eq!(from_slice(text.as_bytes()).unwrap(), ours);
        }
    }

    #[test]
    fn keeps_the_last_value_and_names_the_later_key() {
        let parsed = from_str(r#"{"name": "a", "name": "b"}"#).unwrap();
        assert_eq!(parsed.value, json!({"name": "b"}));
        assert_eq!(dups(r#"{"name": "a", "name": "b"}"#), ["/name"]);
        assert_eq!(
            dups(r#"{"xs": [{"id": 1}, {"id": 2, "id": 3}], "a/b": {"~": 1, "~": 2}}"#),
            ["/xs/1/id", "/a~1b/~0"]
        );
        // Three times is one record.
        assert_eq!(dups(r#"{"k": 1, "k": 2, "k": 3}"#), ["/k"]);
        // Escaped spellings of one key are the same key.
        assert_eq!(dups(r#"{"k": 1, "\u006b": 2}"#), ["/k"]);
    }

    #[test]
    fn duplicates_inside_a_replaced_value_are_not_listed() {
        // The first `a` (with its own duplicate) is gone; only `/a` is reported.
        assert_eq!(dups(r#"{"a": {"x": 1, "x": 2}, "a": {}}"#), ["/a"]);
        // Inside the value that stays, they are.
        assert_eq!(dups(r#"{"a": {}, "a": {"x": 1, "x": 2}}"#), ["/a", "/a/x"]);
        let parsed = from_str(r#"{"a": [{"x": 1, "x": 2}], "b": {"a": 1, "a": 2}}"#).unwrap();
        for pointer in &parsed.duplicates {
            assert!(
                parsed.value.pointer(pointer.as_str()).is_some(),
                "{pointer}"
            );
        }
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = from_str("{\n  \"a\": 1,\n  \"b\" 2\n}").unwrap_err();
        assert_eq!(err.kind, DecodeErrorKind::Syntax);
        assert_eq!((err.line, err.column), (Some(3), Some(7)));
        assert_eq!(err.message, "expected `:`");
        assert!(from_str("[1] [2]").is_err());
        assert!(from_str("").is_err());
    }

    #[test]
    fn a_leading_byte_order_mark_is_skipped() {
        assert_eq!(from_slice(b"\xEF\xBB\xBF{}").unwrap().value, json!({}));
        assert_eq!(from_str("\u{feff}[1]").unwrap().value, json!([1]));
        assert!(from_slice(b"[\xEF\xBB\xBF1]").is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(from_str(&deep).is_err());
        let deep = "{\"a\":".repeat(10_000);
        assert!(from_str(&deep).is_err());
        let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(from_str(&fine).is_ok());
    }

    #[test]
    fn the_number_token_is_refused_as_a_key() {
        for text in [
            r#"{"$serde_json::private::Number": "1"}"#,
            r#"{"a": 1, "$serde_json::private::Number": "1"}"#,
            r#"{"\u0024serde_json::private::Number": "1"}"#,
            r#"{"$serde_json::private::RawValue": "1"}"#,
        ] {
            assert!(from_str(text).is_err(), "{text}");
        }
    }

    #[test]
    fn numbers_keep_their_text() {
        for (text, written) in [
            ("18446744073709551621", "18446744073709551621"),
            ("-18446744073709551621", "-18446744073709551621"),
            ("123456789.12345679", "123456789.12345679"),
            ("-0", "-0"),
            ("0.1", "0.1"),
            ("-0.0", "-0.0"),
            ("1.10", "1.10"),
            (
                "340282366920938463463374607431768211457",
                "340282366920938463463374607431768211457",
            ),
            // The value is kept; the exponent is spelled `e+N` / `e-N`.
            ("1e400", "1e+400"),
            ("1E5", "1e+5"),
            ("2.5e-7", "2.5e-7"),
        ] {
            let parsed = from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&parsed.value).unwrap(), written);
            let wrapped = from_str(&format!("{{\"x\": [{text}]}}")).unwrap();
            assert_eq!(
                serde_json::to_string(&wrapped.value).unwrap(),
                format!("{{\"x\":[{written}]}}")
            );
        }
    }

    #[test]
    fn duplicate_keys_display_their_pointers() {
        let err = from_str(r#"{"a": 1, "a": 2, "b": {"c": 1, "c": 2}}"#)
            .unwrap()
            .into_unique()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "duplicate keys /a, /b/c: JSON readers disagree on which value counts"
        );
    }
}
