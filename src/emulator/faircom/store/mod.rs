//! FairCom code packages: the records and every rule of the code-package actions, pure (no HTTP, no
//! session, no clock of its own). The handler parses `params` into the types here, passes who asks
//! and when ([`Actor`]), and wraps what comes back in the JSON Action envelope.
//!
//! A package is identified by (databaseName, ownerName, codeName). It has a current version and the
//! earlier versions in its history; packages are never removed (`deleted` is a status).
//!
//! Here: the records and the store's rules; the actions' params and their checks are in `params`.

use chrono::NaiveDateTime;
use serde_json::{json, Value};

use super::{ALREADY_EXISTS, INVALID_PARAMS, NOT_FOUND};

mod params;
#[cfg(test)]
mod tests;

use params::{
    check_format, check_metadata, check_name, check_status, check_type, check_version, name_or,
    required,
};
pub use params::{
    parse, AlterParams, CloneParams, CreateParams, DescribeHistoryParams, DescribeParams, Filters,
    ListHistoryParams, ListParams, Paging, RevertParams, Target, VersionRange,
};

/// Longest database, owner and code name (bytes).
pub const MAX_NAME_BYTES: usize = 64;
/// `maxRecords` when absent (the describeCodePackageHistory page says 20).
// Docs silent for the list actions: they use the same default.
pub const DEFAULT_MAX_RECORDS: u64 = 20;

pub const STATUSES: [&str; 6] = [
    "developing",
    "testing",
    "active",
    "deprecated",
    "inactive",
    "deleted",
];

/// The `codeTypeFilter` enum of the newer docs, plus the older servers' `transform`.
pub const CODE_TYPES: [&str; 10] = [
    "integrationTableTransform",
    "expression",
    "getRecordsTransform",
    "globalFunction",
    "module",
    "event",
    "beforeTrigger",
    "afterTrigger",
    "job",
    "transform",
];

/// Activated statuses: the server may run the package. The others are deactivated.
pub fn activated(status: &str) -> bool {
    matches!(status, "active" | "testing" | "deprecated")
}

/// FairCom's zoneless timestamp with milliseconds: `2024-10-15T19:29:34.216`.
pub fn server_time(t: &NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3f").to_string()
}

/// Why an action was refused: a non-zero `errorCode` and its `errorMessage`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub code: i32,
    pub message: String,
}

impl Failure {
    pub fn new(code: i32, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
    fn invalid(message: impl Into<String>) -> Self {
        Self::new(INVALID_PARAMS, message)
    }
}

/// Who asks and when: the session's account (as `createdBy`/`updatedBy` show it), its default
/// database and owner, and the emulator's clock.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user: String,
    pub database: String,
    pub owner: String,
    pub now: NaiveDateTime,
}

/// One version of a package: what changes from version to version or in place.
#[derive(Debug, Clone, PartialEq)]
pub struct PackageVersion {
    pub number: u32,
    pub status: String,
    pub description: String,
    pub metadata: Value,
    pub comment: String,
    pub code_format: String,
    pub code: String,
    pub updated_by: String,
    pub updated_on: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PackageRec {
    pub code_id: i64,
    pub database: String,
    pub owner: String,
    pub name: String,
    /// The package this one was cloned from; 0 when it was created.
    pub cloned_code_id: i64,
    pub language: String,
    pub code_type: String,
    pub created_by: String,
    pub created_on: NaiveDateTime,
    pub current: PackageVersion,
    /// The earlier versions, oldest first. The current version is not in it.
    pub history: Vec<PackageVersion>,
}

impl PackageRec {
    fn is(&self, database: &str, owner: &str, name: &str) -> bool {
        self.database == database && self.owner == owner && self.name == name
    }

    /// The package object of the list/describe answers, for this package at `version`.
    pub fn json(&self, version: &PackageVersion, with_code: bool) -> Value {
        let mut object = json!({
            "codeId": self.code_id,
            "databaseName": self.database,
            "ownerName": self.owner,
            "codeName": self.name,
            "codeVersion": version.number,
            "clonedCodeId": self.cloned_code_id,
            "codeStatus": version.status,
            "codeLanguage": self.language,
            "codeType": self.code_type,
            "description": version.description,
            "metadata": version.metadata,
            "createdBy": self.created_by,
            "createdOn": server_time(&self.created_on),
            "updatedBy": version.updated_by,
            "updatedOn": server_time(&version.updated_on),
            "comment": version.comment,
            "codeFormat": version.code_format,
        });
        if with_code {
            object["code"] = json!(version.code);
        }
        object
    }

    fn describe_identity(&self) -> String {
        identity(&self.database, &self.owner, &self.name)
    }
}

fn identity(database: &str, owner: &str, name: &str) -> String {
    format!("'{name}' (database '{database}', owner '{owner}')")
}

fn not_found(database: &str, owner: &str, names: &[&str]) -> Failure {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    Failure::new(
        NOT_FOUND,
        format!(
            "Code Package not found: {} (database '{database}', owner '{owner}')",
            quoted.join(", ")
        ),
    )
}

// ---------------------------------------------------------------------------------------------
// The store

/// Every code package of the emulator, in creation (codeId) order.
#[derive(Debug, Clone, Default)]
pub struct PackageStore {
    pub packages: Vec<PackageRec>,
}

impl PackageStore {
    pub fn find(&self, database: &str, owner: &str, name: &str) -> Option<&PackageRec> {
        self.packages.iter().find(|p| p.is(database, owner, name))
    }

    fn find_mut(&mut self, database: &str, owner: &str, name: &str) -> Option<&mut PackageRec> {
        self.packages
            .iter_mut()
            .find(|p| p.is(database, owner, name))
    }

    /// Ids are assigned by the server and only grow (packages are never removed).
    fn next_code_id(&self) -> i64 {
        self.packages.iter().map(|p| p.code_id).max().unwrap_or(0) + 1
    }

    /// The package `target` names, or 101.
    fn target(&self, target: &Target, actor: &Actor) -> Result<&PackageRec, Failure> {
        let (database, owner, name) = target.resolve(actor)?;
        self.find(&database, &owner, &name)
            .ok_or_else(|| not_found(&database, &owner, &[&name]))
    }

    fn target_mut(&mut self, target: &Target, actor: &Actor) -> Result<&mut PackageRec, Failure> {
        let (database, owner, name) = target.resolve(actor)?;
        self.find_mut(&database, &owner, &name)
            .ok_or_else(|| not_found(&database, &owner, &[&name]))
    }

    fn refuse_existing(&self, database: &str, owner: &str, name: &str) -> Result<(), Failure> {
        // Docs silent on the code; c-tree's duplicate-key error (KDUP_ERR) is the likely one. A
        // deleted package still exists (nothing is ever removed), so its name stays taken.
        match self.find(database, owner, name) {
            Some(existing) => Err(Failure::new(
                ALREADY_EXISTS,
                format!(
                    "Code Package already exists: {} (codeId {}, status {})",
                    existing.describe_identity(),
                    existing.code_id,
                    existing.current.status
                ),
            )),
            None => Ok(()),
        }
    }

    /// listCodePackages: current versions matching the filters, without code, paged.
    // Docs silent on the order: codeId (creation) order, stable for paging.
    pub fn list(&self, p: &ListParams) -> Result<Vec<Value>, Failure> {
        p.filters.check()?;
        p.paging.page(
            self.packages
                .iter()
                .filter(|pkg| p.filters.matches(pkg, &pkg.current))
                .map(|pkg| pkg.json(&pkg.current, false)),
        )
    }

    /// describeCodePackages: the current versions of the named packages, with code, in the order
    /// asked. Any unknown name refuses the whole request with 101 (what a live Edge does).
    pub fn describe(&self, p: &DescribeParams, actor: &Actor) -> Result<Vec<Value>, Failure> {
        let database = name_or("databaseName", p.database_name.as_deref(), &actor.database)?;
        let owner = name_or("ownerName", p.owner_name.as_deref(), &actor.owner)?;
        check_format(p.code_format.as_deref())?;
        let names = required("codeNames", p.code_names.as_ref())?;
        if names.is_empty() {
            return Err(Failure::invalid(
                "'codeNames' must name at least one package",
            ));
        }
        for name in names {
            check_name("codeNames", name)?;
        }
        let missing: Vec<&str> = names
            .iter()
            .filter(|n| self.find(&database, &owner, n).is_none())
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            return Err(not_found(&database, &owner, &missing));
        }
        let mut seen = Vec::new();
        Ok(names
            .iter()
            .filter(|n| {
                let first = !seen.contains(n);
                seen.push(*n);
                first
            })
            .filter_map(|n| self.find(&database, &owner, n))
            .map(|pkg| pkg.json(&pkg.current, true))
            .collect())
    }

    /// listCodePackageHistory: the earlier versions of every matching package, without code,
    /// by codeId and then ascending version, paged.
    pub fn list_history(&self, p: &ListHistoryParams) -> Result<Vec<Value>, Failure> {
        p.filters.check()?;
        let (min, max) = p.range.bounds()?;
        p.paging.page(self.packages.iter().flat_map(|pkg| {
            pkg.history
                .iter()
                .filter(move |v| (min..=max).contains(&v.number))
                .filter(|v| p.filters.matches(pkg, v))
                .map(|v| pkg.json(v, false))
        }))
    }

    /// describeCodePackageHistory: the earlier versions of one package, with code, ascending.
    // Docs silent on the order; ascending is what "version history" reads as, and it pages
    // naturally from the first version.
    pub fn describe_history(
        &self,
        p: &DescribeHistoryParams,
        actor: &Actor,
    ) -> Result<Vec<Value>, Failure> {
        check_format(p.code_format.as_deref())?;
        let (min, max) = p.range.bounds()?;
        let pkg = self.target(&p.target, actor)?;
        p.paging.page(
            pkg.history
                .iter()
                .filter(|v| (min..=max).contains(&v.number))
                .map(|v| pkg.json(v, true)),
        )
    }

    /// createCodePackage: version 1 of a new package. Returns its codeId.
    pub fn create(&mut self, p: &CreateParams, actor: &Actor) -> Result<i64, Failure> {
        let (database, owner, name) = p.target.resolve(actor)?;
        let language = required("codeLanguage", p.code_language.as_ref())?;
        if language.is_empty() {
            return Err(Failure::invalid("'codeLanguage' must not be empty"));
        }
        let code_type = check_type(required("codeType", p.code_type.as_ref())?)?;
        let code = required("code", p.code.as_ref())?;
        // Docs silent on the default status: `developing`, so new code does not run by surprise.
        let status = match &p.code_status {
            Some(s) => check_status("codeStatus", s)?,
            None => "developing".to_string(),
        };
        let code_format = check_format(p.code_format.as_deref())?;
        let metadata = check_metadata(p.metadata.as_ref())?.unwrap_or_else(|| json!({}));
        self.refuse_existing(&database, &owner, &name)?;
        let code_id = self.next_code_id();
        self.packages.push(PackageRec {
            code_id,
            database,
            owner,
            name,
            cloned_code_id: 0,
            language: language.clone(),
            code_type,
            created_by: actor.user.clone(),
            created_on: actor.now,
            current: PackageVersion {
                number: 1,
                status,
                description: p.description.clone().unwrap_or_default(),
                metadata,
                comment: p.comment.clone().unwrap_or_default(),
                code_format,
                code: code.clone(),
                updated_by: actor.user.clone(),
                updated_on: actor.now,
            },
            history: vec![],
        });
        Ok(code_id)
    }

    /// alterCodePackage: new code (or codeFormat) makes version+1 and moves the current version
    /// into history; status, description, metadata and comment change in place.
    /// Returns the version current afterwards.
    pub fn alter(&mut self, p: &AlterParams, actor: &Actor) -> Result<u32, Failure> {
        let status = p
            .code_status
            .as_deref()
            .map(|s| check_status("codeStatus", s))
            .transpose()?;
        let metadata = check_metadata(p.metadata.as_ref())?;
        let format = p
            .code_format
            .as_ref()
            .map(|_| check_format(p.code_format.as_deref()))
            .transpose()?;
        for (field, given) in [
            ("newCodeName", &p.new_code_name),
            ("newDatabaseName", &p.new_database_name),
            ("newOwnerName", &p.new_owner_name),
        ] {
            if given.is_some() {
                return Err(Failure::invalid(format!(
                    "'{field}': a code package cannot be renamed; clone it under the new name and deactivate the old one"
                )));
            }
        }
        let pkg = self.target_mut(&p.target, actor)?;
        for (field, given, current) in [
            ("codeType", &p.code_type, &pkg.code_type),
            ("codeLanguage", &p.code_language, &pkg.language),
        ] {
            if given.as_ref().is_some_and(|g| g != current) {
                return Err(Failure::invalid(format!(
                    "'{field}' cannot be altered (it is '{current}'); create a new code package instead"
                )));
            }
        }
        let cur = &pkg.current;
        // Docs: changing code or codeFormat makes a new version. Sending the same code again is
        // not a change (Docs silent; a version-control system would not record an empty one).
        let new_code = p.code.as_ref().filter(|c| **c != cur.code);
        let new_format = format.filter(|f| *f != cur.code_format);
        if new_code.is_some() || new_format.is_some() {
            let mut next = cur.clone();
            next.number = cur.number + 1;
            if let Some(code) = new_code {
                next.code.clone_from(code);
            }
            if let Some(f) = new_format {
                next.code_format = f;
            }
            // The comment belongs to a version: a new version without one has none.
            next.comment = p.comment.clone().unwrap_or_default();
            pkg.history.push(std::mem::replace(&mut pkg.current, next));
        } else if let Some(comment) = &p.comment {
            pkg.current.comment.clone_from(comment);
        }
        let cur = &mut pkg.current;
        if let Some(status) = status {
            cur.status = status;
        }
        if let Some(description) = &p.description {
            cur.description.clone_from(description);
        }
        if let Some(metadata) = metadata {
            cur.metadata = metadata;
        }
        cur.updated_by.clone_from(&actor.user);
        cur.updated_on = actor.now;
        Ok(cur.number)
    }

    /// revertCodePackage: the current version goes into history as is; the code of the requested
    /// historical version becomes the current one under the next version number.
    /// Returns the new version number.
    pub fn revert(&mut self, p: &RevertParams, actor: &Actor) -> Result<u32, Failure> {
        let wanted = check_version(
            "codeVersion",
            *required("codeVersion", p.code_version.as_ref())?,
        )?;
        let pkg = self.target_mut(&p.target, actor)?;
        let Some(old) = pkg.history.iter().find(|v| v.number == wanted).cloned() else {
            // Docs silent on this error; the words say what is possible.
            let reason = if wanted == pkg.current.number {
                format!("it is the current version of {}", pkg.describe_identity())
            } else {
                let range = match (pkg.history.first(), pkg.history.last()) {
                    (Some(first), Some(last)) => format!(
                        "its history holds versions {}–{}",
                        first.number, last.number
                    ),
                    _ => "it has no earlier versions".to_string(),
                };
                format!("{} has no such version; {range}", pkg.describe_identity())
            };
            return Err(Failure::invalid(format!(
                "Cannot revert to codeVersion {wanted}: {reason}"
            )));
        };
        let mut next = pkg.current.clone();
        next.number = pkg.current.number + 1;
        next.code = old.code;
        next.code_format = old.code_format;
        // Docs silent on the comment; on the status (open question 7) the current one is kept:
        // a revert replaces code, and the package keeps running as it was.
        next.comment = format!("Reverted to version {wanted}");
        next.updated_by.clone_from(&actor.user);
        next.updated_on = actor.now;
        let number = next.number;
        pkg.history.push(std::mem::replace(&mut pkg.current, next));
        Ok(number)
    }

    /// cloneCodePackage: a new package with the source's current code, at version 1, pointing
    /// back at the source with `clonedCodeId`. Returns the new codeId.
    pub fn clone_package(&mut self, p: &CloneParams, actor: &Actor) -> Result<i64, Failure> {
        let status = p
            .code_status
            .as_deref()
            .map(|s| check_status("codeStatus", s))
            .transpose()?;
        let metadata = check_metadata(p.metadata.as_ref())?;
        let source = self.target(&p.target, actor)?.clone();
        let database = name_or(
            "newDatabaseName",
            p.new_database_name.as_deref(),
            &source.database,
        )?;
        let owner = name_or("newOwnerName", p.new_owner_name.as_deref(), &source.owner)?;
        let name = name_or("newCodeName", p.new_code_name.as_deref(), &source.name)?;
        self.refuse_existing(&database, &owner, &name)?;
        let code_id = self.next_code_id();
        self.packages.push(PackageRec {
            code_id,
            database,
            owner,
            name,
            cloned_code_id: source.code_id,
            language: source.language,
            code_type: source.code_type,
            created_by: actor.user.clone(),
            created_on: actor.now,
            current: PackageVersion {
                number: 1,
                // Docs silent: like create, a clone starts `developing` unless told otherwise,
                // so cloning an active package does not run the code twice.
                status: status.unwrap_or_else(|| "developing".to_string()),
                description: p.description.clone().unwrap_or(source.current.description),
                metadata: metadata.unwrap_or(source.current.metadata),
                // Docs silent: the clone's first version has only the comment given.
                comment: p.comment.clone().unwrap_or_default(),
                code_format: source.current.code_format,
                code: source.current.code,
                updated_by: actor.user.clone(),
                updated_on: actor.now,
            },
            history: vec![],
        });
        Ok(code_id)
    }
}
