//! The confirm dialog of a change: what the service will do in words, the diff of what changes, and
//! two buttons with Cancel focused first.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::layout::confirm_areas;
use crate::app::state::{Confirm, PromoteAction, PromoteConfirm};
use crate::diff::DiffState;
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
    let dialog = Dialog {
        title: &confirm.title,
        lines: &confirm.lines,
        verb: confirm.verb,
        diff: confirm.diff.as_ref(),
        confirm_focused: confirm.confirm_focused,
        second: None,
        danger: false,
    };
    render_dialog(&dialog, theme, frame, screen, cache);
}

/// The Compare view's promote (or its undo): the same dialog, its border and words in the danger
/// colour when B is a production stage.
pub fn render_promote(
    confirm: &PromoteConfirm,
    theme: &Theme,
    frame: &mut Frame,
    screen: Rect,
    cache: &mut RenderCache,
) {
    let verb = match confirm.action {
        PromoteAction::Promote(_) => s::promote::PROMOTE_VERB,
        PromoteAction::Undo { .. } => s::promote::UNDO_VERB,
    };
    let dialog = Dialog {
        title: &confirm.title,
        lines: &confirm.lines,
        verb,
        diff: confirm.diff.as_ref(),
        confirm_focused: confirm.confirm_focused,
        second: confirm
            .deploy_label
            .map(|label| (label, confirm.deploy_focused)),
        danger: confirm.danger,
    };
    render_dialog(&dialog, theme, frame, screen, cache);
}

/// What a confirm dialog shows.
struct Dialog<'a> {
    title: &'a str,
    lines: &'a [String],
    verb: &'static str,
    diff: Option<&'a DiffState>,
    confirm_focused: bool,
    /// A second confirm button's words, and whether it has the focus.
    second: Option<(&'static str, bool)>,
    /// Into a production stage: the border and the words in the danger colour.
    danger: bool,
}

fn render_dialog(
    confirm: &Dialog<'_>,
    theme: &Theme,
    frame: &mut Frame,
    screen: Rect,
    cache: &mut RenderCache,
) {
    let areas = confirm_areas(screen, confirm.lines, confirm.diff.is_some());
    let edge = if confirm.danger {
        theme.danger
    } else {
        theme.status_in_progress
    };
    frame.render_widget(Clear, areas.dialog);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(Style::new().fg(edge))
        .style(Style::new().bg(theme.help_bg).fg(theme.text))
        .title(Span::styled(
            confirm.title.to_string(),
            if confirm.danger {
                Style::new().fg(edge).add_modifier(Modifier::BOLD)
            } else {
                Style::new().add_modifier(Modifier::BOLD)
            },
        ));
    frame.render_widget(block, areas.dialog);
    // Into a production stage, the last line is the warning that says so.
    let last = confirm.lines.len().saturating_sub(1);
    let text: Vec<Line> = confirm
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if confirm.danger && i == last {
                Line::styled(
                    l.as_str(),
                    Style::new().fg(theme.danger).add_modifier(Modifier::BOLD),
                )
            } else {
                Line::from(l.as_str())
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), areas.text);
    if let (Some(diff), Some(area)) = (confirm.diff, areas.diff) {
        crate::ui::diff::render(frame, area, diff, theme, false, cache);
    }
    let focused = Style::new()
        .fg(theme.selection_fg)
        .bg(theme.selection_bg)
        .add_modifier(Modifier::BOLD | Modifier::REVERSED);
    let plain = Style::new().fg(theme.text);
    let second_focused = confirm.second.is_some_and(|(_, focus)| focus);
    let (cancel_style, confirm_style) = if second_focused {
        (plain, plain)
    } else if confirm.confirm_focused {
        (plain, focused)
    } else {
        (focused, plain)
    };
    let mut buttons = vec![
        Span::styled(s::CONFIRM_CANCEL, cancel_style),
        Span::raw("   "),
        Span::styled(s::confirm_button(confirm.verb), confirm_style),
    ];
    if let Some((label, focus)) = confirm.second {
        let style = if focus { focused } else { plain };
        buttons.push(Span::raw("   "));
        buttons.push(Span::styled(s::promote::second_button(label), style));
    }
    let buttons = Line::from(buttons);
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
