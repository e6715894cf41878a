//! The write rules of the tenant: edit, deploy, roll back, rebind, publish. Handlers only parse and
//! render; every rule lives here, next to the records it changes.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::seed::stable_uuid;
use super::store::{
    ActionRec, BindingRec, Build, BuildErr, Dep, DeployRec, DraftRec, ModulePin, ModuleRec,
    ModuleVersionRec, SecretRec, Store, TriggerRec, VersionRec,
};
use crate::authoring::{
    MAX_ACTION_CODE_BYTES, MAX_DEPENDENCIES, MAX_DEPENDENCY_VERSION_CHARS, MAX_MODULE_CODE_CHARS,
    MAX_NAME_CHARS, MAX_SECRETS, MAX_SECRET_VALUE_CHARS,
};
use crate::flows::MAX_BINDINGS;

/// Why a write was refused; mapped to the Management API error body by the HTTP layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    NotFound(&'static str),
    BadRequest(String),
    /// A body that breaks the schema: 400 with `errorCode: invalid_body`.
    InvalidBody(String),
    Conflict(String),
    PreconditionFailed(String),
}

pub const NO_ACTION: &str = "That action does not exist.";
pub const NO_VERSION: &str = "That version does not exist.";
pub const NO_MODULE: &str = "That module does not exist.";
pub const NO_MODULE_VERSION: &str = "That module version does not exist.";
pub const NO_TRIGGER: &str = "That trigger does not exist.";
/// REC go-auth0 TestActionManager_Execution.
pub const NO_EXECUTION: &str = "That execution does not exist.";
/// Auth0's answer to a deploy before the build finished (alexkappa/terraform-provider-auth0#470).
pub const MUST_BE_BUILT: &str = "A draft must be in the 'built' state before it can be deployed.";
/// OAS descriptions of the module 409s and 412.
pub const NOTHING_TO_PUBLISH: &str = "No draft version is available to publish.";
pub const ALREADY_THE_DRAFT: &str = "The specified version is already the current draft version.";
pub const TOO_MANY_MODULE_VERSIONS: &str = "Maximum number of module versions reached. Consolidate versions used in actions before creating new ones.";

/// Auth0's wording for these two bindings refusals is not recorded; the limit is Auth0's (at most 20
/// actions run per trigger), the words are ours.
pub fn too_many_bindings(count: usize) -> String {
    format!("A trigger can run at most {MAX_BINDINGS} actions; the request binds {count}.")
}

pub fn bound_twice(action_name: &str) -> String {
    format!(
        "Action '{action_name}' is bound more than once; an action can be bound to a trigger only once."
    )
}

/// A binding's reference to its action, as `PATCH …/bindings` sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BindingRef {
    ActionId(String),
    ActionName(String),
    BindingId(String),
}

impl std::fmt::Display for BindingRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (kind, value) = match self {
            Self::ActionId(v) => ("action_id", v),
            Self::ActionName(v) => ("action_name", v),
            Self::BindingId(v) => ("binding_id", v),
        };
        write!(f, "{kind} '{value}'")
    }
}

/// One entry of a `PATCH …/bindings` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingRequest {
    pub reference: BindingRef,
    pub display_name: Option<String>,
}

/// A secret as a write lists it. The value itself never gets past the HTTP layer: only its length
/// (for the 4 096 limit) and whether one was sent, so nothing the emulator keeps can hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretWrite {
    pub name: String,
    /// Characters of the value sent; `None`: listed by name only (keep the stored secret).
    pub value_chars: Option<usize>,
}

impl SecretWrite {
    pub fn new(name: &str, value: Option<&str>) -> Self {
        Self {
            name: name.to_string(),
            value_chars: value.map(|v| v.chars().count()),
        }
    }
}

/// `PATCH /actions/actions/{id}`: omitted fields are kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionEdit {
    pub code: Option<String>,
    pub dependencies: Option<Vec<Dep>>,
    pub runtime: Option<String>,
    pub secrets: Option<Vec<SecretWrite>>,
}

/// `PATCH /actions/modules/{id}`: omitted fields are kept; the name cannot change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModuleEdit {
    pub code: Option<String>,
    pub dependencies: Option<Vec<Dep>>,
    pub secrets: Option<Vec<SecretWrite>>,
}

/// `POST /actions/actions` (CreateActionRequestContent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionCreate {
    pub name: String,
    /// `supported_triggers` as sent: id and version (`None`: the trigger's CURRENT version).
    pub triggers: Vec<(String, Option<String>)>,
    /// `None`: the trigger's default runtime.
    pub runtime: Option<String>,
    pub code: String,
    pub dependencies: Vec<Dep>,
    pub secrets: Vec<SecretWrite>,
    pub modules: Vec<ModulePin>,
    pub deploy: bool,
}

/// `POST /actions/modules` (CreateActionModuleRequestContent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModuleCreate {
    pub name: String,
    pub code: String,
    pub dependencies: Vec<Dep>,
    pub secrets: Vec<SecretWrite>,
    pub api_version: Option<String>,
    pub publish: bool,
}

// Schema refusals in the wording of Auth0's validator ("Payload validation error: 'String is too
// long (N chars), maximum M' on property code."); only the module code one is documented by the
// seed limits, the phrasing of the others follows it (wording ours).
fn too_long(property: &str, chars: usize, max: usize) -> WriteError {
    WriteError::InvalidBody(format!(
        "'String is too long ({chars} chars), maximum {max}' on property {property}."
    ))
}

fn too_many(property: &str, count: usize, max: usize) -> WriteError {
    WriteError::InvalidBody(format!(
        "'Array is too long ({count}), maximum {max}' on property {property}."
    ))
}

fn too_short(property: &str) -> WriteError {
    WriteError::InvalidBody(format!(
        "'String is too short (0 chars), minimum 1' on property {property}."
    ))
}

fn check_name(name: &str) -> Result<(), WriteError> {
    let chars = name.chars().count();
    if name.trim().is_empty() {
        return Err(too_short("name"));
    }
    if chars > MAX_NAME_CHARS {
        return Err(too_long("name", chars, MAX_NAME_CHARS));
    }
    Ok(())
}

/// REC wording (alexkappa/terraform-provider-auth0#485).
fn check_runtime(trigger: &TriggerRec, runtime: &str) -> Result<(), WriteError> {
    if trigger.runtimes.contains(&runtime) {
        Ok(())
    } else {
        Err(WriteError::BadRequest(
            "runtime is not supported".to_string(),
        ))
    }
}

/// Actions: 100 KB of code, in bytes (Auth0's documented limit; wording ours).
fn check_action_code(code: &str) -> Result<(), WriteError> {
    if code.len() > MAX_ACTION_CODE_BYTES {
        return Err(WriteError::InvalidBody(format!(
            "'Code is too large ({} bytes), maximum {MAX_ACTION_CODE_BYTES} bytes (100 KB)' on property code.",
            code.len()
        )));
    }
    Ok(())
}

/// Modules: the schema's `maxLength`, in characters.
fn check_module_code(code: &str) -> Result<(), WriteError> {
    let chars = code.chars().count();
    if chars > MAX_MODULE_CODE_CHARS {
        return Err(too_long("code", chars, MAX_MODULE_CODE_CHARS));
    }
    Ok(())
}

fn check_dependencies(dependencies: &[Dep]) -> Result<(), WriteError> {
    if dependencies.len() > MAX_DEPENDENCIES {
        return Err(too_many(
            "dependencies",
            dependencies.len(),
            MAX_DEPENDENCIES,
        ));
    }
    for (i, d) in dependencies.iter().enumerate() {
        let (name, version) = (d.name.chars().count(), d.version.chars().count());
        if name > MAX_NAME_CHARS {
            return Err(too_long(
                &format!("dependencies[{i}].name"),
                name,
                MAX_NAME_CHARS,
            ));
        }
        if version > MAX_DEPENDENCY_VERSION_CHARS {
            return Err(too_long(
                &format!("dependencies[{i}].version"),
                version,
                MAX_DEPENDENCY_VERSION_CHARS,
            ));
        }
    }
    Ok(())
}

/// Wording ours: Auth0's answer to a value-less secret is not recorded (reference §10.3).
pub fn secret_needs_value(name: &str) -> String {
    format!(
        "Secret '{name}' has no value. Only a secret that already exists can be listed by name \
         alone (to keep its value); a new secret needs a value."
    )
}

/// Wording ours.
pub fn secret_twice(name: &str) -> String {
    format!("Secret '{name}' is listed more than once.")
}

/// The secret list after a write that lists `listed`: it REPLACES the list (REC: `[]` clears it).
/// An entry with a value is (re)set now; one without keeps the stored secret of that name as it
/// is (its `updated_at` too), and is refused if there is none.
fn replace_secrets(
    stored: &[SecretRec],
    listed: &[SecretWrite],
    now: DateTime<Utc>,
) -> Result<Vec<SecretRec>, WriteError> {
    if listed.len() > MAX_SECRETS {
        return Err(too_many("secrets", listed.len(), MAX_SECRETS));
    }
    let mut secrets: Vec<SecretRec> = Vec::with_capacity(listed.len());
    for (i, entry) in listed.iter().enumerate() {
        let name_chars = entry.name.chars().count();
        if entry.name.is_empty() {
            return Err(too_short(&format!("secrets[{i}].name")));
        }
        if name_chars > MAX_NAME_CHARS {
            return Err(too_long(
                &format!("secrets[{i}].name"),
                name_chars,
                MAX_NAME_CHARS,
            ));
        }
        if secrets.iter().any(|s| s.name == entry.name) {
            return Err(WriteError::BadRequest(secret_twice(&entry.name)));
        }
        let kept = match entry.value_chars {
            Some(chars) if chars > MAX_SECRET_VALUE_CHARS => {
                return Err(too_long(
                    &format!("secrets[{i}].value"),
                    chars,
                    MAX_SECRET_VALUE_CHARS,
                ))
            }
            Some(_) => SecretRec {
                name: entry.name.clone(),
                updated_at: now,
            },
            None => stored
                .iter()
                .find(|s| s.name == entry.name)
                .cloned()
                .ok_or_else(|| WriteError::BadRequest(secret_needs_value(&entry.name)))?,
        };
        secrets.push(kept);
    }
    Ok(secrets)
}

/// Wording ours (Auth0 only says names are unique per tenant).
pub fn action_name_taken(name: &str) -> String {
    format!("An action named '{name}' already exists; action names are unique per tenant.")
}

/// Wording ours (the OAS documents a 409 for a module name clash, not its text).
pub fn module_name_taken(name: &str) -> String {
    format!("A module named '{name}' already exists; module names are unique per tenant.")
}

/// Wording ours; the docs: "An action must be unbound from all triggers before it can be deleted."
pub fn still_bound(name: &str, triggers: &[String]) -> String {
    format!(
        "Action '{name}' is bound to the trigger(s) {}. An action must be unbound from all \
         triggers before it can be deleted (or deleted with force=true, which detaches it).",
        triggers.join(", ")
    )
}

/// Wording ours (the OAS documents a 412 for a module in use, not its text).
pub fn module_in_use(name: &str, actions: &[String]) -> String {
    let quoted: Vec<String> = actions.iter().map(|a| format!("'{a}'")).collect();
    format!(
        "Module '{name}' is used by {} action(s): {}. Remove it from those actions before deleting it.",
        actions.len(),
        quoted.join(", ")
    )
}

/// 8-4-4-4-12 hex digits.
fn is_uuid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A new random id in UUID layout (writes are not part of the deterministic seed).
fn fresh_id() -> String {
    stable_uuid(&super::generate_token())
}

/// `1.2.3`, `1.2.3-beta.1`, `1.2.3+build`.
fn is_exact_version(version: &str) -> bool {
    let core = version.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// What a build of these dependencies fails with. The emulator has no npm registry, so its rule is
/// the one it can check offline: a version must be exact (`4.17.21`) or `latest`; anything else
/// is not found, like Auth0's build of `crypto@17.7.1` ending `failed` (REC terraform TestAccAction).
pub fn build_errors(dependencies: &[Dep]) -> Vec<BuildErr> {
    dependencies
        .iter()
        .filter(|d| d.version != "latest" && !is_exact_version(&d.version))
        .map(|d| BuildErr {
            id: "dependency_install_failed".to_string(),
            msg: format!(
                "npm ERR! code ETARGET\nnpm ERR! notarget No matching version found for {}@{}.",
                d.name, d.version
            ),
            url: None,
        })
        .collect()
}

impl Store {
    fn action_mut(&mut self, id: &str) -> Result<&mut ActionRec, WriteError> {
        self.actions
            .iter_mut()
            .find(|a| a.id == id)
            .ok_or(WriteError::NotFound(NO_ACTION))
    }

    fn module_mut(&mut self, id: &str) -> Result<&mut ModuleRec, WriteError> {
        self.modules
            .iter_mut()
            .find(|m| m.id == id)
            .ok_or(WriteError::NotFound(NO_MODULE))
    }

    /// Appends a version with this content (code, dependencies, runtime, modules) and starts its
    /// deploy, which goes live after `deploy_duration`. Past `max_action_versions` the oldest
    /// versions are deleted (never the ones being deployed or still serving). Returns the number.
    fn push_deployed_version(
        &mut self,
        action_id: &str,
        content: DraftRec,
        now: DateTime<Utc>,
    ) -> Result<u32, WriteError> {
        let settings = self.settings.clone();
        let action = self.action_mut(action_id)?;
        let number = action.versions.last().map_or(1, |v| v.number + 1);
        let replaces = action.live_number(now);
        // Deployed while the draft still builds (create with `deploy: true`): the version follows
        // that build and goes live once it is built.
        let building = content.build.status(now) != "built";
        let starts = if building {
            content.build.finished_at().max(now)
        } else {
            now
        };
        action.versions.push(VersionRec {
            id: fresh_id(),
            number,
            code: content.code,
            dependencies: content.dependencies,
            runtime: content.runtime,
            status: "built".to_string(),
            errors: vec![],
            modules: content.modules,
            secrets: action.secrets.clone(),
            created_at: now,
            built_at: content.build.finished_at().min(now),
            updated_at: now,
            build: building.then_some(content.build),
        });
        action.deploy = Some(DeployRec {
            number,
            live_at: starts
                + chrono::Duration::from_std(settings.deploy_duration)
                    .unwrap_or(chrono::TimeDelta::MAX),
            replaces,
        });
        action.updated_at = now;
        let keep = |v: &VersionRec| v.number == number || Some(v.number) == replaces;
        while action.versions.len() > settings.max_action_versions.max(1) {
            let Some(oldest) = action.versions.iter().position(|v| !keep(v)) else {
                break;
            };
            action.versions.remove(oldest);
        }
        Ok(number)
    }

    /// `PATCH /actions/actions/{id}`: changes the draft and starts its build; the deployed version
    /// is untouched. Nothing changes unless every field is valid.
    pub fn edit_action(
        &mut self,
        action_id: &str,
        edit: ActionEdit,
        now: DateTime<Utc>,
    ) -> Result<(), WriteError> {
        let build_duration = self.settings.build_duration;
        let action = self
            .action(action_id)
            .ok_or(WriteError::NotFound(NO_ACTION))?;
        if let (Some(runtime), Some(trigger)) = (
            &edit.runtime,
            self.trigger(&action.trigger_id, &action.trigger_version),
        ) {
            check_runtime(trigger, runtime)?;
        }
        if let Some(code) = &edit.code {
            check_action_code(code)?;
        }
        if let Some(dependencies) = &edit.dependencies {
            check_dependencies(dependencies)?;
        }
        let secrets = edit
            .secrets
            .as_deref()
            .map(|listed| replace_secrets(&action.secrets, listed, now))
            .transpose()?;
        let action = self.action_mut(action_id)?;
        let draft = &mut action.draft;
        if let Some(code) = edit.code {
            draft.code = code;
        }
        if let Some(dependencies) = edit.dependencies {
            draft.dependencies = dependencies;
        }
        if let Some(runtime) = edit.runtime {
            draft.runtime = runtime;
        }
        if let Some(secrets) = secrets {
            action.secrets = secrets;
        }
        action.draft.build = Build {
            started_at: now,
            duration: build_duration,
            errors: build_errors(&action.draft.dependencies),
        };
        action.updated_at = now;
        Ok(())
    }

    /// The trigger `id` at `version`.
    fn trigger(&self, id: &str, version: &str) -> Option<&TriggerRec> {
        self.triggers
            .iter()
            .find(|t| t.id == id && t.version == version)
    }

    /// `POST /actions/actions`: a new action whose draft starts building now. With `deploy` its
    /// first version is deployed at once and goes live when the build is done. Returns the id.
    pub fn create_action(
        &mut self,
        new: ActionCreate,
        now: DateTime<Utc>,
    ) -> Result<String, WriteError> {
        check_name(&new.name)?;
        let (trigger_id, version) = match new.triggers.as_slice() {
            [] => {
                return Err(WriteError::InvalidBody(
                    "'Array is too short (0), minimum 1' on property supported_triggers."
                        .to_string(),
                ))
            }
            [one] => one.clone(),
            // Wording ours; the OAS: "an action can only target a single trigger at a time".
            more => {
                return Err(WriteError::BadRequest(format!(
                    "An action can only target a single trigger at a time; the request lists {}.",
                    more.len()
                )))
            }
        };
        let trigger = self.resolve_trigger(&trigger_id, version.as_deref())?;
        let runtime = match new.runtime {
            Some(runtime) => {
                check_runtime(trigger, &runtime)?;
                runtime
            }
            None => trigger.default_runtime.to_string(),
        };
        let trigger_version = trigger.version.to_string();
        check_action_code(&new.code)?;
        check_dependencies(&new.dependencies)?;
        let secrets = replace_secrets(&[], &new.secrets, now)?;
        for (i, pin) in new.modules.iter().enumerate() {
            self.check_module_pin(i, pin)?;
        }
        if self.action_named(&new.name).is_some() {
            return Err(WriteError::Conflict(action_name_taken(&new.name)));
        }
        let build = Build {
            started_at: now,
            duration: self.settings.build_duration,
            errors: build_errors(&new.dependencies),
        };
        let id = fresh_id();
        self.actions.push(ActionRec {
            id: id.clone(),
            name: new.name,
            trigger_id,
            trigger_version,
            secrets,
            draft: DraftRec {
                code: new.code,
                dependencies: new.dependencies,
                runtime,
                modules: new.modules,
                build,
            },
            versions: vec![],
            deploy: None,
            created_at: now,
            updated_at: now,
        });
        if new.deploy {
            let draft = self.action_mut(&id)?.draft.clone();
            self.push_deployed_version(&id, draft, now)?;
        }
        Ok(id)
    }

    /// Wording ours for both refusals (the reference only says an unknown trigger is a 400).
    fn resolve_trigger(&self, id: &str, version: Option<&str>) -> Result<&TriggerRec, WriteError> {
        let mut versions = self.triggers.iter().filter(|t| t.id == id).peekable();
        if versions.peek().is_none() {
            return Err(WriteError::BadRequest(format!(
                "The trigger '{id}' does not exist."
            )));
        }
        let found = match version {
            Some(version) => self.trigger(id, version),
            None => versions.find(|t| t.status == "CURRENT"),
        };
        found.ok_or_else(|| {
            WriteError::BadRequest(format!(
                "The trigger '{id}' has no version '{}'.",
                version.unwrap_or("CURRENT")
            ))
        })
    }

    /// A module reference of a new action: UUIDs (REC wording, auth0-deploy-cli#1338), then a
    /// published version of an existing module (wording ours).
    fn check_module_pin(&self, i: usize, pin: &ModulePin) -> Result<(), WriteError> {
        for (field, value) in [
            ("ModuleId", &pin.module_id),
            ("ModuleVersionId", &pin.module_version_id),
        ] {
            if !is_uuid(value) {
                return Err(WriteError::BadRequest(format!(
                    "invalid CreateActionRequest.Draft: embedded message failed validation | \
                     caused by: invalid DraftInformation.Modules[{i}]: embedded message failed \
                     validation | caused by: invalid ModuleRef.{field}: value must be a valid UUID"
                )));
            }
        }
        let module = self.module(&pin.module_id).ok_or_else(|| {
            WriteError::BadRequest(format!("Module '{}' does not exist.", pin.module_id))
        })?;
        if module.version(&pin.module_version_id).is_none() {
            return Err(WriteError::BadRequest(format!(
                "Module '{}' has no version '{}'.",
                module.name, pin.module_version_id
            )));
        }
        Ok(())
    }

    /// `DELETE /actions/actions/{id}[?force=true]`: the action and all its versions go. Bound to a
    /// trigger it is refused (409, the bindings being the conflict) unless `force`, which detaches
    /// it from every trigger; the other bindings keep their order.
    pub fn delete_action(&mut self, action_id: &str, force: bool) -> Result<(), WriteError> {
        let action = self
            .action(action_id)
            .ok_or(WriteError::NotFound(NO_ACTION))?;
        let bound: Vec<String> = self
            .bindings
            .iter()
            .filter(|(_, list)| list.iter().any(|b| b.action_id == action_id))
            .map(|(trigger, _)| trigger.clone())
            .collect();
        if !bound.is_empty() && !force {
            return Err(WriteError::Conflict(still_bound(&action.name, &bound)));
        }
        for list in self.bindings.values_mut() {
            list.retain(|b| b.action_id != action_id);
        }
        self.actions.retain(|a| a.id != action_id);
        Ok(())
    }

    /// `POST /actions/actions/{id}/deploy`: the built draft becomes a new version that goes live in
    /// the background. Returns the new version number.
    pub fn deploy_draft(&mut self, action_id: &str, now: DateTime<Utc>) -> Result<u32, WriteError> {
        let action = self
            .action(action_id)
            .ok_or(WriteError::NotFound(NO_ACTION))?;
        let build = &action.draft.build;
        match build.status(now) {
            "built" => {}
            // Auth0's text for a failed draft is not recorded: the same refusal (clients match
            // on "must be in the 'built' state"), followed by why the build failed.
            "failed" => {
                let why: Vec<&str> = build.errors.iter().map(|e| e.msg.as_str()).collect();
                return Err(WriteError::BadRequest(format!(
                    "{MUST_BE_BUILT} The draft failed to build: {}",
                    why.join("; ")
                )));
            }
            _ => return Err(WriteError::BadRequest(MUST_BE_BUILT.to_string())),
        }
        let draft = action.draft.clone();
        self.push_deployed_version(action_id, draft, now)
    }

    /// `POST /actions/actions/{id}/versions/{vid}/deploy` ("roll back"): a NEW version with the old
    /// version's content is deployed; the old version is not touched. With `update_draft` the
    /// draft gets that content too (already built: it is a version's).
    pub fn deploy_version(
        &mut self,
        action_id: &str,
        version_id: &str,
        update_draft: bool,
        now: DateTime<Utc>,
    ) -> Result<u32, WriteError> {
        let action = self
            .action(action_id)
            .ok_or(WriteError::NotFound(NO_ACTION))?;
        let old = action
            .version(version_id)
            .ok_or(WriteError::NotFound(NO_VERSION))?;
        if old.status_at(now) != "built" {
            return Err(WriteError::BadRequest(format!(
                "Version {} did not build and cannot be deployed.",
                old.number
            )));
        }
        let content = DraftRec {
            code: old.code.clone(),
            dependencies: old.dependencies.clone(),
            runtime: old.runtime.clone(),
            modules: old.modules.clone(),
            build: Build::done(now),
        };
        if update_draft {
            self.action_mut(action_id)?.draft = content.clone();
        }
        self.push_deployed_version(action_id, content, now)
    }

    fn resolve_binding(
        &self,
        trigger_id: &str,
        request: &BindingRequest,
        now: DateTime<Utc>,
    ) -> Result<(String, String), WriteError> {
        let unknown = || {
            WriteError::BadRequest(format!(
                "Could not find an action for binding reference {}.",
                request.reference
            ))
        };
        let (action, kept_name) = match &request.reference {
            BindingRef::ActionId(id) => (self.action(id).ok_or_else(unknown)?, None),
            BindingRef::ActionName(name) => (
                self.actions
                    .iter()
                    .find(|a| &a.name == name)
                    .ok_or_else(unknown)?,
                None,
            ),
            BindingRef::BindingId(id) => {
                let existing = self
                    .bindings
                    .get(trigger_id)
                    .and_then(|list| list.iter().find(|b| &b.id == id))
                    .ok_or_else(unknown)?;
                (
                    self.action(&existing.action_id).ok_or_else(unknown)?,
                    Some(existing.display_name.clone()),
                )
            }
        };
        if action.trigger_id != trigger_id {
            return Err(WriteError::BadRequest(format!(
                "Action '{}' does not support the trigger '{trigger_id}'.",
                action.name
            )));
        }
        // A first deploy still going live does not count yet (binding right after a deploy fails
        // transiently at Auth0 too: auth0-deploy-cli#385).
        if action.live(now).is_none() {
            return Err(WriteError::BadRequest(format!(
                "Action '{}' must be deployed before it can be bound.",
                action.name
            )));
        }
        let display_name = request
            .display_name
            .clone()
            .or(kept_name)
            .unwrap_or_else(|| action.name.clone());
        Ok((action.id.clone(), display_name))
    }

    /// `PATCH /actions/triggers/{id}/bindings`: full replacement in the given (execution) order;
    /// every binding gets a new id. At most [`MAX_BINDINGS`] entries, each action once. Nothing
    /// changes unless every entry is valid.
    pub fn replace_bindings(
        &mut self,
        trigger_id: &str,
        requests: &[BindingRequest],
        now: DateTime<Utc>,
    ) -> Result<(), WriteError> {
        if !self.trigger_known(trigger_id) {
            return Err(WriteError::NotFound(NO_TRIGGER));
        }
        if self.trigger_entity_bound(trigger_id) {
            return Err(WriteError::BadRequest(
                "cannot update action bindings for an entity-bound trigger".to_string(),
            ));
        }
        if requests.len() > MAX_BINDINGS {
            return Err(WriteError::BadRequest(too_many_bindings(requests.len())));
        }
        let mut bindings: Vec<BindingRec> = Vec::with_capacity(requests.len());
        for request in requests {
            let (action_id, display_name) = self.resolve_binding(trigger_id, request, now)?;
            // The same action by id, by name or by binding id is still the same action.
            if bindings.iter().any(|b| b.action_id == action_id) {
                let name = self.action(&action_id).map_or("", |a| a.name.as_str());
                return Err(WriteError::BadRequest(bound_twice(name)));
            }
            bindings.push(BindingRec {
                id: fresh_id(),
                action_id,
                display_name,
                created_at: now,
                updated_at: now,
            });
        }
        self.bindings.insert(trigger_id.to_string(), bindings);
        Ok(())
    }

    /// `PATCH /actions/modules/{id}`: changes the draft only; nothing is published. Nothing changes
    /// unless every field is valid.
    pub fn edit_module(
        &mut self,
        module_id: &str,
        edit: ModuleEdit,
        now: DateTime<Utc>,
    ) -> Result<(), WriteError> {
        let module = self.module_mut(module_id)?;
        if let Some(code) = &edit.code {
            check_module_code(code)?;
        }
        if let Some(dependencies) = &edit.dependencies {
            check_dependencies(dependencies)?;
        }
        let secrets = edit
            .secrets
            .as_deref()
            .map(|listed| replace_secrets(&module.secrets, listed, now))
            .transpose()?;
        if let Some(code) = edit.code {
            module.code = code;
        }
        if let Some(dependencies) = edit.dependencies {
            module.dependencies = dependencies;
        }
        if let Some(secrets) = secrets {
            module.secrets = secrets;
        }
        module.updated_at = now;
        Ok(())
    }

    /// `POST /actions/modules`: a new module (draft only, or with `publish` also version 1).
    /// Returns the id.
    pub fn create_module(
        &mut self,
        new: ModuleCreate,
        now: DateTime<Utc>,
    ) -> Result<String, WriteError> {
        check_name(&new.name)?;
        check_module_code(&new.code)?;
        check_dependencies(&new.dependencies)?;
        if let Some(api_version) = &new.api_version {
            let chars = api_version.chars().count();
            if chars > 20 {
                return Err(too_long("api_version", chars, 20));
            }
        }
        let secrets = replace_secrets(&[], &new.secrets, now)?;
        if self.module_named(&new.name).is_some() {
            return Err(WriteError::Conflict(module_name_taken(&new.name)));
        }
        let id = fresh_id();
        self.modules.push(ModuleRec {
            id: id.clone(),
            name: new.name,
            code: new.code,
            dependencies: new.dependencies,
            secrets,
            versions: vec![],
            created_at: now,
            updated_at: now,
        });
        if new.publish {
            self.publish_module(&id, now)?;
        }
        Ok(id)
    }

    /// The names of the actions whose draft or deployed version pins the module.
    pub fn actions_pinning(&self, module_id: &str) -> Vec<String> {
        self.actions
            .iter()
            .filter(|a| {
                let pins = |list: &[ModulePin]| list.iter().any(|p| p.module_id == module_id);
                pins(&a.draft.modules) || a.deployed().is_some_and(|v| pins(&v.modules))
            })
            .map(|a| a.name.clone())
            .collect()
    }

    /// `DELETE /actions/modules/{id}`: refused with 412 while an action uses it.
    pub fn delete_module(&mut self, module_id: &str) -> Result<(), WriteError> {
        let module = self
            .module(module_id)
            .ok_or(WriteError::NotFound(NO_MODULE))?;
        let users = self.actions_pinning(module_id);
        if !users.is_empty() {
            return Err(WriteError::PreconditionFailed(module_in_use(
                &module.name,
                &users,
            )));
        }
        self.modules.retain(|m| m.id != module_id);
        Ok(())
    }

    /// `POST /actions/modules/{id}/versions` ("publish"): the draft becomes the next version.
    /// Returns the new version's id.
    pub fn publish_module(
        &mut self,
        module_id: &str,
        now: DateTime<Utc>,
    ) -> Result<String, WriteError> {
        let max_versions = self.settings.max_module_versions;
        let module = self.module_mut(module_id)?;
        if module.all_changes_published() {
            return Err(WriteError::Conflict(NOTHING_TO_PUBLISH.to_string()));
        }
        if module.versions.len() >= max_versions {
            return Err(WriteError::PreconditionFailed(
                TOO_MANY_MODULE_VERSIONS.to_string(),
            ));
        }
        let version = ModuleVersionRec {
            id: fresh_id(),
            number: module.versions.last().map_or(1, |v| v.number + 1),
            code: module.code.clone(),
            dependencies: module.dependencies.clone(),
            secrets: module.secrets.clone(),
            created_at: now,
        };
        let id = version.id.clone();
        module.versions.push(version);
        module.updated_at = now;
        Ok(id)
    }

    /// `POST /actions/modules/{id}/rollback`: the draft takes a published version's content.
    /// No version is created and nothing is published.
    pub fn rollback_module(
        &mut self,
        module_id: &str,
        version_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), WriteError> {
        let module = self.module_mut(module_id)?;
        let version = module
            .version(version_id)
            .cloned()
            .ok_or(WriteError::NotFound(NO_MODULE_VERSION))?;
        if module.code == version.code && module.dependencies == version.dependencies {
            return Err(WriteError::Conflict(ALREADY_THE_DRAFT.to_string()));
        }
        module.code = version.code;
        module.dependencies = version.dependencies;
        module.updated_at = now;
        Ok(())
    }
}

/// Stats shaped like REC TestActionManager_Test (nothing runs, so they are made up).
fn test_stats(code: &str) -> Value {
    let action_ms = 3 + code.len() / 2_000;
    json!({
        "total_request_duration_ms": action_ms + 53,
        "total_runtime_execution_duration_ms": action_ms + 51,
        "runtime_processing_duration_ms": 7,
        "action_duration_ms": action_ms,
        "runtime_external_call_duration_ms": 0,
        "boot_duration_ms": 44,
        "network_duration_ms": 2,
    })
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// Byte offset of the first `throw` keyword (a whole word) in `code`.
fn find_throw(code: &str) -> Option<usize> {
    code.match_indices("throw").map(|(at, _)| at).find(|&at| {
        let before = code[..at].chars().next_back();
        let after = code[at + 5..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

/// What the first `throw` throws: `throw new TypeError("…")` → (`TypeError`, `…`); anything else
/// → (`Error`, the thrown expression).
fn thrown(statement: &str) -> (String, String) {
    let rest = statement.trim_start();
    if let Some(after_new) = rest.strip_prefix("new ") {
        let class: String = after_new
            .trim_start()
            .chars()
            .take_while(|&c| is_ident(c))
            .collect();
        let args = after_new.trim_start()[class.len()..].trim_start();
        let name = if class.ends_with("Error") {
            class
        } else {
            "Error".to_string()
        };
        if let Some(args) = args.strip_prefix('(') {
            if let Some(quote) = args
                .chars()
                .next()
                .filter(|c| matches!(c, '"' | '\'' | '`'))
            {
                if let Some(end) = args[1..].find(quote) {
                    return (name, args[1..=end].to_string());
                }
            }
        }
        return (name, String::new());
    }
    let expression: String = rest
        .chars()
        .take_while(|&c| c != ';' && c != '\n')
        .collect();
    let expression = expression.trim();
    let unquoted = expression
        .strip_prefix(['"', '\'', '`'])
        .and_then(|e| e.strip_suffix(['"', '\'', '`']))
        .unwrap_or(expression);
    ("Error".to_string(), unquoted.to_string())
}

impl Store {
    /// `POST /actions/actions/{id}/test`: nothing runs. A draft whose code contains `throw` answers
    /// what Auth0 answers for a thrown error (REC TestActionManager_Test: 200 with `payload.error`
    /// and `stats`), with the error taken from the code; any other draft a success without
    /// commands or logs. Returns the `payload`.
    pub fn test_action(&self, action_id: &str) -> Result<Value, WriteError> {
        let action = self
            .action(action_id)
            .ok_or(WriteError::NotFound(NO_ACTION))?;
        let code = &action.draft.code;
        let stats = test_stats(code);
        let Some(at) = find_throw(code) else {
            return Ok(json!({ "commands": [], "logs": "", "stats": stats }));
        };
        let (name, message) = thrown(&code[at + 5..]);
        let line = code[..at].matches('\n').count() + 1;
        let column = at - code[..at].rfind('\n').map_or(0, |n| n + 1) + 1;
        let file = action.id.replace('-', "");
        let headline = if message.is_empty() {
            name.clone()
        } else {
            format!("{name}: {message}")
        };
        let stack = format!(
            "{headline}\n    at /data/io/{file}.js:{line}:{column}\n    at processTicksAndRejections (node:internal/process/task_queues:96:5)"
        );
        Ok(json!({
            "error": { "message": message, "name": name, "stack": stack },
            "stats": stats,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::seed;
    use std::time::Duration;

    /// A demo tenant started at `t0`, with its settings (1 s builds, 0.5 s deploys).
    fn demo() -> (Store, DateTime<Utc>) {
        let t0 = Utc::now();
        (seed::demo(t0), t0)
    }

    fn after(t: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
        t + chrono::Duration::from_std(d).unwrap()
    }

    fn action_named<'a>(store: &'a Store, name: &str) -> &'a ActionRec {
        store.action_named(name).unwrap()
    }

    #[test]
    fn deploy_makes_the_draft_live_as_a_new_version() {
        let (mut store, t0) = demo();
        let id = action_named(&store, "Require MFA for admins").id.clone();
        assert!(!action_named(&store, "Require MFA for admins").all_changes_deployed(t0));
        let before = store.action(&id).unwrap().versions.len() as u32;
        let number = store.deploy_draft(&id, t0).unwrap();
        assert_eq!(number, before + 1);
        let action = store.action(&id).unwrap();
        assert_eq!(action.deployed().unwrap().number, number);
        assert_eq!(action.live_number(t0), Some(before), "still going live");
        assert!(!action.all_changes_deployed(t0));
        let live_at = after(t0, store.settings.deploy_duration);
        assert_eq!(action.live_number(live_at), Some(number));
        assert!(action.all_changes_deployed(live_at));
    }

    #[test]
    fn only_built_drafts_deploy() {
        let (mut store, t0) = demo();
        for name in ["Progressive profiling", "Validate signup metadata"] {
            let id = action_named(&store, name).id.clone();
            let count = store.action(&id).unwrap().versions.len();
            let Err(WriteError::BadRequest(message)) = store.deploy_draft(&id, t0) else {
                panic!("{name}: refused");
            };
            assert!(message.starts_with(MUST_BE_BUILT), "{message}");
            assert_eq!(
                store.action(&id).unwrap().versions.len(),
                count,
                "{name}: nothing changed"
            );
        }
    }

    #[test]
    fn rollback_deploys_old_content_as_a_new_version() {
        let (mut store, t0) = demo();
        let action = action_named(&store, "Limit M2M scopes");
        let (id, first) = (action.id.clone(), action.versions[0].clone());
        let draft_before = action.draft.code.clone();
        let number = store.deploy_version(&id, &first.id, false, t0).unwrap();
        let later = after(t0, Duration::from_secs(1));
        let action = store.action(&id).unwrap();
        let live = action.live(later).unwrap();
        assert_eq!(
            (live.number, live.code.as_str()),
            (number, first.code.as_str())
        );
        assert_ne!(live.id, first.id);
        assert_eq!(
            action.draft.code, draft_before,
            "the draft stays unless asked"
        );
        assert!(!action.all_changes_deployed(later));
        assert_eq!(
            action.versions[0].code, first.code,
            "the old version is untouched"
        );

        let second = action.versions[1].id.clone();
        store.deploy_version(&id, &second, true, later).unwrap();
        let action = store.action(&id).unwrap();
        assert_eq!(action.draft.build.status(later), "built");
        assert!(action.all_changes_deployed(after(later, Duration::from_secs(1))));
    }

    #[test]
    fn bindings_are_replaced_in_order_with_new_ids_and_checked() {
        let (mut store, t0) = demo();
        let old: Vec<BindingRec> = store.bindings["post-login"].clone();
        let reversed: Vec<BindingRequest> = old
            .iter()
            .rev()
            .map(|b| BindingRequest {
                reference: BindingRef::BindingId(b.id.clone()),
                display_name: None,
            })
            .collect();
        store.replace_bindings("post-login", &reversed, t0).unwrap();
        let new = &store.bindings["post-login"];
        let order =
            |list: &[BindingRec]| list.iter().map(|b| b.action_id.clone()).collect::<Vec<_>>();
        let mut expected = order(&old);
        expected.reverse();
        assert_eq!(order(new), expected);
        assert!(
            new.iter().all(|b| old.iter().all(|o| o.id != b.id)),
            "new ids"
        );
        assert_eq!(new[0].display_name, old.last().unwrap().display_name);

        let never_deployed = BindingRequest {
            reference: BindingRef::ActionName("Block legacy user agents".into()),
            display_name: None,
        };
        let before = store.bindings["post-login"].clone();
        assert!(matches!(
            store.replace_bindings("post-login", &[never_deployed], t0),
            Err(WriteError::BadRequest(_))
        ));
        assert_eq!(
            store.bindings["post-login"].len(),
            before.len(),
            "a refused PATCH changes nothing"
        );
        let wrong_trigger = BindingRequest {
            reference: BindingRef::ActionName("Limit M2M scopes".into()),
            display_name: None,
        };
        assert!(store
            .replace_bindings("post-login", &[wrong_trigger], t0)
            .is_err());
        assert!(store.replace_bindings("post-login", &[], t0).is_ok());
        assert!(store.bindings["post-login"].is_empty());
    }

    fn by_id(id: &str) -> BindingRequest {
        BindingRequest {
            reference: BindingRef::ActionId(id.to_string()),
            display_name: None,
        }
    }

    /// The demo with `extra` more deployed post-login actions (copies of a bound one).
    fn demo_with_post_login_actions(extra: usize) -> (Store, DateTime<Utc>) {
        let (mut store, t0) = demo();
        let model = action_named(&store, "Add role claims to tokens").clone();
        for i in 0..extra {
            let mut copy = model.clone();
            copy.id = stable_uuid(&format!("copy:{i}"));
            copy.name = format!("Copy {i}");
            store.actions.push(copy);
        }
        (store, t0)
    }

    /// The post-login actions live at `now`: the ones that can be bound.
    fn post_login_ids(store: &Store, now: DateTime<Utc>) -> Vec<String> {
        store
            .actions
            .iter()
            .filter(|a| a.trigger_id == "post-login" && a.live(now).is_some())
            .map(|a| a.id.clone())
            .collect()
    }

    #[test]
    fn the_same_action_twice_is_refused_by_name_whatever_the_reference() {
        let (mut store, t0) = demo();
        let before = store.bindings["post-login"].clone();
        let first = &before[0];
        let name = store.action(&first.action_id).unwrap().name.clone();
        let twice = [
            by_id(&first.action_id),
            by_id(&before[1].action_id),
            BindingRequest {
                reference: BindingRef::BindingId(first.id.clone()),
                display_name: Some("Again".into()),
            },
        ];
        assert_eq!(
            store.replace_bindings("post-login", &twice, t0),
            Err(WriteError::BadRequest(bound_twice(&name)))
        );
        assert!(bound_twice(&name).contains(&format!("'{name}'")));
        let ids = |list: &[BindingRec]| list.iter().map(|b| b.id.clone()).collect::<Vec<_>>();
        assert_eq!(
            ids(&store.bindings["post-login"]),
            ids(&before),
            "nothing changed, not even the ids"
        );
    }

    #[test]
    fn twenty_actions_bind_and_a_twenty_first_is_refused() {
        let (mut store, t0) = demo_with_post_login_actions(MAX_BINDINGS);
        let ids = post_login_ids(&store, t0);
        assert!(ids.len() > MAX_BINDINGS, "{} deployed", ids.len());
        let requests: Vec<BindingRequest> = ids.iter().map(|id| by_id(id)).collect();
        let before = store.bindings["post-login"].clone();
        assert_eq!(
            store.replace_bindings("post-login", &requests[..=MAX_BINDINGS], t0),
            Err(WriteError::BadRequest(too_many_bindings(MAX_BINDINGS + 1)))
        );
        assert!(
            too_many_bindings(21).contains("at most 20") && too_many_bindings(21).contains("21")
        );
        assert_eq!(store.bindings["post-login"].len(), before.len());
        assert_eq!(store.bindings["post-login"][0].id, before[0].id);

        store
            .replace_bindings("post-login", &requests[..MAX_BINDINGS], t0)
            .unwrap();
        let bound: Vec<String> = store.bindings["post-login"]
            .iter()
            .map(|b| b.action_id.clone())
            .collect();
        assert_eq!(bound, ids[..MAX_BINDINGS]);
    }

    #[test]
    fn module_publish_and_rollback_follow_the_draft() {
        let (mut store, t0) = demo();
        let module = store.module_named("claims-utils").unwrap();
        let (id, first) = (module.id.clone(), module.versions[0].id.clone());
        let count = module.versions.len();
        store.publish_module(&id, t0).unwrap();
        assert_eq!(store.module(&id).unwrap().versions.len(), count + 1);
        assert!(matches!(
            store.publish_module(&id, t0),
            Err(WriteError::Conflict(_))
        ));

        store.rollback_module(&id, &first, t0).unwrap();
        let module = store.module(&id).unwrap();
        assert_eq!(module.code, module.versions[0].code);
        assert_eq!(
            module.versions.len(),
            count + 1,
            "rollback publishes nothing"
        );
        assert!(matches!(
            store.rollback_module(&id, &first, t0),
            Err(WriteError::Conflict(_))
        ));
    }

    #[test]
    fn an_edit_builds_pending_then_building_then_built_or_failed() {
        let (mut store, t0) = demo();
        let id = action_named(&store, "Require MFA for admins").id.clone();
        let good = ActionEdit {
            code: Some("exports.onExecutePostLogin = async () => {};".into()),
            dependencies: Some(vec![Dep {
                name: "lodash".into(),
                version: "4.17.21".into(),
            }]),
            ..ActionEdit::default()
        };
        store.edit_action(&id, good, t0).unwrap();
        let second = |ms: u64| after(t0, Duration::from_millis(ms));
        let status = |store: &Store, at| store.action(&id).unwrap().draft.build.status(at);
        assert_eq!(status(&store, t0), "pending");
        assert_eq!(status(&store, second(500)), "building");
        assert_eq!(status(&store, second(1000)), "built");
        assert_eq!(
            store.deploy_draft(&id, second(500)),
            Err(WriteError::BadRequest(MUST_BE_BUILT.into()))
        );
        assert!(store.deploy_draft(&id, second(1000)).is_ok());

        let bad = ActionEdit {
            dependencies: Some(vec![Dep {
                name: "crypto".into(),
                version: "^17".into(),
            }]),
            ..ActionEdit::default()
        };
        store.edit_action(&id, bad, second(2000)).unwrap();
        assert_eq!(status(&store, second(3000)), "failed");
        let Err(WriteError::BadRequest(message)) = store.deploy_draft(&id, second(3000)) else {
            panic!("a failed draft does not deploy");
        };
        assert!(
            message.contains("No matching version found for crypto@^17"),
            "{message}"
        );

        let runtime = ActionEdit {
            runtime: Some("node4".into()),
            ..ActionEdit::default()
        };
        assert_eq!(
            store.edit_action(&id, runtime, t0),
            Err(WriteError::BadRequest("runtime is not supported".into()))
        );
    }

    #[test]
    fn past_the_version_limit_the_oldest_action_versions_go() {
        let (mut store, t0) = demo();
        store.settings.max_action_versions = 3;
        store.settings.deploy_duration = Duration::ZERO;
        let action = action_named(&store, "Limit M2M scopes");
        let (id, newest) = (action.id.clone(), action.versions.last().unwrap().number);
        let number = store.deploy_draft(&id, t0).unwrap();
        let numbers: Vec<u32> = store
            .action(&id)
            .unwrap()
            .versions
            .iter()
            .map(|v| v.number)
            .collect();
        assert_eq!(numbers, vec![newest - 1, newest, number]);
        assert_eq!(number, newest + 1, "numbers keep counting");
    }

    #[test]
    fn module_publish_stops_at_the_limit_and_edits_keep_what_they_omit() {
        let (mut store, t0) = demo();
        let module = store.module_named("claims-utils").unwrap();
        let (id, deps, count) = (
            module.id.clone(),
            module.dependencies.clone(),
            module.versions.len(),
        );
        store.settings.max_module_versions = count;
        assert_eq!(
            store.publish_module(&id, t0),
            Err(WriteError::PreconditionFailed(
                TOO_MANY_MODULE_VERSIONS.into()
            ))
        );
        let edit = ModuleEdit {
            code: Some("module.exports = {};".into()),
            ..ModuleEdit::default()
        };
        store.edit_module(&id, edit, t0).unwrap();
        let module = store.module(&id).unwrap();
        assert_eq!(module.code, "module.exports = {};");
        assert_eq!(module.dependencies, deps);
        assert_eq!(module.versions.len(), count, "an edit publishes nothing");
        let too_long = ModuleEdit {
            code: Some("x".repeat(MAX_MODULE_CODE_CHARS + 1)),
            ..ModuleEdit::default()
        };
        assert!(matches!(
            store.edit_module(&id, too_long, t0),
            Err(WriteError::InvalidBody(_))
        ));
        assert_eq!(store.module(&id).unwrap().code, "module.exports = {};");
    }

    fn dep(name: &str, version: &str) -> Dep {
        Dep {
            name: name.into(),
            version: version.into(),
        }
    }

    fn valued(name: &str) -> SecretWrite {
        SecretWrite::new(name, Some("v"))
    }

    fn new_action(name: &str) -> ActionCreate {
        ActionCreate {
            name: name.into(),
            triggers: vec![("post-login".into(), Some("v3".into()))],
            code: "exports.onExecutePostLogin = async () => {};".into(),
            ..ActionCreate::default()
        }
    }

    fn new_module(name: &str) -> ModuleCreate {
        ModuleCreate {
            name: name.into(),
            code: "module.exports = {};".into(),
            ..ModuleCreate::default()
        }
    }

    fn invalid_body(result: Result<impl std::fmt::Debug, WriteError>, property: &str) {
        match result {
            Err(WriteError::InvalidBody(detail)) => assert!(
                detail.contains(&format!("on property {property}.")),
                "{detail}"
            ),
            other => panic!("{property}: expected invalid_body, got {other:?}"),
        }
    }

    #[test]
    fn a_created_action_builds_from_pending_with_the_triggers_default_runtime() {
        let (mut store, t0) = demo();
        let mut new = new_action("Brand new");
        new.secrets = vec![valued("API_KEY")];
        new.dependencies = vec![dep("lodash", "4.17.21")];
        let id = store.create_action(new, t0).unwrap();
        let action = store.action(&id).unwrap();
        assert_eq!(action.draft.runtime, "node22", "post-login v3's default");
        assert_eq!(action.draft.build.status(t0), "pending");
        assert_eq!(
            action.draft.build.status(after(t0, Duration::from_secs(1))),
            "built"
        );
        assert!(action.deploy.is_none() && action.versions.is_empty());
        assert_eq!(action.secrets[0].name, "API_KEY");
        assert_eq!(action.secrets[0].updated_at, t0);

        let mut v2 = new_action("Old trigger");
        v2.triggers = vec![("post-login".into(), Some("v2".into()))];
        let id = store.create_action(v2, t0).unwrap();
        assert_eq!(
            store.action(&id).unwrap().draft.runtime,
            "node16",
            "REC Create"
        );
        let mut no_version = new_action("Current by default");
        no_version.triggers = vec![("post-login".into(), None)];
        let id = store.create_action(no_version, t0).unwrap();
        assert_eq!(store.action(&id).unwrap().trigger_version, "v3");
    }

    #[test]
    fn a_create_is_refused_for_bad_triggers_runtimes_and_taken_names() {
        let (mut store, t0) = demo();
        let count = store.actions.len();
        let with = |f: &dyn Fn(&mut ActionCreate)| {
            let mut new = new_action("Refused");
            f(&mut new);
            new
        };
        let refusals = [
            (
                with(&|n| n.triggers = vec![("post-logout".into(), Some("v1".into()))]),
                WriteError::BadRequest("The trigger 'post-logout' does not exist.".into()),
            ),
            (
                with(&|n| n.triggers = vec![("post-login".into(), Some("v9".into()))]),
                WriteError::BadRequest("The trigger 'post-login' has no version 'v9'.".into()),
            ),
            (
                with(&|n| n.runtime = Some("node4".into())),
                WriteError::BadRequest("runtime is not supported".into()),
            ),
            (
                with(&|n| n.name = "Require MFA for admins".into()),
                WriteError::Conflict(action_name_taken("Require MFA for admins")),
            ),
            (
                with(&|n| n.secrets = vec![SecretWrite::new("NEW", None)]),
                WriteError::BadRequest(secret_needs_value("NEW")),
            ),
        ];
        for (new, expected) in refusals {
            assert_eq!(store.create_action(new, t0), Err(expected));
        }
        let two = with(&|n| {
            n.triggers = vec![
                ("post-login".into(), Some("v3".into())),
                ("credentials-exchange".into(), Some("v2".into())),
            ];
        });
        let Err(WriteError::BadRequest(message)) = store.create_action(two, t0) else {
            panic!("two triggers are refused");
        };
        assert!(message.contains("single trigger"), "{message}");
        invalid_body(
            store.create_action(with(&|n| n.triggers.clear()), t0),
            "supported_triggers",
        );
        invalid_body(
            store.create_action(with(&|n| n.name = " ".into()), t0),
            "name",
        );
        assert_eq!(store.actions.len(), count, "nothing was created");
    }

    #[test]
    fn action_limits_hold_at_the_boundary() {
        let (mut store, t0) = demo();
        let with = |name: &str, f: &dyn Fn(&mut ActionCreate)| {
            let mut new = new_action(name);
            f(&mut new);
            new
        };
        let code = |n: usize| "a".repeat(n);
        let secrets = |n: usize| (0..n).map(|i| valued(&format!("S{i}"))).collect();
        let deps = |n: usize| (0..n).map(|i| dep(&format!("p{i}"), "1.0.0")).collect();
        let at_limit = [
            with("code", &|n| n.code = code(MAX_ACTION_CODE_BYTES)),
            with("secrets", &|n| n.secrets = secrets(MAX_SECRETS)),
            with("deps", &|n| n.dependencies = deps(MAX_DEPENDENCIES)),
            with(&"n".repeat(MAX_NAME_CHARS), &|_| {}),
        ];
        for new in at_limit {
            let name = new.name.clone();
            assert!(store.create_action(new, t0).is_ok(), "{name} at the limit");
        }
        invalid_body(
            store.create_action(with("c", &|n| n.code = code(MAX_ACTION_CODE_BYTES + 1)), t0),
            "code",
        );
        invalid_body(
            store.create_action(with("s", &|n| n.secrets = secrets(MAX_SECRETS + 1)), t0),
            "secrets",
        );
        invalid_body(
            store.create_action(
                with("d", &|n| n.dependencies = deps(MAX_DEPENDENCIES + 1)),
                t0,
            ),
            "dependencies",
        );
        invalid_body(
            store.create_action(with(&"n".repeat(MAX_NAME_CHARS + 1), &|_| {}), t0),
            "name",
        );
        let id = action_named(&store, "Require MFA for admins").id.clone();
        let edit = |f: &dyn Fn(&mut ActionEdit)| {
            let mut e = ActionEdit::default();
            f(&mut e);
            e
        };
        assert!(store
            .edit_action(
                &id,
                edit(&|e| e.code = Some(code(MAX_ACTION_CODE_BYTES))),
                t0
            )
            .is_ok());
        invalid_body(
            store.edit_action(
                &id,
                edit(&|e| e.code = Some(code(MAX_ACTION_CODE_BYTES + 1))),
                t0,
            ),
            "code",
        );
        invalid_body(
            store.edit_action(
                &id,
                edit(&|e| e.secrets = Some(secrets(MAX_SECRETS + 1))),
                t0,
            ),
            "secrets",
        );
        invalid_body(
            store.edit_action(
                &id,
                edit(&|e| e.dependencies = Some(deps(MAX_DEPENDENCIES + 1))),
                t0,
            ),
            "dependencies",
        );
        assert_eq!(
            store.action(&id).unwrap().draft.code.len(),
            MAX_ACTION_CODE_BYTES,
            "refused edits change nothing"
        );
    }

    #[test]
    fn module_pins_of_a_new_action_must_be_uuids_of_published_versions() {
        let (mut store, t0) = demo();
        let module = store.module_named("claims-utils").unwrap();
        let pin = ModulePin {
            module_id: module.id.clone(),
            module_version_id: module.versions[0].id.clone(),
        };
        let with_pin = |pin: ModulePin| ActionCreate {
            modules: vec![pin],
            ..new_action("Pinned")
        };
        let Err(WriteError::BadRequest(message)) = store.create_action(
            with_pin(ModulePin {
                module_version_id: "v1".into(),
                ..pin.clone()
            }),
            t0,
        ) else {
            panic!("not a UUID");
        };
        assert!(
            message.ends_with("invalid ModuleRef.ModuleVersionId: value must be a valid UUID"),
            "{message}"
        );
        let unknown = ModulePin {
            module_version_id: stable_uuid("nope"),
            ..pin.clone()
        };
        assert!(matches!(
            store.create_action(with_pin(unknown), t0),
            Err(WriteError::BadRequest(m)) if m.contains("claims-utils")
        ));
        let before = store.module_json(store.module(&pin.module_id).unwrap())
            ["actions_using_module_total"]
            .as_u64()
            .unwrap();
        let id = store.create_action(with_pin(pin.clone()), t0).unwrap();
        assert_eq!(store.action(&id).unwrap().draft.modules, vec![pin.clone()]);
        let using = |store: &Store| {
            store.module_json(store.module(&pin.module_id).unwrap())["actions_using_module_total"]
                .as_u64()
                .unwrap()
        };
        assert_eq!(using(&store), before + 1);
        store.delete_action(&id, false).unwrap();
        assert_eq!(using(&store), before, "a deleted action no longer counts");
    }

    #[test]
    fn create_with_deploy_is_deployed_at_once_and_goes_live_after_the_build() {
        let (mut store, t0) = demo();
        let id = store
            .create_action(
                ActionCreate {
                    deploy: true,
                    ..new_action("Deployed at once")
                },
                t0,
            )
            .unwrap();
        let action = store.action(&id).unwrap();
        let version = action.deployed().expect("deployed_version at once");
        assert_eq!(version.number, 1);
        assert_eq!(version.status_at(t0), "pending");
        assert_eq!(action.live_number(t0), None);
        let built = after(t0, store.settings.build_duration);
        assert_eq!(version.status_at(built), "built");
        let live = after(built, store.settings.deploy_duration);
        assert_eq!(action.live_number(live), Some(1));
        assert!(action.all_changes_deployed(live));

        let failing = ActionCreate {
            deploy: true,
            dependencies: vec![dep("crypto", "^17")],
            ..new_action("Never live")
        };
        let id = store.create_action(failing, t0).unwrap();
        let action = store.action(&id).unwrap();
        let later = after(t0, Duration::from_mins(1));
        assert_eq!(action.deployed().unwrap().status_at(later), "failed");
        assert_eq!(
            action.live_number(later),
            None,
            "a failed build never goes live"
        );
    }

    #[test]
    fn a_bound_action_is_deleted_only_with_force_which_detaches_it() {
        let (mut store, _) = demo();
        let order = |store: &Store| -> Vec<String> {
            store.bindings["post-login"]
                .iter()
                .map(|b| b.action_id.clone())
                .collect()
        };
        let before = order(&store);
        let victim = before[1].clone();
        let name = store.action(&victim).unwrap().name.clone();
        let Err(WriteError::Conflict(message)) = store.delete_action(&victim, false) else {
            panic!("a bound action is refused");
        };
        assert_eq!(message, still_bound(&name, &["post-login".to_string()]));
        assert!(message.contains(&name) && message.contains("post-login"));
        assert!(store.action(&victim).is_some());

        store.delete_action(&victim, true).unwrap();
        assert!(store.action(&victim).is_none(), "its versions went with it");
        let expected: Vec<String> = before.iter().filter(|a| **a != victim).cloned().collect();
        assert_eq!(order(&store), expected, "the others keep their order");
        assert_eq!(
            store.delete_action(&victim, true),
            Err(WriteError::NotFound(NO_ACTION))
        );
        let unbound = action_named(&store, "Block legacy user agents").id.clone();
        assert!(store.delete_action(&unbound, false).is_ok());
    }

    #[test]
    fn secrets_listed_by_name_keep_their_value_and_new_ones_need_one() {
        let (mut store, t0) = demo();
        let action = action_named(&store, "Notify Slack on signup");
        let (id, kept) = (action.id.clone(), action.secrets[0].clone());
        let t1 = after(t0, Duration::from_secs(5));
        let listed = vec![
            SecretWrite::new(&kept.name, None),
            SecretWrite::new("NEW_ONE", Some("value")),
        ];
        store
            .edit_action(
                &id,
                ActionEdit {
                    secrets: Some(listed),
                    ..ActionEdit::default()
                },
                t1,
            )
            .unwrap();
        let secrets = &store.action(&id).unwrap().secrets;
        assert_eq!(secrets.len(), 2);
        assert_eq!(secrets[0].name, kept.name);
        assert_eq!(secrets[0].updated_at, kept.updated_at, "kept as it was");
        assert_eq!(secrets[1].updated_at, t1);

        let unknown = ActionEdit {
            secrets: Some(vec![SecretWrite::new("MISSING", None)]),
            ..ActionEdit::default()
        };
        assert_eq!(
            store.edit_action(&id, unknown, t1),
            Err(WriteError::BadRequest(secret_needs_value("MISSING")))
        );
        let twice = ActionEdit {
            secrets: Some(vec![valued("A"), valued("A")]),
            ..ActionEdit::default()
        };
        assert_eq!(
            store.edit_action(&id, twice, t1),
            Err(WriteError::BadRequest(secret_twice("A")))
        );
        assert_eq!(store.action(&id).unwrap().secrets.len(), 2, "unchanged");
        let only_new = ActionEdit {
            secrets: Some(vec![SecretWrite::new("NEW_ONE", None)]),
            ..ActionEdit::default()
        };
        store.edit_action(&id, only_new, t1).unwrap();
        let names: Vec<&str> = store
            .action(&id)
            .unwrap()
            .secrets
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(
            names,
            ["NEW_ONE"],
            "the list replaces: the unlisted one is gone"
        );

        let module = store.module_named("http-helpers").unwrap();
        let (module_id, kept) = (module.id.clone(), module.secrets[0].clone());
        let edit = ModuleEdit {
            secrets: Some(vec![SecretWrite::new(&kept.name, None)]),
            ..ModuleEdit::default()
        };
        store.edit_module(&module_id, edit, t1).unwrap();
        assert_eq!(
            store.module(&module_id).unwrap().secrets[0].updated_at,
            kept.updated_at
        );
        let long = ModuleEdit {
            secrets: Some(vec![SecretWrite {
                name: "LONG".into(),
                value_chars: Some(MAX_SECRET_VALUE_CHARS + 1),
            }]),
            ..ModuleEdit::default()
        };
        invalid_body(store.edit_module(&module_id, long, t1), "secrets[0].value");
    }

    #[test]
    fn the_test_run_throws_what_the_draft_throws() {
        let (mut store, t0) = demo();
        let code = "exports.onExecutePostLogin = async (event, api) => {\n  if (!event.user) {\n    throw new TypeError('no user here');\n  }\n};";
        let id = store
            .create_action(
                ActionCreate {
                    code: code.into(),
                    ..new_action("Thrower")
                },
                t0,
            )
            .unwrap();
        let payload = store.test_action(&id).unwrap();
        assert_eq!(payload["error"]["name"], "TypeError");
        assert_eq!(payload["error"]["message"], "no user here");
        let stack = payload["error"]["stack"].as_str().unwrap();
        assert!(
            stack.starts_with("TypeError: no user here\n    at /data/io/"),
            "{stack}"
        );
        assert!(
            stack.contains(".js:3:5"),
            "line and column of the throw: {stack}"
        );
        assert!(payload["stats"]["total_request_duration_ms"].is_u64());

        for (code, name, message) in [
            ("throw \"plain\";", "Error", "plain"),
            ("throw err;", "Error", "err"),
            ("throw new Custom(`templ`);", "Error", "templ"),
        ] {
            let edit = ActionEdit {
                code: Some(code.into()),
                ..ActionEdit::default()
            };
            store.edit_action(&id, edit, t0).unwrap();
            let error = &store.test_action(&id).unwrap()["error"];
            assert_eq!(
                (error["name"].as_str(), error["message"].as_str()),
                (Some(name), Some(message)),
                "{code}"
            );
        }

        let calm = action_named(&store, "Block legacy user agents").id.clone();
        let quiet = ActionEdit {
            code: Some("// a throwaway comment\nexports.x = () => {};".into()),
            ..ActionEdit::default()
        };
        store.edit_action(&calm, quiet, t0).unwrap();
        let payload = store.test_action(&calm).unwrap();
        assert!(payload.get("error").is_none(), "{payload}");
        assert!(payload["stats"].is_object() && payload["commands"].is_array());
        assert_eq!(
            store.test_action("nope"),
            Err(WriteError::NotFound(NO_ACTION))
        );
    }

    #[test]
    fn a_created_module_is_unique_limited_and_published_on_request() {
        let (mut store, t0) = demo();
        let id = store.create_module(new_module("fresh"), t0).unwrap();
        let module = store.module(&id).unwrap();
        assert!(module.versions.is_empty() && !module.all_changes_published());
        assert_eq!(
            store.create_module(new_module("fresh"), t0),
            Err(WriteError::Conflict(module_name_taken("fresh")))
        );
        let published = store
            .create_module(
                ModuleCreate {
                    publish: true,
                    ..new_module("published")
                },
                t0,
            )
            .unwrap();
        let module = store.module(&published).unwrap();
        assert_eq!(module.latest().map(|v| v.number), Some(1));
        assert!(module.all_changes_published());

        let with = |name: &str, f: &dyn Fn(&mut ModuleCreate)| {
            let mut new = new_module(name);
            f(&mut new);
            new
        };
        let secret = |chars: usize| {
            vec![SecretWrite {
                name: "K".into(),
                value_chars: Some(chars),
            }]
        };
        let secrets = |n: usize| (0..n).map(|i| valued(&format!("S{i}"))).collect();
        let deps = |n: usize| (0..n).map(|i| dep(&format!("p{i}"), "1.0.0")).collect();
        let ok = [
            with("a", &|m| m.code = "é".repeat(MAX_MODULE_CODE_CHARS)),
            with("b", &|m| m.secrets = secret(MAX_SECRET_VALUE_CHARS)),
            with("c", &|m| m.secrets = secrets(MAX_SECRETS)),
            with("d", &|m| m.dependencies = deps(MAX_DEPENDENCIES)),
            with("e", &|m| {
                m.dependencies = vec![dep(
                    &"n".repeat(MAX_NAME_CHARS),
                    &"1".repeat(MAX_DEPENDENCY_VERSION_CHARS),
                )];
            }),
            with(&"n".repeat(MAX_NAME_CHARS), &|_| {}),
        ];
        for new in ok {
            let name = new.name.clone();
            assert!(store.create_module(new, t0).is_ok(), "{name}");
        }
        let refused = [
            (
                with("A", &|m| m.code = "é".repeat(MAX_MODULE_CODE_CHARS + 1)),
                "code",
            ),
            (
                with("B", &|m| m.secrets = secret(MAX_SECRET_VALUE_CHARS + 1)),
                "secrets[0].value",
            ),
            (
                with("C", &|m| m.secrets = secrets(MAX_SECRETS + 1)),
                "secrets",
            ),
            (
                with("D", &|m| m.dependencies = deps(MAX_DEPENDENCIES + 1)),
                "dependencies",
            ),
            (
                with("E", &|m| {
                    m.dependencies = vec![dep(&"n".repeat(MAX_NAME_CHARS + 1), "1")];
                }),
                "dependencies[0].name",
            ),
            (
                with("F", &|m| {
                    m.dependencies = vec![dep("x", &"1".repeat(MAX_DEPENDENCY_VERSION_CHARS + 1))];
                }),
                "dependencies[0].version",
            ),
            (with(&"n".repeat(MAX_NAME_CHARS + 1), &|_| {}), "name"),
        ];
        for (new, property) in refused {
            invalid_body(store.create_module(new, t0), property);
        }
        assert_eq!(
            store.create_module(
                with("G", &|m| m.secrets = vec![SecretWrite::new("K", None)]),
                t0
            ),
            Err(WriteError::BadRequest(secret_needs_value("K")))
        );
    }

    #[test]
    fn a_module_in_use_is_not_deleted_and_the_refusal_names_its_actions() {
        let (mut store, t0) = demo();
        let id = store.module_named("http-helpers").unwrap().id.clone();
        let users = store.actions_pinning(&id);
        assert!(users.len() >= 2, "{users:?}");
        let Err(WriteError::PreconditionFailed(message)) = store.delete_module(&id) else {
            panic!("in use");
        };
        for name in &users {
            assert!(message.contains(&format!("'{name}'")), "{message}");
        }
        assert!(store.module(&id).is_some());
        let fresh = store.create_module(new_module("unused"), t0).unwrap();
        store.delete_module(&fresh).unwrap();
        assert!(store.module(&fresh).is_none());
        assert_eq!(
            store.delete_module(&fresh),
            Err(WriteError::NotFound(NO_MODULE))
        );
    }

    #[test]
    fn seeded_executions_name_seeded_actions() {
        let (store, _) = demo();
        assert!(!store.executions.is_empty());
        for execution in &store.executions {
            for result in &execution.results {
                let action = store
                    .action_named(&result.action_name)
                    .unwrap_or_else(|| panic!("{} is not seeded", result.action_name));
                assert_eq!(action.trigger_id, execution.trigger_id, "{}", action.name);
            }
        }
    }

    /// The draft's secrets (by name and when each was set) belong to what a deploy carries.
    #[test]
    fn a_secret_only_change_is_not_deployed_until_a_deploy_carries_it() {
        let (mut store, t0) = demo();
        let name = "Add role claims to tokens";
        let id = action_named(&store, name).id.clone();
        assert!(action_named(&store, name).all_changes_deployed(t0));
        let secrets = Some(vec![SecretWrite::new("API_KEY", Some("value"))]);
        let edit = ActionEdit {
            secrets,
            ..ActionEdit::default()
        };
        store.edit_action(&id, edit, t0).unwrap();
        let built = after(t0, Duration::from_secs(5));
        assert!(
            !action_named(&store, name).all_changes_deployed(built),
            "a new secret differs from live"
        );
        store.deploy_draft(&id, built).unwrap();
        let live_at = after(built, Duration::from_secs(5));
        let action = action_named(&store, name);
        assert!(action.all_changes_deployed(live_at));
        let live = action.live(live_at).unwrap();
        assert_eq!(live.secrets.len(), 1);
        assert_eq!(live.secrets[0].name, "API_KEY");
        assert!(
            action.versions[0].secrets.is_empty(),
            "older versions keep the secrets they had"
        );

        // Setting the same secret again (a new value) differs too.
        let again = ActionEdit {
            secrets: Some(vec![SecretWrite::new("API_KEY", Some("other"))]),
            ..ActionEdit::default()
        };
        let later = after(live_at, Duration::from_secs(1));
        store.edit_action(&id, again, later).unwrap();
        let built = after(later, Duration::from_secs(5));
        assert!(!action_named(&store, name).all_changes_deployed(built));
    }

    #[test]
    fn a_dependency_only_change_is_not_deployed() {
        let (mut store, t0) = demo();
        let name = "Add role claims to tokens";
        let id = action_named(&store, name).id.clone();
        let edit = ActionEdit {
            dependencies: Some(vec![Dep {
                name: "lodash".into(),
                version: "4.17.21".into(),
            }]),
            ..ActionEdit::default()
        };
        store.edit_action(&id, edit, t0).unwrap();
        let built = after(t0, Duration::from_secs(5));
        assert!(!action_named(&store, name).all_changes_deployed(built));
    }

    #[test]
    fn a_secret_only_module_change_is_unpublished() {
        let (mut store, t0) = demo();
        let module = store
            .modules
            .iter()
            .find(|m| m.all_changes_published())
            .unwrap()
            .id
            .clone();
        let edit = ModuleEdit {
            secrets: Some(vec![SecretWrite::new("API_KEY", Some("value"))]),
            ..ModuleEdit::default()
        };
        store.edit_module(&module, edit, t0).unwrap();
        assert!(!store.module(&module).unwrap().all_changes_published());
    }
}
