//! A headless dashboard: the same `update`, `execute` and `render` as the terminal runtime, driven by
//! tests, the screenshot command and benchmarks.

use std::collections::VecDeque;
use std::sync::Arc;

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;

use crate::app::keymap::parse_keys;
use crate::app::msg::{Cmd, Msg};
use crate::app::runtime::execute;
use crate::app::state::State;
use crate::app::update::{init, update};
use crate::app::RunOptions;
use crate::backend::Backend;
use crate::theme::Theme;

pub struct Driver {
    pub state: State,
    pub theme: Theme,
    backend: Arc<dyn Backend>,
    pending: VecDeque<Cmd>,
}

impl Driver {
    /// A dashboard with its initial loads queued (run them with [`Driver::settle`]).
    pub fn new(backend: Arc<dyn Backend>, theme: Theme, opts: RunOptions) -> Self {
        let mut state = State::new(backend.connection(), opts.with_session());
        let pending = init(&mut state).into();
        Self {
            state,
            theme,
            backend,
            pending,
        }
    }

    pub fn send(&mut self, msg: Msg) {
        let cmds = update(&mut self.state, msg);
        self.pending.extend(cmds);
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
        let Some(cmd) = self.pending.pop_front() else {
            return false;
        };
        let journal = self.state.opts.journal.clone();
        if let Some(msg) = execute(cmd, self.backend.as_ref(), journal.as_ref()).await {
            self.send(msg);
        }
        true
    }

    /// Draws the current state into a buffer of the given size (the state learns the size first).
    pub fn render(&self, width: u16, height: u16) -> Buffer {
        let mut state = self.state.clone();
        state.width = width;
        state.height = height;
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
        // Like the runtime's ticks: draw until highlighting of the visible code is complete.
        loop {
            terminal
                .draw(|frame| crate::ui::render(&state, &self.theme, frame))
                .expect("drawing into memory");
            if !crate::highlight::has_pending_work() {
                break;
            }
        }
        terminal.backend().buffer().clone()
    }

    /// Sets the size `update` uses for page sizes and scroll bounds.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.send(Msg::Resize(width, height));
    }
}
