//! Primitives shared by every API version: the wire [`Message`], [`MessageSeverity`], [`Secret`],
//! [`Timestamp`] and the [`Extra`] map that keeps unknown keys.
//!
//! Everything else is duplicated per version on purpose (DESIGN.md section 3): versions drift
//! independently and a shared struct would couple them.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Unknown keys of an object, kept verbatim so a document round-trips without loss.
///
/// Every model struct flattens one of these; validation reports its keys as `unknown-field`.
pub type Extra = BTreeMap<String, Value>;

/// Declares a string enum of the API with an `Unknown(String)` catch-all.
///
/// The generated enum reads any string (a value this release does not know becomes `Unknown`
/// and is written back unchanged), gets `FromStr`/`Display` from strum, `KNOWN`/`as_str`/
/// `is_known`, and a JSON Schema that lists only the documented values so editors complete
/// them and flag typos. `Default` is the first documented value.
macro_rules! open_enum {
    (
        $(#[doc = $doc:literal])*
        $vis:vis enum $name:ident {
            $( $(#[doc = $vdoc:literal])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[doc = $doc])*
        ///
        /// Non-exhaustive: a value the API documents later becomes a variant in a minor release.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, strum::EnumString, strum::Display)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[doc = $vdoc])* #[strum(serialize = $wire)] $variant, )+
            /// A value this release does not document, kept verbatim so it round-trips;
            /// validation reports it as `unsupported-value`.
            #[strum(default)]
            Unknown(String),
        }

        impl $name {
            /// Every documented value, in the reference's order.
            pub const KNOWN: &'static [Self] = &[$(Self::$variant),+];
            /// The wire spellings of [`Self::KNOWN`], in the same order.
            pub const KNOWN_WIRE: &'static [&'static str] = &[$($wire),+];

            /// The value as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Unknown(other) => other,
                }
            }

            /// Whether the value is one the API documents.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }

            /// Reads a wire value; never fails (undocumented values become `Unknown`).
            pub fn from_wire(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)+
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::KNOWN[0].clone()
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct WireVisitor;
                impl ::serde::de::Visitor<'_> for WireVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<$name, E> {
                        Ok($name::from_wire(value))
                    }
                }
                deserializer.deserialize_str(WireVisitor)
            }
        }

        #[cfg(feature = "schemars")]
        #[cfg_attr(docsrs, doc(cfg(feature = "schemars")))]
        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn schema_id() -> ::std::borrow::Cow<'static, str> {
                concat!(module_path!(), "::", stringify!($name)).into()
            }
            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                $crate::common::enum_schema(
                    concat!($($doc, "\n"),*),
                    &[$(($wire, concat!($($vdoc, "\n"),*))),+],
                )
            }
        }
    };
}
pub(crate) use open_enum;

/// Builds the schema of an open enum: a string whose documented values are listed, each with
/// its own description where the reference gives one (as `oneOf` of `const`), else as `enum`.
#[cfg(feature = "schemars")]
pub(crate) fn enum_schema(description: &str, values: &[(&str, &str)]) -> schemars::Schema {
    let tidy = |doc: &str| {
        doc.lines()
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" ")
            .trim()
            .to_owned()
    };
    let mut schema = serde_json::Map::new();
    schema.insert("type".into(), "string".into());
    let description = tidy(description);
    if !description.is_empty() {
        schema.insert("description".into(), description.into());
    }
    if values.iter().all(|(_, doc)| !tidy(doc).is_empty()) {
        let one_of = values
            .iter()
            .map(|(wire, doc)| serde_json::json!({ "const": wire, "description": tidy(doc) }))
            .collect();
        schema.insert("oneOf".into(), Value::Array(one_of));
    } else {
        schema.insert(
            "enum".into(),
            values.iter().map(|(wire, _)| Value::from(*wire)).collect(),
        );
    }
    schemars::Schema::from(schema)
}

open_enum! {
    /// How serious a [`Message`] is: `info`, `warning` or `error`.
    pub enum MessageSeverity {
        /// Informational; nothing needs to change.
        Info = "info",
        /// Worth attention; the document still works.
        Warning = "warning",
        /// The document is invalid.
        Error = "error",
    }
}

/// A message the API returns about a resource (`validationMessages`, `ConnectorVersion.messages`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Message {
    /// Text contains the text of the message.
    pub text: String,
    /// How serious the message is.
    pub severity: MessageSeverity,
    /// Additional information about the message, such as a list of validation errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<Vec<String>>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The mask the API writes in place of a secret it will not return.
pub const REDACTED: &str = "******";

/// A secret value (password, client secret, token, key, `valueBase64`).
///
/// `Debug` and `Display` print `******` so a secret never reaches a log or a validation
/// message; serialization writes the real value, because stored documents must migrate whole.
#[derive(Clone, Default, PartialEq, Eq, Hash, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "A secret: send the real value. The API never returns it; responses show `******` in its place, and `******` sent back is that mask, not a secret."
    )
)]
#[serde(transparent)]
pub struct Secret(String);

/// Written as the bare string, under a newtype name that [`secrets`](crate::secrets()) looks for
/// (JSON ignores the name), so that every secret field of a document can be found from its type.
impl Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(crate::secrets::SECRET_NAME, &self.0)
    }
}

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself. Call this only to hand the value to what needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the value is the API's `******` mask rather than a usable secret.
    pub fn is_redacted(&self) -> bool {
        self.0 == REDACTED
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

/// An RFC 3339 timestamp (`createdAt`, `expiresAt`, ...), kept as the exact text it was read as.
///
/// Keeping the text means `2024-03-01T10:00:00+00:00` is written back as it came, not normalised
/// to `...Z` (a chrono `DateTime` would rewrite it); [`Timestamp::parse`] gives the instant, and
/// validation reports text that does not parse as `invalid-date-time`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schemars",
    schemars(
        extend("format" = "date-time"),
        description = "An RFC 3339 date-time, such as `2024-05-01T09:00:00Z` or `2024-05-01T11:00:00+02:00`."
    )
)]
#[serde(transparent)]
pub struct Timestamp(String);

impl Timestamp {
    /// Wraps timestamp text as it is (not checked; see [`Timestamp::parse`]).
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The text as read.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Parses the text as RFC 3339.
    pub fn parse(&self) -> Result<chrono::DateTime<chrono::FixedOffset>, chrono::ParseError> {
        chrono::DateTime::parse_from_rfc3339(&self.0)
    }
}

impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for Timestamp
where
    Tz::Offset: fmt::Display,
{
    fn from(value: chrono::DateTime<Tz>) -> Self {
        Self(value.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_enum_round_trips_unknown_values() {
        let sev: MessageSeverity = serde_json::from_str("\"fatal\"").unwrap();
        assert_eq!(sev, MessageSeverity::Unknown("fatal".into()));
        assert_eq!(serde_json::to_string(&sev).unwrap(), "\"fatal\"");
        assert_eq!(
            "warning".parse::<MessageSeverity>().unwrap(),
            MessageSeverity::Warning
        );
        assert_eq!(MessageSeverity::Unknown("x".into()).to_string(), "x");
        assert_eq!(MessageSeverity::Error.to_string(), "error");
    }

    #[test]
    fn secret_never_prints() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret} {secret:?}"), "****** ******");
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"hunter2\"");
    }

    #[test]
    fn timestamp_keeps_text() {
        let ts: Timestamp = serde_json::from_str("\"2024-03-01T10:00:00+00:00\"").unwrap();
        assert_eq!(
            serde_json::to_string(&ts).unwrap(),
            "\"2024-03-01T10:00:00+00:00\""
        );
        assert!(ts.parse().is_ok());
        assert!(Timestamp::new("yesterday").parse().is_err());
    }
}
