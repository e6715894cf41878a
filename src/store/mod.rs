//! The local history store: every version of every action, module and FairCom code package codedeck
//! has seen, in one SQLite file (`history.sqlite3` in the data dir), so that a start needs no
//! request for what is known, and versions the service has pruned stay readable.
//!
//! Versions are immutable: one seen is kept for good, and a version seen again is stored once. Code
//! is kept once per content (SHA-256), so a rollback's version costs no second copy. The same version
//! id seen with other code keeps both (the later code goes to `conflicts`, the first is never
//! overwritten). The store holds no secret value: the model has none to give it.
//!
//! The API is synchronous and small; async callers hold a `Store` in a `Mutex` and call it from
//! `spawn_blocking`. Every write is one IMMEDIATE transaction: another process writing at the same
//! time makes it wait up to [`BUSY_TIMEOUT`], never corrupts.
//!
//! Imports: model, strings (and secret, by the layering rules; unused so far).

mod export;
mod kinds;
mod logs;
mod open;
mod place;
mod search;
mod sync;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::model::{
    Action, ActionVersion, CodePackage, Module, ModuleVersion, PackageId, Timestamp,
};
use crate::strings::store as words;

pub use export::{PlaceVersion, StoredContent};
pub use kinds::{Listed, ObjectKind, VersionColumns, Versioned};
pub use open::{StoreError, BUSY_TIMEOUT, SCHEMA_VERSION};
pub use place::place_of;
pub use search::{BlobId, ContentHash, StoredCode, StoredVersion};

/// The store's file name inside the data dir.
pub const FILE_NAME: &str = "history.sqlite3";

/// Which service a place belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    Auth0,
    #[serde(rename = "faircom")]
    FairCom,
}

impl Service {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auth0 => "auth0",
            Self::FairCom => "faircom",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "auth0" => Some(Self::Auth0),
            "faircom" => Some(Self::FairCom),
            _ => None,
        }
    }
}

/// Where objects live: an Auth0 tenant (its domain) or a FairCom server (its address; a package's
/// database and owner are part of its id, `database/owner/name`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Place {
    pub service: Service,
    pub name: String,
}

impl Place {
    /// A tenant as configured (`acme.eu.auth0.com` or `https://acme.eu.auth0.com/`): one place.
    pub fn auth0(domain: &str) -> Self {
        Self {
            service: Service::Auth0,
            name: normalized(domain),
        }
    }

    /// A FairCom server as configured (`host`, `host:port` or a URL, with or without `/api`).
    pub fn faircom(server: &str) -> Self {
        Self {
            service: Service::FairCom,
            name: normalized(server),
        }
    }

    /// `auth0 acme.eu.auth0.com`.
    pub fn label(&self) -> String {
        format!("{} {}", self.service.as_str(), self.name)
    }
}

/// The spellings of one address made one: no scheme, no trailing `/` or `/api`, lower case.
fn normalized(address: &str) -> String {
    let lower = address.trim().to_ascii_lowercase();
    let bare = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or(&lower)
        .trim_end_matches('/');
    bare.strip_suffix("/api")
        .unwrap_or(bare)
        .trim_end_matches('/')
        .to_string()
}

/// What a record call did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recorded {
    /// Versions not stored before.
    pub added: usize,
    /// Versions stored before with the same code (seen again: stored once).
    pub already_stored: usize,
    /// Versions stored before whose id came back with OTHER code: both are kept.
    pub conflicts: Vec<Conflict>,
}

/// A version id the service returned with code other than the code first stored for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    pub kind: ObjectKind,
    pub object_id: String,
    pub version_id: String,
    pub number: u32,
}

/// The other code a version id came back with (see [`Conflict`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConflictingCode {
    pub version_id: String,
    pub number: u32,
    pub code: String,
    pub seen_at: String,
}

/// What the store knows of one stored version besides its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionMark {
    pub version_id: String,
    pub number: u32,
    pub has_code: bool,
    pub first_seen_at: String,
    pub seen_at: String,
    /// When the service was first seen no longer listing it.
    pub pruned_at: Option<String>,
}

/// The last list of one kind seen at a place, with its time.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing<T> {
    pub items: Vec<T>,
    pub seen_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaceStats {
    pub place: Place,
    pub objects: u64,
    pub versions: u64,
    pub pruned: u64,
    /// The code this place's versions and drafts hold, each content counted once.
    pub unique_code_bytes: u64,
    /// Tenant log events kept (issue 18).
    pub log_events: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoreStats {
    pub path: PathBuf,
    /// The file and its write-ahead log, as they are on disk.
    pub file_bytes: u64,
    /// All code stored, each content once (a content two places share counts once here).
    pub unique_code_bytes: u64,
    pub places: Vec<PlaceStats>,
}

/// What `forget` removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Forgotten {
    pub objects: u64,
    pub versions: u64,
}

/// The store as the dashboard and the commands share it between tasks (SQLite calls are short;
/// a long one, such as a search, runs on a blocking thread).
pub type SharedStore = std::sync::Arc<std::sync::Mutex<Store>>;

/// One open store file (one connection: not shared between threads; wrap it in a `Mutex`).
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `value` as JSON, with any secret this process holds masked (a server may echo one).
fn json<T: Serialize>(value: &T, what: &str) -> Result<String, rusqlite::Error> {
    let text = serde_json::to_string(value).map_err(|e| {
        rusqlite::Error::ToSqlConversionFailure(Box::new(std::io::Error::other(format!(
            "{}: {e}",
            words::unstorable(what)
        ))))
    })?;
    Ok(crate::secret::scrub_held(&text).into_owned())
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, rusqlite::Error> {
    serde_json::from_str(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
    })
}

impl Store {
    /// Opens the store at `path` (normally `data_dir/history.sqlite3`), creating it owner-only if
    /// absent and migrating an older schema forward. A file that is not a store, is truncated or
    /// comes from a newer codedeck is refused and left untouched.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        let conn = open::open(&path)?;
        Ok(Self { conn, path })
    }

    /// The store's path in a data dir.
    pub fn path_in(data_dir: &Path) -> PathBuf {
        data_dir.join(FILE_NAME)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// This store, to be shared between tasks.
    pub fn shared(self) -> SharedStore {
        std::sync::Arc::new(std::sync::Mutex::new(self))
    }

    /// Changes when anything in the file may have changed since it was last taken: another
    /// connection's commit (SQLite's `data_version`) or a write through this one. What was read
    /// under the same stamp is still what the store holds.
    pub fn change_stamp(&self) -> Result<(i64, u64), StoreError> {
        let theirs: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))
            .map_err(|e| self.fail(&e))?;
        Ok((theirs, self.conn.total_changes()))
    }

    /// How long a write waits for another process's (default [`BUSY_TIMEOUT`]).
    pub fn set_busy_timeout(&self, wait: Duration) -> Result<(), StoreError> {
        self.conn.busy_timeout(wait).map_err(|e| self.fail(&e))
    }

    fn fail(&self, error: &rusqlite::Error) -> StoreError {
        StoreError::from_sqlite(&self.path, error)
    }

    /// One write: an IMMEDIATE transaction (it waits for another writer, up to the busy timeout).
    fn write<T>(
        &mut self,
        body: impl FnOnce(&Transaction<'_>) -> Result<T, rusqlite::Error>,
    ) -> Result<T, StoreError> {
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| StoreError::from_sqlite(&path, &e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        let value = body(&tx).map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(value)
    }

    /// An action as read (its draft, its live version) and versions of it fetched from the service.
    pub fn record_action_versions(
        &mut self,
        place: &Place,
        action: &Action,
        versions: &[ActionVersion],
    ) -> Result<Recorded, StoreError> {
        self.record_object(place, action, versions)
    }

    /// A module as read and versions of it fetched from the service.
    pub fn record_module_versions(
        &mut self,
        place: &Place,
        module: &Module,
        versions: &[ModuleVersion],
    ) -> Result<Recorded, StoreError> {
        self.record_object(place, module, versions)
    }

    /// Entries of code packages' histories (of one package or several); entries without code are
    /// kept as known numbers, their code filled in when an entry with it is recorded.
    pub fn record_package_history(
        &mut self,
        place: &Place,
        history: &[CodePackage],
    ) -> Result<Recorded, StoreError> {
        let seen_at = now();
        self.write(|tx| {
            let place_id = place_row(tx, place)?;
            let mut recorded = Recorded::default();
            for entry in history {
                let object = object_row(
                    tx,
                    place_id,
                    ObjectKind::Package,
                    &entry.id.key(),
                    &entry.id.name,
                )?;
                put_version(tx, object, &entry.id.name, entry, &seen_at, &mut recorded)?;
            }
            Ok(recorded)
        })
    }

    fn record_object<L: Listed>(
        &mut self,
        place: &Place,
        object: &L,
        versions: &[L::Version],
    ) -> Result<Recorded, StoreError> {
        let seen_at = now();
        self.write(|tx| {
            let place_id = place_row(tx, place)?;
            let mut recorded = Recorded::default();
            let row = put_object(tx, place_id, object, &seen_at, None, &mut recorded)?;
            for version in versions {
                put_version(
                    tx,
                    row,
                    &object.object_name(),
                    version,
                    &seen_at,
                    &mut recorded,
                )?;
            }
            Ok(recorded)
        })
    }

    /// A list of one kind as the service gave it (with each object's draft and live version, when
    /// the payload carries them), seen at `seen_at`: it replaces the last list of that kind.
    pub fn record_list<L: Listed>(
        &mut self,
        place: &Place,
        items: &[L],
        seen_at: Timestamp,
    ) -> Result<Recorded, StoreError> {
        let kind = L::Version::KIND;
        let seen_at = seen_at.to_rfc3339_opts(SecondsFormat::Millis, true);
        self.write(|tx| {
            let place_id = place_row(tx, place)?;
            tx.execute(
                "UPDATE objects SET list_position = NULL WHERE place = ?1 AND kind = ?2",
                params![place_id, kind.as_str()],
            )?;
            let mut recorded = Recorded::default();
            for (position, item) in items.iter().enumerate() {
                put_object(tx, place_id, item, &seen_at, Some(position), &mut recorded)?;
            }
            tx.execute(
                "INSERT INTO lists (place, kind, seen_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (place, kind) DO UPDATE SET seen_at = excluded.seen_at",
                params![place_id, kind.as_str(), seen_at],
            )?;
            Ok(recorded)
        })
    }

    /// The last list of `L`'s kind seen at `place`, in the order it came, with drafts and live
    /// versions as stored; `None` when none was ever recorded.
    pub fn listed<L: Listed>(&self, place: &Place) -> Result<Option<Listing<L>>, StoreError> {
        self.listed_inner(place).map_err(|e| self.fail(&e))
    }

    fn listed_inner<L: Listed>(
        &self,
        place: &Place,
    ) -> Result<Option<Listing<L>>, rusqlite::Error> {
        let kind = L::Version::KIND;
        let seen_at: Option<String> = self
            .conn
            .query_row(
                "SELECT l.seen_at FROM lists l JOIN places p ON p.id = l.place
                 WHERE p.service = ?1 AND p.name = ?2 AND l.kind = ?3",
                params![place.service.as_str(), place.name, kind.as_str()],
                |row| row.get(0),
            )
            .optional()?;
        let Some(seen_at) = seen_at else {
            return Ok(None);
        };
        let seen_at = parse_time(&seen_at)?;
        let mut statement = self.conn.prepare_cached(
            "SELECT o.id, o.snapshot, o.live_version_id, b.encoding, b.code FROM objects o
             JOIN places p ON p.id = o.place
             LEFT JOIN blobs b ON b.id = o.draft_blob
             WHERE p.service = ?1 AND p.name = ?2 AND o.kind = ?3
               AND o.list_position IS NOT NULL AND o.snapshot IS NOT NULL
             ORDER BY o.list_position",
        )?;
        let rows = statement
            .query_map(
                params![place.service.as_str(), place.name, kind.as_str()],
                |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, String>(1)?,
                        code_at(row, 3)?,
                        row.get::<_, Option<String>>(2)?,
                    ))
                },
            )?
            .collect::<Result<Vec<_>, _>>()?;
        let mut items = Vec::with_capacity(rows.len());
        for (object, snapshot, draft, live_id) in rows {
            let stripped: L = from_json(&snapshot)?;
            let live = match live_id {
                Some(id) => self.version_of::<L::Version>(object, &id)?,
                None => None,
            };
            items.push(stripped.restored(draft, live));
        }
        Ok(Some(Listing { items, seen_at }))
    }

    /// Marks the object's stored versions that `still_listed` (the version ids the service lists
    /// now, all of them) lacks as pruned, and clears the mark of those it lists. Returns how many
    /// were newly marked.
    pub fn mark_pruned(
        &mut self,
        place: &Place,
        kind: ObjectKind,
        object_id: &str,
        still_listed: &[String],
    ) -> Result<usize, StoreError> {
        let at = now();
        self.write(|tx| {
            let Some(object) = find_object(tx, place, kind, object_id)? else {
                return Ok(0);
            };
            let stored: Vec<(i64, String, bool)> = tx
                .prepare_cached(
                    "SELECT id, version_id, pruned_at IS NOT NULL FROM versions WHERE object = ?1",
                )?
                .query_map([object], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
                .collect::<Result<_, _>>()?;
            let mut marked = 0;
            for (row, version_id, pruned) in stored {
                let listed = still_listed.contains(&version_id);
                if !listed && !pruned {
                    tx.execute(
                        "UPDATE versions SET pruned_at = ?1 WHERE id = ?2",
                        params![at, row],
                    )?;
                    marked += 1;
                } else if listed && pruned {
                    tx.execute("UPDATE versions SET pruned_at = NULL WHERE id = ?1", [row])?;
                }
            }
            Ok(marked)
        })
    }

    /// Every stored version of an action, newest first, with its code; `deployed` as last seen.
    pub fn action_versions(
        &self,
        place: &Place,
        action_id: &str,
    ) -> Result<Vec<ActionVersion>, StoreError> {
        let live = self.live_version_id(place, ObjectKind::Action, action_id)?;
        Ok(self
            .versions::<ActionVersion>(place, action_id)?
            .into_iter()
            .map(|v| ActionVersion {
                deployed: live.as_deref() == Some(v.id.as_str()),
                ..v
            })
            .collect())
    }

    /// Every stored version of a module, newest first, with its code.
    pub fn module_versions(
        &self,
        place: &Place,
        module_id: &str,
    ) -> Result<Vec<ModuleVersion>, StoreError> {
        self.versions::<ModuleVersion>(place, module_id)
    }

    /// A code package's stored history, newest first (entries whose code was never seen have none).
    pub fn package_history(
        &self,
        place: &Place,
        id: &PackageId,
    ) -> Result<Vec<CodePackage>, StoreError> {
        self.versions::<CodePackage>(place, &id.key())
    }

    /// The version numbers stored WITH their code: a sync fetches only the others.
    pub fn known_version_numbers(
        &self,
        place: &Place,
        kind: ObjectKind,
        object_id: &str,
    ) -> Result<BTreeSet<u32>, StoreError> {
        self.version_marks(place, kind, object_id).map(|marks| {
            marks
                .into_iter()
                .filter(|m| m.has_code)
                .map(|m| m.number)
                .collect()
        })
    }

    /// The stored versions' bookkeeping (seen, pruned), newest first.
    pub fn version_marks(
        &self,
        place: &Place,
        kind: ObjectKind,
        object_id: &str,
    ) -> Result<Vec<VersionMark>, StoreError> {
        let query = || -> Result<Vec<VersionMark>, rusqlite::Error> {
            let Some(object) = find_object(&self.conn, place, kind, object_id)? else {
                return Ok(vec![]);
            };
            self.conn
                .prepare_cached(
                    "SELECT version_id, number, blob IS NOT NULL, first_seen_at, seen_at, pruned_at
                     FROM versions WHERE object = ?1 ORDER BY number DESC, id DESC",
                )?
                .query_map([object], |row| {
                    Ok(VersionMark {
                        version_id: row.get(0)?,
                        number: row.get(1)?,
                        has_code: row.get(2)?,
                        first_seen_at: row.get(3)?,
                        seen_at: row.get(4)?,
                        pruned_at: row.get(5)?,
                    })
                })?
                .collect()
        };
        query().map_err(|e| self.fail(&e))
    }

    /// The other code versions of this object came back with, oldest first.
    pub fn conflicts(
        &self,
        place: &Place,
        kind: ObjectKind,
        object_id: &str,
    ) -> Result<Vec<ConflictingCode>, StoreError> {
        let query = || -> Result<Vec<ConflictingCode>, rusqlite::Error> {
            let Some(object) = find_object(&self.conn, place, kind, object_id)? else {
                return Ok(vec![]);
            };
            self.conn
                .prepare_cached(
                    "SELECT v.version_id, v.number, c.seen_at, b.encoding, b.code FROM conflicts c
                     JOIN versions v ON v.id = c.version JOIN blobs b ON b.id = c.blob
                     WHERE v.object = ?1 ORDER BY c.id",
                )?
                .query_map([object], |row| {
                    Ok(ConflictingCode {
                        version_id: row.get(0)?,
                        number: row.get(1)?,
                        code: code_at(row, 3)?.unwrap_or_default(),
                        seen_at: row.get(2)?,
                    })
                })?
                .collect()
        };
        query().map_err(|e| self.fail(&e))
    }

    fn live_version_id(
        &self,
        place: &Place,
        kind: ObjectKind,
        object_id: &str,
    ) -> Result<Option<String>, StoreError> {
        let query = || -> Result<Option<String>, rusqlite::Error> {
            let Some(object) = find_object(&self.conn, place, kind, object_id)? else {
                return Ok(None);
            };
            self.conn.query_row(
                "SELECT live_version_id FROM objects WHERE id = ?1",
                [object],
                |row| row.get(0),
            )
        };
        query().map_err(|e| self.fail(&e))
    }

    fn versions<V: Versioned>(&self, place: &Place, object_id: &str) -> Result<Vec<V>, StoreError> {
        let query = || -> Result<Vec<V>, rusqlite::Error> {
            let Some(object) = find_object(&self.conn, place, V::KIND, object_id)? else {
                return Ok(vec![]);
            };
            self.conn
                .prepare_cached(&format!(
                    "{VERSION_COLUMNS} WHERE v.object = ?1 ORDER BY v.number DESC, v.id DESC"
                ))?
                .query_map([object], version_from_row::<V>)?
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .collect()
        };
        query().map_err(|e| self.fail(&e))
    }

    fn version_of<V: Versioned>(
        &self,
        object: i64,
        version_id: &str,
    ) -> Result<Option<V>, rusqlite::Error> {
        self.conn
            .prepare_cached(&format!(
                "{VERSION_COLUMNS} WHERE v.object = ?1 AND v.version_id = ?2"
            ))?
            .query_row(params![object, version_id], version_from_row::<V>)
            .optional()?
            .transpose()
    }

    /// Per place: objects, versions, pruned versions, unique code; and the file's size.
    pub fn stats(&self) -> Result<StoreStats, StoreError> {
        let query = || -> Result<(Vec<PlaceStats>, u64), rusqlite::Error> {
            let places = self
                .conn
                .prepare(
                    "SELECT p.service, p.name,
                       (SELECT count(*) FROM objects o WHERE o.place = p.id),
                       (SELECT count(*) FROM versions v JOIN objects o ON o.id = v.object
                          WHERE o.place = p.id),
                       (SELECT count(*) FROM versions v JOIN objects o ON o.id = v.object
                          WHERE o.place = p.id AND v.pruned_at IS NOT NULL),
                       (SELECT count(*) FROM log_events l WHERE l.place = p.id),
                       (SELECT coalesce(sum(b.bytes), 0) FROM blobs b WHERE b.id IN (
                          SELECT v.blob FROM versions v JOIN objects o ON o.id = v.object
                            WHERE o.place = p.id
                          UNION SELECT o.draft_blob FROM objects o WHERE o.place = p.id
                          UNION SELECT c.blob FROM conflicts c JOIN versions v ON v.id = c.version
                            JOIN objects o ON o.id = v.object WHERE o.place = p.id))
                     FROM places p ORDER BY p.service, p.name",
                )?
                .query_map([], |row| {
                    let service: String = row.get(0)?;
                    Ok((
                        service,
                        row.get::<_, String>(1)?,
                        [
                            row.get::<_, i64>(2)? as u64,
                            row.get::<_, i64>(3)? as u64,
                            row.get::<_, i64>(4)? as u64,
                            row.get::<_, i64>(5)? as u64,
                            row.get::<_, i64>(6)? as u64,
                        ],
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .filter_map(
                    |(service, name, [objects, versions, pruned, logs, bytes])| {
                        Some(PlaceStats {
                            place: Place {
                                service: Service::parse(&service)?,
                                name,
                            },
                            objects,
                            versions,
                            pruned,
                            unique_code_bytes: bytes,
                            log_events: logs,
                        })
                    },
                )
                .collect();
            let total: i64 =
                self.conn
                    .query_row("SELECT coalesce(sum(bytes), 0) FROM blobs", [], |row| {
                        row.get(0)
                    })?;
            let total = total as u64;
            Ok((places, total))
        };
        let (places, unique_code_bytes) = query().map_err(|e| self.fail(&e))?;
        Ok(StoreStats {
            path: self.path.clone(),
            file_bytes: file_bytes(&self.path),
            unique_code_bytes,
            places,
        })
    }

    /// Removes everything stored of a place (and the code no other place holds). Freed pages are
    /// zeroed and the log truncated, so the code is gone from the disk too, not only unlisted.
    pub fn forget(&mut self, place: &Place) -> Result<Forgotten, StoreError> {
        self.conn
            .pragma_update(None, "secure_delete", true)
            .map_err(|e| self.fail(&e))?;
        let forgotten = self.write(|tx| {
            let place_id: Option<i64> = tx
                .query_row(
                    "SELECT id FROM places WHERE service = ?1 AND name = ?2",
                    params![place.service.as_str(), place.name],
                    |row| row.get(0),
                )
                .optional()?;
            let Some(place_id) = place_id else {
                return Ok(Forgotten::default());
            };
            let (objects, versions): (i64, i64) = tx.query_row(
                "SELECT (SELECT count(*) FROM objects WHERE place = ?1),
                        (SELECT count(*) FROM versions v JOIN objects o ON o.id = v.object
                           WHERE o.place = ?1)",
                [place_id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?;
            tx.execute("DELETE FROM places WHERE id = ?1", [place_id])?;
            tx.execute(
                "DELETE FROM blobs WHERE id NOT IN (SELECT blob FROM versions WHERE blob IS NOT NULL)
                   AND id NOT IN (SELECT draft_blob FROM objects WHERE draft_blob IS NOT NULL)
                   AND id NOT IN (SELECT blob FROM conflicts)",
                [],
            )?;
            Ok(Forgotten {
                objects: objects as u64,
                versions: versions as u64,
            })
        });
        // Back to the usual: zeroing costs a write per freed page.
        let reset = self.conn.pragma_update(None, "secure_delete", false);
        let forgotten = forgotten?;
        reset.map_err(|e| self.fail(&e))?;
        // Best effort: another process reading keeps the log; it is truncated at a later forget
        // or checkpoint.
        let _ = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        Ok(forgotten)
    }

    /// Every place with something stored.
    pub fn places(&self) -> Result<Vec<Place>, StoreError> {
        self.stats()
            .map(|s| s.places.into_iter().map(|p| p.place).collect())
    }
}

/// The file and its write-ahead log on disk.
fn file_bytes(path: &Path) -> u64 {
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    size(path) + size(Path::new(&wal))
}

fn parse_time(text: &str) -> Result<Timestamp, rusqlite::Error> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
        })
}

const VERSION_COLUMNS: &str = "SELECT v.record, b.encoding, b.code, v.created_at, v.status,
    v.runtime, v.dependencies, v.secret_names FROM versions v LEFT JOIN blobs b ON b.id = v.blob";

/// A row of [`VERSION_COLUMNS`] back into its model type. The outer `Result` is SQLite's; the
/// inner one the JSON's (kept apart so `query_map` can carry both).
fn version_from_row<V: Versioned>(
    row: &rusqlite::Row<'_>,
) -> Result<Result<V, rusqlite::Error>, rusqlite::Error> {
    let record: String = row.get(0)?;
    let code = code_at(row, 1);
    let dependencies: Option<String> = row.get(6)?;
    let secrets: Option<String> = row.get(7)?;
    let columns = || -> Result<VersionColumns, rusqlite::Error> {
        Ok(VersionColumns {
            created_at: row.get(3)?,
            status: row.get(4)?,
            runtime: row.get(5)?,
            dependencies: dependencies
                .as_deref()
                .map(from_json)
                .transpose()?
                .unwrap_or_default(),
            secrets: secrets
                .as_deref()
                .map(from_json)
                .transpose()?
                .unwrap_or_default(),
        })
    };
    Ok(columns().and_then(|columns| {
        let stripped: V = from_json(&record)?;
        Ok(stripped.restored(code?, columns))
    }))
}

fn place_row(tx: &Transaction<'_>, place: &Place) -> Result<i64, rusqlite::Error> {
    tx.query_row(
        "INSERT INTO places (service, name) VALUES (?1, ?2)
         ON CONFLICT (service, name) DO UPDATE SET name = excluded.name RETURNING id",
        params![place.service.as_str(), place.name],
        |row| row.get(0),
    )
}

fn find_object(
    conn: &Connection,
    place: &Place,
    kind: ObjectKind,
    object_id: &str,
) -> Result<Option<i64>, rusqlite::Error> {
    conn.query_row(
        "SELECT o.id FROM objects o JOIN places p ON p.id = o.place
         WHERE p.service = ?1 AND p.name = ?2 AND o.kind = ?3 AND o.object_id = ?4",
        params![place.service.as_str(), place.name, kind.as_str(), object_id],
        |row| row.get(0),
    )
    .optional()
}

/// The object's row (made if new), its name brought up to date.
fn object_row(
    tx: &Transaction<'_>,
    place_id: i64,
    kind: ObjectKind,
    object_id: &str,
    name: &str,
) -> Result<i64, rusqlite::Error> {
    tx.query_row(
        "INSERT INTO objects (place, kind, object_id, name) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (place, kind, object_id) DO UPDATE SET name = excluded.name RETURNING id",
        params![place_id, kind.as_str(), object_id, name],
        |row| row.get(0),
    )
}

/// The object as seen now: its snapshot, draft and live version (recorded as a version too);
/// `position` in the list it came in, if any.
fn put_object<L: Listed>(
    tx: &Transaction<'_>,
    place_id: i64,
    object: &L,
    seen_at: &str,
    position: Option<usize>,
    recorded: &mut Recorded,
) -> Result<i64, rusqlite::Error> {
    let name = object.object_name();
    let row = object_row(tx, place_id, L::Version::KIND, &object.object_id(), &name)?;
    let live = object.live_version();
    if let Some(live) = &live {
        put_version(tx, row, &name, live, seen_at, recorded)?;
    }
    let draft = object
        .draft_code()
        .map(|code| put_blob(tx, code))
        .transpose()?;
    let old_draft: Option<i64> =
        tx.query_row("SELECT draft_blob FROM objects WHERE id = ?1", [row], |r| {
            r.get(0)
        })?;
    tx.execute(
        "UPDATE objects SET snapshot = ?1, draft_blob = coalesce(?2, draft_blob),
           live_version_id = ?3, seen_at = ?4,
           list_position = coalesce(?5, list_position)
         WHERE id = ?6",
        params![
            json(&object.stripped(), "an object")?,
            draft,
            live.as_ref().map(Versioned::version_id),
            seen_at,
            position.map(|p| p as i64),
            row
        ],
    )?;
    if let (Some(old), Some(new)) = (old_draft, draft) {
        if old != new {
            drop_if_unused(tx, old)?;
        }
    }
    Ok(row)
}

/// Stores a version once: new → added; same id and code → seen again; same id, other code → the
/// other code kept in `conflicts` (never over the first).
fn put_version<V: Versioned>(
    tx: &Transaction<'_>,
    object: i64,
    name: &str,
    version: &V,
    seen_at: &str,
    recorded: &mut Recorded,
) -> Result<(), rusqlite::Error> {
    let blob = version.code().map(|code| put_blob(tx, code)).transpose()?;
    let version_id = version.version_id();
    let stored: Option<(i64, Option<i64>)> = tx
        .query_row(
            "SELECT id, blob FROM versions WHERE object = ?1 AND version_id = ?2",
            params![object, version_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let columns = version.columns();
    let Some((row, stored_blob)) = stored else {
        tx.execute(
            "INSERT INTO versions (object, version_id, number, blob, name, created_at, status,
               runtime, dependencies, secret_names, record, first_seen_at, seen_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
            params![
                object,
                version_id,
                version.number(),
                blob,
                name,
                columns.created_at,
                columns.status,
                columns.runtime,
                json(&columns.dependencies, "dependencies")?,
                json(&columns.secrets, "secret names")?,
                json(&version.stripped(), "a version")?,
                seen_at,
            ],
        )?;
        recorded.added += 1;
        return Ok(());
    };
    // Seen again: its build status may have moved on (building → built); the code never changes.
    tx.execute(
        "UPDATE versions SET seen_at = ?1, status = coalesce(?2, status), pruned_at = NULL
         WHERE id = ?3",
        params![seen_at, columns.status, row],
    )?;
    match (stored_blob, blob) {
        (None, Some(blob)) => {
            tx.execute(
                "UPDATE versions SET blob = ?1 WHERE id = ?2",
                params![blob, row],
            )?;
            recorded.added += 1;
        }
        (Some(first), Some(other)) if first != other => {
            tx.execute(
                "INSERT INTO conflicts (version, blob, seen_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (version, blob) DO NOTHING",
                params![row, other, seen_at],
            )?;
            recorded.conflicts.push(Conflict {
                kind: V::KIND,
                object_id: tx.query_row(
                    "SELECT object_id FROM objects WHERE id = ?1",
                    [object],
                    |r| r.get(0),
                )?,
                version_id,
                number: version.number(),
            });
        }
        _ => recorded.already_stored += 1,
    }
    Ok(())
}

/// How a blob's bytes hold its code. New code is stored plain (search reads it without inflating;
/// plain code stays within the size rule of 1.2× the unique bytes); deflated rows written by older
/// stores are still read.
const PLAIN: i64 = 0;
const DEFLATED: i64 = 1;

/// The blob holding `code`, stored now if no version held it yet.
fn put_blob(tx: &Transaction<'_>, code: &str) -> Result<i64, rusqlite::Error> {
    // A server may echo a token into code: what this process holds is never written.
    let code = &*crate::secret::scrub_held(code);
    let hash = Sha256::digest(code.as_bytes());
    let hash = hash.as_slice();
    if let Some(id) = tx
        .query_row("SELECT id FROM blobs WHERE sha256 = ?1", [hash], |row| {
            row.get(0)
        })
        .optional()?
    {
        return Ok(id);
    }
    tx.query_row(
        "INSERT INTO blobs (sha256, bytes, encoding, code) VALUES (?1, ?2, ?3, ?4) RETURNING id",
        params![hash, code.len() as i64, PLAIN, code.as_bytes()],
        |row| row.get(0),
    )
}

/// A blob's code back as text, copied once out of the row.
fn decode(encoding: i64, bytes: &[u8]) -> Result<String, rusqlite::Error> {
    use std::io::Read;
    let unreadable = |e: Box<dyn std::error::Error + Send + Sync>| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Blob, e)
    };
    match encoding {
        PLAIN => std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|e| unreadable(e.into())),
        DEFLATED => {
            let mut code = String::new();
            flate2::read::DeflateDecoder::new(bytes)
                .read_to_string(&mut code)
                .map_err(|e| unreadable(e.into()))?;
            Ok(code)
        }
        other => Err(unreadable(format!("unknown code encoding {other}").into())),
    }
}

/// A nullable `encoding, code` pair of columns as text, read from the row without a copy of
/// its bytes.
fn code_at(row: &rusqlite::Row<'_>, at: usize) -> Result<Option<String>, rusqlite::Error> {
    let encoding: Option<i64> = row.get(at)?;
    let bytes = row.get_ref(at + 1)?.as_bytes_or_null()?;
    match (encoding, bytes) {
        (Some(encoding), Some(bytes)) => decode(encoding, bytes).map(Some),
        _ => Ok(None),
    }
}

/// As [`code_at`], shared: plain code is copied once, straight out of the row.
fn shared_code_at(
    row: &rusqlite::Row<'_>,
    at: usize,
) -> Result<Option<std::sync::Arc<str>>, rusqlite::Error> {
    let encoding: Option<i64> = row.get(at)?;
    let bytes = row.get_ref(at + 1)?.as_bytes_or_null()?;
    match (encoding, bytes) {
        (Some(PLAIN), Some(bytes)) => std::str::from_utf8(bytes)
            .map(|code| Some(code.into()))
            .map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Blob, e.into())
            }),
        (Some(encoding), Some(bytes)) => decode(encoding, bytes).map(|code| Some(code.into())),
        _ => Ok(None),
    }
}

/// Deletes a blob nothing holds any more (a replaced draft's code).
fn drop_if_unused(tx: &Transaction<'_>, blob: i64) -> Result<(), rusqlite::Error> {
    tx.execute(
        "DELETE FROM blobs WHERE id = ?1
           AND NOT EXISTS (SELECT 1 FROM versions WHERE blob = ?1)
           AND NOT EXISTS (SELECT 1 FROM objects WHERE draft_blob = ?1)
           AND NOT EXISTS (SELECT 1 FROM conflicts WHERE blob = ?1)",
        [blob],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // test code stops at the line that failed
    use super::*;

    fn module(code: &str) -> Module {
        Module {
            id: "m1".into(),
            name: "shared".into(),
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

    fn module_version(number: u32, code: &str) -> ModuleVersion {
        ModuleVersion {
            id: format!("m1-v{number}"),
            module_id: "m1".into(),
            number,
            code: code.into(),
            dependencies: vec![],
            secrets: vec![],
            created_at: None,
        }
    }

    #[test]
    fn a_full_disk_is_said_in_words_and_what_was_stored_stays() {
        let dir = tempfile::tempdir().unwrap();
        let place = Place::auth0("acme.auth0.com");
        let mut store = Store::open(Store::path_in(dir.path())).unwrap();
        store
            .record_module_versions(&place, &module("d"), &[module_version(1, "first")])
            .unwrap();
        // The disk is "full" at the pages the file has now.
        let pages: i64 = store
            .conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        store
            .conn
            .pragma_update(None, "max_page_count", pages)
            .unwrap();
        let mut seed = 7_u64;
        let noise: String = (0..200_000)
            .map(|_| {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                char::from(b'!' + (seed >> 58) as u8)
            })
            .collect();
        let error = store
            .record_module_versions(&place, &module("d"), &[module_version(2, &noise)])
            .unwrap_err();
        assert!(matches!(error, StoreError::DiskFull { .. }), "{error:?}");
        assert!(error.to_string().contains("is full"), "{error}");
        let kept = store.module_versions(&place, "m1").unwrap();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].code, "first");
    }

    #[test]
    fn new_code_is_stored_plain_and_comes_back_the_same() {
        for code in [
            "",
            "short",
            &"exports.x = 1;\n".repeat(100),
            "ünïcødé ✓".repeat(40).as_str(),
        ] {
            assert_eq!(decode(PLAIN, code.as_bytes()).unwrap(), code);
        }
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(Store::path_in(dir.path())).unwrap();
        let code = "exports.x = 1;\n".repeat(100);
        store
            .record_module_versions(&Place::auth0("t"), &module(&code), &[])
            .unwrap();
        let (encoding, stored): (i64, Vec<u8>) = store
            .conn
            .query_row("SELECT encoding, code FROM blobs", [], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .unwrap();
        assert_eq!((encoding, stored), (PLAIN, code.into_bytes()));
    }

    #[test]
    fn deflated_code_written_by_older_stores_is_still_read() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(Store::path_in(dir.path())).unwrap();
        let place = Place::auth0("t");
        let code = "exports.x = 1;\n".repeat(100);
        store
            .record_module_versions(
                &place,
                &module("draft"),
                &[module_version(1, &code), module_version(2, "short")],
            )
            .unwrap();
        // As an older store wrote it: every blob deflated.
        let blobs: Vec<(i64, String)> = {
            let mut rows = store.conn.prepare("SELECT id, code FROM blobs").unwrap();
            rows.query_map([], |row| {
                Ok((row.get(0)?, String::from_utf8(row.get(1)?).unwrap()))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect()
        };
        for (id, text) in blobs {
            let mut encoder =
                flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(text.as_bytes()).unwrap();
            store
                .conn
                .execute(
                    "UPDATE blobs SET encoding = ?1, code = ?2 WHERE id = ?3",
                    params![DEFLATED, encoder.finish().unwrap(), id],
                )
                .unwrap();
        }
        let versions = store.module_versions(&place, "m1").unwrap();
        let codes: Vec<&str> = versions.iter().map(|v| v.code.as_str()).collect();
        assert_eq!(codes, vec!["short", code.as_str()], "newest first");
        let all = store.stored_code(None, |_| true).unwrap();
        let read: Vec<Option<&str>> = all.versions.iter().map(|v| all.code(v.blob)).collect();
        assert_eq!(
            read,
            vec![Some(code.as_str()), Some("short"), Some("draft")]
        );
    }

    #[test]
    fn places_are_one_however_the_address_is_spelled() {
        assert_eq!(
            Place::auth0("https://ACME.eu.auth0.com/"),
            Place::auth0("acme.eu.auth0.com")
        );
        assert_eq!(
            Place::faircom("http://db.local:8443/api/"),
            Place::faircom("db.local:8443")
        );
        assert_ne!(Place::auth0("a.auth0.com"), Place::faircom("a.auth0.com"));
    }
}
