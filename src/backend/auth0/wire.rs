//! Wire types for the Auth0 Management API (Actions), decoded tolerantly.
//!
//! Real traffic omits zero values, sends `null` now and then, adds undocumented fields
//! (`current_version`) and new enum values (`mcp-tool`, uppercase `BUILT`). So: fields default when
//! absent, enum-like values stay `String`s (parsed in `map`), timestamps stay strings (parsed
//! leniently in `map`), `null` reads as the default, and unknown fields are ignored.
//!
//! But what identifies an object is REQUIRED (an action's `id` and `name`, a version's `id` and
//! `number`, a binding's `action`, a page's list …; every recorded answer has them): an answer
//! without them is an error, never a blank object or an empty list that a write could start from.

use serde::{Deserialize, Deserializer};

use crate::backend::lenient::nullable;
use crate::model::secret::Secret;

/// A whole number that the spec types as a JSON `number`: accepts `3`, `3.0`, and `null`.
fn lenient_u32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let value = Option::<serde_json::Number>::deserialize(d)?;
    Ok(value.and_then(|n| {
        n.as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64))
            .map(|n| n.min(u64::from(u32::MAX)) as u32)
    }))
}

fn lenient_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(lenient_u32(d)?.map(u64::from))
}

/// Pagination wrapper shared by every list endpoint: `{actions|versions|bindings|modules: [...],
/// total?, page?, per_page?}`. The wrapper fields are omitted when zero; the list never is (an
/// empty list is `[]`), so a page without its list is an error, not an empty page (`take`).
#[derive(Debug, Clone, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct Page<T> {
    #[serde(default = "none")]
    actions: Option<Vec<T>>,
    #[serde(default = "none")]
    versions: Option<Vec<T>>,
    #[serde(default = "none")]
    bindings: Option<Vec<T>>,
    #[serde(default = "none")]
    modules: Option<Vec<T>>,
    #[serde(default, deserialize_with = "lenient_u64")]
    pub total: Option<u64>,
    #[serde(default, deserialize_with = "lenient_u64")]
    pub page: Option<u64>,
    #[serde(default, deserialize_with = "lenient_u64")]
    pub per_page: Option<u64>,
}

fn none<T>() -> Option<T> {
    None
}

impl<T> Page<T> {
    /// The items under `key` (`actions`, `versions`, `bindings`, `modules`); `Err` with the words
    /// when the answer has no such list.
    pub fn take(self, key: &str) -> Result<Vec<T>, String> {
        let list = match key {
            "actions" => self.actions,
            "versions" => self.versions,
            "bindings" => self.bindings,
            "modules" => self.modules,
            _ => None,
        };
        list.ok_or_else(|| crate::strings::transport::no_list(key))
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TriggerRef {
    #[serde(deserialize_with = "nullable")]
    pub id: String,
    #[serde(deserialize_with = "nullable")]
    pub version: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Dependency {
    #[serde(deserialize_with = "nullable")]
    pub name: String,
    #[serde(deserialize_with = "nullable")]
    pub version: String,
    pub registry_url: Option<String>,
}

/// A secret as listed by the API: the name only (values are write-only).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SecretName {
    #[serde(deserialize_with = "nullable")]
    pub name: String,
    pub updated_at: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ModuleRef {
    #[serde(deserialize_with = "nullable")]
    pub module_id: String,
    #[serde(deserialize_with = "nullable")]
    pub module_name: String,
    #[serde(deserialize_with = "nullable")]
    pub module_version_id: String,
    #[serde(deserialize_with = "lenient_u32")]
    pub module_version_number: Option<u32>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct BuildError {
    #[serde(deserialize_with = "nullable")]
    pub id: String,
    #[serde(deserialize_with = "nullable")]
    pub msg: String,
    pub url: Option<String>,
}

/// `GET /actions/actions/{id}`, list items, create/update responses, and `binding.action`.
#[derive(Debug, Clone, Deserialize)]
pub struct Action {
    pub id: String,
    pub name: String,
    #[serde(default, deserialize_with = "nullable")]
    pub supported_triggers: Vec<TriggerRef>,
    /// Absent in binding payloads.
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub dependencies: Vec<Dependency>,
    #[serde(default)]
    pub runtime: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub secrets: Vec<SecretName>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub all_changes_deployed: bool,
    #[serde(default)]
    pub deployed_version: Option<ActionVersion>,
    /// Undocumented; status in UPPERCASE. Kept for completeness, not mapped.
    #[serde(default)]
    pub current_version: Option<CurrentVersion>,
    #[serde(default, deserialize_with = "nullable")]
    pub modules: Vec<ModuleRef>,
    #[serde(default)]
    pub built_at: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// The undocumented `current_version` object seen in real traffic.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CurrentVersion {
    pub id: Option<String>,
    pub status: Option<String>,
    #[serde(deserialize_with = "lenient_u32")]
    pub number: Option<u32>,
    pub runtime: Option<String>,
    pub build_time: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

/// The action summary embedded in a version (`ActionBase`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ActionBase {
    #[serde(deserialize_with = "nullable")]
    pub id: String,
    #[serde(deserialize_with = "nullable")]
    pub name: String,
    #[serde(deserialize_with = "nullable")]
    pub supported_triggers: Vec<TriggerRef>,
    #[serde(deserialize_with = "nullable")]
    pub all_changes_deployed: bool,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

/// Versions list items, `GET …/versions/{id}`, deploy and rollback responses, `deployed_version`.
#[derive(Debug, Clone, Deserialize)]
pub struct ActionVersion {
    pub id: String,
    #[serde(deserialize_with = "lenient_u32")]
    pub number: Option<u32>,
    #[serde(default, deserialize_with = "nullable")]
    pub code: String,
    #[serde(default, deserialize_with = "nullable")]
    pub runtime: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub deployed: bool,
    #[serde(default, deserialize_with = "nullable")]
    pub errors: Vec<BuildError>,
    #[serde(default, deserialize_with = "nullable")]
    pub dependencies: Vec<Dependency>,
    #[serde(default, deserialize_with = "nullable")]
    pub secrets: Vec<SecretName>,
    #[serde(default, deserialize_with = "nullable")]
    pub modules: Vec<ModuleRef>,
    #[serde(default, deserialize_with = "nullable")]
    pub supported_triggers: Vec<TriggerRef>,
    #[serde(default)]
    pub action: Option<ActionBase>,
    /// In the spec, never seen in real traffic.
    #[serde(default)]
    pub action_id: Option<String>,
    #[serde(default)]
    pub built_at: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// `GET /actions/triggers` (not paginated).
#[derive(Debug, Clone, Deserialize)]
pub struct TriggerList {
    pub triggers: Vec<Trigger>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Trigger {
    pub id: String,
    pub version: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub runtimes: Vec<String>,
    #[serde(default)]
    pub default_runtime: Option<String>,
    #[serde(default)]
    pub binding_policy: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub compatible_triggers: Vec<TriggerRef>,
}

/// `PATCH /actions/triggers/{id}/bindings` answers the new list without paging fields.
#[derive(Debug, Clone, Deserialize)]
pub struct BindingList {
    pub bindings: Vec<Binding>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Binding {
    pub id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub trigger_id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub display_name: String,
    pub action: Action,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Execution {
    pub id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub trigger_id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub status: String,
    #[serde(default, deserialize_with = "nullable")]
    pub results: Vec<ExecutionResult>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ExecutionResult {
    #[serde(deserialize_with = "nullable")]
    pub action_name: String,
    /// Typed as `{id,msg,url}` in the spec; go-auth0 treats it as a free map, so keep it raw
    /// (as text: never a `Value` tree many times its size).
    pub error: Option<Box<serde_json::value::RawValue>>,
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Module {
    pub id: String,
    pub name: String,
    #[serde(default, deserialize_with = "nullable")]
    pub code: String,
    #[serde(default, deserialize_with = "nullable")]
    pub dependencies: Vec<Dependency>,
    #[serde(default, deserialize_with = "nullable")]
    pub secrets: Vec<SecretName>,
    #[serde(default, deserialize_with = "lenient_u32")]
    pub actions_using_module_total: Option<u32>,
    #[serde(default, deserialize_with = "nullable")]
    pub all_changes_published: bool,
    /// Absent until the first publish; its `module_id` is usually absent too.
    #[serde(default)]
    pub latest_version: Option<ModuleVersion>,
    /// In the spec only.
    #[serde(default, deserialize_with = "lenient_u32")]
    pub latest_version_number: Option<u32>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ModuleVersion {
    pub id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub module_id: String,
    #[serde(deserialize_with = "lenient_u32")]
    pub version_number: Option<u32>,
    #[serde(default, deserialize_with = "nullable")]
    pub code: String,
    #[serde(default, deserialize_with = "nullable")]
    pub dependencies: Vec<Dependency>,
    #[serde(default, deserialize_with = "nullable")]
    pub secrets: Vec<SecretName>,
    #[serde(default)]
    pub created_at: Option<String>,
}

/// An item of `GET /actions/modules/{id}/actions`.
#[derive(Debug, Clone, Deserialize)]
pub struct ModuleUsage {
    pub action_id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub action_name: String,
    #[serde(default, deserialize_with = "nullable")]
    pub module_version_id: String,
    #[serde(default, deserialize_with = "lenient_u32")]
    pub module_version_number: Option<u32>,
}

/// Error bodies: the Management API shape `{statusCode, error, message, errorCode?}` and the
/// OAuth shape `{error, error_description}` (token endpoint, custom rate-limit policies).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ErrorBody {
    #[serde(rename = "statusCode", deserialize_with = "lenient_u32")]
    pub status_code: Option<u32>,
    pub error: Option<String>,
    pub message: Option<String>,
    #[serde(rename = "errorCode")]
    pub error_code: Option<String>,
    pub error_description: Option<String>,
}

impl ErrorBody {
    /// The most specific human-readable text in the body.
    pub fn description(&self) -> Option<&str> {
        self.message
            .as_deref()
            .or(self.error_description.as_deref())
            .filter(|s| !s.trim().is_empty())
    }
}

/// `POST /oauth/token` success body. `Debug` masks the token.
#[derive(Debug, Clone, Deserialize)]
pub struct TokenResponse {
    #[serde(deserialize_with = "secret")]
    pub access_token: Secret,
    #[serde(default)]
    pub token_type: Option<String>,
    #[serde(default, deserialize_with = "lenient_u64")]
    pub expires_in: Option<u64>,
    #[serde(default)]
    pub scope: Option<String>,
}

fn secret<'de, D: Deserializer<'de>>(d: D) -> Result<Secret, D::Error> {
    String::deserialize(d).map(Secret::new)
}

/// `POST /actions/actions/{id}/test` answer: the payload is whatever the action returned.
#[derive(Debug, Deserialize)]
pub struct TestAnswer {
    #[serde(default)]
    pub payload: serde_json::Value,
}
