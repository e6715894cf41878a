//! Word emphasis inside a pair of lines: a token diff (words, runs of spaces, single punctuation) tells
//! whether two lines are similar enough to pair, and which byte ranges of each changed.

use std::ops::Range;

use similar::{capture_diff_slices, Algorithm, DiffOp};

use super::{MAX_WORD_DIFF_LINE, PAIR_RATIO};

/// Byte ranges to emphasise in the old line and in the new line.
pub type Ranges = (Vec<Range<usize>>, Vec<Range<usize>>);

/// Emphasis ranges of `old` and `new` when they are similar enough to show as one changed line.
pub fn emphasis(old: &str, new: &str) -> Option<Ranges> {
    if old.len() > MAX_WORD_DIFF_LINE || new.len() > MAX_WORD_DIFF_LINE {
        return None;
    }
    let (old_weight, new_weight) = (weight(old), weight(new));
    // Even if every word of the shorter line matched, the ratio would stay low: skip the diff.
    if 2 * old_weight.min(new_weight) < ratio_floor(old_weight + new_weight) {
        return None;
    }
    let old_tokens = tokens(old);
    let new_tokens = tokens(new);
    let old_words: Vec<&str> = old_tokens.iter().map(|r| &old[r.clone()]).collect();
    let new_words: Vec<&str> = new_tokens.iter().map(|r| &new[r.clone()]).collect();
    let ops = capture_diff_slices(Algorithm::Myers, &old_words, &new_words);

    let mut same = 0;
    let mut old_emphasis = Emphasis::default();
    let mut new_emphasis = Emphasis::default();
    for op in &ops {
        if let DiffOp::Equal { old_index, len, .. } = *op {
            same += old_words[old_index..old_index + len]
                .iter()
                .map(|w| weight(w))
                .sum::<usize>();
        } else {
            old_emphasis.mark(old, &old_tokens[op.old_range()]);
            new_emphasis.mark(new, &new_tokens[op.new_range()]);
        }
    }
    let total = old_weight + new_weight;
    if total > 0 && 2 * same < ratio_floor(total) {
        return None;
    }
    Some((old_emphasis.0, new_emphasis.0))
}

/// The least `2 * same` weight that reaches [`PAIR_RATIO`] of `total`.
fn ratio_floor(total: usize) -> usize {
    (PAIR_RATIO * total as f32).ceil() as usize
}

/// Bytes that count for similarity: everything but whitespace (indentation alone is no likeness).
fn weight(text: &str) -> usize {
    text.bytes().filter(|b| !b.is_ascii_whitespace()).count()
}

/// Byte ranges of the tokens: runs of word characters, runs of whitespace, any other single character.
fn tokens(line: &str) -> Vec<Range<usize>> {
    #[derive(PartialEq, Clone, Copy)]
    enum Class {
        Word,
        Space,
        Other,
    }
    let class = |c: char| {
        if c.is_alphanumeric() || c == '_' || c == '$' {
            Class::Word
        } else if c.is_whitespace() {
            Class::Space
        } else {
            Class::Other
        }
    };
    let mut out: Vec<Range<usize>> = vec![];
    let mut previous = None;
    for (at, c) in line.char_indices() {
        let this = class(c);
        let joins = previous == Some(this) && this != Class::Other;
        match out.last_mut() {
            Some(last) if joins => last.end = at + c.len_utf8(),
            _ => out.push(at..at + c.len_utf8()),
        }
        previous = Some(this);
    }
    out
}

/// Changed ranges of one line, merged when they touch or only whitespace separates them.
#[derive(Default)]
struct Emphasis(Vec<Range<usize>>);

impl Emphasis {
    fn mark(&mut self, line: &str, tokens: &[Range<usize>]) {
        let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
            return;
        };
        let range = first.start..last.end;
        if let Some(previous) = self.0.last_mut() {
            if line[previous.end..range.start].trim().is_empty() {
                previous.end = range.end;
                return;
            }
        }
        self.0.push(range);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked<'a>(line: &'a str, ranges: &[Range<usize>]) -> Vec<&'a str> {
        ranges.iter().map(|r| &line[r.clone()]).collect()
    }

    #[test]
    fn tokens_split_words_spaces_and_punctuation() {
        let line = "  api.deny('x', REASON);";
        let words: Vec<&str> = tokens(line).into_iter().map(|r| &line[r]).collect();
        assert_eq!(
            words,
            ["  ", "api", ".", "deny", "(", "'", "x", "'", ",", " ", "REASON", ")", ";"]
        );
    }

    #[test]
    fn changed_words_are_emphasised_on_both_sides() {
        let old = "const TIMEOUT_MS = 3000;";
        let new = "const TIMEOUT_MS = 5000;";
        let (o, n) = emphasis(old, new).expect("similar lines pair");
        assert_eq!(marked(old, &o), ["3000"]);
        assert_eq!(marked(new, &n), ["5000"]);
    }

    #[test]
    fn neighbouring_changes_merge_across_spaces() {
        let old = "let a = compute(x) + 1;";
        let new = "let a = measure(y) + 1;";
        let (o, n) = emphasis(old, new).unwrap();
        assert_eq!(marked(old, &o), ["compute", "x"]);
        assert_eq!(marked(new, &n), ["measure", "y"]);
        let (o, _) = emphasis("a b c d e f", "a X Y d e f").unwrap();
        assert_eq!(o, vec![2..5], "b and c are one range: only a space between");
    }

    #[test]
    fn an_added_word_marks_only_the_new_side() {
        let old = "if (!domain) {";
        let new = "if (!domain || blocked) {";
        let (o, n) = emphasis(old, new).unwrap();
        assert!(o.is_empty());
        assert_eq!(marked(new, &n), [" || blocked"]);
    }

    #[test]
    fn dissimilar_lines_do_not_pair() {
        assert!(emphasis("return;", "const REASON = 'Please sign up';").is_none());
        assert!(emphasis("    }", "    console.log(`denied ${domain}`);").is_none());
        assert!(
            emphasis("    {", "    ]").is_none(),
            "shared indentation is no likeness"
        );
    }

    #[test]
    fn very_long_lines_get_no_word_diff() {
        let old = "x".repeat(MAX_WORD_DIFF_LINE + 1);
        let new = format!("{old}y");
        assert!(emphasis(&old, &new).is_none());
    }

    #[test]
    fn multibyte_text_keeps_char_boundaries() {
        let old = "msg = 'café ☕ ready';";
        let new = "msg = 'café 🍵 ready';";
        let (o, n) = emphasis(old, new).unwrap();
        assert_eq!(marked(old, &o), ["☕"]);
        assert_eq!(marked(new, &n), ["🍵"]);
    }
}
