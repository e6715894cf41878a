//! The search results (`S`): over the body, objects → versions (newest first) → hits with their line
//! numbers, the matches emphasised, the selected hit highlighted; "searching…" while it runs.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::app::state::{LineHit, Remote, SearchResults, SearchView};
use crate::app::timeline::RowKey;
use crate::model::terminal_safe;
use crate::strings::search as words;
use crate::theme::Theme;

pub fn render(search: &SearchView, theme: &Theme, frame: &mut Frame, area: Rect) {
    let pattern = &search.query.typed;
    let (title, lines, selected_line) = match &search.results {
        Remote::Ready(results) if results.objects.is_empty() => (
            format!(" {pattern} "),
            vec![Line::styled(
                format!(" {}", words::nothing_found(pattern, results.searched)),
                Style::new().fg(theme.muted),
            )],
            0,
        ),
        Remote::Ready(results) => {
            let (lines, selected_line) = result_lines(results, search.selected, theme);
            (
                words::results_title(
                    pattern,
                    results.hit_count(),
                    results.version_count(),
                    results.objects.len(),
                ),
                lines,
                selected_line,
            )
        }
        Remote::Failed(why) => (
            format!(" {pattern} "),
            vec![Line::styled(
                format!(" {}", terminal_safe(why)),
                Style::new()
                    .fg(theme.flash_error_fg)
                    .bg(theme.flash_error_bg),
            )],
            0,
        ),
        Remote::NotAsked | Remote::Loading => (words::searching(pattern), vec![], 0),
    };
    let rows = area.height.saturating_sub(2) as usize;
    // Keep the selected hit in view, with its headings above it when they fit.
    let offset = selected_line.saturating_sub(rows.saturating_sub(1).min(rows / 2));
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(theme.border_focus))
        .title(terminal_safe(&title).into_owned())
        .style(Style::new().fg(theme.text).bg(theme.background));
    let shown: Vec<Line> = lines.into_iter().skip(offset).take(rows).collect();
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(shown).block(block), area);
}

/// Every line of the results and the index of the selected hit's line.
fn result_lines(
    results: &SearchResults,
    selected: usize,
    theme: &Theme,
) -> (Vec<Line<'static>>, usize) {
    let mut lines = Vec::new();
    let mut hit_index = 0;
    let mut selected_line = 0;
    for object in &results.objects {
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {}", terminal_safe(&object.name)),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::styled(
                format!("  {}", terminal_safe(&object.place)),
                Style::new().fg(theme.muted),
            ),
        ]));
        for version in &object.versions {
            let number = match version.key {
                RowKey::Draft => None,
                RowKey::Version(n) => Some(n),
            };
            lines.push(Line::styled(
                format!(
                    "   {}",
                    words::version_heading(number, version.live, version.pruned)
                ),
                Style::new().fg(theme.label),
            ));
            for hit in version.hits.iter() {
                let chosen = hit_index == selected;
                if chosen {
                    selected_line = lines.len();
                }
                lines.push(hit_line(hit, chosen, theme));
                hit_index += 1;
            }
        }
    }
    (lines, selected_line)
}

fn hit_line(hit: &LineHit, chosen: bool, theme: &Theme) -> Line<'static> {
    let base = if chosen {
        Style::new().fg(theme.selection_fg).bg(theme.selection_bg)
    } else {
        Style::new()
    };
    let emphasis = base.fg(theme.filter).add_modifier(Modifier::BOLD);
    let mut spans = vec![Span::styled(
        format!("   {} {:>5}: ", if chosen { '›' } else { ' ' }, hit.line),
        base.fg(if chosen {
            theme.selection_fg
        } else {
            theme.line_number
        }),
    )];
    let mut at = 0;
    for range in &hit.matches {
        spans.push(Span::styled(shown(&hit.text[at..range.start]), base));
        spans.push(Span::styled(shown(&hit.text[range.clone()]), emphasis));
        at = range.end;
    }
    spans.push(Span::styled(shown(&hit.text[at..]), base));
    Line::from(spans)
}

/// Remote text as a cell can hold it: no control character, a tab as a space.
fn shown(text: &str) -> String {
    terminal_safe(text).replace('\t', " ")
}
