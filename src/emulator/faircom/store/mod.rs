//! FairCom code packages: the records and every rule of the code-package actions, pure (no HTTP, no
//! session, no clock of its own). The handler parses `params` into the types here, passes who asks
//! and when ([`Actor`]), and wraps what comes back in the JSON Action envelope.
//!
//! A package is identified by (databaseName, ownerName, codeName). It has a current version and the
//! earlier versions in its history; packages are never removed (`deleted` is a status).

use chrono::NaiveDateTime;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::{ALREADY_EXISTS, INVALID_PARAMS, NOT_FOUND};

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
// Params. Required properties are `Option` so a missing one is refused in FairCom's words, not
// serde's. Unknown properties are ignored. Docs silent; a lenient server is the likelier one.

/// The filters shared by listCodePackages and listCodePackageHistory.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Filters {
    pub database_name: Option<String>,
    pub owner_name: Option<String>,
    pub partial_name: Option<String>,
    pub status_filter: Option<Vec<String>>,
    pub code_type_filter: Option<Vec<String>>,
    pub include_deactivated_code: Option<bool>,
    pub comment_filter: Option<String>,
    pub description_filter: Option<String>,
    pub metadata_filter: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Paging {
    pub skip_records: Option<i64>,
    pub max_records: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VersionRange {
    pub min_code_version: Option<i64>,
    pub max_code_version: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListParams {
    #[serde(flatten)]
    pub filters: Filters,
    #[serde(flatten)]
    pub paging: Paging,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListHistoryParams {
    #[serde(flatten)]
    pub filters: Filters,
    #[serde(flatten)]
    pub range: VersionRange,
    #[serde(flatten)]
    pub paging: Paging,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DescribeParams {
    pub code_names: Option<Vec<String>>,
    pub database_name: Option<String>,
    pub owner_name: Option<String>,
    pub code_format: Option<String>,
}

/// The one package an action names: `codeName` in `databaseName` of `ownerName`, the two defaulting
/// to the session's.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Target {
    pub database_name: Option<String>,
    pub owner_name: Option<String>,
    pub code_name: Option<String>,
}

impl Target {
    /// (database, owner, name), defaulted and checked.
    fn resolve(&self, actor: &Actor) -> Result<(String, String, String), Failure> {
        Ok((
            name_or(
                "databaseName",
                self.database_name.as_deref(),
                &actor.database,
            )?,
            name_or("ownerName", self.owner_name.as_deref(), &actor.owner)?,
            required_name("codeName", self.code_name.as_ref())?,
        ))
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DescribeHistoryParams {
    #[serde(flatten)]
    pub target: Target,
    pub code_format: Option<String>,
    #[serde(flatten)]
    pub range: VersionRange,
    #[serde(flatten)]
    pub paging: Paging,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CreateParams {
    #[serde(flatten)]
    pub target: Target,
    pub code_language: Option<String>,
    pub code_type: Option<String>,
    pub code_status: Option<String>,
    pub description: Option<String>,
    pub metadata: Option<Value>,
    pub comment: Option<String>,
    pub code_format: Option<String>,
    pub code: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AlterParams {
    #[serde(flatten)]
    pub target: Target,
    pub code: Option<String>,
    pub code_format: Option<String>,
    pub code_status: Option<String>,
    pub description: Option<String>,
    pub metadata: Option<Value>,
    pub comment: Option<String>,
    /// Not alterable: present only to be refused when it would change.
    pub code_type: Option<String>,
    pub code_language: Option<String>,
    pub new_code_name: Option<String>,
    pub new_database_name: Option<String>,
    pub new_owner_name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RevertParams {
    #[serde(flatten)]
    pub target: Target,
    pub code_version: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CloneParams {
    #[serde(flatten)]
    pub target: Target,
    pub new_database_name: Option<String>,
    pub new_owner_name: Option<String>,
    pub new_code_name: Option<String>,
    pub code_status: Option<String>,
    pub comment: Option<String>,
    pub description: Option<String>,
    pub metadata: Option<Value>,
}

// ---------------------------------------------------------------------------------------------
// Validation

fn check_name(field: &str, value: &str) -> Result<(), Failure> {
    if value.is_empty() || value.len() > MAX_NAME_BYTES {
        return Err(Failure::invalid(format!(
            "'{field}' must be 1 to {MAX_NAME_BYTES} bytes long; it is {} bytes",
            value.len()
        )));
    }
    Ok(())
}

/// `given`, or `default` when omitted or null; an empty or too long name is refused.
fn name_or(field: &str, given: Option<&str>, default: &str) -> Result<String, Failure> {
    let name = given.unwrap_or(default);
    check_name(field, name)?;
    Ok(name.to_string())
}

fn required<'a, T>(field: &str, given: Option<&'a T>) -> Result<&'a T, Failure> {
    given.ok_or_else(|| Failure::invalid(format!("'{field}' is required")))
}

fn required_name(field: &str, given: Option<&String>) -> Result<String, Failure> {
    let name = required(field, given)?;
    check_name(field, name)?;
    Ok(name.clone())
}

/// A status as stored: lowercase, one of [`STATUSES`] (the enum is matched case-insensitively).
fn check_status(field: &str, given: &str) -> Result<String, Failure> {
    let lower = given.to_ascii_lowercase();
    if STATUSES.contains(&lower.as_str()) {
        Ok(lower)
    } else {
        Err(Failure::invalid(format!(
            "'{field}' must be one of {}; '{given}' is not",
            STATUSES.join(", ")
        )))
    }
}

fn check_type(given: &str) -> Result<String, Failure> {
    if CODE_TYPES.contains(&given) {
        Ok(given.to_string())
    } else {
        Err(Failure::invalid(format!(
            "'codeType' must be one of {}; '{given}' is not",
            CODE_TYPES.join(", ")
        )))
    }
}

/// Docs: only `utf8` is supported today. Other values are refused rather than stored.
fn check_format(given: Option<&str>) -> Result<String, Failure> {
    match given {
        None => Ok("utf8".to_string()),
        Some(f) if f.eq_ignore_ascii_case("utf8") => Ok("utf8".to_string()),
        Some(other) => Err(Failure::invalid(format!(
            "'codeFormat' '{other}' is not supported; use 'utf8'"
        ))),
    }
}

fn check_metadata(given: Option<&Value>) -> Result<Option<Value>, Failure> {
    match given {
        None | Some(Value::Null) => Ok(None),
        Some(object @ Value::Object(_)) => Ok(Some(object.clone())),
        Some(_) => Err(Failure::invalid("'metadata' must be a JSON object")),
    }
}

fn check_version(field: &str, given: i64) -> Result<u32, Failure> {
    u32::try_from(given)
        .ok()
        .filter(|v| i32::try_from(*v).is_ok())
        .ok_or_else(|| Failure::invalid(format!("'{field}' must be 0 to 2147483647")))
}

impl Paging {
    /// (skip, take), checked.
    fn cut(&self) -> Result<(usize, usize), Failure> {
        let non_negative = |field: &str, v: Option<i64>, default: u64| -> Result<usize, Failure> {
            let v = v.unwrap_or(default as i64);
            usize::try_from(v)
                .map_err(|_| Failure::invalid(format!("'{field}' must not be negative")))
        };
        Ok((
            non_negative("skipRecords", self.skip_records, 0)?,
            non_negative("maxRecords", self.max_records, DEFAULT_MAX_RECORDS)?,
        ))
    }

    fn page(&self, all: impl Iterator<Item = Value>) -> Result<Vec<Value>, Failure> {
        let (skip, take) = self.cut()?;
        Ok(all.skip(skip).take(take).collect())
    }
}

impl VersionRange {
    fn bounds(&self) -> Result<(u32, u32), Failure> {
        let min = self
            .min_code_version
            .map(|v| check_version("minCodeVersion", v))
            .transpose()?
            .unwrap_or(0);
        let max = self
            .max_code_version
            .map(|v| check_version("maxCodeVersion", v))
            .transpose()?
            .unwrap_or(u32::MAX);
        Ok((min, max))
    }
}

/// A simplified full-text match: every word of `query` occurs in `text`, ignoring case.
// Docs: "words, phrases, NEAR, full-text search". The emulator matches words only.
fn text_matches(query: Option<&str>, text: &str) -> bool {
    let Some(query) = query else { return true };
    let text = text.to_lowercase();
    query
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .all(|w| text.contains(&w.to_lowercase()))
}

impl Filters {
    fn check(&self) -> Result<(), Failure> {
        if let Some(db) = &self.database_name {
            check_name("databaseName", db)?;
        }
        if let Some(owner) = &self.owner_name {
            check_name("ownerName", owner)?;
        }
        for status in self.status_filter.iter().flatten() {
            check_status("statusFilter", status)?;
        }
        Ok(())
    }

    /// Does this version of this package pass the filters? Statuses are those of the version
    /// (for history, the status it had when it was replaced).
    // Docs silent on history: the filters apply to each returned object's own fields.
    fn matches(&self, package: &PackageRec, version: &PackageVersion) -> bool {
        let scoped = self
            .database_name
            .as_ref()
            .is_none_or(|db| *db == package.database)
            && self
                .owner_name
                .as_ref()
                .is_none_or(|owner| *owner == package.owner);
        // Docs unclear whether partialName is a prefix: a case-insensitive substring is the
        // broader reading and finds every prefix match too.
        let named = self
            .partial_name
            .as_ref()
            .is_none_or(|part| package.name.to_lowercase().contains(&part.to_lowercase()));
        // Docs silent on the default of includeDeactivatedCode: false, so a plain list shows what
        // may run. A deactivated status named in statusFilter is shown without it.
        let status = match self.status_filter.as_deref() {
            Some(wanted) if !wanted.is_empty() => wanted
                .iter()
                .any(|s| s.eq_ignore_ascii_case(&version.status)),
            _ => self.include_deactivated_code.unwrap_or(false) || activated(&version.status),
        };
        let typed = match self.code_type_filter.as_deref() {
            Some(types) if !types.is_empty() => types.contains(&package.code_type),
            _ => true,
        };
        scoped
            && named
            && status
            && typed
            && text_matches(self.comment_filter.as_deref(), &version.comment)
            && text_matches(self.description_filter.as_deref(), &version.description)
            && text_matches(
                self.metadata_filter.as_deref(),
                &version.metadata.to_string(),
            )
    }
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

/// A map of params from `serde_json`: the handler's input, parsed into one of the types above.
pub fn parse<T: serde::de::DeserializeOwned>(params: &Map<String, Value>) -> Result<T, Failure> {
    serde_json::from_value(Value::Object(params.clone()))
        .map_err(|e| Failure::invalid(format!("Invalid params: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(minute: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, 1)
            .unwrap()
            .and_hms_milli_opt(10, minute, 7, 216)
            .unwrap()
    }

    fn admin(minute: u32) -> Actor {
        Actor {
            user: "ADMIN".into(),
            database: "faircom".into(),
            owner: "admin".into(),
            now: at(minute),
        }
    }

    #[allow(clippy::needless_pass_by_value)] // every test passes a `json!` built for the call
    fn params<T: serde::de::DeserializeOwned>(v: Value) -> T {
        parse(v.as_object().unwrap()).unwrap()
    }

    fn create(store: &mut PackageStore, name: &str, status: &str, code: &str) -> i64 {
        store
            .create(
                &params(json!({
                    "codeName": name, "codeLanguage": "javascript",
                    "codeType": "getRecordsTransform", "codeStatus": status, "code": code,
                    "comment": "first"
                })),
                &admin(0),
            )
            .unwrap()
    }

    fn alter(store: &mut PackageStore, v: Value, minute: u32) -> Result<u32, Failure> {
        store.alter(&params(v), &admin(minute))
    }

    fn names(items: &[Value]) -> Vec<&str> {
        items
            .iter()
            .map(|i| i["codeName"].as_str().unwrap())
            .collect()
    }

    #[test]
    fn create_defaults_and_refuses_duplicates() {
        let mut s = PackageStore::default();
        let id = s
            .create(
                &params(json!({"codeName": "a", "codeLanguage": "javascript",
                    "codeType": "job", "code": "x"})),
                &admin(1),
            )
            .unwrap();
        assert_eq!(id, 1);
        let p = s.find("faircom", "admin", "a").unwrap();
        assert_eq!(p.current.status, "developing");
        assert_eq!(p.current.number, 1);
        assert_eq!(p.current.code_format, "utf8");
        assert_eq!(p.current.metadata, json!({}));
        assert_eq!(p.created_by, "ADMIN");
        let again = s.create(
            &params(json!({"codeName": "a", "codeLanguage": "javascript",
                "codeType": "job", "code": "y"})),
            &admin(2),
        );
        assert_eq!(again.unwrap_err().code, ALREADY_EXISTS);
        // Another owner is another identity.
        let other = s.create(
            &params(
                json!({"ownerName": "ops", "codeName": "a", "codeLanguage": "javascript",
                "codeType": "job", "code": "y"}),
            ),
            &admin(2),
        );
        assert_eq!(other.unwrap(), 2);
    }

    #[test]
    fn create_checks_required_fields_names_and_enums() {
        let mut s = PackageStore::default();
        let base = json!({"codeName": "a", "codeLanguage": "javascript",
            "codeType": "job", "code": "x"});
        for (field, value) in [
            ("codeName", json!(null)),
            ("codeName", json!("")),
            ("codeName", json!("n".repeat(65))),
            ("databaseName", json!("")),
            ("codeType", json!("sproc")),
            ("codeStatus", json!("live")),
            ("codeFormat", json!("base64")),
            ("metadata", json!([1])),
            ("code", json!(null)),
        ] {
            let mut p = base.clone();
            p[field] = value.clone();
            let err = s.create(&params(p), &admin(0)).unwrap_err();
            assert_eq!(err.code, INVALID_PARAMS, "{field}={value}: {err:?}");
            assert!(err.message.contains(field), "{field}: {}", err.message);
        }
        let mut p = base.clone();
        p["codeName"] = json!("n".repeat(64));
        assert!(s.create(&params(p), &admin(0)).is_ok());
    }

    #[test]
    fn alter_in_place_keeps_the_version_and_code_makes_a_new_one() {
        let mut s = PackageStore::default();
        create(&mut s, "a", "developing", "v1");
        assert_eq!(
            alter(
                &mut s,
                json!({"codeName": "a", "codeStatus": "Active",
                "description": "d", "metadata": {"k": 1}}),
                5
            ),
            Ok(1)
        );
        let p = s.find("faircom", "admin", "a").unwrap();
        assert_eq!(p.current.status, "active");
        assert_eq!(p.current.description, "d");
        assert_eq!(p.current.comment, "first");
        assert!(p.history.is_empty());
        assert_eq!(p.current.updated_on, at(5));

        assert_eq!(
            alter(
                &mut s,
                json!({"codeName": "a", "code": "v2", "comment": "c2"}),
                6
            ),
            Ok(2)
        );
        // The same code again is no change.
        assert_eq!(
            alter(&mut s, json!({"codeName": "a", "code": "v2"}), 7),
            Ok(2)
        );
        let p = s.find("faircom", "admin", "a").unwrap();
        assert_eq!(p.current.code, "v2");
        assert_eq!(p.current.comment, "c2");
        assert_eq!(p.current.status, "active", "status carries over");
        assert_eq!(p.history.len(), 1);
        assert_eq!(p.history[0].number, 1);
        assert_eq!(p.history[0].code, "v1");
        assert_eq!(p.history[0].comment, "first");
        assert_eq!(p.history[0].updated_on, at(5));
    }

    #[test]
    fn alter_refuses_immutable_fields_and_unknown_packages() {
        let mut s = PackageStore::default();
        create(&mut s, "a", "active", "v1");
        for v in [
            json!({"codeName": "a", "codeType": "job"}),
            json!({"codeName": "a", "codeLanguage": "python"}),
            json!({"codeName": "a", "newCodeName": "b"}),
            json!({"codeName": "a", "codeStatus": "gone"}),
        ] {
            assert_eq!(
                alter(&mut s, v.clone(), 1).unwrap_err().code,
                INVALID_PARAMS,
                "{v}"
            );
        }
        // Naming the unchanged type is fine.
        assert!(alter(
            &mut s,
            json!({"codeName": "a", "codeType": "getRecordsTransform"}),
            1
        )
        .is_ok());
        let missing = alter(&mut s, json!({"codeName": "zz"}), 1).unwrap_err();
        assert_eq!(missing.code, NOT_FOUND);
        assert!(missing.message.starts_with("Code Package not found"));
        assert!(missing.message.contains("'zz'"));
        assert!(s.find("faircom", "admin", "a").unwrap().history.is_empty());
    }

    #[test]
    fn revert_copies_current_into_history_and_takes_old_code_as_next_version() {
        let mut s = PackageStore::default();
        create(&mut s, "a", "active", "v1");
        alter(&mut s, json!({"codeName": "a", "code": "v2"}), 1).unwrap();
        alter(
            &mut s,
            json!({"codeName": "a", "code": "v3", "codeStatus": "testing"}),
            2,
        )
        .unwrap();
        let revert = |s: &mut PackageStore, v: i64| {
            s.revert(
                &params(json!({"codeName": "a", "codeVersion": v})),
                &admin(9),
            )
        };
        assert_eq!(revert(&mut s, 1), Ok(4));
        let p = s.find("faircom", "admin", "a").unwrap();
        assert_eq!(p.current.number, 4);
        assert_eq!(p.current.code, "v1");
        assert_eq!(p.current.comment, "Reverted to version 1");
        assert_eq!(p.current.status, "testing", "the current status is kept");
        assert_eq!(p.current.updated_on, at(9));
        let numbers: Vec<u32> = p.history.iter().map(|v| v.number).collect();
        assert_eq!(numbers, [1, 2, 3]);
        assert_eq!(p.history[2].code, "v3");

        let current = revert(&mut s, 4).unwrap_err();
        assert_eq!(current.code, INVALID_PARAMS);
        assert!(
            current.message.contains("current version"),
            "{}",
            current.message
        );
        let absent = revert(&mut s, 17).unwrap_err();
        assert!(absent.message.contains("1–3"), "{}", absent.message);
        assert_eq!(revert(&mut s, -1).unwrap_err().code, INVALID_PARAMS);
        let unknown = s
            .revert(
                &params(json!({"codeName": "b", "codeVersion": 1})),
                &admin(9),
            )
            .unwrap_err();
        assert_eq!(unknown.code, NOT_FOUND);
        assert_eq!(s.find("faircom", "admin", "a").unwrap().history.len(), 3);
    }

    #[test]
    fn clone_starts_a_fresh_line_pointing_at_its_source() {
        let mut s = PackageStore::default();
        create(&mut s, "a", "active", "v1");
        alter(
            &mut s,
            json!({"codeName": "a", "code": "v2", "metadata": {"k": true}}),
            1,
        )
        .unwrap();
        let id = s
            .clone_package(
                &params(json!({"codeName": "a", "newCodeName": "b", "newOwnerName": "ops"})),
                &admin(3),
            )
            .unwrap();
        let b = s.find("faircom", "ops", "b").unwrap();
        assert_eq!(b.code_id, id);
        assert_eq!(b.cloned_code_id, 1);
        assert_eq!(b.current.number, 1);
        assert_eq!(b.current.code, "v2");
        assert_eq!(b.current.status, "developing");
        assert_eq!(b.current.metadata, json!({"k": true}));
        assert!(b.history.is_empty());
        let same = s
            .clone_package(&params(json!({"codeName": "a"})), &admin(3))
            .unwrap_err();
        assert_eq!(same.code, ALREADY_EXISTS);
        let taken = s
            .clone_package(
                &params(json!({"codeName": "a", "newCodeName": "b", "newOwnerName": "ops"})),
                &admin(3),
            )
            .unwrap_err();
        assert_eq!(taken.code, ALREADY_EXISTS);
    }

    #[test]
    fn list_hides_deactivated_unless_asked_and_filters_and_pages() {
        let mut s = PackageStore::default();
        for (name, status) in [
            ("convertTemperature", "active"),
            ("CONVERTpressure", "testing"),
            ("draft", "developing"),
            ("gone", "deleted"),
            ("old", "deprecated"),
        ] {
            create(&mut s, name, status, "x");
        }
        let list = |v: Value| s.list(&params(v)).unwrap();
        assert_eq!(
            names(&list(json!({}))),
            ["convertTemperature", "CONVERTpressure", "old"]
        );
        assert_eq!(list(json!({"includeDeactivatedCode": true})).len(), 5);
        assert_eq!(names(&list(json!({"statusFilter": ["deleted"]}))), ["gone"]);
        assert_eq!(
            names(&list(json!({"partialName": "convert"}))),
            ["convertTemperature", "CONVERTpressure"]
        );
        assert_eq!(
            names(&list(json!({"partialName": "pressure"}))),
            ["CONVERTpressure"]
        );
        assert_eq!(list(json!({"codeTypeFilter": ["job"]})).len(), 0);
        assert_eq!(list(json!({"databaseName": "other"})).len(), 0);
        assert_eq!(list(json!({"commentFilter": "FIRST"})).len(), 3);
        let page = list(json!({"includeDeactivatedCode": true, "skipRecords": 3, "maxRecords": 3}));
        assert_eq!(names(&page), ["gone", "old"]);
        assert!(page.iter().all(|p| p.get("code").is_none()));
        assert_eq!(
            s.list(&params(json!({"statusFilter": ["running"]})))
                .unwrap_err()
                .code,
            INVALID_PARAMS
        );
        assert_eq!(
            s.list(&params(json!({"maxRecords": -1}))).unwrap_err().code,
            INVALID_PARAMS
        );
    }

    #[test]
    fn list_pages_twenty_by_default() {
        let mut s = PackageStore::default();
        for i in 0..25 {
            create(&mut s, &format!("p{i:02}"), "active", "x");
        }
        assert_eq!(s.list(&ListParams::default()).unwrap().len(), 20);
    }

    #[test]
    fn describe_gives_code_in_the_order_asked_or_101_naming_the_missing() {
        let mut s = PackageStore::default();
        create(&mut s, "a", "deleted", "code a");
        create(&mut s, "b", "active", "code b");
        let items = s
            .describe(&params(json!({"codeNames": ["b", "a", "b"]})), &admin(0))
            .unwrap();
        assert_eq!(names(&items), ["b", "a"]);
        assert_eq!(items[1]["code"], "code a");
        assert_eq!(items[1]["codeStatus"], "deleted");
        let err = s
            .describe(
                &params(json!({"codeNames": ["a", "nope", "never"]})),
                &admin(0),
            )
            .unwrap_err();
        assert_eq!(err.code, NOT_FOUND);
        assert!(
            err.message.starts_with("Code Package not found"),
            "{}",
            err.message
        );
        assert!(err.message.contains("'nope', 'never'"), "{}", err.message);
        let elsewhere = s
            .describe(
                &params(json!({"codeNames": ["a"], "ownerName": "ops"})),
                &admin(0),
            )
            .unwrap_err();
        assert_eq!(elsewhere.code, NOT_FOUND);
        assert_eq!(
            s.describe(&params(json!({"codeNames": []})), &admin(0))
                .unwrap_err()
                .code,
            INVALID_PARAMS
        );
    }

    #[test]
    fn history_is_ascending_ranged_and_paged() {
        let mut s = PackageStore::default();
        create(&mut s, "a", "active", "v1");
        create(&mut s, "b", "active", "w1");
        for n in 2..=6 {
            alter(&mut s, json!({"codeName": "a", "code": format!("v{n}")}), n).unwrap();
        }
        alter(&mut s, json!({"codeName": "b", "code": "w2"}), 9).unwrap();
        let describe = |v: Value| s.describe_history(&params(v), &admin(0)).unwrap();
        let numbers = |items: &[Value]| -> Vec<u64> {
            items
                .iter()
                .map(|i| i["codeVersion"].as_u64().unwrap())
                .collect()
        };
        let all = describe(json!({"codeName": "a"}));
        assert_eq!(numbers(&all), [1, 2, 3, 4, 5]);
        assert_eq!(all[0]["code"], "v1");
        assert_eq!(
            numbers(&describe(
                json!({"codeName": "a", "minCodeVersion": 2, "maxCodeVersion": 3})
            )),
            [2, 3]
        );
        assert_eq!(
            numbers(&describe(
                json!({"codeName": "a", "skipRecords": 3, "maxRecords": 2})
            )),
            [4, 5]
        );
        assert_eq!(
            s.describe_history(&params(json!({"codeName": "c"})), &admin(0))
                .unwrap_err()
                .code,
            NOT_FOUND
        );
        let listed = s.list_history(&params(json!({}))).unwrap();
        assert_eq!(listed.len(), 6);
        assert!(listed.iter().all(|i| i.get("code").is_none()));
        assert_eq!(names(&listed), ["a", "a", "a", "a", "a", "b"]);
        let one = s
            .list_history(&params(json!({"partialName": "b"})))
            .unwrap();
        assert_eq!(numbers(&one), [1]);
    }

    #[test]
    fn package_json_has_the_documented_fields() {
        let mut s = PackageStore::default();
        create(&mut s, "a", "active", "v1");
        let p = s.find("faircom", "admin", "a").unwrap();
        let with = p.json(&p.current, true);
        assert_eq!(with["createdOn"], "2026-03-01T10:00:07.216");
        assert_eq!(with.as_object().unwrap().len(), 18);
        assert!(p.json(&p.current, false).get("code").is_none());
    }
}
