//! `versori completions SHELL` (clap_complete) and `versori man` (clap_mangen): generated from
//! the same clap definition as `--help`, so they never drift from it.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::Cli;
use crate::output::Outcome;
use crate::ui::Ui;

/// The examples at the end of `versori completions --help`.
pub const COMPLETIONS_AFTER_HELP: &str = "\
Examples:
  versori completions bash > ~/.local/share/bash-completion/completions/versori
  versori completions zsh > ~/.zfunc/_versori
  versori completions fish > ~/.config/fish/completions/versori.fish

Exit status:
  0  the script was written
  2  usage error, or stdout could not be written";

/// The examples at the end of `versori man --help`.
pub const MAN_AFTER_HELP: &str = "\
Examples:
  versori man | man -l -
  versori man --out target/man     (versori.1, versori-validate.1, ...)

Exit status:
  0  the page(s) were written
  2  usage error, or a page could not be written";

/// Arguments of `versori completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_name = "SHELL", value_enum)]
    pub shell: Shell,
}

/// Arguments of `versori man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write one page per verb into DIR instead of printing versori(1).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Writes the completion script for `args.shell` to `out`.
pub fn completions(args: &CompletionsArgs, out: &mut impl Write) -> io::Result<Outcome> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "versori", out);
    Ok(Outcome::Success)
}

/// Writes versori(1) to `out`, or every page into `--out DIR`.
pub fn man(args: &ManArgs, ui: &mut Ui, out: &mut impl Write) -> io::Result<Outcome> {
    let command = Cli::command();
    let Some(dir) = &args.out else {
        clap_mangen::Man::new(command).render(out)?;
        return Ok(Outcome::Success);
    };
    let written =
        std::fs::create_dir_all(dir).and_then(|()| clap_mangen::generate_to(command, dir));
    let outcome = match written {
        Ok(()) => {
            ui.note(&format_args!(
                "wrote the manual pages into {}",
                dir.display()
            ));
            Outcome::Success
        }
        Err(err) => {
            ui.error(None, &format_args!("cannot write the manual pages: {err}"));
            Outcome::Failure
        }
    };
    ui.flush(out)?;
    Ok(outcome)
}
