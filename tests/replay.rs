//! The client replays what the recording tools did, against a replay server built from each cassette
//! (real loopback HTTP), and gets what the recorded bodies say.
//!
//! For every recorded GET of a read endpoint (in recorded order) the test makes the same call with
//! our client and compares its result with the recorded pages the server served for that call (the
//! client may follow `page=1…` itself). Calls are skipped where the recording tool asked for
//! something our client cannot ask for (unknown query parameters), and list calls where the tool
//! paged with a smaller `per_page` than ours and got a partial first page (our first page would
//! hold more than the recording has). See support/replay.rs for how queries are matched.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::collections::BTreeMap;

use codedeck::backend::auth0::{
    parse_base_url, Auth0Client, Auth0Config, Credentials, RetryPolicy, PER_PAGE,
};
use codedeck::backend::{Backend, BackendError};
use codedeck::model::{self, ActionFilter};
use codedeck::secret::Secret;
use serde_json::Value;
use support::cassette::{self, Endpoint, Interaction};
use support::replay::ReplayServer;

#[derive(Debug)]
enum Call {
    ListActions(ActionFilter),
    GetAction(String),
    ListVersions(String),
    GetVersion(String, String),
    ListTriggers,
    ListBindings(String),
    GetExecution(String),
    ListModules,
    GetModule(String),
    ListModuleVersions(String),
    GetModuleVersion(String, String),
    ListModuleActions(String),
}

/// The client call that makes the same request as `ix`, if it is one we replay.
fn call_for(ix: &Interaction) -> Option<Call> {
    let endpoint = ix.endpoint()?;
    if ix.method != "GET" {
        return None;
    }
    let allowed: &[&str] = match endpoint {
        Endpoint::ListActions => &["triggerId", "actionName", "deployed", "page", "per_page"],
        _ => &["page", "per_page"],
    };
    if ix.query.iter().any(|(k, _)| !allowed.contains(&k.as_str())) {
        return None;
    }
    // Later pages are fetched by the client itself as part of the call that asked for page 0.
    if ix.query_value("page").is_some_and(|p| p != "0") {
        return None;
    }
    let seg: Vec<String> = ix.path.split('/').map(str::to_string).collect();
    // "/api/v2/actions/<resource>/<id>/…": segments 4.. are the interesting ones.
    let id = |n: usize| seg[n].clone();
    let call = match endpoint {
        Endpoint::ListActions => Call::ListActions(ActionFilter {
            trigger_id: ix.query_value("triggerId").map(str::to_string),
            action_name: ix.query_value("actionName").map(str::to_string),
            deployed: ix.query_value("deployed").map(|d| d == "true"),
        }),
        Endpoint::GetAction => Call::GetAction(id(5)),
        Endpoint::ListVersions => Call::ListVersions(id(5)),
        Endpoint::GetVersion => Call::GetVersion(id(5), id(7)),
        Endpoint::ListTriggers => Call::ListTriggers,
        Endpoint::ListBindings => Call::ListBindings(id(5)),
        Endpoint::GetExecution => Call::GetExecution(id(5)),
        Endpoint::ListModules => Call::ListModules,
        Endpoint::GetModule => Call::GetModule(id(5)),
        Endpoint::ListModuleVersions => Call::ListModuleVersions(id(5)),
        Endpoint::GetModuleVersion => Call::GetModuleVersion(id(5), id(7)),
        Endpoint::ListModuleActions => Call::ListModuleActions(id(5)),
        _ => return None,
    };
    let list_key = list_key(&call);
    if let (Some(key), true) = (list_key, (200..300).contains(&ix.status)) {
        let json = ix.json();
        let on_page = json[key].as_array().map_or(0, Vec::len) as u64;
        let total = json["total"].as_u64().unwrap_or(0);
        let recorded_per_page = ix
            .query_value("per_page")
            .and_then(|p| p.parse::<u32>().ok());
        if total > on_page && recorded_per_page != Some(PER_PAGE) {
            return None;
        }
    }
    Some(call)
}

fn list_key(call: &Call) -> Option<&'static str> {
    match call {
        Call::ListActions(_) | Call::ListModuleActions(_) => Some("actions"),
        Call::ListVersions(_) | Call::ListModuleVersions(_) => Some("versions"),
        Call::ListBindings(_) => Some("bindings"),
        Call::ListModules => Some("modules"),
        Call::ListTriggers => Some("triggers"),
        _ => None,
    }
}

// One line per item saying what a user would check; built from the model and from raw JSON alike.
fn action_line(a: &model::Action) -> String {
    format!("{}|{}|{}|{}", a.id, a.name, a.code, a.status.as_str())
}
fn binding_line(b: &model::Binding) -> String {
    format!("{}|{}|{}", b.id, b.display_name, b.action.id)
}
fn version_line(v: &model::ActionVersion) -> String {
    format!("{}|{}|{}", v.id, v.number, v.code)
}
fn trigger_line(t: &model::Trigger) -> String {
    format!("{}|{}|{}", t.id, t.version, t.status.as_str())
}
fn module_line(m: &model::Module) -> String {
    format!("{}|{}|{}", m.id, m.name, m.code)
}
fn module_version_line(v: &model::ModuleVersion) -> String {
    format!("{}|{}|{}", v.id, v.number, v.code)
}
fn usage_line(u: &model::ModuleUsage) -> String {
    format!(
        "{}|{}|{}",
        u.action_id, u.action_name, u.module_version_number
    )
}

fn json_line(call: &Call, item: &Value) -> String {
    let s = |key: &str| item[key].as_str().unwrap_or_default().to_string();
    let n = |key: &str| item[key].as_u64().unwrap_or_default().to_string();
    match call {
        Call::ListActions(_) | Call::GetAction(_) => {
            [s("id"), s("name"), s("code"), s("status")].join("|")
        }
        Call::ListBindings(_) => [
            s("id"),
            s("display_name"),
            item["action"]["id"].as_str().unwrap_or_default().into(),
        ]
        .join("|"),
        Call::ListVersions(_) | Call::GetVersion(..) => [s("id"), n("number"), s("code")].join("|"),
        Call::ListTriggers => [s("id"), s("version"), s("status")].join("|"),
        Call::ListModules | Call::GetModule(_) => [s("id"), s("name"), s("code")].join("|"),
        Call::ListModuleVersions(_) | Call::GetModuleVersion(..) => {
            [s("id"), n("version_number"), s("code")].join("|")
        }
        Call::ListModuleActions(_) => {
            [s("action_id"), s("action_name"), n("module_version_number")].join("|")
        }
        Call::GetExecution(_) => [s("id"), s("status")].join("|"),
    }
}

#[allow(clippy::needless_pass_by_value)] // called with fresh values; taking them keeps the call sites short
fn lines<T>(items: Vec<T>, line: fn(&T) -> String) -> Vec<String> {
    items.iter().map(line).collect()
}

async fn run(client: &Auth0Client, call: &Call) -> Result<Vec<String>, BackendError> {
    Ok(match call {
        Call::ListActions(filter) => lines(client.list_actions(filter).await?, action_line),
        Call::GetAction(id) => vec![action_line(&client.get_action(id).await?)],
        Call::ListVersions(id) => lines(client.list_action_versions(id).await?, version_line),
        Call::GetVersion(a, v) => vec![version_line(&client.get_action_version(a, v).await?)],
        Call::ListTriggers => lines(client.list_triggers().await?, trigger_line),
        Call::ListBindings(t) => lines(client.list_bindings(t).await?, binding_line),
        Call::GetExecution(id) => {
            let e = client.get_execution(id).await?;
            vec![format!("{}|{}", e.id, e.status)]
        }
        Call::ListModules => lines(client.list_modules().await?, module_line),
        Call::GetModule(id) => vec![module_line(&client.get_module(id).await?)],
        Call::ListModuleVersions(id) => {
            lines(client.list_module_versions(id).await?, module_version_line)
        }
        Call::GetModuleVersion(m, v) => {
            vec![module_version_line(&client.get_module_version(m, v).await?)]
        }
        Call::ListModuleActions(id) => lines(client.list_module_actions(id).await?, usage_line),
    })
}

/// What the served recordings say the call returns: the items of every page, or the error.
fn expected(call: &Call, served: &[Interaction]) -> Result<Vec<String>, (u16, String)> {
    let first = served.first().expect("the call reached the replay server");
    if !(200..300).contains(&first.status) {
        return Err((
            first.status,
            first.json()["message"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        ));
    }
    Ok(match list_key(call) {
        Some(key) => served
            .iter()
            .flat_map(|ix| ix.json()[key].as_array().cloned().unwrap_or_default())
            .map(|item| json_line(call, &item))
            .collect(),
        None => vec![json_line(call, &first.json())],
    })
}

fn client_for(server: &ReplayServer) -> Auth0Client {
    let base = parse_base_url(&server.base_url).expect("loopback URL");
    let mut config = Auth0Config::new(base, Credentials::Token(Secret::new("replay-token")));
    config.retry = RetryPolicy {
        transient_retries: 0,
        rate_limit_retries: 0,
        ..RetryPolicy::default()
    };
    Auth0Client::new(config).expect("client")
}

#[tokio::test]
async fn client_reproduces_the_recorded_read_traffic() {
    let Some(shared) = support::shared_dir() else {
        return;
    };
    let dir = cassette::recordings_dir(&shared);
    let mut replayed: BTreeMap<String, usize> = BTreeMap::new();
    for file in cassette::recording_files(&dir) {
        let interactions = cassette::load(&dir, &file);
        let calls: Vec<(usize, Call)> = interactions
            .iter()
            .filter_map(|ix| call_for(ix).map(|c| (ix.index, c)))
            .collect();
        if calls.is_empty() {
            continue;
        }
        let server = ReplayServer::start(interactions.clone()).await;
        let client = client_for(&server);
        for (index, call) in calls {
            let context = format!("{}#{index} {call:?}", file.display());
            let got = run(&client, &call).await;
            let served = server.take_served();
            assert_eq!(server.unmatched(), Vec::<String>::new(), "{context}");
            assert_eq!(
                served.first().map(|ix| ix.index),
                Some(index),
                "{context}: served another recording"
            );
            match (got, expected(&call, &served)) {
                (Ok(got), Ok(want)) => assert_eq!(got, want, "{context}"),
                (Err(err), Err((status, message))) => {
                    assert_eq!(err.status(), Some(status), "{context}: {err}");
                    assert!(
                        err.to_string().contains(&message),
                        "{context}: {err} lacks {message:?}"
                    );
                }
                (got, want) => panic!("{context}: got {got:?}, recorded {want:?}"),
            }
            *replayed
                .entry(format!("{call:?}").split('(').next().unwrap().to_string())
                .or_default() += 1;
        }
    }
    eprintln!("replayed calls: {replayed:?}");
    for kind in [
        "ListActions",
        "GetAction",
        "ListVersions",
        "GetVersion",
        "ListBindings",
        "ListTriggers",
        "ListModules",
        "ListModuleVersions",
        "ListModuleActions",
        "GetExecution",
    ] {
        assert!(
            replayed.get(kind).copied().unwrap_or(0) >= 1,
            "no {kind} call replayed: {replayed:?}"
        );
    }
}
