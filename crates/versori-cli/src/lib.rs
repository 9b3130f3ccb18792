//! The `versori` command-line tool as a library: detect, validate, migrate and describe Versori
//! connection API documents.
//!
//! The binary's `main.rs` only calls [`main`]. Everything else is here so that the pipeline can
//! be tested and benchmarked without spawning a process: parse a [`Cli`] (it is a clap parser)
//! and call [`run`] with any writer for standard output.
//!
//! ```
//! use clap::Parser;
//! use versori_cli::{Cli, Outcome};
//!
//! let cli = Cli::try_parse_from(["versori", "detect", "../../examples/v1/shopify-connector.json"]).unwrap();
//! let mut out = Vec::new();
//! assert_eq!(versori_cli::run(&cli, &mut out), Outcome::Success);
//! assert!(String::from_utf8(out).unwrap().ends_with(": v1 connector\n"));
//! ```
//!
//! Each verb lives in its own module with an `Args` struct and a `run` function that writes
//! through the output layer ([`ui::Ui`]: streams, levels, colour, tally, summary, progress). To
//! add a verb: a module, a [`Command`] variant, and a match arm in [`run_with`].

pub mod completions;
pub mod db;
pub mod detect;
pub mod input;
pub mod migrate;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod report;
pub mod schema;
pub mod ui;
pub mod validate;

use std::ffi::OsString;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{ColorChoice, CommandFactory, FromArgMatches, Parser, Subcommand};
use strum::VariantNames;
use versori_model::{ApiVersion, Kind};
use versori_validate::Severity;

use crate::input::{InputOptions, StdinFormat};
pub use crate::output::Outcome;
use crate::ui::{Level, Ui, UiOptions};

/// The examples and exit statuses at the end of `versori --help`.
const AFTER_HELP: &str = "\
Examples:
  versori detect examples/
  versori validate examples/
  versori migrate --to v2 --output out.ndjson --rejects rejected.ndjson examples/
  versori schema --check schemas
  versori db migrate --to v2 --table connectors --column document --dry-run
  versori help validate             (each verb's help has examples)

Output:
  Data (documents, JSON records, detect results) goes to stdout; messages, the tally of
  messages by code and the summary go to stderr, whatever the flags. Errors and warnings are
  shown and infos counted: -v shows infos, -q only errors. A progress bar is drawn on a
  terminal for runs longer than about a second.

Exit status:
  0  no errors
  1  a document (or a row) has an error (or a warning, with validate --deny warnings)
  2  usage error, an input or output could not be read or written, or a database failure";

/// Work with Versori connection API documents (v1alpha1, v1, v2).
#[derive(Debug, Parser)]
#[command(
    name = "versori",
    version,
    propagate_version = true,
    after_long_help = AFTER_HELP
)]
pub struct Cli {
    /// Refuse documents (and NDJSON lines) larger than this; accepts KiB/MiB/GiB suffixes.
    #[arg(
        long,
        global = true,
        help_heading = "Input options",
        value_name = "BYTES",
        default_value = "64MiB",
        value_parser = parse_byte_size
    )]
    pub max_document_bytes: u64,

    /// How to read `-` (standard input).
    #[arg(
        long,
        global = true,
        help_heading = "Input options",
        value_name = "FORMAT",
        value_enum,
        default_value_t = StdinFormat::Auto
    )]
    pub stdin_format: StdinFormat,

    /// Show info messages too (by default errors and warnings are shown, infos counted).
    #[arg(
        short,
        long,
        global = true,
        help_heading = "Output options",
        conflicts_with_all = ["quiet", "min_severity"]
    )]
    pub verbose: bool,

    /// Show only errors and the summary: no warnings, no tally, no progress bar.
    #[arg(
        short,
        long,
        global = true,
        help_heading = "Output options",
        conflicts_with = "min_severity"
    )]
    pub quiet: bool,

    /// Show messages of this severity and above (for scripts; -v is info, -q is error).
    #[arg(
        long,
        global = true,
        help_heading = "Output options",
        value_name = "SEVERITY",
        value_parser = severity_parser()
    )]
    pub min_severity: Option<Severity>,

    /// When to colour messages: auto colours on a terminal unless NO_COLOR is set
    /// (CLICOLOR_FORCE=1 colours pipes too).
    #[arg(
        long,
        global = true,
        help_heading = "Output options",
        value_name = "WHEN",
        value_enum,
        default_value_t = ColorChoice::Auto
    )]
    pub color: ColorChoice,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The input options every verb reads with.
    pub fn input_options(&self) -> InputOptions {
        InputOptions {
            max_document_bytes: self.max_document_bytes,
            stdin_format: self.stdin_format,
        }
    }

    /// What the output layer shows, and whether it colours standard error.
    pub fn ui_options(&self) -> UiOptions {
        let level = if self.quiet {
            Level {
                threshold: Severity::Error,
                quiet: true,
            }
        } else {
            let threshold = match (self.verbose, self.min_severity) {
                (true, _) => Severity::Info,
                (false, Some(severity)) => severity,
                (false, None) => Severity::Warning,
            };
            Level {
                threshold,
                quiet: false,
            }
        };
        UiOptions {
            level,
            color: stderr_color(self.color),
            progress: true,
        }
    }
}

/// Whether standard error is coloured: `--color always|never`, or for `auto` what anstream
/// decides (a terminal that supports colour, unless `NO_COLOR` is set; `CLICOLOR_FORCE` forces
/// it, `CLICOLOR=0` turns it off).
pub fn stderr_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            anstream::AutoStream::choice(&io::stderr()) != anstream::ColorChoice::Never
        }
    }
}

/// The verbs.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Detect each document's API version and kind from its shape.
    #[command(after_long_help = detect::AFTER_HELP)]
    Detect(detect::DetectArgs),
    /// Check documents against every rule of their version and kind.
    #[command(after_long_help = validate::AFTER_HELP)]
    Validate(validate::ValidateArgs),
    /// Migrate documents to another API version, reporting every field that cannot come along.
    #[command(after_long_help = migrate::AFTER_HELP)]
    Migrate(migrate::MigrateArgs),
    /// Write the JSON Schemas of every kind and version, or check a directory against them.
    #[command(after_long_help = schema::AFTER_HELP)]
    Schema(schema::SchemaArgs),
    /// Print a shell completion script.
    #[command(after_long_help = completions::COMPLETIONS_AFTER_HELP)]
    Completions(completions::CompletionsArgs),
    /// Print the manual page, or write one per verb into a directory.
    #[command(after_long_help = completions::MAN_AFTER_HELP)]
    Man(completions::ManArgs),
    /// Validate, migrate and restore documents stored in a PostgreSQL table.
    #[command(after_long_help = db::AFTER_HELP)]
    Db(db::DbArgs),
}

/// The whole program: parses the process arguments, runs the verb with standard output behind
/// a locked buffer, and returns the exit status.
pub fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    // Help and usage errors are clap's own output: colour them as `--color` says too.
    let command = Cli::command().color(color_arg(&args).unwrap_or(ColorChoice::Auto));
    let cli = match command
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        // Prints help/version (status 0) or the usage error (status 2).
        Err(err) => err.exit(),
    };
    let mut out = BufWriter::new(io::stdout().lock());
    run(&cli, &mut out).exit_code()
}

/// The value of a `--color` argument, read before parsing so that clap's own help and errors
/// follow it.
fn color_arg(args: &[OsString]) -> Option<ColorChoice> {
    let mut found = None;
    let mut args = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        let value = match arg.strip_prefix("--color") {
            Some("") => args.next().map(|v| v.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_owned),
            None => None,
        };
        if let Some(value) = value {
            found = <ColorChoice as clap::ValueEnum>::from_str(&value, false).ok();
        }
    }
    found
}

/// Runs the chosen verb, writing data to `out` and diagnostics, the tally and the summary to
/// standard error. A closed `out` (`| head -1`) ends the run quietly with success.
pub fn run(cli: &Cli, out: &mut impl Write) -> Outcome {
    run_with(cli, &mut Ui::new(cli.ui_options()), out)
}

/// [`run`] with a given output layer (tests give one that captures standard error).
pub fn run_with(cli: &Cli, ui: &mut Ui, out: &mut impl Write) -> Outcome {
    let options = cli.input_options();
    let result = match &cli.command {
        Command::Detect(args) => detect::run(args, options, ui, out),
        Command::Migrate(args) => migrate::run(args, options, ui, out),
        Command::Validate(args) => validate::run(args, options, ui, out),
        Command::Schema(args) => schema::run(args, ui, out),
        Command::Completions(args) => completions::completions(args, out),
        Command::Man(args) => completions::man(args, ui, out),
        Command::Db(args) => db::run(args, ui, out),
    }
    .and_then(|outcome| out.flush().map(|()| outcome));
    match result {
        Ok(outcome) => outcome,
        Err(err) if output::is_broken_pipe(&err) => Outcome::Success,
        Err(err) => {
            ui.error(None, &format_args!("cannot write output: {err}"));
            let _ = ui.flush(&mut io::sink());
            Outcome::Failure
        }
    }
}

/// A value parser for `--api-version` that lists the versions in help and errors.
pub(crate) fn api_version_parser() -> impl TypedValueParser<Value = ApiVersion> {
    PossibleValuesParser::new(ApiVersion::VARIANTS).try_map(|name| name.parse::<ApiVersion>())
}

/// A value parser for `--kind` that lists the kinds in help and errors.
pub(crate) fn kind_parser() -> impl TypedValueParser<Value = Kind> {
    PossibleValuesParser::new(Kind::VARIANTS).try_map(|name| name.parse::<Kind>())
}

/// A value parser for `--min-severity`.
fn severity_parser() -> impl TypedValueParser<Value = Severity> {
    PossibleValuesParser::new(["info", "warning", "error"]).try_map(|name| name.parse::<Severity>())
}

/// Parses `1048576`, `512KiB`, `64MiB`, `1GiB` (also `K`, `M`, `G`, `KB`, `MB`, `GB`, all binary).
fn parse_byte_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let number: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a byte size (e.g. 1048576, 512KiB, 64MiB)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        other => return Err(format!("unknown unit `{other}` (use KiB, MiB or GiB)")),
    };
    let bytes = number
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))?;
    if bytes == 0 {
        return Err("the limit must be at least 1 byte".into());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::input::DEFAULT_MAX_DOCUMENT_BYTES;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn byte_sizes_parse() {
        assert_eq!(parse_byte_size("1048576"), Ok(1 << 20));
        assert_eq!(parse_byte_size("64MiB"), Ok(DEFAULT_MAX_DOCUMENT_BYTES));
        assert_eq!(parse_byte_size("512 kb"), Ok(512 << 10));
        assert_eq!(parse_byte_size("2G"), Ok(2 << 30));
        assert!(parse_byte_size("0").is_err());
        assert!(parse_byte_size("MiB").is_err());
        assert!(parse_byte_size("12 parsecs").is_err());
        assert!(parse_byte_size("99999999999999999999GiB").is_err());
        assert!(parse_byte_size("18446744073709551615GiB").is_err());
    }

    #[test]
    fn levels_follow_the_flags() {
        let level = |args: &[&str]| {
            let mut all = vec!["versori"];
            all.extend_from_slice(args);
            all.extend(["detect", "x"]);
            Cli::try_parse_from(all).unwrap().ui_options().level
        };
        assert_eq!(level(&[]), Level::default());
        assert_eq!(level(&["-v"]).threshold, Severity::Info);
        assert_eq!(
            level(&["-q"]),
            Level {
                threshold: Severity::Error,
                quiet: true
            }
        );
        assert_eq!(
            level(&["--min-severity", "error"]),
            Level {
                threshold: Severity::Error,
                quiet: false
            }
        );
        assert!(Cli::try_parse_from(["versori", "-q", "-v", "detect", "x"]).is_err());
        assert!(
            Cli::try_parse_from(["versori", "detect", "-q", "--min-severity", "info", "x"])
                .is_err()
        );
    }

    #[test]
    fn colour_can_be_forced_either_way() {
        assert!(stderr_color(ColorChoice::Always));
        assert!(!stderr_color(ColorChoice::Never));
        let os = |args: &[&str]| args.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            color_arg(&os(&["versori", "--color", "never", "--help"])),
            Some(ColorChoice::Never)
        );
        assert_eq!(
            color_arg(&os(&["versori", "detect", "--color=always"])),
            Some(ColorChoice::Always)
        );
        assert_eq!(
            color_arg(&os(&["versori", "detect", "--", "--color=always"])),
            None
        );
        assert_eq!(color_arg(&os(&["versori", "--color=purple"])), None);
    }

    #[test]
    fn the_default_cap_matches_the_input_layer() {
        let cli = Cli::try_parse_from(["versori", "detect", "x"]).unwrap();
        assert_eq!(cli.input_options(), InputOptions::default());
    }
}
