//! `codedeck actions create|update|delete` and `codedeck modules create|update|delete`.
//!
//! Every limit the service has (name, code size, dependencies, secrets, trigger, runtime) is checked
//! before anything is sent (exit 2). Secret values come from the environment or stdin, never from a
//! flag, and go nowhere but the request body. A draft that a change replaces, or an object that is
//! deleted, has its code saved first (`Journal::save_draft`), so no draft is ever lost; the journal
//! itself holds ids and version numbers only.

mod create;
mod delete;
mod secrets_input;
mod update;

use std::path::Path;

pub(super) use create::{create_action, create_module};
pub(super) use delete::{delete_action, delete_module};
pub(super) use secrets_input::given_secrets;
pub(super) use update::{update_action, update_module};

use super::CliError;
use crate::authoring::{self, Owner};
use crate::journal::{ObjectKind, Snapshot};
use crate::model::{Dependency, Module};
use crate::strings::cli as text;

fn usage(why: String) -> CliError {
    CliError::Usage(why)
}

use super::output::failed;

/// A code file as UTF-8 text.
fn read_code(path: &Path) -> Result<String, CliError> {
    let shown = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| usage(text::cannot_read_file(&shown, &e.to_string())))?;
    String::from_utf8(bytes).map_err(|_| usage(text::not_utf8(&shown)))
}

fn parse_dependencies(given: &[String]) -> Result<Vec<Dependency>, CliError> {
    given
        .iter()
        .map(|d| authoring::parse_dependency(d).map_err(usage))
        .collect()
}

/// The published version a module's draft holds unchanged, if it does.
fn held_version(module: &Module) -> Snapshot {
    match &module.latest_version {
        Some(v) if module.all_changes_published => Snapshot {
            version_id: Some(v.id.clone()),
            version_number: Some(v.number),
            ..Snapshot::default()
        },
        _ => Snapshot::default(),
    }
}

/// How the user calls an owner of code, and its kind in the journal.
fn kind_of(owner: Owner) -> (&'static str, ObjectKind) {
    match owner {
        Owner::Action => (text::KIND_ACTION, ObjectKind::Action),
        Owner::Module => (text::KIND_MODULE, ObjectKind::Module),
    }
}
