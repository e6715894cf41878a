//! FairCom's own example documents (../shared/fixtures/faircom) against the client:
//! - every `*.response*.json` decodes through the client's wire types and keeps what a user would
//!   check (error code and message, where the token is, whether there is a result, the package);
//! - the client, served those answers over loopback, logs in, describes, reverts, clones and ends
//!   its session as the documents say;
//! - every `*.request*.json` names an action the client knows, and the client's own body for the
//!   same call has the same keys (the ones it deliberately leaves out listed below, with reasons).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use axum::routing::post;
use axum::Router;
use codedeck::backend::faircom::request::{self, Action};
use codedeck::backend::faircom::wire::{Envelope, PackageList};
use codedeck::backend::faircom::{parse_faircom_url, FairComClient, FairComConfig};
use codedeck::backend::Backend;
use codedeck::model::{
    parse_server_time, CodePackage, CodeStatus, CodeType, NewPackage, PackageFilter, PackageId,
};
use codedeck::secret::Secret;
use serde_json::{json, Value};

fn fixture_dir() -> Option<PathBuf> {
    Some(support::shared_dir()?.join("fixtures/faircom"))
}

/// `(file name, parsed JSON)` of the fixtures whose name contains `kind` (`.request` / `.response`).
fn fixtures(dir: &Path, kind: &str) -> Vec<(String, Value)> {
    let mut files: Vec<(String, Value)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?.to_string();
            name.contains(kind).then(|| {
                let text = std::fs::read_to_string(&path).unwrap();
                let json = serde_json::from_str(&text)
                    .unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
                (name, json)
            })
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

fn keys(value: &Value) -> BTreeSet<String> {
    value
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

fn str_at<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

// ---------------------------------------------------------------- responses

#[test]
fn every_response_document_decodes_and_keeps_what_a_user_checks() {
    let Some(dir) = fixture_dir() else { return };
    let responses = fixtures(&dir, ".response");
    assert!(responses.len() >= 10, "found only {responses:?}");
    for (name, raw) in &responses {
        let envelope: Envelope = serde_json::from_value(raw.clone())
            .unwrap_or_else(|e| panic!("{name}: does not decode: {e}"));
        assert_eq!(envelope.error_code, raw["errorCode"].as_i64(), "{name}");
        assert_eq!(
            envelope.error_message,
            str_at(raw, "errorMessage"),
            "{name}"
        );
        assert_eq!(
            envelope.result.is_some(),
            raw.get("result").is_some(),
            "{name}"
        );
        assert_eq!(
            envelope.auth_token.as_ref().map(Secret::expose),
            raw.get("authToken").and_then(Value::as_str),
            "{name}"
        );
        let warnings = raw["debugInfo"]["warnings"].as_array();
        for warning in warnings.into_iter().flatten() {
            let code = warning
                .get("code")
                .or(warning.get("warningCode"))
                .and_then(Value::as_i64)
                .unwrap();
            assert!(envelope.has_warning(code), "{name}: warning {code}");
        }
        // The list and describe actions answer `result.data`: it decodes as packages.
        let action = name.split('.').next().unwrap();
        if action.starts_with("list") || action.starts_with("describe") {
            let list: PackageList = serde_json::from_value(envelope.result.clone().unwrap())
                .unwrap_or_else(|e| panic!("{name}: result: {e}"));
            assert_eq!(
                list.data.len(),
                raw["result"]["data"].as_array().unwrap().len(),
                "{name}"
            );
        }
    }
}

fn response(dir: &Path, name: &str) -> Envelope {
    let text = std::fs::read_to_string(dir.join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_session_token_is_found_where_each_revision_puts_it() {
    let Some(dir) = fixture_dir() else { return };
    // Older createSession: only in result.
    let login = response(&dir, "createSession.response.json");
    assert_eq!(login.error_code, Some(0));
    assert_eq!(login.result_auth_token(), Some("replaceWithValidAuthtoken"));
    assert_eq!(login.auth_token, None);
    assert_eq!(login.session_token(), Some("replaceWithValidAuthtoken"));
    // Newer answers echo it at top level only.
    let clone = response(&dir, "cloneCodePackage.response.json");
    assert_eq!(clone.result_auth_token(), None);
    assert_eq!(
        clone.session_token(),
        Some("replaceWithAuthTokenFromCreateSession")
    );
}

#[test]
fn revert_and_clone_succeed_without_a_result() {
    let Some(dir) = fixture_dir() else { return };
    for name in [
        "revertCodePackage.response.json",
        "cloneCodePackage.response.json",
        "cloneCodePackage.response.minimal.json",
    ] {
        let envelope = response(&dir, name);
        assert_eq!(
            (envelope.error_code, envelope.error_message.as_str()),
            (Some(0), ""),
            "{name}"
        );
        assert!(envelope.result.is_none(), "{name}");
    }
}

#[test]
fn delete_session_reports_an_unknown_token_as_an_error_or_as_a_warning() {
    let Some(dir) = fixture_dir() else { return };
    let older = response(&dir, "deleteSession.response.error-12031.json");
    assert_eq!(older.error_code, Some(12031));
    assert!(older
        .error_message
        .starts_with("'authToken' does not match any existing session"));
    let newer = response(&dir, "deleteSession.response.warning-12031.json");
    assert_eq!(newer.error_code, Some(0));
    assert!(newer.has_warning(12031));
    let ok = response(&dir, "deleteSession.response.json");
    assert_eq!(ok.error_code, Some(0));
    assert!(!ok.has_warning(12031));
    // The generic envelope's warnings use the other spelling.
    let generic = response(&dir, "jsonAction.response.generic.json");
    assert_eq!(generic.debug_info.unwrap().warnings[0].code, Some(0));
}

/// What the reconstructed describe document says about its one package (see SOURCES.md: the
/// package fields are the exact part; only the end of `code` and the envelope are inferred).
fn assert_described_package(package: &CodePackage) {
    assert_eq!(
        package.id,
        PackageId {
            database: "faircom".into(),
            owner: "admin".into(),
            name: "convertTemperature".into()
        }
    );
    assert_eq!(
        (package.code_id, package.version, package.cloned_code_id),
        (4, 2, 0)
    );
    assert_eq!(package.status, CodeStatus::Deleted);
    assert!(!package.status.runs());
    assert_eq!(package.code_type, CodeType::GetRecordsTransform);
    assert_eq!(package.language, "javascript");
    assert_eq!(package.code_format, "utf8");
    assert_eq!(
        package.metadata,
        json!({"keyword": "temperature", "favorites": true})
    );
    assert_eq!(package.created_by, "ADMIN");
    // Zoneless server time, kept as the server's local time (milliseconds included).
    assert_eq!(
        package.created_on,
        parse_server_time("2024-10-15T19:29:34.216")
    );
    assert_eq!(
        package.updated_on.unwrap().to_string(),
        "2024-10-15 19:56:49.879"
    );
    assert_eq!(
        package.comment,
        "Modified the code and changed the name back"
    );
    assert!(package
        .description
        .starts_with("New description replaces old description."));
    let code = package.code.as_deref().expect("describe carries the code");
    assert!(code.contains("function getCelsiusFromFahrenheit"));
}

#[test]
fn the_described_package_maps_into_the_model() {
    let Some(dir) = fixture_dir() else { return };
    let envelope = response(&dir, "describeCodePackages.response.reconstructed.json");
    let list: PackageList = serde_json::from_value(envelope.result.unwrap()).unwrap();
    assert_eq!(list.data.len(), 1);
    assert_described_package(&CodePackage::from(list.data[0].clone()));
}

// ---------------------------------------------------------------- the client, served the documents

#[tokio::test]
async fn the_client_works_against_faircoms_own_example_answers() {
    let Some(dir) = fixture_dir() else { return };
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let answers: BTreeMap<&str, String> = [
        ("createSession", read("createSession.response.json")),
        (
            "describeCodePackages",
            read("describeCodePackages.response.reconstructed.json"),
        ),
        (
            "describeCodePackageHistory",
            read("describeCodePackageHistory.response.json"),
        ),
        ("listCodePackages", read("listCodePackages.response.json")),
        ("revertCodePackage", read("revertCodePackage.response.json")),
        ("cloneCodePackage", read("cloneCodePackage.response.json")),
        (
            "deleteSession",
            read("deleteSession.response.warning-12031.json"),
        ),
    ]
    .into_iter()
    .collect();
    let tokens: std::sync::Arc<std::sync::Mutex<Vec<String>>> = Default::default();
    let seen = tokens.clone();
    let router = Router::new().route(
        "/api",
        post(move |body: String| {
            let request: Value = serde_json::from_str(&body).unwrap();
            let action = str_at(&request, "action").to_string();
            if action != "createSession" {
                seen.lock()
                    .unwrap()
                    .push(str_at(&request, "authToken").to_string());
            }
            let answer = answers[action.as_str()].clone();
            async move { ([("content-type", "application/json")], answer) }
        }),
    );
    let base = support::serve(router).await;
    let config = FairComConfig::new(
        parse_faircom_url(&base).unwrap(),
        "CHANGE",
        Secret::new("CHANGE"),
    );
    let client = FairComClient::new(config).unwrap();
    let id = PackageId {
        database: "faircom".into(),
        owner: "admin".into(),
        name: "convertTemperature".into(),
    };

    assert_described_package(&client.describe_package(&id).await.unwrap());
    let history = client.package_history(&id).await.unwrap();
    assert_eq!(
        history.len(),
        1,
        "an empty history plus the current version"
    );
    assert_described_package(&history[0]);
    assert!(client
        .list_packages(&PackageFilter::default())
        .await
        .unwrap()
        .is_empty());
    client.revert_package(&id, 1).await.unwrap();
    let copy = PackageId {
        name: "convertTemperature V2".into(),
        ..id.clone()
    };
    client.clone_package(&id, &copy).await.unwrap();
    client.end_session().await.unwrap();

    let tokens = tokens.lock().unwrap();
    assert_eq!(tokens.len(), 7, "{tokens:?}");
    assert!(
        tokens.iter().all(|t| t == "replaceWithValidAuthtoken"),
        "the token from result.authToken is used: {tokens:?}"
    );
}

// ---------------------------------------------------------------- requests

/// Params the client never sends, per action, and why.
fn not_sent(action: Action) -> &'static [&'static str] {
    match action {
        // Full-text filters the package filter has no field for.
        Action::ListCodePackages => &["commentFilter", "descriptionFilter", "metadataFilter"],
        // The whole history is wanted.
        Action::DescribeCodePackageHistory => &["minCodeVersion", "maxCodeVersion"],
        // A clone is a copy: status, comment, description and metadata come from the source.
        Action::CloneCodePackage => &["codeStatus", "comment", "description", "metadata"],
        // The server's session defaults serve.
        Action::CreateSession => &[
            "description",
            "defaultApi",
            "defaultDebug",
            "defaultDatabaseName",
            "defaultOwnerName",
            "defaultBinaryFormat",
            "defaultResponseOptions",
            "idleConnectionTimeoutSeconds",
            "idleCursorTimeoutSeconds",
        ],
        _ => &[],
    }
}

/// Params the client always sends, even where an example leaves them out.
fn always_sent(action: Action) -> &'static [&'static str] {
    match action {
        // Nothing hidden by status unless asked, and explicit paging (there is no total).
        Action::ListCodePackages => &["includeDeactivatedCode", "skipRecords", "maxRecords"],
        Action::DescribeCodePackages => &["codeFormat"],
        Action::DescribeCodePackageHistory => &["codeFormat", "skipRecords", "maxRecords"],
        _ => &[],
    }
}

/// Envelope members of the examples the client never sends (`debug` above all: "max" echoes the
/// token back).
const ENVELOPE_NOT_SENT: [&str; 4] = ["requestId", "apiVersion", "debug", "responseOptions"];

fn package_id(params: &Value, name_key: &str) -> PackageId {
    let name = match &params[name_key] {
        Value::Array(names) => names[0].as_str().unwrap(),
        other => other.as_str().unwrap(),
    };
    PackageId {
        database: str_at(params, "databaseName").into(),
        owner: str_at(params, "ownerName").into(),
        name: name.into(),
    }
}

fn u32_at(params: &Value, key: &str, default: u32) -> u32 {
    params[key].as_u64().map_or(default, |n| n as u32)
}

fn strings_at(params: &Value, key: &str) -> Vec<String> {
    params[key]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// The client's own body for the call a request example makes, built with its request builder from
/// the example's values. `None` for the action the client knows but does not send.
fn client_body(action: Action, fixture: &Value) -> Option<Value> {
    let params = fixture.get("params").cloned().unwrap_or(json!({}));
    let call = match action {
        Action::CreateSession => request::create_session(
            str_at(&params, "username"),
            &Secret::new(str_at(&params, "password")),
        ),
        Action::DeleteSession => request::delete_session(),
        Action::ListCodePackages => {
            let text = |key: &str| params.get(key).and_then(Value::as_str).map(str::to_string);
            let filter = PackageFilter {
                database: text("databaseName"),
                owner: text("ownerName"),
                partial_name: text("partialName"),
                statuses: strings_at(&params, "statusFilter")
                    .iter()
                    .map(|s| CodeStatus::parse(s))
                    .collect(),
                code_types: strings_at(&params, "codeTypeFilter")
                    .iter()
                    .map(|s| CodeType::parse(s))
                    .collect(),
            };
            request::list_packages(
                &filter,
                u32_at(&params, "skipRecords", 0),
                u32_at(&params, "maxRecords", 50),
            )
        }
        Action::DescribeCodePackages => {
            request::describe_package(&package_id(&params, "codeNames"))
        }
        Action::DescribeCodePackageHistory => request::describe_history(
            &package_id(&params, "codeName"),
            u32_at(&params, "skipRecords", 0),
            u32_at(&params, "maxRecords", 50),
        ),
        Action::ListCodePackageHistory => return None,
        Action::RevertCodePackage => request::revert_package(
            &package_id(&params, "codeName"),
            u32_at(&params, "codeVersion", 0),
        ),
        Action::AlterCodePackage => request::alter_code(
            &package_id(&params, "codeName"),
            str_at(&params, "code"),
            str_at(&params, "comment"),
        ),
        Action::CreateCodePackage => request::create_package(&NewPackage {
            id: package_id(&params, "codeName"),
            code_type: CodeType::parse(str_at(&params, "codeType")),
            language: str_at(&params, "codeLanguage").into(),
            status: CodeStatus::parse(str_at(&params, "codeStatus")),
            description: str_at(&params, "description").into(),
            metadata: params["metadata"].clone(),
            comment: str_at(&params, "comment").into(),
            code: str_at(&params, "code").into(),
        }),
        Action::CloneCodePackage => request::clone_package(
            &package_id(&params, "codeName"),
            &PackageId {
                database: str_at(&params, "newDatabaseName").into(),
                owner: str_at(&params, "newOwnerName").into(),
                name: str_at(&params, "newCodeName").into(),
            },
        ),
    };
    Some(call.body(fixture.get("authToken").and_then(Value::as_str)))
}

/// Examples the client reproduces exactly, values included.
const REPRODUCED_EXACTLY: [&str; 5] = [
    "createCodePackage.request.json",
    "createSession.request.json",
    "deleteSession.request.json",
    "revertCodePackage.request.json",
    "revertCodePackage.request.minimal.json",
];

#[test]
fn every_request_example_is_an_action_the_client_knows_and_sends_with_the_same_keys() {
    let Some(dir) = fixture_dir() else { return };
    let requests = fixtures(&dir, ".request");
    assert!(requests.len() >= 20, "found only {}", requests.len());

    // Every param key each action's examples use, to check what the client always sends is documented.
    let mut documented: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (_, fixture) in &requests {
        documented
            .entry(str_at(fixture, "action").to_string())
            .or_default()
            .extend(keys(&fixture["params"]));
    }

    let mut compared = 0;
    for (name, fixture) in &requests {
        if str_at(fixture, "api") != "admin" {
            // The generic envelope template (api "someApi", action "someAction"): only its
            // envelope members are comparable.
            assert_eq!(name, "jsonAction.request.generic.json");
            let ours = client_body(Action::DeleteSession, &json!({"authToken": "t"})).unwrap();
            assert!(keys(&ours).is_subset(&keys(fixture)), "{name}");
            continue;
        }
        let action = Action::parse(str_at(fixture, "action"))
            .unwrap_or_else(|| panic!("{name}: the client does not know {:?}", fixture["action"]));
        let Some(ours) = client_body(action, fixture) else {
            continue;
        };
        compared += 1;
        assert_eq!(ours["api"], "admin", "{name}");
        assert_eq!(ours["action"], action.name(), "{name}");
        assert!(ours.get("debug").is_none(), "{name}: never sends debug");

        let mut want_envelope = keys(fixture);
        for member in ENVELOPE_NOT_SENT {
            want_envelope.remove(member);
        }
        if keys(&fixture["params"]).is_empty() && keys(&ours["params"]).is_empty() {
            want_envelope.remove("params");
        }
        assert_eq!(keys(&ours), want_envelope, "{name}: envelope members");

        let mut want_params = keys(&fixture["params"]);
        for key in not_sent(action) {
            want_params.remove(*key);
        }
        for key in always_sent(action) {
            assert!(
                documented[action.name()].contains(*key),
                "{name}: {key} is not in any {} example",
                action.name()
            );
            want_params.insert(key.to_string());
        }
        assert_eq!(keys(&ours["params"]), want_params, "{name}: params");

        if REPRODUCED_EXACTLY.contains(&name.as_str()) {
            assert_eq!(&ours, fixture, "{name}: the very same document");
        }
    }
    assert!(compared >= 15, "compared only {compared}");
}

#[test]
fn every_action_the_client_sends_has_an_example_except_alter() {
    let Some(dir) = fixture_dir() else { return };
    let named: BTreeSet<String> = fixtures(&dir, ".request")
        .iter()
        .map(|(_, f)| str_at(f, "action").to_string())
        .collect();
    let missing: Vec<&str> = Action::ALL
        .iter()
        .map(|a| a.name())
        .filter(|a| !named.contains(*a))
        .collect();
    // SOURCES.md: no alterCodePackage example was found anywhere.
    assert_eq!(missing, ["alterCodePackage"]);
}
