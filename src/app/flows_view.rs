//! The Flows view in `update`: triggers, their bindings, and drag-style reordering. Every change is a
//! `Change::Bindings` carrying the order the user saw and the complete new order; the runtime sends
//! it only if the service still has what the user saw (`Cmd::ApplyOrder`). No I/O here.

use crate::app::changes;
use crate::app::keymap::{Intent, Mode};
use crate::app::msg::{ApplyError, Cmd, Generation};
use crate::app::state::{
    Change, Confirm, Conflict, FlashKind, Focus, Held, Overlay, State, View,
};
use crate::app::update::{flash, new_moved};
use crate::backend::BackendError;
use crate::flows::{self, AddError};
use crate::journal::Entry;
use crate::model::{Binding, BindingPolicy, BoundAction, Trigger};
use crate::strings as s;
use crate::ui::layout;

pub fn load_triggers(state: &mut State) -> Cmd {
    let generation = state.new_generation();
    state.flows.triggers.start(generation);
    Cmd::LoadTriggers { generation }
}

fn is_entity_bound(trigger: &Trigger) -> bool {
    trigger.binding_policy == Some(BindingPolicy::EntityBound)
}

fn load_bindings(state: &mut State, trigger_id: &str) -> Cmd {
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

/// Loads the selected trigger's bindings unless they are loaded or loading.
pub fn load_selected(state: &mut State) -> Vec<Cmd> {
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
    if known || is_entity_bound(&trigger) {
        return vec![];
    }
    vec![load_bindings(state, &trigger.id)]
}

/// Triggers arrived: load every changeable trigger's bindings (the list shows how many each has;
/// the client bounds how many requests are out at once).
pub fn on_triggers_loaded(
    state: &mut State,
    generation: Generation,
    result: Result<Vec<Trigger>, BackendError>,
) -> Result<Vec<Cmd>, String> {
    if !state.flows.triggers.finish(generation, result)? {
        return Ok(vec![]);
    }
    let ids: Vec<String> = state
        .flows
        .visible_triggers()
        .into_iter()
        .filter(|t| !is_entity_bound(t))
        .map(|t| t.id.clone())
        .collect();
    let last = state.flows.visible_triggers().len().saturating_sub(1);
    state.flows.selected = state.flows.selected.min(last);
    Ok(ids.iter().map(|id| load_bindings(state, id)).collect())
}

pub fn on_bindings_loaded(
    state: &mut State,
    trigger_id: &str,
    generation: Generation,
    result: Result<Vec<Binding>, BackendError>,
) -> Result<(), String> {
    // An entity-bound trigger's bindings are Auth0's to manage; older tenants answer this 400.
    let result = match result {
        Err(BackendError::Api {
            status: 400,
            message,
            ..
        }) if message.contains("entity-bound") => Ok(vec![]),
        other => other,
    };
    let Some(slot) = state.flows.bindings.get_mut(trigger_id) else {
        return Ok(());
    };
    slot.finish(generation, result)?;
    clamp_binding(state);
    Ok(())
}

fn clamp_binding(state: &mut State) {
    let len = state.flows.open_bindings().map_or(0, Vec::len);
    state.flows.binding_selected = state.flows.binding_selected.min(len.saturating_sub(1));
}

/// Keys of the Flows view. `None`: not a Flows key (the caller's generic handling applies).
pub fn on_intent(state: &mut State, mode: Mode, intent: Intent) -> Option<Vec<Cmd>> {
    let cmds = match (mode, intent) {
        (Mode::FlowTriggers, Intent::Open) => {
            if state.flows.selected_trigger().is_some() {
                state.focus = Focus::Detail;
                state.flows.binding_selected = 0;
            }
            vec![]
        }
        (Mode::FlowTriggers, Intent::Filter) => {
            state.flows.editing_filter = true;
            vec![]
        }
        (Mode::FlowTriggers, Intent::Back) => {
            state.flows.filter.clear();
            state.flows.selected = 0;
            load_selected(state)
        }
        (Mode::FlowBindings, Intent::Back) => {
            if state.flows.held.take().is_none() {
                state.focus = Focus::List;
            }
            vec![]
        }
        (Mode::FlowBindings, Intent::PickUp) => pick_up_or_drop(state),
        (Mode::FlowBindings, Intent::MoveUp) => step(state, -1),
        (Mode::FlowBindings, Intent::MoveDown) => step(state, 1),
        (Mode::FlowBindings, Intent::AddBinding) => {
            open_add(state);
            vec![]
        }
        (Mode::FlowBindings, Intent::RemoveBinding) => {
            ask_remove(state);
            vec![]
        }
        (Mode::FlowBindings, Intent::Undo) => request_undo(state),
        (
            Mode::FlowBindings,
            movement @ (Intent::Up
            | Intent::Down
            | Intent::PageUp
            | Intent::PageDown
            | Intent::Top
            | Intent::Bottom),
        ) => {
            move_cursor(state, movement);
            vec![]
        }
        _ => return None,
    };
    Some(cmds)
}

/// The selected trigger, if its flow can be changed; says why not otherwise.
fn changeable(state: &mut State) -> Option<(String, Vec<BoundAction>)> {
    let trigger = state.flows.selected_trigger()?.clone();
    if is_entity_bound(&trigger) {
        flash(state, FlashKind::Info, s::FLOW_READ_ONLY.to_string());
        return None;
    }
    let order = flows::order_of(state.flows.open_bindings()?);
    Some((trigger.id, order))
}

/// j/k: moves the cursor, or the held binding's landing place.
fn move_cursor(state: &mut State, intent: Intent) {
    let len = state.flows.open_bindings().map_or(0, Vec::len);
    let rows = layout::list_rows(state).max(1);
    let flows = &mut state.flows;
    match flows.held.as_mut() {
        Some(held) => held.at = new_moved(held.at, len, intent, rows),
        None => flows.binding_selected = new_moved(flows.binding_selected, len, intent, rows),
    }
}

/// Space: pick up the selected binding, or drop the held one (which saves at once).
fn pick_up_or_drop(state: &mut State) -> Vec<Cmd> {
    match state.flows.held.take() {
        None => {
            if changeable(state).is_some_and(|(_, order)| !order.is_empty()) {
                let at = state.flows.binding_selected;
                state.flows.held = Some(Held { from: at, at });
            }
            vec![]
        }
        Some(held) => {
            state.flows.binding_selected = held.at;
            save_move(state, held.from, held.at)
        }
    }
}

/// J/K: one step up or down, saved at once.
fn step(state: &mut State, delta: isize) -> Vec<Cmd> {
    if state.flows.held.is_some() {
        return vec![];
    }
    let from = state.flows.binding_selected;
    let len = state.flows.open_bindings().map_or(0, Vec::len);
    let Some(to) = from.checked_add_signed(delta).filter(|to| *to < len) else {
        return vec![];
    };
    state.flows.binding_selected = to;
    save_move(state, from, to)
}

fn save_move(state: &mut State, from: usize, to: usize) -> Vec<Cmd> {
    if from == to {
        return vec![];
    }
    let Some((trigger_id, seen)) = changeable(state) else {
        return vec![];
    };
    let order = flows::moved(&seen, from, to);
    apply(state, trigger_id, seen, order, false)
}

/// Sends a complete new order (one change at a time: a second would race the first).
fn apply(
    state: &mut State,
    trigger_id: String,
    seen: Vec<BoundAction>,
    order: Vec<BoundAction>,
    undo: bool,
) -> Vec<Cmd> {
    if changes::busy(state) {
        // Nothing was sent: show the service's order again.
        state.flows.binding_selected = 0;
        return vec![];
    }
    let change = Change::Bindings {
        trigger_id,
        seen,
        order,
    };
    changes::start(state, change, undo)
}

/// `a`: deployed actions that support this trigger and are not bound yet.
fn open_add(state: &mut State) {
    let Some((trigger_id, order)) = changeable(state) else {
        return;
    };
    if order.len() >= flows::MAX_BINDINGS {
        return flash(state, FlashKind::Info, s::FLOW_FULL.to_string());
    }
    let Some(actions) = state.actions.list.data.ready() else {
        return flash(state, FlashKind::Info, s::FLOW_ACTIONS_LOADING.to_string());
    };
    let candidates: Vec<BoundAction> = actions
        .iter()
        .filter(|a| a.is_deployed())
        .filter(|a| a.supported_triggers.iter().any(|t| t.id == trigger_id))
        .filter(|a| order.iter().all(|b| b.action_id != a.id))
        .map(|a| BoundAction {
            action_id: a.id.clone(),
            display_name: a.name.clone(),
        })
        .collect();
    if candidates.is_empty() {
        return flash(state, FlashKind::Info, s::FLOW_NOTHING_TO_ADD.to_string());
    }
    state.overlay = Overlay::AddBinding {
        candidates,
        selected: 0,
    };
}

/// Keys in the add picker.
pub fn on_add_key(state: &mut State, intent: Intent) -> Vec<Cmd> {
    let Overlay::AddBinding {
        candidates,
        selected,
    } = &mut state.overlay
    else {
        return vec![];
    };
    match intent {
        Intent::Up => *selected = selected.saturating_sub(1),
        Intent::Down => *selected = (*selected + 1).min(candidates.len().saturating_sub(1)),
        Intent::Back => state.overlay = Overlay::None,
        Intent::Pick => {
            let chosen = candidates[*selected].clone();
            state.overlay = Overlay::None;
            let Some((trigger_id, seen)) = changeable(state) else {
                return vec![];
            };
            return match flows::added(&seen, chosen) {
                Ok(order) => {
                    state.flows.binding_selected = order.len() - 1;
                    apply(state, trigger_id, seen, order, false)
                }
                Err(AddError::Full) => {
                    flash(state, FlashKind::Info, s::FLOW_FULL.to_string());
                    vec![]
                }
                Err(AddError::AlreadyBound) => vec![],
            };
        }
        _ => {}
    }
    vec![]
}

/// `x`: removing stops an action from running for every login, so it asks first.
fn ask_remove(state: &mut State) {
    let Some((trigger_id, seen)) = changeable(state) else {
        return;
    };
    let index = state.flows.binding_selected;
    let Some(name) = seen.get(index).map(|b| b.display_name.clone()) else {
        return;
    };
    let order = flows::removed(&seen, index);
    state.overlay = Overlay::Confirm(Box::new(Confirm {
        title: s::confirm_remove_title(&name, &trigger_id),
        lines: s::confirm_remove(&name),
        verb: s::VERB_REMOVE,
        diff: None,
        change: Change::Bindings {
            trigger_id,
            seen,
            order,
        },
        undo: false,
        confirm_focused: false,
    }));
}

/// `u`: the journal says what codedeck last did to this flow.
fn request_undo(state: &mut State) -> Vec<Cmd> {
    let Some((trigger_id, _)) = changeable(state) else {
        return vec![];
    };
    vec![Cmd::ReadJournal {
        kind: crate::journal::ObjectKind::Trigger,
        object_id: trigger_id,
    }]
}

/// Puts back the order from before codedeck's last change — only if nobody changed it since.
pub fn on_journal_read(
    state: &mut State,
    trigger_id: &str,
    result: Result<Option<Entry>, String>,
) -> Vec<Cmd> {
    let entry = match result {
        Ok(Some(entry)) => entry,
        Ok(None) => {
            flash(state, FlashKind::Info, s::NOTHING_TO_UNDO.to_string());
            return vec![];
        }
        Err(err) => {
            flash(state, FlashKind::Error, err);
            return vec![];
        }
    };
    let Some((current_id, seen)) = changeable(state) else {
        return vec![];
    };
    let (Some(before), Some(after)) = (entry.before.order, entry.after.order) else {
        flash(state, FlashKind::Info, s::NOTHING_TO_UNDO.to_string());
        return vec![];
    };
    if current_id != trigger_id || seen != after {
        flash(state, FlashKind::Info, s::FLOW_UNDO_STALE.to_string());
        return vec![];
    }
    apply(state, current_id, seen, before, true)
}

/// The service answered a bindings change.
pub fn on_order_applied(
    state: &mut State,
    trigger_id: &str,
    result: Result<Vec<Binding>, ApplyError>,
) -> Vec<Cmd> {
    let generation = state.new_generation();
    let slot = state
        .flows
        .bindings
        .entry(trigger_id.to_string())
        .or_default();
    match result {
        Ok(bindings) => {
            if let Some(running) = state.running.as_mut() {
                running.applied = Some(flows::order_of(&bindings));
            }
            // Show what the server returned.
            slot.generation = generation;
            slot.data = crate::app::state::Remote::Ready(bindings);
            clamp_binding(state);
            changes::finish(state, FlashKind::Info, s::flow_saved(trigger_id))
        }
        Err(ApplyError::Changed(server)) => {
            let mine = match state.running.as_ref().map(|r| &r.change) {
                Some(Change::Bindings { order, .. }) => order.clone(),
                _ => vec![],
            };
            slot.generation = generation;
            slot.data = crate::app::state::Remote::Ready(server.clone());
            state.flows.conflict = Some(Conflict {
                trigger_id: trigger_id.to_string(),
                mine,
                server,
            });
            state.overlay = Overlay::Conflict;
            clamp_binding(state);
            changes::finish(
                state,
                FlashKind::Error,
                s::flow_changed_elsewhere(trigger_id),
            )
        }
        Err(ApplyError::Backend(err)) => {
            // Show the service's order again, and say why.
            let mut cmds = changes::finish(
                state,
                FlashKind::Error,
                s::change_failed(&err.to_string()),
            );
            cmds.push(load_bindings(state, trigger_id));
            cmds
        }
    }
}

/// Keys while both orders are shown.
pub fn on_conflict_key(state: &mut State, intent: Intent) -> Vec<Cmd> {
    match intent {
        Intent::ReloadTheirs => {
            state.overlay = Overlay::None;
            state.flows.conflict = None;
            vec![]
        }
        Intent::ApplyMine => {
            state.overlay = Overlay::None;
            let Some(conflict) = state.flows.conflict.take() else {
                return vec![];
            };
            let seen = flows::order_of(&conflict.server);
            apply(state, conflict.trigger_id, seen, conflict.mine, false)
        }
        _ => vec![],
    }
}

/// Mouse: press on a binding picks it up, dragging moves it, release drops it (and saves).
pub fn on_mouse_down(state: &mut State, index: usize) {
    state.focus = Focus::Detail;
    state.flows.binding_selected = index;
    if changeable(state).is_some() {
        state.flows.held = Some(Held {
            from: index,
            at: index,
        });
    }
}

pub fn on_mouse_drag(state: &mut State, index: usize) {
    if let Some(held) = state.flows.held.as_mut() {
        held.at = index;
    }
}

pub fn on_mouse_up(state: &mut State) -> Vec<Cmd> {
    match state.flows.held.take() {
        Some(held) => {
            state.flows.binding_selected = held.at;
            save_move(state, held.from, held.at)
        }
        None => vec![],
    }
}

/// Which table applies in the Flows view.
pub fn mode(state: &State) -> Mode {
    if state.flows.editing_filter {
        Mode::Filter
    } else if state.focus == Focus::Detail {
        Mode::FlowBindings
    } else {
        Mode::FlowTriggers
    }
}

/// True in the Flows view.
pub fn active(state: &State) -> bool {
    state.view == View::Flows
}
