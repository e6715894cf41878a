//! The one async interface the app and the CLI call. Providers implement it; errors are one typed enum.

pub mod auth0;
pub mod both;
pub mod faircom;
mod lenient;
mod net;
pub mod waits;

use std::time::Duration;

use async_trait::async_trait;

use crate::model::{
    Action, ActionFilter, ActionVersion, Binding, BoundAction, CodePackage, CodeStatus,
    DraftChange, Execution, Module, ModuleUsage, ModuleVersion, NewAction, NewModule, NewPackage,
    PackageFilter, PackageId, TestRun, Trigger,
};

/// Everything that can go wrong talking to a service, in words a user can act on.
///
/// `Display` (and `Debug`) pass through [`crate::secret::scrub`]: whatever a server echoed (a token,
/// the client secret, the password) or a URL carried (`user:pass@`, `?token=`) never reaches the user.
#[derive(Clone, PartialEq)]
pub enum BackendError {
    /// The service answered with an error status and (usually) an `{statusCode,error,message}` body.
    Api {
        status: u16,
        error: String,
        message: String,
        error_code: Option<String>,
    },
    /// 429 after the retries allowed for idempotent requests (none for mutations), or a 429 asking
    /// for a longer wait than codedeck takes.
    RateLimited {
        message: String,
        retry_after: Option<Duration>,
    },
    /// Could not obtain or use credentials (token endpoint refused, 401).
    Auth(String),
    /// The request may have reached the service: timeout after sending, connection reset or closed
    /// mid-answer, a body that broke off.
    Network(String),
    /// No answer within the timeout (`after`); the request had been sent, so it may have been
    /// applied. Never retried.
    TimedOut { endpoint: String, after: Duration },
    /// The service could not be reached, so nothing was sent: connection refused, DNS, TLS
    /// handshake, connect timeout.
    Unreachable(String),
    /// The body was not what the API documents (non-JSON, truncated, wrong shape).
    Decode { endpoint: String, detail: String },
    /// The service answered with a redirect (3xx). codedeck follows none: the request (and the
    /// credentials in it) would go wherever the server says. `location` is already scrubbed.
    Redirected {
        endpoint: String,
        status: u16,
        location: Option<String>,
    },
    /// The answer was longer than codedeck reads (`limit` bytes); the rest was not read.
    TooLarge { endpoint: String, limit: u64 },
    /// The request cannot be made as configured (bad URL, plain http to a non-loopback host …).
    Config(String),
    /// Not offered by this provider.
    Unsupported(String),
    /// FairCom answered `errorCode != 0` (whatever the HTTP status).
    FairCom { code: i64, message: String },
}

impl BackendError {
    /// The words, before scrubbing.
    fn unscrubbed(&self) -> String {
        use crate::strings::transport as text;
        match self {
            Self::Api {
                status,
                error,
                message,
                ..
            } => format!("{status} {error}: {message}"),
            Self::RateLimited {
                message,
                retry_after,
            } => format!("rate limited by the service: {message}{}", retry_hint(retry_after)),
            Self::Auth(why) => format!("authentication failed: {why}"),
            Self::Network(why) | Self::Unreachable(why) => format!("network error: {why}"),
            Self::TimedOut { endpoint, after } => {
                format!("network error: {}", text::timed_out(endpoint, *after))
            }
            Self::Decode { endpoint, detail } => {
                format!("unexpected response from {endpoint}: {detail}")
            }
            Self::Redirected {
                endpoint,
                status,
                location,
            } => text::redirected(endpoint, *status, location.as_deref()),
            Self::TooLarge { endpoint, limit } => text::too_large(endpoint, *limit),
            Self::Config(why) => format!("configuration error: {why}"),
            Self::Unsupported(what) => format!("not supported by this backend: {what}"),
            Self::FairCom { code, message } => format!("FairCom error {code}: {message}"),
        }
    }

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

fn retry_hint(after: &Option<Duration>) -> String {
    match after {
        Some(d) if *d > auth0::LONGEST_WAIT => {
            crate::strings::transport::wait_refused(*d, auth0::LONGEST_WAIT)
        }
        Some(d) => format!(" (retry in {}s)", d.as_secs().max(1)),
        None => String::new(),
    }
}

impl BackendError {
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } | Self::Redirected { status, .. } => Some(*status),
            Self::RateLimited { .. } => Some(429),
            _ => None,
        }
    }
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404) || matches!(self, Self::FairCom { code: 101, .. })
    }

    /// Whether a failed CHANGE may nevertheless have been applied by the service, so the caller
    /// must read the object back before saying "done" or "not done".
    ///
    /// True: the request went out and no clear answer came back — a timeout after sending, a
    /// connection reset or closed mid-answer (`Network`), a 5xx (the service may have applied it
    /// before failing), a 2xx whose body did not decode (`Decode`), an answer past the size cap
    /// (`TooLarge`).
    ///
    /// False: the service certainly did not apply it — a 4xx or 429 with its answer, a FairCom
    /// error code, a 307/308 or other redirect (not followed: the request was turned away; only a
    /// 303 "See Other" says it was processed before, so that one is unknown), credentials refused,
    /// the service unreachable (nothing sent), a configuration error or an unsupported call.
    pub fn outcome_unknown(&self) -> bool {
        match self {
            Self::Api { status, .. } => *status >= 500,
            Self::Redirected { status, .. } => *status == 303,
            Self::Network(_)
            | Self::TimedOut { .. }
            | Self::Decode { .. }
            | Self::TooLarge { .. } => true,
            Self::RateLimited { .. }
            | Self::Auth(_)
            | Self::Unreachable(_)
            | Self::Config(_)
            | Self::Unsupported(_)
            | Self::FairCom { .. } => false,
        }
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

    /// Ends what the backend holds open (a FairCom session) within a short timeout; errors are
    /// ignored. Called on exit.
    async fn close(&self) {}

    /// From now on, every wait longer than a moment (a slow answer, a pause before asking again)
    /// is told to `reporter` (see `waits`). A backend that never waits ignores it.
    fn report_waits(&self, _reporter: waits::WaitReporter) {}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_unknown_only_where_the_service_may_have_acted() {
        let api = |status| BackendError::Api {
            status,
            error: String::new(),
            message: String::new(),
            error_code: None,
        };
        let unknown = [
            api(500),
            api(503),
            BackendError::Network("connection reset".into()),
            BackendError::TimedOut {
                endpoint: "/x".into(),
                after: Duration::from_secs(30),
            },
            BackendError::Decode {
                endpoint: "/x".into(),
                detail: "truncated".into(),
            },
            BackendError::TooLarge {
                endpoint: "/x".into(),
                limit: 1,
            },
        ];
        let refused = [
            api(400),
            api(404),
            api(409),
            BackendError::RateLimited {
                message: String::new(),
                retry_after: None,
            },
            BackendError::Auth("401".into()),
            BackendError::Unreachable("refused".into()),
            BackendError::Redirected {
                endpoint: "/x".into(),
                status: 307,
                location: None,
            },
            BackendError::Config("bad".into()),
            BackendError::FairCom {
                code: 12004,
                message: String::new(),
            },
        ];
        assert!(unknown.iter().all(BackendError::outcome_unknown));
        assert!(!refused.iter().any(BackendError::outcome_unknown));
    }

    #[test]
    fn display_and_debug_scrub_whatever_the_message_holds() {
        let _held = crate::secret::Secret::new("mod-test-secret-9z");
        let error = BackendError::Api {
            status: 400,
            error: "Bad Request".into(),
            message: "echo mod-test-secret-9z and http://u:pw-1@h/?t=x".into(),
            error_code: None,
        };
        for shown in [error.to_string(), format!("{error:?}")] {
            assert!(!shown.contains("mod-test-secret-9z"), "{shown}");
            assert!(shown.contains("echo *** and http://***@h/?t=***"), "{shown}");
        }
    }
}
