//! Output helpers every verb shares: the `--format` choice, exit statuses, JSON lines, stderr
//! diagnostics and the summary line.

use std::io::{self, Write};
use std::process::ExitCode;

use serde::Serialize;

use crate::input::InputDocument;

/// How results are written (`--format`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One line per document for people, and a summary on stderr.
    #[default]
    Human,
    /// One JSON object per document, one per line.
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

/// Writes a diagnostic to stderr, after flushing `out` so the two streams stay in order on a
/// terminal. Failing to write to stderr is ignored (there is nowhere left to report it).
pub fn diagnostic(out: &mut impl Write, message: &str) -> io::Result<()> {
    out.flush()?;
    let _ = writeln!(io::stderr().lock(), "{message}");
    Ok(())
}

/// Reports an input that could not be read as `location: error: message` on stderr.
pub fn input_failure(
    out: &mut impl Write,
    doc: &InputDocument,
    err: &dyn std::fmt::Display,
) -> io::Result<()> {
    diagnostic(out, &format!("{}: error: {err}", doc.location()))
}

/// Reports `--api-version V --kind K` naming a kind V does not have (a usage error) and says
/// whether it did.
pub fn impossible_pair(out: &mut impl Write, hint: versori_model::Hint) -> io::Result<bool> {
    match hint.check() {
        Err(err) => {
            diagnostic(out, &format!("error: {err}"))?;
            Ok(true)
        }
        Ok(()) => Ok(false),
    }
}

/// `1 document`, `2 documents`.
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
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
    fn counts_agree() {
        assert_eq!(count(1, "document", "documents"), "1 document");
        assert_eq!(count(0, "document", "documents"), "0 documents");
    }

    #[test]
    fn json_lines_end_in_newlines() {
        let mut out = Vec::new();
        json_line(&mut out, &serde_json::json!({"a": 1})).unwrap();
        assert_eq!(out, b"{\"a\":1}\n");
    }
}
