//! The `versori` binary end to end, in one test binary. `BLESS=1` rewrites the golden files.

mod cli;
mod help;
mod input;
mod migrate_verb;
mod output;
mod pty;
mod readme;
mod verbs;

/// `text` with the run time at the end of a summary line (`· 0.4 s`, `· 2 min 05 s`) written
/// as `· T`, so that output can be compared with a golden file.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        match body.rfind(" · ") {
            Some(at) if is_duration(&body[at + " · ".len()..]) => {
                out.push_str(&body[..at]);
                out.push_str(" · T");
            }
            _ => out.push_str(body),
        }
        out.push_str(newline);
    }
    out
}

fn is_duration(text: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let Some(number) = text.strip_suffix(" s") else {
        return false;
    };
    match number.split_once(" min ") {
        Some((minutes, seconds)) => digits(minutes) && seconds.len() == 2 && digits(seconds),
        None => number
            .split_once('.')
            .is_some_and(|(whole, tenths)| digits(whole) && tenths.len() == 1 && digits(tenths)),
    }
}

/// The path of a file under the crate's `tests/golden/`.
pub fn golden_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// Compares `actual` with `tests/golden/<name>`; `BLESS=1` rewrites it.
pub fn assert_golden(name: &str, actual: &str) {
    let path = golden_path(name);
    if std::env::var_os("BLESS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("{}: {err} (run with BLESS=1 to create it)", path.display()));
    assert_eq!(
        actual,
        expected,
        "{} is out of date (run with BLESS=1 to update it)",
        path.display()
    );
}

#[test]
fn durations_are_normalised() {
    assert_eq!(
        normalise("a · 1 error · 0.4 s\nb · 2 min 05 s\nc · x s\n"),
        "a · 1 error · T\nb · T\nc · x s\n"
    );
}
