//! [`Severity`] and [`ValidationMessage`].

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Code, Pointer};

/// How serious a message is: `info` < `warning` < `error`, the API's own values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational; nothing needs to change.
    Info,
    /// Worth attention; the API accepts the document but it is probably not what was meant.
    Warning,
    /// The API would reject the document, or it contradicts a stated rule.
    Error,
}

impl Severity {
    /// Every severity, least serious first.
    pub const ALL: &'static [Self] = &[Self::Info, Self::Warning, Self::Error];

    /// The lowercase spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = UnknownSeverity;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .iter()
            .copied()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| UnknownSeverity(text.to_owned()))
    }
}

/// A string that is not a [`Severity`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown severity `{0}` (expected info, warning or error)")]
pub struct UnknownSeverity(pub String);

impl From<Severity> for versori_model::MessageSeverity {
    fn from(value: Severity) -> Self {
        match value {
            Severity::Info => Self::Info,
            Severity::Warning => Self::Warning,
            Severity::Error => Self::Error,
        }
    }
}

/// One problem found in a document: what ([`Code`]), how serious ([`Severity`]), where
/// ([`Pointer`]), and a sentence for people.
///
/// Serialized with its fields in declaration order; `detail` is left out when empty. `text` and
/// `detail` never contain a secret from the document, nor the value of an unknown key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidationMessage {
    /// The stable machine code.
    pub code: Code,
    /// How serious the problem is.
    pub severity: Severity,
    /// Where: the value at fault, or for a missing field, the key that is missing.
    pub path: Pointer,
    /// A human sentence (never asserted on by tests; may be reworded).
    pub text: String,
    /// Further lines: allowed values, where a duplicate was first seen, and so on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub detail: Vec<String>,
}

impl ValidationMessage {
    /// A message without detail.
    pub fn new(code: Code, severity: Severity, path: Pointer, text: impl Into<String>) -> Self {
        Self {
            code,
            severity,
            path,
            text: text.into(),
            detail: Vec::new(),
        }
    }

    /// The message with one more line of detail.
    #[must_use]
    pub fn with_detail(mut self, line: impl Into<String>) -> Self {
        self.detail.push(line.into());
        self
    }
}

impl fmt::Display for ValidationMessage {
    /// `error[duplicate-id] /authSchemeConfigs/2/id: text`, the root shown as `(root)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_root() {
            "(root)"
        } else {
            self.path.as_str()
        };
        write!(
            f,
            "{}[{}] {}: {}",
            self.severity, self.code, path, self.text
        )
    }
}

/// The API's wire shape: `text`, `severity`, `detail` (the code and path are dropped; prefix
/// the path to the text yourself if the reader needs it).
impl From<ValidationMessage> for versori_model::Message {
    fn from(value: ValidationMessage) -> Self {
        Self {
            text: value.text,
            severity: value.severity.into(),
            detail: (!value.detail.is_empty()).then_some(value.detail),
            extra: Default::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_orders_and_serializes_lowercase() {
        assert!(Severity::Info < Severity::Warning && Severity::Warning < Severity::Error);
        assert_eq!(serde_json::to_value(Severity::Warning).unwrap(), "warning");
        assert_eq!("error".parse::<Severity>(), Ok(Severity::Error));
        assert!("fatal".parse::<Severity>().is_err());
    }

    #[test]
    fn fields_serialize_in_order_and_detail_is_optional() {
        let path = Pointer::root()
            .join("authSchemeConfigs")
            .join(2usize)
            .join("id");
        let msg = ValidationMessage::new(Code::DuplicateId, Severity::Error, path, "dup");
        assert_eq!(
            serde_json::to_string(&msg).unwrap(),
            r#"{"code":"duplicate-id","severity":"error","path":"/authSchemeConfigs/2/id","text":"dup"}"#
        );
        let msg = msg.with_detail("first used at /authSchemeConfigs/0/id");
        let json = serde_json::to_string(&msg).unwrap();
        assert!(
            json.ends_with(r#""text":"dup","detail":["first used at /authSchemeConfigs/0/id"]}"#)
        );
        let back: ValidationMessage = serde_json::from_str(&json).unwrap();
        assert_eq!(back, msg);
    }

    #[test]
    fn converts_to_the_wire_message() {
        let msg = ValidationMessage::new(Code::Expired, Severity::Warning, Pointer::root(), "t");
        let wire = versori_model::Message::from(msg.clone());
        assert_eq!(
            serde_json::to_value(&wire).unwrap(),
            serde_json::json!({"text": "t", "severity": "warning"})
        );
        let wire = versori_model::Message::from(msg.with_detail("d"));
        assert_eq!(wire.detail, Some(vec!["d".to_owned()]));
    }
}
