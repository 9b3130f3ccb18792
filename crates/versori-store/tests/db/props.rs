//! Property test: generated documents, stored and migrated through the database, give what
//! the library gives in memory, and a restore gives the table back.

use std::cell::{Cell, RefCell};

use proptest::collection::vec;
use proptest::sample::select;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use versori_migrate::Loss;
use versori_model::{ApiVersion, arbitrary};
use versori_store::{MigrateRun, RowStatus, Source};

use crate::support::{Db, json, reference};

#[test]
fn generated_documents_migrate_through_the_database_as_in_memory() {
    let Some(db) = Db::new("props") else { return };
    let db = RefCell::new(db);
    let case = Cell::new(0usize);
    // Each case is a table and a run on a real server: fewer cases than in-memory properties,
    // unless PROPTEST_CASES says otherwise.
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(24);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (
        vec(arbitrary::document(), 1..10),
        select(vec!["jsonb", "json", "text"]),
        select(vec![ApiVersion::V1alpha1, ApiVersion::V1, ApiVersion::V2]),
        select(vec![Loss::Report, Loss::Preserve]),
    );
    runner
        .run(&strategy, |(docs, column_type, to, loss)| {
            let mut db = db.borrow_mut();
            case.set(case.get() + 1);
            let name = format!("case{}", case.get());
            let rows: Vec<_> = docs
                .iter()
                .enumerate()
                .map(|(i, d)| (i.to_string(), Some(serde_json::to_string(d).unwrap())))
                .collect();
            db.create(&name, "integer", column_type, &rows);
            let checksum = db.checksum(&name);
            let mut store = db.store();
            let source = Source::new(db.table(&name), "doc");
            let mut statuses = Vec::new();
            let summary = store
                .migrate(
                    &source,
                    &MigrateRun::new(to).loss(loss).batch_size(3),
                    |row| statuses.push(row.status),
                )
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let after = db.rows(&name, "doc");
            for (((_, original), (key, stored)), status) in rows.iter().zip(&after).zip(&statuses) {
                let original = original.as_deref().unwrap();
                let stored = stored.as_deref().unwrap();
                match reference(original, to, loss) {
                    None => {
                        proptest::prop_assert_eq!(*status, RowStatus::Rejected);
                        proptest::prop_assert_eq!(json(stored), json(original));
                    }
                    Some(expected) => {
                        proptest::prop_assert!(
                            matches!(status, RowStatus::Migrated | RowStatus::Unchanged),
                            "row {} is {:?}",
                            key,
                            status
                        );
                        proptest::prop_assert_eq!(json(stored), json(&expected), "row {}", key);
                        if column_type != "jsonb" && *status == RowStatus::Migrated {
                            proptest::prop_assert_eq!(stored, expected.as_str());
                        }
                    }
                }
            }
            if let Some(run) = summary.run_id {
                store
                    .restore(&db.table(&format!("{name}_versori_backup")), run)
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
            }
            proptest::prop_assert_eq!(db.checksum(&name), checksum);
            Ok(())
        })
        .unwrap();
}
