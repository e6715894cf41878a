//! Reading every stored version for search, pickaxe and blame: each version (and each object's
//! draft as last seen) with the facts a scope asks about, and the code of the ones kept, each
//! content read and decoded ONCE however many versions hold it (rollbacks share one blob).
//!
//! The store only reads here; the answers are `history`'s (pure), computed by the caller.

use std::collections::HashMap;
use std::sync::Arc;

use rusqlite::params;

use super::{shared_code_at, ObjectKind, Place, Service, Store, StoreError};

/// A code blob's row id: versions holding the same content hold the same one. An id can be
/// given to other content once its blob is dropped (a replaced draft's): keep code across reads
/// by its [`ContentHash`], never by id.
pub type BlobId = i64;

/// The SHA-256 of a code text: the same hash, the same code, in any store at any time.
pub type ContentHash = [u8; 32];

/// One stored version, or an object's draft as last seen, as search and the history commands see
/// it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredVersion {
    pub place: Place,
    pub kind: ObjectKind,
    /// The service's id of the object (a package's `database/owner/name`).
    pub object_id: String,
    pub name: String,
    /// The version number; `None` for a draft.
    pub number: Option<u32>,
    /// The service's version id; empty for a draft.
    pub version_id: String,
    /// When the version was made (RFC 3339); for a draft, when it was last seen.
    pub created_at: Option<String>,
    /// The version that runs now (an action's deployed version, a module's or package's latest).
    pub live: bool,
    pub draft: bool,
    /// The service no longer lists it (it is kept here).
    pub pruned: bool,
    pub blob: BlobId,
}

/// Stored versions with their code: `versions` ordered place → kind → name → number (oldest
/// first, the draft last), the code of each distinct blob once.
#[derive(Debug, Default)]
pub struct StoredCode {
    pub versions: Vec<StoredVersion>,
    blobs: HashMap<BlobId, (Option<ContentHash>, Arc<str>)>,
}

impl StoredCode {
    /// The code a version holds.
    pub fn code(&self, blob: BlobId) -> Option<&str> {
        self.blobs.get(&blob).map(|(_, code)| &**code)
    }

    /// Each distinct code text read, with its hash (to keep it for the next read).
    pub fn contents(&self) -> impl Iterator<Item = (&ContentHash, &Arc<str>)> {
        self.blobs
            .values()
            .filter_map(|(hash, code)| Some((hash.as_ref()?, code)))
    }

    /// How many distinct code texts were read.
    pub fn distinct_blobs(&self) -> usize {
        self.blobs.len()
    }

    /// The versions grouped by object (place, kind, object id), each group oldest first, draft
    /// last; groups in the order of `versions`.
    pub fn by_object(&self) -> Vec<&[StoredVersion]> {
        self.versions
            .chunk_by(|a, b| a.place == b.place && a.kind == b.kind && a.object_id == b.object_id)
            .collect()
    }
}

// Each row carries its blob's hash (a kept content is not read again). Pruned and draft flags
// as integers; the draft sorts last within its object.
const STORED_VERSIONS: &str = "
    SELECT p.service, p.name, o.kind, o.object_id, o.name, v.number, v.version_id, v.created_at,
           v.version_id = o.live_version_id, 0, v.pruned_at IS NOT NULL, v.blob, b.sha256
      FROM versions v JOIN objects o ON o.id = v.object JOIN places p ON p.id = o.place
           JOIN blobs b ON b.id = v.blob
    UNION ALL
    SELECT p.service, p.name, o.kind, o.object_id, o.name, NULL, '', o.seen_at,
           0, 1, 0, o.draft_blob, b.sha256
      FROM objects o JOIN places p ON p.id = o.place JOIN blobs b ON b.id = o.draft_blob
    ORDER BY 1, 2, 3, 5, 4, 10, 6";

/// Above this many blobs to read, one pass over the blobs table beats a lookup per blob (a row
/// not wanted is skipped without reading its code).
const SCAN_FROM: usize = 256;

impl Store {
    /// Every stored version with code (and every draft) of `places` (all places when `None`) that
    /// `keep` admits, with the code of those kept, each distinct content read once.
    pub fn stored_code(
        &self,
        places: Option<&[Place]>,
        keep: impl Fn(&StoredVersion) -> bool,
    ) -> Result<StoredCode, StoreError> {
        self.stored_code_reusing(places, keep, |_| None)
    }

    /// As [`Store::stored_code`], but a content `known` gives (by its hash) is not read again: a
    /// caller that keeps code between reads (the dashboard) pays only for the new code.
    pub fn stored_code_reusing(
        &self,
        places: Option<&[Place]>,
        keep: impl Fn(&StoredVersion) -> bool,
        known: impl Fn(&ContentHash) -> Option<Arc<str>>,
    ) -> Result<StoredCode, StoreError> {
        self.stored_code_inner(places, keep, known)
            .map_err(|e| self.fail(&e))
    }

    fn stored_code_inner(
        &self,
        places: Option<&[Place]>,
        keep: impl Fn(&StoredVersion) -> bool,
        known: impl Fn(&ContentHash) -> Option<Arc<str>>,
    ) -> Result<StoredCode, rusqlite::Error> {
        let mut statement = self.conn.prepare_cached(STORED_VERSIONS)?;
        let mut rows = statement.query([])?;
        let mut versions = Vec::new();
        let mut hashes: HashMap<BlobId, Option<ContentHash>> = HashMap::new();
        while let Some(row) = rows.next()? {
            let service: String = row.get(0)?;
            let Some(service) = Service::parse(&service) else {
                continue;
            };
            let place = Place {
                service,
                name: row.get(1)?,
            };
            if places.is_some_and(|wanted| !wanted.contains(&place)) {
                continue;
            }
            let kind: String = row.get(2)?;
            let Some(kind) = ObjectKind::parse(&kind) else {
                continue;
            };
            let version = StoredVersion {
                place,
                kind,
                object_id: row.get(3)?,
                name: row.get(4)?,
                number: row.get(5)?,
                version_id: row.get(6)?,
                created_at: row.get(7)?,
                live: row.get::<_, Option<bool>>(8)?.unwrap_or(false),
                draft: row.get(9)?,
                pruned: row.get(10)?,
                blob: row.get(11)?,
            };
            if keep(&version) {
                hashes
                    .entry(version.blob)
                    .or_insert(ContentHash::try_from(row.get_ref(12)?.as_blob()?).ok());
                versions.push(version);
            }
        }
        let mut blobs = HashMap::with_capacity(hashes.len());
        let mut unread = Vec::new();
        for (&blob, hash) in &hashes {
            match hash.as_ref().and_then(&known) {
                Some(code) => {
                    blobs.insert(blob, (*hash, code));
                }
                None => unread.push(blob),
            }
        }
        if unread.len() >= SCAN_FROM {
            let wanted: std::collections::HashSet<BlobId> = unread.into_iter().collect();
            let mut scan = self
                .conn
                .prepare_cached("SELECT id, encoding, code FROM blobs")?;
            let mut rows = scan.query([])?;
            while let Some(row) = rows.next()? {
                let blob: BlobId = row.get(0)?;
                if !wanted.contains(&blob) {
                    continue;
                }
                if let Some(code) = shared_code_at(row, 1)? {
                    blobs.insert(blob, (hashes.get(&blob).copied().flatten(), code));
                }
            }
        } else {
            let mut read = self
                .conn
                .prepare_cached("SELECT encoding, code FROM blobs WHERE id = ?1")?;
            for blob in unread {
                if let Some(code) = read.query_row(params![blob], |row| shared_code_at(row, 0))? {
                    blobs.insert(blob, (hashes.get(&blob).copied().flatten(), code));
                }
            }
        }
        Ok(StoredCode { versions, blobs })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // test code stops at the line that failed
    use super::*;
    use crate::model::{Module, ModuleVersion};

    fn module(id: &str, draft: &str, latest: Option<u32>) -> Module {
        Module {
            id: id.into(),
            name: format!("mod-{id}"),
            code: draft.into(),
            dependencies: vec![],
            secrets: vec![],
            actions_using_module_total: 0,
            all_changes_published: true,
            latest_version: latest.map(|n| version(id, n, "")),
            created_at: None,
            updated_at: None,
        }
    }

    fn version(id: &str, number: u32, code: &str) -> ModuleVersion {
        ModuleVersion {
            id: format!("{id}-v{number}"),
            module_id: id.into(),
            number,
            code: code.into(),
            dependencies: vec![],
            secrets: vec![],
            created_at: None,
        }
    }

    #[test]
    fn every_version_and_draft_comes_with_its_facts_and_each_content_is_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(Store::path_in(dir.path())).unwrap();
        let dev = Place::auth0("dev.auth0.com");
        let prod = Place::auth0("prod.auth0.com");
        let versions = [
            version("m", 1, "one"),
            version("m", 2, "two"),
            version("m", 3, "one"),
        ];
        store
            .record_module_versions(&dev, &module("m", "draft", None), &versions)
            .unwrap();
        store
            .record_module_versions(&prod, &module("p", "one", None), &[version("p", 1, "one")])
            .unwrap();
        let all = store.stored_code(None, |_| true).unwrap();
        let shape: Vec<(&str, Option<u32>, bool)> = all
            .versions
            .iter()
            .map(|v| (v.place.name.as_str(), v.number, v.draft))
            .collect();
        assert_eq!(
            shape,
            vec![
                ("dev.auth0.com", Some(1), false),
                ("dev.auth0.com", Some(2), false),
                ("dev.auth0.com", Some(3), false),
                ("dev.auth0.com", None, true),
                ("prod.auth0.com", Some(1), false),
                ("prod.auth0.com", None, true),
            ]
        );
        assert_eq!(all.distinct_blobs(), 3, "one, two, draft");
        assert_eq!(all.code(all.versions[2].blob), Some("one"));
        assert_eq!(all.by_object().len(), 2);
        let only_prod = store
            .stored_code(Some(std::slice::from_ref(&prod)), |v| !v.draft)
            .unwrap();
        assert_eq!(only_prod.versions.len(), 1);
        assert_eq!(only_prod.versions[0].name, "mod-p");
    }
}
