//! The `?` overlay and the `M` messages list: draw what `app::help` lays out from the keymap, and
//! the messages kept in `State::said`.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::help::{self, Row, KEY_COLUMN};
use crate::app::state::{FlashKind, State};
use crate::strings as s;
use crate::theme::Theme;

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect, scroll: usize) {
    let laid = help::layout(&state.opts.keymap, &state.help_filter.text, area);
    let filter = &state.help_filter;
    let title = if filter.text.is_empty() && !filter.typing {
        s::HELP_TITLE.to_string()
    } else {
        s::keys::help_title_filtered(&filter.text, filter.typing)
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(theme.border_focus))
        .title(title)
        .style(Style::new().bg(theme.help_bg).fg(theme.text));
    let inner = block.inner(laid.popup);
    frame.render_widget(Clear, laid.popup);
    frame.render_widget(block, laid.popup);
    let scroll = scroll.min(laid.max_scroll()).min(u16::MAX as usize) as u16;
    let areas: Vec<Rect> = if laid.columns.len() == 2 {
        Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)])
            .split(inner)
            .to_vec()
    } else {
        vec![inner]
    };
    for (rows, column) in laid.columns.into_iter().zip(areas) {
        let lines: Vec<Line> = rows.into_iter().map(|row| styled(row, theme)).collect();
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), column);
    }
}

fn styled(row: Row, theme: &Theme) -> Line<'static> {
    match row {
        Row::Title(title) => Line::styled(
            format!(" {title}"),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Row::Keys { keys, text } => Line::from(vec![
            Span::styled(
                format!("   {keys:<KEY_COLUMN$} "),
                Style::new().fg(theme.help_key),
            ),
            Span::raw(text),
        ])
        .patch_style(Style::new()),
        Row::More(text) => Line::raw(format!("   {:KEY_COLUMN$} {text}", "")),
        Row::Blank => Line::raw(""),
        Row::NoMatch => Line::styled(
            format!(" {}", s::keys::HELP_NO_MATCH),
            Style::new().fg(theme.muted),
        ),
    }
}

/// `M`: the last messages, newest first, each with the time it was said; long ones wrapped.
pub fn render_messages(state: &State, theme: &Theme, frame: &mut Frame, area: Rect, scroll: usize) {
    let width = area.width.saturating_sub(4).min(120);
    let height = area.height.saturating_sub(2);
    let popup = area.centered(Constraint::Length(width), Constraint::Length(height));
    let block = crate::ui::popup_block(s::keys::MESSAGES_TITLE, theme);
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    let mut lines: Vec<Line> = vec![];
    for said in state.said.newest_first().skip(scroll) {
        let time = said.at.map_or_else(
            || s::keys::MESSAGES_NO_TIME.to_string(),
            |at| at.format("%H:%M:%S").to_string(),
        );
        let colour = match said.kind {
            FlashKind::Error => theme.status_failed,
            FlashKind::Info => theme.text,
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {time}  "), Style::new().fg(theme.muted)),
            Span::styled(said.text.clone(), Style::new().fg(colour)),
        ]));
    }
    if state.said.is_empty() {
        lines.push(Line::styled(
            format!(" {}", s::keys::MESSAGES_NONE),
            Style::new().fg(theme.muted),
        ));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
