//! `versori schema`: write the JSON Schemas of every kind and version, or check a directory
//! against a fresh export.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{ArgGroup, Args};
use versori_schema::Variant;

use crate::output::{self, Outcome};

/// Arguments of `versori schema`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("action").required(true).args(["out", "check"])))]
pub struct SchemaArgs {
    /// Write every schema under DIR (`DIR/<version>/<kind>.schema.json`; with --lenient,
    /// `DIR/lenient/...`), atomically and only where the content changed.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Compare DIR with a fresh export and name every file that differs, is missing or is extra
    /// (exit status 1 when any does).
    #[arg(long, value_name = "DIR")]
    pub check: Option<PathBuf>,

    /// The lenient variant, which allows unknown keys and values (for documents newer than this
    /// release), instead of the strict one editors use to catch typos.
    #[arg(long)]
    pub lenient: bool,
}

/// Runs `versori schema`.
pub fn run(args: &SchemaArgs, out: &mut impl Write) -> io::Result<Outcome> {
    let variant = if args.lenient {
        Variant::Lenient
    } else {
        Variant::Strict
    };
    if let Some(dir) = &args.out {
        return match versori_schema::write_all(dir, variant) {
            Ok(written) => {
                for path in &written.changed {
                    writeln!(out, "wrote {}", path.display())?;
                }
                for path in &written.stale {
                    output::diagnostic(
                        out,
                        &format!(
                            "warning: {} is not produced by this release",
                            path.display()
                        ),
                    )?;
                }
                writeln!(
                    out,
                    "{variant} schemas: {} written, {} unchanged",
                    written.changed.len(),
                    written.unchanged.len()
                )?;
                Ok(Outcome::Success)
            }
            Err(err) => {
                output::diagnostic(out, &format!("error: {err}"))?;
                Ok(Outcome::Failure)
            }
        };
    }
    let Some(dir) = &args.check else {
        return Ok(Outcome::Failure);
    };
    match versori_schema::check(dir, variant) {
        Ok(()) => {
            writeln!(
                out,
                "{variant} schemas under {} match a fresh export",
                dir.display()
            )?;
            Ok(Outcome::Success)
        }
        Err(drifts) => {
            let mut outcome = Outcome::Problems;
            for drift in &drifts {
                if drift.is_io() {
                    outcome = Outcome::Failure;
                }
                writeln!(out, "{drift}")?;
            }
            let flag = if args.lenient { " --lenient" } else { "" };
            output::diagnostic(
                out,
                &format!(
                    "{} differ; regenerate with `versori schema --out {}{flag}`",
                    output::count(drifts.len(), "file", "files"),
                    dir.display()
                ),
            )?;
            Ok(outcome)
        }
    }
}
