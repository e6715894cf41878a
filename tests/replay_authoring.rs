//! The client's authoring methods replay go-auth0's recorded write traffic (create, create with
//! deploy, update, test, delete) against a replay server built from each cassette, over real
//! loopback HTTP, and read the recorded answers the way a user would see them. The server matches
//! method, path and query (not bodies; see support/replay.rs), and every recorded interaction must
//! be used exactly once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use codedeck::backend::auth0::{
    parse_base_url, Auth0Client, Auth0Config, Credentials, RetryPolicy,
};
use codedeck::backend::Backend;
use codedeck::model::{BuildStatus, Dependency, DraftChange, NewAction, SecretInput, TriggerRef};
use codedeck::secret::Secret;
use support::cassette;
use support::replay::ReplayServer;

/// The replay server of one go-auth0 cassette and a client for it; `None` without ../shared.
async fn replay(file: &str) -> Option<(ReplayServer, Auth0Client, usize)> {
    let dir = cassette::recordings_dir(&support::shared_dir()?);
    let interactions = cassette::load(&dir, &dir.join("go-auth0").join(file));
    let count = interactions.len();
    let server = ReplayServer::start(interactions).await;
    let base = parse_base_url(&server.base_url).expect("loopback URL");
    let mut config = Auth0Config::new(base, Credentials::Token(Secret::new("replay-token")));
    config.retry = RetryPolicy {
        transient_retries: 0,
        rate_limit_retries: 0,
        ..RetryPolicy::default()
    };
    Some((server, Auth0Client::new(config).expect("client"), count))
}

fn all_served(server: &ReplayServer, count: usize) {
    assert_eq!(server.unmatched(), Vec::<String>::new());
    assert_eq!(
        server.take_served().len(),
        count,
        "every interaction replayed"
    );
}

/// What go-auth0's tests create: post-login v2, lodash 4.0.0, one secret.
fn go_auth0_action(name: &str) -> NewAction {
    NewAction {
        name: name.into(),
        trigger: TriggerRef {
            id: "post-login".into(),
            version: "v2".into(),
        },
        runtime: None,
        code: "exports.onExecutePostLogin = async (event, api) => {}".into(),
        dependencies: vec![Dependency {
            name: "lodash".into(),
            version: "4.0.0".into(),
        }],
        secrets: vec![SecretInput {
            name: "mySecretName".into(),
            value: Some(Secret::new("mySecretValue")),
        }],
        deploy: false,
    }
}

#[tokio::test]
async fn create_then_delete() {
    let Some((server, client, count)) = replay("TestActionManager_Create.yaml").await else {
        return;
    };
    let created = client
        .create_action(&go_auth0_action("Test Action (Jan 25 18:41:51.023)"))
        .await
        .unwrap();
    assert_eq!(created.id, "8b049653-0b15-49fc-9d4c-c66fbc4af8cb");
    assert_eq!(created.status, BuildStatus::Pending);
    assert_eq!(created.runtime, "node16");
    assert_eq!(created.trigger_ids(), ["post-login"]);
    assert_eq!(created.dependencies[0].name, "lodash");
    assert_eq!(created.secrets[0].name, "mySecretName");
    assert!(created.secrets[0].updated_at.is_some());
    assert!(!created.all_changes_deployed && created.deployed_version.is_none());
    client.delete_action(&created.id, false).await.unwrap();
    all_served(&server, count);
}

#[tokio::test]
async fn create_with_deploy_then_read_until_deployed() {
    let Some((server, client, count)) = replay("TestActionManager_CreateWithDeploy.yaml").await
    else {
        return;
    };
    let new = NewAction {
        trigger: TriggerRef {
            id: "custom-token-exchange".into(),
            version: "v1".into(),
        },
        runtime: Some("node18".into()),
        dependencies: vec![],
        deploy: true,
        ..go_auth0_action("Test Action (Jan 13 11:50:54.438)")
    };
    let created = client.create_action(&new).await.unwrap();
    assert!(created.all_changes_deployed);
    let version = created.deployed_version.as_ref().unwrap();
    assert_eq!(
        (version.number, version.status.clone()),
        (1, BuildStatus::Pending)
    );
    for _ in 0..2 {
        let read = client.get_action(&created.id).await.unwrap();
        assert_eq!(read.status, BuildStatus::Built);
        let version = read.deployed_version.unwrap();
        assert!(version.deployed);
        assert_eq!(version.status, BuildStatus::Built);
    }
    client.delete_action(&created.id, false).await.unwrap();
    all_served(&server, count);
}

#[tokio::test]
async fn create_update_delete() {
    let Some((server, client, count)) = replay("TestActionManager_Update.yaml").await else {
        return;
    };
    let created = client
        .create_action(&go_auth0_action("Test Action (Jan 25 18:41:52.032)"))
        .await
        .unwrap();
    let change = DraftChange {
        code: Some(
            "exports.onExecutePostLogin = async (event, api) => { api.user.setUserMetadata('myParam', 'foo'); };"
                .into(),
        ),
        secrets: Some(SecretInput::keep_all(&created.secrets)),
        ..DraftChange::default()
    };
    let updated = client.update_action(&created.id, &change).await.unwrap();
    assert_eq!(updated.code, change.code.unwrap());
    assert_eq!(updated.status, BuildStatus::Pending);
    assert_eq!(updated.secrets[0].name, "mySecretName");
    assert_ne!(updated.updated_at, created.updated_at);
    client.delete_action(&created.id, false).await.unwrap();
    all_served(&server, count);
}

#[tokio::test]
async fn create_wait_for_the_build_then_test() {
    let Some((server, client, count)) = replay("TestActionManager_Test.yaml").await else {
        return;
    };
    let created = client
        .create_action(&go_auth0_action("Test Action (Jan 25 18:42:15.555)"))
        .await
        .unwrap();
    // go-auth0's ensureActionBuilt: poll until built.
    let mut polls = 0;
    while client.get_action(&created.id).await.unwrap().status != BuildStatus::Built {
        polls += 1;
        assert!(polls < 3, "built on the third read");
    }
    let payload = serde_json::json!({"event": {"user": {"email": "j+smith@example.com", "emailVerified": true, "id": "auth0|5f7c8ec7c33c6c004bbafe82"}}});
    let run = client.test_action(&created.id, &payload).await.unwrap();
    let error = run.error.expect("the recorded run threw");
    assert_eq!(error.name, "TypeError");
    assert_eq!(
        error.message,
        "Cannot read properties of undefined (reading 'id')"
    );
    assert!(error.stack.starts_with("TypeError: Cannot read properties"));
    let total = run
        .stats
        .iter()
        .find(|(name, _)| name == "total_request_duration_ms")
        .map(|(_, ms)| *ms);
    assert_eq!(total, Some(103.0));
    client.delete_action(&created.id, false).await.unwrap();
    all_served(&server, count);
}

#[tokio::test]
async fn delete_then_read_and_delete_again_are_not_found() {
    let Some((server, client, count)) = replay("TestActionManager_Delete.yaml").await else {
        return;
    };
    let created = client
        .create_action(&go_auth0_action("Test Action (Jan 25 18:41:52.683)"))
        .await
        .unwrap();
    client.delete_action(&created.id, false).await.unwrap();
    let e = client.get_action(&created.id).await.unwrap_err();
    assert!(e.is_not_found());
    let e = client.delete_action(&created.id, false).await.unwrap_err();
    assert!(e.is_not_found());
    assert_eq!(e.to_string(), "404 Not Found: That action does not exist.");
    all_served(&server, count);
}
