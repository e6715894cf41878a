//! All dashboard state, plain data. `update` changes it, `ui::render` reads it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::app::msg::Generation;
use crate::app::timeline::{RowKey, Timeline, Versioned};
use crate::app::RunOptions;
use crate::backend::ConnectionInfo;
use crate::diff::DiffState;
use crate::flow::DeployFlow;
use crate::flows::FlowTrigger;
use crate::journal::{ObjectKind, Snapshot};
use crate::model::{
    Action, Binding, BoundAction, CodePackage, CodeStatus, CodeType, Module, ModuleUsage,
    PackageId, Timestamp,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Actions,
    Modules,
    /// Triggers and the order their bound actions run in.
    Flows,
    /// FairCom code packages.
    Packages,
}

impl View {
    pub const ALL: [View; 4] = [View::Actions, View::Modules, View::Flows, View::Packages];

    /// True when the connection offers the service this view shows.
    pub fn offered(self, services: crate::backend::Services) -> bool {
        match self {
            View::Packages => services.faircom,
            _ => services.auth0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Detail,
    /// The version timeline (it takes the list's place while open).
    Timeline,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    None,
    /// The keys; `scroll` lines scrolled down when the screen is too short for all of them.
    Help {
        scroll: usize,
    },
    /// Choosing a trigger filter: row 0 is "all", then the trigger ids present.
    TriggerPicker {
        selected: usize,
    },
    /// A change waits for the user's yes (gitui's typed round trip: the dialog carries the change).
    Confirm(Box<Confirm>),
    /// Choosing an action to bind to the selected trigger.
    AddBinding {
        candidates: Vec<BoundAction>,
        selected: usize,
    },
    /// The flow changed elsewhere: both orders side by side (`flows.conflict`).
    Conflict,
    /// A short list to choose from (filters, a package's new status, the steps of creating).
    Menu(Menu),
    /// One line of input: a name, `name@version`, a masked secret value, a `:` command.
    Prompt(Prompt),
    /// The dependencies and secrets of a draft being edited or created.
    Settings(Box<Settings>),
    /// What a test run of an action returned.
    TestResult(Box<TestResult>),
    /// One execution of a trigger (`:exec ID`).
    Execution(Box<ExecutionView>),
}

/// A one-line input. Masked inputs show a dot per character; the text is never in `Debug`, and a
/// secret's value becomes a `Secret` only when submitted.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub label: String,
    pub text: crate::secret::Typed,
    pub masked: bool,
    pub purpose: PromptPurpose,
    /// Why the last Enter was refused (stays open).
    pub error: Option<String>,
    /// A line under the input (what the value is for, how secrets are sent).
    pub hint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptPurpose {
    /// `:` commands (`exec ID`).
    Command,
    /// The name of the action or module being created.
    CreateName,
    /// A `name@version` row for the settings overlay (`Some`: replaces that row).
    Dependency(Option<usize>),
    SecretName,
    /// The value of this secret (masked).
    SecretValue(String),
}

/// What is being created, step by step (name → trigger → runtime → start → code → settings → go).
#[derive(Debug, Clone, PartialEq)]
pub struct Creating {
    pub owner: crate::authoring::Owner,
    pub name: String,
    pub trigger: Option<crate::model::TriggerRef>,
    pub runtime: Option<String>,
    pub code: String,
    pub dependencies: Vec<crate::model::Dependency>,
    /// Values typed once; dropped when the create is sent.
    pub secrets: Vec<crate::model::SecretInput>,
    /// The triggers to choose from (actions), loaded when creating starts.
    pub triggers: Slot<Vec<crate::model::Trigger>>,
    /// The name is in and the trigger menu waits for the triggers to load.
    pub awaiting_triggers: bool,
}

/// Whose settings, and what saving them does.
#[derive(Debug, Clone, PartialEq)]
pub enum SettingsFor {
    /// An existing action's or module's draft.
    Draft {
        owner: crate::authoring::Owner,
        id: String,
        name: String,
        /// The draft as loaded: what the rows start from and what a save is checked against.
        seen: Box<crate::model::DraftState>,
    },
    /// The object being created (the state's `creating`).
    New,
}

pub use crate::model::SecretRow;

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub target: SettingsFor,
    pub dependencies: Vec<crate::model::Dependency>,
    pub secrets: Vec<SecretRow>,
    /// Over the dependency rows, then the secret rows.
    pub selected: usize,
    /// An input open over the overlay.
    pub prompt: Option<Prompt>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TestResult {
    pub action_name: String,
    /// `Loading` while the test runs.
    pub run: Remote<crate::model::TestRun>,
    /// The returned payload, pretty-printed.
    pub pretty: Arc<str>,
    pub scroll: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExecutionView {
    pub id: String,
    pub execution: Remote<crate::model::Execution>,
    pub scroll: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Menu {
    pub title: String,
    /// Each choice and a few words on what it does.
    pub items: Vec<(String, String)>,
    pub selected: usize,
    pub purpose: MenuPurpose,
}

/// What choosing an item does: the values line up with the items.
#[derive(Debug, Clone, PartialEq)]
pub enum MenuPurpose {
    /// `None`: every status.
    StatusFilter(Vec<Option<CodeStatus>>),
    /// `None`: every type.
    TypeFilter(Vec<Option<CodeType>>),
    /// The selected package's new status (a confirm dialog follows).
    SetStatus(Vec<CodeStatus>),
    /// A step of creating an action or module (`state.creating`).
    Create(CreateStep),
}

/// The menus of creating; the values line up with the items.
#[derive(Debug, Clone, PartialEq)]
pub enum CreateStep {
    Trigger(Vec<crate::model::TriggerRef>),
    Runtime(Vec<String>),
    /// True: start from the trigger's template; false: empty.
    Start(Vec<bool>),
    /// The last step: true also deploys (actions) or publishes (modules); `None` cancels.
    Finish(Vec<Option<bool>>),
}

/// A live version or a module version, by id and number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionRef {
    pub id: String,
    pub number: u32,
}

impl VersionRef {
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            version_id: Some(self.id.clone()),
            version_number: Some(self.number),
            ..Snapshot::default()
        }
    }
}

/// A change to the tenant, as confirmed by the user and carried out by the runtime.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Deploy an earlier version's content as a new live version (also undo's roll-forward).
    ActionRollback {
        action_id: String,
        name: String,
        to: VersionRef,
        live_before: Option<VersionRef>,
    },
    ActionDeploy {
        action_id: String,
        name: String,
        live_before: Option<VersionRef>,
    },
    /// The module's draft takes a version's content; the current draft is saved first.
    ModuleRollback {
        module_id: String,
        name: String,
        to: VersionRef,
        draft: Arc<str>,
        latest: Option<VersionRef>,
    },
    ModulePublish {
        module_id: String,
        name: String,
        latest_before: Option<VersionRef>,
    },
    /// A trigger's complete new order (reorder, add, remove, undo), guarded against changes made
    /// elsewhere since `seen` was loaded.
    Bindings {
        trigger_id: String,
        seen: Vec<BoundAction>,
        order: Vec<BoundAction>,
    },
    /// A code package's history version becomes the current one again, under the next number.
    PackageRevert {
        /// `PackageId::key()`.
        object_id: String,
        name: String,
        to: u32,
        current: u32,
    },
    /// A code package's status changes (no new version).
    PackageStatus {
        object_id: String,
        name: String,
        from: CodeStatus,
        to: CodeStatus,
    },
    /// An action's or module's draft changes (code, dependencies, secrets); checked against the
    /// draft it was made from.
    DraftEdit {
        owner: crate::authoring::Owner,
        id: String,
        name: String,
        /// The draft the change was made from (its code is saved before the change is sent).
        seen: Box<crate::model::DraftState>,
        change: crate::model::DraftChange,
    },
    /// A new action or module; `then` deploys (actions, once built) or publishes (modules).
    Create { new: NewObject, then: bool },
    /// An action or module goes, with all its versions; `force` detaches a bound action first.
    Delete {
        owner: crate::authoring::Owner,
        id: String,
        name: String,
        force: bool,
        /// The draft code, saved under the data dir before the delete.
        draft: Arc<str>,
    },
    /// Put a saved draft back (undo of a module rollback).
    ModuleRestore {
        module_id: String,
        name: String,
        saved: PathBuf,
        draft_of: Option<VersionRef>,
    },
}

/// What `Change::Create` sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewObject {
    Action(crate::model::NewAction),
    Module(crate::model::NewModule),
}

impl NewObject {
    pub fn name(&self) -> &str {
        match self {
            NewObject::Action(a) => &a.name,
            NewObject::Module(m) => &m.name,
        }
    }
}

fn owner_kind(owner: crate::authoring::Owner) -> ObjectKind {
    match owner {
        crate::authoring::Owner::Action => ObjectKind::Action,
        crate::authoring::Owner::Module => ObjectKind::Module,
    }
}

impl Change {
    pub fn kind(&self) -> ObjectKind {
        match self {
            Change::DraftEdit { owner, .. } | Change::Delete { owner, .. } => owner_kind(*owner),
            Change::Create {
                new: NewObject::Action(_),
                ..
            } => ObjectKind::Action,
            Change::Create { .. } => ObjectKind::Module,
            Change::ActionRollback { .. } | Change::ActionDeploy { .. } => ObjectKind::Action,
            Change::Bindings { .. } => ObjectKind::Trigger,
            Change::PackageRevert { .. } | Change::PackageStatus { .. } => ObjectKind::Package,
            _ => ObjectKind::Module,
        }
    }
    pub fn object(&self) -> (&str, &str) {
        match self {
            Change::ActionRollback {
                action_id, name, ..
            }
            | Change::ActionDeploy {
                action_id, name, ..
            } => (action_id, name),
            Change::ModuleRollback {
                module_id, name, ..
            }
            | Change::ModulePublish {
                module_id, name, ..
            }
            | Change::ModuleRestore {
                module_id, name, ..
            } => (module_id, name),
            Change::Bindings { trigger_id, .. } => (trigger_id, trigger_id),
            Change::DraftEdit { id, name, .. } | Change::Delete { id, name, .. } => (id, name),
            // The id is known once the service answered (`Running.created_id`).
            Change::Create { new, .. } => ("", new.name()),
            Change::PackageRevert {
                object_id, name, ..
            }
            | Change::PackageStatus {
                object_id, name, ..
            } => (object_id, name),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub change: Change,
    /// The change undoes an earlier one (recorded so in the journal).
    pub undo: bool,
    pub title: String,
    /// What the service will do, in its own terms.
    pub lines: Vec<String>,
    pub verb: &'static str,
    /// What changes: what is live (or in the draft) now → what will be.
    pub diff: Option<DiffState>,
    /// The confirm button has the focus (Cancel has it at first).
    pub confirm_focused: bool,
}

/// The one change in progress (one at a time: a second could race the first).
#[derive(Debug, Clone, PartialEq)]
pub struct Running {
    pub change: Change,
    pub undo: bool,
    /// Action deploys follow the service until the new version is live.
    pub flow: Option<DeployFlow>,
    /// The version the change created, once the service said so.
    pub created: Option<VersionRef>,
    /// Where the replaced module draft was saved.
    pub saved_draft: Option<PathBuf>,
    /// The order the service answered a bindings change with.
    pub applied: Option<Vec<BoundAction>>,
    /// The id the service gave a created object.
    pub created_id: Option<String>,
    /// The change's id in the journal, once its intent is recorded.
    pub change_id: Option<String>,
    /// Said after the change's own outcome when it ends (moves queued behind it that were dropped).
    pub also: Option<String>,
}

/// The version timeline of one action or module, with its code view or a diff.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionsView {
    pub kind: Versioned,
    pub object_id: String,
    pub object_name: String,
    pub timeline: Slot<Timeline>,
    pub selected: usize,
    /// Marked with `D`: the left side of the next `d`.
    pub base: Option<RowKey>,
    pub code_scroll: usize,
    pub diff: Option<DiffState>,
    /// A change asked for before the timeline had loaded (it needs the versions).
    pub then: Option<Then>,
}

/// The Flows view: triggers on the left, the selected trigger's bindings in execution order on the
/// right, reordered drag-style.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FlowsView {
    pub triggers: Slot<Vec<FlowTrigger>>,
    /// Index into the filtered triggers.
    pub selected: usize,
    pub filter: String,
    pub editing_filter: bool,
    /// Each trigger's bindings as the service last said (execution order).
    pub bindings: BTreeMap<String, Slot<Vec<Binding>>>,
    /// The selected row of the selected trigger's flow.
    pub binding_selected: usize,
    /// A binding picked up with Space (or the mouse): where it was and where it would land.
    pub held: Option<Held>,
    /// Moves made while the trigger's order was being saved: sent as one order when that answers.
    pub queued: Option<Queued>,
    /// Another client changed the flow: both orders, until the user chooses.
    pub conflict: Option<Conflict>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    pub from: usize,
    pub at: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Queued {
    pub trigger_id: String,
    pub order: Vec<BoundAction>,
    pub undo: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub trigger_id: String,
    /// The order the user asked for.
    pub mine: Vec<BoundAction>,
    /// What the service has now.
    pub server: Vec<Binding>,
}

/// One row of a flow as drawn: the entry, and what is known of its action.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowRow<'a> {
    pub entry: BoundAction,
    /// From the loaded binding, else from the actions list (an addition not saved yet).
    pub action: Option<&'a Action>,
}

impl FlowsView {
    /// Triggers passing the filter, in the service's order.
    pub fn visible_triggers(&self) -> Vec<&FlowTrigger> {
        let needle = self.filter.to_lowercase();
        self.triggers
            .data
            .ready()
            .into_iter()
            .flatten()
            .filter(|t| needle.is_empty() || t.id.to_lowercase().contains(&needle))
            .collect()
    }

    pub fn selected_trigger(&self) -> Option<&FlowTrigger> {
        self.visible_triggers().get(self.selected).copied()
    }

    /// A trigger's bindings as loaded.
    pub fn loaded(&self, trigger_id: &str) -> Option<&Vec<Binding>> {
        self.bindings.get(trigger_id)?.data.ready()
    }
}

/// What to do once the timeline has loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Then {
    Deploy,
    Undo,
}

/// Something fetched from the backend.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Remote<T> {
    #[default]
    NotAsked,
    Loading,
    Ready(T),
    Failed(String),
}

impl<T> Remote<T> {
    pub fn ready(&self) -> Option<&T> {
        match self {
            Remote::Ready(value) => Some(value),
            _ => None,
        }
    }
    pub fn is_loading(&self) -> bool {
        matches!(self, Remote::Loading)
    }
}

/// One request slot: only the newest request's result is accepted (last request wins).
#[derive(Debug, Clone, PartialEq)]
pub struct Slot<T> {
    pub data: Remote<T>,
    pub generation: Generation,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Self {
            data: Remote::NotAsked,
            generation: 0,
        }
    }
}

impl<T> Slot<T> {
    pub fn start(&mut self, generation: Generation) {
        self.generation = generation;
        // Keep showing old data while refreshing; show "loading" only when there is none.
        if !matches!(self.data, Remote::Ready(_)) {
            self.data = Remote::Loading;
        }
    }
    /// Stores the result if it answers the newest request; returns false for stale ones.
    pub fn finish<E: std::fmt::Display>(
        &mut self,
        generation: Generation,
        result: Result<T, E>,
    ) -> Result<bool, String> {
        if generation != self.generation {
            return Ok(false);
        }
        match result {
            Ok(value) => {
                self.data = Remote::Ready(value);
                Ok(true)
            }
            Err(err) => {
                let text = err.to_string();
                if !matches!(self.data, Remote::Ready(_)) {
                    self.data = Remote::Failed(text.clone());
                }
                Err(text)
            }
        }
    }
}

/// The detail's job slot (gitui's single job): at most one load out at a time; moving through the list
/// while it is out only marks the newest selection as queued, loaded when the slot frees up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DetailJob {
    /// Detail requests sent and not answered (stale ones included).
    pub outstanding: usize,
    /// The detail shows something not requested yet.
    pub queued: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActionsView {
    pub list: Slot<Vec<Action>>,
    /// Index into the FILTERED list.
    pub selected: usize,
    pub name_filter: String,
    pub editing_filter: bool,
    pub trigger_filter: Option<String>,
    pub detail: Option<ActionDetail>,
    pub detail_job: DetailJob,
    pub versions: Option<VersionsView>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ActionDetail {
    pub id: String,
    /// From the list, shown while the full object loads.
    pub name: String,
    pub action: Slot<Action>,
    pub scroll: usize,
}

/// View 4: FairCom code packages, with filters, a detail and the history timeline.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PackagesView {
    pub list: Slot<Vec<CodePackage>>,
    /// Index into the FILTERED list.
    pub selected: usize,
    pub name_filter: String,
    pub editing_filter: bool,
    pub status_filter: Option<CodeStatus>,
    pub type_filter: Option<CodeType>,
    pub detail: Option<PackageDetail>,
    pub detail_job: DetailJob,
    pub versions: Option<VersionsView>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PackageDetail {
    pub id: PackageId,
    pub package: Slot<CodePackage>,
    pub scroll: usize,
    /// The description and metadata instead of the code (`m`).
    pub show_metadata: bool,
    /// The description and the metadata as pretty JSON, as shown by `m`.
    pub about: Arc<str>,
}

impl PackagesView {
    /// Packages passing the name, status and type filters, in list order.
    pub fn visible(&self) -> Vec<&CodePackage> {
        let needle = self.name_filter.to_lowercase();
        self.list
            .data
            .ready()
            .into_iter()
            .flatten()
            .filter(|p| needle.is_empty() || p.id.name.to_lowercase().contains(&needle))
            .filter(|p| self.status_filter.as_ref().is_none_or(|s| p.status == *s))
            .filter(|p| self.type_filter.as_ref().is_none_or(|t| p.code_type == *t))
            .collect()
    }

    pub fn selected_package(&self) -> Option<&CodePackage> {
        self.visible().get(self.selected).copied()
    }

    /// True when the listed packages live in more than one database or under more than one owner:
    /// then names alone do not say which package is meant.
    pub fn several_places(&self) -> bool {
        crate::model::in_several_places(self.list.data.ready().map_or(&[], Vec::as_slice))
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModulesView {
    pub list: Slot<Vec<Module>>,
    pub selected: usize,
    pub detail: Option<ModuleDetail>,
    pub detail_job: DetailJob,
    pub versions: Option<VersionsView>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ModuleDetail {
    pub id: String,
    pub name: String,
    pub module: Slot<Module>,
    pub usages: Slot<Vec<ModuleUsage>>,
    pub scroll: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlashKind {
    Error,
    Info,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub kind: FlashKind,
    pub text: String,
    /// The tick at which it disappears.
    pub until_tick: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub connection: ConnectionInfo,
    pub opts: RunOptions,
    pub view: View,
    pub focus: Focus,
    pub overlay: Overlay,
    pub actions: ActionsView,
    pub modules: ModulesView,
    pub flows: FlowsView,
    pub packages: PackagesView,
    /// An action or module being created, between its steps.
    pub creating: Option<Creating>,
    /// An edited draft or test payload that was not sent (refused, failed, or the draft changed
    /// meanwhile): `e`/`t` start from it again instead of the service's text.
    pub unsent: BTreeMap<String, Arc<str>>,
    /// Select this object when its list next loads (after creating it).
    pub select_on_load: Option<String>,
    pub flash: Option<Flash>,
    pub running: Option<Running>,
    /// Following pending work and the automatic refresh.
    pub refresh: crate::app::refresh::Refresh,
    /// The wall clock as the runtime last reported it (relative times); `None` in fixed renders.
    pub now: Option<Timestamp>,
    /// Backend requests sent and not answered yet.
    pub in_flight: usize,
    /// Slow answers and pauses under way, as the clients report them (the footer says the newest).
    pub waits: crate::app::waiting::Waits,
    pub tick: u64,
    pub width: u16,
    pub height: u16,
    pub next_generation: Generation,
    pub quit: bool,
    /// The user pressed quit once while a change was running.
    pub quit_armed: bool,
    /// Something visible changed since the last draw.
    pub dirty: bool,
}

impl State {
    pub fn new(connection: ConnectionInfo, opts: RunOptions) -> Self {
        let refresh = crate::app::refresh::Refresh::every_seconds(opts.refresh_seconds);
        Self {
            connection,
            opts,
            view: View::Actions,
            focus: Focus::List,
            overlay: Overlay::None,
            actions: ActionsView::default(),
            modules: ModulesView::default(),
            flows: FlowsView::default(),
            packages: PackagesView::default(),
            creating: None,
            unsent: BTreeMap::new(),
            select_on_load: None,
            flash: None,
            running: None,
            refresh,
            now: None,
            in_flight: 0,
            waits: Default::default(),
            tick: 0,
            width: 120,
            height: 35,
            next_generation: 0,
            quit: false,
            quit_armed: false,
            dirty: true,
        }
    }

    pub fn new_generation(&mut self) -> Generation {
        self.next_generation += 1;
        self.next_generation
    }

    /// True when the demo badge and hint should show.
    pub fn is_demo(&self) -> bool {
        self.connection.demo || self.opts.demo_hint
    }

    /// Actions passing the name and trigger filters, in list order.
    pub fn visible_actions(&self) -> Vec<&Action> {
        let Some(all) = self.actions.list.data.ready() else {
            return vec![];
        };
        let needle = self.actions.name_filter.to_lowercase();
        all.iter()
            .filter(|a| needle.is_empty() || a.name.to_lowercase().contains(&needle))
            .filter(|a| match &self.actions.trigger_filter {
                Some(trigger) => a.supported_triggers.iter().any(|t| &t.id == trigger),
                None => true,
            })
            .collect()
    }

    pub fn selected_action(&self) -> Option<&Action> {
        self.visible_actions().get(self.actions.selected).copied()
    }

    pub fn modules_list(&self) -> &[Module] {
        self.modules
            .list
            .data
            .ready()
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Trigger ids present in the loaded actions, sorted, without duplicates.
    pub fn trigger_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .actions
            .list
            .data
            .ready()
            .into_iter()
            .flatten()
            .flat_map(|a| a.supported_triggers.iter().map(|t| t.id.clone()))
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// Rows of the current view's list (after filtering).
    pub fn list_len(&self) -> usize {
        match self.view {
            View::Actions => self.visible_actions().len(),
            View::Modules => self.modules_list().len(),
            View::Flows => self.flows.visible_triggers().len(),
            View::Packages => self.packages.visible().len(),
        }
    }

    pub fn selected_index(&self) -> usize {
        match self.view {
            View::Actions => self.actions.selected,
            View::Modules => self.modules.selected,
            View::Flows => self.flows.selected,
            View::Packages => self.packages.selected,
        }
    }

    pub fn detail_open(&self) -> bool {
        match self.view {
            View::Actions => self.actions.detail.is_some(),
            View::Modules => self.modules.detail.is_some(),
            View::Flows => self.flows.selected_trigger().is_some(),
            View::Packages => self.packages.detail.is_some(),
        }
    }

    /// Code shown in the open detail (or the selected version's, in a timeline), if loaded.
    pub fn detail_code(&self) -> Option<&str> {
        if let Some(versions) = self.versions() {
            let timeline = versions.timeline.data.ready()?;
            return timeline.rows.get(versions.selected).map(|r| &*r.code);
        }
        match self.view {
            View::Actions => {
                let detail = self.actions.detail.as_ref()?;
                detail.action.data.ready().map(|a| a.code.as_str())
            }
            View::Modules => {
                let detail = self.modules.detail.as_ref()?;
                detail.module.data.ready().map(|m| m.code.as_str())
            }
            View::Flows => None,
            View::Packages => {
                let detail = self.packages.detail.as_ref()?;
                if detail.show_metadata {
                    return Some(&detail.about);
                }
                detail.package.data.ready()?.code.as_deref()
            }
        }
    }

    pub fn versions(&self) -> Option<&VersionsView> {
        match self.view {
            View::Actions => self.actions.versions.as_ref(),
            View::Modules => self.modules.versions.as_ref(),
            View::Flows => None,
            View::Packages => self.packages.versions.as_ref(),
        }
    }

    /// The open timeline (in either view) waiting for this answer.
    pub fn versions_for_generation(&mut self, generation: Generation) -> Option<&mut VersionsView> {
        [
            self.actions.versions.as_mut(),
            self.modules.versions.as_mut(),
            self.packages.versions.as_mut(),
        ]
        .into_iter()
        .flatten()
        .find(|v| v.timeline.generation == generation)
    }

    pub fn versions_mut(&mut self) -> Option<&mut VersionsView> {
        match self.view {
            View::Actions => self.actions.versions.as_mut(),
            View::Modules => self.modules.versions.as_mut(),
            View::Flows => None,
            View::Packages => self.packages.versions.as_mut(),
        }
    }

    /// The order being saved for a trigger, if a bindings change on it is running.
    pub fn saving(&self, trigger_id: &str) -> Option<&Vec<BoundAction>> {
        match self.running.as_ref().map(|r| &r.change) {
            Some(Change::Bindings {
                trigger_id: id,
                order,
                ..
            }) if id == trigger_id => Some(order),
            _ => None,
        }
    }

    /// A trigger's order as the user sees it: moves queued behind a save, else the order being
    /// saved, else the service's.
    pub fn flow_order(&self, trigger_id: &str) -> Option<Vec<BoundAction>> {
        if let Some(queued) = self
            .flows
            .queued
            .as_ref()
            .filter(|q| q.trigger_id == trigger_id)
        {
            return Some(queued.order.clone());
        }
        if let Some(order) = self.saving(trigger_id) {
            return Some(order.clone());
        }
        self.flows
            .loaded(trigger_id)
            .map(|b| crate::flows::order_of(b))
    }

    /// The selected trigger's flow as drawn, a held binding at the place it would land.
    pub fn flow_rows(&self) -> Vec<FlowRow<'_>> {
        let Some(trigger) = self.flows.selected_trigger() else {
            return vec![];
        };
        let loaded = self.flows.loaded(&trigger.id);
        let action_of = |id: &str| {
            loaded
                .and_then(|b| b.iter().find(|b| b.action.id == id).map(|b| &b.action))
                .or_else(|| {
                    self.actions
                        .list
                        .data
                        .ready()
                        .and_then(|list| list.iter().find(|a| a.id == id))
                })
        };
        let mut order = self.flow_order(&trigger.id).unwrap_or_default();
        if let Some(held) = self.flows.held {
            if held.from < order.len() {
                let entry = order.remove(held.from);
                order.insert(held.at.min(order.len()), entry);
            }
        }
        order
            .into_iter()
            .map(|entry| FlowRow {
                action: action_of(&entry.action_id),
                entry,
            })
            .collect()
    }

    /// The profile name for the journal: the configured one, `demo`, or `env`.
    pub fn profile_name(&self) -> String {
        match (&self.connection.profile, self.connection.demo) {
            (Some(profile), _) => profile.clone(),
            (None, true) => "demo".to_string(),
            (None, false) => "env".to_string(),
        }
    }

    pub fn detail_scroll(&self) -> usize {
        if let Some(versions) = self.versions() {
            return versions.code_scroll;
        }
        match self.view {
            View::Actions => self.actions.detail.as_ref().map_or(0, |d| d.scroll),
            View::Modules => self.modules.detail.as_ref().map_or(0, |d| d.scroll),
            View::Flows => 0,
            View::Packages => self.packages.detail.as_ref().map_or(0, |d| d.scroll),
        }
    }
}
