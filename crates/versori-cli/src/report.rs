//! How reports are shown: the human lines ([`render_human`]) and the `--format json` record of
//! one document ([`DocumentReport`]). Presentation lives here and in [`crate::ui`], in the CLI;
//! the library crates only produce [`versori_validate::Report`]s.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use versori_model::{ApiVersion, Kind};
use versori_validate::{Report, Severity, ValidationMessage};

use crate::ui::{MessageLine, Palette};

/// A report in the human format, without colour: one line per message,
/// `source:line: error[duplicate-id] /authSchemeConfigs/2/id: text` (`source: ...` without a
/// line, the root spelled [`ROOT`](crate::ui::ROOT)), each detail line indented below it as
/// `    = detail`. Empty for an empty report. The CLI writes the same lines through
/// [`Ui::messages`](crate::ui::Ui::messages), coloured on a terminal.
pub fn render_human(messages: &[ValidationMessage], source: &str, line: Option<usize>) -> String {
    let location = match line {
        Some(line) => format!("{source}:{line}"),
        None => source.to_owned(),
    };
    let palette = Palette::plain();
    let mut out = String::new();
    for message in messages {
        // Writing into a String cannot fail.
        let _ = write!(
            out,
            "{}",
            MessageLine {
                palette: &palette,
                location: &location,
                message,
            }
        );
    }
    out
}

/// The `versori validate --format json` record of one document:
/// `{"source", "line", "apiVersion", "kind", "valid", "messages"}`.
///
/// `apiVersion` and `kind` are `null` when they could not be told; `line` is the document's line
/// in an NDJSON stream (or `null`). `valid` means no `error` message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentReport {
    /// The file (or `-`) the document came from.
    pub source: String,
    /// The 1-based line the document starts on, for streams.
    pub line: Option<usize>,
    /// The document's version, declared or detected.
    pub api_version: Option<ApiVersion>,
    /// The document's kind, declared or detected.
    pub kind: Option<Kind>,
    /// Whether the document has no `error` message.
    pub valid: bool,
    /// The messages, in document order.
    pub messages: Vec<ValidationMessage>,
}

impl DocumentReport {
    /// The record of a document that was validated.
    pub fn new(
        source: impl Into<String>,
        line: Option<usize>,
        api_version: ApiVersion,
        kind: Kind,
        report: Report,
    ) -> Self {
        Self {
            source: source.into(),
            line,
            api_version: Some(api_version),
            kind: Some(kind),
            valid: !report.has_errors(),
            messages: report.into_messages(),
        }
    }

    /// The record of a document whose version or kind could not be told (see
    /// [`IdentifyError::to_message`](versori_validate::IdentifyError::to_message)).
    pub fn unrecognized(
        source: impl Into<String>,
        line: Option<usize>,
        message: ValidationMessage,
    ) -> Self {
        Self {
            source: source.into(),
            line,
            api_version: None,
            kind: None,
            valid: message.severity < Severity::Error,
            messages: vec![message],
        }
    }
}

#[cfg(test)]
mod tests {
    use versori_validate::{Code, Pointer};

    use super::*;

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
    fn renders_human_lines() {
        let report = sample();
        let text = render_human(report.messages(), "connector.json", Some(1));
        let lines: Vec<_> = text.lines().collect();
        assert_eq!(
            lines[0],
            "connector.json:1: error[duplicate-id] /authSchemeConfigs/2/id: auth scheme config id `a` is used twice"
        );
        assert_eq!(lines[1], "    = first used at /authSchemeConfigs/0/id");
        assert_eq!(
            lines[2],
            "connector.json:1: warning[unknown-field] (root): unknown"
        );
        assert!(render_human(report.messages(), "-", None).starts_with("-: error[duplicate-id]"));
    }

    #[test]
    fn document_report_json_shape() {
        let record =
            DocumentReport::new("a.json", Some(3), ApiVersion::V1, Kind::Connector, sample());
        let json = serde_json::to_value(&record).unwrap();
        let keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
        for key in ["source", "line", "apiVersion", "kind", "valid", "messages"] {
            assert!(keys.contains(&key.to_owned()), "{key}");
        }
        assert_eq!(json["apiVersion"], "v1");
        assert_eq!(json["kind"], "connector");
        assert_eq!(json["valid"], false);
        assert_eq!(json["messages"][0]["code"], "duplicate-id");
    }
}
