//! Keys as DATA: per-mode tables of (keys, intent, help). Dispatch looks keys up here; the `?` overlay
//! and the README keymap section are generated from the same tables.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::strings as s;

/// What a key means, independent of which key it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Intent {
    Quit,
    Help,
    NextFocus,
    Refresh,
    ViewActions,
    ViewModules,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    Filter,
    TriggerPicker,
    FilterKeep,
    FilterClear,
    FilterErase,
    Pick,
    Versions,
    DiffPredecessor,
    MarkBase,
    DiffDraftLive,
    Rollback,
    Deploy,
    Undo,
    NextChange,
    PrevChange,
    ToggleUnified,
    ToggleWrap,
    ToggleFolds,
    ScrollLeft,
    ScrollRight,
    Confirm,
    SwitchButton,
    ViewFlows,
    PickUp,
    MoveUp,
    MoveDown,
    AddBinding,
    RemoveBinding,
    ReloadTheirs,
    ApplyMine,
    ViewPackages,
    StatusFilter,
    TypeFilter,
    SetStatus,
    ToggleMetadata,
    EditDraft,
    OpenSettings,
    Create,
    Delete,
    TestAction,
    Command,
    ExecPrompt,
    AddDependency,
    AddSecret,
    RemoveRow,
    Save,
    ViewCompare,
    /// Compare drafts instead of what is live, and back.
    ToggleDrafts,
    /// Choose the two stages compared.
    PickStages,
    /// Promote the row (or the marked rows) from A to B.
    Promote,
    /// Mark a row for a batch.
    Mark,
    // Search (issue 17).
    /// Search every stored version (`S`, `:search`).
    Search,
    // Line history (issue 17: blame in a code view, pickaxe in a timeline).
    /// Toggle the blame gutter of the code shown.
    Blame,
    /// Re-blame at the version before the cursor line's version (tig's `,`).
    BlameParent,
    /// Back to the blame before the last `BlameParent`.
    BlameBack,
    /// The diff that brought the cursor line.
    BlameDiff,
    /// The versions that added or removed a text (`git log -S`).
    Pickaxe,
    // Finding things (issue 19).
    /// Search the text shown (the code pane, the diff).
    FindText,
    /// The next match of that search (in a diff without one: the next change).
    NextMatch,
    /// The previous match (in a diff without one: the previous change).
    PrevMatch,
    /// Cycle the list's order.
    Sort,
    // Logs (issue 18).
    /// View `6`: the tenant's logs.
    ViewLogs,
    /// Pause or resume the live tail.
    PauseTail,
    /// Show one action's events only.
    PickLogAction,
    /// The selected version's failures (a timeline's `f`).
    VersionFailures,
    // Reading the screen (issue 19).
    /// The last messages with their times (`M`, `:messages`).
    Messages,
    // Reaching out (issue 19).
    /// Copy what the view shows selected (an id, the code, the diff) to the clipboard.
    Copy,
    /// A menu of what can be copied here.
    CopyMenu,
    /// Open the object's page in the Auth0 Dashboard.
    OpenDashboard,
    /// Test with a saved payload (a picker), or save the last one under a name.
    PickPayload,
    // Undo more than one level (issue 19).
    /// Undo codedeck's next change back on this tenant (`z`, lazygit's).
    UndoOlder,
    /// Redo the newest undo not yet redone (`Z`).
    Redo,
}

impl Intent {
    /// True when the intent changes something on the service (or opens the way to a change: an
    /// editor, a dialog, a held binding): offline, these are refused before anything opens. No
    /// wildcard: a new intent must be classed here.
    pub fn changes(self) -> bool {
        match self {
            Intent::Deploy
            | Intent::Undo
            | Intent::Rollback
            | Intent::EditDraft
            | Intent::OpenSettings
            | Intent::Create
            | Intent::Delete
            | Intent::TestAction
            | Intent::SetStatus
            | Intent::PickUp
            | Intent::MoveUp
            | Intent::MoveDown
            | Intent::AddBinding
            | Intent::RemoveBinding
            | Intent::ApplyMine
            | Intent::Promote
            | Intent::Confirm
            | Intent::AddDependency
            | Intent::AddSecret
            | Intent::RemoveRow
            | Intent::Save
            | Intent::PickPayload
            | Intent::UndoOlder
            | Intent::Redo => true,
            Intent::Quit
            | Intent::Help
            | Intent::Search
            | Intent::Blame
            | Intent::BlameParent
            | Intent::BlameBack
            | Intent::BlameDiff
            | Intent::Pickaxe
            | Intent::NextFocus
            | Intent::Refresh
            | Intent::ViewActions
            | Intent::ViewModules
            | Intent::Up
            | Intent::Down
            | Intent::PageUp
            | Intent::PageDown
            | Intent::Top
            | Intent::Bottom
            | Intent::Open
            | Intent::Back
            | Intent::Filter
            | Intent::TriggerPicker
            | Intent::FilterKeep
            | Intent::FilterClear
            | Intent::FilterErase
            | Intent::Pick
            | Intent::Versions
            | Intent::DiffPredecessor
            | Intent::MarkBase
            | Intent::DiffDraftLive
            | Intent::NextChange
            | Intent::PrevChange
            | Intent::ToggleUnified
            | Intent::ToggleWrap
            | Intent::ToggleFolds
            | Intent::ScrollLeft
            | Intent::ScrollRight
            | Intent::SwitchButton
            | Intent::ViewFlows
            | Intent::ReloadTheirs
            | Intent::ViewPackages
            | Intent::StatusFilter
            | Intent::TypeFilter
            | Intent::ToggleMetadata
            | Intent::Command
            | Intent::ExecPrompt
            | Intent::ViewCompare
            | Intent::ToggleDrafts
            | Intent::PickStages
            | Intent::Mark
            | Intent::FindText
            | Intent::NextMatch
            | Intent::PrevMatch
            | Intent::Sort
            | Intent::ViewLogs
            | Intent::PauseTail
            | Intent::PickLogAction
            | Intent::VersionFailures
            | Intent::Messages
            | Intent::Copy
            | Intent::CopyMenu
            | Intent::OpenDashboard => false,
        }
    }

    /// The intents that move a cursor or a scroll position (one table row each in the help).
    pub fn is_movement(self) -> bool {
        matches!(
            self,
            Intent::Up
                | Intent::Down
                | Intent::PageUp
                | Intent::PageDown
                | Intent::Top
                | Intent::Bottom
        )
    }
}

/// Which table applies: decided by `update::mode(state)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    /// Always consulted in List and Detail, after the mode's own table.
    Global,
    List,
    Detail,
    Filter,
    Picker,
    Help,
    /// The version timeline of one action or module.
    Timeline,
    /// A diff fills the body.
    Diff,
    /// A confirm dialog for a change.
    Confirm,
    /// The Flows view's trigger list.
    FlowTriggers,
    /// The selected trigger's bindings.
    FlowBindings,
    /// Both orders after a change made elsewhere.
    Conflict,
    /// The code package list.
    PackageList,
    /// A code package's detail, or the code of a selected version in its history.
    PackageDetail,
    /// A code package's version history.
    PackageTimeline,
    /// Typing into a one-line input (a name, a secret value, a `:` command).
    Prompt,
    /// The dependencies and secrets of a draft.
    Settings,
    /// A test run's result or an execution.
    Result,
    /// The Compare view's rows.
    Compare,
    // Search (issue 17).
    /// The results of a search over every stored version.
    Search,
    // Logs (issue 18).
    /// View `6`: the live tail, or an event shown whole.
    Logs,
    // Reading the screen (issue 19).
    /// The last messages said, with their times.
    Messages,
}

impl Mode {
    /// The shared mode whose generic handling applies once a package mode's own keys are served.
    pub fn generic(self) -> Mode {
        match self {
            Mode::PackageList => Mode::List,
            Mode::PackageDetail => Mode::Detail,
            Mode::PackageTimeline => Mode::Timeline,
            other => other,
        }
    }
}

#[derive(Clone, Copy)]
pub struct KeyBinding {
    /// Key specs: a single character (`j`, `G`, `?`) or a named key in angle brackets
    /// (`<Enter>`, `<Esc>`, `<Tab>`, `<Up>`, `<PgDn>`, `<Home>`, `<Backspace>`, `<C-c>` …).
    pub keys: &'static [&'static str],
    pub intent: Intent,
    pub help: &'static str,
}

pub struct KeyTable {
    pub mode: Mode,
    pub title: &'static str,
    pub bindings: &'static [KeyBinding],
}

const fn bind(keys: &'static [&'static str], intent: Intent, help: &'static str) -> KeyBinding {
    KeyBinding { keys, intent, help }
}

/// A table's bindings after the six moves every scrolling pane shares.
macro_rules! with_moves {
    ($($binding:expr),* $(,)?) => {
        &[
            MOVE_KEYS[0], MOVE_KEYS[1], MOVE_KEYS[2], MOVE_KEYS[3], MOVE_KEYS[4], MOVE_KEYS[5],
            $($binding),*
        ]
    };
}

const MOVE_KEYS: [KeyBinding; 6] = [
    bind(&["j", "<Down>"], Intent::Down, s::HELP_DOWN),
    bind(&["k", "<Up>"], Intent::Up, s::HELP_UP),
    bind(&["<PgDn>", "<C-d>"], Intent::PageDown, s::HELP_PAGE_DOWN),
    bind(&["<PgUp>", "<C-u>"], Intent::PageUp, s::HELP_PAGE_UP),
    bind(&["g", "<Home>"], Intent::Top, s::HELP_TOP),
    bind(&["G", "<End>"], Intent::Bottom, s::HELP_BOTTOM),
];

pub const GLOBAL: KeyTable = KeyTable {
    mode: Mode::Global,
    title: s::HELP_SECTION_GLOBAL,
    bindings: &[
        bind(&["q", "<C-c>"], Intent::Quit, s::HELP_QUIT),
        bind(&["?"], Intent::Help, s::HELP_HELP),
        bind(&[":"], Intent::Command, s::HELP_COMMAND),
        bind(&["1"], Intent::ViewActions, s::HELP_VIEW_ACTIONS),
        bind(&["2"], Intent::ViewModules, s::HELP_VIEW_MODULES),
        bind(&["3"], Intent::ViewFlows, s::HELP_VIEW_FLOWS),
        bind(&["4"], Intent::ViewPackages, s::HELP_VIEW_PACKAGES),
        bind(&["5"], Intent::ViewCompare, s::compare::HELP_VIEW_COMPARE),
        bind(&["<Tab>", "<BackTab>"], Intent::NextFocus, s::HELP_FOCUS),
        bind(&["R"], Intent::Refresh, s::HELP_REFRESH),
        // Search (issue 17).
        bind(&["S"], Intent::Search, s::search::HELP_SEARCH),
        // Logs (issue 18).
        bind(&["6"], Intent::ViewLogs, s::logs::HELP_VIEW_LOGS),
        // Reading the screen (issue 19).
        bind(&["M"], Intent::Messages, s::keys::HELP_MESSAGES),
    ],
};

pub const LIST: KeyTable = KeyTable {
    mode: Mode::List,
    title: s::HELP_SECTION_LIST,
    bindings: with_moves![
        bind(&["<Enter>", "l", "<Right>"], Intent::Open, s::HELP_OPEN),
        bind(&["/"], Intent::Filter, s::HELP_FILTER),
        bind(&["f"], Intent::TriggerPicker, s::find::HELP_STATE_FILTER),
        bind(&["v"], Intent::Versions, s::HELP_VERSIONS),
        bind(&["p"], Intent::Deploy, s::HELP_DEPLOY),
        bind(&["u"], Intent::Undo, s::HELP_UNDO),
        bind(&["e"], Intent::EditDraft, s::HELP_EDIT),
        bind(&["s"], Intent::OpenSettings, s::HELP_SETTINGS),
        bind(&["n"], Intent::Create, s::HELP_CREATE),
        bind(&["X"], Intent::Delete, s::HELP_DELETE),
        bind(&["t"], Intent::TestAction, s::HELP_TEST),
        bind(&["E"], Intent::ExecPrompt, s::HELP_EXEC),
        bind(&["<Esc>"], Intent::Back, s::HELP_BACK_LIST),
        // Finding things (issue 19).
        bind(&["o"], Intent::Sort, s::find::HELP_SORT),
        // Reaching out (issue 19).
        bind(&["y"], Intent::Copy, s::reach::HELP_COPY),
        bind(&["Y"], Intent::CopyMenu, s::reach::HELP_COPY_MENU),
        bind(&["O"], Intent::OpenDashboard, s::reach::HELP_OPEN_DASHBOARD),
        bind(&["T"], Intent::PickPayload, s::reach::HELP_PICK_PAYLOAD),
        // Undo more than one level (issue 19).
        bind(&["z"], Intent::UndoOlder, s::HELP_UNDO_OLDER),
        bind(&["Z"], Intent::Redo, s::HELP_REDO),
    ],
};

pub const DETAIL: KeyTable = KeyTable {
    mode: Mode::Detail,
    title: s::HELP_SECTION_DETAIL,
    bindings: with_moves![
        bind(&["v"], Intent::Versions, s::HELP_VERSIONS),
        bind(&["p"], Intent::Deploy, s::HELP_DEPLOY),
        bind(&["u"], Intent::Undo, s::HELP_UNDO),
        bind(&["e"], Intent::EditDraft, s::HELP_EDIT),
        bind(&["s"], Intent::OpenSettings, s::HELP_SETTINGS),
        bind(&["X"], Intent::Delete, s::HELP_DELETE),
        bind(&["t"], Intent::TestAction, s::HELP_TEST),
        bind(&["<Esc>", "h", "<Left>"], Intent::Back, s::HELP_BACK_DETAIL),
        // Line history (issue 17).
        bind(&["b"], Intent::Blame, s::blame::HELP_BLAME),
        bind(&[","], Intent::BlameParent, s::blame::HELP_BLAME_PARENT),
        bind(&["<"], Intent::BlameBack, s::blame::HELP_BLAME_BACK),
        bind(&["<Enter>"], Intent::BlameDiff, s::blame::HELP_BLAME_DIFF),
        // Finding things (issue 19).
        bind(&["/"], Intent::FindText, s::find::HELP_FIND),
        bind(&["n"], Intent::NextMatch, s::find::HELP_NEXT_MATCH_CODE),
        bind(&["N"], Intent::PrevMatch, s::find::HELP_PREV_MATCH_CODE),
        bind(&["w"], Intent::ToggleWrap, s::find::HELP_CODE_WRAP),
        bind(&["H"], Intent::ScrollLeft, s::HELP_SCROLL_LEFT),
        bind(&["L"], Intent::ScrollRight, s::HELP_SCROLL_RIGHT),
        // Reaching out (issue 19).
        bind(&["y"], Intent::Copy, s::reach::HELP_COPY),
        bind(&["Y"], Intent::CopyMenu, s::reach::HELP_COPY_MENU),
        bind(
            &["o", "O"],
            Intent::OpenDashboard,
            s::reach::HELP_OPEN_DASHBOARD
        ),
        bind(&["T"], Intent::PickPayload, s::reach::HELP_PICK_PAYLOAD),
        // Undo more than one level (issue 19).
        bind(&["z"], Intent::UndoOlder, s::HELP_UNDO_OLDER),
        bind(&["Z"], Intent::Redo, s::HELP_REDO),
    ],
};

pub const TIMELINE: KeyTable = KeyTable {
    mode: Mode::Timeline,
    title: s::HELP_SECTION_TIMELINE,
    bindings: with_moves![
        bind(&["d"], Intent::DiffPredecessor, s::HELP_DIFF),
        bind(&["D"], Intent::MarkBase, s::HELP_MARK_BASE),
        bind(&["="], Intent::DiffDraftLive, s::HELP_DIFF_DRAFT_LIVE),
        bind(&["r"], Intent::Rollback, s::HELP_ROLLBACK),
        bind(&["p"], Intent::Deploy, s::HELP_DEPLOY),
        bind(&["u"], Intent::Undo, s::HELP_UNDO),
        bind(
            &["<Esc>", "h", "<Left>"],
            Intent::Back,
            s::HELP_BACK_TIMELINE,
        ),
        // Line history (issue 17).
        bind(&["b"], Intent::Blame, s::blame::HELP_BLAME),
        bind(&["L", "/"], Intent::Pickaxe, s::blame::HELP_PICKAXE),
        // Logs (issue 18).
        bind(
            &["f"],
            Intent::VersionFailures,
            s::logs::HELP_VERSION_FAILURES
        ),
        // Reaching out (issue 19).
        bind(&["y"], Intent::Copy, s::reach::HELP_COPY),
        bind(&["Y"], Intent::CopyMenu, s::reach::HELP_COPY_MENU),
        bind(
            &["o", "O"],
            Intent::OpenDashboard,
            s::reach::HELP_OPEN_DASHBOARD
        ),
        // Undo more than one level (issue 19).
        bind(&["z"], Intent::UndoOlder, s::HELP_UNDO_OLDER),
        bind(&["Z"], Intent::Redo, s::HELP_REDO),
    ],
};

pub const DIFF: KeyTable = KeyTable {
    mode: Mode::Diff,
    title: s::HELP_SECTION_DIFF,
    // Most used first: the key bar shows the first that fit.
    bindings: with_moves![
        bind(&["]"], Intent::NextChange, s::HELP_NEXT_HUNK),
        bind(&["["], Intent::PrevChange, s::HELP_PREV_HUNK),
        // "d then r" (issue 18): back to what the version on the right replaced.
        bind(&["r"], Intent::Rollback, s::HELP_ROLLBACK_FROM_DIFF),
        bind(&["/"], Intent::FindText, s::find::HELP_FIND),
        bind(&["n"], Intent::NextMatch, s::find::HELP_NEXT_MATCH),
        bind(&["N"], Intent::PrevMatch, s::find::HELP_PREV_MATCH),
        bind(&["s"], Intent::ToggleUnified, s::HELP_UNIFIED),
        bind(&["w"], Intent::ToggleWrap, s::HELP_WRAP),
        bind(&["x"], Intent::ToggleFolds, s::HELP_FOLDS),
        bind(&["<Left>", "H"], Intent::ScrollLeft, s::HELP_SCROLL_LEFT),
        bind(&["<Right>", "L"], Intent::ScrollRight, s::HELP_SCROLL_RIGHT),
        // Finding things (issue 19): `h` no longer closes a diff (vim users scroll with it).
        bind(&["<Esc>", "q"], Intent::Back, s::find::HELP_BACK_DIFF),
        // Reaching out (issue 19).
        bind(&["y"], Intent::Copy, s::reach::HELP_COPY),
        bind(&["Y"], Intent::CopyMenu, s::reach::HELP_COPY_MENU),
    ],
};

pub const CONFIRM: KeyTable = KeyTable {
    mode: Mode::Confirm,
    title: s::HELP_SECTION_CONFIRM,
    bindings: &[
        bind(&["y"], Intent::Confirm, s::HELP_CONFIRM),
        bind(&["n", "<Esc>"], Intent::Back, s::HELP_CANCEL),
        bind(
            &["<Tab>", "<BackTab>"],
            Intent::SwitchButton,
            s::HELP_SWITCH_BUTTON,
        ),
        bind(&["<Enter>"], Intent::Pick, s::HELP_PRESS_BUTTON),
        bind(&["j", "<Down>"], Intent::Down, s::HELP_DIFF_DOWN),
        bind(&["k", "<Up>"], Intent::Up, s::HELP_DIFF_UP),
        bind(&["<PgDn>", "<C-d>"], Intent::PageDown, s::HELP_PAGE_DOWN),
        bind(&["<PgUp>", "<C-u>"], Intent::PageUp, s::HELP_PAGE_UP),
        bind(&["<Left>", "H"], Intent::ScrollLeft, s::HELP_SCROLL_LEFT),
        bind(&["<Right>", "L"], Intent::ScrollRight, s::HELP_SCROLL_RIGHT),
        bind(&["w"], Intent::ToggleWrap, s::HELP_WRAP),
        bind(&["s"], Intent::ToggleUnified, s::HELP_UNIFIED),
        bind(&["x"], Intent::ToggleFolds, s::HELP_FOLDS),
        bind(&["<C-c>"], Intent::Quit, s::HELP_QUIT),
    ],
};

pub const FLOW_TRIGGERS: KeyTable = KeyTable {
    mode: Mode::FlowTriggers,
    title: s::HELP_SECTION_FLOW_TRIGGERS,
    bindings: with_moves![
        bind(
            &["<Enter>", "l", "<Right>"],
            Intent::Open,
            s::HELP_OPEN_BINDINGS
        ),
        bind(&["/"], Intent::Filter, s::HELP_FILTER_TRIGGERS),
        bind(&["<Esc>"], Intent::Back, s::HELP_CLEAR_FILTER),
    ],
};

pub const FLOW_BINDINGS: KeyTable = KeyTable {
    mode: Mode::FlowBindings,
    title: s::HELP_SECTION_FLOW_BINDINGS,
    bindings: with_moves![
        bind(&["<Space>"], Intent::PickUp, s::HELP_PICK_UP),
        bind(&["K", "<A-Up>"], Intent::MoveUp, s::HELP_MOVE_UP),
        bind(&["J", "<A-Down>"], Intent::MoveDown, s::HELP_MOVE_DOWN),
        bind(&["a"], Intent::AddBinding, s::HELP_ADD_BINDING),
        bind(&["x"], Intent::RemoveBinding, s::HELP_REMOVE_BINDING),
        bind(&["u"], Intent::Undo, s::HELP_UNDO_FLOW),
        bind(
            &["<Esc>", "h", "<Left>"],
            Intent::Back,
            s::HELP_BACK_BINDINGS
        ),
    ],
};

pub const CONFLICT: KeyTable = KeyTable {
    mode: Mode::Conflict,
    title: s::HELP_SECTION_CONFLICT,
    bindings: &[
        bind(&["r", "<Esc>"], Intent::ReloadTheirs, s::HELP_RELOAD_THEIRS),
        bind(&["a"], Intent::ApplyMine, s::HELP_APPLY_MINE),
        bind(&["<C-c>"], Intent::Quit, s::HELP_QUIT),
    ],
};

pub const PACKAGE_LIST: KeyTable = KeyTable {
    mode: Mode::PackageList,
    title: s::HELP_SECTION_PACKAGES,
    bindings: with_moves![
        bind(&["<Enter>", "l", "<Right>"], Intent::Open, s::HELP_OPEN),
        bind(&["/"], Intent::Filter, s::HELP_FILTER),
        bind(&["f"], Intent::StatusFilter, s::HELP_STATUS_FILTER),
        bind(&["t"], Intent::TypeFilter, s::HELP_TYPE_FILTER),
        bind(&["v"], Intent::Versions, s::HELP_HISTORY),
        bind(&["s"], Intent::SetStatus, s::HELP_SET_STATUS),
        bind(&["u"], Intent::Undo, s::HELP_UNDO),
        bind(&["<Esc>"], Intent::Back, s::HELP_BACK_LIST),
        // Finding things (issue 19).
        bind(&["o"], Intent::Sort, s::find::HELP_SORT),
        // Reaching out (issue 19).
        bind(&["y"], Intent::Copy, s::reach::HELP_COPY),
        bind(&["Y"], Intent::CopyMenu, s::reach::HELP_COPY_MENU),
        bind(&["O"], Intent::OpenDashboard, s::reach::HELP_OPEN_DASHBOARD),
        // Package code (issue 19).
        bind(&["e"], Intent::EditDraft, s::package_code::HELP_EDIT_CODE),
        bind(&["n"], Intent::Create, s::package_code::HELP_CREATE_PACKAGE),
        // Undo more than one level (issue 19): this FairCom server's package changes.
        bind(&["z"], Intent::UndoOlder, s::HELP_UNDO_OLDER_PACKAGES),
        bind(&["Z"], Intent::Redo, s::HELP_REDO),
    ],
};

pub const PACKAGE_DETAIL: KeyTable = KeyTable {
    mode: Mode::PackageDetail,
    title: s::HELP_SECTION_PACKAGE_DETAIL,
    bindings: with_moves![
        bind(&["m"], Intent::ToggleMetadata, s::HELP_METADATA),
        bind(&["v"], Intent::Versions, s::HELP_HISTORY),
        bind(&["s"], Intent::SetStatus, s::HELP_SET_STATUS),
        bind(&["u"], Intent::Undo, s::HELP_UNDO),
        bind(&["<Esc>", "h", "<Left>"], Intent::Back, s::HELP_BACK_DETAIL),
        // Line history (issue 17).
        bind(&["b"], Intent::Blame, s::blame::HELP_BLAME),
        bind(&[","], Intent::BlameParent, s::blame::HELP_BLAME_PARENT),
        bind(&["<"], Intent::BlameBack, s::blame::HELP_BLAME_BACK),
        bind(&["<Enter>"], Intent::BlameDiff, s::blame::HELP_BLAME_DIFF),
        // Finding things (issue 19).
        bind(&["/"], Intent::FindText, s::find::HELP_FIND),
        bind(&["n"], Intent::NextMatch, s::find::HELP_NEXT_MATCH_CODE),
        bind(&["N"], Intent::PrevMatch, s::find::HELP_PREV_MATCH_CODE),
        bind(&["w"], Intent::ToggleWrap, s::find::HELP_CODE_WRAP),
        bind(&["H"], Intent::ScrollLeft, s::HELP_SCROLL_LEFT),
        bind(&["L"], Intent::ScrollRight, s::HELP_SCROLL_RIGHT),
        // Reaching out (issue 19).
        bind(&["y"], Intent::Copy, s::reach::HELP_COPY),
        bind(&["Y"], Intent::CopyMenu, s::reach::HELP_COPY_MENU),
        bind(
            &["o", "O"],
            Intent::OpenDashboard,
            s::reach::HELP_OPEN_DASHBOARD
        ),
        // Package code (issue 19).
        bind(&["e"], Intent::EditDraft, s::package_code::HELP_EDIT_CODE),
        // Undo more than one level (issue 19): this FairCom server's package changes.
        bind(&["z"], Intent::UndoOlder, s::HELP_UNDO_OLDER_PACKAGES),
        bind(&["Z"], Intent::Redo, s::HELP_REDO),
    ],
};

pub const PACKAGE_TIMELINE: KeyTable = KeyTable {
    mode: Mode::PackageTimeline,
    title: s::HELP_SECTION_PACKAGE_TIMELINE,
    bindings: with_moves![
        bind(&["d"], Intent::DiffPredecessor, s::HELP_DIFF),
        bind(&["D"], Intent::MarkBase, s::HELP_MARK_BASE),
        bind(&["r"], Intent::Rollback, s::HELP_REVERT),
        bind(&["s"], Intent::SetStatus, s::HELP_SET_STATUS),
        bind(&["u"], Intent::Undo, s::HELP_UNDO),
        bind(
            &["<Esc>", "h", "<Left>"],
            Intent::Back,
            s::HELP_BACK_TIMELINE,
        ),
        // Line history (issue 17).
        bind(&["b"], Intent::Blame, s::blame::HELP_BLAME),
        bind(&["L", "/"], Intent::Pickaxe, s::blame::HELP_PICKAXE),
        // Reaching out (issue 19).
        bind(&["y"], Intent::Copy, s::reach::HELP_COPY),
        bind(&["Y"], Intent::CopyMenu, s::reach::HELP_COPY_MENU),
        bind(
            &["o", "O"],
            Intent::OpenDashboard,
            s::reach::HELP_OPEN_DASHBOARD
        ),
        // Undo more than one level (issue 19): this FairCom server's package changes.
        bind(&["z"], Intent::UndoOlder, s::HELP_UNDO_OLDER_PACKAGES),
        bind(&["Z"], Intent::Redo, s::HELP_REDO),
    ],
};

pub const COMPARE: KeyTable = KeyTable {
    mode: Mode::Compare,
    title: s::compare::HELP_SECTION_COMPARE,
    bindings: with_moves![
        bind(
            &["<Enter>", "l", "<Right>"],
            Intent::Open,
            s::compare::HELP_OPEN_DIFF
        ),
        bind(&["/"], Intent::Filter, s::HELP_FILTER),
        bind(&["d"], Intent::ToggleDrafts, s::compare::HELP_TOGGLE_DRAFTS),
        bind(&["r"], Intent::Refresh, s::compare::HELP_REREAD),
        bind(&["c"], Intent::PickStages, s::compare::HELP_PICK_STAGES),
        bind(&["P"], Intent::Promote, s::promote::HELP_PROMOTE),
        bind(&["<Space>"], Intent::Mark, s::promote::HELP_MARK),
        bind(&["u"], Intent::Undo, s::promote::HELP_UNDO_PROMOTE),
        bind(&["<Esc>"], Intent::Back, s::HELP_CLEAR_FILTER),
        // Reaching out (issue 19).
        bind(&["y"], Intent::Copy, s::reach::HELP_COPY),
        bind(&["Y"], Intent::CopyMenu, s::reach::HELP_COPY_MENU),
    ],
};

pub const FILTER: KeyTable = KeyTable {
    mode: Mode::Filter,
    title: s::HELP_SECTION_FILTER,
    bindings: &[
        bind(&["<Enter>"], Intent::FilterKeep, s::HELP_FILTER_KEEP),
        bind(&["<Esc>"], Intent::FilterClear, s::HELP_FILTER_CLEAR),
        bind(&["<Backspace>"], Intent::FilterErase, s::HELP_FILTER_ERASE),
        bind(&["<C-c>"], Intent::Quit, s::HELP_QUIT),
    ],
};

pub const PICKER: KeyTable = KeyTable {
    mode: Mode::Picker,
    title: s::HELP_SECTION_PICKER,
    bindings: &[
        MOVE_KEYS[0],
        MOVE_KEYS[1],
        bind(&["<Enter>"], Intent::Pick, s::HELP_PICK),
        bind(&["<Esc>", "q"], Intent::Back, s::HELP_CANCEL),
        bind(&["<C-c>"], Intent::Quit, s::HELP_QUIT),
    ],
};

pub const SETTINGS: KeyTable = KeyTable {
    mode: Mode::Settings,
    title: s::HELP_SECTION_SETTINGS,
    bindings: with_moves![
        bind(&["d"], Intent::AddDependency, s::HELP_ADD_DEPENDENCY),
        bind(&["a"], Intent::AddSecret, s::HELP_ADD_SECRET),
        bind(&["<Enter>"], Intent::Pick, s::HELP_EDIT_ROW),
        bind(&["x"], Intent::RemoveRow, s::HELP_REMOVE_ROW),
        bind(&["w"], Intent::Save, s::HELP_SAVE_SETTINGS),
        bind(&["<Esc>"], Intent::Back, s::HELP_CANCEL),
        bind(&["<C-c>"], Intent::Quit, s::HELP_QUIT),
    ],
};

pub const PROMPT: KeyTable = KeyTable {
    mode: Mode::Prompt,
    title: s::HELP_SECTION_PROMPT,
    bindings: &[
        bind(&["<Enter>"], Intent::FilterKeep, s::HELP_PROMPT_ACCEPT),
        bind(&["<Esc>"], Intent::FilterClear, s::HELP_CANCEL),
        bind(&["<Backspace>"], Intent::FilterErase, s::HELP_FILTER_ERASE),
        bind(&["<C-c>"], Intent::Quit, s::HELP_QUIT),
    ],
};

pub const RESULT: KeyTable = KeyTable {
    mode: Mode::Result,
    title: s::HELP_SECTION_RESULT,
    bindings: with_moves![
        bind(&["t"], Intent::TestAction, s::HELP_TEST_AGAIN),
        bind(&["<Esc>", "q"], Intent::Back, s::HELP_CLOSE),
        bind(&["<C-c>"], Intent::Quit, s::HELP_QUIT),
    ],
};

pub const HELP: KeyTable = KeyTable {
    mode: Mode::Help,
    title: s::HELP_TITLE,
    bindings: with_moves![
        bind(&["<Esc>", "?"], Intent::Back, s::HELP_CLOSE),
        bind(&["q", "<C-c>"], Intent::Quit, s::HELP_QUIT),
        // Reading the screen (issue 19).
        bind(&["/"], Intent::Filter, s::keys::HELP_FILTER_HELP),
    ],
};

// Reading the screen (issue 19).
pub const MESSAGES: KeyTable = KeyTable {
    mode: Mode::Messages,
    title: s::keys::HELP_SECTION_MESSAGES,
    bindings: with_moves![
        bind(
            &["<Esc>", "q", "M"],
            Intent::Back,
            s::keys::HELP_CLOSE_MESSAGES
        ),
        bind(&["<C-c>"], Intent::Quit, s::HELP_QUIT),
    ],
};

// Search (issue 17).
pub const SEARCH: KeyTable = KeyTable {
    mode: Mode::Search,
    title: s::search::HELP_SECTION_SEARCH,
    bindings: with_moves![
        bind(
            &["<Enter>", "l", "<Right>"],
            Intent::Open,
            s::search::HELP_OPEN_HIT
        ),
        bind(&["d"], Intent::DiffPredecessor, s::search::HELP_DIFF_HIT),
        bind(&["S", "/"], Intent::Search, s::search::HELP_SEARCH_AGAIN),
        bind(&[":"], Intent::Command, s::HELP_COMMAND),
        bind(&["<Esc>", "h"], Intent::Back, s::search::HELP_CLOSE_SEARCH),
        bind(&["q", "<C-c>"], Intent::Quit, s::HELP_QUIT),
        // Reaching out (issue 19).
        bind(&["y"], Intent::Copy, s::reach::HELP_COPY),
        bind(&["Y"], Intent::CopyMenu, s::reach::HELP_COPY_MENU),
    ],
};

// Logs (issue 18).
pub const LOGS: KeyTable = KeyTable {
    mode: Mode::Logs,
    title: s::logs::HELP_SECTION_LOGS,
    bindings: with_moves![
        bind(&["<Space>"], Intent::PauseTail, s::logs::HELP_PAUSE),
        bind(&["t"], Intent::TypeFilter, s::logs::HELP_CYCLE_TYPE),
        bind(&["a"], Intent::PickLogAction, s::logs::HELP_PICK_ACTION),
        bind(&["/"], Intent::Filter, s::logs::HELP_FILTER_TEXT),
        bind(&["<Enter>"], Intent::Open, s::logs::HELP_OPEN_EVENT),
        bind(&["<Esc>"], Intent::Back, s::logs::HELP_BACK_LOGS),
    ],
};

/// Tables shown in the help overlay and the README, in reading order.
pub const DOCUMENTED: [&KeyTable; 20] = [
    &GLOBAL,
    &LIST,
    &DETAIL,
    &TIMELINE,
    &DIFF,
    &CONFIRM,
    &FLOW_TRIGGERS,
    &FLOW_BINDINGS,
    &CONFLICT,
    &PACKAGE_LIST,
    &PACKAGE_DETAIL,
    &PACKAGE_TIMELINE,
    &COMPARE,
    &SETTINGS,
    &PROMPT,
    &RESULT,
    &FILTER,
    &PICKER,
    &SEARCH,
    &LOGS,
];

/// What a key does in `mode`, as the help says it (`None`: the mode has no such key).
pub fn help_of(mode: Mode, intent: Intent) -> Option<&'static str> {
    let find = |t: &KeyTable| {
        t.bindings
            .iter()
            .find(|b| b.intent == intent)
            .map(|b| b.help)
    };
    find(table(mode)).or_else(|| find(&GLOBAL))
}

pub fn table(mode: Mode) -> &'static KeyTable {
    match mode {
        Mode::Global => &GLOBAL,
        Mode::List => &LIST,
        Mode::Detail => &DETAIL,
        Mode::Filter => &FILTER,
        Mode::Picker => &PICKER,
        Mode::Help => &HELP,
        Mode::Timeline => &TIMELINE,
        Mode::Diff => &DIFF,
        Mode::Confirm => &CONFIRM,
        Mode::FlowTriggers => &FLOW_TRIGGERS,
        Mode::FlowBindings => &FLOW_BINDINGS,
        Mode::Conflict => &CONFLICT,
        Mode::PackageList => &PACKAGE_LIST,
        Mode::PackageDetail => &PACKAGE_DETAIL,
        Mode::PackageTimeline => &PACKAGE_TIMELINE,
        Mode::Prompt => &PROMPT,
        Mode::Settings => &SETTINGS,
        Mode::Result => &RESULT,
        Mode::Compare => &COMPARE,
        Mode::Search => &SEARCH,
        Mode::Logs => &LOGS,
        Mode::Messages => &MESSAGES,
    }
}

/// The intent of `key` in `mode` (List and Detail fall back to the global table).
pub fn lookup(mode: Mode, key: &KeyEvent) -> Option<Intent> {
    Keymap::default().lookup(mode, key)
}

/// True when `mode` falls back to the global table for keys it does not bind itself.
pub fn uses_global(mode: Mode) -> bool {
    matches!(
        mode,
        Mode::List
            | Mode::Detail
            | Mode::Timeline
            | Mode::Diff
            | Mode::FlowTriggers
            | Mode::FlowBindings
            | Mode::PackageList
            | Mode::PackageDetail
            | Mode::PackageTimeline
            | Mode::Compare
            | Mode::Logs
    )
}

pub(crate) fn spec_matches(spec: &str, key: &KeyEvent) -> bool {
    let Some(want) = parse_key(spec) else {
        return false;
    };
    if want.code != key.code {
        return false;
    }
    // Shift is part of the character itself ('G', '?'); only Ctrl/Alt must agree.
    let relevant = KeyModifiers::CONTROL | KeyModifiers::ALT;
    want.modifiers & relevant == key.modifiers & relevant
}

/// Parses one key spec (`j`, `<Enter>`, `<C-c>`).
pub fn parse_key(spec: &str) -> Option<KeyEvent> {
    let mut chars = spec.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(key_event(KeyCode::Char(c), KeyModifiers::NONE));
    }
    let inner = spec.strip_prefix('<')?.strip_suffix('>')?;
    for (prefix, modifier) in [("C-", KeyModifiers::CONTROL), ("A-", KeyModifiers::ALT)] {
        if let Some(rest) = inner.strip_prefix(prefix) {
            let mut key = parse_key(rest).or_else(|| parse_key(&format!("<{rest}>")))?;
            key.modifiers |= modifier;
            return Some(key);
        }
    }
    let code = match inner {
        "Enter" | "CR" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "BackTab" => KeyCode::BackTab,
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        "PgUp" => KeyCode::PageUp,
        "PgDn" => KeyCode::PageDown,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "Backspace" | "BS" => KeyCode::Backspace,
        "Space" => KeyCode::Char(' '),
        "lt" => KeyCode::Char('<'),
        _ => return None,
    };
    Some(key_event(code, KeyModifiers::NONE))
}

/// Parses a sequence like `"/post<Enter>"`: named keys in angle brackets, other characters one by one.
pub fn parse_keys(seq: &str) -> Vec<KeyEvent> {
    let mut keys = vec![];
    let mut rest = seq;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            if let Some(end) = rest.find('>') {
                if let Some(key) = parse_key(&rest[..=end]) {
                    keys.push(key);
                    rest = &rest[end + 1..];
                    continue;
                }
            }
        }
        keys.push(key_event(KeyCode::Char(c), KeyModifiers::NONE));
        rest = &rest[c.len_utf8()..];
    }
    keys
}

fn key_event(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    let mut key = KeyEvent::new(code, modifiers);
    key.kind = KeyEventKind::Press;
    key
}

/// How a key spec is shown to people: `<C-c>` → `Ctrl-c`, `<PgDn>` → `PgDn`.
pub fn display_key(spec: &str) -> String {
    match spec.strip_prefix('<').and_then(|s| s.strip_suffix('>')) {
        Some(inner) => match (inner.strip_prefix("C-"), inner.strip_prefix("A-")) {
            (Some(rest), _) => format!("Ctrl-{rest}"),
            (_, Some(rest)) => format!("Alt-{rest}"),
            _ => inner.to_string(),
        },
        None => spec.to_string(),
    }
}

/// The keys of one binding joined for display (`j / Down`).
pub fn display_keys(binding: &KeyBinding) -> String {
    join_keys(binding.keys)
}

/// Key specs joined for display (`j / Down`).
pub fn join_keys(keys: &[impl AsRef<str>]) -> String {
    keys.iter()
        .map(|k| display_key(k.as_ref()))
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The whole keymap as a Markdown table, for the README.
pub fn markdown() -> String {
    let mut out = String::from(s::KEYMAP_MD_HEADER);
    for table in DOCUMENTED {
        for binding in table.bindings {
            let keys = binding
                .keys
                .iter()
                .map(|k| format!("`{}`", display_key(k).replace('|', "\\|")))
                .collect::<Vec<_>>()
                .join(" ");
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                table.title, keys, binding.help
            ));
        }
    }
    out
}

pub mod available;
pub mod bar;
mod user;
pub use user::Keymap;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spec_in_every_table_parses() {
        for table in DOCUMENTED.iter().chain([&&HELP]) {
            for binding in table.bindings {
                for spec in binding.keys {
                    assert!(parse_key(spec).is_some(), "{spec} in {}", table.title);
                }
            }
        }
    }

    #[test]
    fn list_falls_back_to_global_but_filter_does_not() {
        let q = parse_key("q").unwrap();
        assert_eq!(lookup(Mode::List, &q), Some(Intent::Quit));
        assert_eq!(lookup(Mode::Filter, &q), None, "q is typed into the filter");
        let ctrl_c = parse_key("<C-c>").unwrap();
        assert_eq!(lookup(Mode::Filter, &ctrl_c), Some(Intent::Quit));
    }

    #[test]
    fn shifted_characters_match_without_caring_about_shift() {
        let shifted_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(lookup(Mode::Detail, &shifted_g), Some(Intent::Bottom));
    }

    #[test]
    fn sequences_mix_named_keys_and_characters() {
        let keys = parse_keys("/po<Enter>");
        let codes: Vec<_> = keys.iter().map(|k| k.code).collect();
        assert_eq!(
            codes,
            vec![
                KeyCode::Char('/'),
                KeyCode::Char('p'),
                KeyCode::Char('o'),
                KeyCode::Enter
            ]
        );
    }

    #[test]
    fn markdown_lists_every_binding() {
        let md = markdown();
        let rows = DOCUMENTED.iter().map(|t| t.bindings.len()).sum::<usize>();
        assert_eq!(md.lines().count(), rows + 2);
        assert!(md.contains("| Everywhere | `q` `Ctrl-c` | quit |"), "{md}");
    }
}
