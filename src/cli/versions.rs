//! Naming a version on the command line (`3`, `v3`, `draft`, `live`), finding its code, and showing two
//! of them as a diff (`codedeck actions|modules diff`).

use super::commands::{find_action, find_module};
use super::diff_cmd::DiffView;
use super::{CliError, Connected};
use crate::backend::{Backend, BackendResult};
use crate::model::{Action, ActionVersion, Module, ModuleVersion};
use crate::strings::cli as text;

/// A version as the user names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionSpec {
    Number(u32),
    Draft,
    /// The deployed version of an action; the latest published version of a module.
    Live,
}

impl VersionSpec {
    /// `3` or `v3`, `draft`, `live` (any case). For clap's `value_parser`.
    pub fn parse(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "draft" => Ok(Self::Draft),
            "live" => Ok(Self::Live),
            other => parse_number(other)
                .map(Self::Number)
                .map_err(|_| text::bad_version_spec(s)),
        }
    }

    fn needs_versions(&self) -> bool {
        !matches!(self, Self::Draft)
    }
}

/// A version number, `3` or `v3` (versions count from 1).
pub fn parse_number(s: &str) -> Result<u32, String> {
    let digits = s.strip_prefix(['v', 'V']).unwrap_or(s);
    match digits.parse::<u32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(text::bad_version_number(s)),
    }
}

/// The version of an action with this number, or words saying which numbers exist.
pub fn find_action_version<'a>(
    action: &Action,
    versions: &'a [ActionVersion],
    number: u32,
) -> Result<&'a ActionVersion, CliError> {
    versions.iter().find(|v| v.number == number).ok_or_else(|| {
        let numbers: Vec<u32> = versions.iter().map(|v| v.number).collect();
        CliError::Usage(text::no_version("action", &action.name, number, &numbers))
    })
}

/// The published version of a module with this number, or words saying which numbers exist.
pub fn find_module_version<'a>(
    module: &Module,
    versions: &'a [ModuleVersion],
    number: u32,
) -> Result<&'a ModuleVersion, CliError> {
    versions.iter().find(|v| v.number == number).ok_or_else(|| {
        let numbers: Vec<u32> = versions.iter().map(|v| v.number).collect();
        CliError::Usage(text::no_version("module", &module.name, number, &numbers))
    })
}

/// The label (`v3`, `v9 (live)`, `draft`) and code of one action version, from its versions
/// (`list_action_versions`; may be empty when `spec` is `Draft`).
pub fn action_version_code(
    action: &Action,
    versions: &[ActionVersion],
    spec: &VersionSpec,
) -> Result<(String, String), CliError> {
    let live = action.deployed_version.as_ref();
    let label = |n: u32| {
        if live.is_some_and(|l| l.number == n) {
            text::live_label(n)
        } else {
            format!("v{n}")
        }
    };
    match spec {
        VersionSpec::Draft => Ok((text::DRAFT_LABEL.to_string(), action.code.clone())),
        VersionSpec::Number(n) => {
            let v = find_action_version(action, versions, *n)?;
            Ok((label(v.number), v.code.clone()))
        }
        VersionSpec::Live => {
            let live = live.ok_or_else(|| CliError::Usage(text::never_deployed(&action.name)))?;
            // The listed version carries the code for sure; the embedded one usually does too.
            let code = versions
                .iter()
                .find(|v| v.id == live.id)
                .map_or(&live.code, |v| &v.code);
            Ok((label(live.number), code.clone()))
        }
    }
}

/// The action's versions when a spec needs them (one listing for all; it may be many pages).
async fn action_versions_for(
    backend: &dyn Backend,
    action: &Action,
    specs: &[&VersionSpec],
) -> BackendResult<Vec<ActionVersion>> {
    if specs.iter().any(|s| s.needs_versions()) {
        backend.list_action_versions(&action.id).await
    } else {
        Ok(Vec::new())
    }
}

/// The label and code of one action version, reading the versions when the spec needs them.
pub async fn action_code(
    backend: &dyn Backend,
    action: &Action,
    spec: &VersionSpec,
) -> Result<(String, String), CliError> {
    let versions = action_versions_for(backend, action, &[spec]).await?;
    action_version_code(action, &versions, spec)
}

/// The label (`v3`, `v4 (latest)`, `draft`) and code of one module version, from its published
/// versions (`list_module_versions`; may be empty when `spec` is `Draft`).
pub fn module_version_code(
    module: &Module,
    versions: &[ModuleVersion],
    spec: &VersionSpec,
) -> Result<(String, String), CliError> {
    let latest = module.latest_version_number();
    let label = |n: u32| {
        if latest == Some(n) {
            text::latest_label(n)
        } else {
            format!("v{n}")
        }
    };
    let number = match spec {
        VersionSpec::Draft => return Ok((text::DRAFT_LABEL.to_string(), module.code.clone())),
        VersionSpec::Number(n) => *n,
        VersionSpec::Live => {
            latest.ok_or_else(|| CliError::Usage(text::never_published(&module.name)))?
        }
    };
    let v = find_module_version(module, versions, number)?;
    Ok((label(v.number), v.code.clone()))
}

async fn module_versions_for(
    backend: &dyn Backend,
    module: &Module,
    specs: &[&VersionSpec],
) -> BackendResult<Vec<ModuleVersion>> {
    if specs.iter().any(|s| s.needs_versions()) {
        backend.list_module_versions(&module.id).await
    } else {
        Ok(Vec::new())
    }
}

/// The label and code of one module version, reading the versions when the spec needs them.
pub async fn module_code(
    backend: &dyn Backend,
    module: &Module,
    spec: &VersionSpec,
) -> Result<(String, String), CliError> {
    let versions = module_versions_for(backend, module, &[spec]).await?;
    module_version_code(module, &versions, spec)
}

/// `codedeck actions diff NAME|ID FROM TO`.
pub async fn action_diff(
    conn: &Connected,
    key: &str,
    from: &VersionSpec,
    to: &VersionSpec,
    view: &DiffView,
) -> Result<(), CliError> {
    let backend = &*conn.backend;
    let action = find_action(backend, key).await?;
    let versions = action_versions_for(backend, &action, &[from, to]).await?;
    let old = action_version_code(&action, &versions, from)?;
    let new = action_version_code(&action, &versions, to)?;
    print_diff(conn, view, old, new)
}

/// `codedeck modules diff NAME|ID FROM TO`.
pub async fn module_diff(
    conn: &Connected,
    key: &str,
    from: &VersionSpec,
    to: &VersionSpec,
    view: &DiffView,
) -> Result<(), CliError> {
    let backend = &*conn.backend;
    let module = find_module(backend, key).await?;
    let versions = module_versions_for(backend, &module, &[from, to]).await?;
    let old = module_version_code(&module, &versions, from)?;
    let new = module_version_code(&module, &versions, to)?;
    print_diff(conn, view, old, new)
}

/// Prints two labelled texts as a diff in the connection's theme.
pub(super) fn print_diff(
    conn: &Connected,
    view: &DiffView,
    (old_label, old): (String, String),
    (new_label, new): (String, String),
) -> Result<(), CliError> {
    let theme = conn.theme()?;
    view.print((old_label, old.into()), (new_label, new.into()), &theme);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_named_by_number_draft_or_live() {
        assert_eq!(VersionSpec::parse("3"), Ok(VersionSpec::Number(3)));
        assert_eq!(VersionSpec::parse("v12"), Ok(VersionSpec::Number(12)));
        assert_eq!(VersionSpec::parse("Draft"), Ok(VersionSpec::Draft));
        assert_eq!(VersionSpec::parse("LIVE"), Ok(VersionSpec::Live));
        for bad in ["0", "v", "latest", "-1", "3.0"] {
            let err = VersionSpec::parse(bad).unwrap_err();
            assert!(err.contains(bad) && err.contains("draft"), "{err}");
        }
    }
}
