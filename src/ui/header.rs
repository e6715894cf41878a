//! The header (connection, DEMO and OFFLINE badges, `cached … ago`, requests in flight), the tab line
//! and the footer (the status message wrapped above the key bar the keymap generates).

use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::layout::view_title;
use crate::app::layout::Status;
use crate::app::state::{State, View};
use crate::strings as s;
use crate::theme::Theme;

pub fn render_header(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let base = Style::new().fg(theme.header_fg).bg(theme.header_bg);
    let mut left = vec![
        Span::styled(
            format!(" {} ", s::APP_NAME),
            base.add_modifier(Modifier::BOLD),
        ),
        Span::styled(format!(" {}", connection_label(state)), base),
    ];
    if let Some(faircom) = &state.connection.faircom_label {
        left.push(Span::styled(
            format!("  {}{faircom}", s::FAIRCOM_PREFIX),
            base,
        ));
    }
    if let Some(profile) = &state.connection.profile {
        left.push(Span::styled(
            format!("  {}{profile}", s::PROFILE_PREFIX),
            base,
        ));
    }
    // The Compare view names both stages, the target in the danger colour when it is production.
    if let (true, Some(from), Some(to)) = (state.comparing, &state.compare.from, &state.compare.to)
    {
        left.push(Span::styled("  ", base));
        left.push(crate::ui::compare::stage_name(from, theme).patch_style(base));
        left.push(Span::styled(s::compare::ARROW, base));
        let target = crate::ui::compare::stage_name(to, theme);
        left.push(if to.production {
            target.patch_style(Style::new().bg(theme.header_bg))
        } else {
            target.patch_style(base)
        });
    }
    if state.is_demo() {
        left.push(Span::styled("  ", base));
        left.push(Span::styled(
            s::DEMO_BADGE,
            Style::new()
                .fg(theme.demo_badge_fg)
                .bg(theme.demo_badge_bg)
                .add_modifier(Modifier::BOLD),
        ));
    }
    if state.opts.offline {
        left.push(Span::styled("  ", base));
        left.push(Span::styled(
            s::warm::OFFLINE_BADGE,
            Style::new()
                .fg(theme.flash_error_fg)
                .bg(theme.flash_error_bg)
                .add_modifier(Modifier::BOLD),
        ));
    }
    if let Some(mark) = cached_mark(state) {
        left.push(Span::styled(
            format!("  {mark}"),
            base.add_modifier(Modifier::ITALIC),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(left)).style(base), area);
    if state.in_flight > 0 {
        let spinner = crate::ui::spinner(state);
        let right = Line::from(vec![
            Span::styled(spinner, base.fg(theme.spinner)),
            Span::styled(format!(" {} ", s::in_flight(state.in_flight)), base),
        ]);
        frame.render_widget(Paragraph::new(right).alignment(Alignment::Right), area);
    }
}

pub fn render_tabs(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let mut spans = vec![Span::raw(" ")];
    let offered = View::ALL
        .iter()
        .enumerate()
        .filter(|(_, view)| view.offered(state.connection.services));
    for (index, view) in offered {
        let style = if *view == state.view && !state.comparing && !state.logs.shown {
            Style::new()
                .fg(theme.tab_active)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            Style::new().fg(theme.tab_inactive)
        };
        spans.push(Span::styled(
            format!("{} {}", index + 1, view_title(*view)),
            style,
        ));
        spans.push(Span::raw("  "));
    }
    // Compare (5) is offered when there are stages to compare.
    if state.comparing || !state.opts.stages.names.is_empty() {
        let style = if state.comparing {
            Style::new()
                .fg(theme.tab_active)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            Style::new().fg(theme.tab_inactive)
        };
        spans.push(Span::styled(
            format!("5 {}", s::compare::VIEW_COMPARE),
            style,
        ));
    }
    // Logs (issue 18): its tab shows while it is open.
    if state.logs.shown {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(
            s::logs::TAB_LOGS,
            Style::new()
                .fg(theme.tab_active)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub fn render_footer(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let status = crate::app::layout::status(state);
    let lines = crate::app::layout::status_lines(state, area.width, frame.area().height);
    let drawn: Vec<Line> = lines
        .into_iter()
        .enumerate()
        .map(|(i, text)| match &status {
            Some(Status::Progress(_)) if i == 0 => Line::from(vec![
                Span::styled(
                    format!(" {} ", crate::ui::spinner(state)),
                    Style::new().fg(theme.spinner),
                ),
                Span::styled(text, Style::new().fg(theme.flash_info_fg)),
            ]),
            Some(Status::Progress(_)) => Line::from(Span::styled(
                format!("   {text}"),
                Style::new().fg(theme.flash_info_fg),
            )),
            Some(Status::Error(_)) => Line::from(Span::styled(
                format!(" {text} "),
                Style::new()
                    .fg(theme.flash_error_fg)
                    .bg(theme.flash_error_bg),
            )),
            _ => Line::from(Span::styled(
                format!(" {text} "),
                Style::new().fg(theme.flash_info_fg),
            )),
        })
        .collect();
    if drawn.is_empty() {
        frame.render_widget(Paragraph::new(key_bar(state, theme, area.width)), area);
        return;
    }
    frame.render_widget(Paragraph::new(drawn), area);
    // A message takes the key bar's place; the way to the help (and to dismiss an error) stays.
    let pinned = crate::app::keymap::bar::pinned(state);
    let mut spans = vec![];
    for hint in &pinned {
        spans.push(Span::styled(
            hint.key.clone(),
            Style::new().fg(theme.help_key),
        ));
        spans.push(Span::styled(
            format!(" {}  ", hint.label),
            Style::new().fg(theme.muted),
        ));
    }
    let last = Rect {
        y: area.y + area.height.saturating_sub(1),
        height: 1,
        ..area
    };
    frame.render_widget(
        Paragraph::new(Line::from(spans)).alignment(Alignment::Right),
        last,
    );
}

/// The keys that do something now (greyed: refused now), `? help` always among them.
fn key_bar(state: &State, theme: &Theme, width: u16) -> Line<'static> {
    let hints = crate::app::keymap::bar::hints(state);
    let shown = crate::app::keymap::bar::fitted(&hints, usize::from(width));
    let mut spans = vec![Span::raw(" ")];
    for (i, hint) in shown.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        let (key, label) = if hint.ready {
            (
                Style::new().fg(theme.help_key),
                Style::new().fg(theme.muted),
            )
        } else {
            let grey = Style::new().fg(theme.border).add_modifier(Modifier::DIM);
            (grey, grey)
        };
        spans.push(Span::styled(hint.key.clone(), key));
        spans.push(Span::styled(format!(" {}", hint.label), label));
    }
    Line::from(spans)
}

/// `cached 3 min ago` while the open view's list is the stored one (the time itself before the
/// clock is read).
fn cached_mark(state: &State) -> Option<String> {
    if state.comparing {
        return None;
    }
    let at = state.cached.of(state.view)?;
    Some(match state.now {
        Some(now) => s::warm::cached_ago(&crate::app::timeline::relative_time(at, now)),
        None => s::warm::cached_at(at),
    })
}

/// The tenant as the user knows it; the URL when there is no label.
fn connection_label(state: &State) -> &str {
    let connection = &state.connection;
    if connection.label.trim().is_empty() {
        &connection.base_url
    } else {
        &connection.label
    }
}
