//! The Flows view's right pane — the selected trigger's bindings drawn as a flow, Start → each action
//! in execution order → Complete, with a held binding shown where it would land — and its two popups:
//! the add picker and the "changed elsewhere" comparison.

use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Clear, Paragraph, Row, Table};
use ratatui::Frame;

use crate::app::layout::{self, flow_areas, list_offset};
use crate::app::state::{FlowRow, Focus, Overlay, Remote, State};
use crate::flows::FlowTrigger;
use crate::model::BoundAction;
use crate::strings as s;
use crate::theme::Theme;
use crate::ui::{has_focus, message, pane, spinner};

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let focused = has_focus(state, Focus::Detail);
    let Some(trigger) = state.flows.selected_trigger() else {
        return;
    };
    let saving = state.saving(&trigger.id).is_some();
    let rows = state.flow_rows();
    let mut title = vec![Span::styled(
        format!(" {} {} ", trigger.id, trigger.version),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    if !trigger.entity_bound && state.flows.loaded(&trigger.id).is_some() {
        title.push(Span::styled(
            s::flow_count(rows.len()),
            Style::new().fg(theme.muted),
        ));
    }
    if saving {
        title.push(Span::styled(
            format!("{} {} ", spinner(state), s::FLOW_SAVING),
            Style::new().fg(theme.status_in_progress),
        ));
    }
    let mut block = pane(Line::from(title), focused, theme);
    // Logs (issue 18): who last changed this order, and when.
    if let Some(Remote::Ready(Some((author, at)))) = state.logs.order_changes.get(&trigger.id) {
        let when = match state.now {
            Some(now) => crate::app::timeline::relative_time(*at, now),
            None => at.format("%Y-%m-%d %H:%M").to_string(),
        };
        let said = s::logs::last_order_change(&s::logs::author(author), &when);
        block = block.title_bottom(
            Line::from(Span::styled(
                format!(" {} ", crate::model::terminal_safe(&said)),
                Style::new().fg(theme.muted),
            ))
            .right_aligned(),
        );
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let muted = Style::new().fg(theme.muted);
    if trigger.entity_bound {
        return message(frame, inner, s::ENTITY_BOUND, muted);
    }
    match state.flows.bindings.get(&trigger.id).map(|slot| &slot.data) {
        Some(Remote::Ready(_)) => {}
        Some(Remote::Failed(err)) => {
            message(
                frame,
                inner,
                s::LOAD_FAILED,
                Style::new().fg(theme.status_failed),
            );
            let below = Rect {
                y: inner.y + inner.height / 2 + 1,
                height: 1,
                ..inner
            };
            frame.render_widget(Paragraph::new(err.clone()).style(muted).centered(), below);
            return;
        }
        _ => return message(frame, inner, s::LOADING_BINDINGS, muted),
    }

    let areas = flow_areas(area);
    let visible = areas.rows.height as usize;
    let offset = list_offset(layout::flow_cursor(state), visible);
    // The Action column only says something when some binding's name is not its action's.
    let show_action = rows.iter().any(|r| action_name(r) != r.entry.display_name);
    let mut table_rows = vec![start_row(trigger, offset, theme, show_action)];
    if rows.is_empty() {
        table_rows.push(Row::new(vec![
            Cell::from(""),
            Cell::from(Span::styled(format!("│  {}", s::FLOW_EMPTY), muted)),
        ]));
    }
    for (index, row) in rows.iter().enumerate().skip(offset).take(visible) {
        table_rows.push(binding_row(state, theme, focused, index, row, show_action));
    }
    let below = rows.len().saturating_sub(offset + visible);
    table_rows.push(Row::new(vec![
        Cell::from(""),
        Cell::from(Span::styled(s::flow_complete(below), muted)),
    ]));
    let columns = [
        (s::COL_POSITION, Constraint::Length(3)),
        (s::COL_DISPLAY_NAME, Constraint::Fill(3)),
        (s::COL_ACTION, Constraint::Fill(2)),
        (s::COL_LIVE, Constraint::Length(5)),
        (s::COL_DRAFT, Constraint::Length(7)),
    ];
    let columns: Vec<_> = (columns.into_iter())
        .filter(|(name, _)| show_action || *name != s::COL_ACTION)
        .collect();
    let header = Row::new(columns.iter().map(|(name, _)| Cell::from(*name)))
        .style(Style::new().fg(theme.label).add_modifier(Modifier::BOLD));
    let widths: Vec<Constraint> = columns.iter().map(|(_, width)| *width).collect();
    let table_area = Rect {
        height: inner.height.saturating_sub(1),
        ..inner
    };
    frame.render_widget(
        Table::new(table_rows, widths)
            .header(header)
            .column_spacing(1),
        table_area,
    );

    let (hint, style) = if state.flows.held.is_some() {
        (s::FLOW_HOLDING, Style::new().fg(theme.status_in_progress))
    } else {
        (s::FLOW_HINTS, muted)
    };
    frame.render_widget(Paragraph::new(Span::styled(hint, style)), areas.hint);
}

/// `▶ Start`, or how many bindings are scrolled away above, with the trigger's other versions.
fn start_row(
    trigger: &FlowTrigger,
    offset: usize,
    theme: &Theme,
    show_action: bool,
) -> Row<'static> {
    let muted = Style::new().fg(theme.muted);
    let also = if trigger.other_versions.is_empty() {
        String::new()
    } else {
        s::flow_other_versions(&trigger.other_versions)
    };
    let start = Span::styled(s::flow_start(offset), Style::new().fg(theme.deployed));
    if !show_action {
        // No Action column: the other versions follow Start in its cell.
        let also = Span::styled(format!("  {also}"), muted);
        return Row::new(vec![
            Cell::from(""),
            Cell::from(Line::from(vec![start, also])),
        ]);
    }
    Row::new(vec![
        Cell::from(""),
        Cell::from(start),
        Cell::from(Span::styled(also, muted)),
    ])
}

/// The name of the action a binding runs (its id when the action is not loaded).
fn action_name(row: &FlowRow<'_>) -> String {
    row.action
        .map_or_else(|| row.entry.action_id.clone(), |a| a.name.clone())
}

fn binding_row(
    state: &State,
    theme: &Theme,
    focused: bool,
    index: usize,
    row: &FlowRow<'_>,
    show_action: bool,
) -> Row<'static> {
    let held = state.flows.held.is_some_and(|h| h.at == index);
    let selected = state.flows.held.is_none() && index == state.flows.binding_selected;
    let (rail, marker) = match (held, selected) {
        (true, _) => ("┣━", "⇅ "),
        (false, true) => ("├─", "› "),
        _ => ("├─", ""),
    };
    let action = row.action;
    let live = match action.and_then(|a| a.deployed_version.as_ref()) {
        Some(version) => Span::styled(
            format!("v{}", version.number),
            Style::new().fg(theme.deployed),
        ),
        None => Span::styled(s::NEVER, Style::new().fg(theme.not_deployed)),
    };
    let draft = if action.is_some_and(super::super::model::Action::draft_differs) {
        Span::styled(s::DRAFT_DIFFERS, Style::new().fg(theme.draft_differs))
    } else {
        Span::raw("")
    };
    let mut cells = vec![
        Cell::from(format!("{:>2}", index + 1)),
        Cell::from(format!("{rail} {marker}{}", row.entry.display_name)),
    ];
    if show_action {
        cells.push(Cell::from(action_name(row)));
    }
    cells.extend([Cell::from(live), Cell::from(draft)]);
    let style = if held {
        Style::new()
            .fg(theme.status_badge_fg)
            .bg(theme.status_in_progress)
            .add_modifier(Modifier::BOLD)
    } else if selected && focused {
        Style::new()
            .bg(theme.selection_bg)
            .fg(theme.selection_fg)
            .add_modifier(Modifier::BOLD)
    } else {
        Style::new()
    };
    Row::new(cells).style(style)
}

/// A popup in the middle of the screen, cleared, with a title.
fn popup<'a>(frame: &mut Frame, area: Rect, title: &'a str, theme: &Theme) -> Block<'a> {
    frame.render_widget(Clear, area);
    super::popup_block(title, theme)
}

/// The add picker: deployed actions that support the trigger and are not bound yet.
pub fn render_add(state: &State, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let Overlay::AddBinding {
        candidates,
        selected,
    } = &state.overlay
    else {
        return;
    };
    let live_of = |id: &str| {
        state
            .actions
            .list
            .data
            .ready()
            .and_then(|list| list.iter().find(|a| a.id == id))
            .and_then(|a| a.deployed_version.as_ref())
            .map(|v| format!("v{}", v.number))
            .unwrap_or_default()
    };
    let width = candidates
        .iter()
        .map(|c| c.display_name.chars().count() + 12)
        .max()
        .unwrap_or(0)
        .max(s::ADD_TITLE.chars().count() + 2) as u16;
    let height = (candidates.len() as u16 + 2).min(screen.height.saturating_sub(2));
    let area = screen.centered(
        Constraint::Length(width.min(screen.width)),
        Constraint::Length(height),
    );
    let rows = height.saturating_sub(2) as usize;
    let offset = list_offset(*selected, rows);
    let lines: Vec<Line> = candidates
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(index, candidate)| {
            let text = format!(
                " {} {}  {} ",
                if index == *selected { "›" } else { " " },
                candidate.display_name,
                live_of(&candidate.action_id)
            );
            if index == *selected {
                Line::styled(
                    text,
                    Style::new()
                        .bg(theme.selection_bg)
                        .fg(theme.selection_fg)
                        .add_modifier(Modifier::BOLD),
                )
            } else {
                Line::raw(text)
            }
        })
        .collect();
    let block = popup(frame, area, s::ADD_TITLE, theme);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// Both orders side by side after someone else changed the flow; rows that differ are marked.
pub fn render_conflict(state: &State, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let Some(conflict) = &state.flows.conflict else {
        return;
    };
    let server: Vec<BoundAction> = crate::flows::order_of(&conflict.server);
    let longest = conflict.mine.len().max(server.len()) as u16;
    let width = screen.width.saturating_sub(4).min(110);
    let height = (longest + 8).min(screen.height.saturating_sub(2));
    let area = screen.centered(Constraint::Length(width), Constraint::Length(height));
    let block = popup(frame, area, s::CONFLICT_TITLE, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let differs = Style::new()
        .fg(theme.draft_differs)
        .add_modifier(Modifier::BOLD);
    let label = Style::new().fg(theme.label).add_modifier(Modifier::BOLD);
    let name = |order: &[BoundAction], i: usize| {
        order
            .get(i)
            .map(|b| format!("{:>2}  {}", i + 1, b.display_name))
            .unwrap_or_default()
    };
    let mut rows = vec![Row::new(vec![
        Cell::from(Span::styled(s::CONFLICT_MINE, label)),
        Cell::from(Span::styled(s::CONFLICT_SERVER, label)),
    ])];
    for i in 0..longest as usize {
        let same = conflict.mine.get(i) == server.get(i);
        let style = if same { Style::new() } else { differs };
        rows.push(
            Row::new(vec![
                Cell::from(name(&conflict.mine, i)),
                Cell::from(name(&server, i)),
            ])
            .style(style),
        );
    }
    frame.render_widget(
        Paragraph::new(s::CONFLICT_WHY).wrap(ratatui::widgets::Wrap { trim: true }),
        Rect { height: 1, ..inner },
    );
    let body = Rect {
        y: inner.y + 2,
        height: inner.height.saturating_sub(4),
        ..inner
    };
    frame.render_widget(
        Table::new(rows, [Constraint::Fill(1), Constraint::Fill(1)]).column_spacing(2),
        body,
    );
    let hint = Rect {
        y: inner.y + inner.height.saturating_sub(1),
        height: 1,
        ..inner
    };
    frame.render_widget(
        Paragraph::new(s::CONFLICT_HINT)
            .style(Style::new().fg(theme.muted))
            .centered(),
        hint,
    );
}
