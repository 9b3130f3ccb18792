//! A fast look at JSON text without building a `serde_json::Value`: its top-level keys, and
//! whether any object in it repeats a key.
//!
//! This is the front of the fast path for streams ([`Document::read_str_fast`]): when the text
//! is one object whose keys are all plain (no escapes) and unique in every object, the version
//! and kind are told from the top-level keys (shapes that tie are decoded from the text, and a
//! v1/v2 credential tie is broken from the raw `type` and `data` that [`top_level_entries`]
//! gives), and the document is decoded straight from the text. Anything else (an escaped key, a
//! duplicate, text that is not one object, nesting deeper than the reader allows) makes
//! [`top_level_keys`] answer `None`, and the caller takes the ordinary path ([`crate::json`],
//! then [`Document::read_as`]), which reports it.
//!
//! The scanner does not validate JSON; the decoder that follows does. It only has to be right
//! about the keys of text that is JSON, which the tests check against [`crate::json`].

use crate::Document;
use crate::document::{CredentialFacts, DataFacts};

/// Deeper than this, the ordinary reader refuses the document (serde_json's recursion limit);
/// the fast path leaves such text to it.
const MAX_DEPTH: usize = 127;

/// The top-level keys of `text` when it is one JSON object in which no object repeats a key and
/// no key contains an escape; `None` otherwise (see the module docs).
pub fn top_level_keys(text: &str) -> Option<Vec<&str>> {
    top_level_entries(text).map(|entries| entries.into_iter().map(|(key, _)| key).collect())
}

/// [`top_level_keys`] with each key's value as it is written (its raw JSON text, without the
/// whitespace around it), in the order of the text.
pub fn top_level_entries(text: &str) -> Option<Vec<(&str, &str)>> {
    let bytes = text.as_bytes();
    let mut at = skip_ws(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    // The open containers, innermost last: for an object, where its keys start in `keys`
    // (every open object's keys share that one list, so no object allocates its own).
    let mut open: Vec<Frame> = Vec::with_capacity(16);
    let mut keys: Vec<Key<'_>> = Vec::with_capacity(64);
    // The top-level entries; a value's end is set at the `,` or `}` that ends it.
    let mut top: Vec<(&str, &str)> = Vec::with_capacity(16);
    let mut value_start = 0;
    loop {
        at = skip_ws(bytes, at);
        let byte = *bytes.get(at)?;
        match byte {
            b'{' => {
                if open.len() >= MAX_DEPTH {
                    return None;
                }
                open.push(Frame::Object { keys: keys.len() });
                at = skip_ws(bytes, at + 1);
                if bytes.get(at) == Some(&b'}') {
                    continue;
                }
                at = key(text, at, &open, &mut keys, &mut top)?;
                if open.len() == 1 {
                    value_start = at;
                }
            }
            b'[' => {
                if open.len() >= MAX_DEPTH {
                    return None;
                }
                open.push(Frame::Array);
                at += 1;
            }
            b'}' | b']' => {
                if open.len() == 1 {
                    end_value(text, value_start, at, &mut top);
                }
                match (open.pop()?, byte) {
                    (Frame::Object { keys: from }, b'}') => keys.truncate(from),
                    (Frame::Array, b']') => {}
                    _ => return None,
                }
                at += 1;
                if open.is_empty() {
                    return skip_ws(bytes, at).eq(&bytes.len()).then_some(top);
                }
            }
            b',' => {
                if open.len() == 1 {
                    end_value(text, value_start, at, &mut top);
                }
                at += 1;
                if matches!(open.last(), Some(Frame::Object { .. })) {
                    at = key(text, skip_ws(bytes, at), &open, &mut keys, &mut top)?;
                    if open.len() == 1 {
                        value_start = at;
                    }
                }
            }
            b'"' => at = string_end(bytes, at)?.0,
            _ => {
                // A number or a literal: up to the next delimiter.
                let start = at;
                while at < bytes.len()
                    && !matches!(bytes[at], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                {
                    at += 1;
                }
                if at == start {
                    return None;
                }
            }
        }
    }
}

/// An open container of [`top_level_entries`].
#[derive(Clone, Copy)]
enum Frame {
    /// An object whose keys start at this index of the shared key list.
    Object { keys: usize },
    /// An array.
    Array,
}

/// A key seen in an open object, with a cheap fingerprint to compare first.
struct Key<'t> {
    fingerprint: u64,
    name: &'t str,
}

/// A fingerprint of a key: its length and first and last bytes (two keys that differ here
/// need no byte-by-byte comparison; most keys of one object already do).
fn fingerprint(name: &[u8]) -> u64 {
    let first = u64::from(name.first().copied().unwrap_or(0));
    let last = u64::from(name.last().copied().unwrap_or(0));
    (name.len() as u64) << 16 | first << 8 | last
}

/// Sets the raw text of the last top-level entry: from `start` up to the delimiter at `end`,
/// without the whitespace around it.
fn end_value<'t>(text: &'t str, start: usize, end: usize, top: &mut [(&'t str, &'t str)]) {
    if let Some((_, value)) = top.last_mut() {
        if value.is_empty() {
            *value = text[start..end].trim_matches([' ', '\t', '\n', '\r']);
        }
    }
}

/// Reads the key at `at` (and its `:`) into the innermost object's keys; the position after
/// the colon, or `None` for an escaped or repeated key or text that is not a key.
fn key<'t>(
    text: &'t str,
    at: usize,
    open: &[Frame],
    keys: &mut Vec<Key<'t>>,
    top: &mut Vec<(&'t str, &'t str)>,
) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let (end, escaped) = string_end(bytes, at)?;
    let name = &text[at + 1..end - 1];
    // An escaped key must be unescaped to be compared; serde_json's private number key would
    // turn an object into a number on the way into a `Value` (the ordinary reader refuses it).
    if escaped || name.starts_with("$serde_json") {
        return None;
    }
    let Some(Frame::Object { keys: from }) = open.last() else {
        return None;
    };
    let fingerprint = fingerprint(name.as_bytes());
    if keys[*from..]
        .iter()
        .any(|seen| seen.fingerprint == fingerprint && seen.name == name)
    {
        return None;
    }
    keys.push(Key { fingerprint, name });
    if open.len() == 1 {
        top.push((name, ""));
    }
    let colon = skip_ws(bytes, end);
    (bytes.get(colon) == Some(&b':')).then_some(colon + 1)
}

/// The position just after the string that starts (with its quote) at `at`, and whether the
/// string holds an escape.
fn string_end(bytes: &[u8], at: usize) -> Option<(usize, bool)> {
    let mut i = at + 1;
    let mut escaped = false;
    loop {
        i += quote_or_backslash(bytes.get(i..)?)?;
        if bytes[i] == b'"' {
            return Some((i + 1, escaped));
        }
        escaped = true;
        i += 2;
    }
}

/// The first `"` or `\` in `bytes`, eight bytes at a time: most strings of a document are
/// short, and for them this beats memchr's per-call setup.
fn quote_or_backslash(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    const QUOTES: u64 = u64::from_ne_bytes([b'"'; 8]);
    const BACKSLASHES: u64 = u64::from_ne_bytes([b'\\'; 8]);
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in words.by_ref() {
        let mut eight = [0; 8];
        eight.copy_from_slice(word);
        let word = u64::from_le_bytes(eight);
        // A byte of `x` is zero where the word has the byte looked for; the lowest flagged
        // byte of `(x - ONES) & !x & HIGH` is exactly the first zero byte.
        let (q, b) = (word ^ QUOTES, word ^ BACKSLASHES);
        let found = (q.wrapping_sub(ONES) & !q | b.wrapping_sub(ONES) & !b) & HIGH;
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&byte| byte == b'"' || byte == b'\\')
        .map(|found| at + found)
}

fn skip_ws(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && matches!(bytes[at], b' ' | b'\t' | b'\n' | b'\r') {
        at += 1;
    }
    at
}

impl Document {
    /// Reads a document straight from its text, without building a `serde_json::Value`, when
    /// that gives exactly what [`Document::read_as`] gives: the text is one object with plain,
    /// unique keys ([`top_level_entries`]), detection within `hint` settles on one kind (tied
    /// shapes are decoded from the text, as detection decodes them from a value), and the
    /// document decodes as that kind. `None` in every other case, for the caller to take the
    /// ordinary path, which also says what is wrong.
    pub fn read_str_fast(text: &str, hint: crate::Hint) -> Option<Self> {
        let entries = top_level_entries(text)?;
        if let Some((version, kind)) = hint.exact() {
            return Self::decode_str(version, kind, text);
        }
        match Self::choose_from_text(text, &entries, hint)? {
            (_, Some(doc)) => Some(doc),
            (found, None) => Self::decode_str(found.api_version, found.kind, text),
        }
    }

    /// [`Document::detect_as`] from the text alone, without building a `Value`: the text is one
    /// object with plain, unique keys, and detection within `hint` settles on one kind (a unique
    /// shape needs no decoding at all; tied shapes are decoded from the text). `None` in every
    /// other case (take the ordinary path).
    pub fn detect_str_fast(text: &str, hint: crate::Hint) -> Option<crate::Candidate> {
        let entries = top_level_entries(text)?;
        Self::choose_from_text(text, &entries, hint).map(|(found, _)| found)
    }

    /// Detection over scanned entries; `None` when it fails (the ordinary path says why) or when
    /// what it must look at cannot be read from the text alone (an escaped `type`).
    fn choose_from_text<'t>(
        text: &'t str,
        entries: &[(&'t str, &'t str)],
        hint: crate::Hint,
    ) -> Option<(crate::Candidate, Option<Self>)> {
        let keys: Vec<&str> = entries.iter().map(|(key, _)| *key).collect();
        let raw = |name: &str| {
            entries
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, v)| *v)
        };
        let facts = || {
            let credential_type = match raw("type") {
                // A string that needs unescaping is left to the ordinary path.
                Some(v) if v.starts_with('"') => Some(plain_string(v)?),
                _ => None,
            };
            let data = match raw("data") {
                None => DataFacts::Absent,
                Some(v) if v.starts_with('{') => DataFacts::Object(top_level_keys(v)?),
                Some(_) => DataFacts::Other,
            };
            Some(CredentialFacts {
                credential_type,
                data,
            })
        };
        Self::choose(&keys, hint, |v, k| Self::decode_str(v, k, text), facts)?.ok()
    }
}

/// The content of a JSON string literal without escapes; `None` when it has one.
fn plain_string(literal: &str) -> Option<&str> {
    let inner = literal.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.contains('\\')).then_some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Option<Vec<&str>> {
        top_level_keys(text)
    }

    #[test]
    fn reads_top_level_keys_of_nested_documents() {
        let text = r#" {"a": {"a": 1, "b": [1, {"a": "x\"y"}]}, "b": "}", "c": [], "d": {}} "#;
        assert_eq!(keys(text), Some(vec!["a", "b", "c", "d"]));
        assert_eq!(keys("{}"), Some(vec![]));
    }

    #[test]
    fn reads_top_level_values_as_written() {
        let text =
            r#" {"a" : {"a": 1, "b": [1, {"a": "x\"y"}]} , "b":"}","c":[ ],"d": 1e5 ,"e":{}} "#;
        assert_eq!(
            top_level_entries(text),
            Some(vec![
                ("a", r#"{"a": 1, "b": [1, {"a": "x\"y"}]}"#),
                ("b", r#""}""#),
                ("c", "[ ]"),
                ("d", "1e5"),
                ("e", "{}"),
            ])
        );
        assert_eq!(plain_string(r#""basic-auth""#), Some("basic-auth"));
        assert_eq!(plain_string(r#""basic\u002dauth""#), None);
    }

    #[test]
    fn finds_the_first_quote_or_backslash_at_any_offset() {
        for len in 0..40 {
            for at in 0..len {
                for special in [b'"', b'\\'] {
                    let mut bytes = vec![b'a'; len];
                    // Bytes that differ from the wanted ones by one bit must not be taken.
                    for (i, byte) in bytes.iter_mut().enumerate() {
                        *byte = [b'a', b'#', b'\x22' ^ 0x80, b']', 0xdc, 0x00][i % 6];
                    }
                    bytes[at] = special;
                    if at + 1 < len {
                        bytes[at + 1] = b'"';
                    }
                    assert_eq!(quote_or_backslash(&bytes), Some(at), "{len} {at} {bytes:?}");
                }
            }
            let plain = vec![b'x'; len];
            assert_eq!(quote_or_backslash(&plain), None);
        }
    }

    #[test]
    fn refuses_what_the_ordinary_path_must_judge() {
        // Duplicates at any depth, escaped keys, not an object, trailing text, mismatched
        // brackets, unterminated strings.
        for text in [
            r#"{"a": 1, "a": 2}"#,
            r#"{"x": {"a": 1, "b": 2, "a": 3}}"#,
            r#"{"x": [{"a": 1}, {"b": 2, "b": 3}]}"#,
            r#"{"\u0061": 1}"#,
            r#"[1, 2]"#,
            r#"{"a": 1} {"b": 2}"#,
            r#"{"a": [1}"#,
            r#"{"a": "unterminated}"#,
            r#"{"a" 1}"#,
            r#"{"a": {"$serde_json::private::Number": "1"}}"#,
            "",
        ] {
            assert_eq!(keys(text), None, "{text}");
        }
        // The same key in sibling objects is no duplicate.
        assert_eq!(keys(r#"{"x": [{"a": 1}, {"a": 2}]}"#), Some(vec!["x"]));
    }

    #[test]
    fn nesting_beyond_the_reader_is_left_to_it() {
        let deep = format!("{{\"a\": {}1{}}}", "[".repeat(200), "]".repeat(200));
        assert_eq!(keys(&deep), None);
        let fine = format!("{{\"a\": {}1{}}}", "[".repeat(100), "]".repeat(100));
        assert_eq!(keys(&fine), Some(vec!["a"]));
    }
}
