//! Module writes: create, edit the draft, delete (refused while an action pins it), publish the
//! draft as the next version, roll the draft back to a published version.

use chrono::{DateTime, Utc};

use super::rules::{
    check_api_version, check_dependencies, check_module_code, check_name, replace_secrets,
    SecretWrite,
};
use super::{fresh_id, WriteError, NO_MODULE, NO_MODULE_VERSION};
use crate::emulator::store::{Dep, ModulePin, ModuleRec, ModuleVersionRec, Store};

/// OAS descriptions of the module 409s and 412.
pub const NOTHING_TO_PUBLISH: &str = "No draft version is available to publish.";
pub const ALREADY_THE_DRAFT: &str = "The specified version is already the current draft version.";
pub const TOO_MANY_MODULE_VERSIONS: &str = "Maximum number of module versions reached. Consolidate versions used in actions before creating new ones.";

/// `PATCH /actions/modules/{id}`: omitted fields are kept; the name cannot change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModuleEdit {
    pub code: Option<String>,
    pub dependencies: Option<Vec<Dep>>,
    pub secrets: Option<Vec<SecretWrite>>,
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

/// Wording ours (the OAS documents a 409 for a module name clash, not its text).
pub fn module_name_taken(name: &str) -> String {
    format!("A module named '{name}' already exists; module names are unique per tenant.")
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

impl Store {
    fn module_mut(&mut self, id: &str) -> Result<&mut ModuleRec, WriteError> {
        self.modules
            .iter_mut()
            .find(|m| m.id == id)
            .ok_or(WriteError::NotFound(NO_MODULE))
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
        check_api_version(new.api_version.as_deref())?;
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
