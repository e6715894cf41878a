//! Text search inside one text shown on screen (the code pane, a diff): where a typed text occurs,
//! case-insensitively unless it has a capital letter (smart case, as vim and less do), and which
//! match is the current one. Pure: the code pane and the diff both use it; the painters emphasise
//! the matches of the lines they draw.

use std::ops::Range;

/// A search typed with `/` over the text in view, and the match `n`/`N` last went to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextSearch {
    pub query: String,
    /// The current match: its place in `matches` order (a 0-based line and the byte where it
    /// starts), so it survives the matches being recounted.
    pub current: Option<MatchAt>,
}

/// Where one match is: a line (display line in a diff, text line in the code pane) and the byte
/// of that line's text where the match starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct MatchAt {
    pub line: usize,
    pub start: usize,
}

/// Which way `n`/`N` go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Forward,
    Backward,
}

/// What a step to another match found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The match at this place (its index among `count`).
    Found {
        at: MatchAt,
        index: usize,
        count: usize,
    },
    /// The same, after going round the end (or the start) of the text.
    Wrapped {
        at: MatchAt,
        index: usize,
        count: usize,
    },
    NoMatches,
}

impl TextSearch {
    pub fn new(query: &str) -> Self {
        Self {
            query: query.to_string(),
            current: None,
        }
    }

    /// The byte ranges of `line` that match, ascending and not overlapping.
    pub fn ranges_in(&self, line: &str) -> Vec<Range<usize>> {
        ranges_of(&self.query, line)
    }

    /// Moves to the next (or previous) of `matches` (ascending) after the current match, or after
    /// `from` (the line at the top of the view) when there is none; wraps round the ends.
    pub fn step(&mut self, matches: &[MatchAt], direction: Direction, from: MatchAt) -> Step {
        if matches.is_empty() {
            self.current = None;
            return Step::NoMatches;
        }
        let count = matches.len();
        let found = match (self.current, direction) {
            (Some(current), Direction::Forward) => matches.iter().position(|&m| m > current),
            (Some(current), Direction::Backward) => matches.iter().rposition(|&m| m < current),
            (None, Direction::Forward) => matches.iter().position(|&m| m >= from),
            (None, Direction::Backward) => matches.iter().rposition(|&m| m < from),
        };
        let (index, wrapped) = match (found, direction) {
            (Some(index), _) => (index, false),
            (None, Direction::Forward) => (0, true),
            (None, Direction::Backward) => (count - 1, true),
        };
        let at = matches[index];
        self.current = Some(at);
        if wrapped {
            Step::Wrapped { at, index, count }
        } else {
            Step::Found { at, index, count }
        }
    }
}

/// Smart case: a query with a capital letter matches exactly, else any case.
fn case_sensitive(query: &str) -> bool {
    query.chars().any(char::is_uppercase)
}

/// The byte ranges of `line` where `query` occurs (none for an empty query).
pub fn ranges_of(query: &str, line: &str) -> Vec<Range<usize>> {
    if query.is_empty() {
        return vec![];
    }
    if case_sensitive(query) {
        return line
            .match_indices(query)
            .map(|(at, m)| at..at + m.len())
            .collect();
    }
    // Lowercasing can change a character's byte length: compare char by char from each start.
    let wanted: Vec<char> = query.chars().flat_map(char::to_lowercase).collect();
    let mut out = vec![];
    let mut next_free = 0;
    for (start, _) in line.char_indices() {
        if start < next_free {
            continue;
        }
        if let Some(end) = match_at(line, start, &wanted) {
            out.push(start..end);
            next_free = end;
        }
    }
    out
}

/// The end of a case-insensitive match of `wanted` (lowercased) starting at byte `start`.
fn match_at(line: &str, start: usize, wanted: &[char]) -> Option<usize> {
    let mut want = wanted.iter();
    let mut pending = want.next();
    for (offset, c) in line[start..].char_indices() {
        for lower in c.to_lowercase() {
            match pending {
                Some(&w) if w == lower => pending = want.next(),
                _ => return None,
            }
        }
        if pending.is_none() {
            return Some(start + offset + c.len_utf8());
        }
    }
    None
}

/// Every match of `query` in `lines`, in order: the place of each.
pub fn matches_in<'a>(query: &str, lines: impl Iterator<Item = &'a str>) -> Vec<MatchAt> {
    lines
        .enumerate()
        .flat_map(|(line, text)| {
            ranges_of(query, text).into_iter().map(move |r| MatchAt {
                line,
                start: r.start,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smart_case() {
        assert_eq!(ranges_of("tok", "Token token"), vec![0..3, 6..9]);
        assert_eq!(ranges_of("Tok", "Token token"), vec![0..3]);
        assert!(ranges_of("", "abc").is_empty());
        assert_eq!(ranges_of("aa", "aaaa"), vec![0..2, 2..4], "no overlaps");
        assert_eq!(ranges_of("é", "CAFÉ"), vec![3..5]);
    }

    #[test]
    fn steps_wrap_round_both_ends() {
        let at = |line, start| MatchAt { line, start };
        let matches = [at(1, 0), at(5, 2), at(5, 9)];
        let mut search = TextSearch::new("x");
        assert!(matches!(
            search.step(&matches, Direction::Forward, at(3, 0)),
            Step::Found { index: 1, .. }
        ));
        assert!(matches!(
            search.step(&matches, Direction::Forward, at(0, 0)),
            Step::Found { index: 2, .. }
        ));
        assert!(matches!(
            search.step(&matches, Direction::Forward, at(0, 0)),
            Step::Wrapped { index: 0, .. }
        ));
        assert!(matches!(
            search.step(&matches, Direction::Backward, at(0, 0)),
            Step::Wrapped { index: 2, .. }
        ));
        assert_eq!(
            search.step(&[], Direction::Forward, at(0, 0)),
            Step::NoMatches
        );
    }
}
