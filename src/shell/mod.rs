//! Everything that does I/O for the dashboard: the terminal runtime (event loop, signals, `Cmd`
//! execution against the backend and the journal), the editor hand-over and the headless driver that
//! tests, screenshots and benchmarks use. The state, `update` and the keymap stay pure in `crate::app`.

pub mod driver;
pub mod editor;
pub mod logs;
mod promote;
// Reaching out (issue 19): OSC 52 and the browser.
pub mod reach;
pub mod runtime;
pub mod search;
pub mod stages;
pub mod stored;

use std::sync::Arc;

use crate::app::RunOptions;
use crate::backend::Backend;
use crate::store::SharedStore;
use crate::theme::Theme;

pub use driver::Driver;
pub use stages::{StageConnection, Stages};

/// Runs the dashboard in the terminal until the user quits; `stages` are the Compare view's
/// connections; `store` is the local history store, when it could be opened.
pub async fn run(
    backend: Arc<dyn Backend>,
    stages: Stages,
    store: Option<SharedStore>,
    theme: Theme,
    opts: RunOptions,
) -> anyhow::Result<()> {
    runtime::run(backend, stages, store, theme, opts).await
}

/// Gives the run its session id (needs the clock and the process id: not in `update`).
fn with_session(mut opts: RunOptions) -> RunOptions {
    if opts.session.is_empty() {
        opts.session = crate::journal::new_change_id(chrono::Utc::now());
    }
    opts
}
