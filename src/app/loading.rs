//! The loads every feature asks for: which command loads what, the request slots' generations (the
//! newest request wins) and the detail's one job slot, the reload after a change, and the version
//! timeline's slot (open, load, reload, answer). No I/O: each returns the commands.

use crate::app::msg::{Cmd, Generation, Known};
use crate::app::state::{FlashKind, Focus, Slot, State, Then, VersionRef, VersionsView, View};
use crate::app::timeline::{RowKey, Timeline, TimelineRow, Versioned};
use crate::journal::Entry;
use crate::model::BackendError;
use crate::strings as s;

/// After a change to `object_id`: reload `view`'s list, and its detail when it shows that object.
pub fn reload_object(state: &mut State, view: View, object_id: &str) -> Vec<Cmd> {
    let current = state.view;
    state.view = view;
    let mut cmds = vec![load_list(state)];
    let detail_shows_it = match view {
        View::Actions => state
            .actions
            .detail
            .as_ref()
            .is_some_and(|d| d.id == object_id),
        View::Modules => state
            .modules
            .detail
            .as_ref()
            .is_some_and(|d| d.id == object_id),
        View::Flows => false,
        View::Packages => state
            .packages
            .detail
            .as_ref()
            .is_some_and(|d| d.id.key() == object_id),
    };
    if detail_shows_it {
        cmds.extend(request_detail(state, view));
    }
    state.view = current;
    cmds
}

pub fn load_list(state: &mut State) -> Cmd {
    match state.view {
        View::Actions => load_actions(state),
        View::Modules => load_modules(state),
        View::Flows => load_triggers(state),
        View::Packages => load_packages(state),
    }
}

pub fn load_actions(state: &mut State) -> Cmd {
    let generation = state.new_generation();
    state.actions.list.start(generation);
    Cmd::LoadActions { generation }
}

pub fn load_modules(state: &mut State) -> Cmd {
    let generation = state.new_generation();
    state.modules.list.start(generation);
    Cmd::LoadModules { generation }
}

/// Marks the detail of `view` for loading and loads it if its job slot is free.
pub fn request_detail(state: &mut State, view: View) -> Vec<Cmd> {
    match view {
        View::Actions => state.actions.detail_job.queued = true,
        View::Modules => state.modules.detail_job.queued = true,
        View::Packages => state.packages.detail_job.queued = true,
        // Loading the triggers loads every flow again.
        View::Flows => return vec![],
    }
    flush_detail(state, view)
}

/// Issues the queued detail load of `view` once no earlier one is out (last request wins, and
/// holding `j` does not pile up requests).
pub fn flush_detail(state: &mut State, view: View) -> Vec<Cmd> {
    let job = match view {
        View::Actions => state.actions.detail_job,
        View::Modules => state.modules.detail_job,
        View::Packages => state.packages.detail_job,
        View::Flows => return vec![],
    };
    if !job.queued || job.outstanding > 0 {
        return vec![];
    }
    let cmds = load_detail(state, view);
    let job = match view {
        View::Actions => &mut state.actions.detail_job,
        View::Modules => &mut state.modules.detail_job,
        View::Packages => &mut state.packages.detail_job,
        View::Flows => return cmds,
    };
    job.queued = false;
    job.outstanding += cmds.len();
    cmds
}

fn load_detail(state: &mut State, view: View) -> Vec<Cmd> {
    let first: Generation = state.new_generation();
    match view {
        View::Actions => {
            let Some(detail) = state.actions.detail.as_mut() else {
                return vec![];
            };
            detail.action.start(first);
            vec![Cmd::LoadAction {
                id: detail.id.clone(),
                generation: first,
            }]
        }
        View::Modules => {
            let second = state.new_generation();
            let Some(detail) = state.modules.detail.as_mut() else {
                return vec![];
            };
            detail.module.start(first);
            detail.usages.start(second);
            vec![
                Cmd::LoadModule {
                    id: detail.id.clone(),
                    generation: first,
                },
                Cmd::LoadModuleActions {
                    id: detail.id.clone(),
                    generation: second,
                },
            ]
        }
        View::Flows => vec![],
        View::Packages => {
            let Some(detail) = state.packages.detail.as_mut() else {
                return vec![];
            };
            detail.package.start(first);
            vec![Cmd::LoadPackage {
                id: detail.id.clone(),
                generation: first,
            }]
        }
    }
}

pub fn load_triggers(state: &mut State) -> Cmd {
    let generation = state.new_generation();
    state.flows.triggers.start(generation);
    Cmd::LoadTriggers { generation }
}

pub fn load_bindings(state: &mut State, trigger_id: &str) -> Cmd {
    let generation = state.new_generation();
    state
        .flows
        .bindings
        .entry(trigger_id.to_string())
        .or_default()
        .start(generation);
    Cmd::LoadBindings {
        trigger_id: trigger_id.to_string(),
        generation,
    }
}

/// The selected trigger's bindings read again (the automatic refresh); none for an entity-bound one.
pub fn reload_selected_bindings(state: &mut State) -> Option<Cmd> {
    let trigger = state.flows.selected_trigger()?.clone();
    if trigger.entity_bound {
        return None;
    }
    Some(load_bindings(state, &trigger.id))
}

/// Another trigger was selected: its flow shows from the top; its bindings load unless known.
pub fn load_selected_flow(state: &mut State) -> Vec<Cmd> {
    state.flows.binding_selected = 0;
    state.flows.held = None;
    let Some(trigger) = state.flows.selected_trigger().cloned() else {
        return vec![];
    };
    let known = state
        .flows
        .bindings
        .get(&trigger.id)
        .is_some_and(|slot| slot.data.ready().is_some() || slot.data.is_loading());
    if known || trigger.entity_bound {
        return vec![];
    }
    vec![load_bindings(state, &trigger.id)]
}

pub fn load_packages(state: &mut State) -> Cmd {
    let generation = state.new_generation();
    state.packages.list.start(generation);
    Cmd::LoadPackages { generation }
}

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
pub fn open_timeline(state: &mut State) -> Vec<Cmd> {
    let Some((kind, id, name)) = focused_object(state) else {
        state.flash(FlashKind::Info, s::NOTHING_SELECTED.to_string());
        return vec![];
    };
    state.focus = Focus::Timeline;
    if state.versions().is_some_and(|v| v.object_id == id) {
        return vec![];
    }
    put_timeline(state, kind, id, name, None)
}

/// A new timeline of this object in the current view, loading; `then` runs when it arrives.
fn put_timeline(
    state: &mut State,
    kind: Versioned,
    object_id: String,
    object_name: String,
    then: Option<Then>,
) -> Vec<Cmd> {
    let view = VersionsView {
        kind,
        object_id,
        object_name,
        timeline: Slot::default(),
        selected: 0,
        base: None,
        code_scroll: 0,
        diff: None,
        diff_old: None,
        pending_diff: None,
        then,
    };
    match state.view {
        View::Actions => state.actions.versions = Some(view),
        View::Modules => state.modules.versions = Some(view),
        View::Packages => state.packages.versions = Some(view),
        View::Flows => return vec![],
    }
    let known = known_object(state);
    load_timeline_of(state, known).into_iter().collect()
}

/// Opens the timeline of an object named elsewhere than the list (a search hit) in its kind's
/// view, loaded afresh, and runs `then` when it arrives.
pub fn open_timeline_of(
    state: &mut State,
    kind: Versioned,
    object_id: String,
    object_name: String,
    then: Then,
) -> Vec<Cmd> {
    state.comparing = false;
    state.view = match kind {
        Versioned::Action => View::Actions,
        Versioned::Module => View::Modules,
        Versioned::Package => View::Packages,
    };
    state.focus = Focus::Timeline;
    put_timeline(state, kind, object_id, object_name, Some(then))
}

/// Selects the loaded timeline's row `key` with its code scrolled so that `line` (1-based) shows
/// near the top. False when the timeline has no such row (a version the service pruned).
pub fn select_version(state: &mut State, key: RowKey, line: usize) -> bool {
    let Some(versions) = state.versions_mut() else {
        return false;
    };
    let Some(index) = versions.timeline.data.ready().and_then(|t| t.position(key)) else {
        return false;
    };
    versions.selected = index;
    versions.code_scroll = line.saturating_sub(1 + CONTEXT_ABOVE);
    true
}

/// Lines shown above a line a search opened the code at.
const CONTEXT_ABOVE: usize = 3;

/// The open timeline's object as the app holds it whole: its read detail, else its list entry
/// (which carries the draft code too). `None` when neither has its code.
fn known_object(state: &State) -> Option<Known> {
    let versions = state.versions()?;
    let id = versions.object_id.as_str();
    match versions.kind {
        Versioned::Action => {
            let detail = state
                .actions
                .detail
                .as_ref()
                .filter(|d| d.id == id)
                .and_then(|d| d.action.data.ready());
            let listed = || {
                state
                    .actions
                    .list
                    .data
                    .ready()
                    .and_then(|list| list.iter().find(|a| a.id == id))
            };
            detail
                .or_else(listed)
                .filter(|a| a.code_loaded)
                .map(|a| Known::Action(Box::new(a.clone())))
        }
        Versioned::Module => {
            let detail = state
                .modules
                .detail
                .as_ref()
                .filter(|d| d.id == id)
                .and_then(|d| d.module.data.ready());
            detail
                .or_else(|| state.modules_list().iter().find(|m| m.id == id))
                .map(|m| Known::Module(Box::new(m.clone())))
        }
        Versioned::Package => None,
    }
}

/// (Re)loads the open timeline (none open: nothing), the object read again with its versions;
/// older answers become stale.
pub fn load_timeline(state: &mut State) -> Option<Cmd> {
    load_timeline_of(state, None)
}

fn load_timeline_of(state: &mut State, known: Option<Known>) -> Option<Cmd> {
    let generation = state.new_generation();
    let versions = state.versions_mut()?;
    versions.timeline.start(generation);
    Some(Cmd::LoadTimeline {
        kind: versions.kind,
        id: versions.object_id.clone(),
        known,
        generation,
    })
}

/// Reloads the timeline of `object_id` in whichever view has it open.
pub fn reload_timeline_if_open(state: &mut State, object_id: &str) -> Vec<Cmd> {
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
    let cmds = load_timeline(state).into_iter().collect();
    state.view = current;
    cmds
}

/// A timeline answer: kept only if it is the newest; the selection stays on the same version.
pub fn on_timeline_loaded(
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
            if let Some(timeline) = versions.timeline.data.ready() {
                let last = timeline.rows.len().saturating_sub(1);
                versions.selected = selected_key
                    .and_then(|key| timeline.position(key))
                    .unwrap_or(versions.selected)
                    .min(last);
            }
            Ok(versions.then.take())
        }
        Err(err) => {
            versions.then = None;
            Err(err)
        }
    }
}

/// The loaded timeline and the selected row.
pub fn timeline_selection(state: &State) -> Option<(&Timeline, usize)> {
    let versions = state.versions()?;
    let timeline = versions.timeline.data.ready()?;
    (versions.selected < timeline.rows.len()).then_some((timeline, versions.selected))
}

pub fn selected_row(state: &State) -> Option<&TimelineRow> {
    timeline_selection(state).map(|(t, i)| &t.rows[i])
}

pub fn loaded_timeline(state: &State) -> Option<&Timeline> {
    state.versions()?.timeline.data.ready()
}

/// `z`/`Z`'s next entry: `Ok` when its object's timeline is the one shown (its undo is asked there
/// now); otherwise its timeline opens in its kind's view, the entry kept until it has loaded
/// (`Then::Chain`), and `Err` holds the commands that load it.
pub fn chain_step_timeline(
    state: &mut State,
    kind: Versioned,
    entry: Entry,
) -> Result<Entry, Vec<Cmd>> {
    let shown =
        loaded_timeline(state).is_some_and(|t| t.kind == kind && t.object_id == entry.object_id);
    if shown {
        return Ok(entry);
    }
    let (object_id, object_name) = (entry.object_id.clone(), entry.object_name.clone());
    state.undo_steps.chain_step = Some(entry);
    Err(open_timeline_of(
        state,
        kind,
        object_id,
        object_name,
        Then::Chain,
    ))
}

/// Opens the timeline and remembers what to do when it arrives.
pub fn open_timeline_then(state: &mut State, then: Then) -> Vec<Cmd> {
    let cmds = open_timeline(state);
    if let Some(v) = state.versions_mut() {
        v.then = Some(then);
    }
    cmds
}

/// The newest journal entry for `object_id` arrived. Asked from a list with something to undo, the
/// timeline opens first and the undo is asked there once it loads (`Then::Undo`): those commands.
/// `None`: the undo is built from the entry now.
pub fn undo_from_list(
    state: &mut State,
    object_id: &str,
    result: &Result<Option<Entry>, String>,
) -> Option<Vec<Cmd>> {
    let from_list = state.versions().is_none()
        && focused_object(state).is_some_and(|(_, id, _)| id == object_id);
    (from_list && matches!(result, Ok(Some(_)))).then(|| open_timeline_then(state, Then::Undo))
}

/// What `r` restores: the selected timeline row's version. `None` while a change runs (said),
/// without a selected row, or on the draft (said: it is not a version).
pub fn version_to_restore(state: &mut State) -> Option<VersionRef> {
    if state.busy() {
        return None;
    }
    let to = selected_row(state).map(VersionRef::of_row)?;
    if to.is_none() {
        state.flash(FlashKind::Info, s::DRAFT_NOT_A_VERSION.to_string());
    }
    to
}
