//! The read handlers of the Actions API: lists (paged as Auth0 pages them) and single objects.

use axum::extract::{Path, Query, State};
use serde_json::{json, Value};

use super::{bool_param, not_found, ok, page_cut, Params, Reply, S};
use crate::emulator::store::{ActionQuery, Store, Zeros};
use crate::emulator::writes::{
    NO_ACTION, NO_EXECUTION, NO_MODULE, NO_MODULE_VERSION, NO_TRIGGER, NO_VERSION,
};

pub(super) async fn list_actions(State(shared): S, Query(q): Params) -> Reply {
    let filter = ActionQuery {
        trigger_id: q.get("triggerId").cloned(),
        action_name: q.get("actionName").cloned(),
        deployed: bool_param(&q, "deployed")?,
        installed: bool_param(&q, "installed")?,
    };
    let cut = page_cut(&shared, &q)?;
    let now = shared.now();
    let store = shared.store();
    let all = store
        .find_actions(&filter)
        .into_iter()
        .map(|a| store.action_json(a, now))
        .collect();
    ok(cut.wrap("actions", all, Zeros::Omit))
}

pub(super) async fn get_action(State(shared): S, Path(id): Path<String>) -> Reply {
    let now = shared.now();
    let store = shared.store();
    let action = store.action(&id).ok_or_else(|| not_found(NO_ACTION))?;
    ok(store.action_json(action, now))
}

pub(super) async fn list_versions(
    State(shared): S,
    Path(id): Path<String>,
    Query(q): Params,
) -> Reply {
    let cut = page_cut(&shared, &q)?;
    let now = shared.now();
    let store = shared.store();
    let action = store.action(&id).ok_or_else(|| not_found(NO_ACTION))?;
    let newest_first = action
        .versions
        .iter()
        .rev()
        .map(|v| store.version_json(action, v, now))
        .collect();
    ok(cut.wrap("versions", newest_first, Zeros::Omit))
}

pub(super) async fn get_version(
    State(shared): S,
    Path((id, version_id)): Path<(String, String)>,
) -> Reply {
    let now = shared.now();
    let store = shared.store();
    let action = store.action(&id).ok_or_else(|| not_found(NO_ACTION))?;
    let version = action
        .version(&version_id)
        .ok_or_else(|| not_found(NO_VERSION))?;
    ok(store.version_json(action, version, now))
}

pub(super) async fn list_triggers(State(shared): S) -> Reply {
    let store = shared.store();
    let triggers: Vec<Value> = store.triggers.iter().map(Store::trigger_json).collect();
    ok(json!({ "triggers": triggers }))
}

pub(super) async fn list_bindings(
    State(shared): S,
    Path(trigger_id): Path<String>,
    Query(q): Params,
) -> Reply {
    let cut = page_cut(&shared, &q)?;
    let now = shared.now();
    let store = shared.store();
    if !store.trigger_known(&trigger_id) {
        return Err(not_found(NO_TRIGGER));
    }
    // Entity-bound triggers: Auth0 manages the bindings and lists none (2026 behaviour).
    if store.trigger_entity_bound(&trigger_id) {
        return ok(json!({ "bindings": [] }));
    }
    let all = store
        .bindings
        .get(&trigger_id)
        .map(|list| {
            list.iter()
                .map(|b| store.binding_json(&trigger_id, b, now))
                .collect()
        })
        .unwrap_or_default();
    ok(cut.wrap("bindings", all, Zeros::Omit))
}

pub(super) async fn get_execution(State(shared): S, Path(id): Path<String>) -> Reply {
    let store = shared.store();
    let execution = store
        .executions
        .iter()
        .find(|e| e.id == id && e.kept_until.is_none_or(|until| until > shared.now()))
        .ok_or_else(|| not_found(NO_EXECUTION))?;
    ok(Store::execution_json(execution))
}

pub(super) async fn list_modules(State(shared): S, Query(q): Params) -> Reply {
    let cut = page_cut(&shared, &q)?;
    let store = shared.store();
    let all = store.modules.iter().map(|m| store.module_json(m)).collect();
    ok(cut.wrap("modules", all, Zeros::Explicit))
}

pub(super) async fn get_module(State(shared): S, Path(id): Path<String>) -> Reply {
    let store = shared.store();
    let module = store.module(&id).ok_or_else(|| not_found(NO_MODULE))?;
    ok(store.module_json(module))
}

pub(super) async fn list_module_versions(
    State(shared): S,
    Path(id): Path<String>,
    Query(q): Params,
) -> Reply {
    let cut = page_cut(&shared, &q)?;
    let store = shared.store();
    let module = store.module(&id).ok_or_else(|| not_found(NO_MODULE))?;
    let newest_first = module
        .versions
        .iter()
        .rev()
        .map(|v| store.module_version_json(module, v))
        .collect();
    ok(cut.wrap("versions", newest_first, Zeros::Explicit))
}

pub(super) async fn get_module_version(
    State(shared): S,
    Path((id, version_id)): Path<(String, String)>,
) -> Reply {
    let store = shared.store();
    let module = store.module(&id).ok_or_else(|| not_found(NO_MODULE))?;
    let version = module
        .version(&version_id)
        .ok_or_else(|| not_found(NO_MODULE_VERSION))?;
    ok(store.module_version_json(module, version))
}

pub(super) async fn list_module_actions(
    State(shared): S,
    Path(id): Path<String>,
    Query(q): Params,
) -> Reply {
    let cut = page_cut(&shared, &q)?;
    let store = shared.store();
    let module = store.module(&id).ok_or_else(|| not_found(NO_MODULE))?;
    ok(cut.wrap("actions", store.module_actions_json(module), Zeros::Omit))
}
