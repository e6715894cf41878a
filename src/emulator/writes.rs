//! The write rules of the tenant: edit, deploy, roll back, rebind, publish. Handlers only parse and
//! render; every rule lives here, next to the records it changes.

use chrono::{DateTime, Utc};

use super::seed::stable_uuid;
use super::store::{
    ActionRec, BindingRec, Build, BuildErr, Dep, DeployRec, DraftRec, ModuleRec, ModuleVersionRec,
    SecretRec, Store, VersionRec,
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

/// The largest module `code` the schema accepts.
pub const MAX_MODULE_CODE: usize = 65_536;

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

/// `PATCH /actions/actions/{id}`: omitted fields are kept. Secrets are names (values are never kept).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionEdit {
    pub code: Option<String>,
    pub dependencies: Option<Vec<Dep>>,
    pub runtime: Option<String>,
    pub secrets: Option<Vec<String>>,
}

/// `PATCH /actions/modules/{id}`: omitted fields are kept; the name cannot change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModuleEdit {
    pub code: Option<String>,
    pub dependencies: Option<Vec<Dep>>,
    pub secrets: Option<Vec<String>>,
}

/// A new random id in UUID layout (writes are not part of the deterministic seed).
fn fresh_id() -> String {
    stable_uuid(&super::generate_token())
}

fn secret_records(names: Vec<String>, now: DateTime<Utc>) -> Vec<SecretRec> {
    names
        .into_iter()
        .map(|name| SecretRec {
            name,
            updated_at: now,
        })
        .collect()
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
            built_at: content.build.finished_at().min(now),
            updated_at: now,
        });
        action.deploy = Some(DeployRec {
            number,
            live_at: now
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
    /// is untouched. Returns nothing; the caller renders the action.
    pub fn edit_action(
        &mut self,
        action_id: &str,
        edit: ActionEdit,
        now: DateTime<Utc>,
    ) -> Result<(), WriteError> {
        let build_duration = self.settings.build_duration;
        let trigger_runtimes = {
            let action = self
                .action(action_id)
                .ok_or(WriteError::NotFound(NO_ACTION))?;
            self.triggers
                .iter()
                .find(|t| t.id == action.trigger_id)
                .map(|t| t.runtimes)
        };
        if let (Some(runtime), Some(runtimes)) = (&edit.runtime, trigger_runtimes) {
            if !runtimes.contains(&runtime.as_str()) {
                // REC wording (alexkappa/terraform-provider-auth0#485).
                return Err(WriteError::BadRequest(
                    "runtime is not supported".to_string(),
                ));
            }
        }
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
        if let Some(secrets) = edit.secrets {
            // REC: the listed set replaces the secrets (`[]` clears them).
            action.secrets = secret_records(secrets, now);
        }
        action.draft.build = Build {
            started_at: now,
            duration: build_duration,
            errors: build_errors(&action.draft.dependencies),
        };
        action.updated_at = now;
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

    /// `PATCH /actions/modules/{id}`: changes the draft only; nothing is published.
    pub fn edit_module(
        &mut self,
        module_id: &str,
        edit: ModuleEdit,
        now: DateTime<Utc>,
    ) -> Result<(), WriteError> {
        let module = self.module_mut(module_id)?;
        if let Some(code) = &edit.code {
            let chars = code.chars().count();
            if chars > MAX_MODULE_CODE {
                return Err(WriteError::InvalidBody(format!(
                    "'String is too long ({chars} chars), maximum {MAX_MODULE_CODE}' on property code."
                )));
            }
        }
        if let Some(code) = edit.code {
            module.code = code;
        }
        if let Some(dependencies) = edit.dependencies {
            module.dependencies = dependencies;
        }
        if let Some(secrets) = edit.secrets {
            module.secrets = secret_records(secrets, now);
        }
        module.updated_at = now;
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
            store.replace_bindings("post-login", &requests[..MAX_BINDINGS + 1], t0),
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
            code: Some("x".repeat(MAX_MODULE_CODE + 1)),
            ..ModuleEdit::default()
        };
        assert!(matches!(
            store.edit_module(&id, too_long, t0),
            Err(WriteError::InvalidBody(_))
        ));
        assert_eq!(store.module(&id).unwrap().code, "module.exports = {};");
    }
}
