//! The Actions list's filter picker: "all", every trigger id present in the loaded actions, then
//! the states (failed, building, ≠ live, never deployed).

use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::app::state::{FilterChoice, State};
use crate::strings as s;
use crate::theme::Theme;

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect, selected: usize) {
    let choices: Vec<String> = (state.filter_choices().into_iter())
        .map(|choice| match choice {
            FilterChoice::All => s::PICKER_ALL.to_string(),
            FilterChoice::Trigger(id) => id,
            FilterChoice::State(filter) => s::find::state_choice(filter.label()),
        })
        .collect();
    let width = choices
        .iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(0)
        .max(s::find::PICKER_TITLE.chars().count()) as u16
        + 6;
    let height = (choices.len() as u16 + 2).min(area.height.saturating_sub(2));
    let popup = area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length(height),
    );
    let rows = height.saturating_sub(2) as usize;
    let offset = crate::app::layout::list_offset(selected, rows);
    let lines: Vec<Line> = choices
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(index, choice)| {
            if index == selected {
                Line::styled(
                    format!(" › {choice} "),
                    Style::new()
                        .bg(theme.selection_bg)
                        .fg(theme.selection_fg)
                        .add_modifier(Modifier::BOLD),
                )
            } else {
                Line::raw(format!("   {choice} "))
            }
        })
        .collect();
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(theme.border_focus))
        .title(s::find::PICKER_TITLE)
        .style(Style::new().bg(theme.help_bg).fg(theme.text));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
