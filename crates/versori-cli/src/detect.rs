//! `versori detect`: say which API version and kind each document is.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;
use versori_model::json::DuplicateKeys;
use versori_model::{ApiVersion, Document, Hint, Kind};
use versori_validate::{Code, Severity};

use crate::input::{InputDocument, InputOptions, Inputs};
use crate::output::{self, Format, Outcome};
use crate::ui::{Summary, Ui};
use crate::{pipeline, progress};

/// A document's detected version and kind, or the code and text of why there is none; `None`
/// for an input that could not be read at all.
type Answer = Result<versori_model::Candidate, (Code, String)>;

/// How many documents are read before their results are handed out.
const CHUNK: usize = 512;

/// The examples and exit statuses at the end of `versori detect --help`.
pub const AFTER_HELP: &str = "\
Examples:
  Name the version and kind of every document under a directory:
    versori detect examples/
  Only consider v1 kinds (settles documents that fit several versions):
    versori detect --api-version v1 update.json
  One JSON object per document, for scripts:
    versori detect --format json stream.ndjson | jq -r 'select(.error) | .source'

Output:
  One line per document on stdout, `path[:line]: VERSION KIND` or `path[:line]: error: WHY`;
  the summary (and input failures) on stderr.

Exit status:
  0  every document was recognised
  1  a document was not (not JSON, no kind fits, or several fit)
  2  usage error, or an input could not be read";

/// Arguments of `versori detect`.
#[derive(Debug, Args)]
pub struct DetectArgs {
    /// Output format: `human` writes `path[:line]: VERSION KIND` per document on stdout; `json`
    /// one object per document, `{"source", "line", "apiVersion", "kind", "error"}`.
    #[arg(long, value_enum, default_value_t = Format::Human, hide_possible_values = true)]
    pub format: Format,

    /// Only consider kinds of this API version.
    #[arg(long, value_name = "V", value_parser = crate::api_version_parser())]
    pub api_version: Option<ApiVersion>,

    /// Only consider this kind.
    #[arg(long, value_name = "K", value_parser = crate::kind_parser())]
    pub kind: Option<Kind>,

    /// Files, directories (searched recursively for *.json, *.ndjson, *.jsonl), or - for stdin.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

/// One `--format json` line.
#[derive(Serialize)]
struct JsonLine<'a> {
    source: &'a str,
    line: Option<usize>,
    #[serde(rename = "apiVersion")]
    api_version: Option<ApiVersion>,
    kind: Option<Kind>,
    error: Option<String>,
}

/// Runs `versori detect`, writing results to `out` and diagnostics to stderr.
pub fn run(
    args: &DetectArgs,
    options: InputOptions,
    ui: &mut Ui,
    out: &mut impl Write,
) -> io::Result<Outcome> {
    let hint = Hint::default()
        .maybe_version(args.api_version)
        .maybe_kind(args.kind);
    if output::impossible_pair(ui, hint) {
        ui.flush(out)?;
        return Ok(Outcome::Failure);
    }

    let mut outcome = Outcome::Success;
    let (mut recognised, mut unrecognised, mut unreadable) = (0usize, 0usize, 0usize);
    let reads = ui.start_progress(progress::total_size(&args.paths));
    let chunks = Inputs::new(&args.paths, options)
        .with_progress(reads)
        .deferred()
        .read_ahead(CHUNK)?;
    // Parse and detect on the workers; this thread writes the answers in input order.
    let work = |doc: &mut InputDocument| -> Option<Answer> {
        // A unique shape needs no parse at all (see `Document::detect_str_fast`).
        if let Some(found) = doc
            .unparsed_text()
            .and_then(|text| Document::detect_str_fast(text, hint))
        {
            doc.release();
            return Some(Ok(found));
        }
        doc.parse();
        let answer = match &doc.value {
            Err(err) if err.is_io() => None,
            Err(err) => Some(Err((Code::InvalidJson, output::input_error_text(doc, err)))),
            // Readers disagree on what a document with a duplicate key says: no answer is
            // safe.
            Ok(_) if !doc.duplicates.is_empty() => Some(Err((
                Code::DuplicateKey,
                DuplicateKeys::new(doc.duplicates.clone()).to_string(),
            ))),
            Ok(value) => Some(
                Document::detect_as(value, hint)
                    .map_err(|err| (Code::UnrecognizedDocument, err.to_string())),
            ),
        };
        doc.release();
        answer
    };
    pipeline::in_order(chunks, work, |chunk, answers| {
        for (doc, answer) in chunk.iter().zip(answers) {
            let Some(detected) = answer else {
                unreadable += 1;
                outcome.add(Outcome::Failure);
                if let Err(err) = &doc.value {
                    output::input_failure(ui, doc, err);
                }
                continue;
            };
            let detected = detected.map_err(|(code, text)| {
                ui.count(Severity::Error, Some(code));
                text
            });
            match &detected {
                Ok(_) => recognised += 1,
                Err(_) => {
                    unrecognised += 1;
                    outcome.add(Outcome::Problems);
                }
            }
            match args.format {
                Format::Human => match &detected {
                    Ok(found) => writeln!(ui.out(), "{}: {found}", doc.location())?,
                    Err(err) => writeln!(ui.out(), "{}: error: {err}", doc.location())?,
                },
                Format::Json => {
                    let line = JsonLine {
                        source: &doc.source,
                        line: doc.line,
                        api_version: detected.as_ref().ok().map(|c| c.api_version),
                        kind: detected.as_ref().ok().map(|c| c.kind),
                        error: detected.err(),
                    };
                    output::json_line(ui.out(), &line)?;
                }
            }
        }
        ui.documents_done(chunk.len());
        ui.flush(out)
    })?;

    let summary = Summary::documents(
        recognised + unrecognised,
        vec![(recognised, "recognised"), (unrecognised, "not recognised")],
    )
    .unreadable(unreadable);
    ui.finish(out, &summary, &[])?;
    Ok(outcome)
}
