//! The blame gutter of a code view: per line, the version that last changed it and when
//! (`v12 3d ago`), dimmed, one colour per version; a run of lines from the same version shows the
//! label once (as tig does), the cursor line marked. Built for the visible lines only; as wide as
//! the widest version's label.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;

use crate::app::state::{BlameView, State};
use crate::app::timeline::{RowKey, Timeline, When};
use crate::model::Timestamp;
use crate::strings as s;
use crate::theme::Theme;

/// Columns the gutter takes at least (its labels are padded to the widest shown).
const MIN_WIDTH: usize = 9;

/// The gutter of the code view now shown, if the blame is on for it: the spans for `rows` lines
/// from `first`.
pub fn gutter<'a>(
    state: &'a State,
    theme: &'a Theme,
) -> Option<impl Fn(usize, usize) -> Vec<Span<'static>> + 'a> {
    let blame = state.shown_blame()?;
    let timeline = state.versions()?.timeline.data.ready()?;
    Some(move |first: usize, rows: usize| spans(state, blame, timeline, theme, first, rows))
}

fn spans(
    state: &State,
    blame: &BlameView,
    timeline: &Timeline,
    theme: &Theme,
    first: usize,
    rows: usize,
) -> Vec<Span<'static>> {
    let cursor_style = Style::new().bg(theme.selection_bg).fg(theme.selection_fg);
    let Some(lines) = blame.blame.as_ref().map(|b| &b.lines) else {
        // Computing: say so on the first line, keep the column for the others.
        let width = s::blame::BLAMING.chars().count() + 1;
        return (0..rows)
            .map(|i| {
                let text = if i == 0 { s::blame::BLAMING } else { "" };
                Span::styled(
                    format!("{text:<width$}"),
                    Style::new().fg(theme.muted).add_modifier(Modifier::DIM),
                )
            })
            .collect();
    };
    let shown_lines = first..(first + rows).min(lines.len());
    // Each line's label: only where a run of one version starts (and at the top of the view).
    let labels: Vec<(usize, Option<String>)> = shown_lines
        .clone()
        .map(|i| {
            let origin = lines[i].origin;
            let starts_run = i == first || lines[i - 1].origin != origin;
            let label = starts_run.then(|| label(state, timeline, blame.order.get(origin)));
            (origin, label)
        })
        .collect();
    // As wide as the widest version's label (a few dozen at most), so scrolling never shifts it.
    let width = (blame.order.iter())
        .map(|key| label(state, timeline, Some(key)).chars().count())
        .max()
        .unwrap_or(0)
        .max(MIN_WIDTH)
        + 1;
    let palette = palette(theme);
    labels
        .into_iter()
        .zip(shown_lines)
        .map(|((origin, label), line)| {
            let text = label.unwrap_or_default();
            let padded = format!("{text:<width$}");
            if line == blame.cursor {
                Span::styled(padded, cursor_style)
            } else {
                let colour = palette[origin % palette.len()];
                Span::styled(padded, Style::new().fg(colour).add_modifier(Modifier::DIM))
            }
        })
        .collect()
}

/// `v12 3d ago`: the version's label and its time, relative when the clock is known (a FairCom
/// server time has no zone: its date).
fn label(state: &State, timeline: &Timeline, key: Option<&RowKey>) -> String {
    let Some(row) = key
        .and_then(|k| timeline.position(*k))
        .map(|i| &timeline.rows[i])
    else {
        return String::new();
    };
    let version = match row.key {
        RowKey::Draft => s::TIMELINE_DRAFT.to_string(),
        RowKey::Version(n) => s::version_label(n),
    };
    let when = match (row.created, state.now) {
        (Some(When::Utc(at)), Some(now)) => short_relative(at, now),
        (Some(When::Utc(at)), None) => at.format("%Y-%m-%d").to_string(),
        (Some(When::Server(at)), _) => at.format("%Y-%m-%d").to_string(),
        (None, _) => String::new(),
    };
    s::blame::gutter_label(&version, &when)
}

/// `3d ago`, `5min ago`, `just now`: as the timeline's relative time, without its spaces.
fn short_relative(at: Timestamp, now: Timestamp) -> String {
    let secs = (now - at).num_seconds().max(0);
    let (value, unit) = match secs {
        0..=59 => return s::JUST_NOW.to_string(),
        60..=3_599 => (secs / 60, "min"),
        3_600..=86_399 => (secs / 3_600, "h"),
        86_400..=2_591_999 => (secs / 86_400, "d"),
        2_592_000..=31_535_999 => (secs / 2_592_000, "mo"),
        _ => (secs / 31_536_000, "y"),
    };
    s::blame::short_ago(value, unit)
}

/// The theme's colours a version's lines cycle through (neighbouring versions differ).
fn palette(theme: &Theme) -> [Color; 7] {
    [
        theme.tab_active,
        theme.status_built,
        theme.status_in_progress,
        theme.draft_differs,
        theme.label,
        theme.diff_fold,
        theme.danger,
    ]
}
