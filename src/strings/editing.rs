//! The dashboard's words about writing: editing drafts, dependencies and secrets, creating,
//! deleting, test runs, executions.

use crate::model::limits::{MAX_DEPENDENCIES, MAX_SECRETS};
use crate::model::{Owner, SecretRow};

fn owner_word(owner: Owner) -> &'static str {
    match owner {
        Owner::Action => "action",
        Owner::Module => "module",
    }
}

pub fn editor_io(err: &str) -> String {
    format!("Could not hand the text to the editor: {err}. Nothing was sent.")
}
pub fn editor_failed_to_start(program: &str, err: &str) -> String {
    format!(
        "Could not start the editor '{program}': {err}. Set $VISUAL or $EDITOR. Nothing was sent."
    )
}
pub fn editor_exit(program: &str, code: Option<i32>) -> String {
    match code {
        Some(code) => {
            format!("The editor '{program}' exited with status {code}: nothing was sent.")
        }
        None => format!("The editor '{program}' was stopped: nothing was sent."),
    }
}
pub fn terminal_lost(err: &str) -> String {
    format!("The terminal could not be taken back after the editor: {err}")
}
pub fn edit_kept(why: &str, path: &std::path::Path) -> String {
    format!("{why} {}", edit_kept_at(path))
}
pub fn edit_kept_at(path: &std::path::Path) -> String {
    format!(
        "Your edit is kept in {} (and `e` starts from it).",
        path.display()
    )
}
pub const DRAFT_CHANGED_ELSEWHERE: &str =
    "The draft changed on the service since you opened it (another client?): nothing was sent. Refresh with R to see it.";
pub const DRAFT_STILL_LOADING: &str = "The draft is still loading — try again in a moment.";
pub const EDIT_UNCHANGED: &str = "Unchanged — nothing sent.";
pub fn confirm_save_draft_title(name: &str) -> String {
    format!("Save the draft of {name}?")
}
pub fn confirm_save_settings_title(name: &str) -> String {
    format!("Save the dependencies and secrets of {name}?")
}
pub fn confirm_save_draft(owner: Owner) -> Vec<String> {
    match owner {
        Owner::Action => vec![
            "PATCH /actions/actions/{id}: the draft changes and builds again.".to_string(),
            "What is live does not change until you deploy (p).".to_string(),
        ],
        Owner::Module => vec![
            "PATCH /actions/modules/{id}: the draft changes.".to_string(),
            "Actions keep the version they pin until you publish (p) and they take it.".to_string(),
        ],
    }
}
pub const VERB_SAVE: &str = "Save";
pub const VERB_DELETE: &str = "Delete";
pub const DRAFT_NOW: &str = "draft now";
pub const DRAFT_EDITED: &str = "your edit";
pub fn draft_built(name: &str) -> String {
    format!("{name}: the draft built — p deploys it.")
}
pub const FLOW_BUILT: &str = "The draft built.";
pub fn module_draft_saved(name: &str) -> String {
    format!("{name}: draft saved — p publishes it as the next version.")
}
pub fn too_many_dependencies_here() -> String {
    format!("At most {MAX_DEPENDENCIES} dependencies — remove one first.")
}
pub fn too_many_secrets_here() -> String {
    format!("At most {MAX_SECRETS} secrets — remove one first.")
}
pub const PROMPT_DEPENDENCY: &str = "Dependency (name@version)";
pub const PROMPT_SECRET_NAME: &str = "Secret name";
pub fn prompt_secret_value(name: &str) -> String {
    format!("Value of {name} (hidden)")
}
pub const SECRET_VALUE_HINT: &str =
    "Sent once with the save, never shown, logged or kept. Enter keeps it for the save, Esc drops it.";
pub const PROMPT_NAME: &str = "Name";
pub fn create_name_hint(owner: Owner) -> String {
    match owner {
        Owner::Action => "A new action: name, then trigger, runtime and code.".to_string(),
        Owner::Module => {
            "A new module: name, then its code (at most 255 characters for the name).".to_string()
        }
    }
}
pub fn name_taken(name: &str) -> String {
    format!("'{name}' is taken on this tenant — choose another name.")
}
pub const COMMAND_HINT: &str = "exec ID — show an execution (IDs are in the tenant logs)";
pub fn unknown_command(text: &str) -> String {
    format!("Unknown command ':{text}' — try ':exec ID'.")
}
pub fn execution_not_found(id: &str) -> String {
    format!("No execution {id}: it does not exist or is older than 10 days (executions are kept 10 days).")
}
pub fn payload_not_json(err: &serde_json::Error) -> String {
    format!(
        "The test event is not JSON (line {}, column {}): {err}. Nothing was sent; t opens your text again.",
        err.line(),
        err.column()
    )
}
pub const PAYLOAD_NOT_OBJECT: &str =
    "The test event must be a JSON object ({ … }). Nothing was sent; t opens your text again.";
pub fn test_failed(err: &str) -> String {
    format!("The test run failed: {err}")
}
pub const CHECKING_BINDINGS: &str = "Checking the flows this action is bound to…";
pub const NO_CURRENT_TRIGGERS: &str =
    "The tenant lists no CURRENT trigger: nothing to create an action for.";
pub const MENU_TRIGGER: &str = "Trigger (CURRENT versions)";
pub fn trigger_choice(version: &str, runtimes: usize) -> String {
    format!("{version} · {runtimes} runtime(s)")
}
pub const MENU_RUNTIME: &str = "Runtime";
pub const RUNTIME_DEFAULT: &str = "the trigger's default";
pub const MENU_START: &str = "Start from";
pub const START_TEMPLATE: &str = "The trigger's handler";
pub const START_TEMPLATE_HINT: &str = "exports.onExecute… = async (event, api) => {}";
pub const START_EMPTY: &str = "An empty file";
pub const MODULE_TEMPLATE: &str =
    "// Shared code for your actions: require it by the module's name.\nmodule.exports = {\n};\n";
pub const SETTINGS_UNCHANGED: &str = "Dependencies and secrets unchanged — nothing sent.";
pub fn settings_summary(
    dependencies: &[crate::model::Dependency],
    secrets: &[SecretRow],
) -> Vec<String> {
    let deps = if dependencies.is_empty() {
        "none".to_string()
    } else {
        dependencies
            .iter()
            .map(|d| format!("{}@{}", d.name, d.version))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut lines = vec![format!("Dependencies: {deps}")];
    for row in secrets {
        lines.push(match row {
            SecretRow::Kept(name) => format!("Secret {name}: kept"),
            SecretRow::Set(name, _) => format!("Secret {name}: new value (hidden)"),
            SecretRow::Removed(name) => format!("Secret {name}: removed"),
        });
    }
    lines
}
pub const CREATE_DRAFT: &str = "Create";
pub const CREATE_DRAFT_HINT: &str = "the draft only; p deploys it later";
pub const CREATE_AND_DEPLOY: &str = "Create and deploy";
pub const CREATE_AND_DEPLOY_HINT: &str = "waits for the build, then goes live (bind it in Flows)";
pub const CREATE_AND_PUBLISH: &str = "Create and publish";
pub const CREATE_AND_PUBLISH_HINT: &str = "version 1 is published at once";
pub const CANCEL: &str = "Cancel";
pub const CREATE_CANCELLED: &str = "Not created — nothing was sent.";
pub fn create_title(owner: Owner, name: &str) -> String {
    format!("Create the {} {name}?", owner_word(owner))
}
pub fn created(name: &str) -> String {
    format!("Created {name}.")
}
pub fn create_failed(err: &str) -> String {
    format!("Not created: {err}")
}
pub fn confirm_delete_title(owner: Owner, name: &str) -> String {
    format!("Delete the {} {name}?", owner_word(owner))
}
pub fn confirm_delete(owner: Owner, force: bool, others: &[String]) -> Vec<String> {
    let mut lines = vec![format!(
        "DELETE: the {} and every version of it go; this cannot be undone.",
        owner_word(owner)
    )];
    match owner {
        Owner::Action if force => {
            lines.push(format!("It is bound to {}.", others.join(", ")));
            lines.push(
                "Deleting with force=true detaches those bindings: the flows run without it."
                    .to_string(),
            );
        }
        Owner::Action => lines.push("It is bound to no trigger.".to_string()),
        Owner::Module if !others.is_empty() => lines.push(format!(
            "Used by {}: the service refuses to delete a module in use.",
            others.join(", ")
        )),
        Owner::Module => lines.push(super::diffs::MODULE_UNUSED.to_string()),
    }
    lines.push("The draft code is saved under the data dir first.".to_string());
    lines
}
pub fn deleted(name: &str, saved: &std::path::Path) -> String {
    format!("Deleted {name}. Its draft is kept in {}.", saved.display())
}
pub fn module_in_use(err: &str, users: &[String]) -> String {
    if users.is_empty() {
        format!("{err} (the module is in use)")
    } else {
        format!(
            "{err} — used by: {}. Remove it from those actions first.",
            users.join(", ")
        )
    }
}

// Help for the authoring keys.
pub const HELP_COMMAND: &str = "command line (:exec ID, :search, :sync, :compare A B)";
pub const HELP_EDIT: &str = "edit the draft in $EDITOR (asks)";
pub const HELP_SETTINGS: &str = "dependencies and secrets";
pub const HELP_CREATE: &str = "create an action or module";
pub const HELP_DELETE: &str = "delete (asks)";
pub const HELP_TEST: &str = "test-run the draft (actions)";
pub const HELP_EXEC: &str = "show an execution (:exec ID)";
pub const HELP_SECTION_SETTINGS: &str = "Dependencies and secrets";
pub const HELP_ADD_DEPENDENCY: &str = "add a dependency (name@version)";
pub const HELP_ADD_SECRET: &str = "add a secret (value typed hidden)";
pub const HELP_EDIT_ROW: &str = "change it / give a new value";
pub const HELP_REMOVE_ROW: &str = "remove (again: keep)";
pub const HELP_SAVE_SETTINGS: &str = "save (asks) / go on creating";
pub const HELP_SECTION_PROMPT: &str = "Typing a value";
pub const HELP_PROMPT_ACCEPT: &str = "accept";
pub const HELP_SECTION_RESULT: &str = "Test result, execution";
pub const HELP_TEST_AGAIN: &str = "test again (edit the event)";
pub const TEST_ONLY_ACTIONS: &str = "Test runs are for actions (view 1).";
pub fn settings_title(name: &str) -> String {
    format!("Dependencies and secrets of {name}")
}
pub const SETTINGS_NEW_TITLE: &str = "Dependencies and secrets (optional)";
pub const SETTINGS_DEPENDENCIES: &str = "Dependencies (npm)";
pub const SETTINGS_SECRETS: &str = "Secrets (values are never shown)";
pub const SETTINGS_NONE: &str = "  none";
pub const SECRET_KEPT: &str = "kept";
pub const SECRET_NEW_VALUE: &str = "new value ••••";
pub const SECRET_REMOVED: &str = "removed";
pub const SETTINGS_KEYS: &str =
    "d dependency  a secret  Enter change  x remove  w save  Esc cancel";
pub const SETTINGS_KEYS_NEW: &str =
    "d dependency  a secret  Enter change  x remove  w go on  Esc cancel";
pub fn test_result_title(name: &str) -> String {
    format!("Test run of {name} (the draft)")
}
pub fn execution_title(id: &str) -> String {
    format!("Execution {id}")
}
/// Where a scrolled result is (issue 19): `lines 1–18 of 42`, and `↓ more` while more is below.
pub fn result_position(first: usize, last: usize, total: usize, more: bool) -> String {
    let more = if more { " ↓ more" } else { "" };
    format!("lines {first}–{last} of {total}{more}")
}
pub const TEST_RUNNING: &str = "Running the test…";
pub const TEST_PASSED: &str = "No error thrown.";
pub const TEST_PAYLOAD: &str = "Returned payload:";
pub const LOADING_EXECUTION: &str = "Loading the execution…";
pub const EXEC_TRIGGER: &str = "Trigger";
pub const EXEC_STATUS: &str = "Status";
pub const EXEC_CREATED: &str = "Created";
pub const EXEC_NO_RESULTS: &str = "No action ran in this execution.";
pub const EXEC_FAILED: &str = "error";
pub const EXEC_OK: &str = "ok";
pub fn create_code_refused(why: &str) -> String {
    format!("{why} Your code is kept: n opens it again.")
}
pub const SECRETS_SENT_ONCE: &str =
    "Secret values are sent once with the create and are never shown, logged, journaled or kept.";
/// What saving a draft's secret list does, for its kind of object.
pub fn secrets_note(owner: Owner) -> &'static str {
    match owner {
        Owner::Action => super::authoring::SECRETS_REPLACE,
        Owner::Module => super::authoring::MODULE_SECRETS_REPLACE,
    }
}
