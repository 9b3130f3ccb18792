//! The one output layer every verb writes through.
//!
//! - **Streams.** Data (documents, JSON records, `detect` results) goes to standard output;
//!   diagnostics, the tally and the summary go to standard error, whatever the flags. Both are
//!   buffered here in the order they were written and handed out once per chunk of documents
//!   ([`Ui::flush`]), so that on a terminal the two streams stay in order and a progress bar is
//!   cleared while they are written.
//! - **Levels.** Errors and warnings are shown, infos counted ([`Level`]: `-v` shows infos, `-q`
//!   only errors, `--min-severity` sets the threshold). Every message is counted in a
//!   [`Tally`], shown as a table at the end of a run of [`tally::MIN_MESSAGES`] or more.
//! - **Colour** on a terminal ([`Palette`]), decided once for standard error.
//! - **Progress.** A [`Progress`] bar on a terminal for runs longer than about a second: bytes
//!   read by the file verbs ([`Ui::start_progress`]), rows done by `versori db`
//!   ([`Ui::start_row_progress`]).
//!
//! A message is one line, `path:line: severity[code] /pointer: text` (the document root is
//! spelled [`ROOT`]), each detail line below it as `    = detail`.

pub mod style;
pub mod summary;
pub mod tally;

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;
use std::time::Instant;

use versori_validate::{Code, Severity, ValidationMessage};

use crate::progress::{Progress, ReadProgress, Unit};
pub use style::Palette;
pub use summary::Summary;
pub use tally::Tally;

/// How the document root is spelled in human output (JSON writes the RFC 6901 pointer `""`).
pub const ROOT: &str = "(root)";

/// What is shown on standard error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Level {
    /// Messages below this severity are counted, not shown.
    pub threshold: Severity,
    /// `-q`: no tally, no notes, no progress bar.
    pub quiet: bool,
}

impl Default for Level {
    /// Errors and warnings shown, infos counted.
    fn default() -> Self {
        Self {
            threshold: Severity::Warning,
            quiet: false,
        }
    }
}

/// How the output layer behaves: the level, colour on standard error, and whether a progress
/// bar may be drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UiOptions {
    /// What is shown.
    pub level: Level,
    /// Colour on standard error.
    pub color: bool,
    /// Whether a progress bar may be drawn (it still needs a terminal on standard error).
    pub progress: bool,
}

/// Which stream a piece of buffered output is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stream {
    Out,
    Err,
}

/// The output layer of one run: see the [module documentation](self).
pub struct Ui {
    options: UiOptions,
    palette: Palette,
    /// Output not yet handed out, and where each stream's run of it starts.
    buf: Vec<u8>,
    runs: Vec<(Stream, usize)>,
    err: Box<dyn Write + Send>,
    progress: Progress,
    tally: Tally,
    /// Whether messages are shown on stderr (`--format human`) or carried by JSON on stdout.
    human: bool,
    started: Instant,
}

impl Ui {
    /// An output layer writing diagnostics to the process's standard error.
    pub fn new(options: UiOptions) -> Self {
        let err: Box<dyn Write + Send> = if options.color {
            // On Windows this also turns on the console's escape code support.
            Box::new(anstream::AutoStream::always(io::stderr()))
        } else {
            Box::new(io::stderr())
        };
        Self::build(options, err)
    }

    /// An output layer writing diagnostics to `err` (tests); it never draws a progress bar.
    pub fn with_stderr(options: UiOptions, err: Box<dyn Write + Send>) -> Self {
        let options = UiOptions {
            progress: false,
            ..options
        };
        Self::build(options, err)
    }

    fn build(options: UiOptions, err: Box<dyn Write + Send>) -> Self {
        Self {
            options,
            palette: Palette::new(options.color),
            buf: Vec::new(),
            runs: Vec::new(),
            err,
            progress: Progress::hidden(),
            tally: Tally::default(),
            human: true,
            started: Instant::now(),
        }
    }

    /// Says whether messages are shown on standard error (`--format human`, the default) or
    /// only counted, because JSON on standard output carries them.
    pub fn show_messages(&mut self, human: bool) {
        self.human = human;
    }

    /// Starts the progress bar of a run over `total` bytes (when known) and returns what the
    /// input pipeline reports its reads to.
    pub fn start_progress(&mut self, total: Option<u64>) -> Arc<dyn ReadProgress> {
        self.progress = Progress::start(self.progress_enabled(), total);
        self.progress.reader()
    }

    /// Whether [`Ui::start_progress`] would draw a bar (a terminal on standard error, no `-q`):
    /// a verb whose total costs a query (`versori db` counts the rows) asks first.
    pub fn may_show_progress(&self) -> bool {
        Progress::may_draw(self.progress_enabled())
    }

    /// Starts the progress bar of a run over `total` rows of a table (when known); the verb
    /// reports the rows it finishes with [`Ui::documents_done`].
    pub fn start_row_progress(&mut self, total: Option<u64>) {
        self.progress = Progress::start_of(Unit::Rows, self.progress_enabled(), total);
    }

    fn progress_enabled(&self) -> bool {
        self.options.progress && !self.options.level.quiet
    }

    /// Removes the progress bar before writing straight to the terminal (migrate copies its
    /// documents to stdout at the end).
    pub fn stop_progress(&mut self) {
        self.progress.finish();
    }

    /// `n` more documents (or rows) are done (for the progress bar).
    pub fn documents_done(&mut self, n: usize) {
        self.progress.documents_done(n);
    }

    /// The palette diagnostics are written with.
    pub fn palette(&self) -> &Palette {
        &self.palette
    }

    /// The counts so far.
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    fn stream(&mut self, stream: Stream) -> &mut Vec<u8> {
        if self.runs.last().map(|run| run.0) != Some(stream) {
            self.runs.push((stream, self.buf.len()));
        }
        &mut self.buf
    }

    /// Where data for standard output is written (handed out by [`Ui::flush`]).
    pub fn out(&mut self) -> &mut Vec<u8> {
        self.stream(Stream::Out)
    }

    /// Where diagnostics for standard error are written (handed out by [`Ui::flush`]).
    pub fn err(&mut self) -> &mut Vec<u8> {
        self.stream(Stream::Err)
    }

    /// Counts a problem that is not a [`ValidationMessage`] (a document `detect` cannot tell, a
    /// schema file that differs).
    pub fn count(&mut self, severity: Severity, code: Option<Code>) {
        self.tally.add(severity, code);
    }

    /// Counts one document's messages and shows those at or above the threshold (unless JSON
    /// carries them). `location` is `source` or `source:line`.
    pub fn messages(&mut self, location: &str, messages: &[ValidationMessage]) {
        let threshold = self.options.level.threshold;
        let palette = self.palette;
        let human = self.human;
        for message in messages {
            self.tally.add(message.severity, Some(message.code));
            if human && message.severity >= threshold {
                let line = MessageLine {
                    palette: &palette,
                    location,
                    message,
                };
                let _ = write!(self.err(), "{line}");
            }
        }
    }

    /// An error that is not about a document's content (an input that cannot be read, a file
    /// that cannot be created): `location: error: text`, or `error: text`. Always shown.
    pub fn error(&mut self, location: Option<&str>, text: &dyn fmt::Display) {
        let style = self.palette.error;
        let err = self.stream(Stream::Err);
        let _ = match location {
            Some(location) => writeln!(err, "{location}: {style}error{style:#}: {text}"),
            None => writeln!(err, "{style}error{style:#}: {text}"),
        };
    }

    /// A warning that is not about a document's content. Shown unless `-q`.
    pub fn warning(&mut self, text: &dyn fmt::Display) {
        if self.options.level.threshold > Severity::Warning {
            return;
        }
        let style = self.palette.warning;
        let _ = writeln!(self.err(), "{style}warning{style:#}: {text}");
    }

    /// A line about what the run did (`wrote FILE`). Shown unless `-q`.
    pub fn note(&mut self, text: &dyn fmt::Display) {
        if !self.options.level.quiet {
            let _ = writeln!(self.err(), "{text}");
        }
    }

    /// Hands out everything buffered, in order: data to `out`, diagnostics to standard error,
    /// with the progress bar cleared meanwhile. Only a failure to write `out` is an error (there
    /// is nowhere to report a failing standard error).
    pub fn flush(&mut self, out: &mut impl Write) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let (buf, runs, err) = (&self.buf, &self.runs, &mut self.err);
        let result = self.progress.suspend(|| {
            for (i, &(stream, start)) in runs.iter().enumerate() {
                let end = runs.get(i + 1).map_or(buf.len(), |next| next.1);
                let bytes = &buf[start..end];
                match stream {
                    Stream::Out => out.write_all(bytes)?,
                    Stream::Err => {
                        // Whatever went to stdout before this must reach the terminal first.
                        out.flush()?;
                        let _ = err.write_all(bytes);
                        let _ = err.flush();
                    }
                }
            }
            out.flush()
        });
        self.buf.clear();
        self.runs.clear();
        result
    }

    /// Ends the run: removes the progress bar, then writes the tally (after a long run, unless
    /// `-q`), the summary line and `trailer` (such as "nothing was written") on standard error.
    pub fn finish(
        &mut self,
        out: &mut impl Write,
        summary: &Summary,
        trailer: &[String],
    ) -> io::Result<()> {
        self.flush(out)?;
        self.progress.finish();
        let palette = self.palette;
        let level = self.options.level;
        if !level.quiet && self.tally.total() >= tally::MIN_MESSAGES {
            let table = self.tally.render(&palette).to_string();
            self.err().extend_from_slice(table.as_bytes());
        }
        let hidden: Vec<Severity> = if self.human {
            Severity::ALL
                .iter()
                .copied()
                .filter(|s| *s < level.threshold)
                .collect()
        } else {
            Vec::new()
        };
        let line = summary::Line {
            summary,
            tally: &self.tally,
            hidden: &hidden,
            elapsed: self.started.elapsed(),
            palette: &palette,
        }
        .to_string();
        let err = self.err();
        let _ = writeln!(err, "{line}");
        for text in trailer {
            let _ = writeln!(err, "{text}");
        }
        self.flush(out)
    }
}

/// One message in the human format: `location: severity[code] /pointer: text`, the root as
/// [`ROOT`], then each detail line as `    = detail`. Ends with a newline.
pub struct MessageLine<'a> {
    /// The colours.
    pub palette: &'a Palette,
    /// `source` or `source:line`.
    pub location: &'a str,
    /// The message.
    pub message: &'a ValidationMessage,
}

impl fmt::Display for MessageLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.message;
        let style = self.palette.severity(m.severity);
        let pointer = if m.path.is_root() {
            ROOT
        } else {
            m.path.as_str()
        };
        writeln!(
            f,
            "{}: {style}{}[{}]{style:#} {pointer}: {}",
            self.location, m.severity, m.code, m.text
        )?;
        let detail = self.palette.detail;
        for line in &m.detail {
            writeln!(f, "    {detail}={detail:#} {line}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use versori_validate::Pointer;

    use super::*;

    /// A standard error that tests can read back.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Captured {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    fn ui(level: Level) -> (Ui, Captured) {
        let err = Captured::default();
        let options = UiOptions {
            level,
            ..UiOptions::default()
        };
        (Ui::with_stderr(options, Box::new(err.clone())), err)
    }

    fn message(severity: Severity, code: Code) -> ValidationMessage {
        ValidationMessage::new(code, severity, Pointer::root(), "text")
    }

    #[test]
    fn streams_keep_their_order_and_levels_filter() {
        let (mut ui, err) = ui(Level::default());
        let mut out = Vec::new();
        writeln!(ui.out(), "data 1").unwrap();
        ui.messages(
            "a.json",
            &[
                message(Severity::Info, Code::Derived),
                message(Severity::Warning, Code::FieldDropped).with_detail("more"),
            ],
        );
        writeln!(ui.out(), "data 2").unwrap();
        ui.flush(&mut out).unwrap();
        assert_eq!(out, b"data 1\ndata 2\n");
        assert_eq!(
            err.text(),
            "a.json: warning[field-dropped] (root): text\n    = more\n"
        );
        assert_eq!(ui.tally().total(), 2);
        ui.finish(&mut out, &Summary::documents(1, vec![(1, "valid")]), &[])
            .unwrap();
        let text = err.text();
        let last = text.lines().last().unwrap();
        assert!(
            last.starts_with("1 document: 1 valid · 0 errors, 1 warning, 1 info (not shown) · "),
            "{last}"
        );
    }

    #[test]
    fn quiet_shows_only_errors_and_the_summary() {
        let quiet = Level {
            threshold: Severity::Error,
            quiet: true,
        };
        let (mut ui, err) = ui(quiet);
        let mut messages = Vec::new();
        for _ in 0..20 {
            messages.push(message(Severity::Warning, Code::FieldDropped));
        }
        messages.push(message(Severity::Error, Code::NotRepresentable));
        ui.messages("s.ndjson:3", &messages);
        ui.note(&"wrote a file");
        ui.warning(&"a warning");
        ui.finish(&mut Vec::new(), &Summary::documents(1, vec![]), &[])
            .unwrap();
        let text = err.text();
        let lines: Vec<_> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert_eq!(
            lines[0],
            "s.ndjson:3: error[not-representable] (root): text"
        );
        assert!(lines[1].contains("20 warnings (not shown)"), "{text}");
    }

    #[test]
    fn a_long_run_ends_with_a_tally() {
        let (mut ui, err) = ui(Level::default());
        let messages: Vec<_> = (0..12)
            .map(|_| message(Severity::Info, Code::RedactedSecret))
            .collect();
        ui.messages("x.json", &messages);
        ui.finish(&mut Vec::new(), &Summary::documents(1, vec![]), &[])
            .unwrap();
        let text = err.text();
        assert!(
            text.starts_with("messages by code:\n  12  info     redacted-secret  "),
            "{text}"
        );
    }

    #[test]
    fn json_mode_counts_without_showing() {
        let (mut ui, err) = ui(Level::default());
        ui.show_messages(false);
        ui.messages("x.json", &[message(Severity::Error, Code::Required)]);
        ui.finish(&mut Vec::new(), &Summary::documents(1, vec![]), &[])
            .unwrap();
        let text = err.text();
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(text.contains("1 error, 0 warnings, 0 info · "), "{text}");
    }

    #[test]
    fn colour_marks_severity_and_code() {
        let m = message(Severity::Error, Code::Required);
        let line = MessageLine {
            palette: &Palette::colored(),
            location: "a.json",
            message: &m,
        }
        .to_string();
        assert_eq!(
            line,
            "a.json: \x1b[1m\x1b[31merror[required]\x1b[0m (root): text\n"
        );
    }
}
