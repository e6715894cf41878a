//! The one async interface the app and the CLI call. Providers implement it; errors are one typed enum.

pub mod auth0;
pub mod both;
pub mod faircom;
mod lenient;
mod net;

use std::time::Duration;

use async_trait::async_trait;

use crate::model::{
    Action, ActionFilter, ActionVersion, Binding, BoundAction, CodePackage, CodeStatus,
    DraftChange, Execution, Module, ModuleUsage, ModuleVersion, NewAction, NewModule, NewPackage,
    PackageFilter, PackageId, TestRun, Trigger,
};

/// Everything that can go wrong talking to a service, in words a user can act on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BackendError {
    /// The service answered with an error status and (usually) an `{statusCode,error,message}` body.
    #[error("{status} {error}: {message}")]
    Api {
        status: u16,
        error: String,
        message: String,
        error_code: Option<String>,
    },
    /// 429 after the retries allowed for idempotent requests (none for mutations).
    #[error("rate limited by the service: {message}{}", retry_hint(.retry_after))]
    RateLimited {
        message: String,
        retry_after: Option<Duration>,
    },
    /// Could not obtain or use credentials (token endpoint refused, 401).
    #[error("authentication failed: {0}")]
    Auth(String),
    /// Connection refused, timeout, TLS, DNS …
    #[error("network error: {0}")]
    Network(String),
    /// The body was not what the API documents (non-JSON, truncated, wrong shape).
    #[error("unexpected response from {endpoint}: {detail}")]
    Decode { endpoint: String, detail: String },
    /// The request cannot be made as configured (bad URL, plain http to a non-loopback host …).
    #[error("configuration error: {0}")]
    Config(String),
    /// Not offered by this provider.
    #[error("not supported by this backend: {0}")]
    Unsupported(String),
    /// FairCom answered `errorCode != 0` (whatever the HTTP status).
    #[error("FairCom error {code}: {message}")]
    FairCom { code: i64, message: String },
}

fn retry_hint(after: &Option<Duration>) -> String {
    match after {
        Some(d) => format!(" (retry in {}s)", d.as_secs().max(1)),
        None => String::new(),
    }
}

impl BackendError {
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } => Some(*status),
            Self::RateLimited { .. } => Some(429),
            _ => None,
        }
    }
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404) || matches!(self, Self::FairCom { code: 101, .. })
    }
}

pub type BackendResult<T> = Result<T, BackendError>;

/// Which services a backend talks to: the views of the others are not offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Services {
    pub auth0: bool,
    pub faircom: bool,
}

impl Default for Services {
    fn default() -> Self {
        Self {
            auth0: true,
            faircom: false,
        }
    }
}

/// Where the backend points, for the header and for error messages. Never holds secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionInfo {
    /// Tenant domain or base URL as the user knows it.
    pub label: String,
    pub base_url: String,
    /// True for the embedded demo emulator.
    pub demo: bool,
    pub profile: Option<String>,
    pub services: Services,
    /// The FairCom server, when it sits beside an Auth0 tenant (`label` names the tenant then).
    pub faircom_label: Option<String>,
}

impl ConnectionInfo {
    /// Where FairCom changes happened, for the journal.
    pub fn faircom_tenant(&self) -> &str {
        self.faircom_label.as_deref().unwrap_or(&self.label)
    }
}

/// Read paths, and the version writes (deploy, roll back, publish). Writes are never retried: a
/// mutation that may have reached the service must not run twice.
#[async_trait]
pub trait Backend: Send + Sync {
    fn connection(&self) -> ConnectionInfo;

    /// All actions matching the filter, every page fetched.
    async fn list_actions(&self, filter: &ActionFilter) -> BackendResult<Vec<Action>>;
    async fn get_action(&self, id: &str) -> BackendResult<Action>;
    /// All versions of an action, newest first, every page fetched.
    async fn list_action_versions(&self, action_id: &str) -> BackendResult<Vec<ActionVersion>>;
    async fn get_action_version(
        &self,
        action_id: &str,
        version_id: &str,
    ) -> BackendResult<ActionVersion>;
    async fn list_triggers(&self) -> BackendResult<Vec<Trigger>>;
    /// Bindings of a trigger in execution order, every page fetched.
    async fn list_bindings(&self, trigger_id: &str) -> BackendResult<Vec<Binding>>;
    async fn get_execution(&self, id: &str) -> BackendResult<Execution>;

    async fn list_modules(&self) -> BackendResult<Vec<Module>>;
    async fn get_module(&self, id: &str) -> BackendResult<Module>;
    /// All published versions of a module, newest first.
    async fn list_module_versions(&self, module_id: &str) -> BackendResult<Vec<ModuleVersion>>;
    async fn get_module_version(
        &self,
        module_id: &str,
        version_id: &str,
    ) -> BackendResult<ModuleVersion>;
    async fn list_module_actions(&self, module_id: &str) -> BackendResult<Vec<ModuleUsage>>;

    /// `POST /actions/actions/{id}/deploy`: the built draft becomes a new version. The answer usually
    /// says `deployed: false`; the deploy finishes in the background (poll `get_action`).
    async fn deploy_action(&self, action_id: &str) -> BackendResult<ActionVersion>;
    /// `POST /actions/actions/{id}/versions/{vid}/deploy` ("roll back"): a NEW version with that
    /// version's content goes live at once; with `update_draft` the draft takes the content too.
    async fn deploy_action_version(
        &self,
        action_id: &str,
        version_id: &str,
        update_draft: bool,
    ) -> BackendResult<ActionVersion>;
    /// `POST /actions/modules/{id}/versions` ("publish"): the draft becomes the next version.
    async fn publish_module(&self, module_id: &str) -> BackendResult<ModuleVersion>;
    /// `POST /actions/modules/{id}/rollback`: the DRAFT takes a published version's content; nothing
    /// is published.
    async fn rollback_module(&self, module_id: &str, version_id: &str) -> BackendResult<Module>;
    /// `PATCH /actions/modules/{id}` with new draft code (used to undo a module rollback).
    async fn update_module_code(&self, module_id: &str, code: &str) -> BackendResult<Module>;
    /// `PATCH /actions/triggers/{id}/bindings`: the trigger's COMPLETE new order (full replacement;
    /// every binding gets a new id). Returns the bindings as the service now has them.
    async fn update_bindings(
        &self,
        trigger_id: &str,
        order: &[BoundAction],
    ) -> BackendResult<Vec<Binding>>;

    // Authoring. None of these is retried: a create sent twice makes two actions, and an edit sent
    // twice could undo another client's edit made in between.

    /// `POST /actions/actions`; with `deploy` the answer already carries the pending version.
    async fn create_action(&self, new: &NewAction) -> BackendResult<Action>;
    /// `PATCH /actions/actions/{id}`: the draft changes and builds again; what is live is untouched.
    async fn update_action(&self, id: &str, change: &DraftChange) -> BackendResult<Action>;
    /// `DELETE /actions/actions/{id}`: every version goes. A bound action needs `force`, which
    /// detaches it from its triggers.
    async fn delete_action(&self, id: &str, force: bool) -> BackendResult<()>;
    /// `POST /actions/actions/{id}/test` with an event; runs the DRAFT.
    async fn test_action(&self, id: &str, payload: &serde_json::Value) -> BackendResult<TestRun>;
    /// `POST /actions/modules` (409 when the name is taken).
    async fn create_module(&self, new: &NewModule) -> BackendResult<Module>;
    /// `PATCH /actions/modules/{id}`: the draft changes; nothing is published.
    async fn update_module(&self, id: &str, change: &DraftChange) -> BackendResult<Module>;
    /// `DELETE /actions/modules/{id}` (412 while actions use it).
    async fn delete_module(&self, id: &str) -> BackendResult<()>;

    /// Ends what the backend holds open (a FairCom session); errors are ignored. Called on exit.
    async fn close(&self) {}

    // FairCom code packages. A backend without them says so (`Unsupported`).

    /// Current versions matching the filter, without code, every page fetched.
    async fn list_packages(&self, _filter: &PackageFilter) -> BackendResult<Vec<CodePackage>> {
        Err(no_packages())
    }
    /// The current version with its code (`describeCodePackages`); unknown: `FairCom { code: 101 }`.
    async fn describe_package(&self, _id: &PackageId) -> BackendResult<CodePackage> {
        Err(no_packages())
    }
    /// Every version the server keeps (the history and the current one), with code, newest first.
    async fn package_history(&self, _id: &PackageId) -> BackendResult<Vec<CodePackage>> {
        Err(no_packages())
    }
    /// `revertCodePackage`: the current version goes to history; `version`'s code comes back as the
    /// next version number and runs at once.
    async fn revert_package(&self, _id: &PackageId, _version: u32) -> BackendResult<()> {
        Err(no_packages())
    }
    /// `alterCodePackage` with a new status only (no new version).
    async fn set_package_status(&self, _id: &PackageId, _status: &CodeStatus) -> BackendResult<()> {
        Err(no_packages())
    }
    /// `alterCodePackage` with new code: the current version goes to history, a new one is made.
    async fn alter_package_code(
        &self,
        _id: &PackageId,
        _code: &str,
        _comment: &str,
    ) -> BackendResult<()> {
        Err(no_packages())
    }
    async fn create_package(&self, _package: &NewPackage) -> BackendResult<()> {
        Err(no_packages())
    }
    /// `cloneCodePackage`: a copy under `to` with a fresh version line.
    async fn clone_package(&self, _from: &PackageId, _to: &PackageId) -> BackendResult<()> {
        Err(no_packages())
    }
}

/// What a backend without a FairCom server answers for the code-package calls.
fn no_packages() -> BackendError {
    use crate::config::{ENV_FAIRCOM_PASSWORD, ENV_FAIRCOM_URL, ENV_FAIRCOM_USERNAME};
    BackendError::Unsupported(format!(
        "FairCom code packages (no FairCom server is configured: set {ENV_FAIRCOM_URL}, \
         {ENV_FAIRCOM_USERNAME} and {ENV_FAIRCOM_PASSWORD}, or use a --profile that names one)"
    ))
}

/// Its twin: what a backend without an Auth0 tenant (a lone FairCom server) answers for the
/// actions, modules, triggers and bindings calls.
pub(crate) fn no_auth0() -> BackendError {
    use crate::config::{ENV_API_TOKEN, ENV_CLIENT_ID, ENV_CLIENT_SECRET, ENV_DOMAIN};
    BackendError::Unsupported(format!(
        "Auth0 Actions (no Auth0 tenant is configured: set {ENV_DOMAIN} with {ENV_API_TOKEN}, or \
         with {ENV_CLIENT_ID} and {ENV_CLIENT_SECRET}, or use a --profile that names one)"
    ))
}
