//! The Auth0 client's authoring methods against the emulator over real loopback HTTP: create,
//! update, delete and test actions; create, update and delete modules; executions. What a user
//! would check after each call, and every limit at and one past the boundary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

use std::time::Duration;

use codedeck::authoring::{
    MAX_ACTION_CODE_BYTES, MAX_DEPENDENCIES, MAX_MODULE_CODE_CHARS, MAX_SECRETS,
    MAX_SECRET_VALUE_CHARS,
};
use codedeck::backend::auth0::{parse_base_url, Auth0Client, Auth0Config, Credentials};
use codedeck::backend::{Backend, BackendError};
use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions};
use codedeck::model::{
    ActionFilter, BuildStatus, Dependency, DraftChange, NewAction, NewModule, SecretInput,
    TriggerRef,
};
use codedeck::secret::Secret;

async fn start() -> (EmulatorHandle, Auth0Client) {
    let emu = emulator::spawn(EmulatorOptions {
        build_duration: Duration::from_secs(1),
        deploy_duration: Duration::from_millis(500),
        ..EmulatorOptions::default()
    })
    .await
    .unwrap();
    let config = Auth0Config::new(
        parse_base_url(&emu.base_url()).unwrap(),
        Credentials::Token(Secret::new(emu.token())),
    );
    let client = Auth0Client::new(config).unwrap();
    (emu, client)
}

fn post_login() -> TriggerRef {
    TriggerRef {
        id: "post-login".into(),
        version: "v3".into(),
    }
}

fn new_action(name: &str) -> NewAction {
    NewAction {
        name: name.into(),
        trigger: post_login(),
        runtime: None,
        code: "exports.onExecutePostLogin = async (event, api) => {};".into(),
        dependencies: vec![],
        secrets: vec![],
        deploy: false,
    }
}

fn new_module(name: &str) -> NewModule {
    NewModule {
        name: name.into(),
        code: "module.exports = {};".into(),
        dependencies: vec![],
        secrets: vec![],
        publish: false,
    }
}

fn secret(name: &str, value: Option<&str>) -> SecretInput {
    SecretInput {
        name: name.into(),
        value: value.map(Secret::new),
    }
}

fn dep(name: &str, version: &str) -> Dependency {
    Dependency {
        name: name.into(),
        version: version.into(),
    }
}

fn secrets(n: usize) -> Vec<SecretInput> {
    (0..n)
        .map(|i| secret(&format!("S{i}"), Some("v")))
        .collect()
}

fn deps(n: usize) -> Vec<Dependency> {
    (0..n).map(|i| dep(&format!("pkg{i}"), "1.0.0")).collect()
}

fn secret_names(secrets: &[codedeck::model::SecretName]) -> Vec<&str> {
    secrets.iter().map(|s| s.name.as_str()).collect()
}

/// A 4xx whose message the user reads.
fn refusal(e: &BackendError, status: u16) -> String {
    assert_eq!(e.status(), Some(status), "{e:?}");
    e.to_string()
}

async fn id_of(client: &Auth0Client, name: &str) -> String {
    let filter = ActionFilter {
        action_name: Some(name.into()),
        ..ActionFilter::default()
    };
    client.list_actions(&filter).await.unwrap()[0].id.clone()
}

#[tokio::test]
async fn a_created_action_builds_then_deploys_and_goes_live() {
    let (emu, client) = start().await;
    let mut new = new_action("Hello world");
    new.secrets = vec![secret("API_KEY", Some("k-1"))];
    new.dependencies = vec![dep("lodash", "4.17.21")];
    let created = client.create_action(&new).await.unwrap();
    assert_eq!(created.name, "Hello world");
    assert_eq!(created.status, BuildStatus::Pending);
    assert_eq!(created.runtime, "node22", "the trigger's default runtime");
    assert_eq!(created.trigger_ids(), ["post-login"]);
    assert_eq!(secret_names(&created.secrets), ["API_KEY"]);
    assert_eq!(created.dependencies, new.dependencies);
    assert!(created.deployed_version.is_none() && !created.all_changes_deployed);

    emu.advance_clock(Duration::from_secs(1));
    let built = client.get_action(&created.id).await.unwrap();
    assert_eq!(built.status, BuildStatus::Built);
    assert_eq!(built.code, new.code);
    let version = client.deploy_action(&created.id).await.unwrap();
    assert_eq!(version.number, 1);
    emu.advance_clock(Duration::from_secs(1));
    let live = client.get_action(&created.id).await.unwrap();
    assert!(live.deployed_version.as_ref().unwrap().deployed);
    assert!(live.all_changes_deployed);
}

#[tokio::test]
async fn a_create_with_deploy_answers_deployed_and_goes_live_after_its_build() {
    let (emu, client) = start().await;
    let created = client
        .create_action(&NewAction {
            deploy: true,
            ..new_action("Deployed at once")
        })
        .await
        .unwrap();
    assert!(created.all_changes_deployed, "REC CreateWithDeploy");
    let version = created.deployed_version.expect("deployed_version at once");
    assert_eq!((version.number, version.status), (1, BuildStatus::Pending));

    let building = client.get_action(&created.id).await.unwrap();
    assert!(!building.deployed_version.unwrap().deployed, "not live yet");
    emu.advance_clock(Duration::from_secs(2));
    let live = client.get_action(&created.id).await.unwrap();
    assert_eq!(live.status, BuildStatus::Built);
    let version = live.deployed_version.unwrap();
    assert!(version.deployed);
    assert_eq!(version.status, BuildStatus::Built);
    assert!(live.all_changes_deployed);
}

#[tokio::test]
async fn a_create_is_refused_in_words() {
    let (_emu, client) = start().await;
    let e = client
        .create_action(&new_action("Require MFA for admins"))
        .await
        .unwrap_err();
    assert!(
        refusal(&e, 409).contains("An action named 'Require MFA for admins' already exists"),
        "{e}"
    );
    let e = client
        .create_action(&NewAction {
            runtime: Some("node4".into()),
            ..new_action("Old runtime")
        })
        .await
        .unwrap_err();
    assert_eq!(
        refusal(&e, 400),
        "400 Bad Request: runtime is not supported"
    );
    let e = client
        .create_action(&NewAction {
            trigger: TriggerRef {
                id: "post-logout".into(),
                version: "v1".into(),
            },
            ..new_action("No such trigger")
        })
        .await
        .unwrap_err();
    assert!(
        refusal(&e, 400).contains("'post-logout' does not exist"),
        "{e}"
    );
    let e = client
        .create_action(&NewAction {
            secrets: vec![secret("NEW", None)],
            ..new_action("Valueless")
        })
        .await
        .unwrap_err();
    assert!(refusal(&e, 400).contains("'NEW' has no value"), "{e}");
}

#[tokio::test]
async fn action_limits_hold_at_the_boundary_through_the_client() {
    let (_emu, client) = start().await;
    let at_limit = [
        NewAction {
            code: "a".repeat(MAX_ACTION_CODE_BYTES),
            ..new_action("Code at limit")
        },
        NewAction {
            secrets: secrets(MAX_SECRETS),
            ..new_action("Secrets at limit")
        },
        NewAction {
            dependencies: deps(MAX_DEPENDENCIES),
            ..new_action("Deps at limit")
        },
    ];
    for new in &at_limit {
        client.create_action(new).await.unwrap();
    }
    let over = [
        NewAction {
            code: "a".repeat(MAX_ACTION_CODE_BYTES + 1),
            ..new_action("Code over")
        },
        NewAction {
            secrets: secrets(MAX_SECRETS + 1),
            ..new_action("Secrets over")
        },
        NewAction {
            dependencies: deps(MAX_DEPENDENCIES + 1),
            ..new_action("Deps over")
        },
    ];
    for (new, property) in over.iter().zip(["code", "secrets", "dependencies"]) {
        let e = client.create_action(new).await.unwrap_err();
        let BackendError::Api {
            status: 400,
            error_code: Some(code),
            message,
            ..
        } = &e
        else {
            panic!("{property}: {e:?}");
        };
        assert_eq!(code, "invalid_body");
        assert!(
            message.contains(&format!("on property {property}.")),
            "{message}"
        );
    }
    let id = id_of(&client, "Require MFA for admins").await;
    let e = client
        .update_action(
            &id,
            &DraftChange::code("a".repeat(MAX_ACTION_CODE_BYTES + 1)),
        )
        .await
        .unwrap_err();
    assert!(refusal(&e, 400).contains("100 KB"), "{e}");
    let updated = client
        .update_action(&id, &DraftChange::code("a".repeat(MAX_ACTION_CODE_BYTES)))
        .await
        .unwrap();
    assert_eq!(updated.code.len(), MAX_ACTION_CODE_BYTES);
}

#[tokio::test]
async fn an_update_changes_code_and_dependencies_and_keeps_secrets_listed_by_name() {
    let (emu, client) = start().await;
    let created = client
        .create_action(&NewAction {
            secrets: vec![secret("KEEP", Some("one")), secret("DROP", Some("two"))],
            ..new_action("Edited")
        })
        .await
        .unwrap();
    let kept_at = created.secrets[0].updated_at;
    emu.advance_clock(Duration::from_secs(3));
    let change = DraftChange {
        code: Some("exports.onExecutePostLogin = async () => { /* v2 */ };".into()),
        dependencies: Some(vec![dep("lodash", "4.17.21")]),
        secrets: Some(vec![secret("KEEP", None), secret("ADDED", Some("three"))]),
        ..DraftChange::default()
    };
    let updated = client.update_action(&created.id, &change).await.unwrap();
    assert_eq!(updated.status, BuildStatus::Pending, "a new build starts");
    assert_eq!(updated.code, change.code.clone().unwrap());
    assert_eq!(updated.dependencies, [dep("lodash", "4.17.21")]);
    assert_eq!(secret_names(&updated.secrets), ["KEEP", "ADDED"]);
    assert_eq!(updated.secrets[0].updated_at, kept_at, "KEEP is untouched");
    assert_ne!(updated.secrets[1].updated_at, kept_at);

    let only_code = client
        .update_action(&created.id, &DraftChange::code("exports.x = 1;"))
        .await
        .unwrap();
    assert_eq!(
        secret_names(&only_code.secrets),
        ["KEEP", "ADDED"],
        "omitted: kept"
    );
    assert_eq!(only_code.dependencies, updated.dependencies);
    let cleared = client
        .update_action(
            &created.id,
            &DraftChange {
                secrets: Some(vec![]),
                ..DraftChange::default()
            },
        )
        .await
        .unwrap();
    assert!(cleared.secrets.is_empty());
    let e = client
        .update_action(
            &created.id,
            &DraftChange {
                secrets: Some(SecretInput::keep_all(&updated.secrets)),
                ..DraftChange::default()
            },
        )
        .await
        .unwrap_err();
    assert!(refusal(&e, 400).contains("'KEEP' has no value"), "{e}");
}

#[tokio::test]
async fn deleting_a_bound_action_is_refused_readably_and_force_detaches_it() {
    let (_emu, client) = start().await;
    let before = client.list_bindings("post-login").await.unwrap();
    let victim = before[0].action.clone();
    let e = client.delete_action(&victim.id, false).await.unwrap_err();
    let message = refusal(&e, 409);
    assert!(
        message.contains(&victim.name) && message.contains("post-login"),
        "{message}"
    );
    assert!(message.contains("force"), "says how: {message}");
    client.get_action(&victim.id).await.unwrap();

    client.delete_action(&victim.id, true).await.unwrap();
    assert!(client
        .get_action(&victim.id)
        .await
        .unwrap_err()
        .is_not_found());
    let after = client.list_bindings("post-login").await.unwrap();
    let ids = |list: &[codedeck::model::Binding]| {
        list.iter().map(|b| b.action.id.clone()).collect::<Vec<_>>()
    };
    assert_eq!(
        ids(&after),
        ids(&before)[1..],
        "the others keep their order"
    );
    let e = client.delete_action(&victim.id, true).await.unwrap_err();
    assert!(e.is_not_found());
    assert_eq!(e.to_string(), "404 Not Found: That action does not exist.");

    let created = client
        .create_action(&new_action("Short-lived"))
        .await
        .unwrap();
    client.delete_action(&created.id, false).await.unwrap();
    assert!(client
        .get_action(&created.id)
        .await
        .unwrap_err()
        .is_not_found());
}

#[tokio::test]
async fn a_test_run_reports_the_thrown_error_or_a_success() {
    let (_emu, client) = start().await;
    let created = client
        .create_action(&NewAction {
            code: "exports.onExecutePostLogin = async (event) => {\n  if (!event.tenant) throw new RangeError('tenant missing');\n};".into(),
            ..new_action("Thrower")
        })
        .await
        .unwrap();
    let event = codedeck::authoring::sample_event("post-login");
    let run = client.test_action(&created.id, &event).await.unwrap();
    let error = run.error.expect("the throw is reported");
    assert_eq!(error.name, "RangeError");
    assert_eq!(error.message, "tenant missing");
    assert!(
        error.stack.starts_with("RangeError: tenant missing\n"),
        "{}",
        error.stack
    );
    assert!(run
        .stats
        .iter()
        .any(|(name, _)| name == "total_request_duration_ms"));

    let calm = client.create_action(&new_action("Calm")).await.unwrap();
    let run = client.test_action(&calm.id, &event).await.unwrap();
    assert!(run.error.is_none(), "{:?}", run.payload);
    assert!(!run.stats.is_empty());
    let e = client
        .test_action("00000000-0000-4000-8000-000000000000", &event)
        .await
        .unwrap_err();
    assert!(e.is_not_found());
}

#[tokio::test]
async fn modules_are_created_unique_updated_and_published_on_request() {
    let (_emu, client) = start().await;
    let created = client
        .create_module(&NewModule {
            secrets: vec![secret("TOKEN", Some("t-1"))],
            dependencies: vec![dep("lodash", "4.17.21")],
            ..new_module("fresh-utils")
        })
        .await
        .unwrap();
    assert_eq!(created.name, "fresh-utils");
    assert!(created.latest_version.is_none() && !created.all_changes_published);
    assert_eq!(secret_names(&created.secrets), ["TOKEN"]);
    let e = client
        .create_module(&new_module("fresh-utils"))
        .await
        .unwrap_err();
    assert!(
        refusal(&e, 409).contains("A module named 'fresh-utils' already exists"),
        "{e}"
    );
    let published = client
        .create_module(&NewModule {
            publish: true,
            ..new_module("published-utils")
        })
        .await
        .unwrap();
    assert!(published.all_changes_published);
    assert_eq!(published.latest_version.as_ref().map(|v| v.number), Some(1));
    assert_eq!(
        client
            .list_module_versions(&published.id)
            .await
            .unwrap()
            .len(),
        1
    );

    // Unlike an action's, a module's secret cannot be kept by name alone (its schema requires the
    // value): refused in the service's words, and nothing changes.
    let by_name = DraftChange {
        secrets: Some(vec![secret("TOKEN", None), secret("MORE", Some("m"))]),
        ..DraftChange::default()
    };
    let err = client
        .update_module(&created.id, &by_name)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err}");
    assert!(
        err.to_string().contains("Missing required property: value"),
        "{err}"
    );

    let change = DraftChange {
        code: Some("module.exports = { v: 2 };".into()),
        secrets: Some(vec![secret("TOKEN", Some("t2")), secret("MORE", Some("m"))]),
        ..DraftChange::default()
    };
    let updated = client.update_module(&created.id, &change).await.unwrap();
    assert_eq!(updated.code, "module.exports = { v: 2 };");
    assert_eq!(
        updated.dependencies,
        [dep("lodash", "4.17.21")],
        "omitted: kept"
    );
    assert_eq!(secret_names(&updated.secrets), ["TOKEN", "MORE"]);
    assert!(
        updated.latest_version.is_none(),
        "an update publishes nothing"
    );
}

#[tokio::test]
async fn module_limits_hold_at_the_boundary_through_the_client() {
    let (_emu, client) = start().await;
    let id = client
        .create_module(&new_module("limits"))
        .await
        .unwrap()
        .id;
    let changes_at = [
        DraftChange::code("é".repeat(MAX_MODULE_CODE_CHARS)),
        DraftChange {
            secrets: Some(vec![secret("K", Some(&"v".repeat(MAX_SECRET_VALUE_CHARS)))]),
            ..DraftChange::default()
        },
        DraftChange {
            secrets: Some(secrets(MAX_SECRETS)),
            ..DraftChange::default()
        },
        DraftChange {
            dependencies: Some(deps(MAX_DEPENDENCIES)),
            ..DraftChange::default()
        },
    ];
    for change in &changes_at {
        client.update_module(&id, change).await.unwrap();
    }
    let changes_over = [
        DraftChange::code("é".repeat(MAX_MODULE_CODE_CHARS + 1)),
        DraftChange {
            secrets: Some(vec![secret(
                "K",
                Some(&"v".repeat(MAX_SECRET_VALUE_CHARS + 1)),
            )]),
            ..DraftChange::default()
        },
        DraftChange {
            secrets: Some(secrets(MAX_SECRETS + 1)),
            ..DraftChange::default()
        },
        DraftChange {
            dependencies: Some(deps(MAX_DEPENDENCIES + 1)),
            ..DraftChange::default()
        },
    ];
    for change in &changes_over {
        let e = client.update_module(&id, change).await.unwrap_err();
        assert!(refusal(&e, 400).contains("Payload validation error"), "{e}");
    }
    let module = client.get_module(&id).await.unwrap();
    assert_eq!(module.code.chars().count(), MAX_MODULE_CODE_CHARS);
    assert_eq!(module.secrets.len(), MAX_SECRETS);
    let e = client
        .create_module(&NewModule {
            code: "x".repeat(MAX_MODULE_CODE_CHARS + 1),
            ..new_module("too-big")
        })
        .await
        .unwrap_err();
    assert!(refusal(&e, 400).contains("65536"), "{e}");
}

#[tokio::test]
async fn a_module_in_use_is_not_deleted_and_the_refusal_names_its_actions() {
    let (_emu, client) = start().await;
    let modules = client.list_modules().await.unwrap();
    let helpers = modules.iter().find(|m| m.name == "http-helpers").unwrap();
    let users = client.list_module_actions(&helpers.id).await.unwrap();
    assert!(users.len() >= 2);
    let e = client.delete_module(&helpers.id).await.unwrap_err();
    let message = refusal(&e, 412);
    for usage in &users {
        assert!(message.contains(&usage.action_name), "{message}");
    }
    client.get_module(&helpers.id).await.unwrap();

    let unused = client.create_module(&new_module("unused")).await.unwrap();
    client.delete_module(&unused.id).await.unwrap();
    assert!(client
        .get_module(&unused.id)
        .await
        .unwrap_err()
        .is_not_found());
    assert!(client
        .delete_module(&unused.id)
        .await
        .unwrap_err()
        .is_not_found());
}

#[tokio::test]
async fn executions_read_as_seeded_and_unknown_ones_are_not_found() {
    let (emu, client) = start().await;
    let names: Vec<String> = client
        .list_actions(&ActionFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    let ids: Vec<String> = emu.with_store(|s| s.executions.iter().map(|e| e.id.clone()).collect());
    for id in &ids {
        let execution = client.get_execution(id).await.unwrap();
        assert_eq!(&execution.id, id);
        assert!(!execution.results.is_empty());
        for result in &execution.results {
            assert!(
                names.contains(&result.action_name),
                "{}",
                result.action_name
            );
            assert!(result.started_at.is_some() && result.ended_at.is_some());
        }
    }
    assert!(ids.len() >= 3);
    let e = client
        .get_execution("M9IqRp9wQLaYNrSwz6YPTTIwMjEwNDA0")
        .await
        .unwrap_err();
    assert!(e.is_not_found());
    assert_eq!(
        e.to_string(),
        "404 Not Found: That execution does not exist."
    );
}

#[tokio::test]
async fn a_secret_value_sent_by_the_client_is_never_answered_nor_kept() {
    let (emu, client) = start().await;
    const VALUE: &str = "client-VALUE-41c9e2-never-shown";
    let created = client
        .create_action(&NewAction {
            secrets: vec![secret("TOKEN", Some(VALUE))],
            deploy: true,
            ..new_action("Secretive")
        })
        .await
        .unwrap();
    let updated = client
        .update_action(
            &created.id,
            &DraftChange {
                secrets: Some(vec![secret("TOKEN", Some(&format!("{VALUE}-2")))]),
                ..DraftChange::default()
            },
        )
        .await
        .unwrap();
    let module = client
        .create_module(&NewModule {
            secrets: vec![secret("TOKEN", Some(VALUE))],
            publish: true,
            ..new_module("secretive")
        })
        .await
        .unwrap();
    let module_updated = client
        .update_module(
            &module.id,
            &DraftChange {
                secrets: Some(vec![secret("TOKEN", Some(&format!("{VALUE}-3")))]),
                ..DraftChange::default()
            },
        )
        .await
        .unwrap();
    emu.advance_clock(Duration::from_secs(3));
    let seen = format!(
        "{created:?}{updated:?}{module:?}{module_updated:?}{:?}{:?}{:?}",
        client.get_action(&created.id).await.unwrap(),
        client.list_action_versions(&created.id).await.unwrap(),
        client.list_module_versions(&module.id).await.unwrap(),
    );
    assert!(seen.contains("TOKEN") && !seen.contains(VALUE), "{seen}");
    let kept = emu.with_store(|store| format!("{store:?}"));
    assert!(!kept.contains(VALUE), "the emulator keeps names only");
}
