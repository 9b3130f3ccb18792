//! The progress bar as a person sees it: `versori` runs on a pseudo-terminal (util-linux
//! `script`), its output is replayed through a small terminal emulator, and the tests check the
//! screen: the bar was drawn, no message was ever glued to it, and once the run is over the
//! screen holds exactly what a pipe would have received (with colour on the terminal).
//!
//! Skipped (with a note) where `script` is not available.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::normalise;

/// 600 documents with one warning each, then (after a pause that makes the run last) 600 more.
const PART: usize = 600;
const DOC: &str = r#"{"schemeType":"none","id":"a","description":"x","x-typo":1}"#;

fn versori_bin() -> &'static Path {
    assert_cmd::cargo::cargo_bin!("versori")
}

fn script_works() -> bool {
    let works = Command::new("script")
        .args(["-qec", "true", "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success());
    if !works {
        eprintln!("skipped: util-linux `script` is not available to make a pseudo-terminal");
    }
    works
}

/// Runs `shell` (a `sh -c` command line) on a 200-column pseudo-terminal and returns what the
/// terminal received and the exit status.
fn on_a_terminal(shell: &str) -> (Vec<u8>, Option<i32>) {
    let line = format!("stty cols 200 rows 50; {shell}");
    let output = Command::new("script")
        .args(["-qefc", &line, "/dev/null"])
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .env_remove("CI")
        .stdin(Stdio::null())
        .output()
        .expect("script runs");
    (output.stdout, output.status.code())
}

/// Writes the two halves of the slow stream and returns their paths.
fn halves(dir: &Path) -> (String, String) {
    let mut half = String::new();
    for _ in 0..PART {
        half.push_str(DOC);
        half.push('\n');
    }
    let first = dir.join("first.ndjson");
    let second = dir.join("second.ndjson");
    std::fs::write(&first, &half).unwrap();
    std::fs::write(&second, &half).unwrap();
    (first.display().to_string(), second.display().to_string())
}

/// What a pipe receives on stderr for the same run.
fn piped_stderr(args: &[&str], first: &str, second: &str) -> String {
    let mut child = Command::new(versori_bin())
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(&std::fs::read(first).unwrap()).unwrap();
    stdin.write_all(&std::fs::read(second).unwrap()).unwrap();
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn the_bar_is_drawn_below_the_messages_and_leaves_the_screen_clean() {
    if !script_works() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = halves(dir.path());
    let bin = versori_bin().display().to_string();
    let (raw, status) = on_a_terminal(&format!(
        "(cat '{first}'; sleep 2; cat '{second}') | '{bin}' validate -"
    ));
    assert_eq!(status, Some(0));
    let mut screen = Screen::new(200);
    screen.feed(&raw);
    let transcript = String::from_utf8_lossy(&raw);

    // The bar was drawn: bytes read, documents, a rate (stdin has no size, so no ETA).
    assert!(screen.saw_bar, "no progress bar was drawn:\n{transcript}");
    assert!(
        screen.bar_lines.iter().any(|l| l.contains(" documents (")),
        "{:?}",
        screen.bar_lines
    );
    assert!(screen.bar_lines.iter().all(|l| !l.contains("ETA")));
    // ...below the messages, which went on while it was there.
    assert!(
        screen.bar_below_a_message > 0,
        "the bar was never drawn below a message"
    );
    let mut counts: Vec<&str> = screen
        .bar_lines
        .iter()
        .filter_map(|l| l.split(" · ").nth(1))
        .collect();
    counts.dedup();
    assert!(
        counts.len() >= 2,
        "the documents done did not move while the bar was drawn: {:?}",
        screen.bar_lines
    );
    // Never glued to a message.
    assert!(screen.glued.is_empty(), "glued lines: {:?}", screen.glued);

    // Once the run is over the screen holds exactly what a pipe gets.
    let expected = normalise(&piped_stderr(&["validate", "-"], &first, &second));
    assert_eq!(normalise(&screen.text()), expected);
    assert_eq!(
        expected
            .lines()
            .filter(|l| l.contains(": warning["))
            .count(),
        2 * PART
    );
    // Colour on a terminal: severity and code.
    assert!(transcript.contains("\x1b[1m\x1b[33mwarning[unknown-field]\x1b[0m"));
}

#[test]
fn no_bar_with_q_nor_for_a_short_run() {
    if !script_works() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = halves(dir.path());
    let bin = versori_bin().display().to_string();
    for (shell, expected_lines) in [
        // Long, but quiet: only the summary.
        (
            format!("(cat '{first}'; sleep 2; cat '{second}') | '{bin}' -q validate -"),
            1,
        ),
        // Loud, but short: messages, tally, summary.
        (format!("'{bin}' validate '{first}'"), PART + 3),
    ] {
        let (raw, status) = on_a_terminal(&shell);
        assert_eq!(status, Some(0));
        let mut screen = Screen::new(200);
        screen.feed(&raw);
        assert!(!screen.saw_bar, "{shell}");
        assert_eq!(screen.text().lines().count(), expected_lines, "{shell}");
    }
    // NO_COLOR on a terminal: no colour.
    let (raw, _) = on_a_terminal(&format!("NO_COLOR=1 '{bin}' validate '{first}'"));
    assert!(!String::from_utf8_lossy(&raw).contains("\x1b[1m"));
}

/// Just enough of a VT100 to replay what indicatif and the CLI write: text, CR, LF, cursor up
/// and down, erase in line and below; colours are dropped. The screen never scrolls away: every
/// line stays, as in a scrollback.
struct Screen {
    width: usize,
    rows: Vec<Vec<char>>,
    row: usize,
    col: usize,
    /// Whether a progress bar line was ever on the screen, and the lines it showed.
    saw_bar: bool,
    bar_lines: Vec<String>,
    /// How often the bar was drawn right below a message line.
    bar_below_a_message: usize,
    /// Lines that held a message and bar text at once.
    glued: Vec<String>,
}

/// Text only a progress bar line has.
fn is_bar(line: &str) -> bool {
    line.contains(" read · ")
}

fn is_message(line: &str) -> bool {
    line.contains(": warning[") || line.contains(": error[") || line.contains(": info[")
}

impl Screen {
    fn new(width: usize) -> Self {
        Self {
            width,
            rows: vec![Vec::new()],
            row: 0,
            col: 0,
            saw_bar: false,
            bar_lines: Vec::new(),
            bar_below_a_message: 0,
            glued: Vec::new(),
        }
    }

    fn line(&self, row: usize) -> String {
        self.rows[row]
            .iter()
            .collect::<String>()
            .trim_end()
            .to_owned()
    }

    /// Called before the cursor leaves its row: looks at what the row holds now.
    fn leaving(&mut self) {
        let line = self.line(self.row);
        if is_bar(&line) {
            self.saw_bar = true;
            if self.bar_lines.last() != Some(&line) {
                self.bar_lines.push(line.clone());
            }
            if is_message(&line) {
                self.glued.push(line);
            } else if self.row > 0 && is_message(&self.line(self.row - 1)) {
                self.bar_below_a_message += 1;
            }
        }
    }

    fn down(&mut self, n: usize) {
        self.leaving();
        self.row += n;
        while self.rows.len() <= self.row {
            self.rows.push(Vec::new());
        }
    }

    fn put(&mut self, c: char) {
        if self.col >= self.width {
            self.col = 0;
            self.down(1);
        }
        let row = &mut self.rows[self.row];
        if row.len() <= self.col {
            row.resize(self.col + 1, ' ');
        }
        row[self.col] = c;
        self.col += 1;
    }

    fn feed(&mut self, bytes: &[u8]) {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' => self.col = 0,
                '\n' => self.down(1),
                '\x1b' => {
                    if chars.peek() != Some(&'[') {
                        chars.next();
                        continue;
                    }
                    chars.next();
                    let mut params = String::new();
                    let mut last = '\0';
                    for c in chars.by_ref() {
                        if c.is_ascii_alphabetic() || c == '@' || c == '~' {
                            last = c;
                            break;
                        }
                        params.push(c);
                    }
                    let n = params
                        .trim_start_matches('?')
                        .split(';')
                        .next()
                        .and_then(|p| p.parse::<usize>().ok());
                    match last {
                        'A' => {
                            self.leaving();
                            self.row = self.row.saturating_sub(n.unwrap_or(1).max(1));
                        }
                        'B' => self.down(n.unwrap_or(1).max(1)),
                        'C' => self.col += n.unwrap_or(1).max(1),
                        'D' => self.col = self.col.saturating_sub(n.unwrap_or(1).max(1)),
                        'G' => self.col = n.unwrap_or(1).max(1) - 1,
                        'K' => {
                            self.leaving();
                            let row = &mut self.rows[self.row];
                            match n.unwrap_or(0) {
                                0 => row.truncate(self.col),
                                1 => row.iter_mut().take(self.col + 1).for_each(|c| *c = ' '),
                                _ => row.clear(),
                            }
                        }
                        'J' => {
                            self.leaving();
                            self.rows[self.row].truncate(self.col);
                            self.rows.truncate(self.row + 1);
                        }
                        // Colours, cursor visibility and the like change no text.
                        _ => {}
                    }
                }
                c if c.is_control() => {}
                c => self.put(c),
            }
        }
        self.leaving();
    }

    /// The screen as text, one line per row, trailing blank rows dropped.
    fn text(&self) -> String {
        let mut lines: Vec<String> = (0..self.rows.len()).map(|r| self.line(r)).collect();
        while lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        let mut text = lines.join("\n");
        text.push('\n');
        text
    }
}

#[test]
fn the_emulator_replays_a_bar_and_a_message() {
    let mut screen = Screen::new(80);
    screen.feed(b"- 1 KiB read \xc2\xb7 3 documents\r\x1b[2Ka.json: warning[x] (root): t\r\n- 2 KiB read \xc2\xb7 4 documents\r\x1b[2K\x1b[1m\x1b[31mdone\x1b[0m\r\n");
    assert_eq!(screen.text(), "a.json: warning[x] (root): t\ndone\n");
    assert!(screen.saw_bar);
    assert!(screen.glued.is_empty());
    let mut glued = Screen::new(80);
    glued.feed(b"\r118784 read \xc2\xb7 x/tmp/big.ndjson:118785: warning[y] /a: t\r\n");
    assert_eq!(glued.glued.len(), 1);
}
