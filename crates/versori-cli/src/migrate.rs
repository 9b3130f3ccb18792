//! `versori migrate`: move documents to another API version, reporting every loss.
//!
//! Output is spooled to a temporary file next to its destination and only then renamed into
//! place (or copied to stdout), so a failed run never leaves a half-written file, and "all or
//! nothing" holds without holding the stream in memory. Documents are migrated in chunks on all
//! cores; output order is input order.

use std::io::{self, BufWriter, IsTerminal, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;
use versori_migrate::{Loss, MigrateError, Options, migrate};
use versori_model::{ApiVersion, Document, Hint, Kind};
use versori_validate::{Code, Pointer, Severity, ValidationMessage};

use crate::input::{InputDocument, InputError, InputOptions, Inputs};
use crate::output::{self, Format, Outcome};
use crate::report::render_human;

/// How many documents are migrated in parallel before their output is written.
const CHUNK: usize = 512;

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

    /// How messages are shown (on stdout with --output, else on stderr).
    #[arg(long, value_enum, default_value_t = Format::Human)]
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
pub fn run(args: &MigrateArgs, options: InputOptions, out: &mut impl Write) -> io::Result<Outcome> {
    execute(args, options, out).map(|(outcome, _)| outcome)
}

/// Runs `versori migrate`, and says what it did ([`MigrateSummary`]).
pub fn execute(
    args: &MigrateArgs,
    options: InputOptions,
    out: &mut impl Write,
) -> io::Result<(Outcome, MigrateSummary)> {
    // An impossible `--from`/`--kind` pair is a usage error, as in every verb.
    if output::impossible_pair(
        out,
        Hint::default()
            .maybe_version(args.from)
            .maybe_kind(args.kind),
    )? {
        return Ok((Outcome::Failure, MigrateSummary::default()));
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
            output::diagnostic(out, &format!("error: cannot create the output file: {err}"))?;
            return Ok((Outcome::Failure, MigrateSummary::default()));
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
            output::diagnostic(
                out,
                &format!("error: cannot create the rejects file: {err}"),
            )?;
            return Ok((Outcome::Failure, MigrateSummary::default()));
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
            output::diagnostic(out, &format!("error: cannot create the report file: {err}"))?;
            return Ok((Outcome::Failure, MigrateSummary::default()));
        }
    };
    let messages_to_stdout = args.output.is_some();
    let mut outcome = Outcome::Success;
    let (mut migrated, mut refused, mut unreadable, mut warnings) =
        (0usize, 0usize, 0usize, 0usize);
    let started = Instant::now();
    let progress = io::stderr().is_terminal();
    let mut inputs = Inputs::new([&args.path], options).peekable();
    while inputs.peek().is_some() {
        let chunk: Vec<InputDocument> = inputs.by_ref().take(CHUNK).collect();
        let results: Vec<Result1> = chunk
            .par_iter()
            .map(|doc| migrate_one(doc, args, &opts, pretty))
            .collect();
        for (doc, result) in chunk.iter().zip(results) {
            if let Err(err) = &doc.value {
                if err.is_io() {
                    unreadable += 1;
                    outcome.add(Outcome::Failure);
                    output::input_failure(out, doc, err)?;
                    continue;
                }
            }
            warnings += result
                .messages
                .iter()
                .filter(|m| m.severity == Severity::Warning)
                .count();
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
            show(out, args.format, messages_to_stdout, doc, &line)?;
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
        if progress && started.elapsed().as_secs() >= 1 {
            let _ = write!(
                io::stderr().lock(),
                "\r{} documents read",
                migrated + refused + unreadable
            );
        }
    }
    if progress && started.elapsed().as_secs() >= 1 {
        let _ = writeln!(io::stderr().lock());
    }
    // All or nothing: without --rejects, one failure means no output at all; an input that
    // cannot be read at all means none either.
    let written = (refused == 0 || rejects.is_some()) && unreadable == 0;
    if let Some(report) = report {
        report.commit(None)?;
    }
    if let Some(rejects) = rejects {
        rejects.commit(None)?;
    }
    if written {
        spool.commit(Some(out as &mut dyn Write))?;
    } else {
        drop(spool); // the temporary file is removed, nothing reaches the destination
        let why = if unreadable > 0 {
            "an input could not be read"
        } else {
            "a document could not migrate (use --rejects to migrate the rest)"
        };
        output::diagnostic(out, &format!("nothing was written: {why}"))?;
    }
    let summary = MigrateSummary {
        migrated,
        refused,
        unreadable,
        warnings,
        written,
    };
    let line = format!(
        "{}: {migrated} migrated to {}, {refused} refused{}; {}{}",
        output::count(migrated + refused, "document", "documents"),
        args.to,
        if unreadable > 0 {
            format!(", {unreadable} unreadable")
        } else {
            String::new()
        },
        output::count(warnings, "warning", "warnings"),
        if written { "" } else { "; nothing written" },
    );
    if args.format == Format::Human {
        if messages_to_stdout {
            writeln!(out, "{line}")?;
        } else {
            output::diagnostic(out, &line)?;
        }
    }
    Ok((outcome, summary))
}

/// A document that is not JSON (or is too large), as a message like any other problem: the
/// same code and text `versori validate` gives it.
fn unreadable(err: &InputError) -> ValidationMessage {
    let code = match err {
        InputError::Json { .. } => Code::InvalidJson,
        _ => Code::InvalidValue,
    };
    ValidationMessage::new(code, Severity::Error, Pointer::root(), err.to_string())
}

/// Why a document is rejected, in the words of its first error message (whose text never
/// quotes a value of the input), or `fallback`.
fn reason(messages: &[ValidationMessage], fallback: &str) -> String {
    messages
        .iter()
        .find(|m| m.severity == Severity::Error)
        .map(|m| {
            let path = if m.path.is_root() {
                "(root)"
            } else {
                m.path.as_str()
            };
            format!("{}[{}] {path}: {}", m.severity, m.code, m.text)
        })
        .unwrap_or_else(|| fallback.to_owned())
}

/// Reads, migrates and serializes one input document.
fn migrate_one(doc: &InputDocument, args: &MigrateArgs, opts: &Options, pretty: bool) -> Result1 {
    let value = match &doc.value {
        Ok(value) => value.clone(),
        Err(err) => {
            let messages = vec![unreadable(err)];
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
    let document = match Document::read_as(value.clone(), hint) {
        Ok(document) => document,
        Err(_) => {
            // Say why in the same terms `versori validate` would.
            let opts = versori_validate::ValidateOptions::default();
            let (api_version, kind, messages) =
                match versori_validate::validate_value_as(&value, hint, &opts) {
                    Ok(validated) => (
                        Some(validated.api_version),
                        Some(validated.kind),
                        validated.report.into_messages(),
                    ),
                    Err(input) => (args.from, args.kind, vec![input.to_message()]),
                };
            // Not the reader's error text, which may quote a value of the input (a secret).
            let fallback = match (api_version, kind) {
                (Some(v), Some(k)) => format!("the document does not read as a {v} {k}"),
                _ => "the document's version and kind cannot be told".to_owned(),
            };
            return Result1 {
                api_version,
                kind,
                output: Err(reason(&messages, &fallback)),
                messages,
            };
        }
    };
    let (api_version, kind) = (Some(document.api_version()), Some(document.kind()));
    let same_version = document.api_version() == args.to;
    match migrate(document, args.to, opts) {
        Ok(mut done) => {
            if same_version {
                // Migrating to its own version is a check that the typed round trip loses
                // nothing: say where the written JSON differs from what was read.
                let written = done.document.to_value().unwrap_or(Value::Null);
                let mut paths = Vec::new();
                differences(&value, &written, Pointer::root(), &mut paths);
                for path in paths {
                    done.report.push(ValidationMessage::new(
                        Code::Normalized,
                        Severity::Info,
                        path,
                        "the typed round trip writes this differently (see the README's normalisation list)",
                    ));
                }
            }
            let mut bytes = Vec::new();
            let written = if pretty {
                serde_json::to_writer_pretty(&mut bytes, &done.document)
            } else {
                serde_json::to_writer(&mut bytes, &done.document)
            };
            let output = written
                .map(|()| bytes.push(b'\n'))
                .map(|()| bytes)
                .map_err(|e| e.to_string());
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

/// Shows one document's messages (human) or its record (json).
fn show(
    out: &mut impl Write,
    format: Format,
    to_stdout: bool,
    doc: &InputDocument,
    line: &DocumentLine<'_>,
) -> io::Result<()> {
    let mut text = Vec::new();
    match format {
        Format::Json => output::json_line(&mut text, line)?,
        Format::Human => {
            // One rendering of a message for every verb (the root is `(root)`).
            text.extend_from_slice(render_human(line.messages, &doc.source, doc.line).as_bytes());
            if !line.migrated && line.messages.iter().all(|m| m.severity != Severity::Error) {
                writeln!(text, "{}: error: not migrated", doc.location())?;
            }
        }
    }
    if text.is_empty() {
        return Ok(());
    }
    if to_stdout {
        out.write_all(&text)
    } else {
        out.flush()?;
        let _ = io::stderr().lock().write_all(&text);
        Ok(())
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
