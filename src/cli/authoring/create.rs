//! `codedeck actions create` and `codedeck modules create`: everything checked before anything is
//! sent, then one create request (its intent names the object by name: its id is not known yet).

use super::secrets_input::given_secrets;
use super::{kind_of, parse_dependencies, read_code, usage};
use crate::authoring::{self, Owner};
use crate::cli::change::{snapshot, Change};
use crate::cli::follow::{conclude, deploy_change};
use crate::cli::lookup::action_named;
use crate::cli::output::emit;
use crate::cli::{CliError, Connected, SourceArgs};
use crate::flow::DeployFlow;
use crate::journal::{Operation, Snapshot};
use crate::model::{Dependency, NewAction, NewModule, SecretInput, Trigger, TriggerStatus};
use crate::strings::cli as text;
use crate::strings::journal as words;

/// `id@version` of each CURRENT trigger, in the service's order.
fn current_triggers(triggers: &[Trigger]) -> Vec<String> {
    triggers
        .iter()
        .filter(|t| t.status == TriggerStatus::Current)
        .map(|t| text::at_version(&t.id, &t.version))
        .collect()
}

/// The trigger a new action goes on: `post-login` (its CURRENT version) or `post-login@v3`. Only
/// current versions take new actions.
pub(super) fn pick_trigger(triggers: &[Trigger], spec: &str) -> Result<Trigger, String> {
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
pub(super) fn pick_runtime(
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
            &text::at_version(&trigger.id, &trigger.version),
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

/// The name and everything the flags give, checked against the service's limits (exit 2).
fn checked_source(owner: Owner, name: &str, source: &SourceArgs) -> Result<Checked, CliError> {
    authoring::check_name(name).map_err(usage)?;
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

/// A create about to be sent: its id is not known yet, so the intent names it by name (a lost
/// answer is read back by looking for that name). Nothing existing changes: nothing is asked.
fn create_change(owner: Owner, name: &str) -> Change<'_> {
    let (word, kind) = kind_of(owner);
    Change::new(
        kind,
        "",
        name,
        Operation::Create,
        crate::strings::state::create_named(word, name),
    )
}

/// `codedeck actions create --name N --trigger T [--runtime R] [--code-file F] … [--deploy]`.
pub(in crate::cli) async fn create_action(
    conn: &Connected,
    name: &str,
    trigger: &str,
    runtime: Option<&str>,
    source: &SourceArgs,
    deploy: bool,
) -> Result<(), CliError> {
    let Checked {
        code,
        dependencies,
        secrets,
    } = checked_source(Owner::Action, name, source)?;
    let backend = &*conn.backend;
    let triggers = backend.list_triggers().await?;
    let trigger = pick_trigger(&triggers, trigger).map_err(usage)?;
    let runtime = pick_runtime(&trigger, runtime).map_err(usage)?;
    if action_named(backend, name).await?.is_some() {
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
    let sent = create_change(Owner::Action, name)
        .send(conn, async { Ok(backend.create_action(&new).await?) })
        .await?;
    let (action, mut intent) = (sent.value, sent.intent);
    intent.identify(&action.id);
    intent.done(Snapshot::default());
    emit(&text::created_action(
        &action.name,
        &action.id,
        &text::at_version(&trigger.id, &trigger.version),
        &action.runtime,
    ));
    if !deploy {
        return Ok(());
    }
    let end = deploy_change(
        &action,
        Operation::ActionDeploy,
        words::deploy_named(&action.name),
    )
    .follow(conn, DeployFlow::deploy_draft(&action.id))
    .await?;
    conclude(
        &action,
        end,
        |number| text::deployed(&action.name, number, None),
        |why| text::first_deploy_failed(&action.name, why),
    )
}

/// `codedeck modules create --name N --code-file F … [--publish]`.
pub(in crate::cli) async fn create_module(
    conn: &Connected,
    name: &str,
    source: &SourceArgs,
    publish: bool,
) -> Result<(), CliError> {
    let Checked {
        code,
        dependencies,
        secrets,
    } = checked_source(Owner::Module, name, source)?;
    let backend = &*conn.backend;
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
    let sent = create_change(Owner::Module, name)
        .send(conn, async { Ok(backend.create_module(&new).await?) })
        .await?;
    let (module, mut intent) = (sent.value, sent.intent);
    let first = module.latest_version.as_ref();
    intent.identify(&module.id);
    intent.done(snapshot(
        first.map(|v| v.id.as_str()),
        first.map(|v| v.number),
    ));
    emit(&text::created_module(
        &module.name,
        &module.id,
        first.map(|v| v.number),
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
