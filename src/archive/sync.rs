//! `codedeck sync`'s work: every action with its versions, every module with its versions, every
//! FairCom code package with its history, through [`Archived`] (so only what is new is fetched),
//! a few objects at once. One object failing does not stop the others.

use futures::stream::{self, StreamExt};

use super::Archived;
use crate::backend::Backend;
use crate::model::error::BackendError;
use crate::model::{ActionFilter, PackageFilter};

/// Objects whose versions are asked for at once (the client paces them to the rate limit).
pub const AT_ONCE: usize = 4;

/// What a sync did.
#[derive(Debug, Default)]
pub struct Synced {
    pub objects: usize,
    pub new_versions: usize,
    pub pruned: usize,
    /// What could not be synced (a list, or an object's versions), with why.
    pub failed: Vec<(String, BackendError)>,
}

/// Told as the sync goes.
pub trait Progress: Sync {
    /// `count` more objects to sync.
    fn found(&self, count: usize);
    /// One object synced (or failed).
    fn done(&self, name: &str);
}

/// Syncs everything `archive`'s places hold.
pub async fn sync(archive: &Archived, progress: &dyn Progress) -> Synced {
    let (added, pruned) = (archive.new_versions(), archive.newly_pruned());
    let places = archive.places();
    let services = (places.auth0.is_some(), places.faircom.is_some());
    let mut synced = sync_through(archive, services, progress).await;
    synced.new_versions = archive.new_versions() - added;
    synced.pruned = archive.newly_pruned() - pruned;
    synced
}

/// The same walk through any backend (the dashboard's, an [`Archived`] behind `dyn Backend`):
/// every list of the services asked for, then each object's versions. Counts of what was new
/// are the archive's to give (zero here).
pub async fn sync_through(
    backend: &dyn Backend,
    (auth0, faircom): (bool, bool),
    progress: &dyn Progress,
) -> Synced {
    let mut synced = Synced::default();
    if auth0 {
        match backend.list_actions(&ActionFilter::default()).await {
            Ok(actions) => {
                let named = actions.into_iter().map(|a| (a.id, a.name)).collect();
                each(&mut synced, progress, named, |id| async move {
                    backend.list_action_versions(&id).await.map(drop)
                })
                .await;
            }
            Err(e) => synced
                .failed
                .push((crate::strings::archive::ACTIONS.into(), e)),
        }
        match backend.list_modules().await {
            Ok(modules) => {
                let named = modules.into_iter().map(|m| (m.id, m.name)).collect();
                each(&mut synced, progress, named, |id| async move {
                    backend.list_module_versions(&id).await.map(drop)
                })
                .await;
            }
            Err(e) => synced
                .failed
                .push((crate::strings::archive::MODULES.into(), e)),
        }
    }
    if faircom {
        match backend.list_packages(&PackageFilter::default()).await {
            Ok(packages) => {
                let named = packages
                    .into_iter()
                    .map(|p| (p.id.key(), p.id.key()))
                    .collect();
                each(&mut synced, progress, named, |key| async move {
                    let id = crate::model::PackageId::from_key(&key)
                        .ok_or_else(|| BackendError::Config(key.clone()))?;
                    backend.package_history(&id).await.map(drop)
                })
                .await;
            }
            Err(e) => synced
                .failed
                .push((crate::strings::archive::PACKAGES.into(), e)),
        }
    }
    synced
}

/// Runs `work` for each `(id, name)`, [`AT_ONCE`] at a time, counting and collecting failures.
async fn each<F, Fut>(
    synced: &mut Synced,
    progress: &dyn Progress,
    named: Vec<(String, String)>,
    work: F,
) where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = Result<(), BackendError>>,
{
    progress.found(named.len());
    synced.objects += named.len();
    let outcomes: Vec<(String, Result<(), BackendError>)> = stream::iter(named)
        .map(|(id, name)| {
            let run = work(id);
            async move {
                let outcome = run.await;
                progress.done(&name);
                (name, outcome)
            }
        })
        .buffer_unordered(AT_ONCE)
        .collect()
        .await;
    synced.failed.extend(
        outcomes
            .into_iter()
            .filter_map(|(name, outcome)| outcome.err().map(|e| (name, e))),
    );
}
