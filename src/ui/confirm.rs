//! The confirm dialog of a change: what the service will do in words, the diff of what changes, and
//! two buttons with Cancel focused first.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::layout::confirm_areas;
use crate::app::state::Confirm;
use crate::strings as s;
use crate::theme::Theme;
use crate::ui::RenderCache;

pub fn render(
    confirm: &Confirm,
    theme: &Theme,
    frame: &mut Frame,
    screen: Rect,
    cache: &mut RenderCache,
) {
    let areas = confirm_areas(screen, &confirm.lines, confirm.diff.is_some());
    frame.render_widget(Clear, areas.dialog);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(Style::new().fg(theme.status_in_progress))
        .style(Style::new().bg(theme.help_bg).fg(theme.text))
        .title(Span::styled(
            confirm.title.clone(),
            Style::new().add_modifier(Modifier::BOLD),
        ));
    frame.render_widget(block, areas.dialog);
    let text: Vec<Line> = confirm
        .lines
        .iter()
        .map(|l| Line::from(l.as_str()))
        .collect();
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), areas.text);
    if let (Some(diff), Some(area)) = (&confirm.diff, areas.diff) {
        crate::ui::diff::render(frame, area, diff, theme, false, cache);
    }
    let focused = Style::new()
        .fg(theme.selection_fg)
        .bg(theme.selection_bg)
        .add_modifier(Modifier::BOLD | Modifier::REVERSED);
    let plain = Style::new().fg(theme.text);
    let (cancel_style, confirm_style) = if confirm.confirm_focused {
        (plain, focused)
    } else {
        (focused, plain)
    };
    let buttons = Line::from(vec![
        Span::styled(s::CONFIRM_CANCEL, cancel_style),
        Span::raw("   "),
        Span::styled(s::confirm_button(confirm.verb), confirm_style),
    ]);
    frame.render_widget(Paragraph::new(buttons).centered(), areas.buttons);
    frame.render_widget(
        Paragraph::new(if confirm.diff.is_some() {
            s::CONFIRM_HINT
        } else {
            s::CONFIRM_HINT_NO_DIFF
        })
        .style(Style::new().fg(theme.muted))
        .centered(),
        areas.hint,
    );
}
