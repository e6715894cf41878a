//! HTTP: the gate every request passes (counters, latency, auth, rate limit, faults, headers) and the
//! read handlers of the Actions API.

// Error responses travel as `Err(Response)` so handlers can use `?`; boxing them buys nothing here.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Path, Query, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, HOST, RETRY_AFTER};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

use super::store::{ActionQuery, Dep, ModulePin, PageCut, Store, Zeros};
use super::writes::{
    ActionCreate, ActionEdit, BindingRef, BindingRequest, ModuleCreate, ModuleEdit, SecretWrite,
    WriteError, NO_ACTION, NO_EXECUTION, NO_MODULE, NO_MODULE_VERSION, NO_TRIGGER, NO_VERSION,
};
use super::{Fault, RateStatus, Shared};
use crate::secret::Secret;

type S = State<Arc<Shared>>;
type Params = Query<HashMap<String, String>>;
/// Handlers answer with the success body or an error response.
type Reply = Result<Response, Response>;

const JSON_TYPE: &str = "application/json; charset=utf-8";
/// Used when `per_page` is absent (what the SDKs send; the OAS says 20).
const DEFAULT_PER_PAGE: u32 = 50;

pub fn router(shared: Arc<Shared>) -> Router {
    let api = Router::new()
        .route("/actions/actions", get(list_actions).post(create_action))
        .route(
            "/actions/actions/{id}",
            get(get_action).patch(edit_action).delete(delete_action),
        )
        .route("/actions/actions/{id}/test", post(test_action))
        .route("/actions/actions/{id}/versions", get(list_versions))
        .route("/actions/actions/{id}/deploy", post(deploy_draft))
        .route(
            "/actions/actions/{id}/versions/{version_id}",
            get(get_version),
        )
        .route(
            "/actions/actions/{id}/versions/{version_id}/deploy",
            post(deploy_version),
        )
        .route("/actions/triggers", get(list_triggers))
        .route(
            "/actions/triggers/{trigger_id}/bindings",
            get(list_bindings).patch(update_bindings),
        )
        .route("/actions/executions/{id}", get(get_execution))
        .route("/actions/modules", get(list_modules).post(create_module))
        .route(
            "/actions/modules/{id}",
            get(get_module).patch(edit_module).delete(delete_module),
        )
        .route(
            "/actions/modules/{id}/versions",
            get(list_module_versions).post(publish_module),
        )
        .route("/actions/modules/{id}/rollback", post(rollback_module))
        .route(
            "/actions/modules/{id}/versions/{version_id}",
            get(get_module_version),
        )
        .route("/actions/modules/{id}/actions", get(list_module_actions))
        // A method a path does not have (PATCH or DELETE on an immutable version, …): Auth0 answers
        // 404 in its error shape, as for unknown paths, not 405.
        .method_not_allowed_fallback(|| async { api_error(StatusCode::NOT_FOUND, "Not Found") });
    Router::new()
        .nest("/api/v2", api)
        .route("/oauth/token", post(issue_token))
        // FairCom's JSON Action API: exactly `/api` (the Auth0 API lives under `/api/v2`).
        .route("/api", post(super::faircom::handle))
        .route("/__emulator/faults", post(add_fault))
        .fallback(|| async { api_error(StatusCode::NOT_FOUND, "Not Found") })
        .layer(middleware::from_fn_with_state(shared.clone(), gate))
        .with_state(shared)
}

pub fn json_response(status: StatusCode, body: &Value) -> Response {
    (status, [(CONTENT_TYPE, JSON_TYPE)], body.to_string()).into_response()
}

/// The Management API error shape: `{"statusCode","error","message"}`.
fn api_error(status: StatusCode, message: &str) -> Response {
    let reason = status.canonical_reason().unwrap_or("Error");
    json_response(
        status,
        &json!({"statusCode": status.as_u16(), "error": reason, "message": message}),
    )
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    json_response(
        status,
        &json!({"error": error, "error_description": description}),
    )
}

fn too_many_requests() -> Response {
    json_response(
        StatusCode::TOO_MANY_REQUESTS,
        &json!({
            "statusCode": 429,
            "error": "Too Many Requests",
            "message": "Global limit has been reached",
            "errorCode": "too_many_requests",
        }),
    )
}

// `ok` and `created` are shaped as a handler's last line (`ok(body)`), and take the body each
// handler builds for them: a reference and a bare `Response` would only add noise to 30 handlers.
#[allow(clippy::unnecessary_wraps, clippy::needless_pass_by_value)]
fn ok(body: Value) -> Reply {
    Ok(json_response(StatusCode::OK, &body))
}

/// Every request: auth (counting on arrival only what passes), the configured latency, then rate
/// limit and faults. Nothing of a request without a valid token is kept.
async fn gate(State(shared): S, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let is_api = path == "/api/v2" || path.starts_with("/api/v2/");
    let needs_auth = is_api || path.starts_with("/__emulator/");
    let refused = needs_auth
        .then(|| check_bearer(&shared, req.headers()).err())
        .flatten();
    // Fixed paths (the token endpoint, FairCom's `/api`) are one counter each; any other path
    // counts only once its token was accepted.
    let fixed_path = path == "/oauth/token" || path == "/api";
    if refused.is_none() && (needs_auth || fixed_path) {
        shared.count(req.method().as_str(), &path);
    }
    if let Some(latency) = shared.latency() {
        tokio::time::sleep(latency).await;
    }
    let rate = shared.rate(is_api);
    let mut response = if is_api && !rate.allowed {
        too_many_requests()
    } else if let Some(refused) = refused {
        refused
    } else if let Some(fault) = (!path.starts_with("/__emulator/"))
        .then(|| shared.take_fault(req.method().as_str(), &path))
        .flatten()
    {
        apply_fault(fault, next, req).await
    } else {
        next.run(req).await
    };
    add_rate_headers(response.headers_mut(), &rate);
    response
}

fn check_bearer(shared: &Shared, headers: &HeaderMap) -> Result<(), Response> {
    let unauthorized = |message| api_error(StatusCode::UNAUTHORIZED, message);
    let Some(value) = headers.get(AUTHORIZATION) else {
        return Err(unauthorized("Missing authentication"));
    };
    let token = value.to_str().ok().and_then(|v| v.strip_prefix("Bearer "));
    match token {
        Some(token) if shared.token_accepted(token.trim()) => Ok(()),
        _ => Err(unauthorized("Invalid token")),
    }
}

fn add_rate_headers(headers: &mut HeaderMap, rate: &RateStatus) {
    let mut set = |name: &'static str, value: u64| {
        headers.insert(name, HeaderValue::from(value));
    };
    set("x-ratelimit-limit", u64::from(rate.limit));
    set("x-ratelimit-remaining", u64::from(rate.remaining));
    set("x-ratelimit-reset", rate.reset);
    if let (false, Some(seconds)) = (rate.allowed, rate.retry_after) {
        headers.insert(RETRY_AFTER, HeaderValue::from(seconds));
    }
}

async fn apply_fault(fault: Fault, next: Next, req: Request) -> Response {
    match fault {
        Fault::NonJson => (
            StatusCode::OK,
            [(CONTENT_TYPE, "text/plain")],
            "upstream connect error or disconnect/reset before headers. reset reason: connection termination",
        )
            .into_response(),
        Fault::Html500 => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(CONTENT_TYPE, "text/html")],
            "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n\
             <center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx</center>\r\n\
             </body>\r\n</html>\r\n",
        )
            .into_response(),
        Fault::Status(status, body) => {
            json_response(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), &body)
        }
        Fault::Truncated => {
            let full = to_bytes(next.run(req).await.into_body(), usize::MAX).await.unwrap_or_default();
            let cut = full.slice(..full.len() / 2);
            (StatusCode::OK, [(CONTENT_TYPE, JSON_TYPE)], Body::from(cut)).into_response()
        }
    }
}

#[derive(Deserialize)]
struct FaultRequest {
    path_prefix: String,
    /// Only requests with this method (any when absent).
    #[serde(default)]
    method: Option<String>,
    fault: FaultSpec,
}

/// `"non_json" | "truncated" | "html500"` or `{"status": 503, "body": {...}}`.
#[derive(Deserialize)]
#[serde(untagged)]
enum FaultSpec {
    Named(String),
    Status {
        status: u16,
        #[serde(default)]
        body: Value,
    },
}

/// `POST /__emulator/faults`: arm a fault on the running server.
async fn add_fault(State(shared): S, body: Bytes) -> Reply {
    let bad = |message: String| api_error(StatusCode::BAD_REQUEST, &message);
    let request: FaultRequest =
        serde_json::from_slice(&body).map_err(|e| bad(format!("invalid fault: {e}")))?;
    let fault = match request.fault {
        FaultSpec::Named(name) => match name.as_str() {
            "non_json" => Fault::NonJson,
            "truncated" => Fault::Truncated,
            "html500" => Fault::Html500,
            other => return Err(bad(format!("unknown fault {other:?}"))),
        },
        FaultSpec::Status { status, body } => Fault::Status(status, body),
    };
    shared.add_fault(request.method.as_deref(), &request.path_prefix, fault);
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /oauth/token` (client credentials), form-encoded or JSON.
async fn issue_token(State(shared): S, headers: HeaderMap, body: Bytes) -> Reply {
    let is_json = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let params: HashMap<String, String> = if is_json {
        let map: serde_json::Map<String, Value> = serde_json::from_slice(&body).map_err(|_| {
            oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "Request body is not valid JSON.",
            )
        })?;
        map.into_iter()
            .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_string())))
            .collect()
    } else {
        url::form_urlencoded::parse(&body).into_owned().collect()
    };
    let param = |name: &str| params.get(name).map_or("", String::as_str);

    match param("grant_type") {
        "client_credentials" => {}
        "" => {
            return Err(oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "Missing required parameter: grant_type",
            ))
        }
        other => {
            return Err(oauth_error(
                StatusCode::FORBIDDEN,
                "unauthorized_client",
                &format!("Grant type '{other}' not allowed for the client."),
            ))
        }
    }
    if param("client_id").is_empty() {
        return Err(oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication is required",
        ));
    }
    if !shared.client_matches(param("client_id"), param("client_secret")) {
        return Err(oauth_error(
            StatusCode::UNAUTHORIZED,
            "access_denied",
            "Unauthorized",
        ));
    }
    let host = headers
        .get(HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("127.0.0.1");
    let expected_audience = format!("http://{host}/api/v2/");
    match param("audience") {
        "" => {
            return Err(oauth_error(
                StatusCode::FORBIDDEN,
                "access_denied",
                "No audience parameter was provided, and no default audience has been configured",
            ))
        }
        audience if audience != expected_audience => {
            return Err(oauth_error(
                StatusCode::FORBIDDEN,
                "access_denied",
                &format!("Service not enabled within domain: {audience}"),
            ))
        }
        _ => {}
    }
    let (token, ttl) = shared.issue_token();
    ok(json!({
        "access_token": token,
        "scope": "read:actions create:actions update:actions delete:actions",
        "expires_in": ttl.as_secs(),
        "token_type": "Bearer",
    }))
}

fn invalid_query(property: &str, expected: &str) -> Response {
    json_response(
        StatusCode::BAD_REQUEST,
        &json!({
            "statusCode": 400,
            "error": "Bad Request",
            "message": format!("Query validation error: 'Expected type {expected} but found type string' on property {property}."),
            "errorCode": "invalid_query_string",
        }),
    )
}

fn int_param(q: &HashMap<String, String>, name: &str) -> Result<Option<u32>, Response> {
    q.get(name)
        .map(|v| v.parse::<u32>().map_err(|_| invalid_query(name, "integer")))
        .transpose()
}

fn bool_param(q: &HashMap<String, String>, name: &str) -> Result<Option<bool>, Response> {
    q.get(name)
        .map(|v| {
            v.parse::<bool>()
                .map_err(|_| invalid_query(name, "boolean"))
        })
        .transpose()
}

fn page_cut(shared: &Shared, q: &HashMap<String, String>) -> Result<PageCut, Response> {
    Ok(PageCut::new(
        int_param(q, "page")?,
        int_param(q, "per_page")?,
        DEFAULT_PER_PAGE,
        shared.max_per_page(),
    ))
}

fn not_found(message: &str) -> Response {
    api_error(StatusCode::NOT_FOUND, message)
}

async fn list_actions(State(shared): S, Query(q): Params) -> Reply {
    let filter = ActionQuery {
        trigger_id: q.get("triggerId").cloned(),
        action_name: q.get("actionName").cloned(),
        deployed: bool_param(&q, "deployed")?,
        installed: bool_param(&q, "installed")?,
    };
    let cut = page_cut(&shared, &q)?;
    let now = shared.now();
    let store = shared.store();
    let all = store
        .find_actions(&filter)
        .into_iter()
        .map(|a| store.action_json(a, now))
        .collect();
    ok(cut.wrap("actions", all, Zeros::Omit))
}

async fn get_action(State(shared): S, Path(id): Path<String>) -> Reply {
    let now = shared.now();
    let store = shared.store();
    let action = store.action(&id).ok_or_else(|| not_found(NO_ACTION))?;
    ok(store.action_json(action, now))
}

async fn list_versions(State(shared): S, Path(id): Path<String>, Query(q): Params) -> Reply {
    let cut = page_cut(&shared, &q)?;
    let now = shared.now();
    let store = shared.store();
    let action = store.action(&id).ok_or_else(|| not_found(NO_ACTION))?;
    let newest_first = action
        .versions
        .iter()
        .rev()
        .map(|v| store.version_json(action, v, now))
        .collect();
    ok(cut.wrap("versions", newest_first, Zeros::Omit))
}

async fn get_version(State(shared): S, Path((id, version_id)): Path<(String, String)>) -> Reply {
    let now = shared.now();
    let store = shared.store();
    let action = store.action(&id).ok_or_else(|| not_found(NO_ACTION))?;
    let version = action
        .version(&version_id)
        .ok_or_else(|| not_found(NO_VERSION))?;
    ok(store.version_json(action, version, now))
}

async fn list_triggers(State(shared): S) -> Reply {
    let store = shared.store();
    let triggers: Vec<Value> = store.triggers.iter().map(Store::trigger_json).collect();
    ok(json!({ "triggers": triggers }))
}

async fn list_bindings(
    State(shared): S,
    Path(trigger_id): Path<String>,
    Query(q): Params,
) -> Reply {
    let cut = page_cut(&shared, &q)?;
    let now = shared.now();
    let store = shared.store();
    if !store.trigger_known(&trigger_id) {
        return Err(not_found(NO_TRIGGER));
    }
    // Entity-bound triggers: Auth0 manages the bindings and lists none (2026 behaviour).
    if store.trigger_entity_bound(&trigger_id) {
        return ok(json!({ "bindings": [] }));
    }
    let all = store
        .bindings
        .get(&trigger_id)
        .map(|list| {
            list.iter()
                .map(|b| store.binding_json(&trigger_id, b, now))
                .collect()
        })
        .unwrap_or_default();
    ok(cut.wrap("bindings", all, Zeros::Omit))
}

async fn get_execution(State(shared): S, Path(id): Path<String>) -> Reply {
    let store = shared.store();
    let execution = store
        .executions
        .iter()
        .find(|e| e.id == id)
        .ok_or_else(|| not_found(NO_EXECUTION))?;
    ok(Store::execution_json(execution))
}

async fn list_modules(State(shared): S, Query(q): Params) -> Reply {
    let cut = page_cut(&shared, &q)?;
    let store = shared.store();
    let all = store.modules.iter().map(|m| store.module_json(m)).collect();
    ok(cut.wrap("modules", all, Zeros::Explicit))
}

async fn get_module(State(shared): S, Path(id): Path<String>) -> Reply {
    let store = shared.store();
    let module = store.module(&id).ok_or_else(|| not_found(NO_MODULE))?;
    ok(store.module_json(module))
}

async fn list_module_versions(State(shared): S, Path(id): Path<String>, Query(q): Params) -> Reply {
    let cut = page_cut(&shared, &q)?;
    let store = shared.store();
    let module = store.module(&id).ok_or_else(|| not_found(NO_MODULE))?;
    let newest_first = module
        .versions
        .iter()
        .rev()
        .map(|v| store.module_version_json(module, v))
        .collect();
    ok(cut.wrap("versions", newest_first, Zeros::Explicit))
}

async fn get_module_version(
    State(shared): S,
    Path((id, version_id)): Path<(String, String)>,
) -> Reply {
    let store = shared.store();
    let module = store.module(&id).ok_or_else(|| not_found(NO_MODULE))?;
    let version = module
        .version(&version_id)
        .ok_or_else(|| not_found(NO_MODULE_VERSION))?;
    ok(store.module_version_json(module, version))
}

async fn list_module_actions(State(shared): S, Path(id): Path<String>, Query(q): Params) -> Reply {
    let cut = page_cut(&shared, &q)?;
    let store = shared.store();
    let module = store.module(&id).ok_or_else(|| not_found(NO_MODULE))?;
    ok(cut.wrap("actions", store.module_actions_json(module), Zeros::Omit))
}

impl From<WriteError> for Response {
    fn from(e: WriteError) -> Self {
        match e {
            WriteError::NotFound(message) => not_found(message),
            WriteError::BadRequest(message) => api_error(StatusCode::BAD_REQUEST, &message),
            WriteError::InvalidBody(detail) => invalid_body(&detail),
            WriteError::Conflict(message) => api_error(StatusCode::CONFLICT, &message),
            WriteError::PreconditionFailed(message) => {
                api_error(StatusCode::PRECONDITION_FAILED, &message)
            }
        }
    }
}

fn invalid_body(detail: &str) -> Response {
    json_response(
        StatusCode::BAD_REQUEST,
        &json!({
            "statusCode": 400,
            "error": "Bad Request",
            "message": format!("Payload validation error: {detail}"),
            "errorCode": "invalid_body",
        }),
    )
}

/// Parses an optional JSON body: empty and `null` (what SDKs send for "no body") give the default.
fn optional_body<T: serde::de::DeserializeOwned + Default>(body: &Bytes) -> Result<T, Response> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice::<Option<T>>(body)
        .map(Option::unwrap_or_default)
        .map_err(|e| invalid_body(&e.to_string()))
}

/// The version just deployed, as the deploy endpoints answer: `deployed` is still false in the
/// response (deploys finish asynchronously at Auth0); a later GET shows it live.
fn deployed_version_reply(
    store: &Store,
    action_id: &str,
    number: u32,
    now: chrono::DateTime<chrono::Utc>,
) -> Reply {
    let action = store
        .action(action_id)
        .ok_or_else(|| not_found(NO_ACTION))?;
    let version = action
        .versions
        .iter()
        .find(|v| v.number == number)
        .ok_or_else(|| not_found(NO_VERSION))?;
    let mut body = store.version_json(action, version, now);
    body["deployed"] = json!(false);
    ok(body)
}

async fn deploy_draft(State(shared): S, Path(id): Path<String>) -> Reply {
    let now = shared.now();
    let mut store = shared.store();
    let number = store.deploy_draft(&id, now)?;
    deployed_version_reply(&store, &id, number, now)
}

#[derive(Deserialize, Default)]
struct DeployVersionBody {
    #[serde(default)]
    update_draft: bool,
}

async fn deploy_version(
    State(shared): S,
    Path((id, version_id)): Path<(String, String)>,
    body: Bytes,
) -> Reply {
    let request: DeployVersionBody = optional_body(&body)?;
    let now = shared.now();
    let mut store = shared.store();
    let number = store.deploy_version(&id, &version_id, request.update_draft, now)?;
    deployed_version_reply(&store, &id, number, now)
}

#[derive(Deserialize)]
struct BindingsBody {
    bindings: Vec<BindingEntry>,
}

#[derive(Deserialize)]
struct BindingEntry {
    #[serde(rename = "ref")]
    reference: RefEntry,
    display_name: Option<String>,
}

#[derive(Deserialize)]
struct RefEntry {
    /// OAS default: `action_name`.
    #[serde(rename = "type", default = "default_ref_type")]
    kind: String,
    value: String,
}

fn default_ref_type() -> String {
    "action_name".to_string()
}

async fn update_bindings(State(shared): S, Path(trigger_id): Path<String>, body: Bytes) -> Reply {
    let parsed: BindingsBody =
        serde_json::from_slice(&body).map_err(|e| invalid_body(&e.to_string()))?;
    let requests = parsed
        .bindings
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let value = entry.reference.value;
            let reference = match entry.reference.kind.as_str() {
                "action_id" => BindingRef::ActionId(value),
                "action_name" => BindingRef::ActionName(value),
                "binding_id" => BindingRef::BindingId(value),
                other => {
                    return Err(invalid_body(&format!(
                        "unknown ref type '{other}' on property bindings[{i}].ref.type."
                    )))
                }
            };
            Ok(BindingRequest {
                reference,
                display_name: entry.display_name,
            })
        })
        .collect::<Result<Vec<_>, Response>>()?;
    let now = shared.now();
    let mut store = shared.store();
    store.replace_bindings(&trigger_id, &requests, now)?;
    let bindings: Vec<Value> = store.bindings[&trigger_id]
        .iter()
        .map(|b| store.binding_json(&trigger_id, b, now))
        .collect();
    // PATCH answers with the bare list: no paging fields at all (REC).
    ok(json!({ "bindings": bindings }))
}

async fn publish_module(State(shared): S, Path(id): Path<String>) -> Reply {
    let now = shared.now();
    let mut store = shared.store();
    let version_id = store.publish_module(&id, now)?;
    let module = store.module(&id).ok_or_else(|| not_found(NO_MODULE))?;
    let version = module
        .version(&version_id)
        .ok_or_else(|| not_found(NO_MODULE_VERSION))?;
    ok(store.module_version_json(module, version))
}

#[derive(Deserialize)]
struct ModuleRollbackBody {
    module_version_id: String,
}

async fn rollback_module(State(shared): S, Path(id): Path<String>, body: Bytes) -> Reply {
    let request: ModuleRollbackBody =
        serde_json::from_slice(&body).map_err(|e| invalid_body(&e.to_string()))?;
    let now = shared.now();
    let mut store = shared.store();
    store.rollback_module(&id, &request.module_version_id, now)?;
    let module = store.module(&id).ok_or_else(|| not_found(NO_MODULE))?;
    ok(store.module_json(module))
}

/// ActionVersionDependency (`registry_url` is accepted and not kept).
#[derive(Deserialize)]
struct DepEntry {
    name: String,
    version: String,
}

/// ActionModuleDependencyRequest (`additionalProperties: false`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModuleDepEntry {
    name: String,
    version: String,
}

/// ActionSecretRequest: other fields (go-auth0 sends `updated_at`) are ignored. The value is a
/// `Secret` (masked in `Debug`) and is dropped once its length is known.
#[derive(Deserialize)]
struct SecretEntry {
    name: String,
    #[serde(default)]
    value: Option<Secret>,
}

/// ActionModuleSecretRequest (`additionalProperties: false`, `required: [name, value]`): unlike an
/// action's, a module's secret cannot be listed by name alone (see `module_secret_values`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModuleSecretEntry {
    name: String,
    #[serde(default)]
    value: Option<Secret>,
}

impl From<DepEntry> for Dep {
    fn from(d: DepEntry) -> Self {
        Dep {
            name: d.name,
            version: d.version,
        }
    }
}

impl From<ModuleDepEntry> for Dep {
    fn from(d: ModuleDepEntry) -> Self {
        Dep {
            name: d.name,
            version: d.version,
        }
    }
}

impl From<SecretEntry> for SecretWrite {
    fn from(s: SecretEntry) -> Self {
        SecretWrite::new(&s.name, s.value.as_ref().map(Secret::expose))
    }
}

impl From<ModuleSecretEntry> for SecretWrite {
    fn from(s: ModuleSecretEntry) -> Self {
        SecretWrite::new(&s.name, s.value.as_ref().map(Secret::expose))
    }
}

/// The schema's `required: [name, value]` for module secrets, in Auth0's validation wording.
fn module_secret_values(secrets: &[ModuleSecretEntry]) -> Result<(), Response> {
    match secrets.iter().position(|s| s.value.is_none()) {
        Some(i) => Err(invalid_body(&format!(
            "'Missing required property: value' on property secrets[{i}]."
        ))),
        None => Ok(()),
    }
}

/// Body entries (dependencies, secrets) into what the write rules take.
fn all<T: Into<U>, U>(entries: Vec<T>) -> Vec<U> {
    entries.into_iter().map(Into::into).collect()
}

/// The fields of UpdateAction the emulator applies; the others (`name`, `supported_triggers`,
/// `modules`) are refused as unknown rather than silently ignored.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionPatchBody {
    code: Option<String>,
    dependencies: Option<Vec<DepEntry>>,
    runtime: Option<String>,
    secrets: Option<Vec<SecretEntry>>,
}

/// `PATCH /actions/actions/{id}`: a new draft, whose build starts now.
async fn edit_action(State(shared): S, Path(id): Path<String>, body: Bytes) -> Reply {
    let patch: ActionPatchBody =
        serde_json::from_slice(&body).map_err(|e| invalid_body(&e.to_string()))?;
    let edit = ActionEdit {
        code: patch.code,
        dependencies: patch.dependencies.map(all),
        runtime: patch.runtime,
        secrets: patch.secrets.map(all),
    };
    let now = shared.now();
    let mut store = shared.store();
    store.edit_action(&id, edit, now)?;
    let action = store.action(&id).ok_or_else(|| not_found(NO_ACTION))?;
    ok(store.action_json(action, now))
}

/// ActionTrigger in a request: only `id` is required; `version` defaults to the CURRENT one.
#[derive(Deserialize)]
struct TriggerEntry {
    id: String,
    #[serde(default)]
    version: Option<String>,
}

/// ActionModuleReference: `module_name` and `module_version_number` are filled in by the server.
#[derive(Deserialize)]
struct ModuleRefEntry {
    module_id: String,
    module_version_id: String,
}

/// CreateActionRequestContent (`additionalProperties: false`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionCreateBody {
    name: String,
    supported_triggers: Vec<TriggerEntry>,
    #[serde(default)]
    code: String,
    #[serde(default)]
    dependencies: Vec<DepEntry>,
    #[serde(default)]
    runtime: Option<String>,
    #[serde(default)]
    secrets: Vec<SecretEntry>,
    #[serde(default)]
    modules: Vec<ModuleRefEntry>,
    #[serde(default)]
    deploy: bool,
}

#[allow(clippy::unnecessary_wraps, clippy::needless_pass_by_value)] // as `ok`
fn created(body: Value) -> Reply {
    Ok(json_response(StatusCode::CREATED, &body))
}

/// `POST /actions/actions`: 201 with the new action, its draft `pending`.
async fn create_action(State(shared): S, body: Bytes) -> Reply {
    let request: ActionCreateBody =
        serde_json::from_slice(&body).map_err(|e| invalid_body(&e.to_string()))?;
    let deploy = request.deploy;
    let new = ActionCreate {
        name: request.name,
        triggers: request
            .supported_triggers
            .into_iter()
            .map(|t| (t.id, t.version))
            .collect(),
        runtime: request.runtime,
        code: request.code,
        dependencies: all(request.dependencies),
        secrets: all(request.secrets),
        modules: request
            .modules
            .into_iter()
            .map(|m| ModulePin {
                module_id: m.module_id,
                module_version_id: m.module_version_id,
            })
            .collect(),
        deploy,
    };
    let now = shared.now();
    let mut store = shared.store();
    let id = store.create_action(new, now)?;
    let action = store.action(&id).ok_or_else(|| not_found(NO_ACTION))?;
    let mut body = store.action_json(action, now);
    if deploy {
        // REC CreateWithDeploy: the 201 already says so while its version is `pending`; later
        // GETs follow the build and the deploy like any other.
        body["all_changes_deployed"] = json!(true);
    }
    created(body)
}

/// `DELETE /actions/actions/{id}[?force=true]`: 204, no body.
async fn delete_action(State(shared): S, Path(id): Path<String>, Query(q): Params) -> Reply {
    let force = bool_param(&q, "force")?.unwrap_or(false);
    shared.store().delete_action(&id, force)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// TestActionRequestContent: `payload` required, an object (checked, never used: nothing runs).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct TestBody {
    payload: serde_json::Map<String, Value>,
}

/// `POST /actions/actions/{id}/test`: 200 `{"payload": …}`, user-code errors included.
async fn test_action(State(shared): S, Path(id): Path<String>, body: Bytes) -> Reply {
    let _: TestBody = serde_json::from_slice(&body).map_err(|e| invalid_body(&e.to_string()))?;
    let payload = shared.store().test_action(&id)?;
    ok(json!({ "payload": payload }))
}

/// UpdateActionModuleRequestContent (`additionalProperties: false`: the name cannot change).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModulePatchBody {
    code: Option<String>,
    dependencies: Option<Vec<ModuleDepEntry>>,
    secrets: Option<Vec<ModuleSecretEntry>>,
}

/// `PATCH /actions/modules/{id}`: the draft changes; nothing is published.
async fn edit_module(State(shared): S, Path(id): Path<String>, body: Bytes) -> Reply {
    let patch: ModulePatchBody =
        serde_json::from_slice(&body).map_err(|e| invalid_body(&e.to_string()))?;
    module_secret_values(patch.secrets.as_deref().unwrap_or_default())?;
    let edit = ModuleEdit {
        code: patch.code,
        dependencies: patch.dependencies.map(all),
        secrets: patch.secrets.map(all),
    };
    let now = shared.now();
    let mut store = shared.store();
    store.edit_module(&id, edit, now)?;
    let module = store.module(&id).ok_or_else(|| not_found(NO_MODULE))?;
    ok(store.module_json(module))
}

/// CreateActionModuleRequestContent (`additionalProperties: false`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModuleCreateBody {
    name: String,
    code: String,
    #[serde(default)]
    secrets: Vec<ModuleSecretEntry>,
    #[serde(default)]
    dependencies: Vec<ModuleDepEntry>,
    #[serde(default)]
    api_version: Option<String>,
    #[serde(default)]
    publish: bool,
}

/// `POST /actions/modules`: 201 with the new module (and version 1 with `publish`).
async fn create_module(State(shared): S, body: Bytes) -> Reply {
    let request: ModuleCreateBody =
        serde_json::from_slice(&body).map_err(|e| invalid_body(&e.to_string()))?;
    module_secret_values(&request.secrets)?;
    let new = ModuleCreate {
        name: request.name,
        code: request.code,
        dependencies: all(request.dependencies),
        secrets: all(request.secrets),
        api_version: request.api_version,
        publish: request.publish,
    };
    let now = shared.now();
    let mut store = shared.store();
    let id = store.create_module(new, now)?;
    let module = store.module(&id).ok_or_else(|| not_found(NO_MODULE))?;
    created(store.module_json(module))
}

/// `DELETE /actions/modules/{id}`: 204, or 412 while actions use it.
async fn delete_module(State(shared): S, Path(id): Path<String>) -> Reply {
    shared.store().delete_module(&id)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
