//! The local journal: every mutation codedeck makes, one JSON object per line, in the platform data dir.
//! It records ids and version numbers — never code, tokens or secret values. A draft that a mutation
//! replaces is saved beside it (under `drafts/`) so no draft is ever lost, and the entry points there.
//!
//! A change is journaled twice: its INTENT before the request is sent, its OUTCOME after (entries of
//! one change share `change`). An outcome nobody knows (the answer was lost, the process was
//! interrupted) is journaled as such and RECONCILED later by another entry of the same change, once
//! the object was read back. Every append is flushed to disk (`sync_data`) before the request it
//! announces goes out, so a killed process leaves at least the intent of every change it sent.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::strings::journal as words;

// Saved test payloads (issue 19), kept beside the journal.
pub mod payloads;

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
    /// A draft edit: what it asked for (`after`) and what those fields held (`before`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asked: Option<AskedDraft>,
}

/// The fields of a draft that an edit sets, with the code only as a hash (the journal keeps no
/// code) and secrets by name (values are never kept, nor readable): enough for any later run to
/// tell whether the draft holds the edit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskedDraft {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_hash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dependencies: Option<Vec<crate::model::Dependency>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_names: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<String>,
}

impl AskedDraft {
    /// What `change` sets.
    pub fn of(change: &crate::model::DraftChange) -> Self {
        Self {
            code_hash: change.code.as_deref().map(code_hash),
            dependencies: change.dependencies.clone(),
            secret_names: change
                .secrets
                .as_ref()
                .map(|s| s.iter().map(|s| s.name.clone()).collect()),
            runtime: change.runtime.clone(),
        }
    }

    /// The same fields as `self`, as `draft` holds them.
    pub fn seen_in(&self, draft: &crate::model::DraftState) -> Self {
        Self {
            code_hash: self.code_hash.as_ref().map(|_| code_hash(&draft.code)),
            dependencies: self
                .dependencies
                .as_ref()
                .map(|_| draft.dependencies.clone()),
            secret_names: self
                .secret_names
                .as_ref()
                .map(|_| draft.secrets.iter().map(|s| s.name.clone()).collect()),
            runtime: self.runtime.as_ref().and(draft.runtime.clone()),
        }
    }

    /// Whether `draft` holds every field asked for.
    pub fn holds(&self, draft: &crate::model::DraftState) -> bool {
        self.seen_in(draft) == *self
    }
}

/// A stable fingerprint of code (FNV-1a, 64 bits, and the length): the same text gives the same
/// string in every run and on every machine.
pub fn code_hash(code: &str) -> String {
    let hash = code.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}-{}", code.len())
}

/// What an entry says of its change (a shared contract: it lives in `model`).
pub use crate::model::Outcome;

/// A fresh id for a change's entries: time and process make it unique on one machine.
pub fn new_change_id(at: DateTime<Utc>) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    format!(
        "{}-{}-{}",
        at.format("%Y%m%dT%H%M%S%.6fZ"),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
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
    /// The change this entry belongs to (its intent, outcome and reconciliations share it). Absent:
    /// an entry that is a change of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    /// What this entry says happened (absent in older journals: `done`).
    #[serde(default)]
    pub outcome: Outcome,
    /// Why the outcome is what it is: the error that lost the answer, the signal, what a read-back
    /// found. Never a secret: errors are scrubbed before they reach the journal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// A promote: the profile the object came from (`profile` names the stage it went to).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promoted_from: Option<String>,
    /// An undo: the change it undid (`z`/`Z`'s chain is read from these, so it survives a restart).
    /// Undoing an undo (a redo) names that undo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undoes: Option<String>,
}

impl Snapshot {
    /// `self` with the version a deploy or publish made (a promote's after-state once released).
    pub fn with_version(self, version_id: &str, number: u32) -> Snapshot {
        Snapshot {
            version_id: Some(version_id.to_string()),
            version_number: Some(number),
            ..self
        }
    }
}

impl Entry {
    /// The entry that records how `self` (an intent or an earlier outcome) ended, stamped now.
    pub fn ended(&self, outcome: Outcome, after: Snapshot, note: Option<String>) -> Entry {
        Entry {
            at: Utc::now(),
            after,
            outcome,
            note,
            ..self.clone()
        }
    }

    fn change_key(&self, line: usize) -> String {
        self.change
            .clone()
            .unwrap_or_else(|| format!("line {line}"))
    }
}

/// The journal as read: every readable entry, oldest first, and the lines that could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JournalRead {
    pub entries: Vec<Entry>,
    /// 1-based line numbers of lines that are not entries (a torn write, a newer codedeck).
    pub unreadable: Vec<usize>,
}

#[derive(Debug)]
pub enum JournalError {
    NoDataDir,
    Write { path: PathBuf, source: io::Error },
    Read { path: PathBuf, source: io::Error },
}

impl std::fmt::Display for JournalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            Self::NoDataDir => words::no_data_dir(ENV_DATA_DIR),
            Self::Write { path, source } => words::journal_unwritable(path, source),
            Self::Read { path, source } => words::journal_unreadable(path, source),
        })
    }
}

impl std::error::Error for JournalError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::NoDataDir => None,
            Self::Write { source, .. } | Self::Read { source, .. } => Some(source),
        }
    }
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

    /// The demo tenant's own journal (under `demo/` in the data dir), apart from real tenants': each
    /// demo run starts a fresh emulator, so it starts this journal empty too ([`Journal::start_empty`]).
    pub fn open_demo() -> Result<Self, JournalError> {
        Self::open_default().map(|j| Self::at(j.dir.join("demo")))
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join("journal.jsonl")
    }

    /// Appends one entry as one line and flushes it to disk before returning, so the request it
    /// announces goes out only once it is recorded. A last line left without its end by a killed
    /// process is ended first: the torn line stays unreadable (and is reported), the new one is not.
    pub fn append(&self, entry: &Entry) -> Result<(), JournalError> {
        let path = self.path();
        let write = || -> io::Result<()> {
            create_private_dir(&self.dir)?;
            let mut line = serde_json::to_string(entry).map_err(io::Error::other)?;
            line.push('\n');
            let mut file = private_options().read(true).append(true).open(&path)?;
            if !ends_with_newline(&mut file)? {
                line.insert(0, '\n');
            }
            file.write_all(line.as_bytes())?;
            file.sync_data()
        };
        write().map_err(|source| JournalError::Write { path, source })
    }

    /// Empties the journal (the demo's, at the start of each demo run).
    pub fn start_empty(&self) -> Result<(), JournalError> {
        let path = self.path();
        let write = || -> io::Result<()> {
            create_private_dir(&self.dir)?;
            private_options()
                .write(true)
                .truncate(true)
                .open(&path)?
                .sync_data()
        };
        write().map_err(|source| JournalError::Write { path, source })
    }

    /// Every entry, oldest first. Lines that do not parse are left out: see [`Journal::read_all`]
    /// for which they are.
    pub fn read(&self) -> Result<Vec<Entry>, JournalError> {
        self.read_all().map(|read| read.entries)
    }

    /// Every entry, oldest first, and the numbers of the lines that are not entries.
    pub fn read_all(&self) -> Result<JournalRead, JournalError> {
        let path = self.path();
        let file = match File::open(&path) {
            Ok(file) => file,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(JournalRead::default()),
            Err(source) => return Err(JournalError::Read { path, source }),
        };
        let mut read = JournalRead::default();
        for (index, line) in BufReader::new(file).split(b'\n').enumerate() {
            let line = line.map_err(|source| JournalError::Read {
                path: path.clone(),
                source,
            })?;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice(&line) {
                Ok(entry) => read.entries.push(entry),
                Err(_) => read.unreadable.push(index + 1),
            }
        }
        Ok(read)
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

/// True for an empty file or one whose last byte ends a line.
fn ends_with_newline(file: &mut File) -> io::Result<bool> {
    if file.metadata()?.len() == 0 {
        return Ok(true);
    }
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
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

/// One entry per change, in the order the changes began, each saying the latest known of its
/// change (an intent followed by its outcome reads as the outcome, with the intent's time).
pub fn changes(entries: &[Entry]) -> Vec<Entry> {
    let mut order: Vec<String> = Vec::new();
    let mut latest: std::collections::HashMap<String, Entry> = std::collections::HashMap::new();
    for (line, entry) in entries.iter().enumerate() {
        let key = entry.change_key(line);
        if let Some(known) = latest.get_mut(&key) {
            let began = known.at;
            *known = Entry {
                at: began,
                ..entry.clone()
            };
        } else {
            order.push(key.clone());
            latest.insert(key, entry.clone());
        }
    }
    order
        .into_iter()
        .filter_map(|key| latest.remove(&key))
        .collect()
}

/// The changes whose outcome is still open (intent only, unknown, interrupted), oldest first.
pub fn open_changes(entries: &[Entry]) -> Vec<Entry> {
    changes(entries)
        .into_iter()
        .filter(|e| e.outcome.is_open())
        .collect()
}

/// The newest change to this object on this tenant that the service made: what `u` undoes. Undo
/// entries count too (undoing an undo redoes). Changes not made, or whose outcome is not known yet,
/// are not undone. The tenant matters: trigger ids such as `post-login` are the same on every tenant.
pub fn last_for(
    entries: &[Entry],
    tenant: &str,
    kind: ObjectKind,
    object_id: &str,
) -> Option<Entry> {
    changes(entries).into_iter().rev().find(|e| {
        e.outcome == Outcome::Done
            && e.tenant == tenant
            && e.kind == kind
            && e.object_id == object_id
    })
}

/// Where `z` and `Z` stand on one tenant: what `z` undoes next and what `Z` redoes next.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UndoChain {
    /// The newest change still in effect that an undo can take back (`z`).
    pub undo: Option<Entry>,
    /// The newest undo not yet redone (`Z` undoes it, putting the change back).
    pub redo: Option<Entry>,
}

/// Which changes one `z`/`Z` chain holds: an Auth0 tenant's actions and modules, or a FairCom
/// place's code packages (each connection keeps its own chain, as each tenant does).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainOf {
    Auth0,
    Packages,
}

/// Whether `z` can take `entry` back: version changes and the drafts codedeck saved before
/// replacing them (creating, deleting, publishing are not undone from here); a package's revert,
/// code edit (journaled as a revert) and status change.
fn undoable(entry: &Entry, of: ChainOf) -> bool {
    match of {
        ChainOf::Auth0 => {
            matches!(entry.kind, ObjectKind::Action | ObjectKind::Module)
                && match entry.operation {
                    Operation::ActionDeploy
                    | Operation::ActionRollback
                    | Operation::ModuleRollback
                    | Operation::ModuleDraftRestore => true,
                    Operation::DraftEdit => entry.before.saved_draft.is_some(),
                    _ => false,
                }
        }
        ChainOf::Packages => {
            entry.kind == ObjectKind::Package
                && matches!(
                    entry.operation,
                    Operation::PackageRevert | Operation::PackageStatus
                )
        }
    }
}

/// The undo chain of an Auth0 `tenant`'s actions and modules (see [`undo_chain_of`]).
pub fn undo_chain(entries: &[Entry], tenant: &str) -> UndoChain {
    undo_chain_of(entries, tenant, ChainOf::Auth0)
}

/// The undo chain of `tenant`, replayed from the journal like an editor's: a change goes on the
/// undo stack and clears the redo stack; an undo moves the change it names onto the redo stack;
/// an undo of an undo (a redo) moves that undo back, as a change `z` can take back again.
pub fn undo_chain_of(entries: &[Entry], tenant: &str, of: ChainOf) -> UndoChain {
    let mut undo: Vec<Entry> = Vec::new();
    let mut redo: Vec<Entry> = Vec::new();
    let made = changes(entries)
        .into_iter()
        .filter(|e| e.outcome == Outcome::Done && e.tenant == tenant && undoable(e, of));
    for entry in made {
        let names = |e: &Entry| e.change.is_some() && e.change == entry.undoes;
        if let Some(at) = undo.iter().position(names) {
            undo.remove(at);
            redo.push(entry);
        } else if let Some(at) = redo.iter().position(names) {
            redo.remove(at);
            undo.push(entry);
        } else {
            undo.push(entry);
            redo.clear();
        }
    }
    UndoChain {
        undo: undo.pop(),
        redo: redo.pop(),
    }
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
                asked: None,
            },
            after: Snapshot {
                version_id: Some(format!("v{after}")),
                version_number: Some(after),
                saved_draft: None,
                order: None,
                status: None,
                asked: None,
            },
            undo: false,
            change: None,
            outcome: Outcome::Done,
            note: None,
            promoted_from: None,
            undoes: None,
        }
    }

    fn change(id: &str, operation: Operation, undoes: Option<&str>) -> Entry {
        Entry {
            change: Some(id.into()),
            undo: undoes.is_some(),
            undoes: undoes.map(Into::into),
            ..entry("act", operation, 1, 2)
        }
    }

    fn ids(chain: &UndoChain) -> (Option<&str>, Option<&str>) {
        (
            chain.undo.as_ref().and_then(|e| e.change.as_deref()),
            chain.redo.as_ref().and_then(|e| e.change.as_deref()),
        )
    }

    #[test]
    fn undo_walks_back_and_redo_puts_back() {
        let rollback = Operation::ActionRollback;
        let mut journal = vec![change("a", rollback, None), change("b", rollback, None)];
        assert_eq!(ids(&undo_chain(&journal, "demo")), (Some("b"), None));
        journal.push(change("ub", rollback, Some("b")));
        assert_eq!(ids(&undo_chain(&journal, "demo")), (Some("a"), Some("ub")));
        journal.push(change("ua", rollback, Some("a")));
        assert_eq!(ids(&undo_chain(&journal, "demo")), (None, Some("ua")));
        journal.push(change("ra", rollback, Some("ua")));
        assert_eq!(ids(&undo_chain(&journal, "demo")), (Some("ra"), Some("ub")));
        journal.push(change("rb", rollback, Some("ub")));
        assert_eq!(ids(&undo_chain(&journal, "demo")), (Some("rb"), None));
        // Undoing a redo undoes the change again.
        journal.push(change("urb", rollback, Some("rb")));
        assert_eq!(
            ids(&undo_chain(&journal, "demo")),
            (Some("ra"), Some("urb"))
        );
    }

    #[test]
    fn a_new_change_clears_redo() {
        let rollback = Operation::ActionRollback;
        let journal = vec![
            change("a", rollback, None),
            change("b", rollback, None),
            change("ub", rollback, Some("b")),
            change("c", Operation::ActionDeploy, None),
        ];
        assert_eq!(ids(&undo_chain(&journal, "demo")), (Some("c"), None));
    }

    #[test]
    fn the_chain_is_the_tenants_and_skips_what_was_not_made() {
        let mut other = change("x", Operation::ActionRollback, None);
        other.tenant = "other".into();
        let mut failed = change("f", Operation::ActionRollback, None);
        failed.outcome = Outcome::NotDone;
        let journal = vec![
            change("a", Operation::ActionRollback, None),
            other,
            failed,
            change("p", Operation::ModulePublish, None),
        ];
        assert_eq!(ids(&undo_chain(&journal, "demo")), (Some("a"), None));
        assert_eq!(ids(&undo_chain(&journal, "other")), (Some("x"), None));
    }

    /// A package change on the FairCom place `edge` (a revert, a code edit, a status change).
    fn package_change(id: &str, operation: Operation, undoes: Option<&str>) -> Entry {
        Entry {
            kind: ObjectKind::Package,
            object_id: "faircom/admin/convert".into(),
            tenant: "edge".into(),
            ..change(id, operation, undoes)
        }
    }

    #[test]
    fn a_faircom_place_has_its_own_chain_of_package_changes() {
        let revert = Operation::PackageRevert;
        let mut journal = vec![
            change("a", Operation::ActionRollback, None),
            package_change("r", revert, None),
            package_change("e", revert, None), // a code edit is journaled as a revert
            package_change("s", Operation::PackageStatus, None),
            package_change("c", Operation::Create, None),
        ];
        let packages = |journal: &[Entry]| undo_chain_of(journal, "edge", ChainOf::Packages);
        assert_eq!(ids(&packages(&journal)), (Some("s"), None));
        journal.push(package_change("us", Operation::PackageStatus, Some("s")));
        journal.push(package_change("ue", revert, Some("e")));
        assert_eq!(ids(&packages(&journal)), (Some("r"), Some("ue")));
        // Z: the undo of the edit undone, the edit's code back.
        journal.push(package_change("re", revert, Some("ue")));
        assert_eq!(ids(&packages(&journal)), (Some("re"), Some("us")));
        // Neither chain holds the other's changes, even when both services carry one label.
        let mut same_label = journal.clone();
        for entry in &mut same_label {
            entry.tenant = "demo".into();
        }
        assert_eq!(ids(&undo_chain(&same_label, "demo")), (Some("a"), None));
        assert_eq!(
            ids(&undo_chain_of(&same_label, "demo", ChainOf::Packages)),
            (Some("re"), Some("us"))
        );
        assert_eq!(
            ids(&undo_chain_of(&journal, "demo", ChainOf::Packages)),
            (None, None)
        );
    }

    #[test]
    fn old_entries_without_undoes_read() {
        let line = r#"{"at":"2026-01-01T00:00:00Z","profile":"p","tenant":"t","kind":"action","object_id":"a","object_name":"A","operation":"action_rollback","before":{},"after":{},"undo":true}"#;
        let entry: Entry = serde_json::from_str(line).unwrap();
        assert_eq!(entry.undoes, None);
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
    fn a_torn_last_line_is_reported_and_never_hides_the_next_entry() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::at(dir.path());
        let first = entry("a", Operation::ActionDeploy, 1, 2);
        journal.append(&first).unwrap();
        // A process killed in the middle of its append.
        let mut file = OpenOptions::new()
            .append(true)
            .open(journal.path())
            .unwrap();
        file.write_all(b"{\"at\":\"2026-").unwrap();
        let read = journal.read_all().unwrap();
        assert_eq!((read.entries.len(), read.unreadable), (1, vec![2]));

        let next = entry("b", Operation::ActionDeploy, 2, 3);
        journal.append(&next).unwrap();
        let read = journal.read_all().unwrap();
        assert_eq!(
            read.entries,
            vec![first, next],
            "the entry after the torn one"
        );
        assert_eq!(read.unreadable, vec![2], "the torn line is still reported");
    }

    fn of_change(mut e: Entry, change: &str, outcome: Outcome) -> Entry {
        e.change = Some(change.into());
        e.outcome = outcome;
        e
    }

    #[test]
    fn a_change_reads_as_its_latest_outcome_and_only_done_changes_are_undone() {
        let done = entry("a", Operation::ActionDeploy, 1, 2);
        let intent = of_change(
            entry("a", Operation::ActionDeploy, 2, 0),
            "c2",
            Outcome::Intent,
        );
        let unknown = of_change(
            entry("a", Operation::ActionDeploy, 2, 0),
            "c2",
            Outcome::Unknown,
        );
        let entries = vec![done.clone(), intent.clone(), unknown.clone()];
        assert_eq!(changes(&entries).len(), 2, "one per change");
        let open = open_changes(&entries);
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].outcome, Outcome::Unknown);
        assert_eq!(open[0].at, intent.at, "dated when it began");
        assert_eq!(
            last_for(&entries, "demo", ObjectKind::Action, "a"),
            Some(done.clone()),
            "an unknown outcome is not undone"
        );
        let reconciled = of_change(
            entry("a", Operation::ActionDeploy, 2, 3),
            "c2",
            Outcome::Done,
        );
        let mut entries = entries;
        entries.push(reconciled.clone());
        assert!(open_changes(&entries).is_empty());
        let last = last_for(&entries, "demo", ObjectKind::Action, "a").unwrap();
        assert_eq!(last.after.version_number, Some(3), "the reconciled change");
        assert_eq!(last.at, intent.at, "dated when it began");
        let refused = of_change(
            entry("a", Operation::ActionDeploy, 3, 0),
            "c3",
            Outcome::NotDone,
        );
        entries.push(refused);
        assert_eq!(
            last_for(&entries, "demo", ObjectKind::Action, "a")
                .unwrap()
                .after
                .version_number,
            Some(3),
            "a change not made is not undone"
        );
    }

    #[test]
    fn older_entries_without_outcome_read_as_done() {
        let line = r#"{"at":"2026-01-01T00:00:00Z","profile":"p","tenant":"t","kind":"action","object_id":"a","object_name":"A","operation":"action_deploy","before":{},"after":{}}"#;
        let entry: Entry = serde_json::from_str(line).unwrap();
        assert_eq!(entry.outcome, Outcome::Done);
        assert_eq!(entry.change, None);
    }

    #[test]
    fn the_demo_journal_starts_empty() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::at(dir.path());
        journal
            .append(&entry("a", Operation::ActionDeploy, 1, 2))
            .unwrap();
        journal.start_empty().unwrap();
        assert!(journal.read().unwrap().is_empty());
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
