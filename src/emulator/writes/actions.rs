//! Action writes: create, edit the draft (which starts a build), delete, deploy the draft, deploy an
//! old version ("roll back"), and the version list a deploy grows and trims.

use chrono::{DateTime, Utc};

use super::rules::{
    build_errors, check_action_code, check_dependencies, check_name, check_runtime, is_uuid,
    replace_secrets, SecretWrite,
};
use super::{fresh_id, WriteError, NO_ACTION, NO_VERSION};
use crate::emulator::store::{
    ActionRec, Build, Dep, DeployRec, DraftRec, ModulePin, Store, TriggerRec, VersionRec,
};

/// Auth0's answer to a deploy before the build finished (alexkappa/terraform-provider-auth0#470).
pub const MUST_BE_BUILT: &str = "A draft must be in the 'built' state before it can be deployed.";

/// `PATCH /actions/actions/{id}`: omitted fields are kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionEdit {
    pub code: Option<String>,
    pub dependencies: Option<Vec<Dep>>,
    pub runtime: Option<String>,
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

/// Wording ours (Auth0 only says names are unique per tenant).
pub fn action_name_taken(name: &str) -> String {
    format!("An action named '{name}' already exists; action names are unique per tenant.")
}

/// Wording ours; the docs: "An action must be unbound from all triggers before it can be deleted."
pub fn still_bound(name: &str, triggers: &[String]) -> String {
    format!(
        "Action '{name}' is bound to the trigger(s) {}. An action must be unbound from all \
         triggers before it can be deleted (or deleted with force=true, which detaches it).",
        triggers.join(", ")
    )
}

impl Store {
    fn action_mut(&mut self, id: &str) -> Result<&mut ActionRec, WriteError> {
        self.actions
            .iter_mut()
            .find(|a| a.id == id)
            .ok_or(WriteError::NotFound(NO_ACTION))
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
    /// The `modules` of `PATCH /actions/actions/{id}`: the draft's pins, replaced whole (each
    /// checked as a create checks them); the build starts with the edit that follows.
    pub fn pin_action_modules(
        &mut self,
        action_id: &str,
        pins: Vec<ModulePin>,
    ) -> Result<(), WriteError> {
        self.action(action_id)
            .ok_or(WriteError::NotFound(NO_ACTION))?;
        for (i, pin) in pins.iter().enumerate() {
            self.check_module_pin(i, pin)?;
        }
        self.action_mut(action_id)?.draft.modules = pins;
        Ok(())
    }

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
}
