//! The FairCom client against small axum servers on 127.0.0.1 (real HTTP): the shared session and
//! its one relogin on 12031, error bodies whatever the status, paging without a total, the history
//! merge, ending the session, what is never sent twice, and that secrets stay out of Debug output,
//! errors and request fields where they do not belong.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Router;
use codedeck::backend::faircom::{parse_faircom_url, FairComClient, FairComConfig, MAX_PAGES};
use codedeck::backend::{Backend, BackendError, BackendResult, Services};
use codedeck::model::{
    ActionFilter, CodePackage, CodeStatus, CodeType, NewPackage, PackageFilter, PackageId,
};
use codedeck::secret::Secret;
use serde_json::{json, Value};

const PASSWORD: &str = "pa55-w0rd-s3cret";

/// What a fake server answers: HTTP status and body text.
type Reply = (u16, String);

fn success(result: Option<Value>) -> Reply {
    let mut body = json!({"errorCode": 0, "errorMessage": ""});
    if let Some(result) = result {
        body["result"] = result;
    }
    (200, body.to_string())
}

#[allow(clippy::needless_pass_by_value)] // called with fresh values; taking them keeps the call sites short
fn data(items: Vec<Value>) -> Reply {
    success(Some(json!({ "data": items })))
}

fn failure(status: u16, code: i64, message: &str) -> Reply {
    (
        status,
        json!({"errorCode": code, "errorMessage": message}).to_string(),
    )
}

fn no_session() -> Reply {
    failure(
        200,
        12031,
        "'authToken' does not match any existing session. Use a valid 'authToken'.",
    )
}

fn package(name: &str, version: u32) -> Value {
    json!({"codeId": 1, "databaseName": "faircom", "ownerName": "admin", "codeName": name,
           "codeVersion": version, "codeStatus": "active", "codeType": "getRecordsTransform",
           "codeLanguage": "javascript", "comment": format!("v{version}"),
           "createdOn": "2024-10-15T19:29:34.216"})
}

fn with_code(mut package: Value, code: &str) -> Value {
    package["code"] = code.into();
    package
}

fn id(name: &str) -> PackageId {
    PackageId {
        database: "faircom".into(),
        owner: "admin".into(),
        name: name.into(),
    }
}

/// Every request body the server got, in order.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<Value>>>);

impl Seen {
    fn all(&self) -> Vec<Value> {
        self.0.lock().unwrap().clone()
    }
    fn actions(&self) -> Vec<String> {
        self.all()
            .iter()
            .map(|r| r["action"].as_str().unwrap().to_string())
            .collect()
    }
    fn of(&self, action: &str) -> Vec<Value> {
        self.all()
            .into_iter()
            .filter(|r| r["action"] == action)
            .collect()
    }
    fn tokens_of(&self, action: &str) -> Vec<String> {
        self.of(action)
            .iter()
            .map(|r| r["authToken"].as_str().unwrap_or("<none>").to_string())
            .collect()
    }
}

/// A FairCom server on loopback: `createSession` hands out `tok-1`, `tok-2`, … in `result.authToken`
/// (after a short pause, so concurrent first callers overlap); everything else goes to `answer`.
async fn fake(answer: impl Fn(&Value) -> Reply + Send + Sync + 'static) -> (String, Seen) {
    fake_with_login(
        |n| success(Some(json!({"authToken": format!("tok-{n}")}))),
        answer,
    )
    .await
}

async fn fake_with_login(
    login: impl Fn(usize) -> Reply + Send + Sync + 'static,
    answer: impl Fn(&Value) -> Reply + Send + Sync + 'static,
) -> (String, Seen) {
    let seen = Seen::default();
    let log = seen.clone();
    let logins = Arc::new(AtomicUsize::new(0));
    let login = Arc::new(login);
    let answer = Arc::new(answer);
    let router = Router::new().route(
        "/api",
        post(move |body: String| {
            let (log, logins, login, answer) =
                (log.clone(), logins.clone(), login.clone(), answer.clone());
            async move {
                let request: Value = serde_json::from_str(&body).expect("the client sends JSON");
                log.0.lock().unwrap().push(request.clone());
                let (status, body) = if request["action"] == "createSession" {
                    tokio::time::sleep(Duration::from_millis(30)).await;
                    login(logins.fetch_add(1, Ordering::SeqCst) + 1)
                } else {
                    answer(&request)
                };
                (
                    StatusCode::from_u16(status).unwrap(),
                    [("content-type", "application/json")],
                    body,
                )
                    .into_response()
            }
        }),
    );
    (support::serve(router).await, seen)
}

fn config(base: &str) -> FairComConfig {
    FairComConfig::new(
        parse_faircom_url(base).expect("loopback base"),
        "ADMIN",
        Secret::new(PASSWORD),
    )
}

fn client(base: &str) -> FairComClient {
    FairComClient::new(config(base)).expect("client")
}

/// Every package, unfiltered.
async fn list_all(client: &FairComClient) -> BackendResult<Vec<CodePackage>> {
    client.list_packages(&PackageFilter::default()).await
}

fn params(request: &Value) -> &Value {
    &request["params"]
}

// ---------------------------------------------------------------- the session

#[tokio::test]
async fn one_login_is_shared_by_concurrent_callers_and_reused() {
    let (base, seen) = fake(|_| data(vec![])).await;
    let client = client(&base);
    let filter = PackageFilter::default();
    let first = futures::future::join_all((0..5).map(|_| client.list_packages(&filter))).await;
    assert!(first.iter().all(Result::is_ok), "{first:?}");
    client.clone().describe_package(&id("p")).await.unwrap_err();

    let logins = seen.of("createSession");
    assert_eq!(logins.len(), 1, "one login for 6 calls");
    assert_eq!(
        params(&logins[0]),
        &json!({"username": "ADMIN", "password": PASSWORD})
    );
    assert!(logins[0].get("authToken").is_none());
    assert_eq!(seen.tokens_of("listCodePackages"), ["tok-1"; 5]);
    assert_eq!(seen.tokens_of("describeCodePackages"), ["tok-1"]);
}

#[tokio::test]
async fn the_token_is_taken_from_result_else_from_the_top_level() {
    let cases = [
        (
            "result only",
            json!({"errorCode": 0, "result": {"authToken": "from-result"}}),
            "from-result",
        ),
        (
            "top level only",
            json!({"errorCode": 0, "authToken": "from-top", "result": {"username": "ADMIN"}}),
            "from-top",
        ),
        (
            "both",
            json!({"errorCode": 0, "authToken": "from-top", "result": {"authToken": "from-result"}}),
            "from-result",
        ),
    ];
    for (case, login, want) in cases {
        let (base, seen) =
            fake_with_login(move |_| (200, login.to_string()), |_| data(vec![])).await;
        list_all(&client(&base))
            .await
            .unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_eq!(seen.tokens_of("listCodePackages"), [want], "{case}");
    }

    let (base, _) = fake_with_login(|_| success(Some(json!({}))), |_| data(vec![])).await;
    let error = list_all(&client(&base)).await.unwrap_err();
    assert!(
        matches!(&error, BackendError::Decode { endpoint, detail } if endpoint == "/api createSession" && detail.contains("authToken")),
        "{error:?}"
    );
}

#[tokio::test]
async fn no_such_session_logs_in_again_once_and_repeats_the_call_once() {
    // tok-1 has expired on the server; tok-2 is good.
    let answer = |request: &Value| match request["authToken"].as_str() {
        Some("tok-1") => no_session(),
        _ => match request["action"].as_str().unwrap() {
            "listCodePackages" => data(vec![package("p", 1)]),
            _ => success(None),
        },
    };
    let (base, seen) = fake(answer).await;
    let client = client(&base);
    let packages = list_all(&client).await.unwrap();
    assert_eq!(packages.len(), 1);
    assert_eq!(
        seen.actions(),
        [
            "createSession",
            "listCodePackages",
            "createSession",
            "listCodePackages"
        ]
    );
    assert_eq!(seen.tokens_of("listCodePackages"), ["tok-1", "tok-2"]);

    // The new session is kept; a mutation goes out once with it.
    client.revert_package(&id("p"), 1).await.unwrap();
    assert_eq!(seen.tokens_of("revertCodePackage"), ["tok-2"]);
    assert_eq!(seen.of("createSession").len(), 2);
}

#[tokio::test]
async fn a_mutation_refused_for_no_session_is_sent_again_after_the_relogin() {
    let answer = |request: &Value| match request["authToken"].as_str() {
        Some("tok-1") => no_session(),
        _ => success(None),
    };
    let (base, seen) = fake(answer).await;
    client(&base)
        .set_package_status(&id("p"), &CodeStatus::Inactive)
        .await
        .unwrap();
    assert_eq!(seen.tokens_of("alterCodePackage"), ["tok-1", "tok-2"]);
}

#[tokio::test]
async fn concurrent_callers_refused_for_no_session_share_one_relogin() {
    let answer = |request: &Value| match request["authToken"].as_str() {
        Some("tok-1") => no_session(),
        _ => data(vec![]),
    };
    let (base, seen) = fake(answer).await;
    let client = client(&base);
    let filter = PackageFilter::default();
    let results = futures::future::join_all((0..4).map(|_| client.list_packages(&filter))).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(
        seen.of("createSession").len(),
        2,
        "the first login and one relogin"
    );
}

#[tokio::test]
async fn no_such_session_twice_is_an_error() {
    let (base, seen) = fake(|_| no_session()).await;
    let error = client(&base).describe_package(&id("p")).await.unwrap_err();
    assert!(
        matches!(&error, BackendError::FairCom { code: 12031, message } if message.contains("does not match")),
        "{error:?}"
    );
    assert_eq!(
        seen.actions(),
        [
            "createSession",
            "describeCodePackages",
            "createSession",
            "describeCodePackages"
        ]
    );
}

#[tokio::test]
async fn a_refused_login_is_the_servers_error_without_the_password() {
    let (base, seen) = fake_with_login(
        |_| failure(200, 12010, "Invalid username or password"),
        |_| data(vec![]),
    )
    .await;
    let error = list_all(&client(&base)).await.unwrap_err();
    assert_eq!(
        error,
        BackendError::FairCom {
            code: 12010,
            message: "Invalid username or password".into()
        }
    );
    assert!(!error.to_string().contains(PASSWORD) && !format!("{error:?}").contains(PASSWORD));
    assert_eq!(seen.actions(), ["createSession"], "nothing else was sent");
}

// ---------------------------------------------------------------- errors

#[tokio::test]
async fn faircom_errors_are_read_from_the_body_whatever_the_http_status() {
    let answer = |request: &Value| match params(request)["codeNames"][0].as_str().unwrap() {
        "missing" => failure(200, 101, "Code Package not found: missing"),
        "broken" => failure(500, 12345, "Internal JSON API error"),
        "unauthorised" => failure(
            401,
            12031,
            "'authToken' does not match any existing session.",
        ),
        "empty" => data(vec![]),
        _ => data(vec![with_code(package("p", 1), "x")]),
    };
    let (base, _) = fake(answer).await;
    let client = client(&base);

    let missing = client.describe_package(&id("missing")).await.unwrap_err();
    assert_eq!(
        missing,
        BackendError::FairCom {
            code: 101,
            message: "Code Package not found: missing".into()
        }
    );
    assert!(missing.is_not_found());
    let broken = client.describe_package(&id("broken")).await.unwrap_err();
    assert_eq!(
        broken.to_string(),
        "FairCom error 12345: Internal JSON API error"
    );
    let unauthorised = client
        .describe_package(&id("unauthorised"))
        .await
        .unwrap_err();
    assert!(matches!(
        unauthorised,
        BackendError::FairCom { code: 12031, .. }
    ));
    let empty = client.describe_package(&id("empty")).await.unwrap_err();
    assert!(empty.is_not_found(), "{empty:?}");
    assert_eq!(client.describe_package(&id("p")).await.unwrap().version, 1);
}

#[tokio::test]
async fn bodies_that_are_not_faircom_answers_are_decode_or_api_errors() {
    let answer = |request: &Value| match params(request)["codeNames"][0].as_str().unwrap() {
        "html" => (
            200,
            "<html><body><h1>Welcome to nginx!</h1></body></html>".to_string(),
        ),
        "truncated" => (
            200,
            r#"{"errorCode":0,"result":{"data":[{"codeName""#.to_string(),
        ),
        "shapeless" => (200, r#"{"status":"ok"}"#.to_string()),
        "wrong-result" => (
            200,
            r#"{"errorCode":0,"result":{"data":{"codeName":"p"}}}"#.to_string(),
        ),
        "gateway" => (502, "<html><body>Bad Gateway</body></html>".to_string()),
        _ => (404, r#"{"message":"no such path"}"#.to_string()),
    };
    let (base, _) = fake(answer).await;
    let client = client(&base);

    for (name, words) in [
        ("html", "not JSON"),
        ("truncated", "not JSON"),
        ("shapeless", "no errorCode"),
        ("wrong-result", "documented shape"),
    ] {
        let error = client.describe_package(&id(name)).await.unwrap_err();
        assert!(
            matches!(&error, BackendError::Decode { endpoint, detail }
                if endpoint == "/api describeCodePackages" && detail.contains(words)),
            "{name}: {error:?}"
        );
    }
    let gateway = client.describe_package(&id("gateway")).await.unwrap_err();
    assert_eq!(gateway.to_string(), "502 Bad Gateway: Bad Gateway");
    let lost = client.describe_package(&id("lost")).await.unwrap_err();
    assert_eq!(lost.status(), Some(404));
}

#[tokio::test]
async fn connection_failures_and_timeouts_are_network_errors() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let error = list_all(&client(&format!("http://127.0.0.1:{port}")))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, BackendError::Unreachable(m) if m.starts_with("could not connect")),
        "{error:?}"
    );

    let router = Router::new().route(
        "/api",
        post(|| async {
            tokio::time::sleep(Duration::from_mins(1)).await;
            "{}"
        }),
    );
    let base = support::serve(router).await;
    let mut config = config(&base);
    config.timeout = Duration::from_millis(200);
    let error = list_all(&FairComClient::new(config).unwrap())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, BackendError::TimedOut { endpoint, .. } if endpoint == "/api createSession"),
        "{error:?}"
    );
    assert!(!error.to_string().contains(PASSWORD));
}

// ---------------------------------------------------------------- paging

/// A listCodePackages that honours skipRecords/maxRecords over `total` packages named p000, p001, …
fn paged_list(total: usize) -> impl Fn(&Value) -> Reply {
    move |request: &Value| {
        let skip = params(request)["skipRecords"].as_u64().unwrap() as usize;
        let max = params(request)["maxRecords"].as_u64().unwrap() as usize;
        let items = (skip..(skip + max).min(total))
            .map(|i| package(&format!("p{i:03}"), 1))
            .collect();
        data(items)
    }
}

#[tokio::test]
async fn lists_page_until_a_short_page_and_send_the_filter() {
    let (base, seen) = fake(paged_list(120)).await;
    let filter = PackageFilter {
        database: Some("faircom".into()),
        owner: Some("admin".into()),
        partial_name: Some("conv".into()),
        statuses: vec![CodeStatus::Active, CodeStatus::Deleted],
        code_types: vec![CodeType::GetRecordsTransform, CodeType::Other("job".into())],
    };
    let packages = client(&base).list_packages(&filter).await.unwrap();
    let names: Vec<String> = packages.iter().map(|p| p.id.name.clone()).collect();
    let want: Vec<String> = (0..120).map(|i| format!("p{i:03}")).collect();
    assert_eq!(names, want);
    assert!(
        packages.iter().all(|p| p.code.is_none()),
        "lists carry no code"
    );

    let requests = seen.of("listCodePackages");
    let skips: Vec<u64> = requests
        .iter()
        .map(|r| params(r)["skipRecords"].as_u64().unwrap())
        .collect();
    assert_eq!(skips, [0, 50, 100]);
    for request in &requests {
        assert_eq!(
            params(request),
            &json!({"databaseName": "faircom", "ownerName": "admin", "partialName": "conv",
                    "statusFilter": ["active", "deleted"], "codeTypeFilter": ["getRecordsTransform", "job"],
                    "includeDeactivatedCode": true, "skipRecords": params(request)["skipRecords"],
                    "maxRecords": 50})
        );
    }
}

#[tokio::test]
async fn a_last_full_page_is_followed_by_one_empty_page_and_no_filter_sends_no_filter_keys() {
    let (base, seen) = fake(paged_list(100)).await;
    let packages = list_all(&client(&base)).await.unwrap();
    assert_eq!(packages.len(), 100);
    let requests = seen.of("listCodePackages");
    assert_eq!(requests.len(), 3);
    assert_eq!(
        params(&requests[2]),
        &json!({"includeDeactivatedCode": true, "skipRecords": 100, "maxRecords": 50})
    );
}

#[tokio::test]
async fn a_server_that_ignores_skip_records_is_not_followed_forever() {
    let (base, seen) = fake(|request| {
        let max = params(request)["maxRecords"].as_u64().unwrap() as usize;
        data((0..max).map(|i| package(&format!("p{i}"), 1)).collect())
    })
    .await;
    let error = list_all(&client(&base)).await.unwrap_err();
    assert!(
        matches!(&error, BackendError::Decode { endpoint, detail } if endpoint == "/api listCodePackages" && detail.contains("skipRecords")),
        "{error:?}"
    );
    assert_eq!(seen.of("listCodePackages").len(), 2);
}

#[tokio::test]
async fn a_server_that_never_stops_paging_is_given_up_on() {
    // Always a full page of new records: only the page limit stops it.
    let (base, seen) = fake(|request| {
        let skip = params(request)["skipRecords"].as_u64().unwrap();
        data(vec![package(&format!("p{skip}"), 1)])
    })
    .await;
    let mut config = config(&base);
    config.page_size = 1;
    let error = list_all(&FairComClient::new(config).unwrap())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, BackendError::Decode { detail, .. } if detail.contains("page limit")),
        "{error:?}"
    );
    assert_eq!(seen.of("listCodePackages").len(), MAX_PAGES as usize);
}

// ---------------------------------------------------------------- history

#[tokio::test]
async fn history_is_paged_merged_with_the_current_version_and_newest_first() {
    // Current: v4. The history holds v1..v4 (this server also lists the current one), two a page.
    let answer = |request: &Value| match request["action"].as_str().unwrap() {
        "describeCodePackages" => data(vec![with_code(package("p", 4), "// current")]),
        "describeCodePackageHistory" => {
            let skip = params(request)["skipRecords"].as_u64().unwrap() as u32;
            let max = params(request)["maxRecords"].as_u64().unwrap() as u32;
            let items = (skip..(skip + max).min(4))
                .map(|i| with_code(package("p", [2, 1, 4, 3][i as usize]), "// history"))
                .collect();
            data(items)
        }
        other => panic!("{other}"),
    };
    let (base, seen) = fake(answer).await;
    let mut config = config(&base);
    config.page_size = 2;
    let history = FairComClient::new(config)
        .unwrap()
        .package_history(&id("p"))
        .await
        .unwrap();

    let versions: Vec<u32> = history.iter().map(|p| p.version).collect();
    assert_eq!(
        versions,
        [4, 3, 2, 1],
        "one entry per version, newest first"
    );
    assert_eq!(
        history[0].code.as_deref(),
        Some("// current"),
        "the current version wins"
    );
    assert!(history[1..]
        .iter()
        .all(|p| p.code.as_deref() == Some("// history")));

    let pages = seen.of("describeCodePackageHistory");
    assert_eq!(pages.len(), 3, "2 + 2 + an empty page");
    assert_eq!(
        params(&pages[1]),
        &json!({"databaseName": "faircom", "ownerName": "admin", "codeName": "p",
                "codeFormat": "utf8", "skipRecords": 2, "maxRecords": 2})
    );
    assert_eq!(
        params(&seen.of("describeCodePackages")[0]),
        &json!({"databaseName": "faircom", "ownerName": "admin", "codeNames": ["p"], "codeFormat": "utf8"})
    );
}

#[tokio::test]
async fn a_package_without_history_is_its_current_version() {
    let answer = |request: &Value| match request["action"].as_str().unwrap() {
        "describeCodePackages" => data(vec![with_code(package("p", 1), "// v1")]),
        _ => failure(200, 101, "no history records"),
    };
    let (base, _) = fake(answer).await;
    let history = client(&base).package_history(&id("p")).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].version, 1);

    // An unknown package is not found, whatever its history says.
    let (base, _) = fake(|_| failure(200, 101, "Code Package not found")).await;
    assert!(client(&base)
        .package_history(&id("p"))
        .await
        .unwrap_err()
        .is_not_found());
}

// ---------------------------------------------------------------- mutations

#[tokio::test]
async fn mutations_send_the_documented_params_once_even_when_they_fail() {
    let (base, seen) = fake(|_| failure(200, 12345, "refused")).await;
    let client = client(&base);
    let new = NewPackage {
        id: id("fresh"),
        code_type: CodeType::GetRecordsTransform,
        language: "javascript".into(),
        status: CodeStatus::Developing,
        description: "desc".into(),
        metadata: json!({"k": 1}),
        comment: "first".into(),
        code: "// code".into(),
    };
    let to = PackageId {
        database: String::new(),
        owner: String::new(),
        name: "p copy".into(),
    };
    let results = [
        client.revert_package(&id("p"), 3).await,
        client
            .set_package_status(&id("p"), &CodeStatus::Deleted)
            .await,
        client.alter_package_code(&id("p"), "// new", "why").await,
        client.create_package(&new).await,
        client.clone_package(&id("p"), &to).await,
    ];
    for result in &results {
        assert_eq!(
            result,
            &Err(BackendError::FairCom {
                code: 12345,
                message: "refused".into()
            })
        );
    }
    let sent: Vec<(String, Value)> = seen
        .all()
        .into_iter()
        .filter(|r| r["action"] != "createSession")
        .map(|r| {
            (
                r["action"].as_str().unwrap().to_string(),
                r["params"].clone(),
            )
        })
        .collect();
    let identity = json!({"databaseName": "faircom", "ownerName": "admin", "codeName": "p"});
    let with = |extra: Value| {
        let mut params = identity.clone();
        params
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        params
    };
    assert_eq!(
        sent,
        [
            ("revertCodePackage".into(), with(json!({"codeVersion": 3}))),
            (
                "alterCodePackage".into(),
                with(json!({"codeStatus": "deleted"}))
            ),
            (
                "alterCodePackage".into(),
                with(json!({"code": "// new", "codeFormat": "utf8", "comment": "why"}))
            ),
            (
                "createCodePackage".into(),
                json!({"databaseName": "faircom", "ownerName": "admin", "codeName": "fresh",
                       "codeLanguage": "javascript", "codeType": "getRecordsTransform",
                       "codeStatus": "developing", "description": "desc", "metadata": {"k": 1},
                       "comment": "first", "codeFormat": "utf8", "code": "// code"})
            ),
            (
                "cloneCodePackage".into(),
                with(json!({"newCodeName": "p copy"}))
            ),
        ],
        "each sent exactly once"
    );
}

#[tokio::test]
async fn a_mutation_that_fails_on_the_transport_is_not_sent_again() {
    let (base, seen) = fake(|_| (503, "<h1>Service Unavailable</h1>".to_string())).await;
    let error = client(&base)
        .alter_package_code(&id("p"), "// new", "why")
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(seen.of("alterCodePackage").len(), 1);
}

// ---------------------------------------------------------------- every request

#[tokio::test]
async fn every_request_is_an_admin_envelope_without_debug_and_secrets_only_where_they_belong() {
    let answer = |request: &Value| match request["action"].as_str().unwrap() {
        "listCodePackages" => data(vec![package("p", 2)]),
        "describeCodePackages" | "describeCodePackageHistory" => {
            data(vec![with_code(package("p", 2), "//")])
        }
        _ => success(None),
    };
    let (base, seen) = fake(answer).await;
    let client = client(&base);
    let p = id("p");
    list_all(&client).await.unwrap();
    client.describe_package(&p).await.unwrap();
    client.package_history(&p).await.unwrap();
    client.revert_package(&p, 1).await.unwrap();
    client
        .set_package_status(&p, &CodeStatus::Active)
        .await
        .unwrap();
    client.alter_package_code(&p, "//", "c").await.unwrap();
    client.clone_package(&p, &id("q")).await.unwrap();
    client.close().await;

    let requests = seen.all();
    assert_eq!(requests.len(), 10);
    for request in &requests {
        let action = request["action"].as_str().unwrap();
        assert_eq!(request["api"], "admin", "{action}");
        assert!(
            request.get("debug").is_none_or(|d| d == "none"),
            "{action}: debug {:?}",
            request["debug"]
        );
        let text = request.to_string();
        if action == "createSession" {
            assert!(request.get("authToken").is_none());
        } else {
            assert_eq!(request["authToken"], "tok-1", "{action}");
            assert!(!text.contains(PASSWORD), "{action} carries the password");
        }
    }
    assert_eq!(seen.actions().last().unwrap(), "deleteSession");
}

// ---------------------------------------------------------------- ending the session

#[tokio::test]
async fn close_deletes_the_session_and_an_unknown_session_counts_as_ended() {
    for (case, reply) in [
        ("ok", success(Some(json!({})))),
        ("error form", no_session()),
        (
            "warning form",
            (
                200,
                json!({"errorCode": 0, "errorMessage": "", "debugInfo": {"warnings": [
                    {"code": 12031, "message": "'authToken' does not match any existing session."}
                ]}})
                .to_string(),
            ),
        ),
    ] {
        let (base, seen) = fake(move |request| match request["action"].as_str().unwrap() {
            "deleteSession" => reply.clone(),
            _ => data(vec![]),
        })
        .await;
        let client = client(&base);
        list_all(&client).await.unwrap();
        assert_eq!(client.end_session().await, Ok(()), "{case}");
        let deletes = seen.of("deleteSession");
        assert_eq!(deletes.len(), 1, "{case}");
        assert_eq!(deletes[0]["authToken"], "tok-1", "{case}");
        assert!(deletes[0].get("params").is_none(), "{case}");

        // Ended: nothing more to delete, and the next call logs in again.
        client.close().await;
        assert_eq!(seen.of("deleteSession").len(), 1, "{case}");
        list_all(&client).await.unwrap();
        assert_eq!(
            seen.tokens_of("listCodePackages"),
            ["tok-1", "tok-2"],
            "{case}"
        );
    }
}

#[tokio::test]
async fn close_without_a_session_sends_nothing_and_other_failures_are_reported_by_end_session() {
    let (base, seen) = fake(|request| match request["action"].as_str().unwrap() {
        "deleteSession" => failure(500, 12999, "cannot delete"),
        _ => data(vec![]),
    })
    .await;
    let client = client(&base);
    client.close().await;
    assert!(seen.all().is_empty());
    list_all(&client).await.unwrap();
    let error = client.end_session().await.unwrap_err();
    assert!(matches!(error, BackendError::FairCom { code: 12999, .. }));
}

// ---------------------------------------------------------------- in-flight bound

#[tokio::test]
async fn no_more_requests_in_flight_than_configured() {
    const LIMIT: usize = 2;
    let now = Arc::new(AtomicUsize::new(0));
    let max = Arc::new(AtomicUsize::new(0));
    let (gauge_now, gauge_max) = (now.clone(), max.clone());
    let router = Router::new().route(
        "/api",
        post(move |body: String| {
            let (now, max) = (gauge_now.clone(), gauge_max.clone());
            async move {
                let request: Value = serde_json::from_str(&body).unwrap();
                let current = now.fetch_add(1, Ordering::SeqCst) + 1;
                max.fetch_max(current, Ordering::SeqCst);
                for _ in 0..100 {
                    if now.load(Ordering::SeqCst) >= LIMIT {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
                now.fetch_sub(1, Ordering::SeqCst);
                let reply = if request["action"] == "createSession" {
                    json!({"errorCode": 0, "result": {"authToken": "t"}})
                } else {
                    json!({"errorCode": 0, "result": {"data": []}})
                };
                reply.to_string()
            }
        }),
    );
    let base = support::serve(router).await;
    let mut config = config(&base);
    config.max_in_flight = LIMIT;
    let client = FairComClient::new(config).unwrap();
    let filter = PackageFilter::default();
    let results = futures::future::join_all((0..8).map(|_| client.list_packages(&filter))).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(max.load(Ordering::SeqCst), LIMIT);
}

// ---------------------------------------------------------------- configuration

#[tokio::test]
async fn a_faircom_connection_offers_code_packages_only() {
    let (base, seen) = fake(|_| data(vec![])).await;
    let client = client(&base);
    let connection = client.connection();
    assert_eq!(
        connection.services,
        Services {
            auth0: false,
            faircom: true
        }
    );
    assert_eq!(connection.base_url, format!("{base}/"));
    assert!(connection.label.starts_with("127.0.0.1:"));
    assert_eq!(connection.faircom_label, None);
    assert_eq!(
        connection.faircom_tenant(),
        connection.label,
        "journal name"
    );
    for error in [
        client
            .list_actions(&ActionFilter::default())
            .await
            .unwrap_err(),
        client.list_triggers().await.unwrap_err(),
        client.list_modules().await.unwrap_err(),
        client.deploy_action("a").await.unwrap_err(),
    ] {
        assert!(matches!(error, BackendError::Unsupported(_)), "{error:?}");
    }
    assert!(seen.all().is_empty(), "nothing was sent for Auth0 methods");
}

#[test]
fn defaults_and_debug_output_without_the_password() {
    let config = FairComConfig::new(
        parse_faircom_url("faircom.example.com").unwrap(),
        "ADMIN",
        Secret::new(PASSWORD),
    );
    assert_eq!(config.label, "faircom.example.com:8443");
    assert_eq!(
        (config.max_in_flight, config.timeout, config.page_size),
        (4, Duration::from_secs(30), 50)
    );
    let client = FairComClient::new(config.clone()).unwrap();
    assert_eq!(
        client.connection().base_url,
        "https://faircom.example.com:8443/"
    );
    for shown in [format!("{config:?}"), format!("{client:?}")] {
        assert!(shown.contains("faircom.example.com"), "{shown}");
        assert!(!shown.contains(PASSWORD), "password in Debug: {shown}");
    }
    let mut bad = config;
    bad.base_url = url::Url::parse("http://faircom.example.com:8080/").unwrap();
    let error = FairComClient::new(bad).unwrap_err();
    assert!(
        matches!(&error, BackendError::Config(m) if m.contains("loopback")),
        "{error}"
    );
}
