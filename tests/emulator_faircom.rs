//! The emulator's FairCom JSON Action endpoint (`POST /api`) over real loopback HTTP: the envelope,
//! sessions and 12031, debug echo, errors with HTTP 200, and every code-package rule, decoded with
//! the field names of FairCom's documented examples (../shared/fixtures/faircom).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

use std::collections::BTreeSet;
use std::time::Duration;

mod support;

use codedeck::emulator::faircom::{
    ALREADY_EXISTS, BAD_CREDENTIALS, INVALID_PARAMS, NOT_FOUND, NO_SESSION, NO_SESSION_MESSAGE,
};
use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions, Seed};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

struct Fc {
    h: EmulatorHandle,
    c: Client,
}

async fn start(seed: Seed) -> Fc {
    let h = emulator::spawn(EmulatorOptions {
        seed,
        ..EmulatorOptions::default()
    })
    .await
    .expect("emulator starts");
    Fc {
        h,
        c: Client::new(),
    }
}

async fn demo() -> Fc {
    start(Seed::Demo).await
}

impl Fc {
    /// POSTs a raw body to `/api`; returns the HTTP status and the body as JSON.
    async fn post_raw(&self, body: String) -> (StatusCode, Value) {
        let resp = self
            .c
            .post(self.h.faircom_url())
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("request");
        let status = resp.status();
        (status, resp.json().await.expect("JSON body"))
    }

    /// Every answer, error or not, comes with HTTP 200.
    async fn post(&self, body: Value) -> Value {
        let (status, answer) = self.post_raw(body.to_string()).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        answer
    }

    async fn login(&self) -> String {
        let answer = self
            .post(
                json!({"api": "admin", "action": "createSession", "params": {
                    "username": self.h.faircom_username(),
                    "password": self.h.faircom_password().expose(),
                }}),
            )
            .await;
        assert_eq!(answer["errorCode"], 0, "{answer}");
        answer["authToken"].as_str().expect("token").to_string()
    }

    async fn act(&self, token: &str, action: &str, params: Value) -> Value {
        self.post(json!({"api": "admin", "action": action, "params": params, "authToken": token}))
            .await
    }

    async fn ok(&self, token: &str, action: &str, params: Value) -> Value {
        let answer = self.act(token, action, params).await;
        assert_eq!(answer["errorCode"], 0, "{action}: {answer}");
        assert_eq!(answer["errorMessage"], "");
        answer
    }

    async fn data(&self, token: &str, action: &str, params: Value) -> Vec<Value> {
        let answer = self.ok(token, action, params).await;
        answer["result"]["data"]
            .as_array()
            .expect("result.data")
            .clone()
    }

    /// Fails with exactly `code`, without `result`; returns the message.
    async fn refused(&self, token: &str, action: &str, params: Value, code: i32) -> String {
        let answer = self.act(token, action, params).await;
        assert_eq!(answer["errorCode"], code, "{action}: {answer}");
        assert!(answer.get("result").is_none(), "{answer}");
        answer["errorMessage"].as_str().unwrap().to_string()
    }

    async fn describe(&self, token: &str, name: &str) -> Value {
        let items = self
            .data(token, "describeCodePackages", json!({"codeNames": [name]}))
            .await;
        assert_eq!(items.len(), 1);
        items[0].clone()
    }

    async fn history(&self, token: &str, name: &str) -> Vec<Value> {
        self.data(
            token,
            "describeCodePackageHistory",
            json!({"codeName": name, "maxRecords": 100}),
        )
        .await
    }
}

fn names(items: &[Value]) -> Vec<&str> {
    items
        .iter()
        .map(|i| i["codeName"].as_str().unwrap())
        .collect()
}

fn versions(items: &[Value]) -> Vec<u64> {
    items
        .iter()
        .map(|i| i["codeVersion"].as_u64().unwrap())
        .collect()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().expect("object").keys().cloned().collect()
}

fn fixture(name: &str) -> Option<Value> {
    let path = support::shared_dir()?.join("fixtures/faircom").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Some(serde_json::from_str(&text).expect("fixture JSON"))
}

/// `2024-10-15T19:29:34.216`: zoneless, milliseconds.
fn assert_server_time(text: &Value) {
    let text = text.as_str().expect("timestamp string");
    assert!(
        chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.3f").is_ok()
            && text.len() == 23,
        "{text} is not a zoneless millisecond timestamp"
    );
}

// ---------------------------------------------------------------------------------------------
// Sessions

#[tokio::test]
async fn create_session_answers_the_token_twice_and_the_session_defaults() {
    let fc = demo().await;
    assert_eq!(fc.h.faircom_username(), "ADMIN");
    assert!(fc.h.faircom_password().expose().len() >= 20, "generated");
    let answer = fc
        .post(
            json!({"api": "admin", "action": "createSession", "requestId": 7, "params": {
            "username": "ADMIN", "password": fc.h.faircom_password().expose()}}),
        )
        .await;
    assert_eq!(answer["errorCode"], 0);
    assert_eq!(answer["errorMessage"], "");
    assert_eq!(answer["requestId"], 7);
    let result = &answer["result"];
    assert_eq!(answer["authToken"], result["authToken"]);
    assert!(!answer["authToken"].as_str().unwrap().is_empty());
    assert_eq!(result["username"], "ADMIN");
    assert_eq!(result["defaultDatabaseName"], "faircom");
    assert_eq!(result["defaultOwnerName"], "admin");
    assert_eq!(result["idleConnectionTimeoutSeconds"], 3600);
    let started = result["sessionStartTimestamp"].as_str().unwrap();
    assert!(
        chrono::NaiveDateTime::parse_from_str(started, "%Y-%m-%dT%H:%M:%S").is_ok(),
        "{started}"
    );
    assert!(answer.get("debugInfo").is_none());
}

#[tokio::test]
async fn configured_credentials_are_the_ones_accepted() {
    let h = emulator::spawn(EmulatorOptions {
        seed: Seed::Empty,
        faircom_username: "Operator".into(),
        faircom_password: codedeck::secret::Secret::new("s3cret"),
        ..EmulatorOptions::default()
    })
    .await
    .unwrap();
    let fc = Fc {
        h,
        c: Client::new(),
    };
    let login = |user: &str, password: &str| {
        json!({"api": "admin", "action": "createSession",
            "params": {"username": user, "password": password}})
    };
    let answer = fc.post(login("operator", "s3cret")).await;
    assert_eq!(answer["errorCode"], 0, "account names ignore case");
    assert_eq!(answer["result"]["defaultOwnerName"], "operator");
    assert_eq!(
        fc.post(login("Operator", "S3CRET")).await["errorCode"],
        BAD_CREDENTIALS
    );
}

#[tokio::test]
async fn a_wrong_password_or_user_is_refused_in_words_with_http_200() {
    let fc = demo().await;
    for (user, password) in [("ADMIN", "wrong"), ("nobody", "")] {
        let (status, answer) = fc
            .post_raw(
                json!({"api": "admin", "action": "createSession",
                    "params": {"username": user, "password": password}})
                .to_string(),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(answer["errorCode"], BAD_CREDENTIALS, "{answer}");
        assert!(answer["errorMessage"]
            .as_str()
            .unwrap()
            .contains("password"));
        assert!(answer.get("authToken").is_none() && answer.get("result").is_none());
    }
    let missing = fc
        .post(json!({"api": "admin", "action": "createSession", "params": {"username": "ADMIN"}}))
        .await;
    assert_eq!(missing["errorCode"], INVALID_PARAMS);
}

#[tokio::test]
async fn every_other_action_needs_a_live_token() {
    let fc = demo().await;
    let list = |token: Option<&str>| {
        let mut body = json!({"api": "admin", "action": "listCodePackages", "params": {}});
        if let Some(token) = token {
            body["authToken"] = json!(token);
        }
        body
    };
    let refused = |answer: &Value| {
        assert_eq!(answer["errorCode"], NO_SESSION, "{answer}");
        assert_eq!(answer["errorMessage"], NO_SESSION_MESSAGE);
        assert!(answer.get("result").is_none());
    };
    refused(&fc.post(list(None)).await);
    let wrong = fc.post(list(Some("not-a-session"))).await;
    refused(&wrong);
    assert_eq!(wrong["authToken"], "not-a-session", "the token is echoed");

    // Expired by the test hook.
    let token = fc.login().await;
    assert_eq!(fc.post(list(Some(&token))).await["errorCode"], 0);
    fc.h.expire_faircom_sessions();
    refused(&fc.post(list(Some(&token))).await);

    // Ended by deleteSession.
    let token = fc.login().await;
    let bye = fc.ok(&token, "deleteSession", json!({})).await;
    assert_eq!(bye["result"], json!({}));
    assert!(bye.get("debugInfo").is_none(), "{bye}");
    refused(&fc.post(list(Some(&token))).await);

    // Idle past idleConnectionTimeoutSeconds on the emulator's clock.
    let token = fc.login().await;
    fc.h.advance_clock(Duration::from_secs(3599));
    assert_eq!(fc.post(list(Some(&token))).await["errorCode"], 0, "touched");
    fc.h.advance_clock(Duration::from_secs(3601));
    refused(&fc.post(list(Some(&token))).await);
}

#[tokio::test]
async fn delete_session_of_an_unknown_token_succeeds_with_a_12031_warning() {
    let fc = demo().await;
    let answer = fc
        .post(json!({"api": "admin", "action": "deleteSession", "authToken": "gone", "requestId": "2"}))
        .await;
    assert_eq!(answer["errorCode"], 0, "{answer}");
    assert_eq!(answer["requestId"], "2");
    let warnings = answer["debugInfo"]["warnings"]
        .as_array()
        .expect("warnings");
    assert_eq!(warnings[0]["code"], NO_SESSION);
    assert!(warnings[0]["message"]
        .as_str()
        .unwrap()
        .starts_with("'authToken' does not match any existing session."));
    // The same for no token at all.
    let none = fc
        .post(json!({"api": "admin", "action": "deleteSession"}))
        .await;
    assert_eq!(none["errorCode"], 0);
    assert_eq!(none["debugInfo"]["warnings"][0]["code"], NO_SESSION);
}

// ---------------------------------------------------------------------------------------------
// Envelope

#[tokio::test]
async fn debug_max_echoes_the_request_with_its_token_and_none_adds_nothing() {
    let fc = demo().await;
    let token = fc.login().await;
    let request = json!({"api": "admin", "action": "describeCodePackages", "authToken": token,
        "requestId": {"n": 1}, "debug": "max", "params": {"codeNames": ["convertTemperature"]}});
    let (status, echoed) = fc.post_raw(request.to_string()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(echoed["debugInfo"]["request"], request);
    assert_eq!(echoed["debugInfo"]["request"]["authToken"], token.as_str());
    assert_eq!(echoed["authToken"], token.as_str());
    assert_eq!(echoed["requestId"], json!({"n": 1}));

    for debug in [json!("none"), Value::Null] {
        let mut quiet = request.clone();
        match debug {
            Value::Null => {
                quiet.as_object_mut().unwrap().remove("debug");
            }
            d => quiet["debug"] = d,
        }
        let answer = fc.post(quiet).await;
        assert_eq!(answer["errorCode"], 0);
        assert!(answer.get("debugInfo").is_none(), "{answer}");
        assert_eq!(
            answer["authToken"],
            token.as_str(),
            "the token is echoed at top level"
        );
    }
    // An error echoes too under max.
    let failed = fc
        .post(
            json!({"api": "admin", "action": "describeCodePackages", "authToken": token,
            "debug": "max", "params": {"codeNames": ["nope"]}}),
        )
        .await;
    assert_eq!(failed["errorCode"], NOT_FOUND);
    assert_eq!(
        failed["debugInfo"]["request"]["params"]["codeNames"][0],
        "nope"
    );
}

#[tokio::test]
async fn envelope_mistakes_are_errors_in_words_with_http_200() {
    let fc = demo().await;
    let token = fc.login().await;
    let bodies = [
        "{not json".to_string(),
        "[1, 2]".to_string(),
        String::new(),
        json!({"api": "admin", "authToken": token}).to_string(),
        json!({"action": "listCodePackages", "authToken": token}).to_string(),
        json!({"api": "db", "action": "listCodePackages", "authToken": token}).to_string(),
        json!({"api": "admin", "action": "runCodePackage", "authToken": token}).to_string(),
        json!({"api": "admin", "action": "deleteCodePackage", "authToken": token}).to_string(),
        json!({"api": "admin", "action": "listCodePackages", "authToken": token, "params": [1]})
            .to_string(),
        json!({"api": "admin", "action": "revertCodePackage", "authToken": token,
            "params": {"codeName": "convertTemperature", "codeVersion": "1"}})
        .to_string(),
    ];
    let mut codes = BTreeSet::new();
    for body in bodies {
        let (status, answer) = fc.post_raw(body.clone()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let code = answer["errorCode"].as_i64().unwrap();
        assert_ne!(code, 0, "{body}: {answer}");
        assert!(
            answer["errorMessage"].as_str().unwrap().len() > 10,
            "{body}: {answer}"
        );
        codes.insert(code);
    }
    assert!(
        codes.len() >= 3,
        "envelope, api and action errors differ: {codes:?}"
    );
    // Action names are case-insensitive (jsonaction.org).
    let answer = fc
        .post(json!({"api": "admin", "action": "LISTCODEPACKAGES", "authToken": token}))
        .await;
    assert_eq!(answer["errorCode"], 0, "{answer}");
}

#[tokio::test]
async fn the_call_log_tells_tests_what_was_sent_but_never_the_token() {
    let fc = demo().await;
    let token = fc.login().await;
    fc.ok(
        &token,
        "listCodePackages",
        json!({"partialName": "convert"}),
    )
    .await;
    fc.post(
        json!({"api": "admin", "action": "describeCodePackages", "authToken": token,
        "debug": "none", "params": {"codeNames": ["sensorMath"]}}),
    )
    .await;
    let calls = fc.h.faircom_calls();
    let actions: Vec<&str> = calls.iter().map(|c| c.action.as_str()).collect();
    assert_eq!(
        actions,
        ["createSession", "listCodePackages", "describeCodePackages"]
    );
    assert_eq!(calls[0].params["password"], "***");
    assert_eq!(calls[0].params["username"], "ADMIN");
    assert_eq!(calls[1].params, json!({"partialName": "convert"}));
    assert_eq!(calls[1].debug, None);
    assert_eq!(calls[2].debug.as_deref(), Some("none"));
    assert_eq!(calls[2].api.as_deref(), Some("admin"));
    let shown = format!("{calls:?}");
    assert!(!shown.contains(&token));
    assert!(!shown.contains(fc.h.faircom_password().expose()));
}

#[tokio::test]
async fn an_injected_error_answers_once() {
    let fc = demo().await;
    let token = fc.login().await;
    fc.h.inject_faircom_error("listCodePackages", NO_SESSION, NO_SESSION_MESSAGE);
    assert_eq!(
        fc.act(&token, "listCodePackages", json!({})).await["errorCode"],
        NO_SESSION
    );
    assert_eq!(
        fc.act(&token, "listCodePackages", json!({})).await["errorCode"],
        0
    );
}

#[tokio::test]
async fn the_auth0_api_still_answers_beside_faircom() {
    let fc = demo().await;
    let token = fc.login().await;
    let resp =
        fc.c.get(format!("{}/api/v2/actions/actions", fc.h.base_url()))
            .bearer_auth(fc.h.token())
            .send()
            .await
            .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.unwrap();
    assert!(!body["actions"].as_array().unwrap().is_empty());
    // FairCom's token is no bearer token for Auth0, and /api/v2 is not FairCom.
    let resp =
        fc.c.get(format!("{}/api/v2/actions/actions", fc.h.base_url()))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        fc.ok(&token, "pingSession", json!({})).await["result"],
        json!({})
    );
}

// ---------------------------------------------------------------------------------------------
// Lists and descriptions

#[tokio::test]
async fn list_leaves_out_deactivated_packages_unless_asked() {
    let fc = demo().await;
    let token = fc.login().await;
    let plain = fc.data(&token, "listCodePackages", json!({})).await;
    assert!(
        plain.iter().all(|p| p.get("code").is_none()),
        "lists carry no code"
    );
    let statuses: BTreeSet<&str> = plain
        .iter()
        .map(|p| p["codeStatus"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        BTreeSet::from(["active", "deprecated", "testing"]),
        "only activated statuses by default"
    );
    let all = fc
        .data(
            &token,
            "listCodePackages",
            json!({"includeDeactivatedCode": true}),
        )
        .await;
    assert!(all.len() > plain.len());
    assert!(names(&all).contains(&"pressureSpikeAlert"));
    let deleted = fc
        .data(
            &token,
            "listCodePackages",
            json!({"statusFilter": ["deleted"]}),
        )
        .await;
    assert_eq!(names(&deleted), ["pressureSpikeAlert"]);
    let places: BTreeSet<(String, String)> = all
        .iter()
        .map(|p| (p["databaseName"].to_string(), p["ownerName"].to_string()))
        .collect();
    assert!(
        places.len() >= 3,
        "more than one database and owner: {places:?}"
    );
}

#[tokio::test]
async fn list_filters_by_place_name_type_and_status() {
    let fc = demo().await;
    let token = fc.login().await;
    let list = |params: Value| fc.data(&token, "listCodePackages", params);
    let convert = list(json!({"partialName": "TEMPERATURE"})).await;
    assert_eq!(
        names(&convert),
        ["convertTemperature", "legacyTemperatureBands"]
    );
    let jobs = list(json!({"codeTypeFilter": ["job"]})).await;
    assert_eq!(names(&jobs), ["purgeStaleReadings", "rollupShiftTotals"]);
    let ops = list(json!({"ownerName": "ops"})).await;
    assert_eq!(names(&ops), ["rollupShiftTotals"]);
    let orders = list(json!({"databaseName": "orders", "includeDeactivatedCode": true})).await;
    assert_eq!(names(&orders), ["maskCustomerPii"]);
    let mixed = list(json!({"statusFilter": ["testing", "inactive"],
        "codeTypeFilter": ["integrationTableTransform"]}))
    .await;
    assert_eq!(names(&mixed), ["flagOrderAnomalies", "maskCustomerPii"]);
    let params = json!({"statusFilter": ["running"]});
    fc.refused(&token, "listCodePackages", params, INVALID_PARAMS)
        .await;
}

#[tokio::test]
async fn list_pages_with_skip_and_max_records_until_a_short_page() {
    let fc = demo().await;
    let token = fc.login().await;
    let everything = fc
        .data(
            &token,
            "listCodePackages",
            json!({"includeDeactivatedCode": true}),
        )
        .await;
    assert!(everything.len() < 20, "one default page holds the demo");
    let mut paged = Vec::new();
    let mut pages = 0;
    loop {
        let page = fc
            .data(
                &token,
                "listCodePackages",
                json!({"includeDeactivatedCode": true, "skipRecords": paged.len(), "maxRecords": 3}),
            )
            .await;
        pages += 1;
        let short = page.len() < 3;
        paged.extend(page);
        if short {
            break;
        }
    }
    assert_eq!(paged, everything);
    assert_eq!(pages, everything.len() / 3 + 1);
    let answer = fc
        .ok(&token, "listCodePackages", json!({"maxRecords": 2}))
        .await;
    assert_eq!(
        keys(&answer["result"]),
        BTreeSet::from(["data".to_string()]),
        "no total"
    );
}

#[tokio::test]
async fn describe_gives_the_current_version_with_code_and_101_for_an_unknown_name() {
    let fc = demo().await;
    let token = fc.login().await;
    let items = fc
        .data(
            &token,
            "describeCodePackages",
            json!({"codeNames": ["sensorMath", "convertTemperature"], "databaseName": "faircom",
                "ownerName": "admin"}),
        )
        .await;
    assert_eq!(names(&items), ["sensorMath", "convertTemperature"]);
    let convert = &items[1];
    assert_eq!(convert["codeVersion"], 5);
    assert!(convert["code"]
        .as_str()
        .unwrap()
        .contains("getFahrenheitFromCelsius"));
    assert_eq!(
        convert["metadata"],
        json!({"keyword": "temperature", "favorites": true})
    );
    assert_eq!(convert["createdBy"], "ADMIN");
    assert_server_time(&convert["createdOn"]);
    assert_server_time(&convert["updatedOn"]);

    let message = fc
        .refused(
            &token,
            "describeCodePackages",
            json!({"codeNames": ["convertTemperature", "noSuchThing"]}),
            NOT_FOUND,
        )
        .await;
    assert!(message.starts_with("Code Package not found"), "{message}");
    assert!(message.contains("noSuchThing"), "{message}");
    // The ops package is not in the session's default owner.
    fc.refused(
        &token,
        "describeCodePackages",
        json!({"codeNames": ["rollupShiftTotals"]}),
        NOT_FOUND,
    )
    .await;
    let ops = fc
        .data(
            &token,
            "describeCodePackages",
            json!({"codeNames": ["rollupShiftTotals"], "ownerName": "ops"}),
        )
        .await;
    assert_eq!(ops[0]["createdBy"], "OPS");
}

#[tokio::test]
async fn package_objects_use_the_field_names_of_faircoms_example() {
    let Some(example) = fixture("describeCodePackages.response.reconstructed.json") else {
        return;
    };
    let fc = demo().await;
    let token = fc.login().await;
    let expected = keys(&example["result"]["data"][0]);
    let described = fc.describe(&token, "convertTemperature").await;
    assert_eq!(keys(&described), expected);
    let mut without_code = expected.clone();
    without_code.remove("code");
    let listed = fc.data(&token, "listCodePackages", json!({})).await;
    assert_eq!(keys(&listed[0]), without_code);
    let history = fc
        .data(
            &token,
            "listCodePackageHistory",
            json!({"partialName": "convertTemperature"}),
        )
        .await;
    assert_eq!(keys(&history[0]), without_code);
    assert_eq!(
        keys(&fc.history(&token, "convertTemperature").await[0]),
        expected
    );
    // And the same JSON types as the example.
    for (key, value) in example["result"]["data"][0].as_object().unwrap() {
        let kind = |v: &Value| std::mem::discriminant(v);
        assert_eq!(kind(&described[key]), kind(value), "{key}");
    }
}

#[tokio::test]
async fn faircoms_documented_requests_are_answered_like_the_examples() {
    let Some(_) = support::shared_dir() else {
        return;
    };
    let fc = demo().await;
    let token = fc.login().await;
    let send = |name: &str| {
        let mut request = fixture(name).unwrap();
        if request.get("authToken").is_some() {
            request["authToken"] = json!(token);
        }
        request["debug"] = json!("max");
        fc.post(request)
    };
    for (request, response) in [
        (
            "listCodePackages.request.json",
            Some("listCodePackages.response.json"),
        ),
        ("listCodePackages.request.all.json", None),
        ("listCodePackages.request.some.json", None),
        ("describeCodePackages.request.minimal.json", None),
        ("listCodePackageHistory.request.all.json", None),
        ("listCodePackageHistory.request.json", None),
        ("listCodePackageHistory.request.one-package.json", None),
        ("listCodePackageHistory.request.version-range.json", None),
        (
            "describeCodePackageHistory.request.json",
            Some("describeCodePackageHistory.response.json"),
        ),
        (
            "revertCodePackage.request.minimal.json",
            Some("revertCodePackage.response.json"),
        ),
        (
            "cloneCodePackage.request.minimal.json",
            Some("cloneCodePackage.response.minimal.json"),
        ),
        (
            "cloneCodePackage.request.json",
            Some("cloneCodePackage.response.json"),
        ),
    ] {
        let answer = send(request).await;
        assert_eq!(answer["errorCode"], 0, "{request}: {answer}");
        if let Some(response) = response {
            let example = fixture(response).unwrap();
            assert_eq!(keys(&answer), keys(&example), "{request}");
            if let Some(data) = example["result"].get("data") {
                // The examples page past the end: empty data.
                assert_eq!(answer["result"]["data"], *data, "{request}");
            }
        }
    }
    let version_range = send("listCodePackageHistory.request.version-range.json").await;
    assert_eq!(
        versions(version_range["result"]["data"].as_array().unwrap()),
        [1, 2]
    );
    let clone = fc.describe(&token, "convertAndCategorizeTemperature").await;
    assert_eq!(clone["comment"], "Cloned from convertTemperature");
    let create = send("createCodePackage.request.json").await;
    assert_eq!(
        create["errorCode"], ALREADY_EXISTS,
        "the demo has convertTemperature"
    );
    let bye = send("deleteSession.request.json").await;
    assert_eq!(
        keys(&bye),
        keys(&fixture("deleteSession.response.json").unwrap())
    );
}

// ---------------------------------------------------------------------------------------------
// History

#[tokio::test]
async fn history_holds_the_earlier_versions_ascending_and_pages() {
    let fc = demo().await;
    let token = fc.login().await;
    let params = json!({"codeName": "rollupShiftTotals", "ownerName": "ops"});
    let current = fc
        .data(
            &token,
            "describeCodePackages",
            json!({"codeNames": ["rollupShiftTotals"], "ownerName": "ops"}),
        )
        .await;
    assert_eq!(current[0]["codeVersion"], 10);
    let mut seen = Vec::new();
    loop {
        let mut page_params = params.clone();
        page_params["skipRecords"] = json!(seen.len());
        page_params["maxRecords"] = json!(4);
        let page = fc
            .data(&token, "describeCodePackageHistory", page_params)
            .await;
        let short = page.len() < 4;
        seen.extend(page);
        if short {
            break;
        }
    }
    assert_eq!(versions(&seen), (1..=9).collect::<Vec<_>>());
    assert!(seen
        .iter()
        .all(|v| v["code"].is_string() && !v["comment"].as_str().unwrap().is_empty()));
    assert_ne!(seen[8]["code"], current[0]["code"]);

    let mut ranged = params.clone();
    ranged["minCodeVersion"] = json!(3);
    ranged["maxCodeVersion"] = json!(5);
    assert_eq!(
        versions(&fc.data(&token, "describeCodePackageHistory", ranged).await),
        [3, 4, 5]
    );
    let defaulted = fc.data(&token, "describeCodePackageHistory", params).await;
    assert_eq!(defaulted.len(), 9, "under the default page of 20");

    let listed = fc
        .data(
            &token,
            "listCodePackageHistory",
            json!({"ownerName": "ops", "maxRecords": 100}),
        )
        .await;
    assert_eq!(versions(&listed), (1..=9).collect::<Vec<_>>());
    assert!(listed.iter().all(|v| v.get("code").is_none()));
    fc.refused(
        &token,
        "describeCodePackageHistory",
        json!({"codeName": "nothing"}),
        NOT_FOUND,
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// Writes

#[tokio::test]
async fn alter_changes_status_in_place_and_code_into_a_new_version() {
    let fc = demo().await;
    let token = fc.login().await;
    let before = fc.describe(&token, "sensorMath").await;
    let history_before = fc.history(&token, "sensorMath").await;
    assert_eq!(before["codeVersion"], 3);

    fc.h.advance_clock(Duration::from_mins(30));
    let answer = fc
        .ok(
            &token,
            "alterCodePackage",
            json!({"codeName": "sensorMath", "codeStatus": "deprecated",
            "description": "Use mathKit instead."}),
        )
        .await;
    assert!(answer.get("result").is_none(), "{answer}");
    let in_place = fc.describe(&token, "sensorMath").await;
    assert_eq!(in_place["codeVersion"], 3);
    assert_eq!(in_place["codeStatus"], "deprecated");
    assert_eq!(in_place["description"], "Use mathKit instead.");
    assert_eq!(in_place["code"], before["code"]);
    assert!(
        in_place["updatedOn"].as_str() > before["updatedOn"].as_str(),
        "stamped by the clock"
    );
    assert_eq!(fc.history(&token, "sensorMath").await, history_before);

    let new_code = format!("{}\n// v4\n", before["code"].as_str().unwrap());
    fc.ok(
        &token,
        "alterCodePackage",
        json!({"codeName": "sensorMath", "code": new_code,
        "comment": "Mark the end of the module"}),
    )
    .await;
    let after = fc.describe(&token, "sensorMath").await;
    assert_eq!(after["codeVersion"], 4);
    assert_eq!(after["code"], new_code.as_str());
    assert_eq!(after["comment"], "Mark the end of the module");
    assert_eq!(after["codeStatus"], "deprecated");
    assert_eq!(after["codeId"], before["codeId"]);
    let history = fc.history(&token, "sensorMath").await;
    assert_eq!(versions(&history), [1, 2, 3]);
    assert_eq!(history[2]["code"], before["code"]);
    assert_eq!(history[2]["comment"], before["comment"]);

    for refused in [
        json!({"codeName": "sensorMath", "codeType": "job"}),
        json!({"codeName": "sensorMath", "codeLanguage": "python"}),
        json!({"codeName": "sensorMath", "codeStatus": "retired"}),
    ] {
        fc.refused(&token, "alterCodePackage", refused, INVALID_PARAMS)
            .await;
    }
    let message = fc
        .refused(
            &token,
            "alterCodePackage",
            json!({"codeName": "mathKit", "codeStatus": "active"}),
            NOT_FOUND,
        )
        .await;
    assert!(message.contains("mathKit"));
    assert_eq!(fc.describe(&token, "sensorMath").await["codeVersion"], 4);
}

#[tokio::test]
async fn revert_makes_the_old_code_the_next_version_and_keeps_the_current_in_history() {
    let fc = demo().await;
    let token = fc.login().await;
    let before = fc.describe(&token, "convertTemperature").await;
    let history = fc.history(&token, "convertTemperature").await;
    assert_eq!(versions(&history), [1, 2, 3, 4]);
    let answer = fc
        .ok(
            &token,
            "revertCodePackage",
            json!({"codeName": "convertTemperature", "codeVersion": 2}),
        )
        .await;
    assert!(answer.get("result").is_none(), "{answer}");
    let after = fc.describe(&token, "convertTemperature").await;
    assert_eq!(after["codeVersion"], 6);
    assert_eq!(after["code"], history[1]["code"]);
    assert_eq!(
        after["codeStatus"], before["codeStatus"],
        "the current status is kept"
    );
    assert_eq!(after["comment"], "Reverted to version 2");
    let grown = fc.history(&token, "convertTemperature").await;
    assert_eq!(versions(&grown), [1, 2, 3, 4, 5]);
    assert_eq!(grown[4]["code"], before["code"]);
    assert_eq!(grown[4]["comment"], before["comment"]);

    for version in [6, 7, 0] {
        let message = fc
            .refused(
                &token,
                "revertCodePackage",
                json!({"codeName": "convertTemperature", "codeVersion": version}),
                INVALID_PARAMS,
            )
            .await;
        assert!(message.contains(&version.to_string()), "{message}");
    }
    fc.refused(
        &token,
        "revertCodePackage",
        json!({"codeName": "convertTemperature"}),
        INVALID_PARAMS,
    )
    .await;
    fc.refused(
        &token,
        "revertCodePackage",
        json!({"codeName": "nope", "codeVersion": 1}),
        NOT_FOUND,
    )
    .await;
    assert_eq!(
        versions(&fc.history(&token, "convertTemperature").await).len(),
        5
    );
}

#[tokio::test]
async fn create_starts_a_package_at_version_one_and_refuses_a_taken_identity() {
    let fc = start(Seed::Empty).await;
    let token = fc.login().await;
    assert!(fc
        .data(
            &token,
            "listCodePackages",
            json!({"includeDeactivatedCode": true})
        )
        .await
        .is_empty());
    let create = json!({"codeName": "addOne", "codeLanguage": "javascript",
        "codeType": "getRecordsTransform", "code": "record.n = record.n + 1;",
        "comment": "first", "metadata": {"team": "qa"}});
    let answer = fc.ok(&token, "createCodePackage", create.clone()).await;
    assert!(answer.get("result").is_none(), "{answer}");
    let made = fc.describe(&token, "addOne").await;
    assert_eq!(made["codeVersion"], 1);
    assert_eq!(made["codeStatus"], "developing");
    assert_eq!(made["databaseName"], "faircom");
    assert_eq!(made["ownerName"], "admin");
    assert_eq!(made["clonedCodeId"], 0);
    assert_eq!(made["createdBy"], "ADMIN");
    assert_eq!(made["codeFormat"], "utf8");
    assert_eq!(made["metadata"], json!({"team": "qa"}));
    assert!(fc.history(&token, "addOne").await.is_empty());

    let message = fc
        .refused(&token, "createCodePackage", create.clone(), ALREADY_EXISTS)
        .await;
    assert!(message.contains("addOne"), "{message}");
    // Deleted is still there: the name stays taken.
    fc.ok(
        &token,
        "alterCodePackage",
        json!({"codeName": "addOne", "codeStatus": "deleted"}),
    )
    .await;
    fc.refused(&token, "createCodePackage", create.clone(), ALREADY_EXISTS)
        .await;
    let mut elsewhere = create.clone();
    elsewhere["databaseName"] = json!("lab");
    fc.ok(&token, "createCodePackage", elsewhere).await;
    let ids: Vec<i64> =
        fc.h.with_faircom_store(|s| s.packages.iter().map(|p| p.code_id).collect());
    assert_eq!(ids, [1, 2]);

    for missing in ["codeName", "codeLanguage", "codeType", "code"] {
        let mut incomplete = create.clone();
        incomplete.as_object_mut().unwrap().remove(missing);
        incomplete["codeName"] = json!("other");
        if missing == "codeName" {
            incomplete.as_object_mut().unwrap().remove("codeName");
        }
        let message = fc
            .refused(&token, "createCodePackage", incomplete, INVALID_PARAMS)
            .await;
        assert!(message.contains(missing), "{message}");
    }
    let mut empty_name = create.clone();
    empty_name["codeName"] = json!("");
    fc.refused(&token, "createCodePackage", empty_name, INVALID_PARAMS)
        .await;
}

#[tokio::test]
async fn clone_starts_a_fresh_version_line_pointing_at_its_source() {
    let fc = demo().await;
    let token = fc.login().await;
    let source = fc.describe(&token, "enrichOrderRecords").await;
    let answer = fc
        .ok(
            &token,
            "cloneCodePackage",
            json!({"codeName": "enrichOrderRecords",
            "newCodeName": "enrichOrderRecordsEu", "newDatabaseName": "orders",
            "comment": "EU tax rules start here"}),
        )
        .await;
    assert!(answer.get("result").is_none(), "{answer}");
    let clone = &fc
        .data(
            &token,
            "describeCodePackages",
            json!({"codeNames": ["enrichOrderRecordsEu"],
            "databaseName": "orders"}),
        )
        .await[0];
    assert_eq!(clone["codeVersion"], 1);
    assert_eq!(clone["clonedCodeId"], source["codeId"]);
    assert_ne!(clone["codeId"], source["codeId"]);
    assert_eq!(clone["code"], source["code"]);
    assert_eq!(clone["comment"], "EU tax rules start here");
    assert_eq!(clone["codeType"], source["codeType"]);
    fc.refused(
        &token,
        "cloneCodePackage",
        json!({"codeName": "enrichOrderRecords",
            "newCodeName": "enrichOrderRecordsEu", "newDatabaseName": "orders"}),
        ALREADY_EXISTS,
    )
    .await;
    // A clone onto itself.
    fc.refused(
        &token,
        "cloneCodePackage",
        json!({"codeName": "enrichOrderRecords"}),
        ALREADY_EXISTS,
    )
    .await;
    fc.refused(
        &token,
        "cloneCodePackage",
        json!({"codeName": "nope", "newCodeName": "x"}),
        NOT_FOUND,
    )
    .await;
    // The source is untouched.
    assert_eq!(fc.describe(&token, "enrichOrderRecords").await, source);
}
