//! The detail pane: facts about the action or module, then its code, highlighted, with line numbers.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::layout::{code_area, max_scroll, META_ROWS};
use crate::app::state::{CodeView, Focus, Remote, State, View};
use crate::diff::paint;
use crate::highlight;
use crate::model::{Action, CodePackage, Dependency, Module, ModuleUsage, SecretName};
use crate::strings as s;
use crate::theme::Theme;
use crate::ui::{code_status_badge, has_focus, message, pane, status_badge, RenderCache};

pub fn render(
    state: &State,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    cache: &mut RenderCache,
) {
    let focused = has_focus(state, Focus::Detail);
    let (name, facts, code, loading_text, failed) = match state.view {
        View::Actions => {
            let Some(detail) = &state.actions.detail else {
                return;
            };
            let action = detail.action.data.ready();
            let name = action.map_or(detail.name.clone(), |a| a.name.clone());
            (
                name,
                action.map(|a| action_facts(a, theme)),
                action.map(|a| a.code.as_str()),
                s::LOADING_ACTION,
                failed(&detail.action.data),
            )
        }
        View::Modules => {
            let Some(detail) = &state.modules.detail else {
                return;
            };
            let module = detail.module.data.ready();
            let name = module.map_or(detail.name.clone(), |m| m.name.clone());
            let facts = module.map(|m| module_facts(m, &detail.usages.data, theme));
            (
                name,
                facts,
                module.map(|m| m.code.as_str()),
                s::LOADING_MODULE,
                failed(&detail.module.data),
            )
        }
        View::Packages => {
            let Some(detail) = &state.packages.detail else {
                return;
            };
            let package = detail.package.data.ready();
            // The list's copy has no code: the facts show at once, the code when describe answers.
            let code = package.and_then(|p| p.code.as_deref());
            let code = if detail.show_metadata {
                Some(&*detail.about)
            } else {
                code
            };
            (
                detail.id.name.clone(),
                package.map(|p| package_facts(p, state.packages.several_places(), theme)),
                code,
                s::LOADING_PACKAGE,
                failed(&detail.package.data),
            )
        }
        // Flows draw their own pane (ui::flows).
        View::Flows => return,
    };
    let block = pane(
        Line::from(Span::styled(
            format!(" {name} "),
            Style::new().add_modifier(Modifier::BOLD),
        )),
        focused,
        theme,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let Some(facts) = facts else {
        match failed {
            Some(err) => message(frame, inner, &err, Style::new().fg(theme.status_failed)),
            None => message(frame, inner, loading_text, Style::new().fg(theme.muted)),
        }
        return;
    };
    let facts_area = Rect {
        height: META_ROWS.min(inner.height),
        ..inner
    };
    frame.render_widget(Paragraph::new(facts), facts_area);
    if inner.height > META_ROWS {
        let rule_area = Rect {
            y: inner.y + META_ROWS,
            height: 1,
            ..inner
        };
        // A failed draft says so where the rule is: Auth0 gives no reason, so the usual cause.
        let rule = if draft_failed(state) {
            Paragraph::new(s::diffs::DRAFT_FAILED_NO_REASON)
                .style(Style::new().fg(theme.status_failed))
        } else {
            Paragraph::new("─".repeat(inner.width as usize)).style(Style::new().fg(theme.border))
        };
        frame.render_widget(rule, rule_area);
    }
    let code_area = code_area(area);
    if let Some(code) = code {
        render_code(
            code,
            state.detail_scroll(),
            &state.code_view,
            theme,
            frame,
            code_area,
            cache,
        );
    } else {
        let (text, style) = match failed {
            Some(err) => (err, Style::new().fg(theme.status_failed)),
            None => (loading_text.to_string(), Style::new().fg(theme.muted)),
        };
        message(frame, code_area, &text, style);
    }
}

/// The open action's draft failed to build.
fn draft_failed(state: &State) -> bool {
    state.view == View::Actions
        && (state.actions.detail.as_ref())
            .and_then(|d| d.action.data.ready())
            .is_some_and(|a| a.status == crate::model::BuildStatus::Failed)
}

fn failed<T>(remote: &Remote<T>) -> Option<String> {
    match remote {
        Remote::Failed(err) => Some(err.clone()),
        _ => None,
    }
}

pub(crate) fn render_code(
    code: &str,
    scroll: usize,
    look: &CodeView,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    cache: &mut RenderCache,
) {
    render_code_with(code, scroll, look, theme, frame, area, cache, None);
}

/// The spans before the line numbers of the visible lines (`first`, how many), one per line: the
/// blame gutter.
pub(crate) type Gutter<'a> = &'a dyn Fn(usize, usize) -> Vec<Span<'static>>;

/// [`render_code`] with a gutter left of the line numbers, asked only for the lines shown. Long
/// lines wrap, or are cut at the sideways scroll with a `›` where they go on; matches of the text
/// search are emphasised. Only the lines on screen are highlighted and laid out.
#[allow(clippy::too_many_arguments)] // the code, where it is, and how it is shown
pub(crate) fn render_code_with(
    code: &str,
    scroll: usize,
    look: &CodeView,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    cache: &mut RenderCache,
    prefix: Option<Gutter>,
) {
    if area.height == 0 {
        return;
    }
    let total = highlight::line_count(code);
    if total == 0 {
        frame.render_widget(
            Paragraph::new(s::NO_CODE).style(Style::new().fg(theme.muted)),
            area,
        );
        return;
    }
    let rows = area.height as usize;
    let first = scroll.min(max_scroll(total, rows));
    let gutter = total.to_string().len();
    let number_style = Style::new().fg(theme.line_number);
    let mut prefixes = prefix
        .map(|g| g(first, rows))
        .unwrap_or_default()
        .into_iter();
    let mut screen: Vec<Line> = Vec::with_capacity(rows);
    for (i, line) in cache
        .code
        .lines(code, &theme.syntax_theme, first, rows)
        .into_iter()
        .enumerate()
    {
        let mut left = vec![];
        if let Some(prefix) = prefixes.next() {
            left.push(prefix);
        }
        left.push(Span::styled(
            format!("{:>gutter$} ", first + i + 1),
            number_style,
        ));
        let spans = match &look.search {
            Some(search) => {
                let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
                paint::restyle(
                    line.spans,
                    &search.ranges_in(&text),
                    paint::match_style(theme),
                )
            }
            None => line.spans,
        };
        let room = (area.width as usize).saturating_sub(paint::width_of(&left));
        for piece in fit_code(&spans, room, look, theme) {
            if screen.len() >= rows {
                break;
            }
            let mut out = if piece.continued {
                vec![Span::raw(" ".repeat(paint::width_of(&left)))]
            } else {
                left.clone()
            };
            out.extend(piece.spans);
            screen.push(Line::from(out));
        }
        if screen.len() >= rows {
            break;
        }
    }
    frame.render_widget(Paragraph::new(screen), area);
}

/// One screen line of a code line: its spans, and whether it continues the line above (wrapped).
struct Piece {
    spans: Vec<Span<'static>>,
    continued: bool,
}

/// A line of code in `width` columns: wrapped into pieces, or cut at the sideways scroll with a
/// `›` in the last column when it goes on.
fn fit_code(spans: &[Span<'static>], width: usize, look: &CodeView, theme: &Theme) -> Vec<Piece> {
    let total = paint::width_of(spans);
    if width == 0 {
        return vec![Piece {
            spans: vec![],
            continued: false,
        }];
    }
    if look.wrap {
        return (0..total.div_ceil(width).max(1))
            .map(|k| Piece {
                spans: paint::columns(spans, k * width, width, None),
                continued: k > 0,
            })
            .collect();
    }
    let spans = if total > look.hscroll + width {
        let mut cut = paint::columns(spans, look.hscroll, width - 1, None);
        cut.push(Span::styled(
            s::find::CONTINUES,
            Style::new().fg(theme.muted),
        ));
        cut
    } else {
        paint::columns(spans, look.hscroll, width, None)
    };
    vec![Piece {
        spans,
        continued: false,
    }]
}

fn label(text: &'static str, theme: &Theme) -> Span<'static> {
    Span::styled(text, Style::new().fg(theme.label))
}

fn join_or_none(items: &[String]) -> String {
    if items.is_empty() {
        s::NONE.to_string()
    } else {
        items.join(", ")
    }
}

fn dependencies(deps: &[Dependency]) -> String {
    join_or_none(
        &deps
            .iter()
            .map(|d| format!("{}@{}", d.name, d.version))
            .collect::<Vec<_>>(),
    )
}

/// Secret NAMES only: values never reach the model.
fn secrets(secrets: &[SecretName]) -> String {
    join_or_none(&secrets.iter().map(|s| s.name.clone()).collect::<Vec<_>>())
}

fn action_facts(action: &Action, theme: &Theme) -> Vec<Line<'static>> {
    let dot = Span::styled(" · ", Style::new().fg(theme.muted));
    let mut first = vec![
        label(s::LABEL_RUNTIME, theme),
        Span::raw(action.runtime.clone()),
        dot.clone(),
        label(s::LABEL_STATUS, theme),
        status_badge(theme, &action.status),
        dot.clone(),
        label(s::LABEL_LIVE, theme),
    ];
    first.push(match &action.deployed_version {
        Some(v) => Span::styled(format!("v{}", v.number), Style::new().fg(theme.deployed)),
        None => Span::styled(s::NOT_DEPLOYED, Style::new().fg(theme.not_deployed)),
    });
    if action.draft_differs() {
        first.push(dot);
        first.push(Span::styled(
            s::DRAFT_DIFFERS_LONG,
            Style::new().fg(theme.draft_differs),
        ));
    }
    let triggers = join_or_none(
        &action
            .supported_triggers
            .iter()
            .map(|t| format!("{} {}", t.id, t.version))
            .collect::<Vec<_>>(),
    );
    let modules = join_or_none(
        &action
            .modules
            .iter()
            .map(|m| format!("{} v{}", m.module_name, m.module_version_number))
            .collect::<Vec<_>>(),
    );
    vec![
        Line::from(first),
        Line::from(vec![label(s::LABEL_TRIGGERS, theme), Span::raw(triggers)]),
        Line::from(vec![
            label(s::LABEL_DEPENDENCIES, theme),
            Span::raw(dependencies(&action.dependencies)),
        ]),
        Line::from(vec![
            label(s::LABEL_SECRETS, theme),
            Span::raw(secrets(&action.secrets)),
        ]),
        Line::from(vec![label(s::LABEL_MODULES, theme), Span::raw(modules)]),
    ]
}

fn module_facts(
    module: &Module,
    usages: &Remote<Vec<ModuleUsage>>,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut first = vec![label(s::LABEL_LATEST, theme)];
    first.push(match module.latest_version_number() {
        Some(n) => Span::styled(format!("v{n}"), Style::new().fg(theme.deployed)),
        None => Span::styled(s::NOT_PUBLISHED, Style::new().fg(theme.not_deployed)),
    });
    if module.draft_unpublished() {
        first.push(Span::styled(" · ", Style::new().fg(theme.muted)));
        first.push(Span::styled(
            s::DRAFT_UNPUBLISHED_LONG,
            Style::new().fg(theme.draft_differs),
        ));
    }
    let used_by = match usages {
        Remote::Ready(list) if list.is_empty() => {
            Span::styled(s::NO_USAGES, Style::new().fg(theme.muted))
        }
        Remote::Ready(list) => Span::raw(
            list.iter()
                .map(|u| format!("{} (v{})", u.action_name, u.module_version_number))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Remote::Failed(err) => Span::styled(err.clone(), Style::new().fg(theme.status_failed)),
        Remote::NotAsked | Remote::Loading => {
            Span::styled(s::LOADING_USAGES, Style::new().fg(theme.muted))
        }
    };
    vec![
        Line::from(first),
        Line::from(vec![label(s::LABEL_USED_BY, theme), used_by]),
        Line::from(vec![
            label(s::LABEL_DEPENDENCIES, theme),
            Span::raw(dependencies(&module.dependencies)),
        ]),
        Line::from(vec![
            label(s::LABEL_SECRETS, theme),
            Span::raw(secrets(&module.secrets)),
        ]),
    ]
}

/// A code package's facts: status, version, type and language; where it lives; who changed it
/// when (server time, zone unknown); this version's comment; the keys.
fn package_facts(package: &CodePackage, several_places: bool, theme: &Theme) -> Vec<Line<'static>> {
    let dot = Span::styled(" · ", Style::new().fg(theme.muted));
    let muted = Style::new().fg(theme.muted);
    let first = vec![
        label(s::LABEL_STATUS, theme),
        code_status_badge(theme, &package.status),
        dot.clone(),
        Span::styled(
            s::version_live_label(package.version, s::CURRENT_WORD),
            Style::new().fg(theme.deployed),
        ),
        dot.clone(),
        Span::raw(format!(
            "{} ({})",
            package.code_type.as_str(),
            package.language
        )),
    ];
    let mut place = format!("{}/{}", package.id.database, package.id.owner);
    if package.cloned_code_id != 0 {
        place.push_str(&s::cloned_from(package.cloned_code_id));
    }
    let place_style = if several_places {
        Style::new().fg(theme.filter)
    } else {
        Style::new()
    };
    let when = |at: Option<crate::model::ServerTime>, by: &str| match at {
        Some(at) => s::at_by(&at.format("%Y-%m-%d %H:%M:%S").to_string(), by),
        None => by.to_string(),
    };
    let comment = if package.comment.is_empty() {
        Span::styled(s::NONE, muted)
    } else {
        Span::raw(package.comment.clone())
    };
    vec![
        Line::from(first),
        Line::from(vec![
            label(s::LABEL_PLACE, theme),
            Span::styled(place, place_style),
            dot.clone(),
            Span::styled(s::status_meaning(&package.status), muted),
        ]),
        Line::from(vec![
            label(s::LABEL_UPDATED, theme),
            Span::raw(when(package.updated_on, &package.updated_by)),
            dot,
            Span::styled(
                s::created_on(&when(package.created_on, &package.created_by)),
                muted,
            ),
        ]),
        Line::from(vec![label(s::LABEL_COMMENT, theme), comment]),
        Line::from(Span::styled(s::PACKAGE_KEYS, muted)),
    ]
}
