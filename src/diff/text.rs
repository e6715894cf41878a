//! The diff as terminal text for `codedeck diff` and `codedeck actions|modules diff`: the pane's painter,
//! folded to hunks with context, written out as lines (ANSI colours when asked). Side by side, long
//! lines wrap so piped output loses nothing; unified lines are never cut.

use std::fmt::Write as _;

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use super::fold::Layout;
use super::paint::{self, LineIndex, Painter, Side};
use super::Diff;
use crate::highlight::lines_at;
use crate::model::terminal_safe;
use crate::theme::Theme;

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

/// The whole diff as text: a header saying what is compared, then hunks with context. Colours come
/// from the built-in theme whose syntax theme is `opts.syntax_theme` (else the default theme).
pub fn render(diff: &Diff, opts: &TextOptions) -> String {
    let mut theme = Theme::builtin_names()
        .into_iter()
        .filter_map(Theme::builtin)
        .find(|t| t.syntax_theme == opts.syntax_theme)
        .unwrap_or_default();
    theme.syntax_theme.clone_from(&opts.syntax_theme);
    render_themed(diff, opts, &theme)
}

/// [`render`] with the diff colours of `theme` (its `syntax_theme` is the one used).
pub fn render_themed(diff: &Diff, opts: &TextOptions, theme: &Theme) -> String {
    let width = opts.width.max(1) as usize;
    let mut out = String::new();
    let header = paint::header(diff, &opts.old_label, &opts.new_label, theme);
    push(&mut out, &header, opts.color);
    if diff.is_identical() {
        return out;
    }
    let rule = Span::styled("─".repeat(width), Style::new().fg(theme.border));
    push(&mut out, &Line::from(rule), opts.color);

    let layout = Layout::new(diff, opts.unified, false);
    let index = LineIndex::new(diff);
    let painter = Painter::new(diff, &index, theme);
    let code = Code::new(diff, &index, &layout, opts, theme);
    let shape = paint::Layout {
        // Unified lines keep their length, like `git diff`.
        width: if opts.unified { usize::MAX / 4 } else { width },
        unified: opts.unified,
        wrap: !opts.unified,
        hscroll: 0,
        fill: false,
    };
    for &line in &layout.lines {
        for screen_line in painter.paint(line, shape, &mut |side, n| code.line(side, n)) {
            push(&mut out, &screen_line, opts.color);
        }
    }
    out
}

/// The text of each needed line: highlighted (only the shown lines, exactly), or plain.
struct Code<'a> {
    diff: &'a Diff,
    index: &'a LineIndex,
    old: Vec<Option<Line<'static>>>,
    new: Vec<Option<Line<'static>>>,
}

impl<'a> Code<'a> {
    fn new(
        diff: &'a Diff,
        index: &'a LineIndex,
        layout: &Layout,
        opts: &TextOptions,
        theme: &Theme,
    ) -> Self {
        let mut code = Self {
            diff,
            index,
            old: vec![],
            new: vec![],
        };
        if opts.color {
            // Only the shown lines are highlighted, each side on its own thread.
            let (mut old_wanted, mut new_wanted) = (vec![], vec![]);
            for &line in &layout.lines {
                for (side, n) in paint::needs(diff, line, opts.unified) {
                    match side {
                        Side::Old => old_wanted.push(n),
                        Side::New => new_wanted.push(n),
                    }
                }
            }
            let syntax_theme = theme.syntax_theme.as_str();
            std::thread::scope(|scope| {
                let old = scope.spawn(|| lines_at(&diff.old, syntax_theme, &old_wanted));
                code.new = lines_at(&diff.new, syntax_theme, &new_wanted);
                // A highlighting thread that panicked leaves its side plain rather than failing the command.
                code.old = old.join().unwrap_or_default();
            });
        }
        code
    }

    fn line(&self, side: Side, n: usize) -> Line<'static> {
        let done = match side {
            Side::Old => self.old.get(n).and_then(Option::as_ref),
            Side::New => self.new.get(n).and_then(Option::as_ref),
        };
        match done {
            Some(line) => line.clone(),
            None => paint::plain_line(self.index.line(self.diff, side, n)),
        }
    }
}

/// One styled line as terminal text with its newline: ANSI colours when `color`, else plain.
pub fn line_text(line: &Line, color: bool) -> String {
    let mut out = String::new();
    push(&mut out, line, color);
    out
}

/// Span text is remote (code, error messages): its control characters never reach the terminal.
fn push(out: &mut String, line: &Line, color: bool) {
    if color {
        // One escape per change of style, one reset per line.
        let mut current = String::new();
        for span in &line.spans {
            let codes = sgr(span.style);
            if codes != current {
                if !current.is_empty() {
                    out.push_str("\x1b[0m");
                }
                if !codes.is_empty() {
                    let _ = write!(out, "\x1b[{codes}m");
                }
                current = codes;
            }
            out.push_str(&terminal_safe(&span.content));
        }
        if !current.is_empty() {
            out.push_str("\x1b[0m");
        }
    } else {
        for span in &line.spans {
            out.push_str(&terminal_safe(&span.content));
        }
        // Padding means nothing without colour: keep piped lines clean.
        let trimmed = out.trim_end_matches(' ').len();
        out.truncate(trimmed);
    }
    out.push('\n');
}

/// The SGR parameters for a style ("" for none).
fn sgr(style: Style) -> String {
    let mut codes: Vec<String> = vec![];
    for (modifier, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
    ] {
        if style.add_modifier.contains(modifier) {
            codes.push(code.to_string());
        }
    }
    if let Some(fg) = style.fg.and_then(|c| color_code(c, 30, 38)) {
        codes.push(fg);
    }
    if let Some(bg) = style.bg.and_then(|c| color_code(c, 40, 48)) {
        codes.push(bg);
    }
    codes.join(";")
}

/// `base` is 30 for foreground, 40 for background; `extended` 38 or 48.
fn color_code(color: Color, base: u8, extended: u8) -> Option<String> {
    let basic = |n: u8| Some((base + n).to_string());
    let bright = |n: u8| Some((base + 60 + n).to_string());
    match color {
        Color::Reset => None,
        Color::Black => basic(0),
        Color::Red => basic(1),
        Color::Green => basic(2),
        Color::Yellow => basic(3),
        Color::Blue => basic(4),
        Color::Magenta => basic(5),
        Color::Cyan => basic(6),
        Color::Gray => basic(7),
        Color::DarkGray => bright(0),
        Color::LightRed => bright(1),
        Color::LightGreen => bright(2),
        Color::LightYellow => bright(3),
        Color::LightBlue => bright(4),
        Color::LightMagenta => bright(5),
        Color::LightCyan => bright(6),
        Color::White => bright(7),
        Color::Indexed(i) => Some(format!("{extended};5;{i}")),
        Color::Rgb(r, g, b) => Some(format!("{extended};2;{r};{g};{b}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_become_sgr_codes() {
        assert_eq!(sgr(Style::new()), "");
        assert_eq!(
            sgr(Style::new()
                .fg(Color::Rgb(1, 2, 3))
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD)),
            "1;38;2;1;2;3;41"
        );
        assert_eq!(sgr(Style::new().bg(Color::Indexed(236))), "48;5;236");
        assert_eq!(sgr(Style::new().fg(Color::DarkGray)), "90");
    }
}

/// The diff as a plain unified patch (`--- old`, `+++ new`, `@@` hunks with three lines of
/// context), as `git diff` writes it: for the clipboard, where it must paste into a review or
/// apply with `patch`.
pub fn unified_patch(diff: &Diff, old_label: &str, new_label: &str) -> String {
    similar::TextDiff::from_lines(&*diff.old, &*diff.new)
        .unified_diff()
        .context_radius(3)
        .header(old_label, new_label)
        .to_string()
}

#[cfg(test)]
mod patch_tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn a_patch_has_headers_and_hunks() {
        let diff = Diff::new(Arc::from("a\nb\nc\n"), Arc::from("a\nB\nc\n"));
        let patch = unified_patch(&diff, "v1", "v2");
        assert_eq!(patch, "--- v1\n+++ v2\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
    }
}
