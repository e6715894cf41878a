//! The small layer every feature shares: the status line, which key table applies, list movement,
//! the one-change-at-a-time rule. Features import this (and state,
//! msg, keymap, the loads, the change pipeline, the diffs), never each other.

use crate::app::keymap::{Intent, Mode};
use crate::app::state::{Flash, FlashKind, Focus, MenuPurpose, Overlay, State, View};
use crate::journal::Entry;
use crate::strings as s;

/// Ticks an error once stayed on screen. Messages no longer expire (issue 19: nothing said vanishes
/// before it is read): an error stays until dismissed, any other message until the next key.
pub const ERROR_TICKS: u64 = 80;
pub const INFO_TICKS: u64 = 30;

/// `current` moved by `intent` in a list of `len` rows, `page` rows to a page.
pub fn new_moved(current: usize, len: usize, intent: Intent, page: usize) -> usize {
    let last = len.saturating_sub(1);
    let page = page.max(1);
    match intent {
        Intent::Up => current.saturating_sub(1),
        Intent::Down => (current + 1).min(last),
        Intent::PageUp => current.saturating_sub(page),
        Intent::PageDown => (current + page).min(last),
        Intent::Top => 0,
        Intent::Bottom => last,
        _ => current,
    }
}

impl State {
    /// Says `text` in the status line and keeps it for `M`, stamped with the shell's last clock
    /// reading (`update` reads no clock). It stays until the next key; an error until dismissed.
    pub fn flash(&mut self, kind: FlashKind, text: String) {
        let ticks = match kind {
            FlashKind::Error => ERROR_TICKS,
            FlashKind::Info => INFO_TICKS,
        };
        self.said.push(crate::app::state::Said {
            kind,
            text: text.clone(),
            at: self.now,
        });
        self.flash = Some(Flash {
            kind,
            text,
            until_tick: self.tick + ticks,
        });
    }

    /// Says a failed load in the status line (a stale or good answer says nothing).
    pub fn report_load(&mut self, outcome: Result<bool, String>, what: &str) {
        if let Err(err) = outcome {
            self.flash(FlashKind::Error, s::flash_load_failed(what, &err));
        }
    }

    /// The journal's newest entry for an undo; nothing to undo, or the journal unreadable: said.
    pub fn entry_to_undo(&mut self, result: Result<Option<Entry>, String>) -> Option<Entry> {
        match result {
            Ok(Some(entry)) => {
                self.undo_steps.asked.clone_from(&entry.change);
                Some(entry)
            }
            Ok(None) => {
                self.flash(FlashKind::Info, s::NOTHING_TO_UNDO.to_string());
                None
            }
            Err(err) => {
                self.flash(FlashKind::Error, err);
                None
            }
        }
    }

    /// `z`/`Z`'s next entry in the chain `of`, or why there is none (said): nothing to undo, nothing
    /// to redo, or the journal unreadable.
    pub fn chain_entry(
        &mut self,
        redo: bool,
        of: crate::journal::ChainOf,
        result: Result<Option<Entry>, String>,
    ) -> Option<Entry> {
        use crate::journal::ChainOf;
        let none = match (result, of, redo) {
            (Ok(Some(entry)), _, _) => return Some(entry),
            (Err(err), _, _) => {
                self.flash(FlashKind::Error, err);
                return None;
            }
            (Ok(None), ChainOf::Auth0, true) => s::NOTHING_TO_REDO,
            (Ok(None), ChainOf::Auth0, false) => s::NOTHING_TO_UNDO_HERE,
            (Ok(None), ChainOf::Packages, true) => s::NOTHING_TO_REDO_PACKAGES,
            (Ok(None), ChainOf::Packages, false) => s::NOTHING_TO_UNDO_PACKAGES,
        };
        self.flash(FlashKind::Info, none.to_string());
        None
    }

    /// Refuses a second change while one runs (a second could race the first), saying so.
    pub fn busy(&mut self) -> bool {
        if self.running.is_some() {
            self.flash(FlashKind::Info, s::BUSY.to_string());
            return true;
        }
        false
    }

    /// Which key table applies now.
    pub fn mode(&self) -> Mode {
        match &self.overlay {
            Overlay::Help { .. } if self.help_filter.typing => Mode::Filter,
            Overlay::Help { .. } => Mode::Help,
            Overlay::Messages { .. } => Mode::Messages,
            Overlay::TriggerPicker { .. } | Overlay::AddBinding { .. } | Overlay::Menu(_) => {
                Mode::Picker
            }
            Overlay::Confirm(_) | Overlay::Promote(_) => Mode::Confirm,
            Overlay::Conflict => Mode::Conflict,
            Overlay::Prompt(_) => Mode::Prompt,
            Overlay::Settings(settings) if settings.prompt.is_some() => Mode::Prompt,
            Overlay::Settings(_) => Mode::Settings,
            Overlay::TestResult(_) | Overlay::Execution(_) => Mode::Result,
            // Search (issue 17): its results show over every view.
            Overlay::None if self.search.as_ref().is_some_and(|s| s.shown) => Mode::Search,
            // Logs (issue 18): view 6 shows over the others while open.
            Overlay::None if self.logs.shown && self.logs.editing_text => Mode::Filter,
            Overlay::None if self.logs.shown => Mode::Logs,
            Overlay::None if self.comparing => self.compare_mode(),
            Overlay::None if self.view == View::Flows => self.flows_mode(),
            Overlay::None if self.view == View::Packages => self.packages_mode(),
            Overlay::None => match self.versions() {
                Some(v) if v.diff.is_some() => Mode::Diff,
                Some(_) if self.focus == Focus::Detail => Mode::Detail,
                Some(_) => Mode::Timeline,
                None if self.view == View::Actions && self.actions.editing_filter => Mode::Filter,
                None if self.focus == Focus::Detail && self.detail_open() => Mode::Detail,
                None => Mode::List,
            },
        }
    }

    /// Which table applies in the Compare view.
    fn compare_mode(&self) -> Mode {
        if self.compare.editing_filter {
            Mode::Filter
        } else if self.compare.diff.is_some() {
            Mode::Diff
        } else {
            Mode::Compare
        }
    }

    /// Which table applies in the Flows view.
    fn flows_mode(&self) -> Mode {
        if self.flows.editing_filter {
            Mode::Filter
        } else if self.focus == Focus::Detail {
            Mode::FlowBindings
        } else {
            Mode::FlowTriggers
        }
    }

    /// Which table applies in the Packages view.
    fn packages_mode(&self) -> Mode {
        let packages = &self.packages;
        match &packages.versions {
            _ if packages.editing_filter => Mode::Filter,
            Some(v) if v.diff.is_some() => Mode::Diff,
            Some(_) if self.focus == Focus::Detail => Mode::PackageDetail,
            Some(_) => Mode::PackageTimeline,
            None if self.focus == Focus::Detail && packages.detail.is_some() => Mode::PackageDetail,
            None => Mode::PackageList,
        }
    }
}

/// What a key did in a menu (packages' filters and statuses, creating's steps).
pub enum MenuKey {
    /// Moved, or not a menu key.
    Stay,
    /// Esc: the menu closed.
    Closed(MenuPurpose),
    /// Enter on the item at this index: the menu closed.
    Chosen(MenuPurpose, usize),
}

/// Keys in a menu: moving, choosing, closing. The feature the menu belongs to acts on the outcome.
pub fn menu_key(state: &mut State, intent: Intent) -> MenuKey {
    let Overlay::Menu(menu) = &mut state.overlay else {
        return MenuKey::Stay;
    };
    match intent {
        movement if movement.is_movement() => {
            menu.selected = new_moved(menu.selected, menu.items.len(), movement, 10);
            MenuKey::Stay
        }
        Intent::Pick | Intent::Back => match std::mem::replace(&mut state.overlay, Overlay::None) {
            Overlay::Menu(menu) if intent == Intent::Pick => {
                MenuKey::Chosen(menu.purpose, menu.selected)
            }
            Overlay::Menu(menu) => MenuKey::Closed(menu.purpose),
            _ => MenuKey::Stay,
        },
        _ => MenuKey::Stay,
    }
}
