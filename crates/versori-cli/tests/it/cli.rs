//! End-to-end tests of the `versori` binary.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use serde_json::Value;

use crate::normalise;

/// A predicate on stderr: equal to `expected` once run times are normalised (`· T`).
fn stderr_is(expected: impl Into<String>) -> impl predicates::Predicate<str> {
    let expected = expected.into();
    predicate::function(move |actual: &str| normalise(actual) == expected)
}

const V1ALPHA1_AUTH: &str = r#"{"schemeType": "api-key", "name": "X-Key", "in": "header"}"#;
const V1_AUTH: &str = r#"{"schemeType": "api-key", "id": "shopify-token",
    "description": "Admin API token", "name": "X-Shopify-Access-Token", "in": "header"}"#;
const V2_AUTH: &str = r#"{"type": "none", "none": {"id": "a", "description": "b"}}"#;
const V1_CREDENTIAL: &str = r#"{"id": "c", "organisationId": "o", "type": "string",
    "name": "key", "data": {"value": "s3cret"}}"#;
const V2_CREDENTIAL: &str = r#"{"id": "c", "organisationId": "o", "type": "string",
    "name": "key", "data": {"string": {"value": "s3cret"}}}"#;
/// Fits both v1alpha1 connection-update and v1 connector-update.
const AMBIGUOUS: &str = r#"{"id": "c", "organisationId": "o", "name": "n", "protocol": "http"}"#;

fn versori() -> assert_cmd::Command {
    cargo_bin_cmd!("versori")
}

/// Writes `text` to `name` under `dir` (creating directories) and returns the path.
fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, text).unwrap();
    path
}

/// One line of JSON text per document, as NDJSON.
fn compact(json: &str) -> String {
    serde_json::from_str::<Value>(json).unwrap().to_string()
}

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn detects_single_files_of_each_version() {
    let dir = tempfile::tempdir().unwrap();
    for (name, json, expected) in [
        ("alpha.json", V1ALPHA1_AUTH, "v1alpha1 auth-scheme-config"),
        ("v1.json", V1_AUTH, "v1 auth-scheme-config"),
        ("v2.json", V2_AUTH, "v2 auth-scheme-config"),
        ("v1-credential.json", V1_CREDENTIAL, "v1 credential"),
        ("v2-credential.json", V2_CREDENTIAL, "v2 credential"),
    ] {
        let path = write(dir.path(), name, json);
        versori()
            .arg("detect")
            .arg(&path)
            .assert()
            .success()
            .stdout(format!("{}: {expected}\n", path.display()))
            .stderr(stderr_is(
                "1 document: 1 recognised, 0 not recognised · 0 errors, 0 warnings, 0 info · T\n",
            ));
    }
}

#[test]
fn detects_a_directory_recursively_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "v2/auth.json", V2_AUTH);
    write(dir.path(), "v1/auth.json", V1_AUTH);
    write(dir.path(), "v1/README.md", "# not a document");
    write(
        dir.path(),
        "streams/credentials.ndjson",
        &format!("{}\n{}\n", compact(V1_CREDENTIAL), compact(V2_CREDENTIAL)),
    );
    let root = dir.path().display();
    versori()
        .arg("detect")
        .arg(dir.path())
        .assert()
        .success()
        .stdout(format!(
            "{root}/streams/credentials.ndjson:1: v1 credential\n\
             {root}/streams/credentials.ndjson:2: v2 credential\n\
             {root}/v1/auth.json: v1 auth-scheme-config\n\
             {root}/v2/auth.json: v2 auth-scheme-config\n"
        ))
        .stderr(stderr_is(
            "4 documents: 4 recognised, 0 not recognised · 0 errors, 0 warnings, 0 info · T\n",
        ));
}

#[test]
fn detects_stdin() {
    versori()
        .args(["detect", "-"])
        .write_stdin(V1_AUTH)
        .assert()
        .success()
        .stdout("-: v1 auth-scheme-config\n");
    // Several values on stdin are NDJSON.
    versori()
        .args(["detect", "-"])
        .write_stdin(format!(
            "{}\n{}\n",
            compact(V1_CREDENTIAL),
            compact(V2_CREDENTIAL)
        ))
        .assert()
        .success()
        .stdout("-:1: v1 credential\n-:2: v2 credential\n");
}

#[test]
fn a_bad_ndjson_line_is_reported_and_the_rest_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "stream.jsonl",
        &format!(
            "{}\n{{\"id\": \n\n{}\n",
            compact(V1_CREDENTIAL),
            compact(V2_AUTH)
        ),
    );
    let p = path.display();
    versori()
        .arg("detect")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(format!(
            "{p}:1: v1 credential\n\
             {p}:2: error: invalid JSON at column 7: EOF while parsing a value\n\
             {p}:4: v2 auth-scheme-config\n"
        ))
        .stderr(stderr_is(
            "3 documents: 2 recognised, 1 not recognised · 1 error, 0 warnings, 0 info · T\n",
        ));
}

#[test]
fn a_missing_path_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.json", V1_AUTH);
    let missing = dir.path().join("missing.json");
    versori()
        .arg("detect")
        .arg(&missing)
        .arg(&good)
        .assert()
        .code(2)
        .stdout(format!("{}: v1 auth-scheme-config\n", good.display()))
        .stderr(predicate::str::starts_with(format!(
            "{}: error: cannot read: ",
            missing.display()
        )))
        .stderr(predicate::function(|s: &str| {
            normalise(s).ends_with(
                "1 document: 1 recognised, 0 not recognised · 1 input could not be read · \
                 0 errors, 0 warnings, 0 info · T\n",
            )
        }));
}

#[test]
fn an_ambiguous_document_names_its_candidates() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "update.json", AMBIGUOUS);
    versori().arg("detect").arg(&path).assert().code(1).stdout(
        predicate::str::contains(": error: ambiguous document")
            .and(predicate::str::contains("v1alpha1 connection-update"))
            .and(predicate::str::contains("v1 connector-update")),
    );
}

#[test]
fn kind_and_version_settle_ambiguity() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "update.json", AMBIGUOUS);
    versori()
        .args(["detect", "--kind", "connector-update"])
        .arg(&path)
        .assert()
        .success()
        .stdout(format!("{}: v1 connector-update\n", path.display()));
    versori()
        .args(["detect", "--api-version", "v1alpha1"])
        .arg(&path)
        .assert()
        .success()
        .stdout(format!("{}: v1alpha1 connection-update\n", path.display()));
}

#[test]
fn unknown_values_and_impossible_pairs_are_usage_errors() {
    versori()
        .args(["detect", "--kind", "widget", "-"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("possible values"));
    versori()
        .args([
            "detect",
            "--api-version",
            "v2",
            "--kind",
            "environment",
            "-",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("v2 has no kind `environment`"));
    versori().arg("detect").assert().code(2);
}

#[test]
fn json_format_writes_one_object_per_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "mixed.ndjson",
        &format!(
            "{}\n[1]\n{}\nnot json\n",
            compact(V1_AUTH),
            compact(AMBIGUOUS)
        ),
    );
    let output = versori()
        .args(["detect", "--format", "json"])
        .arg(&path)
        .assert()
        .code(1)
        // The summary stays on stderr; stdout is JSON only.
        .stderr(stderr_is(
            "4 documents: 1 recognised, 3 not recognised · 3 errors, 0 warnings, 0 info · T\n",
        ))
        .get_output()
        .clone();
    let lines: Vec<Value> = stdout_of(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    for (index, line) in lines.iter().enumerate() {
        let object = line.as_object().unwrap();
        let keys: Vec<_> = object.keys().map(String::as_str).collect();
        assert_eq!(keys, ["apiVersion", "error", "kind", "line", "source"]);
        assert_eq!(object["source"], path.display().to_string());
        assert_eq!(object["line"], index + 1);
    }
    assert_eq!(lines[0]["apiVersion"], "v1");
    assert_eq!(lines[0]["kind"], "auth-scheme-config");
    assert_eq!(lines[0]["error"], Value::Null);
    for failed in &lines[1..] {
        assert_eq!(failed["apiVersion"], Value::Null);
        assert_eq!(failed["kind"], Value::Null);
        assert!(failed["error"].is_string());
    }
    assert!(
        lines[1]["error"]
            .as_str()
            .unwrap()
            .contains("not a JSON object")
    );
    assert!(lines[2]["error"].as_str().unwrap().contains("ambiguous"));
    assert!(
        lines[3]["error"]
            .as_str()
            .unwrap()
            .contains("invalid JSON at column")
    );
}

#[test]
fn json_format_keeps_its_field_order() {
    versori()
        .args(["detect", "--format", "json", "-"])
        .write_stdin(V2_AUTH)
        .assert()
        .success()
        .stdout(
            "{\"source\":\"-\",\"line\":null,\"apiVersion\":\"v2\",\
             \"kind\":\"auth-scheme-config\",\"error\":null}\n",
        );
}

#[test]
fn documents_over_the_cap_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "big.json", V1_AUTH);
    versori()
        .args(["detect", "--max-document-bytes", "16"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(format!(
            "{}: error: document (",
            path.display()
        )))
        .stdout(predicate::str::contains(
            "exceeds the 16 bytes limit (see --max-document-bytes)",
        ));
    versori()
        .args(["detect", "--max-document-bytes", "lots"])
        .arg(&path)
        .assert()
        .code(2);
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let line = compact(V1_CREDENTIAL);
    let mut text = String::new();
    for _ in 0..20_000 {
        text.push_str(&line);
        text.push('\n');
    }
    let path = write(dir.path(), "many.ndjson", &text);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("versori"))
        .arg("detect")
        .arg(&path)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then hang up.
    let stdout = child.stdout.take().unwrap();
    let mut first = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut first).unwrap();
    assert!(first.ends_with(": v1 credential\n"), "{first}");
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}

#[test]
fn the_examples_are_all_recognised() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    if !examples.is_dir() {
        eprintln!("skipped: {} does not exist", examples.display());
        return;
    }
    let output = versori().arg("detect").arg(&examples).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout:\n{}\nstderr:\n{}",
        stdout_of(&output),
        String::from_utf8_lossy(&output.stderr)
    );
}
