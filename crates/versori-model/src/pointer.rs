//! [`Pointer`]: an RFC 6901 JSON Pointer over a document's JSON names.

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An RFC 6901 JSON Pointer, such as `/authSchemeConfigs/2/id`, over the document's JSON names.
///
/// The empty pointer is the document root. Reference tokens are escaped on the way in (`~` as
/// `~0`, `/` as `~1`), so [`Pointer::push`] takes a key exactly as it appears in the JSON.
/// `Display` and `Serialize` write the escaped string; [`FromStr`] and `Deserialize` read one.
///
/// ```
/// use versori_model::Pointer;
///
/// let mut path = Pointer::root();
/// path.push("authSchemeConfigs");
/// path.push(2);
/// assert_eq!(path.join("id").to_string(), "/authSchemeConfigs/2/id");
/// assert_eq!(Pointer::root().join("a/b").as_str(), "/a~1b");
/// assert_eq!("/a~1b/0".parse::<Pointer>().unwrap().tokens().collect::<Vec<_>>(), ["a/b", "0"]);
/// ```
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

/// A value that can be one reference token of a [`Pointer`]: a JSON object key or an array index.
pub trait Token {
    /// Appends `/` and the escaped token to `out`.
    fn write_to(&self, out: &mut String);
}

impl Token for str {
    fn write_to(&self, out: &mut String) {
        out.push('/');
        if self.bytes().any(|b| b == b'~' || b == b'/') {
            for c in self.chars() {
                match c {
                    '~' => out.push_str("~0"),
                    '/' => out.push_str("~1"),
                    c => out.push(c),
                }
            }
        } else {
            out.push_str(self);
        }
    }
}

impl Token for String {
    fn write_to(&self, out: &mut String) {
        self.as_str().write_to(out);
    }
}

impl Token for usize {
    fn write_to(&self, out: &mut String) {
        // Writing an integer into a String cannot fail.
        let _ = write!(out, "/{self}");
    }
}

impl<T: Token + ?Sized> Token for &T {
    fn write_to(&self, out: &mut String) {
        (**self).write_to(out);
    }
}

/// Why a string is not a JSON Pointer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PointerError {
    /// A non-empty pointer must start with `/`.
    #[error("a JSON pointer must be empty or start with `/`")]
    NoLeadingSlash,
    /// `~` must be followed by `0` or `1`.
    #[error("`~` must be followed by `0` or `1` in a JSON pointer")]
    BadEscape,
}

impl Pointer {
    /// The empty pointer: the document root.
    pub const fn root() -> Self {
        Self(String::new())
    }

    /// Whether this is the document root.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The escaped pointer text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Appends one reference token (a key as written in the JSON, or an array index).
    pub fn push(&mut self, token: impl Token) {
        token.write_to(&mut self.0);
    }

    /// This pointer with one more token.
    #[must_use]
    pub fn join(&self, token: impl Token) -> Self {
        let mut out = self.clone();
        out.push(token);
        out
    }

    /// Removes the last token and returns it (unescaped); `None` at the root.
    pub fn pop(&mut self) -> Option<String> {
        let at = self.0.rfind('/')?;
        let token = unescape(&self.0[at + 1..]).into_owned();
        self.0.truncate(at);
        Some(token)
    }

    /// The pointer without its last token; `None` at the root.
    pub fn parent(&self) -> Option<Self> {
        let at = self.0.rfind('/')?;
        Some(Self(self.0[..at].to_owned()))
    }

    /// The reference tokens, unescaped, root first.
    pub fn tokens(&self) -> impl Iterator<Item = Cow<'_, str>> {
        self.0.split('/').skip(1).map(unescape)
    }

    /// Builds a pointer from unescaped tokens.
    pub fn from_tokens<I, T>(tokens: I) -> Self
    where
        I: IntoIterator<Item = T>,
        T: Token,
    {
        let mut out = Self::root();
        for token in tokens {
            out.push(token);
        }
        out
    }

    /// Removes the last token without returning it (no allocation); `false` at the root.
    pub fn remove_last(&mut self) -> bool {
        match self.0.rfind('/') {
            Some(at) => {
                self.0.truncate(at);
                true
            }
            None => false,
        }
    }

    /// Runs `f` with `token` pushed, then restores the pointer: a walker's way to descend
    /// without allocating a new pointer per level.
    ///
    /// ```
    /// use versori_model::Pointer;
    ///
    /// let mut path = Pointer::root().join("connections");
    /// let inner = path.with(0usize, |p| p.join("id"));
    /// assert_eq!((inner.as_str(), path.as_str()), ("/connections/0/id", "/connections"));
    /// ```
    pub fn with<T>(&mut self, token: impl Token, f: impl FnOnce(&mut Self) -> T) -> T {
        let len = self.0.len();
        self.push(token);
        let out = f(self);
        self.0.truncate(len);
        out
    }

    /// Whether `self` is `other` or lies below it (`/a/0` starts with `/a`, not with `/a/1`
    /// nor with `/ab`).
    pub fn starts_with(&self, other: &Pointer) -> bool {
        self.0.starts_with(&other.0)
            && (self.0.len() == other.0.len() || self.0.as_bytes()[other.0.len()] == b'/')
    }
}

fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        token.replace("~1", "/").replace("~0", "~").into()
    } else {
        token.into()
    }
}

impl FromStr for Pointer {
    type Err = PointerError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if !text.is_empty() && !text.starts_with('/') {
            return Err(PointerError::NoLeadingSlash);
        }
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
                return Err(PointerError::BadEscape);
            }
        }
        Ok(Self(text.to_owned()))
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl Serialize for Pointer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Pointer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_round_trips() {
        let path = Pointer::from_tokens(["a~b", "c/d", "", "0"]);
        assert_eq!(path.as_str(), "/a~0b/c~1d//0");
        let back: Pointer = path.as_str().parse().unwrap();
        assert_eq!(back, path);
        assert_eq!(back.tokens().collect::<Vec<_>>(), ["a~b", "c/d", "", "0"]);
        // `~01` is `~1` unescaped, not `/`.
        let tricky: Pointer = "/~01".parse().unwrap();
        assert_eq!(tricky.tokens().next().unwrap(), "~1");
    }

    #[test]
    fn root_push_pop_parent() {
        let mut path = Pointer::root();
        assert!(path.is_root());
        assert_eq!(path.tokens().count(), 0);
        assert_eq!(path.parent(), None);
        path.push("connections");
        path.push(3usize);
        assert_eq!(path.parent().unwrap().as_str(), "/connections");
        assert_eq!(path.pop().as_deref(), Some("3"));
        assert_eq!(path.pop().as_deref(), Some("connections"));
        assert_eq!(path.pop(), None);
    }

    #[test]
    fn rejects_malformed_text() {
        assert_eq!("a".parse::<Pointer>(), Err(PointerError::NoLeadingSlash));
        assert_eq!("/a~2".parse::<Pointer>(), Err(PointerError::BadEscape));
        assert_eq!("/a~".parse::<Pointer>(), Err(PointerError::BadEscape));
    }

    #[test]
    fn serializes_as_a_string() {
        let path = Pointer::root().join("a/b").join(1usize);
        assert_eq!(serde_json::to_string(&path).unwrap(), r#""/a~1b/1""#);
        let back: Pointer = serde_json::from_str(r#""/a~1b/1""#).unwrap();
        assert_eq!(back, path);
        assert!(serde_json::from_str::<Pointer>(r#""x""#).is_err());
    }

    #[test]
    fn resolves_with_serde_json() {
        let doc = serde_json::json!({"a/b": [{"~": 1}]});
        let path = Pointer::from_tokens(["a/b"]).join(0usize).join("~");
        assert_eq!(doc.pointer(path.as_str()), Some(&serde_json::json!(1)));
    }
}
