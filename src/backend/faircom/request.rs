//! The requests the client sends: one `Call` (action + params) per trait method, and the envelope
//! around it. Public so tests can hold the client's own bodies next to FairCom's examples.
//!
//! The envelope never carries `debug`: the server's default is `"none"`, and `"max"` would echo the
//! request, token included, back in `debugInfo`. An empty database or owner in a `PackageId` is left
//! out, so the server applies the session's default (database `faircom`, owner: the login).

use std::fmt;

use serde_json::{json, Map, Value};

use crate::model::secret::Secret;
use crate::model::{CodeStatus, NewPackage, PackageFilter, PackageId};

/// Every code-package and session action goes to the ADMIN API.
pub const API: &str = "admin";
/// The only code format the server supports today; the client sends and expects it.
pub const CODE_FORMAT: &str = "utf8";

/// The JSON actions the client knows by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    CreateSession,
    DeleteSession,
    ListCodePackages,
    DescribeCodePackages,
    DescribeCodePackageHistory,
    /// Documented, not sent: `describeCodePackageHistory` gives the versions with their code.
    ListCodePackageHistory,
    RevertCodePackage,
    AlterCodePackage,
    CreateCodePackage,
    CloneCodePackage,
}

impl Action {
    pub const ALL: [Action; 10] = [
        Action::CreateSession,
        Action::DeleteSession,
        Action::ListCodePackages,
        Action::DescribeCodePackages,
        Action::DescribeCodePackageHistory,
        Action::ListCodePackageHistory,
        Action::RevertCodePackage,
        Action::AlterCodePackage,
        Action::CreateCodePackage,
        Action::CloneCodePackage,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::CreateSession => "createSession",
            Self::DeleteSession => "deleteSession",
            Self::ListCodePackages => "listCodePackages",
            Self::DescribeCodePackages => "describeCodePackages",
            Self::DescribeCodePackageHistory => "describeCodePackageHistory",
            Self::ListCodePackageHistory => "listCodePackageHistory",
            Self::RevertCodePackage => "revertCodePackage",
            Self::AlterCodePackage => "alterCodePackage",
            Self::CreateCodePackage => "createCodePackage",
            Self::CloneCodePackage => "cloneCodePackage",
        }
    }

    /// Case-insensitive, as the JSON Action spec treats action names.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|action| action.name().eq_ignore_ascii_case(name))
    }
}

/// One request: the action and its params. `Debug` names the params but never shows their values
/// (`createSession` carries the password).
#[derive(Clone, PartialEq)]
pub struct Call {
    pub action: Action,
    pub params: Map<String, Value>,
}

impl fmt::Debug for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("action", &self.action)
            .field("params", &self.params.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Call {
    fn new(action: Action) -> Self {
        Self {
            action,
            params: Map::new(),
        }
    }

    fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.params.insert(key.to_string(), value.into());
        self
    }

    /// Adds `key` only when `value` is not empty.
    fn with_some(self, key: &str, value: &str) -> Self {
        if value.is_empty() {
            self
        } else {
            self.with(key, value)
        }
    }

    /// `databaseName`, `ownerName` (each when given) and `name_key: id.name`.
    fn package(self, id: &PackageId, name_key: &str, name: Value) -> Self {
        self.with_some("databaseName", &id.database)
            .with_some("ownerName", &id.owner)
            .with(name_key, name)
    }

    fn identity(self, id: &PackageId) -> Self {
        self.package(id, "codeName", id.name.as_str().into())
    }

    /// `{"api":"admin","action":…,"params":{…},"authToken":…}`; `params` left out when empty (its
    /// documented default is `{}`), `authToken` when there is none (createSession).
    pub fn body(&self, auth_token: Option<&str>) -> Value {
        let mut body = json!({ "api": API, "action": self.action.name() });
        if !self.params.is_empty() {
            body["params"] = Value::Object(self.params.clone());
        }
        if let Some(token) = auth_token {
            body["authToken"] = token.into();
        }
        body
    }
}

pub fn create_session(username: &str, password: &Secret) -> Call {
    Call::new(Action::CreateSession)
        .with("username", username)
        .with("password", password.expose())
}

pub fn delete_session() -> Call {
    Call::new(Action::DeleteSession)
}

/// One page of `listCodePackages`. Deactivated packages (developing, inactive, deleted) are asked
/// for too, so nothing is hidden unless the filter names statuses.
pub fn list_packages(filter: &PackageFilter, skip: u32, max: u32) -> Call {
    let mut call = Call::new(Action::ListCodePackages)
        .with_some(
            "databaseName",
            filter.database.as_deref().unwrap_or_default(),
        )
        .with_some("ownerName", filter.owner.as_deref().unwrap_or_default())
        .with_some(
            "partialName",
            filter.partial_name.as_deref().unwrap_or_default(),
        );
    if !filter.statuses.is_empty() {
        let statuses: Vec<&str> = filter.statuses.iter().map(CodeStatus::as_str).collect();
        call = call.with("statusFilter", statuses);
    }
    if !filter.code_types.is_empty() {
        let types: Vec<&str> = filter
            .code_types
            .iter()
            .map(crate::model::CodeType::as_str)
            .collect();
        call = call.with("codeTypeFilter", types);
    }
    call.with("includeDeactivatedCode", true)
        .with("skipRecords", skip)
        .with("maxRecords", max)
}

/// `describeCodePackages` of one package: its current version, with code.
pub fn describe_package(id: &PackageId) -> Call {
    Call::new(Action::DescribeCodePackages)
        .package(id, "codeNames", json!([id.name]))
        .with("codeFormat", CODE_FORMAT)
}

/// One page of `describeCodePackageHistory`: the versions in history, with code.
pub fn describe_history(id: &PackageId, skip: u32, max: u32) -> Call {
    Call::new(Action::DescribeCodePackageHistory)
        .identity(id)
        .with("codeFormat", CODE_FORMAT)
        .with("skipRecords", skip)
        .with("maxRecords", max)
}

pub fn revert_package(id: &PackageId, version: u32) -> Call {
    Call::new(Action::RevertCodePackage)
        .identity(id)
        .with("codeVersion", version)
}

pub fn set_status(id: &PackageId, status: &CodeStatus) -> Call {
    Call::new(Action::AlterCodePackage)
        .identity(id)
        .with("codeStatus", status.as_str())
}

pub fn alter_code(id: &PackageId, code: &str, comment: &str) -> Call {
    Call::new(Action::AlterCodePackage)
        .identity(id)
        .with("code", code)
        .with("codeFormat", CODE_FORMAT)
        .with("comment", comment)
}

/// `createCodePackage`; `metadata` left out when it is `null`.
pub fn create_package(package: &NewPackage) -> Call {
    let mut call = Call::new(Action::CreateCodePackage)
        .identity(&package.id)
        .with("codeLanguage", package.language.as_str())
        .with("codeType", package.code_type.as_str())
        .with("codeStatus", package.status.as_str())
        .with("description", package.description.as_str());
    if !package.metadata.is_null() {
        call = call.with("metadata", package.metadata.clone());
    }
    call.with("comment", package.comment.as_str())
        .with("codeFormat", CODE_FORMAT)
        .with("code", package.code.as_str())
}

/// `cloneCodePackage`: an empty database or owner in `to` means "the same as the source".
pub fn clone_package(from: &PackageId, to: &PackageId) -> Call {
    Call::new(Action::CloneCodePackage)
        .identity(from)
        .with_some("newDatabaseName", &to.database)
        .with_some("newOwnerName", &to.owner)
        .with("newCodeName", to.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_names_round_trip_case_insensitively() {
        for action in Action::ALL {
            assert_eq!(Action::parse(action.name()), Some(action));
            assert_eq!(
                Action::parse(&action.name().to_ascii_uppercase()),
                Some(action)
            );
        }
        assert_eq!(Action::parse("deleteCodePackage"), None);
    }

    #[test]
    fn debug_output_names_params_without_their_values() {
        let call = create_session("ADMIN", &Secret::new("pa55-word"));
        let shown = format!("{call:?}");
        assert!(
            shown.contains("password") && !shown.contains("pa55-word"),
            "{shown}"
        );
    }

    #[test]
    fn empty_database_and_owner_are_left_to_the_server() {
        let id = PackageId {
            database: String::new(),
            owner: String::new(),
            name: "p".into(),
        };
        assert_eq!(
            revert_package(&id, 3).body(Some("t")),
            json!({"api": "admin", "action": "revertCodePackage",
                   "params": {"codeName": "p", "codeVersion": 3}, "authToken": "t"})
        );
        assert_eq!(
            delete_session().body(Some("t")),
            json!({"api": "admin", "action": "deleteSession", "authToken": "t"})
        );
    }
}
