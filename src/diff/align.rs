//! The line diff (imara-diff's histogram algorithm, exact and without a deadline, so the answer never
//! depends on the machine's speed) turned into rows: equal lines, and per changed block its deleted
//! and inserted lines, with similar pairs joined into `Changed` rows.

use std::ops::Range;

use imara_diff::{Algorithm, InternedInput};

use super::{words, Cell, Row, RowKind, WORD_DIFF_BYTES};

/// How many inserted lines ahead a deleted line looks for its similar partner.
const PAIR_LOOKAHEAD: usize = 8;

/// The rows, and whether word pairing stopped early (past [`WORD_DIFF_BYTES`]).
pub fn rows(old: &str, new: &str) -> (Vec<Row>, bool) {
    let old_lines = super::lines(old);
    let new_lines = super::lines(new);
    let mut budget = WordBudget {
        left: WORD_DIFF_BYTES,
        spent: false,
    };
    let mut rows = Vec::with_capacity(old_lines.len().max(new_lines.len()));
    let (mut old_at, mut new_at) = (0, 0);
    let push_equal = |rows: &mut Vec<Row>, old_at: usize, new_at: usize, len: usize| {
        rows.extend((0..len).map(|i| Row {
            kind: RowKind::Equal,
            old: Some(plain(old_at + i)),
            new: Some(plain(new_at + i)),
        }));
    };
    for hunk in line_hunks(&old_lines, &new_lines) {
        let (dels, ins) = (hunk.old, hunk.new);
        push_equal(&mut rows, old_at, new_at, dels.start - old_at);
        (old_at, new_at) = (dels.end, ins.end);
        pair_block(&old_lines, &new_lines, dels, ins, &mut budget, &mut rows);
    }
    push_equal(&mut rows, old_at, new_at, old_lines.len() - old_at);
    (rows, budget.spent)
}

/// One changed block of a line diff: the lines of `old` replaced by the lines of `new` (0-based
/// indices; either range may be empty). Between blocks the lines are equal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineHunk {
    pub old: Range<usize>,
    pub new: Range<usize>,
}

/// The changed blocks of the line diff, in order: the one diff the rows are built from, for callers
/// that need only where lines changed (history's blame and pickaxe).
pub fn line_hunks(old: &[&str], new: &[&str]) -> Vec<LineHunk> {
    let mut input = InternedInput::default();
    input.update_before(old.iter().copied());
    input.update_after(new.iter().copied());
    let mut line_diff = imara_diff::Diff::compute(Algorithm::Histogram, &input);
    // Slides ambiguous blocks to where a person would put them (by indentation, as git does).
    line_diff.postprocess_lines(&input);
    line_diff
        .hunks()
        .map(|hunk| LineHunk {
            old: hunk.before.start as usize..hunk.before.end as usize,
            new: hunk.after.start as usize..hunk.after.end as usize,
        })
        .collect()
}

/// Bytes of line text the word diffs may still compare: a cap on work, not on time, so the same
/// texts always pair the same way.
struct WordBudget {
    left: usize,
    spent: bool,
}

impl WordBudget {
    fn take(&mut self, bytes: usize) -> bool {
        if bytes > self.left {
            self.spent = true;
            self.left = 0;
            return false;
        }
        self.left -= bytes;
        true
    }
}

fn plain(line: usize) -> Cell {
    Cell {
        line,
        emphasis: vec![],
    }
}

/// Rows of one changed block, in order on both sides: each deleted line is paired with the first
/// similar inserted line within reach; the lines skipped on the way stay plain deletes and inserts.
fn pair_block(
    old: &[&str],
    new: &[&str],
    dels: Range<usize>,
    ins: Range<usize>,
    budget: &mut WordBudget,
    rows: &mut Vec<Row>,
) {
    let mut next_ins = ins.start;
    let mut pending_dels = dels.start;
    for del in dels.clone() {
        if next_ins >= ins.end {
            break;
        }
        let reach = (next_ins + PAIR_LOOKAHEAD).min(ins.end);
        let found = (next_ins..reach)
            .take_while(|&i| budget.take(old[del].len() + new[i].len()))
            .find_map(|i| words::emphasis(old[del], new[i]).map(|emphasis| (i, emphasis)));
        let Some((partner, (old_emphasis, new_emphasis))) = found else {
            continue;
        };
        push_deleted(pending_dels..del, rows);
        push_inserted(next_ins..partner, rows);
        rows.push(Row {
            kind: RowKind::Changed,
            old: Some(Cell {
                line: del,
                emphasis: old_emphasis,
            }),
            new: Some(Cell {
                line: partner,
                emphasis: new_emphasis,
            }),
        });
        pending_dels = del + 1;
        next_ins = partner + 1;
    }
    push_deleted(pending_dels..dels.end, rows);
    push_inserted(next_ins..ins.end, rows);
}

fn push_deleted(lines: Range<usize>, rows: &mut Vec<Row>) {
    rows.extend(lines.map(|line| Row {
        kind: RowKind::Deleted,
        old: Some(plain(line)),
        new: None,
    }));
}

fn push_inserted(lines: Range<usize>, rows: &mut Vec<Row>) {
    rows.extend(lines.map(|line| Row {
        kind: RowKind::Inserted,
        old: None,
        new: Some(plain(line)),
    }));
}
