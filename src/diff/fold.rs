//! Display lines: the rows as the pane and the text output show them, for one set of options.
//! Folded, unchanged stretches beyond [`CONTEXT`] lines of a change become one fold line. Side by side,
//! the plain deletes and inserts of a block share lines (old left, new right); unified, a block shows
//! its old lines, then its new lines.

use super::{Diff, RowKind, CONTEXT};

/// One line of the view. Indices name rows of [`Diff::rows`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisplayLine {
    /// Side by side: the row whose old cell shows on the left and the row whose new cell shows on the
    /// right (the same row for equal and changed lines; `None` leaves that side blank). Unified: a
    /// context line names the same row twice, a deleted line only `old`, an inserted line only `new`.
    Row {
        old: Option<usize>,
        new: Option<usize>,
    },
    /// `len` unchanged rows from row `start`, not shown.
    Fold { start: usize, len: usize },
}

impl DisplayLine {
    /// The rows this line covers.
    fn rows(&self) -> std::ops::Range<usize> {
        match *self {
            DisplayLine::Row { old, new } => {
                let (a, b) = (old.or(new).unwrap_or(0), new.or(old).unwrap_or(0));
                a.min(b)..a.max(b) + 1
            }
            DisplayLine::Fold { start, len } => start..start + len,
        }
    }
}

/// The display lines for (unified, expanded) and where hunks start among them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    unified: bool,
    expanded: bool,
    pub lines: Vec<DisplayLine>,
    /// Display lines where a hunk (changes and their context) begins, ascending.
    pub hunks: Vec<usize>,
    /// Display lines where a change begins (a run of changed lines), ascending: a hunk can hold many.
    pub changes: Vec<usize>,
}

impl Layout {
    pub fn new(diff: &Diff, unified: bool, expanded: bool) -> Self {
        let folded = folded_visibility(diff);
        // A hunk begins at the first shown row after a fold: the same rows folded or expanded.
        let hunk_rows: Vec<usize> = (0..folded.len())
            .filter(|&r| folded[r] && (r == 0 || !folded[r - 1]))
            .collect();
        let visible = if expanded {
            vec![true; diff.rows.len()]
        } else {
            folded
        };
        let mut out = Builder {
            lines: Vec::with_capacity(visible.len()),
            hunks: vec![],
            hunk_rows,
        };
        let rows = &diff.rows;
        let mut i = 0;
        while i < rows.len() {
            let run_end = |from: usize, keep: &dyn Fn(usize) -> bool| {
                (from..rows.len()).find(|&r| !keep(r)).unwrap_or(rows.len())
            };
            if !visible[i] {
                let end = run_end(i, &|r| !visible[r]);
                out.lines.push(DisplayLine::Fold {
                    start: i,
                    len: end - i,
                });
                i = end;
            } else if rows[i].kind == RowKind::Equal {
                out.push(Some(i), Some(i));
                i += 1;
            } else {
                let end = run_end(i, &|r| rows[r].kind != RowKind::Equal);
                if unified {
                    out.unified_block(diff, i..end);
                } else {
                    out.side_by_side_block(diff, i..end);
                }
                i = end;
            }
        }
        let changed = |line: &DisplayLine| match *line {
            DisplayLine::Row { old, new } => old
                .into_iter()
                .chain(new)
                .any(|r| rows[r].kind != RowKind::Equal),
            DisplayLine::Fold { .. } => false,
        };
        let changes = (0..out.lines.len())
            .filter(|&k| changed(&out.lines[k]) && (k == 0 || !changed(&out.lines[k - 1])))
            .collect();
        Layout {
            unified,
            expanded,
            lines: out.lines,
            hunks: out.hunks,
            changes,
        }
    }

    pub fn is_for(&self, unified: bool, expanded: bool) -> bool {
        self.unified == unified && self.expanded == expanded
    }

    /// The first row shown on display line `line`.
    pub fn anchor(&self, line: usize) -> Option<usize> {
        self.lines.get(line).map(|l| l.rows().start)
    }

    /// The display line showing `row` (or the fold hiding it): the first line reaching past it.
    pub fn line_at_row(&self, row: usize) -> usize {
        self.lines
            .iter()
            .position(|l| l.rows().end > row)
            .unwrap_or(self.lines.len().saturating_sub(1))
    }
}

/// Rows shown when folded: changes and up to CONTEXT equal rows either side. A fold of a single
/// row would save nothing, so such rows show too.
fn folded_visibility(diff: &Diff) -> Vec<bool> {
    let n = diff.rows.len();
    let mut visible = vec![false; n];
    for (r, row) in diff.rows.iter().enumerate() {
        if row.kind != RowKind::Equal {
            let from = r.saturating_sub(CONTEXT);
            let to = (r + CONTEXT + 1).min(n);
            visible[from..to].iter_mut().for_each(|v| *v = true);
        }
    }
    for r in 0..n {
        let lone =
            !visible[r] && (r == 0 || visible[r - 1]) && (r + 1 == n || visible[r + 1]) && n > 1;
        if lone {
            visible[r] = true;
        }
    }
    visible
}

struct Builder {
    lines: Vec<DisplayLine>,
    hunks: Vec<usize>,
    hunk_rows: Vec<usize>,
}

impl Builder {
    fn push(&mut self, old: Option<usize>, new: Option<usize>) {
        let line = DisplayLine::Row { old, new };
        let here = self.lines.len();
        let last_row = line.rows().end - 1;
        while self.hunk_rows.first().is_some_and(|&r| r <= last_row) {
            self.hunk_rows.remove(0);
            if self.hunks.last() != Some(&here) {
                self.hunks.push(here);
            }
        }
        self.lines.push(line);
    }

    /// Changed rows keep their line; the plain deletes and inserts between them share lines.
    fn side_by_side_block(&mut self, diff: &Diff, block: std::ops::Range<usize>) {
        let mut r = block.start;
        while r < block.end {
            if diff.rows[r].kind == RowKind::Changed {
                self.push(Some(r), Some(r));
                r += 1;
                continue;
            }
            let end = (r..block.end)
                .find(|&k| diff.rows[k].kind == RowKind::Changed)
                .unwrap_or(block.end);
            let dels: Vec<usize> = (r..end).filter(|&k| diff.rows[k].old.is_some()).collect();
            let ins: Vec<usize> = (r..end).filter(|&k| diff.rows[k].new.is_some()).collect();
            for k in 0..dels.len().max(ins.len()) {
                self.push(dels.get(k).copied(), ins.get(k).copied());
            }
            r = end;
        }
    }

    /// The block's old lines, then its new lines.
    fn unified_block(&mut self, diff: &Diff, block: std::ops::Range<usize>) {
        for r in block.clone().filter(|&r| diff.rows[r].old.is_some()) {
            self.push(Some(r), None);
        }
        for r in block.filter(|&r| diff.rows[r].new.is_some()) {
            self.push(None, Some(r));
        }
    }
}
