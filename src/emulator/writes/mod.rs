//! The write rules of the tenant: edit, deploy, roll back, rebind, publish, test. Handlers only parse
//! and render; every rule lives here, next to the records it changes: the checks every write route
//! shares (`rules`, against the emulator's own copy of Auth0's limits in `emulator::limits`), then one
//! file per kind of write (`actions`, `bindings`, `modules`, `test_runs`).

mod actions;
mod bindings;
mod modules;
mod rules;
mod test_runs;
#[cfg(test)]
mod tests;

pub use actions::{action_name_taken, still_bound, ActionCreate, ActionEdit, MUST_BE_BUILT};
pub use bindings::{bound_twice, too_many_bindings, BindingRef, BindingRequest};
pub use modules::{
    module_in_use, module_name_taken, ModuleCreate, ModuleEdit, ALREADY_THE_DRAFT,
    NOTHING_TO_PUBLISH, TOO_MANY_MODULE_VERSIONS,
};
pub use rules::{build_errors, secret_needs_value, secret_twice, SecretWrite};

use super::seed::stable_uuid;

/// Why a write was refused; mapped to the Management API error body by the HTTP layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    NotFound(&'static str),
    BadRequest(String),
    /// A body that breaks the schema: 400 with `errorCode: invalid_body`.
    InvalidBody(String),
    Conflict(String),
    PreconditionFailed(String),
}

pub const NO_ACTION: &str = "That action does not exist.";
pub const NO_VERSION: &str = "That version does not exist.";
pub const NO_MODULE: &str = "That module does not exist.";
pub const NO_MODULE_VERSION: &str = "That module version does not exist.";
pub const NO_TRIGGER: &str = "That trigger does not exist.";
/// REC go-auth0 TestActionManager_Execution.
pub const NO_EXECUTION: &str = "That execution does not exist.";

/// A new random id in UUID layout (writes are not part of the deterministic seed).
fn fresh_id() -> String {
    stable_uuid(&super::generate_token())
}
