//! The diff pane: what is compared on a header line, then the visible display lines of a
//! [`DiffState`] — side by side or unified, syntax-highlighted, changed words emphasised. Only the
//! visible lines are highlighted and painted; the display-line list is built by the state, not here.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::diff::paint::{self, Side};
use crate::diff::{DiffState, DisplayLine};
use crate::highlight::Highlighter;
use crate::strings::diff as s;
use crate::theme::Theme;
use crate::ui::{pane, RenderCache};

/// Rows above the diff lines inside the pane (the header).
const HEADER_ROWS: u16 = 1;

/// Diff lines visible in a pane of `area_height` rows (borders and header excluded): the page size.
pub fn visible_rows(area_height: u16) -> usize {
    area_height.saturating_sub(2 + HEADER_ROWS) as usize
}

pub fn render(
    frame: &mut Frame,
    area: Rect,
    state: &DiffState,
    theme: &Theme,
    focused: bool,
    cache: &mut RenderCache,
) {
    let name = state
        .title
        .as_ref()
        .map_or_else(|| s::PANE_TITLE.to_string(), |t| format!(" {t} "));
    let title = Line::from(vec![
        Span::styled(name, Style::new().add_modifier(Modifier::BOLD)),
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
    let view = crate::diff::Viewport {
        rows,
        width: inner.width as usize,
    };
    let first = state.scroll.min(state.max_scroll(view));
    // The body's diffs (titled) say where the view is; a dialog's short diff needs no position.
    if state.title.is_some() {
        position(buf, inner, state, first, &header, theme);
    }
    let shown = &lines[first.min(lines.len())..(first + rows).min(lines.len())];
    let code = VisibleCode::fetch(state, shown, &theme.syntax_theme, &mut cache.code);
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

/// Where the view is (`line 12 of 80 · hunk 2/5`), at the right of the header when it fits after
/// what is compared.
fn position(
    buf: &mut ratatui::buffer::Buffer,
    inner: Rect,
    state: &DiffState,
    first: usize,
    header: &Line,
    theme: &Theme,
) {
    let at = state.position(first);
    let text = crate::strings::find::diff_position(at.line, at.lines, at.hunk, at.hunks);
    let width = text.chars().count() as u16;
    let used = header.width() as u16 + 2;
    if used + width > inner.width {
        return;
    }
    let x = inner.x + inner.width - width;
    buf.set_string(x, inner.y, &text, Style::new().fg(theme.muted));
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

/// Highlighted text of the lines on screen. Each side's lines come in ascending order; nearby ones are
/// asked of the cache in one call (each call hashes the whole text to find its entry).
struct VisibleCode {
    old: Vec<(usize, Line<'static>)>,
    new: Vec<(usize, Line<'static>)>,
}

/// Lines apart that are still fetched in one call: cloning a few unneeded lines is cheaper than
/// another hash of a 100 KB text.
const JOIN_GAP: usize = 64;

impl VisibleCode {
    fn fetch(
        state: &DiffState,
        shown: &[DisplayLine],
        syntax_theme: &str,
        highlighter: &mut Highlighter,
    ) -> Self {
        let (mut old, mut new) = (vec![], vec![]);
        for &line in shown {
            for (side, n) in paint::needs(&state.diff, line, state.opts.unified) {
                match side {
                    Side::Old => old.push(n),
                    Side::New => new.push(n),
                }
            }
        }
        let old = highlight_side(highlighter, &state.diff.old, &old, syntax_theme);
        let new = highlight_side(highlighter, &state.diff.new, &new, syntax_theme);
        Self { old, new }
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

/// The wanted lines of one side (ascending). Once a call comes back unfinished (the frame budget is
/// spent), lines further down cannot be ready either: they are shown plain, without another call.
fn highlight_side(
    highlighter: &mut Highlighter,
    code: &str,
    wanted: &[usize],
    syntax_theme: &str,
) -> Vec<(usize, Line<'static>)> {
    let mut out = Vec::with_capacity(wanted.len());
    let mut at = 0;
    let mut budget_spent = false;
    let mut plain: Option<Vec<&str>> = None;
    while at < wanted.len() {
        let start = wanted[at];
        let mut end = at + 1;
        while end < wanted.len() && wanted[end] <= wanted[end - 1] + JOIN_GAP {
            end += 1;
        }
        let count = wanted[end - 1] + 1 - start;
        let lines = if budget_spent {
            let plain = plain.get_or_insert_with(|| crate::diff::lines(code));
            (start..start + count)
                .map(|n| paint::plain_line(plain.get(n).copied().unwrap_or("")))
                .collect()
        } else {
            let lines = highlighter.lines(code, syntax_theme, start, count);
            budget_spent = highlighter.pending;
            lines
        };
        let mut lines = (start..).zip(lines);
        for &n in &wanted[at..end] {
            if let Some(line) = lines.find(|(k, _)| *k == n) {
                out.push(line);
            }
        }
        at = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use ratatui::backend::TestBackend;
    use ratatui::buffer::Buffer;
    use ratatui::Terminal;

    use super::*;
    use crate::diff::Diff;

    fn state(old: &str, new: &str) -> DiffState {
        let diff = Diff::new(Arc::from(old), Arc::from(new));
        DiffState::new(Arc::new(diff), "v3".into(), "v4 (live)".into())
    }

    fn draw(state: &DiffState, width: u16, height: u16) -> Buffer {
        draw_with(&mut RenderCache::new(), state, width, height)
    }

    fn draw_with(cache: &mut RenderCache, state: &DiffState, width: u16, height: u16) -> Buffer {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        let theme = Theme::default();
        terminal
            .draw(|f| render(f, f.area(), state, &theme, true, cache))
            .unwrap();
        terminal.backend().buffer().clone()
    }

    fn row_text(buf: &Buffer, y: u16) -> String {
        (0..buf.area.width)
            .map(|x| buf[(x, y)].symbol())
            .collect::<String>()
    }

    const OLD: &str = "const a = 1;\nconst TIMEOUT_MS = 3000;\nconst b = 2;\n";
    const NEW: &str = "const a = 1;\nconst TIMEOUT_MS = 5000;\nconst b = 2;\nconst c = 3;\n";

    #[test]
    fn header_then_both_sides_with_line_numbers() {
        let buf = draw(&state(OLD, NEW), 80, 8);
        assert!(row_text(&buf, 0).contains("diff side by side"));
        assert!(row_text(&buf, 1).contains("v3 → v4 (live)  +2 −1"));
        let changed = row_text(&buf, 3);
        assert!(
            changed.contains("2 - const TIMEOUT_MS = 3000;")
                && changed.contains("2 + const TIMEOUT_MS = 5000;"),
            "{changed}"
        );
        let added = row_text(&buf, 5);
        assert!(added.contains("4 + const c = 3;"), "{added}");
        assert_eq!(visible_rows(8), 5);
    }

    #[test]
    fn changed_words_carry_the_emphasis_colour() {
        let theme = Theme::default();
        let buf = draw(&state(OLD, NEW), 80, 8);
        let row = row_text(&buf, 3);
        let x = row.find("5000").map(|b| row[..b].chars().count()).unwrap() as u16;
        assert_eq!(buf[(x, 3)].bg, theme.diff_inserted_emph_bg);
        assert_eq!(
            buf[(x - 2, 3)].bg,
            theme.diff_inserted_bg,
            "the rest is tinted"
        );
        let x = row.find("3000").map(|b| row[..b].chars().count()).unwrap() as u16;
        assert_eq!(buf[(x, 3)].bg, theme.diff_deleted_emph_bg);
    }

    #[test]
    fn unified_and_scrolled_views() {
        let mut s = state(OLD, NEW);
        s.toggle_unified();
        let buf = draw(&s, 60, 9);
        assert!(row_text(&buf, 3).contains("2   - const TIMEOUT_MS = 3000;"));
        assert!(row_text(&buf, 4).contains("  2 + const TIMEOUT_MS = 5000;"));
        // Two rows of five lines: scrolled by two, the inserted line is on top.
        s.scroll_by(
            2,
            crate::diff::Viewport {
                rows: visible_rows(5),
                width: 58,
            },
        );
        let buf = draw(&s, 60, 5);
        assert!(row_text(&buf, 2).contains("5000"), "{}", row_text(&buf, 2));
        assert!(row_text(&buf, 3).contains("3 3   const b = 2;"));
    }

    #[test]
    fn long_lines_scroll_sideways_or_wrap() {
        let long = format!("let s = '{}END';\n", "x".repeat(100));
        let mut s = state("a;\n", &long);
        s.toggle_unified();
        s.scroll_right(100);
        let buf = draw(&s, 40, 6);
        assert!(row_text(&buf, 3).contains("END"), "{}", row_text(&buf, 3));
        s.toggle_wrap();
        let buf = draw(&s, 40, 12);
        let all: String = (3..11).map(|y| row_text(&buf, y)).collect();
        assert!(all.contains("END") && all.contains("let s = 'x"), "{all}");
    }

    #[test]
    fn far_lines_come_plain_first_and_ask_for_another_frame() {
        // Inside one array literal no line is a fresh start: line 2900 is parsed from the top.
        let old: String = std::iter::once("const list = [\n".to_string())
            .chain((1..3000).map(|i| format!("  'text {i}',\n")))
            .chain(std::iter::once("];\n".to_string()))
            .collect();
        let new = old.replace("  'text 2900',", "  'edited',");
        let mut s = state(&old, &new);
        s.next_change();
        let coloured = |buf: &Buffer| {
            let y = (0..buf.area.height)
                .find(|&y| row_text(buf, y).contains("edited"))
                .unwrap();
            let row = row_text(buf, y);
            let x = row
                .find("edited")
                .map(|b| row[..b].chars().count())
                .unwrap() as u16;
            buf[(x, y)].fg != ratatui::style::Color::Reset
        };
        let mut cache = RenderCache::new();
        cache.begin_frame();
        let first = draw_with(&mut cache, &s, 100, 12);
        assert!(cache.has_pending_work(), "both sides still parsing");
        assert!(!coloured(&first), "plain text first");
        let mut frames = 1;
        let last = loop {
            cache.begin_frame();
            let buf = draw_with(&mut cache, &s, 100, 12);
            frames += 1;
            if !cache.has_pending_work() || frames > 200 {
                break buf;
            }
        };
        assert!(!cache.has_pending_work());
        assert!(coloured(&last), "coloured after {frames} frames");
    }

    #[test]
    fn far_top_level_lines_come_coloured_on_the_first_frame() {
        // Every line a top-level statement: the parse starts at a fresh start near the change.
        let old: String = (0..3000)
            .map(|i| format!("let v{i} = 'text {i}';\n"))
            .collect();
        let new = old.replace("let v2900 = 'text 2900';", "let v2900 = 'edited';");
        let mut s = state(&old, &new);
        s.next_change();
        let mut cache = RenderCache::new();
        cache.begin_frame();
        let first = draw_with(&mut cache, &s, 100, 12);
        assert!(!cache.has_pending_work(), "nothing left for later frames");
        let y = (0..first.area.height)
            .find(|&y| row_text(&first, y).contains("edited"))
            .unwrap();
        let row = row_text(&first, y);
        let x = row
            .find("edited")
            .map(|b| row[..b].chars().count())
            .unwrap() as u16;
        assert_ne!(
            first[(x, y)].fg,
            ratatui::style::Color::Reset,
            "coloured at once"
        );
    }

    #[test]
    fn tiny_areas_do_not_panic() {
        let mut states = vec![state(OLD, NEW), state("", ""), state("a\n", "a\n")];
        let mut wrapped = state(OLD, NEW);
        wrapped.toggle_wrap();
        wrapped.toggle_unified();
        states.push(wrapped);
        for s in &states {
            for width in 1..=20 {
                for height in 0..=3 {
                    draw(s, width, height);
                }
            }
        }
    }
}
