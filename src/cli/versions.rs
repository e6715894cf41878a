//! Naming a version on the command line (`3`, `v3`, `draft`, `live`), finding its code, and showing two
//! of them as a diff (`codedeck actions|modules diff`).

use super::diff_cmd::DiffView;
use super::lookup::{find_action, find_module, looks_like_id};
use super::{CliError, Connected};
use crate::backend::Backend;
use crate::model::BackendResult;
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

    fn needs_versions(self) -> bool {
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

/// An action or a module: a draft and numbered versions, found by name or id. One lookup, one
/// label rule and one diff serve both.
pub(super) trait Versioned: Sized {
    type Version;
    /// How the user calls it (`action`, `module`).
    const KIND: &'static str;
    fn name(&self) -> &str;
    fn id(&self) -> &str;
    fn draft_code(&self) -> &str;
    fn number(version: &Self::Version) -> u32;
    fn code(version: &Self::Version) -> &str;
    /// `v3`, or the live one marked (`v9 (live)`, `v4 (latest)`).
    fn label(&self, number: u32) -> String;
    /// The number and code of what `live` names, from the versions.
    fn live(&self, versions: &[Self::Version]) -> Result<(u32, String), CliError>;
    async fn find(backend: &dyn Backend, key: &str) -> Result<Self, CliError>;
    /// The versions of the object with this id.
    async fn versions_of(backend: &dyn Backend, id: &str) -> BackendResult<Vec<Self::Version>>;
    /// The label of version `number`, from the versions alone (an id was given: the object
    /// itself is not read).
    fn label_alone(versions: &[Self::Version], number: u32) -> String;
    /// What `live` names, from the versions alone; `None` when they cannot tell.
    fn live_alone(versions: &[Self::Version]) -> Option<&Self::Version>;
}

impl Versioned for Action {
    type Version = ActionVersion;
    const KIND: &'static str = text::KIND_ACTION;

    fn name(&self) -> &str {
        &self.name
    }

    fn id(&self) -> &str {
        &self.id
    }

    fn draft_code(&self) -> &str {
        &self.code
    }

    fn number(version: &ActionVersion) -> u32 {
        version.number
    }

    fn code(version: &ActionVersion) -> &str {
        &version.code
    }

    fn label(&self, number: u32) -> String {
        if self
            .deployed_version
            .as_ref()
            .is_some_and(|l| l.number == number)
        {
            text::live_label(number)
        } else {
            crate::strings::version_label(number)
        }
    }

    fn live(&self, versions: &[ActionVersion]) -> Result<(u32, String), CliError> {
        let live = self
            .deployed_version
            .as_ref()
            .ok_or_else(|| CliError::Usage(text::never_deployed(&self.name)))?;
        // The listed version carries the code for sure; the embedded one usually does too.
        let code = versions
            .iter()
            .find(|v| v.id == live.id)
            .map_or(&live.code, |v| &v.code);
        Ok((live.number, code.clone()))
    }

    async fn find(backend: &dyn Backend, key: &str) -> Result<Self, CliError> {
        find_action(backend, key).await
    }

    async fn versions_of(backend: &dyn Backend, id: &str) -> BackendResult<Vec<ActionVersion>> {
        backend.list_action_versions(id).await
    }

    /// A version says whether it serves now (`deployed`).
    fn label_alone(versions: &[ActionVersion], number: u32) -> String {
        if versions.iter().any(|v| v.number == number && v.deployed) {
            text::live_label(number)
        } else {
            crate::strings::version_label(number)
        }
    }

    /// What is live is the action's `deployed_version`, which may still be going live: only the
    /// action says so.
    fn live_alone(_versions: &[ActionVersion]) -> Option<&ActionVersion> {
        None
    }
}

impl Versioned for Module {
    type Version = ModuleVersion;
    const KIND: &'static str = text::KIND_MODULE;

    fn name(&self) -> &str {
        &self.name
    }

    fn id(&self) -> &str {
        &self.id
    }

    fn draft_code(&self) -> &str {
        &self.code
    }

    fn number(version: &ModuleVersion) -> u32 {
        version.number
    }

    fn code(version: &ModuleVersion) -> &str {
        &version.code
    }

    fn label(&self, number: u32) -> String {
        if self.latest_version_number() == Some(number) {
            text::latest_label(number)
        } else {
            crate::strings::version_label(number)
        }
    }

    /// The latest published version.
    fn live(&self, versions: &[ModuleVersion]) -> Result<(u32, String), CliError> {
        let latest = self
            .latest_version_number()
            .ok_or_else(|| CliError::Usage(text::never_published(&self.name)))?;
        let v = find_version(self, versions, latest)?;
        Ok((v.number, v.code.clone()))
    }

    async fn find(backend: &dyn Backend, key: &str) -> Result<Self, CliError> {
        find_module(backend, key).await
    }

    async fn versions_of(backend: &dyn Backend, id: &str) -> BackendResult<Vec<ModuleVersion>> {
        backend.list_module_versions(id).await
    }

    /// The latest published version is the highest number.
    fn label_alone(versions: &[ModuleVersion], number: u32) -> String {
        if versions.iter().map(|v| v.number).max() == Some(number) {
            text::latest_label(number)
        } else {
            crate::strings::version_label(number)
        }
    }

    fn live_alone(versions: &[ModuleVersion]) -> Option<&ModuleVersion> {
        versions.iter().max_by_key(|v| v.number)
    }
}

/// The object a user named, its versions, and the index of the one numbered `number` in them.
pub(super) async fn find_with_version<S: Versioned>(
    backend: &dyn Backend,
    key: &str,
    number: u32,
) -> Result<(S, Vec<S::Version>, usize), CliError> {
    let object = S::find(backend, key).await?;
    let versions = S::versions_of(backend, object.id()).await?;
    let index = versions
        .iter()
        .position(|v| S::number(v) == number)
        .ok_or_else(|| no_version(&object, &versions, number))?;
    Ok((object, versions, index))
}

fn no_version<S: Versioned>(object: &S, versions: &[S::Version], number: u32) -> CliError {
    let numbers: Vec<u32> = versions.iter().map(S::number).collect();
    CliError::Usage(text::no_version(S::KIND, object.name(), number, &numbers))
}

/// The version with this number, or words saying which numbers exist.
pub(super) fn find_version<'a, S: Versioned>(
    object: &S,
    versions: &'a [S::Version],
    number: u32,
) -> Result<&'a S::Version, CliError> {
    versions
        .iter()
        .find(|v| S::number(v) == number)
        .ok_or_else(|| no_version(object, versions, number))
}

/// The label (`v3`, `v9 (live)`, `draft`) and code of one version, from the object's versions (may
/// be empty when `spec` is `Draft`).
fn version_code<S: Versioned>(
    object: &S,
    versions: &[S::Version],
    spec: VersionSpec,
) -> Result<(String, String), CliError> {
    match spec {
        VersionSpec::Draft => Ok((
            text::DRAFT_LABEL.to_string(),
            object.draft_code().to_string(),
        )),
        VersionSpec::Number(n) => {
            let v = find_version(object, versions, n)?;
            Ok((object.label(S::number(v)), S::code(v).to_string()))
        }
        VersionSpec::Live => {
            let (number, code) = object.live(versions)?;
            Ok((object.label(number), code))
        }
    }
}

/// The label and code of a version named by number (or `live`, where the versions tell it), from
/// the versions alone; `None` when they cannot tell (the object is read then).
fn version_code_alone<S: Versioned>(
    versions: &[S::Version],
    spec: VersionSpec,
) -> Option<(String, String)> {
    let version = match spec {
        VersionSpec::Draft => None,
        VersionSpec::Number(n) => versions.iter().find(|v| S::number(v) == n),
        VersionSpec::Live => S::live_alone(versions),
    }?;
    let number = S::number(version);
    Some((
        S::label_alone(versions, number),
        S::code(version).to_string(),
    ))
}

/// `codedeck actions|modules diff NAME|ID FROM TO`: the versions are listed once, and only when a
/// side needs them (it may be many pages). Given an id and two versions the versions page alone
/// names, that page is the only request.
pub(super) async fn diff<S: Versioned>(
    conn: &Connected,
    key: &str,
    (from, to): (VersionSpec, VersionSpec),
    view: &DiffView,
) -> Result<(), CliError> {
    let backend = &*conn.backend;
    let mut listed = None;
    if looks_like_id(key) && from.needs_versions() && to.needs_versions() {
        match S::versions_of(backend, key).await {
            Ok(versions) => {
                let old = version_code_alone::<S>(&versions, from);
                if let (Some(old), Some(new)) = (old, version_code_alone::<S>(&versions, to)) {
                    return print_diff(conn, view, old, new);
                }
                listed = Some(versions);
            }
            // No such id (or not an id at all): the lookup below finds it by name or says so.
            Err(e) if e.is_not_found() || e.status() == Some(400) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let object = S::find(backend, key).await?;
    let versions = match listed {
        // The versions just read are the object's when the key was its id.
        Some(versions) if object.id() == key => versions,
        _ if from.needs_versions() || to.needs_versions() => {
            S::versions_of(backend, object.id()).await?
        }
        _ => Vec::new(),
    };
    let old = version_code(&object, &versions, from)?;
    let new = version_code(&object, &versions, to)?;
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
