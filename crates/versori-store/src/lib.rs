//! Validate and migrate Versori documents where they are stored: a `jsonb`, `json` or `text`
//! column of a PostgreSQL table, in place, resumable, nothing lost.
//!
//! ```no_run
//! use versori_model::ApiVersion;
//! use versori_store::{MigrateRun, Source, Store};
//!
//! let mut store = Store::connect("postgres://app@localhost/app")?;
//! let source = Source::new("connectors", "document").key("id");
//! let summary = store.migrate(&source, &MigrateRun::new(ApiVersion::V2), |row| {
//!     println!("{} {:?}", row.key, row.status);
//! })?;
//! println!("run {:?}: {} migrated", summary.run_id, summary.counts.migrated);
//! # Ok::<(), versori_store::StoreError>(())
//! ```
//!
//! # How a migration runs
//!
//! - Rows are read in batches ([`MigrateRun::batch_size`], default 1,000) by **keyset
//!   pagination** on the key column (`WHERE key > $last ORDER BY key LIMIT n`, never `OFFSET`),
//!   so memory stays flat in the table's size and each batch costs an index range scan. The
//!   key must be unique on its own (a primary key or a unique index) and never `NULL`.
//! - Each batch is migrated in parallel ([`document::migrate_stored`]: the same calls, options
//!   and compact serialization as `versori migrate` on an NDJSON file) and written in **one
//!   transaction**. A row is written only if it is unchanged since it was read: the `UPDATE`
//!   carries `WHERE xmin = $read` (the id of the transaction that wrote the version read), which
//!   PostgreSQL re-checks against the latest version of a row a concurrent transaction changed.
//!   A row changed meanwhile (any write to it, of any column) is not written and is reported
//!   with the code `conflict`; a rerun picks it up. `xmin` rather than the value: it is one word
//!   instead of the whole document sent back, and it makes the backup exact for free (the same
//!   statement copies the very version it replaced, see `write_sql`).
//! - **In place** (the default), the original of every row written is saved, in the same
//!   transaction, to a backup table (default `<table>_versori_backup`: `run_id`, `key`,
//!   `original` in a column of the source's own type, exactly as stored, and `saved_at`).
//!   [`Store::restore`] puts a run's originals back. With [`MigrateRun::into_column`] the result
//!   goes to another, existing column and the source is never touched (no backup).
//! - A row whose migrated value equals what is stored (a row already at the target: a
//!   same-version migration changes nothing) is **not rewritten**. So a rerun after a crash or
//!   a kill finishes the job, each row migrated once and every original in the backup.
//! - Runs are recorded in `versori_runs` beside the backup table (for `--into`, beside the
//!   table): which table, column, key, target and options, when it started and finished, its
//!   counts and the last key it committed. A run that was interrupted is **resumed** by the next
//!   run with the same parameters: same run id, from the key after its last committed batch.
//!   A session advisory lock keeps two runs off the same column at once.
//! - [`MigrateRun::dry_run`] reads and migrates everything and writes nothing: no backup, no
//!   runs row, no table created.
//!
//! Rows that cannot migrate (not JSON, not an object, no counterpart, refused under
//! [`versori_migrate::Loss::Refuse`]) are left as they are and reported as
//! [`RowStatus::Rejected`].
//!
//! # SQL injection
//!
//! Table, column and key names are identifiers, always quoted ([`catalog::quote_ident`]).
//! Values, keys and run ids are bound parameters. The one exception, by design, is
//! [`Source::filter`]: a SQL boolean expression the user writes (`--where`), spliced into the
//! `WHERE` clause of the reads as it is. Only pass a filter you would type into `psql`.

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod catalog;
pub mod document;
mod restore;
mod run;
mod validate;

use postgres::error::SqlState;
use postgres::{Client, NoTls};
use serde_json::Value;
use versori_migrate::Loss;
use versori_model::{ApiVersion, Hint, Kind};
use versori_validate::{Severity, ValidationMessage};

pub use crate::catalog::{TableName, ValueType};
pub use crate::restore::RestoreSummary;

/// The default number of rows read, migrated and written per transaction.
pub const DEFAULT_BATCH_SIZE: usize = 1000;

/// The table every run is recorded in (beside the backup table).
pub const RUNS_TABLE: &str = "versori_runs";

/// A connection to the database that holds the documents.
pub struct Store {
    client: Client,
    /// How to open a second connection (for reading while writing), when known.
    config: Option<postgres::Config>,
}

impl Store {
    /// Connects to `url` (`postgres://user:password@host:port/db`, or a key-value string such
    /// as `host=/run/postgresql dbname=app`; see the `postgres` crate's `Config`). TLS is not
    /// supported: use a Unix socket or a trusted network.
    pub fn connect(url: &str) -> Result<Self, StoreError> {
        let mut config: postgres::Config = url
            .parse()
            .map_err(|e: postgres::Error| StoreError::Connect(e.to_string()))?;
        if config.get_application_name().is_none() {
            config.application_name("versori");
        }
        let client = config
            .connect(NoTls)
            .map_err(|e| StoreError::Connect(error_text(&e)))?;
        Ok(Self {
            client,
            config: Some(config),
        })
    }

    /// Wraps an existing connection. Migrations then read and write on it in turn (with
    /// [`Store::connect`] they read on a second connection while they write).
    pub fn from_client(client: Client) -> Self {
        Self {
            client,
            config: None,
        }
    }

    /// The connection, for anything this crate does not do.
    pub fn client(&mut self) -> &mut Client {
        &mut self.client
    }

    /// How many rows `source` selects (for a progress bar).
    pub fn count(&mut self, source: &Source) -> Result<u64, StoreError> {
        let table = catalog::table(&mut self.client, &TableName::parse(&source.table)?)?;
        let sql = format!(
            "SELECT count(*) FROM {} AS versori_t WHERE ({})",
            table.quoted(),
            source.filter.as_deref().unwrap_or("true")
        );
        let row = self
            .client
            .query_one(&sql, &[])
            .map_err(StoreError::from_filter)?;
        Ok(u64::try_from(row.get::<_, i64>(0)).unwrap_or(0))
    }

    /// Validates every row of `source`, in key order, calling `on_row` for each.
    pub fn validate(
        &mut self,
        source: &Source,
        options: &ValidateRun,
        on_row: impl FnMut(RowValidation),
    ) -> Result<ValidateSummary, StoreError> {
        validate::run(&mut self.client, source, options, on_row)
    }

    /// Migrates every row of `source`, in key order, calling `on_row` for each once its batch
    /// is committed (or, in a dry run, migrated).
    pub fn migrate(
        &mut self,
        source: &Source,
        options: &MigrateRun,
        on_row: impl FnMut(RowMigration),
    ) -> Result<RunSummary, StoreError> {
        run::run(
            &mut self.client,
            self.config.as_ref(),
            source,
            options,
            on_row,
        )
    }

    /// Puts back the originals that run `run` saved in `backup_table`, in one transaction, also
    /// for a run that was killed before it finished. The values it overwrites are saved in turn,
    /// under a new run (status `restore`), so a restore can itself be restored.
    pub fn restore(&mut self, backup_table: &str, run: i64) -> Result<RestoreSummary, StoreError> {
        restore::run(&mut self.client, backup_table, run)
    }
}

/// Where the documents are: a table, its document column, its key column, and an optional
/// filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// `name` or `schema.name`.
    pub table: String,
    /// The `jsonb`, `json` or `text` column holding one document per row.
    pub column: String,
    /// A unique, orderable, non-null column (default `id`): text, uuid, integer, ...
    pub key: String,
    /// A SQL boolean expression over the table's columns, spliced into the reads' `WHERE`
    /// **as SQL**, by design (the table is aliased `versori_t`). Never pass untrusted text.
    pub filter: Option<String>,
}

impl Source {
    /// The documents in `column` of `table`, keyed by `id`, unfiltered.
    pub fn new(table: impl Into<String>, column: impl Into<String>) -> Self {
        Self {
            table: table.into(),
            column: column.into(),
            key: "id".into(),
            filter: None,
        }
    }

    /// The key column.
    #[must_use]
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = key.into();
        self
    }

    /// A SQL filter (see [`Source::filter`]).
    #[must_use]
    pub fn filter(mut self, sql: impl Into<String>) -> Self {
        self.filter = Some(sql.into());
        self
    }
}

/// How to validate rows (`versori db validate`).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ValidateRun {
    /// What is known of the documents' version and kind.
    pub hint: Hint,
    /// Rows per batch.
    pub batch_size: usize,
    /// The validation options (fix `now` for reproducible expiry checks).
    pub options: versori_validate::ValidateOptions,
}

impl Default for ValidateRun {
    fn default() -> Self {
        Self {
            hint: Hint::default(),
            batch_size: DEFAULT_BATCH_SIZE,
            options: versori_validate::ValidateOptions::default(),
        }
    }
}

impl ValidateRun {
    /// The documents' version and kind, as far as known.
    #[must_use]
    pub fn hint(mut self, hint: Hint) -> Self {
        self.hint = hint;
        self
    }

    /// Rows per batch (at least 1).
    #[must_use]
    pub fn batch_size(mut self, rows: usize) -> Self {
        self.batch_size = rows.max(1);
        self
    }

    /// The validation options (fix their `now` for reproducible expiry checks).
    #[must_use]
    pub fn validate_with(mut self, options: versori_validate::ValidateOptions) -> Self {
        self.options = options;
        self
    }
}

/// How to migrate rows (`versori db migrate`): [`MigrateRun::new`] and the builder methods.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct MigrateRun {
    /// The target version.
    pub to: ApiVersion,
    /// The documents' version, if known (`--from`).
    pub from: Option<ApiVersion>,
    /// The documents' kind, if known (`--kind`).
    pub kind: Option<Kind>,
    /// What to do with a field the target cannot hold (`--preserve`, `--strict`).
    pub loss: Loss,
    /// The organisation id for values the target needs and the source lacks
    /// (`--organisation-id`).
    ///
    /// TODO(organisation-id): versori-migrate is gaining `Options::organisation_id(..)`; when it
    /// lands, pass this through in [`MigrateRun::migrate_options`]. Until then it is recorded in
    /// the run's options and otherwise unused.
    pub organisation_id: Option<String>,
    /// Write the result to this existing column and leave the source untouched.
    pub into: Option<String>,
    /// The backup table (default `<table>_versori_backup`, in the table's schema).
    pub backup_table: Option<String>,
    /// Rows per batch and transaction.
    pub batch_size: usize,
    /// Read and migrate, write nothing.
    pub dry_run: bool,
}

impl MigrateRun {
    /// Migrate to `to`, in place, with the defaults of `versori migrate`.
    pub fn new(to: ApiVersion) -> Self {
        Self {
            to,
            from: None,
            kind: None,
            loss: Loss::Report,
            organisation_id: None,
            into: None,
            backup_table: None,
            batch_size: DEFAULT_BATCH_SIZE,
            dry_run: false,
        }
    }

    /// The documents' version and kind, as far as known.
    #[must_use]
    pub fn hint(mut self, hint: Hint) -> Self {
        self.from = hint.api_version;
        self.kind = hint.kind;
        self
    }

    /// What to do with a field the target cannot hold.
    #[must_use]
    pub fn loss(mut self, loss: Loss) -> Self {
        self.loss = loss;
        self
    }

    /// See [`MigrateRun::organisation_id`].
    #[must_use]
    pub fn organisation_id(mut self, id: Option<String>) -> Self {
        self.organisation_id = id;
        self
    }

    /// Write the result to another column.
    #[must_use]
    pub fn into_column(mut self, column: Option<String>) -> Self {
        self.into = column;
        self
    }

    /// The backup table's name (`name` or `schema.name`).
    #[must_use]
    pub fn backup_table(mut self, table: Option<String>) -> Self {
        self.backup_table = table;
        self
    }

    /// Rows per batch (at least 1).
    #[must_use]
    pub fn batch_size(mut self, rows: usize) -> Self {
        self.batch_size = rows.max(1);
        self
    }

    /// Read and migrate, write nothing.
    #[must_use]
    pub fn dry_run(mut self, dry_run: bool) -> Self {
        self.dry_run = dry_run;
        self
    }

    /// The hint `--from` and `--kind` give.
    pub fn source_hint(&self) -> Hint {
        Hint::default()
            .maybe_version(self.from)
            .maybe_kind(self.kind)
    }

    /// The versori-migrate options each row is migrated with: the same as `versori migrate`
    /// builds from the same flags.
    pub fn migrate_options(&self) -> versori_migrate::Options {
        // TODO(organisation-id): `.organisation_id(self.organisation_id.clone())` once
        // versori-migrate has it.
        versori_migrate::Options::default().loss(self.loss)
    }
}

/// What happened to one row in a migration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RowStatus {
    /// Migrated and written (in a dry run: would be written).
    Migrated,
    /// Migrated to what is already stored: not rewritten.
    Unchanged,
    /// Could not migrate; left as it is.
    Rejected,
    /// Changed by someone else since it was read; not written. A rerun picks it up.
    Conflict,
}

/// One row's migration, as `--report` records it.
#[derive(Clone, Debug, PartialEq)]
pub struct RowMigration {
    /// The key's value as JSON (`to_jsonb(key)`: a number for integer keys, else a string).
    pub key: Value,
    /// The document's version (`None` when it could not be told).
    pub api_version: Option<ApiVersion>,
    /// The document's kind.
    pub kind: Option<Kind>,
    /// What happened.
    pub status: RowStatus,
    /// Why a rejected row could not migrate.
    pub reason: Option<String>,
    /// Every message, in document order (a `conflict` warning at the root for a conflict).
    pub messages: Vec<ValidationMessage>,
}

impl RowMigration {
    /// Whether a message is an `error`.
    pub fn has_errors(&self) -> bool {
        self.messages.iter().any(|m| m.severity == Severity::Error)
    }
}

/// One row's validation: the `versori validate --format json` record's fields.
#[derive(Clone, Debug, PartialEq)]
pub struct RowValidation {
    /// The key's value as JSON.
    pub key: Value,
    /// The document's version (`None` when it could not be told).
    pub api_version: Option<ApiVersion>,
    /// The document's kind.
    pub kind: Option<Kind>,
    /// Every message, in document order.
    pub messages: Vec<ValidationMessage>,
}

/// Counts over the rows of a migration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Rows read.
    pub read: u64,
    /// Rows written (in a dry run: that would be written).
    pub migrated: u64,
    /// Rows already as the migration would write them.
    pub unchanged: u64,
    /// Rows that could not migrate.
    pub rejected: u64,
    /// Rows changed by someone else since they were read.
    pub conflicts: u64,
}

impl Counts {
    fn add(&mut self, status: RowStatus) {
        self.read += 1;
        match status {
            RowStatus::Migrated => self.migrated += 1,
            RowStatus::Unchanged => self.unchanged += 1,
            RowStatus::Rejected => self.rejected += 1,
            RowStatus::Conflict => self.conflicts += 1,
        }
    }
}

/// What a migration did.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RunSummary {
    /// The run's id in `versori_runs` (`None` for a dry run).
    pub run_id: Option<i64>,
    /// The key after which this invocation resumed an interrupted run.
    pub resumed_after: Option<String>,
    /// The backup table, `schema.name` (`None` for `--into` and dry runs).
    pub backup_table: Option<String>,
    /// This invocation's rows.
    pub counts: Counts,
    /// The whole run's rows, with earlier invocations of a resumed run.
    pub totals: Counts,
}

/// What a validation found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidateSummary {
    /// Rows read.
    pub rows: u64,
    /// Rows with an `error` message.
    pub invalid: u64,
}

/// Why the store could not do its work: each is a clear message for a person, and the CLI
/// exits with status 2.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database could not be reached or refused the login.
    #[error("cannot connect to the database: {0}")]
    Connect(String),
    /// No such table (or not visible to this role).
    #[error("table `{0}` does not exist (or this role cannot see it)")]
    NoSuchTable(String),
    /// No such column.
    #[error("table `{table}` has no column `{column}`")]
    NoSuchColumn {
        /// The table.
        table: String,
        /// The column asked for.
        column: String,
    },
    /// The column is not `jsonb`, `json` or `text`.
    #[error(
        "column `{table}`.`{column}` is of type {found}; documents are read from jsonb, json or text columns"
    )]
    ColumnType {
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// Its type.
        found: String,
    },
    /// The key column is not unique on its own.
    #[error(
        "key column `{table}`.`{key}` is not unique: it needs a primary key or a unique index on that column alone (pick another with --key)"
    )]
    KeyNotUnique {
        /// The table.
        table: String,
        /// The key column.
        key: String,
    },
    /// The key column has `NULL` values, which keyset pagination cannot reach.
    #[error(
        "key column `{table}`.`{key}` has NULL values; rows without a key cannot be paged through (pick another with --key)"
    )]
    KeyHasNulls {
        /// The table.
        table: String,
        /// The key column.
        key: String,
    },
    /// The role lacks a privilege.
    #[error("permission denied: {0}")]
    PermissionDenied(String),
    /// Another run holds the column.
    #[error("another versori run is migrating `{0}` now; wait for it to finish")]
    Busy(String),
    /// No such run.
    #[error("no run {run} in {runs_table}")]
    NoSuchRun {
        /// The run asked for.
        run: i64,
        /// Where it was looked for.
        runs_table: String,
    },
    /// The `--where` filter did not run.
    #[error("the --where filter failed: {0}")]
    Filter(String),
    /// The backup table exists with other columns or types.
    #[error("backup table {table} does not fit: {problem}")]
    Backup {
        /// The backup table.
        table: String,
        /// What does not fit.
        problem: String,
    },
    /// Arguments that do not go together.
    #[error("{0}")]
    Usage(String),
    /// Anything else the database said.
    #[error("database error: {0}")]
    Database(String),
}

impl From<postgres::Error> for StoreError {
    fn from(err: postgres::Error) -> Self {
        match err.code() {
            Some(code) if *code == SqlState::INSUFFICIENT_PRIVILEGE => {
                Self::PermissionDenied(error_text(&err))
            }
            _ => Self::Database(error_text(&err)),
        }
    }
}

impl StoreError {
    /// A failed query that carries the user's `--where`: a syntax error, an unknown column or
    /// function, or a type error is the filter's.
    pub(crate) fn from_filter(err: postgres::Error) -> Self {
        let filter_class = err
            .code()
            .is_some_and(|c| c.code().starts_with("42") && *c != SqlState::INSUFFICIENT_PRIVILEGE);
        if filter_class {
            Self::Filter(error_text(&err))
        } else {
            err.into()
        }
    }
}

/// The database's own message (with its detail and hint), or the client's.
fn error_text(err: &postgres::Error) -> String {
    match err.as_db_error() {
        Some(db) => {
            let mut text = db.message().to_owned();
            if let Some(detail) = db.detail() {
                text.push_str(" (");
                text.push_str(detail);
                text.push(')');
            }
            if let Some(hint) = db.hint() {
                text.push_str("; hint: ");
                text.push_str(hint);
            }
            text
        }
        None => {
            // The client's own error, with its cause ("connection refused", ...).
            let mut text = err.to_string();
            let mut source = std::error::Error::source(err);
            while let Some(cause) = source {
                let cause_text = cause.to_string();
                if !text.contains(&cause_text) {
                    text.push_str(": ");
                    text.push_str(&cause_text);
                }
                source = cause.source();
            }
            text
        }
    }
}
