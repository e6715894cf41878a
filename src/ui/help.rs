//! The `?` overlay, generated from the keymap tables. The moves every pane shares (j/k, pages,
//! top/bottom) are folded into one line per table so everything fits; it scrolls when it does not.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::app::keymap::{display_key, display_keys, KeyTable, DOCUMENTED};
use crate::strings as s;
use crate::theme::Theme;

const KEY_COLUMN: usize = 20;
const MAX_WIDTH: u16 = 120;

/// The popup and the two columns' lines.
fn layout(area: Rect) -> (Rect, Vec<Line<'static>>, Vec<Line<'static>>) {
    let theme = Theme::default();
    let (left, right) = columns(&theme);
    let height = (left.len().max(right.len()) as u16 + 2).min(area.height.saturating_sub(2));
    let width = area.width.saturating_sub(4).min(MAX_WIDTH);
    let popup = area.centered(Constraint::Length(width), Constraint::Length(height));
    (popup, left, right)
}

/// Lines that do not fit: how far the help can scroll.
pub fn max_scroll(width: u16, height: u16) -> usize {
    let (popup, left, right) = layout(Rect::new(0, 0, width, height));
    let visible = popup.height.saturating_sub(2) as usize;
    left.len().max(right.len()).saturating_sub(visible)
}

pub fn render(theme: &Theme, frame: &mut Frame, area: Rect, scroll: usize) {
    let (popup, _, _) = layout(area);
    let (left, right) = columns(theme);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(theme.border_focus))
        .title(s::HELP_TITLE)
        .style(Style::new().bg(theme.help_bg).fg(theme.text));
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    let [left_area, right_area] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(inner);
    let scroll = scroll.min(u16::MAX as usize) as u16;
    frame.render_widget(Paragraph::new(left).scroll((scroll, 0)), left_area);
    frame.render_widget(Paragraph::new(right).scroll((scroll, 0)), right_area);
}

/// The tables split in reading order where the two columns come out most even.
fn columns(theme: &Theme) -> (Vec<Line<'static>>, Vec<Line<'static>>) {
    let sections: Vec<Vec<Line<'static>>> = DOCUMENTED
        .iter()
        .map(|table| section_lines(table, theme))
        .collect();
    // Each section takes its lines plus a blank line before the next one.
    let height = |parts: &[Vec<Line<'static>>]| parts.iter().map(|p| p.len() + 1).sum::<usize>();
    let split = (0..=sections.len())
        .min_by_key(|&at| height(&sections[..at]).max(height(&sections[at..])))
        .unwrap_or(0);
    let join = |parts: &[Vec<Line<'static>>]| {
        let mut lines = vec![];
        for part in parts {
            if !lines.is_empty() {
                lines.push(Line::raw(""));
            }
            lines.extend(part.iter().cloned());
        }
        lines
    };
    (join(&sections[..split]), join(&sections[split..]))
}

fn section_lines(table: &KeyTable, theme: &Theme) -> Vec<Line<'static>> {
    let key_style = Style::new().fg(theme.help_key);
    let row = |keys: String, help: &'static str| {
        Line::from(vec![
            Span::styled(format!("   {keys:<KEY_COLUMN$}"), key_style),
            Span::raw(help),
        ])
    };
    let mut lines = vec![Line::styled(
        format!(" {}", table.title),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    let moves: Vec<_> = table
        .bindings
        .iter()
        .filter(|b| b.intent.is_movement())
        .collect();
    let fold_moves = moves.len() >= 4;
    if fold_moves {
        let keys = moves
            .iter()
            .map(|b| display_key(b.keys[0]))
            .collect::<Vec<_>>()
            .join("/");
        lines.push(row(keys, s::HELP_MOVES));
    }
    for binding in table.bindings {
        if fold_moves && binding.intent.is_movement() {
            continue;
        }
        lines.push(row(display_keys(binding), binding.help));
    }
    lines
}
