//! The Auth0 client against small axum servers on 127.0.0.1 (real HTTP): paging, error bodies,
//! rate limits and retries, the token exchange and its cache, the in-flight bound, base URLs, and
//! that secrets stay out of Debug output and errors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use codedeck::backend::auth0::{parse_base_url, Auth0Client, Auth0Config, Credentials, MAX_PAGES};
use codedeck::backend::{Backend, BackendError};
use codedeck::model::ActionFilter;
use codedeck::secret::Secret;
use reqwest::Method;
use serde_json::{json, Value};

fn config(base: &str, credentials: Credentials) -> Auth0Config {
    let mut config = Auth0Config::new(parse_base_url(base).expect("loopback base"), credentials);
    config.retry = support::fast_retry();
    config
}

fn token() -> Credentials {
    Credentials::Token(Secret::new("test-token"))
}

async fn client_for(router: Router) -> Auth0Client {
    let base = support::serve(router).await;
    Auth0Client::new(config(&base, token())).expect("client")
}

fn action(id: &str) -> Value {
    json!({"id": id, "name": format!("Action {id}"), "code": "exports.x = 1;", "status": "built",
           "supported_triggers": [{"id": "post-login", "version": "v3"}]})
}

type Log<T> = Arc<Mutex<Vec<T>>>;

// ---------------------------------------------------------------- pagination

#[tokio::test]
async fn pages_by_total_when_the_server_returns_short_pages_and_omits_zero_fields() {
    // Seven actions; the server caps pages at 3 whatever we ask, and omits `page` when it is 0.
    let requests: Log<HashMap<String, String>> = Log::default();
    let router = Router::new()
        .route(
            "/api/v2/actions/actions",
            get(
                |State(log): State<Log<HashMap<String, String>>>,
                 Query(q): Query<HashMap<String, String>>| async move {
                    log.lock().unwrap().push(q.clone());
                    let page: usize = q["page"].parse().unwrap();
                    let ids: Vec<Value> = (page * 3..(page * 3 + 3).min(7))
                        .map(|i| action(&format!("a{i}")))
                        .collect();
                    let mut body = json!({"actions": ids, "total": 7, "per_page": 3});
                    if page > 0 {
                        body["page"] = json!(page);
                    }
                    Json(body)
                },
            ),
        )
        .with_state(requests.clone());
    let client = client_for(router).await;
    let filter = ActionFilter {
        trigger_id: Some("post-login".into()),
        action_name: Some("My Action & co".into()),
        deployed: Some(true),
    };
    let actions = client.list_actions(&filter).await.unwrap();

    let ids: Vec<&str> = actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a0", "a1", "a2", "a3", "a4", "a5", "a6"]);
    assert!(actions.iter().all(|a| a.code_loaded));
    let requests = requests.lock().unwrap();
    let pages: Vec<&str> = requests.iter().map(|q| q["page"].as_str()).collect();
    assert_eq!(
        pages,
        ["0", "1", "2"],
        "stops once `total` items are in, no extra empty page"
    );
    for q in requests.iter() {
        assert_eq!(q["per_page"], "100");
        assert_eq!(q["triggerId"], "post-login");
        assert_eq!(q["actionName"], "My Action & co");
        assert_eq!(q["deployed"], "true");
    }
}

#[tokio::test]
async fn pages_until_an_empty_page_when_there_is_no_total() {
    let pages_asked: Log<String> = Log::default();
    let router = Router::new()
        .route(
            "/api/v2/actions/triggers/{trigger}/bindings",
            get(|State(log): State<Log<String>>, Path(trigger): Path<String>, Query(q): Query<HashMap<String, String>>| async move {
                log.lock().unwrap().push(q["page"].clone());
                let page: usize = q["page"].parse().unwrap();
                let bindings: Vec<Value> = (page * 2..(page * 2 + 2).min(5))
                    .map(|i| json!({"id": format!("b{i}"), "trigger_id": trigger, "display_name": format!("Step {i}"),
                                    "action": {"id": format!("a{i}"), "name": "A"}}))
                    .collect();
                Json(json!({ "bindings": bindings }))
            }),
        )
        .with_state(pages_asked.clone());
    let client = client_for(router).await;
    let bindings = client.list_bindings("post-login").await.unwrap();

    let names: Vec<&str> = bindings.iter().map(|b| b.display_name.as_str()).collect();
    assert_eq!(
        names,
        ["Step 0", "Step 1", "Step 2", "Step 3", "Step 4"],
        "execution order kept"
    );
    assert!(bindings
        .iter()
        .all(|b| b.trigger_id == "post-login" && !b.action.code_loaded));
    assert_eq!(*pages_asked.lock().unwrap(), ["0", "1", "2", "3"]);
}

#[tokio::test]
async fn a_server_that_never_stops_paging_is_not_followed_forever() {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let router = Router::new().route(
        "/api/v2/actions/modules",
        get(move || async move {
            counter.fetch_add(1, Ordering::SeqCst);
            Json(json!({"modules": [{"id": "m", "name": "again"}]}))
        }),
    );
    let error = client_for(router).await.list_modules().await.unwrap_err();
    assert!(
        matches!(&error, BackendError::Decode { endpoint, detail } if endpoint == "/api/v2/actions/modules" && detail.contains("pages")),
        "{error:?}"
    );
    assert_eq!(hits.load(Ordering::SeqCst), MAX_PAGES as usize);
}

// ---------------------------------------------------------------- error bodies

async fn error_route(Path(id): Path<String>) -> Response {
    let (status, content_type, body) = match id.as_str() {
        "missing" => (404, "application/json", r#"{"statusCode":404,"error":"Not Found","message":"That action does not exist."}"#.to_string()),
        "scoped" => (403, "application/json", r#"{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: read:actions","errorCode":"insufficient_scope"}"#.to_string()),
        "oauth" => (403, "application/json", r#"{"error":"access_denied","error_description":"Client is not authorized"}"#.to_string()),
        "html" => (500, "text/html", format!("<!DOCTYPE html><html><head><style>p{{}}</style></head><body><h1>Upstream exploded</h1><p>{}</p></body></html>", "detail ".repeat(100))),
        "truncated" => (200, "application/json", r#"{"id":"a1","name":"trunc"#.to_string()),
        "truncated-error" => (400, "application/json", r#"{"statusCode":400,"error":"Bad Req"#.to_string()),
        _ => (200, "application/json", action(&id).to_string()),
    };
    (
        StatusCode::from_u16(status).unwrap(),
        [("content-type", content_type)],
        body,
    )
        .into_response()
}

#[tokio::test]
async fn error_bodies_of_every_shape_become_clear_errors() {
    let client =
        client_for(Router::new().route("/api/v2/actions/actions/{id}", get(error_route))).await;

    let missing = client.get_action("missing").await.unwrap_err();
    assert_eq!(
        missing,
        BackendError::Api {
            status: 404,
            error: "Not Found".into(),
            message: "That action does not exist.".into(),
            error_code: None
        }
    );
    assert!(missing.is_not_found());

    let scoped = client.get_action("scoped").await.unwrap_err();
    assert!(
        matches!(&scoped, BackendError::Api { status: 403, error_code: Some(code), .. } if code == "insufficient_scope"),
        "{scoped:?}"
    );

    let oauth = client.get_action("oauth").await.unwrap_err();
    assert_eq!(oauth.to_string(), "403 Forbidden: Client is not authorized");
    assert!(
        matches!(&oauth, BackendError::Api { error_code: Some(code), .. } if code == "access_denied")
    );

    let html = client.get_action("html").await.unwrap_err();
    let BackendError::Api {
        status: 500,
        error,
        message,
        ..
    } = &html
    else {
        panic!("{html:?}")
    };
    assert_eq!(error, "Internal Server Error");
    assert!(message.starts_with("Upstream exploded detail"), "{message}");
    assert!(
        !message.contains('<') && message.chars().count() <= 121,
        "{message}"
    );

    let truncated = client.get_action("truncated").await.unwrap_err();
    let BackendError::Decode { endpoint, detail } = &truncated else {
        panic!("{truncated:?}")
    };
    assert_eq!(endpoint, "/api/v2/actions/actions/truncated");
    assert!(detail.contains("EOF"), "serde's message: {detail}");

    let truncated_error = client.get_action("truncated-error").await.unwrap_err();
    let BackendError::Api {
        status: 400,
        error,
        message,
        ..
    } = &truncated_error
    else {
        panic!("{truncated_error:?}")
    };
    assert_eq!(error, "Bad Request");
    assert!(message.contains("Bad Req"), "{message}");

    // Ids with characters that mean something in a path stay one segment.
    let odd = client.get_action("a/b c").await.unwrap();
    assert_eq!(odd.id, "a/b c");
}

#[tokio::test]
async fn connection_failures_are_network_errors_that_say_nothing_was_sent() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // The listener is dropped: nothing accepts on that port now.
    let client = Auth0Client::new(config(&format!("http://127.0.0.1:{port}"), token())).unwrap();
    let error = client.list_triggers().await.unwrap_err();
    assert!(
        matches!(&error, BackendError::Unreachable(m) if m.starts_with("could not connect")),
        "{error:?}"
    );
    assert!(!error.outcome_unknown(), "nothing reached the service");
    assert!(!error.to_string().contains("test-token"));
}

#[tokio::test]
async fn a_stalled_server_costs_one_stated_timeout_and_is_not_asked_again() {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let router = Router::new().route(
        "/api/v2/actions/triggers",
        get(move || async move {
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_mins(10)).await;
            Json(json!({"triggers": []}))
        }),
    );
    let base = support::serve(router).await;
    let mut config = config(&base, token());
    config.timeout = Duration::from_millis(300);
    let error = Auth0Client::new(config)
        .unwrap()
        .list_triggers()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, BackendError::TimedOut { after, .. } if *after == Duration::from_millis(300)),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "network error: no answer from GET /api/v2/actions/triggers within 300 ms; codedeck \
         stopped waiting (not asked again)"
    );
    assert!(error.outcome_unknown());
    assert_eq!(
        hits.load(Ordering::SeqCst),
        1,
        "a timed-out read is not retried"
    );
}

// ---------------------------------------------------------------- rate limits and retries

/// A triggers endpoint (any method) that answers `failures` times with `status` + `headers`, then 200.
async fn flaky_server(
    status: u16,
    failures: usize,
    headers: Vec<(&'static str, String)>,
) -> (Auth0Client, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let handler = move || {
        let hits = counter.clone();
        let headers = headers.clone();
        async move {
            if hits.fetch_add(1, Ordering::SeqCst) < failures {
                let mut map = HeaderMap::new();
                for (name, value) in headers {
                    map.insert(name, value.parse().unwrap());
                }
                let body = json!({"statusCode": status, "error": "Too Many Requests", "message": "Global limit has been reached", "errorCode": "too_many_requests"});
                return (StatusCode::from_u16(status).unwrap(), map, Json(body)).into_response();
            }
            Json(json!({"triggers": [{"id": "post-login", "version": "v3", "status": "CURRENT"}]}))
                .into_response()
        }
    };
    let client = client_for(Router::new().route("/api/v2/actions/triggers", any(handler))).await;
    (client, hits)
}

fn epoch_seconds_from_now(seconds: u64) -> String {
    (SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + seconds)
        .to_string()
}

#[tokio::test]
async fn rate_limited_reads_are_retried_whatever_the_server_says_about_waiting() {
    let cases = [
        ("Retry-After", vec![("retry-after", "1".to_string())]),
        (
            "x-ratelimit-reset",
            vec![("x-ratelimit-reset", epoch_seconds_from_now(2))],
        ),
        ("no hint (backoff)", vec![]),
    ];
    for (case, headers) in cases {
        let (client, hits) = flaky_server(429, 2, headers).await;
        let triggers = client
            .list_triggers()
            .await
            .unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_eq!(triggers.len(), 1, "{case}");
        assert_eq!(
            hits.load(Ordering::SeqCst),
            3,
            "{case}: two 429s, then success"
        );
    }
}

#[tokio::test]
async fn persistent_rate_limiting_gives_up_with_rate_limited() {
    let (client, hits) =
        flaky_server(429, usize::MAX, vec![("retry-after", "7".to_string())]).await;
    let error = client.list_triggers().await.unwrap_err();
    assert_eq!(hits.load(Ordering::SeqCst), 1 + 3, "first try + 3 retries");
    assert_eq!(
        error,
        BackendError::RateLimited {
            message: "Global limit has been reached".into(),
            retry_after: Some(Duration::from_secs(7))
        }
    );
}

#[tokio::test]
async fn non_idempotent_requests_are_never_retried() {
    let (client, hits) =
        flaky_server(429, usize::MAX, vec![("retry-after", "1".to_string())]).await;
    let error = client
        .request::<Value>(
            Method::POST,
            &["actions", "triggers"],
            &[],
            Some(&json!({})),
            false,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(error, BackendError::RateLimited { .. }),
        "{error:?}"
    );
    assert_eq!(hits.load(Ordering::SeqCst), 1);

    let (client, hits) = flaky_server(503, usize::MAX, vec![]).await;
    let error = client
        .request::<Value>(Method::POST, &["actions", "triggers"], &[], None, false)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn unavailable_upstream_is_retried_twice_for_reads() {
    let (client, hits) = flaky_server(503, usize::MAX, vec![]).await;
    assert_eq!(
        client.list_triggers().await.unwrap_err().status(),
        Some(503)
    );
    assert_eq!(hits.load(Ordering::SeqCst), 1 + 2);

    let (client, hits) = flaky_server(502, 1, vec![]).await;
    assert_eq!(client.list_triggers().await.unwrap().len(), 1);
    assert_eq!(hits.load(Ordering::SeqCst), 2);
}

// ---------------------------------------------------------------- token exchange

#[derive(Clone, Default)]
struct TokenServer {
    forms: Log<HashMap<String, String>>,
    authorizations: Log<String>,
}

/// `/oauth/token` handing out `tok-1`, `tok-2`, … valid for `expires_in` seconds, and a triggers
/// endpoint that records the Authorization header it gets.
async fn token_server(expires_in: u64) -> (String, TokenServer) {
    let seen = TokenServer::default();
    let router = Router::new()
        .route(
            "/oauth/token",
            post(move |State(s): State<TokenServer>, Form(form): Form<HashMap<String, String>>| async move {
                let n = {
                    let mut forms = s.forms.lock().unwrap();
                    forms.push(form);
                    forms.len()
                };
                Json(json!({"access_token": format!("tok-{n}"), "expires_in": expires_in, "token_type": "Bearer"}))
            }),
        )
        .route(
            "/api/v2/actions/triggers",
            get(|State(s): State<TokenServer>, headers: HeaderMap| async move {
                let auth = headers.get("authorization").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
                s.authorizations.lock().unwrap().push(auth);
                Json(json!({"triggers": []}))
            }),
        )
        .with_state(seen.clone());
    (support::serve(router).await, seen)
}

fn client_credentials() -> Credentials {
    Credentials::ClientCredentials {
        client_id: "my-client".into(),
        client_secret: Secret::new("my-client-secret"),
    }
}

#[tokio::test]
async fn client_credentials_are_exchanged_once_and_shared_by_concurrent_callers() {
    let (base, seen) = token_server(86_400).await;
    let client = Auth0Client::new(config(&base, client_credentials())).unwrap();
    // Concurrent first callers must share one exchange; later callers reuse the cached token.
    let first = futures::future::join_all((0..5).map(|_| client.list_triggers())).await;
    assert!(first.iter().all(Result::is_ok), "{first:?}");
    for _ in 0..3 {
        client.clone().list_triggers().await.unwrap();
    }

    let forms = seen.forms.lock().unwrap();
    assert_eq!(forms.len(), 1, "one token request for 8 API calls");
    let form = &forms[0];
    assert_eq!(form["grant_type"], "client_credentials");
    assert_eq!(form["client_id"], "my-client");
    assert_eq!(form["client_secret"], "my-client-secret");
    assert_eq!(form["audience"], format!("{base}/api/v2/"));
    let authorizations = seen.authorizations.lock().unwrap();
    assert_eq!(authorizations.len(), 8);
    assert!(
        authorizations.iter().all(|a| a == "Bearer tok-1"),
        "{authorizations:?}"
    );
}

#[tokio::test]
async fn an_expired_token_is_exchanged_again() {
    let (base, seen) = token_server(0).await;
    let client = Auth0Client::new(config(&base, client_credentials())).unwrap();
    client.list_triggers().await.unwrap();
    client.list_triggers().await.unwrap();
    assert_eq!(seen.forms.lock().unwrap().len(), 2);
    assert_eq!(
        *seen.authorizations.lock().unwrap(),
        ["Bearer tok-1", "Bearer tok-2"]
    );
}

#[tokio::test]
async fn a_token_the_api_rejects_is_not_used_again() {
    let exchanges = Arc::new(AtomicUsize::new(0));
    let counter = exchanges.clone();
    let router = Router::new()
        .route(
            "/oauth/token",
            post(move || async move {
                let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
                Json(json!({"access_token": format!("tok-{n}"), "expires_in": 86_400}))
            }),
        )
        .route(
            "/api/v2/actions/triggers",
            get(|headers: HeaderMap| async move {
                if headers["authorization"] == "Bearer tok-1" {
                    let body = json!({"statusCode": 401, "error": "Unauthorized", "message": "Invalid token"});
                    return (StatusCode::UNAUTHORIZED, Json(body)).into_response();
                }
                Json(json!({"triggers": []})).into_response()
            }),
        );
    let base = support::serve(router).await;
    let client = Auth0Client::new(config(&base, client_credentials())).unwrap();
    assert_eq!(
        client.list_triggers().await.unwrap_err().status(),
        Some(401)
    );
    assert!(
        client.list_triggers().await.is_ok(),
        "a fresh token was fetched"
    );
    assert_eq!(exchanges.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_refused_exchange_is_an_auth_error_in_the_services_words() {
    let router = Router::new().route(
        "/oauth/token",
        post(|| async {
            (StatusCode::UNAUTHORIZED, Json(json!({"error": "access_denied", "error_description": "Unauthorized client my-client"})))
        }),
    );
    let base = support::serve(router).await;
    let client = Auth0Client::new(config(&base, client_credentials())).unwrap();
    let error = client.list_triggers().await.unwrap_err();
    assert!(
        matches!(&error, BackendError::Auth(m) if m.contains("Unauthorized client my-client")),
        "{error:?}"
    );
    assert!(!error.to_string().contains("my-client-secret"));
}

// ---------------------------------------------------------------- in-flight bound

#[tokio::test]
async fn no_more_requests_in_flight_than_configured() {
    #[derive(Clone, Default)]
    struct Gauge {
        now: Arc<AtomicUsize>,
        max: Arc<AtomicUsize>,
    }
    const LIMIT: usize = 2;
    let gauge = Gauge::default();
    let router = Router::new()
        .route(
            "/api/v2/actions/actions/{id}",
            get(
                |State(g): State<Gauge>, Path(id): Path<String>| async move {
                    let current = g.now.fetch_add(1, Ordering::SeqCst) + 1;
                    g.max.fetch_max(current, Ordering::SeqCst);
                    // Hold the request until a second one arrives (or a while passes), so requests
                    // overlap whenever the client lets them; an unbounded client would pile up here.
                    for _ in 0..100 {
                        if g.now.load(Ordering::SeqCst) >= LIMIT {
                            break;
                        }
                        tokio::time::sleep(Duration::from_millis(5)).await;
                    }
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    g.now.fetch_sub(1, Ordering::SeqCst);
                    Json(action(&id))
                },
            ),
        )
        .with_state(gauge.clone());
    let base = support::serve(router).await;
    let mut config = config(&base, token());
    config.max_in_flight = LIMIT;
    let client = Auth0Client::new(config).unwrap();
    let ids: Vec<String> = (0..8).map(|i| format!("a{i}")).collect();
    let results = futures::future::join_all(ids.iter().map(|id| client.get_action(id))).await;
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(gauge.max.load(Ordering::SeqCst), LIMIT);
}

// ---------------------------------------------------------------- configuration

#[test]
fn base_urls_from_domains_and_loopback_http_only() {
    for (input, want) in [
        ("acme.eu.auth0.com", "https://acme.eu.auth0.com/"),
        ("  acme.eu.auth0.com/ ", "https://acme.eu.auth0.com/"),
        (
            "https://acme.eu.auth0.com/api/v2/",
            "https://acme.eu.auth0.com/",
        ),
        (
            "https://acme.eu.auth0.com/api/v2",
            "https://acme.eu.auth0.com/",
        ),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/"),
        ("http://127.3.2.1/", "http://127.3.2.1/"),
        ("http://localhost:3000/api/v2", "http://localhost:3000/"),
        ("http://[::1]:9000", "http://[::1]:9000/"),
    ] {
        assert_eq!(
            parse_base_url(input).map(|u| u.to_string()),
            Ok(want.to_string()),
            "{input}"
        );
    }
    for input in [
        "http://acme.eu.auth0.com",
        "http://localhost.evil.example",
        "http://10.0.0.1",
    ] {
        let error = parse_base_url(input).unwrap_err();
        assert!(
            matches!(&error, BackendError::Config(m) if m.contains("loopback")),
            "{input}: {error}"
        );
    }
    for input in [
        "",
        "ftp://acme.eu.auth0.com",
        "https://",
        "https://acme.eu.auth0.com/?x=1",
    ] {
        assert!(
            matches!(parse_base_url(input), Err(BackendError::Config(_))),
            "{input}"
        );
    }
}

#[test]
fn defaults_and_debug_output_without_secrets() {
    let base = parse_base_url("acme.eu.auth0.com").unwrap();
    let config = Auth0Config::new(
        base.clone(),
        Credentials::ClientCredentials {
            client_id: "cid".into(),
            client_secret: Secret::new("s3cr3t-client-value"),
        },
    );
    assert_eq!(config.label, "acme.eu.auth0.com");
    assert_eq!(
        (config.max_in_flight, config.timeout),
        (4, Duration::from_secs(30))
    );
    let client = Auth0Client::new(config.clone()).unwrap();
    assert_eq!(client.connection().base_url, "https://acme.eu.auth0.com/");
    let token_config =
        Auth0Config::new(base, Credentials::Token(Secret::new("s3cr3t-token-value")));
    let token_client = Auth0Client::new(token_config.clone()).unwrap();
    for shown in [
        format!("{config:?}"),
        format!("{client:?}"),
        format!("{token_config:?}"),
        format!("{token_client:?}"),
    ] {
        assert!(shown.contains("acme.eu.auth0.com"), "{shown}");
        assert!(!shown.contains("s3cr3t"), "secret in Debug: {shown}");
    }
}
