//! One-line inputs: names, `name@version`, secret names and hidden values, `:` commands.

use super::{
    authoring, open_new_code, run_command, s, secret_value_prompt, settings_mut, trigger_menu, Cmd,
    Intent, Overlay, Owner, Prompt, PromptPurpose, SecretRow, State, View,
};

pub(super) fn prompt_mut(state: &mut State) -> Option<&mut Prompt> {
    match &mut state.overlay {
        Overlay::Prompt(prompt) => Some(prompt),
        Overlay::Settings(settings) => settings.prompt.as_mut(),
        _ => None,
    }
}

/// A typed character.
pub fn on_prompt_char(state: &mut State, c: char) {
    if let Some(prompt) = prompt_mut(state) {
        prompt.text.push(c);
        prompt.error = None;
    }
}

pub fn on_prompt_key(state: &mut State, intent: Intent) -> Vec<Cmd> {
    let Some(prompt) = prompt_mut(state) else {
        return vec![];
    };
    match intent {
        Intent::FilterErase => {
            prompt.text.pop();
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

pub(super) fn close_prompt(state: &mut State) {
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

pub(super) fn refuse_prompt(state: &mut State, why: String) -> Vec<Cmd> {
    if let Some(prompt) = prompt_mut(state) {
        prompt.error = Some(why);
    }
    vec![]
}

pub(super) fn accept_prompt(state: &mut State, prompt: Prompt) -> Vec<Cmd> {
    let text = prompt.text.as_str().trim().to_string();
    match prompt.purpose {
        // Prompts other features take (`update` routes their Enter there first): the search's,
        // line history's, the Compare view's promote secrets.
        PromptPurpose::Search
        | PromptPurpose::Pickaxe
        | PromptPurpose::PromoteSecret(_)
        | PromptPurpose::FindText
        | PromptPurpose::SavePayload { .. }
        | PromptPurpose::PackageComment(_)
        | PromptPurpose::PackageName(_)
        | PromptPurpose::PackageOwner(_) => vec![],
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
            if let Some(i) = row {
                settings.dependencies[i] = dependency;
            } else {
                settings.dependencies.push(dependency);
                settings.selected = settings.dependencies.len() - 1;
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
            let typed = &prompt.text;
            if typed.is_empty() {
                return refuse_prompt(state, s::authoring::secret_value_empty(&name));
            }
            if typed.as_str().chars().count() > crate::model::limits::MAX_SECRET_VALUE_CHARS {
                return refuse_prompt(state, s::authoring::secret_value_too_long(&name));
            }
            // The one `Secret` made of what was typed: from here on it is scrubbed everywhere.
            let value = typed.to_secret();
            let Some(settings) = settings_mut(state) else {
                return vec![];
            };
            let deps = settings.dependencies.len();
            if let Some(i) = settings.secrets.iter().position(|r| r.name() == name) {
                settings.secrets[i] = SecretRow::Set(name, value);
                settings.selected = deps + i;
            } else {
                settings.secrets.push(SecretRow::Set(name, value));
                settings.selected = deps + settings.secrets.len() - 1;
            }
            settings.prompt = None;
            vec![]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::{Settings, SettingsFor};

    #[test]
    fn a_typed_secret_value_is_remembered_once_on_submit_and_never_in_debug() {
        let mut state = crate::app::state::for_tests();
        state.overlay = Overlay::Settings(Box::new(Settings {
            target: SettingsFor::New,
            dependencies: vec![],
            secrets: vec![],
            selected: 0,
            prompt: Some(secret_value_prompt("API_KEY".into())),
            error: None,
        }));
        let value = "keyed-in-Wr83kT";
        for c in value.chars() {
            on_prompt_char(&mut state, c);
        }
        assert!(!format!("{state:?}").contains(value), "typed, not in Debug");
        assert_eq!(
            crate::secret::held_containing("keyed-in-"),
            0,
            "no prefix of the value is remembered while it is typed"
        );
        on_prompt_key(&mut state, Intent::FilterKeep);
        assert_eq!(crate::secret::held_containing("keyed-in-"), 1);
        let Overlay::Settings(settings) = &state.overlay else {
            panic!("the settings stay open");
        };
        assert!(matches!(&settings.secrets[..], [SecretRow::Set(name, _)] if name == "API_KEY"));
        assert!(!format!("{state:?}").contains(value), "set, not in Debug");
    }
}
