//! The `?` overlay, generated from the keymap tables.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::app::keymap::{display_keys, KeyTable, DOCUMENTED};
use crate::strings as s;
use crate::theme::Theme;

const KEY_COLUMN: usize = 20;

pub fn render(theme: &Theme, frame: &mut Frame, area: Rect) {
    let (left_tables, right_tables) = DOCUMENTED.split_at(2);
    let left = section_lines(left_tables, theme);
    let right = section_lines(right_tables, theme);
    let height = (left.len().max(right.len()) as u16 + 2).min(area.height.saturating_sub(2));
    let width = area.width.saturating_sub(4).min(110);
    let popup = area.centered(Constraint::Length(width), Constraint::Length(height));
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
    frame.render_widget(Paragraph::new(left), left_area);
    frame.render_widget(Paragraph::new(right), right_area);
}

fn section_lines(tables: &[&KeyTable], theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![];
    for table in tables {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(
            format!(" {}", table.title),
            Style::new().add_modifier(Modifier::BOLD),
        ));
        for binding in table.bindings {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("   {:<KEY_COLUMN$}", display_keys(binding)),
                    Style::new().fg(theme.help_key),
                ),
                Span::raw(binding.help),
            ]));
        }
    }
    lines
}
