//! The write handlers of the Actions API: each parses its body as Auth0's schema has it (unknown
//! fields refused, secret values dropped once their length is known), calls the rule in
//! `emulator::writes` and renders the answer or the refusal.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{api_error, bool_param, json_response, not_found, ok, Params, Reply, S};
use crate::emulator::store::{Dep, ModulePin, Store};
use crate::emulator::writes::{
    ActionCreate, ActionEdit, BindingRef, BindingRequest, ModuleCreate, ModuleEdit, SecretWrite,
    WriteError, NO_ACTION, NO_MODULE, NO_MODULE_VERSION, NO_VERSION,
};
use crate::model::secret::Secret;

impl From<WriteError> for Response {
    fn from(e: WriteError) -> Self {
        match e {
            WriteError::NotFound(message) => not_found(message),
            WriteError::BadRequest(message) => api_error(StatusCode::BAD_REQUEST, &message),
            WriteError::InvalidBody(detail) => invalid_body(&detail),
            WriteError::Conflict(message) => api_error(StatusCode::CONFLICT, &message),
            WriteError::PreconditionFailed(message) => {
                api_error(StatusCode::PRECONDITION_FAILED, &message)
            }
        }
    }
}

fn invalid_body(detail: &str) -> Response {
    json_response(
        StatusCode::BAD_REQUEST,
        &json!({
            "statusCode": 400,
            "error": "Bad Request",
            "message": format!("Payload validation error: {detail}"),
            "errorCode": "invalid_body",
        }),
    )
}

/// Parses an optional JSON body: empty and `null` (what SDKs send for "no body") give the default.
fn optional_body<T: serde::de::DeserializeOwned + Default>(body: &Bytes) -> Result<T, Response> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice::<Option<T>>(body)
        .map(Option::unwrap_or_default)
        .map_err(|e| invalid_body(&e.to_string()))
}

/// The version just deployed, as the deploy endpoints answer: `deployed` is still false in the
/// response (deploys finish asynchronously at Auth0); a later GET shows it live.
fn deployed_version_reply(
    store: &Store,
    action_id: &str,
    number: u32,
    now: chrono::DateTime<chrono::Utc>,
) -> Reply {
    let action = store
        .action(action_id)
        .ok_or_else(|| not_found(NO_ACTION))?;
    let version = action
        .versions
        .iter()
        .find(|v| v.number == number)
        .ok_or_else(|| not_found(NO_VERSION))?;
    let mut body = store.version_json(action, version, now);
    body["deployed"] = json!(false);
    ok(body)
}

pub(super) async fn deploy_draft(State(shared): S, Path(id): Path<String>) -> Reply {
    let now = shared.now();
    let mut store = shared.store();
    let number = store.deploy_draft(&id, now)?;
    deployed_version_reply(&store, &id, number, now)
}

#[derive(Deserialize, Default)]
struct DeployVersionBody {
    #[serde(default)]
    update_draft: bool,
}

pub(super) async fn deploy_version(
    State(shared): S,
    Path((id, version_id)): Path<(String, String)>,
    body: Bytes,
) -> Reply {
    let request: DeployVersionBody = optional_body(&body)?;
    let now = shared.now();
    let mut store = shared.store();
    let number = store.deploy_version(&id, &version_id, request.update_draft, now)?;
    deployed_version_reply(&store, &id, number, now)
}

#[derive(Deserialize)]
struct BindingsBody {
    bindings: Vec<BindingEntry>,
}

#[derive(Deserialize)]
struct BindingEntry {
    #[serde(rename = "ref")]
    reference: RefEntry,
    display_name: Option<String>,
}

#[derive(Deserialize)]
struct RefEntry {
    /// OAS default: `action_name`.
    #[serde(rename = "type", default = "default_ref_type")]
    kind: String,
    value: String,
}

fn default_ref_type() -> String {
    "action_name".to_string()
}

pub(super) async fn update_bindings(
    State(shared): S,
    Path(trigger_id): Path<String>,
    body: Bytes,
) -> Reply {
    let parsed: BindingsBody =
        serde_json::from_slice(&body).map_err(|e| invalid_body(&e.to_string()))?;
    let requests = parsed
        .bindings
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let value = entry.reference.value;
            let reference = match entry.reference.kind.as_str() {
                "action_id" => BindingRef::ActionId(value),
                "action_name" => BindingRef::ActionName(value),
                "binding_id" => BindingRef::BindingId(value),
                other => {
                    return Err(invalid_body(&format!(
                        "unknown ref type '{other}' on property bindings[{i}].ref.type."
                    )))
                }
            };
            Ok(BindingRequest {
                reference,
                display_name: entry.display_name,
            })
        })
        .collect::<Result<Vec<_>, Response>>()?;
    let now = shared.now();
    let mut store = shared.store();
    store.replace_bindings(&trigger_id, &requests, now)?;
    let bindings: Vec<Value> = store.bindings[&trigger_id]
        .iter()
        .map(|b| store.binding_json(&trigger_id, b, now))
        .collect();
    // PATCH answers with the bare list: no paging fields at all (REC).
    ok(json!({ "bindings": bindings }))
}

pub(super) async fn publish_module(State(shared): S, Path(id): Path<String>) -> Reply {
    let now = shared.now();
    let mut store = shared.store();
    let version_id = store.publish_module(&id, now)?;
    let module = store.module(&id).ok_or_else(|| not_found(NO_MODULE))?;
    let version = module
        .version(&version_id)
        .ok_or_else(|| not_found(NO_MODULE_VERSION))?;
    ok(store.module_version_json(module, version))
}

#[derive(Deserialize)]
struct ModuleRollbackBody {
    module_version_id: String,
}

pub(super) async fn rollback_module(
    State(shared): S,
    Path(id): Path<String>,
    body: Bytes,
) -> Reply {
    let request: ModuleRollbackBody =
        serde_json::from_slice(&body).map_err(|e| invalid_body(&e.to_string()))?;
    let now = shared.now();
    let mut store = shared.store();
    store.rollback_module(&id, &request.module_version_id, now)?;
    let module = store.module(&id).ok_or_else(|| not_found(NO_MODULE))?;
    ok(store.module_json(module))
}

/// ActionVersionDependency (`registry_url` is accepted and not kept).
#[derive(Deserialize)]
struct DepEntry {
    name: String,
    version: String,
}

/// ActionModuleDependencyRequest (`additionalProperties: false`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModuleDepEntry {
    name: String,
    version: String,
}

/// ActionSecretRequest: other fields (go-auth0 sends `updated_at`) are ignored. The value is a
/// `Secret` (masked in `Debug`) and is dropped once its length is known.
#[derive(Deserialize)]
struct SecretEntry {
    name: String,
    #[serde(default)]
    value: Option<Secret>,
}

/// ActionModuleSecretRequest (`additionalProperties: false`, `required: [name, value]`): unlike an
/// action's, a module's secret cannot be listed by name alone (see `module_secret_values`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModuleSecretEntry {
    name: String,
    #[serde(default)]
    value: Option<Secret>,
}

impl From<DepEntry> for Dep {
    fn from(d: DepEntry) -> Self {
        Dep {
            name: d.name,
            version: d.version,
        }
    }
}

impl From<ModuleDepEntry> for Dep {
    fn from(d: ModuleDepEntry) -> Self {
        Dep {
            name: d.name,
            version: d.version,
        }
    }
}

impl From<SecretEntry> for SecretWrite {
    fn from(s: SecretEntry) -> Self {
        SecretWrite::new(&s.name, s.value.as_ref().map(Secret::expose))
    }
}

impl From<ModuleSecretEntry> for SecretWrite {
    fn from(s: ModuleSecretEntry) -> Self {
        SecretWrite::new(&s.name, s.value.as_ref().map(Secret::expose))
    }
}

/// The schema's `required: [name, value]` for module secrets, in Auth0's validation wording.
fn module_secret_values(secrets: &[ModuleSecretEntry]) -> Result<(), Response> {
    match secrets.iter().position(|s| s.value.is_none()) {
        Some(i) => Err(invalid_body(&format!(
            "'Missing required property: value' on property secrets[{i}]."
        ))),
        None => Ok(()),
    }
}

/// Body entries (dependencies, secrets) into what the write rules take.
fn all<T: Into<U>, U>(entries: Vec<T>) -> Vec<U> {
    entries.into_iter().map(Into::into).collect()
}

/// The fields of UpdateAction the emulator applies; the others (`name`, `supported_triggers`)
/// are refused as unknown rather than silently ignored.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionPatchBody {
    code: Option<String>,
    dependencies: Option<Vec<DepEntry>>,
    runtime: Option<String>,
    secrets: Option<Vec<SecretEntry>>,
    /// The draft's module pins, replaced whole.
    modules: Option<Vec<ModuleRefEntry>>,
}

/// `PATCH /actions/actions/{id}`: a new draft, whose build starts now.
pub(super) async fn edit_action(State(shared): S, Path(id): Path<String>, body: Bytes) -> Reply {
    let patch: ActionPatchBody =
        serde_json::from_slice(&body).map_err(|e| invalid_body(&e.to_string()))?;
    let edit = ActionEdit {
        code: patch.code,
        dependencies: patch.dependencies.map(all),
        runtime: patch.runtime,
        secrets: patch.secrets.map(all),
    };
    let pins = patch.modules.map(|modules| {
        modules
            .into_iter()
            .map(|m| ModulePin {
                module_id: m.module_id,
                module_version_id: m.module_version_id,
            })
            .collect()
    });
    let now = shared.now();
    let mut store = shared.store();
    if let Some(pins) = pins {
        store.pin_action_modules(&id, pins)?;
    }
    store.edit_action(&id, edit, now)?;
    let action = store.action(&id).ok_or_else(|| not_found(NO_ACTION))?;
    ok(store.action_json(action, now))
}

/// ActionTrigger in a request: only `id` is required; `version` defaults to the CURRENT one.
#[derive(Deserialize)]
struct TriggerEntry {
    id: String,
    #[serde(default)]
    version: Option<String>,
}

/// ActionModuleReference: `module_name` and `module_version_number` are filled in by the server.
#[derive(Deserialize)]
struct ModuleRefEntry {
    module_id: String,
    module_version_id: String,
}

/// CreateActionRequestContent (`additionalProperties: false`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionCreateBody {
    name: String,
    supported_triggers: Vec<TriggerEntry>,
    #[serde(default)]
    code: String,
    #[serde(default)]
    dependencies: Vec<DepEntry>,
    #[serde(default)]
    runtime: Option<String>,
    #[serde(default)]
    secrets: Vec<SecretEntry>,
    #[serde(default)]
    modules: Vec<ModuleRefEntry>,
    #[serde(default)]
    deploy: bool,
}

#[allow(clippy::unnecessary_wraps, clippy::needless_pass_by_value)] // as `ok`
fn created(body: Value) -> Reply {
    Ok(json_response(StatusCode::CREATED, &body))
}

/// `POST /actions/actions`: 201 with the new action, its draft `pending`.
pub(super) async fn create_action(State(shared): S, body: Bytes) -> Reply {
    let request: ActionCreateBody =
        serde_json::from_slice(&body).map_err(|e| invalid_body(&e.to_string()))?;
    let deploy = request.deploy;
    let new = ActionCreate {
        name: request.name,
        triggers: request
            .supported_triggers
            .into_iter()
            .map(|t| (t.id, t.version))
            .collect(),
        runtime: request.runtime,
        code: request.code,
        dependencies: all(request.dependencies),
        secrets: all(request.secrets),
        modules: request
            .modules
            .into_iter()
            .map(|m| ModulePin {
                module_id: m.module_id,
                module_version_id: m.module_version_id,
            })
            .collect(),
        deploy,
    };
    let now = shared.now();
    let mut store = shared.store();
    let id = store.create_action(new, now)?;
    let action = store.action(&id).ok_or_else(|| not_found(NO_ACTION))?;
    let mut body = store.action_json(action, now);
    if deploy {
        // REC CreateWithDeploy: the 201 already says so while its version is `pending`; later
        // GETs follow the build and the deploy like any other.
        body["all_changes_deployed"] = json!(true);
    }
    created(body)
}

/// `DELETE /actions/actions/{id}[?force=true]`: 204, no body.
pub(super) async fn delete_action(
    State(shared): S,
    Path(id): Path<String>,
    Query(q): Params,
) -> Reply {
    let force = bool_param(&q, "force")?.unwrap_or(false);
    shared.store().delete_action(&id, force)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// TestActionRequestContent: `payload` required, an object (checked, never used: nothing runs).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct TestBody {
    payload: serde_json::Map<String, Value>,
}

/// `POST /actions/actions/{id}/test`: 200 `{"payload": …}`, user-code errors included.
pub(super) async fn test_action(State(shared): S, Path(id): Path<String>, body: Bytes) -> Reply {
    let _: TestBody = serde_json::from_slice(&body).map_err(|e| invalid_body(&e.to_string()))?;
    let payload = shared.store().test_action(&id)?;
    ok(json!({ "payload": payload }))
}

/// UpdateActionModuleRequestContent (`additionalProperties: false`: the name cannot change).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModulePatchBody {
    code: Option<String>,
    dependencies: Option<Vec<ModuleDepEntry>>,
    secrets: Option<Vec<ModuleSecretEntry>>,
}

/// `PATCH /actions/modules/{id}`: the draft changes; nothing is published.
pub(super) async fn edit_module(State(shared): S, Path(id): Path<String>, body: Bytes) -> Reply {
    let patch: ModulePatchBody =
        serde_json::from_slice(&body).map_err(|e| invalid_body(&e.to_string()))?;
    module_secret_values(patch.secrets.as_deref().unwrap_or_default())?;
    let edit = ModuleEdit {
        code: patch.code,
        dependencies: patch.dependencies.map(all),
        secrets: patch.secrets.map(all),
    };
    let now = shared.now();
    let mut store = shared.store();
    store.edit_module(&id, edit, now)?;
    let module = store.module(&id).ok_or_else(|| not_found(NO_MODULE))?;
    ok(store.module_json(module))
}

/// CreateActionModuleRequestContent (`additionalProperties: false`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModuleCreateBody {
    name: String,
    code: String,
    #[serde(default)]
    secrets: Vec<ModuleSecretEntry>,
    #[serde(default)]
    dependencies: Vec<ModuleDepEntry>,
    #[serde(default)]
    api_version: Option<String>,
    #[serde(default)]
    publish: bool,
}

/// `POST /actions/modules`: 201 with the new module (and version 1 with `publish`).
pub(super) async fn create_module(State(shared): S, body: Bytes) -> Reply {
    let request: ModuleCreateBody =
        serde_json::from_slice(&body).map_err(|e| invalid_body(&e.to_string()))?;
    module_secret_values(&request.secrets)?;
    let new = ModuleCreate {
        name: request.name,
        code: request.code,
        dependencies: all(request.dependencies),
        secrets: all(request.secrets),
        api_version: request.api_version,
        publish: request.publish,
    };
    let now = shared.now();
    let mut store = shared.store();
    let id = store.create_module(new, now)?;
    let module = store.module(&id).ok_or_else(|| not_found(NO_MODULE))?;
    created(store.module_json(module))
}

/// `DELETE /actions/modules/{id}`: 204, or 412 while actions use it.
pub(super) async fn delete_module(State(shared): S, Path(id): Path<String>) -> Reply {
    shared.store().delete_module(&id)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
