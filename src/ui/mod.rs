//! Pure rendering: `render(&State, &Theme, &mut Frame, &mut RenderCache)` draws the whole dashboard
//! from state; nothing here changes state or waits. What it keeps between frames (highlighted code) is
//! in the `RenderCache` its caller owns and passes in. One file per pane or popup.

mod authoring;
mod blame;
mod compare;
mod confirm;
mod detail;
pub mod diff;
mod flows;
mod header;
pub mod help;
mod lists;
mod logs;
mod menu;
mod picker;
mod search;
pub mod svg;
mod timeline;

use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::layout;
use crate::app::state::{Focus, Overlay, State, View};
use crate::app::timeline::RowStatus;
use crate::highlight::{Highlighter, FRAME_BUDGET};
use crate::model::{BuildStatus, CodeStatus};
use crate::strings as s;
use crate::theme::Theme;

/// What rendering keeps from one frame to the next, owned by whoever draws (the terminal runtime, the
/// headless driver) and handed to [`render`]: the highlighted code, coloured a frame's budget at a time.
pub struct RenderCache {
    /// Files highlighted so far (a few, least recently used dropped first).
    code: Highlighter,
}

/// Files kept highlighted: the panes and popups of a few recent frames.
const CACHED_FILES: usize = 8;

impl RenderCache {
    pub fn new() -> Self {
        Self {
            code: Highlighter::new(CACHED_FILES).with_budget(FRAME_BUDGET),
        }
    }

    /// A new frame: its highlighting shares a fresh budget ([`render`] starts one; a caller drawing
    /// a single pane starts its own).
    pub fn begin_frame(&mut self) {
        self.code.begin_frame();
    }

    /// True when code drawn in the last frame is still partly plain: draw again on the next tick
    /// and colour fills in.
    pub fn has_pending_work(&self) -> bool {
        self.code.has_pending_work()
    }
}

impl Default for RenderCache {
    fn default() -> Self {
        Self::new()
    }
}

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, cache: &mut RenderCache) {
    let area = frame.area();
    cache.begin_frame();
    frame.render_widget(
        Block::new().style(Style::new().fg(theme.text).bg(theme.background)),
        area,
    );
    if layout::too_small(area.width, area.height) {
        render_too_small(state, theme, frame, area);
        return;
    }
    let areas = layout::areas(state, area);
    header::render_header(state, theme, frame, areas.header);
    header::render_tabs(state, theme, frame, areas.tabs);
    if state.comparing {
        if let Some(list) = areas.list {
            compare::render_list(state, theme, frame, list);
        }
        if let Some(detail) = areas.detail {
            compare::render_diff(state, theme, frame, detail, cache);
        }
    } else if let Some(versions) = state.versions() {
        if let Some(list) = areas.list {
            timeline::render_list(state, versions, theme, frame, list);
        }
        if let Some(detail) = areas.detail {
            match &versions.diff {
                Some(diff) => diff::render(frame, detail, diff, theme, true, cache),
                None => timeline::render_code(state, versions, theme, frame, detail, cache),
            }
        }
    } else {
        if let Some(list) = areas.list {
            lists::render(state, theme, frame, list);
        }
        if let Some(detail) = areas.detail {
            if state.view == View::Flows {
                flows::render(state, theme, frame, detail);
            } else {
                detail::render(state, theme, frame, detail, cache);
            }
        }
    }
    let body = match (areas.list, areas.detail) {
        (Some(list), Some(detail)) => Some(list.union(detail)),
        (one, other) => one.or(other),
    };
    // Logs (issue 18): view 6 covers the body.
    if let Some(body) = body.filter(|_| state.logs.shown) {
        logs::render(state, theme, frame, body, cache);
    }
    // Search (issue 17): the results cover the body.
    if let Some(search) = state.search.as_ref().filter(|s| s.shown) {
        if let Some(body) = body {
            search::render(search, theme, frame, body);
        }
    }
    header::render_footer(state, theme, frame, areas.footer);
    match &state.overlay {
        Overlay::None => {}
        Overlay::Help { scroll } => help::render(state, theme, frame, area, *scroll),
        Overlay::TriggerPicker { selected } => picker::render(state, theme, frame, area, *selected),
        Overlay::Confirm(confirm) => confirm::render(confirm, theme, frame, area, cache),
        Overlay::Promote(confirm) => confirm::render_promote(confirm, theme, frame, area, cache),
        Overlay::AddBinding { .. } => flows::render_add(state, theme, frame, area),
        Overlay::Conflict => flows::render_conflict(state, theme, frame, area),
        Overlay::Menu(menu) => menu::render(menu, theme, frame, area),
        Overlay::Prompt(prompt) => authoring::render_prompt(prompt, theme, frame, area),
        Overlay::Settings(settings) => authoring::render_settings(settings, theme, frame, area),
        Overlay::TestResult(result) => {
            let keys = crate::app::keymap::bar::popup_line(state);
            authoring::render_test_result(result, (state.now, &keys), theme, frame, area, cache);
        }
        Overlay::Execution(view) => {
            let keys = crate::app::keymap::bar::popup_line(state);
            authoring::render_execution(view, &keys, theme, frame, area);
        }
        // Reading the screen (issue 19).
        Overlay::Messages { scroll } => help::render_messages(state, theme, frame, area, *scroll),
    }
}

/// The app does not fit: say so, what keys do meanwhile, and the flash (a quit refused while a
/// change runs says why here too).
fn render_too_small(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let mut lines = vec![Line::from(s::state::too_small(
        layout::MIN_WIDTH,
        layout::MIN_HEIGHT,
    ))];
    if let Some(flash) = &state.flash {
        lines.push(Line::from(Span::styled(
            flash.text.clone(),
            Style::new().fg(theme.status_failed),
        )));
    }
    let message = Paragraph::new(lines)
        .style(Style::new().fg(theme.text))
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true });
    let middle = area.centered_vertically(Constraint::Length(4));
    frame.render_widget(message, middle);
}

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// The spinner frame for this tick.
fn spinner(state: &State) -> &'static str {
    SPINNER[(state.tick % SPINNER.len() as u64) as usize]
}

/// A popup's frame: a thick focused border, the title in bold, the help background.
fn popup_block<'a>(title: impl Into<std::borrow::Cow<'a, str>>, theme: &Theme) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(Style::new().fg(theme.border_focus))
        .title(Span::styled(
            title,
            Style::new().add_modifier(Modifier::BOLD),
        ))
        .style(Style::new().bg(theme.help_bg).fg(theme.text))
}

/// A bordered pane, highlighted when it has the focus.
fn pane<'a>(title: Line<'a>, focused: bool, theme: &Theme) -> Block<'a> {
    let border = if focused {
        theme.border_focus
    } else {
        theme.border
    };
    Block::new()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(Style::new().fg(border))
        .title(title)
}

fn has_focus(state: &State, focus: Focus) -> bool {
    state.overlay == Overlay::None && state.focus == focus
}

/// The colour that carries a build status' meaning.
pub fn status_color(theme: &Theme, status: &BuildStatus) -> ratatui::style::Color {
    match status {
        BuildStatus::Built => theme.status_built,
        BuildStatus::Failed => theme.status_failed,
        s if s.in_progress() => theme.status_in_progress,
        _ => theme.status_other,
    }
}

/// A status as a coloured badge: ` built `.
pub fn status_badge(theme: &Theme, status: &BuildStatus) -> Span<'static> {
    Span::styled(
        format!(" {} ", status.as_str()),
        Style::new()
            .fg(theme.status_badge_fg)
            .bg(status_color(theme, status))
            .add_modifier(Modifier::BOLD),
    )
}

/// A code package status as a coloured badge: running ones green (testing and deprecated amber),
/// deactivated grey, deleted red.
pub fn code_status_badge(theme: &Theme, status: &CodeStatus) -> Span<'static> {
    let colour = match status {
        CodeStatus::Active => theme.status_built,
        CodeStatus::Testing | CodeStatus::Deprecated => theme.status_in_progress,
        CodeStatus::Deleted => theme.status_failed,
        _ => theme.status_other,
    };
    Span::styled(
        format!(" {} ", status.as_str()),
        Style::new()
            .fg(theme.status_badge_fg)
            .bg(colour)
            .add_modifier(Modifier::BOLD),
    )
}

/// A timeline row's state as a badge.
pub fn row_badge(theme: &Theme, status: &RowStatus) -> Span<'static> {
    match status {
        RowStatus::Build(status) => status_badge(theme, status),
        RowStatus::Package(status) => code_status_badge(theme, status),
    }
}

/// A centred one-line message inside an area (empty and loading states).
fn message(frame: &mut Frame, area: Rect, text: &str, style: Style) {
    let middle = area.centered_vertically(Constraint::Length(1));
    frame.render_widget(
        Paragraph::new(text.to_string())
            .style(style)
            .alignment(Alignment::Center),
        middle,
    );
}
