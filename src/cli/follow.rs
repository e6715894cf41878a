//! Following a deploy (or a build) to its end with the shared [`DeployFlow`]: the CLI's loop around
//! the pure state machine the dashboard drives with messages. Progress goes to stderr as it changes;
//! a deploy's intent is journaled right before its deploy request goes out, and [`conclude`] journals
//! and says how it ended.

use super::change::{intend, snapshot, Change, Intent};
use super::interrupt;
use super::output::{emit, failed, say};
use super::{CliError, Connected};
use crate::flow::{DeployFlow, Goal, Sent, Step};
use crate::journal::{ObjectKind, Operation, Outcome, Snapshot};
use crate::model::Action;
use crate::strings::journal as words;

/// How a deploy flow ended: the live version number or why not, and what its deploy request did.
pub(super) struct FlowEnd {
    /// `Some(n)`: version n is live; `None`: the draft built (a build flow's end).
    pub(super) live: Result<Option<u32>, String>,
    sent: Sent,
    /// The error that lost the deploy's answer (the change may then be live all the same).
    lost: Option<String>,
    /// The change's journal entry, once the deploy request was about to go out.
    intent: Option<Intent>,
    /// A deploy that is part of a promote: the promote's after-state, and what the entry is when
    /// no version was made (B's draft changed all the same).
    joined: Option<(Snapshot, Operation)>,
}

/// Runs the flow to its end, printing its progress to stderr as it changes. A deploy flow journals
/// `change` as its intent right before the deploy request goes out.
pub(super) async fn drive(
    conn: &Connected,
    flow: DeployFlow,
    step: Step,
    change: Option<Change<'_>>,
) -> FlowEnd {
    drive_from(conn, (flow, step), change, None).await
}

/// [`drive`] for a deploy that is part of a promote already journaled as `intent` (one entry for
/// both): `after` is the promote's after-state, `draft_only` what it is when no version is made.
pub(super) async fn drive_joined(
    conn: &Connected,
    (flow, step): (DeployFlow, Step),
    intent: Intent,
    (after, draft_only): (Snapshot, Operation),
) -> FlowEnd {
    FlowEnd {
        joined: Some((after, draft_only)),
        ..drive_from(conn, (flow, step), None, Some(intent)).await
    }
}

async fn drive_from(
    conn: &Connected,
    (mut flow, mut step): (DeployFlow, Step),
    mut change: Option<Change<'_>>,
    mut intent: Option<Intent>,
) -> FlowEnd {
    let backend = &*conn.backend;
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
                    if let Some(change) = change.take() {
                        match intend(conn, change) {
                            Ok(written) => intent = Some(written),
                            Err(e) => {
                                return FlowEnd {
                                    live: Err(e.to_string()),
                                    sent: Sent::Nothing,
                                    lost: None,
                                    intent: None,
                                    joined: None,
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
        joined: None,
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
    let why = end.live.as_ref().err().cloned();
    match (end.intent, end.joined) {
        (Some(mut intent), Some((after, draft_only))) => match &end.sent {
            Sent::Made { version_id, number } => {
                intent.finish(Outcome::Done, after.with_version(version_id, *number), note);
            }
            Sent::Unknown => intent.finish(Outcome::Unknown, after, why),
            // No version was made: the promote changed B's draft, and is journaled as that.
            Sent::NotMade | Sent::Nothing => {
                intent.journal_as(draft_only);
                intent.finish(Outcome::Done, after, note.or(why));
            }
        },
        (Some(intent), None) => match &end.sent {
            Sent::Made { version_id, number } => intent.finish(
                Outcome::Done,
                snapshot(Some(version_id), Some(*number)),
                note,
            ),
            Sent::NotMade => intent.finish(Outcome::NotDone, Snapshot::default(), note.or(why)),
            Sent::Unknown => intent.finish(Outcome::Unknown, Snapshot::default(), why),
            Sent::Nothing => {}
        },
        (None, _) => {}
    }
    match (end.live, &end.sent) {
        (Ok(Some(number)), _) => {
            emit(&success(number));
            match end.lost {
                Some(lost) => Err(failed(words::was_made(
                    &words::deploy_named(&action.name),
                    &words::version_live(number),
                    &lost,
                ))),
                None => Ok(()),
            }
        }
        // Deploy flows end live or failed; a build flow is not concluded here.
        (Ok(None), _) => Ok(()),
        (Err(why), Sent::Made { .. }) => Err(failed(why)),
        (Err(why), Sent::Unknown) => Err(failed(words::named(&action.name, &why))),
        (Err(why), Sent::NotMade | Sent::Nothing) => Err(failed(unchanged(&why))),
    }
}

/// A deploy of `action` as a change: what was live before; the version it makes is journaled once
/// known.
pub(super) fn deploy_change(action: &Action, operation: Operation, what: String) -> Change<'_> {
    let was = action.deployed_version.as_ref();
    Change::new(
        ObjectKind::Action,
        &action.id,
        &action.name,
        operation,
        what,
    )
    .before(snapshot(was.map(|v| v.id.as_str()), was.map(|v| v.number)))
}
