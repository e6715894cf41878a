//! The Compare view (`5`): each stage's state on top, then one row per object grouped by kind
//! (same dim, differences highlighted, only-in-one marked), or the diff of one row with its
//! settings that differ above the code.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use crate::app::layout::{self, COMPARE_STATUS_ROWS};
use crate::app::state::{CompareView, Overlay, Side, StageSide, State};
use crate::stages::{Kind, Row, State as RowState};
use crate::strings::compare as s;
use crate::theme::Theme;
use crate::ui::{message, pane, RenderCache};

/// The widest name column; longer names are cut.
const NAME_COLUMN: usize = 48;
const STATE_COLUMN: usize = 22;

pub fn render_list(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let compare = &state.compare;
    let what = if compare.drafts { s::DRAFTS } else { s::LIVE };
    let mut title = vec![
        Span::styled(
            format!(" {} ", s::VIEW_COMPARE),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::styled(format!("({what}) "), Style::new().fg(theme.muted)),
    ];
    if !compare.rows.is_empty() {
        title.push(Span::styled(
            format!(
                "{} ",
                crate::strings::count_of(compare.visible().len(), compare.rows.len())
            ),
            Style::new().fg(theme.muted),
        ));
    }
    let mut block = pane(Line::from(title), state.overlay == Overlay::None, theme);
    if compare.editing_filter || !compare.name_filter.is_empty() {
        let cursor = if compare.editing_filter { "▏" } else { "" };
        block = block.title_bottom(Line::from(Span::styled(
            format!(" /{}{cursor} ", compare.name_filter),
            Style::new().fg(theme.filter),
        )));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let muted = Style::new().fg(theme.muted);
    let (Some(from), Some(to)) = (&compare.from, &compare.to) else {
        return message(frame, inner, s::CHOOSE_STAGES, muted);
    };
    let status = Rect {
        height: COMPARE_STATUS_ROWS.min(inner.height),
        ..inner
    };
    let status_lines: Vec<Line> = Side::BOTH
        .iter()
        .filter_map(|side| compare.side(*side))
        .map(|stage| side_status(stage, theme))
        .collect();
    frame.render_widget(Paragraph::new(status_lines), status);
    let body = Rect {
        y: inner.y + status.height,
        height: inner.height.saturating_sub(status.height),
        ..inner
    };
    if !compare.ready() {
        return;
    }
    if compare.rows.is_empty() {
        return message(frame, body, s::NOTHING_TO_COMPARE, muted);
    }
    let visible = compare.visible();
    if visible.is_empty() {
        return message(frame, body, s::NO_MATCH, muted);
    }
    let (lines, selected_line) = row_lines(compare, &visible, &from.name, &to.name, theme);
    let rows = body.height as usize;
    let offset = layout::list_offset(selected_line, rows);
    let shown: Vec<Line> = lines.into_iter().skip(offset).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), body);
}

/// A stage on one line: its name (a production one in the danger colour), and what it is doing
/// or what failed, in words.
fn side_status(stage: &StageSide, theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::raw(" "), stage_name(stage, theme)];
    let failures = stage.failures();
    if stage.reading {
        spans.push(Span::styled(
            format!("  {}", s::reading(&stage.name)),
            Style::new().fg(theme.muted),
        ));
    } else if !failures.is_empty() {
        spans.push(Span::styled(
            format!("  {}", s::side_failed(&stage.name, &failures.join("; "))),
            Style::new().fg(theme.status_failed),
        ));
    }
    Line::from(spans)
}

/// A stage's name; a production stage's in the theme's danger colour, saying so.
pub fn stage_name(stage: &StageSide, theme: &Theme) -> Span<'static> {
    if stage.production {
        Span::styled(
            format!("{}{}", stage.name, s::PRODUCTION),
            Style::new().fg(theme.danger).add_modifier(Modifier::BOLD),
        )
    } else {
        Span::styled(
            stage.name.clone(),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
}

/// The rows with a heading before each kind; the index of the selected row's line.
fn row_lines(
    compare: &CompareView,
    visible: &[&Row],
    from: &str,
    to: &str,
    theme: &Theme,
) -> (Vec<Line<'static>>, usize) {
    let name_width = visible
        .iter()
        .map(|r| r.name.width())
        .max()
        .unwrap_or(0)
        .clamp(12, NAME_COLUMN);
    let mut lines = vec![];
    let mut selected_line = 0;
    let mut kind: Option<Kind> = None;
    for (index, row) in visible.iter().enumerate() {
        if kind != Some(row.kind) {
            kind = Some(row.kind);
            lines.push(Line::from(Span::styled(
                format!(" {}", s::kind_heading(row.kind.as_str())),
                Style::new().fg(theme.label).add_modifier(Modifier::BOLD),
            )));
        }
        let selected = index == compare.selected;
        if selected {
            selected_line = lines.len();
        }
        let words = s::state_words(row.state.as_str(), from, to);
        // A row marked for a batch promote (`Space`) shows `+` in the marker column.
        let marker = match (selected, compare.is_marked(row.kind, &row.name)) {
            (true, true) => " ›+",
            (true, false) => " › ",
            (false, true) => "  +",
            (false, false) => "   ",
        };
        let name: String = cut(&row.name, name_width);
        let differences = row
            .differences
            .iter()
            .map(|f| s::field_label(f.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        let mut line = Line::from(vec![
            Span::raw(marker),
            Span::raw(format!("{name:<name_width$}  ")),
            Span::styled(
                format!("{words:<STATE_COLUMN$}"),
                state_style(row.state, theme),
            ),
            Span::styled(differences, Style::new().fg(theme.label)),
        ]);
        if selected {
            line = line.style(
                Style::new()
                    .bg(theme.selection_bg)
                    .fg(theme.selection_fg)
                    .add_modifier(Modifier::BOLD),
            );
        }
        lines.push(line);
    }
    (lines, selected_line)
}

fn cut(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Same is dim, a difference stands out, only-in-one is marked in its own colour, unknown warns.
pub fn state_style(state: RowState, theme: &Theme) -> Style {
    match state {
        RowState::Same | RowState::SameMapped => Style::new().fg(theme.muted),
        RowState::CodeDiffers | RowState::SettingsDiffer => Style::new()
            .fg(theme.draft_differs)
            .add_modifier(Modifier::BOLD),
        RowState::OnlyInFrom | RowState::OnlyInTo => Style::new()
            .fg(theme.tab_active)
            .add_modifier(Modifier::ITALIC),
        RowState::Unknown => Style::new().fg(theme.status_failed),
    }
}

/// The diff of one row: the settings that differ (names only for secrets), then the code A → B.
pub fn render_diff(
    state: &State,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    cache: &mut RenderCache,
) {
    let Some(open) = &state.compare.diff else {
        return;
    };
    let (settings_area, diff_area) = layout::compare_diff_areas(state, area);
    let title = Line::from(vec![
        Span::styled(
            format!(" {} {} ", open.kind.as_str(), open.name),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::styled(s::SETTINGS_TITLE, Style::new().fg(theme.muted)),
    ]);
    let block = pane(title, false, theme);
    let inner = block.inner(settings_area);
    frame.render_widget(block, settings_area);
    let label_width = open
        .settings
        .iter()
        .map(|d| s::field_label(d.field.as_str()).width())
        .max()
        .unwrap_or(0);
    let mut lines: Vec<Line> = vec![];
    if let Some(note) = &open.note {
        lines.push(Line::from(Span::styled(
            format!(" {note}"),
            Style::new().fg(theme.draft_differs),
        )));
    }
    if open.settings.is_empty() && open.note.is_none() {
        lines.push(Line::from(Span::styled(
            format!(" {}", s::SETTINGS_SAME),
            Style::new().fg(theme.muted),
        )));
    }
    let shown = |text: &str| {
        if text.is_empty() {
            s::NONE.to_string()
        } else {
            text.to_string()
        }
    };
    for setting in &open.settings {
        let label = s::field_label(setting.field.as_str());
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {label:<label_width$}  "),
                Style::new().fg(theme.label),
            ),
            Span::styled(shown(&setting.from), Style::new().fg(theme.diff_deleted_fg)),
            Span::styled(s::ARROW, Style::new().fg(theme.muted)),
            Span::styled(shown(&setting.to), Style::new().fg(theme.diff_inserted_fg)),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(diff) = &open.diff {
        crate::ui::diff::render(frame, diff_area, diff, theme, true, cache);
    } else {
        // Being computed: an empty pane, as the timeline's diff waits.
        let block = pane(Line::from(""), true, theme);
        let inner = block.inner(diff_area);
        frame.render_widget(block, diff_area);
        message(frame, inner, "…", Style::new().fg(theme.muted));
    }
}
