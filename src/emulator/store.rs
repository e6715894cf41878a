//! The emulator's one in-memory tenant: plain records plus the rules that turn them into the JSON
//! Auth0 sends. Handlers and the write rules (`writes`) all go through this one store.
//!
//! Builds and deploys take time at Auth0. Records keep when they started; every status is derived
//! from that and the clock (`now`) when rendered, never advanced by a background task.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Map, Value};

/// Actions service timestamps carry nanoseconds: `2026-05-29T10:49:50.119255008Z`.
pub fn actions_time(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Nanos, true)
}

/// Modules service timestamps carry microseconds: `2026-02-16T16:36:39.070640Z`.
pub fn modules_time(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dep {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretRec {
    pub name: String,
    pub updated_at: DateTime<Utc>,
}

/// A module pinned by an action (draft or version). Name and number are filled in when rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModulePin {
    pub module_id: String,
    pub module_version_id: String,
}

#[derive(Debug, Clone)]
pub struct BuildErr {
    pub id: String,
    pub msg: String,
    pub url: Option<String>,
}

/// An immutable action version, created by a deploy.
#[derive(Debug, Clone)]
pub struct VersionRec {
    pub id: String,
    pub number: u32,
    pub code: String,
    pub dependencies: Vec<Dep>,
    pub runtime: String,
    pub status: String,
    pub errors: Vec<BuildErr>,
    pub modules: Vec<ModulePin>,
    /// The action's secrets (names and when each was set) as they were when it was deployed.
    pub secrets: Vec<SecretRec>,
    pub created_at: DateTime<Utc>,
    pub built_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set when the version was deployed before its draft finished building (create with
    /// `deploy: true`): until then its status, errors and `built_at` come from this build.
    pub build: Option<Build>,
}

impl VersionRec {
    /// Lowercase status at `now`.
    pub fn status_at(&self, now: DateTime<Utc>) -> &str {
        match &self.build {
            Some(build) => build.status(now),
            None => &self.status,
        }
    }
    fn errors_at(&self, now: DateTime<Utc>) -> &[BuildErr] {
        match &self.build {
            Some(build) if build.status(now) == "failed" => &build.errors,
            Some(_) => &[],
            None => &self.errors,
        }
    }
    /// `None` while its build is still running.
    fn built_at_at(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match &self.build {
            Some(build) if build.status(now) == "built" => Some(build.finished_at()),
            Some(_) => None,
            None => Some(self.built_at),
        }
    }
}

/// The share of a build spent `pending` before it is `building` (REC: both seen for about a second).
const PENDING_SHARE: f64 = 0.3;

/// A build of an action draft: `pending`, then `building`, then `built` (or `failed` with `errors`)
/// once `duration` has passed since `started_at`.
#[derive(Debug, Clone)]
pub struct Build {
    pub started_at: DateTime<Utc>,
    pub duration: Duration,
    /// Empty: the build succeeds. Otherwise it ends `failed` with these errors.
    pub errors: Vec<BuildErr>,
}

impl Build {
    /// A build that finished successfully at `at`.
    pub fn done(at: DateTime<Utc>) -> Self {
        Self {
            started_at: at,
            duration: Duration::ZERO,
            errors: vec![],
        }
    }

    /// A successful build that is `building` at `now` (past its pending share) and ends `remaining`
    /// later.
    pub fn building_until(now: DateTime<Utc>, remaining: Duration) -> Self {
        let duration = remaining.div_f64(1.0 - PENDING_SHARE);
        let pending = duration.mul_f64(PENDING_SHARE);
        Self {
            started_at: now - chrono::Duration::from_std(pending).unwrap_or(chrono::TimeDelta::MAX),
            duration,
            errors: vec![],
        }
    }

    pub fn finished_at(&self) -> DateTime<Utc> {
        self.started_at
            + chrono::Duration::from_std(self.duration).unwrap_or(chrono::TimeDelta::MAX)
    }

    /// Lowercase build status at `now`.
    pub fn status(&self, now: DateTime<Utc>) -> &'static str {
        // A finished seed build may carry a timestamp later than the host's clock.
        if self.duration.is_zero() || now >= self.finished_at() {
            return if self.errors.is_empty() {
                "built"
            } else {
                "failed"
            };
        }
        let elapsed = (now - self.started_at).to_std().unwrap_or(Duration::ZERO);
        if elapsed < self.duration.mul_f64(PENDING_SHARE) {
            "pending"
        } else {
            "building"
        }
    }
}

/// The editable draft of an action.
#[derive(Debug, Clone)]
pub struct DraftRec {
    pub code: String,
    pub dependencies: Vec<Dep>,
    pub runtime: String,
    pub modules: Vec<ModulePin>,
    /// The build of this content (every edit starts a new one).
    pub build: Build,
}

/// The newest deploy of an action. Deploys finish in the background: `number` goes live at
/// `live_at`; until then `replaces` (the version live when it was asked for) keeps serving.
#[derive(Debug, Clone)]
pub struct DeployRec {
    pub number: u32,
    pub live_at: DateTime<Utc>,
    pub replaces: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct ActionRec {
    pub id: String,
    pub name: String,
    pub trigger_id: String,
    pub trigger_version: String,
    pub secrets: Vec<SecretRec>,
    pub draft: DraftRec,
    /// Oldest first; numbers increase by one per deploy. Past the version limit the oldest are
    /// deleted, so the first may not be number 1.
    pub versions: Vec<VersionRec>,
    /// The newest deploy, if any (not always of the newest version: a deploy whose build failed
    /// leaves a newer, undeployed version).
    pub deploy: Option<DeployRec>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ActionRec {
    pub fn version(&self, id: &str) -> Option<&VersionRec> {
        self.versions.iter().find(|v| v.id == id)
    }
    fn numbered(&self, number: u32) -> Option<&VersionRec> {
        self.versions.iter().find(|v| v.number == number)
    }
    /// The version of the newest deploy, live or still going live: what `deployed_version` shows.
    pub fn deployed(&self) -> Option<&VersionRec> {
        self.numbered(self.deploy.as_ref()?.number)
    }
    /// The number of the version serving at `now`. A version whose build failed never goes live.
    pub fn live_number(&self, now: DateTime<Utc>) -> Option<u32> {
        let deploy = self.deploy.as_ref()?;
        let failed = self
            .numbered(deploy.number)
            .is_some_and(|v| v.status_at(now) == "failed");
        if now >= deploy.live_at && !failed {
            Some(deploy.number)
        } else {
            deploy.replaces
        }
    }
    /// The version serving at `now`.
    pub fn live(&self, now: DateTime<Utc>) -> Option<&VersionRec> {
        self.numbered(self.live_number(now)?)
    }
    /// Derived, never stored: the newest deploy has finished and the draft (code, dependencies,
    /// runtime, modules, and the secrets with when each was set) equals its version.
    /// While a deploy is going live this is false (REC: the deploy answer's `action` says false).
    pub fn all_changes_deployed(&self, now: DateTime<Utc>) -> bool {
        let Some(v) = self.deployed() else {
            return false;
        };
        self.live_number(now) == Some(v.number)
            && v.code == self.draft.code
            && v.dependencies == self.draft.dependencies
            && v.runtime == self.draft.runtime
            && v.modules == self.draft.modules
            && v.secrets == self.secrets
    }
}

#[derive(Debug, Clone)]
pub struct ModuleVersionRec {
    pub id: String,
    pub number: u32,
    pub code: String,
    pub dependencies: Vec<Dep>,
    /// The module's secrets (names and when each was set) when it was published.
    pub secrets: Vec<SecretRec>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct ModuleRec {
    pub id: String,
    pub name: String,
    pub code: String,
    pub dependencies: Vec<Dep>,
    pub secrets: Vec<SecretRec>,
    /// Published versions, oldest first.
    pub versions: Vec<ModuleVersionRec>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ModuleRec {
    pub fn version(&self, id: &str) -> Option<&ModuleVersionRec> {
        self.versions.iter().find(|v| v.id == id)
    }
    pub fn latest(&self) -> Option<&ModuleVersionRec> {
        self.versions.last()
    }
    pub fn all_changes_published(&self) -> bool {
        self.latest().is_some_and(|v| {
            v.code == self.code && v.dependencies == self.dependencies && v.secrets == self.secrets
        })
    }
}

#[derive(Debug, Clone)]
pub struct TriggerRec {
    pub id: &'static str,
    pub version: &'static str,
    pub status: &'static str,
    pub runtimes: &'static [&'static str],
    pub default_runtime: &'static str,
    pub entity_bound: bool,
    pub compatible: &'static [(&'static str, &'static str)],
}

#[derive(Debug, Clone)]
pub struct BindingRec {
    pub id: String,
    pub action_id: String,
    pub display_name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct ExecutionResultRec {
    pub action_name: String,
    pub error: Option<BuildErr>,
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct ExecutionRec {
    pub id: String,
    pub trigger_id: String,
    pub status: String,
    pub results: Vec<ExecutionResultRec>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Past this the record is gone (404): Auth0 keeps executions 10 days. `None`: kept for good
    /// (the demo's fixed seeded executions, which older tests and fixtures read).
    pub kept_until: Option<DateTime<Utc>>,
}

/// How fast the tenant works and how much it keeps (set from `EmulatorOptions`).
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// How long a draft build takes (30% `pending`, then `building`).
    pub build_duration: Duration,
    /// How long a deploy takes to go live.
    pub deploy_duration: Duration,
    /// Versions kept per action; past it the oldest are deleted.
    pub max_action_versions: usize,
    /// Published versions per module; past it publishing is refused with 412.
    pub max_module_versions: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            // REC (go-auth0, terraform): pending → building → built within seconds; ~1 s is typical.
            build_duration: Duration::from_secs(1),
            deploy_duration: Duration::from_millis(500),
            // "Each Action may have a maximum of 50 associated versions … Once the limit is
            // reached, every additional version that is added will result in the oldest version
            // being deleted." (auth0.com/docs/customize/actions/limitations)
            max_action_versions: 50,
            // The OAS documents a 412 "Maximum number of module versions reached" but publishes
            // no number; we mirror the actions limit.
            max_module_versions: 50,
        }
    }
}

/// The whole tenant.
#[derive(Debug, Clone, Default)]
pub struct Store {
    pub settings: Settings,
    pub triggers: Vec<TriggerRec>,
    /// In creation order (the order lists return).
    pub actions: Vec<ActionRec>,
    pub modules: Vec<ModuleRec>,
    /// Trigger id → bindings in execution order.
    pub bindings: BTreeMap<String, Vec<BindingRec>>,
    pub executions: Vec<ExecutionRec>,
    /// The tenant's log (issue 18).
    pub logs: super::logs::TenantLog,
}

/// Filters of `GET /actions/actions`.
#[derive(Debug, Clone, Default)]
pub struct ActionQuery {
    pub trigger_id: Option<String>,
    pub action_name: Option<String>,
    pub deployed: Option<bool>,
    pub installed: Option<bool>,
}

fn deps_json(deps: &[Dep]) -> Value {
    Value::Array(
        deps.iter()
            .map(|d| json!({"name": d.name, "version": d.version}))
            .collect(),
    )
}

/// Secret names with their update time in the service's precision (`actions_time` or `modules_time`).
fn secrets_json(secrets: &[SecretRec], time: fn(&DateTime<Utc>) -> String) -> Value {
    Value::Array(
        secrets
            .iter()
            .map(|s| json!({"name": s.name, "updated_at": time(&s.updated_at)}))
            .collect(),
    )
}

fn errors_json(errors: &[BuildErr]) -> Value {
    Value::Array(errors.iter().map(build_err_json).collect())
}

fn build_err_json(e: &BuildErr) -> Value {
    let mut v = json!({"id": e.id, "msg": e.msg});
    if let Some(url) = &e.url {
        v["url"] = json!(url);
    }
    v
}

fn insert_if_nonempty(obj: &mut Map<String, Value>, key: &str, value: Value) {
    if value.as_array().is_some_and(|a| !a.is_empty()) {
        obj.insert(key.to_string(), value);
    }
}

impl Store {
    pub fn action(&self, id: &str) -> Option<&ActionRec> {
        self.actions.iter().find(|a| a.id == id)
    }
    pub fn module(&self, id: &str) -> Option<&ModuleRec> {
        self.modules.iter().find(|m| m.id == id)
    }
    /// Names are unique per tenant (actions and modules alike).
    pub fn action_named(&self, name: &str) -> Option<&ActionRec> {
        self.actions.iter().find(|a| a.name == name)
    }
    pub fn module_named(&self, name: &str) -> Option<&ModuleRec> {
        self.modules.iter().find(|m| m.name == name)
    }
    pub fn trigger_known(&self, id: &str) -> bool {
        self.triggers.iter().any(|t| t.id == id)
    }
    pub fn trigger_entity_bound(&self, id: &str) -> bool {
        self.triggers.iter().any(|t| t.id == id && t.entity_bound)
    }

    pub fn find_actions(&self, q: &ActionQuery) -> Vec<&ActionRec> {
        self.actions
            .iter()
            .filter(|a| q.trigger_id.as_ref().is_none_or(|t| &a.trigger_id == t))
            .filter(|a| q.action_name.as_ref().is_none_or(|n| &a.name == n))
            .filter(|a| q.deployed.is_none_or(|d| a.deploy.is_some() == d))
            // No marketplace integrations in the emulator: nothing is "installed".
            .filter(|_| q.installed != Some(true))
            .collect()
    }

    fn modules_json(&self, pins: &[ModulePin]) -> Value {
        Value::Array(
            pins.iter()
                .filter_map(|p| {
                    let module = self.module(&p.module_id)?;
                    let version = module.version(&p.module_version_id)?;
                    Some(json!({
                        "module_id": module.id,
                        "module_name": module.name,
                        "module_version_id": version.id,
                        "module_version_number": version.number,
                    }))
                })
                .collect(),
        )
    }

    fn supported_triggers(a: &ActionRec) -> Value {
        json!([{"id": a.trigger_id, "version": a.trigger_version}])
    }

    /// The `action` summary embedded in a version (ActionBase).
    fn action_base_json(a: &ActionRec, now: DateTime<Utc>) -> Value {
        json!({
            "id": a.id,
            "name": a.name,
            "supported_triggers": Self::supported_triggers(a),
            "created_at": actions_time(&a.created_at),
            "updated_at": actions_time(&a.updated_at),
            "all_changes_deployed": a.all_changes_deployed(now),
        })
    }

    /// ActionVersion as `GET …/versions/{id}` returns it (with `action`) at `now`.
    pub fn version_json(&self, a: &ActionRec, v: &VersionRec, now: DateTime<Utc>) -> Value {
        let mut out = self.version_body(a, v, now);
        out["action"] = Self::action_base_json(a, now);
        out
    }

    /// ActionVersion fields shared by `deployed_version` and the versions endpoints; `deployed`
    /// says whether it serves at `now`.
    fn version_body(&self, a: &ActionRec, v: &VersionRec, now: DateTime<Utc>) -> Value {
        let mut obj = Map::new();
        obj.insert("id".into(), json!(v.id));
        obj.insert("code".into(), json!(v.code));
        obj.insert("dependencies".into(), deps_json(&v.dependencies));
        obj.insert(
            "deployed".into(),
            json!(a.live_number(now) == Some(v.number)),
        );
        obj.insert("number".into(), json!(v.number));
        if let Some(built_at) = v.built_at_at(now) {
            obj.insert("built_at".into(), json!(actions_time(&built_at)));
        }
        obj.insert("secrets".into(), secrets_json(&v.secrets, actions_time));
        insert_if_nonempty(&mut obj, "modules", self.modules_json(&v.modules));
        insert_if_nonempty(&mut obj, "errors", errors_json(v.errors_at(now)));
        obj.insert("status".into(), json!(v.status_at(now)));
        obj.insert("created_at".into(), json!(actions_time(&v.created_at)));
        obj.insert("updated_at".into(), json!(actions_time(&v.updated_at)));
        obj.insert("runtime".into(), json!(v.runtime));
        obj.insert("supported_triggers".into(), Self::supported_triggers(a));
        Value::Object(obj)
    }

    /// The undocumented `current_version`: the live version with an UPPERCASE status.
    fn current_version_json(v: &VersionRec, now: DateTime<Utc>) -> Value {
        let mut out = json!({
            "id": v.id,
            "code": v.code,
            "runtime": v.runtime,
            "status": v.status_at(now).to_ascii_uppercase(),
            "number": v.number,
            "created_at": actions_time(&v.created_at),
            "updated_at": actions_time(&v.updated_at),
        });
        if let Some(built_at) = v.built_at_at(now) {
            out["build_time"] = json!(actions_time(&built_at));
        }
        out
    }

    /// Action as `GET /actions/actions/{id}` and the list return it at `now`.
    ///
    /// While a deploy is going live, `deployed_version` is already the NEW version with
    /// `deployed: false` (and `all_changes_deployed` is false): terraform polls this GET until
    /// `deployed_version.deployed` is true, which only works if the new version shows up unfinished.
    pub fn action_json(&self, a: &ActionRec, now: DateTime<Utc>) -> Value {
        let mut obj = Map::new();
        obj.insert("id".into(), json!(a.id));
        obj.insert("name".into(), json!(a.name));
        obj.insert("supported_triggers".into(), Self::supported_triggers(a));
        obj.insert("created_at".into(), json!(actions_time(&a.created_at)));
        obj.insert("updated_at".into(), json!(actions_time(&a.updated_at)));
        obj.insert("code".into(), json!(a.draft.code));
        obj.insert("dependencies".into(), deps_json(&a.draft.dependencies));
        obj.insert("runtime".into(), json!(a.draft.runtime));
        obj.insert("status".into(), json!(a.draft.build.status(now)));
        obj.insert("secrets".into(), secrets_json(&a.secrets, actions_time));
        insert_if_nonempty(&mut obj, "modules", self.modules_json(&a.draft.modules));
        if let Some(newest) = a.deployed() {
            obj.insert(
                "current_version".into(),
                Self::current_version_json(newest, now),
            );
            obj.insert("deployed_version".into(), self.version_body(a, newest, now));
        }
        obj.insert(
            "all_changes_deployed".into(),
            json!(a.all_changes_deployed(now)),
        );
        Value::Object(obj)
    }

    /// The action inside a binding: no draft fields at top level (REC).
    fn binding_action_json(&self, a: &ActionRec, now: DateTime<Utc>) -> Value {
        let mut v = self.action_json(a, now);
        if let Some(obj) = v.as_object_mut() {
            for key in [
                "code",
                "dependencies",
                "runtime",
                "status",
                "secrets",
                "modules",
            ] {
                obj.remove(key);
            }
        }
        v
    }

    pub fn binding_json(&self, trigger_id: &str, b: &BindingRec, now: DateTime<Utc>) -> Value {
        let action = self
            .action(&b.action_id)
            .map_or(Value::Null, |a| self.binding_action_json(a, now));
        json!({
            "id": b.id,
            "trigger_id": trigger_id,
            "action": action,
            "created_at": actions_time(&b.created_at),
            "updated_at": actions_time(&b.updated_at),
            "display_name": b.display_name,
        })
    }

    pub fn trigger_json(t: &TriggerRec) -> Value {
        json!({
            "id": t.id,
            "version": t.version,
            "status": t.status,
            "runtimes": t.runtimes,
            "default_runtime": t.default_runtime,
            "binding_policy": if t.entity_bound { "entity-bound" } else { "trigger-bound" },
            "compatible_triggers": t.compatible.iter()
                .map(|(id, version)| json!({"id": id, "version": version}))
                .collect::<Vec<_>>(),
        })
    }

    pub fn execution_json(e: &ExecutionRec) -> Value {
        let results: Vec<Value> = e
            .results
            .iter()
            .map(|r| {
                let mut v = json!({
                    "action_name": r.action_name,
                    "started_at": actions_time(&r.started_at),
                    "ended_at": actions_time(&r.ended_at),
                });
                if let Some(err) = &r.error {
                    v["error"] = build_err_json(err);
                }
                v
            })
            .collect();
        json!({
            "id": e.id,
            "trigger_id": e.trigger_id,
            "status": e.status,
            "results": results,
            "created_at": actions_time(&e.created_at),
            "updated_at": actions_time(&e.updated_at),
        })
    }

    fn actions_using_module(
        &self,
        module_id: &str,
    ) -> impl Iterator<Item = (&ActionRec, &ModulePin)> {
        let module_id = module_id.to_string();
        self.actions.iter().filter_map(move |a| {
            a.draft
                .modules
                .iter()
                .find(|p| p.module_id == module_id)
                .map(|p| (a, p))
        })
    }

    pub fn module_json(&self, m: &ModuleRec) -> Value {
        let mut v = json!({
            "id": m.id,
            "name": m.name,
            "code": m.code,
            "dependencies": deps_json(&m.dependencies),
            "secrets": secrets_json(&m.secrets, modules_time),
            "all_changes_published": m.all_changes_published(),
            "actions_using_module_total": self.actions_using_module(&m.id).count(),
            "created_at": modules_time(&m.created_at),
            "updated_at": modules_time(&m.updated_at),
        });
        if let Some(latest) = m.latest() {
            v["latest_version"] = json!({
                "id": latest.id,
                "version_number": latest.number,
                "code": latest.code,
                "dependencies": deps_json(&latest.dependencies),
                "secrets": secrets_json(&latest.secrets, modules_time),
                "created_at": modules_time(&latest.created_at),
            });
        }
        v
    }

    pub fn module_version_json(&self, m: &ModuleRec, v: &ModuleVersionRec) -> Value {
        json!({
            "id": v.id,
            "module_id": m.id,
            "version_number": v.number,
            "code": v.code,
            "secrets": secrets_json(&v.secrets, modules_time),
            "dependencies": deps_json(&v.dependencies),
            "created_at": modules_time(&v.created_at),
        })
    }

    /// `GET /actions/modules/{id}/actions` items.
    pub fn module_actions_json(&self, module: &ModuleRec) -> Vec<Value> {
        self.actions_using_module(&module.id)
            .filter_map(|(a, pin)| {
                let version = module.version(&pin.module_version_id)?;
                Some(json!({
                    "action_id": a.id,
                    "action_name": a.name,
                    "module_version_id": version.id,
                    "module_version_number": version.number,
                }))
            })
            .collect()
    }
}

/// How a paginated list wrapper writes zero values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zeros {
    /// Actions service (proto3 JSON): `page`/`total`/`per_page` absent when 0.
    Omit,
    /// Modules service: explicit zeros.
    Explicit,
}

/// One page of a list, cut the way the server does it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageCut {
    pub page: u32,
    pub per_page: u32,
}

impl PageCut {
    /// `per_page` is capped by the server's maximum, so a page may hold fewer items than asked.
    /// `per_page=0` means "not sent" (proto3 cannot tell them apart).
    pub fn new(
        page: Option<u32>,
        per_page: Option<u32>,
        default_per_page: u32,
        max_per_page: u32,
    ) -> Self {
        let per_page = per_page
            .filter(|&n| n > 0)
            .unwrap_or(default_per_page)
            .min(max_per_page.max(1));
        Self {
            page: page.unwrap_or(0),
            per_page,
        }
    }

    pub fn wrap(&self, key: &str, all: Vec<Value>, zeros: Zeros) -> Value {
        let total = all.len();
        let start = (self.page as usize)
            .saturating_mul(self.per_page as usize)
            .min(total);
        let end = start.saturating_add(self.per_page as usize).min(total);
        let items: Vec<Value> = all.into_iter().skip(start).take(end - start).collect();
        let mut obj = Map::new();
        obj.insert(key.to_string(), Value::Array(items));
        for (name, value) in [
            ("total", total as u64),
            ("page", u64::from(self.page)),
            ("per_page", u64::from(self.per_page)),
        ] {
            if value != 0 || zeros == Zeros::Explicit {
                obj.insert(name.to_string(), json!(value));
            }
        }
        Value::Object(obj)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn timestamps_use_service_precision() {
        let t = Utc.timestamp_opt(1_780_051_790, 119_255_008).unwrap();
        assert_eq!(actions_time(&t), "2026-05-29T10:49:50.119255008Z");
        assert_eq!(modules_time(&t), "2026-05-29T10:49:50.119255Z");
    }

    #[test]
    fn wrapper_omits_zeros_only_for_the_actions_service() {
        let cut = PageCut::new(None, None, 50, 100);
        assert_eq!(
            cut.wrap("actions", vec![], Zeros::Omit),
            json!({"actions": [], "per_page": 50})
        );
        assert_eq!(
            cut.wrap("modules", vec![], Zeros::Explicit),
            json!({"modules": [], "total": 0, "page": 0, "per_page": 50})
        );
        assert_eq!(PageCut::new(None, Some(0), 50, 100).per_page, 50);
    }

    #[test]
    fn page_size_is_capped_and_pages_are_offset_by_the_capped_size() {
        let cut = PageCut::new(Some(1), Some(50), 50, 2);
        let all: Vec<Value> = (0..5).map(|i| json!(i)).collect();
        assert_eq!(
            cut.wrap("x", all, Zeros::Omit),
            json!({"x": [2, 3], "total": 5, "page": 1, "per_page": 2})
        );
    }
}
