//! `X`: deleting an action (detaching its bindings with force) or a module.

use super::*;

pub fn request_delete(state: &mut State) -> Vec<Cmd> {
    if busy(state) {
        return vec![];
    }
    let Some(object) = focused(state) else {
        return vec![];
    };
    let Some(code) = object.draft.as_ref().map(|d| d.code.clone()) else {
        flash(state, FlashKind::Info, s::DRAFT_STILL_LOADING.to_string());
        return vec![];
    };
    match object.owner {
        // Bound or not decides what the delete must do: ask the flows first.
        Owner::Action => {
            flash(state, FlashKind::Info, s::CHECKING_BINDINGS.to_string());
            vec![Cmd::CheckBound {
                action_id: object.id,
                triggers: object.triggers.into_iter().map(|t| t.id).collect(),
            }]
        }
        Owner::Module => {
            let users: Vec<String> = state
                .modules
                .detail
                .as_ref()
                .filter(|d| d.id == object.id)
                .and_then(|d| d.usages.data.ready())
                .map(|u| u.iter().map(|u| u.action_name.clone()).collect())
                .unwrap_or_default();
            changes::ask(
                state,
                delete_confirm(object.owner, object.id, object.name, code, false, &users),
            );
            vec![]
        }
    }
}

pub fn on_bound_checked(
    state: &mut State,
    action_id: &str,
    result: Result<Vec<String>, BackendError>,
) -> Vec<Cmd> {
    let bound = match result {
        Ok(bound) => bound,
        Err(err) => {
            flash(
                state,
                FlashKind::Error,
                s::flash_load_failed(s::WHAT_BINDINGS, &err.to_string()),
            );
            return vec![];
        }
    };
    let Some(object) = focused(state).filter(|f| f.id == action_id) else {
        return vec![];
    };
    let Some(code) = object.draft.map(|d| d.code) else {
        return vec![];
    };
    let force = !bound.is_empty();
    state.flash = None;
    changes::ask(
        state,
        delete_confirm(Owner::Action, object.id, object.name, code, force, &bound),
    );
    vec![]
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

pub fn on_deleted(state: &mut State, result: Result<std::path::PathBuf, String>) -> Vec<Cmd> {
    let saved = match result {
        Ok(saved) => saved,
        Err(err) => return changes::finish(state, FlashKind::Error, s::change_failed(&err)),
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
    changes::finish(state, FlashKind::Info, s::deleted(&name, &saved))
}
