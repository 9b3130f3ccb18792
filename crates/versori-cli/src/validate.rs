//! `versori validate`: check every document against every rule of its version and kind.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use versori_model::{ApiVersion, Document, Hint, Kind};
use versori_validate::{
    Code, Pointer, Severity, ValidateOptions, Validated, ValidationMessage, validate_parsed,
};

use crate::input::{InputDocument, InputError, InputOptions, Inputs};
use crate::output::{self, Format, Outcome};
use crate::report::DocumentReport;
use crate::ui::{Summary, Ui};
use crate::{pipeline, progress};

/// How many documents are validated in parallel before their results are written.
const CHUNK: usize = 512;

/// The examples and exit statuses at the end of `versori validate --help`.
pub const AFTER_HELP: &str = "\
Examples:
  Check every document under a directory (errors and warnings shown, infos counted):
    versori validate examples/
  Show the infos too, or only the errors:
    versori validate -v examples/
    versori validate -q examples/
  Fail on warnings as well (for CI):
    versori validate --deny warnings config/
  One JSON record per document on stdout, for scripts (the summary stays on stderr):
    versori validate --format json stream.ndjson | jq 'select(.valid | not)'
  A stream on stdin:
    cat connections.ndjson | versori validate -

Output:
  Messages on stderr, `path[:line]: severity[code] /pointer: text` (the document root is
  `(root)`), then a tally of messages by code after a long run, then the summary.

Exit status:
  0  no document has an error (nor a warning, with --deny warnings)
  1  a document has an error (or a warning, with --deny warnings)
  2  usage error, or an input could not be read";

/// What, besides errors, fails a run (`--deny`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Warnings fail the run too (exit status 1).
    Warnings,
}

/// Arguments of `versori validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The documents' version (detected from the shape when absent).
    #[arg(long, value_name = "V", value_parser = crate::api_version_parser())]
    pub api_version: Option<ApiVersion>,

    /// The documents' kind (detected from the shape when absent).
    #[arg(long, value_name = "K", value_parser = crate::kind_parser())]
    pub kind: Option<Kind>,

    /// Output format: `human` shows messages on stderr; `json` writes one record per document on
    /// stdout, `{"source", "line", "apiVersion", "kind", "valid", "messages"}`, every message
    /// included whatever the level.
    #[arg(long, value_enum, default_value_t = Format::Human, hide_possible_values = true)]
    pub format: Format,

    /// Also fail (exit status 1) on warnings.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub deny: Option<Deny>,

    /// Files, directories (searched recursively for *.json, *.ndjson, *.jsonl), or - for stdin.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

impl ValidateArgs {
    /// What `--api-version` and `--kind` say of the documents.
    pub fn hint(&self) -> Hint {
        Hint::default()
            .maybe_version(self.api_version)
            .maybe_kind(self.kind)
    }
}

/// Runs `versori validate`.
pub fn run(
    args: &ValidateArgs,
    options: InputOptions,
    ui: &mut Ui,
    out: &mut impl Write,
) -> io::Result<Outcome> {
    if output::impossible_pair(ui, args.hint()) {
        ui.flush(out)?;
        return Ok(Outcome::Failure);
    }
    let threshold = if args.deny == Some(Deny::Warnings) {
        Severity::Warning
    } else {
        Severity::Error
    };
    let opts = ValidateOptions::default();
    let mut outcome = Outcome::Success;
    let (mut valid, mut invalid, mut unreadable) = (0usize, 0usize, 0usize);
    ui.show_messages(args.format == Format::Human);
    let reads = ui.start_progress(progress::total_size(&args.paths));
    let chunks = Inputs::new(&args.paths, options)
        .with_progress(reads)
        .deferred()
        .read_ahead(CHUNK)?;
    let json = args.format == Format::Json;
    // Everything per document runs on the workers: parse, validate, the JSON record, and
    // dropping the parsed value. This thread only writes, in input order.
    let work = |doc: &mut InputDocument| {
        // The fast path reads the text straight into the typed model when that gives exactly
        // what the ordinary path gives (see `Document::read_str_fast`).
        let fast = doc
            .unparsed_text()
            .and_then(|text| Document::read_str_fast(text, args.hint()))
            .map(|document| {
                let report = versori_validate::validate(&document, &opts);
                let (version, kind) = (document.api_version(), document.kind());
                DocumentReport::new(&doc.source, doc.line, version, kind, report)
            });
        let report = match fast {
            Some(report) => Some(report),
            None => {
                doc.parse();
                check(doc, args, &opts)
            }
        };
        doc.release();
        let mut line = Vec::new();
        if let (true, Some(report)) = (json, &report) {
            // Writing into a Vec cannot fail.
            let _ = output::json_line(&mut line, report);
        }
        (report, line)
    };
    pipeline::in_order(chunks, work, |chunk, reports| {
        for (doc, (report, line)) in chunk.iter().zip(reports) {
            let Some(report) = report else {
                // Unreadable input (missing file, permission): a usage/I/O failure.
                outcome.add(Outcome::Failure);
                unreadable += 1;
                if let Err(err) = &doc.value {
                    output::input_failure(ui, doc, err);
                }
                continue;
            };
            if report.valid {
                valid += 1;
            } else {
                invalid += 1;
            }
            if report.messages.iter().any(|m| m.severity >= threshold) {
                outcome.add(Outcome::Problems);
            }
            if !report.messages.is_empty() {
                ui.messages(&doc.location(), &report.messages);
            }
            ui.out().extend_from_slice(&line);
        }
        ui.documents_done(chunk.len());
        ui.flush(out)
    })?;
    let summary = Summary::documents(
        valid + invalid,
        vec![(valid, "valid"), (invalid, "invalid")],
    )
    .unreadable(unreadable);
    ui.finish(out, &summary, &[])?;
    Ok(outcome)
}

/// Validates one input; `None` for input that could not be read at all.
fn check(
    doc: &InputDocument,
    args: &ValidateArgs,
    opts: &ValidateOptions,
) -> Option<DocumentReport> {
    let value = match &doc.value {
        Ok(value) => value,
        Err(err) if err.is_io() => return None,
        Err(err) => {
            return Some(DocumentReport::unrecognized(
                &doc.source,
                doc.line,
                unreadable(doc, err),
            ));
        }
    };
    // Duplicate keys are reported first, beside what validation finds (and also when the
    // document cannot be identified).
    Some(
        match validate_parsed(value, &doc.duplicates, args.hint(), opts) {
            Ok(Validated {
                api_version,
                kind,
                report,
                ..
            }) => DocumentReport::new(&doc.source, doc.line, api_version, kind, report),
            Err(unidentified) => {
                let mut report = DocumentReport::unrecognized(
                    &doc.source,
                    doc.line,
                    unidentified.error.to_message(),
                );
                // The same message, after any duplicate-key errors.
                report.messages = unidentified.report.into_messages();
                report
            }
        },
    )
}

/// A document that is not JSON (or is too large), as a message like any other problem.
pub(crate) fn unreadable(doc: &InputDocument, err: &InputError) -> ValidationMessage {
    let code = match err {
        InputError::Json { .. } => Code::InvalidJson,
        _ => Code::InvalidValue,
    };
    ValidationMessage::new(
        code,
        Severity::Error,
        Pointer::root(),
        output::input_error_text(doc, err),
    )
}
