//! The version timeline and its diffs: opening, moving, comparing. Part of `update`: no I/O.

use std::sync::Arc;

use crate::app::keymap::Intent;
use crate::app::layout;
use crate::app::msg::{Cmd, Generation};
use crate::app::state::{FlashKind, Focus, State, Then, VersionsView, View};
use crate::app::timeline::{Timeline, TimelineRow, Versioned};
use crate::app::update::{flash, new_moved};
use crate::backend::BackendError;
use crate::diff::{Diff, DiffState, Viewport};
use crate::strings as s;

/// The object the list or detail points at: kind, id, name.
pub fn focused_object(state: &State) -> Option<(Versioned, String, String)> {
    if let Some(v) = state.versions() {
        return Some((v.kind, v.object_id.clone(), v.object_name.clone()));
    }
    match state.view {
        View::Actions => state
            .selected_action()
            .map(|a| (Versioned::Action, a.id.clone(), a.name.clone())),
        View::Modules => state
            .modules_list()
            .get(state.modules.selected)
            .map(|m| (Versioned::Module, m.id.clone(), m.name.clone())),
        View::Flows => None,
        View::Packages => state
            .packages
            .selected_package()
            .map(|p| (Versioned::Package, p.id.key(), p.id.name.clone())),
    }
}

/// `v`: the timeline of the selected action or module takes the list's place.
pub fn open(state: &mut State) -> Vec<Cmd> {
    let Some((kind, id, name)) = focused_object(state) else {
        flash(state, FlashKind::Info, s::NOTHING_SELECTED.to_string());
        return vec![];
    };
    state.focus = Focus::Timeline;
    if state.versions().is_some_and(|v| v.object_id == id) {
        return vec![];
    }
    let view = VersionsView {
        kind,
        object_id: id,
        object_name: name,
        timeline: Default::default(),
        selected: 0,
        base: None,
        code_scroll: 0,
        diff: None,
        then: None,
    };
    match state.view {
        View::Actions => state.actions.versions = Some(view),
        View::Modules => state.modules.versions = Some(view),
        View::Packages => state.packages.versions = Some(view),
        View::Flows => return vec![],
    }
    vec![load(state)]
}

/// (Re)loads the open timeline; older answers become stale.
pub fn load(state: &mut State) -> Cmd {
    let generation = state.new_generation();
    let versions = state.versions_mut().expect("a timeline is open");
    versions.timeline.start(generation);
    Cmd::LoadTimeline {
        kind: versions.kind,
        id: versions.object_id.clone(),
        generation,
    }
}

/// Reloads the timeline of `object_id` in whichever view has it open.
pub fn reload_if_open(state: &mut State, object_id: &str) -> Vec<Cmd> {
    let view = [View::Actions, View::Modules, View::Packages]
        .into_iter()
        .find(|view| {
            let versions = match view {
                View::Actions => state.actions.versions.as_ref(),
                View::Modules => state.modules.versions.as_ref(),
                View::Packages => state.packages.versions.as_ref(),
                View::Flows => None,
            };
            versions.is_some_and(|v| v.object_id == object_id)
        });
    let Some(view) = view else {
        return vec![];
    };
    let current = state.view;
    state.view = view;
    let cmd = load(state);
    state.view = current;
    vec![cmd]
}

/// A timeline answer: kept only if it is the newest; the selection stays on the same version.
pub fn on_loaded(
    state: &mut State,
    generation: Generation,
    result: Result<Timeline, BackendError>,
) -> Result<Option<Then>, String> {
    let Some(versions) = state.versions_for_generation(generation) else {
        return Ok(None);
    };
    let selected_key = versions
        .timeline
        .data
        .ready()
        .and_then(|t| t.rows.get(versions.selected))
        .map(|r| r.key);
    match versions.timeline.finish(generation, result) {
        Ok(false) => Ok(None),
        Ok(true) => {
            let timeline = versions.timeline.data.ready().expect("just stored");
            let last = timeline.rows.len().saturating_sub(1);
            versions.selected = selected_key
                .and_then(|key| timeline.position(key))
                .unwrap_or(versions.selected)
                .min(last);
            Ok(versions.then.take())
        }
        Err(err) => {
            versions.then = None;
            Err(err)
        }
    }
}

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

/// The loaded timeline and the selected row.
fn selection(state: &State) -> Option<(&Timeline, usize)> {
    let versions = state.versions()?;
    let timeline = versions.timeline.data.ready()?;
    (versions.selected < timeline.rows.len()).then_some((timeline, versions.selected))
}

pub fn selected_row(state: &State) -> Option<&TimelineRow> {
    selection(state).map(|(t, i)| &t.rows[i])
}

/// `d`: the selected row against the base marked with `D`, else against the row before it.
pub fn diff_selected(state: &mut State) {
    let Some((timeline, index)) = selection(state) else {
        return;
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
                flash(state, FlashKind::Info, s::NO_PREDECESSOR.to_string());
                return;
            }
        }
    };
    show_diff(state, &old, &new);
}

/// `D`: marks the selected row as the base, or clears the mark when it is already the base.
pub fn mark_base(state: &mut State) {
    let Some(key) = selected_row(state).map(|r| r.key) else {
        return;
    };
    let versions = state.versions_mut().expect("a row is selected");
    let cleared = versions.base == Some(key);
    versions.base = if cleared { None } else { Some(key) };
    let text = if cleared {
        s::BASE_CLEARED
    } else {
        s::BASE_MARKED
    };
    flash(state, FlashKind::Info, text.to_string());
}

/// `L`: what is live against the draft.
pub fn diff_draft_live(state: &mut State) {
    let Some((timeline, _)) = selection(state) else {
        return;
    };
    let Some(live) = timeline.live().cloned() else {
        flash(state, FlashKind::Info, s::NOTHING_LIVE.to_string());
        return;
    };
    let draft = timeline.draft();
    show_diff(state, &live, &draft);
}

fn show_diff(state: &mut State, old: &TimelineRow, new: &TimelineRow) {
    let diff = diff_state(old, new);
    if let Some(versions) = state.versions_mut() {
        versions.diff = Some(diff);
    }
}

/// A diff of two rows, labelled as the user knows them.
pub fn diff_state(old: &TimelineRow, new: &TimelineRow) -> DiffState {
    diff_of(old.code.clone(), new.code.clone(), old.label(), new.label())
}

pub fn diff_of(old: Arc<str>, new: Arc<str>, old_label: String, new_label: String) -> DiffState {
    DiffState::new(Arc::new(Diff::new(old, new)), old_label, new_label)
}

pub fn close_diff(state: &mut State) {
    if let Some(versions) = state.versions_mut() {
        versions.diff = None;
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

/// Shared by the diff pane and the diff inside a confirm dialog.
pub fn apply_diff_intent(diff: &mut DiffState, intent: Intent, view: Viewport) {
    let page = view.rows.saturating_sub(1).max(1) as isize;
    match intent {
        Intent::Up => diff.scroll_by(-1, view),
        Intent::Down => diff.scroll_by(1, view),
        Intent::PageUp => diff.scroll_by(-page, view),
        Intent::PageDown => diff.scroll_by(page, view),
        Intent::Top => diff.scroll_to_top(),
        Intent::Bottom => diff.scroll_to_bottom(view),
        Intent::NextChange => diff.next_change(),
        Intent::PrevChange => diff.prev_change(),
        Intent::ToggleUnified => diff.toggle_unified(),
        Intent::ToggleWrap => diff.toggle_wrap(),
        Intent::ToggleFolds => diff.toggle_expanded(),
        Intent::ScrollLeft => diff.scroll_left(HSCROLL_STEP),
        Intent::ScrollRight => diff.scroll_right(HSCROLL_STEP),
        _ => {}
    }
}

/// Columns one sideways scroll moves.
const HSCROLL_STEP: usize = 8;
