//! The commands that change the tenant: deploy and roll back actions, publish and roll back modules.
//! Each asks first (or needs `--yes`), drives the shared [`DeployFlow`] where an action deploy must be
//! followed, and records what it did in the local journal.

use std::io::{BufRead, IsTerminal, Write};

use chrono::Utc;

use super::commands::{emit, find_action, find_module, say};
use super::interrupt;
use super::versions::{find_action_version, find_module_version};
use super::{CliError, Connected};
use crate::backend::BackendError;
use crate::flow::{self, DeployFlow, Goal, Sent, Step};
use crate::journal::{
    new_change_id, Entry, Journal, JournalError, ObjectKind, Operation, Outcome, Snapshot,
};
use crate::model::terminal_safe;
use crate::model::{Action, BuildStatus};
use crate::outcome::{self, Known};
use crate::strings::cli as text;
use crate::strings::journal as words;

/// Goes ahead with `--yes`; otherwise asks on the terminal (default No), and without one refuses.
pub(super) fn confirm(question: &str, yes: bool) -> Result<(), CliError> {
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(text::NEEDS_YES.to_string()));
    }
    // The question names remote objects.
    eprint!("{} {}", terminal_safe(question), text::YES_NO);
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(anyhow::Error::from)?;
    match answer.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Ok(()),
        _ => Err(CliError::Usage(text::CANCELLED.to_string())),
    }
}

/// How a deploy flow ended: the live version number or why not, and what its deploy request did.
pub(super) struct FlowEnd {
    /// `Some(n)`: version n is live; `None`: the draft built (a build flow's end).
    pub(super) live: Result<Option<u32>, String>,
    sent: Sent,
    /// The error that lost the deploy's answer (the change may then be live all the same).
    lost: Option<String>,
    /// The change's journal entry, once the deploy request was about to go out.
    intent: Option<Intent>,
}

/// Runs the flow to its end, printing its progress to stderr as it changes. A deploy flow journals
/// `plan` as its intent right before the deploy request goes out.
pub(super) async fn drive(
    conn: &Connected,
    mut flow: DeployFlow,
    mut step: Step,
    mut plan: Option<Plan<'_>>,
) -> FlowEnd {
    let backend = &*conn.backend;
    let mut intent: Option<Intent> = None;
    let mut shown = String::new();
    let live = loop {
        // The first read of a draft deploy says nothing yet; every later state is worth a line.
        if step != Step::Poll(std::time::Duration::ZERO) && !flow.is_finished() {
            let progress = flow.progress();
            if progress != shown {
                say(&progress);
                shown = progress;
            }
        }
        step = match step {
            Step::Poll(delay) => {
                tokio::time::sleep(delay).await;
                let step = match backend.get_action(&flow.action_id).await {
                    Ok(action) => flow.on_action(&action),
                    Err(e) => flow.on_poll_error(&e),
                };
                note_made(&flow);
                step
            }
            Step::Deploy => {
                if intent.is_none() {
                    if let Some(plan) = plan.take() {
                        match intend(conn, plan) {
                            Ok(written) => intent = Some(written),
                            Err(e) => {
                                return FlowEnd {
                                    live: Err(e.to_string()),
                                    sent: Sent::Nothing,
                                    lost: None,
                                    intent: None,
                                }
                            }
                        }
                    }
                }
                let result = match &flow.goal {
                    Goal::DeployDraft => backend.deploy_action(&flow.action_id).await,
                    Goal::Build => unreachable!("a build flow never deploys"),
                    Goal::DeployVersion { version_id, .. } => {
                        backend
                            .deploy_action_version(&flow.action_id, version_id, false)
                            .await
                    }
                };
                let step = flow.on_deployed(&result);
                note_made(&flow);
                step
            }
            Step::Done(number) => break Ok(Some(number)),
            Step::Built => break Ok(None),
            Step::Failed(why) => break Err(why),
        };
    };
    FlowEnd {
        live,
        sent: flow.sent.clone(),
        lost: flow.lost.clone(),
        intent,
    }
}

/// Once the deploy made a version, an interruption records it as the after-state.
fn note_made(flow: &DeployFlow) {
    if let Sent::Made { version_id, number } = &flow.sent {
        if let Some(pending) = interrupt::hold().as_mut() {
            pending.after = snapshot(Some(version_id), Some(*number));
        }
    }
}

fn snapshot(id: Option<&str>, number: Option<u32>) -> Snapshot {
    Snapshot {
        version_id: id.map(str::to_string),
        version_number: number,
        ..Snapshot::default()
    }
}

/// What changed, for the journal.
pub(super) struct Change<'a> {
    pub kind: ObjectKind,
    pub id: &'a str,
    pub name: &'a str,
    pub operation: Operation,
    pub before: Snapshot,
    pub after: Snapshot,
}

/// A change about to be sent, and how to name it to the user ("the deploy of 'Login'").
pub(super) struct Plan<'a> {
    pub change: Change<'a>,
    pub what: String,
}

/// The journal of the connected target: the demo's own, or the real one.
pub(super) fn journal_of(conn: &Connected) -> Result<Journal, JournalError> {
    if conn.is_demo() {
        Journal::open_demo()
    } else {
        Journal::open_default()
    }
}

fn entry_of(conn: &Connected, change: Change<'_>) -> Entry {
    let connection = conn.backend.connection();
    Entry {
        at: Utc::now(),
        profile: conn.target.profile_name(),
        tenant: match change.kind {
            ObjectKind::Package => connection.faircom_tenant().to_string(),
            _ => connection.label,
        },
        kind: change.kind,
        object_id: change.id.to_string(),
        object_name: change.name.to_string(),
        operation: change.operation,
        before: change.before,
        after: change.after,
        undo: false,
        change: None,
        outcome: Outcome::Done,
        note: None,
    }
}

/// A change whose intent is in the journal (flushed to disk) and whose request may now be sent.
/// Until one of its outcomes is journaled, a signal records it as interrupted.
pub(super) struct Intent {
    entry: Entry,
    what: String,
}

/// Journals the intent of a change before its request is sent. A change that cannot be recorded
/// is not sent.
pub(super) fn intend(conn: &Connected, plan: Plan<'_>) -> Result<Intent, CliError> {
    let mut entry = entry_of(conn, plan.change);
    entry.change = Some(new_change_id(entry.at));
    entry.outcome = Outcome::Intent;
    let not_recorded = |e: JournalError| {
        CliError::Other(anyhow::anyhow!(words::intent_not_written(&e.to_string())))
    };
    let journal = journal_of(conn).map_err(not_recorded)?;
    let mut pending = interrupt::hold();
    journal.append(&entry).map_err(not_recorded)?;
    *pending = Some(interrupt::Pending {
        journal,
        entry: entry.clone(),
        after: Snapshot::default(),
        what: plan.what.clone(),
    });
    Ok(Intent {
        entry,
        what: plan.what,
    })
}

impl Intent {
    pub(super) fn entry(&self) -> &Entry {
        &self.entry
    }

    /// Journals how the change ended. It already happened (or not): a failed write is a warning
    /// naming the journal, never an error that would hide it.
    pub(super) fn finish(self, outcome: Outcome, after: Snapshot, note: Option<String>) {
        let mut pending = interrupt::hold();
        let journal = pending.take().map(|p| p.journal);
        let written = journal
            .ok_or(JournalError::NoDataDir)
            .and_then(|j| j.append(&self.entry.ended(outcome, after, note)));
        if let Err(e) = written {
            say(&text::journal_not_written(&e.to_string()));
        }
    }

    pub(super) fn done(self, after: Snapshot) {
        self.finish(Outcome::Done, after, None);
    }

    /// A create's object, once its id is known (its intent names it by name only).
    pub(super) fn identify(&mut self, id: &str) {
        self.entry.object_id = id.to_string();
        if let Some(pending) = interrupt::hold().as_mut() {
            pending.entry.object_id = id.to_string();
        }
    }
}

/// The request of `intent` answered `result`. A refusal is journaled as not done and returned as it
/// is; a lost answer (5xx, reset, timeout, unreadable success) is settled by reading the object
/// back: journaled as found and said in words (exit 1 whatever was found).
pub(super) async fn answered<T>(
    conn: &Connected,
    intent: Intent,
    result: Result<T, BackendError>,
) -> Result<(T, Intent), CliError> {
    match result {
        Ok(value) => Ok((value, intent)),
        Err(e) if !e.outcome_unknown() => {
            intent.finish(Outcome::NotDone, Snapshot::default(), Some(e.to_string()));
            Err(e.into())
        }
        Err(e) => Err(settle_lost(conn, intent, &e.to_string()).await),
    }
}

/// After a lost answer: reads the object back, journals what was found, and says it.
async fn settle_lost(conn: &Connected, mut intent: Intent, err: &str) -> CliError {
    let what = intent.what.clone();
    say(&words::reading_back(&what, err));
    let note = Some(words::lost_note(err));
    let (known, found) = outcome::settle_seeing(&*conn.backend, intent.entry()).await;
    if let Some(outcome::Found::Named(Some(id))) = found {
        intent.identify(&id);
    }
    let said = match known {
        Known::Done(after) => {
            let now = outcome::holds_now(intent.entry(), &after);
            intent.finish(Outcome::Done, after, note);
            words::was_made(&what, &now, err)
        }
        Known::NotDone => {
            intent.finish(Outcome::NotDone, Snapshot::default(), note);
            words::was_not_made(&what, err)
        }
        Known::Unknown(why) => {
            let note = Some(format!("{}; {why}", words::lost_note(err)));
            intent.finish(Outcome::Unknown, Snapshot::default(), note);
            words::outcome_unknown(&what, err, &why)
        }
    };
    CliError::Other(anyhow::anyhow!(said))
}

/// Checks the changes this target's journal left open (answers lost, processes interrupted or
/// killed) by reading their objects back, journals what is found, and says it on stderr. Run before
/// every command that connects, so an open outcome is settled by the next command against its tenant.
pub(super) async fn reconcile(conn: &Connected) {
    let Ok(journal) = journal_of(conn) else {
        return;
    };
    let Ok(found) = outcome::reconcile(&*conn.backend, &journal, None).await else {
        return;
    };
    for checked in found {
        match &checked.unrecorded {
            Some(e) => say(&text::journal_not_written(e)),
            None => say(&words::reconciled(
                &outcome::what_of(&checked.open),
                &checked.found(),
            )),
        }
    }
}

/// Journals how a followed deploy ended and says so. A version that was made but not confirmed
/// live is reported as the flow words it (the tenant did change); a lost answer is an error (exit 1)
/// even when the read-back found the version live.
pub(super) fn conclude(
    action: &Action,
    end: FlowEnd,
    success: impl FnOnce(u32) -> String,
    unchanged: impl FnOnce(&str) -> String,
) -> Result<(), CliError> {
    let note = end.lost.as_deref().map(words::lost_note);
    if let Some(intent) = end.intent {
        match &end.sent {
            Sent::Made { version_id, number } => intent.finish(
                Outcome::Done,
                snapshot(Some(version_id), Some(*number)),
                note,
            ),
            Sent::NotMade => {
                let why = end.live.as_ref().err().cloned();
                intent.finish(Outcome::NotDone, Snapshot::default(), note.or(why));
            }
            Sent::Unknown => {
                let why = end.live.as_ref().err().cloned();
                intent.finish(Outcome::Unknown, Snapshot::default(), why);
            }
            Sent::Nothing => {}
        }
    }
    let failed = |why: String| Err(CliError::Other(anyhow::anyhow!(why)));
    match (end.live, &end.sent) {
        (Ok(Some(number)), _) => {
            emit(&success(number));
            match end.lost {
                Some(lost) => failed(words::was_made(
                    &words::deploy_named(&action.name),
                    &words::version_live(number),
                    &lost,
                )),
                None => Ok(()),
            }
        }
        // Deploy flows end live or failed; a build flow is not concluded here.
        (Ok(None), _) => Ok(()),
        (Err(why), Sent::Made { .. }) => failed(why),
        (Err(why), Sent::Unknown) => failed(words::named(&action.name, &why)),
        (Err(why), Sent::NotMade | Sent::Nothing) => failed(unchanged(&why)),
    }
}

/// The journal entry of a deploy flow: what was live before, the version it made once known.
pub(super) fn deploy_plan(action: &Action, operation: Operation, what: String) -> Plan<'_> {
    let was = action.deployed_version.as_ref();
    Plan {
        change: Change {
            kind: ObjectKind::Action,
            id: &action.id,
            name: &action.name,
            operation,
            before: snapshot(was.map(|v| v.id.as_str()), was.map(|v| v.number)),
            after: Snapshot::default(),
        },
        what,
    }
}

/// `codedeck actions deploy NAME|ID [--wait] [--yes]`.
pub async fn deploy_action(
    conn: &Connected,
    key: &str,
    wait: bool,
    yes: bool,
) -> Result<(), CliError> {
    let backend = &*conn.backend;
    let action = find_action(backend, key).await?;
    let was = action.deployed_version.as_ref();
    let was_number = was.map(|v| v.number);
    confirm(&text::confirm_deploy(&action.name, was_number), yes)?;

    if !wait {
        // One request: a draft that is not built is refused (400) and reported, not waited for.
        let what = words::deploy_named(&action.name);
        let intent = intend(conn, deploy_plan(&action, Operation::ActionDeploy, what))?;
        let created = match backend.deploy_action(&action.id).await {
            Err(e) if flow::is_not_built(&e) => {
                intent.finish(Outcome::NotDone, Snapshot::default(), Some(e.to_string()));
                let why = if action.status == BuildStatus::Failed {
                    text::draft_failed(&action.name)
                } else {
                    text::draft_not_built(&action.name, action.status.as_str())
                };
                return Err(CliError::Other(anyhow::anyhow!(why)));
            }
            result => {
                let (created, intent) = answered(conn, intent, result).await?;
                intent.done(snapshot(Some(&created.id), Some(created.number)));
                created
            }
        };
        emit(&if created.deployed {
            text::deployed(&action.name, created.number, was_number)
        } else {
            text::deploy_started(&action.name, created.number)
        });
        return Ok(());
    }

    let (flow, step) = DeployFlow::deploy_draft(&action.id);
    let plan = deploy_plan(
        &action,
        Operation::ActionDeploy,
        words::deploy_named(&action.name),
    );
    let end = drive(conn, flow, step, Some(plan)).await;
    conclude(
        &action,
        end,
        |number| text::deployed(&action.name, number, was_number),
        |why| text::not_deployed(&action.name, why),
    )
}

/// `codedeck actions rollback NAME|ID --to N [--yes]`.
pub async fn rollback_action(
    conn: &Connected,
    key: &str,
    to: u32,
    yes: bool,
) -> Result<(), CliError> {
    let backend = &*conn.backend;
    let action = find_action(backend, key).await?;
    let versions = backend.list_action_versions(&action.id).await?;
    let target = find_action_version(&action, &versions, to)?;
    let was = action.deployed_version.as_ref();
    let was_number = was.map(|v| v.number);
    if was.is_some_and(|v| v.id == target.id) {
        say(&text::already_live(&action.name, to));
        return Ok(());
    }
    confirm(
        &text::confirm_action_rollback(&action.name, to, was_number),
        yes,
    )?;

    let (flow, step) = DeployFlow::deploy_version(&action.id, &target.id, to);
    let newest = versions.iter().map(|v| v.number).max();
    let flow = flow.with_live_before(newest.max(was_number));
    let plan = deploy_plan(
        &action,
        Operation::ActionRollback,
        words::rollback_named(&action.name, to),
    );
    let end = drive(conn, flow, step, Some(plan)).await;
    conclude(
        &action,
        end,
        |number| text::rolled_back(&action.name, number, to, was_number),
        |why| text::not_rolled_back(&action.name, why),
    )
}

/// `codedeck modules publish NAME|ID [--yes]`.
pub async fn publish_module(conn: &Connected, key: &str, yes: bool) -> Result<(), CliError> {
    let backend = &*conn.backend;
    let module = find_module(backend, key).await?;
    let was = module.latest_version.as_ref();
    let was_number = was.map(|v| v.number);
    if !module.draft_unpublished() {
        say(&text::nothing_to_publish(&module.name, was_number));
        return Ok(());
    }
    confirm(&text::confirm_publish(&module.name, was_number), yes)?;
    let plan = Plan {
        change: Change {
            kind: ObjectKind::Module,
            id: &module.id,
            name: &module.name,
            operation: Operation::ModulePublish,
            before: snapshot(was.map(|v| v.id.as_str()), was_number),
            after: Snapshot::default(),
        },
        what: words::publish_named(&module.name),
    };
    let intent = intend(conn, plan)?;
    let result = backend.publish_module(&module.id).await;
    let (published, intent) = answered(conn, intent, result).await?;
    intent.done(snapshot(Some(&published.id), Some(published.number)));
    emit(&text::published(&module.name, published.number, was_number));
    Ok(())
}

/// Saves a draft about to be replaced or deleted and says where. No draft is ever lost: without a
/// saved copy, nothing changes.
pub(super) fn save_draft(
    conn: &Connected,
    id: &str,
    code: &str,
) -> Result<std::path::PathBuf, CliError> {
    journal_of(conn)
        .and_then(|j| j.save_draft(id, code, Utc::now()))
        .map_err(|e| CliError::Other(anyhow::anyhow!(text::draft_not_saved(&e.to_string()))))
}

/// `codedeck modules rollback NAME|ID --to N [--yes]`: only the draft changes, and the draft it
/// replaces is saved first.
pub async fn rollback_module(
    conn: &Connected,
    key: &str,
    to: u32,
    yes: bool,
) -> Result<(), CliError> {
    let backend = &*conn.backend;
    let module = find_module(backend, key).await?;
    let versions = backend.list_module_versions(&module.id).await?;
    let target = find_module_version(&module, &versions, to)?;
    if target.code == module.code {
        say(&text::draft_already(&module.name, to));
        return Ok(());
    }
    confirm(&text::confirm_module_rollback(&module.name, to), yes)?;

    let saved = save_draft(conn, &module.id, &module.code)?;
    // The published version the old draft held, when it held one unchanged (newest first).
    let held = versions.iter().find(|v| v.code == module.code);
    let mut before = snapshot(held.map(|v| v.id.as_str()), held.map(|v| v.number));
    before.saved_draft = Some(saved.clone());
    let after = snapshot(Some(&target.id), Some(to));
    let plan = Plan {
        change: Change {
            kind: ObjectKind::Module,
            id: &module.id,
            name: &module.name,
            operation: Operation::ModuleRollback,
            before,
            after: after.clone(),
        },
        what: words::draft_rollback_named(&module.name, to),
    };
    let intent = intend(conn, plan)?;
    let result = backend.rollback_module(&module.id, &target.id).await;
    let (_, intent) = answered(conn, intent, result).await?;
    intent.done(after);
    emit(&text::module_rolled_back(
        &module.name,
        to,
        &saved.display().to_string(),
    ));
    Ok(())
}

/// Before a command or the dashboard runs: the demo's journal starts empty (each demo run is a
/// fresh tenant, so an earlier run's changes are not its own); before a command, a real target's
/// changes left open are checked. Commands record signals from here on.
pub(super) async fn start_journal(conn: &Connected, command: bool) {
    if conn.is_demo() {
        if let Err(e) = Journal::open_demo().and_then(|j| j.start_empty()) {
            say(&words::demo_journal_not_emptied(&e.to_string()));
        }
    } else if command {
        // The dashboard checks them itself, after its first frame (its status line says what it found).
        reconcile(conn).await;
    }
    if command {
        interrupt::watch();
    }
}
