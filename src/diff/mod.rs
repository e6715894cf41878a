//! Line diff of two texts, aligned into side-by-side rows with word emphasis,
//! folded to hunks with context. Pure data: the dashboard's diff pane and `codedeck diff` both draw it.
//!
//! - [`align`]: the line diff (imara-diff's histogram, exact at any size) and the rows (similar
//!   deleted/inserted lines paired as `Changed`).
//! - [`words`]: word emphasis inside a changed pair.
//! - [`fold`]: the display lines for a set of options (folds, unified order) and the hunk starts.
//! - [`paint`]: rows as styled terminal lines, shared by the pane (`ui::diff`) and [`text`].
//!
//! Lines are compared without their terminators, so CRLF against LF or a missing final newline alone
//! shows no changed line (the header says so).

mod align;
pub mod find;
pub mod fold;
pub mod paint;
pub mod text;
mod words;

use std::ops::Range;
use std::sync::Arc;

pub use align::{line_hunks, LineHunk};
pub use fold::DisplayLine;

/// Unchanged lines shown around each change when folded.
pub const CONTEXT: usize = 3;

/// Bytes of line text the pairing of similar lines may compare in one diff (a cap on work, not time):
/// past it, changed lines show as plain deletes and inserts, and the header says so.
pub const WORD_DIFF_BYTES: usize = 4 << 20;
/// Lines longer than this (bytes) get no word diff: minified code would cost more than it shows.
pub const MAX_WORD_DIFF_LINE: usize = 1000;
/// A deleted and an inserted line pair up when at least this share of their words is the same.
pub const PAIR_RATIO: f32 = 0.5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Equal,
    /// A deleted line paired with a similar inserted line.
    Changed,
    Deleted,
    Inserted,
}

/// One side of a row: a 0-based line index into that side's text, and byte ranges of that line to
/// emphasise (the words that changed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub line: usize,
    pub emphasis: Vec<Range<usize>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub kind: RowKind,
    pub old: Option<Cell>,
    pub new: Option<Cell>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    pub old: Arc<str>,
    pub new: Arc<str>,
    pub rows: Vec<Row>,
    pub added: usize,
    pub removed: usize,
    /// Word pairing stopped at [`WORD_DIFF_BYTES`]: later changed lines are not paired or emphasised.
    pub words_capped: bool,
}

impl Diff {
    pub fn new(old: Arc<str>, new: Arc<str>) -> Diff {
        let (rows, words_capped) = align::rows(&old, &new);
        let count = |side: fn(&Row) -> bool| rows.iter().filter(|r| side(r)).count();
        let added = count(|r| r.kind != RowKind::Equal && r.new.is_some());
        let removed = count(|r| r.kind != RowKind::Equal && r.old.is_some());
        Diff {
            old,
            new,
            rows,
            added,
            removed,
            words_capped,
        }
    }

    /// The two texts are byte for byte the same.
    pub fn is_identical(&self) -> bool {
        self.old == self.new
    }

    /// No line changed, yet the texts differ (line endings, a final newline).
    pub fn endings_only(&self) -> bool {
        self.added == 0 && self.removed == 0 && !self.is_identical()
    }
}

/// The lines of a text without terminators, as the diff and the highlighter count them.
pub fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// The part of the screen a diff is drawn in: the page size, and the width that wrapping fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Viewport {
    /// Screen lines for diff lines (the header excluded).
    pub rows: usize,
    /// Columns inside the borders.
    pub width: usize,
}

/// Where a diff's view is, for its header (`line 12 of 80 · hunk 2/5`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub lines: usize,
    pub hunk: usize,
    pub hunks: usize,
}

/// How the pane shows a diff; toggled by keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DiffOptions {
    pub unified: bool,
    pub wrap: bool,
    /// Show unchanged stretches whole instead of folded to context.
    pub expanded: bool,
}

/// The diff pane's state: the diff, what is compared, and where the view is.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffState {
    pub diff: Arc<Diff>,
    pub old_label: String,
    pub new_label: String,
    pub opts: DiffOptions,
    /// First display line shown.
    pub scroll: usize,
    /// Columns scrolled right (when not wrapping).
    pub hscroll: usize,
    /// Display lines for `opts`, built once per toggle so frames only index into it.
    layout: fold::Layout,
    /// Where lines start in both texts.
    index: paint::LineIndex,
    /// Columns of the widest line on either side (bounds `hscroll`).
    widest: usize,
    /// What the diff compares, for its title (`Progressive profiling · v3 → v5`); `None`: the
    /// plain title.
    pub title: Option<Box<str>>,
    /// The text searched with `/`, its matches emphasised (boxed: the state stays small).
    pub search: Option<Box<find::TextSearch>>,
}

impl DiffState {
    pub fn new(diff: Arc<Diff>, old_label: String, new_label: String) -> Self {
        let opts = DiffOptions::default();
        let layout = fold::Layout::new(&diff, opts.unified, opts.expanded);
        let widest = widest_line(&diff.old).max(widest_line(&diff.new));
        let index = paint::LineIndex::new(&diff);
        Self {
            diff,
            old_label,
            new_label,
            opts,
            scroll: 0,
            hscroll: 0,
            layout,
            index,
            widest,
            title: None,
            search: None,
        }
    }

    /// Shows this diff with `opts` (the settings the session last chose), as on toggles.
    pub fn set_options(&mut self, opts: DiffOptions) {
        if self.opts == opts {
            return;
        }
        self.opts = opts;
        self.hscroll = 0;
        self.relayout();
    }

    /// Columns of code one side shows at `width` (the pane inside its borders), gutters excluded.
    pub fn code_columns(&self, width: usize) -> usize {
        let digits = self.index.most_lines().max(1).to_string().len();
        if self.opts.unified {
            width.saturating_sub(2 * (digits + 1) + 2)
        } else {
            (width.saturating_sub(1) / 2).saturating_sub(digits + 3)
        }
    }

    /// Scrolls right, no further than shows the end of the widest line in `view`.
    pub fn scroll_right_within(&mut self, columns: usize, view: Viewport) {
        let max = self.widest.saturating_sub(self.code_columns(view.width));
        self.hscroll = self.hscroll.saturating_add(columns).min(max);
    }

    /// Every match of the search in the display lines, in order: a match's `line` is its display
    /// line; on the new side its `start` is past every byte of the old side (so a line's old
    /// matches come first).
    pub fn search_matches(&self) -> Vec<find::MatchAt> {
        let Some(search) = &self.search else {
            return vec![];
        };
        let new_side = usize::MAX / 2;
        let mut out = vec![];
        for (k, &line) in self.layout.lines.iter().enumerate() {
            for (side, n) in paint::needs(&self.diff, line, self.opts.unified) {
                let text = self.index.line(&self.diff, side, n);
                let base = match side {
                    paint::Side::Old => 0,
                    paint::Side::New => new_side,
                };
                out.extend(search.ranges_in(text).into_iter().map(|r| find::MatchAt {
                    line: k,
                    start: base + r.start,
                }));
            }
        }
        out
    }

    /// Goes to the next (or previous) match of the search, with [`CONTEXT`] lines above it.
    pub fn step_search(&mut self, direction: find::Direction, view: Viewport) -> find::Step {
        let matches = self.search_matches();
        let from = find::MatchAt {
            line: self.scroll,
            start: 0,
        };
        let Some(search) = self.search.as_mut() else {
            return find::Step::NoMatches;
        };
        let step = search.step(&matches, direction, from);
        if let find::Step::Found { at, .. } | find::Step::Wrapped { at, .. } = step {
            self.scroll = at.line.saturating_sub(CONTEXT).min(self.max_scroll(view));
        }
        step
    }

    /// Scrolls so display line `line` is at the top (as far as the end allows).
    pub fn show_line(&mut self, line: usize, view: Viewport) {
        self.scroll = line.min(self.max_scroll(view));
    }

    /// Display line showing line `line` (0-based) of the new text, else the nearest after it.
    pub fn display_line_of_new(&self, line: usize) -> Option<usize> {
        let row = (self.diff.rows.iter())
            .position(|r| r.new.as_ref().is_some_and(|cell| cell.line >= line))?;
        Some(self.layout.line_at_row(row))
    }

    /// Where the view is when display line `first` is at the top: that line (1-based), how many
    /// there are, and the hunk it is in (1-based) of how many.
    pub fn position(&self, first: usize) -> Position {
        let hunks = &self.layout.hunks;
        Position {
            line: (first + 1).min(self.line_count().max(1)),
            lines: self.line_count(),
            // Above the first hunk (its context, a fold) counts as the first.
            hunk: hunks
                .iter()
                .filter(|&&start| start <= first)
                .count()
                .max(usize::from(!hunks.is_empty())),
            hunks: hunks.len(),
        }
    }

    /// A painter of this diff's lines in `theme`.
    pub fn painter<'a>(&'a self, theme: &'a crate::theme::Theme) -> paint::Painter<'a> {
        paint::Painter::new(&self.diff, &self.index, theme).with_search(self.search.as_deref())
    }

    /// The display lines for the current options. Built in `new` and on toggles; should someone set
    /// `opts` directly, they are rebuilt here (correct, only slower).
    pub fn display_lines(&self) -> std::borrow::Cow<'_, [DisplayLine]> {
        if self.layout.is_for(self.opts.unified, self.opts.expanded) {
            std::borrow::Cow::Borrowed(&self.layout.lines)
        } else {
            let layout = fold::Layout::new(&self.diff, self.opts.unified, self.opts.expanded);
            std::borrow::Cow::Owned(layout.lines)
        }
    }

    /// Display lines where hunks start (a hunk: changes with their context), ascending.
    pub fn hunk_starts(&self) -> &[usize] {
        &self.layout.hunks
    }

    /// Display lines in the current options (folds count as one line).
    pub fn line_count(&self) -> usize {
        self.layout.lines.len()
    }

    /// Columns of the widest line of either text (tabs expanded).
    pub fn widest_line(&self) -> usize {
        self.widest
    }

    /// Display lines where a change begins, ascending (several per hunk when changes are close).
    pub fn change_starts(&self) -> &[usize] {
        &self.layout.changes
    }

    /// Scrolls to the next change below the one in view, with [`CONTEXT`] lines above it.
    pub fn next_change(&mut self) {
        let found = self
            .layout
            .changes
            .iter()
            .map(|&c| change_top(c))
            .find(|&top| top > self.scroll);
        if let Some(top) = found {
            self.scroll = top;
        }
    }

    /// Scrolls to the change above the one in view.
    pub fn prev_change(&mut self) {
        let found = (self.layout.changes.iter().rev())
            .map(|&c| change_top(c))
            .find(|&top| top < self.scroll);
        if let Some(top) = found {
            self.scroll = top;
        }
    }

    /// Puts the first change in view, with as much of its context above as leaves the change's first
    /// line whole on screen (wrapped context lines can be tall).
    pub fn show_first_change(&mut self, view: Viewport) {
        let Some(&first) = self.layout.changes.first() else {
            self.scroll = 0;
            return;
        };
        let lines = self.display_lines();
        let height_to_change = |top: usize| -> usize {
            (top..=first)
                .map(|k| self.line_height(lines[k], view.width))
                .sum()
        };
        let mut top = change_top(first);
        while top < first && height_to_change(top) > view.rows {
            top += 1;
        }
        self.scroll = top;
    }

    /// Scrolls to the display line showing line `line` (0-based) of the new text, with up to
    /// [`CONTEXT`] lines above it (a blame's Enter opens the diff at the line it names).
    pub fn show_new_line(&mut self, line: usize, view: Viewport) {
        let Some(display) = self.display_line_of_new(line) else {
            return;
        };
        self.scroll = display.saturating_sub(CONTEXT).min(self.max_scroll(view));
    }

    pub fn scroll_by(&mut self, delta: isize, view: Viewport) {
        let max = self.max_scroll(view);
        self.scroll = self.scroll.min(max).saturating_add_signed(delta).min(max);
    }

    pub fn scroll_to_top(&mut self) {
        self.scroll = 0;
    }

    pub fn scroll_to_bottom(&mut self, view: Viewport) {
        self.scroll = self.max_scroll(view);
    }

    /// Largest useful scroll: the last display line at the bottom of the view. Wrapped lines take
    /// several screen lines, so the count comes from their heights.
    pub fn max_scroll(&self, view: Viewport) -> usize {
        let rows = view.rows.max(1);
        let count = self.line_count();
        if !self.opts.wrap {
            return count.saturating_sub(rows);
        }
        let lines = self.display_lines();
        let mut used = 0;
        for k in (0..lines.len()).rev() {
            used += self.line_height(lines[k], view.width);
            if used > rows {
                return (k + 1).min(count.saturating_sub(1));
            }
        }
        0
    }

    /// Screen lines that display line `line` takes at `width` columns in the current options.
    pub fn line_height(&self, line: DisplayLine, width: usize) -> usize {
        let layout = paint::Layout {
            width,
            unified: self.opts.unified,
            wrap: self.opts.wrap,
            hscroll: 0,
            fill: true,
        };
        paint::line_height(&self.diff, &self.index, line, layout)
    }

    pub fn scroll_right(&mut self, columns: usize) {
        self.hscroll = self.hscroll.saturating_add(columns).min(self.widest);
    }

    pub fn scroll_left(&mut self, columns: usize) {
        self.hscroll = self.hscroll.saturating_sub(columns);
    }

    pub fn toggle_unified(&mut self) {
        self.opts.unified = !self.opts.unified;
        self.relayout();
    }

    pub fn toggle_wrap(&mut self) {
        self.set_wrap(!self.opts.wrap);
    }

    pub fn set_wrap(&mut self, wrap: bool) {
        self.opts.wrap = wrap;
        self.hscroll = 0;
    }

    pub fn toggle_expanded(&mut self) {
        self.opts.expanded = !self.opts.expanded;
        self.relayout();
    }

    /// Rebuilds the display lines, keeping the row at the top of the view on top.
    fn relayout(&mut self) {
        let top_row = self.layout.anchor(self.scroll);
        self.layout = fold::Layout::new(&self.diff, self.opts.unified, self.opts.expanded);
        self.scroll = top_row.map_or(0, |row| self.layout.line_at_row(row));
    }
}

/// The scroll that shows the change starting at display line `start` with its context above.
fn change_top(start: usize) -> usize {
    start.saturating_sub(CONTEXT)
}

/// Columns of the widest line of `text` (tabs expanded).
pub fn widest_line(text: &str) -> usize {
    text.lines().map(line_columns).max().unwrap_or(0)
}

/// Columns one line takes on screen (tabs expanded, as the highlighter shows them).
pub fn line_columns(line: &str) -> usize {
    use unicode_width::UnicodeWidthStr;
    if line.contains('\t') {
        paint::expand_tabs(line).width()
    } else {
        line.width()
    }
}

#[cfg(test)]
mod tests;
