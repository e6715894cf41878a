//! The `?` overlay: draws the lines and the popup that `app::help` computes from the keymap tables.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::app::help::{self, HelpLine};
use crate::strings as s;
use crate::theme::Theme;

const KEY_COLUMN: usize = 20;

pub fn render(theme: &Theme, frame: &mut Frame, area: Rect, scroll: usize) {
    let (left, right) = help::columns();
    let popup = help::popup(area, left.len().max(right.len()));
    let styled = |lines: Vec<HelpLine>| -> Vec<Line<'static>> {
        lines.into_iter().map(|line| styled(line, theme)).collect()
    };
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
    frame.render_widget(Paragraph::new(styled(left)).scroll((scroll, 0)), left_area);
    frame.render_widget(
        Paragraph::new(styled(right)).scroll((scroll, 0)),
        right_area,
    );
}

fn styled(line: HelpLine, theme: &Theme) -> Line<'static> {
    match line {
        HelpLine::Title(title) => Line::styled(
            format!(" {title}"),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        HelpLine::Keys { keys, help } => Line::from(vec![
            Span::styled(
                format!("   {keys:<KEY_COLUMN$}"),
                Style::new().fg(theme.help_key),
            ),
            Span::raw(help),
        ]),
        HelpLine::Blank => Line::raw(""),
    }
}
