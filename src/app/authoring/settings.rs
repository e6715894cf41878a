//! `s`: a draft's dependencies and secrets (values typed masked, sent once).

use super::{
    ask, authoring, cancel_create, finish_menu, focused, new_moved, prompt, s, settings_mut,
    Change, Cmd, Confirm, DraftChange, FlashKind, Intent, Overlay, Prompt, PromptPurpose,
    SecretInput, SecretRow, Settings, SettingsFor, State,
};

pub fn open_settings(state: &mut State) -> Vec<Cmd> {
    if state.busy() {
        return vec![];
    }
    let Some(object) = focused(state) else {
        return vec![];
    };
    let Some(draft) = object.draft else {
        state.flash(FlashKind::Info, s::DRAFT_STILL_LOADING.to_string());
        return vec![];
    };
    state.overlay = Overlay::Settings(Box::new(Settings {
        dependencies: draft.dependencies.clone(),
        secrets: draft
            .secrets
            .iter()
            .map(|s| SecretRow::Kept(s.name.clone()))
            .collect(),
        target: SettingsFor::Draft {
            owner: object.owner,
            id: object.id,
            name: object.name,
            seen: Box::new(draft),
        },
        selected: 0,
        prompt: None,
        error: None,
    }));
    vec![]
}

pub(super) fn rows(settings: &Settings) -> usize {
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
            if deps >= crate::model::limits::MAX_DEPENDENCIES {
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
            if live >= crate::model::limits::MAX_SECRETS {
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

pub(super) fn was_there(target: &SettingsFor, name: &str) -> bool {
    match target {
        SettingsFor::Draft { seen, .. } => seen.secrets.iter().any(|s| s.name == name),
        SettingsFor::New => false,
    }
}

pub(super) fn secret_value_prompt(name: String) -> Prompt {
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
pub(super) fn secret_inputs(rows: &[SecretRow]) -> Vec<SecretInput> {
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
pub(super) fn save_settings(state: &mut State) -> Vec<Cmd> {
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
            seen,
        } => {
            let secrets_changed = settings
                .secrets
                .iter()
                .any(|r| !matches!(r, SecretRow::Kept(_)))
                || settings.secrets.len() != seen.secrets.len();
            let change = DraftChange {
                dependencies: (dependencies != seen.dependencies).then_some(dependencies),
                secrets: secrets_changed.then_some(secrets),
                ..DraftChange::default()
            };
            if change == DraftChange::default() {
                state.overlay = Overlay::None;
                state.flash(FlashKind::Info, s::SETTINGS_UNCHANGED.to_string());
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
                    seen,
                    change,
                },
                undo: false,
                confirm_focused: false,
            };
            ask(state, confirm, None)
        }
    }
}
