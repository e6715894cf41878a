//! Finding what a command names: an action or module by exact name or id, a code package by name
//! or `database/owner/name`. Every miss is [`CliError::NotFound`] (exit 1), worded the same way.

use super::CliError;
use crate::backend::Backend;
use crate::model::{
    Action, ActionFilter, BackendResult, CodePackage, Module, PackageFilter, PackageId,
};
use crate::strings::cli as text;

/// Auth0 gives actions and modules UUIDs (`8-4-4-4-12` hex digits): a key of that shape is taken
/// for an id and read in one request; any other key is a name, found through one (paged) list.
pub(super) fn looks_like_id(key: &str) -> bool {
    const GROUPS: [usize; 5] = [8, 4, 4, 4, 12];
    let groups: Vec<&str> = key.split('-').collect();
    groups.len() == GROUPS.len()
        && groups
            .iter()
            .zip(GROUPS)
            .all(|(g, len)| g.len() == len && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `None` for an answer that says "no such id" (a 400 is how some ids that cannot exist are refused).
fn absent<T>(answer: BackendResult<T>) -> Result<Option<T>, CliError> {
    match answer {
        Ok(found) => Ok(Some(found)),
        Err(e) if e.is_not_found() || e.status() == Some(400) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Finds an action by exact id or exact name; `None` when there is no such action. An id costs
/// one request, a name one list (its entry carries the code, as a read by id would).
pub(super) async fn lookup_action(
    backend: &dyn Backend,
    key: &str,
) -> Result<Option<Action>, CliError> {
    if looks_like_id(key) {
        if let Some(action) = absent(backend.get_action(key).await)? {
            return Ok(Some(action));
        }
        // A name may have the shape of an id: it is looked for as a name too.
    }
    action_named(backend, key).await
}

/// The action with exactly this name (the list filtered by name); `None` when there is none.
pub(super) async fn action_named(
    backend: &dyn Backend,
    name: &str,
) -> Result<Option<Action>, CliError> {
    let filter = ActionFilter {
        action_name: Some(name.to_string()),
        ..ActionFilter::default()
    };
    let found = backend.list_actions(&filter).await?;
    match found.into_iter().find(|a| a.name == name) {
        Some(a) if a.code_loaded => Ok(Some(a)),
        // A list payload without the code: the full action is read.
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

/// Finds a module by exact id (one request) or exact name (the list, and the module itself only
/// when its list entry lacks the latest version a read by id carries).
pub(super) async fn find_module(backend: &dyn Backend, key: &str) -> Result<Module, CliError> {
    if looks_like_id(key) {
        if let Some(module) = absent(backend.get_module(key).await)? {
            return Ok(module);
        }
    }
    let modules = backend.list_modules().await?;
    match modules.into_iter().find(|m| m.name == key) {
        Some(m) if m.latest_version.is_some() => Ok(m),
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
    let id = package_id(backend, key).await?;
    match backend.describe_package(&id).await {
        Err(e) if e.is_not_found() => Err(not_found_package(key)),
        other => Ok(other?),
    }
}

/// The versions of the package a user named, newest first: the first is the current one. The
/// history reads the current version itself, so it is not read a second time.
pub(super) async fn find_package_history(
    backend: &dyn Backend,
    key: &str,
) -> Result<(CodePackage, Vec<CodePackage>), CliError> {
    let id = package_id(backend, key).await?;
    let versions = match backend.package_history(&id).await {
        Err(e) if e.is_not_found() => return Err(not_found_package(key)),
        other => other?,
    };
    match versions.first() {
        Some(current) => Ok((current.clone(), versions)),
        None => Err(not_found_package(key)),
    }
}

fn not_found_package(key: &str) -> CliError {
    CliError::NotFound(text::no_such(text::KIND_PACKAGE, key))
}

/// The package a user named: its key as given (`database/owner/name`), or a unique name found
/// through one list.
async fn package_id(backend: &dyn Backend, key: &str) -> Result<PackageId, CliError> {
    let not_found = || not_found_package(key);
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
    Ok(id)
}
