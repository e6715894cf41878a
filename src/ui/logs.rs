//! View `6` (issue 18): the tenant's logs over the body — the tail newest first with its
//! connection state and filters in the title, or one event whole (pretty JSON, highlighted) above
//! its executions' per-action results and errors.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, Wrap};
use ratatui::Frame;

use crate::app::layout::list_offset;
use crate::app::logs::{what, who, who_in};
use crate::app::state::{LogsView, OpenEvent, Remote, State, TailState};
use crate::app::timeline::relative_time;
use crate::model::logs::LogEvent;
use crate::model::{terminal_safe, Execution};
use crate::strings::logs as words;
use crate::theme::Theme;
use crate::ui::RenderCache;

pub fn render(
    state: &State,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    cache: &mut RenderCache,
) {
    frame.render_widget(Clear, area);
    let logs = &state.logs;
    match &logs.open {
        Some(open) => render_event(open, theme, frame, area, cache),
        None => render_list(state, logs, theme, frame, area),
    }
}

fn block<'a>(title: &str, right: Option<Span<'a>>, theme: &Theme) -> Block<'a> {
    let mut block = Block::new()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(theme.border_focus))
        .title(Span::styled(
            terminal_safe(title).into_owned(),
            Style::new().add_modifier(Modifier::BOLD),
        ))
        .style(Style::new().fg(theme.text).bg(theme.background));
    if let Some(right) = right {
        block = block.title_top(Line::from(right).right_aligned());
    }
    block
}

fn tail_state(state: &State, logs: &LogsView, theme: &Theme) -> Span<'static> {
    let (text, color) = match &logs.tail {
        // Offline, what shows is what the store kept: never "live".
        _ if state.opts.offline => (words::TAIL_OFFLINE.to_string(), theme.muted),
        TailState::Connecting => (words::TAIL_CONNECTING.to_string(), theme.muted),
        TailState::Connected => (words::TAIL_CONNECTED.to_string(), theme.deployed),
        TailState::Reconnecting(why) => (words::tail_reconnecting(why), theme.status_failed),
        TailState::Paused => (words::TAIL_PAUSED.to_string(), theme.status_in_progress),
    };
    Span::styled(
        format!(" {} ", terminal_safe(&text)),
        Style::new().fg(color),
    )
}

/// The Who column's widest and narrowest: a Dashboard author whole fits the widest; a narrow
/// screen gives Who a little over half of what the When and Type columns leave (an email fits
/// at 80 columns).
const WHO_WIDEST: u16 = 34;
/// The When (`10:00:05 10 min ago`) and Type columns.
const WHEN_WIDTH: u16 = 19;
const TYPE_WIDTH: u16 = 14;
const WHO_NARROWEST: u16 = 12;

/// The Who column's width in a list `width` columns wide.
fn who_width(width: u16) -> u16 {
    // When, Type and the three spaces between the four columns.
    (width.saturating_sub(WHEN_WIDTH + TYPE_WIDTH + 3) * 11 / 20).clamp(WHO_NARROWEST, WHO_WIDEST)
}

/// Who, in short when the whole does not fit the column (the event opened says it whole).
fn who_fitting(event: &LogEvent, room: u16) -> String {
    let whole = who(event);
    if whole.chars().count() <= usize::from(room) {
        whole
    } else {
        who_in(event, true)
    }
}

fn render_list(state: &State, logs: &LogsView, theme: &Theme, frame: &mut Frame, area: Rect) {
    let visible = logs.visible();
    let (title, right) = match &logs.pinned {
        Some(pinned) => (pinned.title.clone(), None),
        None => (
            words::logs_title(
                logs.class,
                logs.action.as_ref().map(|(name, _)| name.as_str()),
                &logs.text,
                visible.len(),
            ),
            Some(tail_state(state, logs, theme)),
        ),
    };
    let block = block(&title, right, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let muted = Style::new().fg(theme.muted);
    if visible.is_empty() {
        let text = if logs.events.is_empty() {
            words::LOGS_EMPTY
        } else {
            words::LOGS_NONE_MATCH
        };
        frame.render_widget(
            Paragraph::new(format!(" {text}"))
                .style(muted)
                .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    let rows_visible = inner.height.saturating_sub(1) as usize;
    let offset = list_offset(logs.selected, rows_visible);
    let selected_style = Style::new()
        .bg(theme.selection_bg)
        .fg(theme.selection_fg)
        .add_modifier(Modifier::BOLD);
    let rows = visible
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows_visible)
        .map(|(index, event)| {
            let row = event_row(state, event, theme, who_width(inner.width));
            if index == logs.selected {
                row.style(selected_style)
            } else {
                row
            }
        });
    let header = Row::new([
        words::COL_WHEN,
        words::COL_TYPE,
        words::COL_WHO,
        words::COL_WHAT,
    ])
    .style(Style::new().fg(theme.label).add_modifier(Modifier::BOLD));
    let widths = [
        Constraint::Length(WHEN_WIDTH),
        Constraint::Length(TYPE_WIDTH),
        Constraint::Length(who_width(inner.width)),
        Constraint::Fill(1),
    ];
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        inner,
    );
}

fn event_row(state: &State, event: &LogEvent, theme: &Theme, who_room: u16) -> Row<'static> {
    let when = match state.now {
        Some(now) => format!(
            "{} {}",
            event.date.format("%H:%M:%S"),
            relative_time(event.date, now)
        ),
        None => event.date.format("%m-%d %H:%M:%S").to_string(),
    };
    let kind_style = match event.kind.as_str() {
        "actions_execution_failed" | "f" | "fapi" => Style::new().fg(theme.status_failed),
        "sapi" => Style::new().fg(theme.filter),
        _ => Style::new().fg(theme.muted),
    };
    Row::new(vec![
        Cell::from(Span::styled(when, Style::new().fg(theme.muted))),
        Cell::from(Span::styled(words::kind_label(&event.kind), kind_style)),
        Cell::from(terminal_safe(&who_fitting(event, who_room)).into_owned()),
        Cell::from(terminal_safe(&what(event)).into_owned()),
    ])
}

fn render_event(
    open: &OpenEvent,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    cache: &mut RenderCache,
) {
    let execution_lines = execution_lines(open, theme);
    let wanted = u16::try_from(execution_lines.len() + 2).unwrap_or(u16::MAX);
    let [top, bottom] = Layout::vertical([
        Constraint::Min(5),
        Constraint::Length(wanted.min(area.height / 2).max(3)),
    ])
    .areas(area);
    let block_top = block(
        &words::event_title(&open.event.kind, &open.event.log_id),
        None,
        theme,
    );
    let inner = block_top.inner(top);
    frame.render_widget(block_top, top);
    // The event's JSON wraps: a long string stays readable whole.
    let look = crate::app::state::CodeView {
        wrap: true,
        ..crate::app::state::CodeView::default()
    };
    crate::ui::detail::render_code_with(
        &open.pretty,
        open.scroll,
        &look,
        theme,
        frame,
        inner,
        cache,
        None,
    );
    let block_bottom = block(&format!(" {} ", words::EXECUTIONS_HEADING), None, theme);
    frame.render_widget(
        Paragraph::new(execution_lines)
            .block(block_bottom)
            .wrap(Wrap { trim: false }),
        bottom,
    );
}

/// Per execution: its id and status, then each action's result or error.
fn execution_lines(open: &OpenEvent, theme: &Theme) -> Vec<Line<'static>> {
    let muted = Style::new().fg(theme.muted);
    let failed = Style::new().fg(theme.status_failed);
    if open.executions.is_empty() {
        return vec![Line::styled(format!(" {}", words::NO_EXECUTIONS), muted)];
    }
    let mut lines = vec![];
    for (id, read) in &open.executions {
        let id = terminal_safe(id).into_owned();
        match read {
            Remote::Ready(execution) => lines.extend(results(&id, execution, theme)),
            Remote::Failed(why) => lines.push(Line::from(vec![
                Span::raw(format!(" {id}  ")),
                Span::styled(terminal_safe(why).into_owned(), failed),
            ])),
            Remote::NotAsked | Remote::Loading => lines.push(Line::from(vec![
                Span::raw(format!(" {id}  ")),
                Span::styled(words::EXECUTION_LOADING, muted),
            ])),
        }
    }
    lines
}

fn results(id: &str, execution: &Execution, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(vec![
        Span::styled(format!(" {id}"), Style::new().add_modifier(Modifier::BOLD)),
        Span::styled(
            format!(
                "  {} · {}",
                terminal_safe(&execution.trigger_id),
                terminal_safe(&execution.status)
            ),
            Style::new().fg(theme.muted),
        ),
    ])];
    for result in &execution.results {
        let outcome = match &result.error {
            Some(error) => Span::styled(
                terminal_safe(&error.msg).into_owned(),
                Style::new().fg(theme.status_failed),
            ),
            None => Span::styled(words::RESULT_OK, Style::new().fg(theme.deployed)),
        };
        lines.push(Line::from(vec![
            Span::raw(format!("   {}  ", terminal_safe(&result.action_name))),
            outcome,
        ]));
    }
    lines
}
