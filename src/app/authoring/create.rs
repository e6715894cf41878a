//! `n`: creating an action or module, step by step.

use super::{
    authoring, edit_cmd, finish, prompt, s, start, BackendError, Change, Cmd, CreateStep, Creating,
    Dependency, EditPurpose, FlashKind, Menu, MenuPurpose, NewAction, NewModule, NewObject,
    Overlay, Owner, Prompt, PromptPurpose, SecretInput, Settings, SettingsFor, Slot, State,
    Trigger, TriggerRef, TriggerStatus, View,
};

pub fn start_create(state: &mut State) -> Vec<Cmd> {
    if state.busy() {
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
        state.flash(
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

pub(super) fn trigger_menu(state: &mut State) -> Vec<Cmd> {
    let Some(creating) = state.creating.as_mut() else {
        return vec![];
    };
    let Some(triggers) = creating.triggers.data.ready() else {
        creating.awaiting_triggers = true;
        state.flash(FlashKind::Info, s::LOADING_TRIGGERS.to_string());
        return vec![];
    };
    // CURRENT versions of triggers whose flows codedeck can bind (auth0-cli keeps CURRENT only).
    let current: Vec<&Trigger> = triggers
        .iter()
        .filter(|t| t.status == TriggerStatus::Current)
        .collect();
    if current.is_empty() {
        state.creating = None;
        state.flash(FlashKind::Error, s::NO_CURRENT_TRIGGERS.to_string());
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

pub(super) fn menu(
    state: &mut State,
    title: String,
    items: Vec<(String, String)>,
    step: CreateStep,
) {
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
        CreateStep::Finish(values) => {
            if let Some(then) = values[selected] {
                create(state, then)
            } else {
                cancel_create(state);
                vec![]
            }
        }
    }
}

/// Creating stops: what was typed goes, secret values first.
pub fn cancel_create(state: &mut State) {
    state.creating = None;
    state.flash(FlashKind::Info, s::CREATE_CANCELLED.to_string());
}

pub(super) fn start_menu(state: &mut State) -> Vec<Cmd> {
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

pub(super) fn open_new_code(state: &mut State) -> Vec<Cmd> {
    let Some(creating) = state.creating.as_ref() else {
        return vec![];
    };
    let file_name = format!("{}.js", creating.name);
    let text = creating.code.clone().into();
    vec![edit_cmd(state, EditPurpose::NewCode, text, file_name)]
}

pub(super) fn edited_new_code(state: &mut State, text: &str) -> Vec<Cmd> {
    let Some(creating) = state.creating.as_mut() else {
        return vec![];
    };
    creating.code = text.to_string();
    if let Err(why) = authoring::check_code(creating.owner, &creating.code) {
        // Kept: `n` opens the same text again.
        state.flash(FlashKind::Error, s::create_code_refused(&why));
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
pub(super) fn finish_menu(
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

pub(super) fn create(state: &mut State, then: bool) -> Vec<Cmd> {
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
    start(state, Change::Create { new, then }, false)
}

/// The service created it (or not). An action to deploy goes on as a deploy that waits for the build.
pub fn on_created(state: &mut State, result: Result<String, BackendError>) -> Vec<Cmd> {
    let id = match result {
        Ok(id) => id,
        Err(err) => return finish(state, FlashKind::Error, s::create_failed(&err.to_string())),
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
    let mut cmds = finish(state, FlashKind::Info, s::created(&name));
    if deploy_next {
        cmds.extend(start(
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
