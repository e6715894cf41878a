//! Every version fetched, kept: [`Archived`] is a `Backend` in front of another that passes every
//! call through and records what comes back in the history store (versions, package histories,
//! lists and drafts with the time they were seen), and answers a versions request from the store
//! with no request at all when nothing can be new. [`Offline`] answers from the store alone.
//! [`sync`] fills the store for a whole tenant and server.
//!
//! Why a stored answer can be complete: versions never change once made, Auth0 makes one only on a
//! deploy or a roll back (so the deployed version is the newest) and keeps the newest
//! [`ACTION_VERSIONS_KEPT`]; a module's latest published version and a package's current version
//! are its newest. When a list or a read shows an object's live version not stored before, or a
//! change goes through here, its versions are fetched again (once), which also marks as pruned
//! what the service no longer lists.
//!
//! The store never fails a call: a store error leaves the live answer as it is and is reported
//! once ([`Archived::store_problem`], [`Archived::on_store_problem`]).
//!
//! Imports: model, strings, backend (the trait), store.

mod offline;
pub mod sync;

use std::collections::HashSet;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;

use crate::model::logs::{LogEvent, LogPage};

use crate::backend::{waits, Backend};
use crate::model::connection::ConnectionInfo;
use crate::model::error::BackendResult;
use crate::model::{
    Action, ActionFilter, ActionVersion, Binding, BoundAction, CodePackage, CodeStatus,
    DraftChange, Execution, Module, ModuleRef, ModuleUsage, ModuleVersion, NewAction, NewModule,
    NewPackage, PackageFilter, PackageId, TestRun, Trigger,
};
use crate::store::{
    place_of, Conflict, Listed, ObjectKind, Place, Recorded, Service, SharedStore, Store,
    StoreError, Versioned,
};

pub use offline::Offline;

/// Versions Auth0 keeps per action: a deploy past it deletes the oldest ("Each Action may have a
/// maximum of 50 associated versions").
pub const ACTION_VERSIONS_KEPT: u32 = 50;

/// Where a backend's objects are kept in the store: its tenant and its FairCom server. The demo's
/// are named by its stage (`demo-dev`, `demo-prod`), never by the port its emulator got this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Places {
    pub auth0: Option<Place>,
    pub faircom: Option<Place>,
}

impl Places {
    pub fn of(info: &ConnectionInfo) -> Self {
        Self {
            auth0: place_of(info, Service::Auth0),
            faircom: place_of(info, Service::FairCom),
        }
    }

    /// `auth0 acme.eu.auth0.com, faircom db:8443`.
    pub fn label(&self) -> String {
        [&self.auth0, &self.faircom]
            .into_iter()
            .flatten()
            .map(Place::label)
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn of_kind(&self, kind: ObjectKind) -> Option<&Place> {
        match kind {
            ObjectKind::Action | ObjectKind::Module => self.auth0.as_ref(),
            ObjectKind::Package => self.faircom.as_ref(),
        }
    }
}

/// Told the store's problem once, in words.
pub type ProblemReporter = Box<dyn Fn(&str) + Send + Sync>;

/// A backend whose answers are kept (see the module's comment).
pub struct Archived {
    inner: Arc<dyn Backend>,
    store: SharedStore,
    places: Places,
    /// Objects whose versions must be fetched at the next ask (something new was seen there).
    stale: Mutex<HashSet<(ObjectKind, String)>>,
    problem: Mutex<Option<String>>,
    on_problem: Mutex<Option<ProblemReporter>>,
    added: AtomicUsize,
    pruned: AtomicUsize,
    /// Versions that came back with other code than the code stored for their id (both kept).
    conflicts: Mutex<Vec<Conflict>>,
}

/// A `Mutex` whose holder panicked still holds consistent data here (sets and strings, and SQLite
/// rolls back an unfinished transaction): use it.
fn locked<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Archived {
    pub fn new(inner: Arc<dyn Backend>, store: SharedStore) -> Self {
        let places = Places::of(&inner.connection());
        Self {
            inner,
            store,
            places,
            stale: Mutex::new(HashSet::new()),
            problem: Mutex::new(None),
            on_problem: Mutex::new(None),
            added: AtomicUsize::new(0),
            pruned: AtomicUsize::new(0),
            conflicts: Mutex::new(Vec::new()),
        }
    }

    pub fn places(&self) -> &Places {
        &self.places
    }

    /// The first store problem met, if any (the answers went on live).
    pub fn store_problem(&self) -> Option<String> {
        locked(&self.problem).clone()
    }

    /// Tells `reporter` the first store problem (at once if one was met already).
    pub fn on_store_problem(&self, reporter: ProblemReporter) {
        if let Some(problem) = self.store_problem() {
            reporter(&problem);
            return;
        }
        *locked(&self.on_problem) = Some(reporter);
    }

    /// Versions stored for the first time through this backend so far.
    pub fn new_versions(&self) -> usize {
        self.added.load(Ordering::Relaxed)
    }

    /// Versions newly marked pruned through this backend so far.
    pub fn newly_pruned(&self) -> usize {
        self.pruned.load(Ordering::Relaxed)
    }

    fn report(&self, why: &str) {
        let mut problem = locked(&self.problem);
        if problem.is_some() {
            return;
        }
        let words = crate::strings::archive::store_problem(why);
        if let Some(reporter) = locked(&self.on_problem).take() {
            reporter(&words);
        }
        *problem = Some(words);
    }

    /// Versions the service gave with other code than the code first stored for their id, so
    /// far (the store keeps both; `codedeck sync` says so).
    pub fn conflicts(&self) -> Vec<Conflict> {
        locked(&self.conflicts).clone()
    }

    fn tally(&self, recorded: &Recorded) {
        self.added.fetch_add(recorded.added, Ordering::Relaxed);
        locked(&self.conflicts).extend(recorded.conflicts.iter().cloned());
    }

    /// Runs store work on a blocking thread; a failure is reported and comes back as `None`.
    async fn stored<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
    ) -> Option<T> {
        let store = Arc::clone(&self.store);
        let outcome = tokio::task::spawn_blocking(move || work(&mut locked(&store))).await;
        match outcome {
            Ok(Ok(value)) => Some(value),
            Ok(Err(e)) => {
                self.report(&e.to_string());
                None
            }
            Err(e) => {
                self.report(&e.to_string());
                None
            }
        }
    }

    /// Log events a read gave: kept past the service's retention (issue 18), under the tenant.
    async fn note_log_events(&self, events: &[LogEvent]) {
        let Some(place) = self.places.of_kind(ObjectKind::Action).cloned() else {
            return;
        };
        if events.is_empty() {
            return;
        }
        let events = events.to_vec();
        self.stored(move |store| store.record_log_events(&place, &events))
            .await;
    }

    fn set_stale(&self, kind: ObjectKind, id: &str) {
        locked(&self.stale).insert((kind, id.to_string()));
    }

    /// Objects as a list (`whole_list`: the complete list of their kind) or a read gave them; an
    /// object whose live version is new here gets its versions fetched at the next ask.
    async fn note<L>(&self, items: Vec<L>, whole_list: bool)
    where
        L: Listed + Send + 'static,
    {
        let kind = L::Version::KIND;
        let Some(place) = self.places.of_kind(kind).cloned() else {
            return;
        };
        let live: Vec<(String, String)> = items
            .iter()
            .filter_map(|item| Some((item.object_id(), item.live_version()?.version_id())))
            .collect();
        let outcome = self
            .stored(move |store| {
                let unseen = store.unseen_live_versions(&place, kind, &live)?;
                let recorded = if whole_list {
                    store.record_list(&place, &items, chrono::Utc::now())?
                } else {
                    let mut all = Recorded::default();
                    for item in &items {
                        all.added += store.record_seen(&place, item)?.added;
                    }
                    all
                };
                Ok((unseen, recorded))
            })
            .await;
        if let Some((unseen, recorded)) = outcome {
            self.tally(&recorded);
            let mut stale = locked(&self.stale);
            stale.extend(unseen.into_iter().map(|id| (kind, id)));
        }
    }

    /// The stored versions when nothing can be new: the object is not stale, and its live version
    /// is stored with every version from the oldest the service can still list up to it (or it
    /// was seen with nothing live: no version exists).
    async fn stored_versions<V: Versioned + Send + 'static>(
        &self,
        object_id: &str,
        kept: Option<u32>,
    ) -> Option<Vec<V>> {
        let kind = V::KIND;
        let place = self.places.of_kind(kind)?.clone();
        if locked(&self.stale).contains(&(kind, object_id.to_string())) {
            return None;
        }
        let id = object_id.to_string();
        self.stored(move |store| {
            let live = match store.live_number(&place, kind, &id)? {
                None => return Ok(None),
                // Nothing ever went live: there is no version (a first deploy in flight here
                // made the object stale).
                Some(None) => return read_versions::<V>(store, &place, &id).map(Some),
                Some(Some(live)) => live,
            };
            let lowest = kept.map_or(1, |kept| (live + 1).saturating_sub(kept));
            if !store.has_every_version(&place, kind, &id, lowest, live)? {
                return Ok(None);
            }
            read_versions::<V>(store, &place, &id).map(Some)
        })
        .await
        .flatten()
    }

    /// A versions list: from the store when complete there, else fetched, recorded (what the
    /// service no longer lists marked pruned) and returned with the pruned versions stored.
    async fn versions<V, F>(
        &self,
        object_id: &str,
        kept: Option<u32>,
        fetch: F,
    ) -> BackendResult<Vec<V>>
    where
        V: Versioned + Send + 'static,
        F: Future<Output = BackendResult<Vec<V>>>,
    {
        let kind = V::KIND;
        let Some(place) = self.places.of_kind(kind).cloned() else {
            return fetch.await;
        };
        if let Some(stored) = self.stored_versions::<V>(object_id, kept).await {
            return Ok(stored);
        }
        let live = fetch.await?;
        locked(&self.stale).remove(&(kind, object_id.to_string()));
        let id = object_id.to_string();
        let versions = live.clone();
        let outcome = self
            .stored(move |store| {
                let recorded = store.record_versions(&place, &id, &versions)?;
                let listed: Vec<String> = versions.iter().map(Versioned::version_id).collect();
                let pruned = store.mark_pruned(&place, kind, &id, &listed)?;
                let stored = read_versions::<V>(store, &place, &id)?;
                Ok((recorded, pruned, stored))
            })
            .await;
        let Some((recorded, pruned, stored)) = outcome else {
            return Ok(live);
        };
        self.tally(&recorded);
        self.pruned.fetch_add(pruned, Ordering::Relaxed);
        Ok(with_pruned(live, stored))
    }

    /// One version: from the store when stored with its code, else fetched and recorded.
    async fn version<V, F>(&self, object_id: &str, version_id: &str, fetch: F) -> BackendResult<V>
    where
        V: Versioned + Send + 'static,
        F: Future<Output = BackendResult<V>>,
    {
        let kind = V::KIND;
        let Some(place) = self.places.of_kind(kind).cloned() else {
            return fetch.await;
        };
        let (id, wanted) = (object_id.to_string(), version_id.to_string());
        let stored = self
            .stored(move |store| {
                Ok(read_versions::<V>(store, &place, &id)?
                    .into_iter()
                    .find(|v| v.version_id() == wanted && v.code().is_some_and(|c| !c.is_empty())))
            })
            .await
            .flatten();
        if let Some(version) = stored {
            return Ok(version);
        }
        let version = fetch.await?;
        self.note_versions(object_id, vec![version.clone()]).await;
        Ok(version)
    }

    async fn note_versions<V: Versioned + Send + 'static>(
        &self,
        object_id: &str,
        versions: Vec<V>,
    ) {
        let Some(place) = self.places.of_kind(V::KIND).cloned() else {
            return;
        };
        let id = object_id.to_string();
        if let Some(recorded) = self
            .stored(move |store| store.record_versions(&place, &id, &versions))
            .await
        {
            self.tally(&recorded);
        }
    }
}

/// Every stored version of an object, newest first (an action's with `deployed` as last seen).
fn read_versions<V: Versioned>(
    store: &Store,
    place: &Place,
    object_id: &str,
) -> Result<Vec<V>, StoreError> {
    store.stored_versions::<V>(place, object_id)
}

/// The live answer and, after it, in number order, the stored versions it no longer holds.
fn with_pruned<V: Versioned>(live: Vec<V>, stored: Vec<V>) -> Vec<V> {
    let listed: HashSet<String> = live.iter().map(Versioned::version_id).collect();
    let mut all = live;
    all.extend(
        stored
            .into_iter()
            .filter(|v| !listed.contains(&v.version_id())),
    );
    all.sort_by_key(|v| std::cmp::Reverse(v.number()));
    all
}

fn is_whole(filter: &ActionFilter) -> bool {
    filter.trigger_id.is_none() && filter.action_name.is_none() && filter.deployed.is_none()
}

fn is_whole_packages(filter: &PackageFilter) -> bool {
    filter.database.is_none()
        && filter.owner.is_none()
        && filter.partial_name.is_none()
        && filter.statuses.is_empty()
        && filter.code_types.is_empty()
}

#[async_trait]
impl Backend for Archived {
    fn connection(&self) -> ConnectionInfo {
        self.inner.connection()
    }

    async fn list_actions(&self, filter: &ActionFilter) -> BackendResult<Vec<Action>> {
        let actions = self.inner.list_actions(filter).await?;
        self.note(actions.clone(), is_whole(filter)).await;
        Ok(actions)
    }
    async fn get_action(&self, id: &str) -> BackendResult<Action> {
        let action = self.inner.get_action(id).await?;
        if action.code_loaded {
            self.note(vec![action.clone()], false).await;
        }
        Ok(action)
    }
    async fn list_action_versions(&self, action_id: &str) -> BackendResult<Vec<ActionVersion>> {
        self.versions(
            action_id,
            Some(ACTION_VERSIONS_KEPT),
            self.inner.list_action_versions(action_id),
        )
        .await
    }
    async fn get_action_version(
        &self,
        action_id: &str,
        version_id: &str,
    ) -> BackendResult<ActionVersion> {
        self.version(
            action_id,
            version_id,
            self.inner.get_action_version(action_id, version_id),
        )
        .await
    }
    async fn list_triggers(&self) -> BackendResult<Vec<Trigger>> {
        self.inner.list_triggers().await
    }
    async fn list_bindings(&self, trigger_id: &str) -> BackendResult<Vec<Binding>> {
        self.inner.list_bindings(trigger_id).await
    }
    async fn get_execution(&self, id: &str) -> BackendResult<Execution> {
        self.inner.get_execution(id).await
    }
    async fn search_logs(
        &self,
        q: Option<&str>,
        page: u32,
        per_page: u32,
    ) -> BackendResult<Vec<LogEvent>> {
        let events = self.inner.search_logs(q, page, per_page).await?;
        self.note_log_events(&events).await;
        Ok(events)
    }
    async fn logs_from(&self, from: &str, take: u32) -> BackendResult<LogPage> {
        let page = self.inner.logs_from(from, take).await?;
        self.note_log_events(&page.events).await;
        Ok(page)
    }

    async fn list_modules(&self) -> BackendResult<Vec<Module>> {
        let modules = self.inner.list_modules().await?;
        self.note(modules.clone(), true).await;
        Ok(modules)
    }
    async fn get_module(&self, id: &str) -> BackendResult<Module> {
        let module = self.inner.get_module(id).await?;
        self.note(vec![module.clone()], false).await;
        Ok(module)
    }
    async fn list_module_versions(&self, module_id: &str) -> BackendResult<Vec<ModuleVersion>> {
        self.versions(module_id, None, self.inner.list_module_versions(module_id))
            .await
    }
    async fn get_module_version(
        &self,
        module_id: &str,
        version_id: &str,
    ) -> BackendResult<ModuleVersion> {
        self.version(
            module_id,
            version_id,
            self.inner.get_module_version(module_id, version_id),
        )
        .await
    }
    async fn list_module_actions(&self, module_id: &str) -> BackendResult<Vec<ModuleUsage>> {
        self.inner.list_module_actions(module_id).await
    }

    // Changes go through as they are; the object's versions are fetched again at the next ask.

    async fn deploy_action(&self, action_id: &str) -> BackendResult<ActionVersion> {
        self.set_stale(ObjectKind::Action, action_id);
        self.inner.deploy_action(action_id).await
    }
    async fn deploy_action_version(
        &self,
        action_id: &str,
        version_id: &str,
        update_draft: bool,
    ) -> BackendResult<ActionVersion> {
        self.set_stale(ObjectKind::Action, action_id);
        self.inner
            .deploy_action_version(action_id, version_id, update_draft)
            .await
    }
    async fn publish_module(&self, module_id: &str) -> BackendResult<ModuleVersion> {
        self.set_stale(ObjectKind::Module, module_id);
        self.inner.publish_module(module_id).await
    }
    async fn rollback_module(&self, module_id: &str, version_id: &str) -> BackendResult<Module> {
        self.inner.rollback_module(module_id, version_id).await
    }
    async fn update_module_code(&self, module_id: &str, code: &str) -> BackendResult<Module> {
        self.inner.update_module_code(module_id, code).await
    }
    async fn update_bindings(
        &self,
        trigger_id: &str,
        order: &[BoundAction],
    ) -> BackendResult<Vec<Binding>> {
        self.inner.update_bindings(trigger_id, order).await
    }
    async fn create_action(&self, new: &NewAction) -> BackendResult<Action> {
        self.inner.create_action(new).await
    }
    async fn update_action(&self, id: &str, change: &DraftChange) -> BackendResult<Action> {
        self.inner.update_action(id, change).await
    }
    async fn pin_action_modules(&self, id: &str, pins: &[ModuleRef]) -> BackendResult<Action> {
        self.inner.pin_action_modules(id, pins).await
    }
    async fn delete_action(&self, id: &str, force: bool) -> BackendResult<()> {
        self.inner.delete_action(id, force).await
    }
    async fn test_action(&self, id: &str, payload: &serde_json::Value) -> BackendResult<TestRun> {
        self.inner.test_action(id, payload).await
    }
    async fn create_module(&self, new: &NewModule) -> BackendResult<Module> {
        self.inner.create_module(new).await
    }
    async fn update_module(&self, id: &str, change: &DraftChange) -> BackendResult<Module> {
        self.inner.update_module(id, change).await
    }
    async fn delete_module(&self, id: &str) -> BackendResult<()> {
        self.inner.delete_module(id).await
    }
    async fn close(&self) {
        self.inner.close().await;
    }
    fn report_waits(&self, reporter: waits::WaitReporter) {
        self.inner.report_waits(reporter);
    }

    async fn list_packages(&self, filter: &PackageFilter) -> BackendResult<Vec<CodePackage>> {
        let packages = self.inner.list_packages(filter).await?;
        self.note(packages.clone(), is_whole_packages(filter)).await;
        Ok(packages)
    }
    async fn describe_package(&self, id: &PackageId) -> BackendResult<CodePackage> {
        let package = self.inner.describe_package(id).await?;
        self.note(vec![package.clone()], false).await;
        Ok(package)
    }
    async fn package_history(&self, id: &PackageId) -> BackendResult<Vec<CodePackage>> {
        self.versions(&id.key(), None, self.inner.package_history(id))
            .await
    }
    async fn revert_package(&self, id: &PackageId, version: u32) -> BackendResult<()> {
        self.set_stale(ObjectKind::Package, &id.key());
        self.inner.revert_package(id, version).await
    }
    async fn set_package_status(&self, id: &PackageId, status: &CodeStatus) -> BackendResult<()> {
        self.inner.set_package_status(id, status).await
    }
    async fn alter_package_code(
        &self,
        id: &PackageId,
        code: &str,
        comment: &str,
    ) -> BackendResult<()> {
        self.set_stale(ObjectKind::Package, &id.key());
        self.inner.alter_package_code(id, code, comment).await
    }
    async fn create_package(&self, package: &NewPackage) -> BackendResult<()> {
        self.inner.create_package(package).await
    }
    async fn clone_package(&self, from: &PackageId, to: &PackageId) -> BackendResult<()> {
        self.inner.clone_package(from, to).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::connection::Services;

    fn info(label: &str, demo: bool, profile: Option<&str>) -> ConnectionInfo {
        ConnectionInfo {
            label: label.to_string(),
            base_url: "http://127.0.0.1:41234".to_string(),
            demo,
            profile: profile.map(str::to_string),
            services: Services {
                auth0: true,
                faircom: true,
            },
            faircom_label: Some("db.local:8443".to_string()),
        }
    }

    #[test]
    fn the_demo_is_kept_under_its_stage_never_its_port() {
        let dev = Places::of(&info("demo tenant", true, None));
        assert_eq!(dev.auth0, Some(Place::auth0("demo-dev")));
        assert_eq!(dev.faircom, Some(Place::faircom("demo-dev")));
        let prod = Places::of(&info("demo tenant", true, Some("demo-prod")));
        assert_eq!(prod.auth0, Some(Place::auth0("demo-prod")));
        let tenant = Places::of(&info("https://acme.eu.auth0.com/", false, Some("p")));
        assert_eq!(tenant.auth0, Some(Place::auth0("acme.eu.auth0.com")));
        assert_eq!(tenant.faircom, Some(Place::faircom("db.local:8443")));
    }

    fn version(number: u32) -> ModuleVersion {
        ModuleVersion {
            id: format!("v{number}"),
            module_id: "m".into(),
            number,
            code: String::new(),
            dependencies: vec![],
            secrets: vec![],
            created_at: None,
        }
    }

    #[test]
    fn pruned_versions_join_the_live_answer_in_number_order() {
        let all = with_pruned(
            vec![version(3), version(2)],
            vec![version(3), version(2), version(1)],
        );
        let numbers: Vec<u32> = all.iter().map(|v| v.number).collect();
        assert_eq!(numbers, [3, 2, 1]);
    }
}
