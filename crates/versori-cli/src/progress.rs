//! The progress bar: an [indicatif] bar on standard error for runs that take more than about a
//! second, drawn only on a terminal and never with `-q`.
//!
//! The input pipeline knows nothing of the bar. It reports the bytes it reads through the small
//! [`ReadProgress`] trait (any reader can be wrapped in [`Counted`]), and the verbs report the
//! documents they finish with [`Progress::documents_done`]. Everything else written to standard
//! error while the bar may be drawn goes through [`Progress::suspend`], so that a message is
//! printed above the bar and never glued to it.
//!
//! A bar measures bytes read ([`Unit::Bytes`], the file verbs) or rows done ([`Unit::Rows`],
//! `versori db`, whose total is a count of the rows selected).

use std::io::{self, IsTerminal, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use indicatif::{HumanCount, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run goes before the bar appears: shorter runs never show one.
pub const DELAY: Duration = Duration::from_secs(1);

/// How often a visible bar is redrawn when nothing else happens (a stalled pipe).
const TICK: Duration = Duration::from_millis(100);

/// Told how much input has been read. Implemented by the progress bar; called on the reading
/// thread, so it must be cheap.
pub trait ReadProgress: Send + Sync {
    /// `bytes` more bytes were read.
    fn read(&self, bytes: u64);
}

/// A reader that reports every read to a [`ReadProgress`].
pub struct Counted<R> {
    inner: R,
    progress: Arc<dyn ReadProgress>,
}

impl<R> Counted<R> {
    /// `inner`, reporting to `progress`.
    pub fn new(inner: R, progress: Arc<dyn ReadProgress>) -> Self {
        Self { inner, progress }
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.read(n as u64);
        Ok(n)
    }
}

impl ReadProgress for ProgressBar {
    fn read(&self, bytes: u64) {
        self.inc(bytes);
    }
}

/// Reads that no bar counts (a bar over rows).
struct Unread;

impl ReadProgress for Unread {
    fn read(&self, _bytes: u64) {}
}

/// The total size of `paths` when every one is a regular file (so that the bar can show a
/// percentage and an ETA); `None` for directories and standard input.
pub fn total_size<P: AsRef<Path>>(paths: impl IntoIterator<Item = P>) -> Option<u64> {
    paths.into_iter().try_fold(0u64, |total, path| {
        let path = path.as_ref();
        if path.as_os_str() == "-" {
            return None;
        }
        let meta = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
        Some(total.saturating_add(meta.len()))
    })
}

/// What a bar measures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Unit {
    /// Bytes read, against the inputs' total size; the documents done are the message.
    #[default]
    Bytes,
    /// Rows of a table done, against the number of rows selected.
    Rows,
}

/// The bar's look: bytes against the total, rate and ETA when the size is known; bytes read,
/// rate and documents otherwise. The message (`{msg}`) is the document count.
pub fn style(total: Option<u64>) -> ProgressStyle {
    let template = match total {
        Some(_) => {
            "{spinner} [{elapsed}] [{wide_bar}] {bytes}/{total_bytes} · {msg} · {binary_bytes_per_sec} · ETA {eta}"
        }
        None => "{spinner} [{elapsed}] {bytes} read · {msg} · {binary_bytes_per_sec}",
    };
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
        .tick_chars("-\\|/ ")
}

/// The look of a bar over rows: rows done against the total, rate and ETA when the total is
/// known; rows done and rate otherwise.
pub fn rows_style(total: Option<u64>) -> ProgressStyle {
    let template = match total {
        Some(_) => {
            "{spinner} [{elapsed}] [{wide_bar}] {human_pos}/{human_len} rows · {per_sec:0} · ETA {eta}"
        }
        None => "{spinner} [{elapsed}] {human_pos} rows · {per_sec:0}",
    };
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
        .tick_chars("-\\|/ ")
}

/// A progress bar that shows itself after [`DELAY`] if it may be drawn at all.
pub struct Progress {
    bar: ProgressBar,
    unit: Unit,
    /// Stops the thread that shows the bar after the delay.
    timer: Option<(mpsc::Sender<()>, JoinHandle<()>)>,
    started: Instant,
    documents: u64,
    finished: bool,
}

impl Progress {
    /// A bar that is never drawn (pipes, `-q`, tests).
    pub fn hidden() -> Self {
        Self {
            bar: ProgressBar::hidden(),
            unit: Unit::Bytes,
            timer: None,
            started: Instant::now(),
            documents: 0,
            finished: false,
        }
    }

    /// A bar for a run over `total` bytes (when known), drawn on standard error after [`DELAY`]
    /// when `enabled` and standard error is a terminal (and `TERM` is not `dumb`).
    pub fn start(enabled: bool, total: Option<u64>) -> Self {
        Self::start_of(Unit::Bytes, enabled, total)
    }

    /// [`Progress::start`] for a bar measuring `unit`.
    pub fn start_of(unit: Unit, enabled: bool, total: Option<u64>) -> Self {
        if !Self::may_draw(enabled) {
            return Self::hidden();
        }
        Self::start_with(unit, total, DELAY, ProgressDrawTarget::stderr)
    }

    /// Whether a bar that is `enabled` would be drawn: standard error is a terminal.
    pub fn may_draw(enabled: bool) -> bool {
        enabled && io::stderr().is_terminal()
    }

    /// A bar drawn to the target `make` gives once `delay` has passed.
    pub fn start_with(
        unit: Unit,
        total: Option<u64>,
        delay: Duration,
        make: impl FnOnce() -> ProgressDrawTarget + Send + 'static,
    ) -> Self {
        let (look, message) = match unit {
            Unit::Bytes => (style(total), "0 documents"),
            Unit::Rows => (rows_style(total), ""),
        };
        let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::hidden())
            .with_style(look)
            .with_message(message);
        let (stop, stopped) = mpsc::channel::<()>();
        let shown = bar.clone();
        let handle = thread::spawn(move || {
            if let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(delay) {
                shown.set_draw_target(make());
                shown.enable_steady_tick(TICK);
            }
        });
        Self {
            bar,
            unit,
            timer: Some((stop, handle)),
            started: Instant::now(),
            documents: 0,
            finished: false,
        }
    }

    /// What the input pipeline reports its reads to (a bar over rows ignores them).
    pub fn reader(&self) -> Arc<dyn ReadProgress> {
        match self.unit {
            Unit::Bytes => Arc::new(self.bar.clone()),
            Unit::Rows => Arc::new(Unread),
        }
    }

    /// `n` more documents (rows, for a bar over rows) are done.
    pub fn documents_done(&mut self, n: usize) {
        if n == 0 || self.finished {
            return;
        }
        if self.unit == Unit::Rows {
            self.bar.inc(n as u64);
            return;
        }
        self.documents += n as u64;
        let secs = self.started.elapsed().as_secs_f64();
        let message = if secs >= 0.5 {
            // Display only: the rate needs no more precision than f64 gives.
            #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
            let rate = (self.documents as f64 / secs) as u64;
            format!(
                "{} documents ({}/s)",
                HumanCount(self.documents),
                HumanCount(rate)
            )
        } else {
            format!("{} documents", HumanCount(self.documents))
        };
        self.bar.set_message(message);
    }

    /// Runs `f` (which writes to the terminal) with the bar cleared, then redraws it.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        if self.finished {
            f()
        } else {
            self.bar.suspend(f)
        }
    }

    /// Whether the bar has been drawn (or is about to be).
    pub fn is_visible(&self) -> bool {
        !self.finished && !self.bar.is_hidden()
    }

    /// Removes the bar for good; later output is written as is.
    pub fn finish(&mut self) {
        if self.finished {
            return;
        }
        self.finished = true;
        if let Some((stop, handle)) = self.timer.take() {
            let _ = stop.send(());
            let _ = handle.join();
        }
        self.bar.disable_steady_tick();
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use indicatif::TermLike;

    use super::*;

    /// A terminal that keeps every line the bar wrote.
    #[derive(Debug, Default, Clone)]
    struct Screen(Arc<Mutex<Vec<String>>>);

    impl TermLike for Screen {
        fn width(&self) -> u16 {
            120
        }
        fn move_cursor_up(&self, _: usize) -> io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> io::Result<()> {
            self.0.lock().unwrap().push(s.to_owned());
            Ok(())
        }
        fn write_str(&self, s: &str) -> io::Result<()> {
            self.write_line(s)
        }
        fn clear_line(&self) -> io::Result<()> {
            Ok(())
        }
        fn flush(&self) -> io::Result<()> {
            Ok(())
        }
    }

    fn drawn(total: Option<u64>) -> String {
        drawn_of(Unit::Bytes, total)
    }

    fn drawn_of(unit: Unit, total: Option<u64>) -> String {
        let screen = Screen::default();
        let target = screen.clone();
        let mut progress = Progress::start_with(unit, total, Duration::ZERO, move || {
            ProgressDrawTarget::term_like(Box::new(target))
        });
        // The timer thread shows the bar at once; wait for it.
        let deadline = Instant::now() + Duration::from_secs(10);
        while progress.bar.is_hidden() && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(5));
        }
        progress.reader().read(512 * 1024);
        progress.documents_done(1234);
        progress.bar.force_draw();
        progress.finish();
        let lines = screen.0.lock().unwrap();
        lines
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .cloned()
            .unwrap_or_default()
    }

    #[test]
    fn a_known_size_shows_bytes_of_total_rate_and_eta() {
        let line = drawn(Some(1 << 20));
        assert!(line.contains("512.00 KiB/1.00 MiB"), "{line}");
        assert!(line.contains("1,234 documents"), "{line}");
        assert!(line.contains("/s"), "{line}");
        assert!(line.contains("ETA"), "{line}");
    }

    #[test]
    fn an_unknown_size_shows_bytes_read_and_documents() {
        let line = drawn(None);
        assert!(line.contains("512.00 KiB read"), "{line}");
        assert!(line.contains("1,234 documents"), "{line}");
        assert!(!line.contains("ETA"), "{line}");
    }

    #[test]
    fn a_bar_over_rows_shows_rows_of_the_total() {
        let line = drawn_of(Unit::Rows, Some(50_000));
        assert!(line.contains("1,234/50,000 rows"), "{line}");
        assert!(line.contains("/s"), "{line}");
        assert!(line.contains("ETA"), "{line}");
        assert!(!line.contains("KiB"), "{line}");
        let line = drawn_of(Unit::Rows, None);
        assert!(line.contains("1,234 rows"), "{line}");
        assert!(!line.contains("ETA"), "{line}");
    }

    #[test]
    fn a_hidden_bar_runs_suspended_code_and_counts_reads() {
        let mut progress = Progress::hidden();
        let mut counted = Counted::new(&b"hello"[..], progress.reader());
        let mut text = String::new();
        counted.read_to_string(&mut text).unwrap();
        assert_eq!(progress.bar.position(), 5);
        assert!(!progress.is_visible());
        assert_eq!(progress.suspend(|| 7), 7);
        progress.finish();
        assert_eq!(progress.suspend(|| 8), 8);
    }

    #[test]
    fn sizes_are_known_only_for_regular_files() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.json");
        std::fs::write(&a, "{}").unwrap();
        assert_eq!(total_size([&a, &a]), Some(4));
        assert_eq!(total_size([a.as_path(), dir.path()]), None);
        assert_eq!(total_size(["-"]), None);
    }
}
