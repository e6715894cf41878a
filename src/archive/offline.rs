//! `--offline`: a backend that sends nothing. Reads come from the history store (lists as last
//! seen, versions, package histories); every change is refused in words that say it needs a
//! connection.

use async_trait::async_trait;

use super::{locked, Places};
use crate::model::connection::ConnectionInfo;
use crate::model::error::{BackendError, BackendResult};
use crate::model::logs::{LogEvent, LogPage};
use crate::model::{
    Action, ActionFilter, ActionVersion, Binding, BoundAction, CodePackage, CodeStatus,
    DraftChange, Execution, Module, ModuleRef, ModuleUsage, ModuleVersion, NewAction, NewModule,
    NewPackage, PackageFilter, PackageId, TestRun, Trigger,
};
use crate::store::{Listed, ObjectKind, Place, SharedStore, Store, StoreError, Versioned};
use crate::strings::archive as words;

/// Log events read from the store at most, offline (a search pages through 1 000 at the service).
const KEPT_LOGS_READ: usize = 10_000;

/// Whether a kept event matches a search query, as far as offline can tell: every `type:X` term
/// names its type (any of them when several), every other term is in its description; other
/// `field:value` terms are left to the service (they match).
fn kept_event_matches(event: &LogEvent, q: &str) -> bool {
    let mut types = Vec::new();
    let mut words = Vec::new();
    for term in q.split_whitespace() {
        if matches!(term, "AND" | "OR") {
            continue;
        }
        match term.split_once(':') {
            Some(("type", kind)) => types.push(kind.trim_matches('"')),
            Some(_) => {}
            None => words.push(term.to_lowercase()),
        }
    }
    let description = event
        .description
        .as_deref()
        .unwrap_or_default()
        .to_lowercase();
    (types.is_empty() || types.contains(&event.kind.as_str()))
        && words.iter().all(|w| description.contains(w.as_str()))
}

/// The store, read as if it were the service (see the module's comment).
pub struct Offline {
    store: SharedStore,
    places: Places,
    info: ConnectionInfo,
}

fn needs_connection() -> BackendError {
    BackendError::Unsupported(words::NEEDS_CONNECTION.to_string())
}

fn not_stored(what: &str) -> BackendError {
    BackendError::Unsupported(words::not_stored_offline(what))
}

fn store_failed(e: &StoreError) -> BackendError {
    BackendError::Unsupported(words::offline_without_store(&e.to_string()))
}

impl Offline {
    /// `info` as the connection would have said it (label, profile, services, demo): the places
    /// read are the ones [`super::Archived`] keeps answers in.
    pub fn new(store: SharedStore, info: ConnectionInfo) -> Self {
        Self {
            store,
            places: Places::of(&info),
            info,
        }
    }

    fn read<T>(
        &self,
        kind: ObjectKind,
        what: &str,
        work: impl FnOnce(&Store, &Place) -> Result<Option<T>, StoreError>,
    ) -> BackendResult<T> {
        let Some(place) = self.places.of_kind(kind) else {
            return Err(not_stored(what));
        };
        let store = locked(&self.store);
        work(&store, place)
            .map_err(|e| store_failed(&e))?
            .ok_or_else(|| not_stored(what))
    }

    fn listed<L: Listed>(&self, what: &str) -> BackendResult<Vec<L>> {
        self.read(L::Version::KIND, what, |store, place| {
            Ok(store.listed::<L>(place)?.map(|listing| listing.items))
        })
    }

    fn one<L: Listed>(&self, id: &str) -> BackendResult<L> {
        let what = words::object(L::Version::KIND.as_str(), id);
        self.read(L::Version::KIND, &what, |store, place| {
            Ok(store
                .listed::<L>(place)?
                .and_then(|listing| listing.items.into_iter().find(|o| o.object_id() == id)))
        })
    }

    fn versions<V: Versioned>(&self, object_id: &str) -> BackendResult<Vec<V>> {
        let what = words::object(V::KIND.as_str(), object_id);
        self.read(V::KIND, &what, |store, place| {
            let versions: Vec<V> = store.stored_versions(place, object_id)?;
            Ok((!versions.is_empty()).then_some(versions))
        })
    }

    /// Every log event kept for the tenant, newest first.
    fn kept_log_events(&self) -> BackendResult<Vec<LogEvent>> {
        let Some(place) = self.places.of_kind(ObjectKind::Action) else {
            return Err(not_stored(words::LOGS));
        };
        locked(&self.store)
            .log_events(place, None, KEPT_LOGS_READ)
            .map_err(|e| store_failed(&e))
    }

    fn version<V: Versioned>(&self, object_id: &str, version_id: &str) -> BackendResult<V> {
        self.versions::<V>(object_id)?
            .into_iter()
            .find(|v| v.version_id() == version_id)
            .ok_or_else(|| not_stored(&words::object(V::KIND.as_str(), version_id)))
    }
}

#[async_trait]
impl crate::backend::Backend for Offline {
    fn connection(&self) -> ConnectionInfo {
        self.info.clone()
    }

    async fn list_actions(&self, filter: &ActionFilter) -> BackendResult<Vec<Action>> {
        let actions: Vec<Action> = self.listed(words::ACTIONS)?;
        Ok(actions
            .into_iter()
            .filter(|a| {
                filter
                    .trigger_id
                    .as_ref()
                    .is_none_or(|t| a.supported_triggers.iter().any(|s| &s.id == t))
                    && filter.action_name.as_ref().is_none_or(|n| &a.name == n)
                    && filter
                        .deployed
                        .is_none_or(|d| a.deployed_version.is_some() == d)
            })
            .collect())
    }
    async fn get_action(&self, id: &str) -> BackendResult<Action> {
        self.one(id)
    }
    async fn list_action_versions(&self, action_id: &str) -> BackendResult<Vec<ActionVersion>> {
        self.versions(action_id)
    }
    async fn get_action_version(
        &self,
        action_id: &str,
        version_id: &str,
    ) -> BackendResult<ActionVersion> {
        self.version(action_id, version_id)
    }
    async fn list_triggers(&self) -> BackendResult<Vec<Trigger>> {
        Err(not_stored(words::TRIGGERS))
    }
    async fn list_bindings(&self, _trigger_id: &str) -> BackendResult<Vec<Binding>> {
        Err(not_stored(words::TRIGGERS))
    }
    async fn get_execution(&self, _id: &str) -> BackendResult<Execution> {
        Err(not_stored(words::EXECUTIONS))
    }

    /// From the events kept in the store: `type:X` terms and free text (on the description) of
    /// `q` filter them; newest first, paged as the service pages.
    async fn search_logs(
        &self,
        q: Option<&str>,
        page: u32,
        per_page: u32,
    ) -> BackendResult<Vec<LogEvent>> {
        let kept = self.kept_log_events()?;
        let skip = page as usize * per_page as usize;
        Ok(kept
            .into_iter()
            .filter(|e| q.is_none_or(|q| kept_event_matches(e, q)))
            .skip(skip)
            .take(per_page as usize)
            .collect())
    }
    /// The kept events after `from`, oldest first (all kept ones when `from` is not kept).
    async fn logs_from(&self, from: &str, take: u32) -> BackendResult<LogPage> {
        let mut kept = self.kept_log_events()?;
        kept.reverse();
        let start = kept
            .iter()
            .position(|e| e.log_id == from)
            .map_or(0, |at| at + 1);
        let events: Vec<LogEvent> = kept.into_iter().skip(start).take(take as usize).collect();
        let next = events.last().map(|e| e.log_id.clone());
        Ok(LogPage { events, next })
    }

    async fn list_modules(&self) -> BackendResult<Vec<Module>> {
        self.listed(words::MODULES)
    }
    async fn get_module(&self, id: &str) -> BackendResult<Module> {
        self.one(id)
    }
    async fn list_module_versions(&self, module_id: &str) -> BackendResult<Vec<ModuleVersion>> {
        self.versions(module_id)
    }
    async fn get_module_version(
        &self,
        module_id: &str,
        version_id: &str,
    ) -> BackendResult<ModuleVersion> {
        self.version(module_id, version_id)
    }
    async fn list_module_actions(&self, _module_id: &str) -> BackendResult<Vec<ModuleUsage>> {
        Err(not_stored(words::MODULE_USAGE))
    }

    async fn deploy_action(&self, _action_id: &str) -> BackendResult<ActionVersion> {
        Err(needs_connection())
    }
    async fn deploy_action_version(
        &self,
        _action_id: &str,
        _version_id: &str,
        _update_draft: bool,
    ) -> BackendResult<ActionVersion> {
        Err(needs_connection())
    }
    async fn publish_module(&self, _module_id: &str) -> BackendResult<ModuleVersion> {
        Err(needs_connection())
    }
    async fn rollback_module(&self, _module_id: &str, _version_id: &str) -> BackendResult<Module> {
        Err(needs_connection())
    }
    async fn update_module_code(&self, _module_id: &str, _code: &str) -> BackendResult<Module> {
        Err(needs_connection())
    }
    async fn update_bindings(
        &self,
        _trigger_id: &str,
        _order: &[BoundAction],
    ) -> BackendResult<Vec<Binding>> {
        Err(needs_connection())
    }
    async fn create_action(&self, _new: &NewAction) -> BackendResult<Action> {
        Err(needs_connection())
    }
    async fn update_action(&self, _id: &str, _change: &DraftChange) -> BackendResult<Action> {
        Err(needs_connection())
    }
    async fn pin_action_modules(&self, _id: &str, _pins: &[ModuleRef]) -> BackendResult<Action> {
        Err(needs_connection())
    }
    async fn delete_action(&self, _id: &str, _force: bool) -> BackendResult<()> {
        Err(needs_connection())
    }
    async fn test_action(&self, _id: &str, _payload: &serde_json::Value) -> BackendResult<TestRun> {
        Err(needs_connection())
    }
    async fn create_module(&self, _new: &NewModule) -> BackendResult<Module> {
        Err(needs_connection())
    }
    async fn update_module(&self, _id: &str, _change: &DraftChange) -> BackendResult<Module> {
        Err(needs_connection())
    }
    async fn delete_module(&self, _id: &str) -> BackendResult<()> {
        Err(needs_connection())
    }

    async fn list_packages(&self, filter: &PackageFilter) -> BackendResult<Vec<CodePackage>> {
        let packages: Vec<CodePackage> = self.listed(words::PACKAGES)?;
        Ok(packages
            .into_iter()
            .filter(|p| {
                filter.database.as_ref().is_none_or(|d| &p.id.database == d)
                    && filter.owner.as_ref().is_none_or(|o| &p.id.owner == o)
                    && filter
                        .partial_name
                        .as_ref()
                        .is_none_or(|n| p.id.name.contains(n.as_str()))
                    && (filter.statuses.is_empty() || filter.statuses.contains(&p.status))
                    && (filter.code_types.is_empty() || filter.code_types.contains(&p.code_type))
            })
            .collect())
    }
    async fn describe_package(&self, id: &PackageId) -> BackendResult<CodePackage> {
        let history: Vec<CodePackage> = self.versions(&id.key())?;
        history
            .into_iter()
            .find(|p| p.code.is_some())
            .ok_or_else(|| not_stored(&id.key()))
    }
    async fn package_history(&self, id: &PackageId) -> BackendResult<Vec<CodePackage>> {
        self.versions(&id.key())
    }
    async fn revert_package(&self, _id: &PackageId, _version: u32) -> BackendResult<()> {
        Err(needs_connection())
    }
    async fn set_package_status(&self, _id: &PackageId, _status: &CodeStatus) -> BackendResult<()> {
        Err(needs_connection())
    }
    async fn alter_package_code(
        &self,
        _id: &PackageId,
        _code: &str,
        _comment: &str,
    ) -> BackendResult<()> {
        Err(needs_connection())
    }
    async fn create_package(&self, _package: &NewPackage) -> BackendResult<()> {
        Err(needs_connection())
    }
    async fn clone_package(&self, _from: &PackageId, _to: &PackageId) -> BackendResult<()> {
        Err(needs_connection())
    }
}
