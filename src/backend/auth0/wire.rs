//! Wire types for the Auth0 Management API (Actions), decoded tolerantly.
//!
//! Real traffic omits zero values, sends `null` now and then, adds undocumented fields
//! (`current_version`) and new enum values (`mcp-tool`, uppercase `BUILT`). So: every struct takes
//! `#[serde(default)]`, enum-like values stay `String`s (parsed in `map`), timestamps stay strings
//! (parsed leniently in `map`), `null` reads as the default, and unknown fields are ignored.

use serde::{Deserialize, Deserializer};

use crate::backend::lenient::nullable;
use crate::secret::Secret;

/// A whole number that the spec types as a JSON `number`: accepts `3`, `3.0`, and `null`.
fn lenient_u32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let value = Option::<serde_json::Number>::deserialize(d)?;
    Ok(value.and_then(|n| {
        n.as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64))
            .map(|n| n.min(u32::MAX as u64) as u32)
    }))
}

fn lenient_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(lenient_u32(d)?.map(u64::from))
}

/// Pagination wrapper shared by every list endpoint: `{actions|versions|bindings|modules: [...],
/// total?, page?, per_page?}`. The wrapper fields are omitted when zero.
#[derive(Debug, Clone, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct Page<T> {
    #[serde(
        default = "Vec::new",
        deserialize_with = "nullable_vec",
        alias = "actions",
        alias = "versions",
        alias = "bindings",
        alias = "modules"
    )]
    pub items: Vec<T>,
    #[serde(default, deserialize_with = "lenient_u64")]
    pub total: Option<u64>,
    #[serde(default, deserialize_with = "lenient_u64")]
    pub page: Option<u64>,
    #[serde(default, deserialize_with = "lenient_u64")]
    pub per_page: Option<u64>,
}

fn nullable_vec<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
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
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Action {
    #[serde(deserialize_with = "nullable")]
    pub id: String,
    #[serde(deserialize_with = "nullable")]
    pub name: String,
    #[serde(deserialize_with = "nullable")]
    pub supported_triggers: Vec<TriggerRef>,
    /// Absent in binding payloads.
    pub code: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub dependencies: Vec<Dependency>,
    pub runtime: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub secrets: Vec<SecretName>,
    pub status: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub all_changes_deployed: bool,
    pub deployed_version: Option<ActionVersion>,
    /// Undocumented; status in UPPERCASE. Kept for completeness, not mapped.
    pub current_version: Option<CurrentVersion>,
    #[serde(deserialize_with = "nullable")]
    pub modules: Vec<ModuleRef>,
    pub built_at: Option<String>,
    pub created_at: Option<String>,
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
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ActionVersion {
    #[serde(deserialize_with = "nullable")]
    pub id: String,
    #[serde(deserialize_with = "lenient_u32")]
    pub number: Option<u32>,
    #[serde(deserialize_with = "nullable")]
    pub code: String,
    #[serde(deserialize_with = "nullable")]
    pub runtime: String,
    pub status: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub deployed: bool,
    #[serde(deserialize_with = "nullable")]
    pub errors: Vec<BuildError>,
    #[serde(deserialize_with = "nullable")]
    pub dependencies: Vec<Dependency>,
    #[serde(deserialize_with = "nullable")]
    pub secrets: Vec<SecretName>,
    #[serde(deserialize_with = "nullable")]
    pub modules: Vec<ModuleRef>,
    #[serde(deserialize_with = "nullable")]
    pub supported_triggers: Vec<TriggerRef>,
    pub action: Option<ActionBase>,
    /// In the spec, never seen in real traffic.
    pub action_id: Option<String>,
    pub built_at: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

/// `GET /actions/triggers` (not paginated).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TriggerList {
    #[serde(deserialize_with = "nullable")]
    pub triggers: Vec<Trigger>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Trigger {
    #[serde(deserialize_with = "nullable")]
    pub id: String,
    #[serde(deserialize_with = "nullable")]
    pub version: String,
    pub status: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub runtimes: Vec<String>,
    pub default_runtime: Option<String>,
    pub binding_policy: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub compatible_triggers: Vec<TriggerRef>,
}

/// `PATCH /actions/triggers/{id}/bindings` answers the new list without paging fields.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct BindingList {
    #[serde(deserialize_with = "nullable")]
    pub bindings: Vec<Binding>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Binding {
    #[serde(deserialize_with = "nullable")]
    pub id: String,
    #[serde(deserialize_with = "nullable")]
    pub trigger_id: String,
    #[serde(deserialize_with = "nullable")]
    pub display_name: String,
    pub action: Option<Action>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Execution {
    #[serde(deserialize_with = "nullable")]
    pub id: String,
    #[serde(deserialize_with = "nullable")]
    pub trigger_id: String,
    #[serde(deserialize_with = "nullable")]
    pub status: String,
    #[serde(deserialize_with = "nullable")]
    pub results: Vec<ExecutionResult>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ExecutionResult {
    #[serde(deserialize_with = "nullable")]
    pub action_name: String,
    /// Typed as `{id,msg,url}` in the spec; go-auth0 treats it as a free map, so keep it raw.
    pub error: Option<serde_json::Value>,
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Module {
    #[serde(deserialize_with = "nullable")]
    pub id: String,
    #[serde(deserialize_with = "nullable")]
    pub name: String,
    #[serde(deserialize_with = "nullable")]
    pub code: String,
    #[serde(deserialize_with = "nullable")]
    pub dependencies: Vec<Dependency>,
    #[serde(deserialize_with = "nullable")]
    pub secrets: Vec<SecretName>,
    #[serde(deserialize_with = "lenient_u32")]
    pub actions_using_module_total: Option<u32>,
    #[serde(deserialize_with = "nullable")]
    pub all_changes_published: bool,
    /// Absent until the first publish; its `module_id` is usually absent too.
    pub latest_version: Option<ModuleVersion>,
    /// In the spec only.
    #[serde(deserialize_with = "lenient_u32")]
    pub latest_version_number: Option<u32>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ModuleVersion {
    #[serde(deserialize_with = "nullable")]
    pub id: String,
    #[serde(deserialize_with = "nullable")]
    pub module_id: String,
    #[serde(deserialize_with = "lenient_u32")]
    pub version_number: Option<u32>,
    #[serde(deserialize_with = "nullable")]
    pub code: String,
    #[serde(deserialize_with = "nullable")]
    pub dependencies: Vec<Dependency>,
    #[serde(deserialize_with = "nullable")]
    pub secrets: Vec<SecretName>,
    pub created_at: Option<String>,
}

/// An item of `GET /actions/modules/{id}/actions`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ModuleUsage {
    #[serde(deserialize_with = "nullable")]
    pub action_id: String,
    #[serde(deserialize_with = "nullable")]
    pub action_name: String,
    #[serde(deserialize_with = "nullable")]
    pub module_version_id: String,
    #[serde(deserialize_with = "lenient_u32")]
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
