//! Hand-built tenant data for the dashboard tests, and an in-memory `Backend` serving it (the UI's own
//! tests may use one; client tests talk real HTTP elsewhere).
#![allow(dead_code)]

use std::sync::Mutex;

use async_trait::async_trait;
use codedeck::backend::{Backend, BackendError, BackendResult, ConnectionInfo};
use codedeck::model::*;

pub fn trigger(id: &str, version: &str) -> TriggerRef {
    TriggerRef {
        id: id.into(),
        version: version.into(),
    }
}

pub fn dep(name: &str, version: &str) -> Dependency {
    Dependency {
        name: name.into(),
        version: version.into(),
    }
}

pub fn secret(name: &str) -> SecretName {
    SecretName {
        name: name.into(),
        updated_at: None,
    }
}

/// Builder for a realistic action.
pub struct ActionBuilder(Action);

impl ActionBuilder {
    pub fn new(id: &str, name: &str, trigger_id: &str) -> Self {
        let version = if trigger_id == "post-login" {
            "v3"
        } else {
            "v2"
        };
        ActionBuilder(Action {
            id: id.into(),
            name: name.into(),
            supported_triggers: vec![trigger(trigger_id, version)],
            code: format!(
                "/** {name} */\nexports.onExecute = async (event, api) => {{\n  return;\n}};\n"
            ),
            code_loaded: true,
            runtime: "node22".into(),
            status: BuildStatus::Built,
            dependencies: vec![],
            secrets: vec![],
            modules: vec![],
            all_changes_deployed: true,
            deployed_version: None,
            created_at: None,
            updated_at: None,
        })
    }
    pub fn code(mut self, code: &str) -> Self {
        self.0.code = code.into();
        self
    }
    pub fn status(mut self, status: BuildStatus) -> Self {
        self.0.status = status;
        self
    }
    pub fn deployed(mut self, number: u32) -> Self {
        let a = &self.0;
        self.0.deployed_version = Some(ActionVersion {
            id: format!("{}-v{number}", a.id),
            number,
            code: a.code.clone(),
            runtime: a.runtime.clone(),
            status: BuildStatus::Built,
            deployed: true,
            errors: vec![],
            dependencies: a.dependencies.clone(),
            secrets: a.secrets.clone(),
            modules: a.modules.clone(),
            supported_triggers: a.supported_triggers.clone(),
            created_at: None,
            built_at: None,
        });
        self
    }
    pub fn draft_differs(mut self) -> Self {
        self.0.all_changes_deployed = false;
        self
    }
    pub fn deps(mut self, deps: Vec<Dependency>) -> Self {
        self.0.dependencies = deps;
        self
    }
    pub fn secrets(mut self, names: &[&str]) -> Self {
        self.0.secrets = names.iter().map(|n| secret(n)).collect();
        self
    }
    pub fn module(mut self, id: &str, name: &str, number: u32) -> Self {
        self.0.modules.push(ModuleRef {
            module_id: id.into(),
            module_name: name.into(),
            module_version_id: format!("{id}-v{number}"),
            module_version_number: number,
        });
        self
    }
    pub fn without_code(mut self) -> Self {
        self.0.code = String::new();
        self.0.code_loaded = false;
        self
    }
    pub fn build(self) -> Action {
        self.0
    }
}

pub const ROLES_CODE: &str = r"/**
 * Adds the user's roles to the ID and access tokens.
 * @param {Event} event - Details about the user and the context in which they are logging in.
 * @param {PostLoginAPI} api - Interface whose methods can be used to change the behavior of the login.
 */
exports.onExecutePostLogin = async (event, api) => {
  const namespace = 'https://codedeck.example.com';
  if (event.authorization) {
    api.idToken.setCustomClaim(`${namespace}/roles`, event.authorization.roles);
    api.accessToken.setCustomClaim(`${namespace}/roles`, event.authorization.roles);
  }
};
";

pub const CRM_CODE: &str = r"const { createClient } = require('crm-client');

exports.onExecutePostLogin = async (event, api) => {
  if (event.user.app_metadata.crm_synced) return;
  const crm = createClient({ apiKey: event.secrets.CRM_API_KEY });
  const contact = await crm.findContact(event.user.email);
  if (contact) {
    api.user.setAppMetadata('crm_id', contact.id);
    api.user.setAppMetadata('crm_synced', true);
  }
};
";

/// An action whose code is long enough to scroll: `lines` lines.
pub fn long_code(lines: usize) -> String {
    let mut code = String::from("exports.onExecutePostLogin = async (event, api) => {\n");
    for i in 1..lines - 1 {
        code.push_str(&format!("  api.idToken.setCustomClaim('https://example.com/claim_{i}', event.user.user_id + '{i}');\n"));
    }
    code.push_str("};\n");
    code
}

pub fn actions() -> Vec<Action> {
    vec![
        ActionBuilder::new("act_roles", "Add roles to tokens", "post-login")
            .code(ROLES_CODE)
            .deployed(7)
            .build(),
        ActionBuilder::new(
            "act_disposable",
            "Block disposable emails",
            "pre-user-registration",
        )
        .deps(vec![dep("disposable-email-domains", "1.0.62")])
        .deployed(2)
        .draft_differs()
        .build(),
        ActionBuilder::new("act_crm", "Enrich profile from CRM", "post-login")
            .code(CRM_CODE)
            .status(BuildStatus::Building)
            .deps(vec![dep("axios", "1.7.2")])
            .secrets(&["CRM_API_KEY"])
            .module("mod_crm", "crm-client", 2)
            .deployed(4)
            .draft_differs()
            .build(),
        ActionBuilder::new(
            "act_slack",
            "Notify Slack on signup",
            "post-user-registration",
        )
        .status(BuildStatus::Failed)
        .secrets(&["SLACK_WEBHOOK_URL"])
        .draft_differs()
        .build(),
        ActionBuilder::new("act_mfa", "Require MFA for admins", "post-login")
            .status(BuildStatus::Pending)
            .deployed(1)
            .build(),
        ActionBuilder::new(
            "act_phone",
            "Twilio phone provider",
            "custom-phone-provider",
        )
        .deps(vec![dep("twilio", "5.3.0")])
        .secrets(&["TWILIO_SID", "TWILIO_TOKEN"])
        .deployed(3)
        .build(),
    ]
}

pub fn module(
    id: &str,
    name: &str,
    latest: Option<u32>,
    published: bool,
    used_by: u32,
    code: &str,
) -> Module {
    Module {
        id: id.into(),
        name: name.into(),
        code: code.into(),
        dependencies: vec![],
        secrets: vec![],
        actions_using_module_total: used_by,
        all_changes_published: published,
        latest_version: latest.map(|number| ModuleVersion {
            id: format!("{id}-v{number}"),
            module_id: id.into(),
            number,
            code: code.into(),
            dependencies: vec![],
            secrets: vec![],
            created_at: None,
        }),
        created_at: None,
        updated_at: None,
    }
}

pub const CRM_MODULE_CODE: &str = r"const axios = require('axios');

exports.createClient = ({ apiKey }) => ({
  findContact: async (email) => {
    const { data } = await axios.get('https://crm.example.com/contacts', {
      params: { email },
      headers: { Authorization: `Bearer ${apiKey}` },
    });
    return data.results[0];
  },
});
";

pub fn modules() -> Vec<Module> {
    let mut crm = module("mod_crm", "crm-client", Some(2), true, 2, CRM_MODULE_CODE);
    crm.dependencies = vec![dep("axios", "1.7.2")];
    crm.secrets = vec![secret("CRM_BASE_URL")];
    // Published as it is: the latest version holds the same settings.
    if let Some(latest) = crm.latest_version.as_mut() {
        latest.dependencies.clone_from(&crm.dependencies);
        latest.secrets.clone_from(&crm.secrets);
    }
    vec![
        crm,
        module(
            "mod_audit",
            "audit-log",
            Some(1),
            false,
            1,
            "exports.log = (event) => console.log(event.user.user_id);\n",
        ),
        module(
            "mod_geo",
            "geo-utils",
            None,
            false,
            0,
            "exports.country = (ip) => null;\n",
        ),
    ]
}

pub fn usages(module_id: &str) -> Vec<ModuleUsage> {
    match module_id {
        "mod_crm" => vec![
            ModuleUsage {
                action_id: "act_crm".into(),
                action_name: "Enrich profile from CRM".into(),
                module_version_id: "mod_crm-v2".into(),
                module_version_number: 2,
            },
            ModuleUsage {
                action_id: "act_roles".into(),
                action_name: "Add roles to tokens".into(),
                module_version_id: "mod_crm-v1".into(),
                module_version_number: 1,
            },
        ],
        _ => vec![],
    }
}

pub fn connection(demo: bool) -> ConnectionInfo {
    if demo {
        ConnectionInfo {
            label: "demo tenant".into(),
            base_url: "http://127.0.0.1:4455".into(),
            demo: true,
            profile: None,
            services: Default::default(),
            faircom_label: None,
        }
    } else {
        ConnectionInfo {
            label: "acme-prod.eu.auth0.com".into(),
            base_url: "https://acme-prod.eu.auth0.com".into(),
            demo: false,
            profile: Some("prod".into()),
            services: Default::default(),
            faircom_label: None,
        }
    }
}

/// Serves the data above from memory. List payloads carry no code, like bindings do.
pub struct FakeBackend {
    pub connection: ConnectionInfo,
    pub actions: Vec<Action>,
    pub modules: Vec<Module>,
    pub fail_actions: Option<BackendError>,
    pub fail_get_action: Option<BackendError>,
    pub calls: Mutex<Vec<String>>,
}

impl FakeBackend {
    pub fn new(demo: bool) -> Self {
        Self {
            connection: connection(demo),
            actions: actions(),
            modules: modules(),
            fail_actions: None,
            fail_get_action: None,
            calls: Mutex::new(vec![]),
        }
    }
    fn record(&self, call: String) {
        self.calls.lock().unwrap().push(call);
    }
    fn not_found(what: &str, id: &str) -> BackendError {
        BackendError::Api {
            status: 404,
            error: "Not Found".into(),
            message: format!("{what} {id} does not exist"),
            error_code: None,
        }
    }
}

impl FakeBackend {
    fn read_only() -> BackendError {
        BackendError::Unsupported("writes (the UI fixture backend is read-only)".into())
    }
}

#[async_trait]
impl Backend for FakeBackend {
    fn connection(&self) -> ConnectionInfo {
        self.connection.clone()
    }
    async fn list_actions(&self, _filter: &ActionFilter) -> BackendResult<Vec<Action>> {
        self.record("list_actions".into());
        if let Some(err) = &self.fail_actions {
            return Err(err.clone());
        }
        Ok(self
            .actions
            .iter()
            .map(|a| Action {
                code: String::new(),
                code_loaded: false,
                ..a.clone()
            })
            .collect())
    }
    async fn get_action(&self, id: &str) -> BackendResult<Action> {
        self.record(format!("get_action {id}"));
        if let Some(err) = &self.fail_get_action {
            return Err(err.clone());
        }
        self.actions
            .iter()
            .find(|a| a.id == id)
            .cloned()
            .ok_or_else(|| Self::not_found("action", id))
    }
    async fn list_action_versions(&self, _action_id: &str) -> BackendResult<Vec<ActionVersion>> {
        Ok(vec![])
    }
    async fn get_action_version(
        &self,
        action_id: &str,
        _version_id: &str,
    ) -> BackendResult<ActionVersion> {
        Err(Self::not_found("action", action_id))
    }
    async fn list_triggers(&self) -> BackendResult<Vec<Trigger>> {
        Ok(vec![])
    }
    async fn list_bindings(&self, _trigger_id: &str) -> BackendResult<Vec<Binding>> {
        Ok(vec![])
    }
    async fn get_execution(&self, id: &str) -> BackendResult<Execution> {
        Err(Self::not_found("execution", id))
    }
    async fn list_modules(&self) -> BackendResult<Vec<Module>> {
        self.record("list_modules".into());
        Ok(self.modules.clone())
    }
    async fn get_module(&self, id: &str) -> BackendResult<Module> {
        self.record(format!("get_module {id}"));
        self.modules
            .iter()
            .find(|m| m.id == id)
            .cloned()
            .ok_or_else(|| Self::not_found("module", id))
    }
    async fn list_module_versions(&self, _module_id: &str) -> BackendResult<Vec<ModuleVersion>> {
        Ok(vec![])
    }
    async fn get_module_version(
        &self,
        module_id: &str,
        _version_id: &str,
    ) -> BackendResult<ModuleVersion> {
        Err(Self::not_found("module", module_id))
    }
    async fn list_module_actions(&self, module_id: &str) -> BackendResult<Vec<ModuleUsage>> {
        self.record(format!("list_module_actions {module_id}"));
        Ok(usages(module_id))
    }
    // Writes are exercised against the emulator over HTTP, never here.
    async fn deploy_action(&self, _action_id: &str) -> BackendResult<ActionVersion> {
        Err(Self::read_only())
    }
    async fn deploy_action_version(
        &self,
        _action_id: &str,
        _version_id: &str,
        _update_draft: bool,
    ) -> BackendResult<ActionVersion> {
        Err(Self::read_only())
    }
    async fn publish_module(&self, _module_id: &str) -> BackendResult<ModuleVersion> {
        Err(Self::read_only())
    }
    async fn rollback_module(&self, _module_id: &str, _version_id: &str) -> BackendResult<Module> {
        Err(Self::read_only())
    }
    async fn update_module_code(&self, _module_id: &str, _code: &str) -> BackendResult<Module> {
        Err(Self::read_only())
    }
    async fn create_action(&self, _new: &NewAction) -> BackendResult<Action> {
        Err(Self::read_only())
    }
    async fn update_action(&self, _id: &str, _change: &DraftChange) -> BackendResult<Action> {
        Err(Self::read_only())
    }
    async fn delete_action(&self, _id: &str, _force: bool) -> BackendResult<()> {
        Err(Self::read_only())
    }
    async fn test_action(&self, _id: &str, _payload: &serde_json::Value) -> BackendResult<TestRun> {
        Err(Self::read_only())
    }
    async fn create_module(&self, _new: &NewModule) -> BackendResult<Module> {
        Err(Self::read_only())
    }
    async fn update_module(&self, _id: &str, _change: &DraftChange) -> BackendResult<Module> {
        Err(Self::read_only())
    }
    async fn delete_module(&self, _id: &str) -> BackendResult<()> {
        Err(Self::read_only())
    }
    async fn update_bindings(
        &self,
        _trigger_id: &str,
        _order: &[BoundAction],
    ) -> BackendResult<Vec<Binding>> {
        Err(Self::read_only())
    }
}
