//! The diff pane: what is compared on a header line, then the visible display lines of a
//! [`DiffState`] — side by side or unified, syntax-highlighted, changed words emphasised. Only the
//! visible lines are highlighted and painted; the display-line list is built by the state, not here.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::diff::paint::{self, Side};
use crate::diff::{DiffState, DisplayLine};
use crate::highlight;
use crate::strings::diff as s;
use crate::theme::Theme;
use crate::ui::pane;

/// Rows above the diff lines inside the pane (the header).
const HEADER_ROWS: u16 = 1;

/// Diff lines visible in a pane of `area_height` rows (borders and header excluded): the page size.
pub fn visible_rows(area_height: u16) -> usize {
    area_height.saturating_sub(2 + HEADER_ROWS) as usize
}

pub fn render(frame: &mut Frame, area: Rect, state: &DiffState, theme: &Theme, focused: bool) {
    let title = Line::from(vec![
        Span::styled(s::PANE_TITLE, Style::new().add_modifier(Modifier::BOLD)),
        Span::styled(format!("{} ", modes(state)), Style::new().fg(theme.muted)),
    ]);
    let block = pane(title, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let buf = frame.buffer_mut();
    let header = paint::header(&state.diff, &state.old_label, &state.new_label, theme);
    buf.set_line(inner.x, inner.y, &header, inner.width);

    let rows = visible_rows(area.height);
    if rows == 0 {
        return;
    }
    let lines = state.display_lines();
    let first = state.scroll.min(state.max_scroll(rows));
    let shown = &lines[first.min(lines.len())..(first + rows).min(lines.len())];
    let code = VisibleCode::fetch(state, shown, &theme.syntax_theme);
    let painter = state.painter(theme);
    let layout = paint::Layout {
        width: inner.width as usize,
        unified: state.opts.unified,
        wrap: state.opts.wrap,
        hscroll: state.hscroll,
        fill: true,
    };
    let mut y = inner.y + HEADER_ROWS;
    let bottom = inner.y + inner.height;
    'lines: for &line in shown {
        for screen_line in painter.paint(line, layout, &mut |side, n| code.line(side, n)) {
            if y >= bottom {
                break 'lines;
            }
            buf.set_line(inner.x, y, &screen_line, inner.width);
            y += 1;
        }
    }
}

/// The view's modes for the title: `side by side`, `unified · wrap · all lines`.
fn modes(state: &DiffState) -> String {
    let opts = state.opts;
    let mut parts = vec![if opts.unified {
        s::MODE_UNIFIED
    } else {
        s::MODE_SIDE_BY_SIDE
    }];
    if opts.wrap {
        parts.push(s::MODE_WRAP);
    }
    if opts.expanded {
        parts.push(s::MODE_ALL_LINES);
    }
    parts.join(" · ")
}

/// Highlighted text of the lines on screen, asked of the shared cache once per run of consecutive
/// lines per side (each side's lines come in ascending order).
struct VisibleCode {
    old: Vec<(usize, Line<'static>)>,
    new: Vec<(usize, Line<'static>)>,
}

impl VisibleCode {
    fn fetch(state: &DiffState, shown: &[DisplayLine], syntax_theme: &str) -> Self {
        let (mut old, mut new) = (vec![], vec![]);
        for &line in shown {
            for (side, n) in paint::needs(&state.diff, line, state.opts.unified) {
                match side {
                    Side::Old => old.push(n),
                    Side::New => new.push(n),
                }
            }
        }
        Self {
            old: highlight_runs(&state.diff.old, &old, syntax_theme),
            new: highlight_runs(&state.diff.new, &new, syntax_theme),
        }
    }

    fn line(&self, side: Side, n: usize) -> Line<'static> {
        let lines = match side {
            Side::Old => &self.old,
            Side::New => &self.new,
        };
        // Every needed line was fetched, in ascending order per side.
        match lines.binary_search_by_key(&n, |(k, _)| *k) {
            Ok(at) => lines[at].1.clone(),
            Err(_) => Line::default(),
        }
    }
}

fn highlight_runs(code: &str, wanted: &[usize], syntax_theme: &str) -> Vec<(usize, Line<'static>)> {
    let mut out = Vec::with_capacity(wanted.len());
    let mut at = 0;
    while at < wanted.len() {
        let start = wanted[at];
        let mut end = at + 1;
        while end < wanted.len() && wanted[end] == wanted[end - 1] + 1 {
            end += 1;
        }
        let count = end - at;
        let lines = highlight::highlight_lines(code, syntax_theme, start, count);
        out.extend((start..).zip(lines));
        at = end;
    }
    out
}
