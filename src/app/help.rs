//! The `?` overlay as data, generated from the keymap tables (with the user's keys): its sections,
//! filtered by `/`, laid out in one column below [`TWO_COLUMNS_MIN_WIDTH`] (two only when every
//! description fits its column), descriptions wrapped and never cut, and how far it scrolls
//! (`update` bounds the scroll with it; `ui::help` draws it). The moves every pane shares (j/k,
//! pages, top/bottom) are folded into one line per table.

use ratatui::layout::{Constraint, Rect};

use crate::app::keymap::{display_key, Intent, KeyTable, Keymap, Mode, DOCUMENTED};
use crate::app::layout::wrap_words;
use crate::app::state::{Overlay, State};
use crate::app::Cmd;
use crate::strings as s;

/// The widest the popup grows.
const MAX_WIDTH: u16 = 160;
/// Below this many columns the help is one column.
pub const TWO_COLUMNS_MIN_WIDTH: u16 = 120;
/// Columns before a description: the indent and the keys.
pub const KEY_COLUMN: usize = 20;
const INDENT: usize = 3;

/// One line of the overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A table's title.
    Title(&'static str),
    /// Keys and what they do (the whole description).
    Keys { keys: String, help: &'static str },
    /// Between two tables.
    Blank,
}

/// One drawn row: a title, keys with the first line of their description, or a description's
/// next line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Title(&'static str),
    Keys {
        keys: String,
        text: String,
    },
    More(String),
    Blank,
    /// Nothing matches the filter.
    NoMatch,
}

/// The help laid out for one screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLayout {
    pub popup: Rect,
    /// One or two columns of rows.
    pub columns: Vec<Vec<Row>>,
}

impl HelpLayout {
    pub fn rows(&self) -> usize {
        self.columns.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// Lines that do not fit: how far it can scroll.
    pub fn max_scroll(&self) -> usize {
        self.rows()
            .saturating_sub(self.popup.height.saturating_sub(2) as usize)
    }
}

/// The sections the filter keeps (every one without a filter), with the user's keys.
pub fn sections(keymap: &Keymap, filter: &str) -> Vec<Vec<HelpLine>> {
    let needle = filter.to_lowercase();
    DOCUMENTED
        .iter()
        .map(|table| section(keymap, table))
        .filter_map(|lines| {
            if needle.is_empty() {
                return Some(lines);
            }
            let title_matches = matches!(lines.first(), Some(HelpLine::Title(t)) if t.to_lowercase().contains(&needle));
            if title_matches {
                return Some(lines);
            }
            let kept: Vec<HelpLine> = lines
                .iter()
                .filter(|line| match line {
                    HelpLine::Keys { keys, help } => {
                        keys.to_lowercase().contains(&needle)
                            || help.to_lowercase().contains(&needle)
                    }
                    _ => false,
                })
                .cloned()
                .collect();
            if kept.is_empty() {
                return None;
            }
            let mut with_title = vec![lines[0].clone()];
            with_title.extend(kept);
            Some(with_title)
        })
        .collect()
}

/// The whole help, split in reading order where two columns come out most even (the README and
/// tests read it; the screen uses [`layout`]).
pub fn columns() -> (Vec<HelpLine>, Vec<HelpLine>) {
    let sections = sections(&Keymap::default(), "");
    let height = |parts: &[Vec<HelpLine>]| parts.iter().map(|p| p.len() + 1).sum::<usize>();
    let split = (0..=sections.len())
        .min_by_key(|&at| height(&sections[..at]).max(height(&sections[at..])))
        .unwrap_or(0);
    (join(&sections[..split]), join(&sections[split..]))
}

fn join(parts: &[Vec<HelpLine>]) -> Vec<HelpLine> {
    let mut lines = vec![];
    for part in parts {
        if !lines.is_empty() {
            lines.push(HelpLine::Blank);
        }
        lines.extend(part.iter().cloned());
    }
    lines
}

fn section(keymap: &Keymap, table: &KeyTable) -> Vec<HelpLine> {
    let mut lines = vec![HelpLine::Title(table.title)];
    let moves: Vec<_> = table
        .bindings
        .iter()
        .filter(|b| b.intent.is_movement())
        .collect();
    let fold_moves = moves.len() >= 4;
    if fold_moves {
        let keys = moves
            .iter()
            .filter_map(|b| keymap.keys(table.mode, b).first().map(|k| display_key(k)))
            .collect::<Vec<_>>()
            .join("/");
        lines.push(HelpLine::Keys {
            keys,
            help: s::HELP_MOVES,
        });
    }
    for binding in table.bindings {
        if fold_moves && binding.intent.is_movement() {
            continue;
        }
        lines.push(HelpLine::Keys {
            keys: keymap.display(table.mode, binding),
            help: binding.help,
        });
    }
    lines
}

/// Columns a description starts at: the indent, the keys padded to their column, one space (as
/// `ui::help` draws them).
fn key_width(keys: &str) -> usize {
    INDENT + KEY_COLUMN.max(keys.chars().count()) + 1
}

/// Rows of `lines` in a column `width` wide: descriptions wrapped at words.
fn rows(lines: &[HelpLine], width: usize) -> Vec<Row> {
    let mut out = vec![];
    for line in lines {
        match line {
            HelpLine::Title(title) => out.push(Row::Title(title)),
            HelpLine::Blank => out.push(Row::Blank),
            HelpLine::Keys { keys, help } => {
                let room = width.saturating_sub(key_width(keys)).max(10);
                let mut wrapped = wrap_words(help, room, " ").into_iter();
                out.push(Row::Keys {
                    keys: keys.clone(),
                    text: wrapped.next().unwrap_or_default(),
                });
                out.extend(wrapped.map(Row::More));
            }
        }
    }
    out
}

/// True when every description fits its column on one line.
fn fits(lines: &[HelpLine], width: usize) -> bool {
    lines.iter().all(|line| match line {
        HelpLine::Keys { keys, help } => key_width(keys) + help.chars().count() <= width,
        _ => true,
    })
}

/// The help for a screen `area` with `filter` typed.
pub fn layout(keymap: &Keymap, filter: &str, area: Rect) -> HelpLayout {
    let width = area.width.saturating_sub(4).min(MAX_WIDTH);
    let inner = usize::from(width.saturating_sub(2));
    let sections = sections(keymap, filter);
    let all = join(&sections);
    let column_width = inner / 2;
    let two = area.width >= TWO_COLUMNS_MIN_WIDTH && fits(&all, column_width.saturating_sub(1));
    let columns = if sections.is_empty() {
        vec![vec![Row::NoMatch]]
    } else if two {
        let height = |parts: &[Vec<HelpLine>]| rows(&join(parts), column_width).len();
        let split = (0..=sections.len())
            .min_by_key(|&at| height(&sections[..at]).max(height(&sections[at..])))
            .unwrap_or(0);
        vec![
            rows(&join(&sections[..split]), column_width),
            rows(&join(&sections[split..]), column_width),
        ]
    } else {
        vec![rows(&all, inner)]
    };
    let tallest = columns.iter().map(Vec::len).max().unwrap_or(0);
    let height = (tallest as u16 + 2).min(area.height.saturating_sub(2));
    let popup = area.centered(Constraint::Length(width), Constraint::Length(height));
    HelpLayout { popup, columns }
}

/// The help as the state shows it now.
pub fn current(state: &State) -> HelpLayout {
    layout(
        &state.opts.keymap,
        &state.help_filter.text,
        Rect::new(0, 0, state.width, state.height),
    )
}

/// Lines that do not fit at this size (no filter, default keys).
pub fn max_scroll(width: u16, height: u16) -> usize {
    layout(&Keymap::default(), "", Rect::new(0, 0, width, height)).max_scroll()
}

/// `?` opens the help afresh (no filter, at the top).
pub fn open(state: &mut State) {
    state.help_filter = crate::app::state::HelpFilter::default();
    state.overlay = Overlay::Help { scroll: 0 };
}

/// The keys while the help is open: moves scroll, `/` types a filter (Enter keeps it, Esc clears
/// it), Esc or `?` closes. `None`: not the help's (quit).
pub fn on_intent(state: &mut State, mode: Mode, intent: Intent) -> Option<Vec<Cmd>> {
    if !matches!(state.overlay, Overlay::Help { .. }) || intent == Intent::Quit {
        return None;
    }
    match (mode, intent) {
        (Mode::Filter, Intent::FilterKeep) => state.help_filter.typing = false,
        (Mode::Filter, Intent::FilterClear) => {
            state.help_filter = crate::app::state::HelpFilter::default();
            scroll_to(state, 0);
        }
        (Mode::Filter, Intent::FilterErase) => {
            state.help_filter.text.pop();
            scroll_to(state, 0);
        }
        (Mode::Help, Intent::Filter) => state.help_filter.typing = true,
        // Esc (or `?`) with a filter kept clears it first (k9s); again, it closes.
        (Mode::Help, Intent::Back) if !state.help_filter.text.is_empty() => {
            state.help_filter = crate::app::state::HelpFilter::default();
            scroll_to(state, 0);
        }
        (Mode::Help, Intent::Back | Intent::Help) => {
            state.help_filter = crate::app::state::HelpFilter::default();
            state.overlay = Overlay::None;
        }
        (Mode::Help, movement) if movement.is_movement() => {
            let max = current(state).max_scroll();
            if let Overlay::Help { scroll } = &mut state.overlay {
                let page = usize::from(state.height.saturating_sub(4)).max(1);
                *scroll = crate::app::common::new_moved(*scroll, max + 1, movement, page);
            }
        }
        _ => {}
    }
    Some(vec![])
}

/// A typed character goes into the filter.
pub fn on_char(state: &mut State, c: char) {
    state.help_filter.text.push(c);
    scroll_to(state, 0);
}

fn scroll_to(state: &mut State, to: usize) {
    if let Overlay::Help { scroll } = &mut state.overlay {
        *scroll = to;
    }
}
