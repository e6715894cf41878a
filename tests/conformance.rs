//! Every recorded Auth0 response in ../shared/fixtures/auth0-recordings decodes into our wire types,
//! maps into the model, and keeps what the JSON says (ids, counts, statuses, code presence).
//! 2xx bodies → typed wire type → model; error statuses → `wire::ErrorBody`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::collections::BTreeMap;

use codedeck::backend::auth0::wire;
use codedeck::model::{self, BindingPolicy, BuildStatus, TriggerStatus};
use serde::de::DeserializeOwned;
use serde_json::Value;
use support::cassette::{self, Endpoint, Interaction};

fn decode<W: DeserializeOwned>(ix: &Interaction) -> W {
    serde_json::from_str(&ix.body).unwrap_or_else(|e| {
        panic!(
            "{}#{} {} {}: does not decode: {e}\n{}",
            ix.file, ix.index, ix.method, ix.path, ix.body
        )
    })
}

fn str_field<'a>(json: &'a Value, key: &str) -> Option<&'a str> {
    json.get(key).and_then(Value::as_str)
}

/// The build status survives: a known value parses to its variant, anything else is kept verbatim.
fn assert_status(context: &str, status: &BuildStatus, raw: Option<&str>) {
    let Some(raw) = raw else { return };
    assert!(
        status.as_str().eq_ignore_ascii_case(raw),
        "{context}: status {raw:?} became {status:?}"
    );
    let known = [
        "pending", "building", "packaged", "built", "retrying", "failed",
    ];
    assert_eq!(
        known.contains(&raw.to_ascii_lowercase().as_str()),
        !matches!(status, BuildStatus::Other(_)),
        "{context}"
    );
}

fn check_action(context: &str, action: &model::Action, json: &Value) {
    assert!(
        !action.id.is_empty() && !action.name.is_empty(),
        "{context}: action without id/name"
    );
    assert_eq!(action.id, str_field(json, "id").unwrap(), "{context}");
    assert_eq!(
        action.code_loaded,
        json.get("code").is_some(),
        "{context}: code_loaded"
    );
    if let Some(code) = str_field(json, "code") {
        assert_eq!(action.code, code, "{context}");
    }
    assert_status(context, &action.status, str_field(json, "status"));
    assert_eq!(
        action.supported_triggers.len(),
        json["supported_triggers"].as_array().map_or(0, Vec::len),
        "{context}"
    );
    assert_eq!(
        action.secrets.len(),
        json["secrets"].as_array().map_or(0, Vec::len),
        "{context}"
    );
    assert_eq!(
        action.deployed_version.is_some(),
        json.get("deployed_version").is_some(),
        "{context}"
    );
    // Nanosecond timestamps (actions service) must parse, not silently vanish.
    assert_eq!(
        action.updated_at.is_some(),
        json.get("updated_at").is_some(),
        "{context}: updated_at"
    );
    if let (Some(version), Some(raw)) = (&action.deployed_version, json.get("deployed_version")) {
        check_version(context, version, raw);
    }
}

fn check_version(context: &str, version: &model::ActionVersion, json: &Value) {
    assert!(!version.id.is_empty(), "{context}: version without id");
    assert!(
        version.number >= 1,
        "{context}: version number {}",
        version.number
    );
    assert_eq!(
        u64::from(version.number),
        json["number"].as_u64().unwrap(),
        "{context}"
    );
    assert_eq!(
        version.deployed,
        json["deployed"].as_bool().unwrap_or(false),
        "{context}"
    );
    assert_status(context, &version.status, str_field(json, "status"));
}

fn check_module(context: &str, module: &model::Module, json: &Value) {
    assert!(
        !module.id.is_empty() && !module.name.is_empty(),
        "{context}: module without id/name"
    );
    assert_eq!(
        module.code,
        str_field(json, "code").unwrap_or_default(),
        "{context}"
    );
    assert_eq!(
        module.updated_at.is_some(),
        json.get("updated_at").is_some(),
        "{context}: updated_at"
    );
    let raw_latest = json
        .get("latest_version")
        .and_then(|v| v["version_number"].as_u64());
    assert_eq!(
        module.latest_version_number().map(u64::from),
        raw_latest,
        "{context}"
    );
    if let Some(latest) = &module.latest_version {
        assert_eq!(latest.module_id, module.id, "{context}");
    }
}

fn check_module_version(context: &str, version: &model::ModuleVersion, json: &Value) {
    assert!(
        !version.id.is_empty() && !version.module_id.is_empty(),
        "{context}: module version ids"
    );
    assert_eq!(
        u64::from(version.number),
        json["version_number"].as_u64().unwrap(),
        "{context}"
    );
    assert!(
        version.created_at.is_some(),
        "{context}: created_at did not parse"
    );
}

/// The array under the list key (`actions`, `versions`, …) of a list response.
fn items<'a>(json: &'a Value, key: &str) -> &'a Vec<Value> {
    json[key]
        .as_array()
        .unwrap_or_else(|| panic!("no {key:?} array in {json}"))
}

/// Decodes a list page, checks its length against the JSON array, and checks each item.
fn check_page<W, M>(ix: &Interaction, key: &str, check: impl Fn(&str, &M, &Value))
where
    W: DeserializeOwned,
    M: From<W>,
{
    let page: wire::Page<W> = decode(ix);
    let json = ix.json();
    let raw = items(&json, key);
    let total = page.total;
    let page_items = page
        .take(key)
        .unwrap_or_else(|e| panic!("{}#{}: {e}", ix.file, ix.index));
    assert_eq!(
        page_items.len(),
        raw.len(),
        "{}#{}: item count",
        ix.file,
        ix.index
    );
    assert_eq!(
        total,
        json.get("total").and_then(Value::as_u64),
        "{}#{}",
        ix.file,
        ix.index
    );
    for (n, (item, raw)) in page_items.into_iter().zip(raw).enumerate() {
        check(
            &format!("{}#{}[{n}]", ix.file, ix.index),
            &M::from(item),
            raw,
        );
    }
}

fn check_success(ix: &Interaction, endpoint: Endpoint) {
    let context = format!("{}#{}", ix.file, ix.index);
    let json = if endpoint == Endpoint::Token {
        Value::Null
    } else {
        ix.json()
    };
    match endpoint {
        Endpoint::ListActions => {
            check_page::<wire::Action, model::Action>(ix, "actions", check_action);
        }
        Endpoint::GetAction | Endpoint::CreateAction | Endpoint::UpdateAction => {
            check_action(&context, &decode::<wire::Action>(ix).into(), &json);
        }
        Endpoint::ListVersions => {
            check_page::<wire::ActionVersion, model::ActionVersion>(ix, "versions", check_version);
        }
        Endpoint::GetVersion | Endpoint::DeployAction | Endpoint::DeployVersion => {
            check_version(&context, &decode::<wire::ActionVersion>(ix).into(), &json);
        }
        Endpoint::ListTriggers => {
            let triggers: Vec<model::Trigger> = cassette_triggers(ix);
            let raw = items(&json, "triggers");
            assert_eq!(triggers.len(), raw.len(), "{context}");
            for (trigger, raw) in triggers.iter().zip(raw) {
                assert!(
                    !trigger.id.is_empty() && !trigger.version.is_empty(),
                    "{context}"
                );
                assert_eq!(
                    trigger.status.as_str(),
                    str_field(raw, "status").unwrap(),
                    "{context}"
                );
                assert!(
                    !matches!(trigger.status, TriggerStatus::Other(_)),
                    "{context}: {:?}",
                    trigger.status
                );
                if let Some(policy) = &trigger.binding_policy {
                    assert!(
                        !matches!(policy, BindingPolicy::Other(_)),
                        "{context}: {policy:?}"
                    );
                }
                assert_eq!(
                    trigger.binding_policy.is_some(),
                    raw.get("binding_policy").is_some(),
                    "{context}"
                );
            }
        }
        Endpoint::ListBindings | Endpoint::PatchBindings => {
            check_page::<wire::Binding, model::Binding>(
                ix,
                "bindings",
                |context, binding: &model::Binding, raw| {
                    assert!(
                        !binding.id.is_empty() && !binding.trigger_id.is_empty(),
                        "{context}"
                    );
                    assert_eq!(
                        binding.display_name,
                        str_field(raw, "display_name").unwrap(),
                        "{context}"
                    );
                    check_action(context, &binding.action, &raw["action"]);
                },
            );
        }
        Endpoint::GetExecution => {
            let execution: model::Execution = decode::<wire::Execution>(ix).into();
            assert!(!execution.id.is_empty(), "{context}");
            assert_eq!(
                execution.results.len(),
                items(&json, "results").len(),
                "{context}"
            );
        }
        Endpoint::ListModules => {
            check_page::<wire::Module, model::Module>(ix, "modules", check_module);
        }
        Endpoint::GetModule
        | Endpoint::CreateModule
        | Endpoint::UpdateModule
        | Endpoint::RollbackModule => {
            check_module(&context, &decode::<wire::Module>(ix).into(), &json);
        }
        Endpoint::ListModuleVersions => check_page::<wire::ModuleVersion, model::ModuleVersion>(
            ix,
            "versions",
            check_module_version,
        ),
        Endpoint::GetModuleVersion | Endpoint::PublishModuleVersion => {
            check_module_version(&context, &decode::<wire::ModuleVersion>(ix).into(), &json);
        }
        Endpoint::ListModuleActions => check_page::<wire::ModuleUsage, model::ModuleUsage>(
            ix,
            "actions",
            |context, usage: &model::ModuleUsage, raw| {
                assert!(
                    !usage.action_id.is_empty() && !usage.module_version_id.is_empty(),
                    "{context}"
                );
                assert_eq!(
                    usage.action_name,
                    str_field(raw, "action_name").unwrap(),
                    "{context}"
                );
                assert!(usage.module_version_number >= 1, "{context}");
            },
        ),
        Endpoint::Token => {
            let token: wire::TokenResponse = decode(ix);
            assert!(!token.access_token.is_empty(), "{context}");
            assert!(token.expires_in.is_some_and(|s| s > 0), "{context}");
            assert!(
                !format!("{token:?}").contains(token.access_token.expose()),
                "{context}: token in Debug"
            );
        }
    }
}

fn cassette_triggers(ix: &Interaction) -> Vec<model::Trigger> {
    decode::<wire::TriggerList>(ix)
        .triggers
        .into_iter()
        .map(Into::into)
        .collect()
}

fn check_error(ix: &Interaction) {
    let context = format!("{}#{}", ix.file, ix.index);
    let body: wire::ErrorBody = decode(ix);
    if let Some(code) = body.status_code {
        assert_eq!(u32::from(ix.status), code, "{context}");
    }
    let text = body
        .description()
        .unwrap_or_else(|| panic!("{context}: error without message: {}", ix.body));
    assert!(!text.trim().is_empty(), "{context}");
}

#[test]
fn every_recorded_response_decodes_and_maps_faithfully() {
    let Some(shared) = support::shared_dir() else {
        return;
    };
    let dir = cassette::recordings_dir(&shared);
    let files = cassette::recording_files(&dir);
    assert!(
        files.len() >= 30,
        "expected the ~31 recordings, found {}",
        files.len()
    );

    let mut decoded: BTreeMap<Endpoint, usize> = BTreeMap::new();
    let mut errors = 0;
    for file in &files {
        let interactions = cassette::load(&dir, file);
        assert!(
            !interactions.is_empty(),
            "{}: no interactions",
            file.display()
        );
        let mut known_in_file = 0;
        for ix in &interactions {
            let Some(endpoint) = ix.endpoint() else {
                continue;
            };
            known_in_file += 1;
            if (200..300).contains(&ix.status) {
                check_success(ix, endpoint);
                *decoded.entry(endpoint).or_default() += 1;
            } else {
                check_error(ix);
                errors += 1;
            }
        }
        assert!(
            known_in_file > 0,
            "{}: no Actions endpoint recognised",
            file.display()
        );
    }
    eprintln!("decoded per endpoint: {decoded:?}; error bodies: {errors}");

    // Floors well below what the recordings hold, so the test cannot pass on (nearly) nothing.
    let floors = [
        (Endpoint::ListActions, 10),
        (Endpoint::GetAction, 20),
        (Endpoint::CreateAction, 5),
        (Endpoint::UpdateAction, 3),
        (Endpoint::DeployAction, 3),
        (Endpoint::DeployVersion, 1),
        (Endpoint::ListVersions, 1),
        (Endpoint::GetVersion, 1),
        (Endpoint::ListTriggers, 2),
        (Endpoint::ListBindings, 10),
        (Endpoint::PatchBindings, 3),
        (Endpoint::ListModules, 1),
        (Endpoint::GetModule, 3),
        (Endpoint::CreateModule, 1),
        (Endpoint::ListModuleVersions, 1),
        (Endpoint::GetModuleVersion, 1),
        (Endpoint::PublishModuleVersion, 1),
        (Endpoint::ListModuleActions, 1),
        (Endpoint::Token, 1),
    ];
    for (endpoint, floor) in floors {
        let count = decoded.get(&endpoint).copied().unwrap_or(0);
        assert!(
            count >= floor,
            "{endpoint:?}: decoded {count}, expected at least {floor}"
        );
    }
    assert!(
        errors >= 3,
        "expected recorded error bodies (404s), found {errors}"
    );
}
