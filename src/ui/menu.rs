//! A small menu popup: a title, choices with a word on what each does, the selected one marked.

use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use crate::app::layout::list_offset;
use crate::app::state::Menu;
use crate::theme::Theme;

pub fn render(menu: &Menu, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let label_width = menu
        .items
        .iter()
        .map(|(label, _)| label.chars().count())
        .max()
        .unwrap_or(0);
    let width = menu
        .items
        .iter()
        .map(|(_, hint)| label_width + hint.chars().count() + 8)
        .max()
        .unwrap_or(0)
        .max(menu.title.chars().count() + 2) as u16;
    let height = (menu.items.len() as u16 + 2).min(screen.height.saturating_sub(2));
    let area = screen.centered(
        Constraint::Length(width.min(screen.width)),
        Constraint::Length(height),
    );
    let rows = height.saturating_sub(2) as usize;
    let offset = list_offset(menu.selected, rows);
    let selected_style = Style::new()
        .bg(theme.selection_bg)
        .fg(theme.selection_fg)
        .add_modifier(Modifier::BOLD);
    let lines: Vec<Line> = menu
        .items
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(index, (label, hint))| {
            let chosen = index == menu.selected;
            let marker = if chosen { " › " } else { "   " };
            let line = Line::from(vec![
                Span::raw(format!("{marker}{label:<label_width$}  ")),
                Span::styled(hint.clone(), Style::new().fg(theme.muted)),
            ]);
            if chosen {
                line.style(selected_style)
            } else {
                line
            }
        })
        .collect();
    let block = super::popup_block(menu.title.as_str(), theme);
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
