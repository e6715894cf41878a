//! The params of the code-package actions as FairCom's docs list them, and their checks. Required
//! properties are `Option` so a missing one is refused in FairCom's words, not serde's. Unknown
//! properties are ignored (docs silent; a lenient server is the likelier one).

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{
    activated, Actor, Failure, PackageRec, PackageVersion, CODE_TYPES, DEFAULT_MAX_RECORDS,
    MAX_NAME_BYTES, STATUSES,
};

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
    pub(super) fn resolve(&self, actor: &Actor) -> Result<(String, String, String), Failure> {
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

pub(super) fn check_name(field: &str, value: &str) -> Result<(), Failure> {
    if value.is_empty() || value.len() > MAX_NAME_BYTES {
        return Err(Failure::invalid(format!(
            "'{field}' must be 1 to {MAX_NAME_BYTES} bytes long; it is {} bytes",
            value.len()
        )));
    }
    Ok(())
}

/// `given`, or `default` when omitted or null; an empty or too long name is refused.
pub(super) fn name_or(field: &str, given: Option<&str>, default: &str) -> Result<String, Failure> {
    let name = given.unwrap_or(default);
    check_name(field, name)?;
    Ok(name.to_string())
}

pub(super) fn required<'a, T>(field: &str, given: Option<&'a T>) -> Result<&'a T, Failure> {
    given.ok_or_else(|| Failure::invalid(format!("'{field}' is required")))
}

pub(super) fn required_name(field: &str, given: Option<&String>) -> Result<String, Failure> {
    let name = required(field, given)?;
    check_name(field, name)?;
    Ok(name.clone())
}

/// A status as stored: lowercase, one of [`STATUSES`] (the enum is matched case-insensitively).
pub(super) fn check_status(field: &str, given: &str) -> Result<String, Failure> {
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

pub(super) fn check_type(given: &str) -> Result<String, Failure> {
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
pub(super) fn check_format(given: Option<&str>) -> Result<String, Failure> {
    match given {
        None => Ok("utf8".to_string()),
        Some(f) if f.eq_ignore_ascii_case("utf8") => Ok("utf8".to_string()),
        Some(other) => Err(Failure::invalid(format!(
            "'codeFormat' '{other}' is not supported; use 'utf8'"
        ))),
    }
}

pub(super) fn check_metadata(given: Option<&Value>) -> Result<Option<Value>, Failure> {
    match given {
        None | Some(Value::Null) => Ok(None),
        Some(object @ Value::Object(_)) => Ok(Some(object.clone())),
        Some(_) => Err(Failure::invalid("'metadata' must be a JSON object")),
    }
}

pub(super) fn check_version(field: &str, given: i64) -> Result<u32, Failure> {
    u32::try_from(given)
        .ok()
        .filter(|v| i32::try_from(*v).is_ok())
        .ok_or_else(|| Failure::invalid(format!("'{field}' must be 0 to 2147483647")))
}

impl Paging {
    /// (skip, take), checked.
    pub(super) fn cut(&self) -> Result<(usize, usize), Failure> {
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

    pub(super) fn page(&self, all: impl Iterator<Item = Value>) -> Result<Vec<Value>, Failure> {
        let (skip, take) = self.cut()?;
        Ok(all.skip(skip).take(take).collect())
    }
}

impl VersionRange {
    pub(super) fn bounds(&self) -> Result<(u32, u32), Failure> {
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
pub(super) fn text_matches(query: Option<&str>, text: &str) -> bool {
    let Some(query) = query else { return true };
    let text = text.to_lowercase();
    query
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .all(|w| text.contains(&w.to_lowercase()))
}

impl Filters {
    pub(super) fn check(&self) -> Result<(), Failure> {
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
    pub(super) fn matches(&self, package: &PackageRec, version: &PackageVersion) -> bool {
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

/// A map of params from `serde_json`: the handler's input, parsed into one of the types above.
pub fn parse<T: serde::de::DeserializeOwned>(params: &Map<String, Value>) -> Result<T, Failure> {
    serde_json::from_value(Value::Object(params.clone()))
        .map_err(|e| Failure::invalid(format!("Invalid params: {e}")))
}
