//! `e`: a draft in the user's editor, reviewed as a diff, saved once checked against the service.

use super::{
    ask, authoring, drive, edit_cmd, edited_new_code, edited_payload, failed, finish, flow_advance,
    focused, s, Arc, Change, Cmd, Confirm, DeployFlow, DiffRequest, DraftChange, DraftSaved,
    DraftState, EditPurpose, Failed, FlashKind, Owner, State,
};

pub fn edit_draft(state: &mut State) -> Vec<Cmd> {
    if state.busy() {
        return vec![];
    }
    let Some(object) = focused(state) else {
        return vec![];
    };
    let Some(draft) = object.draft else {
        state.flash(FlashKind::Info, s::DRAFT_STILL_LOADING.to_string());
        return vec![];
    };
    // An edit that was not sent comes back, not the service's draft.
    let text = state
        .unsent
        .get(&object.id)
        .cloned()
        .unwrap_or_else(|| draft.code.as_str().into());
    let purpose = EditPurpose::Draft {
        owner: object.owner,
        id: object.id,
        name: object.name.clone(),
        seen: Box::new(draft),
    };
    vec![edit_cmd(
        state,
        purpose,
        text,
        format!("{}.js", object.name),
    )]
}

/// The editor closed.
pub fn on_edited(
    state: &mut State,
    purpose: EditPurpose,
    original: Arc<str>,
    result: Result<Option<String>, String>,
) -> Vec<Cmd> {
    let text: Arc<str> = match result {
        Ok(Some(text)) => text.into(),
        Ok(None) => original,
        Err(err) => {
            state.flash(FlashKind::Error, err);
            return vec![];
        }
    };
    match purpose {
        EditPurpose::Draft {
            owner,
            id,
            name,
            seen,
        } => edited_draft(state, owner, id, name, seen, text),
        EditPurpose::NewCode => edited_new_code(state, &text),
        EditPurpose::TestPayload {
            action_id,
            name,
            from,
        } => edited_payload(state, action_id, name, from, text),
        // The packages feature's (update routes it there).
        EditPurpose::PackageCode { .. } | EditPurpose::NewPackageCode(_) => vec![],
    }
}

pub(super) fn edited_draft(
    state: &mut State,
    owner: Owner,
    id: String,
    name: String,
    seen: Box<DraftState>,
    text: Arc<str>,
) -> Vec<Cmd> {
    if *text == *seen.code {
        state.unsent.remove(&id);
        state.flash(FlashKind::Info, s::EDIT_UNCHANGED.to_string());
        return vec![];
    }
    state.unsent.insert(id.clone(), Arc::clone(&text));
    if let Err(why) = authoring::check_code(owner, &text) {
        state.flash(FlashKind::Error, why);
        return vec![];
    }
    let before: Arc<str> = seen.code.as_str().into();
    let confirm = Confirm {
        title: s::confirm_save_draft_title(&name),
        lines: s::confirm_save_draft(owner),
        verb: s::VERB_SAVE,
        diff: None,
        change: Change::DraftEdit {
            owner,
            id,
            name,
            seen,
            change: DraftChange::code(text.to_string()),
        },
        undo: false,
        confirm_focused: false,
    };
    let diff = DiffRequest {
        old: before,
        new: text,
        old_label: s::DRAFT_NOW.to_string(),
        new_label: s::DRAFT_EDITED.to_string(),
    };
    ask(state, confirm, Some(diff))
}

/// The service took the change: follow an action's build; a module's draft is simply saved.
pub fn on_draft_saved(state: &mut State, result: Result<DraftSaved, Failed>) -> Vec<Cmd> {
    let saved = match result {
        Ok(saved) => saved,
        Err(err) => return failed(state, err),
    };
    let Some(running) = state.running.as_mut() else {
        return vec![];
    };
    running.saved_draft = Some(saved.saved);
    let Change::DraftEdit {
        owner, id, change, ..
    } = &mut running.change
    else {
        return vec![];
    };
    // Sent once: the values are not kept a moment longer.
    if let Some(secrets) = change.secrets.as_mut() {
        for secret in secrets.iter_mut() {
            secret.value = None;
        }
    }
    let (owner, id) = (*owner, id.clone());
    state.unsent.remove(&id);
    match owner {
        Owner::Action => {
            let (flow, step) = DeployFlow::build(&id);
            if let Some(running) = state.running.as_mut() {
                running.flow = Some(flow);
            }
            // The PATCH answer already says where the build is; the flow reads on from there.
            match saved.action {
                Some(action) => flow_advance(state, &action),
                None => drive(state, step),
            }
        }
        Owner::Module => {
            let name = state
                .running
                .as_ref()
                .map(|r| r.change.object().1.to_string())
                .unwrap_or_default();
            finish(state, FlashKind::Info, s::module_draft_saved(&name))
        }
    }
}
