//! The interactive dashboard: state, messages, pure `update`, keymap, the terminal runtime and a
//! headless driver for tests, screenshots and benchmarks.

pub mod authoring;
pub mod changes;
pub mod driver;
pub mod editor;
pub mod flows_view;
mod journaling;
pub mod keymap;
pub mod msg;
pub mod packages;
pub mod refresh;
pub mod runtime;
pub mod state;
pub mod timeline;
pub mod update;
pub mod versions;
pub mod waiting;

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
