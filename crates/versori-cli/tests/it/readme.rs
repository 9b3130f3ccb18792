//! The sessions in the README are real: every `$ versori ...` line in a ```text block of the
//! root README.md is run (from the workspace root, with `target/...` paths moved into a
//! temporary directory), and the lines below it must be what a person sees, stdout then stderr,
//! run times aside. A line `...` stands for lines left out: what is above it must start the
//! output, what is below it must end it.

use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;

use crate::normalise;

/// One `$ versori ...` command of a README block and the output shown under it.
struct Session {
    line: usize,
    args: Vec<String>,
    shown: Vec<String>,
}

fn sessions(readme: &str) -> Vec<Session> {
    let mut sessions = Vec::new();
    let mut in_text = false;
    // Whether the last session is still taking lines: it ends with its block, so a later
    // block without a `$ versori` line (a synopsis) is not taken for its output.
    let mut open = false;
    for (index, line) in readme.lines().enumerate() {
        if line.starts_with("```") {
            in_text = line == "```text";
            open = false;
            continue;
        }
        if !in_text {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ versori ") {
            sessions.push(Session {
                line: index + 1,
                args: command.split_whitespace().map(str::to_owned).collect(),
                shown: Vec::new(),
            });
            open = true;
        } else if line.starts_with("$ ") {
            // Another program: not checked, and ends the previous session.
            in_text = false;
            open = false;
        } else if let (true, Some(session)) = (open, sessions.last_mut()) {
            session.shown.push(line.to_owned());
        }
    }
    sessions
}

#[test]
fn the_readme_sessions_are_what_versori_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let sessions = sessions(&readme);
    assert!(sessions.len() >= 2, "the README shows a session");
    let scratch = tempfile::tempdir().unwrap();
    for session in sessions {
        let args: Vec<String> = session
            .args
            .iter()
            .map(|arg| match arg.strip_prefix("target/") {
                Some(rest) => scratch.path().join(rest).display().to_string(),
                None => arg.clone(),
            })
            .collect();
        let output = cargo_bin_cmd!("versori")
            .args(&args)
            .current_dir(&root)
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .output()
            .unwrap();
        let mut seen = String::from_utf8(output.stdout).unwrap();
        seen.push_str(&String::from_utf8(output.stderr).unwrap());
        let seen = normalise(&seen);
        let seen: Vec<&str> = seen.lines().collect();
        let shown = normalise(&session.shown.join("\n"));
        let shown: Vec<&str> = shown.lines().collect();
        let at = format!("README.md:{}", session.line);
        match shown.iter().position(|l| *l == "...") {
            None => assert_eq!(seen, shown, "{at}"),
            Some(gap) => {
                let (head, tail) = (&shown[..gap], &shown[gap + 1..]);
                assert!(seen.len() >= head.len() + tail.len(), "{at}: {seen:#?}");
                assert_eq!(&seen[..head.len()], head, "{at}: the start");
                assert_eq!(&seen[seen.len() - tail.len()..], tail, "{at}: the end");
            }
        }
    }
}
