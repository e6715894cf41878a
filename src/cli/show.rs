//! The read-only commands of actions, modules, triggers and bindings: `list` as a table, `show` as a
//! detail block, either as JSON with `--json`.

use serde::Serialize;

use super::lookup::{find_action, find_module};
use super::output::{emit, print_json, say, version_label};
use super::table::Table;
use super::CliError;
use crate::backend::Backend;
use crate::model::{Action, ActionFilter, Binding, BindingPolicy, Module, ModuleUsage, Trigger};
use crate::strings::cli as text;

fn live_version(action: &Action) -> String {
    version_label(action.deployed_version.as_ref().map(|v| v.number))
}

fn draft_marker(differs: bool) -> String {
    if differs {
        text::DRAFT_DIFFERS.to_string()
    } else {
        String::new()
    }
}

fn or_none(items: &[String]) -> String {
    if items.is_empty() {
        text::NONE.to_string()
    } else {
        items.join(", ")
    }
}

/// `codedeck actions list [--trigger T] [--json]`.
pub(super) async fn list_actions(
    backend: &dyn Backend,
    trigger: Option<String>,
    json: bool,
) -> Result<(), CliError> {
    let filter = ActionFilter {
        trigger_id: trigger,
        ..ActionFilter::default()
    };
    let mut list = backend.list_actions(&filter).await?;
    list.sort_by_key(|a| a.name.to_lowercase());
    if json {
        return print_json(&list);
    }
    let mut t = Table::new(text::ACTIONS_HEADER);
    for a in &list {
        t.row(vec![
            a.name.clone(),
            a.trigger_ids().join(","),
            a.runtime.clone(),
            a.status.as_str().to_string(),
            live_version(a),
            draft_marker(a.draft_differs()),
            a.id.clone(),
        ]);
    }
    emit(&t.render());
    Ok(())
}

/// `codedeck actions show NAME|ID [--json]`.
pub(super) async fn show_action(
    backend: &dyn Backend,
    key: &str,
    json: bool,
) -> Result<(), CliError> {
    let a = find_action(backend, key).await?;
    if json {
        return print_json(&a);
    }
    emit(&describe_action(&a));
    Ok(())
}

fn describe_action(a: &Action) -> String {
    let triggers: Vec<String> = a
        .supported_triggers
        .iter()
        .map(|t| text::at_version(&t.id, &t.version))
        .collect();
    let deps: Vec<String> = a
        .dependencies
        .iter()
        .map(|d| text::at_version(&d.name, &d.version))
        .collect();
    let secrets: Vec<String> = a.secrets.iter().map(|s| s.name.clone()).collect();
    let modules: Vec<String> = a
        .modules
        .iter()
        .map(|m| text::module_pin(&m.module_name, m.module_version_number))
        .collect();
    let draft = if a.draft_differs() {
        crate::strings::state::draft_differs_in(
            text::DRAFT_DIFFERS,
            a.deployed_version
                .as_ref()
                .is_some_and(|live| live.code != a.code),
            &a.settings_changes(),
        )
    } else {
        text::DRAFT_SAME.into()
    };
    let mut out = String::new();
    for (label, value) in [
        (text::FIELD_NAME, a.name.clone()),
        (text::FIELD_ID, a.id.clone()),
        (text::FIELD_TRIGGERS, or_none(&triggers)),
        (text::FIELD_RUNTIME, a.runtime.clone()),
        (text::FIELD_DRAFT_STATUS, a.status.as_str().to_string()),
        (text::FIELD_LIVE, live_version(a)),
        (text::FIELD_DRAFT, draft),
        (text::FIELD_DEPENDENCIES, or_none(&deps)),
        (text::FIELD_SECRETS, or_none(&secrets)),
        (text::FIELD_MODULES, or_none(&modules)),
    ] {
        out.push_str(&text::field(label, &value));
    }
    out.push_str(&format!("\n{}\n", a.code.trim_end()));
    out
}

/// `codedeck modules list [--json]`.
pub(super) async fn list_modules(backend: &dyn Backend, json: bool) -> Result<(), CliError> {
    let mut list = backend.list_modules().await?;
    list.sort_by_key(|m| m.name.to_lowercase());
    if json {
        return print_json(&list);
    }
    let mut t = Table::new(text::MODULES_HEADER);
    for m in &list {
        t.row(vec![
            m.name.clone(),
            version_label(m.latest_version_number()),
            if m.draft_unpublished() {
                text::DRAFT_UNPUBLISHED.into()
            } else {
                String::new()
            },
            m.actions_using_module_total.to_string(),
            m.id.clone(),
        ]);
    }
    emit(&t.render());
    Ok(())
}

/// `codedeck modules show NAME|ID [--json]`: with the actions using it.
pub(super) async fn show_module(
    backend: &dyn Backend,
    key: &str,
    json: bool,
) -> Result<(), CliError> {
    let m = find_module(backend, key).await?;
    let users = backend.list_module_actions(&m.id).await?;
    if json {
        #[derive(Serialize)]
        struct Shown<'a> {
            #[serde(flatten)]
            module: &'a Module,
            used_by: &'a [ModuleUsage],
        }
        return print_json(&Shown {
            module: &m,
            used_by: &users,
        });
    }
    emit(&describe_module(&m, &users));
    Ok(())
}

fn describe_module(m: &Module, users: &[ModuleUsage]) -> String {
    let deps: Vec<String> = m
        .dependencies
        .iter()
        .map(|d| text::at_version(&d.name, &d.version))
        .collect();
    let secrets: Vec<String> = m.secrets.iter().map(|s| s.name.clone()).collect();
    let used: Vec<String> = users
        .iter()
        .map(|u| text::used_by(&u.action_name, u.module_version_number))
        .collect();
    let draft = if m.draft_unpublished() {
        text::DRAFT_UNPUBLISHED
    } else {
        text::DRAFT_PUBLISHED
    };
    let mut out = String::new();
    for (label, value) in [
        (text::FIELD_NAME, m.name.clone()),
        (text::FIELD_ID, m.id.clone()),
        (text::FIELD_LATEST, version_label(m.latest_version_number())),
        (text::FIELD_DRAFT, draft.to_string()),
        (text::FIELD_DEPENDENCIES, or_none(&deps)),
        (text::FIELD_SECRETS, or_none(&secrets)),
        (text::FIELD_USED_BY, or_none(&used)),
    ] {
        out.push_str(&text::field(label, &value));
    }
    out.push_str(&format!("\n{}\n", m.code.trim_end()));
    out
}

/// `codedeck triggers list [--json]`.
pub(super) async fn list_triggers(backend: &dyn Backend, json: bool) -> Result<(), CliError> {
    let list = backend.list_triggers().await?;
    if json {
        return print_json(&list);
    }
    let mut t = Table::new(text::TRIGGERS_HEADER);
    for tr in &list {
        t.row(vec![
            tr.id.clone(),
            tr.version.clone(),
            tr.status.as_str().to_string(),
            policy_label(tr).to_string(),
            tr.default_runtime.clone().unwrap_or_default(),
            tr.runtimes.join(","),
        ]);
    }
    emit(&t.render());
    Ok(())
}

fn policy_label(t: &Trigger) -> &'static str {
    match t.binding_policy {
        Some(BindingPolicy::EntityBound) => text::ENTITY_BOUND,
        _ => text::TRIGGER_BOUND,
    }
}

/// `codedeck bindings list TRIGGER [--json]`.
pub(super) async fn list_bindings(
    backend: &dyn Backend,
    trigger: &str,
    json: bool,
) -> Result<(), CliError> {
    let list: Vec<Binding> = match backend.list_bindings(trigger).await {
        Ok(list) => list,
        Err(e) if crate::flows::is_entity_bound_refusal(&e) => {
            say(&text::entity_bound(trigger));
            Vec::new()
        }
        Err(e) => return Err(e.into()),
    };
    if json {
        return print_json(&list);
    }
    print_bindings(trigger, &list);
    Ok(())
}

/// A trigger's bindings as a table in execution order, or a line on stderr when there are none.
pub(super) fn print_bindings(trigger: &str, list: &[Binding]) {
    if list.is_empty() {
        say(&text::no_bindings(trigger));
        return;
    }
    let mut t = Table::new(text::BINDINGS_HEADER);
    for (i, b) in list.iter().enumerate() {
        t.row(vec![
            (i + 1).to_string(),
            b.display_name.clone(),
            b.action.name.clone(),
            live_version(&b.action),
            draft_marker(b.action.draft_differs()),
        ]);
    }
    emit(&t.render());
}
