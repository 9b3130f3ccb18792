//! The per-code tally printed at the end of a long run: which codes, how serious, how many, so
//! that 146 warnings read as a table rather than a scroll.

use std::collections::BTreeMap;
use std::fmt;

use versori_validate::{Code, Severity};

use super::style::Palette;
use super::summary::thousands;

/// A run with at least this many messages ends with a tally.
pub const MIN_MESSAGES: usize = 10;

/// Messages counted by severity, and by severity and code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    by_severity: [usize; 3],
    by_code: BTreeMap<(Severity, Code), usize>,
}

impl Tally {
    /// Counts one message (`code` is `None` for problems that have none, such as a schema file
    /// that differs).
    pub fn add(&mut self, severity: Severity, code: Option<Code>) {
        self.by_severity[index(severity)] += 1;
        if let Some(code) = code {
            *self.by_code.entry((severity, code)).or_default() += 1;
        }
    }

    /// How many messages of `severity` were counted.
    pub fn count(&self, severity: Severity) -> usize {
        self.by_severity[index(severity)]
    }

    /// How many messages were counted.
    pub fn total(&self) -> usize {
        self.by_severity.iter().sum()
    }

    /// The rows of the table: most serious first, then most frequent, then by code.
    pub fn rows(&self) -> Vec<(Severity, Code, usize)> {
        let mut rows: Vec<_> = self
            .by_code
            .iter()
            .map(|(&(severity, code), &n)| (severity, code, n))
            .collect();
        rows.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(b.2.cmp(&a.2))
                .then_with(|| a.1.as_str().cmp(b.1.as_str()))
        });
        rows
    }

    /// The table, with a heading, one row per code:
    /// `     95  warning  field-dropped      A field a migration could not carry ...`.
    pub fn render<'a>(&'a self, palette: &'a Palette) -> impl fmt::Display + 'a {
        Table {
            tally: self,
            palette,
        }
    }
}

fn index(severity: Severity) -> usize {
    match severity {
        Severity::Info => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    }
}

/// Glosses longer than this are cut at a word, so that a row fits a terminal.
pub const GLOSS_WIDTH: usize = 72;

/// The first clause of a code's meaning, as a one-line gloss for the table (a `Migration:`
/// prefix dropped, cut at a word to [`GLOSS_WIDTH`] characters).
pub fn gloss(code: Code) -> String {
    let meaning = code.meaning();
    let meaning = match meaning.split_once(": ") {
        Some((prefix, rest)) if prefix.starts_with("Migration") => rest,
        _ => meaning,
    };
    let end = [". ", " (", "; ", ", or ", ", so "]
        .iter()
        .filter_map(|stop| meaning.find(stop))
        .min()
        .unwrap_or(meaning.len());
    let clause = meaning[..end].trim_end_matches(['.', ',', ' ']);
    let mut gloss = String::new();
    for word in clause.split_whitespace() {
        if gloss.len() + 1 + word.len() > GLOSS_WIDTH {
            gloss.push_str(" …");
            break;
        }
        if !gloss.is_empty() {
            gloss.push(' ');
        }
        gloss.push_str(word);
    }
    let mut chars = gloss.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => gloss,
    }
}

struct Table<'a> {
    tally: &'a Tally,
    palette: &'a Palette,
}

impl fmt::Display for Table<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows = self.tally.rows();
        let count_width = rows.iter().map(|r| thousands(r.2).len()).max().unwrap_or(1);
        let code_width = rows.iter().map(|r| r.1.as_str().len()).max().unwrap_or(0);
        let strong = self.palette.strong;
        writeln!(f, "{strong}messages by code:{strong:#}")?;
        for (severity, code, n) in rows {
            let style = self.palette.severity(severity);
            // Pad outside the escape codes so that columns line up with colour on.
            let severity_pad = " ".repeat(7 - severity.as_str().len());
            let code_pad = " ".repeat(code_width - code.as_str().len());
            writeln!(
                f,
                "  {:>count_width$}  {style}{severity}{style:#}{severity_pad}  {code}{code_pad}  {}",
                thousands(n),
                gloss(code)
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_ordered_by_severity_then_count() {
        let mut tally = Tally::default();
        for _ in 0..3 {
            tally.add(Severity::Warning, Some(Code::RedactedSecret));
        }
        for _ in 0..5 {
            tally.add(Severity::Warning, Some(Code::FieldDropped));
        }
        tally.add(Severity::Info, Some(Code::Derived));
        tally.add(Severity::Error, Some(Code::NotRepresentable));
        tally.add(Severity::Error, None);
        assert_eq!(tally.count(Severity::Error), 2);
        assert_eq!(tally.total(), 11);
        let codes: Vec<_> = tally.rows().into_iter().map(|r| (r.1, r.2)).collect();
        assert_eq!(
            codes,
            [
                (Code::NotRepresentable, 1),
                (Code::FieldDropped, 5),
                (Code::RedactedSecret, 3),
                (Code::Derived, 1)
            ]
        );
        let table = tally.render(&Palette::plain()).to_string();
        let lines: Vec<_> = table.lines().collect();
        assert_eq!(lines[0], "messages by code:");
        assert!(
            lines[2].starts_with("  5  warning  field-dropped      A field a migration"),
            "{table}"
        );
    }

    #[test]
    fn glosses_are_one_clause() {
        assert_eq!(gloss(Code::Required), "A required field is absent");
        assert_eq!(
            gloss(Code::RedactedSecret),
            "A secret holds the API's `******` mask rather than a usable value"
        );
        assert_eq!(
            gloss(Code::Derived),
            "A value the target version needs and the source lacks was derived …"
        );
        for code in Code::ALL {
            let gloss = gloss(*code);
            assert!(!gloss.is_empty(), "{code}");
            assert!(gloss.chars().count() <= GLOSS_WIDTH + 2, "{code}: {gloss}");
        }
    }
}
