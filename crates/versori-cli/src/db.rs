//! `versori db`: validate and migrate documents where they are stored, in a PostgreSQL table
//! (`jsonb`, `json` or `text` column), through [`versori_store`].
//!
//! Per-row results are data (stdout); the progress bar and the summary go to stderr. Exit
//! status as for files: 0 all well, 1 a row has a problem (an error, a rejected row, a
//! conflict), 2 a usage, connection or database failure.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use serde_json::Value;
use versori_migrate::Loss;
use versori_model::{ApiVersion, Hint, Kind};
use versori_store::{
    MigrateRun, RowMigration, RowStatus, RowValidation, Source, Store, StoreError, ValidateRun,
};
use versori_validate::{Severity, ValidationMessage};

use crate::output::{self, Format, Outcome};
use crate::report::{Summary, render_human};

/// Arguments of `versori db`.
#[derive(Debug, Args)]
pub struct DbArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: DbCommand,
}

/// The `db` verbs.
#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Check every row's document, as `versori validate` checks a file.
    Validate(DbValidateArgs),
    /// Migrate every row's document in place (originals saved to a backup table) or into
    /// another column; resumable, each batch in one transaction.
    Migrate(DbMigrateArgs),
    /// Put back the originals a migration run saved (also for a run that was killed).
    Restore(DbRestoreArgs),
}

/// How to reach the database.
#[derive(Debug, Args)]
pub struct Connection {
    /// `postgres://user:password@host:port/db` (a Unix socket: `postgres://user@/db?host=/run/postgresql`);
    /// falls back to `DATABASE_URL`.
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
}

impl Connection {
    fn connect(&self) -> Result<Store, StoreError> {
        let url = self
            .database_url
            .clone()
            .or_else(|| std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty()))
            .ok_or_else(|| {
                StoreError::Usage("no database: give --database-url URL or set DATABASE_URL".into())
            })?;
        Store::connect(&url)
    }
}

/// Which rows.
#[derive(Debug, Args)]
pub struct Rows {
    /// The table (`name`, or `schema.name`); names are taken as written, case-sensitive.
    #[arg(long, value_name = "T")]
    pub table: String,

    /// The column holding one document per row (`jsonb`, `json` or `text`).
    #[arg(long, value_name = "C")]
    pub column: String,

    /// A unique, non-null column to page through the rows by (text, uuid, integer, ...).
    #[arg(long, value_name = "K", default_value = "id")]
    pub key: String,

    /// Only rows for which this SQL boolean expression holds. It is SQL, spliced into the
    /// query as written (the table is aliased `versori_t`): never pass untrusted text.
    #[arg(long = "where", value_name = "SQL")]
    pub filter: Option<String>,

    /// Rows read, checked and written per batch (one transaction each).
    #[arg(long, value_name = "N", default_value_t = versori_store::DEFAULT_BATCH_SIZE as u64,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub batch_size: u64,
}

impl Rows {
    fn source(&self) -> Source {
        let source = Source::new(&self.table, &self.column).key(&self.key);
        match &self.filter {
            Some(sql) => source.filter(sql),
            None => source,
        }
    }
}

/// Arguments of `versori db validate`.
#[derive(Debug, Args)]
pub struct DbValidateArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub connection: Connection,

    #[command(flatten)]
    #[allow(missing_docs)]
    pub rows: Rows,

    /// The documents' version (detected from the shape when absent).
    #[arg(long, value_name = "V", value_parser = crate::api_version_parser())]
    pub api_version: Option<ApiVersion>,

    /// The documents' kind (detected from the shape when absent).
    #[arg(long, value_name = "K", value_parser = crate::kind_parser())]
    pub kind: Option<Kind>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Arguments of `versori db migrate`.
#[derive(Debug, Args)]
pub struct DbMigrateArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub connection: Connection,

    #[command(flatten)]
    #[allow(missing_docs)]
    pub rows: Rows,

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

    /// Refuse (reject) any row that would lose a field.
    #[arg(long)]
    pub strict: bool,

    /// The organisation id for values the target needs and the source lacks (recorded with
    /// the run; applied once the migration library takes it).
    // TODO(organisation-id): passed to versori_store::MigrateRun, which hands it to
    // versori-migrate once `Options::organisation_id` lands.
    #[arg(long, value_name = "ID")]
    pub organisation_id: Option<String>,

    /// Write the result to this existing column and leave the source column untouched.
    #[arg(long, value_name = "COLUMN", conflicts_with = "backup_table")]
    pub into: Option<String>,

    /// Where in-place runs save each original (default `<table>_versori_backup`, in the
    /// table's schema).
    #[arg(long, value_name = "NAME")]
    pub backup_table: Option<String>,

    /// Read and migrate every row, write nothing (no backup, no runs row, no table created).
    #[arg(long)]
    pub dry_run: bool,

    /// Write rows that cannot migrate here (NDJSON: source, key, reason, messages).
    #[arg(long, value_name = "PATH")]
    pub rejects: Option<PathBuf>,

    /// Write every row's outcome here (NDJSON, one object per row).
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,

    /// How per-row messages are shown on stdout.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Arguments of `versori db restore`.
#[derive(Debug, Args)]
pub struct DbRestoreArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub connection: Connection,

    /// The backup table the run saved its originals in.
    #[arg(long, value_name = "NAME")]
    pub backup_table: String,

    /// The run to put back (its id in `versori_runs`, printed by `db migrate`).
    #[arg(long = "run", value_name = "RUN_ID")]
    pub run: i64,
}

/// The `versori validate --format json` record of one row: `source` is the table and `key`
/// the row's key (as JSON) where a file has its path and line.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RowReport<'a> {
    source: &'a str,
    key: &'a Value,
    api_version: Option<ApiVersion>,
    kind: Option<Kind>,
    valid: bool,
    messages: &'a [ValidationMessage],
}

/// One row's outcome, as `db migrate --report` and `--format json` write it (the file
/// verb's record, with `key` for `line` and the row's `status`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MigrateLine<'a> {
    source: &'a str,
    key: &'a Value,
    api_version: Option<ApiVersion>,
    kind: Option<Kind>,
    to: ApiVersion,
    status: RowStatus,
    migrated: bool,
    valid: bool,
    messages: &'a [ValidationMessage],
}

/// One row that cannot migrate, as `--rejects` writes it. The document stays in the table.
#[derive(Serialize)]
struct RejectLine<'a> {
    source: &'a str,
    key: &'a Value,
    reason: &'a str,
    messages: &'a [ValidationMessage],
}

/// Runs `versori db ...`.
pub fn run(args: &DbArgs, out: &mut impl Write) -> io::Result<Outcome> {
    let result = match &args.command {
        DbCommand::Validate(args) => validate(args, out),
        DbCommand::Migrate(args) => migrate(args, out),
        DbCommand::Restore(args) => restore(args, out),
    };
    match result {
        Ok(outcome) => Ok(outcome),
        Err(Failure::Store(err)) => {
            output::diagnostic(out, &format!("error: {err}"))?;
            Ok(Outcome::Failure)
        }
        Err(Failure::Io(err)) => Err(err),
    }
}

enum Failure {
    Store(StoreError),
    Io(io::Error),
}

impl From<StoreError> for Failure {
    fn from(err: StoreError) -> Self {
        Self::Store(err)
    }
}

impl From<io::Error> for Failure {
    fn from(err: io::Error) -> Self {
        Self::Io(err)
    }
}

/// A progress bar on a terminal (never in pipes), sized by a count of the rows.
fn progress(store: &mut Store, source: &Source) -> Option<ProgressBar> {
    if !io::stderr().is_terminal() {
        return None;
    }
    let total = store.count(source).ok()?;
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{wide_bar} {pos}/{len} rows ({per_sec}, {eta} left)").ok()?,
    );
    Some(bar)
}

/// Writes to stdout without tearing the progress bar.
fn emit(bar: Option<&ProgressBar>, out: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    if bytes.is_empty() {
        return Ok(());
    }
    match bar {
        Some(bar) => bar.suspend(|| out.write_all(bytes).and_then(|()| out.flush())),
        None => out.write_all(bytes),
    }
}

fn location(table: &str, key: &Value) -> String {
    format!("{table}[{key}]")
}

fn validate(args: &DbValidateArgs, out: &mut impl Write) -> Result<Outcome, Failure> {
    let hint = Hint::default()
        .maybe_version(args.api_version)
        .maybe_kind(args.kind);
    if output::impossible_pair(out, hint)? {
        return Ok(Outcome::Failure);
    }
    let mut store = args.connection.connect()?;
    let source = args.rows.source();
    let bar = progress(&mut store, &source);
    let options = ValidateRun::default()
        .hint(hint)
        .batch_size(usize::try_from(args.rows.batch_size).unwrap_or(usize::MAX));
    let mut summary = Summary::default();
    let mut written: io::Result<()> = Ok(());
    let table = args.rows.table.as_str();
    store.validate(&source, &options, |row: RowValidation| {
        if let Some(bar) = &bar {
            bar.inc(1);
        }
        summary.add(&row.messages);
        if written.is_err() {
            return;
        }
        let mut text = Vec::new();
        let valid = !row.messages.iter().any(|m| m.severity == Severity::Error);
        written = match args.format {
            Format::Json => output::json_line(
                &mut text,
                &RowReport {
                    source: table,
                    key: &row.key,
                    api_version: row.api_version,
                    kind: row.kind,
                    valid,
                    messages: &row.messages,
                },
            ),
            Format::Human => {
                text = render_human(&row.messages, &location(table, &row.key), None).into_bytes();
                Ok(())
            }
        }
        .and_then(|()| emit(bar.as_ref(), out, &text));
    })?;
    written?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if args.format == Format::Human {
        output::diagnostic(out, &summary.to_string())?;
    }
    Ok(if summary.invalid > 0 {
        Outcome::Problems
    } else {
        Outcome::Success
    })
}

fn create(path: &PathBuf, what: &str) -> Result<BufWriter<File>, Failure> {
    File::create(path).map(BufWriter::new).map_err(|err| {
        Failure::Store(StoreError::Usage(format!(
            "cannot create the {what} file {}: {err}",
            path.display()
        )))
    })
}

fn migrate(args: &DbMigrateArgs, out: &mut impl Write) -> Result<Outcome, Failure> {
    let hint = Hint::default()
        .maybe_version(args.from)
        .maybe_kind(args.kind);
    if output::impossible_pair(out, hint)? {
        return Ok(Outcome::Failure);
    }
    let loss = if args.strict {
        Loss::Refuse
    } else if args.preserve {
        Loss::Preserve
    } else {
        Loss::Report
    };
    let options = MigrateRun::new(args.to)
        .hint(hint)
        .loss(loss)
        .organisation_id(args.organisation_id.clone())
        .into_column(args.into.clone())
        .backup_table(args.backup_table.clone())
        .batch_size(usize::try_from(args.rows.batch_size).unwrap_or(usize::MAX))
        .dry_run(args.dry_run);
    let mut report = args
        .report
        .as_ref()
        .map(|p| create(p, "report"))
        .transpose()?;
    let mut rejects = args
        .rejects
        .as_ref()
        .map(|p| create(p, "rejects"))
        .transpose()?;
    let mut store = args.connection.connect()?;
    let source = args.rows.source();
    let bar = progress(&mut store, &source);
    let table = args.rows.table.as_str();
    let mut with_errors = 0u64;
    let mut warnings = 0usize;
    let mut written: io::Result<()> = Ok(());
    let summary = store.migrate(&source, &options, |row: RowMigration| {
        if let Some(bar) = &bar {
            bar.inc(1);
        }
        let has_errors = row.has_errors();
        with_errors += u64::from(has_errors && row.status != RowStatus::Rejected);
        warnings += row
            .messages
            .iter()
            .filter(|m| m.severity == Severity::Warning)
            .count();
        if written.is_err() {
            return;
        }
        let line = MigrateLine {
            source: table,
            key: &row.key,
            api_version: row.api_version,
            kind: row.kind,
            to: args.to,
            status: row.status,
            migrated: matches!(row.status, RowStatus::Migrated | RowStatus::Unchanged),
            valid: !has_errors,
            messages: &row.messages,
        };
        written = (|| {
            if let Some(report) = report.as_mut() {
                output::json_line(report, &line)?;
            }
            if let (Some(rejects), Some(reason)) = (rejects.as_mut(), row.reason.as_deref()) {
                output::json_line(
                    rejects,
                    &RejectLine {
                        source: table,
                        key: &row.key,
                        reason,
                        messages: &row.messages,
                    },
                )?;
            }
            let mut text = Vec::new();
            match args.format {
                Format::Json => output::json_line(&mut text, &line)?,
                Format::Human => {
                    let at = location(table, &row.key);
                    text = render_human(&row.messages, &at, None).into_bytes();
                    if row.status == RowStatus::Rejected && !has_errors {
                        writeln!(text, "{at}: error: not migrated")?;
                    }
                }
            }
            emit(bar.as_ref(), out, &text)
        })();
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    // Whatever happened, what was reported so far is on disk.
    for file in [report.as_mut(), rejects.as_mut()].into_iter().flatten() {
        file.flush()?;
    }
    let summary = summary?;
    written?;
    let counts = summary.counts;
    let mut line = format!(
        "{table}: {} read, {} {} to {}, {} unchanged, {} rejected, {} {}; {}",
        output::count(
            usize::try_from(counts.read).unwrap_or(usize::MAX),
            "row",
            "rows"
        ),
        counts.migrated,
        if args.dry_run {
            "would be migrated"
        } else {
            "migrated"
        },
        args.to,
        counts.unchanged,
        counts.rejected,
        counts.conflicts,
        if counts.conflicts == 1 {
            "conflict"
        } else {
            "conflicts"
        },
        output::count(warnings, "warning", "warnings"),
    );
    match (&summary.run_id, &summary.resumed_after) {
        (Some(id), Some(after)) => line.push_str(&format!(
            "; resumed run {id} after key {after} (whole run: {} read, {} migrated, {} rejected, {} conflicts)",
            summary.totals.read,
            summary.totals.migrated,
            summary.totals.rejected,
            summary.totals.conflicts
        )),
        (Some(id), None) => line.push_str(&format!("; run {id}")),
        (None, _) => line.push_str("; dry run: nothing was written"),
    }
    if let (Some(id), Some(backup)) = (summary.run_id, &summary.backup_table) {
        if summary.totals.migrated > 0 {
            line.push_str(&format!(
                " (originals in {backup}: `versori db restore --backup-table {backup} --run {id}`)"
            ));
        }
    }
    output::diagnostic(out, &line)?;
    let totals = summary.totals;
    Ok(
        if totals.rejected > 0 || totals.conflicts > 0 || with_errors > 0 {
            Outcome::Problems
        } else {
            Outcome::Success
        },
    )
}

fn restore(args: &DbRestoreArgs, out: &mut impl Write) -> Result<Outcome, Failure> {
    let mut store = args.connection.connect()?;
    let done = store.restore(&args.backup_table, args.run)?;
    output::diagnostic(
        out,
        &format!(
            "run {}: {} originals, {} restored, {} already as saved, {} no longer in the table; \
             what was overwritten is saved as run {}",
            done.restored_run,
            done.originals,
            done.restored,
            done.unchanged,
            done.missing,
            done.run_id
        ),
    )?;
    Ok(if done.missing > 0 {
        Outcome::Problems
    } else {
        Outcome::Success
    })
}
