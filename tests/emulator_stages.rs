//! Two emulators at once, the demo's two stages (`demo-dev` = `Seed::Demo`, `demo-prod` =
//! `Seed::DemoProd`), over real loopback HTTP: each has its own store and token, and every kind of
//! drift the Compare view and `codedeck compare` rely on is really there, read by name through the
//! Auth0 and FairCom APIs. demo-prod is deterministic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

use std::collections::BTreeMap;

use codedeck::emulator::seed::DEMO_PROD_REPLACE;
use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions, Seed};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

struct Stage {
    h: EmulatorHandle,
    c: Client,
}

async fn start(seed: Seed) -> Stage {
    let h = emulator::spawn(EmulatorOptions {
        seed,
        ..EmulatorOptions::default()
    })
    .await
    .expect("emulator starts");
    Stage {
        h,
        c: Client::new(),
    }
}

async fn stages() -> (Stage, Stage) {
    (start(Seed::Demo).await, start(Seed::DemoProd).await)
}

impl Stage {
    async fn get_with(&self, token: &str, path: &str) -> (StatusCode, Value) {
        let resp = self
            .c
            .get(format!("{}/api/v2{path}", self.h.base_url()))
            .bearer_auth(token)
            .send()
            .await
            .expect("request");
        let status = resp.status();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str) -> Value {
        let (status, body) = self.get_with(&self.h.token(), path).await;
        assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
        body
    }

    /// Every action by name.
    async fn actions(&self) -> BTreeMap<String, Value> {
        let body = self.get("/actions/actions?per_page=100").await;
        body["actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| (a["name"].as_str().unwrap().to_string(), a.clone()))
            .collect()
    }

    /// Every module by name.
    async fn modules(&self) -> BTreeMap<String, Value> {
        let body = self.get("/actions/modules?per_page=100").await;
        body["modules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| (m["name"].as_str().unwrap().to_string(), m.clone()))
            .collect()
    }

    /// The version numbers a module has published, ascending.
    async fn module_versions(&self, id: &str) -> Vec<u64> {
        let body = self.get(&format!("/actions/modules/{id}/versions")).await;
        let mut numbers: Vec<u64> = body["versions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["version_number"].as_u64().unwrap())
            .collect();
        numbers.sort_unstable();
        numbers
    }

    /// The action names bound to a trigger, in execution order.
    async fn flow(&self, trigger: &str) -> Vec<String> {
        let body = self
            .get(&format!("/actions/triggers/{trigger}/bindings"))
            .await;
        body["bindings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["display_name"].as_str().unwrap().to_string())
            .collect()
    }

    /// One FairCom JSON Action call in a fresh session (default database and owner).
    async fn faircom(&self, action: &str, params: Value) -> Value {
        let login = self
            .faircom_post(
                json!({"api": "admin", "action": "createSession", "params": {
                    "username": self.h.faircom_username(),
                    "password": self.h.faircom_password().expose(),
                }}),
            )
            .await;
        assert_eq!(login["errorCode"], 0, "{login}");
        let token = login["authToken"].as_str().unwrap().to_string();
        self.faircom_post(json!({"api": "admin", "action": action, "params": params,
            "authToken": token}))
            .await
    }

    async fn faircom_post(&self, body: Value) -> Value {
        let resp = self
            .c
            .post(self.h.faircom_url())
            .json(&body)
            .send()
            .await
            .expect("request");
        assert_eq!(resp.status(), StatusCode::OK);
        resp.json().await.unwrap()
    }

    /// The packages listed in one database (every status), by (owner, name).
    async fn packages_in(&self, database: &str) -> BTreeMap<(String, String), Value> {
        let answer = self
            .faircom(
                "listCodePackages",
                json!({"databaseName": database, "includeDeactivatedCode": true,
                    "maxRecords": 100}),
            )
            .await;
        assert_eq!(answer["errorCode"], 0, "{answer}");
        answer["result"]["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                assert_eq!(p["databaseName"], database);
                let key = (
                    p["ownerName"].as_str().unwrap().to_string(),
                    p["codeName"].as_str().unwrap().to_string(),
                );
                (key, p.clone())
            })
            .collect()
    }

    /// A package's current code, named in its database and owner.
    async fn package_code(&self, database: &str, owner: &str, name: &str) -> String {
        let answer = self
            .faircom(
                "describeCodePackages",
                json!({"databaseName": database, "ownerName": owner, "codeNames": [name]}),
            )
            .await;
        assert_eq!(answer["errorCode"], 0, "{answer}");
        answer["result"]["data"][0]["code"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

/// What a compare looks at for an action's live version.
fn live(action: &Value) -> &Value {
    &action["deployed_version"]
}

fn names(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| i[key].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Module pins by (module name, version number).
fn pins(version: &Value) -> Vec<(String, u64)> {
    version["modules"]
        .as_array()
        .map(|pins| {
            pins.iter()
                .map(|p| {
                    (
                        p["module_name"].as_str().unwrap().to_string(),
                        p["module_version_number"].as_u64().unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn dependency(version: &Value, name: &str) -> String {
    version["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == name)
        .map(|d| d["version"].as_str().unwrap().to_string())
        .unwrap_or_default()
}

/// The fields a compare of live versions looks at, without ids and times.
fn settings(version: &Value) -> Value {
    json!({
        "code": version["code"],
        "runtime": version["runtime"],
        "dependencies": version["dependencies"],
        "secrets": names(&version["secrets"], "name"),
        "modules": pins(version),
        "triggers": version["supported_triggers"],
    })
}

#[tokio::test]
async fn two_stages_serve_at_once_each_with_its_own_store_and_token() {
    let (dev, prod) = stages().await;
    assert_ne!(dev.h.base_url(), prod.h.base_url());
    assert_ne!(dev.h.token(), prod.h.token());
    let (refused, _) = prod
        .get_with(&dev.h.token(), "/actions/actions?per_page=100")
        .await;
    assert_eq!(refused, StatusCode::UNAUTHORIZED, "dev's token on prod");
    let (refused, _) = dev
        .get_with(&prod.h.token(), "/actions/actions?per_page=100")
        .await;
    assert_eq!(refused, StatusCode::UNAUTHORIZED, "prod's token on dev");
    // A FairCom session on one is unknown to the other.
    let login = dev
        .faircom_post(
            json!({"api": "admin", "action": "createSession", "params": {
            "username": dev.h.faircom_username(),
            "password": dev.h.faircom_password().expose()}}),
        )
        .await;
    let token = login["authToken"].as_str().unwrap();
    let elsewhere = prod
        .faircom_post(json!({"api": "admin", "action": "pingSession", "authToken": token}))
        .await;
    assert_ne!(elsewhere["errorCode"], 0, "{elsewhere}");

    let (dev_actions, prod_actions) = (dev.actions().await, prod.actions().await);
    let shared = dev_actions
        .keys()
        .filter(|n| prod_actions.contains_key(*n))
        .count();
    assert!(shared >= 10, "matched by name: {shared}");
    for (name, action) in &prod_actions {
        if let Some(twin) = dev_actions.get(name) {
            assert_ne!(action["id"], twin["id"], "{name}: ids differ per tenant");
        }
    }
    // A write on one leaves the other alone.
    let id = prod_actions["Limit M2M scopes"]["id"].as_str().unwrap();
    let resp = prod
        .c
        .patch(format!("{}/api/v2/actions/actions/{id}", prod.h.base_url()))
        .bearer_auth(prod.h.token())
        .json(&json!({"code": "exports.onExecuteCredentialsExchange = async () => {};"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let after = dev.actions().await;
    assert_eq!(
        after["Limit M2M scopes"]["code"],
        dev_actions["Limit M2M scopes"]["code"]
    );
    assert_ne!(
        prod.actions().await["Limit M2M scopes"]["code"],
        after["Limit M2M scopes"]["code"]
    );
}

#[tokio::test]
async fn every_kind_of_action_drift_is_there_by_name() {
    let (dev, prod) = stages().await;
    let (dev_actions, prod_actions) = (dev.actions().await, prod.actions().await);
    let pair = |name: &str| {
        let a = dev_actions
            .get(name)
            .unwrap_or_else(|| panic!("dev: {name}"));
        let b = prod_actions
            .get(name)
            .unwrap_or_else(|| panic!("prod: {name}"));
        (live(a).clone(), live(b).clone())
    };

    for name in [
        "Notify Slack on signup",
        "Validate signup metadata",
        "Limit M2M scopes",
        "Tag M2M tokens with tenant",
    ] {
        let (a, b) = pair(name);
        assert_eq!(settings(&a), settings(&b), "{name} is the same live");
    }

    let (a, b) = pair("Progressive profiling");
    assert_ne!(a["code"], b["code"]);
    assert!(a["code"].as_str().unwrap().contains("skip_profiling"));
    assert!(!b["code"].as_str().unwrap().contains("skip_profiling"));
    assert_eq!(
        (a["runtime"].clone(), a["dependencies"].clone(), pins(&a)),
        (b["runtime"].clone(), b["dependencies"].clone(), pins(&b)),
        "only the code differs"
    );

    let (a, b) = pair("Add role claims to tokens");
    assert_ne!(a["code"], b["code"]);
    assert_eq!(pins(&a), vec![("claims-utils".to_string(), 1)]);
    assert!(pins(&b).is_empty());

    let (a, b) = pair("Geo-block sanctioned countries");
    assert_eq!(a["code"], b["code"]);
    assert_eq!(
        (dependency(&a, "axios"), dependency(&b, "axios")),
        ("1.6.8".into(), "1.7.7".into())
    );
    assert_eq!(a["runtime"], b["runtime"]);

    // Dev's bad deploy of half an hour ago was never promoted: prod runs the version before it.
    let (a, b) = pair("Require MFA for admins");
    assert_ne!(a["code"], b["code"]);
    assert_eq!(
        (a["runtime"].as_str(), b["runtime"].as_str()),
        (Some("node22"), Some("node18-actions"))
    );

    let (a, b) = pair("Audit password changes");
    assert_eq!(a["code"], b["code"]);
    assert_eq!(a["dependencies"], b["dependencies"]);
    assert_eq!(names(&a["secrets"], "name"), vec!["AUDIT_API_KEY"]);
    assert_eq!(
        names(&b["secrets"], "name"),
        vec!["AUDIT_API_KEY", "AUDIT_API_KEY_PREVIOUS"]
    );

    let (a, b) = pair("Deny disposable email domains");
    assert_eq!(a["code"], b["code"]);
    assert_eq!(pins(&a), vec![("deny-lists".to_string(), 3)]);
    assert_eq!(pins(&b), vec![("deny-lists".to_string(), 2)]);

    let (a, b) = pair("Send SMS via Twilio");
    assert_ne!(a["code"], b["code"]);
    let mut mapped = a["code"].as_str().unwrap().to_string();
    for (from, to) in DEMO_PROD_REPLACE {
        mapped = mapped.replace(from, to);
    }
    assert_eq!(
        mapped,
        b["code"].as_str().unwrap(),
        "the same after mapping"
    );
    assert_eq!(
        json!([
            a["runtime"],
            a["dependencies"],
            pins(&a),
            names(&a["secrets"], "name")
        ]),
        json!([
            b["runtime"],
            b["dependencies"],
            pins(&b),
            names(&b["secrets"], "name")
        ])
    );

    assert!(dev_actions.contains_key("Block legacy user agents"));
    assert!(
        !prod_actions.contains_key("Block legacy user agents"),
        "only in dev"
    );
    let hotfix = &prod_actions["Block credential stuffing IPs"];
    assert!(!dev_actions.contains_key("Block credential stuffing IPs"));
    assert_eq!(live(hotfix)["deployed"], true, "only in prod, and live");

    // Prod has fewer versions, deployed later; its drafts are what is live.
    for (name, action) in &prod_actions {
        assert_eq!(action["all_changes_deployed"], true, "{name}");
        if let Some(twin) = dev_actions.get(name) {
            assert!(
                live(action)["number"].as_u64() < live(twin)["number"].as_u64(),
                "{name}"
            );
            // Dev deployed the bad version after the last promote (half an hour ago).
            let promoted_since = name.as_str() != codedeck::emulator::seed::BAD_ACTION;
            assert_eq!(
                live(action)["created_at"].as_str() > live(twin)["created_at"].as_str(),
                promoted_since,
                "{name}"
            );
        }
    }
}

#[tokio::test]
async fn flows_and_modules_drift_as_documented() {
    let (dev, prod) = stages().await;
    assert_eq!(
        dev.flow("credentials-exchange").await,
        ["Limit M2M scopes", "Tag M2M tokens with tenant"]
    );
    assert_eq!(
        prod.flow("credentials-exchange").await,
        ["Tag M2M tokens with tenant", "Limit M2M scopes"],
        "the same actions in another order"
    );
    let (dev_login, prod_login) = (dev.flow("post-login").await, prod.flow("post-login").await);
    assert_eq!(prod_login[0], "Block credential stuffing IPs");
    assert_eq!(prod_login[1..], dev_login[..]);
    assert_eq!(
        dev.flow("pre-user-registration").await,
        prod.flow("pre-user-registration").await
    );

    let (dev_modules, prod_modules) = (dev.modules().await, prod.modules().await);
    assert!(dev_modules.contains_key("claims-utils"));
    assert!(!prod_modules.contains_key("claims-utils"), "only in dev");
    let latest = |m: &Value| m["latest_version"].clone();
    let same = |name: &str| {
        let (a, b) = (latest(&dev_modules[name]), latest(&prod_modules[name]));
        assert_ne!(a["id"], b["id"]);
        (a["version_number"].clone(), a["code"].clone())
            == (b["version_number"].clone(), b["code"].clone())
            && a["dependencies"] == b["dependencies"]
    };
    assert!(same("http-helpers"));
    assert!(!same("deny-lists"));
    assert!(latest(&dev_modules["deny-lists"])["code"]
        .as_str()
        .unwrap()
        .contains(".xyz"));
    let id = |m: &BTreeMap<String, Value>, name: &str| m[name]["id"].as_str().unwrap().to_string();
    assert_eq!(
        dev.module_versions(&id(&dev_modules, "deny-lists")).await,
        [1, 2, 3]
    );
    assert_eq!(
        prod.module_versions(&id(&prod_modules, "deny-lists")).await,
        [1, 2]
    );
    assert_eq!(
        prod.module_versions(&id(&prod_modules, "http-helpers"))
            .await,
        [1, 2, 3, 4]
    );
}

#[tokio::test]
async fn faircom_packages_drift_across_databases() {
    let (dev, prod) = stages().await;
    let (dev_pkgs, prod_pkgs) = (
        dev.packages_in("faircom").await,
        prod.packages_in("faircom_prod").await,
    );
    assert!(
        prod.packages_in("faircom").await.is_empty(),
        "prod keeps to its databases"
    );
    assert!(dev.packages_in("faircom_prod").await.is_empty());
    let key = |owner: &str, name: &str| (owner.to_string(), name.to_string());
    for (owner, name) in [
        ("admin", "convertTemperature"),
        ("admin", "normalizeSensorReadings"),
        ("admin", "sensorMath"),
        ("admin", "purgeStaleReadings"),
        ("admin", "pressureSpikeAlert"),
        ("ops", "rollupShiftTotals"),
    ] {
        let (a, b) = (&dev_pkgs[&key(owner, name)], &prod_pkgs[&key(owner, name)]);
        assert_eq!(a["codeType"], b["codeType"], "{name}");
        assert_eq!(a["codeLanguage"], b["codeLanguage"], "{name}");
        assert!(
            b["codeVersion"].as_u64() < a["codeVersion"].as_u64(),
            "{name}"
        );
        assert!(b["comment"]
            .as_str()
            .unwrap()
            .starts_with("promoted from dev: v"));
        assert_eq!(
            dev.package_code("faircom", owner, name).await,
            prod.package_code("faircom_prod", owner, name).await,
            "{name} is the same"
        );
    }
    assert_eq!(
        dev.package_code("orders", "admin", "maskCustomerPii").await,
        prod.package_code("orders_prod", "admin", "maskCustomerPii")
            .await
    );

    let (a, b) = (
        dev.package_code("faircom", "admin", "enrichOrderRecords")
            .await,
        prod.package_code("faircom_prod", "admin", "enrichOrderRecords")
            .await,
    );
    assert!(
        a.contains("customer_tier") && !b.contains("customer_tier"),
        "code differs"
    );

    assert!(dev_pkgs.contains_key(&key("admin", "flagOrderAnomalies")));
    assert!(
        !prod_pkgs.contains_key(&key("admin", "flagOrderAnomalies")),
        "only in dev"
    );
    assert!(prod_pkgs.contains_key(&key("admin", "dropDuplicateReadings")));
    assert!(
        !dev_pkgs.contains_key(&key("admin", "dropDuplicateReadings")),
        "only in prod"
    );

    let legacy = key("admin", "legacyTemperatureBands");
    assert_eq!(dev_pkgs[&legacy]["codeType"], "getRecordsTransform");
    assert_eq!(prod_pkgs[&legacy]["codeType"], "transform", "type differs");

    // The session's default database applies when a call names none.
    let login = prod
        .faircom_post(
            json!({"api": "admin", "action": "createSession", "params": {
            "username": prod.h.faircom_username(),
            "password": prod.h.faircom_password().expose(),
            "defaultDatabaseName": "faircom_prod"}}),
        )
        .await;
    let token = login["authToken"].as_str().unwrap();
    let described = prod
        .faircom_post(json!({"api": "admin", "action": "describeCodePackages",
            "authToken": token, "params": {"codeNames": ["dropDuplicateReadings"]}}))
        .await;
    assert_eq!(described["errorCode"], 0, "{described}");
    assert_eq!(
        described["result"]["data"][0]["databaseName"],
        "faircom_prod"
    );
}

#[tokio::test]
async fn demo_prod_is_deterministic() {
    let (a, b) = (start(Seed::DemoProd).await, start(Seed::DemoProd).await);
    let strip = |actions: BTreeMap<String, Value>| {
        actions
            .into_iter()
            .map(|(name, mut action)| {
                // Status fields are derived from each emulator's clock; the rest is the seed.
                action.as_object_mut().unwrap().remove("status");
                (name, action)
            })
            .collect::<BTreeMap<_, _>>()
    };
    assert_eq!(strip(a.actions().await), strip(b.actions().await));
    assert_eq!(a.modules().await, b.modules().await);
    for trigger in ["post-login", "credentials-exchange"] {
        assert_eq!(a.flow(trigger).await, b.flow(trigger).await);
    }
    assert_eq!(
        a.packages_in("faircom_prod").await,
        b.packages_in("faircom_prod").await
    );
}

/// The demo-prod stage's replace pair (config, which may not import the emulator, keeps its own
/// copy in strings) is the one the seed's drift was made with.
#[test]
fn the_demo_stage_mapping_is_the_seeds() {
    use codedeck::config::{DemoStage, Stage};
    let prod = Stage::demo(DemoStage::Prod);
    let seeded: Vec<(String, String)> = codedeck::emulator::seed::DEMO_PROD_REPLACE
        .iter()
        .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
        .collect();
    assert_eq!(prod.replace.0, seeded);
}
