//! The closing line every verb prints on standard error, in one shape:
//! `53 documents: 47 migrated, 6 refused · 9 errors, 146 warnings, 37 info (not shown) · 1.2 s`.

use std::fmt;
use std::time::Duration;

use versori_validate::Severity;

use super::style::Palette;
use super::tally::Tally;

/// What a verb counted, for its summary line. The message counts and the time come from the
/// output layer ([`Ui::finish`](super::Ui::finish)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// What was counted, singular and plural: `("document", "documents")`.
    pub noun: (&'static str, &'static str),
    /// How many.
    pub total: usize,
    /// What became of them, in order: `[(47, "migrated"), (6, "refused")]`.
    pub outcomes: Vec<(usize, &'static str)>,
    /// Inputs that could not be read at all (a missing file): not documents, so told apart.
    pub unreadable: usize,
}

impl Summary {
    /// A summary of `total` documents.
    pub fn documents(total: usize, outcomes: Vec<(usize, &'static str)>) -> Self {
        Self {
            noun: ("document", "documents"),
            total,
            outcomes,
            unreadable: 0,
        }
    }

    /// A summary of `total` rows of a table (`versori db`).
    pub fn rows(total: u64, outcomes: Vec<(u64, &'static str)>) -> Self {
        let n = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
        Self {
            noun: ("row", "rows"),
            total: n(total),
            outcomes: outcomes.into_iter().map(|(k, what)| (n(k), what)).collect(),
            unreadable: 0,
        }
    }

    /// The same, with `n` inputs that could not be read.
    #[must_use]
    pub fn unreadable(mut self, n: usize) -> Self {
        self.unreadable = n;
        self
    }
}

/// `1 document`, `2 documents`, `12,345 documents`.
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!(
        "{} {}",
        thousands(n),
        if n == 1 { singular } else { plural }
    )
}

/// `n` with a comma between thousands: `72,000`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A run's duration for people: `0.4 s`, `12.3 s`, `2 min 05 s`.
pub fn elapsed(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs < 59.95 {
        format!("{secs:.1} s")
    } else {
        let whole = duration.as_secs();
        format!("{} min {:02} s", whole / 60, whole % 60)
    }
}

/// The summary line (without its newline).
pub(crate) struct Line<'a> {
    pub summary: &'a Summary,
    pub tally: &'a Tally,
    /// Severities whose messages were counted but not shown.
    pub hidden: &'a [Severity],
    pub elapsed: Duration,
    pub palette: &'a Palette,
}

impl fmt::Display for Line<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.summary;
        let strong = self.palette.strong;
        write!(
            f,
            "{strong}{}{strong:#}:",
            count(s.total, s.noun.0, s.noun.1)
        )?;
        for (i, (n, what)) in s.outcomes.iter().enumerate() {
            let sep = if i == 0 { " " } else { ", " };
            write!(f, "{sep}{} {what}", thousands(*n))?;
        }
        if s.unreadable > 0 {
            write!(
                f,
                " · {} could not be read",
                count(s.unreadable, "input", "inputs")
            )?;
        }
        f.write_str(" ·")?;
        for (i, (severity, one, many)) in [
            (Severity::Error, "error", "errors"),
            (Severity::Warning, "warning", "warnings"),
            (Severity::Info, "info", "info"),
        ]
        .into_iter()
        .enumerate()
        {
            let n = self.tally.count(severity);
            let style = if n > 0 && severity > Severity::Info {
                self.palette.severity(severity)
            } else {
                anstyle::Style::new()
            };
            let sep = if i == 0 { " " } else { ", " };
            write!(f, "{sep}{style}{}{style:#}", count(n, one, many))?;
            if n > 0 && self.hidden.contains(&severity) {
                f.write_str(" (not shown)")?;
            }
        }
        write!(f, " · {}", elapsed(self.elapsed))
    }
}

#[cfg(test)]
mod tests {
    use versori_validate::Code;

    use super::*;

    #[test]
    fn one_shape() {
        let mut tally = Tally::default();
        tally.add(Severity::Error, Some(Code::NotRepresentable));
        tally.add(Severity::Warning, Some(Code::FieldDropped));
        tally.add(Severity::Info, Some(Code::Derived));
        tally.add(Severity::Info, Some(Code::Derived));
        let summary = Summary::documents(53, vec![(47, "migrated"), (6, "refused")]);
        let line = Line {
            summary: &summary,
            tally: &tally,
            hidden: &[Severity::Info],
            elapsed: Duration::from_millis(1234),
            palette: &Palette::plain(),
        };
        assert_eq!(
            line.to_string(),
            "53 documents: 47 migrated, 6 refused · 1 error, 1 warning, 2 info (not shown) · 1.2 s"
        );
        let summary =
            Summary::documents(1, vec![(1, "recognised"), (0, "not recognised")]).unreadable(2);
        let line = Line {
            summary: &summary,
            tally: &Tally::default(),
            hidden: &[Severity::Info],
            elapsed: Duration::ZERO,
            palette: &Palette::plain(),
        };
        assert_eq!(
            line.to_string(),
            "1 document: 1 recognised, 0 not recognised · 2 inputs could not be read · \
             0 errors, 0 warnings, 0 info · 0.0 s"
        );
    }

    #[test]
    fn rows_have_the_same_shape() {
        let summary = Summary::rows(1000, vec![(990, "migrated"), (10, "refused")]);
        let line = Line {
            summary: &summary,
            tally: &Tally::default(),
            hidden: &[],
            elapsed: Duration::from_millis(300),
            palette: &Palette::plain(),
        };
        assert_eq!(
            line.to_string(),
            "1,000 rows: 990 migrated, 10 refused · 0 errors, 0 warnings, 0 info · 0.3 s"
        );
    }

    #[test]
    fn large_counts_have_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(72_000), "72,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(count(76_000, "document", "documents"), "76,000 documents");
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(elapsed(Duration::from_millis(40)), "0.0 s");
        assert_eq!(elapsed(Duration::from_millis(12_345)), "12.3 s");
        assert_eq!(elapsed(Duration::from_secs(125)), "2 min 05 s");
    }
}
