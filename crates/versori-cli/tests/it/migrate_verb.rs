//! `versori migrate` for issue 14: a line that is not JSON in `--report` and `--rejects`,
//! rejects reasons that never quote the input, `--organisation-id`, and one spelling of the
//! root.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn versori() -> Command {
    Command::cargo_bin("versori").expect("the versori binary builds")
}

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

const GOOD_V1_CREDENTIAL: &str = r#"{"id":"c1","organisationId":"o","type":"string","name":"key","data":{"value":"s3cret-value"}}"#;

#[test]
fn a_line_that_is_not_json_is_invalid_in_the_report_and_the_rejects() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = write(
        dir.path(),
        "mixed.ndjson",
        &format!("{GOOD_V1_CREDENTIAL}\n{{not json\n"),
    );
    let (output, rejects, report) = (
        dir.path().join("out.ndjson"),
        dir.path().join("rejects.ndjson"),
        dir.path().join("report.ndjson"),
    );
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
    let reported = json_lines(&std::fs::read(&report).expect("report written"));
    assert_eq!(reported.len(), 2);
    assert_eq!(reported[1]["line"], 2);
    assert_eq!(reported[1]["valid"], false);
    assert_eq!(reported[1]["migrated"], false);
    assert_eq!(reported[1]["messages"][0]["code"], "invalid-json");
    assert_eq!(reported[1]["messages"][0]["path"], "");
    let rejected = json_lines(&std::fs::read(&rejects).expect("rejects written"));
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0]["line"], 2);
    assert_eq!(rejected[0]["messages"][0]["code"], "invalid-json");
    assert!(
        rejected[0]["reason"]
            .as_str()
            .expect("a reason")
            .contains("invalid-json"),
        "{}",
        rejected[0]
    );
}

#[test]
fn a_rejects_reason_never_quotes_a_value_of_the_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    // `data` of the wrong type: a string, the password itself.
    let input = write(
        dir.path(),
        "bad.ndjson",
        r#"{"id":"c1","organisationId":"o","type":"basic-auth","name":"n","data":"hunter2-password"}"#,
    );
    let rejects = dir.path().join("rejects.ndjson");
    let report = dir.path().join("report.ndjson");
    let out = versori()
        .args([
            "migrate",
            "--from",
            "v1",
            "--kind",
            "credential",
            "--to",
            "v2",
            "-o",
        ])
        .arg(dir.path().join("out.ndjson"))
        .arg("--rejects")
        .arg(&rejects)
        .arg("--report")
        .arg(&report)
        .arg(&input)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let rejects = std::fs::read_to_string(&rejects).expect("rejects written");
    let rejected = json_lines(rejects.as_bytes());
    assert_eq!(rejected.len(), 1);
    // The document itself is in the rejects file (that is its job); its reason and messages
    // never repeat a value of it.
    let reason = rejected[0]["reason"].as_str().expect("a reason");
    assert!(!reason.contains("hunter2"), "{reason}");
    assert!(
        !rejected[0]["messages"].to_string().contains("hunter2"),
        "{rejects}"
    );
    assert_eq!(rejected[0]["messages"][0]["code"], "invalid-type");
    assert_eq!(rejected[0]["messages"][0]["path"], "/data");
    let report = std::fs::read_to_string(&report).expect("report written");
    assert!(!report.contains("hunter2"), "{report}");
    for stream in [&out.stdout, &out.stderr] {
        assert!(!String::from_utf8_lossy(stream).contains("hunter2"));
    }
}

const STANDALONE_V1ALPHA1_CREDENTIAL: &str = r#"{"id":"c1","type":"string","name":"shopify-token","data":{"value":"shpat_x"},"createdAt":"1970-01-01T00:00:00Z","updatedAt":"1970-01-01T00:00:00Z"}"#;

#[test]
fn a_standalone_credential_takes_the_organisation_given() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = write(
        dir.path(),
        "credential.json",
        STANDALONE_V1ALPHA1_CREDENTIAL,
    );
    let output = dir.path().join("v1.json");
    let refused = versori()
        .args(["migrate", "--to", "v1", "--format", "json", "-o"])
        .arg(&output)
        .arg(&input)
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        !output.exists(),
        "nothing is written for a refused document"
    );
    let lines = json_lines(&refused.stdout);
    let messages = lines[0]["messages"].as_array().expect("messages");
    assert!(
        messages
            .iter()
            .any(|m| m["code"] == "required" && m["path"] == "/organisationId"),
        "{messages:?}"
    );

    let done = versori()
        .args([
            "migrate",
            "--to",
            "v1",
            "--organisation-id",
            "01HFP2RC0JQ7T1EXR0Y4K7P3J4",
        ])
        .args(["--format", "json", "-o"])
        .arg(&output)
        .arg(&input)
        .output()
        .expect("runs");
    assert_eq!(
        done.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let written: Value =
        serde_json::from_slice(&std::fs::read(&output).expect("written")).expect("JSON");
    assert_eq!(written["organisationId"], "01HFP2RC0JQ7T1EXR0Y4K7P3J4");
    let lines = json_lines(&done.stdout);
    let messages = lines[0]["messages"].as_array().expect("messages");
    assert!(
        messages
            .iter()
            .any(|m| m["code"] == "derived" && m["path"] == "/organisationId"),
        "{messages:?}"
    );
}

#[test]
fn the_root_is_spelled_as_every_verb_spells_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A v2 link-system has no v1 counterpart: one message, about the document itself.
    let input = write(
        dir.path(),
        "link.json",
        r#"{"systemId":"s","name":"hubspot"}"#,
    );
    let human = versori()
        .args(["migrate", "--to", "v1"])
        .arg(&input)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&human.stderr);
    assert!(stderr.contains("(root):"), "{stderr}");
    assert!(!stderr.contains(" /: "), "{stderr}");
    let json = versori()
        .args(["migrate", "--to", "v1", "--format", "json", "--output"])
        .arg(dir.path().join("out.json"))
        .arg(&input)
        .output()
        .expect("runs");
    // The JSON records are data: on stdout.
    let records: Vec<Value> = String::from_utf8_lossy(&json.stdout)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).expect("a JSON record"))
        .collect();
    assert_eq!(records[0]["messages"][0]["path"], "", "{records:?}");
}
