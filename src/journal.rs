//! The local journal: every mutation codedeck makes, one JSON object per line, in the platform data dir.
//! It records ids and version numbers — never code, tokens or secret values. A draft that a mutation
//! replaces is saved beside it (under `drafts/`) so no draft is ever lost, and the entry points there.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Overrides the data dir (journal, saved drafts, log); tests point it at a temporary folder.
pub const ENV_DATA_DIR: &str = "CODEDECK_DATA_DIR";

/// `$CODEDECK_DATA_DIR`, else the platform data dir (`~/.local/share/codedeck` on Linux).
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(ENV_DATA_DIR).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("dev", "codedeck", "codedeck")
        .map(|d| d.data_dir().to_path_buf())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    Action,
    Module,
    /// A trigger's bindings (its flow).
    Trigger,
    /// A FairCom code package (`object_id` is `database/owner/name`).
    Package,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// The action's draft was deployed as a new version.
    ActionDeploy,
    /// An earlier action version was deployed again as a new version (also how undo rolls forward).
    ActionRollback,
    /// The module's draft was published as a new version.
    ModulePublish,
    /// The module's draft took a published version's content.
    ModuleRollback,
    /// The module's draft was put back to what it was before (undo of a module rollback).
    ModuleDraftRestore,
    /// A trigger's bindings were replaced (reordered, added to, removed from).
    BindingsChange,
    /// A code package was reverted: an earlier version's code came back as a new current version.
    PackageRevert,
    /// A code package's status was changed (activated, deactivated, deleted, undeleted).
    PackageStatus,
    /// A new action or module was created (`after` names its first version when deployed/published).
    Create,
    /// An action's or module's draft was changed (code, dependencies, secrets by name, runtime);
    /// `before.saved_draft` points at the code it replaced.
    DraftEdit,
    /// An action or module was deleted; `before.saved_draft` keeps its draft code.
    Delete,
}

/// What was live (action) or in the draft (module) on one side of a mutation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The live action version, or the module version whose content the draft holds (if any).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_number: Option<u32>,
    /// Where the draft this mutation replaced was saved (module rollback).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved_draft: Option<PathBuf>,
    /// A trigger's complete order of bound actions (bindings changes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<Vec<crate::model::BoundAction>>,
    /// A code package's status (status changes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<crate::model::CodeStatus>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub at: DateTime<Utc>,
    /// The profile name, `demo`, or `env` when the connection came from the environment.
    pub profile: String,
    /// The tenant (domain or base URL) as shown in the header.
    pub tenant: String,
    pub kind: ObjectKind,
    pub object_id: String,
    pub object_name: String,
    pub operation: Operation,
    pub before: Snapshot,
    pub after: Snapshot,
    /// True when this entry undid an earlier one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub undo: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("no data directory (set {ENV_DATA_DIR})")]
    NoDataDir,
    #[error("cannot write the journal {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error("cannot read the journal {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
}

/// The journal file and the folder for saved drafts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    dir: PathBuf,
}

impl Journal {
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The journal in the data dir.
    pub fn open_default() -> Result<Self, JournalError> {
        data_dir().map(Self::at).ok_or(JournalError::NoDataDir)
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join("journal.jsonl")
    }

    /// Appends one entry (one line; appends of a line are atomic enough for one user's processes).
    pub fn append(&self, entry: &Entry) -> Result<(), JournalError> {
        let path = self.path();
        let write = || -> io::Result<()> {
            create_private_dir(&self.dir)?;
            let mut line = serde_json::to_string(entry).map_err(io::Error::other)?;
            line.push('\n');
            let mut file = private_options().append(true).open(&path)?;
            file.write_all(line.as_bytes())
        };
        write().map_err(|source| JournalError::Write { path, source })
    }

    /// Every entry, oldest first. Lines that do not parse (a newer codedeck, a torn write) are skipped.
    pub fn read(&self) -> Result<Vec<Entry>, JournalError> {
        let path = self.path();
        let file = match File::open(&path) {
            Ok(file) => file,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(vec![]),
            Err(source) => return Err(JournalError::Read { path, source }),
        };
        let mut entries = Vec::new();
        for line in BufReader::new(file).lines() {
            let line = line.map_err(|source| JournalError::Read {
                path: path.clone(),
                source,
            })?;
            if let Ok(entry) = serde_json::from_str(&line) {
                entries.push(entry);
            }
        }
        Ok(entries)
    }

    /// Saves a draft about to be replaced; returns where it went.
    pub fn save_draft(
        &self,
        object_id: &str,
        code: &str,
        at: DateTime<Utc>,
    ) -> Result<PathBuf, JournalError> {
        let dir = self.dir.join("drafts");
        let safe_id: String = object_id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let path = dir.join(format!("{safe_id}-{}.js", at.format("%Y%m%dT%H%M%S%.3fZ")));
        let write = || -> io::Result<()> {
            create_private_dir(&dir)?;
            private_options()
                .write(true)
                .truncate(true)
                .open(&path)?
                .write_all(code.as_bytes())
        };
        write().map_err(|source| JournalError::Write {
            path: path.clone(),
            source,
        })?;
        Ok(path)
    }

    /// A saved draft's code.
    pub fn load_draft(path: &Path) -> Result<String, JournalError> {
        fs::read_to_string(path).map_err(|source| JournalError::Read {
            path: path.to_path_buf(),
            source,
        })
    }
}

/// Folders codedeck creates are the owner's only (saved drafts are code).
pub(crate) fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Created readable by the owner only: the journal names tenants and profiles.
pub(crate) fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// The newest entry for this object on this tenant: what `u` undoes. Undo entries count too (undoing
/// an undo redoes). The tenant matters: trigger ids such as `post-login` are the same on every tenant.
pub fn last_for(
    entries: &[Entry],
    tenant: &str,
    kind: ObjectKind,
    object_id: &str,
) -> Option<Entry> {
    entries
        .iter()
        .rev()
        .find(|e| e.tenant == tenant && e.kind == kind && e.object_id == object_id)
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, operation: Operation, before: u32, after: u32) -> Entry {
        Entry {
            at: Utc::now(),
            profile: "demo".into(),
            tenant: "demo".into(),
            kind: ObjectKind::Action,
            object_id: id.into(),
            object_name: "Name".into(),
            operation,
            before: Snapshot {
                version_id: Some(format!("v{before}")),
                version_number: Some(before),
                saved_draft: None,
                order: None,
                status: None,
            },
            after: Snapshot {
                version_id: Some(format!("v{after}")),
                version_number: Some(after),
                saved_draft: None,
                order: None,
                status: None,
            },
            undo: false,
        }
    }

    #[test]
    fn entries_round_trip_in_order_and_the_file_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::at(dir.path().join("nested"));
        assert!(journal.read().unwrap().is_empty(), "no file yet: empty");
        let first = entry("a", Operation::ActionRollback, 3, 4);
        let second = entry("b", Operation::ActionDeploy, 1, 2);
        journal.append(&first).unwrap();
        journal.append(&second).unwrap();
        assert_eq!(journal.read().unwrap(), vec![first.clone(), second]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(journal.path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "not readable by others: {mode:o}");
        }
        let entries = journal.read().unwrap();
        assert_eq!(
            last_for(&entries, "demo", ObjectKind::Action, "a"),
            Some(first)
        );
        assert_eq!(last_for(&entries, "demo", ObjectKind::Module, "a"), None);
        assert_eq!(
            last_for(&entries, "acme.eu.auth0.com", ObjectKind::Action, "a"),
            None,
            "another tenant's change is not undone here"
        );
    }

    #[test]
    fn a_torn_line_is_skipped_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::at(dir.path());
        journal
            .append(&entry("a", Operation::ActionDeploy, 1, 2))
            .unwrap();
        let mut file = OpenOptions::new()
            .append(true)
            .open(journal.path())
            .unwrap();
        file.write_all(b"{\"at\":\"2026-").unwrap();
        assert_eq!(journal.read().unwrap().len(), 1);
    }

    #[test]
    fn saved_drafts_come_back_byte_for_byte() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::at(dir.path());
        let code = "exports.x = '✓';\n";
        let path = journal.save_draft("../evil/id", code, Utc::now()).unwrap();
        assert!(path.starts_with(dir.path().join("drafts")), "{path:?}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(path.parent().unwrap())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "drafts folder is private: {mode:o}");
        }
        assert_eq!(Journal::load_draft(&path).unwrap(), code);
    }
}
