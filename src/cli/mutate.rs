//! The commands that change the tenant: deploy and roll back actions, publish and roll back modules.
//! Each asks first (or needs `--yes`), drives the shared [`DeployFlow`] where an action deploy must be
//! followed, and records what it did in the local journal.

use std::io::{BufRead, IsTerminal, Write};

use chrono::Utc;

use super::commands::{emit, find_action, find_module, say};
use super::versions::{find_action_version, find_module_version};
use super::{CliError, Connected};
use crate::backend::Backend;
use crate::flow::{self, DeployFlow, Goal, Step};
use crate::journal::{Entry, Journal, ObjectKind, Operation, Snapshot};
use crate::model::terminal_safe;
use crate::model::{Action, ActionVersion, BuildStatus};
use crate::strings::cli as text;

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

/// How a deploy flow ended: the live version number or why not, and the version the deploy request
/// created (if it got that far — then the tenant changed, whatever the end).
pub(super) struct FlowEnd {
    /// `Some(n)`: version n is live; `None`: the draft built (a build flow's end).
    pub(super) live: Result<Option<u32>, String>,
    created: Option<ActionVersion>,
}

/// Runs the flow to its end, printing its progress to stderr as it changes.
pub(super) async fn drive(backend: &dyn Backend, mut flow: DeployFlow, mut step: Step) -> FlowEnd {
    let mut created = None;
    let mut shown = String::new();
    loop {
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
                match backend.get_action(&flow.action_id).await {
                    Ok(action) => flow.on_action(&action),
                    Err(e) => flow.on_poll_error(&e),
                }
            }
            Step::Deploy => {
                let result = match &flow.goal {
                    Goal::DeployDraft => backend.deploy_action(&flow.action_id).await,
                    Goal::Build => unreachable!("a build flow never deploys"),
                    Goal::DeployVersion { version_id, .. } => {
                        backend
                            .deploy_action_version(&flow.action_id, version_id, false)
                            .await
                    }
                };
                if let Ok(version) = &result {
                    created = Some(version.clone());
                }
                flow.on_deployed(&result)
            }
            Step::Done(number) => {
                return FlowEnd {
                    live: Ok(Some(number)),
                    created,
                }
            }
            Step::Built => {
                return FlowEnd {
                    live: Ok(None),
                    created,
                }
            }
            Step::Failed(why) => {
                return FlowEnd {
                    live: Err(why),
                    created,
                }
            }
        };
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

/// Appends the change to the journal. The change already happened: a failed write is a warning
/// naming the journal, never an error that would hide it.
pub(super) fn record(conn: &Connected, change: Change<'_>) {
    let entry = Entry {
        at: Utc::now(),
        profile: conn.target.profile_name(),
        tenant: match change.kind {
            ObjectKind::Package => conn.backend.connection().faircom_tenant().to_string(),
            _ => conn.backend.connection().label,
        },
        kind: change.kind,
        object_id: change.id.to_string(),
        object_name: change.name.to_string(),
        operation: change.operation,
        before: change.before,
        after: change.after,
        undo: false,
    };
    if let Err(e) = Journal::open_default().and_then(|j| j.append(&entry)) {
        say(&text::journal_not_written(&e.to_string()));
    }
}

/// Journals a followed deploy that created a version and says how it ended. A version that was
/// created but not confirmed live is reported as the flow words it (the tenant did change); a flow
/// that changed nothing says so.
pub(super) fn conclude(
    conn: &Connected,
    action: &Action,
    operation: Operation,
    end: FlowEnd,
    success: impl FnOnce(u32) -> String,
    unchanged: impl FnOnce(&str) -> String,
) -> Result<(), CliError> {
    if let Some(created) = &end.created {
        let was = action.deployed_version.as_ref();
        record(conn, action_change(action, operation, was, created));
    }
    match (end.live, end.created) {
        (Ok(Some(number)), _) => {
            emit(&success(number));
            Ok(())
        }
        // Deploy flows end live or failed; a build flow is not concluded here.
        (Ok(None), _) => Ok(()),
        (Err(why), Some(_)) => Err(CliError::Other(anyhow::anyhow!(why))),
        (Err(why), None) => Err(CliError::Other(anyhow::anyhow!(unchanged(&why)))),
    }
}

fn action_change<'a>(
    action: &'a Action,
    operation: Operation,
    was: Option<&ActionVersion>,
    created: &ActionVersion,
) -> Change<'a> {
    Change {
        kind: ObjectKind::Action,
        id: &action.id,
        name: &action.name,
        operation,
        before: snapshot(was.map(|v| v.id.as_str()), was.map(|v| v.number)),
        after: snapshot(Some(&created.id), Some(created.number)),
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
        let created = match backend.deploy_action(&action.id).await {
            Ok(v) => v,
            Err(e) if flow::is_not_built(&e) => {
                let why = if action.status == BuildStatus::Failed {
                    text::draft_failed(&action.name)
                } else {
                    text::draft_not_built(&action.name, action.status.as_str())
                };
                return Err(CliError::Other(anyhow::anyhow!(why)));
            }
            Err(e) => return Err(e.into()),
        };
        record(
            conn,
            action_change(&action, Operation::ActionDeploy, was, &created),
        );
        emit(&if created.deployed {
            text::deployed(&action.name, created.number, was_number)
        } else {
            text::deploy_started(&action.name, created.number)
        });
        return Ok(());
    }

    let (flow, step) = DeployFlow::deploy_draft(&action.id);
    let end = drive(backend, flow, step).await;
    conclude(
        conn,
        &action,
        Operation::ActionDeploy,
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
    let end = drive(backend, flow, step).await;
    conclude(
        conn,
        &action,
        Operation::ActionRollback,
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
    let published = backend.publish_module(&module.id).await?;
    record(
        conn,
        Change {
            kind: ObjectKind::Module,
            id: &module.id,
            name: &module.name,
            operation: Operation::ModulePublish,
            before: snapshot(was.map(|v| v.id.as_str()), was_number),
            after: snapshot(Some(&published.id), Some(published.number)),
        },
    );
    emit(&text::published(&module.name, published.number, was_number));
    Ok(())
}

/// Saves a draft about to be replaced or deleted and says where. No draft is ever lost: without a
/// saved copy, nothing changes.
pub(super) fn save_draft(id: &str, code: &str) -> Result<std::path::PathBuf, CliError> {
    Journal::open_default()
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

    let saved = save_draft(&module.id, &module.code)?;
    backend.rollback_module(&module.id, &target.id).await?;
    // The published version the old draft held, when it held one unchanged (newest first).
    let held = versions.iter().find(|v| v.code == module.code);
    let mut before = snapshot(held.map(|v| v.id.as_str()), held.map(|v| v.number));
    before.saved_draft = Some(saved.clone());
    record(
        conn,
        Change {
            kind: ObjectKind::Module,
            id: &module.id,
            name: &module.name,
            operation: Operation::ModuleRollback,
            before,
            after: snapshot(Some(&target.id), Some(to)),
        },
    );
    emit(&text::module_rolled_back(
        &module.name,
        to,
        &saved.display().to_string(),
    ));
    Ok(())
}
