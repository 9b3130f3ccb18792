//! Output helpers every verb shares: the `--format` choice, exit statuses, JSON lines and the
//! text of input failures. The output layer itself (streams, levels, colour, summary) is
//! [`crate::ui`].

use std::io::{self, Write};
use std::process::ExitCode;

use serde::Serialize;

use crate::input::{InputDocument, InputError};
use crate::ui::Ui;

/// How results are written (`--format`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Lines for people (each verb's help says which go to stdout and which to stderr).
    #[default]
    Human,
    /// One JSON object per document, one per line, on stdout.
    Json,
}

/// How a run went; the worst outcome decides the exit status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Nothing wrong: exit status 0.
    #[default]
    Success,
    /// At least one document had a problem: exit status 1.
    Problems,
    /// A usage or I/O failure: exit status 2.
    Failure,
}

impl Outcome {
    /// Records `other`, keeping the worse of the two.
    pub fn add(&mut self, other: Outcome) {
        *self = (*self).max(other);
    }

    /// The process exit status.
    pub fn exit_code(self) -> ExitCode {
        match self {
            Self::Success => ExitCode::SUCCESS,
            Self::Problems => ExitCode::from(1),
            Self::Failure => ExitCode::from(2),
        }
    }
}

/// Writes `value` as one line of JSON.
pub fn json_line(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}

/// Why a document could not be read, for a line that already names its location: an NDJSON
/// line's number is in `path:line`, so it is not repeated (`invalid JSON at column 7: ...`).
pub fn input_error_text(doc: &InputDocument, err: &InputError) -> String {
    match err {
        InputError::Json {
            message, column, ..
        } if doc.line.is_some() => format!("invalid JSON at column {column}: {message}"),
        other => other.to_string(),
    }
}

/// Reports an input that could not be read as `location: error: message` on stderr.
pub fn input_failure(ui: &mut Ui, doc: &InputDocument, err: &InputError) {
    ui.error(Some(&doc.location()), &input_error_text(doc, err));
}

/// Reports `--api-version V --kind K` naming a kind V does not have (a usage error) and says
/// whether it did.
pub fn impossible_pair(ui: &mut Ui, hint: versori_model::Hint) -> bool {
    match hint.check() {
        Err(err) => {
            ui.error(None, &err);
            true
        }
        Ok(()) => false,
    }
}

/// Whether an error means the reader of stdout went away (`versori ... | head -1`).
pub fn is_broken_pipe(err: &io::Error) -> bool {
    err.kind() == io::ErrorKind::BrokenPipe
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_keep_the_worst() {
        let mut outcome = Outcome::default();
        outcome.add(Outcome::Problems);
        outcome.add(Outcome::Success);
        assert_eq!(outcome, Outcome::Problems);
        outcome.add(Outcome::Failure);
        assert_eq!(outcome, Outcome::Failure);
    }

    #[test]
    fn an_ndjson_line_number_is_said_once() {
        let err = || InputError::Json {
            message: "EOF while parsing a value".into(),
            line: 2,
            column: 7,
        };
        let line = InputDocument::failed("s.ndjson", Some(2), err());
        assert_eq!(
            input_error_text(&line, &err()),
            "invalid JSON at column 7: EOF while parsing a value"
        );
        let file = InputDocument::failed("a.json", None, err());
        assert_eq!(
            input_error_text(&file, &err()),
            "invalid JSON at line 2, column 7: EOF while parsing a value"
        );
    }

    #[test]
    fn json_lines_end_in_newlines() {
        let mut out = Vec::new();
        json_line(&mut out, &serde_json::json!({"a": 1})).unwrap();
        assert_eq!(out, b"{\"a\":1}\n");
    }
}
