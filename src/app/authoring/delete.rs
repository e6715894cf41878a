//! `X`: deleting an action (detaching its bindings with force) or a module.

use super::{
    ask, failed, finish, focused, s, BackendError, Change, Cmd, Confirm, Failed, FlashKind, Owner,
    Slot, State,
};

pub fn request_delete(state: &mut State) -> Vec<Cmd> {
    if state.busy() {
        return vec![];
    }
    let Some(object) = focused(state) else {
        return vec![];
    };
    // The draft is saved before a delete: it must have loaded.
    if object.draft.is_none() {
        state.flash(FlashKind::Info, s::DRAFT_STILL_LOADING.to_string());
        return vec![];
    }
    match object.owner {
        // Bound or not decides what the delete must do: ask the flows first.
        Owner::Action => {
            state.flash(FlashKind::Info, s::CHECKING_BINDINGS.to_string());
            vec![Cmd::CheckBound {
                action_id: object.id,
                triggers: object.triggers.into_iter().map(|t| t.id).collect(),
            }]
        }
        // Which actions use it, read now (the detail's list may be stale or not loaded): the
        // dialog names them before `y`.
        Owner::Module => {
            state.flash(FlashKind::Info, s::diffs::CHECKING_MODULE_USERS.to_string());
            vec![Cmd::CheckModuleUsers {
                module_id: object.id,
            }]
        }
    }
}

/// The actions using a module arrived: the delete dialog names them.
pub fn on_module_users_checked(
    state: &mut State,
    module_id: &str,
    result: Result<Vec<String>, BackendError>,
) -> Vec<Cmd> {
    ask_delete(state, Owner::Module, module_id, result)
}

/// The triggers an action is bound to arrived: the delete dialog names them.
pub fn on_bound_checked(
    state: &mut State,
    action_id: &str,
    result: Result<Vec<String>, BackendError>,
) -> Vec<Cmd> {
    ask_delete(state, Owner::Action, action_id, result)
}

/// Opens the delete dialog once `others` (an action's triggers, a module's users) are known.
fn ask_delete(
    state: &mut State,
    owner: Owner,
    id: &str,
    others: Result<Vec<String>, BackendError>,
) -> Vec<Cmd> {
    let others = match others {
        Ok(others) => others,
        Err(err) => {
            let what = match owner {
                Owner::Action => s::WHAT_BINDINGS,
                Owner::Module => s::WHAT_MODULE_USAGES,
            };
            state.flash(
                FlashKind::Error,
                s::flash_load_failed(what, &err.to_string()),
            );
            return vec![];
        }
    };
    let Some(object) = focused(state).filter(|f| f.id == id) else {
        return vec![];
    };
    let Some(code) = object.draft.map(|d| d.code) else {
        return vec![];
    };
    // A bound action is deleted with force (detaching it); a module in use is refused by the service.
    let force = owner == Owner::Action && !others.is_empty();
    state.flash = None;
    ask(
        state,
        delete_confirm(owner, object.id, object.name, code, force, &others),
        None,
    )
}

/// `others`: the triggers a bound action is detached from, or the actions using a module.
pub(super) fn delete_confirm(
    owner: Owner,
    id: String,
    name: String,
    code: String,
    force: bool,
    others: &[String],
) -> Confirm {
    Confirm {
        title: s::confirm_delete_title(owner, &name),
        lines: s::confirm_delete(owner, force, others),
        verb: s::VERB_DELETE,
        diff: None,
        change: Change::Delete {
            owner,
            id,
            name,
            force,
            draft: code.into(),
        },
        undo: false,
        confirm_focused: false,
    }
}

pub fn on_deleted(state: &mut State, result: Result<std::path::PathBuf, Failed>) -> Vec<Cmd> {
    let saved = match result {
        Ok(saved) => saved,
        Err(err) => return failed(state, err),
    };
    let Some(running) = state.running.as_mut() else {
        return vec![];
    };
    running.saved_draft = Some(saved.clone());
    let Change::Delete {
        owner,
        id,
        name,
        force,
        ..
    } = running.change.clone()
    else {
        return vec![];
    };
    // The detail and timeline of a deleted object have nothing left to show.
    match owner {
        Owner::Action => {
            state.actions.detail = None;
            state.actions.versions = None;
        }
        Owner::Module => {
            state.modules.detail = None;
            state.modules.versions = None;
        }
    }
    state.focus = crate::app::state::Focus::List;
    if force {
        // Its flows changed: the Flows view reads them again when opened.
        state.flows.bindings.clear();
        state.flows.triggers = Slot::default();
    }
    state.unsent.remove(&id);
    finish(state, FlashKind::Info, s::deleted(&name, &saved))
}
