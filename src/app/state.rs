//! All dashboard state, plain data. `update` changes it, `ui::render` reads it. The parts live in
//! `state/`: the views (lists, details, timelines, flows), the overlays (dialogs, menus, prompts) and
//! the changes (what a confirmed change is and which commands carry it out); their types are
//! re-exported here, so `app::state::X` names every one.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::app::msg::Generation;
use crate::app::RunOptions;
use crate::model::ConnectionInfo;
use crate::model::{Action, BoundAction, Module, Timestamp};

mod blame;
mod change;
mod compare;
mod logs;
mod overlays;
mod reading;
mod said;
mod search;
mod views;

pub use crate::activity::matching::VersionActivity;
pub use blame::{
    BlameRequest, BlameSource, BlameStep, BlameView, Blamed, HistoryJump, PickaxeRequest,
    PickaxeTarget,
};
pub use change::{Change, NewObject, Running, Started, VersionRef};
pub use compare::{
    CompareDiff, CompareView, PromoteAction, PromoteConfirm, Promoting, SecretsAsked, SettingDiff,
    Side, StageChoices, StageReading, StageSide, StageTenants,
};
pub use logs::{ActivityRead, LogsView, OpenEvent, Pinned, TailState, TimelineActivity, TAIL_KEEP};
pub use overlays::{
    Asking, Confirm, CopyChoice, CreateStep, Creating, ExecutionView, Menu, MenuPurpose, Overlay,
    PackageDraft, PackageEdit, PayloadChoice, Prompt, PromptPurpose, SecretRow, Settings,
    SettingsFor, TestResult,
};
// Saved test payloads (issue 19).
pub use overlays::PayloadFrom;
pub use reading::{
    name_or_id_matches, sort_actions, sort_modules, sort_packages, CodeView, FilterChoice,
    ListSort, StateFilter,
};
pub use said::{HelpFilter, Said, SaidLog, KEPT};
pub use search::{
    LineHit, SearchObject, SearchQuery, SearchResults, SearchVersion, SearchView, SyncReport,
};
pub use views::{
    ActionDetail, ActionsView, Conflict, DetailJob, FlowRow, FlowsView, Held, ModuleDetail,
    ModulesView, PackageDetail, PackagesView, Queued, Refresh, Remote, Slot, Then, VersionsView,
    TICKS_PER_SECOND,
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
    pub fn offered(self, services: crate::model::Services) -> bool {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlashKind {
    Error,
    Info,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub kind: FlashKind,
    pub text: String,
    /// When it would once have gone; messages no longer expire on ticks (see `State::flash`).
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
    /// The Compare view (`5`): two stages side by side. It shows over `view` while `comparing`.
    pub compare: CompareView,
    pub comparing: bool,
    /// An action or module being created, between its steps.
    pub creating: Option<Creating>,
    /// An edited draft or test payload that was not sent (refused, failed, or the draft changed
    /// meanwhile): `e`/`t` start from it again instead of the service's text.
    pub unsent: BTreeMap<String, Arc<str>>,
    /// Select this object when its list next loads (after creating it).
    pub select_on_load: Option<String>,
    pub flash: Option<Flash>,
    pub running: Option<Running>,
    /// A confirm dialog waiting for its diff (it opens when the diff arrives).
    pub asking: Option<Asking>,
    /// Following pending work and the automatic refresh.
    pub refresh: Refresh,
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
    // Search (issue 17): the last search and its results (`S`, `:search`).
    pub search: Option<SearchView>,
    /// A `:sync` is running (one at a time).
    pub syncing: bool,
    /// The lists shown as the history store kept them, until the service's answer replaces them.
    pub cached: Cached,
    // Line history (`b` in a code view).
    /// The blame gutter of a code view, while toggled on.
    pub blame: Option<BlameView>,
    /// A pickaxe asked for, and a diff to open at a line (from the gutter or the pickaxe).
    pub history_jump: HistoryJump,
    // Finding things (issue 19).
    /// The code pane's wrap, sideways scroll and text search.
    pub code_view: Box<CodeView>,
    /// How diffs show (`s`, `x`, `w`): kept for the session, every new diff opens this way.
    pub diff_opts: crate::diff::DiffOptions,
    // Logs (issue 18).
    /// View `6`: the live tail and its filters (boxed: the state is moved through futures).
    pub logs: Box<LogsView>,
    /// What the logs say of the open action's timeline.
    pub activity: Option<Box<TimelineActivity>>,
    // Reading the screen (issue 19).
    /// Everything the status line said, newest last (`M`).
    pub said: SaidLog,
    /// The help's filter.
    pub help_filter: HelpFilter,
    // Undo more than one level (issue 19).
    /// Which journaled changes the undos asked and under way take back (boxed: the state is
    /// moved through futures).
    pub undo_steps: Box<UndoSteps>,
}

/// What an undo takes back, as its journal entries will say (`Entry::undoes`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UndoSteps {
    /// The change the undo dialog last built would undo.
    pub asked: Option<String>,
    /// The change the undo under way undoes.
    pub running: Option<String>,
    /// The journal entry `z`/`Z` will undo once its object's timeline has loaded.
    pub chain_step: Option<crate::journal::Entry>,
}

/// When the service gave each list shown from the store (warm start, offline); `None`: the list
/// shown is live (or not shown at all).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cached {
    pub actions: Option<Timestamp>,
    pub modules: Option<Timestamp>,
    pub packages: Option<Timestamp>,
}

impl Cached {
    /// The stored list's time for this view's list, if it shows one.
    pub fn of(&self, view: View) -> Option<Timestamp> {
        match view {
            View::Actions => self.actions,
            View::Modules => self.modules,
            View::Packages => self.packages,
            View::Flows => None,
        }
    }

    /// The slot of this view's list (`None` for the Flows view: its list is never stored).
    pub fn slot(&mut self, view: View) -> Option<&mut Option<Timestamp>> {
        match view {
            View::Actions => Some(&mut self.actions),
            View::Modules => Some(&mut self.modules),
            View::Packages => Some(&mut self.packages),
            View::Flows => None,
        }
    }
}

impl State {
    pub fn new(connection: ConnectionInfo, opts: RunOptions) -> Self {
        let refresh = Refresh::every_seconds(opts.refresh_seconds);
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
            compare: CompareView::default(),
            comparing: false,
            creating: None,
            unsent: BTreeMap::new(),
            select_on_load: None,
            flash: None,
            running: None,
            asking: None,
            refresh,
            now: None,
            in_flight: 0,
            waits: crate::app::waiting::Waits::default(),
            tick: 0,
            width: 120,
            height: 35,
            next_generation: 0,
            quit: false,
            quit_armed: false,
            dirty: true,
            search: None,
            syncing: false,
            cached: Cached::default(),
            blame: None,
            history_jump: HistoryJump::default(),
            code_view: Box::default(),
            diff_opts: crate::diff::DiffOptions::default(),
            logs: Box::default(),
            activity: None,
            said: SaidLog::default(),
            help_filter: HelpFilter::default(),
            undo_steps: Box::default(),
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
        let mut shown: Vec<&Action> = all
            .iter()
            .filter(|a| name_or_id_matches(&needle, &a.name, &a.id))
            .filter(|a| match &self.actions.trigger_filter {
                Some(trigger) => a.supported_triggers.iter().any(|t| &t.id == trigger),
                None => true,
            })
            .filter(|a| self.actions.state_filter.is_none_or(|f| f.admits(a)))
            .collect();
        sort_actions(&mut shown, self.actions.sort);
        shown
    }

    /// What the Actions list's filter picker offers: all, each trigger present (as before), then
    /// the states (issue 19).
    pub fn filter_choices(&self) -> Vec<FilterChoice> {
        std::iter::once(FilterChoice::All)
            .chain(self.trigger_ids().into_iter().map(FilterChoice::Trigger))
            .chain(StateFilter::ALL.into_iter().map(FilterChoice::State))
            .collect()
    }

    /// The picker's row for the filter set now (a trigger first, else a state, else all).
    pub fn filter_choice_selected(&self) -> usize {
        let current = match (&self.actions.trigger_filter, self.actions.state_filter) {
            (Some(trigger), _) => FilterChoice::Trigger(trigger.clone()),
            (None, Some(state)) => FilterChoice::State(state),
            (None, None) => FilterChoice::All,
        };
        self.filter_choices()
            .iter()
            .position(|c| *c == current)
            .unwrap_or(0)
    }

    pub fn selected_action(&self) -> Option<&Action> {
        self.visible_actions().get(self.actions.selected).copied()
    }

    pub fn modules_list(&self) -> &[Module] {
        self.modules.list.data.ready().map_or(&[], Vec::as_slice)
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

    /// Scrolls the code shown (the open detail's, or the selected version's in a timeline).
    pub fn set_detail_scroll(&mut self, scroll: usize) {
        if let Some(versions) = self.versions_mut() {
            versions.code_scroll = scroll;
            return;
        }
        let slot = match self.view {
            View::Actions => self.actions.detail.as_mut().map(|d| &mut d.scroll),
            View::Modules => self.modules.detail.as_mut().map(|d| &mut d.scroll),
            View::Flows => None,
            View::Packages => self.packages.detail.as_mut().map(|d| &mut d.scroll),
        };
        if let Some(slot) = slot {
            *slot = scroll;
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

/// A dashboard on a plain Auth0 connection, for unit tests.
#[cfg(test)]
pub(crate) fn for_tests() -> State {
    let connection = ConnectionInfo {
        label: "t".into(),
        base_url: "http://t".into(),
        demo: false,
        profile: None,
        services: crate::model::Services {
            auth0: true,
            faircom: false,
        },
        faircom_label: None,
    };
    State::new(connection, RunOptions::default())
}
