//! The emulator's authoring endpoints over real loopback HTTP: create, delete and test actions,
//! create and delete modules, the limits of every write (at the limit accepted, one over refused),
//! secrets by name, and the shapes of the recorded Auth0 answers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::collections::BTreeSet;
use std::time::Duration;

use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions};
use codedeck::model::limits::{
    MAX_ACTION_CODE_BYTES, MAX_DEPENDENCIES, MAX_DEPENDENCY_VERSION_CHARS, MAX_MODULE_CODE_CHARS,
    MAX_NAME_CHARS, MAX_SECRETS, MAX_SECRET_VALUE_CHARS,
};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};
use support::cassette;

struct Emu {
    handle: EmulatorHandle,
    http: Client,
}

impl Emu {
    async fn start() -> Self {
        let handle = emulator::spawn(EmulatorOptions::default())
            .await
            .expect("emulator starts");
        Self {
            handle,
            http: Client::new(),
        }
    }

    /// Status and body (`Value::Null` for an empty one).
    async fn send(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut request = self
            .http
            .request(method, format!("{}/api/v2{path}", self.handle.base_url()))
            .bearer_auth(self.handle.token());
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        let text = response.text().await.expect("body");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}"))
        };
        (status, body)
    }

    async fn get(&self, path: &str) -> Value {
        let (status, body) = self.send(Method::GET, path, None).await;
        assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
        body
    }

    async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::POST, path, Some(body)).await
    }

    async fn patch(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::PATCH, path, Some(body)).await
    }

    async fn delete(&self, path: &str) -> (StatusCode, Value) {
        self.send(Method::DELETE, path, None).await
    }

    async fn action_id(&self, name: &str) -> String {
        let list = self.get("/actions/actions?per_page=100").await;
        list["actions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == name)
            .unwrap_or_else(|| panic!("{name} is seeded"))["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    async fn module_id(&self, name: &str) -> String {
        let list = self.get("/actions/modules").await;
        list["modules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == name)
            .unwrap_or_else(|| panic!("{name} is seeded"))["id"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

fn new_action(name: &str) -> Value {
    json!({
        "name": name,
        "supported_triggers": [{"id": "post-login", "version": "v3"}],
        "code": "exports.onExecutePostLogin = async (event, api) => {};",
    })
}

fn new_module(name: &str) -> Value {
    json!({"name": name, "code": "module.exports = {};"})
}

fn with(mut body: Value, key: &str, value: Value) -> Value {
    body[key] = value;
    body
}

fn secrets(n: usize) -> Value {
    (0..n)
        .map(|i| json!({"name": format!("S{i}"), "value": "v"}))
        .collect()
}

fn deps(n: usize) -> Value {
    (0..n)
        .map(|i| json!({"name": format!("pkg{i}"), "version": "1.0.0"}))
        .collect()
}

/// A 400 `invalid_body` naming `property`.
fn assert_invalid_body(status: StatusCode, body: &Value, property: &str) {
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["errorCode"], "invalid_body", "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(
        message.starts_with("Payload validation error: ") && message.contains(property),
        "{property}: {message}"
    );
}

fn assert_error(status: StatusCode, body: &Value, expected: StatusCode, message: &str) {
    assert_eq!(status, expected, "{body}");
    assert_eq!(body["statusCode"], expected.as_u16());
    assert_eq!(body["error"], expected.canonical_reason().unwrap());
    assert_eq!(body["message"], message, "{body}");
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .cloned()
        .collect()
}

/// The JSON body of interaction `index` of a recording, or `None` without ../shared.
fn recorded(file: &str, index: usize) -> Option<Value> {
    let dir = cassette::recordings_dir(&support::shared_dir()?);
    let interactions = cassette::load(&dir, &dir.join(file));
    Some(interactions[index].json())
}

#[tokio::test]
async fn a_created_action_has_the_recorded_shape_and_builds_from_pending() {
    let emu = Emu::start().await;
    let body = with(
        new_action("Fresh action"),
        "secrets",
        json!([{"name": "API_KEY", "value": "s3cr3t-create"}]),
    );
    let body = with(
        body,
        "dependencies",
        json!([{"name": "lodash", "version": "4.17.21", "registry_url": "https://www.npmjs.com/package/lodash"}]),
    );
    let (status, created) = emu.post("/actions/actions", body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["status"], "pending");
    assert_eq!(created["runtime"], "node22", "post-login v3's default");
    assert_eq!(created["all_changes_deployed"], false);
    assert_eq!(
        created["supported_triggers"],
        json!([{"id": "post-login", "version": "v3"}])
    );
    assert_eq!(
        created["dependencies"],
        json!([{"name": "lodash", "version": "4.17.21"}])
    );
    assert_eq!(
        keys(&created["secrets"][0]),
        keys(&json!({"name": 0, "updated_at": 0}))
    );
    assert_eq!(created["secrets"][0]["name"], "API_KEY");
    assert!(created.get("deployed_version").is_none());
    if let Some(rec) = recorded("go-auth0/TestActionManager_Create.yaml", 0) {
        assert_eq!(keys(&created), keys(&rec), "the keys of REC's 201");
    }

    let id = created["id"].as_str().unwrap();
    let path = format!("/actions/actions/{id}");
    assert_eq!(emu.get(&path).await["status"], "pending");
    emu.handle.advance_clock(Duration::from_secs(2));
    let built = emu.get(&path).await;
    assert_eq!(built["status"], "built");
    assert_eq!(built["secrets"], created["secrets"]);
    let listed = emu.get("/actions/actions?actionName=Fresh%20action").await;
    assert_eq!(listed["actions"][0]["id"], id);

    let (status, old) = emu
        .post(
            "/actions/actions",
            json!({"name": "On v2", "supported_triggers": [{"id": "post-login", "version": "v2"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        old["runtime"], "node16",
        "REC Create: post-login v2 defaults to node16"
    );
    assert_eq!(old["code"], "");
}

#[tokio::test]
async fn a_create_with_deploy_answers_deployed_and_goes_live_after_the_build() {
    let emu = Emu::start().await;
    let (status, created) = emu
        .post(
            "/actions/actions",
            with(new_action("Deployed"), "deploy", json!(true)),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(
        created["all_changes_deployed"], true,
        "REC CreateWithDeploy"
    );
    assert_eq!(created["deployed_version"]["status"], "pending");
    assert_eq!(created["deployed_version"]["number"], 1);
    assert_eq!(created["current_version"]["status"], "PENDING");
    assert!(created["deployed_version"].get("built_at").is_none());
    if let Some(rec) = recorded("go-auth0/TestActionManager_CreateWithDeploy.yaml", 0) {
        assert_eq!(keys(&created), keys(&rec), "the keys of REC's 201");
        let ours = keys(&created["deployed_version"]);
        assert!(
            keys(&rec["deployed_version"]).is_subset(&ours),
            "{ours:?} has REC's deployed_version keys"
        );
    }
    let path = format!("/actions/actions/{}", created["id"].as_str().unwrap());
    emu.handle.advance_clock(Duration::from_secs(5));
    let live = emu.get(&path).await;
    assert_eq!(live["status"], "built");
    assert_eq!(live["deployed_version"]["status"], "built");
    assert_eq!(live["deployed_version"]["deployed"], true);
    assert_eq!(live["current_version"]["status"], "BUILT");
    assert_eq!(live["all_changes_deployed"], true);
    let versions = emu.get(&format!("{path}/versions")).await;
    assert_eq!(versions["versions"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_create_is_refused_in_words() {
    let emu = Emu::start().await;
    let cases = [
        (
            with(new_action("A"), "supported_triggers", json!([{"id": "post-logout", "version": "v1"}])),
            StatusCode::BAD_REQUEST,
            "The trigger 'post-logout' does not exist.",
        ),
        (
            with(new_action("A"), "supported_triggers", json!([{"id": "post-login", "version": "v7"}])),
            StatusCode::BAD_REQUEST,
            "The trigger 'post-login' has no version 'v7'.",
        ),
        (
            with(new_action("A"), "runtime", json!("node4")),
            StatusCode::BAD_REQUEST,
            "runtime is not supported",
        ),
        (
            new_action("Require MFA for admins"),
            StatusCode::CONFLICT,
            "An action named 'Require MFA for admins' already exists; action names are unique per tenant.",
        ),
        (
            with(new_action("A"), "secrets", json!([{"name": "NEW"}])),
            StatusCode::BAD_REQUEST,
            "Secret 'NEW' has no value. Only a secret that already exists can be listed by name alone (to keep its value); a new secret needs a value.",
        ),
    ];
    for (body, expected, message) in cases {
        let (status, answer) = emu.post("/actions/actions", body).await;
        assert_error(status, &answer, expected, message);
    }
    let (status, answer) = emu
        .post(
            "/actions/actions",
            json!({"supported_triggers": [{"id": "post-login"}]}),
        )
        .await;
    assert_invalid_body(status, &answer, "name");
    let (status, answer) = emu.post("/actions/actions", json!({"name": "A"})).await;
    assert_invalid_body(status, &answer, "supported_triggers");
    let (status, answer) = emu
        .post(
            "/actions/actions",
            with(new_action("A"), "supported_triggers", json!([])),
        )
        .await;
    assert_invalid_body(status, &answer, "supported_triggers");
    let (status, answer) = emu
        .post(
            "/actions/actions",
            with(new_action("A"), "colour", json!("red")),
        )
        .await;
    assert_invalid_body(status, &answer, "colour");
    let (status, answer) = emu
        .post(
            "/actions/actions",
            with(
                new_action("A"),
                "modules",
                json!([{"module_id": "m", "module_version_id": "v"}]),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .starts_with("invalid CreateActionRequest.Draft: embedded message failed validation"),
        "{answer}"
    );
    let none = emu.get("/actions/actions?actionName=A").await;
    assert_eq!(none["actions"], json!([]), "nothing was created");
}

#[tokio::test]
async fn a_created_action_pins_a_published_module_version() {
    let emu = Emu::start().await;
    let module_id = emu.module_id("claims-utils").await;
    let module = emu.get(&format!("/actions/modules/{module_id}")).await;
    let version = &module["latest_version"];
    let pin = json!([{"module_id": module_id, "module_version_id": version["id"]}]);
    let (status, created) = emu
        .post(
            "/actions/actions",
            with(new_action("Pinned"), "modules", pin),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["modules"][0]["module_name"], "claims-utils");
    assert_eq!(
        created["modules"][0]["module_version_number"],
        version["version_number"]
    );
    let after = emu.get(&format!("/actions/modules/{module_id}")).await;
    assert_eq!(
        after["actions_using_module_total"].as_u64().unwrap(),
        module["actions_using_module_total"].as_u64().unwrap() + 1
    );
}

#[tokio::test]
async fn action_limits_hold_at_the_boundary() {
    let emu = Emu::start().await;
    let accepted = [
        ("code", json!("a".repeat(MAX_ACTION_CODE_BYTES))),
        ("secrets", secrets(MAX_SECRETS)),
        ("dependencies", deps(MAX_DEPENDENCIES)),
    ];
    for (i, (field, value)) in accepted.iter().enumerate() {
        let (status, answer) = emu
            .post(
                "/actions/actions",
                with(new_action(&format!("At {i}")), field, value.clone()),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::CREATED,
            "{field} at the limit: {answer}"
        );
    }
    let (status, _) = emu
        .post("/actions/actions", new_action(&"n".repeat(MAX_NAME_CHARS)))
        .await;
    assert_eq!(status, StatusCode::CREATED, "a name at the limit");
    let refused = [
        ("code", json!("a".repeat(MAX_ACTION_CODE_BYTES + 1))),
        ("secrets", secrets(MAX_SECRETS + 1)),
        ("dependencies", deps(MAX_DEPENDENCIES + 1)),
    ];
    for (field, value) in &refused {
        let (status, answer) = emu
            .post(
                "/actions/actions",
                with(new_action("Over"), field, value.clone()),
            )
            .await;
        assert_invalid_body(status, &answer, field);
    }
    let (status, answer) = emu
        .post(
            "/actions/actions",
            new_action(&"n".repeat(MAX_NAME_CHARS + 1)),
        )
        .await;
    assert_invalid_body(status, &answer, "name");

    let path = format!(
        "/actions/actions/{}",
        emu.action_id("Require MFA for admins").await
    );
    for (field, value) in &accepted {
        let (status, answer) = emu
            .patch(&path, with(json!({}), field, value.clone()))
            .await;
        assert_eq!(
            status,
            StatusCode::OK,
            "PATCH {field} at the limit: {answer}"
        );
    }
    for (field, value) in &refused {
        let (status, answer) = emu
            .patch(&path, with(json!({}), field, value.clone()))
            .await;
        assert_invalid_body(status, &answer, field);
    }
    let action = emu.get(&path).await;
    assert_eq!(
        action["code"].as_str().unwrap().len(),
        MAX_ACTION_CODE_BYTES
    );
    assert_eq!(action["secrets"].as_array().unwrap().len(), MAX_SECRETS);
}

#[tokio::test]
async fn an_actions_secrets_listed_by_name_keep_their_value_on_patch() {
    let emu = Emu::start().await;
    let (_, created) = emu
        .post(
            "/actions/actions",
            with(
                new_action("With secrets"),
                "secrets",
                json!([{"name": "KEEP", "value": "one"}, {"name": "DROP", "value": "two"}]),
            ),
        )
        .await;
    let path = format!("/actions/actions/{}", created["id"].as_str().unwrap());
    let kept_at = created["secrets"][0]["updated_at"].clone();
    emu.handle.advance_clock(Duration::from_secs(3));
    let (status, patched) = emu
        .patch(
            &path,
            json!({"secrets": [{"name": "KEEP"}, {"name": "ADDED", "value": "three"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{patched}");
    let names: Vec<&str> = patched["secrets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["KEEP", "ADDED"], "the list replaces the secrets");
    assert_eq!(
        patched["secrets"][0]["updated_at"], kept_at,
        "kept as it was"
    );
    assert_ne!(patched["secrets"][1]["updated_at"], kept_at);

    let (status, refused) = emu
        .patch(&path, json!({"secrets": [{"name": "NEVER_SET"}]}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(refused["message"]
        .as_str()
        .unwrap()
        .contains("'NEVER_SET' has no value"));
    let (status, cleared) = emu.patch(&path, json!({"secrets": []})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cleared["secrets"], json!([]), "REC: [] clears them");
    // A module's secret cannot be kept by name: see the test below.
}

#[tokio::test]
async fn delete_refuses_a_bound_action_unless_forced_and_force_detaches_it() {
    let emu = Emu::start().await;
    let bindings = emu.get("/actions/triggers/post-login/bindings").await;
    let order: Vec<String> = bindings["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["action"]["id"].as_str().unwrap().to_string())
        .collect();
    let victim = order[0].clone();
    let name = emu.get(&format!("/actions/actions/{victim}")).await["name"].clone();
    let path = format!("/actions/actions/{victim}");

    let (status, refused) = emu.delete(&path).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    let message = refused["message"].as_str().unwrap();
    assert!(
        message.contains(name.as_str().unwrap()) && message.contains("post-login"),
        "{message}"
    );
    let (status, refused) = emu.delete(&format!("{path}?force=maybe")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(refused["errorCode"], "invalid_query_string");

    let (status, body) = emu.delete(&format!("{path}?force=true")).await;
    assert_eq!((status, body), (StatusCode::NO_CONTENT, Value::Null));
    let (status, gone) = emu.send(Method::GET, &path, None).await;
    assert_error(
        status,
        &gone,
        StatusCode::NOT_FOUND,
        "That action does not exist.",
    );
    let (status, gone) = emu
        .send(Method::GET, &format!("{path}/versions"), None)
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "its versions went too: {gone}"
    );
    let after = emu.get("/actions/triggers/post-login/bindings").await;
    let remaining: Vec<String> = after["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["action"]["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(remaining, order[1..], "the others keep their order");

    let (status, again) = emu.delete(&path).await;
    assert_error(
        status,
        &again,
        StatusCode::NOT_FOUND,
        "That action does not exist.",
    );
    let unbound = emu.action_id("Block legacy user agents").await;
    let (status, _) = emu.delete(&format!("/actions/actions/{unbound}")).await;
    assert_eq!(
        status,
        StatusCode::NO_CONTENT,
        "an unbound action needs no force"
    );
}

#[tokio::test]
async fn a_test_run_answers_the_recorded_error_shape_or_a_success() {
    let emu = Emu::start().await;
    let code = "exports.onExecutePostLogin = async (event, api) => {\n  throw new Error(\"no tenant\");\n};";
    let (_, created) = emu
        .post(
            "/actions/actions",
            with(new_action("Thrower"), "code", json!(code)),
        )
        .await;
    let path = format!("/actions/actions/{}/test", created["id"].as_str().unwrap());
    let event = json!({"payload": {"user": {"email": "j+smith@example.com"}}});
    let (status, answer) = emu.post(&path, event.clone()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let error = &answer["payload"]["error"];
    assert_eq!(error["name"], "Error");
    assert_eq!(error["message"], "no tenant");
    assert!(error["stack"]
        .as_str()
        .unwrap()
        .starts_with("Error: no tenant\n    at "));
    if let Some(rec) = recorded("go-auth0/TestActionManager_Test.yaml", 4) {
        assert_eq!(keys(&answer), keys(&rec));
        assert_eq!(keys(&answer["payload"]), keys(&rec["payload"]));
        assert_eq!(keys(error), keys(&rec["payload"]["error"]));
        assert_eq!(
            keys(&answer["payload"]["stats"]),
            keys(&rec["payload"]["stats"])
        );
    }

    let calm = emu.action_id("Block legacy user agents").await;
    let (status, answer) = emu
        .post(&format!("/actions/actions/{calm}/test"), event.clone())
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(answer["payload"].get("error").is_none(), "{answer}");
    assert!(answer["payload"]["stats"].is_object());

    for bad in [
        json!({}),
        json!({"payload": "text"}),
        json!({"payload": {}, "extra": 1}),
    ] {
        let (status, answer) = emu.post(&path, bad.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(answer["errorCode"], "invalid_body", "{bad}: {answer}");
    }
    let (status, answer) = emu
        .post(
            "/actions/actions/00000000-0000-4000-8000-000000000000/test",
            event,
        )
        .await;
    assert_error(
        status,
        &answer,
        StatusCode::NOT_FOUND,
        "That action does not exist.",
    );
}

#[tokio::test]
async fn a_created_module_has_the_recorded_shape_is_unique_and_publishes_on_request() {
    let emu = Emu::start().await;
    let (status, created) = emu
        .post("/actions/modules", new_module("fresh-utils"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["all_changes_published"], false);
    assert_eq!(created["actions_using_module_total"], 0);
    assert!(created.get("latest_version").is_none());
    if let Some(rec) = recorded("terraform-provider-auth0/TestAccActionModule.yaml", 0) {
        assert_eq!(keys(&created), keys(&rec), "the keys of REC's 201");
    }
    let (status, clash) = emu
        .post("/actions/modules", new_module("fresh-utils"))
        .await;
    assert_error(
        status,
        &clash,
        StatusCode::CONFLICT,
        "A module named 'fresh-utils' already exists; module names are unique per tenant.",
    );
    let (status, published) = emu
        .post(
            "/actions/modules",
            with(new_module("published-utils"), "publish", json!(true)),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(published["all_changes_published"], true);
    assert_eq!(published["latest_version"]["version_number"], 1);
    let versions = emu
        .get(&format!(
            "/actions/modules/{}/versions",
            published["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(versions["total"], 1);

    for (body, property) in [
        (with(new_module("x"), "colour", json!("red")), "colour"),
        (json!({"name": "no-code"}), "code"),
        (
            with(
                new_module("x"),
                "dependencies",
                json!([{"name": "a", "version": "1", "registry_url": "u"}]),
            ),
            "registry_url",
        ),
        (
            with(new_module("x"), "api_version", json!("v".repeat(21))),
            "api_version",
        ),
    ] {
        let (status, answer) = emu.post("/actions/modules", body).await;
        assert_invalid_body(status, &answer, property);
    }
}

#[tokio::test]
async fn module_limits_hold_at_the_boundary() {
    let emu = Emu::start().await;
    let dep = |name: usize, version: usize| json!([{"name": "n".repeat(name), "version": "1".repeat(version)}]);
    let secret = |chars: usize| json!([{"name": "K", "value": "v".repeat(chars)}]);
    let cases = [
        (
            "code",
            json!("é".repeat(MAX_MODULE_CODE_CHARS)),
            json!("é".repeat(MAX_MODULE_CODE_CHARS + 1)),
            "code",
        ),
        (
            "secrets",
            secret(MAX_SECRET_VALUE_CHARS),
            secret(MAX_SECRET_VALUE_CHARS + 1),
            "secrets[0].value",
        ),
        (
            "secrets",
            secrets(MAX_SECRETS),
            secrets(MAX_SECRETS + 1),
            "secrets",
        ),
        (
            "dependencies",
            deps(MAX_DEPENDENCIES),
            deps(MAX_DEPENDENCIES + 1),
            "dependencies",
        ),
        (
            "dependencies",
            dep(MAX_NAME_CHARS, 1),
            dep(MAX_NAME_CHARS + 1, 1),
            "dependencies[0].name",
        ),
        (
            "dependencies",
            dep(1, MAX_DEPENDENCY_VERSION_CHARS),
            dep(1, MAX_DEPENDENCY_VERSION_CHARS + 1),
            "dependencies[0].version",
        ),
    ];
    let module = format!("/actions/modules/{}", emu.module_id("deny-lists").await);
    for (i, (field, at, over, property)) in cases.iter().enumerate() {
        let (status, answer) = emu
            .post(
                "/actions/modules",
                with(new_module(&format!("at-{i}")), field, at.clone()),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::CREATED,
            "{property} at the limit: {answer}"
        );
        let (status, answer) = emu
            .post(
                "/actions/modules",
                with(new_module("over"), field, over.clone()),
            )
            .await;
        assert_invalid_body(status, &answer, property);
        let (status, answer) = emu.patch(&module, with(json!({}), field, at.clone())).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "PATCH {property} at the limit: {answer}"
        );
        let (status, answer) = emu
            .patch(&module, with(json!({}), field, over.clone()))
            .await;
        assert_invalid_body(status, &answer, property);
    }
    let (status, _) = emu
        .post("/actions/modules", new_module(&"m".repeat(MAX_NAME_CHARS)))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, answer) = emu
        .post(
            "/actions/modules",
            new_module(&"m".repeat(MAX_NAME_CHARS + 1)),
        )
        .await;
    assert_invalid_body(status, &answer, "name");
}

#[tokio::test]
async fn a_module_in_use_is_not_deleted_and_the_refusal_names_its_actions() {
    let emu = Emu::start().await;
    let id = emu.module_id("http-helpers").await;
    let users = emu.get(&format!("/actions/modules/{id}/actions")).await;
    let names: Vec<String> = users["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action_name"].as_str().unwrap().to_string())
        .collect();
    assert!(names.len() >= 2, "{users}");
    let (status, refused) = emu.delete(&format!("/actions/modules/{id}")).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED, "{refused}");
    let message = refused["message"].as_str().unwrap();
    for name in &names {
        assert!(message.contains(&format!("'{name}'")), "{message}");
    }
    assert!(
        message.starts_with("Module 'http-helpers' is used by"),
        "{message}"
    );
    emu.get(&format!("/actions/modules/{id}")).await;

    let (_, created) = emu
        .post("/actions/modules", new_module("short-lived"))
        .await;
    let path = format!("/actions/modules/{}", created["id"].as_str().unwrap());
    let (status, body) = emu.delete(&path).await;
    assert_eq!((status, body), (StatusCode::NO_CONTENT, Value::Null));
    let (status, gone) = emu.delete(&path).await;
    assert_error(
        status,
        &gone,
        StatusCode::NOT_FOUND,
        "That module does not exist.",
    );
}

#[tokio::test]
async fn executions_name_seeded_actions_and_unknown_ones_answer_the_recorded_404() {
    let emu = Emu::start().await;
    let ids: Vec<String> = emu
        .handle
        .with_store(|s| s.executions.iter().map(|e| e.id.clone()).collect());
    assert!(!ids.is_empty());
    let actions = emu.get("/actions/actions?per_page=100").await;
    let names: BTreeSet<&str> = actions["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    for id in &ids {
        let execution = emu.get(&format!("/actions/executions/{id}")).await;
        for result in execution["results"].as_array().unwrap() {
            assert!(
                names.contains(result["action_name"].as_str().unwrap()),
                "{result}"
            );
        }
    }
    let (status, missing) = emu
        .send(
            Method::GET,
            "/actions/executions/M9IqRp9wQLaYNrSwz6YPTTIwMjEwNDA0",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let rec = recorded("go-auth0/TestActionManager_Execution.yaml", 0).unwrap_or_else(
        || json!({"statusCode":404,"error":"Not Found","message":"That execution does not exist."}),
    );
    assert_eq!(missing, rec);
}

/// `body` with one secret, `TOKEN`, set to `value`.
fn with_token(body: Value, value: &str) -> Value {
    with(body, "secrets", json!([{"name": "TOKEN", "value": value}]))
}

#[tokio::test]
async fn a_secret_value_is_never_answered_nor_kept() {
    let emu = Emu::start().await;
    const VALUE: &str = "VALUE-7f3a9c-never-shown";
    let mut answers: Vec<Value> = Vec::new();
    let (_, action) = emu
        .post(
            "/actions/actions",
            with_token(new_action("Secretive"), VALUE),
        )
        .await;
    let path = format!("/actions/actions/{}", action["id"].as_str().unwrap());
    answers.push(action);
    let (_, patched) = emu
        .patch(&path, with_token(json!({}), &format!("{VALUE}-2")))
        .await;
    answers.push(patched);
    let (_, module) = emu
        .post(
            "/actions/modules",
            with_token(new_module("secretive"), VALUE),
        )
        .await;
    let module_path = format!("/actions/modules/{}", module["id"].as_str().unwrap());
    answers.push(module);
    let (_, patched) = emu
        .patch(&module_path, with_token(json!({}), &format!("{VALUE}-3")))
        .await;
    answers.push(patched);
    // Refusals must not echo it either.
    let (_, refused) = emu
        .post(
            "/actions/modules",
            with_token(new_module("x"), &format!("{VALUE}{}", "v".repeat(5000))),
        )
        .await;
    answers.push(refused);
    let (_, refused) = emu
        .post(
            "/actions/actions",
            with_token(new_action("Secretive"), VALUE),
        )
        .await;
    answers.push(refused);
    emu.handle.advance_clock(Duration::from_secs(2));
    answers.push(emu.get(&path).await);
    answers.push(emu.get("/actions/actions?per_page=100").await);
    answers.push(emu.get(&module_path).await);
    answers.push(emu.get("/actions/modules").await);
    for answer in &answers {
        assert!(!answer.to_string().contains(VALUE), "answered: {answer}");
    }
    assert!(
        answers[0]["secrets"][0]["name"] == "TOKEN",
        "the name is kept"
    );
    let kept = emu.handle.with_store(|store| format!("{store:?}"));
    assert!(
        kept.contains("TOKEN") && !kept.contains(VALUE),
        "the store keeps names only"
    );
    assert!(emu
        .handle
        .faircom_calls()
        .iter()
        .all(|c| !format!("{c:?}").contains(VALUE)));
}

#[tokio::test]
async fn a_module_secret_without_its_value_is_refused_on_create_and_patch() {
    let emu = Emu::start().await;
    let name_only = json!([{ "name": "TOKEN" }]);
    let (status, body) = emu
        .post(
            "/actions/modules",
            with(new_module("no-values"), "secrets", name_only.clone()),
        )
        .await;
    assert_invalid_body(status, &body, "secrets[0]");
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("Missing required property: value"));

    let id = emu.module_id("http-helpers").await;
    let before = emu.get(&format!("/actions/modules/{id}")).await;
    let (status, body) = emu
        .patch(
            &format!("/actions/modules/{id}"),
            json!({ "secrets": name_only }),
        )
        .await;
    assert_invalid_body(status, &body, "secrets[0]");
    assert_eq!(
        emu.get(&format!("/actions/modules/{id}")).await,
        before,
        "nothing changed"
    );
}
