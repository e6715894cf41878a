//! The authoring popups: a one-line prompt (masked for secret values), the dependencies and secrets
//! of a draft, a test run's result, an execution. Secret values are never drawn: a dot per character.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::layout::test_result::{self, ResultRowKind};
use crate::app::state::{
    ExecutionView, Prompt, Remote, SecretRow, Settings, SettingsFor, TestResult,
};
use crate::model::Execution;
use crate::strings as s;
use crate::theme::Theme;
use crate::ui::RenderCache;

/// What a prompt shows of its text: the text, or a dot per character when masked.
pub fn shown_text(prompt: &Prompt) -> String {
    if prompt.masked {
        "•".repeat(prompt.text.as_str().chars().count())
    } else {
        prompt.text.as_str().to_string()
    }
}

pub fn render_prompt(prompt: &Prompt, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let width = screen.width.saturating_sub(4).clamp(20, 72);
    // The error and the hint are wrapped, never cut: the popup grows by their lines.
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows = |text: &Option<String>| {
        text.as_deref()
            .map_or(0, |t| crate::app::layout::wrap_words(t, inner, " ").len())
    };
    let extra = u16::try_from(rows(&prompt.error) + rows(&prompt.hint)).unwrap_or(u16::MAX);
    let height = extra
        .saturating_add(3)
        .min(screen.height.saturating_sub(2).max(3));
    let area = screen.centered(Constraint::Length(width), Constraint::Length(height));
    frame.render_widget(Clear, area);
    let mut lines = vec![Line::from(vec![
        Span::styled(shown_text(prompt), Style::new().fg(theme.filter)),
        Span::styled("▏", Style::new().fg(theme.border_focus)),
    ])];
    if let Some(error) = &prompt.error {
        lines.push(Line::styled(
            error.clone(),
            Style::new().fg(theme.status_failed),
        ));
    }
    if let Some(hint) = &prompt.hint {
        lines.push(Line::styled(hint.clone(), Style::new().fg(theme.muted)));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(super::popup_block(prompt.label.clone(), theme)),
        area,
    );
}

pub fn render_settings(settings: &Settings, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let width = screen.width.saturating_sub(4).min(84);
    // A dependency's error is wrapped, never cut: the popup grows by its lines.
    let error_rows = settings.error.as_deref().map_or(0, |e| {
        crate::app::layout::wrap_words(e, usize::from(width.saturating_sub(2)).max(1), " ").len()
    });
    let height = screen
        .height
        .saturating_sub(2)
        .min((settings.dependencies.len() + settings.secrets.len() + error_rows) as u16 + 11);
    let area = screen.centered(Constraint::Length(width), Constraint::Length(height));
    frame.render_widget(Clear, area);
    let title = match &settings.target {
        SettingsFor::Draft { name, .. } => s::settings_title(name),
        SettingsFor::New => s::SETTINGS_NEW_TITLE.to_string(),
    };
    let block = super::popup_block(title, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [body, note, keys] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(inner);
    let selected = Style::new()
        .bg(theme.selection_bg)
        .fg(theme.selection_fg)
        .add_modifier(Modifier::BOLD);
    let mark = |row: usize, line: Line<'static>| {
        if row == settings.selected {
            line.style(selected)
        } else {
            line
        }
    };
    let heading = |text: &str| {
        Line::styled(
            text.to_string(),
            Style::new().fg(theme.label).add_modifier(Modifier::BOLD),
        )
    };
    let mut lines = vec![heading(s::SETTINGS_DEPENDENCIES)];
    if settings.dependencies.is_empty() {
        lines.push(Line::styled(s::SETTINGS_NONE, Style::new().fg(theme.muted)));
    }
    for (i, d) in settings.dependencies.iter().enumerate() {
        lines.push(mark(i, Line::from(format!("  {}@{}", d.name, d.version))));
    }
    lines.push(heading(s::SETTINGS_SECRETS));
    if settings.secrets.is_empty() {
        lines.push(Line::styled(s::SETTINGS_NONE, Style::new().fg(theme.muted)));
    }
    let deps = settings.dependencies.len();
    for (i, row) in settings.secrets.iter().enumerate() {
        let (state, style) = match row {
            SecretRow::Kept(_) => (s::SECRET_KEPT, Style::new().fg(theme.muted)),
            SecretRow::Set(..) => (
                s::SECRET_NEW_VALUE,
                Style::new().fg(theme.status_in_progress),
            ),
            SecretRow::Removed(_) => (s::SECRET_REMOVED, Style::new().fg(theme.status_failed)),
        };
        let line = Line::from(vec![
            Span::raw(format!("  {:<32} ", row.name())),
            Span::styled(state, style),
        ]);
        lines.push(mark(deps + i, line));
    }
    if let Some(error) = &settings.error {
        lines.push(Line::styled(
            error.clone(),
            Style::new().fg(theme.status_failed),
        ));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
    let secrets_note = match settings.target {
        SettingsFor::New => s::SECRETS_SENT_ONCE,
        SettingsFor::Draft { owner, .. } => s::secrets_note(owner),
    };
    frame.render_widget(
        Paragraph::new(secrets_note)
            .style(Style::new().fg(theme.muted))
            .wrap(Wrap { trim: true }),
        note,
    );
    let hint = match settings.target {
        SettingsFor::New => s::SETTINGS_KEYS_NEW,
        SettingsFor::Draft { .. } => s::SETTINGS_KEYS,
    };
    frame.render_widget(
        Paragraph::new(hint).style(Style::new().fg(theme.help_key)),
        keys,
    );
    if let Some(prompt) = &settings.prompt {
        render_prompt(prompt, theme, frame, screen);
    }
}

/// A large popup for result text.
fn result_area(screen: Rect) -> Rect {
    test_result::result_area(screen)
}

/// The test run's result (issue 19: every row reachable by scrolling, the position said, long
/// lines wrapped).
pub fn render_test_result(
    result: &TestResult,
    (now, keys_text): (Option<crate::model::Timestamp>, &str),
    theme: &Theme,
    frame: &mut Frame,
    screen: Rect,
    cache: &mut RenderCache,
) {
    let area = result_area(screen);
    frame.render_widget(Clear, area);
    let block = super::popup_block(s::test_result_title(&result.action_name), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [body, keys] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    let rows = test_result::test_result_rows(result, now, usize::from(body.width));
    let top = test_result::test_result_top(result, now, body);
    let shown = &rows[top.min(rows.len())..(top + usize::from(body.height)).min(rows.len())];
    let mut keys_line = vec![Span::styled(
        keys_text.to_string(),
        Style::new().fg(theme.help_key),
    )];
    if rows.len() > shown.len() && !shown.is_empty() {
        let last = top + shown.len();
        let position = s::result_position(top + 1, last, rows.len(), last < rows.len());
        let room = usize::from(keys.width)
            .saturating_sub(keys_text.chars().count() + position.chars().count());
        keys_line.push(Span::raw(" ".repeat(room.max(2))));
        keys_line.push(Span::styled(position, Style::new().fg(theme.label)));
    }
    frame.render_widget(Paragraph::new(Line::from(keys_line)), keys);
    let mut lines: Vec<Line<'static>> = vec![];
    let error_style = Style::new()
        .fg(theme.flash_error_fg)
        .bg(theme.flash_error_bg);
    // The payload's lines in view, coloured once.
    let payload_lines = shown.iter().filter_map(|row| match row.kind {
        ResultRowKind::Payload { line, .. } => Some(line),
        _ => None,
    });
    let first_line = payload_lines.clone().min().unwrap_or(0);
    let coloured = match payload_lines.max() {
        Some(last_line) => cache.code.lines(
            &result.pretty,
            &theme.syntax_theme,
            first_line,
            last_line + 1 - first_line,
        ),
        None => vec![],
    };
    for row in shown {
        let text = row.text.clone();
        lines.push(match row.kind {
            ResultRowKind::ErrorHead => {
                Line::styled(text, error_style.add_modifier(Modifier::BOLD))
            }
            ResultRowKind::Stack => Line::styled(text, Style::new().fg(theme.status_failed)),
            ResultRowKind::Passed => Line::styled(
                text,
                Style::new()
                    .fg(theme.status_built)
                    .add_modifier(Modifier::BOLD),
            ),
            ResultRowKind::From | ResultRowKind::Stats => {
                Line::styled(text, Style::new().fg(theme.muted))
            }
            ResultRowKind::PayloadLabel => Line::styled(text, Style::new().fg(theme.label)),
            ResultRowKind::Payload { line, start } => coloured.get(line - first_line).map_or_else(
                || Line::raw(text.clone()),
                |whole| slice_line(whole, start, text.chars().count()),
            ),
        });
    }
    match &result.run {
        Remote::Ready(_) => {}
        Remote::Failed(why) => lines.push(Line::styled(
            why.clone(),
            Style::new().fg(theme.status_failed),
        )),
        _ => lines.push(Line::styled(
            s::TEST_RUNNING,
            Style::new().fg(theme.spinner),
        )),
    }
    // Only a failure's message is left to wrap here: every other row fits its width.
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
}

/// The characters `start .. start + count` of a coloured line, each keeping its colour.
fn slice_line(line: &Line<'static>, start: usize, count: usize) -> Line<'static> {
    let mut spans = vec![];
    let mut skipped = 0;
    let mut taken = 0;
    for span in &line.spans {
        if taken == count {
            break;
        }
        let chars = span.content.chars().count();
        if skipped + chars <= start {
            skipped += chars;
            continue;
        }
        let from = start.saturating_sub(skipped);
        let piece: String = span
            .content
            .chars()
            .skip(from)
            .take(count - taken)
            .collect();
        skipped += chars;
        taken += piece.chars().count();
        spans.push(Span::styled(piece, span.style));
    }
    Line::from(spans)
}

pub fn render_execution(
    view: &ExecutionView,
    keys_text: &str,
    theme: &Theme,
    frame: &mut Frame,
    screen: Rect,
) {
    let area = result_area(screen);
    frame.render_widget(Clear, area);
    let block = super::popup_block(s::execution_title(&view.id), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [body, keys] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    frame.render_widget(
        Paragraph::new(keys_text.to_string()).style(Style::new().fg(theme.help_key)),
        keys,
    );
    let lines = match &view.execution {
        Remote::Ready(execution) => execution_lines(execution, theme),
        Remote::Failed(why) => vec![Line::styled(
            why.clone(),
            Style::new().fg(theme.status_failed),
        )],
        _ => vec![Line::styled(
            s::LOADING_EXECUTION,
            Style::new().fg(theme.spinner),
        )],
    };
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((view.scroll.min(u16::MAX as usize) as u16, 0)),
        body,
    );
}

fn execution_lines(execution: &Execution, theme: &Theme) -> Vec<Line<'static>> {
    let label = |text: &str| Span::styled(format!("{text:<10}"), Style::new().fg(theme.label));
    let when = |t: &Option<crate::model::Timestamp>| {
        t.map_or_else(
            || s::NEVER.to_string(),
            |t| t.format("%Y-%m-%d %H:%M:%S%.3f UTC").to_string(),
        )
    };
    let mut lines = vec![
        Line::from(vec![
            label(s::EXEC_TRIGGER),
            Span::raw(execution.trigger_id.clone()),
        ]),
        Line::from(vec![
            label(s::EXEC_STATUS),
            Span::raw(execution.status.clone()),
        ]),
        Line::from(vec![
            label(s::EXEC_CREATED),
            Span::raw(when(&execution.created_at)),
        ]),
        Line::raw(""),
    ];
    if execution.results.is_empty() {
        lines.push(Line::styled(
            s::EXEC_NO_RESULTS,
            Style::new().fg(theme.muted),
        ));
    }
    for (i, result) in execution.results.iter().enumerate() {
        let duration = match (result.started_at, result.ended_at) {
            (Some(start), Some(end)) => format!("{} ms", (end - start).num_milliseconds()),
            _ => s::NEVER.to_string(),
        };
        let (badge, colour) = match &result.error {
            Some(_) => (s::EXEC_FAILED, theme.status_failed),
            None => (s::EXEC_OK, theme.status_built),
        };
        lines.push(Line::from(vec![
            Span::raw(format!("{}. ", i + 1)),
            Span::styled(
                format!(" {badge} "),
                Style::new()
                    .fg(theme.status_badge_fg)
                    .bg(colour)
                    .add_modifier(Modifier::BOLD),
            ),
            Span::raw(format!(" {}  ", result.action_name)),
            Span::styled(duration, Style::new().fg(theme.muted)),
            Span::styled(
                format!("  {}", when(&result.started_at)),
                Style::new().fg(theme.muted),
            ),
        ]));
        if let Some(error) = &result.error {
            lines.push(Line::styled(
                format!("     {}: {}", error.id, error.msg),
                Style::new().fg(theme.status_failed),
            ));
            if let Some(url) = &error.url {
                lines.push(Line::styled(
                    format!("     {url}"),
                    Style::new().fg(theme.muted),
                ));
            }
        }
    }
    lines
}
