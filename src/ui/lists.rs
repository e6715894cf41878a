//! The list panes: Actions and Modules tables with their empty, loading and failed states.

use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use crate::app::layout::{list_offset, view_title};
use crate::app::state::{Focus, Remote, State, View};
use crate::model::TriggerStatus;
use crate::strings as s;
use crate::theme::Theme;
use crate::ui::{code_status_badge, has_focus, message, pane, status_badge};

/// Below this width the actions table drops the trigger and runtime columns.
const WIDE_LIST: u16 = 90;
/// Below this width the triggers table drops the status column and abbreviates "entity-bound".
const WIDE_TRIGGERS: u16 = 56;

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let (shown, total, loading_text, empty_text, remote_state) = match state.view {
        View::Actions => (
            state.visible_actions().len(),
            state.actions.list.data.ready().map_or(0, Vec::len),
            s::LOADING_ACTIONS,
            s::EMPTY_ACTIONS,
            remote_summary(&state.actions.list.data),
        ),
        View::Modules => (
            state.modules_list().len(),
            state.modules_list().len(),
            s::LOADING_MODULES,
            s::EMPTY_MODULES,
            remote_summary(&state.modules.list.data),
        ),
        View::Packages => (
            state.packages.visible().len(),
            state.packages.list.data.ready().map_or(0, Vec::len),
            s::LOADING_PACKAGES,
            s::EMPTY_PACKAGES,
            remote_summary(&state.packages.list.data),
        ),
        View::Flows => (
            state.flows.visible_triggers().len(),
            state.flows.triggers.data.ready().map_or(0, Vec::len),
            s::LOADING_TRIGGERS,
            s::NO_TRIGGERS,
            remote_summary(&state.flows.triggers.data),
        ),
    };
    let mut title = vec![Span::styled(
        format!(" {} ", view_title(state.view)),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    if matches!(remote_state, Summary::Ready) {
        title.push(Span::styled(
            format!("({}) ", s::count_of(shown, total)),
            Style::new().fg(theme.muted),
        ));
    }
    // Finding things (issue 19): the order chosen with `o`.
    if let Some(sort) = sort_label(state) {
        title.push(Span::styled(
            format!("{sort} "),
            Style::new().fg(theme.filter),
        ));
    }
    let mut block = pane(Line::from(title), has_focus(state, Focus::List), theme);
    if let Some(filter_line) = filter_line(state, theme) {
        block = block.title_bottom(filter_line);
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let muted = Style::new().fg(theme.muted);
    match remote_state {
        Summary::Loading => return message(frame, inner, loading_text, muted),
        Summary::Failed(err) => {
            let error = Style::new().fg(theme.status_failed);
            message(frame, inner, s::LOAD_FAILED, error);
            let below = Rect {
                y: inner.y + inner.height / 2 + 1,
                height: 1,
                ..inner
            };
            frame.render_widget(
                ratatui::widgets::Paragraph::new(err)
                    .style(muted)
                    .centered(),
                below,
            );
            return;
        }
        Summary::Ready if total == 0 => return message(frame, inner, empty_text, muted),
        Summary::Ready if shown == 0 => {
            return match filters_set(state) {
                Some(filters) => message(frame, inner, &s::find::no_list_matches(&filters), muted),
                None => message(frame, inner, s::NO_MATCH, muted),
            };
        }
        Summary::Ready => {}
    }

    let rows_visible = inner.height.saturating_sub(1) as usize;
    let selected = state.selected_index();
    let offset = list_offset(selected, rows_visible);
    let (header, rows, widths) = match state.view {
        View::Actions => actions_table(state, theme, inner.width),
        View::Modules => modules_table(state, theme),
        View::Flows => triggers_table(state, theme, inner.width >= WIDE_TRIGGERS),
        View::Packages => packages_table(state, theme, inner.width >= WIDE_LIST),
    };
    let selected_style = Style::new()
        .bg(theme.selection_bg)
        .fg(theme.selection_fg)
        .add_modifier(Modifier::BOLD);
    let rows = rows
        .into_iter()
        .enumerate()
        .skip(offset)
        .take(rows_visible)
        .map(|(index, mut cells)| {
            let marker = if index == selected { "› " } else { "  " };
            cells[0].spans.insert(0, Span::raw(marker));
            let row = Row::new(cells.into_iter().map(Cell::from));
            if index == selected {
                row.style(selected_style)
            } else {
                row
            }
        });
    let header = Row::new(header.iter().map(|h| Cell::from(*h)))
        .style(Style::new().fg(theme.label).add_modifier(Modifier::BOLD));
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        inner,
    );
}

enum Summary {
    Loading,
    Failed(String),
    Ready,
}

fn remote_summary<T>(remote: &Remote<T>) -> Summary {
    match remote {
        Remote::NotAsked | Remote::Loading => Summary::Loading,
        Remote::Failed(err) => Summary::Failed(err.clone()),
        Remote::Ready(_) => Summary::Ready,
    }
}

/// The list's order in its title (`by status`), unless it is the service's.
fn sort_label(state: &State) -> Option<String> {
    match state.view {
        View::Actions => state.actions.sort.label(s::find::SORT_DEPLOYED),
        View::Modules => state.modules.sort.label(s::find::SORT_PUBLISHED),
        View::Packages => state.packages.sort.label(s::find::SORT_CHANGED),
        View::Flows => None,
    }
}

/// The filters that left the list empty, in words (`post`, `state: failed`); `None`: none set.
fn filters_set(state: &State) -> Option<String> {
    let (_, name, others) = filters(state)?;
    let words: Vec<String> = (!name.is_empty())
        .then(|| name.to_string())
        .into_iter()
        .chain(others)
        .collect();
    (!words.is_empty()).then(|| words.join(", "))
}

/// The name filter (while typed or set) and the other filters set, in the bottom border.
/// Whether the name filter is being typed, its text, and the other filters set, in words.
fn filters(state: &State) -> Option<(bool, &str, Vec<String>)> {
    let found: (bool, &str, Vec<String>) = match state.view {
        View::Actions => {
            let view = &state.actions;
            let trigger = view.trigger_filter.iter();
            let set = trigger
                .map(|t| format!("{}{t}", s::TRIGGER_LABEL))
                .chain(view.state_filter.map(|f| s::find::state_choice(f.label())))
                .collect();
            (view.editing_filter, &view.name_filter, set)
        }
        View::Flows => (state.flows.editing_filter, &state.flows.filter, vec![]),
        View::Packages => {
            let view = &state.packages;
            let status = view
                .status_filter
                .iter()
                .map(|status| format!("{}{}", s::STATUS_FILTER_LABEL, status.as_str()));
            let code_type = view
                .type_filter
                .iter()
                .map(|code_type| format!("{}{}", s::TYPE_FILTER_LABEL, code_type.as_str()));
            (
                view.editing_filter,
                &view.name_filter,
                status.chain(code_type).collect(),
            )
        }
        View::Modules => return None,
    };
    Some(found)
}

fn filter_line(state: &State, theme: &Theme) -> Option<Line<'static>> {
    let (editing, text, set) = filters(state)?;
    let style = Style::new().fg(theme.filter);
    let mut spans = vec![];
    if editing || !text.is_empty() {
        let cursor = if editing { "▏" } else { "" };
        spans.push(Span::styled(
            format!(" {}{text}{cursor} ", s::FILTER_PROMPT),
            style,
        ));
    }
    spans.extend(
        set.into_iter()
            .map(|label| Span::styled(format!(" {label} "), style)),
    );
    (!spans.is_empty()).then(|| Line::from(spans))
}

type Table3 = (Vec<&'static str>, Vec<Vec<Line<'static>>>, Vec<Constraint>);

fn actions_table(state: &State, theme: &Theme, width: u16) -> Table3 {
    let wide = width >= WIDE_LIST;
    // Beside an open detail the list is narrow: what state each action is in comes first, the
    // name after it, cut with `…` (issue 19: a long name no longer hides the status).
    let status_first = !wide && state.detail_open();
    let actions = state.visible_actions();
    // Runtimes such as `node18-actions` must not be cut.
    let runtime_width = actions
        .iter()
        .map(|a| a.runtime.width())
        .max()
        .unwrap_or(0)
        .max(s::COL_RUNTIME.width());
    let rows = actions
        .into_iter()
        .map(|action| {
            let live = match &action.deployed_version {
                Some(version) => Span::styled(
                    format!("v{}", version.number),
                    Style::new().fg(theme.deployed),
                ),
                None => Span::styled(s::NEVER, Style::new().fg(theme.not_deployed)),
            };
            let draft_style = Style::new().fg(theme.draft_differs);
            let mut cells = vec![Line::from(action.name.clone())];
            if wide {
                let draft = if action.draft_differs() {
                    Span::styled(s::DRAFT_DIFFERS, draft_style)
                } else {
                    Span::raw("")
                };
                cells.push(Line::from(action.trigger_ids().join(", ")));
                cells.push(Line::from(action.runtime.clone()));
                cells.extend([
                    Line::from(status_badge(theme, &action.status)),
                    Line::from(live),
                    Line::from(draft),
                ]);
            } else {
                // Narrow: the draft marker sits next to the live version to leave room for names.
                let mut live = Line::from(live);
                if action.draft_differs() {
                    live.spans.push(Span::styled(
                        format!(" {}", s::DRAFT_DIFFERS_SHORT),
                        draft_style,
                    ));
                }
                cells.extend([Line::from(status_badge(theme, &action.status)), live]);
                if status_first {
                    let room = usize::from(width).saturating_sub(STATUS_FIRST_FIXED);
                    cells.rotate_left(1);
                    cells[2] = Line::from(ellipsized(&action.name, room));
                }
            }
            cells
        })
        .collect();
    let (header, widths) = if wide {
        (
            vec![
                s::COL_NAME,
                s::COL_TRIGGERS,
                s::COL_RUNTIME,
                s::COL_STATUS,
                s::COL_LIVE,
                s::COL_DRAFT,
            ],
            vec![
                Constraint::Fill(3),
                Constraint::Fill(2),
                Constraint::Length(runtime_width as u16),
                Constraint::Length(10),
                Constraint::Length(5),
                Constraint::Length(7),
            ],
        )
    } else if status_first {
        (
            vec![s::COL_STATUS, s::COL_LIVE, s::COL_NAME],
            vec![
                Constraint::Length(12),
                Constraint::Length(6),
                Constraint::Fill(1),
            ],
        )
    } else {
        (
            vec![s::COL_NAME, s::COL_STATUS, s::COL_LIVE],
            vec![
                Constraint::Fill(1),
                Constraint::Length(10),
                Constraint::Length(6),
            ],
        )
    };
    (header, rows, widths)
}

/// Columns the status-first table gives its status (with the row marker) and live columns, and
/// the spaces between its three columns.
const STATUS_FIRST_FIXED: usize = 12 + 6 + 2;

/// `text` in at most `width` columns, its end replaced by `…` when cut.
fn ellipsized(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

fn modules_table(state: &State, theme: &Theme) -> Table3 {
    let rows = state
        .modules_list()
        .iter()
        .map(|module| {
            let latest = match module.latest_version_number() {
                Some(number) => Span::styled(format!("v{number}"), Style::new().fg(theme.deployed)),
                None => Span::styled(s::NEVER, Style::new().fg(theme.not_deployed)),
            };
            let draft = if module.draft_unpublished() {
                Span::styled(s::DRAFT_UNPUBLISHED, Style::new().fg(theme.draft_differs))
            } else {
                Span::raw("")
            };
            vec![
                Line::from(module.name.clone()),
                Line::from(latest),
                Line::from(draft),
                Line::from(s::used_by_count(module.actions_using_module_total)),
            ]
        })
        .collect();
    let header = vec![s::COL_NAME, s::COL_LATEST, s::COL_DRAFT, s::COL_USED_BY];
    let widths = vec![
        Constraint::Fill(1),
        Constraint::Length(7),
        Constraint::Length(12),
        Constraint::Length(11),
    ];
    (header, rows, widths)
}

/// One row per trigger id: the version shown, its status, and how many actions its flow runs. Narrow:
/// a deprecated trigger's name is dimmed instead of a status column.
fn triggers_table(state: &State, theme: &Theme, wide: bool) -> Table3 {
    let muted = Style::new().fg(theme.muted);
    let rows = state
        .flows
        .visible_triggers()
        .into_iter()
        .map(|trigger| {
            let status_style = match trigger.status {
                TriggerStatus::Current => Style::new().fg(theme.deployed),
                _ => muted,
            };
            let bound = if trigger.entity_bound {
                let label = if wide {
                    s::ENTITY_BOUND_SHORT
                } else {
                    s::ENTITY_BOUND_TINY
                };
                Span::styled(label, muted)
            } else {
                match state.flows.bindings.get(&trigger.id).map(|slot| &slot.data) {
                    Some(Remote::Ready(list)) => Span::raw(list.len().to_string()),
                    Some(Remote::Failed(_)) => {
                        Span::styled(s::BOUND_UNKNOWN, Style::new().fg(theme.status_failed))
                    }
                    _ => Span::styled(s::BOUND_LOADING, muted),
                }
            };
            let name = if wide || trigger.status == TriggerStatus::Current {
                Line::from(trigger.id.clone())
            } else {
                Line::styled(trigger.id.clone(), muted)
            };
            let mut cells = vec![name, Line::from(trigger.version.clone())];
            if wide {
                let status = trigger.status.as_str().to_string();
                cells.push(Line::from(Span::styled(status, status_style)));
            }
            cells.push(Line::from(bound));
            cells
        })
        .collect();
    if wide {
        let header = vec![
            s::COL_TRIGGER,
            s::COL_VERSION_SHORT,
            s::COL_TRIGGER_STATUS,
            s::COL_BOUND,
        ];
        let widths = vec![
            Constraint::Fill(1),
            Constraint::Length(4),
            Constraint::Length(10),
            Constraint::Length(12),
        ];
        (header, rows, widths)
    } else {
        let header = vec![s::COL_TRIGGER, s::COL_VERSION_SHORT, s::COL_BOUND];
        let widths = vec![
            Constraint::Fill(1),
            Constraint::Length(4),
            Constraint::Length(5),
        ];
        (header, rows, widths)
    }
}

/// Code packages: name, where (when more than one database or owner is in play), version,
/// status, type, and who changed it when (server time). Narrow: name, version, status.
fn packages_table(state: &State, theme: &Theme, wide: bool) -> Table3 {
    let several = state.packages.several_places();
    let muted = Style::new().fg(theme.muted);
    let rows = state
        .packages
        .visible()
        .into_iter()
        .map(|package| {
            let place = format!("{}/{}", package.id.database, package.id.owner);
            let mut name = Line::from(package.id.name.clone());
            if several && !wide {
                // No room for a column: the place follows the name.
                name.spans.push(Span::styled(format!(" · {place}"), muted));
            }
            let mut cells = vec![name];
            if several && wide {
                cells.push(Line::styled(place, muted));
            }
            cells.push(Line::styled(
                format!("v{}", package.version),
                Style::new().fg(theme.deployed),
            ));
            cells.push(Line::from(code_status_badge(theme, &package.status)));
            if wide {
                cells.push(Line::from(package.code_type.as_str().to_string()));
                let updated = package
                    .updated_on
                    .map(|at| at.format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_default();
                cells.push(Line::styled(
                    format!("{updated} {}", package.updated_by),
                    muted,
                ));
            }
            cells
        })
        .collect();
    let mut columns = vec![(s::COL_NAME, Constraint::Fill(if wide { 3 } else { 1 }))];
    if wide && several {
        columns.push((s::COL_PLACE, Constraint::Fill(2)));
    }
    columns.push((s::COL_VERSION_V, Constraint::Length(4)));
    columns.push((s::COL_STATUS, Constraint::Length(12)));
    if wide {
        columns.push((s::COL_TYPE, Constraint::Fill(2)));
        columns.push((s::COL_UPDATED, Constraint::Length(24)));
    }
    let (header, widths) = columns.into_iter().unzip();
    (header, rows, widths)
}
