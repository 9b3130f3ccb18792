//! `versori detect`: say which API version and kind each document is.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;
use versori_model::json::DuplicateKeys;
use versori_model::{ApiVersion, Document, Hint, Kind};

use crate::input::{InputOptions, Inputs};
use crate::output::{self, Format, Outcome};

/// Arguments of `versori detect`.
#[derive(Debug, Args)]
pub struct DetectArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
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
pub fn run(args: &DetectArgs, options: InputOptions, out: &mut impl Write) -> io::Result<Outcome> {
    let hint = Hint::default()
        .maybe_version(args.api_version)
        .maybe_kind(args.kind);
    if output::impossible_pair(out, hint)? {
        return Ok(Outcome::Failure);
    }

    let mut outcome = Outcome::Success;
    let (mut recognised, mut unrecognised, mut unreadable) = (0usize, 0usize, 0usize);
    for doc in Inputs::new(&args.paths, options) {
        let detected = match &doc.value {
            Err(err) if err.is_io() => {
                unreadable += 1;
                outcome.add(Outcome::Failure);
                output::input_failure(out, &doc, err)?;
                continue;
            }
            Err(err) => Err(err.to_string()),
            // Readers disagree on what a document with a duplicate key says: no answer is safe.
            Ok(_) if !doc.duplicates.is_empty() => {
                Err(DuplicateKeys::new(doc.duplicates.clone()).to_string())
            }
            Ok(value) => Document::detect_as(value, hint).map_err(|err| err.to_string()),
        };
        match &detected {
            Ok(_) => recognised += 1,
            Err(_) => {
                unrecognised += 1;
                outcome.add(Outcome::Problems);
            }
        }
        match args.format {
            Format::Human => match &detected {
                Ok(found) => writeln!(out, "{}: {found}", doc.location())?,
                Err(err) => writeln!(out, "{}: error: {err}", doc.location())?,
            },
            Format::Json => {
                let line = JsonLine {
                    source: &doc.source,
                    line: doc.line,
                    api_version: detected.as_ref().ok().map(|c| c.api_version),
                    kind: detected.as_ref().ok().map(|c| c.kind),
                    error: detected.err(),
                };
                output::json_line(out, &line)?;
            }
        }
    }

    if args.format == Format::Human {
        let mut summary = format!(
            "{}: {recognised} recognised, {unrecognised} not",
            output::count(recognised + unrecognised, "document", "documents")
        );
        if unreadable > 0 {
            summary.push_str(&format!(
                "; {} could not be read",
                output::count(unreadable, "input", "inputs")
            ));
        }
        output::diagnostic(out, &summary)?;
    }
    Ok(outcome)
}
