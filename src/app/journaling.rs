//! The journal's side of a dashboard change, as the CLI keeps it: the intent before the request
//! goes out, the outcome after, what a read-back found after a lost answer, and `interrupted` when a
//! signal stops the dashboard mid-change. Pure: it builds entries and commands; the runtime writes
//! them (an `AppendJournal` runs, fsync'd, before any command queued after it is sent).

use crate::app::msg::Cmd;
use crate::app::state::{Change, FlashKind, Running, State, VersionRef};
use crate::flow::Sent;
use crate::journal::{Entry, Operation, Outcome, Snapshot};
use crate::model::BackendError;
use crate::outcome::{self, Known};
use crate::strings::journal as words;

pub fn operation(change: &Change) -> Operation {
    match change {
        Change::ActionDeploy { .. } => Operation::ActionDeploy,
        Change::ActionRollback { .. } => Operation::ActionRollback,
        Change::ModulePublish { .. } => Operation::ModulePublish,
        Change::ModuleRollback { .. } => Operation::ModuleRollback,
        Change::ModuleRestore { .. } => Operation::ModuleDraftRestore,
        Change::Bindings { .. } => Operation::BindingsChange,
        Change::PackageRevert { .. } | Change::PackageCode { .. } => Operation::PackageRevert,
        Change::PackageStatus { .. } => Operation::PackageStatus,
        Change::DraftEdit { .. } | Change::ActionDraftRestore { .. } => Operation::DraftEdit,
        Change::Create { .. } | Change::PackageCreate { .. } => Operation::Create,
        Change::Delete { .. } => Operation::Delete,
    }
}

fn version(v: Option<&VersionRef>) -> Snapshot {
    v.map(VersionRef::snapshot).unwrap_or_default()
}

/// What the object held when the change was sent, and what the change asks for where that is
/// known in advance: what a read-back after a lost answer compares with (`crate::outcome`).
fn planned(change: &Change) -> (Snapshot, Snapshot) {
    match change {
        Change::ActionDeploy { live_before, .. } | Change::ActionRollback { live_before, .. } => {
            (version(live_before.as_ref()), Snapshot::default())
        }
        Change::ModulePublish { latest_before, .. } => {
            (version(latest_before.as_ref()), Snapshot::default())
        }
        Change::ModuleRollback { to, .. } => (Snapshot::default(), to.snapshot()),
        Change::Bindings { seen, order, .. } => (
            Snapshot {
                order: Some(seen.clone()),
                ..Snapshot::default()
            },
            Snapshot {
                order: Some(order.clone()),
                ..Snapshot::default()
            },
        ),
        Change::PackageRevert { current, .. } | Change::PackageCode { seen: current, .. } => (
            VersionRef {
                id: current.to_string(),
                number: *current,
            }
            .snapshot(),
            Snapshot::default(),
        ),
        Change::PackageStatus { from, to, .. } => {
            let with = |status: &crate::model::CodeStatus| Snapshot {
                status: Some(status.clone()),
                ..Snapshot::default()
            };
            (with(from), with(to))
        }
        Change::DraftEdit { seen, change, .. } => {
            let asked = crate::journal::AskedDraft::of(change);
            let with = |asked| Snapshot {
                asked: Some(asked),
                ..Snapshot::default()
            };
            (with(asked.seen_in(seen)), with(asked))
        }
        _ => (Snapshot::default(), Snapshot::default()),
    }
}

/// The change's intent, as journaled before its request is sent.
fn intent_of(state: &State, running: &Running) -> Entry {
    let (object_id, object_name) = running.change.object();
    let (before, after) = planned(&running.change);
    Entry {
        at: chrono::DateTime::UNIX_EPOCH, // stamped by the runtime when written
        profile: state.profile_name(),
        tenant: crate::app::pipeline::tenant(state, running.change.kind()),
        kind: running.change.kind(),
        object_id: object_id.to_string(),
        object_name: object_name.to_string(),
        operation: operation(&running.change),
        before,
        after,
        undo: running.undo,
        change: running.change_id.clone(),
        outcome: Outcome::Intent,
        note: None,
        promoted_from: None,
        undoes: state.undo_steps.running.clone(),
    }
}

/// The change just started: gives it an id and returns the command that journals its intent. It
/// must come before the change's own commands (the runtime writes it before sending them).
pub fn intend(state: &mut State) -> Option<Cmd> {
    let sequence = state.new_generation();
    let session = state.opts.session.clone();
    let running = state.running.as_mut()?;
    running.change_id = Some(format!("{session}.{sequence}"));
    let running = state.running.as_ref()?;
    Some(Cmd::AppendJournal(Box::new(intent_of(state, running))))
}

/// The entry that ends a change the service did not make (or whose outcome a deploy flow could not
/// tell): `None` for a change without a journaled intent.
pub fn not_made(state: &State, running: &Running, note: Option<String>) -> Option<Entry> {
    running.change_id.as_ref()?;
    let unknown = running
        .flow
        .as_ref()
        .is_some_and(|flow| flow.sent == Sent::Unknown);
    Some(Entry {
        outcome: if unknown {
            Outcome::Unknown
        } else {
            Outcome::NotDone
        },
        note,
        after: Snapshot::default(),
        ..intent_of(state, running)
    })
}

/// A change's request failed. When its answer may have been lost (the service may have made it),
/// the command that reads the object back; `None` when the failure is a plain refusal.
pub fn settle(state: &State, err: &BackendError) -> Option<Cmd> {
    if !err.outcome_unknown() {
        return None;
    }
    let running = state.running.as_ref()?;
    running.change_id.as_ref()?;
    Some(Cmd::Settle {
        intent: Box::new(intent_of(state, running)),
        error: err.to_string(),
    })
}

/// What the read-back after a lost answer found, in the CLI's words, and the entry that records it.
pub fn settled(state: &State, error: &str, known: Known) -> Option<(FlashKind, String, Entry)> {
    let running = state.running.as_ref()?;
    let intent = intent_of(state, running);
    let what = outcome::what_of(&intent);
    let note = words::lost_note(error);
    let (said, outcome, after, note) = match known {
        Known::Done(after) => {
            let now = outcome::holds_now(&intent, &after);
            (
                words::was_made(&what, &now, error),
                Outcome::Done,
                after,
                note,
            )
        }
        Known::NotDone => (
            words::was_not_made(&what, error),
            Outcome::NotDone,
            Snapshot::default(),
            note,
        ),
        Known::Unknown(why) => (
            words::outcome_unknown(&what, error, &why),
            Outcome::Unknown,
            Snapshot::default(),
            format!("{note}; {why}"),
        ),
    };
    let entry = Entry {
        outcome,
        after,
        note: Some(note),
        ..intent
    };
    // Made or not, the request failed: said as an error, as the CLI exits 1.
    Some((FlashKind::Error, said, entry))
}

/// A signal stopped the dashboard while a change was under way: its intent is journaled, so its
/// end is recorded as interrupted (checked again at the next start).
pub fn interrupted(state: &State) -> Option<Entry> {
    let running = state.running.as_ref()?;
    running.change_id.as_ref()?;
    Some(Entry {
        outcome: Outcome::Interrupted,
        note: Some(words::interrupted_note(words::A_SIGNAL)),
        ..intent_of(state, running)
    })
}

/// The command that checks, at start, the changes an earlier run left open (`None` without a
/// journal, or for the demo, whose journal starts empty each run).
pub fn reconcile(state: &State) -> Option<Cmd> {
    (state.opts.journal.is_some() && !state.opts.demo_hint).then(|| Cmd::Reconcile {
        session: state.opts.session.clone(),
    })
}

/// Says in the status line what the check of the changes left open found; nothing when none was.
/// Said as an error (it stays until a key): each one is a change whose outcome an earlier run lost.
pub fn on_reconciled(state: &mut State, result: Result<Vec<outcome::Reconciled>, String>) {
    use crate::strings::reconcile as said;
    let findings: Vec<String> = match result {
        Err(err) => {
            state.flash(FlashKind::Error, said::not_checked(&err));
            return;
        }
        Ok(found) => found
            .iter()
            .map(|checked| {
                let what = outcome::what_of(&checked.open);
                let finding = match &checked.known {
                    Known::Done(after) => {
                        said::made(&what, &outcome::holds_now(&checked.open, after))
                    }
                    Known::NotDone => said::not_made(&what),
                    Known::Unknown(why) => said::still_unknown(&what, why),
                };
                match &checked.unrecorded {
                    Some(err) => said::unrecorded(&finding, err),
                    None => finding,
                }
            })
            .collect(),
    };
    if !findings.is_empty() {
        state.flash(FlashKind::Error, said::checked(&findings));
    }
}
