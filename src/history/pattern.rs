//! What search and pickaxe look for: a literal (the default, found with `memchr::memmem`), the same
//! ignoring case, or a regular expression (the `regex` crate). Compiled once, then asked two
//! questions: where the next match starts in a whole text, and where the matches are in one line.

use std::fmt;
use std::ops::Range;

use memchr::memmem;
use regex::{Regex, RegexBuilder};

use crate::strings::history as s;

/// How a pattern's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PatternKind {
    /// The text itself, byte for byte (or ignoring case).
    #[default]
    Literal,
    /// A regular expression in the `regex` crate's syntax; `^` and `$` match at each line.
    Regex,
}

/// Why a pattern cannot be searched for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternError {
    Empty,
    /// A regex matching the empty text would match every line.
    MatchesEmpty,
    Invalid(String),
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatternError::Empty => f.write_str(s::PATTERN_EMPTY),
            PatternError::MatchesEmpty => f.write_str(s::PATTERN_MATCHES_EMPTY),
            PatternError::Invalid(why) => f.write_str(&s::pattern_invalid(why)),
        }
    }
}

impl std::error::Error for PatternError {}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    inner: Inner,
}

#[derive(Debug, Clone)]
enum Inner {
    /// Boxed: a finder is ten times a regex's size.
    Literal(Box<memmem::Finder<'static>>),
    /// A regex, or a literal ignoring case (escaped into one: Unicode case folding done right).
    Regex {
        /// Over whole texts: `^`/`$` at every line, `\r\n` included. It matches wherever a line
        /// alone would (and perhaps more), so its next match never skips a line that has one.
        scan: Regex,
        /// Over one line's text, as if the line were all there is.
        line: Regex,
    },
}

impl Pattern {
    /// Compiles `text` read as `kind`, ignoring case when asked.
    pub fn new(text: &str, kind: PatternKind, ignore_case: bool) -> Result<Pattern, PatternError> {
        if text.is_empty() {
            return Err(PatternError::Empty);
        }
        let source = match (kind, ignore_case) {
            (PatternKind::Literal, false) => {
                return Ok(Pattern {
                    inner: Inner::Literal(Box::new(
                        memmem::Finder::new(text.as_bytes()).into_owned(),
                    )),
                })
            }
            (PatternKind::Literal, true) => regex::escape(text),
            (PatternKind::Regex, _) => text.to_string(),
        };
        let build = |across_lines: bool| {
            RegexBuilder::new(&source)
                .case_insensitive(ignore_case)
                .multi_line(across_lines)
                .crlf(across_lines)
                .build()
                .map_err(|e| PatternError::Invalid(e.to_string()))
        };
        let line = build(false)?;
        if line.is_match("") {
            return Err(PatternError::MatchesEmpty);
        }
        Ok(Pattern {
            inner: Inner::Regex {
                scan: build(true)?,
                line,
            },
        })
    }

    /// A literal, case kept (the default search).
    pub fn literal(text: &str) -> Result<Pattern, PatternError> {
        Pattern::new(text, PatternKind::Literal, false)
    }

    /// Where the first match starting at or after `from` begins in `text` (a whole code text).
    pub(crate) fn next_start(&self, text: &str, from: usize) -> Option<usize> {
        match &self.inner {
            Inner::Literal(finder) => finder.find(&text.as_bytes()[from..]).map(|at| from + at),
            Inner::Regex { scan, .. } => scan.find_at(text, from).map(|m| m.start()),
        }
    }

    /// Whether `text` must be searched line by line: a regex over a text with a `\r` (the scan's
    /// `.` stops at a bare `\r`, a line's does not), rare enough that the slow way costs nothing.
    pub(crate) fn line_by_line(&self, text: &str) -> bool {
        matches!(self.inner, Inner::Regex { .. })
            && memchr::memchr(b'\r', text.as_bytes()).is_some()
    }

    /// The byte ranges of the non-overlapping matches in `line`, in order.
    pub fn matches(&self, line: &str) -> Vec<Range<usize>> {
        match &self.inner {
            Inner::Literal(finder) => {
                let len = finder.needle().len();
                finder
                    .find_iter(line.as_bytes())
                    .map(|at| at..at + len)
                    .collect()
            }
            // A zero-width match (`\b`) alone is no hit: nothing to show.
            Inner::Regex { line: regex, .. } => regex
                .find_iter(line)
                .filter(|m| !m.is_empty())
                .map(|m| m.range())
                .collect(),
        }
    }

    /// How many times the pattern occurs in `text` (non-overlapping, across lines: `git log -S`'s
    /// count).
    pub fn count(&self, text: &str) -> usize {
        match &self.inner {
            Inner::Literal(finder) => finder.find_iter(text.as_bytes()).count(),
            Inner::Regex { scan, .. } => scan.find_iter(text).filter(|m| !m.is_empty()).count(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_literal_is_bytes_and_ignoring_case_folds_unicode() {
        let exact = Pattern::literal("a.b").unwrap();
        assert_eq!(exact.matches("xa.b a.b axb"), vec![1..4, 5..8]);
        let folded = Pattern::new("ÉTÉ", PatternKind::Literal, true).unwrap();
        assert_eq!(folded.matches("un été"), vec![3..8]);
        assert_eq!(folded.count("Été, été"), 2);
    }

    #[test]
    fn a_regex_anchors_at_lines_and_bad_patterns_say_why() {
        let anchored = Pattern::new("^b", PatternKind::Regex, false).unwrap();
        assert_eq!(anchored.count("a\nb\r\nb"), 2);
        assert_eq!(anchored.next_start("a\nb\n", 0), Some(2));
        assert_eq!(Pattern::literal("").unwrap_err(), PatternError::Empty);
        assert_eq!(
            Pattern::new("x*", PatternKind::Regex, false).unwrap_err(),
            PatternError::MatchesEmpty
        );
        let invalid = Pattern::new("(", PatternKind::Regex, false).unwrap_err();
        assert!(invalid
            .to_string()
            .starts_with("not a valid regular expression"));
    }
}
