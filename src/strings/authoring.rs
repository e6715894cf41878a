//! Words about writing actions and modules, shared by the dashboard and the CLI.

use crate::model::limits::{
    MAX_ACTION_CODE_BYTES, MAX_DEPENDENCIES, MAX_DEPENDENCY_VERSION_CHARS, MAX_MODULE_CODE_CHARS,
    MAX_NAME_CHARS, MAX_SECRETS, MAX_SECRET_VALUE_CHARS,
};

pub fn action_code_too_long(bytes: usize) -> String {
    format!(
        "The code is {bytes} bytes; an action's code can be at most 100 KB ({MAX_ACTION_CODE_BYTES} \
         bytes). Nothing was sent."
    )
}

pub fn module_code_too_long(chars: usize) -> String {
    format!(
        "The code is {chars} characters; a module's code can be at most {MAX_MODULE_CODE_CHARS} \
         characters. Nothing was sent."
    )
}

pub const NAME_EMPTY: &str = "A name is needed.";
pub const NAME_CONTROL: &str = "A name cannot hold tabs, newlines or other control characters.";

pub fn name_too_long(chars: usize) -> String {
    format!("The name is {chars} characters; at most {MAX_NAME_CHARS} are allowed.")
}

pub fn dependency_needs_version(text: &str) -> String {
    format!("'{text}' is not name@version (for example lodash@4.17.21 or @scope/pkg@1.2.3).")
}

pub fn too_many_dependencies(count: usize) -> String {
    format!("{count} dependencies: at most {MAX_DEPENDENCIES} are allowed.")
}

pub fn dependency_too_long(name: &str) -> String {
    format!(
        "Dependency '{name}': names can be at most {MAX_NAME_CHARS} characters, versions at most {MAX_DEPENDENCY_VERSION_CHARS}."
    )
}

pub fn dependency_twice(name: &str) -> String {
    format!("Dependency '{name}' is listed twice.")
}

pub fn too_many_secrets(count: usize) -> String {
    format!("{count} secrets: at most {MAX_SECRETS} are allowed.")
}

pub fn secret_name_invalid(name: &str) -> String {
    format!(
        "'{name}' is not a secret name: use letters, digits, _ and - (at most {MAX_NAME_CHARS})."
    )
}

pub fn secret_twice(name: &str) -> String {
    format!("Secret '{name}' is listed twice.")
}

pub fn secret_value_empty(name: &str) -> String {
    format!("Secret '{name}' has an empty value.")
}

pub fn secret_value_too_long(name: &str) -> String {
    format!("Secret '{name}': a value can be at most {MAX_SECRET_VALUE_CHARS} characters.")
}

/// Said wherever secrets are edited: the service replaces the whole list.
pub const SECRETS_REPLACE: &str = "Saving sends the whole secret list: the service replaces it. \
     Secrets listed without a new value keep theirs; a removed secret is gone.";

pub fn module_secrets_need_values(names: &[&str]) -> String {
    format!(
        "A module's secrets are sent with their values every time the list changes (its API cannot \
         keep one by name): give {} a value again, or remove it. Nothing was sent.",
        names.join(", ")
    )
}

/// The module twin of `SECRETS_REPLACE`.
pub const MODULE_SECRETS_REPLACE: &str = "Saving sends the whole secret list: the service replaces \
     it. A module's API keeps no secret by name, so every secret it keeps is sent with its value again.";

/// A new action's code: the trigger's handler, empty, as Auth0's templates have it.
pub fn handler_template(trigger_id: &str, name: &str, args: &str) -> String {
    format!(
        "/**\n * Handler that will be called during the execution of a {trigger_id} flow.\n *\n \
         * @param {{Event}} event - Details about the context of this flow.\n \
         * @param {{API}} api - Methods to change the behavior of the flow.\n */\n\
         exports.{name} = async ({args}) => {{\n}};\n"
    )
}

/// A new action's code for a trigger whose handler codedeck does not know.
pub fn unknown_handler_template(trigger_id: &str) -> String {
    format!(
        "// A handler for the {trigger_id} trigger: see the Auth0 docs for its name and event.\n"
    )
}
