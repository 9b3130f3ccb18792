//! `versori validate`, `migrate` and `schema` end to end: exit statuses, output shapes, NDJSON
//! with a bad line, all-or-nothing output and rejects.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn versori() -> Command {
    Command::cargo_bin("versori").expect("the versori binary builds")
}

const GOOD_V1_CREDENTIAL: &str = r#"{"id":"c1","organisationId":"o","type":"string","name":"key","data":{"value":"s3cret-value"}}"#;
const DUPLICATE_IDS: &str = r#"{"schemeType":"none","id":"a","description":"x","x-typo":1}"#;
const CUSTOM_FUNCTION: &str = r#"{"id":"c2","organisationId":"o","type":"custom-function","name":"fn","data":{},"usages":[]}"#;

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("test file written");
    path
}

fn json_lines(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is JSON"))
        .collect()
}

#[test]
fn validate_reports_each_ndjson_line_and_goes_on_after_a_bad_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let stream = format!("{GOOD_V1_CREDENTIAL}\n{{not json\n{DUPLICATE_IDS}\n");
    let path = write(dir.path(), "mixed.ndjson", &stream);
    let out = versori()
        .args(["validate", "--format", "json"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "a line that is not JSON is an error"
    );
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 3);
    for line in &lines {
        for key in ["source", "line", "apiVersion", "kind", "valid", "messages"] {
            assert!(line.get(key).is_some(), "{key} missing in {line}");
        }
    }
    assert_eq!(lines[0]["valid"], true);
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[1]["messages"][0]["code"], "invalid-json");
    assert_eq!(lines[2]["line"], 3);
    assert_eq!(lines[2]["messages"][0]["code"], "unknown-field");
    assert_eq!(lines[2]["messages"][0]["path"], "/x-typo");
    // No secret value appears in any report.
    assert!(!String::from_utf8_lossy(&out.stdout).contains("s3cret-value"));
}

#[test]
fn validate_denies_warnings_on_request() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "config.json", DUPLICATE_IDS);
    versori().arg("validate").arg(&path).assert().code(0);
    versori()
        .args(["validate", "--deny", "warnings"])
        .arg(&path)
        .assert()
        .code(1);
    versori()
        .args(["validate", "missing-file.json"])
        .assert()
        .code(2);
}

#[test]
fn migrate_is_all_or_nothing_without_rejects() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = write(
        dir.path(),
        "creds.ndjson",
        &format!("{GOOD_V1_CREDENTIAL}\n{CUSTOM_FUNCTION}\n"),
    );
    let output = dir.path().join("out.ndjson");
    versori()
        .args(["migrate", "--to", "v2", "-o"])
        .arg(&output)
        .arg(&input)
        .assert()
        .code(1);
    assert!(
        !output.exists(),
        "nothing is written when a document cannot migrate"
    );

    let rejects = dir.path().join("rejects.ndjson");
    let report = dir.path().join("report.ndjson");
    versori()
        .args(["migrate", "--to", "v2", "-o"])
        .arg(&output)
        .arg("--rejects")
        .arg(&rejects)
        .arg("--report")
        .arg(&report)
        .arg(&input)
        .assert()
        .code(1);
    let migrated = json_lines(&std::fs::read(&output).expect("output written"));
    assert_eq!(migrated.len(), 1);
    assert_eq!(migrated[0]["data"]["string"]["value"], "s3cret-value");
    let rejected = json_lines(&std::fs::read(&rejects).expect("rejects written"));
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0]["line"], 2);
    let codes: Vec<&Value> = rejected[0]["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| &m["code"])
        .collect();
    assert!(
        codes.contains(&&Value::from("not-representable")),
        "{codes:?}"
    );
    let reported = json_lines(&std::fs::read(&report).expect("report written"));
    assert_eq!(reported.len(), 2, "one report line per input document");
}

#[test]
fn migrate_to_the_same_version_writes_the_input_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/v1/salesforce-connector.json");
    let output = dir.path().join("same.json");
    versori()
        .args(["migrate", "--to", "v1", "-o"])
        .arg(&output)
        .arg(&input)
        .assert()
        .code(0);
    let read = |p: &Path| -> Value {
        serde_json::from_slice(&std::fs::read(p).expect("readable")).expect("JSON")
    };
    assert_eq!(read(&output), read(&input));
}

#[test]
fn schema_check_names_drifted_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    versori()
        .args(["schema", "--out"])
        .arg(dir.path())
        .assert()
        .code(0);
    versori()
        .args(["schema", "--check"])
        .arg(dir.path())
        .assert()
        .code(0);
    let file = dir.path().join("v1/connector.schema.json");
    std::fs::write(&file, "{}\n").expect("overwrite");
    let out = versori()
        .args(["schema", "--check"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    // Diagnostics, like every verb's, are on stderr.
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("connector.schema.json: differs from a fresh export"),
        "{stderr}"
    );
    assert!(
        stderr.contains(" match a fresh export, 1 differ · 1 error, "),
        "{stderr}"
    );
    versori().arg("schema").assert().code(2);
}
