//! `codedeck actions delete` and `codedeck modules delete`: the draft's code is saved first (and
//! dropped again when the service refuses), bindings are detached only with `--force`.

use super::{held_version, usage};
use crate::backend::Backend;
use crate::cli::change::{Change, Failure};
use crate::cli::lookup::{find_action, find_module};
use crate::cli::output::emit;
use crate::cli::{CliError, Connected};
use crate::journal::{ObjectKind, Operation, Snapshot};
use crate::model::Action;
use crate::model::BackendError;
use crate::strings::cli as text;
use crate::strings::journal as words;

/// The triggers an action is bound to, as `trigger` or `trigger (as display name)`.
async fn bound_to(backend: &dyn Backend, action: &Action) -> Result<Vec<String>, CliError> {
    let triggers: Vec<String> = action
        .trigger_ids()
        .into_iter()
        .map(str::to_string)
        .collect();
    Ok(crate::flows::bindings_of(backend, &action.id, &triggers)
        .await?
        .into_iter()
        .map(|(trigger, b)| {
            if b.display_name == action.name {
                trigger
            } else {
                text::bound_as(&trigger, &b.display_name)
            }
        })
        .collect())
}

/// `codedeck actions delete NAME|ID [--force] [--yes]`.
pub(in crate::cli) async fn delete_action(
    conn: &Connected,
    key: &str,
    force: bool,
    yes: bool,
) -> Result<(), CliError> {
    let backend = &*conn.backend;
    let action = find_action(backend, key).await?;
    let bound = bound_to(backend, &action).await?;
    if !bound.is_empty() && !force {
        return Err(usage(text::bound_refusal(&action.name, &bound)));
    }
    let live = action.deployed_version.as_ref();
    let sent = Change::new(
        ObjectKind::Action,
        &action.id,
        &action.name,
        Operation::Delete,
        words::delete_named(text::KIND_ACTION, &action.name),
    )
    .before(Snapshot {
        version_id: live.map(|v| v.id.clone()),
        version_number: live.map(|v| v.number),
        ..Snapshot::default()
    })
    .confirming(
        text::confirm_delete_action(&action.name, live.map(|v| v.number), &bound),
        yes,
    )
    .keeping_draft_if_made(&action.code)
    .send(conn, async {
        Ok(backend.delete_action(&action.id, force).await?)
    })
    .await?;
    let saved = sent.saved_at();
    sent.intent.done(Snapshot::default());
    emit(&text::deleted(
        text::KIND_ACTION,
        &action.name,
        &saved,
        &bound,
    ));
    Ok(())
}

/// `codedeck modules delete NAME|ID [--yes]`.
pub(in crate::cli) async fn delete_module(
    conn: &Connected,
    key: &str,
    yes: bool,
) -> Result<(), CliError> {
    let backend = &*conn.backend;
    let module = find_module(backend, key).await?;
    let request = async {
        match backend.delete_module(&module.id).await {
            // In use: the service's words, and which actions use it when they can be read.
            Err(e) if e.status() == Some(412) => {
                let users: Vec<String> = backend
                    .list_module_actions(&module.id)
                    .await
                    .unwrap_or_default()
                    .iter()
                    .map(|u| text::used_by(&u.action_name, u.module_version_number))
                    .collect();
                let service = match &e {
                    BackendError::Api { message, .. } => message.clone(),
                    other => other.to_string(),
                };
                let why = text::module_in_use(&module.name, &users, &service);
                Err(Failure::refused_by_service(&e, why))
            }
            result => Ok(result?),
        }
    };
    let sent = Change::new(
        ObjectKind::Module,
        &module.id,
        &module.name,
        Operation::Delete,
        words::delete_named(text::KIND_MODULE, &module.name),
    )
    .before(held_version(&module))
    .confirming(
        text::confirm_delete_module(&module.name, module.latest_version_number()),
        yes,
    )
    .keeping_draft_if_made(&module.code)
    .send(conn, request)
    .await?;
    let saved = sent.saved_at();
    sent.intent.done(Snapshot::default());
    emit(&text::deleted(text::KIND_MODULE, &module.name, &saved, &[]));
    Ok(())
}
