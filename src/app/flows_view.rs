//! The Flows view in `update`: triggers, their bindings, and drag-style reordering. Every change is a
//! complete new order; the runtime sends it only if the service still has the order the user saw
//! (`Cmd::ApplyOrder`, `flows::apply`). One save at a time: moves made while a trigger's order is being
//! saved queue behind it and go out as one order when it answers. No I/O here.

use crate::app::common::new_moved;
use crate::app::keymap::{Intent, Mode};
use crate::app::layout;
use crate::app::loading::{load_bindings, load_selected_flow};
use crate::app::msg::{ApplyError, Cmd, Failed, Generation};
use crate::app::pipeline::{failed, finish, is_lost, start};
use crate::app::state::{
    Change, Confirm, Conflict, FlashKind, Focus, Held, Overlay, Queued, Remote, State,
};
use crate::flows::{self, AddError, FlowTrigger};
use crate::journal::{Entry, ObjectKind};
use crate::model::BackendError;
use crate::model::{Binding, BoundAction, Trigger};
use crate::strings as s;

/// Triggers arrived: every changeable trigger's bindings load too (the list shows how many each
/// has; the client bounds how many requests are out at once).
pub fn on_triggers_loaded(
    state: &mut State,
    generation: Generation,
    result: Result<Vec<Trigger>, BackendError>,
) -> Result<Vec<Cmd>, String> {
    let result = result.map(|list| flows::group_triggers(&list));
    if !state.flows.triggers.finish(generation, result)? {
        return Ok(vec![]);
    }
    let ids: Vec<String> = state
        .flows
        .triggers
        .data
        .ready()
        .into_iter()
        .flatten()
        .filter(|t| !t.entity_bound)
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
    // Older tenants refuse to list an entity-bound trigger's bindings: a read-only flow, no error.
    let result = match result {
        Err(err) if flows::is_entity_bound_refusal(&err) => {
            if let Remote::Ready(triggers) = &mut state.flows.triggers.data {
                triggers
                    .iter_mut()
                    .filter(|t| t.id == trigger_id)
                    .for_each(|t| t.entity_bound = true);
            }
            Ok(vec![])
        }
        other => other,
    };
    let before = state.flow_order(trigger_id);
    let Some(slot) = state.flows.bindings.get_mut(trigger_id) else {
        return Ok(());
    };
    slot.finish(generation, result)?;
    // A held binding's places are positions in the old order: put it back if the order moved.
    let open = state
        .flows
        .selected_trigger()
        .is_some_and(|t| t.id == trigger_id);
    if open && state.flows.held.is_some() && state.flow_order(trigger_id) != before {
        state.flows.held = None;
        state.flash(FlashKind::Info, s::FLOW_RELOADED_WHILE_HOLDING.to_string());
    }
    clamp_binding(state);
    Ok(())
}

fn clamp_binding(state: &mut State) {
    let len = state.flow_rows().len();
    let flows = &mut state.flows;
    flows.binding_selected = flows.binding_selected.min(len.saturating_sub(1));
    if let Some(held) = flows.held {
        if held.from >= len {
            flows.held = None;
        }
    }
}

/// Keys of the Flows view. `None`: not a Flows key (the caller's generic handling applies).
pub fn on_intent(state: &mut State, mode: Mode, intent: Intent) -> Option<Vec<Cmd>> {
    if mode == Mode::FlowBindings && state.flows.held.is_some() {
        if let Some(cmds) = on_holding(state, intent) {
            return Some(cmds);
        }
    }
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
            load_selected_flow(state)
        }
        (Mode::FlowBindings, Intent::Back) => {
            state.focus = Focus::List;
            vec![]
        }
        (Mode::FlowBindings, Intent::PickUp) => {
            pick_up(state);
            vec![]
        }
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
        (Mode::FlowBindings, movement) if movement.is_movement() => {
            let len = state.flow_rows().len();
            let rows = layout::flow_rows_visible(state).max(1);
            let flows = &mut state.flows;
            flows.binding_selected = new_moved(flows.binding_selected, len, movement, rows);
            vec![]
        }
        _ => return None,
    };
    Some(cmds)
}

/// Keys while a binding is held: moves carry it, Space drops it (and saves), Esc puts it back.
/// `None`: any other key puts it back first (help keeps it), then does what it always does.
fn on_holding(state: &mut State, intent: Intent) -> Option<Vec<Cmd>> {
    let len = state.flow_rows().len();
    let rows = layout::flow_rows_visible(state).max(1);
    let held = state.flows.held.as_mut()?;
    match intent {
        Intent::MoveUp => held.at = new_moved(held.at, len, Intent::Up, rows),
        Intent::MoveDown => held.at = new_moved(held.at, len, Intent::Down, rows),
        movement if movement.is_movement() => held.at = new_moved(held.at, len, movement, rows),
        Intent::PickUp => return Some(drop_held(state)),
        Intent::Back => state.flows.held = None,
        Intent::Help => return None,
        _ => {
            state.flows.held = None;
            return None;
        }
    }
    Some(vec![])
}

/// The selected trigger and its order as the user sees it, if the flow can be changed here; says
/// why not otherwise.
fn changeable(state: &mut State) -> Option<(String, Vec<BoundAction>)> {
    let trigger: FlowTrigger = state.flows.selected_trigger()?.clone();
    if trigger.entity_bound {
        state.flash(FlashKind::Info, s::FLOW_READ_ONLY.to_string());
        return None;
    }
    let Some(order) = state.flow_order(&trigger.id) else {
        state.flash(FlashKind::Info, s::FLOW_NOT_LOADED.to_string());
        return None;
    };
    Some((trigger.id, order))
}

fn pick_up(state: &mut State) {
    if changeable(state).is_some_and(|(_, order)| !order.is_empty()) {
        let at = state.flows.binding_selected;
        state.flows.held = Some(Held { from: at, at });
    }
}

/// Drops the held binding where it is shown; a real move saves at once.
fn drop_held(state: &mut State) -> Vec<Cmd> {
    let Some(held) = state.flows.held.take() else {
        return vec![];
    };
    state.flows.binding_selected = held.at;
    if held.from == held.at {
        return vec![];
    }
    let Some((trigger_id, base)) = changeable(state) else {
        state.flows.binding_selected = held.from;
        return vec![];
    };
    let order = flows::moved(&base, held.from, held.at);
    if let Some(cmds) = submit(state, trigger_id, base, order, false) {
        cmds
    } else {
        // Refused: the binding is back where it was, and so is the cursor.
        state.flows.binding_selected = held.from;
        vec![]
    }
}

/// J/K: one step up or down, saved at once.
fn step(state: &mut State, delta: isize) -> Vec<Cmd> {
    let from = state.flows.binding_selected;
    let len = state.flow_rows().len();
    let Some(to) = from.checked_add_signed(delta).filter(|to| *to < len) else {
        return vec![];
    };
    let Some((trigger_id, base)) = changeable(state) else {
        return vec![];
    };
    let order = flows::moved(&base, from, to);
    match submit(state, trigger_id, base, order, false) {
        Some(cmds) => {
            state.flows.binding_selected = to;
            cmds
        }
        None => vec![],
    }
}

/// Sends a complete new `order`, made from `seen` (the order the user was looking at: the guard sends
/// nothing if the service no longer has it) — or, while this trigger's order is being saved, queues
/// it to go out when that answers (never two PATCHes at once, never a move lost). `None`: refused
/// while another change runs, with a message.
pub fn submit(
    state: &mut State,
    trigger_id: String,
    seen: Vec<BoundAction>,
    order: Vec<BoundAction>,
    undo: bool,
) -> Option<Vec<Cmd>> {
    if state.saving(&trigger_id).is_some() {
        state.flows.queued = Some(Queued {
            trigger_id,
            order,
            undo,
        });
        return Some(vec![]);
    }
    if state.busy() {
        return None;
    }
    if seen == order {
        return Some(vec![]);
    }
    let change = Change::Bindings {
        trigger_id,
        seen,
        order,
    };
    Some(start(state, change, undo))
}

/// `a`: deployed actions that support this trigger and are not bound yet.
fn open_add(state: &mut State) {
    let Some((trigger_id, order)) = changeable(state) else {
        return;
    };
    if order.len() >= crate::model::limits::MAX_BINDINGS {
        return state.flash(FlashKind::Info, s::FLOW_FULL.to_string());
    }
    let Some(actions) = state.actions.list.data.ready() else {
        return state.flash(FlashKind::Info, s::FLOW_ACTIONS_LOADING.to_string());
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
        return state.flash(FlashKind::Info, s::FLOW_NOTHING_TO_ADD.to_string());
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
        movement if movement.is_movement() => {
            *selected = new_moved(*selected, candidates.len(), movement, 10);
            vec![]
        }
        Intent::Back => {
            state.overlay = Overlay::None;
            vec![]
        }
        Intent::Pick => {
            let chosen = candidates[*selected].clone();
            state.overlay = Overlay::None;
            let Some((trigger_id, base)) = changeable(state) else {
                return vec![];
            };
            match flows::added(&base, chosen) {
                Ok(order) => {
                    let last = order.len() - 1;
                    let cmds = submit(state, trigger_id, base, order, false);
                    if cmds.is_some() {
                        state.flows.binding_selected = last;
                    }
                    cmds.unwrap_or_default()
                }
                Err(AddError::Full) => {
                    state.flash(FlashKind::Info, s::FLOW_FULL.to_string());
                    vec![]
                }
                // Bound meanwhile (a queued move's order holds it): nothing to add.
                Err(AddError::AlreadyBound) => vec![],
            }
        }
        _ => vec![],
    }
}

/// `x`: removing stops an action from running in this flow, so it asks first.
fn ask_remove(state: &mut State) {
    let Some((trigger_id, base)) = changeable(state) else {
        return;
    };
    let index = state.flows.binding_selected;
    let Some(name) = base.get(index).map(|b| b.display_name.clone()) else {
        return;
    };
    let order = flows::removed(&base, index);
    state.overlay = Overlay::Confirm(Box::new(Confirm {
        title: s::confirm_remove_title(&name, &trigger_id),
        lines: s::confirm_remove(&name, &order),
        verb: s::VERB_REMOVE,
        diff: None,
        change: Change::Bindings {
            trigger_id,
            seen: base,
            order,
        },
        undo: false,
        confirm_focused: false,
    }));
}

/// `u`: the journal says what codedeck last did to this flow on this tenant.
fn request_undo(state: &mut State) -> Vec<Cmd> {
    let Some((trigger_id, _)) = changeable(state) else {
        return vec![];
    };
    if state.saving(&trigger_id).is_some() {
        state.flash(FlashKind::Info, s::FLOW_UNDO_WAIT.to_string());
        return vec![];
    }
    vec![Cmd::ReadJournal {
        kind: ObjectKind::Trigger,
        object_id: trigger_id,
        tenant: state.connection.label.clone(),
    }]
}

/// Puts back the order from before codedeck's last change — only if nobody changed it since. A pure
/// reorder goes at once (like J/K); an undo that adds or removes an action asks first (like `x`).
pub fn on_journal_read(
    state: &mut State,
    trigger_id: &str,
    result: Result<Option<Entry>, String>,
) -> Vec<Cmd> {
    let Some(entry) = state.entry_to_undo(result) else {
        return vec![];
    };
    let Some((current_id, now)) = changeable(state) else {
        return vec![];
    };
    let (Some(before), Some(after)) = (entry.before.order, entry.after.order) else {
        state.flash(FlashKind::Info, s::NOTHING_TO_UNDO.to_string());
        return vec![];
    };
    if current_id != trigger_id {
        return vec![];
    }
    if now != after {
        state.flash(FlashKind::Info, s::FLOW_UNDO_STALE.to_string());
        return vec![];
    }
    if flows::same_members(&before, &after) {
        // The cursor stays on the binding it was on, wherever the undo puts it.
        let selected = now
            .get(state.flows.binding_selected)
            .map(|b| b.action_id.clone());
        let cmds = submit(state, current_id, now, before.clone(), true);
        if let Some(at) = selected.and_then(|id| before.iter().position(|b| b.action_id == id)) {
            if cmds.is_some() {
                state.flows.binding_selected = at;
            }
        }
        return cmds.unwrap_or_default();
    }
    state.overlay = Overlay::Confirm(Box::new(Confirm {
        title: s::confirm_undo_flow_title(trigger_id),
        lines: s::confirm_undo_flow(&after, &before),
        verb: s::VERB_UNDO,
        diff: None,
        change: Change::Bindings {
            trigger_id: current_id,
            seen: now,
            order: before,
        },
        undo: true,
        confirm_focused: false,
    }));
    vec![]
}

/// The service answered a bindings change.
pub fn on_order_applied(
    state: &mut State,
    trigger_id: &str,
    result: Result<Vec<Binding>, ApplyError>,
) -> Vec<Cmd> {
    let queued = state.flows.queued.take_if(|q| q.trigger_id == trigger_id);
    match result {
        Ok(bindings) => {
            // Show what the server returned; the moves queued meanwhile were made on top of it.
            let answered = flows::order_of(&bindings);
            if let Some(running) = state.running.as_mut() {
                running.applied = Some(answered.clone());
            }
            show_server_order(state, trigger_id, bindings);
            let mut cmds = finish(state, FlashKind::Info, s::flow_saved(trigger_id));
            if let Some(next) = queued {
                let more = submit(state, next.trigger_id, answered, next.order, next.undo);
                cmds.extend(more.unwrap_or_default());
            }
            cmds
        }
        Err(ApplyError::Changed(server)) => {
            let mine = match (queued, state.saving(trigger_id)) {
                (Some(queued), _) => queued.order,
                (None, Some(order)) => order.clone(),
                (None, None) => vec![],
            };
            state.flows.held = None;
            show_server_order(state, trigger_id, server.clone());
            state.flows.conflict = Some(Conflict {
                trigger_id: trigger_id.to_string(),
                mine,
                server,
            });
            state.overlay = Overlay::Conflict;
            finish(
                state,
                FlashKind::Error,
                s::flow_changed_elsewhere(trigger_id),
            )
        }
        Err(ApplyError::Backend(err)) if is_lost(&err) => {
            // The service may have made it: read it back (the trigger's order is reloaded too).
            // The moves queued behind it are not sent on an order nobody knows: say so at the end.
            state.flows.held = None;
            let why = Failed {
                also: queued.map(|_| s::QUEUED_MOVES_NOT_SENT.to_string()),
                ..Failed::request(err)
            };
            let mut cmds = failed(state, why);
            cmds.push(load_bindings(state, trigger_id));
            cmds
        }
        Err(ApplyError::Backend(err)) => {
            // Show the service's order again (a fresh load: loads sent before are stale), and say
            // why, and that the queued moves did not go.
            state.flows.held = None;
            let text = s::flow_not_saved(&err.to_string(), queued.is_some());
            let mut cmds = finish(state, FlashKind::Error, text);
            cmds.push(load_bindings(state, trigger_id));
            cmds
        }
    }
}

/// The bindings the service answered with, shown as the trigger's; loads sent before this answer
/// are older than it (the new generation makes them stale).
fn show_server_order(state: &mut State, trigger_id: &str, bindings: Vec<Binding>) {
    let generation = state.new_generation();
    let slot = state
        .flows
        .bindings
        .entry(trigger_id.to_string())
        .or_default();
    slot.generation = generation;
    slot.data = Remote::Ready(bindings);
    clamp_binding(state);
}

/// Keys while both orders are shown.
pub fn on_conflict_key(state: &mut State, intent: Intent) -> Vec<Cmd> {
    match intent {
        Intent::ReloadTheirs => {
            state.overlay = Overlay::None;
            match state.flows.conflict.take() {
                Some(conflict) => vec![load_bindings(state, &conflict.trigger_id)],
                None => vec![],
            }
        }
        Intent::ApplyMine => {
            state.overlay = Overlay::None;
            let Some(conflict) = state.flows.conflict.take() else {
                return vec![];
            };
            let seen = flows::order_of(&conflict.server);
            submit(state, conflict.trigger_id, seen, conflict.mine, false).unwrap_or_default()
        }
        _ => vec![],
    }
}

/// Mouse: a press on a binding picks it up, dragging carries it, the release drops it (and saves).
/// A click (press and release on the same row) only selects.
pub fn on_mouse_down(state: &mut State, index: usize) {
    state.focus = Focus::Detail;
    state.flows.held = None;
    state.flows.binding_selected = index;
    let changeable = state
        .flows
        .selected_trigger()
        .is_some_and(|t| !t.entity_bound);
    if changeable {
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
    drop_held(state)
}
