//! A real PostgreSQL server for the tests: its URL, a fresh schema per test, checksums.

use std::path::Path;

use postgres::{Client, NoTls};
use serde_json::Value;
use versori_migrate::{Loss, Options};
use versori_model::{ApiVersion, Document};
use versori_store::Store;

/// The test server's URL from `VERSORI_TEST_DATABASE_URL`. Without it the tests are skipped
/// on a developer's machine, and fail in CI (`CI` set): they never silently pass there.
pub fn url() -> Option<String> {
    match std::env::var("VERSORI_TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => panic!(
            "VERSORI_TEST_DATABASE_URL is not set but CI is: the database tests must run \
             against a real server (.ci/run starts one)"
        ),
        _ => {
            eprintln!(
                "skipped: set VERSORI_TEST_DATABASE_URL to run the database tests \
                 (README, \"Stored documents\")"
            );
            None
        }
    }
}

/// One test's own schema on the test server, dropped and created afresh.
pub struct Db {
    pub url: String,
    pub schema: String,
    pub client: Client,
}

impl Db {
    pub fn new(name: &str) -> Option<Self> {
        let url = url()?;
        let mut client =
            Client::connect(&url, NoTls).expect("the test database accepts connections");
        let schema = format!("vs_{name}");
        client
            .batch_execute(&format!(
                "DROP SCHEMA IF EXISTS \"{schema}\" CASCADE; CREATE SCHEMA \"{schema}\""
            ))
            .expect("a fresh schema");
        Some(Self {
            url,
            schema,
            client,
        })
    }

    pub fn store(&self) -> Store {
        Store::connect(&self.url).expect("the store connects")
    }

    /// `schema.name`, as `--table` takes it.
    pub fn table(&self, name: &str) -> String {
        format!("{}.{name}", self.schema)
    }

    /// `"schema"."name"`, for SQL.
    pub fn quoted(&self, name: &str) -> String {
        format!("\"{}\".\"{}\"", self.schema, name.replace('"', "\"\""))
    }

    pub fn exec(&mut self, sql: &str) {
        self.client
            .batch_execute(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// Creates `name (id <key_type> PRIMARY KEY, doc <col_type>)` holding `rows`.
    pub fn create(
        &mut self,
        name: &str,
        key_type: &str,
        col_type: &str,
        rows: &[(String, Option<String>)],
    ) {
        let table = self.quoted(name);
        self.exec(&format!(
            "CREATE TABLE {table} (id {key_type} PRIMARY KEY, doc {col_type})"
        ));
        self.insert(name, key_type, col_type, rows);
    }

    pub fn insert(
        &mut self,
        name: &str,
        key_type: &str,
        col_type: &str,
        rows: &[(String, Option<String>)],
    ) {
        let table = self.quoted(name);
        let keys: Vec<&str> = rows.iter().map(|(k, _)| k.as_str()).collect();
        let docs: Vec<Option<&str>> = rows.iter().map(|(_, d)| d.as_deref()).collect();
        self.client
            .execute(
                &format!(
                    "INSERT INTO {table} (id, doc) SELECT k::{key_type}, d::{col_type}
                       FROM unnest($1::text[], $2::text[]) AS u(k, d)"
                ),
                &[&keys, &docs],
            )
            .expect("rows inserted");
    }

    /// Every row's key and column as text, in key order.
    pub fn rows(&mut self, name: &str, column: &str) -> Vec<(String, Option<String>)> {
        let table = self.quoted(name);
        self.client
            .query(
                &format!("SELECT id::text, \"{column}\"::text FROM {table} ORDER BY id"),
                &[],
            )
            .expect("rows read")
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect()
    }

    /// A checksum of every row (all columns, as text) in key order.
    pub fn checksum(&mut self, name: &str) -> String {
        let table = self.quoted(name);
        self.client
            .query_one(
                &format!(
                    "SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t.id), ''))
                       FROM {table} AS t"
                ),
                &[],
            )
            .expect("checksum")
            .get(0)
    }

    /// The tables of this test's schema.
    pub fn tables(&mut self) -> Vec<String> {
        self.client
            .query(
                "SELECT tablename::text FROM pg_tables WHERE schemaname = $1 ORDER BY 1",
                &[&self.schema],
            )
            .expect("tables")
            .iter()
            .map(|r| r.get(0))
            .collect()
    }

    pub fn count(&mut self, sql: &str) -> i64 {
        self.client
            .query_one(sql, &[])
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .get(0)
    }
}

/// Every bundled example document (each `.json` file, each NDJSON line) as compact JSON,
/// with a key naming where it came from.
pub fn examples() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut out = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .expect("examples/")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let parent = path
                .parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .to_string();
            if path.is_dir() {
                dirs.push(path);
            } else if name.ends_with(".json") {
                let value: Value =
                    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
                out.push((format!("{parent}/{name}"), value.to_string()));
            } else if name.ends_with(".ndjson") {
                for (i, line) in std::fs::read_to_string(&path).unwrap().lines().enumerate() {
                    if !line.trim().is_empty() {
                        out.push((format!("{parent}/{name}:{}", i + 1), line.to_owned()));
                    }
                }
            }
        }
    }
    out.sort();
    out
}

/// What `versori migrate` gives for one document from a file, computed here with the library
/// calls directly: the compact output line, or `None` for a rejected document.
pub fn reference(text: &str, to: ApiVersion, loss: Loss) -> Option<String> {
    let value: Value = serde_json::from_str(text).ok()?;
    let document = Document::read(value).ok()?;
    let done = versori_migrate::migrate(document, to, &Options::default().loss(loss)).ok()?;
    Some(serde_json::to_string(&done.document).expect("serializes"))
}

/// JSON text as a value (for jsonb, whose text PostgreSQL normalises).
pub fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("JSON")
}
