//! Writing actions and modules from the dashboard: `e` edits a draft in the user's editor, `s` its
//! dependencies and secrets, `n` creates, `X` deletes, `t` test-runs an action, `:exec ID` shows an
//! execution. Every change goes through a confirm dialog and `changes::start`; no I/O here.

use std::sync::Arc;

use crate::app::changes::{self, busy};
use crate::app::keymap::Intent;
use crate::app::msg::{Cmd, DraftSaved, EditPurpose};
use crate::app::state::{
    Change, Confirm, CreateStep, Creating, ExecutionView, FlashKind, Menu, MenuPurpose, NewObject,
    Overlay, Prompt, PromptPurpose, Remote, SecretRow, Settings, SettingsFor, Slot, State,
    TestResult, View,
};
use crate::app::update::{flash, new_moved};
use crate::app::versions::diff_of;
use crate::authoring::{self, Owner};
use crate::backend::BackendError;
use crate::flow::DeployFlow;
use crate::model::{
    Dependency, DraftChange, Execution, NewAction, NewModule, SecretInput, TestRun, Trigger,
    TriggerRef, TriggerStatus,
};
use crate::secret::Secret;
use crate::strings as s;

/// The action or module the keys act on: the open detail when loaded, else the selected row.
struct Focused {
    owner: Owner,
    id: String,
    name: String,
    code: Option<String>,
    dependencies: Vec<Dependency>,
    secrets: Vec<String>,
    triggers: Vec<TriggerRef>,
}

fn focused(state: &State) -> Option<Focused> {
    match state.view {
        View::Actions => {
            let selected = state.selected_action()?;
            let action = state
                .actions
                .detail
                .as_ref()
                .and_then(|d| d.action.data.ready())
                .filter(|a| a.id == selected.id)
                .unwrap_or(selected);
            Some(Focused {
                owner: Owner::Action,
                id: action.id.clone(),
                name: action.name.clone(),
                code: action.code_loaded.then(|| action.code.clone()),
                dependencies: action.dependencies.clone(),
                secrets: action.secrets.iter().map(|s| s.name.clone()).collect(),
                triggers: action.supported_triggers.clone(),
            })
        }
        View::Modules => {
            let selected = state.modules_list().get(state.modules.selected)?;
            let module = state
                .modules
                .detail
                .as_ref()
                .and_then(|d| d.module.data.ready())
                .filter(|m| m.id == selected.id)
                .unwrap_or(selected);
            Some(Focused {
                owner: Owner::Module,
                id: module.id.clone(),
                name: module.name.clone(),
                code: Some(module.code.clone()),
                dependencies: module.dependencies.clone(),
                secrets: module.secrets.iter().map(|s| s.name.clone()).collect(),
                triggers: vec![],
            })
        }
        _ => None,
    }
}

fn edit_cmd(state: &State, purpose: EditPurpose, text: Arc<str>, file_name: String) -> Cmd {
    Cmd::Edit {
        purpose,
        text,
        file_name,
        editor: state.opts.editor.clone(),
    }
}

// ── `e`: edit a draft ────────────────────────────────────────────────────────────────────────────

pub fn edit_draft(state: &mut State) -> Vec<Cmd> {
    if busy(state) {
        return vec![];
    }
    let Some(object) = focused(state) else {
        return vec![];
    };
    let Some(code) = object.code else {
        flash(state, FlashKind::Info, s::DRAFT_STILL_LOADING.to_string());
        return vec![];
    };
    // An edit that was not sent comes back, not the service's draft.
    let text = state
        .unsent
        .get(&object.id)
        .cloned()
        .unwrap_or_else(|| code.into());
    let purpose = EditPurpose::Draft {
        owner: object.owner,
        id: object.id,
        name: object.name.clone(),
    };
    vec![edit_cmd(
        state,
        purpose,
        text,
        format!("{}.js", object.name),
    )]
}

/// The editor closed.
pub fn on_edited(
    state: &mut State,
    purpose: EditPurpose,
    original: Arc<str>,
    result: Result<Option<String>, String>,
) -> Vec<Cmd> {
    let text: Arc<str> = match result {
        Ok(Some(text)) => text.into(),
        Ok(None) => original,
        Err(err) => {
            flash(state, FlashKind::Error, err);
            return vec![];
        }
    };
    match purpose {
        EditPurpose::Draft { owner, id, name } => edited_draft(state, owner, id, name, text),
        EditPurpose::NewCode => edited_new_code(state, text),
        EditPurpose::TestPayload { action_id, name } => {
            edited_payload(state, action_id, name, text)
        }
    }
}

fn edited_draft(
    state: &mut State,
    owner: Owner,
    id: String,
    name: String,
    text: Arc<str>,
) -> Vec<Cmd> {
    let Some(draft) = focused(state).filter(|f| f.id == id).and_then(|f| f.code) else {
        state.unsent.insert(id, text);
        flash(state, FlashKind::Error, s::EDITED_OBJECT_GONE.to_string());
        return vec![];
    };
    if *text == *draft {
        state.unsent.remove(&id);
        flash(state, FlashKind::Info, s::EDIT_UNCHANGED.to_string());
        return vec![];
    }
    state.unsent.insert(id.clone(), Arc::clone(&text));
    if let Err(why) = authoring::check_code(owner, &text) {
        flash(state, FlashKind::Error, why);
        return vec![];
    }
    let before: Arc<str> = draft.into();
    let confirm = Confirm {
        title: s::confirm_save_draft_title(&name),
        lines: s::confirm_save_draft(owner),
        verb: s::VERB_SAVE,
        diff: Some(diff_of(
            Arc::clone(&before),
            Arc::clone(&text),
            s::DRAFT_NOW.to_string(),
            s::DRAFT_EDITED.to_string(),
        )),
        change: Change::DraftEdit {
            owner,
            id,
            name,
            before,
            change: DraftChange::code(text.to_string()),
        },
        undo: false,
        confirm_focused: false,
    };
    changes::ask(state, confirm);
    vec![]
}

/// The service took the change: follow an action's build; a module's draft is simply saved.
pub fn on_draft_saved(state: &mut State, result: Result<DraftSaved, String>) -> Vec<Cmd> {
    let saved = match result {
        Ok(saved) => saved,
        Err(err) => return changes::finish(state, FlashKind::Error, s::change_failed(&err)),
    };
    let Some(running) = state.running.as_mut() else {
        return vec![];
    };
    running.saved_draft = Some(saved.saved);
    let Change::DraftEdit {
        owner, id, change, ..
    } = &mut running.change
    else {
        return vec![];
    };
    // Sent once: the values are not kept a moment longer.
    if let Some(secrets) = change.secrets.as_mut() {
        secrets.iter_mut().for_each(|s| s.value = None);
    }
    let (owner, id) = (*owner, id.clone());
    state.unsent.remove(&id);
    match owner {
        Owner::Action => {
            let (flow, step) = DeployFlow::build(&id);
            if let Some(running) = state.running.as_mut() {
                running.flow = Some(flow);
            }
            // The PATCH answer already says where the build is; the flow reads on from there.
            match saved.action {
                Some(action) => changes::flow_advance(state, &action),
                None => changes::drive(state, step),
            }
        }
        Owner::Module => {
            let name = state
                .running
                .as_ref()
                .map(|r| r.change.object().1.to_string())
                .unwrap_or_default();
            changes::finish(state, FlashKind::Info, s::module_draft_saved(&name))
        }
    }
}

// ── `s`: dependencies and secrets ────────────────────────────────────────────────────────────────

pub fn open_settings(state: &mut State) -> Vec<Cmd> {
    if busy(state) {
        return vec![];
    }
    let Some(object) = focused(state) else {
        return vec![];
    };
    state.overlay = Overlay::Settings(Box::new(Settings {
        target: SettingsFor::Draft {
            owner: object.owner,
            id: object.id,
            name: object.name,
            dependencies: object.dependencies.clone(),
            secrets: object.secrets.clone(),
        },
        dependencies: object.dependencies,
        secrets: object.secrets.into_iter().map(SecretRow::Kept).collect(),
        selected: 0,
        prompt: None,
        error: None,
    }));
    vec![]
}

fn settings_mut(state: &mut State) -> Option<&mut Settings> {
    match &mut state.overlay {
        Overlay::Settings(settings) => Some(settings),
        _ => None,
    }
}

fn rows(settings: &Settings) -> usize {
    settings.dependencies.len() + settings.secrets.len()
}

/// Keys in the settings overlay (its prompt, when open, takes typed keys first).
pub fn on_settings_key(state: &mut State, intent: Intent) -> Vec<Cmd> {
    let Some(settings) = settings_mut(state) else {
        return vec![];
    };
    settings.error = None;
    let deps = settings.dependencies.len();
    match intent {
        movement if movement.is_movement() => {
            settings.selected = new_moved(settings.selected, rows(settings), movement, 10);
        }
        Intent::AddDependency => {
            if deps >= authoring::MAX_DEPENDENCIES {
                settings.error = Some(s::too_many_dependencies_here());
            } else {
                settings.prompt = Some(prompt(
                    s::PROMPT_DEPENDENCY,
                    "",
                    false,
                    PromptPurpose::Dependency(None),
                ));
            }
        }
        Intent::AddSecret => {
            let live = settings
                .secrets
                .iter()
                .filter(|r| !matches!(r, SecretRow::Removed(_)))
                .count();
            if live >= authoring::MAX_SECRETS {
                settings.error = Some(s::too_many_secrets_here());
            } else {
                settings.prompt = Some(prompt(
                    s::PROMPT_SECRET_NAME,
                    "",
                    false,
                    PromptPurpose::SecretName,
                ));
            }
        }
        Intent::Pick => {
            let selected = settings.selected;
            if let Some(dep) = settings.dependencies.get(selected) {
                let text = format!("{}@{}", dep.name, dep.version);
                settings.prompt = Some(prompt(
                    s::PROMPT_DEPENDENCY,
                    &text,
                    false,
                    PromptPurpose::Dependency(Some(selected)),
                ));
            } else if let Some(row) = settings.secrets.get(selected - deps) {
                let name = row.name().to_string();
                settings.prompt = Some(secret_value_prompt(name));
            }
        }
        Intent::RemoveRow => {
            let selected = settings.selected;
            if selected < deps {
                settings.dependencies.remove(selected);
            } else if let Some(row) = settings.secrets.get(selected - deps).cloned() {
                let at = selected - deps;
                match row {
                    // A secret added here and removed again was never sent: it just goes.
                    SecretRow::Set(name, _) if !was_there(&settings.target, &name) => {
                        settings.secrets.remove(at);
                    }
                    SecretRow::Removed(name) => settings.secrets[at] = SecretRow::Kept(name),
                    other => settings.secrets[at] = SecretRow::Removed(other.name().to_string()),
                }
            }
            settings.selected = settings.selected.min(rows(settings).saturating_sub(1));
        }
        Intent::Save => return save_settings(state),
        Intent::Back => {
            let creating = matches!(settings.target, SettingsFor::New);
            state.overlay = Overlay::None;
            if creating {
                cancel_create(state);
            }
        }
        _ => {}
    }
    vec![]
}

fn was_there(target: &SettingsFor, name: &str) -> bool {
    match target {
        SettingsFor::Draft { secrets, .. } => secrets.iter().any(|s| s == name),
        SettingsFor::New => false,
    }
}

fn prompt(label: &str, text: &str, masked: bool, purpose: PromptPurpose) -> Prompt {
    Prompt {
        label: label.to_string(),
        text: Secret::new(text),
        masked,
        purpose,
        error: None,
        hint: None,
    }
}

fn secret_value_prompt(name: String) -> Prompt {
    Prompt {
        hint: Some(s::SECRET_VALUE_HINT.to_string()),
        ..prompt(
            &s::prompt_secret_value(&name),
            "",
            true,
            PromptPurpose::SecretValue(name),
        )
    }
}

/// The secret list as it will be sent: kept ones by name, new values once, removed ones left out.
fn secret_inputs(rows: &[SecretRow]) -> Vec<SecretInput> {
    rows.iter()
        .filter_map(|row| match row {
            SecretRow::Kept(name) => Some(SecretInput {
                name: name.clone(),
                value: None,
            }),
            SecretRow::Set(name, value) => Some(SecretInput {
                name: name.clone(),
                value: Some(value.clone()),
            }),
            SecretRow::Removed(_) => None,
        })
        .collect()
}

/// `w`: for a draft, a confirm that says what is sent; when creating, the last step.
fn save_settings(state: &mut State) -> Vec<Cmd> {
    let Some(settings) = settings_mut(state) else {
        return vec![];
    };
    let secrets = secret_inputs(&settings.secrets);
    if let Err(why) = authoring::check_dependencies(&settings.dependencies)
        .and_then(|()| authoring::check_secrets(&secrets))
    {
        settings.error = Some(why);
        return vec![];
    }
    let dependencies = settings.dependencies.clone();
    let summary = s::settings_summary(&settings.dependencies, &settings.secrets);
    match settings.target.clone() {
        SettingsFor::New => {
            state.overlay = Overlay::None;
            finish_menu(state, dependencies, secrets)
        }
        SettingsFor::Draft {
            owner,
            id,
            name,
            dependencies: before_deps,
            secrets: before_secrets,
        } => {
            let secrets_changed = settings
                .secrets
                .iter()
                .any(|r| !matches!(r, SecretRow::Kept(_)))
                || settings.secrets.len() != before_secrets.len();
            let change = DraftChange {
                dependencies: (dependencies != before_deps).then_some(dependencies),
                secrets: secrets_changed.then_some(secrets),
                ..DraftChange::default()
            };
            if change == DraftChange::default() {
                state.overlay = Overlay::None;
                flash(state, FlashKind::Info, s::SETTINGS_UNCHANGED.to_string());
                return vec![];
            }
            if let Some(secrets) = &change.secrets {
                if let Err(why) = authoring::check_secrets_sendable(owner, secrets) {
                    if let Some(settings) = settings_mut(state) {
                        settings.error = Some(why);
                    }
                    return vec![];
                }
            }
            let Some(code) = focused(state).filter(|f| f.id == id).and_then(|f| f.code) else {
                state.overlay = Overlay::None;
                flash(state, FlashKind::Error, s::EDITED_OBJECT_GONE.to_string());
                return vec![];
            };
            let mut lines = s::confirm_save_draft(owner);
            lines.extend(summary);
            if change.secrets.is_some() {
                lines.push(s::secrets_note(owner).to_string());
            }
            let confirm = Confirm {
                title: s::confirm_save_settings_title(&name),
                lines,
                verb: s::VERB_SAVE,
                diff: None,
                change: Change::DraftEdit {
                    owner,
                    id,
                    name,
                    before: code.into(),
                    change,
                },
                undo: false,
                confirm_focused: false,
            };
            changes::ask(state, confirm);
            vec![]
        }
    }
}

// ── prompts ──────────────────────────────────────────────────────────────────────────────────────

fn prompt_mut(state: &mut State) -> Option<&mut Prompt> {
    match &mut state.overlay {
        Overlay::Prompt(prompt) => Some(prompt),
        Overlay::Settings(settings) => settings.prompt.as_mut(),
        _ => None,
    }
}

pub fn prompt_open(state: &State) -> bool {
    match &state.overlay {
        Overlay::Prompt(_) => true,
        Overlay::Settings(settings) => settings.prompt.is_some(),
        _ => false,
    }
}

/// A typed character.
pub fn on_prompt_char(state: &mut State, c: char) {
    if let Some(prompt) = prompt_mut(state) {
        let mut text = prompt.text.expose().to_string();
        text.push(c);
        prompt.text = Secret::new(text);
        prompt.error = None;
    }
}

pub fn on_prompt_key(state: &mut State, intent: Intent) -> Vec<Cmd> {
    let Some(prompt) = prompt_mut(state) else {
        return vec![];
    };
    match intent {
        Intent::FilterErase => {
            let mut text = prompt.text.expose().to_string();
            text.pop();
            prompt.text = Secret::new(text);
            vec![]
        }
        Intent::FilterClear => {
            close_prompt(state);
            vec![]
        }
        Intent::FilterKeep => {
            let prompt = prompt.clone();
            accept_prompt(state, prompt)
        }
        _ => vec![],
    }
}

fn close_prompt(state: &mut State) {
    let creating_name = matches!(
        &state.overlay,
        Overlay::Prompt(Prompt {
            purpose: PromptPurpose::CreateName,
            ..
        })
    );
    match &mut state.overlay {
        Overlay::Settings(settings) => settings.prompt = None,
        _ => state.overlay = Overlay::None,
    }
    if creating_name {
        state.creating = None;
    }
}

fn refuse_prompt(state: &mut State, why: String) -> Vec<Cmd> {
    if let Some(prompt) = prompt_mut(state) {
        prompt.error = Some(why);
    }
    vec![]
}

fn accept_prompt(state: &mut State, prompt: Prompt) -> Vec<Cmd> {
    let text = prompt.text.expose().trim().to_string();
    match prompt.purpose {
        PromptPurpose::Command => {
            state.overlay = Overlay::None;
            run_command(state, &text)
        }
        PromptPurpose::CreateName => {
            if let Err(why) = authoring::check_name(&text) {
                return refuse_prompt(state, why);
            }
            let exists = match state.view {
                View::Modules => state.modules_list().iter().any(|m| m.name == text),
                _ => state
                    .actions
                    .list
                    .data
                    .ready()
                    .is_some_and(|l| l.iter().any(|a| a.name == text)),
            };
            if exists {
                return refuse_prompt(state, s::name_taken(&text));
            }
            state.overlay = Overlay::None;
            let Some(creating) = state.creating.as_mut() else {
                return vec![];
            };
            creating.name = text;
            match creating.owner {
                Owner::Action => trigger_menu(state),
                Owner::Module => {
                    creating.code = s::MODULE_TEMPLATE.to_string();
                    open_new_code(state)
                }
            }
        }
        PromptPurpose::Dependency(row) => {
            let dependency = match authoring::parse_dependency(&text) {
                Ok(d) => d,
                Err(why) => return refuse_prompt(state, why),
            };
            let Some(settings) = settings_mut(state) else {
                return vec![];
            };
            let clash = settings
                .dependencies
                .iter()
                .enumerate()
                .any(|(i, d)| d.name == dependency.name && Some(i) != row);
            if clash {
                return refuse_prompt(state, s::authoring::dependency_twice(&dependency.name));
            }
            let Some(settings) = settings_mut(state) else {
                return vec![];
            };
            match row {
                Some(i) => settings.dependencies[i] = dependency,
                None => {
                    settings.dependencies.push(dependency);
                    settings.selected = settings.dependencies.len() - 1;
                }
            }
            settings.prompt = None;
            vec![]
        }
        PromptPurpose::SecretName => {
            if !authoring::is_secret_name(&text) {
                return refuse_prompt(state, s::authoring::secret_name_invalid(&text));
            }
            let Some(settings) = settings_mut(state) else {
                return vec![];
            };
            if settings
                .secrets
                .iter()
                .any(|r| r.name() == text && !matches!(r, SecretRow::Removed(_)))
            {
                return refuse_prompt(state, s::authoring::secret_twice(&text));
            }
            settings.prompt = Some(secret_value_prompt(text));
            vec![]
        }
        PromptPurpose::SecretValue(name) => {
            // Not trimmed: a secret is exactly what was typed.
            let value = prompt.text.clone();
            if value.is_empty() {
                return refuse_prompt(state, s::authoring::secret_value_empty(&name));
            }
            if value.expose().chars().count() > authoring::MAX_SECRET_VALUE_CHARS {
                return refuse_prompt(state, s::authoring::secret_value_too_long(&name));
            }
            let Some(settings) = settings_mut(state) else {
                return vec![];
            };
            let deps = settings.dependencies.len();
            match settings.secrets.iter().position(|r| r.name() == name) {
                Some(i) => {
                    settings.secrets[i] = SecretRow::Set(name, value);
                    settings.selected = deps + i;
                }
                None => {
                    settings.secrets.push(SecretRow::Set(name, value));
                    settings.selected = deps + settings.secrets.len() - 1;
                }
            }
            settings.prompt = None;
            vec![]
        }
    }
}

// ── `:` commands ─────────────────────────────────────────────────────────────────────────────────

/// `:` opens the command line; `E` opens it with `exec ` typed.
pub fn open_command(state: &mut State, text: &str) {
    state.overlay = Overlay::Prompt(Prompt {
        hint: Some(s::COMMAND_HINT.to_string()),
        ..prompt(":", text, false, PromptPurpose::Command)
    });
}

fn run_command(state: &mut State, text: &str) -> Vec<Cmd> {
    let mut words = text.split_whitespace();
    match (words.next(), words.next(), words.next()) {
        (Some("exec" | "execution"), Some(id), None) => {
            state.overlay = Overlay::Execution(Box::new(ExecutionView {
                id: id.to_string(),
                execution: Remote::Loading,
                scroll: 0,
            }));
            vec![Cmd::LoadExecution { id: id.to_string() }]
        }
        (None, ..) => vec![],
        _ => {
            flash(state, FlashKind::Error, s::unknown_command(text));
            vec![]
        }
    }
}

pub fn on_execution_loaded(state: &mut State, id: &str, result: Result<Execution, BackendError>) {
    let Overlay::Execution(view) = &mut state.overlay else {
        return;
    };
    if view.id != id {
        return;
    }
    view.execution = match result {
        Ok(execution) => Remote::Ready(execution),
        Err(err) if err.is_not_found() => Remote::Failed(s::execution_not_found(id)),
        Err(err) => Remote::Failed(err.to_string()),
    };
}

/// Scrolling and closing the test result and execution panes.
pub fn on_result_key(state: &mut State, intent: Intent) -> Vec<Cmd> {
    let scroll = match &mut state.overlay {
        Overlay::TestResult(result) => &mut result.scroll,
        Overlay::Execution(view) => &mut view.scroll,
        _ => return vec![],
    };
    match intent {
        Intent::Down => *scroll += 1,
        Intent::Up => *scroll = scroll.saturating_sub(1),
        Intent::PageDown => *scroll += 10,
        Intent::PageUp => *scroll = scroll.saturating_sub(10),
        Intent::Top => *scroll = 0,
        Intent::Back => state.overlay = Overlay::None,
        Intent::TestAction => {
            // Run again with the same event: the user's last payload is kept.
            state.overlay = Overlay::None;
            return request_test(state);
        }
        _ => {}
    }
    vec![]
}

// ── `t`: test an action ──────────────────────────────────────────────────────────────────────────

pub fn request_test(state: &mut State) -> Vec<Cmd> {
    if state.view != View::Actions {
        return vec![];
    }
    let Some(action) = focused(state) else {
        return vec![];
    };
    let key = payload_key(&action.id);
    let text = state.unsent.get(&key).cloned().unwrap_or_else(|| {
        let trigger = action.triggers.first().map_or("", |t| t.id.as_str());
        let event = authoring::sample_event(trigger);
        serde_json::to_string_pretty(&event)
            .unwrap_or_default()
            .into()
    });
    let purpose = EditPurpose::TestPayload {
        action_id: action.id,
        name: action.name.clone(),
    };
    vec![edit_cmd(
        state,
        purpose,
        text,
        format!("{}-event.json", action.name),
    )]
}

fn payload_key(action_id: &str) -> String {
    format!("test-payload:{action_id}")
}

fn edited_payload(state: &mut State, action_id: String, name: String, text: Arc<str>) -> Vec<Cmd> {
    state
        .unsent
        .insert(payload_key(&action_id), Arc::clone(&text));
    let payload: serde_json::Value = match serde_json::from_str(&text) {
        Ok(payload) => payload,
        Err(err) => {
            flash(state, FlashKind::Error, s::payload_not_json(&err));
            return vec![];
        }
    };
    if !payload.is_object() {
        flash(state, FlashKind::Error, s::PAYLOAD_NOT_OBJECT.to_string());
        return vec![];
    }
    state.overlay = Overlay::TestResult(Box::new(TestResult {
        action_name: name,
        run: Remote::Loading,
        pretty: Arc::from(""),
        scroll: 0,
    }));
    vec![Cmd::TestAction { action_id, payload }]
}

pub fn on_tested(state: &mut State, result: Result<TestRun, BackendError>) {
    let Overlay::TestResult(view) = &mut state.overlay else {
        // Closed meanwhile: say how it went in a line.
        if let Err(err) = result {
            flash(state, FlashKind::Error, s::test_failed(&err.to_string()));
        }
        return;
    };
    match result {
        Ok(run) => {
            view.pretty = serde_json::to_string_pretty(&run.payload)
                .unwrap_or_default()
                .into();
            view.run = Remote::Ready(run);
        }
        Err(err) => view.run = Remote::Failed(s::test_failed(&err.to_string())),
    }
}

// ── `n`: create ──────────────────────────────────────────────────────────────────────────────────

pub fn start_create(state: &mut State) -> Vec<Cmd> {
    if busy(state) {
        return vec![];
    }
    let owner = match state.view {
        View::Actions => Owner::Action,
        View::Modules => Owner::Module,
        _ => return vec![],
    };
    // Code refused for its length is not lost: `n` goes back to it.
    if state
        .creating
        .as_ref()
        .is_some_and(|c| c.owner == owner && !c.code.is_empty())
    {
        return open_new_code(state);
    }
    let mut creating = Creating {
        owner,
        name: String::new(),
        trigger: None,
        runtime: None,
        code: String::new(),
        dependencies: vec![],
        secrets: vec![],
        triggers: Slot::default(),
        awaiting_triggers: false,
    };
    let mut cmds = vec![];
    if owner == Owner::Action {
        // Loaded while the name is typed.
        let generation = state.new_generation();
        creating.triggers.start(generation);
        cmds.push(Cmd::LoadTriggers { generation });
    }
    state.creating = Some(creating);
    state.overlay = Overlay::Prompt(Prompt {
        hint: Some(s::create_name_hint(owner)),
        ..prompt(s::PROMPT_NAME, "", false, PromptPurpose::CreateName)
    });
    cmds
}

/// True when these triggers answer the create flow's request (not the Flows view's).
pub fn wants_triggers(state: &State, generation: u64) -> bool {
    state
        .creating
        .as_ref()
        .is_some_and(|c| c.triggers.generation == generation)
}

pub fn on_triggers_loaded(
    state: &mut State,
    generation: u64,
    result: Result<Vec<Trigger>, BackendError>,
) -> Vec<Cmd> {
    let Some(creating) = state.creating.as_mut() else {
        return vec![];
    };
    if let Err(err) = creating.triggers.finish(generation, result) {
        state.creating = None;
        if matches!(state.overlay, Overlay::Prompt(_)) {
            state.overlay = Overlay::None;
        }
        flash(
            state,
            FlashKind::Error,
            s::flash_load_failed(s::WHAT_TRIGGERS, &err),
        );
        return vec![];
    }
    if creating.awaiting_triggers {
        creating.awaiting_triggers = false;
        return trigger_menu(state);
    }
    vec![]
}

fn trigger_menu(state: &mut State) -> Vec<Cmd> {
    let Some(creating) = state.creating.as_mut() else {
        return vec![];
    };
    let Some(triggers) = creating.triggers.data.ready() else {
        creating.awaiting_triggers = true;
        flash(state, FlashKind::Info, s::LOADING_TRIGGERS.to_string());
        return vec![];
    };
    // CURRENT versions of triggers whose flows codedeck can bind (auth0-cli keeps CURRENT only).
    let current: Vec<&Trigger> = triggers
        .iter()
        .filter(|t| t.status == TriggerStatus::Current)
        .collect();
    if current.is_empty() {
        state.creating = None;
        flash(state, FlashKind::Error, s::NO_CURRENT_TRIGGERS.to_string());
        return vec![];
    }
    let items = current
        .iter()
        .map(|t| {
            (
                t.id.clone(),
                s::trigger_choice(&t.version, t.runtimes.len()),
            )
        })
        .collect();
    let values = current
        .iter()
        .map(|t| TriggerRef {
            id: t.id.clone(),
            version: t.version.clone(),
        })
        .collect();
    menu(
        state,
        s::MENU_TRIGGER.to_string(),
        items,
        CreateStep::Trigger(values),
    );
    vec![]
}

fn menu(state: &mut State, title: String, items: Vec<(String, String)>, step: CreateStep) {
    state.overlay = Overlay::Menu(Menu {
        title,
        items,
        selected: 0,
        purpose: MenuPurpose::Create(step),
    });
}

/// A choice in one of the create menus.
pub fn on_create_menu(state: &mut State, step: CreateStep, selected: usize) -> Vec<Cmd> {
    let Some(creating) = state.creating.as_mut() else {
        return vec![];
    };
    match step {
        CreateStep::Trigger(values) => {
            let trigger = values[selected].clone();
            let runtimes = creating
                .triggers
                .data
                .ready()
                .and_then(|all| {
                    all.iter()
                        .find(|t| t.id == trigger.id && t.version == trigger.version)
                })
                .map(|t| {
                    let mut runtimes = t.runtimes.clone();
                    // The trigger's default first: Enter takes it.
                    if let Some(default) = &t.default_runtime {
                        runtimes.retain(|r| r != default);
                        runtimes.insert(0, default.clone());
                    }
                    runtimes
                })
                .unwrap_or_default();
            creating.trigger = Some(trigger);
            if runtimes.is_empty() {
                // The service picks its default.
                return start_menu(state);
            }
            let items = runtimes
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let hint = if i == 0 { s::RUNTIME_DEFAULT } else { "" };
                    (r.clone(), hint.to_string())
                })
                .collect();
            menu(
                state,
                s::MENU_RUNTIME.to_string(),
                items,
                CreateStep::Runtime(runtimes),
            );
            vec![]
        }
        CreateStep::Runtime(values) => {
            creating.runtime = Some(values[selected].clone());
            start_menu(state)
        }
        CreateStep::Start(values) => {
            let trigger = creating.trigger.as_ref().map_or("", |t| t.id.as_str());
            creating.code = if values[selected] {
                authoring::template(trigger)
            } else {
                String::new()
            };
            open_new_code(state)
        }
        CreateStep::Finish(values) => match values[selected] {
            Some(then) => create(state, then),
            None => {
                cancel_create(state);
                vec![]
            }
        },
    }
}

/// Creating stops: what was typed goes, secret values first.
pub fn cancel_create(state: &mut State) {
    state.creating = None;
    flash(state, FlashKind::Info, s::CREATE_CANCELLED.to_string());
}

fn start_menu(state: &mut State) -> Vec<Cmd> {
    let items = vec![
        (
            s::START_TEMPLATE.to_string(),
            s::START_TEMPLATE_HINT.to_string(),
        ),
        (s::START_EMPTY.to_string(), String::new()),
    ];
    menu(
        state,
        s::MENU_START.to_string(),
        items,
        CreateStep::Start(vec![true, false]),
    );
    vec![]
}

fn open_new_code(state: &mut State) -> Vec<Cmd> {
    let Some(creating) = state.creating.as_ref() else {
        return vec![];
    };
    let file_name = format!("{}.js", creating.name);
    let text = creating.code.clone().into();
    vec![edit_cmd(state, EditPurpose::NewCode, text, file_name)]
}

fn edited_new_code(state: &mut State, text: Arc<str>) -> Vec<Cmd> {
    let Some(creating) = state.creating.as_mut() else {
        return vec![];
    };
    creating.code = text.to_string();
    if let Err(why) = authoring::check_code(creating.owner, &creating.code) {
        // Kept: `n` opens the same text again.
        flash(state, FlashKind::Error, s::create_code_refused(&why));
        return vec![];
    }
    state.overlay = Overlay::Settings(Box::new(Settings {
        target: SettingsFor::New,
        dependencies: vec![],
        secrets: vec![],
        selected: 0,
        prompt: None,
        error: None,
    }));
    vec![]
}

/// Settings done: the dependencies and secrets go into the last menu's choices.
fn finish_menu(
    state: &mut State,
    dependencies: Vec<Dependency>,
    secrets: Vec<SecretInput>,
) -> Vec<Cmd> {
    let Some(creating) = state.creating.as_mut() else {
        return vec![];
    };
    creating.dependencies = dependencies;
    creating.secrets = secrets;
    let owner = creating.owner;
    let (then_label, then_hint) = match owner {
        Owner::Action => (s::CREATE_AND_DEPLOY, s::CREATE_AND_DEPLOY_HINT),
        Owner::Module => (s::CREATE_AND_PUBLISH, s::CREATE_AND_PUBLISH_HINT),
    };
    let items = vec![
        (
            s::CREATE_DRAFT.to_string(),
            s::CREATE_DRAFT_HINT.to_string(),
        ),
        (then_label.to_string(), then_hint.to_string()),
        (s::CANCEL.to_string(), String::new()),
    ];
    let title = s::create_title(owner, &creating.name);
    menu(
        state,
        title,
        items,
        CreateStep::Finish(vec![Some(false), Some(true), None]),
    );
    vec![]
}

fn create(state: &mut State, then: bool) -> Vec<Cmd> {
    let Some(creating) = state.creating.take() else {
        return vec![];
    };
    let (dependencies, secrets) = (creating.dependencies, creating.secrets);
    let new = match creating.owner {
        Owner::Action => {
            let Some(trigger) = creating.trigger else {
                return vec![];
            };
            NewObject::Action(NewAction {
                name: creating.name,
                trigger,
                runtime: creating.runtime,
                code: creating.code,
                dependencies,
                secrets,
                deploy: false,
            })
        }
        Owner::Module => NewObject::Module(NewModule {
            name: creating.name,
            code: creating.code,
            dependencies,
            secrets,
            publish: then,
        }),
    };
    changes::start(state, Change::Create { new, then }, false)
}

/// The service created it (or not). An action to deploy goes on as a deploy that waits for the build.
pub fn on_created(state: &mut State, result: Result<String, BackendError>) -> Vec<Cmd> {
    let id = match result {
        Ok(id) => id,
        Err(err) => {
            return changes::finish(state, FlashKind::Error, s::create_failed(&err.to_string()))
        }
    };
    let Some(running) = state.running.as_mut() else {
        return vec![];
    };
    running.created_id = Some(id.clone());
    let Change::Create { new, then } = &mut running.change else {
        return vec![];
    };
    if let NewObject::Action(a) = new {
        a.secrets.iter_mut().for_each(|s| s.value = None);
    }
    if let NewObject::Module(m) = new {
        m.secrets.iter_mut().for_each(|s| s.value = None);
    }
    let (name, deploy_next) = (
        new.name().to_string(),
        *then && matches!(new, NewObject::Action(_)),
    );
    state.select_on_load = Some(id.clone());
    let mut cmds = changes::finish(state, FlashKind::Info, s::created(&name));
    if deploy_next {
        cmds.extend(changes::start(
            state,
            Change::ActionDeploy {
                action_id: id,
                name,
                live_before: None,
            },
            false,
        ));
    }
    cmds
}

// ── `X`: delete ──────────────────────────────────────────────────────────────────────────────────

pub fn request_delete(state: &mut State) -> Vec<Cmd> {
    if busy(state) {
        return vec![];
    }
    let Some(object) = focused(state) else {
        return vec![];
    };
    let Some(code) = object.code.clone() else {
        flash(state, FlashKind::Info, s::DRAFT_STILL_LOADING.to_string());
        return vec![];
    };
    match object.owner {
        // Bound or not decides what the delete must do: ask the flows first.
        Owner::Action => {
            flash(state, FlashKind::Info, s::CHECKING_BINDINGS.to_string());
            vec![Cmd::CheckBound {
                action_id: object.id,
                triggers: object.triggers.into_iter().map(|t| t.id).collect(),
            }]
        }
        Owner::Module => {
            let users: Vec<String> = state
                .modules
                .detail
                .as_ref()
                .filter(|d| d.id == object.id)
                .and_then(|d| d.usages.data.ready())
                .map(|u| u.iter().map(|u| u.action_name.clone()).collect())
                .unwrap_or_default();
            changes::ask(
                state,
                delete_confirm(object.owner, object.id, object.name, code, false, &users),
            );
            vec![]
        }
    }
}

pub fn on_bound_checked(
    state: &mut State,
    action_id: &str,
    result: Result<Vec<String>, BackendError>,
) -> Vec<Cmd> {
    let bound = match result {
        Ok(bound) => bound,
        Err(err) => {
            flash(
                state,
                FlashKind::Error,
                s::flash_load_failed(s::WHAT_BINDINGS, &err.to_string()),
            );
            return vec![];
        }
    };
    let Some(object) = focused(state).filter(|f| f.id == action_id) else {
        return vec![];
    };
    let Some(code) = object.code else {
        return vec![];
    };
    let force = !bound.is_empty();
    state.flash = None;
    changes::ask(
        state,
        delete_confirm(Owner::Action, object.id, object.name, code, force, &bound),
    );
    vec![]
}

/// `others`: the triggers a bound action is detached from, or the actions using a module.
fn delete_confirm(
    owner: Owner,
    id: String,
    name: String,
    code: String,
    force: bool,
    others: &[String],
) -> Confirm {
    Confirm {
        title: s::confirm_delete_title(owner, &name),
        lines: s::confirm_delete(owner, force, others),
        verb: s::VERB_DELETE,
        diff: None,
        change: Change::Delete {
            owner,
            id,
            name,
            force,
            draft: code.into(),
        },
        undo: false,
        confirm_focused: false,
    }
}

pub fn on_deleted(state: &mut State, result: Result<std::path::PathBuf, String>) -> Vec<Cmd> {
    let saved = match result {
        Ok(saved) => saved,
        Err(err) => return changes::finish(state, FlashKind::Error, s::change_failed(&err)),
    };
    let Some(running) = state.running.as_mut() else {
        return vec![];
    };
    running.saved_draft = Some(saved.clone());
    let Change::Delete {
        owner,
        id,
        name,
        force,
        ..
    } = running.change.clone()
    else {
        return vec![];
    };
    // The detail and timeline of a deleted object have nothing left to show.
    match owner {
        Owner::Action => {
            state.actions.detail = None;
            state.actions.versions = None;
        }
        Owner::Module => {
            state.modules.detail = None;
            state.modules.versions = None;
        }
    }
    state.focus = crate::app::state::Focus::List;
    if force {
        // Its flows changed: the Flows view reads them again when opened.
        state.flows.bindings.clear();
        state.flows.triggers = Slot::default();
    }
    state.unsent.remove(&id);
    changes::finish(state, FlashKind::Info, s::deleted(&name, &saved))
}
