//! `codedeck packages …`: FairCom code packages from the command line, with the same verbs as for
//! actions and modules. Changes ask first (or need `--yes`) and are journaled.

use serde::Serialize;

use super::change::{Change, Intent};
use super::diff_cmd::DiffView;
use super::lookup::{find_package, find_package_history};
use super::output::{emit, print_json, say};
use super::table::Table;
use super::{CliError, Connected};
use crate::backend::Backend;
use crate::journal::{ObjectKind, Operation, Snapshot};
use crate::model::{CodePackage, CodeStatus, CodeType, PackageFilter, PackageId};
use crate::strings::cli as text;
use crate::strings::journal as words;

/// A version as the user names it: a number, or the current one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackageVersion {
    Number(u32),
    Current,
}

impl PackageVersion {
    /// `3`, `v3` or `current` (any case). For clap's `value_parser`.
    pub fn parse(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "current" | "live" => Ok(Self::Current),
            other => super::versions::parse_number(other)
                .map(Self::Number)
                .map_err(|_| text::bad_package_version(s)),
        }
    }
}

/// `codedeck packages list [--name TEXT] [--status S] [--type T] [--json]`.
pub(super) async fn list(
    backend: &dyn Backend,
    name: Option<String>,
    status: Option<String>,
    code_type: Option<String>,
    json: bool,
) -> Result<(), CliError> {
    let filter = PackageFilter {
        partial_name: name,
        statuses: status
            .iter()
            .map(|s| parse_status(s))
            .collect::<Result<_, _>>()?,
        code_types: code_type.iter().map(|t| CodeType::parse(t)).collect(),
        ..PackageFilter::default()
    };
    let list = backend.list_packages(&filter).await?;
    if json {
        return print_json(&list);
    }
    if list.is_empty() {
        say(text::NO_PACKAGES);
        return Ok(());
    }
    emit(&package_table(&list));
    Ok(())
}

/// `codedeck packages show NAME [--json]`.
pub(super) async fn show_package(
    backend: &dyn Backend,
    key: &str,
    json: bool,
) -> Result<(), CliError> {
    let package = find_package(backend, key).await?;
    if json {
        return print_json(&package);
    }
    emit(&show(&package));
    Ok(())
}

/// `codedeck packages history NAME [--json]`.
pub(super) async fn history(backend: &dyn Backend, key: &str, json: bool) -> Result<(), CliError> {
    let (_, versions) = find_package_history(backend, key).await?;
    if json {
        return print_json(&versions);
    }
    emit(&history_table(&versions));
    Ok(())
}

/// `codedeck packages diff NAME FROM TO [--json]`.
pub(super) async fn diff(
    conn: &Connected,
    key: &str,
    (from, to): (PackageVersion, PackageVersion),
    view: &DiffView,
    json: bool,
) -> Result<(), CliError> {
    let backend = &*conn.backend;
    let (package, versions) = find_package_history(backend, key).await?;
    let old = version_code(&package, &versions, from)?;
    let new = version_code(&package, &versions, to)?;
    if json {
        return print_json(&diff_json(conn, view, old, new)?);
    }
    super::versions::print_diff(conn, view, old, new)
}

/// The status a user named: one of FairCom's six, or exit 2.
pub(super) fn parse_status(text_value: &str) -> Result<CodeStatus, CliError> {
    match CodeStatus::parse(text_value) {
        CodeStatus::Other(_) => Err(CliError::Usage(text::bad_status(text_value))),
        status => Ok(status),
    }
}

fn server_time(at: Option<crate::model::ServerTime>) -> String {
    at.map(|at| at.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
}

fn package_table(list: &[CodePackage]) -> String {
    let several = crate::model::in_several_places(list);
    let mut header = vec![text::PACKAGES_HEADER[0]];
    if several {
        header.push(text::PACKAGE_PLACE_COLUMN);
    }
    header.extend(&text::PACKAGES_HEADER[1..]);
    let mut t = Table::new(&header);
    for p in list {
        let mut row = vec![p.id.name.clone()];
        if several {
            row.push(format!("{}/{}", p.id.database, p.id.owner));
        }
        row.extend([
            crate::strings::version_label(p.version),
            p.status.as_str().to_string(),
            p.code_type.as_str().to_string(),
            server_time(p.updated_on),
            p.updated_by.clone(),
        ]);
        t.row(row);
    }
    t.render()
}

fn show(p: &CodePackage) -> String {
    let metadata = serde_json::to_string_pretty(&p.metadata).unwrap_or_default();
    text::package_details(
        p,
        &server_time(p.updated_on),
        &server_time(p.created_on),
        &metadata,
    )
}

fn history_table(versions: &[CodePackage]) -> String {
    let current = versions.iter().map(|v| v.version).max();
    let mut t = Table::new(text::PACKAGE_HISTORY_HEADER);
    for v in versions {
        let label = if Some(v.version) == current {
            text::current_label(v.version)
        } else {
            crate::strings::version_label(v.version)
        };
        t.row(vec![
            label,
            v.status.as_str().to_string(),
            server_time(v.updated_on.or(v.created_on)),
            v.updated_by.clone(),
            v.comment.clone(),
        ]);
    }
    t.render()
}

/// The label and code of one version (the current one is the package itself).
fn version_code(
    package: &CodePackage,
    versions: &[CodePackage],
    spec: PackageVersion,
) -> Result<(String, String), CliError> {
    let number = match spec {
        PackageVersion::Current => package.version,
        PackageVersion::Number(n) => n,
    };
    let version = versions
        .iter()
        .find(|v| v.version == number)
        .ok_or_else(|| {
            let numbers: Vec<u32> = versions.iter().map(|v| v.version).collect();
            CliError::Usage(text::no_version(
                text::KIND_PACKAGE,
                &package.id.name,
                number,
                &numbers,
            ))
        })?;
    let label = if number == package.version {
        text::current_label(number)
    } else {
        crate::strings::version_label(number)
    };
    Ok((label, version.code.clone().unwrap_or_default()))
}

#[derive(Serialize)]
struct DiffSide {
    version: String,
    code: String,
}

#[derive(Serialize)]
struct DiffJson {
    from: DiffSide,
    to: DiffSide,
    identical: bool,
    /// The unified diff as the text output shows it, without colour.
    unified: String,
}

/// `diff --json`: both sides and the unified diff, for scripts.
fn diff_json(
    conn: &Connected,
    view: &DiffView,
    (old_label, old): (String, String),
    (new_label, new): (String, String),
) -> Result<DiffJson, CliError> {
    let diff = crate::diff::Diff::new(old.as_str().into(), new.as_str().into());
    let mut options = view.text_options(old_label.clone(), new_label.clone(), &conn.theme()?);
    options.unified = true;
    options.color = false;
    Ok(DiffJson {
        identical: diff.is_identical(),
        unified: crate::diff::text::render(&diff, &options),
        from: DiffSide {
            version: old_label,
            code: old,
        },
        to: DiffSide {
            version: new_label,
            code: new,
        },
    })
}

/// What a change did, for `--json`.
#[derive(Serialize)]
struct Outcome<'a> {
    package: &'a PackageId,
    before: Snapshot,
    after: Snapshot,
}

fn version_snapshot(package: &CodePackage) -> Snapshot {
    Snapshot {
        version_id: Some(package.version.to_string()),
        version_number: Some(package.version),
        status: Some(package.status.clone()),
        ..Snapshot::default()
    }
}

/// Journals a change that happened and says so (as a line or as JSON).
fn conclude(
    intent: Intent,
    before: &CodePackage,
    after: &CodePackage,
    json: bool,
    message: &str,
) -> Result<(), CliError> {
    let id = &after.id;
    let (before, after) = (version_snapshot(before), version_snapshot(after));
    intent.done(after.clone());
    if json {
        return print_json(&Outcome {
            package: id,
            before,
            after,
        });
    }
    emit(&format!("{message}\n"));
    Ok(())
}

/// Sends one package change (asked first, its intent journaled), then reads the package as it is
/// now. A lost answer is settled by reading the package back.
async fn change_package(
    conn: &Connected,
    package: &CodePackage,
    change: Change<'_>,
    request: impl std::future::Future<Output = Result<(), crate::model::BackendError>>,
) -> Result<(CodePackage, Intent), CliError> {
    let sent = change
        .before(version_snapshot(package))
        .send(conn, async { Ok(request.await?) })
        .await?;
    match conn.backend.describe_package(&package.id).await {
        Ok(after) => Ok((after, sent.intent)),
        Err(e) => {
            // Made, as the service said; only what it looks like now is not known.
            sent.intent.done(Snapshot::default());
            Err(e.into())
        }
    }
}

/// A change of `package`, journaled under its `database/owner/name`.
fn package_change<'a>(
    key: &'a str,
    package: &'a CodePackage,
    operation: Operation,
    what: String,
) -> Change<'a> {
    Change::new(ObjectKind::Package, key, &package.id.name, operation, what)
}

/// `codedeck packages revert NAME --to V`: FairCom's revert (seed 004).
pub(super) async fn revert(
    conn: &Connected,
    key: &str,
    to: u32,
    yes: bool,
    json: bool,
) -> Result<(), CliError> {
    let backend = &*conn.backend;
    let (package, versions) = find_package_history(backend, key).await?;
    if to == package.version {
        say(&text::already_current(&package.id.name, to));
        return Ok(());
    }
    version_code(&package, &versions, PackageVersion::Number(to))?;
    let id = package.id.key();
    let change = package_change(
        &id,
        &package,
        Operation::PackageRevert,
        words::revert_named(&package.id.name, to),
    )
    .confirming(
        text::confirm_package_revert(&package.id.name, to, package.version, package.status.runs()),
        yes,
    );
    let (after, intent) = change_package(
        conn,
        &package,
        change,
        backend.revert_package(&package.id, to),
    )
    .await?;
    let message = text::package_reverted(&after.id.name, after.version, to);
    conclude(intent, &package, &after, json, &message)
}

/// `codedeck packages status NAME STATUS`.
pub(super) async fn set_status(
    conn: &Connected,
    key: &str,
    status: &CodeStatus,
    yes: bool,
    json: bool,
) -> Result<(), CliError> {
    let backend = &*conn.backend;
    let package = find_package(backend, key).await?;
    if package.status == *status {
        say(&text::status_already(&package.id.name, status.as_str()));
        return Ok(());
    }
    let id = package.id.key();
    let change = package_change(
        &id,
        &package,
        Operation::PackageStatus,
        words::status_named(&package.id.name, status.as_str()),
    )
    .asking(Snapshot {
        status: Some(status.clone()),
        ..Snapshot::default()
    })
    .confirming(
        text::confirm_package_status(&package.id.name, &package.status, status),
        yes,
    );
    let (after, intent) = change_package(
        conn,
        &package,
        change,
        backend.set_package_status(&package.id, status),
    )
    .await?;
    let message = text::package_status_set(&after.id.name, after.status.as_str());
    conclude(intent, &package, &after, json, &message)
}
