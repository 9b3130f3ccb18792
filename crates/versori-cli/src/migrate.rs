//! `versori migrate`: move documents to another API version, reporting every loss.
//!
//! Output is spooled to a temporary file next to its destination and only then renamed into
//! place (or copied to stdout), so a failed run never leaves a half-written file, and "all or
//! nothing" holds without holding the stream in memory. Documents are migrated in chunks on all
//! cores; output order is input order.

use std::io::{self, BufWriter, Seek, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use serde::Serialize;
use serde_json::Value;
use versori_migrate::{Loss, MigrateError, MigratedJson, Options, migrate_json};
use versori_model::{ApiVersion, Document, Hint, Kind};
use versori_validate::{Code, Pointer, Severity, ValidationMessage};

use crate::input::{InputDocument, InputOptions, Inputs};
use crate::output::{self, Format, Outcome};
use crate::ui::{Summary, Ui, summary::count};
use crate::{pipeline, progress};

/// How many documents are migrated in parallel before their output is written.
const CHUNK: usize = 512;

/// The examples and exit statuses at the end of `versori migrate --help`.
pub const AFTER_HELP: &str = "\
Examples:
  Migrate everything under a directory to v2; what cannot migrate goes to the rejects file
  with its reasons, the rest to the output:
    versori migrate --to v2 --output out.ndjson --rejects rejected.ndjson examples/
  All or nothing (no --rejects): one document that cannot migrate means nothing is written:
    versori migrate --to v1 --output connector.v1.json connector.json
  Keep what v2 cannot hold, for a lossless way back to v1:
    versori migrate --to v2 --preserve --output out.ndjson connections.ndjson
  Only the errors and the summary; every message as JSON in a file:
    versori migrate -q --to v2 --report report.ndjson --output out.ndjson examples/
  A stream through a pipe (documents on stdout, messages on stderr):
    cat v1.ndjson | versori migrate --to v2 - > v2.ndjson

Output:
  Migrated documents on stdout, or in --output (written atomically). Messages on stderr,
  `path[:line]: severity[code] /pointer: text` (the document root is `(root)`), then a tally
  of messages by code after a long run, then the summary, and `nothing was written` when so.

Exit status:
  0  every document migrated without error
  1  a document could not migrate, or its migrated form has errors
  2  usage error, or an input or output could not be read or written";

/// Arguments of `versori migrate`.
#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The version to migrate to.
    #[arg(long, value_name = "V", value_parser = crate::api_version_parser())]
    pub to: ApiVersion,

    /// The documents' version (detected from the shape when absent).
    #[arg(long, value_name = "V", value_parser = crate::api_version_parser())]
    pub from: Option<ApiVersion>,

    /// The documents' kind (detected from the shape when absent).
    #[arg(long, value_name = "K", value_parser = crate::kind_parser())]
    pub kind: Option<Kind>,

    /// Keep what the target cannot hold under `x-versori-preserved`, for a lossless way back.
    #[arg(long, conflicts_with = "strict")]
    pub preserve: bool,

    /// Refuse any document that would lose a field.
    #[arg(long)]
    pub strict: bool,

    /// The organisation to give documents that name none where the target requires one (a
    /// standalone v1alpha1 credential going to v1); without it they are refused.
    #[arg(long, value_name = "ID")]
    pub organisation_id: Option<String>,

    /// Write the migrated documents here (atomically) instead of stdout.
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Write documents that cannot migrate here (NDJSON, with their reasons) and migrate the
    /// rest; without it, one failure means nothing is written.
    #[arg(long, value_name = "PATH")]
    pub rejects: Option<PathBuf>,

    /// Write every message as JSON here (one object per document, one per line).
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,

    /// Output format: `human` shows messages on stderr; `json` writes one record per document
    /// on stdout, as --report does (the documents must then go to --output).
    #[arg(
        long,
        value_enum,
        default_value_t = Format::Human,
        hide_possible_values = true,
        requires_if("json", "output")
    )]
    pub format: Format,

    /// A file (`.json`: one document; `.ndjson`/`.jsonl`: one per line), a directory, or `-`.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
}

/// One document's outcome, as `--report` and `--format json` write it.
#[derive(Serialize)]
struct DocumentLine<'a> {
    source: &'a str,
    line: Option<usize>,
    #[serde(rename = "apiVersion")]
    api_version: Option<ApiVersion>,
    kind: Option<Kind>,
    to: ApiVersion,
    migrated: bool,
    valid: bool,
    messages: &'a [ValidationMessage],
}

/// One rejected document, as `--rejects` writes it.
#[derive(Serialize)]
struct RejectLine<'a> {
    source: &'a str,
    line: Option<usize>,
    reason: &'a str,
    messages: &'a [ValidationMessage],
    document: Option<&'a Value>,
}

/// How a run of `versori migrate` went, for the summary: counts, and whether the output was
/// written at all (all or nothing without `--rejects`; nothing when an input is unreadable).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MigrateSummary {
    /// Documents that migrated.
    pub migrated: usize,
    /// Documents that could not be read, or could not migrate.
    pub refused: usize,
    /// Inputs that could not be read at all (I/O).
    pub unreadable: usize,
    /// Warnings, over every document.
    pub warnings: usize,
    /// Whether the migrated documents were written (to `--output` or stdout).
    pub written: bool,
}

/// What migrating one input produced.
struct Result1 {
    api_version: Option<ApiVersion>,
    kind: Option<Kind>,
    output: Result<Vec<u8>, String>,
    messages: Vec<ValidationMessage>,
}

/// Runs `versori migrate`.
pub fn run(
    args: &MigrateArgs,
    options: InputOptions,
    ui: &mut Ui,
    out: &mut impl Write,
) -> io::Result<Outcome> {
    // An impossible `--from`/`--kind` pair is a usage error, as in every verb.
    if output::impossible_pair(
        ui,
        Hint::default()
            .maybe_version(args.from)
            .maybe_kind(args.kind),
    ) {
        ui.flush(out)?;
        return Ok(Outcome::Failure);
    }
    let pretty = args.path.extension().is_some_and(|e| e == "json");
    let loss = if args.strict {
        Loss::Refuse
    } else if args.preserve {
        Loss::Preserve
    } else {
        Loss::Report
    };
    let opts = match &args.organisation_id {
        Some(id) => Options::default().loss(loss).organisation_id(id.clone()),
        None => Options::default().loss(loss),
    };
    let mut spool = match Spool::new(args.output.as_deref()) {
        Ok(spool) => spool,
        Err(err) => {
            ui.error(None, &format_args!("cannot create the output file: {err}"));
            ui.flush(out)?;
            return Ok(Outcome::Failure);
        }
    };
    let mut rejects = match args
        .rejects
        .as_deref()
        .map(|p| Spool::new(Some(p)))
        .transpose()
    {
        Ok(r) => r,
        Err(err) => {
            ui.error(None, &format_args!("cannot create the rejects file: {err}"));
            ui.flush(out)?;
            return Ok(Outcome::Failure);
        }
    };
    let mut report = match args
        .report
        .as_deref()
        .map(|p| Spool::new(Some(p)))
        .transpose()
    {
        Ok(r) => r,
        Err(err) => {
            ui.error(None, &format_args!("cannot create the report file: {err}"));
            ui.flush(out)?;
            return Ok(Outcome::Failure);
        }
    };
    let mut outcome = Outcome::Success;
    let (mut migrated, mut refused, mut unreadable) = (0usize, 0usize, 0usize);
    ui.show_messages(args.format == Format::Human);
    let reads = ui.start_progress(progress::total_size([&args.path]));
    let chunks = Inputs::new([&args.path], options)
        .with_progress(reads)
        .deferred()
        .read_ahead(CHUNK)?;
    let hint = Hint::default()
        .maybe_version(args.from)
        .maybe_kind(args.kind);
    // Parse, migrate, serialize and drop the parsed value on the workers; this thread writes
    // in input order.
    let work = |doc: &mut InputDocument| -> Result1 {
        // The fast path reads the document straight from its text (see
        // `Document::read_str_fast`); a same-version run needs the JSON as read, to compare,
        // so it takes the ordinary path.
        let fast = doc
            .unparsed_text()
            .and_then(|text| Document::read_str_fast(text, hint))
            .filter(|document| document.api_version() != args.to);
        let result = match fast {
            Some(document) => migrate_document(document, None, args, &opts, pretty),
            None => {
                doc.parse();
                migrate_one(doc, args, &opts, pretty)
            }
        };
        doc.release();
        result
    };
    pipeline::in_order(chunks, work, |chunk, results| {
        for (doc, result) in chunk.iter().zip(results) {
            if let Err(err) = &doc.value {
                if err.is_io() {
                    unreadable += 1;
                    outcome.add(Outcome::Failure);
                    output::input_failure(ui, doc, err);
                    continue;
                }
            }
            let has_errors = result
                .messages
                .iter()
                .any(|m| m.severity == Severity::Error);
            let line = DocumentLine {
                source: &doc.source,
                line: doc.line,
                api_version: result.api_version,
                kind: result.kind,
                to: args.to,
                migrated: result.output.is_ok(),
                valid: !has_errors,
                messages: &result.messages,
            };
            if let Some(report) = report.as_mut() {
                output::json_line(&mut report.file, &line)?;
            }
            show(ui, args.format, doc, &line, result.output.as_ref().err())?;
            match &result.output {
                Ok(bytes) => {
                    migrated += 1;
                    if has_errors {
                        outcome.add(Outcome::Problems);
                    }
                    spool.file.write_all(bytes)?;
                }
                Err(reason) => {
                    refused += 1;
                    outcome.add(Outcome::Problems);
                    if let Some(rejects) = rejects.as_mut() {
                        let reject = RejectLine {
                            source: &doc.source,
                            line: doc.line,
                            reason,
                            messages: &result.messages,
                            document: doc.value.as_ref().ok(),
                        };
                        output::json_line(&mut rejects.file, &reject)?;
                    }
                }
            }
        }
        ui.documents_done(chunk.len());
        ui.flush(out)
    })?;
    // The documents may go to stdout, the same terminal as the bar: remove it first.
    ui.stop_progress();
    // All or nothing: without --rejects, one failure means no output at all.
    let write_output = refused == 0 || rejects.is_some();
    if let Some(report) = report {
        report.commit(None)?;
    }
    if let Some(rejects) = rejects {
        rejects.commit(None)?;
    }
    let mut trailer = Vec::new();
    if write_output && unreadable == 0 {
        spool.commit(Some(out as &mut dyn Write))?;
    } else {
        drop(spool); // the temporary file is removed, nothing reaches the destination
        trailer.push(if unreadable > 0 {
            format!(
                "nothing was written: {} could not be read",
                count(unreadable, "input", "inputs")
            )
        } else {
            format!(
                "nothing was written: {} could not migrate (use --rejects to write the rest)",
                count(refused, "document", "documents")
            )
        });
    }
    let summary = Summary::documents(
        migrated + refused,
        vec![(migrated, "migrated"), (refused, "refused")],
    )
    .unreadable(unreadable);
    ui.finish(out, &summary, &trailer)?;
    Ok(outcome)
}

/// Why a document is rejected: [`versori_migrate::rejection_reason`].
fn reason(messages: &[ValidationMessage], fallback: &str) -> String {
    versori_migrate::rejection_reason(messages, fallback)
}

/// Reads, migrates and serializes one input document.
fn migrate_one(doc: &InputDocument, args: &MigrateArgs, opts: &Options, pretty: bool) -> Result1 {
    let value = match &doc.value {
        Ok(value) => value,
        Err(err) => {
            // Reported as `versori validate` reports it, and the reason in the same safe words.
            let messages = vec![crate::validate::unreadable(doc, err)];
            return Result1 {
                api_version: None,
                kind: None,
                output: Err(reason(&messages, "the document cannot be read")),
                messages,
            };
        }
    };
    let hint = Hint::default()
        .maybe_version(args.from)
        .maybe_kind(args.kind);
    if !doc.duplicates.is_empty() {
        // Readers disagree on which value of a duplicated key counts: refused, with what
        // validation says (as the database store refuses it).
        let refused = versori_migrate::refuse_repeated_keys(value, &doc.duplicates, hint);
        return Result1 {
            api_version: refused.api_version,
            kind: refused.kind,
            output: Err(refused.reason),
            messages: refused.messages,
        };
    }
    let document = match Document::read_as_ref(value, hint) {
        Ok(document) => document,
        Err(_) => {
            // Say why in the same terms `versori validate` would.
            let opts = versori_validate::ValidateOptions::default();
            let (api_version, kind, messages) =
                match versori_validate::validate_value_as(value, hint, &opts) {
                    Ok(validated) => (
                        Some(validated.api_version),
                        Some(validated.kind),
                        validated.report.into_messages(),
                    ),
                    Err(input) => (args.from, args.kind, vec![input.to_message()]),
                };
            return Result1 {
                api_version,
                kind,
                output: Err(versori_migrate::unread_reason(&messages, api_version, kind)),
                messages,
            };
        }
    };
    migrate_document(document, Some(value), args, opts, pretty)
}

/// Migrates a document that was read, and serializes the result. `read` is the JSON it was read
/// from, needed (only) to say where a same-version round trip writes something differently.
fn migrate_document(
    document: Document,
    read: Option<&Value>,
    args: &MigrateArgs,
    opts: &Options,
    pretty: bool,
) -> Result1 {
    let (api_version, kind) = (Some(document.api_version()), Some(document.kind()));
    let same_version = document.api_version() == args.to;
    // Compact output is the text the migration's read-back check already wrote.
    let migrated = migrate_json(document, args.to, opts)
        .map(|MigratedJson { migrated, json, .. }| (migrated, json));
    match migrated {
        Ok((mut done, json)) => {
            if same_version {
                // Migrating to its own version is a check that the typed round trip loses
                // nothing: say where the written JSON differs from what was read.
                let written = done.document.to_value().unwrap_or(Value::Null);
                let mut paths = Vec::new();
                if let Some(read) = read {
                    differences(read, &written, Pointer::root(), &mut paths);
                }
                for path in paths {
                    done.report.push(ValidationMessage::new(
                        Code::Normalized,
                        Severity::Info,
                        path,
                        "the typed round trip writes this differently (see the README's normalisation list)",
                    ));
                }
            }
            let output = if pretty {
                let mut bytes = Vec::new();
                serde_json::to_writer_pretty(&mut bytes, &done.document)
                    .map(|()| bytes.push(b'\n'))
                    .map(|()| bytes)
                    .map_err(|e| e.to_string())
            } else {
                let mut bytes = json.into_bytes();
                bytes.push(b'\n');
                Ok(bytes)
            };
            Result1 {
                api_version,
                kind,
                output,
                messages: done.report.into_messages(),
            }
        }
        Err(err) => {
            let messages = match &err {
                MigrateError::Refused { report, .. } | MigrateError::NotReadBack { report, .. } => {
                    report.messages().to_vec()
                }
                // `NoCounterpart`, and any reason a later release adds: one message at the root.
                _ => vec![ValidationMessage::new(
                    Code::NotRepresentable,
                    Severity::Error,
                    Pointer::root(),
                    err.to_string(),
                )],
            };
            Result1 {
                api_version,
                kind,
                output: Err(reason(&messages, &err.to_string())),
                messages,
            }
        }
    }
}

/// Shows one document's messages (human, on stderr) or writes its record (json, on stdout).
fn show(
    ui: &mut Ui,
    format: Format,
    doc: &InputDocument,
    line: &DocumentLine<'_>,
    refusal: Option<&String>,
) -> io::Result<()> {
    let location = doc.location();
    ui.messages(&location, line.messages);
    let unexplained = !line.migrated && line.messages.iter().all(|m| m.severity != Severity::Error);
    if unexplained {
        // Refused without an error message to say why: say it here.
        ui.count(Severity::Error, None);
    }
    match format {
        Format::Json => output::json_line(ui.out(), line),
        Format::Human => {
            if unexplained {
                let reason = refusal.map_or("", String::as_str);
                ui.error(Some(&location), &format_args!("not migrated: {reason}"));
            }
            Ok(())
        }
    }
}

/// A temporary file that becomes `dest` (or is copied to stdout) only on commit.
struct Spool {
    file: BufWriter<tempfile::NamedTempFile>,
    dest: Option<PathBuf>,
}

impl Spool {
    fn new(dest: Option<&Path>) -> io::Result<Self> {
        let file = match dest {
            Some(dest) => {
                let dir = dest
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                tempfile::NamedTempFile::new_in(dir)?
            }
            None => tempfile::NamedTempFile::new()?,
        };
        Ok(Self {
            file: BufWriter::new(file),
            dest: dest.map(Path::to_path_buf),
        })
    }

    /// Renames the spool onto its destination, or copies it to `stdout`.
    fn commit(self, stdout: Option<&mut dyn Write>) -> io::Result<()> {
        let mut file = self.file.into_inner().map_err(|e| e.into_error())?;
        match (self.dest, stdout) {
            (Some(dest), _) => {
                file.as_file().sync_all()?;
                file.persist(dest).map(drop).map_err(|e| e.error)
            }
            (None, Some(out)) => {
                let handle = file.as_file_mut();
                handle.rewind()?;
                io::copy(handle, out).map(drop)
            }
            (None, None) => Ok(()),
        }
    }
}

/// The pointers at which two JSON values differ (a missing key, a different scalar or length).
fn differences(a: &Value, b: &Value, at: Pointer, out: &mut Vec<Pointer>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                match (x.get(key), y.get(key)) {
                    (Some(p), Some(q)) => differences(p, q, at.join(key.as_str()), out),
                    _ => out.push(at.join(key.as_str())),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                differences(p, q, at.join(i), out);
            }
        }
        _ if a != b => out.push(at),
        _ => {}
    }
}
