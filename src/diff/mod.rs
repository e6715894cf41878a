//! Line diff of two texts (the `similar` crate), aligned into side-by-side rows with word emphasis,
//! folded to hunks with context. Pure data: the dashboard's diff pane and `codedeck diff` both draw it.
//!
//! INTERFACE SKELETON — the implementation lands with the diff work; names below are the contract.

use std::ops::Range;
use std::sync::Arc;

/// Unchanged lines shown around each change when folded.
pub const CONTEXT: usize = 3;

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
}

impl Diff {
    pub fn new(old: Arc<str>, new: Arc<str>) -> Diff {
        let _ = (old, new);
        unimplemented!()
    }
    pub fn is_identical(&self) -> bool {
        unimplemented!()
    }
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
}

impl DiffState {
    pub fn new(diff: Arc<Diff>, old_label: String, new_label: String) -> Self {
        let _ = (diff, old_label, new_label);
        unimplemented!()
    }
    /// Display lines in the current options (folds count as one line).
    pub fn line_count(&self) -> usize {
        unimplemented!()
    }
    pub fn next_hunk(&mut self) {}
    pub fn prev_hunk(&mut self) {}
    pub fn scroll_by(&mut self, delta: isize, visible_rows: usize) {
        let _ = (delta, visible_rows);
    }
    pub fn scroll_to_top(&mut self) {}
    pub fn scroll_to_bottom(&mut self, visible_rows: usize) {
        let _ = visible_rows;
    }
    pub fn scroll_right(&mut self, columns: usize) {
        let _ = columns;
    }
    pub fn scroll_left(&mut self, columns: usize) {
        let _ = columns;
    }
    pub fn toggle_unified(&mut self) {}
    pub fn toggle_wrap(&mut self) {}
    pub fn toggle_expanded(&mut self) {}
}

pub mod text {
    //! The diff as terminal text for `codedeck diff` and `codedeck actions|modules diff`.
    use super::Diff;

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct TextOptions {
        pub unified: bool,
        /// Total columns to fill (side-by-side splits them in two).
        pub width: u16,
        /// ANSI colours and syntax highlighting.
        pub color: bool,
        pub old_label: String,
        pub new_label: String,
        pub syntax_theme: String,
    }

    /// The whole diff as text: a header saying what is compared, then hunks with context.
    pub fn render(diff: &Diff, opts: &TextOptions) -> String {
        let _ = (diff, opts);
        unimplemented!()
    }
}
