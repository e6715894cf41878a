//! The search over the history store, for the dashboard (`Cmd::SearchStore`, on a blocking thread)
//! and the CLI (`codedeck search`): the store reads every admitted version once per content,
//! `history::search` finds the lines, and the hits come back grouped object → version.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use crate::app::state::{SearchObject, SearchQuery, SearchResults, SearchVersion};
use crate::app::timeline::{RowKey, Versioned};
use crate::history::{self, ObjectHits, Pattern, VersionKey};
use crate::store::{
    ContentHash, ObjectKind, SharedStore, Store, StoreError, StoredCode, StoredVersion,
};
use crate::strings::search as words;

/// The hits of `pattern` in stored code, grouped object → version (newest first); an object is
/// named by the index of its first version in `code.versions`, a version by its key and index.
pub fn search_stored(
    code: &StoredCode,
    pattern: &Pattern,
) -> Vec<ObjectHits<usize, (VersionKey, usize)>> {
    let mut object = 0;
    let entries = code.versions.iter().enumerate().map(|(index, version)| {
        if index > 0 && !same_object(&code.versions[index - 1], version) {
            object = index;
        }
        history::SearchEntry {
            object,
            version: (
                version.number.map_or(VersionKey::Draft, VersionKey::Number),
                index,
            ),
            blob: version.blob,
        }
    });
    history::search(pattern, entries, |blob| code.code(*blob))
}

fn same_object(a: &StoredVersion, b: &StoredVersion) -> bool {
    a.place == b.place && a.kind == b.kind && a.object_id == b.object_id
}

/// Runs the dashboard's search on a blocking thread (a store read and a scan take tens of
/// milliseconds): the results, or why not in words.
pub async fn run(store: Option<&SharedStore>, query: SearchQuery) -> Result<SearchResults, String> {
    let Some(store) = store.cloned() else {
        return Err(words::NO_STORE.to_string());
    };
    tokio::task::spawn_blocking(move || search_blocking(&store, &query))
        .await
        .map_err(|e| e.to_string())?
}

/// `:sync`: every object's versions through the dashboard's backend (an archive: it stores what
/// is new and asks only for that), the count of new versions taken from the store.
pub async fn sync(
    backend: &dyn crate::backend::Backend,
    store: Option<&SharedStore>,
) -> Result<crate::app::state::SyncReport, String> {
    struct Quiet;
    impl crate::archive::sync::Progress for Quiet {
        fn found(&self, _count: usize) {}
        fn done(&self, _name: &str) {}
    }
    let Some(store) = store.cloned() else {
        return Err(words::NO_STORE.to_string());
    };
    let before = versions_stored(&store).await?;
    let services = backend.connection().services;
    let synced =
        crate::archive::sync::sync_through(backend, (services.auth0, services.faircom), &Quiet)
            .await;
    let after = versions_stored(&store).await?;
    Ok(crate::app::state::SyncReport {
        objects: synced.objects,
        new_versions: usize::try_from(after.saturating_sub(before)).unwrap_or(usize::MAX),
        failed: synced
            .failed
            .into_iter()
            .map(|(name, why)| format!("{name}: {why}"))
            .collect(),
    })
}

/// How many versions the store holds, over every place (on a blocking thread).
async fn versions_stored(store: &SharedStore) -> Result<u64, String> {
    let store = store.clone();
    tokio::task::spawn_blocking(move || {
        let store = store.lock().unwrap_or_else(PoisonError::into_inner);
        let stats = store.stats().map_err(|e| e.to_string())?;
        Ok(stats.places.iter().map(|p| p.versions).sum())
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Code read by earlier searches, kept by content hash: content never changes, so a later search
/// reads only the blobs stored since. The list of versions is kept while the store's change
/// stamp stays the same (nothing written, here or by another process), and read anew once it
/// moves, so new versions are never missed. Bounded: at most `limit` bytes of code, never more.
#[derive(Debug)]
pub struct CodeCache {
    by_hash: HashMap<ContentHash, Arc<str>>,
    bytes: usize,
    limit: usize,
    last: Option<((i64, u64), Arc<StoredCode>)>,
}

impl CodeCache {
    /// The dashboard's bound: the 5 000 versions (≈16 MB of unique code) fit twice, and
    /// the process stays within its memory target.
    pub const DASHBOARD_LIMIT: usize = 32 << 20;

    pub fn new(limit: usize) -> Self {
        Self {
            by_hash: HashMap::new(),
            bytes: 0,
            limit,
            last: None,
        }
    }

    /// How many bytes of code are kept.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Every stored version with its code (as [`Store::stored_code`] over all places), the code
    /// kept here not read again; then keeps what this read held (and only that: a dropped
    /// draft's code leaves), up to the limit.
    pub fn read(&mut self, store: &Store) -> Result<Arc<StoredCode>, StoreError> {
        let stamp = store.change_stamp()?;
        if let Some((seen, code)) = &self.last {
            if *seen == stamp {
                return Ok(Arc::clone(code));
            }
        }
        let code =
            store.stored_code_reusing(None, |_| true, |hash| self.by_hash.get(hash).cloned())?;
        let held: HashSet<&ContentHash> = code.contents().map(|(hash, _)| hash).collect();
        self.by_hash.retain(|hash, _| held.contains(hash));
        self.bytes = self.by_hash.values().map(|text| text.len()).sum();
        for (hash, text) in code.contents() {
            if self.by_hash.contains_key(hash) || self.bytes + text.len() > self.limit {
                continue;
            }
            self.by_hash.insert(*hash, Arc::clone(text));
            self.bytes += text.len();
        }
        let code = Arc::new(code);
        // Kept only when all its code is within the bound (else it would hold more than that).
        let all_kept = code
            .contents()
            .all(|(hash, _)| self.by_hash.contains_key(hash));
        self.last = all_kept.then(|| (stamp, Arc::clone(&code)));
        Ok(code)
    }
}

/// The dashboard's kept code (its store stays open while it runs).
static DASHBOARD_CODE: LazyLock<Mutex<CodeCache>> =
    LazyLock::new(|| Mutex::new(CodeCache::new(CodeCache::DASHBOARD_LIMIT)));

fn search_blocking(store: &SharedStore, query: &SearchQuery) -> Result<SearchResults, String> {
    let pattern =
        Pattern::new(&query.pattern, query.kind, query.ignore_case).map_err(|e| e.to_string())?;
    let code = {
        // A poisoned lock only means another task panicked mid-call; the connection and the
        // kept code (whole texts keyed by their hash) are intact.
        let store = store.lock().unwrap_or_else(PoisonError::into_inner);
        let mut kept = DASHBOARD_CODE
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        kept.read(&store).map_err(|e| e.to_string())?
    };
    let found = search_stored(&code, &pattern);
    let objects = found
        .into_iter()
        .map(|object| {
            let first = &code.versions[object.object];
            SearchObject {
                kind: match first.kind {
                    ObjectKind::Action => Versioned::Action,
                    ObjectKind::Module => Versioned::Module,
                    ObjectKind::Package => Versioned::Package,
                },
                object_id: first.object_id.clone(),
                name: first.name.clone(),
                place: first.place.label(),
                versions: object
                    .versions
                    .into_iter()
                    .map(|version| {
                        let stored = &code.versions[version.version.1];
                        SearchVersion {
                            key: stored.number.map_or(RowKey::Draft, RowKey::Version),
                            live: stored.live,
                            pruned: stored.pruned,
                            hits: version.hits,
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(SearchResults {
        objects,
        searched: code.versions.len(),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // test code stops at the line that failed
    use super::*;
    use crate::model::{Module, ModuleVersion};
    use crate::store::Place;

    fn module(code: &str) -> Module {
        Module {
            id: "m".into(),
            name: "m".into(),
            code: code.into(),
            dependencies: vec![],
            secrets: vec![],
            actions_using_module_total: 0,
            all_changes_published: true,
            latest_version: None,
            created_at: None,
            updated_at: None,
        }
    }

    fn version(number: u32, code: &str) -> ModuleVersion {
        ModuleVersion {
            id: format!("m-v{number}"),
            module_id: "m".into(),
            number,
            code: code.into(),
            dependencies: vec![],
            secrets: vec![],
            created_at: None,
        }
    }

    fn codes(code: &StoredCode) -> Vec<&str> {
        code.versions
            .iter()
            .map(|v| code.code(v.blob).unwrap())
            .collect()
    }

    #[test]
    fn kept_code_never_hides_what_was_stored_since_and_stays_within_its_bound() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(Store::path_in(dir.path())).unwrap();
        let place = Place::auth0("t");
        store
            .record_module_versions(&place, &module("draft one"), &[version(1, "one")])
            .unwrap();
        let mut kept = CodeCache::new(1 << 20);
        assert_eq!(codes(&kept.read(&store).unwrap()), vec!["one", "draft one"]);
        assert_eq!(kept.bytes(), "one".len() + "draft one".len());
        // A new version and a new draft: the replaced draft's blob (and maybe its id) is gone.
        store
            .record_module_versions(
                &place,
                &module("draft two"),
                &[version(1, "one"), version(2, "two")],
            )
            .unwrap();
        assert_eq!(
            codes(&kept.read(&store).unwrap()),
            vec!["one", "two", "draft two"]
        );
        assert_eq!(kept.bytes(), "one".len() + "two".len() + "draft two".len());
        // Read again with nothing written: the same answer (kept whole).
        assert_eq!(
            codes(&kept.read(&store).unwrap()),
            vec!["one", "two", "draft two"]
        );
        // Another process writes to the same file: the next read sees it.
        let mut other = Store::open(Store::path_in(dir.path())).unwrap();
        other
            .record_module_versions(
                &place,
                &module("draft two"),
                &[version(1, "one"), version(2, "two"), version(3, "three")],
            )
            .unwrap();
        assert_eq!(
            codes(&kept.read(&store).unwrap()),
            vec!["one", "two", "three", "draft two"]
        );

        let mut small = CodeCache::new(5);
        assert_eq!(
            codes(&small.read(&store).unwrap()),
            vec!["one", "two", "three", "draft two"]
        );
        assert!(small.bytes() <= 5, "{} bytes kept", small.bytes());
        assert_eq!(
            codes(&small.read(&store).unwrap()),
            vec!["one", "two", "three", "draft two"]
        );
    }
}
