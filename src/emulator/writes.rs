//! The write rules of the tenant: deploy, roll back, rebind, publish. Handlers only parse and render;
//! every rule lives here, next to the records it changes.

use chrono::{DateTime, Utc};

use super::seed::stable_uuid;
use super::store::{ActionRec, BindingRec, DraftRec, ModuleVersionRec, Store, VersionRec};

/// Why a write was refused; mapped to the Management API error body by the HTTP layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    NotFound(&'static str),
    BadRequest(String),
    Conflict(String),
}

pub const NO_ACTION: &str = "That action does not exist.";
pub const NO_VERSION: &str = "That version does not exist.";
pub const NO_MODULE: &str = "That module does not exist.";
pub const NO_MODULE_VERSION: &str = "That module version does not exist.";
pub const NO_TRIGGER: &str = "That trigger does not exist.";

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

/// A new random id in UUID layout (writes are not part of the deterministic seed).
fn fresh_id() -> String {
    stable_uuid(&super::generate_token())
}

impl Store {
    fn action_mut(&mut self, id: &str) -> Result<&mut ActionRec, WriteError> {
        self.actions
            .iter_mut()
            .find(|a| a.id == id)
            .ok_or(WriteError::NotFound(NO_ACTION))
    }

    /// Appends a version with this content (code, dependencies, runtime, modules); it goes live.
    fn push_live_version(action: &mut ActionRec, content: DraftRec, now: DateTime<Utc>) -> u32 {
        let number = action.versions.len() as u32 + 1;
        action.versions.push(VersionRec {
            id: fresh_id(),
            number,
            code: content.code,
            dependencies: content.dependencies,
            runtime: content.runtime,
            status: "built".to_string(),
            errors: vec![],
            modules: content.modules,
            created_at: now,
            built_at: now,
            updated_at: now,
        });
        action.deployed_number = Some(number);
        action.updated_at = now;
        number
    }

    /// `POST /actions/actions/{id}/deploy`: the draft becomes a new, live version.
    /// Returns the new version number.
    pub fn deploy_draft(&mut self, action_id: &str, now: DateTime<Utc>) -> Result<u32, WriteError> {
        let action = self.action_mut(action_id)?;
        if action.draft.status != "built" {
            return Err(WriteError::BadRequest(
                "A draft must be in the 'built' state before it can be deployed.".to_string(),
            ));
        }
        let draft = action.draft.clone();
        Ok(Self::push_live_version(action, draft, now))
    }

    /// `POST /actions/actions/{id}/versions/{vid}/deploy` ("roll back"): a NEW version with the old
    /// version's content goes live; with `update_draft` the draft gets that content too.
    pub fn deploy_version(
        &mut self,
        action_id: &str,
        version_id: &str,
        update_draft: bool,
        now: DateTime<Utc>,
    ) -> Result<u32, WriteError> {
        let action = self.action_mut(action_id)?;
        let old = action
            .version(version_id)
            .ok_or(WriteError::NotFound(NO_VERSION))?;
        if old.status != "built" {
            return Err(WriteError::BadRequest(format!(
                "Version {} did not build and cannot be deployed.",
                old.number
            )));
        }
        let content = DraftRec {
            code: old.code.clone(),
            dependencies: old.dependencies.clone(),
            runtime: old.runtime.clone(),
            status: "built".to_string(),
            modules: old.modules.clone(),
        };
        if update_draft {
            action.draft = content.clone();
        }
        Ok(Self::push_live_version(action, content, now))
    }

    fn resolve_binding(
        &self,
        trigger_id: &str,
        request: &BindingRequest,
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
        if action.deployed().is_none() {
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
    /// every binding gets a new id. Nothing changes unless every entry is valid.
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
        let bindings = requests
            .iter()
            .map(|request| {
                let (action_id, display_name) = self.resolve_binding(trigger_id, request)?;
                Ok(BindingRec {
                    id: fresh_id(),
                    action_id,
                    display_name,
                    created_at: now,
                    updated_at: now,
                })
            })
            .collect::<Result<Vec<_>, WriteError>>()?;
        self.bindings.insert(trigger_id.to_string(), bindings);
        Ok(())
    }

    /// `POST /actions/modules/{id}/versions` ("publish"): the draft becomes the next version.
    /// Returns the new version's id.
    pub fn publish_module(
        &mut self,
        module_id: &str,
        now: DateTime<Utc>,
    ) -> Result<String, WriteError> {
        let module = self
            .modules
            .iter_mut()
            .find(|m| m.id == module_id)
            .ok_or(WriteError::NotFound(NO_MODULE))?;
        if module.all_changes_published() {
            return Err(WriteError::Conflict(
                "There are no unpublished changes to publish.".to_string(),
            ));
        }
        let version = ModuleVersionRec {
            id: fresh_id(),
            number: module.versions.len() as u32 + 1,
            code: module.code.clone(),
            dependencies: module.dependencies.clone(),
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
        let module = self
            .modules
            .iter_mut()
            .find(|m| m.id == module_id)
            .ok_or(WriteError::NotFound(NO_MODULE))?;
        let version = module
            .version(version_id)
            .cloned()
            .ok_or(WriteError::NotFound(NO_MODULE_VERSION))?;
        if module.code == version.code && module.dependencies == version.dependencies {
            return Err(WriteError::Conflict(
                "The module draft already matches that version.".to_string(),
            ));
        }
        module.code = version.code;
        module.dependencies = version.dependencies;
        module.updated_at = now;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::seed;

    fn action_named<'a>(store: &'a Store, name: &str) -> &'a ActionRec {
        store.actions.iter().find(|a| a.name == name).unwrap()
    }

    #[test]
    fn deploy_makes_the_draft_live_as_a_new_version() {
        let mut store = seed::demo();
        let id = action_named(&store, "Require MFA for admins").id.clone();
        assert!(!action_named(&store, "Require MFA for admins").all_changes_deployed());
        let before = store.action(&id).unwrap().versions.len() as u32;
        let number = store.deploy_draft(&id, Utc::now()).unwrap();
        assert_eq!(number, before + 1);
        let action = store.action(&id).unwrap();
        assert_eq!(action.deployed().unwrap().number, number);
        assert!(action.all_changes_deployed());
    }

    #[test]
    fn only_built_drafts_deploy() {
        let mut store = seed::demo();
        for name in ["Progressive profiling", "Validate signup metadata"] {
            let id = action_named(&store, name).id.clone();
            let count = store.action(&id).unwrap().versions.len();
            assert!(
                matches!(
                    store.deploy_draft(&id, Utc::now()),
                    Err(WriteError::BadRequest(_))
                ),
                "{name}"
            );
            assert_eq!(
                store.action(&id).unwrap().versions.len(),
                count,
                "{name}: nothing changed"
            );
        }
    }

    #[test]
    fn rollback_deploys_old_content_as_a_new_version() {
        let mut store = seed::demo();
        let action = action_named(&store, "Limit M2M scopes");
        let (id, first) = (action.id.clone(), action.versions[0].clone());
        let draft_before = action.draft.code.clone();
        let number = store
            .deploy_version(&id, &first.id, false, Utc::now())
            .unwrap();
        let action = store.action(&id).unwrap();
        let live = action.deployed().unwrap();
        assert_eq!(
            (live.number, live.code.as_str()),
            (number, first.code.as_str())
        );
        assert_ne!(live.id, first.id);
        assert_eq!(
            action.draft.code, draft_before,
            "the draft stays unless asked"
        );
        assert!(!action.all_changes_deployed());

        let second = action.versions[1].id.clone();
        store
            .deploy_version(&id, &second, true, Utc::now())
            .unwrap();
        assert!(store.action(&id).unwrap().all_changes_deployed());
    }

    #[test]
    fn bindings_are_replaced_in_order_with_new_ids_and_checked() {
        let mut store = seed::demo();
        let old: Vec<BindingRec> = store.bindings["post-login"].clone();
        let reversed: Vec<BindingRequest> = old
            .iter()
            .rev()
            .map(|b| BindingRequest {
                reference: BindingRef::BindingId(b.id.clone()),
                display_name: None,
            })
            .collect();
        store
            .replace_bindings("post-login", &reversed, Utc::now())
            .unwrap();
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
            store.replace_bindings("post-login", &[never_deployed], Utc::now()),
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
            .replace_bindings("post-login", &[wrong_trigger], Utc::now())
            .is_err());
        assert!(store
            .replace_bindings("post-login", &[], Utc::now())
            .is_ok());
        assert!(store.bindings["post-login"].is_empty());
    }

    #[test]
    fn module_publish_and_rollback_follow_the_draft() {
        let mut store = seed::demo();
        let module = store
            .modules
            .iter()
            .find(|m| m.name == "claims-utils")
            .unwrap();
        let (id, first) = (module.id.clone(), module.versions[0].id.clone());
        let count = module.versions.len();
        store.publish_module(&id, Utc::now()).unwrap();
        assert_eq!(store.module(&id).unwrap().versions.len(), count + 1);
        assert!(matches!(
            store.publish_module(&id, Utc::now()),
            Err(WriteError::Conflict(_))
        ));

        store.rollback_module(&id, &first, Utc::now()).unwrap();
        let module = store.module(&id).unwrap();
        assert_eq!(module.code, module.versions[0].code);
        assert_eq!(
            module.versions.len(),
            count + 1,
            "rollback publishes nothing"
        );
        assert!(matches!(
            store.rollback_module(&id, &first, Utc::now()),
            Err(WriteError::Conflict(_))
        ));
    }
}
