//! FairCom JSON Action ADMIN API (code packages) behind the `Backend` trait.
//!
//! Every call is `POST {base}/api` with `{"api":"admin","action":…,"params":{…},"authToken":…}`.
//! A session (`createSession`) is opened on first use, shared by concurrent callers and reused; when
//! the server says 12031 (no such session) the client logs in again once and repeats the call once.
//! `close()` ends the session. Nothing else is retried: a read that fails is reported, and the user
//! reloads.
//!
//! - `request`: the calls (action + params) and the envelope; `http`: one round trip and its errors
//! - `wire`: tolerant serde types and their mapping into `crate::model`

mod http;
pub mod request;
pub mod wire;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use serde::de::{DeserializeOwned, IgnoredAny};
use tokio::sync::{Mutex, Semaphore};
use url::Url;

pub use http::NO_MESSAGE;

use crate::backend::net::{http_client, join_segments, parse_service_url, UrlRules};
use crate::backend::waits::{WaitReporter, Waits};
use crate::backend::{no_auth0, Backend};
use crate::model::secret::Secret;
use crate::model::{
    Action, ActionFilter, ActionVersion, Binding, BoundAction, CodePackage, CodeStatus,
    DraftChange, Execution, Module, ModuleUsage, ModuleVersion, NewAction, NewModule, NewPackage,
    PackageFilter, PackageId, TestRun, Trigger,
};
use crate::model::{BackendError, BackendResult, ConnectionInfo, Services};
use crate::strings::transport as text;
use http::{result_of, Transport};
use request::Call;
use wire::{Envelope, LoginResult, PackageList};

/// errorCode: the authToken does not match any existing session (expired, deleted, server restarted).
pub const NO_SESSION: i64 = 12031;
/// errorCode: no such record; `describeCodePackages` answers it for an unknown package.
pub const NOT_FOUND: i64 = 101;
/// The port FairCom's JSON API listens on with TLS.
pub const DEFAULT_PORT: u16 = 8443;
/// Never follow more pages than this, whatever the server says.
pub const MAX_PAGES: u32 = 1000;

/// `deleteSession` at exit waits at most this long: the session expires on its own anyway.
pub const CLOSE_TIMEOUT: Duration = Duration::from_secs(2);

/// Accepts `host`, `host:port`, or a full `https://…` URL, each with or without a trailing `/api`;
/// a bare host gets `https` and port 8443. Plain `http://` only to loopback hosts (the password and
/// the session token would travel unencrypted). The result is the base, without `/api`.
/// How a server is named to the user and in the history store: `host[:port]` of its parsed URL
/// (the port the client will use, the default one included).
pub fn server_label(base_url: &Url) -> String {
    let host = base_url.host_str().unwrap_or_default();
    match base_url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

pub fn parse_faircom_url(input: &str) -> Result<Url, BackendError> {
    parse_service_url(
        input,
        &UrlRules {
            what: text::FAIRCOM_URL,
            api_suffix: "/api",
            example: text::FAIRCOM_URL_EXAMPLE,
            default_port: Some(DEFAULT_PORT),
            exposed: text::FAIRCOM_URL_EXPOSES,
        },
    )
}

#[derive(Debug, Clone)]
pub struct FairComConfig {
    /// From `parse_faircom_url`.
    pub base_url: Url,
    pub username: String,
    pub password: Secret,
    /// Shown in the header: host[:port].
    pub label: String,
    pub demo: bool,
    pub profile: Option<String>,
    /// Requests (the login included) on the wire at once.
    pub max_in_flight: usize,
    /// Per request, connect to last byte.
    pub timeout: Duration,
    /// `maxRecords` asked for on every paged action.
    pub page_size: u32,
}

impl FairComConfig {
    pub const DEFAULT_MAX_IN_FLIGHT: usize = 4;
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
    pub const DEFAULT_PAGE_SIZE: u32 = 50;

    /// Defaults: label = host[:port], not demo, no profile, 4 requests in flight, 30 s timeout,
    /// pages of 50.
    pub fn new(base_url: Url, username: impl Into<String>, password: Secret) -> Self {
        let label = server_label(&base_url);
        Self {
            base_url,
            username: username.into(),
            password,
            label,
            demo: false,
            profile: None,
            max_in_flight: Self::DEFAULT_MAX_IN_FLIGHT,
            timeout: Self::DEFAULT_TIMEOUT,
            page_size: Self::DEFAULT_PAGE_SIZE,
        }
    }
}

/// The FairCom client. Cheap to clone (shares one connection pool, session and in-flight bound).
#[derive(Clone)]
pub struct FairComClient {
    inner: Arc<Inner>,
}

struct Inner {
    transport: Transport,
    username: String,
    password: Secret,
    /// The session token. Held across `createSession`, so concurrent first callers wait for one
    /// login instead of each starting their own.
    session: Mutex<Option<Secret>>,
    page_size: u32,
    connection: ConnectionInfo,
}

impl fmt::Debug for FairComClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FairComClient")
            .field("connection", &self.inner.connection)
            .field("username", &self.inner.username)
            .finish_non_exhaustive()
    }
}

impl FairComClient {
    pub fn new(config: FairComConfig) -> Result<Self, BackendError> {
        // Re-validate: a hand-built Url must obey the same rules as a parsed one.
        let base_url = parse_faircom_url(config.base_url.as_str())?;
        let client = http_client(config.timeout)?;
        let connection = ConnectionInfo {
            label: config.label,
            base_url: base_url.to_string(),
            demo: config.demo,
            profile: config.profile,
            services: Services {
                auth0: false,
                faircom: true,
            },
            // Alone, `label` names the FairCom server (`Both` fills this in beside a tenant).
            faircom_label: None,
        };
        let transport = Transport {
            client,
            endpoint: join_segments(&base_url, &["api"]),
            in_flight: Semaphore::new(config.max_in_flight.max(1)),
            timeout: config.timeout,
            waits: Waits::default(),
        };
        Ok(Self {
            inner: Arc::new(Inner {
                transport,
                username: config.username,
                password: config.password,
                session: Mutex::new(None),
                page_size: config.page_size.max(1),
                connection,
            }),
        })
    }

    /// Sends `call` in the session (opening one first if needed) and returns the envelope of a
    /// success, its result read as `R`. On 12031 it logs in again and sends the call once more; a
    /// second 12031 is returned. Nothing else is ever sent twice.
    pub async fn call<R: DeserializeOwned>(&self, call: &Call) -> BackendResult<Envelope<R>> {
        let token = self.session_token(None).await?;
        match self.inner.transport.send(call, Some(&token), None).await {
            // 12031 means the server found no session for the token and did not run the action, so
            // sending it again after a new login cannot run it twice: safe for mutations too.
            Err(e) if is_no_session(&e) => {
                tracing::debug!(
                    action = call.action.name(),
                    "faircom session gone; logging in again"
                );
                let fresh = self.session_token(Some(&token)).await?;
                self.inner.transport.send(call, Some(&fresh), None).await
            }
            other => other,
        }
    }

    /// The session token: the current one, or a new login when there is none or when the current
    /// one is `stale` (the server said 12031 for it). A caller whose stale token another caller has
    /// already replaced gets the replacement without a second login.
    async fn session_token(&self, stale: Option<&Secret>) -> BackendResult<Secret> {
        let mut session = self.inner.session.lock().await;
        if let Some(token) = session.as_ref().filter(|t| Some(*t) != stale) {
            return Ok(token.clone());
        }
        *session = None;
        let login = request::create_session(&self.inner.username, &self.inner.password);
        let envelope: Envelope<LoginResult> = self.inner.transport.send(&login, None, None).await?;
        let token =
            envelope
                .session_token()
                .map(Secret::new)
                .ok_or_else(|| BackendError::Decode {
                    endpoint: self.inner.transport.describe(&login),
                    detail: text::NO_TOKEN.to_string(),
                })?;
        *session = Some(token.clone());
        Ok(token)
    }

    /// `deleteSession` for the open session, if any (the next call logs in again), waiting at
    /// most `CLOSE_TIMEOUT`. A session the server no longer knows (12031, as an error or as a
    /// warning) counts as ended.
    pub async fn end_session(&self) -> BackendResult<()> {
        let Some(token) = self.inner.session.lock().await.take() else {
            return Ok(());
        };
        match self
            .inner
            .transport
            .send::<IgnoredAny>(
                &request::delete_session(),
                Some(&token),
                Some(CLOSE_TIMEOUT),
            )
            .await
        {
            Ok(envelope) if envelope.has_warning(NO_SESSION) => {
                tracing::debug!("faircom session was already gone");
                Ok(())
            }
            Err(e) if is_no_session(&e) => {
                tracing::debug!("faircom session was already gone");
                Ok(())
            }
            other => other.map(drop),
        }
    }

    /// Every record of a paged action, `page(skip, max)` building each request. There is no total:
    /// a short page is the last. A full page equal to the one before means the server ignores
    /// `skipRecords`; that stops with a `Decode` error instead of looping.
    async fn all_pages(&self, page: impl Fn(u32, u32) -> Call) -> BackendResult<Vec<CodePackage>> {
        let max = self.inner.page_size;
        let mut items: Vec<CodePackage> = Vec::new();
        let mut previous: Option<Vec<CodePackage>> = None;
        let mut endpoint = String::new();
        for _ in 0..MAX_PAGES {
            let call = page(items.len() as u32, max);
            endpoint = self.inner.transport.describe(&call);
            let batch: PackageList = result_of(self.call(&call).await?, &endpoint)?;
            let batch: Vec<CodePackage> = batch.data.into_iter().map(Into::into).collect();
            if !batch.is_empty() && previous.as_ref() == Some(&batch) {
                return Err(BackendError::Decode {
                    endpoint,
                    detail: text::SKIP_IGNORED.to_string(),
                });
            }
            // Advance by what came, not by what was asked: a server may send more or fewer.
            let short = batch.len() < max as usize;
            items.extend(batch.iter().cloned());
            if short {
                return Ok(items);
            }
            previous = Some(batch);
        }
        Err(BackendError::Decode {
            endpoint,
            detail: text::TOO_MANY_RECORD_PAGES.to_string(),
        })
    }

    async fn mutate(&self, call: Call) -> BackendResult<()> {
        // The result, when there is one, is not needed: callers reload what changed.
        self.call::<IgnoredAny>(&call).await.map(drop)
    }
}

fn is_no_session(error: &BackendError) -> bool {
    matches!(error, BackendError::FairCom { code, .. } if *code == NO_SESSION)
}

/// The versions of one package, newest first: the history plus the current version, one entry per
/// version number (the current one wins when the history has it too).
pub fn merge_history(current: CodePackage, history: Vec<CodePackage>) -> Vec<CodePackage> {
    let mut by_version: BTreeMap<u32, CodePackage> =
        history.into_iter().map(|p| (p.version, p)).collect();
    by_version.insert(current.version, current);
    by_version.into_values().rev().collect()
}

#[async_trait]
impl Backend for FairComClient {
    fn connection(&self) -> ConnectionInfo {
        self.inner.connection.clone()
    }

    async fn list_actions(&self, _filter: &ActionFilter) -> BackendResult<Vec<Action>> {
        Err(no_auth0())
    }
    async fn get_action(&self, _id: &str) -> BackendResult<Action> {
        Err(no_auth0())
    }
    async fn list_action_versions(&self, _action_id: &str) -> BackendResult<Vec<ActionVersion>> {
        Err(no_auth0())
    }
    async fn get_action_version(
        &self,
        _action: &str,
        _version: &str,
    ) -> BackendResult<ActionVersion> {
        Err(no_auth0())
    }
    async fn list_triggers(&self) -> BackendResult<Vec<Trigger>> {
        Err(no_auth0())
    }
    async fn list_bindings(&self, _trigger_id: &str) -> BackendResult<Vec<Binding>> {
        Err(no_auth0())
    }
    async fn get_execution(&self, _id: &str) -> BackendResult<Execution> {
        Err(no_auth0())
    }
    async fn list_modules(&self) -> BackendResult<Vec<Module>> {
        Err(no_auth0())
    }
    async fn get_module(&self, _id: &str) -> BackendResult<Module> {
        Err(no_auth0())
    }
    async fn list_module_versions(&self, _module_id: &str) -> BackendResult<Vec<ModuleVersion>> {
        Err(no_auth0())
    }
    async fn get_module_version(
        &self,
        _module: &str,
        _version: &str,
    ) -> BackendResult<ModuleVersion> {
        Err(no_auth0())
    }
    async fn list_module_actions(&self, _module_id: &str) -> BackendResult<Vec<ModuleUsage>> {
        Err(no_auth0())
    }
    async fn deploy_action(&self, _action_id: &str) -> BackendResult<ActionVersion> {
        Err(no_auth0())
    }
    async fn deploy_action_version(
        &self,
        _action_id: &str,
        _version_id: &str,
        _update_draft: bool,
    ) -> BackendResult<ActionVersion> {
        Err(no_auth0())
    }
    async fn publish_module(&self, _module_id: &str) -> BackendResult<ModuleVersion> {
        Err(no_auth0())
    }
    async fn rollback_module(&self, _module_id: &str, _version_id: &str) -> BackendResult<Module> {
        Err(no_auth0())
    }
    async fn update_module_code(&self, _module_id: &str, _code: &str) -> BackendResult<Module> {
        Err(no_auth0())
    }
    async fn create_action(&self, _new: &NewAction) -> BackendResult<Action> {
        Err(no_auth0())
    }
    async fn update_action(&self, _id: &str, _change: &DraftChange) -> BackendResult<Action> {
        Err(no_auth0())
    }
    async fn delete_action(&self, _id: &str, _force: bool) -> BackendResult<()> {
        Err(no_auth0())
    }
    async fn test_action(&self, _id: &str, _payload: &serde_json::Value) -> BackendResult<TestRun> {
        Err(no_auth0())
    }
    async fn create_module(&self, _new: &NewModule) -> BackendResult<Module> {
        Err(no_auth0())
    }
    async fn update_module(&self, _id: &str, _change: &DraftChange) -> BackendResult<Module> {
        Err(no_auth0())
    }
    async fn delete_module(&self, _id: &str) -> BackendResult<()> {
        Err(no_auth0())
    }
    async fn update_bindings(
        &self,
        _trigger_id: &str,
        _order: &[BoundAction],
    ) -> BackendResult<Vec<Binding>> {
        Err(no_auth0())
    }

    fn report_waits(&self, reporter: WaitReporter) {
        self.inner.transport.waits.report_to(reporter);
    }

    async fn close(&self) {
        if let Err(e) = self.end_session().await {
            tracing::debug!(error = %e, "faircom deleteSession failed (ignored on exit)");
        }
    }

    async fn list_packages(&self, filter: &PackageFilter) -> BackendResult<Vec<CodePackage>> {
        self.all_pages(|skip, max| request::list_packages(filter, skip, max))
            .await
    }

    async fn describe_package(&self, id: &PackageId) -> BackendResult<CodePackage> {
        let call = request::describe_package(id);
        let endpoint = self.inner.transport.describe(&call);
        let list: PackageList = result_of(self.call(&call).await?, &endpoint)?;
        let mut packages: Vec<CodePackage> = list.data.into_iter().map(Into::into).collect();
        match packages.iter().position(|p| p.id.name == id.name) {
            Some(found) => Ok(packages.swap_remove(found)),
            // Servers answer 101 for an unknown name; an empty list means the same.
            None => Err(BackendError::FairCom {
                code: NOT_FOUND,
                message: text::no_package_named(&id.name),
            }),
        }
    }

    async fn package_history(&self, id: &PackageId) -> BackendResult<Vec<CodePackage>> {
        let (current, history) = futures::join!(
            self.describe_package(id),
            self.all_pages(|skip, max| request::describe_history(id, skip, max))
        );
        let history = match history {
            // A package still at its first version has no history; a server may say "not found".
            Err(e) if e.is_not_found() && current.is_ok() => Vec::new(),
            other => other?,
        };
        Ok(merge_history(current?, history))
    }

    async fn revert_package(&self, id: &PackageId, version: u32) -> BackendResult<()> {
        self.mutate(request::revert_package(id, version)).await
    }

    async fn set_package_status(&self, id: &PackageId, status: &CodeStatus) -> BackendResult<()> {
        self.mutate(request::set_status(id, status)).await
    }

    async fn alter_package_code(
        &self,
        id: &PackageId,
        code: &str,
        comment: &str,
    ) -> BackendResult<()> {
        self.mutate(request::alter_code(id, code, comment)).await
    }

    async fn create_package(&self, package: &NewPackage) -> BackendResult<()> {
        self.mutate(request::create_package(package)).await
    }

    async fn clone_package(&self, from: &PackageId, to: &PackageId) -> BackendResult<()> {
        self.mutate(request::clone_package(from, to)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(n: u32, comment: &str) -> CodePackage {
        let package: wire::Package = serde_json::from_value(serde_json::json!({
            "codeName": "p", "codeVersion": n, "comment": comment, "code": format!("// v{n}")
        }))
        .unwrap();
        package.into()
    }

    #[test]
    fn history_merges_by_version_newest_first_and_the_current_version_wins() {
        let merged = merge_history(
            version(3, "current"),
            vec![
                version(1, "first"),
                version(3, "history copy"),
                version(2, "second"),
            ],
        );
        let seen: Vec<(u32, &str)> = merged
            .iter()
            .map(|p| (p.version, p.comment.as_str()))
            .collect();
        assert_eq!(seen, [(3, "current"), (2, "second"), (1, "first")]);
    }

    #[test]
    fn faircom_urls() {
        for (input, want) in [
            ("faircom.example.com", "https://faircom.example.com:8443/"),
            (
                "faircom.example.com:9443",
                "https://faircom.example.com:9443/",
            ),
            (
                "faircom.example.com:443/api/",
                "https://faircom.example.com/",
            ),
            (
                "https://faircom.example.com",
                "https://faircom.example.com/",
            ),
            (
                "https://faircom.example.com:8443/api",
                "https://faircom.example.com:8443/",
            ),
            ("https://proxy.example/fc/api", "https://proxy.example/fc"),
            ("http://localhost:8080/api", "http://localhost:8080/"),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080/"),
            ("[::1]", "https://[::1]:8443/"),
            ("[::1]:9000", "https://[::1]:9000/"),
        ] {
            assert_eq!(
                parse_faircom_url(input).map(|u| u.to_string()),
                Ok(want.to_string()),
                "{input}"
            );
        }
        let error = parse_faircom_url("http://faircom.example.com:8080").unwrap_err();
        assert!(
            matches!(&error, BackendError::Config(m) if m.starts_with("FairCom URL") && m.contains("loopback") && m.contains("password")),
            "{error}"
        );
        for input in [
            "",
            "/api",
            "ftp://faircom.example.com",
            "https://x.example/?a=1",
            "https://u:p@x.example",
        ] {
            assert!(
                matches!(parse_faircom_url(input), Err(BackendError::Config(_))),
                "{input}"
            );
        }
        let base = parse_faircom_url("faircom.example.com").unwrap();
        assert_eq!(
            join_segments(&base, &["api"]).as_str(),
            "https://faircom.example.com:8443/api"
        );
        let prefixed = parse_faircom_url("https://proxy.example/fc/").unwrap();
        assert_eq!(
            join_segments(&prefixed, &["api"]).as_str(),
            "https://proxy.example/fc/api"
        );
    }
}
