//! `versori db` speaks through the same output layer as the file verbs: records on stdout, and
//! on stderr the messages (`table[key]: severity[code] ...`) under -q/-v/--min-severity, in
//! colour when asked, then the summary in the one shape (`N rows: ...`), the run, and
//! `nothing was written` when so; a progress bar over rows on a terminal, never with -q.

use std::process::{Command, Output, Stdio};

use serde_json::Value;

use crate::Db;

/// info (redacted-secret), warning (unknown-field), error (variant-mismatch), and a credential
/// that validates but has no v2 form (not-representable when migrated): `tests/it/output.rs`'s
/// stream, one row each.
const MIXED: [&str; 4] = [
    r#"{"id":"c1","organisationId":"o","type":"string","name":"key","data":{"value":"******"}}"#,
    r#"{"schemeType":"none","id":"a","description":"x","x-typo":1}"#,
    r#"{"id":"c1","organisationId":"o","type":"string","name":"key","data":{}}"#,
    r#"{"id":"c2","organisationId":"o","type":"custom-function","name":"fn","data":{},"usages":[]}"#,
];

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// `text` with the run time that ends a summary line (`· 0.4 s`) written `· T`.
fn normalise(text: &str) -> String {
    text.lines()
        .map(|line| match line.rfind(" · ") {
            Some(at) if line.ends_with(" s") => format!("{} · T", &line[..at]),
            _ => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The severities of the message lines of a stderr, in order.
fn severities(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter_map(|l| {
            ["error", "warning", "info"]
                .into_iter()
                .find(|s| l.contains(&format!("]: {s}[")))
        })
        .collect()
}

/// Whether `line` has the summary shape: `N rows: ... · E errors, W warnings, I info · T`.
fn is_summary(line: &str) -> bool {
    let Some((head, rest)) = line.split_once(": ") else {
        return false;
    };
    let parts: Vec<_> = rest.split(" · ").collect();
    (head.ends_with(" rows") || head.ends_with(" row"))
        && parts.len() >= 3
        && parts.last() == Some(&"T")
        && parts[parts.len() - 2].contains(" error")
        && parts[parts.len() - 2].contains(" warning")
        && parts[parts.len() - 2].contains(" info")
}

fn mixed(db: &mut Db) -> String {
    let table = db.table("docs");
    db.exec(&format!(
        "CREATE TABLE {table} (id integer PRIMARY KEY, doc jsonb)"
    ));
    for (i, doc) in MIXED.iter().enumerate() {
        db.client
            .execute(
                &format!("INSERT INTO {table} VALUES ($1, $2::text::jsonb)"),
                &[&(i as i32 + 1), doc],
            )
            .unwrap();
    }
    table
}

/// `versori FLAGS db VERB --database-url URL ARGS...`, colour as the test says.
fn versori(db: &Db, flags: &[&str], verb: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_versori"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .args(flags)
        .args(["db", verb, "--database-url", &db.url])
        .args(args)
        .output()
        .expect("versori runs")
}

#[test]
fn validate_streams_levels_colour_and_summary() {
    let Some(mut db) = Db::new("output_validate") else {
        return;
    };
    let table = mixed(&mut db);
    let rows = ["--table", table.as_str(), "--column", "doc"];
    let out = versori(&db, &[], "validate", &rows);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    let stderr = text(&out.stderr);
    assert_eq!(severities(&stderr), ["warning", "error"], "{stderr}");
    assert!(
        stderr.contains(&format!("{table}[2]: warning[unknown-field] /x-typo: ")),
        "{stderr}"
    );
    assert!(
        stderr.contains("\n    = expected member: string\n"),
        "{stderr}"
    );
    let last = normalise(stderr.lines().last().unwrap());
    assert_eq!(
        last,
        "4 rows: 3 valid, 1 invalid · 1 error, 1 warning, 1 info (not shown) · T"
    );
    assert!(is_summary(&last));
    assert!(!stderr.contains('\x1b'), "no colour in a pipe");
    assert!(!stderr.contains('\r'), "no progress bar in a pipe");

    // Levels, before or after the verb.
    for (flags, shown) in [
        (&["-v"][..], &["info", "warning", "error"][..]),
        (&["-q"], &["error"]),
        (&["--min-severity", "error"], &["error"]),
    ] {
        let out = versori(&db, flags, "validate", &rows);
        assert_eq!(out.status.code(), Some(1), "{flags:?}");
        assert_eq!(severities(&text(&out.stderr)), shown, "{flags:?}");
        let mut after = rows.to_vec();
        after.extend(flags);
        let out = versori(&db, &[], "validate", &after);
        assert_eq!(severities(&text(&out.stderr)), shown, "{flags:?} after");
    }
    let quiet = text(&versori(&db, &["-q"], "validate", &rows).stderr);
    assert_eq!(
        quiet.lines().count(),
        3,
        "the error, its detail, the summary: {quiet}"
    );

    // JSON: records on stdout whatever the level or colour, the summary alone on stderr.
    let mut json = rows.to_vec();
    json.extend(["--format", "json"]);
    let plain = versori(&db, &[], "validate", &json);
    for flags in [&["-q"][..], &["-v"], &["--color", "always"]] {
        assert_eq!(
            versori(&db, flags, "validate", &json).stdout,
            plain.stdout,
            "{flags:?}"
        );
    }
    let records: Vec<Value> = text(&plain.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 4);
    assert_eq!(records[0]["messages"][0]["severity"], "info");
    let stderr = text(&plain.stderr);
    assert_eq!(
        normalise(&stderr),
        "4 rows: 3 valid, 1 invalid · 1 error, 1 warning, 1 info · T"
    );

    // Colour when asked; the text is the same without it; data never coloured.
    let coloured = text(&versori(&db, &["--color", "always"], "validate", &rows).stderr);
    assert!(
        coloured.contains("\x1b[1m\x1b[33mwarning[unknown-field]\x1b[0m /x-typo"),
        "{coloured}"
    );
    assert!(
        coloured.contains("\x1b[1m\x1b[31merror[variant-mismatch]\x1b[0m /type"),
        "{coloured}"
    );
    let out = versori(&db, &["--color", "always"], "validate", &json);
    assert!(!text(&out.stdout).contains('\x1b'));
}

#[test]
fn migrate_and_restore_end_with_the_summary_the_run_and_what_was_written() {
    let Some(mut db) = Db::new("output_migrate") else {
        return;
    };
    let table = mixed(&mut db);
    let backup = format!("{}.docs_versori_backup", db.schema);
    let args = ["--to", "v2", "--table", table.as_str(), "--column", "doc"];
    let mut dry = args.to_vec();
    dry.push("--dry-run");
    for flags in [&[][..], &["-q"], &["-v"]] {
        let out = versori(&db, flags, "migrate", &dry);
        assert_eq!(out.status.code(), Some(1), "{flags:?}");
        assert!(out.stdout.is_empty(), "{flags:?}");
        let stderr = text(&out.stderr);
        let lines: Vec<_> = stderr.lines().collect();
        assert_eq!(
            lines[lines.len() - 1],
            "nothing was written: a dry run",
            "{stderr}"
        );
        assert!(is_summary(&normalise(lines[lines.len() - 2])), "{stderr}");
        assert!(
            normalise(lines[lines.len() - 2])
                .starts_with("4 rows: 2 migrated, 1 unchanged, 1 refused · "),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!("{table}[4]: error[not-representable] /data: ")),
            "{stderr}"
        );
    }
    assert_eq!(db.tables(), ["docs"], "a dry run creates nothing");

    let out = versori(&db, &[], "migrate", &args);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = text(&out.stderr);
    let lines: Vec<_> = stderr.lines().collect();
    assert_eq!(
        normalise(lines[lines.len() - 2]),
        "4 rows: 2 migrated, 1 unchanged, 1 refused · 1 error, 2 warnings, 0 info · T",
        "{stderr}"
    );
    assert_eq!(
        lines[lines.len() - 1],
        format!(
            "run 1: originals in {backup}; undo with `versori db restore --backup-table {backup} --run 1`"
        )
    );

    // Again: everything is already at v2, nothing is written.
    let again = versori(&db, &["-q"], "migrate", &args);
    assert_eq!(
        again.status.code(),
        Some(1),
        "the refused row is still there"
    );
    let stderr = text(&again.stderr);
    let lines: Vec<_> = stderr.lines().collect();
    assert_eq!(
        lines.len(),
        4,
        "the error, the summary, the run, nothing written: {stderr}"
    );
    assert!(
        normalise(lines[1]).starts_with("4 rows: 0 migrated, 3 unchanged, 1 refused · "),
        "{stderr}"
    );
    assert_eq!(lines[2], "run 2");
    assert_eq!(lines[3], "nothing was written: no row was migrated");

    let out = versori(
        &db,
        &[],
        "restore",
        &["--backup-table", &backup, "--run", "1"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let stderr = normalise(&text(&out.stderr));
    assert_eq!(
        stderr,
        format!(
            "2 rows: 2 restored, 0 already as saved, 0 no longer in the table · 0 errors, 0 warnings, 0 info · T\n\
             run 1 put back; what it overwrote is saved as run 3 (undo with `versori db restore --backup-table {backup} --run 3`)"
        )
    );

    // Failures: `error: ...` on stderr, nothing on stdout, exit 2.
    let out = versori(
        &db,
        &["-q"],
        "restore",
        &["--backup-table", &backup, "--run", "99"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        text(&out.stderr),
        format!("error: no run 99 in {}.versori_runs\n", db.schema)
    );
    let out = versori(
        &db,
        &["--color", "always"],
        "migrate",
        &[
            "--to",
            "v2",
            "--table",
            "vc_nowhere.docs",
            "--column",
            "doc",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "\x1b[1m\x1b[31merror\x1b[0m: table `vc_nowhere.docs` does not exist (or this role cannot see it)\n"
    );
}

/// A bar over the rows on a terminal (util-linux `script` makes one), rows against the
/// total; none with -q. Skipped where `script` is not available.
#[test]
fn a_progress_bar_over_rows_on_a_terminal_never_with_q() {
    let script = Command::new("script")
        .args(["-qec", "true", "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success());
    if !script {
        eprintln!("skipped: util-linux `script` is not available to make a pseudo-terminal");
        return;
    }
    let Some(mut db) = Db::new("output_progress") else {
        return;
    };
    let table = db.table("docs");
    // Enough rows, in small batches with a pause in each read, for the run to outlast the
    // bar's delay.
    db.exec(&format!(
        "CREATE TABLE {table} (id integer PRIMARY KEY, doc jsonb);
         INSERT INTO {table} SELECT i, jsonb_build_object('id', 'cred-' || i,
             'organisationId', 'o', 'type', 'basic-auth', 'name', 'n' || i,
             'data', jsonb_build_object('username', 'u', 'password', 'p'))
           FROM generate_series(1, 2000) i;"
    ));
    let bin = env!("CARGO_BIN_EXE_versori");
    let on_a_terminal = |flags: &str| {
        let line = format!(
            "stty cols 200 rows 50; '{bin}' {flags} db validate --database-url '{}' \
             --table {table} --column doc --batch-size 100 \
             --where 'pg_sleep(0.001) IS NOT NULL'",
            db.url
        );
        let output = Command::new("script")
            .args(["-qefc", &line, "/dev/null"])
            .env("TERM", "xterm-256color")
            .env_remove("CI")
            .stdin(Stdio::null())
            .output()
            .expect("script runs");
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let drawn = on_a_terminal("");
    assert!(
        drawn.contains("/2,000 rows · "),
        "no bar over rows:\n{drawn}"
    );
    assert!(drawn.contains("ETA"), "{drawn}");
    assert!(
        drawn.contains("2,000 rows\x1b[0m: 2,000 valid, 0 invalid · "),
        "the summary, in colour on a terminal:\n{drawn}"
    );
    let quiet = on_a_terminal("-q");
    assert!(!quiet.contains("/2,000 rows"), "a bar with -q:\n{quiet}");
}
