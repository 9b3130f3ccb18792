//! Decoding with a JSON Pointer to what failed.
//!
//! Plain `serde_json::from_*` works on every model type, but its errors say only *what* went
//! wrong. [`from_value`] and [`from_str`] also say *where*, as an RFC 6901 pointer over the
//! document's JSON names (plus line and column when decoding text), so validation and the CLI can
//! report decode failures like any other problem.
//!
//! Tagged unions whose tag may come after the body (`schemeType`, `grantType`, a credential's
//! `type` deciding its `data`) are decoded in two steps: the object is read whole, then the
//! variant is decoded from it. The second step is a separate serde call, so the path tracked by
//! `serde_path_to_error` stops at the union. A crate-internal helper, `nested`, records the rest
//! of the path in a thread-local while the error travels up, and the entry points join the two
//! halves.

use std::cell::RefCell;

use serde::de::{DeserializeOwned, Error as _};
use serde_json::{Map, Value};

use crate::Pointer;

thread_local! {
    /// Path segments below the innermost union that failed, most outer first.
    static INNER_PATH: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// What kind of problem stopped a document from decoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The text is not JSON (or ends early).
    Syntax,
    /// A required field is absent; the pointer names the missing key.
    Missing,
    /// A value has the wrong JSON type (e.g. a number where a string belongs).
    InvalidType,
    /// A value has the right type but cannot be accepted.
    InvalidValue,
    /// Anything else serde reported.
    Other,
}

/// A document that does not decode into its model type, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", if pointer.is_root() { "(document root)" } else { pointer.as_str() })]
#[non_exhaustive]
pub struct DecodeError {
    /// The failing value (for [`DecodeErrorKind::Missing`], the missing key).
    pub pointer: Pointer,
    /// What went wrong.
    pub kind: DecodeErrorKind,
    /// serde's description, without position.
    pub message: String,
    /// 1-based line in the source text, when decoding text.
    pub line: Option<usize>,
    /// 1-based column in the source text, when decoding text.
    pub column: Option<usize>,
}

fn segments(path: &serde_path_to_error::Path) -> impl Iterator<Item = String> + '_ {
    use serde_path_to_error::Segment;
    path.iter().filter_map(|segment| match segment {
        Segment::Seq { index } => Some(index.to_string()),
        Segment::Map { key } => Some(key.clone()),
        Segment::Enum { variant } => Some(variant.clone()),
        Segment::Unknown => None,
    })
}

fn take_inner() -> Vec<String> {
    INNER_PATH.with(|inner| std::mem::take(&mut *inner.borrow_mut()))
}

/// Decodes `value` as `T` inside another type's `Deserialize`, keeping the path of a failure.
///
/// `prefix` is the path from the current object to `value` (e.g. `["data"]` for a credential's
/// data); serde's own path tracking covers everything above the current object.
pub(crate) fn nested<T: DeserializeOwned, E: serde::de::Error>(
    value: Value,
    prefix: &[&str],
) -> Result<T, E> {
    // Path tracking wraps every visitor; pay for it only when there is an error to locate.
    if let Ok(decoded) = T::deserialize(&value) {
        return Ok(decoded);
    }
    // The failed attempt may have recorded a path below; the tracked re-run records it again.
    take_inner();
    serde_path_to_error::deserialize::<_, T>(value).map_err(|err| {
        let deeper = take_inner();
        let path: Vec<String> = prefix
            .iter()
            .map(|s| (*s).to_owned())
            .chain(segments(err.path()))
            .chain(deeper)
            .collect();
        INNER_PATH.with(|inner| *inner.borrow_mut() = path);
        E::custom(err.into_inner())
    })
}

/// Reads an object and its string tag `tag`; the map still holds the tag.
pub(crate) fn tagged_object<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
    tag: &'static str,
) -> Result<(String, Map<String, Value>), D::Error> {
    let map = Map::<String, Value>::deserialize(deserializer)?;
    match map.get(tag) {
        Some(Value::String(value)) => Ok((value.clone(), map)),
        Some(other) => {
            INNER_PATH.with(|inner| *inner.borrow_mut() = vec![tag.to_owned()]);
            Err(D::Error::invalid_type(unexpected(other), &"a string"))
        }
        None => Err(D::Error::missing_field(tag)),
    }
}

/// Decodes one variant of a tagged union from its object, after removing the tag.
pub(crate) fn variant<T: DeserializeOwned, E: serde::de::Error>(
    mut map: Map<String, Value>,
    tag: &str,
) -> Result<T, E> {
    map.remove(tag);
    nested(Value::Object(map), &[])
}

fn unexpected(value: &Value) -> serde::de::Unexpected<'_> {
    use serde::de::Unexpected;
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(_) => Unexpected::Other("a number"),
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

use serde::Deserialize as _;

/// Removes the input values serde quotes in its messages (``invalid type: integer `42`,
/// expected a string`` becomes `invalid type: integer, expected a string`), so that a wrongly
/// typed secret never reaches a log or a report.
fn without_values(message: String) -> String {
    let (head, tail) = match message.find(", expected") {
        Some(at) => message.split_at(at),
        None => (message.as_str(), ""),
    };
    if !head.contains('`') {
        return message;
    }
    let mut out = String::with_capacity(message.len());
    let mut quoted = false;
    for ch in head.chars() {
        match ch {
            '`' => quoted = !quoted,
            _ if !quoted => out.push(ch),
            _ => {}
        }
    }
    let out = out.replace(" ,", ",").trim_end().to_owned();
    out + tail
}

fn build_error(
    outer: Vec<String>,
    message: String,
    syntax: bool,
    line: Option<usize>,
    column: Option<usize>,
) -> DecodeError {
    let mut tokens = outer;
    tokens.extend(take_inner());
    let kind = if syntax {
        DecodeErrorKind::Syntax
    } else if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        tokens.push(field.to_owned());
        DecodeErrorKind::Missing
    } else if message.starts_with("invalid type") {
        DecodeErrorKind::InvalidType
    } else if message.starts_with("invalid value") || message.starts_with("unknown variant") {
        DecodeErrorKind::InvalidValue
    } else {
        DecodeErrorKind::Other
    };
    let message = if kind == DecodeErrorKind::Missing {
        message
    } else {
        without_values(message)
    };
    let pointer = Pointer::from_tokens(&tokens);
    DecodeError {
        pointer,
        kind,
        message,
        line,
        column,
    }
}

/// serde_json's `Display` appends " at line L column C"; the position is reported separately.
fn strip_position(message: String) -> String {
    match message.rfind(" at line ") {
        Some(at) if message[at..].contains(" column ") => message[..at].to_owned(),
        _ => message,
    }
}

/// Decodes a JSON value as `T`, reporting the pointer of the first failure.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, DecodeError> {
    take_inner();
    serde_path_to_error::deserialize::<_, T>(value).map_err(|err| {
        let message = strip_position(err.inner().to_string());
        build_error(segments(err.path()).collect(), message, false, None, None)
    })
}

/// Decodes JSON bytes as `T`, reporting the pointer, line and column of the first failure.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    take_inner();
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize::<_, T>(&mut deserializer)
        .map_err(|err| text_error(segments(err.path()).collect(), err.inner()))?;
    deserializer
        .end()
        .map_err(|err| text_error(Vec::new(), &err))?;
    Ok(value)
}

/// Decodes JSON text as `T`, reporting the pointer, line and column of the first failure.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, DecodeError> {
    take_inner();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize::<_, T>(&mut deserializer)
        .map_err(|err| text_error(segments(err.path()).collect(), err.inner()))?;
    deserializer
        .end()
        .map_err(|err| text_error(Vec::new(), &err))?;
    Ok(value)
}

pub(crate) fn text_error(path: Vec<String>, inner: &serde_json::Error) -> DecodeError {
    let syntax = inner.is_syntax() || inner.is_eof();
    let message = strip_position(inner.to_string());
    let (line, column) = match inner.line() {
        0 => (None, None),
        line => (Some(line), Some(inner.column())),
    };
    build_error(path, message, syntax, line, column)
}

/// Reads a field that is required but nullable (`publishedAt`).
///
/// serde reads a missing `Option` field as `None`; with a `deserialize_with` it does not, so an
/// absent key is a `missing field` error while `null` still reads as `None`.
pub(crate) fn required_nullable<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer)
}
