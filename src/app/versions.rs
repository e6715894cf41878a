//! The version timeline's keys: moving through the versions, comparing two (`d`, `D`, `L`: the diff
//! is computed off the loop, `app::diffing`), the diff pane's keys, closing. The timeline's slot
//! (open, load, answers) is in `app::loading`. Part of `update`: no I/O.

use crate::app::common::new_moved;
use crate::app::diffing::{apply_diff_intent, show_in_pane, DiffRequest};
use crate::app::keymap::Intent;
use crate::app::layout;
use crate::app::loading::{selected_row, timeline_selection};
use crate::app::msg::Cmd;
use crate::app::state::{FlashKind, Focus, State, View};
use crate::strings as s;

pub fn close(state: &mut State) {
    match state.view {
        View::Actions => state.actions.versions = None,
        View::Modules => state.modules.versions = None,
        View::Packages => state.packages.versions = None,
        View::Flows => {}
    }
    state.focus = if state.detail_open() {
        Focus::Detail
    } else {
        Focus::List
    };
}

pub fn move_selection(state: &mut State, intent: Intent) {
    let rows = layout::list_rows(state);
    let Some(versions) = state.versions_mut() else {
        return;
    };
    let len = versions.timeline.data.ready().map_or(0, |t| t.rows.len());
    let selected = new_moved(versions.selected, len, intent, rows);
    if selected != versions.selected {
        versions.selected = selected;
        versions.code_scroll = 0;
    }
}

/// `d`: the selected row against the base marked with `D`, else against the row before it.
pub fn diff_selected(state: &mut State) -> Vec<Cmd> {
    let Some((timeline, index)) = timeline_selection(state) else {
        return vec![];
    };
    let new = timeline.rows[index].clone();
    let base = state
        .versions()
        .and_then(|v| v.base)
        .filter(|key| *key != new.key)
        .and_then(|key| timeline.position(key))
        .map(|i| timeline.rows[i].clone());
    let old = match base {
        Some(base) => base,
        None => {
            if let Some(previous) = timeline.rows.get(index + 1) {
                previous.clone()
            } else {
                state.flash(FlashKind::Info, s::NO_PREDECESSOR.to_string());
                return vec![];
            }
        }
    };
    let cmds = show_in_pane(state, DiffRequest::of_rows(&old, &new));
    if let Some(versions) = state.versions_mut() {
        versions.diff_old = Some(old.key);
    }
    cmds
}

/// `r` in a diff `d` opened: selects the diff's older row, which `r` then restores. `false`
/// when the open diff is not of two rows of this timeline.
pub fn select_diff_old(state: &mut State) -> bool {
    let Some(versions) = state.versions_mut() else {
        return false;
    };
    let position = versions
        .diff_old
        .and_then(|key| versions.timeline.data.ready()?.position(key));
    if let Some(index) = position {
        versions.selected = index;
    }
    position.is_some()
}

/// `D`: marks the selected row as the base, or clears the mark when it is already the base.
pub fn mark_base(state: &mut State) {
    let Some(key) = selected_row(state).map(|r| r.key) else {
        return;
    };
    let Some(versions) = state.versions_mut() else {
        return;
    };
    let cleared = versions.base == Some(key);
    versions.base = if cleared { None } else { Some(key) };
    let text = if cleared {
        s::BASE_CLEARED
    } else {
        s::BASE_MARKED
    };
    state.flash(FlashKind::Info, text.to_string());
}

/// `L`: what is live against the draft.
pub fn diff_draft_live(state: &mut State) -> Vec<Cmd> {
    let Some((timeline, _)) = timeline_selection(state) else {
        return vec![];
    };
    let Some(live) = timeline.live() else {
        state.flash(FlashKind::Info, s::NOTHING_LIVE.to_string());
        return vec![];
    };
    let request = DiffRequest::of_rows(live, &timeline.draft());
    show_in_pane(state, request)
}

pub fn close_diff(state: &mut State) {
    if let Some(versions) = state.versions_mut() {
        versions.diff = None;
        versions.diff_old = None;
    }
}

/// Keys inside a diff: scrolling, hunks, toggles.
pub fn diff_key(state: &mut State, intent: Intent) {
    let view = layout::diff_viewport(state);
    let Some(diff) = state.versions_mut().and_then(|v| v.diff.as_mut()) else {
        return;
    };
    apply_diff_intent(diff, intent, view);
}
