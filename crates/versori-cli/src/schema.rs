//! `versori schema`: write the JSON Schemas of every kind and version, or check a directory
//! against a fresh export.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{ArgGroup, Args};
use versori_schema::{Drift, Variant};
use versori_validate::Severity;

use crate::output::Outcome;
use crate::ui::{Summary, Ui};

/// The examples and exit statuses at the end of `versori schema --help`.
pub const AFTER_HELP: &str = "\
Examples:
  Write the strict schemas (for editors) and the lenient ones:
    versori schema --out schemas
    versori schema --out schemas --lenient
  Check the committed schemas in CI:
    versori schema --check schemas && versori schema --check schemas --lenient

Output:
  `wrote FILE` for each file that changed, or one line per file that differs, then the
  summary, all on stderr.

Exit status:
  0  written, or the directory matches a fresh export
  1  a file differs, is missing, or is not produced by this release
  2  usage error, or a file could not be read or written";

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
pub fn run(args: &SchemaArgs, ui: &mut Ui, out: &mut impl Write) -> io::Result<Outcome> {
    let variant = if args.lenient {
        Variant::Lenient
    } else {
        Variant::Strict
    };
    let noun = if args.lenient {
        ("lenient schema", "lenient schemas")
    } else {
        ("strict schema", "strict schemas")
    };
    let (outcome, summary) = if let Some(dir) = &args.out {
        match versori_schema::write_all(dir, variant) {
            Ok(written) => {
                for path in &written.changed {
                    ui.note(&format_args!("wrote {}", path.display()));
                }
                for path in &written.stale {
                    ui.count(Severity::Warning, None);
                    ui.warning(&format_args!(
                        "{} is not produced by this release",
                        path.display()
                    ));
                }
                let (changed, unchanged) = (written.changed.len(), written.unchanged.len());
                let summary = Summary {
                    noun,
                    total: changed + unchanged,
                    outcomes: vec![(changed, "written"), (unchanged, "unchanged")],
                    unreadable: 0,
                };
                (Outcome::Success, summary)
            }
            Err(err) => {
                ui.error(None, &err);
                ui.flush(out)?;
                return Ok(Outcome::Failure);
            }
        }
    } else if let Some(dir) = &args.check {
        let total = versori_schema::export_all(variant).len();
        let drifts = versori_schema::check(dir, variant)
            .err()
            .unwrap_or_default();
        let mut outcome = Outcome::Success;
        let mut differ = 0;
        for drift in &drifts {
            outcome.add(if drift.is_io() {
                Outcome::Failure
            } else {
                Outcome::Problems
            });
            if !matches!(drift, Drift::Extra { .. }) {
                differ += 1;
            }
            ui.count(Severity::Error, None);
            ui.error(None, drift);
        }
        let summary = Summary {
            noun,
            total,
            outcomes: vec![
                (total.saturating_sub(differ), "match a fresh export"),
                (differ, "differ"),
            ],
            unreadable: 0,
        };
        let mut trailer = Vec::new();
        if !drifts.is_empty() {
            let flag = if args.lenient { " --lenient" } else { "" };
            trailer.push(format!(
                "regenerate with `versori schema --out {}{flag}`",
                dir.display()
            ));
        }
        ui.finish(out, &summary, &trailer)?;
        return Ok(outcome);
    } else {
        return Ok(Outcome::Failure);
    };
    ui.finish(out, &summary, &[])?;
    Ok(outcome)
}
