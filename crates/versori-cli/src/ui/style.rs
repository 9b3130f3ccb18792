//! Colours: a [`Palette`] of [anstyle] styles, plain when colour is off, so that the same code
//! renders for a terminal and for a pipe.

use anstyle::{AnsiColor, Color, Style};
use versori_validate::Severity;

/// The styles of everything the CLI colours. [`Palette::plain`] renders no escape codes at all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Palette {
    /// `error[code]`.
    pub error: Style,
    /// `warning[code]`.
    pub warning: Style,
    /// `info[code]`.
    pub info: Style,
    /// The `=` before a detail line.
    pub detail: Style,
    /// Emphasis in summaries and headings.
    pub strong: Style,
}

impl Palette {
    /// No colour: every style renders as the empty string.
    pub const fn plain() -> Self {
        Self {
            error: Style::new(),
            warning: Style::new(),
            info: Style::new(),
            detail: Style::new(),
            strong: Style::new(),
        }
    }

    /// The colours of a terminal: red errors, yellow warnings, cyan infos (as rustc and cargo).
    pub const fn colored() -> Self {
        Self {
            error: Style::new()
                .fg_color(Some(Color::Ansi(AnsiColor::Red)))
                .bold(),
            warning: Style::new()
                .fg_color(Some(Color::Ansi(AnsiColor::Yellow)))
                .bold(),
            info: Style::new()
                .fg_color(Some(Color::Ansi(AnsiColor::Cyan)))
                .bold(),
            detail: Style::new()
                .fg_color(Some(Color::Ansi(AnsiColor::Blue)))
                .bold(),
            strong: Style::new().bold(),
        }
    }

    /// [`Palette::colored`] or [`Palette::plain`].
    pub const fn new(color: bool) -> Self {
        if color {
            Self::colored()
        } else {
            Self::plain()
        }
    }

    /// The style of a severity.
    pub const fn severity(&self, severity: Severity) -> Style {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_renders_nothing() {
        let plain = Palette::plain();
        assert_eq!(format!("{}x{:#}", plain.error, plain.error), "x");
        let colored = Palette::colored();
        assert_eq!(
            format!("{}x{:#}", colored.error, colored.error),
            "\x1b[1m\x1b[31mx\x1b[0m"
        );
    }
}
