//! `versori db`: validate and migrate documents where they are stored, in a PostgreSQL table
//! (`jsonb`, `json` or `text` column), through [`versori_store`].
//!
//! It writes through the output layer like every other verb ([`crate::ui`]): per-row records
//! (`--format json`) are data, on stdout; per-row messages (`table[key]: severity[code] ...`),
//! errors, the tally and the summary (`N rows: ...`, in the file verbs' shape) go to stderr,
//! under the same levels and colour, with the same progress bar (over rows) on a terminal.
//! Exit status as for files: 0 all well, 1 a row has a problem (an error, a rejected row, a
//! conflict), 2 a usage, connection or database failure.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde::Serialize;
use serde_json::Value;
use versori_migrate::Loss;
use versori_model::{ApiVersion, Hint, Kind};
use versori_store::{
    Counts, MigrateRun, RowMigration, RowStatus, RowValidation, Source, Store, StoreError,
    ValidateRun,
};
use versori_validate::{Severity, ValidationMessage};

use crate::output::{self, Format, Outcome};
use crate::ui::summary::{count, thousands};
use crate::ui::{Summary, Ui};

/// The examples and exit statuses at the end of `versori db --help`.
pub const AFTER_HELP: &str = "\
Examples:
  Check every row's document (the URL from --database-url or DATABASE_URL):
    versori db validate --table connectors --column document
  What a migration to v2 would do, writing nothing:
    versori db migrate --to v2 --table connectors --column document --dry-run
  Migrate in place (originals saved to connectors_versori_backup), rejects listed in a file:
    versori db migrate --to v2 --table connectors --column document --rejects rejected.ndjson
  Put a run's originals back:
    versori db restore --backup-table connectors_versori_backup --run 1

Output:
  --format json records on stdout, one per row (`source` the table, `key` the row's key).
  Messages on stderr, `table[key]: severity[code] /pointer: text`, then a tally of messages
  by code after a long run, then the summary (`N rows: ...`), the run, and `nothing was
  written` when so.

Exit status:
  0  every row is well
  1  a row has a problem: an error, a rejected row, a conflict, or (restore) a row that is
     no longer in the table
  2  usage error, the database could not be reached, or it refused the work";

/// The examples and exit statuses at the end of `versori db validate --help`.
pub const VALIDATE_AFTER_HELP: &str = "\
Examples:
  Check every row (errors and warnings shown, infos counted):
    versori db validate --database-url 'postgres://app@/app?host=/run/postgresql' \\
        --table connectors --column document
  Only some rows; one JSON record per row on stdout (the summary stays on stderr):
    versori db validate --table connectors --column document \\
        --where \"versori_t.updated_at > now() - interval '1 day'\" --format json

Output:
  Messages on stderr, `table[key]: severity[code] /pointer: text` (the document root is
  `(root)`), then a tally of messages by code after a long run, then the summary.

Exit status:
  0  no row has an error
  1  a row has an error
  2  usage error, or a connection or database failure";

/// The examples and exit statuses at the end of `versori db migrate --help`.
pub const MIGRATE_AFTER_HELP: &str = "\
Examples:
  What a migration to v2 would do, writing nothing (it exits as the real run would):
    versori db migrate --to v2 --table connectors --column document --dry-run
  In place, each original saved to connectors_versori_backup; rows that cannot migrate are
  left as they are and listed in the rejects file:
    versori db migrate --to v2 --table connectors --column document --rejects rejected.ndjson
  Into another column, the source untouched; every row's outcome as JSON in a file:
    versori db migrate --to v2 --table connectors --column document --into document_v2 \\
        --report report.ndjson
  A killed run: run the same command again, it resumes after its last committed batch.

Output:
  --format json records on stdout, one per row, as --report writes them. Messages on stderr,
  `table[key]: severity[code] /pointer: text`, then a tally of messages by code after a long
  run, then the summary, the run and how to undo it, and `nothing was written` when so.

Exit status:
  0  every row migrated (or already at the target) without error
  1  a row could not migrate, its migrated form has errors, or it was changed meanwhile
     (a conflict: a rerun picks it up)
  2  usage error, or a connection or database failure";

/// The examples and exit statuses at the end of `versori db restore --help`.
pub const RESTORE_AFTER_HELP: &str = "\
Examples:
  Put back the originals run 1 saved (also for a run that was killed):
    versori db restore --backup-table connectors_versori_backup --run 1
  Undo that restore: what it overwrote is saved under its own run, printed at the end.

Exit status:
  0  every original is back (or its row already held it)
  1  a row is no longer in the table (its original stays in the backup)
  2  usage error, no such run, or a connection or database failure";

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
    #[command(after_long_help = VALIDATE_AFTER_HELP)]
    Validate(DbValidateArgs),
    /// Migrate every row's document in place (originals saved to a backup table) or into
    /// another column; resumable, each batch in one transaction.
    #[command(after_long_help = MIGRATE_AFTER_HELP)]
    Migrate(DbMigrateArgs),
    /// Put back the originals a migration run saved (also for a run that was killed).
    #[command(after_long_help = RESTORE_AFTER_HELP)]
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

    /// Output format: `human` shows messages on stderr; `json` writes one record per row on
    /// stdout, `{"source", "key", "apiVersion", "kind", "valid", "messages"}`, every message
    /// included whatever the level.
    #[arg(long, value_enum, default_value_t = Format::Human, hide_possible_values = true)]
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

    /// Output format: `human` shows messages on stderr; `json` writes one record per row on
    /// stdout, as --report does.
    #[arg(long, value_enum, default_value_t = Format::Human, hide_possible_values = true)]
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

/// Runs `versori db ...`: per-row records (`--format json`) to `out`; messages, errors, the
/// tally and the summary to standard error through `ui`.
pub fn run(args: &DbArgs, ui: &mut Ui, out: &mut impl Write) -> io::Result<Outcome> {
    let result = match &args.command {
        DbCommand::Validate(args) => validate(args, ui, out),
        DbCommand::Migrate(args) => migrate(args, ui, out),
        DbCommand::Restore(args) => restore(args, ui, out),
    };
    match result {
        Ok(outcome) => Ok(outcome),
        Err(Failure::Store(err)) => {
            // The rows reported before the failure, then why the run stopped.
            ui.stop_progress();
            ui.error(None, &err);
            ui.flush(out)?;
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

/// Starts the progress bar over the rows `source` selects, when one would be drawn: counting
/// them costs a scan, which a pipe or `-q` does not pay for.
fn start_progress(ui: &mut Ui, store: &mut Store, source: &Source) {
    if ui.may_show_progress() {
        let total = store.count(source).ok();
        ui.start_row_progress(total);
    }
}

/// Hands out what the rows wrote once per batch (the store calls back a whole batch at a time,
/// once it is checked, or committed), and moves the progress bar on: memory stays flat in the
/// table's size and the screen follows the commits.
struct Paced {
    batch: usize,
    pending: usize,
}

impl Paced {
    fn new(rows: &Rows) -> Self {
        Self {
            batch: rows.batch(),
            pending: 0,
        }
    }

    /// One more row is done.
    fn row(&mut self, ui: &mut Ui, out: &mut impl Write) -> io::Result<()> {
        self.pending += 1;
        if self.pending >= self.batch {
            self.flush(ui, out)
        } else {
            Ok(())
        }
    }

    fn flush(&mut self, ui: &mut Ui, out: &mut impl Write) -> io::Result<()> {
        ui.documents_done(std::mem::take(&mut self.pending));
        ui.flush(out)
    }
}

impl Rows {
    fn batch(&self) -> usize {
        usize::try_from(self.batch_size).unwrap_or(usize::MAX)
    }
}

/// Where a row's messages are: `table[key]`, the key as JSON (`docs[7]`, `docs["a"]`).
fn location(table: &str, key: &Value) -> String {
    format!("{table}[{key}]")
}

fn validate(args: &DbValidateArgs, ui: &mut Ui, out: &mut impl Write) -> Result<Outcome, Failure> {
    let hint = Hint::default()
        .maybe_version(args.api_version)
        .maybe_kind(args.kind);
    if output::impossible_pair(ui, hint) {
        ui.flush(out)?;
        return Ok(Outcome::Failure);
    }
    let mut store = args.connection.connect()?;
    let source = args.rows.source();
    let options = ValidateRun::default()
        .hint(hint)
        .batch_size(args.rows.batch());
    ui.show_messages(args.format == Format::Human);
    start_progress(ui, &mut store, &source);
    let table = args.rows.table.as_str();
    let mut paced = Paced::new(&args.rows);
    let mut written: io::Result<()> = Ok(());
    let done = store.validate(&source, &options, |row: RowValidation| {
        if written.is_err() {
            return;
        }
        ui.messages(&location(table, &row.key), &row.messages);
        written = match args.format {
            Format::Json => output::json_line(
                ui.out(),
                &RowReport {
                    source: table,
                    key: &row.key,
                    api_version: row.api_version,
                    kind: row.kind,
                    valid: !row.messages.iter().any(|m| m.severity == Severity::Error),
                    messages: &row.messages,
                },
            ),
            Format::Human => Ok(()),
        }
        .and_then(|()| paced.row(ui, out));
    });
    paced.flush(ui, out)?;
    let done = done?;
    written?;
    let summary = Summary::rows(
        done.rows,
        vec![
            (done.rows - done.invalid, "valid"),
            (done.invalid, "invalid"),
        ],
    );
    ui.finish(out, &summary, &[])?;
    Ok(if done.invalid > 0 {
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

/// What became of the rows, in the summary's words: `6 migrated, 2 refused`, with the rows
/// found unchanged and in conflict when there are any.
fn outcomes(counts: &Counts) -> Vec<(u64, &'static str)> {
    let mut outcomes = vec![(counts.migrated, "migrated")];
    if counts.unchanged > 0 {
        outcomes.push((counts.unchanged, "unchanged"));
    }
    outcomes.push((counts.rejected, "refused"));
    if counts.conflicts > 0 {
        let what = if counts.conflicts == 1 {
            "conflict"
        } else {
            "conflicts"
        };
        outcomes.push((counts.conflicts, what));
    }
    outcomes
}

fn migrate(args: &DbMigrateArgs, ui: &mut Ui, out: &mut impl Write) -> Result<Outcome, Failure> {
    let hint = Hint::default()
        .maybe_version(args.from)
        .maybe_kind(args.kind);
    if output::impossible_pair(ui, hint) {
        ui.flush(out)?;
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
        .batch_size(args.rows.batch())
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
    ui.show_messages(args.format == Format::Human);
    start_progress(ui, &mut store, &source);
    let table = args.rows.table.as_str();
    let mut with_errors = 0u64;
    let mut paced = Paced::new(&args.rows);
    let mut written: io::Result<()> = Ok(());
    let summary = store.migrate(&source, &options, |row: RowMigration| {
        let has_errors = row.has_errors();
        with_errors += u64::from(has_errors && row.status != RowStatus::Rejected);
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
            let at = location(table, &row.key);
            ui.messages(&at, &row.messages);
            if row.status == RowStatus::Rejected && !has_errors {
                // Rejected without an error message to say why (as `versori migrate` does).
                ui.count(Severity::Error, None);
                if args.format == Format::Human {
                    let reason = row.reason.as_deref().unwrap_or_default();
                    ui.error(Some(&at), &format_args!("not migrated: {reason}"));
                }
            }
            if args.format == Format::Json {
                output::json_line(ui.out(), &line)?;
            }
            paced.row(ui, out)
        })();
    });
    // Whatever happened, what was reported so far is shown and on disk.
    paced.flush(ui, out)?;
    for file in [report.as_mut(), rejects.as_mut()].into_iter().flatten() {
        file.flush()?;
    }
    let summary = summary?;
    written?;
    let counts = summary.counts;
    let mut trailer = Vec::new();
    if let Some(id) = summary.run_id {
        let mut line = format!("run {id}");
        if let Some(after) = &summary.resumed_after {
            let totals = &summary.totals;
            let mut whole = format!(
                " (resumed after key {after}; in all {}:",
                count(
                    usize::try_from(totals.read).unwrap_or(usize::MAX),
                    "row",
                    "rows"
                )
            );
            for (i, (n, what)) in outcomes(totals).into_iter().enumerate() {
                let sep = if i == 0 { " " } else { ", " };
                whole.push_str(&format!(
                    "{sep}{} {what}",
                    thousands(usize::try_from(n).unwrap_or(usize::MAX))
                ));
            }
            line.push_str(&whole);
            line.push(')');
        }
        if let Some(backup) = summary
            .backup_table
            .as_ref()
            .filter(|_| summary.totals.migrated > 0)
        {
            line.push_str(&format!(
                ": originals in {backup}; undo with `versori db restore --backup-table {backup} --run {id}`"
            ));
        }
        trailer.push(line);
    }
    if args.dry_run {
        trailer.push("nothing was written: a dry run".to_owned());
    } else if counts.migrated == 0 {
        trailer.push("nothing was written: no row was migrated".to_owned());
    }
    ui.finish(
        out,
        &Summary::rows(counts.read, outcomes(&counts)),
        &trailer,
    )?;
    let totals = summary.totals;
    Ok(
        if totals.rejected > 0 || totals.conflicts > 0 || with_errors > 0 {
            Outcome::Problems
        } else {
            Outcome::Success
        },
    )
}

fn restore(args: &DbRestoreArgs, ui: &mut Ui, out: &mut impl Write) -> Result<Outcome, Failure> {
    let mut store = args.connection.connect()?;
    let done = store.restore(&args.backup_table, args.run)?;
    if done.missing > 0 {
        ui.count(Severity::Warning, None);
        ui.warning(&format_args!(
            "{} of run {} no longer in the table: their originals stay in {}",
            count(
                usize::try_from(done.missing).unwrap_or(usize::MAX),
                "row is",
                "rows are"
            ),
            done.restored_run,
            args.backup_table
        ));
    }
    let summary = Summary::rows(
        done.originals,
        vec![
            (done.restored, "restored"),
            (done.unchanged, "already as saved"),
            (done.missing, "no longer in the table"),
        ],
    );
    let trailer = [format!(
        "run {} put back; what it overwrote is saved as run {} (undo with `versori db restore \
         --backup-table {} --run {}`)",
        done.restored_run, done.run_id, args.backup_table, done.run_id
    )];
    ui.finish(out, &summary, &trailer)?;
    Ok(if done.missing > 0 {
        Outcome::Problems
    } else {
        Outcome::Success
    })
}
