//! What the archive needs of the store to fetch only what is new: versions recorded by object id
//! alone (a versions page names no object), the live version's number, whether the stored versions
//! leave no gap, and the live versions a list is about to reveal.

use std::collections::{BTreeSet, HashMap};

use rusqlite::{params, OptionalExtension, Transaction};

use super::{find_object, now, put_version, Place, Recorded, Store, StoreError};
use super::{Listed, ObjectKind, Versioned};

impl Store {
    /// One object as a read gave it (its draft, its live version), the last list left as it is.
    pub fn record_seen<L: Listed>(
        &mut self,
        place: &Place,
        object: &L,
    ) -> Result<Recorded, StoreError> {
        self.record_object(place, object, &[])
    }

    /// Versions of one object fetched by its id (its name is kept as stored; an object not seen
    /// before is named by its id until a list or a read names it).
    pub fn record_versions<V: Versioned>(
        &mut self,
        place: &Place,
        object_id: &str,
        versions: &[V],
    ) -> Result<Recorded, StoreError> {
        let seen_at = now();
        self.write(|tx| {
            let place_id = super::place_row(tx, place)?;
            let (object, name) = object_keeping_name(tx, place_id, V::KIND, object_id)?;
            let mut recorded = Recorded::default();
            for version in versions {
                put_version(tx, object, &name, version, &seen_at, &mut recorded)?;
            }
            Ok(recorded)
        })
    }

    /// Every stored version of an object, newest first, the live one (as last seen) marked so.
    pub fn stored_versions<V: Versioned>(
        &self,
        place: &Place,
        object_id: &str,
    ) -> Result<Vec<V>, StoreError> {
        let live = self.live_version_id(place, V::KIND, object_id)?;
        Ok(self
            .versions::<V>(place, object_id)?
            .into_iter()
            .map(|v| {
                let is_live = live.as_deref() == Some(v.version_id().as_str());
                v.marked_live(is_live)
            })
            .collect())
    }

    /// What the object's last seen state says runs: `None` when it was never seen whole (a list
    /// or a read); `Some(None)` when nothing of it is live (an action never deployed, a module never
    /// published); else the live version's number.
    pub fn live_number(
        &self,
        place: &Place,
        kind: ObjectKind,
        object_id: &str,
    ) -> Result<Option<Option<u32>>, StoreError> {
        let query = || -> Result<Option<Option<u32>>, rusqlite::Error> {
            let Some(object) = find_object(&self.conn, place, kind, object_id)? else {
                return Ok(None);
            };
            self.conn
                .query_row(
                    "SELECT o.live_version_id IS NULL, v.number FROM objects o
                       LEFT JOIN versions v ON v.object = o.id AND v.version_id = o.live_version_id
                     WHERE o.id = ?1 AND o.snapshot IS NOT NULL",
                    [object],
                    |row| {
                        let nothing_live: bool = row.get(0)?;
                        let number: Option<u32> = row.get(1)?;
                        Ok(if nothing_live {
                            Some(None)
                        } else {
                            number.map(Some)
                        })
                    },
                )
                .optional()
                .map(Option::flatten)
        };
        query().map_err(|e| self.fail(&e))
    }

    /// True when every version numbered from `lowest` (at least 1) to `top` is stored with its
    /// code: nothing the service can still list is missing.
    pub fn has_every_version(
        &self,
        place: &Place,
        kind: ObjectKind,
        object_id: &str,
        lowest: u32,
        top: u32,
    ) -> Result<bool, StoreError> {
        let known: BTreeSet<u32> = self.known_version_numbers(place, kind, object_id)?;
        Ok((lowest.max(1)..=top).all(|n| known.contains(&n)))
    }

    /// Of the given `(object id, live version id)` pairs, the objects whose live version is not
    /// stored yet: a list revealing them says something new happened there.
    pub fn unseen_live_versions(
        &self,
        place: &Place,
        kind: ObjectKind,
        live: &[(String, String)],
    ) -> Result<Vec<String>, StoreError> {
        let query = || -> Result<Vec<String>, rusqlite::Error> {
            let mut stored: HashMap<String, BTreeSet<String>> = HashMap::new();
            let mut statement = self.conn.prepare_cached(
                "SELECT o.object_id, v.version_id FROM versions v
                   JOIN objects o ON o.id = v.object JOIN places p ON p.id = o.place
                 WHERE p.service = ?1 AND p.name = ?2 AND o.kind = ?3 AND v.blob IS NOT NULL",
            )?;
            let rows = statement.query_map(
                params![place.service.as_str(), place.name, kind.as_str()],
                |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)),
            )?;
            for row in rows {
                let (object, version) = row?;
                stored.entry(object).or_default().insert(version);
            }
            Ok(live
                .iter()
                .filter(|(object, version)| {
                    !stored
                        .get(object)
                        .is_some_and(|versions| versions.contains(version))
                })
                .map(|(object, _)| object.clone())
                .collect())
        };
        query().map_err(|e| self.fail(&e))
    }
}

/// The object's row and its stored name; a new object is named by its id for now.
fn object_keeping_name(
    tx: &Transaction<'_>,
    place_id: i64,
    kind: ObjectKind,
    object_id: &str,
) -> Result<(i64, String), rusqlite::Error> {
    tx.query_row(
        "INSERT INTO objects (place, kind, object_id, name) VALUES (?1, ?2, ?3, ?3)
         ON CONFLICT (place, kind, object_id) DO UPDATE SET name = name RETURNING id, name",
        params![place_id, kind.as_str(), object_id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // test code stops at the line that failed
    use super::*;
    use crate::model::ModuleVersion;

    fn version(number: u32) -> ModuleVersion {
        ModuleVersion {
            id: format!("v{number}"),
            module_id: "m1".into(),
            number,
            code: format!("code {number}"),
            dependencies: vec![],
            secrets: vec![],
            created_at: None,
        }
    }

    #[test]
    fn versions_recorded_by_id_leave_gaps_seen_and_unseen_live_versions_told() {
        let dir = tempfile::tempdir().unwrap();
        let place = Place::auth0("acme.auth0.com");
        let mut store = Store::open(Store::path_in(dir.path())).unwrap();
        let recorded = store
            .record_versions(&place, "m1", &[version(1), version(3)])
            .unwrap();
        assert_eq!(recorded.added, 2);
        let kind = ObjectKind::Module;
        assert!(!store.has_every_version(&place, kind, "m1", 1, 3).unwrap());
        assert!(store.has_every_version(&place, kind, "m1", 3, 3).unwrap());
        store.record_versions(&place, "m1", &[version(2)]).unwrap();
        assert!(store.has_every_version(&place, kind, "m1", 0, 3).unwrap());
        let unseen = store
            .unseen_live_versions(
                &place,
                kind,
                &[("m1".into(), "v2".into()), ("m1".into(), "v9".into())],
            )
            .unwrap();
        assert_eq!(unseen, vec!["m1".to_string()]);
        // Versions alone say nothing of what runs.
        assert_eq!(store.live_number(&place, kind, "m1").unwrap(), None);
    }
}
