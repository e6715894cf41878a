//! The `?` overlay as data, generated from the keymap tables: its lines split into two columns, where
//! the popup goes and how far it scrolls (`update` bounds the scroll with it; `ui::help` draws it).
//! The moves every pane shares (j/k, pages, top/bottom) are folded into one line per table so
//! everything fits; it scrolls when it does not.

use ratatui::layout::{Constraint, Rect};

use crate::app::keymap::{display_key, display_keys, KeyTable, DOCUMENTED};
use crate::strings as s;

const MAX_WIDTH: u16 = 120;

/// One line of the overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A table's title.
    Title(&'static str),
    /// Keys and what they do.
    Keys { keys: String, help: &'static str },
    /// Between two tables.
    Blank,
}

/// The popup in `area` for two columns of at most `rows` lines.
pub fn popup(area: Rect, rows: usize) -> Rect {
    let height = (rows as u16 + 2).min(area.height.saturating_sub(2));
    let width = area.width.saturating_sub(4).min(MAX_WIDTH);
    area.centered(Constraint::Length(width), Constraint::Length(height))
}

/// Lines that do not fit: how far the help can scroll.
pub fn max_scroll(width: u16, height: u16) -> usize {
    let (left, right) = columns();
    let rows = left.len().max(right.len());
    let popup = popup(Rect::new(0, 0, width, height), rows);
    let visible = popup.height.saturating_sub(2) as usize;
    rows.saturating_sub(visible)
}

/// The tables split in reading order where the two columns come out most even.
pub fn columns() -> (Vec<HelpLine>, Vec<HelpLine>) {
    let sections: Vec<Vec<HelpLine>> = DOCUMENTED.iter().map(|table| section(table)).collect();
    // Each section takes its lines plus a blank line before the next one.
    let height = |parts: &[Vec<HelpLine>]| parts.iter().map(|p| p.len() + 1).sum::<usize>();
    let split = (0..=sections.len())
        .min_by_key(|&at| height(&sections[..at]).max(height(&sections[at..])))
        .unwrap_or(0);
    let join = |parts: &[Vec<HelpLine>]| {
        let mut lines = vec![];
        for part in parts {
            if !lines.is_empty() {
                lines.push(HelpLine::Blank);
            }
            lines.extend(part.iter().cloned());
        }
        lines
    };
    (join(&sections[..split]), join(&sections[split..]))
}

fn section(table: &KeyTable) -> Vec<HelpLine> {
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
            .map(|b| display_key(b.keys[0]))
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
            keys: display_keys(binding),
            help: binding.help,
        });
    }
    lines
}
