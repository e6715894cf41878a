//! The views' data: the lists and their details, the version timelines, the Flows view, the
//! request slots they load into, and the automatic refresh's counters.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::app::msg::Generation;
use crate::app::timeline::{RowKey, Timeline, Versioned};
use crate::diff::DiffState;
use crate::flows::FlowTrigger;
use crate::model::{
    Action, Binding, BoundAction, CodePackage, CodeStatus, CodeType, Module, ModuleUsage, PackageId,
};
use crate::strings as s;

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
    /// Boxed: three views hold a `VersionsView`, and the dashboard's state stays small.
    pub diff: Option<Box<DiffState>>,
    /// The older side of the diff `d` opened on two rows: `r` in that diff rolls back to it
    /// ("d then r", the way back from a version that broke things).
    pub diff_old: Option<RowKey>,
    /// A diff asked for and being computed (`Cmd::Diff` of this generation): the pane shows the
    /// code until it arrives.
    pub pending_diff: Option<Generation>,
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
    // Undo more than one level (issue 19): undo `UndoSteps::chain_step`.
    Chain,
    // Search (issue 17): select this version, its code scrolled to `line` (1-based), or its diff.
    Show {
        key: RowKey,
        line: usize,
        diff: bool,
    },
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
    pub fn ready_mut(&mut self) -> Option<&mut T> {
        match self {
            Remote::Ready(value) => Some(value),
            _ => None,
        }
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
    // Finding things (issue 19).
    pub sort: super::ListSort,
    pub state_filter: Option<super::StateFilter>,
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
    // Finding things (issue 19).
    pub sort: super::ListSort,
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

/// Columns of a package description's lines in the `m` view (fits an 80-column terminal's pane).
const DESCRIPTION_WIDTH: usize = 64;

impl PackageDetail {
    /// The description and the metadata (pretty JSON) as `m` shows them: a comment block, then the JSON,
    /// so that the code pane's highlighting reads them well.
    pub fn about(package: &CodePackage) -> String {
        let mut text = format!("// {}\n", s::LABEL_DESCRIPTION);
        if package.description.trim().is_empty() {
            text.push_str(&format!("// {}\n", s::NO_DESCRIPTION));
        }
        // Wrapped at words so that no sentence runs off a narrow pane.
        for line in package.description.lines() {
            for part in crate::app::layout::wrap_words(line, DESCRIPTION_WIDTH, " ") {
                text.push_str(&format!("// {part}\n"));
            }
        }
        text.push_str(&format!("\n// {}\n", s::LABEL_METADATA));
        let metadata = serde_json::to_string_pretty(&package.metadata).unwrap_or_default();
        text.push_str(&metadata);
        text.push('\n');
        text
    }
}

impl PackagesView {
    /// Packages passing the name, status and type filters, in list order.
    pub fn visible(&self) -> Vec<&CodePackage> {
        let needle = self.name_filter.to_lowercase();
        let mut shown: Vec<&CodePackage> = self
            .list
            .data
            .ready()
            .into_iter()
            .flatten()
            .filter(|p| super::name_or_id_matches(&needle, &p.id.name, &p.code_id.to_string()))
            .filter(|p| self.status_filter.as_ref().is_none_or(|s| p.status == *s))
            .filter(|p| self.type_filter.as_ref().is_none_or(|t| p.code_type == *t))
            .collect();
        super::sort_packages(&mut shown, self.sort);
        shown
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
    // Finding things (issue 19).
    pub sort: super::ListSort,
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

/// `Msg::Tick` comes about ten times a second.
pub const TICKS_PER_SECOND: u64 = 10;
/// The automatic refresh and the following of pending work, in ticks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Refresh {
    /// Ticks between two refreshes of the open view; 0: never.
    pub every: u64,
    /// The tick at which the open view is refreshed next (later when the user is busy then).
    pub due_at: u64,
    /// The tick at which the actions are read again because some are still pending.
    pub follow_at: Option<u64>,
    /// Reads made while the same work stayed pending (the wait doubles with each).
    pub follows: u32,
    /// The load an automatic refresh sent: its answer is compared with what was shown.
    pub watching: Option<Generation>,
}

impl Refresh {
    pub fn every_seconds(seconds: u32) -> Self {
        let every = u64::from(seconds) * TICKS_PER_SECOND;
        Self {
            every,
            due_at: every,
            ..Self::default()
        }
    }
}
