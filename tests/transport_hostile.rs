//! Both clients against HOSTILE servers on 127.0.0.1 (real HTTP): redirects that would carry the
//! credentials elsewhere, servers that echo the secrets back in their errors, bodies without end,
//! stalls, absurd waits, connection resets after a change was sent, and 200s of the wrong shape.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, post};
use axum::Router;
use codedeck::backend::auth0::{parse_base_url, Auth0Client, Auth0Config, Credentials};
use codedeck::backend::faircom::{parse_faircom_url, FairComClient, FairComConfig};
use codedeck::backend::waits::WaitEvent;
use codedeck::backend::{Backend, BackendError};
use codedeck::model::{ActionFilter, BoundAction, DraftChange, PackageFilter, PackageId};
use codedeck::secret::Secret;
use futures::StreamExt;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const API_TOKEN: &str = "hostile-test-api-token-7f3a9c";
const CLIENT_SECRET: &str = "hostile-test-client-secret-Qw9xZ2";
const ACCESS_TOKEN: &str = "hostile-test-fetched-access-token-Lk4m";
const PASSWORD: &str = "hostile-test-faircom-password-8e1";
const SESSION_TOKEN: &str = "hostile-test-session-token-c0ffee";

fn every_secret() -> [&'static str; 5] {
    [
        API_TOKEN,
        CLIENT_SECRET,
        ACCESS_TOKEN,
        PASSWORD,
        SESSION_TOKEN,
    ]
}

/// The error as a user (and a log, and the journal) would see it holds no secret.
fn assert_no_secret(error: &BackendError) {
    let shown = format!("{error} | {error:?}");
    for secret in every_secret() {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
}

fn auth0(base: &str, credentials: Credentials) -> Auth0Client {
    let mut config = Auth0Config::new(parse_base_url(base).unwrap(), credentials);
    config.retry = support::fast_retry();
    Auth0Client::new(config).unwrap()
}

fn token() -> Credentials {
    Credentials::Token(Secret::new(API_TOKEN))
}

fn client_credentials() -> Credentials {
    Credentials::ClientCredentials {
        client_id: "hostile-client".into(),
        client_secret: Secret::new(CLIENT_SECRET),
    }
}

fn faircom_config(base: &str) -> FairComConfig {
    FairComConfig::new(
        parse_faircom_url(base).unwrap(),
        "ADMIN",
        Secret::new(PASSWORD),
    )
}

fn faircom(base: &str) -> FairComClient {
    FairComClient::new(faircom_config(base)).unwrap()
}

/// A second loopback listener that counts every connection made to it: where a hostile redirect
/// points. It must never be reached.
async fn elsewhere() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let reached = Arc::new(AtomicUsize::new(0));
    let count = reached.clone();
    tokio::spawn(async move {
        while let Ok((_socket, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
        }
    });
    (format!("127.0.0.1:{port}"), reached)
}

fn redirect(status: u16, location: &str) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        [("location", location.to_string())],
        "",
    )
        .into_response()
}

/// A server whose every route answers through `reply` (method, path, headers, body text).
async fn hostile(
    reply: impl Fn(&str, &str, &HeaderMap, &str) -> Response + Send + Sync + 'static,
) -> String {
    let reply = Arc::new(reply);
    let router = Router::new().fallback(any(move |request: Request| {
        let reply = reply.clone();
        async move {
            let (parts, body) = request.into_parts();
            let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
            reply(
                parts.method.as_str(),
                parts.uri.path(),
                &parts.headers,
                &String::from_utf8_lossy(&body),
            )
        }
    }));
    support::serve(router).await
}

#[allow(clippy::needless_pass_by_value)] // called with fresh values; taking them keeps the call sites short
fn json_reply(status: u16, body: Value) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn faircom_login() -> Response {
    json_reply(
        200,
        json!({"errorCode": 0, "errorMessage": "", "result": {"authToken": SESSION_TOKEN}}),
    )
}

// ---------------------------------------------------------------- 11: no redirects

#[tokio::test]
async fn a_redirect_of_the_token_exchange_sends_the_client_secret_nowhere() {
    for status in [307, 308] {
        let (other, reached) = elsewhere().await;
        let location = format!("http://{other}/oauth/token");
        let to = location.clone();
        let base = hostile(move |_, _, _, _| redirect(status, &to)).await;
        let error = auth0(&base, client_credentials())
            .list_triggers()
            .await
            .unwrap_err();
        assert!(
            matches!(&error, BackendError::Redirected { status: s, location: Some(l), .. } if *s == status && *l == location),
            "{error:?}"
        );
        assert!(error.to_string().contains(&location), "{error}");
        assert!(!error.outcome_unknown());
        assert_eq!(reached.load(Ordering::SeqCst), 0, "{status}: followed");
        assert_no_secret(&error);
    }
}

#[tokio::test]
async fn a_redirect_of_an_authenticated_read_or_change_sends_the_token_nowhere() {
    let (other, reached) = elsewhere().await;
    let location = format!("http://{other}/api/v2/stolen");
    let to = location.clone();
    let base =
        hostile(move |method, _, _, _| redirect(if method == "GET" { 307 } else { 308 }, &to))
            .await;
    let client = auth0(&base, token());
    let read = client
        .list_actions(&ActionFilter::default())
        .await
        .unwrap_err();
    let change = DraftChange {
        code: Some("exports.x = 2;".into()),
        ..DraftChange::default()
    };
    let patch = client.update_action("a1", &change).await.unwrap_err();
    let order = [BoundAction {
        action_id: "a1".into(),
        display_name: "A".into(),
    }];
    let bindings = client
        .update_bindings("post-login", &order)
        .await
        .unwrap_err();
    for error in [&read, &patch, &bindings] {
        assert!(
            matches!(error, BackendError::Redirected { location: Some(l), .. } if *l == location),
            "{error:?}"
        );
        assert!(
            error.to_string().contains("follows no redirects"),
            "{error}"
        );
    }
    assert_eq!(reached.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_redirect_of_create_session_sends_the_password_nowhere() {
    for status in [307, 308] {
        let (other, reached) = elsewhere().await;
        let location = format!("http://{other}/api");
        let to = location.clone();
        let base = hostile(move |_, _, _, _| redirect(status, &to)).await;
        let error = faircom(&base)
            .list_packages(&PackageFilter::default())
            .await
            .unwrap_err();
        assert!(
            matches!(&error, BackendError::Redirected { endpoint, location: Some(l), .. }
                if endpoint == "/api createSession" && *l == location),
            "{error:?}"
        );
        assert_eq!(reached.load(Ordering::SeqCst), 0, "{status}: followed");
        assert_no_secret(&error);
    }
}

#[tokio::test]
async fn a_redirect_location_is_named_without_the_credentials_in_it() {
    let base = hostile(|_, _, _, _| {
        redirect(
            302,
            "https://thief:stolen-pass-4411@evil.example/x?token=abc123&b=2",
        )
    })
    .await;
    let error = auth0(&base, token()).list_triggers().await.unwrap_err();
    let shown = error.to_string();
    assert!(
        shown.contains("https://***@evil.example/x?token=***&b=***"),
        "{shown}"
    );
    assert!(
        !shown.contains("stolen-pass") && !shown.contains("abc123"),
        "{shown}"
    );
}

// ---------------------------------------------------------------- 13: secrets never shown

#[tokio::test]
async fn a_token_endpoint_echoing_the_client_secret_does_not_get_it_shown() {
    for status in [400, 500] {
        let base = hostile(move |_, _, _, body| {
            if status == 400 {
                json_reply(
                    400,
                    json!({"error": "invalid_request", "error_description": format!("cannot parse {body}")}),
                )
            } else {
                (StatusCode::INTERNAL_SERVER_ERROR, format!("<pre>{body}</pre>")).into_response()
            }
        })
        .await;
        let error = auth0(&base, client_credentials())
            .list_triggers()
            .await
            .unwrap_err();
        assert!(
            error.to_string().contains("client_secret=***"),
            "{status}: the echo is there, scrubbed: {error}"
        );
        assert_no_secret(&error);
    }
}

#[tokio::test]
async fn an_api_echoing_the_token_or_the_fetched_token_does_not_get_it_shown() {
    let echo = |status: u16| {
        move |_: &str, path: &str, headers: &HeaderMap, _: &str| {
            if path == "/oauth/token" {
                return json_reply(
                    200,
                    json!({"access_token": ACCESS_TOKEN, "expires_in": 86400}),
                );
            }
            let authorization = headers["authorization"].to_str().unwrap().to_string();
            json_reply(
                status,
                json!({"statusCode": status, "error": "Bad", "message": format!("refused {authorization}")}),
            )
        }
    };
    for credentials in [token(), client_credentials()] {
        for status in [400, 403, 500] {
            let base = hostile(echo(status)).await;
            let error = auth0(&base, credentials.clone())
                .get_action("a1")
                .await
                .unwrap_err();
            assert!(error.to_string().contains("refused Bearer ***"), "{error}");
            assert_no_secret(&error);
        }
    }
}

#[tokio::test]
async fn a_faircom_server_echoing_the_password_or_the_session_token_does_not_get_it_shown() {
    // createSession refused with the request body echoed, as an error code and as a bare 400.
    for envelope in [true, false] {
        let base = hostile(move |_, _, _, body| {
            if envelope {
                json_reply(
                    200,
                    json!({"errorCode": 451, "errorMessage": format!("bad login {body}")}),
                )
            } else {
                (StatusCode::BAD_REQUEST, body.to_string()).into_response()
            }
        })
        .await;
        let error = faircom(&base)
            .list_packages(&PackageFilter::default())
            .await
            .unwrap_err();
        assert!(error.to_string().contains("***"), "{error}");
        assert_no_secret(&error);
    }
    // A later call refused with its body (and so the session token) echoed.
    let base = hostile(|_, _, _, body| {
        if body.contains("createSession") {
            faircom_login()
        } else {
            json_reply(
                200,
                json!({"errorCode": 12004, "errorMessage": format!("no: {body}")}),
            )
        }
    })
    .await;
    let error = faircom(&base)
        .list_packages(&PackageFilter::default())
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("\"authToken\":\"***\""),
        "{error}"
    );
    assert_no_secret(&error);
}

#[test]
fn urls_with_credentials_are_refused_without_showing_them() {
    let errors = [
        parse_base_url("http://x:hostile-url-token-1@127.0.0.1:9/").unwrap_err(),
        parse_base_url("https://tenant.example/?token=hostile-url-token-2").unwrap_err(),
        parse_base_url("x:hostile-url-token-3@tenant.example").unwrap_err(),
        parse_faircom_url("https://fc.example:8443/api?token=hostile-url-token-4").unwrap_err(),
        parse_faircom_url("http://admin:hostile-url-token-5@fc.example").unwrap_err(),
    ];
    for error in errors {
        let shown = format!("{error} {error:?}");
        assert!(matches!(error, BackendError::Config(_)), "{shown}");
        assert!(!shown.contains("hostile-url-token"), "{shown}");
        assert!(shown.contains("***"), "{shown}");
    }
}

// ---------------------------------------------------------------- 14: capped bodies

/// 64 MB of JSON-looking text, made chunk by chunk as it is sent (never held whole).
fn endless_body(prefix: &'static str) -> Body {
    const CHUNK: usize = 1024 * 1024;
    let chunks = futures::stream::iter(0..64usize).map(move |n| {
        let mut chunk = if n == 0 {
            prefix.as_bytes().to_vec()
        } else {
            Vec::new()
        };
        chunk.resize(CHUNK, b' ');
        Ok::<_, std::io::Error>(axum::body::Bytes::from(chunk))
    });
    Body::from_stream(chunks)
}

#[tokio::test]
async fn an_endless_answer_is_cut_at_the_cap_in_words() {
    let base = hostile(|_, _, _, _| {
        (
            [("content-type", "application/json")],
            endless_body(r#"{"actions": ["#),
        )
            .into_response()
    })
    .await;
    let error = auth0(&base, token())
        .list_actions(&ActionFilter::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, BackendError::TooLarge { limit, .. } if *limit == 32 * 1024 * 1024),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("the server sent more than 32 MB for GET /api/v2/actions/actions; codedeck stops reading"),
        "{error}"
    );
    assert!(error.outcome_unknown());

    let base = hostile(|_, _, _, body| {
        if body.contains("createSession") {
            faircom_login()
        } else {
            endless_body(r#"{"errorCode":0,"result":{"data":["#).into_response()
        }
    })
    .await;
    let error = faircom(&base)
        .list_packages(&PackageFilter::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, BackendError::TooLarge { endpoint, .. } if endpoint == "/api listCodePackages"),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_announced_oversized_answer_is_refused_before_reading_it() {
    let base = hostile(|_, _, _, _| {
        (
            [("content-length", (40u64 * 1024 * 1024).to_string())],
            endless_body("{"),
        )
            .into_response()
    })
    .await;
    let error = auth0(&base, token()).get_action("a1").await.unwrap_err();
    assert!(matches!(&error, BackendError::TooLarge { .. }), "{error:?}");
}

// ---------------------------------------------------------------- 15: waits said and capped

#[tokio::test]
async fn a_service_asking_for_an_absurd_wait_is_not_waited_for() {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let base = hostile(move |_, _, _, _| {
        counter.fetch_add(1, Ordering::SeqCst);
        (
            StatusCode::TOO_MANY_REQUESTS,
            [("retry-after", "999999")],
            r#"{"statusCode":429,"error":"Too Many Requests","message":"Global limit has been reached"}"#,
        )
            .into_response()
    })
    .await;
    let error = auth0(&base, token()).list_triggers().await.unwrap_err();
    assert!(
        matches!(&error, BackendError::RateLimited { retry_after: Some(d), .. } if d.as_secs() == 999_999),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("the service asks to wait 999999 s; codedeck waits at most 30 s"),
        "{error}"
    );
    assert_eq!(hits.load(Ordering::SeqCst), 1, "asked once, not waited for");
}

#[tokio::test]
async fn a_pause_before_asking_again_is_reported_while_it_lasts() {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let base = hostile(move |_, _, _, _| {
        if counter.fetch_add(1, Ordering::SeqCst) == 0 {
            return (StatusCode::TOO_MANY_REQUESTS, [("retry-after", "1")], "{}").into_response();
        }
        json_reply(200, json!({"triggers": []}))
    })
    .await;
    let client = auth0(&base, token());
    let events: Arc<Mutex<Vec<WaitEvent>>> = Arc::default();
    let log = events.clone();
    client.report_waits(Arc::new(move |e| log.lock().unwrap().push(e)));
    client.list_triggers().await.unwrap();
    let events = events.lock().unwrap();
    let lines: Vec<String> = events.iter().filter_map(WaitEvent::line).collect();
    assert_eq!(
        lines,
        ["waiting up to 5 ms for the rate limit to pass before asking GET /api/v2/actions/triggers again…"]
    );
    assert!(matches!(events.last(), Some(WaitEvent::Ended { .. })));
}

#[tokio::test]
async fn delete_session_at_exit_waits_only_a_short_stated_time() {
    let base = hostile(|_, _, _, body| {
        if body.contains("createSession") {
            return faircom_login();
        }
        if body.contains("deleteSession") {
            // Headers, then a body that never comes.
            return Body::from_stream(futures::stream::pending::<
                Result<axum::body::Bytes, std::io::Error>,
            >())
            .into_response();
        }
        json_reply(200, json!({"errorCode": 0, "result": {"data": []}}))
    })
    .await;
    let mut config = faircom_config(&base);
    config.timeout = Duration::from_hours(1);
    let client = FairComClient::new(config).unwrap();
    client
        .list_packages(&PackageFilter::default())
        .await
        .unwrap();
    let error = tokio::time::timeout(Duration::from_mins(1), client.end_session())
        .await
        .expect("deleteSession is given up after CLOSE_TIMEOUT, not the hour configured")
        .unwrap_err();
    assert!(
        matches!(&error, BackendError::TimedOut { after, .. } if *after == codedeck::backend::faircom::CLOSE_TIMEOUT),
        "{error:?}"
    );
}

/// A raw server that reads each request and then closes the connection without answering (a
/// reset after the change may have been applied). Counts the requests it got.
async fn resetting_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let requests = Arc::new(AtomicUsize::new(0));
    let count = requests.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let count = count.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 64 * 1024];
                if let Ok(n) = socket.read(&mut buf).await {
                    if n > 0 {
                        count.fetch_add(1, Ordering::SeqCst);
                    }
                }
                let _ = socket.shutdown().await;
            });
        }
    });
    (format!("http://{addr}"), requests)
}

#[tokio::test]
async fn a_change_that_meets_a_reset_is_sent_exactly_once() {
    let (base, requests) = resetting_server().await;
    let client = auth0(&base, token());
    let errors = [
        client
            .update_module_code("m1", "exports.x = 1;")
            .await
            .unwrap_err(),
        client.deploy_action("a1").await.unwrap_err(),
        client.delete_module("m1").await.unwrap_err(),
    ];
    for error in &errors {
        assert!(matches!(error, BackendError::Network(_)), "{error:?}");
        assert!(error.outcome_unknown(), "{error:?}");
    }
    assert_eq!(requests.load(Ordering::SeqCst), 3, "one request per change");

    // A read meeting the same is asked again (twice more).
    let (base, requests) = resetting_server().await;
    auth0(&base, token()).list_triggers().await.unwrap_err();
    assert_eq!(requests.load(Ordering::SeqCst), 3);
}

// ---------------------------------------------------------------- 10: strict decoding

#[tokio::test]
async fn every_read_refuses_an_answer_of_the_wrong_shape_in_words() {
    for body in [
        json!({"hello": "world"}),
        json!([]),
        json!({"actions": "x", "versions": "x", "bindings": "x", "modules": "x", "triggers": "x"}),
    ] {
        let answer = body.clone();
        let base = hostile(move |_, _, _, _| json_reply(200, answer.clone())).await;
        let client = auth0(&base, token());
        let results: Vec<(&str, BackendError)> = vec![
            (
                "list actions",
                client
                    .list_actions(&ActionFilter::default())
                    .await
                    .map(drop)
                    .unwrap_err(),
            ),
            (
                "get action",
                client.get_action("a1").await.map(drop).unwrap_err(),
            ),
            (
                "versions",
                client
                    .list_action_versions("a1")
                    .await
                    .map(drop)
                    .unwrap_err(),
            ),
            (
                "version",
                client
                    .get_action_version("a1", "v1")
                    .await
                    .map(drop)
                    .unwrap_err(),
            ),
            (
                "triggers",
                client.list_triggers().await.map(drop).unwrap_err(),
            ),
            (
                "bindings",
                client
                    .list_bindings("post-login")
                    .await
                    .map(drop)
                    .unwrap_err(),
            ),
            (
                "modules",
                client.list_modules().await.map(drop).unwrap_err(),
            ),
            (
                "module",
                client.get_module("m1").await.map(drop).unwrap_err(),
            ),
            (
                "module versions",
                client
                    .list_module_versions("m1")
                    .await
                    .map(drop)
                    .unwrap_err(),
            ),
            (
                "module version",
                client
                    .get_module_version("m1", "mv1")
                    .await
                    .map(drop)
                    .unwrap_err(),
            ),
            (
                "module actions",
                client
                    .list_module_actions("m1")
                    .await
                    .map(drop)
                    .unwrap_err(),
            ),
            (
                "execution",
                client.get_execution("e1").await.map(drop).unwrap_err(),
            ),
        ];
        for (what, error) in results {
            assert!(
                matches!(&error, BackendError::Decode { .. }),
                "{what} of {body}: {error:?}"
            );
            let shown = error.to_string();
            let said = shown.contains("does not have the documented shape (")
                || shown.contains("the answer has no \"");
            assert!(said, "{what} of {body}: {shown}");
        }
    }
}

#[tokio::test]
async fn a_list_without_its_list_names_the_list() {
    let base = hostile(|_, _, _, _| json_reply(200, json!({"hello": "world", "total": 3}))).await;
    let error = auth0(&base, token())
        .list_actions(&ActionFilter::default())
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "unexpected response from /api/v2/actions/actions: the answer has no \"actions\" list"
    );
    let error = auth0(&base, token())
        .list_bindings("post-login")
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("no \"bindings\" list"),
        "{error}"
    );
}

#[tokio::test]
async fn required_fields_are_required() {
    let replies: HashMap<&str, Value> = HashMap::from([
        (
            "/api/v2/actions/actions",
            json!({"actions": [{"name": "no id"}]}),
        ),
        ("/api/v2/actions/actions/a1", json!({"id": "a1"})),
        (
            "/api/v2/actions/actions/a1/versions",
            json!({"versions": [{"id": "v1"}]}),
        ),
        (
            "/api/v2/actions/triggers/post-login/bindings",
            json!({"bindings": [{"id": "b1", "display_name": "x"}]}),
        ),
    ]);
    let base = hostile(move |_, path, _, _| json_reply(200, replies[path].clone())).await;
    let client = auth0(&base, token());
    let errors = [
        (
            client
                .list_actions(&ActionFilter::default())
                .await
                .map(drop)
                .unwrap_err(),
            "`id`",
        ),
        (
            client.get_action("a1").await.map(drop).unwrap_err(),
            "`name`",
        ),
        (
            client
                .list_action_versions("a1")
                .await
                .map(drop)
                .unwrap_err(),
            "`number`",
        ),
        (
            client
                .list_bindings("post-login")
                .await
                .map(drop)
                .unwrap_err(),
            "`action`",
        ),
    ];
    for (error, field) in errors {
        assert!(
            error
                .to_string()
                .contains(&format!("missing field {field}")),
            "{error}"
        );
    }
}

#[tokio::test]
async fn a_flow_naming_one_action_twice_is_refused() {
    let binding = |id: &str| {
        json!({"id": id, "trigger_id": "post-login", "display_name": "Twice",
               "action": {"id": "a1", "name": "Twice"}})
    };
    let page = json!({"bindings": [binding("b1"), binding("b2")], "total": 2});
    let base = hostile(move |_, _, _, _| json_reply(200, page.clone())).await;
    let error = auth0(&base, token())
        .list_bindings("post-login")
        .await
        .unwrap_err();
    assert!(
        matches!(&error, BackendError::Decode { detail, .. } if detail.contains("\"Twice\" more than once")),
        "{error:?}"
    );
}

#[tokio::test]
async fn faircom_reads_refuse_an_answer_of_the_wrong_shape() {
    for answer in [
        json!({"hello": "world"}),
        json!([]),
        json!({"errorCode": 0, "result": {"hello": "world"}}),
        json!({"errorCode": 0, "result": {"data": "x"}}),
        json!({"errorCode": 0, "result": {"data": [{"comment": "no name"}]}}),
    ] {
        let reply = answer.clone();
        let base = hostile(move |_, _, _, body| {
            if body.contains("createSession") {
                faircom_login()
            } else {
                json_reply(200, reply.clone())
            }
        })
        .await;
        let client = faircom(&base);
        let id = PackageId {
            database: "faircom".into(),
            owner: "admin".into(),
            name: "p".into(),
        };
        let errors = [
            client
                .list_packages(&PackageFilter::default())
                .await
                .map(drop)
                .unwrap_err(),
            client.describe_package(&id).await.map(drop).unwrap_err(),
            client.package_history(&id).await.map(drop).unwrap_err(),
        ];
        for error in errors {
            assert!(
                matches!(&error, BackendError::Decode { .. }),
                "{answer}: {error:?}"
            );
        }
    }
}

#[tokio::test]
async fn posting_to_a_faircom_redirect_is_refused_too() {
    let (other, reached) = elsewhere().await;
    let location = format!("http://{other}/api");
    let router = Router::new().route(
        "/api",
        post(move || {
            let location = location.clone();
            async move { redirect(308, &location) }
        }),
    );
    let base = support::serve(router).await;
    let error = faircom(&base).end_session().await;
    assert!(error.is_ok(), "no session open: nothing sent");
    let error = faircom(&base)
        .revert_package(
            &PackageId {
                database: "faircom".into(),
                owner: "admin".into(),
                name: "p".into(),
            },
            1,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(error, BackendError::Redirected { .. }),
        "{error:?}"
    );
    assert_eq!(reached.load(Ordering::SeqCst), 0);
}
