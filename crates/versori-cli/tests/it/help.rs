//! `--help` of the program and of every verb, compared with golden files (`BLESS=1` rewrites
//! them), and the shell completions and manual page generated from the same definition.

use assert_cmd::cargo::cargo_bin_cmd;

use crate::assert_golden;

fn versori() -> assert_cmd::Command {
    cargo_bin_cmd!("versori")
}

/// `versori <args>` must succeed with this stdout (and nothing on stderr).
fn golden(name: &str, args: &[&str]) {
    let output = versori().args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}");
    assert!(output.stderr.is_empty(), "{args:?}");
    assert_golden(name, &String::from_utf8(output.stdout).unwrap());
}

#[test]
fn golden_help() {
    golden("help.txt", &["--help"]);
}

/// Every verb, and each `db` verb (`db migrate`: golden `db-migrate-help.txt`).
const VERBS: [&str; 10] = [
    "detect",
    "validate",
    "migrate",
    "schema",
    "completions",
    "man",
    "db",
    "db validate",
    "db migrate",
    "db restore",
];

#[test]
fn golden_help_of_every_verb() {
    for verb in VERBS {
        let mut args: Vec<&str> = verb.split(' ').collect();
        args.push("--help");
        golden(&format!("{}-help.txt", verb.replace(' ', "-")), &args);
    }
}

#[test]
fn every_verb_has_examples_and_exit_statuses() {
    for verb in VERBS {
        let words: Vec<&str> = verb.split(' ').collect();
        let output = versori().args(&words).arg("--help").output().unwrap();
        let help = String::from_utf8(output.stdout).unwrap();
        assert!(help.contains("\nExamples:\n"), "{verb}");
        assert!(help.contains("\nExit status:\n"), "{verb}");
        // The short help stays short: no examples there.
        let output = versori().args(&words).arg("-h").output().unwrap();
        let short = String::from_utf8(output.stdout).unwrap();
        assert!(!short.contains("Examples:"), "{verb}");
    }
}

#[test]
fn help_is_not_coloured_with_color_never_nor_in_a_pipe() {
    for args in [
        &["--help"][..],
        &["--color", "always", "validate", "--help"],
    ] {
        let output = versori().args(args).output().unwrap();
        let help = String::from_utf8(output.stdout).unwrap();
        let coloured = help.contains('\x1b');
        assert_eq!(coloured, args.contains(&"always"), "{args:?}");
    }
}

#[test]
fn completions_cover_every_verb_in_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let output = versori().args(["completions", shell]).output().unwrap();
        assert!(output.status.success(), "{shell}");
        let script = String::from_utf8(output.stdout).unwrap();
        for word in [
            "validate",
            "migrate",
            "db",
            "backup-table",
            "min-severity",
            "color",
        ] {
            assert!(script.contains(word), "{shell}: {word}");
        }
    }
    versori().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn the_manual_page_is_roff_with_the_examples() {
    let output = versori().arg("man").output().unwrap();
    assert!(output.status.success());
    let page = String::from_utf8(output.stdout).unwrap();
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq \\(aq"),
        "{}",
        &page[..80]
    );
    assert!(page.contains(".TH versori 1"), "{page}");
    assert!(page.contains("Exit status:"));

    let dir = tempfile::tempdir().unwrap();
    versori()
        .args(["man", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    let mut pages: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    pages.sort();
    assert!(pages.contains(&"versori.1".to_owned()), "{pages:?}");
    assert!(
        pages.contains(&"versori-validate.1".to_owned()),
        "{pages:?}"
    );
}
