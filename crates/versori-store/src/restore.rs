//! `versori db restore`: put a run's originals back, saving what they overwrite.

use postgres::Client;

use crate::catalog::{self, TableName};
use crate::{RUNS_TABLE, StoreError};

/// What a restore did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct RestoreSummary {
    /// The run that was restored.
    pub restored_run: i64,
    /// The restore's own run id: the values it overwrote are saved under it.
    pub run_id: i64,
    /// Originals in the backup for the restored run.
    pub originals: u64,
    /// Rows put back.
    pub restored: u64,
    /// Rows that already held their original.
    pub unchanged: u64,
    /// Originals whose row is no longer in the table.
    pub missing: u64,
}

pub(crate) fn run(
    client: &mut Client,
    backup_table: &str,
    run: i64,
) -> Result<RestoreSummary, StoreError> {
    let mut backup_name = TableName::parse(backup_table)?;
    let backup = catalog::table(client, &backup_name)?;
    backup_name.schema = Some(backup.schema.clone());
    let runs_name = TableName {
        schema: Some(backup.schema.clone()),
        name: RUNS_TABLE.to_owned(),
    };
    let no_run = || StoreError::NoSuchRun {
        run,
        runs_table: runs_name.to_string(),
    };
    if catalog::find_table(client, &runs_name)?.is_none() {
        return Err(no_run());
    }
    let runs = runs_name.quoted();
    let row = client
        .query_opt(
            &format!(
                "SELECT table_schema, table_name, column_name, key_column, into_column,
                        backup_schema, backup_name
                   FROM {runs} WHERE id = $1"
            ),
            &[&run],
        )?
        .ok_or_else(no_run)?;
    let (schema, name, column, key): (String, String, String, String) =
        (row.get(0), row.get(1), row.get(2), row.get(3));
    if let Some(into) = row.get::<_, Option<String>>(4) {
        return Err(StoreError::Usage(format!(
            "run {run} wrote into column `{into}` and never changed `{column}`: there is nothing to restore"
        )));
    }
    let (saved_schema, saved_name): (Option<String>, Option<String>) = (row.get(5), row.get(6));
    if saved_schema.as_deref() != Some(backup.schema.as_str())
        || saved_name.as_deref() != Some(backup.name.as_str())
    {
        return Err(StoreError::Usage(format!(
            "run {run} saved its originals in {}.{}, not in {}",
            saved_schema.unwrap_or_default(),
            saved_name.unwrap_or_default(),
            backup_name
        )));
    }
    let table = catalog::table(
        client,
        &TableName {
            schema: Some(schema.clone()),
            name: name.clone(),
        },
    )?;
    let (column, _) = catalog::document_column(client, &table, &column)?;
    let key = catalog::key_column(client, &table, &key)?;
    let (t, k, c, b) = (
        table.quoted(),
        &key.quoted,
        &column.quoted,
        backup_name.quoted(),
    );

    let mut tx = client.transaction()?;
    let lock_name = format!("versori-store:{}:{}", table.oid, column.name);
    let locked: bool = tx
        .query_one(
            "SELECT pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtextextended($1, 0))",
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
    let options = serde_json::json!({ "restores": run }).to_string();
    let own: i64 = tx
        .query_one(
            &format!(
                "INSERT INTO {runs} (table_schema, table_name, column_name, key_column,
                                     backup_schema, backup_name, target, options, status)
                 VALUES ($1, $2, $3, $4, $5, $6, 'restore', $7::text::jsonb, 'restore')
                 RETURNING id"
            ),
            &[
                &schema,
                &name,
                &column.name,
                &key.name,
                &backup.schema,
                &backup.name,
                &options,
            ],
        )?
        .get(0);
    let count = |v: i64| u64::try_from(v).unwrap_or(0);
    // Lock the rows first, so nothing changes between saving and overwriting them.
    tx.query_one(
        &format!(
            "SELECT count(*) FROM (SELECT 1 FROM {t} AS versori_t JOIN {b} AS versori_b
                ON versori_t.{k} = versori_b.key WHERE versori_b.run_id = $1
                FOR UPDATE OF versori_t) AS locked"
        ),
        &[&run],
    )?;
    let originals = count(
        tx.query_one(
            &format!("SELECT count(*) FROM {b} WHERE run_id = $1"),
            &[&run],
        )?
        .get(0),
    );
    let missing = count(
        tx.query_one(
            &format!(
                "SELECT count(*) FROM {b} AS versori_b WHERE versori_b.run_id = $1
                   AND NOT EXISTS (SELECT 1 FROM {t} AS versori_t
                                    WHERE versori_t.{k} = versori_b.key)"
            ),
            &[&run],
        )?
        .get(0),
    );
    tx.execute(
        &format!(
            "INSERT INTO {b} (run_id, key, original)
             SELECT $2, versori_t.{k}, versori_t.{c}
               FROM {t} AS versori_t JOIN {b} AS versori_b ON versori_t.{k} = versori_b.key
              WHERE versori_b.run_id = $1
                AND versori_t.{c}::text IS DISTINCT FROM versori_b.original::text"
        ),
        &[&run, &own],
    )?;
    let restored = tx.execute(
        &format!(
            "UPDATE {t} AS versori_t SET {c} = versori_b.original
               FROM {b} AS versori_b
              WHERE versori_b.run_id = $1 AND versori_t.{k} = versori_b.key
                AND versori_t.{c}::text IS DISTINCT FROM versori_b.original::text"
        ),
        &[&run],
    )?;
    let unchanged = originals.saturating_sub(restored + missing);
    let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    tx.execute(
        &format!(
            "UPDATE {runs} SET finished_at = now(), rows_read = $2, rows_migrated = $3,
                    rows_unchanged = $4 WHERE id = $1"
        ),
        &[&own, &n(originals), &n(restored), &n(unchanged)],
    )?;
    tx.execute(
        &format!(
            "UPDATE {runs} SET status = 'restored', finished_at = coalesce(finished_at, now())
              WHERE id = $1 AND status <> 'restore'"
        ),
        &[&run],
    )?;
    tx.commit()?;
    Ok(RestoreSummary {
        restored_run: run,
        run_id: own,
        originals,
        restored,
        unchanged,
        missing,
    })
}
