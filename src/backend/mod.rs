//! The one async interface the app and the CLI call. Providers implement it; errors are one typed enum.

pub mod auth0;
pub mod both;
pub mod faircom;
mod lenient;
mod net;
pub mod pace;
pub mod waits;

use async_trait::async_trait;

use crate::model::{
    Action, ActionFilter, ActionVersion, Binding, BoundAction, CodePackage, CodeStatus,
    DraftChange, Execution, Module, ModuleRef, ModuleUsage, ModuleVersion, NewAction, NewModule,
    NewPackage, PackageFilter, PackageId, TestRun, Trigger,
};

// The error and the connection contracts live in `model`; these names stay for the callers.
pub use crate::model::connection::{ConnectionInfo, Services};
pub use crate::model::error::{BackendError, BackendResult};

impl BackendError {
    /// The words, before scrubbing.
    fn unscrubbed(&self) -> String {
        crate::strings::transport::backend_error(self, auth0::LONGEST_WAIT)
    }
}

impl BackendError {
    fn variant_name(&self) -> &'static str {
        match self {
            Self::Api { .. } => "Api",
            Self::RateLimited { .. } => "RateLimited",
            Self::Auth(_) => "Auth",
            Self::Network(_) => "Network",
            Self::Unreachable(_) => "Unreachable",
            Self::TimedOut { .. } => "TimedOut",
            Self::Decode { .. } => "Decode",
            Self::Redirected { .. } => "Redirected",
            Self::TooLarge { .. } => "TooLarge",
            Self::Config(_) => "Config",
            Self::Unsupported(_) => "Unsupported",
            Self::FairCom { .. } => "FairCom",
        }
    }
}

impl std::fmt::Display for BackendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::secret::scrub(&self.unscrubbed()))
    }
}

/// The variant and the (scrubbed) words: the fields may hold what a server echoed.
impl std::fmt::Debug for BackendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}({:?})", self.variant_name(), self.to_string())
    }
}

impl std::error::Error for BackendError {}

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
    /// `PATCH /actions/actions/{id}` with `modules` only: the draft's module pins become `pins`
    /// (by this tenant's module and version ids); the draft builds again. A promote sets them.
    async fn pin_action_modules(&self, _id: &str, _pins: &[ModuleRef]) -> BackendResult<Action> {
        Err(no_auth0())
    }
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

    /// Ends what the backend holds open (a FairCom session) within a short timeout; errors are
    /// ignored. Called on exit.
    async fn close(&self) {}

    /// From now on, every wait longer than a moment (a slow answer, a pause before asking again)
    /// is told to `reporter` (see `waits`). A backend that never waits ignores it.
    fn report_waits(&self, _reporter: waits::WaitReporter) {}

    // Tenant logs (issue 18). They have their own, lower rate limit (self-service: burst 10,
    // 100/minute), paced apart from the actions calls. Secret values are stripped before an event
    // leaves the client. A backend without an Auth0 tenant says so (`Unsupported`).

    /// Search mode, one page: `GET /logs?q=…&page=…&per_page=…&sort=date:-1` (newest first; at most
    /// 100 per page and 1 000 results through paging; a too-long `q` is a 414).
    async fn search_logs(
        &self,
        _q: Option<&str>,
        _page: u32,
        _per_page: u32,
    ) -> BackendResult<Vec<crate::model::logs::LogEvent>> {
        Err(no_auth0())
    }
    /// Checkpoint mode, one page: `GET /logs?from=<log_id>&take=N`, oldest first, with the next
    /// page's `from` from the `Link` header.
    async fn logs_from(
        &self,
        _from: &str,
        _take: u32,
    ) -> BackendResult<crate::model::logs::LogPage> {
        Err(no_auth0())
    }

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
    BackendError::Unsupported(crate::strings::transport::no_faircom())
}

/// Its twin: what a backend without an Auth0 tenant (a lone FairCom server) answers for the
/// actions, modules, triggers and bindings calls.
pub(crate) fn no_auth0() -> BackendError {
    BackendError::Unsupported(crate::strings::transport::no_auth0())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_debug_scrub_whatever_the_message_holds() {
        let _held = crate::model::secret::Secret::new("mod-test-secret-9z");
        let error = BackendError::Api {
            status: 400,
            error: "Bad Request".into(),
            message: "echo mod-test-secret-9z and http://u:pw-1@h/?t=x".into(),
            error_code: None,
        };
        for shown in [error.to_string(), format!("{error:?}")] {
            assert!(!shown.contains("mod-test-secret-9z"), "{shown}");
            assert!(
                shown.contains("echo *** and http://***@h/?t=***"),
                "{shown}"
            );
        }
    }
}
