//! The emulator's tenant log over real loopback HTTP (issue 18): the events a real tenant writes
//! (`sapi` per accepted write, scheduled logins with executions, the demo's bad deploy), search
//! mode and its limits, checkpoint mode and its `Link` header, an unknown checkpoint, and the logs
//! rate limit apart from the actions calls.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

use codedeck::emulator::logs::LOGIN_EVERY;
use codedeck::emulator::{self, limits, seed, EmulatorHandle, EmulatorOptions, Seed};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

async fn start(f: impl FnOnce(&mut EmulatorOptions)) -> EmulatorHandle {
    let mut opts = EmulatorOptions {
        logs_rate_limit: None,
        ..EmulatorOptions::default()
    };
    f(&mut opts);
    emulator::spawn(opts).await.unwrap()
}

struct Answer {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

async fn send(
    emu: &EmulatorHandle,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> Answer {
    let mut request = Client::new()
        .request(method, format!("{}{path}", emu.base_url()))
        .bearer_auth(emu.token());
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.json().await.unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        body,
    }
}

async fn get(emu: &EmulatorHandle, path: &str) -> Answer {
    send(emu, reqwest::Method::GET, path, None).await
}

fn ids(events: &Value) -> Vec<String> {
    events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["log_id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_demo_log_holds_its_deploys_and_the_failures_after_the_bad_one() {
    let emu = start(|_| {}).await;
    let events = emu.log_events();
    let kinds = |kind: &str| events.iter().filter(|e| e["type"] == kind).count();
    assert!(kinds("sapi") >= 40, "a sapi event per seeded deploy");
    assert!(kinds("actions_execution_failed") >= 24);
    assert!(kinds("s") >= 12);
    // Every event has the fields codedeck relies on, in the shapes of real events.
    for event in &events {
        assert_eq!(event["_id"], event["log_id"]);
        assert!(event["date"].as_str().unwrap().ends_with('Z'));
    }
    let bad_deploy = events
        .iter()
        .find(|e| {
            e["type"] == "sapi" && e["details"]["request"]["channel"] == "https://manage.auth0.com/"
        })
        .unwrap();
    assert_eq!(bad_deploy["details"]["request"]["method"], "post");
    assert_eq!(
        bad_deploy["details"]["request"]["auth"]["user"]["email"],
        "alice@acme.example"
    );
    assert_eq!(bad_deploy["client_name"], "");
    // No failure before the bad deploy; failures after it name the action and its execution.
    let at = |e: &Value| e["date"].as_str().unwrap().to_string();
    let failures: Vec<&Value> = events
        .iter()
        .filter(|e| e["type"] == "actions_execution_failed")
        .collect();
    assert!(failures.iter().all(|f| at(f) > at(bad_deploy)));
    for failure in &failures {
        assert_eq!(failure["details"]["action_name"], seed::BAD_ACTION);
        assert_eq!(failure["description"], seed::BAD_ERROR);
        assert_eq!(
            failure["details"]["actions"]["executions"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }
    // The hour before the start already ran: recent failures whose executions are still kept.
    let recent = failures.last().unwrap();
    let id = recent["details"]["actions"]["executions"][0]
        .as_str()
        .unwrap();
    let execution = get(&emu, &format!("/api/v2/actions/executions/{id}")).await;
    assert_eq!(execution.status, StatusCode::OK, "{}", execution.body);
    assert_eq!(execution.body["trigger_id"], "post-login");
    let results = execution.body["results"].as_array().unwrap();
    let last = results.last().unwrap();
    assert_eq!(last["action_name"], seed::BAD_ACTION);
    assert_eq!(last["error"]["msg"], seed::BAD_ERROR);
    // Eleven days on, the same execution is past the 10 days Auth0 keeps them.
    emu.advance_clock(std::time::Duration::from_hours(11 * 24));
    let gone = get(&emu, &format!("/api/v2/actions/executions/{id}")).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert_eq!(gone.body["message"], "That execution does not exist.");
}

#[tokio::test]
async fn logins_run_on_the_clock_and_a_roll_back_stops_the_failures() {
    let emu = start(|_| {}).await;
    let before = emu.log_events().len();
    emu.advance_clock(LOGIN_EVERY * 6);
    let after = emu.log_events();
    assert!(after.len() >= before + 5, "{} then {}", before, after.len());
    // Roll the bad action back to the version before (a new version with its content).
    let actions = get(&emu, "/api/v2/actions/actions?per_page=100").await.body;
    let bad = actions["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == seed::BAD_ACTION)
        .unwrap();
    let id = bad["id"].as_str().unwrap();
    let versions = get(&emu, &format!("/api/v2/actions/actions/{id}/versions"))
        .await
        .body;
    let previous = versions["versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["number"] == bad["deployed_version"]["number"].as_u64().unwrap() - 1)
        .unwrap();
    let path = format!(
        "/api/v2/actions/actions/{id}/versions/{}/deploy",
        previous["id"].as_str().unwrap()
    );
    let rolled = send(&emu, reqwest::Method::POST, &path, Some(json!({}))).await;
    assert!(rolled.status.is_success(), "{}", rolled.body);
    // While the roll back's deploy is under way, logins may still fail; once one succeeds, the
    // rest do.
    let seen = emu.log_events().len();
    emu.advance_clock(LOGIN_EVERY * 12);
    let later = emu.log_events();
    let logins: Vec<&serde_json::Value> = later[seen..]
        .iter()
        .filter(|e| e["type"] != "sapi")
        .collect();
    let first_ok = logins
        .iter()
        .position(|e| e["type"] == "s")
        .unwrap_or_else(|| panic!("a login succeeds once the roll back is live: {logins:?}"));
    let since = &logins[first_ok..];
    assert!(since.len() >= 5, "{since:?}");
    assert!(since.iter().all(|e| e["type"] == "s"), "{since:?}");
    // The roll back itself was logged, by the machine client.
    let deploy = later.iter().rev().find(|e| e["type"] == "sapi").unwrap();
    assert_eq!(deploy["details"]["request"]["path"], path);
    assert_eq!(deploy["client_name"], emu.client_name());
    assert_eq!(deploy["details"]["request"]["channel"], "api");
}

#[tokio::test]
async fn search_filters_sorts_pages_and_keeps_to_its_limits() {
    let emu = start(|_| {}).await;
    let failures = get(
        &emu,
        "/api/v2/logs?q=type:actions_execution_failed&per_page=100",
    )
    .await;
    assert_eq!(failures.status, StatusCode::OK);
    let list = failures.body.as_array().unwrap();
    assert!(list.iter().all(|e| e["type"] == "actions_execution_failed"));
    let dates: Vec<&str> = list.iter().map(|e| e["date"].as_str().unwrap()).collect();
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "sort=date:-1 by default"
    );
    let oldest_first = get(&emu, "/api/v2/logs?q=type:sapi&sort=date:1&per_page=3")
        .await
        .body;
    let newest_first = get(&emu, "/api/v2/logs?q=type:sapi&sort=date:-1&per_page=3")
        .await
        .body;
    assert_ne!(ids(&oldest_first), ids(&newest_first));
    let free_text = get(&emu, "/api/v2/logs?q=Cannot%20read%20properties&per_page=5")
        .await
        .body;
    assert!(free_text
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["type"] == "actions_execution_failed"));
    let by_field = get(&emu, "/api/v2/logs?q=client_name:deploy*&per_page=5")
        .await
        .body;
    assert!(!by_field.as_array().unwrap().is_empty());
    assert!(by_field
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["client_name"] == "deploy-cli"));

    let page = |p: u32| format!("/api/v2/logs?page={p}&per_page=100");
    assert_eq!(get(&emu, &page(9)).await.status, StatusCode::OK);
    let capped = get(&emu, &page(10)).await;
    assert_eq!(capped.status, StatusCode::BAD_REQUEST);
    assert!(capped.body["message"]
        .as_str()
        .unwrap()
        .contains("first 1000"));
    let big = get(&emu, "/api/v2/logs?per_page=101").await;
    assert_eq!(big.status, StatusCode::BAD_REQUEST);

    let at_limit = "x".repeat(limits::MAX_LOG_QUERY_CHARS);
    assert_eq!(
        get(&emu, &format!("/api/v2/logs?q={at_limit}"))
            .await
            .status,
        StatusCode::OK
    );
    let too_long = format!("{at_limit}x");
    let refused = get(&emu, &format!("/api/v2/logs?q={too_long}")).await;
    assert_eq!(refused.status, StatusCode::URI_TOO_LONG);
}

#[tokio::test]
async fn checkpoints_link_the_next_page_and_an_unknown_one_is_refused() {
    let emu = start(|_| {}).await;
    let all = emu.log_events();
    let first = all[0]["log_id"].as_str().unwrap();
    // Other parameters are ignored in checkpoint mode.
    let page = get(
        &emu,
        &format!("/api/v2/logs?from={first}&take=5&q=type:sapi&per_page=1"),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    let got = ids(&page.body);
    let expected: Vec<String> = all[1..6]
        .iter()
        .map(|e| e["log_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(got, expected);
    let link = page.headers["link"].to_str().unwrap();
    assert!(
        link.ends_with(&format!(
            "/api/v2/logs?from={}&take=5>; rel=\"next\"",
            got[4]
        )),
        "{link}"
    );
    let unknown = get(&emu, "/api/v2/logs?from=90020999&take=5").await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(unknown.body["errorCode"], "invalid_from");
    let default_take = get(&emu, &format!("/api/v2/logs?from={first}")).await;
    assert_eq!(default_take.body.as_array().unwrap().len(), 50);
}

#[tokio::test]
async fn the_logs_limit_is_apart_from_the_actions_limit() {
    let emu = start(|o| o.logs_rate_limit = Some(emulator::logs_rate_limit())).await;
    let mut refused = 0;
    for _ in 0..limits::LOGS_BURST + 3 {
        let answer = get(&emu, "/api/v2/logs?per_page=1").await;
        if answer.status == StatusCode::TOO_MANY_REQUESTS {
            refused += 1;
        } else {
            assert_eq!(answer.headers["x-ratelimit-limit"], "10");
        }
    }
    // The bucket refills 100 a minute: at most one token came back meanwhile.
    assert!((2..=3).contains(&refused), "{refused} refused");
    for _ in 0..20 {
        let actions = get(&emu, "/api/v2/actions/actions").await;
        assert_eq!(actions.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn an_empty_tenant_logs_writes_and_logins_without_executions() {
    let emu = start(|o| o.seed = Seed::Empty).await;
    let created = send(
        &emu,
        reqwest::Method::POST,
        "/api/v2/actions/modules",
        Some(json!({"name": "m", "code": "module.exports = {};",
            "secrets": [{"name": "K", "value": "emulator-planted-value"}]})),
    )
    .await;
    assert!(created.status.is_success(), "{}", created.body);
    emu.advance_clock(LOGIN_EVERY * 3);
    let events = emu.log_events();
    let text = serde_json::to_string(&events).unwrap();
    assert!(!text.contains("emulator-planted-value"));
    let sapi = events.iter().find(|e| e["type"] == "sapi").unwrap();
    assert_eq!(
        sapi["details"]["request"]["body"]["secrets"][0]["value"],
        "*****"
    );
    assert_eq!(sapi["details"]["response"]["statusCode"], 201);
    let logins: Vec<&Value> = events.iter().filter(|e| e["type"] == "s").collect();
    assert!(!logins.is_empty());
    assert!(logins.iter().all(|e| e["details"].get("actions").is_none()));
    // A refused write logs nothing.
    let changes = |emu: &EmulatorHandle| {
        emu.log_events()
            .iter()
            .filter(|e| e["type"] == "sapi")
            .count()
    };
    let count = changes(&emu);
    let refused = send(
        &emu,
        reqwest::Method::POST,
        "/api/v2/actions/modules",
        Some(json!({})),
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(changes(&emu), count);
}
