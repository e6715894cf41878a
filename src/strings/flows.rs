//! The dashboard's words about a trigger's flow: the view, reordering, saving, conflicts.

pub const HELP_VIEW_FLOWS: &str = "Flows view";
pub const HELP_SECTION_FLOW_TRIGGERS: &str = "Flows: triggers";
pub const HELP_SECTION_FLOW_BINDINGS: &str = "Flows: bindings";
pub const HELP_SECTION_CONFLICT: &str = "Flow changed elsewhere";
pub const HELP_OPEN_BINDINGS: &str = "go to the trigger's bindings";
pub const HELP_FILTER_TRIGGERS: &str = "filter triggers";
pub const HELP_CLEAR_FILTER: &str = "clear the filter";
pub const HELP_PICK_UP: &str = "pick up / drop (saves at once)";
pub const HELP_MOVE_UP: &str = "move one up (saves at once)";
pub const HELP_MOVE_DOWN: &str = "move one down (saves at once)";
pub const HELP_ADD_BINDING: &str = "add an action to the flow";
pub const HELP_REMOVE_BINDING: &str = "remove from the flow (asks)";
pub const HELP_UNDO_FLOW: &str = "undo codedeck's last change here";
pub const HELP_BACK_BINDINGS: &str = "put back / back to triggers";
pub const HELP_RELOAD_THEIRS: &str = "keep the server's order";
pub const HELP_APPLY_MINE: &str = "apply my order over it";
pub const LOADING_TRIGGERS: &str = "Loading triggers…";
pub const LOADING_BINDINGS: &str = "loading…";
pub const NO_TRIGGERS: &str = "No triggers";
pub const FLOW_SAVING: &str = "saving…";
pub const FLOW_EMPTY: &str = "No actions bound — a adds one";
pub const ENTITY_BOUND: &str = "managed by Auth0 (entity-bound): read-only here";
pub const ENTITY_BOUND_SHORT: &str = "entity-bound";
/// "entity-bound" where a column has five cells.
pub const ENTITY_BOUND_TINY: &str = "auto";
pub const FLOW_HINTS: &str = "Space pick up/drop · J/K move · a add · x remove · u undo";
pub const FLOW_HOLDING: &str = "j/k to move · Space drops (saves) · Esc puts it back";
pub const FLOW_FULL: &str = "Auth0 runs at most 20 actions per trigger: remove one first";
pub const FLOW_NOTHING_TO_ADD: &str =
    "No other deployed action supports this trigger (deploy one first, or it is already bound)";
pub const FLOW_ACTIONS_LOADING: &str = "Actions are still loading — press a again in a moment";
pub const FLOW_READ_ONLY: &str =
    "This trigger's bindings are managed by Auth0 and cannot be changed here";
pub const ADD_TITLE: &str = " Add to the flow (runs last) — Enter adds, Esc cancels ";
pub const CONFLICT_TITLE: &str = " The flow changed elsewhere — nothing was sent ";
pub const CONFLICT_WHY: &str =
    "Someone changed this flow after codedeck loaded it. Saving yours now would undo their change.";
pub const CONFLICT_MINE: &str = "Your order";
pub const CONFLICT_SERVER: &str = "On the server now";
pub const CONFLICT_HINT: &str = "r/Esc keep the server's order · a apply yours over it";
pub const COL_POSITION: &str = "#";
pub const COL_TRIGGER: &str = "Trigger";
pub const COL_TRIGGER_STATUS: &str = "Status";
pub const COL_DISPLAY_NAME: &str = "Display name";
pub const COL_ACTION: &str = "Action";
pub const BOUND_LOADING: &str = "…";
pub const BOUND_UNKNOWN: &str = "?";
pub const COL_BOUND: &str = "Bound";
pub const COL_VERSION_SHORT: &str = "Ver";

pub fn flow_saved(trigger: &str) -> String {
    format!("Saved the order of {trigger}")
}

pub fn flow_changed_elsewhere(trigger: &str) -> String {
    format!("The flow of {trigger} changed elsewhere; nothing was sent — compare and choose")
}

pub fn flow_count(count: usize) -> String {
    match count {
        1 => "(1 action) ".to_string(),
        n => format!("({n} actions) "),
    }
}

/// The flow's first line; when bindings are scrolled away above, how many.
pub fn flow_start(hidden_above: usize) -> String {
    match hidden_above {
        0 => "▶ Start".to_string(),
        n => format!("▶ Start  ▲ {n} more"),
    }
}

pub fn flow_complete(hidden_below: usize) -> String {
    match hidden_below {
        0 => "■ Complete".to_string(),
        n => format!("▼ {n} more  ■ Complete"),
    }
}

pub fn flow_other_versions(versions: &[String]) -> String {
    format!("older versions: {}", versions.join(", "))
}

pub fn confirm_remove_title(name: &str, trigger: &str) -> String {
    format!(" Remove '{name}' from {trigger}? ")
}

pub fn confirm_remove(name: &str, after: &[crate::model::BoundAction]) -> Vec<String> {
    vec![
        format!(
            "'{name}' stops running in this flow at once; the action itself and its versions stay. \
             u puts it back."
        ),
        format!("After: {}", flow_names(after)),
    ]
}

/// An order by display name: `Start → A → B → Complete`.
pub fn flow_names(order: &[crate::model::BoundAction]) -> String {
    std::iter::once("Start")
        .chain(order.iter().map(|b| b.display_name.as_str()))
        .chain(std::iter::once("Complete"))
        .collect::<Vec<_>>()
        .join(" → ")
}

pub const VERB_REMOVE: &str = "Remove";
pub const VERB_UNDO: &str = "Undo";
pub const FLOW_NOT_LOADED: &str = "The flow has not loaded yet — a moment";
pub const FLOW_UNDO_WAIT: &str = "The order is still being saved — undo once it has";
pub const FLOW_RELOADED_WHILE_HOLDING: &str =
    "The flow changed on the server while you held a binding: it was put back";

pub const QUEUED_MOVES_NOT_SENT: &str = "the moves made meanwhile were not sent";

pub fn flow_not_saved(err: &str, queued_dropped: bool) -> String {
    if queued_dropped {
        format!("The order was not saved: {err} — {QUEUED_MOVES_NOT_SENT} either")
    } else {
        format!("The order was not saved: {err}")
    }
}

pub fn confirm_undo_flow_title(trigger: &str) -> String {
    format!(" Undo codedeck's last change to {trigger}? ")
}

/// What an undo that adds or removes actions will do, by name.
pub fn confirm_undo_flow(
    now: &[crate::model::BoundAction],
    back: &[crate::model::BoundAction],
) -> Vec<String> {
    let mut lines = vec![
        format!("Now:   {}", flow_names(now)),
        format!("After: {}", flow_names(back)),
    ];
    for gone in now
        .iter()
        .filter(|n| back.iter().all(|b| b.action_id != n.action_id))
    {
        lines.push(format!(
            "'{}' stops running in this flow at once.",
            gone.display_name
        ));
    }
    for added in back
        .iter()
        .filter(|b| now.iter().all(|n| n.action_id != b.action_id))
    {
        lines.push(format!(
            "'{}' runs again in this flow at once.",
            added.display_name
        ));
    }
    lines
}
pub const FLOW_UNDO_STALE: &str =
    "The flow changed since codedeck's last change to it — undo would overwrite that; reorder by hand";
