//! Provider-neutral domain types: what the panes and the CLI speak.
//! Wire types (tolerant serde) live in `backend::auth0::wire` and map into these.

pub mod connection;
// Reaching out (issue 19): the Auth0 Dashboard page of an object.
pub mod dashboard;
pub mod error;
pub mod keys;
pub mod limits;
pub mod logs;
pub mod secret;
pub mod wait;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use connection::{ConnectionInfo, Credentials, Services};
pub use error::{BackendError, BackendResult};
pub use wait::WaitEvent;

pub type Timestamp = DateTime<Utc>;

/// Build status of an action draft or version. Unknown values are kept, never fatal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BuildStatus {
    Pending,
    Building,
    Packaged,
    Built,
    Retrying,
    Failed,
    #[serde(untagged)]
    Other(String),
}

impl BuildStatus {
    /// Parses case-insensitively: the undocumented `current_version` uses UPPERCASE.
    pub fn parse(s: &str) -> Self {
        match s.to_ascii_lowercase().as_str() {
            "pending" => Self::Pending,
            "building" => Self::Building,
            "packaged" => Self::Packaged,
            "built" => Self::Built,
            "retrying" => Self::Retrying,
            "failed" => Self::Failed,
            _ => Self::Other(s.to_string()),
        }
    }
    pub fn as_str(&self) -> &str {
        match self {
            Self::Pending => "pending",
            Self::Building => "building",
            Self::Packaged => "packaged",
            Self::Built => "built",
            Self::Retrying => "retrying",
            Self::Failed => "failed",
            Self::Other(s) => s,
        }
    }
    /// Still moving towards built or failed.
    pub fn in_progress(&self) -> bool {
        matches!(
            self,
            Self::Pending | Self::Building | Self::Packaged | Self::Retrying
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriggerRef {
    pub id: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dependency {
    pub name: String,
    pub version: String,
}

/// A secret as the API returns it: the name only. Values never enter the model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretName {
    pub name: String,
    pub updated_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleRef {
    pub module_id: String,
    pub module_name: String,
    pub module_version_id: String,
    pub module_version_number: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildError {
    pub id: String,
    pub msg: String,
    pub url: Option<String>,
}

/// An immutable, numbered version of an action (created by every deploy).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionVersion {
    pub id: String,
    pub number: u32,
    pub code: String,
    pub runtime: String,
    pub status: BuildStatus,
    pub deployed: bool,
    pub errors: Vec<BuildError>,
    pub dependencies: Vec<Dependency>,
    pub secrets: Vec<SecretName>,
    pub modules: Vec<ModuleRef>,
    pub supported_triggers: Vec<TriggerRef>,
    pub created_at: Option<Timestamp>,
    pub built_at: Option<Timestamp>,
}

/// An action with its draft (`code`, `status`) and the version that is live, if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub id: String,
    pub name: String,
    pub supported_triggers: Vec<TriggerRef>,
    /// Draft code. Binding payloads carry no code: then it is empty and `code_loaded` is false.
    pub code: String,
    pub code_loaded: bool,
    pub runtime: String,
    pub status: BuildStatus,
    pub dependencies: Vec<Dependency>,
    pub secrets: Vec<SecretName>,
    pub modules: Vec<ModuleRef>,
    pub all_changes_deployed: bool,
    pub deployed_version: Option<ActionVersion>,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
}

impl Action {
    pub fn is_deployed(&self) -> bool {
        self.deployed_version.is_some()
    }
    /// True when a version is live and the draft has changes it lacks. A never-deployed action has no
    /// live code to differ from: its live marker says so instead.
    ///
    /// The service's `all_changes_deployed` is not trusted alone: a change of secrets, dependencies
    /// or runtime is a change a deploy carries, so the draft's settings are compared with the live
    /// version's too.
    pub fn draft_differs(&self) -> bool {
        self.is_deployed() && (!self.all_changes_deployed || !self.settings_changes().is_empty())
    }
    /// How the draft's secrets (names, and when each was set), dependencies and runtime differ
    /// from the deployed version's; empty when never deployed or when the draft was not read.
    pub fn settings_changes(&self) -> Vec<SettingChange> {
        // A binding's action carries no draft fields at all: nothing to compare.
        let Some(live) = self.deployed_version.as_ref().filter(|_| self.code_loaded) else {
            return vec![];
        };
        let mut changes = secret_changes(&live.secrets, &self.secrets);
        changes.extend(dependency_changes(&live.dependencies, &self.dependencies));
        // A list payload may leave the runtime out: an empty one is unknown, not a change.
        if !live.runtime.is_empty() && !self.runtime.is_empty() && live.runtime != self.runtime {
            changes.push(SettingChange::Runtime {
                from: live.runtime.clone(),
                to: self.runtime.clone(),
            });
        }
        changes
    }
    pub fn trigger_ids(&self) -> Vec<&str> {
        self.supported_triggers
            .iter()
            .map(|t| t.id.as_str())
            .collect()
    }
}

/// One way a draft's settings differ from a version's: what a deploy (or publish) would change
/// besides the code. Secrets are known by name only; a secret set again shows by its newer time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingChange {
    SecretAdded(String),
    SecretRemoved(String),
    /// Same name, given a new value since.
    SecretChanged(String),
    DependencyAdded(Dependency),
    DependencyRemoved(Dependency),
    DependencyChanged {
        name: String,
        from: String,
        to: String,
    },
    Runtime {
        from: String,
        to: String,
    },
}

/// Secrets of `to` that `from` lacks, lacks no more, or holds with an older value.
pub fn secret_changes(from: &[SecretName], to: &[SecretName]) -> Vec<SettingChange> {
    let mut changes: Vec<SettingChange> = from
        .iter()
        .filter(|old| !to.iter().any(|new| new.name == old.name))
        .map(|old| SettingChange::SecretRemoved(old.name.clone()))
        .collect();
    for new in to {
        match from.iter().find(|old| old.name == new.name) {
            None => changes.push(SettingChange::SecretAdded(new.name.clone())),
            Some(old) => {
                let reset =
                    matches!((old.updated_at, new.updated_at), (Some(a), Some(b)) if a != b);
                if reset {
                    changes.push(SettingChange::SecretChanged(new.name.clone()));
                }
            }
        }
    }
    changes
}

/// Dependencies added, removed, or pinned to another version, by package name.
pub fn dependency_changes(from: &[Dependency], to: &[Dependency]) -> Vec<SettingChange> {
    let mut changes: Vec<SettingChange> = from
        .iter()
        .filter(|old| !to.iter().any(|new| new.name == old.name))
        .map(|old| SettingChange::DependencyRemoved(old.clone()))
        .collect();
    for new in to {
        match from.iter().find(|old| old.name == new.name) {
            None => changes.push(SettingChange::DependencyAdded(new.clone())),
            Some(old) if old.version != new.version => {
                changes.push(SettingChange::DependencyChanged {
                    name: new.name.clone(),
                    from: old.version.clone(),
                    to: new.version.clone(),
                });
            }
            Some(_) => {}
        }
    }
    changes
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleVersion {
    pub id: String,
    pub module_id: String,
    pub number: u32,
    pub code: String,
    pub dependencies: Vec<Dependency>,
    pub secrets: Vec<SecretName>,
    pub created_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Module {
    pub id: String,
    pub name: String,
    /// Draft code.
    pub code: String,
    pub dependencies: Vec<Dependency>,
    pub secrets: Vec<SecretName>,
    pub actions_using_module_total: u32,
    pub all_changes_published: bool,
    /// The latest published version (absent until the first publish).
    pub latest_version: Option<ModuleVersion>,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
}

impl Module {
    pub fn latest_version_number(&self) -> Option<u32> {
        self.latest_version.as_ref().map(|v| v.number)
    }
    /// The draft has changes the latest version lacks: by the service's word, or because its
    /// secrets or dependencies differ from that version's.
    pub fn draft_unpublished(&self) -> bool {
        !self.all_changes_published || !self.settings_changes().is_empty()
    }
    /// How the draft's secrets and dependencies differ from the latest published version's.
    pub fn settings_changes(&self) -> Vec<SettingChange> {
        let Some(latest) = &self.latest_version else {
            return vec![];
        };
        let mut changes = secret_changes(&latest.secrets, &self.secrets);
        changes.extend(dependency_changes(&latest.dependencies, &self.dependencies));
        changes
    }
}

/// An action that uses a module (`GET /actions/modules/{id}/actions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleUsage {
    pub action_id: String,
    pub action_name: String,
    pub module_version_id: String,
    pub module_version_number: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TriggerStatus {
    Current,
    Deprecated,
    Other(String),
}

impl TriggerStatus {
    pub fn parse(s: &str) -> Self {
        match s.to_ascii_uppercase().as_str() {
            "CURRENT" => Self::Current,
            "DEPRECATED" => Self::Deprecated,
            _ => Self::Other(s.to_string()),
        }
    }
    pub fn as_str(&self) -> &str {
        match self {
            Self::Current => "CURRENT",
            Self::Deprecated => "DEPRECATED",
            Self::Other(s) => s,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BindingPolicy {
    TriggerBound,
    /// Bindings are managed by Auth0 (custom-token-exchange, event-stream, …): read-only here.
    EntityBound,
    Other(String),
}

impl BindingPolicy {
    pub fn parse(s: &str) -> Self {
        match s {
            "trigger-bound" => Self::TriggerBound,
            "entity-bound" => Self::EntityBound,
            _ => Self::Other(s.to_string()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    /// Open set: new ids (e.g. `mcp-tool`) appear without notice.
    pub id: String,
    pub version: String,
    pub status: TriggerStatus,
    pub runtimes: Vec<String>,
    pub default_runtime: Option<String>,
    pub binding_policy: Option<BindingPolicy>,
    pub compatible_triggers: Vec<TriggerRef>,
}

/// One action bound to a trigger; the list order is the execution order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Binding {
    pub id: String,
    pub trigger_id: String,
    pub display_name: String,
    pub action: Action,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
}

impl Binding {
    /// What a `PATCH …/bindings` needs to keep this binding as it is.
    pub fn as_bound(&self) -> BoundAction {
        BoundAction {
            action_id: self.action.id.clone(),
            display_name: self.display_name.clone(),
        }
    }
}

/// One entry of a trigger's complete order as sent by `PATCH …/bindings` (by action id, the display
/// name kept), and as the journal records orders.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BoundAction {
    pub action_id: String,
    pub display_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExecutionResult {
    pub action_name: String,
    pub error: Option<BuildError>,
    pub started_at: Option<Timestamp>,
    pub ended_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Execution {
    pub id: String,
    pub trigger_id: String,
    pub status: String,
    pub results: Vec<ExecutionResult>,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
}

/// An action's or module's draft as far as a change is concerned: code, dependencies, secret names
/// with their times, runtime. A re-read that differs means another client changed it meanwhile.
/// What a journal entry says of its change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Written before the request was sent; the outcome follows in a later entry of the change.
    Intent,
    /// The service made the change (entries written before outcomes existed are all `done`).
    #[default]
    Done,
    /// The service did not make it (it refused, or a read-back found nothing changed).
    NotDone,
    /// Nobody knows: the answer was lost and reading the object back failed too.
    Unknown,
    /// The process was stopped by a signal while the change was under way.
    Interrupted,
}

impl Outcome {
    /// Still to be reconciled by reading the object back.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Intent | Self::Unknown | Self::Interrupted)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Intent => "intent",
            Self::Done => "done",
            Self::NotDone => "not_done",
            Self::Unknown => "unknown",
            Self::Interrupted => "interrupted",
        }
    }
}

/// Whose code: the limits and the API differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Action,
    Module,
}

/// A secret row of a settings edit: kept as the service holds it, given a new value, or removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretRow {
    Kept(String),
    /// A new value typed once; sent, then dropped.
    Set(String, secret::Secret),
    Removed(String),
}

impl SecretRow {
    pub fn name(&self) -> &str {
        match self {
            SecretRow::Kept(n) | SecretRow::Set(n, _) | SecretRow::Removed(n) => n,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftState {
    pub code: String,
    pub dependencies: Vec<Dependency>,
    pub secrets: Vec<SecretName>,
    /// Actions only.
    pub runtime: Option<String>,
}

impl DraftState {
    pub fn of_action(a: &Action) -> Self {
        Self {
            code: a.code.clone(),
            dependencies: a.dependencies.clone(),
            secrets: a.secrets.clone(),
            runtime: Some(a.runtime.clone()),
        }
    }

    pub fn of_module(m: &Module) -> Self {
        Self {
            code: m.code.clone(),
            dependencies: m.dependencies.clone(),
            secrets: m.secrets.clone(),
            runtime: None,
        }
    }
}

/// A secret as codedeck sends it: by name, with a value typed once. `value: None` keeps the value
/// the service holds (the secret is listed by name only). The value is masked in `Debug` and is never
/// serialized anywhere but the request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretInput {
    pub name: String,
    pub value: Option<secret::Secret>,
}

impl SecretInput {
    /// The secrets the service holds now, each kept as it is (sent by name only).
    pub fn keep_all(secrets: &[SecretName]) -> Vec<SecretInput> {
        secrets
            .iter()
            .map(|s| SecretInput {
                name: s.name.clone(),
                value: None,
            })
            .collect()
    }
}

/// A change to an action's or module's draft (`PATCH`). Omitted fields are kept by the service;
/// `secrets`, when sent, REPLACES the secret list (list the others by name to keep them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftChange {
    pub code: Option<String>,
    /// Actions only.
    pub runtime: Option<String>,
    pub dependencies: Option<Vec<Dependency>>,
    pub secrets: Option<Vec<SecretInput>>,
}

impl DraftChange {
    pub fn code(code: impl Into<String>) -> Self {
        Self {
            code: Some(code.into()),
            ..Self::default()
        }
    }
}

/// A new action (`POST /actions/actions`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAction {
    pub name: String,
    pub trigger: TriggerRef,
    /// `None`: the trigger's default runtime.
    pub runtime: Option<String>,
    pub code: String,
    pub dependencies: Vec<Dependency>,
    pub secrets: Vec<SecretInput>,
    /// Deploy the first version at once (the draft must build first).
    pub deploy: bool,
}

/// A new Actions Module (`POST /actions/modules`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewModule {
    pub name: String,
    pub code: String,
    pub dependencies: Vec<Dependency>,
    pub secrets: Vec<SecretInput>,
    /// Publish the first version at once.
    pub publish: bool,
}

/// What a thrown error in a test run looked like.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestError {
    pub name: String,
    pub message: String,
    pub stack: String,
}

/// The answer of `POST /actions/actions/{id}/test`: the returned payload as it came, with the thrown
/// error and the timing stats picked out of it. User-code errors come back as 200 with
/// `payload.error`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestRun {
    pub payload: serde_json::Value,
    pub error: Option<TestError>,
    /// Durations in milliseconds by name (`total_request_duration_ms` …), sorted by name.
    pub stats: Vec<(String, f64)>,
}

impl TestRun {
    /// Reads the service's `payload`, tolerating any shape.
    pub fn from_payload(payload: serde_json::Value) -> Self {
        let text = |v: &serde_json::Value, key: &str| {
            v.get(key)
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let error = payload.get("error").and_then(|e| match e {
            serde_json::Value::Object(_) => Some(TestError {
                name: text(e, "name"),
                message: text(e, "message"),
                stack: text(e, "stack"),
            }),
            serde_json::Value::String(message) => Some(TestError {
                name: String::new(),
                message: message.clone(),
                stack: String::new(),
            }),
            _ => None,
        });
        let stats = payload
            .get("stats")
            .and_then(serde_json::Value::as_object)
            .map(|stats| {
                stats
                    .iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_f64()?)))
                    .collect()
            })
            .unwrap_or_default();
        Self {
            payload,
            error,
            stats,
        }
    }
}

/// Filters for listing actions (`GET /actions/actions`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionFilter {
    pub trigger_id: Option<String>,
    pub action_name: Option<String>,
    pub deployed: Option<bool>,
}

/// A FairCom timestamp as the server sends it: no zone (`2024-10-15T19:29:34.216`). It is the
/// server's local time; shown as such, never converted.
pub type ServerTime = chrono::NaiveDateTime;

/// Parses FairCom's zoneless timestamps (with or without fractional seconds, `T` or space).
pub fn parse_server_time(text: &str) -> Option<ServerTime> {
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
        .iter()
        .find_map(|format| chrono::NaiveDateTime::parse_from_str(text.trim(), format).ok())
}

/// A code package's status. Activated statuses (active, testing, deprecated) may run; the others
/// do not. `deleted` is a soft delete: any other status undeletes. Unknown values are kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CodeStatus {
    Developing,
    Testing,
    Active,
    Deprecated,
    Inactive,
    Deleted,
    #[serde(untagged)]
    Other(String),
}

impl CodeStatus {
    /// The statuses a user can set, in the order menus show them.
    pub const SETTABLE: [CodeStatus; 6] = [
        CodeStatus::Active,
        CodeStatus::Testing,
        CodeStatus::Deprecated,
        CodeStatus::Developing,
        CodeStatus::Inactive,
        CodeStatus::Deleted,
    ];

    pub fn parse(s: &str) -> Self {
        match s.to_ascii_lowercase().as_str() {
            "developing" => Self::Developing,
            "testing" => Self::Testing,
            "active" => Self::Active,
            "deprecated" => Self::Deprecated,
            "inactive" => Self::Inactive,
            "deleted" => Self::Deleted,
            _ => Self::Other(s.to_string()),
        }
    }
    pub fn as_str(&self) -> &str {
        match self {
            Self::Developing => "developing",
            Self::Testing => "testing",
            Self::Active => "active",
            Self::Deprecated => "deprecated",
            Self::Inactive => "inactive",
            Self::Deleted => "deleted",
            Self::Other(s) => s,
        }
    }
    /// True when the server may run the package (active, testing, deprecated).
    pub fn runs(&self) -> bool {
        matches!(self, Self::Active | Self::Testing | Self::Deprecated)
    }
}

/// Where and how the server runs a package. The set grows with server versions: unknown values are
/// kept as `Other` (and shown as the server names them).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CodeType {
    IntegrationTableTransform,
    GetRecordsTransform,
    /// Older servers' name for a transform.
    Transform,
    Expression,
    GlobalFunction,
    Module,
    Event,
    BeforeTrigger,
    AfterTrigger,
    Job,
    #[serde(untagged)]
    Other(String),
}

impl CodeType {
    /// The types `createCodePackage` accepts (the newer docs' enum, plus older servers' `transform`).
    pub const CREATABLE: [CodeType; 10] = [
        CodeType::IntegrationTableTransform,
        CodeType::GetRecordsTransform,
        CodeType::Transform,
        CodeType::Expression,
        CodeType::GlobalFunction,
        CodeType::Module,
        CodeType::Event,
        CodeType::BeforeTrigger,
        CodeType::AfterTrigger,
        CodeType::Job,
    ];

    pub fn parse(s: &str) -> Self {
        match s {
            "integrationTableTransform" => Self::IntegrationTableTransform,
            "getRecordsTransform" => Self::GetRecordsTransform,
            "transform" => Self::Transform,
            "expression" => Self::Expression,
            "globalFunction" => Self::GlobalFunction,
            "module" => Self::Module,
            "event" => Self::Event,
            "beforeTrigger" => Self::BeforeTrigger,
            "afterTrigger" => Self::AfterTrigger,
            "job" => Self::Job,
            _ => Self::Other(s.to_string()),
        }
    }
    pub fn as_str(&self) -> &str {
        match self {
            Self::IntegrationTableTransform => "integrationTableTransform",
            Self::GetRecordsTransform => "getRecordsTransform",
            Self::Transform => "transform",
            Self::Expression => "expression",
            Self::GlobalFunction => "globalFunction",
            Self::Module => "module",
            Self::Event => "event",
            Self::BeforeTrigger => "beforeTrigger",
            Self::AfterTrigger => "afterTrigger",
            Self::Job => "job",
            Self::Other(s) => s,
        }
    }
}

/// A code package's identity: (database, owner, name).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PackageId {
    pub database: String,
    pub owner: String,
    pub name: String,
}

impl PackageId {
    /// `faircom/admin/convertTemperature`: one string for journals, lookups and slots. Database and
    /// owner names are identifiers (no `/`); a code name may hold one, so it comes last.
    pub fn key(&self) -> String {
        format!("{}/{}/{}", self.database, self.owner, self.name)
    }

    /// The identity a [`key`](Self::key) names.
    pub fn from_key(key: &str) -> Option<PackageId> {
        let mut parts = key.splitn(3, '/');
        Some(PackageId {
            database: parts.next()?.to_string(),
            owner: parts.next()?.to_string(),
            name: parts.next()?.to_string(),
        })
    }
}

/// One version of a FairCom code package: the current one (describe/list) or one from its history.
/// Lists carry no code: then `code` is `None`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodePackage {
    pub id: PackageId,
    pub code_id: i64,
    pub version: u32,
    /// The package this one was cloned from (0: not a clone).
    pub cloned_code_id: i64,
    pub status: CodeStatus,
    pub language: String,
    pub code_type: CodeType,
    pub description: String,
    /// Arbitrary JSON the user keeps with the package.
    pub metadata: serde_json::Value,
    /// This version's change comment.
    pub comment: String,
    pub code_format: String,
    pub code: Option<String>,
    pub created_by: String,
    pub created_on: Option<ServerTime>,
    pub updated_by: String,
    pub updated_on: Option<ServerTime>,
}

/// True when the packages live in more than one database or under more than one owner: then a
/// name alone does not say which package is meant.
pub fn in_several_places(packages: &[CodePackage]) -> bool {
    packages
        .iter()
        .any(|p| p.id.database != packages[0].id.database || p.id.owner != packages[0].id.owner)
}

/// Filters for listing code packages (`listCodePackages`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackageFilter {
    pub database: Option<String>,
    pub owner: Option<String>,
    pub partial_name: Option<String>,
    pub statuses: Vec<CodeStatus>,
    pub code_types: Vec<CodeType>,
}

/// A new code package (`createCodePackage`); the server assigns version 1.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPackage {
    pub id: PackageId,
    pub code_type: CodeType,
    pub language: String,
    pub status: CodeStatus,
    pub description: String,
    pub metadata: serde_json::Value,
    pub comment: String,
    pub code: String,
}

/// Remote text (names, code, server messages) made safe for a terminal: every control character
/// (ESC, BEL, C1 0x80–0x9f, DEL …) is dropped, so a tenant's content cannot retitle the window, clear
/// the screen or write the clipboard. Newlines and tabs stay: code is multi-line. The one sanitiser for
/// everything codedeck writes to a terminal from remote text.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.chars().filter(|&c| !unsafe_char(c)).collect())
}

#[cfg(test)]
mod terminal_tests {
    use super::terminal_safe;

    #[test]
    fn control_sequences_lose_their_control_characters_and_lines_stay() {
        let hostile = "a\x1b]0;pwned\x07b\x1b[2J\u{9b}31m\u{7f}\x1b]52;c;aGk=\x07\n\tc\r";
        let safe = terminal_safe(hostile);
        assert_eq!(safe, "a]0;pwnedb[2J31m]52;c;aGk=\n\tc");
        assert!(!safe
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'));
        assert!(matches!(
            terminal_safe("plain\n"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
