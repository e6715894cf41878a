//! `codedeck actions deploy|rollback` and `codedeck modules publish|rollback`: putting a version live
//! (or, for a module rollback, into the draft). Each is a [`Change`]; an action deploy that must be
//! followed drives the shared [`DeployFlow`].

use super::change::{settle_lost, snapshot, Change, Failure, Intent};
use super::follow::{conclude, deploy_change, drive_joined};
use super::lookup::{find_action, find_module};
use super::output::{emit, say};
use super::versions::find_with_version;
use super::{CliError, Connected};
use crate::flow::{self, DeployFlow};
use crate::journal::{ObjectKind, Operation, Outcome, Snapshot};
use crate::model::{Action, BuildStatus, Module};
use crate::strings::cli as text;
use crate::strings::journal as words;

/// `codedeck actions deploy NAME|ID [--wait] [--yes]`.
pub(super) async fn deploy_action(
    conn: &Connected,
    key: &str,
    wait: bool,
    yes: bool,
) -> Result<(), CliError> {
    deploy_promoted(conn, key, (wait, yes), None).await
}

/// [`deploy_action`], journaled as part of a promote from `promoted_from` when given.
pub(super) async fn deploy_promoted(
    conn: &Connected,
    key: &str,
    (wait, yes): (bool, bool),
    promoted_from: Option<&str>,
) -> Result<(), CliError> {
    let backend = &*conn.backend;
    let action = find_action(backend, key).await?;
    let was_number = action.deployed_version.as_ref().map(|v| v.number);
    let change = deploy_change(
        &action,
        Operation::ActionDeploy,
        words::deploy_named(&action.name),
    )
    .confirming(text::confirm_deploy(&action.name, was_number), yes)
    .promoted_from(promoted_from);

    if !wait {
        // One request: a draft that is not built is refused (400) and reported, not waited for.
        let request = async {
            match backend.deploy_action(&action.id).await {
                Err(e) if flow::is_not_built(&e) => {
                    let why = if action.status == BuildStatus::Failed {
                        text::draft_failed(&action.name)
                    } else {
                        text::draft_not_built(&action.name, action.status.as_str())
                    };
                    Err(Failure::refused_by_service(&e, why))
                }
                result => Ok(result?),
            }
        };
        let sent = change.send(conn, request).await?;
        let created = sent.value;
        sent.intent
            .done(snapshot(Some(&created.id), Some(created.number)));
        emit(&if created.deployed {
            text::deployed(&action.name, created.number, was_number)
        } else {
            text::deploy_started(&action.name, created.number)
        });
        return Ok(());
    }

    let end = change
        .follow(conn, DeployFlow::deploy_draft(&action.id))
        .await?;
    conclude(
        &action,
        end,
        |number| text::deployed(&action.name, number, was_number),
        |why| text::not_deployed(&action.name, why),
    )
}

/// `promote --deploy`: B's draft, just promoted, deployed and followed until live, journaled in
/// the promote's own entry (`intent`; `after` is what the promote made, `draft_only` what the
/// entry is when no version is made).
pub(super) async fn deploy_after_promote(
    conn: &Connected,
    action: &Action,
    intent: Intent,
    (after, draft_only): (Snapshot, Operation),
) -> Result<(), CliError> {
    let was_number = action.deployed_version.as_ref().map(|v| v.number);
    let (flow, step) = DeployFlow::deploy_draft(&action.id);
    let flow = (flow.with_live_before(was_number), step);
    let end = drive_joined(conn, flow, intent, (after, draft_only)).await;
    conclude(
        action,
        end,
        |number| text::deployed(&action.name, number, was_number),
        |why| text::not_deployed(&action.name, why),
    )
}

/// `promote --publish`: B's draft, just promoted, published, journaled in the promote's own
/// entry as [`deploy_after_promote`] is.
pub(super) async fn publish_after_promote(
    conn: &Connected,
    module: &Module,
    mut intent: Intent,
    (after, draft_only): (Snapshot, Operation),
) -> Result<(), CliError> {
    let was_number = module.latest_version.as_ref().map(|v| v.number);
    match conn.backend.publish_module(&module.id).await {
        Ok(published) => {
            intent.done(after.with_version(&published.id, published.number));
            emit(&text::published(&module.name, published.number, was_number));
            Ok(())
        }
        // Refused: nothing was published, and B's draft holds the promote.
        Err(e) if !e.outcome_unknown() => {
            intent.journal_as(draft_only);
            intent.finish(Outcome::Done, after, Some(e.to_string()));
            Err(e.into())
        }
        Err(e) => Err(settle_lost(conn, intent, &e.to_string()).await),
    }
}

/// `codedeck actions rollback NAME|ID --to N [--yes]`.
pub(super) async fn rollback_action(
    conn: &Connected,
    key: &str,
    to: u32,
    yes: bool,
) -> Result<(), CliError> {
    let (action, versions, index) = find_with_version::<Action>(&*conn.backend, key, to).await?;
    let target = &versions[index];
    let was = action.deployed_version.as_ref();
    let was_number = was.map(|v| v.number);
    if was.is_some_and(|v| v.id == target.id) {
        say(&text::already_live(&action.name, to));
        return Ok(());
    }
    let (flow, step) = DeployFlow::deploy_version(&action.id, &target.id, to);
    let newest = versions.iter().map(|v| v.number).max();
    let flow = flow.with_live_before(newest.max(was_number));
    let end = deploy_change(
        &action,
        Operation::ActionRollback,
        words::rollback_named(&action.name, to),
    )
    .confirming(
        text::confirm_action_rollback(&action.name, to, was_number),
        yes,
    )
    .follow(conn, (flow, step))
    .await?;
    conclude(
        &action,
        end,
        |number| text::rolled_back(&action.name, number, to, was_number),
        |why| text::not_rolled_back(&action.name, why),
    )
}

/// `codedeck modules publish NAME|ID [--yes]`.
pub(super) async fn publish_module(conn: &Connected, key: &str, yes: bool) -> Result<(), CliError> {
    publish_promoted(conn, key, yes, None).await
}

/// [`publish_module`], journaled as part of a promote from `promoted_from` when given.
pub(super) async fn publish_promoted(
    conn: &Connected,
    key: &str,
    yes: bool,
    promoted_from: Option<&str>,
) -> Result<(), CliError> {
    let backend = &*conn.backend;
    let module = find_module(backend, key).await?;
    let was = module.latest_version.as_ref();
    let was_number = was.map(|v| v.number);
    if !module.draft_unpublished() {
        say(&text::nothing_to_publish(&module.name, was_number));
        return Ok(());
    }
    let sent = Change::new(
        ObjectKind::Module,
        &module.id,
        &module.name,
        Operation::ModulePublish,
        words::publish_named(&module.name),
    )
    .before(snapshot(was.map(|v| v.id.as_str()), was_number))
    .confirming(text::confirm_publish(&module.name, was_number), yes)
    .promoted_from(promoted_from)
    .send(conn, async {
        Ok(backend.publish_module(&module.id).await?)
    })
    .await?;
    let published = sent.value;
    sent.intent
        .done(snapshot(Some(&published.id), Some(published.number)));
    emit(&text::published(&module.name, published.number, was_number));
    Ok(())
}

/// `codedeck modules rollback NAME|ID --to N [--yes]`: only the draft changes, and the draft it
/// replaces is saved first.
pub(super) async fn rollback_module(
    conn: &Connected,
    key: &str,
    to: u32,
    yes: bool,
) -> Result<(), CliError> {
    let backend = &*conn.backend;
    let (module, versions, index) = find_with_version::<Module>(backend, key, to).await?;
    let target = &versions[index];
    if target.code == module.code {
        say(&text::draft_already(&module.name, to));
        return Ok(());
    }
    // The published version the old draft held, when it held one unchanged (newest first).
    let held = versions.iter().find(|v| v.code == module.code);
    let after = snapshot(Some(&target.id), Some(to));
    let sent = Change::new(
        ObjectKind::Module,
        &module.id,
        &module.name,
        Operation::ModuleRollback,
        words::draft_rollback_named(&module.name, to),
    )
    .before(snapshot(
        held.map(|v| v.id.as_str()),
        held.map(|v| v.number),
    ))
    .asking(after.clone())
    .confirming(text::confirm_module_rollback(&module.name, to), yes)
    .keeping_draft(&module.code)
    .send(conn, async {
        Ok(backend.rollback_module(&module.id, &target.id).await?)
    })
    .await?;
    let saved = sent.saved_at();
    sent.intent.done(after);
    emit(&text::module_rolled_back(&module.name, to, &saved));
    Ok(())
}
