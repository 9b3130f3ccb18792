//! versori-store against a real PostgreSQL server (`VERSORI_TEST_DATABASE_URL`; never a mock).
//! Each test works in its own schema.

mod props;
mod support;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::Value;
use support::{Db, examples, json, reference};
use versori_migrate::Loss;
use versori_model::{ApiVersion, Hint};
use versori_store::{MigrateRun, RowMigration, RowStatus, Source, StoreError, ValidateRun};
use versori_validate::{Code, ValidateOptions};

const VERSIONS: [ApiVersion; 3] = [ApiVersion::V1alpha1, ApiVersion::V1, ApiVersion::V2];

fn example_rows() -> Vec<(String, Option<String>)> {
    examples().into_iter().map(|(k, d)| (k, Some(d))).collect()
}

fn collect(
    store: &mut versori_store::Store,
    source: &Source,
    run: &MigrateRun,
) -> (versori_store::RunSummary, Vec<RowMigration>) {
    let mut rows = Vec::new();
    let summary = store
        .migrate(source, run, |row| rows.push(row))
        .expect("the run completes");
    (summary, rows)
}

/// The in-database result equals the file result for every example document, for json, jsonb
/// and text columns and every target; the originals are in the backup, a rerun writes nothing,
/// and a restore gives the table back.
#[test]
fn in_place_equals_the_file_result_for_every_example() {
    let Some(mut db) = Db::new("in_place") else {
        return;
    };
    let examples = example_rows();
    assert!(examples.len() > 40, "the examples are there");
    for column_type in ["jsonb", "json", "text"] {
        for to in VERSIONS {
            let name = format!("docs_{column_type}_{to}");
            db.create(&name, "text", column_type, &examples);
            let before = db.rows(&name, "doc");
            let checksum = db.checksum(&name);
            let mut store = db.store();
            let source = Source::new(db.table(&name), "doc");
            let run = MigrateRun::new(to).batch_size(7);
            let (summary, reported) = collect(&mut store, &source, &run);
            let after = db.rows(&name, "doc");
            assert_eq!(reported.len(), examples.len());
            assert_eq!(summary.counts.read, examples.len() as u64);
            let mut migrated = 0;
            for (((key, original), (_, stored)), row) in before.iter().zip(&after).zip(&reported) {
                let original = original.as_deref().unwrap();
                let stored = stored.as_deref().unwrap();
                match reference(original, to, Loss::Report) {
                    None => {
                        assert_eq!(row.status, RowStatus::Rejected, "{key}");
                        assert_eq!(stored, original, "{key}: a rejected row is left as it is");
                    }
                    Some(expected) if json(&expected) == json(original) => {
                        assert_eq!(row.status, RowStatus::Unchanged, "{key}");
                        assert_eq!(stored, original, "{key}: an unchanged row is not rewritten");
                    }
                    Some(expected) => {
                        migrated += 1;
                        assert_eq!(row.status, RowStatus::Migrated, "{key}");
                        if column_type == "jsonb" {
                            assert_eq!(json(stored), json(&expected), "{key} -> {to}");
                        } else {
                            assert_eq!(stored, expected, "{key} -> {to}: the file's bytes");
                        }
                    }
                }
            }
            assert_eq!(summary.counts.migrated, migrated);
            // Every original, exactly as stored, under this run.
            let backup = db.quoted(&format!("{name}_versori_backup"));
            let table = db.quoted(&name);
            let run_id = summary.run_id.expect("a real run has an id");
            let saved = db.count(&format!(
                "SELECT count(*) FROM {backup} b JOIN (VALUES {}) AS o(k, d) ON o.k = b.key
                  WHERE b.run_id = {run_id} AND b.original::text = o.d::{column_type}::text",
                before
                    .iter()
                    .map(|(k, d)| format!("($k${k}$k$, $d${}$d$)", d.as_deref().unwrap()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            assert_eq!(
                saved as u64, migrated,
                "every original saved, byte for byte"
            );
            // Rerun: nothing left to do.
            let (again, _) = collect(&mut store, &source, &run);
            assert_eq!(
                again.counts.migrated, 0,
                "{column_type} -> {to}: a rerun writes nothing"
            );
            assert_eq!(db.rows(&name, "doc"), after);
            assert_eq!(
                db.count(&format!("SELECT count(*) FROM {backup}")) as u64,
                migrated,
                "a rerun saves nothing more"
            );
            // Restore: the table as it was.
            let restored = store
                .restore(&db.table(&format!("{name}_versori_backup")), run_id)
                .expect("restores");
            assert_eq!(restored.restored, migrated);
            assert_eq!(
                db.checksum(&name),
                checksum,
                "{column_type} -> {to}: restored"
            );
            let _ = table;
        }
    }
}

/// `--into` writes the result to another column and leaves the source byte-identical.
#[test]
fn into_leaves_the_source_byte_identical() {
    let Some(mut db) = Db::new("into") else {
        return;
    };
    // Pretty-printed text: any rewrite of the source would show.
    let rows: Vec<_> = examples()
        .into_iter()
        .map(|(k, d)| (k, Some(serde_json::to_string_pretty(&json(&d)).unwrap())))
        .collect();
    db.create("docs", "text", "text", &rows);
    db.exec(&format!(
        "ALTER TABLE {} ADD COLUMN v2 jsonb",
        db.quoted("docs")
    ));
    let source_before = db.rows("docs", "doc");
    let mut store = db.store();
    let source = Source::new(db.table("docs"), "doc");
    let run = MigrateRun::new(ApiVersion::V2).into_column(Some("v2".into()));
    let (summary, _) = collect(&mut store, &source, &run);
    assert_eq!(
        db.rows("docs", "doc"),
        source_before,
        "the source is untouched"
    );
    assert!(summary.backup_table.is_none());
    assert!(!db.tables().contains(&"docs_versori_backup".to_owned()));
    for ((key, original), (_, into)) in source_before.iter().zip(db.rows("docs", "v2")) {
        let expected = reference(original.as_deref().unwrap(), ApiVersion::V2, Loss::Report);
        match expected {
            Some(expected) => assert_eq!(json(&into.unwrap()), json(&expected), "{key}"),
            None => assert_eq!(into, None, "{key}: rejected, nothing written"),
        }
    }
    let (again, _) = collect(&mut store, &source, &run);
    assert_eq!(
        again.counts.migrated, 0,
        "a rerun finds the results in place"
    );
    assert!(summary.counts.migrated > 0);
}

/// `--dry-run` reads and migrates everything and changes nothing: not a row, not the schema.
#[test]
fn dry_run_changes_nothing() {
    let Some(mut db) = Db::new("dry_run") else {
        return;
    };
    db.create("docs", "text", "jsonb", &example_rows());
    let checksum = db.checksum("docs");
    let tables = db.tables();
    let mut store = db.store();
    let source = Source::new(db.table("docs"), "doc");
    let (dry, rows) = collect(
        &mut store,
        &source,
        &MigrateRun::new(ApiVersion::V2).dry_run(true),
    );
    assert_eq!(db.checksum("docs"), checksum);
    assert_eq!(db.tables(), tables, "no backup, no runs table");
    assert_eq!(dry.run_id, None);
    assert!(rows.iter().any(|r| r.status == RowStatus::Migrated));
    // ...and says what the real run then does.
    let (real, real_rows) = collect(&mut store, &source, &MigrateRun::new(ApiVersion::V2));
    assert_eq!(dry.counts, real.counts);
    let statuses = |rows: &[RowMigration]| {
        rows.iter()
            .map(|r| (r.key.clone(), r.status))
            .collect::<Vec<_>>()
    };
    assert_eq!(statuses(&rows), statuses(&real_rows));
}

/// A concurrent writer updating rows during a run: its writes are never overwritten; the rows
/// it changed are conflicts, and a rerun migrates them with the writer's change in them.
#[test]
fn a_concurrent_writer_is_never_overwritten() {
    let Some(mut db) = Db::new("concurrent") else {
        return;
    };
    let credential = |i: usize| {
        serde_json::json!({"id": format!("c{i}"), "organisationId": "o", "type": "basic-auth",
            "name": format!("n{i}"), "data": {"username": "u", "password": "p"}})
        .to_string()
    };
    let n = 3000;
    let rows: Vec<_> = (0..n)
        .map(|i| (i.to_string(), Some(credential(i))))
        .collect();
    db.create("docs", "integer", "jsonb", &rows);
    let table = db.quoted("docs");
    let url = db.url.clone();
    let stop = AtomicBool::new(false);
    let (summary, reported, writes) = std::thread::scope(|scope| {
        let writer = scope.spawn(|| {
            let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            let mut writes: Vec<(i32, i64)> = Vec::new();
            let mut seed = 7u64;
            let mut mark = 0i64;
            while !stop.load(Ordering::Relaxed) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let id = (seed % n as u64) as i32;
                mark += 1;
                client
                    .execute(
                        &format!("UPDATE {table} SET doc = jsonb_set(doc, '{{x-writer}}', to_jsonb($2::bigint)) WHERE id = $1"),
                        &[&id, &mark],
                    )
                    .unwrap();
                writes.push((id, mark));
            }
            writes
        });
        let mut store = db.store();
        let source = Source::new(db.table("docs"), "doc");
        let (summary, reported) = collect(
            &mut store,
            &source,
            &MigrateRun::new(ApiVersion::V2).batch_size(50),
        );
        stop.store(true, Ordering::Relaxed);
        (summary, reported, writer.join().unwrap())
    });
    assert!(
        writes.len() > 10,
        "the writer ran during the migration ({} writes)",
        writes.len()
    );
    let conflicts: Vec<_> = reported
        .iter()
        .filter(|r| r.status == RowStatus::Conflict)
        .collect();
    for row in &conflicts {
        assert!(row.messages.iter().any(|m| m.code == Code::Conflict));
    }
    assert_eq!(summary.counts.conflicts as usize, conflicts.len());
    // Rerun without the writer: everything migrated.
    let mut store = db.store();
    let source = Source::new(db.table("docs"), "doc");
    let (rerun, _) = collect(&mut store, &source, &MigrateRun::new(ApiVersion::V2));
    assert_eq!(rerun.counts.conflicts, 0);
    assert_eq!(
        rerun.counts.migrated, summary.counts.conflicts,
        "the rerun picks the conflicts up"
    );
    let mut last = std::collections::BTreeMap::new();
    for (id, mark) in writes {
        last.insert(id, mark);
    }
    for (key, doc) in db.rows("docs", "doc") {
        let doc = json(&doc.unwrap());
        assert!(doc["data"]["basicAuth"].is_object(), "row {key} is v2");
        let id: i32 = key.parse().unwrap();
        if let Some(mark) = last.get(&id) {
            assert_eq!(
                doc["x-writer"],
                Value::from(*mark),
                "row {key}: the writer's last write stands"
            );
        }
    }
    eprintln!(
        "concurrent writer: {} writes, {} conflicts in the first run",
        last.len(),
        conflicts.len()
    );
}

/// A run interrupted after some batches is resumed by the next one with the same parameters:
/// same run id, from the key after its last committed batch, every row once.
#[test]
fn an_interrupted_run_is_resumed() {
    let Some(mut db) = Db::new("resume") else {
        return;
    };
    let rows: Vec<_> = (0..100)
        .map(|i| {
            (
                format!("{i:03}"),
                Some(
                    serde_json::json!({"id": format!("c{i}"), "organisationId": "o",
                "type": "string", "name": "k", "data": {"value": "v"}})
                    .to_string(),
                ),
            )
        })
        .collect();
    db.create("docs", "text", "text", &rows);
    let source = Source::new(db.table("docs"), "doc");
    let run = MigrateRun::new(ApiVersion::V2).batch_size(10);
    let mut store = db.store();
    let mut seen = 0;
    let interrupted = catch_unwind(AssertUnwindSafe(|| {
        store.migrate(&source, &run, |_| {
            seen += 1;
            if seen == 35 {
                panic!("interrupted");
            }
        })
    }));
    assert!(interrupted.is_err());
    drop(store);
    let runs = db.quoted("versori_runs");
    assert_eq!(
        db.count(&format!(
            "SELECT count(*) FROM {runs} WHERE status = 'running'"
        )),
        1
    );
    let mut store = db.store();
    let (summary, reported) = collect(&mut store, &source, &run);
    assert_eq!(summary.run_id, Some(1), "the same run goes on");
    // Rows are reported once their batch is committed: the panic at the 35th came after the
    // fourth batch (rows 030..039) was.
    assert_eq!(
        summary.resumed_after.as_deref(),
        Some("039"),
        "after the last committed batch"
    );
    assert_eq!(reported.len(), 60);
    assert_eq!(summary.totals.migrated, 100);
    let backup = db.quoted("docs_versori_backup");
    assert_eq!(
        db.count(&format!(
            "SELECT count(DISTINCT key) FROM {backup} WHERE run_id = 1"
        )),
        100
    );
    assert_eq!(
        db.count(&format!(
            "SELECT count(*) FROM {runs} WHERE status = 'finished'"
        )),
        1
    );
}

/// Values that are not documents are rejected with `invalid-json` and left as they are; a
/// value the database will not store rejects that row only.
#[test]
fn rows_that_cannot_migrate_are_left_alone() {
    let Some(mut db) = Db::new("rejects") else {
        return;
    };
    let good =
        r#"{"id":"c1","organisationId":"o","type":"string","name":"k","data":{"value":"v"}}"#;
    let nul =
        r#"{"id":"c2","organisationId":"o","type":"string","name":"k\u0000","data":{"value":"v"}}"#;
    // A text column keeps a repeated key (jsonb would have kept only the last, silently).
    let twice = r#"{"id":"c3","organisationId":"o","type":"string","name":"k","name":"j","data":{"value":"v"}}"#;
    let rows = vec![
        ("a".to_owned(), Some("{not json".to_owned())),
        ("b".to_owned(), Some("[1, 2]".to_owned())),
        ("c".to_owned(), None),
        ("d".to_owned(), Some(good.to_owned())),
        ("e".to_owned(), Some(nul.to_owned())),
        ("f".to_owned(), Some(twice.to_owned())),
    ];
    db.create("docs", "text", "text", &rows);
    db.exec(&format!(
        "ALTER TABLE {} ADD COLUMN v2 jsonb",
        db.quoted("docs")
    ));
    let checksum_source = db.rows("docs", "doc");
    let mut store = db.store();
    let source = Source::new(db.table("docs"), "doc");
    let (summary, reported) = collect(
        &mut store,
        &source,
        &MigrateRun::new(ApiVersion::V2).into_column(Some("v2".into())),
    );
    let by_key = |k: &str| reported.iter().find(|r| r.key == k).unwrap();
    for key in ["a", "b", "c"] {
        let row = by_key(key);
        assert_eq!(row.status, RowStatus::Rejected, "{key}");
        assert_eq!(row.messages[0].code, Code::InvalidJson, "{key}");
        assert!(row.reason.is_some());
    }
    assert_eq!(by_key("d").status, RowStatus::Migrated);
    let e = by_key("e");
    assert_eq!(e.status, RowStatus::Rejected, "jsonb cannot hold \\u0000");
    assert!(e.reason.as_deref().unwrap().contains("database refused"));
    // As `versori migrate` refuses a line with a repeated key: duplicate-key first.
    let f = by_key("f");
    assert_eq!(f.status, RowStatus::Rejected, "a repeated key is refused");
    assert_eq!(
        (f.messages[0].code, f.messages[0].path.as_str()),
        (Code::DuplicateKey, "/name")
    );
    assert!(f.reason.as_deref().unwrap().contains("/name"));
    assert_eq!(summary.counts.rejected, 5);
    assert_eq!(db.rows("docs", "doc"), checksum_source);
    let written: Vec<_> = db
        .rows("docs", "v2")
        .into_iter()
        .filter(|(_, v)| v.is_some())
        .collect();
    assert_eq!(written.len(), 1);
    assert_eq!(written[0].0, "d");
}

/// Keys of several types (text, uuid, integer, bigint) and names that need quoting.
#[test]
fn keys_of_several_types_and_names_that_need_quoting() {
    let Some(mut db) = Db::new("keys") else {
        return;
    };
    let doc = |i: usize| {
        Some(
            serde_json::json!({"id": format!("c{i}"), "organisationId": "o", "type": "string",
            "name": "k", "data": {"value": "v"}})
            .to_string(),
        )
    };
    for (key_type, keys) in [
        (
            "uuid",
            (0..25)
                .map(|i| format!("00000000-0000-0000-0000-{i:012}"))
                .collect::<Vec<_>>(),
        ),
        (
            "integer",
            (0..25).map(|i| (i * 7 - 50).to_string()).collect(),
        ),
        (
            "bigint",
            (0..25)
                .map(|i| (i as i64 * 1_000_000_000_000).to_string())
                .collect(),
        ),
        ("text", (0..25).map(|i| format!("k'\"{i} ü")).collect()),
    ] {
        let name = format!("Odd \"{key_type}\" table");
        let table = db.quoted(&name);
        db.exec(&format!(
            "CREATE TABLE {table} (\"the key\" {key_type} PRIMARY KEY, \"my doc\" json)"
        ));
        let docs: Vec<_> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.clone(), doc(i)))
            .collect();
        let ks: Vec<&str> = docs.iter().map(|(k, _)| k.as_str()).collect();
        let ds: Vec<Option<&str>> = docs.iter().map(|(_, d)| d.as_deref()).collect();
        db.client
            .execute(
                &format!("INSERT INTO {table} SELECT k::{key_type}, d::json FROM unnest($1::text[], $2::text[]) u(k, d)"),
                &[&ks, &ds],
            )
            .unwrap();
        let mut store = db.store();
        let source = Source::new(format!("{}.{name}", db.schema), "my doc").key("the key");
        let (summary, reported) = collect(
            &mut store,
            &source,
            &MigrateRun::new(ApiVersion::V2).batch_size(4),
        );
        assert_eq!(summary.counts.migrated, 25, "{key_type}");
        let mut json_keys: Vec<Value> = reported.iter().map(|r| r.key.clone()).collect();
        if key_type == "integer" || key_type == "bigint" {
            assert!(
                json_keys.iter().all(Value::is_i64),
                "integer keys are JSON numbers"
            );
        } else {
            assert!(json_keys.iter().all(Value::is_string));
        }
        let before = json_keys.clone();
        json_keys.dedup();
        assert_eq!(json_keys.len(), before.len(), "each row once");
        let restored = store
            .restore(
                &format!("{}.{name}_versori_backup", db.schema),
                summary.run_id.unwrap(),
            )
            .unwrap();
        assert_eq!(restored.restored, 25);
    }
}

/// The errors a user meets are clear, typed, and never a panic.
#[test]
fn clear_errors_for_what_users_meet() {
    let Some(mut db) = Db::new("errors") else {
        return;
    };
    let doc = Some(
        r#"{"id":"c1","organisationId":"o","type":"string","name":"k","data":{"value":"v"}}"#
            .to_owned(),
    );
    db.create("docs", "text", "jsonb", &[("a".into(), doc.clone())]);
    db.exec(&format!(
        "CREATE TABLE {} (id text, doc jsonb, n integer);
         INSERT INTO {0} VALUES ('a', '{{}}', 1), ('a', '{{}}', 2);
         CREATE TABLE {} (id text UNIQUE, doc jsonb);
         INSERT INTO {1} VALUES (NULL, '{{}}');",
        db.quoted("loose"),
        db.quoted("nullkeys")
    ));
    let mut store = db.store();
    let run = MigrateRun::new(ApiVersion::V2);
    let mut migrate = |source: Source| store.migrate(&source, &run, |_| {}).unwrap_err();
    assert!(matches!(
        migrate(Source::new(db.table("nope"), "doc")),
        StoreError::NoSuchTable(_)
    ));
    assert!(matches!(
        migrate(Source::new(db.table("docs"), "nope")),
        StoreError::NoSuchColumn { .. }
    ));
    assert!(matches!(
        migrate(Source::new(db.table("loose"), "n")),
        StoreError::ColumnType { .. }
    ));
    assert!(matches!(
        migrate(Source::new(db.table("loose"), "doc")),
        StoreError::KeyNotUnique { .. }
    ));
    assert!(matches!(
        migrate(Source::new(db.table("nullkeys"), "doc")),
        StoreError::KeyHasNulls { .. }
    ));
    assert!(matches!(
        migrate(Source::new(db.table("docs"), "doc").filter("no_such_column > 1")),
        StoreError::Filter(_)
    ));
    assert!(matches!(
        migrate(Source::new(db.table("docs"), "doc").key("doc")),
        StoreError::KeyNotUnique { .. }
    ));
    assert!(matches!(
        versori_store::Store::connect("postgres://nobody@/nowhere?host=/nonexistent-socket-dir"),
        Err(StoreError::Connect(_))
    ));
    assert!(matches!(
        versori_store::Store::connect("not a url at all ==="),
        Err(StoreError::Connect(_))
    ));
    // Permission denied: a role that may log in and nothing else.
    db.exec(
        "DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'versori_test_nobody') THEN
                CREATE ROLE versori_test_nobody LOGIN;
            END IF;
         END $$;",
    );
    db.exec(&format!(
        "GRANT USAGE ON SCHEMA \"{}\" TO versori_test_nobody",
        db.schema
    ));
    let mut config: postgres::Config = db.url.parse().unwrap();
    config.user("versori_test_nobody");
    let client = config.connect(postgres::NoTls).expect("the role logs in");
    let mut nobody = versori_store::Store::from_client(client);
    let source = Source::new(db.table("docs"), "doc");
    let err = nobody.migrate(&source, &run, |_| {}).unwrap_err();
    assert!(matches!(err, StoreError::PermissionDenied(_)), "{err}");
    let err = nobody
        .validate(&source, &ValidateRun::default(), |_| {})
        .unwrap_err();
    assert!(matches!(err, StoreError::PermissionDenied(_)), "{err}");
    // Restore of a run that does not exist.
    let err = store_restore(&db, "docs_versori_backup", 42);
    assert!(
        matches!(
            err,
            StoreError::NoSuchTable(_) | StoreError::NoSuchRun { .. }
        ),
        "{err}"
    );
    // Two runs on one column at once: the second is refused.
    let mut first = db.store();
    let mut second = db.store();
    let mut refused = None;
    first
        .migrate(&source, &run, |_| {
            refused = Some(second.migrate(&source, &run, |_| {}).unwrap_err());
        })
        .unwrap();
    assert!(matches!(refused, Some(StoreError::Busy(_))), "{refused:?}");
}

fn store_restore(db: &Db, backup: &str, run: i64) -> StoreError {
    db.store().restore(&db.table(backup), run).unwrap_err()
}

/// `db validate` gives every row the messages `versori validate` gives the same document.
#[test]
fn validation_equals_the_file_result() {
    let Some(mut db) = Db::new("validate") else {
        return;
    };
    db.create("docs", "text", "json", &example_rows());
    let mut store = db.store();
    let now = "2026-01-01T00:00:00Z".parse().unwrap();
    let options = ValidateRun::default()
        .batch_size(5)
        .validate_with(ValidateOptions::at(now));
    let mut rows = Vec::new();
    let summary = store
        .validate(&Source::new(db.table("docs"), "doc"), &options, |row| {
            rows.push(row)
        })
        .unwrap();
    let examples = examples();
    assert_eq!(summary.rows, examples.len() as u64);
    for ((key, doc), row) in examples.iter().zip(&rows) {
        assert_eq!(row.key, Value::from(key.as_str()));
        let expected = versori_validate::validate_value_as(
            &json(doc),
            Hint::default(),
            &ValidateOptions::at(now),
        );
        match expected {
            Ok(v) => {
                assert_eq!(row.api_version, Some(v.api_version), "{key}");
                assert_eq!(row.messages, v.report.into_messages(), "{key}");
            }
            Err(e) => assert_eq!(row.messages, vec![e.to_message()], "{key}"),
        }
    }
}
