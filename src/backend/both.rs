//! An Auth0 tenant and a FairCom server behind the one `Backend` trait: actions, modules and flows go
//! to Auth0, code packages to FairCom. The app and the CLI never need to know there are two.

use std::sync::Arc;

use async_trait::async_trait;

use crate::backend::Backend;
use crate::model::{
    Action, ActionFilter, ActionVersion, Binding, BoundAction, CodePackage, CodeStatus,
    DraftChange, Execution, Module, ModuleRef, ModuleUsage, ModuleVersion, NewAction, NewModule,
    NewPackage, PackageFilter, PackageId, TestRun, Trigger,
};
use crate::model::{BackendError, BackendResult, ConnectionInfo, Services};

pub struct Both {
    auth0: Arc<dyn Backend>,
    faircom: Arc<dyn Backend>,
}

impl Both {
    /// The backend for whichever services are configured: one of them as it is, or both together.
    /// Neither is a configuration error (`config::resolve` never gives one).
    pub fn either(
        auth0: Option<Arc<dyn Backend>>,
        faircom: Option<Arc<dyn Backend>>,
    ) -> BackendResult<Arc<dyn Backend>> {
        match (auth0, faircom) {
            (Some(auth0), Some(faircom)) => Ok(Arc::new(Both { auth0, faircom })),
            (Some(one), None) | (None, Some(one)) => Ok(one),
            (None, None) => Err(BackendError::Config(
                crate::strings::transport::NO_SERVICE.to_string(),
            )),
        }
    }
}

#[async_trait]
impl Backend for Both {
    /// Auth0's connection (its label is the journal's tenant for Auth0 changes), with the FairCom
    /// server's label beside it.
    fn connection(&self) -> ConnectionInfo {
        let faircom = self.faircom.connection();
        ConnectionInfo {
            services: Services {
                auth0: true,
                faircom: true,
            },
            faircom_label: Some(faircom.label),
            ..self.auth0.connection()
        }
    }

    async fn close(&self) {
        self.faircom.close().await;
        self.auth0.close().await;
    }

    fn report_waits(&self, reporter: crate::backend::waits::WaitReporter) {
        self.auth0.report_waits(reporter.clone());
        self.faircom.report_waits(reporter);
    }

    async fn list_actions(&self, filter: &ActionFilter) -> BackendResult<Vec<Action>> {
        self.auth0.list_actions(filter).await
    }
    async fn get_action(&self, id: &str) -> BackendResult<Action> {
        self.auth0.get_action(id).await
    }
    async fn list_action_versions(&self, action_id: &str) -> BackendResult<Vec<ActionVersion>> {
        self.auth0.list_action_versions(action_id).await
    }
    async fn get_action_version(
        &self,
        action_id: &str,
        version_id: &str,
    ) -> BackendResult<ActionVersion> {
        self.auth0.get_action_version(action_id, version_id).await
    }
    async fn list_triggers(&self) -> BackendResult<Vec<Trigger>> {
        self.auth0.list_triggers().await
    }
    async fn list_bindings(&self, trigger_id: &str) -> BackendResult<Vec<Binding>> {
        self.auth0.list_bindings(trigger_id).await
    }
    async fn get_execution(&self, id: &str) -> BackendResult<Execution> {
        self.auth0.get_execution(id).await
    }
    async fn search_logs(
        &self,
        q: Option<&str>,
        page: u32,
        per_page: u32,
    ) -> BackendResult<Vec<crate::model::logs::LogEvent>> {
        self.auth0.search_logs(q, page, per_page).await
    }
    async fn logs_from(&self, from: &str, take: u32) -> BackendResult<crate::model::logs::LogPage> {
        self.auth0.logs_from(from, take).await
    }
    async fn list_modules(&self) -> BackendResult<Vec<Module>> {
        self.auth0.list_modules().await
    }
    async fn get_module(&self, id: &str) -> BackendResult<Module> {
        self.auth0.get_module(id).await
    }
    async fn list_module_versions(&self, module_id: &str) -> BackendResult<Vec<ModuleVersion>> {
        self.auth0.list_module_versions(module_id).await
    }
    async fn get_module_version(
        &self,
        module_id: &str,
        version_id: &str,
    ) -> BackendResult<ModuleVersion> {
        self.auth0.get_module_version(module_id, version_id).await
    }
    async fn list_module_actions(&self, module_id: &str) -> BackendResult<Vec<ModuleUsage>> {
        self.auth0.list_module_actions(module_id).await
    }
    async fn deploy_action(&self, action_id: &str) -> BackendResult<ActionVersion> {
        self.auth0.deploy_action(action_id).await
    }
    async fn deploy_action_version(
        &self,
        action_id: &str,
        version_id: &str,
        update_draft: bool,
    ) -> BackendResult<ActionVersion> {
        self.auth0
            .deploy_action_version(action_id, version_id, update_draft)
            .await
    }
    async fn publish_module(&self, module_id: &str) -> BackendResult<ModuleVersion> {
        self.auth0.publish_module(module_id).await
    }
    async fn rollback_module(&self, module_id: &str, version_id: &str) -> BackendResult<Module> {
        self.auth0.rollback_module(module_id, version_id).await
    }
    async fn update_module_code(&self, module_id: &str, code: &str) -> BackendResult<Module> {
        self.auth0.update_module_code(module_id, code).await
    }
    async fn create_action(&self, new: &NewAction) -> BackendResult<Action> {
        self.auth0.create_action(new).await
    }
    async fn update_action(&self, id: &str, change: &DraftChange) -> BackendResult<Action> {
        self.auth0.update_action(id, change).await
    }
    async fn pin_action_modules(&self, id: &str, pins: &[ModuleRef]) -> BackendResult<Action> {
        self.auth0.pin_action_modules(id, pins).await
    }
    async fn delete_action(&self, id: &str, force: bool) -> BackendResult<()> {
        self.auth0.delete_action(id, force).await
    }
    async fn test_action(&self, id: &str, payload: &serde_json::Value) -> BackendResult<TestRun> {
        self.auth0.test_action(id, payload).await
    }
    async fn create_module(&self, new: &NewModule) -> BackendResult<Module> {
        self.auth0.create_module(new).await
    }
    async fn update_module(&self, id: &str, change: &DraftChange) -> BackendResult<Module> {
        self.auth0.update_module(id, change).await
    }
    async fn delete_module(&self, id: &str) -> BackendResult<()> {
        self.auth0.delete_module(id).await
    }
    async fn update_bindings(
        &self,
        trigger_id: &str,
        order: &[BoundAction],
    ) -> BackendResult<Vec<Binding>> {
        self.auth0.update_bindings(trigger_id, order).await
    }

    async fn list_packages(&self, filter: &PackageFilter) -> BackendResult<Vec<CodePackage>> {
        self.faircom.list_packages(filter).await
    }
    async fn describe_package(&self, id: &PackageId) -> BackendResult<CodePackage> {
        self.faircom.describe_package(id).await
    }
    async fn package_history(&self, id: &PackageId) -> BackendResult<Vec<CodePackage>> {
        self.faircom.package_history(id).await
    }
    async fn revert_package(&self, id: &PackageId, version: u32) -> BackendResult<()> {
        self.faircom.revert_package(id, version).await
    }
    async fn set_package_status(&self, id: &PackageId, status: &CodeStatus) -> BackendResult<()> {
        self.faircom.set_package_status(id, status).await
    }
    async fn alter_package_code(
        &self,
        id: &PackageId,
        code: &str,
        comment: &str,
    ) -> BackendResult<()> {
        self.faircom.alter_package_code(id, code, comment).await
    }
    async fn create_package(&self, package: &NewPackage) -> BackendResult<()> {
        self.faircom.create_package(package).await
    }
    async fn clone_package(&self, from: &PackageId, to: &PackageId) -> BackendResult<()> {
        self.faircom.clone_package(from, to).await
    }
}
