//! Finding what a command names: an action or module by exact name or id, a code package by name
//! or `database/owner/name`. Every miss is [`CliError::NotFound`] (exit 1), worded the same way.

use super::CliError;
use crate::backend::Backend;
use crate::model::{Action, ActionFilter, CodePackage, Module, PackageFilter, PackageId};
use crate::strings::cli as text;

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
        .ok_or_else(|| CliError::NotFound(text::no_such(text::KIND_ACTION, key)))
}

/// Finds a module by exact id or exact name.
pub(super) async fn find_module(backend: &dyn Backend, key: &str) -> Result<Module, CliError> {
    let modules = backend.list_modules().await?;
    match modules.into_iter().find(|m| m.id == key || m.name == key) {
        Some(m) => Ok(backend.get_module(&m.id).await?),
        None => Err(CliError::NotFound(text::no_such(text::KIND_MODULE, key))),
    }
}

/// The current version (with code) of the package a user named: `name` when it is unique on the
/// server, or `database/owner/name`.
pub(super) async fn find_package(
    backend: &dyn Backend,
    key: &str,
) -> Result<CodePackage, CliError> {
    let not_found = || CliError::NotFound(text::no_such(text::KIND_PACKAGE, key));
    let id = match PackageId::from_key(key) {
        // `faircom/admin/` names no package: the server would refuse the empty name in its words.
        Some(id) if id.name.is_empty() => return Err(not_found()),
        Some(id) => id,
        None => {
            let filter = PackageFilter {
                partial_name: Some(key.to_string()),
                ..PackageFilter::default()
            };
            let mut named: Vec<PackageId> = backend
                .list_packages(&filter)
                .await?
                .into_iter()
                .filter(|p| p.id.name == key)
                .map(|p| p.id)
                .collect();
            match named.len() {
                0 => return Err(not_found()),
                1 => named.remove(0),
                _ => {
                    let places: Vec<String> = named.iter().map(PackageId::key).collect();
                    return Err(CliError::Usage(text::ambiguous_package(key, &places)));
                }
            }
        }
    };
    match backend.describe_package(&id).await {
        Err(e) if e.is_not_found() => Err(not_found()),
        other => Ok(other?),
    }
}
