//! The output layer end to end: which stream carries what under every flag, levels, the tally,
//! one summary shape, colour, and the spelling of the document root.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

use crate::normalise;

/// info (redacted-secret), warning (unknown-field), error (variant-mismatch), and a credential
/// that validates but has no v2 form (not-representable when migrated).
const MIXED: &str = concat!(
    r#"{"id":"c1","organisationId":"o","type":"string","name":"key","data":{"value":"******"}}"#,
    "\n",
    r#"{"schemeType":"none","id":"a","description":"x","x-typo":1}"#,
    "\n",
    r#"{"id":"c1","organisationId":"o","type":"string","name":"key","data":{}}"#,
    "\n",
    r#"{"id":"c2","organisationId":"o","type":"custom-function","name":"fn","data":{},"usages":[]}"#,
    "\n",
);

/// Two v1 credentials that migrate to v2 with one warning each.
const MIGRATES: &str = concat!(
    r#"{"id":"c1","organisationId":"o","type":"string","name":"key","data":{"value":"******"}}"#,
    "\n",
    r#"{"id":"c3","organisationId":"o","type":"string","name":"k","data":{"value":"******"}}"#,
    "\n",
);

fn versori() -> assert_cmd::Command {
    let mut command = cargo_bin_cmd!("versori");
    // Whatever the environment of the test run says about colour, these tests say it.
    command
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR");
    command
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn fixture(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn run(args: &[&str], paths: &[&Path]) -> Output {
    versori().args(args).args(paths).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The message lines (`...: severity[code] ...`) of a stderr.
fn message_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(": error[") || l.contains(": warning[") || l.contains(": info["))
        .collect()
}

fn severities(stderr: &str) -> Vec<&str> {
    message_lines(stderr)
        .iter()
        .map(|l| {
            ["error[", "warning[", "info["]
                .into_iter()
                .find(|s| l.contains(&format!(": {s}")))
                .unwrap()
                .trim_end_matches('[')
        })
        .collect()
}

/// The last line of stderr, with its run time normalised.
fn summary(stderr: &str) -> String {
    normalise(stderr.lines().last().unwrap_or_default())
}

/// Whether `line` has the one summary shape every verb uses:
/// `N documents: ... · E errors, W warnings, I info[ (not shown)] · T`.
fn is_summary(line: &str) -> bool {
    let Some((head, rest)) = line.split_once(": ") else {
        return false;
    };
    let parts: Vec<_> = rest.split(" · ").collect();
    let counts = parts.len().checked_sub(2).map_or("", |i| parts[i]);
    (head.ends_with(" documents") || head.ends_with(" document"))
        && parts.len() >= 3
        && parts.last() == Some(&"T")
        && counts.contains(" error")
        && counts.contains(" warning")
        && counts.contains(" info")
}

#[test]
fn validate_human_messages_and_summary_go_to_stderr_stdout_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path(), "mixed.ndjson", MIXED);
    let out = run(&["validate"], &[&path]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    let stderr = text(&out.stderr);
    // Default level: errors and warnings shown, infos counted.
    assert_eq!(severities(&stderr), ["warning", "error"], "{stderr}");
    assert_eq!(
        summary(&stderr),
        "4 documents: 3 valid, 1 invalid · 1 error, 1 warning, 1 info (not shown) · T"
    );
    assert!(is_summary(&summary(&stderr)));
    // The detail line follows its message.
    assert!(
        stderr.contains("\n    = expected member: string\n"),
        "{stderr}"
    );
}

#[test]
fn levels_verbose_quiet_and_min_severity() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path(), "mixed.ndjson", MIXED);
    let cases: [(&[&str], &[&str], &str); 5] = [
        (
            &["-v"],
            &["info", "warning", "error"],
            "1 error, 1 warning, 1 info",
        ),
        (
            &["-q"],
            &["error"],
            "1 error, 1 warning (not shown), 1 info (not shown)",
        ),
        (
            &["--min-severity", "error"],
            &["error"],
            "1 error, 1 warning (not shown), 1 info (not shown)",
        ),
        (
            &["--min-severity", "info"],
            &["info", "warning", "error"],
            "1 info ·",
        ),
        (
            &["--min-severity", "warning"],
            &["warning", "error"],
            "1 info (not shown)",
        ),
    ];
    for (flags, shown, counts) in cases {
        // Global flags go before or after the verb.
        for before in [true, false] {
            let mut args: Vec<&str> = Vec::new();
            if before {
                args.extend(flags);
                args.push("validate");
            } else {
                args.push("validate");
                args.extend(flags);
            }
            let out = run(&args, &[&path]);
            assert_eq!(out.status.code(), Some(1), "{args:?}");
            let stderr = text(&out.stderr);
            assert_eq!(severities(&stderr), shown, "{args:?}: {stderr}");
            assert!(summary(&stderr).contains(counts), "{args:?}: {stderr}");
        }
    }
    // -q shows only the errors and the summary.
    let out = run(&["-q", "validate"], &[&path]);
    assert_eq!(
        text(&out.stderr).lines().count(),
        3,
        "{}",
        text(&out.stderr)
    );
    // -q and -v (or --min-severity) together are a usage error.
    versori()
        .args(["-q", "-v", "validate"])
        .arg(&path)
        .assert()
        .code(2);
    versori()
        .args(["validate", "-v", "--min-severity", "error"])
        .arg(&path)
        .assert()
        .code(2);
    versori()
        .args(["validate", "--min-severity", "loud"])
        .arg(&path)
        .assert()
        .code(2);
}

#[test]
fn json_stdout_is_json_only_whatever_the_level_and_the_summary_stays_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path(), "mixed.ndjson", MIXED);
    let plain = run(&["validate", "--format", "json"], &[&path]);
    for flags in [
        &["-q"][..],
        &["-v"],
        &["--min-severity", "error"],
        &["--color", "always"],
    ] {
        let mut args = flags.to_vec();
        args.extend(["validate", "--format", "json"]);
        let out = run(&args, &[&path]);
        assert_eq!(
            out.stdout, plain.stdout,
            "{flags:?}: the records do not depend on the level"
        );
    }
    let stdout = text(&plain.stdout);
    let records: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 4);
    // The fields, in the order they are written.
    assert!(stdout.starts_with(r#"{"source":"#), "{stdout}");
    let mut keys: Vec<_> = records[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["apiVersion", "kind", "line", "messages", "source", "valid"]
    );
    assert_eq!(records[0]["messages"][0]["severity"], "info");
    let stderr = text(&plain.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(
        summary(&stderr),
        "4 documents: 3 valid, 1 invalid · 1 error, 1 warning, 1 info · T"
    );
}

#[test]
fn migrate_writes_the_same_stderr_with_and_without_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path(), "creds.ndjson", MIGRATES);
    let to_stdout = run(&["migrate", "--to", "v2"], &[&path]);
    assert_eq!(to_stdout.status.code(), Some(0));
    let documents: Vec<Value> = text(&to_stdout.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        documents.len(),
        2,
        "stdout holds the documents and nothing else"
    );
    assert_eq!(documents[0]["data"]["string"]["value"], "******");

    let file = dir.path().join("out.ndjson");
    let out = run(
        &["migrate", "--to", "v2", "--output", file.to_str().unwrap()],
        &[&path],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    assert_eq!(std::fs::read(&file).unwrap(), to_stdout.stdout);
    assert_eq!(
        normalise(&text(&out.stderr)),
        normalise(&text(&to_stdout.stderr))
    );
    let stderr = text(&out.stderr);
    assert_eq!(severities(&stderr), ["warning", "warning"], "{stderr}");
    assert_eq!(
        summary(&stderr),
        "2 documents: 2 migrated, 0 refused · 0 errors, 2 warnings, 0 info · T"
    );
}

#[test]
fn migrate_says_when_nothing_was_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path(), "mixed.ndjson", MIXED);
    let file = dir.path().join("out.ndjson");
    for level in ["-q", "-v"] {
        let out = run(
            &[level, "migrate", "--to", "v2", "-o", file.to_str().unwrap()],
            &[&path],
        );
        assert_eq!(out.status.code(), Some(1));
        assert!(!file.exists());
        let stderr = text(&out.stderr);
        let lines: Vec<_> = stderr.lines().collect();
        assert_eq!(
            lines[lines.len() - 1],
            "nothing was written: 1 document could not migrate (use --rejects to write the rest)"
        );
        assert!(is_summary(&normalise(lines[lines.len() - 2])), "{stderr}");
    }
    // Without --output too: stdout stays empty.
    let out = run(&["migrate", "--to", "v2"], &[&path]);
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).ends_with("(use --rejects to write the rest)\n"));
    // With --rejects the rest is written, and there is no such line.
    let rejects = dir.path().join("rejects.ndjson");
    let out = run(
        &[
            "migrate",
            "--to",
            "v2",
            "-o",
            file.to_str().unwrap(),
            "--rejects",
            rejects.to_str().unwrap(),
        ],
        &[&path],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(!text(&out.stderr).contains("nothing was written"));
    assert!(file.exists());
}

#[test]
fn migrate_json_records_go_to_stdout_and_need_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path(), "mixed.ndjson", MIXED);
    versori()
        .args(["migrate", "--to", "v2", "--format", "json"])
        .arg(&path)
        .assert()
        .code(2);
    let file = dir.path().join("out.ndjson");
    let rejects = dir.path().join("rejects.ndjson");
    let report = dir.path().join("report.ndjson");
    let out = run(
        &[
            "migrate",
            "--to",
            "v2",
            "--format",
            "json",
            "-o",
            file.to_str().unwrap(),
            "--rejects",
            rejects.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
        ],
        &[&path],
    );
    assert_eq!(out.status.code(), Some(1));
    // The records on stdout are exactly the --report file: same shape as before.
    assert_eq!(out.stdout, std::fs::read(&report).unwrap());
    let records: Vec<Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 4);
    let mut keys: Vec<_> = records[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "apiVersion",
            "kind",
            "line",
            "messages",
            "migrated",
            "source",
            "to",
            "valid"
        ]
    );
    let stderr = text(&out.stderr);
    assert!(message_lines(&stderr).is_empty(), "{stderr}");
    assert!(is_summary(&summary(&stderr)), "{stderr}");
}

#[test]
fn input_failures_go_to_stderr_in_every_verb() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.ndjson");
    for verb in [&["detect"][..], &["validate"], &["migrate", "--to", "v2"]] {
        for format in ["human", "json"] {
            let mut args = verb.to_vec();
            if format == "json" && verb[0] == "migrate" {
                continue;
            }
            args.extend(["--format", format]);
            let out = run(&args, &[&missing]);
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            assert!(out.stdout.is_empty(), "{args:?}");
            let stderr = text(&out.stderr);
            assert!(
                stderr.starts_with(&format!("{}: error: cannot read: ", missing.display())),
                "{args:?}: {stderr}"
            );
            let summary = stderr.lines().find(|l| is_summary(&normalise(l)));
            assert!(
                summary.is_some_and(|l| l.contains("· 1 input could not be read ·")),
                "{stderr}"
            );
        }
    }
}

#[test]
fn every_verb_ends_with_the_same_summary_shape() {
    let examples = examples();
    for args in [
        &["detect"][..],
        &["validate"],
        &["validate", "--format", "json"],
        &["migrate", "--to", "v1"],
        &["-q", "migrate", "--to", "v2"],
    ] {
        let out = run(args, &[&examples]);
        let stderr = text(&out.stderr);
        let last = stderr
            .lines()
            .rfind(|l| !l.starts_with("nothing was written"))
            .unwrap();
        assert!(is_summary(&normalise(last)), "{args:?}: {last}");
        assert!(!stderr.contains('\r'), "no progress in a pipe: {args:?}");
        assert!(!stderr.contains('\x1b'), "no colour in a pipe: {args:?}");
    }
}

#[test]
fn a_long_run_ends_with_a_tally_by_code_except_with_q() {
    let examples = examples();
    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("rejects.ndjson");
    let rejects = rejects.to_str().unwrap();
    let out = run(
        &["migrate", "--to", "v2", "--rejects", rejects],
        &[&examples],
    );
    let stderr = text(&out.stderr);
    let table: Vec<_> = stderr
        .lines()
        .skip_while(|l| *l != "messages by code:")
        .collect();
    assert!(table.len() >= 3, "{stderr}");
    // count, severity, code, gloss; errors first.
    let first: Vec<_> = table[1].split_whitespace().collect();
    assert!(first[0].parse::<usize>().is_ok(), "{}", table[1]);
    assert_eq!(first[1], "error", "{}", table[1]);
    assert!(is_summary(&normalise(table[table.len() - 1])));
    let quiet = run(
        &["-q", "migrate", "--to", "v2", "--rejects", rejects],
        &[&examples],
    );
    assert!(!text(&quiet.stderr).contains("messages by code:"));
    // A short run has none.
    let path = fixture(dir.path(), "mixed.ndjson", MIXED);
    assert!(!text(&run(&["validate", "-v"], &[&path]).stderr).contains("messages by code:"));
}

#[test]
fn the_root_is_spelled_the_same_in_every_verb() {
    let examples = examples();
    let update = examples.join("v1/shopify-connector-update.json");
    let out = run(&["migrate", "--to", "v2"], &[&update]);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("shopify-connector-update.json: error[not-representable] (root): "),
        "{stderr}"
    );
    assert!(!stderr.contains("] /: "), "{stderr}");
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path(), "list.json", "[1]");
    let out = run(&["validate"], &[&path]);
    assert!(
        text(&out.stderr).contains("list.json: error[unrecognized-document] (root): "),
        "{}",
        text(&out.stderr)
    );
    // JSON keeps the RFC 6901 pointer.
    let out = run(&["validate", "--format", "json"], &[&path]);
    let record: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(record["messages"][0]["path"], "");
}

#[test]
fn colour_follows_color_no_color_and_clicolor_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path(), "mixed.ndjson", MIXED);
    let coloured = |out: &Output| text(&out.stderr).contains("\x1b[");
    let with = |args: &[&str], env: &[(&str, &str)]| {
        let mut command = versori();
        for (key, value) in env {
            command.env(key, value);
        }
        command
            .args(args)
            .arg("validate")
            .arg(&path)
            .output()
            .unwrap()
    };
    // A pipe: no colour unless asked.
    assert!(!coloured(&with(&[], &[])));
    assert!(!coloured(&with(&["--color", "auto"], &[])));
    assert!(coloured(&with(&["--color", "always"], &[])));
    assert!(coloured(&with(&["--color=always"], &[("NO_COLOR", "1")])));
    assert!(coloured(&with(&[], &[("CLICOLOR_FORCE", "1")])));
    assert!(!coloured(&with(
        &[],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    )));
    assert!(!coloured(&with(
        &["--color", "never"],
        &[("CLICOLOR_FORCE", "1")]
    )));
    // Severity and code are coloured; the text is the same once the colour is taken out.
    let out = with(&["--color", "always"], &[]);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("\x1b[1m\x1b[33mwarning[unknown-field]\x1b[0m /x-typo"),
        "{stderr}"
    );
    assert!(
        stderr.contains("\x1b[1m\x1b[31merror[variant-mismatch]\x1b[0m /type"),
        "{stderr}"
    );
    assert_eq!(strip(&stderr), normalise(&text(&with(&[], &[]).stderr)));
    // Data is never coloured.
    let out = versori()
        .args(["--color", "always", "detect"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(!text(&out.stdout).contains('\x1b'));
}

/// `text` without SGR escape codes.
fn strip(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    normalise(&out)
}

#[test]
fn detect_results_are_data_and_say_a_bad_line_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path(), "s.ndjson", "{\"id\": \n");
    let out = run(&["-q", "detect"], &[&path]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        format!(
            "{}:1: error: invalid JSON at column 7: EOF while parsing a value\n",
            path.display()
        )
    );
    let out = run(&["validate"], &[&path]);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(":1: error[invalid-json] (root): invalid JSON at column 7: "),
        "{stderr}"
    );
}
