//! [`Code`]: the stable machine code of a validation message.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! codes {
    ($( $(#[doc = $doc:literal])+ $variant:ident = $wire:literal, )+) => {
        /// What kind of problem a [`ValidationMessage`](crate::ValidationMessage) reports, as a
        /// stable kebab-case string (`duplicate-id`).
        ///
        /// Codes are never renamed once released; new ones may be added (hence
        /// `#[non_exhaustive]`). Tests and tools match on the code and the path, never on the
        /// text. The crate documentation has a table of every code and the rules that raise it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[doc = $doc])+ $variant, )+
        }

        impl Code {
            /// Every code, in the order of the table in the crate documentation.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The stable kebab-case spelling.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $wire,)+
                }
            }

            /// What the code means (its doc comment).
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Self::$variant => concat!($($doc),+).trim_ascii(),)+
                }
            }
        }

        impl FromStr for Code {
            type Err = UnknownCode;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text {
                    $($wire => Ok(Self::$variant),)+
                    other => Err(UnknownCode(other.to_owned())),
                }
            }
        }
    };
}

codes! {
    /// A required field is absent (the path names the missing key), or a field that becomes
    /// required in context is: `baseUrl` of an `http` connector, `credentialId` beside
    /// `organisationId`.
    Required = "required",
    /// A value has the wrong JSON type (a number where a string belongs).
    InvalidType = "invalid-type",
    /// A value has the right type but is not acceptable (decoding refused it, or a documented
    /// format such as `<project>.<dataset>` does not hold).
    InvalidValue = "invalid-value",
    /// A value outside a documented enum, or a tag with no shape in this version; `detail`
    /// lists the allowed values.
    UnsupportedValue = "unsupported-value",
    /// A key the API does not define (the key is named, its value never shown).
    UnknownField = "unknown-field",
    /// An id already used earlier in the same array; `detail` names the first use.
    DuplicateId = "duplicate-id",
    /// A name already used earlier where names must be unique; `detail` names the first use.
    DuplicateName = "duplicate-name",
    /// A name the API reserves (`default`, `latest` for versions).
    ReservedName = "reserved-name",
    /// A URL that is not an absolute `http`/`https` URL (or embeds credentials).
    InvalidUrl = "invalid-url",
    /// A timestamp that is not RFC 3339.
    InvalidDateTime = "invalid-date-time",
    /// A tag (`type`, `grant.type`) that does not name the one member that is set.
    VariantMismatch = "variant-mismatch",
    /// A reference to something the document does not have (a system id, an auth config id).
    DanglingReference = "dangling-reference",
    /// A default scope that is not among the declared `scopes`.
    UndeclaredScope = "undeclared-scope",
    /// A credential whose type does not fit the auth scheme it is bound to.
    IncompatibleCredential = "incompatible-credential",
    /// A credential whose `expiresAt` has passed (the API deletes it then).
    Expired = "expired",
    /// `updatedAt` before `createdAt`.
    TimestampOrder = "timestamp-order",
    /// A read-only field sent in a request body; the API ignores it.
    ReadOnlyIgnored = "read-only-ignored",
    /// A secret holds the API's `******` mask rather than a usable value.
    RedactedSecret = "redacted-secret",
    /// A field a migration could not carry to the target version (raised by versori-migrate).
    FieldDropped = "field-dropped",
    /// A value the target version cannot express (raised by versori-migrate).
    NotRepresentable = "not-representable",
    /// Migration: a value the target version needs and the source lacks was derived
    /// deterministically (a config `id`, a system `domain`, ...). Info.
    Derived = "derived",
    /// Migration with `preserve`: a field the target cannot hold was kept verbatim under the
    /// reserved key `x-versori-preserved` of the nearest surviving object. Info.
    FieldPreserved = "field-preserved",
    /// A list or set of alternatives that must hold at least one entry holds none (a
    /// connection without environments, oauth2 `flows` without a flow).
    Empty = "empty",
    /// A field that has no effect where it is (`mtlsCredentialId` without `mtlsEnabled`,
    /// `datasetId` on an `http` connector).
    IgnoredField = "ignored-field",
    /// A field one pinned revision of the v2 API requires and the document lacks, so the
    /// document is valid against the other revision only (hmac `encoding`, oauth1 endpoints).
    RevisionRequired = "revision-required",
    /// A value the API rewrites when it stores it (a v2 connection `baseUrl` without a scheme
    /// or with a path).
    Normalized = "normalized",
    /// Two flags that should name one item name several (`isLatest`, `isDefault` on versions).
    Conflict = "conflict",
    /// The document's version and kind could not be told from its shape (not an object, no
    /// kind fits, several fit), or the version has no such kind.
    UnrecognizedDocument = "unrecognized-document",
    /// The text is not JSON (for tools that read files, such as the CLI, to report a file or
    /// NDJSON line that does not parse like any other problem).
    InvalidJson = "invalid-json",
    /// A key appears twice in one JSON object. Readers disagree on which value counts (this one
    /// keeps the last, some keep the first, some refuse), so the document can mean one thing
    /// to the tool that checked it and another to the one that uses it. The path is the
    /// later key's.
    DuplicateKey = "duplicate-key",
    /// A document nested deeper than a JSON reader takes (serde_json reads 127 levels of arrays
    /// and objects); raised by versori-migrate for an output the target's form makes deeper.
    TooDeep = "too-deep",
}

impl Code {
    /// Whether a message with this code points at a key that is absent (`required`,
    /// `revision-required`): its path's parent resolves in the document, the path itself not.
    /// Every other code points at a value that is there.
    pub const fn names_missing_key(self) -> bool {
        matches!(self, Self::Required | Self::RevisionRequired)
    }
}

/// A string that is not a known [`Code`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown validation code `{0}`")]
pub struct UnknownCode(pub String);

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_kebab_case_unique_and_parse_back() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let wire = code.as_str();
            assert!(seen.insert(wire), "{wire} twice");
            assert!(
                wire.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{wire} is not kebab-case"
            );
            assert_eq!(wire.parse::<Code>(), Ok(*code));
            assert_eq!(serde_json::to_value(code).unwrap(), wire);
            assert!(!code.meaning().is_empty());
        }
        assert!("nope".parse::<Code>().is_err());
    }

    #[test]
    fn the_crate_docs_list_every_code() {
        let docs = include_str!("lib.rs");
        for code in Code::ALL {
            let row = format!("| `{}` |", code.as_str());
            assert!(docs.contains(&row), "lib.rs docs lack a row for {code}");
        }
    }
}
