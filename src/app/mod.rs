//! The interactive dashboard, pure: state, messages, `update`, keymap. The terminal runtime, the editor
//! hand-over and the headless driver (everything that does I/O) are in `crate::shell`.

// The common layer: every feature may use these (and lower modules), nothing else in `app`.
pub mod common;
pub mod diffing;
pub mod help;
pub mod journaling;
pub mod keymap;
pub mod layout;
pub mod loading;
pub mod msg;
pub mod pipeline;
pub mod state;
pub mod timeline;
pub mod waiting;

// The features: each imports the common layer only, never another feature.
pub mod authoring;
pub mod blame;
pub mod browse;
pub mod changes;
pub mod compare;
pub mod find;
pub mod flows_view;
pub mod logs;
pub mod packages;
// Reaching out (issue 19).
pub mod reach;
pub mod refresh;
pub mod search;
pub mod versions;
pub mod warm;

// The dispatcher: turns each `Msg` into a feature's call (it may use every feature).
pub mod mouse;
pub mod update;

pub use msg::{Cmd, Msg};
pub use state::State;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunOptions {
    /// Show the DEMO badge and the how-to-connect hint.
    pub demo_hint: bool,
    /// Where changes are recorded (and drafts saved); without one, changes that need it are refused.
    pub journal: Option<crate::journal::Journal>,
    /// The editor command line; `None`: `$VISUAL`, `$EDITOR`, else `vi`.
    pub editor: Option<Vec<String>>,
    /// Seconds between automatic refreshes of the open view; 0: never (`refresh_seconds` in
    /// config.toml).
    pub refresh_seconds: u32,
    /// Unique to this run (time and process); the dashboard's change ids in the journal start with
    /// it. Filled in by the runtime when empty.
    pub session: String,
    /// The stages the Compare view offers (profiles, or the demo's two) and the pair it opens on.
    pub stages: state::StageChoices,
    /// `--offline`: no network; the lists come from the history store and every change key says
    /// it needs a connection.
    pub offline: bool,
    /// Why the history store could not be opened, in words (said once at start; the dashboard
    /// works live without it).
    pub store_problem: Option<String>,
    /// The keys of this run: the tables with the user's `[keys]` overrides (issue 19).
    pub keymap: keymap::Keymap,
    /// The profile's `faircom_owner` (issue 19): `n` in Packages offers it as the new package's
    /// owner. `None`: the selected package's owner, else the server's default.
    pub faircom_owner: Option<String>,
}
