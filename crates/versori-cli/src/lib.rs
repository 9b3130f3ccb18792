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
//! Each verb lives in its own module with an `Args` struct and a `run` function. To add a verb:
//! a module, a [`Command`] variant, and a match arm in [`run`].

pub mod db;
pub mod detect;
pub mod input;
pub mod migrate;
pub mod output;
pub mod report;
pub mod schema;
pub mod validate;

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};
use strum::VariantNames;
use versori_model::{ApiVersion, Kind};

use crate::input::{InputOptions, StdinFormat};
pub use crate::output::Outcome;

/// Work with Versori connection API documents (v1alpha1, v1, v2).
///
/// Exit status: 0 when all is well, 1 when a document has a problem, 2 on usage or I/O errors.
#[derive(Debug, Parser)]
#[command(name = "versori", version, propagate_version = true)]
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
}

/// The verbs.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Detect each document's API version and kind from its shape.
    Detect(detect::DetectArgs),
    /// Check documents against every rule of their version and kind.
    Validate(validate::ValidateArgs),
    /// Migrate documents to another API version, reporting every field that cannot come along.
    Migrate(migrate::MigrateArgs),
    /// Write the JSON Schemas of every kind and version, or check a directory against them.
    Schema(schema::SchemaArgs),
    /// Validate, migrate and restore documents stored in a PostgreSQL table.
    Db(db::DbArgs),
}

/// The whole program: parses the process arguments, runs the verb with standard output behind
/// a locked buffer, and returns the exit status.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Prints help/version (status 0) or the usage error (status 2).
        Err(err) => err.exit(),
    };
    let mut out = BufWriter::new(io::stdout().lock());
    run(&cli, &mut out).exit_code()
}

/// Runs the chosen verb, writing data to `out` (diagnostics and summaries go to standard
/// error). A closed `out` (`| head -1`) ends the run quietly with success.
pub fn run(cli: &Cli, out: &mut impl Write) -> Outcome {
    let options = cli.input_options();
    let result = match &cli.command {
        Command::Detect(args) => detect::run(args, options, out),
        Command::Migrate(args) => migrate::run(args, options, out),
        Command::Validate(args) => validate::run(args, options, out),
        Command::Schema(args) => schema::run(args, out),
        Command::Db(args) => db::run(args, out),
    }
    .and_then(|outcome| out.flush().map(|()| outcome));
    match result {
        Ok(outcome) => outcome,
        Err(err) if output::is_broken_pipe(&err) => Outcome::Success,
        Err(err) => {
            let _ = writeln!(io::stderr().lock(), "error: cannot write output: {err}");
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
    fn the_default_cap_matches_the_input_layer() {
        let cli = Cli::try_parse_from(["versori", "detect", "x"]).unwrap();
        assert_eq!(cli.input_options(), InputOptions::default());
    }
}
