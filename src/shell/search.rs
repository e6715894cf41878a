//! The search over the history store, for the dashboard (`Cmd::SearchStore`, on a blocking thread)
//! and the CLI (`codedeck search`): the store reads every admitted version once per content,
//! `history::search` finds the lines, and the hits come back grouped object → version.

use crate::app::state::{SearchObject, SearchQuery, SearchResults, SearchVersion};
use crate::app::timeline::{RowKey, Versioned};
use crate::history::{self, ObjectHits, Pattern, VersionKey};
use crate::store::{ObjectKind, SharedStore, StoredCode, StoredVersion};
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

fn search_blocking(store: &SharedStore, query: &SearchQuery) -> Result<SearchResults, String> {
    let pattern =
        Pattern::new(&query.pattern, query.kind, query.ignore_case).map_err(|e| e.to_string())?;
    let code = {
        // A poisoned lock only means another task panicked mid-call; the connection is intact.
        let store = store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        store
            .stored_code(None, |_| true)
            .map_err(|e| e.to_string())?
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
