//! Messages into `update` and commands out of it.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{KeyEvent, MouseEvent};

use crate::app::diffing::DiffRequest;
use crate::app::state::NewObject;
use crate::app::timeline::{Timeline, Versioned};
use crate::authoring::Owner;
use crate::diff::DiffState;
pub use crate::flows::ApplyError;
use crate::journal::{Entry, ObjectKind};
use crate::model::BackendError;
use crate::model::{
    Action, ActionVersion, Binding, BoundAction, CodePackage, CodeStatus, DraftChange, DraftState,
    Execution, Module, ModuleUsage, ModuleVersion, PackageId, TestRun, Timestamp, Trigger,
};

/// An action or module the app already holds, whole (with its draft code).
#[derive(Debug, Clone)]
pub enum Known {
    Action(Box<Action>),
    Module(Box<Module>),
}

/// Commands are compared in tests; two known objects are the same when their payloads are.
impl PartialEq for Known {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Action(a), Self::Action(b)) => a == b,
            (Self::Module(a), Self::Module(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for Known {}

/// What an editor session is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditPurpose {
    /// An existing action's or module's draft code.
    Draft {
        owner: Owner,
        id: String,
        name: String,
        /// The draft the editor started from.
        seen: Box<DraftState>,
    },
    /// The code of the action or module being created (`State.creating`).
    NewCode,
    /// A test event for an action.
    TestPayload {
        action_id: String,
        name: String,
        /// Where the event started from (said in the result).
        from: crate::app::state::PayloadFrom,
    },
    // Package code (issue 19): a code package's current code, read at version `seen`.
    PackageCode {
        /// `PackageId::key()`.
        object_id: String,
        name: String,
        seen: u32,
    },
    // Package code (issue 19): the code of a package being created.
    NewPackageCode(Box<crate::app::state::PackageDraft>),
}

/// A draft change the service took: the object as it is now, and where the replaced code was saved.
#[derive(Debug, Clone)]
pub struct DraftSaved {
    pub action: Option<Action>,
    pub saved: PathBuf,
}

/// Request generation: a result whose generation is not the slot's current one is stale and ignored.
pub type Generation = u64;

/// Why the work of a change failed, in words; with the service's error when it was the request
/// that failed, since its answer may have been lost after the service made the change.
#[derive(Debug, Clone, PartialEq)]
pub struct Failed {
    pub text: String,
    pub request: Option<BackendError>,
    /// Said after the outcome when the object is read back (where the user's edit was kept).
    pub also: Option<String>,
}

impl Failed {
    /// Nothing was sent (the journal, a saved draft, a guard refused first).
    pub fn before(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            request: None,
            also: None,
        }
    }

    /// The request failed.
    pub fn request(err: BackendError) -> Self {
        Self {
            text: err.to_string(),
            request: Some(err),
            also: None,
        }
    }
}

// Results carry whole objects inline; a few messages a second do not justify boxing them.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Spinner and flash expiry; ~10 per second.
    Tick,
    /// The wall clock, about once a second (relative times).
    Clock(Timestamp),
    ActionsLoaded {
        generation: Generation,
        result: Result<Vec<Action>, BackendError>,
    },
    ActionLoaded {
        generation: Generation,
        result: Result<Action, BackendError>,
    },
    ModulesLoaded {
        generation: Generation,
        result: Result<Vec<Module>, BackendError>,
    },
    ModuleLoaded {
        generation: Generation,
        result: Result<Module, BackendError>,
    },
    ModuleActionsLoaded {
        generation: Generation,
        result: Result<Vec<ModuleUsage>, BackendError>,
    },
    TimelineLoaded {
        generation: Generation,
        result: Result<Timeline, BackendError>,
    },
    /// An action deploy (draft or version) answered.
    Deployed(Result<ActionVersion, BackendError>),
    /// A read of the action while following a deploy.
    ActionPolled(Result<Action, BackendError>),
    ModulePublished(Result<ModuleVersion, BackendError>),
    /// The module draft was replaced; `Ok` says where the old draft was saved.
    ModuleRolledBack(Result<PathBuf, Failed>),
    ModuleDraftRestored(Result<Module, Failed>),
    ActionDraftRestored(Result<Action, Failed>),
    JournalAppended(Result<(), String>),
    /// A change whose answer was lost, read back: what was found (`error` lost the answer).
    Settled {
        error: String,
        known: crate::outcome::Known,
    },
    TriggersLoaded {
        generation: Generation,
        result: Result<Vec<Trigger>, BackendError>,
    },
    BindingsLoaded {
        trigger_id: String,
        generation: Generation,
        result: Result<Vec<Binding>, BackendError>,
    },
    /// A bindings change answered: the service's new order, or why not.
    OrderApplied {
        trigger_id: String,
        result: Result<Vec<Binding>, ApplyError>,
    },
    PackagesLoaded {
        generation: Generation,
        result: Result<Vec<CodePackage>, BackendError>,
    },
    PackageLoaded {
        generation: Generation,
        result: Result<CodePackage, BackendError>,
    },
    /// A package change (revert, status) answered; `Ok` is the package as it is now.
    PackageChanged(Result<CodePackage, BackendError>),
    /// The editor closed: `Ok(None)` when the text came back unchanged.
    Edited {
        purpose: EditPurpose,
        original: Arc<str>,
        result: Result<Option<String>, String>,
    },
    DraftSaved(Result<DraftSaved, Failed>),
    /// A create answered: the new object's id.
    Created(Result<String, BackendError>),
    /// A delete answered; `Ok` says where the draft was saved.
    Deleted(Result<PathBuf, Failed>),
    /// The triggers an action is bound to, before asking to delete it.
    BoundChecked {
        action_id: String,
        result: Result<Vec<String>, BackendError>,
    },
    /// The actions using a module (their names), before asking to delete it.
    ModuleUsersChecked {
        module_id: String,
        result: Result<Vec<String>, BackendError>,
    },
    Tested(Result<TestRun, BackendError>),
    ExecutionLoaded {
        id: String,
        result: Result<Execution, BackendError>,
    },
    /// A client began or ended a wait (a slow answer, a pause before asking again).
    Waited(crate::model::WaitEvent),
    /// The changes an earlier run left open, checked at start (the journal's words if unreadable).
    Reconciled(Result<Vec<crate::outcome::Reconciled>, String>),
    /// The newest journal entry for an object, for undo.
    JournalRead {
        kind: ObjectKind,
        object_id: String,
        result: Result<Option<Entry>, String>,
    },
    /// A `Cmd::Diff` computed (`Err`: the work failed); dropped unless its target still waits for
    /// this generation.
    DiffReady {
        generation: Generation,
        diff: Result<Box<DiffState>, String>,
    },
    /// A stage of the Compare view read (never fails as a whole: what failed is in its parts).
    StageRead {
        side: crate::app::state::Side,
        generation: Generation,
        reading: Box<crate::app::state::StageReading>,
    },
    /// A promote planned from both stages as read: its plans in batch order, or why not in words.
    PromotePlanned {
        generation: Generation,
        result: Result<Vec<crate::stages::promote::Plan>, String>,
    },
    /// A promote (a batch) sent to B: one result in words per plan tried, in order; a batch stops
    /// at its first failure.
    Promoted {
        generation: Generation,
        /// The plans' kinds and names, in the order sent.
        items: Vec<(crate::stages::Kind, String)>,
        /// What each plan tried did, in order (the app journals each one's outcome).
        reports: Vec<PromoteReport>,
    },
    /// The undo of a promote into B: what was done, or why not, in words.
    PromoteUndone {
        generation: Generation,
        result: Result<String, String>,
    },
    // Compare view (undo of a promote): the journal entry `u` would undo, or why there is none.
    PromoteFound {
        generation: Generation,
        result: Result<Box<Entry>, String>,
    },
    // Search (issue 17): what a search of the store found, or why it could not run, in words.
    Searched {
        generation: Generation,
        result: Result<crate::app::state::SearchResults, String>,
    },
    /// `:sync` ended: what it fetched, or why it could not run.
    StoreSynced(Result<crate::app::state::SyncReport, String>),
    // Warm start (issue 17): the lists as last stored, shown before the service answers.
    /// The stored lists of this connection's places (answers `Cmd::ReadStoredLists`).
    StoredListsRead(Box<StoredLists>),
    // Line history (blame, pickaxe).
    /// A `Cmd::Blame` computed; dropped unless the gutter still waits for this generation.
    Blamed {
        generation: Generation,
        result: Result<Box<crate::app::state::Blamed>, String>,
    },
    /// A `Cmd::Pickaxe` computed: the versions that changed the count, newest first.
    PickaxeFound {
        generation: Generation,
        result: Result<Vec<crate::history::PickaxeHit>, String>,
    },
    // Logs (issue 18).
    /// A page of the tail (`Cmd::PollLogs`), oldest first.
    LogsPolled {
        generation: Generation,
        result: Result<crate::model::logs::LogPage, BackendError>,
    },
    /// The newest events of one type (`Cmd::BackfillLogs`), oldest first.
    LogsBackfilled(Result<Vec<crate::model::logs::LogEvent>, BackendError>),
    /// An execution an opened log event names (`Cmd::LoadLogExecution`).
    LogExecutionLoaded {
        id: String,
        result: Result<Execution, BackendError>,
    },
    /// The logs and journal entries of a timeline's action (`Cmd::ReadActivity`).
    ActivityRead {
        generation: Generation,
        result: Result<crate::app::state::ActivityRead, String>,
    },
    /// Who last changed a trigger's order (`Cmd::ReadOrderChange`).
    OrderChangeRead {
        trigger_id: String,
        result: Result<Option<(crate::model::logs::Author, Timestamp)>, String>,
    },
    // Reaching out (issue 19).
    /// The clipboard could not be written (the terminal is gone): why, in words.
    CopyFailed(String),
    /// No browser could be started for `url`: why, in words (the address is said instead).
    NoBrowser {
        url: String,
        why: String,
    },
    /// The saved test payloads of an action (answers `Cmd::ReadPayloads`).
    PayloadsRead {
        action_id: String,
        name: String,
        result: Result<crate::journal::payloads::SavedPayloads, String>,
    },
    /// The last test event was saved under this name, or why not.
    PayloadSaved(Result<String, String>),
    // Undo more than one level (issue 19).
    /// The entry `z` (or `Z`, `redo`) takes back next (answers `Cmd::ReadUndoChain`).
    UndoChainRead {
        redo: bool,
        /// The chain read: a tenant's actions and modules, or a FairCom place's packages.
        of: crate::journal::ChainOf,
        result: Result<Option<Entry>, String>,
    },
    // Package code (issue 19): the package as it is after `alterCodePackage` (or a create), or why
    // nothing was sent (the read-before-write guard).
    PackageCodeSaved(Result<CodePackage, Failed>),
    // Saved test payloads (issue 19): what `t` starts from (answers `Cmd::ReadLastPayload`).
    LastPayloadRead {
        action_id: String,
        name: String,
        result: Result<crate::journal::payloads::SavedPayloads, String>,
    },
}

/// The lists the history store kept of this connection, each with the time it was seen; `None`
/// for a list never stored (or a service the connection does not offer).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoredLists {
    pub actions: Option<Stored<Vec<Action>>>,
    pub modules: Option<Stored<Vec<Module>>>,
    pub packages: Option<Stored<Vec<CodePackage>>>,
    /// The store could not be read: why, in words.
    pub problem: Option<String>,
}

/// A list as stored, and when the service last gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored<T> {
    pub items: T,
    pub seen_at: Timestamp,
}

impl Msg {
    /// True for results of backend calls (they close one in-flight request).
    pub fn is_api_result(&self) -> bool {
        !matches!(
            self,
            Msg::Key(_)
                | Msg::Mouse(_)
                | Msg::Resize(..)
                | Msg::Tick
                | Msg::Clock(_)
                | Msg::Waited(_)
                | Msg::Edited { .. }
                | Msg::DiffReady { .. }
                | Msg::Searched { .. }
                | Msg::StoredListsRead(_)
                | Msg::Blamed { .. }
                | Msg::PickaxeFound { .. }
                | Msg::CopyFailed(_)
                | Msg::NoBrowser { .. }
                | Msg::PayloadsRead { .. }
                | Msg::PayloadSaved(_)
                | Msg::LastPayloadRead { .. }
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd {
    LoadActions {
        generation: Generation,
    },
    LoadAction {
        id: String,
        generation: Generation,
    },
    LoadModules {
        generation: Generation,
    },
    LoadModule {
        id: String,
        generation: Generation,
    },
    LoadModuleActions {
        id: String,
        generation: Generation,
    },
    LoadTimeline {
        kind: Versioned,
        id: String,
        /// The object as the app already holds it (its list entry): then only the versions are
        /// read, one request. `None` reads the object too (a reload after a change).
        known: Option<Known>,
        generation: Generation,
    },
    DeployAction {
        action_id: String,
    },
    DeployActionVersion {
        action_id: String,
        version_id: String,
    },
    /// Read the action after `delay` (following a deploy).
    PollAction {
        action_id: String,
        delay: Duration,
    },
    PublishModule {
        module_id: String,
    },
    /// Save `draft` in the data dir, then (only if that worked) roll the module's draft back.
    RollbackModule {
        module_id: String,
        version_id: String,
        draft: Arc<str>,
    },
    /// Put a saved draft back as the module's draft.
    RestoreModuleDraft {
        module_id: String,
        saved: PathBuf,
    },
    /// Put a saved draft's code back as the action's draft.
    RestoreActionDraft {
        action_id: String,
        saved: PathBuf,
    },
    LoadTriggers {
        generation: Generation,
    },
    LoadBindings {
        trigger_id: String,
        generation: Generation,
    },
    /// Read the trigger's bindings; only if they are still `seen`, PATCH the complete `order`.
    ApplyOrder {
        trigger_id: String,
        seen: Vec<BoundAction>,
        order: Vec<BoundAction>,
    },
    LoadPackages {
        generation: Generation,
    },
    LoadPackage {
        id: PackageId,
        generation: Generation,
    },
    /// `revertCodePackage`, then describe the package (the answer carries no new version number).
    RevertPackage {
        id: PackageId,
        version: u32,
    },
    /// `alterCodePackage` with a status, then describe the package.
    SetPackageStatus {
        id: PackageId,
        status: CodeStatus,
    },
    /// Open `text` in the user's editor (the terminal runtime hands the terminal over meanwhile).
    Edit {
        purpose: EditPurpose,
        text: Arc<str>,
        /// The file name shown in the editor (its extension picks the syntax).
        file_name: String,
        /// `None`: `$VISUAL`, `$EDITOR`, else `vi`.
        editor: Option<Vec<String>>,
    },
    /// Save the draft's code under the data dir, re-read the draft and, only if it still is what
    /// was `seen`, send the change.
    SaveDraft {
        owner: Owner,
        id: String,
        seen: Box<DraftState>,
        change: DraftChange,
    },
    Create(Box<NewObject>),
    /// Save the draft under the data dir, then delete.
    Delete {
        owner: Owner,
        id: String,
        force: bool,
        draft: Arc<str>,
    },
    /// Which of these triggers the action is bound to.
    CheckBound {
        action_id: String,
        triggers: Vec<String>,
    },
    /// Which actions use the module.
    CheckModuleUsers {
        module_id: String,
    },
    TestAction {
        action_id: String,
        payload: serde_json::Value,
    },
    LoadExecution {
        id: String,
    },
    /// Append to the journal (the runtime stamps the time).
    AppendJournal(Box<Entry>),
    /// A change's answer was lost: read its object back and decide against its intent.
    Settle {
        intent: Box<Entry>,
        error: String,
    },
    /// Check the changes the journal left open on this tenant (not this run's: `session`), and
    /// journal what is found.
    Reconcile {
        session: String,
    },
    /// Read the newest journal entry for an object on this tenant.
    ReadJournal {
        kind: ObjectKind,
        object_id: String,
        tenant: String,
    },
    /// Compare two texts off the loop (a blocking task: a big diff takes time); answered by
    /// `Msg::DiffReady` with the same generation.
    Diff {
        generation: Generation,
        request: DiffRequest,
    },
    /// Connect the profile as this side of the comparison (its own backend: token or session,
    /// rate limit, errors; kept while it names the same profile) and read its snapshot.
    ReadStage {
        side: crate::app::state::Side,
        profile: String,
        generation: Generation,
    },
    /// Plan promoting these rows from A to B (reads what the plan needs from B's connection).
    PlanPromote(Box<PromoteAsk>),
    /// Send these plans to B's connection: each guarded (nothing is sent if B changed since it was
    /// read), journaled naming A, stopping at the first failure.
    Promote(Box<PromoteGo>),
    /// Undo the last promote of this object into B (journal read, the per-object undo).
    UndoPromote {
        side: crate::app::state::Side,
        profile: String,
        kind: crate::stages::Kind,
        name: String,
        generation: Generation,
    },
    // Compare view (undo of a promote): find the last promote of this object into B, so the
    // dialog can say what its undo will do.
    FindPromote {
        side: crate::app::state::Side,
        profile: String,
        kind: crate::stages::Kind,
        name: String,
        generation: Generation,
    },
    Quit,
    // Search (issue 17): search every stored version off the loop (the store on a blocking
    // thread); answered by `Msg::Searched` with the same generation.
    SearchStore {
        generation: Generation,
        query: crate::app::state::SearchQuery,
    },
    /// `:sync`: every object's versions fetched into the history store (only what is new, as
    /// `codedeck sync` does), through the dashboard's connection; answered by `Msg::StoreSynced`.
    SyncStore,
    // Warm start (issue 17).
    /// Read the lists last stored of this connection (the history store, on a blocking thread);
    /// answered by `Msg::StoredListsRead`. The shell issues it first when it holds a store: no request goes before it.
    ReadStoredLists,
    // Line history (blame, pickaxe).
    /// Blame a version off the loop (a blocking task: it walks every version with the line diff);
    /// answered by `Msg::Blamed` with the same generation.
    Blame {
        generation: Generation,
        request: crate::app::state::BlameRequest,
    },
    /// The versions (oldest first) where the count of a text changed, off the loop; answered by
    /// `Msg::PickaxeFound`.
    Pickaxe {
        generation: Generation,
        request: crate::app::state::PickaxeRequest,
    },
    // Logs (issue 18).
    /// One poll of the tail: the newest page by search when `from` is `None`, else the page after
    /// the checkpoint; the shell keeps the events in the store. Answered by `Msg::LogsPolled`.
    PollLogs {
        generation: Generation,
        from: Option<String>,
    },
    /// The newest page of one type (`t` in the view): the tail holds what happened lately, this
    /// what the service keeps of that type. Answered by `Msg::LogsBackfilled`.
    BackfillLogs {
        class: crate::model::logs::LogClass,
    },
    /// Read one execution for the opened event; answered by `Msg::LogExecutionLoaded`.
    LoadLogExecution {
        id: String,
    },
    /// The stored logs, one page of the newest, and the journal's entries of an action, for its
    /// timeline; answered by `Msg::ActivityRead`.
    ReadActivity {
        generation: Generation,
        object_id: String,
        object_name: String,
    },
    /// Who last changed a trigger's order, from the logs and the journal; answered by
    /// `Msg::OrderChangeRead`.
    ReadOrderChange {
        trigger_id: String,
    },
    // Reaching out (issue 19).
    /// Put `text` on the clipboard: the terminal runtime writes it as OSC 52 (wrapped for tmux)
    /// between frames. Scrubbed of held secrets before it leaves `update`.
    Copy {
        text: String,
    },
    /// Open `url` in the browser (`$BROWSER`, `open`, `xdg-open`), never waiting for it.
    OpenUrl {
        url: String,
    },
    /// Read the test payloads saved for this action on this tenant (`T`).
    ReadPayloads {
        action_id: String,
        name: String,
    },
    /// Save the action's last test event under `as_name`.
    SavePayload {
        action_id: String,
        as_name: String,
    },
    // Undo more than one level (issue 19).
    /// Read the journal's undo chain on this tenant: the entry `z` undoes next (`redo`: `Z`'s).
    ReadUndoChain {
        tenant: String,
        redo: bool,
        /// Which chain: a tenant's actions and modules, or a FairCom place's packages.
        of: crate::journal::ChainOf,
    },
    // Package code (issue 19).
    /// Describe the package; only if its current version still is `seen`, `alterCodePackage` with
    /// the code and comment, then describe it again.
    AlterPackageCode {
        id: PackageId,
        seen: u32,
        code: String,
        comment: String,
    },
    /// `createCodePackage` (status developing: nothing runs it until `s`), then describe it.
    CreatePackage {
        id: PackageId,
        code_type: crate::model::CodeType,
        language: String,
        code: String,
    },
    // Saved test payloads (issue 19).
    /// Read what this action was last tested with on this tenant (`t` opens the editor on it).
    ReadLastPayload {
        action_id: String,
        name: String,
    },
}

/// What planning a promote needs: both stages as the comparison read them, the rows, the options.
#[derive(Debug, Clone, PartialEq)]
pub struct PromoteAsk {
    /// B: the side promoted into.
    pub side: crate::app::state::Side,
    pub profile: String,
    pub items: Vec<(crate::stages::Kind, String)>,
    pub from: crate::stages::Snapshot,
    pub to: crate::stages::Snapshot,
    pub options: crate::stages::promote::Options,
    pub generation: Generation,
}

/// Commands are compared in tests; snapshots compare by their payloads.
impl Eq for PromoteAsk {}

/// The plans confirmed, for B's connection.
#[derive(Debug, Clone, PartialEq)]
pub struct PromoteGo {
    pub side: crate::app::state::Side,
    pub profile: String,
    /// A's profile name (the journal's `promoted_from`).
    pub from_profile: String,
    pub plans: Vec<crate::stages::promote::Plan>,
    /// Then deploy each action (followed until live) and publish each module.
    pub deploy: bool,
    /// The values typed for secrets B lacks (scrubbed: `Secret`); every other name is sent as B
    /// holds it.
    pub secrets: Vec<crate::model::SecretInput>,
    pub generation: Generation,
}

impl Eq for PromoteGo {}

/// What one promote did on B, for the app to journal as the outcome of the intent it journaled
/// before `Cmd::Promote` ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromoteReport {
    /// Said to the user: what was done, or why not.
    pub said: Result<String, String>,
    pub outcome: crate::journal::Outcome,
    /// What it ended as: a promote whose deploy made nothing is the draft change it sent.
    pub operation: crate::journal::Operation,
    /// The id of what the promote created.
    pub made_id: Option<String>,
    /// Where B's replaced draft was saved.
    pub saved_draft: Option<std::path::PathBuf>,
    pub after: crate::journal::Snapshot,
    pub note: Option<String>,
}

impl PromoteReport {
    /// Nothing was sent, for this reason.
    pub fn not_sent(why: String) -> Self {
        Self {
            said: Err(why.clone()),
            outcome: crate::journal::Outcome::NotDone,
            operation: crate::journal::Operation::DraftEdit,
            made_id: None,
            saved_draft: None,
            after: crate::journal::Snapshot::default(),
            note: Some(why),
        }
    }
}

impl Cmd {
    pub fn is_api_call(&self) -> bool {
        !matches!(
            self,
            Cmd::Quit
                | Cmd::Edit { .. }
                | Cmd::Diff { .. }
                | Cmd::SearchStore { .. }
                | Cmd::ReadStoredLists
                | Cmd::Blame { .. }
                | Cmd::Pickaxe { .. }
                | Cmd::Copy { .. }
                | Cmd::OpenUrl { .. }
                | Cmd::ReadPayloads { .. }
                | Cmd::SavePayload { .. }
                | Cmd::ReadLastPayload { .. }
        )
    }
}
