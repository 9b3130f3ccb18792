//! Decoding with a JSON Pointer to what failed.
//!
//! Plain `serde_json::from_*` works on every model type, but its errors say only *what* went
//! wrong. [`from_value`] and [`from_str`] also say *where*, as an RFC 6901 pointer over the
//! document's JSON names (plus line and column when decoding text), so validation and the CLI can
//! report decode failures like any other problem.
//!
//! Tagged unions whose tag may come after the body (`schemeType`, `grantType`, a credential's
//! `type` deciding its `data`) are decoded in two steps when a failure must be located: the
//! object is read whole, then the variant is decoded from it. The second step is a separate
//! serde call, so the path tracked by `serde_path_to_error` stops at the union. A
//! crate-internal helper, `nested`, records the rest of the path in a thread-local while the
//! error travels up, and the entry points join the two halves. Every other decode (where a
//! failure is only a "no", as on the stream fast path) streams `schemeType` and `grantType`
//! unions instead: the keys before the tag are kept, and the variant decodes from them and then
//! straight from the rest of the object, which is never buffered. Both give the same document,
//! which a property test checks with numbers only exact decoding keeps placed before the tag.
//!
//! # Exact numbers
//!
//! The models keep unknown keys in flattened `extra` maps, and serde reads a struct with a
//! flattened field (and every untagged or internally tagged enum) through a buffer of its own.
//! serde_json's `&Value` deserializer hands that buffer a number the way it best fits: `-0` as the
//! integer `0`, an integer beyond 64 bits as a `u128`, which the buffer cannot hold (the document
//! fails to decode). Everything here, and [`Document`](crate::Document)'s decoding, reads a
//! `Value` through a deserializer that hands numbers over as serde_json's own parser does with
//! `arbitrary_precision`: plain 64-bit integers as integers, every other number as its exact
//! text. So a number in an unknown key comes out as it went in. Decode model types from a
//! `Value` with [`from_value`], not `serde_json::from_value`, to keep that.

use std::cell::RefCell;

use serde::de::{DeserializeOwned, DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

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
    if let Ok(decoded) = T::deserialize(Exact(&value)) {
        return Ok(decoded);
    }
    // The failed attempt may have recorded a path below; the tracked re-run records it again.
    take_inner();
    let _tracking = Tracking::start();
    serde_path_to_error::deserialize::<_, T>(Exact(&value)).map_err(|err| {
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

thread_local! {
    /// Whether a path-tracking decode ([`from_value`], [`from_slice`], [`from_str`] and the
    /// tracked run of `nested`) is under way on this thread.
    static TRACKING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Marks a path-tracking decode for as long as it lives (nesting restores the outer state).
struct Tracking(bool);

impl Tracking {
    fn start() -> Self {
        Self(TRACKING.with(|tracking| tracking.replace(true)))
    }
}

impl Drop for Tracking {
    fn drop(&mut self) {
        TRACKING.with(|tracking| tracking.set(self.0));
    }
}

/// A tagged union whose tag may come anywhere in its object (see [`union`]).
pub(crate) trait Union: Sized {
    /// The tag's key.
    const TAG: &'static str;

    /// The variant `tag` names, decoded from `body` (the object without its tag); an unknown
    /// tag keeps the whole object ([`Body::into_map`]).
    fn variant<'de, B: Body<'de>>(tag: &str, body: B) -> Result<Self, B::Error>;
}

/// The object of a tagged union, once its tag is known.
pub(crate) trait Body<'de> {
    /// The decoder's error.
    type Error: serde::de::Error;

    /// The object without its tag, decoded as `T`.
    fn decode<T: DeserializeOwned>(self) -> Result<T, Self::Error>;

    /// The whole object, tag included.
    fn into_map(self) -> Result<Map<String, Value>, Self::Error>;
}

/// Decodes a tagged union.
///
/// Outside a path-tracking decode (that is, wherever an error is only a "no"), the object is
/// streamed: the keys before the tag are kept as values, and once the tag is read the variant
/// decodes from them and then straight from the rest of the object, with no buffering of it
/// (a second key equal to the tag is an error). A path-tracking decode reads the object whole
/// first ([`tagged_object`]), so that a failure is located exactly as it always was. Both give
/// the same document for every object that decodes, which the fast-path properties check
/// (tracked decoding is the ordinary path, streaming the fast one).
pub(crate) fn union<'de, D: serde::Deserializer<'de>, U: Union>(
    deserializer: D,
) -> Result<U, D::Error> {
    if TRACKING.with(std::cell::Cell::get) {
        let (tag, map) = tagged_object(deserializer, U::TAG)?;
        return U::variant(
            &tag,
            Buffered {
                map,
                tag: U::TAG,
                error: std::marker::PhantomData::<D::Error>,
            },
        );
    }
    deserializer.deserialize_map(UnionVisitor::<U>(std::marker::PhantomData))
}

/// [`Body`] over an object read whole.
struct Buffered<E> {
    map: Map<String, Value>,
    tag: &'static str,
    error: std::marker::PhantomData<E>,
}

impl<'de, E: serde::de::Error> Body<'de> for Buffered<E> {
    type Error = E;

    fn decode<T: DeserializeOwned>(self) -> Result<T, E> {
        variant(self.map, self.tag)
    }

    fn into_map(self) -> Result<Map<String, Value>, E> {
        Ok(self.map)
    }
}

struct UnionVisitor<U>(std::marker::PhantomData<U>);

impl<'de, U: Union> Visitor<'de> for UnionVisitor<U> {
    type Value = U;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "an object with a string `{}`", U::TAG)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<U, A::Error> {
        let mut before: Vec<(String, Value)> = Vec::new();
        // Whether every value before the tag replays exactly through serde_json's own `Value`
        // deserializer (the entries after the tag are never buffered).
        let mut replayable = true;
        let tag = loop {
            let Some(key) = map.next_key::<String>()? else {
                return Err(A::Error::missing_field(U::TAG));
            };
            let value: Value = map.next_value()?;
            if key != U::TAG {
                replayable &= replays_exactly(&value);
                before.push((key, value));
                continue;
            }
            match value {
                Value::String(tag) => break tag,
                other => return Err(A::Error::invalid_type(unexpected(&other), &"a string")),
            }
        };
        if !replayable {
            // A number that only `Exact` hands over as it is: read the rest whole and decode
            // the variant as the buffered route does.
            let mut whole: Map<String, Value> = before.into_iter().collect();
            whole.insert(U::TAG.to_owned(), Value::String(tag.clone()));
            while let Some((key, value)) = map.next_entry::<String, Value>()? {
                whole.insert(key, value);
            }
            return U::variant(
                &tag,
                Buffered {
                    map: whole,
                    tag: U::TAG,
                    error: std::marker::PhantomData::<A::Error>,
                },
            );
        }
        U::variant(
            &tag,
            Streamed {
                before: before.into_iter(),
                pending: None,
                rest: map,
                tag: U::TAG,
                value: tag.clone(),
            },
        )
    }
}

/// Whether serde_json's owned `Value` deserializer hands `value` over as [`Exact`] does: it
/// holds no number but plain 64-bit integers (`-0`, fractions, exponents and wider integers are
/// only exact through [`Exact`]).
fn replays_exactly(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(_) | Value::String(_) => true,
        Value::Number(number) => {
            // Plain: the integer's own spelling (so no `-0`, `1.0`, `1e2` or `+1`).
            let text = number.as_str();
            number.as_i64().is_some_and(|n| n.to_string() == text)
                || number.as_u64().is_some_and(|n| n.to_string() == text)
        }
        Value::Array(items) => items.iter().all(replays_exactly),
        Value::Object(map) => map.values().all(replays_exactly),
    }
}

/// [`Body`] over an object being read: the entries before the tag, then the rest.
struct Streamed<A> {
    before: std::vec::IntoIter<(String, Value)>,
    /// The value of the entry of `before` whose key was just read.
    pending: Option<Value>,
    rest: A,
    tag: &'static str,
    /// The tag's value (for [`Body::into_map`]).
    value: String,
}

impl<'de, A: MapAccess<'de>> Body<'de> for Streamed<A> {
    type Error = A::Error;

    fn decode<T: DeserializeOwned>(self) -> Result<T, A::Error> {
        T::deserialize(serde::de::value::MapAccessDeserializer::new(self))
    }

    fn into_map(mut self) -> Result<Map<String, Value>, A::Error> {
        let mut map: Map<String, Value> = self.before.by_ref().collect();
        map.insert(self.tag.to_owned(), Value::String(self.value));
        while let Some((key, value)) = self.rest.next_entry::<String, Value>()? {
            map.insert(key, value);
        }
        Ok(map)
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Streamed<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        use serde::de::IntoDeserializer as _;
        if let Some((key, value)) = self.before.next() {
            self.pending = Some(value);
            return seed.deserialize(key.into_deserializer()).map(Some);
        }
        self.rest.next_key_seed(NotTag {
            seed,
            tag: self.tag,
        })
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.pending.take() {
            Some(value) => seed.deserialize(value).map_err(A::Error::custom),
            None => self.rest.next_value_seed(seed),
        }
    }
}

/// A key seed that refuses the union's tag a second time.
struct NotTag<K> {
    seed: K,
    tag: &'static str,
}

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for NotTag<K> {
    type Value = K::Value;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<K::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, K: DeserializeSeed<'de>> Visitor<'de> for NotTag<K> {
    type Value = K::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<K::Value, E> {
        if key == self.tag {
            return Err(E::duplicate_field(self.tag));
        }
        self.seed
            .deserialize(serde::de::value::StrDeserializer::<E>::new(key))
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, key: &'de str) -> Result<K::Value, E> {
        if key == self.tag {
            return Err(E::duplicate_field(self.tag));
        }
        self.seed
            .deserialize(serde::de::value::BorrowedStrDeserializer::<E>::new(key))
    }

    fn visit_string<E: serde::de::Error>(self, key: String) -> Result<K::Value, E> {
        self.visit_str(&key)
    }
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
    if !head.contains(['`', '"']) {
        return message;
    }
    // serde quotes values with backticks (``integer `42` ``) and strings with double quotes
    // (`string "hunter2"`, escaped as Rust's `{:?}` would): drop both, minding escapes.
    let mut out = String::with_capacity(message.len());
    let mut quote: Option<char> = None;
    let mut chars = head.chars();
    while let Some(ch) = chars.next() {
        match (quote, ch) {
            (Some(_), '\\') => {
                chars.next();
            }
            (Some(open), _) if ch == open => quote = None,
            (Some(_), _) => {}
            (None, '`' | '"') => quote = Some(ch),
            (None, _) => out.push(ch),
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
    // A missing field's message names the field; a syntax error's quotes the grammar it wanted
    // (expected `:`), never the input. Every other message may quote a value.
    let message = match kind {
        DecodeErrorKind::Missing | DecodeErrorKind::Syntax => message,
        _ => without_values(message),
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
///
/// Numbers keep their exact text (see [the module docs](self#exact-numbers)), which
/// `serde_json::from_value` does not promise for the models.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, DecodeError> {
    take_inner();
    if let Ok(decoded) = T::deserialize(Exact(&value)) {
        return Ok(decoded);
    }
    take_inner();
    let _tracking = Tracking::start();
    serde_path_to_error::deserialize::<_, T>(Exact(&value)).map_err(|err| {
        let message = strip_position(err.inner().to_string());
        build_error(segments(err.path()).collect(), message, false, None, None)
    })
}

/// Decodes JSON bytes as `T`, reporting the pointer, line and column of the first failure.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    take_inner();
    let _tracking = Tracking::start();
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
    let _tracking = Tracking::start();
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

/// A borrowed [`Value`] as a deserializer that hands numbers over exactly (see
/// [the module docs](self#exact-numbers)); otherwise it behaves as serde_json's `&Value`.
#[derive(Clone, Copy)]
pub(crate) struct Exact<'a>(pub(crate) &'a Value);

/// serde_json's private map key for a number carried as its text (`arbitrary_precision`).
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

impl<'de> Exact<'de> {
    /// The error for a value of the wrong type, as serde_json words it.
    fn invalid<V: Visitor<'de>>(self, visitor: &V) -> serde_json::Error {
        serde_json::Error::invalid_type(unexpected(self.0), visitor)
    }

    /// A method that wants a particular type: a number is the wrong type for it (and is not
    /// offered as serde_json's number map, whose error would say "map").
    fn not_a_number<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
        match self.0 {
            Value::Number(_) => Err(self.invalid(&visitor)),
            _ => serde::Deserializer::deserialize_any(self, visitor),
        }
    }
}

fn visit_number<'de, V: Visitor<'de>>(
    number: &'de Number,
    visitor: V,
) -> Result<V::Value, serde_json::Error> {
    let text = number.as_str();
    if let Ok(unsigned) = text.parse::<u64>() {
        return visitor.visit_u64(unsigned);
    }
    if text != "-0" {
        if let Ok(signed) = text.parse::<i64>() {
            return visitor.visit_i64(signed);
        }
    }
    visitor.visit_map(NumberText(Some(text)))
}

/// A number as serde_json's parser hands it over: a one-entry map from its token to the text.
struct NumberText<'de>(Option<&'de str>);

impl<'de> MapAccess<'de> for NumberText<'de> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        match self.0 {
            Some(_) => seed.deserialize(str_de(NUMBER_TOKEN)).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        match self.0.take() {
            Some(text) => seed.deserialize(str_de(text)),
            None => Err(serde_json::Error::custom("a number has one value")),
        }
    }
}

fn str_de(text: &str) -> serde::de::value::BorrowedStrDeserializer<'_, serde_json::Error> {
    serde::de::value::BorrowedStrDeserializer::new(text)
}

struct Items<'de>(std::slice::Iter<'de, Value>);

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = serde_json::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        self.0
            .next()
            .map(|item| seed.deserialize(Exact(item)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Entries<'de> {
    entries: serde_json::map::Iter<'de>,
    value: Option<&'de Value>,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(str_de(key)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(Exact(value)),
            None => Err(serde_json::Error::custom(
                "a map value was asked for before its key",
            )),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

fn visit_items<'de, V: Visitor<'de>>(
    items: &'de [Value],
    visitor: V,
) -> Result<V::Value, serde_json::Error> {
    let mut access = Items(items.iter());
    let out = visitor.visit_seq(&mut access)?;
    match access.0.len() {
        0 => Ok(out),
        _ => Err(serde_json::Error::invalid_length(
            items.len(),
            &"fewer elements in array",
        )),
    }
}

fn visit_entries<'de, V: Visitor<'de>>(
    map: &'de Map<String, Value>,
    visitor: V,
) -> Result<V::Value, serde_json::Error> {
    let mut access = Entries {
        entries: map.iter(),
        value: None,
    };
    let out = visitor.visit_map(&mut access)?;
    match access.entries.len() {
        0 => Ok(out),
        _ => Err(serde_json::Error::invalid_length(
            map.len(),
            &"fewer elements in map",
        )),
    }
}

macro_rules! wants_a_type {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
                self.not_a_number(visitor)
            }
        )*
    };
}

macro_rules! wants_a_number {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
                serde::Deserializer::$method(self.0, visitor)
            }
        )*
    };
}

impl<'de> serde::Deserializer<'de> for Exact<'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(value) => visitor.visit_bool(*value),
            Value::Number(number) => visit_number(number, visitor),
            Value::String(text) => visitor.visit_borrowed_str(text),
            Value::Array(items) => visit_items(items, visitor),
            Value::Object(map) => visit_entries(map, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        // No model type is an externally tagged enum; serde_json's reading is kept for others.
        serde::Deserializer::deserialize_enum(self.0, name, variants, visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.not_a_number(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.not_a_number(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.not_a_number(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.not_a_number(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    wants_a_type! {
        deserialize_bool deserialize_char deserialize_str deserialize_string deserialize_bytes
        deserialize_byte_buf deserialize_unit deserialize_seq deserialize_map
        deserialize_identifier
    }

    wants_a_number! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64
    }
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

/// The key of an object being read by a `DeserializeExtra` visitor: borrowed from the input
/// where the deserializer can lend it, owned otherwise.
pub(crate) struct KeySeed;

impl<'de> serde::de::DeserializeSeed<'de> for KeySeed {
    type Value = std::borrow::Cow<'de, str>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = std::borrow::Cow<'de, str>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E: serde::de::Error>(
                self,
                key: &'de str,
            ) -> Result<Self::Value, E> {
                Ok(std::borrow::Cow::Borrowed(key))
            }
            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Self::Value, E> {
                Ok(std::borrow::Cow::Owned(key.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, key: String) -> Result<Self::Value, E> {
                Ok(std::borrow::Cow::Owned(key))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Keeps an unknown key and its value (a later duplicate replaces an earlier one, as serde's
/// `flatten` into a map does).
pub(crate) fn keep_unknown(extra: &mut crate::Extra, key: std::borrow::Cow<'_, str>, value: Value) {
    extra.insert(key.into_owned(), value);
}

/// What a `DeserializeExtra` visitor reads an absent field from, as serde's derive does: an
/// `Option` reads `None`, anything else fails with `missing field`.
pub(crate) struct MissingField<E> {
    field: &'static str,
    error: std::marker::PhantomData<E>,
}

impl<E> MissingField<E> {
    pub(crate) fn new(field: &'static str) -> Self {
        Self {
            field,
            error: std::marker::PhantomData,
        }
    }
}

impl<'de, E: serde::de::Error> serde::Deserializer<'de> for MissingField<E> {
    type Error = E;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.field))
    }

    fn deserialize_option<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// Streaming and buffered decoding of tagged unions give the same document (or both fail).
#[cfg(all(test, feature = "proptest"))]
mod union_props {
    use proptest::prelude::*;
    use serde_json::Value;

    use super::Tracking;
    use crate::arbitrary::{self, mutate};
    use crate::{ApiVersion, Document, Hint, Kind};

    /// Both readings of `value` as `version` and `kind`, from the value and from its text with
    /// sorted keys (so a union's tag comes after other keys, and they are buffered).
    fn agree(value: &Value, version: ApiVersion, kind: Kind) -> Result<(), TestCaseError> {
        let hint = Hint::default().version(version).kind(kind);
        let text = serde_json::to_string(value).expect("serializes");
        let streamed = (
            Document::read_as_ref(value, hint).ok(),
            Document::decode_str(version, kind, &text),
        );
        let buffered = {
            let _tracking = Tracking::start();
            (
                Document::read_as_ref(value, hint).ok(),
                Document::decode_str(version, kind, &text),
            )
        };
        prop_assert_eq!(&streamed.0, &buffered.0, "from the value: {}", text);
        prop_assert_eq!(&streamed.1, &buffered.1, "from the text: {}", text);
        Ok(())
    }

    /// Puts numbers that only [`super::Exact`] hands over as they are under a key that sorts
    /// before every union's tag, in every object.
    fn with_awkward_numbers(value: &mut Value) {
        match value {
            Value::Object(map) => {
                map.values_mut().for_each(with_awkward_numbers);
                let awkward = r#"[-0, 1.0, 1e2, 18446744073709551621, -0.0, 7]"#;
                map.insert(
                    "a-n".to_owned(),
                    serde_json::from_str(awkward).expect("JSON"),
                );
            }
            Value::Array(items) => items.iter_mut().for_each(with_awkward_numbers),
            _ => {}
        }
    }

    proptest! {
        #[test]
        fn generated_documents(doc in arbitrary::document()) {
            let mut value = doc.to_value().expect("serializes");
            agree(&value, doc.api_version(), doc.kind())?;
            with_awkward_numbers(&mut value);
            agree(&value, doc.api_version(), doc.kind())?;
        }

        #[test]
        fn mutated_documents(case in mutate::mutated()) {
            agree(&case.value, case.api_version, case.kind)?;
        }
    }
}
