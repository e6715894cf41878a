//! What `codedeck export` reads: every stored version of a place (pruned ones too), with its
//! object's identity and the name the object had when the version was recorded, each as its model
//! type. The order is the store's (object, then number); the exporter orders them across objects.

use rusqlite::params;

use super::{version_from_row, ObjectKind, Place, Store, StoreError};
use crate::model::{ActionVersion, CodePackage, ModuleVersion};

/// One stored version, whatever its kind.
#[derive(Debug, Clone, PartialEq)]
pub enum StoredContent {
    Action(ActionVersion),
    Module(ModuleVersion),
    /// A FairCom history entry; its `code` is `None` when it was never seen.
    Package(CodePackage),
}

/// A version as the export reads it: whose it is and what the store knows of it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceVersion {
    pub kind: ObjectKind,
    /// The service's id of the object (a package's `database/owner/name`).
    pub object_id: String,
    /// The object's name as recorded with this version.
    pub name: String,
    pub content: StoredContent,
    /// The version's creation time as stored: RFC 3339 for Auth0, FairCom's zoneless server time.
    pub created_at: Option<String>,
    /// When codedeck first stored it (RFC 3339, UTC).
    pub first_seen_at: String,
    /// When the service was first seen no longer listing it.
    pub pruned_at: Option<String>,
    /// False for a package history entry whose code was never seen.
    pub has_code: bool,
}

/// The columns `version_from_row` reads (0–7), then the export's own.
const EXPORT_COLUMNS: &str = "SELECT v.record, b.encoding, b.code, v.created_at, v.status,
    v.runtime, v.dependencies, v.secret_names,
    o.kind, o.object_id, v.name, v.first_seen_at, v.pruned_at, v.blob IS NOT NULL
    FROM versions v LEFT JOIN blobs b ON b.id = v.blob
    JOIN objects o ON o.id = v.object JOIN places p ON p.id = o.place
    WHERE p.service = ?1 AND p.name = ?2
    ORDER BY o.kind, o.object_id, v.number, v.id";

fn kind_named(text: &str) -> Option<ObjectKind> {
    [ObjectKind::Action, ObjectKind::Module, ObjectKind::Package]
        .into_iter()
        .find(|kind| kind.as_str() == text)
}

/// A row's fields besides the content: kind, created_at, object id, name, first seen, pruned,
/// has code.
type RowFacts = (
    Option<ObjectKind>,
    Option<String>,
    String,
    String,
    String,
    Option<String>,
    bool,
);

/// The content of a row of [`EXPORT_COLUMNS`] as its kind's model type (`None`: a kind this
/// codedeck does not know). The outer `Result` is SQLite's, the inner one the JSON's.
fn content_of(
    kind: Option<ObjectKind>,
    row: &rusqlite::Row<'_>,
) -> Result<Option<Result<StoredContent, rusqlite::Error>>, rusqlite::Error> {
    Ok(match kind {
        None => None,
        Some(ObjectKind::Action) => {
            Some(version_from_row::<ActionVersion>(row)?.map(StoredContent::Action))
        }
        Some(ObjectKind::Module) => {
            Some(version_from_row::<ModuleVersion>(row)?.map(StoredContent::Module))
        }
        Some(ObjectKind::Package) => {
            Some(version_from_row::<CodePackage>(row)?.map(StoredContent::Package))
        }
    })
}

impl Store {
    /// Every version stored of `place`, pruned ones included, grouped by object, oldest number
    /// first. A row of a kind this codedeck does not know is left out.
    pub fn every_version(&self, place: &Place) -> Result<Vec<PlaceVersion>, StoreError> {
        let query = || -> Result<Vec<PlaceVersion>, rusqlite::Error> {
            let mut statement = self.conn.prepare(EXPORT_COLUMNS)?;
            let rows = statement.query_map(params![place.service.as_str(), place.name], |row| {
                let kind = kind_named(&row.get::<_, String>(8)?);
                let facts: RowFacts = (
                    kind,
                    row.get(3)?,
                    row.get(9)?,
                    row.get(10)?,
                    row.get(11)?,
                    row.get(12)?,
                    row.get(13)?,
                );
                Ok((content_of(kind, row)?, facts))
            })?;
            let mut versions = Vec::new();
            for row in rows {
                let (content, facts) = row?;
                let (
                    Some(content),
                    (Some(kind), created_at, object_id, name, first_seen_at, pruned_at, has_code),
                ) = (content, facts)
                else {
                    continue;
                };
                versions.push(PlaceVersion {
                    kind,
                    object_id,
                    name,
                    content: content?,
                    created_at,
                    first_seen_at,
                    pruned_at,
                    has_code,
                });
            }
            Ok(versions)
        };
        query().map_err(|e| self.fail(&e))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // test code stops at the line that failed
    use super::*;
    use crate::model::{Module, PackageId};

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

    fn module(name: &str) -> Module {
        Module {
            id: "m1".into(),
            name: name.into(),
            code: String::new(),
            dependencies: vec![],
            secrets: vec![],
            actions_using_module_total: 0,
            all_changes_published: true,
            latest_version: None,
            created_at: None,
            updated_at: None,
        }
    }

    #[test]
    fn every_version_of_a_place_comes_back_with_its_name_pruned_ones_too() {
        let dir = tempfile::tempdir().unwrap();
        let place = Place::auth0("acme.auth0.com");
        let other = Place::auth0("other.auth0.com");
        let mut store = Store::open(Store::path_in(dir.path())).unwrap();
        store
            .record_module_versions(&place, &module("old"), &[module_version(1, "one")])
            .unwrap();
        store
            .record_module_versions(&place, &module("new"), &[module_version(2, "two")])
            .unwrap();
        store
            .record_module_versions(&other, &module("elsewhere"), &[module_version(1, "x")])
            .unwrap();
        store
            .mark_pruned(&place, ObjectKind::Module, "m1", &["m1-v2".to_string()])
            .unwrap();
        let package = CodePackage {
            id: PackageId {
                database: "faircom".into(),
                owner: "admin".into(),
                name: "convert".into(),
            },
            code_id: 1,
            version: 1,
            cloned_code_id: 0,
            status: crate::model::CodeStatus::Active,
            language: "javascript".into(),
            code_type: crate::model::CodeType::Module,
            description: String::new(),
            metadata: serde_json::Value::Null,
            comment: String::new(),
            code_format: "utf8".into(),
            code: None,
            created_by: "ADMIN".into(),
            created_on: None,
            updated_by: "ADMIN".into(),
            updated_on: None,
        };
        let server = Place::faircom("db.local");
        store.record_package_history(&server, &[package]).unwrap();

        let versions = store.every_version(&place).unwrap();
        let summary: Vec<(&str, u32, bool)> = versions
            .iter()
            .map(|v| match &v.content {
                StoredContent::Module(m) => (v.name.as_str(), m.number, v.pruned_at.is_some()),
                _ => panic!("only modules here"),
            })
            .collect();
        assert_eq!(summary, vec![("old", 1, true), ("new", 2, false)]);
        assert!(versions.iter().all(|v| v.has_code && v.object_id == "m1"));

        let packages = store.every_version(&server).unwrap();
        assert_eq!(packages.len(), 1);
        assert!(!packages[0].has_code);
        assert_eq!(packages[0].object_id, "faircom/admin/convert");
    }
}
