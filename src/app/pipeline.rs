//! The one change pipeline, knowing no feature: a confirmed `Change` starts (its intent journaled
//! before its first request; the change builds its own commands, `Change::start`), an action deploy
//! is followed through `flow::DeployFlow`, a lost answer is read back, and the end is said, journaled
//! and followed by a reload of what shows the object. Features build changes and call in here.

use crate::app::diffing::apply_diff_intent;
use crate::app::journaling;
use crate::app::keymap::Intent;
use crate::app::layout;
use crate::app::loading::{reload_object, reload_timeline_if_open};
use crate::app::msg::{Cmd, Failed};
use crate::app::state::{Change, FlashKind, Overlay, Running, Started, State, VersionRef, View};
use crate::flow::{DeployFlow, Goal, Sent, Step};
use crate::journal::{Entry, ObjectKind, Operation, Snapshot};
use crate::model::BackendError;
use crate::model::{Action, ActionVersion};
use crate::strings as s;

/// The tenant the journal names for changes to this kind of object: FairCom's server for packages.
pub fn tenant(state: &State, kind: ObjectKind) -> String {
    match kind {
        ObjectKind::Package => state.connection.faircom_tenant().to_string(),
        _ => state.connection.label.clone(),
    }
}

/// Keys while a confirm dialog is up. Cancel has the focus; `y` (or Enter on the button) confirms:
/// then the dialog closes and its change is returned, with whether it is an undo (the dispatcher
/// starts it: a flow's order may have to queue behind a save in flight).
pub fn on_confirm_key(state: &mut State, intent: Intent) -> Option<(Change, bool)> {
    let view = layout::confirm_diff_viewport(state);
    let Overlay::Confirm(confirm) = &mut state.overlay else {
        return None;
    };
    match intent {
        Intent::Confirm => {}
        Intent::Pick if confirm.confirm_focused => {}
        Intent::Pick | Intent::Back => {
            state.overlay = Overlay::None;
            return None;
        }
        Intent::SwitchButton => {
            confirm.confirm_focused = !confirm.confirm_focused;
            return None;
        }
        movement => {
            if let Some(diff) = confirm.diff.as_mut() {
                apply_diff_intent(diff, movement, view);
            }
            return None;
        }
    }
    match std::mem::replace(&mut state.overlay, Overlay::None) {
        Overlay::Confirm(confirm) => Some((confirm.change, confirm.undo)),
        _ => None,
    }
}

/// The user said yes: the change starts, its intent journaled before its first request.
pub fn start(state: &mut State, change: Change, undo: bool) -> Vec<Cmd> {
    if state.busy() {
        return vec![];
    }
    let cmds = begin(state, change, undo);
    match journaling::intend(state) {
        Some(intent) => std::iter::once(intent).chain(cmds).collect(),
        None => cmds,
    }
}

fn begin(state: &mut State, change: Change, undo: bool) -> Vec<Cmd> {
    let started = change.start();
    // Only an undo dialog names the change it undoes; any other change forgets a dismissed one's.
    let steps = &mut *state.undo_steps;
    steps.running = steps.asked.take().filter(|_| undo);
    state.running = Some(Running {
        change,
        undo,
        flow: None,
        created: None,
        saved_draft: None,
        applied: None,
        created_id: None,
        change_id: None,
        also: None,
    });
    match started {
        Started::Send(cmds) => cmds,
        Started::Follow(flow, step) => {
            if let Some(running) = state.running.as_mut() {
                running.flow = Some(flow);
            }
            drive(state, step)
        }
    }
}

/// Turns the deploy flow's next step into a command, or ends the change.
pub fn drive(state: &mut State, step: Step) -> Vec<Cmd> {
    let Some(running) = state.running.as_ref() else {
        return vec![];
    };
    let Some(flow) = running.flow.as_ref() else {
        return vec![];
    };
    let action_id = flow.action_id.clone();
    match step {
        Step::Poll(delay) => vec![Cmd::PollAction { action_id, delay }],
        Step::Deploy => match &flow.goal {
            Goal::DeployDraft => vec![Cmd::DeployAction { action_id }],
            Goal::Build => unreachable!("a build flow never deploys"),
            Goal::DeployVersion { version_id, .. } => vec![Cmd::DeployActionVersion {
                action_id,
                version_id: version_id.clone(),
            }],
        },
        Step::Done(number) => {
            let name = running.change.object().1.to_string();
            finish(state, FlashKind::Info, s::live_now(&name, number))
        }
        Step::Built => {
            let name = running.change.object().1.to_string();
            finish(state, FlashKind::Info, s::draft_built(&name))
        }
        Step::Failed(reason) => finish(state, FlashKind::Error, reason),
    }
}

fn flow_step(state: &mut State, advance: impl FnOnce(&mut DeployFlow) -> Step) -> Vec<Cmd> {
    let Some(running) = state.running.as_mut() else {
        return vec![];
    };
    let Some(flow) = running.flow.as_mut() else {
        return vec![];
    };
    let step = advance(flow);
    // A deploy whose answer was lost but that the read-back found is journaled like any other.
    if let (None, Sent::Made { version_id, number }) = (&running.created, &flow.sent) {
        running.created = Some(VersionRef {
            id: version_id.clone(),
            number: *number,
        });
    }
    drive(state, step)
}

/// A read of the action arrived outside a poll (a PATCH answer): the flow goes on from it.
pub fn flow_advance(state: &mut State, action: &Action) -> Vec<Cmd> {
    flow_step(state, |flow| flow.on_action(action))
}

pub fn on_deployed(state: &mut State, result: &Result<ActionVersion, BackendError>) -> Vec<Cmd> {
    if let (Some(running), Ok(version)) = (state.running.as_mut(), result) {
        running.created = Some(VersionRef {
            id: version.id.clone(),
            number: version.number,
        });
    }
    flow_step(state, |flow| flow.on_deployed(result))
}

pub fn on_polled(state: &mut State, result: &Result<Action, BackendError>) -> Vec<Cmd> {
    flow_step(state, |flow| match result {
        Ok(action) => flow.on_action(action),
        Err(err) => flow.on_poll_error(err),
    })
}

/// The answer to a change's request was lost (the service may have made it).
pub fn is_lost(err: &BackendError) -> bool {
    err.outcome_unknown()
}

/// The work of a change failed: when its request's answer may have been lost, the object is read
/// back (what the user must know besides is said after the outcome); otherwise said as failed.
pub fn failed(state: &mut State, failed: Failed) -> Vec<Cmd> {
    if let Some(read_back) = failed
        .request
        .as_ref()
        .and_then(|err| journaling::settle(state, err))
    {
        if let Some(running) = state.running.as_mut() {
            running.also = failed.also;
        }
        return vec![read_back];
    }
    finish(state, FlashKind::Error, s::change_failed(&failed.text))
}

/// The read-back after a lost answer: says what happened and journals it.
pub fn on_settled(state: &mut State, error: &str, known: crate::outcome::Known) -> Vec<Cmd> {
    let also = state.running.as_mut().and_then(|r| r.also.take());
    match journaling::settled(state, error, known) {
        Some((kind, said, entry)) => {
            let said = match also {
                Some(also) => format!("{said} — {also}"),
                None => said,
            };
            end(state, kind, said, Some(entry))
        }
        None => vec![],
    }
}

pub fn running_name(state: &State) -> String {
    state
        .running
        .as_ref()
        .map(|r| r.change.object().1.to_string())
        .unwrap_or_default()
}

/// Ends the running change: says how it went, records it if anything changed, refreshes the screen.
pub fn finish(state: &mut State, kind: FlashKind, text: String) -> Vec<Cmd> {
    let Some(running) = state.running.as_ref() else {
        return vec![];
    };
    let entry = journal_entry(state, running).or_else(|| {
        let note = (kind == FlashKind::Error).then(|| text.clone());
        journaling::not_made(state, running, note)
    });
    end(state, kind, text, entry)
}

/// Ends the running change with `entry` as its journaled outcome.
fn end(state: &mut State, kind: FlashKind, text: String, entry: Option<Entry>) -> Vec<Cmd> {
    let Some(running) = state.running.take() else {
        return vec![];
    };
    state.flash(kind, text);
    let mut cmds = vec![];
    if let Some(entry) = entry {
        cmds.push(Cmd::AppendJournal(Box::new(entry)));
    }
    let (object_id, _) = running.change.object();
    let view = match running.change.kind() {
        ObjectKind::Action => View::Actions,
        ObjectKind::Module => View::Modules,
        ObjectKind::Package => View::Packages,
        // The Flows view shows the order the service answered with; nothing to reload.
        ObjectKind::Trigger => return cmds,
    };
    cmds.extend(reload_object(state, view, object_id));
    cmds.extend(reload_timeline_if_open(state, object_id));
    cmds
}

/// What the journal records of a change — `None` when the service changed nothing.
fn journal_entry(state: &State, running: &Running) -> Option<Entry> {
    let snapshot =
        |v: &Option<VersionRef>| v.as_ref().map(VersionRef::snapshot).unwrap_or_default();
    let (operation, before, after) = match &running.change {
        Change::ActionDeploy { live_before, .. } => (
            Operation::ActionDeploy,
            snapshot(live_before),
            snapshot(&Some(running.created.clone()?)),
        ),
        Change::ActionRollback { live_before, .. } => (
            Operation::ActionRollback,
            snapshot(live_before),
            snapshot(&Some(running.created.clone()?)),
        ),
        Change::ModulePublish { latest_before, .. } => (
            Operation::ModulePublish,
            snapshot(latest_before),
            snapshot(&Some(running.created.clone()?)),
        ),
        Change::ModuleRollback { to, .. } => (
            Operation::ModuleRollback,
            Snapshot {
                saved_draft: Some(running.saved_draft.clone()?),
                ..Snapshot::default()
            },
            to.snapshot(),
        ),
        Change::Bindings { seen, .. } => (
            Operation::BindingsChange,
            Snapshot {
                order: Some(seen.clone()),
                ..Snapshot::default()
            },
            Snapshot {
                order: Some(running.applied.clone()?),
                ..Snapshot::default()
            },
        ),
        Change::PackageRevert { current, .. } | Change::PackageCode { seen: current, .. } => (
            Operation::PackageRevert,
            VersionRef {
                id: current.to_string(),
                number: *current,
            }
            .snapshot(),
            running.created.as_ref()?.snapshot(),
        ),
        Change::PackageStatus { from, to, .. } => {
            // `created` is the version the status was set on, once the server said so.
            let version_number = Some(running.created.as_ref()?.number);
            let with = |status: &crate::model::CodeStatus| Snapshot {
                status: Some(status.clone()),
                version_number,
                ..Snapshot::default()
            };
            (Operation::PackageStatus, with(from), with(to))
        }
        Change::DraftEdit { .. } | Change::Delete { .. } => (
            match running.change {
                Change::Delete { .. } => Operation::Delete,
                _ => Operation::DraftEdit,
            },
            Snapshot {
                saved_draft: Some(running.saved_draft.clone()?),
                ..Snapshot::default()
            },
            Snapshot::default(),
        ),
        Change::Create { .. } => {
            running.created_id.as_ref()?;
            (Operation::Create, Snapshot::default(), Snapshot::default())
        }
        Change::PackageCreate { .. } => {
            running.created_id.as_ref()?;
            let first = running.created.as_ref().map(VersionRef::snapshot);
            (
                Operation::Create,
                Snapshot::default(),
                first.unwrap_or_default(),
            )
        }
        // `saved_draft` is set once the restore worked.
        Change::ActionDraftRestore { .. } => (
            Operation::DraftEdit,
            Snapshot::default(),
            Snapshot {
                saved_draft: Some(running.saved_draft.clone()?),
                ..Snapshot::default()
            },
        ),
        Change::ModuleRestore { draft_of, .. } => (
            Operation::ModuleDraftRestore,
            snapshot(draft_of),
            Snapshot {
                saved_draft: Some(running.saved_draft.clone()?),
                ..Snapshot::default()
            },
        ),
    };
    let (object_id, object_name) = running.change.object();
    // A created object's id is the service's answer.
    let object_id = running.created_id.as_deref().unwrap_or(object_id);
    Some(Entry {
        at: chrono::DateTime::UNIX_EPOCH, // stamped by the runtime when written
        profile: state.profile_name(),
        tenant: tenant(state, running.change.kind()),
        kind: running.change.kind(),
        object_id: object_id.to_string(),
        object_name: object_name.to_string(),
        operation,
        before,
        after,
        undo: running.undo,
        change: running.change_id.clone(),
        outcome: crate::journal::Outcome::Done,
        note: None,
        promoted_from: None,
        undoes: state.undo_steps.running.clone(),
    })
}
