//! The Compare view's data: two stages (profiles) read side by side, the rows of their comparison,
//! and the cross-stage diff of one row (its settings that differ above the code).

use crate::app::msg::Generation;
use crate::diff::DiffState;
use crate::stages::{Field, Kind, Row, Snapshot};

/// Which of the two stages a command or an answer is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// A: what is compared from (and would be promoted from).
    From,
    /// B: the target.
    To,
}

impl Side {
    pub const BOTH: [Side; 2] = [Side::From, Side::To];
}

/// A stage that can be compared, as the dashboard was started with it (configured profiles, or
/// the demo's two stages).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StageChoices {
    /// Profile names offered by the picker (sorted by name).
    pub names: Vec<String>,
    /// Compared when the view first opens (`--from A --to B`, or the demo's two stages).
    pub initial: Option<(String, String)>,
}

/// One stage as the view knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct StageSide {
    /// The profile name.
    pub name: String,
    /// The profile says `production = true` (known once connected).
    pub production: bool,
    /// Its `replace` pairs (code coming INTO it from the other stage is rewritten with them).
    pub replace: Vec<(String, String)>,
    /// `None` while it is being read.
    pub snapshot: Option<Box<Snapshot>>,
    /// The tenants its journal entries name (its Auth0 tenant, its FairCom server), once read.
    pub tenants: StageTenants,
    /// The read this side waits for; older answers are dropped.
    pub generation: Generation,
    /// A read is under way (the last snapshot, if any, is shown meanwhile).
    pub reading: bool,
}

impl StageSide {
    pub fn new(name: String, generation: Generation) -> Self {
        Self {
            name,
            production: false,
            replace: vec![],
            snapshot: None,
            tenants: StageTenants::default(),
            generation,
            reading: false,
        }
    }

    /// What this side could not read, in words, one line per distinct error (a 401 stands for
    /// actions, modules and flows at once).
    pub fn failures(&self) -> Vec<String> {
        let Some(snapshot) = &self.snapshot else {
            return vec![];
        };
        let mut said: Vec<String> = vec![];
        for (_, err) in snapshot.failures() {
            let words = err.to_string();
            if !said.contains(&words) {
                said.push(words);
            }
        }
        said
    }
}

/// One setting that differs between the two sides, as the diff shows it above the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingDiff {
    pub field: Field,
    /// The normalized text on each side (secret NAMES only: values are never read).
    pub from: String,
    pub to: String,
}

/// The cross-stage diff of one row: its differing settings, then the code A → B.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareDiff {
    pub kind: Kind,
    pub name: String,
    pub settings: Vec<SettingDiff>,
    /// What the code diff cannot show (one side has no such object, or nothing live).
    pub note: Option<String>,
    pub diff: Option<DiffState>,
    /// The `Cmd::Diff` being computed for it.
    pub pending: Option<Generation>,
}

/// The Compare view (`5`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompareView {
    pub from: Option<StageSide>,
    pub to: Option<StageSide>,
    /// Compare drafts instead of what is live.
    pub drafts: bool,
    /// The comparison of both sides (empty until both answered).
    pub rows: Vec<Row>,
    pub selected: usize,
    pub name_filter: String,
    pub editing_filter: bool,
    pub diff: Option<CompareDiff>,
    /// The picker chose A and asks for B.
    pub picked_from: Option<String>,
    /// Promoting from this view (boxed: the state stays small).
    pub promote: Box<Promoting>,
}

/// The Compare view's promotes: the rows marked for a batch, the one under way.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Promoting {
    /// Rows marked for a batch promote (`Space`), by kind and name.
    pub marked: Vec<(Kind, String)>,
    /// A promote being planned or sent (its generation): one at a time.
    pub promoting: Option<Generation>,
    /// A promote dialog waiting for its diff (`Cmd::Diff` of this generation).
    pub asking: Option<(Generation, Box<PromoteConfirm>)>,
    /// A promote said yes to, waiting for the values of the secrets B lacks (asked one by one,
    /// hidden).
    pub secrets: Option<Box<SecretsAsked>>,
    /// The intents journaled for the promote under way, in plan order: their outcomes are
    /// journaled when B answers.
    pub intents: Vec<crate::journal::Entry>,
}

/// A promote confirmed, asking for the value of each secret B lacks before anything is sent.
/// Values are `Secret`s (never in `Debug`); Esc drops them all and sends nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct SecretsAsked {
    pub plans: Vec<crate::stages::promote::Plan>,
    /// The second button was chosen (then deploy, then publish).
    pub deploy: bool,
    /// The names still to ask; the first one is being asked.
    pub needed: Vec<String>,
    /// The values typed so far.
    pub given: Vec<crate::model::SecretInput>,
}

impl CompareView {
    pub fn side(&self, side: Side) -> Option<&StageSide> {
        match side {
            Side::From => self.from.as_ref(),
            Side::To => self.to.as_ref(),
        }
    }

    pub fn side_mut(&mut self, side: Side) -> Option<&mut StageSide> {
        match side {
            Side::From => self.from.as_mut(),
            Side::To => self.to.as_mut(),
        }
    }

    /// Rows passing the name filter, in order (by kind, then name).
    pub fn visible(&self) -> Vec<&Row> {
        let needle = self.name_filter.to_lowercase();
        self.rows
            .iter()
            .filter(|r| needle.is_empty() || r.name.to_lowercase().contains(&needle))
            .collect()
    }

    /// The row is marked for a batch promote.
    pub fn is_marked(&self, kind: Kind, name: &str) -> bool {
        self.promote
            .marked
            .iter()
            .any(|(k, n)| *k == kind && n == name)
    }

    pub fn selected_row(&self) -> Option<&Row> {
        self.visible().get(self.selected).copied()
    }

    /// Both sides answered.
    pub fn ready(&self) -> bool {
        Side::BOTH
            .iter()
            .all(|s| self.side(*s).is_some_and(|side| side.snapshot.is_some()))
    }
}

/// The tenants a stage's journal entries name, as its connection labels them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StageTenants {
    pub auth0: String,
    pub faircom: String,
}

impl StageTenants {
    /// The tenant an entry about this kind of object names.
    pub fn of(&self, kind: crate::journal::ObjectKind) -> &str {
        match kind {
            crate::journal::ObjectKind::Package => &self.faircom,
            _ => &self.auth0,
        }
    }
}

/// One stage as read by the shell: what its profile says, and its snapshot (a side that could not
/// connect or be read keeps the error in its parts).
#[derive(Debug, Clone, PartialEq)]
pub struct StageReading {
    pub production: bool,
    pub tenants: StageTenants,
    pub replace: Vec<(String, String)>,
    pub snapshot: Snapshot,
}

/// What the promote dialog's yes does.
#[derive(Debug, Clone, PartialEq)]
pub enum PromoteAction {
    /// These plans, in batch order (modules, actions, flows, packages), into B.
    Promote(Vec<crate::stages::promote::Plan>),
    /// Undo the last promote of this object into B.
    Undo { kind: Kind, name: String },
}

/// The dialog of a promote (or its undo): both stages named, B now → B after, Cancel focused.
#[derive(Debug, Clone, PartialEq)]
pub struct PromoteConfirm {
    pub title: String,
    /// Both stages in words, what changes, what the service will do.
    pub lines: Vec<String>,
    /// B is a production stage: the dialog is drawn in the danger colour, and its last line is
    /// the warning that says so.
    pub danger: bool,
    /// B now → B after (one promote; a batch lists its objects instead).
    pub diff: Option<DiffState>,
    pub confirm_focused: bool,
    /// The second button's words, when the promote offers one (actions: then deploy, followed
    /// until live; modules: then publish).
    pub deploy_label: Option<&'static str>,
    /// The second button has the focus.
    pub deploy_focused: bool,
    pub action: PromoteAction,
}
