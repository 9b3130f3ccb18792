//! The input layer every verb shares: turns `PATH...` arguments into a stream of JSON documents.
//!
//! - A file holds one JSON document, unless its name ends in `.ndjson` or `.jsonl` (any case):
//!   then it holds one document per line, blank lines skipped, each reported with its 1-based
//!   line number. NDJSON is read line by line; memory stays bounded by the document size cap.
//! - A directory is walked recursively for `*.json`, `*.ndjson` and `*.jsonl` files, in sorted
//!   path order, compared component by component, which is a depth-first walk with each
//!   directory's entries sorted by name (symbolic links are followed; a directory reached twice
//!   is walked once).
//! - `-` is standard input, read as [`StdinFormat`] says. `auto` (the default) follows one rule:
//!   stdin is one JSON document unless it holds more than one top-level value, in which case it
//!   is NDJSON. An NDJSON stream whose first line is a complete value is streamed; anything else
//!   is buffered (up to the size cap) to decide.
//!
//! Every document comes out as an [`InputDocument`]; a document that cannot be read (bad JSON,
//! over the size cap) is an error item and the rest go on. I/O failures (a missing path, an
//! unreadable directory) are error items too, told apart by [`InputError::is_io`].
//!
//! JSON is read by [`versori_model::json::from_slice`]: a leading UTF-8 byte order mark is
//! skipped, numbers keep their exact value, and every key that appears twice in one object is
//! listed in [`InputDocument::duplicates`] (the value holds its last value). Each verb decides
//! what a duplicate means for it: `validate` reports it, `detect` and `migrate` refuse the
//! document.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::thread;

use serde_json::Value;
use versori_model::Pointer;
use versori_model::json::{self, Parsed};

use crate::progress::{Counted, ReadProgress};

/// The default cap on one document's size: 64 MiB.
pub const DEFAULT_MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// Buffer size for files and stdin.
const BUFFER_BYTES: usize = 64 * 1024;

/// How standard input (`-`) is read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum StdinFormat {
    /// One JSON document, or NDJSON when it holds more than one top-level value.
    #[default]
    Auto,
    /// Exactly one JSON document.
    Json,
    /// One JSON document per line.
    Ndjson,
}

/// How inputs are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InputOptions {
    /// Documents (or NDJSON lines) larger than this many bytes are refused.
    pub max_document_bytes: u64,
    /// How standard input is read.
    pub stdin_format: StdinFormat,
}

impl Default for InputOptions {
    fn default() -> Self {
        Self {
            max_document_bytes: DEFAULT_MAX_DOCUMENT_BYTES,
            stdin_format: StdinFormat::Auto,
        }
    }
}

/// One document read from the inputs, or why it could not be read.
#[derive(Debug)]
pub struct InputDocument {
    /// Where it came from: the path as given (or as found under a directory given), or `-`.
    pub source: String,
    /// The 1-based line of an NDJSON document; `None` for a whole-file document.
    pub line: Option<usize>,
    /// The parsed document, or why there is none.
    pub value: Result<Value, InputError>,
    /// Where a key appears a second time in one object (the later key's pointer); empty for a
    /// document without, or one that could not be read.
    pub duplicates: Vec<Pointer>,
    /// The document's bytes, when [`Inputs::deferred`] left the parsing to whoever takes it.
    raw: Option<Vec<u8>>,
}

impl InputDocument {
    fn new(source: String, line: Option<usize>, parsed: Result<Parsed, InputError>) -> Self {
        let (value, duplicates) = match parsed {
            Ok(parsed) => (Ok(parsed.value), parsed.duplicates),
            Err(err) => (Err(err), Vec::new()),
        };
        Self {
            source,
            line,
            value,
            duplicates,
            raw: None,
        }
    }

    /// A document that could not be read, with why.
    pub fn failed(source: impl Into<String>, line: Option<usize>, err: InputError) -> Self {
        Self::new(source.into(), line, Err(err))
    }

    /// A document whose bytes are read but not yet parsed (see [`InputDocument::parse`]).
    fn unparsed(source: String, line: Option<usize>, raw: Vec<u8>) -> Self {
        Self {
            source,
            line,
            value: Err(InputError::NotParsed),
            duplicates: Vec::new(),
            raw: Some(raw),
        }
    }

    /// Parses the bytes of a document read by [`Inputs::deferred`] into [`InputDocument::value`]
    /// and [`InputDocument::duplicates`], exactly as the eager reader would have; a document that
    /// is already parsed (or could not be read) is left as it is.
    ///
    /// Meant for the worker threads: the reading thread only splits the input into documents,
    /// and the parse, like everything after it, runs in parallel.
    pub fn parse(&mut self) {
        if let Some(raw) = self.raw.take() {
            let parsed = json::from_slice(&raw).map_err(|err| json_error(&err, self.line));
            let (value, duplicates) = match parsed {
                Ok(parsed) => (Ok(parsed.value), parsed.duplicates),
                Err(err) => (Err(err), Vec::new()),
            };
            self.value = value;
            self.duplicates = duplicates;
        }
    }

    /// The text of a document not yet parsed, for a fast path that reads it without a `Value`
    /// (a leading byte order mark skipped); `None` once parsed, or when the bytes are not UTF-8
    /// (the ordinary parse reports that).
    pub fn unparsed_text(&self) -> Option<&str> {
        std::str::from_utf8(strip_bom(self.raw.as_deref()?)).ok()
    }

    /// Drops the parsed value once a worker is done with it (so the memory is freed on that
    /// thread, not the one writing the output), keeping the source, the line and any error.
    pub fn release(&mut self) {
        if self.value.is_ok() {
            self.value = Ok(Value::Null);
        }
        self.duplicates = Vec::new();
        self.raw = None;
    }

    /// `source` or `source:line`, for messages.
    pub fn location(&self) -> String {
        match self.line {
            Some(line) => format!("{}:{line}", self.source),
            None => self.source.clone(),
        }
    }
}

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// Reading a path failed (missing file, unreadable directory, broken stream). The CLI exits
    /// with status 2 for these.
    #[error("{context}: {source}")]
    Io {
        /// What was being done, e.g. `cannot open file`.
        context: &'static str,
        /// The underlying error.
        source: io::Error,
    },
    /// The document is larger than [`InputOptions::max_document_bytes`].
    #[error(
        "document {}exceeds the {} limit (see --max-document-bytes)",
        size.map(|size| format!("({}) ", Bytes(size))).unwrap_or_default(),
        Bytes(*limit)
    )]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
        /// The document's size, when known without reading it.
        size: Option<u64>,
    },
    /// The text is not JSON. For an NDJSON document, `line` is the line in the file and
    /// `column` the column within it.
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Json {
        /// serde_json's description, without its position.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column (0 when the text ends before the line has any).
        column: usize,
    },
    /// The document's bytes were read by [`Inputs::deferred`] and [`InputDocument::parse`] has
    /// not been called yet (a bug in the caller, never a property of the input).
    #[error("the document has not been parsed (InputDocument::parse was not called)")]
    NotParsed,
}

impl InputError {
    /// Whether this is an I/O failure rather than a problem with a document.
    pub fn is_io(&self) -> bool {
        matches!(self, Self::Io { .. })
    }

    fn io(context: &'static str, source: io::Error) -> Self {
        Self::Io { context, source }
    }
}

/// A byte count for messages: `64 MiB`, `1.5 KiB`, `100 bytes`.
struct Bytes(u64);

impl fmt::Display for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
        for (size, unit) in UNITS {
            if self.0 >= size {
                return if self.0 % size == 0 {
                    write!(f, "{} {unit}", self.0 / size)
                } else {
                    // Display only; precision loss above 2^53 bytes does not matter.
                    #[allow(clippy::cast_precision_loss)]
                    let value = self.0 as f64 / size as f64;
                    write!(f, "{value:.1} {unit} ({} bytes)", self.0)
                };
            }
        }
        write!(f, "{} bytes", self.0)
    }
}

/// How a file's content is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    /// One document.
    Json,
    /// One document per line.
    Ndjson,
}

impl Layout {
    /// The layout for a path by its extension; `None` for names a directory walk skips.
    fn of(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?;
        if ext.eq_ignore_ascii_case("json") {
            Some(Self::Json)
        } else if ext.eq_ignore_ascii_case("ndjson") || ext.eq_ignore_ascii_case("jsonl") {
            Some(Self::Ndjson)
        } else {
            None
        }
    }
}

/// One thing left to read.
enum Entry {
    /// A path as given on the command line (file, directory or `-`).
    Arg(PathBuf),
    /// A file found under a directory.
    File(PathBuf, Layout),
    /// A failure found while walking a directory, reported in its place.
    Failed(InputDocument),
}

/// A source of standard input for [`Inputs`].
pub type StdinReader = Box<dyn BufRead + Send>;

/// The documents in a list of paths, in order. An [`Iterator`] of [`InputDocument`]s.
///
/// Paths are opened lazily, one at a time, and NDJSON is streamed line by line.
pub struct Inputs {
    options: InputOptions,
    entries: VecDeque<Entry>,
    ready: VecDeque<InputDocument>,
    stream: Option<LineReader>,
    stdin: Option<StdinReader>,
    progress: Option<Arc<dyn ReadProgress>>,
    defer: bool,
}

impl Inputs {
    /// The documents in `paths` (files, directories, or `-` for standard input).
    pub fn new<I, P>(paths: I, options: InputOptions) -> Self
    where
        I: IntoIterator<Item = P>,
        P: Into<PathBuf>,
    {
        Self {
            options,
            entries: paths.into_iter().map(|p| Entry::Arg(p.into())).collect(),
            ready: VecDeque::new(),
            stream: None,
            stdin: None,
            progress: None,
            defer: false,
        }
    }

    /// Hands out NDJSON lines and whole files unparsed: each document must be
    /// [parsed](InputDocument::parse) by its taker, so that parsing runs on the worker threads
    /// rather than the one reading. (A document from standard input with `--stdin-format auto`
    /// is parsed while its layout is sniffed.)
    pub fn deferred(mut self) -> Self {
        self.defer = true;
        self
    }

    /// Reports every byte read from files and standard input to `progress`.
    pub fn with_progress(mut self, progress: Arc<dyn ReadProgress>) -> Self {
        self.progress = Some(progress);
        self
    }

    /// `reader`, counted when a [`ReadProgress`] is set.
    fn counted<R: Read + Send + 'static>(&self, reader: R) -> Box<dyn Read + Send> {
        match &self.progress {
            Some(progress) => Box::new(Counted::new(reader, Arc::clone(progress))),
            None => Box::new(reader),
        }
    }

    /// Reads `-` from `reader` instead of the process's standard input.
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn with_stdin(mut self, reader: StdinReader) -> Self {
        self.stdin = Some(reader);
        self
    }

    fn limit(&self) -> u64 {
        self.options.max_document_bytes
    }

    /// Turns the next entry into ready documents and/or a stream.
    fn open(&mut self, entry: Entry) {
        match entry {
            Entry::Failed(doc) => self.ready.push_back(doc),
            Entry::File(path, layout) => self.open_file(path, layout),
            Entry::Arg(path) if path.as_os_str() == "-" => self.open_stdin(),
            Entry::Arg(path) => match fs::metadata(&path) {
                Err(err) => self.ready.push_back(io_failure(&path, "cannot read", err)),
                Ok(meta) if meta.is_dir() => {
                    let found = walk(&path);
                    for entry in found.into_iter().rev() {
                        self.entries.push_front(entry);
                    }
                }
                Ok(_) => {
                    let layout = Layout::of(&path).unwrap_or(Layout::Json);
                    self.open_file(path, layout);
                }
            },
        }
    }

    fn open_file(&mut self, path: PathBuf, layout: Layout) {
        let source = display(&path);
        let opened = match File::open(&path) {
            Ok(file) => file,
            Err(err) => {
                self.ready
                    .push_back(io_failure(&path, "cannot open file", err));
                return;
            }
        };
        let size = opened
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len());
        let file = self.counted(opened);
        match layout {
            Layout::Ndjson => {
                let reader = Box::new(BufReader::with_capacity(BUFFER_BYTES, file));
                let mut lines = LineReader::new(source, reader, self.limit());
                lines.defer = self.defer;
                self.stream = Some(lines);
            }
            Layout::Json => {
                let bytes = match size {
                    Some(size) if size > self.limit() => Err(InputError::TooLarge {
                        limit: self.limit(),
                        size: Some(size),
                    }),
                    _ => read_whole(file, self.limit()),
                };
                let doc = match bytes {
                    Ok(bytes) if self.defer => InputDocument::unparsed(source, None, bytes),
                    bytes => InputDocument::new(source, None, bytes.and_then(|b| parse(&b))),
                };
                self.ready.push_back(doc);
            }
        }
    }

    fn open_stdin(&mut self) {
        let reader = self.stdin.take().unwrap_or_else(|| {
            Box::new(BufReader::with_capacity(
                BUFFER_BYTES,
                self.counted(io::stdin()),
            ))
        });
        let limit = self.limit();
        match self.options.stdin_format {
            StdinFormat::Ndjson => {
                let mut lines = LineReader::new("-".into(), reader, limit);
                lines.defer = self.defer;
                self.stream = Some(lines);
            }
            StdinFormat::Json => self.ready.push_back(InputDocument::new(
                "-".into(),
                None,
                read_whole(reader, limit).and_then(|bytes| parse(&bytes)),
            )),
            StdinFormat::Auto => self.sniff_stdin(reader),
        }
        // A second `-` reads whatever is left (normally nothing).
        self.stdin = Some(Box::new(io::empty()));
    }

    /// [`StdinFormat::Auto`]: one document unless there is more than one top-level value.
    fn sniff_stdin(&mut self, reader: StdinReader) {
        let limit = self.limit();
        let mut lines = LineReader::new("-".into(), reader, limit);
        // The lines after the first are handed out as the caller asked (the first is parsed
        // here, to tell the layout).
        lines.defer = self.defer;
        // Everything read so far, in case the first line turns out to start a larger document.
        let mut seen = Vec::new();
        let first = loop {
            match lines.next_line() {
                Err(err) => return self.ready.push_back(lines.failure(err)),
                Ok(Some(Line::Text { terminated })) if is_blank(&lines.buf) => {
                    seen.extend_from_slice(&lines.buf);
                    if terminated {
                        seen.push(b'\n');
                    }
                }
                Ok(other) => break other,
            }
        };
        match first {
            // Empty (or blank) input: report it as the one document that is not there.
            None => self.ready.push_back(lines.whole(parse(&seen))),
            Some(Line::TooLong) => {
                self.ready.push_back(lines.too_long());
                self.stream = Some(lines);
            }
            Some(Line::Text { terminated }) => match parse(&lines.buf) {
                Ok(parsed) => {
                    // A complete value on the first line: NDJSON if anything else follows.
                    let first_line = lines.number;
                    match lines.next_document() {
                        None => self.ready.push_back(lines.whole(Ok(parsed))),
                        Some(second) => {
                            self.ready.push_back(lines.at(first_line, Ok(parsed)));
                            self.ready.push_back(second);
                            self.stream = Some(lines);
                        }
                    }
                }
                Err(_) => {
                    seen.extend_from_slice(&lines.buf);
                    if terminated {
                        seen.push(b'\n');
                    }
                    self.sniff_buffered(seen, lines);
                }
            },
        }
    }

    /// Stdin whose first line is not a value by itself: buffer it whole (up to the cap), then
    /// parse it as one document, or as NDJSON if it holds more than one value.
    fn sniff_buffered(&mut self, mut seen: Vec<u8>, mut lines: LineReader) {
        let limit = lines.limit;
        let room = (limit + 1).saturating_sub(seen.len() as u64);
        if let Err(err) = (&mut lines.reader).take(room).read_to_end(&mut seen) {
            return self.ready.push_back(lines.failure(err));
        }
        if seen.len() as u64 > limit {
            return self
                .ready
                .push_back(lines.whole(Err(InputError::TooLarge { limit, size: None })));
        }
        if holds_several_values(&seen) {
            let reader: StdinReader = Box::new(Cursor::new(seen));
            let mut lines = LineReader::new("-".into(), reader, limit);
            lines.defer = self.defer;
            self.stream = Some(lines);
        } else {
            self.ready.push_back(lines.whole(parse(&seen)));
        }
    }
}

/// At most this many chunks wait between the reading thread and the one taking them.
const CHUNKS_AHEAD: usize = 1;

/// A chunk is also closed once its documents hold this many bytes (with at least
/// [`CHUNK_MIN_DOCUMENTS`] in it): memory in flight is bounded by bytes, not only by a count of
/// documents that may each be up to the size cap.
const CHUNK_BYTES: usize = 1 << 20;

/// A chunk closed by [`CHUNK_BYTES`] still holds this many documents, so that both workers have
/// one to work on.
const CHUNK_MIN_DOCUMENTS: usize = 8;

/// The next chunk: up to `size` documents, fewer (but at least [`CHUNK_MIN_DOCUMENTS`]) once
/// they hold [`CHUNK_BYTES`]; empty at the end.
fn next_chunk(inputs: &mut Inputs, size: usize) -> Vec<InputDocument> {
    let mut chunk = Vec::with_capacity(size.min(1024));
    let mut bytes = 0;
    while chunk.len() < size && (bytes < CHUNK_BYTES || chunk.len() < CHUNK_MIN_DOCUMENTS) {
        let Some(doc) = inputs.next() else {
            break;
        };
        bytes += doc.raw.as_ref().map_or(0, Vec::len);
        chunk.push(doc);
    }
    chunk
}

impl Inputs {
    /// Hands the documents out `size` at a time (fewer when they are large: a chunk closes at
    /// about a mebibyte, with at least eight documents), in input order, read ahead on a
    /// thread of their own: while one chunk is being worked on, the next is being read. Memory
    /// stays bounded: the reading thread waits while a chunk is waiting for a taker. An error
    /// only when the thread cannot be started.
    pub fn read_ahead(mut self, size: usize) -> io::Result<Chunks> {
        let size = size.max(1);
        let (sender, receiver) = mpsc::sync_channel::<Vec<InputDocument>>(CHUNKS_AHEAD);
        let reader = thread::Builder::new()
            .name("versori-read".into())
            .spawn(move || {
                loop {
                    let chunk = next_chunk(&mut self, size);
                    // An empty chunk is the end; a closed channel means the taker stopped early.
                    if chunk.is_empty() || sender.send(chunk).is_err() {
                        break;
                    }
                }
            })
            .map_err(|err| io::Error::new(err.kind(), format!("cannot start a thread: {err}")))?;
        Ok(Chunks {
            receiver,
            reader: Some(reader),
        })
    }
}

/// The chunks of [`Inputs::read_ahead`], read by a thread of their own.
pub struct Chunks {
    /// Where the reading thread sends them.
    receiver: mpsc::Receiver<Vec<InputDocument>>,
    /// The reading thread, joined at the end so that a panic there is not mistaken for the end
    /// of the input.
    reader: Option<thread::JoinHandle<()>>,
}

impl Iterator for Chunks {
    type Item = Vec<InputDocument>;

    fn next(&mut self) -> Option<Vec<InputDocument>> {
        match self.receiver.recv() {
            Ok(chunk) => Some(chunk),
            Err(_) => {
                // The thread is done: at the end of the input, or because it panicked, which
                // must not pass for the end (documents would be missing silently).
                if let Some(Err(panic)) = self.reader.take().map(thread::JoinHandle::join) {
                    std::panic::resume_unwind(panic);
                }
                None
            }
        }
    }
}

impl Iterator for Inputs {
    type Item = InputDocument;

    fn next(&mut self) -> Option<InputDocument> {
        loop {
            if let Some(doc) = self.ready.pop_front() {
                return Some(doc);
            }
            if let Some(stream) = &mut self.stream {
                match stream.next_document() {
                    Some(doc) => return Some(doc),
                    None => self.stream = None,
                }
            }
            let entry = self.entries.pop_front()?;
            self.open(entry);
        }
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

fn io_failure(path: &Path, context: &'static str, err: io::Error) -> InputDocument {
    InputDocument::new(display(path), None, Err(InputError::io(context, err)))
}

/// The `*.json`/`*.ndjson`/`*.jsonl` files under `root`, sorted by path, with failures in place.
fn walk(root: &Path) -> Vec<Entry> {
    let mut found: Vec<(PathBuf, Entry)> = Vec::new();
    let mut visited = HashSet::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        // Follow symbolic links, but walk each real directory once (no loops).
        if let Ok(real) = fs::canonicalize(&dir) {
            if !visited.insert(real) {
                continue;
            }
        }
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(err) => {
                let failure = io_failure(&dir, "cannot read directory", err);
                found.push((dir, Entry::Failed(failure)));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    let failure = io_failure(&dir, "cannot read directory", err);
                    found.push((dir.clone(), Entry::Failed(failure)));
                    break;
                }
            };
            let path = entry.path();
            let is_dir = match entry.file_type() {
                Ok(kind) if kind.is_symlink() => fs::metadata(&path).is_ok_and(|m| m.is_dir()),
                Ok(kind) => kind.is_dir(),
                Err(_) => false,
            };
            if is_dir {
                pending.push(path);
            } else if let Some(layout) = Layout::of(&path) {
                found.push((path.clone(), Entry::File(path, layout)));
            }
        }
    }
    found.sort_by(|(a, _), (b, _)| a.cmp(b));
    found.into_iter().map(|(_, entry)| entry).collect()
}

/// Reads all of `reader`, refusing more than `limit` bytes.
fn read_whole(reader: impl Read, limit: u64) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|err| InputError::io("cannot read", err))?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge { limit, size: None });
    }
    Ok(bytes)
}

/// JSON's insignificant whitespace.
fn is_blank(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Parses one JSON document (a leading byte order mark is skipped), recording duplicate keys.
fn parse(bytes: &[u8]) -> Result<Parsed, InputError> {
    json::from_slice(bytes).map_err(|err| json_error(&err, None))
}

/// Whether `bytes` starts with a complete JSON value followed by something other than whitespace.
fn holds_several_values(bytes: &[u8]) -> bool {
    let bytes = strip_bom(bytes);
    let mut values = serde_json::Deserializer::from_slice(bytes).into_iter::<Value>();
    match values.next() {
        Some(Ok(_)) => !is_blank(bytes.get(values.byte_offset()..).unwrap_or_default()),
        _ => false,
    }
}

/// A syntax error as [`InputError::Json`]; `line` overrides its line (for an NDJSON line).
fn json_error(err: &versori_model::DecodeError, line: Option<usize>) -> InputError {
    InputError::Json {
        message: err.message.clone(),
        line: line.unwrap_or(err.line.unwrap_or(1).max(1)),
        column: err.column.unwrap_or(0),
    }
}

/// What [`LineReader::next_line`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Line {
    /// A line within the cap, now in `buf` without its `\n`.
    Text {
        /// Whether it ended with `\n` (the last line may not).
        terminated: bool,
    },
    /// A line over the cap; it was skipped, not kept.
    TooLong,
}

/// Reads NDJSON one line at a time, never holding more than one line (within the cap).
struct LineReader {
    source: String,
    reader: StdinReader,
    limit: u64,
    /// Lines read so far (the 1-based number of the current line).
    number: usize,
    /// The current line.
    buf: Vec<u8>,
    done: bool,
    /// Hand lines out unparsed ([`Inputs::deferred`]).
    defer: bool,
}

impl LineReader {
    fn new(source: String, reader: StdinReader, limit: u64) -> Self {
        Self {
            source,
            reader,
            limit,
            number: 0,
            buf: Vec::new(),
            done: false,
            defer: false,
        }
    }

    /// Reads the next line into `buf`; `None` at the end.
    fn next_line(&mut self) -> io::Result<Option<Line>> {
        if self.done {
            return Ok(None);
        }
        self.buf.clear();
        let mut length: u64 = 0;
        let mut started = false;
        let terminated = loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => {
                    self.done = true;
                    return Err(err);
                }
            };
            if available.is_empty() {
                self.done = true;
                if !started {
                    return Ok(None);
                }
                break false;
            }
            started = true;
            let newline = memchr::memchr(b'\n', available);
            let chunk = &available[..newline.unwrap_or(available.len())];
            length = length.saturating_add(chunk.len() as u64);
            if length <= self.limit {
                self.buf.extend_from_slice(chunk);
            } else if !self.buf.is_empty() {
                // Over the cap: drop what was kept (and its memory) and skip to the newline.
                self.buf = Vec::new();
            }
            let used = chunk.len() + usize::from(newline.is_some());
            self.reader.consume(used);
            if newline.is_some() {
                break true;
            }
        };
        self.number += 1;
        Ok(Some(if length > self.limit {
            Line::TooLong
        } else {
            Line::Text { terminated }
        }))
    }

    /// The next non-blank line as a document; `None` at the end.
    fn next_document(&mut self) -> Option<InputDocument> {
        loop {
            match self.next_line() {
                Ok(None) => return None,
                Err(err) => return Some(self.failure(err)),
                Ok(Some(Line::TooLong)) => return Some(self.too_long()),
                Ok(Some(Line::Text { .. })) if is_blank(&self.buf) => {}
                Ok(Some(Line::Text { .. })) if self.defer => {
                    let room = self.buf.len();
                    let raw = std::mem::replace(&mut self.buf, Vec::with_capacity(room));
                    return Some(InputDocument::unparsed(
                        self.source.clone(),
                        Some(self.number),
                        raw,
                    ));
                }
                Ok(Some(Line::Text { .. })) => {
                    let parsed = json::from_slice(&self.buf)
                        .map_err(|err| json_error(&err, Some(self.number)));
                    return Some(self.at(self.number, parsed));
                }
            }
        }
    }

    fn at(&self, line: usize, parsed: Result<Parsed, InputError>) -> InputDocument {
        InputDocument::new(self.source.clone(), Some(line), parsed)
    }

    fn whole(&self, parsed: Result<Parsed, InputError>) -> InputDocument {
        InputDocument::new(self.source.clone(), None, parsed)
    }

    fn too_long(&self) -> InputDocument {
        self.at(
            self.number,
            Err(InputError::TooLarge {
                limit: self.limit,
                size: None,
            }),
        )
    }

    fn failure(&self, err: io::Error) -> InputDocument {
        self.whole(Err(InputError::io("cannot read", err)))
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use serde_json::json;

    use super::*;

    /// (line, value or error) for each document.
    type Seen = Vec<(Option<usize>, Result<Value, String>)>;

    fn collect(inputs: Inputs) -> Seen {
        inputs
            .map(|doc| (doc.line, doc.value.map_err(|err| err.to_string())))
            .collect()
    }

    fn stdin_with(text: &str, options: InputOptions) -> Seen {
        let reader: StdinReader = Box::new(Cursor::new(text.as_bytes().to_vec()));
        collect(Inputs::new(["-"], options).with_stdin(reader))
    }

    fn stdin(text: &str) -> Seen {
        stdin_with(text, InputOptions::default())
    }

    fn capped(limit: u64) -> InputOptions {
        InputOptions {
            max_document_bytes: limit,
            ..InputOptions::default()
        }
    }

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn deferred_documents_parse_as_the_eager_reader_reads_them() {
        let dir = tempfile::tempdir().unwrap();
        let ndjson = write(
            dir.path(),
            "a.ndjson",
            "{\"a\": 1}\n\n{\"b\": 2, \"b\": 3}\n{oops\n[1]\n",
        );
        let json = write(
            dir.path(),
            "b.json",
            "\u{feff}{\n  \"c\": 18446744073709551621\n}\n",
        );
        let bad = write(dir.path(), "c.json", "{\n  \"d\": }\n");
        let paths = [&ndjson, &json, &bad];
        let seen = |doc: InputDocument| {
            (
                doc.source,
                doc.line,
                doc.value.map_err(|err| err.to_string()),
                doc.duplicates,
            )
        };
        let eager: Vec<_> = Inputs::new(paths, InputOptions::default())
            .map(seen)
            .collect();
        let deferred: Vec<_> = Inputs::new(paths, InputOptions::default())
            .deferred()
            .map(|mut doc| {
                assert!(matches!(doc.value, Err(InputError::NotParsed)));
                doc.parse();
                seen(doc)
            })
            .collect();
        assert_eq!(deferred, eager);
        assert_eq!(eager.len(), 6);
        assert_eq!(eager[1].3.len(), 1, "the duplicate `b` is found either way");
    }

    #[test]
    fn deferred_stdin_streams_leave_parsing_to_the_workers() {
        // Sniffing parses the first line (to tell one document from a stream); every later
        // line is handed out unparsed, as from an .ndjson file. Also when the first line only
        // starts a value and the whole input is buffered to tell.
        for text in [
            "{\"a\": 1}\n{\"b\": 2}\n{\"c\": 3}\n",
            "{\"a\":\n1} {\"b\": 2}\n{\"c\": 3}\n",
        ] {
            let reader: StdinReader = Box::new(Cursor::new(text.as_bytes().to_vec()));
            let docs: Vec<InputDocument> = Inputs::new(["-"], InputOptions::default())
                .with_stdin(reader)
                .deferred()
                .collect();
            let unparsed = docs
                .iter()
                .filter(|doc| matches!(doc.value, Err(InputError::NotParsed)))
                .count();
            assert!(unparsed >= docs.len() - 1, "{text:?}: {docs:?}");
            assert!(docs.len() >= 2, "{text:?}");
        }
    }

    #[test]
    fn chunks_close_by_count_or_by_bytes_and_keep_every_document_in_order() {
        // 100 small lines: chunks of the count asked for.
        let small: String = (0..100).map(|i| format!("{{\"n\": {i}}}\n")).collect();
        // 40 lines of 300 KiB: chunks close by bytes, at the minimum count.
        let pad = "x".repeat(300 << 10);
        let large: String = (0..40)
            .map(|i| format!("{{\"n\": {i}, \"pad\": \"{pad}\"}}\n"))
            .collect();
        for (text, size, expected) in [
            (small, 30, vec![30, 30, 30, 10]),
            (large, 512, vec![8, 8, 8, 8, 8]),
        ] {
            let reader: StdinReader = Box::new(Cursor::new(text.into_bytes()));
            let chunks: Vec<Vec<InputDocument>> = Inputs::new(["-"], InputOptions::default())
                .with_stdin(reader)
                .deferred()
                .read_ahead(size)
                .unwrap()
                .collect();
            let sizes: Vec<usize> = chunks.iter().map(Vec::len).collect();
            assert_eq!(sizes, expected);
            let lines: Vec<Option<usize>> = chunks.iter().flatten().map(|d| d.line).collect();
            let all: Vec<Option<usize>> = (1..=lines.len()).map(Some).collect();
            assert_eq!(lines, all, "every document, in order");
        }
    }

    #[test]
    fn json_file_is_one_document() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "a.json", "{\n  \"a\": [1,\n 2]\n}\n");
        let docs: Vec<_> = Inputs::new([&path], InputOptions::default()).collect();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].source, path.display().to_string());
        assert_eq!(docs[0].line, None);
        assert_eq!(docs[0].value.as_ref().unwrap(), &json!({"a": [1, 2]}));
    }

    #[test]
    fn json_syntax_errors_have_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "bad.json", "{\n  \"a\": 1,\n  \"b\" 2\n}");
        let mut docs = Inputs::new([&path], InputOptions::default());
        let doc = docs.next().unwrap();
        match doc.value {
            Err(InputError::Json {
                line,
                column,
                message,
            }) => {
                assert_eq!((line, column), (3, 7));
                assert!(!message.contains("at line"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert!(docs.next().is_none());
    }

    #[test]
    fn ndjson_reports_lines_and_goes_on_after_a_bad_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "s.ndjson",
            "{\"a\":1}\n\n  \r\n{\"b\":\n{\"c\":3}\r\n{\"d\":4}",
        );
        let docs: Vec<_> = Inputs::new([&path], InputOptions::default()).collect();
        let lines: Vec<_> = docs.iter().map(|d| d.line).collect();
        assert_eq!(lines, [Some(1), Some(4), Some(5), Some(6)]);
        assert_eq!(docs[0].value.as_ref().unwrap(), &json!({"a": 1}));
        match &docs[1].value {
            Err(InputError::Json { line, column, .. }) => assert_eq!((*line, *column), (4, 5)),
            other => panic!("{other:?}"),
        }
        assert_eq!(docs[2].value.as_ref().unwrap(), &json!({"c": 3}));
        assert_eq!(docs[3].value.as_ref().unwrap(), &json!({"d": 4}));
    }

    #[test]
    fn jsonl_and_case_insensitive_extensions() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "s.JSONL", "1\n2\n");
        let seen = collect(Inputs::new([&path], InputOptions::default()));
        assert_eq!(seen, [(Some(1), Ok(json!(1))), (Some(2), Ok(json!(2)))]);
    }

    #[test]
    fn directories_are_walked_recursively_in_sorted_order() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "b.json", "2");
        write(dir.path(), "a/z.json", "1");
        write(dir.path(), "a/notes.txt", "not json");
        write(dir.path(), "c/d/e.ndjson", "3\n4\n");
        write(dir.path(), "a.json", "0");
        let docs: Vec<_> = Inputs::new([dir.path()], InputOptions::default()).collect();
        let names: Vec<_> = docs
            .iter()
            .map(|d| {
                let rel = Path::new(&d.source).strip_prefix(dir.path()).unwrap();
                (rel.to_string_lossy().replace('\\', "/"), d.line)
            })
            .collect();
        let expected = [
            // Component by component: directory `a` sorts before `a.json`.
            ("a/z.json", None),
            ("a.json", None),
            ("b.json", None),
            ("c/d/e.ndjson", Some(1)),
            ("c/d/e.ndjson", Some(2)),
        ]
        .map(|(name, line)| (name.to_owned(), line));
        assert_eq!(names, expected);
        let values: Vec<_> = docs.into_iter().map(|d| d.value.unwrap()).collect();
        assert_eq!(values, [json!(1), json!(0), json!(2), json!(3), json!(4)]);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_walked_once() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a/x.json", "1");
        std::os::unix::fs::symlink(dir.path(), dir.path().join("a/loop")).unwrap();
        let docs: Vec<_> = Inputs::new([dir.path()], InputOptions::default()).collect();
        assert_eq!(docs.len(), 1);
    }

    #[test]
    fn missing_paths_are_io_errors_and_the_rest_go_on() {
        let dir = tempfile::tempdir().unwrap();
        let good = write(dir.path(), "good.json", "{}");
        let missing = dir.path().join("missing.json");
        let docs: Vec<_> = Inputs::new([&missing, &good], InputOptions::default()).collect();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].source, missing.display().to_string());
        assert!(docs[0].value.as_ref().unwrap_err().is_io());
        assert_eq!(docs[1].value.as_ref().unwrap(), &json!({}));
    }

    #[test]
    fn documents_over_the_cap_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let big = write(dir.path(), "big.json", "[1, 2, 3, 4, 5]");
        let small = write(dir.path(), "small.json", "[1]");
        let stream = write(dir.path(), "s.ndjson", "[1]\n[1, 2, 3, 4, 5]\n[2]\n");
        let seen = collect(Inputs::new([&big, &small, &stream], capped(10)));
        assert_eq!(seen.len(), 5);
        let err = seen[0].1.as_ref().unwrap_err();
        assert!(
            err.contains("(15 bytes) exceeds the 10 bytes limit"),
            "{err}"
        );
        assert_eq!(seen[1].1, Ok(json!([1])));
        assert_eq!(seen[2], (Some(1), Ok(json!([1]))));
        assert_eq!(seen[3].0, Some(2));
        assert!(seen[3].1.as_ref().unwrap_err().contains("exceeds"));
        assert_eq!(seen[4], (Some(3), Ok(json!([2]))));
    }

    #[test]
    fn over_the_cap_errors_are_not_io_errors() {
        let err = InputError::TooLarge {
            limit: DEFAULT_MAX_DOCUMENT_BYTES,
            size: Some(DEFAULT_MAX_DOCUMENT_BYTES + 512 * 1024),
        };
        assert!(!err.is_io());
        assert_eq!(
            err.to_string(),
            "document (64.5 MiB (67633152 bytes)) exceeds the 64 MiB limit \
             (see --max-document-bytes)"
        );
    }

    #[test]
    fn stdin_single_document() {
        assert_eq!(stdin("{\n \"a\": 1\n}\n"), [(None, Ok(json!({"a": 1})))]);
        assert_eq!(stdin("\n\n{\"a\": 1}\n\n"), [(None, Ok(json!({"a": 1})))]);
        assert_eq!(stdin("\u{feff}{\"a\": 1}"), [(None, Ok(json!({"a": 1})))]);
    }

    #[test]
    fn duplicate_keys_are_listed_with_the_document() {
        let dir = tempfile::tempdir().unwrap();
        let file = write(dir.path(), "a.json", "{\"a\": 1, \"a\": 2}");
        let stream = write(
            dir.path(),
            "s.ndjson",
            "{\"b\": 1}\n{\"c\": [{\"d\": 1, \"d\": 1}]}\n",
        );
        let reader: StdinReader = Box::new(Cursor::new(b"{\"e\":1,\n\"e\":2}".to_vec()));
        let docs: Vec<_> = Inputs::new(
            [file.as_path(), stream.as_path(), Path::new("-")],
            InputOptions::default(),
        )
        .with_stdin(reader)
        .collect();
        let found: Vec<(Option<usize>, Vec<String>)> = docs
            .iter()
            .map(|d| {
                (
                    d.line,
                    d.duplicates.iter().map(ToString::to_string).collect(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (None, vec!["/a".to_owned()]),
                (Some(1), vec![]),
                (Some(2), vec!["/c/0/d".to_owned()]),
                (None, vec!["/e".to_owned()]),
            ]
        );
        // The value holds the last one, as serde_json reads it.
        assert_eq!(docs[0].value.as_ref().unwrap(), &json!({"a": 2}));
    }

    #[test]
    fn stdin_with_several_values_is_ndjson() {
        assert_eq!(
            stdin("{\"a\":1}\n\n{\"b\":2}\n"),
            [
                (Some(1), Ok(json!({"a": 1}))),
                (Some(3), Ok(json!({"b": 2})))
            ]
        );
        // The first line does not stand alone: buffered, then found to hold several values.
        let seen = stdin("{\"a\":\n1}\n{\"b\":2}\n");
        assert_eq!(seen.len(), 3);
        assert!(seen[0].1.as_ref().unwrap_err().contains("line 1, column"));
        assert!(seen[1].1.as_ref().unwrap_err().contains("line 2, column"));
        assert_eq!(seen[2], (Some(3), Ok(json!({"b": 2}))));
    }

    #[test]
    fn stdin_ndjson_with_a_bad_later_line() {
        let seen = stdin("[1]\n[2\n[3]\n");
        assert_eq!(seen[0], (Some(1), Ok(json!([1]))));
        assert_eq!(seen[1].0, Some(2));
        assert!(seen[1].1.is_err());
        assert_eq!(seen[2], (Some(3), Ok(json!([3]))));
    }

    #[test]
    fn stdin_errors() {
        let seen = stdin("");
        assert_eq!(seen.len(), 1);
        assert!(seen[0].1.as_ref().unwrap_err().contains("EOF"));
        let seen = stdin("{\n \"a\": }\n");
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].0, None);
        assert!(
            seen[0].1.as_ref().unwrap_err().contains("line 2, column 7"),
            "{seen:?}"
        );
    }

    #[test]
    fn stdin_formats_can_be_forced() {
        let json = InputOptions {
            stdin_format: StdinFormat::Json,
            ..InputOptions::default()
        };
        let seen = stdin_with("1\n2\n", json);
        assert!(seen[0].1.as_ref().unwrap_err().contains("trailing"));
        let ndjson = InputOptions {
            stdin_format: StdinFormat::Ndjson,
            ..InputOptions::default()
        };
        assert_eq!(
            stdin_with("{\"a\":1}\n", ndjson),
            [(Some(1), Ok(json!({"a": 1})))]
        );
    }

    #[test]
    fn stdin_over_the_cap() {
        // A multi-line document over the cap.
        let seen = stdin_with("[\n1, 2, 3, 4, 5, 6]\n", capped(10));
        assert_eq!(seen.len(), 1);
        assert!(seen[0].1.as_ref().unwrap_err().contains("exceeds"));
        // An over-long first line, then NDJSON.
        let seen = stdin_with("[1, 2, 3, 4, 5, 6]\n[7]\n", capped(10));
        assert_eq!(seen.len(), 2);
        assert!(seen[0].1.as_ref().unwrap_err().contains("exceeds"));
        assert_eq!(seen[1], (Some(2), Ok(json!([7]))));
    }

    #[test]
    fn stdin_is_read_once() {
        let reader: StdinReader = Box::new(Cursor::new(b"[1]".to_vec()));
        let seen = collect(Inputs::new(["-", "-"], InputOptions::default()).with_stdin(reader));
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[0], (None, Ok(json!([1]))));
        assert!(seen[1].1.is_err());
    }

    #[test]
    fn files_without_a_known_extension_are_one_json_document() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(b"{\"x\": true}").unwrap();
        let seen = collect(Inputs::new([file.path()], InputOptions::default()));
        assert_eq!(seen, [(None, Ok(json!({"x": true})))]);
    }

    #[test]
    fn deep_nesting_and_garbage_do_not_panic() {
        let deep = "[".repeat(100_000);
        assert!(stdin(&deep)[0].1.is_err());
        assert!(stdin("\u{0}\u{1}\u{ff}")[0].1.is_err());
        let invalid_utf8: StdinReader = Box::new(Cursor::new(b"\"\xff\xfe\"\n[1]\n".to_vec()));
        let seen = collect(Inputs::new(["-"], InputOptions::default()).with_stdin(invalid_utf8));
        assert!(seen[0].1.is_err());
    }

    #[test]
    fn long_lines_do_not_stay_in_memory() {
        let mut text = "x".repeat(1000);
        text.push_str("\n[1]\n");
        // Small reads, so the line arrives in pieces.
        let reader: StdinReader =
            Box::new(BufReader::with_capacity(16, Cursor::new(text.into_bytes())));
        let mut lines = LineReader::new("-".into(), reader, 100);
        assert_eq!(lines.next_line().unwrap(), Some(Line::TooLong));
        assert_eq!(lines.buf.capacity(), 0);
        assert_eq!(
            lines.next_line().unwrap(),
            Some(Line::Text { terminated: true })
        );
        assert_eq!(lines.buf, b"[1]");
        assert_eq!(lines.next_line().unwrap(), None);
    }

    #[test]
    fn inputs_can_move_to_another_thread() {
        fn assert_send<T: Send>() {}
        assert_send::<Inputs>();
        assert_send::<InputDocument>();
    }

    #[test]
    fn byte_sizes_read_well() {
        assert_eq!(Bytes(64 << 20).to_string(), "64 MiB");
        assert_eq!(Bytes(1536).to_string(), "1.5 KiB (1536 bytes)");
        assert_eq!(Bytes(100).to_string(), "100 bytes");
    }
}
