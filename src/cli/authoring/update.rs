//! `codedeck actions update` and `codedeck modules update`: the flags become one draft change
//! (fields that would not change are left out), shown as a diff and asked, then sent only if the
//! draft on the server is still the one the change was made from. An action's new draft is then
//! followed until it built.

use std::io::IsTerminal;
use std::sync::Arc;

use futures::FutureExt;

use super::create::pick_runtime;
use super::secrets_input::given_secrets;
use super::{failed, held_version, kind_of, parse_dependencies, read_code, usage};
use crate::authoring::{self, Owner};
use crate::backend::Backend;
use crate::cli::change::{snapshot, Change};
use crate::cli::diff_cmd::{columns, ColorWhen};
use crate::cli::follow::drive;
use crate::cli::lookup::{find_action, find_module};
use crate::cli::output::{emit, say};
use crate::cli::{ChangeArgs, CliError, Connected};
use crate::diff::text::{render_themed, TextOptions};
use crate::diff::Diff;
use crate::flow::DeployFlow;
use crate::journal::{Operation, Snapshot};
use crate::model::{
    terminal_safe, Action, Dependency, DraftChange, DraftState, SecretInput, SecretName,
};
use crate::strings::cli as text;

/// The dependency list after a change: the current ones without `removed`, each of `added`
/// replacing the one of the same name in place or coming last.
pub(super) fn merge_dependencies(
    current: &[Dependency],
    added: &[Dependency],
    removed: &[String],
) -> Result<Vec<Dependency>, String> {
    for name in removed {
        if added.iter().any(|d| d.name == *name) {
            return Err(text::set_and_removed(text::KIND_DEPENDENCY, name));
        }
        if !current.iter().any(|d| d.name == *name) {
            return Err(text::no_such_dependency(name));
        }
    }
    let mut merged: Vec<Dependency> = current
        .iter()
        .filter(|d| !removed.contains(&d.name))
        .cloned()
        .collect();
    for dependency in added {
        match merged.iter_mut().find(|d| d.name == dependency.name) {
            Some(existing) => *existing = dependency.clone(),
            None => merged.push(dependency.clone()),
        }
    }
    Ok(merged)
}

/// The secret list to send after a change: every secret held now by name only (so it keeps its
/// value), without `removed`, with `given` values replacing or adding.
pub(super) fn merge_secrets(
    current: &[SecretName],
    given: Vec<SecretInput>,
    removed: &[String],
) -> Result<Vec<SecretInput>, String> {
    for name in removed {
        if given.iter().any(|s| s.name == *name) {
            return Err(text::set_and_removed(text::KIND_SECRET, name));
        }
        if !current.iter().any(|s| s.name == *name) {
            return Err(text::no_such_secret(name));
        }
    }
    let mut merged: Vec<SecretInput> = SecretInput::keep_all(current)
        .into_iter()
        .filter(|s| !removed.contains(&s.name))
        .collect();
    for secret in given {
        // The same name given twice stays twice: `check_secrets` refuses it in words.
        match merged
            .iter_mut()
            .find(|s| s.name == secret.name && s.value.is_none())
        {
            Some(existing) => *existing = secret,
            None => merged.push(secret),
        }
    }
    Ok(merged)
}
/// The change the flags ask for against `draft`; fields that would not change are left out.
fn plan_change(
    owner: Owner,
    draft: &DraftState,
    change: &ChangeArgs,
    runtime: Option<&str>,
) -> Result<DraftChange, CliError> {
    let source = &change.source;
    let mut out = DraftChange::default();
    if let Some(path) = &source.code_file {
        let code = read_code(path)?;
        authoring::check_code(owner, &code).map_err(usage)?;
        if code != draft.code {
            out.code = Some(code);
        }
    }
    if !source.dependencies.is_empty() || !change.remove_dependencies.is_empty() {
        let added = parse_dependencies(&source.dependencies)?;
        let merged = merge_dependencies(&draft.dependencies, &added, &change.remove_dependencies)
            .map_err(usage)?;
        authoring::check_dependencies(&merged).map_err(usage)?;
        if merged != draft.dependencies {
            out.dependencies = Some(merged);
        }
    }
    if !source.secrets.is_empty() || source.secrets_from_stdin || !change.remove_secrets.is_empty()
    {
        let given = given_secrets(source)?;
        let merged = merge_secrets(&draft.secrets, given, &change.remove_secrets).map_err(usage)?;
        authoring::check_secrets(&merged).map_err(usage)?;
        if merged.iter().any(|s| s.value.is_some()) || merged.len() != draft.secrets.len() {
            authoring::check_secrets_sendable(owner, &merged).map_err(usage)?;
            out.secrets = Some(merged);
        }
    }
    if let Some(runtime) = runtime {
        if draft.runtime.as_deref() != Some(runtime) {
            out.runtime = Some(runtime.to_string());
        }
    }
    Ok(out)
}

fn nothing_given(change: &ChangeArgs, runtime: Option<&str>) -> bool {
    let s = &change.source;
    s.code_file.is_none()
        && s.dependencies.is_empty()
        && s.secrets.is_empty()
        && !s.secrets_from_stdin
        && change.remove_dependencies.is_empty()
        && change.remove_secrets.is_empty()
        && runtime.is_none()
}

fn dependency_list(deps: &[Dependency]) -> String {
    if deps.is_empty() {
        return text::NONE.to_string();
    }
    deps.iter()
        .map(|d| text::at_version(&d.name, &d.version))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The change on stderr: the code as a unified diff, then the other fields before → after.
fn shown_change(
    conn: &Connected,
    owner: Owner,
    draft: &DraftState,
    change: &DraftChange,
    code_label: &str,
    color: ColorWhen,
) -> Result<String, CliError> {
    let mut out = String::new();
    if let Some(code) = &change.code {
        let theme = conn.theme()?;
        let terminal = std::io::stderr().is_terminal();
        let diff = Diff::new(Arc::from(draft.code.as_str()), Arc::from(code.as_str()));
        let opts = TextOptions {
            unified: true,
            width: columns(terminal),
            color: color.enabled(terminal),
            old_label: text::DRAFT_LABEL.to_string(),
            new_label: code_label.to_string(),
            syntax_theme: theme.syntax_theme.clone(),
        };
        out.push_str(&render_themed(&diff, &opts, &theme));
    }
    // Each line as `say` writes it: remote names never drive the terminal.
    let mut line = |said: &str| out.push_str(&format!("{}\n", terminal_safe(said)));
    if let Some(deps) = &change.dependencies {
        line(&text::change_line(
            text::FIELD_DEPENDENCIES,
            &dependency_list(&draft.dependencies),
            &dependency_list(deps),
        ));
    }
    if let Some(runtime) = &change.runtime {
        line(&text::change_line(
            text::FIELD_RUNTIME,
            draft.runtime.as_deref().unwrap_or(text::NEVER),
            runtime,
        ));
    }
    if let Some(secrets) = &change.secrets {
        let kept: Vec<&str> = secrets
            .iter()
            .filter(|s| s.value.is_none())
            .map(|s| s.name.as_str())
            .collect();
        let set: Vec<&str> = secrets
            .iter()
            .filter(|s| s.value.is_some())
            .map(|s| s.name.as_str())
            .collect();
        let removed: Vec<&str> = draft
            .secrets
            .iter()
            .filter(|s| !secrets.iter().any(|n| n.name == s.name))
            .map(|s| s.name.as_str())
            .collect();
        line(&text::secrets_change(&kept, &set, &removed));
        line(crate::strings::secrets_note(owner));
    }
    Ok(out)
}

/// Refusals that need no request: no change asked for, stdin both secrets and the answer.
fn precheck(change: &ChangeArgs, runtime: Option<&str>) -> Result<(), CliError> {
    if nothing_given(change, runtime) {
        return Err(usage(text::NOTHING_GIVEN.to_string()));
    }
    if change.source.secrets_from_stdin && !change.yes {
        return Err(usage(text::STDIN_NEEDS_YES.to_string()));
    }
    Ok(())
}

/// The object whose draft changes: what it is, its id and name.
struct Drafted<'a> {
    owner: Owner,
    id: &'a str,
    name: &'a str,
    draft: DraftState,
}

/// Plans the change the flags ask for and sends it: shown, asked, sent only if the draft is still
/// the one it was made from (its code saved first), journaled with what it asked for. `Ok(false)`:
/// the draft already is so, nothing was sent.
async fn change_draft(
    conn: &Connected,
    object: &Drafted<'_>,
    change: &ChangeArgs,
    runtime: Option<&str>,
    (before, after): (Snapshot, Snapshot),
) -> Result<bool, CliError> {
    let Drafted {
        owner,
        id,
        name,
        ref draft,
    } = *object;
    let (word, kind) = kind_of(owner);
    let planned = plan_change(owner, draft, change, runtime)?;
    if planned == DraftChange::default() {
        say(&text::nothing_to_change(word, name));
        return Ok(false);
    }
    let label = change
        .source
        .code_file
        .as_deref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let preview = shown_change(conn, owner, draft, &planned, &label, change.color)?;
    let backend = &*conn.backend;
    let unchanged = async move {
        if authoring::read_draft(backend, owner, id).await? == *draft {
            Ok(())
        } else {
            Err(failed(text::draft_changed_elsewhere(word, name)))
        }
    };
    let asked = crate::journal::AskedDraft::of(&planned);
    let sent = Change::new(
        kind,
        id,
        name,
        Operation::DraftEdit,
        crate::strings::state::draft_edit_named(word, name),
    )
    .before(Snapshot {
        asked: Some(asked.seen_in(draft)),
        ..before
    })
    .asking(Snapshot {
        asked: Some(asked),
        ..after.clone()
    })
    .showing(preview)
    .confirming(text::confirm_draft_change(word, name), change.yes)
    .checking(unchanged.boxed_local())
    .keeping_draft(&draft.code)
    .send(conn, async {
        Ok(authoring::send_draft_change(backend, owner, id, &planned).await?)
    })
    .await?;
    let saved = sent.saved_at();
    sent.intent.done(after);
    emit(&text::draft_saved(word, name, &saved));
    Ok(true)
}

/// `codedeck actions update NAME|ID [--code-file F] [--dependency …] [--secret …] [--runtime R]`.
pub(in crate::cli) async fn update_action(
    conn: &Connected,
    key: &str,
    change: &ChangeArgs,
    runtime: Option<&str>,
    no_wait: bool,
) -> Result<(), CliError> {
    precheck(change, runtime)?;
    let backend = &*conn.backend;
    let action = find_action(backend, key).await?;
    if let Some(runtime) = runtime {
        check_action_runtime(backend, &action, runtime).await?;
    }
    let live = action.deployed_version.as_ref();
    let live = snapshot(live.map(|v| v.id.as_str()), live.map(|v| v.number));
    let object = Drafted {
        owner: Owner::Action,
        id: &action.id,
        name: &action.name,
        draft: DraftState::of_action(&action),
    };
    if !change_draft(conn, &object, change, runtime, (live.clone(), live)).await? || no_wait {
        return Ok(());
    }
    follow_build(conn, &action).await
}

/// The runtime must be one the action's trigger runs (when the trigger is known).
async fn check_action_runtime(
    backend: &dyn Backend,
    action: &Action,
    runtime: &str,
) -> Result<(), CliError> {
    let triggers = backend.list_triggers().await?;
    let theirs = action.supported_triggers.first().and_then(|r| {
        triggers
            .iter()
            .find(|t| t.id == r.id && t.version == r.version)
    });
    match theirs {
        Some(trigger) => pick_runtime(trigger, Some(runtime))
            .map(drop)
            .map_err(usage),
        None => Ok(()),
    }
}

/// Follows the new draft's build (the shared [`DeployFlow::build`]), printing its progress on
/// stderr and how it ended on stdout.
async fn follow_build(conn: &Connected, action: &Action) -> Result<(), CliError> {
    let (flow, step) = DeployFlow::build(&action.id);
    match drive(conn, flow, step, None).await.live {
        Ok(_) => {
            emit(&text::build_result(&action.name, text::BUILT, true));
            Ok(())
        }
        Err(why) if why == crate::strings::FLOW_EDIT_FAILED => {
            emit(&text::build_result(&action.name, text::BUILD_FAILED, false));
            Err(failed(text::build_failed(&action.name)))
        }
        Err(why) => Err(failed(why)),
    }
}

/// `codedeck modules update NAME|ID [--code-file F] [--dependency …] [--secret …]`.
pub(in crate::cli) async fn update_module(
    conn: &Connected,
    key: &str,
    change: &ChangeArgs,
) -> Result<(), CliError> {
    precheck(change, None)?;
    let module = find_module(&*conn.backend, key).await?;
    let object = Drafted {
        owner: Owner::Module,
        id: &module.id,
        name: &module.name,
        draft: DraftState::of_module(&module),
    };
    let before = held_version(&module);
    change_draft(conn, &object, change, None, (before, Snapshot::default())).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::secret::Secret;

    fn dep(name: &str, version: &str) -> Dependency {
        Dependency {
            name: name.into(),
            version: version.into(),
        }
    }

    fn held(name: &str) -> SecretName {
        SecretName {
            name: name.into(),
            updated_at: None,
        }
    }

    fn value(s: &SecretInput) -> Option<&str> {
        s.value.as_ref().map(Secret::expose)
    }

    #[test]
    fn dependencies_merge_current_plus_added_minus_removed() {
        let current = [dep("lodash", "4.17.21"), dep("axios", "1.6.0")];
        let merged = merge_dependencies(
            &current,
            &[dep("axios", "1.7.2"), dep("uuid", "9.0.1")],
            &["lodash".into()],
        )
        .unwrap();
        assert_eq!(merged, [dep("axios", "1.7.2"), dep("uuid", "9.0.1")]);
        assert_eq!(merge_dependencies(&current, &[], &[]).unwrap(), current);
        let err = merge_dependencies(&current, &[], &["left-pad".into()]).unwrap_err();
        assert!(err.contains("left-pad"), "{err}");
        let err =
            merge_dependencies(&current, &[dep("axios", "1.7.2")], &["axios".into()]).unwrap_err();
        assert!(err.contains("axios"), "{err}");
    }

    #[test]
    fn secrets_merge_keeps_the_others_by_name_only() {
        let current = [held("A"), held("B"), held("C")];
        let given = vec![
            SecretInput {
                name: "B".into(),
                value: Some(Secret::new("new-b")),
            },
            SecretInput {
                name: "D".into(),
                value: Some(Secret::new("new-d")),
            },
        ];
        let merged = merge_secrets(&current, given, &["C".into()]).unwrap();
        let pairs: Vec<(&str, Option<&str>)> =
            merged.iter().map(|s| (s.name.as_str(), value(s))).collect();
        assert_eq!(
            pairs,
            [("A", None), ("B", Some("new-b")), ("D", Some("new-d"))]
        );
        assert!(merge_secrets(&current, vec![], &["Z".into()]).is_err());
    }
}
