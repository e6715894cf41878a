//! Where things go on screen. Pure functions of the state and the size, shared by the renderer and by
//! `update` (page sizes, scroll bounds, mouse hit-testing) so both agree.

use ratatui::layout::Rect;

// The test-run result popup's rows (issue 19).
pub mod test_result;

use crate::app::state::{Focus, State, View};
use crate::diff::Viewport;

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;
/// Side by side above this width; the detail takes the whole body below it (lazygit style).
pub const SPLIT_MIN_WIDTH: u16 = 100;
/// Lines of facts above the code in a detail pane.
pub const META_ROWS: u16 = 5;

pub struct Areas {
    pub header: Rect,
    pub tabs: Rect,
    pub list: Option<Rect>,
    pub detail: Option<Rect>,
    pub footer: Rect,
}

pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

pub fn areas(state: &State, area: Rect) -> Areas {
    let row = |y: u16| Rect::new(area.x, area.y + y, area.width, 1);
    // A message is wrapped above the key bar, never cut (issue 19).
    let footer_height = footer_lines(state, area.width, area.height);
    let body = Rect::new(
        area.x,
        area.y + 2,
        area.width,
        area.height.saturating_sub(2 + footer_height),
    );
    let wide = area.width >= SPLIT_MIN_WIDTH;
    // In a timeline the list's place shows the versions and the detail's the selected version's
    // code; a diff takes the whole body (side by side needs the width).
    let (list, detail) = match state.versions() {
        // The Compare view: its rows, or the diff of one over the whole body.
        _ if state.comparing && state.compare.diff.is_some() => (None, Some(body)),
        _ if state.comparing => (Some(body), None),
        // A narrow Flows view shows the pane with the focus.
        None if state.view == View::Flows && !wide => match state.focus {
            Focus::Detail if state.detail_open() => (None, Some(body)),
            _ => (Some(body), None),
        },
        Some(v) if v.diff.is_some() => (None, Some(body)),
        Some(_) if wide => split(body),
        Some(_) if state.focus == Focus::Detail => (None, Some(body)),
        Some(_) => (Some(body), None),
        None if !state.detail_open() => (Some(body), None),
        None if wide => split(body),
        None => (None, Some(body)),
    };
    Areas {
        header: row(0),
        tabs: row(1),
        list,
        detail,
        footer: Rect {
            height: footer_height,
            ..row(area.height.saturating_sub(footer_height))
        },
    }
}

/// What the status line says now, most pressing first: an error, a change or a wait under way,
/// another message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Error(String),
    Progress(String),
    Info(String),
}

pub fn status(state: &State) -> Option<Status> {
    use crate::app::state::FlashKind;
    if let Some(flash) = state.flash.as_ref().filter(|f| f.kind == FlashKind::Error) {
        return Some(Status::Error(flash.text.clone()));
    }
    // A slow answer or a pause says what it waits for, even during a change.
    let waiting = state.waits.newest().map(|wait| wait.line(state.tick));
    let progress = state.running.as_ref().map(|running| match &running.flow {
        Some(flow) => flow.progress(),
        None => crate::strings::CHANGE_IN_PROGRESS.to_string(),
    });
    if let Some(progress) = waiting.or(progress) {
        return Some(Status::Progress(progress));
    }
    state
        .flash
        .as_ref()
        .map(|flash| Status::Info(flash.text.clone()))
}

/// Columns before a progress line's words (` ⠋ `).
pub const SPINNER_COLUMNS: u16 = 3;

/// The status line's words wrapped to the footer's width, leaving room for the keys pinned at the
/// right of its last line (`? help`, and `Esc dismiss` under an error). Never cut: a message longer
/// than a third of the screen is cut there, and `M` lists it whole.
pub fn status_lines(state: &State, width: u16, height: u16) -> Vec<String> {
    let (text, margin) = match status(state) {
        None => return vec![],
        Some(Status::Progress(text)) => (text, SPINNER_COLUMNS + 1),
        Some(Status::Error(text) | Status::Info(text)) => (text, 2),
    };
    let pinned = crate::app::keymap::bar::pinned(state);
    let reserved: usize = pinned.iter().map(|h| h.width() + 2).sum::<usize>() + 1;
    let room = usize::from(width.saturating_sub(margin)).saturating_sub(reserved);
    let mut lines = wrap_words(&text, room.max(10), " ");
    let most = usize::from(height / 3).max(1);
    if lines.len() > most {
        lines.truncate(most);
        if let Some(last) = lines.last_mut() {
            last.push_str(crate::strings::keys::STATUS_CUT);
        }
    }
    lines
}

/// Lines of the footer: the key bar, or the status message (wrapped,
/// the pinned keys at the right of its last line) in its place.
pub fn footer_lines(state: &State, width: u16, height: u16) -> u16 {
    u16::try_from(status_lines(state, width, height).len())
        .unwrap_or(1)
        .max(1)
}

/// `text` broken into lines of at most `width` characters where `gap` separates its words (a
/// longer word is cut).
pub fn wrap_words(text: &str, width: usize, gap: &str) -> Vec<String> {
    let mut lines = vec![];
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split(gap) {
            let joint = if line.is_empty() {
                0
            } else {
                gap.chars().count()
            };
            let needed = line.chars().count() + joint + word.chars().count();
            if !line.is_empty() && needed > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push_str(gap);
            }
            line.push_str(word);
            while line.chars().count() > width {
                let rest: String = line.chars().skip(width).collect();
                lines.push(line.chars().take(width).collect());
                line = rest;
            }
        }
        lines.push(line);
    }
    lines
}

/// The list (or timeline) on the left, two fifths; the detail on the right.
fn split(body: Rect) -> (Option<Rect>, Option<Rect>) {
    let list_width = body.width * 2 / 5;
    let list = Rect {
        width: list_width,
        ..body
    };
    let detail = Rect {
        x: body.x + list_width,
        width: body.width - list_width,
        ..body
    };
    (Some(list), Some(detail))
}

/// Diff rows visible in a diff pane of this outer height (border and header line excluded).
pub fn diff_visible_rows(pane_height: u16) -> usize {
    pane_height.saturating_sub(3) as usize
}

/// Where diff lines go in a diff pane of this outer size: below the header, inside the borders.
pub fn diff_viewport_of(pane: Rect) -> Viewport {
    Viewport {
        rows: diff_visible_rows(pane.height),
        width: pane.width.saturating_sub(2) as usize,
    }
}

/// Where diff lines go in the diff pane.
pub fn diff_viewport(state: &State) -> Viewport {
    areas(state, screen(state))
        .detail
        .map_or(Viewport::default(), diff_viewport_of)
}

/// The Compare view's diff: the settings that differ above, the code diff pane below.
pub fn compare_diff_areas(state: &State, body: Rect) -> (Rect, Rect) {
    let lines = state.compare.diff.as_ref().map_or(0, |d| {
        d.settings.len().max(1) + usize::from(d.note.is_some())
    });
    let height = (lines as u16 + 2)
        .min(body.height / 3)
        .max(3.min(body.height));
    let settings = Rect { height, ..body };
    let diff = Rect {
        y: body.y + height,
        height: body.height.saturating_sub(height),
        ..body
    };
    (settings, diff)
}

/// Where diff lines go in the Compare view's diff pane.
pub fn compare_diff_viewport(state: &State) -> Viewport {
    areas(state, screen(state))
        .detail
        .map_or(Viewport::default(), |body| {
            diff_viewport_of(compare_diff_areas(state, body).1)
        })
}

/// Lines above the Compare view's rows inside its pane (each stage's state).
pub const COMPARE_STATUS_ROWS: u16 = 2;

/// Rows of the Compare view's list on screen: its page size.
pub fn compare_list_rows(state: &State) -> usize {
    areas(state, screen(state)).list.map_or(1, |list| {
        list.height.saturating_sub(2 + COMPARE_STATUS_ROWS).max(1) as usize
    })
}

/// The parts of a confirm dialog.
pub struct ConfirmAreas {
    pub dialog: Rect,
    pub text: Rect,
    pub diff: Option<Rect>,
    pub buttons: Rect,
    pub hint: Rect,
}

/// A confirm dialog nearly fills the screen when it shows a diff, else it is small.
pub fn confirm_areas(screen: Rect, text_lines: &[String], with_diff: bool) -> ConfirmAreas {
    let width = screen.width.saturating_sub(4).min(140);
    let text_width = width.saturating_sub(4).max(1) as usize;
    // Word wrapping can take a little more than the characters divide into.
    let text_height: u16 = text_lines
        .iter()
        .map(|l| (l.chars().count() / text_width + 1) as u16)
        .sum::<u16>()
        + 1;
    let height = if with_diff {
        screen.height.saturating_sub(2)
    } else {
        (text_height + 5).min(screen.height)
    };
    let dialog = Rect {
        x: screen.x + (screen.width - width) / 2,
        y: screen.y + (screen.height - height) / 2,
        width,
        height,
    };
    let inner = Rect {
        x: dialog.x + 2,
        y: dialog.y + 1,
        width: dialog.width.saturating_sub(4),
        height: dialog.height.saturating_sub(2),
    };
    let text = Rect {
        height: text_height.min(inner.height),
        ..inner
    };
    let bottom = inner.y + inner.height;
    let hint = Rect::new(inner.x, bottom.saturating_sub(1), inner.width, 1);
    let buttons = Rect::new(inner.x, bottom.saturating_sub(2), inner.width, 1);
    let diff_top = text.y + text.height;
    let diff = (with_diff && buttons.y > diff_top + 3).then(|| Rect {
        x: inner.x,
        y: diff_top,
        width: inner.width,
        height: buttons.y - diff_top,
    });
    ConfirmAreas {
        dialog,
        text,
        diff,
        buttons,
        hint,
    }
}

/// Where diff lines go in the open confirm dialog.
pub fn confirm_diff_viewport(state: &State) -> Viewport {
    match &state.overlay {
        crate::app::state::Overlay::Confirm(confirm) => confirm_viewport(state, confirm),
        crate::app::state::Overlay::Promote(confirm) => {
            confirm_areas(screen(state), &confirm.lines, confirm.diff.is_some())
                .diff
                .map_or(Viewport::default(), diff_viewport_of)
        }
        _ => Viewport::default(),
    }
}

/// Where diff lines go in this confirm dialog on the state's screen.
pub fn confirm_viewport(state: &State, confirm: &crate::app::state::Confirm) -> Viewport {
    confirm_areas(screen(state), &confirm.lines, confirm.diff.is_some())
        .diff
        .map_or(Viewport::default(), diff_viewport_of)
}

pub fn screen(state: &State) -> Rect {
    Rect::new(0, 0, state.width, state.height)
}

/// Where the code goes inside a detail pane (below the border and the facts).
pub fn code_area(detail: Rect) -> Rect {
    let inner = inner(detail);
    let skip = (META_ROWS + 1).min(inner.height);
    Rect {
        y: inner.y + skip,
        height: inner.height - skip,
        ..inner
    }
}

/// Code lines visible in the current detail pane.
pub fn code_rows(state: &State) -> usize {
    areas(state, screen(state)).detail.map_or(0, |d| {
        let area = match state.versions() {
            Some(versions) if versions.diff.is_none() => timeline_code_area(state, d),
            _ => code_area(d),
        };
        area.height as usize
    })
}

/// The selected version's build error as drawn in a timeline's facts: its own line breaks kept,
/// each line wrapped at words to `width` (never cut).
pub fn failure_lines(state: &State, width: u16) -> Vec<String> {
    let failure = state
        .versions()
        .and_then(|v| v.timeline.data.ready()?.rows.get(v.selected))
        .and_then(crate::app::timeline::TimelineRow::failure);
    failure.map_or_else(Vec::new, |why| {
        wrap_words(&why, usize::from(width).max(1), " ")
    })
}

/// Rows of a timeline's facts: [`META_ROWS`], more when the build error takes more than its line.
pub fn timeline_facts_rows(state: &State, detail: Rect) -> u16 {
    let extra = failure_lines(state, inner(detail).width)
        .len()
        .saturating_sub(1);
    META_ROWS + u16::try_from(extra).unwrap_or(0)
}

/// Where a timeline's code goes: below its facts (which grow with a long build error).
pub fn timeline_code_area(state: &State, detail: Rect) -> Rect {
    let inner = inner(detail);
    // The facts take at most half the pane: the code keeps its rows.
    let facts = timeline_facts_rows(state, detail)
        .min(inner.height / 2)
        .max(META_ROWS);
    let skip = (facts + 1).min(inner.height);
    Rect {
        y: inner.y + skip,
        height: inner.height - skip,
        ..inner
    }
}

/// Columns of code in the current detail pane (its line numbers excluded).
pub fn code_columns(state: &State) -> usize {
    let numbers = state.detail_code().map_or(1, |code| {
        crate::highlight::line_count(code).to_string().len() + 1
    });
    areas(state, screen(state))
        .detail
        .map_or(0, |d| (code_area(d).width as usize).saturating_sub(numbers))
}

/// Largest scroll of the code shown: its last line at the bottom of the pane. Wrapped lines take
/// several screen lines, counted from the end (only the lines that fit are measured).
pub fn code_max_scroll(state: &State) -> usize {
    let rows = code_rows(state);
    let Some(code) = state.detail_code() else {
        return 0;
    };
    let count = crate::highlight::line_count(code);
    if !state.code_view.wrap {
        return max_scroll(count, rows);
    }
    let width = code_columns(state).max(1);
    let mut used = 0;
    for (k, line) in (0..count).rev().zip(code.lines().rev()) {
        used += crate::diff::line_columns(line).div_ceil(width).max(1);
        if used > rows.max(1) {
            return (k + 1).min(count.saturating_sub(1));
        }
    }
    0
}

/// Table rows visible in the list (border and header row excluded).
pub fn list_rows(state: &State) -> usize {
    areas(state, screen(state))
        .list
        .map_or(0, |l| l.height.saturating_sub(3) as usize)
}

/// First visible row so that `selected` is on screen (no stored offset: render stays pure).
pub fn list_offset(selected: usize, rows: usize) -> usize {
    if rows == 0 {
        0
    } else {
        selected.saturating_sub(rows - 1)
    }
}

/// Largest scroll offset: the last line sits at the bottom of the pane.
pub fn max_scroll(line_count: usize, rows: usize) -> usize {
    line_count.saturating_sub(rows.max(1))
}

pub fn inner(rect: Rect) -> Rect {
    Rect {
        x: rect.x + 1,
        y: rect.y + 1,
        width: rect.width.saturating_sub(2),
        height: rect.height.saturating_sub(2),
    }
}

/// Index of the list row under screen position (`column`, `row`), if any.
pub fn list_row_at(state: &State, column: u16, row: u16) -> Option<usize> {
    let list = areas(state, screen(state)).list?;
    let first_row = list.y + 2; // border + header row
    let inside = column >= list.x
        && column < list.x + list.width
        && row >= first_row
        && row < list.y + list.height - 1;
    if !inside {
        return None;
    }
    let (selected, len) = match state.versions() {
        Some(v) => (
            v.selected,
            v.timeline.data.ready().map_or(0, |t| t.rows.len()),
        ),
        None => (state.selected_index(), state.list_len()),
    };
    let index = list_offset(selected, list_rows(state)) + (row - first_row) as usize;
    (index < len).then_some(index)
}

pub fn in_detail(state: &State, column: u16, row: u16) -> bool {
    areas(state, screen(state)).detail.is_some_and(|d| {
        column >= d.x && column < d.x + d.width && row >= d.y && row < d.y + d.height
    })
}

/// The rows of the Flows view's bindings pane, inside its border.
pub struct FlowAreas {
    /// Column headings.
    pub header: Rect,
    pub start: Rect,
    /// One line per binding (those that fit).
    pub rows: Rect,
    /// Key hints, or what the held binding does.
    pub hint: Rect,
}

/// Lines a flow needs besides its bindings: header, Start, Complete, hint.
const FLOW_FRAME_LINES: u16 = 4;

pub fn flow_areas(pane: Rect) -> FlowAreas {
    let inner = inner(pane);
    let line = |y: u16| Rect {
        y,
        height: 1.min(inner.height),
        ..inner
    };
    FlowAreas {
        header: line(inner.y),
        start: line(inner.y + 1),
        rows: Rect {
            y: inner.y + 2,
            height: inner.height.saturating_sub(FLOW_FRAME_LINES),
            ..inner
        },
        hint: line(inner.y + inner.height.saturating_sub(1)),
    }
}

/// Bindings visible in the Flows view's pane.
pub fn flow_rows_visible(state: &State) -> usize {
    areas(state, screen(state))
        .detail
        .map_or(0, |d| flow_areas(d).rows.height as usize)
}

/// The flow row the cursor is on: the held binding's landing place, else the selection.
pub fn flow_cursor(state: &State) -> usize {
    match state.flows.held {
        Some(held) => held.at,
        None => state.flows.binding_selected,
    }
}

/// First visible flow row.
pub fn flow_offset(state: &State) -> usize {
    list_offset(flow_cursor(state), flow_rows_visible(state))
}

/// The flow row under a press, if it is on one.
pub fn flow_row_at(state: &State, column: u16, row: u16) -> Option<usize> {
    let rows = flow_areas(areas(state, screen(state)).detail?).rows;
    let inside = column >= rows.x
        && column < rows.x + rows.width
        && row >= rows.y
        && row < rows.y + rows.height;
    let index = flow_offset(state) + row.checked_sub(rows.y)? as usize;
    (inside && index < state.flow_rows().len()).then_some(index)
}

/// Where a drag at screen `row` would land: the row under it; above or below the pane, one row past
/// the visible ones (so dragging there scrolls), never past either end of the flow.
pub fn flow_row_near(state: &State, row: u16) -> Option<usize> {
    let rows = flow_areas(areas(state, screen(state)).detail?).rows;
    let last = state.flow_rows().len().checked_sub(1)?;
    let offset = flow_offset(state);
    let index = match row.checked_sub(rows.y) {
        None => offset.saturating_sub(1),
        Some(below_top) => offset + (below_top as usize).min(rows.height as usize),
    };
    Some(index.min(last))
}

/// The tab label for a view.
pub fn view_title(view: View) -> &'static str {
    match view {
        View::Actions => crate::strings::VIEW_ACTIONS,
        View::Modules => crate::strings::VIEW_MODULES,
        View::Flows => crate::strings::VIEW_FLOWS,
        View::Packages => crate::strings::VIEW_PACKAGES,
    }
}
