//! The header (connection, DEMO and OFFLINE badges, `cached … ago`, requests in flight), the tab line and the footer (flash).

use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::layout::view_title;
use crate::app::state::{FlashKind, State, View};
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
    // The Compare view wraps what its footer says over the lines the layout gave it.
    if let Some(lines) = crate::app::layout::compare_footer_lines(state, area.width) {
        let style = match &state.flash {
            Some(flash) if flash.kind == FlashKind::Error => Style::new()
                .fg(theme.flash_error_fg)
                .bg(theme.flash_error_bg),
            Some(_) => Style::new().fg(theme.flash_info_fg),
            None => Style::new().fg(theme.muted),
        };
        // A message's background runs one column past its words, as the one-line footer's does.
        let pad = if state.flash.is_some() { " " } else { "" };
        let lines: Vec<Line> = lines
            .into_iter()
            .map(|line| Line::from(Span::styled(format!(" {line}{pad}"), style)))
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let progress = state.running.as_ref().map(|running| match &running.flow {
        Some(flow) => flow.progress(),
        None => s::CHANGE_IN_PROGRESS.to_string(),
    });
    // A slow answer or a pause says what it waits for, even during a change.
    let waiting = state.waits.newest().map(|wait| wait.line(state.tick));
    let progress = waiting.or(progress);
    let line = match (&state.flash, progress) {
        // A change in progress outranks hints; an error still shows first.
        (Some(flash), _) if flash.kind == FlashKind::Error => flash_line(flash, theme),
        (_, Some(progress)) => Line::from(vec![
            Span::styled(
                format!(" {} ", crate::ui::spinner(state)),
                Style::new().fg(theme.spinner),
            ),
            Span::styled(progress, Style::new().fg(theme.flash_info_fg)),
        ]),
        (flash, None) => match flash {
            Some(flash) => flash_line(flash, theme),
            // The Compare view says what it compares and the keys that change it.
            None if state.comparing => Line::from(Span::styled(
                match state.compare.diff {
                    Some(_) => format!(" {}", s::compare::DIFF_FOOTER),
                    None => format!(" {}", s::compare::footer(state.compare.drafts)),
                },
                Style::new().fg(theme.muted),
            )),
            None if state.is_demo() => Line::from(Span::styled(
                format!(" {}", s::DEMO_HINT),
                Style::new().fg(theme.muted),
            )),
            None => Line::from(Span::styled(
                format!(" {}", s::FOOTER_HINTS),
                Style::new().fg(theme.muted),
            )),
        },
    };
    frame.render_widget(Paragraph::new(line), area);
    // The demo hint takes the key hints' place; keep the way to the help visible.
    let hint_width = (s::DEMO_HINT.chars().count() + s::FOOTER_HELP.chars().count() + 2) as u16;
    if state.flash.is_none()
        && !state.comparing
        && state.running.is_none()
        && state.waits.is_empty()
        && state.is_demo()
        && area.width >= hint_width
    {
        let help = Paragraph::new(Span::styled(s::FOOTER_HELP, Style::new().fg(theme.muted)));
        frame.render_widget(help.alignment(Alignment::Right), area);
    }
}

fn flash_line(flash: &crate::app::state::Flash, theme: &Theme) -> Line<'static> {
    let style = match flash.kind {
        FlashKind::Error => Style::new()
            .fg(theme.flash_error_fg)
            .bg(theme.flash_error_bg),
        FlashKind::Info => Style::new().fg(theme.flash_info_fg),
    };
    Line::from(Span::styled(format!(" {} ", flash.text), style))
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
