//! SIGKILL at random points of a 50,000-row in-place migration, then a rerun to the end:
//! every row migrated exactly once, every original in the backup, no row lost or half-written;
//! `db restore` of every run gives the table back as it was.

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use versori_migrate::{Options, migrate};
use versori_model::{ApiVersion, Document};

use crate::Db;

const ROWS: i32 = 50_000;
const KILLS: usize = 5;

/// A small deterministic generator (xorshift), seeded, so a failing run can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Row `i`: mostly v1 credentials, every 97th a v1 connector, every 1000th already a v2
/// credential (found unchanged), every 4999th a BigQuery connector (no v2 form: rejected).
fn document(i: i32, connector: &Value, bigquery: &Value) -> Value {
    if i % 4999 == 0 {
        let mut doc = bigquery.clone();
        doc["id"] = json!(format!("bq-{i}"));
        doc
    } else if i % 1000 == 0 {
        json!({"id": format!("v2-{i}"), "organisationId": "01HFP2RC0JQ7T1EXR0Y4K7P3J4",
               "type": "basic-auth", "name": format!("svc-{i}"),
               "data": {"basicAuth": {"username": format!("u{i}"), "password": format!("p{i}")}}})
    } else if i % 97 == 0 {
        let mut doc = connector.clone();
        doc["id"] = json!(format!("01HTF0JT37H7YN9F19S{i:07}"));
        doc
    } else {
        json!({"id": format!("cred-{i}"), "organisationId": "01HFP2RC0JQ7T1EXR0Y4K7P3J4",
               "type": "basic-auth", "name": format!("netsuite-{i}"),
               "data": {"username": format!("user{i}@example.com"), "password": format!("pw-{i}")}})
    }
}

fn example(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn sigkill_at_random_points_then_rerun() {
    let Some(mut db) = Db::new("kill") else {
        return;
    };
    let seed: u64 = std::env::var("VERSORI_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_2026);
    let mut rng = Rng(seed);
    let (connector, bigquery) = (
        example("v1/shopify-connector.json"),
        example("v1/bigquery-connector.json"),
    );
    let docs: Vec<Value> = (1..=ROWS)
        .map(|i| document(i, &connector, &bigquery))
        .collect();
    let table = db.table("docs");
    db.exec(&format!(
        "CREATE TABLE {table} (id integer PRIMARY KEY, doc jsonb NOT NULL)"
    ));
    let ids: Vec<i32> = (1..=ROWS).collect();
    let texts: Vec<String> = docs.iter().map(Value::to_string).collect();
    db.client
        .execute(
            &format!("INSERT INTO {table} SELECT * FROM unnest($1::int[], $2::jsonb[])"),
            &[&ids, &texts.iter().map(String::as_str).collect::<Vec<_>>()],
        )
        .unwrap_or_else(|_| {
            // jsonb[] from text: bind as text[] and cast.
            db.client
                .execute(
                    &format!("INSERT INTO {table} SELECT i, d::jsonb FROM unnest($1::int[], $2::text[]) u(i, d)"),
                    &[&ids, &texts],
                )
                .unwrap()
        });
    db.exec(&format!(
        "CREATE TABLE {}.original AS SELECT * FROM {table}",
        db.schema
    ));
    let checksum = db.checksum("docs");

    // What each row becomes: the library's migration of the original, or `None` (rejected).
    let expected: Vec<Option<Value>> = docs
        .iter()
        .map(|doc| {
            let document = Document::read(doc.clone()).ok()?;
            let done = migrate(document, ApiVersion::V2, &Options::default()).ok()?;
            Some(done.document.to_value().unwrap())
        })
        .collect();
    let must_change = expected
        .iter()
        .zip(&docs)
        .filter(|(e, d)| e.as_ref().is_some_and(|e| e != *d))
        .count() as i64;

    let url = db.url.clone();
    let args = [
        "db",
        "migrate",
        "--to",
        "v2",
        "--database-url",
        &url,
        "--table",
        &table,
        "--column",
        "doc",
        "--batch-size",
        "500",
    ];
    // Round 1 kills after a random few hundred milliseconds (connecting, creating the tables,
    // the first batches); the others when the backup has grown past a random point of what is
    // left, plus a random few milliseconds, so the kill lands anywhere in a batch's cycle
    // (reading, migrating, inside the write transaction, at the commit).
    let mut log = Vec::new();
    let migrated_so_far = |db: &mut Db| {
        db.client
            .query_one(
                &format!("SELECT count(*) FROM {}.docs_versori_backup", db.schema),
                &[],
            )
            .map(|r| r.get::<_, i64>(0))
            .unwrap_or(0)
    };
    for round in 0..KILLS {
        let before = migrated_so_far(&mut db);
        let target = before + ((must_change - before) as u64 * (10 + rng.next() % 80) / 100) as i64;
        let jitter = Duration::from_millis(rng.next() % 40);
        let early = Duration::from_millis(50 + rng.next() % 400);
        let mut child = Command::new(env!("CARGO_BIN_EXE_versori"))
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let mut finished = None;
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                finished = Some(status);
                break;
            }
            let due = if round == 0 {
                started.elapsed() >= early
            } else {
                migrated_so_far(&mut db) >= target
            };
            if due || started.elapsed() > Duration::from_secs(120) {
                std::thread::sleep(jitter);
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        if finished.is_none() {
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
        }
        let after = migrated_so_far(&mut db);
        log.push(format!(
            "kill {}: {} after {:?} (aimed at {}), {before} -> {after} rows migrated",
            round + 1,
            if finished.is_some() {
                "finished before the kill"
            } else {
                "killed"
            },
            started.elapsed(),
            if round == 0 {
                format!("{early:?}")
            } else {
                format!("{target} rows + {jitter:?}")
            },
        ));
    }
    let last = Command::new(env!("CARGO_BIN_EXE_versori"))
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        last.status.code(),
        Some(1),
        "the rerun finishes, exit 1 for the rejected rows: {}",
        String::from_utf8_lossy(&last.stderr)
    );
    // The summary and the run (the messages above them are the rows' own).
    let stderr = String::from_utf8_lossy(&last.stderr);
    let tail: Vec<&str> = stderr.lines().rev().take(2).collect();
    log.push(format!("rerun: {}\n       {}", tail[1], tail[0]));
    eprintln!("seed {seed:#x}\n{}", log.join("\n"));

    // No row lost, none half-written: each is its original or its migration.
    let rows: Vec<(i32, Value)> = db
        .client
        .query(
            &format!("SELECT id, doc::text FROM {table} ORDER BY id"),
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), serde_json::from_str(r.get::<_, &str>(1)).unwrap()))
        .collect();
    assert_eq!(rows.len(), ROWS as usize);
    for ((id, stored), (original, expected)) in rows.iter().zip(docs.iter().zip(&expected)) {
        match expected {
            Some(expected) => assert_eq!(stored, expected, "row {id} is migrated"),
            None => assert_eq!(stored, original, "row {id} is rejected and left alone"),
        }
    }
    // Every row migrated exactly once, its original in the backup.
    let backup = format!("{}.docs_versori_backup", db.schema);
    let (saved, keys, exact): (i64, i64, i64) = {
        let row = db
            .client
            .query_one(
                &format!(
                    "SELECT count(*), count(DISTINCT b.key), count(*) FILTER (WHERE b.original = o.doc)
                       FROM {backup} b JOIN {}.original o ON o.id = b.key",
                    db.schema
                ),
                &[],
            )
            .unwrap();
        (row.get(0), row.get(1), row.get(2))
    };
    assert_eq!(saved, must_change, "one backup row per migrated row");
    assert_eq!(keys, must_change, "no row migrated twice");
    assert_eq!(exact, must_change, "every original exactly as stored");
    // Restore every run: the table as it was.
    let runs: Vec<i64> = db
        .client
        .query(
            &format!(
                "SELECT id FROM {}.versori_runs WHERE target = 'v2' ORDER BY id",
                db.schema
            ),
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut per_run = HashMap::new();
    for run in &runs {
        let out = Command::new(env!("CARGO_BIN_EXE_versori"))
            .args([
                "db",
                "restore",
                "--database-url",
                &db.url,
                "--backup-table",
                &backup,
                "--run",
            ])
            .arg(run.to_string())
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        per_run.insert(*run, String::from_utf8_lossy(&out.stderr).trim().to_owned());
    }
    eprintln!("runs {runs:?}: {per_run:?}");
    assert_eq!(
        db.checksum("docs"),
        checksum,
        "restored to the original table"
    );
}
