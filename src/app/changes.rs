//! Changes to the tenant — roll back, deploy, publish, undo — as typed round trips: a key builds a
//! `Confirm` that says what the service will do; `y` turns it into `Running` and commands; results
//! come back as messages, end in the journal, and refresh what is on screen. No I/O here.

use std::sync::Arc;

use crate::app::keymap::Intent;
use crate::app::layout;
use crate::app::msg::{Cmd, Failed};
use crate::app::state::{
    Change, Confirm, FlashKind, Overlay, Running, State, Then, VersionRef, View,
};
use crate::app::timeline::{RowKey, Timeline, TimelineRow, Versioned};
use crate::app::update::{flash, reload_object};
use crate::app::versions::{self, diff_of, diff_state};
use crate::app::{flows_view, journaling, packages};
use crate::backend::BackendError;
use crate::flow::{DeployFlow, Goal, Sent, Step};
use crate::journal::{Entry, ObjectKind, Operation, Snapshot};
use crate::model::{Action, ActionVersion, BuildStatus, ModuleVersion};
use crate::strings as s;

fn version_ref(row: &TimelineRow) -> Option<VersionRef> {
    Some(VersionRef {
        id: row.version_id.clone()?,
        number: row.number()?,
    })
}

fn loaded_timeline(state: &State) -> Option<&Timeline> {
    state.versions()?.timeline.data.ready()
}

/// Refuses a second change while one runs.
pub fn busy(state: &mut State) -> bool {
    if state.running.is_some() {
        flash(state, FlashKind::Info, s::BUSY.to_string());
        return true;
    }
    false
}

/// `r` on a timeline row.
pub fn request_rollback(state: &mut State) -> Vec<Cmd> {
    if busy(state) {
        return vec![];
    }
    let (Some(timeline), Some(row)) = (loaded_timeline(state), versions::selected_row(state))
    else {
        return vec![];
    };
    let Some(to) = version_ref(row) else {
        flash(state, FlashKind::Info, s::DRAFT_NOT_A_VERSION.to_string());
        return vec![];
    };
    let live = timeline.live();
    let confirm = match timeline.kind {
        Versioned::Action => {
            if row.live {
                flash(state, FlashKind::Info, s::ALREADY_LIVE.to_string());
                return vec![];
            }
            if !row.status.is_built() {
                flash(state, FlashKind::Info, s::VERSION_DID_NOT_BUILD.to_string());
                return vec![];
            }
            action_rollback_confirm(timeline, row, to, false)
        }
        Versioned::Package => {
            if row.live {
                flash(state, FlashKind::Info, s::ALREADY_CURRENT.to_string());
                return vec![];
            }
            packages::revert_confirm(timeline, row, to.number, false)
        }
        Versioned::Module => {
            if *row.code == *timeline.draft_code {
                flash(state, FlashKind::Info, s::DRAFT_ALREADY_HOLDS.to_string());
                return vec![];
            }
            let draft = timeline.draft();
            Confirm {
                title: s::confirm_module_rollback_title(&timeline.object_name, to.number),
                lines: s::confirm_module_rollback(to.number),
                verb: s::VERB_ROLL_BACK,
                diff: Some(diff_state(&draft, row)),
                change: Change::ModuleRollback {
                    module_id: timeline.object_id.clone(),
                    name: timeline.object_name.clone(),
                    to,
                    draft: timeline.draft_code.clone(),
                    latest: live.and_then(version_ref),
                },
                undo: false,
                confirm_focused: false,
            }
        }
    };
    ask(state, confirm);
    vec![]
}

/// Deploying `row`'s content again: what is live now → what will be.
fn action_rollback_confirm(
    timeline: &Timeline,
    row: &TimelineRow,
    to: VersionRef,
    undo: bool,
) -> Confirm {
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
    Confirm {
        title,
        lines,
        verb: s::VERB_ROLL_BACK,
        diff: live.map(|live| diff_state(live, row)),
        change: Change::ActionRollback {
            action_id: timeline.object_id.clone(),
            name: timeline.object_name.clone(),
            to,
            live_before: live.and_then(version_ref),
        },
        undo,
        confirm_focused: false,
    }
}

/// `p`: deploy the action's draft / publish the module's draft. Needs the timeline: opens it first.
pub fn request_deploy(state: &mut State) -> Vec<Cmd> {
    if busy(state) {
        return vec![];
    }
    let Some(timeline) = loaded_timeline(state) else {
        return open_then(state, Then::Deploy);
    };
    let has_draft_row = timeline
        .rows
        .first()
        .is_some_and(|r| r.key == RowKey::Draft);
    let live = timeline.live();
    let draft = timeline.draft();
    let next = timeline.newest_number() + 1;
    let confirm = match timeline.kind {
        Versioned::Action => {
            if !has_draft_row {
                flash(state, FlashKind::Info, s::NOTHING_TO_DEPLOY.to_string());
                return vec![];
            }
            if timeline.draft_status == BuildStatus::Failed {
                flash(state, FlashKind::Error, s::FLOW_DRAFT_FAILED.to_string());
                return vec![];
            }
            Confirm {
                title: s::confirm_action_deploy_title(&timeline.object_name),
                lines: with_settings(
                    s::confirm_action_deploy(next, live.and_then(TimelineRow::number)),
                    &timeline.settings,
                ),
                verb: s::VERB_DEPLOY,
                diff: live.map(|live| diff_state(live, &draft)),
                change: Change::ActionDeploy {
                    action_id: timeline.object_id.clone(),
                    name: timeline.object_name.clone(),
                    live_before: live.and_then(version_ref),
                },
                undo: false,
                confirm_focused: false,
            }
        }
        Versioned::Module => {
            if !has_draft_row {
                flash(state, FlashKind::Info, s::NOTHING_TO_PUBLISH.to_string());
                return vec![];
            }
            publish_confirm(timeline, live, &draft.code, next, &timeline.settings)
        }
        Versioned::Package => {
            flash(
                state,
                FlashKind::Info,
                s::PACKAGES_HAVE_NO_DRAFT.to_string(),
            );
            return vec![];
        }
    };
    ask(state, confirm);
    vec![]
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
) -> Confirm {
    Confirm {
        title: s::confirm_module_publish_title(&timeline.object_name),
        lines: with_settings(s::confirm_module_publish(next), settings),
        verb: s::VERB_PUBLISH,
        diff: latest.map(|latest| {
            diff_of(
                latest.code.clone(),
                draft.clone(),
                latest.label(),
                s::TIMELINE_DRAFT.to_string(),
            )
        }),
        change: Change::ModulePublish {
            module_id: timeline.object_id.clone(),
            name: timeline.object_name.clone(),
            latest_before: latest.and_then(version_ref),
        },
        undo: false,
        confirm_focused: false,
    }
}

/// `u`: undo codedeck's last change to the focused object; the journal says what it was.
pub fn request_undo(state: &mut State) -> Vec<Cmd> {
    if busy(state) {
        return vec![];
    }
    let Some(timeline) = loaded_timeline(state) else {
        if state.versions().is_some() {
            return open_then(state, Then::Undo);
        }
        // From a list: ask the journal first, so that nothing to undo leaves the view as it is.
        let Some((kind, object_id, _)) = versions::focused_object(state) else {
            flash(state, FlashKind::Info, s::NOTHING_SELECTED.to_string());
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

/// The tenant the journal names for changes to this kind of object: FairCom's server for packages.
pub(crate) fn tenant(state: &State, kind: ObjectKind) -> String {
    match kind {
        ObjectKind::Package => state.connection.faircom_tenant().to_string(),
        _ => state.connection.label.clone(),
    }
}

/// Opens the timeline and remembers what to do when it arrives.
fn open_then(state: &mut State, then: Then) -> Vec<Cmd> {
    let cmds = versions::open(state);
    if let Some(v) = state.versions_mut() {
        v.then = Some(then);
    }
    cmds
}

/// Runs what was asked for while the timeline loaded.
pub fn on_timeline_ready(state: &mut State, then: Then) -> Vec<Cmd> {
    match then {
        Then::Deploy => request_deploy(state),
        Then::Undo => request_undo(state),
    }
}

/// The newest journal entry for the object arrived. Asked from a list with something to undo: open
/// the timeline, where the undo is asked; otherwise see [`undo_from_entry`].
pub fn on_journal_read(
    state: &mut State,
    object_id: &str,
    result: Result<Option<Entry>, String>,
) -> Vec<Cmd> {
    let from_list = state.versions().is_none()
        && versions::focused_object(state).is_some_and(|(_, id, _)| id == object_id);
    if from_list && matches!(result, Ok(Some(_))) {
        return open_then(state, Then::Undo);
    }
    undo_from_entry(state, object_id, result);
    vec![]
}

/// Builds the undo dialog from the object's newest journal entry, or says why there is none.
fn undo_from_entry(state: &mut State, object_id: &str, result: Result<Option<Entry>, String>) {
    let entry = match result {
        Ok(Some(entry)) => entry,
        Ok(None) => return flash(state, FlashKind::Info, s::NOTHING_TO_UNDO.to_string()),
        Err(err) => return flash(state, FlashKind::Error, err),
    };
    let Some(timeline) = loaded_timeline(state).filter(|t| t.object_id == object_id) else {
        return;
    };
    let row_of = |snapshot: &Snapshot| {
        let id = snapshot.version_id.as_deref()?;
        timeline
            .rows
            .iter()
            .find(|r| r.version_id.as_deref() == Some(id))
    };
    let confirm = match entry.operation {
        Operation::ActionDeploy | Operation::ActionRollback => {
            let Some(row) = row_of(&entry.before) else {
                let why = match entry.before.version_number {
                    None => s::UNDO_FIRST_DEPLOY_IMPOSSIBLE.to_string(),
                    Some(number) => s::undo_version_gone(number),
                };
                return flash(state, FlashKind::Info, why);
            };
            if row.live {
                return flash(state, FlashKind::Info, s::ALREADY_LIVE.to_string());
            }
            let to = version_ref(row).expect("versions have ids");
            action_rollback_confirm(timeline, row, to, true)
        }
        // Flows undo their own changes (the Flows view); a timeline never reads a trigger's entry.
        // Flows undo their own changes; creating, editing and deleting are not undone from a timeline
        // (an edit's replaced draft is kept under the data dir, named in the journal).
        Operation::BindingsChange
        | Operation::Create
        | Operation::DraftEdit
        | Operation::Delete => {
            return flash(state, FlashKind::Info, s::NOTHING_TO_UNDO.to_string())
        }
        Operation::PackageRevert | Operation::PackageStatus => {
            match packages::undo_confirm(state, timeline, &entry) {
                Ok(confirm) => confirm,
                Err(why) => return flash(state, FlashKind::Info, why),
            }
        }
        Operation::ModulePublish => {
            return flash(
                state,
                FlashKind::Info,
                s::UNDO_PUBLISH_IMPOSSIBLE.to_string(),
            )
        }
        Operation::ModuleRollback => {
            let Some(saved) = entry.before.saved_draft.clone() else {
                return flash(state, FlashKind::Info, s::NOTHING_TO_UNDO.to_string());
            };
            Confirm {
                title: s::confirm_undo_restore_title(&timeline.object_name),
                lines: s::confirm_undo_restore(&saved.display().to_string()),
                verb: s::VERB_RESTORE,
                diff: None,
                change: Change::ModuleRestore {
                    module_id: timeline.object_id.clone(),
                    name: timeline.object_name.clone(),
                    saved,
                    draft_of: row_of(&entry.after).and_then(version_ref),
                },
                undo: true,
                confirm_focused: false,
            }
        }
        Operation::ModuleDraftRestore => {
            // Undoing a restore rolls the draft back again to the version it held.
            let Some(row) = row_of(&entry.before) else {
                return flash(state, FlashKind::Info, s::NOTHING_TO_UNDO.to_string());
            };
            let to = version_ref(row).expect("versions have ids");
            Confirm {
                title: s::confirm_module_rollback_title(&timeline.object_name, to.number),
                lines: s::confirm_module_rollback(to.number),
                verb: s::VERB_ROLL_BACK,
                diff: Some(diff_state(&timeline.draft(), row)),
                change: Change::ModuleRollback {
                    module_id: timeline.object_id.clone(),
                    name: timeline.object_name.clone(),
                    to,
                    draft: timeline.draft_code.clone(),
                    latest: timeline.live().and_then(version_ref),
                },
                undo: true,
                confirm_focused: false,
            }
        }
    };
    ask(state, confirm);
}

/// Opens a confirm dialog. Its diff wraps long lines and opens on the first change, so the change
/// itself is on screen without scrolling (`w` and `←/→` still scroll sideways when asked).
pub fn ask(state: &mut State, mut confirm: Confirm) {
    let view = layout::confirm_viewport(state, &confirm);
    if let Some(diff) = confirm.diff.as_mut() {
        diff.set_wrap(true);
        diff.show_first_change(view);
    }
    state.overlay = Overlay::Confirm(Box::new(confirm));
}

/// Keys while a confirm dialog is up. Cancel has the focus; `y` (or Enter on the button) confirms.
pub fn on_confirm_key(state: &mut State, intent: Intent) -> Vec<Cmd> {
    let view = layout::confirm_diff_viewport(state);
    let Overlay::Confirm(confirm) = &mut state.overlay else {
        return vec![];
    };
    match intent {
        Intent::Confirm => {}
        Intent::Pick if confirm.confirm_focused => {}
        Intent::Pick | Intent::Back => {
            state.overlay = Overlay::None;
            return vec![];
        }
        Intent::SwitchButton => {
            confirm.confirm_focused = !confirm.confirm_focused;
            return vec![];
        }
        movement => {
            if let Some(diff) = confirm.diff.as_mut() {
                versions::apply_diff_intent(diff, movement, view);
            }
            return vec![];
        }
    }
    let Overlay::Confirm(confirm) = std::mem::replace(&mut state.overlay, Overlay::None) else {
        unreachable!("matched above");
    };
    match confirm.change {
        // A flow's order may be saving right now: the Flows view queues behind it.
        Change::Bindings {
            trigger_id,
            seen,
            order,
        } => flows_view::submit(state, trigger_id, seen, order, confirm.undo).unwrap_or_default(),
        change => start(state, change, confirm.undo),
    }
}

/// The user said yes: the change starts, its intent journaled before its first request.
pub fn start(state: &mut State, change: Change, undo: bool) -> Vec<Cmd> {
    if busy(state) {
        return vec![];
    }
    let cmds = begin(state, change, undo);
    match journaling::intend(state) {
        Some(intent) => std::iter::once(intent).chain(cmds).collect(),
        None => cmds,
    }
}

fn begin(state: &mut State, change: Change, undo: bool) -> Vec<Cmd> {
    let mut running = Running {
        change: change.clone(),
        undo,
        flow: None,
        created: None,
        saved_draft: None,
        applied: None,
        created_id: None,
        change_id: None,
        also: None,
    };
    if let Some(cmd) = packages::command(&change) {
        state.running = Some(running);
        return vec![cmd];
    }
    let cmds = match change {
        Change::PackageRevert { .. } | Change::PackageStatus { .. } => vec![],
        Change::Bindings {
            trigger_id,
            seen,
            order,
        } => vec![Cmd::ApplyOrder {
            trigger_id,
            seen,
            order,
        }],
        Change::ActionDeploy { action_id, .. } => {
            let (flow, step) = DeployFlow::deploy_draft(&action_id);
            running.flow = Some(flow);
            state.running = Some(running);
            return drive(state, step);
        }
        Change::ActionRollback {
            action_id,
            to,
            live_before,
            ..
        } => {
            let (flow, step) = DeployFlow::deploy_version(&action_id, &to.id, to.number);
            // A lost answer is checked against it (`crate::outcome`).
            let flow = flow.with_live_before(live_before.map(|v| v.number));
            running.flow = Some(flow);
            state.running = Some(running);
            return drive(state, step);
        }
        Change::ModulePublish { module_id, .. } => vec![Cmd::PublishModule { module_id }],
        Change::ModuleRollback {
            module_id,
            to,
            draft,
            ..
        } => vec![Cmd::RollbackModule {
            module_id,
            version_id: to.id,
            draft,
        }],
        Change::ModuleRestore {
            module_id, saved, ..
        } => vec![Cmd::RestoreModuleDraft { module_id, saved }],
        Change::DraftEdit {
            owner,
            id,
            seen,
            change,
            ..
        } => vec![Cmd::SaveDraft {
            owner,
            id,
            seen,
            change,
        }],
        Change::Create { new, .. } => vec![Cmd::Create(Box::new(new))],
        Change::Delete {
            owner,
            id,
            force,
            draft,
            ..
        } => vec![Cmd::Delete {
            owner,
            id,
            force,
            draft,
        }],
    };
    state.running = Some(running);
    cmds
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

pub fn on_deployed(state: &mut State, result: Result<ActionVersion, BackendError>) -> Vec<Cmd> {
    if let (Some(running), Ok(version)) = (state.running.as_mut(), &result) {
        running.created = Some(VersionRef {
            id: version.id.clone(),
            number: version.number,
        });
    }
    flow_step(state, |flow| flow.on_deployed(&result))
}

pub fn on_polled(state: &mut State, result: Result<Action, BackendError>) -> Vec<Cmd> {
    flow_step(state, |flow| match &result {
        Ok(action) => flow.on_action(action),
        Err(err) => flow.on_poll_error(err),
    })
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
    let cmds = finish(
        state,
        FlashKind::Info,
        s::rolled_back_module(&name, to.number),
    );
    offer_publish(state, &to);
    cmds
}

/// After a module rollback: the draft holds `to`'s content; publishing it is the usual next step.
fn offer_publish(state: &mut State, to: &VersionRef) {
    let Some(timeline) = loaded_timeline(state) else {
        return;
    };
    let Some(row) = timeline.rows.iter().find(|r| r.number() == Some(to.number)) else {
        return;
    };
    let latest = timeline.live();
    // The draft now holds that version's settings too: none of the old draft's changes apply.
    let next = timeline.newest_number() + 1;
    let mut confirm = publish_confirm(timeline, latest, &row.code, next, &[]);
    confirm.title = s::confirm_publish_after_rollback(&timeline.object_name, to.number);
    ask(state, confirm);
}

pub fn on_module_restored(
    state: &mut State,
    result: Result<crate::model::Module, Failed>,
) -> Vec<Cmd> {
    match result {
        Ok(_) => {
            let name = running_name(state);
            if let Some(running) = state.running.as_mut() {
                if let Change::ModuleRestore { saved, .. } = &running.change {
                    running.saved_draft = Some(saved.clone());
                }
            }
            finish(state, FlashKind::Info, s::draft_restored(&name))
        }
        Err(err) => failed(state, err),
    }
}

fn running_name(state: &State) -> String {
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
    flash(state, kind, text);
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
    cmds.extend(versions::reload_if_open(state, object_id));
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
        Change::PackageRevert { current, .. } => (
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
        // `saved_draft` is set once the restore worked.
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
    })
}
