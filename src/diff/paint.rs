//! Display lines as styled terminal lines: line numbers, signs, syntax colours under the change tint,
//! emphasised words, horizontal scroll or wrapping. The pane draws these into its buffer; `codedeck diff`
//! turns them into ANSI text — one painter, so both show the same diff.

use std::borrow::Cow;
use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

use super::{Cell, Diff, DisplayLine, RowKind};
use crate::strings::diff as s;
use crate::theme::Theme;

/// Tabs show as this many spaces, as the highlighter expands them.
const TAB_WIDTH: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Old,
    New,
}

/// A line's text with tabs expanded, as the highlighter shows it.
pub fn expand_tabs(line: &str) -> Cow<'_, str> {
    if line.contains('\t') {
        Cow::Owned(line.replace('\t', &" ".repeat(TAB_WIDTH)))
    } else {
        Cow::Borrowed(line)
    }
}

/// A line as plain spans (no syntax colours), shaped like the highlighter's output.
pub fn plain_line(line: &str) -> Line<'static> {
    Line::from(expand_tabs(line).into_owned())
}

/// Where byte `at` of `raw` lands once tabs are expanded.
fn expanded_offset(raw: &str, at: usize) -> usize {
    let tabs = raw.as_bytes()[..at.min(raw.len())]
        .iter()
        .filter(|&&b| b == b'\t')
        .count();
    at + tabs * (TAB_WIDTH - 1)
}

/// Which text a display line needs on each side: (side, 0-based line) pairs, at most two.
pub fn needs(diff: &Diff, line: DisplayLine, unified: bool) -> Vec<(Side, usize)> {
    let DisplayLine::Row { old, new } = line else {
        return vec![];
    };
    let old_cell = old.and_then(|r| diff.rows[r].old.as_ref());
    let new_cell = new.and_then(|r| diff.rows[r].new.as_ref());
    match (unified, old_cell, new_cell) {
        // A unified context line shows the new side's text (the same text).
        (true, Some(_), Some(n)) => vec![(Side::New, n.line)],
        _ => old_cell
            .map(|c| (Side::Old, c.line))
            .into_iter()
            .chain(new_cell.map(|c| (Side::New, c.line)))
            .collect(),
    }
}

/// How to lay out lines of code.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub width: usize,
    pub unified: bool,
    pub wrap: bool,
    pub hscroll: usize,
    /// Pad halves and lines to the full width with their tint (a terminal pane; not for piped text).
    pub fill: bool,
}

/// What is compared and how much changed: `old → new  +A −R`, or `identical`.
pub fn header(diff: &Diff, old_label: &str, new_label: &str, theme: &Theme) -> Line<'static> {
    let mut spans = vec![
        Span::styled(old_label.to_string(), Style::new().bold()),
        Span::styled(s::ARROW, Style::new().fg(theme.muted)),
        Span::styled(new_label.to_string(), Style::new().bold()),
        Span::raw("  "),
    ];
    if diff.is_identical() {
        spans.push(Span::styled(s::IDENTICAL, Style::new().fg(theme.muted)));
    } else if diff.endings_only() {
        spans.push(Span::styled(s::ENDINGS_ONLY, Style::new().fg(theme.muted)));
    } else {
        spans.push(Span::styled(
            format!("+{}", diff.added),
            Style::new().fg(theme.diff_inserted_fg).bold(),
        ));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            format!("−{}", diff.removed),
            Style::new().fg(theme.diff_deleted_fg).bold(),
        ));
        if diff.words_capped {
            spans.push(Span::raw("  "));
            spans.push(Span::styled(s::WORDS_CAPPED, Style::new().fg(theme.muted)));
        }
    }
    Line::from(spans)
}

/// Where each line of both texts starts, so painting a line does not scan the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    old: Vec<Range<usize>>,
    new: Vec<Range<usize>>,
}

impl LineIndex {
    pub fn new(diff: &Diff) -> Self {
        Self {
            old: line_ranges(&diff.old),
            new: line_ranges(&diff.new),
        }
    }

    /// Line `index` of one side of `diff`, without its terminator ("" past the end).
    pub fn line<'t>(&self, diff: &'t Diff, side: Side, index: usize) -> &'t str {
        let (text, ranges) = match side {
            Side::Old => (&diff.old, &self.old),
            Side::New => (&diff.new, &self.new),
        };
        ranges.get(index).map_or("", |r| &text[r.clone()])
    }

    /// Lines of the longer side.
    pub fn most_lines(&self) -> usize {
        self.old.len().max(self.new.len())
    }
}

/// Byte ranges of the lines of `text` as [`str::lines`] cuts them.
fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(text.len() / 32);
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let line = piece.strip_suffix('\n').unwrap_or(piece);
        let line = if piece.ends_with('\n') {
            line.strip_suffix('\r').unwrap_or(line)
        } else {
            line
        };
        out.push(start..start + line.len());
        start += piece.len();
    }
    out
}

/// Screen lines that `line` takes in `layout`: more than one only when wrapping. The same arithmetic as
/// [`Painter::paint`] (its gutters: a number, a space and a sign per side), without painting.
pub fn line_height(diff: &Diff, index: &LineIndex, line: DisplayLine, layout: Layout) -> usize {
    if !layout.wrap || matches!(line, DisplayLine::Fold { .. }) {
        return 1;
    }
    let digits = digits(index);
    let pieces = |side: Side, n: usize, width: usize, gutter: usize| {
        let code_width = width.saturating_sub(gutter);
        if code_width == 0 {
            return 1;
        }
        let text = expand_tabs(index.line(diff, side, n));
        text_width(&text).div_ceil(code_width).max(1)
    };
    let sides = needs(diff, line, layout.unified);
    if layout.unified {
        let gutter = 2 * (digits + 1) + 2;
        return sides
            .last()
            .map_or(1, |&(side, n)| pieces(side, n, layout.width, gutter));
    }
    let left_width = layout.width.saturating_sub(1) / 2;
    let right_width = layout.width.saturating_sub(1 + left_width);
    sides
        .iter()
        .map(|&(side, n)| match side {
            Side::Old => pieces(side, n, left_width, digits + 3),
            Side::New => pieces(side, n, right_width, digits + 3),
        })
        .max()
        .unwrap_or(1)
}

/// Columns of a line as the terminal shows it.
fn text_width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Digits of the largest line number.
fn digits(index: &LineIndex) -> usize {
    index.most_lines().max(1).to_string().len()
}

/// Paints display lines of one diff.
pub struct Painter<'a> {
    diff: &'a Diff,
    index: &'a LineIndex,
    theme: &'a Theme,
    digits: usize,
    /// A text search whose matches are emphasised.
    search: Option<&'a super::find::TextSearch>,
}

impl<'a> Painter<'a> {
    pub fn new(diff: &'a Diff, index: &'a LineIndex, theme: &'a Theme) -> Self {
        Self {
            diff,
            index,
            theme,
            digits: digits(index),
            search: None,
        }
    }

    /// The same painter, emphasising the matches of `search`.
    #[must_use]
    pub fn with_search(mut self, search: Option<&'a super::find::TextSearch>) -> Self {
        self.search = search;
        self
    }

    /// The screen lines of one display line (several when wrapping). `code` gives the highlighted
    /// text of a line of one side.
    pub fn paint(
        &self,
        line: DisplayLine,
        layout: Layout,
        code: &mut dyn FnMut(Side, usize) -> Line<'static>,
    ) -> Vec<Line<'static>> {
        match line {
            DisplayLine::Fold { len, .. } => vec![self.fold(len, layout.width)],
            DisplayLine::Row { old, new } if layout.unified => self.unified(old, new, layout, code),
            DisplayLine::Row { old, new } => self.side_by_side(old, new, layout, code),
        }
    }

    fn fold(&self, hidden: usize, width: usize) -> Line<'static> {
        let text = format!("{}{}", " ".repeat(self.digits + 1), s::folded(hidden));
        let spans = columns(
            &[Span::styled(text, Style::new().fg(self.theme.diff_fold))],
            0,
            width,
            None,
        );
        Line::from(spans)
    }

    fn side_by_side(
        &self,
        old: Option<usize>,
        new: Option<usize>,
        layout: Layout,
        code: &mut dyn FnMut(Side, usize) -> Line<'static>,
    ) -> Vec<Line<'static>> {
        let left_width = layout.width.saturating_sub(1) / 2;
        let right_width = layout.width.saturating_sub(1 + left_width);
        let left = self.half(old.map(|r| (r, Side::Old)), left_width, layout, true, code);
        let right = self.half(
            new.map(|r| (r, Side::New)),
            right_width,
            layout,
            layout.fill,
            code,
        );
        let separator = Span::styled("│", Style::new().fg(self.theme.border));
        let blank = |width| vec![Span::raw(" ".repeat(width))];
        (0..left.len().max(right.len()))
            .map(|k| {
                let mut spans = left.get(k).cloned().unwrap_or_else(|| blank(left_width));
                spans.push(separator.clone());
                spans.extend(right.get(k).cloned().unwrap_or_default());
                Line::from(spans)
            })
            .collect()
    }

    /// One side of a side-by-side line: its screen lines, each exactly `width` wide when `pad`.
    fn half(
        &self,
        row: Option<(usize, Side)>,
        width: usize,
        layout: Layout,
        pad: bool,
        code: &mut dyn FnMut(Side, usize) -> Line<'static>,
    ) -> Vec<Vec<Span<'static>>> {
        let cell = row.and_then(|(r, side)| {
            let row = &self.diff.rows[r];
            let cell = match side {
                Side::Old => row.old.as_ref(),
                Side::New => row.new.as_ref(),
            };
            cell.map(|c| (row.kind, side, c))
        });
        let Some((kind, side, cell)) = cell else {
            return vec![if pad {
                vec![Span::raw(" ".repeat(width))]
            } else {
                vec![]
            }];
        };
        let (tint, sign) = self.tint(kind, side);
        let number = Span::styled(
            format!("{:>w$} ", cell.line + 1, w = self.digits),
            Style::new().fg(self.theme.line_number),
        );
        let gutter = vec![number, self.sign(sign, tint)];
        let spans = self.code(kind, side, cell, code(side, cell.line));
        Self::fit(&gutter, &spans, width, layout, pad.then_some(tint))
    }

    fn unified(
        &self,
        old: Option<usize>,
        new: Option<usize>,
        layout: Layout,
        code: &mut dyn FnMut(Side, usize) -> Line<'static>,
    ) -> Vec<Line<'static>> {
        let old_cell = old.and_then(|r| self.diff.rows[r].old.as_ref().map(|c| (r, c)));
        let new_cell = new.and_then(|r| self.diff.rows[r].new.as_ref().map(|c| (r, c)));
        let ((row, cell), side) = match (old_cell, new_cell) {
            (_, Some(n)) => (n, Side::New),
            (Some(o), None) => (o, Side::Old),
            (None, None) => return vec![Line::default()],
        };
        let kind = self.diff.rows[row].kind;
        let (tint, sign) = match (old_cell, new_cell) {
            (Some(_), Some(_)) => (Style::new(), ' '),
            _ => self.tint(kind, side),
        };
        let number = |c: Option<(usize, &Cell)>| match c {
            Some((_, c)) => format!("{:>w$} ", c.line + 1, w = self.digits),
            None => " ".repeat(self.digits + 1),
        };
        let numbers = Span::styled(
            number(old_cell) + &number(new_cell),
            Style::new().fg(self.theme.line_number),
        );
        let gutter = vec![numbers, self.sign(sign, tint)];
        let spans = self.code(kind, side, cell, code(side, cell.line));
        Self::fit(
            &gutter,
            &spans,
            layout.width,
            layout,
            layout.fill.then_some(tint),
        )
        .into_iter()
        .map(Line::from)
        .collect()
    }

    /// The tint and sign of a changed side; equal rows have none.
    fn tint(&self, kind: RowKind, side: Side) -> (Style, char) {
        match (kind, side) {
            (RowKind::Equal, _) => (Style::new(), ' '),
            (_, Side::Old) => (Style::new().bg(self.theme.diff_deleted_bg), '-'),
            (_, Side::New) => (Style::new().bg(self.theme.diff_inserted_bg), '+'),
        }
    }

    fn sign(&self, sign: char, tint: Style) -> Span<'static> {
        let fg = match sign {
            '-' => self.theme.diff_deleted_fg,
            '+' => self.theme.diff_inserted_fg,
            _ => self.theme.line_number,
        };
        Span::styled(format!("{sign} "), tint.fg(fg).bold())
    }

    /// The highlighted code under the row's tint, with the changed words emphasised.
    fn code(
        &self,
        kind: RowKind,
        side: Side,
        cell: &Cell,
        highlighted: Line<'static>,
    ) -> Vec<Span<'static>> {
        let (tint, _) = self.tint(kind, side);
        let mut spans: Vec<Span<'static>> = highlighted
            .spans
            .into_iter()
            .map(|s| {
                let style = s.style.patch(tint);
                s.style(style)
            })
            .collect();
        if !cell.emphasis.is_empty() {
            let raw = self.index.line(self.diff, side, cell.line);
            let ranges: Vec<Range<usize>> = cell
                .emphasis
                .iter()
                .map(|r| expanded_offset(raw, r.start)..expanded_offset(raw, r.end))
                .collect();
            let emphasis = match side {
                Side::Old => self.theme.diff_deleted_emph_bg,
                Side::New => self.theme.diff_inserted_emph_bg,
            };
            spans = restyle(spans, &ranges, Style::new().bg(emphasis));
        }
        if let Some(search) = self.search {
            let shown = expand_tabs(self.index.line(self.diff, side, cell.line));
            spans = restyle(spans, &search.ranges_in(&shown), match_style(self.theme));
        }
        spans
    }

    /// Gutter plus code cut to `width`: scrolled horizontally, or wrapped into several lines.
    fn fit(
        gutter: &[Span<'static>],
        code: &[Span<'static>],
        width: usize,
        layout: Layout,
        pad: Option<Style>,
    ) -> Vec<Vec<Span<'static>>> {
        let gutter_width = width_of(gutter);
        let code_width = width.saturating_sub(gutter_width);
        if code_width == 0 {
            return vec![columns(gutter, 0, width, pad)];
        }
        let pieces = if layout.wrap {
            width_of(code).div_ceil(code_width).max(1)
        } else {
            1
        };
        let blank_gutter = Span::raw(" ".repeat(gutter_width));
        (0..pieces)
            .map(|k| {
                let mut line = if k == 0 {
                    gutter.to_vec()
                } else {
                    vec![blank_gutter.clone()]
                };
                let skip = if layout.wrap {
                    k * code_width
                } else {
                    layout.hscroll
                };
                line.extend(columns(code, skip, code_width, pad));
                line
            })
            .collect()
    }
}

/// Total columns of spans.
pub fn width_of(spans: &[Span]) -> usize {
    spans
        .iter()
        .flat_map(|s| s.content.chars())
        .map(|c| c.width().unwrap_or(0))
        .sum()
}

/// Columns `skip..skip + width` of spans. A wide character cut by either edge becomes spaces; with
/// `pad`, the result is filled to exactly `width` in that style.
pub fn columns(
    spans: &[Span<'static>],
    skip: usize,
    width: usize,
    pad: Option<Style>,
) -> Vec<Span<'static>> {
    let end = skip.saturating_add(width);
    let mut out = vec![];
    let mut col = 0;
    let mut used = 0;
    for span in spans {
        if col >= end {
            break;
        }
        let mut text = String::new();
        for c in span.content.chars() {
            let w = c.width().unwrap_or(0);
            if col >= end {
                break;
            }
            if col >= skip && col + w <= end {
                text.push(c);
                used += w;
            } else if col + w > skip {
                // Partly visible: keep its columns, as spaces.
                let visible = (col + w).min(end) - col.max(skip);
                text.extend(std::iter::repeat_n(' ', visible));
                used += visible;
            }
            col += w;
        }
        if !text.is_empty() {
            out.push(Span::styled(text, span.style));
        }
    }
    if let Some(style) = pad {
        if used < width {
            out.push(Span::styled(" ".repeat(width - used), style));
        }
    }
    out
}

/// How a match of a text search shows (the code pane's and the diff's).
pub fn match_style(theme: &Theme) -> Style {
    Style::new()
        .bg(theme.filter)
        .fg(theme.status_badge_fg)
        .add_modifier(ratatui::style::Modifier::BOLD)
}

/// Spans with `patch` applied to the byte ranges `ranges` (ascending) of their joined text.
pub fn restyle(
    spans: Vec<Span<'static>>,
    ranges: &[Range<usize>],
    patch: Style,
) -> Vec<Span<'static>> {
    let mut out = Vec::with_capacity(spans.len() + 2 * ranges.len());
    let mut offset = 0;
    for span in spans {
        let text = span.content.as_ref();
        let span_range = offset..offset + text.len();
        // Cut points inside this span where emphasis starts or ends.
        let mut cuts: Vec<usize> = ranges
            .iter()
            .flat_map(|r| [r.start, r.end])
            .filter(|&at| at > span_range.start && at < span_range.end)
            .map(|at| at - offset)
            .filter(|&at| text.is_char_boundary(at))
            .collect();
        cuts.push(text.len());
        let mut from = 0;
        for to in cuts {
            if to <= from {
                continue;
            }
            let middle = offset + from;
            let emphasised = ranges.iter().any(|r| r.start <= middle && middle < r.end);
            let style = if emphasised {
                span.style.patch(patch)
            } else {
                span.style
            };
            out.push(Span::styled(text[from..to].to_string(), style));
            from = to;
        }
        offset = span_range.end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(spans: &[Span]) -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn columns_scroll_clip_and_pad() {
        let spans = vec![Span::raw("const "), Span::raw("value = 1;")];
        assert_eq!(text(&columns(&spans, 0, 5, None)), "const");
        assert_eq!(text(&columns(&spans, 4, 6, None)), "t valu");
        assert_eq!(text(&columns(&spans, 14, 6, Some(Style::new()))), "1;    ");
        assert_eq!(text(&columns(&spans, 40, 3, None)), "");
    }

    #[test]
    fn wide_characters_cut_by_an_edge_become_spaces() {
        let spans = vec![Span::raw("a☕b")]; // ☕ is two columns
        assert_eq!(text(&columns(&spans, 0, 2, None)), "a ");
        assert_eq!(text(&columns(&spans, 2, 2, None)), " b");
        assert_eq!(width_of(&spans), 4);
    }

    #[test]
    fn restyle_splits_spans_at_range_edges() {
        let bold = Style::new().bold();
        let spans = vec![Span::raw("let x"), Span::raw(" = 10;")];
        let out = restyle(spans, &[4..5, 8..10], bold);
        let parts: Vec<(&str, bool)> = out
            .iter()
            .map(|s| (s.content.as_ref(), s.style == bold))
            .collect();
        assert_eq!(
            parts,
            [
                ("let ", false),
                ("x", true),
                (" = ", false),
                ("10", true),
                (";", false)
            ]
        );
    }

    #[test]
    fn line_index_cuts_like_str_lines() {
        for text in ["", "a", "a\n", "a\r\nb\n\nc", "\n\n", "x\ry\n"] {
            let ranges = line_ranges(text);
            let cut: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
            assert_eq!(cut, text.lines().collect::<Vec<_>>(), "{text:?}");
        }
    }

    #[test]
    fn emphasis_follows_expanded_tabs() {
        assert_eq!(expanded_offset("\t\tx", 2), 8);
        assert_eq!(expanded_offset("a\tb", 1), 1);
        assert_eq!(expanded_offset("a\tb", 2), 5);
    }
}
