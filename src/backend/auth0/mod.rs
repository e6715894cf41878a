//! The Auth0 Management API (Actions, Actions Modules) behind the `Backend` trait.
//!
//! - `domain`: tenant domain / base URL and the URLs derived from it
//! - `token`: fixed token or client-credentials exchange, cached until shortly before expiry
//! - `http`: the request core (in-flight bound, retries for idempotent requests, errors, paging)
//! - `wire`: tolerant serde types; `map`: wire → `crate::model`

mod domain;
mod http;
mod logs;
mod map;
mod token;
pub mod wire;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use reqwest::Method;
use serde::de::DeserializeOwned;
use tokio::sync::{Mutex, Semaphore};

pub use domain::parse_base_url;
pub use http::{
    requested_wait, Outcome, RetryCount, RetryPolicy, LONGEST_WAIT, MAX_PAGES, PER_PAGE,
};

use crate::backend::net::http_client;
use crate::backend::waits::{WaitReporter, Waits};
use crate::backend::Backend;
use crate::model::{
    Action, ActionFilter, ActionVersion, Binding, BoundAction, Dependency, DraftChange, Execution,
    Module, ModuleRef, ModuleUsage, ModuleVersion, NewAction, NewModule, SecretInput, TestRun,
    Trigger,
};
use crate::model::{BackendError, BackendResult, ConnectionInfo, Services};
use http::Http;
use map::map_all;
use token::TokenSource;

/// How the client authenticates (a shared contract: `config` builds them).
pub use crate::model::connection::Credentials;

#[derive(Debug, Clone)]
pub struct Auth0Config {
    /// From `parse_base_url`.
    pub base_url: url::Url,
    pub credentials: Credentials,
    /// Shown in the header, e.g. the domain.
    pub label: String,
    pub demo: bool,
    pub profile: Option<String>,
    /// Requests (token exchanges included) on the wire at once.
    pub max_in_flight: usize,
    pub retry: RetryPolicy,
    /// Per request, connect to last byte.
    pub timeout: Duration,
}

impl Auth0Config {
    pub const DEFAULT_MAX_IN_FLIGHT: usize = 4;
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

    /// Defaults: label = host, not demo, no profile, 4 requests in flight, default retries, 30 s timeout.
    pub fn new(base_url: url::Url, credentials: Credentials) -> Self {
        let label = base_url.host_str().unwrap_or_default().to_string();
        Self {
            base_url,
            credentials,
            label,
            demo: false,
            profile: None,
            max_in_flight: Self::DEFAULT_MAX_IN_FLIGHT,
            retry: RetryPolicy::default(),
            timeout: Self::DEFAULT_TIMEOUT,
        }
    }
}

/// The Auth0 client. Cheap to clone (shares one connection pool, token cache and in-flight bound).
#[derive(Clone)]
pub struct Auth0Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: Http,
    connection: ConnectionInfo,
}

impl fmt::Debug for Auth0Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Auth0Client")
            .field("connection", &self.inner.connection)
            .field("retry", &self.inner.http.retry)
            .finish_non_exhaustive()
    }
}

impl Auth0Client {
    pub fn new(config: Auth0Config) -> Result<Self, BackendError> {
        // Re-validate: a hand-built Url must obey the same rules as a parsed one.
        let base_url = parse_base_url(config.base_url.as_str())?;
        let client = http_client(config.timeout)?;
        let token = match config.credentials {
            Credentials::Token(token) => TokenSource::Fixed(token),
            Credentials::ClientCredentials {
                client_id,
                client_secret,
            } => TokenSource::ClientCredentials {
                client_id,
                client_secret,
                token_url: domain::token_url(&base_url),
                audience: domain::audience(&base_url),
                cache: Mutex::new(None),
            },
        };
        let connection = ConnectionInfo {
            label: config.label,
            base_url: base_url.to_string(),
            demo: config.demo,
            profile: config.profile,
            services: Services::default(),
            faircom_label: None,
        };
        let http = Http {
            client,
            api_base: domain::api_base(&base_url),
            token,
            retry: config.retry,
            in_flight: Semaphore::new(config.max_in_flight.max(1)),
            timeout: config.timeout,
            waits: Waits::default(),
            pacer: std::sync::Mutex::default(),
            logs_pacer: std::sync::Mutex::default(),
        };
        Ok(Self {
            inner: Arc::new(Inner { http, connection }),
        })
    }

    /// The request core every endpoint method calls: `method {base}/api/v2/{path…}?{query}` with an
    /// optional JSON body, 2xx decoded into `T` (an empty body reads as `null`). Only GETs marked
    /// `idempotent` are ever retried; any other method is sent once. Path segments are
    /// percent-encoded here.
    pub async fn request<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &[&str],
        query: &[(&str, String)],
        body: Option<&serde_json::Value>,
        idempotent: bool,
    ) -> BackendResult<T> {
        self.inner
            .http
            .request(method, path, query, body, idempotent)
            .await
    }

    async fn get<W: DeserializeOwned>(&self, path: &[&str]) -> BackendResult<W> {
        self.request(Method::GET, path, &[], None, true).await
    }

    /// A mutation: never retried.
    async fn post<W: DeserializeOwned>(
        &self,
        path: &[&str],
        body: Option<&serde_json::Value>,
    ) -> BackendResult<W> {
        self.request(Method::POST, path, &[], body, false).await
    }

    /// A PATCH: sent once, like every change — sent again it could undo another client's edit
    /// made in between.
    async fn patch<W: DeserializeOwned>(
        &self,
        path: &[&str],
        body: &serde_json::Value,
    ) -> BackendResult<W> {
        self.request(Method::PATCH, path, &[], Some(body), false)
            .await
    }

    async fn get_all<W: DeserializeOwned>(
        &self,
        path: &[&str],
        filter: &[(&str, String)],
    ) -> BackendResult<Vec<W>> {
        self.inner.http.get_all(path, filter).await
    }
}

fn dependencies_json(dependencies: &[Dependency]) -> serde_json::Value {
    dependencies
        .iter()
        .map(|d| serde_json::json!({ "name": d.name, "version": d.version }))
        .collect()
}

/// The one place a secret value leaves its `Secret`: the request body. A secret without a value is
/// listed by name, to keep the one the service holds.
fn secrets_json(secrets: &[SecretInput]) -> serde_json::Value {
    secrets
        .iter()
        .map(|s| match &s.value {
            Some(value) => serde_json::json!({ "name": s.name, "value": value.expose() }),
            None => serde_json::json!({ "name": s.name }),
        })
        .collect()
}

/// A PATCH body with only the fields the change sets.
fn draft_change_json(change: &DraftChange) -> serde_json::Value {
    let mut body = serde_json::Map::new();
    if let Some(code) = &change.code {
        body.insert("code".into(), code.clone().into());
    }
    if let Some(runtime) = &change.runtime {
        body.insert("runtime".into(), runtime.clone().into());
    }
    if let Some(dependencies) = &change.dependencies {
        body.insert("dependencies".into(), dependencies_json(dependencies));
    }
    if let Some(secrets) = &change.secrets {
        body.insert("secrets".into(), secrets_json(secrets));
    }
    body.into()
}

fn action_filter_query(filter: &ActionFilter) -> Vec<(&'static str, String)> {
    let mut query = Vec::new();
    if let Some(trigger) = &filter.trigger_id {
        query.push(("triggerId", trigger.clone()));
    }
    if let Some(name) = &filter.action_name {
        query.push(("actionName", name.clone()));
    }
    if let Some(deployed) = filter.deployed {
        query.push(("deployed", deployed.to_string()));
    }
    query
}

#[async_trait]
impl Backend for Auth0Client {
    fn connection(&self) -> ConnectionInfo {
        self.inner.connection.clone()
    }

    fn report_waits(&self, reporter: WaitReporter) {
        self.inner.http.waits.report_to(reporter);
    }

    async fn list_actions(&self, filter: &ActionFilter) -> BackendResult<Vec<Action>> {
        let actions: Vec<wire::Action> = self
            .get_all(&["actions", "actions"], &action_filter_query(filter))
            .await?;
        Ok(map_all(actions))
    }

    async fn get_action(&self, id: &str) -> BackendResult<Action> {
        Ok(self
            .get::<wire::Action>(&["actions", "actions", id])
            .await?
            .into())
    }

    async fn list_action_versions(&self, action_id: &str) -> BackendResult<Vec<ActionVersion>> {
        let versions: Vec<wire::ActionVersion> = self
            .get_all(&["actions", "actions", action_id, "versions"], &[])
            .await?;
        let mut versions: Vec<ActionVersion> = map_all(versions);
        versions.sort_by_key(|v| std::cmp::Reverse(v.number));
        Ok(versions)
    }

    async fn get_action_version(
        &self,
        action_id: &str,
        version_id: &str,
    ) -> BackendResult<ActionVersion> {
        let path = ["actions", "actions", action_id, "versions", version_id];
        Ok(self.get::<wire::ActionVersion>(&path).await?.into())
    }

    async fn list_triggers(&self) -> BackendResult<Vec<Trigger>> {
        Ok(map_all(
            self.get::<wire::TriggerList>(&["actions", "triggers"])
                .await?
                .triggers,
        ))
    }

    async fn list_bindings(&self, trigger_id: &str) -> BackendResult<Vec<Binding>> {
        let path = ["actions", "triggers", trigger_id, "bindings"];
        let bindings: Vec<Binding> = map_all(self.get_all::<wire::Binding>(&path, &[]).await?);
        // The service binds an action to a trigger at most once: a list that says otherwise
        // is not the flow, and a reorder sent from it would write a wrong one.
        let mut seen = std::collections::HashSet::new();
        if let Some(twice) = bindings.iter().find(|b| !seen.insert(&b.action.id)) {
            return Err(BackendError::Decode {
                endpoint: format!("/api/v2/actions/triggers/{trigger_id}/bindings"),
                detail: crate::strings::transport::duplicate_binding(
                    trigger_id,
                    &twice.action.name,
                ),
            });
        }
        Ok(bindings)
    }

    /// A 404 keeps the service's words ("That execution does not exist."): Auth0 keeps
    /// executions 10 days.
    async fn get_execution(&self, id: &str) -> BackendResult<Execution> {
        Ok(self
            .get::<wire::Execution>(&["actions", "executions", id])
            .await?
            .into())
    }

    async fn search_logs(
        &self,
        q: Option<&str>,
        page: u32,
        per_page: u32,
    ) -> BackendResult<Vec<crate::model::logs::LogEvent>> {
        self.search_log_page(q, page, per_page).await
    }

    async fn logs_from(&self, from: &str, take: u32) -> BackendResult<crate::model::logs::LogPage> {
        self.log_page_from(from, take).await
    }

    async fn list_modules(&self) -> BackendResult<Vec<Module>> {
        let modules: Vec<wire::Module> = self.get_all(&["actions", "modules"], &[]).await?;
        Ok(map_all(modules))
    }

    async fn get_module(&self, id: &str) -> BackendResult<Module> {
        Ok(self
            .get::<wire::Module>(&["actions", "modules", id])
            .await?
            .into())
    }

    async fn list_module_versions(&self, module_id: &str) -> BackendResult<Vec<ModuleVersion>> {
        let versions: Vec<wire::ModuleVersion> = self
            .get_all(&["actions", "modules", module_id, "versions"], &[])
            .await?;
        let mut versions: Vec<ModuleVersion> = map_all(versions);
        versions.sort_by_key(|v| std::cmp::Reverse(v.number));
        Ok(versions)
    }

    async fn get_module_version(
        &self,
        module_id: &str,
        version_id: &str,
    ) -> BackendResult<ModuleVersion> {
        let path = ["actions", "modules", module_id, "versions", version_id];
        Ok(self.get::<wire::ModuleVersion>(&path).await?.into())
    }

    async fn list_module_actions(&self, module_id: &str) -> BackendResult<Vec<ModuleUsage>> {
        let usages: Vec<wire::ModuleUsage> = self
            .get_all(&["actions", "modules", module_id, "actions"], &[])
            .await?;
        Ok(map_all(usages))
    }

    async fn deploy_action(&self, action_id: &str) -> BackendResult<ActionVersion> {
        let path = ["actions", "actions", action_id, "deploy"];
        Ok(self.post::<wire::ActionVersion>(&path, None).await?.into())
    }

    async fn deploy_action_version(
        &self,
        action_id: &str,
        version_id: &str,
        update_draft: bool,
    ) -> BackendResult<ActionVersion> {
        let path = [
            "actions", "actions", action_id, "versions", version_id, "deploy",
        ];
        let body = serde_json::json!({ "update_draft": update_draft });
        Ok(self
            .post::<wire::ActionVersion>(&path, Some(&body))
            .await?
            .into())
    }

    async fn publish_module(&self, module_id: &str) -> BackendResult<ModuleVersion> {
        let path = ["actions", "modules", module_id, "versions"];
        Ok(self.post::<wire::ModuleVersion>(&path, None).await?.into())
    }

    async fn rollback_module(&self, module_id: &str, version_id: &str) -> BackendResult<Module> {
        let path = ["actions", "modules", module_id, "rollback"];
        let body = serde_json::json!({ "module_version_id": version_id });
        Ok(self.post::<wire::Module>(&path, Some(&body)).await?.into())
    }

    async fn update_module_code(&self, module_id: &str, code: &str) -> BackendResult<Module> {
        let body = serde_json::json!({ "code": code });
        Ok(self
            .patch::<wire::Module>(&["actions", "modules", module_id], &body)
            .await?
            .into())
    }

    async fn create_action(&self, new: &NewAction) -> BackendResult<Action> {
        let mut body = serde_json::json!({
            "name": new.name,
            "supported_triggers": [{ "id": new.trigger.id, "version": new.trigger.version }],
            "code": new.code,
            "dependencies": dependencies_json(&new.dependencies),
            "secrets": secrets_json(&new.secrets),
        });
        if let Some(runtime) = &new.runtime {
            body["runtime"] = runtime.clone().into();
        }
        if new.deploy {
            body["deploy"] = true.into();
        }
        Ok(self
            .post::<wire::Action>(&["actions", "actions"], Some(&body))
            .await?
            .into())
    }

    async fn update_action(&self, id: &str, change: &DraftChange) -> BackendResult<Action> {
        let body = draft_change_json(change);
        Ok(self
            .patch::<wire::Action>(&["actions", "actions", id], &body)
            .await?
            .into())
    }

    async fn pin_action_modules(&self, id: &str, pins: &[ModuleRef]) -> BackendResult<Action> {
        let modules: Vec<serde_json::Value> = pins
            .iter()
            .map(|p| {
                serde_json::json!({
                    "module_id": p.module_id,
                    "module_version_id": p.module_version_id,
                })
            })
            .collect();
        let body = serde_json::json!({ "modules": modules });
        Ok(self
            .patch::<wire::Action>(&["actions", "actions", id], &body)
            .await?
            .into())
    }

    async fn delete_action(&self, id: &str, force: bool) -> BackendResult<()> {
        let query = if force {
            vec![("force", "true".to_string())]
        } else {
            vec![]
        };
        // A delete that reached the service and is sent again answers 404: never retried, so the
        // user sees the first answer.
        self.request::<serde_json::Value>(
            Method::DELETE,
            &["actions", "actions", id],
            &query,
            None,
            false,
        )
        .await
        .map(drop)
    }

    async fn test_action(&self, id: &str, payload: &serde_json::Value) -> BackendResult<TestRun> {
        let body = serde_json::json!({ "payload": payload });
        let answer: wire::TestAnswer = self
            .post(&["actions", "actions", id, "test"], Some(&body))
            .await?;
        Ok(TestRun::from_payload(answer.payload))
    }

    async fn create_module(&self, new: &NewModule) -> BackendResult<Module> {
        let mut body = serde_json::json!({
            "name": new.name,
            "code": new.code,
            "dependencies": dependencies_json(&new.dependencies),
            "secrets": secrets_json(&new.secrets),
        });
        if new.publish {
            body["publish"] = true.into();
        }
        Ok(self
            .post::<wire::Module>(&["actions", "modules"], Some(&body))
            .await?
            .into())
    }

    async fn update_module(&self, id: &str, change: &DraftChange) -> BackendResult<Module> {
        let body = draft_change_json(change);
        Ok(self
            .patch::<wire::Module>(&["actions", "modules", id], &body)
            .await?
            .into())
    }

    async fn delete_module(&self, id: &str) -> BackendResult<()> {
        self.request::<serde_json::Value>(
            Method::DELETE,
            &["actions", "modules", id],
            &[],
            None,
            false,
        )
        .await
        .map(drop)
    }

    async fn update_bindings(
        &self,
        trigger_id: &str,
        order: &[BoundAction],
    ) -> BackendResult<Vec<Binding>> {
        let bindings: Vec<serde_json::Value> = order
            .iter()
            .map(|b| {
                serde_json::json!({
                    "ref": { "type": "action_id", "value": b.action_id },
                    "display_name": b.display_name,
                })
            })
            .collect();
        let body = serde_json::json!({ "bindings": bindings });
        // The same complete order sent twice ends in the same order, but with new ids each time and a
        // chance of clobbering another client's change in between: never retried.
        let list: wire::BindingList = self
            .patch(&["actions", "triggers", trigger_id, "bindings"], &body)
            .await?;
        Ok(map_all(list.bindings))
    }
}
