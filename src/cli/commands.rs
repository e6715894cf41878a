//! The non-interactive commands. Each resolves its arguments through the backend and prints a table,
//! a detail block or JSON.

use std::io::Write;
use std::time::Duration;

use serde::Serialize;

use super::table::Table;
use super::{authoring, bindings, mutate, testrun, versions};
use super::{
    ActionsCmd, BindingsCmd, CliError, Connected, EmulatorArgs, ModulesCmd, SeedArg, TriggersCmd,
};
use crate::backend::Backend;
use crate::emulator::{self, EmulatorOptions, RateLimit, Seed};
use crate::model::{
    terminal_safe, Action, ActionFilter, Binding, BindingPolicy, Module, ModuleUsage, Trigger,
};
use crate::strings::cli as text;

/// Writes command output, stripped of control characters (it holds remote names, code and messages).
pub(super) fn emit(text: &str) {
    emit_styled(&terminal_safe(text));
}

/// Writes output whose only control sequences are codedeck's own colours (its remote text was
/// made safe span by span, see `diff::text::line_text`). A reader that went away (`| head`) is not
/// an error: stop quietly, as Unix tools do.
pub(super) fn emit_styled(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("codedeck: cannot write the output: {e}");
        std::process::exit(1);
    }
}

/// Writes a line to stderr (notes, progress, questions), stripped of control characters.
pub(super) fn say(text: &str) {
    eprintln!("{}", terminal_safe(text));
}

pub(super) fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<(), CliError> {
    let mut value = serde_json::to_value(value).map_err(anyhow::Error::from)?;
    without_bookkeeping(&mut value);
    let json = serde_json::to_string_pretty(&value).map_err(anyhow::Error::from)?;
    emit(&format!("{}\n", escape_controls(&json)));
    Ok(())
}

/// serde_json escapes the C0 controls only; DEL and the C1 controls (0x80–0x9f) get `\uXXXX` too,
/// so the JSON keeps every character of remote text and none reaches the terminal raw. (Outside
/// strings, pretty JSON holds no control character but its newlines.)
pub(super) fn escape_controls(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_control() && c != '\n' {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// JSON output says what the service said: an action's `code_loaded` is codedeck's bookkeeping and
/// goes; the code it marks as not sent (listed and bound actions) is null, and so is every text
/// field of an action the service left out (a bound action's status, runtime …), not an empty
/// string a script would take for a value.
fn without_bookkeeping(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Array(items) => items.iter_mut().for_each(without_bookkeeping),
        Value::Object(fields) => {
            if let Some(loaded) = fields.remove("code_loaded") {
                if loaded == Value::Bool(false) {
                    fields.insert("code".into(), Value::Null);
                }
                for field in fields.values_mut() {
                    if field.as_str() == Some("") {
                        *field = Value::Null;
                    }
                }
            }
            fields.values_mut().for_each(without_bookkeeping);
        }
        _ => {}
    }
}

/// `v7`, or a dash when there is no such version (never deployed, never published).
pub(super) fn version_label(number: Option<u32>) -> String {
    number.map_or_else(|| text::NEVER.to_string(), |n| format!("v{n}"))
}

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

fn or_none(items: Vec<String>) -> String {
    if items.is_empty() {
        text::NONE.to_string()
    } else {
        items.join(", ")
    }
}

/// Finds an action by exact id or exact name; `None` when there is no such action.
pub(super) async fn lookup_action(
    backend: &dyn Backend,
    key: &str,
) -> Result<Option<Action>, CliError> {
    match backend.get_action(key).await {
        Ok(action) => return Ok(Some(action)),
        Err(e) if e.is_not_found() || e.status() == Some(400) => {}
        Err(e) => return Err(e.into()),
    }
    let filter = ActionFilter {
        action_name: Some(key.to_string()),
        ..ActionFilter::default()
    };
    let found = backend.list_actions(&filter).await?;
    match found.into_iter().find(|a| a.name == key) {
        // The list payload may omit code: fetch the full action.
        Some(a) => Ok(Some(backend.get_action(&a.id).await?)),
        None => Ok(None),
    }
}

/// Finds an action by exact id or exact name.
pub(super) async fn find_action(backend: &dyn Backend, key: &str) -> Result<Action, CliError> {
    lookup_action(backend, key)
        .await?
        .ok_or_else(|| CliError::NotFound(text::no_such("action", key)))
}

pub(super) async fn find_module(backend: &dyn Backend, key: &str) -> Result<Module, CliError> {
    let modules = backend.list_modules().await?;
    match modules.into_iter().find(|m| m.id == key || m.name == key) {
        Some(m) => Ok(backend.get_module(&m.id).await?),
        None => Err(CliError::NotFound(text::no_such("module", key))),
    }
}

pub async fn actions(conn: &Connected, cmd: ActionsCmd) -> Result<(), CliError> {
    let backend = &*conn.backend;
    match cmd {
        ActionsCmd::List { json, trigger } => {
            let filter = ActionFilter {
                trigger_id: trigger,
                ..ActionFilter::default()
            };
            let mut list = backend.list_actions(&filter).await?;
            list.sort_by_key(|a| a.name.to_lowercase());
            if json {
                return print_json(&list);
            }
            let mut t = Table::new(&[
                "NAME", "TRIGGERS", "RUNTIME", "STATUS", "LIVE", "DRAFT", "ID",
            ]);
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
        ActionsCmd::Show { action, json } => {
            let a = find_action(backend, &action).await?;
            if json {
                return print_json(&a);
            }
            emit(&describe_action(&a));
            Ok(())
        }
        ActionsCmd::Diff {
            action,
            from,
            to,
            view,
        } => versions::action_diff(conn, &action, &from, &to, &view).await,
        ActionsCmd::Deploy { action, wait, yes } => {
            mutate::deploy_action(conn, &action, wait, yes).await
        }
        ActionsCmd::Rollback { action, to, yes } => {
            mutate::rollback_action(conn, &action, to, yes).await
        }
        ActionsCmd::Create {
            name,
            trigger,
            runtime,
            source,
            deploy,
        } => {
            authoring::create_action(conn, &name, &trigger, runtime.as_deref(), &source, deploy)
                .await
        }
        ActionsCmd::Update {
            action,
            change,
            runtime,
            no_wait,
        } => authoring::update_action(conn, &action, &change, runtime.as_deref(), no_wait).await,
        ActionsCmd::Delete { action, force, yes } => {
            authoring::delete_action(conn, &action, force, yes).await
        }
        ActionsCmd::Test {
            action,
            payload_file,
            json,
            color,
        } => testrun::test_action(conn, &action, payload_file.as_deref(), json, color).await,
    }
}

fn describe_action(a: &Action) -> String {
    let triggers = a
        .supported_triggers
        .iter()
        .map(|t| format!("{}@{}", t.id, t.version))
        .collect();
    let deps = a
        .dependencies
        .iter()
        .map(|d| format!("{}@{}", d.name, d.version))
        .collect();
    let secrets = a.secrets.iter().map(|s| s.name.clone()).collect();
    let modules = a
        .modules
        .iter()
        .map(|m| format!("{} v{}", m.module_name, m.module_version_number))
        .collect();
    let mut out = String::new();
    let mut field = |k: &str, v: String| out.push_str(&format!("{k:<14}{v}\n"));
    field("name", a.name.clone());
    field("id", a.id.clone());
    field("triggers", or_none(triggers));
    field("runtime", a.runtime.clone());
    field("draft status", a.status.as_str().to_string());
    field("live", live_version(a));
    field(
        "draft",
        if a.draft_differs() {
            crate::strings::state::draft_differs_in(
                text::DRAFT_DIFFERS,
                a.deployed_version
                    .as_ref()
                    .is_some_and(|live| live.code != a.code),
                &a.settings_changes(),
            )
        } else {
            text::DRAFT_SAME.into()
        },
    );
    field("dependencies", or_none(deps));
    field("secrets", or_none(secrets));
    field("modules", or_none(modules));
    out.push_str(&format!("\n{}\n", a.code.trim_end()));
    out
}

pub async fn modules(conn: &Connected, cmd: ModulesCmd) -> Result<(), CliError> {
    let backend = &*conn.backend;
    match cmd {
        ModulesCmd::List { json } => {
            let mut list = backend.list_modules().await?;
            list.sort_by_key(|m| m.name.to_lowercase());
            if json {
                return print_json(&list);
            }
            let mut t = Table::new(&["NAME", "LATEST", "DRAFT", "USED BY", "ID"]);
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
        ModulesCmd::Show { module, json } => {
            let m = find_module(backend, &module).await?;
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
        ModulesCmd::Diff {
            module,
            from,
            to,
            view,
        } => versions::module_diff(conn, &module, &from, &to, &view).await,
        ModulesCmd::Publish { module, yes } => mutate::publish_module(conn, &module, yes).await,
        ModulesCmd::Rollback { module, to, yes } => {
            mutate::rollback_module(conn, &module, to, yes).await
        }
        ModulesCmd::Create {
            name,
            source,
            publish,
        } => authoring::create_module(conn, &name, &source, publish).await,
        ModulesCmd::Update { module, change } => {
            authoring::update_module(conn, &module, &change).await
        }
        ModulesCmd::Delete { module, yes } => authoring::delete_module(conn, &module, yes).await,
    }
}

fn describe_module(m: &Module, users: &[ModuleUsage]) -> String {
    let deps = m
        .dependencies
        .iter()
        .map(|d| format!("{}@{}", d.name, d.version))
        .collect();
    let secrets = m.secrets.iter().map(|s| s.name.clone()).collect();
    let used = users
        .iter()
        .map(|u| format!("{} (v{})", u.action_name, u.module_version_number))
        .collect();
    let mut out = String::new();
    let mut field = |k: &str, v: String| out.push_str(&format!("{k:<14}{v}\n"));
    field("name", m.name.clone());
    field("id", m.id.clone());
    field("latest", version_label(m.latest_version_number()));
    field(
        "draft",
        if m.draft_unpublished() {
            text::DRAFT_UNPUBLISHED.into()
        } else {
            text::DRAFT_PUBLISHED.into()
        },
    );
    field("dependencies", or_none(deps));
    field("secrets", or_none(secrets));
    field("used by", or_none(used));
    out.push_str(&format!("\n{}\n", m.code.trim_end()));
    out
}

pub async fn triggers(backend: &dyn Backend, cmd: TriggersCmd) -> Result<(), CliError> {
    let TriggersCmd::List { json } = cmd;
    let list = backend.list_triggers().await?;
    if json {
        return print_json(&list);
    }
    let mut t = Table::new(&[
        "ID",
        "VERSION",
        "STATUS",
        "BINDINGS",
        "DEFAULT RUNTIME",
        "RUNTIMES",
    ]);
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

pub async fn bindings(conn: &Connected, cmd: BindingsCmd) -> Result<(), CliError> {
    match cmd {
        BindingsCmd::List { trigger, json } => list_bindings(&*conn.backend, &trigger, json).await,
        BindingsCmd::Set {
            trigger,
            actions,
            // clap asks for an ACTION unless --none is given: an empty list is --none.
            none: _,
            yes,
        } => bindings::set(conn, &trigger, &actions, yes).await,
        BindingsCmd::Move {
            trigger,
            action,
            to,
            yes,
        } => bindings::move_to(conn, &trigger, &action, to, yes).await,
    }
}

async fn list_bindings(backend: &dyn Backend, trigger: &str, json: bool) -> Result<(), CliError> {
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
    let mut t = Table::new(&["#", "DISPLAY NAME", "ACTION", "LIVE", "DRAFT"]);
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

pub async fn emulator(args: &EmulatorArgs) -> Result<(), CliError> {
    let mut opts = EmulatorOptions {
        seed: match args.seed {
            SeedArg::Demo => Seed::Demo,
            SeedArg::Empty => Seed::Empty,
        },
        token: args.token.clone(),
        faircom_username: args.faircom_user.clone(),
        ..EmulatorOptions::default()
    };
    if let Some(password) = &args.faircom_password {
        opts.faircom_password = password.clone();
    }
    opts.rate_limit = args.rate_limit.map(|n| RateLimit {
        burst: n.max(1),
        per_second: f64::from(n.max(1)),
        send_retry_after: false,
    });
    opts.latency = args.latency_ms.map(Duration::from_millis);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port))
        .await
        .map_err(|e| CliError::Usage(format!("cannot listen on 127.0.0.1:{}: {e}", args.port)))?;
    let addr = listener.local_addr().map_err(anyhow::Error::from)?;
    let token = opts
        .token
        .get_or_insert_with(|| crate::secret::Secret::new(emulator::generate_token()))
        .clone();
    // A closed stdout (`codedeck emulator | head -1`) must not stop the server.
    let _ = writeln!(
        std::io::stdout().lock(),
        "{}",
        text::emulator_banner(
            &format!("http://{addr}"),
            // Printed on purpose, once: the user copies it into the client.
            token.expose(),
            &opts.client_id,
            opts.client_secret.expose(),
            &opts.faircom_username,
            opts.faircom_password.expose(),
        )
    );
    emulator::serve(listener, opts)
        .await
        .map_err(|e| CliError::Other(e.into()))
}
