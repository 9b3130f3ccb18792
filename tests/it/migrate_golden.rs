//! Every example migrated to every other version, compared with the committed outputs under
//! `tests/golden/<from>/<example>.to-<version>.json` (the document and the report, or the
//! refusal and its report). Regenerate with `BLESS=1 cargo test -p versori --test it`.
//!
//! Each golden output must also decode as its target kind, and migrating it back with
//! `preserve` on must give the example back exactly.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use versori::migrate::{Loss, MigrateError, Options, migrate};
use versori::model::{ApiVersion, Document, Hint};
use versori::validate::ValidateOptions;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn options(preserve: bool) -> Options {
    let now = "2026-01-01T00:00:00Z".parse().expect("a fixed instant");
    let loss = if preserve {
        Loss::Preserve
    } else {
        Loss::Report
    };
    Options::default()
        .loss(loss)
        .validate_with(ValidateOptions::at(now))
}

fn examples() -> Vec<(ApiVersion, PathBuf)> {
    let mut out = Vec::new();
    for &version in ApiVersion::ALL {
        let dir = root().join("examples").join(version.to_string());
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("examples directory")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        out.extend(files.into_iter().map(|f| (version, f)));
    }
    out
}

fn outcome(doc: Document, to: ApiVersion) -> Value {
    match migrate(doc, to, &options(false)) {
        Ok(done) => json!({ "document": done.document, "report": done.report }),
        Err(MigrateError::Refused { report, .. }) => json!({ "refused": true, "report": report }),
        Err(other) => json!({ "refused": true, "error": other.to_string() }),
    }
}

/// What a golden comparison holds to: the document exactly, and each message's `(code, path,
/// severity)` in order. Message text and detail are in the files for people to review, but may be
/// reworded without failing the test (DESIGN 8: assert on code and path, never on text).
fn comparable(outcome: &Value) -> Value {
    let mut out = outcome.clone();
    if let Some(Value::Array(report)) = out.get_mut("report") {
        for message in report {
            if let Value::Object(message) = message {
                message.retain(|key, _| matches!(key.as_str(), "code" | "path" | "severity"));
            }
        }
    }
    out
}

fn golden_path(version: ApiVersion, example: &Path, to: ApiVersion) -> PathBuf {
    let stem = example.file_stem().expect("file name").to_string_lossy();
    root()
        .join("tests/golden")
        .join(version.to_string())
        .join(format!("{stem}.to-{to}.json"))
}

#[test]
fn examples_migrate_as_committed() {
    let update = crate::bless();
    let mut problems = Vec::new();
    let mut compared = 0;
    for (version, example) in examples() {
        let text = std::fs::read_to_string(&example).expect("readable example");
        let value: Value = serde_json::from_str(&text).expect("example is JSON");
        let doc =
            Document::read_as(value, Hint::default().version(version)).expect("examples read");
        for to in ApiVersion::ALL.iter().copied().filter(|to| *to != version) {
            let actual = outcome(doc.clone(), to);
            let path = golden_path(version, &example, to);
            let rendered = serde_json::to_string_pretty(&actual).expect("serializes") + "\n";
            if update {
                std::fs::create_dir_all(path.parent().expect("parent")).expect("golden dir");
                std::fs::write(&path, &rendered).expect("golden written");
                continue;
            }
            let expected = std::fs::read_to_string(&path)
                .map(|text| serde_json::from_str::<Value>(&text).map(|v| comparable(&v)));
            match expected {
                Ok(Ok(expected)) if expected == comparable(&actual) => compared += 1,
                Ok(_) => problems.push(format!("{} differs (BLESS=1 to accept)", path.display())),
                Err(_) => {
                    problems.push(format!("{} is missing (BLESS=1 to write)", path.display()))
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(update || compared > 40, "compared only {compared} goldens");
}

#[test]
fn golden_outputs_decode_and_preserving_round_trips_are_exact() {
    let mut problems = Vec::new();
    for (version, example) in examples() {
        let value: Value =
            serde_json::from_str(&std::fs::read_to_string(&example).expect("readable"))
                .expect("JSON");
        let doc = Document::read_as(value.clone(), Hint::default().version(version))
            .expect("examples read");
        for to in ApiVersion::ALL.iter().copied().filter(|to| *to != version) {
            let there = match migrate(doc.clone(), to, &options(true)) {
                Ok(there) => there,
                Err(err) => {
                    // Refusals are compared with their goldens above; they must be documented.
                    if let Err(why) = crate::migrate_props::documented_refusal(&err, &doc) {
                        problems.push(format!("{} -> {to}: {why}", example.display()));
                    }
                    continue;
                }
            };
            let kind = there.document.kind();
            let json = there.document.to_value().expect("serializes");
            if let Err(e) = Document::decode(to, kind, json) {
                problems.push(format!(
                    "{} -> {to}: output does not decode: {e}",
                    example.display()
                ));
            }
            match migrate(there.document, version, &options(true)) {
                Ok(back) if back.document.to_value().expect("serializes") == value => {}
                Ok(_) => problems.push(format!(
                    "{} -> {to} -> {version} with preserve is not exact",
                    example.display()
                )),
                Err(e) => problems.push(format!("{} -> {to} -> {version}: {e}", example.display())),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
