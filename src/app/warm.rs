//! Warm start and offline (issue 17). At start the lists the history store kept are asked for
//! before anything else and shown at once, marked `cached … ago` in the header, until the
//! service's own answer replaces them (the selection stays on the same object). Offline
//! (`--offline`) nothing asks the service for a list, and every key that changes something is
//! refused before a dialog or an editor opens, saying it needs a connection.

use crate::app::keymap::{self, Intent, Mode};
use crate::app::msg::{Stored, StoredLists};
use crate::app::state::{FlashKind, Remote, State, View};
use crate::strings::warm as words;

/// At start: a store that could not be opened is said here, once; offline, no refresh ever runs
/// on its own. (The shell asks for the stored lists first, `Cmd::ReadStoredLists`, when it holds a
/// store: before any request.)
pub fn at_start(state: &mut State) {
    if let Some(problem) = state.opts.store_problem.clone() {
        state.flash(FlashKind::Error, words::store_unavailable(&problem));
        if state.opts.offline {
            on_stored(state, StoredLists::default());
        }
    }
    if state.opts.offline {
        state.refresh.every = 0;
    }
}

/// The stored lists arrived: each is shown unless the service's answer came first.
pub fn on_stored(state: &mut State, lists: StoredLists) {
    if let Some(problem) = lists.problem {
        state.flash(FlashKind::Error, words::stored_lists_unreadable(&problem));
    }
    let services = state.connection.services;
    // Offline, a list never stored says so instead of waiting for an answer that never comes.
    let (auth0, faircom) = (
        services.auth0 && state.opts.offline,
        services.faircom && state.opts.offline,
    );
    let cached = &mut state.cached;
    cached.actions = show(&mut state.actions.list.data, lists.actions, auth0).or(cached.actions);
    cached.modules = show(&mut state.modules.list.data, lists.modules, auth0).or(cached.modules);
    cached.packages =
        show(&mut state.packages.list.data, lists.packages, faircom).or(cached.packages);
}

/// Shows a stored list in a slot with nothing ready; its time when shown. `say_none`: no list
/// stored is said in the slot.
fn show<T>(
    data: &mut Remote<T>,
    stored: Option<Stored<T>>,
    say_none: bool,
) -> Option<crate::model::Timestamp> {
    if matches!(data, Remote::Ready(_)) {
        return None; // the live list came first
    }
    let Some(stored) = stored else {
        if say_none {
            *data = Remote::Failed(words::NOTHING_STORED.to_string());
        }
        return None;
    };
    *data = Remote::Ready(stored.items);
    Some(stored.seen_at)
}

/// Before a list answer is stored: the selected object's id, when the list shown is the stored
/// one (the live list may order or filter differently: the selection follows the object).
pub fn selected_if_cached(state: &State, view: View) -> Option<String> {
    state.cached.of(view)?;
    selected_key(state, view)
}

/// After a list answer: a live list taken replaces the stored one (its mark goes), and the
/// selection comes back to the object it was on.
pub fn on_live(state: &mut State, view: View, taken: bool, kept: Option<String>) {
    if !taken {
        return;
    }
    if let Some(slot) = state.cached.slot(view) {
        *slot = None;
    }
    let Some(kept) = kept else {
        return;
    };
    let position = match view {
        View::Actions => state.visible_actions().iter().position(|a| a.id == kept),
        View::Modules => state.modules_list().iter().position(|m| m.id == kept),
        View::Packages => state
            .packages
            .visible()
            .iter()
            .position(|p| p.id.key() == kept),
        View::Flows => None,
    };
    if let Some(position) = position {
        match view {
            View::Actions => state.actions.selected = position,
            View::Modules => state.modules.selected = position,
            View::Packages => state.packages.selected = position,
            View::Flows => {}
        }
    }
}

fn selected_key(state: &State, view: View) -> Option<String> {
    match view {
        View::Actions => state.selected_action().map(|a| a.id.clone()),
        View::Modules => state
            .modules_list()
            .get(state.modules.selected)
            .map(|m| m.id.clone()),
        View::Packages => state.packages.selected_package().map(|p| p.id.key()),
        View::Flows => None,
    }
}

/// Offline, a key that would change something, or ask the service again, is refused here before
/// anything opens, saying why. True: refused.
pub fn refused_offline(state: &mut State, mode: Mode, intent: Intent) -> bool {
    match keymap::available::offline_refusal(state, mode, intent) {
        Some(text) => {
            state.flash(FlashKind::Info, text);
            true
        }
        None => false,
    }
}
