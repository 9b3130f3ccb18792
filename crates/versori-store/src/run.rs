//! `versori db migrate`: keyset-paged batches, migrated in parallel, each written in one
//! transaction with its backups and the run's checkpoint.

use std::collections::HashSet;

use postgres::error::SqlState;
use postgres::{Client, Statement};
use rayon::prelude::*;
use serde_json::Value;
use versori_validate::{Code, Pointer, Severity, ValidationMessage};

use crate::catalog::{self, Column, Table, TableName, ValueType, quote_ident};
use crate::document::{migrate_stored, parse_stored};
use crate::{
    Counts, MigrateRun, RUNS_TABLE, RowMigration, RowStatus, RunSummary, Source, StoreError,
};

/// A row as read: its key as text (bound back as a parameter and cast to the key's type), its
/// `xmin` (the transaction that wrote this version of the row), the document column as text
/// (for `jsonb`, PostgreSQL's canonical text) and, with `--into`, the target column as text.
pub(crate) struct ReadRow {
    pub key: String,
    pub xmin: String,
    pub value: Option<String>,
    pub into: Option<String>,
}

/// The two read statements of a keyset-paged scan: the first page, and the page after a key.
pub(crate) struct Reader {
    first: Statement,
    next: Statement,
    limit: i64,
    with_into: bool,
}

impl Reader {
    pub fn prepare(
        client: &mut Client,
        table: &Table,
        key: &Column,
        column: &Column,
        into: Option<&Column>,
        filter: Option<&str>,
        batch_size: usize,
    ) -> Result<Self, StoreError> {
        let into_col = into
            .map(|c| format!(", versori_t.{}::text", c.quoted))
            .unwrap_or_default();
        let base = format!(
            "SELECT versori_t.{k}::text, versori_t.xmin::text, versori_t.{c}::text{into_col} FROM {t} AS versori_t WHERE ({f})",
            k = key.quoted,
            c = column.quoted,
            t = table.quoted(),
            f = filter.unwrap_or("true"),
        );
        let order = format!(" ORDER BY versori_t.{} LIMIT $1", key.quoted);
        let first = client
            .prepare(&format!("{base}{order}"))
            .map_err(StoreError::from_filter)?;
        let next = client
            .prepare(&format!(
                "{base} AND versori_t.{k} > $2::text::{ty}{order}",
                k = key.quoted,
                ty = key.sql_type
            ))
            .map_err(StoreError::from_filter)?;
        Ok(Self {
            first,
            next,
            limit: i64::try_from(batch_size).unwrap_or(i64::MAX),
            with_into: into.is_some(),
        })
    }

    /// The page after `after` (the first page for `None`).
    pub fn page(
        &self,
        client: &mut Client,
        after: Option<&str>,
    ) -> Result<Vec<ReadRow>, StoreError> {
        let rows = match after {
            None => client.query(&self.first, &[&self.limit]),
            Some(key) => client.query(&self.next, &[&self.limit, &key]),
        }
        .map_err(StoreError::from_filter)?;
        Ok(rows
            .iter()
            .map(|row| ReadRow {
                key: row.get(0),
                xmin: row.get(1),
                value: row.get(2),
                into: if self.with_into { row.get(3) } else { None },
            })
            .collect())
    }

    pub fn batch_size(&self) -> usize {
        usize::try_from(self.limit).unwrap_or(usize::MAX)
    }
}

/// The key's value as JSON, as `to_jsonb(key)` gives it: a number for integer and numeric
/// keys, a string otherwise.
pub(crate) fn key_json(key: &Column, text: &str) -> Value {
    let numeric = matches!(
        key.sql_type.as_str(),
        "smallint" | "integer" | "bigint" | "numeric"
    ) || key.sql_type.starts_with("numeric(");
    if numeric {
        if let Ok(Value::Number(n)) = serde_json::from_str::<Value>(text) {
            return Value::Number(n);
        }
    }
    Value::String(text.to_owned())
}

/// What the migration of one row asks of the database.
enum Plan {
    Write(String),
    Unchanged,
    Rejected(String),
}

struct Planned {
    api_version: Option<versori_model::ApiVersion>,
    kind: Option<versori_model::Kind>,
    messages: Vec<ValidationMessage>,
    plan: Plan,
}

fn plan_row(
    row: &ReadRow,
    options: &MigrateRun,
    migrate_options: &versori_migrate::Options,
    in_place: bool,
) -> Planned {
    let stored = match parse_stored(row.value.as_deref()) {
        Ok(stored) => stored,
        Err(message) => {
            return Planned {
                api_version: None,
                kind: None,
                plan: Plan::Rejected(message.text.clone()),
                messages: vec![message],
            };
        }
    };
    let value = &stored.value;
    let done = migrate_stored(
        &stored,
        options.to,
        options.source_hint(),
        migrate_options,
        in_place,
    );
    let plan = match done.output {
        Err(reason) => Plan::Rejected(reason),
        Ok(output) => {
            // Equal as JSON to what the target column holds: nothing to write. For json and text
            // the stored bytes are then kept as they are.
            let unchanged = if in_place {
                output.equals(value)
            } else {
                row.into
                    .as_deref()
                    .and_then(|t| serde_json::from_str::<Value>(t).ok())
                    .is_some_and(|current| output.equals(&current))
            };
            if unchanged {
                Plan::Unchanged
            } else {
                Plan::Write(output.text)
            }
        }
    };
    Planned {
        api_version: done.api_version,
        kind: done.kind,
        messages: done.messages,
        plan,
    }
}

/// One page of rows, migrated.
struct Batch {
    rows: Vec<ReadRow>,
    planned: Vec<Planned>,
    last: String,
    full: bool,
}

/// What reading and migrating a page needs.
struct Work<'a> {
    reader: &'a Reader,
    options: &'a MigrateRun,
    migrate_options: &'a versori_migrate::Options,
    in_place: bool,
}

impl Work<'_> {
    /// Reads the page after `after` and migrates its rows in parallel; `None` past the end.
    fn next(&self, client: &mut Client, after: Option<&str>) -> Result<Option<Batch>, StoreError> {
        let rows = self.reader.page(client, after)?;
        let Some(last) = rows.last().map(|r| r.key.clone()) else {
            return Ok(None);
        };
        let planned = rows
            .par_iter()
            .map(|row| plan_row(row, self.options, self.migrate_options, self.in_place))
            .collect();
        Ok(Some(Batch {
            full: rows.len() == self.reader.batch_size(),
            rows,
            planned,
            last,
        }))
    }
}

/// The tables and statements of a real (not dry) run.
struct Writer {
    run_id: i64,
    runs: String,
    write: Statement,
    checkpoint: Statement,
    in_place: bool,
}

pub(crate) fn run(
    client: &mut Client,
    config: Option<&postgres::Config>,
    source: &Source,
    options: &MigrateRun,
    on_row: impl FnMut(RowMigration),
) -> Result<RunSummary, StoreError> {
    let mut lock = None;
    let result = run_locked(client, config, source, options, on_row, &mut lock);
    // The column's lock goes with the session anyway; release it now so that this connection
    // can be used for another run, also after an error.
    if let Some(lock) = lock {
        let _ = client.execute(
            "SELECT pg_catalog.pg_advisory_unlock(pg_catalog.hashtextextended($1, 0))",
            &[&lock],
        );
    }
    result
}

fn run_locked(
    client: &mut Client,
    config: Option<&postgres::Config>,
    source: &Source,
    options: &MigrateRun,
    mut on_row: impl FnMut(RowMigration),
    lock: &mut Option<String>,
) -> Result<RunSummary, StoreError> {
    options
        .source_hint()
        .check()
        .map_err(|e| StoreError::Usage(e.to_string()))?;
    let table = catalog::table(client, &TableName::parse(&source.table)?)?;
    let (column, ty) = catalog::document_column(client, &table, &source.column)?;
    let key = catalog::key_column(client, &table, &source.key)?;
    let into = match options.into.as_deref() {
        Some(name) if name == column.name => {
            return Err(StoreError::Usage(format!(
                "--into names the source column `{name}`; leave it out to migrate in place"
            )));
        }
        Some(_) if options.backup_table.is_some() => {
            return Err(StoreError::Usage(
                "--into leaves the source untouched and needs no --backup-table".into(),
            ));
        }
        Some(name) if name == key.name => {
            return Err(StoreError::Usage(format!(
                "--into names the key column `{name}`"
            )));
        }
        Some(name) => Some(catalog::document_column(client, &table, name)?),
        None => None,
    };
    let in_place = into.is_none();
    let backup = if in_place {
        let mut name = match options.backup_table.as_deref() {
            Some(text) => TableName::parse(text)?,
            None => TableName {
                schema: None,
                name: format!("{}_versori_backup", table.name),
            },
        };
        // An unqualified backup table lives in the table's schema.
        name.schema.get_or_insert_with(|| table.schema.clone());
        Some(name)
    } else {
        None
    };
    // A real run reads on a second connection (when it can open one) to overlap reading and
    // migrating with writing; a dry run has nothing to overlap with.
    let mut second = match config {
        Some(config) if !options.dry_run => Some(
            config
                .connect(postgres::NoTls)
                .map_err(|e| StoreError::Connect(crate::error_text(&e)))?,
        ),
        _ => None,
    };
    let reader = Reader::prepare(
        second.as_mut().unwrap_or(client),
        &table,
        &key,
        &column,
        into.as_ref().map(|(c, _)| c),
        source.filter.as_deref(),
        options.batch_size,
    )?;
    let migrate_options = options.migrate_options();

    let mut writer = None;
    let mut resumed_after = None;
    let mut totals = Counts::default();
    if !options.dry_run {
        let lock_name = format!("versori-store:{}:{}", table.oid, column.name);
        let locked: bool = client
            .query_one(
                "SELECT pg_catalog.pg_try_advisory_lock(pg_catalog.hashtextextended($1, 0))",
                &[&lock_name],
            )?
            .get(0);
        if !locked {
            return Err(StoreError::Busy(format!(
                "{}.{}",
                table.display(),
                column.name
            )));
        }
        *lock = Some(lock_name);
        let runs_schema = backup
            .as_ref()
            .and_then(|b| b.schema.clone())
            .unwrap_or_else(|| table.schema.clone());
        let runs = format!("{}.{}", quote_ident(&runs_schema), quote_ident(RUNS_TABLE));
        create_runs_table(client, &runs)?;
        if let Some(backup) = &backup {
            create_backup_table(client, backup, &runs, &key, ty)?;
        }
        let run_options = serde_json::json!({
            "from": options.from,
            "kind": options.kind,
            "loss": loss_name(options.loss),
            "where": source.filter,
            "organisationId": options.organisation_id,
        })
        .to_string();
        let into_name = into.as_ref().map(|(c, _)| c.name.clone());
        let (backup_schema, backup_name) = match &backup {
            Some(b) => (b.schema.clone(), Some(b.name.clone())),
            None => (None, None),
        };
        let target = options.to.to_string();
        // We hold the lock, so a run of this column still marked `running` was interrupted:
        // the latest one with the same parameters is resumed, the others are marked.
        let resumable = client.query_opt(
            &format!(
                "SELECT id, last_key, rows_read, rows_migrated, rows_unchanged, rows_rejected,
                        rows_conflicts
                   FROM {runs}
                  WHERE table_schema = $1 AND table_name = $2 AND column_name = $3
                    AND key_column = $4 AND into_column IS NOT DISTINCT FROM $5
                    AND backup_schema IS NOT DISTINCT FROM $6
                    AND backup_name IS NOT DISTINCT FROM $7 AND target = $8
                    AND options = $9::text::jsonb AND status = 'running'
                  ORDER BY id DESC LIMIT 1"
            ),
            &[
                &table.schema,
                &table.name,
                &column.name,
                &key.name,
                &into_name,
                &backup_schema,
                &backup_name,
                &target,
                &run_options,
            ],
        )?;
        let run_id: i64 = match resumable {
            Some(row) => {
                resumed_after = row.get::<_, Option<String>>(1);
                let count = |i: usize| u64::try_from(row.get::<_, i64>(i)).unwrap_or(0);
                totals = Counts {
                    read: count(2),
                    migrated: count(3),
                    unchanged: count(4),
                    rejected: count(5),
                    conflicts: count(6),
                };
                row.get(0)
            }
            None => client
                .query_one(
                    &format!(
                        "INSERT INTO {runs} (table_schema, table_name, column_name, key_column,
                                             into_column, backup_schema, backup_name, target,
                                             options)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb) RETURNING id"
                    ),
                    &[
                        &table.schema,
                        &table.name,
                        &column.name,
                        &key.name,
                        &into_name,
                        &backup_schema,
                        &backup_name,
                        &target,
                        &run_options,
                    ],
                )?
                .get(0),
        };
        client.execute(
            &format!(
                "UPDATE {runs} SET status = 'interrupted'
                  WHERE table_schema = $1 AND table_name = $2 AND column_name = $3
                    AND status = 'running' AND id <> $4"
            ),
            &[&table.schema, &table.name, &column.name, &run_id],
        )?;
        let write = client.prepare(&write_sql(
            &table,
            &key,
            &column,
            ty,
            into.as_ref(),
            backup.as_ref(),
        ))?;
        let checkpoint = client.prepare(&format!(
            "UPDATE {runs} SET last_key = $2, rows_read = rows_read + $3,
                    rows_migrated = rows_migrated + $4, rows_unchanged = rows_unchanged + $5,
                    rows_rejected = rows_rejected + $6, rows_conflicts = rows_conflicts + $7
              WHERE id = $1"
        ))?;
        writer = Some(Writer {
            run_id,
            runs,
            write,
            checkpoint,
            in_place,
        });
    }

    let mut counts = Counts::default();
    let mut emit = |client: &mut Client, batch: Batch| -> Result<(), StoreError> {
        let Batch {
            rows,
            mut planned,
            last,
            ..
        } = batch;
        let statuses = match &writer {
            Some(writer) => write_batch(client, writer, &rows, &mut planned, &last)?,
            None => planned.iter().map(|p| status_of(&p.plan)).collect(),
        };
        for ((row, planned), status) in rows.iter().zip(planned).zip(statuses) {
            counts.add(status);
            let mut messages = planned.messages;
            if status == RowStatus::Conflict {
                messages.push(conflict_message());
            }
            on_row(RowMigration {
                key: key_json(&key, &row.key),
                api_version: planned.api_version,
                kind: planned.kind,
                status,
                reason: match planned.plan {
                    Plan::Rejected(reason) => Some(reason),
                    _ => None,
                },
                messages,
            });
        }
        Ok(())
    };
    let work = Work {
        reader: &reader,
        options,
        migrate_options: &migrate_options,
        in_place,
    };
    match second {
        // Pipelined: batch n+1 is read and migrated on the second connection while batch n is
        // written on this one, so the database and the migration work at the same time.
        Some(mut read_client) => std::thread::scope(|scope| {
            let (send, receive) = std::sync::mpsc::sync_channel::<Result<Batch, StoreError>>(1);
            let start = resumed_after.clone();
            let work = &work;
            scope.spawn(move || {
                let mut after = start;
                loop {
                    match work.next(&mut read_client, after.as_deref()) {
                        Ok(Some(batch)) => {
                            let full = batch.full;
                            after = Some(batch.last.clone());
                            if send.send(Ok(batch)).is_err() || !full {
                                break;
                            }
                        }
                        Ok(None) => break,
                        Err(err) => {
                            let _ = send.send(Err(err));
                            break;
                        }
                    }
                }
            });
            // An error here drops `receive`, which stops the reader at its next batch.
            for batch in receive {
                emit(client, batch?)?;
            }
            Ok::<(), StoreError>(())
        })?,
        None => {
            let mut after = resumed_after.clone();
            while let Some(batch) = work.next(client, after.as_deref())? {
                let full = batch.full;
                after = Some(batch.last.clone());
                emit(client, batch)?;
                if !full {
                    break;
                }
            }
        }
    }

    let run_id = match writer {
        Some(writer) => {
            client.execute(
                &format!(
                    "UPDATE {} SET status = 'finished', finished_at = now() WHERE id = $1",
                    writer.runs
                ),
                &[&writer.run_id],
            )?;
            Some(writer.run_id)
        }
        None => None,
    };
    totals.read += counts.read;
    totals.migrated += counts.migrated;
    totals.unchanged += counts.unchanged;
    totals.rejected += counts.rejected;
    totals.conflicts += counts.conflicts;
    Ok(RunSummary {
        run_id,
        resumed_after,
        backup_table: if options.dry_run {
            None
        } else {
            backup.as_ref().map(TableName::to_string)
        },
        counts,
        totals,
    })
}

fn status_of(plan: &Plan) -> RowStatus {
    match plan {
        Plan::Write(_) => RowStatus::Migrated,
        Plan::Unchanged => RowStatus::Unchanged,
        Plan::Rejected(_) => RowStatus::Rejected,
    }
}

fn conflict_message() -> ValidationMessage {
    ValidationMessage::new(
        Code::Conflict,
        Severity::Warning,
        Pointer::root(),
        "the row changed since it was read and was not written; a rerun migrates it",
    )
}

fn loss_name(loss: versori_migrate::Loss) -> &'static str {
    match loss {
        versori_migrate::Loss::Preserve => "preserve",
        versori_migrate::Loss::Refuse => "refuse",
        _ => "report",
    }
}

/// Writes one batch in one transaction: the rows (each only if unchanged since read), their
/// originals into the backup, and the run's counts and last key. Returns each row's status.
fn write_batch(
    client: &mut Client,
    writer: &Writer,
    batch: &[ReadRow],
    planned: &mut [Planned],
    last: &str,
) -> Result<Vec<RowStatus>, StoreError> {
    let writes: Vec<usize> = planned
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p.plan, Plan::Write(_)))
        .map(|(i, _)| i)
        .collect();
    let mut statuses: Vec<RowStatus> = planned.iter().map(|p| status_of(&p.plan)).collect();
    let mut tx = client.transaction()?;
    if !writes.is_empty() {
        let run = |tx: &mut postgres::Transaction<'_>, rows: &[usize]| {
            let keys: Vec<&str> = rows.iter().map(|&i| batch[i].key.as_str()).collect();
            let xmins: Vec<&str> = rows.iter().map(|&i| batch[i].xmin.as_str()).collect();
            let news: Vec<&str> = rows
                .iter()
                .map(|&i| match &planned[i].plan {
                    Plan::Write(text) => text.as_str(),
                    _ => unreachable!("only rows to write are bound"),
                })
                .collect();
            if writer.in_place {
                tx.query(&writer.write, &[&keys, &xmins, &news, &writer.run_id])
            } else {
                tx.query(&writer.write, &[&keys, &xmins, &news])
            }
            .map(|rows| {
                rows.iter()
                    .map(|r| r.get::<_, String>(0))
                    .collect::<HashSet<String>>()
            })
        };
        let mut refused: Vec<(usize, String)> = Vec::new();
        let written = match run(&mut tx, &writes) {
            Ok(written) => written,
            Err(err) if is_data_error(&err) => {
                // One value the database will not take (a `\u0000` in jsonb, ...) fails the
                // statement: write row by row, each in a savepoint, and reject just that one.
                tx.rollback()?;
                tx = client.transaction()?;
                let mut written = HashSet::new();
                for &i in &writes {
                    let mut savepoint = tx.transaction()?;
                    match run(&mut savepoint, &[i]) {
                        Ok(keys) => {
                            savepoint.commit()?;
                            written.extend(keys);
                        }
                        Err(err) if is_data_error(&err) => {
                            savepoint.rollback()?;
                            refused.push((i, crate::error_text(&err)));
                        }
                        Err(err) => return Err(err.into()),
                    }
                }
                written
            }
            Err(err) => return Err(err.into()),
        };
        for (i, text) in refused {
            statuses[i] = RowStatus::Rejected;
            let reason = format!("the database refused the migrated value: {text}");
            planned[i].messages.push(ValidationMessage::new(
                Code::InvalidValue,
                Severity::Error,
                Pointer::root(),
                reason.clone(),
            ));
            planned[i].plan = Plan::Rejected(reason);
        }
        for &i in &writes {
            if statuses[i] == RowStatus::Migrated && !written.contains(&batch[i].key) {
                statuses[i] = RowStatus::Conflict;
            }
        }
    }
    let mut delta = Counts::default();
    for &status in &statuses {
        delta.add(status);
    }
    let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    tx.execute(
        &writer.checkpoint,
        &[
            &writer.run_id,
            &last,
            &n(delta.read),
            &n(delta.migrated),
            &n(delta.unchanged),
            &n(delta.rejected),
            &n(delta.conflicts),
        ],
    )?;
    tx.commit()?;
    Ok(statuses)
}

/// A value the database would not store (class 22: data exception).
fn is_data_error(err: &postgres::Error) -> bool {
    err.code()
        .is_some_and(|c| c.code().starts_with("22") || *c == SqlState::UNTRANSLATABLE_CHARACTER)
}

/// The batch write: rows bound as arrays (`unnest`), each updated only if it is still the
/// version that was read (same `xmin`: PostgreSQL re-checks the condition against the latest
/// version of a row a concurrent transaction changed, and any write makes a new `xmin`). In
/// place, the same statement saves the version it replaced: the other parts of a statement see
/// the table as of its start, so `versori_old` is exactly the stored datum the update replaced
/// (no re-parse, byte for byte). Returns the keys written.
fn write_sql(
    table: &Table,
    key: &Column,
    column: &Column,
    ty: ValueType,
    into: Option<&(Column, ValueType)>,
    backup: Option<&TableName>,
) -> String {
    let (t, k, c, kt) = (table.quoted(), &key.quoted, &column.quoted, &key.sql_type);
    let input = "WITH versori_in AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS u(k, xmin, new))";
    match (into, backup) {
        (Some((into, into_ty)), _) => format!(
            "{input}
             UPDATE {t} AS versori_t SET {i} = versori_in.new::{ity}
               FROM versori_in
              WHERE versori_t.{k} = versori_in.k::{kt} AND versori_t.xmin = versori_in.xmin::xid
             RETURNING versori_in.k",
            i = into.quoted,
            ity = into_ty.sql(),
        ),
        (None, Some(backup)) => format!(
            "{input},
             versori_up AS (
                UPDATE {t} AS versori_t SET {c} = versori_in.new::{ty}
                  FROM versori_in
                 WHERE versori_t.{k} = versori_in.k::{kt} AND versori_t.xmin = versori_in.xmin::xid
                RETURNING versori_t.{k} AS k),
             versori_saved AS (
                INSERT INTO {b} (run_id, key, original)
                SELECT $4::bigint, versori_old.{k}, versori_old.{c}
                  FROM {t} AS versori_old JOIN versori_up ON versori_old.{k} = versori_up.k)
             SELECT versori_up.k::text FROM versori_up",
            ty = ty.sql(),
            b = backup.quoted(),
        ),
        (None, None) => unreachable!("an in-place run always has a backup table"),
    }
}

fn create_runs_table(client: &mut Client, runs: &str) -> Result<(), StoreError> {
    client.batch_execute(&format!(
        "CREATE TABLE IF NOT EXISTS {runs} (
            id bigserial PRIMARY KEY,
            table_schema text NOT NULL,
            table_name text NOT NULL,
            column_name text NOT NULL,
            key_column text NOT NULL,
            into_column text,
            backup_schema text,
            backup_name text,
            target text NOT NULL,
            options jsonb NOT NULL DEFAULT '{{}}',
            status text NOT NULL DEFAULT 'running',
            started_at timestamptz NOT NULL DEFAULT now(),
            finished_at timestamptz,
            last_key text,
            rows_read bigint NOT NULL DEFAULT 0,
            rows_migrated bigint NOT NULL DEFAULT 0,
            rows_unchanged bigint NOT NULL DEFAULT 0,
            rows_rejected bigint NOT NULL DEFAULT 0,
            rows_conflicts bigint NOT NULL DEFAULT 0)"
    ))?;
    Ok(())
}

fn create_backup_table(
    client: &mut Client,
    backup: &TableName,
    runs: &str,
    key: &Column,
    ty: ValueType,
) -> Result<(), StoreError> {
    client.batch_execute(&format!(
        "CREATE TABLE IF NOT EXISTS {b} (
            run_id bigint NOT NULL REFERENCES {runs} (id),
            key {kt} NOT NULL,
            original {ty},
            saved_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (run_id, key))",
        b = backup.quoted(),
        kt = key.sql_type,
        ty = ty.sql(),
    ))?;
    // An existing backup table must hold this key and this column's type.
    let table = catalog::table(client, backup)?;
    for (name, want) in [
        ("run_id", "bigint"),
        ("key", key.sql_type.as_str()),
        ("original", ty.sql()),
    ] {
        let found = catalog::column(client, &table, name)
            .map_err(|_| StoreError::Backup {
                table: backup.to_string(),
                problem: format!("it has no column `{name}`"),
            })?
            .sql_type;
        if found != want {
            return Err(StoreError::Backup {
                table: backup.to_string(),
                problem: format!("its column `{name}` is {found}, this run needs {want}"),
            });
        }
    }
    Ok(())
}
