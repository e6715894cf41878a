//! The interactive dashboard: state, messages, pure `update`, keymap, the terminal runtime and a
//! headless driver for tests, screenshots and benchmarks.

// The common layer: every feature may use these (and lower modules), nothing else in `app`.
pub mod common;
pub mod diffing;
pub mod journaling;
pub mod keymap;
pub mod loading;
pub mod msg;
pub mod pipeline;
pub mod state;
pub mod timeline;
pub mod waiting;

// The features: each imports the common layer only, never another feature.
pub mod authoring;
pub mod browse;
pub mod changes;
pub mod flows_view;
pub mod packages;
pub mod refresh;
pub mod versions;

// The dispatcher: turns each `Msg` into a feature's call (it may use every feature).
pub mod mouse;
pub mod update;

// The terminal and headless runtimes (I/O; moving to `shell`).
pub mod driver;
pub mod editor;
pub mod runtime;

use std::sync::Arc;

use crate::backend::Backend;
use crate::theme::Theme;

pub use driver::Driver;
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
}

impl RunOptions {
    /// Gives the run its session id (needs the clock and the process id: not in `update`).
    pub(crate) fn with_session(mut self) -> Self {
        if self.session.is_empty() {
            self.session = crate::journal::new_change_id(chrono::Utc::now());
        }
        self
    }
}

/// Runs the dashboard in the terminal until the user quits.
pub async fn run(backend: Arc<dyn Backend>, theme: Theme, opts: RunOptions) -> anyhow::Result<()> {
    runtime::run(backend, theme, opts).await
}
