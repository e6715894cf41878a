//! The version timeline pane (in the list's place) and the selected version's code (in the detail's).

use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};
use ratatui::Frame;

use crate::app::layout::{list_offset, META_ROWS};
use crate::app::state::{Focus, Remote, State, VersionsView};
use crate::app::timeline::{relative_time, RowKey, Timeline, TimelineRow, Versioned, When};
use crate::model::terminal_safe;
use crate::strings as s;
use crate::theme::Theme;
use crate::ui::{has_focus, message, pane, row_badge, RenderCache};

/// The timeline's Version, live and Status columns (the last, When, takes the rest).
const FIXED_COLUMNS: [u16; 3] = [9, 9, 10];

pub fn render_list(
    state: &State,
    versions: &VersionsView,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let count = versions.timeline.data.ready().map_or(0, |t| {
        t.rows.iter().filter(|r| r.key != RowKey::Draft).count()
    });
    let mut title = vec![Span::styled(
        s::timeline_title(&versions.object_name, count),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    if let Some(running) = &state.running {
        if running.change.object().0 == versions.object_id {
            title.push(Span::styled(
                format!("{} ", crate::ui::spinner(state)),
                Style::new().fg(theme.spinner),
            ));
        }
    }
    let block = pane(Line::from(title), has_focus(state, Focus::Timeline), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let muted = Style::new().fg(theme.muted);
    let timeline = match &versions.timeline.data {
        Remote::Ready(timeline) => timeline,
        Remote::Failed(err) => {
            return message(frame, inner, err, Style::new().fg(theme.status_failed))
        }
        Remote::NotAsked | Remote::Loading => {
            return message(frame, inner, s::LOADING_VERSIONS, muted)
        }
    };
    if timeline.rows.is_empty() {
        return message(frame, inner, s::TIMELINE_EMPTY, muted);
    }
    let rows_visible = inner.height.saturating_sub(1) as usize;
    let offset = list_offset(versions.selected, rows_visible);
    // The last column's width: the first three and the spaces between the four.
    let when_room = usize::from(inner.width)
        .saturating_sub(usize::from(FIXED_COLUMNS.iter().sum::<u16>()) + FIXED_COLUMNS.len());
    let selected_style = Style::new()
        .bg(theme.selection_bg)
        .fg(theme.selection_fg)
        .add_modifier(Modifier::BOLD);
    let rows = timeline
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows_visible)
        .map(|(index, row)| {
            let marker = if index == versions.selected {
                "› "
            } else {
                "  "
            };
            let name_style = match row.key {
                RowKey::Draft => Style::new().fg(theme.draft_differs),
                RowKey::Version(_) => Style::new(),
            };
            let live = if row.live {
                Span::styled(
                    s::live_mark(row.live_word()),
                    Style::new().fg(theme.deployed),
                )
            } else {
                Span::raw("")
            };
            let base = if versions.base == Some(row.key) {
                Span::styled(s::TIMELINE_BASE_MARK, Style::new().fg(theme.filter))
            } else {
                Span::raw("")
            };
            // FairCom says who made each version itself: after its time and comment.
            let author = row.author.as_ref().map(|author| {
                Span::styled(
                    format!(" · {}", terminal_safe(&s::logs::author(author))),
                    Style::new().fg(theme.label),
                )
            });
            // Logs (issue 18): failures while it was live and who deployed it, before the time;
            // the first of these that fits (the row's facts say it all whole).
            let author_width = author.as_ref().map_or(0, Span::width);
            let fits = |(words, time): &(Vec<Span<'static>>, String)| {
                words.iter().map(Span::width).sum::<usize>() + time.chars().count() + author_width
                    <= when_room
            };
            let (long, short) = (
                activity_spans(state, versions, row, theme, false),
                activity_spans(state, versions, row, theme, true),
            );
            let (full_time, short_time) = (when(state, row, true), when(state, row, false));
            let tries = [
                (long.clone(), full_time.clone()),
                (long, short_time.clone()),
                (short.clone(), full_time),
                (short, short_time),
            ];
            let [_, _, _, shortest] = &tries;
            let (mut when_spans, time) = tries.iter().find(|t| fits(t)).unwrap_or(shortest).clone();
            // A failed build (a failed draft too) says why here; the time is in the row's facts.
            let when_span = match row.failure() {
                None => Span::styled(time, muted),
                Some(_) if !row.errors.is_empty() => {
                    Span::styled(row.errors.join("; "), Style::new().fg(theme.status_failed))
                }
                Some(why) => Span::styled(why, Style::new().fg(theme.status_failed)),
            };
            when_spans.push(when_span);
            when_spans.extend(author);
            let cells = vec![
                Cell::from(Line::from(vec![
                    Span::raw(marker),
                    Span::styled(short_label(row), name_style),
                    base,
                ])),
                Cell::from(live),
                Cell::from(Line::from(row_badge(theme, &row.status))),
                Cell::from(Line::from(when_spans)),
            ];
            let table_row = Row::new(cells);
            if index == versions.selected {
                table_row.style(selected_style)
            } else {
                table_row
            }
        });
    let when_heading = match timeline.kind {
        Versioned::Package => s::COL_WHEN_COMMENT,
        _ => s::COL_CREATED,
    };
    let header = Row::new([s::COL_VERSION, "", s::COL_STATUS, when_heading])
        .style(Style::new().fg(theme.label).add_modifier(Modifier::BOLD));
    let widths = [
        Constraint::Length(FIXED_COLUMNS[0]),
        Constraint::Length(FIXED_COLUMNS[1]),
        Constraint::Length(FIXED_COLUMNS[2]),
        Constraint::Fill(1),
    ];
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        inner,
    );
}

/// "2 d ago · 2026-11-20 14:03" (only the absolute part when the clock is unknown, only the
/// relative one without `absolute`: the row's facts have the time whole); a package version's
/// server time and comment. A server time has no zone: no "ago" can be said of it.
fn when(state: &State, row: &TimelineRow, absolute: bool) -> String {
    let at = match row.created {
        None => String::new(),
        Some(When::Utc(at)) => {
            let at_text = at.format("%Y-%m-%d %H:%M").to_string();
            match state.now {
                Some(now) if absolute => format!("{} · {at_text}", relative_time(at, now)),
                Some(now) => relative_time(at, now),
                None => at_text,
            }
        }
        Some(When::Server(at)) => at.format("%Y-%m-%d %H:%M").to_string(),
    };
    // A draft is no version: its time is its last edit, not a creation.
    let at = if row.key == RowKey::Draft && !at.is_empty() {
        s::state::draft_edited(&at)
    } else {
        at
    };
    match (at.is_empty(), row.comment.is_empty()) {
        (_, true) => at,
        (true, false) => row.comment.clone(),
        (false, false) => format!("{at} · {}", row.comment),
    }
}

/// What the logs say of a version (issue 18), when read: its failures while live (`▲ 12
/// failures`, `⚑` when they started right after it went live) and its deploy's author — or in
/// `short` (`▲ 12 ⚑ alice@acme`).
fn activity_spans(
    state: &State,
    versions: &VersionsView,
    row: &TimelineRow,
    theme: &Theme,
    short: bool,
) -> Vec<Span<'static>> {
    let Some(activity) = version_activity(state, versions, row) else {
        return vec![];
    };
    let mark = if activity.started_after_live {
        " ⚑"
    } else {
        ""
    };
    let texts = |short: bool| {
        let failures = (activity.failures > 0).then(|| {
            let count = if short {
                s::logs::failures_mark_short(activity.failures)
            } else {
                s::logs::failures_mark(activity.failures)
            };
            format!("{count}{mark} ")
        });
        let author = activity.author.as_ref().map(|author| {
            let who = if short {
                s::logs::author_short(author)
            } else {
                s::logs::author(author)
            };
            format!("{} · ", terminal_safe(&who))
        });
        (failures, author)
    };
    let (failures, author) = texts(short);
    let mut spans = vec![];
    if let Some(failures) = failures {
        spans.push(Span::styled(failures, Style::new().fg(theme.status_failed)));
    }
    if let Some(author) = author {
        spans.push(Span::styled(author, Style::new().fg(theme.label)));
    }
    spans
}

/// The logs' counts for this row's version, once read for this object.
fn version_activity<'a>(
    state: &'a State,
    versions: &VersionsView,
    row: &TimelineRow,
) -> Option<&'a crate::app::state::VersionActivity> {
    let activity = state
        .activity
        .as_ref()
        .filter(|a| a.object_id == versions.object_id)?;
    activity.per_version.get(&row.number()?)
}

/// `draft` or `v7` (the live mark has its own column).
fn short_label(row: &TimelineRow) -> String {
    match row.key {
        RowKey::Draft => s::TIMELINE_DRAFT.to_string(),
        RowKey::Version(n) => s::version_label(n),
    }
}

/// The selected version's facts and code.
pub fn render_code(
    state: &State,
    versions: &VersionsView,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    cache: &mut RenderCache,
) {
    let row = versions
        .timeline
        .data
        .ready()
        .and_then(|t: &Timeline| t.rows.get(versions.selected));
    let title = row.map_or_else(
        || versions.object_name.clone(),
        |r| format!("{} · {}", versions.object_name, r.label()),
    );
    let block = pane(
        Line::from(Span::styled(
            format!(" {title} "),
            Style::new().add_modifier(Modifier::BOLD),
        )),
        has_focus(state, Focus::Detail),
        theme,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(row) = row else {
        return;
    };
    // The facts grow with a long build error (wrapped, its line breaks kept), the code below them.
    let code = crate::app::layout::timeline_code_area(state, area);
    let facts_rows = code
        .y
        .saturating_sub(inner.y + 1)
        .max(META_ROWS.min(inner.height));
    let facts = Rect {
        height: facts_rows.min(inner.height),
        ..inner
    };
    frame.render_widget(
        Paragraph::new(version_facts(state, row, theme, inner.width)).wrap(Wrap { trim: false }),
        facts,
    );
    if inner.height > facts_rows {
        let rule = Rect {
            y: inner.y + facts_rows,
            height: 1,
            ..inner
        };
        frame.render_widget(
            Paragraph::new("─".repeat(inner.width as usize)).style(Style::new().fg(theme.border)),
            rule,
        );
    }
    // Line history: the blame gutter when it is on for this version.
    let gutter = crate::ui::blame::gutter(state, theme);
    crate::ui::detail::render_code_with(
        &row.code,
        versions.code_scroll,
        &state.code_view,
        theme,
        frame,
        code,
        cache,
        gutter.as_ref().map(|g| g as crate::ui::detail::Gutter),
    );
}

fn version_facts(
    state: &State,
    row: &TimelineRow,
    theme: &Theme,
    width: u16,
) -> Vec<Line<'static>> {
    let label = |text: &'static str| Span::styled(text, Style::new().fg(theme.label));
    let mut first = vec![label(s::LABEL_STATUS), row_badge(theme, &row.status)];
    if row.live {
        first.push(Span::raw("  "));
        first.push(Span::styled(
            s::live_mark(row.live_word()),
            Style::new().fg(theme.deployed),
        ));
    }
    let created = match row.created {
        Some(When::Utc(at)) => {
            let absolute = at.format("%Y-%m-%d %H:%M:%S UTC").to_string();
            match state.now {
                Some(now) => format!("{absolute} ({})", relative_time(at, now)),
                None => absolute,
            }
        }
        Some(When::Server(at)) => s::server_time(&at.format("%Y-%m-%d %H:%M:%S").to_string()),
        None => s::NEVER.to_string(),
    };
    let mut lines = vec![
        Line::from(first),
        Line::from(vec![
            // A draft was edited, a code package version last changed; only versions have a
            // creation time.
            label(match (row.key, row.kind) {
                (RowKey::Draft, _) => s::state::LABEL_EDITED,
                (_, Versioned::Package) => s::state::LABEL_CHANGED,
                _ => s::LABEL_CREATED,
            }),
            Span::raw(created),
        ]),
    ];
    if !row.comment.is_empty() {
        lines.push(Line::from(vec![
            label(s::LABEL_COMMENT),
            Span::raw(row.comment.clone()),
        ]));
    }
    // Logs (issue 18): who deployed it, its failures (inferred) and, when they started with it,
    // the way back.
    let activity = state
        .versions()
        .and_then(|versions| version_activity(state, versions, row));
    if let Some(author) = &row.author {
        lines.push(Line::from(vec![
            label(s::logs::LABEL_CHANGED_BY),
            Span::raw(terminal_safe(&s::logs::author(author)).into_owned()),
        ]));
    }
    if let Some(activity) = activity {
        if let Some(author) = &activity.author {
            lines.push(Line::from(vec![
                label(s::logs::LABEL_AUTHOR),
                Span::raw(terminal_safe(&s::logs::author(author)).into_owned()),
            ]));
        }
        if activity.failures > 0 {
            let red = Style::new().fg(theme.status_failed);
            let mut line = vec![Span::styled(s::logs::failures_mark(activity.failures), red)];
            if activity.started_after_live {
                let said = format!(
                    " ⚑ {} · {}",
                    s::logs::STARTED_AFTER_LIVE,
                    s::logs::ROLL_BACK_HINT
                );
                line.push(Span::styled(said, red));
            } else {
                line.push(Span::styled(
                    format!(" {}", s::logs::INFERRED),
                    Style::new().fg(theme.muted),
                ));
            }
            lines.push(Line::from(line));
        }
    }
    for why in crate::app::layout::failure_lines(state, width) {
        lines.push(Line::from(Span::styled(
            why,
            Style::new().fg(theme.status_failed),
        )));
    }
    let keys = match row.kind {
        Versioned::Package => s::PACKAGE_TIMELINE_KEYS,
        _ => s::TIMELINE_KEYS,
    };
    lines.push(Line::from(Span::styled(keys, Style::new().fg(theme.muted))));
    lines
}
