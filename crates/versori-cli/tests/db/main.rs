//! `versori db` end to end against a real PostgreSQL server (`VERSORI_TEST_DATABASE_URL`):
//! one migration, two front ends (the binary's file and database results agree), exit
//! statuses, and SIGKILL at random points of a 50,000-row run.
//!
//! A separate test binary from `tests/it` so that it can be run on its own
//! (`cargo test -p versori-cli --test db`).

mod kill;
mod output;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use postgres::{Client, NoTls};
use serde_json::Value;

/// The test server's URL; skipped without it, but a failure when `CI` is set.
pub(crate) fn url() -> Option<String> {
    match std::env::var("VERSORI_TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => panic!(
            "VERSORI_TEST_DATABASE_URL is not set but CI is: the database tests must run \
             against a real server (.ci/run starts one)"
        ),
        _ => {
            eprintln!("skipped: set VERSORI_TEST_DATABASE_URL to run the database tests");
            None
        }
    }
}

/// A fresh schema of the test server, named for the test.
pub(crate) struct Db {
    pub(crate) url: String,
    pub(crate) schema: String,
    pub(crate) client: Client,
}

impl Db {
    pub(crate) fn new(name: &str) -> Option<Self> {
        let url = url()?;
        let mut client =
            Client::connect(&url, NoTls).expect("the test database accepts connections");
        let schema = format!("vc_{name}");
        client
            .batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
            ))
            .expect("a fresh schema");
        Some(Self {
            url,
            schema,
            client,
        })
    }

    pub(crate) fn table(&self, name: &str) -> String {
        format!("{}.{name}", self.schema)
    }

    pub(crate) fn exec(&mut self, sql: &str) {
        self.client
            .batch_execute(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    pub(crate) fn checksum(&mut self, name: &str) -> String {
        self.client
            .query_one(
                &format!(
                    "SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t.id), '')) FROM {} AS t",
                    self.table(name)
                ),
                &[],
            )
            .expect("checksum")
            .get(0)
    }

    pub(crate) fn tables(&mut self) -> Vec<String> {
        self.client
            .query(
                "SELECT tablename::text FROM pg_tables WHERE schemaname = $1 ORDER BY 1",
                &[&self.schema],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
    }

    /// `versori db VERB --database-url URL ARGS...`
    pub(crate) fn versori(&self, verb: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_versori"))
            .args(["db", verb, "--database-url", &self.url])
            .args(args)
            .output()
            .expect("versori runs")
    }
}

/// Every bundled example as one NDJSON stream (one document per line), as `versori migrate`
/// reads it from a file.
fn examples_stream(dir: &Path) -> (PathBuf, Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut lines = Vec::new();
    let mut stack = vec![root];
    let mut files = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        match path.extension().and_then(|e| e.to_str()) {
            Some("json") => lines.push(serde_json::from_str::<Value>(&text).unwrap().to_string()),
            Some("ndjson") => lines.extend(
                text.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(str::to_owned),
            ),
            _ => {}
        }
    }
    let path = dir.join("examples.ndjson");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    (path, lines)
}

fn json_lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn codes(messages: &Value) -> Vec<(String, String, String)> {
    messages
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["code"].as_str().unwrap().to_owned(),
                m["path"].as_str().unwrap().to_owned(),
                m["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The database result equals `versori migrate`'s file result for every example document, in
/// jsonb, json and text columns, to every version: the same documents (the same bytes for json
/// and text), the same rejects, the same (code, path, severity) in the reports, and the same
/// exit status.
#[test]
fn db_migrate_equals_versori_migrate_for_every_example() {
    let Some(mut db) = Db::new("equal") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (stream, lines) = examples_stream(dir.path());
    for to in ["v1alpha1", "v1", "v2"] {
        let file_out = dir.path().join(format!("{to}.ndjson"));
        let file_report = dir.path().join(format!("{to}.report.ndjson"));
        let file_rejects = dir.path().join(format!("{to}.rejects.ndjson"));
        let file = Command::new(env!("CARGO_BIN_EXE_versori"))
            .args(["migrate", "--to", to, "--format", "json", "--output"])
            .arg(&file_out)
            .arg("--report")
            .arg(&file_report)
            .arg("--rejects")
            .arg(&file_rejects)
            .arg(&stream)
            .output()
            .unwrap();
        let file_report = json_lines(&file_report);
        let file_docs: Vec<String> = std::fs::read_to_string(&file_out)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        assert_eq!(file_report.len(), lines.len());
        for column_type in ["jsonb", "json", "text"] {
            let name = format!("docs_{column_type}_{to}");
            let table = db.table(&name);
            db.exec(&format!(
                "CREATE TABLE {table} (id integer PRIMARY KEY, doc {column_type})"
            ));
            let ids: Vec<i32> = (1..=lines.len() as i32).collect();
            db.client
                .execute(
                    &format!("INSERT INTO {table} SELECT i, d::{column_type} FROM unnest($1::int[], $2::text[]) u(i, d)"),
                    &[&ids, &lines],
                )
                .unwrap();
            let db_report = dir.path().join(format!("{name}.report.ndjson"));
            let db_rejects = dir.path().join(format!("{name}.rejects.ndjson"));
            let out = db.versori(
                "migrate",
                &[
                    "--to",
                    to,
                    "--table",
                    &table,
                    "--column",
                    "doc",
                    "--batch-size",
                    "8",
                    "--format",
                    "json",
                    "--report",
                    db_report.to_str().unwrap(),
                    "--rejects",
                    db_rejects.to_str().unwrap(),
                ],
            );
            assert_eq!(
                out.status.code(),
                file.status.code(),
                "{name}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let db_report = json_lines(&db_report);
            assert_eq!(db_report.len(), lines.len());
            let stored: Vec<String> = db
                .client
                .query(&format!("SELECT doc::text FROM {table} ORDER BY id"), &[])
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect();
            let mut docs = file_docs.iter();
            for (i, ((file_line, db_line), (original, stored))) in file_report
                .iter()
                .zip(&db_report)
                .zip(lines.iter().zip(&stored))
                .enumerate()
            {
                let at = format!("{name} line {}", i + 1);
                assert_eq!(db_line["key"], Value::from(i + 1), "{at}");
                assert_eq!(db_line["source"], Value::from(table.as_str()), "{at}");
                assert_eq!(db_line["apiVersion"], file_line["apiVersion"], "{at}");
                assert_eq!(db_line["kind"], file_line["kind"], "{at}");
                assert_eq!(db_line["valid"], file_line["valid"], "{at}");
                assert_eq!(
                    codes(&db_line["messages"]),
                    codes(&file_line["messages"]),
                    "{at}"
                );
                if file_line["migrated"] == true {
                    let expected = docs.next().expect("one output line per migrated document");
                    let same: Value = serde_json::from_str(expected).unwrap();
                    if db_line["status"] == "unchanged" {
                        // Equal as JSON to what is stored: not rewritten, bytes kept.
                        assert_eq!(
                            serde_json::from_str::<Value>(original).unwrap(),
                            same,
                            "{at}"
                        );
                        if column_type != "jsonb" {
                            assert_eq!(stored, original, "{at}");
                        }
                    } else {
                        assert_eq!(db_line["status"], "migrated", "{at}");
                        assert_eq!(serde_json::from_str::<Value>(stored).unwrap(), same, "{at}");
                        if column_type != "jsonb" {
                            assert_eq!(stored, expected, "{at}: the file's bytes");
                        }
                    }
                } else {
                    assert_eq!(db_line["status"], "rejected", "{at}");
                    if column_type != "jsonb" {
                        assert_eq!(stored, original, "{at}: left as it is");
                    }
                }
            }
            assert!(docs.next().is_none());
            let (file_rejects, db_rejects) = (json_lines(&file_rejects), json_lines(&db_rejects));
            assert_eq!(file_rejects.len(), db_rejects.len(), "{name}");
            for (f, d) in file_rejects.iter().zip(&db_rejects) {
                assert_eq!(f["reason"], d["reason"], "{name}");
                assert_eq!(d["key"], f["line"], "{name}");
            }
        }
    }
}

/// `db validate --format json` prints the `versori validate` record with `source` the table
/// and `key` the row's key; the exit status is the file's.
#[test]
fn db_validate_prints_the_file_record() {
    let Some(mut db) = Db::new("validate") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (stream, lines) = examples_stream(dir.path());
    let table = db.table("docs");
    db.exec(&format!(
        "CREATE TABLE {table} (id integer PRIMARY KEY, doc jsonb)"
    ));
    let ids: Vec<i32> = (1..=lines.len() as i32).collect();
    db.client
        .execute(
            &format!(
                "INSERT INTO {table} SELECT i, d::jsonb FROM unnest($1::int[], $2::text[]) u(i, d)"
            ),
            &[&ids, &lines],
        )
        .unwrap();
    db.exec(&format!("INSERT INTO {table} VALUES (0, '[1, 2]')"));
    let file = Command::new(env!("CARGO_BIN_EXE_versori"))
        .args(["validate", "--format", "json"])
        .arg(&stream)
        .output()
        .unwrap();
    let out = db.versori(
        "validate",
        &["--table", &table, "--column", "doc", "--format", "json"],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let file_records: Vec<Value> = String::from_utf8(file.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), lines.len() + 1);
    assert_eq!(
        records[0]["messages"][0]["code"], "invalid-json",
        "an array is not a document"
    );
    assert_eq!(records[0]["key"], 0);
    for (i, (db_record, file_record)) in records[1..].iter().zip(&file_records).enumerate() {
        let keys: Vec<_> = db_record.as_object().unwrap().keys().cloned().collect();
        assert_eq!(
            keys,
            ["apiVersion", "key", "kind", "messages", "source", "valid"]
        );
        assert_eq!(db_record["source"], Value::from(table.as_str()));
        assert_eq!(db_record["key"], Value::from(i + 1));
        for field in ["apiVersion", "kind", "valid"] {
            assert_eq!(
                db_record[field],
                file_record[field],
                "line {}: {field}",
                i + 1
            );
        }
        assert_eq!(
            codes(&db_record["messages"]),
            codes(&file_record["messages"]),
            "line {}",
            i + 1
        );
    }
    // Only valid ones: exit 0, like the file verb on valid documents.
    let valid = records
        .iter()
        .find(|r| r["valid"] == true)
        .expect("a valid example");
    let filter = format!("versori_t.id = {}", valid["key"]);
    let out = db.versori(
        "validate",
        &["--table", &table, "--column", "doc", "--where", &filter],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The errors a user meets: a clear message on stderr and exit status 2, never a panic.
#[test]
fn errors_exit_2_with_a_message() {
    let Some(mut db) = Db::new("errors") else {
        return;
    };
    let table = db.table("docs");
    db.exec(&format!(
        "CREATE TABLE {table} (id text PRIMARY KEY, doc jsonb, n int, k text);
         INSERT INTO {table} VALUES ('a', '{{}}', 1, 'x'), ('b', '{{}}', 2, 'x');"
    ));
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--table", "vc_errors.nope", "--column", "doc"],
            "does not exist",
        ),
        (vec!["--table", &table, "--column", "nope"], "has no column"),
        (vec!["--table", &table, "--column", "n"], "of type integer"),
        (
            vec!["--table", &table, "--column", "doc", "--key", "k"],
            "not unique",
        ),
        (
            vec!["--table", &table, "--column", "doc", "--where", "nonsense("],
            "--where",
        ),
        (
            vec!["--table", &table, "--column", "doc", "--into", "doc"],
            "--into",
        ),
    ];
    for (args, says) in &cases {
        let mut all = vec!["--to", "v2"];
        all.extend(args);
        let out = db.versori("migrate", &all);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("error: ") && stderr.contains(says),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"));
    }
    let out = Command::new(env!("CARGO_BIN_EXE_versori"))
        .args([
            "db",
            "validate",
            "--table",
            "t",
            "--column",
            "c",
            "--database-url",
        ])
        .arg("postgres://nobody@/nowhere?host=/nonexistent-socket-dir")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot connect"));
    let out = Command::new(env!("CARGO_BIN_EXE_versori"))
        .args(["db", "validate", "--table", "t", "--column", "c"])
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("DATABASE_URL"));
    // DATABASE_URL is the fallback for --database-url.
    let out = Command::new(env!("CARGO_BIN_EXE_versori"))
        .args([
            "db", "validate", "--table", &table, "--column", "doc", "--where", "false",
        ])
        .env("DATABASE_URL", &db.url)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `--dry-run` writes nothing, not even a table, and exits as the real run does; `db restore`
/// puts the real run back.
#[test]
fn dry_run_exits_as_the_real_run_and_restore_puts_it_back() {
    let Some(mut db) = Db::new("dry_run") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (_, lines) = examples_stream(dir.path());
    let table = db.table("docs");
    db.exec(&format!(
        "CREATE TABLE {table} (id integer PRIMARY KEY, doc text)"
    ));
    let ids: Vec<i32> = (1..=lines.len() as i32).collect();
    db.client
        .execute(
            &format!("INSERT INTO {table} SELECT * FROM unnest($1::int[], $2::text[])"),
            &[&ids, &lines],
        )
        .unwrap();
    let checksum = db.checksum("docs");
    let tables = db.tables();
    let args = [
        "--to", "v2", "--table", &table, "--column", "doc", "--format", "json",
    ];
    let mut dry_args = args.to_vec();
    dry_args.push("--dry-run");
    let dry = db.versori("migrate", &dry_args);
    assert_eq!(db.checksum("docs"), checksum, "no row changed");
    assert_eq!(db.tables(), tables, "no table created");
    let real = db.versori("migrate", &args);
    assert_eq!(dry.status.code(), real.status.code());
    assert_eq!(dry.stdout, real.stdout, "the same report, row for row");
    assert_ne!(db.checksum("docs"), checksum);
    let stderr = String::from_utf8_lossy(&real.stderr);
    assert!(stderr.contains("run 1"), "{stderr}");
    let backup = format!("{table}_versori_backup");
    let restore = db.versori("restore", &["--backup-table", &backup, "--run", "1"]);
    assert_eq!(
        restore.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&restore.stderr)
    );
    assert_eq!(db.checksum("docs"), checksum, "restored");
}
