//! The Auth0 client against the emulator over real loopback HTTP: the same rules the real service has.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

use std::time::Duration;

use codedeck::backend::auth0::{
    parse_base_url, Auth0Client, Auth0Config, Credentials, RetryPolicy,
};
use codedeck::backend::{Backend, BackendError};
use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions, Fault, RateLimit};
use codedeck::flows::{self, ApplyError};
use codedeck::model::{ActionFilter, BindingPolicy, BoundAction};
use codedeck::secret::Secret;

fn client(emu: &EmulatorHandle) -> Auth0Client {
    client_with(emu, Credentials::Token(Secret::new(emu.token())))
}

fn client_with(emu: &EmulatorHandle, credentials: Credentials) -> Auth0Client {
    let mut config = Auth0Config::new(parse_base_url(&emu.base_url()).unwrap(), credentials);
    config.retry = fast_retries();
    Auth0Client::new(config).unwrap()
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        rate_limit_retries: 3,
        transient_retries: 2,
        backoff_base: Duration::from_millis(10),
        backoff_cap: Duration::from_millis(200),
        max_server_wait: Duration::from_millis(300),
    }
}

async fn emulator_with(f: impl FnOnce(&mut EmulatorOptions)) -> EmulatorHandle {
    let mut opts = EmulatorOptions::default();
    f(&mut opts);
    emulator::spawn(opts).await.unwrap()
}

#[tokio::test]
async fn short_pages_still_yield_every_action_and_version() {
    let full = emulator_with(|_| {}).await;
    let short = emulator_with(|o| o.max_per_page = 3).await;
    let all = client(&full)
        .list_actions(&ActionFilter::default())
        .await
        .unwrap();
    let paged = client(&short)
        .list_actions(&ActionFilter::default())
        .await
        .unwrap();
    assert!(all.len() > 3);
    let names = |v: &[codedeck::model::Action]| {
        let mut n: Vec<String> = v.iter().map(|a| a.name.clone()).collect();
        n.sort();
        n
    };
    assert_eq!(names(&all), names(&paged));
    assert!(short.request_count("GET", "/api/v2/actions/actions") >= all.len().div_ceil(3));

    let most_versions = {
        let c = client(&full);
        let mut best = (0, String::new());
        for a in &all {
            let n = c.list_action_versions(&a.id).await.unwrap().len();
            if n > best.0 {
                best = (n, a.id.clone());
            }
        }
        best
    };
    let versions = client(&short)
        .list_action_versions(&most_versions.1)
        .await
        .unwrap();
    assert_eq!(versions.len(), most_versions.0);
    assert!(
        versions.windows(2).all(|w| w[0].number > w[1].number),
        "newest first, no repeats"
    );
}

#[tokio::test]
async fn trigger_filter_and_name_filter_reach_the_server() {
    let emu = emulator_with(|_| {}).await;
    let c = client(&emu);
    let post_login = c
        .list_actions(&ActionFilter {
            trigger_id: Some("post-login".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(!post_login.is_empty());
    assert!(post_login
        .iter()
        .all(|a| a.trigger_ids().contains(&"post-login")));
    let one = c
        .list_actions(&ActionFilter {
            action_name: Some(post_login[0].name.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].id, post_login[0].id);
}

#[tokio::test]
async fn not_found_is_a_typed_404_with_auth0s_message() {
    let emu = emulator_with(|_| {}).await;
    let e = client(&emu)
        .get_action("00000000-0000-0000-0000-000000000000")
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e:?}");
    assert_eq!(e.to_string(), "404 Not Found: That action does not exist.");
}

#[tokio::test]
async fn rate_limited_reads_wait_and_succeed() {
    let emu = emulator_with(|o| {
        o.rate_limit = Some(RateLimit {
            burst: 2,
            per_second: 20.0,
            send_retry_after: true,
        });
    })
    .await;
    // Another client spends the bucket: codedeck's first read is refused, waits as told
    // (Retry-After) and succeeds.
    let other = reqwest::Client::new();
    let url = format!("{}/api/v2/actions/triggers", emu.base_url());
    let mut spent = 0;
    loop {
        spent += 1;
        let answer = other
            .get(&url)
            .bearer_auth(emu.token())
            .send()
            .await
            .unwrap();
        if answer.status().as_u16() == 429 {
            break;
        }
    }
    client(&emu).list_triggers().await.unwrap();
    assert!(
        emu.request_count("GET", "/api/v2/actions/triggers") > spent + 1,
        "codedeck's first read was answered 429 and asked again"
    );
}

#[tokio::test]
async fn reads_pace_themselves_to_the_bucket() {
    let emu = emulator_with(|o| {
        o.rate_limit = Some(RateLimit {
            burst: 2,
            per_second: 20.0,
            send_retry_after: false,
        });
    })
    .await;
    let c = client(&emu);
    // Six reads against a bucket of two: the client reads the x-ratelimit headers and waits for
    // a token instead of sending into the limit; every read succeeds.
    for _ in 0..6 {
        c.list_triggers().await.unwrap();
    }
    let sent = emu.request_count("GET", "/api/v2/actions/triggers");
    assert!(
        sent <= 7,
        "{sent} requests for 6 reads: the client sent into the limit"
    );
}

#[tokio::test]
async fn rate_limit_that_outlasts_the_retries_is_reported() {
    let emu = emulator_with(|o| {
        o.rate_limit = Some(RateLimit {
            burst: 1,
            per_second: 0.01,
            send_retry_after: false,
        });
    })
    .await;
    let c = client(&emu);
    c.list_triggers().await.unwrap();
    let e = c.list_triggers().await.unwrap_err();
    assert!(matches!(e, BackendError::RateLimited { .. }), "{e:?}");
    assert!(
        e.to_string().contains("Global limit has been reached"),
        "{e}"
    );
}

#[tokio::test]
async fn client_credentials_token_is_fetched_once_and_reused() {
    let emu = emulator_with(|_| {}).await;
    let c = client_with(
        &emu,
        Credentials::ClientCredentials {
            client_id: emu.client_id(),
            client_secret: emu.client_secret(),
        },
    );
    let modules = c.list_modules().await.unwrap();
    for m in &modules {
        c.get_module(&m.id).await.unwrap();
        c.list_module_versions(&m.id).await.unwrap();
    }
    assert_eq!(emu.request_count("POST", "/oauth/token"), 1);
}

#[tokio::test]
async fn an_expired_token_is_replaced() {
    let emu = emulator_with(|o| o.token_ttl = Duration::from_secs(1)).await;
    let c = client_with(
        &emu,
        Credentials::ClientCredentials {
            client_id: emu.client_id(),
            client_secret: emu.client_secret(),
        },
    );
    c.list_triggers().await.unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    c.list_triggers().await.unwrap();
    assert_eq!(emu.request_count("POST", "/oauth/token"), 2);
}

#[tokio::test]
async fn malformed_bodies_are_clear_errors_and_the_next_call_works() {
    let emu = emulator_with(|_| {}).await;
    let c = client(&emu);
    emu.inject_fault("/api/v2/actions/modules", Fault::NonJson);
    let e = c.list_modules().await.unwrap_err();
    assert!(matches!(e, BackendError::Decode { .. }), "{e:?}");
    assert!(e.to_string().contains("/actions/modules"), "{e}");

    emu.inject_fault("/api/v2/actions/modules", Fault::Truncated);
    assert!(matches!(
        c.list_modules().await.unwrap_err(),
        BackendError::Decode { .. }
    ));

    emu.inject_fault("/api/v2/actions/triggers", Fault::Html500);
    let e = c.list_triggers().await.unwrap_err();
    assert_eq!(e.status(), Some(500), "{e:?}");
    assert!(
        !e.to_string().contains('<'),
        "no HTML soup in the message: {e}"
    );

    assert_eq!(
        c.list_modules().await.unwrap().len(),
        3,
        "faults are one-shot; nothing is broken after"
    );
}

#[tokio::test]
async fn bindings_modules_and_triggers_decode_from_the_emulator() {
    let emu = emulator_with(|_| {}).await;
    let c = client(&emu);
    let triggers = c.list_triggers().await.unwrap();
    let entity_bound: Vec<_> = triggers
        .iter()
        .filter(|t| t.binding_policy == Some(BindingPolicy::EntityBound))
        .collect();
    assert!(!entity_bound.is_empty());
    assert!(c
        .list_bindings(&entity_bound[0].id)
        .await
        .unwrap()
        .is_empty());

    let bindings = c.list_bindings("post-login").await.unwrap();
    assert!(bindings.len() >= 2);
    assert!(
        bindings.iter().all(|b| b.action.is_deployed()),
        "only deployed actions can be bound"
    );

    for m in c.list_modules().await.unwrap() {
        let versions = c.list_module_versions(&m.id).await.unwrap();
        assert_eq!(
            versions.first().map(|v| v.number),
            m.latest_version_number()
        );
        let users = c.list_module_actions(&m.id).await.unwrap();
        assert_eq!(users.len() as u32, m.actions_using_module_total);
        if let Some(v) = versions.last() {
            assert_eq!(c.get_module_version(&m.id, &v.id).await.unwrap(), *v);
        }
    }
}

#[tokio::test]
async fn unknown_trigger_ids_and_statuses_decode_and_are_kept() {
    let emu = emulator_with(|_| {}).await;
    let body = serde_json::json!({
        "actions": [{
            "id": "7d2f4a8e-0000-4000-8000-000000000001",
            "name": "Future trigger action",
            "supported_triggers": [{"id": "brand-new-trigger", "version": "v9"}],
            "code": "exports.onExecuteBrandNew = async () => {};",
            "runtime": "node24",
            "status": "quantum-building",
            "all_changes_deployed": false,
            "some_field_from_2027": {"nested": true}
        }],
        "total": 1,
        "per_page": 100
    });
    emu.inject_fault("/api/v2/actions/actions", Fault::Status(200, body));
    let actions = client(&emu)
        .list_actions(&ActionFilter::default())
        .await
        .unwrap();
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0].trigger_ids(), vec!["brand-new-trigger"]);
    assert_eq!(
        actions[0].status,
        codedeck::model::BuildStatus::Other("quantum-building".into())
    );
    assert_eq!(actions[0].runtime, "node24");
}

#[tokio::test]
async fn bindings_of_an_unknown_trigger_are_a_404_in_words() {
    let emu = emulator_with(|_| {}).await;
    let e = client(&emu)
        .list_bindings("no-such-trigger")
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e:?}");
    assert!(e.to_string().contains("does not exist"), "{e}");
}

// ---- Writes: deploy, roll back, publish, module rollback and edit, against the emulator's rules.

const HOUR: Duration = Duration::from_hours(1);
const MUST_BE_BUILT: &str = "A draft must be in the 'built' state before it can be deployed.";

/// Builds and deploys take an hour: nothing finishes until the test moves the emulator's clock.
async fn slow_emulator() -> EmulatorHandle {
    emulator_with(|o| {
        o.build_duration = HOUR;
        o.deploy_duration = HOUR;
    })
    .await
}

fn action_id(emu: &EmulatorHandle, name: &str) -> String {
    emu.with_store(|s| s.action_named(name).unwrap().id.clone())
}

fn module_id(emu: &EmulatorHandle, name: &str) -> String {
    emu.with_store(|s| s.module_named(name).unwrap().id.clone())
}

fn deploy_path(action_id: &str) -> String {
    format!("/api/v2/actions/actions/{action_id}/deploy")
}

/// The `BackendError::Api` a refused write must be, with its status and message.
fn api_refusal(e: BackendError) -> (u16, String) {
    match e {
        BackendError::Api {
            status, message, ..
        } => (status, message),
        other => panic!("expected an API refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_deploy_answers_unfinished_and_goes_live_later() {
    let emu = slow_emulator().await;
    let c = client(&emu);
    let id = action_id(&emu, "Require MFA for admins");
    let before = c.get_action(&id).await.unwrap();
    let version = c.deploy_action(&id).await.unwrap();
    assert!(!version.deployed);
    assert_eq!(version.status, codedeck::model::BuildStatus::Built);
    assert_eq!(version.code, before.code);
    assert_eq!(
        version.number,
        before.deployed_version.as_ref().unwrap().number + 1
    );

    let going_live = c.get_action(&id).await.unwrap();
    let shown = going_live.deployed_version.unwrap();
    assert_eq!(
        (shown.id.as_str(), shown.deployed),
        (version.id.as_str(), false)
    );
    assert!(!going_live.all_changes_deployed);

    emu.advance_clock(HOUR);
    let live = c.get_action(&id).await.unwrap();
    assert!(live.deployed_version.unwrap().deployed);
    assert!(live.all_changes_deployed);
    assert_eq!(emu.request_count("POST", &deploy_path(&id)), 1);
}

#[tokio::test]
async fn a_rollback_is_a_new_version_and_the_old_one_is_untouched() {
    let emu = emulator_with(|_| {}).await;
    let c = client(&emu);
    let id = action_id(&emu, "Limit M2M scopes");
    let versions = c.list_action_versions(&id).await.unwrap();
    let (newest, oldest) = (versions.first().unwrap(), versions.last().unwrap());
    let draft_before = c.get_action(&id).await.unwrap().code;

    let rolled = c
        .deploy_action_version(&id, &oldest.id, false)
        .await
        .unwrap();
    assert_eq!(rolled.number, newest.number + 1);
    assert_ne!(rolled.id, oldest.id);
    assert_eq!(rolled.code, oldest.code);
    assert_eq!(
        c.get_action_version(&id, &oldest.id).await.unwrap(),
        *oldest
    );
    assert_eq!(
        c.get_action(&id).await.unwrap().code,
        draft_before,
        "without update_draft the draft stays"
    );
}

#[tokio::test]
async fn a_failed_build_reaches_the_user_in_words_and_is_asked_once() {
    let emu = emulator_with(|_| {}).await;
    let c = client(&emu);
    let id = action_id(&emu, "Validate signup metadata");
    let (status, message) = api_refusal(c.deploy_action(&id).await.unwrap_err());
    assert_eq!(status, 400);
    assert!(message.starts_with(MUST_BE_BUILT), "{message}");
    assert!(
        message.contains("The draft failed to build: npm ERR!"),
        "{message}"
    );
    assert_eq!(emu.request_count("POST", &deploy_path(&id)), 1);
}

#[tokio::test]
async fn deploying_while_the_draft_builds_is_refused_without_retry_then_works_once_built() {
    let emu = slow_emulator().await;
    let c = client(&emu);
    let id = action_id(&emu, "Geo-block sanctioned countries");
    // The Backend trait has no action edit: start the build with a raw PATCH, as the dashboard's
    // user would in Auth0's editor.
    let edited = reqwest::Client::new()
        .patch(format!("{}/api/v2/actions/actions/{id}", emu.base_url()))
        .bearer_auth(emu.token())
        .json(&serde_json::json!({"code": "exports.onExecutePostLogin = async () => {};"}))
        .send()
        .await
        .unwrap();
    assert_eq!(edited.status(), 200);

    let (status, message) = api_refusal(c.deploy_action(&id).await.unwrap_err());
    assert_eq!((status, message.as_str()), (400, MUST_BE_BUILT));
    assert_eq!(
        emu.request_count("POST", &deploy_path(&id)),
        1,
        "a refused deploy is not retried"
    );

    emu.advance_clock(HOUR);
    let version = c.deploy_action(&id).await.unwrap();
    assert_eq!(version.code, "exports.onExecutePostLogin = async () => {};");
    assert_eq!(emu.request_count("POST", &deploy_path(&id)), 2);
}

#[tokio::test]
async fn module_publish_rollback_and_restore_through_the_client() {
    let emu = emulator_with(|_| {}).await;
    let c = client(&emu);
    let id = module_id(&emu, "claims-utils");
    let saved = c.get_module(&id).await.unwrap();
    assert!(saved.draft_unpublished());
    let versions = c.list_module_versions(&id).await.unwrap();

    let published = c.publish_module(&id).await.unwrap();
    assert_eq!(published.number, versions[0].number + 1);
    assert_eq!(published.code, saved.code);
    let (status, message) = api_refusal(c.publish_module(&id).await.unwrap_err());
    assert_eq!(
        (status, message.as_str()),
        (409, "No draft version is available to publish.")
    );

    let first = versions.last().unwrap();
    let rolled = c.rollback_module(&id, &first.id).await.unwrap();
    assert_eq!(rolled.code, first.code);
    assert!(rolled.draft_unpublished());
    let (status, message) = api_refusal(c.rollback_module(&id, &first.id).await.unwrap_err());
    assert_eq!(
        (status, message.as_str()),
        (
            409,
            "The specified version is already the current draft version."
        )
    );

    let restored = c.update_module_code(&id, &saved.code).await.unwrap();
    assert_eq!(restored.code, saved.code);
    assert!(
        !restored.draft_unpublished(),
        "the draft equals the latest version again"
    );
    assert_eq!(
        c.list_module_versions(&id).await.unwrap().len(),
        versions.len() + 1,
        "rollback and edit publish nothing"
    );
}

#[tokio::test]
async fn module_code_over_the_limit_is_refused_in_words() {
    let emu = emulator_with(|_| {}).await;
    let id = module_id(&emu, "claims-utils");
    let e = client(&emu)
        .update_module_code(&id, &"x".repeat(65_537))
        .await
        .unwrap_err();
    let (status, message) = api_refusal(e);
    assert_eq!(status, 400);
    assert!(message.contains("maximum 65536"), "{message}");
}

#[tokio::test]
async fn server_errors_and_429s_on_mutations_are_not_retried() {
    let emu = emulator_with(|_| {}).await;
    let c = client(&emu);
    let id = action_id(&emu, "Require MFA for admins");
    let unavailable = serde_json::json!({"statusCode": 503, "error": "Service Unavailable", "message": "try later"});

    // A read with the same fault is retried: the counter can see retries.
    emu.inject_fault(
        &format!("/api/v2/actions/actions/{id}"),
        Fault::Status(503, unavailable.clone()),
    );
    c.get_action(&id).await.unwrap();
    assert_eq!(
        emu.request_count("GET", &format!("/api/v2/actions/actions/{id}")),
        2
    );

    emu.inject_fault(&deploy_path(&id), Fault::Status(503, unavailable));
    let e = c.deploy_action(&id).await.unwrap_err();
    assert_eq!(e.status(), Some(503), "{e:?}");
    assert_eq!(emu.request_count("POST", &deploy_path(&id)), 1);

    let module = module_id(&emu, "claims-utils");
    let publish_path = format!("/api/v2/actions/modules/{module}/versions");
    let published_before = c.list_module_versions(&module).await.unwrap().len();
    let too_many = serde_json::json!({"statusCode": 429, "error": "Too Many Requests", "message": "Global limit has been reached", "errorCode": "too_many_requests"});
    emu.inject_fault(&publish_path, Fault::Status(429, too_many));
    let e = c.publish_module(&module).await.unwrap_err();
    assert!(matches!(e, BackendError::RateLimited { .. }), "{e:?}");
    assert_eq!(emu.request_count("POST", &publish_path), 1);
    assert_eq!(
        c.list_module_versions(&module).await.unwrap().len(),
        published_before,
        "nothing was published behind the user's back"
    );
}

// ---- Bindings: the complete order through the client, its refusals, and the conflict guard.

const POST_LOGIN: &str = "/api/v2/actions/triggers/post-login/bindings";

fn bound(action_id: &str, display_name: &str) -> BoundAction {
    BoundAction {
        action_id: action_id.to_string(),
        display_name: display_name.to_string(),
    }
}

/// Another client's PATCH, as raw HTTP: `(action id, display name)` in order.
async fn patch_bindings_raw(emu: &EmulatorHandle, order: &[BoundAction]) {
    let bindings: Vec<serde_json::Value> = order
        .iter()
        .map(|b| serde_json::json!({"ref": {"type": "action_id", "value": b.action_id}, "display_name": b.display_name}))
        .collect();
    let resp = reqwest::Client::new()
        .patch(format!("{}{POST_LOGIN}", emu.base_url()))
        .bearer_auth(emu.token())
        .json(&serde_json::json!({ "bindings": bindings }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
}

#[tokio::test]
async fn update_bindings_sends_the_complete_order_and_answers_it_with_new_ids() {
    let emu = emulator_with(|_| {}).await;
    let c = client(&emu);
    let before = c.list_bindings("post-login").await.unwrap();
    let mut order = flows::order_of(&before);
    order.reverse();
    order[0].display_name = "Geo-block first".into();
    order.push(bound(
        &action_id(&emu, "Progressive profiling"),
        "Progressive profiling",
    ));

    let answer = c.update_bindings("post-login", &order).await.unwrap();
    assert_eq!(
        flows::order_of(&answer),
        order,
        "the sent order, names kept"
    );
    assert!(answer
        .iter()
        .all(|b| before.iter().all(|old| old.id != b.id)));
    assert!(answer.iter().all(|b| b.trigger_id == "post-login"));
    assert_eq!(answer[3].action.name, "Progressive profiling");
    assert!(answer[3].action.is_deployed());
    assert_eq!(
        flows::order_of(&c.list_bindings("post-login").await.unwrap()),
        order
    );
    assert_eq!(emu.request_count("PATCH", POST_LOGIN), 1);
}

#[tokio::test]
async fn every_bindings_refusal_reaches_the_user_in_words_and_changes_nothing() {
    let emu = emulator_with(|_| {}).await;
    let c = client(&emu);
    let before = c.list_bindings("post-login").await.unwrap();
    let roles = action_id(&emu, "Add role claims to tokens");
    let cases: Vec<(&str, Vec<BoundAction>, String)> = vec![
        (
            "post-login",
            vec![bound(&roles, "Roles"), bound(&roles, "Roles again")],
            "400 Bad Request: Action 'Add role claims to tokens' is bound more than once; an action can be bound to a trigger only once.".into(),
        ),
        (
            "post-login",
            (0..21).map(|_| bound(&roles, "Roles")).collect(),
            "400 Bad Request: A trigger can run at most 20 actions; the request binds 21.".into(),
        ),
        (
            "post-login",
            vec![bound(&action_id(&emu, "Block legacy user agents"), "Legacy")],
            "400 Bad Request: Action 'Block legacy user agents' must be deployed before it can be bound.".into(),
        ),
        (
            "post-login",
            vec![bound(&action_id(&emu, "Limit M2M scopes"), "M2M")],
            "400 Bad Request: Action 'Limit M2M scopes' does not support the trigger 'post-login'.".into(),
        ),
        (
            "post-login",
            vec![bound("00000000-0000-4000-8000-000000000000", "Ghost")],
            "400 Bad Request: Could not find an action for binding reference action_id '00000000-0000-4000-8000-000000000000'.".into(),
        ),
        (
            "event-stream",
            vec![],
            "400 Bad Request: cannot update action bindings for an entity-bound trigger".into(),
        ),
    ];
    for (trigger, order, words) in cases {
        let e = c.update_bindings(trigger, &order).await.unwrap_err();
        let (status, _) = api_refusal(e.clone());
        assert_eq!(status, 400, "{e:?}");
        assert_eq!(e.to_string(), words);
    }
    let after = c.list_bindings("post-login").await.unwrap();
    assert_eq!(after, before, "ids and all: nothing was replaced");
}

#[tokio::test]
async fn apply_sends_nothing_when_another_client_changed_the_order_since_it_was_loaded() {
    let emu = emulator_with(|_| {}).await;
    let c = client(&emu);
    let seen = flows::order_of(&c.list_bindings("post-login").await.unwrap());
    let mine = flows::moved(&seen, 0, 2);
    // Someone else drops the last binding meanwhile.
    let theirs = seen[..2].to_vec();
    patch_bindings_raw(&emu, &theirs).await;

    let refused = flows::apply(&c, "post-login", &seen, &mine).await;
    let Err(ApplyError::Changed(now)) = refused else {
        panic!("expected the conflict, got {refused:?}");
    };
    assert_eq!(flows::order_of(&now), theirs, "the server's order is shown");
    assert_eq!(
        emu.request_count("PATCH", POST_LOGIN),
        1,
        "only the other client's PATCH"
    );
    assert_eq!(
        flows::order_of(&c.list_bindings("post-login").await.unwrap()),
        theirs
    );

    // From the order as it is now, the same change goes through.
    let mine = flows::moved(&theirs, 0, 1);
    let answer = flows::apply(&c, "post-login", &theirs, &mine)
        .await
        .unwrap();
    assert_eq!(flows::order_of(&answer), mine);
    assert_eq!(emu.request_count("PATCH", POST_LOGIN), 2);
}

#[tokio::test]
async fn a_failed_bindings_patch_is_never_retried_and_changes_nothing() {
    let emu = emulator_with(|_| {}).await;
    let c = client(&emu);
    let before = c.list_bindings("post-login").await.unwrap();
    let seen = flows::order_of(&before);
    let mine = flows::moved(&seen, 2, 0);
    let unavailable = serde_json::json!({"statusCode": 503, "error": "Service Unavailable", "message": "try later"});
    let too_many = serde_json::json!({"statusCode": 429, "error": "Too Many Requests", "message": "Global limit has been reached", "errorCode": "too_many_requests"});

    emu.inject_fault_on("PATCH", POST_LOGIN, Fault::Status(503, unavailable.clone()));
    let e = c.update_bindings("post-login", &mine).await.unwrap_err();
    assert_eq!(e.status(), Some(503), "{e:?}");
    assert!(e.to_string().contains("try later"), "{e}");
    assert_eq!(emu.request_count("PATCH", POST_LOGIN), 1);

    emu.inject_fault_on("PATCH", POST_LOGIN, Fault::Status(429, too_many));
    let e = c.update_bindings("post-login", &mine).await.unwrap_err();
    assert!(matches!(e, BackendError::RateLimited { .. }), "{e:?}");
    assert_eq!(emu.request_count("PATCH", POST_LOGIN), 2);

    // Through the guard: its GET passes, the PATCH fails once and is reported, not repeated.
    emu.inject_fault_on("PATCH", POST_LOGIN, Fault::Html500);
    let refused = flows::apply(&c, "post-login", &seen, &mine).await;
    let Err(ApplyError::Backend(e)) = refused else {
        panic!("expected the service's error, got {refused:?}");
    };
    assert_eq!(e.status(), Some(500), "{e:?}");
    assert_eq!(emu.request_count("PATCH", POST_LOGIN), 3);

    assert_eq!(c.list_bindings("post-login").await.unwrap(), before);
}
