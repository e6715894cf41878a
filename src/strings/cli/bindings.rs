//! Words of `codedeck bindings`: a trigger's execution order, set, moved and guarded.

use super::order;

/// How both order commands confirm and guard, ending their help.
macro_rules! order_change_help {
    () => {
        "Shows the order now and the new one, then asks for confirmation on a terminal; without one \
        (scripts, CI) it refuses unless --yes is given. If the order changes on the server while you \
        decide, nothing is sent and both orders are shown (exit 1). Every change is recorded in \
        `codedeck journal`."
    };
}
pub const BINDINGS_SET_HELP: &str = concat!(
    "Bind exactly the given actions to TRIGGER, in the given execution order: actions not named \
    are unbound, new ones are bound under their action name, and the ones already bound keep their \
    display names. Each action must support the trigger and be deployed; each may appear once, and \
    a trigger runs at most 20.\n\n\
    Giving no action is refused, so a forgotten argument never unbinds a whole flow: --none \
    (instead of actions) unbinds every action, and still asks first.\n\n",
    order_change_help!()
);
pub const BINDINGS_MOVE_HELP: &str = concat!(
    "Move one bound action to position POS (1 runs first); the others keep their order.\n\n",
    order_change_help!()
);

pub fn no_trigger(trigger: &str) -> String {
    format!("no trigger `{trigger}` — `codedeck triggers list` shows them")
}

pub fn entity_bound_order(trigger: &str) -> String {
    format!(
        "{trigger} is entity-bound: Auth0 manages its bindings and they cannot be changed here — nothing changed"
    )
}

/// `most`: the service's limit of actions per trigger.
pub fn too_many_actions(trigger: &str, given: usize, most: usize) -> String {
    format!("{trigger} can run at most {most} actions and {given} were given — nothing changed")
}

pub fn given_twice(name: &str) -> String {
    format!(
        "'{name}' is given more than once: an action runs at most once per trigger — nothing changed"
    )
}

/// `supported`: the triggers the action does support.
pub fn not_for_trigger(name: &str, trigger: &str, supported: &[&str]) -> String {
    let runs_on = if supported.is_empty() {
        "no trigger".to_string()
    } else {
        supported.join(", ")
    };
    format!("action '{name}' runs on {runs_on}, not {trigger}, so it cannot be bound there — nothing changed")
}

pub fn bind_undeployed(name: &str) -> String {
    format!(
        "action '{name}' has never been deployed: deploy it first (`codedeck actions deploy`), \
         then bind it — nothing changed"
    )
}

/// `bound`: the trigger's order now.
pub fn not_bound(key: &str, trigger: &str, bound: &[crate::model::BoundAction]) -> String {
    if bound.is_empty() {
        return format!("no actions are bound to {trigger}: there is nothing to move");
    }
    format!(
        "'{key}' is not bound to {trigger} (it runs {}) — `codedeck bindings set` binds actions",
        order(bound)
    )
}

pub fn position_out_of_range(trigger: &str, position: usize, count: usize) -> String {
    let range = if count == 1 {
        "only 1".to_string()
    } else {
        format!("1–{count}")
    };
    format!(
        "there is no position {position}: {trigger} runs {count} action{} (give {range})",
        if count == 1 { "" } else { "s" }
    )
}

pub fn already_at(name: &str, trigger: &str, position: usize) -> String {
    format!("'{name}' already runs at position {position} of {trigger} — nothing changed")
}

/// `empty`: the order (now and asked for) binds nothing.
pub fn order_unchanged(trigger: &str, empty: bool) -> String {
    if empty {
        format!("no actions are bound to {trigger} already — nothing changed")
    } else {
        format!("{trigger} already runs these actions in this order — nothing changed")
    }
}

/// The order now and the proposed one, shown before asking.
pub fn order_change(
    trigger: &str,
    now: &[crate::model::BoundAction],
    new: &[crate::model::BoundAction],
) -> String {
    format!(
        "The execution order of {trigger}:\n  now: {}\n  new: {}",
        order(now),
        order(new)
    )
}

pub fn confirm_order(trigger: &str, clears: bool) -> String {
    if clears {
        format!("Unbind every action from {trigger}? Nothing will run on {trigger} afterwards.")
    } else {
        format!("Save the new order of {trigger}? It applies to every execution from now on.")
    }
}

/// The guard found the server's order changed while the user decided: nothing was sent.
pub fn order_changed_elsewhere(
    trigger: &str,
    yours: &[crate::model::BoundAction],
    server: &[crate::model::BoundAction],
) -> String {
    format!(
        "the order of {trigger} changed on the server while you were deciding, so nothing was sent\n  \
         yours:             {}\n  on the server now: {}\n\
         Run the command again to change the order as it is now.",
        order(yours),
        order(server)
    )
}

/// The service refused the change (4xx): the order is as it was.
pub fn order_refused(trigger: &str, err: &str) -> String {
    format!("the order of {trigger} was not changed: {err}")
}

pub fn order_saved(trigger: &str) -> String {
    format!("Saved the new order of {trigger}; the service now runs:")
}

pub fn flow_cleared(trigger: &str) -> String {
    format!("Unbound every action from {trigger}: nothing runs on it now")
}
