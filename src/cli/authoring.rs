//! `codedeck actions create|update|delete` and `codedeck modules create|update|delete`.
//!
//! Every limit the service has (name, code size, dependencies, secrets, trigger, runtime) is checked
//! before anything is sent (exit 2). Secret values come from the environment or stdin, never from a
//! flag, and go nowhere but the request body. A draft that a change replaces, or an object that is
//! deleted, has its code saved first (`Journal::save_draft`), so no draft is ever lost; the journal
//! itself holds ids and version numbers only.

use std::io::{IsTerminal, Read};
use std::path::Path;
use std::sync::Arc;

use super::commands::{emit, find_action, find_module, lookup_action, say};
use super::diff_cmd::{columns, ColorWhen};
use super::mutate::{
    answered, conclude, confirm, deploy_plan, drive, intend, save_draft, Change, Plan,
};
use super::{ChangeArgs, CliError, Connected, SourceArgs};
use crate::authoring::{self, Owner};
use crate::backend::{Backend, BackendError};
use crate::diff::text::{render_themed, TextOptions};
use crate::diff::Diff;
use crate::flow::DeployFlow;
use crate::journal::{ObjectKind, Operation, Outcome, Snapshot};
use crate::model::{
    Action, Dependency, DraftChange, DraftState, Module, NewAction, NewModule, SecretInput,
    SecretName, Trigger, TriggerStatus,
};
use crate::secret::Secret;
use crate::strings::cli as text;
use crate::strings::journal as words;

fn usage(why: String) -> CliError {
    CliError::Usage(why)
}

fn failed(why: String) -> CliError {
    CliError::Other(anyhow::anyhow!(why))
}

/// A code file as UTF-8 text.
fn read_code(path: &Path) -> Result<String, CliError> {
    let shown = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| usage(text::cannot_read_file(&shown, &e.to_string())))?;
    String::from_utf8(bytes).map_err(|_| usage(text::not_utf8(&shown)))
}

/// `NAME=VALUE` lines (blank lines and `#` comments skipped; the value is everything after the
/// first `=`, a trailing CR dropped). A bad line is named by its number, never shown: it may hold a
/// value.
pub(crate) fn parse_secret_lines(input: &str) -> Result<Vec<SecretInput>, String> {
    let mut secrets = Vec::new();
    for (i, line) in input.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            return Err(text::stdin_secret_line(i + 1));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(text::stdin_secret_line(i + 1));
        }
        secrets.push(SecretInput {
            name: name.to_string(),
            value: Some(Secret::new(value)),
        });
    }
    Ok(secrets)
}

/// Each `--secret NAME`, its value from the environment variable NAME (`env` looks one up).
pub(crate) fn secrets_from_env(
    names: &[String],
    env: impl Fn(&str) -> Option<String>,
) -> Result<Vec<SecretInput>, String> {
    names
        .iter()
        .map(|name| match env(name).filter(|v| !v.is_empty()) {
            Some(value) => Ok(SecretInput {
                name: name.clone(),
                value: Some(Secret::new(value)),
            }),
            None => Err(text::env_secret_missing(name)),
        })
        .collect()
}

/// The secrets given on the command line: from the environment, then from stdin.
fn given_secrets(source: &SourceArgs) -> Result<Vec<SecretInput>, CliError> {
    let mut secrets =
        secrets_from_env(&source.secrets, |name| std::env::var(name).ok()).map_err(usage)?;
    if source.secrets_from_stdin {
        let mut stdin = std::io::stdin();
        let input = if stdin.is_terminal() {
            // Typed by hand: read without echo, line by line, so no value shows on the screen.
            say(text::READING_SECRETS);
            let mut typed = String::new();
            while let Some(line) = super::connect::prompt_secret(text::SECRET_LINE_PROMPT) {
                typed.push_str(line.expose());
                typed.push('\n');
            }
            typed
        } else {
            let mut bytes = Vec::new();
            stdin
                .read_to_end(&mut bytes)
                .map_err(|e| failed(e.to_string()))?;
            String::from_utf8(bytes).map_err(|_| usage(text::STDIN_NOT_UTF8.into()))?
        };
        secrets.extend(parse_secret_lines(&input).map_err(usage)?);
    }
    Ok(secrets)
}

fn parse_dependencies(given: &[String]) -> Result<Vec<Dependency>, CliError> {
    given
        .iter()
        .map(|d| authoring::parse_dependency(d).map_err(usage))
        .collect()
}

/// The dependency list after a change: the current ones without `removed`, each of `added`
/// replacing the one of the same name in place or coming last.
pub(crate) fn merge_dependencies(
    current: &[Dependency],
    added: &[Dependency],
    removed: &[String],
) -> Result<Vec<Dependency>, String> {
    for name in removed {
        if added.iter().any(|d| d.name == *name) {
            return Err(text::set_and_removed("dependency", name));
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
pub(crate) fn merge_secrets(
    current: &[SecretName],
    given: Vec<SecretInput>,
    removed: &[String],
) -> Result<Vec<SecretInput>, String> {
    for name in removed {
        if given.iter().any(|s| s.name == *name) {
            return Err(text::set_and_removed("secret", name));
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

/// `id@version` of each CURRENT trigger, in the service's order.
fn current_triggers(triggers: &[Trigger]) -> Vec<String> {
    triggers
        .iter()
        .filter(|t| t.status == TriggerStatus::Current)
        .map(|t| format!("{}@{}", t.id, t.version))
        .collect()
}

/// The trigger a new action goes on: `post-login` (its CURRENT version) or `post-login@v3`. Only
/// current versions take new actions.
pub(crate) fn pick_trigger(triggers: &[Trigger], spec: &str) -> Result<Trigger, String> {
    let spec = spec.trim();
    let (id, version) = match spec.split_once('@') {
        Some((id, version)) => (id, Some(version)),
        None => (spec, None),
    };
    let current = current_triggers(triggers);
    let versions: Vec<&Trigger> = triggers
        .iter()
        .filter(|t| t.id == id && version.is_none_or(|v| t.version == v))
        .collect();
    if versions.is_empty() {
        return Err(text::unknown_trigger(spec, &current));
    }
    if let Some(t) = versions
        .iter()
        .filter(|t| t.status == TriggerStatus::Current)
        .max_by_key(|t| version_number(&t.version))
    {
        Ok((*t).clone())
    } else {
        let of_id: Vec<String> = current
            .iter()
            .filter(|c| c.split('@').next() == Some(id))
            .cloned()
            .collect();
        Err(text::deprecated_trigger(spec, &of_id))
    }
}

/// `v3` → 3, for picking the newest of several current versions (`v10` is newer than `v9`).
fn version_number(version: &str) -> u32 {
    version.trim_start_matches(['v', 'V']).parse().unwrap_or(0)
}

/// The runtime to ask for: the given one if the trigger runs it, else the trigger's default.
pub(crate) fn pick_runtime(
    trigger: &Trigger,
    given: Option<&str>,
) -> Result<Option<String>, String> {
    match given {
        Some(runtime)
            if trigger.runtimes.is_empty() || trigger.runtimes.iter().any(|r| r == runtime) =>
        {
            Ok(Some(runtime.to_string()))
        }
        Some(runtime) => Err(text::unknown_runtime(
            runtime,
            &format!("{}@{}", trigger.id, trigger.version),
            &trigger.runtimes,
        )),
        None => Ok(trigger.default_runtime.clone()),
    }
}

/// What a create sends besides the name, checked.
struct Checked {
    /// `None`: no `--code-file`.
    code: Option<String>,
    dependencies: Vec<Dependency>,
    secrets: Vec<SecretInput>,
}

fn checked_source(owner: Owner, source: &SourceArgs) -> Result<Checked, CliError> {
    let code = source.code_file.as_deref().map(read_code).transpose()?;
    if let Some(code) = &code {
        authoring::check_code(owner, code).map_err(usage)?;
    }
    let dependencies = parse_dependencies(&source.dependencies)?;
    authoring::check_dependencies(&dependencies).map_err(usage)?;
    let secrets = given_secrets(source)?;
    authoring::check_secrets(&secrets).map_err(usage)?;
    Ok(Checked {
        code,
        dependencies,
        secrets,
    })
}

/// `codedeck actions create --name N --trigger T [--runtime R] [--code-file F] … [--deploy]`.
pub async fn create_action(
    conn: &Connected,
    name: &str,
    trigger: &str,
    runtime: Option<&str>,
    source: &SourceArgs,
    deploy: bool,
) -> Result<(), CliError> {
    let backend = &*conn.backend;
    authoring::check_name(name).map_err(usage)?;
    let Checked {
        code,
        dependencies,
        secrets,
    } = checked_source(Owner::Action, source)?;
    let triggers = backend.list_triggers().await?;
    let trigger = pick_trigger(&triggers, trigger).map_err(usage)?;
    let runtime = pick_runtime(&trigger, runtime).map_err(usage)?;
    if lookup_action(backend, name).await?.is_some() {
        return Err(usage(text::action_exists(name)));
    }
    let new = NewAction {
        name: name.to_string(),
        trigger: crate::model::TriggerRef {
            id: trigger.id.clone(),
            version: trigger.version.clone(),
        },
        runtime,
        code: code.unwrap_or_else(|| authoring::template(&trigger.id)),
        dependencies,
        secrets,
        // The deploy is driven below, so its build, deploy and going live are all followed.
        deploy: false,
    };
    let intent = intend(
        conn,
        create_plan(ObjectKind::Action, name, Snapshot::default()),
    )?;
    let result = backend.create_action(&new).await;
    let (action, mut intent) = answered(conn, intent, result).await?;
    intent.identify(&action.id);
    intent.done(Snapshot::default());
    emit(&text::created_action(
        &action.name,
        &action.id,
        &format!("{}@{}", trigger.id, trigger.version),
        &action.runtime,
    ));
    if !deploy {
        return Ok(());
    }
    let (flow, step) = DeployFlow::deploy_draft(&action.id);
    let plan = deploy_plan(
        &action,
        Operation::ActionDeploy,
        crate::strings::journal::deploy_named(&action.name),
    );
    let end = drive(conn, flow, step, Some(plan)).await;
    conclude(
        &action,
        end,
        |number| text::deployed(&action.name, number, None),
        |why| text::first_deploy_failed(&action.name, why),
    )
}

/// `codedeck modules create --name N --code-file F … [--publish]`.
pub async fn create_module(
    conn: &Connected,
    name: &str,
    source: &SourceArgs,
    publish: bool,
) -> Result<(), CliError> {
    let backend = &*conn.backend;
    authoring::check_name(name).map_err(usage)?;
    let Checked {
        code,
        dependencies,
        secrets,
    } = checked_source(Owner::Module, source)?;
    let code = code.ok_or_else(|| usage(text::MODULE_NEEDS_CODE.to_string()))?;
    if backend.list_modules().await?.iter().any(|m| m.name == name) {
        return Err(usage(text::module_exists(name)));
    }
    let new = NewModule {
        name: name.to_string(),
        code,
        dependencies,
        secrets,
        publish,
    };
    let intent = intend(
        conn,
        create_plan(ObjectKind::Module, name, Snapshot::default()),
    )?;
    let result = backend.create_module(&new).await;
    let (module, mut intent) = answered(conn, intent, result).await?;
    let first = module.latest_version.as_ref();
    intent.identify(&module.id);
    intent.done(Snapshot {
        version_id: first.map(|v| v.id.clone()),
        version_number: first.map(|v| v.number),
        ..Snapshot::default()
    });
    emit(&text::created_module(
        &module.name,
        &module.id,
        first.map(|v| v.number),
    ));
    Ok(())
}

/// A create about to be sent: its id is not known yet, so the intent names it by name (a lost
/// answer is read back by looking for that name).
fn create_plan(kind: ObjectKind, name: &str, after: Snapshot) -> Plan<'_> {
    let word = match kind {
        ObjectKind::Module => "module",
        _ => "action",
    };
    Plan {
        change: Change {
            kind,
            id: "",
            name,
            operation: Operation::Create,
            before: Snapshot::default(),
            after,
        },
        what: crate::strings::state::create_named(word, name),
    }
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
        .map(|d| format!("{}@{}", d.name, d.version))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Shows the change on stderr: the code as a unified diff, then the other fields before → after.
fn show_change(
    conn: &Connected,
    owner: Owner,
    draft: &DraftState,
    change: &DraftChange,
    code_label: &str,
    color: ColorWhen,
) -> Result<(), CliError> {
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
        eprint!("{}", render_themed(&diff, &opts, &theme));
    }
    if let Some(deps) = &change.dependencies {
        say(&text::change_line(
            "dependencies",
            &dependency_list(&draft.dependencies),
            &dependency_list(deps),
        ));
    }
    if let Some(runtime) = &change.runtime {
        say(&text::change_line(
            "runtime",
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
        say(&text::secrets_change(&kept, &set, &removed));
        say(crate::strings::secrets_note(owner));
    }
    Ok(())
}

/// What an update does before it sends: check locally, plan, show, ask. `None`: nothing to change.
fn prepare(
    conn: &Connected,
    kind: &str,
    name: &str,
    owner: Owner,
    draft: &DraftState,
    change: &ChangeArgs,
    runtime: Option<&str>,
) -> Result<Option<DraftChange>, CliError> {
    let planned = plan_change(owner, draft, change, runtime)?;
    if planned == DraftChange::default() {
        say(&text::nothing_to_change(kind, name));
        return Ok(None);
    }
    let label = change
        .source
        .code_file
        .as_deref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    show_change(conn, owner, draft, &planned, &label, change.color)?;
    confirm(&text::confirm_draft_change(kind, name), change.yes)?;
    Ok(Some(planned))
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

/// `codedeck actions update NAME|ID [--code-file F] [--dependency …] [--secret …] [--runtime R]`.
pub async fn update_action(
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
    let draft = DraftState::of_action(&action);
    let Some(planned) = prepare(
        conn,
        "action",
        &action.name,
        Owner::Action,
        &draft,
        change,
        runtime,
    )?
    else {
        return Ok(());
    };
    let live = action.deployed_version.as_ref();
    let live = Snapshot {
        version_id: live.map(|v| v.id.clone()),
        version_number: live.map(|v| v.number),
        ..Snapshot::default()
    };
    let object = (Owner::Action, action.id.as_str(), action.name.as_str());
    save_change(conn, object, &draft, &planned, live.clone(), live).await?;
    if no_wait {
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
            emit(&text::build_result(&action.name, "built", true));
            Ok(())
        }
        Err(why) if why == crate::strings::FLOW_EDIT_FAILED => {
            emit(&text::build_result(&action.name, "failed", false));
            Err(failed(text::build_failed(&action.name)))
        }
        Err(why) => Err(failed(why)),
    }
}

/// `codedeck modules update NAME|ID [--code-file F] [--dependency …] [--secret …]`.
pub async fn update_module(
    conn: &Connected,
    key: &str,
    change: &ChangeArgs,
) -> Result<(), CliError> {
    precheck(change, None)?;
    let backend = &*conn.backend;
    let module = find_module(backend, key).await?;
    let draft = DraftState::of_module(&module);
    let Some(planned) = prepare(
        conn,
        "module",
        &module.name,
        Owner::Module,
        &draft,
        change,
        None,
    )?
    else {
        return Ok(());
    };
    let object = (Owner::Module, module.id.as_str(), module.name.as_str());
    save_change(
        conn,
        object,
        &draft,
        &planned,
        held_version(&module),
        Snapshot::default(),
    )
    .await
}

/// The end every draft change shares: only if the draft is still what the change was made from,
/// save its code, send the change, journal it (`before` gains where the code was saved).
async fn save_change(
    conn: &Connected,
    (owner, id, name): (Owner, &str, &str),
    draft: &DraftState,
    planned: &DraftChange,
    before: Snapshot,
    after: Snapshot,
) -> Result<(), CliError> {
    let backend = &*conn.backend;
    let (word, kind) = match owner {
        Owner::Action => ("action", ObjectKind::Action),
        Owner::Module => ("module", ObjectKind::Module),
    };
    if authoring::read_draft(backend, owner, id).await? != *draft {
        return Err(failed(text::draft_changed_elsewhere(word, name)));
    }
    let saved = save_draft(conn, id, &draft.code)?;
    let asked = crate::journal::AskedDraft::of(planned);
    let plan = Plan {
        change: Change {
            kind,
            id,
            name,
            operation: Operation::DraftEdit,
            before: Snapshot {
                saved_draft: Some(saved.clone()),
                asked: Some(asked.seen_in(draft)),
                ..before
            },
            after: Snapshot {
                asked: Some(asked),
                ..after.clone()
            },
        },
        what: crate::strings::state::draft_edit_named(word, name),
    };
    let intent = intend(conn, plan)?;
    let result = authoring::send_draft_change(backend, owner, id, planned).await;
    let (_, intent) = answered(conn, intent, result).await?;
    intent.done(after);
    emit(&text::draft_saved(word, name, &saved.display().to_string()));
    Ok(())
}

/// The published version a module's draft holds unchanged, if it does.
fn held_version(module: &Module) -> Snapshot {
    match &module.latest_version {
        Some(v) if module.all_changes_published => Snapshot {
            version_id: Some(v.id.clone()),
            version_number: Some(v.number),
            ..Snapshot::default()
        },
        _ => Snapshot::default(),
    }
}

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
                format!("{trigger} (as '{}')", b.display_name)
            }
        })
        .collect())
}

/// `codedeck actions delete NAME|ID [--force] [--yes]`.
pub async fn delete_action(
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
    confirm(
        &text::confirm_delete_action(&action.name, live.map(|v| v.number), &bound),
        yes,
    )?;
    let saved = save_draft(conn, &action.id, &action.code)?;
    let plan = Plan {
        change: Change {
            kind: ObjectKind::Action,
            id: &action.id,
            name: &action.name,
            operation: Operation::Delete,
            before: Snapshot {
                version_id: live.map(|v| v.id.clone()),
                version_number: live.map(|v| v.number),
                saved_draft: Some(saved.clone()),
                ..Snapshot::default()
            },
            after: Snapshot::default(),
        },
        what: words::delete_named("action", &action.name),
    };
    let intent = intend(conn, plan)?;
    let result = backend.delete_action(&action.id, force).await;
    if let Err(e) = &result {
        forget_if_refused(&saved, e);
    }
    let ((), intent) = answered(conn, intent, result).await?;
    intent.done(Snapshot::default());
    emit(&text::deleted(
        "action",
        &action.name,
        &saved.display().to_string(),
        &bound,
    ));
    Ok(())
}

/// A delete the service refused (4xx) changed nothing: the copy saved for it is not needed.
fn forget_if_refused(saved: &Path, e: &BackendError) {
    if e.status().is_some_and(|s| (400..500).contains(&s)) {
        let _ = std::fs::remove_file(saved);
    }
}

/// `codedeck modules delete NAME|ID [--yes]`.
pub async fn delete_module(conn: &Connected, key: &str, yes: bool) -> Result<(), CliError> {
    let backend = &*conn.backend;
    let module = find_module(backend, key).await?;
    confirm(
        &text::confirm_delete_module(&module.name, module.latest_version_number()),
        yes,
    )?;
    let saved = save_draft(conn, &module.id, &module.code)?;
    let plan = Plan {
        change: Change {
            kind: ObjectKind::Module,
            id: &module.id,
            name: &module.name,
            operation: Operation::Delete,
            before: Snapshot {
                saved_draft: Some(saved.clone()),
                ..held_version(&module)
            },
            after: Snapshot::default(),
        },
        what: words::delete_named("module", &module.name),
    };
    let intent = intend(conn, plan)?;
    let result = backend.delete_module(&module.id).await;
    if let Err(e) = &result {
        forget_if_refused(&saved, e);
    }
    let result = match result {
        Err(e) if e.status() == Some(412) => {
            intent.finish(Outcome::NotDone, Snapshot::default(), Some(e.to_string()));
            let users: Vec<String> = backend
                .list_module_actions(&module.id)
                .await
                .unwrap_or_default()
                .iter()
                .map(|u| format!("{} (v{})", u.action_name, u.module_version_number))
                .collect();
            let service = match &e {
                BackendError::Api { message, .. } => message.clone(),
                other => other.to_string(),
            };
            return Err(failed(text::module_in_use(&module.name, &users, &service)));
        }
        other => other,
    };
    let ((), intent) = answered(conn, intent, result).await?;
    intent.done(Snapshot::default());
    emit(&text::deleted(
        "module",
        &module.name,
        &saved.display().to_string(),
        &[],
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn stdin_secrets_skip_blanks_and_comments_and_keep_the_value_verbatim() {
        let input =
            "# the tenant's keys\n\nAPI_KEY=abc=def\r\n  SLACK_URL =https://x/y?a=1 \n\t# x\n";
        let secrets = parse_secret_lines(input).unwrap();
        let pairs: Vec<(&str, Option<&str>)> = secrets
            .iter()
            .map(|s| (s.name.as_str(), value(s)))
            .collect();
        assert_eq!(
            pairs,
            [
                ("API_KEY", Some("abc=def")),
                ("SLACK_URL", Some("https://x/y?a=1 "))
            ]
        );
        assert!(parse_secret_lines("").unwrap().is_empty());
    }

    #[test]
    fn a_bad_stdin_line_is_named_by_number_and_never_shown() {
        let err = parse_secret_lines("A=1\nhunter2-no-equals\n").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        assert!(!err.contains("hunter2"), "{err}");
        let err = parse_secret_lines("=value-without-name").unwrap_err();
        assert!(
            err.contains("line 1") && !err.contains("value-without"),
            "{err}"
        );
    }

    #[test]
    fn env_secrets_need_a_set_non_empty_variable() {
        let env = |name: &str| match name {
            "SET" => Some("s3cr3t".to_string()),
            "EMPTY" => Some(String::new()),
            _ => None,
        };
        let ok = secrets_from_env(&["SET".into()], env).unwrap();
        assert_eq!(value(&ok[0]), Some("s3cr3t"));
        for missing in ["EMPTY", "UNSET"] {
            let err = secrets_from_env(&["SET".into(), missing.into()], env).unwrap_err();
            assert!(err.contains(missing) && !err.contains("s3cr3t"), "{err}");
        }
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

    fn trigger(id: &str, version: &str, status: TriggerStatus) -> Trigger {
        Trigger {
            id: id.into(),
            version: version.into(),
            status,
            runtimes: vec!["node18-actions".into(), "node22".into()],
            default_runtime: Some("node22".into()),
            binding_policy: None,
            compatible_triggers: vec![],
        }
    }

    #[test]
    fn a_trigger_id_picks_its_current_version_and_deprecated_ones_are_refused() {
        let triggers = [
            trigger("post-login", "v1", TriggerStatus::Deprecated),
            trigger("post-login", "v3", TriggerStatus::Current),
            trigger("old-hook", "v1", TriggerStatus::Deprecated),
        ];
        assert_eq!(pick_trigger(&triggers, "post-login").unwrap().version, "v3");
        assert_eq!(
            pick_trigger(&triggers, "post-login@v3").unwrap().version,
            "v3"
        );
        let err = pick_trigger(&triggers, "post-login@v1").unwrap_err();
        assert!(
            err.contains("deprecated") && err.contains("post-login@v3"),
            "{err}"
        );
        let err = pick_trigger(&triggers, "old-hook").unwrap_err();
        assert!(err.contains("deprecated"), "{err}");
        let err = pick_trigger(&triggers, "nope").unwrap_err();
        assert!(
            err.contains("post-login@v3") && !err.contains("old-hook"),
            "{err}"
        );
        let t = &triggers[1];
        assert_eq!(pick_runtime(t, None).unwrap().as_deref(), Some("node22"));
        assert_eq!(
            pick_runtime(t, Some("node18-actions")).unwrap().as_deref(),
            Some("node18-actions")
        );
        assert!(pick_runtime(t, Some("node12"))
            .unwrap_err()
            .contains("node18-actions, node22"));
    }
}
