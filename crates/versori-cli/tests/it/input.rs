//! What the input layer reads that a plain `serde_json::Value` would hide: duplicate keys (an
//! error in every verb), a byte order mark (skipped), and numbers (kept exactly).

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn versori() -> Command {
    Command::cargo_bin("versori").expect("the versori binary builds")
}

fn write(dir: &Path, name: &str, text: &[u8]) -> std::path::PathBuf {
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

/// `(code, path)` of every message of a `--format json` or `--report` record.
fn found(record: &Value) -> Vec<(String, String)> {
    record["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| {
            (
                m["code"].as_str().expect("code").to_owned(),
                m["path"].as_str().expect("path").to_owned(),
            )
        })
        .collect()
}

fn pair(code: &str, path: &str) -> (String, String) {
    (code.to_owned(), path.to_owned())
}

/// A valid v1 credential whose `name` is given twice: the secret-bearing `data` is fine.
const TWICE_NAMED: &str = r#"{"id":"c1","organisationId":"o","type":"string","name":"a","name":"b","data":{"value":"s3cret-value"}}"#;
/// A v1 oauth2 config whose one scope has its `name` twice, and an unknown key beside.
const TWICE_NESTED: &str = r#"{"schemeType":"oauth2","id":"o","description":"d","authorizeUrl":"https://a.example.com","tokenUrl":"https://t.example.com","scopes":[{"name":"read","name":"write"}],"defaultScopes":[],"grant":{"grantType":"client_credentials"},"x-typo":1}"#;
const GOOD_V1_CREDENTIAL: &str = r#"{"id":"c2","organisationId":"o","type":"string","name":"key","data":{"value":"s3cret-value"}}"#;
/// Not any kind: only the duplicate can be reported, beside `unrecognized-document`.
const BARE: &str = r#"{"name":"a","name":"b"}"#;

#[test]
fn validate_reports_every_duplicate_key_beside_the_rest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let stream = format!("{TWICE_NAMED}\n{TWICE_NESTED}\n{BARE}\n{GOOD_V1_CREDENTIAL}\n");
    let path = write(dir.path(), "dups.ndjson", stream.as_bytes());
    let out = versori()
        .args(["validate", "--format", "json"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "a duplicate key is an error");
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 4);
    assert_eq!(found(&lines[0]), [pair("duplicate-key", "/name")]);
    assert_eq!(lines[0]["valid"], false);
    assert_eq!(lines[0]["kind"], "credential");
    assert_eq!(
        found(&lines[1]),
        [
            pair("duplicate-key", "/scopes/0/name"),
            pair("unknown-field", "/x-typo")
        ]
    );
    assert_eq!(
        found(&lines[2]),
        [
            pair("duplicate-key", "/name"),
            pair("unrecognized-document", "")
        ]
    );
    assert_eq!(lines[2]["apiVersion"], Value::Null);
    assert_eq!(lines[3]["valid"], true);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("s3cret-value"));

    // The human format names the pointer too.
    let human = versori().arg("validate").arg(&path).output().expect("runs");
    // Diagnostics are on stderr, whatever the format.
    let text = String::from_utf8_lossy(&human.stderr);
    assert!(text.contains(":1: error[duplicate-key] /name:"), "{text}");
}

#[test]
fn detect_refuses_a_document_with_a_duplicate_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "twice.json", TWICE_NAMED.as_bytes());
    let out = versori().arg("detect").arg(&path).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with(&format!("{}: error: duplicate key /name", path.display())),
        "{text}"
    );

    let out = versori()
        .args(["detect", "--format", "json"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out.stdout);
    assert_eq!(lines[0]["apiVersion"], Value::Null);
    assert!(
        lines[0]["error"]
            .as_str()
            .expect("an error")
            .contains("/name"),
        "{}",
        lines[0]
    );
}

#[test]
fn migrate_refuses_a_document_with_a_duplicate_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = write(
        dir.path(),
        "creds.ndjson",
        format!("{GOOD_V1_CREDENTIAL}\n{TWICE_NAMED}\n").as_bytes(),
    );
    // All or nothing: nothing is written.
    let output = dir.path().join("out.ndjson");
    let out = versori()
        .args(["migrate", "--to", "v2", "-o"])
        .arg(&output)
        .arg(&input)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(!output.exists(), "nothing is written");
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains(":2: error[duplicate-key] /name:"), "{text}");

    // With --rejects: the duplicate goes there with its reason, the rest is migrated. The same
    // version is no way around it.
    for to in ["v2", "v1"] {
        let rejects = dir.path().join(format!("rejects-{to}.ndjson"));
        let report = dir.path().join(format!("report-{to}.ndjson"));
        versori()
            .args(["migrate", "--to", to, "-o"])
            .arg(&output)
            .arg("--rejects")
            .arg(&rejects)
            .arg("--report")
            .arg(&report)
            .arg(&input)
            .assert()
            .code(1);
        assert_eq!(
            json_lines(&std::fs::read(&output).expect("written")).len(),
            1
        );
        let rejected = json_lines(&std::fs::read(&rejects).expect("rejects written"));
        assert_eq!(rejected.len(), 1);
        assert_eq!(rejected[0]["line"], 2);
        assert!(
            rejected[0]["reason"]
                .as_str()
                .expect("a reason")
                .contains("duplicate key /name"),
            "{}",
            rejected[0]
        );
        assert_eq!(found(&rejected[0]), [pair("duplicate-key", "/name")]);
        let reported = json_lines(&std::fs::read(&report).expect("report written"));
        assert_eq!(reported[1]["migrated"], false);
        assert_eq!(found(&reported[1]), [pair("duplicate-key", "/name")]);
    }
}

#[test]
fn a_byte_order_mark_is_skipped_in_files_and_streams() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(GOOD_V1_CREDENTIAL.as_bytes());
    let file = write(dir.path(), "bom.json", &bom);
    let mut stream = bom.clone();
    stream.push(b'\n');
    stream.extend_from_slice(&bom);
    let ndjson = write(dir.path(), "bom.ndjson", &stream);
    versori()
        .arg("validate")
        .arg(&file)
        .arg(&ndjson)
        .assert()
        .code(0);
    versori()
        .arg("detect")
        .arg(&file)
        .assert()
        .code(0)
        .stdout(format!("{}: v1 credential\n", file.display()));
}

/// Numbers that serde_json without `arbitrary_precision` rewrites, in unknown keys at the top
/// and inside credential data (read through serde's buffer).
const NUMBERS: &str = "[18446744073709551621,123456789.12345679,-0,0.1,1.10,-18446744073709551621]";

#[test]
fn migrate_to_the_same_version_keeps_every_number() {
    let dir = tempfile::tempdir().expect("tempdir");
    let doc = format!(
        r#"{{"id":"c1","organisationId":"o","type":"string","name":"key","data":{{"value":"v","x-n":{NUMBERS}}},"x-n":{NUMBERS}}}"#
    );
    let input = write(dir.path(), "numbers.ndjson", format!("{doc}\n").as_bytes());
    let report = dir.path().join("report.ndjson");
    let out = versori()
        .args(["migrate", "--to", "v1", "--report"])
        .arg(&report)
        .arg(&input)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("{doc}\n"));
    // ...and says nothing was written differently.
    let reported = json_lines(&std::fs::read(&report).expect("report written"));
    assert_eq!(found(&reported[0]), Vec::<(String, String)>::new());

    // Validation reads them too (nothing to report), and a migration to v2 carries them.
    versori().arg("validate").arg(&input).assert().code(0);
    let out = versori()
        .args(["migrate", "--to", "v2"])
        .arg(&input)
        .output()
        .expect("runs");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout)
            .matches(NUMBERS)
            .count(),
        2,
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
