//! The line diff (similar's patience algorithm under a deadline) turned into rows: equal lines, and per
//! changed block its deleted and inserted lines, with similar pairs joined into `Changed` rows.

use std::collections::HashMap;
use std::ops::Range;
use std::time::Instant;

use similar::{capture_diff_slices_deadline, Algorithm, DiffOp};

use super::{words, Cell, Row, RowKind, LINE_DIFF_DEADLINE, WORD_DIFF_BUDGET};

/// How many inserted lines ahead a deleted line looks for its similar partner.
const PAIR_LOOKAHEAD: usize = 8;

pub fn rows(old: &str, new: &str) -> Vec<Row> {
    let old_lines = super::lines(old);
    let new_lines = super::lines(new);
    let (old_ids, new_ids) = intern(&old_lines, &new_lines);
    let deadline = Instant::now() + LINE_DIFF_DEADLINE;
    let ops = capture_diff_slices_deadline(Algorithm::Patience, &old_ids, &new_ids, Some(deadline));

    let word_deadline = Instant::now() + WORD_DIFF_BUDGET;
    let mut rows = Vec::with_capacity(old_lines.len().max(new_lines.len()));
    let mut block: Option<(Range<usize>, Range<usize>)> = None;
    for op in ops {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                if let Some((dels, ins)) = block.take() {
                    pair_block(&old_lines, &new_lines, dels, ins, word_deadline, &mut rows);
                }
                rows.extend((0..len).map(|i| Row {
                    kind: RowKind::Equal,
                    old: Some(plain(old_index + i)),
                    new: Some(plain(new_index + i)),
                }));
            }
            change => {
                // Consecutive delete/insert/replace ops form one block.
                let (o, n) = (change.old_range(), change.new_range());
                block = Some(match block {
                    Some((dels, ins)) => (dels.start..o.end, ins.start..n.end),
                    None => (o, n),
                });
            }
        }
    }
    if let Some((dels, ins)) = block {
        pair_block(&old_lines, &new_lines, dels, ins, word_deadline, &mut rows);
    }
    rows
}

fn plain(line: usize) -> Cell {
    Cell {
        line,
        emphasis: vec![],
    }
}

/// Lines as small integers (equal text, equal id): the diff compares ids instead of strings.
fn intern<'t>(old: &[&'t str], new: &[&'t str]) -> (Vec<u32>, Vec<u32>) {
    let mut ids: HashMap<&'t str, u32> = HashMap::with_capacity(old.len() + new.len());
    let mut id = |line: &'t str| {
        let next = ids.len() as u32;
        *ids.entry(line).or_insert(next)
    };
    let old_ids = old.iter().map(|l| id(l)).collect();
    let new_ids = new.iter().map(|l| id(l)).collect();
    (old_ids, new_ids)
}

/// Rows of one changed block, in order on both sides: each deleted line is paired with the first
/// similar inserted line within reach; the lines skipped on the way stay plain deletes and inserts.
fn pair_block(
    old: &[&str],
    new: &[&str],
    dels: Range<usize>,
    ins: Range<usize>,
    deadline: Instant,
    rows: &mut Vec<Row>,
) {
    let mut next_ins = ins.start;
    let mut pending_dels = dels.start;
    for del in dels.clone() {
        if next_ins >= ins.end || Instant::now() >= deadline {
            break;
        }
        let reach = (next_ins + PAIR_LOOKAHEAD).min(ins.end);
        let found = (next_ins..reach)
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
