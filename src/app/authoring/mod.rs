//! Writing actions and modules from the dashboard: `e` edits a draft in the user's editor, `s` its
//! dependencies and secrets, `n` creates, `X` deletes, `t` test-runs an action, `:exec ID` shows an
//! execution. Every change goes through a confirm dialog and `pipeline::start`; no I/O here.

use std::sync::Arc;

use crate::app::common::new_moved;
use crate::app::diffing::{ask, DiffRequest};
use crate::app::keymap::Intent;
use crate::app::msg::{Cmd, DraftSaved, EditPurpose, Failed};
use crate::app::pipeline::{drive, failed, finish, flow_advance, start};
use crate::app::state::{
    Change, Confirm, CreateStep, Creating, ExecutionView, FlashKind, Menu, MenuPurpose, NewObject,
    Overlay, Prompt, PromptPurpose, Remote, SecretRow, Settings, SettingsFor, Slot, State,
    TestResult, View,
};
use crate::authoring::{self, Owner};
use crate::flow::DeployFlow;
use crate::model::BackendError;
use crate::model::{
    Dependency, DraftChange, DraftState, Execution, NewAction, NewModule, SecretInput, TestRun,
    Trigger, TriggerRef, TriggerStatus,
};
use crate::strings as s;

/// The action or module the keys act on: the open detail when loaded, else the selected row.
struct Focused {
    owner: Owner,
    id: String,
    name: String,
    /// `None` until the draft's code has loaded.
    draft: Option<DraftState>,
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
                draft: action.code_loaded.then(|| DraftState::of_action(action)),
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
                draft: Some(DraftState::of_module(module)),
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

fn settings_mut(state: &mut State) -> Option<&mut Settings> {
    match &mut state.overlay {
        Overlay::Settings(settings) => Some(settings),
        _ => None,
    }
}

fn prompt(label: &str, text: &str, masked: bool, purpose: PromptPurpose) -> Prompt {
    Prompt {
        label: label.to_string(),
        text: crate::secret::Typed::new(text),
        masked,
        purpose,
        error: None,
        hint: None,
    }
}

mod command;
mod create;
mod delete;
mod edit;
mod prompts;
mod settings;
mod test_run;

use command::run_command;
use create::{edited_new_code, finish_menu, open_new_code, trigger_menu};
use settings::secret_value_prompt;
use test_run::edited_payload;

pub use command::{on_execution_loaded, on_result_key, open_command};
pub use create::{
    cancel_create, on_create_menu, on_created, on_triggers_loaded, start_create, wants_triggers,
};
pub use delete::{on_bound_checked, on_deleted, on_module_users_checked, request_delete};
pub use edit::{edit_draft, on_draft_saved, on_edited};
pub use prompts::{on_prompt_char, on_prompt_key};
pub use settings::{on_settings_key, open_settings};
pub use test_run::{on_last_payload_read, on_tested, request_test};
