//! The version changes of actions and modules — roll back, deploy, publish, undo — as typed round
//! trips: a key builds a `Confirm` that says what the service will do (its diff computed off the
//! loop); `y` hands the change to the pipeline (`app::pipeline`); the answers that are particular to
//! these changes (a module published, rolled back, restored) end here. No I/O here.

use std::sync::Arc;

use crate::app::diffing::{ask, DiffRequest};
use crate::app::loading::{
    chain_step_timeline, focused_object, loaded_timeline, open_timeline_then, selected_row,
    undo_from_list, version_to_restore,
};
use crate::app::msg::{Cmd, Failed};
use crate::app::pipeline::{failed, finish, running_name, tenant};
use crate::app::state::{Change, Confirm, FlashKind, State, Then, VersionRef};
use crate::app::timeline::{RowKey, Timeline, TimelineRow, Versioned};
use crate::journal::{Entry, Operation, Snapshot};
use crate::model::BackendError;
use crate::model::{BuildStatus, ModuleVersion};
use crate::strings as s;

/// `r` on a timeline row.
pub fn request_rollback(state: &mut State) -> Vec<Cmd> {
    let Some(to) = version_to_restore(state) else {
        return vec![];
    };
    let (Some(timeline), Some(row)) = (loaded_timeline(state), selected_row(state)) else {
        return vec![];
    };
    let live = timeline.live();
    let (confirm, diff) = match timeline.kind {
        Versioned::Action => {
            if row.live {
                state.flash(FlashKind::Info, s::ALREADY_LIVE.to_string());
                return vec![];
            }
            if !row.status.is_built() {
                state.flash(FlashKind::Info, s::VERSION_DID_NOT_BUILD.to_string());
                return vec![];
            }
            action_rollback_confirm(timeline, row, to, false)
        }
        // A package's `r` reverts (`packages::request_revert`: the dispatcher sends it there).
        Versioned::Package => return vec![],
        Versioned::Module => {
            if *row.code == *timeline.draft_code {
                state.flash(FlashKind::Info, s::DRAFT_ALREADY_HOLDS.to_string());
                return vec![];
            }
            let draft = timeline.draft();
            let confirm = Confirm {
                title: s::confirm_module_rollback_title(&timeline.object_name, to.number),
                lines: s::confirm_module_rollback(to.number),
                verb: s::VERB_ROLL_BACK,
                diff: None,
                change: Change::ModuleRollback {
                    module_id: timeline.object_id.clone(),
                    name: timeline.object_name.clone(),
                    to,
                    draft: timeline.draft_code.clone(),
                    latest: live.and_then(VersionRef::of_row),
                },
                undo: false,
                confirm_focused: false,
            };
            (confirm, Some(DiffRequest::of_rows(&draft, row)))
        }
    };
    ask(state, confirm, diff)
}

/// Deploying `row`'s content again: what is live now → what will be.
fn action_rollback_confirm(
    timeline: &Timeline,
    row: &TimelineRow,
    to: VersionRef,
    undo: bool,
) -> (Confirm, Option<DiffRequest>) {
    let live = timeline.live();
    let next = timeline.newest_number() + 1;
    let (title, lines) = if undo {
        (
            s::confirm_undo_rollforward_title(&timeline.object_name, to.number),
            s::confirm_undo_rollforward(to.number, next),
        )
    } else {
        (
            s::confirm_action_rollback_title(&timeline.object_name, to.number),
            s::confirm_action_rollback(to.number, next, live.and_then(TimelineRow::number)),
        )
    };
    let confirm = Confirm {
        title,
        lines,
        verb: s::VERB_ROLL_BACK,
        diff: None,
        change: Change::ActionRollback {
            action_id: timeline.object_id.clone(),
            name: timeline.object_name.clone(),
            to,
            live_before: live.and_then(VersionRef::of_row),
        },
        undo,
        confirm_focused: false,
    };
    (confirm, live.map(|live| DiffRequest::of_rows(live, row)))
}

/// `p`: deploy the action's draft / publish the module's draft. Needs the timeline: opens it first.
pub fn request_deploy(state: &mut State) -> Vec<Cmd> {
    if state.busy() {
        return vec![];
    }
    let Some(timeline) = loaded_timeline(state) else {
        return open_timeline_then(state, Then::Deploy);
    };
    let has_draft_row = timeline
        .rows
        .first()
        .is_some_and(|r| r.key == RowKey::Draft);
    let live = timeline.live();
    let draft = timeline.draft();
    let next = timeline.newest_number() + 1;
    let (confirm, diff) = match timeline.kind {
        Versioned::Action => {
            if !has_draft_row {
                state.flash(FlashKind::Info, s::NOTHING_TO_DEPLOY.to_string());
                return vec![];
            }
            if timeline.draft_status == BuildStatus::Failed {
                state.flash(FlashKind::Error, s::FLOW_DRAFT_FAILED.to_string());
                return vec![];
            }
            let confirm = Confirm {
                title: s::confirm_action_deploy_title(&timeline.object_name),
                lines: with_settings(
                    s::confirm_action_deploy(next, live.and_then(TimelineRow::number)),
                    &timeline.settings,
                ),
                verb: s::VERB_DEPLOY,
                diff: None,
                change: Change::ActionDeploy {
                    action_id: timeline.object_id.clone(),
                    name: timeline.object_name.clone(),
                    live_before: live.and_then(VersionRef::of_row),
                },
                undo: false,
                confirm_focused: false,
            };
            (confirm, live.map(|live| DiffRequest::of_rows(live, &draft)))
        }
        Versioned::Module => {
            if !has_draft_row {
                state.flash(FlashKind::Info, s::NOTHING_TO_PUBLISH.to_string());
                return vec![];
            }
            publish_confirm(timeline, live, &draft.code, next, &timeline.settings)
        }
        Versioned::Package => {
            state.flash(FlashKind::Info, s::PACKAGES_HAVE_NO_DRAFT.to_string());
            return vec![];
        }
    };
    ask(state, confirm, diff)
}

/// The dialog's words, then the settings that change (they sit above the code diff).
fn with_settings(mut lines: Vec<String>, settings: &[crate::model::SettingChange]) -> Vec<String> {
    if !settings.is_empty() {
        lines.push(s::state::SETTINGS_CHANGED.to_string());
        lines.extend(
            settings
                .iter()
                .map(|c| format!("  {}", s::state::setting_change(c))),
        );
    }
    lines
}

fn publish_confirm(
    timeline: &Timeline,
    latest: Option<&TimelineRow>,
    draft: &Arc<str>,
    next: u32,
    settings: &[crate::model::SettingChange],
) -> (Confirm, Option<DiffRequest>) {
    let confirm = Confirm {
        title: s::confirm_module_publish_title(&timeline.object_name),
        lines: with_settings(s::confirm_module_publish(next), settings),
        verb: s::VERB_PUBLISH,
        diff: None,
        change: Change::ModulePublish {
            module_id: timeline.object_id.clone(),
            name: timeline.object_name.clone(),
            latest_before: latest.and_then(VersionRef::of_row),
        },
        undo: false,
        confirm_focused: false,
    };
    let diff = latest.map(|latest| DiffRequest {
        old: latest.code.clone(),
        new: draft.clone(),
        old_label: latest.label(),
        new_label: s::TIMELINE_DRAFT.to_string(),
    });
    (confirm, diff)
}

/// `u`: undo codedeck's last change to the focused object; the journal says what it was.
pub fn request_undo(state: &mut State) -> Vec<Cmd> {
    if state.busy() {
        return vec![];
    }
    let Some(timeline) = loaded_timeline(state) else {
        if state.versions().is_some() {
            return open_timeline_then(state, Then::Undo);
        }
        // From a list: ask the journal first, so that nothing to undo leaves the view as it is.
        let Some((kind, object_id, _)) = focused_object(state) else {
            state.flash(FlashKind::Info, s::NOTHING_SELECTED.to_string());
            return vec![];
        };
        let kind = kind.journal_kind();
        return vec![Cmd::ReadJournal {
            kind,
            tenant: tenant(state, kind),
            object_id,
        }];
    };
    let kind = timeline.kind.journal_kind();
    vec![Cmd::ReadJournal {
        kind,
        object_id: timeline.object_id.clone(),
        tenant: tenant(state, kind),
    }]
}

/// Runs what was asked for while the timeline loaded.
pub fn on_timeline_ready(state: &mut State, then: Then) -> Vec<Cmd> {
    match then {
        Then::Deploy => request_deploy(state),
        Then::Undo => request_undo(state),
        Then::Chain => match state.undo_steps.chain_step.take() {
            Some(entry) => {
                let object_id = entry.object_id.clone();
                undo_from_entry(state, &object_id, Ok(Some(entry)))
            }
            None => vec![],
        },
        // The search's: handled by the dispatcher before it comes here.
        Then::Show { .. } => vec![],
    }
}

/// The newest journal entry for the object arrived. Asked from a list with something to undo: open
/// the timeline, where the undo is asked; otherwise see [`undo_from_entry`].
pub fn on_journal_read(
    state: &mut State,
    object_id: &str,
    result: Result<Option<Entry>, String>,
) -> Vec<Cmd> {
    if let Some(cmds) = undo_from_list(state, object_id, &result) {
        return cmds;
    }
    undo_from_entry(state, object_id, result)
}

/// Builds the undo dialog from the object's newest journal entry, or says why there is none.
fn undo_from_entry(
    state: &mut State,
    object_id: &str,
    result: Result<Option<Entry>, String>,
) -> Vec<Cmd> {
    let Some(entry) = state.entry_to_undo(result) else {
        return vec![];
    };
    let Some(timeline) = loaded_timeline(state).filter(|t| t.object_id == object_id) else {
        return vec![];
    };
    let row_of = |snapshot: &Snapshot| {
        let id = snapshot.version_id.as_deref()?;
        timeline
            .rows
            .iter()
            .find(|r| r.version_id.as_deref() == Some(id))
    };
    // A module draft a promote replaced was saved first: its undo puts it back, as a rollback's.
    let promoted_module_draft = entry.operation == Operation::DraftEdit
        && entry.kind == crate::journal::ObjectKind::Module
        && entry.promoted_from.is_some();
    let operation = if promoted_module_draft {
        Operation::ModuleRollback
    } else {
        entry.operation
    };
    let (confirm, diff) = match operation {
        Operation::ActionDeploy | Operation::ActionRollback => {
            let Some(row) = row_of(&entry.before) else {
                let why = match entry.before.version_number {
                    None => s::UNDO_FIRST_DEPLOY_IMPOSSIBLE.to_string(),
                    Some(number) => s::undo_version_gone(number),
                };
                return nothing(state, FlashKind::Info, why);
            };
            if row.live {
                return nothing(state, FlashKind::Info, s::ALREADY_LIVE.to_string());
            }
            let Some(to) = VersionRef::of_row(row) else {
                return nothing(state, FlashKind::Info, s::NOTHING_TO_UNDO.to_string());
            };
            action_rollback_confirm(timeline, row, to, true)
        }
        // Flows undo their own changes (the Flows view); a timeline never reads a trigger's entry.
        // Creating, editing and deleting are not undone from a timeline (an edit's replaced draft
        // is kept under the data dir, named in the journal). Packages undo their own changes
        // (`packages::on_journal_read`: the dispatcher sends a package's entry there).
        // An action's draft edit (codedeck's own, or a promote into B's draft) saved the draft it
        // replaced: its undo puts that code back.
        Operation::DraftEdit if entry.kind == crate::journal::ObjectKind::Action => {
            let Some(saved) = entry.before.saved_draft.clone() else {
                return nothing(state, FlashKind::Info, s::NOTHING_TO_UNDO.to_string());
            };
            let confirm = Confirm {
                title: s::confirm_undo_action_draft_title(&timeline.object_name),
                lines: s::confirm_undo_action_draft(
                    &saved.display().to_string(),
                    entry.promoted_from.as_deref(),
                ),
                verb: s::VERB_RESTORE,
                diff: None,
                change: Change::ActionDraftRestore {
                    action_id: timeline.object_id.clone(),
                    name: timeline.object_name.clone(),
                    saved,
                },
                undo: true,
                confirm_focused: false,
            };
            (confirm, None)
        }
        Operation::BindingsChange
        | Operation::Create
        | Operation::DraftEdit
        | Operation::Delete
        | Operation::PackageRevert
        | Operation::PackageStatus => {
            return nothing(state, FlashKind::Info, s::NOTHING_TO_UNDO.to_string())
        }
        Operation::ModulePublish => {
            return nothing(
                state,
                FlashKind::Info,
                s::UNDO_PUBLISH_IMPOSSIBLE.to_string(),
            )
        }
        Operation::ModuleRollback => {
            let Some(saved) = entry.before.saved_draft.clone() else {
                return nothing(state, FlashKind::Info, s::NOTHING_TO_UNDO.to_string());
            };
            let confirm = Confirm {
                title: s::confirm_undo_restore_title(&timeline.object_name),
                lines: s::confirm_undo_restore(&saved.display().to_string()),
                verb: s::VERB_RESTORE,
                diff: None,
                change: Change::ModuleRestore {
                    module_id: timeline.object_id.clone(),
                    name: timeline.object_name.clone(),
                    saved,
                    // A promoted draft held no version of B's own.
                    draft_of: row_of(&entry.after)
                        .filter(|_| !promoted_module_draft)
                        .and_then(VersionRef::of_row),
                },
                undo: true,
                confirm_focused: false,
            };
            (confirm, None)
        }
        Operation::ModuleDraftRestore => {
            // Undoing a restore rolls the draft back again to the version it held.
            let Some(row) = row_of(&entry.before) else {
                return nothing(state, FlashKind::Info, s::NOTHING_TO_UNDO.to_string());
            };
            let Some(to) = VersionRef::of_row(row) else {
                return nothing(state, FlashKind::Info, s::NOTHING_TO_UNDO.to_string());
            };
            let diff = DiffRequest::of_rows(&timeline.draft(), row);
            let confirm = Confirm {
                title: s::confirm_module_rollback_title(&timeline.object_name, to.number),
                lines: s::confirm_module_rollback(to.number),
                verb: s::VERB_ROLL_BACK,
                diff: None,
                change: Change::ModuleRollback {
                    module_id: timeline.object_id.clone(),
                    name: timeline.object_name.clone(),
                    to,
                    draft: timeline.draft_code.clone(),
                    latest: timeline.live().and_then(VersionRef::of_row),
                },
                undo: true,
                confirm_focused: false,
            };
            (confirm, Some(diff))
        }
    };
    ask(state, confirm, diff)
}

// Undo more than one level (issue 19).

/// `z` (`redo`: `Z`): asks the journal what comes next in this tenant's undo chain.
pub fn request_chain(state: &mut State, redo: bool) -> Vec<Cmd> {
    if state.busy() {
        return vec![];
    }
    vec![Cmd::ReadUndoChain {
        tenant: tenant(state, crate::journal::ObjectKind::Action),
        redo,
        of: crate::journal::ChainOf::Auth0,
    }]
}

/// The chain's next entry arrived: its undo is asked on its object's timeline, opened first when
/// another one shows (as `u` from a list does). A redo is the undo of an undo.
pub fn on_chain_read(
    state: &mut State,
    redo: bool,
    result: Result<Option<Entry>, String>,
) -> Vec<Cmd> {
    let Some(entry) = state.chain_entry(redo, crate::journal::ChainOf::Auth0, result) else {
        return vec![];
    };
    let kind = match entry.kind {
        crate::journal::ObjectKind::Action => Versioned::Action,
        crate::journal::ObjectKind::Module => Versioned::Module,
        // This chain holds actions' and modules' changes only (`journal::undo_chain`); a FairCom
        // place's packages have their own (`packages::on_chain_read`).
        _ => return vec![],
    };
    match chain_step_timeline(state, kind, entry) {
        Ok(entry) => {
            let object_id = entry.object_id.clone();
            undo_from_entry(state, &object_id, Ok(Some(entry)))
        }
        Err(cmds) => cmds,
    }
}

/// Says why there is nothing to do; no commands.
fn nothing(state: &mut State, kind: FlashKind, text: String) -> Vec<Cmd> {
    state.flash(kind, text);
    vec![]
}

pub fn on_module_published(
    state: &mut State,
    result: Result<ModuleVersion, BackendError>,
) -> Vec<Cmd> {
    match result {
        Ok(version) => {
            let name = running_name(state);
            if let Some(running) = state.running.as_mut() {
                running.created = Some(VersionRef {
                    id: version.id,
                    number: version.number,
                });
            }
            finish(state, FlashKind::Info, s::published(&name, version.number))
        }
        Err(err) => failed(state, Failed::request(err)),
    }
}

pub fn on_module_rolled_back(
    state: &mut State,
    result: Result<std::path::PathBuf, Failed>,
) -> Vec<Cmd> {
    let saved = match result {
        Ok(saved) => saved,
        Err(err) => return failed(state, err),
    };
    let Some(Change::ModuleRollback { name, to, .. }) =
        state.running.as_ref().map(|r| r.change.clone())
    else {
        return vec![];
    };
    if let Some(running) = state.running.as_mut() {
        running.saved_draft = Some(saved);
    }
    let mut cmds = finish(
        state,
        FlashKind::Info,
        s::rolled_back_module(&name, to.number),
    );
    cmds.extend(offer_publish(state, &to));
    cmds
}

/// After a module rollback: the draft holds `to`'s content; publishing it is the usual next step.
fn offer_publish(state: &mut State, to: &VersionRef) -> Vec<Cmd> {
    let Some(timeline) = loaded_timeline(state) else {
        return vec![];
    };
    let Some(row) = timeline.rows.iter().find(|r| r.number() == Some(to.number)) else {
        return vec![];
    };
    let latest = timeline.live();
    // The draft now holds that version's settings too: none of the old draft's changes apply.
    let next = timeline.newest_number() + 1;
    let (mut confirm, diff) = publish_confirm(timeline, latest, &row.code, next, &[]);
    confirm.title = s::confirm_publish_after_rollback(&timeline.object_name, to.number);
    ask(state, confirm, diff)
}

/// A saved draft is back (a module's or an action's): the entry names the file it came from.
pub fn on_draft_restored<T>(state: &mut State, result: Result<T, Failed>) -> Vec<Cmd> {
    match result {
        Ok(_) => {
            let name = running_name(state);
            if let Some(running) = state.running.as_mut() {
                if let Change::ModuleRestore { saved, .. }
                | Change::ActionDraftRestore { saved, .. } = &running.change
                {
                    running.saved_draft = Some(saved.clone());
                }
            }
            finish(state, FlashKind::Info, s::draft_restored(&name))
        }
        Err(err) => failed(state, err),
    }
}
