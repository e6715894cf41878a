//! Tenant logs (issue 18): the Auth0 client against the emulator over loopback HTTP — both paging
//! modes, the `Link` header, the 1 000 cap, the 414, an unknown checkpoint, the logs rate limit
//! while the actions calls continue (request counts, not timings), secret stripping with a planted
//! value, events lacking optional fields or of unknown types, executions past 10 days, and the
//! `sapi` identity of both demo tokens.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

use std::time::Duration;

use codedeck::backend::auth0::{
    parse_base_url, Auth0Client, Auth0Config, Credentials, RetryPolicy,
};
use codedeck::backend::{Backend, BackendError};
use codedeck::emulator::{self, seed, EmulatorHandle, EmulatorOptions, Fault, RateLimit};
use codedeck::model::logs::{is_unknown_checkpoint, Author, LogClass, LogEvent};
use codedeck::model::{ActionFilter, DraftChange, SecretInput};
use codedeck::secret::Secret;

fn client_with(emu: &EmulatorHandle, token: Secret) -> Auth0Client {
    let mut config = Auth0Config::new(
        parse_base_url(&emu.base_url()).unwrap(),
        Credentials::Token(token),
    );
    config.retry = RetryPolicy {
        rate_limit_retries: 3,
        transient_retries: 2,
        backoff_base: Duration::from_millis(10),
        backoff_cap: Duration::from_millis(200),
        max_server_wait: Duration::from_millis(300),
    };
    Auth0Client::new(config).unwrap()
}

fn client(emu: &EmulatorHandle) -> Auth0Client {
    client_with(emu, Secret::new(emu.token()))
}

async fn demo() -> EmulatorHandle {
    emulator_with(|_| {}).await
}

async fn emulator_with(f: impl FnOnce(&mut EmulatorOptions)) -> EmulatorHandle {
    let mut opts = EmulatorOptions {
        // Most tests read more than the self-service burst; the limit has its own tests.
        logs_rate_limit: None,
        ..EmulatorOptions::default()
    };
    f(&mut opts);
    emulator::spawn(opts).await.unwrap()
}

const LOGS: &str = "/api/v2/logs";

#[tokio::test]
async fn search_pages_newest_first_and_filters_by_type() {
    let emu = demo().await;
    let client = client(&emu);
    let first = client.search_logs(None, 0, 20).await.unwrap();
    let second = client.search_logs(None, 1, 20).await.unwrap();
    assert_eq!((first.len(), second.len()), (20, 20));
    let dates: Vec<_> = first.iter().chain(&second).map(|e| e.date).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert!(first
        .iter()
        .all(|e| !second.iter().any(|s| s.log_id == e.log_id)));

    let failures = client
        .search_logs(Some("type:actions_execution_failed"), 0, 100)
        .await
        .unwrap();
    assert!(!failures.is_empty(), "the demo has failures at once");
    assert!(failures.iter().all(LogEvent::is_failure));
    assert!(failures
        .iter()
        .all(|e| e.failed_action_name() == Some(seed::BAD_ACTION)));
    assert!(failures.iter().all(|e| e.execution_ids().len() == 1));

    let changes = client.search_logs(Some("type:sapi"), 0, 100).await.unwrap();
    assert!(changes.iter().all(|e| e.is_in(LogClass::Changes)));
    let bad = changes
        .iter()
        .find(|e| matches!(e.author(), Some(Author::Dashboard { .. })))
        .expect("the bad deploy was made in the Dashboard");
    assert_eq!(
        bad.author(),
        Some(Author::Dashboard {
            user: "alice@acme.example".into()
        })
    );
    assert!(changes.iter().any(|e| e.author()
        == Some(Author::Machine {
            client: "deploy-cli".into()
        })));
}

#[tokio::test]
async fn checkpoint_pages_follow_the_link_header_oldest_first() {
    let emu = demo().await;
    let client = client(&emu);
    let all = emu.log_events();
    let start = all[0]["log_id"].as_str().unwrap().to_string();
    let mut from = start.clone();
    let mut seen = Vec::new();
    for _ in 0..100 {
        let page = client.logs_from(&from, 100).await.unwrap();
        let next = page
            .next
            .clone()
            .expect("every checkpoint page links the next");
        if page.events.is_empty() {
            assert_eq!(next, from, "an empty page links where it stood");
            break;
        }
        assert_eq!(next, page.events.last().unwrap().log_id);
        seen.extend(page.events.into_iter().map(|e| e.log_id));
        from = next;
    }
    let expected: Vec<String> = all[1..]
        .iter()
        .map(|e| e["log_id"].as_str().unwrap().to_string())
        .collect();
    // Logins due while paging are appended; every event written before is there, in order.
    assert_eq!(&seen[..expected.len()], &expected[..]);
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "ids grow");
    assert!(emu.request_count("GET", LOGS) >= expected.len().div_ceil(100));
}

#[tokio::test]
async fn past_the_thousandth_result_is_refused_before_sending() {
    let emu = demo().await;
    let client = client(&emu);
    assert!(client.search_logs(None, 9, 100).await.is_ok());
    let sent = emu.request_count("GET", LOGS);
    let error = client.search_logs(None, 10, 100).await.unwrap_err();
    assert!(matches!(error, BackendError::Config(_)), "{error:?}");
    assert!(error.to_string().contains("first 1000"), "{error}");
    let error = client.search_logs(None, 0, 101).await.unwrap_err();
    assert!(error.to_string().contains("at most 100"), "{error}");
    assert_eq!(emu.request_count("GET", LOGS), sent, "nothing was sent");
}

#[tokio::test]
async fn a_too_long_query_is_a_414_in_words() {
    let emu = demo().await;
    let q = format!("type:s {}", "x".repeat(3000));
    let error = client(&emu).search_logs(Some(&q), 0, 10).await.unwrap_err();
    assert_eq!(error.status(), Some(414), "{error:?}");
    assert!(error.to_string().contains("query is too long"), "{error}");
}

#[tokio::test]
async fn an_unknown_checkpoint_is_told_apart() {
    let emu = demo().await;
    let client = client(&emu);
    let error = client
        .logs_from(
            "90020000000000000000000000000000000000000000000000000099999999",
            50,
        )
        .await
        .unwrap_err();
    assert!(is_unknown_checkpoint(&error), "{error:?}");
    // The way back: the newest event, from a search.
    let newest = client.search_logs(None, 0, 1).await.unwrap();
    let page = client.logs_from(&newest[0].log_id, 50).await.unwrap();
    assert!(page.events.iter().all(|e| e.log_id > newest[0].log_id));
    assert!(!is_unknown_checkpoint(&BackendError::Api {
        status: 400,
        error: "Bad Request".into(),
        message: "something else".into(),
        error_code: None,
    }));
}

#[tokio::test]
async fn the_logs_limit_refuses_logs_while_the_actions_calls_go_on() {
    // A bucket that never refills: the fourth logs call is refused, asking for longer than the
    // client waits, so it is not retried.
    let emu = emulator_with(|o| {
        o.logs_rate_limit = Some(RateLimit {
            burst: 3,
            per_second: 0.0,
            send_retry_after: false,
        });
    })
    .await;
    let client = client(&emu);
    for _ in 0..3 {
        client.search_logs(None, 0, 5).await.unwrap();
    }
    let error = client.search_logs(None, 0, 5).await.unwrap_err();
    assert!(
        matches!(error, BackendError::RateLimited { .. }),
        "{error:?}"
    );
    assert_eq!(emu.request_count("GET", LOGS), 4);
    for _ in 0..5 {
        client.list_actions(&ActionFilter::default()).await.unwrap();
    }
    assert_eq!(emu.request_count("GET", "/api/v2/actions/actions"), 5);
}

#[tokio::test]
async fn the_logs_pacer_is_apart_from_the_actions_pacer() {
    // A small logs bucket that refills: the client learns it and paces the logs calls alone.
    let emu = emulator_with(|o| {
        o.logs_rate_limit = Some(RateLimit {
            burst: 2,
            per_second: 20.0,
            send_retry_after: false,
        });
    })
    .await;
    let client = client(&emu);
    let logs = async {
        for _ in 0..12 {
            client.search_logs(Some("type:s"), 0, 5).await.unwrap();
        }
    };
    let actions = async {
        for _ in 0..12 {
            client.list_actions(&ActionFilter::default()).await.unwrap();
        }
    };
    tokio::join!(logs, actions);
    let sent = emu.request_count("GET", LOGS);
    assert!((12..=12 + 6).contains(&sent), "{sent} logs requests for 12");
    assert_eq!(emu.request_count("GET", "/api/v2/actions/actions"), 12);
}

#[tokio::test]
async fn a_secret_value_never_leaves_the_client() {
    let emu = demo().await;
    let client = client(&emu);
    // A write with a secret: the emulator logs it masked, as Auth0 does.
    let action = client
        .list_actions(&ActionFilter::default())
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.name == "Audit password changes")
        .unwrap();
    let change = DraftChange {
        secrets: Some(vec![SecretInput {
            name: "AUDIT_API_KEY".into(),
            value: Some(Secret::new("planted-secret-value-k9")),
        }]),
        ..DraftChange::default()
    };
    client.update_action(&action.id, &change).await.unwrap();
    let raw = serde_json::to_string(&emu.log_events()).unwrap();
    assert!(!raw.contains("planted-secret-value-k9"));
    let changes = client.search_logs(Some("type:sapi"), 0, 5).await.unwrap();
    let logged = &changes[0];
    assert_eq!(logged.request_method().as_deref(), Some("PATCH"));
    assert_eq!(
        logged.event["details"]["request"]["body"]["secrets"][0]["value"],
        "*****"
    );

    // A service that did not mask it: the client strips it before the event leaves.
    let planted = serde_json::json!([{
        "log_id": "900200000000000000000000000000000000000000000000000000000001",
        "date": "2026-12-01T10:00:00.000Z",
        "type": "sapi",
        "details": {
            "request": {"method": "post", "path": "/api/v2/actions/actions", "channel": "api",
                "body": {"name": "x", "secrets": [{"name": "K", "value": "planted-unmasked-v7"}]}},
            "response": {"statusCode": 201,
                "body": {"secrets": [{"name": "K", "value": "planted-unmasked-v7"}]}}
        }
    }]);
    emu.inject_fault(LOGS, Fault::Status(200, planted));
    let events = client.search_logs(None, 0, 5).await.unwrap();
    let shown = serde_json::to_string(&events[0].event).unwrap();
    assert!(!shown.contains("planted-unmasked-v7"), "{shown}");
    assert!(!format!("{events:?}").contains("planted-unmasked-v7"));
}

#[tokio::test]
async fn events_lacking_optional_fields_or_of_unknown_types_are_kept() {
    let emu = demo().await;
    let body = serde_json::json!([
        {"log_id": "1", "date": "2026-12-01T10:00:00Z"},
        {"_id": "2", "date": "2026-12-01T10:00:01.5Z", "type": "a_type_from_the_future",
         "details": {"actions": "not an object"}},
        {"type": "s", "description": "no id: cannot be paged past"}
    ]);
    emu.inject_fault(LOGS, Fault::Status(200, body));
    let events = client(&emu).search_logs(None, 0, 10).await.unwrap();
    let ids: Vec<&str> = events.iter().map(|e| e.log_id.as_str()).collect();
    assert_eq!(ids, ["1", "2"]);
    assert_eq!(events[0].kind, "");
    assert_eq!(events[0].description, None);
    assert_eq!(events[1].kind, "a_type_from_the_future");
    assert!(events[1].execution_ids().is_empty());
    assert_eq!(events[1].author(), None);
}

#[tokio::test]
async fn an_execution_past_ten_days_is_a_404_in_words() {
    let emu = demo().await;
    let client = client(&emu);
    let failure = client
        .search_logs(Some("type:actions_execution_failed"), 0, 1)
        .await
        .unwrap()
        .remove(0);
    let id = failure.execution_ids().remove(0);
    let execution = client.get_execution(&id).await.unwrap();
    let failed = execution
        .results
        .iter()
        .find(|r| r.action_name == seed::BAD_ACTION)
        .unwrap();
    assert!(failed.error.is_some(), "{execution:?}");
    emu.advance_clock(Duration::from_hours(11 * 24));
    let gone = client.get_execution(&id).await.unwrap_err();
    assert!(gone.is_not_found(), "{gone:?}");
    assert_eq!(
        gone.to_string(),
        "404 Not Found: That execution does not exist."
    );
}

#[tokio::test]
async fn changes_are_logged_with_the_identity_of_each_demo_token() {
    let emu = demo().await;
    let machine = client(&emu);
    let dashboard = client_with(&emu, emu.dashboard_token());
    let actions = machine
        .list_actions(&ActionFilter::default())
        .await
        .unwrap();
    let id = |name: &str| actions.iter().find(|a| a.name == name).unwrap().id.clone();
    let code = |text: &str| DraftChange {
        code: Some(text.into()),
        ..DraftChange::default()
    };
    machine
        .update_action(
            &id("Validate signup metadata"),
            &code("// by the machine\n"),
        )
        .await
        .unwrap();
    dashboard
        .update_action(&id("Limit M2M scopes"), &code("// by Alice\n"))
        .await
        .unwrap();
    let changes = machine.search_logs(Some("type:sapi"), 0, 2).await.unwrap();
    let (by_alice, by_machine) = (&changes[0], &changes[1]);
    assert_eq!(
        by_machine.author(),
        Some(Author::Machine {
            client: emu.client_name()
        })
    );
    assert_eq!(by_machine.event["details"]["request"]["channel"], "api");
    assert!(by_machine.is_action_change());
    assert_eq!(
        by_alice.author(),
        Some(Author::Dashboard {
            user: "alice@acme.example".into()
        })
    );
    let request = &by_alice.event["details"]["request"];
    assert_eq!(request["channel"], "https://manage.auth0.com/");
    assert_eq!(request["auth"]["user"]["name"], "Alice Martin");
    assert_eq!(request["method"], "patch");
    assert!(request["path"]
        .as_str()
        .unwrap()
        .starts_with("/api/v2/actions/actions/"));
}

#[tokio::test]
async fn the_archive_keeps_what_it_reads_and_offline_answers_from_it() {
    use codedeck::archive::{Archived, Offline};
    use codedeck::store::{Place, Store};
    use std::sync::Arc;

    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(data.path().join("history.sqlite3"))
        .unwrap()
        .shared();
    let live = client(&emu);
    let info = live.connection();
    let archived = Archived::new(Arc::new(live), store.clone());
    let planted = serde_json::json!([{
        "log_id": "900200000000000000000000000000000000000000000000000000000002",
        "date": "2026-12-01T10:00:00.000Z", "type": "sapi", "description": "Update an Action",
        "details": {"request": {"method": "patch", "path": "/api/v2/actions/actions/a1",
            "body": {"secrets": [{"name": "K", "value": "planted-archive-value-3"}]}}}
    }]);
    emu.inject_fault(LOGS, Fault::Status(200, planted));
    let first = archived.search_logs(None, 0, 10).await.unwrap();
    let failures = archived
        .search_logs(Some("type:actions_execution_failed"), 0, 30)
        .await
        .unwrap();
    assert_eq!(failures.len(), 30);
    let newest = archived.search_logs(None, 0, 1).await.unwrap();
    let place = Place::auth0(&info.label);
    {
        let kept = store.lock().unwrap();
        let read: std::collections::BTreeSet<&str> = first
            .iter()
            .chain(&failures)
            .chain(&newest)
            .map(|e| e.log_id.as_str())
            .collect();
        assert_eq!(kept.log_event_count(&place).unwrap(), read.len() as u64);
        assert_eq!(
            kept.newest_log_id(&place).unwrap(),
            Some(newest[0].log_id.clone())
        );
    }
    let raw = std::fs::read(data.path().join("history.sqlite3")).unwrap();
    let needle = b"planted-archive-value-3";
    assert!(!raw.windows(needle.len()).any(|w| w == needle));

    let offline = Offline::new(store.clone(), info);
    let kept_failures = offline
        .search_logs(Some("type:actions_execution_failed"), 0, 100)
        .await
        .unwrap();
    assert_eq!(kept_failures.len(), 30);
    let page = offline.search_logs(None, 1, 10).await.unwrap();
    assert_eq!(page.len(), 10);
    let tail = offline
        .logs_from(&kept_failures[1].log_id, 10)
        .await
        .unwrap();
    assert!(tail
        .events
        .iter()
        .any(|e| e.log_id == kept_failures[0].log_id));
}
