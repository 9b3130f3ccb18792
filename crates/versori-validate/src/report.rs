//! [`Report`]: every message about one document. How reports are shown (lines for people, JSON
//! records, summaries) is the business of the tools that show them, such as `versori-cli`.

use serde::{Deserialize, Serialize};

use crate::{Code, Severity, ValidationMessage};

/// Every message about one document, in document order (the order validation walks the
/// document: fields in the API's order, arrays by index). The same input always gives the same
/// report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Report {
    messages: Vec<ValidationMessage>,
}

impl Report {
    /// An empty report.
    pub fn new() -> Self {
        Self::default()
    }

    /// The messages, in document order.
    pub fn messages(&self) -> &[ValidationMessage] {
        &self.messages
    }

    /// The messages, by value.
    pub fn into_messages(self) -> Vec<ValidationMessage> {
        self.messages
    }

    /// Iterates over the messages.
    pub fn iter(&self) -> std::slice::Iter<'_, ValidationMessage> {
        self.messages.iter()
    }

    /// How many messages there are.
    pub fn len(&self) -> usize {
        self.messages.len()
    }

    /// Whether there are no messages at all.
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    /// Appends a message (for callers that add their own, such as a migration).
    pub fn push(&mut self, message: ValidationMessage) {
        self.messages.push(message);
    }

    /// Whether any message is an `error`: the document is not valid.
    pub fn has_errors(&self) -> bool {
        self.fails(Severity::Error)
    }

    /// Whether any message is at least as serious as `threshold` (`--deny warnings` is
    /// `fails(Severity::Warning)`).
    pub fn fails(&self, threshold: Severity) -> bool {
        self.messages.iter().any(|m| m.severity >= threshold)
    }

    /// The most serious severity present; `None` for an empty report.
    pub fn max_severity(&self) -> Option<Severity> {
        self.messages.iter().map(|m| m.severity).max()
    }

    /// How many messages have exactly `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.messages
            .iter()
            .filter(|m| m.severity == severity)
            .count()
    }

    /// The messages with `code`.
    pub fn with_code(&self, code: Code) -> impl Iterator<Item = &ValidationMessage> {
        self.messages.iter().filter(move |m| m.code == code)
    }
}

impl From<Vec<ValidationMessage>> for Report {
    fn from(messages: Vec<ValidationMessage>) -> Self {
        Self { messages }
    }
}

impl<'a> IntoIterator for &'a Report {
    type Item = &'a ValidationMessage;
    type IntoIter = std::slice::Iter<'a, ValidationMessage>;

    fn into_iter(self) -> Self::IntoIter {
        self.messages.iter()
    }
}

impl IntoIterator for Report {
    type Item = ValidationMessage;
    type IntoIter = std::vec::IntoIter<ValidationMessage>;

    fn into_iter(self) -> Self::IntoIter {
        self.messages.into_iter()
    }
}

impl Extend<ValidationMessage> for Report {
    fn extend<T: IntoIterator<Item = ValidationMessage>>(&mut self, iter: T) {
        self.messages.extend(iter);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pointer;

    fn sample() -> Report {
        Report::from(vec![
            ValidationMessage::new(
                Code::DuplicateId,
                Severity::Error,
                Pointer::from_tokens(["authSchemeConfigs"])
                    .join(2usize)
                    .join("id"),
                "auth scheme config id `a` is used twice",
            )
            .with_detail("first used at /authSchemeConfigs/0/id"),
            ValidationMessage::new(
                Code::UnknownField,
                Severity::Warning,
                Pointer::root(),
                "unknown",
            ),
            ValidationMessage::new(
                Code::RedactedSecret,
                Severity::Info,
                Pointer::root(),
                "masked",
            ),
        ])
    }

    #[test]
    fn counts_and_severity() {
        let report = sample();
        assert!(report.has_errors());
        assert_eq!(report.max_severity(), Some(Severity::Error));
        let counts: Vec<_> = Severity::ALL.iter().map(|s| report.count(*s)).collect();
        assert_eq!(counts, [1, 1, 1]);
        assert!(report.fails(Severity::Warning));
        assert_eq!(Report::new().max_severity(), None);
        assert!(!Report::new().has_errors());
        assert_eq!(report.with_code(Code::UnknownField).count(), 1);
    }
}
