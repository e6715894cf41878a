//! The overlays: help, pickers, menus, prompts, the settings of a draft, results, and the confirm
//! dialog of a change.

use std::sync::Arc;

use crate::app::msg::Generation;
use crate::app::state::{Change, Remote, Slot};
use crate::diff::DiffState;
use crate::model::{BoundAction, CodeStatus, CodeType};

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
    /// A promote into the Compare view's stage B (or its undo) waits for the user's yes.
    Promote(Box<crate::app::state::PromoteConfirm>),
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
    // Reading the screen (issue 19).
    /// The last messages said, newest first (`M`, `:messages`); `scroll` lines down.
    Messages {
        scroll: usize,
    },
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
    // Compare view (promote): the value of a secret the target stage lacks (masked; the Compare
    // view's promote takes it, not the settings).
    PromoteSecret(String),
    // Search (issue 17): the pattern to search every stored version for.
    Search,
    // Line history.
    /// The text whose versions `/` in a timeline lists (pickaxe).
    Pickaxe,
    // Finding things (issue 19).
    /// The text `/` searches for in the code pane or the diff.
    FindText,
    // Reaching out (issue 19): the name to save an action's last test event under.
    SavePayload {
        action_id: String,
    },
    // Package code (issue 19): the comment FairCom keeps with the edited code's new version; the
    // name and the owner of a package being created.
    PackageComment(Box<PackageEdit>),
    PackageName(Box<PackageDraft>),
    PackageOwner(Box<PackageDraft>),
}

/// A code package being created, step by step (name → owner → type → language → code → asks).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PackageDraft {
    /// Empty: the server's default (the session's database, else `faircom`).
    pub database: String,
    /// Empty: the server's default (the session's owner).
    pub owner: String,
    pub name: String,
    pub code_type: Option<CodeType>,
    pub language: String,
}

/// A code package's edited code, waiting for its comment (then the review dialog).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageEdit {
    /// `PackageId::key()`.
    pub object_id: String,
    pub name: String,
    /// The version the code was read at (the read-before-write guard checks it).
    pub seen: u32,
    pub before: std::sync::Arc<str>,
    pub code: std::sync::Arc<str>,
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

/// A secret row: kept as the service holds it, given a new value, or removed.
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
    /// Where the event started from (saved test payloads, issue 19).
    pub from: PayloadFrom,
}

/// Where the event of a test run started from, said in the result (saved test payloads, issue 19).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum PayloadFrom {
    /// The trigger's sample event: nothing was tested with this action before.
    #[default]
    Sample,
    /// The event this action was last tested with, kept in the data dir (`at`: when).
    Last { at: Option<crate::model::Timestamp> },
    /// An edit of this session that was not run (not JSON, or refused).
    Unsent,
    /// A payload saved under this name (`T`).
    Saved(String),
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
    /// A stage of the Compare view: A, then B (the profile names).
    CompareStage(Vec<String>),
    // Line history: the versions that added or removed a text (`/` in a timeline).
    /// Where each listed version's diff opens.
    Pickaxe(Vec<super::PickaxeTarget>),
    // Logs (issue 18): the action whose events view 6 shows (`None`: every action), name and id.
    LogsAction(Vec<Option<(String, String)>>),
    // Reaching out (issue 19): what `Y` offers to copy; the saved test payloads `T` offers.
    Copy(Vec<CopyChoice>),
    Payloads {
        action_id: String,
        name: String,
        choices: Vec<PayloadChoice>,
    },
    // Package code (issue 19): creating a code package, its type, then its language.
    PackageType(Box<PackageDraft>, Vec<CodeType>),
    PackageLanguage(Box<PackageDraft>, Vec<String>),
}

/// An item of the `T` menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayloadChoice {
    /// Test with this event (the editor opens on it first, as `t` does).
    Use(std::sync::Arc<str>, PayloadFrom),
    /// Save the last run's event under a name (a prompt asks which).
    SaveLastAs,
}

/// One thing the user can copy (`Y`): what it is (`id`, `code` …) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyChoice {
    pub what: &'static str,
    pub text: String,
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

/// A confirm dialog waiting for its diff (`Cmd::Diff` of this generation): it opens, complete, when
/// the diff arrives; meanwhile the screen stays as it was.
#[derive(Debug, Clone, PartialEq)]
pub struct Asking {
    pub generation: Generation,
    pub confirm: Box<Confirm>,
}
