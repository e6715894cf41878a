//! A headless dashboard: the same `update`, `execute` and `render` as the terminal runtime, driven by
//! tests, the screenshot command and benchmarks.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::Arc;

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;
use tokio::sync::mpsc;

use crate::app::keymap::parse_keys;
use crate::app::msg::{Cmd, Msg};
use crate::app::state::State;
use crate::app::update::{init, update};
use crate::app::RunOptions;
use crate::backend::Backend;
use crate::model::WaitEvent;
use crate::shell::runtime::execute;
use crate::shell::stages::Stages;
use crate::store::SharedStore;
use crate::theme::Theme;
use crate::ui::RenderCache;

pub struct Driver {
    pub state: State,
    pub theme: Theme,
    backend: Arc<dyn Backend>,
    /// The Compare view's connections.
    stages: Stages,
    store: Option<SharedStore>,
    pending: VecDeque<Cmd>,
    /// The waits the backend reports, as the runtime hears them.
    waits: mpsc::UnboundedReceiver<WaitEvent>,
    said: mpsc::UnboundedSender<WaitEvent>,
    /// Highlighted code, kept between renders as the runtime keeps it between frames (in a cell:
    /// drawing reads the dashboard, it does not change it).
    cache: RefCell<RenderCache>,
}

impl Driver {
    /// A dashboard with its initial loads queued (run them with [`Driver::settle`]).
    pub fn new(backend: Arc<dyn Backend>, theme: Theme, opts: RunOptions) -> Self {
        let mut state = State::new(backend.connection(), super::with_session(opts));
        let pending = init(&mut state).into();
        let (said, waits) = mpsc::unbounded_channel();
        backend.report_waits(reporter(&said));
        Self {
            state,
            theme,
            backend,
            stages: Stages::default(),
            store: None,
            pending,
            waits,
            said,
            cache: RefCell::new(RenderCache::new()),
        }
    }

    /// The Compare view reads its two sides through these connections (their waits are heard as
    /// the dashboard's own).
    #[must_use]
    pub fn with_stages(mut self, mut stages: Stages) -> Self {
        stages.report_waits(reporter(&self.said));
        self.stages = stages;
        self
    }

    /// The local history store the dashboard reads and fills.
    #[must_use]
    pub fn with_store(mut self, store: SharedStore) -> Self {
        self.store = Some(store);
        // The warm start: the stored lists are read before any request goes out.
        self.pending.push_front(Cmd::ReadStoredLists);
        self
    }

    pub fn send(&mut self, msg: Msg) {
        let cmds = update(&mut self.state, msg);
        for cmd in cmds {
            match cmd {
                // Computed at once (the runtime does it on a blocking thread, a moment later): what
                // a key asked for is there before the next key.
                Cmd::Diff {
                    generation,
                    request,
                } => self.send(Msg::DiffReady {
                    generation,
                    diff: Ok(Box::new(request.compute())),
                }),
                // Line history: computed at once too, as the diff.
                Cmd::Blame {
                    generation,
                    request,
                } => self.send(Msg::Blamed {
                    generation,
                    result: request.compute().map(Box::new),
                }),
                Cmd::Pickaxe {
                    generation,
                    request,
                } => self.send(Msg::PickaxeFound {
                    generation,
                    result: request.compute(),
                }),
                cmd => self.pending.push_back(cmd),
            }
        }
    }

    /// Types keys: named keys in angle brackets (`<Enter>`, `<Esc>`, `<Tab>`, `<C-c>`), other characters
    /// one by one (`"post"` is four key presses).
    pub fn press(&mut self, keys: &str) {
        for key in parse_keys(keys) {
            self.send(Msg::Key(key));
        }
    }

    /// Commands waiting to run.
    pub fn pending(&self) -> &VecDeque<Cmd> {
        &self.pending
    }

    /// Runs queued commands against the backend, feeding results back, until nothing is pending.
    pub async fn settle(&mut self) {
        while self.step().await {}
    }

    /// Runs the oldest queued command and feeds its result back; false when nothing was queued.
    pub async fn step(&mut self) -> bool {
        self.step_watching(|_| {}).await
    }

    /// As [`Driver::step`], and while the command runs, every wait the backend reports goes to
    /// `update` as the runtime sends it; `look` sees the dashboard after each, and after the answer.
    pub async fn step_watching(&mut self, mut look: impl FnMut(&mut Self)) -> bool {
        let Some(cmd) = self.pending.pop_front() else {
            return false;
        };
        let backend = Arc::clone(&self.backend);
        let journal = self.state.opts.journal.clone();
        let stages = self.stages.clone();
        let store = self.store.clone();
        let work = async move {
            let store = store.as_ref();
            execute(cmd, backend.as_ref(), journal.as_ref(), &stages, store).await
        };
        tokio::pin!(work);
        let answer = loop {
            tokio::select! {
                biased;
                Some(event) = self.waits.recv() => {
                    self.send(Msg::Waited(event));
                    look(self);
                }
                answer = &mut work => break answer,
            }
        };
        // A wait ends before its answer is returned.
        while let Ok(event) = self.waits.try_recv() {
            self.send(Msg::Waited(event));
        }
        if let Some(msg) = answer {
            self.send(msg);
        }
        look(self);
        true
    }

    /// Draws the current state into a buffer of the given size (the state learns the size first).
    pub fn render(&self, width: u16, height: u16) -> Buffer {
        // Like the runtime's ticks: draw until highlighting of the visible code is complete.
        loop {
            let (buffer, colour_pending) = self.render_frame(width, height);
            if !colour_pending {
                return buffer;
            }
        }
    }

    /// Draws one frame, as the runtime draws once per turn of its loop: colour past the frame's
    /// budget comes in later frames. Returns the frame and whether colour is still to come.
    pub fn render_frame(&self, width: u16, height: u16) -> (Buffer, bool) {
        let mut state = self.state.clone();
        state.width = width;
        state.height = height;
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
        let cache = &mut *self.cache.borrow_mut();
        terminal
            .draw(|frame| crate::ui::render(&state, &self.theme, frame, cache))
            .expect("drawing into memory");
        (
            terminal.backend().buffer().clone(),
            cache.has_pending_work(),
        )
    }

    /// Sets the size `update` uses for page sizes and scroll bounds.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.send(Msg::Resize(width, height));
    }
}

/// Waits said into the driver's channel.
fn reporter(said: &mpsc::UnboundedSender<WaitEvent>) -> crate::backend::waits::WaitReporter {
    let said = said.clone();
    Arc::new(move |event| {
        let _ = said.send(event);
    })
}
