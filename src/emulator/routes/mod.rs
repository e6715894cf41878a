//! HTTP: the router, the gate every request passes (counters, latency, auth, rate limit, faults,
//! headers), the token endpoint, the fault hook and the answers every handler shares. The Actions
//! API's handlers are in `reads` and `writes`; the rules themselves are in `emulator::writes`.

// Error responses travel as `Err(Response)` so handlers can use `?`; boxing them buys nothing here.
#![allow(clippy::result_large_err)]

mod logs;
mod reads;
mod writes;

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Query, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, HOST, RETRY_AFTER};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

use super::logs::{sapi_event, Caller, Write};
use super::store::PageCut;
use super::{Fault, RateStatus, Shared};
use reads::{
    get_action, get_execution, get_module, get_module_version, get_version, list_actions,
    list_bindings, list_module_actions, list_module_versions, list_modules, list_triggers,
    list_versions,
};
use writes::{
    create_action, create_module, delete_action, delete_module, deploy_draft, deploy_version,
    edit_action, edit_module, publish_module, rollback_module, test_action, update_bindings,
};

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
        .route("/logs", get(logs::list_logs))
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
    let checked = needs_auth.then(|| check_bearer(&shared, req.headers()));
    let caller = checked.as_ref().and_then(|c| c.as_ref().ok()).cloned();
    let refused = checked.and_then(Result::err);
    if is_api {
        // Logins due by the clock happen before this request: the log stays in time order.
        let now = shared.now();
        shared.store().simulate_logins(now);
    }
    // Fixed paths (the token endpoint, FairCom's `/api`) are one counter each; any other path
    // counts only once its token was accepted.
    let fixed_path = path == "/oauth/token" || path == "/api";
    if refused.is_none() && (needs_auth || fixed_path) {
        shared.count(req.method().as_str(), &path);
    }
    if let Some(latency) = shared.latency() {
        tokio::time::sleep(latency).await;
    }
    let is_logs = path == "/api/v2/logs";
    // The logs endpoints have their own, lower limit; the rest of the API does not pay for them.
    let rate = if is_logs {
        shared.logs_rate()
    } else {
        shared.rate(is_api)
    };
    let mut response = if is_api && !rate.allowed {
        too_many_requests()
    } else if let Some(refused) = refused {
        refused
    } else if let Some(fault) = (!path.starts_with("/__emulator/"))
        .then(|| shared.take_fault(req.method().as_str(), &path))
        .flatten()
    {
        apply_fault(fault, next, req).await
    } else if let (true, Some(caller)) = (is_api && is_write(req.method()), &caller) {
        logged_write(&shared, caller, next, req).await
    } else {
        next.run(req).await
    };
    add_rate_headers(response.headers_mut(), &rate);
    response
}

fn is_write(method: &axum::http::Method) -> bool {
    use axum::http::Method;
    [Method::POST, Method::PATCH, Method::PUT, Method::DELETE].contains(method)
}

/// Requests and answers read whole for the log at most this long: axum's own body limit, which
/// refuses a longer write anyway.
const LOGGED_BODY_BYTES: usize = 2 << 20;

/// Runs a write and, when the service accepts it (2xx), logs it as a `sapi` event with the
/// caller's identity and the bodies, secret values masked.
async fn logged_write(shared: &Shared, caller: &Caller, next: Next, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, LOGGED_BODY_BYTES).await else {
        return api_error(StatusCode::PAYLOAD_TOO_LARGE, "Payload Too Large");
    };
    let sent: Option<Value> = serde_json::from_slice(&bytes).ok();
    let method = parts.method.to_string();
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().map(str::to_string);
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if !response.status().is_success() {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(answer) = to_bytes(body, LOGGED_BODY_BYTES).await else {
        return api_error(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error");
    };
    let event = sapi_event(Write {
        caller,
        method: &method,
        path: &path,
        query: query.as_deref(),
        body: sent,
        status: parts.status.as_u16(),
        response: serde_json::from_slice(&answer).ok(),
    });
    let now = shared.now();
    shared.store().logs.write(now, event);
    Response::from_parts(parts, Body::from(answer))
}

fn check_bearer(shared: &Shared, headers: &HeaderMap) -> Result<Caller, Response> {
    let unauthorized = |message| api_error(StatusCode::UNAUTHORIZED, message);
    let Some(value) = headers.get(AUTHORIZATION) else {
        return Err(unauthorized("Missing authentication"));
    };
    let token = value.to_str().ok().and_then(|v| v.strip_prefix("Bearer "));
    token
        .and_then(|token| shared.caller(token.trim()))
        .ok_or_else(|| unauthorized("Invalid token"))
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
